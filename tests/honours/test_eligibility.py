"""Eligibility of nominees, every rule refused at its boundary, and nominations refused with
the rule named (over quota, duplicate, ineligible). Cooldown and accident-bar years from
RULES.md, "Labour competitions"."""

from __future__ import annotations

from datetime import date

import msgspec
import pytest

from contests.honours import (
    Candidate,
    Eligibility,
    NominationRefused,
    RequiredResult,
    allocate,
    check_nomination,
    full_years,
    ineligible,
)
from contests.titles import Accident, TitleAward, TitleHistory, import_awards
from tests.honours.factories import nomination, round_, title


def person(code="E1", unit="U1", **kw) -> Candidate:
    return Candidate(code=code, name="张三", unit=unit, kind="individual", hired=date(2010, 1, 1), **kw)


def rules_for(t, candidate, **kw) -> list[str]:
    r = round_(titles=[t])
    return [i.rule for i in ineligible(r, t, [candidate], **kw)[candidate.code]]


@pytest.mark.parametrize(("awarded", "barred"), [(2022, True), (2021, False)])
def test_cooldown_five_years(awarded, barred):
    # round year 2026: a 2022 title bars 2022–2026, a 2021 title bars through 2025.
    h = import_awards(TitleHistory(), [TitleAward(holder="E1", title="先进个人", year=awarded)])
    assert (rules_for(title(eligibility=Eligibility(cooldown_years=5)), person(), history=h) == ["cooldown"]) is barred


@pytest.mark.parametrize(("year", "barred"), [(2024, True), (2023, False)])
def test_accident_bar_three_years(year, barred):
    t = title(eligibility=Eligibility(accident_bar_years=3))
    found = rules_for(t, person(), accidents=[Accident(holder="E1", year=year, kind="轻伤")])
    assert (found == ["accident_bar"]) is barred


@pytest.mark.parametrize(("hired", "barred"), [(date(2021, 12, 31), False), (date(2022, 1, 1), True)])
def test_min_tenure_on_the_reference_date(hired, barred):
    # reference date 2026-12-31: hired 2021-12-31 has 5 full years, 2022-01-01 has 4.
    t = title(eligibility=Eligibility(min_tenure_years=5))
    c = Candidate(code="E1", name="李四", unit="U1", kind="individual", hired=hired)
    assert (rules_for(t, c) == ["min_tenure"]) is barred


def test_no_hire_date_fails_a_tenure_rule_and_leap_days():
    t = title(eligibility=Eligibility(min_tenure_years=1))
    assert rules_for(t, Candidate(code="E1", name="王五", unit="U1", kind="individual")) == ["min_tenure"]
    assert full_years(date(2020, 2, 29), date(2021, 2, 28)) == 0 and full_years(date(2020, 2, 29), date(2021, 3, 1)) == 1


@pytest.mark.parametrize(("until", "barred"), [(date(2026, 12, 31), True), (date(2026, 12, 30), False)])
def test_disciplinary_action_in_force_on_the_reference_date(until, barred):
    assert (rules_for(title(), person(disciplinary_until=until)) == ["disciplinary_action"]) is barred


def test_disciplinary_rule_can_be_turned_off():
    t = title(eligibility=Eligibility(no_disciplinary_action=False))
    assert rules_for(t, person(disciplinary_until=date(2027, 6, 30))) == []


@pytest.mark.parametrize(("flags", "barred"), [(3, False), (2, True)])
def test_required_result_count(flags, barred):
    t = title(kind="collective", eligibility=Eligibility(required_results=[RequiredResult(result="流动红旗", at_least=3)]))
    team = Candidate(code="T1", name="检修一班", unit="U1", kind="collective", results={"流动红旗": flags})
    assert (rules_for(t, team) == ["required_result"]) is barred


def test_kind_mismatch():
    team = Candidate(code="T1", name="检修一班", unit="U1", kind="collective")
    assert rules_for(title(), team) == ["kind"]


def test_many_candidates_at_once():
    h = import_awards(TitleHistory(), [TitleAward(holder="E2", title="先进个人", year=2025)])
    t = title()
    r = round_(titles=[t])
    found = ineligible(r, t, [person("E1"), person("E2"), person("E3", disciplinary_until=date(2027, 1, 1))], history=h)
    assert {k: [i.rule for i in v] for k, v in found.items()} == {"E1": [], "E2": ["cooldown"], "E3": ["disciplinary_action"]}


class TestNominations:
    def setup_method(self):
        self.r = round_(titles=[title(quota=3)])  # headcounts 600/300/100 → U1 2, U2 1, U3 0
        self.allocation = allocate(self.r, self.r.titles[0])
        self.people = {f"E{i}": person(f"E{i}", unit="U1" if i < 10 else "U2") for i in range(1, 12)}

    def check(self, n, active=(), **kw):
        check_nomination(self.r, self.allocation, n, active=list(active), candidates=self.people, **kw)

    def rules(self, n, active=(), **kw) -> list[str]:
        with pytest.raises(NominationRefused) as caught:
            self.check(n, active, **kw)
        return [p.rule.split(":")[0] for p in caught.value.problems]

    def test_within_quota_then_over_quota(self):
        self.check(nomination(1))
        self.check(nomination(2), [nomination(1)])
        assert self.rules(nomination(3), [nomination(1), nomination(2)]) == ["over_quota"]
        assert self.allocation.places()["U3"] == 0

    def test_a_withdrawn_nomination_frees_its_place(self):
        # the caller passes only nominations that still hold a place (workflow.ACTIVE_STATES)
        self.check(nomination(3), [nomination(1)])

    def test_duplicate_unknown_foreign_and_ineligible(self):
        assert self.rules(nomination(1), [msgspec.structs.replace(nomination(1), id="N9")]) == ["duplicate"]
        assert self.rules(nomination(99)) == ["unknown_nominee"]
        assert self.rules(nomination(10, unit="U1")) == ["unit"]
        h = import_awards(TitleHistory(), [TitleAward(holder="E1", title="先进个人", year=2024)])
        assert self.rules(nomination(1), history=h) == ["cooldown"]

    def test_unknown_title_and_unit(self):
        assert self.rules(nomination(1, title_id="nope")) == ["title"]
        assert self.rules(nomination(1, unit="U8")) == ["unit"]

    def test_the_record_is_checked_like_a_decoded_body(self):
        with pytest.raises(NominationRefused) as caught:
            self.check(msgspec.structs.replace(nomination(1), record="事迹\x00"))
        assert caught.value.problems[0].path == "nomination.record"
