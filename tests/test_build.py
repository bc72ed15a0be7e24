"""The build: incremental by what each notebook actually used, and all-or-nothing on failure."""

import pandas as pd
import pytest

from conftest import run_baimo

pytestmark = pytest.mark.slow  # every test here runs kernels in a copy of the project

GOOD_A = """# A reads the article table

```{code-cell} ipython3
from baimo.data import corpus
len(corpus.articles())
```
"""
GOOD_B = """# B reads nothing

```{code-cell} ipython3
1 + 1
```
"""
BAD = """# C fails

```{code-cell} ipython3
x = 1
```

```{code-cell} ipython3
1 / 0
```
"""


def front(name: str) -> str:
    """The front matter every notebook needs (the build refuses a notebook without it)."""
    n = name[:2]
    claims = "" if n == "00" else "  handout_claims: [C-sv101-01]\n"
    return (f"---\nbaimo:\n  question: A question?\n  key_figure: {n}-x.png\n  blurb: A test notebook.\n"
            f"  goals:\n    - a goal\n{claims}---\n\n")


def nb(root, name, text):
    (root / "notebooks" / name).write_text(front(name) + text, encoding="utf-8")


def executed(stdout: str) -> str:
    line = next((ln for ln in stdout.splitlines() if ln.startswith("executing")), "")
    return line.split(": ", 1)[1] if line else ""


def test_rebuild_runs_only_what_changed(project_copy):
    nb(project_copy, "01-a.md", GOOD_A)
    nb(project_copy, "02-b.md", GOOD_B)
    first = run_baimo(project_copy, "build", "--no-site")
    assert first.returncode == 0, first.stderr
    assert executed(first.stdout) == "01-a, 02-b"
    assert (project_copy / "notebooks/01-a.ipynb").exists()

    again = run_baimo(project_copy, "build", "--no-site")
    assert again.returncode == 0 and executed(again.stdout) == ""
    assert "nothing to do (2 notebooks up to date" in again.stdout

    # a data file notebook A read: only A re-runs
    f = project_copy / "data/articles.csv"
    f.write_text(f.read_text(encoding="utf-8").replace("Date line printed", "Date line shown"), encoding="utf-8")
    third = run_baimo(project_copy, "build", "--no-site")
    assert third.returncode == 0, third.stderr
    assert executed(third.stdout) == "01-a"

    # a data file neither notebook read: nothing re-runs
    s = project_copy / "data/speakers.csv"
    s.write_text(s.read_text(encoding="utf-8").replace("host; professor", "host and professor"), encoding="utf-8")
    fourth = run_baimo(project_copy, "build", "--no-site")
    assert fourth.returncode == 0 and executed(fourth.stdout) == ""


def test_failing_cell_stops_the_build_and_keeps_what_was_built(project_copy):
    nb(project_copy, "01-a.md", GOOD_A)
    ok = run_baimo(project_copy, "build")
    assert ok.returncode == 0, ok.stderr
    site_index = (project_copy / "_site/index.html").read_bytes()
    built_a = (project_copy / "notebooks/01-a.ipynb").read_bytes()

    nb(project_copy, "01-a.md", GOOD_A.replace("len(corpus.articles())", "len(corpus.articles()) + 0"))
    nb(project_copy, "02-c.md", BAD)
    res = run_baimo(project_copy, "build")
    assert res.returncode == 1
    assert "notebooks/02-c.md: code cell 2 (line 18) failed (ZeroDivisionError: division by zero)" in res.stderr
    assert "first line: 1 / 0" in res.stderr
    assert (project_copy / "_site/index.html").read_bytes() == site_index
    assert (project_copy / "notebooks/01-a.ipynb").read_bytes() == built_a
    assert not (project_copy / "notebooks/02-c.ipynb").exists()


def test_build_refuses_invalid_data(project_copy):
    nb(project_copy, "01-a.md", GOOD_A)
    f = project_copy / "data/claims/parameters.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    df.loc[3, "unit"] = "params"
    df.to_csv(f, index=False)
    res = run_baimo(project_copy, "build", "--no-site")
    assert res.returncode == 1
    assert "the build refuses invalid data" in res.stderr
    assert "data/claims/parameters.csv row 5, column unit: 'params': not in the controlled vocabulary" in res.stderr
    assert not (project_copy / "notebooks/01-a.ipynb").exists()


