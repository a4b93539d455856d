"""Safety-accident records of a labour competition × every role (issue 13 item 1), and the
records' rules through HTTP: a correction and a withdrawal are new versions with the reason,
bad input is a problem naming the field, nothing is half-written.
"""

from __future__ import annotations

import msgspec
import pytest

from contests.labour.definition import encode_labour
from contests.labour.presets import load_preset
from tests.api.conftest import unique
from tests.api.honours_support import round_toml
from tests.api.roles import EVERY_ROLE, Case, Ctx, check_case

pytestmark = pytest.mark.db

ORG = ("organiser",)
READERS = ("organiser", "viewer")
ROLES = ("anonymous", *EVERY_ROLE)
A = "/labour/{cid}/accidents"
ACCIDENT = {
    "unit": "U01",
    "team": "T-A",
    "occurred_on": "2026-05-12",
    "severity": "轻伤",
    "description": "搬运钢卷时砸伤脚趾",
    "reporter": "王安全",
}


def definition(slug: str) -> dict:
    return msgspec.to_builtins(msgspec.json.decode(encode_labour(msgspec.structs.replace(load_preset("liusai"), id=slug))))


def _accident(ctx: Ctx) -> str:
    response = ctx.client.post(A.format(cid=ctx.cid), json=ACCIDENT, headers=ctx.organiser)
    assert response.status_code == 201, response.text
    return str(response.json()["record"]["number"])


def _correct(c: Ctx, h: dict[str, str], key: str):
    body = ACCIDENT | {"severity": "重伤", "reason": "医院诊断为骨折"}
    return c.client.post(f"/labour/{c.cid}/accidents/{key}/versions", json=body, headers=h)


# 优秀组织奖 from biwu's own data (issue 13 item 6): the round's organisation title names a labour competition
ORGANISATION = "/honours/{key}/titles/organisation-award/organisation/from-data"
_ROUNDS: dict[str, str] = {}


def _data_round(ctx: Ctx) -> str:
    """One round whose 优秀组织奖 names a fresh liusai competition (units U01–U03; U04 has no data)."""
    if "rid" not in _ROUNDS:
        slug = unique("ls-org")
        assert ctx.client.post("/labour", json=definition(slug), headers=ctx.organiser).status_code == 201
        toml = round_toml().replace(
            "organisation = { threshold = 60.0 }", f'organisation = {{ threshold = 60.0, labour_competition = "{slug}" }}'
        )
        response = ctx.client.post("/honours", content=toml.encode(), headers=ctx.organiser | {"Content-Type": "application/toml"})
        assert response.status_code == 201, response.text
        _ROUNDS["rid"] = str(response.json()["id"])
    return _ROUNDS["rid"]


def _from_data(c: Ctx, h: dict[str, str], key: str):
    return c.client.post(ORGANISATION.format(key=key), json={}, headers=h)


CASES = [
    Case("POST accidents", ORG, 201, lambda c, h, _: c.client.post(A.format(cid=c.cid), json=ACCIDENT, headers=h)),
    Case("GET accidents", READERS, 200, lambda c, h, _: c.client.get(A.format(cid=c.cid), headers=h)),
    Case("GET accidents/{n}", READERS, 200, lambda c, h, key: c.client.get(f"{A.format(cid=c.cid)}/{key}", headers=h), _accident),
    Case("POST accidents/{n}/versions", ORG, 201, _correct, _accident),
    Case("POST organisation/from-data", ORG, 201, _from_data, _data_round),
]  # fmt: skip


