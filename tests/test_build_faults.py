"""Faults a build must survive: a cell that never ends, a kernel that dies, Ctrl-C, a folder it cannot
write, a full disk, a build killed while publishing, an unreadable build state, two builds at once, a
long checkout path or temporary folder, and notebooks edited or re-saved in JupyterLab. Each runs in a
copy of one small built project; afterwards nothing is half-published (notebooks, figures, the derived
documents and the site are all old or all new), the message is one line naming the step and the path,
and the next plain build recovers. Faults are injected with ``tests/faults.py`` (every rename of the
publishing step is failed and killed in turn, without kernels, in ``test_build_publish.py``)."""

import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import copy_data, run_baimo, shared
from test_build import GOOD_A, GOOD_B, executed, nb

pytestmark = pytest.mark.slow

FIGURE = """
```{code-cell} ipython3
import matplotlib.pyplot as plt
from baimo.charts import style
from baimo.publish.notebooks import figures
style.use_style("01-a")
fig, ax = plt.subplots()
ax.plot([1, 2], [1, 2])
figures.save(fig, "line", alt="A line.", source="nothing", show=False)
```
"""


FAULTS = Path(__file__).with_name("faults.py")


def sums(root):
    """Checksums of everything a build publishes."""
    out = {}
    for folder in ("notebooks", "figures", "_site", "docs", "datapackage.json", "data/processed", "data/lab"):
        for f in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else [root / folder]:
            source = f.parent.name == "notebooks" and f.suffix == ".md" and f.name != "README.md"
            if f.is_file() and "edited" not in f.parts and not source:
                out[f.relative_to(root).as_posix()] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def leftovers(root):
    return sorted(p.name for p in (root / ".build").glob("staging-*")) + \
        sorted(p.name for p in (root / ".build").glob("backup-*")) + \
        [p for p in ("_site.tmp", "_site.old", ".build/publish.json") if (root / p).exists()]


@pytest.fixture(scope="session")
def built_once(tmp_path_factory):
    """One small project (one notebook that saves a chart), built once with its site (for every worker)."""
    def make(folder):
        root = copy_data(folder / "proj")
        nb(root, "01-a.md", GOOD_A + FIGURE)
        res = run_baimo(root, "build")
        assert res.returncode == 0, res.stdout + res.stderr

    return shared(tmp_path_factory, "faults-small", make) / "proj"


@pytest.fixture
def built(built_once, tmp_path):
    """A copy of the built project: up to date where it lies (the build state names files relative to it)."""
    root = tmp_path / "proj"
    shutil.copytree(built_once, root, symlinks=True)
    return root


def baimo_with_fault(root, rule: str, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "BAIMO_ROOT": str(root), "BAIMO_FAULT": rule}
    return subprocess.run([sys.executable, str(FAULTS), *args], capture_output=True, text=True, env=env, cwd=root,
                          timeout=300)


def change(root) -> None:
    """An edit that touches every kind of output: a new title (the contents page, a derived document,
    changes), a chart renamed (one figure added, one removed), and so the site."""
    nb(root, "01-a.md", (GOOD_A + FIGURE).replace("# A reads", "# A, edited, reads").replace('"line"', '"curve"'))


def all_new(root) -> bool:
    return ("A, edited" in (root / "notebooks/01-a.ipynb").read_text(encoding="utf-8")
            and "A, edited" in (root / "_site/notebooks/01-a.html").read_text(encoding="utf-8")
            and "A, edited" in (root / "notebooks/README.md").read_text(encoding="utf-8")
            and (root / "figures/01-curve.png").exists() and not (root / "figures/01-line.png").exists()
            and (root / "_site/figures/01-curve.svg").exists())


