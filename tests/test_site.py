"""The rendered site, proven in a real browser: Debian's Chromium, headless, fully offline.

The site is built in a copy of the checkout (fixture ``built_copy``), never in the checkout itself.
Every request that is not to the local test server is blocked and recorded; the test fails on
any such request, any image that did not load, any console error, a page without Chinese text,
or an internal link that does not resolve. Screenshots land in artefacts/screenshots/.
"""

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from baimo.core import paths
from baimo.publish.notebooks.model import notebooks
from baimo.publish.classroom.pdf import CHROMIUM_ARGS, chromium

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]  # one build of the site, on one worker

CHROMIUM = chromium() or "/usr/bin/chromium"
ARTEFACTS = paths.ROOT / "artefacts" / "screenshots"
LIMIT = 2 * 1024 * 1024  # bytes per page with its assets


@pytest.fixture(scope="module")
def site(built_copy):
    return built_copy / "_site"


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.RequestHandlerClass.log_message = lambda *a: None
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is required: apt-get install chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)  # the flags the build's PDF uses
        yield b
        b.close()


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_site_has_the_expected_pages(site):
    got = set(pages(site))
    for nb in notebooks():
        assert f"notebooks/{nb.stem}.html" in got
    for must in ["index.html", "tables/index.html", "tables/codebook.html", "tables/compute.html",
                 "tables/lag.html", "tables/parameters.html", "tables/framing.html", "tables/predictions.html",
                 "tables/outcomes.html", "tables/reference.html", "tables/reliability.html", "teaching.html",
                 "handout.html", "search.html", "articles/index.html"] + [f"articles/{a}.html" for a in
                                                                          ("sv101", "contech", "kaifu", "wangjian", "beyond")]:
        assert must in got
    assert (site / "search-index.js").exists() and not (site / "pagefind").exists()
    for nb in notebooks():  # each notebook's own files beside its page
        assert (site / "notebooks" / f"{nb.stem}.ipynb").exists() and (site / "notebooks" / f"{nb.stem}.md").exists()
    for download in ("data/claims/compute.csv", "data/reference/links.csv", "datapackage.json"):
        assert (site / download).exists(), download


def test_no_page_loads_anything_from_another_host(site):
    """Nothing a page loads (scripts, styles, images, frames, fonts) comes from another host. Links to a
    source are allowed, marked rel="external", and are followed only when clicked."""
    loads = re.compile(r"""(?:\bsrc\s*=|<link\b[^>]*\bhref\s*=|@import|url\()\s*["']?(?:https?:)?//""", re.I)
    anchor = re.compile(r"""<a\b([^>]*)\bhref\s*=\s*["'](?:https?:)?//""", re.I)
    sources = 0
    for rel in pages(site):
        text = (site / rel).read_text(encoding="utf-8")
        assert not loads.search(text), (rel, loads.search(text).group(0))
        assert "cdn." not in text.lower() and "mathjax" not in text.lower(), rel
        for m in anchor.finditer(text):
            assert 'rel="external' in text[m.start():text.index(">", m.start())], (rel, m.group(0))
            sources += rel in ("tables/reference.html", "tables/outcomes.html")
    assert sources > 50  # the public record's and the outcomes' sources are links


