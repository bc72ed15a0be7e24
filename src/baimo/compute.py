"""Computations behind notebook 01 (compute gaps 算力差距), and helpers it shares with 03.

Everything here works on rows of the claims tables (:func:`baimo.tables.load`) and of the
public record (:func:`baimo.tables.reference`); no figure is typed in.

* **Numbers with qualifiers.** A claim's number is read as an interval (:func:`quantity`):
  ``≈10`` is a point, ``>1,000`` is ``(1000, ∞)``, ``几万`` is ``[1e4, 1e5]``. Ratios of two
  claims (:func:`ratio`, :func:`implied_ratio`) use interval arithmetic, so ``4000 ÷ ≥1000`` is
  ``≤4``, and the modality of the weaker claim (hypothetical > forecast > recalled > stated)
  carries over.
* **Labels.** Bilingual number formatting (:func:`fmt_zh` → ``1000万``, :func:`fmt_en` → ``10M``),
  merged keys for repeated statements (:func:`join_ids`, :func:`merge_repeats`), and the quote
  table printed under every chart (:func:`baimo.view.quote_frame`).
* **Public record.** :func:`record_number` reads a number out of the record's free-text ``value``
  column; :func:`record_comparison` joins claims to ``links.csv`` and the record and computes
  claim ÷ record where the two count the same kind of thing.
* **Charts.** :func:`dot_rows` draws one row per claim on a log axis with a text column on the
  right (value and key), so labels never overlap the data.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import BaimoError, corpus, plotting

INF = math.inf

# --------------------------------------------------------------------------- numbers as intervals

#: Modalities from strongest (a plain statement) to weakest (illustrative arithmetic).
MODALITY_ORDER = ["stated", "recalled", "forecast", "hypothetical"]


@dataclass(frozen=True)
class Quantity:
    """A claim's number as an interval ``[lo, hi]`` with a point value where one was given.

    ``lo_strict``/``hi_strict`` mark open bounds (``>``/``<``); ``approx`` marks 约/大概/左右.
    """

    point: float
    lo: float
    hi: float
    lo_strict: bool = False
    hi_strict: bool = False
    approx: bool = False

    @property
    def qualifier(self) -> str:
        """The codebook qualifier this interval corresponds to (``unbounded`` if nothing is known)."""
        if self.lo == self.hi:
            return "approx" if self.approx else "exact"
        if math.isinf(self.hi) and self.lo > 0:
            return "more_than" if self.lo_strict else "at_least"
        if self.lo == 0 and not math.isinf(self.hi):
            return "less_than" if self.hi_strict else "up_to"
        if not math.isinf(self.hi):
            return "range"
        return "unbounded"

    @property
    def bound(self) -> float:
        """The number to print after the qualifier mark: the point, or the finite bound."""
        q = self.qualifier
        if q in ("more_than", "at_least"):
            return self.lo
        if q in ("less_than", "up_to"):
            return self.hi
        return self.point


def _num(x) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return math.nan
    return v


def quantity(row) -> Quantity:
    """Read ``value``/``low``/``high``/``qualifier`` of a claims row as a :class:`Quantity`.

    ``more_than``/``at_least`` give a lower bound (``low``, else ``value``) and no upper bound;
    ``less_than``/``up_to`` the mirror image; ``range`` uses ``low`` and ``high``, and so does an
    ``approx`` row with no value but both bounds (``几十`` → 10–99).
    """
    v, lo, hi = _num(row["value"]), _num(row.get("low")), _num(row.get("high"))
    q = row["qualifier"]
    if q in ("exact", "approx") and math.isnan(v) and not (math.isnan(lo) or math.isnan(hi)):
        return Quantity(math.nan, lo, hi, approx=(q == "approx"))  # 几十 coded approx 10–99
    if q in ("exact", "approx"):
        if math.isnan(v):
            raise BaimoError(f"{row.get('claim_id', '?')}: qualifier {q} needs a value")
        return Quantity(v, v, v, approx=(q == "approx"))
    if q in ("more_than", "at_least"):
        b = lo if not math.isnan(lo) else v
        return Quantity(v if not math.isnan(v) else b, b, INF, lo_strict=(q == "more_than"))
    if q in ("less_than", "up_to"):
        b = hi if not math.isnan(hi) else v
        return Quantity(v if not math.isnan(v) else b, 0.0, b, hi_strict=(q == "less_than"))
    if q == "range":
        if math.isnan(lo) or math.isnan(hi):
            raise BaimoError(f"{row.get('claim_id', '?')}: a range needs low and high")
        return Quantity(v, lo, hi)
    raise BaimoError(f"{row.get('claim_id', '?')}: unknown qualifier {q!r}")


def _div(a: float, b: float) -> float:
    if b == 0:
        return INF if a > 0 else math.nan
    if math.isinf(b):
        return 0.0 if not math.isinf(a) else math.nan
    return a / b


def ratio(a: Quantity, b: Quantity) -> Quantity:
    """``a ÷ b`` by interval arithmetic (both positive): ``[a.lo / b.hi, a.hi / b.lo]``."""
    lo, hi = _div(a.lo, b.hi), _div(a.hi, b.lo)
    point = _div(a.point, b.point) if not (math.isnan(a.point) or math.isnan(b.point)) else math.nan
    return Quantity(point, lo, hi, lo_strict=a.lo_strict or b.hi_strict,
                    hi_strict=a.hi_strict or b.lo_strict, approx=a.approx or b.approx)


def weakest_modality(*modalities: str) -> str:
    """The weakest of several modalities: a ratio of a forecast and a statement is a forecast."""
    known = [m for m in modalities if m in MODALITY_ORDER]
    if not known:
        return ""
    return max(known, key=MODALITY_ORDER.index)


# --------------------------------------------------------------------------- formatting


def _clean(x: float, digits: int = 4) -> float:
    """Round to ``digits`` significant figures (removes float noise like 0.30000000000000004)."""
    if x == 0 or math.isnan(x) or math.isinf(x):
        return x
    return round(x, -int(math.floor(math.log10(abs(x)))) + digits - 1)


def fmt_plain(x: float) -> str:
    """``2500`` → ``2,500``; ``6.25`` → ``6.25``; ``16.666`` → ``16.7``; ``0.5625`` → ``0.56``."""
    if math.isnan(x):
        return "?"
    if math.isinf(x):
        return "∞"
    x = _clean(x, 3) if abs(x) < 1000 else _clean(x, 6)
    if abs(x) >= 100 or float(x).is_integer():
        return f"{x:,.0f}"
    return f"{x:.3g}"


def fmt_en(x: float, money: bool = False) -> str:
    """English short form: ``1e7`` → ``10M``, ``1.75e11`` → ``175B``, ``1.7e12`` → ``1.7T``.

    Below a million the number is written out (``25,000``). ``money`` adds ``US$``.
    """
    if math.isnan(x):
        return "?"
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(x) >= scale:
            s = f"{_clean(x / scale, 3):g}{suffix}"
            break
    else:
        s = fmt_plain(x)
    return f"US${s}" if money else s


def fmt_zh(x: float) -> str:
    """Chinese form with 万/亿/万亿: ``1e7`` → ``1000万``, ``2e11`` → ``2000亿``, ``1.7e12`` → ``1.7万亿``."""
    if math.isnan(x):
        return "?"
    for scale, suffix in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if abs(x) >= scale:
            return f"{_clean(x / scale, 4):g}{suffix}"
    return fmt_plain(x)


def value_text(q: Quantity, modality: str = "", money: bool = False, zh: bool = True) -> str:
    """A quantity as printed on a chart: qualifier mark, Chinese and English forms, modality tail.

    ``Quantity(1e6, 1e6, 1e6, approx=True)`` → ``≈100万 (1M)``; ranges print ``1万–10万 (10,000–100,000)``;
    money prints dollars first: ``≈US$12B (120亿美元)``.
    """
    mark, tail = plotting.qualifier_mark(q.qualifier if q.qualifier != "unbounded" else "", modality)
    if q.qualifier == "range":
        en = f"{fmt_en(q.lo, money)}–{fmt_en(q.hi, money)}"
        zh_text = f"{fmt_zh(q.lo)}–{fmt_zh(q.hi)}"
        core = f"{zh_text} ({en})" if zh and zh_text != f"{fmt_plain(q.lo)}–{fmt_plain(q.hi)}" else en
        return core + tail
    b = q.bound
    en = fmt_en(b, money)
    if zh and money:
        return f"{mark}{en} ({fmt_zh(b)}美元){tail}"
    if zh and fmt_zh(b) != fmt_plain(b):
        return f"{mark}{fmt_zh(b)} ({en}){tail}"
    return f"{mark}{en}{tail}"


def join_ids(ids: list[str]) -> str:
    """Compress claim ids that share a prefix: ``[C-contech-04, C-contech-09]`` → ``C-contech-04/09``."""
    if not ids:
        return ""
    out: list[str] = []
    prev_prefix = None
    for cid in ids:
        prefix, _, serial = cid.rpartition("-")
        if prefix == prev_prefix:
            out[-1] += f"/{serial}"
        else:
            out.append(cid)
            prev_prefix = prefix
    return ", ".join(out)


#: Bilingual names of the ``metric`` vocabulary, for chart labels.
METRIC_LABEL = {
    "gpu_count": "GPUs 显卡", "gpu_output": "output/yr 年产量", "compute": "compute 算力",
    "investment": "investment 投入", "revenue": "revenue 收入", "market_value": "market value 市值",
    "valuation": "valuation 估值", "funding": "funding 融资", "cost": "spending 花费",
    "headcount": "headcount 人数", "model_count": "models 模型数", "company_count": "companies 公司数",
    "patent_count": "patents 专利数", "chip_runway": "chip runway 芯片库存", "compute_ratio": "US:China 倍数",
    "other": "other 其他",
}


def row_label(subject: str, metric: str, speaker: str, article_id: str, show_metric: bool = True) -> str:
    """Two-line chart label: ``NVIDIA · market value 市值`` over ``徐冰 Xu Bing · beyond``."""
    first = short_subject(subject) + (f" · {METRIC_LABEL.get(metric, metric)}" if show_metric else "")
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
    """One row per group of rows equal on ``keys`` (default :data:`REPEAT_KEYS`).

    Keeps the first row of each group (in table order), with ``claim_ids`` (list) and ``key``
    (e.g. ``C-contech-04/09``) added. Missing numbers compare equal.
    """
    keys = [k for k in (keys or REPEAT_KEYS) if k in df.columns]
    filled = df[keys].astype(object).where(df[keys].notna(), "∅").astype(str)
    group = filled.apply(lambda r: "\x1f".join(r), axis=1)
    rows = []
    for _, idx in group.groupby(group, sort=False).groups.items():
        sub = df.loc[idx]
        first = sub.iloc[0].copy()
        first["claim_ids"] = list(sub.claim_id)
        first["key"] = join_ids(list(sub.claim_id))
        rows.append(first)
    return pd.DataFrame(rows).reset_index(drop=True)


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
        mark, _ = plotting.qualifier_mark(q.qualifier if q.qualifier != "unbounded" else "")
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


#: Ratios one can compute from the articles' own GPU counts (US side ÷ China side).
#: Same-article pairs first; the last pair mixes articles and dates and is flagged as such.
US_CHINA_GPU_PAIRS = [
    ("C-contech-04", "C-contech-08", "OpenAI's attempt ÷ Chinese labs' clusters · OpenAI尝试 ÷ 国内"),
    ("C-contech-06", "C-contech-07", "GPT-4 training ÷ China's GPT-3.5 benchmark · GPT-4 ÷ 国内对标"),
    ("C-sv101-25", "C-sv101-24", "Stability's A100s ÷ a Chinese 千亿-model run · Stability ÷ 国内千亿"),
    ("C-contech-06", "C-beyond-07", "GPT-4 training ÷ SenseTime's stock (cross-article) · GPT-4 ÷ 商汤"),
]

#: Money and people ratios the articles invite (each pair from one speaker's comparison).
MONEY_PEOPLE_PAIRS = [
    ("C-beyond-14", "C-beyond-15", "AI four little dragons' engineers ÷ OpenAI staff · 人数"),
    ("C-beyond-13", "C-beyond-16", "AI four little dragons' funding ÷ OpenAI's total spend · 资金"),
    ("C-beyond-21", "C-beyond-22", "global AI chip spend ÷ AI revenue, last year · 投入 ÷ 产出"),
    ("C-contech-04", "C-contech-05", "OpenAI's GPU attempt ÷ NVIDIA's yearly output = years of output · 年产量"),
]


# --------------------------------------------------------------------------- chip supply

#: Keywords (in the quote) that sort a chip-supply statement into a theme; first match wins.
CHIP_THEMES = [
    ("inventory 库存", ["库存"]),
    ("export controls 出口管制", ["出口", "限制措施", "实体清单"]),
    ("domestic & non-NVIDIA chips 国产/非英伟达芯片", ["国产芯片", "中国芯片", "非英伟达", "更简单的芯片",
                                                      "非标准GPU", "工艺"]),
]


def chip_theme(quote: str) -> str:
    """The first theme of :data:`CHIP_THEMES` whose keyword occurs in ``quote``, else ``""``."""
    for theme, words in CHIP_THEMES:
        if any(w in quote for w in words):
            return theme
    return ""


def runway_end(start: pd.Timestamp, years: float) -> pd.Timestamp:
    """When an inventory lasting ``years`` runs out if counted from ``start`` (to the day)."""
    return pd.Timestamp(start) + pd.DateOffset(months=round(years * 12))


def chip_supply(compute: pd.DataFrame, lag: pd.DataFrame) -> pd.DataFrame:
    """Chip-supply statements from both tables, themed and in article-date then text order.

    Takes ``compute`` rows with metric ``chip_runway`` or a chip theme in the quote, and ``lag``
    rows on ``compute_chips`` with a chip theme. For a runway, ``runs_out`` is the article's first
    possible date plus the runway (:func:`runway_end`).
    """
    spans = corpus.date_spans().set_index("article_id")
    frames = []
    c = compute.copy()
    c["theme"] = [("inventory 库存" if m == "chip_runway" else chip_theme(q)) for m, q in zip(c.metric, c.quote)]
    frames.append(c[c.theme != ""].assign(table="compute"))
    g = lag[lag.dimension == "compute_chips"].copy()
    g["theme"] = [chip_theme(q) for q in g.quote]
    frames.append(g[g.theme != ""].assign(table="lag"))
    out = pd.concat(frames, ignore_index=True)
    out["article_start"] = out.article_id.map(spans.start)
    out["runs_out"] = [
        runway_end(s, v).strftime("%Y-%m") if m == "chip_runway" and not math.isnan(v) else ""
        for s, v, m in zip(out.article_start, out.value.astype(float), out.get("metric", pd.Series([""] * len(out))).fillna(""))
    ]
    out = out.sort_values(["article_start", "quote_offset"], kind="stable").reset_index(drop=True)
    return out


# --------------------------------------------------------------------------- public record

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


#: Which record units count the same kind of thing as a claim unit (lower-case substrings).
UNIT_MATCH = {
    "gpu": ["gpu", "chip", "units", "hardware"],
    "person": ["employee", "staff", "people"],
    "usd": ["us$"],
    "model": ["model"],
    "parameter": ["parameter", "synapse"],  # the article equates brain connections with parameters
    "count": ["neuron", "synapse"],
    "patent": ["invention", "patent"],
}


def units_match(claim_unit: str, record_unit: str) -> bool:
    """Whether a record row's ``unit`` counts the same kind of thing as a claim's ``unit``."""
    return any(w in record_unit.lower() for w in UNIT_MATCH.get(claim_unit, []))


STATUS_MARK = {"agrees": "✓ agrees 相符", "differs": "≠ differs 不符",
               "undisclosed": "∅ undisclosed 未公开", "unverified": "? unverified 未核实"}
STATUS_COLOURS = {"agrees": plotting.OKABE_ITO[2], "differs": plotting.OKABE_ITO[3],
                  "undisclosed": "#999999", "unverified": "#999999"}


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
            "mark": STATUS_MARK[r.status], "claim": value_text(q, r.modality, money=(r.unit == "usd")),
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


# --------------------------------------------------------------------------- quote tables


# --------------------------------------------------------------------------- chart helpers

QUALIFIER_MARKER = {"exact": "o", "approx": "o", "more_than": ">", "at_least": ">", "less_than": "<",
                    "up_to": "<", "range": "|", "unbounded": "o"}


def region_handles(regions) -> list:
    """Legend handles for the regions present, in the order US, China, other, global, n/a."""
    from matplotlib.lines import Line2D

    names = {"US": "US 美国", "China": "China 中国", "other": "other 其他", "global": "global 全球/跨地区",
             "n/a": "unspecified 未指明"}
    order = [r for r in plotting.REGION_COLOURS if r in set(regions)]
    return [Line2D([], [], marker="o", ls="", color=plotting.REGION_COLOURS[r], markersize=10,
                   label=names.get(r, r)) for r in order]


def modality_handles() -> list:
    from matplotlib.lines import Line2D

    return [Line2D([], [], marker="o", ls="", color="#444444", markersize=10, label="stated 陈述"),
            Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor="#444444",
                   markeredgewidth=2, markersize=10, label="forecast/hypothetical 预测/假设"),
            Line2D([], [], marker=">", ls="", color="#444444", markersize=10, label="lower bound 下限 (>, ≥)")]


def dot_rows(ax, rows: pd.DataFrame, *, label: str = "label", right: str = "right",
             colour: str = "colour", lo: str = "lo", hi: str = "hi", point: str = "point",
             qualifier: str = "qualifier", hollow: str = "hollow", right_x: float = 1.02,
             fontsize: float = 13, divider_after: int | None = None) -> None:
    """One row per entry on a log x-axis, top to bottom in the order given.

    Each row: a marker at ``point`` (a right-pointing triangle for a lower bound), a line from
    ``lo`` to ``hi`` for a range or an arrow for an open bound; ``label`` as the y tick label and
    ``right`` as a text column just right of the axes (never over the data). ``divider_after``
    draws a rule under the first that many rows (to separate two groups).
    """
    n = len(rows)
    ys = np.arange(n)[::-1]
    for y, (_, r) in zip(ys, rows.iterrows()):
        c = r[colour]
        q = r[qualifier]
        face = "white" if r[hollow] else c
        if q == "range":
            ax.plot([r[lo], r[hi]], [y, y], color=c, lw=4, solid_capstyle="butt", zorder=2)
            ax.plot([r[lo], r[hi]], [y, y], ls="", marker="|", color=c, markersize=14, mew=3, zorder=3)
        else:
            x = r[point]
            if q in ("more_than", "at_least"):
                ax.annotate("", xy=(x * 2.2, y), xytext=(x, y),
                            arrowprops=dict(arrowstyle="->", color=c, lw=2), zorder=2)
            if q in ("less_than", "up_to"):
                ax.annotate("", xy=(x / 2.2, y), xytext=(x, y),
                            arrowprops=dict(arrowstyle="->", color=c, lw=2), zorder=2)
            ax.plot([x], [y], ls="", marker=QUALIFIER_MARKER.get(q, "o"), markersize=11,
                    markerfacecolor=face, markeredgecolor=c, markeredgewidth=2.2, zorder=3)
        ax.text(right_x, y, r[right], transform=ax.get_yaxis_transform(), va="center", ha="left",
                fontsize=fontsize - 1, clip_on=False, parse_math=False)  # "US$… US$…" is not maths
    ax.set_xscale("log")
    ax.set_yticks(ys, rows[label], fontsize=fontsize - 1)
    for t in ax.get_yticklabels():
        t.set_parse_math(False)
    ax.set_ylim(-0.7, n - 0.3)
    ax.grid(axis="y", visible=False)
    if divider_after:
        ax.axhline(n - divider_after - 0.5, color="#333333", lw=1.2)


def log_limits(values, pad_low: float = 3.0, pad_high: float = 3.0) -> tuple[float, float]:
    """Log-axis limits around positive finite ``values``: min ÷ pad_low to max × pad_high,
    widened to whole decades."""
    v = [x for x in values if x and not math.isnan(x) and not math.isinf(x) and x > 0]
    if not v:
        raise BaimoError("log_limits: no positive finite values")
    lo = 10 ** math.floor(math.log10(min(v) / pad_low))
    hi = 10 ** math.ceil(math.log10(max(v) * pad_high))
    return lo, hi


def decade_ticks(ax, lo: float, hi: float, zh: bool = True, axis: str = "x") -> None:
    """Ticks at each power of ten between ``lo`` and ``hi``, labelled ``1000万\\n10M`` (or English only)."""
    ticks = [10.0 ** k for k in range(round(math.log10(lo)), round(math.log10(hi)) + 1)]
    labels = [(f"{fmt_zh(t)}\n{fmt_en(t)}" if zh and fmt_zh(t) != fmt_plain(t) else fmt_en(t)) for t in ticks]
    if axis == "x":
        ax.set_xlim(lo, hi)
        ax.set_xticks(ticks, labels)
        ax.xaxis.set_minor_locator(_no_minor())
    else:
        ax.set_ylim(lo, hi)
        ax.set_yticks(ticks, labels)
        ax.yaxis.set_minor_locator(_no_minor())


def _no_minor():
    from matplotlib.ticker import NullLocator

    return NullLocator()


def claim_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``point``/``lo``/``hi``/``qualifier``/``hollow``/``colour`` columns for :func:`dot_rows`.

    ``point`` is the value, the bound of an open interval, or the geometric middle of a range.
    """
    out = df.copy()
    qs = [quantity(r) for _, r in out.iterrows()]
    out["qualifier"] = [q.qualifier for q in qs]
    out["point"] = [(math.sqrt(q.lo * q.hi) if q.qualifier == "range" else q.bound) for q in qs]
    out["lo"] = [q.lo for q in qs]
    out["hi"] = [q.hi for q in qs]
    out["hollow"] = out.modality.isin(["forecast", "hypothetical"])
    out["colour"] = out.region.map(plotting.REGION_COLOURS).fillna("#999999")
    out["text"] = [value_text(q, m, money=(u == "usd")) for q, m, u in zip(qs, out.modality, out.unit)]
    return out


