"""Parameter scales (``data/claims/parameters.csv``): analyses behind notebook 03.

* :func:`en_first` writes a count the way the charts print it, English first (``175B (1750亿)``),
  and :func:`said` the article's own wording when it adds something (``“千亿”``).
* :func:`ladder_items` turns the table into the rows of the ladder chart: one item per number
  said in one sentence, repeats of the same number in one lane merged (``千亿 ×5``);
  :func:`model_rows` gives the named models one row per statement, grouped by model.
* :func:`claim_verdicts` reduces a claim's links to the public record to one verdict
  (agrees / contradicts / not comparable) and names the fact that decides it (:func:`fact_name`).
* :func:`product_line` prints the arithmetic of Wang Jian's image (200 models of 10亿 → 20 of 2000亿),
  which notebook 03 does in the open; :func:`grid_shape` lays models out in the grid closest to square.
* :func:`brain_check` puts the article's brain numbers (and the model sized on them) beside the record.

Numbers are read with :func:`baimo.core.numbers.quantity`.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from .. import BaimoError
from ..core.numbers import Quantity, fmt_en, fmt_plain, fmt_zh, join_ids, qualifier_mark, quantity
from ..data import claims, corpus
from ..data import record
from ..data.record import parse_date, record_number

#: Lanes of the ladder (thresholds are drawn as rungs); their titles are the ``kind`` labels of the codebook.
LANES = ["named_model", "generic", "hypothetical", "brain"]

#: English glosses for the brain rows, by a word of the article's wording.
BRAIN_GLOSS = {"神经元": "neurons", "连结": "connections"}

#: A claim's links reduce to one verdict, in the order of precedence of :data:`baimo.data.record.VERDICTS`.
VERDICT_ORDER = record.VERDICTS


def model_short(model: str) -> str:
    """``ERNIE (Wenxin)`` → ``ERNIE``; ``threshold``/``hypothetical``/``human brain`` → ``""``."""
    if model in ("threshold", "hypothetical", "human brain"):
        return ""
    return model.split(" (")[0].strip()


def brain_gloss(original: str, unit: str) -> str:
    """English gloss of a brain row: ``neurons``, ``connections`` or ``connections as parameters``."""
    if unit == "parameter":
        return "connections as parameters"
    for zh, en in BRAIN_GLOSS.items():
        if zh in original:
            return en
    return ""


def en_first(q: Quantity) -> str:
    """A count English first, 万/亿 beside: ``175B (1750亿)``, ``≈100B (1000亿)``, ``>1T (1万亿)``,
    ``2B–9B (20亿–90亿)``; below 万 the number alone."""
    if q.qualifier == "range":
        zh = f" ({fmt_zh(q.lo)}–{fmt_zh(q.hi)})" if fmt_zh(q.hi) != fmt_plain(q.hi) else ""
        return f"{fmt_en(q.lo)}–{fmt_en(q.hi)}{zh}"
    mark, _ = qualifier_mark(q.qualifier if q.qualifier != "unbounded" else "")
    b = q.bound
    zh = f" ({fmt_zh(b)})" if fmt_zh(b) != fmt_plain(b) else ""
    return f"{mark}{fmt_en(b)}{zh}"


def sig(x: float, digits: int = 3) -> float:
    """``x`` to ``digits`` significant figures (``1.0027e12`` → ``1e12``, ``88.235`` → ``88.2``): a record's
    figure printed no more precisely than its source gives it; NaN and 0 pass through."""
    if x != x or x == 0 or math.isinf(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def _bare(text: str) -> str:
    return re.sub(r"[\s,，]|参数|个", "", str(text))


def said(original: str, q: Quantity) -> str:
    """The article's wording in quotes when it says more than :func:`en_first` (``“千亿”``, ``“人脑 1/10 倍”``),
    else ``""`` (``1,750亿`` is just 1750亿; ``720亿参数`` just 720亿)."""
    forms = {_bare(fmt_zh(x)) for x in (q.lo, q.hi, q.bound) if x == x and not math.isinf(x)}
    forms |= {_bare(fmt_en(x)) for x in (q.lo, q.hi, q.bound) if x == x and not math.isinf(x)}
    return "" if _bare(original) in forms else f"“{original}”"


def _point(q) -> float:
    return math.sqrt(q.lo * q.hi) if q.qualifier == "range" else q.bound


def ladder_items(params: pd.DataFrame) -> pd.DataFrame:
    """The rows of the parameter ladder.

    Rows are grouped twice: first rows with the same lane, number and quote (one sentence naming
    several models: ``BAAI · ERNIE · PanGu``), then groups with the same lane, number and models
    (the same number said again: ``千亿 ×5``). Each item has ``lane`` (one of :data:`LANES` or
    ``threshold``), ``point`` (the value, the bound of an open interval, or the geometric middle of
    a range), ``lo``/``hi``, ``qualifier``, ``moe`` (architecture sparse), ``hollow`` (forecast/hypothetical),
    ``region``, ``claim_ids``, ``speakers``, ``who`` (:func:`who`), ``value`` (:func:`en_first`), ``said`` (:func:`said`) and
    ``label`` — the models and the article's wording, e.g. ``GPT-3 · 1,750亿`` — which keys the quote table.
    """
    rows = []
    for _, r in params.iterrows():
        q = quantity(r)
        lane = "threshold" if r.kind == "threshold" else r.kind
        if lane not in LANES and lane != "threshold":
            raise BaimoError(f"{r.claim_id}: kind {r.kind!r} has no lane on the ladder")
        rows.append({"claim_id": r.claim_id, "lane": lane, "model": model_short(r.model),
                     "original": r.original, "unit": r.unit, "quote": r.quote, "point": _point(q),
                     "lo": q.lo, "hi": q.hi, "qualifier": q.qualifier, "moe": r.architecture == "sparse",
                     "hollow": r.modality in ("forecast", "hypothetical"), "region": r.region,
                     "speaker": r.speaker, "value": en_first(q), "said": said(r.original, q)})
    df = pd.DataFrame(rows)

    agg = {"models": lambda g: list(dict.fromkeys(m for ms in g for m in ms if m)),
           "speakers": lambda g: list(dict.fromkeys(s for ss in g for s in ss)),
           "moe": lambda g: bool(g.any()), "hollow": lambda g: bool(g.all())}

    df["models"] = [[m] for m in df.model]
    df["speakers"] = [[s] for s in df.speaker]
    df["claim_ids"] = [[c] for c in df.claim_id]
    df["unit_key"] = df.unit
    df = claims.merge_rows(df, ["lane", "point", "quote", "unit_key"], agg)
    df["model_key"] = [" · ".join(m) for m in df.models]
    df = claims.merge_rows(df, ["lane", "point", "model_key", "unit_key"], agg)
    df["label"] = [_label(r) for _, r in df.iterrows()]
    df = df.drop(columns="key")
    df["key"] = df.label
    df["ids"] = [join_ids(ids) for ids in df.claim_ids]
    df["who"] = [who(s) for s in df.speakers]
    return df.drop(columns=["model", "model_key", "unit_key", "claim_id", "quote", "speaker"]).reset_index(drop=True)


def _label(r) -> str:
    words = f"{r.original} ({brain_gloss(r.original, r.unit)})" if r.lane == "brain" else r.original
    text = " · ".join(r.models + [words]) if r.models else words
    if len(r.claim_ids) > 1:
        text += f" ×{len(r.claim_ids)}"
    return text + (" (MoE 稀疏)" if r["moe"] else "")


def model_rows(params: pd.DataFrame) -> pd.DataFrame:
    """The named models, one row per statement: the biggest model first, a model's statements together
    (largest first). Columns: claim_id, model (short name), developer, region, point, lo, hi,
    qualifier, moe, hollow (forecast/hypothetical), value (:func:`en_first`), said (:func:`said`),
    speaker, article_id."""
    rows = []
    for _, r in params[params.kind == "named_model"].iterrows():
        q = quantity(r)
        rows.append({"claim_id": r.claim_id, "model": model_short(r.model), "developer": r.developer,
                     "region": r.region, "point": _point(q), "lo": q.lo, "hi": q.hi, "qualifier": q.qualifier,
                     "moe": r.architecture == "sparse", "hollow": r.modality in ("forecast", "hypothetical"),
                     "value": en_first(q), "said": said(r.original, q), "speaker": r.speaker,
                     "article_id": r.article_id})
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    df["top"] = df.groupby("model").point.transform("max")
    df = df.sort_values(["top", "model", "point"], ascending=[False, True, False], kind="stable")
    return df.drop(columns="top").reset_index(drop=True)


def who(speakers: list[str]) -> str:
    """Who said it, in English: one speaker's name, or ``3 speakers`` (the quote table names them)."""
    names = list(dict.fromkeys(speakers))
    return corpus.speaker_label(names[0], "en") if len(names) == 1 else f"{len(names)} speakers"


