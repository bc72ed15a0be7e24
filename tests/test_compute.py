"""Tests for baimo.compute: every expected value below is worked out by hand from the inputs."""

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from baimo import BaimoError  # noqa: E402
from baimo.analysis import compute  # noqa: E402
from baimo.charts import compute as compute_charts  # noqa: E402
from baimo.charts import kit  # noqa: E402
from baimo.publish.notebooks import view  # noqa: E402
from baimo.core import codebook, numbers  # noqa: E402
from baimo.core.numbers import Quantity  # noqa: E402
from baimo.data import record  # noqa: E402
from baimo.data.claims import load  # noqa: E402

NAN = float("nan")


def row(value=NAN, low=NAN, high=NAN, qualifier="exact", **kw):
    base = {"claim_id": "C-test-01", "value": value, "low": low, "high": high, "qualifier": qualifier}
    base.update(kw)
    return pd.Series(base)


# --------------------------------------------------------------------------- quantity


def test_quantity_exact_and_approx():
    q = numbers.quantity(row(4000))
    assert (q.point, q.lo, q.hi, q.approx) == (4000, 4000, 4000, False)
    assert q.qualifier == "exact"
    a = numbers.quantity(row(1e6, qualifier="approx"))
    assert a.approx and a.qualifier == "approx" and a.bound == 1e6


def test_quantity_lower_bounds_use_low_else_value():
    q = numbers.quantity(row(200, qualifier="more_than"))  # low left empty
    assert (q.lo, q.hi, q.lo_strict) == (200, math.inf, True)
    assert q.qualifier == "more_than" and q.bound == 200
    q = numbers.quantity(row(1000, low=1000, qualifier="at_least"))
    assert (q.lo, q.lo_strict) == (1000, False)
    assert q.qualifier == "at_least"


def test_quantity_upper_bound_and_range():
    q = numbers.quantity(row(0.5, high=0.5, qualifier="up_to"))
    assert (q.lo, q.hi) == (0, 0.5) and q.qualifier == "up_to"
    r = numbers.quantity(row(low=1e4, high=1e5, qualifier="range"))
    assert (r.lo, r.hi) == (1e4, 1e5) and r.qualifier == "range" and math.isnan(r.point)


def test_quantity_approx_without_value_is_a_range():
    # 好几十 coded approx with low 20, high 99 and no value
    q = numbers.quantity(row(low=20, high=99, qualifier="approx"))
    assert q.qualifier == "range" and (q.lo, q.hi) == (20, 99) and q.approx


def test_quantity_rejects_missing_numbers():
    with pytest.raises(BaimoError):
        numbers.quantity(row(qualifier="exact"))
    with pytest.raises(BaimoError):
        numbers.quantity(row(low=1, qualifier="range"))


# --------------------------------------------------------------------------- ratio


def test_ratio_of_points():
    r = numbers.ratio(Quantity(1e7, 1e7, 1e7), Quantity(4000, 4000, 4000))
    assert r.point == 2500 and r.qualifier == "exact"


def test_ratio_lower_bound_in_denominator_gives_upper_bound():
    # 4000 ÷ (≥1000) is at most 4
    r = numbers.ratio(Quantity(4000, 4000, 4000), Quantity(1000, 1000, math.inf))
    assert r.qualifier == "up_to" and r.hi == 4 and r.lo == 0 and r.bound == 4
    strict = numbers.ratio(Quantity(4000, 4000, 4000), Quantity(1000, 1000, math.inf, lo_strict=True))
    assert strict.qualifier == "less_than"


def test_ratio_lower_bound_in_numerator_gives_lower_bound():
    r = numbers.ratio(Quantity(1000, 1000, math.inf, lo_strict=True), Quantity(4000, 4000, 4000))
    assert r.qualifier == "more_than" and r.lo == 0.25


def test_ratio_of_range_and_of_two_lower_bounds():
    r = numbers.ratio(Quantity(NAN, 1e4, 1e5), Quantity(25000, 25000, 25000))
    assert r.qualifier == "range" and (r.lo, r.hi) == (0.4, 4.0)
    u = numbers.ratio(Quantity(10, 10, math.inf), Quantity(5, 5, math.inf))
    assert u.qualifier == "unbounded"


def test_ratio_carries_approx():
    r = numbers.ratio(Quantity(50, 50, 50, approx=True), Quantity(3, 3, 3))
    assert r.qualifier == "approx"


def test_weakest_modality():
    assert numbers.weakest_modality("stated", "forecast") == "forecast"
    assert numbers.weakest_modality("hypothetical", "recalled", "stated") == "hypothetical"
    assert numbers.weakest_modality("stated", "stated") == "stated"
    assert numbers.weakest_modality("") == ""


