"""The reliability study in two rounds (issue 19, part 3): the codings of each round, agreement.csv as the
codings give it (``baimo check`` refuses a stale copy, issue 22), every disagreement of each round decided,
the Tentative flag from each field's latest round, and the per-field tools notebook 00 can call."""

import csv
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from baimo.core import codebook
from baimo.data import reliability
from baimo.text import agreement

ROOT = Path(__file__).resolve().parents[1]


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


# --------------------------------------------------------------------------- agreement.csv


def test_the_committed_agreement_is_what_the_codings_give():
    assert agreement.stale() == [], "run `baimo agreement`"


def test_agreement_has_both_rounds_and_round_2_did_not_recode_compute():
    a = reliability.agreement(None)
    assert sorted(set(a["round"])) == [1, 2]
    assert not a.duplicated(["round", "field"]).any()
    r2 = set(a[a["round"] == 2].field)
    assert not any(f.startswith("compute.") for f in r2)
    assert {"framing.winner", "parameters.unit", "parameters.value", "links.status"} <= r2
    assert list(reliability.agreement().field) == list(a[a["round"] == 1].field)  # round 1 by default


def test_check_refuses_a_stale_alpha_naming_file_row_and_column(project_copy):
    from conftest import run_baimo

    path = project_copy / "data" / "reliability" / "agreement.csv"
    rows = _rows(path)
    i = next(n for n, r in enumerate(rows) if r["round"] == "1" and r["field"] == "framing.winner")
    assert rows[i]["alpha"] == "0.582"
    rows[i]["alpha"] = "0.94"  # the kind of stale value issue 22 found driving the flags
    _write(path, rows)
    res = run_baimo(project_copy, "check")
    assert res.returncode != 0
    out = res.stdout + res.stderr
    assert f"data/reliability/agreement.csv row {i + 2}, column alpha: '0.94', but the codings give '0.582'" in out
    assert "run `baimo agreement`" in out


def test_stale_reports_missing_extra_and_interval_cells(tmp_path, monkeypatch):
    path = tmp_path / "agreement.csv"
    rows = _rows(reliability.AGREEMENT)
    rows[0]["alpha_low"] = "0.5"                                # a wrong interval
    gone = rows.pop(5)                                          # a missing row
    rows.append({**rows[1], "field": "lag.nonsense"})           # a row no round gives
    _write(path, rows)
    monkeypatch.setattr(reliability, "AGREEMENT", path)
    problems = agreement.stale()
    said = [str(p) for p in problems]
    assert any(p.row == 2 and p.column == "alpha_low" for p in problems), said
    assert any(f"round {gone['round']} {gone['field']}: missing" in s for s in said), said
    assert any("lag.nonsense" in s and p.row == len(rows) + 1 for s, p in zip(said, problems)), said
    assert len(problems) == 3, said


def test_numbers_written_differently_are_not_stale(tmp_path, monkeypatch):
    path = tmp_path / "agreement.csv"
    rows = _rows(reliability.AGREEMENT)
    rows[0]["alpha"] = rows[0]["alpha"] + "0"  # 0.921 → 0.9210: the same number
    _write(path, rows)
    monkeypatch.setattr(reliability, "AGREEMENT", path)
    assert agreement.stale() == []


def test_the_interval_is_reproducible_and_each_resample_is_the_packages_alpha():
    rng = np.random.default_rng(7)
    for level, values in (("nominal", np.arange(4.0)), ("ordinal", np.arange(5.0)), ("interval", rng.normal(size=6))):
        data = values[rng.integers(0, len(values), (2, 30))]
        data[1, :20] = data[0, :20]  # mostly agreeing, as coders do
        idx = rng.integers(0, 30, (40, 30))
        fast = agreement.resampled_alphas(data, idx, level)
        slow = np.array([agreement.alpha(*data[:, i], level) for i in idx])
        assert np.allclose(fast, slow, equal_nan=True), level
        assert agreement.bootstrap_alpha(*data, level) == agreement.bootstrap_alpha(*data, level)


