"""Charts for notebook 02 (how far behind?): estimates in years, the judgement heatmaps, directions of
change, Wang Xiaochuan's revision, Liu Qingfeng's cycle, disagreements. Colour is only the judgement
scale (``codebook.BEHIND`` purple, white level, ``codebook.AHEAD`` gold); dimension, speaker and article
are told apart by position and labels, own vs reported by filled vs hollow, derived by dashes; every
mark that stands for a claim links to it."""

from __future__ import annotations

import textwrap

import pandas as pd

from ..analysis.lag import SCORE, TRENDS, with_dates
from ..core import codebook
from ..core.numbers import qualifier_mark
from . import kit

INK, NEUTRAL, BACKGROUND = codebook.INK, codebook.NEUTRAL, codebook.BACKGROUND
PART_EN = {"理想": "ideals (research)", "落地": "deployment"}
STAGE_LABELS = {"earlier": "earlier formula (recalled)\n早先的说法", "revised": "after the June 2023 US trip\n6月访美之后"}
#: How much of its colour a cell resting on a single judgement keeps (the rest is white).
SINGLE_KEEP = 0.4
DERIVED_DASH = (0, (2.5, 1.5))


# --------------------------------------------------------------------------- the judgement scale in colour


def judgement_colour(score: float) -> str:
    """The colour of a (mean) score on the scale ``codebook.JUDGEMENT_CMAP_COLOURS``: −3 (far behind) is
    BEHIND, 0 (level) white, +1 (ahead) AHEAD, blended linearly in between, each side on its own slope
    (so +1 is as saturated as −3)."""
    from matplotlib.colors import to_hex, to_rgb

    behind, level, ahead = (to_rgb(c) for c in codebook.JUDGEMENT_CMAP_COLOURS)
    end, share = (behind, score / min(SCORE.values())) if score < 0 else (ahead, score / max(SCORE.values()))
    share = min(max(share, 0.0), 1.0)
    return to_hex([w + (e - w) * share for w, e in zip(level, end)])


def muted(colour: str, keep: float = SINGLE_KEEP) -> str:
    """``colour`` blended with white, keeping ``keep`` of it (``keep=0`` is white)."""
    from matplotlib.colors import to_hex, to_rgb
    return to_hex([keep * c + (1 - keep) for c in to_rgb(colour)])


def text_colour(fill: str) -> str:
    """INK on light fills, white on dark ones (relative luminance below 0.4)."""
    from matplotlib.colors import to_rgb
    r, g, b = to_rgb(fill)
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.4 else INK


def scale_ticks(width: int = 8) -> tuple[list[int], list[str]]:
    """Positions and labels of the judgement scale, far behind first: English wrapped to ``width``
    characters over Chinese (``slightly\nbehind\n稍落后``)."""
    terms = sorted((codebook.JUDGEMENT.term(j) for j in SCORE), key=lambda t: t.score)
    return [t.score for t in terms], ["\n".join(textwrap.wrap(t.en, width) + [t.zh]) for t in terms]


def dim_label(dim: str, width: int = 10) -> str:
    """``compute &\\nchips\\n算力芯片``: English wrapped to ``width`` characters, then Chinese."""
    t = codebook.DIMENSION.term(dim)
    return "\n".join(textwrap.wrap(t.en, width, break_long_words=False) + [t.zh])


# --------------------------------------------------------------------------- numeric estimates


def estimate_text(r) -> str:
    """The wording at the right of an estimate row: original words, gloss, flags, claim id."""
    mark, tail = qualifier_mark(r.qualifier, r.modality)
    mark = "" if r.qualifier == "range" else mark
    flags = (["reported 转述"] if r.attribution == "reported" else []) + (["derived 推算"] if r.derived else [])
    return f"{mark}{r.original}{tail} · {r.gloss}" + (f" [{', '.join(flags)}]" if flags else "") + f" · {r.claim_id}"


