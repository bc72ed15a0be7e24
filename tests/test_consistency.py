"""Adjudication carried to every cell (issue 19): the consistency checks of baimo.data.consistency,
baimo.data.verdicts, baimo.data.notes and baimo.text.rules.

Three kinds of test per check:

* on the committed data: no problems. Each of the four checks (a–d) failed on the data as it stood
  when the checks were written (the counts are in the commit that added them);
* on a copy of a table with one planted violation: the problem names that file, row and column
  (the row worked out here from the CSV, not by the code under test);
* on hand-written cases: the phrase lists say what a reader would say (expectations written by hand).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from baimo.core import schema
from baimo.data import claims, consistency, notes, record, reliability, verdicts
from baimo.text import rules

ADJ = reliability.adjudication()


def read(path: Path, columns: list[str]) -> pd.DataFrame:
    df, problems = schema.read_table(path, columns)
    assert df is not None, problems
    return df


def planted(tmp_path: Path, source: Path, claim_id: str, changes: dict[str, str], key: str = "claim_id",
            fact_id: str | None = None) -> tuple[Path, int]:
    """A copy of ``source`` with one row changed; returns the copy and that row's CSV record number
    (header = 1), counted here with the csv module."""
    with source.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    hit = [i for i, r in enumerate(rows) if r[key] == claim_id and (fact_id is None or r["fact_id"] == fact_id)]
    assert len(hit) == 1
    rows[hit[0]].update(changes)
    out = tmp_path / source.name
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return out, hit[0] + 2


def table(thread: str, path: Path | None = None) -> pd.DataFrame:
    return read(path or claims.table_path(thread), claims.columns(thread))


def only(problems, path: Path, row: int, column: str):
    mine = [p for p in problems if p.row == row]
    assert mine, problems
    assert {(p.file, p.column) for p in mine} == {(str(path), column)}, mine
    return mine


# --------------------------------------------------------------------------- a. link explanations


def test_every_link_explanation_concludes_for_its_own_status():
    links = record.links()
    problems = verdicts.explanation_problems(links, "data/reference/links.csv", ADJ)
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("sentence, expected", [
    ("A milestone three months earlier is a different date, so the record can neither confirm nor contradict "
     "the claim.", {"not_comparable"}),
    ("The record gives ~300 staff at the launch, which matches the article's 300.", {"agrees"}),
    ("The claim's ~200 is too low, so the record contradicts it.", {"differs"}),
    ("OpenAI never published the figure, so it cannot be checked, even though the leak matches it.", {"undisclosed"}),
    ("The source cited could not be located.", {"unverified"}),
    ("The panel's figure is inconsistent with the record.", {"differs"}),
    ("NVIDIA first closed above US$2T on 2024-03-01.", set()),
])
def test_phrasings_read_as_a_reader_would(sentence, expected):
    assert set(verdicts.argues_for(sentence)) == expected


def test_sentences_do_not_split_at_et_al():
    assert verdicts.sentences("Azevedo et al. 2009 give 86 billion. That matches.") == [
        "Azevedo et al. 2009 give 86 billion.", "That matches."]


def test_a_stale_explanation_is_reported(tmp_path):
    # the explanation C-beyond-02|F16 had before adjudication made the link not_comparable
    stale = ("NVIDIA first touched a US$2T market cap intraday on 2024-02-23, so '2万亿美金' fits as a round "
             "figure (the record gives no late-May 2024 value).")
    path, row = planted(tmp_path, record.LINKS, "C-beyond-02", {"explanation": stale}, fact_id="F16")
    problems = verdicts.explanation_problems(read(path, record.LINK_COLUMNS), str(path), ADJ)
    mine = only(problems, path, row, "explanation")
    assert any("agrees" in p.message and "adjudication" in p.message for p in mine)


# --------------------------------------------------------------------------- b. metaphors


def test_literal_framings_have_no_metaphor():
    problems = consistency.metaphor_problems(table("framing"), "data/claims/framing.csv", ADJ)
    assert problems == [], "\n".join(map(str, problems))


def test_a_metaphor_kept_on_a_phrase_adjudication_ruled_literal_is_reported(tmp_path):
    # F-beyond-01: adjudication made source_domain none because 商品 is literal
    path, row = planted(tmp_path, claims.table_path("framing"), "F-beyond-01",
                        {"metaphor": "商品(commodity)", "note": "no source_domain value fits."})
    problems = consistency.metaphor_problems(table("framing", path), str(path), ADJ)
    assert "literal" in only(problems, path, row, "metaphor")[0].message


def test_a_literal_row_with_metaphor_words_and_no_reason_is_reported(tmp_path):
    path, row = planted(tmp_path, claims.table_path("framing"), "F-beyond-26", {"metaphor": "之争", "note": ""})
    only(consistency.metaphor_problems(table("framing", path), str(path), ADJ), path, row, "metaphor")


def test_a_source_domain_without_metaphor_words_is_reported(tmp_path):
    path, row = planted(tmp_path, claims.table_path("framing"), "F-kaifu-03", {"metaphor": ""})  # 百模大战, war
    only(consistency.metaphor_problems(table("framing", path), str(path), ADJ), path, row, "metaphor")


# --------------------------------------------------------------------------- c. notes


def test_no_note_offers_a_code_adjudication_ruled_out():
    tables = {t: (table(t), f"data/claims/{t}.csv") for t in claims.threads()}
    problems = notes.note_problems(tables, ADJ)
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("note, field, value, stale", [
    ("Weak comparison; could also be coded talent.", "dimension", "talent", True),
    ("Coexistence or none?", "predicted_outcome", "coexistence", True),
    ("Arguably far behind, given the wording.", "judgement", "far_behind", True),
    ("The frame could also be market.", "frame", "market", True),
    ("Dimension capital_ecosystem after adjudication (first coded talent).", "dimension", "talent", False),
    ("Coded slightly_behind rather than behind.", "judgement", "behind", False),
    ("Not a contest of who wins, so no winner; not elimination.", "predicted_outcome", "elimination", False),
    ("几十 = several dozen; low/high 20–90 (adjudicated; first coded 10–99).", "low", "10", False),
    ("几万; coded as the order-of-magnitude range 1e4 to 1e5.", "low", "10000", True),
    ("A chase or cycle frame.", "frame", "progress", True),              # the codebook's gloss of progress
])
def test_offers_are_told_from_rejections(note, field, value, stale):
    assert bool(notes.stale_offers(note, field, value)) is stale


def test_a_note_offering_a_replaced_code_is_reported(tmp_path):
    # L-sv101-06: adjudication changed dimension talent -> capital_ecosystem
    note = "Organisational model for gathering top scientists; arguably talent."
    path, row = planted(tmp_path, claims.table_path("lag"), "L-sv101-06", {"note": note})
    problems = notes.note_problems({"lag": (table("lag", path), str(path))}, ADJ)
    assert "L-sv101-06 dimension" in only(problems, path, row, "note")[0].message


# --------------------------------------------------------------------------- d. rules on every row


#: The rows adjudication dropped under R1, as first coded (article, quote): the check must refuse each.
R1_DROPPED = [
    ("L-kaifu-01", "kaifu", "他还谈到了如何应对美国的芯片出口限制"),
    ("L-kaifu-06", "kaifu", "总体而言,硅谷的做法是“一刀切”,这种模式在诸如Facebook和谷歌等公司的崛起中起到了关键作用,并帮助美国获得了主导地位"),
    ("L-kaifu-08", "kaifu", "美国限制向中国出口先进的半导体技术,包括英伟达的先进芯片"),
    ("L-kaifu-09", "kaifu", "我曾公开说过,我们的芯片库存足够维持18个月。这些基本上是在限制措施出台前我们获得的芯片"),
    ("L-kaifu-16", "kaifu", "但大家都知道,中国工程师有能力、有意愿,而且在处理这种被认为是艰苦的工程挑战方面表现出色"),
    ("L-kaifu-18", "kaifu", "中国企业家是顽强的。中国工程师很勤劳。他们不怕繁重的工作"),
    ("L-kaifu-19", "kaifu", "这正是美团提供卓越服务的原因,也是微信成为卓越产品的原因"),
    ("L-kaifu-20", "kaifu", "的确,我们前面有许多困难的挑战,你可以说它们是浪费时间和很多人的精力。但这是我们手中的牌"),
    ("L-beyond-48", "beyond", "所以中国其实在数据上来讲的话,是一个储备非常丰厚的扩度"),
    ("L-beyond-61", "beyond", "工程师加在一起大概1万人,当时并不缺GPU对吧"),
]


@pytest.mark.parametrize("claim_id, article, quote", R1_DROPPED)
def test_r1_refuses_every_row_adjudication_dropped_under_r1(claim_id, article, quote):
    from baimo.data import corpus
    from baimo.text import turns

    assert ADJ[(ADJ.claim_id == claim_id) & (ADJ.rule == "R1")].final.eq("DROP").all()
    text = corpus.clean_text(article)
    before, upto, _ = rules.window(quote, text, turns.split_sentences(text))
    assert not rules.compares(before, upto)


@pytest.mark.parametrize("before, upto, expected", [
    ("", "王小川给出了自己的答案，“理想上慢一步，落地上快三步。”", True),   # the codebook's scale words
    ("", "现在中国和美国最大的差距在于算力", True),
    ("做 OpenAI 这家公司,美国有一部分资本是有耐心的。", "国内很少有机构愿意去赌", False),  # sides in two sentences
    ("", "美国有一部分资本是有耐心的,国内很少有机构愿意去赌", True),        # both sides in one sentence
    ("", "美国限制向中国出口先进的半导体技术", False),                    # US policy toward China
])
def test_r1_accepts_comparisons_and_nothing_else(before, upto, expected):
    assert rules.compares(before, upto) is expected


def test_every_lag_row_compares_china_with_the_us():
    problems = rules.comparison_problems(table("lag"), "data/claims/lag.csv", ADJ)
    assert problems == [], "\n".join(map(str, problems))


def test_a_china_only_lag_row_is_reported(tmp_path):
    path, row = planted(tmp_path, claims.table_path("lag"), "L-kaifu-05",
                        {"quote": "中国企业家是顽强的。中国工程师很勤劳。他们不怕繁重的工作", "note": ""})
    only(rules.comparison_problems(table("lag", path), str(path), ADJ), path, row, "quote")


def test_host_questions_predict_nothing_and_the_narration_reports():
    assert rules.question_problems(table("framing"), "framing.csv") == []
    for t in claims.threads():
        assert rules.reporting_problems(table(t), f"{t}.csv") == []


def test_a_host_question_with_an_outcome_is_reported(tmp_path):
    path, row = planted(tmp_path, claims.table_path("framing"), "F-wangjian-18", {"predicted_outcome": "elimination"})
    only(rules.question_problems(table("framing", path), str(path)), path, row, "predicted_outcome")


def test_the_narration_giving_a_view_as_its_own_is_reported(tmp_path):
    path, row = planted(tmp_path, claims.table_path("compute"), "C-beyond-01", {"attribution": "own"})  # 徐冰表示
    only(rules.reporting_problems(table("compute", path), str(path)), path, row, "attribution")


def test_numeric_rules_hold_on_every_row():
    for t in ("compute", "lag", "parameters"):
        assert consistency.range_problems(table(t), t) == []
        assert consistency.few_problems(table(t), t) == []


@pytest.mark.parametrize("claim_id, changes, column", [
    ("C-kaifu-03", {"qualifier": "approx"}, "qualifier"),       # 几家, low 2 high 9: R5 range
    ("C-kaifu-05", {"low": "10"}, "low"),                      # 几十家: R4 low 20
    ("C-kaifu-07", {"qualifier": "at_least"}, "qualifier"),     # 几千以上: R4 more_than
])
def test_a_broken_numeric_rule_is_reported(tmp_path, claim_id, changes, column):
    path, row = planted(tmp_path, claims.table_path("compute"), claim_id, changes)
    df = table("compute", path)
    problems = consistency.range_problems(df, str(path)) + consistency.few_problems(df, str(path))
    assert any(p.row == row and p.column == column and p.file == str(path) for p in problems), problems


def test_the_build_runs_the_consistency_checks(project_copy):
    from conftest import run_baimo

    links = project_copy / "data" / "reference" / "links.csv"
    path, row = planted(project_copy, links, "C-beyond-13", {"explanation": "The record agrees."}, fact_id="F49")
    shutil.move(path, links)
    res = run_baimo(project_copy, "check")
    assert res.returncode != 0
    assert f"data/reference/links.csv row {row}, column explanation" in res.stdout + res.stderr


def test_single_coded_changes_are_counted_apart_from_disagreements():
    adj = pd.DataFrame({"claim_id": ["F-x-01", "F-x-02", "F-x-03", "F-x-04"],
                        "field": ["metaphor", "frame", "row", "frame"],
                        "first": ["之争", "market", "keep", "bubble"], "second": ["", "progress", "keep", "bubble"],
                        "final": ["", "market", "DROP", "progress"], "rule": ["codebook"] * 4, "reason": ["r"] * 4})
    row = reliability.changes(adj).loc["framing"]
    assert (row["rows dropped"], row["disagreements: first coding kept"], row["disagreements: changed"],
            row["agreed values changed by a rule"], row["single-coded values changed"]) == (1, 1, 0, 1, 1)
