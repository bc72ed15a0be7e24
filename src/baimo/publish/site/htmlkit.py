"""HTML pieces the site is woven from: links from every id to its row, data tables that filter and
sort, figures as inline SVG with caption and full-size links, and an in-page contents list.

Every value that comes from a table is escaped here; nothing from the data is ever written into a
page as markup.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ...core import codebook, registry
from ..notebooks import svg as svgkit


def id_pattern() -> re.Pattern:
    """Claim, forecast, outcome and public-record ids (:func:`baimo.core.registry.id_pattern`: every
    thread's prefix, every article of ``data/articles.csv``)."""
    return re.compile(registry.id_pattern())

#: Elements whose text is never linked (already links, code, drawings, scripts).
_SKIP = ("a", "svg", "pre", "code", "script", "style", "title", "textarea", "option", "select", "summary")


@lru_cache(maxsize=2)
def _rows(_stamp) -> tuple[frozenset, frozenset]:
    from ...data import claims, outcomes, predictions, record, reliability

    ids = set(predictions.load().prediction_id) | set(outcomes.load().outcome_id) | set(record.public_record().fact_id)
    for t in claims.threads():
        ids |= set(claims.load(t).claim_id)
    adj = reliability.adjudication()
    return frozenset(ids), frozenset(set(adj.claim_id[adj.final == DROPPED]) - ids)


def row_sets() -> tuple[frozenset, frozenset]:
    """(every row id the site has a row for: claims, forecasts, outcomes, public-record facts; the row ids
    adjudication dropped, which no table has now and the reliability page shows with their decision)."""
    return _rows(svgkit.data_stamp(("claims", "reference", "reliability")))


#: The adjudication's decision that removes a row, and the anchor of its decision on the reliability page.
DROPPED = "DROP"
RELIABILITY_PAGE = "tables/reliability.html"


def drop_anchor(identifier: str) -> str:
    return f"drop-{identifier}"


def id_url(identifier: str, depth: int, rows: tuple[frozenset, frozenset] | None = None) -> str | None:
    """The row of a claim (``C-beyond-05``), forecast (``X-kaifu-06``), outcome (``O12``) or public-record
    fact (``F16``) on the site, from a page ``depth`` folders deep; for a row adjudication dropped, its
    decision on the reliability page; None for an id the site has nothing for. ``rows``: (shown,
    dropped), for a caller that asks many times."""
    shown, dropped = rows or row_sets()
    if identifier in shown:
        return "../" * depth + registry.row_page(identifier)
    if identifier in dropped:
        return f"{'../' * depth}{RELIABILITY_PAGE}#{drop_anchor(identifier)}"
    return None


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


def _id_link(identifier: str, depth: int, skip_ids: frozenset, rows) -> str:
    url = None if identifier in skip_ids else id_url(identifier, depth, rows)
    if url is None:
        return identifier
    dropped = identifier in rows[1]
    return (f'<a class="claim-id{" dropped" if dropped else ""}" href="{url}"'
            + (' title="dropped in adjudication: see the decision"' if dropped else "") + f">{identifier}</a>")


def _link_text(text: str, pattern, depth: int, skip_ids: frozenset, here: str | None, rows) -> str:
    text = pattern.sub(lambda x: _id_link(x.group(0), depth, skip_ids, rows), text)

    def fig(m):
        url = figure_url(m.group(1), depth, here)
        return f'<a class="figure-ref" href="{url}">{m.group(0)}</a>' if url else m.group(0)

    return CITED_FIGURE.sub(fig, text)


def link_ids(page: str, depth: int, skip_ids: frozenset = frozenset(), here: str | None = None) -> str:
    """Make every id in the page's text a link to its row, and every chart cited as ``Figure 01-1 ·
    01-ratios`` a link to the chart (not inside links, code, SVG or scripts).
    ``here``: the notebook the page shows, whose charts are linked within the page."""
    out, stack = [], []
    pattern, rows = id_pattern(), row_sets()
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
            out.append(_link_text(part, pattern, depth, skip_ids, here, rows))
    return "".join(out)


URL = re.compile(r"https?://[^\s<>\"')\]]+[^\s<>\"')\].,;:]")


def md_text(value) -> str:
    """A value from a table, put into Markdown as text: ``&`` and ``<`` as entities (no tag can start;
    ``>`` alone is harmless and stays readable in a ``.md`` file) and ``[``/``]`` escaped, so no tag
    and no link (``[x](javascript:…)``) from the data is ever rendered."""
    return (str(value).replace("&", "&amp;").replace("<", "&lt;")
            .replace("[", "\\[").replace("]", "\\]"))


_CODE = re.compile(r"(^```.*?^```[^\n]*$|`+[^`]*`+)", re.S | re.M)  # fenced blocks, then code spans
_UNSAFE_LINK = re.compile(r"\[([^\]\n]*)\]\((?!\s*(?:https?:|mailto:|#|/|\.|[^\s():]+(?:[)\s#?]|$)))")


def md_document(text: str) -> str:
    """A Markdown file of the project's (the codebook, the lesson plans) made safe to render: outside
    code, every ``<`` is shown as text (so no tag, comment or ``<javascript:…>`` autolink is rendered)
    and a link whose address has a scheme other than http(s) or mailto is shown as text, not made a
    link. Markdown itself — emphasis, tables, lists, ordinary and relative links — is unchanged."""
    out, last = [], 0
    for m in _CODE.finditer(text):
        out += [_md_safe(text[last:m.start()]), m.group(0)]
        last = m.end()
    return "".join(out) + _md_safe(text[last:])


def _md_safe(part: str) -> str:
    return _UNSAFE_LINK.sub(lambda m: "\\[" + m.group(1) + "\\](", part.replace("<", "&lt;"))


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
               html_columns: tuple[str, ...] = (), anchors: list[str] | None = None,
               sort_keys: dict[str, list] | None = None, rows_csv: "RowsCsv | None" = None) -> str:
    """A table readers can search, filter (a select per column in ``filters``) and sort (click a
    header). Every cell is escaped except ``html_columns`` (made by the site, never from the data);
    ``row_id`` gives each row an anchor (``#C-beyond-05``), or ``anchors`` one per row ("" for none);
    ``sort_keys`` a number to sort a column's cells by (a range by its middle); ``rows_csv`` each row's
    line of its CSV file, for "download these rows" (the rows shown, as the file has them)."""
    cols = list(df.columns)
    selects = []
    for c in filters:
        values = sorted({str(v) for v in df[c] if str(v)})
        opts = "".join(f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in values)
        selects.append(f'<select data-col="{cols.index(c)}" aria-label="{html.escape(c)}">'
                       f'<option value="">{html.escape(c)}: all</option>{opts}</select>')
    button = ""
    if rows_csv is not None:
        button = (f'<button type="button" class="rows-csv" data-file="{html.escape(rows_csv.filename)}" '
                  f'data-header="{html.escape(rows_csv.header)}">Download these rows 下载所示行 (CSV)</button>')
    bar = (f'<div class="baimo-tablebar no-print" id="{table_id}-bar"><input type="search" '
           f'placeholder="Search these rows · 搜索" aria-label="search the table">{"".join(selects)}'
           f'<span class="count"></span>{button}</div>')
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = []
    for n, (_, r) in enumerate(df.iterrows()):
        anchor = str(r[row_id]) if row_id else (anchors[n] if anchors else "")
        attrs = (f' id="{html.escape(anchor)}"' if anchor else "") + (
            f' data-csv="{html.escape(rows_csv.lines[n])}"' if rows_csv is not None else "")
        cells = "".join(_td(c, r[c], c in html_columns, (sort_keys or {}).get(c, [None] * (n + 1))[n]) for c in cols)
        body.append(f"<tr{attrs}>{cells}</tr>")
    return (f'{bar}<div class="baimo-scroll"><table class="baimo-data" id="{table_id}"><thead><tr>{head}</tr></thead>'
            f'<tbody>\n' + "\n".join(body) + "\n</tbody></table></div>")


