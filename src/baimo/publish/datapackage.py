"""``datapackage.json``: a Frictionless Data Package describing the tables, generated from the
codebook (field descriptions) and :mod:`baimo.data.claims` (columns) and :mod:`baimo.core.codebook` (vocabularies), so the three
cannot drift. The build writes it (:func:`write`); a test compares the committed file with
:func:`render`."""

from __future__ import annotations

import json
import re

from .. import __version__
from ..core import codebook, paths
from ..data import claims, record

LICENSE_NOTE = (
    "The coding (ids, categories, numbers in base units, English glosses, links) is licensed CC BY 4.0. "
    "Quotes are short excerpts of copyrighted articles, included for research and teaching; "
    "their copyright stays with the publishers."
)


def field_docs() -> dict[str, dict[str, str]]:
    """``{section: {column: description}}`` parsed from the codebook's tables."""
    docs: dict[str, dict[str, str]] = {}
    section = "shared"
    for line in paths.track(paths.CODEBOOK).read_text(encoding="utf-8").splitlines():
        m = re.match(r"## `(\w+)\.csv`", line)
        if m:
            section = m.group(1)
        elif line.startswith("## "):
            section = "shared"
        m = re.match(r"\|\s*`(\w+)`(?:, `(\w+)`)?\s*\|(.*)\|\s*$", line)
        if m:
            desc = m.group(3).split("|")[-1].strip()
            for name in filter(None, m.groups()[:2]):
                docs.setdefault(section, {})[name] = desc
    return docs


def _field(thread: str, col: str, docs) -> dict:
    desc = docs.get(thread, {}).get(col) or docs.get("shared", {}).get(col, "")
    f = {"name": col, "type": "number" if col in claims.NUMERIC else "string", "description": desc}
    if col in claims.NUMERIC:
        f["description"] = (desc + " In base units given by the row's `unit`.").strip()
    if col in codebook.VOCAB:
        f["constraints"] = {"enum": codebook.VOCAB[col] + ([""] if col not in claims.THREADS[thread]["required"] + claims.COMMON else [])}
    if col == "claim_id":
        f["constraints"] = {"required": True, "unique": True}
    return f


def descriptor() -> dict:
    docs = field_docs()
    resources = []
    for thread, spec in claims.THREADS.items():
        resources.append({
            "name": thread, "path": f"data/claims/{thread}.csv", "format": "csv", "encoding": "utf-8",
            "schema": {"fields": [_field(thread, c, docs) for c in spec["columns"]], "primaryKey": ["claim_id"]},
        })
    resources += [
        {"name": "articles", "path": "data/articles.csv", "format": "csv", "encoding": "utf-8"},
        {"name": "speakers", "path": "data/speakers.csv", "format": "csv", "encoding": "utf-8"},
        {"name": "public_record", "path": "data/reference/public_record.csv", "format": "csv", "encoding": "utf-8"},
        {"name": "links", "path": "data/reference/links.csv", "format": "csv", "encoding": "utf-8",
         "schema": {"fields": [{"name": c, "type": "string"} for c in record.LINK_COLUMNS]}},
        {"name": "frame_lexicon", "path": "data/lexicon/frames.csv", "format": "csv", "encoding": "utf-8",
         "description": "Words mapped to framing categories for jieba-based counting (data/lexicon/README.md)."},
        {"name": "jieba_userdict", "path": "data/lexicon/userdict.txt", "format": "txt", "encoding": "utf-8",
         "description": "jieba user dictionary: one 'word freq tag' per line."},
        {"name": "stopwords", "path": "data/lexicon/stopwords.txt", "format": "txt", "encoding": "utf-8",
         "description": "Stop words removed before counting terms."},
    ]
    return {
        "name": "baimo-claims", "title": "Baimo (百模): hand-coded claims from five Chinese articles on China's large-model industry",
        "version": __version__,
        "description": "Every number and judgement in five articles (Dec 2022 – May 2024), each with a verbatim quote "
                       "from the cleaned article text. Column rules: data/CODEBOOK.md.",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "x_license_note": LICENSE_NOTE,
        "resources": resources,
    }


def render() -> str:
    return json.dumps(descriptor(), ensure_ascii=False, indent=2) + "\n"


def write() -> bool:
    """Write ``datapackage.json`` if its content changes (the build calls this); return whether it did."""
    text = render()
    if paths.DATAPACKAGE.exists() and paths.DATAPACKAGE.read_text(encoding="utf-8") == text:
        return False
    tmp = paths.DATAPACKAGE.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(paths.DATAPACKAGE)
    return True
