"""Text evidence: speaker turns, jieba segmentation, frame-lexicon counts, KWIC, agreement.

Everything here reads the *cleaned* texts (``data/processed/clean/<article_id>.txt``) and the
versioned lexicon files under ``data/lexicon/`` (see its README):

* ``userdict.txt`` — jieba user dictionary (``word freq tag``), so that 大模型, 百模大战, GPT-4,
  零一万物 and the speakers' names come out as single tokens;
* ``stopwords.txt`` — function words dropped before counting top terms (not before rates);
* ``frames.csv`` — the frame lexicon (``word, frame, note``), one frame per word, frames from
  the ``frame`` vocabulary of ``framing.csv`` (``data/CODEBOOK.md``).

Speaker turns
-------------
A turn starts at a line that opens with a speaker marker, in one of the articles' styles:

* ``Name:`` / ``Name：`` at line start (sv101, kaifu, wangjian, beyond): ``王坚:``, ``南都:``,
  ``问:``, ``主持人:``, ``李开复:``, ``《硅谷101》:``, ``晋英杰:``;
* bold markdown (contech): ``**王小川：**`` (the turn's text follows on the same or the next
  line) or ``**孙天澍：question…**`` (the whole question in bold).

Only names known for that article count as markers (``data/speakers.csv`` ``articles`` column,
plus ``问``/``主持人`` → the article's host, :data:`HOSTS`, and :data:`ALIASES`), so a line such
as ``生成式AI:可生万物`` or ``以下为采访全文:`` is not a turn. Text before the first marker,
section headings between turns, and credit lines are narration (``文章作者``). A *heading* is a
short line (≤ :data:`HEADING_MAX` characters, bold and quotation marks stripped) that does not
end in sentence punctuation; a *credit* is a line wholly in parentheses or starting 本文来自/本文首发.
A turn's ``start``/``end`` are character offsets in the cleaned text: ``start`` is just after the
marker, ``end`` the start of the next marker line (or heading), so the marker itself belongs to no turn.

Tokens and rates
----------------
A token is a jieba token containing at least one letter, digit or Han character (punctuation,
markdown ``*`` and whitespace are dropped). Frame rates are hits per 1,000 such tokens, stop
words *included* in the denominator. Top terms drop stop words and one-character tokens.

Agreement
---------
:func:`cohen_kappa` is Cohen's (1960) κ = (p_o − p_e) / (1 − p_e), with p_o the observed share
of agreement and p_e = Σ_k p_a(k)·p_b(k) the agreement expected from the two marginals.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import BaimoError, corpus, paths, tables

USERDICT = paths.LEXICON / "userdict.txt"
STOPWORDS = paths.LEXICON / "stopwords.txt"
FRAMES = paths.LEXICON / "frames.csv"

NARRATOR = "文章作者"
#: Who ``问`` / ``主持人`` is, per article (beyond: the panel host; kaifu: the interviewer).
HOSTS = {"beyond": "贺建东", "kaifu": "The Information", "wangjian": "南都", "sv101": "硅谷101",
         "contech": "孙天澍"}
#: Other spellings of a speaker used as markers.
ALIASES = {"《硅谷101》": "硅谷101"}
HEADING_MAX = 30

_MARKER = re.compile(r"^(?P<bold>\*\*)?\s*(?P<name>[^\n:：*]{1,20}?)\s*[:：]\s*(?P<close>\*\*)?[ \t]*")
_SENTENCE_END = tuple("。！？!?；;：:…，,")
_CREDIT = re.compile(r"^(\(.*\)|（.*）|本文来自|本文首发)")
_WORDCHAR = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]")


# --------------------------------------------------------------------------- speaker turns


def marker_names(article_id: str) -> dict[str, str]:
    """``{marker as written: speaker}`` for one article (speakers.csv + hosts + aliases)."""
    sp = corpus.speakers()
    names = {}
    for _, r in sp.iterrows():
        arts = [a.strip() for a in r.articles.split(";")]
        if article_id in arts and r.speaker != NARRATOR:
            names[r.speaker] = r.speaker
    if article_id in HOSTS:
        names["问"] = HOSTS[article_id]
        names["主持人"] = HOSTS[article_id]
    for alias, speaker in ALIASES.items():
        if speaker in names:
            names[alias] = speaker
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
    start = tables.find_quote(quote, text)
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


# --------------------------------------------------------------------------- jieba


@lru_cache(maxsize=1)
def tokenizer():
    """jieba's default tokenizer, configured once: project cache, quiet log, user dictionary."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    paths.JIEBA_CACHE.mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(paths.JIEBA_CACHE)
    jieba.dt.cache_file = "jieba.cache"
    jieba.dt.initialize()
    # a snapshot of jieba's own dictionary before ours is added (see plain_tokenizer)
    _PLAIN["freq"], _PLAIN["total"] = dict(jieba.dt.FREQ), jieba.dt.total
    jieba.load_userdict(str(paths.track(USERDICT)))
    return jieba.dt


