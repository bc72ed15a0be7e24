"""The packet for the blind second scorer of the forecasts' verdicts (issue 19, part 4).

Run from the repository root:  ``python scripts/forecast_scoring_packet.py OUT_DIR``

The scorer may see, for each of the forecasts in ``data/claims/predictions.csv``, only what the first
scorer had before deciding: who said it and when, the verbatim quote, the one-sentence statement, the
horizon and due date, and the resolution criterion written before any outcome was looked at — plus the
whole outcomes table (``data/reference/outcomes.csv``) and the definitions of the verdicts. Never the
first verdict, its reasoning, the outcome ids it cited, the resolution date or any note.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHOWN = ["prediction_id", "article_id", "speaker", "said_on", "kind", "host_question", "quote", "statement_en",
         "horizon", "due", "criterion"]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    preds = pd.read_csv(ROOT / "data/claims/predictions.csv", dtype=str, keep_default_na=False)
    preds[SHOWN].to_csv(out / "forecasts.csv", index=False)
    shutil.copyfile(ROOT / "data/reference/outcomes.csv", out / "outcomes.csv")
    codebook = (ROOT / "data/CODEBOOK.md").read_text(encoding="utf-8")
    section = re.search(r"## `predictions.csv`.*?(?=\n## )", codebook, flags=re.S).group(0)
    (out / "verdicts.md").write_text(section + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(preds)} forecasts, {len(pd.read_csv(out / 'outcomes.csv'))} outcomes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
