"""The registry of names (baimo.core.registry): every article, thread, notebook, figure and question is
declared once, and what the rest of the package asks of it agrees with the declarations."""

import re

import pytest

from baimo import BaimoError
from baimo.core import codebook, paths, registry
from baimo.core.files import read_csv
from baimo.data import claims


def test_articles_come_from_articles_csv_alone():
    ids = list(read_csv(paths.ARTICLES_TABLE).article_id)
    assert registry.article_ids() == ids
    pattern = re.compile(registry.id_pattern())
    for a in ids:  # every article's ids are recognised, for every thread
        for t in registry.threads():
            assert pattern.fullmatch(f"{t.prefix}-{a}-07"), (t.thread, a)
    assert not pattern.fullmatch("C-nosuch-01")
    assert pattern.fullmatch("O12") and pattern.fullmatch("F16")


def test_threads_registry_drives_the_tables_and_vocabulary():
    reg = [t.thread for t in registry.threads() if t.is_claims]
    assert claims.threads() == reg
    assert codebook.VOCAB["thread"] == reg + ["other"]
    for t in registry.threads():
        assert t.path.exists(), t.table
        assert (paths.NOTEBOOKS / f"{t.notebook}.md").exists(), t.notebook
        assert registry.row_page(f"{t.prefix}-sv101-01") == f"tables/{t.thread}.html#{t.prefix}-sv101-01"
    prefixes = [t.prefix for t in registry.threads()]
    assert len(prefixes) == len(set(prefixes))


def test_row_page_refuses_what_is_not_a_row_id():
    assert registry.row_page("hello") is None
    assert registry.row_page("Q-sv101-01") is None  # no thread has the prefix Q
    assert registry.row_page("O07") == "tables/outcomes.html#O07"
    assert registry.row_page("F07") == "tables/reference.html#F07"


def _notebook(tmp_path, body: str) -> registry.Notebook:
    f = tmp_path / "07-test.md"
    f.write_text("---\nbaimo: {}\n---\n\n# 07 · Test\n\n" + body, encoding="utf-8")
    return registry.Notebook(f)


def test_figures_are_read_from_the_saving_calls_and_numbered_in_order(tmp_path):
    nb = _notebook(tmp_path, "Text.\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n\nfigures.save(fig, \"card\", "
                   "alt='a', show=False)\n```\n\n```{code-cell} ipython3\nx = 1\nfigures.save(fig, \"first\", "
                   "caption=\"One.\")\nfigures.save(fig2, \"second\", caption=f\"{x} two\")\n```\n")
    figs = registry.figures_of(nb)
    assert [(f.figure, f.number, f.caption) for f in figs] == [
        ("07-card", "", ""), ("07-first", "07-1", "One."), ("07-second", "07-2", "f'{x} two'")]
    assert figs[1].cite() == "Figure 07-1 · 07-first" and figs[0].cite() == "07-card"
    assert figs[2].line == 18  # the line of the call in the source file
    other = _notebook(tmp_path, "```{code-cell} ipython3\ndf.save(x, 'not-a-figure')\n```\n")
    assert registry.figures_of(other) == []  # only figures.save(…) declares a figure


def test_a_figure_slug_must_be_a_string_and_saved_once(tmp_path):
    nb = _notebook(tmp_path, "```{code-cell} ipython3\nfigures.save(fig, name)\n```\n")
    with pytest.raises(BaimoError, match=r"07-test.md line 8: a figure's slug must be written as a string"):
        registry.figures_of(nb)
    nb = _notebook(tmp_path, "```{code-cell} ipython3\nfigures.save(fig, 'a')\n```\n\n"
                             "```{code-cell} ipython3\nfigures.save(fig, 'a')\n```\n")
    with pytest.raises(BaimoError, match="figure 07-a is saved twice"):
        registry.figures_of(nb)


def test_every_notebook_figure_is_registered():
    figs = registry.figure_ids()
    assert "01-ratios" in figs and figs["01-ratios"].cite().startswith("Figure 01-")
    for nb in registry.notebooks():
        mine = [f for f in figs.values() if f.notebook == nb.stem]
        numbers = [f.number for f in mine if not f.card]
        assert numbers == [f"{nb.number}-{k}" for k in range(1, len(numbers) + 1)], nb.stem


def test_questions_are_parsed_with_their_notes_and_figures(tmp_path):
    nb = _notebook(tmp_path, "## Discussion questions\n\n1. Look at 07-first and 07-second. Why?\n\n"
                             "<details><summary>Teacher's note</summary>\nBecause.\n</details>\n\n"
                             "2. And 07-nothing?\n\n## Next\n\n3. not a question\n")
    known = {"07-first": None, "07-second": None}
    qs = registry.questions(nb)
    assert [(q.id, q.n, q.note) for q in qs] == [("07-Q1", 1, "Because."), ("07-Q2", 2, "")]
    assert registry.figure_refs(qs[0].question, known) == ["07-first", "07-second"]
    assert registry.figure_refs("see 07-first.png or notebooks/07-first", known) == []


def test_every_figure_a_question_cites_exists():
    known = set(registry.figure_ids()) | {nb.stem for nb in registry.notebooks()}
    known |= {a for nb in registry.notebooks() for a in registry.anchors(nb)}
    assert "04-metaphors" in known  # a table marked with an anchor
    for q in registry.questions():
        cited = re.findall(r"\b\d\d-[a-z][a-z0-9-]*[a-z0-9]\b", q.question)
        numbers = {nb.number for nb in registry.notebooks()}
        dangling = [c for c in cited if c[:2] in numbers and c not in known]
        assert dangling == [], (q.id, dangling)