@pytest.mark.browser
def test_every_page_in_chromium(site, server, browser):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    external, failures = [], []
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            return r.continue_()
        external.append(r.request.url)
        return r.abort()

    ctx.route("**/*", route)
    checked_links = set()
    for rel in pages(site):
        page = ctx.new_page()
        errors = []
        page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
        resp = page.goto(server + rel, wait_until="networkidle")
        assert resp and resp.ok, rel
        # lazy images (below the fold) load now, so every image is checked
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
        page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=30000)
        broken = page.eval_on_selector_all(
            "img", "els => els.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        no_alt = page.eval_on_selector_all(
            "img", "els => els.filter(i => !i.alt || i.alt.startsWith('No description')).length")
        if no_alt:
            failures.append(f"{rel}: {no_alt} image(s) without alt text")
        text = page.inner_text("body")
        if broken:
            failures.append(f"{rel}: images not loaded: {broken}")
        if errors:
            failures.append(f"{rel}: console errors: {errors}")
        if not re.search(r"[\u4e00-\u9fff]", text):
            failures.append(f"{rel}: no Chinese text in the DOM")
        # every element that shows Chinese must be able to fall back to the bundled font
        # (a system without CJK fonts otherwise draws boxes, e.g. in code cells)
        unfonted = page.evaluate("""() => {
            const out = new Set();
            const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walk.nextNode()) {
                const n = walk.currentNode;
                if (/[\u4e00-\u9fff]/.test(n.textContent) && n.parentElement) {
                    const ff = getComputedStyle(n.parentElement).fontFamily;
                    if (!ff.includes('Baimo Sans SC')) out.add(n.parentElement.tagName + ': ' + ff);
                }
            }
            return [...out]; }""")
        if unfonted:
            failures.append(f"{rel}: Chinese text without the bundled font in its font stack: {unfonted}")
        fonts_ok = page.evaluate("document.fonts.check('16px \"Baimo Sans SC\"', '百模')")
        if not fonts_ok:
            failures.append(f"{rel}: web font not loaded")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))"):
            if href.startswith(("#", "mailto:")) or urlparse(href).scheme in ("http", "https"):
                continue
            target = urlparse(urljoin(server + rel, href)).path.lstrip("/")
            checked_links.add(target)
            if not (site / target).exists() and not (site / target / "index.html").exists():
                failures.append(f"{rel}: link {href!r} does not resolve")
        shots = {"index.html": "landing", "notebooks/01-compute-gaps.html": "notebook-01",
                 "articles/beyond.html": "article-beyond", "tables/lag.html": "table-lag"}
        if rel in shots:
            page.screenshot(path=str(ARTEFACTS / f"{shots[rel]}.png"), full_page=False)
        page.close()
    ctx.close()
    assert external == [], f"external requests: {external}"
    assert failures == []
    assert len(checked_links) > 10
    for name in ("landing", "notebook-01", "article-beyond", "table-lag"):
        assert (ARTEFACTS / f"{name}.png").exists()


def test_page_weight(site):
    """Each page with the assets it references (CSS, font, images) stays under 2 MB."""
    from baimo.publish.site.render import page_weights

    weights = page_weights(site)
    print("\n" + "\n".join(f"{w['bytes'] / 1024:8.0f} KiB  {w['page']}" for w in weights))
    heavy = [w for w in weights if w["bytes"] > LIMIT]
    assert heavy == []


# HTML from the data on every page type: tests/test_build_escaping.py (one poisoned build for all of them).


def _server_page(browser, server, rel, width=1280):
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    ctx.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    page = ctx.new_page()
    page.goto(server + rel, wait_until="networkidle")
    return ctx, page


@pytest.mark.browser
def test_a_chart_point_is_two_clicks_from_its_sentence(site, server, browser):
    """Click a mark in a chart: its claim's row; click the row's 'in context': the highlighted sentence."""
    ctx, page = _server_page(browser, server, "notebooks/01-compute-gaps.html")
    mark = page.locator("figure.baimo-figure svg a:not(.baimo-hit)").first  # a drawn mark, not its hit area
    href = mark.get_attribute("xlink:href") or mark.get_attribute("href")
    claim = href.split("#")[1]
    mark.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"tables/compute.html#{claim}")
    row = page.locator(f"tr[id='{claim}']")
    assert row.count() == 1 and row.is_visible()
    row.locator("a", has_text="in context").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"#q-{claim}")
    # the whole passage is highlighted (it may run over several marked pieces), and it is the quote
    hit = page.evaluate("Array.from(document.querySelectorAll('mark.q.hit')).map(m => m.textContent).join('')")
    quote = page.evaluate("fetch('../data/claims/compute.csv').then(r => r.text())")
    assert hit and hit.strip()[:6] in quote
    assert all(claim in ids.split() for ids in page.eval_on_selector_all("mark.q.hit", "ms => ms.map(m => m.dataset.ids)"))
    ctx.close()


