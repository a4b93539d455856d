"""The one font of every PDF: ReportLab's built-in CJK CID font STSong-Light (宋体).

A CID font is named in the PDF, not embedded: ReportLab knows its metrics, and every PDF
reader maps it to the reader's own Song face (Adobe's CJK packs, poppler with
fonts-noto-cjk, the viewers of phones). So the server needs no font file at all; only a
machine that rasterises the PDF itself needs a CJK font (see scripts/paper_images.py).
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

FONT = "STSong-Light"
BOLD = FONT  # a CID font has no bold face: headings are set larger instead


@cache
def register() -> str:
    """Register the font with ReportLab once per process; returns its name."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def text_width(text: str, size: float) -> float:
    """Width in points of `text` set at `size` in the font."""
    return pdfmetrics.stringWidth(text, register(), size)


__all__ = ["BOLD", "FONT", "register", "text_width"]
