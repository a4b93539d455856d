"""Demo data for `biwu serve --demo`: the three example contests (examples/welder.toml,
examples/electrician.toml and examples/lathe.toml) with units, teams, 90 competitors, judges
with panels, and one login per role; and one five-smalls campaign with 30 submissions in
every state (api/campaigns_demo.py).

Everything goes through the use-cases, like a real organiser's requests (so it is validated
and audited, with actor "system"). Seeding is idempotent: each record is added only if its
key is not stored yet, so a restart, or a restart after a half-finished seeding, completes
the demo without duplicating anything. Names are generated from a fixed seed, so every
demo database holds the same people.
"""

from __future__ import annotations

import logging
import random
from importlib import resources

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.campaigns_demo import CAMPAIGN_ACCOUNTS, seed_campaign
from api.honours_demo import HONOURS_ACCOUNTS, seed_honours
from api.labour_demo import LABOUR_ACCOUNTS, seed_labour
from contests.accounts import Actor
from contests.audit import SYSTEM
from contests.definition import Contest, decode_contest
from contests.people import Competitor, Judge, Team, Unit
from contests.usecases.accounts.users import add_user, user_row
from contests.usecases.setup import contests as contest_uc
from contests.usecases.setup import judges as judge_uc
from contests.usecases.setup import people as people_uc

log = logging.getLogger("biwu.demo")

EXAMPLES = resources.files("contests") / "examples"  # package data: an installed wheel has them too
ACTOR = Actor(username=SYSTEM, role="organiser")

# (username, password, role): printed by `biwu serve --demo`; for a local demo only
DEMO_ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    ("organiser", "organiser-demo", "organiser"),
    ("chief", "chief-demo", "chief_judge"),
    *((f"judge{i}", f"judge{i}-demo", "judge") for i in range(1, 6)),
    ("viewer", "viewer-demo", "viewer"),
    *CAMPAIGN_ACCOUNTS,  # five smalls: employees, finance, expert reviewers (api/campaigns_demo.py)
    *LABOUR_ACCOUNTS,  # labour competitions: one unit reporter per unit (api/labour_demo.py)
    *HONOURS_ACCOUNTS,  # honours: one nominator per unit, committee members W01–W07 (api/honours_demo.py)
)

# The judges' own centre sends no competitors; the five enterprises each send six per trade.
UNITS = (
    Unit(code="JDZX", name="市职业技能鉴定中心", headcount=40),
    Unit(code="JX1", name="第一机械厂", headcount=1200),
    Unit(code="JX2", name="第二机械厂", headcount=950),
    Unit(code="RD", name="热电公司", headcount=620),
    Unit(code="GD", name="供电公司", headcount=1800),
    Unit(code="JS", name="建设集团", headcount=2300),
)
COMPETING_UNITS = ("JX1", "JX2", "RD", "GD", "JS")
PER_UNIT = 6  # 5 units × 6 = 30 per contest, 90 in all

# judge code → (name, unit); codes equal the judges' login names so a judge account finds its seat
JUDGES = {
    "welder-2026": {
        "judge1": ("郑国栋", "JDZX"),
        "judge2": ("钱立新", "JDZX"),
        "judge3": ("冯建华", "JX1"),  # recused from 第一机械厂 competitors
        "judge4": ("褚文斌", "RD"),  # recused from 热电公司 competitors
        "judge5": ("卫东升", "JDZX"),
    },
    "electrician-2026": {
        "judge1": ("蒋振华", "JDZX"),
        "judge2": ("沈卫国", "JDZX"),
        "judge3": ("韩志刚", "GD"),  # recused from 供电公司 competitors
        "judge4": ("杨宏伟", "JDZX"),
        "judge5": ("朱海峰", "JX2"),  # recused from 第二机械厂 competitors
    },
    "lathe-2026": {
        "judge1": ("孔令军", "JDZX"),
        "judge2": ("曹德胜", "JDZX"),  # the inspector (检测员): measures every practical aspect
        "judge3": ("严志明", "JX1"),
        "judge4": ("华建军", "JDZX"),
        "judge5": ("金永福", "JS"),
    },
}
CHIEF = ("chief", "秦正平", "JDZX")
PANELS = {
    "welder-2026": {
        ("welder", "theory"): ["judge1", "judge2"],
        ("welder", "practical"): ["judge1", "judge2", "judge3", "judge4", "judge5"],
    },
    "electrician-2026": {
        ("electrician", "theory"): ["judge1"],
        ("electrician", "motor_control"): ["judge2", "judge3", "judge4"],
        ("electrician", "fault_finding"): ["judge1", "judge4", "judge5"],
    },
    "lathe-2026": {  # the practical's aspects are measured once, by one inspector (panel = "single")
        ("lathe", "theory"): ["judge1"],
        ("lathe", "practical"): ["judge2"],
    },
}

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋谢唐许韩冯邓曹彭"
_GIVEN = ("伟", "芳", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "华", "平", "刚", "静", "敏", "建国", "志强", "海燕",
          "晓东", "红梅", "国庆", "春生", "立新", "永刚", "秀兰", "德明", "玉华", "文斌", "振宇")  # fmt: skip


