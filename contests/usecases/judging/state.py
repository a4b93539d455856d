"""What the judging-day use-cases read: an event's drawn field, a module's panel, its lock,
the event's unblinding, the current marks (newest version of each cell) and sign-offs.

Reads only, each one or two queries whatever the size of the field: never a query per
competitor or per mark.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.people import Competitor
from contests.store.models import (
    AppealCorrectionRow,
    CompetitorRow,
    DrawAssignmentRow,
    JudgeRow,
    MarkRow,
    ModuleLockRow,
    PanelMemberRow,
    SignOffRow,
    TeamRow,
    UnblindingRow,
    UnitRow,
)
from contests.usecases.core.errors import Conflict

# ---------------------------------------------------------------- the drawn field


@dataclass(frozen=True)
class Drawn:
    """One line of the current draw and the competitor behind its blind code."""

    competitor_id: int
    blind_code: str
    station: str
    session: int
    competitor: Competitor  # the registration record: employee number, name, unit and team codes
    unit_name: str


@dataclass(frozen=True, eq=False)
class Field:
    """The competitors of an event's current draw in registration order (competitor id
    ascending): a stable order, which shared places and recorded draws in rankings rely on."""

    assignments: list[Drawn]
    ids: np.ndarray  # int64 [C], ascending
    by_code: dict[str, int]  # blind code → position

    @property
    def size(self) -> int:
        return len(self.assignments)

    @property
    def codes(self) -> list[str]:
        return [a.blind_code for a in self.assignments]

    def competitors(self) -> list[Competitor]:
        return [a.competitor for a in self.assignments]

    def position_of(self, competitor_id: int) -> int | None:
        k = int(np.searchsorted(self.ids, competitor_id))
        return k if k < self.size and int(self.ids[k]) == competitor_id else None

    def positions(self, competitor_ids: np.ndarray) -> np.ndarray:
        """Positions of competitor ids, all of which must be in the field."""
        pos = np.searchsorted(self.ids, competitor_ids)
        if len(pos) and (pos.max() >= self.size or (self.ids[np.minimum(pos, self.size - 1)] != competitor_ids).any()):
            # marks exist only for drawn competitors and the draw is fixed once marked
            raise Conflict.at("", "stored marks name a competitor outside the event's current draw")
        return pos


async def drawn_field(session: AsyncSession, contest_id: int, event_id: str, codes: Collection[str] | None = None) -> Field:
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
        .order_by(a.competitor_id)
    )  # fmt: skip
    if codes is not None:
        query = query.where(a.blind_code.in_(sorted(set(codes))))
    rows = [
        Drawn(cid, code, station, sess, Competitor(employee_no=no, name=name, unit=unit, team=team, event=event), unit_name)
        for cid, code, station, sess, no, name, unit, unit_name, team, event in (await session.execute(query)).all()
    ]
    ids = np.array([d.competitor_id for d in rows], dtype=np.int64)
    return Field(rows, ids, {d.blind_code: k for k, d in enumerate(rows)})


def require_drawn(field: Field, event_id: str) -> None:
    if not field.size:
        raise Conflict.at("event_id", f"event {event_id!r} has not been drawn yet: judges mark the blind codes of the draw")


# ---------------------------------------------------------------- panels


async def panel_judges(session: AsyncSession, contest_id: int, event_id: str, module_id: str, *, lock: str | None = None) -> list[JudgeRow]:
    """The module's judges in panel order. lock="share" / "update" also row-locks the panel
    on PostgreSQL (SQLite ignores it and serialises writers itself): mark writers share the
    lock, locking the module takes it exclusively, so no mark slips in beside a lock."""
    query = select(PanelMemberRow).where(
        PanelMemberRow.contest_id == contest_id, PanelMemberRow.event_id == event_id, PanelMemberRow.module_id == module_id
    )
    if lock is not None:
        # OF panel_members: the judge's login is an outer join, which FOR SHARE cannot lock
        query = query.with_for_update(read=lock == "share", of=PanelMemberRow)
    return [m.judge for m in await session.scalars(query.order_by(PanelMemberRow.position))]


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


async def module_locks(session: AsyncSession, contest_id: int, event_id: str) -> dict[str, ModuleLockRow]:
    """module id → its newest lock row (the module's state); modules never locked are absent."""
    query = select(ModuleLockRow).where(ModuleLockRow.contest_id == contest_id, ModuleLockRow.event_id == event_id)
    return {r.module_id: r for r in await session.scalars(query.order_by(ModuleLockRow.seq))}


def is_locked(row: ModuleLockRow | None) -> bool:
    return row is not None and row.state == "locked"


async def unblinding(session: AsyncSession, contest_id: int, event_id: str) -> UnblindingRow | None:
    query = select(UnblindingRow).where(UnblindingRow.contest_id == contest_id, UnblindingRow.event_id == event_id)
    return await session.scalar(query)


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


@dataclass(frozen=True)
class SignOffState:
    row: SignOffRow | None
    current: bool  # signed, and no mark of the judge's own was added since


async def sign_off_states(session: AsyncSession, contest_id: int, event_id: str, module_id: str) -> dict[int, SignOffState]:
    """judge id → sign-off state, for every judge with a sign-off or a mark in the module.

    A sign-off is current while the judge's own mark rows number what they did at signing.
    Appeal corrections are the chief judge's, signed by the decision, so they do not count."""
    where = (SignOffRow.contest_id == contest_id, SignOffRow.event_id == event_id, SignOffRow.module_id == module_id)
    newest = {r.judge_id: r for r in await session.scalars(select(SignOffRow).where(*where).order_by(SignOffRow.id))}
    counts = await own_mark_counts(session, contest_id, event_id, module_id)
    return {
        judge_id: SignOffState(newest.get(judge_id), judge_id in newest and newest[judge_id].marks_seen == counts.get(judge_id, 0))
        for judge_id in set(newest) | set(counts)
    }


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
    "Drawn",
    "Field",
    "SignOffState",
    "begin_write",
    "current_marks",
    "current_marks_query",
    "drawn_field",
    "is_locked",
    "module_locks",
    "own_mark_counts",
    "panel_judges",
    "require_drawn",
    "sign_off_states",
    "unblinding",
]
