"""Reading an uploaded CSV or XLSX file into rows of cells, each with its line number.

Everything that can go wrong with the *file* (wrong encoding, not a workbook, too big) is an
`ImportRejected` whose problem says what to do about it in the organiser's terms. Meaning
of the cells is importing.py's job.

Limits are checked before the heavy work: the byte size first, the unpacked size of an XLSX
(a zip: a small file can unpack to gigabytes), and rows are read lazily and stop one past
the limit, so a hostile file costs little.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import closing
from typing import Literal

from contests.errors import ImportRejected

Kind = Literal["csv", "xlsx"]
Row = tuple[int, list[object]]  # (1-based line number as the organiser sees it, cells)

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 10_000

NOT_UTF8 = "file is not UTF-8 (save as CSV UTF-8)"


def sheet_kind(filename_or_kind: str) -> Kind:
    """'csv' / 'xlsx', or a file name ending in .csv / .xlsx (any case)."""
    name = (filename_or_kind or "").strip().lower()
    for kind in ("csv", "xlsx"):
        if name == kind or name.endswith("." + kind):
            return kind
    if name.endswith(".xls"):
        raise ImportRejected.at("file", "old Excel .xls files are not read: save the sheet as .xlsx or CSV UTF-8")
    raise ImportRejected.at("file", f"unknown file type {filename_or_kind!r}: upload .csv (UTF-8) or .xlsx")


def read_rows(data: bytes, kind: Kind, max_rows: int = MAX_ROWS) -> list[Row]:
    """Non-empty rows of the file (first sheet of a workbook), at most `max_rows`."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ImportRejected.at("file", "the upload must be the file's bytes")
    data = bytes(data)
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected.at("file", f"file is {len(data)} bytes, at most {MAX_FILE_BYTES} allowed")
    if not data.strip():
        raise ImportRejected.at("file", "file is empty")
    out: list[Row] = []
    # closing(): stopping early at the row limit still closes the workbook at once
    with closing(_csv_rows(data) if kind == "csv" else _xlsx_rows(data)) as rows:
        for line, cells in rows:
            if all(_blank(c) for c in cells):
                continue  # blank lines carry no data; skipping them changes nothing
            if len(out) == max_rows:
                raise ImportRejected.at("file", f"file has more than {max_rows} rows; split it into several imports")
            out.append((line, cells))
    return out


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


# ---------------------------------------------------------------- CSV


def _csv_text(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportRejected.at("file", f"{NOT_UTF8}: it is UTF-16 (Excel's 'Unicode text')")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]  # Excel's "CSV UTF-8" writes a BOM
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRejected.at("file", f"{NOT_UTF8}: line {line} holds bytes that are not UTF-8 (GBK?)") from exc


def _csv_rows(data: bytes) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(_csv_text(data), newline=""), strict=True)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportRejected.at(f"line {reader.line_num}", f"not valid CSV: {exc}") from exc
        # a quoted cell may span lines: report the line where the record starts
        yield start, list(cells)
        start = reader.line_num + 1


# ---------------------------------------------------------------- XLSX


def _xlsx_rows(data: bytes) -> Iterator[Row]:
    _check_zip(data)
    import openpyxl  # deferred: only XLSX uploads pay for the import

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl fails in many ways on a damaged file; none may be a 500
        raise ImportRejected.at("file", f"the XLSX file is damaged and cannot be read ({type(exc).__name__})") from exc
    try:
        if not book.worksheets:
            raise ImportRejected.at("file", "the workbook has no worksheet")
        sheet = book.worksheets[0]
        for line, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield line, list(values)
    except ImportRejected:
        raise
    except Exception as exc:
        raise ImportRejected.at("file", f"the XLSX file is damaged and cannot be read ({type(exc).__name__})") from exc
    finally:
        book.close()


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportRejected.at("file", "file is not a valid XLSX workbook (it is not a zip archive); save it from Excel as .xlsx") from exc
    names = {e.filename for e in entries}
    if "xl/workbook.xml" not in names:
        raise ImportRejected.at("file", "file is a zip archive but not an XLSX workbook (no xl/workbook.xml)")
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportRejected.at("file", f"the workbook unpacks to {unpacked} bytes, at most {MAX_UNPACKED_BYTES} allowed")


__all__ = ["MAX_FILE_BYTES", "MAX_ROWS", "MAX_UNPACKED_BYTES", "NOT_UTF8", "Kind", "Row", "read_rows", "sheet_kind"]
