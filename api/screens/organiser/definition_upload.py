"""A contest definition sent from the console: a TOML or JSON file, or text pasted or
started from a bundled example (examples/*.toml).

The file is read exactly as the API reads a body (`api.bodies.read_body`: bounded depth, no
control characters; TOML and JSON to the same builtins), then converted to the
`contests.definition.Contest` the API's handler receives, with the same messages. The rules
of a definition are then the use-case's (`create_contest` / `new_version` validate it): the
page adds none. The builtins are kept, valid or not, so the page can show each problem
beside the field it names (definition_tree.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import msgspec
from litestar.exceptions import SerializationException

from api.bodies import read_body
from contests.definition import MAX_DEFINITION_BYTES, Contest
from contests.fields import validation_problem
from scoring.errors import Problem, RuleError

EXAMPLES = resources.files("contests") / "examples"  # package data: an installed wheel has them too
FORMATS = ("toml", "json")
# msgspec names an unknown or missing field in its message, at the path of the object holding it
_NAMED_FIELD = re.compile(r"(?:unknown|missing required) field `(?P<name>[^`]*)`")


@dataclass(frozen=True)
class Example:
    key: str  # the file's stem: welder, electrician, lathe
    name: str
    name_en: str
    text: str


@dataclass
class Upload:
    """What was sent, and what could be read of it."""

    text: str  # shown again in the form (the file's text when a file was sent)
    fmt: str
    builtins: Any = None  # the decoded document, None when it is not valid TOML / JSON
    contest: Contest | None = None  # None when it could not be read as a contest
    problems: list[Problem] = field(default_factory=list)  # why not


@cache
def examples() -> tuple[Example, ...]:
    """The bundled example contests, in file-name order (package data: read once)."""
    out = []
    for item in sorted(EXAMPLES.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".toml"):
            text = item.read_text("utf-8")
            try:  # examples/ also holds labour-competition and honours files: only contests are offered here
                contest = msgspec.toml.decode(text, type=Contest)
            except msgspec.ValidationError:
                continue
            out.append(Example(key=item.name.removesuffix(".toml"), name=contest.name, name_en=contest.name_en, text=text))
    return tuple(out)


def example_text(key: str) -> str | None:
    return next((e.text for e in examples() if e.key == key), None)


def format_of(filename: str, chosen: str, text: str) -> str:
    """The file's format: its extension, else the one chosen in the form, else a guess
    (a JSON document starts with `{`)."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix in FORMATS:
        return suffix
    if chosen in FORMATS:
        return chosen
    return "json" if text.lstrip().startswith("{") else "toml"


def read_upload(content: bytes, filename: str = "", chosen: str = "") -> Upload:
    """Decode a definition; `problems` say why it cannot be read or is not shaped like a
    contest (then `contest` is None). Rule problems are left to the use-case."""
    text = content.decode("utf-8", "replace")
    upload = Upload(text=text, fmt=format_of(filename, chosen, text))
    if len(content) > MAX_DEFINITION_BYTES:
        upload.text = ""  # not sent back: the page would be as large as the file
        return _refused(upload, Problem("", f"the definition is {len(content)} bytes, at most {MAX_DEFINITION_BYTES} allowed"))
    try:
        upload.builtins = read_body(content, upload.fmt)
    except SerializationException as exc:
        return _refused(upload, Problem("", f"not valid JSON: {exc.detail or exc}"))
    except RuleError as exc:  # not valid TOML, too deep, a control character: named by read_body
        return _refused(upload, *[Problem("" if p.path == "body" else p.path, p.rule) for p in exc.problems])
    try:
        upload.contest = msgspec.convert(upload.builtins, Contest)
    except msgspec.ValidationError as exc:
        return _refused(upload, Problem(*_named(*validation_problem(exc))))
    return upload


def _named(path: str, rule: str) -> tuple[str, str]:
    """msgspec puts an unknown field at its parent: name the field itself."""
    found = _NAMED_FIELD.search(rule)
    if found and "unknown" in rule:
        return (f"{path}.{found.group('name')}" if path else found.group("name")), rule
    return path, rule


def _refused(upload: Upload, *problems: Problem) -> Upload:
    upload.problems = list(problems)
    return upload


__all__ = ["FORMATS", "Example", "Upload", "example_text", "examples", "format_of", "read_upload"]
