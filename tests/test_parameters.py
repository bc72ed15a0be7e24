"""Tests for baimo.analysis.parameters and baimo.charts.parameters: expected values are worked out by
hand from the inputs."""

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from baimo import BaimoError  # noqa: E402
from baimo.analysis import parameters as params  # noqa: E402
from baimo.charts import kit, style  # noqa: E402
from baimo.charts import parameters as params_charts  # noqa: E402
from baimo.core import codebook  # noqa: E402
from baimo.core.numbers import Quantity  # noqa: E402
from baimo.data import claims, record  # noqa: E402

NAN = float("nan")
COLS = ["claim_id", "article_id", "speaker", "model", "region", "kind", "architecture", "value", "low", "high",
        "unit", "original", "qualifier", "modality", "quote", "quote_en"]


def frame(rows):
    return pd.DataFrame(rows, columns=COLS)


def sample():
    return frame([
        # same sentence, three models, same number → one rung "BAAI · ERNIE · 千亿的规模 ×2"
        ["P-a-01", "a", "胡家康", "BAAI (智源) model", "China", "named_model", "unknown", 1e11, NAN, NAN,
         "parameter", "千亿的规模", "approx", "stated", "Q-batch", "E"],
        ["P-a-02", "a", "胡家康", "ERNIE (Wenxin)", "China", "named_model", "unknown", 1e11, NAN, NAN,
         "parameter", "千亿的规模", "approx", "stated", "Q-batch", "E"],
        # the same threshold in two sentences → one rung "千亿 ×2"
        ["P-a-03", "a", "胡家康", "threshold", "n/a", "threshold", "unknown", 1e11, NAN, NAN,
         "parameter", "千亿", "exact", "stated", "Q-t1", "E"],
        ["P-a-04", "a", "晋英杰", "threshold", "n/a", "threshold", "unknown", 1e11, NAN, NAN,
         "parameter", "千亿", "exact", "stated", "Q-t2", "E"],
        # sparse named model
        ["P-a-05", "a", "胡家康", "M6", "China", "named_model", "sparse", 1e12, NAN, NAN,
         "parameter", "万亿级别", "approx", "stated", "Q-m6", "E"],
        # hypothetical range 数十亿 → geometric middle 10^9.5
        ["P-b-01", "b", "王坚", "hypothetical", "n/a", "hypothetical", "unknown", NAN, 1e9, 1e10,
         "parameter", "数十亿", "range", "hypothetical", "Q-h", "E"],
        # brain: neurons and connections
        ["P-a-06", "a", "晋英杰", "human brain", "n/a", "brain", "unknown", 8.6e10, NAN, NAN,
         "count", "860 亿个神经元", "exact", "stated", "Q-brain", "E"],
        ["P-a-07", "a", "晋英杰", "human brain", "n/a", "brain", "unknown", 1.7e12, NAN, NAN,
         "count", "1.7 万亿左右的连结", "approx", "stated", "Q-brain", "E"],
    ])


# --------------------------------------------------------------------------- labels and ladder


def test_model_short_and_brain_gloss():
    assert params.model_short("ERNIE (Wenxin)") == "ERNIE"
    assert params.model_short("threshold") == ""
    assert params.model_short("Qwen-72B") == "Qwen-72B"
    assert params.brain_gloss("860 亿个神经元", "count") == "neurons"
    assert params.brain_gloss("1.7 万亿左右的连结", "count") == "connections"
    assert params.brain_gloss("1.7 万亿", "parameter") == "connections as parameters"


def test_ladder_items_merges_and_labels():
    items = params.ladder_items(sample()).set_index("label")
    assert set(items.index) == {
        "BAAI · ERNIE · 千亿的规模 ×2", "千亿 ×2", "M6 · 万亿级别 (MoE 稀疏)", "数十亿",
        "860 亿个神经元 (neurons)", "1.7 万亿左右的连结 (connections)",
    }
    assert items.loc["千亿 ×2", "lane"] == "threshold"
    assert items.loc["千亿 ×2", "claim_ids"] == ["P-a-03", "P-a-04"]
    assert items.loc["BAAI · ERNIE · 千亿的规模 ×2", "claim_ids"] == ["P-a-01", "P-a-02"]
    assert items.loc["M6 · 万亿级别 (MoE 稀疏)", "moe"]
    assert not items.loc["千亿 ×2", "moe"]
    hyp = items.loc["数十亿"]
    assert hyp.lane == "hypothetical" and hyp.hollow and hyp.qualifier == "range"
    assert hyp.point == pytest.approx(10 ** 9.5)
    assert items.loc["860 亿个神经元 (neurons)", "lane"] == "brain"
    # English first, 万/亿 beside; the wording quoted only where it says more than the number
    assert items.loc["千亿 ×2", "value"] == "100B (1000亿)" and items.loc["千亿 ×2", "said"] == "“千亿”"
    assert items.loc["千亿 ×2", "speakers"] == ["胡家康", "晋英杰"]
    assert hyp.value == "1B–10B (10亿–100亿)" and hyp.said == "“数十亿”"
    assert items.loc["M6 · 万亿级别 (MoE 稀疏)", "value"] == "≈1T (1万亿)"


