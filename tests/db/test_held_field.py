"""The drawn field held by each worker (`held_field`, issue 15) follows every write of the
tables it is read from. Each use-case that writes competitors, units, teams or draw lines
moves the contest's field stamp (database triggers, revision 0020) in its own transaction,
and the held field then equals a fresh read; without a trigger the stamp stays and the
test fails. The cache is never told about a write: it is a second worker's, learning only
from the database."""

from __future__ import annotations

import msgspec
import pytest
from sqlalchemy import text

from contests.people import Competitor, Team, Unit
from contests.store.field_stamps import STAMPED
from contests.usecases.core import lookup
from contests.usecases.judging.event_scoring import last_change, score_event_now, standings_of
from contests.usecases.judging.held_field import field_stamp, held_drawn_field, held_units_and_teams
from contests.usecases.judging.standings import compute_standings
from contests.usecases.judging.state import drawn_field
from contests.usecases.judging.unblinding import unblind_event
from contests.usecases.setup import people as people_uc
from contests.usecases.setup.draws import run_draw
from contests.usecases.setup.people import import_registrations
from tests.db.helpers import ORGANISER
from tests.db.test_judging_fixtures import CHIEF, WELDER_PANELS, mark_welder_day, sign_and_lock, welder_day

pytestmark = [pytest.mark.db, pytest.mark.anyio]


def _seen(field) -> list[tuple]:
    return [(d.competitor_id, d.blind_code, d.station, d.session, d.competitor, d.unit_name) for d in field.assignments]


async def _agree(session, contest_id: int) -> None:
    held = await held_drawn_field(session, contest_id, "welder")
    assert _seen(held) == _seen(await drawn_field(session, contest_id, "welder"))
    units, teams = await held_units_and_teams(session, contest_id)
    assert sorted(units, key=repr) == sorted(await people_uc.list_units(session, contest_id), key=repr)
    assert sorted(teams, key=repr) == sorted(await people_uc.list_teams(session, contest_id), key=repr)


async def test_every_write_of_the_field_moves_the_stamp_and_the_held_field_follows(session):
    day = await welder_day(session)
    cid = day.contest_id
    w1 = await people_uc.get_competitor(session, cid, "W1")
    unit = await people_uc.get_unit(session, cid, w1.unit)
    csv = f"工号,姓名,单位,班组,赛项\nN1,新选手一,{w1.unit},,welder\nN2,新选手二,{w1.unit},,welder\n".encode()
    edits = {
        "add unit": lambda: people_uc.add_unit(session, ORGANISER, cid, Unit(code="ZZ", name="新单位")),
        "rename unit": lambda: people_uc.update_unit(session, ORGANISER, cid, unit.code, Unit(code=unit.code, name="改名单位")),
        "add team": lambda: people_uc.add_team(session, ORGANISER, cid, Team(code="ZZ-1", name="新队", unit="ZZ")),
        "rename team": lambda: people_uc.update_team(session, ORGANISER, cid, "ZZ-1", Team(code="ZZ-1", name="改名队", unit="ZZ")),
        "add competitor": lambda: people_uc.add_competitor(
            session, ORGANISER, cid, Competitor(employee_no="X1", name="新人", unit="ZZ", team="ZZ-1", event="welder")
        ),
        "rename competitor": lambda: people_uc.update_competitor(
            session, ORGANISER, cid, "W1", Competitor(**{**_fields(w1), "name": "张三丰"})
        ),
        "draw again": lambda: run_draw(session, ORGANISER, cid, "welder", seed=7),
        "delete competitor": lambda: people_uc.delete_competitor(session, ORGANISER, cid, "X1"),
        "delete team": lambda: people_uc.delete_team(session, ORGANISER, cid, "ZZ-1"),
        "delete unit": lambda: people_uc.delete_unit(session, ORGANISER, cid, "ZZ"),
        "import competitors": lambda: import_registrations(session, ORGANISER, cid, "competitors", csv, "报名.csv"),
    }
    await _agree(session, cid)
    for name, edit in edits.items():
        before = await field_stamp(session, cid)
        await edit()
        assert await field_stamp(session, cid) != before, name
        await _agree(session, cid)
    held = await held_drawn_field(session, cid, "welder")
    assert any(d.competitor.name == "张三丰" and d.unit_name == "改名单位" for d in held.assignments)


def _fields(record) -> dict:
    return {f: getattr(record, f) for f in record.__struct_fields__}


async def test_every_table_of_the_field_has_its_triggers(session):
    """Insert, update and delete of each table the field is read from: a trigger each."""
    connection = await session.connection()
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'field_stamp_%'"
    else:
        query = "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'field_stamp_%'"
    names = set((await session.execute(text(query))).scalars())
    assert names == {f"field_stamp_{t}_{op}" for t in STAMPED for op in ("insert", "update", "delete")}


async def test_standings_from_the_held_field_are_byte_identical_to_a_fresh_read(session):
    """Blind and unblinded (names, units, teams): the provisional standings read through the
    held field, marks and recusals encode to the very bytes of a ranking read row by row."""
    day = await welder_day(session)
    await mark_welder_day(session, day)

    async def both() -> tuple[bytes, bytes]:
        contest, definition = await lookup.current_contest(session, day.contest_id)
        at = await last_change(session, contest)
        plain = await standings_of(session, await score_event_now(session, contest, definition, "welder"), 0, computed_at=at)
        for _ in range(2):  # the second read is served from what the first one left held
            held = await compute_standings(session, CHIEF, day.contest_id, "welder")
        return msgspec.json.encode(held), msgspec.json.encode(plain)

    held, plain = await both()
    assert held == plain and b'"blind":true' in held
    await sign_and_lock(session, day, WELDER_PANELS)
    await unblind_event(session, CHIEF, day.contest_id, "welder")
    await people_uc.update_competitor(
        session,
        ORGANISER,
        day.contest_id,
        "W2",
        Competitor(**{**_fields(await people_uc.get_competitor(session, day.contest_id, "W2")), "name": "李四光"}),
    )
    held, plain = await both()
    assert held == plain and "李四光".encode() in held
