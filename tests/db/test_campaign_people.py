"""People of a campaign on the database (SQLite and PostgreSQL alike, issue 11 item 5): the
employee register ties a login to one employee, a draft names registered people only, every
co-proposer confirms their share before the draft can be submitted (409 in plain Chinese
until then), and co-proposers read the submission they are named on, but do not edit it."""

from __future__ import annotations

import msgspec
import pytest
from sqlalchemy import func, select

from contests.accounts import Actor
from contests.campaigns.errors import SubmissionError, TransitionForbidden
from contests.campaigns.submission import Proposer
from contests.store.models import AuditEventRow
from contests.usecases.campaigns import people, submissions
from contests.usecases.campaigns.views import EmployeeBody, ShareConfirmationBody, TransitionRequest
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import Conflict, NotFound
from tests.db.test_campaign_usecases import EMP, EMP2, ORG, campaign, draft
from tests.factories.logins import add_logins

pytestmark = [pytest.mark.db, pytest.mark.anyio]

LI = Actor("emp3", "employee")  # 李四's own login (E2)
PAIR = [Proposer(employee_no="E1", name="张三", share_bp=6000), Proposer(employee_no="E2", name="李四", share_bp=4000)]


async def _with_li(session) -> int:
    """A campaign whose register ties emp3 to 李四 (E2)."""
    await add_logins(session, (LI,), password="password", skip_existing=True)
    cid = await campaign(session)
    return cid


async def _submit(session, actor, cid, sid):
    return await submissions.transition_submission(session, actor, cid, sid, TransitionRequest(action="submit"))


async def test_a_login_belongs_to_one_registered_employee(session):
    cid = await _with_li(session)
    assert (await people.my_employee(session, EMP, cid)).employee_no == "E1"
    with pytest.raises(NotFound):
        await people.my_employee(session, LI, cid)
    with pytest.raises(Conflict, match="已登记"):
        await people.register_employee(session, ORG, cid, EmployeeBody(employee_no="E1", name="张三", unit="TL"))
    with pytest.raises(Conflict, match="另一名员工"):
        await people.register_employee(session, ORG, cid, EmployeeBody(employee_no="E77", name="钱七", unit="TL", username="emp1"))
    with pytest.raises(Conflict, match="not 'employee'"):
        await people.register_employee(session, ORG, cid, EmployeeBody(employee_no="E78", name="孙八", unit="TL", username="fin1"))
    with pytest.raises(Conflict, match="not a unit"):
        await people.register_employee(session, ORG, cid, EmployeeBody(employee_no="E79", name="吴九", unit="XX"))
    with pytest.raises(Forbidden):
        await people.register_employee(session, EMP, cid, EmployeeBody(employee_no="E80", name="郑十", unit="TL"))
    # an employee reads the register without logins; the organiser with them
    seen = {e.employee_no: e for e in await people.list_employees(session, EMP, cid)}
    assert seen["E1"].name == "张三" and all(e.username is None for e in seen.values())
    assert {e.username for e in await people.list_employees(session, ORG, cid)} >= {"emp1", "emp2"}


async def test_an_unregistered_login_cannot_write_and_nobody_names_an_unregistered_person(session):
    cid = await _with_li(session)
    with pytest.raises(Conflict, match="还没有登记为本活动的员工"):
        await submissions.create_draft(session, LI, cid, draft(proposers=PAIR))
    stranger = [Proposer(employee_no="X9", name="路人", share_bp=5000), Proposer(employee_no="E2", name="李四四", share_bp=5000)]
    with pytest.raises(SubmissionError) as refused:
        await submissions.create_draft(session, EMP, cid, draft(proposers=stranger))
    assert {p.path for p in refused.value.problems} == {"proposers[0].employee_no", "proposers[1].name"}
    assert "不在本活动的员工名册中" in str(refused.value)


