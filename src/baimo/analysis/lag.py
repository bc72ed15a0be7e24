"""How far behind? (``data/claims/lag.csv``): analyses behind notebook 02.

Every value comes from the lag table (read with :func:`baimo.data.claims.load`); this module only
selects, orders and reshapes rows. The choices it makes:

* **when said** — ``said_on`` if the text gives a date, else the start of the article's date span
  (:func:`baimo.data.corpus.date_spans`); rows are ordered by that date, then by position in the text;
* **views** — the speaker's *own*, stated judgements, made by a named speaker
  (:func:`is_named_speaker`), with a score on the codebook's judgement scale (``unclear`` has none):
  notebook 02 writes this filter out in the open;
* **derived** numbers — rows whose ``note`` says the number is *derived* (a gap the coder worked
  out, not one the speaker states) are flagged and drawn differently;
* **cells** (:func:`score_cells`) — every cell of a speaker or article × dimension grid, judged or not,
  with its count, mean and the judgements behind it, so a chart can tell "no judgement" from "level"
  and show a split that a mean hides;
* **directions** (:func:`trend_rows`) — judgements whose ``trend`` is not ``none``, by article.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core import codebook
from ..core.numbers import UPPER_BOUNDS
from ..data import corpus
from ..text import turns

SCORE = codebook.JUDGEMENT_SCORE


# --------------------------------------------------------------------------- dates and views


def with_dates(df: pd.DataFrame, spans: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add ``said_date`` (Timestamp), ``said_label`` (text), ``article_start`` and ``score``.

    ``said_date`` is ``said_on`` when given (``2024-05-27``), else the start of the article's
    date span; ``said_label`` shows the date as precisely as it is known (``2023-07/2023-12``
    for an article dated only to a range of months).
    """
    spans = corpus.date_spans() if spans is None else spans
    arts = corpus.articles().set_index("article_id")
    start = spans.set_index("article_id").start
    out = df.copy()
    out["article_start"] = out.article_id.map(start)
    said = pd.to_datetime(out.said_on.where(out.said_on.str.len() != 7, out.said_on + "-01").replace("", None),
                          format="%Y-%m-%d", errors="coerce")
    out["said_date"] = said.fillna(out.article_start)
    out["said_label"] = np.where(out.said_on != "", out.said_on, out.article_id.map(arts.date))
    out["score"] = out.judgement.map(SCORE)
    if "quote_offset" in out:
        out = out.sort_values(["said_date", "article_start", "quote_offset"], kind="stable")
    return out


def is_named_speaker(speaker: pd.Series) -> pd.Series:
    """True for a speaker who judges in their own name: not the narration (which summarises speakers
    whose own words are coded too) and not a host or interviewer (whose question premises are coded)."""
    return ~speaker.isin(corpus.interviewers() | {turns.NARRATOR})


# --------------------------------------------------------------------------- numeric estimates


def is_derived(note: pd.Series) -> pd.Series:
    """True where the coder's note says the number is derived rather than stated as a gap."""
    return note.str.contains(r"\bderived\b", case=False, regex=True)




def years_gloss(lo: float, hi: float, point: float, qualifier: str) -> str:
    """The English reading of an estimate in years: ``1–2 months``, ``≤ 6 months``, ``≈ 6 years``."""
    def months(x: float) -> bool:
        return x < 1 and round(x * 12, 2).is_integer()

    def amount(x: float) -> str:
        if months(x):
            return f"{x * 12:.0f} month" + ("s" if round(x * 12) != 1 else "")
        return f"{x:g} year" + ("s" if x != 1 else "")

    mark = codebook.QUALIFIER.term(qualifier).mark
    if pd.notna(point):
        return f"{mark} {amount(point)}".strip()
    if qualifier in UPPER_BOUNDS:
        return f"{mark} {amount(hi)}".strip()
    first = f"{lo * 12:.0f}" if months(lo) and months(hi) else f"{lo:g}"
    return f"{first}–{amount(hi)}"


def year_estimates(df: pd.DataFrame) -> pd.DataFrame:
    """Every numeric lag estimate in years, one row each, in the order said.

    Adds ``lo``/``hi`` (the interval to draw: the range, or ``up_to`` as 0…value), ``point`` (a
    single value, if any), ``upper`` (the longest gap the estimate allows: ``hi``, else ``point``),
    ``gloss`` (its English reading, :func:`years_gloss`), ``derived`` and ``label`` (speaker, date).
    """
    est = with_dates(df[df.unit == "year"])
    est["lo"] = est.low
    est["hi"] = est.high
    est["point"] = est.value
    upto = est.qualifier.isin(list(UPPER_BOUNDS))
    est.loc[upto, "hi"] = est.loc[upto, "high"].fillna(est.loc[upto, "value"])
    est.loc[upto, "lo"] = 0.0
    est.loc[upto, "point"] = np.nan
    est["upper"] = est.hi.fillna(est.point)
    est["gloss"] = [years_gloss(*r) for r in zip(est.lo, est.hi, est.point, est.qualifier)]
    est["derived"] = is_derived(est.note)
    est["label"] = [f"{corpus.speaker_label(s)} · {d}" for s, d in zip(est.speaker, est.said_label)]
    return est.reset_index(drop=True)


