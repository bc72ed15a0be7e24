"""The reader's site, part by part, without building it: what search indexes, what kind each page is, the
numbers of a table page, "download these rows", the launch link, and the decoration every chart's SVG gets
(hit areas, the narrowest width, the embedded font)."""

import csv
import io
import re

import pytest

from baimo.core import paths
from baimo.publish.notebooks import svg as svgkit
from baimo.publish.site import downloads, htmlkit, pagekit, search, tables

PAGE = """<html><head><title>T</title><style>.x{}</style></head><body class="jp-Notebook"><main>
<header class="baimo-header"><a href="index.html">百模 Baimo</a> <a href="search.html">Search 搜索</a></header>
<nav class="baimo-nbnav"><a href="00.html">&lt; 00 · 语料</a></nav>
<h1 id="T-%C2%B7-x">Title · 算力<a class="anchor-link" href="#T-%C2%B7-x">¶</a></h1><nav class="baimo-toc">On this page 本页</nav>
<p>Intro about 算力 and GPT-4o.</p>
<details class="baimo-code"><summary>show code</summary><pre>import secret_code</pre></details>
<h2 id="gap">The gap 差距<a class="anchor-link" href="#gap">¶</a></h2><p>落后 <b>很多</b>.</p>
<figure class="baimo-figure" id="01-x"><div class="baimo-chart"><svg viewBox="0 0 10 10"><a><title>tooltip quote 不见</title>
<path d="M 0 0"/></a><text style="font-size: 12px">图里的字</text></svg></div>
<p class="baimo-chart-hint no-index">↔ swipe</p><figcaption>Figure 01-1 · 01-x <span class="links no-index">full size</span></figcaption></figure>
<div class="baimo-tablebar"><select><option>article_id: all</option></select></div>
<table><tr id="C-sv101-01"><td>百模大战</td></tr></table>
<section class="slide"><h1>Slide one</h1></section><section class="slide"><p>第二张</p></section>
<script>var s = "脚本里的字";</script></main></body></html>"""


def test_a_page_is_indexed_by_its_body_text_in_sections_at_its_anchors():
    title, sections = search.page_sections(PAGE)
    assert title == "Title · 算力"  # no ¶
    text = " ".join(s[2] for s in sections)
    for absent in ("Search 搜索", "00 · 语料", "On this page", "secret_code", "tooltip quote", "swipe", "full size",
                   "article_id: all", "脚本里的字", "¶"):
        assert absent not in text, absent
    for present in ("Intro about 算力 and GPT-4o.", "落后 很多", "图里的字", "Figure 01-1 · 01-x", "百模大战", "第二张"):
        assert present in text, present
    anchors = {s[0]: s for s in sections}
    assert anchors["gap"][1] == "The gap 差距" and "落后" in anchors["gap"][2]
    assert anchors["C-sv101-01"][1] == "C-sv101-01" and anchors["C-sv101-01"][2] == "百模大战"
    assert "图里的字" in anchors["01-x"][2]
    assert anchors["2"][2] == "第二张"  # slides are numbered as slides.js numbers them


@pytest.mark.parametrize("rel, kind", [
    ("index.html", "home"), ("notebooks/01-compute-gaps.html", "notebook"), ("slides/01-compute-gaps.html", "slides"),
    ("tables/lag.html", "table"), ("tables/codebook.html", "codebook"), ("tables/index.html", "data"),
    ("articles/beyond.html", "article"), ("articles/index.html", "articles"), ("teaching.html", "teaching"),
    ("handout.html", "handout"), ("coding-lab-answer-key.html", "answer-key"), ("elsewhere.html", "page")])
def test_every_page_says_what_kind_of_page_it_is(rel, kind):
    assert search.kind_of(rel) == kind


