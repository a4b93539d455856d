"""A refused definition drawn as a tree, each problem beside the field its path names.

Problems name fields by path (`events[0].modules[1].weight`, `events[0].modules`, `year`);
the tree is the decoded document itself, so a problem sits on the deepest node its path
reaches (a missing field's problem sits on the object that lacks it). Only the branches
leading to a problem are opened; their siblings are shown as one line each, at most
`MAX_SIBLINGS` of them and `MAX_DEPTH` levels deep, so a page stays small whatever was sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from scoring.errors import Problem

MAX_DEPTH = 16
MAX_SIBLINGS = 200
MAX_SHOWN = 80  # characters of a value shown
_SEGMENT = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


@dataclass
class Node:
    label: str  # key, or [index] with the item's id
    path: str
    anchor: str
    value: str = ""  # a scalar, shortened; or a summary of a closed container
    problems: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    more: int = 0  # children left out
    open: bool = False  # on the way to a problem


def anchor_of(path: str) -> str:
    return "d-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", path).strip("-") or "root")


def segments(path: str) -> list[str | int]:
    return [int(index) if index else key for index, key in _SEGMENT.findall(path)]


def reached(document: Any, path: str) -> str:
    """The deepest prefix of `path` that exists in `document`, as a path."""
    at, node = "", document
    for segment in segments(path):
        if isinstance(segment, int) and isinstance(node, list) and 0 <= segment < len(node):
            at, node = f"{at}[{segment}]", node[segment]
        elif isinstance(segment, str) and isinstance(node, dict) and segment in node:
            at, node = f"{at}.{segment}" if at else segment, node[segment]
        else:
            break
    return at


def tree(document: Any, problems: list[Problem]) -> Node | None:
    """The document's tree with every problem placed (the root takes what reaches nothing);
    None when nothing could be read (the problems are then listed without a tree)."""
    if document is None:
        return None
    placed: dict[str, list[str]] = {}
    for problem in problems:
        placed.setdefault(reached(document, problem.path), []).append(str(problem) if problem.path else problem.rule)
    on_the_way = {prefix for where in placed for prefix in _prefixes(where)}
    return _node("", "", document, placed, on_the_way, 0)


def _prefixes(path: str) -> list[str]:
    out, at = [""], ""
    for segment in segments(path):
        at = f"{at}[{segment}]" if isinstance(segment, int) else (f"{at}.{segment}" if at else segment)
        out.append(at)
    return out


def _node(label: str, path: str, value: Any, placed: dict[str, list[str]], on_the_way: set[str], depth: int) -> Node:
    node = Node(label=label, path=path, anchor=anchor_of(path), problems=placed.get(path, []), open=path in on_the_way)
    if not isinstance(value, (dict, list)):
        node.value = _short(value)
        return node
    items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
    if not node.open or depth >= MAX_DEPTH:
        node.value = f"{{…{len(items)}}}" if isinstance(value, dict) else f"[…{len(items)}]"
        return node
    shown = items[:MAX_SIBLINGS]
    wanted = [(k, v) for k, v in items[MAX_SIBLINGS:] if _child_path(path, k) in on_the_way]
    for key, child in shown + wanted:
        child_path = _child_path(path, key)
        node.children.append(_node(_label(key, child), child_path, child, placed, on_the_way, depth + 1))
    node.more = len(items) - len(shown) - len(wanted)
    return node


def _child_path(path: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _label(key: Any, child: Any) -> str:
    if not isinstance(key, int):
        return str(key)
    name = child.get("id") if isinstance(child, dict) else None
    return f"[{key}] {_short(name)}" if isinstance(name, str) else f"[{key}]"


def _short(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


__all__ = ["Node", "anchor_of", "reached", "tree"]
