"""Campaigns (评选活动): versioned definitions, their units and reviewers, the audit log and
the statistics.

A definition is stored whole, as JSON, one immutable row per version (like a contest). A
new version may change anything except, to keep history true:
- the id (slug);
- anything at all once the award list is published (the round is closed);
- a category or period that a submission uses cannot disappear;
- once a reviewer has been assigned, the rubric, rounding, panel size and blind review
  stay as they are (panels were formed and marks given against them).
Grade rules, the reward table, the budget pool and eligibility may change until the award
list is published: a "refuse" budget rule is resolved by exactly such a new version.

Statistics are computed from the stored transition history with the incremental
`StatisticsAccumulator` (each transition applied once, in commit order); the tests
recompute them from scratch from the cases and require equality.
"""

from __future__ import annotations

import msgspec
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.audit import from_json
from contests.campaigns.definition import Campaign, validate_campaign
from contests.campaigns.named_presets import expand_presets
from contests.campaigns.statistics import Statistics, StatisticsAccumulator, TransitionEvent
from contests.errors import RegistrationError
from contests.fields import INT32_MAX
from contests.people import Registration, Unit
from contests.store.models import (
    AuditEventRow,
    CampaignReviewerRow,
    CampaignRow,
    CampaignUnitRow,
    CampaignVersionRow,
    ReviewAssignmentRow,
    SubmissionRow,
    TransitionRow,
)
from contests.usecases.campaigns import store
from contests.usecases.campaigns.views import CampaignAuditEntry, CampaignReviewer, CampaignSummary, CampaignView
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.transaction import transaction
from contests.usecases.setup.checks import check, typed
from scoring.errors import Problem

MAX_LIMIT = 1000
_REVIEW_FIELDS = ("rubric", "rounding", "panel_size", "blind_review", "trim_on")  # fixed once panels exist


# ---------------------------------------------------------------- definitions


async def create_campaign(session: AsyncSession, actor: Actor, definition: Campaign) -> CampaignView:
    """Store a new campaign as version 1. CampaignError (409) if the definition breaks a
    rule; Conflict (409) if a campaign with the same id exists. Named presets are stored
    expanded (contests.campaigns.named_presets)."""
    definition = expand_presets(definition)
    validate_campaign(definition)
    taken = f"a campaign with id {definition.id!r} already exists"
    async with transaction(session, conflict=taken, path="id"):
        if await session.scalar(select(CampaignRow.id).where(CampaignRow.slug == definition.id)) is not None:
            raise Conflict.at("id", taken)
        campaign = CampaignRow(slug=definition.id, name=definition.name, year=definition.year, current_version=1)
        session.add(campaign)
        await session.flush()
        version = _version_row(campaign, 1, definition, actor)
        session.add(version)
        audit.record(session, actor.username, "campaign.create", "campaign", campaign.slug, after=_summary(campaign, False))
    return _view(campaign, version, definition, False)


async def get_campaign(session: AsyncSession, campaign_id: int, version: int | None = None) -> CampaignView:
    campaign = await store.campaign_row(session, campaign_id)
    row = await store.version_row(session, campaign, version)
    return _view(campaign, row, store.definition(row), await store.is_published(session, campaign.id))


async def list_campaigns(session: AsyncSession) -> list[CampaignSummary]:
    from contests.store.models import AwardListRow

    published = set((await session.scalars(select(AwardListRow.campaign_id))).all())
    rows = (await session.scalars(select(CampaignRow).order_by(CampaignRow.id))).all()
    return [_summary(r, r.id in published) for r in rows]


async def new_campaign_version(session: AsyncSession, actor: Actor, campaign_id: int, definition: Campaign) -> CampaignView:
    """Store `definition` as the campaign's next version (see the module docstring)."""
    campaign = await store.campaign_row(session, campaign_id)
    definition = expand_presets(definition)
    validate_campaign(definition)
    if definition.id != campaign.slug:
        raise Conflict.at("id", f"a campaign keeps its id: this is {campaign.slug!r}, the new version says {definition.id!r}")
    clash = f"campaign {campaign.slug!r} was changed by someone else at the same time: reload and retry"
    async with transaction(session, conflict=clash):
        if await store.is_published(session, campaign.id):
            raise Conflict.at("", f"the award list of campaign {campaign.slug!r} is published: its definition is final")
        old = store.definition(await store.version_row(session, campaign))
        problems = await _history_problems(session, campaign.id, old, definition)
        if problems:
            raise Conflict(problems)
        before = _summary(campaign, False)
        campaign.current_version += 1
        campaign.name, campaign.year = definition.name, definition.year
        version = _version_row(campaign, campaign.current_version, definition, actor)
        session.add(version)
        audit.record(
            session, actor.username, "campaign.new_version", "campaign", campaign.slug, before=before, after=_summary(campaign, False)
        )
    return _view(campaign, version, definition, False)


