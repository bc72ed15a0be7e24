"""``handout.pdf``: the handout printed to A4 by Debian's headless Chromium, offline, when it is there.

The build makes it when Chromium (``/usr/bin/chromium``) and Playwright (a test dependency) are
available, as on the test machine; otherwise it says so and the site links the printable HTML.
"""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium() -> str | None:
    return shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def print_pdf(html_file: Path, pdf: Path) -> bool:
    """Print ``html_file`` to ``pdf`` (A4, backgrounds, the page's own @page size); False if no browser."""
    exe = chromium()
    if exe is None:
        return False
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return False
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
            page.goto(html_file.resolve().as_uri(), wait_until="load")
            page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            browser.close()
    return True
