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
from baimo.data import claims, corpus

COLUMNS = claims.columns("lag")


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


def views(df: pd.DataFrame) -> pd.DataFrame:
    """Notebook 02's filter of views, as written in its first cell."""
    return df[(df.attribution == "own") & lag.is_named_speaker(df.speaker) & (df.modality == "stated")
              & df.score.notna()]


def test_named_speakers_leave_out_the_narration_hosts_and_interviewers():
    s = pd.Series(["刘庆峰", "文章作者", "南都", "孙天澍", "王坚", "泓君"])
    assert list(lag.is_named_speaker(s)) == [True, False, False, False, True, False]


def test_the_filter_of_views_keeps_only_own_stated_named_scored():
    df = lag.with_dates(rows(
        {"article_id": "beyond", "speaker": "刘庆峰"},                                   # kept
        {"article_id": "beyond", "speaker": "文章作者"},                                 # narration
        {"article_id": "wangjian", "speaker": "南都"},                                   # interviewer
        {"article_id": "beyond", "speaker": "刘庆峰", "attribution": "reported"},         # reported
        {"article_id": "wangjian", "speaker": "王坚", "judgement": "unclear"},            # no score
        {"article_id": "beyond", "speaker": "徐冰", "modality": "forecast"},              # forecast
        {"article_id": "contech", "speaker": "孙天澍"},                                  # host
    ))
    v = views(df)
    assert list(v.claim_id) == ["L-x-00"]
    assert list(v.score) == [-2]


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
    # the longest gap each allows: the top of a range or bound, else the single value
    assert list(e.upper) == [5, 6, 0.5, 1.5]
    assert list(e.gloss) == ["3–5 years", "≈ 6 years", "≤ 6 months", "0.5–1.5 years"]
    assert list(lag.ratio_estimates(df).claim_id) == ["L-x-04"]


# --------------------------------------------------------------------------- ordinal matrices


def scored(*recs) -> pd.DataFrame:
    v = rows(*recs)
    v["score"] = v.judgement.map(codebook.JUDGEMENT_SCORE)
    return v


def test_score_matrix():
    v = scored({"speaker": "A", "dimension": "models", "judgement": "slightly_behind"},
               {"speaker": "A", "dimension": "models", "judgement": "far_behind"},
               {"speaker": "B", "dimension": "data", "judgement": "ahead"})
    mean, n = lag.score_matrix(v, "speaker")
    assert list(mean.columns) == ["models", "data"]  # codebook order
    assert mean.loc["A", "models"] == -2.0 and n.loc["A", "models"] == 2   # (−1 + −3) / 2
    assert mean.loc["B", "data"] == 1.0 and n.loc["B", "models"] == 0


def test_score_cells_every_cell_with_counts_split_and_claims():
    v = scored({"speaker": "A", "dimension": "applications", "judgement": "ahead"},         # L-x-00
               {"speaker": "A", "dimension": "applications", "judgement": "far_behind"},    # L-x-01
               {"speaker": "A", "dimension": "applications", "judgement": "ahead"},         # L-x-02
               {"speaker": "A", "dimension": "models", "judgement": "level"},              # L-x-03
               {"speaker": "B", "dimension": "models", "judgement": "behind"})             # L-x-04
    c = lag.score_cells(v, "speaker").set_index(["row", "col"])
    assert list(c.index) == [("A", "models"), ("A", "applications"), ("B", "models"), ("B", "applications")]
    a = c.loc[("A", "applications")]
    # (1 − 3 + 1) / 3 = −1/3; two ahead, one behind: a split the mean hides
    assert math.isclose(a["mean"], -1 / 3) and a.n == 3 and (a.n_ahead, a.n_level, a.n_behind) == (2, 0, 1)
    assert a.split and a.claim_ids == ["L-x-01", "L-x-00", "L-x-02"] and a.scores == [-3, 1, 1]  # gloomiest first
    level = c.loc[("A", "models")]
    assert level["mean"] == 0 and level.n == 1 and not level.split          # judged level: mean 0, n 1
    empty = c.loc[("B", "applications")]
    assert empty.n == 0 and math.isnan(empty["mean"]) and empty.claim_ids == []   # no judgement: NaN, not 0


