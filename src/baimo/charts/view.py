"""How tables appear in the notebooks: one helper for every table, one for every quote table.

Tables are returned as HTML (no index, left-aligned, long ones folded in a ``<details>``
element) with an id derived from their content, so executed notebooks are byte-identical
across runs (a pandas Styler's default id is random, and its text form names a memory address).
"""

from __future__ import annotations

import hashlib

import pandas as pd

from ..data import corpus


def table(df: pd.DataFrame, summary: str | None = None, fold_over: int = 25):
    """Show ``df``; longer than ``fold_over`` rows, folded behind ``summary`` (click to open)."""
    from IPython.display import HTML

    df = df.reset_index(drop=True)
    uid = hashlib.sha1(df.to_csv(index=False).encode("utf-8")).hexdigest()[:10]
    html = (df.style.hide(axis="index").set_uuid(uid)
            .set_properties(**{"text-align": "left", "vertical-align": "top"})
            .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}])
            .to_html())
    if len(df) <= fold_over:
        return HTML(html)
    summary = summary or f"{len(df)} rows (click to open)"
    return HTML(f"<details><summary>{summary}</summary>\n{html}\n</details>")


def quote_frame(claims: pd.DataFrame, keys: pd.DataFrame | None = None, key_col: str = "key",
                extra: list[str] | None = None) -> pd.DataFrame:
    """The quotes behind a chart: [key,] claim_id, bilingual speaker, ``extra`` columns, quote, quote_en.

    ``keys`` (optional) has ``key_col`` and ``claim_ids`` (a list per key), for charts where one
    mark stands for several claims; without it each row of ``claims`` is its own entry.
    """
    extra = [c for c in (extra or []) if c not in ("claim_id", "speaker")]
    if keys is None:
        t = claims.copy()
        t["speaker"] = t.speaker.map(corpus.speaker_label)
        return t[["claim_id", "speaker"] + extra + ["quote", "quote_en"]].reset_index(drop=True)
    by_id = claims.set_index("claim_id")
    rows = []
    for _, k in keys.iterrows():
        for cid in k["claim_ids"]:
            r = by_id.loc[cid]
            rows.append({"key": k[key_col], "claim_id": cid, "speaker": corpus.speaker_label(r.speaker),
                         **{c: r[c] for c in extra}, "quote": r.quote, "quote_en": r.quote_en})
    return pd.DataFrame(rows)


def quotes(claims: pd.DataFrame, keys: pd.DataFrame | None = None, key_col: str = "key",
           extra: list[str] | None = None, fold_over: int = 25, summary: str | None = None):
    """The quote table under a chart (see :func:`quote_frame`), folded when long."""
    t = quote_frame(claims, keys, key_col, extra)
    return table(t, summary or f"The {len(t)} coded rows behind this chart (click to open)", fold_over)
