"""Provisional standings from the cache (issue 15): an unchanged contest is served from the
cache; every kind of change (a new mark, a correction, a sign-off, a lock, an unlock, an
appeal and its decision, a registration, the unblinding, a record edited in place) moves
the data key read from the database, and the next answer is computed afresh. The cache is
never told about a write: it is a second app worker, learning of changes from the database
only. Also: the columnar load of marks agrees with the current-version rows of the store."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from sqlalchemy import func, select

from contests.people import Competitor, Unit
from contests.store.models import AuditEventRow, DrawAssignmentRow
from contests.usecases.judging.appeals import decide_appeal, file_appeal
from contests.usecases.judging.cells import marks_query
from contests.usecases.judging.loading import load_module_day
from contests.usecases.judging.locks import lock_module, unlock_module
from contests.usecases.judging.marking import submit_marks
from contests.usecases.judging.requests import AppealCorrection, AppealDecision, AppealFiling
from contests.usecases.judging.standings import compute_standings
from contests.usecases.judging.standings_cache import StandingsCache, data_key, served_standings
from contests.usecases.judging.state import current_marks
from contests.usecases.judging.unblinding import unblind_event
from contests.usecases.setup import people as people_uc
from tests.db.helpers import ORGANISER
from tests.db.test_judging_fixtures import CHIEF, WELDER_PANELS, batch, mark_welder_day, sign_and_lock, welder_day

pytestmark = [pytest.mark.db, pytest.mark.anyio]


def _totals(standings) -> dict[str, int]:
    return {r.blind_code: r.total_units for r in standings.rows}


async def test_every_change_moves_the_key_and_unchanged_is_served_from_the_cache(session):
    day = await welder_day(session)
    await mark_welder_day(session, day)
    cache = StandingsCache()

    async def serve(actor=CHIEF):
        return await served_standings(session, actor, day.contest_id, "welder", cache=cache)

    async def after(change):
        key = await data_key(session, day.contest_id)
        await change()
        assert await data_key(session, day.contest_id) != key
        fresh = await serve()
        assert not fresh.cached
        again = await serve()
        assert again.cached and again.standings is fresh.standings and again.body == fresh.body
        return fresh.standings

    first = await serve()
    assert not first.cached and (cache.hits, cache.misses) == (0, 1)
    second = await serve()
    assert second.cached and second.standings is first.standings and (cache.hits, cache.misses) == (1, 1)
    assert not (await serve(ORGANISER)).cached  # each role has its own entry
    assert _totals(first.standings) == _totals(await compute_standings(session, CHIEF, day.contest_id, "welder"))

    w6 = day.code("W6")
    p2 = day.judges["P2"]
    slag = await after(lambda: submit_marks(session, p2, day.contest_id, batch(day, "practical", {"W6": {"slag": 1}})))
    assert _totals(slag)[w6] < _totals(first.standings)[w6]  # a new mark: a veto on W6's visual criterion
    fixed = await after(lambda: submit_marks(session, p2, day.contest_id, batch(day, "practical", {"W6": {"slag": 0}}, reason="看错")))
    assert _totals(fixed) == _totals(first.standings)  # a correction with its reason

    await after(lambda: sign_and_lock(session, day, WELDER_PANELS))  # sign-offs and locks
    await after(lambda: unlock_module(session, CHIEF, day.contest_id, "welder", "practical", "复核"))
    await after(lambda: lock_module(session, CHIEF, day.contest_id, "welder", "practical"))

    filing = AppealFiling(event_id="welder", module_id="practical", blind_code=day.code("W2"), grounds="余高测量有误", appellant="领队")
    appeal = await file_appeal(session, ORGANISER, day.contest_id, filing)
    corrections = [AppealCorrection(judge=f"P{k}", aspect_id="cap_height", value=Decimal("0.9")) for k in range(2, 6)]
    upheld = AppealDecision(decision="upheld", reason="复测余高0.9mm", corrections=corrections)
    appealed = await after(lambda: decide_appeal(session, CHIEF, day.contest_id, appeal.id, upheld))
    assert _totals(appealed)[day.code("W2")] > _totals(fixed)[day.code("W2")]

    late = Competitor(employee_no="W9", name="迟到者", unit="TL", event="welder")
    registered = await after(lambda: people_uc.add_competitor(session, ORGANISER, day.contest_id, late))
    assert registered.after_draw != appealed.after_draw  # the late registration is announced

    unblinded = await after(lambda: unblind_event(session, CHIEF, day.contest_id, "welder"))
    assert registered.blind and not unblinded.blind and all(r.name for r in unblinded.rows)

    unit = unblinded.rows[0].unit
    code = next(u.code for u in await people_uc.list_units(session, day.contest_id) if u.name == unit)
    renamed = await after(lambda: people_uc.update_unit(session, ORGANISER, day.contest_id, code, Unit(code=code, name="改名后的单位")))
    assert "改名后的单位" in {r.unit for r in renamed.rows}  # a record edited in place, not appended


async def test_the_columnar_load_keeps_the_newest_version_of_each_cell(session):
    """Against the store's own current-version query (GROUP BY max(version)), after corrections."""
    day = await welder_day(session)
    await mark_welder_day(session, day)
    for value in ("1.2", "0.4", "2.5"):  # three more versions of one cell, and one of another judge
        await submit_marks(session, day.judges["P3"], day.contest_id, batch(day, "practical", {"W5": {"cap_height": value}}, "复测"))
    await submit_marks(session, day.judges["P4"], day.contest_id, batch(day, "practical", {"W5": {"cap_height": "0.7"}}, "复测"))
    _, module_day = await load_module_day(session, day.contest_id, "welder", "practical")
    rows = await current_marks(session, day.contest_id, "welder", "practical")
    expected = np.full(module_day.marks.shape, np.nan)
    aspects = {a: k for k, a in enumerate(module_day.compiled.aspect_ids)}
    judges = {j.id: k for k, j in enumerate(module_day.judges)}
    for competitor_id, aspect_id, judge_id, value, *_ in rows:
        c = int(module_day.field.positions(np.array([competitor_id]))[0])
        expected[c, aspects[aspect_id], judges[judge_id]] = float(value)
    assert np.array_equal(module_day.marks, expected, equal_nan=True)
    w5 = list(module_day.field.codes).index(day.code("W5"))
    assert module_day.marks[w5, aspects["cap_height"], 2:4].tolist() == [2.5, 0.7]  # P3, P4: their newest versions


