"""Tests for baimo.lag: dates, views, numeric estimates, step parsing, the cycle, matrices.

Inputs are small lag tables built in the test (with real article ids, so article dates apply);
expectations are worked out by hand.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from baimo.analysis import lag
from baimo.charts import lag as lag_charts
from baimo.core import codebook
from baimo.data import claims

COLUMNS = claims.THREADS["lag"]["columns"]


def rows(*recs) -> pd.DataFrame:
    """A lag table from partial records: text columns default to '', numbers to NaN."""
    out = []
    for i, r in enumerate(recs):
        base = {c: "" for c in COLUMNS}
        base.update({"claim_id": f"L-x-{i:02d}", "attribution": "own", "trend": "none", "modality": "stated",
                     "judgement": "behind", "dimension": "models", "quote_en": "", "quote": ""})
        base.update(r)
        out.append(base)
    df = pd.DataFrame(out)
    for c in ("value", "low", "high"):
        df[c] = pd.to_numeric(df[c].replace("", None), errors="coerce").astype(float)
    df["quote_offset"] = range(len(df))
    return df


# --------------------------------------------------------------------------- dates and views


def test_with_dates_uses_said_on_then_article_start():
    df = rows({"article_id": "beyond", "speaker": "徐冰", "said_on": "2024-05-27", "judgement": "ahead"},
              {"article_id": "sv101", "speaker": "胡家康", "judgement": "far_behind"},
              {"article_id": "contech", "speaker": "王小川", "said_on": "2023-06", "judgement": "unclear"})
    d = lag.with_dates(df).set_index("speaker")
    assert d.loc["徐冰", "said_date"] == pd.Timestamp("2024-05-27")
    assert d.loc["胡家康", "said_date"] == pd.Timestamp("2022-12-17")   # the article's date line
    assert d.loc["王小川", "said_date"] == pd.Timestamp("2023-06-01")   # month → first day
    assert d.loc["胡家康", "said_label"] == "2022-12-17"
    assert (d.loc["徐冰", "score"], d.loc["胡家康", "score"]) == (1, -3)
    assert math.isnan(d.loc["王小川", "score"])
    # ordered by date said: 2022-12-17, 2023-06-01, 2024-05-27
    assert list(lag.with_dates(df).speaker) == ["胡家康", "王小川", "徐冰"]


def test_with_dates_range_article_label():
    d = lag.with_dates(rows({"article_id": "contech", "speaker": "王小川"}))
    assert d.said_label.iloc[0] == "2023-07/2023-12"
    assert d.said_date.iloc[0] == pd.Timestamp("2023-07-01")


def test_views_keep_only_own_stated_named_scored():
    df = rows(
        {"article_id": "beyond", "speaker": "刘庆峰"},                                   # kept
        {"article_id": "beyond", "speaker": "文章作者"},                                 # narration
        {"article_id": "wangjian", "speaker": "南都"},                                   # interviewer
        {"article_id": "beyond", "speaker": "刘庆峰", "attribution": "reported"},         # reported
        {"article_id": "wangjian", "speaker": "王坚", "judgement": "unclear"},            # no score
        {"article_id": "beyond", "speaker": "徐冰", "modality": "forecast"},              # forecast
        {"article_id": "contech", "speaker": "孙天澍"},                                  # host
    )
    v = lag.views(df)
    assert list(v.claim_id) == ["L-x-00"]
    assert list(v.score) == [-2]
    assert set(lag.views(df, modalities=("stated", "forecast")).claim_id) == {"L-x-00", "L-x-05"}


# --------------------------------------------------------------------------- numeric estimates


def test_is_derived():
    s = pd.Series(["Gap derived (not stated as a gap).", "Value 6 is derived.", "underived", ""])
    assert list(lag.is_derived(s)) == [True, True, False, False]


def test_year_estimates_intervals_and_order():
    df = rows(
        {"article_id": "beyond", "speaker": "刘庆峰", "unit": "year", "value": 0.5, "high": 0.5,
         "qualifier": "up_to", "original": "半年之内"},
        {"article_id": "beyond", "speaker": "刘庆峰", "unit": "year", "low": 0.5, "high": 1.5,
         "qualifier": "range", "original": "半年到一年半"},
        {"article_id": "sv101", "speaker": "晋英杰", "unit": "year", "low": 3, "high": 5, "qualifier": "range"},
        {"article_id": "contech", "speaker": "王小川", "unit": "year", "value": 6, "qualifier": "approx",
         "note": "Value 6 is derived (7 minus 1)."},
        {"article_id": "beyond", "speaker": "徐冰", "unit": "ratio", "value": 10, "qualifier": "approx"},
        {"article_id": "beyond", "speaker": "刘庆峰", "judgement": "level"},
    )
    est = lag.year_estimates(df)
    # only the four rows in years, sv101 (2022) first, contech (2023) next, then the two beyond rows
    assert list(est.claim_id) == ["L-x-02", "L-x-03", "L-x-00", "L-x-01"]
    e = est.set_index("claim_id")
    assert (e.loc["L-x-00", "lo"], e.loc["L-x-00", "hi"]) == (0.0, 0.5) and np.isnan(e.loc["L-x-00", "point"])
    assert (e.loc["L-x-01", "lo"], e.loc["L-x-01", "hi"]) == (0.5, 1.5)
    assert e.loc["L-x-03", "point"] == 6 and np.isnan(e.loc["L-x-03", "lo"])
    assert list(e.derived) == [False, True, False, False]
    assert e.loc["L-x-02", "label"] == "晋英杰 Jin Yingjie · 2022-12-17"
    assert list(lag.ratio_estimates(df).claim_id) == ["L-x-04"]


# --------------------------------------------------------------------------- ordinal matrices


def test_score_matrix_and_cell_text():
    v = rows({"speaker": "A", "dimension": "models", "judgement": "slightly_behind"},
             {"speaker": "A", "dimension": "models", "judgement": "far_behind"},
             {"speaker": "B", "dimension": "data", "judgement": "ahead"})
    v["score"] = v.judgement.map(codebook.JUDGEMENT_SCORE)
    mean, n = lag.score_matrix(v, "speaker")
    assert list(mean.columns) == ["models", "data"]  # codebook order
    assert mean.loc["A", "models"] == -2.0 and n.loc["A", "models"] == 2   # (−1 + −3) / 2
    assert mean.loc["B", "data"] == 1.0 and n.loc["B", "models"] == 0
    txt = lag_charts.cell_text(mean, n)
    assert txt.loc["A", "models"] == "-2.0\nn=2"
    assert txt.loc["B", "data"] == "+1.0\nn=1"
    assert txt.loc["A", "data"] == ""


# --------------------------------------------------------------------------- Wang Xiaochuan's steps


@pytest.mark.parametrize("quote, expected", [
    ("理想上慢半步，落地上快一步", {"理想": -0.5, "落地": 1.0}),
    ("变成了“理想上慢一步，落地上快三步”", {"理想": -1.0, "落地": 3.0}),
    ("落地上快2步", {"落地": 2.0}),
    ("从“理想上慢半步”变成了“理想上慢一步”", {"理想": -0.5}),  # first formulation only
    ("慢半步", {}),                                              # no part named
])
def test_parse_steps(quote, expected):
    assert lag.parse_steps(quote) == expected


def test_step_revision_from_constructed_rows():
    df = rows(
        {"speaker": "王小川", "dimension": "models", "modality": "recalled", "quote": "理想上慢半步，落地上快一步"},
        {"speaker": "王小川", "dimension": "applications", "modality": "recalled",
         "quote": "理想上慢半步，落地上快一步"},
        {"speaker": "王小川", "dimension": "models", "quote": "理想上慢一步，落地上快三步"},
        {"speaker": "王小川", "dimension": "applications", "quote": "理想上慢一步，落地上快三步"},
        {"speaker": "王小川", "dimension": "applications", "quote": "没有步数"},
        {"speaker": "邱锡鹏", "dimension": "models", "quote": "理想上慢五步"},
    )
    r = lag.step_revision(df, speaker="王小川")
    got = {(s, d): v for s, d, v in zip(r.stage, r.dimension, r.steps)}
    assert got == {("earlier", "models"): -0.5, ("earlier", "applications"): 1.0,
                   ("revised", "models"): -1.0, ("revised", "applications"): 3.0}
    assert set(r.wording) == {"理想上慢半步", "落地上快一步", "理想上慢一步", "落地上快三步"}


def test_step_revision_refuses_disagreeing_rows():
    df = rows({"speaker": "王小川", "dimension": "models", "quote": "理想上慢一步"},
              {"speaker": "王小川", "dimension": "models", "quote": "理想上慢两步"})
    with pytest.raises(ValueError, match="disagree"):
        lag.step_revision(df, speaker="王小川")


def test_step_revision_on_the_coded_table():
    # contech: 慢半步/快一步 before the June 2023 trip, 慢一步/快三步 after (read off the article)
    r = lag.step_revision(claims.load("lag"), speaker="王小川")
    got = {(s, d): v for s, d, v in zip(r.stage, r.dimension, r.steps)}
    assert got == {("earlier", "models"): -0.5, ("earlier", "applications"): 1.0,
                   ("revised", "models"): -1.0, ("revised", "applications"): 3.0}


# --------------------------------------------------------------------------- Liu Qingfeng's cycle


def test_cycle_points_constructed():
    df = rows(
        {"speaker": "刘庆峰", "trend": "cycle", "judgement": "level", "quote": "六七月份,赶上"},
        {"speaker": "刘庆峰", "trend": "cycle", "unit": "year", "value": 0.5, "high": 0.5, "qualifier": "up_to",
         "original": "半年之内"},
        {"speaker": "刘庆峰", "trend": "cycle", "unit": "year", "value": 1, "qualifier": "approx",
         "original": "快一年以上"},
        {"speaker": "刘庆峰", "trend": "cycle", "unit": "year", "low": 0.5, "high": 1.5, "qualifier": "range"},
        {"speaker": "刘庆峰", "trend": "narrowing", "judgement": "level"},
        {"speaker": "徐冰", "trend": "cycle", "unit": "year", "value": 9, "qualifier": "exact"},
    )
    df["quote_offset"] = [20, 10, 30, 40, 50, 5]   # text order: up_to, level, approx, range
    ids = list(df.claim_id)
    stages, band = lag.cycle_points(df, stage_ids=ids[:3], band_ids=[ids[3]])
    assert list(stages.gap) == [0.5, 0.0, 1.0]
    assert list(stages.label) == ["半年之内", "六七月份", "快一年以上"]
    assert list(zip(band.low, band.high)) == [(0.5, 1.5)]


def test_cycle_points_on_the_coded_table():
    # beyond: within half a year → catch up by June–July → ~1 year when GPT-5 ships → catch up again
    stages, band = lag.cycle_points(claims.load("lag"), ["L-beyond-21", "L-beyond-22", "L-beyond-23", "L-beyond-24"],
                                    ["L-beyond-25"])
    assert list(stages.gap) == [0.5, 0.0, 1.0, 0.0]
    assert set(zip(band.low, band.high)) == {(0.5, 1.5)}


# --------------------------------------------------------------------------- side by side


def test_side_by_side():
    df = rows({"speaker": "刘庆峰", "judgement": "slightly_behind", "quote": "半年之内", "quote_en": "half a year"},
              {"speaker": "王坚", "judgement": "far_behind", "quote": "差很多", "quote_en": "a lot"})
    t = lag.side_by_side(df, [("models", "L-x-00", "L-x-01")])
    assert t.iloc[0][["topic", "speaker_A", "judgement_A", "quote_B", "quote_en_B"]].tolist() == [
        "models", "刘庆峰 Liu Qingfeng", "slightly_behind", "差很多", "a lot"]
