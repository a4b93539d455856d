"""The labour safety-accident records (contests.labour.accidents) and the honours bar that
reads them ("no accident of severity ≥ X within N months before the reference date"),
refused at its boundaries: exactly N months, the severity just below, the scope, a
corrected and a withdrawn record. Reference date 2026-12-31 (tests.honours.factories)."""

from __future__ import annotations

from datetime import date

import msgspec
import pytest

from contests.honours import Candidate, Eligibility, NominationRefused, allocate, check_nomination, ineligible
from contests.honours.accident_records import RecordedAccidentBar, months_before
from contests.labour.accidents import AccidentRecord, AccidentReport, accident_problems, at_least, standing
from contests.labour.presets import load_preset
from contests.titles import Accident
from tests.honours.factories import nomination, round_, title


def accident(on: date, severity: str = "重伤", *, unit="U1", team=None, person=None, number=1, version=1, **kw) -> AccidentRecord:
    return AccidentRecord(
        competition="ankang", number=number, version=version, unit=unit, team=team, person=person, occurred_on=on,
        severity=severity, description="机械伤害", reporter="王安全", **kw,
    )  # fmt: skip


def person(code="E1", unit="U1") -> Candidate:
    return Candidate(code=code, name="张三", unit=unit, kind="individual", hired=date(2010, 1, 1))


def team(code="T-A", unit="U1") -> Candidate:
    return Candidate(code=code, name="炼钢一班", unit=unit, kind="collective")


def rules(candidate: Candidate, records, bar=RecordedAccidentBar(months=6, min_severity="重伤"), **kw) -> list[str]:
    t = title(kind=candidate.kind, eligibility=Eligibility(recorded_accident=bar, cooldown_years=None), **kw)
    return [i.rule for i in ineligible(round_(titles=[t]), t, [candidate], recorded=records)[candidate.code]]


@pytest.mark.parametrize(
    ("on", "months", "expected"),
    [(date(2026, 12, 31), 6, date(2026, 6, 30)), (date(2026, 8, 31), 6, date(2026, 2, 28)), (date(2028, 8, 31), 6, date(2028, 2, 29)),
     (date(2026, 3, 15), 12, date(2025, 3, 15)), (date(2026, 1, 31), 1, date(2025, 12, 31))],
)  # fmt: skip
def test_months_before_clamps_to_the_month_end(on, months, expected):
    assert months_before(on, months) == expected


@pytest.mark.parametrize(
    ("occurred", "barred"),
    [(date(2026, 6, 30), False), (date(2026, 7, 1), True), (date(2026, 12, 31), True), (date(2027, 1, 1), False)],
)
def test_exactly_n_months_before_no_longer_bars(occurred, barred):
    # 6 months before 2026-12-31 is 2026-06-30: the window is 2026-07-01 … 2026-12-31
    assert (rules(person(), [accident(occurred, person="E1")]) == ["recorded_accident"]) is barred


@pytest.mark.parametrize(("severity", "barred"), [("轻伤", False), ("重伤", True), ("死亡", True)])
def test_severity_just_below_the_minimum_does_not_bar(severity, barred):
    assert (rules(person(), [accident(date(2026, 10, 1), severity, person="E1")]) == ["recorded_accident"]) is barred


def test_whose_accidents_count_by_scope():
    in_team = accident(date(2026, 10, 1), team="T-A")
    elsewhere = accident(date(2026, 10, 1), team="T-Z")
    other_unit = accident(date(2026, 10, 1), unit="U2", team="T-B")
    unit_wide = RecordedAccidentBar(months=6, min_severity="重伤", scope="unit")
    assert rules(team(), [in_team]) == ["recorded_accident"]
    assert rules(team(), [elsewhere, other_unit]) == []
    assert rules(team(), [elsewhere], bar=unit_wide) == ["recorded_accident"]
    assert rules(team(), [other_unit], bar=unit_wide) == []
    assert rules(person(), [in_team]) == []  # a person is charged only when the record names them
    assert rules(person(), [in_team], bar=unit_wide) == ["recorded_accident"]
    unit_nominee = Candidate(code="U1", name="一厂", unit="U1", kind="collective")
    assert rules(unit_nominee, [elsewhere]) == ["recorded_accident"]  # the unit itself: every accident of it


def test_the_standing_version_decides():
    first = accident(date(2026, 10, 1), "重伤", person="E1")
    lighter = accident(date(2026, 10, 1), "轻伤", person="E1", version=2, reason="复核为轻伤")
    withdrawn = accident(date(2026, 10, 1), "重伤", person="E1", version=2, withdrawn=True, reason="误报")
    assert rules(person(), [first]) == ["recorded_accident"]
    assert rules(person(), [lighter, first]) == []
    assert rules(person(), [first, withdrawn]) == []
    assert standing([first, lighter]) == [lighter]


def test_refused_at_nomination_with_the_rule_named_and_the_old_bar_still_works():
    bar = RecordedAccidentBar(months=12, min_severity="轻伤")
    t = title(eligibility=Eligibility(recorded_accident=bar, accident_bar_years=3, cooldown_years=None))
    r = round_(titles=[t])
    allocation = allocate(r, t)
    candidates = {"E1": person()}
    record = accident(date(2026, 3, 2), "轻伤", person="E1")
    with pytest.raises(NominationRefused) as refused:
        check_nomination(r, allocation, nomination(1), active=[], candidates=candidates, recorded=[record])
    problem = refused.value.problems[0]
    assert problem.path == "nominee" and problem.rule.startswith("recorded_accident: 2026-03-02发生轻伤事故")
    assert "12个月内（2025-12-31之后至2026-12-31）" in problem.rule
    with pytest.raises(NominationRefused) as old:  # the year-based safety_accidents keep barring
        check_nomination(
            r,
            allocation,
            nomination(1),
            active=[],
            candidates=candidates,
            accidents=[Accident(holder="E1", year=2025, kind="轻伤")],
        )
    assert old.value.problems[0].rule.startswith("accident_bar:")
    check_nomination(r, allocation, nomination(1), active=[], candidates=candidates, recorded=[accident(date(2025, 12, 31), person="E1")])


def test_the_rule_is_declared_in_the_round_file():
    t = msgspec.json.decode(b'{"months": 6, "min_severity": "\xe6\xad\xbb\xe4\xba\xa1"}', type=RecordedAccidentBar)
    assert t.min_severity == "死亡" and t.scope == "nominee"
    with pytest.raises(msgspec.ValidationError, match="min_severity"):
        msgspec.json.decode(b'{"months": 6, "min_severity": "x"}', type=RecordedAccidentBar)
    with pytest.raises(msgspec.ValidationError, match="months"):
        msgspec.json.decode(b'{"months": 0}', type=RecordedAccidentBar)


def test_severity_order_and_report_problems():
    assert at_least("死亡", "重伤") and at_least("重伤", "重伤") and not at_least("轻伤", "重伤")
    c = load_preset("liusai")
    report = AccidentReport(unit="U01", team="T-A", occurred_on=date(2026, 5, 1), severity="轻伤", description="x", reporter="王")
    assert accident_problems(c, report, date(2026, 5, 1)) == []
    bad = msgspec.structs.replace(report, unit="U02", occurred_on=date(2026, 5, 2))
    assert [p.path for p in accident_problems(c, bad, date(2026, 5, 1))] == ["team", "occurred_on"]
    assert [p.path for p in accident_problems(c, msgspec.structs.replace(report, unit="U9", team=None), date(2026, 5, 1))] == ["unit"]
