"""The reference tables cite publishers in `source`, never a copy: `baimo check` refuses a source on a host
that only serves copies (a third party's sample file on raw.githubusercontent.com, a machine translation,
a thread unroll) or on a site that a `read_at` lists as a copy. Each case breaks one cell in a copy of the
project (never the checkout)."""

import pandas as pd
import pytest

from baimo.core import sources
from baimo.data import outcomes
from conftest import run_baimo

SAMPLE = "https://raw.githubusercontent.com/shiva9198/module_1_rag/refs/heads/main/data/sample_doc.txt"


def set_cell(path, key: str, column: str, value: str) -> int:
    """Set one cell of the row whose first column is ``key``; returns its row number (header = 1)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    i = df.index[df.iloc[:, 0] == key][0]
    df.loc[i, column] = value
    df.to_csv(path, index=False)
    return int(i) + 2


def test_the_reference_tables_cite_no_copy():
    assert outcomes.source_problems() == []
    # and the copies are not hidden: the AI Index rows say where their text was read
    o = outcomes.load().set_index("outcome_id")
    assert SAMPLE in o.loc["O12", "read_at"] and "raw.githubusercontent.com" not in o.loc["O12", "source"]
    assert "hai.stanford.edu" in o.loc["O12", "source"]


def test_a_source_citing_a_third_party_sample_file_is_refused(proj):
    row = set_cell(proj / "data/reference/outcomes.csv", "O12", "source",
                   f"Stanford HAI, Artificial Intelligence Index Report 2025 (full text copy) {SAMPLE}")
    res = run_baimo(proj, "check")
    assert res.returncode == 1, res.stdout
    assert f"data/reference/outcomes.csv row {row}, column source: cites raw.githubusercontent.com" in res.stdout


@pytest.mark.parametrize("table,key,value,site", [
    # O02's own read_at lists this write-up as a copy it was read in
    ("outcomes.csv", "O02", "Evrim Agaci, 'OpenAI Surpasses SpaceX With Record $500 Billion Valuation' "
     "https://evrimagaci.org/gpt/openai-surpasses-spacex-with-record-500-billion-valuation-506207", "evrimagaci.org"),
    # another row's read_at lists news.az as a copy of Bloomberg
    ("outcomes.csv", "O10", "Bloomberg via News.az https://news.az/news/some-other-story", "news.az"),
    # the public record: a mirror of Tom's Hardware listed in F14's read_at
    ("public_record.csv", "F15", "Tom's Hardware (mirror) https://d33gy59ovltp76.cloudfront.net/news/x",
     "d33gy59ovltp76.cloudfront.net"),
])
def test_a_source_on_a_site_read_as_a_copy_is_refused(proj, table, key, value, site):
    row = set_cell(proj / "data/reference" / table, key, "source", value)
    res = run_baimo(proj, "check")
    assert res.returncode == 1, res.stdout
    assert f"data/reference/{table} row {row}, column source: cites {site}, which read_at lists as a copy" in res.stdout


def frame(source: str, read_at: str = "") -> pd.DataFrame:
    return pd.DataFrame({"source": [source], "read_at": [read_at]})


def test_copy_hosts_and_shared_hosts():
    problems = sources.copy_problems
    assert problems({"t": frame("Google-translated https://example-com.translate.goog/a")})  # a subdomain counts
    assert problems({"t": frame("thread https://threadreaderapp.com/thread/1.html")})
    # on a shared host the owner is the site: an official repository is not another owner's copy
    assert problems({"t": frame("DeepSeek README https://github.com/deepseek-ai/DeepSeek-V3",
                                "a copy in https://github.com/someone/notes")}) == []
    assert problems({"t": frame("README https://github.com/someone/notes",
                                "a copy in https://github.com/someone/notes/blob/main/x.md")})
    assert problems({"t": frame("Publisher https://www.example.org/a", "")}) == []


def test_a_site_that_is_also_a_publisher_needs_its_reason(monkeypatch):
    tables = {"a": frame("36Kr https://eu.36kr.com/en/p/1"), "b": frame("Ant, URL not found", "https://eu.36kr.com/en/p/2")}
    assert [p.row for p in sources.copy_problems(tables)] == [2]
    monkeypatch.setitem(sources.ALSO_PUBLISHERS, "eu.36kr.com", "36Kr publishes its own reporting")
    assert sources.copy_problems(tables) == []
