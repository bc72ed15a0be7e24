"""The four hand-coded claims tables (``data/claims/*.csv``): their schema, loading and validation.

Validation has two layers, both reporting :class:`~baimo.core.files.Problem` s (file, CSV row with
the header as row 1, column, what is wrong; for a quote not found, the closest passage):

* **fields** (:data:`FIELDS`, checked by :func:`baimo.core.schema.check_fields`): every column
  present and every row complete, controlled vocabularies, finite non-negative numbers, unique ids
  of the right pattern, required cells filled;
* **cross-checks** that need the corpus: a known article and a speaker who speaks in it, the
  ``quote`` found verbatim (whitespace-insensitive) in the article's cleaned text, ``low ≤ value ≤
  high``, numbers that agree with their ``original`` wording (:func:`baimo.core.numbers.original_candidates`;
  a row whose ``note`` says its number is *derived* or *converted* is exempt), and a ``said_on``
  within the article's dating (or up to a year before it).

``baimo check`` prints every problem; the build refuses to run while any exist.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import BaimoError
from ..core import codebook, paths, registry, schema
from ..core.files import Problem, ValidationError
from ..core.numbers import join_ids, original_matches
from ..core.schema import Field
from . import corpus, record

VOCAB = codebook.VOCAB
JUDGEMENT_SCORE = codebook.JUDGEMENT_SCORE

COMMON = ["claim_id", "article_id", "speaker", "attribution"]
NUMBERS = ["value", "low", "high", "unit", "original", "qualifier", "modality"]
TAIL = ["quote", "quote_en", "note"]
NUMERIC = ["value", "low", "high"]

#: The columns of each claims table, by thread (which threads exist, and their id prefixes, is the
#: registry's to say: ``data/threads.csv``, :func:`threads`).
SCHEMAS: dict[str, dict] = {
    "compute": {"columns": COMMON + ["subject", "region", "metric"] + NUMBERS + TAIL,
                "required": ["subject", "region", "metric", "unit", "original", "qualifier", "modality"]},
    "lag": {"columns": COMMON + ["dimension", "judgement", "trend"] + NUMBERS + ["said_on"] + TAIL,
            "required": ["dimension", "judgement", "trend", "modality"]},
    "parameters": {"columns": COMMON + ["model", "developer", "region", "kind", "architecture"] + NUMBERS + TAIL,
                   "required": ["model", "region", "kind", "architecture", "unit", "original", "qualifier", "modality"]},
    "framing": {"columns": COMMON + ["frame", "source_domain", "metaphor", "predicted_outcome",
                                                     "stance_many_models", "winner"] + TAIL,
                "required": ["frame", "source_domain", "predicted_outcome", "stance_many_models"]},
}
#: Columns that may be empty in every table.
OPTIONAL = {"note", "value", "low", "high", "developer", "metaphor", "winner", "said_on"}


def threads() -> list[str]:
    """The claims threads, in registry order (``data/threads.csv``); each must have a schema here."""
    names = registry.claims_threads()
    missing = [t for t in names if t not in SCHEMAS]
    if missing:
        raise BaimoError(f"{paths.rel(registry.THREADS_TABLE)}: claims thread(s) {missing} have no schema in "
                         "baimo.data.claims.SCHEMAS (ARCHITECTURE.md, 'add a claims table')")
    return names


def columns(thread: str) -> list[str]:
    return SCHEMAS[thread]["columns"]


def prefix(thread: str) -> str:
    """The first letter of the thread's claim ids (``C`` for compute), from the registry."""
    return registry.thread(thread).prefix


def fields(thread: str) -> list[Field]:
    """The schema of one claims table, from :data:`SCHEMAS`, the registry and the codebook."""
    spec = {**SCHEMAS[thread], "prefix": prefix(thread)}
    out = []
    for c in spec["columns"]:
        required = c in COMMON or c in spec["required"] or c in ("quote", "quote_en") or c not in OPTIONAL \
            and c not in NUMBERS
        if c == "claim_id":
            out.append(Field(c, "id", pattern=rf"{spec['prefix']}-[a-z0-9]+-\d{{2,3}}", unique=True))
        elif c in NUMERIC:
            out.append(Field(c, "number", required=False))
        elif c == "said_on":
            out.append(Field(c, "date", required=False))
        elif c in VOCAB:
            out.append(Field(c, "vocab", required=required, vocab=c))
        else:
            out.append(Field(c, "text", required=required))
    return out


def table_path(thread: str, root: Path | None = None) -> Path:
    """The thread's table (``data/threads.csv``, column ``table``); in ``root`` if given (a folder of tables)."""
    table = registry.thread(thread).path
    return Path(root) / table.name if root else table