def test_the_search_words_are_the_dictionary_entries_on_the_site_with_jiebas_frequencies():
    from baimo.text.tokens import tokenizer

    words = search._words(["百模大战里，算力落后。GPT-4"])
    jb = tokenizer()
    assert words["total"] == jb.total
    for w in ("百模大战", "算力", "落后", "百", "模"):
        assert words["freq"][w] == jb.FREQ[w], w
    assert "GPT-4" not in words["freq"] and all(re.fullmatch(r"[\u3400-\u9fff]+", w) for w in words["freq"])


def test_a_range_shows_low_to_high_and_sorts_by_its_middle():
    import pandas as pd

    df = pd.DataFrame({"value": [90000000.0, float("nan"), float("nan"), 2000.0],
                       "low": [float("nan"), 20000.0, 500.0, 2000.0], "high": [float("nan"), 90000.0, float("nan"), float("nan")]})
    texts, keys = tables.values(df)
    assert texts == ["90,000,000", "20,000–90,000", "500", "2,000"]
    assert keys == [90000000.0, 55000.0, 500.0, 2000.0]


def test_the_rows_of_a_table_page_download_as_their_file_has_them():
    path = paths.CLAIMS / "compute.csv"
    with open(path, encoding="utf-8", newline="") as f:
        records = list(csv.reader(f))
    ids = [r[0] for r in records[1:]][::-1][:5]
    rows = htmlkit.RowsCsv(path, ids, "claim_id")
    assert rows.columns == records[0] and rows.filename == "compute-rows.csv"
    got = list(csv.reader(io.StringIO(rows.header + "\n" + "\n".join(rows.lines) + "\n")))
    by_id = {r[0]: r for r in records[1:]}
    assert got[0] == records[0] and [r[0] for r in got[1:]] == ids
    assert all(r == by_id[r[0]] for r in got[1:])


def test_the_page_says_how_its_csv_columns_relate_to_the_table():
    rows = htmlkit.RowsCsv(paths.CLAIMS / "compute.csv", ["C-sv101-01"], "claim_id")
    shown = ["claim_id", "quote", "in context", "record check 核对", "speaker", "value"]
    note = tables.csv_note(rows, shown, tables.RANGE_VALUE)
    assert "<i>value</i> is shown" not in tables.csv_note(rows, shown)  # only where the page shows ranges
    assert f"shows 4 of the {len(rows.columns)} columns of <code>compute.csv</code>" in note
    assert "<code>low</code>" in note and "<code>note</code>" in note  # not shown
    assert "<i>in context</i>" in note and "<i>record check 核对</i>" in note and "<i>value</i> is shown" in note
    assert f"with all {len(rows.columns)} columns" in note


@pytest.mark.parametrize("cff, expected", [
    ("repository-code: https://github.com/someone/baimo\n",
     "https://mybinder.org/v2/gh/someone/baimo/HEAD?labpath=notebooks%2F01-compute-gaps.ipynb"),
    ('repository-code: "https://gitlab.com/group/baimo.git"\n',
     "https://mybinder.org/v2/gl/group%2Fbaimo/HEAD?labpath=notebooks%2F01-compute-gaps.ipynb"),
    ("repository-code: https://example.org/git/baimo\n",
     "https://mybinder.org/v2/git/https%3A%2F%2Fexample.org%2Fgit%2Fbaimo/HEAD?labpath=notebooks%2F01-compute-gaps.ipynb"),
    ("title: no address here\n", None)])
def test_the_launch_link_comes_from_the_one_repository_address(tmp_path, cff, expected):
    citation = tmp_path / "CITATION.cff"
    citation.write_text("cff-version: 1.2.0\n" + cff, encoding="utf-8")
    assert downloads.launch_url("01-compute-gaps", citation) == expected


def test_the_count_of_articles_comes_from_the_registry():
    from baimo.core import registry

    c = pagekit.collection()
    assert c["n"] == str(len(registry.article_ids()))
    assert pagekit.count_words(6) == ("six", "六") and pagekit.count_words(13) == ("13", "13")
    assert re.fullmatch(r"[A-Z][a-z]{2} \d{4} – [A-Z][a-z]{2} \d{4}", c["span_en"])


