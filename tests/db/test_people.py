"""Units, teams and competitors: CRUD through the use-cases, references checked and named,
refusals write nothing, and text is stored verbatim."""

from __future__ import annotations

import msgspec
import pytest
from sqlalchemy import select, text

from contests.errors import RegistrationError
from contests.people import Competitor, Team, Unit
from contests.store.models import AuditEventRow, CompetitorRow
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.setup import people
from tests.db.helpers import COMPETITORS, ORGANISER, TEAMS, UNITS, counts, insert_mark, welder_contest

pytestmark = [pytest.mark.db, pytest.mark.anyio]
replace = msgspec.structs.replace


async def _last_audit(session) -> AuditEventRow:
    return await session.scalar(select(AuditEventRow).order_by(AuditEventRow.id.desc()))


async def test_registration_round_trips_and_every_write_is_audited(session):
    contest_id = await welder_contest(session)
    assert await people.list_units(session, contest_id) == UNITS
    assert await people.list_teams(session, contest_id) == TEAMS
    assert await people.list_competitors(session, contest_id) == COMPETITORS
    assert await people.list_competitors(session, contest_id, "welder") == COMPETITORS
    assert await people.list_competitors(session, contest_id, "other") == []
    assert await people.get_competitor(session, contest_id, "E002") == COMPETITORS[1]
    actions = [a for (a,) in (await session.execute(select(AuditEventRow.action).order_by(AuditEventRow.id))).all()]
    assert actions == ["contest.create"] + ["unit.add"] * 2 + ["team.add"] * 2 + ["competitor.add"] * 3
    last = await _last_audit(session)
    assert (last.entity, last.entity_key, msgspec.json.decode(last.after)) == ("competitor", "E003", msgspec.to_builtins(COMPETITORS[2]))


async def test_a_duplicate_employee_number_is_a_conflict(session):
    contest_id = await welder_contest(session)
    before = await counts(session)
    with pytest.raises(Conflict) as err:
        await people.add_competitor(session, ORGANISER, contest_id, replace(COMPETITORS[0], name="另一个人"))
    assert err.value.problems[0].path == "employee_no"
    assert "already registered" in err.value.problems[0].rule
    assert await counts(session) == before


@pytest.mark.parametrize(
    ("change", "path", "rule"),
    [
        ({"unit": "XX"}, "unit", "unknown unit 'XX'"),
        ({"team": "NOPE"}, "team", "unknown team 'NOPE'"),
        ({"team": "HF-1"}, "team", "belongs to unit 'HF'"),
        ({"event": "plumber"}, "event", "unknown event 'plumber'"),
        ({"name": " 张三"}, "name", "leading or trailing"),
        ({"employee_no": "E 9"}, "employee_no", "spaces"),
        ({"employee_no": "x" * 65}, "employee_no", "64"),
    ],
)
async def test_bad_competitors_are_refused_naming_the_field(session, change, path, rule):
    contest_id = await welder_contest(session)
    before = await counts(session)
    bad = replace(COMPETITORS[0], **{"employee_no": "E100", "team": "TL-1", **change})
    with pytest.raises(RegistrationError) as err:
        await people.add_competitor(session, ORGANISER, contest_id, bad)
    assert err.value.problems[0].path == path
    assert rule in err.value.problems[0].rule
    assert await counts(session) == before


async def test_units_update_rename_and_delete(session):
    contest_id = await welder_contest(session)
    renamed = Unit(code="TLG", name="国网铜陵供电公司", headcount=1300)
    await people.update_unit(session, ORGANISER, contest_id, "TL", renamed)
    assert await people.get_unit(session, contest_id, "TLG") == renamed
    # references follow the unit, not its old code
    assert (await people.get_competitor(session, contest_id, "E001")).unit == "TLG"
    assert (await people.get_team(session, contest_id, "TL-1")).unit == "TLG"
    last = await _last_audit(session)
    assert (last.action, msgspec.json.decode(last.before)["code"], msgspec.json.decode(last.after)["code"]) == ("unit.update", "TL", "TLG")
    await people.add_unit(session, ORGANISER, contest_id, Unit(code="WH", name="芜湖公司"))
    await people.delete_unit(session, ORGANISER, contest_id, "WH")
    assert [u.code for u in await people.list_units(session, contest_id)] == ["TLG", "HF"]
    assert (await _last_audit(session)).action == "unit.delete"


async def test_unit_conflicts_and_missing_units(session):
    contest_id = await welder_contest(session)
    before = await counts(session)
    with pytest.raises(Conflict, match="already used"):
        await people.add_unit(session, ORGANISER, contest_id, UNITS[0])
    with pytest.raises(Conflict, match="already used"):
        await people.update_unit(session, ORGANISER, contest_id, "TL", replace(UNITS[0], code="HF"))
    with pytest.raises(Conflict, match=r"still used by 1 team\(s\), 1 competitor\(s\)"):
        await people.delete_unit(session, ORGANISER, contest_id, "TL")
    with pytest.raises(NotFound):
        await people.delete_unit(session, ORGANISER, contest_id, "NONE")
    with pytest.raises(NotFound):
        await people.update_unit(session, ORGANISER, contest_id, "NONE", UNITS[0])
    with pytest.raises(RegistrationError) as err:
        await people.add_unit(session, ORGANISER, contest_id, Unit(code="BIG", name="大", headcount=2**40))
    assert err.value.problems[0].path == "headcount"
    assert await counts(session) == before


