"""Agreement between two codings of the same units.

* Binary agreement of a lexicon with the hand coding (notebook 04): :func:`confusion`,
  :func:`precision_recall`, :func:`cohen_kappa`, per label and pooled (:func:`agreement_table`).

Cohen's (1960) κ = (p_o − p_e) / (1 − p_e), with p_o the observed share of agreement and
p_e = Σ_k p_a(k)·p_b(k) the agreement expected from the two marginals.
"""

from __future__ import annotations

from collections import Counter
import math

import pandas as pd

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
