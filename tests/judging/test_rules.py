"""Appeal decisions and blindness, without a database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from contests.accounts import Actor
from contests.judging import appeal
from contests.judging.blindness import NAMES, SEAL_BREAKERS, names_visible, seal_break_problems, seal_state
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
    ("role", "view", "blind", "state"),
    [
        # issue 10 sealed the draw: the organiser and the chief judge read its names only once
        # every module is locked (they read them at any time, `unblinded=False` included)
        ("organiser", "draw", False, "sealed"),
        ("chief_judge", "draw", False, "sealed"),
        ("organiser", "draw", True, "locked"),
        ("chief_judge", "draw", True, "locked"),
        ("judge", "draw", False, "sealed"),
        ("judge", "draw", False, "unblinded"),
        ("viewer", "draw", False, "unblinded"),
        ("judge", "sheet", False, "sealed"),
        ("chief_judge", "sheet", False, "sealed"),
        ("judge", "sheet", True, "unblinded"),
        ("organiser", "standings", False, "sealed"),
        ("organiser", "standings", True, "unblinded"),
        ("employee", "sheet", False, "unblinded"),
    ],
)
def test_names_are_decided_from_the_actor_and_the_event(role, view, blind, state):
    # `blind` here is the expected answer to "reads names?"
    assert names_visible(Actor(username="u", role=role), view, state=state) is blind


@pytest.mark.parametrize("role", ["organiser", "chief_judge", "judge", "viewer"])
def test_no_role_reads_a_name_while_a_module_is_open(role):
    actor = Actor(username="u", role=role)
    assert not any(names_visible(actor, view, state="sealed") for view in NAMES)
    assert not names_visible(actor, "sheet", state="locked") and not names_visible(actor, "standings", state="locked")


def test_the_seal_state_and_who_breaks_it():
    assert [seal_state(all_locked=a, unblinded=u) for a, u in ((False, False), (True, False), (True, True))] == [
        "sealed",
        "locked",
        "unblinded",
    ]
    assert SEAL_BREAKERS == ("chief_judge",)
    for reason in (None, "", " ", "\u200b", "\u200b\u2060"):
        assert [p.path for p in seal_break_problems(reason)] == ["reason"]
    assert seal_break_problems("选手突发不适") == []