def test_ladder_items_rejects_unknown_kind():
    bad = sample()
    bad.loc[0, "kind"] = "rumour"
    with pytest.raises(BaimoError):
        params.ladder_items(bad)


def test_en_first_puts_english_first():
    assert params.en_first(Quantity(1.75e11, 1.75e11, 1.75e11)) == "175B (1750亿)"
    assert params.en_first(Quantity(1e11, 1e11, 1e11, approx=True)) == "≈100B (1000亿)"
    assert params.en_first(Quantity(1e12, 1e12, math.inf, lo_strict=True)) == ">1T (1万亿)"
    assert params.en_first(Quantity(NAN, 2e9, 9e9)) == "2B–9B (20亿–90亿)"
    assert params.en_first(Quantity(34e9, 34e9, 34e9)) == "34B (340亿)"
    assert params.en_first(Quantity(200, 200, 200)) == "200"  # below 万: the number alone


def test_said_quotes_only_wording_that_adds_something():
    q = Quantity(1.75e11, 1.75e11, 1.75e11)
    assert params.said("1,750亿", q) == ""                # just 1750亿
    assert params.said("720亿参数", Quantity(7.2e10, 7.2e10, 7.2e10)) == ""
    assert params.said("34B", Quantity(34e9, 34e9, 34e9)) == ""
    assert params.said("千亿", Quantity(1e11, 1e11, 1e11)) == "“千亿”"   # a class word, not 1000亿
    assert params.said("人脑 1/10 倍", Quantity(1.7e11, 1.7e11, 1.7e11)) == "“人脑 1/10 倍”"


def test_sig_rounds_to_significant_figures():
    assert params.sig(1.0027e12) == 1e12
    assert params.sig(88.235, 2) == 88
    assert params.sig(857.14, 2) == 860
    assert params.sig(8.61e10) == 8.61e10
    assert math.isnan(params.sig(NAN)) and params.sig(0) == 0


def test_model_rows_one_row_per_statement_biggest_model_first():
    pars = frame([
        ["P-x-01", "x", "胡家康", "GPT-3", "US", "named_model", "dense", 1e11, NAN, NAN,
         "parameter", "千亿", "approx", "stated", "Q1", "E"],
        ["P-x-02", "x", "刘庆峰", "GPT-3", "US", "named_model", "dense", 1.75e11, NAN, NAN,
         "parameter", "1,750亿", "exact", "stated", "Q2", "E"],
        ["P-x-03", "x", "胡家康", "M6", "China", "named_model", "sparse", 1e12, NAN, NAN,
         "parameter", "万亿级别", "approx", "stated", "Q3", "E"],
        ["P-x-04", "x", "文章作者", "Yi-34B", "China", "named_model", "dense", 34e9, NAN, NAN,
         "parameter", "34B", "exact", "stated", "Q4", "E"],
        ["P-x-05", "x", "文章作者", "Big (planned)", "China", "named_model", "unknown", NAN, 1e11, NAN,
         "parameter", "超过1000亿", "more_than", "forecast", "Q5", "E"],
        ["P-x-06", "x", "王坚", "threshold", "China", "threshold", "unknown", 1e9, NAN, NAN,
         "parameter", "10亿", "exact", "stated", "Q6", "E"],
    ]).assign(developer="")
    m = params.model_rows(pars)
    # M6 (1T) first; GPT-3 (max 175B) next with its two statements largest first; then Big (100B); Yi-34B
    assert list(m.claim_id) == ["P-x-03", "P-x-02", "P-x-01", "P-x-05", "P-x-04"]
    assert list(m.model) == ["M6", "GPT-3", "GPT-3", "Big", "Yi-34B"]
    assert m.moe.tolist() == [True, False, False, False, False]
    assert m.hollow.tolist() == [False, False, False, True, False]
    assert m.value.tolist()[:3] == ["≈1T (1万亿)", "175B (1750亿)", "≈100B (1000亿)"]
    assert m.said.tolist()[:3] == ["“万亿级别”", "", "“千亿”"]


