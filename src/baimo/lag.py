"""How far behind? Computations and charts for notebook 02 (``data/claims/lag.csv``).

Every plotted value comes from the lag table (read with :func:`baimo.tables.load`); this module
only selects, orders and reshapes rows, and draws them. The choices it makes:

* **when said** — ``said_on`` if the text gives a date, else the start of the article's date span
  (:func:`baimo.corpus.date_spans`); rows are ordered by that date, then by position in the text;
* **views** (:func:`views`) — the speaker's *own* judgements, made by a named speaker (not the
  narration, which summarises speakers whose own words are coded too, and not an interviewer's
  question premise), with a score on :data:`baimo.tables.JUDGEMENT_SCORE` (``unclear`` has none);
* **derived** numbers — rows whose ``note`` says the number is *derived* (a gap the coder worked
  out, not one the speaker states) are flagged and drawn differently.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import corpus, plotting, tables

SCORE = tables.JUDGEMENT_SCORE

DIMENSION_LABELS = {
    "compute_chips": "compute & chips 算力芯片",
    "models": "base models 模型技术",
    "talent": "talent 人才",
    "data": "data 数据",
    "applications": "applications 应用",
    "capital_ecosystem": "capital & ecosystem 资本生态",
    "policy": "policy 政策",
    "overall": "overall 总体",
}
JUDGEMENT_LABELS = {
    "ahead": "ahead 领先",
    "level": "level 持平",
    "slightly_behind": "slightly behind 稍落后",
    "behind": "behind 落后",
    "far_behind": "far behind 远落后",
    "unclear": "unclear 说不清",
}
#: A fixed colour per dimension (Okabe–Ito), used by every chart in notebook 02.
DIMENSION_COLOURS = dict(zip(DIMENSION_LABELS, plotting.OKABE_ITO))
#: Diverging, colour-blind-safe map for the ordinal scale: red = behind, blue = ahead.
JUDGEMENT_CMAP = "RdBu"
INTERVIEWER_ROLES = ("host", "interviewer")


# --------------------------------------------------------------------------- dates and views


def with_dates(df: pd.DataFrame, spans: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add ``said_date`` (Timestamp), ``said_label`` (text), ``article_start`` and ``score``.

    ``said_date`` is ``said_on`` when given (``2024-05-27``), else the start of the article's
    date span; ``said_label`` shows the date as precisely as it is known (``2023-07/2023-12``
    for an article dated only to a range of months).
    """
    spans = corpus.date_spans() if spans is None else spans
    arts = corpus.articles().set_index("article_id")
    start = spans.set_index("article_id").start
    out = df.copy()
    out["article_start"] = out.article_id.map(start)
    said = pd.to_datetime(out.said_on.where(out.said_on.str.len() != 7, out.said_on + "-01").replace("", None),
                          format="%Y-%m-%d", errors="coerce")
    out["said_date"] = said.fillna(out.article_start)
    out["said_label"] = np.where(out.said_on != "", out.said_on, out.article_id.map(arts.date))
    out["score"] = out.judgement.map(SCORE)
    if "quote_offset" in out:
        out = out.sort_values(["said_date", "article_start", "quote_offset"], kind="stable")
    return out


def interviewers() -> set[str]:
    """Speakers whose role (``data/speakers.csv``) is host or interviewer: they ask, not judge."""
    sp = corpus.speakers()
    return {s for s, role in zip(sp.speaker, sp.role) if any(r in role for r in INTERVIEWER_ROLES)}


def views(df: pd.DataFrame, modalities=("stated",)) -> pd.DataFrame:
    """Own, scored judgements by named (non-narration, non-interviewer) speakers."""
    keep = (
        (df.attribution == "own")
        & (df.speaker != "文章作者")
        & ~df.speaker.isin(interviewers())
        & df.judgement.isin(list(SCORE))
        & df.modality.isin(list(modalities))
    )
    out = df[keep].copy()
    out["score"] = out.judgement.map(SCORE)
    return out


def speaker_labels(speakers) -> dict[str, str]:
    return {s: corpus.speaker_label(s) for s in pd.unique(pd.Series(list(speakers)))}


# --------------------------------------------------------------------------- numeric estimates


def is_derived(note: pd.Series) -> pd.Series:
    """True where the coder's note says the number is derived rather than stated as a gap."""
    return note.str.contains(r"\bderived\b", case=False, regex=True)


