"""Charts for notebook 04 (framing the 百模大战): counts and rates as grey heatmaps (zeros printed,
missing cells hatched), predicted outcomes as a dot matrix, each article's distinctive words with
their English glosses, and the lexicon's agreement with the hand coding as dot rows.

Nothing here is coloured by category: frames, outcomes and articles are told apart by position and
label, amounts by a neutral grey scale (:data:`GREYS`), and the marks that stand for coded passages
link to their claims (:func:`baimo.charts.kit.link`).
"""

from __future__ import annotations

import pandas as pd

from ..core import codebook
from . import kit

#: The sequential scale for counts and rates: white for zero, then light grey (the smallest amount
#: shown) to the neutral grey (the largest).
ZERO, LOWEST, HIGHEST = "#FFFFFF", "#EBEBEB", codebook.NEUTRAL


def _greys(lowest: float):
    """White at 0, :data:`LOWEST` at ``lowest`` (the smallest positive value, as a share of the
    largest), :data:`HIGHEST` at 1: a cell with anything in it is never white."""
    from matplotlib.colors import LinearSegmentedColormap

    p = min(max(lowest, 1e-6), 0.999)
    return LinearSegmentedColormap.from_list("baimo-greys", [(0, ZERO), (p, LOWEST), (1, HIGHEST)])


def grey_heatmap(ax, values: pd.DataFrame, annot: pd.DataFrame, x_labels, y_labels, annot_size: float = 13) -> None:
    """``values`` on the grey scale with the strings of ``annot`` printed in the cells.

    A zero is a white cell with its ``0`` in grey (looked for, nothing found); a missing value (NaN)
    is a hatched cell (nothing to look at). No colour bar: every cell prints its number, in white on
    the darker greys.
    """
    v = values.astype(float)
    vmax = float(v.max().max()) or 1.0
    positive = v[v > 0].min().min()
    lowest = positive / vmax if positive == positive else 1.0
    kit.heatmap(ax, v, False, cmap=_greys(lowest), vmin=0, annot_size=None, x_labels=x_labels, y_labels=y_labels)
    mesh = ax.collections[0]
    mesh.set_clim(0, vmax)
    mesh.colorbar.remove()
    ax.patch.set(facecolor="white", hatch="//", edgecolor=codebook.BACKGROUND)
    for i in range(v.shape[0]):
        for j in range(v.shape[1]):
            x = v.iat[i, j]
            if x != x:
                continue
            colour = "white" if x > 0.7 * vmax else (codebook.NEUTRAL if x == 0 else codebook.INK)
            ax.text(j + 0.5, i + 0.5, annot.iat[i, j], ha="center", va="center", fontsize=annot_size, color=colour)


def link_cells(ax, cells: dict, rows: list, cols: list) -> None:
    """Make each heatmap cell a set of links: the cell is cut into as many invisible vertical strips
    as it has claims (``cells[(row, col)]``), each linked to one claim (in the SVG). The strips are
    white at 1% opacity: a fill of ``none`` would not take the pointer in a browser."""
    from matplotlib.patches import Rectangle

    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            ids = cells.get((r, c), [])
            for k, cid in enumerate(ids):
                strip = Rectangle((j + k / len(ids), i), 1 / len(ids), 1, facecolor=(1, 1, 1, 0.01), edgecolor="none")
                ax.add_patch(strip)
                kit.link(strip, cid)


def frame_labels(counts: pd.DataFrame) -> list[str]:
    """Column labels for frames: ``competition\\n竞争\\nn = 12`` (the column total)."""
    return [f"{codebook.FRAME.chart_label(f)}\nn = {int(counts[f].sum())}" for f in counts.columns]


def draw_frames(ax, counts: pd.DataFrame, cells: dict, speaker_label=str) -> None:
    """Speaker × frame counts of coded passages (rows labelled with each speaker's n, names through
    ``speaker_label``), cells linked to the passages they count."""
    rows = [f"{speaker_label(s)}  (n = {int(n)})" for s, n in counts.sum(axis=1).items()]
    annot = counts.map(lambda v: f"{int(v)}")
    grey_heatmap(ax, counts, annot, x_labels=frame_labels(counts), y_labels=rows)
    link_cells(ax, cells, list(counts.index), list(counts.columns))
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", labelsize=12)


def draw_rates(ax, rates: pd.DataFrame, hits: pd.DataFrame, row_labels: list[str]) -> None:
    """Frame-lexicon rates per 1,000 tokens, each cell with its number of hits in brackets."""
    frames = [c for c in rates.columns if c != "tokens"]
    annot = pd.DataFrame({f: [f"{r:.1f}\n({int(h)})" if h else "0" for r, h in zip(rates[f], hits[f])]
                          for f in frames}, index=rates.index)
    grey_heatmap(ax, rates[frames], annot, x_labels=[codebook.FRAME.chart_label(f) for f in frames],
                 y_labels=row_labels, annot_size=12)
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", labelsize=12)


