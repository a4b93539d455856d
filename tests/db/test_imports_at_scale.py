"""Imports past the old 10,000-row cap (issue 15, point 2): a file of 12,000 competitors is one
all-or-nothing unit, written in several Core executemany chunks inside one transaction with
one audit event; one bad row near the end refuses the whole file and nothing is written.
Nothing here is timed (tests/benchmarks/imports.py measures 100,000 rows)."""

from __future__ import annotations

import msgspec
import pytest
from sqlalchemy import func, select

from contests.errors import ImportRejected
from contests.importing import parse_registrations
from contests.store.models import AuditEventRow, CompetitorRow
from contests.usecases.setup.people import import_registrations
from tests.db.helpers import ORGANISER, counts, welder_contest

pytestmark = [pytest.mark.db, pytest.mark.anyio]

ROWS = 12_000  # past the old cap of 10,000, and several write chunks


def sheet(rows: int = ROWS, bad_line: int | None = None) -> bytes:
    """工号,姓名,单位,班组,赛项 with `rows` competitors; the header is line 1, so row k is line k + 2.
    At `bad_line` the unit is one the contest does not have."""
    lines = ["工号,姓名,单位,班组,赛项"]
    for k in range(rows):
        unit, team = ("TL", "TL-1") if k % 2 else ("HF", "")
        if k + 2 == bad_line:
            unit = "XX"
        lines.append(f"S{k:05d},选手{k},{unit},{team},welder")
    return ("\n".join(lines) + "\n").encode()


async def test_a_file_of_12000_rows_imports_as_one_unit(session):
    contest_id = await welder_contest(session)  # E001–E003 registered already
    heard: list[tuple[str, int, int | None]] = []
    report = await import_registrations(
        session, ORGANISER, contest_id, "competitors", sheet(), "报名.csv", progress=lambda *p: heard.append(p)
    )
    assert report.created == ROWS
    stored = await session.scalar(select(func.count()).select_from(CompetitorRow).where(CompetitorRow.contest_id == contest_id))
    assert stored == ROWS + 3
    with_team = await session.scalar(
        select(func.count()).select_from(CompetitorRow).where(CompetitorRow.contest_id == contest_id, CompetitorRow.team_id.is_not(None))
    )
    assert with_team == ROWS // 2 + 2  # every odd row, and E001 and E002 from before
    audit = (await session.scalars(select(AuditEventRow).where(AuditEventRow.action == "competitor.import"))).all()
    assert len(audit) == 1
    after = msgspec.json.decode(audit[0].after)
    assert after["created"] == ROWS and len(after["records"]) == ROWS
    assert after["records"][-1] == {
        "employee_no": f"S{ROWS - 1:05d}",
        "name": f"选手{ROWS - 1}",
        "unit": "TL",
        "team": "TL-1",
        "event": "welder",
    }
    # read once, then each chunk written in turn, the last one completing the file
    assert heard[0] == ("read", 0, None)
    writes = [done for stage, done, total in heard[1:] if stage == "write" and total == ROWS]
    assert len(writes) == len(heard) - 1 > 1
    assert writes == sorted(writes) and writes[-1] == ROWS


async def test_a_bad_row_at_line_11999_refuses_the_whole_file(session):
    contest_id = await welder_contest(session)
    before = await counts(session)
    with pytest.raises(ImportRejected) as err:
        await import_registrations(session, ORGANISER, contest_id, "competitors", sheet(bad_line=11_999), "报名.csv")
    problems = [(p.path, p.rule) for p in err.value.problems]
    assert ("line 11999.单位", "unknown unit 'XX'") in problems
    assert {path for path, _ in problems} == {"line 11999.单位", "line 11999.班组"}  # its team is TL's: said too
    assert await counts(session) == before


def test_the_records_come_back_in_chunks_whatever_the_size():
    """The worker's answer: every record once, in order, in chunks of at most `chunk`."""
    packed = parse_registrations("competitors", sheet(4_001), "c.csv", chunk=2_000)
    decoded = [r for c in packed.chunks for r in msgspec.msgpack.decode(c)]
    assert packed.count == 4_001 and [len(msgspec.msgpack.decode(c)) for c in packed.chunks] == [2_000, 2_000, 1]
    assert [r["employee_no"] for r in decoded] == [f"S{k:05d}" for k in range(4_001)]
