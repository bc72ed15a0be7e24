"""Word tokens of the cleaned texts (jieba), and what is counted from them: top terms and KWIC.

A token is a jieba token containing at least one letter, digit or Han character (punctuation,
markdown ``*`` and whitespace are dropped). jieba runs with the project's user dictionary
(:mod:`baimo.data.lexicon`), so 大模型, 百模大战, GPT-4, 零一万物 and the speakers' names come out
as single tokens; :func:`segment_plain` shows what jieba does without it. Each token carries the
speaker turn it falls in (:mod:`baimo.text.turns`); speaker markers belong to no turn, so their
names are not counted.

Top terms drop stop words and one-character tokens and score terms by TF-IDF (:func:`tfidf`).
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from functools import lru_cache

import pandas as pd

from ..core import paths
from ..data import corpus, lexicon
from .turns import _WORDCHAR, turns


# --------------------------------------------------------------------------- jieba


@lru_cache(maxsize=1)
def tokenizer():
    """jieba's default tokenizer, configured once: project cache, quiet log, user dictionary."""
    import warnings

    with warnings.catch_warnings():  # jieba imports pkg_resources, which some setuptools releases deprecate noisily
        warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
        import jieba

    jieba.setLogLevel(logging.WARNING)
    paths.JIEBA_CACHE.mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(paths.JIEBA_CACHE)
    jieba.dt.cache_file = "jieba.cache"
    jieba.dt.initialize()
    # a snapshot of jieba's own dictionary before ours is added (see plain_tokenizer)
    _PLAIN["freq"], _PLAIN["total"] = dict(jieba.dt.FREQ), jieba.dt.total
    jieba.load_userdict(str(paths.track(lexicon.USERDICT)))
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
    return term_counts(docs, lexicon.stopwords())


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