UNCHANGED = "nothing was published: notebooks, figures/ and _site/ are as they were"
PUBLISH_FAULTS = {  # the step, the rule, the one line it must give (every other rename of the publishing
    # step is failed and killed in turn, without kernels, by test_build_publish.py)
    "the site cannot be replaced": ("replace|{root}/_site|EACCES", "publishing: _site: Permission denied"),
    "rendering the site, the disk full": ("write|{root}/.build/staging-*/_site/tables/*|ENOSPC",
                                          "rendering the site: .build/staging-"),
}


@pytest.mark.parametrize("fault", PUBLISH_FAULTS)
def test_a_failing_step_publishes_nothing_says_one_line_and_the_next_build_recovers(built, fault):
    rule, words = PUBLISH_FAULTS[fault]
    before = sums(built)
    change(built)
    res = baimo_with_fault(built, rule.format(root=built), "build")
    assert res.returncode == 1, res.stdout + res.stderr
    assert len(res.stderr.splitlines()) == 1 and res.stderr.startswith(f"baimo build: error: {words}"), res.stderr
    assert res.stderr.rstrip().endswith(UNCHANGED), res.stderr
    assert sums(built) == before and leftovers(built) == []
    again = run_baimo(built, "build")
    assert again.returncode == 0, again.stdout + again.stderr
    assert all_new(built)


def test_a_build_killed_while_publishing_is_finished_by_the_next(built):
    change(built)
    res = baimo_with_fault(built, f"replace|{built}/figures/01-curve.png|KILL", "build")
    assert res.returncode == -signal.SIGKILL
    assert (built / ".build/publish.json").exists()  # half-published: the journal says what is left to do
    again = run_baimo(built, "build")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "completed the publishing step of an interrupted build" in again.stdout
    assert "nothing to do" in again.stdout  # the build state was published with it
    assert all_new(built) and leftovers(built) == []


def test_an_unreadable_build_state_rebuilds_with_one_line(built):
    state = built / ".build/state.json"
    state.write_bytes(b"\xff\xfe not json")
    res = run_baimo(built, "build", "--no-site")
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout.splitlines()[0].startswith("build: .build/state.json could not be read (")
    assert res.stdout.splitlines()[0].endswith("; rebuilding everything")
    assert json.loads(state.read_text(encoding="utf-8"))["notebooks"]


def test_a_cell_that_never_ends_is_stopped_at_the_timeout(built):
    nb(built, "02-loop.md", "# Loops\n\n```{code-cell} ipython3\nx = 1\n```\n\n```{code-cell} ipython3\nwhile True:\n    pass\n```\n")
    before = sums(built)
    t = time.perf_counter()
    res = run_baimo(built, "build", env={"BAIMO_CELL_TIMEOUT": "5"})
    assert res.returncode == 1 and time.perf_counter() - t < 60
    assert "notebooks/02-loop.md: code cell 2" in res.stderr and "still running after 5 s; stopped" in res.stderr
    assert sums(built) == before and leftovers(built) == []
    assert "Parent appears to have exited" not in res.stderr


def test_a_kernel_that_dies_is_reported_at_once(built):
    nb(built, "02-die.md", "# Dies\n\n```{code-cell} ipython3\nimport os\nos._exit(1)\n```\n")
    before = sums(built)
    t = time.perf_counter()
    res = run_baimo(built, "build")
    assert res.returncode == 1 and time.perf_counter() - t < 60
    assert "notebooks/02-die.md: code cell 1" in res.stderr and "the kernel died" in res.stderr
    assert sums(built) == before and leftovers(built) == []


def test_ctrl_c_stops_promptly_with_one_line_and_publishes_nothing(built):
    nb(built, "02-slow.md", "# Slow\n\n```{code-cell} ipython3\nimport time\ntime.sleep(60)\n```\n")
    before = sums(built)
    proc = subprocess.Popen([sys.executable, "-m", "baimo.cli", "build"], cwd=built, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "BAIMO_ROOT": str(built)})
    deadline = time.time() + 60
    while time.time() < deadline and not list((built / ".build").glob("staging-*")):
        time.sleep(0.2)
    time.sleep(6)  # the kernel is running the sleeping cell
    t = time.perf_counter()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert time.perf_counter() - t < 15
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == "baimo build: interrupted; nothing was published"
    assert "Traceback" not in err
    assert sums(built) == before and leftovers(built) == []
    assert subprocess.run(["pgrep", "-f", "ipykernel_launcher.*" + str(built)], capture_output=True).stdout == b""


