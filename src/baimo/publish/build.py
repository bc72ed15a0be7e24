"""The build: corpus → validated tables → executed notebooks → figures → static site.

One command (``baimo build``) does it all, incrementally:

* every step has a *stamp* in ``.build/state.json``: the SHA-256 of each input file it used;
  a step whose inputs are unchanged is skipped, so a no-change rebuild reads a few dozen small
  files, imports nothing heavy, and exits;
* a notebook's inputs are its source (``notebooks/NN-slug.md``) plus the data files and ``baimo``
  modules it *actually used* in its last run (recorded by :func:`baimo.core.paths.track` and
  ``sys.modules`` inside the kernel), so editing a table re-runs only the notebooks that read it;
* independent notebooks run in parallel, one kernel per worker;
* everything is staged first: a failing cell stops the build with the notebook and cell named,
  and the committed notebooks, ``figures/`` and ``_site/`` are left exactly as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .. import BaimoError
from ..core import paths
from .execute import CellFailed, execute
from .notebook import Notebook, notebooks

STATE = paths.BUILD_STATE / "state.json"
# --------------------------------------------------------------------------- stamps


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError):
        return None


def _key(path: Path) -> str:
    return paths.rel(path)


def stamp(files) -> dict[str, str | None]:
    return {_key(f): digest(f) for f in sorted(set(Path(f) for f in files))}


def up_to_date(recorded: dict | None) -> bool:
    if not recorded:
        return False
    return all(digest(paths.ROOT / k if not os.path.isabs(k) else Path(k)) == v for k, v in recorded.items())


def load_state() -> dict:
    try:
        return json.loads(STATE.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def save_state(state: dict) -> None:
    STATE.parent.mkdir(parents=True, exist_ok=True)
    tmp = STATE.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    tmp.replace(STATE)


def package_files() -> list[Path]:
    pkg = Path(__file__).parents[1]
    return sorted(p for p in pkg.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def data_inputs() -> list[Path]:
    """Everything the corpus and tables step reads (the processed texts are its output)."""
    return sorted(p for p in paths.DATA.rglob("*") if p.is_file() and paths.PROCESSED not in p.parents)


# --------------------------------------------------------------------------- the build


def site_inputs_files(nbs: list[Notebook]) -> list[Path]:
    """What the rendered site depends on: executed notebooks, figures, tables, docs, the package."""
    extra = [p for p in paths.NOTEBOOKS.glob("*.md") if p not in {nb.source for nb in nbs}]
    figs = sorted(paths.ROOT.joinpath("figures").glob("*.png"))
    return [nb.ipynb for nb in nbs] + extra + figs + data_inputs() + package_files()


def log(msg: str) -> None:
    print(msg, flush=True)


def prepare(state: dict) -> None:
    """Check raw files, regenerate cleaned texts, validate every table (skipped when unchanged)."""
    inputs = data_inputs() + package_files()
    if up_to_date(state.get("prepare")) and all((paths.CLEAN / f"{a}.txt").exists() for a in _article_ids()):
        return
    from ..data import claims, cleaning, corpus

    corpus.verify_raw()
    written = cleaning.write_clean()
    for f in written:
        log(f"  cleaned text updated: {paths.rel(f)}")
    problems = claims.check_all()
    if problems:
        raise BaimoError("the data tables have problems; the build refuses invalid data:\n"
                         + "\n".join(f"  {p}" for p in problems))
    from . import datapackage

    if datapackage.write():
        log(f"  data package updated: {paths.rel(paths.DATAPACKAGE)}")
    state["prepare"] = stamp(inputs)
    state["validated"] = claims.inputs_digest()


def _article_ids() -> list[str]:
    lines = paths.ARTICLES_TABLE.read_text(encoding="utf-8").splitlines()[1:]
    return [ln.split(",", 1)[0] for ln in lines if ln.strip()]


def stale_notebooks(nbs: list[Notebook], state: dict, force: bool) -> list[Notebook]:
    """Notebooks to execute: those whose inputs, navigation or output changed since their last run,
    longest first (by the last run's time), so the slowest notebook is not left for the end."""
    order_key = [[nb.stem, nb.title] for nb in nbs]  # navigation: what it links and what it calls them
    nb_state = state.setdefault("notebooks", {})
    todo = []
    for nb in nbs:
        rec = nb_state.get(nb.stem)
        if force or not nb.ipynb.exists() or not rec or not up_to_date(rec.get("inputs")) \
                or rec.get("order") != order_key or digest(nb.ipynb) != rec.get("output"):
            todo.append(nb)
    return sorted(todo, key=lambda nb: -nb_state.get(nb.stem, {}).get("seconds", 1e9))


def execute_all(todo: list[Notebook], nbs: list[Notebook], staging: Path, validated: str | None,
                jobs: int | None) -> dict:
    """Execute ``todo`` in parallel kernels; raise :class:`CellFailed` naming every failure."""
    workers = max(1, min(len(todo), jobs or (os.cpu_count() or 2) + 1))
    log(f"executing {len(todo)} notebook(s) with {workers} worker(s): "
        f"{', '.join(nb.stem for nb in sorted(todo, key=lambda n: n.stem))}")
    results, errors = {}, []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {nb: pool.submit(execute, nb, nbs, staging, validated) for nb in todo}
        for nb, fut in futures.items():
            try:
                results[nb] = fut.result()
            except BaimoError as e:
                errors.append(str(e))
    if errors:
        raise CellFailed("\n".join(errors))
    return results


def publish_notebooks(results: dict, nbs: list[Notebook], state: dict, staging: Path) -> None:
    """Move executed notebooks and their figures into place and record what each one used."""
    import nbformat

    order_key = [[nb.stem, nb.title] for nb in nbs]
    for nb, (node, deps, seconds) in results.items():
        tmp = nb.ipynb.with_suffix(".ipynb.tmp")
        nbformat.write(node, tmp)
        tmp.replace(nb.ipynb)
        dep_files = [paths.ROOT / r for r in deps["reads"]] + [Path(m) for m in deps["modules"]]
        state["notebooks"][nb.stem] = {"inputs": stamp([nb.source] + dep_files), "order": order_key,
                                       "output": digest(nb.ipynb), "deps": deps, "seconds": round(seconds, 2)}
    for fig in sorted((staging / "figures").iterdir()):
        target = paths.FIGURES / fig.name
        paths.FIGURES.mkdir(exist_ok=True)
        if not target.exists() or target.read_bytes() != fig.read_bytes():
            fig.replace(target)


def build(jobs: int | None = None, force: bool = False, site: bool = True) -> dict:
    """Run the whole build; return a summary ``{"executed": [...], "skipped": [...], "site": bool}``."""
    t0 = time.perf_counter()
    state = {} if force else load_state()
    prepare(state)
    save_state(state)
    t_prepared = time.perf_counter()
    nbs = notebooks()
    if not nbs:
        raise BaimoError(f"no notebooks found in {paths.rel(paths.NOTEBOOKS)}")
    todo = stale_notebooks(nbs, state, force)
    skipped = [nb.stem for nb in nbs if nb not in todo]
    paths.BUILD_STATE.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="staging-", dir=paths.BUILD_STATE))
    (staging / "figures").mkdir()
    static = None
    if site and todo:  # static pages render while the kernels run (forked before any thread starts)
        from .site import start_static_pages

        static = start_static_pages(nbs)
    results = {}
    try:
        if todo:
            results = execute_all(todo, nbs, staging, state.get("validated"), jobs)
            publish_notebooks(results, nbs, state, staging)  # all succeeded: move outputs into place
            save_state(state)
    except BaseException:
        if static is not None:  # nothing of a failed build reaches _site/
            from .site import abandon_static_pages

            abandon_static_pages(static)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # also after a failure
    t_executed = time.perf_counter()
    site_built = False
    if site:
        site_inputs = stamp(site_inputs_files(nbs))
        if force or results or not paths.SITE.exists() or state.get("site") != site_inputs:
            from .site import render_site

            render_site(nbs, static=static)
            state["site"] = site_inputs
            save_state(state)
            site_built = True
    t_end = time.perf_counter()
    log(f"build: {len(results)} executed, {len(skipped)} unchanged, site "
        f"{'rendered' if site_built else 'unchanged'} ({t_end - t0:.1f} s: checks {t_prepared - t0:.1f}, "
        f"notebooks {t_executed - t_prepared:.1f}, site {t_end - t_executed:.1f})")
    return {"executed": [nb.stem for nb in results], "skipped": skipped, "site": site_built}
