"""Executing the notebooks is a test: each runs top to bottom in a fresh kernel (its own test, so one
failing notebook fails one test), and every notebook follows the house rules."""

import re

import jupytext
import pytest

from baimo.data import claims
from baimo.publish import teaching
from baimo.publish.execute import execute
from baimo.publish.notebook import notebooks

NBS = notebooks()
THEMED = [nb for nb in NBS if nb.number != "00"]


def test_there_are_five_numbered_notebooks():
    assert [nb.number for nb in NBS] == ["00", "01", "02", "03", "04"]


@pytest.mark.slow
@pytest.mark.parametrize("nb", NBS, ids=lambda nb: nb.stem)
def test_notebook_runs_and_saves_its_figures(nb, tmp_path):
    staging = tmp_path / "staging"
    (staging / "figures").mkdir(parents=True)
    node, deps, _ = execute(nb, NBS, staging)  # raises CellFailed naming the cell on any error
    figs = sorted(p.name for p in (staging / "figures").glob(f"{nb.number}-*.png"))
    assert figs, f"{nb.stem} saved no figure"
    assert all(re.fullmatch(rf"{nb.number}-[a-z0-9-]+\.png", f) for f in figs)
    assert any(r.startswith("data/") for r in deps["reads"]), "the notebook read no data through the package"
    # generated navigation at top and bottom
    assert node.cells[0].source.startswith("<!--NAVIGATION-->") and node.cells[-1].source.startswith("<!--NAVIGATION-->")


def code_cells(nb):
    return [c.source for c in jupytext.read(nb.source).cells if c.cell_type == "code"]


def md_cells(nb):
    return [c.source for c in jupytext.read(nb.source).cells if c.cell_type == "markdown"]


@pytest.mark.parametrize("nb", NBS, ids=lambda nb: nb.stem)
def test_style_name_matches_the_file(nb):
    assert f'use_style("{nb.stem}")' in "\n".join(code_cells(nb))


@pytest.mark.parametrize("nb", NBS, ids=lambda nb: nb.stem)
def test_no_data_typed_into_the_notebook(nb):
    """Numbers in code cells are layout constants only; data comes from the tables."""
    for src in code_cells(nb):
        for lit in re.findall(r"(?<![\w.#])\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?", src):
            assert float(lit.replace("_", "")) < 1000, (nb.stem, lit, src[:80])


@pytest.mark.parametrize("nb", THEMED, ids=lambda nb: nb.stem)
def test_themed_notebook_has_notes_questions_and_footer(nb):
    md = "\n".join(md_cells(nb))
    assert re.search(r"^Note:", md, flags=re.M), "no Note: cell"
    section = md.split("## Discussion questions", 1)
    assert len(section) == 2, "no '## Discussion questions' section"
    questions = re.findall(r"^\d+\. ", section[1], flags=re.M)
    assert 3 <= len(questions) <= 6
    assert section[1].count("<details>") >= len(questions)
    assert "provenance.footer()" in code_cells(nb)[-1]
    meta = jupytext.read(nb.source).metadata.get("baimo", {})
    assert meta.get("question") and meta.get("key_figure", "").startswith(nb.number + "-")


# ---- the classroom kit is assembled from the notebooks


@pytest.mark.parametrize("nb", THEMED, ids=lambda nb: nb.stem)
def test_goals_questions_and_handout_claims(nb):
    meta = jupytext.read(nb.source).metadata["baimo"]
    assert 2 <= len(meta["goals"]) <= 4
    ids = {c for t in claims.THREADS for c in claims.load(t).claim_id}
    assert len(meta["handout_claims"]) == 3 and set(meta["handout_claims"]) <= ids
    qs = teaching.discussion(nb)
    assert 3 <= len(qs) <= 6
    assert [q["n"] for q in qs] == list(range(1, len(qs) + 1))
    assert all(q["question"] and len(q["note"]) > 40 for q in qs)


def test_handout_has_one_page_per_thread_with_three_quotes():
    html = teaching.handout_html(NBS)
    assert html.count('class="baimo-handout-page"') == len(THEMED)
    for section in html.split('class="baimo-handout-page"')[1:]:
        assert section.count("<li><b>") == 3          # three claims with quotes
        assert section.count("「") == 3
        assert "<img src=\"figures/" in section


def test_teaching_guide_collects_every_question():
    md = teaching.guide_markdown(NBS)
    total = sum(len(teaching.discussion(nb)) for nb in THEMED)
    assert md.count("<details><summary>Teacher's note</summary>") == total
    assert "50-minute" in md or "五十分钟" in md