def test_altered_raw_file_stops_the_build(project_copy):
    nb(project_copy, "01-a.md", GOOD_A)
    raw = project_copy / "data/raw/articles/004_9175787afc3ba2ac.txt"
    raw.write_bytes(raw.read_bytes().replace("硅谷".encode(), "矽谷".encode(), 1))
    res = run_baimo(project_copy, "build", "--no-site")
    assert res.returncode == 1
    assert "data/raw/articles/004_9175787afc3ba2ac.txt: raw file altered" in res.stderr


def test_editing_one_notebook_reruns_only_it(project_copy):
    nb(project_copy, "01-a.md", GOOD_A)
    nb(project_copy, "02-b.md", GOOD_B)
    assert run_baimo(project_copy, "build", "--no-site").returncode == 0
    nb(project_copy, "02-b.md", GOOD_B.replace("1 + 1", "2 + 2"))
    res = run_baimo(project_copy, "build", "--no-site")
    assert res.returncode == 0 and executed(res.stdout) == "02-b"
    # a new title changes the neighbours' navigation links: both re-run
    nb(project_copy, "02-b.md", GOOD_B.replace("# B reads nothing", "# B, renamed"))
    res = run_baimo(project_copy, "build", "--no-site")
    assert executed(res.stdout) == "01-a, 02-b"


FIG = """# A saves one chart

```{code-cell} ipython3
import matplotlib.pyplot as plt
from baimo.charts import style
from baimo.publish.notebooks import figures
style.use_style("01-a")
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot([1, 2], [1, 2])
ax.set_title("A line")
figures.save(fig, "SLUG", alt="A rising line.", source="nothing")
```
"""


def test_a_figure_the_notebook_no_longer_makes_is_removed(project_copy):
    figs = project_copy / "figures"
    figs.mkdir(exist_ok=True)
    (figs / "02-other.png").write_bytes(b"another notebook's figure")
    nb(project_copy, "01-a.md", FIG.replace("SLUG", "first"))
    assert run_baimo(project_copy, "build", "--no-site").returncode == 0
    assert (figs / "01-first.png").exists() and (figs / "01-first.svg").exists()
    nb(project_copy, "01-a.md", FIG.replace("SLUG", "renamed"))
    res = run_baimo(project_copy, "build", "--no-site")
    assert res.returncode == 0, res.stderr
    assert (figs / "01-renamed.png").exists()
    assert not (figs / "01-first.png").exists() and not (figs / "01-first.svg").exists()
    assert (figs / "02-other.png").read_bytes() == b"another notebook's figure"  # not this notebook's: kept


# --------------------------------------------------------------------------- the build sees every input


def test_a_file_added_under_data_is_seen(project_copy):
    """A new raw file nobody listed: the next build runs the checks again (and refuses it)."""
    nb(project_copy, "01-a.md", GOOD_A)
    assert run_baimo(project_copy, "build", "--no-site").returncode == 0
    (project_copy / "data/raw/articles/new.txt").write_text("an article nobody listed\n", encoding="utf-8")
    res = run_baimo(project_copy, "build", "--no-site")
    assert res.returncode == 1 and "data/raw/articles/new.txt: raw file not listed" in res.stderr, res.stdout + res.stderr
    (project_copy / "data/raw/articles/new.txt").unlink()
    res = run_baimo(project_copy, "build", "--no-site")  # back as it was: nothing to do
    assert res.returncode == 0 and "nothing to do" in res.stdout, res.stdout + res.stderr


