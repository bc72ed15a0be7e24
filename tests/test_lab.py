"""The coding lab (notebook 06): its files check out against the corpus, the codebook and the
adjudicated tables; compare() gives the α worked out by hand; the example student scores as expected."""

import itertools
import math
import shutil

import pandas as pd
import pytest

from baimo.analysis import lab
from baimo.core import codebook, paths
from baimo.data import claims, corpus, reliability
from baimo.data import lab as lab_data


@pytest.fixture(scope="module")
def reference():
    return lab_data.reference()


def test_the_lab_files_have_no_problems():
    assert lab_data.problems() == []


def test_about_twelve_passages_from_every_table_with_two_or_three_fields_each():
    pas = lab_data.passages()
    assert 10 <= len(pas) <= 14
    assert set(pas.claim_id.map(lab_data.table_of)) == set(claims.threads())
    assert all(2 <= len(f) <= 3 for f in pas.fields)
    assert pas.passage_id.is_unique and pas.claim_id.is_unique


def test_every_quote_and_context_is_verbatim_in_the_cleaned_text():
    texts = corpus.clean_texts()
    for p in lab_data.passages().itertuples():
        assert claims.find_quote(p.quote, texts[p.article_id]) is not None, p.passage_id
        if p.before:
            assert lab_data.context_precedes(p.before, p.quote, texts[p.article_id]), p.passage_id


def test_allowed_values_are_the_codebook_values():
    sheet = pd.read_csv(lab_data.WORKSHEET, dtype=str, keep_default_na=False)
    assert (sheet.student_value == "").all()
    for r in sheet.itertuples():
        if r.field == "value":
            assert r.allowed_values == lab_data.VALUE_HELP
        else:
            assert r.allowed_values.split(" / ") == codebook.VOCAB[r.field]


def test_reference_values_are_the_adjudicated_tables_current_values(reference):
    tables = {t: claims.load(t).set_index("claim_id") for t in claims.threads()}
    for r in reference.itertuples():
        current = tables[lab_data.table_of(r.claim_id)].loc[r.claim_id, r.field]
        if r.field == "value":
            assert math.isclose(float(r.reference), current), (r.passage_id, r.field)
        else:
            assert r.reference == current and r.reference in codebook.VOCAB[r.field], (r.passage_id, r.field)


def test_every_code_has_a_reason_and_disagreements_take_the_adjudicators(reference):
    adj = reliability.adjudication().set_index(["claim_id", "field"])
    assert (reference.reason.str.len() > 30).all()
    split = reference[reference.split]
    assert len(split) >= 6, "the lab should include codes the project's coders disagreed on"
    for r in split.itertuples():
        row = adj.loc[(r.claim_id, r.field)]
        assert row.final == r.reference
        assert r.reason in row.reason  # quoted, only the "followed first/second" tag left out


def test_a_changed_reference_or_quote_is_reported(tmp_path, monkeypatch):
    ref = tmp_path / "reference.csv"
    shutil.copy(lab_data.REFERENCE, ref)
    text = ref.read_text(encoding="utf-8").replace("lab-09,value,2000,", "lab-09,value,1000,")
    ref.write_text(text, encoding="utf-8")
    monkeypatch.setattr(lab_data, "REFERENCE", ref)
    assert any(p.column == "reference" and "C-kaifu-07" in p.message for p in lab_data.problems())
    pas = tmp_path / "passages.csv"
    df = pd.read_csv(lab_data.PASSAGES, dtype=str, keep_default_na=False)
    df.loc[0, "quote"] = df.loc[0, "quote"].replace("OpenAI", "Google")
    df.to_csv(pas, index=False)
    monkeypatch.setattr(lab_data, "PASSAGES", pas)
    assert any(p.column == "quote" and p.row == 2 for p in lab_data.problems())


def test_the_derived_documents_are_what_their_inputs_make():
    """The worksheet, the answer key, the contents page, the data package and the claim index are written
    by the build; the committed copies are what the code makes of the committed inputs."""
    from baimo.publish.build import derived
    from baimo.publish.notebooks.model import notebooks

    assert {paths.rel(p) for p in derived.stale(notebooks())} == set(), "run ./dev build"