async def test_teams_update_and_delete(session):
    contest_id = await welder_contest(session)
    before = await counts(session)
    with pytest.raises(RegistrationError) as err:
        await people.add_team(session, ORGANISER, contest_id, Team(code="X-1", name="一班", unit="XX"))
    assert err.value.problems[0].path == "unit"
    with pytest.raises(Conflict, match="move them"):
        await people.update_team(session, ORGANISER, contest_id, "TL-1", replace(TEAMS[0], unit="HF"))
    with pytest.raises(Conflict, match=r"still used by 1 competitor\(s\)"):
        await people.delete_team(session, ORGANISER, contest_id, "TL-1")
    assert await counts(session) == before
    await people.update_team(session, ORGANISER, contest_id, "TL-1", replace(TEAMS[0], name="变电运维一班"))
    assert (await people.get_team(session, contest_id, "TL-1")).name == "变电运维一班"
    await people.add_team(session, ORGANISER, contest_id, Team(code="HF-2", name="检修二班", unit="HF"))
    await people.delete_team(session, ORGANISER, contest_id, "HF-2")
    assert await people.list_teams(session, contest_id) == [replace(TEAMS[0], name="变电运维一班"), TEAMS[1]]


async def test_competitors_update_and_delete(session):
    contest_id = await welder_contest(session)
    moved = replace(COMPETITORS[2], employee_no="E003A", unit="TL", team="TL-1")
    await people.update_competitor(session, ORGANISER, contest_id, "E003", moved)
    assert await people.get_competitor(session, contest_id, "E003A") == moved
    with pytest.raises(NotFound):
        await people.get_competitor(session, contest_id, "E003")
    with pytest.raises(Conflict):
        await people.update_competitor(session, ORGANISER, contest_id, "E003A", replace(moved, employee_no="E001"))
    await people.delete_competitor(session, ORGANISER, contest_id, "E003A")
    assert [c.employee_no for c in await people.list_competitors(session, contest_id)] == ["E001", "E002"]
    assert (await _last_audit(session)).action == "competitor.delete"


async def test_a_marked_competitor_keeps_unit_and_event_and_cannot_be_deleted(session):
    contest_id = await welder_contest(session, judges=True)
    await insert_mark(session, contest_id, employee_no="E002")
    before = await counts(session)
    with pytest.raises(Conflict, match="already has marks"):
        await people.delete_competitor(session, ORGANISER, contest_id, "E002")
    with pytest.raises(Conflict, match="unit"):
        await people.update_competitor(session, ORGANISER, contest_id, "E002", replace(COMPETITORS[1], unit="TL", team=None))
    assert await counts(session) == before
    await people.update_competitor(session, ORGANISER, contest_id, "E002", replace(COMPETITORS[1], name="李四（更正）"))
    assert (await people.get_competitor(session, contest_id, "E002")).name == "李四（更正）"


NAMES = [
    "欧阳娜娜",
    "😀焊工之星🔥",
    "Zoë O'Brien-Łukasz",
    "Robert'); DROP TABLE competitors;--",
    "%_\\' \" ; -- /* */ OR 1=1",
    "𠀀𪚥 (CJK ext. B)",
]


@pytest.mark.parametrize("name", NAMES)
async def test_names_round_trip_verbatim(session, name):
    contest_id = await welder_contest(session)
    await people.add_unit(session, ORGANISER, contest_id, Unit(code="U'1;--", name=name))
    competitor = Competitor(employee_no="E'9_;", name=name, unit="U'1;--", event="welder")
    await people.add_competitor(session, ORGANISER, contest_id, competitor)
    assert await people.get_competitor(session, contest_id, "E'9_;") == competitor
    assert (await people.get_unit(session, contest_id, "U'1;--")).name == name
    stored = (await session.execute(text("SELECT name FROM competitors WHERE employee_no = :no"), {"no": "E'9_;"})).scalar_one()
    assert stored == name
    # a LIKE wildcard in a key matches only itself
    with pytest.raises(NotFound):
        await people.get_competitor(session, contest_id, "E'9x;")
    assert (await counts(session))["competitors"] == 4


async def test_people_of_one_contest_are_invisible_to_another(session):
    first = await welder_contest(session)
    from contests.usecases.setup.contests import create_contest
    from tests.db.helpers import example

    second = (await create_contest(session, ORGANISER, example("electrician"))).id
    assert await people.list_competitors(session, second) == []
    await people.add_unit(session, ORGANISER, second, UNITS[0])  # same code, other contest
    with pytest.raises(RegistrationError):
        await people.add_competitor(session, ORGANISER, second, COMPETITORS[0])  # welder is not an event there
    assert await session.scalar(select(CompetitorRow.contest_id).where(CompetitorRow.employee_no == "E001")) == first
