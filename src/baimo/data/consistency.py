"""Adjudication carried to every cell: checks that the tables say what the adjudication decided,
everywhere it applies (``baimo check`` and every build run them, through :mod:`baimo.text.rules`).

Each check returns :class:`~baimo.core.files.Problem` s naming file, CSV row (header = 1), column and
the adjudication decision or rule the cell conflicts with:

* :func:`baimo.data.verdicts.explanation_problems` — a link's explanation concludes for its own status;
* :func:`metaphor_problems` — the ``metaphor`` column agrees with ``source_domain`` (below);
* :func:`baimo.data.notes.note_problems` — no note offers a code adjudication ruled out;
* :func:`range_problems` (R5) and :func:`few_problems` (R4) — the numeric rules, on every row they cover.

The rules that need the text around a quote (R1: a lag row compares China with the US; R2: a host's
question predicts no outcome; R3: the narration reports) are in :mod:`baimo.text.rules`, which also
collects everything here.

**Metaphor and source domain** (codebook, ``framing.csv``: ``source_domain`` is "the domain a metaphor
or analogy borrows from … ``none`` (literal framing)"; ``metaphor`` is "empty if literal"):

1. a row with a source domain names the words it borrows: ``source_domain`` ≠ ``none`` → ``metaphor``
   filled. (The converse, "a row with a metaphor has a source domain", does *not* hold: the vocabulary
   has no "other" domain, so an image from a domain it lacks — gambling 赌, cards 洗牌, a lever 杠杆 — is
   coded ``none`` with its words kept; adjudication decided so for F-sv101-14 and F-sv101-18, and the
   codebook module labels ``none`` "no domain coded".)
2. so ``none`` with a metaphor is allowed only as that exception, and the note must say so with the
   words "no source_domain" (optionally "no listed/matching source_domain"); otherwise the phrase is
   literal and ``metaphor`` must be empty;
3. where adjudication changed ``source_domain`` to ``none``, the metaphor must be empty unless the
   decision's reason itself says no listed domain fits ("not in the list", "no listed domain").
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..core import paths, schema
from ..core.files import Problem
from . import claims, notes, record, reliability, verdicts

#: The note's words for "an image from a domain the vocabulary lacks" (rule 2 above).
UNLISTED_NOTE = re.compile(r"\bno (?:listed |matching )?source[ _]domain\b", re.IGNORECASE)
#: An adjudication reason that keeps a metaphor under ``none`` (rule 3 above).
UNLISTED_REASON = re.compile(r"not in the (?:source_domain )?list|no listed (?:source[ _])?domain", re.IGNORECASE)


def _to_none(adjudication: pd.DataFrame) -> dict[str, pd.Series]:
    d = adjudication[(adjudication.field == "source_domain") & (adjudication.final == "none")
                     & (adjudication["first"] != "none")]
    return {r.claim_id: r for _, r in d.iterrows()}


def metaphor_problems(framing: pd.DataFrame, name: str, adjudication: pd.DataFrame) -> list[Problem]:
    """``metaphor`` against ``source_domain`` and the adjudication (rules 1–3 of the module docstring)."""
    out, to_none = [], _to_none(adjudication)
    for i, r in enumerate(framing.itertuples(index=False), start=2):
        metaphor = r.metaphor.strip()
        if r.source_domain != "none":
            if not metaphor:
                out.append(Problem(name, i, "metaphor", f"source_domain {r.source_domain!r} but no metaphor words: "
                                                        "a borrowed domain names what it borrows (codebook)"))
            continue
        if not metaphor:
            continue
        d = to_none.get(r.claim_id)
        if d is not None and not UNLISTED_REASON.search(d.reason):
            out.append(Problem(name, i, "metaphor", f"{metaphor!r} kept, but adjudication ({d.rule}) changed "
                                                    f"source_domain {d['first']!r} → 'none' because the phrase is "
                                                    "literal: a literal framing has no metaphor"))
        elif not UNLISTED_NOTE.search(r.note):
            out.append(Problem(name, i, "metaphor", f"{metaphor!r} with source_domain 'none' (literal framing, "
                                                    "codebook): empty it, or, for an image from a domain the "
                                                    "vocabulary lacks, say 'no source_domain value fits' in the note"))
    return out


def range_problems(df: pd.DataFrame, name: str) -> list[Problem]:
    """R5: ``range`` whenever ``low`` and ``high`` are both filled, and a ``range`` has both bounds."""
    out = []
    for i, r in enumerate(df.itertuples(index=False), start=2):
        both = bool(str(r.low).strip()) and bool(str(r.high).strip())
        if both and r.qualifier != "range":
            out.append(Problem(name, i, "qualifier", f"{r.qualifier!r} with low and high both filled: R5 makes it "
                                                     "'range'"))
        elif r.qualifier == "range" and not both:
            out.append(Problem(name, i, "qualifier", "'range' needs both low and high (R5)"))
    return out


_DIGIT = {"十": 10, "百": 100, "千": 1e3, "万": 1e4, "亿": 1e8}
_FEW = re.compile(r"(?:几(?!乎)|数(?=[十百千万亿]))(?P<scale>[十百千万亿]*)")
_FLOOR = re.compile(r"以上|多|超过|突破|^上")


def _number(x: str) -> float | None:
    try:
        return float(x) if str(x).strip() else None
    except ValueError:
        return None


def few_problems(df: pd.DataFrame, name: str) -> list[Problem]:
    """R4: 几/数 + a scale (几家, 几十, 数十亿) means 2–9 of the scale: a ``range`` low 2×, high 9×; with a
    floor phrase (以上, 多, 超过, 突破, 上…) ``more_than`` with low = value = 2×."""
    out = []
    for i, r in enumerate(df.itertuples(index=False), start=2):
        m = _FEW.search(r.original)
        if not m:
            continue
        scale = 1.0
        for ch in m.group("scale"):
            scale *= _DIGIT[ch]
        low, high, value = _number(r.low), _number(r.high), _number(r.value)
        if _FLOOR.search(r.original):
            want, got = ("more_than", 2 * scale, 2 * scale), (r.qualifier, low, value)
            what = "more_than with low = value"
        else:
            want, got = ("range", 2 * scale, 9 * scale), (r.qualifier, low, high)
            what = "a range with low, high"
        if got != want:
            out.append(Problem(name, i, "qualifier" if got[0] != want[0] else "low",
                               f"{r.original!r}: R4 makes it {what} = {want[1]:g}, {want[2]:g} "
                               f"(has {got[0]}, {got[1]}, {got[2]})"))
    return out


def problems(root: Path | None = None) -> list[Problem]:
    """Every check of this module on the committed tables (``root``: another ``data/claims`` folder)."""
    adj = reliability.latest_decisions()  # a round-2 decision supersedes round 1's on the same cell
    tables, out = {}, []
    for thread in claims.threads():
        path = claims.table_path(thread, root)
        df, _ = schema.read_table(path, claims.columns(thread))
        if df is not None:
            tables[thread] = (df, paths.rel(path))
    for thread in ("compute", "lag", "parameters"):
        if thread in tables:
            out += range_problems(*tables[thread]) + few_problems(*tables[thread])
    if "framing" in tables:
        out += metaphor_problems(*tables["framing"], adj)
    out += notes.note_problems(tables, adj)
    links_path = (root.parent / "reference" / "links.csv") if root else record.LINKS
    links, _ = schema.read_table(links_path, record.LINK_COLUMNS)
    if links is not None:
        out += verdicts.explanation_problems(links, paths.rel(links_path), adj)
    return out
