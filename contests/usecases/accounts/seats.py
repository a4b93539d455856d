"""A judge login's tokens are scoped to its judge seat: they stop authenticating once the
judge leaves the last panel they sat on, in any contest (the setup use-cases call
`revoke_unseated_judges` in the transaction that removes the seat).

Only logins of role "judge" are scoped so: a chief judge's or an organiser's login has
rights of its own beyond a seat. A judge login that never sat on a panel keeps its token
(it may read the contest and the blind draw); it is leaving the last seat that revokes.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.store.models import JudgeRow, PanelMemberRow, UserRow
from contests.usecases.accounts.management import revoke_tokens

SEAT_SCOPED_ROLES = ("judge",)


async def revoke_unseated_judges(session: AsyncSession, user_ids: Iterable[int | None]) -> None:
    """Revoke the tokens of those of these accounts that are judge logins on no panel now."""
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return
    await session.flush()  # the panel change being made counts
    seated = select(JudgeRow.user_id).join(PanelMemberRow, PanelMemberRow.judge_id == JudgeRow.id).where(JudgeRow.user_id.in_(ids))
    unseated = select(UserRow.id).where(UserRow.id.in_(ids), UserRow.role.in_(SEAT_SCOPED_ROLES), UserRow.id.not_in(seated))
    await revoke_tokens(session, list(await session.scalars(unseated)))


__all__ = ["SEAT_SCOPED_ROLES", "revoke_unseated_judges"]
