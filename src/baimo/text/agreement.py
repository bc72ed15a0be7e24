"""Agreement between two codings of the same units.

* Binary agreement of a lexicon with the hand coding (notebook 04): :func:`confusion`,
  :func:`precision_recall`, :func:`cohen_kappa`, per label and pooled (:func:`agreement_table`).
* Agreement of two human coders (``data/reliability/``): Krippendorff's α per field, computed with
  the maintained ``krippendorff`` package (:func:`alpha`), with a percentile bootstrap interval over
  units (:func:`bootstrap_alpha`, fixed seed), for every double-coded field (:func:`field_agreement`) of
  every round (:func:`rounds_table`, :func:`computed`: what ``baimo agreement`` writes to
  ``agreement.csv``; :func:`stale`: where the committed file differs, which ``baimo check`` refuses).
* One field unit by unit: :func:`alpha_without` (α with and without given units, e.g. an outlier) and
  :func:`influence` (α without each disputed unit in turn).

Cohen's (1960) κ = (p_o − p_e) / (1 − p_e), with p_o the observed share of agreement and
p_e = Σ_k p_a(k)·p_b(k) the agreement expected from the two marginals. Krippendorff's α = 1 − D_o/D_e,
the observed disagreement over the disagreement expected by chance, at the field's level of
measurement (nominal, ordinal or interval).
"""

from __future__ import annotations

import io
import math
from collections import Counter

import numpy as np
import pandas as pd

from .. import BaimoError
from ..core import paths, schema
from ..core.files import Problem
from ..data import reliability
from ..data.reliability import table_of


def confusion(gold, pred) -> dict[str, int]:
    """2×2 counts for binary ``gold`` (hand coding) vs ``pred`` (lexicon): tp, fp, fn, tn."""
    gold, pred = [bool(x) for x in gold], [bool(x) for x in pred]
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum((not g) and p for g, p in zip(gold, pred))
    fn = sum(g and (not p) for g, p in zip(gold, pred))
    return {"tp": tp, "fp": fp, "fn": fn, "tn": len(gold) - tp - fp - fn}


def precision_recall(gold, pred) -> dict[str, float]:
    """Precision = tp/(tp+fp), recall = tp/(tp+fn), F1 their harmonic mean (NaN when undefined)."""
    c = confusion(gold, pred)
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else float("nan")
    f = 2 * p * r / (p + r) if (p + r) and not (math.isnan(p) or math.isnan(r)) else float("nan")
    return {"precision": p, "recall": r, "f1": f}


def cohen_kappa(a, b) -> float:
    """Cohen's κ for two codings of the same items (any hashable categories).

    κ = (p_o − p_e) / (1 − p_e), p_o = share of items coded alike, p_e = Σ_k p_a(k) p_b(k).
    Returns NaN when p_e = 1 (both coders used a single, identical category throughout).
    """
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError("the two codings differ in length")
    if not a:
        return float("nan")
    n = len(a)
    p_o = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    p_e = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return float("nan") if p_e == 1 else (p_o - p_e) / (1 - p_e)


def agreement_table(gold: pd.Series, pred: pd.Series, labels: list[str]) -> pd.DataFrame:
    """Per label: units, hand-coded, lexicon, both, precision, recall, κ (binary, label vs not).

    ``gold`` and ``pred`` hold one set of labels per unit. A final row ``all (pooled)`` pools
    every (unit, label) pair.
    """
    rows = []
    g_all, p_all = [], []
    for lab in labels:
        g = [lab in s for s in gold]
        p = [lab in s for s in pred]
        g_all += g
        p_all += p
        c = confusion(g, p)
        rows.append({"frame": lab, "units": len(g), "hand_coded": c["tp"] + c["fn"], "lexicon": c["tp"] + c["fp"],
                     "both": c["tp"], **precision_recall(g, p), "kappa": cohen_kappa(g, p)})
    c = confusion(g_all, p_all)
    rows.append({"frame": "all (pooled)", "units": len(g_all), "hand_coded": c["tp"] + c["fn"],
                 "lexicon": c["tp"] + c["fp"], "both": c["tp"], **precision_recall(g_all, p_all),
                 "kappa": cohen_kappa(g_all, p_all)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- Krippendorff's alpha

BOOTSTRAP_DRAWS = 1000
BOOTSTRAP_SEED = 20261201


def alpha(first, second, level: str) -> float:
    """Krippendorff's α for two coders' values of the same units (NaN = not coded), at ``level``
    (``nominal``: codes compared as equal or not; ``ordinal``; ``interval``). NaN when it is undefined
    (fewer than two pairable units, or one value only)."""
    import krippendorff

    data = np.array([first, second], dtype=float)
    pairable = ~np.isnan(data).any(axis=0)
    if pairable.sum() < 2 or len(np.unique(data[:, pairable])) < 2:
        return math.nan
    return float(krippendorff.alpha(reliability_data=data[:, pairable], level_of_measurement=level))


def bootstrap_alpha(first, second, level: str, draws: int = BOOTSTRAP_DRAWS, seed: int = BOOTSTRAP_SEED,
                    ) -> tuple[float, float]:
    """95% percentile interval of α over ``draws`` resamples of the units (fixed seed: reproducible).

    Each resample's α is computed by :func:`resampled_alphas`, all at once (the same value
    :func:`alpha` gives, to rounding; a test holds them together), so that ``baimo check`` can afford
    to recompute every interval."""
    data = np.array([first, second], dtype=float)
    data = data[:, ~np.isnan(data).any(axis=0)]
    n = data.shape[1]
    if n < 2 or draws < 1:
        return math.nan, math.nan
    rng = np.random.default_rng(seed)
    idx = np.stack([rng.integers(0, n, n) for _ in range(draws)])  # one draw at a time: the stream of old
    values = resampled_alphas(data, idx, level)
    values = values[~np.isnan(values)]
    if not len(values):
        return math.nan, math.nan
    return float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5))


