"""The notebook model: the numbered notebooks (``notebooks/NN-slug.md``, jupytext MyST), their
front matter, the generated navigation between them (Python Data Science Handbook style), and
how the build tells an executed notebook it wrote from one edited since.

Every executed notebook carries, in its metadata, the SHA-256 of its cells as the build wrote them
(``baimo.cells_sha256``). A notebook opened and saved in JupyterLab without changes keeps that
digest; one whose cells were edited does not, and the build keeps the edit instead of overwriting it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import BaimoError
from ..core import paths

#: Front-matter keys every notebook needs (``baimo:`` block), and those the themed notebooks add.
REQUIRED_META = ["question", "key_figure", "blurb", "goals"]
THEMED_META = ["handout_claims"]
#: The kernel ipykernel registers; JupyterLab writes this display name, so using it keeps a notebook
#: that is only opened and saved byte-for-byte the same.
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
CONTENTS = "README.md"  # notebooks/README.md, the generated contents page beside the notebooks


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
    def themed(self) -> bool:
        return self.number != "00"

    def front_matter(self) -> dict:
        """The YAML front matter; a syntax error is reported with the file and line."""
        import yaml

        text = self.source.read_text(encoding="utf-8")
        m = re.match(r"---\n(.*?)\n---\n", text, flags=re.S)
        if not m:
            raise BaimoError(f"{paths.rel(self.source)}: no front matter (a '---' block at the top)")
        try:
            data = yaml.safe_load(m.group(1)) or {}
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f" line {mark.line + 2}" if mark else ""  # +1 for 0-based, +1 for the opening ---
            raise BaimoError(f"{paths.rel(self.source)}{where}: front matter is not valid YAML "
                             f"({getattr(e, 'problem', None) or e})") from None
        if not isinstance(data, dict):
            raise BaimoError(f"{paths.rel(self.source)}: front matter is not a YAML mapping")
        return data

    @property
    def meta(self) -> dict:
        """The ``baimo`` block of the front matter: question, key figure, blurb, goals, handout claims."""
        return dict(self.front_matter().get("baimo") or {})

    def meta_problems(self) -> list[str]:
        """What the front matter lacks (the build refuses a notebook with any)."""
        try:
            meta = self.meta
        except BaimoError as e:
            return [str(e)]
        need = REQUIRED_META + (THEMED_META if self.themed else [])
        out = [f"{paths.rel(self.source)}: front matter lacks baimo.{k} (see ARCHITECTURE.md, 'add a notebook')"
               for k in need if not meta.get(k)]
        fig = str(meta.get("key_figure", ""))
        if fig and not re.fullmatch(rf"{self.number}-[a-z0-9-]+\.png", fig):
            out.append(f"{paths.rel(self.source)}: baimo.key_figure {fig!r} is not a figure of this notebook "
                       f"({self.number}-slug.png)")
        return out

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
    """Generated previous / contents / next links (Python Data Science Handbook style).

    In the ``.ipynb`` the contents link is ``README.md`` beside the notebooks, so it works whether
    JupyterLab was started in the repository or in ``notebooks/``; on the site it is the landing page.
    """
    parts = []
    if i > 0:
        parts.append(f"< [{nbs[i - 1].title}]({nbs[i - 1].stem}{ext})")
    contents = "../index.html" if ext == ".html" else CONTENTS
    parts.append(f"[Contents 目录]({contents})")
    if i + 1 < len(nbs):
        parts.append(f"[{nbs[i + 1].title}]({nbs[i + 1].stem}{ext}) >")
    return "<!--NAVIGATION-->\n" + " | ".join(parts)


def contents_markdown(nbs: list[Notebook]) -> str:
    """``notebooks/README.md``: the generated list of notebooks (GitHub shows it under the folder)."""
    lines = ["# Notebooks · 笔记本", "",
             "Generated by `./dev build` from the notebooks' titles and front matter; do not edit.",
             "Each notebook is a MyST text file (`NN-slug.md`, the source) and an executed copy (`NN-slug.ipynb`).", ""]
    for nb in nbs:
        lines.append(f"- [{nb.title}]({nb.stem}.ipynb): {nb.meta.get('question', '')}")
    return "\n".join(lines) + "\n"


def read_source(nb: Notebook):
    import jupytext

    node = jupytext.read(nb.source)
    node.metadata["kernelspec"] = dict(KERNELSPEC)
    node.metadata.pop("jupytext", None)
    for i, cell in enumerate(node.cells):
        cell["id"] = f"{nb.number}-{i:03d}"  # deterministic ids: the .ipynb diffs cleanly
    return node


def cells_digest(cells) -> str:
    """SHA-256 of the cells' types, sources and outputs (not metadata, not JSON formatting; the cells
    as nbformat reads them, multi-line strings joined)."""
    content = [[c.get("cell_type"), c.get("source"), c.get("outputs", [])] for c in cells]
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def seal(node) -> None:
    """Record the digest of the cells as built, so a later edit can be told apart."""
    node.metadata.setdefault("baimo", {})["cells_sha256"] = cells_digest(node.cells)


def edited(nb: Notebook) -> bool:
    """Whether ``nb.ipynb`` was edited since the build wrote it (its cells no longer match their seal)."""
    import nbformat

    if not nb.ipynb.exists():
        return False
    try:
        node = nbformat.reads(nb.ipynb.read_text(encoding="utf-8"), as_version=4)
    except Exception:  # not a notebook any more: certainly edited  # noqa: BLE001
        return True
    sealed = node.metadata.get("baimo", {}).get("cells_sha256")
    return sealed is not None and sealed != cells_digest(node.cells)


def cell_outputs(ipynb: Path) -> list[list[dict]]:
    """Each cell's outputs of an executed notebook, read once per version of the file (the landing
    page, the handout, the teaching guide and the slides all look through them). Read-only."""
    st = ipynb.stat()
    return _cell_outputs(str(ipynb), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=16)
def _cell_outputs(path: str, mtime_ns: int, size: int) -> list[list[dict]]:
    import nbformat

    return [cell.get("outputs", []) for cell in nbformat.read(path, as_version=4).cells]


def baimo_meta(output: dict) -> dict:
    """What the notebook recorded about an output (``figure``, ``alt``, ``caption``, ``findings``)."""
    return output.get("metadata", {}).get("baimo", {})