def test_who_names_one_speaker_or_counts_several():
    assert params.who(["胡家康"]) == "Hu Jiakang"
    assert params.who(["胡家康", "晋英杰", "胡家康", "王坚"]) == "3 speakers"


# --------------------------------------------------------------------------- verdicts


def test_fact_name_is_subject_and_date():
    assert params.fact_name("GPT-3 (davinci)", "parameter count", "2020-05-28") == "GPT-3 (davinci), May 2020"
    assert params.fact_name("GPT-4", "parameter count (industry estimate)", "2023-07-10") == \
        "GPT-4 (industry estimate), Jul 2023"
    assert params.fact_name("Human neocortex", "synapse count", "2003") == "Human neocortex, synapse count, 2003"
    assert params.fact_name("Alibaba M6-T", "parameter count", "2021-05") == "Alibaba M6-T, May 2021"


def _check(rows):
    cols = ["claim_id", "fact_id", "status", "ratio_lo", "record_value", "record_subject", "record_quantity",
            "as_of", "explanation"]
    return pd.DataFrame(rows, columns=cols)


def test_claim_verdicts_one_per_claim():
    check = _check([
        # agrees and not comparable → agrees, decided by the fact that agrees
        ["P-m6", "F24", "not_comparable", NAN, 1e13, "M6-10T", "parameter count", "2021-10-08", "other model"],
        ["P-m6", "F23", "agrees", 1.0, 1e12, "M6-T", "parameter count", "2021-05", "same"],
        # any contradiction wins
        ["P-x", "F01", "agrees", 1.0, 5.0, "X", "parameter count", "2020", "a"],
        ["P-x", "F02", "differs", 0.1, 50.0, "X", "parameter count", "2021", "b"],
        # only undisclosed → not comparable, decided by the first link, no record figure
        ["P-g4", "F06", "undisclosed", NAN, NAN, "GPT-4", "parameter count (official)", "2023-03-15", "none"],
        ["P-g4", "F08", "undisclosed", NAN, 1.8e12, "GPT-4", "parameter count (industry estimate)", "2023-07", "leak"],
        # agrees twice: the first with a comparable figure decides (the date fact has none)
        ["P-yi", "F19", "agrees", NAN, NAN, "Yi-34B", "release date", "2023-11-02", "date"],
        ["P-yi", "F18", "agrees", 1.0, 34e9, "Yi-34B", "parameter count", "2023-11-02", "count"],
    ])
    v = params.claim_verdicts(check)
    assert list(v.claim_id) == ["P-x", "P-m6", "P-yi", "P-g4"]  # contradicts, agrees, not comparable
    by = v.set_index("claim_id")
    assert by.loc["P-m6", "verdict"] == "agrees" and by.loc["P-m6", "fact_id"] == "F23"
    assert by.loc["P-m6", "fact"] == "M6-T, May 2021" and by.loc["P-m6", "record_value"] == 1e12
    assert by.loc["P-m6", "links"] == "F24 not_comparable; F23 agrees"
    assert by.loc["P-x", "verdict"] == "differs" and by.loc["P-x", "fact_id"] == "F02"
    assert by.loc["P-g4", "verdict"] == "not_comparable" and by.loc["P-g4", "fact_id"] == "F06"
    assert by.loc["P-g4", "status"] == "undisclosed" and math.isnan(by.loc["P-g4", "record_value"])
    assert by.loc["P-yi", "fact_id"] == "F18"
    assert params.verdict_counts(v) == {"differs": 1, "agrees": 2, "not_comparable": 1}


def test_one_record_verdict_for_every_thread():
    """The record verdict is decided once, in the data layer, for compute and parameters alike: the
    same links give the same verdict and deciding fact in both threads."""
    from baimo.analysis import compute
    from baimo.data import record

    check = _check([
        ["P-z", "F09", "unverified", NAN, NAN, "Z", "parameter count", "2020", "no source"],
        ["P-z", "F10", "not_comparable", NAN, NAN, "Z", "parameter count", "2021", "other date"],
    ])
    v = params.claim_verdicts(check).set_index("claim_id")
    c = compute.claim_verdicts(check).set_index("key")
    assert v.loc["P-z", "verdict"] == c.loc["P-z", "verdict"] == "not_comparable"
    # not comparable decides before unverified, whatever the table order
    assert v.loc["P-z", "fact_id"] == c.loc["P-z", "fact_id"] == "F10"
    assert record.claim_verdict(["unverified", "agrees", "differs"]) == "differs"
    assert record.VERDICTS == ["differs", "agrees", "not_comparable"]


