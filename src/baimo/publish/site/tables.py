"""One searchable page per table (quote first), the public record and where it disagrees, the
reliability of the coding, the codebook and the index of tables; each built as a small notebook
(:mod:`.pagekit`) and rendered like the others."""

from __future__ import annotations

import html
import math
import re
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


def _num(x) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def values(df) -> tuple[list[str], list[float | None]]:
    """A claims table's numbers as a reader sees them, and the key each sorts by: the value where one
    was given, else a range as low–high sorted by its middle (几万: 20,000–90,000), else its one bound."""
    texts, keys = [], []
    for r in df.itertuples():
        v, lo, hi = _num(r.value), _num(getattr(r, "low", None)), _num(getattr(r, "high", None))
        if v is not None:
            texts.append(htmlkit.cell(v)), keys.append(v)
        elif lo is not None and hi is not None:
            texts.append(f"{htmlkit.cell(lo)}–{htmlkit.cell(hi)}"), keys.append((lo + hi) / 2)
        else:
            bound = lo if lo is not None else hi
            texts.append(htmlkit.cell(bound) if bound is not None else ""), keys.append(bound)
    return texts, keys


#: Columns a page makes from other tables, and what each is (for the note on how the CSV relates).
MADE_HERE = {
    "record check 核对": "the row's checks against the public record (from `links.csv` and `public_record.csv`)",
    "in context": "a link to the quote, highlighted in its article",
    "table": "the claims table the row is in (from its id)",
}
#: Columns a page shows under another name: ``{shown: (the CSV's column, how it is shown)}``.
RENAMED = {
    "verdict 结果": ("verdict", "as a badge with its symbol"),
    "read at 阅读处": ("read_at", "with its web address as a link"),
    "check 核实": ("check", "as its label"),
}
#: How a shown column differs from the CSV column of the same name.
SHOWN_AS = {
    "speaker": "by name, Chinese and English (the CSV has the Chinese name)",
    "source": "with its web address as a link",
}
#: How a claims table with ``low`` and ``high`` shows its numbers (:func:`values`).
RANGE_VALUE = {"value": "the number, or low–high where a range was said (the CSV's `value`, `low` and `high`); "
                        "sorts a range by its middle"}


def _inline(text: str) -> str:
    """A sentence written with `code` and *emphasis* as HTML (its text escaped)."""
    text = html.escape(text, quote=False)
    return re.sub(r"\*([^*]+)\*", r"<i>\1</i>", re.sub(r"`([^`]+)`", r"<code>\1</code>", text))


def csv_note(rows: htmlkit.RowsCsv, shown: list[str], shown_as: dict[str, str] | None = None) -> str:
    """How the table's columns relate to its CSV file's, and what "download these rows" saves (folded
    below its one-line summary); ``shown_as``: how this page shows a column, beyond :data:`SHOWN_AS`."""
    shown_as = {**SHOWN_AS, **(shown_as or {})}
    name = f"`{Path(rows.filename.replace('-rows.csv', '.csv')).name}`"
    as_csv = {RENAMED[c][0] if c in RENAMED else c: c for c in shown}
    in_csv = [c for c in rows.columns if c in as_csv]
    hidden = [c for c in rows.columns if c not in as_csv]
    made = [c for c in shown if c not in rows.columns and c not in RENAMED]
    summary = (f"The table shows {len(in_csv)} of the {len(rows.columns)} columns of {name}, the row's id first; "
               f"*Download these rows* saves the rows shown with all {len(rows.columns)}.")
    parts = ["Not shown here: " + ", ".join(f"`{c}`" for c in hidden) + "."] if hidden else []
    parts += [f"*{c}* is shown {shown_as[c]}." for c in in_csv if c in shown_as]
    parts += [f"*{c}* is the CSV's `{RENAMED[c][0]}`, {RENAMED[c][1]}." for c in shown if c in RENAMED]
    parts += [f"*{c}*: {MADE_HERE.get(c, 'made by this page')}." for c in made]
    parts.append(f"*Download these rows* saves the rows now shown (after searching and filtering, in the order "
                 f"shown) with all {len(rows.columns)} columns, exactly as {name} has them.")
    return (f'<details class="baimo-csvnote no-index"><summary>{_inline(summary)}</summary><p>'
            f'{_inline(" ".join(parts))}</p></details>')