def ratio_estimates(df: pd.DataFrame) -> pd.DataFrame:
    """Numeric gaps given as a multiple (e.g. compute 10倍), which have no place on a years axis."""
    return with_dates(df[df.unit == "ratio"]).reset_index(drop=True)


# --------------------------------------------------------------------------- ordinal matrices


def score_matrix(v: pd.DataFrame, rows: str, cols: str = "dimension",
                 row_order=None, col_order=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(mean score, count) tables of ``v`` (scored views, with ``score``) by ``rows`` × ``cols``."""
    col_order = col_order or [d for d in codebook.VOCAB["dimension"] if d in set(v[cols])]
    row_order = row_order or list(pd.unique(v[rows]))
    mean = v.pivot_table(index=rows, columns=cols, values="score", aggfunc="mean").reindex(
        index=row_order, columns=col_order)
    n = v.pivot_table(index=rows, columns=cols, values="score", aggfunc="count").reindex(
        index=row_order, columns=col_order).fillna(0).astype(int)
    return mean, n


def score_cells(v: pd.DataFrame, rows: str, cols: str = "dimension",
                row_order=None, col_order=None) -> pd.DataFrame:
    """One row per cell of the ``rows`` × ``cols`` grid (every cell, judged or not), in grid order.

    Columns: ``row``, ``col``, ``n``, ``mean`` (NaN where n = 0), ``n_ahead``/``n_level``/``n_behind``
    (judgements above, at and below level), ``split`` (judgements on both sides of level, which a
    mean hides), ``claim_ids`` and ``scores`` (lists, gloomiest first, then in the order said).
    """
    col_order = col_order or [d for d in codebook.VOCAB["dimension"] if d in set(v[cols])]
    row_order = row_order or list(pd.unique(v[rows]))
    out = []
    for r in row_order:
        for c in col_order:
            g = v[(v[rows] == r) & (v[cols] == c)]
            g = g.assign(_pos=range(len(g))).sort_values(["score", "_pos"], kind="stable")
            s = g.score.astype(float)
            out.append({"row": r, "col": c, "n": len(g), "mean": s.mean() if len(g) else np.nan,
                        "n_ahead": int((s > 0).sum()), "n_level": int((s == 0).sum()),
                        "n_behind": int((s < 0).sum()), "claim_ids": list(g.claim_id), "scores": list(s)})
    cells = pd.DataFrame(out)
    cells["split"] = (cells.n_ahead > 0) & (cells.n_behind > 0)
    return cells


def dimension_summary(v: pd.DataFrame) -> pd.DataFrame:
    """Per dimension (codebook order): judgements ``n``, speakers, how many put China ahead, level
    and behind, and the mean score, from scored views (with ``score``)."""
    dims = [d for d in codebook.VOCAB["dimension"] if d in set(v.dimension)]
    g = v.groupby("dimension")
    out = pd.DataFrame({"n": g.size(), "speakers": g.speaker.nunique(),
                        "ahead": g.score.apply(lambda s: int((s > 0).sum())),
                        "level": g.score.apply(lambda s: int((s == 0).sum())),
                        "behind": g.score.apply(lambda s: int((s < 0).sum())),
                        "mean": g.score.mean()})
    return out.reindex(dims).rename_axis("dimension").reset_index()


# --------------------------------------------------------------------------- direction of change

#: Directions of change, in the order charts show them (``none`` is no direction).
TRENDS = [t for t in codebook.VOCAB["trend"] if t != "none"]


def trend_rows(df: pd.DataFrame, article_order=None) -> pd.DataFrame:
    """Judgements that carry a direction of change (``trend`` other than none), articles in
    ``article_order`` (default: date order), then trend in :data:`TRENDS` order, then order said."""
    article_order = article_order or list(corpus.date_spans().article_id)
    t = df[df.trend != "none"].copy()
    t["_a"] = t.article_id.map({a: i for i, a in enumerate(article_order)})
    t["_t"] = t.trend.map({x: i for i, x in enumerate(TRENDS)})
    t["_p"] = range(len(t))
    return t.sort_values(["_a", "_t", "_p"]).drop(columns=["_a", "_t", "_p"]).reset_index(drop=True)


def trend_table(rows: pd.DataFrame, article_order=None) -> pd.DataFrame:
    """Counts of :func:`trend_rows` by article (rows, date order) × direction (:data:`TRENDS`), with a total."""
    article_order = article_order or list(corpus.date_spans().article_id)
    tab = pd.crosstab(rows.article_id, rows.trend).reindex(index=article_order, columns=TRENDS).fillna(0).astype(int)
    tab["total"] = tab.sum(axis=1)
    return tab.rename_axis(index="article_id", columns=None)


# --------------------------------------------------------------------------- Wang Xiaochuan's revision


_STEP = re.compile(r"(?P<part>理想|落地)上(?P<dir>慢|快)(?P<num>半|一|两|二|三|四|五|\d+)步")


_NUM = {"半": 0.5, "一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5}


#: Wang Xiaochuan's two halves: 理想 (ideals: research, models) and 落地 (deployment: applications).
STEP_DIMENSION = {"理想": "models", "落地": "applications"}


def find_steps(quote: str) -> dict[str, tuple[float, str]]:
    """``{"理想": (-0.5, "理想上慢半步"), "落地": (1.0, "落地上快一步")}`` from a quote.

    慢 (slower) counts as behind (negative), 快 (faster) as ahead. Only the *first* formulation in
    the quote is read for each part, so a passage quoting an old and a new wording must be
    coded as separate rows (as ``lag.csv`` does).
    """
    out: dict[str, tuple[float, str]] = {}
    for m in _STEP.finditer(quote):
        n = _NUM[m["num"]] if m["num"] in _NUM else float(m["num"])
        out.setdefault(m["part"], (-n if m["dir"] == "慢" else float(n), m.group(0)))
    return out


def parse_steps(quote: str) -> dict[str, float]:
    """``{"理想": -0.5, "落地": 1.0}`` from "理想上慢半步，落地上快一步" (see :func:`find_steps`)."""
    return {k: v for k, (v, _) in find_steps(quote).items()}


def step_revision(df: pd.DataFrame, speaker: str) -> pd.DataFrame:
    """Wang Xiaochuan's 'steps' before and after his June 2023 US trip, from the coded rows.

    Rows of ``speaker`` whose quote states steps for the row's dimension; ``modality`` recalled
    → the earlier view, stated → the revised one. Returns ``stage, dimension, part, steps,
    claim_ids`` (one row per stage × dimension; raises if the coded rows disagree).
    """
    part_of = {v: k for k, v in STEP_DIMENSION.items()}
    rows = []
    for _, r in df[(df.speaker == speaker) & df.dimension.isin(list(part_of))].iterrows():
        steps = find_steps(r.quote)
        part = part_of[r.dimension]
        if part in steps and r.modality in ("recalled", "stated"):
            rows.append({"stage": "earlier" if r.modality == "recalled" else "revised", "dimension": r.dimension,
                         "part": part, "steps": steps[part][0], "wording": steps[part][1],
                         "claim_id": r.claim_id})
    long = pd.DataFrame(rows)
    out = long.groupby(["stage", "dimension", "part"], sort=False).agg(
        steps=("steps", "first"), wording=("wording", "first"), n_values=("steps", "nunique"),
        claim_ids=("claim_id", ", ".join)).reset_index()
    if (out.n_values > 1).any():
        bad = out[out.n_values > 1]
        raise ValueError(f"coded rows disagree on the steps: {bad.to_dict('records')}")
    out["stage"] = pd.Categorical(out.stage, ["earlier", "revised"], ordered=True)
    return out.drop(columns="n_values").sort_values(["stage", "dimension"]).reset_index(drop=True)


# --------------------------------------------------------------------------- Liu Qingfeng's cycle


def cycle_points(df: pd.DataFrame, stage_ids: list[str], band_ids: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The stages of a catch-up cycle one speaker describes, and the range he gives for it.

    Stages: the rows ``stage_ids`` (the passage's sentences, chosen in the notebook), in text order;
    the gap is the coded number (``value``, or ``high`` for an ``up_to``), or 0 for a ``level``
    judgement (caught up). Band: the rows ``band_ids``, coded as a range (``low``–``high``).
    """
    by_id = df.set_index("claim_id")
    missing = [c for c in stage_ids + band_ids if c not in by_id.index]
    if missing:
        raise KeyError(f"cycle_points: no lag rows {missing}")
    st = by_id.loc[stage_ids].reset_index().sort_values("quote_offset")
    band = by_id.loc[band_ids].reset_index()
    st["gap"] = st.value.fillna(st.high)
    st.loc[st.judgement == "level", "gap"] = 0.0
    st["label"] = [o if o else re.split(r"[,，。]", q)[0] for o, q in zip(st.original, st.quote)]
    st["label_en"] = [re.split(r"[,;—]", q)[0].strip().rstrip(".") for q in st.quote_en]
    return st.reset_index(drop=True), band.reset_index(drop=True)


# --------------------------------------------------------------------------- side by side


def side_by_side(df: pd.DataFrame, pairs: list[tuple[str, str, str]]) -> pd.DataFrame:
    """One row per (topic, claim A, claim B): the two claims' speaker, judgement and quotes, and
    ``steps_apart``, how many steps of the judgement scale lie between them."""
    by = df.set_index("claim_id")
    rows = []
    for topic, a, b in pairs:
        ra, rb = by.loc[a], by.loc[b]
        rows.append({"topic": topic,
                     "claim_A": a, "speaker_A": corpus.speaker_label(ra.speaker), "judgement_A": ra.judgement,
                     "quote_A": ra.quote, "quote_en_A": ra.quote_en,
                     "claim_B": b, "speaker_B": corpus.speaker_label(rb.speaker), "judgement_B": rb.judgement,
                     "quote_B": rb.quote, "quote_en_B": rb.quote_en,
                     "steps_apart": abs(SCORE[ra.judgement] - SCORE[rb.judgement])})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- in words: titles, findings, alt texts


def share(k: int, n: int) -> str:
    """How a sentence says ``k`` of ``n``: ``all 7``, ``none of the 7`` or ``5 of 7``."""
    return f"all {n}" if k == n else (f"none of the {n}" if k == 0 else f"{k} of {n}")


def signed(x: float, digits: int = 1) -> str:
    """A score as printed: ``−2.5``, ``+0.2``, ``0.0`` (a true minus sign, a plus on the ahead side)."""
    return f"{x:+.{digits}f}".replace("-", "−").replace(f"+{0:.{digits}f}", f"{0:.{digits}f}")


def names(items, n_max: int = 3, noun: str = "") -> str:
    """``A``, ``A and B``, ``A, B and C``; more than ``n_max`` items as a count (``5 speakers``)."""
    items = list(items)
    if len(items) > n_max:
        return f"{len(items)} {noun}".strip()
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)


