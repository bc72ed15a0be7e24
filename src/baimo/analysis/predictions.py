"""What happened next (``data/claims/predictions.csv`` scored against ``data/reference/outcomes.csv``):
analyses behind notebook 05.

Every value comes from the predictions, outcomes, claims or public-record tables; this module only
counts, selects and parses. The rules it applies:

* **hit rate among resolvable forecasts** — ``came_true / (came_true + partly + did_not)``; forecasts
  that are ``too_early`` or ``unresolvable`` are left out of numerator and denominator. A second rate
  counts ``partly`` as half a hit. Neither is defined for a group with no resolvable forecast (NaN);
* **timeline** — a forecast runs from ``said_date`` to ``resolved_date`` (came true / partly / did not),
  or to the as-of date if it is ``too_early``; an ``unresolvable`` forecast has no end;
* **measured gaps** are read from the outcome rows' text by tested parsers (:func:`parse_months`,
  :func:`parse_percent_gaps`, :func:`size_mentions`), never typed; months become years by ÷ 12.
"""

from __future__ import annotations

import math
import re
from datetime import datetime

import pandas as pd

from ..core import codebook
from ..data import record
from ..data.predictions import split_ids

VERDICTS = codebook.VERDICT.values
RESOLVABLE = ("came_true", "partly", "did_not")
MONTHS_PER_YEAR = 12


# --------------------------------------------------------------------------- scorecard


def verdict_counts(df: pd.DataFrame) -> pd.Series:
    """Number of forecasts per verdict, in the codebook's order (zeros included)."""
    return df.verdict.value_counts().reindex(VERDICTS, fill_value=0).astype(int)


def hit_rate(counts) -> float:
    """``came_true / (came_true + partly + did_not)``; NaN when nothing is resolvable."""
    n = sum(int(counts.get(v, 0)) for v in RESOLVABLE)
    return counts.get("came_true", 0) / n if n else math.nan


def hit_rate_half(counts) -> float:
    """As :func:`hit_rate`, with ``partly`` counted as half a hit."""
    n = sum(int(counts.get(v, 0)) for v in RESOLVABLE)
    return (counts.get("came_true", 0) + 0.5 * counts.get("partly", 0)) / n if n else math.nan


