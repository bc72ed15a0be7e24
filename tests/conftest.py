"""Fixtures that keep tests out of the checkout: every test that builds or breaks something works on
a temporary copy of the project (``BAIMO_ROOT`` points there), never on the committed files.

Markers (``pyproject.toml``): ``slow`` (runs notebook kernels) and ``browser`` (drives Chromium).
``./dev test -m "not slow and not browser"`` runs the fast tests alone.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import baimo.publish  # noqa: F401  (declines jsonschema's slow optional import before anything reads a notebook)

ROOT = Path(__file__).resolve().parents[1]


def _writable(root: Path) -> None:
    for f in root.rglob("*"):
        if f.is_file():
            f.chmod(0o644)


def copy_data(dst: Path) -> Path:
    """A copy of the project's data (and empty notebooks and figures folders) at ``dst``."""
    dst.mkdir(parents=True)
    shutil.copytree(ROOT / "data", dst / "data")
    (dst / "notebooks").mkdir()
    (dst / "figures").mkdir()
    _writable(dst)
    return dst


@pytest.fixture
def project_copy(tmp_path):
    """A throw-away copy of the project's data (and empty notebooks and figures folders) for tests
    that break things. Commands run in it with BAIMO_ROOT pointing there."""
    return copy_data(tmp_path / "proj")


#: The notebook sources a copy needs for ``baimo check`` (it reads their front matter).
NOTEBOOK_FILES = ["00-corpus.md", "01-compute-gaps.md"]


@pytest.fixture
def proj(project_copy):
    """A data copy plus two notebook sources (the checks read their front matter)."""
    for name in NOTEBOOK_FILES:
        shutil.copy2(ROOT / "notebooks" / name, project_copy / "notebooks" / name)
    return project_copy


def copy_checkout(dst: Path) -> Path:
    """A copy of everything the build reads and writes: data, notebooks (sources and executed),
    figures, docs, the data package and, if present, the build state and site (so an up-to-date
    checkout gives a fast, incremental build in the copy)."""
    dst.mkdir(parents=True, exist_ok=True)
    for d in ("data", "notebooks", "figures", "docs", ".build", "_site"):
        if (ROOT / d).exists():
            shutil.copytree(ROOT / d, dst / d, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "staging-*"))
    for f in ("datapackage.json", "README.md"):
        if (ROOT / f).exists():
            shutil.copy2(ROOT / f, dst / f)
    (dst / "figures").mkdir(exist_ok=True)
    _writable(dst)
    return dst


def shared(tmp_path_factory, name: str, make) -> Path:
    """``make(folder)`` once per test session, whichever worker needs it first (the others wait for it
    and use the same folder; a failure is reported to each of them without being tried again). For
    the builds several test files look at: each is made once, not once per worker."""
    import fcntl

    base = tmp_path_factory.getbasetemp()
    base = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, failed = base / f"shared-{name}", base / f"shared-{name}.failed"
    with open(base / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail(failed.read_text(encoding="utf-8"))
        if not (folder / ".shared-done").exists():
            try:
                make(folder)
            except BaseException as e:
                failed.write_text(f"making {name} failed: {e}", encoding="utf-8")
                raise
            (folder / ".shared-done").write_text("", encoding="utf-8")
    return folder


def _build_in(root: Path) -> None:
    res = run_baimo(root, "build", timeout=1200)
    assert res.returncode == 0, res.stdout + res.stderr


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory):
    """A copy of the checkout, built with ``baimo build`` (incrementally, from the checkout's own build
    state when it has one): the site tests look at its ``_site/``."""
    return shared(tmp_path_factory, "built", lambda d: _build_in(copy_checkout(d / "proj"))) / "proj"


def copy_sources(dst: Path) -> Path:
    """What a fresh clone has minus everything a build makes: data, notebook sources, docs."""
    dst.mkdir(parents=True)
    shutil.copytree(ROOT / "data", dst / "data")
    (dst / "notebooks").mkdir()
    for f in (ROOT / "notebooks").glob("[0-9][0-9]-*.md"):
        shutil.copy2(f, dst / "notebooks" / f.name)
    shutil.copytree(ROOT / "docs", dst / "docs")
    for f in ("jupytext.toml", "datapackage.json"):
        shutil.copy2(ROOT / f, dst / f)
    (dst / "figures").mkdir()
    _writable(dst)
    return dst


@pytest.fixture(scope="session")
def cold_build(tmp_path_factory):
    """The project built from its sources alone, in another folder than ``built_copy``: every notebook
    executed in a fresh kernel, every figure drawn, the whole site. The notebook tests read its outputs;
    the determinism test compares it with ``built_copy``."""
    return shared(tmp_path_factory, "cold", lambda d: _build_in(copy_sources(d / "elsewhere" / "proj"))) \
        / "elsewhere" / "proj"


def run_baimo(root: Path, *args: str, timeout: int = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    """``baimo ARGS`` in ``root`` (``BAIMO_ROOT`` pointing there), as a command would run it. ``check``
    runs in a fork of this process (a fresh import of ``baimo``, the libraries already imported): the
    same command, without paying Python's and pandas' start-up for each of the many check tests."""
    env = dict(os.environ, BAIMO_ROOT=str(root), **(env or {}))
    if args and args[0] == "check" and hasattr(os, "fork"):
        forked = _run_forked(root, list(args), env, timeout)
        if forked is not None:
            return forked
    return subprocess.run([sys.executable, "-m", "baimo.cli", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=root)


def _run_forked(root: Path, args: list[str], env: dict, timeout: int):
    """``baimo.cli.main(args)`` in a forked child with ``env`` and ``root`` as its folder; None if the
    child did not answer (the caller then runs the command as a new process)."""
    import contextlib
    import io
    import json
    import select

    import pandas  # noqa: F401  (imported once here, inherited by every fork)

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code, out, err = 1, io.StringIO(), io.StringIO()
        try:
            os.close(read)
            os.environ.clear()
            os.environ.update(env)
            os.chdir(root)
            for name in [m for m in sys.modules if m == "baimo" or m.startswith("baimo.")]:
                del sys.modules[name]
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                from baimo.cli import main

                code = main(args)
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        except BaseException as e:  # noqa: BLE001  (reported like a crashing command)
            import traceback

            err.write("".join(traceback.format_exception(e)))
        finally:
            data = json.dumps([code, out.getvalue(), err.getvalue()]).encode()
            with contextlib.suppress(OSError):
                with os.fdopen(write, "wb") as f:
                    f.write(data)
            os._exit(0)
    os.close(write)
    chunks = []
    with os.fdopen(read, "rb") as f:
        while select.select([f], [], [], timeout)[0]:
            chunk = f.read1(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    with contextlib.suppress(ChildProcessError):
        if not chunks:
            os.kill(pid, 9)
        os.waitpid(pid, 0)
    if not chunks:
        return None
    code, out, err = json.loads(b"".join(chunks))
    return subprocess.CompletedProcess([sys.executable, "-m", "baimo.cli", *args], code, out, err)
