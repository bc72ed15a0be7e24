"""The provenance footer every notebook ends with: package, data and library versions."""

from __future__ import annotations

import hashlib
from importlib.metadata import version

from ... import __version__
from ...core import paths


def data_version() -> str:
    """A short content hash of the data folder (raw, cleaning, claims, reference, lexicon)."""
    h = hashlib.sha256()
    for f in sorted(p for p in paths.DATA.rglob("*") if p.is_file() and p != paths.CLAIM_INDEX):
        paths.track(f)  # the footer shows this hash, so a notebook with a footer depends on all of data/
        h.update(paths.rel(f).encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def footer():
    from IPython.display import Markdown

    libs = ", ".join(f"{p} {version(p)}" for p in ("pandas", "matplotlib", "seaborn", "jieba", "opencc"))
    return Markdown(
        f"---\n**Provenance.** baimo {__version__}; data version `{data_version()}` (SHA-256 of `data/`); "
        f"{libs}. Built by `baimo build`; every number above comes from a table row with a verbatim quote."
    )
