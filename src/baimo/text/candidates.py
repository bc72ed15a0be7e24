"""Nothing missed: every number and every China–US comparison in the five cleaned texts, and whether
each is coded or left out on purpose.

**The finder** (:func:`find`; the patterns are in :mod:`baimo.text.numerals`) lists two kinds of
candidate in ``data/processed/clean/<article>.txt``, each with its text, character offset, line and
sentence (:func:`baimo.text.turns.split_sentences`):

* ``number``: a numeric expression: Arabic numerals (``1.01 亿``, ``45,000``, ``1/10``), Chinese
  numerals (一 … 九, 十 百 千 万 亿, 两, 半 in 半年/一年半/慢半步), the "a few / more than" forms
  (几万, 十几, 好几十, 数十亿, 上千, 70多, 1万多亿), ranges (``3-5``, ``5~10``, 七八, 一到两,
  半年到一年半), percentages (``%``, 百分之), multiples (倍) and durations (年, 个月, 天, 小时, 分钟,
  秒, 毫秒), with the unit or measure word right after it;
* ``comparison``: a sentence that sets China beside the US: 中美, or a China term (中国, 国内, 国产,
  我国, 中方) and a US term (美国, 国外, 海外, 硅谷, OpenAI, ChatGPT/GPT, 谷歌, 英伟达, 微软 …) in one
  sentence; 我们 counts for China only beside a comparison word (差距, 落后, 领先, 赶上, 相比, 比…更 …).
  Its text is the shortest span holding both sides.

**Excluded by rule** (never listed; :func:`ruled_out` shows what each rule removed), because none of
these is ever a quantity:

* ``date``: a year (``2023年``, ``2020 年``, a two-digit year after 今年/去年/明年), a month or day
  (``5月27日``, ``9月份``, ``七八月``, ``六七月份``), a half of the calendar year (上半年, 下半年);
* ``name``: a product or model name with digits (``GPT-4``, ``GPT3.5``, ``A100``, ``H800``, ``M6``,
  ``Dall·E·2``, ``Llama 2``, ``5G``, ``01.AI``) and the articles' names with numerals (``硅谷101``,
  零一万物, 百度, 百川); a size glued to a name stays listed (the ``34B`` of ``Yi-34B``);
* ``ordinal``: list numbering and ranks (第一, 第二个, 第四届, 第一性原理, 一是…);
* ``idiom``: words whose numeral characters count nothing (万物, 十分, 百家争鸣, 三维, 二次开发, 两者 …;
  the list is :data:`baimo.text.numerals.IDIOMS`);
* ``article``: ``一`` as the indefinite article or inside a word (一个, 一些, 一起, 一样, 一定, 统一,
  之一), unless a duration, multiple or step follows (一年, 一个小时, 一倍, 慢一步), 只有/仅/才
  precedes it (只有一个PhD), it is a headcount of one (一个人, not 每一个人 or 任何一个人), or it is part
  of a larger numeral or a range (一万, 一到两个).

Everything else is listed for a human: a numeral in an anecdote, an idiom not on the list, a count
of the speaker's own points, a date the rules cannot see.

**Coverage** (:func:`statuses`): a number is ``coded`` when it overlaps the ``original`` of a
numeric row (compute, lag, parameters) inside that row's quote; a comparison is ``coded`` when its
sentence holds a quote of ``lag`` (a judgement of China against the US, whose comparison rule R1
lets sit just outside the quote) or a quote of any other table (framing, the numeric tables,
``predictions.csv``) that holds both its sides. Otherwise a candidate is ``excluded`` when it lies inside the ``passage`` of a row of
``data/claims/excluded.csv`` (:mod:`baimo.data.excluded`), ``quoted_not_coded`` when it lies in a
quote but no numeric row codes it, else ``uncovered``. Quotes and passages are matched ignoring
whitespace, as the validator matches quotes. :func:`problems` (run by ``baimo check``) refuses every
``quoted_not_coded`` or ``uncovered`` candidate and every exclusion row whose passage is not verbatim,
names more than one place, or excludes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..core import paths, schema
from ..core.files import Problem
from ..data import claims, corpus, excluded, predictions
from . import numerals, turns

NUMERIC_TABLES = ("compute", "lag", "parameters")
STATUSES = ("coded", "excluded", "quoted_not_coded", "uncovered")


@dataclass(frozen=True)
class Candidate:
    article_id: str
    kind: str  # number | comparison
    text: str
    start: int  # offset in the cleaned text
    end: int
    line: int
    sentence: str
    sent_start: int
    sent_end: int


def _sentence_of(bounds: list[tuple[int, int]], start: int) -> tuple[int, int]:
    for s, e in bounds:
        if s <= start < e:
            return s, e
    return start, start


def find(article_id: str, text: str | None = None) -> list[Candidate]:
    """Every candidate in one article's cleaned text, in text order."""
    text = corpus.clean_text(article_id) if text is None else text
    bounds = turns.split_sentences(text)
    out = []
    nums, _ = numerals.numbers(text)
    for sp in nums:
        s, e = _sentence_of(bounds, sp.start)
        out.append(Candidate(article_id, "number", sp.text, sp.start, sp.end, text.count("\n", 0, sp.start) + 1,
                             text[s:e].strip(), s, e))
    for s, e in bounds:
        pair = numerals.comparison(text[s:e])
        if pair:
            out.append(Candidate(article_id, "comparison", pair.text, s + pair.start, s + pair.end,
                                 text.count("\n", 0, s + pair.start) + 1, text[s:e].strip(), s, e))
    return sorted(out, key=lambda c: (c.start, c.kind != "number"))


