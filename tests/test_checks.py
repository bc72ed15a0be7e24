"""`baimo check` refuses what the build would refuse, each problem named by file, row, column and what
is wrong; each case breaks one thing in a copy of the project (never the checkout)."""

import csv
import io
import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from conftest import NOTEBOOK_FILES, ROOT, run_baimo



def check(root, **env) -> subprocess.CompletedProcess:
    return run_baimo(root, "check", env=env)


def edit_csv(path, row: int, column: str, value: str) -> None:
    """Set one cell (row numbered as in the messages: header = 1)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[row - 2, column] = value
    df.to_csv(path, index=False)


def test_the_project_passes(proj):
    res = check(proj)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "all checks passed" in res.stdout


@pytest.mark.parametrize("fields,expected", [
    (-1, "data/claims/compute.csv row 3: 16 fields, the header has 17"),
    (+1, "data/claims/compute.csv row 3: 18 fields, the header has 17"),
])
def test_a_ragged_row_is_refused_not_silently_cut(proj, fields, expected):
    f = proj / "data/claims/compute.csv"
    rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8"))))
    rows[2] = rows[2][:-1] if fields < 0 else rows[2] + ["extra"]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    f.write_text(out.getvalue(), encoding="utf-8")
    res = check(proj)
    assert res.returncode == 1 and expected in res.stdout, res.stdout


# Faults in single rows of the claims tables, planted together in one copy (different rows and tables,
# so none hides another) and checked once; each rule is its own test.


@pytest.fixture(scope="module")
def row_faults(tmp_path_factory):
    import shutil

    from conftest import copy_data

    root = copy_data(tmp_path_factory.mktemp("rows") / "proj")
    for name in NOTEBOOK_FILES:
        shutil.copy2(ROOT / "notebooks" / name, root / "notebooks" / name)
    claims = root / "data/claims"
    expected = {}
    for row, text in enumerate(["inf", "Infinity", "nan", "1e400"], start=2):
        edit_csv(claims / "parameters.csv", row, "value", text)
        expected[f"non-finite {text}"] = f"data/claims/parameters.csv row {row}, column value: '{text}': not a finite number"
    edit_csv(claims / "compute.csv", 2, "value", "9000000")  # original: 9000万美元 (9e7)
    expected["value against its wording"] = ("data/claims/compute.csv row 2, column value: 9e+06 does not match the "
                                             "wording '9000万美元' (unit usd)")
    compute = pd.read_csv(claims / "compute.csv", dtype=str, keep_default_na=False)
    row = int(compute.index[compute.article_id == "sv101"][1]) + 2
    edit_csv(claims / "compute.csv", row, "speaker", "王坚")
    expected["speaker not in the article"] = f"data/claims/compute.csv row {row}, column speaker: '王坚' does not speak in sv101"
    edit_csv(claims / "framing.csv", 2, "quote_en", "")
    expected["empty gloss"] = "data/claims/framing.csv row 2, column quote_en: required but empty"
    lag = pd.read_csv(claims / "lag.csv", dtype=str, keep_default_na=False)
    row = int(lag.index[lag.article_id == "beyond"][0]) + 2
    edit_csv(claims / "lag.csv", row, "said_on", "2024-09-01")
    expected["said_on outside the dating"] = (f"data/claims/lag.csv row {row}, column said_on: '2024-09-01' is outside "
                                              "the article's dating (2024-05-01 to 2024-05-31, or up to a year before)")
    return check(root), expected


ROW_FAULTS = ["non-finite inf", "non-finite Infinity", "non-finite nan", "non-finite 1e400", "value against its wording",
              "speaker not in the article", "empty gloss", "said_on outside the dating"]


@pytest.mark.parametrize("fault", ROW_FAULTS)
def test_a_bad_cell_is_refused_naming_file_row_and_column(row_faults, fault):
    res, expected = row_faults
    assert res.returncode == 1
    assert any(line.startswith(expected[fault]) for line in res.stdout.splitlines()), res.stdout


@pytest.mark.parametrize("damage,expected", [
    ("drop-line", "data/raw/articles/SEEDS-README.md: raw file not listed in data/raw/SHA256SUMS"),
    ("extra-file", "data/raw/articles/notes.txt: raw file not listed in data/raw/SHA256SUMS"),
    ("empty", "data/raw/SHA256SUMS: empty; it must list every raw file with its SHA-256"),
    ("deleted", "data/raw/SHA256SUMS: manifest missing; it must list every raw file with its SHA-256"),
])
def test_the_manifest_must_list_exactly_the_raw_files(proj, damage, expected):
    manifest = proj / "data/raw/SHA256SUMS"
    if damage == "drop-line":
        manifest.write_text("".join(ln for ln in manifest.read_text().splitlines(True) if "SEEDS-README" not in ln))
    elif damage == "extra-file":
        (proj / "data/raw/articles/notes.txt").write_text("a note\n", encoding="utf-8")
    elif damage == "empty":
        manifest.write_text("")
    else:
        manifest.unlink()
    res = check(proj)
    assert res.returncode == 1 and expected in res.stdout, res.stdout


def test_a_hand_edited_cleaned_text_is_refused(proj):
    f = proj / "data/processed/clean/kaifu.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("李开复", "李開復", 1), encoding="utf-8")
    res = check(proj)
    assert "data/processed/clean/kaifu.txt differs from what the cleaning code produces" in res.stdout, res.stdout
    assert "run `baimo clean`" in res.stdout


def test_a_front_matter_syntax_error_names_file_and_line(proj):
    f = proj / "notebooks/01-compute-gaps.md"
    text = f.read_text(encoding="utf-8")
    assert "  key_figure: 01-" in text
    f.write_text(re.sub(r"  key_figure: 01-\S+", "  key_figure: [01-gpu", text, count=1), encoding="utf-8")
    res = check(proj)
    assert "notebooks/01-compute-gaps.md line" in res.stdout and "front matter is not valid YAML" in res.stdout, res.stdout


def test_missing_front_matter_and_unknown_handout_claims_are_refused(proj):
    f = proj / "notebooks/01-compute-gaps.md"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("handout_claims: [C-sv101-24", "handout_claims: [C-beyond-99", 1), encoding="utf-8")
    g = proj / "notebooks/00-corpus.md"
    g.write_text(g.read_text(encoding="utf-8").replace("  question:", "  questions:", 1), encoding="utf-8")
    res = check(proj)
    assert "notebooks/01-compute-gaps.md: baimo.handout_claims names unknown claim or forecast id(s) ['C-beyond-99']" in res.stdout
    assert "notebooks/00-corpus.md: front matter lacks baimo.question" in res.stdout


def test_an_empty_table_is_refused(proj):
    f = proj / "data/claims/parameters.csv"
    f.write_text(f.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    res = check(proj)
    assert "data/claims/parameters.csv: no rows" in res.stdout, res.stdout


def test_a_broken_table_reports_itself_not_a_flood_of_link_errors(proj):
    f = proj / "data/claims/compute.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False).drop(columns=["quote_en"])
    df.to_csv(f, index=False)
    res = check(proj)
    assert "data/claims/compute.csv row 1, column quote_en: missing column" in res.stdout
    assert "links.csv" not in res.stdout, res.stdout


def test_messages_survive_an_ascii_only_terminal(proj):
    edit_csv(proj / "data/claims/compute.csv", 2, "speaker", "马斯克")
    res = subprocess.run([sys.executable, "-m", "baimo.cli", "check"], capture_output=True, cwd=proj,
                         env={**os.environ, "BAIMO_ROOT": str(proj), "LC_ALL": "C", "PYTHONUTF8": "0",
                              "PYTHONIOENCODING": "ascii"})
    out = res.stdout.decode("ascii")  # nothing but ASCII reached the terminal
    assert res.returncode == 1 and "UnicodeEncodeError" not in res.stderr.decode("ascii", "replace")
    assert "row 2, column speaker: unknown speaker '\\u9a6c\\u65af\\u514b'" in out


def test_outside_a_checkout_the_commands_say_so(tmp_path):
    res = run_baimo(tmp_path, "check")
    assert res.returncode == 2
    assert res.stderr.strip() == ("baimo check: baimo needs the repository checkout (a folder with data/articles.csv): "
                                  "run it inside a clone of the Baimo repository, or set BAIMO_ROOT to one")


def test_a_bad_forecast_cell_is_reported_once(proj):
    edit_csv(proj / "data/claims/predictions.csv", 2, "verdict", "maybe")
    res = check(proj)
    lines = [ln for ln in res.stdout.splitlines() if "predictions.csv row 2, column verdict" in ln]
    assert res.returncode == 1 and len(lines) == 1, res.stdout


def drop_last_cell(f, index: int) -> None:
    """Make row ``index`` (0 = the header) of a CSV file one cell short: a ragged row."""
    rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8"))))
    rows[index] = rows[index][:-1]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    f.write_text(out.getvalue(), encoding="utf-8")


def test_a_ragged_forecast_row_is_refused_without_a_crash(proj):
    drop_last_cell(proj / "data/claims/predictions.csv", 2)
    res = check(proj)
    assert res.returncode == 1 and "data/claims/predictions.csv row 3: " in res.stdout, res.stdout + res.stderr
    assert "Traceback" not in res.stderr and "AttributeError" not in res.stdout + res.stderr


def test_the_coding_lab_is_checked_too(proj):
    """An invented passage, a wrong reference answer and a dangling claim id in data/lab/ are refused."""
    edit_csv(proj / "data/lab/passages.csv", 2, "quote", "这句话从来没有出现在文章里")
    edit_csv(proj / "data/lab/reference.csv", 3, "reference", "ahead")
    edit_csv(proj / "data/lab/passages.csv", 4, "claim_id", "L-sv101-99")
    res = check(proj)
    assert res.returncode == 1
    assert "data/lab/passages.csv row 2, column quote" in res.stdout, res.stdout
    assert "data/lab/reference.csv row 3" in res.stdout, res.stdout
    assert "data/lab/passages.csv row 4, column claim_id" in res.stdout, res.stdout


# --------------------------------------------------------------------------- rules between tables
# One copy with one planted fault per rule (in different tables and rows, so none hides another), one
# `baimo check`; each rule is its own test, asserting its line and that the fault gave exactly one line.


def set_cell(path, key: str, key_value: str, column: str, value: str) -> int:
    """Set ``column`` in the row whose ``key`` is ``key_value``; return its row number (header = 1)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    i = int(df.index[df[key] == key_value][0])
    df.loc[i, column] = value
    df.to_csv(path, index=False)
    return i + 2


