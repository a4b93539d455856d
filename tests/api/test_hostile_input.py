"""Hostile structure and text (issue 10, items 6 and 12): every one is a 4xx problem naming
the field, and nothing is written. Runs on SQLite and PostgreSQL (TEST_DATABASE_URL), where a
NUL in any text used to be a 500 (PostgreSQL refuses it; SQLite stored it).

- JSON nested 1,000 deep (a 2 KB body) on every JSON endpoint, TOML nested 2,000 deep;
- a NUL or another control character in any text field, anywhere in a JSON or TOML body;
- a correction reason of zero-width or blank characters only;
- a JSON body sent as text/plain.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from httpx import Response

from tests.api.conftest import unique
from tests.api.test_judging_fixtures import Day, batch, ok, set_up_day, two_event_definition

pytestmark = pytest.mark.db

DEEP_JSON = b'{"a":' + b"[" * 1000 + b"]" * 1000 + b"}"  # 2,006 bytes
DEEP_TOML = ('id = "deep"\nname = "深"\nx = ' + "[" * 2000 + "]" * 2000 + "\n").encode()


@pytest.fixture(scope="module")
def day(client, run, headers) -> Day:
    d = set_up_day(client, run, headers["organiser"], headers["chief_judge"])
    ok(d.marks("electrician", "ET1", batch(d, "theory", {"DG-E1": {"theory_mark": 80}})), 201)
    return d


def problem(response: Response, status: int, path: str, phrase: str = "") -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["errors"][0]["path"] == path, body
    assert phrase in body["errors"][0]["rule"], body
    return body


# ---------------------------------------------------------------- deep structure


def _write_routes(app) -> list[tuple[str, str]]:
    """(method, path) of every operation that reads a body."""
    out = []
    for route in app.routes:
        for method in sorted(getattr(route, "methods", ())):
            if method in ("POST", "PUT", "PATCH") and not route.path.startswith("/schema"):
                out.append((method, route.path))
    return out


def _fill(path: str, d: Day) -> str:
    """Path parameters filled with values that exist where a value can exist."""
    values = {"contest_id": str(d.cid), "event_id": "electrician", "module_id": "theory", "code": "ET1"}
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: values.get(m.group(1), "1"), path)


def test_deep_json_is_a_400_on_every_json_endpoint_and_writes_nothing(day, client, headers, row_counts):
    who = {"organiser": day.organiser, "chief": day.chief, "judge": day.judges["ET1"], "employee": headers["employee"]}
    routes = _write_routes(client.app)
    assert len(routes) >= 20
    before = row_counts()
    body_refusals = 0
    for method, path in routes:
        for role, auth in who.items():
            response = client.request(method, _fill(path, day), content=DEEP_JSON, headers={**auth, "Content-Type": "application/json"})
            assert 400 <= response.status_code < 500, f"{method} {path} as {role}: {response.status_code} {response.text}"
            problem_json = response.headers.get("content-type", "").startswith("application/problem+json")
            first = response.json()["errors"][0] if problem_json else {}  # the screens answer HTML
            body_refusals += first.get("path") == "body" and "nested too deeply" in first.get("rule", "")
    assert body_refusals >= 10  # the body was read (and refused) on many operations, not only guarded away
    assert row_counts() == before


def test_deep_json_on_the_contest_upload(client, organiser, row_counts):
    before = row_counts()
    problem(client.post("/contests", content=DEEP_JSON, headers={**organiser, "Content-Type": "application/json"}), 400, "body", "deep")
    assert row_counts() == before


def test_deep_toml_on_the_contest_upload(client, organiser, row_counts):
    before = row_counts()
    response = client.post("/contests", content=DEEP_TOML, headers={**organiser, "Content-Type": "application/toml"})
    problem(response, 400, "body", "nested too deeply")
    assert row_counts() == before


# ---------------------------------------------------------------- control characters in text


@dataclass(frozen=True)
class Text:
    name: str
    call: Callable[[Day], Response]
    path: str


def _definition(**fields: Any) -> dict[str, Any]:
    return two_event_definition() | {"id": unique("nul")} | fields


def _post(who: str, url: Callable[[Day], str], body: Callable[[Day], Any]) -> Callable[[Day], Response]:
    def call(d: Day) -> Response:
        auth = {"organiser": d.organiser, "chief": d.chief}.get(who) or d.judges[who]
        return d.client.post(url(d), json=body(d), headers=auth)

    return call


TEXTS = [
    Text("NUL in a contest's English name", _post("organiser", lambda d: "/contests", lambda d: _definition(name_en="a\x00b")), "name_en"),
    Text(
        "ESC in a contest's English name", _post("organiser", lambda d: "/contests", lambda d: _definition(name_en="a\x1b[31m")), "name_en"
    ),
    Text("NUL in a field name", _post("organiser", lambda d: "/contests", lambda d: _definition(**{"x\x00": 1})), "body"),
    Text(
        "NUL in a correction reason",
        _post("ET1", lambda d: d.url("electrician", "marks"), lambda d: batch(d, "theory", {"DG-E1": {"theory_mark": 85}}, "改\x00判")),
        "marks[0].reason",
    ),
    Text(
        "NUL in a first mark's reason",
        _post("ET1", lambda d: d.url("electrician", "marks"), lambda d: batch(d, "theory", {"DG-E2": {"theory_mark": 85}}, "\x00")),
        "marks[0].reason",
    ),
    Text(
        "NUL in an appeal's grounds",
        _post(
            "organiser",
            lambda d: d.url("electrician", "appeals"),
            lambda d: {"module_id": "theory", "employee_no": "DG-E1", "grounds": "复核\x00", "appellant": "领队"},
        ),
        "grounds",
    ),
    Text(
        "NUL in a unit name",
        _post("organiser", lambda d: f"/contests/{d.cid}/units", lambda d: {"code": "NUL1", "name": "单\x00位"}),
        "name",
    ),
]


@pytest.mark.parametrize("case", TEXTS, ids=[c.name for c in TEXTS])
def test_a_control_character_in_any_text_is_a_400_naming_the_field(case: Text, day, row_counts):
    before = row_counts()
    problem(case.call(day), 400, case.path, "control character")
    assert row_counts() == before


def test_a_nul_in_a_toml_definition_is_a_400_naming_the_field(client, organiser, row_counts):
    toml = (two_event_toml().replace('name_en = "', 'name_en = "\\u0000', 1)).encode()
    before = row_counts()
    response = client.post("/contests", content=toml, headers={**organiser, "Content-Type": "application/toml"})
    problem(response, 400, "name_en", "control character")
    assert row_counts() == before


def two_event_toml() -> str:
    from tests.db.helpers import EXAMPLES

    return (EXAMPLES / "welder.toml").read_text(encoding="utf-8").replace('id = "welder-2026"', f'id = "{unique("tn")}"', 1)


def test_tabs_and_line_breaks_stay_allowed_in_free_text(day):
    reason = "第一行\n\t第二行\r\n"
    response = day.marks("electrician", "ET1", batch(day, "theory", {"DG-E3": {"theory_mark": 70}}, reason))
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("reason", ["\u200b", "\u200b\u2060\ufeff", " \u3000\t", "\u3164", ""])
def test_a_correction_reason_needs_visible_characters(reason, day, row_counts):
    before = row_counts()
    response = day.marks(
        "electrician", "ET1", {"marks": [m | {"reason": reason} for m in batch(day, "theory", {"DG-E1": {"theory_mark": 86}})["marks"]]}
    )
    problem(response, 400, "marks[0].reason", "visible characters")
    assert row_counts() == before


def test_a_visible_reason_still_corrects(day):
    response = day.marks("electrician", "ET1", batch(day, "theory", {"DG-E1": {"theory_mark": 81}}, "\u200b复核后改正"))
    assert response.status_code == 201, response.text


# ---------------------------------------------------------------- content type


@pytest.mark.parametrize("content_type", ["text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "image/png"])
def test_a_json_body_sent_as_another_type_is_refused(content_type, day, row_counts):
    before = row_counts()
    body = b'{"code": "PLAIN", "name": "\xe6\x96\x87\xe6\x9c\xac\xe5\x8d\x95\xe4\xbd\x8d"}'
    response = day.client.post(f"/contests/{day.cid}/units", content=body, headers={**day.organiser, "Content-Type": content_type})
    problem(response, 415, "Content-Type", content_type.split(";")[0])
    assert row_counts() == before


def test_json_types_are_still_read(day):
    for n, content_type in enumerate(["application/json", "application/json; charset=utf-8", "application/merge-patch+json"]):
        body = f'{{"code": "OK{n}", "name": "单位{n}"}}'.encode()
        response = day.client.post(f"/contests/{day.cid}/units", content=body, headers={**day.organiser, "Content-Type": content_type})
        assert response.status_code == 201, response.text
