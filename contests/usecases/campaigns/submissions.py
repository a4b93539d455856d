"""Submissions (成果 / 建议) and their workflow.

An employee writes a draft (they own it: their login is its `owner`), edits it while it is
a draft, submits or withdraws it, and reads only their own submissions (another's is "not
found"). The organiser and finance read every submission.

Every state change goes through `contests.campaigns.case.apply_transition`, i.e. the
declared workflow table: an action the table does not allow from the current state is a
TransitionConflict (409, naming the state and the allowed actions), a role that may not
take it is TransitionForbidden (403), a missing or extra payload field TransitionPayloadError
(409). Each transition appends a `campaign_transitions` row (seq unique per submission, so
two concurrent transitions collide: the loser gets 409) and an audit event, in one
transaction. The "award" action is not taken here: awards come from the award list, all
at once, when the organiser publishes it (campaign_awards.publish_awards).
"""

from __future__ import annotations

import msgspec
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.campaigns.case import apply_transition
from contests.campaigns.errors import SubmissionError, TransitionConflict, TransitionForbidden
from contests.campaigns.register import proposer_problems
from contests.campaigns.submission import Submission, validate_submission
from contests.campaigns.workflow import TABLE, State, TransitionRecord, allowed_actions
from contests.store.models import AttachmentRow, CampaignRow, CampaignUnitRow, ProposerRow, SubmissionRow, TransitionRow
from contests.store.types import utcnow
from contests.usecases.campaigns import people, store
from contests.usecases.campaigns.views import AwardView, SubmissionDraft, SubmissionView, TransitionRequest, TransitionView
from contests.usecases.core.access import Forbidden, require_role
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction
from scoring.errors import Problem

AWARD_HINT = "awards are given from the award list: the organiser publishes it (POST /campaigns/{id}/awards/publish)"


# ---------------------------------------------------------------- drafts


async def create_draft(session: AsyncSession, actor: Actor, campaign_id: int, draft: SubmissionDraft) -> SubmissionView:
    """A new draft owned by the employee. SubmissionError (409) if it does not fit the
    campaign (category, period, shares, unknown units); Conflict (409) once the campaign's
    award list is published."""
    require_role(actor, (store.EMPLOYEE,), "write a submission")
    campaign, definition = await store.current(session, campaign_id)
    await people.writer(session, actor, campaign.id)  # a login writes as its registered employee
    async with transaction(session):
        await _open(session, campaign)
        units = await _checked(session, campaign, definition, draft)
        now = utcnow()
        row = SubmissionRow(
            campaign_id=campaign.id, owner=actor.username, state="draft", unit=units[draft.unit],
            blind_code=await store.unused_blind_code(session, campaign.id), created_at=now, updated_at=now, **_fields(draft),
        )  # fmt: skip
        session.add(row)
        await session.flush()
        _add_children(session, row.id, draft)
        audit.record(session, actor.username, "submission.create", "campaign_submission", _key(campaign, row), after=draft)
    return await submission_view(session, actor, campaign, row)


async def update_draft(session: AsyncSession, actor: Actor, campaign_id: int, submission_id: int, draft: SubmissionDraft) -> SubmissionView:
    """Replace the draft's content; Conflict (409) once it is submitted (only drafts change)
    or once the campaign's award list is published (the round is closed)."""
    require_role(actor, (store.EMPLOYEE,), "edit a submission")
    campaign, definition = await store.current(session, campaign_id)
    row = await store.visible_submission(session, actor, campaign.id, submission_id)
    if row.owner != actor.username:
        raise Forbidden.at("submission_id", "只有填写这项成果的员工可以修改草稿；共同完成人可以查看并确认自己的分配比例")
    async with transaction(session, conflict=f"submission {submission_id} was changed at the same time: reload and retry"):
        if row.state != "draft":
            raise Conflict.at("", f"only a draft can be edited; submission {row.id} is {row.state!r}")
        await _open(session, campaign)
        units = await _checked(session, campaign, definition, draft)
        before = store.submission(row, (await store.children(session, [row]))[row.id], campaign.slug)
        for name, value in _fields(draft).items():
            setattr(row, name, value)
        row.unit = units[draft.unit]
        row.updated_at = utcnow()
        await session.execute(delete(ProposerRow).where(ProposerRow.submission_id == row.id))
        await session.execute(delete(AttachmentRow).where(AttachmentRow.submission_id == row.id))
        _add_children(session, row.id, draft)
        audit.record(session, actor.username, "submission.update", "campaign_submission", _key(campaign, row), before=before, after=draft)
    return await submission_view(session, actor, campaign, row)


