"""The coding lab's derived documents, written by the build from ``data/lab/`` (never by hand): the
blank worksheet students fill in (``data/lab/worksheet.csv``) and the printable answer key
(``docs/coding-lab-answer-key.md``)."""

from __future__ import annotations

from ...core import paths
from ...data import corpus
from ...data.lab import WORKSHEET, passages, reference, table_of, worksheet_frame
from ..site.htmlkit import md_text as text

ANSWER_KEY = paths.ANSWER_KEY


def worksheet_csv() -> str:
    """``data/lab/worksheet.csv``: one row per passage × field, the allowed values, an empty answer."""
    return worksheet_frame().to_csv(index=False, lineterminator="\n")


def answer_key_markdown() -> str:
    """``docs/coding-lab-answer-key.md``: every passage, its fields, the reference answer and the reason."""
    ref = reference()
    lines = ["# Coding lab · 编码实验: answer key 参考答案", "",
             ("For notebook 06 and for classes without laptops: students code the passages on paper, swap "
              "sheets and mark each other's with this key, then count matches per field (percent agreement = "
              "matches ÷ codes). The reference is the project's adjudicated coding. Where the project's two "
              "blind coders disagreed, their two codings are shown (A / B) and the reason is the adjudicator's "
              "(`data/reliability/adjudication.csv`, rule in brackets); the rules R1–R7 are at the end of "
              "`data/CODEBOOK.md`."), "",
             "Generated from `data/lab/` by `baimo build`; do not edit by hand.", ""]
    for p in passages().itertuples():
        what = f" · {p.target}" if table_of(p.claim_id) in ("compute", "parameters") else ""  # which number
        lines.append(f"**{text(p.passage_id)}** · {text(corpus.speaker_label(p.speaker))} ({text(p.article_id)}, "
                     f"`{p.claim_id}`){text(what)}  ")
        lines.append(f"「{text(p.quote)}」 *{text(p.quote_en)}*")
        lines.append("")
        for r in ref[ref.passage_id == p.passage_id].itertuples():
            coders = (f" (A {text(r.first)} / B {text(r.second)}; {text(r.rule)})" if r.split else
                      f" ({text(r.rule)})" if r.adjudicated else "")
            lines.append(f"- **{text(r.field)}** = `{r.reference}`{coders}: {text(r.reason)}")
        lines.append("")
    n = len(ref)
    lines.append(f"{len(passages())} passages, {n} codes; on {int(ref.split.sum())} of them the project's "
                 "two coders disagreed before adjudication.")
    return "\n".join(lines) + "\n"


#: The lab's derived documents and what makes each (the build writes them; a test compares them).
DERIVED = {WORKSHEET: worksheet_csv, ANSWER_KEY: answer_key_markdown}
