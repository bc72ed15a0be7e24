"""Double coding (``data/reliability/``): both codings of every judgement field, in two rounds, and
the adjudication.

* ``codings.csv`` — round 1 (the first codebook): long form, one row per claim × field × coder (``first``:
  the tables as they stood before adjudication; ``second``: the blind second coding). Link statuses are
  coded per link, with ``claim_id`` written ``<claim>|<fact_id>``.
* ``codings-round2.csv`` — round 2 (the codebook with R1–R7): a stratified sample coded afresh by new
  blind coders (``second``) beside the adjudicated tables as they stood when it was drawn (``first``;
  ``scripts/reliability_round2_codings.py`` builds it). ``comments-round2.csv`` keeps those coders'
  comments, which α leaves out.
* ``adjudication.csv`` — one row per decision, with the ``round`` it belongs to: every disagreement, and
  (round 1) every value changed although the coders agreed (a rule applied to all rows), with the rule
  and the reason. ``DROP`` removes a row. A later round's decision on the same cell supersedes an
  earlier one (:func:`latest_decisions`).
* ``agreement.csv`` — Krippendorff's α per round and field with a bootstrap interval, made by
  ``baimo agreement`` from the codings (:mod:`baimo.text.agreement`); ``baimo check`` refuses a copy
  that differs from what the codings give.

:data:`FIELDS` says which fields were double-coded in each table and at which level of measurement
α is computed for each. A chart resting on a field is flagged while the field's latest α is below
0.80 (:func:`tentative`).
"""

from __future__ import annotations

import pandas as pd

from .. import BaimoError
from ..core import codebook, paths, registry, schema
from ..core.files import Problem, ValidationError
from ..core.schema import Field

FOLDER = paths.DATA / "reliability"
CODINGS = FOLDER / "codings.csv"
CODINGS_ROUND2 = FOLDER / "codings-round2.csv"
COMMENTS_ROUND2 = FOLDER / "comments-round2.csv"
ADJUDICATION = FOLDER / "adjudication.csv"
AGREEMENT = FOLDER / "agreement.csv"
#: The codings of each round: 1, the first codebook; 2, the codebook with the clarifications R1–R7.
ROUNDS = {1: CODINGS, 2: CODINGS_ROUND2}
ROUND_NAMES = {1: "first codebook", 2: "revised codebook"}

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
_UNIT = r"[CLPF]-[a-z0-9]+-\d{2,3}(\|F\d{2,3})?"
ROUND_FIELD = Field("round", "vocab", vocab=tuple(str(r) for r in ROUNDS))
CODING_FIELDS = [Field("claim_id", pattern=_UNIT),
                 Field("field", "vocab", vocab=tuple(sorted({f for fs in FIELDS.values() for f in fs}))),
                 Field("coder", "vocab", vocab="coder"), Field("value", required=False)]
COMMENT_FIELDS = [Field("unit", pattern=_UNIT), Field("comment")]
ADJUDICATION_FIELDS = [ROUND_FIELD, Field("claim_id", pattern=_UNIT),
                       Field("field", "vocab", vocab=tuple(sorted({f for fs in FIELDS.values() for f in fs} | {"row", *SINGLE_CODED}))),
                       Field("first", required=False), Field("second", required=False), Field("final", required=False),
                       Field("rule", "vocab", vocab="rule"), Field("reason")]
AGREEMENT_FIELDS = [ROUND_FIELD, Field("field"), Field("level", "vocab", vocab=("nominal", "ordinal", "interval")),
                    Field("n_units", "number")] + [Field(c, "number", required=False, minimum=None) for c in
                                                   ("percent_agreement", "alpha", "alpha_low", "alpha_high")]


def table_of(claim_id: str) -> str:
    """The table a coded unit belongs to: ``links`` for ``C-…|F..``, else by the claim's letter."""
    if "|" in claim_id:
        return "links"
    return registry.table_of_prefix()[claim_id[0]]


def _read(path, fields: list[Field]) -> tuple[pd.DataFrame | None, list[Problem]]:
    df, probs = schema.read_table(path, [f.name for f in fields])
    return df, probs if df is None else schema.check_fields(df, fields, paths.rel(path))


def differ(a: str, b: str) -> bool:
    """Whether two coded values differ (numbers as numbers: ``1.7e11`` is ``170000000000``)."""
    if a == b:
        return False
    try:
        return float(a) != float(b)
    except ValueError:
        return True