def year_estimates(df: pd.DataFrame) -> pd.DataFrame:
    """Every numeric lag estimate in years, one row each, in the order said.

    Adds ``lo``/``hi`` (the interval to draw: the range, or ``up_to`` as 0…value), ``point`` (a
    single value, if any), ``derived`` and ``label`` (speaker, date).
    """
    est = with_dates(df[df.unit == "year"])
    est["lo"] = est.low
    est["hi"] = est.high
    est["point"] = est.value
    upto = est.qualifier.isin(["up_to", "less_than"])
    est.loc[upto, "hi"] = est.loc[upto, "high"].fillna(est.loc[upto, "value"])
    est.loc[upto, "lo"] = 0.0
    est.loc[upto, "point"] = np.nan
    est["derived"] = is_derived(est.note)
    names = speaker_labels(est.speaker)
    est["label"] = [f"{names[s]} · {d}" for s, d in zip(est.speaker, est.said_label)]
    return est.reset_index(drop=True)


def ratio_estimates(df: pd.DataFrame) -> pd.DataFrame:
    """Numeric gaps given as a multiple (e.g. compute 10倍), which have no place on a years axis."""
    return with_dates(df[df.unit == "ratio"]).reset_index(drop=True)


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
            ax.plot([r.lo, r.hi], [y, y], style, color=colour, lw=5, solid_capstyle="butt", alpha=0.85)
            if r.qualifier in ("up_to", "less_than"):
                ax.plot([r.hi], [y], marker="|", ms=18, mew=3, color=colour)
        if pd.notna(r.point):
            ax.plot([r.point], [y], marker="D" if r.derived else "o", ms=12, mfc=face, mec=colour, mew=2.5,
                    ls="none")
        elif pd.notna(r.lo) and pd.notna(r.hi) and r.attribution == "reported":
            ax.plot([(r.lo + r.hi) / 2], [y], marker="o", ms=10, mfc="white", mec=colour, mew=2.5)
        mark, tail = plotting.qualifier_mark(r.qualifier, r.modality)
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

    handles = [Line2D([], [], color=DIMENSION_COLOURS[d], lw=5, label=DIMENSION_LABELS[d]) for d in dims]
    handles += [Line2D([], [], marker="o", ls="none", ms=10, mfc="#555555", mec="#555555", label="own view 本人观点"),
                Line2D([], [], marker="o", ls="none", ms=10, mfc="white", mec="#555555", mew=2,
                       label="reported view 转述他人")]
    ax.legend(handles=handles, loc=loc, frameon=True, framealpha=0.95, fontsize=11)


# --------------------------------------------------------------------------- ordinal matrices


