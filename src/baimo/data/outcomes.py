"""What happened next (``data/reference/outcomes.csv``): sourced facts about 2024–2026 against which
the articles' forecasts are scored.

The table starts from the shared reference table (a byte copy is kept in
``data/raw/reference/outcomes.csv``) and adds outcomes looked up for forecasts it did not cover. Every
row cites its publisher in ``source`` (publisher, title, date, and the URL on the publisher's own site, or
"URL not found"), never a copy; ``read_at`` names the page(s) whose text was actually read when that was
not the publisher's own (a syndication, mirror or third party's copy; empty when the publisher's page
was read). ``check`` says how far the row was checked here (confirmed at the primary source, i.e. the
publisher's own text; confirmed in secondary copies only; partly; contradicted; not located) and
``project_check`` what was looked up and what it says, in the project's words. ``relates_to`` lists the
claims and forecasts a fact bears on. :func:`source_problems` refuses a source that cites a copy.
"""

from __future__ import annotations

import pandas as pd

from ..core import paths, schema, sources
from ..core.files import Problem, ValidationError
from ..core.schema import Field

PATH = paths.REFERENCE / "outcomes.csv"
FIELDS = [
    Field("outcome_id", "id", pattern=r"O\d{2,3}", unique=True), Field("subject"), Field("fact"),
    Field("value", required=False), Field("unit", required=False), Field("as_of"), Field("source"),
    Field("source_kind", "vocab", vocab="source_kind"),
    Field("confidence", "vocab", vocab="confidence"), Field("relates_to", required=False),
    Field("note", required=False), Field("check", "vocab", vocab="check"), Field("read_at", required=False),
    Field("project_check"),
]
COLUMNS = [f.name for f in FIELDS]


def problems(known_ids: set[str] | None = None) -> list[Problem]:
    df, out = schema.read_table(PATH, COLUMNS)
    if df is None:
        return out
    out += schema.check_fields(df, FIELDS, paths.rel(PATH))
    if known_ids is None:  # sources cite publishers, never a copy (the second call, with the ids, skips this)
        out += source_problems()
    else:
        for i, r in enumerate(df.itertuples(), start=2):
            for x in [s.strip() for s in r.relates_to.split(";") if s.strip()]:
                if x not in known_ids:
                    out.append(Problem(paths.rel(PATH), i, "relates_to", f"unknown claim or forecast {x!r}"))
    return out


def source_problems() -> list[Problem]:
    """Sources that cite a copy, in this table or the public record (:func:`baimo.core.sources.copy_problems`);
    a table that cannot be read has reported itself elsewhere."""
    from . import record

    tables = {}
    for path, columns in ((PATH, COLUMNS), (record.PUBLIC_RECORD, record.REFERENCE_COLUMNS)):
        df, _ = schema.read_table(path, columns)
        if df is None:
            return []
        tables[paths.rel(path)] = df
    return sources.copy_problems(tables)


def load() -> pd.DataFrame:
    df, probs = schema.read_table(PATH, COLUMNS)
    probs += [] if df is None else schema.check_fields(df, FIELDS, paths.rel(PATH))
    if probs:
        raise ValidationError(probs)
    df["as_of_date"] = [_first_date(a) for a in df.as_of]
    return df


def _first_date(text: str):
    """The first ISO date or month in a free-text ``as_of`` (``2026-06 (approx.)`` → 2026-06-01)."""
    import re

    m = re.search(r"\d{4}-\d{2}(-\d{2})?", text)
    return schema.parse_date(m.group(0)) if m else (schema.parse_date(text[:4] + "-01") if re.match(r"\d{4}", text) else pd.NaT)
