"""The printed kit: the PDFs the build makes (:data:`PRINTED`), each from a printable page of the site,
by WeasyPrint — a print library that needs no browser (Pango, which Debian and conda-forge both ship).

Why not the browser: `./dev build` must print on a fresh machine and for conda/Binder users, where
Chromium is not there (and is never downloaded); WeasyPrint is a pip/conda dependency like any other.
Each PDF is checked as it is made: its page count, and no text smaller than :data:`MIN_PT`; its bytes
depend only on its inputs (no creation date, a fixed file id, fonts with a fixed timestamp, images named
by a URL that does not depend on the folder), so identical builds print identical PDFs.

``chromium()`` and ``CHROMIUM_ARGS`` are the browser the tests drive (Debian's, never downloaded).
"""

from __future__ import annotations

import html
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ... import BaimoError

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
#: No text in a printed document may be smaller than this (points).
MIN_PT = 8.0
#: The address every printed page and its files are read at, whatever folder the site is built in: a PDF
#: names each image after its URL, so printing from the real folder would change bytes from build to build.
SITE_URL = "file:///baimo-site/"


def chromium() -> str | None:
    return shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@dataclass(frozen=True)
class Printed:
    pdf: str  # handout.pdf, in the site's root
    page: str  # the printable page it is printed from (handout.html)
    title: str
    holds: str  # what a lesson plan calls it ("handout", "worksheet", "answer key")
    max_pages: int = 0  # at most this many pages (0: exactly the handout's pages)


PRINTED = (
    Printed("handout.pdf", "handout.html", "Handout · 讲义", "handout"),
    Printed("coding-lab-worksheet.pdf", "coding-lab-worksheet.html", "Coding lab: worksheet · 编码练习单", "worksheet",
            max_pages=8),
    Printed("coding-lab-answer-key.pdf", "coding-lab-answer-key.html", "Coding lab: answer key · 参考答案", "answer key",
            max_pages=8),
)


def printed_contents(kit) -> dict[str, set[str]]:
    """What each PDF holds, as the lesson plans name it (:mod:`.plans`): the handout and its pages and
    answer strips, the worksheet and its passages, the answer key."""
    from ...data import lab

    pages = {f"handout {n}" for kind, n in kit.shows if kind == "handout"}
    strips = {"answer strip"} if kit.criteria else set()
    passages = set(lab.passages().passage_id)
    return {"handout.pdf": {"handout"} | pages | strips, "coding-lab-worksheet.pdf": {"worksheet"} | passages,
            "coding-lab-answer-key.pdf": {"answer key"} | passages}


def expected_pages(doc: Printed, n_handout_pages: int) -> str:
    return f"≤ {doc.max_pages}" if doc.max_pages else str(n_handout_pages)


def standalone(doc: Printed, body: str) -> str:
    """A printable page: the print stylesheet, a screen-only line back to the guide, the document."""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{html.escape(doc.title)}</title>'
            f'<link rel="stylesheet" href="_static/print.css"></head><body>'
            f'<p class="no-print screen-bar"><a href="teaching.html">← Teaching guide</a> · this page printed: '
            f'<a href="{doc.pdf}">{doc.pdf}</a></p><main>{body}</main></body></html>\n')


def laid_out(document):
    """Every box WeasyPrint laid out in ``document``, with the number of its page: ``(n, box)``."""
    def walk(box):
        yield box
        for child in getattr(box, "children", []):
            yield from walk(child)

    for n, page in enumerate(document.pages, start=1):
        for box in walk(page._page_box):
            yield n, box


def smallest_text_pt(document) -> float:
    """The smallest text WeasyPrint laid out in ``document`` (points)."""
    from weasyprint.formatting_structure import boxes

    sizes = [box.style["font_size"] * 0.75 for _, box in laid_out(document)  # CSS px → pt
             if isinstance(box, boxes.TextBox) and box.text.strip()]
    return min(sizes) if sizes else 0.0


def running_over(document) -> list[str]:
    """The ids of the printed sections (``<section id=…>``) laid out on more than one page: what runs over."""
    seen: dict[str, set[int]] = {}
    for n, box in laid_out(document):
        element = getattr(box, "element", None)
        if element is not None and getattr(box, "element_tag", "") == "section" and element.get("id"):
            seen.setdefault(element.get("id"), set()).add(n)
    return [f"{i} (pages {min(p)}–{max(p)})" for i, p in seen.items() if len(p) > 1]


def _fetcher(site: Path):
    """Files of ``site`` only, read at :data:`SITE_URL`; anything else (the network) is refused, and a
    missing file stops the printing."""
    from weasyprint.urls import URLFetcher

    class SiteFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(SITE_URL):
                raise ValueError(f"{url}: a printed page may use only the site's own files")
            response = super().fetch((site / url[len(SITE_URL):].split("#")[0]).resolve().as_uri(), headers)
            response.url = url  # what the file's own links (a stylesheet's font) are read from: the same address
            return response

    return SiteFiles(allowed_protocols=["file"], fail_on_errors=True)


@contextmanager
def _fixed_time():
    """The fonts WeasyPrint subsets carry a timestamp (fontTools reads SOURCE_DATE_EPOCH): a fixed one."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = before or "0"
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]


def print_pdf(site: Path, doc: Printed, pages: int | None = None) -> int:
    """Print ``site/doc.page`` to ``site/doc.pdf``; return its page count. Refuses (BaimoError) a PDF with
    text under :data:`MIN_PT`, more pages than allowed, or — for the handout — not exactly ``pages``."""
    from weasyprint import HTML

    source = (site / doc.page).read_text(encoding="utf-8")
    with _fixed_time():
        document = HTML(string=source, base_url=SITE_URL + doc.page, url_fetcher=_fetcher(site)).render()
        n, small = len(document.pages), smallest_text_pt(document)
        if small < MIN_PT:
            raise BaimoError(f"{doc.pdf}: its smallest text prints at {small:.1f} pt (under {MIN_PT:g})")
        if (doc.max_pages and n > doc.max_pages) or (pages is not None and not doc.max_pages and n != pages):
            over = running_over(document)
            where = f"{', '.join(over)} runs over its page" if over else "something runs over its page"
            raise BaimoError(f"{doc.pdf}: {n} pages, {expected_pages(doc, pages or 0)} expected ({where}: shorten "
                             f"it, or choose a smaller chart)")
        document.write_pdf(site / doc.pdf, pdf_identifier=doc.pdf.encode())  # a fixed id: no random bytes
    return n
