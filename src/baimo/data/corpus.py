"""The corpus: raw article files, their metadata, the speakers, and the cleaned texts.

* **Raw files are immutable**: ``data/raw/articles/`` holds byte-identical copies of the sources,
  listed with their SHA-256 in ``data/raw/SHA256SUMS`` (:func:`verify_raw`).
* **Metadata**: ``data/articles.csv`` (one row per article, with its dating evidence) and
  ``data/speakers.csv`` (one row per speaker, with role and affiliation).
* **Cleaned texts** (``data/processed/clean/<article_id>.txt``) are made by
  :mod:`baimo.data.cleaning`; every later step reads them through :func:`clean_text`.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import BaimoError
from ..core import paths
from ..core.files import read_csv

#: The speaker of the article's own narration (a row of ``data/speakers.csv``, like any speaker).
NARRATOR = "文章作者"
#: The roles (``data/speakers.csv``) whose speakers ask rather than judge.
INTERVIEWER_ROLES = ("host", "interviewer")

# --------------------------------------------------------------------------- raw files


def read_manifest(manifest: Path = paths.MANIFEST) -> dict[str, str]:
    """``{relative path: sha256}`` from a ``sha256sum``-format manifest."""
    manifest = Path(manifest)
    if not manifest.exists():
        raise BaimoError(f"{paths.rel(manifest)}: manifest missing; it must list every raw file with its SHA-256")
    out = {}
    for n, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split(None, 1)
        if len(parts) != 2 or not re.fullmatch(r"[0-9a-f]{64}", parts[0]):
            raise BaimoError(f"{paths.rel(manifest)} line {n}: not '<sha256>  <path>': {line!r}")
        out[parts[1].strip()] = parts[0]
    if not out:
        raise BaimoError(f"{paths.rel(manifest)}: empty; it must list every raw file with its SHA-256")
    return out


def verify_raw(manifest: Path = paths.MANIFEST) -> list[str]:
    """Check that the manifest lists exactly the raw files present, each unaltered; raise naming
    every missing, altered or unlisted file."""
    manifest = Path(manifest)
    listed = read_manifest(manifest)
    problems = []
    for relpath, digest in listed.items():
        f = manifest.parent / relpath
        if not f.exists():
            problems.append(f"{paths.rel(f)}: raw file missing (listed in {paths.rel(manifest)})")
            continue
        actual = hashlib.sha256(f.read_bytes()).hexdigest()
        if actual != digest:
            problems.append(
                f"{paths.rel(f)}: raw file altered: sha256 {actual[:12]}… != {digest[:12]}… "
                f"recorded in {paths.rel(manifest)}; raw data is immutable, restore it from the seeds"
            )
    present = {f.relative_to(manifest.parent).as_posix() for f in manifest.parent.rglob("*")
               if f.is_file() and f != manifest}
    for extra in sorted(present - set(listed)):
        problems.append(f"{paths.rel(manifest.parent / extra)}: raw file not listed in {paths.rel(manifest)}; "
                        "add its line (sha256sum) or remove the file")
    if problems:
        raise BaimoError("\n".join(problems))
    return sorted(listed)


# --------------------------------------------------------------------------- metadata


ARTICLE_COLUMNS = [
    "article_id", "raw_file", "title_zh", "title_en", "outlet", "kind", "date", "date_precision",
    "date_note", "script", "speakers", "host",
]


@lru_cache(maxsize=None)
def _articles_cached(path: str, mtime: float) -> pd.DataFrame:
    df = read_csv(Path(path), ARTICLE_COLUMNS)
    raw = set(p.name for p in paths.RAW_ARTICLES.glob("*.txt"))
    for i, row in df.iterrows():
        if row.raw_file not in raw:
            raise BaimoError(
                f"{paths.rel(Path(path))} row {i + 2}, column raw_file: unknown file "
                f"{row.raw_file!r} (not in {paths.rel(paths.RAW_ARTICLES)})"
            )
    dup = df.article_id[df.article_id.duplicated()]
    if len(dup):
        raise BaimoError(f"{paths.rel(Path(path))}: duplicate article_id {dup.iloc[0]!r}")
    return df


def articles(path: Path = paths.ARTICLES_TABLE) -> pd.DataFrame:
    """The article metadata table, checked: every ``raw_file`` exists, ids are unique."""
    path = Path(path)
    if not path.exists():
        raise BaimoError(f"{paths.rel(path)}: file not found")
    paths.track(path)
    return _articles_cached(str(path), path.stat().st_mtime).copy()


def raw_text(article_id: str) -> str:
    row = articles().set_index("article_id").loc[article_id]
    return paths.track(paths.RAW_ARTICLES / row.raw_file).read_text(encoding="utf-8")


def clean_text(article_id: str) -> str:
    """The committed cleaned text of an article (Simplified Chinese)."""
    f = paths.CLEAN / f"{article_id}.txt"
    if not f.exists():
        raise BaimoError(f"{paths.rel(f)}: cleaned text missing; run `baimo clean`")
    return paths.track(f).read_text(encoding="utf-8")


def clean_texts() -> dict[str, str]:
    return {a: clean_text(a) for a in articles().article_id}


# --------------------------------------------------------------------------- for the corpus notebook


def date_spans(arts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Start and end of each article's publication date, from ``date`` and ``date_precision``.

    ``day``: ``2022-12-17``; ``month``: ``2024-03`` (the whole month); ``year``: ``2023``;
    ``range``: ``2023-07/2023-12`` (first month to last month, inclusive).
    """
    arts = articles() if arts is None else arts
    rows = []
    for _, a in arts.iterrows():
        first, _, last = a.date.partition("/")
        last = last or first
        try:
            start = pd.Period(first, freq={"day": "D", "year": "Y"}.get(a.date_precision, "M")).start_time
            end = pd.Period(last, freq={"day": "D", "year": "Y"}.get(a.date_precision, "M")).end_time.normalize()
        except ValueError as e:
            raise BaimoError(f"{paths.rel(paths.ARTICLES_TABLE)}: article {a.article_id}, column date: "
                             f"{a.date!r} does not fit date_precision {a.date_precision!r} ({e})") from e
        rows.append({"article_id": a.article_id, "outlet": a.outlet,
                     "outlet_short": re.split(r" \(|;", a.outlet)[0].strip(), "start": start, "end": end,
                     "precision": a.date_precision})
    return pd.DataFrame(rows).sort_values("start", ignore_index=True)


