"""Projector slides, one deck per thread (``slides/NN-slug.html``), for the back of a room at 1280×720:
the question, then one chart per screen, one quote per screen and one question per screen. Standalone
pages, a few lines of our own JavaScript, nothing from the network.

A chart's slide is titled with the chart's own title (its finding, read from the SVG and cut from the
chart so it is not shown twice), the question that uses the chart beneath it. The chart is never drawn
smaller than the size at which its smallest text is :data:`MIN_TEXT_PX` (16 px): a chart taller (or
wider) than the screen then scrolls, with ↓ ↑. Captions, sources, record checks, verdicts and teacher's
notes go to the presenter view (P opens it in a second window), so the projected screen stays clean.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ...core import registry
from ...data import corpus
from ..notebooks.model import baimo_meta, cell_outputs
from ..site import htmlkit
from .handout import evidence
from .kit import discussion, plain, threads

#: No text on a projected slide is smaller than this (CSS px at 1280×720).
MIN_TEXT_PX = 16
_TEXT = re.compile(r'<text\b[^>]*?font-size:\s*([\d.]+)px[^>]*?(?:\by="([\d.]+)"|translate\([\d.]+ ([\d.]+)\))[^>]*>([^<]*)</text>')


def figures_of(ipynb: Path) -> list[tuple[str, str]]:
    """``(figure slug, caption text)`` for every chart a notebook showed, in order (caption as plain text:
    Markdown emphasis gone, entities read, file names kept as written)."""
    out = []
    for outputs in cell_outputs(ipynb):
        for k, o in enumerate(outputs):
            slug = baimo_meta(o).get("figure")
            if slug and not slug.endswith("-card"):
                nxt = outputs[k + 1] if k + 1 < len(outputs) else {}
                caption = nxt.get("data", {}).get("text/markdown", "") if baimo_meta(nxt).get("caption") else ""
                out.append((slug, html.unescape(re.sub(r"\*\*|(?<!\w)\*|\*(?!\w)|`", "", caption)).strip()))
    return out


def _y(m) -> float:
    return float(m.group(2) or m.group(3))


def chart_parts(svg_text: str) -> tuple[str, float, float, float]:
    """``(title, cut, smallest, size)``: the chart's title (its largest text, above every other text),
    the height at which the title ends (user units), the smallest text left under it, the title's size."""
    texts = [(_y(m), float(m.group(1)), html.unescape(m.group(4))) for m in _TEXT.finditer(svg_text)]
    if not texts:
        return "", 0.0, 12.0, 0.0
    top = max(size for _, size, _ in texts)
    first_other = min((y for y, size, _ in texts if size < top), default=float("inf"))
    title = sorted((y, t) for y, size, t in texts if size == top and y < first_other)
    cut = max(y for y, _ in title) + 0.4 * top if title else 0.0
    rest = [size for y, size, _ in texts if y > cut]
    return " ".join(t for _, t in title), cut, min(rest or [top]), top


def slide_svg(path: Path, slug: str) -> tuple[str, str]:
    """``(title, markup)``: the chart inlined without its title (the slide's heading says it), with the
    smallest width at which its text is MIN_TEXT_PX and its aspect, for the script that sizes it."""
    title, cut, smallest, top = chart_parts(path.read_text(encoding="utf-8"))
    svg = htmlkit.inline_svg(path, slug)
    m = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    w, h = float(m.group(1)), float(m.group(2))
    if cut:
        svg = _TEXT.sub(lambda t: "" if float(t.group(1)) == top and _y(t) < cut else t.group(0), svg)
        svg = svg.replace(m.group(0), f'viewBox="0 {cut:.2f} {w} {h - cut:.2f}"', 1)
    min_px = MIN_TEXT_PX / smallest * w
    svg = re.sub(r'style="max-width:\d+px"', f'data-min="{min_px:.0f}" data-ar="{w / (h - cut):.4f}"', svg, count=1)
    return title, svg


def the_ask(question: str) -> str:
    """What a discussion question asks, for under a chart's title: from its first sentence with a question
    mark to the end (the setting before it is on the chart, and the whole question on its own slide)."""
    sentences = re.split(r"(?<=[.?!])\s+(?=[A-Z\"'(\u4e00-\u9fff])", question)
    first = next((k for k, x in enumerate(sentences) if "?" in x), 0)
    return " ".join(sentences[first:])