def _estimate_mark(ax, y: float, r) -> None:
    """One estimate: filled (own) or hollow (reported); dashed (derived by the coder); linked."""
    face = INK if r.attribution == "own" and not r.derived else "white"
    if r.derived:
        if pd.notna(r.point):
            kit.link(ax.scatter([r.point], [y], s=170, facecolor="white", edgecolor=INK, linewidth=2.2,
                                linestyle=DERIVED_DASH, zorder=3), r.claim_id)
        else:
            kit.bar(ax, y, r.lo, r.hi, INK, width=7, style=(0, (1.2, 0.8)), claim=r.claim_id)
            kit.caps(ax, y, [r.lo, r.hi], INK, size=16, width=2)
        return
    if r.qualifier in kit.UPPER_BOUNDS:
        kit.interval(ax, y, lo=r.hi, hi=r.hi, value=r.hi, qualifier=r.qualifier, colour=INK, face=face,
                     claim=r.claim_id)
    elif pd.notna(r.point):
        kit.point(ax, y, r.point, INK, face=face, size=12, claim=r.claim_id)
    else:
        kit.bar(ax, y, r.lo, r.hi, INK, width=7, claim=r.claim_id)
        kit.caps(ax, y, [r.lo, r.hi], INK, size=16)
        if face == "white":
            kit.point(ax, y, (r.lo * r.hi) ** 0.5, INK, face="white", size=10)


YEAR_TICKS = [1 / 12, 0.5, 1, 3]
YEAR_LABELS = ["1 month\n1个月", "½ year\n半年", "1 year\n1年", "3 years\n3年"]


def draw_estimates(ax, est: pd.DataFrame, dims=None) -> list[float]:
    """Every estimate in years on a log axis, grouped by dimension (a heading per group, codebook
    order), in the order said within a group; the wording at the right. Returns the heading rows."""
    dims = dims or [d for d in codebook.VOCAB["dimension"] if d in set(est.dimension)]
    y, ticks, labels, headings = 0.0, [], [], []
    for d in dims:
        y -= 0.35
        headings.append(y)
        ax.text(0.0, y, f" {codebook.DIMENSION.label(d)}", transform=ax.get_yaxis_transform(), ha="left",
                va="center", fontsize=14, color=INK)
        for _, r in est[est.dimension == d].iterrows():
            y -= 1
            _estimate_mark(ax, y, r)
            ticks.append(y)
            labels.append(r.label)
            ax.text(1.02, y, estimate_text(r), transform=ax.get_yaxis_transform(), va="center", ha="left",
                    fontsize=12, color=INK, clip_on=False)
        y -= 0.45
        ax.axhline(y, color=BACKGROUND, lw=1.2)
    ax.set_xscale("log")
    ax.set_xticks(YEAR_TICKS, YEAR_LABELS)
    ax.xaxis.set_minor_locator(kit._no_minor())
    ax.set_xlim(1 / 24, 8)
    ax.set_yticks(ticks, labels)
    ax.set_ylim(y, 0.3)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("how far China is behind the US (log scale) · 中国落后美国多久（对数轴）")
    return headings


def estimate_handles() -> list:
    """Legend handles for :func:`draw_estimates`: own (filled), reported (hollow), derived (dashed)."""
    from matplotlib.lines import Line2D
    return [kit.marker_handle("own estimate 本人估计", colour=INK),
            kit.marker_handle("a view the speaker reports 转述他人", colour=INK, hollow=True),
            Line2D([], [], color=INK, lw=2.2, ls=DERIVED_DASH, marker="o", mfc="white", ms=10,
                   label="derived by the coder, not said as a gap 编码者推算")]


# --------------------------------------------------------------------------- the heatmaps


def _cell(ax, x: int, y: int, c) -> None:
    """One judged cell: fill = mean (lighter and hatched when n = 1), text, one square per judgement."""
    from matplotlib.patches import Rectangle

    single = c.n == 1
    fill = muted(judgement_colour(c["mean"])) if single else judgement_colour(c["mean"])
    ax.add_patch(Rectangle((x + 0.03, y + 0.03), 0.94, 0.94, facecolor=fill, edgecolor=NEUTRAL, lw=1.2,
                           hatch="///" if single else None, zorder=1))
    mean = f"{c['mean']:+.1f}".replace("-", "−").replace("+0.0", "0.0")
    ax.text(x + 0.5, y + 0.36, f"{mean}  n={c.n}", ha="center", va="center", fontsize=12,
            color=text_colour(fill), zorder=3,
            bbox={"boxstyle": "round,pad=0.15", "fc": fill, "ec": "none"} if single else None)
    per_line = 8
    size, gap = 0.085, 0.025
    for k, (cid, s) in enumerate(zip(c.claim_ids, c.scores)):
        line, pos = divmod(k, per_line)
        in_line = min(per_line, c.n - line * per_line)
        x0 = x + 0.5 - (in_line * size + (in_line - 1) * gap) / 2 + pos * (size + gap)
        y0 = y + 0.62 + line * (size + gap)
        kit.link(ax.add_patch(Rectangle((x0, y0), size, size, facecolor=judgement_colour(s), edgecolor=INK,
                                        lw=0.8, zorder=2)), cid)


