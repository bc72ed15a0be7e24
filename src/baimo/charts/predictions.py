"""Charts for notebook 05 (what happened next): the scorecard as one square per forecast, the
said-to-resolved timeline, estimated against measured lag, the field of the 百模大战, model sizes
after the articles, and export-control events.

Verdicts are drawn only in the codebook's evidence colours (:data:`baimo.core.codebook.VERDICT`);
regions only in US blue / China vermillion; everything else in ink and greys. Every mark that
stands for a forecast, claim or outcome is linked to its row (:func:`baimo.charts.kit.link`).
"""

from __future__ import annotations

import math

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from ..analysis.predictions import RESOLVABLE
from ..core import codebook
from ..core.numbers import fmt_en, qualifier_mark
from . import kit

VERDICT_COLOURS = codebook.VERDICT.colours()
REGION_COLOURS = codebook.REGION.colours()
INK, NEUTRAL, BACKGROUND = codebook.INK, codebook.NEUTRAL, codebook.BACKGROUND


def verdict_handles(verdicts=None) -> list:
    """Legend patches for the verdicts (all, in codebook order, unless ``verdicts`` is given)."""
    verdicts = verdicts or codebook.VERDICT.values
    return [Patch(facecolor=VERDICT_COLOURS[v], edgecolor=NEUTRAL, label=codebook.VERDICT.label(v)) for v in verdicts]


# --------------------------------------------------------------------------- the scorecard


def units_height(totals, per_line: int = 22) -> float:
    """Height (in squares) :func:`draw_units` needs for groups of ``totals`` forecasts."""
    return sum(max(1, math.ceil(n / per_line)) + 0.35 for n in totals)


def draw_units(ax, df: pd.DataFrame, by: str, order, labels: dict, per_line: int = 22,
               header: str = "came true / scorable\n应验 / 可判定") -> None:
    """One square per forecast, a row (or rows of ``per_line``) per value of ``by`` in ``order``;
    squares in verdict order and colour, each linked to its forecast. Right of each group:
    came true / scorable (came true + partly + did not)."""
    rank = {v: i for i, v in enumerate(codebook.VERDICT.values)}
    y, ticks = 0.0, []
    for g in order:
        sub = df[df[by] == g].assign(_r=lambda d: d.verdict.map(rank)).sort_values(["_r", "prediction_id"])
        lines = max(1, math.ceil(len(sub) / per_line))
        for k, r in enumerate(sub.itertuples()):
            x, yy = k % per_line, y + k // per_line
            sq = Rectangle((x + 0.08, -yy - 0.92), 0.84, 0.84, facecolor=VERDICT_COLOURS[r.verdict],
                           edgecolor=NEUTRAL, lw=0.8)
            ax.add_patch(kit.link(sq, r.prediction_id))
        scorable = int(sub.verdict.isin(RESOLVABLE).sum())
        hits = int((sub.verdict == "came_true").sum())
        ax.text(per_line + 0.6, -y - 0.5, f"{hits} / {scorable}" if scorable else "– / 0", va="center", fontsize=12)
        ticks.append((-y - lines / 2, labels.get(g, g)))
        y += lines + 0.35
    ax.text(per_line + 0.6, 0.25, header, va="bottom", fontsize=11.5, color=NEUTRAL)
    ax.set_xlim(0, per_line + 4.2)
    ax.set_ylim(-y + 0.2, 0.2)
    ax.set_aspect("equal")
    ax.set_yticks([t for t, _ in ticks], [lab for _, lab in ticks])
    ax.set_xticks([])
    ax.grid(False)
    for s in ax.spines.values():
        s.set_visible(False)


# --------------------------------------------------------------------------- said → resolved


def _row_positions(tl: pd.DataFrame, gap: float = 1.6) -> tuple[np.ndarray, list]:
    """y for each row (top down, a gap between articles) and (centre, article) per group."""
    ys, groups, y = [], [], 0.0
    for art, g in tl.groupby("article_id", sort=False):
        first = y
        for _ in range(len(g)):
            ys.append(-y)
            y += 1
        groups.append((-(first + y - 1) / 2, art, len(g)))
        y += gap
    return np.array(ys), groups


