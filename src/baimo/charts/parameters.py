"""Charts for notebook 03 (parameter scales): the parameter ladder and Wang Jian's 200 → 20 image
drawn to scale."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..analysis.parameters import LANES, grid_shape
from ..core import codebook
from ..core.numbers import fmt_plain, fmt_zh
from . import kit

def tiles(n: int, size: float, origin: tuple[float, float] = (0.0, 0.0), square_block: bool = False,
          gap: float = 0.0) -> list[tuple[float, float, float, float]]:
    """Rectangles ``(x, y, width, height)`` for ``n`` models of ``size`` parameters each.

    Each rectangle's area is ``size`` (units: parameters). By default every model is a square of
    side √size in a :func:`grid_shape` grid (``gap`` between squares, in the same units).
    With ``square_block`` the models instead tile one square of area ``n × size`` exactly
    (rectangles, no gap), which shows a whole field as one block.
    """
    cols, rows = grid_shape(n)
    x0, y0 = origin
    out = []
    if square_block:
        side = math.sqrt(n * size)
        w, h = side / cols, side / rows
        for i in range(n):
            c, r = i % cols, i // cols
            out.append((x0 + c * w, y0 + (rows - 1 - r) * h, w, h))
        return out
    s = math.sqrt(size)
    for i in range(n):
        c, r = i % cols, i // cols
        out.append((x0 + c * (s + gap), y0 + (rows - 1 - r) * (s + gap), s, s))
    return out


MARKER_IN, LEAD_IN = 0.35, 0.3  # marker column and leader length, inches


def draw_ladder(ax, items: pd.DataFrame, extra: pd.DataFrame | None = None, fontsize: float = 12,
                ylim: tuple[float, float] | None = None) -> None:
    """The parameter ladder: one column per lane of :data:`LANES`, thresholds as rungs across.

    ``items`` is :func:`ladder_items`; ``extra`` (optional) adds reference marks with ``lane``,
    ``point`` and ``label`` columns (drawn as black diamonds, e.g. the public record's brain
    counts). Labels sit right of their marks, moved apart vertically with :func:`kit.spread` and
    joined to the mark by a thin leader when moved; each lane is as wide as its longest label
    (measured), so labels of neighbouring lanes never overlap.
    """
    values = list(items.lo[items.lo > 0]) + list(items.point)
    if extra is not None:
        values += list(extra.point)
    lo, hi = ylim or (10 ** math.floor(math.log10(min(values)) - 0.3), 10 ** math.ceil(math.log10(max(values)) + 0.1))
    ax.set_yscale("log")
    kit.decade_ticks(ax, lo, hi, axis="y")
    ax.set_xticks([])
    ax.grid(axis="both", visible=False)

    fig = ax.figure
    fig.canvas.draw()
    box = ax.get_window_extent()
    width_in, height_in = box.width / fig.dpi, box.height / fig.dpi
    ax.set_xlim(0, width_in)  # x in inches from the left edge of the axes
    gap = fontsize * 1.5 / 72 / (height_in / (math.log10(hi) - math.log10(lo)))  # one text line, in decades
    label_style = dict(va="center", ha="left", fontsize=fontsize, zorder=4,
                       bbox=dict(facecolor="white", edgecolor="none", pad=0.6, alpha=0.9))
    _draw_rungs(ax, items[items.lane == "threshold"].sort_values("point"), gap, fontsize)

    lane_rows = {lane: _lane_rows(items, extra, lane) for lane in LANES}
    widths = {lane: _lane_width(ax, lane_rows[lane], lane, lo, label_style, fontsize) for lane in LANES}
    spare = width_in - 0.15 - sum(widths.values())
    lane_gap_in = max(spare / max(len(LANES) - 1, 1), 0.2)
    if spare < 0.2 * (len(LANES) - 1):
        ax.set_xlim(0, 0.15 + sum(widths.values()) + 0.2 * (len(LANES) - 1))  # squeeze rather than clip
    cursor = 0.15
    for lane in LANES:
        _draw_lane(ax, lane_rows[lane], lane, cursor, gap, label_style, fontsize)
        cursor += widths[lane] + lane_gap_in


def _draw_rungs(ax, rungs: pd.DataFrame, gap: float, fontsize: float) -> None:
    """Thresholds: rungs across every lane, labelled right of the axes."""
    import matplotlib.transforms as mtransforms

    ys = 10 ** kit.spread(np.log10(rungs.point.to_numpy(dtype=float)), gap)
    blend = mtransforms.blended_transform_factory(ax.transAxes, ax.transData)
    for (_, r), y in zip(rungs.iterrows(), ys):
        ax.axhline(r.point, color="#777777", lw=1.6, ls=(0, (5, 3)), zorder=1)
        ax.text(1.01, y, f"{r.label} · threshold 门槛", transform=blend, va="center", ha="left",
                fontsize=fontsize, color="#444444", clip_on=False)


def _lane_rows(items: pd.DataFrame, extra: pd.DataFrame | None, lane: str) -> pd.DataFrame:
    """The items of one lane (plus its reference marks), lowest first."""
    sub = items[items.lane == lane].copy()
    sub["is_extra"] = False
    if extra is not None and (extra.lane == lane).any():
        ex = extra[extra.lane == lane]
        ex = ex.assign(is_extra=True, lo=ex.point, hi=ex.point, qualifier="exact", moe=False, hollow=False)
        sub = pd.concat([sub, ex], ignore_index=True)
    return sub.sort_values("point", kind="stable").reset_index(drop=True)


def _lane_width(ax, sub: pd.DataFrame, lane: str, y: float, label_style: dict, fontsize: float) -> float:
    """Inches a lane needs: marker, leader and its longest label, or its title if wider (measured)."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    probes = [ax.text(0, y, r.label, **label_style) for _, r in sub.iterrows()]
    title = ax.text(0, y, codebook.KIND.label(lane), fontsize=fontsize + 2)
    label_w = max([t.get_window_extent(renderer).width / fig.dpi for t in probes], default=0.0)
    width = max(MARKER_IN / 2 + LEAD_IN + label_w, title.get_window_extent(renderer).width / fig.dpi)
    for t in probes + [title]:
        t.remove()
    return width