def problems(claim_ids: set[str], link_ids: set[str]) -> list[Problem]:
    """Problems with the reliability files: fields, units that exist (a claim or link of the tables, or
    one adjudication dropped since), both coders once on every unit × field of each round, values in
    each field's vocabulary, a decision of the same round on every disagreement carrying that round's
    two values, and comments on coded units only. (``agreement.csv`` against the codings:
    :func:`baimo.text.agreement.stale`.)"""
    read = {r: _read(path, CODING_FIELDS) for r, path in ROUNDS.items()}
    adj, out = _read(ADJUDICATION, ADJUDICATION_FIELDS)
    com, probs = _read(COMMENTS_ROUND2, COMMENT_FIELDS)
    out += probs + [p for _, probs in read.values() for p in probs]
    if out:
        return out
    known = claim_ids | link_ids | set(adj.claim_id[adj.final == "DROP"])
    for r, (cod, _) in read.items():
        out += _coding_problems(cod, paths.rel(ROUNDS[r]), known)
        out += _decision_problems(cod, adj, r)
    coded = set(read[2][0].claim_id)
    out += [Problem(paths.rel(COMMENTS_ROUND2), i, "unit", f"{u!r} is not a unit of {paths.rel(CODINGS_ROUND2)}")
            for i, u in enumerate(com.unit, start=2) if u not in coded]
    return out


def _coding_problems(cod: pd.DataFrame, name: str, known: set[str]) -> list[Problem]:
    out = []
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


def _decision_problems(cod: pd.DataFrame, adj: pd.DataFrame, r: int) -> list[Problem]:
    """Round ``r``'s decisions against round ``r``'s codings: each disagreement decided, each decision on
    a coded cell quoting both coders' values."""
    out, name = [], paths.rel(ADJUDICATION)
    coded = cod.pivot_table(index=["claim_id", "field"], columns="coder", values="value", aggfunc="first")
    mine = adj[adj["round"] == str(r)]
    decided = set(zip(mine.claim_id, mine.field))
    for (cid, field), v in coded.iterrows():
        if differ(v["first"], v["second"]) and (cid, field) not in decided:
            out.append(Problem(name, None, "round", f"round {r}: {cid} {field} ({v['first']!r} / {v['second']!r}) "
                                                    "has no decision of that round"))
    for i, d in mine.iterrows():
        if (d.claim_id, d.field) in coded.index:
            v = coded.loc[(d.claim_id, d.field)]
            if differ(d["first"], v["first"]) or differ(d["second"], v["second"]):
                out.append(Problem(name, i + 2, "first", f"{d['first']!r} / {d['second']!r}, but round {r}'s codings "
                                                         f"of {d.claim_id} {d.field} are {v['first']!r} / {v['second']!r}"))
    return out


def codings(round: int = 1) -> pd.DataFrame:
    """The codings of one round (1: ``codings.csv``; 2: ``codings-round2.csv``)."""
    if round not in ROUNDS:
        raise BaimoError(f"no reliability round {round} (rounds: {sorted(ROUNDS)})")
    df, probs = schema.read_table(ROUNDS[round], [f.name for f in CODING_FIELDS])
    if probs:
        raise ValidationError(probs)
    return df


def comments() -> pd.DataFrame:
    """The round-2 blind coders' comments (``unit``, ``comment``): kept, never counted in α."""
    df, probs = schema.read_table(COMMENTS_ROUND2, [f.name for f in COMMENT_FIELDS])
    if probs:
        raise ValidationError(probs)
    return df


def adjudication(round: int | None = None) -> pd.DataFrame:
    """Every decision (``round`` as an int), or one round's."""
    df, probs = schema.read_table(ADJUDICATION, [f.name for f in ADJUDICATION_FIELDS])
    if probs:
        raise ValidationError(probs)
    df = df.assign(round=df["round"].astype(int))
    return df if round is None else df[df["round"] == round].reset_index(drop=True)


def latest_decisions(adj: pd.DataFrame | None = None) -> pd.DataFrame:
    """The decision in force on each cell: per claim × field the latest round's (a round-2 decision
    supersedes round 1's on the same cell; within a round, the last row)."""
    adj = adjudication() if adj is None else adj
    if "round" not in adj:
        return adj.drop_duplicates(["claim_id", "field"], keep="last")
    order = adj.assign(_n=range(len(adj))).sort_values(["round", "_n"], kind="stable")
    return order.drop_duplicates(["claim_id", "field"], keep="last").sort_values("_n").drop(columns="_n")


