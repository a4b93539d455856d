"""Demo data for `biwu serve --demo`, labour competitions: a 六赛 competition from
examples/liusai.toml (its indicators, vetoes, periods January to March 2026 and rules), with
eight teams in its three units, one reporter login per unit, plans and the inspection
panel's 赛精神 marks for every period, January's and February's reports submitted by the
units' reporters and verified by the organiser (one February report returned with a reason
and sent again; one team vetoed for attendance, one for a lost-time injury), and March open.

Everything goes through the labour use-cases, as the reporters and the organiser would
(validated and audited). Seeding is idempotent and resumable: the competition, reporters,
plans and marks are added only if missing, and each report goes on from wherever it stands
(submitted → verified; the returned one → sent again → verified).
"""

from __future__ import annotations

import datetime as dt

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.audit import SYSTEM
from contests.labour.definition import LabourCompetition
from contests.labour.participants import Participant
from contests.labour.presets import load_preset
from contests.usecases.accounts.users import add_user, user_row
from contests.usecases.labour import competition as competition_uc
from contests.usecases.labour import inspections, plans, reporters, reports, store, verification
from contests.usecases.labour.listing import list_competitions, reporting_for
from contests.usecases.labour.views import InspectionRequest, PlanRequest, ReportDraft, ReporterAssignment

ORGANISER = Actor(username=SYSTEM, role="organiser")
# (username, password, role): printed by `biwu serve --demo` with the other demo accounts
LABOUR_ACCOUNTS: tuple[tuple[str, str, str], ...] = tuple((f"reporter{k}", f"reporter{k}-demo", "employee") for k in (1, 2, 3))
REPORTER_UNITS = {"reporter1": "U01", "reporter2": "U02", "reporter3": "U03"}
MORE_TEAMS = (
    Participant(id="T-D", name="炼钢二班", unit="U01", employees=22),
    Participant(id="T-E", name="连铸一班", unit="U01", employees=19),
    Participant(id="T-F", name="轧钢一班", unit="U02", employees=28),
    Participant(id="T-G", name="精整三班", unit="U02", employees=16),
    Participant(id="T-H", name="供电一班", unit="U03", employees=21),
)
SEEDED_PERIODS = ("2026-01", "2026-02")  # reported and verified; 2026-03 is left open
# team → (output plan t, cost plan 元); each period's plan moves by 2% a month
PLANS = {
    "T-A": (1000, 500000), "T-B": (800, 300000), "T-C": (1200, 400000), "T-D": (950, 480000),
    "T-E": (700, 260000), "T-F": (850, 320000), "T-G": (400, 150000), "T-H": (600, 210000),
}  # fmt: skip
# team → (output %, cost %, first-pass yield %, violations, discipline incidents, attendance %) for January and February
FIGURES = {
    "T-A": ((106.2, 98.0, 98.5, 1, 0, 97.0), (101.0, 97.0, 99.1, 0, 0, 98.0)),
    "T-B": ((95.0, 103.0, 99.2, 0, 1, 94.0), (108.0, 96.0, 99.5, 0, 0, 94.5)),  # attendance under 95%: vetoed both months
    "T-C": ((75.0, 95.0, 96.0, 3, 0, 100.0), (92.0, 99.0, 97.0, 1, 1, 99.0)),
    "T-D": ((101.0, 100.0, 98.2, 0, 0, 98.0), (99.0, 101.0, 98.8, 0, 1, 97.5)),
    "T-E": ((97.5, 99.0, 99.0, 0, 0, 99.0), (104.0, 98.0, 99.3, 0, 0, 99.0)),
    "T-F": ((102.0, 97.5, 97.9, 1, 0, 96.0), (101.5, 98.5, 98.4, 0, 0, 96.5)),
    "T-G": ((99.0, 100.5, 96.5, 0, 2, 97.0), (110.0, 94.0, 99.6, 0, 0, 98.0)),  # a lost-time injury in February
    "T-H": ((100.0, 99.0, 98.0, 0, 0, 99.5), (100.5, 99.5, 98.1, 0, 0, 99.5)),
}
INJURED = ("T-G", "2026-02")
RETURNED = ("T-E", "2026-02", 80.0, "产量与班组台账不符（台账为 756 吨），请核对后重新报送")  # first sent with 80% of the true output
SPIRIT = (4.0, 4.5, 5.0)  # the inspection panel's marks, shifted a little per team


