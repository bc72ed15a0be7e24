"""How tables appear in the notebooks: one helper for every table, one for every quote table.

Tables are returned as HTML (no index, left-aligned, every value escaped, inline styles, numbers
written for people, long ones folded in a ``<details>`` element) with an id derived from their
content, so executed notebooks are byte-identical across runs.
"""

from __future__ import annotations

import hashlib
import math
from html import escape

import pandas as pd

from ...data import corpus


#: Inline styles (not a <style> block): JupyterLab drops <style> from untrusted notebooks, and
#: GitHub's renderer drops it too, so the tables look the same wherever they are opened.
TABLE_STYLE = "border-collapse:collapse;font-size:0.9em"
CELL_STYLE = "text-align:left;vertical-align:top;padding:0.25em 0.6em;border-bottom:1px solid #ddd"


def cell_text(value) -> str:
    """A value as a person reads it: ``90000000.0`` → ``90,000,000``, ``0.0833`` → ``0.0833``, NaN → empty;
    lists joined with commas. Never scientific notation for the numbers in these tables."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        x = float(value)
        if math.isinf(x):
            return "∞" if x > 0 else "−∞"
        if x.is_integer():
            return f"{x:,.0f}"
        return f"{x:,.4g}" if abs(x) < 1e4 else f"{x:,.0f}"
    return str(value)


def table_html(df: pd.DataFrame) -> str:
    """``df`` as an HTML table: no index, every value escaped, inline styles, an id from its content."""
    df = df.reset_index(drop=True)
    uid = hashlib.sha1(df.to_csv(index=False).encode("utf-8")).hexdigest()[:10]
    head = "".join(f'<th style="{CELL_STYLE}">{escape(str(c))}</th>' for c in df.columns)
    rows = "".join("<tr>" + "".join(f'<td style="{CELL_STYLE}">{escape(cell_text(v))}</td>' for v in r) + "</tr>\n"
                   for r in df.itertuples(index=False))
    return (f'<table id="T_{uid}" style="{TABLE_STYLE}">\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{rows}</tbody>\n</table>")


#: A table with more text than this (characters in its cells) is folded too, however few its rows.
FOLD_CHARS = 2500


def table(df: pd.DataFrame, summary: str | None = None, fold_over: int = 8):
    """Show ``df``; longer than ``fold_over`` rows or :data:`FOLD_CHARS` characters, folded behind
    ``summary`` (click to open), so the charts and findings stay the page's spine."""
    from IPython.display import HTML

    html = table_html(df)
    chars = sum(len(cell_text(v)) for row in df.itertuples(index=False) for v in row)
    if len(df) <= fold_over and chars <= FOLD_CHARS:
        return HTML(html)
    summary = summary or f"{len(df)} rows (click to open)"
    return HTML(f"<details><summary>{escape(summary)}</summary>\n{html}\n</details>")


def quote_frame(claims: pd.DataFrame, keys: pd.DataFrame | None = None, key_col: str = "key",
                extra: list[str] | None = None) -> pd.DataFrame:
    """The quotes behind a chart, quote and gloss first: quote, quote_en, speaker (bilingual),
    ``extra`` columns, claim_id — and, where one mark stands for several claims, the mark's ``key``
    first (``keys`` has ``key_col`` and ``claim_ids``, a list per key; a key that only repeats the
    claim id is left out).
    """
    extra = [c for c in (extra or []) if c not in ("claim_id", "speaker", "quote", "quote_en")]
    if keys is None:
        t = claims.copy()
        t["speaker"] = t.speaker.map(corpus.speaker_label)
        return t[["quote", "quote_en", "speaker"] + extra + ["claim_id"]].reset_index(drop=True)
    by_id = claims.set_index("claim_id")
    rows = []
    for _, k in keys.iterrows():
        for cid in k["claim_ids"]:
            r = by_id.loc[cid]
            rows.append({"key": k[key_col], "quote": r.quote, "quote_en": r.quote_en,
                         "speaker": corpus.speaker_label(r.speaker), **{c: r[c] for c in extra}, "claim_id": cid})
    out = pd.DataFrame(rows)
    if len(out) and (out["key"] == out["claim_id"]).all():
        out = out.drop(columns="key")
    return out