@pytest.fixture(scope="module")
def competition(client, headers) -> int:
    response = client.post("/labour", json=definition(unique("ankang")), headers=headers["organiser"])
    assert response.status_code == 201, response.text
    return response.json()["id"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_labour_accidents_role_matrix(case: Case, role: str, client, headers, competition, row_counts):
    check_case(case, Ctx(client, headers["organiser"], competition, role), headers, row_counts)


def test_a_correction_and_a_withdrawal_are_new_versions_with_reasons(client, headers, competition):
    org = headers["organiser"]
    number = _accident(Ctx(client, org, competition, "organiser"))
    path = f"/labour/{competition}/accidents/{number}"
    corrected = client.post(f"{path}/versions", json=ACCIDENT | {"severity": "重伤", "reason": "医院诊断为骨折"}, headers=org)
    assert corrected.status_code == 201 and corrected.json()["record"]["version"] == 2
    assert corrected.json()["severity_en"] == "serious injury"
    withdrawn = client.post(f"{path}/versions", json=ACCIDENT | {"reason": "误报：非工伤", "withdrawn": True}, headers=org)
    assert withdrawn.status_code == 201 and withdrawn.json()["record"]["withdrawn"] is True
    history = client.get(path, headers=org).json()
    assert [(v["record"]["version"], v["record"]["severity"], v["record"]["reason"]) for v in history["versions"]] == [
        (1, "轻伤", None),
        (2, "重伤", "医院诊断为骨折"),
        (3, "轻伤", "误报：非工伤"),
    ]
    assert int(number) not in [a["record"]["number"] for a in client.get(f"/labour/{competition}/accidents", headers=org).json()]
    listed = client.get(f"/labour/{competition}/accidents?withdrawn=true", headers=org).json()
    assert int(number) in [a["record"]["number"] for a in listed]
    again = client.post(f"{path}/versions", json=ACCIDENT | {"reason": "再改"}, headers=org)
    assert again.status_code == 409 and again.json()["errors"][0]["path"] == "number"


def test_bad_input_is_a_problem_naming_field_and_rule(client, headers, competition, row_counts):
    org = headers["organiser"]
    before = row_counts()
    foreign = client.post(f"/labour/{competition}/accidents", json=ACCIDENT | {"team": "T-B"}, headers=org)
    assert foreign.status_code == 409 and foreign.json()["errors"][0]["path"] == "team"
    assert "U02" in foreign.json()["errors"][0]["rule"]
    unknown = client.post(f"/labour/{competition}/accidents", json=ACCIDENT | {"unit": "U99", "team": None}, headers=org)
    assert unknown.status_code == 409 and unknown.json()["errors"][0]["path"] == "unit"
    future = client.post(f"/labour/{competition}/accidents", json=ACCIDENT | {"occurred_on": "2099-01-01"}, headers=org)
    assert future.status_code == 409 and future.json()["errors"][0]["path"] == "occurred_on"
    severity = client.post(f"/labour/{competition}/accidents", json=ACCIDENT | {"severity": "擦伤"}, headers=org)
    assert severity.status_code == 400 and severity.json()["errors"][0]["path"] == "severity"
    no_reason = client.post(f"/labour/{competition}/accidents/1/versions", json=ACCIDENT, headers=org)
    assert no_reason.status_code == 400 and "reason" in no_reason.text
    truthy = client.post(f"/labour/{competition}/accidents/1/versions", json=ACCIDENT | {"reason": "x", "withdrawn": 0}, headers=org)
    assert truthy.status_code == 400 and truthy.json()["errors"][0]["path"] == "withdrawn"
    missing = client.post(f"/labour/{competition}/accidents/9999/versions", json=ACCIDENT | {"reason": "x"}, headers=org)
    assert missing.status_code == 404 and missing.json()["errors"][0]["path"] == "number"
    assert row_counts() == before


def test_the_organisation_award_from_labour_data_through_http(client, headers, competition):
    org = headers["organiser"]
    rid = _data_round(Ctx(client, org, competition, "organiser"))
    typed = {"unit": "U04", "headcount": 50, "competitors": 5, "awards": {"一等奖": 2}, "registered_on_time": True}
    view = client.post(ORGANISATION.format(key=rid), json={"records": [typed]}, headers=org)
    assert view.status_code == 201, view.text
    body = view.json()
    figures = {f["unit"]: f for f in body["figures"]}
    lines = {line["unit"]: line for line in body["lines"]}
    assert body["source"] == "data" and figures["U04"]["source"] == "body"
    # T-A 24 of U01's 500 = 4.8 % of the 5 % for full marks: 40 × 0.96; T-B 31/300 and T-C 18/150 are over 5 %
    assert [lines[u]["participation"] for u in ("U01", "U02", "U03", "U04")] == ["38.40", "40.00", "40.00", "40.00"]
    assert (figures["U01"]["reports_due"], len(figures["U01"]["reports_missing"]), figures["U01"]["reported_on_time"]) == (
        3,
        3,
        False,
    )  # liusai: three monthly periods, none reported
    assert lines["U04"]["total"] == "70.00" and lines["U04"]["awarded"] is True  # 40 + 2 × 10 + 10 registration
    assert client.get(f"/honours/{rid}/titles/organisation-award/organisation", headers=org).json()["figures"] == body["figures"]
    held = client.post(ORGANISATION.format(key=rid), json={"records": [typed | {"unit": "U01"}]}, headers=org)
    assert held.status_code == 409 and held.json()["errors"][0]["path"] == "records[0].unit"
    unknown = client.post(ORGANISATION.format(key=rid), json={"figures": []}, headers=org)
    assert unknown.status_code == 400
