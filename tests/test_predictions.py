"""Notebook 05 (what happened next): scoring, timelines and the parsers that read measured gaps and
model sizes out of the outcome rows, each on a hand-worked example; then the real tables."""

import math

import pandas as pd
import pytest

from baimo.analysis import predictions as ap


def forecasts(rows):
    cols = ["prediction_id", "article_id", "speaker", "thread", "verdict", "said_date", "due", "due_date",
            "resolved_date", "rests_on"]
    df = pd.DataFrame(rows, columns=cols)
    for c in ("said_date", "due_date", "resolved_date"):
        df[c] = pd.to_datetime(df[c])
    return df


SIX = forecasts([
    ("X-a-01", "a", "甲", "lag", "came_true", "2023-01-01", "", None, "2024-07-15", "L-a-01"),
    ("X-a-02", "a", "甲", "lag", "came_true", "2023-01-01", "2023-12-31", "2023-12-31", "2022-12-01", ""),
    ("X-a-03", "a", "乙", "compute", "partly", "2023-01-01", "", None, "2025-01-01", "L-a-01; C-a-02"),
    ("X-b-01", "b", "乙", "compute", "did_not", "2024-05-01", "2025-05-01", "2025-05-01", "2025-06-01", "C-a-02"),
    ("X-b-02", "b", "乙", "other", "too_early", "2024-05-01", "2030-01-01", "2030-01-01", "2026-03-01", ""),
    ("X-b-03", "b", "丙", "other", "unresolvable", "2024-05-01", "", None, None, ""),
])


# --------------------------------------------------------------------------- scorecard


def test_verdict_counts_in_codebook_order_with_zeros():
    c = ap.verdict_counts(SIX.iloc[:2])
    assert list(c.index) == ["came_true", "partly", "did_not", "too_early", "unresolvable"]
    assert list(c) == [2, 0, 0, 0, 0]


def test_hit_rate_leaves_out_too_early_and_unresolvable():
    c = ap.verdict_counts(SIX)  # 2 came true, 1 partly, 1 did not; 1 too early, 1 unresolvable
    assert ap.hit_rate(c) == pytest.approx(2 / 4)
    assert ap.hit_rate_half(c) == pytest.approx(2.5 / 4)
    assert math.isnan(ap.hit_rate({"too_early": 3, "unresolvable": 1}))


def test_scorecard_by_speaker():
    s = ap.scorecard(SIX, "speaker")
    assert list(s.index) == ["乙", "甲", "丙"]  # 3, 2, 1 forecasts
    assert s.loc["乙", ["partly", "did_not", "too_early", "total", "resolvable"]].tolist() == [1, 1, 1, 3, 2]
    assert s.loc["乙", "hit_rate"] == 0 and s.loc["乙", "hit_rate_half"] == pytest.approx(0.25)
    assert s.loc["甲", "hit_rate"] == 1
    assert math.isnan(s.loc["丙", "hit_rate"])


def test_by_dating_miss_rate():
    d = ap.by_dating(SIX)
    assert d.loc[True, "resolvable"] == 2 and d.loc[True, "miss_rate"] == pytest.approx(0.5)  # X-a-02 hit, X-b-01 miss
    assert d.loc[False, "resolvable"] == 2 and d.loc[False, "miss_rate"] == 0


def test_most_names_every_tie_and_nothing_for_zeros():
    s = ap.scorecard(SIX, "thread")
    assert ap.most(s.unresolvable) == ["other"]  # the one unresolvable forecast is X-b-03's
    assert ap.most(s.total) == ["lag", "compute", "other"]  # two forecasts each: a tie names all, in order
    assert ap.most(ap.scorecard(SIX, "speaker").total) == ["乙"]
    assert ap.most(pd.Series({"a": 0, "b": 0})) == [] and ap.most(pd.Series(dtype=int)) == []


# --------------------------------------------------------------------------- timeline and rests_on


def test_timeline_ends_and_months():
    t = ap.timeline(SIX, "2026-12-01").set_index("prediction_id")
    assert t.loc["X-a-01", "end_kind"] == "resolved" and t.loc["X-a-01", "months"] == 18  # 2023-01-01 → 2024-07-15
    assert t.loc["X-b-02", "end_kind"] == "open" and t.loc["X-b-02", "end_date"] == pd.Timestamp("2026-12-01")
    assert t.loc["X-b-03", "end_kind"] == "none" and pd.isna(t.loc["X-b-03", "end_date"])
    assert t.loc["X-a-02", "before_said"] and t.loc["X-a-02", "months"] == -1  # 2022-12-01, a month before said
    assert not t.loc["X-a-01", "before_said"]


