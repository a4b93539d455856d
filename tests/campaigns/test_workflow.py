"""The workflow table (RULES.md: submitted → accepted or rejected with a reason → reviewed →
adopted → optional trial → implemented → benefit verified by finance → rewarded →
archived; withdrawal before a decision), tested exhaustively over the table."""

from __future__ import annotations

from decimal import Decimal
from itertools import product

import pytest

from contests.campaigns.case import Case, apply_transition
from contests.campaigns.errors import TransitionConflict, TransitionForbidden, TransitionPayloadError
from contests.campaigns.workflow import (
    ACTIONS,
    FINAL_STATES,
    ROLES,
    STATES,
    TABLE,
    WITHDRAWABLE,
    TransitionPayload,
    allowed_actions,
    table_rows,
    transition,
)
from tests.campaigns.factories import AT, submission

SAMPLE = {
    "reason": "与已立案建议重复",
    "note": "备注",
    "verified_benefit_yuan": Decimal("943000.00"),
    "verified_by": "财务部 王会计",
    "grade": 2,
    "reward_fen": 150_000,
}


def minimal(action: str) -> TransitionPayload:
    step = next(st for (s, a), st in TABLE.items() if a == action)
    return TransitionPayload(**{f: SAMPLE[f] for f in step.required})


def run(state, action, role, payload=None):
    return transition(state, action, role, payload, submission="S001", actor="u1", at=AT)


NOT_IN_TABLE = [(s, a) for s, a in product(STATES, ACTIONS) if (s, a) not in TABLE]


def test_the_table_covers_states_and_actions():
    assert len(NOT_IN_TABLE) + len(TABLE) == len(STATES) * len(ACTIONS)
    assert set(FINAL_STATES) == {"archived"}
    assert {st.next for st in TABLE.values()} | {"draft"} == set(STATES)
    assert len(table_rows()) == len(TABLE)


@pytest.mark.parametrize(("state", "action"), NOT_IN_TABLE)
def test_every_pair_outside_the_table_is_a_conflict(state, action):
    for role in ROLES:
        with pytest.raises(TransitionConflict) as exc:
            run(state, action, role, minimal(action))
        err = exc.value
        assert (err.state, err.action, err.allowed) == (state, action, tuple(allowed_actions(state)))
        assert f"in state {state!r}" in str(err)


def test_a_conflict_names_the_state_and_allowed_actions():
    with pytest.raises(TransitionConflict, match=r"'adopt' is not allowed in state 'draft'; allowed: submit, withdraw"):
        run("draft", "adopt", "organiser")
    with pytest.raises(TransitionConflict, match=r"allowed: none \(final state\)"):
        run("archived", "archive", "organiser")


@pytest.mark.parametrize(("state", "action"), list(TABLE))
def test_role_rules_for_every_transition(state, action):
    step = TABLE[(state, action)]
    for role in ROLES:
        if role in step.roles:
            result = run(state, action, role, minimal(action))
            assert result.state == step.next
            assert (result.record.from_state, result.record.to_state, result.record.actor_role) == (state, step.next, role)
        else:
            with pytest.raises(TransitionForbidden) as exc:
                run(state, action, role, minimal(action))
            assert exc.value.role == role and exc.value.roles == step.roles


def test_the_role_matrix():
    """Who may do what: proposers submit and withdraw, finance verifies, the organiser runs
    everything else, reviewers take no workflow action."""
    by_role = {r: sorted({a for (s, a), st in TABLE.items() if r in st.roles}) for r in ROLES}
    assert by_role == {
        "proposer": ["submit", "withdraw"],
        "finance": ["verify"],
        "reviewer": [],
        "organiser": sorted(
            {"accept", "reject", "start_review", "adopt", "decline", "start_trial", "implement", "abandon", "award", "archive"}
        ),
    }


def test_withdrawal_only_before_a_decision():
    can = [s for s in STATES if ("withdraw" in allowed_actions(s))]
    assert can == list(WITHDRAWABLE) == ["draft", "submitted", "accepted", "under_review"]
    for state in ("adopted", "not_adopted", "in_trial", "implemented", "verified", "awarded", "rejected"):
        with pytest.raises(TransitionConflict):
            run(state, "withdraw", "proposer")


