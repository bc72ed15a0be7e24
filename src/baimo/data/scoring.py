"""The forecasts' verdicts scored twice (``data/reliability/verdict-codings.csv`` and
``verdict-adjudication.csv``).

Every forecast in ``data/claims/predictions.csv`` was scored by the first scorer (the table's verdicts
as they stood before the second scoring) and, blind, by a second scorer who saw each forecast's
statement, quote and criterion and the outcomes table — never the first verdict, its reasoning or the
outcomes it cited (``scripts/forecast_scoring_packet.py``). Every disagreement was then decided, with
the rule (``V1``, ``V2``: ``data/CODEBOOK.md``; ``criterion``: the criterion's own words; ``evidence``:
what the outcomes show) and a reason.

:func:`problems` checks that both scorers scored every forecast once with a verdict of the codebook,
that there is one decision per disagreement and none elsewhere, that each decision's ``first`` and
``second`` are what the two scorers said, and that its ``final`` is the verdict the table now holds.
"""

from __future__ import annotations

import pandas as pd

from ..core import codebook, paths, schema
from ..core.files import Problem, ValidationError
from ..core.schema import Field

FOLDER = paths.DATA / "reliability"
CODINGS = FOLDER / "verdict-codings.csv"
ADJUDICATION = FOLDER / "verdict-adjudication.csv"
CODING_FIELDS = [Field("prediction_id", pattern=r"X-[a-z0-9]+-\d{2,3}"), Field("coder", "vocab", vocab="coder"),
                 Field("verdict", "vocab", vocab="verdict"), Field("outcome_ids", required=False), Field("reason")]
ADJUDICATION_FIELDS = [Field("prediction_id", pattern=r"X-[a-z0-9]+-\d{2,3}", unique=True),
                       Field("first", "vocab", vocab="verdict"), Field("second", "vocab", vocab="verdict"),
                       Field("final", "vocab", vocab="verdict"), Field("rule", "vocab", vocab="rule"),
                       Field("reason")]
#: The verdicts that say how a forecast turned out, in order (for ordinal agreement): the others
#: (too early, cannot be resolved) are not on the scale.
ORDINAL = {"came_true": 2, "partly": 1, "did_not": 0}


def _read(path, fields):
    df, probs = schema.read_table(path, [f.name for f in fields])
    if df is None:
        return None, probs
    return df, probs + schema.check_fields(df, fields, paths.rel(path))


def codings() -> pd.DataFrame:
    df, probs = _read(CODINGS, CODING_FIELDS)
    if probs:
        raise ValidationError(probs)
    return df


def adjudication() -> pd.DataFrame:
    df, probs = _read(ADJUDICATION, ADJUDICATION_FIELDS)
    if probs:
        raise ValidationError(probs)
    return df


def pairs(cod: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per forecast: ``first`` and ``second`` verdicts."""
    cod = codings() if cod is None else cod
    return cod.pivot(index="prediction_id", columns="coder", values="verdict").reindex(columns=["first", "second"])


def problems(verdicts: dict[str, str]) -> list[Problem]:
    """``verdicts``: ``{prediction_id: verdict}`` of the table. See the module docstring."""
    cod, out = _read(CODINGS, CODING_FIELDS)
    adj, more = _read(ADJUDICATION, ADJUDICATION_FIELDS)
    out += more
    if cod is None or adj is None or out:
        return out
    name = paths.rel(CODINGS)
    counts = cod.groupby(["prediction_id", "coder"]).size().unstack(fill_value=0).reindex(
        index=sorted(set(verdicts) | set(cod.prediction_id)), columns=["first", "second"], fill_value=0)
    for pid, n in counts[(counts["first"] != 1) | (counts["second"] != 1)].iterrows():
        out.append(Problem(name, None, "coder", f"{pid}: scored {n['first']} time(s) by the first scorer and "
                                                f"{n['second']} by the second, not once by each"))
    if out:
        return out
    pair = pairs(cod)
    split = set(pair.index[pair["first"] != pair["second"]])
    aname = paths.rel(ADJUDICATION)
    for i, r in enumerate(adj.itertuples(), start=2):
        if r.prediction_id not in pair.index:
            out.append(Problem(aname, i, "prediction_id", f"{r.prediction_id!r}: no such forecast was scored"))
            continue
        for col in ("first", "second"):
            if getattr(r, col) != pair.loc[r.prediction_id, col]:
                out.append(Problem(aname, i, col, f"{getattr(r, col)!r}, but the {col} scorer said "
                                                  f"{pair.loc[r.prediction_id, col]!r} ({name})"))
        if verdicts.get(r.prediction_id) != r.final:
            out.append(Problem(aname, i, "final", f"{r.final!r}, but data/claims/predictions.csv says "
                                                  f"{verdicts.get(r.prediction_id)!r}"))
    for pid in sorted(split - set(adj.prediction_id)):
        out.append(Problem(aname, None, "prediction_id", f"{pid}: the scorers disagree and no decision is recorded"))
    for pid in sorted(set(adj.prediction_id) & set(pair.index) - split):
        out.append(Problem(aname, None, "prediction_id", f"{pid}: a decision where the scorers agreed"))
    for pid in sorted(set(pair.index) - split):
        if verdicts.get(pid) != pair.loc[pid, "first"]:
            out.append(Problem(name, None, "verdict", f"{pid}: both scorers said {pair.loc[pid, 'first']!r}, but "
                                                      f"data/claims/predictions.csv says {verdicts.get(pid)!r}"))
    return out


def agreement_counts(cod: pd.DataFrame | None = None) -> pd.DataFrame:
    """The two scorings cross-tabulated (first in rows, second in columns), in the codebook's order."""
    p = pairs(cod)
    order = codebook.VERDICT.values
    return pd.crosstab(p["first"], p["second"]).reindex(index=order, columns=order, fill_value=0)