async def test_submit_waits_for_every_co_proposer_and_a_changed_share_asks_again(session):
    cid = await _with_li(session)
    await people.register_employee(session, ORG, cid, EmployeeBody(employee_no="E5", name="钱五", unit="TL", username="emp3"))
    trio = [*PAIR[:1], Proposer(employee_no="E5", name="钱五", share_bp=2000), Proposer(employee_no="E2", name="李四", share_bp=2000)]
    sid = (await submissions.create_draft(session, EMP, cid, draft(proposers=trio))).id
    with pytest.raises(Conflict) as refused:
        await _submit(session, EMP, cid, sid)
    rule = refused.value.problems[0]
    assert rule.path == "proposers" and "钱五（工号 E5，20.00%）" in rule.rule and "李四（工号 E2，20.00%）" in rule.rule
    assert "张三" not in rule.rule and "现在可以" in rule.rule  # the writer's own share needs no confirmation
    # 钱五 confirms with their own login; 李四 has none: the organiser records the paper signature
    standing = await people.confirm_share(session, LI, cid, sid, ShareConfirmationBody(share_bp=2000))
    assert [(p.employee_no, p.confirmed, p.writer) for p in standing] == [("E1", True, True), ("E5", True, False), ("E2", False, False)]
    with pytest.raises(Conflict, match="reason"):
        await people.confirm_share(session, ORG, cid, sid, ShareConfirmationBody(employee_no="E2", share_bp=2000))
    with pytest.raises(Conflict, match="已改为 20.00%"):
        await people.confirm_share(session, ORG, cid, sid, ShareConfirmationBody(employee_no="E2", share_bp=3000, reason="书面签字"))
    await people.confirm_share(session, ORG, cid, sid, ShareConfirmationBody(employee_no="E2", share_bp=2000, reason="书面签字"))
    # the writer moves 钱五's share: 钱五 is asked again, 李四 (unchanged) is not
    moved = [*PAIR[:1], Proposer(employee_no="E5", name="钱五", share_bp=1000), Proposer(employee_no="E2", name="李四", share_bp=3000)]
    await submissions.update_draft(session, EMP, cid, sid, draft(proposers=moved))
    with pytest.raises(Conflict, match="钱五（工号 E5，10.00%）"):
        await _submit(session, EMP, cid, sid)
    await people.confirm_share(session, LI, cid, sid, ShareConfirmationBody(share_bp=1000))
    with pytest.raises(Conflict, match="李四（工号 E2，30.00%）"):
        await _submit(session, EMP, cid, sid)
    await people.confirm_share(session, ORG, cid, sid, ShareConfirmationBody(employee_no="E2", share_bp=3000, reason="书面签字"))
    assert (await _submit(session, EMP, cid, sid)).state == "submitted"
    with pytest.raises(Conflict, match="提交前确认"):
        await people.confirm_share(session, LI, cid, sid, ShareConfirmationBody(share_bp=1000))
    audited = select(func.count()).select_from(AuditEventRow).where(AuditEventRow.action == "submission.confirm_share")
    assert await session.scalar(audited) == 4  # the refused ones left nothing


async def test_a_co_proposer_reads_the_submission_but_neither_edits_nor_submits_it(session):
    cid = await _with_li(session)
    await people.register_employee(session, ORG, cid, EmployeeBody(employee_no="E5", name="钱五", unit="TL", username="emp3"))
    named = [*PAIR[:1], Proposer(employee_no="E5", name="钱五", share_bp=4000)]
    sid = (await submissions.create_draft(session, EMP, cid, draft(proposers=named))).id
    other = (await submissions.create_draft(session, EMP, cid, draft(proposers=PAIR))).id
    assert (await submissions.get_submission(session, LI, cid, sid)).allowed_actions == []
    assert {v.id for v in await submissions.list_submissions(session, LI, cid)} == {sid}
    with pytest.raises(NotFound):
        await submissions.get_submission(session, LI, cid, other)
    with pytest.raises(Forbidden, match="只有填写"):
        await submissions.update_draft(session, LI, cid, sid, draft(proposers=named))
    with pytest.raises(TransitionForbidden):
        await _submit(session, LI, cid, sid)
    with pytest.raises(Forbidden, match="自己的"):
        await people.confirm_share(session, LI, cid, sid, ShareConfirmationBody(employee_no="E1", share_bp=6000))
    with pytest.raises(Conflict, match="不是成果"):
        await people.confirm_share(session, ORG, cid, other, ShareConfirmationBody(employee_no="E5", share_bp=4000, reason="书面"))
    # emp2 (周九) is on neither: reads neither, confirms nothing
    with pytest.raises(NotFound):
        await people.share_confirmations(session, EMP2, cid, sid)
    with pytest.raises(NotFound):
        await people.confirm_share(session, EMP2, cid, sid, ShareConfirmationBody(share_bp=4000))
    assert msgspec.to_builtins(await people.share_confirmations(session, LI, cid, sid))[1]["confirmed"] is False
