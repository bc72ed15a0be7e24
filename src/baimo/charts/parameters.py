"""Charts for notebook 03 (parameter scales): the parameter ladder (named models apart from thresholds),
article-vs-record rows (the record check and the brain), Wang Jian's 200 → 20 image drawn to scale.

Colours mean what they mean everywhere (:mod:`baimo.core.codebook`): US blue and China vermillion
for a model's region only, the STATUS colours for verdicts against the public record, greys for
everything else. Shapes: ◆ a sparse (mixture-of-experts) count, hollow a hypothetical or planned
model, an arrow a lower bound, a bar a range; ``|`` (black) the public record's figure.
"""

from __future__ import annotations

import math

import pandas as pd

from ..analysis.parameters import grid_shape, sig
from ..core import codebook
from ..core.numbers import fmt_en, fmt_plain, fmt_zh
from . import kit

ROW_IN = 0.36  # height of one row, inches


def en_zh_ticks(ax, lo: float, hi: float, axis: str = "x") -> None:
    """Limits ``lo``–``hi`` on a log axis, ticks at the powers of ten inside, labelled English first
    with 万/亿 below (``100B\\n1000亿``). (kit.decade_ticks puts 万/亿 first.)"""
    from matplotlib.ticker import NullLocator

    ticks = [10.0 ** k for k in range(math.ceil(math.log10(lo)), math.floor(math.log10(hi)) + 1)]
    labels = [f"{fmt_en(t)}\n{fmt_zh(t)}" if fmt_zh(t) != fmt_plain(t) else fmt_en(t) for t in ticks]
    a = ax.xaxis if axis == "x" else ax.yaxis
    (ax.set_xlim if axis == "x" else ax.set_ylim)(lo, hi)
    (ax.set_xscale if axis == "x" else ax.set_yscale)("log")
    (ax.set_xticks if axis == "x" else ax.set_yticks)(ticks, labels)
    a.set_minor_locator(NullLocator())


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


# --------------------------------------------------------------------------- rows of marks


def region_colour(region: str) -> str:
    """US blue, China vermillion; any other region (or none) the no-region grey."""
    return codebook.REGION.colours().get(region, codebook.NO_REGION) if region in ("US", "China") else codebook.NO_REGION