def scorecard(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """Counts per verdict for each value of ``by`` (a column: ``speaker``, ``thread``, ``article_id``).

    Columns: one per verdict (codebook order), ``total``, ``resolvable``, ``hit_rate`` and
    ``hit_rate_half``. Rows: most forecasts first, ties by more came-true, then by name.
    """
    t = pd.crosstab(df[by], df.verdict).reindex(columns=VERDICTS, fill_value=0).astype(int)
    t["total"] = t[VERDICTS].sum(axis=1)
    t["resolvable"] = t[list(RESOLVABLE)].sum(axis=1)
    t["hit_rate"] = [hit_rate(r) for _, r in t.iterrows()]
    t["hit_rate_half"] = [hit_rate_half(r) for _, r in t.iterrows()]
    t = t.reset_index().sort_values(["total", "came_true", by], ascending=[False, False, True], kind="stable")
    return t.set_index(by)


def by_dating(df: pd.DataFrame) -> pd.DataFrame:
    """Verdict counts for forecasts with a due date and those without (``dated`` True/False), with the
    share of the resolvable ones that did not come true (``miss_rate``)."""
    t = pd.crosstab(df.due.fillna("").ne(""), df.verdict).reindex(index=[True, False], columns=VERDICTS,
                                                                   fill_value=0).astype(int)
    t.index.name = "dated"
    res = t[list(RESOLVABLE)].sum(axis=1)
    t["resolvable"] = res
    t["miss_rate"] = (t.did_not / res).where(res > 0)
    return t


def most(counts: pd.Series) -> list:
    """The index values with the largest count (all of them when several tie), in the series' order;
    empty when every count is zero."""
    top = counts.max() if len(counts) else 0
    return [k for k, v in counts.items() if v == top] if top > 0 else []


# --------------------------------------------------------------------------- timeline


def timeline(df: pd.DataFrame, as_of) -> pd.DataFrame:
    """One row per forecast: ``said_date``, ``end_date`` and ``end_kind`` (``resolved`` at its
    ``resolved_date``; ``open`` at ``as_of`` for too-early ones; ``none`` for unresolvable ones),
    ``due_date``, ``months`` from said to end, and ``before_said`` where the deciding outcome
    predates the forecast. Ordered by article date, then end date."""
    as_of = pd.Timestamp(as_of)
    out = df[["prediction_id", "article_id", "speaker", "thread", "verdict", "said_date", "due_date",
              "resolved_date"]].copy()
    resolved = out.verdict.isin(RESOLVABLE)
    out["end_kind"] = ["resolved" if r else ("open" if v == "too_early" else "none")
                       for r, v in zip(resolved, out.verdict)]
    out["end_date"] = out.resolved_date.where(resolved)
    out.loc[out.end_kind == "open", "end_date"] = as_of
    out["end_date"] = pd.to_datetime(out.end_date)
    out["months"] = [record.months_between(s, e) for s, e in zip(out.said_date, out.end_date)]
    out["before_said"] = out.end_date < out.said_date
    return out.sort_values(["said_date", "article_id", "end_date"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- forecasts behind claims


def forecasts_on(df: pd.DataFrame, claim_ids) -> pd.DataFrame:
    """For each claim id, the forecasts whose ``rests_on`` names it: ``claim_id``, ``prediction_ids``
    (list, table order), ``verdict`` of the first (missing where no forecast rests on the claim)."""
    rows = []
    for c in claim_ids:
        hits = [(p, v) for p, r, v in zip(df.prediction_id, df.rests_on, df.verdict) if c in split_ids(r)]
        rows.append({"claim_id": c, "prediction_ids": [p for p, _ in hits], "verdict": hits[0][1] if hits else None})
    return pd.DataFrame(rows, columns=["claim_id", "prediction_ids", "verdict"])


def forecast_frame(df: pd.DataFrame, ids=None) -> pd.DataFrame:
    """Forecasts as shown under a chart, quote and gloss first: ``quote``, ``statement_en``, ``speaker``
    (bilingual), ``said_on``, ``verdict`` (label), ``outcome_ids``, ``reasoning``, ``prediction_id``;
    the rows ``ids`` in the order given (all rows if None)."""
    from ..data import corpus

    t = df if ids is None else df.set_index("prediction_id").loc[list(ids)].reset_index()
    return pd.DataFrame({"quote": t.quote, "statement_en": t.statement_en,
                         "speaker": t.speaker.map(corpus.speaker_label),
                         "said_on": t.said_on, "verdict": t.verdict.map(codebook.VERDICT.label),
                         "outcome_ids": t.outcome_ids, "reasoning": t.reasoning,
                         "prediction_id": t.prediction_id}).reset_index(drop=True)


# --------------------------------------------------------------------------- parsers for outcome text

_NUMBER = r"(\d+(?:\.\d+)?)"


def parse_months(text: str) -> dict[str, float]:
    """A lag in months from an outcome's text: ``point`` (the first "about N months" or "N months"),
    and ``lo``/``hi`` from "(A to B months)" or "A–B months" if given (else NaN).

    ``"trailed by about 7 months on average (4 to 14 months)"`` → point 7, lo 4, hi 14.
    """
    point = re.search(_NUMBER + r" months?\b", text)
    rng = re.search(_NUMBER + r"\s*(?:to|–|-)\s*" + _NUMBER + r" months?\b", text)
    if point is None:
        raise ValueError(f"no number of months in {text[:80]!r}")
    if rng is not None and rng.start() <= point.start() < rng.end():  # "4 to 14 months" is not a point
        later = re.search(_NUMBER + r" months?\b", text[rng.end():])
        point = None if later is None else later
        pv = math.nan if point is None else float(point.group(1))
    else:
        pv = float(point.group(1))
    return {"point": pv, "lo": float(rng.group(1)) if rng else math.nan, "hi": float(rng.group(2)) if rng else math.nan}


def months_to_years(months: float) -> float:
    """Months ÷ 12."""
    return months / MONTHS_PER_YEAR


_MONTH_YEAR = r"((?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})"


def parse_percent_gaps(text: str) -> list[tuple[pd.Timestamp, float]]:
    """``(month, percent)`` pairs for "N% ahead ... in <Month YYYY>" and "in <Month YYYY> ... N% ahead".

    ``"9.3% ahead of the best Chinese model in January 2024 and 1.7% ahead in February 2025"`` →
    [(2024-01-01, 9.3), (2025-02-01, 1.7)]; each percent pairs with the month in its own clause.
    """
    out = []
    for clause in re.split(r";| and (?=\S+% )| and that ", text):
        pct = re.search(_NUMBER + r"% ahead", clause)
        month = re.search(r"\bin " + _MONTH_YEAR, clause)
        if pct and month:
            out.append((pd.Timestamp(datetime.strptime(month.group(1), "%B %Y")), float(pct.group(1))))
    return sorted(out)


_SCALE = {"B": 1e9, "T": 1e12}
#: "671B total parameters (37B active", "355B total and 32B active", "1T total, ~27B active"
_TOTAL_ACTIVE = re.compile(r"(?P<total>\d+(?:\.\d+)?)(?P<tu>[BT]) total(?: parameters)?(?: and |, | \()"
                           r"(?:about |~)?(?P<active>\d+(?:\.\d+)?)B active")
#: "235B-A22B" (total, then active)
_TOTAL_A = re.compile(r"(?<![\w.])(?:[A-Z]+-)?(?P<total>\d+(?:\.\d+)?)(?P<tu>[BT])-A(?P<active>\d+(?:\.\d+)?)B\b")
#: "more than 1T parameters"
_MORE_THAN = re.compile(r"more than (?P<total>\d+(?:\.\d+)?)(?P<tu>[BT]) parameters")


def size_mentions(text: str) -> list[dict]:
    """Every parameter count in an outcome's text: ``total`` and ``active`` (parameters; active NaN
    when not given), ``qualifier`` (``more_than`` for "more than 1T parameters", else ``exact``), and
    ``name``: the words before the parenthesis the mention sits in (``"Tencent Hunyuan-Large (389B
    total, 52B active, Nov 2024)"`` → ``Tencent Hunyuan-Large``), or None outside one. One mention per
    name (all unnamed mentions count as one name): the largest total."""
    found = []
    for rx, qual in ((_TOTAL_ACTIVE, "exact"), (_TOTAL_A, "exact"), (_MORE_THAN, "more_than")):
        for m in rx.finditer(text):
            active = m.groupdict().get("active")
            found.append({"start": m.start(), "total": float(m["total"]) * _SCALE[m["tu"]],
                          "active": float(active) * 1e9 if active else math.nan, "qualifier": qual,
                          "name": _name_before(text, m.start())})
    found.sort(key=lambda d: d["start"])
    best: dict[object, dict] = {}
    for d in found:  # mentions outside a named parenthesis share one key (None)
        if d["name"] not in best or d["total"] > best[d["name"]]["total"]:
            best[d["name"]] = d
    return [{k: v for k, v in d.items() if k != "start"} for d in sorted(best.values(), key=lambda d: d["start"])]


def _name_before(text: str, pos: int) -> str | None:
    """The words before the open parenthesis enclosing ``pos``, back to the previous ; or :."""
    open_ = text.rfind("(", 0, pos)
    if open_ < 0 or text.rfind(")", 0, pos) > open_:
        return None
    start = max(text.rfind(";", 0, open_), text.rfind(":", 0, open_)) + 1
    return text[start:open_].strip() or None


#: "Llama 3.1-405B", "Yi-34B": a model name ending in its size
_NAMED_SIZE = re.compile(r"(?P<name>[A-Z][A-Za-z]*(?: \d+(?:\.\d+)?)?-(?P<total>\d+(?:\.\d+)?)(?P<tu>[BT]))\b")


def named_sizes(text: str) -> list[dict]:
    """Model names that end in their size (``Llama 3.1-405B`` → 405B), with ``name`` and ``total``."""
    return [{"name": m["name"], "total": float(m["total"]) * _SCALE[m["tu"]]} for m in _NAMED_SIZE.finditer(text)]


_DENSE = re.compile(r"dense models? from \d+(?:\.\d+)?[BT] to (?P<total>\d+(?:\.\d+)?)(?P<tu>[BT])")


def dense_max(text: str) -> float:
    """The largest size in "dense models from 0.6B to 32B" (→ 32e9), or NaN if the text has none."""
    m = _DENSE.search(text)
    return float(m["total"]) * _SCALE[m["tu"]] if m else math.nan


def outcome_number(value: str) -> dict[str, float | str]:
    """An outcome's ``value`` cell as ``value``/``lo``/``hi``/``qualifier``: ``"4000000-5000000"`` is a
    range (value NaN), a plain number is exact, an empty or non-numeric cell is NaN."""
    text = str(value).strip()
    m = re.fullmatch(_NUMBER + r"\s*-\s*" + _NUMBER, text)
    if m:
        return {"value": math.nan, "lo": float(m.group(1)), "hi": float(m.group(2)), "qualifier": "range"}
    try:
        x = float(text)
    except ValueError:
        x = math.nan
    return {"value": x, "lo": math.nan, "hi": math.nan, "qualifier": "exact"}


# --------------------------------------------------------------------------- measured gaps


def measured_lag(outcomes: pd.DataFrame, ids) -> pd.DataFrame:
    """The lag in months (and years) each outcome row states: ``outcome_id``, ``subject``, ``as_of_date``,
    ``months``/``lo_months``/``hi_months`` parsed from ``fact`` (:func:`parse_months`), and the same ÷ 12
    as ``point``/``lo``/``hi`` in years."""
    by = outcomes.set_index("outcome_id")
    rows = []
    for o in ids:
        r = by.loc[o]
        m = parse_months(r.fact)
        rows.append({"outcome_id": o, "subject": r.subject, "as_of_date": r.as_of_date, "months": m["point"],
                     "lo_months": m["lo"], "hi_months": m["hi"], "point": months_to_years(m["point"]),
                     "lo": months_to_years(m["lo"]), "hi": months_to_years(m["hi"])})
    return pd.DataFrame(rows)


def arena_gap(outcomes: pd.DataFrame, ids) -> pd.DataFrame:
    """The US lead over China's best model in percent, by month: ``outcome_id``, ``date``, ``percent``
    (parsed from ``fact`` with :func:`parse_percent_gaps`), in date order."""
    by = outcomes.set_index("outcome_id")
    rows = [{"outcome_id": o, "date": d, "percent": p} for o in ids for d, p in parse_percent_gaps(by.loc[o, "fact"])]
    return pd.DataFrame(rows, columns=["outcome_id", "date", "percent"]).sort_values("date").reset_index(drop=True)


def model_sizes(outcomes: pd.DataFrame, ids) -> pd.DataFrame:
    """One row per model size found in the outcome rows ``ids`` (:func:`size_mentions`): ``outcome_id``,
    ``name`` (the mention's own name, else the row's subject without its parenthesis), ``total``,
    ``active``, ``qualifier``, ``as_of``; largest first."""
    by = outcomes.set_index("outcome_id")
    rows = []
    for o in ids:
        r = by.loc[o]
        for d in size_mentions(r.fact):
            name = d["name"] or re.sub(r"\s*\(.*\)$", "", r.subject)
            rows.append({"outcome_id": o, **d, "name": name, "as_of": r.as_of})
    return pd.DataFrame(rows).sort_values("total", ascending=False, kind="stable").reset_index(drop=True)


def against_range(est: pd.DataFrame, low: float, high: float) -> pd.Series:
    """Where each estimate lies against a measured range [``low``, ``high``] (same unit): ``below`` (its
    top is under ``low``), ``above`` (its bottom is over ``high``) or ``overlaps``. An estimate is its
    ``lo``–``hi`` interval where given, else its ``point``; one value per row, on the rows' index."""
    bottom, top = est.lo.fillna(est.point), est.hi.fillna(est.point)
    where = ["below" if t < low else ("above" if b > high else "overlaps") for b, t in zip(bottom, top)]
    return pd.Series(where, index=est.index, dtype=object)


# --------------------------------------------------------------------------- events


def acted(events: pd.DataFrame, direction: str) -> list[str]:
    """The ``region`` values of ``events`` (``date``, ``region``, ``direction``) moving in ``direction``,
    each once, in the order of their first such event."""
    hits = events[events.direction == direction].sort_values("date", kind="stable")
    return list(dict.fromkeys(hits.region))


def reversed_after(events: pd.DataFrame, first: str = "tighter", then: str = "looser") -> list[str]:
    """The regions with a ``then`` event dated after their first ``first`` event (a government that
    tightened and later loosened), in the order of the reversal."""
    start = events[events.direction == first].groupby("region").date.min()
    later = events[(events.direction == then) & events.region.isin(start.index)].sort_values("date", kind="stable")
    return list(dict.fromkeys(r for r, d in zip(later.region, later.date) if d > start[r]))


# --------------------------------------------------------------------------- numbers from several tables


def points(ids, claims: pd.DataFrame | None = None, facts: pd.DataFrame | None = None,
           outcomes: pd.DataFrame | None = None, spans: pd.DataFrame | None = None) -> pd.DataFrame:
    """One number per id, whichever table it is in, in one shape: ``id``, ``table``, ``subject``,
    ``date``, ``value``, ``lo``, ``hi``, ``qualifier``, ``modality``, ``text`` (the wording).

    * a claim (``claims``: a claims table) keeps its coded value, range and qualifier; its date is the
      start of its article's date span (``spans``, :func:`baimo.data.corpus.date_spans`);
    * a public-record fact (``facts``, with ``fact_id``) is read with :func:`baimo.data.record.record_number`
      (``190+`` is a lower bound) and dated by its ``as_of``;
    * an outcome (``outcomes``) is read with :func:`outcome_number` and dated by ``as_of_date``.
    """
    start = {} if spans is None else dict(zip(spans.article_id, spans.start))
    c = claims.set_index("claim_id") if claims is not None else pd.DataFrame()
    f = facts.set_index("fact_id") if facts is not None else pd.DataFrame()
    o = outcomes.set_index("outcome_id") if outcomes is not None else pd.DataFrame()
    rows = []
    for i in ids:
        if i in c.index:
            r = c.loc[i]
            rows.append({"id": i, "table": "claims", "subject": r.subject, "date": start.get(r.article_id, pd.NaT),
                         "value": r.value, "lo": r.low, "hi": r.high, "qualifier": r.qualifier,
                         "modality": r.modality, "text": r.original})
        elif i in f.index:
            r = f.loc[i]
            rows.append({"id": i, "table": "public_record", "subject": r.subject, "date": record.parse_date(r.as_of),
                         "value": record.record_number(r.value), "lo": math.nan, "hi": math.nan,
                         "qualifier": "more_than" if re.match(r"\s*[\d,.]+\+", str(r.value)) else "exact",
                         "modality": "stated", "text": r.value})
        elif i in o.index:
            r = o.loc[i]
            rows.append({"id": i, "table": "outcomes", "subject": r.subject, "date": r.as_of_date,
                         **outcome_number(r.value), "modality": "stated", "text": f"{r.value} {r.unit}".strip()})
        else:
            raise KeyError(f"points: {i!r} is in none of the tables given")
    return pd.DataFrame(rows)
