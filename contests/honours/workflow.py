"""A nomination's life as one declared table: (state, action) → (next state, roles).

```
nominated ──withdraw──▶ withdrawn                (by the unit, before the vote)
nominated ──elect─────▶ elected ──post──▶ on_notice ──confirm──▶ final ──revoke──▶ revoked
nominated ──not_elect─▶ not_elected ──promote──▶ on_notice   (a freed place, next by votes)
on_notice ──remove────▶ removed                  (an objection upheld)
```

The vote moves every nomination of a title out of "nominated" at once (elect /
not_elect, by the organiser recording the committee's result), so withdrawal is possible
only before the vote. Promotion, removal and revocation need a reason; withdrawal may carry
one. `apply_transition` is the one way a nomination case changes: it checks the table,
the role and the reason, and appends the audit record to the case's history.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal, NamedTuple, get_args

import msgspec

from contests.fields import is_visible_text
from contests.honours.errors import HonoursError, Problem, TransitionConflict, TransitionForbidden
from contests.honours.nomination import Nomination

State = Literal["nominated", "withdrawn", "elected", "not_elected", "on_notice", "removed", "final", "revoked"]
Action = Literal["withdraw", "elect", "not_elect", "post", "promote", "remove", "confirm", "revoke"]
Role = Literal["unit", "organiser"]
STATES: tuple[str, ...] = get_args(State)

STATE_LABELS = {
    "nominated": ("已推荐", "nominated"),
    "withdrawn": ("已撤回", "withdrawn"),
    "elected": ("评审通过", "elected"),
    "not_elected": ("未通过", "not elected"),
    "on_notice": ("公示中", "on public notice"),
    "removed": ("异议成立，已取消", "removed after an objection"),
    "final": ("已表彰", "commended"),
    "revoked": ("已撤销", "revoked"),
}


class Step(NamedTuple):
    next: str
    roles: tuple[str, ...]
    needs_reason: bool = False


_ORG = ("organiser",)
TABLE: dict[tuple[str, str], Step] = {
    ("nominated", "withdraw"): Step("withdrawn", ("unit", "organiser")),
    ("nominated", "elect"): Step("elected", _ORG),
    ("nominated", "not_elect"): Step("not_elected", _ORG),
    ("elected", "post"): Step("on_notice", _ORG),
    ("not_elected", "promote"): Step("on_notice", _ORG, True),
    ("on_notice", "remove"): Step("removed", _ORG, True),
    ("on_notice", "confirm"): Step("final", _ORG),
    ("final", "revoke"): Step("revoked", _ORG, True),
}
ACTIVE_STATES: tuple[str, ...] = ("nominated", "elected", "not_elected", "on_notice", "final")  # count against the quota


class TransitionRecord(msgspec.Struct, kw_only=True, frozen=True, omit_defaults=True):
    nomination: str
    action: Action
    from_state: State
    to_state: State
    actor: str
    actor_role: Role
    at: datetime
    reason: str | None = None


class NominationCase(msgspec.Struct, kw_only=True, frozen=True, omit_defaults=True):
    nomination: Nomination
    state: State = "nominated"
    reason: str | None = None  # of the last withdrawal, promotion, removal or revocation
    history: list[TransitionRecord] = []

    @property
    def id(self) -> str:
        return self.nomination.id


def allowed_actions(state: str, role: str | None = None) -> list[str]:
    return [a for (s, a), st in TABLE.items() if s == state and (role is None or role in st.roles)]


def apply_transition(
    case: NominationCase, action: str, actor_role: str, *, actor: str, reason: str | None = None, at: datetime | None = None
) -> NominationCase:
    """The case after `action`, or a refusal (the case is unchanged)."""
    step = TABLE.get((case.state, action))
    if step is None:
        raise TransitionConflict(case.state, action, allowed_actions(case.state))
    if actor_role not in step.roles:
        raise TransitionForbidden(case.state, action, actor_role, step.roles)
    if reason is not None and not is_visible_text(reason):
        raise HonoursError(Problem("reason", "must hold visible characters"))
    if step.needs_reason and reason is None:
        raise HonoursError(Problem("reason", f"{action!r} needs a reason"))
    record = TransitionRecord(
        nomination=case.id,
        action=action,
        from_state=case.state,
        to_state=step.next,
        actor=actor,
        actor_role=actor_role,
        at=at if at is not None else datetime.now(UTC),
        reason=reason,
    )
    changes: dict = {"state": step.next, "history": [*case.history, record]}
    if reason is not None:
        changes["reason"] = reason
    return msgspec.structs.replace(case, **changes)


__all__ = [
    "ACTIVE_STATES",
    "Action",
    "NominationCase",
    "Role",
    "STATES",
    "STATE_LABELS",
    "State",
    "TABLE",
    "TransitionRecord",
    "allowed_actions",
    "apply_transition",
]
