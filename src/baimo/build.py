"""The build: corpus → validated tables → executed notebooks → figures → static site.

One command (``baimo build``) does it all, incrementally:

* every step has a *stamp* in ``.build/state.json``: the SHA-256 of each input file it used;
  a step whose inputs are unchanged is skipped, so a no-change rebuild reads a few dozen small
  files, imports nothing heavy, and exits;
* a notebook's inputs are its source (``notebooks/NN-slug.md``) plus the data files and ``baimo``
  modules it *actually used* in its last run (recorded by :func:`baimo.paths.track` and
  ``sys.modules`` inside the kernel), so editing a table re-runs only the notebooks that read it;
* independent notebooks run in parallel, one kernel per worker;
* everything is staged first: a failing cell stops the build with the notebook and cell named,
  and the committed notebooks, ``figures/`` and ``_site/`` are left exactly as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import BaimoError, paths

STATE = paths.BUILD_STATE / "state.json"
KERNEL_TIMEOUT = 600

# The last cell the build runs in every kernel (then removes): what did the notebook use?
_DEPS_PROBE = """
import json as _j, sys as _s, baimo.paths as _p
print("BAIMO-DEPS" + _j.dumps({"reads": sorted(_p.READ_LOG),
      "modules": sorted(m.__file__ for n, m in list(_s.modules.items())
                        if (n == "baimo" or n.startswith("baimo.")) and getattr(m, "__file__", None))}))
"""


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
    pkg = Path(__file__).parent
    return sorted(p for p in pkg.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def data_inputs() -> list[Path]:
    """Everything the corpus and tables step reads (the processed texts are its output)."""
    return sorted(p for p in paths.DATA.rglob("*") if p.is_file() and paths.PROCESSED not in p.parents)


# --------------------------------------------------------------------------- notebooks


@dataclass(frozen=True)
class Notebook:
    source: Path  # notebooks/NN-slug.md (jupytext MyST markdown)

    @property
    def stem(self) -> str:
        return self.source.stem

    @property
    def number(self) -> str:
        return self.stem[:2]

    @property
    def ipynb(self) -> Path:
        return self.source.with_suffix(".ipynb")

    @property
    def meta(self) -> dict:
        """The ``baimo`` block of the front matter: question, key figure, blurb, goals, handout claims."""
        import jupytext

        return dict(jupytext.read(self.source).metadata.get("baimo", {}))

    @property
    def title(self) -> str:
        for line in self.source.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
        return self.stem


def notebooks(directory: Path | None = None) -> list[Notebook]:
    directory = directory or paths.NOTEBOOKS
    found = sorted(directory.glob("[0-9][0-9]-*.md"))
    return [Notebook(p) for p in found]


def nav_markdown(nbs: list[Notebook], i: int, ext: str = ".ipynb") -> str:
    """Generated previous / contents / next links (Python Data Science Handbook style)."""
    parts = []
    if i > 0:
        parts.append(f"< [{nbs[i - 1].title}]({nbs[i - 1].stem}{ext})")
    contents = "../index.html" if ext == ".html" else "../README.md"  # site landing page / repo README
    parts.append(f"[Contents 目录]({contents})")
    if i + 1 < len(nbs):
        parts.append(f"[{nbs[i + 1].title}]({nbs[i + 1].stem}{ext}) >")
    return "<!--NAVIGATION-->\n" + " | ".join(parts)


def read_source(nb: Notebook):
    import jupytext

    node = jupytext.read(nb.source)
    node.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    node.metadata.pop("jupytext", None)
    for i, cell in enumerate(node.cells):
        cell["id"] = f"{nb.number}-{i:03d}"  # deterministic ids: the .ipynb diffs cleanly
    return node


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
    from . import corpus, tables

    corpus.verify_raw()
    written = corpus.write_clean()
    for f in written:
        log(f"  cleaned text updated: {paths.rel(f)}")
    problems = tables.check_all()
    if problems:
        raise BaimoError("the data tables have problems; the build refuses invalid data:\n"
                         + "\n".join(f"  {p}" for p in problems))
    state["prepare"] = stamp(inputs)
    state["validated"] = tables.inputs_digest()


def _article_ids() -> list[str]:
    lines = paths.ARTICLES_TABLE.read_text(encoding="utf-8").splitlines()[1:]
    return [ln.split(",", 1)[0] for ln in lines if ln.strip()]


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
    order_key = [[nb.stem, nb.title] for nb in nbs]  # navigation: what it links and what it calls them
    nb_state = state.setdefault("notebooks", {})
    todo: list[Notebook] = []
    for nb in nbs:
        rec = nb_state.get(nb.stem)
        if force or not nb.ipynb.exists() or not rec or not up_to_date(rec.get("inputs")) \
                or rec.get("order") != order_key or digest(nb.ipynb) != rec.get("output"):
            todo.append(nb)
    skipped = [nb.stem for nb in nbs if nb not in todo]
    # longest first (by the last run's time), so the slowest notebook is not left for the end
    todo.sort(key=lambda nb: -nb_state.get(nb.stem, {}).get("seconds", 1e9))

    paths.BUILD_STATE.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="staging-", dir=paths.BUILD_STATE))
    (staging / "figures").mkdir()
    static = None
    if site and todo:  # static pages render while the kernels run (forked before any thread starts)
        from .site import start_static_pages

        static = start_static_pages(nbs)
    try:
        results = {}
        if todo:
            workers = max(1, min(len(todo), jobs or (os.cpu_count() or 2) + 1))
            log(f"executing {len(todo)} notebook(s) with {workers} worker(s): "
                f"{', '.join(nb.stem for nb in sorted(todo, key=lambda n: n.stem))}")
            errors = []
            with ThreadPoolExecutor(max_workers=workers) as pool:
                futures = {nb: pool.submit(execute, nb, nbs, staging, state.get("validated")) for nb in todo}
                for nb, fut in futures.items():
                    try:
                        results[nb] = fut.result()
                    except BaimoError as e:
                        errors.append(str(e))
            if errors:
                raise CellFailed("\n".join(errors))
            # all succeeded: move outputs into place
            import nbformat

            for nb, (node, deps, seconds) in results.items():
                tmp = nb.ipynb.with_suffix(".ipynb.tmp")
                nbformat.write(node, tmp)
                tmp.replace(nb.ipynb)
                dep_files = [paths.ROOT / r for r in deps["reads"]] + [Path(m) for m in deps["modules"]]
                nb_state[nb.stem] = {"inputs": stamp([nb.source] + dep_files), "order": order_key,
                                     "output": digest(nb.ipynb), "deps": deps, "seconds": round(seconds, 2)}
            for fig in sorted((staging / "figures").iterdir()):
                target = paths.FIGURES / fig.name
                paths.FIGURES.mkdir(exist_ok=True)
                if not target.exists() or target.read_bytes() != fig.read_bytes():
                    fig.replace(target)
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