async def _history_problems(session: AsyncSession, campaign_id: int, old: Campaign, new: Campaign) -> list[Problem]:
    problems = []
    used = (
        await session.execute(
            select(SubmissionRow.category, SubmissionRow.period).where(SubmissionRow.campaign_id == campaign_id).distinct()
        )
    ).all()
    for category in sorted({c for c, _ in used} - set(new.categories)):
        problems.append(Problem("categories", f"category {category!r} cannot be removed: submissions use it"))
    for period in sorted({p for _, p in used} - set(new.period_codes)):
        problems.append(Problem("periods", f"period {period!r} cannot be removed: submissions use it"))
    query = (
        select(func.count())
        .select_from(ReviewAssignmentRow)
        .join(SubmissionRow, SubmissionRow.id == ReviewAssignmentRow.submission_id)
        .where(SubmissionRow.campaign_id == campaign_id)
    )
    if await session.scalar(query):
        for name in _REVIEW_FIELDS:
            if msgspec.to_builtins(getattr(old, name)) != msgspec.to_builtins(getattr(new, name)):
                problems.append(Problem(name, f"reviewers are already assigned: {name} can no longer change"))
    return problems


def _version_row(campaign: CampaignRow, version: int, definition: Campaign, actor: Actor) -> CampaignVersionRow:
    return CampaignVersionRow(
        campaign_id=campaign.id, version=version, definition=msgspec.json.encode(definition).decode("utf-8"), created_by=actor.username
    )


def _view(campaign: CampaignRow, version: CampaignVersionRow, definition: Campaign, published: bool) -> CampaignView:
    return CampaignView(
        id=campaign.id,
        slug=campaign.slug,
        version=version.version,
        definition=definition,
        published=published,
        created_at=version.created_at,
    )


def _summary(campaign: CampaignRow, published: bool) -> CampaignSummary:
    return CampaignSummary(
        id=campaign.id, slug=campaign.slug, name=campaign.name, year=campaign.year, version=campaign.current_version, published=published
    )


# ---------------------------------------------------------------- units


async def list_units(session: AsyncSession, campaign_id: int) -> list[Unit]:
    campaign = await store.campaign_row(session, campaign_id)
    return await store.units(session, campaign.id)


async def add_unit(session: AsyncSession, actor: Actor, campaign_id: int, unit: Unit) -> Unit:
    """Register a unit (单位) of the campaign with its headcount; Conflict (409) if the code is taken."""
    campaign = await store.campaign_row(session, campaign_id)
    typed(unit)
    check(Registration(units=[unit]), "units")
    taken = f"unit code {unit.code!r} is already used in this campaign"
    async with transaction(session, conflict=taken, path="code"):
        if await _unit_row(session, campaign.id, unit.code) is not None:
            raise Conflict.at("code", taken)
        session.add(CampaignUnitRow(campaign_id=campaign.id, code=unit.code, name=unit.name, headcount=unit.headcount))
        audit.record(session, actor.username, "campaign_unit.add", "campaign_unit", f"{campaign.slug}/units/{unit.code}", after=unit)
    return unit


async def update_unit(session: AsyncSession, actor: Actor, campaign_id: int, code: str, unit: Unit) -> Unit:
    """Replace a unit's name and headcount (the code stays: statistics are kept by code)."""
    campaign = await store.campaign_row(session, campaign_id)
    typed(unit)
    check(Registration(units=[unit]), "units")
    async with transaction(session):
        row = await _unit_row(session, campaign.id, code)
        if row is None:
            raise NotFound.at("code", f"no unit {code!r} in this campaign")
        if unit.code != code:
            raise Conflict.at("code", f"a campaign unit keeps its code: this is {code!r}, the body says {unit.code!r}")
        before = store.unit(row)
        row.name, row.headcount = unit.name, unit.headcount
        audit.record(
            session, actor.username, "campaign_unit.update", "campaign_unit", f"{campaign.slug}/units/{code}", before=before, after=unit
        )
    return unit


async def _unit_row(session: AsyncSession, campaign_id: int, code: str) -> CampaignUnitRow | None:
    return await session.scalar(select(CampaignUnitRow).where(CampaignUnitRow.campaign_id == campaign_id, CampaignUnitRow.code == code))


# ---------------------------------------------------------------- reviewers


async def list_reviewers(session: AsyncSession, campaign_id: int) -> list[CampaignReviewer]:
    campaign = await store.campaign_row(session, campaign_id)
    rows = await session.scalars(
        select(CampaignReviewerRow).where(CampaignReviewerRow.campaign_id == campaign.id).order_by(CampaignReviewerRow.id)
    )
    return [reviewer_view(r) for r in rows]