def test_a_changed_reason_changes_the_answer_key(tmp_path, monkeypatch):
    """The answer key is derived from the lab's files: a reason edited in reference.csv reaches it."""
    from baimo.publish.classroom import lab as lab_docs

    ref = tmp_path / "reference.csv"
    df = pd.read_csv(lab_data.REFERENCE, dtype=str, keep_default_na=False)
    i = df.index[df.reason != ""][0]
    df.loc[i, "reason"] = "A reason written for this test."
    df.to_csv(ref, index=False)
    monkeypatch.setattr(lab_data, "REFERENCE", ref)
    assert "A reason written for this test." in lab_docs.answer_key_markdown()


# --------------------------------------------------------------------------- α by hand


def alpha_by_hand(pairs, delta) -> float:
    """Krippendorff's α for two coders with no missing values, from its definition: the coincidence
    matrix o (each unit adds its two ordered pairs), n_c its margins, D_o = Σ o_ck δ²(c,k) / n and
    D_e = Σ n_c n_k δ²(c,k) / (n (n − 1))."""
    values = [v for pair in pairs for v in pair]
    n = len(values)
    d_o = sum(delta(a, b) + delta(b, a) for a, b in pairs) / n
    d_e = sum(delta(a, b) for a, b in itertools.permutations(values, 2)) / (n * (n - 1))
    return 1 - d_o / d_e


def frame_rows(student, ref, field="frame"):
    ids = [f"lab-{i:02d}" for i in range(1, len(ref) + 1)]
    s = pd.DataFrame({"passage_id": ids, "field": field, "value": student})
    r = pd.DataFrame({"passage_id": ids, "field": field, "reference": ref, "reason": "why"})
    return s, r


def test_compare_matches_alpha_worked_by_hand_nominal():
    # units (student, reference): (a,a) (a,b) (b,b) (b,b); a = competition, b = selection
    # o_aa = 2, o_ab = o_ba = 1, o_bb = 4; n_a = 3, n_b = 5, n = 8
    # D_o = 2/8, D_e = (3·5 + 5·3)/(8·7) = 30/56, α = 1 − (2/8)/(30/56) = 16/30
    s, r = frame_rows(["competition", "competition", "selection", "selection"],
                      ["competition", "selection", "selection", "selection"])
    res = lab.compare(s, r)
    row = res.by_field.iloc[0]
    assert row.percent_agreement == 75.0 and row.n_agree == 3 and row.n_alpha == 4
    assert row.alpha == pytest.approx(16 / 30, abs=5e-4)
    assert list(res.disagreements.passage_id) == ["lab-02"]
    assert res.disagreements.loc[0, "reference"] == "selection" and res.disagreements.loc[0, "reason"] == "why"


def test_an_empty_answer_counts_against_agreement_but_not_in_alpha():
    s, r = frame_rows(["competition", "competition", "selection", "selection", ""],
                      ["competition", "selection", "selection", "selection", "market"])
    row = lab.compare(s, r).by_field.iloc[0]
    assert row.n_codes == 5 and row.n_agree == 3 and row.percent_agreement == 60.0
    assert row.n_alpha == 4 and row.alpha == pytest.approx(16 / 30, abs=5e-4)


def test_compare_matches_alpha_worked_by_hand_ordinal_and_interval():
    # judgement: ordinal δ²(c,k) = (Σ_{g=c..k} n_g − (n_c + n_k)/2)² over the ranks far_behind < behind < slightly
    s, r = frame_rows(["behind", "behind", "behind", "far_behind"],
                      ["behind", "slightly_behind", "behind", "far_behind"], "judgement")
    n = {"far_behind": 2, "behind": 5, "slightly_behind": 1}
    order = list(n)

    def ordinal(a, b):
        lo, hi = sorted((order.index(a), order.index(b)))
        return (sum(n[order[g]] for g in range(lo, hi + 1)) - (n[a] + n[b]) / 2) ** 2 if a != b else 0.0

    pairs = list(zip(s.value, r.reference))
    assert alpha_by_hand(pairs, ordinal) == pytest.approx(0.75)  # D_o = 2·9/8, D_e = 2·252/56
    assert lab.compare(s, r).by_field.iloc[0].alpha == pytest.approx(0.75, abs=5e-4)
    # value: interval on log10 of the numbers
    s, r = frame_rows(["1000", "10000000000", "10000"], ["2000", "10000000000", "10000"], "value")
    logs = [(math.log10(float(a)), math.log10(float(b))) for a, b in zip(s.value, r.reference)]
    by_hand = alpha_by_hand(logs, lambda a, b: (a - b) ** 2)
    row = lab.compare(s, r).by_field.iloc[0]
    assert row.alpha == pytest.approx(by_hand, abs=5e-4) and row.percent_agreement == pytest.approx(66.7)


