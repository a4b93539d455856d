"""Roles of the import jobs (issue 15 item 2), in the role matrix of tests/api/roles.py: the
organiser starts a registrations job, the organiser and the chief judge a results (theory
marks) job and read a job; everyone else gets 401/403 with no row written."""

from __future__ import annotations

import pytest
from httpx import Response

from tests.api.import_job_support import finished
from tests.api.roles import EVERY_ROLE, SETUP, STAFF, Case, Ctx, check_case
from tests.api.test_roles_results_import import SHEET, drawn_contest  # noqa: F401  (the contest fixture)

pytestmark = pytest.mark.db


def _registrations(c: Ctx, h: dict[str, str], key: str) -> Response:
    sheet = f"工号,姓名,单位,赛项\n{c.key('J')},丁选手,RU,welder\n".encode()
    files = {"file": ("名单.csv", sheet, "text/csv")}
    return _ended(c, c.client.post(f"/contests/{c.cid}/import-jobs?kind=competitors", files=files, headers=h))


def _results(c: Ctx, h: dict[str, str], key: str) -> Response:
    files = {"file": ("理论成绩.csv", SHEET, "text/csv")}
    return _ended(c, c.client.post(f"/contests/{c.cid}/events/welder/modules/theory/results/import-jobs", files=files, headers=h))


def _ended(c: Ctx, started: Response) -> Response:
    """An accepted job is waited for, so it writes nothing while the next case counts rows."""
    if started.status_code == 202:
        assert finished(c.client, started.headers["location"], c.organiser)["state"] == "done"
    return started


_jobs: dict[int, str] = {}  # contest → its finished job: made once, read by every role


def _a_job(c: Ctx) -> str:
    """A finished job of the contest (a unit imported), so the reads change nothing meanwhile."""
    if c.cid in _jobs:
        return _jobs[c.cid]
    sheet = f"代码,名称\n{c.key('JU')},导入单位\n".encode()
    started = c.client.post(
        f"/contests/{c.cid}/import-jobs?kind=units", files={"file": ("单位.csv", sheet, "text/csv")}, headers=c.organiser
    )
    assert started.status_code == 202, started.text
    assert finished(c.client, started.headers["location"], c.organiser)["state"] == "done"
    _jobs[c.cid] = started.json()["id"]
    return _jobs[c.cid]


def _read(c: Ctx, h: dict[str, str], key: str) -> Response:
    return c.client.get(f"/contests/{c.cid}/import-jobs/{key}", headers=h)


CASES = [
    Case("POST import-jobs", SETUP, 202, _registrations),
    Case("POST results import-jobs", STAFF, 202, _results),
    Case("GET import-jobs/{id}", STAFF, 200, _read, _a_job),
]


@pytest.mark.parametrize("role", ("anonymous", *EVERY_ROLE))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_role_matrix(case: Case, role: str, client, headers, drawn_contest, row_counts):  # noqa: F811
    check_case(case, Ctx(client, headers["organiser"], drawn_contest, role), headers, row_counts)
