"""The classroom's pages by path: the teaching guide (a site page), and the printable documents — the
handout, the lab worksheet and the lab's answer key — each a standalone page the build prints to PDF
(:mod:`.pdf`)."""

from __future__ import annotations

from pathlib import Path

from .guide import guide
from .handout import handout_html, handout_pages
from .pdf import PRINTED, print_pdf, standalone
from .worksheet import answer_key_html, worksheet_html


def pages(nbs) -> dict:
    """The site pages of the classroom (rendered with the site's look), by path."""
    return {"teaching.html": guide(nbs)}


def printables(nbs, ipynbs: dict | None = None, figure_dirs=None, read: tuple | None = None) -> dict[str, str]:
    """``{path: html}``: the printable documents (:data:`.pdf.PRINTED`), made now from their inputs
    (``read``: :func:`.handout.evidence`, if already read)."""
    bodies = {"handout": handout_html(nbs, ipynbs, figure_dirs, read), "worksheet": worksheet_html(),
              "answer key": answer_key_html()}
    return {doc.page: standalone(doc, bodies[doc.holds]) for doc in PRINTED}


def write_printables(nbs, out: Path, ipynbs: dict | None = None, figure_dirs=None, read: tuple | None = None
                     ) -> list[Path]:
    written = []
    for rel, text in printables(nbs, ipynbs, figure_dirs, read).items():
        (out / rel).write_text(text, encoding="utf-8")
        written.append(out / rel)
    return written


def print_all(nbs, out: Path) -> dict[str, int]:
    """Print every printable page of ``out`` to its PDF (after the site's font is made); their page counts."""
    hp = handout_pages(nbs)
    handout_sheets = len(hp) + sum(p.forecasts for p in hp)  # a page per thread, an answer-strip page per forecasts page
    return {doc.pdf: print_pdf(out, doc, handout_sheets if doc.holds == "handout" else None) for doc in PRINTED}
