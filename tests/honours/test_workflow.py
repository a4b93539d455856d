"""The nomination state table: withdrawal before the vote only, reasons, roles."""

from __future__ import annotations

import pytest

from contests.honours import HonoursError, NominationCase, TransitionConflict, TransitionForbidden, apply_transition
from contests.honours.workflow import STATE_LABELS, STATES, TABLE
from tests.honours.factories import nomination


def case() -> NominationCase:
    return NominationCase(nomination=nomination(1))


def test_withdrawal_before_the_vote_is_recorded():
    c = apply_transition(case(), "withdraw", "unit", actor="u1", reason="本人申请撤回")
    assert (c.state, c.reason, [h.action for h in c.history]) == ("withdrawn", "本人申请撤回", ["withdraw"])


def test_no_withdrawal_after_the_vote():
    elected = apply_transition(case(), "elect", "organiser", actor="org")
    with pytest.raises(TransitionConflict) as caught:
        apply_transition(elected, "withdraw", "unit", actor="u1")
    assert caught.value.allowed == ("post",)


def test_roles_and_reasons():
    with pytest.raises(TransitionForbidden):
        apply_transition(case(), "elect", "unit", actor="u1")
    on_notice = apply_transition(apply_transition(case(), "elect", "organiser", actor="o"), "post", "organiser", actor="o")
    with pytest.raises(HonoursError, match="needs a reason"):
        apply_transition(on_notice, "remove", "organiser", actor="o")
    with pytest.raises(HonoursError, match="visible"):
        apply_transition(on_notice, "remove", "organiser", actor="o", reason="\u200b ")


def test_the_whole_path_to_a_revocation():
    c = case()
    for action, reason in (("not_elect", None), ("promote", "异议成立，递补"), ("confirm", None), ("revoke", "弄虚作假")):
        c = apply_transition(c, action, "organiser", actor="o", reason=reason)
    assert c.state == "revoked" and [h.to_state for h in c.history] == ["not_elected", "on_notice", "final", "revoked"]


def test_every_state_is_labelled_and_reachable():
    assert set(STATE_LABELS) == set(STATES)
    assert {s for s, _ in TABLE} | {st.next for st in TABLE.values()} == set(STATES)
