"""Does a link's explanation argue for its own status? (``data/reference/links.csv``)

Every explanation has one shape: evidence, then a **conclusion**, its last sentence, which says in
so many words why the link has its status. Each status has a closed list of *conclusive phrasings*
(:data:`PHRASINGS`): the words that settle a link one way ("matches", "contradicts", "a different
date", "never published", "could not be located"…). :func:`argues_for` finds them in a sentence;
:func:`explanation_problems` then asks three things of every link:

1. its conclusion uses a phrasing of its own status;
2. its conclusion uses no phrasing of another status;
3. no earlier sentence uses a phrasing of another status (the evidence may not argue the other way).

Phrasings are matched most specific first, and a match consumes its words, so the negated forms
belong to the status they argue for: "can neither confirm nor contradict" is ``not_comparable``
(not ``agrees`` and ``differs``), "is inconsistent with" and "does not match" are ``differs``,
"could not be confirmed" is ``unverified``. A concession ("even though it matches…", up to the next
comma) argues for nothing: the codebook lets an ``undisclosed`` link say that a leak matches.

A link whose status adjudication changed is named with that decision, since a stale explanation
is one written for the status it had before.
"""

from __future__ import annotations

import re

import pandas as pd

from ..core.files import Problem

#: A concession argues for no status (consumed first).
CONCESSION = r"\beven (?:though|when|if)\b[^,.;]*"
#: Conclusive phrasings of each status, as regular expressions (case-insensitive). They are tried
#: in the order of :data:`ORDER` (most specific first), each match consuming its words.
PHRASINGS: dict[str, list[str]] = {
    "not_comparable": [
        r"\b(?:can|could)(?:not|n't)? neither confirm nor contradict\b", r"\bneither confirms? nor contradicts?\b",
        r"\bcannot (?:confirm or contradict|be compared)\b", r"\bnot (?:directly )?comparable\b",
        r"\b(?:a |another |an? )?different (?:quantity|date|measure|scope|thing|entity|model|kind of \w+|period|count)\b",
        r"\bmeasures? something else\b", r"\bcounts? something else\b", r"\b(?:only )?a presupposition\b",
        r"\bsays nothing about\b"],
    "unverified": [
        r"\bcould not (?:be )?(?:confirmed|located|verified|found|confirm|locate|verify|find)\b",
        r"\b(?:was |were |is )?not (?:located|confirmed)\b", r"\bunverified\b", r"\bno source\b"],
    "undisclosed": [
        r"\bnever (?:disclosed|published|confirmed|released)\b", r"\bundisclosed\b", r"\bdid not disclose\b",
        r"\bdiscloses no\b", r"\bwithh(?:o|e)lds?\b", r"\bnot disclosed\b", r"\bcannot be checked\b"],
    "differs": [
        r"\bcontradicts?\b", r"\bcontradicted\b", r"\bis wrong\b", r"\bdoes not hold\b", r"\bunderstates?\b",
        r"\boverstates?\b", r"\btoo (?:low|high|small|large)\b", r"\binconsistent with\b",
        r"\bdoes not (?:match|fit|agree)\b", r"\bnot [^,.;]{1,30}, but\b"],
    "agrees": [
        r"\bmatch(?:es|ed|ing)?\b", r"\bconsistent with\b", r"\bagrees?\b", r"\bconfirm(?:s|ed)?\b",
        r"\bin line with\b", r"\bfits?\b", r"\bsupports?\b", r"\bbears? out\b"],
}
ORDER = ["not_comparable", "unverified", "undisclosed", "differs", "agrees"]
_COMPILED = [(s, re.compile(p, re.IGNORECASE)) for s in ORDER for p in PHRASINGS[s]]
_ABBREVIATIONS = ("al", "e.g", "i.e", "cf", "vs", "approx", "no", "c")


def sentences(text: str) -> list[str]:
    """English sentences: split after . ! ? followed by a space and a capital, quote or bracket,
    except after an abbreviation (et al., e.g., i.e., cf., vs.)."""
    out, start = [], 0
    for m in re.finditer(r"[.!?]\s+(?=[A-Z\"'(‘“])", text):
        word = re.search(r"([\w.]+)$", text[start:m.start()])
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        out.append(text[start:m.end()].strip())
        start = m.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def argues_for(sentence: str) -> dict[str, list[str]]:
    """``{status: [phrases found]}`` for one sentence (concessions removed, specific phrasings first)."""
    text = re.sub(CONCESSION, " ", sentence, flags=re.IGNORECASE)
    found: dict[str, list[str]] = {}
    for status, pattern in _COMPILED:
        for m in list(pattern.finditer(text)):
            found.setdefault(status, []).append(m.group(0))
        text = pattern.sub(" ", text)
    return found


def _decision(adjudication: pd.DataFrame | None, unit: str) -> str:
    if adjudication is None:
        return ""
    d = adjudication[(adjudication.claim_id == unit) & (adjudication.field == "status")]
    if d.empty:
        return ""
    r = d.iloc[-1]
    return f"; adjudication ({r.rule}) made it {r.final!r} (first coded {r['first']!r})"


def explanation_problems(links: pd.DataFrame, name: str, adjudication: pd.DataFrame | None = None) -> list[Problem]:
    """Links whose explanation does not conclude for its own status, or argues for another one
    (see the module docstring). ``name`` is the file named in each problem."""
    out = []
    for i, r in enumerate(links.itertuples(index=False), start=2):
        parts = sentences(str(r.explanation))
        if not parts:
            continue
        said = f" ({r.claim_id}|{r.fact_id}, status {r.status})"
        where = _decision(adjudication, f"{r.claim_id}|{r.fact_id}")
        conclusion = argues_for(parts[-1])
        other = sorted(s for s in conclusion if s != r.status)
        if r.status not in conclusion:
            out.append(Problem(name, i, "explanation", f"the conclusion (last sentence) does not say why the link is "
                                                       f"{r.status!r}: none of its conclusive phrasings{said}{where}"))
        if other:
            out.append(Problem(name, i, "explanation", f"the conclusion argues for {', '.join(other)} "
                                                       f"({'; '.join(p for s in other for p in conclusion[s])}){said}{where}"))
        for n, sentence in enumerate(parts[:-1], start=1):
            found = argues_for(sentence)
            wrong = sorted(s for s in found if s != r.status)
            if wrong:
                out.append(Problem(name, i, "explanation", f"sentence {n} argues for {', '.join(wrong)} "
                                                           f"({'; '.join(p for s in wrong for p in found[s])}){said}{where}"))
    return out
