"""Projector slides, one deck per thread (``slides/NN-slug.html``): the question, then one chart per
screen (the notebook's own figures, in order, with their captions), one quote per screen (the handout's
claims with what the evidence says) and one question per screen. Standalone pages with large type,
keyboard and swipe navigation in a few lines of our own JavaScript, nothing from the network."""

from __future__ import annotations

import html
import re
from pathlib import Path


from ...data import corpus
from ..notebooks.model import baimo_meta, cell_outputs
from ..site import htmlkit
from .handout import handout_rows
from .kit import discussion, plain, threads


def figures_of(ipynb: Path) -> list[tuple[str, str]]:
    """``(figure slug, caption text)`` for every chart a notebook showed, in order."""
    out = []
    for outputs in cell_outputs(ipynb):
        for k, o in enumerate(outputs):
            slug = baimo_meta(o).get("figure")
            if slug and not slug.endswith("-card"):
                nxt = outputs[k + 1] if k + 1 < len(outputs) else {}
                caption = nxt.get("data", {}).get("text/markdown", "") if baimo_meta(nxt).get("caption") else ""
                out.append((slug, re.sub(r"[*_`]", "", caption)))
    return out


def _shape(svg: Path) -> str:
    """``"tall"`` for a chart less than 1.6 times as wide as it is high: on a wide screen its caption
    goes beside it, so the chart can use the screen's full height; ``"wide"`` otherwise."""
    m = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg.read_text(encoding="utf-8")[:2000])
    return "tall" if m and float(m.group(1)) < 1.6 * float(m.group(2)) else "wide"


def deck(nb, ipynb: Path, figure_dirs: list[Path], rows: dict) -> str:
    """One thread's slides; ``rows`` is :func:`teaching.handout_rows` (read once for every deck)."""
    slides = [f'<section class="slide"><h1>{html.escape(nb.title)}</h1>'
              f'<p>{html.escape(nb.meta.get("question", ""))}</p><p class="who">Baimo 百模 · → to start</p></section>']
    for slug, caption in figures_of(ipynb):
        svg = htmlkit.find_svg(slug, figure_dirs)
        if svg:
            slides.append(f'<section class="slide"><figure class="{_shape(svg)}">{htmlkit.inline_svg(svg, slug)}'
                          f"<figcaption>{html.escape(caption)}</figcaption></figure></section>")
    for cid in nb.meta.get("handout_claims", []):
        r = rows[cid]
        gloss = r.get("quote_en") or r.get("statement_en", "")
        verdict = f'<p>{htmlkit.verdict_html(r["verdict"], r["reasoning"])}</p>' if cid.startswith("X-") else ""
        slides.append(f'<section class="slide"><p class="quote">「{html.escape(r["quote"])}」</p>'
                      f'<p class="gloss">{html.escape(gloss)}</p><p class="who">— {html.escape(corpus.speaker_label(r["speaker"]))}, '
                      f'{html.escape(r["article_id"])} ({html.escape(cid)})</p>{verdict}</section>')
    for q in discussion(nb):
        text = plain(q["question"])
        slides.append(f'<section class="slide"><h2>Question {nb.number}-Q{q["n"]}</h2><p>{html.escape(text)}</p></section>')
    body = "\n".join(slides)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>Slides: {html.escape(nb.title)}</title>'
            f'<link rel="stylesheet" href="../_static/slides.css"></head><body>{body}'
            f'<div class="counter"><span></span> · Z zoom · <a href="../teaching.html">teaching guide</a> · '
            f'<a href="../notebooks/{nb.stem}.html">notebook</a></div>'
            f'<script src="../_static/slides.js"></script></body></html>\n')


def write(nbs, out: Path, ipynbs: dict, figure_dirs: list[Path]) -> list[Path]:
    """Write ``slides/NN-slug.html`` for every thread; return the files written."""
    (out / "slides").mkdir(parents=True, exist_ok=True)
    written, rows = [], handout_rows()
    for nb in threads(nbs):
        f = out / "slides" / f"{nb.stem}.html"
        f.write_text(deck(nb, ipynbs.get(nb.stem, nb.ipynb), figure_dirs, rows), encoding="utf-8")
        written.append(f)
    return written
