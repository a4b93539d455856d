"""Appeal decisions and blindness, without a database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from contests.accounts import Actor
from contests.judging import appeal
from contests.judging.blindness import names_visible
from contests.judging.versions import Version


def test_a_decision_needs_a_reason_and_matching_corrections():
    assert appeal.decision_problems("upheld", " ", 1)[0].rule == "a decision needs its reason"
    assert appeal.decision_problems("rejected", "ok", 1)[0].path == "corrections"
    assert appeal.decision_problems("upheld", "ok", 0)[0].path == "corrections"
    assert appeal.decision_problems("upheld", "ok", 2) == appeal.decision_problems("rejected", "ok", 0) == []


def test_an_appeal_is_decided_once():
    assert appeal.decided_problem(7, None) is None
    done = appeal.Decided("rejected", "cj", dt.datetime(2026, 3, 21, 11, 5, tzinfo=dt.UTC))
    assert appeal.decided_problem(7, done).rule == "appeal 7 was already rejected by cj at 2026-03-21 11:05 UTC: the decision is final"


def test_a_correction_to_the_same_value_is_refused():
    same = appeal.plan_correction(Version(Decimal("1.50"), 2), Decimal("1.5"), "复测")
    assert appeal.correction_problem("corrections[0]", same, "P2", "cap").rule == "1.5 is already judge P2's mark on 'cap'"
    new = appeal.plan_correction(Version(Decimal("1.5"), 2), Decimal("0.9"), "复测")
    assert appeal.correction_problem("corrections[0]", new, "P2", "cap") is None and new.version == 3


@pytest.mark.parametrize(
    ("role", "view", "blind", "unblinded"),
    [
        ("organiser", "draw", True, False),
        ("chief_judge", "draw", True, False),
        ("judge", "draw", False, False),
        ("judge", "draw", False, True),
        ("viewer", "draw", False, True),
        ("judge", "sheet", False, False),
        ("chief_judge", "sheet", False, False),
        ("judge", "sheet", True, True),
        ("organiser", "standings", False, False),
        ("organiser", "standings", True, True),
        ("employee", "sheet", False, True),
    ],
)
def test_names_are_decided_from_the_actor_and_the_event(role, view, blind, unblinded):
    # `blind` here is the expected answer to "reads names?"
    assert names_visible(Actor(username="u", role=role), view, unblinded=unblinded) is blind
