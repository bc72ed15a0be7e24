"""Parameter scales (``data/claims/parameters.csv``): analyses behind notebook 03.

* :func:`ladder_items` turns the table into the rungs of the ladder chart: one item per number
  said in one sentence, repeats of the same number in one lane merged (``千亿 ×5``), thresholds
  kept apart to be drawn as horizontal rungs.
* :func:`consolidation` does the arithmetic of Wang Jian's image (200 models of 10亿 → 20 of 2000亿);
  :func:`grid_shape` lays models out in the grid closest to square.
* :func:`brain_check` puts the article's brain numbers beside the public record's.

Numbers are read with :func:`baimo.core.numbers.quantity`; labels use the article's own wording
(``original``), so the chart shows what was said, and the axis gives 万/亿 and B/T.
"""

from __future__ import annotations

import math

import pandas as pd

from .. import BaimoError
from ..core.numbers import fmt_en, fmt_plain, fmt_zh, join_ids, quantity
from ..data import claims
from ..data.record import record_number

#: Lanes of the ladder, left to right (thresholds are drawn as rungs across all lanes); their
#: titles are the ``kind`` labels of the codebook.
LANES = ["named_model", "generic", "hypothetical", "brain"]

#: English glosses for the brain rows, by a word of the article's wording.
BRAIN_GLOSS = {"神经元": "neurons", "连结": "connections"}


def model_short(model: str) -> str:
    """``ERNIE (Wenxin)`` → ``ERNIE``; ``threshold``/``hypothetical``/``human brain`` → ``""``."""
    if model in ("threshold", "hypothetical", "human brain"):
        return ""
    return model.split(" (")[0].strip()


def brain_gloss(original: str, unit: str) -> str:
    """English gloss of a brain row: ``neurons``, ``connections`` or ``as parameters``."""
    if unit == "parameter":
        return "as parameters 作参数"
    for zh, en in BRAIN_GLOSS.items():
        if zh in original:
            return en
    return ""


def _point(q) -> float:
    return math.sqrt(q.lo * q.hi) if q.qualifier == "range" else q.bound


def ladder_items(params: pd.DataFrame) -> pd.DataFrame:
    """The rungs of the parameter ladder.

    Rows are grouped twice: first rows with the same lane, number and quote (one sentence naming
    several models: ``BAAI · ERNIE · PanGu``), then groups with the same lane, number and models
    (the same number said again: ``千亿 ×5``). Each item has ``lane`` (one of :data:`LANES` or
    ``threshold``), ``point`` (the value, the bound of an open interval, or the geometric middle of
    a range), ``lo``/``hi``, ``qualifier``, ``moe`` (architecture sparse), ``hollow`` (forecast/hypothetical),
    ``region``, ``claim_ids``, and ``label`` — the models and the article's wording, e.g.
    ``GPT-3 · 1,750亿`` — which keys the quote table.
    """
    rows = []
    for _, r in params.iterrows():
        q = quantity(r)
        lane = "threshold" if r.kind == "threshold" else r.kind
        if lane not in LANES and lane != "threshold":
            raise BaimoError(f"{r.claim_id}: kind {r.kind!r} has no lane on the ladder")
        rows.append({"claim_id": r.claim_id, "lane": lane, "model": model_short(r.model),
                     "original": r.original, "unit": r.unit, "quote": r.quote, "point": _point(q),
                     "lo": q.lo, "hi": q.hi, "qualifier": q.qualifier, "moe": r.architecture == "sparse",
                     "hollow": r.modality in ("forecast", "hypothetical"), "region": r.region})
    df = pd.DataFrame(rows)

    agg = {"models": lambda g: list(dict.fromkeys(m for ms in g for m in ms if m)),
           "moe": lambda g: bool(g.any()), "hollow": lambda g: bool(g.all())}

    df["models"] = [[m] for m in df.model]
    df["claim_ids"] = [[c] for c in df.claim_id]
    df["unit_key"] = df.unit
    df = claims.merge_rows(df, ["lane", "point", "quote", "unit_key"], agg)
    df["model_key"] = [" · ".join(m) for m in df.models]
    df = claims.merge_rows(df, ["lane", "point", "model_key", "unit_key"], agg)

    labels = []
    for _, r in df.iterrows():
        words = r.original
        if r.lane == "brain":
            words = f"{r.original} ({brain_gloss(r.original, r.unit)})"
        text = " · ".join(r.models + [words]) if r.models else words
        if len(r.claim_ids) > 1:
            text += f" ×{len(r.claim_ids)}"
        if r["moe"]:
            text += " (MoE 稀疏)"
        labels.append(text)
    df["label"] = labels
    df = df.drop(columns="key")
    df["key"] = df.label
    df["ids"] = [join_ids(ids) for ids in df.claim_ids]
    return df.drop(columns=["model", "model_key", "unit_key", "claim_id", "quote"]).reset_index(drop=True)