def find_all(texts: dict[str, str] | None = None) -> list[Candidate]:
    texts = texts if texts is not None else corpus.clean_texts()
    return [c for a, t in texts.items() for c in find(a, t)]


def ruled_out(article_id: str, text: str | None = None) -> pd.DataFrame:
    """What the rules kept out of one article: ``rule, text, start, line`` (for an audit of the rules)."""
    text = corpus.clean_text(article_id) if text is None else text
    spans = numerals.ruled_out(text)
    spans += numerals.numbers(text, numerals.mask(text, spans))[1]
    return pd.DataFrame([{"rule": s.rule, "text": s.text, "start": s.start, "line": text.count("\n", 0, s.start) + 1}
                         for s in sorted(spans, key=lambda s: s.start)], columns=["rule", "text", "start", "line"])


# --------------------------------------------------------------------------- quotes and passages


def occurrences(passage: str, text: str) -> list[tuple[int, int]]:
    """Every ``(start, end)`` of ``passage`` in ``text``, ignoring whitespace (as quotes are matched)."""
    sq, offsets = claims.squashed(text)
    p, _ = claims.squash(passage)
    out, i = [], sq.find(p) if p else -1
    while i >= 0:
        out.append((offsets[i], offsets[i + len(p) - 1] + 1))
        i = sq.find(p, i + 1)
    return out


def quotes(texts: dict[str, str] | None = None) -> pd.DataFrame:
    """Every coded quote located in its text: ``table, claim_id, article_id, start, end, numeric,
    o_start, o_end`` (the span of the row's ``original`` inside the quote, for numeric rows; -1 if
    it is not there)."""
    texts = texts if texts is not None else corpus.clean_texts()
    rows = []
    sources = [(t, claims.table_path(t), claims.columns(t), "claim_id") for t in claims.threads()]
    sources.append(("predictions", predictions.PATH, predictions.COLUMNS, "prediction_id"))
    for table, path, columns, key in sources:
        df, _ = schema.read_table(path, columns)
        for r in ([] if df is None else df.to_dict("records")):
            span = turns.quote_span(r["quote"], texts[r["article_id"]]) if r["article_id"] in texts else None
            if span is None:
                continue  # the validator reports it
            numeric = table in NUMERIC_TABLES and any(r[c].strip() for c in claims.NUMERIC)
            o = occurrences(r["original"], texts[r["article_id"]][span[0]:span[1]]) if numeric else []
            o_start, o_end = (span[0] + o[0][0], span[0] + o[0][1]) if o else (-1, -1)  # -1: codes nothing
            rows.append({"table": table, "claim_id": r[key], "article_id": r["article_id"], "start": span[0],
                         "end": span[1], "numeric": numeric, "o_start": o_start, "o_end": o_end})
    return pd.DataFrame(rows, columns=["table", "claim_id", "article_id", "start", "end", "numeric",
                                       "o_start", "o_end"])


def _codes(c: Candidate, q, text: str) -> bool:
    """Whether quote row ``q`` codes candidate ``c``: a number overlapping the ``original`` of a
    numeric row inside its quote; a comparison whose sentence holds a ``lag`` quote (a lag row is a
    judgement of China against the US, whose comparison may sit outside the quote: rule R1), or any
    other quote that, as far as it covers the sentence, holds both sides."""
    if c.kind == "number":
        return bool(q.numeric) and q.start <= c.start and c.end <= q.end and q.o_start < c.end and c.start < q.o_end
    lo, hi = max(c.sent_start, q.start), min(c.sent_end, q.end)
    return lo < hi and (q.table == "lag" or numerals.comparison(text[lo:hi], loose=True) is not None)


