"""House style for every chart: the bundled font, the rc settings, and the one figure-saving helper.

* :func:`use_style` registers the bundled CJK font (Baimo Sans SC, a subset of Noto Sans CJK SC
  under the SIL OFL, shipped in the package: no system font, no download) and sets a
  projector-friendly, colour-blind-safe style (Okabe–Ito palette).
* :func:`save_figure` writes ``figures/<NN>-<slug>.png`` (and ``.svg``), byte-identical across
  rebuilds: fixed metadata, fixed SVG hash salt, atomic replace.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.transforms import Bbox
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
        "svg.fonttype": "none",  # text stays text in the SVG (the site's web font draws it)
        "axes.titlesize": 16,
        "axes.titleweight": "normal",
        "axes.titlelocation": "left",
        "axes.labelsize": 13,
        "axes.labelcolor": codebook.INK,
        "axes.edgecolor": codebook.FAINT,
        "grid.color": codebook.FAINT,
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
        _state["count"] = 0


def figure_path(slug: str, ext: str = "png") -> Path:
    if _state["prefix"] is None:
        raise BaimoError("call baimo.charts.style.use_style('NN-notebook-name') before saving figures")
    if not re.fullmatch(r"[a-z0-9-]+", slug):
        raise BaimoError(f"figure slug {slug!r}: use lower-case letters, digits and hyphens")
    return paths.FIGURES / f"{_state['prefix']}-{slug}.{ext}"


#: Figures are shown at most this wide on a page (1280-px window); text must be ≥ MIN_TEXT_PX there.
DISPLAY_WIDTH_PX = 1000
MIN_TEXT_PX = 12
#: Fields whose inter-coder agreement is below this are flagged on every chart that rests on them.
TENTATIVE_ALPHA = 0.667


class SavedFigure(type(Path())):
    """The path of a saved figure. It shows nothing when it is a cell's last value: the chart and its
    caption are already displayed, and the path (a staging folder during a build) would otherwise be
    printed into the notebook and make it differ from build to build."""

    def _ipython_display_(self) -> None:
        return None


def save_figure(fig, slug: str, *, alt: str, source: str, caption: str = "", rests_on: tuple[str, ...] = (),
                shown_at_px: int = DISPLAY_WIDTH_PX, show: bool = True) -> SavedFigure:
    """Save ``fig`` as ``figures/NN-slug.png`` and ``.svg`` and show it with a numbered caption.

    * ``alt``: what the chart shows, in words (the data, not the title), for screen readers;
    * ``source``: the tables it is drawn from, printed under the chart ("Source · 来源: …");
    * ``rests_on``: the coded fields it depends on (``framing.winner``); any whose agreement between
      the two coders is below α = 0.667 is flagged on the chart and in the caption;
    * ``caption``: one or two sentences under "Figure NN-k ·".

    Every text must be at least 12 px tall where the figure is shown (at most ``shown_at_px`` wide:
    1,000 px on a notebook page, about 360 for a landing-page card): a smaller one raises, naming it. Output is deterministic (palette PNG without a Software tag; SVG with a
    fixed hash salt, no date, text as text); files are replaced only when their bytes change. Marks
    given a claim with :func:`baimo.charts.kit.link` become links in the SVG, with the quote as tooltip.
    In a notebook the saved PNG is displayed (the figure drawn once), then the caption.
    """
    paths.FIGURES.mkdir(parents=True, exist_ok=True)
    if show:  # figures not shown (a landing-page card) take no number
        _state["count"] = _state.get("count", 0) + 1
    number = f"{_state['prefix']}-{_state.get('count', 0)}"
    flags = tentative(rests_on)
    fig.draw_without_rendering()  # the final layout, which the footer and the legibility check measure
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    scale = min(1.0, shown_at_px / (box.width * fig.dpi))
    _check_legible(fig, slug, scale, box.width * fig.dpi)
    renderer = fig.canvas.get_renderer()
    footer = _footer(fig, source, flags, box, scale)
    # the saved area: everything measured above plus the footer ("tight" would draw the whole figure
    # again for each file just to measure it)
    foot = footer.get_window_extent(renderer).transformed(fig.dpi_scale_trans.inverted())
    area = Bbox.union([box, foot]).padded(plt.rcParams["savefig.pad_inches"])
    out = figure_path(slug, "png")
    for ext, meta in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
        target = figure_path(slug, ext)
        tmp = target.with_name(target.name + ".tmp")
        with plt.rc_context({"svg.hashsalt": SVG_SALT, "svg.fonttype": "none"}):
            fig.savefig(tmp, format=ext, metadata=meta, bbox_inches=area)
        if ext == "png":
            _palette_png(tmp)
        else:
            _svg_links(tmp)
        if target.exists() and target.read_bytes() == tmp.read_bytes():
            tmp.unlink()
        else:
            tmp.replace(target)
    if show and _in_kernel():
        from IPython.display import Image, Markdown, display

        meta = {"baimo": {"figure": out.stem, "number": number, "alt": alt}}
        display(Image(data=out.read_bytes(), format="png", alt=alt), metadata=meta)
        flag_text = "".join(f" ⚠ *Tentative:* {f}." for f in flags)
        text = html.escape(f"{caption} *Source:* {source}.{flag_text}", quote=False)  # text, never HTML
        display(Markdown(f"**Figure {number} ·** {text}".replace("  ", " ")),
                metadata={"baimo": {"caption": number}})
    if _in_kernel():
        plt.close(fig)  # shown above (or, for a card, not at all): the inline backend must not show it again
    return SavedFigure(out)


def tentative(fields) -> list[str]:
    """A sentence for each of ``fields`` (``table.field``) whose coders agreed below α = 0.667."""
    if not fields:
        return []
    from ..data import reliability

    agreement = reliability.agreement().set_index("field")
    out = []
    for f in fields:
        if f not in agreement.index:
            raise BaimoError(f"rests_on names {f!r}, which is not a double-coded field (data/reliability/agreement.csv)")
        a = agreement.loc[f, "alpha"]
        if a != a or a < TENTATIVE_ALPHA:  # NaN: too few units to tell
            shown = "not computable" if a != a else f"α = {a:.2f}"
            out.append(f"rests on {f}, where the two coders' agreement is low ({shown}; below {TENTATIVE_ALPHA})")
    return out


def _footer(fig, source: str, flags: list[str], box, scale: float):
    """The source line (and any reliability flag) under everything else on the figure (``box``, in
    inches), in a size that stays legible where the figure is shown (``scale``)."""
    import matplotlib.transforms as mtransforms

    size = max(12.0, (MIN_TEXT_PX + 0.5) / scale * 72 / fig.dpi)  # 12 pt: prints at ≥ 8 pt on a handout
    lines = [f"Source · 来源: {source}. Chart: Baimo."] + [f"⚠ Tentative · 信度偏低: {f}." for f in flags]
    to_figure = fig.dpi_scale_trans + fig.transFigure.inverted()
    x, y = to_figure.transform((box.x0, box.y0))
    return fig.text(x, y, "\n".join(lines), ha="left", va="top", fontsize=size, color=codebook.NEUTRAL,
                    linespacing=1.4, transform=mtransforms.offset_copy(fig.transFigure, fig=fig, y=-10, units="points"))


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
                         f"shown at {scale:.2f}×): " + "; ".join(f"{px} px {t!r}" for px, t in small[:6]))


def _svg_links(path: Path) -> None:
    """Give every linked mark in the SVG a tooltip (the claim's speaker, quote and gloss) and make the
    link open in the page, not inside the figure."""
    import html as html_
    import re as re_

    from .kit import claim_tooltips

    text = path.read_text(encoding="utf-8")
    ids = re_.findall(r'<a xlink:href="[^"#]*#([^"]+)"', text)
    if not ids:
        return
    tips = claim_tooltips(sorted(set(ids)))

    def add(m):
        cid = m.group(2)
        return f'{m.group(1)} target="_top"><title>{html_.escape(tips.get(cid, cid))}</title>'

    text = re_.sub(r'(<a xlink:href="[^"#]*#([^"]+)")(?: target="_blank")?>', add, text)
    path.write_text(text, encoding="utf-8")


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