def load_example(name: str) -> Contest:
    return decode_contest((EXAMPLES / f"{name}.toml").read_bytes(), "toml")


def competitors(contest: Contest, rng: random.Random) -> list[Competitor]:
    """PER_UNIT competitors per competing unit, alternating between the unit's two teams."""
    event = contest.events[0].id
    names: set[str] = set()
    out = []
    for u, unit in enumerate(COMPETING_UNITS):
        for k in range(PER_UNIT):
            name = _unique_name(rng, names)
            employee_no = f"{u + 1}{rng.randrange(10_000, 99_999)}{k}"
            out.append(Competitor(employee_no=employee_no, name=name, unit=unit, team=f"{unit}-{k % 2 + 1}", event=event))
    return out


def teams(contest: Contest) -> list[Team]:
    trade = contest.events[0].name  # 焊工 / 电工
    return [Team(code=f"{unit}-{n}", name=f"{trade}{'一二'[n - 1]}队", unit=unit) for unit in COMPETING_UNITS for n in (1, 2)]


def _unique_name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
        if name not in taken:
            taken.add(name)
            return name


# ---------------------------------------------------------------- seeding


async def seed(factory: async_sessionmaker[AsyncSession]) -> None:
    async with factory() as session:
        await _accounts(session)
        for name in ("welder", "electrician", "lathe"):
            await _contest(session, load_example(name), random.Random(f"biwu-demo-{name}"))
        await seed_campaign(session)
        await seed_labour(session)  # a 六赛 labour competition, three periods (api/labour_demo.py)
        await seed_honours(session)  # an honours round with quotas, nominations and a committee (api/honours_demo.py)
    log.info("demo data ready")


async def _accounts(session: AsyncSession) -> None:
    for username, password, role in DEMO_ACCOUNTS:
        if await user_row(session, username) is None:  # skip argon2 hashing for accounts that exist (disabled ones too)
            await add_user(session, username, password, role)  # type: ignore[arg-type]


async def _contest(session: AsyncSession, definition: Contest, rng: random.Random) -> None:
    stored = {c.slug: c.id for c in await contest_uc.list_contests(session)}
    contest_id = stored.get(definition.id)
    if contest_id is None:
        contest_id = (await contest_uc.create_contest(session, ACTOR, definition)).id
    await _people(session, contest_id, definition, rng)
    await _judges(session, contest_id, definition.id)
    for (event, module), codes in PANELS[definition.id].items():
        panel = await judge_uc.get_panel(session, contest_id, event, module)
        if not panel.judges:
            await judge_uc.set_panel(session, ACTOR, contest_id, event, module, codes)


async def _people(session: AsyncSession, contest_id: int, definition: Contest, rng: random.Random) -> None:
    units = {u.code for u in await people_uc.list_units(session, contest_id)}
    for unit in UNITS:
        if unit.code not in units:
            await people_uc.add_unit(session, ACTOR, contest_id, unit)
    team_codes = {t.code for t in await people_uc.list_teams(session, contest_id)}
    for team in teams(definition):
        if team.code not in team_codes:
            await people_uc.add_team(session, ACTOR, contest_id, team)
    registered = {c.employee_no for c in await people_uc.list_competitors(session, contest_id)}
    for competitor in competitors(definition, rng):  # same rng seed → the same list every time
        if competitor.employee_no not in registered:
            await people_uc.add_competitor(session, ACTOR, contest_id, competitor)


async def _judges(session: AsyncSession, contest_id: int, slug: str) -> None:
    seated = {j.code for j in await judge_uc.list_judges(session, contest_id)}
    wanted = [(code, name, unit, "judge") for code, (name, unit) in JUDGES[slug].items()] + [(*CHIEF, "chief_judge")]
    for code, name, unit, role in wanted:
        if code not in seated:
            judge = Judge(code=code, name=name, unit=unit, role=role)  # type: ignore[arg-type]
            await judge_uc.add_judge(session, ACTOR, contest_id, judge, username=code)
