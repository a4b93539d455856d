"""Reading a JSON (or TOML) request body without trusting its shape.

Every JSON body passes through `read_body` (api.app.BiwuRequest.json), so the rules below
hold for every endpoint at once, before any handler or Struct sees the value:

- the Content-Type must say JSON (application/json, */*+json) or TOML; a missing one is read
  as JSON. Anything else (text/plain, a form) is 415 naming `Content-Type`: a body is never
  guessed to be JSON;
- a document nested deeper than the decoder's stack is 400 naming `body` (it was a
  RecursionError → 500: 1,000 levels of JSON fit in 2 KB);
- no text anywhere in it, keys included, may hold a control character other than tab, line
  feed or carriage return (PostgreSQL refuses NUL with an error → 500, SQLite stores it):
  400 naming the field. A JSON string can only carry one as an escape (\\u0000) or as the
  raw bytes of DEL/C1, so one C-speed regex scan of the body finds the suspects and only
  then is the decoded value walked to name the field.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import msgspec
from litestar.serialization import decode_json

from api import problems
from contests.fields import control_character_at, validation_problem
from scoring.errors import Problem

T = TypeVar("T")
TOML_TYPES = ("application/toml", "text/toml", "application/x-toml")
JSON_TYPES = ("application/json",)

# an escaped C0 (not tab, LF, CR), DEL or C1 character, or the raw bytes of DEL or C1;
# (?<!\\)(?:\\\\)* makes sure the backslash that starts the escape is not itself escaped
_SUSPECT = re.compile(
    rb"(?<!\\)(?:\\\\)*\\u00(?:0[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])|\x7f|\xc2[\x80-\x9f]",
)


def body_kind(content_type: str | None) -> str:
    """ "json" or "toml" for a body of this Content-Type; 415 for any other type."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if not media_type or media_type in JSON_TYPES or media_type.endswith("+json"):
        return "json"
    if media_type in TOML_TYPES:
        return "toml"
    rule = f"{media_type!r} is not a JSON body: send application/json (or application/toml for a contest definition)"
    raise problems.problem(415, [Problem("Content-Type", rule)])


def read_body(body: bytes, kind: str, type_decoders: Any = None) -> Any:
    """The decoded body (builtins), or a 400 problem naming what is wrong with it."""
    try:
        if kind == "toml":
            value = _toml(body)
            suspect = _SUSPECT.search(msgspec.json.encode(value)) is not None
        else:
            value = decode_json(body or b"null", type_decoders=type_decoders)
            # the regex has no literal prefix to skip ahead by (7 ms on a 500-mark batch): a byte
            # search for what every match contains rules out a clean body first (0.03 ms)
            suspect = any(part in body for part in (b"\\u00", b"\x7f", b"\xc2")) and _SUSPECT.search(body) is not None
    except RecursionError as exc:
        raise problems.BadRequest([Problem("body", "is nested too deeply (at most a few hundred levels of arrays and objects)")]) from exc
    if suspect and (bad := control_character_at(value)) is not None:
        raise problems.BadRequest([Problem(*bad)])
    return value


def _toml(body: bytes) -> Any:
    try:
        return msgspec.toml.decode(body)
    except (msgspec.DecodeError, UnicodeError) as exc:
        raise problems.BadRequest([Problem("body", f"not valid TOML: {exc}")]) from exc


async def strict_body(request: Any, data: T) -> T:
    """The body converted again, strictly. Litestar converts a body to its Struct leniently, so
    `0` would pass as `false`; the declared types (a bool is true or false) are what count."""
    try:
        return msgspec.convert(_whole_numbers(await request.json()), type(data))
    except msgspec.ValidationError as exc:
        raise problems.BadRequest([Problem(*validation_problem(exc))]) from exc


def _whole_numbers(value):
    """JSON says 3.0 is an integer (as the OpenAPI schema does): such floats become ints, so the
    strict conversion still takes them where an int is declared (and a float field takes an int)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_whole_numbers(v) for v in value]
    if isinstance(value, dict):
        return {k: _whole_numbers(v) for k, v in value.items()}
    return value


__all__ = ["TOML_TYPES", "body_kind", "read_body", "strict_body"]
