"""The documents the build derives from the data and the notebooks, declared once: the notebooks'
contents page, the data package, the claim index, and the coding lab's worksheet and answer key. Each is
written by the build (staged, then published with everything else) and never by hand; the checks do not
read them as inputs, and a test compares each committed copy with what the code makes of its inputs."""

from __future__ import annotations

from pathlib import Path

from ...core import paths

#: Where each derived document lives (no generator is imported here: a no-change build stays cheap).
PATHS = [paths.NOTEBOOKS / "README.md", paths.DATAPACKAGE, paths.CLAIM_INDEX,
         paths.DATA / "lab" / "worksheet.csv", paths.ANSWER_KEY]


def documents(nbs) -> dict[Path, str]:
    """``{path: text}`` of every derived document, made now from its inputs."""
    from ..classroom import lab
    from ..notebooks.model import CONTENTS, contents_markdown
    from . import datapackage

    out = {paths.NOTEBOOKS / CONTENTS: contents_markdown(nbs), paths.DATAPACKAGE: datapackage.render(),
           paths.CLAIM_INDEX: datapackage.claim_index(), **{p: make() for p, make in lab.DERIVED.items()}}
    assert set(out) == set(PATHS), "derived.PATHS and derived.documents() disagree"
    return out


def stale(nbs) -> dict[Path, str]:
    """The derived documents whose committed copy is missing or differs from what their inputs make."""
    return {p: text for p, text in documents(nbs).items()
            if not p.exists() or p.read_text(encoding="utf-8") != text}
