"""The notebooks (``notebooks/NN-slug.md``, jupytext MyST) as the registry knows them: their number, title
and ``baimo:`` front matter (:class:`Notebook`), and their cells read from the text without running or
converting anything (:func:`cells`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import BaimoError
from . import paths

#: Front-matter keys every notebook needs (``baimo:`` block), and those the themed notebooks add.
REQUIRED_META = ["question", "key_figure", "blurb", "goals"]
THEMED_META = ["handout_claims"]


def _stamp(path: Path) -> tuple:
    try:
        st = path.stat()
        return (str(path), st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        return (str(path), None, None)


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
    return [Notebook(p) for p in sorted(directory.glob("[0-9][0-9]-*.md"))]



def notebook(stem: str) -> Notebook:
    for nb in notebooks():
        if nb.stem == stem or nb.number == stem:
            return nb
    raise BaimoError(f"{paths.rel(paths.NOTEBOOKS)}: no notebook {stem!r}")



def cells(nb: Notebook) -> list[tuple[str, str, int]]:
    """The notebook's cells as ``(kind, source, line)`` (``code`` or ``markdown``; ``line``: where the
    cell starts in the file), read from the MyST text without jupytext (fast, and enough here)."""
    return list(_cells(_stamp(nb.source)))



@lru_cache(maxsize=32)
def _cells(key) -> tuple[tuple[str, str, int], ...]:
    text = Path(key[0]).read_text(encoding="utf-8")
    body_start = 0
    m = re.match(r"---\n.*?\n---\n", text, flags=re.S)
    if m:
        body_start = m.end()
    out, pos = [], body_start
    for cm in re.finditer(r"^```\{code-cell\}[^\n]*\n(.*?)^```[ \t]*$", text[body_start:], flags=re.S | re.M):
        start, end = body_start + cm.start(), body_start + cm.end()
        out.append(("markdown", text[pos:start], text[:pos].count("\n") + 1))
        code = re.sub(r"\A(?::[a-z_]+:[^\n]*\n)+", "", cm.group(1))  # the cell's :tags: options
        out.append(("code", code, text[:start].count("\n") + 2))
        pos = end
    out.append(("markdown", text[pos:], text[:pos].count("\n") + 1))
    out = [(k, re.sub(r"^\+\+\+[^\n]*\n?", "", s, flags=re.M) if k == "markdown" else s, n) for k, s, n in out]
    return tuple((k, s, n) for k, s, n in out if s.strip())
