"""Bring your own article: a sixth article is a data-only change.

In a copy of the project, ``baimo new-article`` brings in a short fixture article written for this test
(tests/fixtures/sixth-article.txt), its claims are coded by appending rows to the tables (data files
only), and ``baimo check`` and ``baimo build`` run. Its rows must then appear in the claims tables, in a
chart with working point links, on an article reader page with highlights, in search and in the
downloads — and nothing under ``src/`` was edited (the package used is the checkout's, hashed before
and after)."""

import csv
import hashlib
import io
import re
from pathlib import Path

import pytest

from conftest import ROOT, copy_checkout, run_baimo, shared

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).with_name("fixtures") / "sixth-article.txt"
SPEAKERS = ["赵明:Zhao Ming:founder:Demo AI (fictional)", "李华:Li Hua:host:Demo Weekly (fictional)"]
#: The claims, as a researcher would code them (every number and comparison the finder lists: coded or excluded).
ROWS = {
    "data/claims/compute.csv": {
        "claim_id": "C-demo-01", "article_id": "demo", "speaker": "赵明", "attribution": "own",
        "subject": "Demo AI (fictional)", "region": "China", "metric": "gpu_count", "value": "8000", "unit": "gpu",
        "original": "8000张", "qualifier": "exact", "modality": "stated", "quote": "我们公司现在有8000张GPU",
        "quote_en": "Our company now has 8,000 GPUs", "note": "Test fixture."},
    "data/claims/lag.csv": {
        "claim_id": "L-demo-01", "article_id": "demo", "speaker": "赵明", "attribution": "own",
        "dimension": "compute_chips", "judgement": "far_behind", "trend": "widening", "modality": "stated",
        "quote": "跟美国比,我们在算力上还是落后很多,差距在拉大",
        "quote_en": "Compared with the US we are still far behind in compute, and the gap is widening",
        "note": "Test fixture."},
    "data/claims/parameters.csv": {
        "claim_id": "P-demo-01", "article_id": "demo", "speaker": "赵明", "attribution": "own",
        "model": "Chinese models (generic)", "region": "China", "kind": "generic", "architecture": "unknown",
        "value": "1e11", "unit": "parameter", "original": "1000亿", "qualifier": "exact", "modality": "stated",
        "quote": "我们正在训练1000亿参数的模型", "quote_en": "We are training a 100-billion-parameter model",
        "note": "Test fixture."},
    "data/claims/framing.csv": {
        "claim_id": "F-demo-01", "article_id": "demo", "speaker": "赵明", "attribution": "own",
        "frame": "selection", "source_domain": "sport", "metaphor": "淘汰赛", "predicted_outcome": "few_winners",
        "stance_many_models": "none", "winner": "a few firms", "quote": "百模大战像淘汰赛,最后只会剩下少数赢家",
        "quote_en": "The war of a hundred models is like a knockout tournament; only a few winners will remain",
        "note": "Test fixture."},
    "data/claims/excluded.csv": {
        "article_id": "demo", "passage": "百模大战", "reason": "name_or_title", "note": "Test fixture: a name."},
}
#: The English the charts print beside the article's Chinese words (its metaphor, its top terms).
GLOSSES = [("淘汰赛", "knockout tournament", "word"), ("构建", "build", "word"), ("软件", "software", "word"),
           ("只会", "will only", "word"), ("少数", "a few", "word"), ("拉大", "widen", "word"),
           ("账本", "ledger", "word"), ("赢家", "winners", "word"), ("剩下", "remain", "word"),
           ("聊聊", "chat about", "word"), ("国产", "home-made", "word"), ("国内", "domestic", "word")]


def src_digest() -> str:
    h = hashlib.sha256()
    for f in sorted((ROOT / "src" / "baimo").rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.relative_to(ROOT).as_posix().encode() + f.read_bytes())
    return h.hexdigest()


def append(path: Path, row: dict) -> None:
    header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([row.get(c, "") for c in header])
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="session")
def sixth(tmp_path_factory):
    """The project with the sixth article brought in and built: once per test session, whichever worker
    asks first (``conftest.shared``)."""
    return shared(tmp_path_factory, "sixth", _bring_the_sixth_article) / "proj"


