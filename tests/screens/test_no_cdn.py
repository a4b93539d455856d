"""A venue LAN has no internet: nothing the package serves may name a CDN, not even as a
default inside a vendored bundle (Scalar's `cdn` option defaulted to jsDelivr)."""

from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "api"
CDN_HOSTS = ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "fonts.googleapis.com", "cdn.")
SERVED = sorted(p for p in STATIC.rglob("*") if p.suffix in {".js", ".css", ".html"} and p.is_file())


@pytest.mark.parametrize("path", SERVED, ids=lambda p: str(p.relative_to(STATIC)))
def test_no_served_file_names_a_cdn(path: Path):
    text = path.read_text(encoding="utf-8", errors="replace")
    assert [host for host in CDN_HOSTS if f"//{host}" in text] == []