def draw_timeline(ax, tl: pd.DataFrame, as_of, right_edge, group_labels: dict) -> None:
    """One row per forecast with an end (resolved, or open at ``as_of``), grouped by article: a grey
    line from when it was said to when it was settled, the end square in its verdict colour (linked),
    the due date as a black tick; open forecasts continue dotted to their due date (arrow if beyond
    ``right_edge``)."""
    as_of, right_edge = pd.Timestamp(as_of), pd.Timestamp(right_edge)
    rows = tl[tl.end_kind != "none"].reset_index(drop=True)
    ys, groups = _row_positions(rows)
    last_label = (None, 0.0)
    for y, r in zip(ys, rows.itertuples()):
        ax.plot([r.said_date, r.end_date], [y, y], color=NEUTRAL, lw=1.3, zorder=1, solid_capstyle="butt")
        ax.plot([r.said_date], [y], "o", color=INK, ms=3, zorder=2)
        if r.end_kind == "open" and pd.notna(r.due_date) and r.due_date > as_of:
            end = min(r.due_date, right_edge)
            ax.plot([as_of, end], [y, y], ls=":", color=NEUTRAL, lw=1.5, zorder=1)
            text = f"due {r.due_date:%Y}"
            if r.due_date > right_edge and (text != last_label[0] or abs(y - last_label[1]) > 2.5):
                ax.annotate(text, (right_edge, y), xytext=(4, 0), textcoords="offset points",
                            va="center", fontsize=10.5, color=NEUTRAL, annotation_clip=False)
                last_label = (text, y)
        if pd.notna(r.due_date) and r.due_date <= right_edge:
            ax.plot([r.due_date], [y], "|", color=INK, ms=9, mew=2, zorder=3)
        (m,) = ax.plot([r.end_date], [y], "s", ms=7.5, color=VERDICT_COLOURS[r.verdict], mec=NEUTRAL, mew=0.8, zorder=4)
        kit.link(m, r.prediction_id)
    ax.axvline(as_of, color=INK, lw=1.2, ls="--", zorder=0)
    ax.annotate(f"verdicts as of {as_of:%Y-%m-%d}\n判定截至", (as_of, 1), xycoords=("data", "axes fraction"),
                xytext=(-4, -2), textcoords="offset points", ha="right", va="top", fontsize=11)
    ax.set_yticks([c for c, _, _ in groups], [group_labels.get(a, a) + f"\n{n} forecasts" for _, a, n in groups])
    ax.set_ylim(min(ys) - 1, 1.5)
    ax.set_xlim(rows.said_date.min() - pd.Timedelta(days=60), right_edge)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="y", visible=False)


# --------------------------------------------------------------------------- estimated vs measured lag


def draw_lag_rows(ax, est: pd.DataFrame, measured: pd.DataFrame, band: tuple[float, float] | None = None) -> None:
    """Years behind, one row each: the articles' estimates (top; coloured by the verdict of the forecast
    resting on them, white where none does; linked to the claim) and the measured lags (bottom, ink
    diamonds and bars; linked to the outcome). ``right`` is printed at the right of each row. ``band``
    (low, high), a measured range, is shaded behind every row so the estimates can be read against it."""
    rows = pd.concat([est.assign(kind="estimate"), measured.assign(kind="measured")], ignore_index=True)
    n = len(rows)
    if band is not None:
        ax.axvspan(*band, color=BACKGROUND, alpha=0.6, lw=0, zorder=0)
    for i, r in rows.iterrows():
        y = n - 1 - i
        colour = INK if r.kind == "measured" else VERDICT_COLOURS.get(r.verdict, VERDICT_COLOURS["unresolvable"])
        edge = INK if r.kind == "measured" else NEUTRAL
        if pd.notna(r.lo) and pd.notna(r.hi):
            if colour == VERDICT_COLOURS["unresolvable"]:  # a white bar needs an outline to be seen
                kit.bar(ax, y, r.lo, r.hi, NEUTRAL, width=11, zorder=1.5)
            kit.bar(ax, y, r.lo, r.hi, colour, width=9, claim=r.id)
            kit.caps(ax, y, [r.lo, r.hi], edge, size=14, width=1.5)
        if pd.notna(r.point):
            kit.point(ax, y, r.point, colour, face=colour, marker="D" if r.kind == "measured" else "o",
                      size=11, edge=1.5, claim=r.id).set_markeredgecolor(edge)
        ax.text(1.02, y, r.right, transform=ax.get_yaxis_transform(), va="center", fontsize=12, clip_on=False)
    ax.axhline(n - len(est) - 0.5, color=INK, lw=1.2)
    ax.set_yticks(range(n), list(rows.label)[::-1])
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlim(0, max(rows[["hi", "point"]].max()) * 1.08)
    ax.set_xlabel("years China is behind the US · 中国落后美国的年数")
    ax.grid(axis="y", visible=False)


