"""One searchable page per table (quote first), the public record and where it disagrees, the
reliability of the coding, the codebook and the index of tables; each built as a small notebook
(:mod:`.pagekit`) and rendered like the others."""

from __future__ import annotations

import html
from pathlib import Path

from ...core import codebook, paths, registry
from ...data import claims, corpus, outcomes, predictions, record, reliability
from . import htmlkit
from .htmlkit import verdict_html
from .pagekit import page


def blurb(thread: str) -> str:
    """What a thread's table holds, and its notebook (from the registry: ``data/threads.csv``)."""
    t = registry.thread(thread)
    return f"{t.contents} (notebook {t.notebook[:2]})."


#: The coded columns shown on each table page (after quote, gloss and speaker), and the filters.
SHOWN = {
    "compute": (["subject", "metric", "original", "value", "unit", "qualifier", "modality"], ["article_id", "speaker", "metric"]),
    "lag": (["dimension", "judgement", "trend", "original", "modality", "said_on"], ["article_id", "speaker", "dimension", "judgement"]),
    "parameters": (["model", "original", "value", "kind", "architecture", "modality"], ["article_id", "speaker", "kind"]),
    "framing": (["frame", "metaphor", "source_domain", "predicted_outcome", "stance_many_models", "winner"],
                ["article_id", "speaker", "frame", "predicted_outcome"]),
}


def context_html(article_id: str, claim_id: str, depth: int = 1) -> str:
    return f'<a href="{"../" * depth}articles/{html.escape(article_id)}.html#q-{html.escape(claim_id)}">in context 原文</a>'


def record_checks() -> dict[str, str]:
    """``{claim_id: html}``: the claim's public-record verdicts, one line per fact checked."""
    links = record.links()
    facts = record.public_record().set_index("fact_id")
    out: dict[str, list[str]] = {}
    for r in links.itertuples():
        f = facts.loc[r.fact_id]
        out.setdefault(r.claim_id, []).append(
            f'{verdict_html(r.status)} <span class="claim-fact">{html.escape(r.fact_id)}</span> '
            f'{html.escape(f.subject)}, {html.escape(f.quantity)}: {html.escape(f.value)}')
    return {c: "<br>".join(v) for c, v in out.items()}


def downloads_html(files: list[str], depth: int = 1) -> str:
    root = "../" * depth
    items = " · ".join(f'<a href="{root}{html.escape(f)}" download>{html.escape(Path(f).name)}</a>' for f in files)
    return f'<p class="downloads">Download 下载: {items} · <a href="{root}datapackage.json" download>datapackage.json</a></p>'


def claims_page(thread: str, checks: dict[str, str]):
    """A claims table's page; ``checks`` is :func:`record_checks` (worked out once for the four)."""
    df = claims.load(thread)
    shown, filters = SHOWN[thread]
    t = df.assign(speaker=df.speaker.map(corpus.speaker_label))
    t["record check 核对"] = [checks.get(c, "") for c in t.claim_id]
    t["in context"] = [context_html(a, c) for a, c in zip(t.article_id, t.claim_id)]
    cols = ["quote", "quote_en", "speaker", "article_id"] + shown + ["record check 核对", "in context", "claim_id", "note"]
    table = htmlkit.data_table(t[cols], f"t-{thread}", filters=tuple(filters), row_id="claim_id",
                               html_columns=("record check 核对", "in context"))
    node = page(f"Table: {thread}",
                f"# {thread} · `data/claims/{thread}.csv`\n\n{blurb(thread)} {len(df)} rows, each with its "
                f"verbatim quote; every column is defined in the [codebook](codebook.html). Search, filter by a "
                f"column, or sort by clicking a header; “in context” opens the sentence in its article.",
                ("html", downloads_html([f"data/claims/{thread}.csv"]) + table))
    node.metadata["baimo_own_ids"] = list(df.claim_id)
    return node


def predictions_page():
    df = predictions.load()
    t = df.assign(speaker=df.speaker.map(corpus.speaker_label))
    t["verdict 结果"] = [verdict_html(v) for v in df.verdict]
    t["in context"] = [context_html(a, c) for a, c in zip(df.article_id, df.prediction_id)]
    cols = ["quote", "statement_en", "speaker", "article_id", "said_on", "horizon", "criterion", "verdict 结果",
            "reasoning", "outcome_ids", "in context", "prediction_id", "thread", "kind"]
    table = htmlkit.data_table(t[cols], "t-predictions", filters=("article_id", "speaker", "thread", "kind"),
                               row_id="prediction_id", html_columns=("verdict 结果", "in context"))
    node = page("Table: predictions",
                f"# Forecasts and how they turned out · `data/claims/predictions.csv`\n\n{len(df)} forward-looking "
                f"statements. Each resolution criterion was written from the article alone, before outcomes were "
                f"looked at; the verdicts are as of {predictions.AS_OF} ([notebook 05](../notebooks/"
                f"05-what-happened-next.html)).", ("html", downloads_html(["data/claims/predictions.csv"]) + table))
    node.metadata["baimo_own_ids"] = list(df.prediction_id)
    return node


def outcomes_page():
    df = outcomes.load().drop(columns=["as_of_date"])
    t = df.assign(**{"check 核实": [codebook.CHECK.label(c) for c in df.check]})
    t["source"] = [htmlkit.linkify(x) for x in df.source]
    t["read at 阅读处"] = [htmlkit.linkify(x) for x in df.read_at]
    cols = ["outcome_id", "subject", "fact", "value", "unit", "as_of", "source", "read at 阅读处", "check 核实",
            "project_check", "relates_to", "confidence"]
    table = htmlkit.data_table(t[cols], "t-outcomes", filters=("check 核实", "confidence"), row_id="outcome_id",
                               html_columns=("source", "read at 阅读处"))
    node = page("Table: outcomes", "# What happened next · `data/reference/outcomes.csv`\n\nSourced facts about "
                "2024–2026 against which the forecasts are scored, each citing its publisher, with the page read when "
                "that was a copy (`read at`) and how far it was checked here.",
                ("html", downloads_html(["data/reference/outcomes.csv"]) + table))
    node.metadata["baimo_own_ids"] = list(df.outcome_id)
    return node


