"""Publishing a staging folder all or nothing: the checkout's build lock, the publish plan and its
journal, and recovery.

A publish is a list of steps, each a rename within the checkout (no copying, so a full disk cannot stop
it half-way): an old file is first moved into ``.build/backup-<pid>/``, then the staged one takes its
place; a file to remove is moved into the backup; ``_site/`` is swapped the same way. Every step can be
undone (:func:`undo`) and redone (:func:`redo`) from what is on disk, so:

* if a step fails (a folder that cannot be written, a full disk, a file in the way), the steps already
  taken are undone, and the build stops with one line naming the step and the path: notebooks, figures
  and ``_site/`` are all as they were;
* if the build is killed, the journal (``.build/publish.json``) lets the next build finish the publish
  (or, should that fail, undo it) before it does anything else;
* the build state the publish belongs to is saved as its last step, so a completed publish is never
  re-done and an undone one is never believed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

from ... import BaimoError
from ...core import paths


def log(msg: str) -> None:
    print(msg, flush=True)


JOURNAL = paths.BUILD_STATE / "publish.json"
LOCK = paths.BUILD_STATE / "lock"
UNCHANGED = "notebooks, figures/ and _site/ are as they were"


class PublishFailed(BaimoError):
    pass


def failure(step: str, error: OSError, path=None, undone: bool = True) -> PublishFailed:
    """One line: the step, the path, what the system said, and what that left."""
    where = paths.rel(Path(path or error.filename or "?"))
    left = f"nothing was published: {UNCHANGED}" if undone else \
        "publishing could not be undone either; the next build will finish it (.build/publish.json)"
    return PublishFailed(f"{step}: {where}: {error.strerror or error}; {left}")


@contextlib.contextmanager
def locked():
    """Hold the checkout's build lock; a second build waits for the first and says so."""
    import fcntl

    try:
        paths.BUILD_STATE.mkdir(parents=True, exist_ok=True)
        f = open(LOCK, "a+", encoding="utf-8")
    except OSError as e:
        raise failure("taking the build lock", e, e.filename or paths.BUILD_STATE) from None
    with f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            log(f"another build is running in this checkout (pid {f.read().strip() or '?'}); waiting for it to finish")
            fcntl.flock(f, fcntl.LOCK_EX)
        with contextlib.suppress(OSError):  # the pid is for the message above only
            f.seek(0)
            f.truncate()
            f.write(str(os.getpid()))
            f.flush()
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- the plan


def plan(moves: list[tuple[Path, Path]], removes: list[Path], site: Path | None, state: dict | None) -> dict:
    """The steps that publish: ``moves`` (staged file → its place), ``removes`` (published files no
    longer made), ``site`` (the staged ``_site/``); ``state``: the build state to save last."""
    backup = paths.BUILD_STATE / f"backup-{os.getpid()}"
    steps = [["move", str(src), str(dst)] for src, dst in moves] + [["remove", str(p)] for p in removes]
    if site is not None:
        steps.append(["move", str(site), str(paths.SITE)])
    return {"steps": steps, "backup": str(backup), "state": state}


def _backup_of(plan: dict, target: str) -> Path:
    return Path(plan["backup"]) / Path(target).resolve().relative_to(paths.ROOT)


def redo(plan: dict, step: list) -> None:
    """Take one step, from whatever part of it is already done."""
    target = step[2] if step[0] == "move" else step[1]
    bak = _backup_of(plan, target)
    if step[0] == "move" and not Path(step[1]).exists():
        return  # done already
    if Path(target).exists() and not bak.exists():
        bak.parent.mkdir(parents=True, exist_ok=True)
        os.replace(target, bak)
    if step[0] == "move":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        os.replace(step[1], target)


def undo(plan: dict, step: list) -> None:
    """Undo one step, from whatever part of it was done."""
    target = step[2] if step[0] == "move" else step[1]
    bak = _backup_of(plan, target)
    if step[0] == "move" and not Path(step[1]).exists() and Path(target).exists():
        os.replace(target, step[1])
    if bak.exists() and not Path(target).exists():
        os.replace(bak, target)


