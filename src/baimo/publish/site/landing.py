"""The landing page: findings first (from each notebook's "What we found" cell), a card per notebook,
where the public record contradicts the articles, and the articles themselves."""

from __future__ import annotations

import html
from pathlib import Path

from ...data import corpus, record
from ..notebooks.model import Notebook, baimo_meta, cell_outputs
from .pagekit import collection, page


def findings_of(ipynb: Path) -> list[dict]:
    """The findings a notebook's executed "What we found" cell recorded."""
    for outputs in cell_outputs(ipynb):
        for o in outputs:
            found = baimo_meta(o).get("findings")
            if found:
                return found
    return []


def landing(nbs: list[Notebook], ipynbs: dict[str, Path]):
    found = {nb.stem: findings_of(ipynbs[nb.stem]) for nb in nbs}
    top = []
    for nb in nbs:
        for f in found[nb.stem][:1 if nb.number == "00" else 2]:
            top.append(f'<li><b>{html.escape(f["en"])}</b> {html.escape(f["zh"])} '
                       f'<a href="notebooks/{nb.stem}.html#{html.escape(f["anchor"])}">→ {html.escape(nb.title)}</a> '
                       f'<span class="ids">{html.escape(", ".join(f["claims"]))}</span></li>')
    cards = []
    for nb in nbs:
        m = nb.meta
        first = found[nb.stem][0]["en"] if found[nb.stem] else ""
        card = f"figures/{nb.number}-card.png"
        img = f'<a href="notebooks/{nb.stem}.html"><img src="{card}" alt="{html.escape(first or nb.title)}" loading="lazy"></a>'
        cards.append(f'<div class="baimo-card"><h3><a href="notebooks/{nb.stem}.html">{html.escape(nb.title)}</a></h3>'
                     f'{img}<p class="finding">{html.escape(first)}</p><p>{html.escape(m.get("question", ""))}</p></div>')
    links = record.links()
    facts = record.public_record().set_index("fact_id")
    differs = [f'<li><b>{html.escape(r.claim_id)}</b>: {html.escape(r.explanation)} '
               f'<span class="ids">({html.escape(r.fact_id)}: {html.escape(facts.loc[r.fact_id].subject)})</span></li>'
               for r in links[links.status == "differs"].itertuples()]
    arts = corpus.articles()
    rows = "".join(f'<tr><td><a href="articles/{a.article_id}.html">{html.escape(a.article_id)}</a></td>'
                   f"<td>{html.escape(a.date)}</td><td>{html.escape(a.outlet)}</td><td>{html.escape(a.title_zh)}<br>"
                   f"<i>{html.escape(a.title_en)}</i></td></tr>" for a in arts.itertuples())
    c = collection()
    node = page(
        "百模 Baimo",
        "# 百模 Baimo: China's large-model race, claim by claim\n\n"
        f"{c['n_en'].capitalize()} Chinese-language articles ({c['span_en']}) on China's large-model industry, turned into "
        "hand-coded tables with a verbatim quote behind every number, coded twice, checked against the public "
        "record, and with every forecast scored against what happened next. Every chart point links to its claim, "
        "every claim to its sentence in the article. Everything here works offline.\n\n"
        f"{c['n_zh']}篇中文报道（{c['span_zh']}）中的数字、判断与预测，逐条编码、双人复核、逐条可溯源。",
        "## What we found · 主要发现", ("html", f'<ul class="baimo-findings">{"".join(top)}</ul>'),
        '## The notebooks · 笔记本 <a id="notebooks"></a>', ("html", '<div class="baimo-cards">' + "".join(cards) + "</div>"),
        "## Where the public record contradicts the articles · 与公开记录不符", ("html", f"<ul>{''.join(differs)}</ul>"
                                                                        '<p><a href="tables/reference.html">Every check '
                                                                        "of a claim against the record →</a></p>"),
        f"## The {c['n_en']} articles · {c['n_zh']}篇文章", ("html", "<div class=\"baimo-scroll\"><table class=\"baimo-data\"><thead><tr>"
                                                "<th>read 阅读</th><th>date</th><th>outlet</th><th>title</th></tr></thead>"
                                                f"<tbody>{rows}</tbody></table></div>"),
        "## Also here · 更多\n\n- [The data tables, codebook and downloads](tables/index.html)\n"
        "- [How far the coding can be trusted](tables/reliability.html)\n"
        "- [Teaching: plans, slides, handouts, a coding lab](teaching.html)\n- [Search every page](search.html)\n",
    )
    return node


def notebook_pages(nbs: list[Notebook], ipynbs: dict[str, Path]) -> dict[str, object]:
    """The pages that are drawn from the executed notebooks (the landing page)."""
    return {"index.html": landing(nbs, ipynbs)}
