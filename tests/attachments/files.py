"""Small real files of every type the sniffer knows, built in memory."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import xlsxwriter

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(32) + b"\xff\xd9"
TEXT = "油位传感器试验记录\n第1次：合格\n".encode()
EXE = b"MZ\x90\x00" + bytes(60) + b"This program cannot be run in DOS mode."
ELF = b"\x7fELF\x02\x01\x01" + bytes(57)
SCRIPT = b"#!/bin/sh\nrm -rf /\n"


def xlsx() -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    # a fixed creation time: by default it is now, so two calls a second apart made different
    # bytes, and a test comparing a download with a second xlsx() failed when the clock ticked
    book.set_properties({"created": datetime(2026, 1, 1, tzinfo=UTC)})
    book.add_worksheet().write(0, 0, "效益测算")
    book.close()
    return out.getvalue()


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def docx() -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