# --------------------------------------------------------------------------- verdicts against the record


def fact_name(subject: str, quantity_: str, as_of: str) -> str:
    """A public-record fact named by what it is and when: ``GPT-3 (davinci), May 2020``,
    ``GPT-4 (industry estimate), Jul 2023``, ``Human neocortex, synapse count, 2003``."""
    q = str(quantity_).strip()
    extra = q[len("parameter count"):].strip() if q.startswith("parameter count") else q
    name = f"{subject} {extra}" if extra.startswith("(") else subject
    parts = [name] + ([extra] if extra and not extra.startswith("(") else [])
    d = parse_date(as_of)
    year = re.search(r"\b(\d{4})\b", str(as_of))
    parts.append(f"{d:%b %Y}" if not pd.isna(d) else (year.group(1) if year else str(as_of)))
    return ", ".join(parts)


def claim_verdicts(check: pd.DataFrame) -> pd.DataFrame:
    """One verdict per claim from its links (``check`` is :func:`baimo.data.record.record_comparison`),
    decided as for every thread by :func:`baimo.data.record.deciding_link`. Columns: claim_id, verdict,
    status (of the deciding link), fact_id, fact (:func:`fact_name`), record_value (none when the verdict
    is not comparable), explanation, and ``links`` (every fact with its status, ``F23 agrees;
    F24 not_comparable``); rows in :data:`VERDICT_ORDER`.
    """
    rows = []
    for cid, g in check.groupby("claim_id", sort=False):
        verdict, d = record.deciding_link(g)
        rows.append({"claim_id": cid, "verdict": verdict, "status": d.status, "fact_id": d.fact_id,
                     "fact": fact_name(d.record_subject, d.record_quantity, d.as_of),
                     "record_value": d.record_value if verdict != "not_comparable" else math.nan,
                     "explanation": d.explanation,
                     "links": "; ".join(f"{f} {s}" for f, s in zip(g.fact_id, g.status))})
    out = pd.DataFrame(rows)
    order = {v: i for i, v in enumerate(VERDICT_ORDER)}
    return out.sort_values("verdict", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def record_rows(verdicts: pd.DataFrame, params: pd.DataFrame, brain: pd.DataFrame) -> pd.DataFrame:
    """:func:`claim_verdicts` with what the chart needs of each claim: ``subject`` (the model's short
    name; for the brain, ``brain: connections`` and so on, from :func:`brain_check`), the claim's
    point/lo/hi/qualifier, ``hollow`` (hypothetical or forecast) and ``value`` (:func:`en_first`)."""
    by_id = params.set_index("claim_id")
    glosses = dict(zip(brain.claim_id, brain.gloss)) if len(brain) else {}
    rows = []
    for r in verdicts.itertuples():
        c = by_id.loc[r.claim_id]
        q = quantity(c)
        if r.claim_id in glosses:
            subject = f"brain: {glosses[r.claim_id]}" if c.kind == "brain" else glosses[r.claim_id]
        else:
            subject = model_short(c.model) or c.model
        rows.append({"subject": subject, "point": _point(q), "lo": q.lo, "hi": q.hi, "qualifier": q.qualifier,
                     "hollow": c.modality in ("forecast", "hypothetical"), "value": en_first(q)})
    return pd.concat([verdicts.reset_index(drop=True), pd.DataFrame(rows)], axis=1)


def verdict_counts(verdicts: pd.DataFrame) -> dict[str, int]:
    """``{verdict: number of claims}`` for every verdict in :data:`VERDICT_ORDER` (zeros included)."""
    return {v: int((verdicts.verdict == v).sum()) for v in VERDICT_ORDER}


# --------------------------------------------------------------------------- consolidation


def product_line(n: float, size: float, total: float) -> str:
    """``n × size = total`` printed English first, 万/亿 beside: ``200 × 1B = 200B  (200 × 10亿 = 2000亿)``.
    The notebook does the multiplication in the open and passes its result; a ``total`` that is not
    ``n × size`` is refused (the line would print a sum that is false)."""
    if min(n, size) <= 0:
        raise BaimoError("product_line: a count and a size must be positive")
    if not math.isclose(n * size, total, rel_tol=1e-9):
        raise BaimoError(f"product_line: {fmt_plain(n)} × {fmt_en(size)} is not {fmt_en(total)}")
    return f"{fmt_plain(n)} × {fmt_en(size)} = {fmt_en(total)}  ({fmt_plain(n)} × {fmt_zh(size)} = {fmt_zh(total)})"


def english(value: str) -> str:
    """The English half of a count as :func:`en_first` prints it: ``175B (1750亿)`` → ``175B``."""
    return str(value).split(" (")[0]


def grid_shape(n: int) -> tuple[int, int]:
    """``(columns, rows)`` with ``columns × rows == n`` and the shape closest to square (columns ≥ rows).

    ``grid_shape(200)`` → ``(20, 10)``; ``grid_shape(20)`` → ``(5, 4)``; a prime ``n`` gives ``(n, 1)``.
    """
    n = int(n)
    if n < 1:
        raise BaimoError("grid_shape: n must be at least 1")
    rows = max(r for r in range(1, math.isqrt(n) + 1) if n % r == 0)
    return n // rows, rows


# --------------------------------------------------------------------------- the brain


def brain_check(params: pd.DataFrame, links: pd.DataFrame, record: pd.DataFrame) -> pd.DataFrame:
    """The article's brain numbers beside the record: one row per claim linked to a fact that a brain
    claim is linked to (so the model sized on the brain's connections comes too), in table order.

    Columns: claim_id, original, unit, gloss, kind, hollow, article (value), fact_id, record (value, via
    :func:`record_number`), record_text, status and explanation. (How many times larger the record's
    figure is, notebook 03 works out on the page.)
    """
    brain_ids = set(params.claim_id[params.kind == "brain"])
    facts = set(links.fact_id[links.claim_id.isin(brain_ids)])
    j = links[links.fact_id.isin(facts)].merge(params, on="claim_id").merge(
        record.rename(columns={"value": "record_text", "unit": "record_unit"}), on="fact_id")
    order = {c: i for i, c in enumerate(params.claim_id)}
    j = j.sort_values("claim_id", key=lambda s: s.map(order), kind="stable")
    rows = []
    for _, r in j.iterrows():
        q = quantity(r)
        rv = record_number(r.record_text, r.record_unit)
        gloss = brain_gloss(r.original, r.unit) if r.kind == "brain" else "model to match the brain"
        rows.append({"claim_id": r.claim_id, "original": r.original, "unit": r.unit, "gloss": gloss,
                     "kind": r.kind, "hollow": r.modality in ("forecast", "hypothetical"),
                     "article": q.bound, "fact_id": r.fact_id, "record_subject": r.subject,
                     "record_quantity": r.quantity, "as_of": r.as_of, "record": rv,
                     "record_text": r.record_text, "status": r.status, "explanation": r.explanation})
    return pd.DataFrame(rows).reset_index(drop=True)


def sparse_rows(params: pd.DataFrame) -> pd.DataFrame:
    """Parameter claims coded ``sparse`` (mixture-of-experts or other sparse models)."""
    return params[params.architecture == "sparse"].reset_index(drop=True)
