"""Every check the build runs, in one place: ``baimo check`` and the build both call :func:`run`, so
"all checks passed" means the build will not refuse its inputs.

The checks, in order (a stage whose inputs failed an earlier stage is skipped, so one broken file
reports its own problems, not a cascade):

1. raw files: the manifest lists exactly the files present, each unaltered;
2. metadata: ``data/articles.csv`` (ids, raw files, dates that fit their precision) and
   ``data/speakers.csv`` (unique names, known articles);
3. cleaning: every rule table applies (each rule matches as it says) and the committed cleaned
   texts are exactly what the code regenerates (a hand edit is refused; ``baimo clean`` rewrites them);
4. the claims tables, their links to the public record, the other tables of the project (the
   reliability files included: ``agreement.csv`` must be what the codings give), and the coding lab's
   passages and reference answers (``data/lab/``);
5. the lexicon (user dictionary, stop words, frame lexicon);
6. the notebooks: front matter present and valid YAML, handout claims that exist;
7. the teaching kit: every lesson-plan step resolves (``publish.classroom.plans``: questions, charts,
   slides, handout pages, lab passages, printed PDFs), and every handout question's chart is on its page.
"""

from __future__ import annotations

from ... import BaimoError
from ...core import paths, schema
from ...core.files import Problem
from ...core.schema import Field

ARTICLE_FIELDS = [
    Field("article_id", "id", pattern=r"[a-z0-9]+", unique=True), Field("raw_file", unique=True),
    Field("title_zh"), Field("title_en"), Field("outlet"), Field("kind"), Field("date"),
    Field("date_precision", "vocab", vocab="date_precision"), Field("date_note"),
    Field("script", "vocab", vocab="script"), Field("speakers"),
    Field("host"),
]
SPEAKER_FIELDS = [Field("speaker", unique=True), Field("name_en"), Field("role"), Field("affiliation"),
                  Field("articles"), Field("markers", required=False)]


def _stage(out: list, fn) -> bool:
    """Run one stage; collect its problems (a raised BaimoError counts as one); True if clean."""
    before = len(out)
    try:
        out += fn() or []
    except BaimoError as e:
        out += str(e).splitlines()
    return len(out) == before


def metadata_problems() -> list[Problem]:
    from ...data import corpus

    out = []
    for path, fields in ((paths.ARTICLES_TABLE, ARTICLE_FIELDS), (paths.SPEAKERS_TABLE, SPEAKER_FIELDS)):
        df, probs = schema.read_table(path, [f.name for f in fields])
        out += probs if df is None else schema.check_fields(df, fields, paths.rel(path))
    if out:
        return out
    arts = corpus.articles()
    for i, a in enumerate(arts.itertuples(), start=2):
        try:
            corpus.date_spans(arts.iloc[[i - 2]])
        except BaimoError:
            out.append(Problem(paths.rel(paths.ARTICLES_TABLE), i, "date",
                               f"{a.date!r} does not fit date_precision {a.date_precision!r}"))
    known = set(arts.article_id)
    for i, s in enumerate(corpus.speakers().itertuples(), start=2):
        unknown = [x.strip() for x in s.articles.split(";") if x.strip() not in known]
        if unknown:
            out.append(Problem(paths.rel(paths.SPEAKERS_TABLE), i, "articles", f"unknown article(s) {unknown}"))
    return out


def cleaning_problems() -> list[str]:
    """Each committed cleaned text must be exactly what the cleaning code produces now."""
    from ...data import cleaning

    out = []
    for c in cleaning.clean_all():
        f = paths.CLEAN / f"{c.article_id}.txt"
        committed = f.read_text(encoding="utf-8") if f.exists() else None
        if committed != c.text:
            where = "is missing" if committed is None else f"differs from what the cleaning code produces ({_first_difference(committed, c.text)})"
            out.append(f"{paths.rel(f)} {where}; run `baimo clean` to regenerate it from the raw file and the "
                       "cleaning tables (a hand edit belongs in a cleaning table, with its reason)")
    return out


def _first_difference(a: str, b: str) -> str:
    for n, (x, y) in enumerate(zip(a.splitlines(), b.splitlines()), start=1):
        if x != y:
            return f"first at line {n}: {x[:30]!r} vs {y[:30]!r}"
    return "lengths differ"


def unreadable_claims_tables() -> list[str]:
    """The claims tables that cannot be read at all (their ids are unknown, so no check that looks an id
    up runs: one broken file is reported once, not as every reference to it)."""
    from ...data import claims

    return [t for t in claims.threads() if schema.read_table(claims.table_path(t), claims.columns(t))[0] is None]