def agreement(round: int | None = 1) -> pd.DataFrame:
    """``agreement.csv``: one round's rows (round 1 by default: the figures first published), or every
    round's (``round=None``), with ``round`` and the numbers as numbers."""
    df, probs = schema.read_table(AGREEMENT, [f.name for f in AGREEMENT_FIELDS])
    if probs:
        raise ValidationError(probs)
    df = schema.numbers(df, ["n_units", "percent_agreement", "alpha", "alpha_low", "alpha_high"])
    df = df.assign(round=df["round"].astype(int))
    return df if round is None else df[df["round"] == round].reset_index(drop=True)


def latest() -> pd.DataFrame:
    """Each field's agreement in the latest round that coded it (one row per field)."""
    df = agreement(None).sort_values("round", kind="stable")
    return df.drop_duplicates("field", keep="last").set_index("field").loc[lambda d: sorted(d.index, key=lambda f: (_order(f), f))] \
        .reset_index()


def _order(field: str) -> tuple[int, int]:
    table, name = field.split(".")
    tables = list(FIELDS)
    return (tables.index(table), list(FIELDS[table]).index(name)) if table in FIELDS and name in FIELDS[table] \
        else (len(tables), 0)


def rounds() -> pd.DataFrame:
    """Both rounds side by side, one row per field: units and α of each round (empty where the round did
    not code the field), the round that counts (the latest), its α and whether a chart resting on the
    field is flagged (:func:`tentative`)."""
    df = agreement(None)
    out = pd.DataFrame({"field": sorted(set(df.field), key=lambda f: (_order(f), f))}).set_index("field")
    for r in sorted(ROUNDS):
        part = df[df["round"] == r].set_index("field")
        out[f"n_units_round{r}"] = part.n_units.reindex(out.index).astype("Int64")
        out[f"alpha_round{r}"] = part.alpha.reindex(out.index)
    now = latest().set_index("field")
    out["latest_round"] = now["round"].reindex(out.index)
    out["alpha_latest"] = now.alpha.reindex(out.index)
    out["flagged"] = [_flag(a) is not None for a in out.alpha_latest]
    return out.reset_index()


def changes(adj: pd.DataFrame | None = None, round: int | None = 1) -> pd.DataFrame:
    """What one round's adjudication changed (round 1 by default; ``None``: every round), per table: rows
    dropped, values changed (disagreements resolved and rule-driven changes to values both coders agreed
    on), by rule; and changes to columns that were never double-coded (:data:`SINGLE_CODED`). In
    round 2 "first" is the table as it stood when the sample was drawn."""
    adj = adjudication() if adj is None else adj
    if round is not None and "round" in adj:
        adj = adj[adj["round"] == round]
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


def _flag(a: float) -> str | None:
    """What α = ``a`` allows, if less than a reliable field (None from 0.80)."""
    if a != a:  # NaN: too few units to tell
        return "too few units to compute α"
    if a < TENTATIVE_ALPHA:
        return f"below {TENTATIVE_ALPHA}: not even tentative conclusions"
    if a < RELIABLE_ALPHA:
        return f"below {RELIABLE_ALPHA:.2f}: tentative conclusions only"
    return None


def tentative(fields) -> list[str]:
    """A sentence for each of ``fields`` (``table.field``) a chart must be flagged for: the flag it carries
    (on the chart, under it, and in its caption).

    The rule: each field counts with its agreement in the **latest round** that coded it (round 2, the
    revised codebook, for every field it re-tested; round 1 for the rest, e.g. ``compute``). A field is
    flagged while that α is below Krippendorff's 0.800 for a reliable field (``codebook.RELIABLE_ALPHA``):
    from 0.667 (``codebook.TENTATIVE_ALPHA``) to 0.800 it supports tentative conclusions only, below
    0.667 not even those; an α too few units to compute flags too. A chart stays flagged until a later
    round brings its field to 0.80. The sentence names the field, the round, the codebook and α."""
    if not fields:
        return []
    table = latest().set_index("field")
    out = []
    for f in fields:
        if f not in table.index:
            raise BaimoError(f"rests_on names {f!r}, which is not a double-coded field ({paths.rel(AGREEMENT)})")
        r, a = int(table.loc[f, "round"]), table.loc[f, "alpha"]
        where = "between two blind scorers" if f.startswith("predictions.") else f"in round {r} ({ROUND_NAMES[r]})"
        why = _flag(a)
        if why and a != a:
            out.append(f"rests on {f}: {why} {where}")
        elif why:
            out.append(f"rests on {f}: α = {a:.2f} {where}, {why}" if f.startswith("predictions.") else
                       f"rests on {f}: coders' α = {a:.2f} {where}, {why}")
    return out
