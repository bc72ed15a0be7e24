"""The articles' forecasts (``data/claims/predictions.csv``) and how each turned out.

One row per forward-looking statement: who said it and when, the claims it rests on, the verbatim
quote, a one-sentence statement, a horizon, and a **resolution criterion written from the article
alone** before any outcome was looked at (git history keeps it as first written). The resolution
columns were added afterwards: a ``verdict`` (came true / partly / did not / too early / cannot be
resolved), the ``outcome_ids`` of ``data/reference/outcomes.csv`` behind it, and one line of reasoning.
"""

from __future__ import annotations

import pandas as pd

from ..core import paths, schema
from ..core.files import Problem, ValidationError
from ..core.schema import Field
from . import claims, corpus, outcomes

PATH = paths.CLAIMS / "predictions.csv"
FIELDS = [
    Field("prediction_id", "id", pattern=r"X-[a-z0-9]+-\d{2,3}", unique=True),
    Field("article_id"), Field("speaker"), Field("attribution", "vocab", vocab="attribution"),
    Field("kind", "vocab", vocab="kind_of_prediction"), Field("host_question", "vocab", vocab="host_question"),
    Field("said_on", "date"), Field("thread", "vocab", vocab="thread"), Field("rests_on", required=False),
    Field("quote"), Field("quote_en"), Field("statement_en"), Field("horizon"),
    Field("due", "date", required=False), Field("criterion"), Field("note", required=False),
    Field("verdict", "vocab", vocab="verdict"), Field("outcome_ids", required=False),
    Field("resolved_on", "date", required=False), Field("reasoning"), Field("sources_disagree", required=False),
]
COLUMNS = [f.name for f in FIELDS]
AS_OF = "2026-12-01"  # the date the verdicts were made


def split_ids(text: str) -> list[str]:
    return [s.strip() for s in text.split(";") if s.strip()]


def problems(claim_ids: set[str] | None = None, outcome_ids: set[str] | None = None, read=None) -> list[Problem]:
    """Fields, quotes in the cleaned text, speakers of the article, dates within the article's dating,
    claims and outcomes that exist, and an outcome behind every verdict that is not 'unresolvable'.
    ``read``: what ``schema.read_table`` gave for the file, if the caller has read it already."""
    df, out = read if read is not None else schema.read_table(PATH, COLUMNS)
    out = list(out)
    if df is None:
        return out
    name = paths.rel(PATH)
    out += schema.check_fields(df, FIELDS, name)
    texts = corpus.clean_texts()
    speakers = claims.speakers_by_name()
    spans = corpus.date_spans().set_index("article_id")
    claim_ids = claim_ids if claim_ids is not None else set(claims.all_claim_ids())
    outcome_ids = outcome_ids if outcome_ids is not None else set(outcomes.load().outcome_id)
    for i, r in enumerate(df.itertuples(), start=2):
        if r.article_id not in texts:
            out.append(Problem(name, i, "article_id", f"unknown article {r.article_id!r}"))
            continue
        if r.quote and claims.find_quote(r.quote, texts[r.article_id]) is None:
            out.append(Problem(name, i, "quote", f"not found verbatim in data/processed/clean/{r.article_id}.txt; "
                                                 f"closest passage: {claims.closest_passage(r.quote, texts[r.article_id])!r}"))
        if r.speaker not in speakers or r.article_id not in speakers[r.speaker]:
            out.append(Problem(name, i, "speaker", f"{r.speaker!r} does not speak in {r.article_id}"))
        if not r.prediction_id.startswith(f"X-{r.article_id}-"):
            out.append(Problem(name, i, "prediction_id", f"{r.prediction_id!r} should start with 'X-{r.article_id}-'"))
        out += claims.said_on_problems(r.said_on, spans.loc[r.article_id], name, i)
        for c in split_ids(r.rests_on):
            if c not in claim_ids:
                out.append(Problem(name, i, "rests_on", f"unknown claim {c!r}"))
        for o in split_ids(r.outcome_ids):
            if o not in outcome_ids:
                out.append(Problem(name, i, "outcome_ids", f"unknown outcome {o!r} (not in data/reference/outcomes.csv)"))
        if r.verdict in ("came_true", "partly", "did_not") and not split_ids(r.outcome_ids):
            out.append(Problem(name, i, "outcome_ids", f"verdict {r.verdict!r} needs the outcomes behind it"))
        due, said = schema.parse_date(r.due), schema.parse_date(r.said_on)
        if due is not None and said is not None and due < said:
            out.append(Problem(name, i, "due", f"{r.due!r} is before the date it was said ({r.said_on})"))
    return out


def load() -> pd.DataFrame:
    """The predictions table, checked (raises listing every problem), with dates parsed
    (``said_date``, ``due_date``, ``resolved_date``) and the quote's offset in its article."""
    df, read_problems = schema.read_table(PATH, COLUMNS)
    probs = problems(read=(df, read_problems))
    if probs:
        raise ValidationError(probs)
    df["said_date"] = [schema.parse_date(d) for d in df.said_on]
    df["due_date"] = [schema.parse_date(d) if d else pd.NaT for d in df.due]
    df["resolved_date"] = [schema.parse_date(d) if d else pd.NaT for d in df.resolved_on]
    texts = corpus.clean_texts()
    df["quote_offset"] = [claims.find_quote(q, texts[a]) for q, a in zip(df.quote, df.article_id)]
    return df