# --------------------------------------------------------------------------- formatting


@pytest.mark.parametrize("x, zh, en", [
    (1e7, "1000万", "10M"),
    (2e11, "2000亿", "200B"),
    (1.7e12, "1.7万亿", "1.7T"),
    (25000, "2.5万", "25,000"),
    (4000, "4,000", "4,000"),
    (8.6e10, "860亿", "86B"),
    (1.5e14, "150万亿", "150T"),
    (1e9, "10亿", "1B"),
])
def test_fmt_zh_and_en(x, zh, en):
    assert numbers.fmt_zh(x) == zh
    assert numbers.fmt_en(x) == en


def test_fmt_plain_and_money():
    assert numbers.fmt_plain(2500) == "2,500"
    assert numbers.fmt_plain(6.25) == "6.25"
    assert numbers.fmt_plain(50 / 3) == "16.7"
    assert numbers.fmt_plain(0.1 + 0.2) == "0.3"
    assert numbers.fmt_plain(math.inf) == "∞"
    assert numbers.fmt_en(1.2e10, money=True) == "US$12B"


def test_value_text():
    assert numbers.value_text(Quantity(1e6, 1e6, 1e6, approx=True)) == "≈100万 (1M)"
    assert numbers.value_text(Quantity(1.2e10, 1.2e10, 1.2e10, approx=True), money=True) == "≈US$12B (120亿美元)"
    assert numbers.value_text(Quantity(NAN, 1e4, 1e5)) == "1万–10万 (10,000–100,000)"
    assert numbers.value_text(Quantity(NAN, 20, 99)) == "20–99"
    assert numbers.value_text(Quantity(2000, 2000, 2000), "hypothetical") == "2,000 (假设 hyp.)"
    assert numbers.value_text(Quantity(1000, 1000, math.inf, lo_strict=True)) == ">1,000"


def test_join_ids_and_short_subject():
    assert numbers.join_ids(["C-contech-04", "C-contech-09"]) == "C-contech-04/09"
    assert numbers.join_ids(["P-sv101-05", "P-sv101-19", "P-wangjian-03"]) == "P-sv101-05/19, P-wangjian-03"
    assert numbers.join_ids([]) == ""
    assert compute.short_subject("Stability AI (PhDs on team)") == "Stability AI (PhDs on team)"
    assert compute.short_subject("OpenAI (money invested in core technology)") == "OpenAI"
    assert compute.short_subject("OpenAI (planned training cluster)", max_len=10) == "OpenAI"
    assert compute.short_subject("GPT-4 training") == "GPT-4 training"


def test_row_label_is_bilingual():
    label = compute.row_label("NVIDIA (annual GPU output, all types and markets)", "gpu_output", "王小川", "contech")
    assert label == "NVIDIA · output/yr 年产量\n王小川 Wang Xiaochuan · contech"
    assert compute.row_label("SenseTime", "gpu_count", "徐冰", "beyond", show_metric=False) == \
        "SenseTime\n徐冰 Xu Bing · beyond"


def test_row_label_wraps_only_the_first_line():
    label = compute.row_label("training a 100B-parameter model in China", "gpu_count", "胡家康", "sv101", wrap=20)
    # "training a 100B-parameter model in China · GPUs 显卡" broken at spaces into lines of ≤ 20 characters
    assert label == "training a\n100B-parameter model\nin China · GPUs 显卡\n胡家康 Hu Jiakang · sv101"
    assert compute.row_label("SenseTime", "gpu_count", "徐冰", "beyond", wrap=40) == \
        "SenseTime · GPUs 显卡\n徐冰 Xu Bing · beyond"


# --------------------------------------------------------------------------- numbers for people


@pytest.mark.parametrize("x, text, rounded", [
    (2500, "2,500", False),      # a whole number stays
    (4.0, "4", False),
    (6.25, "6", True),           # 25,000 ÷ 4,000: one significant figure below 10
    (25000 / 45000, "0.6", True),  # 0.5556 → 0.6
    (0.8, "0.8", False),
    (50 / 3, "17", True),        # 16.67: two significant figures from 10 up
    (12e9 / 1.5e9, "8", False),  # 8.000000000000002 is a whole number
    (math.inf, "∞", False),
])
def test_people_number(x, text, rounded):
    assert compute.people_number(x) == (text, rounded)


