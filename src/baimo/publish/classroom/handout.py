"""The printable handout (``handout.html``, one A4 page per thread): a chart that prints legibly,
three claims with what the evidence says, questions with room to write, an exit ticket."""

from __future__ import annotations

import html
import re
from pathlib import Path

from ... import BaimoError
from ...core import paths
from ...data import claims, corpus, predictions
from ..notebooks.model import baimo_meta, cell_outputs
from ..site import htmlkit
from .kit import discussion, plain, threads


def claim_card(cid: str, rows: dict, checks: dict) -> str:
    """A quoted claim or forecast with its speaker, source and what the evidence says."""
    r = rows[cid]
    speaker = html.escape(corpus.speaker_label(r["speaker"]))
    gloss = r.get("quote_en") or r.get("statement_en", "")
    if cid.startswith("X-"):
        verdict = f'{htmlkit.verdict_html(r["verdict"])}: {html.escape(r["reasoning"])}'
    else:
        verdict = checks.get(cid) or '<span class="verdict unverified">no public-record check for this claim</span>'
    return (f'<li><b>{speaker}</b> <span class="src">({html.escape(r["article_id"])}, {html.escape(cid)})</span><br>'
            f'「{html.escape(r["quote"])}」<br><i>{html.escape(gloss)}</i><div class="check">{verdict}</div></li>')


def handout_rows() -> dict:
    rows = {}
    for t in claims.threads():
        rows.update({r["claim_id"]: r for r in claims.load(t).to_dict("records")})
    rows.update({r["prediction_id"]: r for r in predictions.load().to_dict("records")})
    return rows


def handout_figure(nb, ipynb: Path | None = None) -> str | None:
    """The chart a notebook's handout page shows: ``baimo.handout_figure``, else its first chart (None
    if it has none: the page is then text only)."""
    if nb.meta.get("handout_figure"):
        return str(nb.meta["handout_figure"]).removesuffix(".png")
    for outputs in cell_outputs(ipynb or nb.ipynb):
        for o in outputs:
            fig = baimo_meta(o).get("figure")
            if fig and not fig.endswith("-card"):
                return fig
    return None


#: The handout's chart prints at most this wide and tall (A4 with 10 mm margins; see baimo.css), and no
#: text in it may print smaller than MIN_PRINT_PT.
PRINT_WIDTH_MM, PRINT_HEIGHT_MM, MIN_PRINT_PT = 190.0, 118.0, 8.0


def printed_text_pt(svg: Path) -> float:
    """The smallest text of a figure, in points, when printed as large as the handout allows."""
    text = svg.read_text(encoding="utf-8")
    m = re.search(r'<svg[^>]*\bwidth="([\d.]+)pt"[^>]*\bheight="([\d.]+)pt"', text)
    sizes = [float(x) for x in re.findall(r"font-size:\s*([\d.]+)px", text)]
    if not m or not sizes:
        raise BaimoError(f"{paths.rel(svg)}: cannot read its size or its text sizes")
    width_pt, height_pt = float(m.group(1)), float(m.group(2))
    mm = 25.4 / 72
    scale = min(PRINT_WIDTH_MM / (width_pt * mm), PRINT_HEIGHT_MM / (height_pt * mm))
    return min(sizes) * scale


def figure_alt(nb, slug: str, ipynb: Path | None = None) -> str:
    """The alt text ``figures.save`` recorded for a figure of ``nb`` (its slug, if none was recorded)."""
    ipynb = ipynb or nb.ipynb
    for outputs in cell_outputs(ipynb) if ipynb.exists() else []:
        for o in outputs:
            meta = baimo_meta(o)
            if meta.get("figure") == slug and meta.get("alt"):
                return meta["alt"]
    return f"{nb.title}: chart {slug}"


def _svg_of(slug: str, figure_dirs) -> Path:
    found = htmlkit.find_svg(slug, figure_dirs or [paths.FIGURES])
    if found is None:
        raise BaimoError(f"figures/{slug}.svg: the handout's chart does not exist (baimo.handout_figure)")
    return found


def handout_html(nbs, ipynbs: dict | None = None, figure_dirs=None) -> str:
    from ..site.tables import record_checks

    rows, checks = handout_rows(), record_checks()
    out = []
    for nb in threads(nbs):
        m = nb.meta
        picked = m.get("handout_claims", [])
        missing = [c for c in picked if c not in rows]
        if missing:
            raise BaimoError(f"{paths.rel(nb.source)}: handout_claims names unknown claim(s) {missing}")
        qs = {q["n"]: q for q in discussion(nb)}
        chosen = [qs[n] for n in m.get("handout_questions", list(qs)[:2]) if n in qs]
        fig = handout_figure(nb, (ipynbs or {}).get(nb.stem))
        questions = "".join(f'<li><b>{nb.number}-Q{q["n"]}.</b> {html.escape(plain(q["question"]))}'
                            '<div class="write-lines"></div></li>' for q in chosen)
        chart = ""
        if fig:
            pt = printed_text_pt(_svg_of(fig, figure_dirs))
            if pt < MIN_PRINT_PT:
                raise BaimoError(f"{paths.rel(nb.source)}: the handout chart {fig} would print its smallest text at "
                                 f"{pt:.1f} pt (under {MIN_PRINT_PT:g}): choose a smaller chart (baimo.handout_figure)")
            alt = figure_alt(nb, fig, (ipynbs or {}).get(nb.stem))
            chart = (f'<img class="handout-chart" src="figures/{html.escape(fig)}.png" alt="{html.escape(alt)}" '
                     f'data-print-pt="{pt:.1f}">')
        out.append(
            f'<section class="baimo-handout-page" id="handout-{nb.number}"><h2>{html.escape(nb.title)}</h2>'
            f'<p class="q"><b>{html.escape(m.get("question", ""))}</b></p>{chart}'
            f'<h3>Three claims · 三条引述</h3><ol class="claims">{"".join(claim_card(c, rows, checks) for c in picked)}</ol>'
            f'<h3>Two questions · 两个问题</h3><ol class="questions">{questions}</ol>'
            '<p class="exit">Exit ticket · 课堂小结: pick one claim above. Would you repeat it in an essay? '
            'Say what the evidence line under it tells you, and how you would check it.<span class="write-lines short">'
            "</span></p></section>")
    return "".join(out)
