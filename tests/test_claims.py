"""The claims tables: machine validation with exact errors, completeness anchors, quotes verbatim."""

import math
import pandas as pd
import pytest

from baimo.core import codebook, paths
from baimo.data import claims, corpus, record

HEADER = ",".join(claims.columns("compute"))


def good_rows() -> list[dict]:
    df = pd.read_csv(claims.table_path("compute"), dtype=str, keep_default_na=False)
    return df.head(2).to_dict("records")


def write(tmp_path, rows, columns=None, encoding="utf-8"):
    f = tmp_path / "compute.csv"
    pd.DataFrame(rows, columns=columns or claims.columns("compute")).to_csv(f, index=False, encoding=encoding)
    return f


def problems_for(tmp_path, rows, **kw):
    _, probs = claims.validate("compute", write(tmp_path, rows, **kw))
    return [str(p) for p in probs]


def test_the_real_tables_are_valid():
    assert claims.check_all() == []


def test_a_good_sample_is_valid(tmp_path):
    assert problems_for(tmp_path, good_rows()) == []


@pytest.mark.parametrize("column,value,expected", [
    ("value", "1万", "row 2, column value: '1万': not a number"),
    ("article_id", "nope", "row 2, column article_id: unknown article 'nope' (not in data/articles.csv)"),
    ("unit", "gpus", "row 2, column unit: 'gpus': not in the controlled vocabulary"),
    ("speaker", "马斯克", "row 2, column speaker: unknown speaker '马斯克' (not in data/speakers.csv)"),
    ("qualifier", "about", "row 2, column qualifier: 'about': not in the controlled vocabulary"),
    ("value", "-5", "row 2, column value: -5.0: must not be negative"),
])
def test_broken_cell_gives_exact_error(tmp_path, column, value, expected):
    rows = good_rows()
    rows[0][column] = value
    probs = problems_for(tmp_path, rows)
    assert any(p.endswith(expected) for p in probs), probs
    assert all("compute.csv" in p for p in probs)


def test_quote_not_in_text_names_the_closest_passage(tmp_path):
    rows = good_rows()
    original = rows[0]["quote"]
    rows[0]["quote"] = original.replace("收入", "利润")  # one word changed
    probs = problems_for(tmp_path, rows)
    assert len(probs) == 1
    assert f"row 2, column quote: not found verbatim in data/processed/clean/{rows[0]['article_id']}.txt" in probs[0]
    assert original[:10] in probs[0].split("closest passage: ")[1]


def test_duplicate_id(tmp_path):
    rows = good_rows()
    rows[1]["claim_id"] = rows[0]["claim_id"]
    probs = problems_for(tmp_path, rows)
    assert any(p.endswith(f"row 3, column claim_id: '{rows[0]['claim_id']}': duplicate (also row 2)") for p in probs), probs


def test_inverted_range(tmp_path):
    rows = good_rows()
    rows[0].update(value="", low="5", high="1")
    probs = problems_for(tmp_path, rows)
    assert any(p.endswith("row 2, column low: low 5 > high 1 (inverted range)") for p in probs), probs


def test_value_outside_its_range(tmp_path):
    rows = good_rows()
    rows[0].update(value="10", low="1", high="5")
    assert any(p.endswith("row 2, column value: value 10 > high 5") for p in problems_for(tmp_path, rows))


def test_missing_column(tmp_path):
    cols = [c for c in claims.columns("compute") if c != "unit"]
    rows = [{k: v for k, v in r.items() if k != "unit"} for r in good_rows()]
    probs = problems_for(tmp_path, rows, columns=cols)
    assert probs == [f"{paths.rel(tmp_path / 'compute.csv')} row 1, column unit: missing column"]


def test_wrong_encoding(tmp_path):
    f = tmp_path / "compute.csv"
    rows = good_rows()
    pd.DataFrame(rows).to_csv(f, index=False, encoding="gb18030")
    _, probs = claims.validate("compute", f)
    assert len(probs) == 1 and "not valid UTF-8" in str(probs[0]) and "compute.csv" in str(probs[0])


def test_check_command_prints_each_problem_and_fails(project_copy):
    from conftest import run_baimo

    f = project_copy / "data/claims/lag.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    df.loc[0, "judgement"] = "way_behind"
    df.to_csv(f, index=False)
    res = run_baimo(project_copy, "check")
    assert res.returncode == 1
    assert "data/claims/lag.csv row 2, column judgement: 'way_behind': not in the controlled vocabulary" in res.stdout


def test_quote_offsets_point_at_the_quote():
    texts = corpus.clean_texts()
    for thread in claims.threads():
        df = claims.load(thread)
        for _, r in df.iterrows():
            start = int(r.quote_offset)
            assert texts[r.article_id][start] == r.quote.strip()[0], r.claim_id


def test_find_quote_ignores_whitespace_only():
    assert claims.find_quote("差距 会", "中美差距\n会不断缩小") == 2
    assert claims.find_quote("差距会变大", "中美差距\n会不断缩小") is None


# ---- completeness: each article and thread has rows, and the anchor facts are coded


def test_rows_per_article_and_thread():
    counts = {t: claims.load(t).article_id.value_counts() for t in claims.threads()}
    for a in corpus.articles().article_id:
        assert counts["compute"].get(a, 0) >= 5, a
        assert counts["lag"].get(a, 0) >= 5, a
        assert counts["framing"].get(a, 0) >= 5, a
    assert counts["parameters"].get("sv101", 0) >= 10 and counts["parameters"].get("wangjian", 0) >= 5


