"""Numbers as the claims tables code them: intervals, ratios, and bilingual formatting.

* **Numbers with qualifiers.** A claim's number is read as an interval (:func:`quantity`):
  ``≈10`` is a point, ``>1,000`` is ``(1000, ∞)``, ``几万`` is ``[1e4, 1e5]``. Ratios of two
  claims (:func:`ratio`) use interval arithmetic, so ``4000 ÷ ≥1000`` is ``≤4``, and the modality
  of the weaker claim (hypothetical > forecast > recalled > stated) carries over
  (:func:`weakest_modality`).
* **Labels.** Bilingual number formatting (:func:`fmt_zh` → ``1000万``, :func:`fmt_en` → ``10M``),
  the qualifier and modality marks of the codebook (:func:`qualifier_mark`), a quantity as printed
  on a chart (:func:`value_text`) and compressed claim ids (:func:`join_ids`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .. import BaimoError
from . import codebook

INF = math.inf
#: Qualifiers that make a number a lower bound (read "≥", drawn "^" or ">") and an upper bound (read "≤",
#: drawn as an arrow or "<").
LOWER_BOUNDS = ("more_than", "at_least")
UPPER_BOUNDS = ("less_than", "up_to")
MODALITY_ORDER = codebook.MODALITY_ORDER

# --------------------------------------------------------------------------- numbers as intervals


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
        if q in LOWER_BOUNDS:
            return self.lo
        if q in UPPER_BOUNDS:
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
    if q in LOWER_BOUNDS:
        b = lo if not math.isnan(lo) else v
        return Quantity(v if not math.isnan(v) else b, b, INF, lo_strict=(q == "more_than"))
    if q in UPPER_BOUNDS:
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



def qualifier_mark(qualifier: str, modality: str = "") -> tuple[str, str]:
    """(prefix, suffix) marks for a number's qualifier and modality: ≈ > ≥ < ≤, and (假设 hyp.) etc."""
    mark = codebook.QUALIFIER.term(qualifier).mark if qualifier in codebook.VOCAB["qualifier"] else ""
    tail = codebook.MODALITY.term(modality).mark if modality in codebook.VOCAB["modality"] else ""
    return mark, tail

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
    mark, tail = qualifier_mark(q.qualifier if q.qualifier != "unbounded" else "", modality)
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




# --------------------------------------------------------------------------- numbers in the articles' words

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 1e4, "亿": 1e8}
_FEW = "几数"  # "a few" (几家, 几十, 数十亿): 2 to 9 of the unit
_RUN = re.compile(r"(?:\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿几数半])"
                  r"(?:[\d,.]|[零〇一二两三四五六七八九十百千万亿几数多半]|\s(?=[\d十百千万亿多]))*")


def zh_number(text: str, few: int = 2) -> float | None:
    """A number written with Arabic digits and/or Chinese numerals: ``1.7 万亿`` → 1.7e12,
    ``1万多亿`` → 1e12 (多 ignored), ``两`` → 2, ``百万`` → 1e6, ``几万`` → ``few`` × 1e4; None if not one."""
    total, section, digit = 0.0, 0.0, None
    m = re.match(r"\d[\d,]*(?:\.\d+)?", text)
    if m:
        digit, text = float(m.group(0).replace(",", "")), text[m.end():]
    for ch in text.replace(" ", ""):
        if ch in _DIGITS or ch in _FEW:
            digit = _DIGITS.get(ch, few)
        elif ch in _SMALL:
            section += (digit if digit is not None else 1) * _SMALL[ch]
            digit = None
        elif ch in _BIG:
            total = (total + section + (digit or 0) or 1) * _BIG[ch]
            section, digit = 0.0, None
        elif ch != "多":
            return None
    value = total + section + (digit or 0)
    return value or None


def original_candidates(original: str, unit: str) -> set[float]:
    """Every number the wording ``original`` can stand for, in the base unit of ``unit``.

    Each run of digits and Chinese numerals, and each part of it (千亿万亿级 holds 千亿 and 万亿),
    is read with :func:`zh_number`, 几/数 as 2 and as 9; months and hours become years (or hours
    seconds), ``B`` is billion, ``半`` half, ``一年半`` 1.5 and ``1/10`` a tenth.
    """
    out = {int(a) / int(b) for a, b in re.findall(r"(\d+)\s*/\s*(\d+)", original)}
    for m in _RUN.finditer(original):
        run, after = m.group(0).strip(), original[m.end():m.end() + 3].lstrip()
        parts = {run[i:j].strip() for i in range(len(run)) for j in range(i + 1, len(run) + 1)}
        values = {v for p in parts if p and p[0] not in "多,. " for few in (2, 9) if (v := zh_number(p, few))}
        if "半" in run:
            values.add(0.5)
        scale = 1.0
        if unit == "year" and after.startswith(("个月", "月")):
            scale = 1 / 12
        elif after.startswith(("个小时", "小时")):
            scale = 1 / 8760 if unit == "year" else 3600 if unit == "second" else 1.0
        elif after.startswith("B"):
            scale = 1e9
        out |= {v * scale for v in values}
    if unit == "year":
        out |= {zh_number(n) + 0.5 for n in re.findall(r"([一二两三四五六七八九\d]+)年半", original) if zh_number(n)}
    return out


def original_matches(x: float, original: str, unit: str, rel_tol: float = 0.01) -> bool:
    """Whether the coded number ``x`` is one the wording ``original`` can stand for (within rounding)."""
    return any(math.isclose(x, c, rel_tol=rel_tol) for c in original_candidates(original, unit))


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
