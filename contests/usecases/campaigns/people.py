"""People of a campaign: the employee register (员工名册) and co-proposers' share confirmations
(contests.campaigns.register states the rules).

- The organiser registers employees (工号, name, home unit) and ties each employee login to
  one of them; an employee login that is not registered cannot write drafts.
- The register is read by the organiser and finance (with logins) and by employees (names
  and units only: enough to name a co-proposer by 工号).
- A co-proposer confirms their share of a draft with their own login, or the organiser
  records a confirmation signed on paper with the reason. Confirmations are append-only and
  audited; submitting is refused until every co-proposer's current share is confirmed
  (`check_confirmed`, called by the submit transition).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.campaigns.register import Employee, unconfirmed, unconfirmed_rule
from contests.store.campaign_people import CampaignEmployeeRow, ShareConfirmationRow
from contests.store.models import CampaignUnitRow, ProposerRow, SubmissionRow, UserRow
from contests.usecases.campaigns import store
from contests.usecases.campaigns.views import EmployeeBody, ShareConfirmationBody, ShareConfirmationView
from contests.usecases.core.access import Forbidden, require_role
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.transaction import transaction
from contests.usecases.setup.checks import typed

READERS = (store.ORGANISER, store.FINANCE, store.EMPLOYEE)


# ---------------------------------------------------------------- the register


async def register_employee(session: AsyncSession, actor: Actor, campaign_id: int, body: EmployeeBody) -> Employee:
    """Add an employee to the campaign's register, optionally tying an employee login to
    them. Conflict (409) if the 工号 or the login is already registered, the unit is not a
    unit of the campaign, or the login is not an employee account."""
    require_role(actor, (store.ORGANISER,), "register employees")
    campaign = await store.campaign_row(session, campaign_id)
    typed(body)
    taken = f"工号 {body.employee_no} 或账号 {body.username} 已登记在本活动的员工名册中"
    async with transaction(session, conflict=taken, path="employee_no"):
        mine = select(CampaignEmployeeRow).where(CampaignEmployeeRow.campaign_id == campaign.id)
        if await session.scalar(mine.where(CampaignEmployeeRow.employee_no == body.employee_no)) is not None:
            raise Conflict.at("employee_no", f"工号 {body.employee_no} 已登记在本活动的员工名册中")
        unit = select(CampaignUnitRow.id).where(CampaignUnitRow.campaign_id == campaign.id, CampaignUnitRow.code == body.unit)
        if await session.scalar(unit) is None:
            raise Conflict.at("unit", f"unit {body.unit!r} is not a unit of this campaign: add the unit first")
        if body.username is not None:
            await _check_login(session, mine, body.username)
        session.add(CampaignEmployeeRow(campaign_id=campaign.id, created_by=actor.username, **_fields(body)))
        audit.record(
            session,
            actor.username,
            "campaign_employee.add",
            "campaign_employee",
            f"{campaign.slug}/employees/{body.employee_no}",
            after=body,
        )
    return Employee(**_fields(body))


async def _check_login(session: AsyncSession, mine, username: str) -> None:
    role = await session.scalar(select(UserRow.role).where(UserRow.username == username))
    if role != store.EMPLOYEE:
        why = "no such login" if role is None else f"login {username!r} has role {role!r}, not 'employee'"
        raise Conflict.at("username", why)
    if await session.scalar(mine.where(CampaignEmployeeRow.username == username)) is not None:
        raise Conflict.at("username", f"账号 {username} 已属于本活动名册中的另一名员工：一个账号只属于一名员工")


def _fields(body: EmployeeBody) -> dict:
    return {"employee_no": body.employee_no, "name": body.name, "unit": body.unit, "username": body.username}


async def list_employees(session: AsyncSession, actor: Actor, campaign_id: int) -> list[Employee]:
    """The campaign's register by 工号 order of registration. Employees see no logins."""
    require_role(actor, READERS, "read the employee register")
    campaign = await store.campaign_row(session, campaign_id)
    rows = await session.scalars(
        select(CampaignEmployeeRow).where(CampaignEmployeeRow.campaign_id == campaign.id).order_by(CampaignEmployeeRow.id)
    )
    return [employee(r, with_login=actor.role != store.EMPLOYEE) for r in rows]


async def my_employee(session: AsyncSession, actor: Actor, campaign_id: int) -> Employee:
    """The registered employee the calling login belongs to in this campaign; NotFound
    (404) if the organiser has not registered it."""
    require_role(actor, (store.EMPLOYEE,), "read their own register entry")
    campaign = await store.campaign_row(session, campaign_id)
    row = await store.employee_of(session, campaign.id, actor.username)
    if row is None:
        raise NotFound.at("", f"账号 {actor.username} 还没有登记为本活动的员工：请组织方在员工名册中登记你的工号并关联此账号")
    return employee(row)


def employee(row: CampaignEmployeeRow, *, with_login: bool = True) -> Employee:
    return Employee(employee_no=row.employee_no, name=row.name, unit=row.unit, username=row.username if with_login else None)


async def register_of(session: AsyncSession, campaign_id: int, numbers: Sequence[str]) -> dict[str, Employee]:
    """工号 → registered employee, for the given numbers."""
    query = select(CampaignEmployeeRow).where(
        CampaignEmployeeRow.campaign_id == campaign_id, CampaignEmployeeRow.employee_no.in_(list(numbers))
    )
    return {r.employee_no: employee(r) for r in await session.scalars(query)}


