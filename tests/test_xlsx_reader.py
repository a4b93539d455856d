"""contests.xlsx_reader reads the shared strings the way openpyxl does, faster: the same text
for plain, rich-text, phonetic, empty, spaced and escaped entries, and the same cells for a
whole workbook."""

from __future__ import annotations

import io

import openpyxl
import xlsxwriter
from openpyxl.reader.strings import read_string_table

from contests.xlsx_reader import load_read_only, shared_strings

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TABLE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="{NS}" count="9" uniqueCount="9">
<si><t>工号</t></si>
<si><t xml:space="preserve">  前后有空格 </t></si>
<si><t/></si>
<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve">三 </t></r></si>
<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>
<si><r><t>a</t></r><rPh sb="0" eb="1"><t>ア</t></rPh><r><t>b</t></r></si>
<si><t>_x005F_x000D_ kept escaped</t></si>
<si><t>Robert'); DROP TABLE competitors;--😀</t></si>
<si><t>line
break</t></si>
</sst>""".encode()


def test_the_shared_strings_read_as_openpyxl_reads_them():
    ours = shared_strings(io.BytesIO(TABLE))
    assert ours == read_string_table(io.BytesIO(TABLE))
    assert ours[3] == "张三 " and ours[4] == "東京" and ours[5] == "ab"


def test_a_workbook_reads_cell_for_cell_as_with_openpyxl():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, ["工号", "姓名", "单位", "赛项"])
    sheet.write_row(1, 0, [1001, " 张三", "TL", "welder"])
    sheet.write_rich_string(2, 1, bold, "李", "四")
    sheet.write_row(3, 0, ["E'002", "=1+1 as text", None, "焊工"])
    book.close()
    data = buffer.getvalue()
    theirs = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    ours = load_read_only(data)
    try:
        assert list(ours.worksheets[0].iter_rows(values_only=True)) == list(theirs.worksheets[0].iter_rows(values_only=True))
    finally:
        ours.close()
        theirs.close()
