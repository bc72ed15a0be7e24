"""The static site (``_site/``), rendered with nbconvert and the ``baimo`` template.

Every page, the landing page and the table pages included, is a notebook rendered by the
same nbconvert exporter, so the site has one look and no hand-written HTML templating.
Nothing is loaded from the network: the CSS is local and the CJK web font is a WOFF subset
of the bundled font, cut to exactly the characters the site uses.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import re
import shutil
from functools import lru_cache
from pathlib import Path

import nbformat

from ... import BaimoError
from ...core import paths
from ..notebooks.model import Notebook
from . import htmlkit

# nbconvert validates the notebook after every preprocessor; with the default fastjsonschema
# backend each validation compiles a new validator (~0.05 s each, 8 s for the site).
os.environ.setdefault("NBFORMAT_VALIDATOR", "jsonschema")


TEMPLATES = Path(__file__).with_name("templates")


STATIC = Path(__file__).with_name("static")


@lru_cache(maxsize=1)
def exporter():
    from nbconvert import HTMLExporter

    from nbconvert.preprocessors import TagRemovePreprocessor

    exp = HTMLExporter(template_name="baimo", extra_template_basedirs=[str(TEMPLATES)])
    exp.register_preprocessor(TagRemovePreprocessor(remove_input_tags={"remove_input", "remove-input"},
                                                    remove_cell_tags={"remove_cell", "remove-cell"}), enabled=True)
    exp.exclude_input_prompt = True
    exp.exclude_output_prompt = True
    return exp


#: Header links after the home link ("百模 Baimo" → index.html).
LINKS = [
    {"href": "index.html#notebooks", "label": "Notebooks 笔记本"},
    {"href": "articles/index.html", "label": "Articles 原文"},
    {"href": "tables/index.html", "label": "Data 数据"},
    {"href": "teaching.html", "label": "Teaching 教学"},
    {"href": "search.html", "label": "Search 搜索"},
]


def _resources(depth: int) -> dict:
    root = "../" * depth
    return {"baimo_root": root, "baimo_static": root + "_static", "baimo_links": LINKS}


def _write(out: Path, node, depth: int, title: str) -> None:
    exp = exporter()
    body, _ = exp.from_notebook_node(node, resources={**_resources(depth), "metadata": {"name": title},
                                                      "baimo_lean": node.metadata.get("baimo_lean", False)})
    body = body.replace("\r\n", "\n")
    if node.metadata.get("baimo_toc"):
        body = re.sub(r"(</h1>)", lambda m: m.group(1) + htmlkit.toc(body), body, count=1)
    body = htmlkit.link_ids(body, depth, frozenset(node.metadata.get("baimo_own_ids", [])),
                            node.metadata.get("baimo_notebook"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(body, encoding="utf-8")


def _render_chunk(chunk, report: int | None = None) -> None:
    try:
        for job in chunk:
            _write(*job)
    except OSError as e:  # a forked worker: one line to the parent (which names the step), no traceback
        if report is None:
            raise
        report_error(report, e)


def report_error(fd: int, e: OSError) -> None:
    """In a forked worker: hand ``e`` to the parent through the pipe ``fd`` (:func:`raise_reported`), exit."""
    import json

    os.write(fd, (json.dumps([e.errno, e.strerror, e.filename]) + "\n").encode())
    os._exit(1)


def raise_reported(fd: int) -> None:
    """In the parent, after its workers ended: raise the first OSError a worker reported on ``fd``."""
    import json

    with os.fdopen(fd, encoding="utf-8") as f:
        first = f.readline()
    if first:
        errno_, strerror, filename = json.loads(first)
        raise OSError(errno_, strerror, filename)


def _render_all(jobs) -> None:
    """Render pages on every core (forked workers share the already-built exporter)."""
    exporter()
    workers = min(os.cpu_count() or 1, len(jobs))
    if workers < 2:
        _render_chunk(jobs)
        return
    chunks = [jobs[i::workers] for i in range(workers)]
    ctx = multiprocessing.get_context("fork")
    read, write = os.pipe()
    procs = [ctx.Process(target=_render_chunk, args=(c, write)) for c in chunks]
    for p in procs:
        p.start()
    os.close(write)
    for p in procs:
        p.join()
    raise_reported(read)
    failed = [p.exitcode for p in procs if p.exitcode != 0]
    if failed:
        raise BaimoError(f"page rendering failed in {len(failed)} worker(s); see the message above")


def notebook_page(nb: Notebook, nbs: list[Notebook], ipynb: Path | None = None, figures: list[Path] | None = None):
    """A notebook as its page: site navigation; each chart as an inline SVG whose marks link to their
    claims, with its numbered caption and full-size links; the findings as a box; a contents list; the
    notebook's own files and a link that runs it online."""
    node = nbformat.read(ipynb or nb.ipynb, as_version=4)
    first = True
    for cell in node.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("<!--NAVIGATION-->"):
            cell.source = nav_html(nbs, nbs.index(nb)) + (get_it_html(nb.stem) if first else "")
            first = False
        elif cell.cell_type == "markdown":
            cell.source = sibling_links(cell.source)
        if cell.cell_type == "code":
            cell.outputs = _reader_outputs(cell.outputs, figures or [paths.FIGURES])
    node.metadata["baimo_toc"] = True
    node.metadata["baimo_notebook"] = nb.stem
    return node