def lag_handles(band_label: str) -> list:
    """Legend for :func:`draw_lag_rows`: the verdicts an estimate can carry, no forecast, a measured lag
    and the shaded measured range (``band_label``)."""
    return verdict_handles(["came_true", "partly", "did_not", "too_early"]) + [
        kit.marker_handle("no forecast rests on it\n无对应预测", hollow=True, colour=NEUTRAL),
        kit.marker_handle("measured 实测", marker="D", colour=INK),
        Patch(facecolor=BACKGROUND, edgecolor="none", alpha=0.6, label=band_label)]


def draw_arena(ax, gap: pd.DataFrame, articles: tuple, as_of, span_label: str) -> None:
    """The US lead on Chatbot Arena over time (ink, linked to its outcome), with the period ``articles``
    (start, end) shaded and labelled ``span_label``."""
    ax.axvspan(articles[0], articles[1], color=BACKGROUND, alpha=0.7, lw=0)
    ax.annotate(span_label, (articles[0], 0.03), xycoords=("data", "axes fraction"),
                xytext=(6, 0), textcoords="offset points", va="bottom", fontsize=11, color=NEUTRAL)
    ax.plot(gap.date, gap.percent, "-", color=INK, lw=2, zorder=2)
    p = list(gap.percent)
    for k, r in enumerate(gap.itertuples()):
        (m,) = ax.plot([r.date], [r.percent], "D", color=INK, ms=10, zorder=3)
        kit.link(m, r.outcome_id)
        low = all(r.percent <= q for q in p[max(k - 1, 0): k + 2])  # a trough: label below the line
        ax.annotate(f"{r.percent:g}% · {r.outcome_id}", (r.date, r.percent), xytext=(8, -10 if low else 6),
                    textcoords="offset points", va="top" if low else "bottom", fontsize=12)
    ax.set_ylim(0, gap.percent.max() * 1.35)
    ax.set_xlim(articles[0] - pd.Timedelta(days=45), pd.Timestamp(as_of))
    ax.set_ylabel("US lead, % of score\n美国领先幅度（%）")
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))


# --------------------------------------------------------------------------- the field of the 百模大战


#: How a number on the field chart was arrived at (``kind``): said in an article (hollow grey), counted
#: afterwards (filled ink), or a speaker's own later view (an ink cross: an opinion, not a count).
FIELD_KINDS = ("said", "counted", "view")


def draw_field(ax, pts: pd.DataFrame, labels: dict, series: list, band: pd.Series | None = None,
               band_end=None, left=()) -> None:
    """Counts on a log axis over time. ``series`` ids are joined by an ink line (a measured series);
    each row's ``kind`` (:data:`FIELD_KINDS`) sets its mark: ``said`` hollow grey, ``counted`` filled ink,
    ``view`` an ink cross; ranges are vertical bars; lower bounds are up-triangles, hypotheticals
    diamonds. ``band`` (a claim with ``lo``/``hi``) is shaded from its date to ``band_end``. Labels sit
    right of their marks (above and to the left for the ids in ``left``). Every mark is linked."""
    if band is not None:
        ax.fill_between([band.date, pd.Timestamp(band_end)], band.lo, band.hi, color=BACKGROUND, alpha=0.8, lw=0, zorder=0)
        kit.bar(ax, band.date, band.lo, band.hi, NEUTRAL, vertical=True, width=5, claim=band.id)
    line = pts.set_index("id").loc[series]
    ax.plot(line.date, line.value, "-", color=INK, lw=2, zorder=1)
    for r in pts.itertuples():
        said = r.kind == "said"
        colour = NEUTRAL if said else INK
        link = r.id
        if r.qualifier == "range":
            kit.bar(ax, r.date, r.lo, r.hi, colour, vertical=True, width=5, claim=link)
            y = math.sqrt(r.lo * r.hi)
        else:
            y = r.value
            marker = "^" if r.qualifier in kit.LOWER_BOUNDS else ("D" if r.modality == "hypothetical" else "o")
            marker = "X" if r.kind == "view" else marker
            kit.point(ax, r.date, y, colour, face="white" if said else colour, marker=marker, vertical=True,
                      size=11, claim=link)
        ax.annotate(labels[r.id], (r.date, y), xytext=(2, 9) if r.id in left else (9, 0), textcoords="offset points",
                    va="bottom" if r.id in left else "center", ha="right" if r.id in left else "left", fontsize=11.5,
                    bbox=dict(fc="white", ec="none", alpha=0.85, pad=0.5))
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")


