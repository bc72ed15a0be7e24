"""The four hand-coded claims tables (``data/claims/*.csv``): loading and machine validation.

Validation has two layers:

* **schema** (pandera): column presence, types, controlled vocabularies, unique ids, id format;
* **cross-checks** that need the corpus: known article and speaker, ``low ≤ value ≤ high``,
  and every ``quote`` found verbatim (whitespace-insensitive) in its article's cleaned text.

Every problem becomes one :class:`Problem` naming the file, the CSV row (header = row 1),
the column and what is wrong; for a quote not found, the closest passage in the article.
``baimo check`` prints them all; the build refuses to run while any exist.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import BaimoError
from ..core import codebook, paths
from ..core.files import Problem, ValidationError
from ..core.numbers import join_ids
from . import corpus, record

VOCAB = codebook.VOCAB
JUDGEMENT_SCORE = codebook.JUDGEMENT_SCORE

COMMON = ["claim_id", "article_id", "speaker", "attribution"]
NUMBERS = ["value", "low", "high", "unit", "original", "qualifier", "modality"]
TAIL = ["quote", "quote_en", "note"]

THREADS: dict[str, dict] = {
    "compute": {"prefix": "C", "columns": COMMON + ["subject", "region", "metric"] + NUMBERS + TAIL,
                "required": ["subject", "region", "metric", "unit", "original", "qualifier", "modality"]},
    "lag": {"prefix": "L", "columns": COMMON + ["dimension", "judgement", "trend"] + NUMBERS + ["said_on"] + TAIL,
            "required": ["dimension", "judgement", "trend", "modality"]},
    "parameters": {"prefix": "P", "columns": COMMON + ["model", "developer", "region", "kind", "architecture"] + NUMBERS + TAIL,
                   "required": ["model", "region", "kind", "architecture", "unit", "original", "qualifier", "modality"]},
    "framing": {"prefix": "F", "columns": COMMON + ["frame", "source_domain", "metaphor", "predicted_outcome",
                                                     "stance_many_models", "winner"] + TAIL,
                "required": ["frame", "source_domain", "predicted_outcome", "stance_many_models"]},
}
NUMERIC = ["value", "low", "high"]


def table_path(thread: str, root: Path | None = None) -> Path:
    return (root or paths.CLAIMS) / f"{thread}.csv"


# --------------------------------------------------------------------------- schema

_CHECK_TEXT = {
    "isin": "not in the controlled vocabulary",
    "str_matches": "does not match the required pattern",
    "field_uniqueness": "duplicate",
    "not_nullable": "required but empty",
    "coerce_dtype('float64')": "not a number",
    "dtype('float64')": "not a number",
}


def _schema(thread: str):
    import pandera.pandas as pa

    spec = THREADS[thread]
    cols = {}
    for c in spec["columns"]:
        if c in NUMERIC:
            cols[c] = pa.Column(float, nullable=True, coerce=True,
                                checks=pa.Check.ge(0))
        elif c in VOCAB:
            required = c in spec["required"] or c in COMMON
            cols[c] = pa.Column(str, pa.Check.isin(VOCAB[c] + ([] if required else [""])), nullable=False)
        elif c == "claim_id":
            cols[c] = pa.Column(str, [pa.Check.str_matches(rf"^{spec['prefix']}-[a-z0-9]+-\d{{2,3}}$")],
                                unique=True, nullable=False)
        else:
            cols[c] = pa.Column(str, nullable=False)
    return pa.DataFrameSchema(cols, strict=False, ordered=False)


def _read(path: Path, thread: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    name = paths.rel(path)
    if not path.exists():
        return None, [Problem(name, None, None, "file not found")]
    paths.track(path)
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return None, [Problem(name, line, None, f"not valid UTF-8 (byte {e.start}); save the file as UTF-8")]
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        return None, [Problem(name, None, None, f"not a readable CSV: {e}")]
    missing = [c for c in THREADS[thread]["columns"] if c not in df.columns]
    if missing:
        return None, [Problem(name, 1, c, "missing column") for c in missing]
    return df, []


def _schema_problems(df: pd.DataFrame, thread: str, name: str) -> list[Problem]:
    import pandera.pandas as pa

    df = df.copy()
    for c in NUMERIC:
        if c in df:
            df[c] = df[c].replace("", None)  # empty cell = no number
    try:
        _schema(thread).validate(df, lazy=True)
        return []
    except pa.errors.SchemaErrors as err:
        out = []
        fc = err.failure_cases
        for _, f in fc.iterrows():
            idx = f["index"]
            row = int(idx) + 2 if pd.notna(idx) else None
            check = str(f["check"])
            what = next((v for k, v in _CHECK_TEXT.items() if check.startswith(k)), check)
            if check.startswith("greater_than_or_equal_to"):
                what = "must not be negative"
            out.append(Problem(name, row, str(f["column"]), f"{f['failure_case']!r}: {what}"))
        return sorted(set(out), key=lambda p: (p.row or 0, p.column or ""))


# --------------------------------------------------------------------------- quotes


def _squash(text: str) -> tuple[str, list[int]]:
    """Text without whitespace, and for each kept character its offset in the original."""
    kept, offsets = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            kept.append(ch)
            offsets.append(i)
    return "".join(kept), offsets


@lru_cache(maxsize=16)
def _squashed(text: str) -> tuple[str, tuple[int, ...]]:
    s, o = _squash(text)
    return s, tuple(o)


def find_quote(quote: str, text: str) -> int | None:
    """Character offset of ``quote`` in ``text`` ignoring whitespace, or None."""
    sq, offsets = _squashed(text)
    q, _ = _squash(quote)
    if not q:
        return None
    i = sq.find(q)
    return offsets[i] if i >= 0 else None


def closest_passage(quote: str, text: str) -> str:
    """The passage of ``text`` most similar to ``quote`` (whitespace removed), with a little context."""
    q, _ = _squash(quote)
    sq, _ = _squashed(text)
    n = max(len(q), 1)
    best, best_i = -1.0, 0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(q)
    step = max(1, n // 8)
    for i in range(0, max(1, len(sq) - n + 1), step):
        matcher.set_seq1(sq[i : i + n])
        r = matcher.ratio()
        if r > best:
            best, best_i = r, i
    for i in range(max(0, best_i - step), min(len(sq) - n + 1, best_i + step + 1) if len(sq) > n else 1):
        matcher.set_seq1(sq[i : i + n])
        r = matcher.ratio()
        if r > best:
            best, best_i = r, i
    pad = 8  # a little context either side, so ties between neighbouring windows don't matter
    return sq[max(0, best_i - pad) : best_i + n + pad]


# --------------------------------------------------------------------------- cross-checks


def _cross_problems(df: pd.DataFrame, thread: str, name: str, texts: dict[str, str],
                    speakers: set[str]) -> tuple[list[Problem], list[int | None]]:
    out: list[Problem] = []
    offsets: list[int | None] = []
    num = {c: pd.to_numeric(df[c].replace("", None), errors="coerce") for c in NUMERIC if c in df}
    for i, row in df.iterrows():
        line = i + 2
        offset = None
        if row.article_id not in texts:
            out.append(Problem(name, line, "article_id", f"unknown article {row.article_id!r} (not in data/articles.csv)"))
        else:
            offset = find_quote(row.quote, texts[row.article_id])
            if offset is None:
                near = closest_passage(row.quote, texts[row.article_id])
                out.append(Problem(name, line, "quote",
                                   f"not found verbatim in data/processed/clean/{row.article_id}.txt; "
                                   f"closest passage: {near!r}"))
        offsets.append(offset)
        if row.speaker not in speakers:
            out.append(Problem(name, line, "speaker", f"unknown speaker {row.speaker!r} (not in data/speakers.csv)"))
        if "value" in num:
            v, lo, hi = num["value"][i], num["low"][i], num["high"][i]
            if pd.notna(lo) and pd.notna(hi) and lo > hi:
                out.append(Problem(name, line, "low", f"low {lo:g} > high {hi:g} (inverted range)"))
            if pd.notna(v) and pd.notna(lo) and v < lo:
                out.append(Problem(name, line, "value", f"value {v:g} < low {lo:g}"))
            if pd.notna(v) and pd.notna(hi) and v > hi:
                out.append(Problem(name, line, "value", f"value {v:g} > high {hi:g}"))
            has_number = any(pd.notna(x) for x in (v, lo, hi))
            if thread != "lag" or row.unit:
                if not has_number:
                    out.append(Problem(name, line, "value", "no number: give value, or low/high"))
            if has_number and not row.unit:
                out.append(Problem(name, line, "unit", "a number needs a unit"))
        if thread == "lag" and row.said_on:
            if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", row.said_on) or pd.isna(
                    pd.to_datetime(row.said_on if len(row.said_on) > 7 else row.said_on + "-01", errors="coerce", format="%Y-%m-%d")):
                out.append(Problem(name, line, "said_on", f"{row.said_on!r}: not a valid date (YYYY-MM or YYYY-MM-DD)"))
        if not str(row.claim_id).startswith(f"{THREADS[thread]['prefix']}-{row.article_id}-"):
            out.append(Problem(name, line, "claim_id", f"{row.claim_id!r} should start with "
                                                      f"'{THREADS[thread]['prefix']}-{row.article_id}-'"))
    return out, offsets


# --------------------------------------------------------------------------- public API


def validate(thread: str, path: Path | None = None, texts: dict[str, str] | None = None,
             speakers: set[str] | None = None) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Validate one table; return (typed frame with a ``quote_offset`` column, problems)."""
    if thread not in THREADS:
        raise BaimoError(f"unknown thread {thread!r}; one of {', '.join(THREADS)}")
    path = Path(path) if path else table_path(thread)
    name = paths.rel(path)
    df, problems = _read(path, thread)
    if df is None:
        return None, problems
    texts = texts if texts is not None else corpus.clean_texts()
    if speakers is None:
        speakers = set(corpus.speakers().speaker)
    problems += _schema_problems(df, thread, name)
    cross, offsets = _cross_problems(df, thread, name, texts, speakers)
    problems += cross
    typed = df.copy()
    for c in NUMERIC:
        if c in typed:
            typed[c] = pd.to_numeric(typed[c].replace("", None), errors="coerce").astype(float)
    typed["quote_offset"] = pd.array(offsets, dtype="Int64")
    return typed, sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or ""))


