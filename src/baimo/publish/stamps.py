"""Stamps: what each build step read, as SHA-256 digests in ``.build/state.json``, so a step whose
inputs are unchanged is skipped and a no-change rebuild reads a few dozen small files and exits."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..core import paths

STATE = paths.BUILD_STATE / "state.json"


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError):
        return None


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
    tmp = STATE.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    tmp.replace(STATE)


def package_files() -> list[Path]:
    pkg = Path(__file__).parents[1]
    return sorted(p for p in pkg.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def data_inputs() -> list[Path]:
    """Everything the checks read: the data folder (cleaned texts included: they are checked
    against what the code regenerates) and the notebooks' sources (their front matter)."""
    derived = paths.PROCESSED / "claim_ids.csv"  # written by the build, not read by the checks
    return sorted([p for p in paths.DATA.rglob("*") if p.is_file() and p != derived]
                  + list(paths.NOTEBOOKS.glob("*.md")))
