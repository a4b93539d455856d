"""Every endpoint of a nomination's attachments and 事迹 amendments × every role (issue 13).

Allowed: the exact success status. Denied: 401 for anonymous, 403 for a signed-in role, as
problem+json, and no row written anywhere. In these rounds the employee login (emp1) is the
unit nominator of U01 (whose nomination N001 is) and the reviewer login (rev1) is a member of
the committee: it reads the files and the 事迹's versions, it does not write them.
"""

from __future__ import annotations

import pytest

from contests.attachments.local_disk import LocalDiskStore
from tests.api.honours_support import round_toml
from tests.api.roles import EVERY_ROLE, Call, Case, Ctx, check_case
from tests.attachments import files

pytestmark = pytest.mark.db

WRITERS = ("organiser", "employee")
READERS = ("organiser", "employee", "reviewer")
ROLES = ("anonymous", *EVERY_ROLE)
N = "/honours/{key}/nominations/N001"
_shared: dict[str, str] = {}


def _nominated(ctx: Ctx) -> str:
    """A round of its own with N001 of U01 (nominated by emp1's unit) carrying one file."""
    org = ctx.organiser
    toml = round_toml().replace('code = "c07"', 'code = "rev1"')
    response = ctx.client.post("/honours", content=toml.encode(), headers=org | {"Content-Type": "application/toml"})
    assert response.status_code == 201, response.text
    rid = response.json()["id"]
    person = {"code": f"E{rid}", "name": "职工甲", "unit": "U01", "kind": "individual", "hired": "2010-01-01"}
    nomination = {"title": "advanced-individual", "unit": "U01", "nominee": f"E{rid}", "record": "事迹突出。"}
    for path, body in (("nominators", {"username": "emp1", "unit": "U01"}), ("candidates", {"candidates": [person]}),
                       ("nominations", nomination)):  # fmt: skip
        assert ctx.client.post(f"/honours/{rid}/{path}", json=body, headers=org).status_code == 201
    sent = ctx.client.post(
        f"/honours/{rid}/nominations/N001/files/", files={"file": ("证书.pdf", files.PDF, "application/pdf")}, headers=org
    )
    assert sent.status_code == 201, sent.text
    return str(rid)


def own(ctx: Ctx) -> str:
    """An allowed writer changes a round of its own; reads and refusals share one."""
    return _nominated(ctx) if ctx.role in WRITERS else shared(ctx)


def shared(ctx: Ctx) -> str:
    if "round" not in _shared:
        _shared["round"] = _nominated(ctx)
    return _shared["round"]


def get(path: str) -> Call:
    return lambda c, h, key: c.client.get(path.format(key=key), headers=h)


def upload(method: str, path: str) -> Call:
    return lambda c, h, key: c.client.request(method, path.format(key=key), files={"file": ("表.txt", files.TEXT, "text/plain")}, headers=h)


def _amend(c: Ctx, h: dict[str, str], key: str):
    return c.client.post(N.format(key=key) + "/amendments", json={"record": "补充：获省级技术能手。", "note": "补充获奖情况"}, headers=h)


CASES = [
    Case("POST nominations/{code}/files", WRITERS, 201, upload("POST", N + "/files/"), own),
    Case("PUT nominations/{code}/files/{n}", WRITERS, 201, upload("PUT", N + "/files/1"), own),
    Case("GET nominations/{code}/files", READERS, 200, get(N + "/files"), shared),
    Case("GET nominations/{code}/files/{n}", READERS, 200, get(N + "/files/1"), shared),
    Case("POST nominations/{code}/amendments", WRITERS, 201, _amend, own),
    Case("GET nominations/{code}/records", READERS, 200, get(N + "/records"), shared),
]


@pytest.fixture(scope="module")
def blobs(client, tmp_path_factory):
    client.app.state.attachment_store = LocalDiskStore(tmp_path_factory.mktemp("nomination-files"))
    _shared.clear()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_nomination_files_and_amendments_role_matrix(case: Case, role: str, client, headers, blobs, row_counts):
    check_case(case, Ctx(client, headers["organiser"], 0, role), headers, row_counts)