def table_problems() -> list:
    from ...data import claims, outcomes, predictions, record, reliability

    out = claims.check_all()
    if unreadable_claims_tables():
        return out
    links = record.links()
    claim_ids = set(claims.all_claim_ids())
    coded = reliability.problems(claim_ids, set(links.claim_id + "|" + links.fact_id))
    out += coded
    if not coded:  # agreement.csv is what the (valid) codings give: no stale α drives a flag (issue 22)
        from ...text import agreement

        out += agreement.stale()
    out += outcomes.problems()
    out += record.record_problems()
    if not out:  # the outcomes are valid by now: their ids, read without checking them a third time
        from ...text import rules  # adjudication carried to every cell: links, notes, metaphors, R1-R5

        out += rules.problems()
        outcome_ids = set(schema.read_table(outcomes.PATH, outcomes.COLUMNS)[0].outcome_id)
        out += predictions.problems(claim_ids, outcome_ids)
        preds, _ = schema.read_table(predictions.PATH, predictions.COLUMNS)
        if preds is not None:  # (an unreadable table has just reported itself)
            out += outcomes.problems(claim_ids | set(preds.prediction_id))
            from ...data import scoring  # the verdicts scored twice, and every disagreement decided

            out += scoring.problems(dict(zip(preds.prediction_id, preds.verdict)))
    if not out:  # the rules between tables (forecast dates, outcome values, adjudication in force)
        out += cross_table_problems(links)
    if not out:  # every quote found: each number and comparison in the articles coded or left out on purpose
        from ...text import candidates

        out += candidates.problems()
    for thread in claims.threads():
        df, _ = schema.read_table(claims.table_path(thread), claims.columns(thread))
        if df is not None and df.empty:
            out.append(Problem(paths.rel(claims.table_path(thread)), None, None, "no rows"))
    if not out:  # the coding lab's passages and answers, against the (valid) claims tables
        from ...data import lab

        out += lab.problems()
    return out


def cross_table_problems(links) -> list:
    """:mod:`baimo.data.crosscheck` on tables every earlier check has passed."""
    from ...data import claims, crosscheck, outcomes, predictions, reliability

    as_of = predictions.AS_OF
    out = crosscheck.forecast_problems(schema.read_table(predictions.PATH, predictions.COLUMNS)[0], as_of)
    out += crosscheck.outcome_problems(schema.read_table(outcomes.PATH, ["value", "unit", "as_of"])[0], as_of)
    tables = {t: claims.load(t) for t in claims.threads()}
    coded = set(reliability.codings().claim_id)
    return out + crosscheck.adjudication_problems(reliability.adjudication(), tables, links, coded)


def lexicon_problems() -> list:
    """The lexicon files read, and a gloss for every metaphor word the framing table codes (notebook 04
    prints each with its English; a new article's metaphors need their rows in glosses.csv)."""
    from ...analysis.framing import metaphor_pieces
    from ...data import claims, lexicon

    lexicon.userdict_words()
    lexicon.stopwords()
    lexicon.frame_lexicon()
    glossed = set(lexicon.glosses().term)
    path = claims.table_path("framing")
    df, _ = schema.read_table(path, claims.columns("framing"))
    out = []
    for i, r in enumerate([] if df is None else df.itertuples(), start=2):
        missing = [w for w in metaphor_pieces(r.metaphor) if w not in glossed and not w.isascii()]
        if missing:
            out.append(Problem(paths.rel(path), i, "metaphor", f"{'、'.join(missing)}: no English gloss in "
                                                               f"{paths.rel(lexicon.GLOSSES)} (add a row: term,gloss_en,kind)"))
    return out


def notebook_problems() -> list:
    from ...data import claims, predictions
    from ..notebooks.model import notebooks

    nbs = notebooks()
    if not nbs:
        return [f"{paths.rel(paths.NOTEBOOKS)}: no notebooks (NN-slug.md)"]
    out = name_problems(nbs)
    # claims or forecasts; the forecasts' own problems are the table checks' to report (once), and
    # while a claims table cannot be read its ids are unknown (reported once, as that table's problem)
    preds, _ = schema.read_table(predictions.PATH, predictions.COLUMNS)
    ids = None if preds is None or unreadable_claims_tables() else set(claims.all_claim_ids()) | set(preds.prediction_id)
    for nb in nbs:
        probs = nb.meta_problems()
        out += probs
        if not probs and ids is not None:
            unknown = [c for c in nb.meta.get("handout_claims", []) if c not in ids]
            if unknown:
                out.append(f"{paths.rel(nb.source)}: baimo.handout_claims names unknown claim or forecast id(s) {unknown}")
    return out


def kit_problems() -> list:
    """The lesson plans against the kit the build makes (:func:`baimo.publish.classroom.plans.problems`)."""
    from ..classroom import plans

    return plans.problems()


def name_problems(nbs) -> list[str]:
    """One notebook per number, each named ``NN-slug.md`` (a JupyterLab "Duplicate" such as
    ``02-lag-estimates-Copy1.md`` would otherwise run as a second notebook 02)."""
    import re

    out, by_number = [], {}
    for nb in nbs:
        by_number.setdefault(nb.number, []).append(nb)
    for same in by_number.values():  # the original: the one that is not a copy, else the shortest name
        same.sort(key=lambda nb: (bool(re.search(r"-Copy\d*$", nb.stem)), len(nb.stem), nb.stem))
        for nb in same[1:]:
            copy = " (a JupyterLab 'Duplicate'?)" if re.search(r"-Copy\d*$", nb.stem) else ""
            out.append(f"{paths.rel(nb.source)}: a second notebook numbered {nb.number}, beside "
                       f"{paths.rel(same[0].source)}{copy}; delete it, or give it a number of its own")
        if not re.fullmatch(r"\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*", same[0].stem):
            out.append(f"{paths.rel(same[0].source)}: a notebook's name is NN-slug.md (lower-case letters, digits "
                       "and hyphens); rename it")
    return out


def run() -> list:
    """Every check, in order; the problems found (Problem objects or messages). Empty means valid."""
    from ...data import corpus

    out: list = []
    if not _stage(out, lambda: corpus.verify_raw() and []):
        return out
    if not _stage(out, metadata_problems):
        return out
    tables = _stage(out, cleaning_problems) and _stage(out, table_problems)
    _stage(out, lexicon_problems)
    if _stage(out, notebook_problems) and tables:  # the kit reads the tables and the front matter
        _stage(out, kit_problems)
    return out
