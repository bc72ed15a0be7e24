"""The public record (``data/reference/public_record.csv``) and the claims checked against it
(``data/reference/links.csv``).

* :func:`public_record` and :func:`links` read the two tables; :func:`check_links` validates the links.
  Like the outcomes, each fact cites its publisher in ``source`` and lists in ``read_at`` the pages whose
  text was read when they were not the publisher's own (a syndication, mirror or third party's copy).
* :func:`record_number` reads a number out of the record's free-text ``value`` column;
  :func:`record_comparison` joins claims to their links and facts and computes claim ÷ record
  where the two count the same kind of thing (:func:`units_match`).
* :func:`parse_date` and :func:`months_between` read the record's ``as_of`` dates.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from .. import BaimoError
from ..core import codebook, paths, schema
from ..core.schema import Field
from ..core.files import Problem, read_csv
from ..core.numbers import fmt_en, quantity, units_match, value_text  # noqa: F401  (units_match: re-exported)

PUBLIC_RECORD = paths.REFERENCE / "public_record.csv"
LINKS = paths.REFERENCE / "links.csv"
REFERENCE_COLUMNS = ["fact_id", "subject", "quantity", "value", "unit", "as_of", "source", "source_kind",
                     "note", "check", "read_at", "project_check"]
LINK_COLUMNS = ["claim_id", "fact_id", "status", "explanation"]
FIELDS = [Field("fact_id", "id", pattern=r"F\d{2,3}", unique=True), Field("subject"), Field("quantity"),
          Field("value"), Field("unit", required=False), Field("as_of", required=False),
          Field("source", required=False),
          Field("source_kind", "vocab", required=False, vocab="source_kind"),
          Field("note", required=False), Field("check", "vocab", vocab="check"), Field("read_at", required=False),
          Field("project_check")]


def record_problems() -> list[Problem]:
    """The public record's own fields (ids, a check level and the project's check on every row)."""
    df, out = schema.read_table(PUBLIC_RECORD, REFERENCE_COLUMNS)
    return out if df is None else schema.check_fields(df, FIELDS, paths.rel(PUBLIC_RECORD))


def public_record() -> pd.DataFrame:
    return read_csv(PUBLIC_RECORD, REFERENCE_COLUMNS)


def links() -> pd.DataFrame:
    return read_csv(LINKS, LINK_COLUMNS)


def check_links(claim_ids: set[str], root: Path | None = None,
                checked_prefixes: list[str] | None = None) -> list[Problem]:
    """Problems with ``links.csv``: unknown claims or facts, statuses outside the vocabulary,
    empty explanations, duplicate links. With ``checked_prefixes`` (the thread letters of the claims
    tables that could be read), a claim of another table is not called unknown."""
    path = (root.parent / "reference" if root else paths.REFERENCE) / "links.csv"
    name = paths.rel(path)
    if not path.exists():
        return [Problem(name, None, None, "file not found")]
    table = read_csv(path, LINK_COLUMNS)
    facts = set(public_record().fact_id)
    out = []
    for i, r in table.iterrows():
        line = i + 2
        unchecked = checked_prefixes is not None and r.claim_id.split("-")[0] not in checked_prefixes
        if r.claim_id not in claim_ids and not unchecked:
            out.append(Problem(name, line, "claim_id", f"unknown claim {r.claim_id!r}"))
        if r.fact_id not in facts:
            out.append(Problem(name, line, "fact_id", f"unknown fact {r.fact_id!r} (not in data/reference/public_record.csv)"))
        if r.status not in codebook.VOCAB["status"]:
            out.append(Problem(name, line, "status", f"{r.status!r}: not in the controlled vocabulary"))
        if not r.explanation.strip():
            out.append(Problem(name, line, "explanation", "required but empty"))
    dup = table[table.duplicated(["claim_id", "fact_id"])]
    for i in dup.index:
        out.append(Problem(name, i + 2, "fact_id", "duplicate link"))
    return out


_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "quadrillion": 1e15}
_SUFFIX = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
#: A number not glued to a preceding letter or digit (so the 100 of "V100" is not a figure).
_NUM = r"(?<![A-Za-z\d.])(\d[\d,]*(?:\.\d+)?)"


def record_number(value: str, unit: str = "", prefer: str | None = None) -> float:
    """The figure in a free-text ``value`` of ``public_record.csv``, in base units, or NaN.

    Rules, in order: no digits, ``unit`` is ``date``, or the text starts "not …"/"undisclosed" → NaN. The text is split at ``;`` and the
    first part kept (or the first part mentioning ``prefer``, e.g. ``GPU``), unless the text gives a
    ``sum``, which wins. In a progression ``a -> b`` the last value is kept. A number in scientific
    notation (``1.5e14``) wins; otherwise the first number not glued to a letter (the ``100`` of
    ``V100`` is a name), scaled by a suffix (``US$7.7B``), a later scale word (``86.1 +/- 8.1
    billion``) or, failing both, a scale word in ``unit`` (``billion parameters``).
    """
    text = str(value)
    if (unit.strip().lower() == "date" or not re.search(r"\d", text)
            or re.match(r"\W*(not|undisclosed)\b", text, re.IGNORECASE)):
        return math.nan
    m = re.search(r"\bsum\b(.*)", text)
    if m:
        text = m.group(1)
    else:
        parts = [p for p in text.split(";") if p.strip()]
        chosen = next((p for p in parts if prefer and prefer.lower() in p.lower()), parts[0])
        text = chosen
    if "->" in text:
        text = text.split("->")[-1]
    sci = re.search(r"(?<![\w.])\d+(?:\.\d+)?e[+-]?\d+\b", text)
    if sci:
        return float(sci.group(0))
    m = re.search(_NUM, text)
    if not m:
        return math.nan
    x = float(m.group(1).replace(",", ""))
    rest = text[m.end():]
    suffix = re.match(r"([KMBT])(?![A-Za-z])", rest)
    if suffix:
        return x * _SUFFIX[suffix.group(1)]
    word = re.search(r"\b(" + "|".join(_SCALE_WORDS) + r")\b", rest, re.IGNORECASE)
    if word:
        return x * _SCALE_WORDS[word.group(1).lower()]
    for w, scale in _SCALE_WORDS.items():
        if w in unit.lower():
            return x * scale
    return x


def record_comparison(claims: pd.DataFrame, links: pd.DataFrame, record: pd.DataFrame,
                      exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every link of a claim in ``claims`` to a record fact, with the claim ÷ record ratio.

    ``record_value`` is :func:`record_number` of the fact (preferring the part that names a GPU
    for GPU claims); ``ratio`` is the claim's value ÷ that figure, computed only when the link
    says ``agrees``/``differs``, the units count the same kind of thing (:func:`units_match`) and
    the fact is not in ``exclude`` (facts the notebook names as a different quantity).
    """
    j = links.merge(claims, on="claim_id", how="inner").merge(
        record.rename(columns={"value": "record_text", "unit": "record_unit", "note": "record_note",
                               "subject": "record_subject"}),
        on="fact_id", how="left")
    rows = []
    for _, r in j.iterrows():
        rv = record_number(r.record_text, r.record_unit, prefer="GPU" if r.unit == "gpu" else None)
        q = quantity(r)
        comparable = (r.status in ("agrees", "differs") and r.fact_id not in exclude
                      and units_match(r.unit, r.record_unit) and not math.isnan(rv))
        rows.append({
            "claim_id": r.claim_id, "fact_id": r.fact_id, "status": r.status,
            "mark": codebook.STATUS.label(r.status), "claim": value_text(q, r.modality, money=(r.unit == "usd")),
            "claim_value": q.bound, "claim_lo": q.lo, "claim_hi": q.hi, "qualifier": q.qualifier,
            "record_subject": r.record_subject, "record_quantity": r.quantity, "record_text": r.record_text,
            "record_unit": r.record_unit, "as_of": r.as_of, "record_value": rv,
            "record_figure": "" if math.isnan(rv) else fmt_en(rv, money=(r.unit == "usd")),
            "ratio": (q.bound / rv) if comparable and q.qualifier != "range" else math.nan,
            "ratio_lo": (q.lo / rv) if comparable else math.nan,
            "ratio_hi": (q.hi / rv) if comparable else math.nan,
            "explanation": r.explanation, "source": r.source,
        })
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- dates


