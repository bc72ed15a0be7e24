"""Round 2 of the reliability study: draw the stratified sample and write the blind coders' packets.

Run once, from the repository root:  ``python scripts/reliability_round2.py OUT_DIR``

* The sample is drawn with a fixed seed, stratified by article within each table (by status for
  links): 50 framing rows, 45 lag rows, every parameters row (38: the table is small) and 40 of the
  claim–fact links. It covers every field whose round-1 α was below 0.80.
* Each packet holds only what a blind coder may see: the cleaned article texts, the codebook *with*
  the clarifications R1–R7, and per unit the article, speaker and verbatim quote (for a numeric row
  the wording of the number; for a lag row whose quote carries several rows, the dimension that row
  is about; for a link the fact's subject, quantity, value, unit, date and source). Never a coded
  value, gloss, note or explanation of the project's tables.
* ``OUT_DIR/sample.csv`` lists the units (table, claim_id, fields), so the project's own values can
  be set beside the blind coder's afterwards (``data/reliability/codings-round2.csv``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261206
SIZES = {"framing": 50, "lag": 45, "parameters": None, "links": 40}  # None: every row
FIELDS = {
    "framing": ["frame", "source_domain", "predicted_outcome", "stance_many_models", "winner", "attribution"],
    "lag": ["dimension", "judgement", "trend", "modality", "attribution"],
    "parameters": ["value", "low", "high", "unit", "qualifier", "modality", "attribution"],
    "links": ["status"],
}


def read(rel: str) -> pd.DataFrame:
    return pd.read_csv(ROOT / rel, dtype=str, keep_default_na=False)


def stratified(df: pd.DataFrame, by: str, n: int | None) -> pd.DataFrame:
    """About ``n`` rows, each stratum in proportion to its size (at least one row each), fixed seed."""
    if n is None or n >= len(df):
        return df
    parts = []
    for _, g in df.groupby(by, sort=True):
        k = max(1, round(n * len(g) / len(df)))
        parts.append(g.sample(n=min(k, len(g)), random_state=SEED))
    return pd.concat(parts).sort_index()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "texts").mkdir(exist_ok=True)
    for f in sorted((ROOT / "data/processed/clean").glob("*.txt")):
        shutil.copyfile(f, out / "texts" / f.name)
    shutil.copyfile(ROOT / "data/CODEBOOK.md", out / "CODEBOOK.md")
    sample_rows = []
    for table in ("framing", "lag", "parameters"):
        df = read(f"data/claims/{table}.csv")
        picked = stratified(df, "article_id", SIZES[table])
        shared = df.quote.duplicated(keep=False)
        units = picked[["claim_id", "article_id", "speaker", "quote"]].copy()
        if table == "parameters":
            units["number_as_written"] = picked.original
        if table == "lag":
            units["about_dimension"] = [d if shared[i] else "" for i, d in zip(picked.index, picked.dimension)]
        units.to_csv(out / f"units-{table}.csv", index=False)
        for cid, i in zip(picked.claim_id, picked.index):
            fields = [f for f in FIELDS[table] if not (table == "lag" and f == "dimension" and shared[i])]
            sample_rows.append({"table": table, "claim_id": cid, "fields": ";".join(fields)})
    links = read("data/reference/links.csv")
    facts = read("data/reference/public_record.csv").set_index("fact_id")
    claims = pd.concat([read(f"data/claims/{t}.csv")[["claim_id", "article_id", "speaker", "quote"]]
                        for t in ("compute", "lag", "parameters", "framing")]).set_index("claim_id")
    picked = stratified(links, "status", SIZES["links"])
    rows = []
    for r in picked.itertuples():
        c, f = claims.loc[r.claim_id], facts.loc[r.fact_id]
        rows.append({"unit": f"{r.claim_id}|{r.fact_id}", "article_id": c.article_id, "speaker": c.speaker,
                     "quote": c.quote, "fact_subject": f.subject, "fact_quantity": f.quantity, "fact_value": f.value,
                     "fact_unit": f.unit, "fact_as_of": f.as_of, "fact_source": f.source})
        sample_rows.append({"table": "links", "claim_id": f"{r.claim_id}|{r.fact_id}", "fields": "status"})
    pd.DataFrame(rows).to_csv(out / "units-links.csv", index=False)
    pd.DataFrame(sample_rows).to_csv(out / "sample.csv", index=False)
    counts = pd.DataFrame(sample_rows).table.value_counts().to_dict()
    print(f"wrote {out}: {counts}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
