"""Compute gaps (``data/claims/compute.csv``): analyses behind notebook 01.

Everything here works on rows of the claims tables (:func:`baimo.data.claims.load`); no figure is
typed in. Numbers are read as intervals (:func:`baimo.core.numbers.quantity`), so a ratio of two
claims carries their qualifiers and the weaker modality (:func:`implied_ratio`). Which pairs of
claims to divide, and which keywords sort chip-supply statements into themes, are coding choices
the notebook makes in the open and passes in.
"""

from __future__ import annotations

import math

import pandas as pd

from .. import BaimoError
from ..core import codebook
from ..core.numbers import (Quantity, fmt_en, fmt_plain, qualifier_mark, quantity, ratio, value_text,
                            weakest_modality)
from ..data import claims, corpus


# --------------------------------------------------------------------------- labels


def row_label(subject: str, metric: str, speaker: str, article_id: str, show_metric: bool = True) -> str:
    """Two-line chart label: ``NVIDIA · market value 市值`` over ``徐冰 Xu Bing · beyond``."""
    first = short_subject(subject) + (f" · {codebook.METRIC.label(metric)}" if show_metric else "")
    return f"{first}\n{corpus.speaker_label(speaker)} · {article_id}"


def short_subject(subject: str, max_len: int = 40) -> str:
    """The subject as is if short, else the part before its first parenthesis.

    ``Stability AI (PhDs on team)`` stays; ``OpenAI (money invested in core technology)`` → ``OpenAI``.
    """
    subject = subject.strip()
    if len(subject) <= max_len:
        return subject
    return subject.split(" (")[0].strip()


# --------------------------------------------------------------------------- merging repeats


#: Columns that make two rows "the same statement said again" by the same speaker.
REPEAT_KEYS = ["article_id", "speaker", "metric", "region", "value", "low", "high", "qualifier", "modality"]


def merge_repeats(df: pd.DataFrame, keys: list[str] | None = None) -> pd.DataFrame:
    """One row per group of rows equal on ``keys`` (default :data:`REPEAT_KEYS`): the same statement
    said again by the same speaker (:func:`baimo.data.claims.merge_rows`: ``claim_ids``, ``key``)."""
    return claims.merge_rows(df, keys or REPEAT_KEYS)


# --------------------------------------------------------------------------- numbers as drawn


def claim_intervals(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``qualifier``, ``point``, ``lo``, ``hi`` and ``text`` (the figure as printed) to claims rows.

    ``point`` is the value, the bound of an open interval, or the geometric middle of a range.
    """
    out = df.copy()
    qs = [quantity(r) for _, r in out.iterrows()]
    out["qualifier"] = [q.qualifier for q in qs]
    out["point"] = [(math.sqrt(q.lo * q.hi) if q.qualifier == "range" else q.bound) for q in qs]
    out["lo"] = [q.lo for q in qs]
    out["hi"] = [q.hi for q in qs]
    out["text"] = [value_text(q, m, money=(u == "usd")) for q, m, u in zip(qs, out.modality, out.unit)]
    return out


# --------------------------------------------------------------------------- implied ratios


def implied_ratio(table: pd.DataFrame, numerator: str, denominator: str, label: str = "") -> dict:
    """The ratio of two claims (by ``claim_id``) with the arithmetic written out.

    Returns a dict: ``label``, both ids, both values as printed, ``ratio`` (point), ``low``/``high``
    (interval), ``qualifier``, ``modality`` (the weaker of the two), ``arithmetic``
    (``10,000,000 ÷ 4,000 = 2,500``) and ``cross_article`` (the two come from different articles).
    """
    t = table.set_index("claim_id")
    for cid in (numerator, denominator):
        if cid not in t.index:
            raise BaimoError(f"implied ratio: unknown claim {cid!r}")
    a, b = t.loc[numerator], t.loc[denominator]
    if a["unit"] != b["unit"]:
        raise BaimoError(f"implied ratio {numerator} ÷ {denominator}: units differ ({a['unit']} vs {b['unit']})")
    qa, qb = quantity(a), quantity(b)
    r = ratio(qa, qb)

    money = a["unit"] == "usd"

    def show(q: Quantity, fmt=lambda x: fmt_en(x, money)) -> str:
        mark, _ = qualifier_mark(q.qualifier if q.qualifier != "unbounded" else "")
        if q.qualifier == "range":
            return f"{fmt(q.lo)}–{fmt(q.hi)}"
        return f"{mark}{fmt(q.bound)}"

    return {
        "label": label,
        "numerator": numerator,
        "denominator": denominator,
        "numerator_value": show(qa),
        "denominator_value": show(qb),
        "ratio": r.point if r.qualifier in ("exact", "approx") else r.bound,
        "low": r.lo,
        "high": r.hi,
        "qualifier": r.qualifier,
        "modality": weakest_modality(a["modality"], b["modality"]),
        "arithmetic": f"{show(qa)} ÷ {show(qb)} = {show(r, fmt_plain)}",
        "cross_article": a["article_id"] != b["article_id"],
    }


def ratio_table(table: pd.DataFrame, pairs: list[tuple[str, str, str]]) -> pd.DataFrame:
    """:func:`implied_ratio` for each ``(numerator id, denominator id, label)``."""
    return pd.DataFrame([implied_ratio(table, n, d, label) for n, d, label in pairs])


# --------------------------------------------------------------------------- chip supply


def chip_theme(quote: str, themes: list[tuple[str, list[str]]]) -> str:
    """The first of ``themes`` (``(theme, keywords)``) with a keyword in ``quote``, else ``""``."""
    for theme, words in themes:
        if any(w in quote for w in words):
            return theme
    return ""


def runway_end(start: pd.Timestamp, years: float) -> pd.Timestamp:
    """When an inventory lasting ``years`` runs out if counted from ``start`` (to the day)."""
    return pd.Timestamp(start) + pd.DateOffset(months=round(years * 12))


def chip_supply(compute: pd.DataFrame, lag: pd.DataFrame, themes: list[tuple[str, list[str]]]) -> pd.DataFrame:
    """Chip-supply statements from both tables, themed and in article-date then text order.

    Takes ``compute`` rows with metric ``chip_runway`` or one of ``themes`` in the quote, and ``lag``
    rows on ``compute_chips`` with a chip theme. For a runway, ``runs_out`` is the article's first
    possible date plus the runway (:func:`runway_end`).
    """
    spans = corpus.date_spans().set_index("article_id")
    frames = []
    c = compute.copy()
    c["theme"] = [("inventory 库存" if m == "chip_runway" else chip_theme(q, themes)) for m, q in zip(c.metric, c.quote)]
    frames.append(c[c.theme != ""].assign(table="compute"))
    g = lag[lag.dimension == "compute_chips"].copy()
    g["theme"] = [chip_theme(q, themes) for q in g.quote]
    frames.append(g[g.theme != ""].assign(table="lag"))
    out = pd.concat(frames, ignore_index=True)
    out["article_start"] = out.article_id.map(spans.start)
    out["runs_out"] = [
        runway_end(s, v).strftime("%Y-%m") if m == "chip_runway" and not math.isnan(v) else ""
        for s, v, m in zip(out.article_start, out.value.astype(float), out.get("metric", pd.Series([""] * len(out))).fillna(""))
    ]
    out = out.sort_values(["article_start", "quote_offset"], kind="stable").reset_index(drop=True)
    return out
