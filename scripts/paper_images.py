"""Regenerates the README's pictures of paper: a printed results page and a certificate.

    python3 scripts/paper_images.py            # writes docs/images/paper-results.png, paper-certificate.png

The PDFs are the project's own (`contests.paper`), drawn from the welder worked example of
the results tests (tests/results/fixtures.py: twelve welders scored by the engine); the PNGs
are their first pages rasterised by `pdftoppm` (Debian poppler-utils).

The PDFs name ReportLab's CJK CID font without embedding it, so the machine that rasterises
them needs a CJK font of its own (Debian: `apt-get install fonts-noto-cjk`); without one,
pdftoppm draws empty boxes. This script refuses then rather than writing such pictures.
Reading the PDFs (any viewer, `pdftotext`) needs no font.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images"
DPI = 80


def has_cjk_font() -> bool:
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True) if shutil.which("fc-list") else None
    return bool(listed and listed.stdout.strip())


def documents() -> dict[str, bytes]:
    sys.path.insert(0, str(ROOT))
    from contests.paper.certificate import CertificateText, certificates_pdf
    from contests.paper.heading import Notice
    from contests.paper.results_list import results_pdf
    from tests.results.fixtures import load_contest, standings_of, welder_day

    contest = load_contest()
    standings = standings_of(contest, welder_day(contest))
    published = dt.datetime(2026, 11, 30, 8, 5, tzinfo=dt.UTC)
    notice = Notice(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 7), contact="工会办公室 0562-1234567")
    winner = standings.rows[0]
    certificate = CertificateText(
        serial="ZS2026-7K3M9QXA", organiser="示例集团公司工会", contest=standings.contest_name, event=standings.event_name,
        name=winner.name or "", unit=winner.unit or "", award=winner.award or "", issued_on=dt.date(2026, 12, 8),
        verify_url="http://192.168.1.10:8000/public/certificates/ZS2026-7K3M9QXA",
    )  # fmt: skip
    return {
        "paper-results": results_pdf([(standings, published)], organiser="示例集团公司工会", notice=notice),
        "paper-certificate": certificates_pdf([certificate]),
    }


def main() -> int:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: install poppler-utils (apt-get install poppler-utils)", file=sys.stderr)
        return 1
    if not has_cjk_font():
        print(
            "no CJK font on this machine: the pictures would show empty boxes. Install one first: apt-get install fonts-noto-cjk",
            file=sys.stderr,
        )
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, pdf in documents().items():
            source = Path(tmp, f"{name}.pdf")
            source.write_bytes(pdf)
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile", str(source), str(OUT / name)], check=True
            )
            print(f"wrote {OUT / name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
