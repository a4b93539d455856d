"""Editing units, teams and competitors on the organiser's registration page (Litestar's
TestClient, no browser): a row's 修改 link opens its edit form filled with what is stored,
the form calls the same update use-cases as `PUT /contests/{id}/units|teams|competitors/{key}`,
and a refusal keeps the form open with each problem beside the field it names."""

from __future__ import annotations

import re
from html import unescape

import pytest
from litestar.testing import TestClient

from tests.api.conftest import unique
from tests.api.test_judging_fixtures import two_event_definition
from tests.factories.logins import log_in
from tests.screens import test_organiser
from tests.screens.conftest import sign_in
from tests.screens.test_organiser import field_error, page_of, post_form

console, welder = test_organiser.console, test_organiser.welder  # the console's fixtures, on a database of this module


def _edit_url(cid: int, kind: str, key: str) -> str:
    return f"/organiser/contests/{cid}/registration/edit/{kind}/{key}"


def _edit_page(client: TestClient, cid: int, kind: str, key: str) -> str:
    answer = client.get(f"/organiser/contests/{cid}/registration", params={"edit": kind, "key": key})
    assert answer.status_code == 200
    return answer.text


def _value(html: str, anchor: str) -> str:
    """The value of the input inside the label with id `anchor`."""
    part = html.split(f'id="{anchor}"', 1)[1].split("</label>", 1)[0]
    return unescape(part.split('value="', 1)[1].split('"', 1)[0])


def _api(client: TestClient, cid: int, path: str) -> dict:
    answer = client.get(f"/contests/{cid}/{path}", headers=log_in(client, "org"))
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_unit_is_edited_from_its_row(console: TestClient, welder: int):
    page = sign_in(console, "org")
    listed = page_of(console, welder)
    assert f"/organiser/contests/{welder}/registration?edit=units&amp;key=HF#edit-units" in listed
    html = _edit_page(console, welder, "units", "HF")
    assert _value(html, "edit-units-name") == "合肥检修公司" and _value(html, "edit-units-headcount") == "120"

    answer = post_form(
        console, _edit_url(welder, "units", "HF"), page.text, data={"code": "HF", "name": "合肥检修分公司", "headcount": "x"}
    )
    assert answer.status_code == 409 and "must be a whole number" in field_error(answer.text, "edit-units-headcount")
    assert _value(answer.text, "edit-units-name") == "合肥检修分公司"  # what was typed stays in the open form
    taken = post_form(console, _edit_url(welder, "units", "HF"), page.text, data={"code": "TL", "name": "合肥", "headcount": ""})
    assert taken.status_code == 409 and "already used" in field_error(taken.text, "edit-units-code")
    assert _api(console, welder, "units/HF")["name"] == "合肥检修公司"  # nothing written

    saved = post_form(
        console, _edit_url(welder, "units", "HF"), page.text, data={"code": "HF", "name": "合肥检修分公司", "headcount": "135"}
    )
    assert saved.status_code == 200 and saved.url.path == f"/organiser/contests/{welder}/registration"
    assert 'id="edit-units"' not in saved.text and "合肥检修分公司" in saved.text
    assert _api(console, welder, "units/HF") == {"code": "HF", "name": "合肥检修分公司", "headcount": 135}


def test_a_team_is_edited_and_refused_beside_its_unit(console: TestClient, welder: int):
    page = sign_in(console, "org")
    html = _edit_page(console, welder, "teams", "TL-1")
    assert _value(html, "edit-teams-unit") == "TL" and _value(html, "edit-teams-code") == "TL-1"
    answer = post_form(console, _edit_url(welder, "teams", "TL-1"), page.text, data={"code": "TL-1", "name": "铜陵一队", "unit": "NOPE"})
    assert answer.status_code == 409 and "NOPE" in field_error(answer.text, "edit-teams-unit")
    saved = post_form(console, _edit_url(welder, "teams", "TL-1"), page.text, data={"code": "TL-A", "name": "铜陵甲队", "unit": "TL"})
    assert saved.status_code == 200 and 'id="row-team-TL-A"' in saved.text and 'id="row-team-TL-1"' not in saved.text
    assert _api(console, welder, "teams/TL-A") == {"code": "TL-A", "name": "铜陵甲队", "unit": "TL"}


