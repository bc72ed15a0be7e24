"""Table schemas: what each column of a hand-made table may hold, and the checks that say so.

A :class:`Field` names a column, its kind (text, a codebook vocabulary, a number, a date, an id
pattern), whether it may be empty, and whether its values must be unique. :func:`read_table` reads a
CSV strictly (UTF-8, every row with as many fields as the header) and :func:`check_fields` checks a
frame against its fields; both return :class:`~baimo.core.files.Problem` s naming file, row (CSV
record, header = row 1), column and what is wrong. The data package (``datapackage.json``) is
generated from the same fields, so the documentation cannot drift from the checks.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from . import codebook
from .files import Problem, read_table  # noqa: F401  (read_table: the one CSV reader, re-exported)


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = "text"  # text | vocab | number | date | id
    required: bool = True  # a value in every row
    vocab: str | tuple[str, ...] | None = None  # a codebook vocabulary, or the allowed values
    pattern: str | None = None  # a regular expression every value must match
    unique: bool = False
    minimum: float | None = 0.0  # numbers: the smallest allowed value (None: any)

    @property
    def values(self) -> list[str]:
        if self.vocab is None:
            return []
        return list(self.vocab) if isinstance(self.vocab, tuple) else codebook.VOCAB[self.vocab]




def number(text: str) -> float | None:
    """A cell as a finite number, ``None`` if empty; raises ``ValueError`` naming what is wrong."""
    if text.strip() == "":
        return None
    try:
        x = float(text)
    except ValueError:
        raise ValueError("not a number") from None
    if not math.isfinite(x):
        raise ValueError("not a finite number")
    return x


def check_fields(df: pd.DataFrame, fields: list[Field], name: str) -> list[Problem]:
    """Every value of every field: present if required, in its vocabulary, a finite number, a date,
    matching its pattern, unique where it must be."""
    out: list[Problem] = []
    for f in fields:
        if f.name not in df.columns:
            continue
        seen: dict[str, int] = {}
        for i, value in enumerate(df[f.name], start=2):
            if value.strip() == "":
                if f.required:
                    out.append(Problem(name, i, f.name, "required but empty"))
                continue
            message = _check_value(f, value)
            if message:
                out.append(Problem(name, i, f.name, message))
            if f.unique:
                if value in seen:
                    out.append(Problem(name, i, f.name, f"{value!r}: duplicate (also row {seen[value]})"))
                seen.setdefault(value, i)
    return out


def _check_value(f: Field, value: str) -> str | None:
    if f.kind == "vocab" and value not in f.values:
        return f"{value!r}: not in the controlled vocabulary"
    if f.kind == "number":
        try:
            x = number(value)
        except ValueError as e:
            return f"{value!r}: {e}"
        if f.minimum is not None and x < f.minimum:
            return f"{x!r}: must not be negative" if f.minimum == 0 else f"{x!r}: below {f.minimum:g}"
    if f.kind == "date" and parse_date(value) is None:
        return f"{value!r}: not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)"
    if f.pattern and not re.fullmatch(f.pattern, value):
        return f"{value!r}: does not match the required pattern"
    return None


def parse_date(text: str) -> pd.Timestamp | None:
    """``2024-05-27``, ``2024-05`` (the first of the month) or ``2025`` (the first of the year) as a
    Timestamp, else None."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return None
    try:
        return pd.Timestamp(datetime.strptime(text + {4: "-01-01", 7: "-01"}.get(len(text), ""), "%Y-%m-%d"))
    except ValueError:
        return None


def numbers(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``df`` with ``columns`` as floats (empty cells NaN; call after :func:`check_fields`)."""
    out = df.copy()
    for c in columns:
        if c in out:
            out[c] = pd.to_numeric(out[c].replace("", None), errors="coerce").astype(float)
    return out