def test_dimension_summary():
    v = scored({"speaker": "A", "dimension": "compute_chips", "judgement": "behind"},
               {"speaker": "B", "dimension": "compute_chips", "judgement": "far_behind"},
               {"speaker": "A", "dimension": "applications", "judgement": "ahead"},
               {"speaker": "A", "dimension": "applications", "judgement": "level"},
               {"speaker": "A", "dimension": "applications", "judgement": "slightly_behind"})
    t = lag.dimension_summary(v).set_index("dimension")
    assert list(t.index) == ["compute_chips", "applications"]
    assert t.loc["compute_chips"].tolist() == [2, 2, 0, 0, 2, -2.5]          # n, speakers, ahead, level, behind, mean
    assert t.loc["applications"].tolist() == [3, 1, 1, 1, 1, 0.0]


# --------------------------------------------------------------------------- directions of change


def test_trend_rows_and_table():
    df = rows({"article_id": "beyond", "trend": "cycle"},        # L-x-00
              {"article_id": "beyond", "trend": "narrowing"},    # L-x-01
              {"article_id": "sv101", "trend": "narrowing"},     # L-x-02
              {"article_id": "contech", "trend": "none"},        # L-x-03: no direction
              {"article_id": "beyond", "trend": "narrowing"})    # L-x-04
    t = lag.trend_rows(df)
    # articles in date order (sv101 before beyond), then narrowing before cycle, then order said
    assert list(t.claim_id) == ["L-x-02", "L-x-01", "L-x-04", "L-x-00"]
    tab = lag.trend_table(t)
    assert list(tab.columns) == ["narrowing", "widening", "stable", "cycle", "total"]
    assert list(tab.index) == ["sv101", "contech", "kaifu", "wangjian", "beyond"]
    assert tab.loc["beyond"].tolist() == [2, 0, 0, 1, 3] and tab.loc["kaifu", "total"] == 0


# --------------------------------------------------------------------------- chart helpers


@pytest.mark.parametrize("lo, hi, point, qualifier, expected", [
    (0.0833, 0.1667, np.nan, "range", "1–2 months"),
    (0.25, 0.5, np.nan, "range", "3–6 months"),
    (0.5, 1.5, np.nan, "range", "0.5–1.5 years"),
    (3, 5, np.nan, "range", "3–5 years"),
    (0.0, 0.5, np.nan, "up_to", "≤ 6 months"),
    (np.nan, np.nan, 6, "approx", "≈ 6 years"),
    (np.nan, np.nan, 1, "exact", "1 year"),
])
def test_years_gloss(lo, hi, point, qualifier, expected):
    assert lag.years_gloss(lo, hi, point, qualifier) == expected


# --------------------------------------------------------------------------- in words


def test_share_names_and_signed():
    assert (lag.share(7, 7), lag.share(5, 7), lag.share(0, 7)) == ("all 7", "5 of 7", "none of the 7")
    assert lag.names(["A"]) == "A" and lag.names(["A", "B"]) == "A and B" and lag.names("ABC") == "A, B and C"
    assert lag.names("ABCD", noun="speakers") == "4 speakers" and lag.names("ABCD", n_max=4) == "A, B, C and D"
    assert lag.names([]) == ""
    assert (lag.signed(-2.5), lag.signed(0.2), lag.signed(0.0), lag.signed(-3, 0), lag.signed(1, 0)) == (
        "−2.5", "+0.2", "0.0", "−3", "+1")


def test_estimates_in_words_groups_by_dimension_then_speaker():
    est = lag.year_estimates(rows(
        {"article_id": "beyond", "speaker": "刘庆峰", "unit": "year", "value": 0.5, "high": 0.5, "qualifier": "up_to"},
        {"article_id": "sv101", "speaker": "晋英杰", "unit": "year", "low": 3, "high": 5, "qualifier": "range",
         "dimension": "talent"},
        {"article_id": "beyond", "speaker": "刘庆峰", "unit": "year", "low": 0.5, "high": 1.5, "qualifier": "range"},
        {"article_id": "contech", "speaker": "王小川", "unit": "year", "value": 6, "qualifier": "approx",
         "note": "derived"},
        {"article_id": "beyond", "speaker": "文章作者", "unit": "year", "value": 1, "qualifier": "exact",
         "attribution": "reported", "dimension": "overall"}))
    # codebook order of dimensions (models before talent before overall); within one, speakers in the order said
    assert lag.estimates_in_words(est) == (
        "base models: Wang Xiaochuan ≈ 6 years (derived); Liu Qingfeng ≤ 6 months, 0.5–1.5 years. "
        "talent: Jin Yingjie 3–5 years. overall: the article's author 1 year (reported)")


