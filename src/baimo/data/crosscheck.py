"""Rules between tables that no single table's schema can state (``baimo check`` and every build run
them, once the tables themselves read and validate, so one broken file is not reported again here):

* **forecast dates** (``data/claims/predictions.csv``): a forecast is resolved on or after the day it
  was said (unless its note says the words were said before publication, and then at most a year
  before), never after the date the verdicts are made (:data:`baimo.data.predictions.AS_OF`); a verdict
  that scores it (came true, partly, did not) says when; ``too_early`` only while it is not yet due;
* **outcomes** (``data/reference/outcomes.csv``): every number in ``value`` finite (an ``inf`` would be
  drawn as "infT"), a ``date`` value a real date, ``as_of`` a real date (optionally followed by a
  remark) and not after the scoring date;
* **adjudication** (``data/reliability/adjudication.csv``): every decision is about a claim or link the
  tables have (or a row it dropped), at most one decision per claim × field in a round, and the value
  in force (the latest round's) is what the table says now.

Each problem names file, row (header = 1), column and what is wrong. The columns read are only those a
rule needs, so a table that gains a column keeps its checks.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from ..core import paths, schema
from ..core.files import Problem
from .reliability import differ

#: ``as_of`` in outcomes: a date at some precision, then an optional remark (``2026-06 (approx.)``).
_AS_OF = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:\s+\S.*)?")
#: Numbers as written in a free ``value`` cell, including the non-finite spellings float() accepts.
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:inf(?:inity)?|nan|\d+(?:\.\d+)?(?:e[-+]?\d+)?)(?![\w.])", re.IGNORECASE)
#: A note that explains why a forecast was resolved before its ``said_on`` (the publication date).
_SAID_EARLIER = re.compile(r"said before publication", re.IGNORECASE)
SCORED = ("came_true", "partly", "did_not")


def _end(date: pd.Timestamp, text: str) -> pd.Timestamp:
    """The last day a date written at ``text``'s precision (year, month or day) can mean."""
    return (date + pd.DateOffset(years=1, days=-1) if len(text) == 4
            else date + pd.DateOffset(months=1, days=-1) if len(text) == 7 else date)


def forecast_problems(preds: pd.DataFrame, as_of: str) -> list[Problem]:
    """Said ≤ resolved ≤ as-of; a scoring verdict dated; ``too_early`` only while not yet due."""
    out, name, scored_on = [], paths.rel(paths.CLAIMS / "predictions.csv"), schema.parse_date(as_of)
    for i, r in enumerate(preds.itertuples(index=False), start=2):
        said, resolved, due = (schema.parse_date(x) if x else None for x in (r.said_on, r.resolved_on, r.due))
        if r.verdict in SCORED and not r.resolved_on:
            out.append(Problem(name, i, "resolved_on", f"verdict {r.verdict!r} needs the date it was resolved"))
        if resolved is not None and said is not None and _end(resolved, r.resolved_on) < said:
            earlier = _SAID_EARLIER.search(r.note) and resolved >= said - pd.DateOffset(years=1)
            if not earlier:
                out.append(Problem(name, i, "resolved_on", f"{r.resolved_on!r} is before the forecast was said "
                                   f"({r.said_on}); if the words were said before publication, the note says so "
                                   "('said before publication')"))
        if resolved is not None and resolved > scored_on:
            out.append(Problem(name, i, "resolved_on", f"{r.resolved_on!r} is after the date the verdicts are made "
                                                       f"({as_of}, predictions.AS_OF)"))
        if r.verdict == "too_early" and due is not None and _end(due, r.due) < scored_on:
            out.append(Problem(name, i, "verdict", f"'too_early', but the forecast was due {r.due} and the verdicts "
                                                   f"are made on {as_of}: score it (came_true, partly, did_not) or "
                                                   "say why it cannot be (unresolvable)"))
    return out