def reference_page():
    facts = record.public_record()
    links = record.links()
    by_fact = facts.set_index("fact_id")
    differs = links[links.status == "differs"]
    items = []
    for r in differs.itertuples():
        f = by_fact.loc[r.fact_id]
        items.append(f"<li>{verdict_html('differs')} <b>{html.escape(r.claim_id)}</b> vs <b>{html.escape(r.fact_id)}</b> "
                     f"({html.escape(f.subject)}): {html.escape(r.explanation)}</li>")
    t = facts.assign(**{"check 核实": [codebook.CHECK.label(c) for c in facts.check]})
    t["source"] = [htmlkit.linkify(x) for x in facts.source]
    t["read at 阅读处"] = [htmlkit.linkify(x) for x in facts.read_at]
    fact_table = htmlkit.data_table(t[["fact_id", "subject", "quantity", "value", "unit", "as_of", "source", "read at 阅读处",
                                       "check 核实", "project_check", "note"]], "t-facts", filters=("check 核实",),
                                    row_id="fact_id", html_columns=("source", "read at 阅读处"))
    lk = links.assign(verdict=[verdict_html(s) for s in links.status])
    link_table = htmlkit.data_table(lk[["claim_id", "fact_id", "verdict", "explanation"]], "t-links",
                                    html_columns=("verdict",))
    node = page("Public record", "# The public record, and where it disagrees with the articles\n\n"
                "`data/reference/public_record.csv` lists what public sources say about figures the articles use; "
                "each row cites its publisher, names the page read when that was a copy (`read at`), and says how far "
                "it was checked here. `links.csv` checks claims against "
                "facts: *agrees*, *contradicts* (a real contradiction: same thing, same time), *not comparable* "
                "(different quantity or date), *undisclosed*, *unverified*.",
                "## Where the record contradicts an article · 与文章不符之处",
                ("html", f"<ul>{''.join(items)}</ul>"), "## Facts · 事实", ("html", downloads_html(
                    ["data/reference/public_record.csv", "data/reference/links.csv"]) + fact_table),
                "## Claims checked · 核对", ("html", link_table))
    node.metadata["baimo_own_ids"] = list(facts.fact_id)
    return node


def reliability_page():
    import pandas as pd

    side = reliability.rounds()
    agreement = reliability.agreement(None)
    changes = pd.concat([reliability.changes(round=r).reset_index().assign(round=r)[
        lambda d: ["round", *[c for c in d.columns if c != "round"]]] for r in reliability.ROUNDS], ignore_index=True)
    adj = reliability.adjudication()
    t = adj.assign(table=adj.claim_id.map(reliability.table_of))
    return page("Reliability", "# How far the coding can be trusted · 编码信度\n\nEvery judgement was coded twice; the "
                "second coder worked blind, from the article, the row's quote and the codebook. Round 1 measured the "
                "first codebook on every row; round 2 measured the revised codebook (the clarifications R1–R7) on a "
                "fresh sample, with new blind coders. Krippendorff's α per field, before each round's adjudication "
                "(0.8 and above: reliable; 0.667–0.8: tentative conclusions only; below: not even those). A chart is "
                "flagged *Tentative* while a field it rests on is below 0.8 in its latest round. Method: the README "
                "and [notebook 00](../notebooks/00-corpus.html).",
                ("html", downloads_html(["data/reliability/agreement.csv", "data/reliability/codings.csv",
                                         "data/reliability/codings-round2.csv", "data/reliability/comments-round2.csv",
                                         "data/reliability/adjudication.csv"])
                 + htmlkit.data_table(side, "t-rounds")),
                "## Every round, with its interval · 各轮一致性", ("html", htmlkit.data_table(
                    agreement, "t-agreement", filters=("round",))),
                "## What adjudication changed", ("html", htmlkit.data_table(changes, "t-changes", filters=("round",))),
                "## Every decision · 每一项裁定", ("html", htmlkit.data_table(
                    t[["round", "claim_id", "table", "field", "first", "second", "final", "rule", "reason"]],
                    "t-adjudication", filters=("round", "table", "field", "rule"))))


def table_pages() -> dict[str, object]:
    checks = record_checks()
    out = {f"tables/{t}.html": claims_page(t, checks) for t in claims.threads()}
    out["tables/predictions.html"] = predictions_page()
    out["tables/outcomes.html"] = outcomes_page()
    out["tables/reference.html"] = reference_page()
    out["tables/reliability.html"] = reliability_page()
    out["tables/codebook.html"] = page("Codebook", paths.CODEBOOK.read_text(encoding="utf-8"))
    items = [f"- [{t}]({t}.html): {blurb(t)}" for t in claims.threads()]
    out["tables/index.html"] = page(
        "Data tables", "# Data tables 数据表\n\n" + "\n".join(items)
        + "\n- [forecasts and their verdicts](predictions.html) and [what happened next](outcomes.html)"
        + "\n- [the public record, and where it disagrees with the articles](reference.html)"
        + "\n- [how far the coding can be trusted](reliability.html)\n- [codebook](codebook.html)\n\n"
        "Every table downloads as CSV from its page; [datapackage.json](../datapackage.json) describes them all "
        "(a Frictionless Data Package: every field with its type, unit and allowed values).",
        ("html", downloads_html([t.table for t in registry.threads()])))
    return out