def resampled_alphas(data: np.ndarray, idx: np.ndarray, level: str) -> np.ndarray:
    """α of each resample of two coders' values: ``data`` is 2 × n (no gaps), ``idx`` draws × n unit
    indices. With two coders and every unit paired, α = 1 − (N − 1)·Σ_u 2δ²(a_u, b_u) / Σ_ck n_c n_k δ²_ck
    (N = 2n values, n_c the count of value c in the resample; Krippendorff's coincidence form), with
    δ² = [c ≠ k] (nominal), (c − k)² (interval), or (n_c + … + n_k − (n_c + n_k)/2)² (ordinal). NaN where
    the resample holds one value only."""
    domain, codes = np.unique(data, return_inverse=True)
    codes = codes.reshape(data.shape)
    k, (draws, n) = len(domain), idx.shape
    a, b = codes[0][idx], codes[1][idx]
    offset = (np.arange(draws) * k)[:, None]
    counts = (np.bincount((a + offset).ravel(), minlength=draws * k)
              + np.bincount((b + offset).ravel(), minlength=draws * k)).reshape(draws, k).astype(float)
    if level == "nominal":
        delta = np.broadcast_to(1.0 - np.eye(k), (draws, k, k))
    elif level == "interval":
        delta = np.broadcast_to((domain[:, None] - domain[None, :]) ** 2, (draws, k, k))
    else:
        cum = np.cumsum(counts, axis=1)
        lo, hi = np.minimum.outer(np.arange(k), np.arange(k)), np.maximum.outer(np.arange(k), np.arange(k))
        delta = (cum[:, hi] - cum[:, lo] + counts[:, lo] - (counts[:, lo] + counts[:, hi]) / 2) ** 2
    observed = 2 * delta[np.arange(draws)[:, None], a, b].sum(axis=1)
    expected = np.einsum("dc,dk,dck->d", counts, counts, delta)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 1 - (2 * n - 1) * observed / expected
    return np.where(expected > 0, out, np.nan)


def encode(values: pd.Series, field: str, level: str, scores: dict | None = None,
           codes: dict | None = None) -> np.ndarray:
    """A field's values as numbers for α: interval fields as log10 of the value (empty → NaN);
    ordinal fields by ``scores`` (values without a score → NaN); ``winner`` as named (1) or not (0);
    other nominal fields by ``codes`` (one code per value, shared by both coders)."""
    if level == "interval":
        x = pd.to_numeric(values.replace("", None), errors="coerce").astype(float)
        return np.log10(x.where(x > 0)).to_numpy()
    if level == "ordinal":
        return values.map(scores or {}).astype(float).to_numpy()
    if field == "winner":
        return (values.str.strip() != "").astype(float).to_numpy()
    codes = codes if codes is not None else {v: i for i, v in enumerate(sorted(set(values)))}
    return values.map(codes).astype(float).to_numpy()


def same(a: str, b: str, level: str, field: str) -> bool:
    """Whether two coded values agree (numbers within rounding; ``winner``: both name one, or neither)."""
    if level == "interval" and a and b:
        return math.isclose(float(a), float(b), rel_tol=1e-6)
    if field == "winner":
        return bool(a.strip()) == bool(b.strip())
    return a == b


