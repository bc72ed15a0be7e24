"""Every lesson-plan step resolves: the check ``baimo check`` runs on ``docs/lesson-plans.md``.

A plan is a ``## … · 50-minute plan`` section with a ``*Uses:*`` line (the places the class opens) and
a table of steps; the unit plan and the preamble are read the same way. In each step the check finds
what it names and confirms each thing exists where the step says:

* a question ``01-Q3`` (the registry's questions), a chart ``01-ratios`` (a figure some notebook saves),
  a coding-lab passage ``lab-07`` (``data/lab/passages.csv``);
* the places: ``slides 01`` (a deck the build writes), ``handout page 01`` (a page of the handout),
  ``notebook 01``; and that every question and chart the step names is shown by one of the places the
  step opens (by the plan's *Uses* line when the step names none). A question asked "on handout
  page 01" must be printed on that page; a step that has students read a *criterion* on a handout page
  needs a page that prints criteria;
* anything marked for printing (print, printed, printable, photocopy) names a document that is in a PDF
  the build makes (:data:`.pdf.PRINTED`);
* a 50-minute plan's minutes run from 0 to 50 without a gap.

And, for the handout as a whole: every question a handout page prints has its chart on that page.
What a place shows is read from what the build makes of it: the handout's own HTML, the decks'
charts and questions, the notebooks' registry entries, the printed documents' sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...core import paths, registry

PLANS = paths.LESSON_PLANS
QUESTION = re.compile(r"\b(\d\d)-Q(\d+)\b")
PASSAGE = re.compile(r"\blab-\d\d\b")
_LIST = r"(\d\d(?:(?:,| and| or| ·| &)? \d\d)*)"
PLACES = {"slides": re.compile(r"\b[Ss]lides " + _LIST), "handout": re.compile(r"\b[Hh]andout pages? " + _LIST),
          "notebook": re.compile(r"\b[Nn]otebooks? " + _LIST)}
PRINT_WORD = re.compile(r"\b(?:print|printed|prints|printable|printing|photocop\w*)\b", re.I)
PDF_NAME = re.compile(r"\b[\w-]+\.pdf\b")
MINUTES = re.compile(r"^\s*(\d+)\s*[–-]\s*(\d+)\s*$")


@dataclass
class Step:
    plan: str
    line: int
    text: str
    minutes: str = ""


@dataclass
class Plan:
    title: str
    line: int
    uses: str = ""
    steps: list[Step] = field(default_factory=list)

    @property
    def timed(self) -> bool:
        return "50-minute plan" in self.title


def parse(text: str) -> list[Plan]:
    """The plans of ``docs/lesson-plans.md``: the preamble is a plan of its own; in each section, every
    table row is a step and so is every paragraph (a ``*Print:*`` line too), and the ``*Uses:*`` line
    holds the plan's places."""
    plans, para = [Plan("Lesson plans (preamble)", 1)], None
    for n, line in enumerate(text.splitlines() + [""], start=1):
        body = line.strip()
        if para is not None and (not body or body.startswith(("|", "#", "*Uses:*", "*Print:*"))):
            if para.text.startswith("*Uses:*"):
                plans[-1].uses = para.text
            else:
                plans[-1].steps.append(para)
            para = None
        if line.startswith("## "):
            plans.append(Plan(line[3:].strip(), n))
        elif body.startswith("|") and not re.fullmatch(r"\|[\s|:-]*\|", body):
            cells = [c.strip() for c in body.strip("|").split("|")]
            if cells[0] not in ("minutes", "session"):  # a table's header
                plans[-1].steps.append(Step(plans[-1].title, n, " ".join(cells), cells[0]))
        elif body and not body.startswith(("|", "#")):
            para = para or Step(plans[-1].title, n, "")
            para.text = f"{para.text} {body}".strip()
    return plans


def places(text: str) -> set[tuple[str, str]]:
    """The places a piece of plan text opens: ``("slides", "01")``, ``("handout", "05")``, ``("notebook", "06")``."""
    return {(kind, n) for kind, rx in PLACES.items() for m in rx.finditer(text) for n in re.findall(r"\d\d", m.group(1))}


#: A figure id written as one: in backticks, or after "chart"/"figure" (an unknown one is reported).
_WRITTEN_AS_FIGURE = re.compile(r"(?:`|\b(?:[Cc]harts?|[Ff]igures?) `?)(\d\d-[a-z][a-z0-9]*(?:-[a-z0-9]+)*)")


