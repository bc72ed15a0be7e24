"""Decorating a chart's SVG, in one pass before it is written:

* every mark linked to a row (:func:`baimo.charts.kit.link`) gets that row's speaker, quote and gloss as
  its tooltip and opens the row in the page, not inside the figure;
* every linked mark smaller than a finger gets an invisible, larger hit area (:data:`TAP_PX` wide where
  the chart is shown at its narrowest, :func:`min_width`), drawn under the marks so a mark itself
  always wins where it is drawn;
* the characters the chart uses are embedded as a subset of the bundled font, so the SVG file draws its
  Chinese on a machine that has no Chinese font (the site strips it again: its pages carry the font).
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import os
import re

from ...core import paths, registry

_TIPS: dict = {}

#: The smallest chart text a reader is shown, in CSS px: a chart is never drawn narrower than this allows.
PHONE_TEXT_PX = 9
#: The smallest hit area of a linked mark at that narrowest width, in CSS px.
TAP_PX = 24
#: The embedded font's ``<style>`` element (the site's pages remove it: they load the same font).
FONT_STYLE_ID = "baimo-font"


def data_stamp(folders: tuple[str, ...] = ("claims", "reference")) -> tuple:
    """When each table under ``data/<folder>`` last changed (a cache key); by default the tables a
    tooltip can come from."""
    files = [f for d in folders for f in sorted((paths.DATA / d).glob("*.csv"))]
    return tuple((f.name, f.stat().st_mtime_ns) for f in files)


def _sources() -> list:
    """(does an id belong here, the table's loader, its id column, the tooltip text of a row)."""
    from ...data import claims, corpus, outcomes, predictions, record

    def said(r, gloss):  # a quoted row: its speaker, quote and English
        return f"{corpus.speaker_label(r.speaker)}: 「{r.quote}」 {gloss}"

    out = [(lambda i, p=claims.prefix(t): i.startswith(p + "-"), lambda t=t: claims.load(t), "claim_id",
            lambda r: said(r, r.quote_en)) for t in claims.threads()]
    forecasts = registry.thread("predictions").prefix + "-"
    return out + [
        (lambda i: i.startswith(forecasts), predictions.load, "prediction_id", lambda r: said(r, r.statement_en)),
        (lambda i: re.fullmatch(registry.REFERENCE_IDS["reference"], i), record.public_record, "fact_id",
         lambda r: f"public record · {r.subject}: {r.quantity} {r.value} {r.unit} ({r.as_of})"),
        (lambda i: re.fullmatch(registry.REFERENCE_IDS["outcomes"], i), outcomes.load, "outcome_id",
         lambda r: f"{r.subject}: {r.fact}"),
    ]


def tooltips(ids: list[str]) -> dict[str, str]:
    """``{id: "id · speaker: 「quote」 gloss"}`` for claims, forecasts, public-record facts and outcomes;
    each table is read once per process while the data are unchanged."""
    wanted, out = set(ids), {}
    stamp = data_stamp()
    for n, (belongs, load, key, text) in enumerate(_sources()):
        mine = {i for i in wanted if belongs(i)}
        if mine:
            if (n, stamp) not in _TIPS:
                _TIPS[(n, stamp)] = {getattr(r, key): f"{getattr(r, key)} · {text(r)}" for r in load().itertuples()}
            out.update({i: t for i, t in _TIPS[(n, stamp)].items() if i in mine})
    return out


# --------------------------------------------------------------------------- sizes


def _view_width(svg: str) -> float:
    m = re.search(r'<svg[^>]*\bviewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"', svg)
    return float(m.group(1)) if m else 0.0


def smallest_text(svg: str) -> float:
    """The smallest font size of the chart's text, in the SVG's own units (0 if it has no text)."""
    sizes = [float(s) for s in re.findall(r"<text\b[^>]*font-size:\s*([\d.]+)px", svg)]
    return min(sizes) if sizes else 0.0


def min_width(svg: str) -> float:
    """The narrowest width, in CSS px, at which the chart's smallest text is still :data:`PHONE_TEXT_PX`
    (a page shows it no narrower and lets it scroll sideways instead). 0 for a chart without text."""
    smallest = smallest_text(svg)
    return _view_width(svg) * PHONE_TEXT_PX / smallest if smallest else 0.0


# --------------------------------------------------------------------------- hit areas

_LINK = re.compile(r'<a xlink:href="([^"]*)" target="_top">\s*<title>([^<]*)</title>(.*?)</a>', re.S)


def _points(d: str) -> list[tuple[float, float]]:
    nums = [float(x) for x in re.findall(r"-?[\d.]+(?:e-?\d+)?", d)]
    return list(zip(nums[::2], nums[1::2]))


def _bbox(body: str, markers: dict) -> tuple[float, float, float, float] | None:
    """The box around a link's marks: paths (absolute coordinates) and markers placed with ``<use>``."""
    pts = [p for d in re.findall(r'<path[^>]*\bd="([^"]*)"', body) for p in _points(d)]
    for ref, x, y in re.findall(r'<use xlink:href="#([^"]+)" x="([-\d.]+)" y="([-\d.]+)"', body):
        pts += [(float(x) + dx, float(y) + dy) for dx, dy in markers.get(ref, [(0.0, 0.0)])]
    for attrs, content in re.findall(r"<text\b([^>]*)>([^<]*)</text>", body):
        pts += _text_box(attrs, html.unescape(content))
    if not pts:
        return None
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def _text_box(attrs: str, content: str) -> list[tuple[float, float]]:
    """Two corners of a linked label, estimated from its size and characters (a Han character is as wide
    as the font is high, others about half): enough to give it a hit area."""
    size = re.search(r"font-size:\s*([\d.]+)px", attrs)
    at = re.search(r'\bx="([-\d.]+)" y="([-\d.]+)"', attrs) or re.search(r"translate\(([-\d.]+) ([-\d.]+)\)", attrs)
    if not (size and at):
        return []
    fs, x, y = float(size.group(1)), float(at.group(1)), float(at.group(2))
    width = sum(fs if ord(c) > 0x2E80 else 0.55 * fs for c in content)
    anchor = re.search(r"text-anchor:\s*(middle|end)", attrs)
    x -= width / 2 if anchor and anchor.group(1) == "middle" else width if anchor else 0
    return [(x, y - 0.8 * fs), (x + width, y + 0.2 * fs)]


def _halo(m: re.Match, markers: dict, side: float) -> str:
    """An invisible link to the mark's row around it (no tooltip of its own: the mark has it)."""
    box = _bbox(m.group(3), markers)
    if box is None or (box[2] - box[0] >= side and box[3] - box[1] >= side):
        return ""
    w, h = max(box[2] - box[0], side), max(box[3] - box[1], side)
    x, y = (box[0] + box[2] - w) / 2, (box[1] + box[3] - h) / 2
    return (f'<a xlink:href="{m.group(1)}" target="_top" class="baimo-hit" aria-hidden="true" tabindex="-1">'
            f'<rect x="{x:.3f}" y="{y:.3f}" width="{w:.3f}" height="{h:.3f}" fill="none" pointer-events="all"/></a>\n')


def add_hit_areas(svg: str) -> str:
    """Before each run of linked marks, an invisible hit area for every mark in it smaller than
    :data:`TAP_PX` at :func:`min_width` (under the run, so a drawn mark is always what is tapped)."""
    narrowest = min_width(svg)
    if not narrowest:
        return svg
    side = TAP_PX * _view_width(svg) / narrowest
    markers = {i: _points(d) for i, d in re.findall(r'<path id="([^"]+)" d="([^"]*)"', svg)}
    out, last = [], 0
    links = list(_LINK.finditer(svg))
    for n, m in enumerate(links):
        starts_run = n == 0 or svg[links[n - 1].end():m.start()].strip() != ""
        if not starts_run:
            continue
        run = [m]
        while n + len(run) < len(links) and svg[run[-1].end():links[n + len(run)].start()].strip() == "":
            run.append(links[n + len(run)])
        out += [svg[last:m.start()], *(_halo(r, markers, side) for r in run)]
        last = m.start()
    return "".join(out) + svg[last:]


# --------------------------------------------------------------------------- the font


_CMAPS: dict = {}


def _cmap(font_file) -> set[int]:
    if font_file not in _CMAPS:
        from fontTools.ttLib import TTFont

        _CMAPS[font_file] = set(TTFont(str(font_file), lazy=True).getBestCmap())
    return _CMAPS[font_file]


def woff_subset(font_file, chars: str) -> bytes:
    """``font_file`` cut to ``chars``, as WOFF (zlib: about 10% larger than WOFF2 here, and 8x faster to
    make; no hinting, kerning kept); the same characters give the same bytes (no timestamp), cached in
    the build state. The charts' embedded fonts and the site's font are both made here."""
    import logging

    from fontTools import subset

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # (tables it leaves out, e.g. FFTM)
    key = hashlib.sha256((chars + font_file.name).encode()).hexdigest()[:16]
    cached = paths.BUILD_STATE / "svg-fonts" / f"{key}.woff"
    if cached.exists():
        return cached.read_bytes()
    opts = subset.Options()
    opts.flavor, opts.layout_features, opts.hinting = "woff", ["kern"], False
    font = subset.load_font(str(font_file), opts)
    sub = subset.Subsetter(opts)
    sub.populate(text=chars)
    sub.subset(font)
    buf = io.BytesIO()
    subset.save_font(font, buf, opts)
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_name(f"{key}.{os.getpid()}.tmp")  # kernels run side by side: write, then rename
    tmp.write_bytes(buf.getvalue())
    tmp.replace(cached)
    return buf.getvalue()


def font_style(svg: str) -> str:
    """A ``<style>`` with the fonts the chart's text is drawn in, cut to its characters, as data URIs: the
    bundled font, and for the few characters it lacks (α) matplotlib's DejaVu Sans, the fallback the
    chart names after it."""
    from pathlib import Path

    import matplotlib

    from ...charts.style import FONT_FAMILY, FONT_FILE

    chars = set(html.unescape("".join(re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)))) | {" "}
    fallback = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    rest = "".join(sorted(c for c in chars if ord(c) not in _cmap(FONT_FILE)))
    faces = [(FONT_FAMILY, woff_subset(FONT_FILE, "".join(sorted(chars))))]
    if rest.strip():
        faces.append(("DejaVu Sans", woff_subset(fallback, rest)))
    rules = " ".join(f'@font-face {{ font-family: "{family}"; src: url(data:font/woff;base64,'
                     f'{base64.b64encode(data).decode("ascii")}) format("woff"); }}' for family, data in faces)
    return f'<style type="text/css" id="{FONT_STYLE_ID}">{rules}</style>'


def strip_font(svg: str) -> str:
    """The SVG without its embedded font (for a page that loads the same font itself)."""
    return re.sub(rf'<style type="text/css" id="{FONT_STYLE_ID}">.*?</style>\s*', "", svg, flags=re.S)


# --------------------------------------------------------------------------- the one pass


def decorate(svg: str) -> str:
    """The SVG with a tooltip on every linked mark, each link opening in the page (``target="_top"``),
    hit areas for small linked marks and its characters' font embedded."""
    ids = re.findall(r'<a xlink:href="[^"#]*#([^"]+)"', svg)
    if ids:
        tips = tooltips(sorted(set(ids)))

        def add(m):
            cid = m.group(2)
            return f'{m.group(1)} target="_top"><title>{html.escape(tips.get(cid, cid))}</title>'

        svg = re.sub(r'(<a xlink:href="[^"#]*#([^"]+)")(?: target="_blank")?>', add, svg)
        svg = add_hit_areas(svg)
    style = font_style(svg)
    if "<defs>" in svg:
        return svg.replace("<defs>", "<defs>\n  " + style, 1)
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + "<defs>" + style + "</defs>", svg, count=1)
