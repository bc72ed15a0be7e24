"""Stamps: what each build step read, as SHA-256 digests in ``.build/state.json``, so a step whose
inputs are unchanged is skipped. A file whose size and modification time (in nanoseconds) are as when
it was last hashed is not read again (``.build/digests.json``), so a no-change rebuild reads almost
nothing and exits."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ...core import paths

STATE = paths.BUILD_STATE / "state.json"


DIGESTS = paths.BUILD_STATE / "digests.json"
_known: dict | None = None  # path → [size, mtime_ns, sha256]: a file unchanged since it was hashed is not read again


def digest(path: Path) -> str | None:
    global _known
    if _known is None:
        try:
            _known = json.loads(DIGESTS.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            _known = {}
    key = str(path)
    try:
        st = os.stat(path)
        seen = _known.get(key)
        if seen and seen[0] == st.st_size and seen[1] == st.st_mtime_ns:
            return seen[2]
        sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    _known[key] = [st.st_size, st.st_mtime_ns, sha]
    return sha


def _key(path: Path) -> str:
    return paths.rel(path)


def stamp(files) -> dict[str, str | None]:
    return {_key(f): digest(f) for f in sorted(set(Path(f) for f in files))}


def up_to_date(recorded: dict | None) -> bool:
    if not recorded:
        return False
    return all(digest(paths.ROOT / k if not os.path.isabs(k) else Path(k)) == v for k, v in recorded.items())


def load_state() -> dict:
    try:
        return json.loads(STATE.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def save_state(state: dict) -> None:
    STATE.parent.mkdir(parents=True, exist_ok=True)
    for target, data in ((STATE, state), (DIGESTS, _known or {})):
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
        tmp.replace(target)


def package_files() -> list[Path]:
    pkg = Path(__file__).parents[1]
    return sorted(p for p in pkg.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def data_inputs() -> list[Path]:
    """Everything the checks read: the data folder (cleaned texts included: they are checked
    against what the code regenerates) and the notebooks' sources (their front matter); not the
    documents the build derives from them (:mod:`.derived`)."""
    from .derived import PATHS

    derived = set(PATHS)
    return sorted(p for p in [*paths.DATA.rglob("*"), *paths.NOTEBOOKS.glob("*.md")] if p.is_file() and p not in derived)
