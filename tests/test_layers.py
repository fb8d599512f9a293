"""The import graph keeps DESIGN.md's layers: nothing imports upward, no package cycle."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

SRC = Path(__file__).parents[1] / "src"
PACKAGE = "strengthmodel"

# The layers, lowest first, as DESIGN.md ("Architecture", "Dependency direction as built")
# draws them: errors, ids -> the field model -> the wire codec -> measures/ -> steps/ ->
# plans/ -> the coping graph and the review (findings.py) -> interop/, simulation/ -> cli.
# A module may import from its own layer or a lower one. The modules DESIGN.md does not
# place sit where their imports put them: _describe (which errors needs) and the markup
# toolkit _html on the floor; show() (_show) just above it; client (a record, like the
# steps') with steps/; ops (the editing vocabulary DESIGN.md lists under plans/) with
# plans/; the review's display with the review; everything built from the whole model
# (analysis, demo, documents, privacy, rendering, streams, testing) beside interop/; and
# the package's own __init__ (the public face) at the top with cli.
# Keys are packages: a top-level module or subpackage of strengthmodel, or "strengthmodel"
# for its __init__.
LAYERS: dict[str, int] = {
    "errors": 0,
    "ids": 0,
    "_describe": 0,
    "_html": 0,
    "_codegen": 1,
    "_fields": 1,
    "_model": 1,
    "_show": 1,
    "_wire": 2,
    "serialization": 2,
    "measures": 3,
    "steps": 4,
    "client": 4,
    "plans": 5,
    "ops": 5,
    "coping": 6,
    "findings": 6,
    "_review_display": 6,
    "interop": 7,
    "simulation": 7,
    "analysis": 7,
    "demo": 7,
    "documents": 7,
    "privacy": 7,
    "rendering": 7,
    "streams": 7,
    "testing": 7,
    "cli": 8,
    "__main__": 8,
    PACKAGE: 8,
}

# Imports (importer, imported module) that break a rule today, outside the display, left
# for their owners to untangle. Each is exempt from both checks.
ALLOWED: frozenset[tuple[str, str]] = frozenset(
    {
        # The generated builder and editor methods call strengthmodel.ops, which builds
        # on plans/ (apply, changes, Plan): a cycle between plans/ and ops.
        ("strengthmodel.plans._builder_operations", "strengthmodel.ops"),
        ("strengthmodel.plans._editor_operations", "strengthmodel.ops"),
    }
)


def module_name(path: Path) -> str:
    """The dotted name of a source file (a package's __init__ is the package)."""
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}


def package_of(module: str) -> str:
    """The package a module belongs to: the key of LAYERS it falls under."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


@cache
def imports(module: str) -> tuple[tuple[str, int, bool], ...]:
    """Each import of the library in a module: (module imported, line, type-checking only).

    Every import statement counts, those inside functions included; ``from x import y``
    names the module ``x.y`` when ``y`` is a module. Imports by string (the package's lazy
    ``__getattr__``) are not seen.
    """
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    typing_only = {
        id(node)
        for branch in ast.walk(tree)
        if isinstance(branch, ast.If) and _is_type_checking(branch.test)
        for statement in branch.body
        for node in ast.walk(statement)
    }
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int, bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        found.extend(
            (target, node.lineno, id(node) in typing_only)
            for target in targets
            if target == PACKAGE or target.startswith(f"{PACKAGE}.")
        )
    return tuple(found)


def edges() -> list[tuple[str, str, int, bool]]:
    """Every import between modules: (importer, imported, line, type-checking only)."""
    return [
        (module, target, line, typing_only)
        for module in MODULES
        for target, line, typing_only in imports(module)
    ]


def test_every_module_has_a_layer():
    """Each module under src/strengthmodel falls in a package that LAYERS places."""
    assert sorted({package_of(m) for m in MODULES} - LAYERS.keys()) == []
    assert sorted(LAYERS.keys() - {package_of(m) for m in MODULES}) == []


def test_nothing_imports_from_a_higher_layer():
    """No import (type-checking ones included) goes from a lower layer to a higher one."""
    upward = [
        f"{importer}:{line} ({LAYERS[package_of(importer)]}) imports "
        f"{imported} ({LAYERS[package_of(imported)]})"
        for importer, imported, line, _ in edges()
        if (importer, imported) not in ALLOWED
        and LAYERS[package_of(importer)] < LAYERS[package_of(imported)]
    ]
    assert upward == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_cycle_between_packages():
    """The packages' run-time imports (module and function level) form no cycle.

    Imports under ``if TYPE_CHECKING:`` are left out here: a display module names the
    record types it renders that way, and no such import runs.
    """
    graph: dict[str, set[str]] = {}
    for importer, imported, _, typing_only in edges():
        source, target = package_of(importer), package_of(imported)
        if source != target and not typing_only and (importer, imported) not in ALLOWED:
            graph.setdefault(source, set()).add(target)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_loop_and_not_a_chain():
    """The cycle finder reports a two-package loop and leaves a chain alone."""
    assert _cycles({"a": {"b"}, "b": {"a", "c"}, "c": set()}) == [["a", "b"]]
    assert _cycles({"a": {"b"}, "b": {"c"}}) == []


def test_the_allowed_exceptions_still_exist():
    """Each ALLOWED import is still in the code (an exception fixed is an exception removed)."""
    present = {(importer, imported) for importer, imported, _, _ in edges()}
    assert sorted(ALLOWED - present) == []


def test_the_markup_toolkit_imports_nothing_from_the_library():
    """_html is domain-free: no import of strengthmodel at all."""
    assert imports("strengthmodel._html") == ()


def test_measures_no_longer_reach_plans_through_the_display():
    """measures/ imports nothing above itself, the display's old circle included."""
    reached = {
        package_of(imported)
        for importer, imported, _, _ in edges()
        if package_of(importer) == "measures" != package_of(imported)
    }
    assert sorted(reached) == ["_describe", "_fields", "_html", "errors", "ids", "serialization"]