def demo_competition() -> LabourCompetition:
    """examples/liusai.toml with eight teams in its three units."""
    preset = load_preset("liusai")
    return msgspec.structs.replace(preset, participants=[*preset.participants, *MORE_TEAMS])


async def seed_labour(session: AsyncSession) -> None:
    c = demo_competition()
    await _reporter_logins(session)
    found = next((e.id for e in await list_competitions(session) if e.slug == c.id), None)
    cid = found if found is not None else (await competition_uc.create_competition(session, ORGANISER, c)).id
    for username, unit in REPORTER_UNITS.items():
        if not await reporting_for(session, Actor(username=username, role="employee")):
            await reporters.assign_reporter(session, ORGANISER, cid, ReporterAssignment(username=username, unit=unit))
    await _plans_and_marks(session, cid, c)
    for month, period in enumerate(SEEDED_PERIODS):
        for team in c.participants:
            await _report(session, cid, c, team, period, month)


async def _reporter_logins(session: AsyncSession) -> None:
    for username, password, role in LABOUR_ACCOUNTS:
        if await user_row(session, username) is None:
            await add_user(session, username, password, role)  # type: ignore[arg-type]


def _plan(team: str, month: int) -> dict[str, float]:
    output, cost = PLANS[team]
    return {"output": round(output * (1 + 0.02 * month)), "cost": round(cost * (1 + 0.02 * month))}


async def _plans_and_marks(session: AsyncSession, cid: int, c: LabourCompetition) -> None:
    stored = await store.latest_plans(session, cid)
    marked = {(r.participant, r.period) for r in await store.latest_inspections(session, cid)}
    for month, period in enumerate(p.id for p in c.periods):
        for k, team in enumerate(c.participants):
            if (team.id, period) not in stored:
                await plans.set_plan(session, ORGANISER, cid, PlanRequest(participant=team.id, period=period, plans=_plan(team.id, month)))
            if (team.id, period) not in marked:
                marks = [min(5.0, m - 0.5 * ((k + month) % 3 == 0)) for m in SPIRIT]
                request = InspectionRequest(participant=team.id, period=period, indicator="spirit", marks=marks)
                await inspections.record_marks(session, ORGANISER, cid, request)


def _draft(team: str, period: str, month: int, output_share: float | None = None) -> ReportDraft:
    output, cost, quality, safety, discipline, attendance = FIGURES[team][month]
    plan = _plan(team, month)
    actuals = {
        "output": round(plan["output"] * (output_share or output) / 100, 1), "cost": round(plan["cost"] * cost / 100),
        "quality": quality, "safety": safety, "discipline": discipline,
    }  # fmt: skip
    facts = {"lost_time_injury": float((team, period) == INJURED), "attendance": attendance}
    return ReportDraft(participant=team, period=period, actuals=actuals, facts=facts)


async def _report(session: AsyncSession, cid: int, c: LabourCompetition, team: Participant, period: str, month: int) -> None:
    """Take one report from wherever it stands to verified."""
    reporter = Actor(username=next(u for u, unit in REPORTER_UNITS.items() if unit == team.unit), role="employee")
    returned = (team.id, period) == RETURNED[:2]
    row = await store.report_row(session, cid, team.id, period)
    if row is None:
        on_time = c.periods[c.period_index(period)].report_deadline - dt.timedelta(days=2)
        draft = _draft(team.id, period, month, RETURNED[2] if returned else None)
        await reports.submit_report(session, reporter, cid, draft, today=on_time)
        row = await store.report_row(session, cid, team.id, period)
        if row is None:  # cannot happen: the use-case committed it
            return
    if returned and row.state == "submitted" and row.current_version == 1:
        await verification.return_report(session, ORGANISER, cid, row.id, RETURNED[3])
    if row.state == "returned":
        await reports.submit_report(session, reporter, cid, _draft(team.id, period, month))
    if row.state == "submitted":
        await verification.verify_report(session, ORGANISER, cid, row.id)


__all__ = ["LABOUR_ACCOUNTS", "demo_competition", "seed_labour"]