def _table_page(title: str, intro: str, df, table_id: str, path: Path, key: str, cols: list[str],
                shown_as: dict[str, str] | None = None, **table_args):
    """A page of one table: its intro, downloads, the note on its CSV, the table; its rows' ids its own."""
    rows = htmlkit.RowsCsv(path, list(df[key]), key)
    table = htmlkit.data_table(df[cols], table_id, row_id=key, rows_csv=rows, **table_args)
    node = page(title, intro, ("html", downloads_html([paths.rel(path)]) + csv_note(rows, cols, shown_as) + table))
    node.metadata["baimo_own_ids"] = list(df[key])
    return node


def claims_page(thread: str, checks: dict[str, str]):
    """A claims table's page; ``checks`` is :func:`record_checks` (worked out once for the four)."""
    df = claims.load(thread)
    shown, filters = SHOWN[thread]
    t = df.assign(speaker=df.speaker.map(corpus.speaker_label))
    t["record check 核对"] = [checks.get(c, "") for c in t.claim_id]
    t["in context"] = [context_html(a, c) for a, c in zip(t.article_id, t.claim_id)]
    sort_keys = {}
    if "value" in shown:
        t["value"], sort_keys["value"] = values(df)
    cols = ["claim_id", "quote", "in context", "record check 核对", "quote_en", "speaker", "article_id"] + shown + ["note"]
    return _table_page(
        f"Table: {thread}", f"# {thread} · `data/claims/{thread}.csv`\n\n{blurb(thread)} {len(df)} rows, each with its "
        f"verbatim quote; every column is defined in the [codebook](codebook.html). Search, filter by a column, or "
        f"sort by clicking a header; “in context” opens the sentence in its article.", t, f"t-{thread}",
        paths.ROOT / registry.thread(thread).table, "claim_id", cols, filters=tuple(filters),
        html_columns=("record check 核对", "in context"), sort_keys=sort_keys, shown_as=RANGE_VALUE if sort_keys else None)


def predictions_page():
    df = predictions.load()
    t = df.assign(speaker=df.speaker.map(corpus.speaker_label))
    t["verdict 结果"] = [verdict_html(v) for v in df.verdict]
    t["in context"] = [context_html(a, c) for a, c in zip(df.article_id, df.prediction_id)]
    cols = ["prediction_id", "quote", "in context", "verdict 结果", "statement_en", "speaker", "article_id", "said_on",
            "horizon", "criterion", "reasoning", "outcome_ids", "thread", "kind"]
    return _table_page(
        "Table: predictions", f"# Forecasts and how they turned out · `data/claims/predictions.csv`\n\n{len(df)} "
        f"forward-looking statements. Each resolution criterion was written from the article alone, before outcomes "
        f"were looked at; the verdicts are as of {predictions.AS_OF} ([notebook 05](../notebooks/"
        f"05-what-happened-next.html)).", t, "t-predictions", predictions.PATH, "prediction_id", cols,
        filters=("article_id", "speaker", "thread", "kind"), html_columns=("verdict 结果", "in context"))


