"""The public results page in a real browser: the service runs as `biwu serve` (uvicorn) on
127.0.0.1 with a published contest, and headless Chromium (Debian's /usr/bin/chromium, no
browser download) loads the page at a phone's width. The DOM it builds shows the award list
in Chinese with the winners' names, the English page works, and the page prints to PDF.

Skipped with a reason when Chromium is not installed (`apt-get install -y
--no-install-recommends chromium`); .ci/run installs it and sets BIWU_REQUIRE_BROWSER=1,
which turns that skip into a failure so CI never passes without running it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from api.app import create_app
from contests.store import upgrade
from tests.api.conftest import PASSWORD, SECRET, run_on
from tests.api.test_judging_fixtures import close_and_publish, log_in, mark_welder, set_up_day
from tests.factories.logins import add_logins
from tests.servers import free_port, served

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("BIWU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=390,844",  # a phone
)


def _chromium() -> str:
    found = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if found is None:
        reason = f"Chromium not found at {CHROMIUM}: apt-get install -y --no-install-recommends chromium"
        if os.environ.get("BIWU_REQUIRE_BROWSER"):
            pytest.fail(f"BIWU_REQUIRE_BROWSER is set but {reason}")
        pytest.skip(reason)
    return found


@pytest.fixture(scope="module")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, str]]:
    """(base URL, contest id, chromium): a real server process on loopback with the welder event published."""
    chromium = _chromium()  # skip before any set-up when there is no browser
    where = tmp_path_factory.mktemp("browser")
    url = f"sqlite+aiosqlite:///{where / 'biwu.db'}"
    upgrade(url)
    run_on(url, lambda session: add_logins(session, {"org": "organiser", "chief": "chief_judge"}))
    with TestClient(create_app(url, secret=SECRET)) as client:
        organiser, chief = log_in(client, "org", PASSWORD.format("org")), log_in(client, "chief", PASSWORD.format("chief"))
        day = set_up_day(client, lambda work: run_on(url, work), organiser, chief)
        mark_welder(day)
        close_and_publish(day, "welder")
    port = free_port()
    env = os.environ | {"BIWU_SECRET": SECRET}
    command = [sys.executable, "-c", "from api.cli import main; main()", "serve", "--host", "127.0.0.1", "--port", str(port), "--db", url]
    with served(command, env, where, port) as base:
        yield base, day.cid, chromium


def _browse(chromium: str, url: str, tmp_path: Path, *extra: str) -> str:
    profile = tmp_path / "profile"
    result = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url], capture_output=True, timeout=90, check=False
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    return result.stdout.decode("utf-8")


def test_the_results_page_shows_the_award_list_in_chinese(published_site, tmp_path):
    base, cid, chromium = published_site
    dom = _browse(chromium, f"{base}/public/contests/{cid}", tmp_path, "--dump-dom")
    assert '<html lang="zh-CN">' in dom
    assert "获奖名单" in dom and "成绩排名" in dom
    tiers = dict(re.findall(r'<div class="tier">\s*<h4>([^<]+)</h4>(.*?)</div>', dom, re.S))
    assert "张三" in tiers["一等奖"] and "铜陵供电公司" in tiers["一等奖"]
    assert all(name in tiers["二等奖"] for name in ("李四", "周八", "孙七"))
    assert "技术能手" in tiers
    assert "2026年职工焊工、电工技能竞赛" in dom


def test_the_english_page_and_printing(published_site, tmp_path):
    base, cid, chromium = published_site
    dom = _browse(chromium, f"{base}/public/contests/{cid}?lang=en", tmp_path, "--dump-dom")
    assert '<html lang="en">' in dom and "First prize" in dom and "Award list" in dom and "张三" in dom
    pdf = tmp_path / "results.pdf"
    _browse(chromium, f"{base}/public/contests/{cid}", tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_nothing_published_is_a_friendly_page(published_site, tmp_path):
    base, _, chromium = published_site
    dom = _browse(chromium, f"{base}/public/contests/2147483647", tmp_path, "--dump-dom")
    assert "成绩尚未公布" in dom
