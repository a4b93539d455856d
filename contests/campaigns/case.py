"""A case (成果档案): a submission and where it stands in the workflow.

`apply_transition` is the one way a case changes: it runs `workflow.transition` and folds
the action's payload into the case (the verified benefit and its verifier, the grade and the
reward, the reason of a refusal), appending the audit record to `history`. The store keeps
the same fields; the history is the audit trail, and statistics can be recomputed from it.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import msgspec

from contests.campaigns.submission import Submission
from contests.campaigns.workflow import State, TransitionPayload, TransitionRecord, transition


class Case(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    submission: Submission
    state: State = "draft"
    verified_benefit_yuan: Decimal | None = None
    verified_by: str | None = None
    grade: int | None = None
    reward_fen: int | None = None
    reason: str | None = None  # of the last rejection, decline, abandonment or withdrawal
    history: list[TransitionRecord] = []

    @property
    def id(self) -> str:
        return self.submission.id

    def reached(self) -> set[str]:
        """Every state the case has been in, from its history."""
        return {"draft"} | {r.to_state for r in self.history}


def apply_transition(
    case: Case,
    action: str,
    actor_role: str,
    payload: TransitionPayload | None = None,
    *,
    actor: str,
    at: datetime | None = None,
) -> Case:
    """The case after `action`, or the refusal `transition` raises (the case is unchanged)."""
    result = transition(case.state, action, actor_role, payload, submission=case.id, actor=actor, at=at)
    p = result.record.payload
    changes: dict = {"state": result.state, "history": [*case.history, result.record]}
    if action == "verify":
        changes |= {"verified_benefit_yuan": p.verified_benefit_yuan, "verified_by": p.verified_by}
    elif action == "award":
        changes |= {"grade": p.grade, "reward_fen": p.reward_fen}
    if p.reason is not None:
        changes["reason"] = p.reason
    return msgspec.structs.replace(case, **changes)


__all__ = ["Case", "apply_transition"]