def wide(codings: pd.DataFrame) -> pd.DataFrame:
    """Long codings (claim_id, field, coder, value) as one row per unit × field, with both coders' values
    (``first``, ``second``; empty where a coder gave none) and the unit's ``table``."""
    w = codings.pivot_table(index=["claim_id", "field"], columns="coder", values="value", aggfunc="first")
    w = w.reindex(columns=["first", "second"]).fillna("").reset_index()
    w.columns.name = None
    return w.assign(table=[table_of(c) for c in w.claim_id])


def one_field(sub: pd.DataFrame, table: str, field: str, level: str, scores: dict,
              draws: int = BOOTSTRAP_DRAWS) -> dict:
    """The agreement row of one field from its units (``sub``: rows of :func:`wide`)."""
    a, b = sub["first"], sub["second"]
    codes = {v: i for i, v in enumerate(sorted(set(a) | set(b)))}
    x, y = encode(a, field, level, scores, codes), encode(b, field, level, scores, codes)
    low, high = bootstrap_alpha(x, y, level, draws)
    return {"field": f"{table}.{field}", "level": level, "n_units": int((~(np.isnan(x) | np.isnan(y))).sum()),
            "percent_agreement": round(100 * float(np.mean([same(p, q, level, field) for p, q in zip(a, b)])), 1),
            "alpha": round(alpha(x, y, level), 3), "alpha_low": round(low, 3), "alpha_high": round(high, 3)}


def field_agreement(codings: pd.DataFrame, fields: dict[str, dict[str, str]], scores: dict,
                    draws: int = BOOTSTRAP_DRAWS) -> pd.DataFrame:
    """One row per table × field coded in ``codings``: ``field`` (``lag.judgement``), ``level``, ``n_units``
    (units both coders gave a value α can use), ``percent_agreement`` (over all units; empty vs filled is a
    disagreement), ``alpha`` and its bootstrap ``alpha_low``/``alpha_high``. A field no unit of
    ``codings`` has is left out (round 2 did not re-code ``compute``)."""
    w = wide(codings)
    rows = []
    for table, fs in fields.items():
        for field, level in fs.items():
            sub = w[(w.table == table) & (w.field == field)]
            if len(sub):
                rows.append(one_field(sub, table, field, level, scores, draws))
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- agreement.csv, every round


def rounds_table(codings: dict[int, pd.DataFrame], fields: dict[str, dict[str, str]], scores: dict,
                 draws: int = BOOTSTRAP_DRAWS) -> pd.DataFrame:
    """:func:`field_agreement` of each round's codings, one block per round, ``round`` first."""
    parts = [field_agreement(c, fields, scores, draws).assign(round=r) for r, c in sorted(codings.items())]
    out = pd.concat(parts, ignore_index=True)
    return out[["round", *[c for c in out.columns if c != "round"]]]


def verdict_agreement(draws: int = BOOTSTRAP_DRAWS) -> pd.DataFrame:
    """The forecasts' verdicts scored twice (:mod:`baimo.data.scoring`): ``predictions.verdict`` over every
    forecast (nominal, the five verdicts) and ``predictions.verdict_scale`` over the forecasts both scorers
    scored on the scale came true > partly > did not (ordinal), in round 1 (the verdicts' one double scoring)."""
    from ..data import scoring

    pair = scoring.pairs().reset_index()
    on_scale = pair[pair["first"].isin(scoring.ORDINAL) & pair["second"].isin(scoring.ORDINAL)]
    rows = [one_field(pair, "predictions", "verdict", "nominal", {}, draws),
            one_field(on_scale, "predictions", "verdict_scale", "ordinal", scoring.ORDINAL, draws)]
    return pd.DataFrame(rows).assign(round=1)


def computed() -> pd.DataFrame:
    """``agreement.csv`` as the committed codings of every round give it (what ``baimo agreement`` writes):
    the claims' fields round by round, then the forecasts' verdicts."""
    from ..core import codebook

    table = rounds_table({r: reliability.codings(r) for r in reliability.ROUNDS}, reliability.FIELDS,
                         codebook.JUDGEMENT_SCORE)
    return pd.concat([table, verdict_agreement()[table.columns]], ignore_index=True)


def render(table: pd.DataFrame | None = None) -> str:
    return (computed() if table is None else table).to_csv(index=False)


def _cell(text: str) -> float | str:
    try:
        return float(text) if text.strip() else math.nan
    except ValueError:
        return text