_PLAIN: dict = {}


@lru_cache(maxsize=1)
def plain_tokenizer():
    """A second jieba tokenizer *without* the user dictionary, to show what the dictionary changes.

    It reuses the snapshot of jieba's dictionary taken before the user dictionary was loaded,
    instead of loading the dictionary a second time."""
    import jieba

    tokenizer()
    t = jieba.Tokenizer()
    t.FREQ, t.total, t.initialized = dict(_PLAIN["freq"]), _PLAIN["total"], True
    return t


def segment_plain(text: str) -> list[str]:
    """Like :func:`segment`, but with jieba's own dictionary only."""
    return [w for w, _, _ in plain_tokenizer().tokenize(text) if is_word(w)]


def is_word(token: str) -> bool:
    return bool(_WORDCHAR.search(token))


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """``(token, start, end)`` for every word token of ``text`` (punctuation and spaces dropped)."""
    return [(w, s, e) for w, s, e in tokenizer().tokenize(text) if is_word(w)]


def segment(text: str) -> list[str]:
    return [w for w, _, _ in tokenize(text)]


@lru_cache(maxsize=None)
def _article_tokens(article_id: str, text: str) -> pd.DataFrame:
    toks = tokenize(text)
    df = pd.DataFrame(toks, columns=["token", "start", "end"])
    tt = turns(article_id)
    idx = tt.start.searchsorted(df.start, side="right") - 1
    df["turn"] = tt.turn.to_numpy()[idx.clip(0)]
    df["speaker"] = tt.speaker.to_numpy()[idx.clip(0)]
    inside = df.start.to_numpy() < tt.end.to_numpy()[idx.clip(0)]  # a marker's name is in no turn
    df.insert(0, "article_id", article_id)
    return df[inside].reset_index(drop=True)


def tokens(article_id: str) -> pd.DataFrame:
    """Word tokens of one article: ``article_id, token, start, end, turn, speaker``.

    Speaker markers (``王坚:``) are not part of any turn, so their names are not counted.
    """
    return _article_tokens(article_id, corpus.clean_text(article_id)).copy()


def all_tokens() -> pd.DataFrame:
    return pd.concat([tokens(a) for a in corpus.articles().article_id], ignore_index=True)


# --------------------------------------------------------------------------- lexicon files


def read_wordlist(path: Path) -> list[str]:
    """One entry per line; ``#`` starts a comment; blank lines ignored."""
    path = paths.track(Path(path))
    if not path.exists():
        raise BaimoError(f"{paths.rel(path)}: file not found")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def stopwords(path: Path = STOPWORDS) -> set[str]:
    return set(read_wordlist(path))


def userdict_words(path: Path = USERDICT) -> list[str]:
    """The words of the jieba user dictionary (``word freq tag``; the word has no spaces)."""
    out = []
    for n, line in enumerate(read_wordlist(path), start=1):
        parts = line.split()
        if len(parts) > 3 or (len(parts) > 1 and not parts[1].isdigit()):
            raise BaimoError(f"{paths.rel(Path(path))}: entry {n} {line!r} is not 'word [freq] [tag]'")
        out.append(parts[0])
    return out


