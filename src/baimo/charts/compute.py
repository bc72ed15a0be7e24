"""Charts for notebook 01 (compute gaps): claims as dot rows (region colours for the US and China,
neutral grey for everything else, hollow for a forecast or thought experiment), facets that keep
figures of one kind together, the stated-versus-implied ratio chart, Zhang Wen's two comparisons to
scale, and the record check as one verdict per claim; :func:`record_ratio_rows` lays out article ÷ record ratios."""

from __future__ import annotations

import pandas as pd

from ..analysis.compute import claim_intervals
from ..core import codebook
from ..core.numbers import quantity, value_text
from . import kit


def claim_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Claims rows ready for :func:`baimo.charts.kit.dot_rows`: :func:`claim_intervals` plus
    ``hollow`` (a forecast or hypothetical) and ``colour`` (the region's: US and China in their
    colours, every other region in the codebook's grey)."""
    out = claim_intervals(df)
    text = out.pop("text")
    out["hollow"] = out.modality.isin(["forecast", "hypothetical"])
    out["colour"] = out.region.map(codebook.REGION.colours()).fillna(codebook.NO_REGION)
    out["text"] = text
    return out


def modality_handles(lower_bound: bool = True) -> list:
    handles = [kit.marker_handle(codebook.MODALITY.label("stated")),
               kit.marker_handle("forecast or thought experiment 预测/假设", hollow=True)]
    if lower_bound:
        handles.append(kit.marker_handle("lower bound 下限 (>, ≥)", marker=">"))
    return handles


region_handles = kit.region_handles  # (notebook 01 calls it from here)


def rows_in_words(rows: pd.DataFrame, what: str, money: bool = False) -> str:
    """Rows of :func:`claim_rows` in words, for an alt text: how many, and the largest and smallest
    (``subject figure``, and the modality of a plan or thought experiment), e.g. ``3 GPU counts, from
    OpenAI 10M (forecast) down to Stability AI 4,000``; ``2 figures, each US$2T: NVIDIA`` when they are
    all one figure. Written from the rows, so it stays true when rows are added."""
    def figure(r) -> str:
        return value_text(quantity(r), money=money, zh=False) + (f" ({r.modality})" if r.hollow else "")

    if rows.empty:
        return f"no {what}"
    first, last = rows.loc[rows.point.idxmax()], rows.loc[rows.point.idxmin()]
    if len(rows) == 1:
        return f"1 {what}: {first.subject} {figure(first)}"
    if first.point == last.point:
        return f"{len(rows)} {what}, each {figure(first)}: {', '.join(dict.fromkeys(rows.subject))}"
    return f"{len(rows)} {what}, from {first.subject} {figure(first)} down to {last.subject} {figure(last)}"


# --------------------------------------------------------------------------- facets of dot rows


def facet_rows(groups: list[tuple[str, pd.DataFrame]], *, xlabel: str, width: float = 6.5,
               row_height: float = 0.55, zh_ticks: bool = True, pad: tuple[float, float] = (2, 3)):
    """One panel of :func:`baimo.charts.kit.dot_rows` per ``(title, rows)``, stacked on one shared
    log axis, panel heights in proportion to their rows. Returns ``(fig, axes)``; the figure title
    goes in ``fig.suptitle`` (see :func:`suptitle`)."""
    import matplotlib.pyplot as plt

    sizes = [len(rows) for _, rows in groups]
    fig, axes = plt.subplots(len(groups), 1, figsize=(width, row_height * sum(sizes) + 0.9 * len(groups)),
                             sharex=True, gridspec_kw={"height_ratios": [s + 0.6 for s in sizes], "hspace": 0.35})
    axes = list(axes) if len(groups) > 1 else [axes]
    values = [v for _, rows in groups for v in list(rows.lo) + list(rows.point)]
    lo, hi = kit.log_limits(values, *pad)
    for ax, (title, rows) in zip(axes, groups):
        kit.dot_rows(ax, rows)
        ax.set_title(title, fontsize=14, loc="left")
        kit.decade_ticks(ax, lo, hi, zh=zh_ticks)
    for ax in axes[:-1]:
        ax.tick_params(axis="x", labelbottom=False)
    axes[-1].set_xlabel(xlabel)
    return fig, axes


def suptitle(fig, ax, text: str, gap: float = 0.45) -> None:
    """A figure title over panels that have titles of their own: left-aligned with ``ax`` (the top
    left panel, as the house style aligns titles), ``gap`` inches above its top edge."""
    import matplotlib.transforms as mtransforms

    box = ax.get_position()
    at = mtransforms.offset_copy(fig.transFigure, fig=fig, y=gap, units="inches")
    fig.text(box.x0, box.y1, text, transform=at, ha="left", va="bottom", fontsize=16, color=codebook.INK)


def legend_below(ax, handles, ncol: int = 1, drop: float = 0.9) -> None:
    """The legend under the axes (``drop`` inches below their bottom edge, clear of the tick labels
    and axis label), never over the data."""
    import matplotlib.transforms as mtransforms

    at = mtransforms.offset_copy(ax.transAxes, fig=ax.figure, y=-drop, units="inches")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=at, ncol=ncol,
              frameon=False, fontsize=12, borderaxespad=0, columnspacing=1.2)


