"""Editing in JupyterLab loses nothing: saving a .md notebook keeps its front matter (and changes no
byte), the executed notebooks carry the kernel name JupyterLab writes, the Contents link resolves from
either folder, and tables keep their look in an untrusted notebook."""

import asyncio
import json
import shutil

import pandas as pd

from baimo.publish.notebooks import view
from baimo.core import paths
from baimo.publish.notebooks.model import KERNELSPEC, edited, notebooks


def jupyterlab_save(root, rel):
    """What JupyterLab's Ctrl+S does to a text notebook: the jupytext contents manager reads it as a
    notebook and writes it back (with the repository's jupytext.toml)."""
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
    from jupytext.async_contentsmanager import build_async_jupytext_contents_manager_class

    cm = build_async_jupytext_contents_manager_class(AsyncLargeFileManager)(root_dir=str(root))

    async def go():
        model = await cm.get(rel, content=True, type="notebook")
        await cm.save(model, rel)

    asyncio.run(go())


def test_saving_a_notebook_in_jupyterlab_keeps_its_front_matter(tmp_path):
    shutil.copy2(paths.ROOT / "jupytext.toml", tmp_path / "jupytext.toml")
    (tmp_path / "notebooks").mkdir()
    for nb in notebooks():
        shutil.copy2(nb.source, tmp_path / "notebooks" / nb.source.name)
        jupyterlab_save(tmp_path, f"notebooks/{nb.source.name}")
        saved = (tmp_path / "notebooks" / nb.source.name).read_text(encoding="utf-8")
        assert saved == nb.source.read_text(encoding="utf-8"), f"{nb.source.name} changed on save"


def test_without_the_repositorys_jupytext_settings_the_front_matter_would_be_lost(tmp_path):
    """Why jupytext.toml exists: the same save without it drops the baimo block (this test can fail)."""
    nb = notebooks()[1]
    (tmp_path / "notebooks").mkdir()
    shutil.copy2(nb.source, tmp_path / "notebooks" / nb.source.name)
    jupyterlab_save(tmp_path, f"notebooks/{nb.source.name}")
    assert "baimo:" not in (tmp_path / "notebooks" / nb.source.name).read_text(encoding="utf-8")


def test_executed_notebooks_carry_jupyterlabs_kernel_name_and_a_seal():
    for nb in notebooks():
        data = json.loads(nb.ipynb.read_text(encoding="utf-8"))
        assert data["metadata"]["kernelspec"] == KERNELSPEC
        assert data["metadata"]["baimo"]["cells_sha256"]
        assert not edited(nb)


def test_the_contents_link_resolves_from_the_notebooks_folder():
    assert (paths.NOTEBOOKS / "README.md").exists()
    for nb in notebooks():
        first = json.loads(nb.ipynb.read_text(encoding="utf-8"))["cells"][0]["source"]
        assert "[Contents 目录](README.md)" in "".join(first)  # relative to notebooks/, not the repo root


def test_jupyterlab_opens_markdown_notebooks_as_notebooks():
    settings = json.loads((paths.ROOT / ".jupyter/lab/settings/overrides.json").read_text(encoding="utf-8"))
    assert settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]["markdown"] == "Jupytext Notebook"


def test_tables_use_inline_styles_and_escape_every_value():
    html = view.table_html(pd.DataFrame({"quote": ["<script>alert(1)</script>"], "value": [90000000.0]}))
    assert "<style" not in html and "style=" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "90,000,000" in html and "e+07" not in html
