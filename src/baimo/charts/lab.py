"""Charts for notebook 06 (the coding lab): how often a coder matches the reference, field by field.

Nothing here encodes a region, a verdict or the judgement scale, so everything is drawn in the neutral
greys; the coders are told apart by marker shape and by the legend, never by a new colour.
"""

from __future__ import annotations

import pandas as pd

from ..core import codebook
from . import kit

#: Marker per coder column: the first (the student) filled ink dot, the others hollow grey shapes.
MARKERS = ["o", "s", "^", "D"]


def agreement_dots(ax, table: pd.DataFrame, labels: dict[str, str], right: dict[str, str] | None = None,
                   right_header: str = "", fontsize: float = 13) -> None:
    """One row per field (``table``'s index, ``all fields`` last, below a rule), percent agreement with
    the reference on x (0–100), one marker per column of ``table``: the first column filled ink, the
    others hollow grey, nudged apart vertically. ``labels`` names rows (``{field: "judgement 判断"}``) and
    columns (legend); ``right`` is text printed right of the axes per row (counts, α), under ``right_header``."""
    n, cols = len(table), list(table.columns)
    ys = list(range(n))[::-1]
    nudge = {c: 0.0 if i == 0 else (0.26 if i % 2 else -0.26) for i, c in enumerate(cols)}
    for i, c in enumerate(cols):
        colour = codebook.INK if i == 0 else codebook.NEUTRAL
        for y, v in zip(ys, table[c]):
            if pd.notna(v):
                kit.point(ax, y + nudge[c], v, colour, face=None if i == 0 else "white", marker=MARKERS[i],
                          size=12 if i == 0 else 10, edge=2)
    if right and right_header:
        ax.text(1.02, n - 0.45, right_header, transform=ax.get_yaxis_transform(), va="bottom", ha="left",
                fontsize=fontsize - 1, color=codebook.NEUTRAL)
    for y, field in zip(ys, table.index):
        if right and field in right:
            ax.text(1.02, y, right[field], transform=ax.get_yaxis_transform(), va="center", ha="left",
                    fontsize=fontsize - 1, color=codebook.INK)
    ax.set_yticks(ys, [labels.get(f, f) for f in table.index], fontsize=fontsize - 1)
    if "all fields" in table.index:
        ax.axhline(0.5, color=codebook.NEUTRAL, lw=1.2)
    ax.set_xlim(-3, 103)
    ax.set_xticks(range(0, 101, 25), [f"{x}%" for x in range(0, 101, 25)])
    ax.set_ylim(-0.7, n - 0.3)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("codes that match the adjudicated reference · 与参考编码一致的比例")
    handles = [kit.marker_handle(labels.get(c, c), MARKERS[i], codebook.INK if i == 0 else codebook.NEUTRAL,
                                 hollow=i > 0) for i, c in enumerate(cols)]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(cols), frameon=False,
              fontsize=fontsize - 1, handletextpad=0.3, columnspacing=1.2)


def card(ax, lines: list[tuple[str, float, str]], spacing: float = 1.45) -> None:
    """A landing-page card: lines of text, each ``(text, font size in pt, colour)``, top to bottom,
    ``spacing`` × the font size apart."""
    ax.axis("off")
    height_pt = ax.get_window_extent().height * 72 / ax.figure.dpi
    y = 0.98
    for text, size, colour in lines:
        ax.text(0, y, text, fontsize=size, va="top", color=colour)
        y -= size * spacing / height_pt
