"""The coding lab on paper: the student worksheet (notebook 06's passages, open, with the fields of
``data/lab/worksheet.csv`` to fill in and the codebook excerpt they need; no answers, no claim ids) and
the answer key as a printable page. Both are made from ``data/lab/`` and the codebook, like the CSV."""

from __future__ import annotations

import html
import re

from ...core import codebook
from ...data import corpus
from ...data import lab as lab_data
from .lab import answer_key_markdown


def _values(field: str) -> str:
    if field == "value":
        return f'{html.escape(lab_data.VALUE_HELP)}: <span class="write-in"></span>'
    vocab = codebook.vocabulary(field)
    return " ".join(f'<span class="box">☐ {html.escape(vocab.label(v))}</span>' for v in codebook.VOCAB[field])


def _clarification(rule: str, text: str) -> str:
    """``Trend`` + ``Trend is read …`` → "**Trend** is read …"; ``R2 · …`` + its text → "**R2 · …**. text"."""
    if text.startswith(rule):
        return f"<li><b>{html.escape(rule)}</b>{html.escape(text[len(rule):])}</li>"
    sep = "." if re.match(r"R\d", rule) else ":"  # a rule's title is a sentence; a field's name is a word
    return f"<li><b>{html.escape(rule)}</b>{sep} {html.escape(text)}</li>"


def codebook_excerpt() -> str:
    """The fields, their values and rules, and the clarifications: what a student needs to code."""
    rules = lab_data.codebook_rules().set_index("field").rule
    rows = "".join(f"<tr><th>{html.escape(lab_data.FIELD_LABELS[f])}</th><td>{html.escape(rules[f])}</td></tr>"
                   for f in lab_data.LEVELS)
    clar = "".join(_clarification(r.rule, r.text) for r in lab_data.clarifications().itertuples())
    return (f'<section class="sheet codebook"><h2>The codebook you need · 编码规则摘录</h2>'
            f'<table class="rules">{rows}</table><h3>Clarifications · 补充规则</h3><ul class="clar">{clar}</ul></section>')


def passage_html(p) -> str:
    """One passage, open: who said it, the context before it, the quote and its gloss, and one line per
    field with the values to choose from."""
    context = (f'<p class="context"><b>Context before 上文:</b> {html.escape(p.before)} — '
               f"<i>{html.escape(p.before_en)}</i></p>") if p.before else ""
    fields = "".join(f'<tr><th>{html.escape(lab_data.FIELD_LABELS[f])}</th><td>{_values(f)}</td></tr>' for f in p.fields)
    return (f'<section class="passage" id="{html.escape(p.passage_id)}"><h3>{html.escape(p.passage_id)} · '
            f"{html.escape(corpus.speaker_label(p.speaker))} ({html.escape(p.article_id)}) — "
            f"{html.escape(p.target)}</h3>{context}"
            f'<p class="zh">「{html.escape(p.quote)}」</p><p class="en">{html.escape(p.quote_en)}</p>'
            f'<table class="fields">{fields}</table></section>')


def worksheet_html() -> str:
    """The student worksheet: instructions, the codebook excerpt, then every passage (no answers)."""
    pas = lab_data.passages()
    intro = (f'<section class="sheet intro"><h1>Coding lab · 编码实验: worksheet 练习单</h1>'
             f"<p>Name 姓名: ____________________ Group 小组: ______</p>"
             f"<p>Code the <b>quote</b> of each passage ({len(pas)} in all; your teacher may give your group some of "
             "them): tick one value for each field listed under it. Use the context only to understand the quote, "
             "and decide each case by the codebook below. Then compare with another group, or with the answer key "
             "your teacher hands out, and count the matches per field.</p></section>")
    return intro + codebook_excerpt() + "".join(passage_html(p) for p in pas.itertuples())


def answer_key_html() -> str:
    """The answer key (``docs/coding-lab-answer-key.md``, made now) as HTML for printing."""
    from nbconvert.filters import markdown2html

    return f'<section class="sheet key">{markdown2html(answer_key_markdown())}</section>'