def test_cells_in_words_says_all_alone_or_names_by_side():
    v = scored({"speaker": "A", "dimension": "compute_chips", "judgement": "behind"},
               {"speaker": "B", "dimension": "compute_chips", "judgement": "far_behind"},
               {"speaker": "A", "dimension": "applications", "judgement": "ahead"},
               {"speaker": "B", "dimension": "applications", "judgement": "level"},
               {"speaker": "C", "dimension": "applications", "judgement": "behind"},
               {"speaker": "C", "dimension": "data", "judgement": "ahead"})
    cells = lag.score_cells(v, "speaker")
    assert lag.cells_in_words(cells, str.lower, "speakers") == (
        "compute & chips: behind for all 2 speakers judging it; data: ahead for c alone; "
        "applications: ahead for a, level for b, behind for c")


def test_trends_in_words_lists_articles_with_directions_then_those_without():
    tab = lag.trend_table(lag.trend_rows(rows({"article_id": "beyond", "trend": "narrowing"},
                                              {"article_id": "beyond", "trend": "cycle"},
                                              {"article_id": "sv101", "trend": "narrowing"})))
    assert lag.trends_in_words(tab) == ("sv101: 1 (1 narrowing); beyond: 2 (1 narrowing, 1 cycle); "
                                        "none in contech, kaifu and wangjian")


def test_judgement_colours_are_the_codebook_scale():
    assert lag_charts.judgement_colour(-3).upper() == codebook.BEHIND
    assert lag_charts.judgement_colour(1).upper() == codebook.AHEAD
    assert lag_charts.judgement_colour(0).upper() == "#FFFFFF"
    # −1.5 is half-way from white to purple: each channel the mean of white's and BEHIND's
    half = lag_charts.judgement_colour(-1.5)
    assert all(abs(int(half[i:i + 2], 16) - (255 + int(codebook.BEHIND[i:i + 2], 16)) / 2) <= 1 for i in (1, 3, 5))
    assert lag_charts.muted("#000000", keep=0.4) == "#999999"               # 60 % white
    assert lag_charts.muted(codebook.BEHIND, keep=0) == "#ffffff"
    assert lag_charts.text_colour(codebook.BEHIND) == "white" and lag_charts.text_colour("#ffffff") == codebook.INK
    pos, labels = lag_charts.scale_ticks()
    assert pos == [-3, -2, -1, 0, 1] and labels[0] == "far\nbehind\n远落后" and labels[-1] == "ahead\n领先"


def test_heatmap_marks_single_and_empty_cells_and_links_every_judgement():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    v = scored({"speaker": "胡家康", "dimension": "models", "judgement": "far_behind"},     # n = 1
               {"speaker": "王小川", "dimension": "models", "judgement": "ahead"},
               {"speaker": "王小川", "dimension": "models", "judgement": "behind"},
               {"speaker": "王小川", "dimension": "data", "judgement": "level"})
    fig, ax = plt.subplots()
    lag_charts.draw_score_heatmap(ax, lag.score_cells(v, "speaker"))
    rects = [p for p in ax.patches if isinstance(p, Rectangle)]
    cells = [p for p in rects if p.get_width() > 0.5]
    squares = [p for p in rects if p.get_width() < 0.5]
    assert len(cells) == 3                          # 胡家康 × data has no judgement: no cell drawn
    assert sorted(p.get_url().rsplit("#", 1)[1] for p in squares) == ["L-x-00", "L-x-01", "L-x-02", "L-x-03"]
    hatched = [p for p in cells if p.get_hatch()]
    assert len(hatched) == 2                        # the two n = 1 cells (胡家康 models, 王小川 data)
    texts = {t.get_text() for t in ax.texts}
    assert {"−3.0  n=1", "−0.5  n=2", "0.0  n=1", "–"} <= texts
    # the lone far-behind judgement is drawn lighter than a two-judgement cell of −0.5 would suggest
    single = next(p for p in hatched if p.get_xy()[1] < 1)
    assert single.get_facecolor()[:3] == pytest.approx(
        matplotlib.colors.to_rgb(lag_charts.muted(codebook.BEHIND)), abs=1e-6)
    plt.close(fig)


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
    assert t.iloc[0][["topic", "speaker_A", "judgement_A", "quote_B", "quote_en_B", "steps_apart"]].tolist() == [
        "models", "刘庆峰 Liu Qingfeng", "slightly_behind", "差很多", "a lot", 2]   # −1 vs −3


