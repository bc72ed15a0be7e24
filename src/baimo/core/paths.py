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


def _checkout_of(folder: Path) -> Path | None:
    """``folder`` or its nearest parent that is a Baimo checkout, if any."""
    for candidate in [folder, *folder.parents]:
        if (candidate / MARKER).exists():
            return candidate.resolve()
    return None


#: The checkout this package's code lives in (an editable install or ``PYTHONPATH=src``), else None
#: (installed from a wheel).
CODE_ROOT = Path(__file__).resolve().parents[3] if (Path(__file__).resolve().parents[3] / MARKER).exists() else None


def find_root() -> tuple[Path, bool, str]:
    """The project folder, whether it is really a checkout, and why it was chosen: ``BAIMO_ROOT`` if
    set; else the checkout you are in (the current folder or the nearest parent with
    ``data/articles.csv``), so ``baimo`` validates and builds the checkout you run it in even when
    another checkout's editable install is on the PATH; else the checkout the package was installed
    from. ``(cwd, False, …)`` when none is found."""
    if os.environ.get("BAIMO_ROOT"):
        root = Path(os.environ["BAIMO_ROOT"]).resolve()
        return root, (root / MARKER).exists(), "BAIMO_ROOT is set"
    here = _checkout_of(Path.cwd())
    if here is not None:
        return here, True, "the current folder is in it"
    if CODE_ROOT is not None:
        return CODE_ROOT, True, "the current folder is in no checkout; baimo's code was installed from this one"
    return Path.cwd().resolve(), False, "no checkout found"


ROOT, FOUND, WHY = find_root()
NOT_FOUND = ("baimo needs the repository checkout (a folder with data/articles.csv): run it inside a clone "
             "of the Baimo repository, or set BAIMO_ROOT to one")


def which_checkout() -> str | None:
    """A one-line notice when the checkout used is not the obvious one: another checkout's code runs on
    it, it was chosen because the current folder is in none, or ``BAIMO_ROOT`` points away from the
    checkout you are in (whose code runs is then your choice too). None when code, data and the
    current folder agree."""
    notes = []
    here = _checkout_of(Path.cwd())
    if WHY.startswith("BAIMO_ROOT"):
        if here is not None and here != ROOT:
            notes.append(f"using {ROOT} (BAIMO_ROOT is set), not the checkout you are in ({here})")
    elif WHY.startswith("the current folder is in no"):
        notes.append(f"using {ROOT}: {WHY}")
    elif CODE_ROOT is not None and CODE_ROOT != ROOT:
        notes.append(f"note: this runs the baimo code of {CODE_ROOT} (its install comes first on your PATH), "
                     f"not {ROOT}'s own src/; run ./dev or .venv/bin/baimo there to use that checkout's code")
    return "; ".join(notes) or None


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
DOCS = ROOT / "docs"
#: The lesson plans (hand-written; the teaching page shows them, ``baimo check`` checks every step).
LESSON_PLANS = DOCS / "lesson-plans.md"
#: The coding lab's answer key (derived by the build from ``data/lab/``).
ANSWER_KEY = DOCS / "coding-lab-answer-key.md"
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
