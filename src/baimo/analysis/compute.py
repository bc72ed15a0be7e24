"""Compute gaps (``data/claims/compute.csv``): analyses behind notebook 01.

Everything here works on rows of the claims tables (:func:`baimo.data.claims.load`); no figure is
typed in. Numbers are read as intervals (:func:`baimo.core.numbers.quantity`), so a ratio of two
claims carries their qualifiers and the weaker modality (:func:`implied_ratio`). Which pairs of
claims to divide, and which keywords sort chip-supply statements into themes, are coding choices
the notebook makes in the open and passes in.
"""

from __future__ import annotations

import math
import re
import textwrap

import pandas as pd

from .. import BaimoError
from ..core import codebook
from ..core.numbers import (Quantity, fmt_en, fmt_plain, qualifier_mark, quantity, ratio, value_text,
                            weakest_modality)
from ..data import claims, corpus, record


# --------------------------------------------------------------------------- labels


def row_label(subject: str, metric: str, speaker: str, article_id: str, show_metric: bool = True,
              wrap: int | None = None) -> str:
    """Two-line chart label: ``NVIDIA · market value 市值`` over ``徐冰 Xu Bing · beyond``.

    With ``wrap``, a first line longer than that many characters is broken at spaces.
    """
    first = short_subject(subject) + (f" · {codebook.METRIC.label(metric)}" if show_metric else "")
    if wrap:
        first = "\n".join(textwrap.wrap(first, wrap, break_long_words=False))
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


# --------------------------------------------------------------------------- numbers for people


def people_number(x: float) -> tuple[str, bool]:
    """``x`` as a person would say it, and whether that rounds it.

    Whole numbers from 1 up stay as they are (``2500`` → ``2,500``); other numbers keep two
    significant figures from 10 up (``16.67`` → ``17``) and one below (``6.25`` → ``6``,
    ``0.556`` → ``0.6``): the figures divided are round estimates, so more digits would be false precision.
    """
    if math.isnan(x) or math.isinf(x) or x == 0:
        return fmt_plain(x), False
    if x >= 1 and math.isclose(x, round(x), rel_tol=1e-9):
        return fmt_plain(round(x)), False
    digits = 2 if x >= 10 else 1
    r = round(x, -int(math.floor(math.log10(abs(x)))) + digits - 1)
    return fmt_plain(r), not math.isclose(r, x, rel_tol=1e-9)


def ratio_text(r: Quantity) -> tuple[str, str]:
    """``(sign, value)`` for a ratio written for people: ``("=", "2,500")``, ``("≈", "6")``,
    ``("=", "<4")``, ``("≈", "0.8–4")``. The sign is ``≈`` when an input was approximate or the
    value is rounded (:func:`people_number`)."""
    q = r.qualifier
    if q == "range":
        (lo, a), (hi, b) = people_number(r.lo), people_number(r.hi)
        return ("≈" if r.approx or a or b else "="), f"{lo}–{hi}"
    if q == "unbounded":
        return "=", "?"
    mark = qualifier_mark(q)[0] if q not in ("exact", "approx") else ""
    text, rounded = people_number(r.bound)
    return ("≈" if r.approx or rounded else "="), f"{mark}{text}"


#: Orders of magnitude in words (English, Chinese), by the power of ten.
ORDERS = {1: ("tens", "数十"), 2: ("hundreds", "数百"), 3: ("thousands", "数千"), 4: ("tens of thousands", "数万"),
          5: ("hundreds of thousands", "数十万"), 6: ("millions", "数百万"), 7: ("tens of millions", "数千万"),
          8: ("hundreds of millions", "数亿")}


def order_words(x: float) -> tuple[str, str]:
    """How big ``x`` is, in words, English and Chinese, by its power of ten: ``45000`` → ``("tens of
    thousands", "数万")``, ``2500`` → ``("thousands", "数千")``. A sentence that says "the largest are in
    the tens of thousands" stays true when a larger row arrives: it is computed from the row."""
    if not x > 0 or math.isinf(x):
        raise BaimoError(f"order_words: {x!r} is not a positive finite number")
    power = math.floor(math.log10(x) + 1e-9)
    if power not in ORDERS:
        raise BaimoError(f"order_words: no words for {fmt_plain(x)} (add its power of ten to ORDERS)")
    return ORDERS[power]


# --------------------------------------------------------------------------- implied ratios


