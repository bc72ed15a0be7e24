"""Stamps: what each build step read, as SHA-256 digests in ``.build/state.json``, so a step whose
inputs are unchanged is skipped.

* A step's stamp lists **every** file it depends on, so a file added or removed changes it as surely as
  an edit does (:func:`same`); a notebook's stamp also lists the folders it read from, so a file added
  beside one it read (a new cleaned text, say) makes it run again.
* The inputs are hashed **before** the build reads them (:func:`snapshot`), so a file edited while a
  build runs leaves a stamp that no longer matches, and the next build runs again.
* A file whose size, modification and change times and inode are as when it was last hashed is not read
  again (``.build/digests.json``), so a no-change rebuild reads almost nothing and exits.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ...core import paths

STATE = paths.BUILD_STATE / "state.json"
DIGESTS = paths.BUILD_STATE / "digests.json"
_known: dict | None = None  # path → [size, mtime_ns, ctime_ns, inode, sha256]


def _load_known() -> dict:
    global _known
    if _known is None:
        try:
            _known = json.loads(DIGESTS.read_text(encoding="utf-8"))
            _known = _known if isinstance(_known, dict) else {}
        except (OSError, ValueError):  # a cache: unreadable means empty
            _known = {}
    return _known


def digest(path: Path) -> str | None:
    """SHA-256 of a file's bytes (None if it is not there)."""
    known = _load_known()
    key = str(path)
    try:
        st = os.stat(path)
        seen = known.get(key)
        sig = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        if seen and seen[:4] == sig:
            return seen[4]
        sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    known[key] = [*sig, sha]
    return sha


def listing(folder: Path) -> str:
    """A digest of the names of the files in ``folder`` (not their contents)."""
    names = sorted(p.name for p in Path(folder).iterdir() if p.is_file()) if Path(folder).is_dir() else []
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def key(path: Path) -> str:
    return paths.rel(path)


def stamp(files, snap: dict | None = None) -> dict[str, str | None]:
    """``{file: digest}`` for ``files``, taken from ``snap`` (a :func:`snapshot`) where it has them."""
    snap = snap or {}
    out = {}
    for f in sorted(set(Path(f) for f in files)):
        k = key(f)
        out[k] = snap[k] if k in snap else digest(f)
    return out


def folders_stamp(files) -> dict[str, str]:
    """``{"folder:<rel>": listing}`` for the folders ``files`` are in."""
    return {f"folder:{key(d)}": listing(d) for d in sorted({Path(f).parent for f in files})}


def current(k: str) -> str | None:
    """What a stamp entry (a file, or ``folder:<rel>``) is now."""
    if k.startswith("folder:"):
        return listing(paths.ROOT / k[len("folder:"):])
    return digest(paths.ROOT / k if not os.path.isabs(k) else Path(k))


def up_to_date(recorded: dict | None) -> bool:
    """Every file (and folder listing) ``recorded`` is as it was."""
    return bool(recorded) and all(current(k) == v for k, v in recorded.items())


def same(recorded: dict | None, files) -> bool:
    """``recorded`` is the stamp of exactly ``files`` as they are now (none added, removed or edited)."""
    return bool(recorded) and recorded == stamp(files)


def snapshot() -> dict[str, str | None]:
    """The digests of every input file (data, notebook sources, docs, the package), taken before the
    build reads any of them."""
    return stamp(data_inputs() + package_files() + docs_inputs())


def load_state() -> tuple[dict, str | None]:
    """The last build's state, and a note if it could not be read (then everything is rebuilt)."""
    try:
        state = json.loads(STATE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError) as e:
        return {}, f"{paths.rel(STATE)} could not be read ({getattr(e, 'strerror', None) or e}); rebuilding everything"
    return (state, None) if isinstance(state, dict) else ({}, f"{paths.rel(STATE)} is not a build state; rebuilding everything")


def save_state(state: dict) -> None:
    """Write the state (raises OSError); the digest cache is written first and may fail silently."""
    STATE.parent.mkdir(parents=True, exist_ok=True)
    for target, data, required in ((DIGESTS, _known or {}, False), (STATE, state, True)):
        tmp = target.with_suffix(".tmp")
        try:
            tmp.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
            tmp.replace(target)
        except OSError:
            tmp.unlink(missing_ok=True)
            if required:
                raise


def package_files() -> list[Path]:
    pkg = Path(__file__).parents[2]
    return sorted(p for p in pkg.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def data_inputs() -> list[Path]:
    """Everything the checks read: every file under ``data/`` (cleaned texts included: they are checked
    against what the code regenerates) and the notebooks' sources (their front matter); not the
    documents the build derives from them (:mod:`.derived`)."""
    from .derived import PATHS

    derived = set(PATHS)
    return sorted(p for p in [*paths.DATA.rglob("*"), *paths.NOTEBOOKS.glob("*.md")] if p.is_file() and p not in derived)


def docs_inputs() -> list[Path]:
    """The hand-written documents under ``docs/`` (the lesson plans): the site's inputs."""
    from .derived import PATHS

    docs = paths.DOCS
    return sorted(p for p in docs.rglob("*") if p.is_file() and p not in set(PATHS)) if docs.is_dir() else []