@pytest.mark.parametrize(("state", "action"), [k for k, st in TABLE.items() if st.required])
def test_required_payload_fields(state, action):
    step = TABLE[(state, action)]
    role = step.roles[0]
    for missing in step.required:
        payload = TransitionPayload(**{f: SAMPLE[f] for f in step.required if f != missing})
        with pytest.raises(TransitionPayloadError) as exc:
            run(state, action, role, payload)
        assert [p.path for p in exc.value.problems] == [f"payload.{missing}"]


def test_a_rejection_needs_a_real_reason():
    with pytest.raises(TransitionPayloadError, match="'reject' requires reason"):
        run("submitted", "reject", "organiser")
    with pytest.raises(TransitionPayloadError, match="must not be blank"):
        run("submitted", "reject", "organiser", TransitionPayload(reason="   "))
    assert run("submitted", "reject", "organiser", TransitionPayload(reason="不属于合理化建议范围")).state == "rejected"


def test_fields_an_action_does_not_take_are_refused():
    with pytest.raises(TransitionPayloadError) as exc:
        run("submitted", "accept", "organiser", TransitionPayload(grade=1))
    assert [(p.path, p.rule) for p in exc.value.problems] == [("payload.grade", "'accept' does not take grade")]


def test_verified_benefit_is_exact_money_and_payload_bounds_apply():
    bad = TransitionPayload(verified_benefit_yuan=Decimal("1.001"), verified_by="财务部")
    with pytest.raises(TransitionPayloadError) as exc:
        run("implemented", "verify", "finance", bad)
    assert exc.value.problems[0].path == "payload.verified_benefit_yuan"
    with pytest.raises(TransitionPayloadError) as exc:
        run("verified", "award", "organiser", TransitionPayload(grade=0, reward_fen=1))
    assert exc.value.problems[0].path == "payload.grade"


def test_the_table_has_no_cycle_and_every_state_can_close():
    nxt: dict[str, set[str]] = {}
    for (s, _), st in TABLE.items():
        nxt.setdefault(s, set()).add(st.next)

    def reach(s, seen=()):
        assert s not in seen, f"cycle through {s}"
        return {s}.union(*(reach(t, (*seen, s)) for t in nxt.get(s, ())))

    assert reach("draft") == set(STATES)
    assert all("archived" in reach(s) for s in STATES)


def test_a_case_walks_the_whole_way_with_an_audit_trail():
    case = Case(submission=submission())
    steps = [
        ("submit", "proposer", None),
        ("accept", "organiser", None),
        ("start_review", "organiser", None),
        ("adopt", "organiser", TransitionPayload(note="评审通过")),
        ("start_trial", "organiser", None),
        ("implement", "organiser", None),
        ("verify", "finance", TransitionPayload(verified_benefit_yuan=Decimal("120000.50"), verified_by="财务部 王会计")),
        ("award", "organiser", TransitionPayload(grade=3, reward_fen=50_000)),
        ("archive", "organiser", None),
    ]
    for action, role, payload in steps:
        case = apply_transition(case, action, role, payload, actor=f"{role}-1", at=AT)
    assert case.state == "archived"
    assert (case.verified_benefit_yuan, case.verified_by, case.grade, case.reward_fen) == (Decimal("120000.50"), "财务部 王会计", 3, 50_000)
    trail = [(r.action, r.from_state, r.to_state, r.actor) for r in case.history]
    assert trail[0] == ("submit", "draft", "submitted", "proposer-1")
    assert trail[6] == ("verify", "implemented", "verified", "finance-1")
    assert [r.to_state for r in case.history] == [
        "submitted",
        "accepted",
        "under_review",
        "adopted",
        "in_trial",
        "implemented",
        "verified",
        "awarded",
        "archived",
    ]


def test_a_refused_transition_leaves_the_case_unchanged():
    case = Case(submission=submission())
    with pytest.raises(TransitionConflict):
        apply_transition(case, "verify", "finance", minimal("verify"), actor="f")
    assert case.state == "draft" and case.history == []
    withdrawn = apply_transition(case, "withdraw", "proposer", TransitionPayload(reason="重复提交"), actor="p")
    assert (withdrawn.state, withdrawn.reason) == ("withdrawn", "重复提交")