def _bring_the_sixth_article(folder: Path) -> None:
    before = src_digest()
    proj = copy_checkout(folder / "proj")
    res = run_baimo(proj, "new-article", "demo", "--raw", str(FIXTURE), "--title-zh", "国产大模型的算力账本",
                    "--title-en", "The compute ledger of a Chinese model maker", "--outlet", "Demo Weekly (fixture)",
                    "--date", "2024-06-01", "--host", "李华", *[a for s in SPEAKERS for a in ("--speaker", s)])
    assert res.returncode == 0, res.stdout + res.stderr
    for rel, row in ROWS.items():
        append(proj / rel, row)
    for term, gloss, kind in GLOSSES:
        append(proj / "data/lexicon/glosses.csv", {"term": term, "gloss_en": gloss, "kind": kind})
    check = run_baimo(proj, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    build = run_baimo(proj, "build", timeout=900)
    assert build.returncode == 0, build.stdout + build.stderr
    assert src_digest() == before, "the package was edited"


def test_new_article_writes_the_raw_copy_its_checksum_and_metadata(sixth):
    raw = sixth / "data/raw/articles" / FIXTURE.name
    assert raw.read_bytes() == FIXTURE.read_bytes()
    assert f"{hashlib.sha256(raw.read_bytes()).hexdigest()}  articles/{FIXTURE.name}" in \
        (sixth / "data/raw/SHA256SUMS").read_text(encoding="utf-8")
    assert "\ndemo," in (sixth / "data/articles.csv").read_text(encoding="utf-8")
    assert (sixth / "data/processed/clean/demo.txt").exists()


def test_its_rows_are_on_the_table_pages(sixth):
    for table, cid in (("compute", "C-demo-01"), ("lag", "L-demo-01"), ("parameters", "P-demo-01"),
                       ("framing", "F-demo-01")):
        page = (sixth / "_site/tables" / f"{table}.html").read_text(encoding="utf-8")
        assert f'id="{cid}"' in page, table
        assert f'articles/demo.html#q-{cid}"' in page, table  # the "in context" link


def test_its_gpu_count_is_a_linked_point_on_the_chart(sixth):
    svg = (sixth / "figures/01-gpu-counts.svg").read_text(encoding="utf-8")
    assert re.search(r'<a xlink:href="\.\./tables/compute\.html#C-demo-01"[^>]*><title>C-demo-01 · ', svg)


def test_the_article_reader_highlights_its_quotes(sixth):
    page = (sixth / "_site/articles/demo.html").read_text(encoding="utf-8")
    for cid in ("C-demo-01", "L-demo-01", "P-demo-01", "F-demo-01"):
        assert f'id="q-{cid}"' in page and f'href="../tables/' in page
    assert page.count('<mark class="q"') >= 4
    assert "demo.html" in (sixth / "_site/articles/index.html").read_text(encoding="utf-8")


def test_its_claim_ids_are_linked_where_pages_mention_them(sixth):
    """The site's id linker takes its articles from data/articles.csv: a quote table that lists C-demo-01
    links it to its row (a hard-coded list of five articles would leave it plain text)."""
    page = (sixth / "_site/notebooks/01-compute-gaps.html").read_text(encoding="utf-8")
    assert '<a class="claim-id" href="../tables/compute.html#C-demo-01">C-demo-01</a>' in page


def test_it_is_in_the_downloads(sixth):
    for rel, cid in (("data/claims/compute.csv", "C-demo-01"), ("data/articles.csv", "\ndemo,"),
                     ("data/processed/claim_ids.csv", "F-demo-01")):
        assert cid in (sixth / "_site" / rel).read_text(encoding="utf-8"), rel


@pytest.mark.browser
def test_search_finds_its_article_page(sixth):
    """Search reads the registry's articles like any page: the sixth article's reader page is found by a
    word only it has, from disk."""
    from urllib.parse import unquote, urlparse

    from playwright.sync_api import sync_playwright

    from baimo.publish.classroom.pdf import CHROMIUM_ARGS, chromium

    site = sixth / "_site"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium() or "/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto((site / "search.html").as_uri() + "?q=算力账本", wait_until="load")
        hrefs = page.eval_on_selector_all("#baimo-results > li > a.title", "as => as.map(a => a.href)")
        browser.close()
    found = [Path(unquote(urlparse(h).path)).resolve().relative_to(site.resolve()).as_posix() for h in hrefs]
    assert "articles/demo.html" in found, found


def test_the_pages_count_six_articles(sixth):
    """No page types "five articles": the landing page and the articles' index count the registry's."""
    landing = (sixth / "_site/index.html").read_text(encoding="utf-8")
    assert "Six Chinese-language articles (Dec 2022 – Jun 2024)" in landing and "六篇中文报道" in landing
    assert "The six articles" in (sixth / "_site/articles/index.html").read_text(encoding="utf-8")
