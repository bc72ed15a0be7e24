"""The text-mining lexicon (``data/lexicon/``; see its README): the jieba user dictionary, the
stop words, the frame lexicon (``word, frame, note``: one frame per word, frames from the
``frame`` vocabulary of ``framing.csv``) and the English glosses of the terms the charts show
(``term, gloss_en, kind``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import BaimoError
from ..core import codebook, paths
from ..core.files import read_csv, read_wordlist

USERDICT = paths.LEXICON / "userdict.txt"
STOPWORDS = paths.LEXICON / "stopwords.txt"
FRAMES = paths.LEXICON / "frames.csv"
GLOSSES = paths.LEXICON / "glosses.csv"
#: ``word``: glossed wherever it is shown; ``name``: a person, or a speaker's own organisation
#: (glossed, and left out of top-term lists).
GLOSS_KINDS = ("word", "name")


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
    df = read_csv(Path(path), ["word", "frame", "note"])
    for i, r in df.iterrows():
        if r.frame not in codebook.VOCAB["frame"]:
            raise BaimoError(f"{paths.rel(Path(path))} row {i + 2}, column frame: {r.frame!r} is not one of "
                             f"{', '.join(codebook.VOCAB['frame'])}")
        if not r.word.strip() or r.word != r.word.strip():
            raise BaimoError(f"{paths.rel(Path(path))} row {i + 2}, column word: empty or padded word {r.word!r}")
    dup = df.word[df.word.duplicated()]
    if len(dup):
        raise BaimoError(f"{paths.rel(Path(path))}: word {dup.iloc[0]!r} listed twice (one frame per word)")
    return df


def glosses(path: Path = GLOSSES) -> pd.DataFrame:
    """The English glosses (``term, gloss_en, kind``), checked: each term once, unpadded, with a
    gloss, and ``kind`` one of :data:`GLOSS_KINDS`."""
    df = read_csv(Path(path), ["term", "gloss_en", "kind"])
    name = paths.rel(Path(path))
    for i, r in df.iterrows():
        if not r.term.strip() or r.term != r.term.strip():
            raise BaimoError(f"{name} row {i + 2}, column term: empty or padded term {r.term!r}")
        if not r.gloss_en.strip():
            raise BaimoError(f"{name} row {i + 2}, column gloss_en: no gloss for {r.term!r}")
        if r.kind not in GLOSS_KINDS:
            raise BaimoError(f"{name} row {i + 2}, column kind: {r.kind!r} is not one of {', '.join(GLOSS_KINDS)}")
    dup = df.term[df.term.duplicated()]
    if len(dup):
        raise BaimoError(f"{name}: term {dup.iloc[0]!r} listed twice")
    return df
