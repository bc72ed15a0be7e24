"""Cleaning: how a raw article becomes the searchable text every later step quotes.

Cleaning is a fixed sequence of small, separately counted steps; every manual judgement
lives in a reviewed table under ``data/cleaning/`` (one row per repair, with its reason):

1. newlines normalised to ``\\n``;
2. page-chrome lines dropped (``chrome.csv``: exact lines, each with a reason);
3. garbled spans repaired (``corrections.csv``: exact raw text → repair, each with a reason);
4. pinyin annotations removed (``創(chuàng)`` → ``創``), real parentheses kept;
5. Traditional → Simplified with OpenCC ``t2s`` (characters only, no vocabulary rewriting);
6. characters ``t2s`` cannot decide fixed (``t2s_fixes.csv``: exact word → fix, with its expected
   count and reason), e.g. the particle 著 → 着 in 随著, which ``t2s`` keeps because 著 is also a
   Simplified character (显著, 著名 must stay);
7. whitespace normalised (trailing spaces, runs of spaces and blank lines).

Nothing else changes.
"""


from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import BaimoError
from ..core import paths
from ..core.files import read_csv
from .corpus import articles, raw_text, verify_raw

# --------------------------------------------------------------------------- cleaning steps

_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: One pinyin syllable with a tone mark, in parentheses, straight after a Han character.
PINYIN_ANNOTATION = re.compile(
    rf"(?<=[{_HAN}])\((?P<py>[bpmfdtnlgkhjqxzcsryw]?h?[aeiouü{_TONE}]{{1,4}}(?:ng|n|r)?)\)"
)


def _has_tone(s: str) -> bool:
    return any(ch in _TONE for ch in s)


def strip_pinyin(text: str) -> tuple[str, int]:
    """Remove ``(pīnyīn)`` readings after Han characters; keep ``商品(commodity)``, ``miss(错过)``."""
    count = 0

    def repl(m: re.Match) -> str:
        nonlocal count
        if _has_tone(m.group("py")):
            count += 1
            return ""
        return m.group(0)

    return PINYIN_ANNOTATION.sub(repl, text), count


@dataclass
class Rule:
    table: Path
    row: int  # 1-based line number in the CSV, header = line 1
    article_id: str
    find: str
    replace: str
    reason: str
    count: int | None = None  # expected matches in the article, where the table gives one


def _rules(path: Path, find_col: str, replace_col: str | None, counted: bool = False) -> list[Rule]:
    cols = ["article_id", find_col, "reason"] + ([replace_col] if replace_col else []) + (["count"] if counted else [])
    df = read_csv(path, cols)
    known = set(articles().article_id)
    out = []
    for i, row in df.iterrows():
        line = i + 2
        if row.article_id not in known:
            raise BaimoError(f"{paths.rel(path)} row {line}, column article_id: unknown article {row.article_id!r}")
        if not row[find_col]:
            raise BaimoError(f"{paths.rel(path)} row {line}, column {find_col}: empty")
        if not row.reason.strip():
            raise BaimoError(f"{paths.rel(path)} row {line}, column reason: every repair needs a reason")
        count = None
        if counted:
            if not row["count"].isdigit() or int(row["count"]) < 1:
                raise BaimoError(f"{paths.rel(path)} row {line}, column count: {row['count']!r} is not a whole number ≥ 1")
            count = int(row["count"])
        out.append(Rule(path, line, row.article_id, row[find_col].replace("\\n", "\n"),
                        (row[replace_col].replace("\\n", "\n") if replace_col else ""), row.reason, count))
    return out


def corrections(path: Path = paths.CORRECTIONS_TABLE) -> list[Rule]:
    return _rules(path, "garbled", "repaired")


def t2s_fixes(path: Path = paths.T2S_FIXES_TABLE) -> list[Rule]:
    return _rules(path, "find", "replace", counted=True)


def chrome_rules(path: Path = paths.CHROME_TABLE) -> list[Rule]:
    return _rules(path, "line", None)


def drop_chrome(text: str, rules: list[Rule], raw_name: str) -> tuple[str, int]:
    lines = text.split("\n")
    dropped = 0
    for r in rules:
        hits = [i for i, ln in enumerate(lines) if ln.strip() == r.find.strip()]
        if not hits:
            raise BaimoError(
                f"{paths.rel(r.table)} row {r.row}, column line: {r.find!r} is not a line of {raw_name}; "
                "the rule would silently do nothing"
            )
        lines = [ln for i, ln in enumerate(lines) if i not in set(hits)]
        dropped += len(hits)
    return "\n".join(lines), dropped