def test_forecasts_on_claims():
    f = ap.forecasts_on(SIX, ["L-a-01", "C-a-02", "P-z-09"]).set_index("claim_id")
    assert f.loc["L-a-01", "prediction_ids"] == ["X-a-01", "X-a-03"] and f.loc["L-a-01", "verdict"] == "came_true"
    assert f.loc["C-a-02", "verdict"] == "partly"
    assert f.loc["P-z-09", "prediction_ids"] == [] and pd.isna(f.loc["P-z-09", "verdict"])


# --------------------------------------------------------------------------- parsers


def test_parse_months_point_and_range():
    assert ap.parse_months("Chinese models trailed by about 7 months on average (4 to 14 months).") == \
        {"point": 7, "lo": 4, "hi": 14}
    m = ap.parse_months("about 8 months behind the US frontier on a composite")
    assert m["point"] == 8 and math.isnan(m["lo"]) and math.isnan(m["hi"])
    only_range = ap.parse_months("a lag of 4 to 14 months")
    assert math.isnan(only_range["point"]) and only_range["hi"] == 14
    with pytest.raises(ValueError):
        ap.parse_months("no lag here")


def test_months_to_years():
    assert ap.months_to_years(18) == 1.5 and ap.months_to_years(7) == pytest.approx(0.5833, abs=1e-4)


def test_parse_percent_gaps_pairs_each_percent_with_its_month():
    text = ("the best US model was 9.3% ahead of the best Chinese model in January 2024 and 1.7% ahead in "
            "February 2025; the February 2025 scores were 1,385 (US) and 1,362 (China).")
    assert ap.parse_percent_gaps(text) == [(pd.Timestamp("2024-01-01"), 9.3), (pd.Timestamp("2025-02-01"), 1.7)]
    later = "models have swapped the lead since early 2025 and that in March 2026 the top US model was 2.7% ahead."
    assert ap.parse_percent_gaps(later) == [(pd.Timestamp("2026-03-01"), 2.7)]
    assert ap.parse_percent_gaps("no gap given in 2025") == []


def test_size_mentions_total_active_and_names():
    text = ("Beyond these, developers released: Tencent Hunyuan-Large (389B total, 52B active, Nov 2024); "
            "Baidu ERNIE 4.5 (300B-A47B and VL-424B-A47B, open weights, 2025); LongCat (560B total, ~27B active).")
    got = ap.size_mentions(text)
    assert [g["name"] for g in got] == ["Tencent Hunyuan-Large", "Baidu ERNIE 4.5", "LongCat"]
    assert [g["total"] for g in got] == [389e9, 424e9, 560e9]  # ERNIE: the larger of its two sizes
    assert [g["active"] for g in got] == [52e9, 47e9, 27e9]
    one = ap.size_mentions("a mixture-of-experts model with 671B total parameters (37B active per token)")
    assert one == [{"total": 671e9, "active": 37e9, "qualifier": "exact", "name": None}]
    tril = ap.size_mentions("an open MoE model with 1T total parameters (32B active) trained on 15.5T tokens")
    assert tril[0]["total"] == 1e12 and tril[0]["active"] == 32e9
    closed = ap.size_mentions("presented as a model with more than 1T parameters")
    assert closed[0]["qualifier"] == "more_than" and math.isnan(closed[0]["active"])
    unnamed = ap.size_mentions("MoE models of 30B-A3B and 235B-A22B; updated 235B-A22B versions followed")
    assert len(unnamed) == 1 and unnamed[0]["total"] == 235e9 and unnamed[0]["active"] == 22e9


def test_named_sizes_and_dense_max():
    assert ap.named_sizes("US$170M for Llama 3.1-405B (2024), and Yi-34B") == [
        {"name": "Llama 3.1-405B", "total": 405e9}, {"name": "Yi-34B", "total": 34e9}]
    assert ap.dense_max("dense models from 0.6B to 32B and MoE models") == 32e9
    assert math.isnan(ap.dense_max("MoE only"))


def test_outcome_number():
    r = ap.outcome_number("4000000-5000000")
    assert (r["lo"], r["hi"], r["qualifier"]) == (4e6, 5e6, "range") and math.isnan(r["value"])
    assert ap.outcome_number("538")["value"] == 538 and ap.outcome_number("538")["qualifier"] == "exact"
    assert math.isnan(ap.outcome_number("")["value"]) and math.isnan(ap.outcome_number("40 / 15 / 3")["value"])


