"""Framing the 百模大战 (``data/claims/framing.csv``): analyses behind notebook 04.

* who frames the race how: speakers in order of appearance (:func:`speaker_order`), the claims
  behind each cell of a cross-tabulation (:func:`cell_claims`), predicted outcomes per speaker
  (:func:`outcome_rows`, :func:`outcome_counts`);
* English glosses (``data/lexicon/glosses.csv``): the metaphor table (:func:`metaphor_pieces`,
  :func:`gloss_terms`, :func:`metaphor_table`, :func:`domain_words`) and each article's distinctive
  terms without names (:func:`distinctive_terms`);
* the frame lexicon in the texts: hits and rates per 1,000 tokens (:func:`frame_hits`,
  :func:`frame_counts`, :func:`frame_rates`; stop words *included* in the denominator), and which
  words produced them (:func:`lexicon_word_counts`);
* the lexicon against the hand coding: passages (sentences or turns) labelled by each
  (:func:`frame_units`), and where they disagree (:func:`mismatches`).
"""

from __future__ import annotations

import re

import pandas as pd

from .. import BaimoError
from ..core import codebook
from ..data import corpus, lexicon
from ..text import tokens as tokens_
from ..text import turns as turns_

#: The outcomes a speaker can predict (``none`` is not an outcome).
OUTCOMES = [o for o in codebook.VOCAB["predicted_outcome"] if o != "none"]


# --------------------------------------------------------------------------- who frames how


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


def outcome_counts(fr: pd.DataFrame, order: list[str], own_only: bool = True) -> pd.DataFrame:
    """Speaker × predicted outcome: how many coded passages predict each outcome (rows with an
    outcome only; speakers in ``order``). With ``own_only`` (the default) views a speaker only
    reports — often to reject them — are left out."""
    o = outcome_rows(fr, order, own_only)
    return pd.crosstab(o.speaker, o.predicted_outcome).reindex(
        index=list(pd.unique(o.speaker)), columns=OUTCOMES, fill_value=0)


def outcome_rows(fr: pd.DataFrame, order: list[str], own_only: bool = True) -> pd.DataFrame:
    """The passages that predict an outcome, speakers in ``order`` (text order within a speaker),
    with ``names_winner``: whether the passage says who wins. With ``own_only`` (the default)
    views a speaker only reports are left out."""
    o = fr[(fr.predicted_outcome != "none") & ((fr.attribution == "own") | (not own_only))]
    o = by_speaker(o[o.speaker.isin(order)], order)
    return o.assign(names_winner=o.winner.str.strip() != "").reset_index(drop=True)


def cell_claims(fr: pd.DataFrame, row: str = "speaker", col: str = "frame") -> dict[tuple[str, str], list[str]]:
    """``{(row value, column value): [claim ids, in table order]}``: the claims behind each cell of a
    cross-tabulation (so that a chart cell can link to them)."""
    return {k: list(g.claim_id) for k, g in fr.groupby([row, col], sort=False)}


# --------------------------------------------------------------------------- glosses


def metaphor_pieces(metaphor: str) -> list[str]:
    """The words of a ``metaphor`` cell: split at ``;`` ``；`` ``、``, parenthesised glosses and
    quotation marks dropped (``"商品(commodity)"`` → ``["商品"]``, ``"“头号”玩家"`` → ``["头号玩家"]``)."""
    out = []
    for part in re.split(r"[;；、]", metaphor):
        w = re.sub(r"[(（][^)）]*[)）]", "", part)
        w = re.sub(r"[“”\"‘’「」]", "", w).strip()
        if w:
            out.append(w)
    return out


def gloss_terms(terms, glosses: pd.DataFrame) -> list[str]:
    """The English gloss of each term (``glosses``: :func:`baimo.data.lexicon.glosses`); a term that
    is all ASCII (``AI``, ``commodity``) may gloss itself. Raises naming every term without a gloss."""
    g = dict(zip(glosses.term, glosses.gloss_en))
    terms = list(terms)
    missing = [t for t in dict.fromkeys(terms) if t not in g and not t.isascii()]
    if missing:
        raise BaimoError(f"data/lexicon/glosses.csv has no gloss for {len(missing)} term(s): {'、'.join(missing)}")
    return [g.get(t, t) for t in terms]


def metaphor_table(fr: pd.DataFrame, order: list[str], glosses: pd.DataFrame) -> pd.DataFrame:
    """Every passage with metaphor words: ``source_domain, metaphor, metaphor_en, speaker, quote,
    quote_en, claim_id``, by source domain (codebook order, ``none`` last), then speaker in ``order``."""
    m = by_speaker(fr[fr.metaphor.str.strip() != ""], order)
    m = m.assign(metaphor_en=["; ".join(gloss_terms(metaphor_pieces(x), glosses)) for x in m.metaphor],
                 _d=m.source_domain.map({d: i for i, d in enumerate(codebook.VOCAB["source_domain"])}))
    m = m.sort_values("_d", kind="stable")
    cols = ["source_domain", "metaphor", "metaphor_en", "speaker", "quote", "quote_en", "claim_id"]
    return m[cols].reset_index(drop=True)


