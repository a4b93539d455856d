"""Attachments of submissions over HTTP: stored with their digest, size and sniffed type;
refused past the declared size or type with nothing stored; readable only by those who may
read the submission; replaced by new versions that keep the old ones readable."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from contests.attachments import content_key
from contests.attachments.local_disk import LocalDiskStore
from contests.attachments.s3 import S3Store
from contests.store.models import AuditEventRow, SubmissionFileRow
from tests.api.campaigns_support import Flow, score_prizes_json
from tests.attachments import files
from tests.attachments.s3_server import BUCKET, s3_client, s3_endpoint  # noqa: F401 (fixtures)

pytestmark = pytest.mark.db

SMALL = 20_000  # bytes: the size limit of the test campaign


@pytest.fixture(scope="module")
def flow(client, headers, run) -> Flow:
    return Flow.signed_in(client, headers, run)


@pytest.fixture(scope="module")
def cid(flow: Flow) -> int:
    return flow.campaign(score_prizes_json(attachments={"max_bytes": SMALL}))


@pytest.fixture(params=["local_disk"])
def blobs(request: pytest.FixtureRequest, client, tmp_path: Path):
    """The app's attachment store for this test (local disk unless parametrised to S3)."""
    if request.param == "s3":
        store = S3Store(BUCKET, prefix=f"api-{uuid.uuid4().hex[:8]}", client=request.getfixturevalue("s3_client"))
    else:
        store = LocalDiskStore(tmp_path / "attachments")
    client.app.state.attachment_store = store
    return store


def _path(cid: int, sid: int, tail: str = "") -> str:
    return f"/campaigns/{cid}/submissions/{sid}/attachments{tail}"


def _upload(flow: Flow, cid: int, sid: int, data: bytes, name: str = "图纸.pdf", role: str = "employee", number: int | None = None, **kw):
    method, tail = ("PUT", f"/{number}") if number else ("POST", "/")
    return flow.call(method, _path(cid, sid, tail), role, files={"file": (name, data, "application/octet-stream")}, **kw)


def _files_and_audit(run) -> tuple[int, int]:
    async def count(session):
        rows = await session.scalar(select(func.count()).select_from(SubmissionFileRow))
        audits = await session.scalar(select(func.count()).select_from(AuditEventRow).where(AuditEventRow.action.like("attachment.%")))
        return rows, audits

    return run(count)


@pytest.mark.parametrize("blobs", ["local_disk", "s3"], indirect=True)
def test_an_upload_is_stored_with_its_digest_size_and_sniffed_type(flow: Flow, cid: int, blobs, run):
    sid = flow.draft(cid)
    name = "张三 油位图纸 v2.pdf"
    answer = flow.call("POST", _path(cid, sid), "employee", files={"file": (name, files.PDF, "image/png")}, expect=201).json()
    digest = hashlib.sha256(files.PDF).hexdigest()
    assert answer["sha256"] == digest and answer["size_bytes"] == len(files.PDF)
    assert (answer["kind"], answer["content_type"]) == ("pdf", "application/pdf")  # the bytes, not the client's word
    assert (answer["number"], answer["version"], answer["current"], answer["filename"]) == (1, 1, True, name)
    assert answer["uploaded_by"] == "emp1"
    assert blobs.exists(content_key(digest))
    got = flow.call("GET", _path(cid, sid, "/1"), "employee", expect=200)
    assert got.content == files.PDF and hashlib.sha256(got.content).hexdigest() == digest
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["content-disposition"] == f"attachment; filename=\"__ ____ v2.pdf\"; filename*=UTF-8''{quote(name, safe='')}"
    assert [a["sha256"] for a in flow.call("GET", _path(cid, sid), "finance", expect=200).json()] == [digest]
    audit = flow.call("GET", f"/campaigns/{cid}/audit", expect=200).json()
    assert any(e["action"] == "attachment.add" and e["after"]["sha256"] == digest for e in audit)


@pytest.mark.parametrize("size", [SMALL + 1, 300_000])  # just past the limit; far past it (cut off while streaming)
def test_an_oversized_file_is_refused_with_413_and_nothing_stored(flow: Flow, cid: int, blobs, run, size: int):
    sid = flow.draft(cid)
    before = _files_and_audit(run)
    data = b"a" * size
    answer = _upload(flow, cid, sid, data, "说明.txt", expect=413)
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["errors"][0]["path"] == "file" and f"at most {SMALL} bytes" in answer.json()["errors"][0]["rule"]
    assert _files_and_audit(run) == before
    assert not blobs.exists(content_key(hashlib.sha256(data).hexdigest()))


@pytest.mark.parametrize("data", [files.EXE, files.SCRIPT, b"\x00\x01binary blob"])
def test_a_forbidden_type_is_refused_with_415_and_nothing_stored(flow: Flow, cid: int, blobs, run, data: bytes):
    sid = flow.draft(cid)
    before = _files_and_audit(run)
    answer = flow.call("POST", _path(cid, sid), "employee", files={"file": ("报告.pdf", data, "application/pdf")}, expect=415)
    assert answer.json()["errors"][0]["path"] == "file" and "read from its content" in answer.json()["errors"][0]["rule"]
    assert _files_and_audit(run) == before
    assert not blobs.exists(content_key(hashlib.sha256(data).hexdigest()))


