"""Shared set-up of the judging-day tests (no tests here): a contest with people, judge
logins, panels and a draw, plus small builders of mark batches.

Welder day (examples/welder.toml): six welders W1–W6 of units TL, HF and WH; practical
panel P1–P5 (P1 is of unit TL, so recused from W1 and W2), theory judge T1, chief judge CJ
(a judge of the contest with role chief_judge, linked to the login "chief").
Electrician day (examples/electrician.toml): five electricians in teams TL-1 and HF-1;
motor-control panel M1–M3 (M1 of unit TL), fault-finding panel F1–F3, theory judge T1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.definition import Contest
from contests.people import Competitor, Judge, Team, Unit
from contests.store.models import UserRow
from contests.usecases.judging.requests import MarkBatch, MarkInput
from contests.usecases.setup import judges as judge_uc
from contests.usecases.setup import people as people_uc
from contests.usecases.setup.contests import create_contest
from contests.usecases.setup.draws import run_draw
from tests.db.helpers import ORGANISER, example

CHIEF = Actor(username="chief", role="chief_judge")
SEED = 20261128

UNITS = [
    Unit(code="TL", name="铜陵供电公司"),
    Unit(code="HF", name="合肥检修公司"),
    Unit(code="WH", name="芜湖供电公司"),
    Unit(code="ZJ", name="省裁判委员会"),
]

WELDERS = [
    Competitor(employee_no="W1", name="张三", unit="TL", event="welder"),
    Competitor(employee_no="W2", name="李四", unit="TL", event="welder"),
    Competitor(employee_no="W3", name="王五", unit="HF", event="welder"),
    Competitor(employee_no="W4", name="赵六", unit="HF", event="welder"),
    Competitor(employee_no="W5", name="孙七", unit="WH", event="welder"),
    Competitor(employee_no="W6", name="周八", unit="WH", event="welder"),
]
WELDER_JUDGES = (
    [Judge(code="P1", name="裁判甲", unit="TL")]
    + [Judge(code=f"P{k}", name=f"裁判{k}", unit="ZJ") for k in range(2, 6)]
    + [Judge(code="T1", name="理论裁判", unit="ZJ")]
)
WELDER_PANELS = {"theory": ["T1"], "practical": ["P1", "P2", "P3", "P4", "P5"]}

TEAMS = [Team(code="TL-1", name="铜陵一队", unit="TL"), Team(code="HF-1", name="合肥一队", unit="HF")]
ELECTRICIANS = [
    Competitor(employee_no="E1", name="钱一", unit="TL", team="TL-1", event="electrician"),
    Competitor(employee_no="E2", name="钱二", unit="TL", team="TL-1", event="electrician"),
    Competitor(employee_no="E3", name="钱三", unit="TL", team="TL-1", event="electrician"),
    Competitor(employee_no="E4", name="吴四", unit="HF", team="HF-1", event="electrician"),
    Competitor(employee_no="E5", name="吴五", unit="HF", team="HF-1", event="electrician"),
]
ELECTRICIAN_JUDGES = [Judge(code="M1", name="电工裁判甲", unit="TL")] + [
    Judge(code=c, name=f"电工裁判{c}", unit="ZJ") for c in ("M2", "M3", "F1", "F2", "F3", "T1")
]
ELECTRICIAN_PANELS = {"theory": ["T1"], "motor_control": ["M1", "M2", "M3"], "fault_finding": ["F1", "F2", "F3"]}


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
    """Accounts written directly: password hashing (argon2) is not what these tests test."""
    session.add_all(UserRow(username=a.username, password_hash="!", role=a.role) for a in actors)
    await session.commit()


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
    drawn = await run_draw(session, ORGANISER, contest_id, event_id, seed=SEED)
    return Day(contest_id, event_id, {a.employee_no: a.blind_code for a in drawn.assignments}, actors)


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


BANDS_TOP = {  # every band aspect in its best band
    "cap_height": 0.5, "height_difference": 0.5, "width_difference": 1.0, "undercut": 0,
    "root_concavity": 0, "root_convexity": 0.5, "misalignment": 0, "angular_distortion": 1,
}  # fmt: skip
JUDGEMENTS = ("groove_preparation", "tack_welding", "interpass_cleaning", "welding_technique", "safe_tidy_work")


def welder_practical(judge: str) -> dict[str, dict[str, object]]:
    """What each practical judge marks, per welder (P1 is recused from W1 and W2).

    W1: all bands best (100); judgements 3 except P5's groove 2 → trimmed mean of 4 = 3.
    W2: cap 1.5 mm (12); judgements all 2.
    W3: a pore (P4 records it): the whole visual criterion is 0; judgements all 3.
    W4: cap unfinished (aspect veto → cap height 0); judgements [3, 2, 2, 2, 1] by P1..P5.
    W5: undercut 16 mm by everyone (band ≤ 30 → 8); judgements all 3.
    W6: undercut 15 mm by everyone (band ≤ 15 → 14); judgements all 3.
    """
    k = int(judge[1])
    out: dict[str, dict[str, object]] = {}
    if judge != "P1":
        out["W1"] = BANDS_TOP | {a: 3 for a in JUDGEMENTS} | ({"groove_preparation": 2} if judge == "P5" else {})
        out["W2"] = BANDS_TOP | {"cap_height": 1.5} | {a: 2 for a in JUDGEMENTS}
    out["W3"] = BANDS_TOP | {a: 3 for a in JUDGEMENTS} | ({"pore": 1} if judge == "P4" else {})
    out["W4"] = BANDS_TOP | {"cap_unfinished": 1} | {a: [3, 2, 2, 2, 1][k - 1] for a in JUDGEMENTS}
    out["W5"] = BANDS_TOP | {"undercut": 16} | {a: 3 for a in JUDGEMENTS}
    out["W6"] = BANDS_TOP | {"undercut": 15} | {a: 3 for a in JUDGEMENTS}
    return out


WELDER_THEORY = {"W1": 90, "W2": 80, "W3": 95, "W4": 70, "W5": 60, "W6": 60}
WELDER_TIMES = {"W5": "1800", "W6": "1750.5"}  # practical completion seconds


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