def test_measured_series_from_an_outcomes_frame():
    o = pd.DataFrame({
        "outcome_id": ["O1", "O2", "O3"], "subject": ["Epoch (lag)", "Arena", "Kimi K2 (Moonshot AI)"],
        "fact": ["trailed by about 6 months on average (3 to 12 months)",
                 "the US model was 4.0% ahead of the best Chinese model in March 2025",
                 "an MoE model with 1T total parameters (32B active)"],
        "as_of": ["2026-01", "2025-03", "2025-07"],
        "as_of_date": pd.to_datetime(["2026-01-01", "2025-03-01", "2025-07-01"]),
    })
    lag = ap.measured_lag(o, ["O1"]).iloc[0]
    assert (lag.months, lag.point, lag.lo, lag.hi) == (6, 0.5, 0.25, 1.0)
    gap = ap.arena_gap(o, ["O2"])
    assert gap.percent.tolist() == [4.0] and gap.date.tolist() == [pd.Timestamp("2025-03-01")]
    sizes = ap.model_sizes(o, ["O3"])
    assert sizes.name.tolist() == ["Kimi K2"] and sizes.total.tolist() == [1e12]


def test_against_range_reads_intervals_and_points():
    est = pd.DataFrame({"lo": [0.0, 0.5, math.nan, 2.0, math.nan, 0.1],
                        "hi": [0.5, 1.5, math.nan, 3.0, math.nan, 0.25],
                        "point": [math.nan, math.nan, 1.0, math.nan, 6.0, math.nan]}, index=list("abcdef"))
    # measured 4–14 months = 0.333…–1.1666… years
    where = ap.against_range(est, 4 / 12, 14 / 12)
    assert where.to_dict() == {"a": "overlaps", "b": "overlaps", "c": "overlaps", "d": "above", "e": "above",
                               "f": "below"}
    assert ap.against_range(est.iloc[:0], 0, 1).empty


EVENTS = pd.DataFrame({
    "date": pd.to_datetime(["2025-04-09", "2025-09-17", "2025-12-08", "2024-01-29", "2025-01-01"]),
    "region": ["US", "China", "US", "US", "China"],
    "direction": ["tighter", "tighter", "looser", "proposed", "company"],
})


def test_who_tightened_and_who_loosened_again():
    assert ap.acted(EVENTS, "tighter") == ["US", "China"]  # in the order of their first tightening
    assert ap.acted(EVENTS, "looser") == ["US"] and ap.acted(EVENTS, "nothing") == []
    assert ap.reversed_after(EVENTS) == ["US"]
    # a loosening before the first tightening is no reversal
    early = EVENTS.assign(date=EVENTS.date.where(EVENTS.direction != "looser", pd.Timestamp("2024-06-01")))
    assert ap.reversed_after(early) == []


# --------------------------------------------------------------------------- the real tables


def test_real_tables_agree():
    from baimo.data import outcomes, predictions

    p, o = predictions.load(), outcomes.load()
    known = set(o.outcome_id)
    scored = p[p.verdict.isin(ap.RESOLVABLE)]
    for r in scored.itertuples():
        ids = predictions.split_ids(r.outcome_ids)
        assert ids and set(ids) <= known, r.prediction_id
        assert pd.notna(r.resolved_date), r.prediction_id
    assert ap.scorecard(p, "speaker").total.sum() == len(p) == ap.scorecard(p, "thread").total.sum()
    # the parsers read the same numbers the value column holds
    by = o.set_index("outcome_id")
    lag = ap.measured_lag(o, ["O14", "O83"]).set_index("outcome_id")
    for oid in ["O14", "O83"]:
        assert lag.loc[oid, "months"] == float(by.loc[oid, "value"]), oid
    gaps = ap.arena_gap(o, ["O12", "O15"])
    assert gaps.percent.iloc[-1] == float(by.loc["O15", "value"]) and float(by.loc["O12", "value"]) in set(gaps.percent)
    sizes = ap.model_sizes(o, ["O18", "O19", "O22", "O23", "O20"]).set_index("outcome_id")
    for oid in ["O18", "O19", "O22", "O23", "O20"]:
        assert sizes.loc[oid, "total"] == float(by.loc[oid, "value"]), oid


