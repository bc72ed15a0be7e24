"""Round 2 of the reliability study: set the project's values beside the fresh blind coders'.

Run from the repository root:  ``python scripts/reliability_round2_codings.py BLIND_DIR [--check]``

``BLIND_DIR`` is the folder ``scripts/reliability_round2.py`` wrote (``master/sample.csv``) with each
coder's packet and result (``<table>/coding.csv``: ``unit,field,value``, plus free-text ``comment``
rows). It writes, in the long form of ``codings.csv``:

* ``data/reliability/codings-round2.csv`` — ``first``: the project's adjudicated tables **as they stood
  when the sample was drawn** (commit :data:`DRAWN_AT`, read with ``git show``), each value written as
  the table writes it (as round 1 did: ``1.7e12`` stays ``1.7e12``, an empty cell stays empty, ``winner``
  as free text); ``second``: the blind coder's value, verbatim. Only the sampled unit × field pairs;
  a lag row whose quote carries several rows has no ``dimension`` (the packet told the coder which
  dimension the row is about).
* ``data/reliability/comments-round2.csv`` — the blind coders' comments (``unit``, ``comment``), kept
  out of α.

Checks on the way (it stops on any): the sample is redrawn from the tables at :data:`DRAWN_AT` with the
sampling script's seed and must equal ``master/sample.csv``; every sampled unit × field must be coded
exactly once by the blind coder, and nothing else. ``--check`` compares with the committed files
instead of writing them (exit 1 if they differ).
"""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DRAWN_AT = "92dfcb4"  # the commit at which scripts/reliability_round2.py drew the sample
OUT = ROOT / "data" / "reliability" / "codings-round2.csv"
COMMENTS = ROOT / "data" / "reliability" / "comments-round2.csv"
TABLES = ("framing", "lag", "parameters", "links")


def _sampler():
    spec = importlib.util.spec_from_file_location("reliability_round2", ROOT / "scripts" / "reliability_round2.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def at_commit(rel: str) -> pd.DataFrame:
    """A table as it stood at :data:`DRAWN_AT`."""
    text = subprocess.run(["git", "show", f"{DRAWN_AT}:{rel}"], cwd=ROOT, check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def redraw_sample() -> pd.DataFrame:
    """The sample as ``scripts/reliability_round2.py`` draws it from the tables at :data:`DRAWN_AT`."""
    s = _sampler()
    rows = []
    for table in ("framing", "lag", "parameters"):
        df = at_commit(f"data/claims/{table}.csv")
        picked = s.stratified(df, "article_id", s.SIZES[table])
        shared = df.quote.duplicated(keep=False)
        for cid, i in zip(picked.claim_id, picked.index):
            fields = [f for f in s.FIELDS[table] if not (table == "lag" and f == "dimension" and shared[i])]
            rows.append({"table": table, "claim_id": cid, "fields": ";".join(fields)})
    links = s.stratified(at_commit("data/reference/links.csv"), "status", s.SIZES["links"])
    rows += [{"table": "links", "claim_id": f"{c}|{f}", "fields": "status"} for c, f in zip(links.claim_id, links.fact_id)]
    return pd.DataFrame(rows)


def first_values(sample: pd.DataFrame) -> dict[tuple[str, str], str]:
    """The project's value of every sampled unit × field, as the table at :data:`DRAWN_AT` writes it."""
    values = {}
    for table in ("framing", "lag", "parameters"):
        df = at_commit(f"data/claims/{table}.csv").set_index("claim_id")
        for r in sample[sample.table == table].itertuples():
            for f in r.fields.split(";"):
                values[(r.claim_id, f)] = df.at[r.claim_id, f]
    links = at_commit("data/reference/links.csv")
    status = {f"{c}|{f}": s for c, f, s in zip(links.claim_id, links.fact_id, links.status)}
    for r in sample[sample.table == "links"].itertuples():
        values[(r.claim_id, "status")] = status[r.claim_id]
    return values


def blind(folder: Path, sample: pd.DataFrame) -> tuple[dict[tuple[str, str], str], pd.DataFrame]:
    """The blind coders' values by unit × field, and their comments; refuses a missing, doubled or
    unasked-for code."""
    wanted = {(r.claim_id, f) for r in sample.itertuples() for f in r.fields.split(";")}
    values, comments, problems = {}, [], []
    for table in TABLES:
        c = pd.read_csv(folder / table / "coding.csv", dtype=str, keep_default_na=False)
        comments.append(c[c.field == "comment"].rename(columns={"value": "comment"})[["unit", "comment"]])
        for r in c[c.field != "comment"].itertuples():
            key = (r.unit, r.field)
            if key not in wanted or key in values:
                problems.append(f"{table}: {key} {'coded twice' if key in values else 'not in the sample'}")
            values[key] = r.value.strip()
    problems += [f"not coded by the blind coder: {k}" for k in sorted(wanted - set(values))]
    if problems:
        sys.exit("\n".join(problems))
    return values, pd.concat(comments, ignore_index=True)


def build(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    sample = pd.read_csv(folder / "master" / "sample.csv", dtype=str, keep_default_na=False)
    redrawn = redraw_sample()
    if not redrawn.equals(sample):
        sys.exit(f"{folder}/master/sample.csv is not the sample the script draws at {DRAWN_AT}")
    first = first_values(sample)
    second, comments = blind(folder, sample)
    keys = [(r.claim_id, f) for r in sample.itertuples() for f in r.fields.split(";")]
    rows = [{"claim_id": c, "field": f, "coder": coder, "value": source[(c, f)]}
            for coder, source in (("first", first), ("second", second)) for c, f in keys]
    return pd.DataFrame(rows), comments


def main(argv: list[str]) -> int:
    folder, check = Path(argv[0]), "--check" in argv[1:]
    codings, comments = build(folder)
    out = {OUT: codings.to_csv(index=False, lineterminator="\n"),
           COMMENTS: comments.to_csv(index=False, lineterminator="\n")}
    stale = [p for p, text in out.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if check:
        for p in stale:
            print(f"{p.relative_to(ROOT)} differs from what {folder} and the tables at {DRAWN_AT} give")
        if not stale:
            print("reproduced: " + ", ".join(str(p.relative_to(ROOT)) for p in out))
        return 1 if stale else 0
    for p in stale:
        p.write_text(out[p], encoding="utf-8")
    print(f"{len(codings) // 2} unit × field pairs; {len(comments)} comments; "
          + (f"wrote {', '.join(str(p.relative_to(ROOT)) for p in stale)}" if stale else "already up to date"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