def figures_named(text: str, known: dict, stems: set[str]) -> list[str]:
    """Every figure id the text names: the registry's figures anywhere, and anything written as a
    figure id (in backticks or after "chart"), known or not; notebook stems are not figures."""
    named = [m.group(1) for m in registry.FIGURE_REF.finditer(text) if m.group(1) in known]
    named += [m.group(1) for m in _WRITTEN_AS_FIGURE.finditer(text) if m.group(1) not in stems]
    return list(dict.fromkeys(named))


# --------------------------------------------------------------------------- what each place shows


@dataclass
class Kit:
    """What each place of the teaching kit shows: ``shows[("slides", "01")] = {"01-ratios", "01-Q1", …}``."""
    shows: dict = field(default_factory=dict)
    criteria: set = field(default_factory=set)  # handout pages that print each of their forecasts' criterion
    verdicts: set = field(default_factory=set)  # handout pages that print a forecast's verdict
    handout_questions: dict = field(default_factory=dict)  # page → [(question id, its charts)]
    handout_figure: dict = field(default_factory=dict)  # page → chart id or None
    printed: dict = field(default_factory=dict)  # "handout.pdf" → what it prints ({"handout", "handout 01", …})
    passages: set = field(default_factory=set)
    questions: dict = field(default_factory=dict)  # every question id → the charts it cites


def kit(nbs=None) -> Kit:
    """Read what the build makes of each place (the handout's HTML, the decks, the notebooks, the PDFs)."""
    from ...data import lab
    from ..notebooks.model import notebooks
    from . import pdf
    from .handout import handout_html
    from .kit import threads
    from .slides import figures_of

    nbs = nbs if nbs is not None else notebooks()
    k = Kit(passages=set(lab.passages().passage_id))
    for nb in nbs:
        qs = registry.questions(nb)
        k.questions.update({q.id: q.figures for q in qs})
        k.shows[("notebook", nb.number)] = {f.figure for f in registry.figures_of(nb)} | {q.id for q in qs}
    for nb in threads(nbs):
        charts = [s for s, _ in figures_of(nb.ipynb)] if nb.ipynb.exists() else \
            [f.figure for f in registry.figures_of(nb) if not f.card]
        k.shows[("slides", nb.number)] = set(charts) | {q for q in k.questions if q[:2] == nb.number}
    _read_handout(k, handout_html(nbs, figure_dirs=False))  # the build draws and measures the charts
    k.printed = pdf.printed_contents(k)
    return k


def _read_handout(k: Kit, page_html: str) -> None:
    import html

    from ...data import predictions

    preds = predictions.load()
    criteria = dict(zip(preds.prediction_id, preds.criterion))
    for m in re.finditer(r'<section class="[^"]*handout-page[^"]*" id="handout-(\d\d)">(.*?)</section>', page_html, re.S):
        n, body = m.group(1), m.group(2)
        fig = re.search(r'src="figures/(\d\d-[a-z0-9-]+)\.png"', body)
        qids = re.findall(r"<b>(\d\d-Q\d+)\.</b>", body)
        k.handout_figure[n] = fig.group(1) if fig else None
        k.handout_questions[n] = [(q, k.questions.get(q, ())) for q in qids]
        k.shows[("handout", n)] = set(qids) | ({fig.group(1)} if fig else set())
        forecasts = [c for c in dict.fromkeys(re.findall(r"\bX-[a-z0-9]+-\d+\b", body)) if c in criteria]
        if forecasts and all(html.escape(criteria[c]) in body for c in forecasts):
            k.criteria.add(n)
        if re.search(r'class="verdict (?:came_true|partly|did_not|too_early|unresolvable)"', body):
            k.verdicts.add(n)


# --------------------------------------------------------------------------- the check


def _where(place: tuple[str, str]) -> str:
    kind, n = place
    return {"slides": f"slides {n}", "handout": f"handout page {n}", "notebook": f"notebook {n}"}[kind]


