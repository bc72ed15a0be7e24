"""Charts speak Chinese on a fresh machine, and figures are byte-identical across rebuilds."""

import re
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from baimo import BaimoError  # noqa: E402
from baimo.charts import style  # noqa: E402
from baimo.publish.notebooks import figures  # noqa: E402
from baimo.core import codebook, numbers, paths  # noqa: E402
from baimo.data import claims, corpus  # noqa: E402

GLYPH = r"Glyph \d+ .* missing from font"


def corpus_labels() -> list[str]:
    """Every distinct character of the cleaned corpus and the claims tables, in label-sized chunks."""
    chars = set("".join(corpus.clean_texts().values()))
    for thread in claims.threads():
        df = claims.load(thread)
        for col in ("quote", "speaker", "metaphor", "original"):
            if col in df:
                chars |= set("".join(df[col]))
    chars |= set("".join(corpus.speakers().speaker))
    chars = sorted(c for c in chars if c.isprintable() and not c.isspace())
    return ["".join(chars[i:i + 40]) for i in range(0, len(chars), 40)]


def draw(labels):
    fig, ax = plt.subplots(figsize=(12, 0.3 * len(labels) + 1))
    for i, s in enumerate(labels):
        ax.text(0, i, s, fontsize=8)
    ax.set_ylim(-1, len(labels))
    ax.set_title("算力差距 · 百模大战 · 参数规模")
    fig.canvas.draw()
    return fig


def test_every_corpus_character_has_a_glyph():
    style.use_style("99-test")
    labels = corpus_labels()
    assert sum(len(s) for s in labels) > 1000  # the whole corpus's character set, not a sample
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=GLYPH, category=UserWarning)
        plt.close(draw(labels))


def test_the_glyph_check_can_fail_without_the_cjk_font():
    style.use_style("99-test")
    with plt.rc_context({"font.family": ["DejaVu Sans"]}):
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message=GLYPH, category=UserWarning)
            with pytest.raises(UserWarning, match="missing from font"):
                draw(["百模大战"])
    plt.close("all")


def make_figure():
    fig, ax = plt.subplots()
    ax.bar(["王小川", "李开复", "王坚"], [3, 1, 2], color=codebook.OKABE_ITO[:3])
    ax.set_title("确定性 determinism ≈ 10倍")
    return fig


def test_a_saved_figure_is_byte_identical_across_rebuilds(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "FIGURES", tmp_path)
    style.use_style("07-determinism")
    first = {}
    for run in range(2):
        fig = make_figure()
        png = figures.save(fig, "bars", alt="Three bars.", source="a test table", show=False)
        plt.close(fig)
        got = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
        if run == 0:
            first = got
            for p in tmp_path.iterdir():
                p.unlink()  # force a real rewrite
    assert png.name == "07-bars.png"
    assert set(first) == {"07-bars.png", "07-bars.svg"}
    assert got == first
    assert b"<dc:date>" not in first["07-bars.svg"]
    assert b"Software" not in first["07-bars.png"][:200]


def test_figure_names_follow_the_notebook(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "FIGURES", tmp_path)
    style.use_style("03-parameter-scales")
    assert style.figure_id("ladder") == "03-ladder"
    with pytest.raises(BaimoError, match="slug"):
        style.figure_id("Bad Name")
    with pytest.raises(BaimoError, match="NN-slug"):
        style.use_style("parameter-scales")


def test_qualifier_marks():
    assert numbers.qualifier_mark("approx") == ("≈", "")
    assert numbers.qualifier_mark("more_than", "hypothetical")[0] == ">"
    assert "hyp" in numbers.qualifier_mark("exact", "hypothetical")[1]


def test_font_is_bundled_with_its_licence():
    assert style.FONT_FILE.stat().st_size > 1_000_000
    licence = (style.FONT_FILE.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert re.search(r"Baimo Sans SC", licence)