def first_row(path, **where) -> str:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column, test in where.items():
        df = df[df[column].map(test)]
    return df.iloc[0]


@pytest.fixture(scope="module")
def cross_faults(tmp_path_factory):
    import shutil

    from conftest import copy_data

    root = copy_data(tmp_path_factory.mktemp("cross") / "proj")
    for name in NOTEBOOK_FILES:
        shutil.copy2(ROOT / "notebooks" / name, root / "notebooks" / name)
    preds, outs = root / "data/claims/predictions.csv", root / "data/reference/outcomes.csv"
    adj = root / "data/reliability/adjudication.csv"
    lines = {}
    scored = lambda v: v in ("came_true", "partly", "did_not")  # noqa: E731
    a, b, c = (first_row(preds, verdict=scored, said_on=lambda s: s.startswith(y)).prediction_id
               for y in ("2023", "2024-03", "2024-05"))
    lines["resolved before said"] = set_cell(preds, "prediction_id", a, "resolved_on", "2020-01")
    lines["resolved after as-of"] = set_cell(preds, "prediction_id", b, "resolved_on", "2027-03")
    lines["scored without a date"] = set_cell(preds, "prediction_id", c, "resolved_on", "")
    early = first_row(preds, verdict=lambda v: v == "too_early", due=lambda d: d == "").prediction_id
    lines["too early past due"] = set_cell(preds, "prediction_id", early, "due", "2025-01-31")
    o1, o2 = pd.read_csv(outs, dtype=str, keep_default_na=False).outcome_id[:2]
    lines["infinite value"] = set_cell(outs, "outcome_id", o1, "value", "inf")
    lines["as_of not a date"] = set_cell(outs, "outcome_id", o2, "as_of", "last spring")
    dated = first_row(outs, unit=lambda u: u == "date").outcome_id
    lines["date value not a date"] = set_cell(outs, "outcome_id", dated, "value", "2025-13-01")
    df = pd.read_csv(adj, dtype=str, keep_default_na=False)
    keep = df.final != "DROP"
    i, j, k = df.index[keep][:3]
    df.loc[i, "final"] = df.loc[i, "first"] if df.loc[i, "final"] != df.loc[i, "first"] else df.loc[i, "second"]
    twin = df.loc[[j]].assign(final="a different value")
    # a decision about a claim no table has: added (renaming a real decision would also leave its
    # disagreement undecided, a second fault)
    ghost = df.loc[[k]].assign(claim_id=re.sub(r"\d+$", "99", df.loc[k, "claim_id"].split("|")[0]))
    df = pd.concat([df, twin, ghost], ignore_index=True)
    df.to_csv(adj, index=False)
    lines |= {"final not the table's": i + 2, "two decisions on one field": len(df), "unknown claim": len(df) + 1}
    res = check(root)
    return res, lines


