"""Computations behind notebook 03 (parameter scales 参数规模).

* :func:`ladder_items` turns ``parameters.csv`` into the rungs of the ladder chart: one item per
  number said in one sentence, repeats of the same number in one lane merged (``千亿 ×5``),
  thresholds kept apart to be drawn as horizontal rungs.
* :func:`spread` moves label positions apart (1-D, least displacement) so no two overlap.
* :func:`consolidation` does the arithmetic of Wang Jian's image (200 models of 10亿 → 20 of 2000亿)
  and :func:`grid_shape` lays the models out as tiles whose areas are their parameter counts.
* :func:`brain_check` puts the article's brain numbers beside the public record's.

Numbers are read with :func:`baimo.compute.quantity`; labels use the article's own wording
(``original``), so the chart shows what was said, and the axis gives 万/亿 and B/T.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from . import BaimoError, plotting
from .compute import fmt_en, fmt_plain, fmt_zh, join_ids, quantity, record_number

#: Lanes of the ladder, left to right (thresholds are drawn as rungs across all lanes).
LANES = {
    "named_model": "Named models 具名模型",
    "generic": "Generic 泛指",
    "hypothetical": "Hypothetical 假设",
    "brain": "Human brain 人脑",
}

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
    (the same number said again: ``千亿 ×5``). Each item has ``lane`` (a :data:`LANES` key or
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

    def merge(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        out = []
        for _, g in frame.groupby(keys, sort=False, dropna=False):
            first = g.iloc[0].copy()
            models = list(dict.fromkeys(m for ms in g.models for m in ms if m))
            first["models"] = models
            first["claim_ids"] = [c for ids in g.claim_ids for c in ids]
            first["moe"] = bool(g["moe"].any())
            first["hollow"] = bool(g["hollow"].all())
            out.append(first)
        return pd.DataFrame(out)

    df["models"] = [[m] for m in df.model]
    df["claim_ids"] = [[c] for c in df.claim_id]
    df["unit_key"] = df.unit
    df = merge(df, ["lane", "point", "quote", "unit_key"])
    df["model_key"] = [" · ".join(m) for m in df.models]
    df = merge(df, ["lane", "point", "model_key", "unit_key"])

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
    df["key"] = df.label
    df["ids"] = [join_ids(ids) for ids in df.claim_ids]
    return df.drop(columns=["model", "model_key", "unit_key", "claim_id", "quote"]).reset_index(drop=True)


def spread(positions, min_gap: float) -> np.ndarray:
    """Move 1-D label positions apart so neighbours are at least ``min_gap`` apart.

    Overlapping labels are pooled into blocks centred on the mean of their wanted positions,
    spaced exactly ``min_gap``; blocks that then overlap are pooled again (so the total squared
    displacement is as small as the ordering allows). Returns positions in the input order.
    """
    pos = np.asarray(positions, dtype=float)
    if pos.size == 0:
        return pos.copy()
    order = np.argsort(pos, kind="stable")
    wanted = pos[order]
    # blocks: [start index, count, centre]
    blocks: list[list[float]] = []
    for i, w in enumerate(wanted):
        blocks.append([i, 1, w])
        while len(blocks) > 1:
            s1, n1, c1 = blocks[-2]
            s2, n2, c2 = blocks[-1]
            top1 = c1 + (n1 - 1) * min_gap / 2
            bottom2 = c2 - (n2 - 1) * min_gap / 2
            if bottom2 - top1 >= min_gap - 1e-12:
                break
            n = n1 + n2
            # centre that minimises squared displacement of the pooled block
            offsets = (np.arange(n) - (n - 1) / 2) * min_gap
            centre = float(np.mean(wanted[int(s1): int(s1) + n] - offsets))
            blocks[-2:] = [[s1, n, centre]]
    placed = np.empty_like(wanted)
    for s, n, c in blocks:
        n = int(n)
        placed[int(s): int(s) + n] = c + (np.arange(n) - (n - 1) / 2) * min_gap
    out = np.empty_like(pos)
    out[order] = placed
    return out


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


def decade_label(x: float) -> str:
    """Axis label for a power of ten: ``1e11`` → ``1000亿 · 100B``."""
    return f"{fmt_zh(x)} · {fmt_en(x)}"




# --------------------------------------------------------------------------- dates


def parse_date(text: str) -> pd.Timestamp:
    """The first ISO date or month in ``text`` (``2023-11-30 (HF upload) / …`` → 2023-11-30;
    ``2021-05`` → 2021-05-01), or NaT."""
    import re

    m = re.search(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b", str(text))
    if not m:
        return pd.NaT
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    try:
        return pd.Timestamp(year=y, month=mo, day=d)
    except ValueError:
        return pd.NaT


def months_between(earlier: pd.Timestamp, later: pd.Timestamp) -> float:
    """Whole months from ``earlier`` to ``later`` (negative if ``later`` comes first); NaN if unknown."""
    if pd.isna(earlier) or pd.isna(later):
        return math.nan
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    if later.day < earlier.day:
        months -= 1
    return float(months)


# --------------------------------------------------------------------------- charts


def draw_ladder(ax, items: pd.DataFrame, extra: pd.DataFrame | None = None, fontsize: float = 12,
                ylim: tuple[float, float] | None = None) -> None:
    """The parameter ladder: one column per lane of :data:`LANES`, thresholds as rungs across.

    ``items`` is :func:`ladder_items`; ``extra`` (optional) adds reference marks with ``lane``,
    ``point`` and ``label`` columns (drawn as black diamonds, e.g. the public record's brain
    counts). Labels sit right of their marks, moved apart vertically with :func:`spread` and
    joined to the mark by a thin leader when moved; each lane is as wide as its longest label
    (measured), so labels of neighbouring lanes never overlap.
    """
    import matplotlib.transforms as mtransforms

    from .compute import decade_ticks

    lanes = list(LANES)
    values = list(items.lo[items.lo > 0]) + list(items.point)
    if extra is not None:
        values += list(extra.point)
    lo, hi = ylim or (10 ** math.floor(math.log10(min(values)) - 0.3), 10 ** math.ceil(math.log10(max(values)) + 0.1))
    ax.set_yscale("log")
    decade_ticks(ax, lo, hi, axis="y")
    ax.set_xticks([])
    ax.grid(axis="both", visible=False)

    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = ax.get_window_extent()
    width_in, height_in = box.width / fig.dpi, box.height / fig.dpi
    ax.set_xlim(0, width_in)  # x in inches from the left edge of the axes
    per_decade = height_in / (math.log10(hi) - math.log10(lo))
    gap = fontsize * 1.5 / 72 / per_decade  # one text line, in decades
    label_style = dict(va="center", ha="left", fontsize=fontsize, zorder=4,
                       bbox=dict(facecolor="white", edgecolor="none", pad=0.6, alpha=0.9))

    # thresholds: rungs across every lane, labelled right of the axes
    rungs = items[items.lane == "threshold"].sort_values("point")
    ys = 10 ** spread(np.log10(rungs.point.to_numpy(dtype=float)), gap)
    blend = mtransforms.blended_transform_factory(ax.transAxes, ax.transData)
    for (_, r), y in zip(rungs.iterrows(), ys):
        ax.axhline(r.point, color="#777777", lw=1.6, ls=(0, (5, 3)), zorder=1)
        ax.text(1.01, y, f"{r.label} · threshold 门槛", transform=blend, va="center", ha="left",
                fontsize=fontsize, color="#444444", clip_on=False)

    marker_in, lead_in = 0.35, 0.3
    lane_rows, widths = {}, {}
    for lane in lanes:
        sub = items[items.lane == lane].copy()
        sub["is_extra"] = False
        if extra is not None and (extra.lane == lane).any():
            ex = extra[extra.lane == lane]
            ex = ex.assign(is_extra=True, lo=ex.point, hi=ex.point, qualifier="exact", moe=False, hollow=False)
            sub = pd.concat([sub, ex], ignore_index=True)
        sub = sub.sort_values("point", kind="stable").reset_index(drop=True)
        lane_rows[lane] = sub
        probes = [ax.text(0, lo, r.label, **label_style)
                  for _, r in sub.iterrows()]
        title = ax.text(0, lo, LANES[lane], fontsize=fontsize + 2)
        label_w = max([t.get_window_extent(renderer).width / fig.dpi for t in probes], default=0.0)
        widths[lane] = max(marker_in / 2 + lead_in + label_w, title.get_window_extent(renderer).width / fig.dpi)
        for t in probes + [title]:
            t.remove()
    spare = width_in - 0.15 - sum(widths.values())
    lane_gap_in = max(spare / max(len(lanes) - 1, 1), 0.2)
    if spare < 0.2 * (len(lanes) - 1):
        ax.set_xlim(0, 0.15 + sum(widths.values()) + 0.2 * (len(lanes) - 1))  # squeeze rather than clip

    cursor = 0.15
    top = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    for lane in lanes:
        sub = lane_rows[lane]
        x = cursor + marker_in / 2
        ax.text(cursor, 1.012, LANES[lane], transform=top, ha="left", va="bottom", fontsize=fontsize + 2)
        label_y = 10 ** spread(np.log10(sub.point.to_numpy(dtype=float)), gap) if len(sub) else []
        for (_, r), ly in zip(sub.iterrows(), label_y):
            c = "#000000" if r.is_extra else plotting.REGION_COLOURS.get(r.region, "#999999")
            face = "white" if (r.hollow or r.is_extra) else c
            if r.qualifier == "range":
                ax.plot([x, x], [r.lo, r.hi], color=c, lw=5, solid_capstyle="butt", zorder=2)
            else:
                if r.qualifier in ("more_than", "at_least"):
                    ax.annotate("", xy=(x, r.point * 2.0), xytext=(x, r.point),
                                arrowprops=dict(arrowstyle="->", color=c, lw=2), zorder=2)
                    marker = "^"
                else:
                    marker = "D" if (r.moe or r.is_extra) else "o"
                ax.plot([x], [r.point], ls="", marker=marker, markersize=11, markerfacecolor=face,
                        markeredgecolor=c, markeredgewidth=2.2, zorder=3)
            tx = x + lead_in
            ax.plot([x + 0.1, tx - 0.03], [r.point, ly], color="#888888", lw=0.8, zorder=1)
            ax.text(tx, ly, r.label, **label_style)
        cursor += widths[lane] + lane_gap_in


def draw_consolidation(ax, c: dict, colour: str | None = None, fontsize: float = 13) -> None:
    """Wang Jian's image to scale: every model a tile whose area is its parameter count.

    Left, today's field as one block of ``n_before`` tiles (:func:`tiles` with ``square_block``);
    right, ``n_after`` squares of the target size. Both share one scale (equal aspect), so areas,
    and so total parameters, compare directly.
    """
    from matplotlib.patches import Rectangle

    colour = colour or plotting.REGION_COLOURS["China"]
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

    names = {"US": "US 美国", "China": "China 中国", "n/a": "unspecified 未指明"}
    out = [Line2D([], [], marker="o", ls="", color=plotting.REGION_COLOURS[r], markersize=10, label=names.get(r, r))
           for r in plotting.REGION_COLOURS if r in set(regions)]
    grey = "#444444"
    out += [
        Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor=grey, markeredgewidth=2,
               markersize=10, label="hypothetical / planned 假设/计划"),
        Line2D([], [], marker="D", ls="", color=grey, markersize=9, label="sparse (MoE) 稀疏"),
        Line2D([], [], marker="^", ls="", color=grey, markersize=10, label="lower bound 下限"),
        Line2D([], [], marker="D", ls="", markerfacecolor="white", markeredgecolor="black", markeredgewidth=2,
               markersize=9, label="public record 公开记录"),
        Line2D([], [], ls=(0, (5, 3)), color="#777777", lw=1.6, label="threshold 门槛"),
    ]
    return out
