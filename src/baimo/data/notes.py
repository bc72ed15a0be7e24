"""Does a row's note still offer a code that adjudication ruled out? (the four claims tables)

For every adjudication decision on a field of a claim (``data/reliability/adjudication.csv``; not a
dropped row, not a link), the values it **ruled out** are the coders' values other than the final
one: the first coding when adjudication replaced it, and the second coder's value when adjudication
kept the first. The claim's ``note`` may mention such a value only to say that it was rejected; it
may not state it as the code or offer it as an option. :func:`stale_offers` says where it does.

**What counts as a mention** of a ruled-out value *X* of field *f*: the code itself (``far_behind``,
also written ``far behind``), its codebook labels in English and Chinese (``a few winners``,
``少数赢家``; an English label also in the singular, so ``applications`` is found in
"application-side"; for ``frame``, the codebook's glosses, e.g. "stages", "cycles" for ``progress``),
or, for a free-text or numeric field, the value as coded (a number also as ``10000`` and ``1e4``).
A word of six letters or more may carry an ending ("coexistence" → "coexistences"). Matching is
case-insensitive and on word boundaries.

**What makes a mention stale** (:data:`OFFERS`): *X* is stated as the code or offered as an option:

* stated: "coded X", "coded as X", "coded as the … X" (up to two words between), "f=X";
* offered: "or X", "X?", "X or …", "could/might/may (also) be (coded/read/seen as) (a/an …) X",
  "arguably/possibly/perhaps/maybe/alternatively/plausibly/borderline X", "X is (also) possible/
  plausible/defensible/an option", "X would (also) fit", "X rather than …" (X preferred).

**What keeps it fresh** (:data:`REJECTED`): the same clause (text between , ; : . ( ) ) says *X* was
rejected: "first coded X", "first coder", "not X", "no longer", "rather than X", "instead of X",
"rejected", "ruled out", "before adjudication", "adjudicated".

A note may also not offer the **final** value as an alternative ("could also be coded <final>"):
that note was written for the code adjudication replaced.
"""

from __future__ import annotations

import functools

import math
import re

import pandas as pd

from ..core import codebook, registry
from ..core.files import Problem

_OPTION = (r"(?:could|might|may|would)(?: also| equally| even| well)? (?:also )?(?:be|have been)"
           r"(?: coded| read| seen| taken| counted)?(?: as)?(?: an?| the)?(?: [\w-]+){0,2} ")
#: Constructions that state or offer a value; ``{X}`` stands for the value's forms, ``{F}`` for the field.
OFFERS = [
    r"\bcoded (?:as )?(?:(?:the|a|an) )?(?:[\w-]+ ){0,2}{X}", r"\b{F}={X}",
    r"\bor (?:as |even |perhaps |maybe |rather )?{X}", r"{X}\s*\?", r"{X} or\b", _OPTION + r"{X}",
    r"\b(?:arguably|possibly|perhaps|maybe|alternatively|plausibly|borderline) (?:an? |the )?{X}",
    r"{X} (?:is |would be |seems )?(?:also )?(?:possible|plausible|defensible|arguable|an option|an alternative)",
    r"{X} would (?:also )?fit", r"{X} rather than\b",
]
#: Words in the same clause that mark the mention as rejected.
REJECTED = re.compile(r"\b(?:first cod(?:ed|er|ing)|originally coded|not|never|no longer|rather than|instead of|"
                      r"rejected|ruled out|before adjudication|adjudicat\w*)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:.()—]")
#: The codebook's glosses of each frame (``data/CODEBOOK.md``, framing.csv): what a note calls a frame.
FRAME_GLOSSES = {
    "competition": ["war", "battle", "race"], "selection": ["exam", "qualifying round", "elimination", "survival"],
    "bubble": ["hype", "gold rush", "waste"], "market": ["commodity", "price war", "business model"],
    "ecosystem": ["openness", "co-operation"], "national": ["China vs US", "teams"],
    "progress": ["evolution", "stage", "stages", "cycle", "cycles"],
}