# --------------------------------------------------------------------------- the example student


def test_the_example_student_gives_the_expected_agreement(reference):
    student, problems = lab_data.read_student(lab_data.EXAMPLE)
    assert problems == []
    res = lab.compare(student, reference)
    assert (res.n_agree, res.n_codes) == (21, 31)
    f = res.by_field.set_index("field")
    assert f.n_agree.to_dict() == {"dimension": 3, "judgement": 3, "trend": 3, "frame": 3, "predicted_outcome": 2,
                                   "qualifier": 2, "modality": 3, "value": 2}
    # nominal α by hand for two coders with nothing missing: α = 1 − (n − 1)·2d / (n² − Σ n_c²), with n = 8
    # values (four units), d units in disagreement and n_c the count of each value over both codings
    by_hand = {"dimension": 12 / 26,       # talent/capital_ecosystem once, models ×3: Σn² = 1+1+36
               "trend": 20 / 34,           # none 5, cycle 2, stable 1
               "frame": 32 / 46,           # selection 2, competition 3, ecosystem 1, progress 2
               "predicted_outcome": 0.3,   # none 4, elimination 2, consolidation 2; two misses
               "qualifier": 16 / 44,       # more_than 3, exact 3, approx 1, at_least 1; two misses
               "modality": 12 / 26,        # stated 6, hypothetical 1, forecast 1
               "judgement": 0.75}          # ordinal, worked out in the test above
    for field, a in by_hand.items():
        assert f.loc[field, "alpha"] == pytest.approx(a, abs=5e-4), field
    assert len(res.disagreements) == 10
    assert res.disagreements.split.sum() == 9  # all but lab-07's frame, where the project's coders agreed


def test_the_project_coders_compared_the_same_way(reference):
    codings = reliability.codings()
    first = lab.coder_answers(codings, reference, "first")
    assert first.set_index(["passage_id", "field"]).value[("lab-01", "dimension")] == "talent"
    results = {c: lab.compare(lab.coder_answers(codings, reference, c), reference) for c in ("first", "second")}
    # every code where a coder differs from the reference is one where the two coders split, or a rule changed
    for res in results.values():
        assert set(res.disagreements.passage_id + res.disagreements.field) <= \
            set(reference[reference.split | reference.adjudicated].pipe(lambda d: d.passage_id + d.field))
    table = lab.summary(results)
    assert list(table.index)[-1] == "all fields" and table.loc["all fields", "first"] == round(results["first"].percent, 1)


def test_a_student_file_is_read_leniently_and_its_problems_named(tmp_path):
    sheet = lab_data.worksheet_frame()
    answers = {("lab-02", "judgement"): "稍落后", ("lab-03", "judgement"): "Slightly Behind",
               ("lab-11", "value"): "1万", ("lab-10", "value"): "10,000,000,000", ("lab-05", "frame"): "war"}
    sheet["student_value"] = [answers.get((p, f), "") for p, f in zip(sheet.passage_id, sheet.field)]
    sheet = pd.concat([sheet, pd.DataFrame([{"passage_id": "lab-99", "field": "frame", "student_value": "market"},
                                            {"passage_id": "lab-02", "field": "judgement", "student_value": "ahead"}])])
    path = tmp_path / "mine.csv"
    sheet.to_csv(path, index=False)
    student, problems = lab_data.read_student(path)
    got = student.set_index(["passage_id", "field"]).value
    assert got[("lab-02", "judgement")] == "slightly_behind" and got[("lab-03", "judgement")] == "slightly_behind"
    assert float(got[("lab-11", "value")]) == 1e4 and float(got[("lab-10", "value")]) == 1e10
    assert got[("lab-05", "frame")] == ""
    messages = " ".join(str(p) for p in problems)
    assert "'war' is not a frame value" in messages and "lab-99" in messages and "answered twice" in messages
    res = lab.compare(student, lab_data.reference())
    assert res.n_agree == 3  # lab-02 judgement, lab-10 and lab-11 values; everything else blank or wrong
