"""The package's shape, as ARCHITECTURE.md draws it: layers whose imports only go down, no import
cycle, no plotting library below the charts layer, small modules and functions."""

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "baimo"

#: Layers, lowest first. A module may import from its own layer or any lower one. The publishing layer is
#: four rooms, themselves in order (a room may import from a lower room, never a higher one).
ROOMS = ["publish.notebooks", "publish.site", "publish.classroom", "publish.build"]
LAYERS = ["core", "data", "text", "analysis", "charts", *ROOMS, "cli"]
#: Layers that compute and must stay free of matplotlib and seaborn.
NO_PLOTTING = {"core", "data", "text", "analysis"}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) == 1:  # baimo itself (BaimoError, version): the foundation of everything
        return "core"
    if parts[1] == "publish":  # the package itself (its docstring) sits with the lowest room
        return ROOMS[0] if len(parts) == 2 else (f"publish.{parts[2]}" if f"publish.{parts[2]}" in ROOMS else None)
    return parts[1] if parts[1] in LAYERS else None


def imports(path: Path) -> set[str]:
    """Every module this file imports, anywhere in it (function-level imports included)."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.add(mod)
            out |= {f"{mod}.{a.name}" for a in node.names}  # "from . import corpus" imports a module
    return out


MODULES = {module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def internal_graph() -> dict[str, set[str]]:
    return {m: {i for i in imports(p) if i in MODULES and i != m} for m, p in MODULES.items()}


def test_every_module_is_in_a_layer():
    assert [m for m in MODULES if layer(m) is None] == []


def test_imports_only_go_down():
    up = [f"{m} ({layer(m)}) imports {i} ({layer(i)})" for m, deps in internal_graph().items() for i in deps
          if i != "baimo" and LAYERS.index(layer(i)) > LAYERS.index(layer(m))]
    assert up == []


def test_no_import_cycle():
    graph = internal_graph()
    # a package's __init__ importing nothing is the norm; a cycle is a path back to the start
    state, cycles = {}, []

    def visit(m, stack):
        state[m] = "open"
        for d in sorted(graph[m]):
            if state.get(d) == "open":
                cycles.append(" → ".join(stack[stack.index(d):] + [d]))
            elif d not in state:
                visit(d, stack + [d])
        state[m] = "done"

    for m in graph:
        if m not in state:
            visit(m, [m])
    assert cycles == []


@pytest.mark.parametrize("module", [m for m in MODULES if layer(m) in NO_PLOTTING])
def test_computing_layers_import_no_plotting_library(module):
    plotting = {i for i in imports(MODULES[module]) if i.split(".")[0] in ("matplotlib", "seaborn")}
    assert plotting == set()


def test_charts_read_no_table():
    """Charts draw what they are given: no chart module imports the data layer (which reads the tables)
    or the publishing layer (which decorates charts with what the tables say)."""
    reads = [f"{m} imports {i}" for m, deps in internal_graph().items() if layer(m) == "charts"
             for i in deps if i.startswith(("baimo.data", "baimo.publish"))]
    assert reads == []


def test_modules_and_functions_are_small():
    big_modules = [f"{m}: {n} lines" for m, p in MODULES.items()
                   if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    long_functions = []
    for m, p in MODULES.items():
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long_functions.append(f"{m}.{node.name}: {n} lines")
    assert big_modules == []
    assert long_functions == []


def test_every_room_says_what_it_is_for():
    """Each room of the publishing layer opens with a one-line docstring a newcomer can read."""
    import ast as ast_

    for room in ROOMS:
        init = PKG.joinpath(*room.split(".")) / "__init__.py"
        doc = ast_.get_docstring(ast_.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc.split(".")[0]) < 200, room


def test_a_room_importing_a_higher_room_is_refused():
    assert layer("baimo.publish.site.render") == "publish.site"
    assert LAYERS.index(layer("baimo.publish.build.run")) > LAYERS.index(layer("baimo.publish.classroom.slides"))
    assert layer("baimo.publish.nosuchroom.x") is None


def test_the_guard_sees_a_cycle_and_an_upward_import(tmp_path, monkeypatch):
    """The checks above can fail: a fake package with a cycle and an upward import trips them."""
    fake = tmp_path / "baimo"
    (fake / "core").mkdir(parents=True)
    (fake / "analysis").mkdir()
    for d in (fake, fake / "core", fake / "analysis"):
        (d / "__init__.py").write_text("", encoding="utf-8")
    (fake / "core" / "a.py").write_text("from ..analysis import b\n", encoding="utf-8")
    (fake / "analysis" / "b.py").write_text("import matplotlib\nfrom ..core import a\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PKG", fake)
    mods = {module_name(p): p for p in sorted(fake.rglob("*.py"))}
    monkeypatch.setattr(__import__(__name__), "MODULES", mods)
    with pytest.raises(AssertionError):
        test_imports_only_go_down()
    with pytest.raises(AssertionError):
        test_no_import_cycle()
    with pytest.raises(AssertionError):
        test_computing_layers_import_no_plotting_library("baimo.analysis.b")