def ladder_groups(items: pd.DataFrame, models: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The ladder's three groups of rows, for :func:`draw_rows`: thresholds (rungs), named models,
    and counts with no model named (generic and hypothetical). ``items`` is
    :func:`~baimo.analysis.parameters.ladder_items`, ``models`` :func:`~baimo.analysis.parameters.model_rows`."""
    th = items[items.lane == "threshold"].sort_values("point", ascending=False, kind="stable")
    thresholds = th.assign(label=th.value, claim=[ids[0] for ids in th.claim_ids], colour=codebook.NEUTRAL,
                           right=[f"{s}  said ×{len(ids)}" if len(ids) > 1 else s
                                  for s, ids in zip(th.said, th.claim_ids)], rung=True, moe=False, hollow=False)
    named = models.assign(label=[m for m in models.model], claim=models.claim_id,
                          colour=models.region.map(region_colour), rung=False,
                          right=[_right(v, s, moe, hollow) for v, s, moe, hollow
                                 in zip(models.value, models.said, models.moe, models.hollow)])
    un = items[items.lane.isin(["generic", "hypothetical"])].copy()
    un["order"] = un.lane.map({"generic": 0, "hypothetical": 1})
    un = un.sort_values(["order", "point"], ascending=[True, False], kind="stable")
    labels = [(" · ".join(ms) if lane == "generic" else f"imagined by {w}")
              for lane, ms, w in zip(un.lane, un.models, un.who)]
    unnamed = un.assign(label=labels, claim=[ids[0] for ids in un.claim_ids], colour=un.region.map(region_colour),
                        rung=False, right=[_right(v, s, False, False) + (f"  ×{len(ids)}" if len(ids) > 1 else "")
                                           for v, s, ids in zip(un.value, un.said, un.claim_ids)])
    return [("Thresholds: bars the speakers set · 门槛", thresholds),
            ("Named models · 具名模型", named),
            ("No model named: generic and imagined sizes · 泛指与假设", unnamed)]


def _right(value: str, said: str, moe: bool, hollow: bool) -> str:
    tags = (["MoE 稀疏"] if moe else []) + (["planned 计划"] if hollow else [])
    return "  ".join([value] + ([said] if said else []) + tags)


def draw_rows(ax, groups: list[tuple[str, pd.DataFrame]], fontsize: float = 12) -> list[float]:
    """Rows of marks on a log x-axis, group by group, top to bottom; returns the rows' y positions.

    Every row: ``label`` as its tick label, ``right`` as text right of the axes, the claim's number
    (:func:`kit.interval`, linked to ``claim``: ◆ if ``moe``, hollow if ``hollow``, in ``colour``).
    A row with ``rung`` drops a dashed line to the bottom (a threshold). A row with a finite
    ``record`` also gets the record's figure (a black ``|``) joined to the claim by a line in ``colour``.
    Each group opens with its heading, inside the axes at the left.
    """
    ys, labels, y, rungs, heads = [], [], 0.0, [], []
    for heading, rows in groups:
        if heading:
            heads.append((y, heading))
            y -= 1
        for _, r in rows.iterrows():
            _draw_row(ax, y, r, fontsize)
            if r.get("rung", False):
                rungs.append((r.point, y))
            ys.append(y)
            labels.append(r.label)
            y -= 1
        y -= 0.4
    bottom = (ys[-1] if ys else 0.0) - 0.7
    for x, top in rungs:
        ax.vlines(x, bottom, top, colors=codebook.NEUTRAL, linestyles=(0, (4, 3)), lw=1.4, zorder=1)
    for i, (hy, text) in enumerate(heads):
        ax.text(0.005, hy, text, transform=ax.get_yaxis_transform(), ha="left", va="center",
                fontsize=fontsize + 1, color=codebook.INK, zorder=5,
                bbox=dict(facecolor="white", edgecolor="none", pad=1.5))
        if i:
            ax.axhline(hy + 0.7, color=codebook.NEUTRAL, lw=1)
    ax.set_yticks(ys, labels, fontsize=fontsize)
    ax.set_ylim(bottom, 0.6)
    ax.grid(axis="y", visible=False)
    return ys


def _draw_row(ax, y: float, r, fontsize: float) -> None:
    c = r.colour
    rec = r.get("record", math.nan)
    if rec == rec and rec is not None:  # a finite record figure: the line from claim to record, and the record
        ax.plot([r.point, rec], [y, y], color=c, lw=2.5, alpha=0.8, zorder=1, solid_capstyle="butt")
        ax.plot([rec], [y], ls="", marker="|", markersize=20, mew=3, color=codebook.INK, zorder=4)
    kit.interval(ax, y, lo=r.lo, hi=r.hi, value=r.point, qualifier=r.qualifier, colour=c,
                 face="white" if r.hollow else c, marker="D" if r.moe else None, with_caps=True,
                 claim=r.claim)
    ax.text(1.02, y, r.right, transform=ax.get_yaxis_transform(), va="center", ha="left",
            fontsize=fontsize, clip_on=False, linespacing=1.15)


def ladder_handles() -> list:
    """Legend for the ladder: the two region colours, then what the shapes mean."""
    from matplotlib.lines import Line2D

    grey = codebook.NEUTRAL
    return kit.region_handles(["US", "China"]) + [
        kit.marker_handle("no region 未指明", colour=codebook.NO_REGION),
        kit.marker_handle(codebook.ARCHITECTURE.label("sparse"), marker="D", colour=grey, size=9),
        kit.marker_handle("hypothetical / planned 假设/计划", colour=grey, hollow=True),
        kit.marker_handle("more than 以上 (arrow)", marker=">", colour=grey),
        Line2D([], [], ls=(0, (4, 3)), color=grey, lw=1.3, label="threshold rung 门槛"),
    ]


def verdict_handles(hollow: bool = True) -> list:
    """Legend for the record rows: the three verdict colours, the record's mark, hollow = hypothetical."""
    from matplotlib.lines import Line2D

    out = [kit.marker_handle(codebook.STATUS.label(s), colour=codebook.STATUS.colour(s))
           for s in ("agrees", "differs", "not_comparable")]
    out.append(Line2D([], [], ls="", marker="|", markersize=16, mew=3, color=codebook.INK,
                      label="public record 公开记录"))
    if hollow:
        out.append(kit.marker_handle("hypothetical 假设", colour=codebook.NEUTRAL, hollow=True))
    return out


def check_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows for :func:`draw_rows` from verdict rows (``verdict``, ``subject``, ``fact``, ``record_value``,
    the claim's point/lo/hi/qualifier/hollow/value): the verdict's colour, the fact named at the right."""
    def right(r):
        v = sig(r.record_value)
        rec = f"record {fmt_en(v)} ({fmt_zh(v)})" if v == v else "record: " + codebook.STATUS.words("undisclosed")
        return f"{codebook.STATUS.term(r.verdict).symbol} {r.fact}\nsaid {r.value} · {rec}"

    return rows.assign(label=rows.subject, claim=rows.claim_id, record=rows.record_value, moe=False, rung=False,
                       colour=rows.verdict.map(codebook.STATUS.colours()),
                       right=[right(r) for r in rows.itertuples()])


# --------------------------------------------------------------------------- Wang Jian's consolidation


def draw_consolidation(ax, today: tuple[float, float, float], target: tuple[float, float, float],
                       claims: dict[str, str] | None = None, fontsize: float = 13) -> None:
    """Wang Jian's image to scale: every model a tile whose area is its parameter count.

    ``today`` and ``target`` are ``(number of models, size of each, total)``, as the notebook works them
    out. Left, today's field as one block of filled tiles (:func:`tiles` with ``square_block``); right,
    the target's hollow squares (hypothetical). Both share one scale (equal aspect), so areas, and so
    total parameters, compare directly. ``claims`` maps ``before``/``after`` to the claim each group of
    tiles links to (their size) and ``before_count``/``after_count`` to the claim each label links to
    (the number of models). China's colour: the models are China's.
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    (n_before, size_before, total_before), (n_after, size_after, total_after) = today, target
    colour = codebook.REGION.colour("China")
    side_after = math.sqrt(size_after)
    before = tiles(int(n_before), size_before, square_block=True)
    side_before_block = math.sqrt(total_before)
    x_after = side_before_block + side_after * 0.9
    after = tiles(int(n_after), size_after, origin=(x_after, 0.0), gap=side_after * 0.08)
    groups = {"before": PatchCollection([Rectangle((x, y), w, h) for x, y, w, h in before], facecolor=colour,
                                        edgecolor="white", lw=0.4),
              "after": PatchCollection([Rectangle((x, y), w, h) for x, y, w, h in after], facecolor="white",
                                       edgecolor=colour, lw=1.8, linestyle="--")}
    for key, coll in groups.items():
        ax.add_collection(coll)
        if claims and key in claims:
            coll.set_urls([kit.claim_url(claims[key])] * len(coll.get_paths()))
    top = max(y + h for _, y, _, h in after)
    right = max(x + w for x, _, w, _ in after)
    ax.set_xlim(-side_after * 0.05, right + side_after * 0.05)
    ax.set_ylim(-side_after * 0.05, top + side_after * 0.62)
    ax.set_aspect("equal")
    ax.axis("off")
    before_label = ax.text(0, side_before_block + side_after * 0.1,
                           f"today 现在\n{fmt_plain(n_before)} × {fmt_en(size_before)} ({fmt_zh(size_before)})\n"
                           f"= {fmt_en(total_before)} ({fmt_zh(total_before)})", ha="left", va="bottom", fontsize=fontsize)
    after_label = ax.text(x_after, top + side_after * 0.1,
                          f"target 目标 (hypothetical 假设): {fmt_plain(n_after)} × {fmt_en(size_after)} "
                          f"({fmt_zh(size_after)}) = {fmt_en(total_after)} ({fmt_zh(total_after)})", ha="left",
                          va="bottom", fontsize=fontsize)
    for key, label in (("before_count", before_label), ("after_count", after_label)):
        if claims and key in claims:
            kit.link(label, claims[key])