def test_points_from_three_tables():
    claims = pd.DataFrame({"claim_id": ["C-a-01"], "article_id": ["a"], "subject": ["start-ups"], "value": [70.0],
                           "low": [70.0], "high": [math.nan], "qualifier": ["more_than"], "modality": ["stated"],
                           "original": ["70多家"]})
    facts = pd.DataFrame({"fact_id": ["F1"], "subject": ["filed"], "value": ["190+ filed and online"],
                          "as_of": ["2024-08-12"]})
    outs = pd.DataFrame({"outcome_id": ["O1"], "subject": ["filed"], "value": ["538"], "unit": ["filed services"],
                         "as_of_date": [pd.Timestamp("2025-08-01")]})
    spans = pd.DataFrame({"article_id": ["a"], "start": [pd.Timestamp("2023-07-01")]})
    p = ap.points(["F1", "C-a-01", "O1"], claims, facts, outs, spans).set_index("id")
    assert p.loc["F1", "value"] == 190 and p.loc["F1", "qualifier"] == "more_than"
    assert p.loc["F1", "date"] == pd.Timestamp("2024-08-12")
    assert p.loc["C-a-01", "value"] == 70 and p.loc["C-a-01", "date"] == pd.Timestamp("2023-07-01")
    assert p.loc["O1", "value"] == 538 and p.loc["O1", "qualifier"] == "exact"
    with pytest.raises(KeyError):
        ap.points(["X-none"], claims, facts, outs, spans)


def test_forecast_frame_keeps_the_order_given(monkeypatch):
    from baimo.data import corpus

    monkeypatch.setattr(corpus, "speaker_label", lambda s: f"{s} (label)")
    df = SIX.assign(quote=list("abcdef"), statement_en=list("ABCDEF"), said_on="2023", outcome_ids="O1",
                    reasoning="r")
    t = ap.forecast_frame(df, ["X-b-01", "X-a-01"])
    assert t.prediction_id.tolist() == ["X-b-01", "X-a-01"] and t["quote"].tolist() == ["d", "a"]
    assert list(t.columns[:2]) == ["quote", "statement_en"] and t.speaker.iloc[0] == "乙 (label)"
    assert t.verdict.tolist() == ["✗ did not 未应验", "✓ came true 应验"]


# --------------------------------------------------------------------------- the words printed beside the marks


def test_the_notes_beside_the_marks():
    from types import SimpleNamespace as Row

    from baimo.charts import predictions as pc

    claim = Row(table="claims", text="1000万颗", qualifier="exact", modality="forecast", lo=math.nan, hi=math.nan,
                value=1e7)
    assert pc.number_note(claim) == "1000万颗 (预测 forecast)"  # a claim keeps its own words
    floor = Row(table="outcomes", text="1000000 gpu", qualifier="more_than", modality="stated", lo=math.nan,
                hi=math.nan, value=1e6)
    assert pc.number_note(floor) == ">1M"
    span = Row(table="outcomes", text="", qualifier="range", modality="stated", lo=4e6, hi=5e6, value=math.nan)
    assert pc.number_note(span) == "4M–5M"
    assert pc.size_note(Row(total=1e12, active=32e9, qualifier="exact", architecture="sparse", outcome_id="O1")) == \
        "1T total · 32B active · O1"
    assert pc.size_note(Row(total=1e12, active=math.nan, qualifier="more_than", architecture="unpublished",
                            outcome_id="O2")) == "> 1T, closed weights · O2"
    assert pc.size_note(Row(total=405e9, active=math.nan, qualifier="exact", architecture="dense",
                            outcome_id="O3")) == "405B dense · O3"
    epoch = Row(months=7.0, lo_months=4.0, hi_months=14.0, outcome_id="O14")
    assert pc.months_note(epoch) == "7 (4–14) months ÷ 12 · O14"
    assert pc.months_note(Row(months=8.0, lo_months=math.nan, hi_months=math.nan, outcome_id="O83")) == \
        "8 months ÷ 12 · O83"
    est = Row(qualifier="approx", modality="stated", original="快一年以上", dimension="models", verdict="partly",
              pids=["X-b-05"])
    assert pc.estimate_note(est) == "≈快一年以上 · base models · ◐ X-b-05"
    none = Row(qualifier="range", modality="stated", original="3-5 年", dimension="talent", verdict=None, pids=[])
    assert pc.estimate_note(none) == "3-5 年 · talent · –"
