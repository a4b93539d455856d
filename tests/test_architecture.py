"""The house keeps its shape by test: the floors point down and the packages form no cycle.

Floors (docs/ARCHITECTURE.md): api → contests → scoring. Inside contests, only the use-cases
(contests.usecases) load, write and audit; nothing else in contests imports them, so the
domain packages stay pure. Every import statement is read with `ast`, including imports
inside functions, so a lazy import cannot hide an upward arrow.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("scoring", "contests", "api")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Absolute names of the modules an AST imports (relative imports resolved)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)  # `from pkg import module`
    return {n for n in names if n.split(".")[0] in PACKAGES}


@cache
def import_graph() -> dict[str, set[str]]:
    """module → the project modules it imports."""
    graph = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # frozen history, run by Alembic, never imported by the code
            module = module_name(path)
            graph[module] = imported(ast.parse(path.read_text(encoding="utf-8")), module, path.name == "__init__.py")
    return graph


def violations(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in graph.items():
        for target in sorted(targets):
            if rule := broken_rule(module, target):
                found.append(f"{module} imports {target}: {rule}")
    return found


def broken_rule(module: str, target: str) -> str | None:
    def within(name: str, prefix: str) -> bool:
        return name == prefix or name.startswith(prefix + ".")

    if within(module, "scoring") and (within(target, "contests") or within(target, "api")):
        return "scoring is the bottom floor and imports neither contests nor api"
    if within(module, "contests") and within(target, "api"):
        return "contests is below api"
    if within(module, "contests") and not within(module, "contests.usecases") and within(target, "contests.usecases"):
        return "only the use-cases import the use-cases; domain packages stay pure"
    return None


def package_of(module: str, graph: dict[str, set[str]]) -> str:
    """The package a module belongs to (a package's __init__ belongs to itself)."""
    is_package = any(other.startswith(module + ".") for other in graph)
    return module if is_package else module.rpartition(".")[0] or module


def package_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Cycles between packages: an edge P → Q when a module of P imports a module of Q."""
    edges: dict[str, set[str]] = {}
    for module, targets in graph.items():
        source = package_of(module, graph)
        for target in targets:
            if target not in graph:
                continue  # `from pkg import name` where name is not a module
            dest = package_of(target, graph)
            if dest != source and not source.startswith(dest + "."):  # a package's own __init__ and parents are fine
                edges.setdefault(source, set()).add(dest)
    return strongly_connected(edges)


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm; returns the components of more than one package."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return components


def test_the_floors_point_down():
    assert violations(import_graph()) == []


def test_no_import_cycle_between_packages():
    assert package_cycles(import_graph()) == []


@pytest.mark.parametrize(
    ("module", "target"),
    [
        ("scoring.ranking", "contests.definition"),
        ("scoring.event", "api.app"),
        ("contests.definition", "api.auth"),
        ("contests.results.standings", "contests.usecases.judging.marking"),
        ("contests.campaigns.case", "contests.usecases.core.transaction"),
    ],
)
def test_an_upward_import_is_caught(module, target):
    """The checks above can fail: each of these arrows, added to the real graph, is reported."""
    graph = {name: set(targets) for name, targets in import_graph().items()}
    graph[module].add(target)
    assert violations(graph) == [f"{module} imports {target}: {broken_rule(module, target)}"]


def test_a_cycle_is_caught():
    graph = {name: set(targets) for name, targets in import_graph().items()}
    graph["scoring.ranking"].add("contests.definition")
    graph["contests.definition"].add("scoring.scheme")
    assert ["contests", "scoring"] in package_cycles(graph)
