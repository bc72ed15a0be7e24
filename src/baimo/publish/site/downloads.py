"""Downloads: every table and the data package, copied into the site beside the pages that offer them;
each notebook's executed ``.ipynb`` and MyST ``.md`` beside its page, and a link that runs it online
(Binder), made from the one repository address the project declares (``repository-code`` in
``CITATION.cff``)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote

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


def notebook_files(out: Path, sources: dict[str, Path], executed: dict[str, Path]) -> None:
    """Each notebook's MyST source (``sources``: stem → ``.md``) and executed copy (``executed``: stem →
    ``.ipynb``) beside its page, ``notebooks/NN-slug.md`` and ``.ipynb``."""
    folder = out / "notebooks"
    folder.mkdir(parents=True, exist_ok=True)
    for stem, md in sources.items():
        shutil.copyfile(md, folder / f"{stem}.md")
        shutil.copyfile(executed[stem], folder / f"{stem}.ipynb")


def repository_url(citation: Path | None = None) -> str | None:
    """The project's repository address, ``repository-code`` in ``CITATION.cff`` (None if it is not set)."""
    citation = citation or paths.CITATION
    if not citation.exists():
        return None
    m = re.search(r"""^repository-code:\s*["']?(https?://[^"'\s]+?)(?:\.git)?/?["']?\s*$""",
                  citation.read_text(encoding="utf-8"), flags=re.M)
    return m.group(1) if m else None


def launch_url(stem: str, citation: Path | None = None) -> str | None:
    """Binder's address for notebook ``stem``, opened in JupyterLab, from :func:`repository_url`."""
    repo = repository_url(citation)
    if repo is None:
        return None
    path = quote(f"notebooks/{stem}.ipynb", safe="")
    m = re.fullmatch(r"https://(github\.com|gitlab\.com)/([^/]+/[^/]+)", repo)
    if m:
        host = "gh" if m.group(1) == "github.com" else "gl"
        spec = m.group(2) if host == "gh" else quote(m.group(2), safe="")
        return f"https://mybinder.org/v2/{host}/{spec}/HEAD?labpath={path}"
    return f"https://mybinder.org/v2/git/{quote(repo, safe='')}/HEAD?labpath={path}"
