"""Adjudication rules that need the text around a quote, checked on every row they cover; and
:func:`problems`, every consistency check of the project in one list (the build and ``baimo check``
call it).

A quote's **window** (:func:`window`) is what R1 lets a coder read: the sentence right before the one
the quote starts in, and its own sentence up to the end of the quote (the quote continues both).
Nothing after the quote counts ("a comparison that comes only in the following sentence does not
count"). Sentences are :func:`baimo.text.turns.split_sentences`; a question just before an answer is
its sentence before, as adjudication read it (L-kaifu-09).

* **R1 · a lag row compares China with the US** (:func:`comparison_problems`). The window must hold
  a comparison word (:data:`COMPARATIVE`: 差距, 落后, 领先, 赶超, 跟随, 掉队, 不如, 相比, 对标, 优势, 更+
  adjective, 最多/最好, 慢一步, 低得多 …, the codebook's scale words among them), or name both sides in
  one sentence (:data:`CHINA` and :data:`US`, the codebook's "overseas/abroad/OpenAI/Silicon Valley
  standing for it" and the US firms and models that stand for it the same way) without being a
  statement of US policy toward China (:data:`POLICY`). Checked against adjudication: every row it
  dropped under R1 fails this test, and every row it kept passes or is named below.
  A row whose comparison is in the window but in words the lists lack (an implied comparator the
  adjudication accepted) passes if its note says so after "R1:" *and* the adjudication has a decision on
  that row (the adjudicators read it and kept it).
* **R2 · a host's question predicts no outcome** (:func:`question_problems`): a framing row spoken by
  a host or interviewer (``speakers.csv`` role) whose quote, or the rest of its sentence, is a question
  has ``predicted_outcome`` ``none``.
* **R3 · the narration reports** (:func:`reporting_problems`): a row spoken by ``文章作者`` whose window
  gives a named speaker's (or 他/她's) view with a reporting verb (认为, 表示, 强调…) outside a direct
  quotation has ``attribution`` ``reported``.
"""

from __future__ import annotations

import re

import pandas as pd

from ..core import paths, schema
from ..core.files import Problem
from ..data import claims, consistency, corpus, reliability
from . import turns

CHINA = r"中国|国内|我国|国产|本土|中方|中文|华人|我们|咱们|中美"
US = (r"美国|美方|海外|国外|外国|境外|欧美|西方|硅谷|Open ?AI|ChatGPT|GPT|Sora|奥特曼|谷歌|Google|微软|Meta|英伟达|"
      r"NVIDIA|Stable Diffusion|Stability|中美")
COMPARATIVE = (r"差距|落后|领先|超过|超越|赶超|追赶|赶上|追上|跟随|跟上|掉队|甩开|甩在|不及|不如|比不上|媲美|相比|对比|对标|"
               r"优势|劣势|更[\u4e00-\u9fff]|最[多好强大]|[快慢][一二三两半]?步|[高低强弱快慢好差大小]得多|差[一很点]|持平|"
               r"接近|比.{1,15}?(?:更|还|要)|PK")
POLICY = r"限制|制裁|禁令|出口管制|禁止"
REPORTING = r"认为|表示|说|称|指出|强调|提到|透露|坦言|谈到|介绍|告诉"
R1_NOTE = re.compile(r"\bR1:")


def window(quote: str, text: str, sentences: list[tuple[int, int]]) -> tuple[str, str, str] | None:
    """``(sentence before, own sentence up to the quote's end, rest of the own sentence)`` or None if
    the quote is not in ``text``."""
    span = turns.quote_span(quote, text)
    if span is None:
        return None
    start, end = span
    own = max((i for i, (s, _) in enumerate(sentences) if s <= start), default=0)
    before = text[slice(*sentences[own - 1])] if own > 0 else ""
    last = max((i for i, (s, _) in enumerate(sentences) if s < end), default=own)
    return before, text[sentences[own][0]:end], text[end:sentences[last][1]]


def compares(before: str, upto: str) -> bool:
    """R1's test on a window (see the module docstring)."""
    if re.search(COMPARATIVE, before + upto):
        return True
    both = lambda s: re.search(CHINA, s) and re.search(US, s) and not re.search(POLICY, s)  # noqa: E731
    return bool(both(before) or both(upto))


def _windows(df: pd.DataFrame):
    texts = corpus.clean_texts()
    sentences = {a: turns.split_sentences(t) for a, t in texts.items()}
    for i, r in enumerate(df.itertuples(index=False), start=2):
        if r.article_id in texts:
            w = window(r.quote, texts[r.article_id], sentences[r.article_id])
            if w is not None:
                yield i, r, w


def comparison_problems(lag: pd.DataFrame, name: str, adjudication: pd.DataFrame) -> list[Problem]:
    """R1 on every lag row (see the module docstring)."""
    decided = set(adjudication.claim_id)
    out = []
    for i, r, (before, upto, _) in _windows(lag):
        if compares(before, upto) or (R1_NOTE.search(r.note) and r.claim_id in decided):
            continue
        out.append(Problem(name, i, "quote", f"{r.claim_id}: neither the quote nor the sentence before it compares "
                                             "China with the US (no comparison word; the two sides not named "
                                             "together): R1 drops such rows, as adjudication did (e.g. L-kaifu-09, "
                                             "L-kaifu-16, L-beyond-48, L-beyond-61)"))
    return out


def question_problems(framing: pd.DataFrame, name: str) -> list[Problem]:
    """R2: a host's or interviewer's question has predicted_outcome ``none``."""
    hosts, out = corpus.interviewers(), []
    for i, r, (_, upto, rest) in _windows(framing):
        if r.speaker in hosts and r.predicted_outcome != "none" and re.search(r"[？?]", upto + rest):
            out.append(Problem(name, i, "predicted_outcome", f"{r.predicted_outcome!r} on {r.speaker}'s question: "
                                                             "R2 makes a host's question 'none' (a forecast it "
                                                             "carries belongs in predictions.csv)"))
    return out


def reporting_problems(df: pd.DataFrame, name: str) -> list[Problem]:
    """R3: the narration giving a named person's view without a direct quotation is ``reported``."""
    names = [s for s in corpus.speakers().speaker if s != turns.NARRATOR] + ["他", "她"]
    who = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?:{who})[^，,。：:“”\"]{{0,12}}?(?:{REPORTING})(?![,，：:]?\s*[“\"])")
    out = []
    for i, r, (_, upto, _) in _windows(df):
        m = pattern.search(upto) if r.speaker == turns.NARRATOR and r.attribution != "reported" else None
        if m:
            out.append(Problem(name, i, "attribution", f"{r.attribution!r}: the narration gives "
                                                       f"{m.group(0)!r}… without a direct "
                                                       "quotation, which R3 makes 'reported'"))
    return out


def problems() -> list[Problem]:
    """Every consistency check: :func:`baimo.data.consistency.problems` and R1–R3 here."""
    out = consistency.problems()
    adj = reliability.adjudication()
    for thread in claims.threads():
        path = claims.table_path(thread)
        df, _ = schema.read_table(path, claims.columns(thread))
        if df is None:
            continue
        name = paths.rel(path)
        out += reporting_problems(df, name)
        if thread == "lag":
            out += comparison_problems(df, name, adj)
        elif thread == "framing":
            out += question_problems(df, name)
    return out
