"""The build: checks → executed notebooks → figures → static site, published together or not at all.

One command (``baimo build``) does it all, incrementally and safely:

* **incremental**: every step has a stamp in ``.build/state.json`` (:mod:`.stamps`) listing every file
  it depends on, hashed before the build reads it; a notebook re-runs only when its source, or a data
  file, data folder or ``baimo`` module it used, changes; a notebook whose source is gone has its
  executed copy and figures removed; the derived documents are re-made from their inputs (:mod:`.derived`);
* **checked first**: :func:`.checks.run` refuses invalid inputs before anything runs;
* **staged**: notebooks, figures, the site and the derived documents are written into
  ``.build/staging-<pid>/``; only when everything succeeded are they published, all or nothing
  (:mod:`.publishing`: a failing step is undone, a killed publish is finished by the next build), so
  the checkout never mixes new notebooks with old figures;
* **one line when something fails**: the step and the path, and what was left as it was;
* **one at a time**: a lock (``.build/lock``) makes a second build in the same checkout wait;
* **never loses work**: an executed notebook edited since the build wrote it (in JupyterLab, say) is
  copied to ``notebooks/edited/`` before it is rebuilt or removed, and the build says so.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from ... import BaimoError
from ...core import paths
from ..notebooks.model import Notebook, edited, notebooks
from . import derived, publishing
from .publishing import UNCHANGED, locked, log, recover, stale_figures
from .stamps import (data_inputs, digest, docs_inputs, folders_stamp, key, load_state, package_files, same,
                     save_state, snapshot, stamp, up_to_date)

EDITED = paths.NOTEBOOKS / "edited"
#: Files the build derives from the data alone (re-derived whenever their inputs change).
DERIVED = derived.PATHS


@contextlib.contextmanager
def step(name: str):
    """Turn an OS error in one step of the build into one line naming the step and the path."""
    try:
        yield
    except OSError as e:
        where = paths.rel(Path(e.filename)) if e.filename else "?"
        raise BaimoError(f"{name}: {where}: {e.strerror or e}; nothing was published: {UNCHANGED}") from None


def prepare(state: dict, snap: dict) -> bool:
    """Run every check (skipped when no input was added, removed or changed); refuse invalid data.
    True if the checks ran."""
    inputs = data_inputs() + package_files()
    if same(state.get("prepare"), inputs):
        return False
    from ...data import claims
    from . import checks

    problems = checks.run()
    if problems:
        raise BaimoError("the inputs have problems; the build refuses invalid data:\n"
                         + "\n".join(f"  {p}" for p in problems))
    state["prepare"] = stamp(inputs, snap)
    state["validated"] = claims.inputs_digest()
    with contextlib.suppress(OSError):  # saved again with everything else when the build publishes
        save_state(state)
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


def removed(nbs: list[Notebook], state: dict) -> list[Path]:
    """Executed notebooks and figures whose source notebook is gone: the build made them (its state
    says so, or the notebook carries the build's seal) and no notebook of that number makes them now.
    Figures of a number no notebook ever had are left alone (not the build's to remove)."""
    import re

    stems, numbers = {nb.stem for nb in nbs}, {nb.number for nb in nbs}
    out = []
    for p in sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        if p.stem not in stems and (p.stem in state.get("notebooks", {})
                                    or (re.fullmatch(r"\d\d-[a-z0-9-]+", p.stem) and _sealed(p))):
            out.append(p)
    gone = ({s[:2] for s in state.get("notebooks", {}) if s not in stems} | {p.stem[:2] for p in out}) - numbers
    return out + [p for p in sorted(paths.FIGURES.glob("[0-9][0-9]-*")) if p.suffix in (".png", ".svg")
                  and p.name[:2] in gone]


def _sealed(ipynb: Path) -> bool:
    import json

    try:
        return bool(json.loads(ipynb.read_text(encoding="utf-8"))["metadata"]["baimo"]["cells_sha256"])
    except (OSError, ValueError, KeyError, TypeError):
        return False


def keep_edits(nbs: list[Notebook]) -> None:
    """Copy each executed notebook edited since the build wrote it to ``notebooks/edited/``."""
    for nb in nbs:
        if edited(nb):
            EDITED.mkdir(exist_ok=True)
            backup = EDITED / f"{nb.stem}-{time.strftime('%Y%m%d-%H%M%S')}.ipynb"
            shutil.copy2(nb.ipynb, backup)
            log(f"  {paths.rel(nb.ipynb)} was edited since the last build: your version is kept as "
                f"{paths.rel(backup)} (copy what you want to keep into {paths.rel(nb.source)}, the source)")


def stage_outputs(results: dict, nbs: list[Notebook], staging: Path, derived_due: bool) -> dict[str, Path]:
    """Write the executed notebooks and every derived document that changed (:mod:`.derived`) into ``staging``."""
    import nbformat

    (staging / "notebooks").mkdir(exist_ok=True)
    executed = {}
    for nb, (node, _, _) in results.items():
        executed[nb.stem] = staging / "notebooks" / nb.ipynb.name
        nbformat.write(node, executed[nb.stem])
    for target, text in (derived.stale(nbs) if derived_due else {}).items():  # staged only where they change
        staged = staging / target.relative_to(paths.ROOT)
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_text(text, encoding="utf-8")
    return executed


def staged_files(staging: Path) -> dict[Path, Path]:
    """``{target: staged file}`` for everything staged but the site."""
    out = {}
    for f in sorted(p for p in staging.rglob("*") if p.is_file()):
        rel = f.relative_to(staging)
        if rel.parts[0] == "figures":
            out[paths.FIGURES / rel.name] = f
        elif rel.parts[0] != "_site":
            out[paths.ROOT / rel] = f
    return out


def site_inputs_files(nbs: list[Notebook]) -> list[Path]:
    """What the rendered site depends on: executed notebooks, figures, tables, docs, the package."""
    figs = sorted(paths.FIGURES.glob("*.png")) + sorted(paths.FIGURES.glob("*.svg"))
    return [nb.ipynb for nb in nbs] + figs + docs_inputs() + list(DERIVED) + data_inputs() + package_files()


def build(jobs: int | None = None, force: bool = False, site: bool = True) -> dict:
    """Run the whole build; return ``{"executed": [...], "skipped": [...], "site": bool}``."""
    with locked():
        recover()
        return _build(jobs, force, site)


def _build(jobs: int | None, force: bool, site: bool) -> dict:
    t0 = time.perf_counter()
    with step("reading the build state"):
        state, note = load_state()
        if note:
            log(f"build: {note}")
        state = {} if force else state
        snap = snapshot()
    with step("checking the inputs"):
        prepare(state, snap)
        nbs = notebooks()
        todo = stale_notebooks(nbs, state, force)
        gone = removed(nbs, state)
    inputs = data_inputs() + package_files()  # what the derived documents are made from
    derived_due = not (same(state.get("derived", {}).get("inputs"), inputs)
                       and same(state.get("derived", {}).get("outputs"), DERIVED))
    site_due = site and (force or bool(todo) or bool(gone) or not paths.SITE.exists()
                         or not same(state.get("site"), site_inputs_files(nbs)))
    if not todo and not site_due and not derived_due and not gone:
        log(f"build: nothing to do ({len(nbs)} notebooks up to date{', the site too' if site else ''}, "
            f"{time.perf_counter() - t0:.2f} s)")
        return {"executed": [], "skipped": [nb.stem for nb in nbs], "site": False}
    with step("keeping edited notebooks"):
        keep_edits(todo + [Notebook(p.with_suffix(".md")) for p in gone if p.suffix == ".ipynb"])
    with step("making the staging folder"):
        staging = Path(tempfile.mkdtemp(prefix=f"staging-{os.getpid()}-", dir=paths.BUILD_STATE))
        (staging / "figures").mkdir()
    try:
        results, t_run = _stage(nbs, todo, gone, staging, state, jobs, site_due, derived_due)
        _publish(staging, nbs, results, gone, state, snap, site_due)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # also after a failure or Ctrl-C
    t_end = time.perf_counter()
    if gone:
        log(f"build: removed {', '.join(paths.rel(p) for p in gone)} (their source notebook is gone)")
    log(f"build: {len(results)} executed, {len(nbs) - len(results)} unchanged, site "
        f"{'rendered' if site_due else 'unchanged'} ({t_end - t0:.1f} s: notebooks {t_run - t0:.1f}, "
        f"site and publishing {t_end - t_run:.1f})")
    return {"executed": [nb.stem for nb in results], "skipped": [nb.stem for nb in nbs if nb not in results],
            "site": site_due}


def _stage(nbs, todo, gone, staging: Path, state: dict, jobs, site_due: bool, derived_due: bool) -> tuple[dict, float]:
    """Execute ``todo`` and stage the notebooks, derived documents and (if due) the site."""
    static = None
    try:
        if site_due and todo:  # static pages render while the kernels run (forked before any kernel starts)
            from .assemble import start_static_pages

            with step("rendering the site"):
                static = start_static_pages(nbs, staging / "_site")
        results = {}
        if todo:
            workers = max(1, min(len(todo), jobs or (os.cpu_count() or 2) + 1))
            log(f"executing {len(todo)} notebook(s) with {workers} worker(s): "
                f"{', '.join(nb.stem for nb in sorted(todo, key=lambda n: n.stem))}")
            from .execute import execute_all  # (asyncio and the kernel machinery: only when there is work)

            with step("executing the notebooks"):
                results = execute_all(todo, nbs, staging, state.get("validated"), workers, log)
        t_run = time.perf_counter()
        with step("staging the executed notebooks and derived documents"):
            executed = stage_outputs(results, nbs, staging, derived_due)
        if site_due:
            from .assemble import render_site

            made = {p.name for p in (staging / "figures").glob("*")}
            skip = {p.name for p in stale_figures(made, [nb.number for nb in results]) + gone}
            with step("rendering the site"):
                render_site(nbs, staging / "_site", executed, [paths.FIGURES, staging / "figures"], static,
                            skip=skip, staged=staging)
            static = None
    except BaseException:
        if static is not None:
            from .assemble import abandon_static_pages

            abandon_static_pages(static)
        raise
    return results, t_run


def _publish(staging: Path, nbs, results: dict, gone: list[Path], state: dict, snap: dict, site_due: bool) -> None:
    """Publish everything staged, the removals and the new build state, all or nothing."""
    staged = staged_files(staging)
    made = {p.name for p in (staging / "figures").glob("*")}
    removes = stale_figures(made, [nb.number for nb in results]) + gone
    site = staging / "_site" if site_due else None
    new_state = next_state(state, nbs, results, staged, removes, snap, site_due)
    publishing.writable({t.parent for t in staged} | {paths.ROOT, paths.BUILD_STATE})
    publishing.apply(publishing.plan([(src, dst) for dst, src in staged.items()], removes, site, new_state))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def next_state(state: dict, nbs, results: dict, staged: dict[Path, Path], removes: list[Path], snap: dict,
               site_due: bool) -> dict:
    """The build state once this build is published: what each executed notebook used (hashed before it
    ran), the site's inputs and the derived documents as they will be."""
    new = copy.deepcopy(state)
    records = new.setdefault("notebooks", {})
    for stem in [s for s in records if s not in {nb.stem for nb in nbs}]:
        del records[stem]
    for nb, (_, deps, seconds) in results.items():
        reads = [paths.ROOT / r for r in deps["reads"]]
        records[nb.stem] = {"inputs": {**stamp([nb.source, *reads, *map(Path, deps["modules"])], snap),
                                       **folders_stamp(r for r in reads if paths.DATA in r.parents)},
                            "order": neighbours(nbs, nb), "output": _sha(staged[nb.ipynb]), "deps": deps,
                            "seconds": round(seconds, 2)}

    def future(files) -> dict:  # each file as it will be once published
        return {key(f): _sha(staged[f]) if f in staged else snap[key(f)] if key(f) in snap else digest(f)
                for f in sorted(set(files) - set(removes))}

    new["derived"] = {"inputs": stamp(data_inputs() + package_files(), snap), "outputs": future(DERIVED)}
    if site_due:
        new["site"] = future(site_inputs_files(nbs) + [t for t in staged if t.parent == paths.FIGURES])
    return new