# --------------------------------------------------------------------------- notebook 02's notes stay true
# The notes and questions in notebooks/02-lag-estimates.md describe the adjudicated table in words; these
# checks fail when a recoding makes one of those sentences false.


@pytest.fixture(scope="module")
def coded():
    return lag.with_dates(claims.load("lag"))


def test_note_derived_and_ratio_rows(coded):
    est = lag.year_estimates(coded).set_index("claim_id")
    assert est.derived[["L-sv101-02", "L-contech-19"]].all()
    overall = est[(est.article_id == "beyond") & (est.dimension == "overall")]
    assert len(overall) == 2 and (overall.speaker == "文章作者").all() and (overall.attribution == "reported").all()
    ratio = lag.ratio_estimates(coded)
    ratio = ratio[ratio.article_id == "beyond"]
    assert sorted(zip(ratio.claim_id, ratio.speaker, ratio.dimension)) == [
        ("L-beyond-01", "文章作者", "compute_chips"), ("L-beyond-41", "徐冰", "compute_chips"),
        ("L-beyond-42", "徐冰", "compute_chips")]


def test_note_trends(coded):
    moving = lag.trend_rows(coded)
    early = moving[moving.article_id.isin(["sv101", "contech"])]   # "one direction each"
    assert sorted(zip(early.claim_id, early.speaker, early.trend)) == [
        ("L-contech-28", "邱锡鹏", "stable"), ("L-sv101-11", "胡家康", "narrowing")]
    widening = moving[(moving.trend == "widening") & (moving.article_id == "beyond")]   # "the panel's one widening"
    assert list(zip(widening.claim_id, widening.attribution)) == [("L-beyond-13", "reported")]
    panel = moving[(moving.article_id == "beyond") & (moving.trend == "narrowing")]
    assert {"刘庆峰", "徐冰", "张文"} <= set(panel.speaker)      # all three panellists expect narrowing
    assert coded.set_index("claim_id").trend["L-wangjian-01"] == "none"


def test_note_cycle(coded):
    by = coded.set_index("claim_id")
    ids = ["L-beyond-21", "L-beyond-22", "L-beyond-23", "L-beyond-24", "L-beyond-25"]
    assert list(by.loc[ids, "trend"]) == ["none", "narrowing", "cycle", "cycle", "cycle"]
    assert by.trend["L-beyond-32"] == "none" and by.judgement["L-beyond-25"] == "behind"
    assert list(by.loc[ids[1:4], "modality"]) == ["forecast"] * 3


def test_note_heatmaps_and_questions(coded):
    v = views(coded)
    sp = lag.score_cells(v, "speaker").set_index(["row", "col"])
    wang = sp.loc[("王小川", "applications")]
    assert (wang.n_ahead, wang.n_behind) == (4, 1) and min(wang.scores) == -3     # the by-article text
    apps = sp.xs("applications", level="col")["mean"].dropna()
    assert set(apps[apps > 0].index) == {"王小川", "张文"} and set(apps[apps < 0].index) == {"胡家康", "邱锡鹏", "刘庆峰"}
    order = list(corpus.date_spans().article_id)
    art = lag.score_cells(v, "article_id", row_order=order).set_index(["row", "col"])
    judged = art[art.n > 0]
    assert (judged.loc["sv101", "mean"] < 0).all()                          # 2022: every dimension behind
    gold = judged[judged["mean"] > 0]
    assert sorted(gold.loc[["contech", "beyond"]].index) == [("beyond", "data"), ("contech", "talent")]
    assert gold.n["contech", "talent"] == 1                                  # ConTech's one gold cell, one sentence
    assert -0.5 < art.loc[("contech", "applications"), "mean"] < 0
    beyond_apps = art.loc[("beyond", "applications")]
    assert beyond_apps["mean"] == 0 and (beyond_apps.n_behind, beyond_apps.n_ahead) == (1, 2)
    by = coded.set_index("claim_id")
    assert by.judgement["L-sv101-14"] == "far_behind" and by.dimension["L-contech-18"] == "applications"
