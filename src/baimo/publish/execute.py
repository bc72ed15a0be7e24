"""Executing one notebook in a fresh kernel, and saying exactly where it failed.

The last cell the build runs in every kernel (then removes) reports what the notebook used:
the data files read through :func:`baimo.core.paths.track` and the ``baimo`` modules imported, so
the build can re-run a notebook only when one of them changes.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

from .. import BaimoError
from ..core import paths
from .notebook import Notebook, nav_markdown, read_source

KERNEL_TIMEOUT = 600

_DEPS_PROBE = """
import json as _j, sys as _s, baimo.core.paths as _p
print("BAIMO-DEPS" + _j.dumps({"reads": sorted(_p.READ_LOG),
      "modules": sorted(m.__file__ for n, m in list(_s.modules.items())
                        if (n == "baimo" or n.startswith("baimo.")) and getattr(m, "__file__", None))}))
"""


class CellFailed(BaimoError):
    pass


def execute(nb: Notebook, nbs: list[Notebook], staging: Path, validated: str | None = None) -> tuple[object, dict, float]:
    """Execute one notebook in a fresh kernel; return (notebook with outputs, deps, seconds)."""
    started = time.perf_counter()
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    node = read_source(nb)
    i = nbs.index(nb)
    nav = nav_markdown(nbs, i)
    node.cells.insert(0, nbformat.v4.new_markdown_cell(nav, id=f"{nb.number}-nav-top"))
    node.cells.append(nbformat.v4.new_markdown_cell(nav, id=f"{nb.number}-nav-bottom"))
    probe = nbformat.v4.new_code_cell(_DEPS_PROBE, id=f"{nb.number}-deps")
    node.cells.append(probe)
    env = dict(os.environ)
    env.update({
        "BAIMO_ROOT": str(paths.ROOT),
        "BAIMO_FIGURES": str(staging / "figures"),
        "PYTHONWARNINGS": "error:Glyph:UserWarning",  # a missing CJK glyph fails the build
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    })
    if validated:  # the build checked exactly these tables: kernels need not check them again
        env["BAIMO_VALIDATED"] = validated
    from jupyter_client import KernelManager

    # IPC sockets in the staging folder: local only, and no "running over TCP" warning
    km = KernelManager(kernel_name="python3", transport="ipc", ip=str(staging / f"kernel-{nb.number}"))
    client = NotebookClient(node, km=km, timeout=KERNEL_TIMEOUT, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(paths.NOTEBOOKS)}})
    try:
        client.execute(env=env)
    except CellExecutionError as e:
        raise CellFailed(_describe_failure(nb, node, e)) from None
    out = node.cells.pop()  # the probe
    text = "".join(o.get("text", "") for o in out.get("outputs", []) if o.get("output_type") == "stream")
    m = re.search(r"BAIMO-DEPS(\{.*\})", text)
    deps = json.loads(m.group(1)) if m else {"reads": [], "modules": []}
    for cell in node.cells:
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
    return node, deps, time.perf_counter() - started


def _describe_failure(nb: Notebook, node, e) -> str:
    """Name the notebook, the failing code cell (1-based, as in the source) and its line."""
    code = [c for c in node.cells if c.cell_type == "code" and c.get("id", "") != f"{nb.number}-deps"]
    k, cell = next(((k, c) for k, c in enumerate(code, 1)
                    if any(o.get("output_type") == "error" for o in c.get("outputs", []))), (None, None))
    where = "a cell"
    first = ""
    if cell is not None:
        first = cell.source.strip().splitlines()[0][:80] if cell.source.strip() else ""
        src = nb.source.read_text(encoding="utf-8")
        pos = src.find(cell.source.strip())
        line = src[:pos].count("\n") + 1 if pos >= 0 else None
        where = f"code cell {k}" + (f" (line {line})" if line else "")
    ename = getattr(e, "ename", "error")
    evalue = getattr(e, "evalue", "")
    return (f"{paths.rel(nb.source)}: {where} failed ({ename}: {evalue})\n    first line: {first}\n"
            "nothing was overwritten: notebooks, figures/ and _site/ are as they were")