def _notes(*parts: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in parts if p)
    return f'<aside class="notes">{body}</aside>'


def _chart_slides(nb, ipynb: Path, figure_dirs, questions: list[dict]) -> list[str]:
    out, known = [], registry.figure_ids()
    for slug, caption in figures_of(ipynb):
        svg = htmlkit.find_svg(slug, figure_dirs)
        if not svg:
            continue
        title, markup = slide_svg(svg, slug)
        asks = [q for q in questions if slug in registry.figure_refs(q["question"], known)]
        ask = (f'<p class="ask"><b>{asks[0]["id"]}</b> {html.escape(the_ask(plain(asks[0]["question"])))}</p>' if asks
               else f'<p class="ask">{html.escape(nb.meta.get("question", ""))}</p>')
        notes = _notes(html.escape(caption), *(f'<b>{q["id"]} · teacher\'s note:</b> {html.escape(plain(q["note"]))}'
                                               for q in asks))
        out.append(f'<section class="slide chart" data-figure="{slug}"><h2 class="finding">{html.escape(title)}</h2>'
                   f'{ask}<div class="chart">{markup}</div>{notes}</section>')
    return out


def _quote_slides(nb, rows: dict, found: dict) -> list[str]:
    out = []
    for cid in nb.meta.get("handout_claims", []):
        r = rows[cid]
        gloss = r.get("quote_en") or r.get("statement_en", "")
        if "criterion" in r:  # a forecast: its criterion on the screen, the verdict in the notes
            shown = f'<p class="criterion"><b>Criterion:</b> {html.escape(r["criterion"])}</p>'
            note = f'<b>Verdict:</b> {htmlkit.verdict_html(r["verdict"], r["reasoning"])}'
        else:
            shown, note = "", f"<b>Record check:</b> {found.get(cid, 'no public-record check for this claim.')}"
        out.append(f'<section class="slide"><p class="quote">「{html.escape(r["quote"])}」</p>'
                   f'<p class="gloss">{html.escape(gloss)}</p><p class="who">— {html.escape(corpus.speaker_label(r["speaker"]))}, '
                   f'{html.escape(r["article_id"])} ({html.escape(cid)})</p>{shown}{_notes(note)}</section>')
    return out


def deck(nb, ipynb: Path, figure_dirs: list[Path], rows: dict, found: dict) -> str:
    """One thread's slides; ``rows`` and ``found`` are :func:`.handout.evidence` (read once for every deck)."""
    questions = discussion(nb)
    slides = [f'<section class="slide"><h1>{html.escape(nb.title)}</h1><p>{html.escape(nb.meta.get("question", ""))}</p>'
              f'<p class="who">Baimo 百模 · → to start · P: teacher\'s notes</p>'
              f'{_notes(html.escape(nb.meta.get("blurb", "")))}</section>']
    slides += _chart_slides(nb, ipynb, figure_dirs, questions) + _quote_slides(nb, rows, found)
    slides += [f'<section class="slide"><h2>Question {q["id"]}</h2><p>{html.escape(plain(q["question"]))}</p>'
               f'{_notes(html.escape(plain(q["note"])))}</section>' for q in questions]
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>Slides: {html.escape(nb.title)}</title>'
            f'<link rel="stylesheet" href="../_static/slides.css"></head><body>{"".join(slides)}'
            f'<div class="counter"><span></span> · P notes · <a href="../teaching.html">teaching guide</a> · '
            f'<a href="../notebooks/{nb.stem}.html">notebook</a></div>'
            f'<div class="presenter"></div><script src="../_static/slides.js"></script></body></html>\n')


def write(nbs, out: Path, ipynbs: dict, figure_dirs: list[Path], read: tuple | None = None) -> list[Path]:
    """Write ``slides/NN-slug.html`` for every thread; return the files written (``read``:
    :func:`.handout.evidence`, if already read)."""
    (out / "slides").mkdir(parents=True, exist_ok=True)
    written, (rows, found) = [], read or evidence()
    for nb in threads(nbs):
        f = out / "slides" / f"{nb.stem}.html"
        f.write_text(deck(nb, ipynbs.get(nb.stem, nb.ipynb), figure_dirs, rows, found), encoding="utf-8")
        written.append(f)
    return written