def _write_journal(plan: dict) -> None:
    tmp = JOURNAL.with_suffix(".tmp")
    try:
        tmp.write_text(json.dumps(plan), encoding="utf-8")
        tmp.replace(JOURNAL)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise failure("publishing (writing its journal)", e, JOURNAL) from None


def _finish(plan: dict) -> None:
    """The last step: save the build state that goes with what was published (raises OSError)."""
    if plan.get("state") is not None:
        from .stamps import save_state

        save_state(plan["state"])


def _clean(plan: dict) -> None:
    shutil.rmtree(plan["backup"], ignore_errors=True)
    JOURNAL.unlink(missing_ok=True)


def apply(plan: dict, step_name: str = "publishing") -> None:
    """Carry out ``plan`` all or nothing (see the module docstring); raise :class:`PublishFailed` naming
    the step and the path. Interrupted (Ctrl-C), it undoes what it did and lets the interrupt go on."""
    _write_journal(plan)
    done = []
    try:
        for step in plan["steps"]:
            done.append(step)
            redo(plan, step)
        _finish(plan)
    except BaseException as e:  # noqa: BLE001 (undone below, then raised again)
        failed = e
    else:
        _clean(plan)
        return
    try:
        for step in reversed(done):
            undo(plan, step)
    except OSError:
        if isinstance(failed, OSError):
            raise failure(step_name, failed, undone=False) from None
        raise failed from None
    _clean(plan)
    if isinstance(failed, OSError):
        raise failure(step_name, failed) from None
    raise failed


def recover() -> None:
    """Finish a publish a killed build left half-done (or, if that fails, undo it), then remove what
    killed builds left behind."""
    try:
        text = JOURNAL.read_text(encoding="utf-8") if JOURNAL.exists() else None
        pending = json.loads(text) if text else None
    except (OSError, ValueError) as e:  # an unreadable journal: say so, and leave it for a person
        raise BaimoError(f"{paths.rel(JOURNAL)}: an interrupted build's journal cannot be read ({e}); move it "
                         "away to build afresh (check that notebooks/, figures/ and _site/ are consistent)") from None
    if pending is not None and "steps" in pending:
        try:
            for step in pending["steps"]:
                redo(pending, step)
            _finish(pending)
            log("completed the publishing step of an interrupted build")
        except OSError as e:
            for step in reversed(pending["steps"]):
                with contextlib.suppress(OSError):
                    undo(pending, step)
            log(f"undid the publishing step of an interrupted build (it could not be finished: "
                f"{paths.rel(Path(e.filename or '?'))}: {e.strerror})")
        _clean(pending)
    elif pending is not None:  # a journal of an older build: leave the checkout as it is
        JOURNAL.unlink(missing_ok=True)
    for leftover in [*paths.BUILD_STATE.glob("staging-*"), *paths.BUILD_STATE.glob("backup-*"),
                     paths.ROOT / "_site.old", paths.ROOT / "_site.tmp"]:
        shutil.rmtree(leftover, ignore_errors=True)


def writable(folders) -> None:
    """Raise naming the first of ``folders`` in which a file cannot be created (before publishing)."""
    import tempfile

    import errno

    for folder in sorted(set(folders)):
        try:
            if folder.exists() and not folder.is_dir():
                raise OSError(errno.ENOTDIR, "not a folder", str(folder))
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".baimo-write-test-"):
                pass
        except OSError as e:
            raise failure("publishing (checking the folders it writes)", e, e.filename or folder) from None


def stale_figures(made: set[str], numbers) -> list[Path]:
    """Figures of the notebooks just executed (``numbers``) that they no longer make (``made``: the
    names they made now): removed on publish."""
    prefixes = tuple(f"{n}-" for n in numbers)
    return [p for p in sorted(paths.FIGURES.glob("*")) if p.suffix in (".png", ".svg")
            and p.name.startswith(prefixes) and p.name not in made] if prefixes else []
