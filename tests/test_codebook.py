"""One meaning per colour: every colour a vocabulary draws with has one stated meaning, and no two
meanings share a colour (the promise in :mod:`baimo.core.codebook`'s docstring)."""

from baimo.core import codebook


def test_every_colour_a_vocabulary_uses_has_a_stated_meaning():
    meanings = {c.upper() for c in codebook.COLOUR_MEANINGS}
    unexplained = [(v.name, t.value, t.colour) for v in vars(codebook).values() if isinstance(v, codebook.Vocabulary)
                   for t in v.terms if t.colour and t.colour.upper() not in meanings]
    assert not unexplained, unexplained


def test_no_two_meanings_share_a_colour():
    colours = [c.upper() for c in codebook.COLOUR_MEANINGS]
    assert len(colours) == len(set(colours)), colours
    named = [codebook.US, codebook.CHINA, codebook.BORNE_OUT, codebook.PARTLY_BORNE_OUT,
             codebook.CONTRADICTED, codebook.UNDECIDED, codebook.UNKNOWN, codebook.BEHIND, codebook.AHEAD,
             codebook.NO_REGION, codebook.INK, codebook.NEUTRAL, codebook.BACKGROUND]
    assert len({c.upper() for c in named}) == len(named)  # two named colours with one value would merge meanings
    assert set(named) == set(codebook.COLOUR_MEANINGS)



# --------------------------------------------------------------------------- one source of every label

import ast  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

from baimo.core import paths, registry  # noqa: E402

SRC = Path(codebook.__file__).parents[1]


def _strings(tree) -> list[tuple[int, str]]:
    """Every string literal of a module (f-strings' literal parts included), with its line; not docstrings."""
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs]


def _literals():
    """(place, line, text) of every string literal in the package (but the codebook) and the notebooks' code."""
    for f in sorted(SRC.rglob("*.py")):
        if f.name == "codebook.py":
            continue
        for line, text in _strings(ast.parse(f.read_text(encoding="utf-8"))):
            yield f.relative_to(SRC.parent).as_posix(), line, text
    for nb in registry.notebooks():
        for kind, source, start in registry.cells(nb):
            if kind == "code":
                for line, text in _strings(ast.parse(source)):
                    yield paths.rel(nb.source), start + line - 1, text


def typed_labels(literals, vocabularies) -> list[str]:
    """Where a vocabulary term's bilingual label (``own view 本人观点``, ``narrowing\\n缩小``) or its Chinese
    label on its own (a literal that is nothing but ``缩小``) is typed instead of asked of the codebook."""
    found = []
    terms = [(v.name, t) for v in vocabularies for t in v.terms if t.en and t.zh]
    for place, line, text in literals:
        # a Chinese label on its own is a label where things are drawn or shown; elsewhere (the text layer's
        # patterns, a notebook's search words) such a word is a word looked for in the articles
        bare = text.strip(" \n·:：()（）") if place.startswith(("baimo/charts/", "baimo/publish/")) else None
        for name, t in terms:
            pair = re.search(rf"{re.escape(t.en)}[ \n]{re.escape(t.zh)}(?![\u4e00-\u9fff])", text)
            if pair or (bare == t.zh and len(t.zh) >= 2):
                found.append(f"{place}:{line}: {name}.{t.value} label {t.en} {t.zh!r} typed in {text!r}")
    return found


def test_no_vocabulary_label_is_typed_outside_the_codebook():
    # the thread vocabulary is the registry's names (checked in test_registry), not labels to look up
    vocabularies = [v for name, v in codebook.VOCABULARIES.all().items() if name not in codebook.DERIVED]
    assert typed_labels(_literals(), vocabularies) == []


def test_the_label_check_can_fail():
    literals = [("baimo/charts/x.py", 1, "own view 本人观点"), ("baimo/charts/x.py", 2, "缩小"),
                ("baimo/charts/x.py", 3, "view from afar"), ("baimo/text/x.py", 4, "缩小")]
    vocab = [codebook.ATTRIBUTION, codebook._v("trend", codebook.T("narrowing", "narrowing", "缩小"))]
    assert [f.split(":")[1] for f in typed_labels(literals, vocab)] == ["1", "2"]


def test_codebook_md_documents_every_value():
    text = paths.CODEBOOK.read_text(encoding="utf-8")
    documented = set(re.findall(r"`([^`\n]+)`", text))
    missing = [f"{name}: {value}" for name, v in codebook.VOCABULARIES.all().items() for value in v.values
               if value not in documented]
    assert missing == []