def test_ratio_text_signs_and_marks():
    assert compute.ratio_text(Quantity(2500, 2500, 2500)) == ("=", "2,500")
    assert compute.ratio_text(Quantity(6.25, 6.25, 6.25)) == ("≈", "6")               # rounded
    assert compute.ratio_text(Quantity(50, 50, 50, approx=True)) == ("≈", "50")       # ≈10,000 ÷ ≈200
    assert compute.ratio_text(Quantity(4, 0, 4, hi_strict=True)) == ("=", "<4")       # 4,000 ÷ >1,000
    assert compute.ratio_text(Quantity(NAN, 0.8, 3.6)) == ("≈", "0.8–4")              # 20,000–90,000 ÷ 25,000
    assert compute.ratio_text(Quantity(2, 0, math.inf)) == ("=", "?")                 # nothing known


# --------------------------------------------------------------------------- merging and ratios

def claims_frame():
    cols = ["claim_id", "article_id", "speaker", "metric", "region", "value", "low", "high", "unit",
            "qualifier", "modality", "subject", "quote", "quote_en"]
    rows = [
        ["C-a-01", "a", "王小川", "gpu_count", "US", 1e7, NAN, NAN, "gpu", "exact", "forecast", "OpenAI", "q1", "e1"],
        ["C-a-02", "a", "王小川", "gpu_count", "China", 4000, NAN, NAN, "gpu", "exact", "stated", "China", "q2", "e2"],
        ["C-a-03", "a", "王小川", "gpu_count", "US", 1e7, NAN, NAN, "gpu", "exact", "forecast", "OpenAI", "q3", "e3"],
        ["C-b-01", "b", "胡家康", "gpu_count", "China", 1000, 1000, NAN, "gpu", "at_least", "stated", "China", "q4", "e4"],
        ["C-b-02", "b", "胡家康", "headcount", "US", 300, NAN, NAN, "person", "exact", "stated", "OpenAI", "q5", "e5"],
    ]
    return pd.DataFrame(rows, columns=cols)


def test_merge_repeats_keeps_first_and_lists_ids():
    m = compute.merge_repeats(claims_frame())
    assert len(m) == 4
    first = m.iloc[0]
    assert first.claim_id == "C-a-01" and first.claim_ids == ["C-a-01", "C-a-03"] and first.key == "C-a-01/03"
    assert list(m.key) == ["C-a-01/03", "C-a-02", "C-b-01", "C-b-02"]


def test_implied_ratio_arithmetic_and_flags():
    t = claims_frame()
    r = compute.implied_ratio(t, "C-a-01", "C-a-02", "plan ÷ China")
    assert r["ratio"] == 2500 and r["qualifier"] == "exact"
    assert r["arithmetic"] == "10M ÷ 4,000 = 2,500"
    assert r["modality"] == "forecast" and r["cross_article"] is False
    assert r["text"] == "2,500×"
    r2 = compute.implied_ratio(t, "C-a-02", "C-b-01")
    assert r2["arithmetic"] == "4,000 ÷ ≥1,000 = ≤4" and r2["qualifier"] == "up_to" and r2["ratio"] == 4
    assert r2["cross_article"] is True and r2["text"] == "≤4×"


def test_implied_ratio_rounds_for_people():
    t = claims_frame()
    t.loc[len(t)] = ["C-b-03", "b", "胡家康", "gpu_count", "US", 25000, NAN, NAN, "gpu", "exact", "stated",
                     "GPT-4", "q6", "e6"]
    t.loc[len(t)] = ["C-b-04", "b", "胡家康", "headcount", "China", 1e4, NAN, NAN, "person", "approx", "stated",
                     "dragons", "q7", "e7"]
    r = compute.implied_ratio(t, "C-b-03", "C-a-02")   # 25,000 ÷ 4,000 = 6.25
    assert r["arithmetic"] == "25,000 ÷ 4,000 ≈ 6" and r["text"] == "≈6×" and r["ratio"] == 6.25
    p = compute.implied_ratio(t, "C-b-04", "C-b-02")   # ≈10,000 ÷ 300 = 33.3
    assert p["arithmetic"] == "≈10,000 ÷ 300 ≈ 33" and p["text"] == "≈33×"


def test_with_values_redoes_a_ratio_with_the_records_figure():
    t = claims_frame()
    fixed = compute.with_values(t, {"C-b-01": 2000})   # ≥1,000 replaced by a record's ≈2,000
    r = compute.implied_ratio(fixed, "C-a-02", "C-b-01")
    assert r["arithmetic"] == "4,000 ÷ ≈2,000 ≈ 2" and r["text"] == "≈2×"
    row = fixed.set_index("claim_id").loc["C-b-01"]
    assert row.qualifier == "approx" and math.isnan(row.low)         # its bound is cleared
    assert t.set_index("claim_id").loc["C-b-01", "value"] == 1000    # the table itself is untouched
    with pytest.raises(BaimoError, match="unknown claim.*C-z-99"):
        compute.with_values(t, {"C-z-99": 1})


