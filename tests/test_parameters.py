"""Tests for baimo.params: expected values are worked out by hand from the inputs."""

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
    assert params.brain_gloss("1.7 万亿", "parameter") == "as parameters 作参数"


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


def test_ladder_items_rejects_unknown_kind():
    bad = sample()
    bad.loc[0, "kind"] = "rumour"
    with pytest.raises(BaimoError):
        params.ladder_items(bad)


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


def test_consolidation_arithmetic():
    c = params.consolidation(200, 1e9, 20, 2e11)
    assert c["total_before"] == 2e11 and c["total_after"] == 4e12
    assert c["fewer_models"] == 10 and c["bigger_models"] == 200 and c["more_total"] == 20
    assert c["before_total_in_after_models"] == 1
    with pytest.raises(BaimoError):
        params.consolidation(0, 1e9, 20, 2e11)


def test_consolidation_table_lines():
    t = params.consolidation_table(params.consolidation(200, 1e9, 20, 2e11))
    assert list(t.arithmetic[:2]) == ["200 × 10亿 = 2000亿  (200 × 1B = 200B)",
                                      "20 × 2000亿 = 4万亿  (20 × 200B = 4T)"]
    assert "models ÷10, each ×200, total ×20" in t.arithmetic[2]


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
    links = pd.DataFrame({"claim_id": ["P-a-06", "P-a-07"], "fact_id": ["F41", "F42"],
                          "status": ["agrees", "differs"], "explanation": ["x", "y"]})
    record = pd.DataFrame({"fact_id": ["F41", "F42"], "subject": ["Human brain", "Human neocortex"],
                           "quantity": ["neuron count", "synapse count"],
                           "value": ["86 billion", "~0.15 quadrillion (1.7e14)"],
                           "unit": ["neurons", "synapses"]})
    b = params.brain_check(pars, links, record).set_index("claim_id")
    assert b.loc["P-a-06", "record_over_article"] == pytest.approx(1.0)
    assert b.loc["P-a-07", "record"] == 1.7e14
    assert b.loc["P-a-07", "record_over_article"] == pytest.approx(100.0)  # 1.7e14 ÷ 1.7e12
    assert b.loc["P-a-07", "gloss"] == "connections"


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


def _label_boxes(ax):
    fig = ax.figure
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    from matplotlib.text import Annotation

    return [(t.get_text(), t.get_window_extent(r)) for t in ax.texts
            if t.get_text() and not isinstance(t, Annotation)]


def _overlaps(boxes):
    out = []
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            a, b = boxes[i][1], boxes[j][1]
            if a.x0 < b.x1 - 1 and b.x0 < a.x1 - 1 and a.y0 < b.y1 - 1 and b.y0 < a.y1 - 1:
                out.append((boxes[i][0], boxes[j][0]))
    return out


def test_draw_ladder_labels_never_overlap_on_the_real_table():
    style.use_style()
    items = params.ladder_items(claims.load("parameters"))
    fig, ax = plt.subplots(figsize=(17, 12))
    fig.subplots_adjust(left=0.09, right=0.98)
    params_charts.draw_ladder(ax, items)
    boxes = _label_boxes(ax)
    assert len(boxes) == len(items) + len(params.LANES)  # every item labelled, plus lane titles
    assert _overlaps(boxes) == []
    plt.close(fig)


def test_draw_consolidation_draws_every_model():
    fig, ax = plt.subplots()
    params_charts.draw_consolidation(ax, params.consolidation(200, 1e9, 20, 2e11))
    assert len(ax.patches) == 220
    areas = sorted(p.get_width() * p.get_height() for p in ax.patches)
    assert areas[0] == pytest.approx(1e9) and areas[-1] == pytest.approx(2e11)
    plt.close(fig)
