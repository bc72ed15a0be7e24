"""Executing notebooks in fresh kernels that cannot hang the build, and saying exactly where one failed.

Kernels run under jupyter_client's asynchronous kernel manager, so nbclient's per-cell timeout works
(a ``while True: pass`` is stopped) and a kernel that dies is reported at once; every kernel is shut
down when its notebook ends, however it ends. Kernel sockets are IPC files in a short temporary
folder (never inside the checkout, whose path may be too long for a socket name; ``TMPDIR`` if its path
is short enough, else ``/tmp``, else TCP on 127.0.0.1).

The last cell the build runs in every kernel (then removes) reports what the notebook used:
the data files read through :func:`baimo.core.paths.track` and the ``baimo`` modules imported, so
the build can re-run a notebook only when one of them changes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from ... import BaimoError
from ...core import paths, registry
from ..notebooks.model import Notebook, nav_markdown, read_source, seal

#: Seconds a single cell may run before the build stops it (``BAIMO_CELL_TIMEOUT`` overrides).
CELL_TIMEOUT = 600
KERNEL_STARTUP = 120

_DEPS_PROBE = """
import json as _j, sys as _s, baimo.core.paths as _p
print("BAIMO-DEPS" + _j.dumps({"reads": sorted(_p.READ_LOG),
      "modules": sorted(m.__file__ for n, m in list(_s.modules.items())
                        if (n == "baimo" or n.startswith("baimo.")) and getattr(m, "__file__", None))}))