def apply_corrections(text: str, rules: list[Rule], raw_name: str) -> tuple[str, int]:
    applied = 0
    for r in rules:
        n = text.count(r.find)
        if n == 0:
            raise BaimoError(
                f"{paths.rel(r.table)} row {r.row}, column garbled: {r.find!r} not found in {raw_name}; "
                "the repair would silently do nothing"
            )
        if n > 1:
            raise BaimoError(
                f"{paths.rel(r.table)} row {r.row}, column garbled: {r.find!r} found {n} times in {raw_name}; "
                "one row is one repair: add context until it is unique"
            )
        text = text.replace(r.find, r.replace)
        applied += n
    return text, applied


@lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> tuple[str, int]:
    """OpenCC ``t2s`` (characters only); returns the text and the number of characters changed."""
    out = _opencc().convert(text)
    if len(out) != len(text):  # t2s maps characters one to one; anything else is a surprise
        raise BaimoError("OpenCC t2s changed the text length; refusing to guess an alignment")
    return out, sum(a != b for a, b in zip(text, out))


def apply_t2s_fixes(text: str, rules: list[Rule], name: str) -> tuple[str, int]:
    """Fix what ``t2s`` cannot decide, one reviewed word at a time: each rule must match exactly its
    ``count`` times in the simplified text, or the cleaning stops naming the row."""
    fixed = 0
    for r in rules:
        n = text.count(r.find)
        if n != r.count:
            raise BaimoError(f"{paths.rel(r.table)} row {r.row}, column find: {r.find!r} found {n} times in the "
                             f"simplified text of {name}, the table says {r.count}")
        if len(r.replace) != len(r.find):
            raise BaimoError(f"{paths.rel(r.table)} row {r.row}, column replace: a fix must keep the length "
                             f"({r.find!r} → {r.replace!r})")
        text = text.replace(r.find, r.replace)
        fixed += n
    return text, fixed


def normalise_whitespace(text: str) -> tuple[str, int]:
    before = len(text)
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    lines = [re.sub(r"[ \t]+", " ", ln).strip() for ln in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
    return text, before - len(text)


# --------------------------------------------------------------------------- the pipeline

@dataclass
class Cleaned:
    article_id: str
    raw_file: str
    text: str
    raw_chars: int
    counts: dict[str, int] = field(default_factory=dict)


def clean_article(article_id: str, raw: str | None = None) -> Cleaned:
    meta = articles().set_index("article_id")
    if article_id not in meta.index:
        raise BaimoError(f"{paths.rel(paths.ARTICLES_TABLE)}: unknown article_id {article_id!r}")
    raw_file = meta.loc[article_id, "raw_file"]
    name = paths.rel(paths.RAW_ARTICLES / raw_file)
    if raw is None:
        raw = raw_text(article_id)
    counts = {}
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text, counts["chrome_lines"] = drop_chrome(text, [r for r in chrome_rules() if r.article_id == article_id], name)
    text, counts["repairs"] = apply_corrections(text, [r for r in corrections() if r.article_id == article_id], name)
    text, counts["pinyin"] = strip_pinyin(text)
    text, counts["t2s_chars"] = to_simplified(text)
    text, counts["t2s_fixes"] = apply_t2s_fixes(text, [r for r in t2s_fixes() if r.article_id == article_id], name)
    text, counts["whitespace_chars"] = normalise_whitespace(text)
    return Cleaned(article_id, raw_file, text, len(raw), counts)


def clean_all() -> list[Cleaned]:
    verify_raw()
    return [clean_article(a) for a in articles().article_id]


def write_clean(out_dir: Path = paths.CLEAN) -> list[Path]:
    """Regenerate ``data/processed/clean/<article_id>.txt``; write only files whose bytes change."""
    results = clean_all()  # everything validated before anything is written
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for c in results:
        f = out_dir / f"{c.article_id}.txt"
        data = c.text.encode("utf-8")
        if not f.exists() or f.read_bytes() != data:
            tmp = f.with_suffix(".tmp")
            tmp.write_bytes(data)
            tmp.replace(f)
            written.append(f)
    return written


def cleaning_report() -> pd.DataFrame:
    """Counts of each kind of change per article, with lengths before and after."""
    rows = []
    for c in clean_all():
        rows.append({"article_id": c.article_id, "raw_chars": c.raw_chars, **c.counts,
                     "clean_chars": len(c.text)})
    return pd.DataFrame(rows)


