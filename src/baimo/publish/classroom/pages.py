"""The classroom's pages by path: the teaching guide, the handout and the lab's answer key."""

from __future__ import annotations

from ...core import paths
from ..site.pagekit import page
from .guide import guide
from .handout import handout_html


ANSWER_KEY = paths.ROOT / "docs" / "coding-lab-answer-key.md"


def pages(nbs, ipynbs: dict | None = None, figure_dirs=None) -> dict:
    """The teaching guide, the handout and the lab's answer key, by path in the site."""
    out = {
        "teaching.html": guide(nbs),
        "handout.html": page("Handout", ("html", '<div class="no-print"><h1>Handout · 讲义</h1><p>One A4 page per '
                             "thread: print this page (this introduction and the site's header are not printed), or "
                             'use <a href="handout.pdf">handout.pdf</a>.</p></div>'),
                             ("html", handout_html(nbs, ipynbs, figure_dirs))),
    }
    if ANSWER_KEY.exists():
        out["coding-lab-answer-key.html"] = page("Coding lab: answer key", paths.track(ANSWER_KEY).read_text(encoding="utf-8"))
    return out
