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


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory):
    """A copy of the checkout, built with ``baimo build``: the site tests look at its ``_site/``."""
    dst = copy_checkout(tmp_path_factory.mktemp("built") / "proj")
    res = run_baimo(dst, "build", timeout=900)
    assert res.returncode == 0, res.stdout + res.stderr
    return dst


def run_baimo(root: Path, *args: str, timeout: int = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, BAIMO_ROOT=str(root), **(env or {}))
    return subprocess.run([sys.executable, "-m", "baimo.cli", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=root)
