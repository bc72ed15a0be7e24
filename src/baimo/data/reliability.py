"""Double coding (``data/reliability/``): both codings of every judgement field, and the adjudication.

* ``codings.csv`` — long form, one row per claim × field × coder (``first``: the tables as they stood
  before adjudication; ``second``: the blind second coding). Link statuses are coded per link, with
  ``claim_id`` written ``<claim>|<fact_id>``.
* ``adjudication.csv`` — one row per decision: every disagreement, and every value changed although
  the coders agreed (a rule applied to all rows), with the rule and the reason. ``DROP`` removes a row.
* ``agreement.csv`` — Krippendorff's α per field with a bootstrap interval, made by ``baimo agreement``
  from ``codings.csv`` (:mod:`baimo.text.agreement`).

:data:`FIELDS` says which fields were double-coded in each table and at which level of measurement
α is computed for each.
"""

from __future__ import annotations

import pandas as pd

from .. import BaimoError
from ..core import codebook, paths, registry, schema
from ..core.files import Problem, ValidationError
from ..core.schema import Field

FOLDER = paths.DATA / "reliability"
CODINGS = FOLDER / "codings.csv"
ADJUDICATION = FOLDER / "adjudication.csv"
AGREEMENT = FOLDER / "agreement.csv"

#: Double-coded fields per table and the level of measurement of each (α's distance metric).
#: Numbers are compared as log10 of the value; ``winner`` (free text) as whether a winner is named.
FIELDS: dict[str, dict[str, str]] = {
    "lag": {"dimension": "nominal", "judgement": "ordinal", "trend": "nominal", "attribution": "nominal",
            "modality": "nominal"},
    "framing": {"frame": "nominal", "source_domain": "nominal", "predicted_outcome": "nominal",
                "stance_many_models": "nominal", "winner": "nominal", "attribution": "nominal"},
    "compute": {"attribution": "nominal", "qualifier": "nominal", "modality": "nominal", "unit": "nominal",
                "value": "interval", "low": "interval", "high": "interval"},
    "parameters": {"attribution": "nominal", "qualifier": "nominal", "modality": "nominal", "unit": "nominal",
                   "value": "interval", "low": "interval", "high": "interval"},
    "links": {"status": "nominal"},
}
#: Columns adjudication may change that were never double-coded (``second`` is empty for them).
SINGLE_CODED = ("metaphor",)
RULES = tuple(codebook.RULE.values)
CODING_FIELDS = [Field("claim_id", pattern=r"[CLPF]-[a-z0-9]+-\d{2,3}(\|F\d{2,3})?"),
                 Field("field", "vocab", vocab=tuple(sorted({f for fs in FIELDS.values() for f in fs}))),
                 Field("coder", "vocab", vocab="coder"), Field("value", required=False)]
ADJUDICATION_FIELDS = [Field("claim_id", pattern=r"[CLPF]-[a-z0-9]+-\d{2,3}(\|F\d{2,3})?"),
                       Field("field", "vocab", vocab=tuple(sorted({f for fs in FIELDS.values() for f in fs} | {"row", *SINGLE_CODED}))),
                       Field("first", required=False), Field("second", required=False), Field("final", required=False),
                       Field("rule", "vocab", vocab="rule"), Field("reason")]


def table_of(claim_id: str) -> str:
    """The table a coded unit belongs to: ``links`` for ``C-…|F..``, else by the claim's letter."""
    if "|" in claim_id:
        return "links"
    return registry.table_of_prefix()[claim_id[0]]


