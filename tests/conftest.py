import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project_copy(tmp_path):
    """A throw-away copy of the project's data (and notebooks folder) for tests that break things.

    Commands run in it with BAIMO_ROOT pointing there; the real project is never touched.
    """
    dst = tmp_path / "proj"
    dst.mkdir()
    shutil.copytree(ROOT / "data", dst / "data")
    (dst / "notebooks").mkdir()
    (dst / "figures").mkdir()
    for f in (dst / "data").rglob("*"):
        if f.is_file():
            f.chmod(0o644)
    return dst


def run_baimo(root: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, BAIMO_ROOT=str(root))
    return subprocess.run([sys.executable, "-m", "baimo.cli", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=root)
