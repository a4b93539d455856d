"""Reviews (评审): panels of reviewers per submission, what a reviewer sees, rubric scores.

- The organiser sets a submission's panel (accepted or under review, before anyone has
  scored): exactly the campaign's panel size, checked by `contests.campaigns.review`, so a
  reviewer of one of the submission's units, or one of its proposers (by employee number,
  or by login: the submission's owner), is refused with 409 naming the reviewer and why.
- A reviewer (a login linked to a reviewer of the campaign) lists the submissions assigned
  to them: blind (a blind code, no proposer, unit or file name) when the campaign says so.
- A reviewer scores a submission under review by its blind code. The marks are checked by
  the engine on their own (the rubric's aspect kinds and ranges, the missing-mark policy)
  and stored as the reviewer's next version (append-only; the latest counts).
- The rubric score of a submission is the engine's (`score_rubric`: the campaign's
  aggregation, e.g. a trimmed mean for 5+ reviewers, and rounding) once every reviewer of
  its panel has scored; before that it has none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import msgspec
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.campaigns.blind import blind_view, open_view
from contests.campaigns.definition import Campaign
from contests.campaigns.errors import ReviewError
from contests.campaigns.review import ReviewAssignment, Reviewer, assignment_problems
from contests.campaigns.rubric import ReviewScore, RubricScore, score_rubric
from contests.store.models import CampaignReviewerRow, CampaignRow, ReviewAssignmentRow, ReviewScoreRow, SubmissionRow
from contests.usecases.campaigns import store
from contests.usecases.campaigns.views import PanelView, ReviewerMarks, ReviewTask, ScoreRecord, SubmissionScores
from contests.usecases.core.access import Forbidden, require_role
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.transaction import transaction
from scoring.aggregation import Aggregation
from scoring.errors import Problem

PANEL_STATES = ("accepted", "under_review")
SCORING_STATE = "under_review"


# ---------------------------------------------------------------- panels


async def set_panel(session: AsyncSession, actor: Actor, campaign_id: int, submission_id: int, codes: Sequence[str]) -> PanelView:
    """Replace the submission's panel. NotFound (404) for an unknown submission; Conflict
    or ReviewError (409) for the wrong state, existing scores, an unknown reviewer, the
    wrong panel size or a conflict of interest."""
    require_role(actor, (store.ORGANISER,), "assign reviewers")
    campaign, definition = await store.current(session, campaign_id)
    row = await store.submission_row(session, campaign.id, submission_id)
    async with transaction(session, conflict=f"the panel of submission {row.id} was changed at the same time: reload and retry"):
        if row.state not in PANEL_STATES:
            raise Conflict.at(
                "", f"reviewers are assigned to an accepted submission or one under review; submission {row.id} is {row.state!r}"
            )
        if await _scored(session, row.id):
            raise Conflict.at("reviewers", f"submission {row.id} already has review scores: its panel can no longer change")
        reviewers = await _reviewers(session, campaign.id)
        kids = (await store.children(session, [row]))[row.id]
        sub = store.submission(row, kids, campaign.slug)
        assignment = ReviewAssignment(submission=sub.id, reviewers=list(codes))
        domain = [Reviewer(code=r.code, name=r.name, unit=r.unit, employee_no=r.employee_no) for r in reviewers.values()]
        problems = [_panel_path(p) for p in assignment_problems([assignment], domain, [sub], definition.panel_size)]
        problems += [
            Problem(f"reviewers[{k}]", f"reviewer {code!r} is the login that wrote submission {row.id}")
            for k, code in enumerate(codes)
            if code in reviewers and reviewers[code].username is not None and reviewers[code].username == row.owner
        ]
        if problems:
            raise ReviewError(problems)
        before = await _panel_codes(session, row.id)
        await session.execute(delete(ReviewAssignmentRow).where(ReviewAssignmentRow.submission_id == row.id))
        for k, code in enumerate(codes):
            session.add(ReviewAssignmentRow(submission_id=row.id, reviewer_id=reviewers[code].id, position=k, created_by=actor.username))
        audit.record(
            session, actor.username, "panel.set", "campaign_panel", f"{campaign.slug}/{row.id}/panel", before=before, after=list(codes)
        )
    return PanelView(submission_id=row.id, reviewers=list(codes))


def _panel_path(p: Problem) -> Problem:
    # the domain names "assignments[0].reviewers[k]"; the body is {"reviewers": [...]}
    return Problem(p.path.removeprefix("assignments[0]."), p.rule)


async def get_panel(session: AsyncSession, campaign_id: int, submission_id: int) -> PanelView:
    campaign = await store.campaign_row(session, campaign_id)
    row = await store.submission_row(session, campaign.id, submission_id)
    return PanelView(submission_id=row.id, reviewers=await _panel_codes(session, row.id))


async def _reviewers(session: AsyncSession, campaign_id: int) -> dict[str, CampaignReviewerRow]:
    rows = await session.scalars(select(CampaignReviewerRow).where(CampaignReviewerRow.campaign_id == campaign_id))
    return {r.code: r for r in rows}


async def _panel_codes(session: AsyncSession, submission_id: int) -> list[str]:
    query = (
        select(CampaignReviewerRow.code)
        .join(ReviewAssignmentRow, ReviewAssignmentRow.reviewer_id == CampaignReviewerRow.id)
        .where(ReviewAssignmentRow.submission_id == submission_id)
        .order_by(ReviewAssignmentRow.position)
    )
    return list((await session.scalars(query)).all())


async def _scored(session: AsyncSession, submission_id: int) -> bool:
    return bool(await session.scalar(select(func.count()).select_from(ReviewScoreRow).where(ReviewScoreRow.submission_id == submission_id)))


# ---------------------------------------------------------------- the reviewer's side


async def acting_reviewer(session: AsyncSession, campaign_id: int, actor: Actor) -> CampaignReviewerRow:
    require_role(actor, (store.REVIEWER,), "review submissions")
    query = select(CampaignReviewerRow).where(
        CampaignReviewerRow.campaign_id == campaign_id, CampaignReviewerRow.username == actor.username
    )
    reviewer = await session.scalar(query)
    if reviewer is None:
        raise Forbidden.at("", f"account {actor.username!r} is not a reviewer of this campaign")
    return reviewer


async def my_reviews(session: AsyncSession, actor: Actor, campaign_id: int) -> list[ReviewTask]:
    """The submissions assigned to the reviewer, as the campaign lets them see them."""
    campaign, definition = await store.current(session, campaign_id)
    reviewer = await acting_reviewer(session, campaign.id, actor)
    query = (
        select(SubmissionRow)
        .join(ReviewAssignmentRow, ReviewAssignmentRow.submission_id == SubmissionRow.id)
        .where(ReviewAssignmentRow.reviewer_id == reviewer.id)
        .order_by(SubmissionRow.blind_code)  # not by id: the order must not hint at who submitted when
    )
    rows = list((await session.scalars(query)).all())
    kids = await store.children(session, rows)
    latest = await _latest_scores(session, [r.id for r in rows], reviewer_id=reviewer.id)
    tasks = []
    for row in rows:
        sub = store.submission(row, kids[row.id], campaign.slug)
        mine = latest.get((row.id, reviewer.id))
        tasks.append(
            ReviewTask(
                code=row.blind_code,
                open=row.state == SCORING_STATE,
                blind=definition.blind_review,
                blind_view=blind_view(sub, row.blind_code) if definition.blind_review else None,
                open_view=None if definition.blind_review else open_view(sub),
                my_version=mine.version if mine else None,
                my_marks=_marks(mine) if mine else None,
            )
        )
    return tasks


async def submit_score(session: AsyncSession, actor: Actor, campaign_id: int, code: str, marks: dict[str, float]) -> ScoreRecord:
    """Store the reviewer's marks for the submission with blind code `code` as their next
    version. NotFound (404) unless it is assigned to them; Conflict (409) unless it is under
    review; ReviewError (409) for marks the rubric refuses."""
    campaign, definition = await store.current(session, campaign_id)
    reviewer = await acting_reviewer(session, campaign.id, actor)
    row = await session.scalar(
        select(SubmissionRow)
        .join(ReviewAssignmentRow, ReviewAssignmentRow.submission_id == SubmissionRow.id)
        .where(SubmissionRow.campaign_id == campaign.id, SubmissionRow.blind_code == code, ReviewAssignmentRow.reviewer_id == reviewer.id)
    )
    if row is None:
        raise NotFound.at("code", f"no submission with code {code!r} is assigned to you")
    if row.state != SCORING_STATE:
        raise Conflict.at("code", f"scores are taken while a submission is under review; {code} is {row.state!r}")
    check_marks(definition, code, reviewer.code, marks)
    async with transaction(session, conflict=f"your score of {code} was sent twice at the same time: reload and retry"):
        version = (
            int(
                await session.scalar(
                    select(func.coalesce(func.max(ReviewScoreRow.version), 0)).where(
                        ReviewScoreRow.submission_id == row.id, ReviewScoreRow.reviewer_id == reviewer.id
                    )
                )
            )
            + 1
        )
        score = ReviewScoreRow(
            submission_id=row.id, reviewer_id=reviewer.id, version=version, marks=msgspec.json.encode(marks).decode("utf-8"),
            created_by=actor.username,
        )  # fmt: skip
        session.add(score)
        audit.record(
            session, actor.username, "review.score", "campaign_score", f"{campaign.slug}/{row.id}/scores/{reviewer.code}",
            after={"version": version, "marks": marks},
        )  # fmt: skip
    return ScoreRecord(code=code, reviewer=reviewer.code, version=version, marks=dict(marks), created_at=score.created_at)


def check_marks(definition: Campaign, code: str, reviewer: str, marks: dict[str, float]) -> None:
    """One reviewer's marks, checked by the engine as a panel of one (aspect kinds and
    ranges, unknown aspects, the rubric's missing-mark policy): ReviewError (409)."""
    rubric = definition.rubric
    alone = msgspec.structs.replace(rubric, aggregation=Aggregation(method="mean", missing=rubric.aggregation.missing))
    single = msgspec.structs.replace(definition, rubric=alone, panel_size=1)
    try:
        score_rubric(
            single,
            [ReviewAssignment(submission=code, reviewers=[reviewer])],
            [ReviewScore(submission=code, reviewer=reviewer, marks=marks)],
        )
    except ReviewError as exc:
        raise ReviewError([Problem(_marks_path(p.path), p.rule) for p in exc.problems]) from exc


