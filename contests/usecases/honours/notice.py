"""公示 and the final list (表彰名单) of a round, through `contests.honours.notice`.

- `publish`: once every voted title's tally is finished, the elected are posted for the
  declared period (start, end, contact); each posted nomination moves to "on_notice".
- `record_objection` / `decide_objection`: an objection (异议) received within the period is
  recorded, then decided once with a reason. Upheld: the nominee is removed and the freed
  place follows the title's rule (the next by votes is promoted, or it stays empty).
- `finalise`: after the period, every objection decided: the final list, version 1, an
  immutable snapshot; its titles join the shared award history (cooldowns of later rounds).
- `revoke`: a commended nominee's title revoked with a reason: final list version n+1 and a
  revocation record in the award history; earlier versions stay readable.

Every step writes a new version (公示 or final list), the nominations' state events and an
audit entry in one transaction; the round's row version (compare-and-set) lets only one of
two racing steps commit.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.honours import FinalList, NoticePeriod, Objection, ProvisionalList, Round, provisional_list, revoke_final, title_awards
from contests.honours import decide_objection as decide_domain
from contests.honours import finalise as finalise_domain
from contests.honours import record_objection as record_domain
from contests.store.honours import HonoursFinalRow, HonoursNoticeRow, HonoursRoundRow
from contests.titles import TitleAward
from contests.titles import revoke as revoke_history
from contests.usecases.core.access import ORGANISER, require_role
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.transaction import transaction
from contests.usecases.honours import store
from contests.usecases.honours.nominations import transition
from contests.usecases.honours.people import add_awards
from contests.usecases.honours.views import DecisionBody, FinalView, NoticeView, ObjectionBody, RevokeBody
from contests.usecases.honours.votes import final_outcomes


def _clash(row: HonoursRoundRow) -> str:
    return f"round {row.slug!r} was changed by someone else at the same time: reload and retry"


async def publish(session: AsyncSession, actor: Actor, round_id: int, period: NoticePeriod) -> NoticeView:
    require_role(actor, (ORGANISER,), "publish the 公示")
    row, r = await store.current(session, round_id)
    async with transaction(session, conflict=_clash(row)):
        _stage(row, "nominating", "publish the 公示")
        outcomes = await final_outcomes(session, row, r)
        if not outcomes:
            raise Conflict.at("", "no title has been voted on: nothing to post")
        heads = await store.nomination_rows(session, row.id)
        nominations = {n.id: n for n in store.domain_nominations(heads, await store.current_versions(session, heads))}
        names = {c.code: c.name for c in (await store.candidates(session, row.id)).values()}
        notice = provisional_list(r, outcomes, nominations, names, period)
        posted = {e.nomination for e in notice.entries}
        for head in heads:
            if head.code in posted:
                await transition(session, actor, row, head, "post", "organiser", None)
        row.stage, row.notice_version = "on_notice", 1
        _add_notice(session, row, notice, actor)
        audit.record(
            session,
            actor.username,
            "honours.notice.publish",
            "honours_round",
            row.slug,
            after={"period": period, "entries": sorted(posted)},
        )
    return NoticeView(round=row.slug, name=r.name, version=1, notice=notice)


async def record_objection(session: AsyncSession, actor: Actor, round_id: int, body: ObjectionBody) -> NoticeView:
    require_role(actor, (ORGANISER,), "record an objection")
    row, r = await store.current(session, round_id)
    async with transaction(session, conflict=_clash(row)):
        _stage(row, "on_notice", "record an objection")
        notice = await _notice(session, row)
        objection = Objection(
            id=f"O{len(notice.objections) + 1:03d}", nomination=body.nomination, received=body.received, grounds=body.grounds
        )
        notice = record_domain(notice, objection)
        row.notice_version += 1
        _add_notice(session, row, notice, actor)
        audit.record(session, actor.username, "honours.objection.record", "honours_round", f"{row.slug}/{objection.id}", after=objection)
    return NoticeView(round=row.slug, name=r.name, version=row.notice_version, notice=notice)


async def decide_objection(session: AsyncSession, actor: Actor, round_id: int, objection_id: str, body: DecisionBody) -> NoticeView:
    require_role(actor, (ORGANISER,), "decide an objection")
    row, r = await store.current(session, round_id)
    async with transaction(session, conflict=_clash(row)):
        _stage(row, "on_notice", "decide an objection")
        notice = decide_domain(r, await _notice(session, row), objection_id, upheld=body.upheld, reason=body.reason, on=body.on)
        decision = notice.decisions[-1]
        if decision.removed:
            await _move(session, actor, row, decision.removed, "remove", body.reason)
        if decision.promoted:
            await _move(session, actor, row, decision.promoted, "promote", f"{body.reason}（递补）")
        row.notice_version += 1
        _add_notice(session, row, notice, actor)
        audit.record(
            session,
            actor.username,
            "honours.objection.decide",
            "honours_round",
            f"{row.slug}/{objection_id}",
            after=decision,
            reason=body.reason,
        )
    return NoticeView(round=row.slug, name=r.name, version=row.notice_version, notice=notice)


async def finalise(session: AsyncSession, actor: Actor, round_id: int, on: date) -> FinalView:
    require_role(actor, (ORGANISER,), "finalise the list")
    row, r = await store.current(session, round_id)
    async with transaction(session, conflict=_clash(row)):
        _stage(row, "on_notice", "finalise the list")
        final = finalise_domain(r, await _notice(session, row), on=on)
        for entry in final.entries:
            await _move(session, actor, row, entry.nomination, "confirm", None)
        row.stage, row.final_version = "final", 1
        session.add(HonoursFinalRow(round_id=row.id, version=1, final=store.encode(final), reason=None, created_by=actor.username))
        add_awards(session, title_awards(final), row.slug, actor.username)
        audit.record(
            session, actor.username, "honours.finalise", "honours_round", row.slug, after={"entries": [e.nomination for e in final.entries]}
        )
    return FinalView(round=row.slug, name=r.name, version=1, final=final)


async def revoke(session: AsyncSession, actor: Actor, round_id: int, body: RevokeBody) -> FinalView:
    require_role(actor, (ORGANISER,), "revoke a title")
    row, r = await store.current(session, round_id)
    async with transaction(session, conflict=_clash(row)):
        _stage(row, "final", "revoke a title")
        final = revoke_final(await _final(session, row), body.nomination, reason=body.reason, on=body.on)
        await _move(session, actor, row, body.nomination, "revoke", body.reason)
        entry = final.revocations[-1].entry
        history, _ = await store.history(session)
        revoke_history(history, entry.nominee, entry.title_name, final.year, body.reason)  # TitleHistoryError if not on record
        record = TitleAward(holder=entry.nominee, title=entry.title_name, year=final.year, revoked=True, revoked_reason=body.reason)
        add_awards(session, [record], row.slug, actor.username)
        row.final_version = final.version
        session.add(
            HonoursFinalRow(
                round_id=row.id, version=final.version, final=store.encode(final), reason=body.reason, created_by=actor.username
            )
        )
        key = f"{row.slug}/{body.nomination}"
        audit.record(session, actor.username, "honours.revoke", "honours_round", key, after={"version": final.version}, reason=body.reason)
    return FinalView(round=row.slug, name=r.name, version=final.version, final=final)


async def get_notice(session: AsyncSession, round_id: int, version: int | None = None) -> NoticeView:
    row, r = await store.current(session, round_id)
    return NoticeView(round=row.slug, name=r.name, version=version or row.notice_version, notice=await _notice(session, row, version))


async def get_final(session: AsyncSession, round_id: int, version: int | None = None) -> FinalView:
    row, r = await store.current(session, round_id)
    return FinalView(round=row.slug, name=r.name, version=version or row.final_version, final=await _final(session, row, version))


async def current_round(session: AsyncSession, round_id: int) -> tuple[HonoursRoundRow, Round]:
    return await store.current(session, round_id)


def _stage(row: HonoursRoundRow, wanted: str, what: str) -> None:
    if row.stage != wanted:
        raise Conflict.at("", f"round {row.slug!r} is {row.stage!r}: to {what} it must be {wanted!r}")


async def _notice(session: AsyncSession, row: HonoursRoundRow, version: int | None = None) -> ProvisionalList:
    wanted = version or row.notice_version
    found = await session.scalar(select(HonoursNoticeRow).where(HonoursNoticeRow.round_id == row.id, HonoursNoticeRow.version == wanted))
    if found is None:
        raise NotFound.at(
            "version" if version else "notice", f"round {row.slug!r} has no 公示" + (f" version {version}" if version else " yet")
        )
    return store.decode(found.notice, ProvisionalList)


async def _final(session: AsyncSession, row: HonoursRoundRow, version: int | None = None) -> FinalList:
    wanted = version or row.final_version
    found = await session.scalar(select(HonoursFinalRow).where(HonoursFinalRow.round_id == row.id, HonoursFinalRow.version == wanted))
    if found is None:
        raise NotFound.at(
            "version" if version else "final", f"round {row.slug!r} has no final list" + (f" version {version}" if version else " yet")
        )
    return store.decode(found.final, FinalList)


def _add_notice(session: AsyncSession, row: HonoursRoundRow, notice: ProvisionalList, actor: Actor) -> None:
    session.add(HonoursNoticeRow(round_id=row.id, version=row.notice_version, notice=store.encode(notice), created_by=actor.username))


async def _move(session: AsyncSession, actor: Actor, row: HonoursRoundRow, code: str, action: str, reason: str | None) -> None:
    await transition(session, actor, row, await store.nomination_row(session, row.id, code), action, "organiser", reason)


__all__ = ["decide_objection", "finalise", "get_final", "get_notice", "publish", "record_objection", "revoke"]