CROSS = {  # rule → (file, column, words of the message)
    "resolved before said": ("data/claims/predictions.csv", "resolved_on", "is before the forecast was said"),
    "resolved after as-of": ("data/claims/predictions.csv", "resolved_on", "after the date the verdicts are made"),
    "scored without a date": ("data/claims/predictions.csv", "resolved_on", "needs the date it was resolved"),
    "too early past due": ("data/claims/predictions.csv", "verdict", "'too_early', but the forecast was due 2025-01-31"),
    "infinite value": ("data/reference/outcomes.csv", "value", "'inf': not a finite number"),
    "as_of not a date": ("data/reference/outcomes.csv", "as_of", "'last spring': not a date"),
    "date value not a date": ("data/reference/outcomes.csv", "value", "the unit is a date, and this is not a valid date"),
    "final not the table's": ("data/reliability/adjudication.csv", "final", "the table says what the decision in force decided"),
    "two decisions on one field": ("data/reliability/adjudication.csv", "field", "one decision per claim and field"),
    "unknown claim": ("data/reliability/adjudication.csv", "claim_id", "unknown claim or link"),
}


@pytest.mark.parametrize("rule", CROSS)
def test_a_rule_between_tables_is_checked_and_named_in_one_line(cross_faults, rule):
    res, rows = cross_faults
    file, column, words = CROSS[rule]
    mine = [ln for ln in res.stdout.splitlines() if ln.startswith(f"{file} row {rows[rule]}, column {column}:")]
    assert len(mine) == 1 and words in mine[0], res.stdout
    assert res.returncode == 1


