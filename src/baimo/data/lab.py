"""The coding lab (``data/lab/``, notebook 06): passages students code with the codebook, the blank
worksheet, an example student's answers, and the project's reference coding with its reasons.

* ``passages.csv`` — one row per passage: the claim it is (``claim_id``), article and speaker, what to
  code (``target``), an optional verbatim ``before`` (the text right before the quote, for context),
  the verbatim ``quote`` with its gloss, and the ``fields`` the student codes (``;``-separated).
* ``reference.csv`` — one row per passage × field: the ``reference`` value (the adjudicated claims
  table's current value) and, where the two project coders agreed, a ``reason`` written for the lab.
  Where they disagreed the reason is *not* repeated here: it is read from
  ``data/reliability/adjudication.csv``, with the rule and both coders' values.
* ``worksheet.csv`` — the blank worksheet (:func:`worksheet_frame`): passage, field, allowed values,
  an empty ``student_value``. ``example_student.csv`` is the same, filled in by an invented student.

:func:`read_student` reads a filled worksheet leniently: values may be the code (``slightly_behind``),
its English or Chinese label (``slightly behind``, ``稍落后``) and numbers may carry commas or 万/亿;
anything it cannot read is reported as a problem and counted as not coded.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from ..core import codebook, paths, schema
from ..core.files import Problem, ValidationError
from ..core.numbers import zh_number
from . import claims, corpus, reliability

FOLDER = paths.DATA / "lab"
PASSAGES = FOLDER / "passages.csv"
REFERENCE = FOLDER / "reference.csv"
WORKSHEET = FOLDER / "worksheet.csv"
EXAMPLE = FOLDER / "example_student.csv"

#: The fields a student codes, in the order they are shown, with α's level of measurement for each
#: (the same levels as the project's reliability work, :data:`baimo.data.reliability.FIELDS`).
LEVELS: dict[str, str] = {"dimension": "nominal", "judgement": "ordinal", "trend": "nominal", "frame": "nominal",
                          "predicted_outcome": "nominal", "qualifier": "nominal", "modality": "nominal",
                          "value": "interval"}
FIELD_LABELS: dict[str, str] = {f: codebook.FIELD.words(f) for f in LEVELS}
VALUE_HELP = "a number in base units (2000, 1e10, 1万 and 100亿 are read too)"
PASSAGE_COLUMNS = ["passage_id", "claim_id", "article_id", "speaker", "target", "before", "before_en", "quote",
                   "quote_en", "fields"]
REFERENCE_COLUMNS = ["passage_id", "field", "reference", "reason"]
STUDENT_COLUMNS = ["passage_id", "field", "student_value"]
#: The adjudicator's tag at the start of a reason ("Followed second."): shown instead as the two codings.
_TAG = re.compile(r"^(Followed|Follows) (first|second)( \([^)]*\))?\.\s*|^Neither\.\s*|\s*Followed (first|second)\.$")


table_of = reliability.table_of  # the table a passage's claim is in


def allowed_values(field: str) -> str:
    """What a worksheet cell may hold, as printed in the worksheet's ``allowed_values`` column."""
    return VALUE_HELP if field == "value" else " / ".join(codebook.VOCAB[field])


# --------------------------------------------------------------------------- reading and checking


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    df, probs = schema.read_table(path, columns)
    if probs:
        raise ValidationError(probs)
    return df


def passages() -> pd.DataFrame:
    """The passages, with ``fields`` as a list."""
    df = _read(PASSAGES, PASSAGE_COLUMNS)
    return df.assign(fields=df.fields.str.split(";"))


