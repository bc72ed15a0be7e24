"""Downloads: every table and the data package, copied into the site beside the pages that offer them."""

from __future__ import annotations

import shutil
from pathlib import Path

from ...core import paths


def downloads(out: Path, staged: Path | None = None) -> None:
    """Every table and the data package, downloadable from the site (``data/…``, ``datapackage.json``).
    A file the build has just derived (it is in ``staged``, a folder laid out like the checkout) is
    taken from there: the checkout still holds the previous version until the build publishes."""
    wanted = [f.relative_to(paths.ROOT) for f in sorted(paths.DATA.rglob("*.csv")) + sorted(paths.DATA.glob("*.md"))
              if paths.RAW not in f.parents and paths.CLEAN not in f.parents]
    if staged is not None and (staged / "data").exists():
        wanted = sorted(set(wanted) | {f.relative_to(staged) for f in (staged / "data").rglob("*.csv")})
    wanted.append(paths.DATAPACKAGE.relative_to(paths.ROOT))
    for rel in wanted:
        source = staged / rel if staged is not None and (staged / rel).exists() else paths.ROOT / rel
        if source.exists():
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