# --------------------------------------------------------------------------- quotes


def squash(text: str) -> tuple[str, list[int]]:
    """Text without whitespace, and for each kept character its offset in the original."""
    kept, offsets = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            kept.append(ch)
            offsets.append(i)
    return "".join(kept), offsets


@lru_cache(maxsize=16)
def squashed(text: str) -> tuple[str, tuple[int, ...]]:
    """:func:`squash`, cached: for an article's text, squashed once however many passages are sought in it."""
    s, o = squash(text)
    return s, tuple(o)


def find_quote(quote: str, text: str) -> int | None:
    """Character offset of ``quote`` in ``text`` ignoring whitespace, or None."""
    sq, offsets = squashed(text)
    q, _ = squash(quote)
    if not q:
        return None
    i = sq.find(q)
    return offsets[i] if i >= 0 else None


def closest_passage(quote: str, text: str) -> str:
    """The passage of ``text`` most similar to ``quote`` (whitespace removed), with a little context."""
    q, _ = squash(quote)
    sq, _ = squashed(text)
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
                    speakers: dict[str, set[str]]) -> tuple[list[Problem], list[int | None]]:
    """Checks that need the corpus, row by row; also each quote's offset in its article."""
    out: list[Problem] = []
    offsets: list[int | None] = []
    spans = corpus.date_spans().set_index("article_id")
    num = schema.numbers(df, NUMERIC)
    known = set(texts)
    numbers = num[[c for c in NUMERIC if c in num]].to_dict("records") if "value" in df else []
    letter = prefix(thread)
    for i, row in enumerate(df.itertuples(index=False)):
        line = i + 2
        offset = None
        if row.article_id not in texts:
            out.append(Problem(name, line, "article_id", f"unknown article {row.article_id!r} (not in data/articles.csv)"))
        else:
            offset = find_quote(row.quote, texts[row.article_id])
            if offset is None and row.quote.strip():
                near = closest_passage(row.quote, texts[row.article_id])
                out.append(Problem(name, line, "quote", f"not found verbatim in data/processed/clean/"
                                                        f"{row.article_id}.txt; closest passage: {near!r}"))
        offsets.append(offset)
        out += _speaker_problems(row, name, line, speakers, known)
        if "value" in df:
            out += _number_problems(row, numbers[i], thread, name, line)
        if thread == "lag" and row.said_on and row.article_id in spans.index:
            out += said_on_problems(row.said_on, spans.loc[row.article_id], name, line)
        if not str(row.claim_id).startswith(f"{letter}-{row.article_id}-"):
            out.append(Problem(name, line, "claim_id", f"{row.claim_id!r} should start with "
                                                      f"'{letter}-{row.article_id}-'"))
    return out, offsets


def _speaker_problems(row, name: str, line: int, speakers: dict[str, set[str]], articles: set[str]) -> list[Problem]:
    if row.speaker not in speakers:
        return [Problem(name, line, "speaker", f"unknown speaker {row.speaker!r} (not in data/speakers.csv)")]
    if row.article_id in articles and row.article_id not in speakers[row.speaker]:
        return [Problem(name, line, "speaker", f"{row.speaker!r} does not speak in {row.article_id} "
                                               "(data/speakers.csv, column articles)")]
    return []


def _number_problems(row, num, thread: str, name: str, line: int) -> list[Problem]:
    out = []
    v, lo, hi = num["value"], num["low"], num["high"]
    if pd.notna(lo) and pd.notna(hi) and lo > hi:
        out.append(Problem(name, line, "low", f"low {lo:g} > high {hi:g} (inverted range)"))
    if pd.notna(v) and pd.notna(lo) and v < lo:
        out.append(Problem(name, line, "value", f"value {v:g} < low {lo:g}"))
    if pd.notna(v) and pd.notna(hi) and v > hi:
        out.append(Problem(name, line, "value", f"value {v:g} > high {hi:g}"))
    has_number = any(pd.notna(x) for x in (v, lo, hi))
    if (thread != "lag" or row.unit) and not has_number:
        out.append(Problem(name, line, "value", "no number: give value, or low/high"))
    if has_number and not row.unit:
        out.append(Problem(name, line, "unit", "a number needs a unit"))
    exempt = any(w in row.note.lower() for w in ("derived", "converted"))
    if has_number and row.original and row.unit and not exempt:
        for col, x in (("value", v), ("low", lo), ("high", hi)):
            if pd.notna(x) and math.isfinite(x) and not original_matches(x, row.original, row.unit):
                out.append(Problem(name, line, col, f"{x:g} does not match the wording {row.original!r} "
                                                    f"(unit {row.unit}); if the number is worked out, say "
                                                    "'derived' or 'converted' in the note"))
    return out