def test_claim_verdicts_rejects_an_unknown_status():
    check = _check([["P-x", "F01", "maybe", NAN, NAN, "X", "parameter count", "2020", "?"]])
    with pytest.raises(BaimoError):
        params.claim_verdicts(check)


def test_record_rows_name_the_subject():
    pars = sample()
    v = pd.DataFrame({"claim_id": ["P-a-07", "P-a-05", "P-b-01"], "verdict": ["differs", "agrees", "agrees"]})
    brain = pd.DataFrame({"claim_id": ["P-a-07"], "gloss": ["connections"]})
    r = params.record_rows(v, pars, brain).set_index("claim_id")
    assert r.loc["P-a-07", "subject"] == "brain: connections"
    assert r.loc["P-a-05", "subject"] == "M6" and r.loc["P-a-05", "value"] == "≈1T (1万亿)"
    assert r.loc["P-b-01", "subject"] == "hypothetical" and r.loc["P-b-01", "hollow"]
    assert r.loc["P-b-01", "point"] == pytest.approx(10 ** 9.5) and r.loc["P-b-01", "qualifier"] == "range"


# --------------------------------------------------------------------------- spread


def test_spread_pools_overlapping_labels():
    assert list(kit.spread([0, 0, 0], 1)) == [-1, 0, 1]
    assert list(kit.spread([0, 0.5], 1)) == [-0.25, 0.75]
    assert list(kit.spread([0, 5], 1)) == [0, 5]  # far apart: unchanged


def test_spread_keeps_input_order_and_merges_blocks():
    out = kit.spread([3, 0, 0.2, 0.3], 1)
    # [0, 0.2, 0.3] pool round their mean (1/6): −5/6, 1/6, 7/6; 3 stays (gap 11/6 ≥ 1)
    assert out == pytest.approx([3, -5 / 6, 1 / 6, 7 / 6])
    chain = kit.spread([0, 0.9, 1.8, 2.0], 1)
    # [0, .9] pool to −0.05, 0.95; 1.8 clashes, three pool to −0.1, 0.9, 1.9; 2.0 clashes, all four pool
    # around mean 1.175: −0.325, 0.675, 1.675, 2.675
    assert chain == pytest.approx([-0.325, 0.675, 1.675, 2.675])


def test_spread_respects_min_gap_everywhere():
    rng = np.random.default_rng(0)
    pos = rng.uniform(0, 3, 25)
    out = kit.spread(pos, 0.2)
    order = np.argsort(pos, kind="stable")
    assert np.all(np.diff(out[order]) >= 0.2 - 1e-9)
    assert kit.spread([], 1).size == 0


# --------------------------------------------------------------------------- consolidation


def test_product_line_prints_the_arithmetic_it_is_given():
    assert params.product_line(200, 1e9, 2e11) == "200 × 1B = 200B  (200 × 10亿 = 2000亿)"   # English first
    assert params.product_line(20, 2e11, 4e12) == "20 × 200B = 4T  (20 × 2000亿 = 4万亿)"
    with pytest.raises(BaimoError, match=r"200 × 1B is not 300B"):   # a total that is not n × size
        params.product_line(200, 1e9, 3e11)
    with pytest.raises(BaimoError, match="positive"):
        params.product_line(0, 1e9, 0)


def test_english_is_the_part_before_the_chinese():
    assert params.english("175B (1750亿)") == "175B" and params.english(">1T (1万亿)") == ">1T"
    assert params.english("500") == "500"


@pytest.mark.parametrize("n, shape", [(200, (20, 10)), (20, (5, 4)), (7, (7, 1)), (1, (1, 1)), (36, (6, 6))])
def test_grid_shape(n, shape):
    assert params.grid_shape(n) == shape


def test_grid_shape_rejects_zero():
    with pytest.raises(BaimoError):
        params.grid_shape(0)