@pytest.mark.parametrize("x, words", [(45000, ("tens of thousands", "数万")), (10000, ("tens of thousands", "数万")),
                                      (9999, ("thousands", "数千")), (2.5e5, ("hundreds of thousands", "数十万")),
                                      (1e6, ("millions", "数百万")), (40, ("tens", "数十"))])
def test_order_words(x, words):
    assert compute.order_words(x) == words


def test_order_words_refuses_what_it_cannot_name():
    for bad in (0, -5, math.nan, math.inf, 1e12):
        with pytest.raises(BaimoError):
            compute.order_words(bad)


def test_implied_ratio_rejects_bad_pairs():
    t = claims_frame()
    with pytest.raises(BaimoError, match="units differ"):
        compute.implied_ratio(t, "C-a-01", "C-b-02")
    with pytest.raises(BaimoError, match="unknown claim"):
        compute.implied_ratio(t, "C-a-01", "C-z-99")


def test_ratio_table_has_one_row_per_pair():
    df = compute.ratio_table(claims_frame(), [("C-a-01", "C-a-02", "x"), ("C-a-02", "C-b-01", "y")])
    assert list(df.label) == ["x", "y"] and list(df.ratio) == [2500, 4]


def test_quote_table_expands_merged_keys():
    t = claims_frame()
    keys = pd.DataFrame({"key": ["K1"], "claim_ids": [["C-a-01", "C-a-03"]]})
    q = view.quote_frame(t, keys)
    assert list(q.columns) == ["key", "quote", "quote_en", "speaker", "claim_id"]  # quote and gloss first
    assert list(q.claim_id) == ["C-a-01", "C-a-03"] and list(q.quote) == ["q1", "q3"]
    assert set(q.speaker) == {"王小川 Wang Xiaochuan"}


def test_quote_frame_with_extra_columns_and_no_keys():
    t = claims_frame()
    q = view.quote_frame(t.head(2), extra=["unit"])
    assert list(q.columns) == ["quote", "quote_en", "speaker", "unit", "claim_id"]
    assert list(q.claim_id) == list(t.claim_id[:2])


def test_table_html_is_deterministic_and_folds_long_tables():
    small = pd.DataFrame({"a": [1, 2]})
    big = pd.DataFrame({"a": range(30)})
    assert view.table(small).data == view.table(small.copy()).data
    assert "<details>" not in view.table(small).data
    assert view.table(big, "30 rows").data.startswith("<details><summary>30 rows</summary>")


# --------------------------------------------------------------------------- chip supply


THEMES = [("inventory 库存", ["库存"]), ("export controls 出口管制", ["出口", "限制措施", "实体清单"]),
          ("domestic & non-NVIDIA chips 国产/非英伟达芯片", ["国产芯片", "中国芯片", "非英伟达"])]


def test_chip_theme_first_match_wins():
    assert compute.chip_theme("我们的芯片库存足够维持18个月。这些基本上是在限制措施出台前", THEMES) == "inventory 库存"
    assert compute.chip_theme("美国限制向中国出口先进的半导体技术", THEMES) == "export controls 出口管制"
    assert compute.chip_theme("我们有国产芯片在快速的发展", THEMES) == "domestic & non-NVIDIA chips 国产/非英伟达芯片"
    assert compute.chip_theme("算力是一个商品", THEMES) == ""


def test_runway_end():
    assert compute.runway_end(pd.Timestamp("2023-12-28"), 1.5) == pd.Timestamp("2025-06-28")
    assert compute.runway_end(pd.Timestamp("2024-01-31"), 0.25) == pd.Timestamp("2024-04-30")


# --------------------------------------------------------------------------- public record


@pytest.mark.parametrize("text, unit, prefer, expected", [
    ("175", "billion parameters", None, 175e9),
    ("~0.15 quadrillion (1.5e14)", "synapses", None, 1.5e14),
    ("86.1 +/- 8.1 billion", "neurons", None, 86.1e9),
    ("SenseTime US$5.2B; Megvii US$1.23B; Yitu US$0.5B (sum ~US$7.7B)", "US$", None, 7.7e9),
    ("~27,000 (1Q23) -> ~30,000 (2Q23); 6 EFLOPS (1H23)", "GPUs", "GPU", 30000),
    ("285,000 CPU cores; 10,000 GPUs; 400 Gb/s per GPU server", "hardware", "GPU", 10000),
    ("285,000 CPU cores; 10,000 GPUs", "hardware", None, 285000),
    ("~300 at ChatGPT launch (Nov 2022); ~400 early 2023", "employees", None, 300),
    ("10 trillion (trained on 512 GPUs in 10 days)", "parameters", None, 1e13),
    ("3.76 million", "units", None, 3.76e6),
])
def test_record_number(text, unit, prefer, expected):
    assert record.record_number(text, unit, prefer=prefer) == pytest.approx(expected)


