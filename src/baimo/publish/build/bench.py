"""``baimo bench``: the build's speed against plain nbconvert, as medians of several runs.

Measures, in one go:

* the import floor: ``python -c "import pandas, matplotlib, seaborn, jieba"``;
* serial nbconvert: every notebook executed one after another with ``jupyter nbconvert --execute``;
* parallel nbconvert, the strongest simple peer: the same, two at a time (``xargs -P 2``);
* the cold build: ``baimo build`` in a fresh copy of the project with no build state;
* the no-change rebuild: ``baimo build`` again in that copy.

Targets (ratios, since machines are noisy): cold ≤ 0.75 × parallel nbconvert; no-change rebuild < 0.2 s.

Beside each wall time it reports the CPU seconds (user + system) of the command and of the processes
it waited for, so work that was added can be told apart from work that was badly scheduled.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ...core import paths
from ..notebooks.model import notebooks


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _time(cmd: list[str], env=None, cwd=None) -> tuple[float, float]:
    """Wall and CPU seconds of ``cmd`` (CPU: it and every process it waited for)."""
    c, t = _cpu(), time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t, _cpu() - c


def _copy_project(dst: Path) -> Path:
    shutil.copytree(paths.DATA, dst / "data")
    shutil.copy2(paths.ROOT / "jupytext.toml", dst / "jupytext.toml")
    (dst / "notebooks").mkdir()
    for nb in notebooks():
        shutil.copy2(nb.source, dst / "notebooks" / nb.source.name)
    for extra in paths.NOTEBOOKS.glob("*.md"):
        shutil.copy2(extra, dst / "notebooks" / extra.name)
    if paths.DOCS.exists():
        shutil.copytree(paths.DOCS, dst / "docs")
    (dst / "figures").mkdir()
    return dst


def bench(runs: int = 3) -> dict:
    py = sys.executable
    jupyter = str(Path(py).with_name("jupyter"))
    nbs = notebooks()
    missing = [nb.ipynb for nb in nbs if not nb.ipynb.exists()]
    if missing:
        raise SystemExit(f"run `baimo build` first: {', '.join(paths.rel(m) for m in missing)} missing")
    results: dict[str, list[tuple[float, float]]] = {"import floor": [], "serial nbconvert": [], "parallel nbconvert": [],
                                       "cold build": [], "no-change rebuild": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # nbconvert runs in a copy too: the notebooks save figures, and they must not land in this checkout
        peer = _copy_project(tmp / "peer")
        for nb in nbs:
            shutil.copy2(nb.ipynb, peer / "notebooks" / nb.ipynb.name)
        peer_env = dict(os.environ, BAIMO_ROOT=str(peer))
        ipynbs = [peer / "notebooks" / nb.ipynb.name for nb in nbs]
        for _ in range(runs):
            results["import floor"].append(_time([py, "-c", "import pandas, matplotlib, seaborn, jieba"]))
        for _ in range(runs):
            wall = cpu = 0.0
            for ipynb in ipynbs:
                w, c = _time([jupyter, "nbconvert", "--to", "notebook", "--execute", str(ipynb),
                             "--output-dir", str(tmp), "--output", f"bench-{ipynb.stem}"], env=peer_env, cwd=ipynb.parent)
                wall, cpu = wall + w, cpu + c
            results["serial nbconvert"].append((wall, cpu))
        for _ in range(runs):
            args = " ".join(f"'{p}'" for p in ipynbs)
            results["parallel nbconvert"].append(_time(
                ["bash", "-c", f"printf '%s\\n' {args} | xargs -P 2 -I{{}} '{jupyter}' nbconvert --to notebook "
                               f"--execute {{}} --output-dir '{tmp}/par'"], env=peer_env, cwd=peer / "notebooks"))
        for r in range(runs):
            proj = _copy_project(tmp / f"proj{r}")
            env = dict(os.environ, BAIMO_ROOT=str(proj))
            results["cold build"].append(_time([py, "-m", "baimo.cli", "build"], env=env, cwd=proj))
            results["no-change rebuild"].append(_time([py, "-m", "baimo.cli", "build"], env=env, cwd=proj))
    med = {k: statistics.median(w for w, _ in v) for k, v in results.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in results.items()}
    print(f"{'measure':<20} {'median s':>9} {'CPU s':>7}   runs (wall s)")
    for k, v in results.items():
        print(f"{k:<20} {med[k]:9.2f} {cpu[k]:7.1f}   " + ", ".join(f"{w:.2f}" for w, _ in v))
    cold_ratio = med["cold build"] / med["parallel nbconvert"]
    print(f"cold build / parallel nbconvert = {cold_ratio:.2f} (target ≤ 0.75: {'met' if cold_ratio <= 0.75 else 'NOT met'})")
    print(f"cold build / serial nbconvert = {med['cold build'] / med['serial nbconvert']:.2f}")
    nochange = med["no-change rebuild"]
    print(f"no-change rebuild = {nochange:.2f} s (target < 0.20 s: {'met' if nochange < 0.2 else 'NOT met'})")
    cores = os.cpu_count() or 1
    print(f"cold build CPU / parallel nbconvert CPU = {cpu['cold build'] / cpu['parallel nbconvert']:.2f}; "
          f"on {cores} cores the cold build cannot take less than {cpu['cold build'] / cores:.1f} s")
    print(f"{len(nbs)} notebooks, {cores} cores, {runs} runs each")
    return med
