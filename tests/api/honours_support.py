"""A small honours round for the HTTP tests (issue 13): four units, 先进个人 with 差额推荐
(2 nominations per place), 工人先锋号 fixed to U01, 优秀组织奖 by formula, a committee of
seven reviewer logins (c01 of U01, c02 of U02). Hand computations live in the tests."""

from __future__ import annotations

from tests.api.conftest import unique
from tests.factories.logins import add_logins, log_in

ROUND_TOML = """
id = "{slug}"
name = "2026年度评比表彰（测试）"
year = 2026
reference_date = 2026-12-31

units = [
  {{ code = "U01", name = "一厂", headcount = 500 }},
  {{ code = "U02", name = "二厂", headcount = 300 }},
  {{ code = "U03", name = "三厂", headcount = 150 }},
  {{ code = "U04", name = "四厂", headcount = 50 }},
]

[[titles]]
id = "advanced-individual"
name = "先进个人"
kind = "individual"
quota = 5
nominations_per_place = 2
allocation = {{ method = "by_headcount", minimum = 1 }}
eligibility = {{ cooldown_years = 3, min_tenure_years = 3 }}

[[titles]]
id = "worker-pioneer"
name = "工人先锋号"
kind = "collective"
quota = 1
freed_place = "leave_empty"
allocation = {{ method = "fixed", places = {{ U01 = 1 }} }}
voting = {{ rule = "top_n" }}

[titles.eligibility]
cooldown_years = 5
accident_bar_years = 3
required_results = [{{ result = "流动红旗", at_least = 3 }}]

[[titles]]
id = "organisation-award"
name = "优秀组织奖"
kind = "collective"
quota = 1
organisation = {{ threshold = 60.0 }}

[committee]
members = [
  {{ code = "c01", name = "王委员", unit = "U01" }},
  {{ code = "c02", name = "李委员", unit = "U02" }},
  {{ code = "c03", name = "张委员" }},
  {{ code = "c04", name = "刘委员" }},
  {{ code = "c05", name = "陈委员" }},
  {{ code = "c06", name = "杨委员" }},
  {{ code = "c07", name = "赵委员" }},
]
"""
MEMBERS = ("c01", "c02", "c03", "c04", "c05", "c06", "c07")
NOMINATORS = {"U01": "n01", "U02": "n02", "U03": "n03", "U04": "n04"}
SHARED_PASSWORD = "honours-committee-2026"


def person(code: str, unit: str, hired: str = "2010-01-01", **facts) -> dict:
    return {"code": code, "name": f"职工{code}", "unit": unit, "kind": "individual", "hired": hired, **facts}


def team(code: str, red_flags: int) -> dict:
    return {"code": code, "name": f"班组{code}", "unit": "U01", "kind": "collective", "results": {"流动红旗": red_flags}}


CANDIDATES = [
    person("E01", "U01"), person("E02", "U01"), person("E03", "U01"),
    person("E06", "U01", hired="2024-01-01"),  # 2 full years on 2026-12-31: under the 3-year tenure
    person("E07", "U02", hired="2023-12-31"),  # exactly 3 full years on 2026-12-31: eligible
    person("E12", "U02"), person("E13", "U02"),
    person("E04", "U03"),  # 先进个人 2023: barred 2023–2025, eligible in 2026
    person("E08", "U03"),  # 先进个人 2024: barred through 2026
    person("E05", "U04", disciplinary_until="2026-12-30"),  # over the day before the reference date
    person("E09", "U04", disciplinary_until="2026-12-31"),  # still in force on the reference date
    person("E11", "U04"), person("E14", "U04"),
    team("T01", 3),  # accident 2023: barred 2023–2025 (3 years), eligible in 2026
    team("T02", 2),  # only 2 red flags of the 3 required
    team("T03", 3),  # accident 2024: barred through 2026
]  # fmt: skip
HISTORY = {
    "awards": [{"holder": "E04", "title": "先进个人", "year": 2023}, {"holder": "E08", "title": "先进个人", "year": 2024}],
    "accidents": [{"holder": "T01", "year": 2023, "kind": "轻伤"}, {"holder": "T03", "year": 2024, "kind": "轻伤"}],
}


def round_toml(slug: str | None = None) -> str:
    return ROUND_TOML.format(slug=slug or unique("honours"))


def sign_in_people(client, run) -> dict[str, dict[str, str]]:
    """username → Authorization header of the committee members and unit nominators."""
    accounts = {m: "reviewer" for m in MEMBERS} | {n: "employee" for n in NOMINATORS.values()}
    run(lambda session: add_logins(session, accounts, password=SHARED_PASSWORD, skip_existing=True))  # one argon2 hash for all
    return {username: log_in(client, username, SHARED_PASSWORD) for username in accounts}


def create_round(client, org: dict[str, str], slug: str | None = None, *, people: bool = True) -> int:
    """A round from the TOML, its nominators, candidates; returns its id."""
    headers = org | {"Content-Type": "application/toml"}
    response = client.post("/honours", content=round_toml(slug).encode(), headers=headers)
    assert response.status_code == 201, response.text
    rid = response.json()["id"]
    if people:
        for unit, username in NOMINATORS.items():
            assigned = client.post(f"/honours/{rid}/nominators", json={"username": username, "unit": unit}, headers=org)
            assert assigned.status_code == 201, assigned.text
        recorded = client.post(f"/honours/{rid}/candidates", json={"candidates": CANDIDATES}, headers=org)
        assert recorded.status_code == 201, recorded.text
    return rid


def final_round(client, headers: dict[str, dict[str, str]]) -> int:
    """A round with one nominee posted on 公示 and then final, voted by the shared reviewer
    login (rev1, a member here): for sweeps of the public pages."""
    org = headers["organiser"]
    toml = round_toml().replace('code = "c07"', 'code = "rev1"')
    rid = client.post("/honours", content=toml.encode(), headers=org | {"Content-Type": "application/toml"}).json()["id"]
    code = f"PUB{rid}"
    candidate = {"code": code, "name": "公示职工", "unit": "U03", "kind": "individual", "hired": "2010-01-01"}
    steps = [
        (org, f"/honours/{rid}/candidates", {"candidates": [candidate]}),
        (org, f"/honours/{rid}/nominations", {"title": "advanced-individual", "unit": "U03", "nominee": code, "record": "事迹突出。"}),
        (org, f"/honours/{rid}/titles/advanced-individual/sittings", {"present": ["rev1"]}),
        (headers["reviewer"], f"/honours/{rid}/titles/advanced-individual/ballots", {"ballots": [{"nomination": "N001", "choice": "yes"}]}),
        (org, f"/honours/{rid}/titles/advanced-individual/tally", None),
        (org, f"/honours/{rid}/notice", {"period": {"start": "2026-12-07", "end": "2026-12-11", "contact": "工会办公室"}}),
        (org, f"/honours/{rid}/final", {"on": "2026-12-14"}),
    ]
    for h, path, body in steps:
        response = client.post(path, json=body, headers=h)
        assert response.status_code in (200, 201), response.text
    return rid
