"""Amending a nomination's 事迹 and attaching files, through the use-cases (issue 13): an
amendment is version n+1 with its note, the earlier text kept, audited in the same
transaction; files are versions on the shared attachment store; both are refused, writing
nothing, once the committee's vote on the title opened (`vote_opened`), for a withdrawn
nomination, for another unit's nominator, and a committee member reads but does not write."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from contests.attachments import AttachmentRefused, Spool
from contests.attachments.local_disk import LocalDiskStore
from contests.store.honours import HonoursNominationVersionRow
from contests.store.honours_files import HonoursNominationFileRow
from contests.store.models import AuditEventRow
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.honours import amendments, attachments, nominations, votes
from contests.usecases.honours.amendments import AmendmentBody
from contests.usecases.honours.views import SittingBody
from tests.attachments import files
from tests.db.honours_helpers import MEMBER, NOMINATOR, ORG, draft, set_up

pytestmark = [pytest.mark.db, pytest.mark.anyio]
TITLE = "advanced-individual"


async def count(session, model) -> int:
    return await session.scalar(select(func.count()).select_from(model))


def received(data: bytes):
    spool = Spool(1024 * 1024)
    spool.write(data)
    return spool.finish()


async def nominated(session) -> int:
    rid = await set_up(session)
    await nominations.nominate(session, NOMINATOR["U1"], rid, draft("E1"))
    return rid


async def test_an_amendment_is_a_new_version_with_its_note_and_the_old_text_kept(session):
    rid = await nominated(session)
    audits = await count(session, AuditEventRow)
    view = await amendments.amend_record(
        session, NOMINATOR["U1"], rid, "N001", AmendmentBody(record="新事迹：获省技术能手。", note="补充获奖")
    )
    assert (view.version, view.record) == (2, "新事迹：获省技术能手。")
    history = await amendments.record_history(session, MEMBER["mem3"], rid, "N001")  # a committee member reads it
    assert [(h.version, h.current, h.note) for h in history] == [(1, False, None), (2, True, "补充获奖")]
    assert history[0].record == "E1爱岗敬业，事迹突出。"
    entry = (await session.scalars(select(AuditEventRow).order_by(AuditEventRow.id.desc()).limit(1))).one()
    assert (entry.action, entry.reason) == ("honours.nomination.amend", "补充获奖")
    assert await count(session, AuditEventRow) == audits + 1
    assert (await nominations.list_nominations(session, ORG, rid))[0].record == "新事迹：获省技术能手。"  # what the committee will see


async def test_an_amendment_is_refused_naming_the_rule_and_writes_nothing(session):
    rid = await nominated(session)
    body = AmendmentBody(record="改过的事迹。", note="更正")
    same = AmendmentBody(record="E1爱岗敬业，事迹突出。", note="无改动")
    with pytest.raises(Conflict, match="unchanged"):
        await amendments.amend_record(session, NOMINATOR["U1"], rid, "N001", same)
    with pytest.raises(NotFound):  # another unit's nomination is not found
        await amendments.amend_record(session, NOMINATOR["U2"], rid, "N001", body)
    with pytest.raises(Forbidden):
        await amendments.amend_record(session, MEMBER["mem3"], rid, "N001", body)
    await votes.open_sitting(session, ORG, rid, TITLE, SittingBody(present=["mem1", "mem2", "mem3"]))
    before = (await count(session, HonoursNominationVersionRow), await count(session, AuditEventRow))
    with pytest.raises(Conflict, match="vote_opened") as refused:
        await amendments.amend_record(session, ORG, rid, "N001", body)
    assert refused.value.problems[0].path == "nomination"
    assert (await count(session, HonoursNominationVersionRow), await count(session, AuditEventRow)) == before


async def test_a_withdrawn_nomination_is_not_amended(session):
    rid = await nominated(session)
    await nominations.withdraw(session, NOMINATOR["U1"], rid, "N001", None)
    with pytest.raises(Conflict, match="withdrawn"):
        await amendments.amend_record(session, NOMINATOR["U1"], rid, "N001", AmendmentBody(record="改。", note="改"))


async def test_files_are_versions_read_by_the_committee_and_closed_by_the_vote(session, tmp_path):
    rid = await nominated(session)
    blobs = LocalDiskStore(tmp_path)
    first = await attachments.add_file(session, NOMINATOR["U1"], rid, "N001", received(files.PDF), "荣誉证书.pdf", blobs)
    again = await attachments.add_file(session, ORG, rid, "N001", received(files.PNG), "证书.png", blobs, number=1)
    assert (first.number, first.version, first.kind, again.version, again.kind) == (1, 1, "pdf", 2, "png")
    listed = await attachments.list_files(session, MEMBER["mem1"], rid, "N001")
    assert [(f.number, f.version, f.current) for f in listed] == [(1, 1, False), (1, 2, True)]
    readable = await attachments.read_file(session, MEMBER["mem1"], rid, "N001", 1, version=1)
    assert blobs.open(readable.key).read() == files.PDF
    with pytest.raises(AttachmentRefused) as refused:  # a program is refused before anything is stored
        await attachments.add_file(session, NOMINATOR["U1"], rid, "N001", received(files.EXE), "a.pdf", blobs)
    assert refused.value.status == 415
    with pytest.raises(NotFound):
        await attachments.list_files(session, NOMINATOR["U2"], rid, "N001")
    await votes.open_sitting(session, ORG, rid, TITLE, SittingBody(present=["mem1", "mem2", "mem3"]))
    with pytest.raises(Conflict, match="vote_opened"):
        await attachments.upload_rules(session, NOMINATOR["U1"], rid, "N001")
    with pytest.raises(Conflict, match="vote_opened"):
        await attachments.add_file(session, ORG, rid, "N001", received(files.TEXT), "说明.txt", blobs)
    assert await count(session, HonoursNominationFileRow) == 2
