"""Agreement between two codings of the same units.

* Binary agreement of a lexicon with the hand coding (notebook 04): :func:`confusion`,
  :func:`precision_recall`, :func:`cohen_kappa`, per label and pooled (:func:`agreement_table`).
* Agreement of two human coders (``data/reliability/``): Krippendorff's α per field, computed with
  the maintained ``krippendorff`` package (:func:`alpha`), with a percentile bootstrap interval over
  units (:func:`bootstrap_alpha`), for every double-coded field (:func:`field_agreement`).

Cohen's (1960) κ = (p_o − p_e) / (1 − p_e), with p_o the observed share of agreement and
p_e = Σ_k p_a(k)·p_b(k) the agreement expected from the two marginals. Krippendorff's α = 1 − D_o/D_e,
the observed disagreement over the disagreement expected by chance, at the field's level of
measurement (nominal, ordinal or interval).
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd

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
    """95% percentile interval of α over ``draws`` resamples of the units (fixed seed: reproducible)."""
    data = np.array([first, second], dtype=float)
    data = data[:, ~np.isnan(data).any(axis=0)]
    n = data.shape[1]
    if n < 2:
        return math.nan, math.nan
    rng = np.random.default_rng(seed)
    values = [alpha(*data[:, rng.integers(0, n, n)], level) for _ in range(draws)]
    values = [v for v in values if not math.isnan(v)]
    if not values:
        return math.nan, math.nan
    return float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5))


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


def field_agreement(codings: pd.DataFrame, fields: dict[str, dict[str, str]], scores: dict,
                    draws: int = BOOTSTRAP_DRAWS) -> pd.DataFrame:
    """One row per table × field: ``field`` (``lag.judgement``), ``level``, ``n_units`` (units both coders
    gave a value α can use), ``percent_agreement`` (over all units; empty vs filled is a disagreement),
    ``alpha`` and its bootstrap ``alpha_low``/``alpha_high``."""
    wide = codings.pivot_table(index=["claim_id", "field"], columns="coder", values="value", aggfunc="first")
    wide = wide.reset_index()
    wide["table"] = [table_of(c) for c in wide.claim_id]
    rows = []
    for table, fs in fields.items():
        for field, level in fs.items():
            sub = wide[(wide.table == table) & (wide.field == field)]
            a, b = sub["first"].fillna(""), sub["second"].fillna("")
            codes = {v: i for i, v in enumerate(sorted(set(a) | set(b)))}
            x, y = encode(a, field, level, scores, codes), encode(b, field, level, scores, codes)
            low, high = bootstrap_alpha(x, y, level, draws)
            rows.append({"field": f"{table}.{field}", "level": level,
                         "n_units": int((~(np.isnan(x) | np.isnan(y))).sum()),
                         "percent_agreement": round(100 * float(np.mean([same(p, q, level, field) for p, q in zip(a, b)])), 1),
                         "alpha": round(alpha(x, y, level), 3), "alpha_low": round(low, 3), "alpha_high": round(high, 3)})
    return pd.DataFrame(rows)