def frame_lexicon(path: Path = FRAMES) -> pd.DataFrame:
    """The frame lexicon, checked: known frames, one row per word."""
    df = corpus.read_table(Path(path), ["word", "frame", "note"])
    for i, r in df.iterrows():
        if r.frame not in tables.VOCAB["frame"]:
            raise BaimoError(f"{paths.rel(Path(path))} row {i + 2}, column frame: {r.frame!r} is not one of "
                             f"{', '.join(tables.VOCAB['frame'])}")
        if not r.word.strip() or r.word != r.word.strip():
            raise BaimoError(f"{paths.rel(Path(path))} row {i + 2}, column word: empty or padded word {r.word!r}")
    dup = df.word[df.word.duplicated()]
    if len(dup):
        raise BaimoError(f"{paths.rel(Path(path))}: word {dup.iloc[0]!r} listed twice (one frame per word)")
    return df


# --------------------------------------------------------------------------- counting


def count_frames(token_list, lexicon: dict[str, str]) -> Counter:
    """How many tokens of ``token_list`` belong to each frame (``lexicon``: word → frame)."""
    return Counter(lexicon[t] for t in token_list if t in lexicon)


def per_thousand(count: float, n_tokens: float) -> float:
    """A rate per 1,000 tokens (NaN when there are no tokens)."""
    return 1000.0 * count / n_tokens if n_tokens else float("nan")


def frame_hits(tok: pd.DataFrame, lexicon: pd.DataFrame) -> pd.DataFrame:
    """The tokens of ``tok`` that are lexicon words, with their frame."""
    lex = dict(zip(lexicon.word, lexicon.frame))
    hits = tok[tok.token.isin(lex)].copy()
    hits["frame"] = hits.token.map(lex)
    return hits


def frame_rates(tok: pd.DataFrame, lexicon: pd.DataFrame, by: list[str] | str = "article_id",
                frames: list[str] | None = None) -> pd.DataFrame:
    """Frame hits per 1,000 tokens for each group of ``by``; also ``tokens`` (the denominator)."""
    by = [by] if isinstance(by, str) else list(by)
    frames = frames or tables.VOCAB["frame"]
    n = tok.groupby(by, sort=False).size().rename("tokens")
    hits = frame_hits(tok, lexicon).groupby(by + ["frame"], sort=False).size().unstack("frame")
    hits = hits.reindex(index=n.index, columns=frames).fillna(0)
    rates = hits.div(n, axis=0) * 1000.0
    rates["tokens"] = n
    return rates


# --------------------------------------------------------------------------- top terms


def term_counts(docs: dict[str, list[str]], stop: set[str] | None = None, min_len: int = 2) -> pd.DataFrame:
    """Term × document counts, dropping stop words and terms shorter than ``min_len`` characters."""
    stop = stop or set()
    data = {d: Counter(t for t in toks if len(t) >= min_len and t not in stop and not t.isdigit())
            for d, toks in docs.items()}
    return pd.DataFrame(data).fillna(0).astype(int)


def tfidf(counts: pd.DataFrame) -> pd.DataFrame:
    """TF-IDF of a term × document count table: (count / document total) × ln(N / df).

    ``N`` is the number of documents and ``df`` the number of documents containing the term, so
    a term found in every document scores 0: the score picks out what is *distinctive* of a text.
    """
    n_docs = counts.shape[1]
    df = (counts > 0).sum(axis=1)
    idf = (n_docs / df).map(math.log)
    tf = counts / counts.sum(axis=0)
    return tf.mul(idf, axis=0)


