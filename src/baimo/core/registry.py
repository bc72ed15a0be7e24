"""The one registry of names: articles, threads, notebooks, figures and discussion questions.

Each name is declared once and everything else (validation, pages, slides, handout, lesson plans,
search, downloads, checks) asks this module:

* **articles** — ``data/articles.csv`` (one row per article; :func:`article_ids`);
* **threads** — ``data/threads.csv``: a thread's id, the id prefix of its rows, its table, its notebook
  and its labels (:func:`threads`); the notebook's ``# NN · title`` heading is the thread's title;
* **notebooks** — ``notebooks/NN-slug.md`` with their ``baimo:`` front matter (:class:`Notebook`);
* **figures** — declared where they are made: each ``figures.save(fig, "slug", …)`` call in a notebook's code
  declares the figure ``NN-slug`` (:func:`figures`, read from the source without running it). A chart is
  numbered by its place in its notebook (``Figure 01-1``); cards (``NN-card``) are not numbered. One way
  to cite a chart everywhere: :func:`cite` (``Figure 01-1 · 01-ratios``);
* **questions** — the numbered items of a notebook's ``## Discussion questions`` section, each with its
  teacher's note (:func:`questions`), cited as ``01-Q3``.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import BaimoError
from . import paths
from .files import read_csv
from .notebooks import Notebook, _stamp, cells, notebook, notebooks  # noqa: F401  (the registry's notebooks)

THREADS_TABLE = paths.DATA / "threads.csv"
THREAD_COLUMNS = ["thread", "prefix", "table", "notebook", "term_en", "term_zh", "reader_legend", "contents"]
#: The call that saves a figure in a notebook's code, ``figures.save(fig, "slug", …)`` (read statically).
SAVE_CALL = ("figures", "save")
#: Ids of the reference tables' rows, which are not threads: outcomes (``O12``) and public-record facts (``F16``).
REFERENCE_IDS = {"outcomes": r"O\d{2,3}", "reference": r"F\d{2,3}"}


# --------------------------------------------------------------------------- articles


def article_ids() -> list[str]:
    """Every article id, in ``data/articles.csv`` order (the only list of articles)."""
    return list(_articles(_stamp(paths.ARTICLES_TABLE)))


@lru_cache(maxsize=4)
def _articles(_key) -> tuple[str, ...]:
    return tuple(read_csv(paths.ARTICLES_TABLE, ["article_id"]).article_id)


# --------------------------------------------------------------------------- threads


@dataclass(frozen=True)
class Thread:
    thread: str  # compute
    prefix: str  # C: the first letter of its rows' ids
    table: str  # data/claims/compute.csv
    notebook: str  # 01-compute-gaps
    term_en: str  # compute (the thread as a label: the forecasts' ``thread`` column)
    term_zh: str
    reader_legend: str  # compute (numbers): what a highlight in the article reader is
    contents: str  # one sentence: what the table holds

    @property
    def is_claims(self) -> bool:
        """A claims table (one of the four coded threads), as opposed to the forecasts."""
        return self.table.startswith("data/claims/") and self.prefix != "X"

    @property
    def path(self) -> Path:
        return paths.ROOT / self.table


def threads() -> list[Thread]:
    """Every thread, in ``data/threads.csv`` order."""
    return list(_threads(_stamp(THREADS_TABLE)))


@lru_cache(maxsize=4)
def _threads(_key) -> tuple[Thread, ...]:
    df = read_csv(THREADS_TABLE, THREAD_COLUMNS)
    return tuple(Thread(**{c: r[c] for c in THREAD_COLUMNS}) for r in df.to_dict("records"))


def thread(name: str) -> Thread:
    for t in threads():
        if t.thread == name:
            return t
    raise BaimoError(f"{paths.rel(THREADS_TABLE)}: no thread {name!r} (one of {', '.join(t.thread for t in threads())})")


def claims_threads() -> list[str]:
    """The claims tables' threads (compute, lag, parameters, framing), in registry order."""
    return [t.thread for t in threads() if t.is_claims]


def table_of_prefix() -> dict[str, str]:
    """``{id prefix: table}`` for every thread (``C`` → ``compute``, ``X`` → ``predictions``)."""
    return {t.prefix: t.thread for t in threads()}


