"""What the judging-day use-cases read, as the domain's values (`contests.judging`): an
event's drawn field, a module's panel, its lock events, the event's unblinding, the current
marks (newest version of each cell) and the judges' signatures; and the compare-and-set
guard every change of a module's state moves on.

Reads only (but for the guard), each one or two queries whatever the size of the field:
never a query per competitor or per mark.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
from sqlalchemy import Select, and_, bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from contests.judging.field import Drawn, DrawnField, not_drawn
from contests.judging.lock import LockEvent, is_locked
from contests.judging.module_day import PanelJudge
from contests.judging.sign_off import SignOff, SignOffState
from contests.judging.sign_off import sign_off_states as decide_sign_offs
from contests.people import Competitor
from contests.store.models import (
    AppealCorrectionRow,
    CompetitorRow,
    DrawAssignmentRow,
    MarkRow,
    ModuleLockRow,
    ModuleStateRow,
    PanelMemberRow,
    SignOffRow,
    TeamRow,
    UnblindingRow,
    UnitRow,
)
from contests.usecases.core.errors import Conflict
from contests.usecases.setup.records import judge as judge_record
from scoring.errors import Problem

# ---------------------------------------------------------------- the drawn field


async def drawn_field(session: AsyncSession, contest_id: int, event_id: str, codes: Collection[str] | None = None) -> DrawnField:
    """The event's drawn competitors; only those with the given blind codes if `codes` is given
    (a batch of marks needs its own competitors, not the whole field). Plain columns, no ORM
    objects: a field of hundreds is read on every ranking."""
    a = DrawAssignmentRow
    query = (
        select(a.competitor_id, a.blind_code, a.station, a.session, CompetitorRow.employee_no, CompetitorRow.name,
               UnitRow.code, UnitRow.name, TeamRow.code, CompetitorRow.event_id)
        .join(CompetitorRow, CompetitorRow.id == a.competitor_id)
        .join(UnitRow, UnitRow.id == CompetitorRow.unit_id)
        .outerjoin(TeamRow, TeamRow.id == CompetitorRow.team_id)
        .where(a.contest_id == contest_id, a.event_id == event_id)
    )  # fmt: skip
    if codes is not None:
        # one expanding parameter, not one coerced literal per code (a batch names dozens)
        query = query.where(a.blind_code.in_(bindparam("codes", sorted(set(codes)), expanding=True)))
    return DrawnField.of(
        [
            Drawn(cid, code, station, sess, Competitor(employee_no=no, name=name, unit=unit, team=team, event=event), unit_name)
            for cid, code, station, sess, no, name, unit, unit_name, team, event in (await session.execute(query)).all()
        ]
    )


def require_drawn(field: DrawnField, event_id: str) -> None:
    if (problem := not_drawn(field, event_id)) is not None:
        raise Conflict([problem])


def positions(field: DrawnField, competitor_ids: np.ndarray) -> np.ndarray:
    """Positions of stored competitor ids in the field; Conflict for a broken store."""
    found = field.positions(competitor_ids)
    if found is None:
        # marks exist only for drawn competitors and the draw is fixed once marked
        raise Conflict.at("", "stored marks name a competitor outside the event's current draw")
    return found


# ---------------------------------------------------------------- panels


async def panel_judges(
    session: AsyncSession, contest_id: int, event_id: str, module_id: str, *, lock: str | None = None
) -> list[PanelJudge]:
    """The module's judges in panel order. lock="share" / "update" also row-locks the panel
    on PostgreSQL (SQLite ignores it and serialises writers itself): mark writers share the
    lock, locking the module takes it exclusively, so no mark slips in beside a lock."""
    query = select(PanelMemberRow).where(
        PanelMemberRow.contest_id == contest_id, PanelMemberRow.event_id == event_id, PanelMemberRow.module_id == module_id
    )
    if lock is not None:
        # OF panel_members: the judge's login is an outer join, which FOR SHARE cannot lock
        query = query.with_for_update(read=lock == "share", of=PanelMemberRow)
    return [PanelJudge(m.judge.id, judge_record(m.judge)) for m in await session.scalars(query.order_by(PanelMemberRow.position))]


async def begin_write(session: AsyncSession) -> None:
    """Take SQLite's write lock before reading (BEGIN IMMEDIATE), so what the use-case reads
    is what its writes commit on. The sqlite3 driver otherwise reads outside a transaction
    and only begins one at the first write. PostgreSQL: nothing here; callers take row
    locks (`panel_judges(lock=...)`) instead."""
    connection = await session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = (await connection.get_raw_connection()).driver_connection
    if not raw.in_transaction:
        await connection.exec_driver_sql("BEGIN IMMEDIATE")


# ---------------------------------------------------------------- locks and unblinding


def lock_event(row: ModuleLockRow) -> LockEvent:
    return LockEvent(
        id=row.id, seq=row.seq, state=row.state, at=row.created_at, by=row.created_by,
        forced=row.forced, owed=row.owed, unsigned=row.unsigned, reason=row.reason,
    )  # fmt: skip


async def module_locks(session: AsyncSession, contest_id: int, event_id: str) -> dict[str, LockEvent]:
    """module id → its newest lock event (the module's state); modules never locked are absent."""
    query = select(ModuleLockRow).where(ModuleLockRow.contest_id == contest_id, ModuleLockRow.event_id == event_id)
    return {r.module_id: lock_event(r) for r in await session.scalars(query.order_by(ModuleLockRow.seq))}


async def refuse_if_locked(session: AsyncSession, contest_id: int, event_id: str, module_id: str, problem: Problem) -> None:
    """The lock check of a batch (marks, times), also run again after the batch is flushed:
    on SQLite the reads ran before the write transaction began, and a lock committed in
    between must still win (PostgreSQL's share lock on the panel already waits)."""
    if is_locked((await module_locks(session, contest_id, event_id)).get(module_id)):
        raise Conflict([problem])


async def unblinding(session: AsyncSession, contest_id: int, event_id: str) -> UnblindingRow | None:
    query = select(UnblindingRow).where(UnblindingRow.contest_id == contest_id, UnblindingRow.event_id == event_id)
    return await session.scalar(query)


# ---------------------------------------------------------------- the compare-and-set guard


async def state_versions(session: AsyncSession, contest_id: int, event_id: str, module_ids: Iterable[str]) -> dict[str, int]:
    """module id → the version of its state guard as read now (0: no guard row yet)."""
    wanted = sorted(set(module_ids))
    query = select(ModuleStateRow.module_id, ModuleStateRow.version).where(
        ModuleStateRow.contest_id == contest_id, ModuleStateRow.event_id == event_id, ModuleStateRow.module_id.in_(wanted)
    )
    found = dict((await session.execute(query)).all())
    return {m: found.get(m, 0) for m in wanted}


async def compare_and_set(session: AsyncSession, contest_id: int, event_id: str, seen: dict[str, int]) -> None:
    """Move each module's guard on from the version read, inside the writing transaction. Modules
    in one order for every writer, so racing writers collide instead of deadlocking.
    StaleDataError (the whole transaction rolls back) if another writer moved one first."""
    for module_id, version in sorted(seen.items()):
        if version == 0:
            await _create_guard(session, contest_id, event_id, module_id)
        guard = ModuleStateRow
        moved = await session.execute(
            update(guard)
            .where(guard.contest_id == contest_id, guard.event_id == event_id, guard.module_id == module_id, guard.version == version)
            .values(version=version + 1)
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:
            # what the ORM raises for a versioned row changed since it was read: `transaction`
            # answers it as a Conflict, `retrying` reads again
            raise StaleDataError(f"module {event_id}/{module_id} changed state since it was read")


async def _create_guard(session: AsyncSession, contest_id: int, event_id: str, module_id: str) -> None:
    """The guard row at version 0, unless a racing writer made it first (then our UPDATE
    from 0 finds its version and loses)."""
    dialect = (await session.connection()).dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values = {"contest_id": contest_id, "event_id": event_id, "module_id": module_id, "version": 0}
    await session.execute(insert(ModuleStateRow).values(**values).on_conflict_do_nothing())


# ---------------------------------------------------------------- current marks


def _newest_versions(contest_id: int, event_id: str, module_id: str, judge_id: int | None, competitor_ids: Collection[int] | None):
    query = select(MarkRow.competitor_id, MarkRow.aspect_id, MarkRow.judge_id, func.max(MarkRow.version).label("version")).where(
        MarkRow.contest_id == contest_id, MarkRow.event_id == event_id, MarkRow.module_id == module_id
    )
    if judge_id is not None:
        query = query.where(MarkRow.judge_id == judge_id)
    if competitor_ids is not None:
        query = query.where(MarkRow.competitor_id.in_(sorted(set(competitor_ids))))
    return query.group_by(MarkRow.competitor_id, MarkRow.aspect_id, MarkRow.judge_id).subquery()


def current_marks_query(
    contest_id: int, event_id: str, module_id: str, judge_id: int | None = None, competitor_ids: Collection[int] | None = None
) -> Select:
    """(competitor_id, aspect_id, judge_id, value, version, id) of each cell's newest version,
    optionally of one judge and of some competitors only."""
    newest = _newest_versions(contest_id, event_id, module_id, judge_id, competitor_ids)
    on = and_(
        MarkRow.competitor_id == newest.c.competitor_id,
        MarkRow.aspect_id == newest.c.aspect_id,
        MarkRow.judge_id == newest.c.judge_id,
        MarkRow.version == newest.c.version,
        MarkRow.module_id == module_id,
    )
    return select(MarkRow.competitor_id, MarkRow.aspect_id, MarkRow.judge_id, MarkRow.value, MarkRow.version, MarkRow.id).join(newest, on)


async def current_marks(
    session: AsyncSession,
    contest_id: int,
    event_id: str,
    module_id: str,
    judge_id: int | None = None,
    competitor_ids: Collection[int] | None = None,
) -> list:
    return list((await session.execute(current_marks_query(contest_id, event_id, module_id, judge_id, competitor_ids))).all())


# ---------------------------------------------------------------- sign-offs


def _sign_off(row: SignOffRow) -> SignOff:
    return SignOff(judge_id=row.judge_id, seq=row.seq, marks_seen=row.marks_seen, at=row.created_at, by=row.created_by)


async def sign_off_states(session: AsyncSession, contest_id: int, event_id: str, module_id: str) -> dict[int, SignOffState]:
    """judge id → sign-off state, for every judge with a sign-off or a mark in the module
    (`contests.judging.sign_off`: current while it has seen all the judge's own marks)."""
    where = (SignOffRow.contest_id == contest_id, SignOffRow.event_id == event_id, SignOffRow.module_id == module_id)
    newest = {r.judge_id: _sign_off(r) for r in await session.scalars(select(SignOffRow).where(*where).order_by(SignOffRow.id))}
    return decide_sign_offs(newest, await own_mark_counts(session, contest_id, event_id, module_id))


async def own_mark_counts(session: AsyncSession, contest_id: int, event_id: str, module_id: str) -> dict[int, int]:
    """judge id → mark rows (every version) the judge entered in the module, appeal corrections excluded."""
    query = (
        select(MarkRow.judge_id, func.count(MarkRow.id))
        .outerjoin(AppealCorrectionRow, AppealCorrectionRow.mark_id == MarkRow.id)
        .where(MarkRow.contest_id == contest_id, MarkRow.event_id == event_id, MarkRow.module_id == module_id)
        .where(AppealCorrectionRow.id.is_(None))
        .group_by(MarkRow.judge_id)
    )
    return {judge_id: int(n) for judge_id, n in (await session.execute(query)).all()}


__all__ = [
    "begin_write",
    "compare_and_set",
    "current_marks",
    "current_marks_query",
    "drawn_field",
    "lock_event",
    "module_locks",
    "own_mark_counts",
    "panel_judges",
    "positions",
    "refuse_if_locked",
    "require_drawn",
    "sign_off_states",
    "state_versions",
    "unblinding",
]
