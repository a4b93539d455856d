"""A whole honours round through HTTP (issue 13), checked against hand computations.

The round (tests/api/honours_support.py): units U01–U04 with 500/300/150/50 people.

名额分配, 先进个人, 5 places, a minimum of 1 per unit: the 4 units with people take 1 each,
the pool left is 5 − 4 = 1, shared by headcount over H = 1000: floors 1×500/1000 = 0 … all 0,
remainders 500, 300, 150, 50 (/1000); the one place left goes to the largest, U01.
Places: U01 2, U02 1, U03 1, U04 1 (Σ 5). 差额推荐 ×2: U01 may nominate 4, the others 2.

The committee: c01 (U01), c02 (U02), c03–c07; c07 absent, so 6 present; c01 is recused from
U01's nominees and c02 from U02's, so those have 5 members present. 2/3 of present:
yes × 3 ≥ 2 × present.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.api.honours_support import HISTORY, NOMINATORS, create_round, sign_in_people

pytestmark = pytest.mark.db
TITLE_A = "advanced-individual"
PRESENT = ["c01", "c02", "c03", "c04", "c05", "c06"]


def ok(response, status: int = 200):
    assert response.status_code == status, response.text
    return response.json()


def refused(response, status: int, path: str, word: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    errors = response.json()["errors"]
    assert any(e["path"] == path and word in e["rule"] for e in errors), errors


@pytest.fixture(scope="module")
def people(client, run, headers):
    ok(client.post("/honours/history", json=HISTORY, headers=headers["organiser"]), 201)
    return sign_in_people(client, run)


def nominate(client, h, rid: int, nominee: str, title: str = TITLE_A):
    return client.post(
        f"/honours/{rid}/nominations", json={"title": title, "nominee": nominee, "record": f"{nominee}事迹突出。"}, headers=h
    )


def ballots(client, h, rid: int, title: str, choices: dict[str, str]):
    lines = [{"nomination": n, "choice": c} for n, c in choices.items()]
    return client.post(f"/honours/{rid}/titles/{title}/ballots", json={"ballots": lines}, headers=h)


def check_allocation(client, org, rid: int) -> None:
    (a, b) = ok(client.get(f"/honours/{rid}/allocation", headers=org))["titles"]
    lines = [(x["unit"], x["minimum"], x["floor"], x["remainder_exact"], x["extra"], x["places"], x["exact"]) for x in a["lines"]]
    assert lines == [
        ("U01", 1, 0, "500/1000", True, 2, "1.5000"),
        ("U02", 1, 0, "300/1000", False, 1, "1.3000"),
        ("U03", 1, 0, "150/1000", False, 1, "1.1500"),
        ("U04", 1, 0, "50/1000", False, 1, "1.0500"),
    ]
    assert a["pool"] == 1 and [x["places"] for x in b["lines"]] == [1, 0, 0, 0]
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/honours/{rid}/allocation.xlsx", headers=org).content))
    assert [c.value for c in next(book.active.iter_rows())][:4] == ["荣誉称号", "单位编号", "单位名称", "职工人数"]


def nominate_all(client, org, p, rid: int) -> None:
    """N001–N003 U01, N004 U02, N005 U03, N006 U04; N007 withdrawn; N008 U02; N009 T01."""
    u = {unit: p[name] for unit, name in NOMINATORS.items()}
    for nominee in ("E01", "E02", "E03"):
        ok(nominate(client, u["U01"], rid, nominee), 201)
    refused(nominate(client, u["U01"], rid, "E06"), 409, "nominee", "min_tenure")  # hired 2024-01-01: 2 years
    assert ok(nominate(client, u["U02"], rid, "E07"), 201)["id"] == "N004"  # hired 2023-12-31: exactly 3 years
    refused(nominate(client, u["U03"], rid, "E08"), 409, "nominee", "cooldown")  # 2024 + 3 years → through 2026
    ok(nominate(client, u["U03"], rid, "E04"), 201)  # 2023 → through 2025: eligible
    refused(nominate(client, u["U04"], rid, "E09"), 409, "nominee", "disciplinary_action")  # until the reference date
    ok(nominate(client, u["U04"], rid, "E05"), 201)  # until the day before
    ok(nominate(client, u["U04"], rid, "E11"), 201)
    refused(nominate(client, u["U04"], rid, "E14"), 409, "title", "over_quota")  # 1 place × 2 nominations, both used
    assert (
        ok(client.post(f"/honours/{rid}/nominations/N007/withdraw", json={"reason": "本人谦让"}, headers=u["U04"]))["state"] == "withdrawn"
    )
    ok(nominate(client, u["U02"], rid, "E12"), 201)
    t02 = {"title": "worker-pioneer", "unit": "U01", "nominee": "T02", "record": "班组事迹。"}
    refused(client.post(f"/honours/{rid}/nominations", json=t02, headers=org), 409, "nominee", "required_result")  # 2 of 3 red flags
    t03 = {"title": "worker-pioneer", "unit": "U01", "nominee": "T03", "record": "班组事迹。"}
    refused(client.post(f"/honours/{rid}/nominations", json=t03, headers=org), 409, "nominee", "accident_bar")  # 2024 → through 2026
    t01 = {"title": "worker-pioneer", "unit": "U01", "nominee": "T01", "record": "班组事迹。"}
    assert ok(client.post(f"/honours/{rid}/nominations", json=t01, headers=org), 201)["id"] == "N009"
    mine = ok(client.get(f"/honours/{rid}/nominations", headers=u["U02"]))
    assert [n["id"] for n in mine] == ["N004", "N008"]  # a nominator reads their own unit only
    assert client.get(f"/honours/{rid}/nominations/N001", headers=u["U02"]).status_code == 404


def vote_title_a(client, org, p, rid: int) -> None:
    """2/3 of present, with abstentions (present) and an absence (not counted)."""
    sitting = ok(client.post(f"/honours/{rid}/titles/{TITLE_A}/sittings", json={"present": PRESENT}, headers=org), 201)
    assert sitting["nominations"] == ["N001", "N002", "N003", "N004", "N005", "N006", "N008"] and sitting["absent"] == ["c07"]
    assert {(r["member"], r["nomination"]) for r in sitting["recusals"]} >= {("c01", "N001"), ("c02", "N004"), ("c02", "N008")}
    y, n, a = "yes", "no", "abstain"
    votes = {
        "c01": {"N004": y, "N005": y, "N006": y, "N008": y},
        "c02": {"N001": y, "N002": y, "N003": y, "N005": y, "N006": y},
        "c03": {"N001": y, "N002": y, "N003": y, "N004": y, "N005": y, "N006": y, "N008": y},
        "c04": {"N001": y, "N002": n, "N003": y, "N004": y, "N005": y, "N006": y, "N008": y},
        "c05": {"N001": y, "N002": a, "N003": y, "N004": y, "N005": n, "N006": y, "N008": y},
        "c06": {"N001": y, "N002": a, "N003": n, "N004": a, "N005": a, "N006": y, "N008": n},
    }
    refused(ballots(client, p["c01"], rid, TITLE_A, {**votes["c01"], "N001": y}), 409, "ballots[4].nomination", "recused")
    refused(ballots(client, p["c07"], rid, TITLE_A, votes["c03"]), 409, "", "absent")
    for member, choices in votes.items():
        assert ok(ballots(client, p[member], rid, TITLE_A, choices), 201)["counted"] == len(choices)
    tally = ok(client.post(f"/honours/{rid}/titles/{TITLE_A}/tally", headers=org))["outcome"]
    counts = {c["nomination"]: (c["yes"], c["no"], c["abstain"], c["present"], c["passed"]) for c in tally["counts"]}
    assert counts == {
        "N001": (5, 0, 0, 5, True),  # 15 ≥ 10
        "N002": (2, 1, 2, 5, False),  # 2 yes and 2 abstentions of 5 present: 6 < 10
        "N003": (4, 1, 0, 5, True),  # 12 ≥ 10
        "N004": (4, 0, 1, 5, True),
        "N005": (4, 1, 1, 6, True),  # exactly 2/3: 12 ≥ 12
        "N006": (6, 0, 0, 6, True),
        "N008": (4, 1, 0, 5, True),
    }
    # 6 passed for 5 places: N006 (6), N001 (5), then four tied at 4 yes for the last 3 places
    assert tally["elected"] == ["N006", "N001"] and tally["tied"] == ["N003", "N004", "N005", "N008"] and tally["places_left"] == 3
    assert tally["ballots"] is None  # secret voting: counts only


def run_off_title_a(client, org, p, rid: int) -> None:
    sitting = ok(client.post(f"/honours/{rid}/titles/{TITLE_A}/sittings", json={"present": PRESENT}, headers=org), 201)
    assert sitting["stage"] == 1 and sitting["nominations"] == ["N003", "N004", "N005", "N008"] and sitting["places"] == 3
    y, n = "yes", "no"
    votes = {
        "c01": {"N004": y, "N005": y, "N008": y},
        "c02": {"N003": y, "N005": n},
        "c03": {"N003": y, "N004": y, "N005": n, "N008": y},
        "c04": {"N003": y, "N004": y, "N005": y, "N008": y},
        "c05": {"N003": y, "N004": y, "N005": n, "N008": y},
        "c06": {"N003": y, "N004": y, "N005": y, "N008": n},
    }
    for member, choices in votes.items():
        ok(ballots(client, p[member], rid, TITLE_A, choices), 201)
    member_view = ok(client.get(f"/honours/{rid}/titles/{TITLE_A}/sitting", headers=p["c03"]))
    assert member_view["voted"] == PRESENT and member_view["state"] == "open"
    outcome = ok(client.post(f"/honours/{rid}/titles/{TITLE_A}/tally", headers=org))["outcome"]
    # run-off yes: N003 5, N004 5, N008 4, N005 3 → the first three take the 3 places, N005 is the reserve
    assert [(c["nomination"], c["yes"]) for c in outcome["run_offs"][0]["counts"]] == [("N003", 5), ("N004", 5), ("N005", 3), ("N008", 4)]
    assert outcome["elected"] == ["N006", "N001", "N003", "N004", "N008"] and outcome["tied"] == [] and outcome["reserve"] == ["N005"]


def vote_title_b(client, org, p, rid: int) -> None:
    ok(client.post(f"/honours/{rid}/titles/worker-pioneer/sittings", json={"present": PRESENT}, headers=org), 201)
    for member, choice in zip(PRESENT[1:], ("yes", "yes", "no", "abstain", "yes"), strict=True):
        ok(ballots(client, p[member], rid, "worker-pioneer", {"N009": choice}), 201)
    outcome = ok(client.post(f"/honours/{rid}/titles/worker-pioneer/tally", headers=org))["outcome"]
    assert outcome["elected"] == ["N009"] and outcome["counts"][0]["recused"] == 1  # c01 of U01


def notice_and_final(client, org, rid: int) -> None:
    short = {"period": {"start": "2026-12-07", "end": "2026-12-10", "contact": "工会办公室 0000-1234"}}
    refused(client.post(f"/honours/{rid}/notice", json=short, headers=org), 409, "period", "4 working days")
    period = {"period": {"start": "2026-12-07", "end": "2026-12-11", "contact": "工会办公室 0000-1234"}}
    posted = ok(client.post(f"/honours/{rid}/notice", json=period, headers=org), 201)["notice"]
    assert [e["nomination"] for e in posted["entries"]] == ["N006", "N001", "N003", "N004", "N008", "N009"]
    public = ok(client.get(f"/public/honours/{rid}/notice.json"))
    assert [e["name"] for e in public["entries"]][:2] == ["职工E05", "职工E01"] and "E05" not in str(public).replace("职工E05", "")
    page = client.get(f"/public/honours/{rid}/notice")
    assert page.status_code == 200 and "2026-12-11" in page.text and "职工E01" in page.text and "N001" not in page.text
    objection = {"nomination": "N001", "received": "2026-12-09", "grounds": "事迹材料与实际不符"}
    ok(client.post(f"/honours/{rid}/notice/objections", json=objection, headers=org), 201)
    ok(client.post(f"/honours/{rid}/notice/objections", json={**objection, "nomination": "N009"}, headers=org), 201)
    upheld = {"upheld": True, "reason": "经核实异议成立", "on": "2026-12-10"}
    decided = ok(client.post(f"/honours/{rid}/notice/objections/O001/decision", json=upheld, headers=org), 201)["notice"]
    assert decided["decisions"][0]["removed"] == "N001" and decided["decisions"][0]["promoted"] == "N005"  # next by votes
    refused(client.post(f"/honours/{rid}/final", json={"on": "2026-12-14"}, headers=org), 409, "objections", "O002")
    dismissed = {"upheld": False, "reason": "经核实不属实", "on": "2026-12-11"}
    ok(client.post(f"/honours/{rid}/notice/objections/O002/decision", json=dismissed, headers=org), 201)
    refused(client.post(f"/honours/{rid}/final", json={"on": "2026-12-11"}, headers=org), 409, "on", "2026-12-12")
    final = ok(client.post(f"/honours/{rid}/final", json={"on": "2026-12-14"}, headers=org), 201)["final"]
    assert [e["nomination"] for e in final["entries"]] == ["N006", "N003", "N004", "N008", "N009", "N005"]
    revoke = {"nomination": "N004", "reason": "事迹失实", "on": "2027-03-01"}
    revoked = ok(client.post(f"/honours/{rid}/final/revocations", json=revoke, headers=org), 201)
    assert revoked["version"] == 2 and "N004" not in [e["nomination"] for e in revoked["final"]["entries"]]
    assert len(ok(client.get(f"/honours/{rid}/final?version=1", headers=org))["final"]["entries"]) == 6
    shown = ok(client.get(f"/public/honours/{rid}/final.json"))
    assert shown["version"] == 2 and len(shown["entries"]) == 5 and shown["revocations"][0]["name"] == "职工E07"
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/honours/{rid}/final.xlsx", headers=org).content))
    rows = [[c.value for c in r] for r in book.active.iter_rows()]
    assert rows[0][:5] == ["序号", "推荐编号", "荣誉称号", "单位", "姓名（集体名称）"] and rows[-1][7] == "已撤销"
    assert client.get(f"/honours/{rid}/final.csv", headers=org).content.decode("utf-8-sig").startswith("序号,推荐编号,荣誉称号")


def test_a_whole_honours_round(client, headers, people):
    org = headers["organiser"]
    rid = create_round(client, org)
    check_allocation(client, org, rid)
    nominate_all(client, org, people, rid)
    vote_title_a(client, org, people, rid)
    refused(client.post(f"/honours/{rid}/notice", json={"period": {"start": "2026-12-07", "end": "2026-12-11", "contact": "工会"}}, headers=org),
            409, "title", "not finished")  # fmt: skip
    run_off_title_a(client, org, people, rid)
    vote_title_b(client, org, people, rid)
    notice_and_final(client, org, rid)
    states = {n["id"]: n["state"] for n in ok(client.get(f"/honours/{rid}/nominations", headers=org))}
    assert states == {
        "N001": "removed", "N002": "not_elected", "N003": "final", "N004": "revoked", "N005": "final",
        "N006": "final", "N007": "withdrawn", "N008": "final", "N009": "final",
    }  # fmt: skip


def test_organisation_award_shows_its_computation(client, headers):
    org = headers["organiser"]
    rid = create_round(client, org, people=False)
    records = [
        {
            "unit": "U01",
            "headcount": 500,
            "competitors": 20,
            "awards": {"一等奖": 1, "二等奖": 2},
            "registered_on_time": True,
            "reported_on_time": True,
        },
        {"unit": "U02", "headcount": 300, "competitors": 15, "awards": {"三等奖": 3}, "registered_on_time": True},
        {
            "unit": "U03",
            "headcount": 150,
            "competitors": 9,
            "awards": {"一等奖": 2, "优胜奖": 1},
            "registered_on_time": True,
            "reported_on_time": True,
        },
        {"unit": "U04", "headcount": 50, "competitors": 1, "registered_on_time": True, "reported_on_time": True},
    ]
    view = ok(client.post(f"/honours/{rid}/titles/organisation-award/organisation", json={"records": records}, headers=org), 201)
    got = [(x["unit"], x["participation"], x["results"], x["total"], x["qualified"], x["awarded"]) for x in view["lines"]]
    assert got == [
        ("U03", "40.00", "21.00", "81.00", True, True),  # 6% ≥ 5% → 40; 2×10 + 1 = 21; 10 + 10
        ("U01", "32.00", "22.00", "74.00", True, False),  # 4% of 5% → 32; 10 + 2×6 = 22; quota 1 taken by U03
        ("U02", "40.00", "9.00", "59.00", False, False),  # 3×3 = 9; reported late: 59 < 60
        ("U04", "16.00", "0.00", "36.00", False, False),  # 2% → 40 × 0.4 = 16
    ]
    csv = client.get(f"/honours/{rid}/titles/organisation-award/organisation.csv", headers=org).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("名次,单位编号,单位名称,参与率（%）") and "81.00" in csv


def test_bad_input_names_the_field_and_the_rule(client, headers):
    org = headers["organiser"]
    rid = create_round(client, org, people=False)
    refused(
        client.post(f"/honours/{rid}/nominations", json={"title": TITLE_A, "nominee": "E01", "unit": "U01"}, headers=org), 400, "record", ""
    )
    body = {"ballots": [{"nomination": "N001", "choice": "maybe"}]}
    response = client.post(f"/honours/{rid}/titles/{TITLE_A}/ballots", json=body, headers=headers["reviewer"])
    assert response.status_code in (400, 403)
    bad = client.post("/honours", content=b'id = "x"', headers=org | {"Content-Type": "application/toml"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["path"]
    wrong = {"period": {"start": "2026-12-07", "end": "2026-13-40", "contact": "工会"}}
    refused(client.post(f"/honours/{rid}/notice", json=wrong, headers=org), 400, "period.end", "")
    refused(client.post(f"/honours/{rid}/titles/nope/sittings", json={"present": ["c01"]}, headers=org), 404, "title", "no title")
    # a bool is true or false: 0 is not taken for false (found by schemathesis)
    definition = client.get(f"/honours/{rid}", headers=org).json()["definition"]
    lenient = definition | {"id": "strict-bools", "committee": definition["committee"] | {"open_voting": 0}}
    refused(client.post("/honours", json=lenient, headers=org), 400, "committee.open_voting", "Expected `bool`")
    refused(client.post(f"/honours/{rid}/notice/objections/O001/decision", json={"upheld": 1, "reason": "x", "on": "2026-12-10"}, headers=org),
            400, "upheld", "Expected `bool`")  # fmt: skip
