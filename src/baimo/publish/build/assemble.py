"""Assembling ``_site/`` from the site room and the classroom room: assets, every page (the static ones
rendered in a forked process while the kernels run), the slides, the downloads, the search index, the
subset font and the printed kit (handout, lab worksheet, answer key) — in a staging folder the build publishes in one step."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from ... import BaimoError
from ...core import paths
from ...core.registry import Notebook
from ..classroom import pages as classroom_pages
from ..classroom import slides
from ..classroom.handout import evidence
from ..site import pages as site_pages
from ..site.downloads import downloads, notebook_files, repository_url
from ..site.render import (copy_assets, exporter, jobs, notebook_page, raise_reported, render_all, report_error,
                           subset_font, write_page)
from ..site.search import search_index


def _static_jobs(out: Path) -> list:
    return jobs(site_pages.pages(), out)


def _render_static(nbs: list[Notebook], out: Path, report: int) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle (it stops this process)
    try:
        for job in _static_jobs(out):
            write_page(job)
    except OSError as e:  # one line to the parent, which names the step
        report_error(report, e)


class StaticPages:
    """The forked process rendering the static pages: ``join()`` raises the OSError it met, if any."""

    def __init__(self, nbs: list[Notebook], out: Path):
        self.read, write = os.pipe()
        self.proc = multiprocessing.get_context("fork").Process(target=_render_static, args=(nbs, out, write))
        self.proc.start()
        os.close(write)

    def join(self) -> None:
        self.proc.join()
        raise_reported(self.read)

    @property
    def exitcode(self):
        return self.proc.exitcode


def start_static_pages(nbs: list[Notebook], out: Path) -> StaticPages:
    """Render the pages that do not depend on notebook outputs (tables, codebook, articles, search) into
    ``out`` in a forked process, so they use the CPU the kernels leave idle. Call before any kernel is
    started; pass the result to :func:`render_site`."""
    out.mkdir(parents=True, exist_ok=True)
    exporter()
    return StaticPages(nbs, out)


def abandon_static_pages(static: StaticPages) -> None:
    import contextlib

    static.proc.terminate()
    static.proc.join()
    with contextlib.suppress(OSError):  # (already closed if the process reported an error)
        os.close(static.read)


def render_site(nbs: list[Notebook], out: Path, executed: dict[str, Path] | None = None,
                figures: list[Path] | None = None, static=None, skip: set[str] = frozenset(),
                staged: Path | None = None) -> Path:
    """Render the whole site into ``out`` (the build publishes it as ``_site/``).

    ``executed`` maps a notebook's stem to the executed ``.ipynb`` to render (default: the one
    beside its source); ``figures`` are folders whose PNG/SVG files the site shows, later folders
    overriding earlier ones (default: ``figures/``). ``static`` is the process from
    :func:`start_static_pages`, if the static pages are already being rendered into ``out``;
    ``staged`` holds files the build derived but has not published yet (:func:`downloads`).
    """
    figure_dirs = figures or [paths.FIGURES]
    copy_assets(out, figure_dirs, skip)
    executed = executed or {}
    ipynbs = {nb.stem: executed.get(nb.stem, nb.ipynb) for nb in nbs}
    todo = [(out / "notebooks" / f"{nb.stem}.html", notebook_page(nb, nbs, ipynbs[nb.stem], figure_dirs), 1, nb.title)
            for nb in nbs]
    later = {**site_pages.notebook_pages(nbs, ipynbs), **classroom_pages.pages(nbs)}
    todo += jobs(later, out)
    if static is None:
        todo += _static_jobs(out)
    render_all(todo)
    read = evidence()  # the tables the slides and the handout both print from, read once
    slides.write(nbs, out, ipynbs, figure_dirs, read)
    classroom_pages.write_printables(nbs, out, ipynbs, figure_dirs, read)
    downloads(out, staged)
    notebook_files(out, {nb.stem: nb.source for nb in nbs}, ipynbs)
    if repository_url() is None:
        print("  notebook pages have no Binder link: set repository-code in CITATION.cff (README, Reading)")
    if static is not None:
        static.join()
        if static.exitcode != 0:
            raise BaimoError("rendering the static pages failed; see the message above")
    search_index(out)  # every page is written by now: search-index.js, read by search.html (from disk too)
    subset_font(out)  # the printable pages are written by now: the font has their characters
    classroom_pages.print_all(nbs, out)  # handout, lab worksheet, answer key (WeasyPrint, no browser)
    return out
