"""The notebook model: the numbered notebooks (``notebooks/NN-slug.md``, jupytext MyST), their
front matter, and the generated navigation between them (Python Data Science Handbook style)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core import paths

@dataclass(frozen=True)
class Notebook:
    source: Path  # notebooks/NN-slug.md (jupytext MyST markdown)

    @property
    def stem(self) -> str:
        return self.source.stem

    @property
    def number(self) -> str:
        return self.stem[:2]

    @property
    def ipynb(self) -> Path:
        return self.source.with_suffix(".ipynb")

    @property
    def meta(self) -> dict:
        """The ``baimo`` block of the front matter: question, key figure, blurb, goals, handout claims."""
        import jupytext

        return dict(jupytext.read(self.source).metadata.get("baimo", {}))

    @property
    def title(self) -> str:
        for line in self.source.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
        return self.stem


def notebooks(directory: Path | None = None) -> list[Notebook]:
    directory = directory or paths.NOTEBOOKS
    found = sorted(directory.glob("[0-9][0-9]-*.md"))
    return [Notebook(p) for p in found]


def nav_markdown(nbs: list[Notebook], i: int, ext: str = ".ipynb") -> str:
    """Generated previous / contents / next links (Python Data Science Handbook style)."""
    parts = []
    if i > 0:
        parts.append(f"< [{nbs[i - 1].title}]({nbs[i - 1].stem}{ext})")
    contents = "../index.html" if ext == ".html" else "../README.md"  # site landing page / repo README
    parts.append(f"[Contents 目录]({contents})")
    if i + 1 < len(nbs):
        parts.append(f"[{nbs[i + 1].title}]({nbs[i + 1].stem}{ext}) >")
    return "<!--NAVIGATION-->\n" + " | ".join(parts)


def read_source(nb: Notebook):
    import jupytext

    node = jupytext.read(nb.source)
    node.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    node.metadata.pop("jupytext", None)
    for i, cell in enumerate(node.cells):
        cell["id"] = f"{nb.number}-{i:03d}"  # deterministic ids: the .ipynb diffs cleanly
    return node