def field_handles(band_label: str) -> list:
    """Legend for :func:`draw_field`: how each number was arrived at, its marks, and the shaded band."""
    return [kit.marker_handle("said in an article 文章中的说法", colour=NEUTRAL, hollow=True),
            kit.marker_handle("counted afterwards 事后统计", colour=INK),
            kit.marker_handle("a speaker's own later view 发言人事后的看法", marker="X", colour=INK),
            kit.marker_handle("or more 以上", marker="^", colour=NEUTRAL, hollow=True),
            kit.marker_handle("hypothetical 假设", marker="D", colour=NEUTRAL, hollow=True),
            Line2D([], [], color=NEUTRAL, lw=5, label="a range 范围"),
            Patch(facecolor=BACKGROUND, edgecolor="none", label=band_label)]


def number_note(r) -> str:
    """A number as printed beside its mark: a claim's own words (with its modality, e.g. 预测 forecast),
    else a range ``4M–5M`` or the number with its qualifier (``>1M``)."""
    if r.table == "claims":
        return f"{r.text}{qualifier_mark(r.qualifier, r.modality)[1]}"
    if r.qualifier == "range":
        return f"{fmt_en(r.lo)}–{fmt_en(r.hi)}"
    return f"{qualifier_mark(r.qualifier)[0]}{fmt_en(r.value)}"


def estimate_note(r) -> str:
    """Right of a lag estimate: its words (with ≈, ≤ … unless a range), its dimension, and the verdict
    and id of the first forecast resting on it (``–`` where none does)."""
    mark = "" if r.qualifier == "range" else qualifier_mark(r.qualifier, r.modality)[0]
    rests = f"{codebook.VERDICT.term(r.verdict).symbol} {r.pids[0]}" if len(r.pids) else "–"
    return f"{mark}{r.original} · {codebook.DIMENSION.term(r.dimension).en} · {rests}"


def months_note(r) -> str:
    """Right of a measured lag: the months as given, then the conversion drawn (``7 (4–14) months ÷ 12``)."""
    span = f" ({r.lo_months:g}–{r.hi_months:g})" if pd.notna(r.lo_months) else ""
    return f"{r.months:g}{span} months ÷ 12 · {r.outcome_id}"


def size_note(r) -> str:
    """Right of a model's row: total (``> 1T`` for a lower bound), active parameters or what is known of
    its architecture, and its outcome id."""
    total = f"> {fmt_en(r.total)}" if r.qualifier == "more_than" else fmt_en(r.total)
    if pd.notna(r.active):
        kind = f" total · {fmt_en(r.active)} active"
    else:
        kind = " dense" if r.architecture == "dense" else ", closed weights"
    return f"{total}{kind} · {r.outcome_id}"


# --------------------------------------------------------------------------- model sizes


