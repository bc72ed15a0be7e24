"""Merge the hand-coders' per-article staging files into the four claims tables and links.csv.

Usage: python scripts/merge_staging.py   (reads data/claims/staging/<article>/*.csv)
Rows are ordered by article date, then claim_id; columns by the codebook.
"""
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from baimo import corpus, tables  # noqa: E402

order = list(corpus.date_spans().article_id)
staging = ROOT / "data/claims/staging"
for thread, spec in tables.THREADS.items():
    frames = [pd.read_csv(f, dtype=str, keep_default_na=False) for f in sorted(staging.glob(f"*/{thread}.csv"))]
    df = pd.concat(frames, ignore_index=True)[spec["columns"]] if frames else pd.DataFrame(columns=spec["columns"])
    df["_a"] = df.article_id.map({a: i for i, a in enumerate(order)})
    df = df.sort_values(["_a", "claim_id"]).drop(columns="_a")
    df.to_csv(ROOT / f"data/claims/{thread}.csv", index=False)
    print(thread, len(df))
links = [pd.read_csv(f, dtype=str, keep_default_na=False) for f in sorted(staging.glob("*/links.csv"))]
ln = pd.concat(links, ignore_index=True)[tables.LINK_COLUMNS]
ln.to_csv(ROOT / "data/reference/links.csv", index=False)
print("links", len(ln))