def test_the_cross_table_faults_give_one_line_each(cross_faults):
    res, rows = cross_faults
    assert f"{len(CROSS)} problem(s)" in res.stderr, res.stdout + res.stderr


def test_a_forecast_said_before_publication_may_be_resolved_earlier():
    from baimo.data import crosscheck

    row = {"prediction_id": "X-a-01", "said_on": "2022-12-17", "resolved_on": "2022-11-30", "due": "", "verdict": "came_true",
           "note": ""}
    assert crosscheck.forecast_problems(pd.DataFrame([row]), "2026-12-01")
    row["note"] = "Said before publication (2022-12-17), probably in autumn 2022."
    assert crosscheck.forecast_problems(pd.DataFrame([row]), "2026-12-01") == []
    row["resolved_on"] = "2020-01"  # more than a year before: still refused
    assert crosscheck.forecast_problems(pd.DataFrame([row]), "2026-12-01")


def test_one_unreadable_table_is_one_line_not_a_cascade(proj):
    drop_last_cell(proj / "data/claims/compute.csv", 5)
    res = check(proj)
    assert res.stdout.splitlines() == ["data/claims/compute.csv row 6: 16 fields, the header has 17 (a missing or extra "
                                       "comma, or an unquoted comma in a text)"], res.stdout
    assert "1 problem(s)" in res.stderr


def test_a_duplicated_notebook_source_is_refused_by_name(proj):
    src = proj / "notebooks/01-compute-gaps.md"
    (proj / "notebooks/01-compute-gaps-Copy1.md").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    res = check(proj)
    assert res.returncode == 1
    assert res.stdout.splitlines() == ["notebooks/01-compute-gaps-Copy1.md: a second notebook numbered 01, beside "
                                       "notebooks/01-compute-gaps.md (a JupyterLab 'Duplicate'?); delete it, or give "
                                       "it a number of its own"], res.stdout


# --------------------------------------------------------------------------- which checkout


@pytest.fixture
def other_checkout(tmp_path):
    """Another checkout whose code is installed (its src/ on PYTHONPATH), with valid data."""
    import shutil

    other = tmp_path / "other"
    shutil.copytree(ROOT / "src", other / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(ROOT / "data", other / "data")
    return other


def test_baimo_checks_the_checkout_you_are_in_not_the_installed_one(proj, other_checkout):
    edit_csv(proj / "data/claims/compute.csv", 2, "speaker", "王坚")  # this checkout is broken, the other is not
    env = {k: v for k, v in os.environ.items() if k != "BAIMO_ROOT"}
    res = subprocess.run([sys.executable, "-m", "baimo.cli", "check"], capture_output=True, text=True, timeout=300,
                         cwd=proj / "notebooks", env={**env, "PYTHONPATH": str(other_checkout / "src")})
    assert res.returncode == 1, res.stdout + res.stderr
    assert "data/claims/compute.csv row 2, column speaker: '王坚' does not speak in sv101" in res.stdout
    assert f"this runs the baimo code of {other_checkout}" in res.stderr.splitlines()[0]
    assert f"not {proj}'s own src/" in res.stderr.splitlines()[0]


def test_outside_any_checkout_baimo_says_which_one_it_uses(tmp_path, other_checkout):
    env = {k: v for k, v in os.environ.items() if k != "BAIMO_ROOT"}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    res = subprocess.run([sys.executable, "-m", "baimo.cli", "check"], capture_output=True, text=True, timeout=300,
                         cwd=elsewhere, env={**env, "PYTHONPATH": str(other_checkout / "src")})
    assert res.stderr.splitlines()[0] == (f"baimo check: using {other_checkout}: the current folder is in no checkout; "
                                          "baimo's code was installed from this one"), res.stderr
