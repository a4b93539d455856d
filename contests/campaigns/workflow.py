"""The submission workflow as one declared table: (state, action) → (next state, roles that
may take it, payload fields it requires and accepts).

```
draft ──submit──▶ submitted ──accept──▶ accepted ──start_review──▶ under_review
                     └─reject──▶ rejected                           │
under_review ──adopt──▶ adopted ──implement──────────────▶ implemented
     └─decline──▶ not_adopted     └─start_trial──▶ in_trial ──implement──┘
                                                      └─abandon──▶ not_adopted
implemented ──verify──▶ verified ──award──▶ awarded
awarded, verified, rejected, not_adopted, withdrawn ──archive──▶ archived
draft, submitted, accepted, under_review ──withdraw──▶ withdrawn
```

Withdrawal (撤回) is allowed before a decision on the merits: in draft, submitted, accepted
(立案 only registers the proposal) and under_review. Once adopted or not adopted it is not.
A rejection (不予立案), a decline after review (不予采纳) and an abandoned trial need a
reason; verification (效益核实, by finance, RULES.md) needs the verified annual benefit and
who confirmed it; an award needs the grade and the reward in fen (from the award list).

Roles are relative to the submission: "proposer" is an employee named among its proposers
(the use-case derives that from the login), "organiser" the union office running the
campaign, "finance" the finance department, "reviewer" an assigned expert. Reviewers
take no workflow action: their scores are review records (review.py).

`transition` checks, in order: the (state, action) pair is in the table
(`TransitionConflict`, 409, naming the state and the allowed actions), the role
(`TransitionForbidden`, 403), the payload (`TransitionPayloadError`); then it returns the
next state and the audit record. Nothing else changes state.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Literal, NamedTuple, get_args

import msgspec

from contests.campaigns.errors import TransitionConflict, TransitionForbidden, TransitionPayloadError
from contests.campaigns.money import Fen, yuan_problem
from contests.fields import Code, Name, validation_problem
from scoring.errors import Problem

State = Literal[
    "draft",
    "submitted",
    "accepted",
    "rejected",
    "under_review",
    "adopted",
    "not_adopted",
    "in_trial",
    "implemented",
    "verified",
    "awarded",
    "archived",
    "withdrawn",
]
Action = Literal[
    "submit",
    "withdraw",
    "accept",
    "reject",
    "start_review",
    "adopt",
    "decline",
    "start_trial",
    "implement",
    "abandon",
    "verify",
    "award",
    "archive",
]
Role = Literal["proposer", "organiser", "reviewer", "finance"]
STATES: tuple[str, ...] = get_args(State)
ACTIONS: tuple[str, ...] = get_args(Action)
ROLES: tuple[str, ...] = get_args(Role)

STATE_LABELS = {
    "draft": ("草稿", "draft"),
    "submitted": ("已提交", "submitted"),
    "accepted": ("已立案", "accepted"),
    "rejected": ("不予立案", "rejected"),
    "under_review": ("评审中", "under review"),
    "adopted": ("已采纳", "adopted"),
    "not_adopted": ("未采纳", "not adopted"),
    "in_trial": ("试行中", "in trial"),
    "implemented": ("已实施", "implemented"),
    "verified": ("效益已核实", "benefit verified"),
    "awarded": ("已奖励", "awarded"),
    "archived": ("已归档", "archived"),
    "withdrawn": ("已撤回", "withdrawn"),
}

Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
Grade = Annotated[int, msgspec.Meta(ge=1, le=20)]


class Step(NamedTuple):
    next: str
    roles: tuple[str, ...]
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ("note",)


_ORG = ("organiser",)
_WITHDRAW = Step("withdrawn", ("proposer",), (), ("reason",))
_ARCHIVE = Step("archived", _ORG)

WITHDRAWABLE: tuple[str, ...] = ("draft", "submitted", "accepted", "under_review")
ARCHIVABLE: tuple[str, ...] = ("awarded", "verified", "rejected", "not_adopted", "withdrawn")

TABLE: dict[tuple[str, str], Step] = {
    ("draft", "submit"): Step("submitted", ("proposer",), (), ()),
    ("submitted", "accept"): Step("accepted", _ORG),
    ("submitted", "reject"): Step("rejected", _ORG, ("reason",), ()),
    ("accepted", "start_review"): Step("under_review", _ORG),
    ("under_review", "adopt"): Step("adopted", _ORG),
    ("under_review", "decline"): Step("not_adopted", _ORG, ("reason",), ()),
    ("adopted", "start_trial"): Step("in_trial", _ORG),
    ("adopted", "implement"): Step("implemented", _ORG),
    ("in_trial", "implement"): Step("implemented", _ORG),
    ("in_trial", "abandon"): Step("not_adopted", _ORG, ("reason",), ()),
    ("implemented", "verify"): Step("verified", ("finance",), ("verified_benefit_yuan", "verified_by"), ("note",)),
    ("verified", "award"): Step("awarded", _ORG, ("grade", "reward_fen"), ("note",)),
    **{(s, "withdraw"): _WITHDRAW for s in WITHDRAWABLE},
    **{(s, "archive"): _ARCHIVE for s in ARCHIVABLE},
}
FINAL_STATES: tuple[str, ...] = tuple(s for s in STATES if not any(k[0] == s for k in TABLE))


class TransitionPayload(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """What an action carries; the table says which fields each action requires or accepts."""

    reason: Reason | None = None
    note: Reason | None = None
    verified_benefit_yuan: Decimal | None = None
    verified_by: Name | None = None
    grade: Grade | None = None
    reward_fen: Fen | None = None

    def given(self) -> list[str]:
        return [f for f in self.__struct_fields__ if getattr(self, f) is not None]


class TransitionRecord(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """The audit record of one transition: who did what, when, from which state to which."""

    submission: Code
    action: Action
    from_state: State
    to_state: State
    actor: Annotated[str, msgspec.Meta(max_length=200)]
    actor_role: Role
    at: datetime
    payload: TransitionPayload = TransitionPayload()


class TransitionResult(msgspec.Struct, frozen=True):
    state: State
    record: TransitionRecord


class TableRow(msgspec.Struct, frozen=True):
    """One row of the workflow table, for documentation and the API's listing."""

    state: State
    action: Action
    next: State
    roles: list[Role]
    required: list[str]
    optional: list[str]


