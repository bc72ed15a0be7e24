"""Shared chart helpers, one copy of each: a claim's number as a mark (point, range bar, open-bound
arrow), dot rows on a log axis, log-axis ticks in 万/亿 and B/T, label spreading, the heatmap,
legend handles, the timeline and grouped bars.

Colours and labels come from the codebook (:mod:`baimo.core.codebook`); the thread modules
(``charts.compute``, ``charts.lag``, ``charts.parameters``, ``charts.framing``) compose these.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import BaimoError
from ..core import codebook, registry
from ..core.numbers import LOWER_BOUNDS, UPPER_BOUNDS, fmt_en, fmt_plain, fmt_zh

OKABE_ITO = codebook.OKABE_ITO

# --------------------------------------------------------------------------- links from marks to claims

def claim_url(claim_id: str) -> str:
    """Where a claim's row is on the site, relative to a notebook page: ``../tables/compute.html#C-…``
    (a public-record fact, ``F35``, is a row of the reference page; :func:`registry.row_page`)."""
    where = registry.row_page(claim_id)
    if where is None:
        raise BaimoError(f"{claim_id!r} is not a claim, forecast or outcome id")
    return "../" + where


def link(artist, claim_id: str):
    """Make a mark a link to its claim's row (in the SVG; its tooltip is the quote). Returns the artist.
    A scatter collection takes its SVG link from ``set_urls``, every other artist from ``set_url``."""
    from matplotlib.collections import Collection

    if isinstance(artist, (list, tuple)):
        for a in artist:
            link(a, claim_id)
        return artist
    if isinstance(artist, Collection):
        artist.set_urls([claim_url(claim_id)])
    else:
        artist.set_url(claim_url(claim_id))
    artist.set_gid(f"mark-{claim_id}")
    return artist


# --------------------------------------------------------------------------- a number as a mark

#: Marker for a number by its qualifier, on a horizontal axis (lower bounds point right).
QUALIFIER_MARKER = {"exact": "o", "approx": "o", "more_than": ">", "at_least": ">", "less_than": "<",
                    "up_to": "<", "range": "|", "unbounded": "o"}


def _xy(at: float, values, vertical: bool):
    values = list(values)
    return ([at] * len(values), values) if vertical else (values, [at] * len(values))


def bar(ax, at: float, lo: float, hi: float, colour: str, *, vertical: bool = False, width: float = 4,
        style: str = "-", alpha: float | None = None, zorder: float = 2, claim: str | None = None):
    """A range drawn as a thick bar from ``lo`` to ``hi`` at row (or column) ``at``, linked to ``claim``."""
    x, y = _xy(at, [lo, hi], vertical)
    (line,) = ax.plot(x, y, ls=style, color=colour, lw=width, solid_capstyle="butt", alpha=alpha, zorder=zorder)
    if claim:
        link(line, claim)
    return line


def caps(ax, at: float, values, colour: str, *, vertical: bool = False, size: float = 14, width: float = 3,
         zorder: float = 3) -> None:
    """End caps (``|``) at ``values`` along row ``at``."""
    x, y = _xy(at, values, vertical)
    ax.plot(x, y, ls="", marker="_" if vertical else "|", color=colour, markersize=size, mew=width, zorder=zorder)


def arrow(ax, at: float, start: float, end: float, colour: str, *, vertical: bool = False,
          zorder: float = 2) -> None:
    """An open bound: an arrow along row ``at`` from ``start`` towards ``end``."""
    (x0,), (y0,) = _xy(at, [start], vertical)
    (x1,), (y1,) = _xy(at, [end], vertical)
    ax.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops=dict(arrowstyle="->", color=colour, lw=2), zorder=zorder)


def point(ax, at: float, value: float, colour: str, *, face: str | None = None, marker: str = "o",
          vertical: bool = False, size: float = 11, edge: float = 2.2, zorder: float = 3, claim: str | None = None):
    """A marker at ``value`` on row ``at`` (``face`` white for a hollow marker), linked to ``claim``."""
    x, y = _xy(at, [value], vertical)
    (line,) = ax.plot(x, y, ls="", marker=marker, markersize=size, markerfacecolor=face or colour,
                      markeredgecolor=colour, markeredgewidth=edge, zorder=zorder)
    if claim:
        link(line, claim)
    return line


def interval(ax, at: float, *, lo: float, hi: float, value: float, qualifier: str, colour: str,
             face: str | None = None, marker: str | None = None, vertical: bool = False,
             bar_width: float = 4, with_caps: bool = True, factor: float = 2.2,
             upper_arrows: bool = True, claim: str | None = None) -> None:
    """One claim's number: a range as a bar (with end caps), otherwise a marker at ``value`` with an
    arrow for an open bound (lower bounds point up/right by ``factor``, upper bounds down/left)."""
    if qualifier == "range":
        bar(ax, at, lo, hi, colour, vertical=vertical, width=bar_width, claim=claim)
        if with_caps:
            caps(ax, at, [lo, hi], colour, vertical=vertical)
        return
    if qualifier in LOWER_BOUNDS:
        arrow(ax, at, value, value * factor, colour, vertical=vertical)
    if qualifier in UPPER_BOUNDS and upper_arrows:
        arrow(ax, at, value, value / factor, colour, vertical=vertical)
    if marker is None:
        marker = {">": "^", "<": "v"}.get(QUALIFIER_MARKER.get(qualifier, "o"), "o") if vertical \
            else QUALIFIER_MARKER.get(qualifier, "o")
    point(ax, at, value, colour, face=face, marker=marker, vertical=vertical, claim=claim)


# --------------------------------------------------------------------------- dot rows on a log axis


def dot_rows(ax, rows: pd.DataFrame, *, label: str = "label", right: str = "right",
             colour: str = "colour", lo: str = "lo", hi: str = "hi", point: str = "point",
             qualifier: str = "qualifier", hollow: str = "hollow", right_x: float = 1.02,
             fontsize: float = 13, divider_after: int | None = None) -> None:
    """One row per entry on a log x-axis, top to bottom in the order given.

    Each row: :func:`interval` (a marker at ``point``, a right-pointing triangle and arrow for a
    lower bound, a bar for a range), linked to the row's claim (its ``claim_id``, or the first of its
    ``claim_ids``); ``label`` as the y tick label and ``right`` as a text column just right of the
    axes (never over the data). ``divider_after`` draws a rule under the first that many rows.
    """
    n = len(rows)
    ys = np.arange(n)[::-1]
    for y, (_, r) in zip(ys, rows.iterrows()):
        c = r[colour]
        claim = r["claim_ids"][0] if "claim_ids" in r and isinstance(r["claim_ids"], list) else r.get("claim_id")
        interval(ax, y, lo=r[lo], hi=r[hi], value=r[point], qualifier=r[qualifier], colour=c,
                 face="white" if r[hollow] else c, claim=claim if isinstance(claim, str) else None)
        ax.text(right_x, y, r[right], transform=ax.get_yaxis_transform(), va="center", ha="left",
                fontsize=fontsize - 1, clip_on=False, parse_math=False)  # "US$… US$…" is not maths
    ax.set_xscale("log")
    ax.set_yticks(ys, rows[label], fontsize=fontsize - 1)
    for t in ax.get_yticklabels():
        t.set_parse_math(False)
    ax.set_ylim(-0.7, n - 0.3)
    ax.grid(axis="y", visible=False)
    if divider_after:
        ax.axhline(n - divider_after - 0.5, color="#333333", lw=1.2)


def log_limits(values, pad_low: float = 3.0, pad_high: float = 3.0) -> tuple[float, float]:
    """Log-axis limits around positive finite ``values``: min ÷ pad_low to max × pad_high,
    widened to whole decades."""
    v = [x for x in values if x and not math.isnan(x) and not math.isinf(x) and x > 0]
    if not v:
        raise BaimoError("log_limits: no positive finite values")
    lo = 10 ** math.floor(math.log10(min(v) / pad_low))
    hi = 10 ** math.ceil(math.log10(max(v) * pad_high))
    return lo, hi


def decade_ticks(ax, lo: float, hi: float, zh: bool = True, axis: str = "x") -> None:
    """Ticks at each power of ten between ``lo`` and ``hi``, labelled ``1000万\\n10M`` (or English only)."""
    ticks = [10.0 ** k for k in range(round(math.log10(lo)), round(math.log10(hi)) + 1)]
    labels = [(f"{fmt_zh(t)}\n{fmt_en(t)}" if zh and fmt_zh(t) != fmt_plain(t) else fmt_en(t)) for t in ticks]
    if axis == "x":
        ax.set_xlim(lo, hi)
        ax.set_xticks(ticks, labels)
        ax.xaxis.set_minor_locator(_no_minor())
    else:
        ax.set_ylim(lo, hi)
        ax.set_yticks(ticks, labels)
        ax.yaxis.set_minor_locator(_no_minor())


def _no_minor():
    from matplotlib.ticker import NullLocator

    return NullLocator()


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



# --------------------------------------------------------------------------- heatmap


def heatmap(ax, values: pd.DataFrame, annot, *, fmt: str = "", cmap: str = "Blues", cbar_label: str = "",
            cbar_ticks=None, norm=None, vmin: float | None = None, linewidths: float = 1.5,
            annot_size: float | None = 11, x_labels=None, y_labels=None, clean: bool = True) -> None:
    """The one heatmap: ``values`` coloured with ``cmap`` (or ``norm``), cells annotated with ``annot``
    (``True`` to print the values with ``fmt``, or a frame of strings).

    With ``clean`` (the default) the grid and tick marks are removed and the tick labels are
    ``x_labels``/``y_labels`` (default: the frame's index and columns), horizontal.
    """
    import seaborn as sns

    cbar_kws = {"label": cbar_label}
    if cbar_ticks is not None:
        cbar_kws["ticks"] = cbar_ticks
    kw = {"annot_kws": {"fontsize": annot_size}} if annot_size else {}
    if norm is not None:
        kw["norm"] = norm
    if vmin is not None:
        kw["vmin"] = vmin
    sns.heatmap(values, annot=annot, fmt=fmt, cmap=cmap, linewidths=linewidths, linecolor="white", ax=ax,
                cbar_kws=cbar_kws, **kw)
    if not clean:
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.tick_params(axis="x", rotation=0)
        ax.tick_params(axis="y", rotation=0)
        return
    ax.grid(False)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xticklabels(list(values.columns) if x_labels is None else x_labels, rotation=0, fontsize=11)
    ax.set_yticklabels(list(values.index) if y_labels is None else y_labels, rotation=0, fontsize=12)
    ax.tick_params(axis="both", length=0)


# --------------------------------------------------------------------------- legends


def region_handles(regions) -> list:
    """Legend handles: the US and China in their colours, and one grey handle for every other
    region (elsewhere, global or unspecified), whichever of them occur in ``regions``."""
    present = set(regions)
    out = [marker_handle(codebook.REGION.label(r), colour=codebook.REGION.colour(r))
           for r in ("US", "China") if r in present]
    if present - {"US", "China"}:
        out.append(marker_handle("elsewhere or not one country 其他/全球", colour=codebook.NO_REGION))
    return out


def marker_handle(label: str, marker: str = "o", colour: str = "#444444", hollow: bool = False,
                  size: float = 10, edge: float = 2) -> object:
    """A legend handle for a marker meaning (filled, or hollow with a coloured edge)."""
    from matplotlib.lines import Line2D

    if hollow:
        return Line2D([], [], marker=marker, ls="", markerfacecolor="white", markeredgecolor=colour,
                      markeredgewidth=edge, markersize=size, label=label)
    return Line2D([], [], marker=marker, ls="", color=colour, markersize=size, label=label)


# --------------------------------------------------------------------------- timeline and bars


def timeline(ax, spans, label: str, detail: str | None = None) -> None:
    """Horizontal spans (``start``/``end`` columns), one row each, earliest at the top."""
    import matplotlib.dates as mdates

    spans = spans.reset_index(drop=True)
    for i, r in spans.iterrows():
        y = len(spans) - 1 - i
        width = (r.end - r.start).days + 1
        ax.barh(y, max(width, 6), left=r.start, height=0.5, color=codebook.NEUTRAL)
        text = f"{r[label]}" + (f" · {r[detail]}" if detail else "")
        ax.annotate(text, (r.end, y), xytext=(8, 0), textcoords="offset points", va="center", fontsize=12)
    ax.set_yticks([])
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1, 7]))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    lo, hi = spans.start.min(), spans.end.max()
    ax.set_xlim(lo - (hi - lo) * 0.03, hi + (hi - lo) * 0.45)
    ax.grid(axis="y", visible=False)


def paired_bars(ax, frame, labels: list[str], colours: list[str] | None = None) -> None:
    """Grouped bars, one group per row of ``frame``, one bar per column."""

    x = np.arange(len(frame))
    n = frame.shape[1]
    w = 0.8 / n
    for j, col in enumerate(frame.columns):
        colour = (colours or [codebook.BACKGROUND, codebook.NEUTRAL, codebook.INK])[j]
        bars = ax.bar(x + (j - (n - 1) / 2) * w, frame[col], width=w, label=labels[j], color=colour)
        ax.bar_label(bars, fmt="{:,.0f}", fontsize=12, padding=2)
    ax.set_xticks(x, frame.index)
    ax.legend(frameon=False)
