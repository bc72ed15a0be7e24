"""Publishing a staging folder all or nothing: the checkout's build lock, the publish plan and its
journal (which the next build completes if this one is killed half-way), recovery of what killed builds
left behind."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from ... import BaimoError
from ...core import paths


def log(msg: str) -> None:
    print(msg, flush=True)


JOURNAL = paths.BUILD_STATE / "publish.json"


LOCK = paths.BUILD_STATE / "lock"


@contextlib.contextmanager
def locked():
    """Hold the checkout's build lock; a second build waits for the first and says so."""
    import fcntl

    paths.BUILD_STATE.mkdir(parents=True, exist_ok=True)
    with open(LOCK, "a+", encoding="utf-8") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            log(f"another build is running in this checkout (pid {f.read().strip() or '?'}); waiting for it to finish")
            fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        f.truncate()
        f.write(str(os.getpid()))
        f.flush()
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def recover() -> None:
    """Finish a publish a killed build left half-done, then remove what killed builds left behind."""
    if JOURNAL.exists():
        plan = json.loads(JOURNAL.read_text(encoding="utf-8"))
        apply_plan(plan)
        log("completed the publishing step of an interrupted build")
    for leftover in list(paths.BUILD_STATE.glob("staging-*")) + [paths.ROOT / "_site.old", paths.ROOT / "_site.tmp"]:
        shutil.rmtree(leftover, ignore_errors=True)


def writable(folder: Path) -> None:
    """Raise naming ``folder`` if a file cannot be created in it (checked before publishing)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".baimo-write-test-"):
            pass
    except OSError as e:
        raise BaimoError(f"cannot write to {paths.rel(folder)}/ ({e.strerror}); nothing was published") from None


def stale_figures(staging: Path, numbers) -> list[Path]:
    """Figures of the notebooks just executed (``numbers``) that they no longer make: removed on publish."""
    made = {p.name for p in (staging / "figures").glob("*")}
    prefixes = tuple(f"{n}-" for n in numbers)
    return [p for p in sorted(paths.FIGURES.glob("*")) if p.suffix in (".png", ".svg")
            and p.name.startswith(prefixes) and p.name not in made] if prefixes else []


def plan_publish(staging: Path, numbers=()) -> dict:
    """The moves that publish a staging folder: every staged file to its place, figures the executed
    notebooks (``numbers``) no longer make removed, the site swapped in."""
    moves = []
    for f in sorted(p for p in staging.rglob("*") if p.is_file()):
        rel = f.relative_to(staging)
        if rel.parts[0] in ("notebooks", "figures", "data", "docs") or rel.as_posix() == "datapackage.json":
            target = paths.FIGURES / rel.name if rel.parts[0] == "figures" else paths.ROOT / rel
            moves.append([str(f), str(target)])
    site = staging / "_site"
    return {"moves": moves, "removes": [str(p) for p in stale_figures(staging, numbers)],
            "site": [str(site), str(paths.SITE)] if site.exists() else None}


def apply_plan(plan: dict) -> None:
    """Carry out a publish plan; safe to repeat (a move already made is skipped)."""
    for src, dst in plan["moves"]:
        if Path(src).exists():
            Path(dst).parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dst)
    for gone in plan.get("removes", []):
        Path(gone).unlink(missing_ok=True)
    if plan.get("site"):
        staged, target = Path(plan["site"][0]), Path(plan["site"][1])
        old = target.with_name("_site.old")
        if staged.exists():
            if target.exists():
                shutil.rmtree(old, ignore_errors=True)
                target.rename(old)
            staged.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    JOURNAL.unlink(missing_ok=True)


def publish(staging: Path, numbers=()) -> None:
    """Move everything staged into place, or nothing: the targets are checked writable first, and the
    journal lets the next build complete the moves if this process is killed half-way."""
    plan = plan_publish(staging, numbers)
    for folder in {Path(dst).parent for _, dst in plan["moves"]} | ({paths.ROOT} if plan["site"] else set()):
        writable(folder)
    tmp = JOURNAL.with_suffix(".tmp")
    tmp.write_text(json.dumps(plan), encoding="utf-8")
    tmp.replace(JOURNAL)
    apply_plan(plan)