def problems(claim_ids: set[str], link_ids: set[str]) -> list[Problem]:
    """Problems with the two files: fields, units that exist (a claim or link of the tables as first
    coded, i.e. in the adjudication if dropped since), both coders on every unit × field, values in
    each field's vocabulary."""
    out: list[Problem] = []
    cod, probs = schema.read_table(CODINGS, [f.name for f in CODING_FIELDS])
    out += probs if cod is None else schema.check_fields(cod, CODING_FIELDS, paths.rel(CODINGS))
    adj, probs = schema.read_table(ADJUDICATION, [f.name for f in ADJUDICATION_FIELDS])
    out += probs if adj is None else schema.check_fields(adj, ADJUDICATION_FIELDS, paths.rel(ADJUDICATION))
    if out:
        return out
    dropped = set(adj.claim_id[adj.final == "DROP"])
    known = claim_ids | link_ids | dropped
    name = paths.rel(CODINGS)
    vocab = {f: set(v) for f, v in codebook.VOCAB.items()}
    for i, r in enumerate(cod.itertuples(), start=2):
        if r.claim_id not in known:
            out.append(Problem(name, i, "claim_id", f"unknown claim or link {r.claim_id!r}"))
        elif r.field not in FIELDS[table_of(r.claim_id)]:
            out.append(Problem(name, i, "field", f"{r.field!r} is not a double-coded field of {table_of(r.claim_id)}"))
        elif r.field in vocab and r.value and r.value not in vocab[r.field]:
            out.append(Problem(name, i, "value", f"{r.value!r}: not in the controlled vocabulary"))
    counts = cod.groupby(["claim_id", "field", "coder"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=["first", "second"], fill_value=0)
    for (cid, field), n in counts[(counts["first"] != 1) | (counts["second"] != 1)].iterrows():
        out.append(Problem(name, None, "coder", f"{cid} {field}: coded {n['first']} time(s) by the first coder and "
                                                f"{n['second']} by the second, not once by each"))
    return out


def codings() -> pd.DataFrame:
    df, probs = schema.read_table(CODINGS, [f.name for f in CODING_FIELDS])
    if probs:
        raise ValidationError(probs)
    return df


def adjudication() -> pd.DataFrame:
    df, probs = schema.read_table(ADJUDICATION, [f.name for f in ADJUDICATION_FIELDS])
    if probs:
        raise ValidationError(probs)
    return df


def agreement() -> pd.DataFrame:
    df, probs = schema.read_table(AGREEMENT, ["field", "level", "n_units", "percent_agreement", "alpha",
                                              "alpha_low", "alpha_high"])
    if probs:
        raise ValidationError(probs)
    return schema.numbers(df, ["n_units", "percent_agreement", "alpha", "alpha_low", "alpha_high"])


def changes(adj: pd.DataFrame | None = None) -> pd.DataFrame:
    """What adjudication changed, per table: rows dropped, values changed (disagreements resolved and
    rule-driven changes to values both coders agreed on), by rule; and changes to columns that were
    never double-coded (:data:`SINGLE_CODED`)."""
    adj = adjudication() if adj is None else adj
    adj = adj.assign(table=adj.claim_id.map(table_of))
    dropped = adj[adj.final == "DROP"].groupby("table").claim_id.nunique().rename("rows dropped")
    values = adj[(adj.final != "DROP") & ~adj.field.isin(SINGLE_CODED)]
    single = adj[adj.field.isin(SINGLE_CODED)].groupby("table").size().rename("single-coded values changed")
    agreed = values[values["first"] == values["second"]].groupby("table").size().rename("agreed values changed by a rule")
    disagreed = values[values["first"] != values["second"]]
    kept_first = disagreed[disagreed.final == disagreed["first"]].groupby("table").size().rename("disagreements: first coding kept")
    took_second = disagreed[disagreed.final != disagreed["first"]].groupby("table").size().rename("disagreements: changed")
    out = pd.concat([dropped, kept_first, took_second, agreed, single], axis=1).fillna(0).astype(int)
    return out.reindex([t for t in FIELDS if t in out.index])


RELIABLE_ALPHA, TENTATIVE_ALPHA = codebook.RELIABLE_ALPHA, codebook.TENTATIVE_ALPHA


def tentative(fields) -> list[str]:
    """A sentence for each of ``fields`` (``table.field``) whose coders agreed below α = 0.667: the flag a
    chart resting on it carries (on the chart, under it, and in its caption)."""
    if not fields:
        return []
    table = agreement().set_index("field")
    out = []
    for f in fields:
        if f not in table.index:
            raise BaimoError(f"rests_on names {f!r}, which is not a double-coded field ({paths.rel(AGREEMENT)})")
        a = table.loc[f, "alpha"]
        if a != a or a < TENTATIVE_ALPHA:  # NaN: too few units to tell
            shown = "not computable" if a != a else f"α = {a:.2f}"
            out.append(f"rests on {f}, where the two coders' agreement is low ({shown}; below {TENTATIVE_ALPHA})")
    return out
