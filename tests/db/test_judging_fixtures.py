"""Shared set-up of the judging-day tests (no tests here): a contest with people, judge
logins, panels and a draw, plus small builders of mark batches.

Welder day (examples/welder.toml): six welders W1–W6 of units TL, HF and WH; practical
panel P1–P5 (P1 is of unit TL, so recused from W1 and W2), theory judge T1, chief judge CJ
(a judge of the contest with role chief_judge, linked to the login "chief").
Electrician day (examples/electrician.toml): five electricians in teams TL-1 and HF-1;
motor-control panel M1–M3 (M1 of unit TL), fault-finding panel F1–F3, theory judge T1.
The day (people, panels, designed marks) is declared once in tests/factories/judging_day.py,
shared with the API tests; here it is spelled as declared (seats are employee numbers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.definition import Contest
from contests.people import Competitor, Judge, Team, Unit
from contests.usecases.judging.requests import MarkBatch, MarkInput
from contests.usecases.setup import judges as judge_uc
from contests.usecases.setup import people as people_uc
from contests.usecases.setup.contests import create_contest
from contests.usecases.setup.draws import run_draw
from tests.db.helpers import ORGANISER, example
from tests.factories import judging_day as declared
from tests.factories import logins
from tests.factories.draws import seeded_codes
from tests.factories.judging_day import AS_DECLARED as NAMING
from tests.factories.judging_day import (  # noqa: F401 (the judging DB tests import them from here)
    BANDS_TOP,
    ELECTRICIAN_MARKS,
    ELECTRICIAN_THEORY,
    ELECTRICIAN_TIMES,
    JUDGEMENTS,
    WELDER_THEORY,
    WELDER_TIMES,
)

CHIEF = Actor(username="chief", role="chief_judge")
SEED = 20261128

UNITS = [Unit(code=NAMING.unit(key), name=name) for key, name in declared.UNIT_NAMES.items()]


def _competitors(event: str) -> list[Competitor]:
    return [
        Competitor(employee_no=no, name=name, unit=unit, event=event, **({"team": team} if team else {}))
        for no, (name, unit, team) in NAMING.competitors(event).items()
    ]


def _judges(event: str) -> list[Judge]:
    return [Judge(code=code, name=name, unit=unit) for code, (name, unit) in NAMING.judges_of(event).items()]


WELDERS = _competitors("welder")
WELDER_JUDGES = _judges("welder")
WELDER_PANELS = NAMING.panels("welder")

TEAMS = [Team(code=code, name=name, unit=NAMING.unit(unit)) for code, (name, unit) in declared.TEAMS.items()]
ELECTRICIANS = _competitors("electrician")
ELECTRICIAN_JUDGES = _judges("electrician")
ELECTRICIAN_PANELS = NAMING.panels("electrician")


@dataclass
class Day:
    contest_id: int
    event_id: str
    codes: dict[str, str]  # employee number → blind code
    judges: dict[str, Actor] = field(default_factory=dict)  # judge code → login

    def code(self, employee_no: str) -> str:
        return self.codes[employee_no]


def login(judge_code: str) -> Actor:
    return Actor(username=f"judge-{judge_code.lower()}", role="judge")


async def add_logins(session: AsyncSession, actors: list[Actor]) -> None:
    """Accounts written directly, with no usable password: these tests call the use-cases as
    an Actor and never log in (tests/factories/logins.py)."""
    await logins.add_logins(session, actors, can_log_in=False)


async def set_up_day(
    session: AsyncSession,
    definition: Contest,
    event_id: str,
    competitors: list[Competitor],
    judges: list[Judge],
    panels: dict[str, list[str]],
    *,
    teams: list[Team] = (),
    chief: bool = True,
) -> Day:
    """Contest, units, teams, competitors, judges with logins, panels and the draw."""
    contest_id = (await create_contest(session, ORGANISER, definition)).id
    for unit in UNITS:
        await people_uc.add_unit(session, ORGANISER, contest_id, unit)
    for team in teams:
        await people_uc.add_team(session, ORGANISER, contest_id, team)
    for competitor in competitors:
        await people_uc.add_competitor(session, ORGANISER, contest_id, competitor)
    actors = {j.code: login(j.code) for j in judges}
    await add_logins(session, list(actors.values()) + ([CHIEF] if chief else []))
    for judge in judges:
        await judge_uc.add_judge(session, ORGANISER, contest_id, judge, username=actors[judge.code].username)
    if chief:
        await judge_uc.add_judge(
            session, ORGANISER, contest_id, Judge(code="CJ", name="裁判长", unit="ZJ", role="chief_judge"), username=CHIEF.username
        )
    for module_id, codes in panels.items():
        await judge_uc.set_panel(session, ORGANISER, contest_id, event_id, module_id, codes)
    await run_draw(session, ORGANISER, contest_id, event_id, seed=SEED)
    return Day(contest_id, event_id, seeded_codes([c.employee_no for c in competitors], SEED), actors)  # the answer is sealed


async def welder_day(session: AsyncSession, definition: Contest | None = None, **kwargs) -> Day:
    return await set_up_day(session, definition or example("welder"), "welder", WELDERS, WELDER_JUDGES, WELDER_PANELS, **kwargs)


async def electrician_day(session: AsyncSession) -> Day:
    return await set_up_day(
        session, example("electrician"), "electrician", ELECTRICIANS, ELECTRICIAN_JUDGES, ELECTRICIAN_PANELS, teams=TEAMS
    )


def batch(day: Day, module_id: str, marks: dict[str, dict[str, object]], reason: str | None = None) -> MarkBatch:
    """{employee_no: {aspect: value}} of one module as a batch on blind codes."""
    return MarkBatch(
        marks=[
            MarkInput(
                event_id=day.event_id, module_id=module_id, blind_code=day.code(no), aspect_id=a, value=Decimal(str(v)), reason=reason
            )
            for no, aspects in marks.items()
            for a, v in aspects.items()
        ]
    )


def with_contest(definition: Contest, **settings) -> Contest:
    """The definition with other contest settings (conflict policy, appeal window)."""
    return msgspec.structs.replace(definition, settings=msgspec.structs.replace(definition.settings, **settings))


# ---------------------------------------------------------------- the welder marks


def welder_practical(judge: str) -> dict[str, dict[str, object]]:
    """What each practical judge marks, per welder (see tests/factories/judging_day.py):
    P1 is recused from W1 and W2; W3 has a pore, W4 an unfinished cap, W5 and W6 undercuts."""
    return NAMING.by_employee("welder", declared.welder_practical(judge))


async def mark_welder_day(session: AsyncSession, day: Day) -> None:
    """Every judge of the welder day enters all their marks (one batch each)."""
    from contests.usecases.judging.marking import submit_marks

    for judge in ("P1", "P2", "P3", "P4", "P5"):
        await submit_marks(session, day.judges[judge], day.contest_id, batch(day, "practical", welder_practical(judge)))
    theory = {no: {"theory_mark": v} for no, v in WELDER_THEORY.items()}
    await submit_marks(session, day.judges["T1"], day.contest_id, batch(day, "theory", theory))


async def sign_and_lock(session: AsyncSession, day: Day, panels: dict[str, list[str]]) -> None:
    from contests.usecases.judging.locks import lock_module, sign_sheet

    for module_id, codes in panels.items():
        for code in codes:
            await sign_sheet(session, day.judges[code], day.contest_id, day.event_id, module_id)
        await lock_module(session, CHIEF, day.contest_id, day.event_id, module_id)
