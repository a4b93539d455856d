"""Statistics for the union's annual report and the export tables, on the RULES.md worked
example (teams A, B, C of the 六赛 preset, one month), checked against counts read off the
example by hand; and the tables' cells are spreadsheet-safe."""

from __future__ import annotations

import csv
import io

import numpy as np
import openpyxl
import pytest

from contests.labour import score_labour
from contests.labour.sheets import Table, to_csv, to_xlsx
from contests.labour.statistics import labour_statistics, statistics_tables
from tests.labour.worked import arrays, one_month


@pytest.fixture(scope="module")
def stats():
    plan, actual, marks, facts = arrays()
    c = one_month()
    result = score_labour(c, plan, actual, marks=marks, facts=facts)
    return labour_statistics(c, result, np.ones((3, 1), dtype=bool), np.array([1, 0, 0]))


def test_participation_counts_teams_and_employees(stats):
    p = stats.participation
    assert (p.units, p.units_took_part, p.participants, p.took_part) == (3, 3, 3, 3)
    assert p.employees == p.employees_took_part == 24 + 31 + 18  # the preset's head counts
    assert (p.without_employees, p.reports_verified) == (0, 3)


def test_indicators_met_are_full_points(stats):
    # A: output +6.2 (met), cost 2 under (met), 98.5% (band 16 < 20), 1 violation, 0 incidents, spirit 4.33
    # B: output −5, cost 3 over, 99.2% (20: met), 0 violations (met), 1 incident, spirit 4.67
    # C: output 75%, cost 5 under (met), 96%, 3 violations, 0 incidents (met), spirit 3
    met = {i.indicator: (i.reported, i.met) for i in stats.indicators}
    assert met == {"output": (3, 1), "cost": (3, 2), "quality": (3, 1), "safety": (3, 1), "discipline": (3, 2), "spirit": (3, 0)}


def test_vetoes_by_kind_and_awards_per_unit(stats):
    assert [(v.veto, v.times, v.participants) for v in stats.vetoes] == [("lost_time_injury", 0, 0), ("attendance", 1, 1)]
    units = {u.unit: u for u in stats.units}
    assert (units["U01"].red_flags, units["U01"].thresholds, units["U01"].titles) == (1, {"优胜班组": 1}, 1)
    assert (units["U02"].red_flags, units["U02"].vetoed, units["U02"].thresholds) == (0, 1, {"优胜班组": 0})


def test_an_unverified_period_counts_nothing():
    plan, actual, marks, facts = arrays()
    c = one_month()
    result = score_labour(c, plan, actual, marks=marks, facts=facts)
    none = labour_statistics(c, result, np.zeros((3, 1), dtype=bool), np.zeros(3, dtype=np.int64))
    assert none.participation.took_part == 0 and none.participation.units_took_part == 0
    assert all(i.reported == 0 and i.rate is None for i in none.indicators)
    assert all(u.red_flags == 0 and u.vetoed == 0 for u in none.units)


def test_tables_have_chinese_headers_and_safe_cells(stats):
    tables = statistics_tables(stats, ["优胜班组"])
    assert [t.sheet for t in tables] == ["参赛情况", "指标完成", "否决事项", "各单位获奖"]
    risky = Table("表", "标题", ["名称", "得分"], [['=HYPERLINK("http://x")', 94.4333], ["-3.5", 1]])
    lines = list(csv.reader(io.StringIO(to_csv(risky).decode("utf-8-sig"))))
    assert lines == [["名称", "得分"], ['\'=HYPERLINK("http://x")', "94.43"], ["-3.5", "1"]]
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx([risky]))).active
    assert sheet["A2"].value == '=HYPERLINK("http://x")' and sheet["A2"].data_type == "s" and sheet["B2"].value == 94.4333
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.paperSize == 9
