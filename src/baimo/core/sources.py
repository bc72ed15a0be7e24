"""Publishers and copies in the reference tables (``data/reference/outcomes.csv``, ``public_record.csv``).

A row cites its publisher in ``source`` and lists in ``read_at`` the pages whose text was actually read
when they were not the publisher's own (a syndication, a mirror, a machine translation, a third party's
copy). :func:`copy_problems` keeps copies out of ``source``: a source may not cite a page on a host that
only ever serves copies (:data:`COPY_HOSTS`), nor a page on a site that a ``read_at`` of either table
lists as a copy, unless that site is also a publisher in its own right (:data:`ALSO_PUBLISHERS`, each
with its reason).
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pandas as pd

from .files import Problem

URL = re.compile(r"https?://[^\s;\"<>]+")

#: Hosts that serve copies of other people's pages or files, never a publisher's own text.
COPY_HOSTS = {
    "raw.githubusercontent.com": "a file in someone's GitHub repository (e.g. a third party's sample copy of a report)",
    "gist.githubusercontent.com": "a file in someone's gist",
    "gist.github.com": "someone's gist",
    "translate.baiducontent.com": "Baidu's machine translation of another site's page",
    "translate.goog": "Google's machine translation of another site's page",
    "threadreaderapp.com": "an unroll of someone's X thread",
    "web.archive.org": "an archived copy",
    "archive.ph": "an archived copy",
    "archive.today": "an archived copy",
    "webcache.googleusercontent.com": "a search engine's cached copy",
    "websiteproxy.net": "a web proxy's printed copy",
}
#: Hosts shared by many owners: there a site is the host and its first path segment (github.com/deepseek-ai).
SHARED_HOSTS = {"github.com", "huggingface.co", "gitee.com"}
#: Sites a read_at lists as a secondary report that are also cited as publishers (site: why both). None yet.
ALSO_PUBLISHERS: dict[str, str] = {}


def site(url: str) -> str:
    """The site a web address belongs to: its host without ``www.``, plus the owner on a shared host."""
    parts = urlparse(url)
    host = parts.netloc.lower().rsplit("@", 1)[-1].split(":")[0].removeprefix("www.")
    if host in SHARED_HOSTS:
        owner = next((s for s in parts.path.split("/") if s), "")
        return f"{host}/{owner.lower()}"
    return host


def sites(text: str) -> set[str]:
    """The sites of every web address in ``text``."""
    return {site(u.rstrip(".,)'")) for u in URL.findall(text or "")}


def copy_host(site_: str) -> str | None:
    """The entry of :data:`COPY_HOSTS` a site falls under (a subdomain counts), or None."""
    host = site_.split("/")[0]
    return next((h for h in COPY_HOSTS if host == h or host.endswith("." + h)), None)


def copy_problems(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """A problem for every ``source`` citing a copy, in ``{file name: frame}`` (frames with ``source`` and
    ``read_at``, rows in file order: row 2 is the first record)."""
    read_as_copy: dict[str, str] = {}
    for name, df in tables.items():
        for i, text in enumerate(df.read_at, start=2):
            for s in sites(text):
                read_as_copy.setdefault(s, f"{name} row {i}")
    out = []
    for name, df in tables.items():
        for i, text in enumerate(df.source, start=2):
            for s in sorted(sites(text)):
                host = copy_host(s)
                if host:
                    out.append(Problem(name, i, "source", f"cites {s}, {COPY_HOSTS[host]}: cite the publisher "
                                                          "and list the copy in read_at"))
                elif s in read_as_copy and s not in ALSO_PUBLISHERS:
                    out.append(Problem(name, i, "source", f"cites {s}, which read_at lists as a copy "
                                                          f"({read_as_copy[s]}): cite the publisher (or, if the "
                                                          "site is a publisher too, say why in ALSO_PUBLISHERS)"))
    return out