def exclusions(texts: dict[str, str] | None = None, path=None) -> pd.DataFrame:
    """Rows of ``excluded.csv`` located in their texts: ``row`` (CSV line), ``article_id``, ``reason``,
    ``places`` (how often the passage occurs), ``start``, ``end`` (of its one occurrence)."""
    texts = texts if texts is not None else corpus.clean_texts()
    df, _ = excluded.read(path)
    rows = []
    for i, r in enumerate([] if df is None else df.to_dict("records"), start=2):
        places = occurrences(r["passage"], texts[r["article_id"]]) if r["article_id"] in texts else []
        s, e = places[0] if len(places) == 1 else (None, None)
        rows.append({"row": i, "article_id": r["article_id"], "reason": r["reason"], "passage": r["passage"],
                     "places": len(places), "start": s, "end": e})
    return pd.DataFrame(rows, columns=["row", "article_id", "reason", "passage", "places", "start", "end"])


def statuses(texts: dict[str, str] | None = None, path=None) -> pd.DataFrame:
    """Every candidate with its ``status`` (:data:`STATUSES`), ``by`` (the coding rows, or the
    exclusion row) and ``reason`` (of the exclusion)."""
    texts = texts if texts is not None else corpus.clean_texts()
    qs, ex = quotes(texts), exclusions(texts, path)
    quoted_in = {a: list(g.itertuples()) for a, g in qs.groupby("article_id")}
    excluded_in = {a: list(g.itertuples()) for a, g in ex[ex.places == 1].groupby("article_id")}
    rows = []
    for c in find_all(texts):
        mine = quoted_in.get(c.article_id, [])
        coded = [q.claim_id for q in mine if _codes(c, q, texts[c.article_id])]
        quoted = [q.claim_id for q in mine if q.start <= c.start and c.end <= q.end]
        out = [x for x in excluded_in.get(c.article_id, []) if x.start <= c.start and c.end <= x.end]
        status = "coded" if coded else "excluded" if out else "quoted_not_coded" if quoted else "uncovered"
        by = {"coded": "; ".join(coded), "excluded": f"excluded.csv row {out[0].row}" if out else "",
              "quoted_not_coded": "; ".join(quoted), "uncovered": ""}[status]
        rows.append({**vars(c), "status": status, "by": by, "reason": out[0].reason if status == "excluded" else ""})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- what baimo check refuses


def _text_name(article_id: str) -> str:
    return paths.rel(paths.CLEAN / f"{article_id}.txt")


def problems(texts: dict[str, str] | None = None, path=None) -> list[Problem]:
    """Every candidate neither coded nor excluded (named by article, line, offset, candidate and
    sentence), and every exclusion row whose passage is not verbatim, names more than one place,
    covers no candidate, or excludes none (each is coded, or excluded by an earlier row)."""
    texts = texts if texts is not None else corpus.clean_texts()
    _, out = excluded.read(path)
    name = paths.rel(path or excluded.PATH)
    st = statuses(texts, path)
    for x in exclusions(texts, path).itertuples():
        if x.article_id not in texts:
            continue  # reported by the field check
        if x.places == 0:
            near = claims.closest_passage(x.passage, texts[x.article_id])
            out.append(Problem(name, x.row, "passage", f"not found verbatim in {_text_name(x.article_id)}; "
                                                       f"closest passage: {near!r}"))
        elif x.places > 1:
            out.append(Problem(name, x.row, "passage", f"found {x.places} times in {_text_name(x.article_id)}; "
                                                       "add context until it names one place"))
        else:
            mine = st[(st.article_id == x.article_id) & (st.start >= x.start) & (st.end <= x.end)]
            if mine.empty:
                out.append(Problem(name, x.row, "passage", "covers no candidate (no number or China–US comparison "
                                                           "the finder lists): nothing to exclude"))
            elif not (mine.by == f"excluded.csv row {x.row}").any():
                out.append(Problem(name, x.row, "passage", "excludes nothing: every candidate in it is coded or "
                                   "excluded by an earlier row (" + "; ".join(sorted(set(mine.by))) + ")"))
    for c in st[st.status.isin(["uncovered", "quoted_not_coded"])].itertuples():
        where = f" (inside {c.by}, whose numbers do not include it)" if c.status == "quoted_not_coded" else ""
        out.append(Problem(_text_name(c.article_id), None, None,
                           f"line {c.line}, offset {c.start}: {c.kind} {c.text!r} is neither coded nor excluded{where}; "
                           f"sentence: {c.sentence!r}. Code it in a claims table or add a row to {paths.rel(excluded.PATH)}"))
    return out