_ENGINE_PATH = re.compile(r"^reviews\[[^\]]*\]\[(?P<aspect>[^\]]+)\]")


def _marks_path(path: str) -> str:
    """The engine's "reviews[CODE][aspect][reviewer]…" or the checker's "reviews[0].marks.x"
    as the body's field: "marks.aspect" (the body is {"marks": {...}})."""
    if path.startswith("reviews[0]."):
        return path[len("reviews[0].") :]
    m = _ENGINE_PATH.match(path)
    if m:
        return f"marks.{m.group('aspect')}"
    return path or "marks"


# ---------------------------------------------------------------- scores


async def _latest_scores(
    session: AsyncSession, submission_ids: Sequence[int], reviewer_id: int | None = None
) -> dict[tuple[int, int], ReviewScoreRow]:
    """(submission id, reviewer id) → the latest score version."""
    if not submission_ids:
        return {}
    query = select(ReviewScoreRow).where(ReviewScoreRow.submission_id.in_(list(submission_ids)))
    if reviewer_id is not None:
        query = query.where(ReviewScoreRow.reviewer_id == reviewer_id)
    latest: dict[tuple[int, int], ReviewScoreRow] = {}
    for r in await session.scalars(query.order_by(ReviewScoreRow.version)):
        latest[(r.submission_id, r.reviewer_id)] = r
    return latest


