"""openpyxl's read-only workbook, with the shared-string table read in one plain pass.

A registration sheet's cells are mostly unique text (工号, 姓名), which an XLSX keeps once each
in its shared-string table. openpyxl builds a `Text` object through its descriptor machinery
for every entry: at 100,000 competitors that was about 45% of reading the whole workbook.
Here each `<si>` becomes its text the way `openpyxl.cell.text.Text.content` gives it: the
plain `<t>`, then the `<t>` of each rich-text run `<r>`, phonetic runs `<rPh>` left out, and
openpyxl's `x005F_` escape removal, so cells read exactly as openpyxl reads them
(tests/test_xlsx_reader.py compares both). Everything else (bounds, the streamed rows) is
openpyxl's and `contests.spreadsheets`'.
"""

from __future__ import annotations

import io
from xml.etree.ElementTree import iterparse

from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
from openpyxl.xml.constants import SHEET_MAIN_NS

_SI = f"{{{SHEET_MAIN_NS}}}si"
_T = f"{{{SHEET_MAIN_NS}}}t"
_R = f"{{{SHEET_MAIN_NS}}}r"


def shared_strings(source) -> list[str]:
    """The text of every `<si>` of a sharedStrings part, in order."""
    strings = []
    for _, node in iterparse(source):
        if node.tag == _SI:
            plain = node.find(_T)
            snippets = [plain.text or ""] if plain is not None else []
            snippets += [t.text or "" for run in node.iterfind(_R) if (t := run.find(_T)) is not None]
            strings.append("".join(snippets).replace("x005F_", ""))
            node.clear()
    return strings


class _Reader(ExcelReader):
    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = shared_strings(source)


def load_read_only(data: bytes):
    """`openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)`, faster on text."""
    reader = _Reader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read()
    return reader.wb


__all__ = ["load_read_only", "shared_strings"]