def draw_score_heatmap(ax, cells: pd.DataFrame, row_labels=None) -> None:
    """Mean judgement per cell of :func:`baimo.analysis.lag.score_cells`, on the judgement scale.

    A cell resting on one judgement is drawn lighter and hatched; a cell with none is blank with a
    dash; under each mean, one small square per judgement in its own colour (linked to its claim),
    so a split that averages out to *level* stays visible.
    """
    rows, cols = list(dict.fromkeys(cells.row)), list(dict.fromkeys(cells.col))
    for _, c in cells.iterrows():
        x, y = cols.index(c.col), rows.index(c.row)
        if c.n == 0:
            ax.text(x + 0.5, y + 0.5, "–", ha="center", va="center", fontsize=14, color=NEUTRAL)
        else:
            _cell(ax, x, y, c)
    _grid_axes(ax, [dim_label(d) for d in cols], row_labels or rows)


def _grid_axes(ax, col_labels: list[str], row_labels: list[str]) -> None:
    """Cells of size 1, the first row at the top, column labels above; no grid, ticks or frame."""
    ax.set_xlim(0, len(col_labels))
    ax.set_ylim(len(row_labels), 0)
    ax.set_xticks([i + 0.5 for i in range(len(col_labels))], col_labels, fontsize=12)
    ax.set_yticks([i + 0.5 for i in range(len(row_labels))], row_labels, fontsize=12)
    ax.xaxis.tick_top()
    ax.tick_params(axis="both", length=0)
    ax.grid(False)
    ax.set_frame_on(False)


def heatmap_key(cax, lax) -> None:
    """The key under a heatmap: the five steps of the scale (``cax``) and what hatching, blanks and
    squares mean (``lax``)."""
    from matplotlib.patches import Patch, Rectangle

    for i, (pos, label) in enumerate(zip(*scale_ticks())):
        cax.add_patch(Rectangle((i + 0.05, 0), 0.9, 1, facecolor=judgement_colour(pos), edgecolor=NEUTRAL, lw=1))
        cax.text(i + 0.5, -0.15, label, ha="center", va="top", fontsize=12, color=INK, linespacing=1.1)
    cax.set_xlim(0, len(SCORE))
    cax.set_ylim(-2.2, 1.7)
    cax.text(0.05, 1.25, "mean judgement, China vs the US 平均判断", fontsize=12, color=INK, va="bottom")
    cax.axis("off")
    handles = [Patch(facecolor=muted(judgement_colour(-2)), edgecolor=NEUTRAL, hatch="///",
                     label="n = 1: a single sentence, drawn lighter\nand hatched 仅一条判断"),
               Patch(facecolor="white", edgecolor=NEUTRAL, label="white, outlined: judged level (mean 0) 持平"),
               Patch(facecolor="white", edgecolor="white", label="–  no judgement 无判断"),
               kit.marker_handle("small squares: one per judgement 每格一条", marker="s", colour=INK, hollow=True,
                                 size=9, edge=1)]
    lax.legend(handles=handles, loc="center left", frameon=False, fontsize=12, handlelength=1.6)
    lax.axis("off")


def heatmap_figure(cells: pd.DataFrame, row_labels=None, width: float = 10, row_height: float = 0.62):
    """A figure with :func:`draw_score_heatmap` and its key below; returns ``(fig, ax)``."""
    import matplotlib.pyplot as plt

    n_rows = cells.row.nunique()
    fig = plt.figure(figsize=(width, n_rows * row_height + 3.2))
    gs = fig.add_gridspec(2, 2, height_ratios=[n_rows * row_height + 0.9, 1.2], width_ratios=[1, 1.15],
                          hspace=0.12, wspace=0.1)
    ax = fig.add_subplot(gs[0, :])
    draw_score_heatmap(ax, cells, row_labels)
    cax = fig.add_subplot(gs[1, 0])
    heatmap_key(cax, fig.add_subplot(gs[1, 1]))
    return fig, ax


# --------------------------------------------------------------------------- directions of change


