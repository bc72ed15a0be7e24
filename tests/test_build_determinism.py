"""Two builds of the same sources in two checkout locations give byte-identical outputs: every executed
notebook, figure, derived document and site file (pages, search index, handout PDF, downloads, font).
``built_copy`` is built where the checkout's state says (incrementally from it when the checkout is
built: then its outputs are the checkout's own, built in the checkout's folder); ``cold_build`` is built
from the sources alone in another folder."""

import hashlib

import pytest

pytestmark = [pytest.mark.slow]

OUTPUTS = ["notebooks", "figures", "_site", "datapackage.json", "docs/coding-lab-answer-key.md",
           "data/processed/claim_ids.csv", "data/lab/worksheet.csv"]


def digests(root) -> dict[str, str]:
    out = {}
    for name in OUTPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            rel = f.relative_to(root).as_posix()
            if rel.startswith("notebooks/") and f.suffix == ".md" and f.name != "README.md":
                continue  # sources, not outputs
            out[rel] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def differences(a, b) -> list[str]:
    da, db = digests(a), digests(b)
    return sorted(set(da) ^ set(db)) + sorted(k for k in set(da) & set(db) if da[k] != db[k])


def test_the_two_builds_are_in_different_folders(built_copy, cold_build):
    assert built_copy.resolve() != cold_build.resolve()
    assert len(str(cold_build)) != len(str(built_copy))  # a path-length difference would show in the outputs too


@pytest.mark.parametrize("part", ["notebooks", "figures", "derived", "site pages", "search index", "handout PDF",
                                  "site, everything else"])
def test_two_builds_in_two_locations_are_byte_identical(built_copy, cold_build, part):
    diff = differences(built_copy, cold_build)
    which = {
        "notebooks": lambda f: f.startswith("notebooks/"),
        "figures": lambda f: f.startswith("figures/"),
        "derived": lambda f: not f.startswith(("notebooks/", "figures/", "_site/")),
        "site pages": lambda f: f.startswith("_site/") and f.endswith(".html"),
        "search index": lambda f: f.startswith("_site/search-index"),
        "handout PDF": lambda f: f.endswith(".pdf"),
    }
    if part == "site, everything else":
        mine = [f for f in diff if f.startswith("_site/") and not any(t(f) for t in which.values())]
    else:
        mine = [f for f in diff if which[part](f)]
    assert mine == [], f"{len(mine)} file(s) differ between {built_copy} and {cold_build}: {mine[:10]}"
