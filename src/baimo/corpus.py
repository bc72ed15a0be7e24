"""The corpus: raw article files, their metadata, and the cleaning that makes them searchable.

Cleaning is a fixed sequence of small, separately counted steps; every manual judgement
lives in a reviewed table under ``data/cleaning/`` (one row per repair, with its reason):

1. newlines normalised to ``\\n``;
2. page-chrome lines dropped (``chrome.csv``: exact lines, each with a reason);
3. garbled spans repaired (``corrections.csv``: exact raw text → repair, each with a reason);
4. pinyin annotations removed (``創(chuàng)`` → ``創``), real parentheses kept;
5. Traditional → Simplified with OpenCC ``t2s`` (characters only, no vocabulary rewriting);
6. whitespace normalised (trailing spaces, runs of spaces and blank lines).

Nothing else changes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import BaimoError, paths

# --------------------------------------------------------------------------- raw files


def read_manifest(manifest: Path = paths.MANIFEST) -> dict[str, str]:
    """``{relative path: sha256}`` from a ``sha256sum``-format manifest."""
    out = {}
    for n, line in enumerate(Path(manifest).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split(None, 1)
        if len(parts) != 2 or not re.fullmatch(r"[0-9a-f]{64}", parts[0]):
            raise BaimoError(f"{paths.rel(manifest)} line {n}: not '<sha256>  <path>': {line!r}")
        out[parts[1].strip()] = parts[0]
    return out


def verify_raw(manifest: Path = paths.MANIFEST) -> list[str]:
    """Check every raw file against the manifest; raise naming each missing or altered file."""
    manifest = Path(manifest)
    problems = []
    for relpath, digest in read_manifest(manifest).items():
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
    if problems:
        raise BaimoError("\n".join(problems))
    return sorted(read_manifest(manifest))


# --------------------------------------------------------------------------- metadata


def read_table(path: Path, required: list[str]) -> pd.DataFrame:
    """Read a UTF-8 CSV of strings; raise naming the file if it is unreadable or lacks columns."""
    path = paths.track(Path(path))
    if not path.exists():
        raise BaimoError(f"{paths.rel(path)}: file not found")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as e:
        raise BaimoError(f"{paths.rel(path)}: not valid UTF-8 (byte {e.start}): save the file as UTF-8") from e
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise BaimoError(f"{paths.rel(path)}: not a readable CSV: {e}") from e
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise BaimoError(f"{paths.rel(path)}: missing column(s) {', '.join(missing)}")
    return df


ARTICLE_COLUMNS = [
    "article_id", "raw_file", "title_zh", "title_en", "outlet", "kind", "date", "date_precision",
    "date_note", "script", "speakers",
]


@lru_cache(maxsize=None)
def _articles_cached(path: str, mtime: float) -> pd.DataFrame:
    df = read_table(Path(path), ARTICLE_COLUMNS)
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


def _rules(path: Path, find_col: str, replace_col: str | None) -> list[Rule]:
    cols = ["article_id", find_col, "reason"] + ([replace_col] if replace_col else [])
    df = read_table(path, cols)
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
        out.append(Rule(path, line, row.article_id, row[find_col].replace("\\n", "\n"),
                        (row[replace_col].replace("\\n", "\n") if replace_col else ""), row.reason))
    return out


def corrections(path: Path = paths.CORRECTIONS_TABLE) -> list[Rule]:
    return _rules(path, "garbled", "repaired")


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


def normalise_whitespace(text: str) -> tuple[str, int]:
    before = len(text)
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    lines = [re.sub(r"[ \t]+", " ", ln).strip() for ln in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
    return text, before - len(text)


# --------------------------------------------------------------------------- the pipeline

STEPS = ["chrome_lines", "repairs", "pinyin", "t2s_chars", "whitespace_chars"]


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
    return read_table(Path(path), ["speaker", "name_en", "role", "affiliation", "articles"])


def speakers() -> pd.DataFrame:
    """The speakers table (read once per change of the file)."""
    paths.track(paths.SPEAKERS_TABLE)
    return _speakers_cached(str(paths.SPEAKERS_TABLE), paths.SPEAKERS_TABLE.stat().st_mtime).copy()


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
