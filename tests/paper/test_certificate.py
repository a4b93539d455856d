"""A certificate page: its text, and its QR code read back from the rasterised page."""

from __future__ import annotations

import datetime as dt
import io

import segno
from PIL import Image
from reportlab.lib.units import mm

from contests.paper.certificate import QR_SIZE, CertificateText, certificates_pdf
from contests.paper.document import LANDSCAPE
from tests.paper import poppler

pytestmark = poppler.needs_poppler
DPI = 100  # a module is 1.1 mm: 4 pixels, and the centre is sampled
URL = "http://192.168.1.10:8000/public/certificates/ZS2026-7K3M9QXA"
CERTIFICATE = CertificateText(
    serial="ZS2026-7K3M9QXA", organiser="国网安徽省电力有限公司工会", contest="2026年职工技能竞赛", event="焊工",
    name="欧阳建国", unit="第一机械厂", award="一等奖", issued_on=dt.date(2026, 12, 1), verify_url=URL,
)  # fmt: skip


def qr_modules(png: bytes, size: int) -> list[list[bool]]:
    """The QR code's modules as drawn: each module's centre pixel sampled (dark = True)."""
    page = Image.open(io.BytesIO(png)).convert("L")
    scale = DPI / 72
    left, top = 25 * mm * scale, (LANDSCAPE[1] - 25 * mm - QR_SIZE) * scale
    cell = QR_SIZE * scale / size
    return [[page.getpixel((int(left + (k + 0.5) * cell), int(top + (r + 0.5) * cell))) < 128 for k in range(size)] for r in range(size)]


def test_certificate_text_and_qr_payload():
    pdf = certificates_pdf([CERTIFICATE, CERTIFICATE])
    assert poppler.page_count(pdf) == 2  # one page per certificate
    text = poppler.text(pdf, page=1)
    assert "获奖证书" in text.replace(" ", "")
    for shown in ("欧阳建国", "第一机械厂", "一等奖", "2026年职工技能竞赛", "焊工", "2026年12月1日", "ZS2026-7K3M9QXA", URL):
        assert shown in text
    expected = [[bool(v) for v in row] for row in segno.make(URL, error="m", micro=False).matrix]
    assert qr_modules(poppler.rasterise(pdf, dpi=DPI)[0], len(expected)) == expected
