"""The build: checks → executed notebooks → figures → static site, published together or not at all.

One command (``baimo build``) does it all, incrementally and safely:

* **incremental**: every step has a stamp in ``.build/state.json`` (:mod:`.stamps`); a
  notebook re-runs only when its source, or a data file or ``baimo`` module it used, changes;
* **checked first**: :func:`.checks.run` refuses invalid inputs before anything runs;
* **staged**: notebooks, figures, the site, ``datapackage.json`` and ``notebooks/README.md`` are
  written into ``.build/staging-<pid>/``; only when everything succeeded are they moved into place,
  following a journal (``.build/publish.json``) that the next build completes if this one is killed
  half-way, so the checkout never mixes new notebooks with old figures;
* **one at a time**: a lock (``.build/lock``) makes a second build in the same checkout wait;
* **never loses work**: an executed notebook edited since the build wrote it (in JupyterLab, say) is
  copied to ``notebooks/edited/`` before it is rebuilt, and the build says so.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from ... import BaimoError
from ...core import paths
from ..notebooks.model import Notebook, edited, notebooks
from . import derived
from .publishing import locked, log, publish, recover, stale_figures
from .stamps import data_inputs, digest, load_state, package_files, save_state, stamp, up_to_date


EDITED = paths.NOTEBOOKS / "edited"


#: Files the build derives from the data alone (re-derived whenever the checks run).
DERIVED = derived.PATHS


def prepare(state: dict) -> bool:
    """Run every check (skipped when the inputs are unchanged); refuse invalid data. True if it ran."""
    inputs = data_inputs() + package_files()
    if up_to_date(state.get("prepare")):
        return False
    from ...data import claims
    from . import checks

    problems = checks.run()
    if problems:
        raise BaimoError("the inputs have problems; the build refuses invalid data:\n"
                         + "\n".join(f"  {p}" for p in problems))
    state["prepare"] = stamp(inputs)
    state["validated"] = claims.inputs_digest()
    return True


def stale_notebooks(nbs: list[Notebook], state: dict, force: bool) -> list[Notebook]:
    """Notebooks to execute: those whose inputs, navigation or output changed since their last run,
    longest first (by the last run's time), so the slowest notebook is not left for the end."""
    nb_state = state.setdefault("notebooks", {})
    todo = []
    for nb in nbs:
        rec = nb_state.get(nb.stem)
        if force or not nb.ipynb.exists() or not rec or not up_to_date(rec.get("inputs")) \
                or rec.get("order") != neighbours(nbs, nb) or digest(nb.ipynb) != rec.get("output"):
            todo.append(nb)
    return sorted(todo, key=lambda nb: -nb_state.get(nb.stem, {}).get("seconds", 1e9))


def neighbours(nbs: list[Notebook], nb: Notebook) -> list:
    """What a notebook's navigation links show: the previous and next notebooks' names and titles."""
    i = nbs.index(nb)
    return [[n.stem, n.title] if n else None for n in (nbs[i - 1] if i else None, nbs[i + 1] if i + 1 < len(nbs) else None)]


def keep_edits(todo: list[Notebook]) -> None:
    """Copy each executed notebook edited since the build wrote it to ``notebooks/edited/``."""
    for nb in todo:
        if edited(nb):
            EDITED.mkdir(exist_ok=True)
            backup = EDITED / f"{nb.stem}-{time.strftime('%Y%m%d-%H%M%S')}.ipynb"
            shutil.copy2(nb.ipynb, backup)
            log(f"  {paths.rel(nb.ipynb)} was edited since the last build: your version is kept as "
                f"{paths.rel(backup)} (copy what you want to keep into {paths.rel(nb.source)}, the source)")


def stage_outputs(results: dict, nbs: list[Notebook], staging: Path) -> dict[str, Path]:
    """Write the executed notebooks and every derived document that changed (:mod:`.derived`) into ``staging``."""
    import nbformat

    from . import derived

    (staging / "notebooks").mkdir(exist_ok=True)
    executed = {}
    for nb, (node, _, _) in results.items():
        executed[nb.stem] = staging / "notebooks" / nb.ipynb.name
        nbformat.write(node, executed[nb.stem])
    for target, text in derived.stale(nbs).items():  # staged only where they change
        staged = staging / target.relative_to(paths.ROOT)
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_text(text, encoding="utf-8")
    return executed


def site_inputs_files(nbs: list[Notebook]) -> list[Path]:
    """What the rendered site depends on: executed notebooks, figures, tables, docs, the package."""
    figs = sorted(paths.FIGURES.glob("*.png")) + sorted(paths.FIGURES.glob("*.svg"))
    docs = sorted((paths.ROOT / "docs").glob("*")) if (paths.ROOT / "docs").exists() else []
    return [nb.ipynb for nb in nbs] + figs + docs + data_inputs() + package_files()


def build(jobs: int | None = None, force: bool = False, site: bool = True) -> dict:
    """Run the whole build; return ``{"executed": [...], "skipped": [...], "site": bool}``."""
    with locked():
        recover()
        return _build(jobs, force, site)


def _build(jobs: int | None, force: bool, site: bool) -> dict:
    t0 = time.perf_counter()
    state = {} if force else load_state()
    checked = prepare(state)
    save_state(state)
    nbs = notebooks()
    todo = stale_notebooks(nbs, state, force)
    outputs_due = checked or not all(p.exists() for p in DERIVED)
    site_due = site and (force or bool(todo) or not paths.SITE.exists() or state.get("site") != stamp(site_inputs_files(nbs)))
    if not todo and not site_due and not outputs_due:
        log(f"build: nothing to do ({len(nbs)} notebooks up to date{', the site too' if site else ''}, "
            f"{time.perf_counter() - t0:.2f} s)")
        return {"executed": [], "skipped": [nb.stem for nb in nbs], "site": False}
    keep_edits(todo)
    staging = Path(tempfile.mkdtemp(prefix=f"staging-{os.getpid()}-", dir=paths.BUILD_STATE))
    (staging / "figures").mkdir()
    static = None
    try:
        if site_due and todo:  # static pages render while the kernels run (forked before any kernel starts)
            from .assemble import start_static_pages

            static = start_static_pages(nbs, staging / "_site")
        results = {}
        if todo:
            workers = max(1, min(len(todo), jobs or (os.cpu_count() or 2) + 1))
            log(f"executing {len(todo)} notebook(s) with {workers} worker(s): "
                f"{', '.join(nb.stem for nb in sorted(todo, key=lambda n: n.stem))}")
            from .execute import execute_all  # (asyncio and the kernel machinery: only when there is work)

            results = execute_all(todo, nbs, staging, state.get("validated"), workers, log)
        t_run = time.perf_counter()
        executed = stage_outputs(results, nbs, staging)
        if site_due:
            from .assemble import render_site

            numbers = [nb.number for nb in results]
            render_site(nbs, staging / "_site", executed, [paths.FIGURES, staging / "figures"], static,
                        skip={p.name for p in stale_figures(staging, numbers)}, staged=staging)
            static = None
        publish(staging, [nb.number for nb in results])
    except BaseException:
        if static is not None:
            from .assemble import abandon_static_pages

            abandon_static_pages(static)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # also after a failure or Ctrl-C
    _record(state, results, nbs, site_due)
    t_end = time.perf_counter()
    log(f"build: {len(results)} executed, {len(nbs) - len(results)} unchanged, site "
        f"{'rendered' if site_due else 'unchanged'} ({t_end - t0:.1f} s: notebooks {t_run - t0:.1f}, "
        f"site and publishing {t_end - t_run:.1f})")
    return {"executed": [nb.stem for nb in results], "skipped": [nb.stem for nb in nbs if nb not in results],
            "site": site_due}


def _record(state: dict, results: dict, nbs: list[Notebook], site_built: bool) -> None:
    """Save what each executed notebook used, and the site's inputs, for the next build."""
    for nb, (_, deps, seconds) in results.items():
        dep_files = [paths.ROOT / r for r in deps["reads"]] + [Path(m) for m in deps["modules"]]
        state["notebooks"][nb.stem] = {"inputs": stamp([nb.source] + dep_files), "order": neighbours(nbs, nb),
                                       "output": digest(nb.ipynb), "deps": deps, "seconds": round(seconds, 2)}
    if site_built:
        state["site"] = stamp(site_inputs_files(nbs))
    save_state(state)
