"""A whole lathe final (examples/lathe.toml, 车工) through the HTTP API only: the organiser
uploads the definition and registers the field, the inspector (检测员) reads the blind sheet
and types the measured values, the theory judge types the exam marks; refused values are
refused with the rule; judges sign, the chief judge locks and unblinds, the organiser
publishes, the public reads the results. Every total is checked against a hand formula here.

Rules exercised (shared RULES.md, "Lathe and CNC turning marking examples"): theory 30% +
practical 70% (Heilongjiang 车工 2022); Φ18±0.03 −1 per started 0.01 扣完为止; Φ24 +0.021/0
超差不得分; Φ38 0/−0.025 −1 per completed 0.01; 120±0.05 −2 per 0.02; 45±0.1 超差不得分;
锥度 74° 差一度扣 3 分; thread by go/no-go gauge; Ra 降一级扣 2 分 (1 for the other surfaces);
150 min, −1 per started minute, stop at 180 (later times refused); 文明生产 −3 per breach from
the module total, at most 10; a serious accident disqualifies; a failed drawing zeroes the practical.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from httpx import Response
from litestar.testing import TestClient

from tests.api.conftest import unique
from tests.api.public_view import without_private
from tests.api.test_judging_fixtures import add_accounts, log_in, ok
from tests.db.helpers import EXAMPLES
from tests.factories.draws import seeded_codes

pytestmark = pytest.mark.db

UNITS = {"CJ1": "车加工一厂", "CJ2": "车加工二厂", "JDZ": "技能鉴定站"}
JUDGES = {"T1": ("车工理论裁判", "JDZ"), "Q1": ("检测员甲", "JDZ")}  # Q1: the practical's one inspector
PERFECT = {"d18": "18.000", "d24": "24.010", "d38": "37.990", "l120": "120.00", "l45": "45.00", "taper": "74", "thread_gauge": 1,
           "ra_d18": "1.6", "ra_d24": "1.6", "ra_other": "3.2", "chamfers": 1, "machining_time": "140"}  # fmt: skip
# employee number → (name, unit, theory, the inspector's values where they differ from PERFECT)
SHAFTS = {
    "CG-A": ("车甲", "CJ1", 90, {}),
    "CG-B": ("车乙", "CJ1", 80, {"d18": "18.03", "d24": "24.021", "d38": "37.975", "l120": "119.95", "l45": "45.1", "taper": "74.5",
                                "ra_d18": "0.8", "machining_time": "150"}),
    "CG-C": ("车丙", "CJ2", 75, {"d18": "18.04", "d24": "23.9999", "d38": "38.01", "l120": "120.07", "l45": "45.11", "taper": "75",
                                "thread_gauge": 0, "ra_d18": "3.2", "ra_d24": "6.3", "ra_other": "6.3", "machining_time": "151",
                                "civilised_breach": 1}),
    "CG-D": ("车丁", "CJ2", 70, {"d18": "18.3", "civilised_breach": 5}),
    "CG-E": ("车戊", "CJ1", 95, {"drawing_failed": 1}),
    "CG-F": ("车己", "CJ2", 88, {"serious_accident": 1}),
    "CG-G": ("车庚", "CJ2", 60, {"machining_time": "180", "d18": "17.955", "l120": "120.0901"}),
}  # fmt: skip

# ---------------------------------------------------------------- by hand
# practical out of 100: dimensions 15 + 12 + 12 + 8 + 6 + 9, thread 12, Ra 4 + 4 + 4,
# chamfers 4, time 10; then 3 per civilised-production breach off the total (at most 10)
A = 100
B = 100  # every value exactly at a limit, 74.5° is half a degree (completed degrees only), 150 min is the limit
C = (15 - 1) + 0 + (12 - 1) + (8 - 2) + 0 + (9 - 3) + 0 + (4 - 2) + (4 - 2 * 2) + (4 - 1) + 4 + (10 - 1) - 3  # one step out everywhere
D = 100 - 15 - min(5 * 3, 10)  # 18.3: 27 steps of 0.01 take all 15 (floor at 0); 5 breaches capped at 10
E = 0  # 否定项: the practical is zeroed
# 17.955: 1.5 steps of 0.01 started → −2; 120.0901: 0.0401 is 3 started steps of 0.02 → −6;
# 180 min, the hard stop itself: 30 minutes over → −30, stopped at 0 of 10
G = 100 - 2 - 3 * 2 - 10
PRACTICAL = {"CG-A": A, "CG-B": B, "CG-C": C, "CG-D": D, "CG-E": E, "CG-G": G}


def units(theory: float, practical: float) -> int:
    """Hundredths, half up (2 places on the total, the example's default rounding)."""
    total = Decimal(theory) * Decimal("0.3") + Decimal(practical) * Decimal("0.7")
    return int(total.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP") * 100)


@dataclass
class Final:
    client: TestClient
    cid: int
    code: dict[str, str]  # employee number → blind code
    judge: dict[str, dict[str, str]]  # judge code → Authorization header

    def url(self, path: str) -> str:
        return f"/contests/{self.cid}/events/lathe/{path}"

    def marks(self, who: str, module: str, values: dict[str, dict], key: str | None = None) -> Response:
        rows = [
            {"module_id": module, "blind_code": self.code[no], "aspect_id": a, "value": v}
            for no, aspects in values.items()
            for a, v in aspects.items()
        ]
        headers = self.judge[who] | ({"Idempotency-Key": key} if key else {})
        return self.client.post(self.url("marks"), json={"marks": rows}, headers=headers)


def set_up_final(client: TestClient, run, organiser: dict[str, str]) -> Final:
    """The organiser's part: the definition, units, competitors, judges with logins, panels, the draw."""
    body = (EXAMPLES / "lathe.toml").read_bytes().replace(b'id = "lathe-2026"', f'id = "{unique("lathe")}"'.encode(), 1)
    cid = ok(client.post("/contests", content=body, headers=organiser | {"Content-Type": "application/toml"}), 201)["id"]

    def add(resource: str, item: dict, query: str = "") -> None:
        ok(client.post(f"/contests/{cid}/{resource}{query}", json=item, headers=organiser), 201)

    for code, name in UNITS.items():
        add("units", {"code": code, "name": name})
    for no, (name, unit, _, _) in SHAFTS.items():
        add("competitors", {"employee_no": no, "name": name, "unit": unit, "event": "lathe"})
    logins = {code: unique(code.lower()) for code in JUDGES}
    add_accounts(run, list(logins.values()))
    for code, (name, unit) in JUDGES.items():
        add("judges", {"code": code, "name": name, "unit": unit}, f"?username={logins[code]}")
    add("judges", {"code": "CJ", "name": "裁判长", "unit": "JDZ", "role": "chief_judge"}, "?username=chief")
    final = Final(client, cid, {}, {})
    for module, panel in (("theory", ["T1"]), ("practical", ["Q1"])):
        ok(client.put(final.url(f"modules/{module}/panel"), json={"judges": panel}, headers=organiser))
    ok(client.post(final.url("draw"), json={"seed": "4c7a11"}, headers=organiser), 201)
    final.code = seeded_codes(SHAFTS, "4c7a11")  # the answer is sealed (issue 10): the seed's chooser recomputes the table
    final.judge = {c: log_in(client, login) for c, login in logins.items()}
    return final


def test_the_lathe_final(client, run, headers):
    organiser, chief = headers["organiser"], headers["chief_judge"]
    day = set_up_final(client, run, organiser)

    # the inspector's blind sheet: 15 columns, the 12 measured ones owed
    sheet = ok(client.get(day.url("modules/practical/sheet"), headers=day.judge["Q1"]))
    assert sheet["blind"] and len(sheet["rows"]) == 7 and all(r["name"] is None for r in sheet["rows"])
    columns = {a["id"]: a for a in sheet["aspects"]}
    assert sum(a["owed"] for a in sheet["aspects"]) == 12 and columns["d24"]["rule"] == "tolerance"
    assert columns["civilised_breach"]["kind"] == "deduction" and columns["civilised_breach"]["cap"] == 10

    # values the rules refuse, with the rule named (nothing stored)
    for aspect, value, rule in (("machining_time", "181", "a time beyond the hard stop of 180 min is refused"),
                                ("ra_d18", "2.5", "a grade must be one of the series 0.8, 1.6, 3.2, 6.3, 12.5")):  # fmt: skip
        refused = day.marks("Q1", "practical", {"CG-A": {aspect: value}})
        assert refused.status_code == 409 and refused.json()["errors"][0]["rule"].endswith(rule), refused.text

    ok(day.marks("Q1", "practical", {no: PERFECT | changes for no, (_, _, _, changes) in SHAFTS.items()}, key=unique("q1")), 201)
    ok(day.marks("T1", "theory", {no: {"theory_mark": t} for no, (_, _, t, _) in SHAFTS.items()}), 201)

    provisional = {r["blind_code"]: r for r in ok(client.get(day.url("standings"), headers=chief))["rows"]}
    expected = {no: units(SHAFTS[no][2], p) for no, p in PRACTICAL.items()}
    assert {no: provisional[day.code[no]]["total_units"] for no in PRACTICAL} == expected
    assert expected == {"CG-A": 9700, "CG-B": 9400, "CG-C": 5890, "CG-D": 7350, "CG-E": 2850, "CG-G": 7540}
    assert provisional[day.code["CG-F"]]["disqualified"] and provisional[day.code["CG-F"]]["rank"] == 0  # serious accident

    for module, who in (("theory", "T1"), ("practical", "Q1")):
        ok(client.post(day.url(f"modules/{module}/sign-off"), headers=day.judge[who]), 201)
        ok(client.post(day.url(f"modules/{module}/lock"), headers=chief), 201)
    ok(client.post(day.url("unblind"), headers=chief), 201)
    published = ok(client.post(day.url("publish"), headers=organiser), 201)
    rows = published["standings"]["rows"]
    assert [r["employee_no"] for r in rows] == ["CG-A", "CG-B", "CG-G", "CG-D", "CG-C", "CG-E", "CG-F"]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5, 6, 0]
    assert [r["award"] for r in rows] == ["一等奖", "二等奖", "二等奖", "二等奖", "三等奖", "三等奖", None]
    assert [bool(r["titles"]) for r in rows] == [True, True, True, True, False, False, False]  # C's practical 52 < 60
    assert {r["employee_no"]: r["module_units"] for r in rows}["CG-C"] == [7500, C * 100]

    assert ok(client.get(f"/public/contests/{day.cid}/events/lathe/results.json")) == without_private(published)
    page = client.get(f"/public/contests/{day.cid}")
    assert page.status_code == 200 and "车甲" in page.text and "文明生产违规" in page.text  # C's and D's deduction in the breakdown
