"""House style for every chart: the bundled font, the rc settings, and drawing a finished chart.

* :func:`use_style` registers the bundled CJK font (Baimo Sans SC, a subset of Noto Sans CJK SC
  under the SIL OFL, shipped in the package: no system font, no download) and sets a
  projector-friendly, colour-blind-safe style (Okabe–Ito palette).
* :func:`render` draws a chart with its footer as PNG and SVG, byte-identical across rebuilds (fixed
  metadata, fixed SVG hash salt), after checking every text is legible where it will be shown. It reads
  no table: saving, tooltips, claim links, reliability flags and captions are the publishing layer's
  (:mod:`baimo.publish.notebooks.figures`).
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.transforms import Bbox
from matplotlib import font_manager

from .. import BaimoError
from ..core import codebook

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
    """Apply the house style; ``notebook`` (e.g. ``"01-compute-gaps"``) names the figures it saves
    (``01-…``)."""
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
        "svg.fonttype": "none",  # text stays text in the SVG (the site's web font draws it)
        "axes.titlesize": 16,
        "axes.titleweight": "normal",
        "axes.titlelocation": "left",
        "axes.labelsize": 13,
        "axes.labelcolor": codebook.INK,
        "axes.edgecolor": codebook.BACKGROUND,
        "grid.color": codebook.BACKGROUND,
        "text.color": codebook.INK,
        "xtick.labelsize": 12,
        "ytick.labelsize": 12,
        "xtick.color": codebook.INK,
        "ytick.color": codebook.INK,
        "legend.fontsize": 12,
        "figure.figsize": (10, 6),
    })
    if notebook is not None:
        m = re.fullmatch(r"(\d\d)-[a-z0-9-]+", notebook)
        if not m:
            raise BaimoError(f"notebook name {notebook!r} is not of the form 'NN-slug'")
        _state["prefix"] = m.group(1)


def figure_id(slug: str) -> str:
    """The figure's id, ``NN-slug`` (NN: the notebook given to :func:`use_style`)."""
    if _state["prefix"] is None:
        raise BaimoError("call baimo.charts.style.use_style('NN-notebook-name') before saving figures")
    if not re.fullmatch(r"[a-z0-9-]+", slug):
        raise BaimoError(f"figure slug {slug!r}: use lower-case letters, digits and hyphens")
    return f"{_state['prefix']}-{slug}"



#: Figures are shown at most this wide on a page (1280-px window); text must be ≥ MIN_TEXT_PX there.
DISPLAY_WIDTH_PX = 1000
MIN_TEXT_PX = 12


def render(fig, slug: str, footer: list[str], shown_at_px: int = DISPLAY_WIDTH_PX) -> tuple[bytes, str]:
    """Draw ``fig`` with ``footer`` (its source line and any flag) under it, as a PNG (bytes) and an SVG
    (text), deterministically: a palette PNG without a Software tag; an SVG with a fixed hash salt, no
    date, text as text. Nothing is written and no table is read: the caller decorates and saves.

    Every text must be at least 12 px tall where the figure is shown (at most ``shown_at_px`` wide:
    1,000 px on a notebook page, about 360 for a landing-page card): a smaller one raises, naming it.
    """
    import io

    fig.draw_without_rendering()  # the final layout, which the footer and the legibility check measure
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    scale = min(1.0, shown_at_px / (box.width * fig.dpi))
    _check_legible(fig, slug, scale, box.width * fig.dpi)
    renderer = fig.canvas.get_renderer()
    text = _footer(fig, footer, box, scale)
    # the saved area: everything measured above plus the footer ("tight" would draw the whole figure
    # again for each file just to measure it)
    foot = text.get_window_extent(renderer).transformed(fig.dpi_scale_trans.inverted())
    area = Bbox.union([box, foot]).padded(plt.rcParams["savefig.pad_inches"])
    out = {}
    for ext, meta in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
        buf = io.BytesIO()
        with plt.rc_context({"svg.hashsalt": SVG_SALT, "svg.fonttype": "none"}):
            fig.savefig(buf, format=ext, metadata=meta, bbox_inches=area)
        out[ext] = buf.getvalue()
    return _palette_png(out["png"]), out["svg"].decode("utf-8")


def close(fig) -> None:
    """Close a saved figure inside a kernel, so the inline backend does not show it a second time."""
    if _in_kernel():
        plt.close(fig)


def _footer(fig, lines: list[str], box, scale: float):
    """The source line (and any reliability flag) under everything else on the figure (``box``, in
    inches), in a size that stays legible where the figure is shown (``scale``)."""
    import matplotlib.transforms as mtransforms

    import textwrap

    size = max(12.0, (MIN_TEXT_PX + 0.5) / scale * 72 / fig.dpi)  # 12 pt: prints at ≥ 8 pt on a handout
    to_figure = fig.dpi_scale_trans + fig.transFigure.inverted()
    x, y = to_figure.transform((box.x0, box.y0))
    text = fig.text(x, y, "\n".join(lines), ha="left", va="top", fontsize=size, color=codebook.NEUTRAL,
                    linespacing=1.4, transform=mtransforms.offset_copy(fig.transFigure, fig=fig, y=-10, units="points"))
    # a footer never makes the figure wider than the chart: long lines wrap to its width
    width = text.get_window_extent(fig.canvas.get_renderer()).width / fig.dpi
    if width > box.width:
        chars = max(30, int(max(len(line) for line in lines) * box.width / width) - 2)
        text.set_text("\n".join(w for line in lines for w in textwrap.wrap(line, chars, subsequent_indent="  ")))
    return text


def _check_legible(fig, slug: str, scale: float, width_px: float) -> None:
    """Raise naming every text smaller than :data:`MIN_TEXT_PX` where the figure will be shown."""
    from matplotlib.text import Text

    hidden = set()  # tick labels of an axis that is switched off are never drawn (some versions keep them "visible")
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not ax.axison or not axis.get_visible():
                hidden |= {id(t) for t in axis.findobj(Text)}
    small = sorted({(round(t.get_fontsize() * fig.dpi / 72 * scale, 1), t.get_text()[:30])
                    for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and id(t) not in hidden
                    and t.get_fontsize() * fig.dpi / 72 * scale < MIN_TEXT_PX})
    if small:
        raise BaimoError(f"figure {slug}: text shown smaller than {MIN_TEXT_PX} px (figure {width_px:.0f} px wide, "
                         f"shown at {scale:.2f}×): " + "; ".join(f"{px} px {t!r}" for px, t in small[:6])
                         + (_widest(fig, hidden) if scale < 1 else ""))


def _widest(fig, hidden: set) -> str:
    """Why a figure is wider than where it is shown: the longest texts outside its axes (a long label)."""
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    inside = [ax.get_window_extent(renderer) for ax in fig.axes if ax.axison]
    wide = []
    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text().strip() and id(t) not in hidden:
            box = t.get_window_extent(renderer)
            if not any(a.x0 <= box.x0 and box.x1 <= a.x1 for a in inside):
                wide.append((box.width, t.get_text()))
    top = [t for _, t in sorted(wide, key=lambda w: -w[0])[:2]]
    return "; the figure is that wide because of its longest labels: " + "; ".join(repr(t) for t in top) if top else ""


def _palette_png(data: bytes) -> bytes:
    """A chart PNG re-encoded with a 256-colour palette: ~4x smaller, same look, deterministic."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        q = im.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    q.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None