def nav_html(nbs: list[Notebook], i: int) -> str:
    """Previous · contents · next, as a navigation element (the notebook's own links, for the site)."""
    parts = []
    if i > 0:
        parts.append(f'<a rel="prev" href="{nbs[i - 1].stem}.html">&lt; {html.escape(nbs[i - 1].title)}</a>')
    parts.append('<a href="../index.html#notebooks">Contents 目录</a>')
    if i + 1 < len(nbs):
        parts.append(f'<a rel="next" href="{nbs[i + 1].stem}.html">{html.escape(nbs[i + 1].title)} &gt;</a>')
    return '<nav class="baimo-nbnav" aria-label="notebooks">' + " | ".join(parts) + "</nav>"


def get_it_html(stem: str) -> str:
    """The notebook's files and, where the repository is configured, a link that runs it online."""
    from .downloads import launch_url

    url = launch_url(stem)  # None until the repository's address is set (the build says so)
    run = f' · <a class="launch" href="{html.escape(url)}" rel="external noopener">run it online (Binder)</a>' if url else ""
    return (f'\n<p class="baimo-getit no-index no-print">This notebook: <a href="{stem}.ipynb" download>{stem}.ipynb</a> '
            f'(executed) · <a href="{stem}.md" download>{stem}.md</a> (its MyST source){run}. Both run in a checkout '
            "of the repository (README: Re-run).</p>")


def findings_html(items: list[dict]) -> str:
    """A notebook's findings as the site shows them (from the finding cell's record, not its markdown: a
    ``$`` in a finding is money, never mathematics): each sentence, its chart and its claims."""
    lis = "".join(f'<li><b>{html.escape(f["en"])}</b> {html.escape(f["zh"])} → <a href="#{html.escape(f["anchor"])}">'
                  f'chart · 图</a> · {html.escape(", ".join(f["claims"]))}</li>' for f in items)
    return f'<div class="baimo-findings"><ul>{lis}</ul></div>'


def sibling_links(text: str) -> str:
    """Links to another notebook (``05-what-happened-next.ipynb``, as they work in JupyterLab and on
    GitHub) pointed at its page on the site."""
    return re.sub(r"(\]\(|href=\")(\d\d-[a-z0-9-]+)\.ipynb([#)\"])", r"\1\2.html\3", text)


def lean_tables(html_text: str) -> str:
    """Notebook tables carry inline styles (so they look right in JupyterLab and on GitHub); on the site
    the stylesheet styles them (``table[id^=T_]``), which halves the weight of a table-heavy page."""
    from ..notebooks.view import CELL_STYLE, TABLE_STYLE

    return (html_text.replace(f' style="{CELL_STYLE}"', "").replace(f' style="{TABLE_STYLE}"', ' class="baimo-nbtable"'))


def _reader_outputs(outputs, figures: list[Path]) -> list:
    """Figures (PNG + caption outputs) become one HTML figure with the SVG inline; findings a box."""
    from nbconvert.filters import markdown2html

    out = []
    for o in outputs:
        meta = o.get("metadata", {}).get("baimo", {})
        if "caption" in meta and out and out[-1].get("metadata", {}).get("baimo_figure"):
            fig = out[-1]
            caption = markdown2html(o["data"]["text/markdown"]).strip().removeprefix("<p>").removesuffix("</p>")
            fig["data"]["text/html"] = fig["data"]["text/html"].replace("<!--CAPTION-->", caption)
            continue
        if "figure" in meta:
            slug = meta["figure"]
            svg = htmlkit.find_svg(slug, figures)
            if svg is not None:
                block = htmlkit.figure_block(slug, htmlkit.inline_svg(svg, slug), meta.get("alt", ""), "<!--CAPTION-->", 1)
                o = nbformat.v4.new_output("display_data", data={"text/html": block}, metadata={"baimo_figure": slug})
        elif "text/html" in o.get("data", {}):
            o["data"]["text/html"] = lean_tables(o["data"]["text/html"])
        elif "text/markdown" in o.get("data", {}):
            o["data"]["text/markdown"] = sibling_links(o["data"]["text/markdown"])
            if "findings" in meta:
                o = nbformat.v4.new_output("display_data", data={"text/html": findings_html(meta["findings"])})
        out.append(o)
    return out