@lru_cache(maxsize=4)
def _speakers_cached(path: str, mtime: float) -> pd.DataFrame:
    return read_csv(Path(path), ["speaker", "name_en", "role", "affiliation", "articles", "markers"])


def speakers() -> pd.DataFrame:
    """The speakers table (read once per change of the file)."""
    paths.track(paths.SPEAKERS_TABLE)
    return _speakers_cached(str(paths.SPEAKERS_TABLE), paths.SPEAKERS_TABLE.stat().st_mtime).copy()


def interviewers() -> set[str]:
    """Speakers whose role (``data/speakers.csv``) is host or interviewer: they ask, not judge."""
    sp = speakers()
    return {s for s, role in zip(sp.speaker, sp.role) if any(r in role for r in INTERVIEWER_ROLES)}


def speaker_label(speaker: str, style: str = "both") -> str:
    """Bilingual label for a speaker: ``"王小川 Wang Xiaochuan"`` (``style``: both / zh / en)."""
    paths.track(paths.SPEAKERS_TABLE)
    english = _english_names(str(paths.SPEAKERS_TABLE), paths.SPEAKERS_TABLE.stat().st_mtime)
    if speaker not in english:
        raise BaimoError(f"{paths.rel(paths.SPEAKERS_TABLE)}: unknown speaker {speaker!r}")
    en = english[speaker]
    if style == "zh":
        return speaker
    if style == "en":
        return en
    return speaker if en == speaker else f"{speaker} {en}"


@lru_cache(maxsize=4)
def _english_names(path: str, mtime: float) -> dict[str, str]:
    sp = _speakers_cached(path, mtime)
    return {s: e.split(" (")[0] for s, e in zip(sp.speaker, sp.name_en)}
