"""Charts for notebook 01 (compute gaps): claims as dot rows coloured by region, and the
article ÷ public-record chart shared with notebook 03."""

from __future__ import annotations

import pandas as pd

from ..analysis.compute import claim_intervals
from ..core import codebook
from . import kit


def claim_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Claims rows ready for :func:`baimo.charts.kit.dot_rows`: :func:`claim_intervals` plus
    ``hollow`` (a forecast or hypothetical) and ``colour`` (the region's)."""
    out = claim_intervals(df)
    text = out.pop("text")
    out["hollow"] = out.modality.isin(["forecast", "hypothetical"])
    out["colour"] = out.region.map(codebook.REGION.colours()).fillna(codebook.GREY)
    out["text"] = text
    return out


def modality_handles() -> list:
    return [kit.marker_handle("stated 陈述"),
            kit.marker_handle("forecast/hypothetical 预测/假设", hollow=True),
            kit.marker_handle("lower bound 下限 (>, ≥)", marker=">")]


def record_ratio_rows(check: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Rows for the "article ÷ public record" chart: one per link with a comparable figure.

    ``check`` is :func:`record_comparison` output; ``labels`` maps claim_id → a short label.
    """
    num = check[check.ratio_lo.notna()].copy()
    num["label"] = [f"{labels[c]} · {f}" for c, f in zip(num.claim_id, num.fact_id)]
    num = num.assign(point=num.ratio.fillna(num.ratio_lo), lo=num.ratio_lo, hi=num.ratio_hi,
                     hollow=False, colour=num.status.map(codebook.STATUS.colours()),
                     qualifier=num.qualifier.replace({"approx": "exact"}),
                     right=[f"{m.split(' ')[0]} {c} vs record {v}  [{cid}]"
                            for m, c, v, cid in zip(num.mark, num.claim, num.record_figure, num.claim_id)])
    return num.sort_values("point", kind="stable").reset_index(drop=True)


def record_ratio_chart(num: pd.DataFrame, what: str, figsize=(15, 9)):
    """Dot chart of article ÷ record ratios on a log axis, with the parity line at 1."""
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=figsize)
    kit.dot_rows(ax, num)
    kit.decade_ticks(ax, *kit.log_limits(list(num.lo) + list(num.point), 3, 4), zh=False)
    ax.axvline(1, color="#555555", lw=1.5, ls="--")
    ax.set_xlabel(f"article's {what} ÷ public record's {what} (log) · 文章数字 ÷ 公开记录")
    ax.set_title(f"How far each checkable {what} is from the public record", loc="left")
    ax.legend(handles=[kit.marker_handle(codebook.STATUS.label(s), colour=codebook.STATUS.colour(s))
                       for s in ("agrees", "differs")],
              loc="lower right", frameon=True)
    return fig, ax