def test_another_employee_cannot_read_or_write_the_files(flow: Flow, cid: int, blobs):
    sid = flow.draft(cid)
    _upload(flow, cid, sid, files.PDF, expect=201)
    for method, tail in (("GET", ""), ("GET", "/1"), ("GET", "/1?version=1")):
        answer = flow.call(method, _path(cid, sid, tail), "employee2", expect=403)
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert "张三" not in answer.text and files.PDF not in answer.content
    _upload(flow, cid, sid, files.TEXT, "x.txt", role="employee2", expect=403)
    flow.call("GET", _path(cid, 2**31 - 1), "employee2", expect=403)  # an unknown id looks the same: ids reveal nothing
    flow.call("GET", _path(cid, sid), "reviewer", expect=403)  # reviewers read by blind code, on their panel only
    flow.call("GET", _path(cid, sid), "anonymous", expect=401)


def test_a_replacement_is_a_new_version_and_the_old_one_stays_readable(flow: Flow, cid: int, blobs):
    sid = flow.draft(cid)
    _upload(flow, cid, sid, files.PDF, "测试报告.pdf", expect=201)
    new = _upload(flow, cid, sid, files.xlsx(), "测试报告（修订）.xlsx", number=1, expect=201).json()
    assert (new["number"], new["version"], new["kind"]) == (1, 2, "xlsx")
    listed = flow.call("GET", _path(cid, sid), "employee", expect=200).json()
    assert [(a["version"], a["current"], a["kind"]) for a in listed] == [(1, False, "pdf"), (2, True, "xlsx")]
    assert flow.call("GET", _path(cid, sid, "/1"), "employee", expect=200).content == files.xlsx()
    old = flow.call("GET", _path(cid, sid, "/1?version=1"), "organiser", expect=200)
    assert old.content == files.PDF and old.headers["content-type"] == "application/pdf"
    flow.call("GET", _path(cid, sid, "/1?version=3"), "employee", expect=404)
    _upload(flow, cid, sid, files.PDF, number=7, expect=404)  # only an existing file is replaced
    audit = flow.call("GET", f"/campaigns/{cid}/audit", expect=200).json()
    assert [
        e["after"]["version"] for e in audit if e["action"] == "attachment.replace" and e["entity_key"].endswith(f"/{sid}/files/1")
    ] == [2]


def test_blind_reviewers_read_the_files_of_their_panel_without_names(flow: Flow, cid: int, blobs):
    sid = flow.draft(cid)
    _upload(flow, cid, sid, files.JPEG, "张三-现场照片.jpg", expect=201)
    flow.act(cid, sid, "submit", "employee")
    flow.act(cid, sid, "accept")
    flow.panel(cid, sid, ["R1", "R3", "R4"])
    code = flow.blind_code(cid, sid)
    listed = flow.client.get(f"/campaigns/{cid}/reviews/{code}/attachments", headers=flow.reviewer["R1"])
    assert listed.status_code == 200, listed.text
    assert [(a["filename"], a["uploaded_by"]) for a in listed.json()] == [("附件1.jpg", None)]
    assert "张三" not in listed.text and "emp1" not in listed.text
    got = flow.client.get(f"/campaigns/{cid}/reviews/{code}/attachments/1", headers=flow.reviewer["R1"])
    assert got.status_code == 200 and got.content == files.JPEG
    assert "张三" not in got.headers["content-disposition"] and quote("附件1.jpg", safe="") in got.headers["content-disposition"]
    assert flow.client.get(f"/campaigns/{cid}/reviews/{code}/attachments", headers=flow.reviewer["R2"]).status_code == 403


def test_the_proposer_attaches_to_a_draft_and_finance_adds_proof_later(flow: Flow, cid: int, blobs):
    sid = flow.draft(cid)
    flow.act(cid, sid, "submit", "employee")
    refused = _upload(flow, cid, sid, files.PDF, expect=409)
    assert "draft" in refused.json()["errors"][0]["rule"]
    proof = _upload(flow, cid, sid, files.xlsx(), "效益核算表.xlsx", role="finance", expect=201).json()
    assert (proof["uploaded_by"], proof["kind"]) == ("fin1", "xlsx")
    flow.call("GET", _path(cid, sid, "/1"), "employee", expect=200)  # the proposer reads the proof on their submission


def test_a_body_that_is_not_one_named_file_is_refused(flow: Flow, cid: int, blobs, run):
    sid = flow.draft(cid)
    before = _files_and_audit(run)
    answer = flow.call("POST", _path(cid, sid), "employee", json={"file": "x"}, expect=415)
    assert answer.json()["errors"][0]["path"] == "Content-Type"
    answer = flow.call("POST", _path(cid, sid), "employee", data={"note": "no file"}, files={"other": ("a.pdf", files.PDF)}, expect=400)
    assert answer.json()["errors"][0]["path"] == "note"
    boundary = "b0undary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="bad\x01name.pdf"\r\n\r\n'.encode()
        + files.PDF
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = flow.as_["employee"] | {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    answer = flow.client.post(_path(cid, sid), content=body, headers=headers)
    assert answer.status_code == 400 and answer.json()["errors"][0]["path"] == "filename", answer.text
    assert _files_and_audit(run) == before