def draw_trends(ax, rows: pd.DataFrame, articles: list[str], row_labels=None, per_line: int = 8) -> None:
    """One mark per judgement that gives a direction of change, by article (rows) and direction
    (columns), with the count: filled = own view, hollow = reported; each linked to its claim."""
    step = 0.095
    for yi, a in enumerate(articles):
        for xi, t in enumerate(TRENDS):
            g = rows[(rows.article_id == a) & (rows.trend == t)]
            lines = max(1, -(-len(g) // per_line))
            for k, (_, r) in enumerate(g.iterrows()):
                line, pos = divmod(k, per_line)
                kit.link(kit.point(ax, yi + 0.5 + (line - (lines - 1) / 2) * 0.28, xi + 0.24 + pos * step,
                                   INK, face=INK if r.attribution == "own" else "white", marker="s", size=9,
                                   edge=1.5), r.claim_id)
            ax.text(xi + 0.06, yi + 0.5, f"{len(g)}" if len(g) else "–", ha="left", va="center", fontsize=13,
                    color=INK if len(g) else NEUTRAL)
    _grid_axes(ax, [codebook.TREND.chart_label(t) for t in TRENDS], row_labels or articles)
    for x in range(1, len(TRENDS)):
        ax.axvline(x, color=BACKGROUND, lw=1.2)
    for y in range(1, len(articles)):
        ax.axhline(y, color=BACKGROUND, lw=1.2)
    ax.legend(handles=[kit.marker_handle(codebook.ATTRIBUTION.label("own"), "s", INK),
                       kit.marker_handle(codebook.ATTRIBUTION.label("reported"), "s", INK, hollow=True)],
              loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2, frameon=False)


# --------------------------------------------------------------------------- Wang Xiaochuan's revision


def _scale_sides(ax, x: float) -> None:
    """"ahead ↑" / "behind ↓" at ``x`` (data), in the judgement scale's colours, either side of level."""
    ax.axhline(0, color=NEUTRAL, lw=1.2)
    for text, dy, colour in (("↑ " + codebook.JUDGEMENT.label("ahead"), 8, codebook.AHEAD),
                             ("↓ " + codebook.JUDGEMENT.label("behind"), -8, codebook.BEHIND)):
        ax.annotate(text, (x, 0), xytext=(0, dy), textcoords="offset points", ha="left",
                    va="bottom" if dy > 0 else "top", fontsize=13, color=colour)


def draw_revision(ax, rev: pd.DataFrame) -> None:
    """Slope chart of :func:`step_revision`: one ink line per part (理想 / 落地), labelled at its ends."""
    stages = list(rev.stage.cat.categories)
    for (dim, g), marker in zip(rev.groupby("dimension", sort=False, observed=True), ("o", "s")):
        g = g.sort_values("stage")
        x = [stages.index(s) for s in g.stage]
        ax.plot(x, g.steps, "-", color=INK, lw=3, zorder=2)
        for xi, (_, r) in zip(x, g.iterrows()):
            kit.point(ax, xi, r.steps, INK, marker=marker, vertical=True, size=13, claim=r.claim_ids.split(", ")[0])
            left = xi == 0
            n = "half a" if abs(r.steps) == 0.5 else f"{abs(r.steps):g}"
            en = f"{n} step{'s' if abs(r.steps) > 1 else ''} {'ahead' if r.steps > 0 else 'behind'}"
            what = "" if left else f"\n{r.part} {PART_EN[r.part]}\ncoded as {codebook.DIMENSION.label(dim)}"
            ax.annotate(f"{r.wording}: {en}{what}", (xi, r.steps),
                        xytext=(-16 if left else 16, 0), textcoords="offset points", ha="right" if left else "left",
                        va="center", fontsize=12, color=INK)
    _scale_sides(ax, len(stages) - 0.75)
    ax.set_xticks(range(len(stages)), [STAGE_LABELS[s] for s in stages])
    ax.set_xlim(-1.2, len(stages) + 0.2)
    ax.set_ylim(rev.steps.min() - 0.9, rev.steps.max() + 0.7)
    ax.set_ylabel("steps behind (−) / ahead (+)\n落后（−）/ 领先（+）步数")
    ax.grid(axis="x", visible=False)


# --------------------------------------------------------------------------- Liu Qingfeng's cycle


def draw_cycle(ax, stages: pd.DataFrame, band: pd.DataFrame) -> None:
    """Schematic of the cycle: stage order on x (not time), the gap he gives on y, his range as a band.

    Each stage's dot is in the colour of its coded judgement (white = level: caught up) and links to it."""
    x = list(range(len(stages)))
    if len(band):
        lo, hi = band.low.min(), band.high.max()
        kit.link(ax.axhspan(lo, hi, color=BACKGROUND, alpha=0.7, lw=0, zorder=0), band.claim_id.iloc[0])
        ax.annotate(f"his overall range 他的总体判断: {band.original.iloc[0]}, {lo:g}–{hi:g} years "
                    f"({', '.join(band.claim_id)})", (-0.45, hi), xytext=(6, -6), textcoords="offset points",
                    ha="left", va="top", fontsize=12, color=INK)
    ax.plot(x, stages.gap, "-", color=INK, lw=2.5, zorder=2)
    ax.plot([x[-1], x[-1] + 0.4], [stages.gap.iloc[-1], stages.gap.max() * 0.6], ":", color=INK, lw=2.5)
    for xi, (_, r) in zip(x, stages.iterrows()):
        mark, tail = qualifier_mark(r.qualifier, r.modality)
        caught_up = r.judgement == "level"
        kit.link(ax.scatter([xi], [r.gap], s=260, zorder=3, color=judgement_colour(SCORE[r.judgement]),
                            edgecolor=INK, linewidth=2), r.claim_id)
        txt = "caught up 赶上 (0)" if caught_up else f"{mark}{r.gap:g} yr"
        ax.annotate(f"{txt}\n{r.claim_id}", (xi, r.gap), xytext=(0, -18 if caught_up else 16),
                    textcoords="offset points", ha="center", va="top" if caught_up else "bottom", fontsize=12)
    ticks = [f"{i + 1}. {zh}\n" + "\n".join(textwrap.wrap(en, 22)) + (" (forecast)" if m == "forecast" else "")
             for i, (zh, en, m) in enumerate(zip(stages.label, stages.label_en, stages.modality))]
    ax.set_xticks(x, ticks, fontsize=12)
    ax.set_xlim(-0.5, len(x) - 0.1)
    top = max(stages.gap.max(), band.high.max() if len(band) else 0)
    ax.set_ylim(-0.4, top + 0.5)
    ax.set_yticks([t / 2 for t in range(int(top * 2) + 1)])
    ax.set_ylabel("gap to the US, years\n差距（年）")
    ax.set_xlabel("stages in the order he describes them (not a time scale) · 按他叙述的顺序（非时间轴）")
    ax.grid(axis="x", visible=False)
    ax.text(0.01, 0.97, "SCHEMATIC 示意图", transform=ax.transAxes, ha="left", va="top", fontsize=12,
            color=NEUTRAL, bbox={"boxstyle": "round", "fc": "white", "ec": NEUTRAL})


# --------------------------------------------------------------------------- side by side


def draw_pairs(ax, pairs: pd.DataFrame, df: pd.DataFrame) -> None:
    """Dumbbells on the judgement scale, one row per pair under its topic; each dot in its judgement's
    colour, linked to its claim and labelled (speaker, claim_id, date) on its outer side."""
    by = with_dates(df).set_index("claim_id")
    n = len(pairs)
    for i, r in pairs.iterrows():
        y = n - 1 - i
        pts = sorted([(SCORE[r.judgement_A], r.claim_A, r.speaker_A), (SCORE[r.judgement_B], r.claim_B, r.speaker_B)])
        ax.plot([pts[0][0], pts[1][0]], [y, y], color=NEUTRAL, lw=3, zorder=1)
        apart = f"{r.steps_apart} step{'s' if r.steps_apart != 1 else ''} apart 相差{r.steps_apart}级"
        ax.text(-6.2, y + 0.36, f"{r.topic}  ({apart})", ha="left",
                va="center", fontsize=13, color=INK)
        for k, (x, cid, spk) in enumerate(pts):
            kit.link(ax.scatter([x], [y], s=280, color=judgement_colour(x), zorder=3, edgecolor=INK, linewidth=1.5), cid)
            ax.annotate(f"{spk}\n{cid} · {by.loc[cid, 'said_label']}", (x, y), xytext=(-16 if k == 0 else 16, 0),
                        textcoords="offset points", ha="right" if k == 0 else "left", va="center", fontsize=12)
    ax.set_xticks(*scale_ticks())
    ax.set_yticks([])
    ax.set_xlim(-6.3, 4.3)
    ax.set_ylim(-0.5, n - 0.3)
    ax.grid(axis="y", visible=False)