async def writer(session: AsyncSession, actor: Actor, campaign_id: int) -> CampaignEmployeeRow:
    """The registered employee who writes through this login; Conflict (409) if none."""
    row = await store.employee_of(session, campaign_id, actor.username)
    if row is None:
        raise Conflict.at(
            "", f"账号 {actor.username} 还没有登记为本活动的员工，暂时不能填写成果：请组织方在员工名册中登记你的工号并关联此账号"
        )
    return row


# ---------------------------------------------------------------- confirmations


async def confirm_share(
    session: AsyncSession, actor: Actor, campaign_id: int, submission_id: int, body: ShareConfirmationBody
) -> list[ShareConfirmationView]:
    """A co-proposer confirms their share of a draft (their own login), or the organiser
    records a paper confirmation (`employee_no` and `reason` required). Conflict (409) if
    the submission is no longer a draft, the 工号 is not a proposer of it, or the share shown
    is no longer the share on the submission. Returns every proposer's standing."""
    require_role(actor, (store.EMPLOYEE, store.ORGANISER), "confirm a share")
    campaign = await store.campaign_row(session, campaign_id)
    row = await store.visible_submission(session, actor, campaign.id, submission_id)
    number = await _confirmer(session, actor, campaign.id, body)
    async with transaction(session):
        if row.state != "draft":
            raise Conflict.at("", f"分配比例在提交前确认：成果 {row.id} 已是 {row.state!r} 状态，不再需要确认")
        proposer = await session.scalar(select(ProposerRow).where(ProposerRow.submission_id == row.id, ProposerRow.employee_no == number))
        if proposer is None:
            raise Conflict.at("employee_no", f"工号 {number} 不是成果 {row.id} 的完成人")
        if proposer.share_bp != body.share_bp:
            raise Conflict.at(
                "share_bp", f"成果 {row.id} 上工号 {number} 的分配比例已改为 {proposer.share_bp / 100:.2f}%：请刷新后按当前比例确认"
            )
        session.add(
            ShareConfirmationRow(
                submission_id=row.id, employee_no=number, share_bp=body.share_bp, confirmed_by=actor.username, reason=body.reason
            )
        )
        audit.record(
            session, actor.username, "submission.confirm_share", "campaign_share_confirmation", f"{campaign.slug}/{row.id}/confirmations/{number}",
            after={"employee_no": number, "share_bp": body.share_bp}, reason=body.reason,
        )  # fmt: skip
    return await standing(session, row)


async def _confirmer(session: AsyncSession, actor: Actor, campaign_id: int, body: ShareConfirmationBody) -> str:
    """The 工号 whose share is confirmed: the employee's own, or the one the organiser names."""
    if actor.role == store.ORGANISER:
        if body.employee_no is None or body.reason is None:
            raise Conflict.at("reason", "组织方代为登记确认时，需要写明工号（employee_no）和书面确认的说明（reason）")
        return body.employee_no
    me = await store.employee_of(session, campaign_id, actor.username)
    if me is None:
        raise Forbidden.at("", f"账号 {actor.username} 没有登记为本活动的员工，不能确认分配比例")
    if body.employee_no not in (None, me.employee_no):
        raise Forbidden.at("employee_no", "员工只能确认自己的分配比例")
    return me.employee_no


async def share_confirmations(session: AsyncSession, actor: Actor, campaign_id: int, submission_id: int) -> list[ShareConfirmationView]:
    """Every proposer's share of the submission and whether it is confirmed. Read by whoever
    may read the submission (its writer, its co-proposers, the organiser, finance)."""
    campaign = await store.campaign_row(session, campaign_id)
    return await standing(session, await store.visible_submission(session, actor, campaign.id, submission_id))


async def standing(session: AsyncSession, row: SubmissionRow) -> list[ShareConfirmationView]:
    proposers = (await store.children(session, [row]))[row.id].proposers
    latest = await _latest(session, row.id)
    writer_row = await store.employee_of(session, row.campaign_id, row.owner)
    out = []
    for p in proposers:
        c = latest.get(p.employee_no)
        is_writer = writer_row is not None and writer_row.employee_no == p.employee_no
        out.append(
            ShareConfirmationView(
                employee_no=p.employee_no, name=p.name, share_bp=p.share_bp, writer=is_writer,
                confirmed=is_writer or (c is not None and c.share_bp == p.share_bp),
                confirmed_share_bp=c.share_bp if c else None, confirmed_by=c.confirmed_by if c else None,
                reason=c.reason if c else None, confirmed_at=c.created_at if c else None,
            )
        )  # fmt: skip
    return out


async def _latest(session: AsyncSession, submission_id: int) -> dict[str, ShareConfirmationRow]:
    query = select(ShareConfirmationRow).where(ShareConfirmationRow.submission_id == submission_id).order_by(ShareConfirmationRow.id)
    return {r.employee_no: r for r in await session.scalars(query)}


async def check_confirmed(session: AsyncSession, row: SubmissionRow, kids: store.Children) -> None:
    """Conflict (409, in plain Chinese) unless every co-proposer's current share is confirmed."""
    me = await store.employee_of(session, row.campaign_id, row.owner)
    confirmed = {no: c.share_bp for no, c in (await _latest(session, row.id)).items()}
    proposers = store.submission(row, kids, "").proposers
    pending = unconfirmed(proposers, me.employee_no if me else None, confirmed)
    if pending:
        raise Conflict.at("proposers", unconfirmed_rule(pending))


__all__ = [
    "check_confirmed",
    "confirm_share",
    "employee",
    "list_employees",
    "my_employee",
    "register_employee",
    "register_of",
    "share_confirmations",
    "standing",
    "writer",
]