def table_rows() -> list[TableRow]:
    return [TableRow(s, a, st.next, list(st.roles), list(st.required), list(st.optional)) for (s, a), st in TABLE.items()]


def allowed_actions(state: str, role: str | None = None) -> list[str]:
    """Actions the table allows from `state` (for `role` only, when given), in table order."""
    return [a for (s, a), st in TABLE.items() if s == state and (role is None or role in st.roles)]


def transition(
    state: str,
    action: str,
    actor_role: str,
    payload: TransitionPayload | None = None,
    *,
    submission: str,
    actor: str,
    at: datetime | None = None,
) -> TransitionResult:
    """The next state and its audit record, or a refusal (see the module docstring)."""
    step = TABLE.get((state, action))
    if step is None:
        raise TransitionConflict(state, action, allowed_actions(state))
    if actor_role not in step.roles:
        raise TransitionForbidden(state, action, actor_role, step.roles)
    payload = payload if payload is not None else TransitionPayload()
    problems = payload_problems(action, step, payload)
    if problems:
        raise TransitionPayloadError(problems)
    record = TransitionRecord(
        submission=submission,
        action=action,
        from_state=state,
        to_state=step.next,
        actor=actor,
        actor_role=actor_role,
        at=at if at is not None else datetime.now(UTC),
        payload=payload,
    )
    return TransitionResult(step.next, record)


def payload_problems(action: str, step: Step, payload: TransitionPayload) -> list[Problem]:
    try:  # Structs built in Python skip msgspec's bounds; a round trip applies them
        msgspec.convert(msgspec.to_builtins(payload), TransitionPayload)
    except msgspec.ValidationError as exc:
        return [Problem(*validation_problem(exc, "payload"))]
    given = payload.given()
    problems = [Problem(f"payload.{f}", f"{action!r} requires {f}") for f in step.required if f not in given]
    taken = set(step.required) | set(step.optional)
    problems += [Problem(f"payload.{f}", f"{action!r} does not take {f}") for f in given if f not in taken]
    for f in ("reason", "note", "verified_by"):
        value = getattr(payload, f)
        if value is not None and not value.strip():
            problems.append(Problem(f"payload.{f}", "must not be blank"))
    if payload.verified_benefit_yuan is not None and (why := yuan_problem(payload.verified_benefit_yuan)):
        problems.append(Problem("payload.verified_benefit_yuan", why))
    return problems


__all__ = [
    "ACTIONS",
    "ARCHIVABLE",
    "Action",
    "FINAL_STATES",
    "ROLES",
    "Role",
    "STATES",
    "STATE_LABELS",
    "State",
    "Step",
    "TABLE",
    "TableRow",
    "TransitionPayload",
    "TransitionRecord",
    "TransitionResult",
    "WITHDRAWABLE",
    "allowed_actions",
    "payload_problems",
    "table_rows",
    "transition",
]