# --------------------------------------------------------------------------- the codings and the decisions


def test_round_2_codes_the_sample_once_by_each_coder_and_keeps_comments_apart():
    cod = reliability.codings(2)
    assert set(cod.coder) == {"first", "second"}
    assert (cod.groupby(["claim_id", "field", "coder"]).size() == 1).all()
    assert "comment" not in set(cod.field)
    com = reliability.comments()
    assert len(com) and set(com.unit) <= set(cod.claim_id)


def test_round_2_first_coding_is_the_tables_when_the_sample_was_drawn():
    """scripts/reliability_round2_codings.py rebuilds the project's half from git (commit 92dfcb4)."""
    if subprocess.run(["git", "cat-file", "-e", "92dfcb4"], cwd=ROOT, capture_output=True).returncode:
        pytest.skip("this checkout has no commit 92dfcb4 (shallow clone)")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import reliability_round2_codings as script
    finally:
        sys.path.pop(0)
    sample = script.redraw_sample()
    first = script.first_values(sample)
    cod = reliability.codings(2)
    mine = cod[cod.coder == "first"]
    assert {(c, f): v for c, f, v in zip(mine.claim_id, mine.field, mine.value)} == first
    assert sample.table.value_counts().to_dict() == {"framing": 50, "lag": 44, "links": 39, "parameters": 38}


def test_every_disagreement_of_each_round_has_a_decision_of_that_round():
    adj = reliability.adjudication()
    for r in reliability.ROUNDS:
        w = agreement.wide(reliability.codings(r))
        split = w[[reliability.differ(a, b) for a, b in zip(w["first"], w["second"])]]
        mine = adj[adj["round"] == r].set_index(["claim_id", "field"])
        for u in split.itertuples():
            d = mine.loc[(u.claim_id, u.field)]
            assert (d["first"], d["second"]) == (u.first, u.second), (r, u.claim_id, u.field)
    assert len(adj[adj["round"] == 2]) == 49


def test_a_missing_round_2_decision_is_refused(project_copy):
    from conftest import run_baimo

    path = project_copy / "data" / "reliability" / "adjudication.csv"
    rows = [r for r in _rows(path) if not (r["round"] == "2" and r["claim_id"] == "F-contech-12")]
    _write(path, rows)
    res = run_baimo(project_copy, "check")
    assert res.returncode != 0
    assert "round 2: F-contech-12 winner ('' / 'OpenAI') has no decision of that round" in res.stdout


def test_latest_decision_supersedes_an_earlier_round():
    adj = pd.DataFrame({"round": [1, 2, 1], "claim_id": ["F-x-01", "F-x-01", "F-x-02"], "field": ["winner"] * 3,
                        "first": ["a", "a", "b"], "second": ["", "", "c"], "final": ["a", "", "b"],
                        "rule": ["text"] * 3, "reason": ["r"] * 3})
    latest = reliability.latest_decisions(adj)
    assert list(zip(latest.claim_id, latest.final)) == [("F-x-01", ""), ("F-x-02", "b")]


def test_round_2_changes_are_counted_by_table():
    c = reliability.changes(round=2)
    assert c["disagreements: changed"].sum() == 7 and c["disagreements: first coding kept"].sum() == 42
    assert c["rows dropped"].sum() == 0


# --------------------------------------------------------------------------- the Tentative flag


def _agreement_file(tmp_path, monkeypatch, rows: list[tuple[int, str, float]]) -> None:
    path = tmp_path / "agreement.csv"
    _write(path, [{"round": r, "field": f, "level": "nominal", "n_units": 40, "percent_agreement": 90,
                   "alpha": "" if math.isnan(a) else a, "alpha_low": "", "alpha_high": ""} for r, f, a in rows])
    monkeypatch.setattr(reliability, "AGREEMENT", path)