def id_pattern() -> str:
    """A regular expression matching every row id a page can link to: a thread's rows
    (``C-beyond-05``, ``X-kaifu-06``, for every article of the registry) and the reference tables' rows."""
    prefixes = "".join(sorted(table_of_prefix()))
    articles = "|".join(sorted(article_ids(), key=lambda a: (-len(a), a)))
    return rf"\b(?:[{prefixes}]-(?:{articles})-\d{{2,3}}|{'|'.join(REFERENCE_IDS.values())})\b"


def row_page(identifier: str) -> str | None:
    """Where a row is, from the site's root (``tables/compute.html#C-beyond-05``); None for anything
    that is not a row id."""
    for table, pattern in REFERENCE_IDS.items():
        if re.fullmatch(pattern, identifier):
            return f"tables/{table}.html#{identifier}"
    m = re.fullmatch(r"([A-Z])-[a-z0-9]+-\d{2,3}", identifier)
    table = table_of_prefix().get(m.group(1)) if m else None
    return None if table is None else f"tables/{table}.html#{identifier}"


# --------------------------------------------------------------------------- notebooks


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figure:
    figure: str  # 01-ratios
    notebook: str  # 01-compute-gaps
    slug: str  # ratios
    number: str  # 01-1 ("" for a card)
    line: int  # where it is saved in the notebook's source
    caption: str = ""  # the caption as written (a template where it is computed)
    rests_on: tuple[str, ...] = ()  # the double-coded fields it rests on (``rests_on=`` as written)

    @property
    def card(self) -> bool:
        return self.slug == "card"

    def cite(self) -> str:
        return f"Figure {self.number} · {self.figure}" if self.number else self.figure


class FigureDeclarationError(BaimoError):
    pass


def figures() -> list[Figure]:
    """Every figure the notebooks save, in notebook order then saving order (read statically)."""
    out = []
    for nb in notebooks():
        out += figures_of(nb)
    return out


def figures_of(nb: Notebook) -> list[Figure]:
    """The figures one notebook saves (read once per version of its source: every page, deck and check
    asks, and reading them means parsing every code cell)."""
    return list(_figures_of(_stamp(nb.source)))


@lru_cache(maxsize=32)
def _figures_of(key) -> tuple[Figure, ...]:
    nb = Notebook(Path(key[0]))
    found, k = [], 0
    for kind, source, line in cells(nb):
        if kind != "code":
            continue
        for call in _save_calls(nb, source, line):
            slug, caption, cline, rests_on = call
            number = ""
            if slug != "card":
                k += 1
                number = f"{nb.number}-{k}"
            found.append(Figure(f"{nb.number}-{slug}", nb.stem, slug, number, cline, caption, rests_on))
    seen = set()
    for f in found:
        if f.figure in seen:
            raise FigureDeclarationError(f"{paths.rel(nb.source)} line {f.line}: figure {f.figure} is saved twice")
        seen.add(f.figure)
    return tuple(found)


