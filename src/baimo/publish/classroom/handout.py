"""The printable handout (one A4 page per thread), laid out for the lesson plans: the chart its questions
use, three claims (chosen first from those with a public-record check, each saying what the check
found), questions with room to write and an exit ticket. The forecasts' page prints each forecast's
criterion and a box to score it blind; the verdicts come on a separate answer strip, handed out after.

What a page holds is worked out once (:func:`handout_pages`): the renderer and the lesson-plan check
(:mod:`.plans`) read the same :class:`HandoutPage`."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ... import BaimoError
from ...core import codebook, paths, registry
from ...data import claims, corpus, outcomes, predictions, record
from ..notebooks.model import baimo_meta, cell_outputs
from ..notebooks.svg import smallest_text
from ..site import htmlkit
from .kit import discussion, plain, threads

#: The handout's chart prints at most this wide and tall (A4 with 12 mm margins, see print.css), and
#: no text in it may print smaller than MIN_PRINT_PT.
PRINT_WIDTH_MM, PRINT_HEIGHT_MM, MIN_PRINT_PT = 186.0, 120.0, 8.0
#: A chart that could print larger prints only as large as its smallest text needs to be this size (pt):
#: the page keeps its room for the claims and for writing.
COMFORT_PT = 8.5
#: How many answer strips the strip page holds (cut apart, one per group).
STRIPS_PER_PAGE = 5


@dataclass(frozen=True)
class HandoutPage:
    """One thread's handout page: what it prints."""
    nb: object  # the thread's Notebook
    figure: str | None  # the chart (``01-ratios``), None for a page without one
    claims: tuple[str, ...]  # claim or forecast ids, in order
    questions: tuple[dict, ...]  # discussion() items: n, question, note, id, figures
    forecasts: bool  # a forecasts page: criteria and blind scoring, verdicts on the answer strip

    @property
    def number(self) -> str:
        return self.nb.number

def handout_rows() -> dict:
    """Every claim and forecast by id (a row as a dict)."""
    rows = {}
    for t in claims.threads():
        rows.update({r["claim_id"]: r for r in claims.load(t).to_dict("records")})
    rows.update({r["prediction_id"]: r for r in predictions.load().to_dict("records")})
    return rows


def forecast_ids() -> set[str]:
    return set(predictions.load().prediction_id)


def handout_figure(nb) -> str | None:
    """The chart a notebook's handout page shows: ``baimo.handout_figure`` (``none``: no chart), else the
    first chart the registry says it saves (None if it saves none: the page is then text only)."""
    chosen = nb.meta.get("handout_figure")
    if chosen:
        return None if str(chosen) == "none" else str(chosen).removesuffix(".png")
    return next((f.figure for f in registry.figures_of(nb) if not f.card), None)


def handout_pages(nbs) -> list[HandoutPage]:
    """The handout's pages, one per thread, as the front matter chooses them (``handout_figure``,
    ``handout_claims``, ``handout_questions``; default: the first chart and the first two questions)."""
    forecasts = forecast_ids()
    out = []
    for nb in threads(nbs):
        m = nb.meta
        qs = {q["n"]: q for q in discussion(nb)}
        wanted = m.get("handout_questions", list(qs)[:2])
        missing = [n for n in wanted if n not in qs]
        if missing:
            raise BaimoError(f"{paths.rel(nb.source)}: baimo.handout_questions names question(s) {missing} "
                             f"that notebook {nb.number} does not have")
        chosen = tuple(qs[n] for n in wanted)
        picked = tuple(m.get("handout_claims", []))
        out.append(HandoutPage(nb, handout_figure(nb), picked, chosen,
                               bool(picked) and all(c in forecasts for c in picked)))
    return out


def printed_text_pt(svg: Path) -> float:
    """The smallest text of a figure, in points, when printed as large as the handout allows."""
    text = svg.read_text(encoding="utf-8")
    m = re.search(r'<svg[^>]*\bwidth="([\d.]+)pt"[^>]*\bheight="([\d.]+)pt"', text)
    smallest = smallest_text(text)
    if not m or not smallest:
        raise BaimoError(f"{paths.rel(svg)}: cannot read its size or its text sizes")
    width_pt, height_pt = float(m.group(1)), float(m.group(2))
    mm = 25.4 / 72
    scale = min(PRINT_WIDTH_MM / (width_pt * mm), PRINT_HEIGHT_MM / (height_pt * mm))
    return smallest * scale


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


