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
