"""Speaker turns and sentences of the cleaned texts, and where each coded quote sits in them.

A turn starts at a line that opens with a speaker marker, in one of the articles' styles:

* ``Name:`` / ``Name：`` at line start (sv101, kaifu, wangjian, beyond): ``王坚:``, ``南都:``,
  ``问:``, ``主持人:``, ``李开复:``, ``《硅谷101》:``, ``晋英杰:``;
* bold markdown (contech): ``**王小川：**`` (the turn's text follows on the same or the next
  line) or ``**孙天澍：question…**`` (the whole question in bold).

Only names known for that article count as markers (``data/speakers.csv`` ``articles`` column,
plus ``问``/``主持人`` → the article's ``host`` in ``data/articles.csv``, and the other spellings a
speaker is marked with, ``markers`` in ``data/speakers.csv``), so a line such
as ``生成式AI:可生万物`` or ``以下为采访全文:`` is not a turn. Text before the first marker,
section headings between turns, and credit lines are narration (``文章作者``). A *heading* is a
short line (≤ :data:`HEADING_MAX` characters, bold and quotation marks stripped) that does not
end in sentence punctuation; a *credit* is a line wholly in parentheses or starting 本文来自/本文首发.
A turn's ``start``/``end`` are character offsets in the cleaned text: ``start`` is just after the
marker, ``end`` the start of the next marker line (or heading), so the marker itself belongs to no turn.

A sentence (:func:`split_sentences`) is a run ending in 。！？!?；; or a line break.
"""

from __future__ import annotations

import re

import pandas as pd

from ..data import claims, corpus

NARRATOR = corpus.NARRATOR
HEADING_MAX = 30
_MARKER = re.compile(r"^(?P<bold>\*\*)?\s*(?P<name>[^\n:：*]{1,20}?)\s*[:：]\s*(?P<close>\*\*)?[ \t]*")
_SENTENCE_END = tuple("。！？!?；;：:…，,")
_CREDIT = re.compile(r"^(\(.*\)|（.*）|本文来自|本文首发)")
_WORDCHAR = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]")


# --------------------------------------------------------------------------- speaker turns


def marker_names(article_id: str) -> dict[str, str]:
    """``{marker as written: speaker}`` for one article: its speakers (``data/speakers.csv``) and their
    other spellings (column ``markers``), and ``问``/``主持人`` for the article's host (``data/articles.csv``)."""
    sp = corpus.speakers()
    names = {}
    for _, r in sp.iterrows():
        arts = [a.strip() for a in r.articles.split(";")]
        if article_id in arts and r.speaker != NARRATOR:
            names[r.speaker] = r.speaker
            for alias in filter(None, (m.strip() for m in r.markers.split(";"))):
                names[alias] = r.speaker
    host = corpus.articles().set_index("article_id").host.get(article_id, "")
    if host:
        names["问"] = host
        names["主持人"] = host
    return names


def is_heading(line: str) -> bool:
    """A short section heading or a credit line (narration, not part of a turn)."""
    s = line.strip()
    if _CREDIT.match(s):
        return True
    s = s.strip("*").strip().strip("“”\"").strip()
    return 0 < len(s) <= HEADING_MAX and not s.endswith(_SENTENCE_END)


def split_turns(text: str, names: dict[str, str], narrator: str = NARRATOR) -> pd.DataFrame:
    """Split ``text`` into speaker turns; see the module docstring for the rule.

    Returns one row per turn: ``turn`` (0, 1, …), ``speaker``, ``marker`` (as written, empty
    for narration), ``start``, ``end`` (character offsets) and ``text`` (= ``text[start:end]``).
    """
    cuts = []  # (line start, content start, speaker, marker)
    pos = 0
    seen_marker = False
    for line in text.splitlines(keepends=True):
        m = _MARKER.match(line)
        if m and m.group("name").strip() in names:
            name = m.group("name").strip()
            cuts.append((pos, pos + m.end(), names[name], name))
            seen_marker = True
        elif seen_marker and is_heading(line):
            cuts.append((pos, pos, narrator, ""))
        pos += len(line)
    if not cuts or cuts[0][0] > 0:
        cuts.insert(0, (0, 0, narrator, ""))
    rows = []
    for i, (_, start, speaker, marker) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else len(text)
        rows.append({"turn": i, "speaker": speaker, "marker": marker, "start": start, "end": end,
                     "text": text[start:end]})
    df = pd.DataFrame(rows)
    # merge consecutive narration pieces (e.g. heading, then narration) into one turn
    keep = []
    for r in df.to_dict("records"):
        if keep and r["speaker"] == narrator and keep[-1]["speaker"] == narrator and not r["marker"]:
            keep[-1]["end"] = r["end"]
            keep[-1]["text"] = text[keep[-1]["start"]:r["end"]]
        else:
            keep.append(r)
    out = pd.DataFrame(keep, columns=["turn", "speaker", "marker", "start", "end", "text"])
    out["turn"] = range(len(out))
    return out


