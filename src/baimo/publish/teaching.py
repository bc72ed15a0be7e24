"""Classroom kit: the teaching guide and the printable handout.

Both are assembled from the notebooks themselves, so they never drift from them:
learning goals and handout claims come from each notebook's front matter (``baimo.goals``,
``baimo.handout_claims``), discussion questions and teacher's notes from its
``## Discussion questions`` section; the lesson plan is ``docs/lesson-plan.md``.
"""

from __future__ import annotations

import html
import re

import jupytext

from .. import BaimoError
from ..core import paths
from ..data import claims
from .pagekit import page

LESSON_PLAN = paths.ROOT / "docs" / "lesson-plan.md"


def discussion(nb) -> list[dict]:
    """The numbered questions of a notebook, each with its teacher's note (HTML ``<details>``)."""
    md = "\n\n".join(c.source for c in jupytext.read(nb.source).cells if c.cell_type == "markdown")
    if "## Discussion questions" not in md:
        return []
    section = md.split("## Discussion questions", 1)[1].split("\n## ", 1)[0]
    items = re.split(r"^(?=\d+\. )", section, flags=re.M)
    out = []
    for it in items:
        m = re.match(r"(\d+)\. (.*?)(?:<details>(.*?)</details>|$)", it.strip(), flags=re.S)
        if m:
            note = re.sub(r"<summary>.*?</summary>", "", m.group(3) or "", flags=re.S).strip()
            out.append({"n": int(m.group(1)), "question": m.group(2).strip(), "note": note})
    return out


def guide_markdown(nbs) -> str:
    parts = ["# Teaching guide 教学指南\n",
             "For a teacher using Baimo in class: what each notebook is for, a 50-minute lesson, "
             "and every discussion question with the teacher's note. The pages work offline; "
             "print the [handout](handout.html) before class.\n",
             "## Learning goals\n"]
    for nb in nbs:
        goals = nb.meta.get("goals", [])
        parts.append(f"**[{nb.title}](notebooks/{nb.stem}.html)**\n")
        parts += [f"- {g}" for g in goals] + [""]
    if LESSON_PLAN.exists():
        parts.append(paths.track(LESSON_PLAN).read_text(encoding="utf-8"))
    parts.append("\n## All discussion questions, with teacher's notes\n")
    for nb in nbs:
        qs = discussion(nb)
        if not qs:
            continue
        parts.append(f"### {nb.title}\n")
        for q in qs:
            parts.append(f"{q['n']}. {q['question']}\n\n   <details><summary>Teacher's note</summary>{q['note']}</details>\n")
    return "\n".join(parts)


def handout_html(nbs) -> str:
    rows = {c.claim_id: c for t in claims.THREADS for c in claims.load(t).itertuples()}
    pages_ = []
    for nb in nbs:
        if nb.number == "00":
            continue
        m = nb.meta
        picked = m.get("handout_claims", [])
        missing = [c for c in picked if c not in rows]
        if missing:
            raise BaimoError(f"{paths.rel(nb.source)}: handout_claims names unknown claim(s) {missing}")
        qs = discussion(nb)[:2]
        items = "".join(
            f"<li><b>{html.escape(rows[c].speaker)}</b> ({html.escape(rows[c].article_id)}, "
            f"<code>{c}</code>): 「{html.escape(rows[c].quote)}」<br><i>{html.escape(rows[c].quote_en)}</i></li>"
            for c in picked)
        questions = "".join(f"<li>{html.escape(q['question'])}</li>" for q in qs)
        fig = m.get("key_figure", "")
        pages_.append(
            f'<section class="baimo-handout-page"><h2>{html.escape(nb.title)}</h2>'
            f'<p><b>{html.escape(m.get("question", ""))}</b></p>'
            + (f'<img src="figures/{html.escape(fig)}" alt="{html.escape(nb.title)} key chart" style="max-height:55vh">' if fig else "")
            + f"<h3>Three claims 三条引述</h3><ol>{items}</ol><h3>Two questions 两个问题</h3><ol>{questions}</ol></section>")
    return "".join(pages_)


def pages(nbs) -> dict:
    """The teaching guide and the handout, by path in the site."""
    return {
        "teaching.html": page("Teaching guide", guide_markdown(nbs)),
        "handout.html": page("Handout", "# Handout 讲义\n\nOne page per thread; print from the browser "
                             "(the header is hidden in print).", ("html", handout_html(nbs))),
    }