async def add_reviewer(session: AsyncSession, actor: Actor, campaign_id: int, reviewer: CampaignReviewer) -> CampaignReviewer:
    """Register an expert reviewer; Conflict (409) if the code or login is taken, the login
    is not a reviewer account, or the unit is not one of the campaign's units (a typo there
    would silently switch off the own-unit conflict check)."""
    from contests.store.models import UserRow

    campaign = await store.campaign_row(session, campaign_id)
    typed(reviewer)
    taken = f"reviewer code {reviewer.code!r} or login {reviewer.username!r} is already used in this campaign"
    async with transaction(session, conflict=taken, path="code"):
        query = select(CampaignReviewerRow).where(CampaignReviewerRow.campaign_id == campaign.id)
        if await session.scalar(query.where(CampaignReviewerRow.code == reviewer.code)) is not None:
            raise Conflict.at("code", f"reviewer code {reviewer.code!r} is already used in this campaign")
        if await _unit_row(session, campaign.id, reviewer.unit) is None:
            raise Conflict.at("unit", f"unit {reviewer.unit!r} is not a unit of this campaign: add the unit first")
        if reviewer.username is not None:
            role = await session.scalar(select(UserRow.role).where(UserRow.username == reviewer.username))
            if role != "reviewer":
                why = "no such login" if role is None else f"login {reviewer.username!r} has role {role!r}, not 'reviewer'"
                raise Conflict.at("username", why)
            if await session.scalar(query.where(CampaignReviewerRow.username == reviewer.username)) is not None:
                raise Conflict.at("username", f"login {reviewer.username!r} is already linked to a reviewer of this campaign")
        session.add(
            CampaignReviewerRow(
                campaign_id=campaign.id, code=reviewer.code, name=reviewer.name, unit=reviewer.unit,
                employee_no=reviewer.employee_no, username=reviewer.username,
            )
        )  # fmt: skip
        audit.record(
            session,
            actor.username,
            "campaign_reviewer.add",
            "campaign_reviewer",
            f"{campaign.slug}/reviewers/{reviewer.code}",
            after=reviewer,
        )
    return reviewer


def reviewer_view(row: CampaignReviewerRow) -> CampaignReviewer:
    return CampaignReviewer(code=row.code, name=row.name, unit=row.unit, employee_no=row.employee_no, username=row.username)


# ---------------------------------------------------------------- audit


async def campaign_audit(session: AsyncSession, campaign_id: int, *, limit: int = 100, offset: int = 0) -> list[CampaignAuditEntry]:
    """Audit events of the campaign (definition, units, reviewers, submissions, panels,
    scores, awards), newest first."""
    if not 1 <= limit <= MAX_LIMIT:
        raise RegistrationError.at("limit", f"must be 1 to {MAX_LIMIT}, got {limit}")
    if not 0 <= offset <= INT32_MAX:
        raise RegistrationError.at("offset", f"must be 0 to {INT32_MAX}, got {offset}")
    campaign = await store.campaign_row(session, campaign_id)
    key = AuditEventRow.entity_key
    query = (
        select(AuditEventRow)
        .where(AuditEventRow.entity.startswith("campaign"), or_(key == campaign.slug, key.startswith(campaign.slug + "/", autoescape=True)))
        .order_by(AuditEventRow.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [
        CampaignAuditEntry(
            id=r.id, at=r.at, actor=r.actor, action=r.action, entity=r.entity, entity_key=r.entity_key,
            before=from_json(r.before), after=from_json(r.after), reason=r.reason,
        )
        for r in await session.scalars(query)
    ]  # fmt: skip


# ---------------------------------------------------------------- statistics


async def campaign_statistics(session: AsyncSession, campaign_id: int) -> Statistics:
    """Per campaign, period, unit and category: every stored transition applied once, in
    commit order, to a `StatisticsAccumulator` (the incremental path)."""
    campaign = await store.campaign_row(session, campaign_id)
    rows = await store.submission_rows(session, campaign.id)
    kids = await store.children(session, rows)
    submissions = {r.id: store.submission(r, kids[r.id], campaign.slug) for r in rows}
    accumulator = StatisticsAccumulator(await store.units(session, campaign.id))
    query = select(TransitionRow).where(TransitionRow.campaign_id == campaign.id).order_by(TransitionRow.id)
    for t in await session.scalars(query):
        sub = submissions[t.submission_id]
        accumulator.apply(TransitionEvent(submission=sub, record=store.record(t, sub.id)))
    return accumulator.report()


__all__ = [
    "add_reviewer",
    "add_unit",
    "campaign_audit",
    "campaign_statistics",
    "create_campaign",
    "get_campaign",
    "list_campaigns",
    "list_reviewers",
    "list_units",
    "new_campaign_version",
    "reviewer_view",
    "update_unit",
]
