"""Search: the search page and Pagefind's static index of every page (loaded only by the search page)."""

from __future__ import annotations

from pathlib import Path

from ... import BaimoError
from .pagekit import page


def search_page():
    return page("Search", "# Search 搜索\n\nEvery page of the site, Chinese and English, searched in your browser "
                "(no network).", ("html", '<link href="pagefind/pagefind-ui.css" rel="stylesheet">'
                                          '<div id="search"></div><script src="pagefind/pagefind-ui.js"></script>'
                                          '<script>window.addEventListener("DOMContentLoaded", function () {'
                                          'new PagefindUI({ element: "#search", showSubResults: true, '
                                          'translations: { placeholder: "算力, GPU, 百模大战 …" } }); });</script>'))



def search_index(out: Path) -> None:
    """Pagefind's static search index (``pagefind/``), Chinese segmented, loaded only by the search page."""
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(out), "--force-language", "zh",
                          "--exclude-selectors", "details.baimo-code, svg, .baimo-tablebar"],
                         capture_output=True, text=True)
    if res.returncode != 0:
        raise BaimoError(f"building the search index failed: {res.stderr.strip() or res.stdout.strip()}")
