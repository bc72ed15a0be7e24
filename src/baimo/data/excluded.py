"""Numbers left out on purpose: ``data/claims/excluded.csv``.

Every number and every China–US comparison the candidate finder (:mod:`baimo.text.candidates`) lists
in an article must be coded in a claims table or excluded here, by one row: ``article_id``, a
``passage`` copied verbatim from the cleaned text that contains the candidate(s) it excludes, a
``reason`` from the ``exclusion_reason`` vocabulary (:mod:`baimo.core.codebook`; the rules are in
``data/CODEBOOK.md``, "Numbers left out on purpose") and a ``note`` saying what the number is.

This module reads the table and checks its fields; whether each passage is verbatim, names one place
and covers a candidate is checked by :func:`baimo.text.candidates.problems`, which needs the finder.
"""

from __future__ import annotations

import pandas as pd

from ..core import paths, schema
from ..core.files import Problem
from ..core.schema import Field
from . import corpus

PATH = paths.CLAIMS / "excluded.csv"
FIELDS = [Field("article_id"), Field("passage"), Field("reason", "vocab", vocab="exclusion_reason"),
          Field("note")]
COLUMNS = [f.name for f in FIELDS]


def read(path=None) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The table (strings) and the problems of its fields: required cells, known reasons and articles."""
    path = path or PATH
    df, out = schema.read_table(path, COLUMNS)
    if df is None:
        return None, out
    name = paths.rel(path)
    out += schema.check_fields(df, FIELDS, name)
    known = set(corpus.articles().article_id)
    for i, a in enumerate(df.article_id, start=2):
        if a and a not in known:
            out.append(Problem(name, i, "article_id", f"unknown article {a!r} (not in data/articles.csv)"))
    return df, out
