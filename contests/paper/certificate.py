"""Certificates (获奖证书): one A4 landscape page per award, with the organiser, the title,
the name, the unit, the award, the date, the serial number and a QR code (segno) of the
public verification address, which is also printed as text for a phone without a camera."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import msgspec
import segno
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from contests.paper.document import LANDSCAPE
from contests.paper.fonts import register
from contests.paper.heading import chinese_date

QR_SIZE = 32 * mm


class CertificateText(msgspec.Struct, frozen=True, kw_only=True):
    serial: str
    organiser: str
    contest: str  # the contest or campaign
    event: str  # the event, or "" for a campaign
    name: str
    unit: str
    award: str
    issued_on: dt.date
    verify_url: str


def certificates_pdf(certificates: Sequence[CertificateText]) -> bytes:
    """One page per certificate, in the given order."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LANDSCAPE, pageCompression=1)
    canvas.setTitle("获奖证书")
    canvas.setCreator("biwu")
    for certificate in certificates:
        _page(canvas, certificate)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _page(canvas: Canvas, c: CertificateText) -> None:
    font, (width, height) = register(), LANDSCAPE
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    canvas.setFont(font, 40)
    canvas.drawCentredString(width / 2, height - 50 * mm, "获 奖 证 书")
    canvas.setFont(font, 18)
    what = f"{c.contest}（{c.event}）" if c.event else c.contest
    lines = [f"{c.name}（{c.unit}）：", f"在{what}中荣获", c.award]
    canvas.drawString(40 * mm, height - 80 * mm, lines[0])
    canvas.drawString(52 * mm, height - 95 * mm, lines[1])
    canvas.setFont(font, 30)
    canvas.drawCentredString(width / 2, height - 118 * mm, lines[2])
    canvas.setFont(font, 14)
    canvas.drawRightString(width - 40 * mm, 48 * mm, "特发此证，以资鼓励。")
    canvas.drawRightString(width - 40 * mm, 38 * mm, c.organiser)
    canvas.drawRightString(width - 40 * mm, 30 * mm, chinese_date(c.issued_on))
    _qr(canvas, c.verify_url, 25 * mm, 25 * mm)
    canvas.setFont(font, 9)
    canvas.drawString(25 * mm + QR_SIZE + 4 * mm, 40 * mm, f"证书编号：{c.serial}")
    canvas.drawString(25 * mm + QR_SIZE + 4 * mm, 34 * mm, "扫码或访问以下地址核验：")
    canvas.drawString(25 * mm + QR_SIZE + 4 * mm, 28 * mm, c.verify_url)


def _qr(canvas: Canvas, payload: str, x: float, y: float) -> None:
    """The QR code drawn as vector squares (sharp at any print size, no image library)."""
    matrix = segno.make(payload, error="m", micro=False).matrix  # with the quiet zone left out
    cell = QR_SIZE / len(matrix)
    canvas.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(matrix):
        for k, dark in enumerate(row):
            if dark:
                canvas.rect(x + k * cell, y + QR_SIZE - (r + 1) * cell, cell, cell, stroke=0, fill=1)


__all__ = ["CertificateText", "certificates_pdf"]