def top_terms(scores: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Long table ``doc, rank, term, score`` of the ``n`` highest-scoring terms per document.

    Ties are broken alphabetically so the result is reproducible.
    """
    rows = []
    for doc in scores.columns:
        s = scores[doc][scores[doc] > 0]
        s = s.sort_index().sort_values(ascending=False, kind="stable").head(n)
        for rank, (term, val) in enumerate(s.items(), start=1):
            rows.append({"doc": doc, "rank": rank, "term": term, "score": val})
    return pd.DataFrame(rows, columns=["doc", "rank", "term", "score"])


def article_term_counts() -> pd.DataFrame:
    """Term × article counts for the whole corpus (stop words and 1-character tokens dropped)."""
    docs = {a: tokens(a).token.tolist() for a in corpus.articles().article_id}
    return term_counts(docs, stopwords())


# --------------------------------------------------------------------------- KWIC


def kwic_text(text: str, toks: list[tuple[str, int, int]], keywords, width: int = 15) -> pd.DataFrame:
    """Keyword in context: each token of ``toks`` equal to a keyword, with ``width`` characters either side.

    Matching is by whole token (so 卷 does not match inside 席卷), the context is cut from ``text``
    and newlines in it are shown as ``⏎``.
    """
    keywords = [keywords] if isinstance(keywords, str) else list(keywords)
    wanted = set(keywords)
    rows = []
    for w, s, e in toks:
        if w in wanted:
            rows.append({"start": s, "left": text[max(0, s - width):s].replace("\n", "⏎"), "keyword": w,
                         "right": text[e:e + width].replace("\n", "⏎")})
    return pd.DataFrame(rows, columns=["start", "left", "keyword", "right"])


def kwic(keywords, article_ids=None, width: int = 15) -> pd.DataFrame:
    """KWIC table over articles: ``article_id, speaker, start, left, keyword, right``."""
    article_ids = list(corpus.articles().article_id) if article_ids is None else list(article_ids)
    parts = []
    for a in article_ids:
        text = corpus.clean_text(a)
        tok = tokens(a)
        k = kwic_text(text, list(zip(tok.token, tok.start, tok.end)), keywords, width)
        k = k.merge(tok[["start", "speaker"]], on="start", how="left")
        k.insert(0, "article_id", a)
        parts.append(k)
    out = pd.concat(parts, ignore_index=True)
    return out[["article_id", "speaker", "start", "left", "keyword", "right"]]


# --------------------------------------------------------------------------- passages


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


def label_units(units: pd.DataFrame, spans: pd.DataFrame, label: str = "frame") -> pd.Series:
    """For each unit (``article_id, start, end``), the set of ``label`` values of spans overlapping it.

    ``spans`` has ``article_id, start, end`` and the ``label`` column (e.g. a framing row's quote
    span and frame, or a lexicon hit and its frame).
    """
    out = []
    by_art = {a: (g.start.to_numpy(), g.end.to_numpy(), g[label].to_numpy())
              for a, g in spans.groupby("article_id")}
    for a, s, e in zip(units.article_id, units.start, units.end):
        if a not in by_art:
            out.append(frozenset())
            continue
        st, en, lab = by_art[a]
        out.append(frozenset(lab[(st < e) & (en > s)]))
    return pd.Series(out, index=units.index)


# --------------------------------------------------------------------------- agreement


def confusion(gold, pred) -> dict[str, int]:
    """2×2 counts for binary ``gold`` (hand coding) vs ``pred`` (lexicon): tp, fp, fn, tn."""
    gold, pred = [bool(x) for x in gold], [bool(x) for x in pred]
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum((not g) and p for g, p in zip(gold, pred))
    fn = sum(g and (not p) for g, p in zip(gold, pred))
    return {"tp": tp, "fp": fp, "fn": fn, "tn": len(gold) - tp - fp - fn}


def precision_recall(gold, pred) -> dict[str, float]:
    """Precision = tp/(tp+fp), recall = tp/(tp+fn), F1 their harmonic mean (NaN when undefined)."""
    c = confusion(gold, pred)
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else float("nan")
    f = 2 * p * r / (p + r) if (p + r) and not (math.isnan(p) or math.isnan(r)) else float("nan")
    return {"precision": p, "recall": r, "f1": f}


def cohen_kappa(a, b) -> float:
    """Cohen's κ for two codings of the same items (any hashable categories).

    κ = (p_o − p_e) / (1 − p_e), p_o = share of items coded alike, p_e = Σ_k p_a(k) p_b(k).
    Returns NaN when p_e = 1 (both coders used a single, identical category throughout).
    """
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError("the two codings differ in length")
    if not a:
        return float("nan")
    n = len(a)
    p_o = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    p_e = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return float("nan") if p_e == 1 else (p_o - p_e) / (1 - p_e)


def agreement_table(gold: pd.Series, pred: pd.Series, labels: list[str]) -> pd.DataFrame:
    """Per label: units, hand-coded, lexicon, both, precision, recall, κ (binary, label vs not).

    ``gold`` and ``pred`` hold one set of labels per unit. A final row ``all (pooled)`` pools
    every (unit, label) pair.
    """
    rows = []
    g_all, p_all = [], []
    for lab in labels:
        g = [lab in s for s in gold]
        p = [lab in s for s in pred]
        g_all += g
        p_all += p
        c = confusion(g, p)
        rows.append({"frame": lab, "units": len(g), "hand_coded": c["tp"] + c["fn"], "lexicon": c["tp"] + c["fp"],
                     "both": c["tp"], **precision_recall(g, p), "kappa": cohen_kappa(g, p)})
    c = confusion(g_all, p_all)
    rows.append({"frame": "all (pooled)", "units": len(g_all), "hand_coded": c["tp"] + c["fn"],
                 "lexicon": c["tp"] + c["fp"], "both": c["tp"], **precision_recall(g_all, p_all),
                 "kappa": cohen_kappa(g_all, p_all)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- lexicon vs hand coding


def frame_units(framing: pd.DataFrame, unit: str = "sentence") -> pd.DataFrame:
    """Passages (sentences or turns) with the frames the hand coding and the lexicon give them.

    A passage is *hand-coded* with a frame when the quote of a ``framing.csv`` row with that
    frame overlaps it; the *lexicon* gives it a frame when one of its tokens is a lexicon word of
    that frame. Columns added: ``hand``, ``lexicon`` (sets of frames), ``claims`` (claim_ids)
    and ``words`` (lexicon words found).
    """
    if unit == "sentence":
        units = all_sentences()
    elif unit == "turn":
        units = all_turns()
    else:
        raise BaimoError(f"unit must be 'sentence' or 'turn', not {unit!r}")
    spans = claim_spans(framing)
    hits = frame_hits(all_tokens(), frame_lexicon())
    units = units.reset_index(drop=True)
    units["hand"] = label_units(units, spans, "frame")
    units["lexicon"] = label_units(units, hits, "frame")
    units["claims"] = label_units(units, spans, "claim_id").map(lambda s: ", ".join(sorted(s)))
    units["words"] = label_units(units, hits, "token").map(lambda s: "、".join(sorted(s)))
    return units


def mismatches(units: pd.DataFrame, labels: list[str], kind: str = "missed") -> pd.DataFrame:
    """Unit × label pairs where the lexicon and the hand coding disagree.

    ``kind = "missed"``: hand-coded but not found by the lexicon (false negatives);
    ``kind = "extra"``: found by the lexicon but not hand-coded (false positives).
    Returns ``frame, article_id, speaker, claims, words, text``, one row per pair.
    """
    if kind not in ("missed", "extra"):
        raise ValueError("kind must be 'missed' or 'extra'")
    parts = []
    for lab in labels:
        g = units.hand.map(lambda s, lab=lab: lab in s)
        p = units.lexicon.map(lambda s, lab=lab: lab in s)
        sel = (g & ~p) if kind == "missed" else (~g & p)
        parts.append(units[sel].assign(frame=lab))
    cols = ["frame", "article_id", "speaker", "claims", "words", "text"]
    return pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)


# --------------------------------------------------------------------------- tables and charts for notebook 04


def speaker_order(df: pd.DataFrame, position: str = "quote_offset") -> list[str]:
    """Speakers in the order they first appear: by article date, then by ``position`` in the text."""
    start = corpus.date_spans().set_index("article_id").start
    d = df.assign(_date=df.article_id.map(start))
    sort = ["_date", position] if position in d else ["_date"]
    return list(pd.unique(d.sort_values(sort, kind="stable").speaker))


def by_speaker(df: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Rows of ``df`` grouped by speaker in ``order`` (text order kept within a speaker)."""
    rank = {s: i for i, s in enumerate(order)}
    return df.assign(_r=df.speaker.map(rank)).sort_values("_r", kind="stable").drop(columns="_r")


def bilingual(speakers) -> list[str]:
    return [corpus.speaker_label(s) for s in speakers]


FRAME_LABELS = {
    "competition": "competition\n竞争",
    "selection": "selection\n淘汰",
    "bubble": "bubble\n泡沫",
    "market": "market\n市场",
    "ecosystem": "ecosystem\n生态",
    "national": "national\n中美",
    "progress": "progress\n进程",
}
OUTCOME_LABELS = {
    "consolidation": "consolidation 收敛",
    "few_winners": "a few winners 少数赢家",
    "elimination": "elimination 淘汰",
    "coexistence": "coexistence 共存",
}
DOMAIN_LABELS = {
    "war": "war\n战争",
    "sport": "sport, games\n比赛",
    "exam": "exam\n考试",
    "gold_rush": "gold rush\n淘金",
    "market": "market\n市场",
    "biology": "biology\n生物",
    "industry_analogy": "other industries\n行业类比",
    "none": "no domain coded\n(idioms, slang) 其他",
}


def count_heatmap(ax, counts: pd.DataFrame, row_labels=None, col_labels=None, cbar_label: str = "",
                  fmt: str = "d", cmap: str = "Blues") -> None:
    """Sequential heatmap of counts or rates, zeros left blank."""
    import seaborn as sns

    annot = counts.map(lambda v: "" if v == 0 or pd.isna(v) else format(v, fmt))
    sns.heatmap(counts, annot=annot, fmt="", cmap=cmap, linewidths=1.5, linecolor="white", ax=ax,
                annot_kws={"fontsize": 11}, cbar_kws={"label": cbar_label}, vmin=0)
    ax.grid(False)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xticklabels(col_labels or [FRAME_LABELS.get(c, c) for c in counts.columns], rotation=0, fontsize=11)
    ax.set_yticklabels(row_labels or list(counts.index), rotation=0, fontsize=12)
    ax.tick_params(axis="both", length=0)


def draw_outcomes(ax, fr: pd.DataFrame, order: list[str], own_only: bool = True) -> None:
    """Stacked horizontal bars: each speaker's coded predicted outcomes (rows with an outcome only).

    With ``own_only`` (the default) views a speaker only reports — often to reject them — are left out.
    """
    from . import plotting

    o = fr[(fr.predicted_outcome != "none") & ((fr.attribution == "own") | (not own_only))]
    tab = pd.crosstab(o.speaker, o.predicted_outcome).reindex(
        index=[s for s in order if s in set(o.speaker)], columns=list(OUTCOME_LABELS), fill_value=0)
    left = pd.Series(0, index=tab.index)
    y = range(len(tab))[::-1]
    colours = dict(zip(OUTCOME_LABELS, [plotting.OKABE_ITO[i] for i in (0, 1, 3, 2)]))
    for outcome in tab.columns:
        ax.barh(list(y), tab[outcome], left=left, color=colours[outcome], label=OUTCOME_LABELS[outcome],
                edgecolor="white", height=0.7)
        for yi, (l, v) in zip(y, zip(left, tab[outcome])):
            if v:
                ax.text(l + v / 2, yi, str(v), ha="center", va="center", fontsize=11,
                        color="white" if outcome in ("consolidation", "coexistence") else "black")
        left = left + tab[outcome]
    ax.set_yticks(list(y), bilingual(tab.index))
    ax.set_xlabel("coded passages predicting the outcome · 预测结局的段落数")
    ax.legend(loc="lower right", frameon=True, framealpha=0.95)
    ax.grid(axis="y", visible=False)


def short_word(word: str, max_chars: int = 7) -> str:
    """A metaphor shortened for a chart cell: parenthesised glosses dropped, cut to ``max_chars`` with …"""
    w = re.sub(r"[(（][^)）]*[)）]", "", word).strip() or word.strip()
    limit = max_chars * 2 if w.isascii() else max_chars  # Latin letters are half as wide
    return w if len(w) <= limit else w[: limit - 1] + "…"


def metaphor_grid(fr: pd.DataFrame, order: list[str], max_words: int = 3) -> pd.DataFrame:
    """Speaker × source domain: the metaphor words each speaker uses (first word of each row's metaphor).

    Each row's ``metaphor`` may list several words (``;`` or ``、``); the first stands for the row.
    Rows with metaphor words but ``source_domain = none`` (卷, 风口, 洗牌: images no domain value
    fits) form the last column. Cells show at most ``max_words`` distinct words, then "+n more"
    (the quote table has them all).
    """
    m = fr[fr.metaphor != ""].copy()
    m["word"] = m.metaphor.str.split(r"[;；、]").str[0].map(short_word)
    cells = {}
    for (spk, dom), g in m.groupby(["speaker", "source_domain"]):
        words = list(dict.fromkeys(g.word))
        more = len(words) - max_words
        cells[(spk, dom)] = "\n".join(words[:max_words] + ([f"+{more} more"] if more > 0 else []))
    rows = [s for s in order if s in set(m.speaker)]
    cols = [d for d in DOMAIN_LABELS if d in set(m.source_domain)]
    return pd.DataFrame([[cells.get((r, c), "") for c in cols] for r in rows], index=rows, columns=cols)


def draw_metaphor_grid(ax, grid: pd.DataFrame) -> None:
    """A text grid: rows speakers, columns source domains, cells the metaphor words (shaded if any)."""
    from matplotlib.patches import Rectangle

    n_r, n_c = grid.shape
    for i, r in enumerate(grid.index):
        for j, c in enumerate(grid.columns):
            txt = grid.loc[r, c]
            y = n_r - 1 - i
            if txt:
                ax.add_patch(Rectangle((j - 0.48, y - 0.46), 0.96, 0.92, color="#dceaf5", lw=0))
                lines = txt.count("\n") + 1
                ax.text(j, y, txt, ha="center", va="center", fontsize=12 if lines < 4 else 11, linespacing=1.2)
    ax.set_xlim(-0.5, n_c - 0.5)
    ax.set_ylim(-0.5, n_r - 0.5)
    ax.set_xticks(range(n_c), [DOMAIN_LABELS[c] for c in grid.columns], fontsize=11)
    ax.xaxis.tick_top()
    ax.set_yticks(range(n_r), bilingual(grid.index)[::-1], fontsize=12)
    ax.grid(False)
    for j in range(n_c + 1):
        ax.axvline(j - 0.5, color="white", lw=2)
    ax.tick_params(axis="both", length=0)


def draw_top_terms(axes, top: pd.DataFrame, docs: list[str], colours=None) -> None:
    """Small multiples: one horizontal bar chart of top terms per document."""
    from matplotlib.ticker import FormatStrFormatter, MaxNLocator

    from . import plotting

    for k, (ax, doc) in enumerate(zip(axes, docs)):
        g = top[top.doc == doc].sort_values("rank")
        ax.barh(range(len(g))[::-1], g.score, color=(colours or plotting.OKABE_ITO)[k % 8], height=0.7)
        ax.set_yticks(range(len(g))[::-1], g.term, fontsize=12)
        ax.set_title(doc, fontsize=14)
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="x", labelsize=10)
        ax.xaxis.set_major_locator(MaxNLocator(2))
        ax.xaxis.set_major_formatter(FormatStrFormatter("%.3f"))