# --------------------------------------------------------------------------- the evidence lines


def record_found() -> dict[str, str]:
    """``{claim_id: html}``: what the public-record check of a claim found — the one verdict
    (:func:`baimo.data.record.claim_verdict`) with the explanation of the link that decides it, and how
    many other facts were checked."""
    facts = record.public_record().set_index("fact_id")
    out = {}
    for cid, links in record.links().groupby("claim_id", sort=False):
        verdict = record.claim_verdict(links.status)
        r = links[links.status.isin(record.DECIDING[verdict])].iloc[0]
        f = facts.loc[r.fact_id]
        more = len(links) - 1
        also = f' <span class="fact">(+{more} other fact{"s" * (more > 1)} checked)</span>' if more else ""
        out[cid] = (f'{htmlkit.verdict_html(r.status)} <span class="fact">({html.escape(r.fact_id)}: '
                    f"{html.escape(f.subject)}, {html.escape(f.quantity)})</span> {html.escape(r.explanation)}{also}")
    return out


def _speaker_line(cid: str, r: dict) -> str:
    return (f'<p class="who"><b>{html.escape(corpus.speaker_label(r["speaker"]))}</b> '
            f'<span class="src">· {html.escape(r["article_id"])} · {html.escape(cid)}</span></p>'
            f'<p class="zh">「{html.escape(r["quote"])}」</p>'
            f'<p class="en">{html.escape(r.get("quote_en") or r.get("statement_en", ""))}</p>')


def claim_card(cid: str, rows: dict, found: dict) -> str:
    """A quoted claim with its speaker and what the public-record check found (or that there is none)."""
    line = found.get(cid) or ('<span class="verdict unverified">no public-record check:</span> the record '
                              "holds no figure this claim can be set against.")
    return f'<li class="claim">{_speaker_line(cid, rows[cid])}<p class="check"><b>Record check 核对:</b> {line}</p></li>'


def what_happened() -> dict[str, str]:
    """``{outcome_id: html}``: each outcome as the forecasts' page prints it (when, what, its id)."""
    return {r.outcome_id: f'<li><span class="src">{html.escape(r.outcome_id)} · {html.escape(str(r.as_of))}</span> '
                          f"{html.escape(r.fact)}</li>" for r in outcomes.load().itertuples()}


def forecast_card(cid: str, rows: dict, happened: dict) -> str:
    """A forecast with its criterion (written before the outcome was known), what happened next (the
    outcomes it was scored against, without the verdict) and a box to score it."""
    r = rows[cid]
    boxes = " ".join(f'<span class="box">☐ {html.escape(codebook.VERDICT.term(v).en)}</span>'
                     for v in codebook.VOCAB["verdict"])
    ids = predictions.split_ids(str(r.get("outcome_ids") or ""))
    events = ("".join(happened[o] for o in ids if o in happened) if ids else
              "<li>Nothing on record: no outcome was found that bears on it.</li>")
    return (f'<li class="claim">{_speaker_line(cid, r)}'
            f'<p class="check criterion"><b>Criterion 判定标准</b> (written before the outcome was known): '
            f'{html.escape(r["criterion"])}</p><p class="check"><b>What happened 后来:</b></p>'
            f'<ul class="happened">{events}</ul><p class="score"><b>Your score:</b> {boxes}</p></li>')


def answer_strip(page: HandoutPage, rows: dict) -> str:
    """The verdicts of a forecasts page, to hand out after the blind scoring (a separate page, cut apart)."""
    items = "".join(f'<li><b>{html.escape(c)}</b> ({html.escape(corpus.speaker_label(rows[c]["speaker"]))}): '
                    f'{htmlkit.verdict_html(rows[c]["verdict"])} {html.escape(rows[c]["reasoning"])}</li>'
                    for c in page.claims)
    one = (f'<div class="strip"><h3>Answer strip · 答案 — handout page {page.number}: the project\'s verdicts '
           f"(hand out after the blind scoring)</h3><ol>{items}</ol></div>")
    return (f'<section class="handout-page strips" id="handout-{page.number}-answers">'
            + one * STRIPS_PER_PAGE + "</section>")