@pytest.mark.browser
def test_filtering_a_table_works(site, server, browser):
    ctx, page = _server_page(browser, server, "tables/lag.html")
    total = page.locator("#t-lag tbody tr").count()
    page.fill("#t-lag-bar input[type=search]", "刘庆峰")
    shown = page.locator("#t-lag tbody tr:not([hidden])").count()
    assert 0 < shown < total
    page.fill("#t-lag-bar input[type=search]", "")
    page.select_option("#t-lag-bar select >> nth=0", "beyond")
    assert 0 < page.locator("#t-lag tbody tr:not([hidden])").count() < total
    ctx.close()


@pytest.mark.browser
def test_phone_width_has_no_sideways_scroll(site, server, browser):
    for rel in ("index.html", "notebooks/01-compute-gaps.html", "tables/lag.html", "articles/beyond.html",
                "teaching.html", "handout.html"):
        ctx, page = _server_page(browser, server, rel, width=390)
        width = page.evaluate("document.documentElement.scrollWidth")
        ctx.close()
        assert width <= 392, (rel, width)


@pytest.mark.browser
def test_teachers_notes_print_open(site, server, browser):
    """(The printed PDFs are checked in test_classroom.py.)"""
    ctx, page = _server_page(browser, server, "teaching.html")
    page.emulate_media(media="print")
    notes = page.locator(".teacher-note")
    assert notes.count() >= 15 and notes.first.is_visible()
    ctx.close()


@pytest.mark.browser
def test_slides_move_with_the_keyboard(site, server, browser):
    ctx, page = _server_page(browser, server, "slides/01-compute-gaps.html")
    assert page.locator("section.slide.current").count() == 1
    first = page.locator("section.slide.current").inner_text()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.hash === '#2'", timeout=3000)  # the slide number is in the URL
    assert page.locator("section.slide.current").inner_text() != first
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("location.hash === '#1'", timeout=3000)
    assert page.locator("section.slide.current").inner_text() == first
    ctx.close()


def test_the_web_font_has_every_character_the_pages_use_the_space_too(site):
    """A character missing from the subset font is drawn in a fallback font of other widths; a missing
    space made every chart title on the site wider than matplotlib laid it out, cutting its end off."""
    import html

    from fontTools.ttLib import TTFont

    from baimo.charts.style import FONT_FILE

    full = TTFont(FONT_FILE).getBestCmap()
    cmap = TTFont(site / "_static" / "baimo-sans.woff").getBestCmap()
    text = (site / "notebooks" / "01-compute-gaps.html").read_text(encoding="utf-8")
    chart_text = html.unescape("".join(re.findall(r"<text [^>]*>([^<]+)</text>", text)))
    assert " " in chart_text and "美国" in chart_text
    missing = sorted({c for c in chart_text if ord(c) in full and ord(c) not in cmap})
    assert not missing, missing


@pytest.mark.browser
def test_chart_text_stays_inside_its_chart(site, server, browser):
    """Every label, title and source line of every inline chart, as Chromium draws it with the site's
    font, lies inside the chart's box (the SVG clips whatever does not)."""
    rels = [f"notebooks/{nb.stem}.html" for nb in notebooks()] + ["index.html", "handout.html",
                                                                   "slides/01-compute-gaps.html"]
    outside = []
    for rel in rels:
        ctx, page = _server_page(browser, server, rel)
        page.evaluate("document.fonts.ready")
        page.evaluate("document.querySelectorAll('section.slide').forEach(s => s.style.display = 'flex')")
        outside += [f"{rel}: {fig}: {text!r} by {px} px" for fig, px, text in page.evaluate("""() => {
            const out = [];
            for (const svg of document.querySelectorAll('svg[viewBox]')) {
              const box = svg.getBoundingClientRect();
              if (box.width === 0) continue;
              for (const t of svg.querySelectorAll('text')) {
                const r = t.getBoundingClientRect();
                const over = Math.max(r.right - box.right, box.left - r.left, r.bottom - box.bottom, box.top - r.top);
                if (over > 1) out.push([(svg.closest('[id]') || {}).id || '?', Math.round(over), t.textContent.slice(0, 40)]);
              }
            }
            return out; }""")]
        ctx.close()
    assert not outside, "\n".join(outside[:20])


# Slides on a 1280×720 projector (text ≥ 16 px, presenter view): test_classroom.py.
