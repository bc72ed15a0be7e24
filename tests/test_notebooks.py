"""Executing the notebooks is a test: each runs top to bottom in a fresh kernel (its own test, so one
failing notebook fails one test), and every notebook follows the house rules."""

import re

import pytest

from baimo.core import paths
from baimo.data import claims, predictions
from baimo.publish.classroom import guide, kit
from baimo.publish.notebooks.model import notebooks

NBS = notebooks()
THEMED = [nb for nb in NBS if nb.number != "00"]


def test_notebooks_are_numbered_without_gaps():
    numbers = [nb.number for nb in NBS]
    assert numbers == [f"{i:02d}" for i in range(len(numbers))] and len(numbers) >= 7
    assert "06" in numbers and "lab" in NBS[6].stem


@pytest.mark.slow
@pytest.mark.parametrize("nb", NBS, ids=lambda nb: nb.stem)
def test_notebook_runs_and_saves_its_figures(nb, cold_build):
    """Each notebook as a build from the sources alone ran it (``cold_build``: a fresh kernel each, in
    another folder; the build names the notebook and cell of any error): its figures, what it read, its
    outputs."""
    import json

    import nbformat

    deps = json.loads((cold_build / ".build/state.json").read_text(encoding="utf-8"))["notebooks"][nb.stem]["deps"]
    node = nbformat.read(cold_build / "notebooks" / nb.ipynb.name, as_version=4)
    figs = sorted(p.name for p in (cold_build / "figures").glob(f"{nb.number}-*.png"))
    assert figs, f"{nb.stem} saved no figure"
    assert all(re.fullmatch(rf"{nb.number}-[a-z0-9-]+\.png", f) for f in figs)
    assert any(r.startswith("data/") for r in deps["reads"]), "the notebook read no data through the package"
    # nothing machine-specific in the outputs (it would differ from build to build and machine to machine)
    text = nbformat.writes(node)
    for leak in (str(cold_build), str(paths.ROOT), "PosixPath(", "/staging-"):
        assert leak not in text, f"{nb.stem}: an output contains {leak!r}"
    # every image shown is a chart saved by figures.save (with its alt text), none a stray inline plot
    stray = [i for i, c in enumerate(node.cells) for o in c.get("outputs", [])
             if "image/png" in o.get("data", {}) and not o.get("metadata", {}).get("baimo", {}).get("alt")]
    assert not stray, f"{nb.stem}: cells {stray} show an image that is not a saved chart"
    # generated navigation at top and bottom
    assert node.cells[0].source.startswith("<!--NAVIGATION-->") and node.cells[-1].source.startswith("<!--NAVIGATION-->")


def code_cells(nb):
    import jupytext

    return [c.source for c in jupytext.read(nb.source).cells if c.cell_type == "code"]


def md_cells(nb):
    import jupytext

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
    import jupytext

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
    import jupytext

    meta = jupytext.read(nb.source).metadata["baimo"]
    assert 2 <= len(meta["goals"]) <= 4
    ids = {c for t in claims.threads() for c in claims.load(t).claim_id} | set(predictions.load().prediction_id)
    assert len(meta["handout_claims"]) == 3 and set(meta["handout_claims"]) <= ids
    qs = kit.discussion(nb)
    assert 3 <= len(qs) <= 6
    assert [q["n"] for q in qs] == list(range(1, len(qs) + 1))
    assert all(q["question"] and len(q["note"]) > 40 for q in qs)


def page_text(node):
    """All markdown and HTML of a generated page, as one string."""
    parts = []
    for c in node.cells:
        parts.append(c.source)
        parts += [o["data"]["text/html"] for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
    return "\n".join(parts)


# The handout's own tests are in test_classroom.py.


def test_teaching_guide_collects_every_question_and_the_plans():
    text = page_text(guide.guide(NBS))
    total = sum(len(kit.discussion(nb)) for nb in NBS)
    assert text.count('<details class="no-print"><summary>Teacher') == total
    assert text.count('class="print-only teacher-note"') == total  # printed open
    plans = re.findall(r"^## .*· 50-minute plan", text, flags=re.M)
    assert len(plans) >= 2
    # every question a plan cites exists
    cited = set(re.findall(r"\b(0\d)-Q(\d)\b", guide.LESSON_PLANS.read_text(encoding="utf-8")))
    have = {(nb.number, str(q["n"])) for nb in NBS for q in kit.discussion(nb)}
    assert cited and cited <= have, cited - have


@pytest.mark.parametrize("nb", NBS, ids=lambda nb: nb.stem)
def test_findings_show_without_code_and_the_card_is_hidden(nb):
    """House rules 1 and 2: the findings cell is tagged remove-input, the card cell remove-cell (the tags
    must survive saving in JupyterLab: see test_editing)."""
    import jupytext

    cells = [c for c in jupytext.read(nb.source).cells if c.cell_type == "code"]
    tags = {i: c.metadata.get("tags", []) for i, c in enumerate(cells)}
    findings = [i for i, c in enumerate(cells) if "view.findings(" in c.source]
    card = [i for i, c in enumerate(cells) if re.search(r"figures\.save\(fig, \"card\"", c.source)]
    assert findings and all("remove-input" in tags[i] for i in findings), nb.stem
    assert card and all("remove-cell" in tags[i] for i in card), nb.stem