def subset_font(site: Path) -> None:
    """Write ``_static/baimo-sans.woff``: the bundled font cut to the characters the site uses."""
    from ...charts.style import FONT_FILE
    from ..notebooks.svg import woff_subset

    chars = set()
    for f in site.rglob("*.html"):
        text = re.sub(r"<[^>]+>", " ", f.read_text(encoding="utf-8"))
        chars |= set(html.unescape(text))
    # the space too: without it browsers draw spaces in a fallback font, wider than the layout matplotlib made
    chars = "".join(sorted(c for c in chars if c == " " or ord(c) > 0x20))
    (site / "_static" / "baimo-sans.woff").write_bytes(woff_subset(FONT_FILE, chars))


def _lab_static() -> Path:
    from jupyter_core.paths import jupyter_path

    for d in jupyter_path("nbconvert", "templates", "lab", "static"):
        if (Path(d) / "index.css").exists():
            return Path(d)
    raise FileNotFoundError("nbconvert's lab template static files not found")


def page_weights(site: Path | None = None) -> list[dict]:
    """Bytes of each page plus every local asset it loads (src= and stylesheets, and the fonts and images
    those load); files it only links to (a full-size PNG, an SVG, a CSV) are not loaded and not counted."""
    site = site or paths.SITE
    out = []
    css_assets = {}
    for rel in sorted(site.rglob("*.html")):
        text = rel.read_text(encoding="utf-8")
        total = rel.stat().st_size
        assets = set()
        # what the page loads: src= and <link href=> (a link to a full-size PNG or an SVG is not loaded)
        for ref in re.findall(r"""(?:\ssrc=|<link\b[^>]*\shref=)["']([^"'#?]+)["']""", text):
            target = (rel.parent / ref).resolve()
            if target.suffix in (".png", ".svg", ".css", ".js", ".woff", ".woff2", ".jpg") and target.exists():
                assets.add(target)
        for css in [a for a in assets if a.suffix == ".css"]:
            if css not in css_assets:
                css_assets[css] = {(css.parent / u).resolve() for u in re.findall(r'url\("?([^")]+)"?\)', css.read_text())
                                   if not u.startswith("data:")}
            assets |= {a for a in css_assets[css] if a.exists()}
        total += sum(a.stat().st_size for a in assets)
        out.append({"page": rel.relative_to(site).as_posix(), "bytes": total, "assets": len(assets)})
    return out


def copy_assets(out: Path, figure_dirs: list[Path], skip: set[str] = frozenset()) -> None:
    """The site's stylesheets and scripts, JupyterLab's CSS and every figure (``figure_dirs``: later
    folders override earlier ones; ``skip``: figures no notebook makes now)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "_static").mkdir(exist_ok=True)
    for f in STATIC.iterdir():
        shutil.copyfile(f, out / "_static" / f.name)
    lab_static = _lab_static()
    for name in ("index.css", "theme-light.css"):
        shutil.copyfile(lab_static / name, out / "_static" / f"jupyterlab-{name}")
    (out / "figures").mkdir(exist_ok=True)
    for folder in figure_dirs:
        for f in sorted(Path(folder).glob("*")):
            if f.suffix in (".png", ".svg") and f.name not in skip:
                shutil.copyfile(f, out / "figures" / f.name)


def jobs(pages_by_path: dict, out: Path) -> list:
    """``{site-relative path: page}`` as render jobs (file, page, depth, title)."""
    return [(out / rel, node, rel.count("/"), node.metadata.get("title", rel)) for rel, node in pages_by_path.items()]


def render_all(jobs) -> None:
    """Render pages on every core (forked workers share the already-built exporter)."""
    _render_all(jobs)


def write_page(job) -> None:
    _write(*job)