# --------------------------------------------------------------------------- summaries


def coverage(texts: dict[str, str] | None = None, path=None, st: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per article: candidates ``found`` (``numbers``, ``comparisons``), ``coded``,
    ``excluded`` (and one ``excluded: <reason>`` column per reason used), ``uncovered`` (including
    ``quoted_not_coded``) and ``ruled_out`` (spans the rules kept out of the list); ``st``: the
    :func:`statuses`, if already worked out."""
    texts = texts if texts is not None else corpus.clean_texts()
    st = statuses(texts, path) if st is None else st
    rows = []
    for a in texts:
        mine = st[st.article_id == a]
        row = {"article_id": a, "found": len(mine), "numbers": int((mine.kind == "number").sum()),
               "comparisons": int((mine.kind == "comparison").sum()), "coded": int((mine.status == "coded").sum()),
               "excluded": int((mine.status == "excluded").sum()),
               "uncovered": int(mine.status.isin(["uncovered", "quoted_not_coded"]).sum()),
               "ruled_out": len(ruled_out(a, texts[a]))}
        for reason, n in mine[mine.status == "excluded"].reason.value_counts().items():
            row[f"excluded: {reason}"] = int(n)
        rows.append(row)
    df = pd.DataFrame(rows).fillna(0)
    return df.astype({c: int for c in df.columns if c != "article_id"})


def recall(texts: dict[str, str] | None = None) -> pd.DataFrame:
    """For every row of compute, lag and parameters that has a number: whether the finder lists a
    number inside the row's quote that overlaps the row's ``original`` (``found``, ``candidate``)."""
    texts = texts if texts is not None else corpus.clean_texts()
    qs = quotes(texts)
    qs = qs[qs.numeric]
    found = {a: [c for c in find(a, t) if c.kind == "number"] for a, t in texts.items()}
    rows = []
    for q in qs.itertuples():
        hits = [c.text for c in found[q.article_id]
                if q.start <= c.start and c.end <= q.end and q.o_start < c.end and c.start < q.o_end]
        rows.append({"table": q.table, "claim_id": q.claim_id, "article_id": q.article_id,
                     "original": texts[q.article_id][q.o_start:q.o_end], "found": bool(hits),
                     "candidate": " / ".join(hits)})
    return pd.DataFrame(rows)


def recall_summary(texts: dict[str, str] | None = None) -> pd.DataFrame:
    """Recall per table and overall: ``rows`` with a number, ``found``, ``recall``."""
    r = recall(texts)
    out = r.groupby("table", sort=False).found.agg(rows="size", found="sum").reset_index()
    out.loc[len(out)] = ["all", len(r), int(r.found.sum())]
    out["recall"] = out.found / out.rows
    return out


def report(article_id: str | None = None, uncovered_only: bool = False) -> str:
    """Every candidate (of one article, or all) with its status, one per line, for ``baimo candidates``:
    ``article:line @offset  kind  'text'  status: by``, then the coverage counts."""
    st = statuses()
    cov = coverage(st=st)
    if article_id:
        st, cov = st[st.article_id == article_id], cov[cov.article_id == article_id]
    if uncovered_only:
        st = st[st.status.isin(["uncovered", "quoted_not_coded"])]
    lines = []
    for c in st.itertuples():
        how = {"coded": f"coded: {c.by}", "excluded": f"excluded: {c.reason} ({c.by})",
               "quoted_not_coded": f"quoted_not_coded: in {c.by}", "uncovered": "uncovered"}[c.status]
        text = c.text if len(c.text) <= 24 else c.text[:22] + "…"
        lines.append(f"{c.article_id}:{c.line} @{c.start}  {c.kind:<10} {text!r:<16} {how}")
        if c.status in ("uncovered", "quoted_not_coded"):
            lines.append(f"    sentence: {c.sentence}")
    base = ["article_id", "found", "coded", "excluded", "uncovered", "ruled_out"]
    lines += ["", cov[base].to_string(index=False)]
    return "\n".join(lines)