def domain_words(meta: pd.DataFrame, glosses: pd.DataFrame, n: int = 4) -> dict[str, list[str]]:
    """``{source domain: ["卷 'involution'", …]}``: the first ``n`` distinct metaphor words of each domain
    in :func:`metaphor_table` (its order), each with its English gloss; domains in the table's order."""
    out: dict[str, list[str]] = {}
    for d, g in meta.groupby("source_domain", sort=False):
        words = list(dict.fromkeys(w for m in g.metaphor for w in metaphor_pieces(m)))[:n]
        out[d] = [w if w == e else f"{w} '{e}'" for w, e in zip(words, gloss_terms(words, glosses))]
    return out


def distinctive_terms(scores: pd.DataFrame, glosses: pd.DataFrame, exclude, n: int = 10) -> pd.DataFrame:
    """The ``n`` top-scoring terms per document (``doc, rank, term, score, gloss``) after dropping
    the terms in ``exclude`` (names), each with its English gloss (raises if one has none)."""
    keep = scores.loc[[t for t in scores.index if t not in set(exclude)]]
    top = tokens_.top_terms(keep, n)
    return top.assign(gloss=gloss_terms(top.term, glosses))


# --------------------------------------------------------------------------- lexicon counts


#: Rates are lexicon hits per this many tokens.
PER = 1000


def frame_hits(tok: pd.DataFrame, lex: pd.DataFrame) -> pd.DataFrame:
    """The tokens of ``tok`` that are lexicon words, with their frame."""
    frame_of = dict(zip(lex.word, lex.frame))
    hits = tok[tok.token.isin(frame_of)].copy()
    hits["frame"] = hits.token.map(frame_of)
    return hits


def frame_counts(tok: pd.DataFrame, lex: pd.DataFrame, by: list[str] | str = "article_id",
                 frames: list[str] | None = None) -> pd.DataFrame:
    """Frame hits (whole-token lexicon words) for each group of ``by``; also ``tokens``."""
    by = [by] if isinstance(by, str) else list(by)
    frames = frames or codebook.VOCAB["frame"]
    n = tok.groupby(by, sort=False).size().rename("tokens")
    hits = frame_hits(tok, lex).groupby(by + ["frame"], sort=False).size().unstack("frame")
    hits = hits.reindex(index=n.index, columns=frames).fillna(0).astype(int)
    hits["tokens"] = n
    return hits


def frame_rates(tok: pd.DataFrame, lex: pd.DataFrame, by: list[str] | str = "article_id",
                frames: list[str] | None = None) -> pd.DataFrame:
    """Frame hits per :data:`PER` (1,000) tokens for each group of ``by``; also ``tokens`` (the denominator)."""
    counts = frame_counts(tok, lex, by, frames)
    rates = counts.drop(columns="tokens").div(counts.tokens, axis=0) * PER
    rates["tokens"] = counts.tokens
    return rates


def peaks_in_words(rates: pd.DataFrame, frames: list[str], label=str) -> str:
    """``selection words are densest in kaifu (8.8 per 1,000 tokens), market words in wangjian (14.2)``:
    for each of ``frames``, the group of :func:`frame_rates` (named through ``label``) with the highest rate."""
    return ", ".join(f"{codebook.FRAME.term(f).en} words {'are densest ' if i == 0 else ''}in "
                     f"{label(rates[f].idxmax())} ({rates[f].max():.1f}{f' per {PER:,} tokens' if i == 0 else ''})"
                     for i, f in enumerate(frames))


def lexicon_word_counts(tok: pd.DataFrame, lex: pd.DataFrame, by: str = "article_id") -> pd.DataFrame:
    """Which lexicon words produced the counts: frame, word, then one column per group of ``by``."""
    hits = frame_hits(tok, lex)
    t = hits.groupby(["frame", "token", by]).size().unstack(by, fill_value=0)
    t["total"] = t.sum(axis=1)
    t = t.reset_index().rename(columns={"token": "word"})
    t["frame"] = pd.Categorical(t.frame, codebook.VOCAB["frame"], ordered=True)
    return t.sort_values(["frame", "total"], ascending=[True, False]).reset_index(drop=True)


# --------------------------------------------------------------------------- lexicon vs hand coding


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


def frame_units(framing: pd.DataFrame, unit: str = "sentence") -> pd.DataFrame:
    """Passages (sentences or turns) with the frames the hand coding and the lexicon give them.

    A passage is *hand-coded* with a frame when the quote of a ``framing.csv`` row with that
    frame overlaps it; the *lexicon* gives it a frame when one of its tokens is a lexicon word of
    that frame. Columns added: ``hand``, ``lexicon`` (sets of frames), ``claims`` (claim_ids)
    and ``words`` (lexicon words found).
    """
    if unit == "sentence":
        units = turns_.all_sentences()
    elif unit == "turn":
        units = turns_.all_turns()
    else:
        raise BaimoError(f"unit must be 'sentence' or 'turn', not {unit!r}")
    spans = turns_.claim_spans(framing)
    hits = frame_hits(tokens_.all_tokens(), lexicon.frame_lexicon())
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
