"""Demo data for `biwu serve --demo`, honours (评比表彰): the round of examples/honours.toml
(2026年度先进集体和先进个人评比表彰: six units, 先进集体, 先进个人, 工人先锋号, 优秀组织奖),
its quota allocation, one nominator login per unit, the people and teams biwu holds for
eligibility, the award history of earlier years, each unit's nominations within its
places, and 优秀组织奖 computed from the demo 六赛 competition's data (when it is seeded). The committee (W01–W07, reviewer logins) has not sat yet: the README's "Honours
(评比表彰)" walks from here to the final list.

Everything goes through the use-cases (validated and audited). Seeding is idempotent: the
round, nominators, candidates, history and nominations are added only if missing.
"""

from __future__ import annotations

from datetime import date
from importlib import resources

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.audit import SYSTEM
from contests.honours import Candidate, Round, decode_round
from contests.store.honours import HonoursNominationRow, HonoursNominatorRow, HonoursOrganisationRow, HonoursRoundRow, TitleRecordRow
from contests.store.labour import LabourCompetitionRow
from contests.titles import TitleAward
from contests.usecases.accounts.users import add_user, user_row
from contests.usecases.honours import nominations, organisation_data, people, rounds
from contests.usecases.honours.organisation_data import OrganisationDataBody
from contests.usecases.honours.views import CandidatesBody, HistoryBody, NominationDraft, NominatorAssignment

ORGANISER = Actor(username=SYSTEM, role="organiser")
UNITS = ("U01", "U02", "U03", "U04", "U05", "U06")
NOMINATOR_OF = {f"nominator{k}": unit for k, unit in enumerate(UNITS, start=1)}
MEMBERS = ("W01", "W02", "W03", "W04", "W05", "W06", "W07")  # the committee of examples/honours.toml
# (username, password, role): printed by `biwu serve --demo` with the other accounts
HONOURS_ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    *((u, f"{u}-demo", "employee") for u in NOMINATOR_OF),
    *((m, f"{m}-demo", "reviewer") for m in MEMBERS),
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙"
GIVEN = ("建华", "秀英", "志强", "海燕", "立新", "红梅", "国庆", "晓东")
PEOPLE_PER_UNIT = 6  # P-U01-1 … P-U06-6; the 先进个人 places are 4, 2, 2, 2, 1, 1 (see the allocation)
TEAMS_PER_UNIT = 2  # T-U01-1 … (collectives: 先进集体, 工人先锋号)
# earlier years: a cooldown bars P-U01-1 (先进个人 2025, 3 years) and an accident bars nobody now
HISTORY = [TitleAward(holder="P-U01-1", title="先进个人", year=2025), TitleAward(holder="T-U02-2", title="先进集体", year=2019)]


def demo_round():
    return decode_round((resources.files("contests") / "examples" / "honours.toml").read_bytes(), "toml")


def candidates() -> list[Candidate]:
    names = {u.code: u.name for u in demo_round().units}
    found = []
    for u, unit in enumerate(UNITS):
        for k in range(1, PEOPLE_PER_UNIT + 1):
            name = SURNAMES[(u * 5 + k) % len(SURNAMES)] + GIVEN[(u + k) % len(GIVEN)]
            found.append(Candidate(code=f"P-{unit}-{k}", name=name, unit=unit, kind="individual", hired=date(2005 + k * 3, 3, 1)))
        for k in range(1, TEAMS_PER_UNIT + 1):
            found.append(
                Candidate(code=f"T-{unit}-{k}", name=f"{names[unit]}第{k}班组", unit=unit, kind="collective", results={"流动红旗": 2 + k})
            )
    return found


async def seed_honours(session: AsyncSession) -> None:
    for username, password, role in HONOURS_ACCOUNTS:
        if await user_row(session, username) is None:
            await add_user(session, username, password, role)  # type: ignore[arg-type]
    r = demo_round()
    rid = await session.scalar(select(HonoursRoundRow.id).where(HonoursRoundRow.slug == r.id))
    if rid is None:
        rid = (await rounds.create_round(session, ORGANISER, r)).id
    assigned = set((await session.scalars(select(HonoursNominatorRow.username).where(HonoursNominatorRow.round_id == rid))).all())
    for username, unit in NOMINATOR_OF.items():
        if username not in assigned:
            await people.assign_nominator(session, ORGANISER, rid, NominatorAssignment(username=username, unit=unit))
    if await session.scalar(select(TitleRecordRow.id).where(TitleRecordRow.holder == HISTORY[0].holder)) is None:
        await people.import_history(session, ORGANISER, HistoryBody(awards=HISTORY))
    if await session.scalar(select(HonoursNominationRow.id).where(HonoursNominationRow.round_id == rid)) is None:
        await people.record_candidates(session, ORGANISER, rid, CandidatesBody(candidates=candidates()))
        await _nominate(session, rid)
    await _organisation_award(session, rid, r)


async def _organisation_award(session: AsyncSession, rid: int, r: Round) -> None:
    """优秀组织奖 from the 六赛 competition's data (api/labour_demo.py), once, when it is seeded."""
    formula = r.title("organisation-award").organisation
    labour = await session.scalar(select(LabourCompetitionRow.id).where(LabourCompetitionRow.slug == formula.labour_competition))
    done = await session.scalar(select(HonoursOrganisationRow.id).where(HonoursOrganisationRow.round_id == rid))
    if labour is not None and done is None:
        await organisation_data.compute_from_data(session, ORGANISER, rid, "organisation-award", OrganisationDataBody())


async def _nominate(session: AsyncSession, rid: int) -> None:
    """Each unit's nominator fills its places: 先进个人 from its people (skipping the one the
    cooldown bars), 先进集体 and 工人先锋号 with its teams."""
    places = {a.title: a.places() for a in (await rounds.get_allocations(session, rid)).titles}
    for username, unit in NOMINATOR_OF.items():
        actor = Actor(username=username, role="employee")
        teams = [f"T-{unit}-{k}" for k in range(1, TEAMS_PER_UNIT + 1)]
        people_here = [f"P-{unit}-{k}" for k in range(1, PEOPLE_PER_UNIT + 1) if f"P-{unit}-{k}" != HISTORY[0].holder]
        picks = {
            "advanced-individual": people_here[: places["advanced-individual"][unit]],
            "advanced-collective": teams[: places["advanced-collective"][unit]],
            "worker-pioneer": teams[::-1][: places["worker-pioneer"][unit]],
        }
        for title, nominees in picks.items():
            for code in nominees:
                record = f"{code}：立足岗位、攻坚克难，全年安全生产无事故，带动班组完成各项指标。"
                await nominations.nominate(session, actor, rid, NominationDraft(title=title, nominee=code, record=record))


__all__ = ["HONOURS_ACCOUNTS", "seed_honours"]