async def test_the_ranking_reads_need_no_temporary_tree_and_no_scan_per_competitor(session):
    """The query plans (SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN): the module's marks
    are one index range scan with no GROUP BY (so no temporary B-tree on SQLite), the data key
    reads the audit index only, and asking whether a competitor is in the draw is one index
    lookup (revision 0008; it scanned the contest's assignments per competitor before)."""
    day = await welder_day(session)
    await mark_welder_day(session, day)
    connection = await session.connection()
    sqlite = connection.dialect.name == "sqlite"

    async def plan(query) -> str:
        sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
        rows = (await connection.exec_driver_sql(("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + sql)).all()
        return "\n".join(str(r[-1]) for r in rows)

    marks = await plan(marks_query(day.contest_id, "welder", "practical", ["cap_height", "undercut"], [1, 2]))
    assert "GROUP" not in marks.upper() and "TEMP B-TREE" not in marks and "Aggregate" not in marks
    if sqlite:
        assert "INDEX ix_marks_judge_cells" in marks, marks  # revision 0018: the covering index replaced its prefix
        key = await plan(select(func.count(AuditEventRow.id), func.max(AuditEventRow.id)).where(AuditEventRow.contest_id == 1))
        assert "USING COVERING INDEX ix_audit_events_contest_id_id" in key, key
        probe = await plan(select(DrawAssignmentRow.id).where(DrawAssignmentRow.competitor_id == 1))
        assert "ix_draw_assignments_competitor_id" in probe, probe  # PostgreSQL plans a table this small as a scan anyway
