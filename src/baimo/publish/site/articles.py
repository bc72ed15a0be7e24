"""The article reader: each cleaned article as a page, speaker by speaker, with every coded quote
highlighted where it was found and linked back to its rows.

A quote's place is the span the validator found for it (whitespace-insensitive); where spans overlap,
the text is cut at every boundary and each piece is marked with all the claims that cover it. Each
claim gets an anchor (``#q-<claim_id>``) at the start of its quote, so a row's "in context" link lands
on the highlighted sentence; each highlighted piece ends with links to its rows.
"""

from __future__ import annotations

import html
import re

from ...core import registry
from ...data import claims, corpus, predictions
from ...text import turns
from . import htmlkit
from .pagekit import collection, page

md = htmlkit.md_text


def coded_quotes() -> list[tuple[str, str, str, str]]:
    """``(article_id, quote, id, table)`` of every coded quote: the claims tables and the forecasts."""
    out = []
    for thread in claims.threads():
        out += [(r.article_id, r.quote, r.claim_id, thread) for r in claims.load(thread).itertuples()]
    return out + [(r.article_id, r.quote, r.prediction_id, "predictions") for r in predictions.load().itertuples()]


def coded_spans(article_id: str, text: str, quotes) -> list[tuple[int, int, str, str]]:
    """``(start, end, id, table)`` of every coded quote of an article (from :func:`coded_quotes`), in text order."""
    out = []
    for a, quote, cid, table in quotes:
        span = turns.quote_span(quote, text) if a == article_id else None
        if span:
            out.append((span[0], span[1], cid, table))
    return sorted(out)


def pieces(text: str, spans) -> list[tuple[int, int, list[tuple[str, str]]]]:
    """The text cut at every span boundary: ``(start, end, [(id, table), …])`` with the spans covering it."""
    cuts = sorted({0, len(text)} | {s for s, _, _, _ in spans} | {e for _, e, _, _ in spans})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [(cid, t) for s, e, cid, t in spans if s <= a and b <= e]
        out.append((a, b, covering))
    return out


def article_html(article_id: str, quotes) -> str:
    text = corpus.clean_text(article_id)
    spans = coded_spans(article_id, text, quotes)
    starts = {}
    for s, _, cid, _ in spans:
        starts.setdefault(s, []).append(cid)
    out, rows = ['<div class="baimo-article">', "<p>"], htmlkit.row_sets()
    for a, b, covering in pieces(text, spans):
        for cid in starts.get(a, []):
            out.append(f'<a id="q-{html.escape(cid)}"></a>')
        chunk = html.escape(text[a:b]).replace("\n\n", "</p>\n<p>").replace("\n", "<br>\n")
        if covering:
            ids = " ".join(c for c, _ in covering)
            # after the passage, a link per id to its row, shown as the id's letter (the legend explains them)
            tags = "".join(f'<sup><a href="{html.escape(htmlkit.id_url(c, 1, rows))}" title="{html.escape(c)}">'
                           f"{c[0]}</a></sup>" for c, _ in covering if _ends(c, b, spans))
            out.append(f'<mark class="q" data-ids="{html.escape(ids)}">{chunk}</mark>{tags}')
        else:
            out.append(chunk)
    out.append("</p></div>")
    numbers = iter(range(1, 1_000_000))
    return re.sub(r"<p>", lambda m: f'<p id="p-{next(numbers)}">', "".join(out))  # a place search can link to


def _ends(cid: str, end: int, spans) -> bool:
    return any(c == cid and e == end for _, e, c, _ in spans)


def pages() -> dict[str, object]:
    arts = corpus.articles()
    quotes = coded_quotes()  # every table read once, not once per article
    out = {}
    legend = " ".join(f"<span><b>{t.prefix}</b> {t.reader_legend}</span>" for t in registry.threads())
    for a in arts.itertuples():
        out[f"articles/{a.article_id}.html"] = page(
            f"Article: {a.article_id}",
            f"# {md(a.title_zh)}\n\n*{md(a.title_en)}* — {md(a.outlet)}, {md(a.date)} (`{a.article_id}`; dating: "
            f"{md(a.date_note)})\n\n"
            "The cleaned text (`data/processed/clean/`), speaker by speaker. Highlighted: every passage coded in the "
            "tables; the letters after it link to its rows.",
            ("html", f'<p class="legend">{legend}</p>' + article_html(a.article_id, quotes)))
    items = "\n".join(f"- [{md(a.title_zh)}]({a.article_id}.html) — {md(a.outlet)}, {md(a.date)}" for a in arts.itertuples())
    c = collection()
    out["articles/index.html"] = page("Articles", f"# The {c['n_en']} articles · {c['n_zh']}篇原文\n\n" + items)
    return out
