"""Shared set-up of the labour DB tests: the 六赛 preset cut to its first month (the
RULES.md worked example), three unit reporters, plans and the example's reports."""

from __future__ import annotations

import datetime as dt

import msgspec

from contests.accounts import Actor
from contests.labour.presets import load_preset
from contests.store.models import UserRow
from contests.usecases.labour import competition, inspections, plans, reporters, reports
from contests.usecases.labour.views import InspectionRequest, PlanRequest, ReportDraft, ReporterAssignment

ORG = Actor("org", "organiser")
REP = {"U01": Actor("rep1", "employee"), "U02": Actor("rep2", "employee"), "U03": Actor("rep3", "employee")}
ON_TIME = dt.date(2026, 2, 3)  # the January deadline is 2026-02-05
PLANS = {"T-A": (1000, 500000), "T-B": (800, 300000), "T-C": (1200, 400000)}
ACTUALS = {
    "T-A": {"output": 1062, "cost": 490000, "quality": 98.5, "safety": 1, "discipline": 0},
    "T-B": {"output": 760, "cost": 309000, "quality": 99.2, "safety": 0, "discipline": 1},
    "T-C": {"output": 900, "cost": 380000, "quality": 96.0, "safety": 3, "discipline": 0},
}
FACTS = {
    "T-A": {"lost_time_injury": 0, "attendance": 97},
    "T-B": {"lost_time_injury": 0, "attendance": 94},
    "T-C": {"lost_time_injury": 0, "attendance": 100},
}
SPIRIT = {"T-A": [4, 5, 4], "T-B": [5, 5, 4], "T-C": [3, 3, 3]}
UNIT_OF = {"T-A": "U01", "T-B": "U02", "T-C": "U03"}


def one_month(**late):
    preset = load_preset("liusai")
    changes = {"periods": preset.periods[:1]}
    if late:
        changes["late"] = msgspec.convert(late, type=type(preset.late))
    return msgspec.structs.replace(preset, **changes)


async def set_up(session, definition=None) -> int:
    """The competition, its reporters and the January plans and panel marks; returns its id."""
    cid = (await competition.create_competition(session, ORG, definition or one_month())).id
    for actor in REP.values():
        session.add(UserRow(username=actor.username, password_hash="x", role="employee"))
    await session.commit()
    for unit, actor in REP.items():
        await reporters.assign_reporter(session, ORG, cid, ReporterAssignment(username=actor.username, unit=unit))
    for team, (output, cost) in PLANS.items():
        await plans.set_plan(session, ORG, cid, PlanRequest(participant=team, period="2026-01", plans={"output": output, "cost": cost}))
        await inspections.record_marks(
            session, ORG, cid, InspectionRequest(participant=team, period="2026-01", indicator="spirit", marks=SPIRIT[team])
        )
    return cid


def draft(team: str, **actuals) -> ReportDraft:
    return ReportDraft(participant=team, period="2026-01", actuals={**ACTUALS[team], **actuals}, facts=FACTS[team])


async def report(session, cid: int, team: str, today=ON_TIME, **actuals):
    return await reports.submit_report(session, REP[UNIT_OF[team]], cid, draft(team, **actuals), today=today)