def _fields(draft: SubmissionDraft) -> dict:
    return {
        "period": draft.period,
        "category": draft.category,
        "title": draft.title,
        "problem": draft.problem,
        "solution": draft.solution,
        "claimed_benefit_yuan": draft.claimed(),
        "eligibility": msgspec.json.encode(draft.eligibility).decode("utf-8"),
    }


def _add_children(session: AsyncSession, submission_id: int, draft: SubmissionDraft) -> None:
    for k, p in enumerate(draft.proposers):
        session.add(
            ProposerRow(submission_id=submission_id, position=k, employee_no=p.employee_no, name=p.name, unit=p.unit, share_bp=p.share_bp)
        )
    for k, a in enumerate(draft.attachments):
        session.add(
            AttachmentRow(
                submission_id=submission_id,
                position=k,
                filename=a.filename,
                size_bytes=a.size_bytes,
                sha256=a.sha256,
                content_type=a.content_type,
            )
        )


async def _open(session: AsyncSession, campaign: CampaignRow) -> None:
    if await store.is_published(session, campaign.id):
        raise Conflict.at("", f"the award list of campaign {campaign.slug!r} is published: it takes no more submissions and no more edits")


async def _checked(session: AsyncSession, campaign: CampaignRow, definition, draft: SubmissionDraft) -> dict[str, CampaignUnitRow]:
    """The campaign's units by code, after checking the draft against the campaign."""
    unit_ids = {u.code: u for u in await store.unit_rows(session, campaign.id)}
    problems = proposer_problems(draft.proposers, await people.register_of(session, campaign.id, [p.employee_no for p in draft.proposers]))
    if draft.unit not in unit_ids:
        problems.append(Problem("unit", f"unit {draft.unit!r} is not a unit of this campaign"))
    for i, p in enumerate(draft.proposers):
        if p.unit is not None and p.unit not in unit_ids:
            problems.append(Problem(f"proposers[{i}].unit", f"unit {p.unit!r} is not a unit of this campaign"))
    sub = _as_submission(campaign, draft)
    try:
        validate_submission(sub, definition)
    except SubmissionError as exc:
        problems += exc.problems
    if problems:
        raise SubmissionError(problems)
    return unit_ids


def _as_submission(campaign: CampaignRow, draft: SubmissionDraft, sid: str = "new") -> Submission:
    return Submission(
        id=sid, campaign=campaign.slug, period=draft.period, category=draft.category, title=draft.title, problem=draft.problem,
        solution=draft.solution, unit=draft.unit, proposers=list(draft.proposers), claimed_benefit_yuan=draft.claimed(),
        attachments=list(draft.attachments), eligibility=draft.eligibility,
    )  # fmt: skip


# ---------------------------------------------------------------- reading


async def list_submissions(session: AsyncSession, actor: Actor, campaign_id: int, state: State | None = None) -> list[SubmissionView]:
    """Every submission (organiser, finance), or the employee's own and those naming them as
    a co-proposer, oldest first."""
    require_role(actor, (*store.SEES_ALL, store.EMPLOYEE), "read submissions")
    campaign = await store.campaign_row(session, campaign_id)
    states = [state] if state else []
    if actor.role != store.EMPLOYEE:
        rows = await store.submission_rows(session, campaign.id, states=states)
    elif (me := await store.employee_of(session, campaign.id, actor.username)) is not None:
        rows = await store.submission_rows(session, campaign.id, states=states, named=me.employee_no, named_owner=actor.username)
    else:
        rows = await store.submission_rows(session, campaign.id, owner=actor.username, states=states)
    kids = await store.children(session, rows)
    return [_view(actor, campaign, r, kids[r.id]) for r in rows]


async def get_submission(session: AsyncSession, actor: Actor, campaign_id: int, submission_id: int) -> SubmissionView:
    campaign = await store.campaign_row(session, campaign_id)
    row = await store.visible_submission(session, actor, campaign.id, submission_id)
    return await submission_view(session, actor, campaign, row)


