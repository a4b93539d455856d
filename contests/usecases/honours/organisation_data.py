"""优秀组织奖 computed from biwu's own data: load each unit's figures from the skills contest
and/or labour competition the title's formula names (`contests.honours.organisation_figures`
says what each figure is), then run the same pure computation as figures given in the
request (`contests.honours.organisation_award`) and store it as the title's next version,
with the figures beside each unit's line.

Units are matched by code across the honours round, the contest and the competition. The
request may give records for units the named contest and competition do not know (biwu has
no data for them); a record for a unit biwu has data for is refused (409), so a figure biwu
holds is never replaced by a typed one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.honours import Round, UnitRecord, organisation_award
from contests.honours.organisation_figures import UnitFigures, from_body, no_data, record_of, registration_on_time, reporting_on_time
from contests.labour.periods import late_decision
from contests.store.labour import LabourCompetitionRow, LabourReportRow
from contests.store.models import CompetitorRow, ContestRow, SnapshotRow, UnitRow
from contests.usecases.core.access import ORGANISER, require_role
from contests.usecases.core.errors import Conflict, NotFound, Problem
from contests.usecases.honours import store
from contests.usecases.honours.organisation import award_title, check_units, save
from contests.usecases.honours.views import OrganisationView
from contests.usecases.labour import store as labour_store
from contests.usecases.setup.after_draw import after_draw_warnings


class OrganisationDataBody(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Records for units biwu holds no data for (not units of the named contest or competition)."""

    records: list[UnitRecord] = msgspec.field(default_factory=list)


@dataclass
class _Contest:
    units: set[str] = field(default_factory=set)
    competitors: Counter = field(default_factory=Counter)
    after_draw: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    awards: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))


@dataclass
class _Labour:
    units: set[str] = field(default_factory=set)
    participants: Counter = field(default_factory=Counter)
    employees: Counter = field(default_factory=Counter)
    due: Counter = field(default_factory=Counter)
    late: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    missing: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


async def compute_from_data(
    session: AsyncSession, actor: Actor, round_id: int, title_id: str, body: OrganisationDataBody
) -> OrganisationView:
    """Compute the award from the named contest's and competition's data; store it as the next version."""
    require_role(actor, (ORGANISER,), "compute the organisation award")
    row, r = await store.current(session, round_id)
    title = award_title(r, title_id)
    formula = title.organisation
    if formula.contest is None and formula.labour_competition is None:
        why = f"{title.name} names no skills contest or labour competition (organisation.contest, .labour_competition)"
        raise Conflict.at("title", f"{why}: compute it from figures in the request")
    check_units(r, body.records)
    contest = await _contest(session, formula.contest) if formula.contest else None
    labour = await _labour(session, formula.labour_competition, r.reference_date) if formula.labour_competition else None
    figures = unit_figures(r, contest, labour, body.records)
    lines = organisation_award(formula, title.quota, [record_of(f) for f in figures])
    return await save(session, actor, row, title, [record_of(f) for f in figures], lines, figures)


def unit_figures(r: Round, contest: _Contest | None, labour: _Labour | None, given: list[UnitRecord]) -> list[UnitFigures]:
    covered = (contest.units if contest else set()) | (labour.units if labour else set())
    problems = [
        Problem(f"records[{i}].unit", f"biwu holds data for unit {x.unit!r}: its figures come from that data, leave it out")
        for i, x in enumerate(given)
        if x.unit in covered
    ]
    if problems:
        raise Conflict(problems)
    typed = {x.unit: x for x in given}
    figures = []
    for u in r.units:
        if u.code in covered:
            figures.append(_figures(u.code, u.headcount, contest, labour))
        else:
            figures.append(from_body(typed[u.code]) if u.code in typed else no_data(u.code, u.headcount))
    return figures


