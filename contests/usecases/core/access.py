"""Who may do what on the judging day, decided from the stored contest, not only the role.

The API's guards check the role of the login; the use-cases check what only the data can
tell: which judge of this contest the login is linked to, whether that judge sits on the
module's panel, and, when the contest names its chief judge (a judge with role
"chief_judge" linked to a login), that the chief judge acting is that one. A contest that
names nobody accepts any chief-judge login (small contests run without judge accounts).

`Forbidden` is a RuleError like the others; the API should answer it with 403.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.store.models import JudgeRow, UserRow
from scoring.errors import RuleError

ORGANISER = "organiser"
CHIEF_JUDGE = "chief_judge"
STAFF = (ORGANISER, CHIEF_JUDGE)  # may read every judging-day view, names included once unblinded


class Forbidden(RuleError):
    """The login may not do this in this contest (→ 403)."""


def require_role(actor: Actor, roles: tuple[str, ...], what: str) -> None:
    if actor.role not in roles:
        raise Forbidden.at("", f"only {' or '.join(r.replace('_', ' ') for r in roles)} may {what}; you are {actor.role!r}")


async def linked_judge(session: AsyncSession, contest_id: int, actor: Actor) -> JudgeRow | None:
    """The judge of this contest the login is linked to, if any."""
    query = select(JudgeRow).join(UserRow, JudgeRow.user_id == UserRow.id)
    return await session.scalar(query.where(JudgeRow.contest_id == contest_id, UserRow.username == actor.username))


async def acting_judge(session: AsyncSession, contest_id: int, actor: Actor) -> JudgeRow:
    """The judge who acts through this login; Forbidden if the login is linked to none."""
    judge = await linked_judge(session, contest_id, actor)
    if judge is None:
        raise Forbidden.at("", f"account {actor.username!r} is not linked to a judge of this contest")
    return judge


async def require_chief(session: AsyncSession, contest_id: int, actor: Actor, what: str) -> None:
    """A chief-judge login, and the contest's own chief judge if it names one."""
    require_role(actor, (CHIEF_JUDGE,), what)
    query = (
        select(UserRow.username)
        .join(JudgeRow, JudgeRow.user_id == UserRow.id)
        .where(JudgeRow.contest_id == contest_id, JudgeRow.role == CHIEF_JUDGE)
    )
    named = set((await session.scalars(query)).all())
    if named and actor.username not in named:
        raise Forbidden.at("", f"this contest's chief judge is {', '.join(sorted(named))}: only they may {what}")


__all__ = ["CHIEF_JUDGE", "Forbidden", "ORGANISER", "STAFF", "acting_judge", "linked_judge", "require_chief", "require_role"]
