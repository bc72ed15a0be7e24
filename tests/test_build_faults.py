"""Faults a build must survive: a cell that never ends, a kernel that dies, Ctrl-C, a folder it cannot
write, a build killed while publishing, two builds at once, a long checkout path, and notebooks
edited or re-saved in JupyterLab. Each runs in a copy of the project; afterwards nothing is
half-published and the next build recovers."""

import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import run_baimo
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


def sums(root):
    """Checksums of everything a build publishes."""
    out = {}
    for folder in ("notebooks", "figures", "_site"):
        for f in sorted((root / folder).rglob("*")) if (root / folder).exists() else []:
            if f.is_file():
                out[f.relative_to(root).as_posix()] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def leftovers(root):
    return sorted(p.name for p in (root / ".build").glob("staging-*")) + \
        [p for p in ("_site.tmp", "_site.old") if (root / p).exists()]


@pytest.fixture
def built(project_copy):
    nb(project_copy, "01-a.md", GOOD_A)
    res = run_baimo(project_copy, "build")
    assert res.returncode == 0, res.stderr
    return project_copy


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
    """figures/ replaced by a file: no figure can be written there (a write error that also stops root)."""
    nb(built, "01-a.md", GOOD_A + FIGURE)
    before = sums(built)
    saved = built / "figures.saved"
    (built / "figures").rename(saved)
    (built / "figures").write_text("not a folder", encoding="utf-8")
    res = run_baimo(built, "build")
    assert res.returncode == 1 and "cannot write to figures/" in res.stderr, res.stderr
    assert "nothing was published" in res.stderr
    (built / "figures").unlink()
    saved.rename(built / "figures")
    assert sums(built) == before and leftovers(built) == []
    assert run_baimo(built, "build").returncode == 0


def test_a_build_killed_while_publishing_is_completed_by_the_next(built):
    """Simulate SIGKILL between moves: a journal with one move done and one not."""
    staging = built / ".build" / "staging-999-x"
    (staging / "notebooks").mkdir(parents=True)
    new_ipynb = (built / "notebooks/01-a.ipynb").read_text(encoding="utf-8").replace("A reads", "A, republished, reads")
    (staging / "notebooks" / "01-a.ipynb").write_text(new_ipynb, encoding="utf-8")
    plan = {"moves": [[str(staging / "notebooks" / "01-a.ipynb"), str(built / "notebooks" / "01-a.ipynb")],
                      [str(staging / "notebooks" / "gone.txt"), str(built / "notebooks" / "gone.txt")]], "site": None}
    (built / ".build" / "publish.json").write_text(json.dumps(plan), encoding="utf-8")
    (built / ".build" / "staging-123-stale").mkdir()  # a killed build's folder
    res = run_baimo(built, "build", "--no-site")
    assert res.returncode == 0, res.stderr
    assert "completed the publishing step of an interrupted build" in res.stdout
    assert not (built / ".build" / "publish.json").exists() and leftovers(built) == []


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


def test_a_checkout_with_a_200_byte_path_builds(tmp_path, project_copy):
    deep = tmp_path
    while len(str(deep)) < 200:
        deep = deep / "a-rather-long-folder-name"
    deep.parent.mkdir(parents=True, exist_ok=True)
    project_copy.rename(deep)
    nb(deep, "01-a.md", GOOD_A)
    assert len(str(deep)) >= 200
    res = run_baimo(deep, "build", "--no-site")
    assert res.returncode == 0, res.stderr
    assert (deep / "notebooks/01-a.ipynb").exists()


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
