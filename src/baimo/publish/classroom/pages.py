"""The classroom's pages by path: the teaching guide, the handout and the lab's answer key."""

from __future__ import annotations

from ..site.pagekit import page
from .guide import guide
from .handout import handout_html
from .lab import answer_key_markdown


def pages(nbs, ipynbs: dict | None = None, figure_dirs=None) -> dict:
    """The teaching guide, the handout and the lab's answer key (made now from ``data/lab/``, as the build
    derives ``docs/coding-lab-answer-key.md``), by path in the site."""
    return {
        "teaching.html": guide(nbs),
        "handout.html": page("Handout", ("html", '<div class="no-print"><h1>Handout · 讲义</h1><p>One A4 page per '
                             "thread: print this page (this introduction and the site's header are not printed), or "
                             'use <a href="handout.pdf">handout.pdf</a>.</p></div>'),
                             ("html", handout_html(nbs, ipynbs, figure_dirs))),
        "coding-lab-answer-key.html": page("Coding lab: answer key", answer_key_markdown()),
    }