def _figures(unit: str, headcount: int, contest: _Contest | None, labour: _Labour | None) -> UnitFigures:
    facts: dict = {"unit": unit, "source": "data", "headcount": headcount}
    if contest is not None:
        late = sorted(contest.after_draw.get(unit, []))
        facts |= {
            "contest_competitors": contest.competitors[unit], "awards": dict(sorted(contest.awards[unit].items())),
            "registered_after_draw": late, "registered_on_time": registration_on_time(contest.competitors[unit], late),
        }  # fmt: skip
    if labour is not None:
        late, missing = labour.late.get(unit, []), labour.missing.get(unit, [])
        due = labour.due[unit]
        facts |= {
            "labour_employees": labour.employees[unit], "reports_due": due, "reports_on_time": due - len(late) - len(missing),
            "reports_late": late, "reports_missing": missing, "reported_on_time": reporting_on_time(late, missing, labour.participants[unit]),
            "notes": labour.notes.get(unit, []),
        }  # fmt: skip
    return UnitFigures(**facts)


async def _contest(session: AsyncSession, slug: str) -> _Contest:
    row = await session.scalar(select(ContestRow).where(ContestRow.slug == slug))
    if row is None:
        raise NotFound.at("title.organisation.contest", f"no skills contest {slug!r}")
    found = _Contest()
    found.units = set(await session.scalars(select(UnitRow.code).where(UnitRow.contest_id == row.id)))
    query = (
        select(UnitRow.code, CompetitorRow.employee_no)
        .join(UnitRow, UnitRow.id == CompetitorRow.unit_id)
        .where(CompetitorRow.contest_id == row.id)
    )
    unit_of = {no: unit for unit, no in (await session.execute(query)).all()}
    found.competitors = Counter(unit_of.values())
    for warning in await after_draw_warnings(session, row.id):
        for c in warning.competitors:
            found.after_draw[c.unit].append(c.employee_no)
    names = {name: code for code, name in (await session.execute(select(UnitRow.code, UnitRow.name).where(UnitRow.contest_id == row.id)))}
    for snapshot in await _latest_snapshots(session, row.id):
        for line in snapshot.rows:
            unit = unit_of.get(line.employee_no) or names.get(line.unit) or line.unit
            if line.award and unit:
                found.awards[unit][line.award] += 1
    return found


class _Row(msgspec.Struct):
    employee_no: str | None = None
    unit: str | None = None
    award: str | None = None


class _Snapshot(msgspec.Struct):
    rows: list[_Row]


async def _latest_snapshots(session: AsyncSession, contest_id: int) -> list[_Snapshot]:
    """The latest published snapshot of each event (only the rows' unit and award are read)."""
    newest = (
        select(SnapshotRow.event_id, func.max(SnapshotRow.number).label("number"))
        .where(SnapshotRow.contest_id == contest_id)
        .group_by(SnapshotRow.event_id)
        .subquery()
    )
    query = select(SnapshotRow.standings).join(
        newest, (SnapshotRow.event_id == newest.c.event_id) & (SnapshotRow.number == newest.c.number)
    )
    texts = await session.scalars(query.where(SnapshotRow.contest_id == contest_id))
    return [msgspec.json.decode(t, type=_Snapshot) for t in texts]


async def _labour(session: AsyncSession, slug: str, on: dt.date) -> _Labour:
    row = await session.scalar(select(LabourCompetitionRow).where(LabourCompetitionRow.slug == slug))
    if row is None:
        raise NotFound.at("title.organisation.labour_competition", f"no labour competition {slug!r}")
    _, c = await labour_store.current(session, row.id)
    found = _Labour(units={u.code for u in c.units} | {p.unit for p in c.participants})
    reports = {
        (r.participant, r.period): r for r in await session.scalars(select(LabourReportRow).where(LabourReportRow.competition_id == row.id))
    }
    due = [p for p in c.periods if p.report_deadline <= on]  # reports owed by the round's reference date
    for p in c.participants:
        found.participants[p.unit] += 1
        found.employees[p.unit] += p.employees or 0
        if p.employees is None:
            found.notes[p.unit].append(f"{p.id} 未申报参赛人数 / no employees declared")
        for period in due:
            found.due[p.unit] += 1
            report = reports.get((p.id, period.id))
            if report is None:
                found.missing[p.unit].append(f"{p.id} {period.id}")
            elif (days := late_decision(c.late, period, report.first_reported_on).days_late) > 0:
                found.late[p.unit].append(f"{p.id} {period.id}: 迟报{days}天")
    return found


__all__ = ["OrganisationDataBody", "compute_from_data", "unit_figures"]