def _marks(row: ReviewScoreRow) -> dict[str, float]:
    return msgspec.json.decode(row.marks, type=dict[str, float])


async def rubric_scores(session: AsyncSession, campaign: CampaignRow, definition: Campaign) -> dict[str, RubricScore]:
    """submission id (as text) → the engine's rubric score, for every complete panel."""
    query = (
        select(ReviewAssignmentRow.submission_id, ReviewAssignmentRow.reviewer_id, CampaignReviewerRow.code)
        .join(CampaignReviewerRow, CampaignReviewerRow.id == ReviewAssignmentRow.reviewer_id)
        .join(SubmissionRow, SubmissionRow.id == ReviewAssignmentRow.submission_id)
        .where(SubmissionRow.campaign_id == campaign.id)
        .order_by(ReviewAssignmentRow.submission_id, ReviewAssignmentRow.position)
    )
    panels: dict[int, list[tuple[int, str]]] = {}
    for sid, rid, code in (await session.execute(query)).all():
        panels.setdefault(sid, []).append((rid, code))
    latest = await _latest_scores(session, list(panels))
    assignments, reviews = [], []
    for sid, members in panels.items():
        if not all((sid, rid) in latest for rid, _ in members):
            continue  # not every reviewer has scored: no score yet
        assignments.append(ReviewAssignment(submission=str(sid), reviewers=[code for _, code in members]))
        reviews += [ReviewScore(submission=str(sid), reviewer=code, marks=_marks(latest[(sid, rid)])) for rid, code in members]
    return score_rubric(definition, assignments, reviews) if assignments else {}


async def submission_scores(session: AsyncSession, campaign_id: int, submission_id: int) -> SubmissionScores:
    """The panel's latest marks (reviewer names included: for the organiser) and the score."""
    campaign, definition = await store.current(session, campaign_id)
    row = await store.submission_row(session, campaign.id, submission_id)
    query = (
        select(CampaignReviewerRow)
        .join(ReviewAssignmentRow, ReviewAssignmentRow.reviewer_id == CampaignReviewerRow.id)
        .where(ReviewAssignmentRow.submission_id == row.id)
        .order_by(ReviewAssignmentRow.position)
    )
    members = list((await session.scalars(query)).all())
    latest = await _latest_scores(session, [row.id])
    panel = [
        ReviewerMarks(
            reviewer=m.code, name=m.name,
            version=latest[(row.id, m.id)].version if (row.id, m.id) in latest else None,
            marks=_marks(latest[(row.id, m.id)]) if (row.id, m.id) in latest else None,
        )
        for m in members
    ]  # fmt: skip
    complete = bool(members) and all(p.version is not None for p in panel)
    score = None
    if complete:
        assignment = ReviewAssignment(submission=str(row.id), reviewers=[m.code for m in members])
        reviews = [ReviewScore(submission=str(row.id), reviewer=p.reviewer, marks=p.marks or {}) for p in panel]
        score = score_rubric(definition, [assignment], reviews)[str(row.id)].score
    return SubmissionScores(submission_id=row.id, complete=complete, score=score, panel=panel)


__all__ = [
    "acting_reviewer",
    "check_marks",
    "get_panel",
    "my_reviews",
    "rubric_scores",
    "set_panel",
    "submission_scores",
    "submit_score",
]