def test_a_folder_it_cannot_write_publishes_nothing_and_the_next_build_recovers(built):
    """figures/ replaced by a file: no figure can be published there (found before anything moves)."""
    change(built)
    before = sums(built)
    saved = built / "figures.saved"
    (built / "figures").rename(saved)
    (built / "figures").write_text("not a folder", encoding="utf-8")
    res = run_baimo(built, "build")
    assert res.returncode == 1
    assert res.stderr.splitlines() == ["baimo build: error: publishing (checking the folders it writes): figures: "
                                       f"not a folder; {UNCHANGED}"], res.stderr
    (built / "figures").unlink()
    saved.rename(built / "figures")
    assert sums(built) == before and leftovers(built) == []
    assert run_baimo(built, "build").returncode == 0 and all_new(built)


def test_a_second_build_waits_for_the_first(built):
    lock = built / ".build" / "lock"
    with open(lock, "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        f.truncate()
        f.write("4242")
        f.flush()
        proc = subprocess.Popen([sys.executable, "-m", "baimo.cli", "build"], cwd=built, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env={**os.environ, "BAIMO_ROOT": str(built)})
        time.sleep(3)
        assert proc.poll() is None  # waiting, not failing
        fcntl.flock(f, fcntl.LOCK_UN)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "another build is running in this checkout (pid 4242); waiting for it to finish" in out


def test_a_checkout_with_a_200_byte_path_and_a_160_byte_tmpdir_builds(tmp_path, project_copy):
    """AF_UNIX socket paths hold 107 bytes: kernel sockets go to a short folder whatever the paths."""
    deep = tmp_path
    while len(str(deep)) < 200:
        deep = deep / "a-rather-long-folder-name"
    deep.parent.mkdir(parents=True, exist_ok=True)
    project_copy.rename(deep)
    tmp = tmp_path / ("t" * 60) / ("m" * 60) / ("p" * 40)
    tmp.mkdir(parents=True)
    nb(deep, "01-a.md", GOOD_A)
    assert len(str(deep)) >= 200 and len(str(tmp)) >= 160
    res = run_baimo(deep, "build", "--no-site", env={"TMPDIR": str(tmp)})
    assert res.returncode == 0, res.stderr
    assert (deep / "notebooks/01-a.ipynb").exists()
    assert "Traceback" not in res.stderr


def test_an_edited_notebook_is_kept_and_a_resaved_one_is_not_flagged(built):
    nb(built, "02-b.md", GOOD_B)
    assert run_baimo(built, "build", "--no-site").returncode == 0
    a, b = built / "notebooks/01-a.ipynb", built / "notebooks/02-b.ipynb"
    data = json.loads(a.read_text(encoding="utf-8"))
    data["cells"][1]["source"] = "MY EDIT, made in JupyterLab\n"
    a.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    b.write_text(json.dumps(json.loads(b.read_text(encoding="utf-8")), indent=2), encoding="utf-8")  # re-saved only
    res = run_baimo(built, "build", "--no-site")
    assert res.returncode == 0, res.stderr
    kept = sorted((built / "notebooks/edited").glob("01-a-*.ipynb"))
    assert len(kept) == 1 and "MY EDIT" in kept[0].read_text(encoding="utf-8")
    assert f"your version is kept as notebooks/edited/{kept[0].name}" in res.stdout
    assert not list((built / "notebooks/edited").glob("02-b-*"))
    assert executed(res.stdout) == "01-a, 02-b"