# --------------------------------------------------------------------------- consolidation


def consolidation(n_before: float, size_before: float, n_after: float, size_after: float) -> dict:
    """Wang Jian's image as arithmetic: totals, and how the number, size and total change.

    ``consolidation(200, 1e9, 20, 2e11)`` → totals 2e11 and 4e12; models ÷10, size ×200,
    total ×20; and ``before_total_in_after_models`` = 1 (today's whole field = one future model).
    """
    if min(n_before, size_before, n_after, size_after) <= 0:
        raise BaimoError("consolidation: counts and sizes must be positive")
    total_before = n_before * size_before
    total_after = n_after * size_after
    return {
        "n_before": n_before, "size_before": size_before, "total_before": total_before,
        "n_after": n_after, "size_after": size_after, "total_after": total_after,
        "fewer_models": n_before / n_after,
        "bigger_models": size_after / size_before,
        "more_total": total_after / total_before,
        "before_total_in_after_models": total_before / size_after,
    }


def consolidation_table(c: dict) -> pd.DataFrame:
    """The arithmetic of :func:`consolidation` as three printed lines (Chinese and English)."""
    def line(n, size, total):
        return f"{fmt_plain(n)} × {fmt_zh(size)} = {fmt_zh(total)}  ({fmt_plain(n)} × {fmt_en(size)} = {fmt_en(total)})"

    return pd.DataFrame([
        {"state": "today 现在", "arithmetic": line(c["n_before"], c["size_before"], c["total_before"])},
        {"state": "target 目标", "arithmetic": line(c["n_after"], c["size_after"], c["total_after"])},
        {"state": "change 变化",
         "arithmetic": (f"models ÷{fmt_plain(c['fewer_models'])}, each ×{fmt_plain(c['bigger_models'])}, "
                        f"total ×{fmt_plain(c['more_total'])}; today's whole field = "
                        f"{fmt_plain(c['before_total_in_after_models'])} target model(s)")},
    ])


def grid_shape(n: int) -> tuple[int, int]:
    """``(columns, rows)`` with ``columns × rows == n`` and the shape closest to square (columns ≥ rows).

    ``grid_shape(200)`` → ``(20, 10)``; ``grid_shape(20)`` → ``(5, 4)``; a prime ``n`` gives ``(n, 1)``.
    """
    n = int(n)
    if n < 1:
        raise BaimoError("grid_shape: n must be at least 1")
    rows = max(r for r in range(1, math.isqrt(n) + 1) if n % r == 0)
    return n // rows, rows


# --------------------------------------------------------------------------- the brain


def brain_check(params: pd.DataFrame, links: pd.DataFrame, record: pd.DataFrame) -> pd.DataFrame:
    """The article's brain numbers beside the record: one row per brain claim linked to a fact.

    Columns: claim_id, original, article (value), fact_id, record (value, via
    :func:`record_number`), record_text, status, ``record_over_article`` (how many times larger the
    record's figure is) and explanation.
    """
    brain = params[params.kind == "brain"]
    j = links.merge(brain, on="claim_id").merge(
        record.rename(columns={"value": "record_text", "unit": "record_unit"}), on="fact_id")
    rows = []
    for _, r in j.iterrows():
        q = quantity(r)
        rv = record_number(r.record_text, r.record_unit)
        rows.append({"claim_id": r.claim_id, "original": r.original, "unit": r.unit,
                     "gloss": brain_gloss(r.original, r.unit), "article": q.bound, "fact_id": r.fact_id,
                     "record_subject": r.subject, "record_quantity": r.quantity, "record": rv,
                     "record_text": r.record_text, "status": r.status,
                     "record_over_article": rv / q.bound, "explanation": r.explanation})
    return pd.DataFrame(rows)


def sparse_rows(params: pd.DataFrame) -> pd.DataFrame:
    """Parameter claims coded ``sparse`` (mixture-of-experts or other sparse models)."""
    return params[params.architecture == "sparse"].reset_index(drop=True)
