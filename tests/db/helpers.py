"""Shared data and small tools for the DB tests."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.definition import Contest, decode_contest
from contests.people import Competitor, Judge, Team, Unit
from contests.store.models import Base, CompetitorRow, JudgeRow, MarkRow
from contests.usecases.setup import judges as judge_uc
from contests.usecases.setup import people as people_uc
from contests.usecases.setup.contests import create_contest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ORGANISER = Actor(username="organiser", role="organiser")
CHIEF = Actor(username="chief", role="chief_judge")


@cache
def example(name: str) -> Contest:
    return decode_contest((EXAMPLES / f"{name}.toml").read_bytes(), "toml")


def welder() -> Contest:
    return example("welder")


# the people of the welder contest; tests/api/conftest.new_contest sends the same over HTTP
UNITS = [Unit(code="TL", name="铜陵供电公司", headcount=1200), Unit(code="HF", name="合肥检修公司")]
TEAMS = [Team(code="TL-1", name="变电一班", unit="TL"), Team(code="HF-1", name="检修一班", unit="HF")]
COMPETITORS = [
    Competitor(employee_no="E001", name="张三", unit="TL", team="TL-1", event="welder"),
    Competitor(employee_no="E002", name="李四", unit="HF", team="HF-1", event="welder"),
    Competitor(employee_no="E003", name="王五", unit="HF", event="welder"),
]
JUDGES = [Judge(code=f"J{i}", name=f"裁判{i}", unit="TL" if i < 3 else "HF") for i in range(1, 7)]


async def welder_contest(session: AsyncSession, *, people: bool = True, judges: bool = False) -> int:
    """A stored welder contest (id returned), with units, teams and competitors; judges too."""
    view = await create_contest(session, ORGANISER, welder())
    if people:
        for unit in UNITS:
            await people_uc.add_unit(session, ORGANISER, view.id, unit)
        for team in TEAMS:
            await people_uc.add_team(session, ORGANISER, view.id, team)
        for competitor in COMPETITORS:
            await people_uc.add_competitor(session, ORGANISER, view.id, competitor)
    if judges:
        for judge in JUDGES:
            await judge_uc.add_judge(session, ORGANISER, view.id, judge)
    return view.id


async def count(session: AsyncSession, model: type[Base]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)))


async def counts(session: AsyncSession) -> dict[str, int]:
    """Rows per table: compare before and after a refused call to prove nothing was written.
    One statement of a count per table (not a query per table: the role matrices call this
    twice per refused case, and 72 round trips each were a fifth of their time)."""
    tables = sorted((mapper.class_.__table__ for mapper in Base.registry.mappers), key=lambda table: table.name)
    row = (await session.execute(_counts_statement(tuple(tables)))).one()
    return {table.name: int(n) for table, n in zip(tables, row, strict=True)}


@cache
def _counts_statement(tables: tuple) -> Select:
    return select(*(select(func.count()).select_from(table).scalar_subquery() for table in tables))


async def insert_mark(
    session: AsyncSession, contest_id: int, *, employee_no: str = "E001", judge: str = "J3",
    module: str = "practical", aspect: str = "groove_preparation", value: str = "2", event: str = "welder",
) -> MarkRow:  # fmt: skip
    """A mark row written directly (the marking use-case belongs to a later issue)."""
    competitor = await session.scalar(
        select(CompetitorRow).where(CompetitorRow.contest_id == contest_id, CompetitorRow.employee_no == employee_no)
    )
    judge_row = await session.scalar(select(JudgeRow).where(JudgeRow.contest_id == contest_id, JudgeRow.code == judge))
    mark = MarkRow(
        contest_id=contest_id,
        event_id=event,
        module_id=module,
        competitor_id=competitor.id,
        aspect_id=aspect,
        judge_id=judge_row.id,
        value=Decimal(value),
        version=1,
        created_by="judge",
    )
    session.add(mark)
    await session.commit()
    return mark
