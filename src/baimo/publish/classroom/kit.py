"""What the teaching kit's pages share: which notebooks are a class's threads, their discussion
questions (from the registry), teacher's notes folded on screen and printed open, Markdown as plain text."""

from __future__ import annotations

import re

from ...core import registry


def discussion(nb) -> list[dict]:
    """The numbered questions of a notebook, each with its id (``01-Q3``), the charts it cites and its
    teacher's note (:func:`registry.questions`), every chart cited the one way (``Figure 01-1 · 01-ratios``)."""
    known = registry.figure_ids()
    return [{"n": q.n, "id": q.id, "figures": q.figures, "question": registry.cite_text(q.question, known=known),
             "note": registry.cite_text(q.note, known=known)} for q in registry.questions(nb)]


def threads(nbs) -> list:
    """The notebooks a class works through: the themed ones that have handout claims (not the lab)."""
    return [nb for nb in nbs if nb.themed and nb.meta.get("handout_claims") and "lab" not in nb.stem]


def note_html(note_md: str) -> str:
    """A teacher's note: folded on screen, printed open."""
    from nbconvert.filters import markdown2html

    body = markdown2html(note_md)
    return (f'<details class="no-print"><summary>Teacher\'s note · 教师提示</summary>{body}</details>'
            f'<div class="print-only teacher-note"><b>Teacher\'s note · 教师提示.</b> {body}</div>')


def plain(markdown: str) -> str:
    """Markdown as plain text: links become their words, emphasis and code marks go."""
    return re.sub(r"[*`]", "", re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown))
