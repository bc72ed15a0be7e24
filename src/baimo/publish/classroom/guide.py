"""The teaching guide (``teaching.html``): where to start, the lesson plans (``docs/lesson-plans.md``),
every notebook's learning goals, and every discussion question with its teacher's note."""

from __future__ import annotations

from ...core import paths, registry
from ..site.htmlkit import md_document
from ..site.pagekit import page
from .kit import discussion, note_html, threads


LESSON_PLANS = paths.LESSON_PLANS


def guide(nbs) -> object:
    from nbconvert.filters import markdown2html

    blocks = ["# Teaching guide · 教学指南",
              "Everything a class needs, offline: lesson plans, projector slides, a handout that prints one A4 "
              "page per thread, a coding lab, and every discussion question with its teacher's note (folded here, "
              "printed open).",
              ("html", _start_here(nbs))]
    if LESSON_PLANS.exists():
        blocks.append(md_document(registry.cite_text(paths.track(LESSON_PLANS).read_text(encoding="utf-8"))))
    blocks.append("## Learning goals · 学习目标")
    for nb in nbs:
        goals = nb.meta.get("goals", [])
        blocks.append(f"**[{nb.title}](notebooks/{nb.stem}.html)**\n\n" + "\n".join(f"- {g}" for g in goals))
    blocks.append("## All discussion questions, with teacher's notes · 讨论题 <a id=\"all-discussion-questions\"></a>")
    for nb in nbs:
        qs = discussion(nb)
        if not qs:
            continue
        items = "".join(f'<li id="q-{nb.number}-{q["n"]}" value="{q["n"]}"><b>{q["id"]}.</b> '
                        f'{markdown2html(q["question"]).strip().removeprefix("<p>").removesuffix("</p>")}'
                        f'{note_html(q["note"])}</li>' for q in qs)
        blocks += [f"### {nb.title}", ("html", f"<ol>{items}</ol>")]
    return page("Teaching guide", *blocks)


def _start_here(nbs) -> str:
    slides = " · ".join(f'<a href="slides/{nb.stem}.html">{nb.number} slides</a>' for nb in threads(nbs))
    lab = next((nb for nb in nbs if "lab" in nb.stem), None)
    lab_links = (f'<a href="notebooks/{lab.stem}.html">the coding lab (notebook {lab.number})</a>, its '
                 '<a href="coding-lab-worksheet.pdf">worksheet to print</a> (passages and codebook, no answers) and its '
                 '<a href="coding-lab-answer-key.pdf">answer key to print</a>') if lab else "the coding lab"
    return ('<ul class="start-here">'
            '<li><b>Plans:</b> the 50-minute plans and the unit plan below.</li>'
            f"<li><b>Projector:</b> {slides} (arrow keys, space or swipe; one chart or one quote per screen; "
            "P opens the teacher's notes in a second window; a tall chart scrolls with ↑ ↓).</li>"
            '<li><b>Photocopier:</b> <a href="handout.pdf">handout.pdf</a> (one A4 page per thread, then the answer '
            'strips for page 05; <a href="handout.html">the same to read on screen</a>).</li>'
            f"<li><b>Hands on:</b> {lab_links}.</li>"
            '<li><b>Questions:</b> <a href="#all-discussion-questions">every discussion question</a>, numbered '
            "as the plans cite them (01-Q3 is question 3 of notebook 01).</li></ul>")