def turns(article_id: str) -> pd.DataFrame:
    """Speaker turns of one article: ``article_id, turn, speaker, marker, start, end, text``."""
    df = split_turns(corpus.clean_text(article_id), marker_names(article_id))
    df.insert(0, "article_id", article_id)
    return df


def all_turns() -> pd.DataFrame:
    return pd.concat([turns(a) for a in corpus.articles().article_id], ignore_index=True)


def speaking_matrix(turn_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Speaker × article: characters spoken in each article's turns (narration included),
    rows labelled bilingually, columns in publication order."""
    turn_table = all_turns() if turn_table is None else turn_table
    chars = turn_table.assign(chars=turn_table.text.str.len()).pivot_table(
        index="speaker", columns="article_id", values="chars", aggfunc="sum", fill_value=0)
    order = [a for a in corpus.date_spans().article_id if a in chars.columns]
    chars = chars[order]
    first = chars.gt(0).values.argmax(axis=1)  # group speakers by the first article they appear in
    chars = chars.iloc[sorted(range(len(chars)), key=lambda i: (first[i], -chars.iloc[i].sum()))]
    chars.index = [corpus.speaker_label(s) for s in chars.index]
    return chars.astype(int)


def speaker_at(turn_table: pd.DataFrame, offset: int) -> str | None:
    """The speaker of the turn containing character ``offset`` (None if in a marker)."""
    inside = (turn_table.start.to_numpy() <= offset) & (offset < turn_table.end.to_numpy())
    hits = turn_table.speaker.to_numpy()[inside]
    return hits[0] if len(hits) else None


# --------------------------------------------------------------------------- quotes → spans


def quote_span(quote: str, text: str) -> tuple[int, int] | None:
    """``(start, end)`` of ``quote`` in ``text``, matched ignoring whitespace (as the validator does)."""
    start = claims.find_quote(quote, text)
    if start is None:
        return None
    need = sum(1 for ch in quote if not ch.isspace())
    i = start
    while need and i < len(text):
        if not text[i].isspace():
            need -= 1
        i += 1
    return start, i


def claim_spans(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``start``/``end`` (quote span in the cleaned text) and ``turn_speaker`` to a claims table."""
    texts = corpus.clean_texts()
    turn_tables = {a: turns(a) for a in texts}
    out = df.copy()
    spans = [quote_span(q, texts[a]) for q, a in zip(out.quote, out.article_id)]
    out["start"] = [s[0] for s in spans]
    out["end"] = [s[1] for s in spans]
    out["turn_speaker"] = [speaker_at(turn_tables[a], s) for a, s in zip(out.article_id, out.start)]
    return out


# --------------------------------------------------------------------------- sentences


_SENT = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』)）*]*)?")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence: runs ending in 。！？!?；; (with any closing quotes or
    brackets after it) or a line break; runs with no word character are dropped."""
    out = []
    for m in _SENT.finditer(text):
        if m.end() > m.start() and _WORDCHAR.search(m.group()):
            out.append((m.start(), m.end()))
    return out


def sentences(article_id: str) -> pd.DataFrame:
    """Sentences of one article with their speaker: ``article_id, sent, start, end, speaker, text``.

    A sentence that begins with a speaker marker (``王坚:答…``) belongs to that speaker's turn; a
    line that is nothing but a marker (contech's ``**王小川：**``) is not a sentence.
    """
    text = corpus.clean_text(article_id)
    tt = turns(article_id)
    rows = []
    for s, e in split_sentences(text):
        speaker = speaker_at(tt, (s + e) // 2) or speaker_at(tt, e - 1)
        if speaker is None:
            continue
        rows.append({"article_id": article_id, "sent": len(rows), "start": s, "end": e,
                     "speaker": speaker, "text": text[s:e]})
    return pd.DataFrame(rows)


def all_sentences() -> pd.DataFrame:
    return pd.concat([sentences(a) for a in corpus.articles().article_id], ignore_index=True)
