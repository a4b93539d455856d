"""Who may read and who may change a nomination's 事迹 and attachments, and until when.

- **Read** (the 事迹's versions, the uploaded files): the organiser; the nominator of the
  nomination's unit (another unit's nomination is 404, so codes reveal nothing); a member of
  the round's committee, who judges it.
- **Change** (amend the 事迹, attach a file): the organiser and the nominator of the unit,
  while the nomination is still "nominated" and before the committee's vote on its title
  opens. Refusals name the rule: `withdrawn` (a withdrawn nomination is closed) and
  `vote_opened` (the committee has sat on the title, or the round has moved past
  nominating). What the committee votes on is what was on file when the vote opened.

Race guard: a change bumps the round's row version (compare-and-set), as a nomination and
the opening of a sitting do, so a change racing the vote's opening cannot both commit.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from contests.accounts import Actor
from contests.store.honours import HonoursNominationRow, HonoursRoundRow, HonoursVoteRow
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.honours import store
from contests.usecases.honours.people import MEMBER, committee_member, nominator_unit


async def readable_nomination(
    session: AsyncSession, actor: Actor, round_id: int, code: str
) -> tuple[HonoursRoundRow, HonoursNominationRow]:
    """The round and the nomination, for a reader allowed to see its 事迹 and files."""
    if actor.role == MEMBER:
        row, r = await store.current(session, round_id)
        committee_member(r, actor)  # Forbidden for a reviewer not on this round's committee
        return row, await store.nomination_row(session, row.id, code)
    own = await nominator_unit(session, round_id, actor)
    row = await store.round_row(session, round_id)
    return row, await _own(session, row.id, code, own)


async def changeable_nomination(
    session: AsyncSession, actor: Actor, round_id: int, code: str, what: str
) -> tuple[HonoursRoundRow, HonoursNominationRow]:
    """The round and the nomination, for the organiser or its unit's nominator, before the
    vote; `what` names what would change in the refusal ("事迹", "attachments")."""
    own = await nominator_unit(session, round_id, actor)
    row = await store.round_row(session, round_id)
    head = await _own(session, row.id, code, own)
    await before_vote(session, row, head, what)
    return row, head


async def before_vote(session: AsyncSession, row: HonoursRoundRow, head: HonoursNominationRow, what: str) -> None:
    sat = await session.scalar(
        select(HonoursVoteRow.id).where(HonoursVoteRow.round_id == row.id, HonoursVoteRow.title == head.title).limit(1)
    )
    if sat is not None or row.stage != "nominating":
        why = f"the committee's vote on title {head.title!r} has opened" if sat is not None else f"round {row.slug!r} is {row.stage!r}"
        raise Conflict.at("nomination", f"vote_opened: {why}: a nomination's {what} change only before the vote")
    if head.state != "nominated":
        raise Conflict.at("nomination", f"{head.state}: nomination {head.code!r} is {head.state!r}: its {what} no longer change")


def serialise_with_the_vote(row: HonoursRoundRow) -> None:
    """Bump the round's row version: of a change and the vote's opening sent at once, one loses."""
    flag_modified(row, "stage")


async def _own(session: AsyncSession, round_id: int, code: str, own: str | None) -> HonoursNominationRow:
    head = await store.nomination_row(session, round_id, code)
    if own is not None and head.unit != own:
        raise NotFound.at("nomination", f"no nomination {code!r} in this round")
    return head


__all__ = ["before_vote", "changeable_nomination", "readable_nomination", "serialise_with_the_vote"]
