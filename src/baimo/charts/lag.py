"""Charts for notebook 02 (how far behind?): estimates in years, the judgement heatmap, Wang
Xiaochuan's revision, Liu Qingfeng's cycle, disagreements side by side."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from ..analysis.lag import SCORE, with_dates
from ..core import codebook
from ..core.numbers import qualifier_mark
from . import kit

DIMENSION_COLOURS = codebook.DIMENSION.colours()
#: Diverging, colour-blind-safe map for the ordinal scale: red = behind, blue = ahead.
JUDGEMENT_CMAP = "RdBu"
STAGE_LABELS = {"earlier": "earlier formula (recalled)\n早先的说法", "revised": "after the June 2023 US trip\n6月访美之后"}


# --------------------------------------------------------------------------- numeric estimates


def draw_estimates(ax, est: pd.DataFrame) -> None:
    """Interval chart: one row per estimate (earliest at the top), points and ranges in years.

    Colour = dimension; filled marker = the speaker's own view, open = a view they report;
    dashed bar / diamond = derived by the coder. The wording is printed at the right.
    """
    n = len(est)
    xmax = float(np.nanmax(est[["lo", "hi", "point"]].to_numpy(dtype=float)))
    for i, r in est.iterrows():
        y = n - 1 - i
        colour = DIMENSION_COLOURS[r.dimension]
        face = colour if r.attribution == "own" else "white"
        style = "--" if r.derived else "-"
        if pd.notna(r.lo) and pd.notna(r.hi):
            kit.bar(ax, y, r.lo, r.hi, colour, width=5, style=style, alpha=0.85)
            if r.qualifier in kit.UPPER_BOUNDS:
                kit.caps(ax, y, [r.hi], colour, size=18, zorder=2)
        if pd.notna(r.point):
            kit.point(ax, y, r.point, colour, face=face, marker="D" if r.derived else "o", size=12, edge=2.5, zorder=2)
        elif pd.notna(r.lo) and pd.notna(r.hi) and r.attribution == "reported":
            kit.point(ax, y, (r.lo + r.hi) / 2, colour, face="white", size=10, edge=2.5, zorder=2)
        mark, tail = qualifier_mark(r.qualifier, r.modality)
        mark = "" if r.qualifier == "range" else mark  # the wording already gives the range
        flags = (["转述 reported"] if r.attribution == "reported" else []) + (["推算 derived"] if r.derived else [])
        text = f"{mark}{r.original}{tail}" + (f"  [{', '.join(flags)}]" if flags else "") + f"  · {r.claim_id}"
        right = np.nanmax([r.hi, r.point]) if pd.notna(r.hi) or pd.notna(r.point) else 0
        ax.annotate(text, (right, y), xytext=(12, 0), textcoords="offset points", va="center", fontsize=11)
    ax.set_yticks(range(n), list(est.label)[::-1])
    ax.set_xlim(-0.2, xmax * 1.9)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlabel("years China is behind the US · 中国落后美国的年数")
    ax.grid(axis="y", visible=False)
    # separate the articles with thin lines
    arts = list(est.article_id)
    for i in range(1, n):
        if arts[i] != arts[i - 1]:
            ax.axhline(n - i - 0.5, color="#bbbbbb", lw=1)


def dimension_legend(ax, dims, loc="lower right") -> None:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=DIMENSION_COLOURS[d], lw=5, label=codebook.DIMENSION.label(d)) for d in dims]
    handles += [kit.marker_handle(codebook.ATTRIBUTION.label("own"), colour="#555555"),
                kit.marker_handle(codebook.ATTRIBUTION.label("reported"), colour="#555555", hollow=True)]
    ax.legend(handles=handles, loc=loc, frameon=True, framealpha=0.95, fontsize=11)


# --------------------------------------------------------------------------- ordinal matrices


def cell_text(mean: pd.DataFrame, n: pd.DataFrame) -> pd.DataFrame:
    """Annotation per cell: the mean score (signed, one decimal) over n; empty where n = 0."""
    out = mean.copy().astype(object)
    for r in mean.index:
        for c in mean.columns:
            k = n.loc[r, c]
            out.loc[r, c] = "" if k == 0 else f"{mean.loc[r, c]:+.1f}\nn={k}"
    return out


def draw_score_heatmap(ax, mean: pd.DataFrame, n: pd.DataFrame, row_labels=None) -> None:
    """Diverging heatmap of mean judgement scores, −3 far behind (red) … 0 level … +1 ahead (blue).

    The colour scale has two slopes so that *ahead* (+1) is as saturated as *far behind* (−3).
    """
    from matplotlib.colors import TwoSlopeNorm

    norm = TwoSlopeNorm(vmin=min(SCORE.values()), vcenter=0, vmax=max(SCORE.values()))
    kit.heatmap(ax, mean, cell_text(mean, n), cmap=JUDGEMENT_CMAP, norm=norm, cbar_label="mean judgement 平均判断",
                cbar_ticks=sorted(SCORE.values()), x_labels=[_wrap_dim(c) for c in mean.columns],
                y_labels=row_labels or list(mean.index))
    cbar = ax.collections[0].colorbar
    cbar.ax.set_yticklabels([codebook.JUDGEMENT.label(j) for j in sorted(SCORE, key=SCORE.get)])
    ax.set_facecolor("#eeeeee")


def judgement_tick(j: str) -> str:
    """Two-line tick label: English over Chinese (``slightly behind\\n稍落后``)."""
    en, _, zh = codebook.JUDGEMENT.label(j).rpartition(" ")
    return f"{en}\n{zh}"


def _wrap_dim(dim: str) -> str:
    """``compute &\\nchips\\n算力芯片``: English wrapped to 10 characters, then Chinese."""
    en, _, zh = codebook.DIMENSION.label(dim).rpartition(" ")
    return "\n".join(textwrap.wrap(en, 10, break_long_words=False) + [zh])


# --------------------------------------------------------------------------- Wang Xiaochuan's revision


def draw_revision(ax, rev: pd.DataFrame) -> None:
    """Slope chart of :func:`step_revision`: one line per part (理想 / 落地), steps on the y axis."""
    stages = list(rev.stage.cat.categories)
    for dim, g in rev.groupby("dimension", sort=False, observed=True):
        g = g.sort_values("stage")
        x = [stages.index(s) for s in g.stage]
        colour = DIMENSION_COLOURS[dim]
        ax.plot(x, g.steps, "-o", color=colour, lw=3.5, ms=14, label=f"{g.part.iloc[0]} → {codebook.DIMENSION.label(dim)}")
        for xi, (_, r) in zip(x, g.iterrows()):
            ax.annotate(f"{r.wording}  ({r.steps:+g})", (xi, r.steps), xytext=(-18 if xi == 0 else 18, 0),
                        textcoords="offset points", ha="right" if xi == 0 else "left", va="center", fontsize=13,
                        color=colour)
    ax.axhline(0, color="#555555", lw=1.2)
    ax.annotate("level with the US 与美国持平", (0.5, 0), xytext=(0, 6), textcoords="offset points",
                ha="center", fontsize=11, color="#555555")
    ax.set_xticks(range(len(stages)), [STAGE_LABELS[s] for s in stages])
    ax.set_xlim(-0.9, len(stages) - 0.1)
    lo, hi = rev.steps.min(), rev.steps.max()
    ax.set_ylim(lo - 0.8, hi + 0.8)
    ax.set_ylabel("steps: behind (−) / ahead (+)\n落后（−）/ 领先（+）步数")
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper left", frameon=False)


# --------------------------------------------------------------------------- Liu Qingfeng's cycle


def draw_cycle(ax, stages: pd.DataFrame, band: pd.DataFrame) -> None:
    """Schematic of the cycle: stage order on x (not time), the gap he gives on y, his range shaded."""
    x = list(range(len(stages)))
    if len(band):
        lo, hi = band.low.min(), band.high.max()
        ax.axhspan(lo, hi, color=codebook.OKABE_ITO[5], alpha=0.18, lw=0)
        ax.annotate(f"his range: {band.original.iloc[0]} ({', '.join(band.claim_id)})", (len(x) - 0.55, hi),
                    xytext=(0, -6), textcoords="offset points", ha="right", va="top", fontsize=11,
                    color="#1f5f7a")
    colour = DIMENSION_COLOURS["models"]
    ax.plot(x, stages.gap, "-", color=colour, lw=3, zorder=2)
    ax.plot([x[-1], x[-1] + 0.45], [stages.gap.iloc[-1], stages.gap.max() * 0.6], ":", color=colour, lw=3)
    for xi, (_, r) in zip(x, stages.iterrows()):
        mark, tail = qualifier_mark(r.qualifier, r.modality)
        caught_up = r.judgement == "level"
        ax.scatter([xi], [r.gap], s=200, zorder=3, color="white" if caught_up else colour, edgecolor=colour,
                   linewidth=2.5)
        txt = "caught up 赶上 (0)" if caught_up else f"{mark}{r.gap:g} yr"
        ax.annotate(f"{txt}\n{r.claim_id}", (xi, r.gap), xytext=(0, -16 if caught_up else 16),
                    textcoords="offset points", ha="center", va="top" if caught_up else "bottom", fontsize=11)
    ticks = [f"{i + 1}. {zh}\n" + "\n".join(textwrap.wrap(en, 24)) for i, (zh, en) in
             enumerate(zip(stages.label, stages.label_en))]
    ax.set_xticks(x, ticks, fontsize=11)
    ax.set_xlim(-0.5, len(x) - 0.1)
    ax.set_ylim(-0.5, max(stages.gap.max(), band.high.max() if len(band) else 0) + 0.45)
    ax.set_ylabel("gap to the US, years\n差距（年）")
    ax.set_xlabel("stages in the order he describes them (not a time scale) · 按他叙述的顺序（非时间轴）")
    ax.grid(axis="x", visible=False)
    ax.text(0.01, 0.97, "SCHEMATIC 示意图", transform=ax.transAxes, ha="left", va="top", fontsize=12,
            color="#555555", bbox={"boxstyle": "round", "fc": "white", "ec": "#999999"})


# --------------------------------------------------------------------------- side by side


def draw_pairs(ax, pairs: pd.DataFrame, df: pd.DataFrame) -> None:
    """Dumbbells on the judgement scale: one row per pair, the gloomier claim red, the brighter blue.

    Each dot is labelled (speaker, claim_id, date) on its outer side, so labels never collide.
    """
    by = with_dates(df).set_index("claim_id")
    n = len(pairs)
    for i, r in pairs.iterrows():
        y = n - 1 - i
        pts = sorted([(SCORE[r.judgement_A], r.claim_A, r.speaker_A), (SCORE[r.judgement_B], r.claim_B, r.speaker_B)])
        ax.plot([pts[0][0], pts[1][0]], [y, y], color="#999999", lw=3, zorder=1)
        for k, (x, cid, spk) in enumerate(pts):
            colour = codebook.OKABE_ITO[3] if k == 0 else codebook.OKABE_ITO[0]
            ax.scatter([x], [y], s=240, color=colour, zorder=3, edgecolor="white", linewidth=1.5)
            ax.annotate(f"{spk}\n{cid} · {by.loc[cid, 'said_label']}", (x, y), xytext=(-16 if k == 0 else 16, 0),
                        textcoords="offset points", ha="right" if k == 0 else "left", va="center", fontsize=10.5,
                        bbox={"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9})
    ax.set_yticks(range(n), [t.replace(" · ", "\n") for t in pairs.topic][::-1])
    ax.set_xticks(sorted(SCORE.values()), [judgement_tick(j) for j in sorted(SCORE, key=SCORE.get)])
    ax.set_xlim(-5.3, 3.3)
    ax.set_ylim(-0.6, n - 0.4)
    ax.grid(axis="y", visible=False)
