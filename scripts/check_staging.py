"""Quick check for hand-coders: every quote in a staging CSV is in the cleaned article text.

Usage: python scripts/check_staging.py data/claims/staging/<article_id>/*.csv
"""
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
bad = 0
for f in sys.argv[1:]:
    with open(f, encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            text = (ROOT / "data/processed/clean" / f"{row['article_id']}.txt").read_text(encoding="utf-8")
            squash = lambda s: re.sub(r"\s+", "", s)
            if squash(row["quote"]) not in squash(text):
                bad += 1
                print(f"{f} row {n} ({row['claim_id']}): quote not found: {row['quote'][:60]}")
print("bad quotes:", bad)
sys.exit(1 if bad else 0)
