"""Loading campaigns and submissions for the campaign use-cases, and turning rows into the
domain Structs of `contests.campaigns` (Campaign, Submission, Case, TransitionRecord).

Missing records raise NotFound naming the field. Children of submissions (proposers,
attachments, transitions, awards) are loaded for a whole batch in one query each, never
per submission.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import msgspec
from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.campaigns.case import Case
from contests.campaigns.definition import Campaign, decode_campaign
from contests.campaigns.submission import Attachment, EligibilityDeclaration, Proposer, Submission
from contests.campaigns.workflow import TransitionPayload, TransitionRecord
from contests.people import Unit
from contests.store.campaign_people import CampaignEmployeeRow
from contests.store.models import (
    AttachmentRow,
    AwardListRow,
    AwardRow,
    AwardShareRow,
    CampaignRow,
    CampaignUnitRow,
    CampaignVersionRow,
    ProposerRow,
    SubmissionRow,
    TransitionRow,
)
from contests.usecases.core import lookup
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import NotFound
from contests.usecases.core.lookup import _valid_id  # ids beyond int32 cannot exist: 404, not an overflow

ORGANISER, EMPLOYEE, REVIEWER, FINANCE = "organiser", "employee", "reviewer", "finance"
SEES_ALL = (ORGANISER, FINANCE)  # read every submission of a campaign (with its blind code)
BLIND_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed
BLIND_LENGTH = 8


# ---------------------------------------------------------------- campaigns


async def campaign_row(session: AsyncSession, campaign_id: int) -> CampaignRow:
    return await lookup.row_by_id(session, CampaignRow, campaign_id, "campaign")


async def version_row(session: AsyncSession, campaign: CampaignRow, version: int | None = None) -> CampaignVersionRow:
    return await lookup.versioned_row(session, CampaignVersionRow, campaign, version, "campaign")


def definition(row: CampaignVersionRow) -> Campaign:
    # stored definitions were validated when written; decoding checks types only
    return decode_campaign(row.definition, "json", validate=False)


async def current(session: AsyncSession, campaign_id: int) -> tuple[CampaignRow, Campaign]:
    campaign = await campaign_row(session, campaign_id)
    return campaign, definition(await version_row(session, campaign))


async def published_row(session: AsyncSession, campaign_id: int) -> AwardListRow | None:
    return await session.scalar(select(AwardListRow).where(AwardListRow.campaign_id == campaign_id))


async def is_published(session: AsyncSession, campaign_id: int) -> bool:
    return bool(await session.scalar(select(exists().where(AwardListRow.campaign_id == campaign_id))))


async def unit_rows(session: AsyncSession, campaign_id: int) -> list[CampaignUnitRow]:
    query = select(CampaignUnitRow).where(CampaignUnitRow.campaign_id == campaign_id).order_by(CampaignUnitRow.id)
    return list((await session.scalars(query)).all())


def unit(row: CampaignUnitRow) -> Unit:
    return Unit(code=row.code, name=row.name, headcount=row.headcount)


async def units(session: AsyncSession, campaign_id: int) -> list[Unit]:
    return [unit(r) for r in await unit_rows(session, campaign_id)]


# ---------------------------------------------------------------- submissions


async def submission_row(session: AsyncSession, campaign_id: int, submission_id: int) -> SubmissionRow:
    row = await session.get(SubmissionRow, submission_id) if _valid_id(submission_id) else None
    if row is None or row.campaign_id != campaign_id:
        raise NotFound.at("submission_id", f"no submission {submission_id!r} in this campaign")
    return row


async def visible_submission(session: AsyncSession, actor: Actor, campaign_id: int, submission_id: int) -> SubmissionRow:
    """The submission if the actor may read it: organiser and finance read all, an employee
    their own and those they are named on as a co-proposer (another's is "not found", so ids
    reveal nothing); others are Forbidden."""
    row = await submission_row(session, campaign_id, submission_id)
    if actor.role in SEES_ALL:
        return row
    if actor.role == EMPLOYEE:
        if not await may_read(session, actor, row):
            raise NotFound.at("submission_id", f"no submission {submission_id!r} in this campaign")
        return row
    raise Forbidden.at("", f"role {actor.role!r} may not read submissions")


async def may_read(session: AsyncSession, actor: Actor, row: SubmissionRow) -> bool:
    """An employee reads a submission they wrote or are named on (by their registered 工号)."""
    if row.owner == actor.username:
        return True
    me = await employee_of(session, row.campaign_id, actor.username)
    if me is None:
        return False
    named = select(exists().where(ProposerRow.submission_id == row.id, ProposerRow.employee_no == me.employee_no))
    return bool(await session.scalar(named))


async def employee_of(session: AsyncSession, campaign_id: int, username: str) -> CampaignEmployeeRow | None:
    """The registered employee a login belongs to in this campaign, if any."""
    query = select(CampaignEmployeeRow).where(CampaignEmployeeRow.campaign_id == campaign_id, CampaignEmployeeRow.username == username)
    return await session.scalar(query)


async def submission_rows(
    session: AsyncSession,
    campaign_id: int,
    *,
    owner: str | None = None,
    states: Sequence[str] = (),
    named: str | None = None,
    named_owner: str | None = None,
) -> list[SubmissionRow]:
    query = select(SubmissionRow).where(SubmissionRow.campaign_id == campaign_id)
    if owner is not None:
        query = query.where(SubmissionRow.owner == owner)
    if named is not None:  # the owner's, or those naming this 工号 among the proposers
        on = select(ProposerRow.submission_id).where(ProposerRow.employee_no == named)
        query = query.where(or_(SubmissionRow.owner == named_owner, SubmissionRow.id.in_(on)))
    if states:
        query = query.where(SubmissionRow.state.in_(list(states)))
    return list((await session.scalars(query.order_by(SubmissionRow.id))).all())


def workflow_role(actor: Actor, row: SubmissionRow) -> str:
    """The actor's role in the workflow table for this submission: its owner is its proposer."""
    if actor.role == EMPLOYEE:
        return "proposer" if row.owner == actor.username else EMPLOYEE
    return actor.role


