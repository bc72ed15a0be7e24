"""``datapackage.json``: a Frictionless Data Package describing the tables, generated from the
codebook (field descriptions) and :mod:`baimo.data.claims` (columns) and :mod:`baimo.core.codebook` (vocabularies), so the three
cannot drift. The build writes it (from :func:`render`, staged with the notebooks); a test compares
the committed file with :func:`render`."""

from __future__ import annotations

import json
import re

from ... import __version__
from ...core import paths, registry
from ...data import claims, record

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


def claim_index() -> str:
    """``data/processed/claim_ids.csv``: every claim id and its table (the build writes it), so
    ``links.csv`` and the reliability files can declare a foreign key to one resource."""
    rows = ["claim_id,table"] + [f"{c},{t}" for c, t in sorted(claims.all_claim_ids().items())]
    return "\n".join(rows) + "\n"


def _field(f, doc: str = "") -> dict:
    """A Frictionless field from a :class:`baimo.core.schema.Field`."""
    out = {"name": f.name, "type": "number" if f.kind == "number" else "string"}
    if doc:
        out["description"] = doc + (" In base units given by the row's `unit`." if f.kind == "number" else "")
    constraints = {}
    if f.required:
        constraints["required"] = True
    if f.unique:
        constraints["unique"] = True
    if f.kind == "vocab":
        constraints["enum"] = f.values
    if f.pattern:
        constraints["pattern"] = f.pattern
    if f.kind == "date":
        constraints["pattern"] = r"\d{4}(-\d{2}(-\d{2})?)?"
    if f.kind == "number" and f.minimum is not None:
        constraints["minimum"] = f.minimum
    if constraints:
        out["constraints"] = constraints
    return out


def _fk(field: str, resource: str, target: str | None = None) -> dict:
    return {"fields": field, "reference": {"resource": resource, "fields": target or field}}


def _resource(name: str, path, fields, docs: dict | None = None, key: str | list[str] | None = None, fks=(),
              description=""):
    schema_ = {"fields": [_field(f, (docs or {}).get(f.name, "")) for f in fields], "missingValues": [""]}
    if key:
        schema_["primaryKey"] = [key] if isinstance(key, str) else list(key)
    if fks:
        schema_["foreignKeys"] = list(fks)
    out = {"name": name, "path": paths.rel(path), "format": "csv", "encoding": "utf-8", "schema": schema_}
    if description:
        out["description"] = description
    return out


def _reliability_resources() -> list[dict]:
    from ...data import reliability, scoring

    return [
        _resource("verdict_codings", scoring.CODINGS, scoring.CODING_FIELDS,
                  description="The forecasts' verdicts scored twice: the first scorer's (the table before the second "
                              "scoring) and a blind second scorer's, long form, with the outcomes each relied on."),
        _resource("verdict_adjudication", scoring.ADJUDICATION, scoring.ADJUDICATION_FIELDS, key="prediction_id",
                  description="Every disagreement between the two scorers of the verdicts, decided, with the rule and reason."),
        _resource("codings", reliability.CODINGS, reliability.CODING_FIELDS,
                  description="Reliability round 1 (the first codebook): both codings (the tables before adjudication, "
                              "and a blind second) of every judgement field, long form."),
        _resource("codings_round2", reliability.CODINGS_ROUND2, reliability.CODING_FIELDS,
                  description="Reliability round 2 (the codebook with R1-R7): a stratified sample, the adjudicated "
                              "tables as they stood when it was drawn (first) beside fresh blind coders (second), long form."),
        _resource("comments_round2", reliability.COMMENTS_ROUND2, reliability.COMMENT_FIELDS,
                  description="The round-2 blind coders' comments on their units (not counted in alpha)."),
        _resource("adjudication", reliability.ADJUDICATION, reliability.ADJUDICATION_FIELDS,
                  description="Every disagreement between the coders of each round and every rule-driven change, with "
                              "the rule, the reason and the final value (a later round's decision supersedes an earlier one)."),
        _resource("agreement", reliability.AGREEMENT, reliability.AGREEMENT_FIELDS, key=["round", "field"],
                  description="Krippendorff's alpha per round and double-coded field, before that round's adjudication "
                              "(generated by `baimo agreement` from the codings; `baimo check` refuses a stale copy)."),
    ]


def descriptor() -> dict:
    from ...core.schema import Field
    from ...data import lexicon, outcomes, predictions
    from .checks import ARTICLE_FIELDS, SPEAKER_FIELDS

    docs = field_docs()
    who = [_fk("article_id", "articles"), _fk("speaker", "speakers")]
    resources = [
        _resource("articles", paths.ARTICLES_TABLE, ARTICLE_FIELDS, key="article_id",
                  description="The five articles: ids, raw files, titles, outlets, dates and how each was dated."),
        _resource("speakers", paths.SPEAKERS_TABLE, SPEAKER_FIELDS, key="speaker",
                  description="Every speaker, with role and affiliation; `articles` lists where each speaks."),
        _resource("threads", registry.THREADS_TABLE, [Field(c, unique=c in ("thread", "prefix"))
                                                       for c in registry.THREAD_COLUMNS], key="thread",
                  description="The registry of threads: each thread's id prefix, table, notebook and labels."),
    ]
    for thread in claims.threads():
        d = {**docs.get("shared", {}), **docs.get(thread, {})}
        resources.append(_resource(thread, claims.table_path(thread), claims.fields(thread), d, "claim_id", who,
                                   f"Hand-coded claims, thread {thread} (rules: data/CODEBOOK.md)."))
    resources += [
        _resource("claim_index", paths.CLAIM_INDEX, [Field("claim_id", unique=True), Field("table", "vocab", vocab=tuple(claims.threads()))],
                  key="claim_id", description="Every claim id and its table (generated by the build)."),
        _resource("predictions", predictions.PATH, predictions.FIELDS, key="prediction_id", fks=who,
                  description="Every forward-looking statement, its resolution criterion (written before outcomes were "
                              "looked at) and its verdict."),
        _resource("public_record", record.PUBLIC_RECORD, record.FIELDS,
                  key="fact_id", description="Public-record facts the claims are checked against, with the project's check."),
        _resource("links", record.LINKS, [Field("claim_id"), Field("fact_id"), Field("status", "vocab", vocab="status"),
                                          Field("explanation")],
                  fks=[_fk("claim_id", "claim_index"), _fk("fact_id", "public_record")],
                  description="A claim checked against a public-record fact, with a status and an explanation."),
        _resource("outcomes", outcomes.PATH, outcomes.FIELDS, key="outcome_id",
                  description="What happened next (to late 2026), with how far each fact was checked."),
        *_reliability_resources(),
        _resource("frame_lexicon", lexicon.FRAMES, [Field("word", unique=True), Field("frame", "vocab", vocab="frame"),
                                                    Field("note", required=False)], key="word",
                  description="Words mapped to framing categories for jieba-based counting (data/lexicon/README.md)."),
    ]
    return {
        "name": "baimo-claims", "title": "Baimo (百模): hand-coded claims from five Chinese articles on China's large-model industry",
        "version": __version__,
        "description": "Every number and judgement in five articles (Dec 2022 – May 2024), each with a verbatim quote "
                       "from the cleaned article text, double-coded, checked against the public record, and the "
                       "articles' forecasts scored against what happened next. Column rules: data/CODEBOOK.md.",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "x_license_note": LICENSE_NOTE,
        "resources": resources,
    }


def render() -> str:
    return json.dumps(descriptor(), ensure_ascii=False, indent=2) + "\n"