def test_a_competitor_is_edited_field_by_field(console: TestClient, welder: int):
    page = sign_in(console, "org")
    url = f"/organiser/contests/{welder}/registration/competitors"
    for no, name, unit in (("E9-01", "编辑甲", "TL"), ("E9-02", "编辑乙", "HF")):
        added = post_form(console, url, page.text, data={"employee_no": no, "name": name, "unit": unit, "team": "", "event": "welder"})
        assert added.status_code == 200, added.text
    team = _api(console, welder, "teams")[0]["code"]  # TL's team, whatever the test above named it
    html = _edit_page(console, welder, "competitors", "E9-01")
    assert _value(html, "edit-competitors-name") == "编辑甲" and 'value="welder" selected' in html.split('id="edit-competitors"', 1)[1]

    form = {"employee_no": "E9-01", "name": "编辑甲", "unit": "HF", "team": team, "event": "welder"}
    answer = post_form(console, _edit_url(welder, "competitors", "E9-01"), page.text, data=form)
    assert answer.status_code == 409 and "HF" in field_error(answer.text, "edit-competitors-team")  # a team of another unit
    answer = post_form(console, _edit_url(welder, "competitors", "E9-01"), page.text, data=form | {"unit": "TL", "event": "nope"})
    assert answer.status_code == 409 and "nope" in field_error(answer.text, "edit-competitors-event")
    answer = post_form(console, _edit_url(welder, "competitors", "E9-01"), page.text, data=form | {"unit": "TL", "employee_no": "E9-02"})
    assert answer.status_code == 409 and "already registered" in field_error(answer.text, "edit-competitors-employee_no")

    saved = post_form(console, _edit_url(welder, "competitors", "E9-01"), page.text, data=form | {"unit": "TL", "name": "编辑丙"})
    assert saved.status_code == 200 and 'id="row-competitor-E9-01"' in saved.text
    stored = _api(console, welder, "competitors/E9-01")
    assert (stored["name"], stored["unit"], stored["team"], stored["event"]) == ("编辑丙", "TL", team, "welder")


def test_a_competitor_moved_into_a_drawn_event_is_flagged(console: TestClient):
    """Moved into an event drawn already, a competitor is in no draw: the page says so by name,
    as it does for one registered after the draw, instead of leaving them out silently."""
    page = sign_in(console, "org")
    organiser = log_in(console, "org")
    cid = console.post("/contests", json=two_event_definition() | {"id": unique("edit")}, headers=organiser).json()["id"]
    assert console.post(f"/contests/{cid}/units", json={"code": "TL", "name": "铜陵"}, headers=organiser).status_code == 201
    for no, event in (("M-1", "welder"), ("M-2", "electrician")):
        body = {"employee_no": no, "name": f"选手{no}", "unit": "TL", "event": event}
        assert console.post(f"/contests/{cid}/competitors", json=body, headers=organiser).status_code == 201
    assert post_form(console, f"/organiser/contests/{cid}/draw/electrician", page.text, data={}).status_code == 200
    form = {"employee_no": "M-1", "name": "选手M-1", "unit": "TL", "team": "", "event": "electrician"}
    moved = post_form(console, _edit_url(cid, "competitors", "M-1"), page.text, data=form)
    assert moved.status_code == 200
    banner = " ".join(unescape(m) for m in re.findall(r'<p class="banner" role="alert">(.*?)</p>', moved.text, re.S))
    assert "registered after the draw" in banner and "M-1 选手M-1" in banner
    assert _api(console, cid, "competitors/M-1")["event"] == "electrician"  # moved all the same: warned, not refused
    renamed = post_form(console, _edit_url(cid, "competitors", "M-2"), page.text, data=form | {"employee_no": "M-2", "name": "改名"})
    assert renamed.status_code == 200 and 'role="alert"' not in renamed.text.split('id="competitors"', 1)[1]  # same event: no warning


def test_a_missing_record_and_other_roles(console: TestClient, welder: int):
    page = sign_in(console, "org")
    assert "找不到要修改的记录" in _edit_page(console, welder, "units", "GONE")
    answer = post_form(console, _edit_url(welder, "units", "GONE"), page.text, data={"code": "GONE", "name": "无", "headcount": ""})
    assert answer.status_code == 404 and "GONE" in answer.text.split('id="edit-units"', 1)[1]
    unsigned = console.post(_edit_url(welder, "units", "TL"), data={"code": "TL", "name": "伪造"}, follow_redirects=False)
    assert unsigned.status_code == 403  # the CSRF token is required
    judge = sign_in(console, "judge1")
    refused = post_form(console, _edit_url(welder, "units", "TL"), judge.text, data={"code": "TL", "name": "伪造", "headcount": ""})
    assert refused.status_code == 403
    sign_in(console, "org")
    assert _api(console, welder, "units/TL")["name"] == "铜陵供电公司"


@pytest.mark.parametrize("lang", ["en"])
def test_the_edit_form_in_english(console: TestClient, welder: int, lang: str):
    sign_in(console, "org")
    html = console.get(f"/organiser/contests/{welder}/registration", params={"edit": "units", "key": "TL", "lang": lang}).text
    assert "Edit unit" in html and "Save changes" in html
