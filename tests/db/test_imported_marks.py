"""The theory exam's marks written in bulk (issue 15, `judging.imported_marks`) are the rows the
tablet's per-batch path writes: the same values, versions, reasons, seat and author, the same
audit events and the same standings, for a first import and for a re-import that supersedes
marks. The per-batch path is run as the results import ran it before (`marking.store_for_seat`
on the sheet's marks, entered by the importing account); its rows are then removed and the
same file imported in bulk on the same state."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest
from sqlalchemy import delete, select

from contests.errors import ImportRejected
from contests.store.models import AuditEventRow, CompetitorRow, JudgeRow, MarkRow
from contests.usecases.core import lookup
from contests.usecases.judging.locks import lock_module
from contests.usecases.judging.marking import store_for_seat, submit_marks
from contests.usecases.judging.provisional import provisional_standings
from contests.usecases.judging.results_import import import_results
from tests.db.helpers import ORGANISER
from tests.db.test_judging_fixtures import CHIEF, WELDER_THEORY, batch, welder_day, welder_practical

pytestmark = [pytest.mark.db, pytest.mark.anyio]

FIRST = dict(WELDER_THEORY)
AGAIN = {no: (v if k % 2 else Decimal(str(v)) + Decimal("1.5")) for k, (no, v) in enumerate(WELDER_THEORY.items())}  # half corrected


def _sheet(marks: dict, reason: str | None = None) -> bytes:
    header = "工号,成绩" + (",更正原因" if reason else "")
    lines = [f"{no},{v}" + (f",{reason}" if reason else "") for no, v in marks.items()]
    return ("\n".join([header, *lines]) + "\n").encode()


async def _rows(session, contest_id: int) -> list[tuple]:
    """The theory marks as the tablet's path leaves them: all but the id and the time."""
    m = MarkRow
    query = (
        select(CompetitorRow.employee_no, m.event_id, m.module_id, m.aspect_id, JudgeRow.code, m.value, m.version, m.reason, m.created_by)
        .join(CompetitorRow, CompetitorRow.id == m.competitor_id)
        .join(JudgeRow, JudgeRow.id == m.judge_id)
        .where(m.contest_id == contest_id, m.module_id == "theory")
    )
    return sorted(tuple(r) for r in (await session.execute(query)).all())


async def _audit(session, contest_id: int, since: int) -> list[tuple]:
    a = AuditEventRow
    query = select(a.actor, a.action, a.entity, a.entity_key, a.before, a.after, a.reason).where(a.contest_id == contest_id, a.id > since)
    return [tuple(r) for r in (await session.execute(query.order_by(a.id))).all() if r.action.startswith(("marks.", "mark."))]


async def _state(session, contest_id: int, since: int) -> tuple:
    standings = await provisional_standings(session, CHIEF, contest_id, "welder")
    return await _rows(session, contest_id), await _audit(session, contest_id, since), msgspec.to_builtins(standings.rows)


async def _per_batch(session, day, marks: dict, reason: str | None) -> None:
    """The results import's path before issue 15: the sheet's marks as one tablet batch of seat T1."""
    contest = await lookup.contest_row(session, day.contest_id)
    seat = await lookup.judge_row(session, day.contest_id, "T1")
    await store_for_seat(
        session, ORGANISER, contest, batch(day, "theory", {no: {"theory_mark": v} for no, v in marks.items()}, reason), seat
    )
    await session.commit()


async def _undo(session, contest_id: int, since_mark: int, since_audit: int) -> None:
    """Remove what the per-batch path wrote, so the bulk import starts from the same state."""
    await session.execute(delete(MarkRow).where(MarkRow.contest_id == contest_id, MarkRow.id > since_mark))
    await session.execute(delete(AuditEventRow).where(AuditEventRow.contest_id == contest_id, AuditEventRow.id > since_audit))
    await session.commit()


async def _newest(session, row) -> int:
    return await session.scalar(select(row.id).order_by(row.id.desc()).limit(1)) or 0


async def test_the_bulk_import_writes_the_rows_audit_and_standings_of_the_per_batch_path(session):
    day = await welder_day(session)
    for judge in ("P1", "P2", "P3", "P4", "P5"):
        await submit_marks(session, day.judges[judge], day.contest_id, batch(day, "practical", welder_practical(judge)))
    for marks, reason, counts in ((FIRST, None, (6, 0, 0)), (AGAIN, "阅卷复核更正", (0, 3, 3))):
        since_mark, since_audit = await _newest(session, MarkRow), await _newest(session, AuditEventRow)
        await _per_batch(session, day, marks, reason)
        before = await _state(session, day.contest_id, since_audit)
        await _undo(session, day.contest_id, since_mark, since_audit)
        report = await import_results(session, ORGANISER, day.contest_id, "welder", "theory", _sheet(marks, reason), "理论.csv")
        assert (report.created, report.corrected, report.unchanged) == counts
        assert await _state(session, day.contest_id, since_audit) == before
    versions: dict[str, list[int]] = {}
    for no, *_, n, _, _ in await _rows(session, day.contest_id):
        versions.setdefault(no, []).append(n)
    assert versions == {no: [1, 2] if k % 2 == 0 else [1] for k, no in enumerate(WELDER_THEORY)}  # a correction is the next version


async def test_a_locked_module_refuses_the_file_once_at_the_module_and_nothing_is_written(session):
    day = await welder_day(session)
    await lock_module(session, CHIEF, day.contest_id, "welder", "theory", force=True, reason="理论考试成绩另行归档")
    with pytest.raises(ImportRejected) as refused:
        await import_results(session, ORGANISER, day.contest_id, "welder", "theory", _sheet(FIRST), "理论.csv")
    assert [p.path for p in refused.value.problems] == ["welder/theory"] and "locked" in refused.value.problems[0].rule
    assert await _rows(session, day.contest_id) == []


async def test_a_reason_past_its_bounds_is_named_at_its_row_and_nothing_is_written(session):
    day = await welder_day(session)
    with pytest.raises(ImportRejected) as refused:
        await import_results(session, ORGANISER, day.contest_id, "welder", "theory", _sheet({"W1": 80, "W2": 70}, "改" * 2001), "理论.csv")
    assert [p.path for p in refused.value.problems] == ["line 2.更正原因", "line 3.更正原因"]
    assert await _rows(session, day.contest_id) == []