async def submission_view(session: AsyncSession, actor: Actor, campaign: CampaignRow, row: SubmissionRow) -> SubmissionView:
    return _view(actor, campaign, row, (await store.children(session, [row]))[row.id])


def _view(actor: Actor, campaign: CampaignRow, row: SubmissionRow, kids: store.Children) -> SubmissionView:
    sub = store.submission(row, kids, campaign.slug)
    role = store.workflow_role(actor, row)
    award = None
    if kids.award is not None:
        a = kids.award
        award = AwardView(
            grade=a.grade, table_fen=a.table_fen, reward_fen=a.reward_fen, shares={s.employee_no: s.amount_fen for s in kids.shares}
        )
    return SubmissionView(
        id=row.id,
        campaign_id=campaign.id,
        owner=row.owner,
        state=row.state,  # type: ignore[arg-type]
        submission=sub,
        blind_code=row.blind_code if actor.role == store.ORGANISER else None,
        verified_benefit_yuan=row.verified_benefit_yuan,
        verified_by=row.verified_by,
        reason=row.reason,
        award=award,
        allowed_actions=[a for a in allowed_actions(row.state, role) if a != "award"],
        history=[_transition(t) for t in kids.transitions],
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _transition(t: TransitionRow) -> TransitionView:
    r = store.record(t, str(t.submission_id))
    return TransitionView(
        seq=t.seq,
        action=r.action,
        from_state=r.from_state,
        to_state=r.to_state,
        actor=r.actor,
        actor_role=r.actor_role,
        at=r.at,
        payload=r.payload,
    )


# ---------------------------------------------------------------- transitions


async def transition_submission(
    session: AsyncSession, actor: Actor, campaign_id: int, submission_id: int, request: TransitionRequest
) -> SubmissionView:
    """Take one workflow action (see the module docstring for the refusals)."""
    campaign, definition = await store.current(session, campaign_id)
    row = await store.visible_submission(session, actor, campaign.id, submission_id)
    role = store.workflow_role(actor, row)
    step = TABLE.get((row.state, request.action))
    if step is None:
        raise TransitionConflict(row.state, request.action, allowed_actions(row.state))
    if request.action == "award":
        if role not in step.roles:
            raise TransitionForbidden(row.state, request.action, role, step.roles)
        raise Conflict.at("action", AWARD_HINT)
    kids = (await store.children(session, [row]))[row.id]
    case = store.case(row, kids, campaign.slug)
    new = apply_transition(case, request.action, role, request.payload(), actor=actor.username)  # 403 / 409 before any write
    if request.action == "submit":
        validate_submission(case.submission, definition)  # the definition may have moved on since the draft
        await people.check_confirmed(session, row, kids)  # every co-proposer has confirmed their share
    clash = f"submission {row.id} was changed by someone else at the same time: reload and retry"
    async with transaction(session, conflict=clash):
        write_transition(session, campaign, row, new.history[-1], len(case.history) + 1)
        row.state = new.state
        row.verified_benefit_yuan, row.verified_by, row.reason = new.verified_benefit_yuan, new.verified_by, new.reason
        row.updated_at = utcnow()
    return await submission_view(session, actor, campaign, row)


def write_transition(session: AsyncSession, campaign: CampaignRow, row: SubmissionRow, record: TransitionRecord, seq: int) -> None:
    """The history row and the audit event of one transition (the caller commits)."""
    session.add(
        TransitionRow(
            campaign_id=campaign.id, submission_id=row.id, seq=seq, action=record.action, from_state=record.from_state,
            to_state=record.to_state, actor=record.actor, actor_role=record.actor_role,
            payload=msgspec.json.encode(record.payload).decode("utf-8"), at=record.at,
        )
    )  # fmt: skip
    audit.record(
        session, record.actor, f"submission.{record.action}", "campaign_submission", _key(campaign, row),
        before={"state": record.from_state}, after={"state": record.to_state, "payload": record.payload},
        reason=record.payload.reason,
    )  # fmt: skip


def _key(campaign: CampaignRow, row: SubmissionRow) -> str:
    return f"{campaign.slug}/{row.id}"


__all__ = [
    "AWARD_HINT",
    "create_draft",
    "get_submission",
    "list_submissions",
    "submission_view",
    "transition_submission",
    "update_draft",
    "write_transition",
]
