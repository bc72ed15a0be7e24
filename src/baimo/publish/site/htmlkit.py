"""HTML pieces the site is woven from: links from every id to its row, data tables that filter and
sort, figures as inline SVG with caption and full-size links, and an in-page contents list.

Every value that comes from a table is escaped here; nothing from the data is ever written into a
page as markup.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from ...core import codebook, registry


def id_pattern() -> re.Pattern:
    """Claim, forecast, outcome and public-record ids (:func:`baimo.core.registry.id_pattern`: every
    thread's prefix, every article of ``data/articles.csv``)."""
    return re.compile(registry.id_pattern())

#: Elements whose text is never linked (already links, code, drawings, scripts).
_SKIP = ("a", "svg", "pre", "code", "script", "style", "title", "textarea", "option", "select", "summary")


def id_url(identifier: str, depth: int) -> str:
    """The row of a claim (``C-beyond-05``), forecast (``X-kaifu-06``), outcome (``O12``) or public-record
    fact (``F16``) on the site, from a page ``depth`` folders deep."""
    return "../" * depth + registry.row_page(identifier)


def verdict_html(status: str, text: str = "") -> str:
    """A public-record status (``differs``) or a forecast's verdict (``came_true``) as its badge, then ``text``."""
    term = codebook.STATUS.term(status) if status in codebook.VOCAB["status"] else codebook.VERDICT.term(status)
    return (f'<span class="verdict {html.escape(status)}">{term.symbol} {html.escape(term.en)}</span>'
            + (f" {html.escape(text)}" if text else ""))


def find_svg(slug: str, figure_dirs) -> Path | None:
    """A figure's SVG from the last of ``figure_dirs`` that has it (later folders override earlier ones)."""
    return next((d / f"{slug}.svg" for d in reversed(list(figure_dirs)) if (d / f"{slug}.svg").exists()), None)


#: A chart cited the one way (:func:`baimo.core.registry.cite_text`): ``Figure 01-1 · 01-ratios``.
CITED_FIGURE = re.compile(r"Figure \d\d-\d+ · (\d\d-[a-z0-9-]+)")


def figure_url(figure_id: str, depth: int, here: str | None = None) -> str | None:
    """Where a chart is on the site, from a page ``depth`` folders deep (``#01-ratios`` on its own
    notebook's page ``here``); None for an id no notebook saves."""
    fig = registry.figure_ids().get(figure_id)
    if fig is None:
        return None
    return f"#{figure_id}" if here == fig.notebook else f"{'../' * depth}notebooks/{fig.notebook}.html#{figure_id}"


def _link_text(text: str, pattern, depth: int, skip_ids: frozenset, here: str | None) -> str:
    text = pattern.sub(lambda x: x.group(0) if x.group(0) in skip_ids else
                       f'<a class="claim-id" href="{id_url(x.group(0), depth)}">{x.group(0)}</a>', text)

    def fig(m):
        url = figure_url(m.group(1), depth, here)
        return f'<a class="figure-ref" href="{url}">{m.group(0)}</a>' if url else m.group(0)

    return CITED_FIGURE.sub(fig, text)


def link_ids(page: str, depth: int, skip_ids: frozenset = frozenset(), here: str | None = None) -> str:
    """Make every id in the page's text a link to its row, and every chart cited as ``Figure 01-1 ·
    01-ratios`` a link to the chart (not inside links, code, SVG or scripts).
    ``here``: the notebook the page shows, whose charts are linked within the page."""
    out, stack = [], []
    pattern = id_pattern()
    for part in re.split(r"(<[^>]+>)", page):
        if part.startswith("<"):
            m = re.match(r"<(/?)([a-zA-Z0-9]+)", part)
            if m and not part.endswith("/>"):
                name = m.group(2).lower()
                if name in _SKIP:
                    if m.group(1):
                        if name in stack:
                            del stack[len(stack) - 1 - stack[::-1].index(name)]
                    else:
                        stack.append(name)
            out.append(part)
        elif stack or not part.strip():
            out.append(part)
        else:
            out.append(_link_text(part, pattern, depth, skip_ids, here))
    return "".join(out)


URL = re.compile(r"https?://[^\s<>\"')\]]+[^\s<>\"')\].,;:]")


def linkify(text: str) -> str:
    """``text`` escaped, with each web address in it a link to its source (opened only when clicked:
    nothing is fetched when the page is viewed)."""
    out, last = [], 0
    for m in URL.finditer(text or ""):
        url = m.group(0)
        out += [html.escape(text[last:m.start()]),
                f'<a class="source-link" href="{html.escape(url)}" rel="external noopener">{html.escape(url)}</a>']
        last = m.end()
    return "".join(out) + html.escape((text or "")[last:])


def data_table(df: pd.DataFrame, table_id: str, *, filters: tuple[str, ...] = (), row_id: str | None = None,
               html_columns: tuple[str, ...] = ()) -> str:
    """A table readers can search, filter (a select per column in ``filters``) and sort (click a
    header). Every cell is escaped except ``html_columns`` (made by the site, never from the data);
    ``row_id`` gives each row an anchor (``#C-beyond-05``)."""
    cols = list(df.columns)
    selects = []
    for c in filters:
        values = sorted({str(v) for v in df[c] if str(v)})
        opts = "".join(f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in values)
        selects.append(f'<select data-col="{cols.index(c)}" aria-label="{html.escape(c)}">'
                       f'<option value="">{html.escape(c)}: all</option>{opts}</select>')
    bar = (f'<div class="baimo-tablebar no-print" id="{table_id}-bar"><input type="search" '
           f'placeholder="Search these rows · 搜索" aria-label="search the table">{"".join(selects)}'
           f'<span class="count"></span></div>')
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = []
    for _, r in df.iterrows():
        rid = f' id="{html.escape(str(r[row_id]))}"' if row_id else ""
        cells = "".join(
            f'<td class="{c}" data-label="{html.escape(c)}">'
            + _wrap(c, r[c] if c in html_columns else html.escape(cell(r[c]))) + "</td>" for c in cols)
        body.append(f"<tr{rid}>{cells}</tr>")
    return (f'{bar}<div class="baimo-scroll"><table class="baimo-data" id="{table_id}"><thead><tr>{head}</tr></thead>'
            f'<tbody>\n' + "\n".join(body) + "\n</tbody></table></div>")


#: Columns of running text: given a readable width (a cell's content sets its column's minimum width).
LONG_COLUMNS = {"quote", "quote_en", "statement_en", "note", "explanation", "reasoning", "criterion", "fact",
                "project_check", "source", "read at 阅读处", "subject"}


def _wrap(column: str, content: str) -> str:
    return f'<div class="long">{content}</div>' if column in LONG_COLUMNS and content else content


def cell(value) -> str:
    """A value as text for a table cell (numbers for people, empty for missing)."""
    from ..notebooks.view import cell_text

    return cell_text(value)


def inline_svg(path: Path, prefix: str) -> str:
    """An SVG file as markup to inline in a page: its ids prefixed (several figures share a page),
    sized to its natural width at most and to the page's width at least."""
    text = path.read_text(encoding="utf-8")
    text = text[text.index("<svg"):]
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", text)
    text = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{prefix}-{m.group(1)}"', text)
    m = re.search(r'<svg[^>]*\bwidth="([\d.]+)pt"', text)
    natural = float(m.group(1)) * 100 / 72 if m else 1000  # matplotlib's pt at 72/in; the PNG is 100 dpi
    text = re.sub(r'(<svg[^>]*?)\s(width|height)="[\d.]+pt"', r"\1", text, count=2)
    return text.replace("<svg ", f'<svg role="img" style="max-width:{natural:.0f}px" ', 1)


def figure_block(slug: str, svg: str, alt: str, caption_html: str, depth: int) -> str:
    root = "../" * depth
    return (f'<figure class="baimo-figure" id="{slug}" aria-label="{html.escape(alt)}">{svg}'
            f'<figcaption>{caption_html} <span class="links no-print">· <a href="{root}figures/{slug}.png">'
            f'full size 原图</a> · <a href="{root}figures/{slug}.svg">SVG</a></span></figcaption></figure>')


def toc(page: str) -> str:
    """An in-page contents list from the page's second-level headings (their anchors)."""
    items = re.findall(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"', page, flags=re.S)
    if len(items) < 3:
        return ""
    lis = "".join(f'<li><a href="#{i}">{re.sub(r"<[^>]+>", "", t).strip()}</a></li>' for i, t in items)
    return f'<nav class="baimo-toc" aria-label="contents"><b>On this page · 本页</b><ol>{lis}</ol></nav>'
