"""Award lists (获奖名单): the live preview, publication, and the published list's files.

Before publication the award list is computed on every request from the stored state:
the verified submissions, the engine's rubric scores and the campaign's grade rules,
reward table and budget rule (`contests.campaigns.build_award_list`). A budget rule of
"refuse" answers 409 while the rewards exceed the pool.

Publishing (organiser, once per campaign) is final and happens in one transaction: the
list is computed once more, every listed submission takes the workflow's "award" action
with its grade and paid reward (the per-proposer split is stored in fen, summing exactly),
and the list is stored as an immutable snapshot tagged with the definition version. From
then on the campaign takes no new submission or definition version, and the public pages
serve the snapshot. The public files never carry employee numbers, and carry the amounts,
the verified benefits and the not-awarded list with its reasons only as the campaign's
`public_notice` declares (default: none of them); the organiser's and finance's workbook
keeps everything: it is what finance pays from.
"""

from __future__ import annotations

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.campaigns.award_list import CANDIDATE_STATES, AwardList, build_award_list
from contests.campaigns.case import apply_transition
from contests.campaigns.definition import PublicNotice
from contests.campaigns.public_list import public_copy
from contests.campaigns.workflow import TransitionPayload
from contests.store.models import AwardListRow, AwardRow, AwardShareRow, CampaignRow
from contests.store.types import utcnow
from contests.usecases.campaigns import store
from contests.usecases.campaigns.reviews import rubric_scores
from contests.usecases.campaigns.submissions import write_transition
from contests.usecases.campaigns.views import AwardListView, PayLine, PaySheet
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.transaction import transaction


async def compute(session: AsyncSession, campaign: CampaignRow, definition) -> tuple[AwardList, dict]:
    rows, cases = await store.cases(session, campaign, CANDIDATE_STATES)
    scores = await rubric_scores(session, campaign, definition)
    award_list = build_award_list(definition, cases, scores, await store.units(session, campaign.id))
    return award_list, {c.id: (r, c) for r, c in zip(rows, cases)}


async def award_list(session: AsyncSession, campaign_id: int) -> AwardListView:
    """The published list, or the live preview before publication."""
    campaign = await store.campaign_row(session, campaign_id)
    published = await store.published_row(session, campaign.id)
    if published is not None:
        return _published_view(campaign, published)
    definition = store.definition(await store.version_row(session, campaign))
    computed, _ = await compute(session, campaign, definition)
    return AwardListView(
        campaign_id=campaign.id, published=False, definition_version=campaign.current_version,
        published_at=None, published_by=None, award_list=computed,
    )  # fmt: skip


async def publish_awards(session: AsyncSession, actor: Actor, campaign_id: int) -> AwardListView:
    """Award every listed submission and publish the list (see the module docstring).
    Conflict (409) if it is already published; BudgetExceeded (409) under "refuse"."""
    campaign, definition = await store.current(session, campaign_id)
    if await store.is_published(session, campaign.id):
        raise Conflict.at("", f"the award list of campaign {campaign.slug!r} is already published")
    computed, by_id = await compute(session, campaign, definition)
    now = utcnow()
    async with transaction(session, conflict=f"the award list of campaign {campaign.slug!r} was published at the same time"):
        snapshot = AwardListRow(
            campaign_id=campaign.id, definition_version=campaign.current_version,
            award_list=msgspec.json.encode(computed).decode("utf-8"), created_by=actor.username, created_at=now,
        )  # fmt: skip
        session.add(snapshot)
        await session.flush()
        for entry in computed.entries:
            row, case = by_id[entry.submission]
            payload = TransitionPayload(grade=entry.grade, reward_fen=entry.reward_fen)
            awarded = apply_transition(case, "award", "organiser", payload, actor=actor.username, at=now)
            write_transition(session, campaign, row, awarded.history[-1], len(case.history) + 1)
            row.state, row.updated_at = awarded.state, now
            award = AwardRow(
                submission_id=row.id, award_list_id=snapshot.id, grade=entry.grade, table_fen=entry.table_fen, reward_fen=entry.reward_fen
            )
            session.add(award)
            await session.flush()
            for k, line in enumerate(entry.shares):
                session.add(
                    AwardShareRow(
                        award_id=award.id, position=k, employee_no=line.employee_no, name=line.name, share_bp=line.share_bp,
                        amount_fen=line.amount_fen,
                    )
                )  # fmt: skip
        audit.record(
            session, actor.username, "awards.publish", "campaign_awards", f"{campaign.slug}/awards",
            after={"definition_version": campaign.current_version, "entries": len(computed.entries), "total_paid_fen": computed.total_paid_fen},
        )  # fmt: skip
    return _published_view(campaign, snapshot)


