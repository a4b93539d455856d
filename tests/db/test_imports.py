"""Bulk import through the use-case: Chinese headers, CSV and XLSX, all-or-nothing with
every bad line reported, duplicates against stored rows included."""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from sqlalchemy import select

from contests.errors import ImportRejected
from contests.people import Competitor, Team, Unit
from contests.store.models import AuditEventRow
from contests.usecases.setup import people
from contests.usecases.setup.people import import_registrations
from contests.usecases.setup.views import ImportReport
from tests.db.helpers import ORGANISER, counts, welder_contest

pytestmark = [pytest.mark.db, pytest.mark.anyio]


def csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


async def test_units_teams_and_competitors_import_with_chinese_headers(session):
    contest_id = await welder_contest(session, people=False)
    units = csv("单位代码,单位名称,职工人数", "TL,铜陵供电公司,1200", "HF,合肥检修公司,")
    assert await import_registrations(session, ORGANISER, contest_id, "units", units, "单位.csv") == ImportReport(created=2, kind="units")
    teams = csv("班组代码,班组名称,单位", "TL-1,变电一班,铜陵供电公司", "HF-1,检修一班,HF")
    assert (await import_registrations(session, ORGANISER, contest_id, "teams", teams, "teams.CSV")).created == 2
    sheet = xlsx([
        ["2026年焊工竞赛报名表"],
        ["序号", "工号", "姓名", "单位", "班组/代表队", "赛项"],
        [1, 1001, "张三😀", "TL", "变电一班", "welder"],
        [2, "E'002", "Robert'); DROP TABLE competitors;--", "合肥检修公司", "", "焊工"],
    ])  # fmt: skip
    assert (await import_registrations(session, ORGANISER, contest_id, "competitors", sheet, "报名.xlsx")).created == 2
    assert await people.list_units(session, contest_id) == [
        Unit(code="TL", name="铜陵供电公司", headcount=1200),
        Unit(code="HF", name="合肥检修公司"),
    ]
    assert [t.unit for t in await people.list_teams(session, contest_id)] == ["TL", "HF"]
    assert await people.list_competitors(session, contest_id) == [
        Competitor(employee_no="1001", name="张三😀", unit="TL", team="TL-1", event="welder"),
        Competitor(employee_no="E'002", name="Robert'); DROP TABLE competitors;--", unit="HF", event="welder"),
    ]
    audit = (await session.scalars(select(AuditEventRow).where(AuditEventRow.action.like("%.import")).order_by(AuditEventRow.id))).all()
    assert [(a.action, a.entity_key) for a in audit] == [
        ("unit.import", "单位.csv"),
        ("team.import", "teams.CSV"),
        ("competitor.import", "报名.xlsx"),
    ]


async def test_an_import_with_bad_rows_writes_nothing_and_names_every_line(session):
    contest_id = await welder_contest(session)  # E001–E003 registered
    data = csv(
        "工号,姓名,单位,班组,赛项",
        "E010,赵六,TL,,welder",
        "E001,重复的人,TL,,welder",  # already in the database
        "E011,钱七,XX,,welder",  # unknown unit
        "E012,孙八,TL,,plumber",  # unknown event
        "E010,周九,HF,,welder",  # repeats line 2
    )
    before = await counts(session)
    with pytest.raises(ImportRejected) as err:
        await import_registrations(session, ORGANISER, contest_id, "competitors", data, "c.csv")
    paths = [p.path for p in err.value.problems]
    assert paths == ["line 3.工号", "line 4.单位", "line 5.赛项", "line 6.工号"]
    assert "already registered" in err.value.problems[0].rule
    assert await counts(session) == before


async def test_unit_and_team_duplicates_against_the_database_are_refused(session):
    contest_id = await welder_contest(session)
    before = await counts(session)
    with pytest.raises(ImportRejected, match="already registered"):
        await import_registrations(session, ORGANISER, contest_id, "units", csv("单位代码,单位名称", "NEW,新单位", "TL,铜陵"), "u.csv")
    with pytest.raises(ImportRejected, match="already registered"):
        await import_registrations(session, ORGANISER, contest_id, "teams", csv("班组代码,班组名称,单位", "TL-1,一班,TL"), "t.csv")
    assert await counts(session) == before


@pytest.mark.parametrize(
    ("data", "filename", "match"),
    [
        ("单位代码,单位名称\nTL,铜陵\n".encode("gbk"), "u.csv", "UTF-8"),
        (b"PK\x03\x04 not really a workbook", "u.xlsx", "not a valid XLSX"),
        (b"", "u.csv", "empty"),
        (csv("单位代码,单位名称", "A,甲"), "u.xls", "xls"),
        (csv("单位代码,单位名称", "A,甲"), "u.txt", "unknown file type"),
    ],
)
async def test_unreadable_files_are_refused(session, data, filename, match):
    contest_id = await welder_contest(session, people=False)
    before = await counts(session)
    with pytest.raises(ImportRejected, match=match):
        await import_registrations(session, ORGANISER, contest_id, "units", data, filename)
    assert await counts(session) == before


async def test_an_unknown_kind_is_refused(session):
    contest_id = await welder_contest(session, people=False)
    with pytest.raises(ImportRejected) as err:
        await import_registrations(session, ORGANISER, contest_id, "judges", csv("a,b"), "x.csv")  # type: ignore[arg-type]
    assert err.value.problems[0].path == "kind"


async def test_imported_teams_must_name_a_stored_unit(session):
    contest_id = await welder_contest(session, people=False)
    await people.add_unit(session, ORGANISER, contest_id, Unit(code="TL", name="铜陵"))
    with pytest.raises(ImportRejected, match="unknown unit"):
        await import_registrations(session, ORGANISER, contest_id, "teams", csv("班组代码,班组名称,单位", "A-1,一班,ZZ"), "t.csv")
    assert await people.list_teams(session, contest_id) == []
    await import_registrations(session, ORGANISER, contest_id, "teams", csv("code,name,unit", "A-1,一班,TL"), "t.csv")
    assert await people.list_teams(session, contest_id) == [Team(code="A-1", name="一班", unit="TL")]