def test_tiles_have_parameter_areas():
    squares = params_charts.tiles(20, 4.0, gap=1.0)
    assert len(squares) == 20 and all(w == h == 2.0 for _, _, w, h in squares)
    # 5 columns of side 2 with gap 1: last column starts at 4 × 3 = 12; first row (top) at y = 3 × 3
    assert squares[0][:2] == (0.0, 9.0) and squares[4][:2] == (12.0, 9.0)
    block = params_charts.tiles(200, 1.0, square_block=True)
    assert sum(w * h for _, _, w, h in block) == pytest.approx(200.0)
    side = math.sqrt(200)
    assert max(x + w for x, _, w, _ in block) == pytest.approx(side)
    assert max(y + h for _, y, _, h in block) == pytest.approx(side)


# --------------------------------------------------------------------------- the brain and the record


def test_brain_check():
    pars = sample()
    pars.loc[len(pars)] = ["P-a-08", "a", "晋英杰", "hypothetical", "n/a", "hypothetical", "unknown", 1.7e12, NAN,
                           NAN, "parameter", "1.7 万亿参数", "exact", "hypothetical", "Q-h2", "E"]
    links = pd.DataFrame({"claim_id": ["P-a-06", "P-a-07", "P-a-08", "P-a-05"], "fact_id": ["F41", "F42", "F42", "F23"],
                          "status": ["agrees", "differs", "differs", "agrees"], "explanation": ["x", "y", "z", "w"]})
    record = pd.DataFrame({"fact_id": ["F41", "F42", "F23"], "subject": ["Human brain", "Human neocortex", "M6-T"],
                           "quantity": ["neuron count", "synapse count", "parameter count"],
                           "value": ["86 billion", "~0.15 quadrillion (1.7e14)", "1 trillion"],
                           "unit": ["neurons", "synapses", "parameters"], "as_of": ["2009", "2003", "2021-05"]})
    b = params.brain_check(pars, links, record).set_index("claim_id")
    # the two brain claims and the model sized on the brain (linked to the same fact); not M6
    assert list(b.index) == ["P-a-06", "P-a-07", "P-a-08"]
    assert b.loc["P-a-06", "record"] == 86e9 and b.loc["P-a-06", "article"] == b.loc["P-a-06", "record"]
    assert b.loc["P-a-07", "record"] == 1.7e14 and b.loc["P-a-07", "article"] == 1.7e12
    assert b.loc["P-a-07", "fact_id"] == "F42" and b.loc["P-a-07", "status"] == "differs"
    assert b.loc["P-a-07", "gloss"] == "connections" and not b.loc["P-a-07", "hollow"]
    assert b.loc["P-a-08", "gloss"] == "model to match the brain" and b.loc["P-a-08", "hollow"]


def test_sparse_rows():
    assert list(params.sparse_rows(sample()).claim_id) == ["P-a-05"]


def test_parse_date_and_months_between():
    assert record.parse_date("2023-11-30 (HF upload) / 2023-12-01") == pd.Timestamp("2023-11-30")
    assert record.parse_date("2021-05") == pd.Timestamp("2021-05-01")
    assert pd.isna(record.parse_date("undisclosed"))
    assert record.months_between(pd.Timestamp("2023-11-02"), pd.Timestamp("2023-12-28")) == 1
    assert record.months_between(pd.Timestamp("2023-11-30"), pd.Timestamp("2024-03-01")) == 3
    assert record.months_between(pd.Timestamp("2024-05-13"), pd.Timestamp("2024-05-01")) == -1
    assert math.isnan(record.months_between(pd.NaT, pd.Timestamp("2024-01-01")))


# --------------------------------------------------------------------------- charts


def _overlaps(boxes):
    out = []
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            a, b = boxes[i][1], boxes[j][1]
            if a.x0 < b.x1 - 1 and b.x0 < a.x1 - 1 and a.y0 < b.y1 - 1 and b.y0 < a.y1 - 1:
                out.append((boxes[i][0], boxes[j][0]))
    return out


def _rows(ax):
    """The row labels (y ticks) and the right-hand texts, as (text, box) pairs."""
    fig = ax.figure
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    ticks = [(t.get_text(), t.get_window_extent(r)) for t in ax.get_yticklabels() if t.get_text()]
    texts = [(t.get_text(), t.get_window_extent(r)) for t in ax.texts if t.get_text()]
    return ticks, texts


def test_en_zh_ticks_english_first():
    fig, ax = plt.subplots()
    params_charts.en_zh_ticks(ax, 4e8, 5e12)
    assert ax.get_xlim() == pytest.approx((4e8, 5e12))
    assert list(ax.get_xticks()) == [1e9, 1e10, 1e11, 1e12]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1B\n10亿", "10B\n100亿", "100B\n1000亿", "1T\n1万亿"]
    plt.close(fig)


