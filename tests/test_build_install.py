"""Every install path in the README: the wheel (``pip install .``) carries everything the build reads and
builds a project; the JupyterLab setting that opens ``notebooks/*.md`` as notebooks reaches every
environment (``./dev``, ``postBuild`` for Binder and conda, the wheel's data files); and a notebook
opened, run and autosaved in JupyterLab without an edit keeps every byte. (The lower bounds are tested
by ``.ci/lower-bounds``, which installs from PyPI: too slow for the suite; the README records its run.)"""

import asyncio
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, copy_data

SETTING = ".jupyter/lab/settings/overrides.json"


def _setuptools_new_enough() -> bool:
    try:
        import setuptools
    except ImportError:
        return False
    return int(setuptools.__version__.split(".")[0]) >= 77


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of this checkout, built from a copy (nothing written into the checkout)."""
    src = tmp_path_factory.mktemp("wheel") / "src"
    shutil.copytree(ROOT / "src", src / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for f in ("pyproject.toml", "README.md", "LICENSE", SETTING):
        (src / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f, src / f)
    # offline with the test extra's setuptools; otherwise pip fetches setuptools>=77 for an isolated build
    offline = ["--no-build-isolation"] if _setuptools_new_enough() else []
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", *offline, "-w", str(src / "dist"), str(src)],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
    return next((src / "dist").glob("baimo-*.whl"))


@pytest.mark.slow
def test_the_wheel_carries_every_file_of_the_package_and_the_jupyterlab_setting(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = {p.relative_to(ROOT / "src").as_posix() for p in (ROOT / "src/baimo").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert package - names == set(), "files of src/baimo the wheel leaves out"
    assert {n for n in names if n.endswith("share/jupyter/lab/settings/overrides.json")}


@pytest.mark.slow
def test_a_project_builds_with_the_wheel_installed(wheel, tmp_path):
    """``pip install .`` then ``baimo build``: the site (its static files, template, font) from the wheel alone."""
    from test_build import GOOD_A, nb

    target = tmp_path / "site-packages"
    res = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    proj = copy_data(tmp_path / "proj")
    nb(proj, "01-a.md", GOOD_A)
    env = {k: v for k, v in os.environ.items() if k not in ("BAIMO_ROOT", "PYTHONPATH")}
    res = subprocess.run([sys.executable, "-m", "baimo.cli", "build"], capture_output=True, text=True, cwd=proj,
                         env={**env, "PYTHONPATH": str(target)}, timeout=900)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "baimo code of" not in res.stderr  # the wheel's code is no checkout's: nothing to say
    for page in ("index.html", "notebooks/01-a.html", "tables/compute.html", "_static/baimo.css", "handout.html"):
        assert (proj / "_site" / page).exists(), page


def test_postbuild_gives_binder_and_conda_the_jupyterlab_setting(tmp_path):
    prefix = tmp_path / "env"
    env = {**os.environ, "NB_PYTHON_PREFIX": str(prefix), "BAIMO_NO_BROWSER": "1"}
    res = subprocess.run(["bash", str(ROOT / "postBuild")], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert res.returncode == 0, res.stdout + res.stderr
    installed = prefix / "share/jupyter/lab/settings/overrides.json"
    assert json.loads(installed.read_text(encoding="utf-8")) == json.loads((ROOT / SETTING).read_text(encoding="utf-8"))
    viewers = json.loads(installed.read_text(encoding="utf-8"))["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == "Jupytext Notebook"


def test_an_untouched_notebook_autosaved_by_jupyterlab_keeps_every_byte(tmp_path):
    """What JupyterLab does to a .md it opens as a notebook and runs: the kernel sets language_info, cells
    get execution metadata, ids and outputs; the autosave writes it back through jupytext. The file must
    not change (git would call it modified)."""
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
    from jupytext.async_contentsmanager import build_async_jupytext_contents_manager_class

    from baimo.publish.notebooks.model import notebooks

    shutil.copy2(ROOT / "jupytext.toml", tmp_path / "jupytext.toml")
    (tmp_path / "notebooks").mkdir()
    cm = build_async_jupytext_contents_manager_class(AsyncLargeFileManager)(root_dir=str(tmp_path))

    async def open_run_autosave(rel):
        model = await cm.get(rel, content=True, type="notebook")
        nb = model["content"]
        nb["metadata"]["language_info"] = {"name": "python", "version": sys.version.split()[0],
                                           "mimetype": "text/x-python", "file_extension": ".py"}
        nb["metadata"]["widgets"] = {}
        for i, cell in enumerate(nb["cells"]):
            cell["metadata"].update({"execution": {"iopub.status.busy": "2026-01-01T00:00:00Z"}, "scrolled": True,
                                     "trusted": True, "collapsed": False})
            cell.setdefault("id", f"cell-{i}")
            if cell["cell_type"] == "code":
                cell["outputs"], cell["execution_count"] = [{"output_type": "stream", "name": "stdout", "text": "x"}], i
        await cm.save(model, rel)

    for nb in notebooks():
        shutil.copy2(nb.source, tmp_path / "notebooks" / nb.source.name)
        asyncio.run(open_run_autosave(f"notebooks/{nb.source.name}"))
        assert (tmp_path / "notebooks" / nb.source.name).read_bytes() == nb.source.read_bytes(), nb.source.name