@pytest.mark.parametrize("text, unit", [
    ("NVIDIA V100", "GPU model"), ("undisclosed", ""), ("not verified (likely around 2024)", ""),
    ("2024-03-01 (US$2.06T)", "date"), ("not found", ""),
])
def test_record_number_gives_nan_when_there_is_no_figure(text, unit):
    assert math.isnan(record.record_number(text, unit))


def test_units_match():
    assert record.units_match("gpu", "NVIDIA A100 GPUs")
    assert record.units_match("usd", "US$")
    assert record.units_match("count", "synapses")
    assert not record.units_match("gpu", "parameters")
    assert not record.units_match("person", "US$")


def test_record_comparison_ratios_only_for_comparable_links():
    claims = claims_frame()
    links = pd.DataFrame({
        "claim_id": ["C-a-02", "C-b-02", "C-b-02", "C-b-01"],
        "fact_id": ["F1", "F2", "F3", "F4"],
        "status": ["differs", "agrees", "unverified", "agrees"],
        "explanation": ["e"] * 4,
    })
    facts = pd.DataFrame({
        "fact_id": ["F1", "F2", "F3", "F4"], "subject": ["s"] * 4, "quantity": ["q"] * 4,
        "value": ["8,000", "~300", "~600", "up to 200 billion (2048 Ascend 910)"],
        "unit": ["GPUs", "employees", "employees", "parameters"],
        "as_of": ["2023"] * 4, "source": ["src"] * 4, "source_kind": ["press"] * 4, "note": [""] * 4,
        "project_check": [""] * 4,
    })
    out = record.record_comparison(claims, links, facts).set_index("fact_id")
    assert out.loc["F1", "ratio"] == 0.5          # 4,000 ÷ 8,000
    assert out.loc["F2", "ratio"] == 1.0          # 300 ÷ 300
    assert math.isnan(out.loc["F3", "ratio"])     # unverified: no ratio
    assert math.isnan(out.loc["F4", "ratio_lo"])  # GPUs vs parameters: not comparable
    assert out.loc["F1", "mark"] == "✗ contradicts 不符"
    excluded = record.record_comparison(claims, links, facts, exclude=("F1",)).set_index("fact_id")
    assert math.isnan(excluded.loc["F1", "ratio"])


# --------------------------------------------------------------------------- one verdict per claim


@pytest.mark.parametrize("statuses, verdict", [
    (["agrees", "differs", "not_comparable"], "differs"),   # GPT-3: the count agrees, the chip differs
    (["unverified", "agrees"], "agrees"),
    (["agrees", "agrees"], "agrees"),
    (["not_comparable", "not_comparable"], "not_comparable"),
    (["undisclosed"], "not_comparable"),
    (["unverified"], "not_comparable"),
])
def test_one_verdict_per_claim(statuses, verdict):
    assert record.claim_verdict(statuses) == verdict


def test_one_verdict_rejects_nothing_and_unknown_statuses():
    with pytest.raises(BaimoError, match="no link"):
        record.claim_verdict([])
    with pytest.raises(BaimoError, match="vocabulary"):
        record.claim_verdict(["agrees", "maybe"])


@pytest.mark.parametrize("as_of, text", [
    ("2024-05-28", "May 2024"), ("2022-11 / 2023", "Nov 2022"), ("2021", "2021"), ("", ""),
    ("2024 (Q4, approx.)", "2024"), ("unknown", "unknown"),
])
def test_when(as_of, text):
    assert compute.when(as_of) == text


def test_fact_label_names_subject_quantity_and_date():
    assert compute.fact_label("OpenAI", "headcount", "2022-11 / 2023") == "OpenAI: headcount, Nov 2022"
    # the quantity already names the year: no date again
    assert compute.fact_label("NVIDIA", "data-centre GPU shipments, 2023", "2023") == \
        "NVIDIA: data-centre GPU shipments, 2023"
    assert compute.fact_label("'AI four little dragons' (SenseTime, Megvii, CloudWalk, Yitu)",
                              "total funding before IPO", "2021") == "'AI four little dragons': total funding before IPO, 2021"
    assert compute.fact_label("X", "count", "") == "X: count"


