"""Reading an uploaded CSV or XLSX file into rows of cells, each with its line number.

Everything that can go wrong with the *file* (wrong encoding, not a workbook, too big) is an
`ImportRejected` whose problem says what to do about it in the organiser's terms. Meaning
of the cells is importing.py's job.

Limits (`Limits`, in bytes, rows, columns and cells) are checked before and during the
heavy work, so a hostile file costs little: the byte size first; for an XLSX (a zip: a small
file can unpack to gigabytes) the unpacked sizes in the zip directory, then the sheet's
declared dimension; then rows are streamed (openpyxl read-only) and counted as they come,
stopping at the first row past the limit, the first row wider than the column limit and
the first cell past the cell limit. openpyxl pads a row to the column of its last cell and
fills gaps between rows with empty ones: a 64 KB sheet of far-away cells unpacked to
~450,000 cells. So each row's width is checked before its cells are looked at, and every row,
the filled-in empty ones too, counts against the cell limit.
A limit exceeded is `TooLarge` (413), naming the limit. The time bound is the caller's: the
import use-case parses in a worker process that is stopped at `Limits.seconds`.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import Literal

from contests.errors import ImportRejected

Kind = Literal["csv", "xlsx"]
Row = tuple[int, list[object]]  # (1-based line number as the organiser sees it, cells)

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# data rows below the header: a provincial final registers ~300 competitors, a company-wide
# preliminary (全员练兵) tens of thousands; 100,000 is the scale the service is measured at
MAX_ROWS = 100_000
MAX_COLUMNS = 256  # a registration sheet has 5 to 30 columns; 256 leaves room for notes
MAX_CELLS = 2_000_000  # 100,000 rows × 20 columns
MAX_SECONDS = 120.0  # the largest legal file is read in seconds; a busy machine may take several times longer

NOT_UTF8 = "file is not UTF-8 (save as CSV UTF-8)"


class TooLarge(ImportRejected):
    """A file beyond a limit (bytes, unpacked bytes, rows, columns, cells or time): 413."""


@dataclass(frozen=True)
class Limits:
    """What one uploaded sheet may cost. `rows` counts the data rows below the header;
    the reader lets `head` more rows through for the title and header rows above them."""

    file_bytes: int = MAX_FILE_BYTES
    unpacked_bytes: int = MAX_UNPACKED_BYTES
    rows: int = MAX_ROWS
    columns: int = MAX_COLUMNS
    cells: int = MAX_CELLS
    seconds: float = MAX_SECONDS


LIMITS = Limits()


def sheet_kind(filename_or_kind: str) -> Kind:
    """'csv' / 'xlsx', or a file name ending in .csv / .xlsx (any case)."""
    name = (filename_or_kind or "").strip().lower()
    for kind in ("csv", "xlsx"):
        if name == kind or name.endswith("." + kind):
            return kind
    if name.endswith(".xls"):
        raise ImportRejected.at("file", "old Excel .xls files are not read: save the sheet as .xlsx or CSV UTF-8")
    raise ImportRejected.at("file", f"unknown file type {filename_or_kind!r}: upload .csv (UTF-8) or .xlsx")


def read_rows(data: bytes, kind: Kind, limits: Limits = LIMITS, head: int = 0) -> list[Row]:
    """Non-empty rows of the file (first sheet of a workbook): at most `limits.rows` data
    rows plus `head` rows above them (title and header rows, which the caller finds)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ImportRejected.at("file", "the upload must be the file's bytes")
    data = bytes(data)
    if len(data) > limits.file_bytes:
        raise TooLarge.at("file", f"file is {len(data)} bytes, at most {limits.file_bytes} allowed")
    if not data.strip():
        raise ImportRejected.at("file", "file is empty")
    out: list[Row] = []
    cells_read = 0
    # closing(): stopping early at a limit still closes the workbook at once
    with closing(_csv_rows(data) if kind == "csv" else _xlsx_rows(data, limits)) as rows:
        for line, cells in rows:
            _check_width(line, len(cells), limits)
            cells_read += max(1, len(cells))  # a gap between XLSX rows comes as empty rows: each costs a step
            if cells_read > limits.cells:
                raise TooLarge.at(f"line {line}", f"the sheet has more than {limits.cells} cells; split it into several imports")
            if all(_blank(c) for c in cells):
                continue  # blank lines carry no data; skipping them changes nothing
            if len(out) == limits.rows + head:
                raise too_many_rows(limits)
            out.append((line, cells))
    return out


def too_many_rows(limits: Limits) -> TooLarge:
    return TooLarge.at("file", f"file has more than {limits.rows} rows; split it into several imports")


def _check_width(line: int, width: int, limits: Limits) -> None:
    if width > limits.columns:
        raise TooLarge.at(
            f"line {line}", f"the row has {width} columns, at most {limits.columns} allowed: delete the columns to the right of the data"
        )


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


def _xlsx_rows(data: bytes, limits: Limits) -> Iterator[Row]:
    _check_zip(data, limits)
    from contests.xlsx_reader import load_read_only  # deferred: only XLSX uploads pay for importing openpyxl

    try:
        book = load_read_only(data)  # openpyxl's read-only workbook, its shared strings read in one plain pass
    except Exception as exc:  # openpyxl fails in many ways on a damaged file; none may be a 500
        raise ImportRejected.at("file", f"the XLSX file is damaged and cannot be read ({type(exc).__name__})") from exc
    try:
        if not book.worksheets:
            raise ImportRejected.at("file", "the workbook has no worksheet")
        sheet = book.worksheets[0]
        _check_dimension(sheet, limits)
        sheet.reset_dimensions()  # rows as stored, not padded to the declared size
        for line, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            _check_width(line, len(values), limits)  # before the row's cells are turned into a list
            yield line, list(values)
    except ImportRejected:
        raise
    except Exception as exc:
        raise ImportRejected.at("file", f"the XLSX file is damaged and cannot be read ({type(exc).__name__})") from exc
    finally:
        book.close()


def _check_dimension(sheet, limits: Limits) -> None:
    """The size the sheet declares (its `<dimension ref="A1:E301">`), when it declares one: an
    early, clear refusal. Rows are counted again as they are read, as a dimension may lie."""
    rows, columns = sheet.max_row or 1, sheet.max_column or 1
    if columns > limits.columns:
        raise TooLarge.at("file", f"the sheet declares {columns} columns, at most {limits.columns} allowed")
    if rows * columns > limits.cells:
        raise TooLarge.at("file", f"the sheet declares {rows} rows × {columns} columns, more than {limits.cells} cells")


def _check_zip(data: bytes, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportRejected.at("file", "file is not a valid XLSX workbook (it is not a zip archive); save it from Excel as .xlsx") from exc
    names = {e.filename for e in entries}
    if "xl/workbook.xml" not in names:
        raise ImportRejected.at("file", "file is a zip archive but not an XLSX workbook (no xl/workbook.xml)")
    # the directory's sizes are what the reader will meet: zipfile cuts an entry off at its
    # declared size and its CRC then fails (BadZipFile), so a lying directory cannot slip through
    unpacked = sum(e.file_size for e in entries)
    if unpacked > limits.unpacked_bytes:
        raise TooLarge.at("file", f"the workbook unpacks to {unpacked} bytes, at most {limits.unpacked_bytes} allowed")


__all__ = [
    "LIMITS",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_SECONDS",
    "MAX_UNPACKED_BYTES",
    "NOT_UTF8",
    "Kind",
    "Limits",
    "Row",
    "TooLarge",
    "read_rows",
    "sheet_kind",
    "too_many_rows",
]