def _published_view(campaign: CampaignRow, row: AwardListRow) -> AwardListView:
    return AwardListView(
        campaign_id=campaign.id,
        published=True,
        definition_version=row.definition_version,
        published_at=row.created_at,
        published_by=row.created_by,
        award_list=msgspec.json.decode(row.award_list, type=AwardList),
    )


async def published_award_list(session: AsyncSession, campaign_id: int, *, public: bool = True) -> AwardList:
    """The published list (NotFound before publication); `public`: as the campaign's
    `public_notice` declares (`contests.campaigns.public_list.public_copy`)."""
    return (await published_notice(session, campaign_id, public=public))[0]


async def published_notice(session: AsyncSession, campaign_id: int, *, public: bool = True) -> tuple[AwardList, PublicNotice]:
    """The published list (public: blanked as its notice declares) and the campaign's
    `public_notice`, read from the definition version the list was published with.
    NotFound before publication."""
    campaign = await store.campaign_row(session, campaign_id)
    row = await store.published_row(session, campaign.id)
    if row is None:
        raise NotFound.at("campaign_id", f"campaign {campaign_id} has no published award list yet")
    notice = store.definition(await store.version_row(session, campaign, row.definition_version)).public_notice
    published = msgspec.json.decode(row.award_list, type=AwardList)
    return (public_copy(published, notice) if public else published), notice


async def pay_list(session: AsyncSession, campaign_id: int) -> AwardListView:
    """The published list as finance pays from it (every 工号, share and amount). Conflict
    (409) before publication: nothing is paid from a preview."""
    campaign = await store.campaign_row(session, campaign_id)
    published = await store.published_row(session, campaign.id)
    if published is None:
        raise Conflict.at("", f"活动 {campaign.slug} 的获奖名单还没有公布，暂时没有奖金发放表：请组织方先公布获奖名单")
    return _published_view(campaign, published)


async def pay_sheet(session: AsyncSession, campaign_id: int) -> PaySheet:
    """The pay office's sheet of the published list: one line per proposer's part in fen
    (organiser and finance; see `pay_list` for the refusal)."""
    view = await pay_list(session, campaign_id)
    a = view.award_list
    lines = [
        PayLine(
            place=e.place, submission=e.submission, title=e.title, unit=e.unit, unit_name=e.unit_name, grade=e.grade,
            grade_name=e.grade_name, reward_fen=e.reward_fen, employee_no=s.employee_no, name=s.name, proposer_unit=s.unit,
            share_bp=s.share_bp, amount_fen=s.amount_fen, amount_yuan=s.amount_yuan,
        )
        for e in a.entries
        for s in e.shares
    ]  # fmt: skip
    return PaySheet(
        campaign_id=view.campaign_id, campaign=a.campaign, name=a.name, year=a.year, definition_version=view.definition_version,
        published_at=view.published_at, lines=lines, total_paid_fen=a.total_paid_fen, total_paid_yuan=a.total_paid_yuan,
    )  # fmt: skip


__all__ = [
    "award_list",
    "compute",
    "pay_list",
    "pay_sheet",
    "public_copy",
    "publish_awards",
    "published_award_list",
    "published_notice",
]