# --------------------------------------------------------------------------- the page


def _chart(page: HandoutPage, ipynbs: dict | None, figure_dirs) -> str:
    if not page.figure:
        return ""
    if figure_dirs is False:  # the lesson-plan check: which chart, not the drawing (figures come with the build)
        return f'<figure class="handout-chart"><img src="figures/{html.escape(page.figure)}.png" alt=""></figure>'
    pt = printed_text_pt(_svg_of(page.figure, figure_dirs))
    if pt < MIN_PRINT_PT:
        raise BaimoError(f"{paths.rel(page.nb.source)}: the handout chart {page.figure} would print its smallest "
                         f"text at {pt:.1f} pt (under {MIN_PRINT_PT:g}): choose a smaller chart (baimo.handout_figure)")
    shrink = min(1.0, COMFORT_PT / pt)
    alt = figure_alt(page.nb, page.figure, (ipynbs or {}).get(page.nb.stem))
    return (f'<figure class="handout-chart"><img src="figures/{html.escape(page.figure)}.png" alt="{html.escape(alt)}" '
            f'style="width: {PRINT_WIDTH_MM * shrink:.1f}mm" data-figure="{html.escape(page.figure)}" '
            f'data-print-pt="{pt * shrink:.1f}"><figcaption>{html.escape(registry.figure_ids()[page.figure].cite())}</figcaption></figure>')


def page_html(page: HandoutPage, rows: dict, found: dict, happened: dict, ipynbs: dict | None = None, figure_dirs=None) -> str:
    missing = [c for c in page.claims if c not in rows]
    if missing:
        raise BaimoError(f"{paths.rel(page.nb.source)}: handout_claims names unknown claim(s) {missing}")
    nb = page.nb
    cards = "".join(forecast_card(c, rows, happened) if page.forecasts else claim_card(c, rows, found) for c in page.claims)
    what = ("Three forecasts · 三条预测: score each against its criterion, before you see the verdict"
            if page.forecasts else "Three claims · 三条引述, and what the public record says")
    room = "write-lines" + (" long" if len(page.questions) == 1 else "")  # one question: the room of two
    qs = "".join(f'<li id="handout-{q["id"]}"><b>{q["id"]}.</b> {html.escape(plain(q["question"]))}'
                 f'<div class="{room}"></div></li>' for q in page.questions)
    exit_ticket = ("Which forecast did your group score differently from the project? Was it the evidence or the "
                   "criterion?" if page.forecasts else
                   "Pick one claim above. Would you repeat it in an essay? Say what its record check found, "
                   "and how you would check it yourself.")
    return (f'<section class="handout-page" id="handout-{nb.number}"><h2>{html.escape(nb.title)}</h2>'
            f'<p class="q">{html.escape(nb.meta.get("question", ""))}</p>{_chart(page, ipynbs, figure_dirs)}'
            f'<h3>{what}</h3><ol class="claims">{cards}</ol>'
            f'<h3>Questions · 问题</h3><ol class="questions">{qs}</ol>'
            f'<p class="exit"><b>Exit ticket · 课堂小结.</b> {exit_ticket}</p><div class="write-lines short"></div>'
            "</section>")


def evidence() -> tuple[dict, dict]:
    """What the handout and the slides both print from the tables: (:func:`handout_rows`,
    :func:`record_found`), read once for both."""
    return handout_rows(), record_found()


def handout_html(nbs, ipynbs: dict | None = None, figure_dirs=None, read: tuple | None = None) -> str:
    """Every handout page, then the answer strips of the forecasts pages (``figure_dirs=False``: the
    charts named, not read or measured; ``read``: :func:`evidence`, if already read)."""
    (rows, found), happened = read or evidence(), what_happened()
    pages = handout_pages(nbs)
    body = "".join(page_html(p, rows, found, happened, ipynbs, figure_dirs) for p in pages)
    return body + "".join(answer_strip(p, rows) for p in pages if p.forecasts)
