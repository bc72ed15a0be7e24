"""The forecasts' verdicts scored twice: both scorings kept, every disagreement decided, and the table's
verdict what the decision says (baimo.data.scoring)."""

import shutil

import pandas as pd
import pytest

from baimo.data import predictions, scoring


@pytest.fixture
def files(tmp_path, monkeypatch):
    for name in ("CODINGS", "ADJUDICATION"):
        copy = tmp_path / getattr(scoring, name).name
        shutil.copyfile(getattr(scoring, name), copy)
        monkeypatch.setattr(scoring, name, copy)
    return tmp_path


def verdicts():
    p = predictions.load()
    return dict(zip(p.prediction_id, p.verdict))


def test_the_committed_scorings_are_consistent():
    assert scoring.problems(verdicts()) == []
    pair = scoring.pairs()
    assert len(pair) == len(verdicts()) and pair.notna().all().all()


def test_a_final_that_is_not_the_tables_verdict_is_refused(files):
    adj = pd.read_csv(scoring.ADJUDICATION, dtype=str, keep_default_na=False)
    row = adj.iloc[0]
    other = next(v for v in ("came_true", "did_not", "unresolvable") if v != row.final)
    adj.loc[0, "final"] = other
    adj.to_csv(scoring.ADJUDICATION, index=False)
    msgs = [str(p) for p in scoring.problems(verdicts())]
    assert any(f"verdict-adjudication.csv row 2, column final: '{other}'" in m for m in msgs), msgs


def test_a_disagreement_without_a_decision_and_a_decision_without_one_are_refused(files):
    adj = pd.read_csv(scoring.ADJUDICATION, dtype=str, keep_default_na=False)
    dropped = adj.prediction_id.iloc[-1]
    adj = adj.iloc[:-1]
    agreed = scoring.pairs().query("first == second").index[0]
    v = scoring.pairs().loc[agreed, "first"]
    adj = pd.concat([adj, pd.DataFrame([{"prediction_id": agreed, "first": v, "second": v, "final": v,
                                         "rule": "evidence", "reason": "planted"}])])
    adj.to_csv(scoring.ADJUDICATION, index=False)
    msgs = " ".join(str(p) for p in scoring.problems(verdicts()))
    assert f"{dropped}: the scorers disagree and no decision is recorded" in msgs
    assert f"{agreed}: a decision where the scorers agreed" in msgs


def test_a_forecast_scored_once_is_refused(files):
    cod = pd.read_csv(scoring.CODINGS, dtype=str, keep_default_na=False)
    pid = cod.prediction_id.iloc[0]
    cod = cod[~((cod.prediction_id == pid) & (cod.coder == "second"))]
    cod.to_csv(scoring.CODINGS, index=False)
    msgs = " ".join(str(p) for p in scoring.problems(verdicts()))
    assert f"{pid}: scored 1 time(s) by the first scorer and 0 by the second" in msgs
