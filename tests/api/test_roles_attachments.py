"""Every attachment endpoint × every role: the evidence of a submission is read and written
only by those who may read the submission (organiser, its proposer, finance), and by the
reviewers of its panel through the blind code. Same rules as tests/api/test_roles_campaigns.py:
allowed → the exact success status; denied → 401/403 problem+json with no row written."""

from __future__ import annotations

import pytest

from contests.attachments.local_disk import LocalDiskStore
from tests.api.campaigns_support import Flow, score_prizes_json
from tests.api.roles import EVERY_ROLE, Call, Case, Ctx, check_case
from tests.attachments import files

pytestmark = pytest.mark.db

WRITERS = ("organiser", "employee", "finance")  # the proposer while a draft; organiser and finance until publication
READERS = ("organiser", "employee", "finance")
REVIEWER = ("reviewer",)
ROLES = ("anonymous", *EVERY_ROLE)

_FLOW: list[Flow] = []
A = "/campaigns/{cid}/submissions/{key}/attachments"
R = "/campaigns/{cid}/reviews/{key}/attachments"


def _attached_draft(ctx: Ctx) -> str:
    sid = _FLOW[0].draft(ctx.cid)
    _FLOW[0].call(
        "POST", A.format(cid=ctx.cid, key=sid), "employee", files={"file": ("图纸.pdf", files.PDF, "application/pdf")}, expect=201
    )
    return str(sid)


def _attached_under_review(ctx: Ctx) -> str:
    flow, sid = _FLOW[0], int(_attached_draft(ctx))
    flow.act(ctx.cid, sid, "submit", "employee")
    flow.act(ctx.cid, sid, "accept")
    flow.panel(ctx.cid, sid, ["R1", "R3", "R4"])
    flow.act(ctx.cid, sid, "start_review")
    return flow.blind_code(ctx.cid, sid)


def get(path: str) -> Call:
    return lambda c, h, key: c.client.get(path.format(cid=c.cid, key=key), headers=h)


def upload(method: str, path: str) -> Call:
    def call(c: Ctx, h: dict[str, str], key: str):
        sent = {"file": ("测试报告.txt", "检测合格\n".encode(), "text/plain")}
        return c.client.request(method, path.format(cid=c.cid, key=key), files=sent, headers=h)

    return call


CASES = [
    Case("POST submissions/{id}/attachments", WRITERS, 201, upload("POST", A + "/"), _attached_draft),
    Case("PUT submissions/{id}/attachments/{n}", WRITERS, 201, upload("PUT", A + "/1"), _attached_draft),
    Case("GET submissions/{id}/attachments", READERS, 200, get(A), _attached_draft),
    Case("GET submissions/{id}/attachments/{n}", READERS, 200, get(A + "/1"), _attached_draft),
    Case("GET reviews/{code}/attachments", REVIEWER, 200, get(R), _attached_under_review),
    Case("GET reviews/{code}/attachments/{n}", REVIEWER, 200, get(R + "/1"), _attached_under_review),
]


@pytest.fixture(scope="module")
def campaign(client, headers, run, tmp_path_factory) -> int:
    client.app.state.attachment_store = LocalDiskStore(tmp_path_factory.mktemp("attachments"))
    _FLOW[:] = [Flow.signed_in(client, headers, run)]
    return _FLOW[0].campaign(score_prizes_json())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_attachment_role_matrix(case: Case, role: str, client, headers, campaign, row_counts):
    check_case(case, Ctx(client, headers["organiser"], campaign, role), headers, row_counts)
