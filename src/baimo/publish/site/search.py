"""Search: the search page and its index, a script every page of the site can read from disk.

The index (``search-index.js``) is written after every page is rendered, from the pages themselves:
each page's body text (navigation, code, filter boxes and chart tooltips left out) cut into sections
at its anchors (headings, figures, table rows, article paragraphs, slides), its clean title and what
kind of page it is. The search page loads it as a ``<script>`` (no fetch, no WebAssembly), so search
works the same served over HTTP and opened from a folder (``file://``).

A query is split at spaces; each word must occur on the page (Latin words at the start of a word,
case-insensitive; Chinese anywhere, so 算力 also finds 总算力). A Chinese word that occurs nowhere as
typed (美国的算力) is cut into words the way jieba cuts it with the project's dictionary (the index
carries the dictionary entries that occur on the site, with jieba's frequencies, and the page runs
jieba's own dictionary route), and those words are searched instead.
"""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path

from ...core import registry
from .pagekit import page

#: What kind of page a path is, first match wins (site-relative path prefix, key, English, Chinese).
KINDS = (
    ("index.html", "home", "Home", "首页"),
    ("notebooks/", "notebook", "Notebook", "笔记本"),
    ("slides/", "slides", "Slides", "幻灯片"),
    ("tables/codebook.html", "codebook", "Codebook", "编码说明"),
    ("tables/index.html", "data", "Data tables", "数据目录"),
    ("tables/", "table", "Table", "数据表"),
    ("articles/index.html", "articles", "Articles", "原文"),
    ("articles/", "article", "Article", "原文"),
    ("teaching.html", "teaching", "Teaching", "教学"),
    ("handout.html", "handout", "Handout", "讲义"),
    ("coding-lab-answer-key.html", "answer-key", "Answer key", "答案"),
)
#: Pages that are not searched (the search page itself).
UNSEARCHED = ("search.html",)
INDEX_FILE = "search-index.js"


def kind_of(rel: str) -> str:
    """The kind of the page at site-relative path ``rel`` (``notebook``, ``table``…); ``page`` if none fits."""
    return next((key for prefix, key, _, _ in KINDS if rel == prefix or (prefix.endswith("/") and rel.startswith(prefix))),
                "page")


def search_page():
    """The search page: a box, the results, and the index loaded as a script (works from disk)."""
    ui = ('<form class="baimo-search" role="search" onsubmit="return false">'
          '<input type="search" id="baimo-q" name="q" autocomplete="off" aria-label="search the site 搜索全站" '
          'placeholder="算力, 百模大战, GPT-4, 李开复 …"></form>'
          '<p id="baimo-search-status" class="baimo-search-status" role="status"></p>'
          '<ol id="baimo-results" class="baimo-results"></ol>'
          f'<script src="{INDEX_FILE}"></script><script src="_static/search.js"></script>')
    node = page("Search", "# Search 搜索\n\nEvery page of the site — notebooks, slides, tables, articles, teaching "
                "— searched in your browser, also when the site is opened from a folder (no network). Chinese words "
                "are found wherever they occur; separate several words with spaces to find pages with all of them.",
                ("html", ui))
    node.metadata["baimo_lean"] = True  # no notebook stylesheet: the page loads the site's whole text instead
    return node


# --------------------------------------------------------------------------- pages as sections

#: Elements left out of the index, with everything inside them.
_SKIP_TAGS = {"script", "style", "nav", "header", "select", "textarea", "template", "title", "desc", "noscript"}
_SKIP_CLASSES = {"baimo-code", "baimo-tablebar", "anchor-link", "print-only", "baimo-nbnav", "no-index"}
#: Elements whose id starts a section (a place a result can link to).
_ANCHORED = {"h1", "h2", "h3", "h4", "figure", "tr", "p", "section", "li"}
_BLOCKS = {"p", "div", "li", "td", "th", "tr", "br", "h1", "h2", "h3", "h4", "figure", "figcaption", "section",
           "table", "ul", "ol", "summary", "details", "blockquote", "text", "dd", "dt"}
_VOID = {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr", "area", "base", "embed", "use",
         "path", "rect", "circle", "line", "polyline", "polygon", "ellipse", "stop"}


