"""Reading PDFs back the way the issue asks: text by `pdftotext`, pages by `pdfinfo`, images by
`pdftoppm` (Debian poppler-utils)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext, pdftoppm) not installed")


def text(pdf: bytes, *, page: int | None = None, layout: bool = True) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    run = subprocess.run(["pdftotext", *(["-layout"] if layout else []), *pages, "-", "-"], input=pdf, capture_output=True, check=True)
    return run.stdout.decode("utf-8")


def page_count(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_size(pdf: bytes) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    w, h = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups()
    return float(w), float(h)


def rasterise(pdf: bytes, *, dpi: int = 30) -> list[bytes]:
    """Every page as PNG at a low resolution (enough to prove the file renders)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "doc.pdf")
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(Path(tmp, "page"))], capture_output=True, check=True)
        return [p.read_bytes() for p in sorted(Path(tmp).glob("page-*.png"))]


def footers(pdf: bytes) -> list[tuple[int, int]]:
    """The ("第 n 页 共 N 页") footers in page order (pdftotext drops the spaces)."""
    return [(int(n), int(total)) for n, total in re.findall(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页", text(pdf, layout=False))]


def lines(pdf: bytes) -> list[str]:
    return text(pdf).splitlines()