def check_all(root: Path | None = None) -> list[Problem]:
    """Validate every table, plus ids unique across tables and the reference links."""
    texts = corpus.clean_texts()
    speakers = set(corpus.speakers().speaker)
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for thread in THREADS:
        df, probs = validate(thread, table_path(thread, root), texts, speakers)
        problems += probs
        if df is None:
            continue
        for i, cid in enumerate(df.claim_id):
            if cid in seen and seen[cid] != thread:
                problems.append(Problem(paths.rel(table_path(thread, root)), i + 2, "claim_id",
                                        f"{cid!r} also used in {seen[cid]}.csv"))
            seen.setdefault(cid, thread)
    problems += record.check_links(set(seen), root)
    return problems


VALIDATED_ENV = "BAIMO_VALIDATED"


def inputs_digest() -> str:
    """SHA-256 of everything validation depends on: the tables, speakers, articles, cleaned texts, this module."""
    h = hashlib.sha256()
    files = [table_path(t) for t in THREADS] + [paths.SPEAKERS_TABLE, paths.ARTICLES_TABLE, Path(__file__)]
    for f in files + sorted(paths.CLEAN.glob("*.txt")):
        h.update(paths.rel(f).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def load(thread: str) -> pd.DataFrame:
    """A validated claims table; raises :class:`ValidationError` listing every problem.

    Inside a build, the build has already validated exactly these inputs and says so in the
    environment (``BAIMO_VALIDATED`` = :func:`inputs_digest`); then the table is only typed and
    its quotes located, which saves every kernel the schema library and the checks.
    """
    if os.environ.get(VALIDATED_ENV) and os.environ[VALIDATED_ENV] == inputs_digest():
        path = paths.track(table_path(thread))
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        for c in NUMERIC:
            if c in df:
                df[c] = pd.to_numeric(df[c].replace("", None), errors="coerce").astype(float)
        texts = corpus.clean_texts()
        df["quote_offset"] = pd.array([find_quote(q, texts[a]) for q, a in zip(df.quote, df.article_id)],
                                      dtype="Int64")
        return df
    df, problems = validate(thread)
    if problems:
        raise ValidationError(problems)
    return df




# --------------------------------------------------------------------------- merging rows


def merge_rows(df: pd.DataFrame, keys: list[str], agg: dict | None = None) -> pd.DataFrame:
    """One row per group of rows equal on ``keys`` (missing values compare equal), in table order.

    Each group keeps its first row, with ``claim_ids`` (every id of the group: the ``claim_id`` of
    each row, or the lists already in a ``claim_ids`` column, flattened) and ``key`` (the ids
    compressed by :func:`baimo.core.numbers.join_ids`, e.g. ``C-contech-04/09``). ``agg`` maps other
    columns to a function of the group's values (e.g. ``{"moe": any}``).
    """
    keys = [k for k in keys if k in df.columns]
    filled = df[keys].astype(object).where(df[keys].notna(), "∅").astype(str)
    group = filled.apply(lambda r: "\x1f".join(r), axis=1)
    ids = df["claim_ids"] if "claim_ids" in df else df["claim_id"].map(lambda c: [c])
    rows = []
    for _, idx in group.groupby(group, sort=False).groups.items():
        first = df.loc[idx[0]].copy()
        first["claim_ids"] = [c for cs in ids.loc[idx] for c in cs]
        first["key"] = join_ids(first["claim_ids"])
        for col, fn in (agg or {}).items():
            first[col] = fn(df.loc[idx, col])
        rows.append(first)
    return pd.DataFrame(rows).reset_index(drop=True)