def verdict_check():
    """Links as record_comparison returns them (only the columns claim_verdicts reads, and two it passes on)."""
    return pd.DataFrame({
        "claim_id": ["C-a-01", "C-a-01", "C-a-01", "C-a-02", "C-a-02", "C-a-03", "C-b-01", "C-b-02"],
        "fact_id": ["F03", "F02", "F05", "F52", "F50", "F43", "F09", "F48"],
        "status": ["agrees", "differs", "not_comparable", "unverified", "agrees", "unverified", "undisclosed",
                   "not_comparable"],
        "ratio": [1.0, NAN, NAN, NAN, NAN, NAN, NAN, NAN], "ratio_lo": [1.0, NAN, NAN, NAN, NAN, NAN, NAN, NAN],
        "ratio_hi": [1.0, NAN, NAN, NAN, NAN, NAN, NAN, NAN],
        "record_subject": ["GPT-3", "GPT-3 (davinci)", "Azure", "claim", "Sequoia", "Stability AI", "GPT-4", "OpenAI"],
        "record_quantity": ["GPU count", "GPU type", "size", "claim", "required revenue", "cluster size",
                            "GPU count (estimate)", "funding"],
        "as_of": ["2020", "2020", "2020-05-19", "2024-03", "2023-09", "2022-10", "2023-07", "2022-11"],
    })


def test_claim_verdicts_one_per_claim_in_verdict_order():
    v = compute.claim_verdicts(verdict_check())
    assert list(v.key) == ["C-a-01", "C-a-02", "C-a-03", "C-b-01", "C-b-02"]
    assert list(v.verdict) == ["differs", "agrees", "not_comparable", "not_comparable", "not_comparable"]
    first = v.iloc[0]
    assert first.fact_id == "F02" and first.statuses == ["agrees", "differs", "not_comparable"]
    assert first.fact == "GPT-3 (davinci): GPU type, 2020" and math.isnan(first.ratio)
    assert v.iloc[1].fact_id == "F50"                          # the agreeing link decides, not the unverified one
    assert v.set_index("key").loc["C-b-02", "fact_id"] == "F48"  # not comparable before undisclosed/unverified


def test_claim_verdicts_groups_repeats_and_sorts_differs_first():
    check = verdict_check()
    keys = pd.DataFrame({"key": ["C-b-01/02", "C-a-01"], "claim_ids": [["C-b-01", "C-b-02"], ["C-a-01"]]})
    v = compute.claim_verdicts(check, keys)
    assert list(v.key) == ["C-a-01", "C-b-01/02"]                # differs before not comparable
    assert v.iloc[1].claim_ids == ["C-b-01", "C-b-02"] and v.iloc[1].statuses == ["undisclosed", "not_comparable"]
    assert v.iloc[1].fact_id == "F48" and v.iloc[1].claim_id == "C-b-02"  # the deciding link's own claim


def test_claim_verdicts_prefers_a_link_with_a_ratio():
    check = pd.DataFrame({"claim_id": ["C-a-01", "C-a-01"], "fact_id": ["F44", "F45"], "status": ["agrees", "agrees"],
                          "ratio": [NAN, 1.125], "ratio_lo": [NAN, 1.125], "ratio_hi": [NAN, 1.125],
                          "record_subject": ["SenseTime"] * 2, "record_quantity": ["GPUs", "chips bought"],
                          "as_of": ["2023-06-30", "2024-05-28"]})
    v = compute.claim_verdicts(check)
    assert v.iloc[0].fact_id == "F45" and v.iloc[0].ratio == 1.125
    assert v.iloc[0].fact == "SenseTime: chips bought, May 2024"


# --------------------------------------------------------------------------- charts


def test_log_limits_round_to_decades():
    assert kit.log_limits([500, 1e7], 2, 3) == (100, 1e8)
    assert kit.log_limits([1.0], 3, 3) == (0.1, 10)
    with pytest.raises(BaimoError):
        kit.log_limits([0, math.nan, math.inf])


def test_dot_rows_draws_one_row_per_entry():
    rows = pd.DataFrame({
        "label": ["a", "b", "c"], "right": ["ra", "rb", "rc"], "colour": ["#000000"] * 3,
        "point": [10.0, 100.0, NAN], "lo": [10.0, 100.0, 5.0], "hi": [10.0, math.inf, 50.0],
        "qualifier": ["exact", "more_than", "range"], "hollow": [False, True, False],
    })
    fig, ax = plt.subplots()
    kit.dot_rows(ax, rows, divider_after=1)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
    assert list(ax.get_yticks()) == [2, 1, 0]  # first row on top
    from matplotlib.text import Annotation

    texts = [t for t in ax.texts if not isinstance(t, Annotation)]  # annotations are the bound arrows
    assert [t.get_text() for t in texts] == ["ra", "rb", "rc"]
    assert all(t.get_position()[0] == 1.02 for t in texts)  # right column, outside the data
    assert len(ax.texts) - len(texts) == 1  # one arrow, for the one lower bound
    assert not any(t.get_parse_math() for t in texts + list(ax.get_yticklabels()))  # US$1B … US$2B stays text
    assert ax.get_xscale() == "log"
    plt.close(fig)