def score_matrix(v: pd.DataFrame, rows: str, cols: str = "dimension",
                 row_order=None, col_order=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(mean score, count) tables of ``v`` (from :func:`views`) by ``rows`` × ``cols``."""
    col_order = col_order or [d for d in DIMENSION_LABELS if d in set(v[cols])]
    row_order = row_order or list(pd.unique(v[rows]))
    mean = v.pivot_table(index=rows, columns=cols, values="score", aggfunc="mean").reindex(
        index=row_order, columns=col_order)
    n = v.pivot_table(index=rows, columns=cols, values="score", aggfunc="count").reindex(
        index=row_order, columns=col_order).fillna(0).astype(int)
    return mean, n


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
    import seaborn as sns
    from matplotlib.colors import TwoSlopeNorm

    norm = TwoSlopeNorm(vmin=min(SCORE.values()), vcenter=0, vmax=max(SCORE.values()))
    sns.heatmap(mean, annot=cell_text(mean, n), fmt="", cmap=JUDGEMENT_CMAP, norm=norm,
                linewidths=1.5, linecolor="white", ax=ax, annot_kws={"fontsize": 11},
                cbar_kws={"label": "mean judgement 平均判断", "ticks": sorted(SCORE.values())})
    cbar = ax.collections[0].colorbar
    cbar.ax.set_yticklabels([JUDGEMENT_LABELS[j] for j in sorted(SCORE, key=SCORE.get)])
    ax.grid(False)
    ax.set_facecolor("#eeeeee")
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xticklabels([_wrap_dim(c) for c in mean.columns], rotation=0, fontsize=11)
    ax.set_yticklabels(row_labels or list(mean.index), rotation=0, fontsize=12)
    ax.tick_params(axis="both", length=0)


def judgement_tick(j: str) -> str:
    """Two-line tick label: English over Chinese (``slightly behind\\n稍落后``)."""
    en, _, zh = JUDGEMENT_LABELS[j].rpartition(" ")
    return f"{en}\n{zh}"


def _wrap_dim(dim: str) -> str:
    """``compute &\\nchips\\n算力芯片``: English wrapped to 10 characters, then Chinese."""
    import textwrap

    en, _, zh = DIMENSION_LABELS[dim].rpartition(" ")
    return "\n".join(textwrap.wrap(en, 10, break_long_words=False) + [zh])


# --------------------------------------------------------------------------- Wang Xiaochuan's revision

_STEP = re.compile(r"(?P<part>理想|落地)上(?P<dir>慢|快)(?P<num>半|一|两|二|三|四|五|\d+)步")
_NUM = {"半": 0.5, "一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5}
#: Wang Xiaochuan's two halves: 理想 (ideals: research, models) and 落地 (deployment: applications).
STEP_DIMENSION = {"理想": "models", "落地": "applications"}


def find_steps(quote: str) -> dict[str, tuple[float, str]]:
    """``{"理想": (-0.5, "理想上慢半步"), "落地": (1.0, "落地上快一步")}`` from a quote.

    慢 (slower) counts as behind (negative), 快 (faster) as ahead. Only the *first* formulation in
    the quote is read for each part, so a passage quoting an old and a new wording must be
    coded as separate rows (as ``lag.csv`` does).
    """
    out: dict[str, tuple[float, str]] = {}
    for m in _STEP.finditer(quote):
        n = _NUM[m["num"]] if m["num"] in _NUM else float(m["num"])
        out.setdefault(m["part"], (-n if m["dir"] == "慢" else float(n), m.group(0)))
    return out


def parse_steps(quote: str) -> dict[str, float]:
    """``{"理想": -0.5, "落地": 1.0}`` from "理想上慢半步，落地上快一步" (see :func:`find_steps`)."""
    return {k: v for k, (v, _) in find_steps(quote).items()}


def step_revision(df: pd.DataFrame, speaker: str = "王小川") -> pd.DataFrame:
    """Wang Xiaochuan's 'steps' before and after his June 2023 US trip, from the coded rows.

    Rows of ``speaker`` whose quote states steps for the row's dimension; ``modality`` recalled
    → the earlier view, stated → the revised one. Returns ``stage, dimension, part, steps,
    claim_ids`` (one row per stage × dimension; raises if the coded rows disagree).
    """
    part_of = {v: k for k, v in STEP_DIMENSION.items()}
    rows = []
    for _, r in df[(df.speaker == speaker) & df.dimension.isin(list(part_of))].iterrows():
        steps = find_steps(r.quote)
        part = part_of[r.dimension]
        if part in steps and r.modality in ("recalled", "stated"):
            rows.append({"stage": "earlier" if r.modality == "recalled" else "revised", "dimension": r.dimension,
                         "part": part, "steps": steps[part][0], "wording": steps[part][1],
                         "claim_id": r.claim_id})
    long = pd.DataFrame(rows)
    out = long.groupby(["stage", "dimension", "part"], sort=False).agg(
        steps=("steps", "first"), wording=("wording", "first"), n_values=("steps", "nunique"),
        claim_ids=("claim_id", ", ".join)).reset_index()
    if (out.n_values > 1).any():
        bad = out[out.n_values > 1]
        raise ValueError(f"coded rows disagree on the steps: {bad.to_dict('records')}")
    out["stage"] = pd.Categorical(out.stage, ["earlier", "revised"], ordered=True)
    return out.drop(columns="n_values").sort_values(["stage", "dimension"]).reset_index(drop=True)


STAGE_LABELS = {"earlier": "earlier formula (recalled)\n早先的说法", "revised": "after the June 2023 US trip\n6月访美之后"}


def draw_revision(ax, rev: pd.DataFrame) -> None:
    """Slope chart of :func:`step_revision`: one line per part (理想 / 落地), steps on the y axis."""
    stages = list(rev.stage.cat.categories)
    for dim, g in rev.groupby("dimension", sort=False, observed=True):
        g = g.sort_values("stage")
        x = [stages.index(s) for s in g.stage]
        colour = DIMENSION_COLOURS[dim]
        ax.plot(x, g.steps, "-o", color=colour, lw=3.5, ms=14, label=f"{g.part.iloc[0]} → {DIMENSION_LABELS[dim]}")
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


def cycle_points(df: pd.DataFrame, speaker: str = "刘庆峰") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The stages of the catch-up cycle ``speaker`` describes, and the range he gives for it.

    Stages: his ``trend == cycle`` rows that are not ranges, in text order; the gap is the coded
    number (``value``, or ``high`` for an ``up_to``), or 0 for a ``level`` judgement (caught up).
    Band: his ``cycle`` rows coded as a range (``low``–``high``).
    """
    c = df[(df.speaker == speaker) & (df.trend == "cycle")].sort_values("quote_offset")
    band = c[c.qualifier == "range"]
    st = c[c.qualifier != "range"].copy()
    st["gap"] = st.value.fillna(st.high)
    st.loc[st.judgement == "level", "gap"] = 0.0
    st["label"] = [o if o else re.split(r"[,，。]", q)[0] for o, q in zip(st.original, st.quote)]
    st["label_en"] = [re.split(r"[,;—]", q)[0].strip().rstrip(".") for q in st.quote_en]
    return st.reset_index(drop=True), band.reset_index(drop=True)


def draw_cycle(ax, stages: pd.DataFrame, band: pd.DataFrame) -> None:
    """Schematic of the cycle: stage order on x (not time), the gap he gives on y, his range shaded."""
    x = list(range(len(stages)))
    if len(band):
        lo, hi = band.low.min(), band.high.max()
        ax.axhspan(lo, hi, color=plotting.OKABE_ITO[5], alpha=0.18, lw=0)
        ax.annotate(f"his range: {band.original.iloc[0]} ({', '.join(band.claim_id)})", (len(x) - 0.55, hi),
                    xytext=(0, -6), textcoords="offset points", ha="right", va="top", fontsize=11,
                    color="#1f5f7a")
    colour = DIMENSION_COLOURS["models"]
    ax.plot(x, stages.gap, "-", color=colour, lw=3, zorder=2)
    ax.plot([x[-1], x[-1] + 0.45], [stages.gap.iloc[-1], stages.gap.max() * 0.6], ":", color=colour, lw=3)
    for xi, (_, r) in zip(x, stages.iterrows()):
        mark, tail = plotting.qualifier_mark(r.qualifier, r.modality)
        caught_up = r.judgement == "level"
        ax.scatter([xi], [r.gap], s=200, zorder=3, color="white" if caught_up else colour, edgecolor=colour,
                   linewidth=2.5)
        txt = "caught up 赶上 (0)" if caught_up else f"{mark}{r.gap:g} yr"
        ax.annotate(f"{txt}\n{r.claim_id}", (xi, r.gap), xytext=(0, -16 if caught_up else 16),
                    textcoords="offset points", ha="center", va="top" if caught_up else "bottom", fontsize=11)
    import textwrap

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


def side_by_side(df: pd.DataFrame, pairs: list[tuple[str, str, str]]) -> pd.DataFrame:
    """One row per (topic, claim A, claim B): the two claims' speaker, judgement and quotes."""
    by = df.set_index("claim_id")
    rows = []
    for topic, a, b in pairs:
        ra, rb = by.loc[a], by.loc[b]
        rows.append({"topic": topic,
                     "claim_A": a, "speaker_A": corpus.speaker_label(ra.speaker), "judgement_A": ra.judgement,
                     "quote_A": ra.quote, "quote_en_A": ra.quote_en,
                     "claim_B": b, "speaker_B": corpus.speaker_label(rb.speaker), "judgement_B": rb.judgement,
                     "quote_B": rb.quote, "quote_en_B": rb.quote_en})
    return pd.DataFrame(rows)


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
            colour = plotting.OKABE_ITO[3] if k == 0 else plotting.OKABE_ITO[0]
            ax.scatter([x], [y], s=240, color=colour, zorder=3, edgecolor="white", linewidth=1.5)
            ax.annotate(f"{spk}\n{cid} · {by.loc[cid, 'said_label']}", (x, y), xytext=(-16 if k == 0 else 16, 0),
                        textcoords="offset points", ha="right" if k == 0 else "left", va="center", fontsize=10.5,
                        bbox={"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9})
    ax.set_yticks(range(n), [t.replace(" · ", "\n") for t in pairs.topic][::-1])
    ax.set_xticks(sorted(SCORE.values()), [judgement_tick(j) for j in sorted(SCORE, key=SCORE.get)])
    ax.set_xlim(-5.3, 3.3)
    ax.set_ylim(-0.6, n - 0.4)
    ax.grid(axis="y", visible=False)


# --------------------------------------------------------------------------- quote tables


