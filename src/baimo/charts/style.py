"""House style for every chart: the bundled font, the rc settings, and the one figure-saving helper.

* :func:`use_style` registers the bundled CJK font (Baimo Sans SC, a subset of Noto Sans CJK SC
  under the SIL OFL, shipped in the package: no system font, no download) and sets a
  projector-friendly, colour-blind-safe style (Okabe–Ito palette).
* :func:`save_figure` writes ``figures/<NN>-<slug>.png`` (and ``.svg``), byte-identical across
  rebuilds: fixed metadata, fixed SVG hash salt, atomic replace.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib import font_manager

from .. import BaimoError
from ..core import codebook, paths

FONT_FILE = Path(__file__).parents[1] / "fonts" / "BaimoSansSC-Regular.otf"
FONT_FAMILY = "Baimo Sans SC"

SVG_SALT = "baimo"
_state = {"prefix": None}


def register_font() -> str:
    """Register the bundled CJK font with matplotlib (idempotent) and return its family name."""
    if not FONT_FILE.exists():
        raise BaimoError(f"{FONT_FILE}: bundled font missing; reinstall the package")
    if FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(FONT_FILE))
    return FONT_FAMILY


def use_style(notebook: str | None = None) -> None:
    """Apply the house style; ``notebook`` (e.g. ``"01-compute-gaps"``) names the figures it saves."""
    import seaborn as sns

    family = register_font()
    sns.set_theme(style="whitegrid", context="talk", palette=codebook.OKABE_ITO)
    plt.rcParams.update({
        # Concrete families only; DejaVu Sans (bundled with matplotlib) catches symbols per glyph.
        "font.family": [family, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "text.parse_math": False,  # "US$ … US$" in a label must stay text, not become maths
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "savefig.bbox": "tight",
        "svg.hashsalt": SVG_SALT,
        "svg.fonttype": "path",
        "axes.titlesize": 17,
        "axes.titleweight": "normal",
        "axes.labelsize": 14,
        "xtick.labelsize": 12,
        "ytick.labelsize": 12,
        "legend.fontsize": 12,
        "figure.figsize": (11, 6),
    })
    if notebook is not None:
        m = re.fullmatch(r"(\d\d)-[a-z0-9-]+", notebook)
        if not m:
            raise BaimoError(f"notebook name {notebook!r} is not of the form 'NN-slug'")
        _state["prefix"] = m.group(1)


def figure_path(slug: str, ext: str = "png") -> Path:
    if _state["prefix"] is None:
        raise BaimoError("call baimo.charts.style.use_style('NN-notebook-name') before saving figures")
    if not re.fullmatch(r"[a-z0-9-]+", slug):
        raise BaimoError(f"figure slug {slug!r}: use lower-case letters, digits and hyphens")
    return paths.FIGURES / f"{_state['prefix']}-{slug}.{ext}"


def save_figure(fig, slug: str, svg: bool = False, show: bool = True) -> Path:
    """Save ``fig`` as ``figures/NN-slug.png`` (and ``.svg`` with ``svg=True``); return the PNG path.

    Output is deterministic: a 256-colour palette PNG without the Software tag, SVG without a
    date and with a fixed hash salt. Files are replaced atomically, and only when their bytes change.

    In a notebook (``show=True``) the saved PNG itself is displayed and the figure closed, so
    the page shows exactly the file in ``figures/`` and the chart is drawn once, not twice.
    """
    paths.FIGURES.mkdir(parents=True, exist_ok=True)
    out = figure_path(slug, "png")
    targets = [("png", {"Software": None})] + ([("svg", {"Date": None, "Creator": None})] if svg else [])
    with plt.rc_context({"svg.hashsalt": SVG_SALT}):
        for ext, meta in targets:
            target = figure_path(slug, ext)
            tmp = target.with_name(target.name + ".tmp")
            fig.savefig(tmp, format=ext, metadata=meta)
            if ext == "png":
                _palette_png(tmp)
            if target.exists() and target.read_bytes() == tmp.read_bytes():
                tmp.unlink()
            else:
                tmp.replace(target)
    if show and _in_kernel():
        from IPython.display import Image, display

        display(Image(data=out.read_bytes(), format="png", alt=_alt_text(fig, out)))
        plt.close(fig)
    return out


def _alt_text(fig, out: Path) -> str:
    """Alt text for the displayed chart: its file name and the titles on it."""
    titles = [fig._suptitle.get_text()] if getattr(fig, "_suptitle", None) else []
    titles += [ax.get_title(loc) for ax in fig.axes for loc in ("center", "left", "right") if ax.get_title(loc)]
    return f"Chart {out.stem}: " + " / ".join(dict.fromkeys(titles)) if titles else f"Chart {out.stem}"


def _palette_png(path: Path) -> None:
    """Re-encode a chart PNG with a 256-colour palette: ~4x smaller, same look, deterministic."""
    from PIL import Image

    with Image.open(path) as im:
        q = im.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    q.save(path, format="PNG", optimize=True)


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None