def said_on_problems(said_on: str, span, name: str, line: int, column: str = "said_on") -> list[Problem]:
    """A date a judgement was made must fall within the article's dating, or up to a year before it
    (a view recalled or reported from an earlier event), never after it."""
    when = schema.parse_date(said_on)
    if when is None:
        return []  # reported by the field check
    if when > span.end or when < span.start - pd.DateOffset(years=1):
        return [Problem(name, line, column, f"{said_on!r} is outside the article's dating "
                                            f"({span.start:%Y-%m-%d} to {span.end:%Y-%m-%d}, or up to a year before)")]
    return []


# --------------------------------------------------------------------------- public API


def speakers_by_name() -> dict[str, set[str]]:
    """``{speaker: {articles they speak in}}`` from ``data/speakers.csv``."""
    sp = corpus.speakers()
    return {s: {a.strip() for a in arts.split(";")} for s, arts in zip(sp.speaker, sp.articles)}


def validate(thread: str, path: Path | None = None, texts: dict[str, str] | None = None,
             speakers: dict[str, set[str]] | None = None) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Validate one table; return (typed frame with a ``quote_offset`` column, problems)."""
    if thread not in threads():
        raise BaimoError(f"unknown thread {thread!r}; one of {', '.join(threads())}")
    path = Path(path) if path else table_path(thread)
    name = paths.rel(path)
    df, problems = schema.read_table(path, columns(thread))
    if df is None:
        return None, problems
    texts = texts if texts is not None else corpus.clean_texts()
    speakers = speakers if speakers is not None else speakers_by_name()
    problems += schema.check_fields(df, fields(thread), name)
    cross, offsets = _cross_problems(df, thread, name, texts, speakers)
    problems += cross
    typed = schema.numbers(df, NUMERIC) if not any(p.column in NUMERIC for p in problems) else df.copy()
    typed["quote_offset"] = pd.array(offsets, dtype="Int64")
    return typed, sorted(set(problems), key=lambda p: (p.file, p.row or 0, p.column or "", p.message))


def check_all(root: Path | None = None, texts: dict[str, str] | None = None) -> list[Problem]:
    """Validate every table, ids unique across tables, and the reference links (links to claims of a
    table that could not be read are not reported again: that table's own problems come first)."""
    texts = texts if texts is not None else corpus.clean_texts()
    speakers = speakers_by_name()
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    readable = []
    for thread in threads():
        df, probs = validate(thread, table_path(thread, root), texts, speakers)
        problems += probs
        if df is None:
            continue
        readable.append(prefix(thread))
        for i, cid in enumerate(df.claim_id):
            if cid in seen and seen[cid] != thread:
                problems.append(Problem(paths.rel(table_path(thread, root)), i + 2, "claim_id",
                                        f"{cid!r} also used in {seen[cid]}.csv"))
            seen.setdefault(cid, thread)
    problems += record.check_links(set(seen), root, checked_prefixes=readable)
    return problems


def all_claim_ids() -> dict[str, str]:
    """``{claim_id: table}`` over the four tables (as they stand; for cross-references)."""
    out = {}
    for thread in threads():
        df, _ = schema.read_table(table_path(thread), columns(thread))
        if df is not None:
            out.update({c: thread for c in df.claim_id})
    return out


VALIDATED_ENV = "BAIMO_VALIDATED"
#: The modules validation depends on (a change to any of them invalidates the build's stamp).
_VALIDATION_CODE = [Path(__file__), Path(schema.__file__), Path(schema.__file__).with_name("numbers.py"),
                    Path(registry.__file__)]


def inputs_digest() -> str:
    """SHA-256 of everything validation depends on: the tables, speakers, articles, cleaned texts, the code."""
    h = hashlib.sha256()
    files = ([table_path(t) for t in threads()] + [paths.SPEAKERS_TABLE, paths.ARTICLES_TABLE, registry.THREADS_TABLE]
             + _VALIDATION_CODE)
    for f in files + sorted(paths.CLEAN.glob("*.txt")):
        h.update(paths.rel(f).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def load(thread: str) -> pd.DataFrame:
    """A validated claims table; raises :class:`ValidationError` listing every problem.

    Inside a build, the build has already validated exactly these inputs and says so in the
    environment (``BAIMO_VALIDATED`` = :func:`inputs_digest`); then the table is only typed and
    its quotes located, which saves every kernel the checks.
    """
    if os.environ.get(VALIDATED_ENV) and os.environ[VALIDATED_ENV] == inputs_digest():
        df, _ = schema.read_table(table_path(thread), columns(thread))
        df = schema.numbers(df, NUMERIC)
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