def estimates_in_words(est: pd.DataFrame) -> str:
    """What :func:`year_estimates` shows, for an alt text: per dimension (codebook order), each speaker's
    numbers in the order said, flagged when derived by the coder or reported from others."""
    parts = []
    for d in [d for d in codebook.VOCAB["dimension"] if d in set(est.dimension)]:
        g = est[est.dimension == d]
        said = [f"{corpus.speaker_label(s, 'en')} " + ", ".join(
            r.gloss + (" (derived)" if r.derived else "") + (" (reported)" if r.attribution == "reported" else "")
            for r in g[g.speaker == s].itertuples()) for s in pd.unique(g.speaker)]
        parts.append(f"{codebook.DIMENSION.term(d).en}: {'; '.join(said)}")
    return ". ".join(parts)


def cells_in_words(cells: pd.DataFrame, label=str, noun: str = "") -> str:
    """What a grid of :func:`score_cells` shows, for an alt text: per dimension judged, which rows
    (through ``label``) lean ahead, sit level or lean behind on average; all of them or, past three, a count."""
    parts, judged = [], cells[cells.n > 0]
    for col in [c for c in dict.fromkeys(cells.col) if c in set(judged.col)]:
        g, sides = judged[judged.col == col], []
        for word, sel in (("ahead", g["mean"] > 0), ("level", g["mean"] == 0), ("behind", g["mean"] < 0)):
            if sel.all():
                sides.append(f"{word} for all {len(g)} {noun} judging it" if len(g) > 1 else
                             f"{word} for {label(g.row.iloc[0])} alone")
            elif sel.any():
                sides.append(f"{word} for {names(map(label, g.row[sel]), noun=noun)}")
        parts.append(f"{codebook.DIMENSION.term(col).en}: {', '.join(sides)}")
    return "; ".join(parts)


def trends_in_words(tab: pd.DataFrame, label=str) -> str:
    """What :func:`trend_table` shows, for an alt text: each article with directions (through ``label``),
    its count and the directions, then the articles with none."""
    parts = [f"{label(a)}: {r.total} (" + ", ".join(f"{r[t]} {codebook.TREND.term(t).en}" for t in TRENDS if r[t])
             + ")" for a, r in tab[tab.total > 0].iterrows()]
    none = [label(a) for a in tab.index[tab.total == 0]]
    return "; ".join(parts) + (f"; none in {names(none, n_max=len(none))}" if none else "")