SVG = """<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="720pt" height="360pt" viewBox="0 0 720 360">
 <defs>
  <style type="text/css">*{stroke-linejoin: round}</style>
  <path id="mABC" d="M 0 3 C 2 3 3 2 3 0 C 3 -2 2 -3 0 -3 C -2 -3 -3 -2 -3 0 C -3 2 -2 3 0 3 z"/>
 </defs>
 <text style="font-size: 12px; font-family: 'Baimo Sans SC'">美国 US</text><text style="font-size: 16px">中国</text>
 <g id="PathCollection_1">
  <a xlink:href="../tables/compute.html#C-sv101-01" target="_top"><title>C-sv101-01 · tip</title>
   <use xlink:href="#mABC" x="100" y="50"/>
  </a>
  <a xlink:href="../tables/compute.html#C-sv101-02" target="_top"><title>C-sv101-02 · tip</title>
   <path d="M 200 40 L 300 40 L 300 80 L 200 80 z"/>
  </a>
 </g>
</svg>"""


def test_a_chart_is_never_drawn_narrower_than_its_smallest_text_allows():
    assert svgkit.smallest_text(SVG) == 12
    assert svgkit.min_width(SVG) == pytest.approx(720 * 9 / 12)  # 12 units of 720 shown at 540 px: 9 px


def test_a_small_linked_mark_gets_a_finger_sized_hit_area_under_the_marks():
    out = svgkit.add_hit_areas(SVG)
    side = 24 * 720 / (720 * 9 / 12)  # 24 px at the narrowest width, in the SVG's units: 32
    hits = re.findall(r'<a xlink:href="([^"]+)"[^>]*class="baimo-hit"[^>]*><rect x="([\d.]+)" '
                      r'y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', out)
    assert len(hits) == 1  # the 100×40 bar is big enough; the 6×6 marker is not
    href, x, y, w, h = hits[0]
    assert href.endswith("#C-sv101-01") and float(w) == pytest.approx(side) and float(h) == pytest.approx(side)
    assert float(x) + float(w) / 2 == pytest.approx(100) and float(y) + float(h) / 2 == pytest.approx(50)
    assert out.index('class="baimo-hit"') < out.index('<use xlink:href="#mABC"')  # under the marks


def test_the_svg_carries_its_characters_font_and_pages_leave_it_out():
    from fontTools.ttLib import TTFont
    import base64

    style = svgkit.font_style(SVG)
    assert style == svgkit.font_style(SVG)  # the same characters, the same bytes
    data = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", style).group(1))
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    assert {ord(c) for c in "美国中 US"} <= set(cmap) and style.count("@font-face") == 1
    with_alpha = svgkit.font_style(SVG.replace("美国 US", "α 美国 US"))  # a character the bundled font lacks
    assert with_alpha.count("@font-face") == 2 and 'font-family: "DejaVu Sans"' in with_alpha
    decorated = SVG.replace("<defs>", "<defs>" + style, 1)
    assert "@font-face" not in svgkit.strip_font(decorated) and svgkit.strip_font(decorated).count("<style") == 1


def test_a_notebook_page_offers_its_files_and_once_configured_a_launch_link(tmp_path, monkeypatch):
    from baimo.publish.site import render

    monkeypatch.setattr(paths, "CITATION", tmp_path / "CITATION.cff")
    bare = render.get_it_html("01-compute-gaps")
    assert 'href="01-compute-gaps.ipynb" download' in bare and 'href="01-compute-gaps.md" download' in bare
    assert "Binder" not in bare and "OWNER" not in bare and "repository-code" not in bare
    (tmp_path / "CITATION.cff").write_text("repository-code: https://github.com/someone/baimo\n", encoding="utf-8")
    assert ('href="https://mybinder.org/v2/gh/someone/baimo/HEAD?labpath=notebooks%2F01-compute-gaps.ipynb"'
            in render.get_it_html("01-compute-gaps"))
