"""A printed document: A4, portrait or landscape by the width of its table, a title block,
the table, the 公示 and signature lines, and "第 1 页 共 3 页" on every page.

The page total is only known once every page is laid out, so the canvas keeps each page's
state and writes the footers when the document is saved (ReportLab's two-pass recipe).
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from contests.paper.fonts import register
from contests.paper.heading import Heading, notice_line, source_line
from contests.paper.table import PrintTable, flowable, natural_width

MARGIN = 15 * mm
PORTRAIT = A4
LANDSCAPE = landscape(A4)


PORTRAIT_MIN_SIZE = 8.5  # a notice board is read standing: shrink this far before turning the page


def fits_portrait(table: PrintTable) -> bool:
    return natural_width(table, PORTRAIT_MIN_SIZE) <= PORTRAIT[0] - 2 * MARGIN


def orientation(table: PrintTable) -> tuple[float, float]:
    """Portrait when the table fits its width at PORTRAIT_MIN_SIZE or more, landscape otherwise."""
    return PORTRAIT if fits_portrait(table) else LANDSCAPE


class _NumberedCanvas(Canvas):
    """Writes "第 n 页 共 N 页" at the foot of every page once N is known."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(register(), 9)
            self.drawCentredString(self._pagesize[0] / 2, MARGIN / 2, f"第 {number} 页 共 {total} 页")
            super().showPage()
        super().save()


def style(size: float, *, leading: float | None = None, alignment: int = 0) -> ParagraphStyle:
    return ParagraphStyle(
        f"biwu-{size}-{alignment}", fontName=register(), fontSize=size, leading=leading or size * 1.4, alignment=alignment
    )


def title_block(heading: Heading) -> list[Flowable]:
    blocks: list[Flowable] = [Paragraph(_escape(heading.title), style(16, alignment=1))]
    if heading.subtitle:
        blocks.append(Paragraph(_escape(heading.subtitle), style(12, alignment=1)))
    blocks += [Spacer(1, 2 * mm), Paragraph(_escape(source_line(heading)), style(9, alignment=1)), Spacer(1, 4 * mm)]
    return blocks


def closing_block(heading: Heading, width: float, *, notice: bool = True) -> list[Flowable]:
    """The 公示 line and one signature line per signer (签字 and 日期 to fill in)."""
    blocks: list[Flowable] = [Spacer(1, 5 * mm)]
    if notice:
        blocks.append(Paragraph(_escape(notice_line(heading.notice)), style(10)))
    if heading.signers:
        cells = [[f"{who}（签字）：", "", "日期：", ""] for who in heading.signers]
        sign = Table(cells, colWidths=[32 * mm, 60 * mm, 15 * mm, 40 * mm], rowHeights=10 * mm, hAlign="LEFT")
        sign.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), register(), 10), ("LINEBELOW", (1, 0), (1, -1), 0.5, "black"),
                                  ("LINEBELOW", (3, 0), (3, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))  # fmt: skip
        blocks += [Spacer(1, 4 * mm), sign]
    return blocks


def render(story: list[Flowable], pagesize: tuple[float, float], title: str) -> bytes:
    """The PDF bytes of `story` on A4 pages of `pagesize` with numbered footers."""
    register()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN, title=title,
        author="biwu", creator="biwu",
    )  # fmt: skip
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def printed_list(heading: Heading, table: PrintTable, *, notice: bool = True, before: list[Flowable] = ()) -> bytes:
    """The common shape: title block, the table, 公示 and signatures."""
    pagesize = orientation(table)
    width = pagesize[0] - 2 * MARGIN
    story = [*title_block(heading), *before, flowable(table, width), *closing_block(heading, width, notice=notice)]
    return render(story, pagesize, heading.title)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = [
    "LANDSCAPE",
    "MARGIN",
    "PORTRAIT",
    "closing_block",
    "fits_portrait",
    "orientation",
    "printed_list",
    "render",
    "style",
    "title_block",
]
