"""Saving a chart from a notebook: the one call every chart ends with (:func:`save`).

The chart layer draws (:func:`baimo.charts.style.render`, which reads no table); this is where a chart
is decorated, once: the reliability flag for any field it rests on whose coders agreed below α = 0.80 in
the field's latest round (:func:`baimo.data.reliability.tentative`, drawn under the chart and repeated
in the caption), the
tooltips of its linked marks (:mod:`.svg`, in the same pass that writes the SVG), and its caption,
numbered as the registry numbers it (:func:`baimo.core.registry.figure`).
"""

from __future__ import annotations

import html
from pathlib import Path

from ... import BaimoError
from ...charts import style
from ...core import paths, registry
from ...data import reliability
from . import svg as svgkit


class SavedFigure(type(Path())):
    """The path of a saved figure. It shows nothing when it is a cell's last value: the chart and its
    caption are already displayed, and the path (a staging folder during a build) would otherwise be
    printed into the notebook and make it differ from build to build."""

    def _ipython_display_(self) -> None:
        return None


def _replace(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` only if its bytes change (atomic replace)."""
    if target.exists() and target.read_bytes() == data:
        return
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(target)


def save(fig, slug: str, *, alt: str, source: str, caption: str = "", rests_on: tuple[str, ...] = (),
         shown_at_px: int = style.DISPLAY_WIDTH_PX, show: bool = True) -> SavedFigure:
    """Save ``fig`` as ``figures/NN-slug.png`` and ``.svg`` and show it with its numbered caption.

    * ``alt``: what the chart shows, in words (the data, not the title), for screen readers;
    * ``source``: the tables it is drawn from, printed under the chart ("Source · 来源: …");
    * ``rests_on``: the coded fields it depends on (``framing.winner``): any whose agreement between
      the two coders, in the latest reliability round that coded it, is below α = 0.80 is flagged on the
      chart and in the caption (:func:`baimo.data.reliability.tentative` states the rule);
    * ``caption``: one or two sentences after "Figure NN-k · NN-slug ·" (``show=False``, a landing-page card:
      no number, no caption, not displayed).
    """
    figure_id = style.figure_id(slug)
    declared = _figure(figure_id) if show else None
    flags = reliability.tentative(rests_on)
    lines = [f"Source · 来源: {source}. Chart: Baimo."] + [f"⚠ Tentative · 信度偏低: {f}." for f in flags]
    png, svg = style.render(fig, slug, lines, shown_at_px)
    paths.FIGURES.mkdir(parents=True, exist_ok=True)
    out = paths.FIGURES / f"{figure_id}.png"
    _replace(out, png)
    _replace(paths.FIGURES / f"{figure_id}.svg", svgkit.decorate(svg).encode("utf-8"))
    if show and style._in_kernel():
        from IPython.display import Image, Markdown, display

        number = declared.number
        meta = {"baimo": {"figure": out.stem, "number": number, "alt": alt}}
        display(Image(data=png, format="png", alt=alt), metadata=meta)
        flag_text = "".join(f" ⚠ *Tentative:* {f}." for f in flags)
        text = html.escape(f"{caption} *Source:* {source}.{flag_text}", quote=False)  # text, never HTML
        display(Markdown(f"**{declared.cite()} ·** {text}".replace("  ", " ")), metadata={"baimo": {"caption": number}})
    style.close(fig)
    return SavedFigure(out)


def _figure(figure_id: str) -> registry.Figure:
    """The chart as the registry declares it (its number, how it is cited): the notebook's saving call."""
    known = registry.figure_ids()
    if figure_id not in known:
        raise BaimoError(f"figure {figure_id}: no saving call for it in notebooks/{figure_id[:2]}-….md (the registry "
                         "reads `figures.save(fig, \"slug\", …)` calls; write the slug as a string)")
    return known[figure_id]
