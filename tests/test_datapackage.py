"""datapackage.json describes the data fully (required fields, vocabularies, keys, missing values) and
Frictionless agrees: the package validates, and breaking a table makes it fail."""

import json
import shutil

import pandas as pd
import pytest

from baimo.core import paths
from baimo.data import claims
from baimo.publish.build import datapackage


def test_the_committed_package_is_what_the_code_generates():
    assert paths.DATAPACKAGE.read_text(encoding="utf-8") == datapackage.render(), "run ./dev build (it writes it)"
    assert paths.CLAIM_INDEX.read_text(encoding="utf-8") == datapackage.claim_index()


def test_every_claims_column_is_described_and_constrained():
    desc = datapackage.descriptor()
    by_name = {r["name"]: r for r in desc["resources"]}
    for thread in claims.threads():
        res = by_name[thread]
        header = paths.ROOT.joinpath(res["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
        fields = res["schema"]["fields"]
        assert [f["name"] for f in fields] == header
        assert [f["name"] for f in fields if not f.get("description")] == [], thread
        assert res["schema"]["missingValues"] == [""]  # so a region coded "n/a" stays a value
        assert {"fields": "article_id", "reference": {"resource": "articles", "fields": "article_id"}} \
            in res["schema"]["foreignKeys"]
        assert next(f for f in fields if f["name"] == "quote")["constraints"]["required"] is True
    links = by_name["links"]["schema"]["foreignKeys"]
    assert {"fields": "claim_id", "reference": {"resource": "claim_index", "fields": "claim_id"}} in links
    assert {"fields": "fact_id", "reference": {"resource": "public_record", "fields": "fact_id"}} in links


@pytest.fixture
def package_copy(tmp_path):
    for d in ("data",):
        shutil.copytree(paths.ROOT / d, tmp_path / d)
    shutil.copy2(paths.DATAPACKAGE, tmp_path / "datapackage.json")
    return tmp_path


def validate(root):
    from frictionless import Package

    report = Package(json.loads((root / "datapackage.json").read_text(encoding="utf-8")), basepath=str(root)).validate()
    return report.valid, [e.message for t in report.tasks for e in t.errors]


def test_frictionless_validates_the_package(package_copy):
    valid, errors = validate(package_copy)
    assert valid, errors[:5]


def test_frictionless_fails_on_an_empty_required_field_and_an_unknown_article(package_copy):
    f = package_copy / "data/claims/lag.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    df.loc[0, "quote"] = ""
    df.loc[1, "article_id"] = "nowhere"
    df.to_csv(f, index=False)
    valid, errors = validate(package_copy)
    assert not valid
    assert any('field "quote"' in e and "required" in e for e in errors), errors
    assert any("foreign key" in e.lower() or "nowhere" in e for e in errors), errors