def step_problems(step: Step, uses: set, k: Kit, known: dict, stems: set[str]) -> list[str]:
    """What a step names that is missing, or not where the step says."""
    at = f"{paths.rel(PLANS)} line {step.line} ({step.plan})"
    out, opened = [], places(step.text)
    for place in sorted(opened):
        if place not in k.shows:
            out.append(f"{at}: opens {_where(place)}, which the build does not make")
    here = [p for p in sorted(opened | uses) if p in k.shows]
    for qid in dict.fromkeys(m.group(0) for m in QUESTION.finditer(step.text)):
        if qid not in k.questions:
            out.append(f"{at}: names question {qid}, which notebook {qid[:2]} does not have")
            continue
        page = ("handout", qid[:2])
        if page in opened and qid not in k.shows[page]:
            out.append(f"{at}: asks {qid} on handout page {qid[:2]}, which does not print it")
        elif not any(qid in k.shows[p] for p in here):
            out.append(f"{at}: names {qid}, but none of the places it uses ({', '.join(map(_where, here)) or 'none'}) shows it")
    for fig in dict.fromkeys(figures_named(step.text, known, stems)):
        if fig not in known:
            out.append(f"{at}: names chart {fig}, which no notebook saves")
        elif not any(fig in k.shows[p] for p in here):
            out.append(f"{at}: names chart {fig}, but none of the places it uses ({', '.join(map(_where, here)) or 'none'}) shows it")
    for pid in dict.fromkeys(PASSAGE.findall(step.text)):
        if pid not in k.passages:
            out.append(f"{at}: names passage {pid}, which data/lab/passages.csv does not have")
    for kind, n in sorted(opened):
        if kind == "handout" and re.search(r"criteri", step.text) and n not in k.criteria:
            out.append(f"{at}: has students read each forecast's criterion on handout page {n}, which does not print them")
        if kind == "handout" and re.search(r"\bbefore\b.*\bverdict", step.text) and n in k.verdicts:
            out.append(f"{at}: has students score before they see the verdict, but handout page {n} prints the verdicts")
    return out + print_problems(step, opened, k, at)


def print_problems(step: Step, opened: set, k: Kit, at: str) -> list[str]:
    """Anything the step marks for printing is in a PDF the build makes."""
    out = []
    for sentence in re.split(r"(?<=[.;!?])\s+", step.text):
        if not PRINT_WORD.search(sentence):
            continue
        wanted = [f"handout {n}" for kind, n in places(sentence) if kind == "handout"]
        wanted += [name for name in PDF_NAME.findall(sentence)]
        wanted += [w for w in ("handout", "worksheet", "answer key", "answer strip") if re.search(rf"\b{w}", sentence)
                   and not (w == "handout" and any(x.startswith("handout ") for x in wanted))]
        if not wanted:
            out.append(f"{at}: marks something for printing but names no document the build prints: {sentence.strip()!r}")
        for w in wanted:
            if not any(w == name or w in holds for name, holds in k.printed.items()):
                out.append(f"{at}: marks {w} for printing, but no PDF the build makes holds it")
    return out


def minutes_problems(plan: Plan) -> list[str]:
    spans = [(s, MINUTES.match(s.minutes)) for s in plan.steps if s.minutes]
    at, end = f"{paths.rel(PLANS)} line {plan.line} ({plan.title})", 0
    out = []
    for s, m in spans:
        if not m:
            out.append(f"{paths.rel(PLANS)} line {s.line}: minutes {s.minutes!r} are not 'a–b'")
            return out
        if int(m.group(1)) != end:
            out.append(f"{paths.rel(PLANS)} line {s.line}: starts at minute {m.group(1)}, the step before ended at {end}")
        end = int(m.group(2))
    if end != 50:
        out.append(f"{at}: its steps end at minute {end}, not 50")
    return out


def handout_problems(k: Kit) -> list[str]:
    """Every question a handout page prints has its chart on that page."""
    known = registry.figure_ids()
    out = [f"handout page {n}: its chart {fig} is not a figure notebook {n} saves (baimo.handout_figure)"
           for n, fig in sorted(k.handout_figure.items()) if fig and (fig not in known or fig[:2] != n)]
    for n, qs in sorted(k.handout_questions.items()):
        for qid, charts in qs:
            off = [c for c in charts if c != k.handout_figure.get(n)]
            if off:
                out.append(f"handout page {n}: prints {qid}, which uses {', '.join(off)}, not on that page "
                           f"(its chart is {k.handout_figure.get(n) or 'none'}; baimo.handout_figure / handout_questions "
                           f"in notebooks/{n}-….md)")
    return out


def problems(nbs=None, text: str | None = None) -> list[str]:
    """Every break between the lesson plans and the kit (empty: every step resolves)."""
    from ..notebooks.model import notebooks

    nbs = nbs if nbs is not None else notebooks()
    text = text if text is not None else (PLANS.read_text(encoding="utf-8") if PLANS.exists() else "")  # none: no plan to check
    k, known, stems = kit(nbs), registry.figure_ids(), {nb.stem for nb in nbs}
    out = handout_problems(k)
    for plan in parse(text):
        uses = places(plan.uses)
        out += step_problems(Step(plan.title, plan.line, plan.uses), uses, k, known, stems) if plan.uses else []
        for step in plan.steps:
            out += step_problems(step, uses, k, known, stems)
        out += minutes_problems(plan) if plan.timed else []
    return out
