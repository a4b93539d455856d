"""The computed mark of a measured value before it is sent (issue 16, point 4): the lathe's
drawing rules (examples/lathe.toml) through `GET …/modules/{m}/aspects/{a}/preview`, each
answer checked against the arithmetic done by hand here (RULES.md, "Lathe and CNC turning
marking examples": Φ18±0.03 −1 per started 0.01 扣完为止; Φ24 +0.021/0 超差不得分;
Φ38 0/−0.025 −1 per completed 0.01; 120±0.05 −2 per started 0.02; Ra 降一级扣 2 分; 150 min,
−1 per started minute, stop at 180 with later times refused)."""

from __future__ import annotations

import pytest

from tests.api.conftest import unique
from tests.db.helpers import EXAMPLES

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def lathe(client, headers) -> str:
    toml = (EXAMPLES / "lathe.toml").read_bytes().replace(b'id = "lathe-2026"', f'id = "{unique("lathe")}"'.encode(), 1)
    created = client.post("/contests", content=toml, headers={**headers["organiser"], "Content-Type": "application/toml"})
    assert created.status_code == 201, created.text
    return f"/contests/{created.json()['id']}/events/lathe/modules/practical/aspects"


# aspect, value typed → (excess, steps, deduction, awarded), by hand
GOLDEN = {
    ("d18", "18.045"): (0.015, 2, 2, 13),  # 0.015 beyond 18.03: 2 started steps of 0.01 × 1
    ("d18", "18.03"): (0, 0, 0, 15),  # at the limit: inclusive
    ("d18", "17.955"): (0.015, 2, 2, 13),  # below 17.97 the same way
    ("d18", "18.3"): (0.27, 27, 27, 0),  # 27 steps take more than the 15: floored at 0
    ("d24", "24.022"): (0.001, 1, 12, 0),  # 超差不得分: the whole 12 at once
    ("d24", "24.021"): (0, 0, 0, 12),
    ("d38", "37.965"): (0.01, 1, 1, 11),  # one completed step of 0.01 below 37.975
    ("d38", "37.97"): (0.005, 0, 0, 12),  # half a step: completed steps only
    ("l120", "120.0901"): (0.0401, 3, 6, 2),  # 3 started steps of 0.02 × 2
    ("ra_d18", "3.2"): (1, 1, 2, 2),  # one grade worse than 1.6 × 2
    ("ra_d18", "6.3"): (2, 2, 4, 0),
    ("ra_d18", "0.8"): (0, 0, 0, 4),  # better than required: full
    ("machining_time", "151"): (1, 1, 1, 9),  # one started minute over 150
    ("machining_time", "150.5"): (0.5, 1, 1, 9),
    ("machining_time", "180"): (30, 30, 30, 0),  # the hard stop itself: 30 minutes, floored at 0
}


@pytest.mark.parametrize(("aspect", "value"), list(GOLDEN), ids=[f"{a}={v}" for a, v in GOLDEN])
def test_the_computed_mark_is_the_hand_arithmetic(client, headers, lathe, aspect, value):
    excess, steps, deduction, awarded = GOLDEN[aspect, value]
    answer = client.get(f"{lathe}/{aspect}/preview", params={"value": value}, headers=headers["judge"])
    assert answer.status_code == 200, answer.text
    got = answer.json()
    assert (got["aspect_id"], got["value"]) == (aspect, value)
    assert got["excess"] == pytest.approx(excess, abs=1e-9) and got["steps"] == steps
    assert got["deduction"] == deduction and got["awarded"] == awarded
    assert got["note"].endswith(str(awarded)) or got["note"].endswith(f"{awarded} (floor)")


def test_the_working_names_the_window(client, headers, lathe):
    got = client.get(f"{lathe}/d18/preview", params={"value": "18.045"}, headers=headers["chief_judge"]).json()
    assert (got["rule"], got["window"], got["low"], got["high"], got["per_step"], got["max_marks"]) == (
        "tolerance",
        "18 ±0.03",
        17.97,
        18.03,
        1,
        15,
    )
    assert got["note"] == "measured 18.045mm in 18 ±0.03 (17.97 … 18.03): 0.015 beyond → 2 started steps of 0.01 × 1 = −2 → 13"


@pytest.mark.parametrize("value", ["abc", "", "1e3", "nan", "inf", "18,045", "18.0.1", " 18"])
def test_a_value_that_is_no_number_is_400_naming_value(client, headers, lathe, value):
    answer = client.get(f"{lathe}/d18/preview", params={"value": value}, headers=headers["judge"])
    assert answer.status_code == 400, answer.text
    assert [e["path"] for e in answer.json()["errors"]] == ["value"]


@pytest.mark.parametrize(("aspect", "value", "rule"), [("ra_d18", "2.5", "series"), ("machining_time", "181", "180")])
def test_a_value_the_rule_refuses_is_400_with_the_rule(client, headers, lathe, aspect, value, rule):
    answer = client.get(f"{lathe}/{aspect}/preview", params={"value": value}, headers=headers["judge"])
    assert answer.status_code == 400, answer.text
    [error] = answer.json()["errors"]
    assert error["path"] == "value" and rule in error["rule"]


def test_other_aspects_and_roles_are_refused(client, headers, lathe):
    assert client.get(f"{lathe}/thread_gauge/preview?value=1", headers=headers["judge"]).status_code == 409  # pass/fail: nothing to compute
    missing = client.get(f"{lathe}/d99/preview?value=1", headers=headers["judge"])
    assert missing.status_code == 404 and missing.json()["errors"][0]["path"] == "aspect_id"
    for role in ("organiser", "viewer", "employee"):
        assert client.get(f"{lathe}/d18/preview?value=18", headers=headers[role]).status_code == 403
    assert client.get(f"{lathe}/d18/preview?value=18").status_code == 401
    assert client.get(f"{lathe}/d18/preview", headers=headers["judge"]).status_code == 400  # the value is required
