"""The site's non-notebook pages, each built as a small notebook (:mod:`baimo.publish.pagekit`) and
rendered like the others: the landing page and one page per data table (plus the codebook and the
public record). The teaching pages are in :mod:`baimo.publish.teaching`."""

from __future__ import annotations

import html

from ..core import paths
from ..data import claims, corpus, record
from .notebook import Notebook
from .pagekit import page, table_html


def landing(nbs: list[Notebook]):
    cards = []
    for nb in nbs:
        m = nb.meta
        fig = m.get("key_figure")
        img = (f'<a href="notebooks/{nb.stem}.html"><img src="figures/{html.escape(fig)}" '
               f'alt="{html.escape(m.get("key_figure_alt", nb.title))}" loading="lazy"></a>') if fig else ""
        cards.append(
            f'<div class="baimo-card"><h3><a href="notebooks/{nb.stem}.html">{html.escape(nb.title)}</a></h3>'
            f'<p><b>{html.escape(m.get("question", ""))}</b></p>{img}<p>{html.escape(m.get("blurb", ""))}</p></div>'
        )
    arts = corpus.articles()[["article_id", "date", "outlet", "kind", "title_zh"]]
    return page(
        "百模 Baimo",
        "# 百模 Baimo: China's large-model race, claim by claim\n\n"
        "Five Chinese-language articles (Dec 2022 – May 2024) on China's large-model industry, turned into "
        "hand-coded tables with a verbatim quote behind every number, and into charts a class can argue over. "
        "Every page here works offline.\n\n"
        "五篇中文报道（2022年12月至2024年5月）中的数字与观点，逐条编码、逐条可溯源。",
        ("html", '<div class="baimo-cards">' + "".join(cards) + "</div>"),
        "## The five articles 五篇文章",
        ("html", table_html(arts)),
        "## Also here\n\n- [The data tables and codebook](tables/index.html)\n"
        "- [Teaching guide: goals, a 50-minute lesson, discussion questions](teaching.html)\n"
        "- [Printable handout, one page per thread](handout.html)\n",
    )


TABLE_BLURBS = {
    "compute": "GPUs, compute, money and people (notebook 01).",
    "lag": "Judgements of China's lag behind the US, numeric and ordinal (notebook 02).",
    "parameters": "Every parameter count mentioned (notebook 03).",
    "framing": "Frames, metaphors, predicted outcomes and stances on the 百模大战 (notebook 04).",
}


def table_pages() -> dict[str, object]:
    out = {}
    items = []
    for thread in claims.THREADS:
        df = claims.load(thread)
        cols = [c for c in claims.THREADS[thread]["columns"] if c != "note"] + ["note"]
        out[f"tables/{thread}.html"] = page(
            f"Table: {thread}",
            f"# `data/claims/{thread}.csv`\n\n{TABLE_BLURBS[thread]} {len(df)} rows. "
            f"Columns are defined in the [codebook](codebook.html). Download: "
            f"the CSV is in the repository at `data/claims/{thread}.csv`.",
            ("html", table_html(df, cols)),
        )
        items.append(f"- [{thread}]({thread}.html) — {TABLE_BLURBS[thread]} {len(df)} rows")
    ref = record.public_record()
    out["tables/reference.html"] = page(
        "Public record", "# Public record and claim checks\n\n`data/reference/public_record.csv` "
        "and `data/reference/links.csv`.", ("html", table_html(ref)), "## Links from claims to facts",
        ("html", table_html(record.links())))
    out["tables/codebook.html"] = page("Codebook", paths.CODEBOOK.read_text(encoding="utf-8"))
    out["tables/index.html"] = page(
        "Data tables", "# Data tables 数据表\n\n" + "\n".join(items)
        + "\n- [public record and checks](reference.html)\n- [codebook](codebook.html)\n")
    return out


def pages(nbs: list[Notebook]) -> dict[str, object]:
    """The landing page and the table pages, by path in the site."""
    return {"index.html": landing(nbs), **table_pages()}