# --------------------------------------------------------------------------- stated vs implied ratios


def ratio_chart(stated: pd.DataFrame, implied: pd.DataFrame, *, stated_value: float, width: float = 6.0):
    """Stated US:China multiples (claims rows) above the ratios implied by dividing two claims
    (:func:`baimo.analysis.compute.ratio_table` rows with ``label``), on a log axis with lines at
    parity and at the stated multiple. Everything in ink: hollow = forecast, a triangle and arrow a
    bound, a bar a range."""
    import matplotlib.pyplot as plt

    st = claim_rows(stated).assign(colour=codebook.INK)
    st["right"] = [f"{t}  [{c}]" for t, c in zip(st.text, st.claim_id)]
    imp = implied.assign(point=implied.ratio, lo=implied["low"], hi=implied["high"], colour=codebook.INK,
                         hollow=implied.modality.isin(["forecast", "hypothetical"]),
                         claim_ids=[[n, d] for n, d in zip(implied.numerator, implied.denominator)],
                         right=implied.arithmetic)
    rows = pd.concat([st, imp], ignore_index=True)
    fig, ax = plt.subplots(figsize=(width, 0.62 * len(rows) + 1.2))
    kit.dot_rows(ax, rows, divider_after=len(st))
    lo, hi = kit.log_limits(list(rows.lo) + list(rows.point), pad_low=3, pad_high=3)
    kit.decade_ticks(ax, lo, hi, zh=False)
    for x, text in ((1, "parity 持平"), (stated_value, "stated 所说")):
        ax.axvline(x, color=codebook.NEUTRAL, lw=1.5, ls="--", zorder=1)
        ax.text(x * 1.12, len(rows) - 0.45, text, va="top", fontsize=12, color=codebook.NEUTRAL)
    ax.set_ylim(-0.7, len(rows) + 0.1)
    ax.set_xlabel("US ÷ China, GPUs or compute (log scale) · 美国 ÷ 中国")
    return fig, ax


# --------------------------------------------------------------------------- two comparisons to scale


def comparison_bars(axes, panels: list[dict]) -> None:
    """Side-by-side bars on a linear scale, one panel per comparison: each ``dict`` has ``title``,
    ``bars`` (claims rows, drawn in their region's colour and linked to their claim), ``names``
    (bar labels) and optionally ``record`` (a value from the public record for one bar, drawn as a
    dashed line across it: ``{"at": index, "value": x, "label": text}``; its label goes beside the
    line, or into the bar's label when the line sits too low to carry one)."""
    colours = codebook.REGION.colours()
    for ax, p in zip(axes, panels):
        bars, rec = p["bars"], p.get("record") or {}
        top = max([bars.value.max(), rec.get("value", 0)])
        drawn = ax.bar(range(len(bars)), bars.value, width=0.6,
                       color=[colours.get(r, codebook.NO_REGION) for r in bars.region])
        for i, (artist, (_, r)) in enumerate(zip(drawn, bars.iterrows())):
            kit.link(artist, r.claim_id)
            text = value_text(quantity(r), money=(r.unit == "usd"), zh=False) + f"\n[{r.claim_id}]"
            y = r.value
            if rec and rec["at"] == i:
                ax.plot([i - 0.3, i + 0.3], [rec["value"]] * 2, color=codebook.INK, lw=2, ls="--")
                if rec["value"] < 0.15 * top:
                    text += f"\n{rec['label']} (dashed)"
                    y = max(y, rec["value"])
                else:
                    ax.text(i + 0.33, rec["value"], rec["label"], va="center", ha="left", fontsize=12,
                            color=codebook.INK)
            ax.annotate(text, (i, y), xytext=(0, 4), textcoords="offset points", ha="center", va="bottom",
                        fontsize=12)
        ax.set_xticks(range(len(bars)), p["names"])
        ax.set_title(p["title"], fontsize=14, loc="left")
        ax.set_xlim(-0.5, len(bars) - 0.5 + (0.6 if rec and rec["at"] == len(bars) - 1 else 0))
        ax.set_ylim(0, top * 1.3)
        ax.set_yticks([])
        ax.grid(False)


# --------------------------------------------------------------------------- the record check


def record_note(r, unit: str = "", override: dict | None = None, width: int = 36) -> str:
    """What the record says for a verdict row, for the chart: ``override[fact_id]`` if given, else the
    record's figure where the link compares like with like (agrees, differs or undisclosed, and the
    fact counts the same kind of thing as the claim's ``unit``), else the first clause of its value,
    cut at a word near ``width`` characters; marked when the record cannot vouch for it (undisclosed,
    unverified)."""
    from ..core.numbers import units_match

    if override and r.fact_id in override:
        text = override[r.fact_id]
    elif (r.record_figure and r.status in ("agrees", "differs", "undisclosed")
          and units_match(unit, str(r.record_unit))):
        text = r.record_figure
    else:
        text = str(r.record_text).split(";")[0].strip()
        if len(text) > width:
            text = text[:width].rsplit(" ", 1)[0] + " …"
    if r.status in ("undisclosed", "unverified"):
        text += f" ({codebook.STATUS.term(r.status).en})"
    return text


