"""Reading the project's text files (one CSV reader, :func:`read_table`; one word-list reader) and naming
what is wrong in them.

Both record what they read (:func:`baimo.core.paths.track`), so the build knows which inputs a
notebook used, and both raise :class:`baimo.BaimoError` naming the file when it cannot be read.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import BaimoError
from . import paths

if TYPE_CHECKING:  # pandas is imported where a table is read: a no-change build never needs it
    import pandas as pd


def read_csv(path: Path, required: list[str] | None = None) -> pd.DataFrame:
    """A UTF-8 CSV as a frame of strings (empty cells are ``""``), read by :func:`read_table` (the one
    CSV reader: strict about encoding, ragged rows and missing columns); raise naming every problem."""
    df, problems = read_table(Path(path), list(required or []))
    if problems:
        raise ValidationError(problems)
    return df


def read_table(path: Path, columns: list[str]) -> tuple[pd.DataFrame | None, list[Problem]]:
    """A CSV of strings, read strictly: valid UTF-8, no ragged rows, every column present.

    Returns ``(frame, [])`` or ``(None, problems)``; nothing is silently dropped (pandas would drop
    the extra fields of a long row and fill a short one with empty cells).
    """
    path = Path(path)
    name = paths.rel(path)
    if not path.exists():
        return None, [Problem(name, None, None, "file not found")]
    paths.track(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return None, [Problem(name, line, None, f"not valid UTF-8 (byte {e.start}); save the file as UTF-8")]
    try:
        records = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    except csv.Error as e:
        return None, [Problem(name, None, None, f"not a readable CSV: {e}")]
    records = [r for r in records if r]  # blank lines
    if not records:
        return None, [Problem(name, None, None, "empty file (no header)")]
    header, rows = records[0], records[1:]
    problems = [Problem(name, 1, c, "missing column") for c in columns if c not in header]
    for n, r in enumerate(rows, start=2):
        if len(r) != len(header):
            problems.append(Problem(name, n, None, f"{len(r)} fields, the header has {len(header)} "
                                                  "(a missing or extra comma, or an unquoted comma in a text)"))
    if problems:
        return None, problems
    import pandas as pd

    return pd.DataFrame(rows, columns=header, dtype=str), []


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