def with_values(table: pd.DataFrame, values: dict[str, float], qualifier: str = "approx") -> pd.DataFrame:
    """A copy of claims rows with some claims' numbers replaced (``{claim_id: value}``), e.g. by the
    public record's figure, each read as ``qualifier`` (default ``approx``: a record's figure is an
    estimate too); the bounds of a replaced row are cleared. Used to redo a ratio with the record's
    figures (:func:`implied_ratio` on the copy)."""
    unknown = set(values) - set(table.claim_id)
    if unknown:
        raise BaimoError(f"with_values: unknown claim(s) {', '.join(sorted(unknown))}")
    out = table.copy()
    hit = out.claim_id.isin(list(values))
    out["value"] = out["value"].astype(float)
    out.loc[hit, "value"] = out.loc[hit, "claim_id"].map(values).astype(float)
    for col in ("low", "high"):
        if col in out:
            out[col] = out[col].astype(float)
            out.loc[hit, col] = math.nan
    out.loc[hit, "qualifier"] = qualifier
    return out


def implied_ratio(table: pd.DataFrame, numerator: str, denominator: str, label: str = "") -> dict:
    """The ratio of two claims (by ``claim_id``) with the arithmetic written out.

    Returns a dict: ``label``, both ids, both values as printed, ``ratio`` (point), ``low``/``high``
    (interval), ``qualifier``, ``modality`` (the weaker of the two), ``arithmetic``
    (``10M ÷ 4,000 = 2,500``; ``25,000 ÷ 4,000 ≈ 6``: :func:`ratio_text`), ``text`` (``≈6×``) and
    ``cross_article`` (the two come from different articles).
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

    sign, text = ratio_text(r)
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
        "arithmetic": f"{show(qa)} ÷ {show(qb)} {sign} {text}",
        "text": ("≈" if sign == "≈" and text[0].isdigit() else "") + f"{text}×",
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


# --------------------------------------------------------------------------- one verdict per claim


def when(as_of: str) -> str:
    """A record date for people: ``2024-05-28`` → ``May 2024``, ``2022-11 / 2023`` → ``Nov 2022``,
    ``2021`` → ``2021``; anything else as given."""
    text = str(as_of).strip()
    m = re.search(r"\b(\d{4})-(\d{2})\b", text)
    if m and 1 <= int(m.group(2)) <= 12:
        return pd.Timestamp(year=int(m.group(1)), month=int(m.group(2)), day=1).strftime("%b %Y")
    m = re.search(r"\b(\d{4})\b", text)
    return m.group(1) if m else text


def fact_label(subject: str, quantity_: str, as_of: str) -> str:
    """A public-record fact named for people: ``OpenAI: headcount, Nov 2022``. The subject is
    shortened (:func:`short_subject`); the date is left out when the quantity already names the year."""
    name = f"{short_subject(subject, 30)}: {quantity_}"
    date = when(as_of)
    if date and date[-4:] not in quantity_:
        name += f", {date}"
    return name


def claim_verdicts(check: pd.DataFrame, keys: pd.DataFrame | None = None) -> pd.DataFrame:
    """One verdict per claim from its links (``check``: :func:`baimo.data.record.record_comparison`).

    ``keys`` (``key``, ``claim_ids``) groups claims drawn as one mark (the same figure said again);
    by default each claim is its own key. Each row: ``key``, ``claim_ids``, ``verdict``
    and its deciding link (:func:`baimo.data.record.deciding_link`: one verdict, one order, for every
    thread), ``statuses`` (every link's, in table order) and the deciding link's columns;
    ``fact`` names its fact (:func:`fact_label`). Rows are in :data:`baimo.data.record.VERDICTS` order, then key order.
    """
    if keys is None:
        ids = list(dict.fromkeys(check.claim_id))
        keys = pd.DataFrame({"key": ids, "claim_ids": [[c] for c in ids]})
    rows = []
    for _, k in keys.iterrows():
        links = check[check.claim_id.isin(k["claim_ids"])]
        if links.empty:
            continue
        verdict, decide = record.deciding_link(links)
        rows.append({**decide.to_dict(), "key": k["key"], "claim_ids": list(k["claim_ids"]), "verdict": verdict,
                     "statuses": list(links.status),
                     "fact": fact_label(decide.record_subject, decide.record_quantity, decide.as_of)})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["order"] = out.verdict.map(record.VERDICTS.index)
    return out.sort_values("order", kind="stable").drop(columns="order").reset_index(drop=True)