def test_the_flag_follows_each_fields_latest_round_and_the_080_bar(tmp_path, monkeypatch):
    _agreement_file(tmp_path, monkeypatch, [
        (1, "lag.trend", 0.50), (1, "framing.winner", 0.95), (1, "compute.value", 0.81), (1, "lag.modality", 0.90),
        (1, "parameters.unit", 0.30), (1, "links.status", 0.70), (1, "parameters.high", math.nan),
        (2, "lag.trend", 0.85), (2, "framing.winner", 0.75), (2, "lag.modality", 0.60), (2, "parameters.unit", 0.80),
        (2, "links.status", 0.7999), (2, "parameters.high", math.nan)])
    flags = dict(zip(["lag.trend", "framing.winner", "compute.value", "lag.modality", "parameters.unit",
                      "links.status", "parameters.high"],
                     [reliability.tentative([f]) for f in ["lag.trend", "framing.winner", "compute.value", "lag.modality",
                                                           "parameters.unit", "links.status", "parameters.high"]]))
    assert flags["lag.trend"] == []                    # 0.50 in round 1, 0.85 in round 2: reliable now
    assert flags["compute.value"] == []                # coded in round 1 only: round 1 counts
    assert flags["parameters.unit"] == []              # exactly 0.80 is reliable
    assert flags["framing.winner"] == ["rests on framing.winner: coders' α = 0.75 in round 2 (revised codebook), "
                                       "below 0.80: tentative conclusions only"]
    assert flags["lag.modality"] == ["rests on lag.modality: coders' α = 0.60 in round 2 (revised codebook), "
                                     "below 0.667: not even tentative conclusions"]
    assert len(flags["links.status"]) == 1             # 0.7999 is not 0.80
    assert "too few units" in flags["parameters.high"][0]
    with pytest.raises(Exception, match="not a double-coded field"):
        reliability.tentative(["lag.nonsense"])


def test_the_committed_flags():
    """Round 2 lifted parameters.unit and parameters.value to 1.0; framing.winner and links.status stay below 0.80."""
    assert reliability.tentative(["parameters.value", "parameters.unit", "compute.value", "lag.trend"]) == []
    flagged = reliability.tentative(["framing.winner", "links.status"])
    assert [f.split(":")[0] for f in flagged] == ["rests on framing.winner", "rests on links.status"]
    assert all("round 2" in f for f in flagged)
    assert all(a < codebook.RELIABLE_ALPHA for a in reliability.latest().set_index("field").loc[
        ["framing.winner", "links.status"], "alpha"])


def test_rounds_side_by_side():
    side = reliability.rounds().set_index("field")
    assert side.loc["parameters.value", "alpha_round1"] == pytest.approx(0.245)
    assert side.loc["parameters.value", "alpha_round2"] == pytest.approx(1.0)
    assert side.loc["compute.value", "latest_round"] == 1 and pd.isna(side.loc["compute.value", "alpha_round2"])
    assert side.loc["framing.winner", "flagged"] and not side.loc["parameters.unit", "flagged"]
    assert side.loc["framing.winner", "n_units_round2"] == 50


# --------------------------------------------------------------------------- one field, unit by unit


def test_parameters_value_with_and_without_the_outlier():
    r1 = agreement.alpha_without("parameters.value", ["P-sv101-23"], round=1).set_index("units")
    assert r1.loc["all", "alpha"] == pytest.approx(0.245)
    assert r1.loc["without P-sv101-23", "alpha"] == pytest.approx(1.0)
    assert r1.loc["without P-sv101-23", "n_units"] == r1.loc["all", "n_units"] - 1
    assert list(agreement.influence("parameters.value", 1).claim_id) == ["P-sv101-23"]
    assert agreement.influence("parameters.value", 2).empty  # round 2 has no such outlier
    r2 = agreement.alpha_without("parameters.value", ["P-sv101-23"], round=2)
    assert list(r2.alpha) == [1.0, 1.0]
    with pytest.raises(Exception, match="not units"):
        agreement.alpha_without("parameters.value", ["P-nowhere-01"], round=2)