def reference(adjudication: pd.DataFrame | None = None, codings: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per passage × field: ``passage_id``, ``claim_id``, ``field``, ``reference``, both project
    coders' values before adjudication (``first``, ``second``; ``split`` where they differ), and the ``rule``
    and ``reason``: from the adjudication where there is one (its "followed first/second" tag left out: the
    two codings are shown instead), else the lab's reason (``adjudicated`` says which)."""
    ref = _read(REFERENCE, REFERENCE_COLUMNS).merge(passages()[["passage_id", "claim_id"]], on="passage_id", how="left")
    adj = (reliability.adjudication(round=1) if adjudication is None else adjudication).set_index(["claim_id", "field"])
    cod = reliability.codings() if codings is None else codings
    wide = cod.pivot_table(index=["claim_id", "field"], columns="coder", values="value", aggfunc="first")
    rows = []
    for r in ref.itertuples(index=False):
        key = (r.claim_id, r.field)
        a = adj.loc[key] if key in adj.index else None
        coded = wide.loc[key] if key in wide.index else pd.Series({"first": "", "second": ""})
        rows.append({"passage_id": r.passage_id, "claim_id": r.claim_id, "field": r.field, "reference": r.reference,
                     "first": coded.get("first", ""), "second": coded.get("second", ""),
                     "rule": a["rule"] if a is not None else "codebook",
                     "reason": _TAG.sub("", a["reason"]) if a is not None else r.reason,
                     "adjudicated": a is not None})
    out = pd.DataFrame(rows)
    out["split"] = [not same_value(a, b, f) for a, b, f in zip(out["first"], out["second"], out.field)]
    return out


def problems() -> list[Problem]:
    """Everything wrong with the lab files: passages that are not their claim's verbatim quote (with a
    verbatim context right before it), fields outside the codebook, reference values that are not the
    adjudicated tables' current values, reasons missing or given twice. (The worksheet is derived: the
    build writes it from the passages, :mod:`baimo.publish.classroom.lab`.)"""
    out: list[Problem] = []
    try:
        pas, ref = passages(), _read(REFERENCE, REFERENCE_COLUMNS)
    except ValidationError as e:
        return e.problems
    tables = {t: claims.load(t).set_index("claim_id") for t in claims.threads()}
    out += _passage_problems(pas, tables)
    out += _reference_problems(pas, ref, tables)
    return out


def _passage_problems(pas: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    out, name = [], paths.rel(PASSAGES)
    texts = corpus.clean_texts()
    for i, p in enumerate(pas.itertuples(index=False), start=2):
        row = tables[table_of(p.claim_id)].loc[p.claim_id] if p.claim_id in tables[table_of(p.claim_id)].index else None
        if row is None:
            out.append(Problem(name, i, "claim_id", f"unknown claim {p.claim_id!r}"))
            continue
        for col in ("article_id", "speaker", "quote", "quote_en"):
            if getattr(p, col) != row[col]:
                out.append(Problem(name, i, col, f"differs from {p.claim_id}'s {col} in {table_of(p.claim_id)}.csv"))
        text = texts.get(p.article_id, "")
        if claims.find_quote(p.quote, text) is None:
            out.append(Problem(name, i, "quote", f"not found verbatim in the cleaned text of {p.article_id}"))
        if p.before and not context_precedes(p.before, p.quote, text):
            out.append(Problem(name, i, "before", "not the verbatim text right before the quote"))
        if bool(p.before) != bool(p.before_en):
            out.append(Problem(name, i, "before_en", "a context and its gloss go together"))
        for f in p.fields:
            if f not in LEVELS or f not in row.index:
                out.append(Problem(name, i, "fields", f"{f!r} is not a lab field of the {table_of(p.claim_id)} table"))
    return out


def _reference_problems(pas: pd.DataFrame, ref: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    out, name = [], paths.rel(REFERENCE)
    adj = reliability.adjudication(round=1)  # the lab sets students beside round 1's coders
    adjudicated = set(zip(adj.claim_id, adj.field))
    wanted = [(p.passage_id, f) for p in pas.itertuples() for f in p.fields]
    if list(zip(ref.passage_id, ref.field)) != wanted:
        return [Problem(name, None, None, "rows are not one per passage × field, in the passages' order")]
    claim_of = dict(zip(pas.passage_id, pas.claim_id))
    for i, r in enumerate(ref.itertuples(index=False), start=2):
        cid = claim_of[r.passage_id]
        if cid not in tables[table_of(cid)].index:
            continue  # the passage's unknown claim is reported once, with the passages
        current = tables[table_of(cid)].loc[cid, r.field]
        if not same_value(r.reference, current, r.field):
            out.append(Problem(name, i, "reference", f"{r.reference!r}, but {cid} now has {current!r}"))
        if r.field != "value" and r.reference not in codebook.VOCAB[r.field]:
            out.append(Problem(name, i, "reference", f"{r.reference!r} is not a {r.field} value"))
        if ((cid, r.field) in adjudicated) == bool(r.reason.strip()):
            out.append(Problem(name, i, "reason", "give a reason exactly where the project's coders agreed "
                                                  "(adjudication.csv gives it where they split)"))
    return out


def context_precedes(before: str, quote: str, text: str, gap: int = 3) -> bool:
    """Whether ``before`` occurs verbatim in ``text`` ending right before ``quote`` (whitespace ignored;
    at most ``gap`` characters between them, such as markdown ``**``)."""
    squashed, _ = claims.squash(text)
    b, _ = claims.squash(before)
    q, _ = claims.squash(quote)
    start = squashed.find(b)
    while start >= 0:
        between = squashed.find(q, start + len(b))
        if 0 <= between - (start + len(b)) <= gap:
            return True
        start = squashed.find(b, start + 1)
    return False


def same_value(a, b, field: str) -> bool:
    if field == "value":
        x, y = _number(str(a)), _number(str(b)) if not isinstance(b, float) else b
        return x is not None and y is not None and math.isclose(x, y, rel_tol=1e-9)
    return str(a) == str(b)


# --------------------------------------------------------------------------- the worksheet


def worksheet_frame(pas: pd.DataFrame | None = None) -> pd.DataFrame:
    """The blank worksheet: one row per passage × field, with the allowed values and an empty answer
    (``pas``: :func:`passages`, if the caller has read them already)."""
    pas = passages() if pas is None else pas
    rows = [{"passage_id": p.passage_id, "field": f, "allowed_values": allowed_values(f), "student_value": ""}
            for p in pas.itertuples() for f in p.fields]
    return pd.DataFrame(rows)


def _number(text: str) -> float | None:
    t = re.sub(r"[\s,，]", "", text)
    try:
        x = float(t)
    except ValueError:
        x = zh_number(t) if t else None
    return x if x is not None and math.isfinite(x) and x > 0 else None


def normalise(field: str, text: str) -> tuple[str, str]:
    """``(value, problem)``: a student's answer as the code it stands for (a number as plain digits),
    or ``("", what is wrong)``. Empty stays empty with no problem."""
    text = str(text).strip()
    if not text:
        return "", ""
    if field == "value":
        x = _number(text)
        return (format(x, ".15g"), "") if x is not None else ("", f"{text!r} is not a number")
    vocab = codebook.vocabulary(field)
    key = re.sub(r"[\s\-]+", "_", text.lower())
    for t in vocab.terms:
        names = {t.value, t.en.lower(), t.zh, vocab.label(t.value).lower()}
        if key in {re.sub(r"[\s\-]+", "_", n) for n in names if n}:
            return t.value, ""
    return "", f"{text!r} is not a {field} value ({', '.join(vocab.values)})"


def read_student(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """A filled worksheet: ``passage_id``, ``field``, ``answer`` (as typed), ``value`` (the code, or empty
    when blank or unreadable), and the problems found (unknown rows, unreadable answers, codes missing)."""
    path = Path(path)
    name = paths.rel(path)
    df, probs = schema.read_table(path, STUDENT_COLUMNS)
    if df is None:
        raise ValidationError(probs)
    wanted = {(p.passage_id, f) for p in passages().itertuples() for f in p.fields}
    rows, out, seen = [], [], set()
    for i, r in enumerate(df.itertuples(index=False), start=2):
        key = (r.passage_id.strip(), r.field.strip())
        if key not in wanted:
            out.append(Problem(name, i, "field", f"{key[0]} {key[1]}: not a passage and field of the lab"))
            continue
        if key in seen:
            out.append(Problem(name, i, "passage_id", f"{key[0]} {key[1]} answered twice; the first answer counts"))
            continue
        seen.add(key)
        value, problem = normalise(key[1], r.student_value)
        if problem:
            out.append(Problem(name, i, "student_value", problem + "; counted as not coded"))
        rows.append({"passage_id": key[0], "field": key[1], "answer": r.student_value.strip(), "value": value})
    for pid, f in sorted(wanted - seen):
        out.append(Problem(name, None, None, f"no row for {pid} {f}; counted as not coded"))
    return pd.DataFrame(rows, columns=["passage_id", "field", "answer", "value"]), out


# --------------------------------------------------------------------------- the codebook excerpt

#: The clarifications of ``data/CODEBOOK.md`` a student needs for the lab's fields.
CLARIFICATIONS = ("R2", "R4", "R5", "R7", "Judgement degree", "Trend", "Dimension", "Modality", "Framing")


def _plain(md: str) -> str:
    return re.sub(r"\*\*|`", "", md).strip()


def codebook_rules(fields=None) -> pd.DataFrame:
    """``field``, ``rule``: each lab field's rule as ``data/CODEBOOK.md`` states it (its table row)."""
    text = paths.track(paths.CODEBOOK).read_text(encoding="utf-8")
    rows = []
    for f in fields or LEVELS:
        m = re.search(rf"^\| `{f}` \| (.*?) \|$", text, flags=re.MULTILINE)
        rows.append({"field": f, "rule": _plain(m.group(1)) if m else ""})
    return pd.DataFrame(rows)


def clarifications(names=CLARIFICATIONS) -> pd.DataFrame:
    """``rule``, ``text``: the clarifications written after double coding (end of ``data/CODEBOOK.md``)
    whose title starts with one of ``names``."""
    text = paths.track(paths.CODEBOOK).read_text(encoding="utf-8")
    section = text.split("## Clarifications after double coding", 1)[-1]
    rows = []
    for item in re.split(r"^- ", section, flags=re.MULTILINE)[1:]:
        m = re.match(r"\*\*(.*?)\*\*\s*(.*)", item.split("\n\n")[0].strip(), flags=re.DOTALL)
        if not (m and m.group(1).startswith(tuple(names))):
            continue
        title, body = _plain(m.group(1)), " ".join(m.group(2).split()).lstrip("; ")
        if not title.endswith(".") and not re.match(r"R\d", title):  # "**Trend** is read …": one sentence
            body = f"{title} {body}"
        rows.append({"rule": title.rstrip("."), "text": _plain(body)})
    return pd.DataFrame(rows)