def _draw_lane(ax, sub: pd.DataFrame, lane: str, cursor: float, gap: float, label_style: dict,
               fontsize: float) -> None:
    """One lane: its title, each item's mark (:func:`kit.interval`), a leader and the label."""
    import matplotlib.transforms as mtransforms

    x = cursor + MARKER_IN / 2
    top = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    ax.text(cursor, 1.012, codebook.KIND.label(lane), transform=top, ha="left", va="bottom", fontsize=fontsize + 2)
    label_y = 10 ** kit.spread(np.log10(sub.point.to_numpy(dtype=float)), gap) if len(sub) else []
    for (_, r), ly in zip(sub.iterrows(), label_y):
        c = "#000000" if r.is_extra else codebook.REGION.colours().get(r.region, codebook.GREY)
        face = "white" if (r.hollow or r.is_extra) else c
        marker = None if r.qualifier in kit.LOWER_BOUNDS else ("D" if (r.moe or r.is_extra) else "o")
        kit.interval(ax, x, lo=r.lo, hi=r.hi, value=r.point, qualifier=r.qualifier, colour=c, face=face,
                     marker=marker, vertical=True, bar_width=5, with_caps=False, factor=2.0, upper_arrows=False)
        tx = x + LEAD_IN
        ax.plot([x + 0.1, tx - 0.03], [r.point, ly], color="#888888", lw=0.8, zorder=1)
        ax.text(tx, ly, r.label, **label_style)


def draw_consolidation(ax, c: dict, colour: str | None = None, fontsize: float = 13) -> None:
    """Wang Jian's image to scale: every model a tile whose area is its parameter count.

    Left, today's field as one block of ``n_before`` tiles (:func:`tiles` with ``square_block``);
    right, ``n_after`` squares of the target size. Both share one scale (equal aspect), so areas,
    and so total parameters, compare directly.
    """
    from matplotlib.patches import Rectangle

    colour = colour or codebook.REGION.colour("China")
    side_after = math.sqrt(c["size_after"])
    gap = side_after * 0.08
    before = tiles(int(c["n_before"]), c["size_before"], square_block=True)
    side_before_block = math.sqrt(c["total_before"])
    x_after = side_before_block + side_after * 1.2
    after = tiles(int(c["n_after"]), c["size_after"], origin=(x_after, 0.0), gap=gap)
    for x, y, w, h in before:
        ax.add_patch(Rectangle((x, y), w, h, facecolor=colour, edgecolor="white", lw=0.4))
    for x, y, w, h in after:
        ax.add_patch(Rectangle((x, y), w, h, facecolor=colour, alpha=0.35, edgecolor=colour, lw=1.5,
                               ls="--"))
    top = max(y + h for _, y, _, h in after)
    right = max(x + w for x, _, w, _ in after)
    ax.set_xlim(-side_after * 0.1, right + side_after * 0.1)
    ax.set_ylim(-side_after * 0.1, top + side_after * 0.75)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.text(0, side_before_block + side_after * 0.12,
            f"today 现在\n{fmt_plain(c['n_before'])} × {fmt_zh(c['size_before'])} = {fmt_zh(c['total_before'])}",
            ha="left", va="bottom", fontsize=fontsize)
    ax.text(x_after, top + side_after * 0.12,
            f"target 目标 (hypothetical 假设)\n{fmt_plain(c['n_after'])} × {fmt_zh(c['size_after'])} = "
            f"{fmt_zh(c['total_after'])}", ha="left", va="bottom", fontsize=fontsize)


def ladder_handles(regions) -> list:
    """Legend handles for the ladder: region colours present, then the marker meanings."""
    from matplotlib.lines import Line2D

    grey = "#444444"
    return kit.region_handles(regions) + [
        kit.marker_handle("hypothetical / planned 假设/计划", colour=grey, hollow=True),
        kit.marker_handle("sparse (MoE) 稀疏", marker="D", colour=grey, size=9),
        kit.marker_handle("lower bound 下限", marker="^", colour=grey),
        kit.marker_handle("public record 公开记录", marker="D", colour="black", hollow=True, size=9),
        Line2D([], [], ls=(0, (5, 3)), color="#777777", lw=1.6, label="threshold 门槛"),
    ]
