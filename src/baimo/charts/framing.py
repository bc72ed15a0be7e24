"""Charts for notebook 04 (framing the 百模大战): counts and rates as heatmaps, predicted outcomes
per speaker, the metaphor grid, top terms, and the lexicon's agreement with the hand coding."""

from __future__ import annotations

import pandas as pd

from ..analysis.framing import outcome_counts
from ..core import codebook
from ..data import corpus
from . import kit

FRAME_LABELS = codebook.FRAME.chart_labels()


def count_heatmap(ax, counts: pd.DataFrame, row_labels=None, col_labels=None, cbar_label: str = "",
                  fmt: str = "d", cmap: str = "Blues") -> None:
    """Sequential heatmap of counts or rates, zeros left blank (columns default to frame labels)."""
    annot = counts.map(lambda v: "" if v == 0 or pd.isna(v) else format(v, fmt))
    kit.heatmap(ax, counts, annot, cmap=cmap, cbar_label=cbar_label, vmin=0,
                x_labels=col_labels or [FRAME_LABELS.get(c, c) for c in counts.columns], y_labels=row_labels)


def draw_outcomes(ax, fr: pd.DataFrame, order: list[str], own_only: bool = True) -> None:
    """Stacked horizontal bars: each speaker's coded predicted outcomes (rows with an outcome only).

    With ``own_only`` (the default) views a speaker only reports — often to reject them — are left out.
    """
    tab = outcome_counts(fr, order, own_only)
    left = pd.Series(0, index=tab.index)
    y = range(len(tab))[::-1]
    colours = codebook.PREDICTED_OUTCOME.colours()
    for outcome in tab.columns:
        ax.barh(list(y), tab[outcome], left=left, color=colours[outcome],
                label=codebook.PREDICTED_OUTCOME.label(outcome), edgecolor="white", height=0.7)
        for yi, (l, v) in zip(y, zip(left, tab[outcome])):
            if v:
                ax.text(l + v / 2, yi, str(v), ha="center", va="center", fontsize=11,
                        color="white" if outcome in ("consolidation", "coexistence") else "black")
        left = left + tab[outcome]
    ax.set_yticks(list(y), [corpus.speaker_label(s) for s in tab.index])
    ax.set_xlabel("coded passages predicting the outcome · 预测结局的段落数")
    ax.legend(loc="lower right", frameon=True, framealpha=0.95)
    ax.grid(axis="y", visible=False)


def draw_metaphor_grid(ax, grid: pd.DataFrame) -> None:
    """A text grid: rows speakers, columns source domains, cells the metaphor words (shaded if any)."""
    from matplotlib.patches import Rectangle

    n_r, n_c = grid.shape
    for i, r in enumerate(grid.index):
        for j, c in enumerate(grid.columns):
            txt = grid.loc[r, c]
            y = n_r - 1 - i
            if txt:
                ax.add_patch(Rectangle((j - 0.48, y - 0.46), 0.96, 0.92, color="#dceaf5", lw=0))
                lines = txt.count("\n") + 1
                ax.text(j, y, txt, ha="center", va="center", fontsize=12 if lines < 4 else 11, linespacing=1.2)
    ax.set_xlim(-0.5, n_c - 0.5)
    ax.set_ylim(-0.5, n_r - 0.5)
    ax.set_xticks(range(n_c), [codebook.SOURCE_DOMAIN.chart_label(c) for c in grid.columns], fontsize=11)
    ax.xaxis.tick_top()
    ax.set_yticks(range(n_r), [corpus.speaker_label(s) for s in grid.index][::-1], fontsize=12)
    ax.grid(False)
    for j in range(n_c + 1):
        ax.axvline(j - 0.5, color="white", lw=2)
    ax.tick_params(axis="both", length=0)


def draw_top_terms(axes, top: pd.DataFrame, docs: list[str], colours=None) -> None:
    """Small multiples: one horizontal bar chart of top terms per document."""
    from matplotlib.ticker import FormatStrFormatter, MaxNLocator


    for k, (ax, doc) in enumerate(zip(axes, docs)):
        g = top[top.doc == doc].sort_values("rank")
        ax.barh(range(len(g))[::-1], g.score, color=(colours or codebook.OKABE_ITO)[k % 8], height=0.7)
        ax.set_yticks(range(len(g))[::-1], g.term, fontsize=12)
        ax.set_title(doc, fontsize=14)
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="x", labelsize=10)
        ax.xaxis.set_major_locator(MaxNLocator(2))
        ax.xaxis.set_major_formatter(FormatStrFormatter("%.3f"))


def draw_agreement(ax, table: pd.DataFrame) -> None:
    """Grouped bars: precision, recall and κ per frame (and pooled)."""
    import numpy as np

    t = table.set_index("frame")
    metrics = [("precision", "precision 精确率"), ("recall", "recall 召回率"), ("kappa", "Cohen's κ")]
    x = np.arange(len(t))
    w = 0.26
    for k, (m, lab) in enumerate(metrics):
        bars = ax.bar(x + (k - 1) * w, t[m], width=w, label=lab, color=codebook.OKABE_ITO[[0, 1, 2][k]])
        ax.bar_label(bars, fmt="{:.2f}", fontsize=10, padding=2)
    ax.set_xticks(x, [FRAME_LABELS.get(f, f.replace(" (", "\n(")) + f"\n{n} coded" for f, n in
                      zip(t.index, t.hand_coded)], fontsize=11)
    ax.set_ylim(0, 1.08)
    ax.set_ylabel("agreement with the hand coding")
    ax.legend(loc="upper right", ncols=3, frameon=False)
    ax.grid(axis="x", visible=False)