def _same_cell(a: str, b: str) -> bool:
    x, y = _cell(a), _cell(b)
    if isinstance(x, float) and isinstance(y, float):
        return (math.isnan(x) and math.isnan(y)) or math.isclose(x, y, rel_tol=0, abs_tol=1e-9)
    return a == b


def stale(expected: pd.DataFrame | None = None) -> list[Problem]:
    """Where ``data/reliability/agreement.csv`` differs from what the codings give (issue 22: a stale α
    drove the Tentative flags): each wrong cell by row and column, rows missing or extra. Numbers are
    compared as numbers. ``expected``: the table the codings give (default: :func:`computed`)."""
    name = paths.rel(reliability.AGREEMENT)
    columns = [f.name for f in reliability.AGREEMENT_FIELDS]
    df, probs = schema.read_table(reliability.AGREEMENT, columns)
    if probs:
        return probs
    want = pd.read_csv(io.StringIO(render(expected)), dtype=str, keep_default_na=False)
    want = {(r["round"], r["field"]): r for _, r in want.iterrows()}
    out, seen = [], set()
    fix = "; agreement.csv is generated from the codings: run `baimo agreement`"
    for i, r in enumerate(df.itertuples(index=False), start=2):
        key = (r.round, r.field)
        if key not in want or key in seen:
            why = "given twice" if key in seen else "not a field the codings of that round give"
            out.append(Problem(name, i, "field", f"round {r.round} {r.field}: {why}{fix}"))
            continue
        seen.add(key)
        for col in columns[2:]:
            if not _same_cell(getattr(r, col), want[key][col]):
                out.append(Problem(name, i, col, f"{getattr(r, col)!r}, but the codings give {want[key][col]!r} "
                                                  f"(round {r.round}, {r.field}){fix}"))
    out += [Problem(name, None, "field", f"round {k[0]} {k[1]}: missing{fix}") for k in want if k not in seen]
    return out


# --------------------------------------------------------------------------- one field, unit by unit


def units(field: str, round: int = 1) -> pd.DataFrame:
    """Both coders' values of one field (``table.field``) in one round: one row per unit."""
    table, name = field.split(".")
    w = wide(reliability.codings(round))
    return w[(w.table == table) & (w.field == name)].reset_index(drop=True)


def alpha_without(field: str, drop=(), round: int = 1, draws: int = BOOTSTRAP_DRAWS) -> pd.DataFrame:
    """α of ``field`` (``table.field``) in ``round`` with every unit and without the units in ``drop``
    (e.g. an outlier): two rows, ``units`` ("all" / "without …"), ``n_units``, ``percent_agreement``,
    ``alpha``, ``alpha_low``, ``alpha_high``."""
    from ..core import codebook

    table, name = field.split(".")
    level = reliability.FIELDS[table][name]
    sub = units(field, round)
    unknown = set(drop) - set(sub.claim_id)
    if unknown:
        raise BaimoError(f"{sorted(unknown)}: not units of {field} in round {round}")
    rows = []
    for label, part in (("all", sub), ("without " + ", ".join(drop), sub[~sub.claim_id.isin(drop)])):
        row = one_field(part, table, name, level, codebook.JUDGEMENT_SCORE, draws)
        rows.append({"round": round, "field": field, "units": label,
                     **{k: row[k] for k in ("n_units", "percent_agreement", "alpha", "alpha_low", "alpha_high")}})
    return pd.DataFrame(rows)


def influence(field: str, round: int = 1) -> pd.DataFrame:
    """Each unit the coders disagree on, with both values and α of the field without it (point estimate),
    the largest rise first: where a single unit (an outlier) decides α."""
    from ..core import codebook

    table, name = field.split(".")
    level = reliability.FIELDS[table][name]
    sub = units(field, round)
    base = one_field(sub, table, name, level, codebook.JUDGEMENT_SCORE, draws=0)["alpha"]
    rows = []
    for r in sub[[not same(a, b, level, name) for a, b in zip(sub["first"], sub["second"])]].itertuples():
        rest = sub[sub.claim_id != r.claim_id]
        a = one_field(rest, table, name, level, codebook.JUDGEMENT_SCORE, draws=0)["alpha"]
        rows.append({"claim_id": r.claim_id, "first": r.first, "second": r.second, "alpha": base,
                     "alpha_without": a})
    out = pd.DataFrame(rows, columns=["claim_id", "first", "second", "alpha", "alpha_without"])
    return out.sort_values("alpha_without", ascending=False, kind="stable").reset_index(drop=True)