def draw_outcome_matrix(ax, rows: pd.DataFrame, speakers: list[str], speaker_label=str) -> None:
    """Speaker × predicted outcome as a dot matrix: one dot per passage, in the outcome's column
    (position, not colour, tells the outcomes apart); filled if the passage names a winner, hollow
    if not; each dot links to its claim; counts of two or more printed beside the dots."""
    outcomes = [o for o in codebook.VOCAB["predicted_outcome"] if o != "none"]
    step = 0.1
    for i, s in enumerate(speakers):
        y = len(speakers) - 1 - i
        for j, o in enumerate(outcomes):
            g = rows[(rows.speaker == s) & (rows.predicted_outcome == o)]
            x0 = j - (len(g) - 1) * step / 2
            for k, r in enumerate(g.itertuples()):
                kit.point(ax, y, x0 + k * step, codebook.INK, face=codebook.INK if r.names_winner else "white",
                          size=11, claim=r.claim_id)
            if len(g) >= 2:
                ax.text(x0 + (len(g) - 1) * step + 0.09, y, str(len(g)), va="center", ha="left", fontsize=12,
                        color=codebook.NEUTRAL)
    ax.set_xlim(-0.5, len(outcomes) - 0.5)
    ax.set_ylim(-0.6, len(speakers) - 0.4)
    ax.set_xticks(range(len(outcomes)), [codebook.PREDICTED_OUTCOME.chart_label(o) for o in outcomes])
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(speakers)), [speaker_label(s) for s in speakers][::-1])
    ax.grid(False)
    for j in range(len(outcomes) - 1):
        ax.axvline(j + 0.5, color=codebook.BACKGROUND, lw=1.2)
    for y in range(len(speakers) - 1):
        ax.axhline(y + 0.5, color=codebook.BACKGROUND, lw=0.8)
    ax.tick_params(axis="both", length=0)
    ax.legend(handles=[kit.marker_handle("names a winner · 指明赢家", colour=codebook.INK),
                       kit.marker_handle("no winner named · 未指明", colour=codebook.INK, hollow=True)],
              loc="upper center", bbox_to_anchor=(0.5, -0.02), ncols=2, frameon=False)


def draw_term_columns(fig, top: pd.DataFrame, docs: list[str], titles: list[str]) -> list:
    """One column per document across ``fig``: its top terms, each on a grey bar as long as its
    score (one scale for all columns), the term over its English gloss. Returns the axes."""
    axes = fig.subplots(1, len(docs))
    fig.subplots_adjust(left=0.01, right=0.99, wspace=0.06, top=0.84, bottom=0.02)
    vmax = top.score.max()
    for ax, doc, title in zip(axes, docs, titles):
        g = top[top.doc == doc].sort_values("rank")
        ys = range(len(g))[::-1]
        ax.barh(list(ys), g.score / vmax, height=0.86, color=codebook.BACKGROUND, left=0)
        for y, r in zip(ys, g.itertuples()):
            ax.text(0.02, y + 0.07, r.term, va="bottom", ha="left", fontsize=14, color=codebook.INK)
            if r.gloss != r.term:
                ax.text(0.02, y + 0.02, r.gloss, va="top", ha="left", fontsize=12, color=codebook.NEUTRAL)
        ax.set_xlim(0, 1)
        ax.set_ylim(-0.5, len(g) - 0.5)
        ax.set_title(title, fontsize=14, loc="left")
        ax.axis("off")
    return list(axes)


def draw_agreement(axes, table: pd.DataFrame) -> None:
    """Precision, recall and Cohen's κ per frame and pooled, one panel each: a dot per frame on a
    0–1 scale with its value printed (shape, not colour, marks the pooled row)."""
    t = table.reset_index(drop=True)
    ys = list(range(len(t)))[::-1]
    labels = [f"{codebook.FRAME.label(f)}  ({int(n)} coded)" if f in codebook.VOCAB["frame"]
              else f"all frames, pooled 合计  ({int(n)} pairs)" for f, n in zip(t.frame, t.hand_coded)]
    for ax, (m, name) in zip(axes, [("precision", "precision 精确率"), ("recall", "recall 召回率"),
                                    ("kappa", "Cohen's κ")]):
        for y, f, v in zip(ys, t.frame, t[m]):
            pooled = f not in codebook.VOCAB["frame"]
            ax.plot([0, v], [y, y], color=codebook.BACKGROUND, lw=2.5, solid_capstyle="butt")
            ax.plot([v], [y], "D" if pooled else "o", ms=10, color=codebook.INK)
            ax.text(v + 0.08, y, f"{v:.2f}", va="center", ha="left", fontsize=12, color=codebook.INK)
        ax.axhline(ys[-1] + 0.5, color=codebook.NEUTRAL, lw=1)
        ax.set_xlim(0, 1.3)
        ax.set_xticks([0, 0.5, 1], ["0", "0.5", "1"])
        ax.set_title(name, fontsize=14)
        ax.grid(axis="y", visible=False)
    axes[0].set_yticks(ys, labels)
    axes[0].set_ylim(-0.6, len(t) - 0.4)