def test_a_file_edited_while_the_build_runs_is_seen_by_the_next(project_copy):
    import subprocess
    import sys
    import time

    slow = GOOD_A.replace("len(corpus.articles())", "import time\nn = len(corpus.articles())\ntime.sleep(4)\nn")
    nb(project_copy, "01-a.md", slow)
    env = {**__import__("os").environ, "BAIMO_ROOT": str(project_copy)}
    proc = subprocess.Popen([sys.executable, "-m", "baimo.cli", "build", "--no-site"], cwd=project_copy, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and not list((project_copy / ".build").glob("staging-*")):
        time.sleep(0.1)
    time.sleep(1)  # the kernel is running: the notebook has read, or is about to read, the old table
    f = project_copy / "data/articles.csv"
    f.write_text(f.read_text(encoding="utf-8").replace("Date line printed", "Date line shown"), encoding="utf-8")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, out + err
    res = run_baimo(project_copy, "build", "--no-site")
    assert res.returncode == 0 and executed(res.stdout) == "01-a", res.stdout + res.stderr


def test_a_removed_notebook_takes_its_outputs_with_it(project_copy):
    from test_build_faults import FIGURE

    nb(project_copy, "01-a.md", GOOD_A)
    nb(project_copy, "02-b.md", GOOD_B + FIGURE.replace('"01-a"', '"02-b"'))
    assert run_baimo(project_copy, "build", "--no-site").returncode == 0
    assert (project_copy / "notebooks/02-b.ipynb").exists() and (project_copy / "figures/02-line.png").exists()
    (project_copy / "notebooks/02-b.md").unlink()
    res = run_baimo(project_copy, "build", "--no-site")
    assert res.returncode == 0, res.stdout + res.stderr
    assert not (project_copy / "notebooks/02-b.ipynb").exists()
    assert not list((project_copy / "figures").glob("02-*"))
    assert "removed notebooks/02-b.ipynb" in res.stdout
    assert "02-b" not in (project_copy / "notebooks/README.md").read_text(encoding="utf-8")  # the contents page


def test_a_derived_document_edited_by_hand_is_made_again(project_copy):
    nb(project_copy, "01-a.md", GOOD_A)
    assert run_baimo(project_copy, "build", "--no-site").returncode == 0
    key = project_copy / "docs/coding-lab-answer-key.md"
    made = key.read_text(encoding="utf-8")
    key.write_text(made + "\nA hand edit.\n", encoding="utf-8")
    res = run_baimo(project_copy, "build", "--no-site")
    assert res.returncode == 0 and executed(res.stdout) == "", res.stdout + res.stderr
    assert key.read_text(encoding="utf-8") == made
    ref = project_copy / "data/lab/reference.csv"  # an input of the answer key
    df = pd.read_csv(ref, dtype=str, keep_default_na=False)
    i = int(df.index[df.reason != ""][0])
    df.loc[i, "reason"] = "A reason written for this test."
    df.to_csv(ref, index=False)
    assert run_baimo(project_copy, "build", "--no-site").returncode == 0
    assert "A reason written for this test." in key.read_text(encoding="utf-8")


def test_a_chart_too_wide_to_read_names_its_long_label_and_the_data_row(tmp_path, monkeypatch):
    """A long speaker name widens a chart until its text is too small: the message names the label, and
    the build names the row of data/speakers.csv it came from (not just 'text smaller than 12 px')."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from baimo import BaimoError
    from baimo.charts import style
    from baimo.core import paths
    from baimo.publish.build.execute import label_rows

    long_name = "Jin Yingjie (Jack), partner at an accelerator who also hosts a long-running podcast"
    style.use_style()
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.barh([long_name, "Wang Jian"], [3, 2])
    with pytest.raises(BaimoError) as e:
        style.render(fig, "01-test", ["Source: test."], shown_at_px=600)
    message = str(e.value)
    assert f"because of its longest labels: {long_name!r}" in message, message
    (tmp_path / "data").mkdir()
    (tmp_path / "data/speakers.csv").write_text(f"speaker,name_en\n泓君,Hong Jun\n晋英杰,\"{long_name}\"\n", encoding="utf-8")
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(paths, "DATA", tmp_path / "data")
    assert label_rows(message).startswith("; those labels come from data/speakers.csv row 3, column name_en")
    assert label_rows("figure x: text shown smaller than 12 px (…): 10 px 'a'") == ""
