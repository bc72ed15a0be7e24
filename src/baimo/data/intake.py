"""Bringing a new article in (``baimo new-article``): a data-only change, no code.

:func:`add_article` writes everything an article needs before its claims are coded:

* the raw file, byte for byte, into ``data/raw/articles/``, with its SHA-256 appended to
  ``data/raw/SHA256SUMS`` (raw data is immutable from then on);
* its row in ``data/articles.csv`` (the only list of articles: every page, chart link, search record
  and download takes its articles from there);
* its speakers in ``data/speakers.csv`` (new rows, or the article added to a known speaker's
  ``articles``; the narrator ``文章作者`` speaks in every article);
* its cleaned text, ``data/processed/clean/<id>.txt``, made by the cleaning code.

Then it lists the *cleaning stubs*: lines of the cleaned text that look like page chrome (short,
unpunctuated, repeated) and so may belong in ``data/cleaning/chrome.csv``, for a person to decide.
Nothing is half-written: every input is checked first, and a failure leaves the files as they were.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import BaimoError
from ..core import paths
from ..core.files import read_csv
from . import cleaning, corpus

ID = re.compile(r"[a-z][a-z0-9]{1,15}")


@dataclass
class Speaker:
    name: str  # as named in the article: 王小川
    name_en: str = ""
    role: str = ""
    affiliation: str = ""


@dataclass
class Article:
    article_id: str
    raw: Path
    title_zh: str
    title_en: str
    outlet: str
    kind: str
    date: str
    date_precision: str = "day"
    date_note: str = ""
    script: str = "simplified"
    host: str = ""
    speakers: list[Speaker] = field(default_factory=list)


def _problems(a: Article) -> list[str]:
    out = []
    if not ID.fullmatch(a.article_id):
        out.append(f"article id {a.article_id!r}: 2–16 lower-case letters and digits, starting with a letter")
    if a.article_id in set(corpus.articles().article_id):
        out.append(f"article id {a.article_id!r} is already in {paths.rel(paths.ARTICLES_TABLE)}")
    if not a.raw.is_file():
        out.append(f"{a.raw}: no such file")
    elif (paths.RAW_ARTICLES / a.raw.name).exists():
        out.append(f"{paths.rel(paths.RAW_ARTICLES / a.raw.name)} exists already: rename the new raw file")
    else:
        try:
            a.raw.read_bytes().decode("utf-8")
        except UnicodeDecodeError as e:
            out.append(f"{a.raw}: not UTF-8 (byte {e.start}); convert it first (the raw copy must be the text read)")
    if not a.speakers:
        out.append("name at least one speaker (--speaker NAME)")
    host_names = {s.name for s in a.speakers} | set(corpus.speakers().speaker)
    if a.host and a.host not in host_names:
        out.append(f"host {a.host!r} is neither a new speaker nor in {paths.rel(paths.SPEAKERS_TABLE)}")
    return out


def _csv_line(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(values)
    return out.getvalue()


def _speaker_rows(a: Article) -> str:
    """``data/speakers.csv`` rewritten: new speakers appended, the article added to known ones."""
    df = read_csv(paths.SPEAKERS_TABLE)
    known = set(df.speaker)
    for s in a.speakers + [Speaker(corpus.NARRATOR)]:
        if s.name in known:
            i = df.index[df.speaker == s.name][0]
            arts = [x.strip() for x in df.at[i, "articles"].split(";") if x.strip()]
            df.at[i, "articles"] = "; ".join(arts + [a.article_id])
        else:
            missing = [k for k in ("name_en", "role", "affiliation") if not getattr(s, k)]
            if missing:
                raise BaimoError(f"new speaker {s.name!r} needs {', '.join(missing)} (--speaker NAME:EN:ROLE:AFFILIATION)")
            df.loc[len(df)] = {"speaker": s.name, "name_en": s.name_en, "role": s.role, "affiliation": s.affiliation,
                               "articles": a.article_id, "markers": ""}
    return df.to_csv(index=False, lineterminator="\n")


def add_article(a: Article) -> list[Path]:
    """Write the raw copy, its checksum, the metadata rows and the cleaned text; return what was written."""
    problems = _problems(a)
    if problems:
        raise BaimoError("new-article: " + "; ".join(problems))
    raw_bytes = a.raw.read_bytes()
    row = [a.article_id, a.raw.name, a.title_zh, a.title_en, a.outlet, a.kind, a.date, a.date_precision,
           a.date_note or "Given when the article was added.", a.script, "; ".join(s.name for s in a.speakers),
           a.host or a.speakers[0].name]
    targets = {
        paths.RAW_ARTICLES / a.raw.name: raw_bytes,
        paths.MANIFEST: paths.MANIFEST.read_bytes()
        + f"{hashlib.sha256(raw_bytes).hexdigest()}  articles/{a.raw.name}\n".encode(),
        paths.ARTICLES_TABLE: paths.ARTICLES_TABLE.read_bytes().rstrip(b"\n") + b"\n" + _csv_line(row).encode(),
        paths.SPEAKERS_TABLE: _speaker_rows(a).encode(),
    }
    saved = {p: p.read_bytes() for p in targets if p.exists()}
    try:
        for p, data in targets.items():
            p.write_bytes(data)
        cleaned = cleaning.clean_article(a.article_id)
        out = paths.CLEAN / f"{a.article_id}.txt"
        out.write_text(cleaned.text, encoding="utf-8")
    except BaseException:
        for p in targets:  # all or nothing: put back what was there, remove what was new
            if p in saved:
                p.write_bytes(saved[p])
            else:
                p.unlink(missing_ok=True)
        (paths.CLEAN / f"{a.article_id}.txt").unlink(missing_ok=True)
        raise
    return [*targets, out]


def chrome_suggestions(article_id: str, limit: int = 20) -> list[str]:
    """Lines of the cleaned text that look like page chrome (menus, counters, buttons, captions): short,
    with no sentence punctuation, or repeated. For a person to decide; each kept one becomes a row of
    ``data/cleaning/chrome.csv`` with its reason."""
    lines = [line.strip() for line in corpus.clean_text(article_id).splitlines() if line.strip()]
    seen, out = set(), []
    for line in lines:
        short = len(line) <= 12 and not re.search(r"[。！？!?；;：:，,]", line)
        repeated = lines.count(line) > 1
        if (short or repeated) and line not in seen:
            seen.add(line)
            out.append(line)
    return out[:limit]