def quotes(claims: pd.DataFrame, keys: pd.DataFrame | None = None, key_col: str = "key",
           extra: list[str] | None = None, fold_over: int = 8, summary: str | None = None):
    """The quote table under a chart (see :func:`quote_frame`), folded when long."""
    t = quote_frame(claims, keys, key_col, extra)
    return table(t, summary or f"The {len(t)} coded rows behind this chart (click to open)", fold_over)


def md(text: str):
    """A paragraph of prose written from the data, as Markdown: ``*emphasis*`` and `` `code` `` work, but
    any ``<``, ``>`` or ``&`` coming from a table is shown as text, never run as HTML."""
    from IPython.display import Markdown

    return Markdown(escape(text, quote=False))


def findings(items: list[dict]):
    """The "What we found · 主要发现" list at the top of a notebook: each item a plain sentence in
    English (``en``) and Chinese (``zh``), the chart or section it rests on (``anchor``: a figure's
    file name such as ``01-gpu-counts``) and the claims behind it (``claims``). Displayed with the
    findings in the output's metadata: the site shows the first ones on its landing page."""
    from IPython.display import Markdown, display

    lines = []
    for f in items:
        missing = [k for k in ("en", "zh", "anchor", "claims") if not f.get(k)]
        if missing:
            raise ValueError(f"a finding needs {missing}: {f}")
        ids = ", ".join(f["claims"])
        # data in a sentence is text, never HTML, and a dollar sign is never the start of a formula (an odd
        # number of "US$" in the bold part would otherwise pair with one after it and show the ** as text)
        en, zh = (escape(f[k], quote=False).replace("$", r"\$") for k in ("en", "zh"))
        lines.append(f"- **{en}** {zh} → [chart · 图](#{f['anchor']}) · {ids}")
    display(Markdown("\n".join(lines)), metadata={"baimo": {"findings": items}})


def next_frame(thread: str, p: pd.DataFrame | None = None) -> pd.DataFrame:
    """The forecasts resting on one thread's claims, verdicts first (came true … cannot be resolved),
    each with who said it, what happened and the outcome rows behind the verdict. ``p``: the
    predictions table, if the caller has it already."""
    from ...core import codebook
    from ...data import predictions

    p = predictions.load() if p is None else p
    t = p[p.thread == thread].copy()
    order = {v: i for i, v in enumerate(codebook.VERDICT.values)}
    t = t.assign(_o=t.verdict.map(order)).sort_values(["_o", "said_on", "prediction_id"])
    term = codebook.VERDICT.term
    return pd.DataFrame({
        "verdict": [f"{term(v).symbol} {term(v).en} {term(v).zh}" for v in t.verdict],
        "who": t.speaker.map(corpus.speaker_label).to_numpy(),
        "forecast": t.statement_en.to_numpy(),
        "what happened": t.reasoning.to_numpy(),
        "evidence": t.outcome_ids.fillna("").to_numpy(),
        "forecast id": t.prediction_id.to_numpy(),
    })


def what_happened_next(thread: str):
    """The "What happened next" section of a themed notebook: how many of the forecasts resting on its
    claims came true, did not, or cannot be scored yet, then each one with its evidence (folded)."""
    from IPython.display import Markdown, display

    from ...core import codebook

    from ...data import predictions

    p = predictions.load()
    t = next_frame(thread, p)
    verdicts = p.query("thread == @thread").verdict.value_counts()
    tally = " · ".join(f"{codebook.VERDICT.term(v).symbol} {verdicts[v]} {codebook.VERDICT.term(v).en}"
                       for v in codebook.VERDICT.values if v in verdicts)
    display(Markdown(
        f"**{len(t)} forecasts in the articles rest on this notebook's {thread} claims**: {tally}. Each was "
        "scored against a criterion written before the outcome was looked at, with the evidence in "
        "`data/reference/outcomes.csv`; [notebook 05](05-what-happened-next.ipynb) has the method, the scorecard "
        "and the measurements."))
    return table(t, f"The {len(t)} forecasts, each with its verdict and evidence (click to open)", fold_over=0)
