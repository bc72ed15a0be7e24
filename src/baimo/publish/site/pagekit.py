"""The building block of every non-notebook page: a small notebook of markdown and HTML blocks,
rendered by the same nbconvert exporter as the notebooks, so the site has one look."""

from __future__ import annotations

import nbformat


def page(title: str, *blocks) -> nbformat.NotebookNode:
    """A notebook made of markdown strings and ``("html", str)`` output blocks."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["title"] = title
    for i, b in enumerate(blocks):
        if isinstance(b, tuple) and b[0] == "html":
            cell = nbformat.v4.new_code_cell("", id=f"p{i}")
            cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": b[1]})]
            cell.metadata["tags"] = ["remove_input"]
            nb.cells.append(cell)
        else:
            nb.cells.append(nbformat.v4.new_markdown_cell(b, id=f"p{i}"))
    return nb


_EN = "zero one two three four five six seven eight nine ten eleven twelve".split()
_ZH = "零一二三四五六七八九十"
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def count_words(n: int) -> tuple[str, str]:
    """A count as a page writes it: ``(five, 五)``; digits past twelve (English) and ten (Chinese)."""
    return (_EN[n] if n < len(_EN) else str(n)), (_ZH[n] if n < len(_ZH) else str(n))


def collection() -> dict[str, str]:
    """How pages describe the collection, from ``data/articles.csv`` (a sixth article changes it): the
    number of articles in words (``n_en`` five, ``n_zh`` 五) and the span of their dates (``span_en``
    Dec 2022 – May 2024, ``span_zh`` 2022年12月至2024年5月)."""
    from ...data import corpus as articles

    spans = articles.date_spans()  # a year alone spans January to December
    first, last = spans.start.min(), spans.end.max()
    (y0, m0), (y1, m1) = (first.year, first.month), (last.year, last.month)
    n_en, n_zh = count_words(len(spans))
    return {"n": str(len(spans)), "n_en": n_en, "n_zh": n_zh, "span_en": f"{_MONTHS[m0 - 1]} {y0} – {_MONTHS[m1 - 1]} {y1}",
            "span_zh": f"{y0}年{m0}月至{y1}年{m1}月"}