def forms(field: str, value: str) -> list[str]:
    """How a note may name ``value`` of ``field``: the code, its labels, or the value as coded."""
    value = str(value).strip()
    if not value:
        return []
    out = {value}
    if field in codebook.VOCAB and value in codebook.VOCAB[field]:
        term = codebook.VOCABULARIES[field].term(value)
        out |= {value.replace("_", " "), term.en, term.zh}
        if term.en.endswith("s") and len(term.en) > 4:
            out.add(term.en[:-1])
        if field == "frame":
            out |= set(FRAME_GLOSSES.get(value, []))
    else:
        try:
            x = float(value)
            if math.isfinite(x):
                out |= {f"{x:g}", f"{x:.0f}" if x == int(x) else f"{x:g}"}
                mantissa, exponent = f"{x:e}".split("e")
                out.add(f"{float(mantissa):g}e{int(exponent)}")  # 1e4, 2.5e10
        except ValueError:
            pass
    return sorted((f for f in out if f), key=len, reverse=True)


@functools.lru_cache(maxsize=None)
def _pattern(field: str, value: str) -> re.Pattern | None:
    names = forms(field, value)
    if not names:
        return None
    # a word may carry an ending (coexistence: coexists, coexisting) when its stem is long enough
    x = "|".join(rf"(?<![\w-]){re.escape(n)}" + (r"\w*" if len(n) >= 6 else r"(?!\w)") if re.match(r"\w", n)
                 else re.escape(n) for n in names)
    x = f"(?:{x})"
    return re.compile("|".join(p.replace("{X}", f"(?P<v{i}>{x})").replace("{F}", re.escape(field))
                               for i, p in enumerate(OFFERS)), re.IGNORECASE)


def _clause(note: str, start: int, end: int) -> str:
    left = max((m.end() for m in _CLAUSE_END.finditer(note, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE_END.finditer(note, end)), len(note))
    return note[left:right]


def stale_offers(note: str, field: str, value: str) -> list[str]:
    """The phrases of ``note`` that state or offer ``value`` of ``field`` (see the module docstring)."""
    pattern = _pattern(field, value)
    if pattern is None or not note:
        return []
    out = []
    for m in pattern.finditer(note):
        clause = _clause(note, m.start(), m.end())
        if REJECTED.search(clause):
            continue
        out.append(m.group(0).strip())
    return out


def ruled_out(decision) -> list[str]:
    """The values a decision ruled out: the coders' values other than the final one."""
    final = str(decision.final).strip()
    return [v for v in dict.fromkeys([str(decision.first).strip(), str(decision.second).strip()]) if v and v != final]


def _offers_final(note: str, field: str, final: str) -> list[str]:
    pattern = _pattern(field, final)
    if pattern is None:
        return []
    return [m.group(0) for m in pattern.finditer(note) if re.match(_OPTION, m.group(0), re.IGNORECASE)
            and not REJECTED.search(_clause(note, m.start(), m.end()))]


def note_problems(tables: dict[str, tuple[pd.DataFrame, str]], adjudication: pd.DataFrame) -> list[Problem]:
    """Stale notes: ``tables`` maps a thread (compute, lag, parameters, framing) to its frame and the
    file name to report; each decision on a field of one of their rows is checked against its note."""
    out = []
    decisions = adjudication[(adjudication.final != "DROP") & (adjudication.field != "row")
                             & ~adjudication.claim_id.str.contains("|", regex=False)]
    table_of = registry.table_of_prefix()
    for d in decisions.itertuples(index=False):
        thread = table_of.get(d.claim_id[0])
        if thread not in tables:
            continue
        df, name = tables[thread]
        rows = df.index[df.claim_id == d.claim_id]
        if not len(rows):
            continue
        i = rows[0]
        note = str(df.at[i, "note"])
        said = f"adjudication of {d.claim_id} {d.field} ({d.rule}): {d.first!r} / {d.second!r} → {d.final!r}"
        for value in ruled_out(d):
            for phrase in stale_offers(note, d.field, value):
                out.append(Problem(name, int(i) + 2, "note", f"states or offers {d.field} {value!r} ({phrase!r}), which the "
                                                             f"{said} ruled out"))
        if str(d.first).strip() != str(d.final).strip():
            for phrase in _offers_final(note, d.field, str(d.final)):
                out.append(Problem(name, int(i) + 2, "note", f"offers the final {d.field} {d.final!r} as an "
                                                             f"alternative ({phrase!r}): written for the replaced "
                                                             f"{d.first!r}; {said}"))
    return out
