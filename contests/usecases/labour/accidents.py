"""Safety-accident records (安全事故记录) of a labour competition: record one, correct or
withdraw it (a new version with the reason), list the standing ones, read one's versions.

The organiser records (in labour competitions the organiser is also the verifier, 审核);
viewers read. Every write is its version row and its audit entry in one transaction; two
corrections of the same record sent at once both aim at version n+1, so one gets 409.
The honours accident bar reads the standing records (`standing_for`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import msgspec
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.labour.accidents import SEVERITY_EN, AccidentRecord, AccidentReport, Reason, accident_problems, standing
from contests.store.labour import LabourAccidentRow, LabourCompetitionRow
from contests.usecases.core.access import ORGANISER, require_role
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.transaction import transaction
from contests.usecases.labour import store
from contests.usecases.labour.reports import china_today

READERS = (ORGANISER, "viewer")


class AccidentCorrection(AccidentReport, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """The corrected facts of a record with the reason; `withdrawn`: it was entered in error."""

    reason: Reason
    withdrawn: bool = False


class AccidentView(msgspec.Struct, kw_only=True, frozen=True):
    record: AccidentRecord
    severity_en: str
    recorded_by: str
    recorded_at: dt.datetime


class AccidentHistoryView(msgspec.Struct, kw_only=True, frozen=True):
    """One accident number: the version that stands and every version, oldest first."""

    current: AccidentView
    versions: list[AccidentView]


async def record_accident(
    session: AsyncSession, actor: Actor, competition_id: int, report: AccidentReport, *, today: dt.date | None = None
) -> AccidentView:
    """Record a new accident as number n+1, version 1."""
    require_role(actor, (ORGANISER,), "record a safety accident")
    row, c = await store.current(session, competition_id)
    if problems := accident_problems(c, report, today or china_today()):
        raise Conflict(problems)
    clash = f"another accident of competition {row.slug!r} was recorded at the same time: retry"
    async with transaction(session, conflict=clash):
        last = await session.scalar(select(func.max(LabourAccidentRow.number)).where(LabourAccidentRow.competition_id == row.id))
        new = _row(row, (last or 0) + 1, 1, report, actor, reason=None, withdrawn=False)
        session.add(new)
        audit.record(session, actor.username, "labour.accident.record", "labour_accident", f"{row.slug}/{new.number}", after=report)
    return _view(row, new)


async def correct_accident(
    session: AsyncSession, actor: Actor, competition_id: int, number: int, correction: AccidentCorrection, *, today: dt.date | None = None
) -> AccidentView:
    """Correct or withdraw accident `number`: version n+1 with the reason."""
    require_role(actor, (ORGANISER,), "correct a safety accident")
    row, c = await store.current(session, competition_id)
    report = AccidentReport(**{f: getattr(correction, f) for f in AccidentReport.__struct_fields__})
    if problems := accident_problems(c, report, today or china_today()):
        raise Conflict(problems)
    clash = f"accident {number} of {row.slug!r} was corrected by someone else at the same time: reload"
    async with transaction(session, conflict=clash):
        previous = (await _versions(session, row, number))[-1]
        if previous.withdrawn:
            raise Conflict.at("number", f"accident {number} was withdrawn ({previous.reason}): record a new one instead")
        new = _row(row, number, previous.version + 1, report, actor, reason=correction.reason, withdrawn=correction.withdrawn)
        session.add(new)
        action = "labour.accident.withdraw" if correction.withdrawn else "labour.accident.correct"
        before = _domain(row.slug, previous)
        audit.record(
            session,
            actor.username,
            action,
            "labour_accident",
            f"{row.slug}/{number}",
            before=before,
            after=report,
            reason=correction.reason,
        )
    return _view(row, new)


async def list_accidents(session: AsyncSession, actor: Actor, competition_id: int, *, withdrawn: bool = False) -> list[AccidentView]:
    """The standing version of every accident of the competition, by number (withdrawn ones too if asked)."""
    require_role(actor, READERS, "read the safety accidents")
    row = await store.competition_row(session, competition_id)
    query = select(LabourAccidentRow).where(LabourAccidentRow.competition_id == row.id)
    newest: dict[int, LabourAccidentRow] = {}
    for r in await session.scalars(query.order_by(LabourAccidentRow.number, LabourAccidentRow.version)):
        newest[r.number] = r
    return [_view(row, r) for r in newest.values() if withdrawn or not r.withdrawn]


async def get_accident(session: AsyncSession, actor: Actor, competition_id: int, number: int) -> AccidentHistoryView:
    require_role(actor, READERS, "read the safety accidents")
    row = await store.competition_row(session, competition_id)
    versions = [_view(row, v) for v in await _versions(session, row, number)]
    return AccidentHistoryView(current=versions[-1], versions=versions)


async def standing_for(session: AsyncSession, *, units: Collection[str], codes: Collection[str] = ()) -> list[AccidentRecord]:
    """The standing accident records of every competition charged to `units`, or naming one
    of `codes` as team or person (the honours accident bar's input), in one query."""
    if not units and not codes:
        return []
    query = (
        select(LabourAccidentRow, LabourCompetitionRow.slug)
        .join(LabourCompetitionRow, LabourCompetitionRow.id == LabourAccidentRow.competition_id)
        .where(
            or_(
                LabourAccidentRow.unit.in_(sorted(units)),
                LabourAccidentRow.team.in_(sorted(codes)),
                LabourAccidentRow.person.in_(sorted(codes)),
            )
        )
    )
    # the filter sees the newest version of a number only if that version still matches: read
    # every version of the numbers it found, so a correction that moves a record away counts
    found = {(r.competition_id, r.number) for r, _ in (await session.execute(query)).all()}
    if not found:
        return []
    ids = sorted({cid for cid, _ in found})
    every = select(LabourAccidentRow, LabourCompetitionRow.slug).join(
        LabourCompetitionRow, LabourCompetitionRow.id == LabourAccidentRow.competition_id
    )
    rows = (await session.execute(every.where(LabourAccidentRow.competition_id.in_(ids)))).all()
    return standing(_domain(slug, r) for r, slug in rows if (r.competition_id, r.number) in found)


async def _versions(session: AsyncSession, row: LabourCompetitionRow, number: int) -> list[LabourAccidentRow]:
    query = select(LabourAccidentRow).where(LabourAccidentRow.competition_id == row.id, LabourAccidentRow.number == number)
    versions = list((await session.scalars(query.order_by(LabourAccidentRow.version))).all())
    if not versions:
        raise NotFound.at("number", f"no accident {number} in competition {row.slug!r}")
    return versions


def _row(
    row: LabourCompetitionRow, number: int, version: int, r: AccidentReport, actor: Actor, *, reason: str | None, withdrawn: bool
) -> LabourAccidentRow:
    return LabourAccidentRow(
        competition_id=row.id, number=number, version=version, unit=r.unit, team=r.team, person=r.person, occurred_on=r.occurred_on,
        severity=r.severity, description=r.description, reporter=r.reporter, withdrawn=withdrawn, reason=reason,
        created_by=actor.username,
    )  # fmt: skip


def _domain(slug: str, r: LabourAccidentRow) -> AccidentRecord:
    return AccidentRecord(
        competition=slug, number=r.number, version=r.version, unit=r.unit, team=r.team, person=r.person, occurred_on=r.occurred_on,
        severity=r.severity, description=r.description, reporter=r.reporter, withdrawn=r.withdrawn, reason=r.reason,
    )  # fmt: skip


def _view(row: LabourCompetitionRow, r: LabourAccidentRow) -> AccidentView:
    return AccidentView(
        record=_domain(row.slug, r), severity_en=SEVERITY_EN[r.severity], recorded_by=r.created_by, recorded_at=r.created_at
    )


__all__ = [
    "AccidentCorrection",
    "AccidentHistoryView",
    "AccidentView",
    "correct_accident",
    "get_accident",
    "list_accidents",
    "record_accident",
    "standing_for",
]