@pytest.mark.parametrize("thread,article,column,value", [
    ("compute", "contech", "value", 1e7),       # OpenAI linking 10 million GPUs
    ("compute", "beyond", "value", 4e4),        # SenseTime's 40,000 GPUs
    ("compute", "beyond", "value", 1.2e10),     # AI four dragons raised ~US$12B
    ("compute", "kaifu", "value", 1.5),         # 18-month chip runway, in years
    ("parameters", "sv101", "value", 1.7e12),   # the brain's '1.7万亿' connections
    ("parameters", "wangjian", "value", 2e11),  # 20 models of ~200B
    ("parameters", "kaifu", "value", 3.4e10),   # Yi-34B
    ("lag", "beyond", "value", 3.0),            # '有人估计三年'
])
def test_anchor_facts_are_coded(thread, article, column, value):
    df = claims.load(thread)
    sub = df[df.article_id == article]
    hits = sub[(sub[column] == value) | (sub.low == value) | (sub.high == value)]
    assert len(hits) >= 1, (thread, article, value)


def test_wang_xiaochuan_revision_is_coded_as_recalled_then_stated():
    lag = claims.load("lag")
    wxc = lag[(lag.article_id == "contech") & (lag.speaker == "王小川")]
    assert "recalled" in set(wxc.modality) and "stated" in set(wxc.modality)


def test_links_cover_the_records_parameter_and_hardware_facts():
    links = record.links()
    assert links.status.isin(codebook.VOCAB["status"]).all()
    linked_facts = set(links.fact_id)
    for fact in ["F01", "F02", "F41", "F42", "F18", "F21", "F47"]:
        assert fact in linked_facts, fact


def test_fast_load_inside_a_build_matches_full_validation(monkeypatch):
    full = {t: claims.load(t) for t in claims.threads()}
    monkeypatch.setenv(claims.VALIDATED_ENV, claims.inputs_digest())
    for t in claims.threads():
        fast = claims.load(t)
        pd.testing.assert_frame_equal(fast, full[t])


def test_a_stale_validation_stamp_is_ignored(project_copy):
    import os
    import subprocess
    import sys

    f = project_copy / "data/claims/framing.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    df.loc[0, "frame"] = "warfare"
    df.to_csv(f, index=False)
    code = ("import os; from baimo.data import claims; os.environ['BAIMO_VALIDATED'] = 'stale'; "
            "claims.load('framing')")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, BAIMO_ROOT=str(project_copy)))
    assert res.returncode != 0
    assert "data/claims/framing.csv row 2, column frame: 'warfare': not in the controlled vocabulary" in res.stderr


# ---- adjudication is applied: every decision in data/reliability/adjudication.csv is what the tables say


def _same(table_value, final) -> bool:
    """Equal as the coders' values are compared: numbers as numbers, blanks as blanks."""
    blank = lambda v: v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == ""  # noqa: E731
    if blank(table_value) or blank(final):
        return blank(table_value) and blank(final)
    try:
        return math.isclose(float(str(table_value).replace(",", "")), float(str(final).replace(",", "")))
    except ValueError:
        return str(table_value).strip() == str(final).strip()


def test_every_adjudicated_value_is_in_the_tables():
    from baimo.data import record, reliability

    adj = reliability.adjudication()
    tables = {t: claims.load(t).set_index("claim_id") for t in claims.threads()}
    links = record.links()
    links = links.set_index(links.claim_id + "|" + links.fact_id)
    wrong = []
    dropped = set(adj.claim_id[adj.final == "DROP"])
    for r in reliability.latest_decisions(adj).itertuples():  # a round-2 decision supersedes round 1's
        table = reliability.table_of(r.claim_id)
        frame = links if table == "links" else tables[table]
        if r.final == "DROP" or r.claim_id in dropped:  # dropped, or decided before a later decision dropped it
            if r.claim_id in frame.index:
                wrong.append(f"{r.claim_id}: dropped by adjudication but still in {table}")
            continue
        if r.claim_id not in frame.index:
            wrong.append(f"{r.claim_id}: adjudicated ({r.field}) but not in {table}")
        elif not _same(frame.at[r.claim_id, r.field], r.final):
            wrong.append(f"{r.claim_id}.{r.field}: table has {frame.at[r.claim_id, r.field]!r}, adjudication {r.final!r}")
    assert not wrong, "\n".join(wrong)


def test_no_note_still_states_a_code_that_adjudication_changed():
    """A row's note must not say "coded X" (or "trend=X") for a value adjudication replaced; it may say
    "first coded X"."""
    import re

    from baimo.data import reliability

    adj = reliability.adjudication()
    changed = adj[(adj.final != "DROP") & (adj.field != "row") & (adj["first"].fillna("") != adj.final.fillna(""))]
    tables = {t: claims.load(t).set_index("claim_id") for t in claims.threads()}
    stale = []
    for r in changed.itertuples():
        table = reliability.table_of(r.claim_id)
        if table == "links" or not isinstance(r.first, str) or not r.first:
            continue
        note = str(tables[table].at[r.claim_id, "note"])
        if re.search(rf"(?<!first )coded {re.escape(r.first)}\b|{re.escape(r.field)}={re.escape(r.first)}\b", note):
            stale.append(f"{r.claim_id}: note says {r.field} {r.first!r}, adjudicated {r.final!r}: {note}")
    assert not stale, "\n".join(stale)