def _td(column: str, value, is_html: bool, sort_key) -> str:
    key = "" if sort_key is None else f' data-sort="{sort_key!r}"'
    content = value if is_html else html.escape(cell(value))
    return f'<td class="{column}" data-label="{html.escape(column)}"{key}>{_wrap(column, content)}</td>'


class RowsCsv:
    """The lines of a CSV file for the rows of a page's table (in the table's order), and its header."""

    def __init__(self, path: Path, keys: list[str] | None = None, key: str | None = None):
        import csv
        import io

        with open(path, encoding="utf-8", newline="") as f:
            records = list(csv.reader(f))
        self.filename = f"{path.stem}-rows.csv"
        self.columns = records[0]

        def line(values):
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerow(values)
            return out.getvalue().rstrip("\n")

        self.header = line(self.columns)
        rows = records[1:]
        if key is None:
            self.lines = [line(r) for r in rows]
        else:
            by_key = {r[self.columns.index(key)]: r for r in rows}
            self.lines = [line(by_key[k]) for k in keys]


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
    """An SVG file as markup to inline in a page: its ids prefixed (several figures share a page), its
    embedded font left out (the page has it), sized to its natural width at most."""
    text = path.read_text(encoding="utf-8")
    text = svgkit.strip_font(text[text.index("<svg"):])
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", text)
    text = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{prefix}-{m.group(1)}"', text)
    m = re.search(r'<svg[^>]*\bwidth="([\d.]+)pt"', text)
    natural = float(m.group(1)) * 100 / 72 if m else 1000  # matplotlib's pt at 72/in; the PNG is 100 dpi
    text = re.sub(r'(<svg[^>]*?)\s(width|height)="[\d.]+pt"', r"\1", text, count=2)
    return text.replace("<svg ", f'<svg role="img" style="max-width:{natural:.0f}px" ', 1)


def figure_block(slug: str, svg: str, alt: str, caption_html: str, depth: int) -> str:
    """A chart with its caption and links to the full-size PNG and the SVG file; the chart is never drawn
    narrower than its text allows (``--chart-min``, :func:`baimo.publish.notebooks.svg.min_width`) and
    scrolls sideways where the page is narrower (a phone)."""
    root = "../" * depth
    narrowest = svgkit.min_width(svg)
    style = f' style="--chart-min:{narrowest:.0f}px"' if narrowest else ""
    return (f'<figure class="baimo-figure" id="{slug}" aria-label="{html.escape(alt)}"><div class="baimo-chart"{style}>{svg}'
            f'</div><p class="baimo-chart-hint no-print no-index" aria-hidden="true">↔ swipe the chart sideways · 左右滑动查看全图</p>'
            f'<figcaption>{caption_html} <span class="links no-print no-index">· <a href="{root}figures/{slug}.png">'
            f'full size 原图</a> · <a href="{root}figures/{slug}.svg">SVG</a></span></figcaption></figure>')


def toc(page: str) -> str:
    """An in-page contents list from the page's second-level headings (their anchors)."""
    items = re.findall(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"', page, flags=re.S)
    if len(items) < 3:
        return ""
    lis = "".join(f'<li><a href="#{i}">{re.sub(r"<[^>]+>", "", t).strip()}</a></li>' for i, t in items)
    return f'<nav class="baimo-toc" aria-label="contents"><b>On this page · 本页</b><ol>{lis}</ol></nav>'
