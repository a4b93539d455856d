"""Import jobs over HTTP (issue 15, point 2): a file is accepted at once (202 and the job's
`Location`), runs after the answer, and its job ends with the synchronous import's answer;
a refused file ends `refused` with the row report and writes nothing; the theory exam's
marks run the same way. Nothing is timed (tests/benchmarks/uploads.py measures 100,000 rows)."""

from __future__ import annotations

import pytest

from tests.api.conftest import USERNAMES
from tests.api.import_job_support import finished
from tests.api.test_roles_results_import import drawn_contest  # noqa: F401  (the contest fixture)

pytestmark = pytest.mark.db


def _sheet(rows: int, start: int = 0, bad_line: int | None = None) -> bytes:
    lines = ["工号,姓名,单位,赛项"] + [
        f"Q{k:05d},选手{k},{'XX' if k - start + 2 == bad_line else 'RU'},welder" for k in range(start, start + rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def _start(client, cid: int, body: bytes, org: dict[str, str]):
    return client.post(f"/contests/{cid}/import-jobs?kind=competitors", files={"file": ("名单.csv", body, "text/csv")}, headers=org)


def _competitors(client, cid: int, org: dict[str, str]) -> int:
    return int(client.get(f"/contests/{cid}/competitors?limit=1", headers=org).headers["x-total-count"])


def test_a_job_is_accepted_runs_and_ends_with_the_report(client, headers, drawn_contest):  # noqa: F811
    org, before = headers["organiser"], _competitors(client, drawn_contest, headers["organiser"])
    started = _start(client, drawn_contest, _sheet(1200), org)
    assert started.status_code == 202, started.text
    job = started.json()
    assert started.headers["location"] == f"/contests/{drawn_contest}/import-jobs/{job['id']}"
    assert (job["state"], job["phase"], job["rows_read"], job["rows_written"], job["status"]) == ("queued", "queued", 0, 0, None)
    done = finished(client, started.headers["location"], headers["chief_judge"])  # any staff login may follow it
    assert (done["state"], done["phase"], done["rows_read"], done["rows_written"], done["status"]) == ("done", "finished", 1200, 1200, 200)
    report = done["report"]
    assert (report["created"], report["kind"], done["errors"]) == (1200, "competitors", [])
    # the event is drawn already: the same warning the synchronous import answers
    assert [len(w["competitors"]) for w in report["after_draw"]] == [1200] and report["after_draw"][0]["event_id"] == "welder"
    assert done["created_by"] == USERNAMES["organiser"] and done["finished_at"] is not None
    assert _competitors(client, drawn_contest, org) == before + 1200


def test_a_refused_file_ends_refused_with_the_row_report_and_writes_nothing(client, headers, drawn_contest, row_counts):  # noqa: F811
    org, before = headers["organiser"], row_counts()
    started = _start(client, drawn_contest, _sheet(1200, start=5000, bad_line=1150), org)
    assert started.status_code == 202, started.text
    job = finished(client, started.headers["location"], org)
    assert (job["state"], job["status"], job["rows_written"], job["report"]) == ("refused", 409, 0, None)
    assert job["errors"] == [{"path": "line 1150.单位", "rule": job["errors"][0]["rule"]}] and "XX" in job["errors"][0]["rule"]
    after = row_counts()
    assert after.pop("import_jobs") == before.pop("import_jobs") + 1 and after == before  # the job's own row, nothing else


def test_the_synchronous_refusal_and_the_job_name_the_same_rows(client, headers, drawn_contest):  # noqa: F811
    org, body = headers["organiser"], _sheet(3, start=9000, bad_line=3)
    sync = client.post(f"/contests/{drawn_contest}/competitors/import", files={"file": ("名单.csv", body, "text/csv")}, headers=org)
    job = finished(client, _start(client, drawn_contest, body, org).headers["location"], org)
    assert sync.status_code == job["status"] == 409 and sync.json()["errors"] == job["errors"]


def test_a_job_of_another_contest_or_an_unknown_id_is_404(client, headers, drawn_contest):  # noqa: F811
    org = headers["organiser"]
    started = _start(client, drawn_contest, _sheet(1, start=9500), org)
    finished(client, started.headers["location"], org)
    assert client.get(f"/contests/{drawn_contest + 999}/import-jobs/{started.json()['id']}", headers=org).status_code == 404
    missing = client.get(f"/contests/{drawn_contest}/import-jobs/nope", headers=org)
    assert missing.status_code == 404 and missing.json()["errors"][0]["path"] == "job_id"


def test_theory_marks_run_as_a_job_with_the_results_report(client, headers, drawn_contest):  # noqa: F811
    sheet = "工号,成绩\nR1,71\nR2,72\n".encode()
    url = f"/contests/{drawn_contest}/events/welder/modules/theory/results/import-jobs"
    started = client.post(url, files={"file": ("理论成绩.csv", sheet, "text/csv")}, headers=headers["chief_judge"])
    assert started.status_code == 202, started.text
    job = finished(client, started.headers["location"], headers["organiser"])
    assert (job["kind"], job["state"], job["rows_read"], job["rows_written"]) == ("theory_marks", "done", 2, 2)
    report = job["report"]
    assert (report["judge"], report["key"], report["rows"], report["created"] + report["corrected"]) == ("J1", "employee_no", 2, 2)
    bad = client.post(url, files={"file": ("理论成绩.csv", "工号,成绩\nR1,101\n".encode(), "text/csv")}, headers=headers["organiser"])
    refused = finished(client, bad.headers["location"], headers["organiser"])
    assert (refused["state"], refused["status"], [e["path"] for e in refused["errors"]]) == ("refused", 409, ["line 2.成绩"])