def lexicon_word_counts(tok: pd.DataFrame, lexicon: pd.DataFrame, by: str = "article_id") -> pd.DataFrame:
    """Which lexicon words produced the counts: frame, word, then one column per group of ``by``."""
    hits = frame_hits(tok, lexicon)
    t = hits.groupby(["frame", "token", by]).size().unstack(by, fill_value=0)
    t["total"] = t.sum(axis=1)
    t = t.reset_index().rename(columns={"token": "word"})
    t["frame"] = pd.Categorical(t.frame, tables.VOCAB["frame"], ordered=True)
    return t.sort_values(["frame", "total"], ascending=[True, False]).reset_index(drop=True)


def draw_agreement(ax, table: pd.DataFrame) -> None:
    """Grouped bars: precision, recall and κ per frame (and pooled)."""
    from . import plotting
    import numpy as np

    t = table.set_index("frame")
    metrics = [("precision", "precision 精确率"), ("recall", "recall 召回率"), ("kappa", "Cohen's κ")]
    x = np.arange(len(t))
    w = 0.26
    for k, (m, lab) in enumerate(metrics):
        bars = ax.bar(x + (k - 1) * w, t[m], width=w, label=lab, color=plotting.OKABE_ITO[[0, 1, 2][k]])
        ax.bar_label(bars, fmt="{:.2f}", fontsize=10, padding=2)
    ax.set_xticks(x, [FRAME_LABELS.get(f, f.replace(" (", "\n(")) + f"\n{n} coded" for f, n in
                      zip(t.index, t.hand_coded)], fontsize=11)
    ax.set_ylim(0, 1.08)
    ax.set_ylabel("agreement with the hand coding")
    ax.legend(loc="upper right", ncols=3, frameon=False)
    ax.grid(axis="x", visible=False)