def _save_calls(nb: Notebook, source: str, line: int) -> list[tuple[str, str, int, tuple]]:
    try:
        tree = ast.parse(source)
    except SyntaxError as e:
        raise FigureDeclarationError(f"{paths.rel(nb.source)} line {line + (e.lineno or 1) - 1}: "
                                     f"a code cell is not valid Python ({e.msg})") from None
    out = []
    for node in ast.walk(tree):
        func = node.func if isinstance(node, ast.Call) else None
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and (func.value.id, func.attr) == SAVE_CALL:
            where = line + node.lineno - 1
            if len(node.args) < 2 or not (isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
                raise FigureDeclarationError(f"{paths.rel(nb.source)} line {where}: a figure's slug must be written "
                                             "as a string (save(fig, \"slug\", …)), so the registry can read it")
            cap = next((k.value for k in node.keywords if k.arg == "caption"), None)
            caption = cap.value if isinstance(cap, ast.Constant) else (ast.unparse(cap) if cap is not None else "")
            rests = next((k.value for k in node.keywords if k.arg == "rests_on"), None)
            try:
                rests_on = tuple(ast.literal_eval(rests)) if rests is not None else ()
            except ValueError:
                rests_on = ()  # computed: known when the notebook runs, not to the registry
            out.append((node.args[1].value, caption, where, rests_on))
    return sorted(out, key=lambda c: c[2])


def charted_fields() -> list[str]:
    """The double-coded fields some chart rests on (``rests_on=`` of the notebooks' saving calls)."""
    return sorted({f for fig in figures() for f in fig.rests_on})


def figure(figure_id: str) -> Figure:
    for f in figures():
        if f.figure == figure_id:
            return f
    raise BaimoError(f"no figure {figure_id!r}: no notebook saves it")


def figure_ids() -> dict[str, Figure]:
    return {f.figure: f for f in figures()}


#: A figure id as written in prose: two digits, a hyphen, a slug (``01-ratios``).
FIGURE_REF = re.compile(r"(?<![\w/.#\"'=-])(\d\d-[a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?![\w/-]|\.\w)")


def anchors(nb: Notebook) -> list[str]:
    """Sections a notebook marks to be cited like a figure (``<a id="04-metaphors"></a>``: a table)."""
    return [a for kind, text, _ in cells(nb) if kind == "markdown"
            for a in re.findall(r'<a id="(\d\d-[a-z0-9-]+)"></a>', text)]


def cite(figure_id: str) -> str:
    """The one way a chart is cited: ``Figure 01-1 · 01-ratios`` (a card: its id)."""
    return figure(figure_id).cite()


#: A citation as written in prose: the id, perhaps in backticks, perhaps after "chart"/"figure".
_CITATION = re.compile(r"(?:\b(?:the )?(?:[Cc]harts?|[Ff]igures?) )?`?" + FIGURE_REF.pattern + r"`?")


def cite_text(text: str, link=None, known: dict[str, Figure] | None = None) -> str:
    """``text`` with every figure it cites written the one way (``Figure 01-1 · 01-ratios``), whether the
    prose wrote ``01-ratios``, ```01-ratios```, ``chart 01-ratios`` or ``figure `01-ratios```; with
    ``link`` (a function of the :class:`Figure` giving a URL), as a Markdown link. Ids of anything else
    (notebooks, anchors, files) are left as written."""
    known = figure_ids() if known is None else known

    def one(m):
        fig = known.get(m.group(1))
        if fig is None or fig.card:
            return m.group(0)
        url = link(fig) if link else None
        return f"[{fig.cite()}]({url})" if url else fig.cite()

    return _CITATION.sub(one, text)


def figure_refs(text: str, known: dict[str, Figure] | None = None) -> list[str]:
    """The figure ids a piece of prose cites (ids of figures the notebooks save), in order."""
    known = figure_ids() if known is None else known
    return [m.group(1) for m in FIGURE_REF.finditer(text) if m.group(1) in known]


# --------------------------------------------------------------------------- discussion questions


@dataclass(frozen=True)
class Question:
    id: str  # 01-Q3
    notebook: str  # 01-compute-gaps
    n: int
    question: str  # Markdown
    note: str  # the teacher's note, Markdown
    figures: tuple[str, ...] = field(default=())  # the figures it cites


def questions(nb: Notebook | None = None) -> list[Question]:
    """The numbered questions of a notebook's ``## Discussion questions`` (every notebook's if None)."""
    if nb is None:
        return [q for n in notebooks() for q in questions(n)]
    md = "\n\n".join(s for kind, s, _ in cells(nb) if kind == "markdown")
    if "## Discussion questions" not in md:
        return []
    section = md.split("## Discussion questions", 1)[1].split("\n## ", 1)[0]
    known = figure_ids()
    out = []
    for item in re.split(r"^(?=\d+\. )", section, flags=re.M):
        m = re.match(r"(\d+)\. (.*?)(?:<details>(.*?)</details>|$)", item.strip(), flags=re.S)
        if m:
            note = re.sub(r"<summary>.*?</summary>", "", m.group(3) or "", flags=re.S).strip()
            text = m.group(2).strip()
            out.append(Question(f"{nb.number}-Q{m.group(1)}", nb.stem, int(m.group(1)), text, note,
                                tuple(dict.fromkeys(figure_refs(text, known)))))
    return out


def question(qid: str) -> Question:
    for q in questions(notebook(qid[:2])):
        if q.id == qid:
            return q
    raise BaimoError(f"no discussion question {qid!r}")