def test_ladder_on_the_real_table_keeps_named_models_apart_and_labels_apart():
    style.use_style()
    pars = claims.load("parameters")
    groups = params_charts.ladder_groups(params.ladder_items(pars), params.model_rows(pars))
    heads = [h for h, _ in groups]
    assert heads[0].startswith("Thresholds") and heads[1].startswith("Named models")
    assert set(groups[0][1].lane) == {"threshold"} and groups[0][1].rung.all()
    assert set(groups[1][1].claim_id) == set(pars.claim_id[pars.kind == "named_model"])  # one row per statement
    assert set(groups[2][1].lane) == {"generic", "hypothetical"}
    # colours: region only for US/China, grey otherwise; thresholds neutral
    assert set(groups[1][1].colour) <= {codebook.US, codebook.CHINA}
    assert set(groups[0][1].colour) == {codebook.NEUTRAL}
    n = sum(len(g) for _, g in groups)
    fig, ax = plt.subplots(figsize=(6.2, params_charts.ROW_IN * (n + 3) + 1.2))
    ys = params_charts.draw_rows(ax, groups)
    assert len(ys) == n
    ticks, texts = _rows(ax)
    assert len(ticks) == n and len(texts) == n + len(groups)  # a right-hand text per row, plus the headings
    assert _overlaps(ticks) == [] and _overlaps(texts) == []
    linked = [a for a in ax.get_children() if getattr(a, "get_url", lambda: None)()]
    assert len(linked) == n  # every row's mark is a link to its claim
    plt.close(fig)


def test_check_rows_colour_the_verdict_and_name_the_fact():
    rows = pd.DataFrame({"claim_id": ["P-a-01", "P-b-01"], "verdict": ["differs", "not_comparable"],
                         "subject": ["brain: connections", "GPT-4"],
                         "fact": ["Human neocortex, synapse count, 2003", "GPT-4 (official), Mar 2023"],
                         "record_value": [1.5e14, NAN], "point": [1.7e12, 1e12], "lo": [1.7e12, 1e12],
                         "hi": [1.7e12, math.inf], "qualifier": ["approx", "more_than"], "hollow": [False, False],
                         "value": ["≈1.7T (1.7万亿)", ">1T (1万亿)"]})
    r = params_charts.check_rows(rows)
    assert list(r.colour) == [codebook.CONTRADICTED, codebook.UNDECIDED]
    assert r.right[0] == "✗ Human neocortex, synapse count, 2003\nsaid ≈1.7T (1.7万亿) · record 150T (150万亿)"
    assert r.right[1] == "≁ GPT-4 (official), Mar 2023\nsaid >1T (1万亿) · record: undisclosed 未公开"
    fig, ax = plt.subplots(figsize=(4.6, 3))
    params_charts.draw_rows(ax, [("", r)])
    record_marks = [ln for ln in ax.lines if ln.get_marker() == "|"]
    assert len(record_marks) == 1 and record_marks[0].get_xdata()[0] == 1.5e14  # no record mark where undisclosed
    plt.close(fig)


def test_draw_consolidation_draws_every_model():
    fig, ax = plt.subplots()
    params_charts.draw_consolidation(ax, (200, 1e9, 2e11), (20, 2e11, 4e12),
                                     claims={"before": "P-w-08", "after": "P-w-09", "before_count": "C-w-04"})
    before, after = ax.collections
    assert len(before.get_paths()) == 200 and len(after.get_paths()) == 20

    def areas(coll):
        out = []
        for p in coll.get_paths():
            (x0, y0), (x1, y1) = p.get_extents().get_points()
            out.append((x1 - x0) * (y1 - y0))
        return out

    assert sum(areas(before)) == pytest.approx(2e11) and areas(after) == pytest.approx([2e11] * 20)
    assert areas(before)[0] == pytest.approx(1e9)
    assert set(before.get_urls()) == {"../tables/parameters.html#P-w-08"}
    assert after.get_facecolor()[0].tolist() == [1.0, 1.0, 1.0, 1.0]  # hypothetical: hollow
    assert ax.texts[0].get_url() == "../tables/compute.html#C-w-04" and ax.texts[1].get_url() is None
    assert ax.texts[0].get_text().endswith("= 200B (2000亿)") and "20 × 200B (2000亿) = 4T" in ax.texts[1].get_text()
    plt.close(fig)