def outcome_problems(df: pd.DataFrame, as_of: str) -> list[Problem]:
    """Finite numbers in ``value``, a real date where the unit is a date, ``as_of`` a real date not after
    the scoring date."""
    out, name, scored_on = [], paths.rel(paths.REFERENCE / "outcomes.csv"), schema.parse_date(as_of)
    for i, r in enumerate(df.itertuples(index=False), start=2):
        bad = [t for t in _NUMBER.findall(r.value) if not math.isfinite(float(t))]
        if bad:
            what = "" if bad[0] == r.value.strip() else f" ({bad[0]!r})"
            out.append(Problem(name, i, "value", f"{r.value!r}: not a finite number{what}"))
        if "date" in r.unit.split() and r.value and schema.parse_date(r.value) is None:
            out.append(Problem(name, i, "value", f"{r.value!r}: the unit is a date, and this is not a valid date "
                                                 "(YYYY, YYYY-MM or YYYY-MM-DD)"))
        m = _AS_OF.fullmatch(r.as_of.strip())
        when = schema.parse_date(m.group(1)) if m else None
        if when is None:
            out.append(Problem(name, i, "as_of", f"{r.as_of!r}: not a date (YYYY, YYYY-MM or YYYY-MM-DD, optionally "
                                                 "followed by a remark: '2026-06 (approx.)')"))
        elif when > scored_on:
            out.append(Problem(name, i, "as_of", f"{r.as_of!r} is after the date the forecasts are scored ({as_of})"))
    return out


def adjudication_problems(adj: pd.DataFrame, tables: dict[str, pd.DataFrame], links: pd.DataFrame,
                          coded: set[str]) -> list[Problem]:
    """Decisions about units that exist, one per claim × field in a round, and the value in force equal to
    the table's (``tables``: the claims tables by thread; ``links``: ``links.csv``; ``coded``: the units
    of the codings, which a dropped row may no longer be in the tables as)."""
    from . import reliability

    out, name = [], paths.rel(reliability.ADJUDICATION)
    rows = {t: df.set_index("claim_id") for t, df in tables.items()}
    status = {f"{c}|{f}": s for c, f, s in zip(links.claim_id, links.fact_id, links.status)}
    adj = adj.assign(at_row=range(2, len(adj) + 2), in_round=adj["round"] if "round" in adj else "1")
    seen: dict[tuple, int] = {}
    twice = set()
    for r in adj.itertuples(index=False):
        key = (r.in_round, r.claim_id, r.field)
        if key in seen:
            out.append(Problem(name, r.at_row, "field", f"a second decision on {r.claim_id} {r.field} (also row "
                                                      f"{seen[key]}): one decision per claim and field"))
            twice.add(key[1:])
        seen.setdefault(key, r.at_row)
    adj = adj[[(c, f) not in twice for c, f in zip(adj.claim_id, adj.field)]]  # reported once, just above
    in_force = reliability.latest_decisions(adj)
    dropped = set(in_force.claim_id[in_force.final == "DROP"])
    for r in in_force.sort_values("at_row").itertuples(index=False):
        if r.final != "DROP" and r.claim_id.split("|")[0] in dropped:
            continue  # a decision on a row (or a link of a row) another decision dropped
        table = reliability.table_of(r.claim_id) if r.claim_id[:1] in "CLPF" else None
        present = r.claim_id in status if table == "links" else table in rows and r.claim_id in rows[table].index
        if r.final == "DROP" or r.field == "row":
            if present and r.final == "DROP":
                out.append(Problem(name, r.at_row, "final", f"DROP, but {r.claim_id} is still in {table}.csv"))
            elif not present and r.claim_id not in coded:
                out.append(Problem(name, r.at_row, "claim_id", f"unknown claim or link {r.claim_id!r}"))
            continue
        if not present:
            out.append(Problem(name, r.at_row, "claim_id", f"unknown claim or link {r.claim_id!r}"))
            continue
        now = status[r.claim_id] if table == "links" else rows[table].loc[r.claim_id].get(r.field)
        if now is not None and differ(r.final, now):
            where = "links.csv" if table == "links" else f"{table}.csv"
            out.append(Problem(name, r.at_row, "final", f"{r.final!r}, but {where} has {now!r} for {r.claim_id} "
                                                      f"{r.field}: the table says what the decision in force decided"))
    return out
