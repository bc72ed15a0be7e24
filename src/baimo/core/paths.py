"""Every path the project uses, in one place (cookiecutter-data-science style).

The flow is one-way: ``data/raw`` (immutable copies) → ``data/processed`` (made by code)
→ ``figures`` and ``_site`` (made by the build).

Files read through :func:`track` are logged so the build can record which data files a
notebook used and re-run it only when one of them changes.
"""

from __future__ import annotations

import os
from pathlib import Path

#: A folder is a Baimo checkout if it has this file.
MARKER = Path("data") / "articles.csv"


def find_root() -> tuple[Path, bool]:
    """The project folder and whether it is really a checkout: ``BAIMO_ROOT`` if set, else the
    checkout this package was installed from (``pip install -e .``), else the current directory or
    the nearest parent that is a checkout. ``(cwd, False)`` when none is found."""
    if os.environ.get("BAIMO_ROOT"):
        root = Path(os.environ["BAIMO_ROOT"]).resolve()
        return root, (root / MARKER).exists()
    for candidate in [Path(__file__).resolve().parents[3], *[Path.cwd(), *Path.cwd().parents]]:
        if (candidate / MARKER).exists():
            return candidate.resolve(), True
    return Path.cwd().resolve(), False


ROOT, FOUND = find_root()
NOT_FOUND = ("baimo needs the repository checkout (a folder with data/articles.csv): run it inside a clone "
             "of the Baimo repository, or set BAIMO_ROOT to one")

DATA = ROOT / "data"
RAW = DATA / "raw"
RAW_ARTICLES = RAW / "articles"
MANIFEST = RAW / "SHA256SUMS"

ARTICLES_TABLE = DATA / "articles.csv"
SPEAKERS_TABLE = DATA / "speakers.csv"
CLEANING = DATA / "cleaning"
CORRECTIONS_TABLE = CLEANING / "corrections.csv"
CHROME_TABLE = CLEANING / "chrome.csv"
T2S_FIXES_TABLE = CLEANING / "t2s_fixes.csv"

PROCESSED = DATA / "processed"
CLEAN = PROCESSED / "clean"

CLAIMS = DATA / "claims"
REFERENCE = DATA / "reference"
LEXICON = DATA / "lexicon"
CODEBOOK = DATA / "CODEBOOK.md"
DATAPACKAGE = ROOT / "datapackage.json"
#: The citation file; its ``repository-code`` is the project's one repository address (the site's launch links).
CITATION = ROOT / "CITATION.cff"
#: Every claim id and its table: derived by the build from the claims tables (never read by the checks).
CLAIM_INDEX = PROCESSED / "claim_ids.csv"

NOTEBOOKS = ROOT / "notebooks"
#: The build points kernels at a staging folder (BAIMO_FIGURES) and moves figures in on success.
FIGURES = Path(os.environ.get("BAIMO_FIGURES", ROOT / "figures"))
SITE = ROOT / "_site"
BUILD_STATE = ROOT / ".build"
JIEBA_CACHE = BUILD_STATE / "jieba"

#: Paths read through :func:`track` during this process (the build reads this after a run).
READ_LOG: set[str] = set()


def track(path: Path) -> Path:
    """Record that ``path`` was read (relative to ROOT) and return it unchanged."""
    path = Path(path)
    try:
        READ_LOG.add(path.resolve().relative_to(ROOT).as_posix())
    except ValueError:
        READ_LOG.add(str(path.resolve()))
    return path


def rel(path: Path) -> str:
    """``path`` relative to the project root, for messages."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