def record_verdict_rows(verdicts: pd.DataFrame, claims: pd.DataFrame, labels: dict[str, str],
                        override: dict | None = None) -> pd.DataFrame:
    """Rows for :func:`record_verdict_chart` from :func:`baimo.analysis.compute.claim_verdicts`:
    ``labels`` maps each ``key`` to its row label; ``claims`` gives each figure as the article says it;
    ``override`` names what the record says for facts whose value text would mislead (see
    :func:`record_note`). The ratio to the record is drawn only where the deciding fact gives a figure
    of the same kind; colour is the verdict's."""
    rows = verdicts.reset_index(drop=True).copy()
    by_id = claims.set_index("claim_id")
    has = rows.ratio_lo.notna()
    rows["label"] = rows.key.map(labels)
    rows["point"] = rows.ratio.fillna(rows.ratio_lo)
    rows["lo"], rows["hi"] = rows.ratio_lo, rows.ratio_hi
    rows["qualifier"] = rows.qualifier.replace({"approx": "exact"}).where(has, "exact")
    rows["hollow"] = False
    rows["colour"] = rows.verdict.map(codebook.STATUS.colours())
    right = []
    for _, r in rows.iterrows():
        c = by_id.loc[r.claim_id]
        said = value_text(quantity(c), money=(c.unit == "usd"), zh=False)
        right.append(f"article {said} · record {record_note(r, c.unit, override)}\n{r.fact}")
    rows["right"] = right
    return rows


def record_verdict_chart(rows: pd.DataFrame, *, width: float = 4.2, row_height: float = 0.62):
    """One row per claim: its verdict as a coloured dot in a column left of the axis (linked to the
    claim), and, where the record gives a comparable figure, article ÷ record on a log axis (1 = the
    same). Verdict blocks (contradicts, agrees, not comparable) are separated by rules. Returns
    ``(fig, ax, handles)``: the verdict legend's handles, for the caller to place."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, row_height * len(rows) + 1.0))
    kit.dot_rows(ax, rows)
    n = len(rows)

    for y, (_, r) in zip(range(n - 1, -1, -1), rows.iterrows()):
        edge = codebook.NEUTRAL if r.verdict == "not_comparable" else r.colour
        (dot,) = ax.plot([-0.07], [y], transform=ax.get_yaxis_transform(), clip_on=False, ls="", marker="o",
                         markersize=13, markerfacecolor=r.colour, markeredgecolor=edge, markeredgewidth=1.5)
        kit.link(dot, r.claim_id)
    ax.tick_params(axis="y", pad=30)
    changes = [i for i in range(1, n) if rows.verdict.iloc[i] != rows.verdict.iloc[i - 1]]
    for i in changes:
        ax.axhline(n - i - 0.5, color=codebook.INK, lw=1)
    ax.axvline(1, color=codebook.NEUTRAL, lw=1.5, ls="--", zorder=1)
    ax.set_xlim(0.1, 10)
    ax.set_xticks([0.1, 1, 10], ["÷10", "1\nsame 相同", "×10"])
    ax.xaxis.set_minor_locator(plt.NullLocator())
    ax.set_xlabel("article ÷ record · 文章 ÷ 公开记录")
    handles = [kit.marker_handle(codebook.STATUS.label(s) + (" or " + codebook.STATUS.words("undisclosed") if s == "not_comparable" else ""),
                                 colour=codebook.STATUS.colour(s)) for s in ("differs", "agrees", "not_comparable")]
    return fig, ax, handles


# --------------------------------------------------------------------------- article ÷ record (notebook 03)


def record_ratio_rows(check: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Rows for the "article ÷ public record" chart: one per link with a comparable figure.

    ``check`` is :func:`record_comparison` output; ``labels`` maps claim_id → a short label.
    """
    num = check[check.ratio_lo.notna()].copy()
    num["label"] = [f"{labels[c]} · {f}" for c, f in zip(num.claim_id, num.fact_id)]
    num = num.assign(point=num.ratio.fillna(num.ratio_lo), lo=num.ratio_lo, hi=num.ratio_hi,
                     hollow=False, colour=num.status.map(codebook.STATUS.colours()),
                     qualifier=num.qualifier.replace({"approx": "exact"}),
                     right=[f"{m.split(' ')[0]} {c} vs record {v}  [{cid}]"
                            for m, c, v, cid in zip(num.mark, num.claim, num.record_figure, num.claim_id)])
    return num.sort_values("point", kind="stable").reset_index(drop=True)