def draw_sizes(ax, sizes: pd.DataFrame, thresholds: pd.DataFrame) -> None:
    """One row per model (largest at the top) on a log axis: total parameters (filled circle for a
    sparse model, square for a dense one, triangle for a lower bound) and, for sparse models, the
    parameters active per token (hollow circle) joined by a thin line; colour = region; each row linked
    to its outcome. ``thresholds`` (``value``, ``label``, ``id``) are the articles' sizes, as
    vertical dashed lines linked to their claims."""
    n = len(sizes)
    ax.set_xscale("log")
    for i, r in sizes.reset_index(drop=True).iterrows():
        y = n - 1 - i
        c = REGION_COLOURS[r.region]
        if pd.notna(r.active):
            ax.plot([r.active, r.total], [y, y], color=c, lw=1.5, zorder=1)
            kit.point(ax, y, r.active, c, face="white", size=9, edge=2, claim=r.outcome_id)
        marker = "s" if r.architecture == "dense" else ("^" if r.qualifier == "more_than" else "o")
        kit.point(ax, y, r.total, c, marker=marker if marker != "^" else ">", size=11, claim=r.outcome_id)
        ax.text(1.02, y, r.right, transform=ax.get_yaxis_transform(), va="center", fontsize=12, clip_on=False)
    for k, t in enumerate(thresholds.sort_values("value").itertuples()):  # labels on two levels, never touching
        line = ax.axvline(t.value, color=NEUTRAL, ls="--", lw=1.3, zorder=0)
        kit.link(line, t.id)
        ax.annotate(t.label, (t.value, 1), xycoords=("data", "axes fraction"), xytext=(0, 4 + 30 * (k % 2)),
                    textcoords="offset points", ha="center", va="bottom", fontsize=11.5, color=NEUTRAL)
    lo, hi = kit.log_limits(list(sizes.total) + list(sizes.active.dropna()), pad_low=1.5, pad_high=1.5)
    kit.decade_ticks(ax, lo, hi)
    ax.set_yticks(range(n), list(sizes.label)[::-1])
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlabel("parameters 参数")
    ax.grid(axis="y", visible=False)


def size_handles() -> list:
    return [kit.marker_handle("total, mixture of experts 总参数（稀疏）"),
            kit.marker_handle("active per token 每次激活", hollow=True),
            kit.marker_handle("dense 稠密", marker="s"),
            kit.marker_handle("more than 超过", marker=">")] + kit.region_handles(["US", "China"])


# --------------------------------------------------------------------------- compute events


def draw_events(ax, events: pd.DataFrame, spans: pd.DataFrame, as_of) -> None:
    """A time strip: ``spans`` (``start``, ``end``, ``label``, ``id``, ``verdict``) as grey bars ending in
    their verdict colour (top); ``events`` (``date``, ``label``, ``region``, ``direction``: tighter ▼ /
    looser ▲ / proposed ◇ in the acting government's colour, or ``company`` ● in ink; ``id``) one per
    row below, in date order, each labelled at its right."""
    for k, s in enumerate(spans.itertuples()):
        y = 0.9 + 0.75 * (len(spans) - 1 - k)
        ax.plot([s.start, s.end], [y, y], color=NEUTRAL, lw=6, solid_capstyle="butt", zorder=1)
        (m,) = ax.plot([s.end], [y], "s", ms=12, color=VERDICT_COLOURS[s.verdict], mec=NEUTRAL, zorder=2)
        kit.link(m, s.id)
        ax.annotate(s.label, (s.start, y), xytext=(0, 8), textcoords="offset points", fontsize=12, va="bottom")
    marker = {"tighter": "v", "looser": "^", "proposed": "D", "company": "o"}
    for k, e in enumerate(events.sort_values("date").itertuples()):
        y = -0.7 * k
        colour = INK if e.direction == "company" else REGION_COLOURS[e.region]
        ax.axvline(e.date, color=BACKGROUND, lw=1, zorder=0)
        (m,) = ax.plot([e.date], [y], marker[e.direction], ms=13, color=colour,
                       mfc="white" if e.direction == "proposed" else colour, mew=2.2, zorder=3)
        kit.link(m, e.id)
        ax.annotate(f"{e.label} · {e.id}", (e.date, y), xytext=(11, 0), textcoords="offset points", va="center",
                    fontsize=12)
    ax.axvline(pd.Timestamp(as_of), color=INK, lw=1.2, ls="--")
    ax.set_yticks([])
    ax.set_ylim(-0.7 * len(events) + 0.2, 0.9 + 0.75 * len(spans) + 0.1)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1, 7]))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.grid(axis="y", visible=False)


def event_handles() -> list:
    return [Line2D([], [], marker="v", ls="", color=INK, ms=11, label="tighter 收紧"),
            Line2D([], [], marker="^", ls="", color=INK, ms=11, label="looser 放松"),
            Line2D([], [], marker="D", ls="", mfc="white", mec=INK, mew=2, ms=10, label="proposed 提议"),
            Line2D([], [], marker="o", ls="", color=INK, ms=10, label="a company's move 企业动作")] \
        + kit.region_handles(["US", "China"])