def record_ratio_rows(check: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Rows for the "article ÷ public record" chart: one per link with a comparable figure.

    ``check`` is :func:`record_comparison` output; ``labels`` maps claim_id → a short label.
    """
    num = check[check.ratio_lo.notna()].copy()
    num["label"] = [f"{labels[c]} · {f}" for c, f in zip(num.claim_id, num.fact_id)]
    num = num.assign(point=num.ratio.fillna(num.ratio_lo), lo=num.ratio_lo, hi=num.ratio_hi,
                     hollow=False, colour=num.status.map(STATUS_COLOURS),
                     qualifier=num.qualifier.replace({"approx": "exact"}),
                     right=[f"{m.split(' ')[0]} {c} vs record {v}  [{cid}]"
                            for m, c, v, cid in zip(num.mark, num.claim, num.record_figure, num.claim_id)])
    return num.sort_values("point", kind="stable").reset_index(drop=True)


def record_ratio_chart(num: pd.DataFrame, what: str, figsize=(15, 9)):
    """Dot chart of article ÷ record ratios on a log axis, with the parity line at 1."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    fig, ax = plt.subplots(figsize=figsize)
    dot_rows(ax, num)
    decade_ticks(ax, *log_limits(list(num.lo) + list(num.point), 3, 4), zh=False)
    ax.axvline(1, color="#555555", lw=1.5, ls="--")
    ax.set_xlabel(f"article's {what} ÷ public record's {what} (log) · 文章数字 ÷ 公开记录")
    ax.set_title(f"How far each checkable {what} is from the public record", loc="left")
    ax.legend(handles=[Line2D([], [], marker="o", ls="", color=STATUS_COLOURS[s], markersize=10,
                              label=STATUS_MARK[s]) for s in ("agrees", "differs")],
              loc="lower right", frameon=True)
    return fig, ax
