"""Reading the project's text files (one CSV reader, one word-list reader) and naming what is wrong in them.

Both record what they read (:func:`baimo.core.paths.track`), so the build knows which inputs a
notebook used, and both raise :class:`baimo.BaimoError` naming the file when it cannot be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import BaimoError
from . import paths


def read_csv(path: Path, required: list[str] | None = None) -> pd.DataFrame:
    """A UTF-8 CSV as a frame of strings (empty cells are ``""``); raise naming the file if it is
    missing, unreadable or lacks a ``required`` column."""
    path = paths.track(Path(path))
    if not path.exists():
        raise BaimoError(f"{paths.rel(path)}: file not found")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as e:
        raise BaimoError(f"{paths.rel(path)}: not valid UTF-8 (byte {e.start}): save the file as UTF-8") from e
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise BaimoError(f"{paths.rel(path)}: not a readable CSV: {e}") from e
    missing = [c for c in (required or []) if c not in df.columns]
    if missing:
        raise BaimoError(f"{paths.rel(path)}: missing column(s) {', '.join(missing)}")
    return df


def read_wordlist(path: Path) -> list[str]:
    """One entry per line; ``#`` starts a comment; blank lines ignored."""
    path = paths.track(Path(path))
    if not path.exists():
        raise BaimoError(f"{paths.rel(path)}: file not found")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # CSV line number, header = 1; None for file-level problems
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class ValidationError(BaimoError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