def new_blind_code() -> str:
    return "".join(secrets.choice(BLIND_ALPHABET) for _ in range(BLIND_LENGTH))


async def unused_blind_code(session: AsyncSession, campaign_id: int) -> str:
    while True:  # 32^8 ≈ 10^12 codes: a second round is already rare
        code = new_blind_code()
        query = select(exists().where(SubmissionRow.campaign_id == campaign_id, SubmissionRow.blind_code == code))
        if not await session.scalar(query):
            return code


@dataclass
class Children:
    """What belongs to one submission, loaded in batches."""

    proposers: list[ProposerRow] = field(default_factory=list)
    attachments: list[AttachmentRow] = field(default_factory=list)
    transitions: list[TransitionRow] = field(default_factory=list)
    award: AwardRow | None = None
    shares: list[AwardShareRow] = field(default_factory=list)


async def children(session: AsyncSession, rows: Sequence[SubmissionRow]) -> dict[int, Children]:
    ids = [r.id for r in rows]
    out: dict[int, Children] = defaultdict(Children)
    if not ids:
        return out
    for r in await session.scalars(select(ProposerRow).where(ProposerRow.submission_id.in_(ids)).order_by(ProposerRow.position)):
        out[r.submission_id].proposers.append(r)
    for r in await session.scalars(select(AttachmentRow).where(AttachmentRow.submission_id.in_(ids)).order_by(AttachmentRow.position)):
        out[r.submission_id].attachments.append(r)
    for r in await session.scalars(select(TransitionRow).where(TransitionRow.submission_id.in_(ids)).order_by(TransitionRow.seq)):
        out[r.submission_id].transitions.append(r)
    awards = {r.id: r for r in await session.scalars(select(AwardRow).where(AwardRow.submission_id.in_(ids)))}
    for a in awards.values():
        out[a.submission_id].award = a
    if awards:
        query = select(AwardShareRow).where(AwardShareRow.award_id.in_(list(awards))).order_by(AwardShareRow.position)
        for s in await session.scalars(query):
            out[awards[s.award_id].submission_id].shares.append(s)
    return out


def submission(row: SubmissionRow, kids: Children, slug: str) -> Submission:
    return Submission(
        id=str(row.id),
        campaign=slug,
        period=row.period,
        category=row.category,  # type: ignore[arg-type]
        title=row.title,
        problem=row.problem,
        solution=row.solution,
        unit=row.unit.code,
        proposers=[Proposer(employee_no=p.employee_no, name=p.name, unit=p.unit, share_bp=p.share_bp) for p in kids.proposers],
        claimed_benefit_yuan=row.claimed_benefit_yuan,
        attachments=[
            Attachment(filename=a.filename, size_bytes=a.size_bytes, sha256=a.sha256, content_type=a.content_type) for a in kids.attachments
        ],
        eligibility=msgspec.json.decode(row.eligibility, type=EligibilityDeclaration),
    )


def record(row: TransitionRow, submission_id: str) -> TransitionRecord:
    return TransitionRecord(
        submission=submission_id,
        action=row.action,  # type: ignore[arg-type]
        from_state=row.from_state,  # type: ignore[arg-type]
        to_state=row.to_state,  # type: ignore[arg-type]
        actor=row.actor,
        actor_role=row.actor_role,  # type: ignore[arg-type]
        at=row.at,
        payload=msgspec.json.decode(row.payload, type=TransitionPayload),
    )


def case(row: SubmissionRow, kids: Children, slug: str) -> Case:
    sub = submission(row, kids, slug)
    return Case(
        submission=sub,
        state=row.state,  # type: ignore[arg-type]
        verified_benefit_yuan=row.verified_benefit_yuan,
        verified_by=row.verified_by,
        grade=kids.award.grade if kids.award else None,
        reward_fen=kids.award.reward_fen if kids.award else None,
        reason=row.reason,
        history=[record(t, sub.id) for t in kids.transitions],
    )


async def cases(session: AsyncSession, campaign: CampaignRow, states: Sequence[str] = ()) -> tuple[list[SubmissionRow], list[Case]]:
    rows = await submission_rows(session, campaign.id, states=states)
    kids = await children(session, rows)
    return rows, [case(r, kids[r.id], campaign.slug) for r in rows]


__all__ = [
    "BLIND_ALPHABET",
    "Children",
    "EMPLOYEE",
    "FINANCE",
    "ORGANISER",
    "REVIEWER",
    "SEES_ALL",
    "campaign_row",
    "case",
    "cases",
    "children",
    "current",
    "employee_of",
    "may_read",
    "definition",
    "is_published",
    "published_row",
    "record",
    "submission",
    "submission_row",
    "submission_rows",
    "unit",
    "unit_rows",
    "units",
    "unused_blind_code",
    "version_row",
    "visible_submission",
    "workflow_role",
]
