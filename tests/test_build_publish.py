"""Publishing is all or nothing at every step: a fake checkout (old notebook, figures, derived document,
site and build state) and a staging folder (new ones, a new figure, a figure to remove) are published
with a fault at each rename in turn. A failure leaves everything old, with one line naming the step and
the path; a kill (the publishing process dies at that rename) leaves a journal from which the next build
finishes the publish: everything new. No kernels: this is the publishing step alone, exhaustively."""

import json
import os
from pathlib import Path

import pytest

from baimo import BaimoError
from baimo.core import paths
from baimo.publish.build import publishing, stamps

OLD, NEW = "old", "new"
#: target (relative to the checkout) → what is there before, and what the staging folder holds
FILES = {"notebooks/01-a.ipynb": (OLD, NEW), "figures/01-x.png": (OLD, NEW), "figures/01-y.svg": (None, NEW),
         "datapackage.json": (OLD, NEW), "figures/01-gone.png": (OLD, None), "_site/index.html": (OLD, NEW),
         "_site/tables/compute.html": (OLD, None), "_site/tables/new.html": (None, NEW)}


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    root = tmp_path / "proj"
    for attr, value in {"ROOT": root, "SITE": root / "_site", "BUILD_STATE": root / ".build",
                        "FIGURES": root / "figures"}.items():
        monkeypatch.setattr(paths, attr, value)
    monkeypatch.setattr(publishing, "JOURNAL", root / ".build" / "publish.json")
    monkeypatch.setattr(stamps, "STATE", root / ".build" / "state.json")
    monkeypatch.setattr(stamps, "DIGESTS", root / ".build" / "digests.json")
    monkeypatch.setattr(stamps, "_known", {})
    for rel, (old, _) in FILES.items():
        if old:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(old)
    (root / ".build").mkdir(exist_ok=True)
    (root / ".build" / "state.json").write_text(json.dumps({"build": OLD}))
    return root


def make_plan(root: Path) -> dict:
    staging = root / ".build" / "staging-1"
    moves = []
    for rel, (_, new) in FILES.items():
        if new:
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            (staging / rel).write_text(new)
            if not rel.startswith("_site/"):
                moves.append((staging / rel, root / rel))
    return publishing.plan(moves, [root / "figures/01-gone.png"], staging / "_site", {"build": NEW})


def state(root: Path) -> str:
    """'old' or 'new' if every published file (and the build state) is; else what each is."""
    seen = {rel: (root / rel).read_text() if (root / rel).exists() else None for rel in FILES}
    seen["build state"] = json.loads((root / ".build/state.json").read_text())["build"]
    for which, i in ((OLD, 0), (NEW, 1)):
        if all(seen[rel] == FILES[rel][i] for rel in FILES) and seen["build state"] == which:
            return which
    return repr(seen)


def renames(root: Path) -> list[str]:
    """The destination of each rename a publish makes, in order (recorded on a clean run)."""
    calls = []
    real = os.replace
    os.replace = lambda a, b: (calls.append(str(b)), real(a, b))[1]
    try:
        publishing.apply(make_plan(root))
    finally:
        os.replace = real
    return calls


def test_a_clean_publish_makes_everything_new_and_leaves_nothing_behind(checkout):
    publishing.apply(make_plan(checkout))
    assert state(checkout) == NEW
    assert sorted(p.name for p in (checkout / ".build").iterdir()) == ["digests.json", "staging-1", "state.json"]
    assert not any((checkout / ".build/staging-1").rglob("*.*"))  # every staged file moved


def test_a_failure_at_any_rename_leaves_everything_old_with_one_line(tmp_path, checkout, monkeypatch):
    import shutil

    pristine = tmp_path / "pristine"
    shutil.copytree(checkout, pristine)
    calls = renames(checkout)
    assert len(calls) == 13, calls  # journal; 3 files with their backups, 1 new; a removal; the site; 2 state files
    real = os.replace
    for k, target in enumerate(calls, start=1):
        shutil.rmtree(checkout)
        shutil.copytree(pristine, checkout)
        count = {"n": 0}

        def failing(a, b, k=k, count=count):
            count["n"] += 1
            if count["n"] == k:
                raise OSError(28, "No space left on device", str(b))
            return real(a, b)

        monkeypatch.setattr(os, "replace", failing)
        try:
            publishing.apply(make_plan(checkout))
            message = None
        except BaimoError as e:
            message = str(e)
        monkeypatch.setattr(os, "replace", real)
        if target.endswith("digests.json"):  # a cache: publishing goes on without it
            assert message is None and state(checkout) == NEW
            continue
        assert message is not None, (k, target)
        assert "\n" not in message and message.startswith("publishing"), message
        assert "No space left on device; nothing was published: notebooks, figures/ and _site/ are as they were" in message
        assert state(checkout) == OLD, (k, message)
        assert not (checkout / ".build/publish.json").exists() and not list((checkout / ".build").glob("backup-*"))


def test_a_kill_at_any_rename_is_finished_by_the_next_build(tmp_path, checkout):
    import shutil

    pristine = tmp_path / "pristine"
    shutil.copytree(checkout, pristine)
    total = len(renames(checkout))
    real = os.replace
    for k in range(2, total + 1):  # (killed at the first, the journal is not written: nothing happened)
        shutil.rmtree(checkout)
        shutil.copytree(pristine, checkout)
        pid = os.fork()
        if pid == 0:  # the build that is killed at its k-th rename
            count = {"n": 0}

            def dying(a, b):
                count["n"] += 1
                if count["n"] == k:
                    os._exit(9)
                return real(a, b)

            os.replace = dying
            try:
                publishing.apply(make_plan(checkout))
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 9, k
        assert (checkout / ".build/publish.json").exists()
        publishing.recover()  # what the next build does first
        assert state(checkout) == NEW, k
        assert not (checkout / ".build/publish.json").exists() and not list((checkout / ".build").glob("backup-*"))


def test_an_unreadable_journal_is_named_not_a_traceback(checkout):
    (checkout / ".build/publish.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(BaimoError, match=r"\.build/publish\.json: an interrupted build's journal cannot be read"):
        publishing.recover()