# --------------------------------------------------------------------------- the real tables


def test_bounds_are_coded_as_the_codebook_says():
    """more_than/at_least → low = the number (CODEBOOK.md); quantity() relies on it being consistent."""
    for thread in ("compute", "parameters"):
        t = load(thread)
        bounded = t[t.qualifier.isin(["more_than", "at_least"])]
        missing = bounded[bounded.low.isna()].claim_id.tolist()
        assert not missing, f"{thread}: lower bound without low: {missing}"


def test_record_ratio_rows_keeps_comparable_links_sorted_and_labelled():
    import numpy as np

    check = pd.DataFrame({
        "claim_id": ["C-a-01", "C-a-02", "C-a-03"], "fact_id": ["F01", "F02", "F03"],
        "ratio": [2.0, np.nan, 0.5], "ratio_lo": [2.0, np.nan, 0.4], "ratio_hi": [2.0, np.nan, 0.6],
        "status": ["differs", "undisclosed", "agrees"], "qualifier": ["approx", "exact", "range"],
        "mark": ["≠ differs", "∅ undisclosed", "✓ agrees"], "claim": ["2万", "?", "4千"],
        "record_figure": ["1万", "undisclosed", "8千"]})
    rows = compute_charts.record_ratio_rows(check, {"C-a-01": "A", "C-a-02": "B", "C-a-03": "C"})
    assert list(rows.claim_id) == ["C-a-03", "C-a-01"]          # no ratio → left out; sorted by point
    assert list(rows.label) == ["C · F03", "A · F01"]
    assert list(rows.point) == [0.5, 2.0]
    assert list(rows.qualifier) == ["range", "exact"]            # approx is drawn as a point
    assert rows.right.iloc[1] == "≠ 2万 vs record 1万  [C-a-01]"
    assert rows.colour.iloc[0] == codebook.STATUS.colour("agrees")


def test_region_handles_merge_every_other_region_into_one_grey():
    handles = compute_charts.region_handles(["China", "global", "US", "other", "US"])
    assert [h.get_label() for h in handles] == ["US 美国", "China 中国", "elsewhere or not one country 其他/全球"]
    assert [h.get_color() for h in handles] == [codebook.US, codebook.CHINA, codebook.NO_REGION]
    assert [h.get_label() for h in compute_charts.region_handles(["global"])] == \
        ["elsewhere or not one country 其他/全球"]


def test_rows_in_words_names_the_largest_and_smallest_row():
    rows = compute_charts.claim_rows(claims_frame().iloc[:4])   # 10M (forecast), 4,000, 10M, ≥1,000
    assert compute_charts.rows_in_words(rows, "GPU counts") == \
        "4 GPU counts, from OpenAI 10M (forecast) down to China ≥1,000"
    assert compute_charts.rows_in_words(rows.iloc[[1]], "GPU counts") == "1 GPU counts: China 4,000"
    assert compute_charts.rows_in_words(rows.iloc[[0, 2]], "plans") == "2 plans, each 10M (forecast): OpenAI"
    assert compute_charts.rows_in_words(rows.iloc[[]], "plans") == "no plans"


def test_findings_keep_dollar_signs_out_of_formulas():
    """Three "US$" in a finding's bold sentence and one after it: rendered as Markdown (nbconvert, as the
    site does), the bold must close and no ``**`` show (an odd number of $ used to open a formula)."""
    from unittest import mock

    from nbconvert.filters import markdown2html

    shown = []
    with mock.patch("IPython.display.display", lambda obj, **kw: shown.append(obj)):
        view.findings([{"en": "rounds of US$100M–US$105M and US$2T", "zh": "市值US$2T", "anchor": "01-money",
                        "claims": ["C-a-01"]}])
    html = markdown2html(shown[0].data)
    assert "<strong>rounds of US$100M–US$105M and US$2T</strong> 市值US$2T" in html and "**" not in html


