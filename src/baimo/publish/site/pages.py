"""The site's pages by path: those that need no executed notebook (tables, articles, search) and those
drawn from the executed notebooks (the landing page)."""

from __future__ import annotations

from ...core.registry import Notebook
from . import articles, landing, search, tables


def pages() -> dict[str, object]:
    """The pages that need no executed notebook: tables, codebook, articles, search."""
    return {**tables.table_pages(), **articles.pages(), "search.html": search.search_page()}


def notebook_pages(nbs: list[Notebook], ipynbs) -> dict[str, object]:
    """The pages drawn from the executed notebooks (the landing page)."""
    return landing.notebook_pages(nbs, ipynbs)