def outcomes_page():
    df = outcomes.load().drop(columns=["as_of_date"])
    t = df.assign(**{"check 核实": [codebook.CHECK.label(c) for c in df.check]})
    t["source"] = [htmlkit.linkify(x) for x in df.source]
    t["read at 阅读处"] = [htmlkit.linkify(x) for x in df.read_at]
    cols = ["outcome_id", "subject", "fact", "value", "unit", "as_of", "source", "read at 阅读处", "check 核实",
            "project_check", "relates_to", "confidence"]
    return _table_page(
        "Table: outcomes", "# What happened next · `data/reference/outcomes.csv`\n\nSourced facts about 2024–2026 "
        "against which the forecasts are scored, each citing its publisher, with the page read when that was a copy "
        "(`read at`) and how far it was checked here.", t, "t-outcomes", outcomes.PATH, "outcome_id", cols,
        filters=("check 核实", "confidence"), html_columns=("source", "read at 阅读处"))


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
    fact_cols = ["fact_id", "subject", "quantity", "value", "unit", "as_of", "source", "read at 阅读处", "check 核实",
                 "project_check", "note"]
    fact_rows = htmlkit.RowsCsv(record.PUBLIC_RECORD, list(facts.fact_id), "fact_id")
    fact_table = htmlkit.data_table(t[fact_cols], "t-facts", filters=("check 核实",), row_id="fact_id",
                                    html_columns=("source", "read at 阅读处"), rows_csv=fact_rows)
    lk = links.assign(verdict=[verdict_html(s) for s in links.status])
    link_rows = htmlkit.RowsCsv(record.LINKS)
    link_table = htmlkit.data_table(lk[["claim_id", "fact_id", "verdict", "explanation"]], "t-links",
                                    filters=("fact_id",), html_columns=("verdict",), rows_csv=link_rows)
    node = page("Public record", "# The public record, and where it disagrees with the articles\n\n"
                "`data/reference/public_record.csv` lists what public sources say about figures the articles use; "
                "each row cites its publisher, names the page read when that was a copy (`read at`), and says how far "
                "it was checked here. `links.csv` checks claims against "
                "facts: *agrees*, *contradicts* (a real contradiction: same thing, same time), *not comparable* "
                "(different quantity or date), *undisclosed*, *unverified*.",
                "## Where the record contradicts an article · 与文章不符之处",
                ("html", f"<ul>{''.join(items)}</ul>"), "## Facts · 事实",
                ("html", downloads_html(["data/reference/public_record.csv", "data/reference/links.csv"])
                 + csv_note(fact_rows, fact_cols) + fact_table), "## Claims checked · 核对",
                ("html", csv_note(link_rows, ["claim_id", "fact_id", "verdict", "explanation"]) + link_table))
    node.metadata["baimo_own_ids"] = list(facts.fact_id)
    return node


def dropped_html(adj) -> str:
    """Each row adjudication dropped, with its decision (the anchor every mention of it links to)."""
    first = adj[adj.final == htmlkit.DROPPED].drop_duplicates("claim_id")
    items = "".join(
        f'<li id="{htmlkit.drop_anchor(r.claim_id)}"><span class="claim-id dropped">{html.escape(r.claim_id)}</span> '
        f'({html.escape(r.table)}) <b>dropped · 已删除</b>: rule {html.escape(r.rule)}, {html.escape(r.reason)}</li>'
        for r in first.itertuples())
    return f'<ul class="baimo-dropped">{items}</ul>'


def reliability_page():
    import pandas as pd

    side = reliability.rounds()
    agreement = reliability.agreement(None)
    changes = pd.concat([reliability.changes(round=r).reset_index().assign(round=r)[
        lambda d: ["round", *[c for c in d.columns if c != "round"]]] for r in reliability.ROUNDS], ignore_index=True)
    adj = reliability.adjudication()
    t = adj.assign(table=adj.claim_id.map(reliability.table_of))
    cols = ["round", "claim_id", "table", "field", "first", "second", "final", "rule", "reason"]
    adj_rows = htmlkit.RowsCsv(reliability.ADJUDICATION)
    gone = set(t.claim_id[t.final == htmlkit.DROPPED])
    n_links = sum("|" in c for c in gone)  # a claim–fact check is adjudicated as "claim|fact"
    node = page("Reliability", "# How far the coding can be trusted · 编码信度\n\nEvery judgement was coded twice; the "
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
                f"## Rows dropped in adjudication · 裁定删除的行\n\n{len(gone) - n_links} coded rows and {n_links} "
                f"checks of a claim against the record were dropped (final `{htmlkit.DROPPED}`); no table has them now. "
                "Wherever a page mentions a dropped row, it links here.",
                ("html", dropped_html(t)),
                "## Every decision · 每一项裁定", ("html", csv_note(adj_rows, cols) + htmlkit.data_table(
                    t[cols], "t-adjudication", filters=("round", "table", "field", "rule"), rows_csv=adj_rows)))
    node.metadata["baimo_own_ids"] = sorted(gone)
    return node


def table_pages() -> dict[str, object]:
    checks = record_checks()
    out = {f"tables/{t}.html": claims_page(t, checks) for t in claims.threads()}
    out["tables/predictions.html"] = predictions_page()
    out["tables/outcomes.html"] = outcomes_page()
    out["tables/reference.html"] = reference_page()
    out["tables/reliability.html"] = reliability_page()
    out["tables/codebook.html"] = page("Codebook", htmlkit.md_document(paths.CODEBOOK.read_text(encoding="utf-8")))
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