"""


class CellFailed(BaimoError):
    pass


#: AF_UNIX socket paths hold at most 107 bytes; a kernel's are ``<folder>/kNN-<port>`` (up to 12 more).
SOCKET_ROOM = 90


def socket_folder() -> Path | None:
    """A new folder for kernel sockets whose path leaves room for the socket names: in ``TMPDIR`` when its
    path is short, else in ``/tmp`` or ``/dev/shm``; None when none is (the kernels then use TCP)."""
    for base in dict.fromkeys([tempfile.gettempdir(), "/tmp", "/dev/shm"]):
        if len(os.path.join(base, "bk-xxxxxxxx")) <= SOCKET_ROOM and os.path.isdir(base):
            try:
                return Path(tempfile.mkdtemp(prefix="bk-", dir=base))
            except OSError:
                continue
    return None


def cell_timeout() -> int:
    return int(os.environ.get("BAIMO_CELL_TIMEOUT", CELL_TIMEOUT))


def prepared(nb: Notebook, nbs: list[Notebook]):
    """The notebook as the kernel runs it: source cells, navigation at both ends, the probe last."""
    import nbformat

    node = read_source(nb)
    for cell in node.cells:  # every chart cited the one way (Figure 01-1 · 01-ratios)
        if cell.cell_type == "markdown":
            cell.source = registry.cite_text(cell.source)
    nav = nav_markdown(nbs, nbs.index(nb))
    node.cells.insert(0, nbformat.v4.new_markdown_cell(nav, id=f"{nb.number}-nav-top"))
    node.cells.append(nbformat.v4.new_markdown_cell(nav, id=f"{nb.number}-nav-bottom"))
    node.cells.append(nbformat.v4.new_code_cell(_DEPS_PROBE, id=f"{nb.number}-deps"))
    return node


def kernel_env(staging: Path, validated: str | None) -> dict:
    env = dict(os.environ)
    env.update({
        "BAIMO_ROOT": str(paths.ROOT),
        "BAIMO_FIGURES": str(staging / "figures"),
        "PYTHONWARNINGS": "error:Glyph:UserWarning",  # a missing CJK glyph fails the build
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    })
    if validated:  # the build checked exactly these tables: kernels need not check them again
        env["BAIMO_VALIDATED"] = validated
    return env


async def run_one(nb: Notebook, nbs: list[Notebook], staging: Path, sockets: Path | None,
                  validated: str | None = None, running: dict | None = None) -> tuple[object, dict, float]:
    """Execute one notebook; return (notebook with outputs, what it used, seconds); raise
    :class:`CellFailed` naming the notebook and cell on an error, a timeout or a dead kernel."""
    from jupyter_client import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    started = time.perf_counter()
    node = prepared(nb, nbs)
    km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(sockets / f"k{nb.number}")) if sockets \
        else AsyncKernelManager(kernel_name="python3", transport="tcp", ip="127.0.0.1")
    current = {"index": None}

    def on_start(cell, cell_index):
        current["index"] = cell_index

    client = NotebookClient(node, km=km, timeout=cell_timeout(), startup_timeout=KERNEL_STARTUP,
                            kernel_name="python3", record_timing=False, on_cell_start=on_start,
                            resources={"metadata": {"path": str(paths.NOTEBOOKS)}})
    clean_exit = False
    if running is not None:
        running[nb.stem] = km
    try:
        await client.async_execute(env=kernel_env(staging, validated))
        clean_exit = True
    except CellExecutionError as e:
        raise CellFailed(describe_failure(nb, node, current["index"], f"{e.ename}: {e.evalue}{label_rows(e.evalue)}")) \
            from None
    except CellTimeoutError:
        raise CellFailed(describe_failure(nb, node, current["index"],
                                          f"still running after {cell_timeout()} s; stopped (BAIMO_CELL_TIMEOUT "
                                          "sets the limit)")) from None
    except DeadKernelError:
        raise CellFailed(describe_failure(nb, node, current["index"], "the kernel died")) from None
    finally:
        if running is not None:
            running.pop(nb.stem, None)
        if km.has_kernel:
            await km.shutdown_kernel(now=not clean_exit)
    out = node.cells.pop()  # the probe
    text = "".join(o.get("text", "") for o in out.get("outputs", []) if o.get("output_type") == "stream")
    m = re.search(r"BAIMO-DEPS(\{.*\})", text)
    deps = json.loads(m.group(1)) if m else {"reads": [], "modules": []}
    for cell in node.cells:
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
    seal(node)
    return node, deps, time.perf_counter() - started


def label_rows(message: str) -> str:
    """For a chart too wide to be legible, where its longest labels come from: the data rows whose cells
    hold them (``data/speakers.csv row 7, column name_en``), so the row to shorten is named."""
    import ast
    import csv

    _, found, labels = message.partition("because of its longest labels: ")
    if not found:
        return ""
    texts = [ast.literal_eval(m) for m in re.findall(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", labels)]
    hits = []
    for path in sorted(paths.DATA.rglob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        for n, row in enumerate(rows[1:], start=2):
            for column, cell in zip(rows[0], row):
                if any((len(cell) >= max(8, len(t) // 2) and cell in t.replace("\n", " ")) or (len(t) >= 8 and t[:30] in cell)
                       for t in texts):
                    hits.append((-len(cell), f"{paths.rel(path)} row {n}, column {column} ({cell[:40]!r})"))
    return ("; those labels come from " + "; ".join(h for _, h in sorted(hits)[:3])) if hits else ""


def describe_failure(nb: Notebook, node, cell_index: int | None, what: str) -> str:
    """Name the notebook, the failing code cell (1-based, as in the source) and its line."""
    code = [i for i, c in enumerate(node.cells) if c.cell_type == "code" and c.get("id") != f"{nb.number}-deps"]
    where, first = "a cell", ""
    if cell_index is not None and cell_index in code:
        cell = node.cells[cell_index]
        k = code.index(cell_index) + 1
        first = cell.source.strip().splitlines()[0][:80] if cell.source.strip() else ""
        src = nb.source.read_text(encoding="utf-8")
        pos = src.find(cell.source.strip())
        line = src[:pos].count("\n") + 1 if pos >= 0 else None
        where = f"code cell {k}" + (f" (line {line})" if line else "")
    elif cell_index is not None:
        where = "the build's dependency probe"
    return (f"{paths.rel(nb.source)}: {where} failed ({what})\n    first line: {first}\n"
            "nothing was published: notebooks, figures/ and _site/ are as they were")


async def run_all(todo: list[Notebook], nbs: list[Notebook], staging: Path, validated: str | None,
                  workers: int, log, running: dict, stop) -> dict:
    """Execute ``todo``, ``workers`` at a time, one line per notebook as it starts and ends; raise
    :class:`CellFailed` naming every failure. ``running`` is filled with the live kernel managers;
    once ``stop`` (a ``threading.Event``) is set, no further notebook starts."""
    sockets = socket_folder()
    gate = asyncio.Semaphore(workers)
    results: dict = {}

    async def one(nb):
        async with gate:
            if stop.is_set():
                return
            log(f"  {nb.stem}: started")
            results[nb] = await run_one(nb, nbs, staging, sockets, validated, running)
            log(f"  {nb.stem}: done in {results[nb][2]:.1f} s")

    try:
        done = await asyncio.gather(*(one(nb) for nb in todo), return_exceptions=True)
    finally:
        if sockets:
            shutil.rmtree(sockets, ignore_errors=True)
    unexpected = [e for e in done if isinstance(e, BaseException) and not isinstance(e, BaimoError)]
    if unexpected and not stop.is_set():
        raise unexpected[0]
    errors = [str(e) for e in done if isinstance(e, BaimoError)]
    if errors and not stop.is_set():
        raise CellFailed("\n".join(errors))
    return results


def execute_all(todo: list[Notebook], nbs: list[Notebook], staging: Path, validated: str | None,
                workers: int, log) -> dict:
    """:func:`run_all` in a worker thread, so the main thread keeps Python's own Ctrl-C: on
    ``KeyboardInterrupt`` every kernel is killed at once, the worker is waited for, and the
    interrupt goes on (no notebook is left running)."""
    import threading

    running: dict = {}
    stop = threading.Event()
    outcome: dict = {}

    def work():
        try:
            outcome["results"] = asyncio.run(run_all(todo, nbs, staging, validated, workers, log, running, stop))
        except BaseException as e:  # handed to the main thread  # noqa: BLE001
            outcome["error"] = e

    worker = threading.Thread(target=work, name="baimo-kernels", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.2)
    except KeyboardInterrupt:
        stop.set()
        for km in list(running.values()):
            _kill(km)
        worker.join(60)
        raise
    if "error" in outcome:
        raise outcome["error"]
    return outcome["results"]


def _kill(km) -> None:
    """Stop a kernel now (its whole process group: it runs in a session of its own)."""
    import signal

    pid = getattr(getattr(km, "provisioner", None), "pid", None)
    if pid:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)


def execute(nb: Notebook, nbs: list[Notebook], staging: Path, validated: str | None = None):
    """Execute one notebook synchronously (for tests and one-off runs): see :func:`run_one`."""
    sockets = socket_folder()
    try:
        return asyncio.run(run_one(nb, nbs, staging, sockets, validated))
    finally:
        if sockets:
            shutil.rmtree(sockets, ignore_errors=True)