class _Sections(HTMLParser):
    """A page's body text in sections: ``[anchor, heading, text]``; the page's ``<h1>`` as its title."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.skipped = 0  # how many open elements are left out
        self.sections = [["", "", []]]
        self.title: list[str] | None = None
        self.heading: list[str] | None = None
        self.slides = 0
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.in_body = True
        if tag in _VOID:
            if tag == "br":
                self._text(" ")
            return
        classes = set((a.get("class") or "").split())
        skip = tag in _SKIP_TAGS or bool(classes & _SKIP_CLASSES)
        self.stack.append((tag, skip))
        self.skipped += skip
        if self.skipped or not self.in_body:
            return
        anchor = a.get("id") if tag in _ANCHORED else None
        if tag == "section" and "slide" in classes:
            self.slides += 1
            anchor = str(self.slides)  # the slides' own numbering (slides.js: #1, #2 …)
        if anchor and not anchor.startswith("cell-id="):
            label = anchor if tag == "tr" else _figure_label(anchor) if tag == "figure" else ""
            self.sections.append([anchor, label, []])
        if tag in ("h1", "h2", "h3", "h4"):
            self.heading = []
            if tag == "h1" and self.title is None:
                self.title = self.heading
        if tag in _BLOCKS:
            self._text(" ")

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        while self.stack:
            name, skipped = self.stack.pop()
            self.skipped -= skipped
            if name == tag:
                break
        if tag in ("h1", "h2", "h3", "h4") and self.heading is not None:
            if not self.sections[-1][1]:
                self.sections[-1][1] = _squash("".join(self.heading))
            self.heading = None
        if tag in _BLOCKS:
            self._text(" ")

    def handle_data(self, data):
        if self.in_body and not self.skipped:
            self._text(data)
            if self.heading is not None:
                self.heading.append(data)

    def _text(self, s: str) -> None:
        self.sections[-1][2].append(s)


def _figure_label(figure_id: str) -> str:
    """A chart's section is headed by its citation (``Figure 01-1 · 01-ratios``)."""
    fig = registry.figure_ids().get(figure_id)
    return fig.cite() if fig is not None else figure_id


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page_sections(text: str) -> tuple[str, list[list[str]]]:
    """``(title, [[anchor, heading, text], …])`` of a rendered page (sections without text dropped)."""
    text = text[text.find("<body"):]  # (the head's styles are many tags and no text)
    text = re.sub(r'<details class="baimo-code">.*?</details>|<script\b.*?</script>', "", text, flags=re.S)
    text = re.sub(r"<svg\b.*?</svg>", _chart_text, text, flags=re.S)  # a chart: only the text it draws
    parser = _Sections()
    parser.feed(text)
    parser.close()
    out = [[a, h, _lean(h, _squash("".join(t)))] for a, h, t in parser.sections]
    title = _squash("".join(parser.title)) if parser.title is not None else ""
    return title, [s for s in out if s[1] or s[2]]


def _lean(heading: str, text: str) -> str:
    """A section's text without its heading (kept once, beside it: search reads both) and with each web
    address cut to its host (``www.reuters.com/…``): the index is the site's whole text, loaded at once."""
    if heading and text.startswith(heading):
        text = text[len(heading):].lstrip()
    return re.sub(r"https?://([^/\s]+)/\S*", r"\1/…", text)


def _chart_text(m: re.Match) -> str:
    texts = re.findall(r"<text\b[^>]*>([^<]*)</text>", m.group(0))
    return "<div>" + " ".join(texts) + "</div>" if texts else ""


# --------------------------------------------------------------------------- the index


def _site_pages(site: Path) -> list[tuple[str, Path]]:
    order = {key: n for n, (_, key, _, _) in enumerate(KINDS)}
    rels = [p.relative_to(site).as_posix() for p in site.rglob("*.html")]
    rels = [r for r in rels if r not in UNSEARCHED]
    return [(r, site / r) for r in sorted(rels, key=lambda r: (order.get(kind_of(r), len(order)), r))]


def _words(texts: list[str]) -> dict:
    """The jieba dictionary entries (project dictionary included) that occur in ``texts``, with jieba's
    frequencies and total: enough to cut any Chinese query made of the site's words as jieba would."""
    from ...text.tokens import tokenizer

    jb = tokenizer()
    found: set[str] = set()
    for run in set(re.findall(r"[\u3400-\u9fff]+", "\n".join(texts))):
        dag = jb.get_DAG(run)  # every dictionary word starting at each place: all a query's cut can use
        found.update(run[i:j + 1] for i, ends in dag.items() for j in ends)
    freq = {w: jb.FREQ[w] for w in sorted(found) if jb.FREQ.get(w)}
    return {"total": jb.total, "logtotal": round(math.log(jb.total), 12), "freq": freq}


def build_index(site: Path) -> dict:
    """The search index of the rendered site in ``site``: pages (url, title, kind, sections) and words."""
    pages, texts = [], []
    for rel, path in _site_pages(site):
        title, sections = page_sections(path.read_text(encoding="utf-8"))
        if not sections:
            continue
        pages.append({"url": rel, "title": title or rel, "kind": kind_of(rel), "sections": sections})
        texts += [s[2] for s in sections] + [title]
    kinds = {key: [en, zh] for _, key, en, zh in KINDS} | {"page": ["Page", "页面"]}
    return {"version": 1, "kinds": kinds, "pages": pages, "words": _words(texts)}


def search_index(out: Path) -> Path:
    """Write ``search-index.js`` into the rendered site ``out`` (every page is written by now). The
    same pages give the same bytes, wherever the site is built."""
    index = build_index(out)
    text = "window.BAIMO_SEARCH = " + json.dumps(index, ensure_ascii=False, separators=(",", ":")) + ";\n"
    target = out / INDEX_FILE
    target.write_text(text, encoding="utf-8")
    return target