def parse_date(text: str) -> pd.Timestamp:
    """The first ISO date or month in ``text`` (``2023-11-30 (HF upload) / …`` → 2023-11-30;
    ``2021-05`` → 2021-05-01), or NaT."""


    m = re.search(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b", str(text))
    if not m:
        return pd.NaT
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    try:
        return pd.Timestamp(year=y, month=mo, day=d)
    except ValueError:
        return pd.NaT


def months_between(earlier: pd.Timestamp, later: pd.Timestamp) -> float:
    """Whole months from ``earlier`` to ``later`` (negative if ``later`` comes first); NaN if unknown."""
    if pd.isna(earlier) or pd.isna(later):
        return math.nan
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    if later.day < earlier.day:
        months -= 1
    return float(months)


# --------------------------------------------------------------------------- one verdict per claim

#: A claim checked against several facts gets one verdict, in this order of precedence: a contradiction
#: (``differs``) outweighs agreement (``agrees``), which outweighs a fact that cannot settle the claim
#: (``not_comparable``, with ``undisclosed`` and ``unverified`` folded into it). Within the verdict, the
#: deciding link is the first of its statuses in :data:`DECIDING` order (not comparable, then undisclosed,
#: then unverified), the first in table order among those, preferring one with a figure to compare.
VERDICTS = ["differs", "agrees", "not_comparable"]
DECIDING = {"differs": ["differs"], "agrees": ["agrees"], "not_comparable": ["not_comparable", "undisclosed", "unverified"]}


def claim_verdict(statuses) -> str:
    """One verdict from a claim's link statuses (:data:`VERDICTS`, in precedence order)."""
    s = set(statuses)
    if not s:
        raise BaimoError("claim_verdict: a claim with no link to the record has no verdict")
    unknown = s - set(codebook.VOCAB["status"])
    if unknown:
        raise BaimoError(f"claim_verdict: {sorted(unknown)} not in the status vocabulary")
    return next(v for v in VERDICTS if s & set(DECIDING[v]))


def deciding_link(links: pd.DataFrame) -> tuple[str, pd.Series]:
    """A claim's verdict and the link that decides it (see :data:`VERDICTS`); ``links`` are the claim's
    rows of :func:`record_comparison` (a ``ratio_lo`` column marks a figure to compare)."""
    verdict = claim_verdict(links.status)
    cand = next(c for st in DECIDING[verdict] if len(c := links[links.status == st]))
    with_ratio = cand[cand.ratio_lo.notna()] if "ratio_lo" in cand else cand.iloc[:0]
    return verdict, (with_ratio if len(with_ratio) else cand).iloc[0]