def verdict_rows_input():
    claims = claims_frame()
    v = pd.DataFrame({
        "key": ["C-a-02", "C-b-02", "C-b-01"], "claim_id": ["C-a-02", "C-b-02", "C-b-01"],
        "claim_ids": [["C-a-02"], ["C-b-02"], ["C-b-01"]],
        "verdict": ["differs", "agrees", "not_comparable"], "status": ["differs", "agrees", "undisclosed"],
        "fact_id": ["F1", "F2", "F3"], "fact": ["X: GPUs, 2023", "OpenAI: headcount, Nov 2022", "Y: GPUs"],
        "ratio": [0.5, 1.0, NAN], "ratio_lo": [0.5, 1.0, NAN], "ratio_hi": [0.5, 1.0, NAN],
        "qualifier": ["exact", "approx", "at_least"],
        "record_figure": ["8,000", "300", "25,000"], "record_unit": ["GPUs", "employees", "GPUs"],
        "record_text": ["8,000", "~300 at launch; ~400 later", "~25000"]})
    return claims, v


def test_record_note_uses_the_figure_only_for_like_with_like():
    claims, v = verdict_rows_input()
    r = v.iloc[1]
    assert compute_charts.record_note(r, "person") == "300"
    assert compute_charts.record_note(r, "usd") == "~300 at launch"          # units differ: the value's first clause
    assert compute_charts.record_note(v.iloc[2], "gpu") == "25,000 (undisclosed)"
    nc = r.copy()
    nc["status"] = "not_comparable"                                          # another measure: the words, not a figure
    assert compute_charts.record_note(nc, "person") == "~300 at launch"
    long = r.copy()
    long["record_text"] = "Microsoft US$1B in 2019 and an undisclosed amount in 2021 (not a total)"
    assert compute_charts.record_note(long, "usd", width=36) == "Microsoft US$1B in 2019 and an …"
    assert compute_charts.record_note(r, "person", override={"F2": "about three hundred"}) == "about three hundred"


def test_record_verdict_rows_colour_ratio_and_text():
    claims, v = verdict_rows_input()
    rows = compute_charts.record_verdict_rows(v, claims, {"C-a-02": "A", "C-b-02": "B", "C-b-01": "C"})
    assert list(rows.label) == ["A", "B", "C"]
    assert list(rows.colour) == [codebook.STATUS.colour(s) for s in ("differs", "agrees", "not_comparable")]
    assert list(rows.qualifier) == ["exact", "exact", "exact"]   # approx drawn as a point; no ratio: nothing to bound
    assert rows.point.iloc[0] == 0.5 and math.isnan(rows.point.iloc[2])
    assert rows.right.iloc[0] == "article 4,000 · record 8,000\nX: GPUs, 2023"
    assert rows.right.iloc[2] == "article ≥1,000 · record 25,000 (undisclosed)\nY: GPUs"


def test_record_verdict_chart_draws_one_verdict_dot_per_row_linked_to_its_claim():
    claims, v = verdict_rows_input()
    rows = compute_charts.record_verdict_rows(v, claims, {"C-a-02": "A", "C-b-02": "B", "C-b-01": "C"})
    fig, ax, handles = compute_charts.record_verdict_chart(rows)
    dots = [a for a in ax.lines if a.get_gid() and a.get_xdata()[0] == -0.07]
    assert [d.get_gid() for d in dots] == ["mark-C-a-02", "mark-C-b-02", "mark-C-b-01"]
    assert [d.get_markerfacecolor() for d in dots] == list(rows.colour)
    assert len([h for h in ax.lines if h.get_linestyle() == "-" and h.get_ydata()[0] == h.get_ydata()[-1]
                and h.get_xdata()[0] == 0]) == 2                             # a rule between each verdict block
    assert [h.get_label() for h in handles][0].startswith("✗ contradicts")
    plt.close(fig)


def test_facet_rows_share_one_log_axis():
    def part(values):
        return pd.DataFrame({"label": [str(x) for x in values], "right": [""] * len(values),
                             "colour": ["#000000"] * len(values), "point": values, "lo": values, "hi": values,
                             "qualifier": ["exact"] * len(values), "hollow": [False] * len(values)})
    fig, axes = compute_charts.facet_rows([("a", part([1e8, 1e9])), ("b", part([2e12]))], xlabel="x")
    assert len(axes) == 2 and axes[0].get_xlim() == axes[1].get_xlim() == (1e7, 1e13)
    assert [ax.get_title(loc="left") for ax in axes] == ["a", "b"]
    top_labels = [t.label1.get_visible() for t in axes[0].xaxis.get_major_ticks()]
    assert top_labels and not any(top_labels) and axes[1].get_xlabel() == "x"  # only the bottom panel has labels
    plt.close(fig)
