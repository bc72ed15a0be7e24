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

from conftest import ROOT, run_baimo

NOTEBOOK_FILES = ["00-corpus.md", "01-compute-gaps.md"]


@pytest.fixture
def proj(project_copy):
    """A data copy plus two notebook sources (the checks read front matter)."""
    for name in NOTEBOOK_FILES:
        (project_copy / "notebooks" / name).write_text((ROOT / "notebooks" / name).read_text(encoding="utf-8"),
                                                      encoding="utf-8")
    return project_copy


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


@pytest.mark.parametrize("text", ["inf", "Infinity", "nan", "1e400"])
def test_a_non_finite_number_is_refused(proj, text):
    edit_csv(proj / "data/claims/compute.csv", 2, "value", text)
    res = check(proj)
    assert f"data/claims/compute.csv row 2, column value: '{text}': not a finite number" in res.stdout, res.stdout


def test_a_value_that_contradicts_its_wording_is_refused(proj):
    edit_csv(proj / "data/claims/compute.csv", 2, "value", "9000000")  # original: 9000万美元 (9e7)
    res = check(proj)
    assert ("data/claims/compute.csv row 2, column value: 9e+06 does not match the wording '9000万美元' (unit usd)"
            in res.stdout), res.stdout


def test_a_speaker_who_does_not_speak_in_the_article_is_refused(proj):
    edit_csv(proj / "data/claims/compute.csv", 2, "speaker", "王坚")  # an sv101 row
    res = check(proj)
    assert "data/claims/compute.csv row 2, column speaker: '王坚' does not speak in sv101" in res.stdout, res.stdout


def test_an_empty_gloss_is_refused(proj):
    edit_csv(proj / "data/claims/framing.csv", 2, "quote_en", "")
    res = check(proj)
    assert "data/claims/framing.csv row 2, column quote_en: required but empty" in res.stdout, res.stdout


def test_a_said_on_outside_the_articles_dating_is_refused(proj):
    lag = pd.read_csv(proj / "data/claims/lag.csv", dtype=str, keep_default_na=False)
    row = int(lag.index[lag.article_id == "beyond"][0]) + 2
    edit_csv(proj / "data/claims/lag.csv", row, "said_on", "2024-09-01")
    res = check(proj)
    assert (f"data/claims/lag.csv row {row}, column said_on: '2024-09-01' is outside the article's dating "
            "(2024-05-01 to 2024-05-31, or up to a year before)") in res.stdout, res.stdout


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


def test_a_ragged_forecast_row_is_refused_without_a_crash(proj):
    f = proj / "data/claims/predictions.csv"
    rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8"))))
    rows[2] = rows[2][:-1]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    f.write_text(out.getvalue(), encoding="utf-8")
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
