"""Campaign use-cases on the database (SQLite and PostgreSQL alike): the store keeps the
domain's values exactly, definitions are versioned with guards against rewriting history,
every transition is one transaction with its history row and audit event, racing
transitions end in one winner and a Conflict, publication is all or nothing, and the
statistics the service reports equal the recomputation from scratch."""

from __future__ import annotations

import asyncio
import random
from decimal import Decimal

import msgspec
import pytest
from sqlalchemy import func, select

from contests.accounts import Actor
from contests.campaigns.errors import BudgetExceeded, ReviewError, SubmissionError, TransitionConflict, TransitionForbidden
from contests.campaigns.statistics import statistics_from_scratch
from contests.campaigns.submission import Attachment, Proposer
from contests.campaigns.workflow import STATES, TABLE
from contests.people import Unit
from contests.store import session_factory
from contests.store.models import SUBMISSION_STATES, AuditEventRow, AwardRow, AwardShareRow, TransitionRow
from contests.usecases.accounts.users import add_user
from contests.usecases.campaigns import awards, people, reviews, store, submissions
from contests.usecases.campaigns import campaign as campaigns
from contests.usecases.campaigns.views import CampaignReviewer, EmployeeBody, ShareConfirmationBody, SubmissionDraft, TransitionRequest
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import Conflict, NotFound
from tests.campaigns.factories import ELIGIBLE, campaign_1986, campaign_score_prizes
from tests.db.helpers import counts
from tests.factories.logins import add_logins

pytestmark = [pytest.mark.db, pytest.mark.anyio]

ORG = Actor("org", "organiser")
EMP = Actor("emp1", "employee")
EMP2 = Actor("emp2", "employee")
FIN = Actor("fin1", "finance")
REVIEWERS = [Actor(f"rev{k}", "reviewer") for k in range(1, 4)]
UNITS = [
    Unit(code="TL", name="铜陵供电公司", headcount=1200),
    Unit(code="HF", name="合肥检修公司", headcount=800),
    Unit(code="ZJ", name="专家中心"),
]
FULL = {"value": 8.0, "novelty": 6.0, "effect": 6.0}
# the campaign's employee register: 工号, name, home unit, login (emp1 writes as 张三)
REGISTER = [("E1", "张三", "TL", "emp1"), ("E2", "李四", "TL", None), ("E3", "王五", "HF", None), ("E90", "周九", "TL", "emp2")]
REGISTER += [(f"P{k}", "甲", "TL", None) for k in range(6)]


def draft(**changes) -> SubmissionDraft:
    base = SubmissionDraft(
        period="2025-H1", category="invention", title="变压器油位远程监测装置", problem="人工巡视油位耗时。", solution="加装油位传感器。",
        unit="TL",
        proposers=[Proposer(employee_no="E1", name="张三", share_bp=3333), Proposer(employee_no="E2", name="李四", share_bp=3333),
                   Proposer(employee_no="E3", name="王五", unit="HF", share_bp=3334)],
        claimed_benefit_yuan="999999999999.99",
        attachments=[Attachment(filename="图纸.pdf", size_bytes=200 * 1024 * 1024, sha256="0f" * 32, content_type="application/pdf")],
        eligibility=ELIGIBLE,
    )  # fmt: skip
    return msgspec.structs.replace(base, **changes)


async def campaign(session, definition=None) -> int:
    """A stored campaign with units and three reviewers linked to logins (inserted directly:
    add_user's hashing is tested elsewhere and costs ~0.1 s per account)."""
    await add_logins(session, (EMP, EMP2, FIN, *REVIEWERS), password="password", skip_existing=True)
    view = await campaigns.create_campaign(session, ORG, definition or campaign_score_prizes())
    for unit in UNITS:
        await campaigns.add_unit(session, ORG, view.id, unit)
    for k, unit in enumerate(("ZJ", "ZJ", "ZJ"), start=1):
        await campaigns.add_reviewer(session, ORG, view.id, CampaignReviewer(code=f"R{k}", name=f"专家{k}", unit=unit, username=f"rev{k}"))
    for no, name, unit, login in REGISTER:  # drafts name registered people only (issue 11 item 5)
        await people.register_employee(session, ORG, view.id, EmployeeBody(employee_no=no, name=name, unit=unit, username=login))
    return view.id


async def confirm_shares(session, cid, sid):
    """The co-proposers' shares of a draft confirmed on paper by the organiser (before submitting)."""
    row = await store.submission_row(session, cid, sid)
    if row.state != "draft":
        return
    for p in await people.share_confirmations(session, ORG, cid, sid):
        if not p.confirmed:
            body = ShareConfirmationBody(employee_no=p.employee_no, share_bp=p.share_bp, reason="书面签字确认（测试）")
            await people.confirm_share(session, ORG, cid, sid, body)


async def act(session, actor, cid, sid, action, **payload):
    if action == "submit":
        await confirm_shares(session, cid, sid)
    return await submissions.transition_submission(session, actor, cid, sid, TransitionRequest(action=action, **payload))


async def to_verified(session, cid, sid, benefit="100.00", score=FULL):
    await act(session, EMP, cid, sid, "submit")
    await act(session, ORG, cid, sid, "accept")
    await reviews.set_panel(session, ORG, cid, sid, ["R1", "R2", "R3"])
    await act(session, ORG, cid, sid, "start_review")
    code = (await submissions.get_submission(session, ORG, cid, sid)).blind_code
    for reviewer in REVIEWERS:
        await reviews.submit_score(session, reviewer, cid, code, score)
    for actor, action in ((ORG, "adopt"), (ORG, "implement")):
        await act(session, actor, cid, sid, action)
    await act(session, FIN, cid, sid, "verify", verified_benefit_yuan=benefit, verified_by="财务部 王会计")


async def test_the_store_states_are_the_workflow_states_and_the_new_roles_can_log_in(session):
    assert SUBMISSION_STATES == STATES
    for actor in (EMP, FIN, REVIEWERS[0]):
        assert await add_user(session, actor.username, "password-x", actor.role) == actor


async def test_a_draft_round_trips_exactly(session):
    cid = await campaign(session)
    view = await submissions.create_draft(session, EMP, cid, draft())
    again = await submissions.get_submission(session, EMP, cid, view.id)
    assert again == view and view.owner == "emp1" and view.state == "draft" and view.blind_code is None
    sub = view.submission
    assert sub.claimed_benefit_yuan == Decimal("999999999999.99") and str(sub.claimed_benefit_yuan) == "999999999999.99"
    assert [p.share_bp for p in sub.proposers] == [3333, 3333, 3334] and sub.proposers[2].unit == "HF"
    assert sub.attachments == draft().attachments and sub.eligibility == ELIGIBLE
    assert len((await submissions.get_submission(session, ORG, cid, view.id)).blind_code) == 8


async def test_drafts_are_refused_whole_when_they_do_not_fit(session):
    cid = await campaign(session)
    before = await counts(session)
    bad = draft(unit="XX", category="rationalisation", proposers=[Proposer(employee_no="E1", name="张三", share_bp=9999)])
    with pytest.raises(SubmissionError) as refused:
        await submissions.create_draft(session, EMP, cid, bad)
    assert {p.path for p in refused.value.problems} == {"unit", "category", "proposers"}
    assert await counts(session) == before


async def test_employees_reach_only_their_own(session):
    cid = await campaign(session)
    sid = (await submissions.create_draft(session, EMP, cid, draft())).id
    with pytest.raises(NotFound):
        await submissions.get_submission(session, EMP2, cid, sid)
    with pytest.raises(NotFound):
        await act(session, EMP2, cid, sid, "submit")
    assert await submissions.list_submissions(session, EMP2, cid) == []
    with pytest.raises(Forbidden):
        await submissions.list_submissions(session, REVIEWERS[0], cid)


async def test_a_transition_writes_its_history_and_audit_together(session):
    cid = await campaign(session)
    sid = (await submissions.create_draft(session, EMP, cid, draft())).id
    await confirm_shares(session, cid, sid)  # the co-proposers confirm first: their audit entries are not the transition's
    before = await counts(session)
    view = await act(session, EMP, cid, sid, "submit")
    after = await counts(session)
    assert view.state == "submitted" and view.history[-1].actor == "emp1" and view.history[-1].actor_role == "proposer"
    assert after["campaign_transitions"] == before["campaign_transitions"] + 1
    assert after["audit_events"] == before["audit_events"] + 1
    assert {k: v for k, v in after.items() if k not in ("campaign_transitions", "audit_events")} == {
        k: v for k, v in before.items() if k not in ("campaign_transitions", "audit_events")
    }
    for actor, action in ((EMP, "accept"), (ORG, "submit"), (FIN, "reject")):
        with pytest.raises((TransitionForbidden, TransitionConflict)):
            await act(session, actor, cid, sid, action, **({"reason": "x"} if action == "reject" else {}))
    assert await counts(session) == after


async def test_racing_transitions_leave_one_winner(session, engine):
    cid = await campaign(session)
    sid = (await submissions.create_draft(session, EMP, cid, draft())).id
    await act(session, EMP, cid, sid, "submit")
    factory = session_factory(engine)

    async def decide(action: str, payload: dict):
        async with factory() as own:
            try:
                return (await act(own, ORG, cid, sid, action, **payload)).state
            except (Conflict, TransitionConflict) as exc:
                return type(exc).__name__

    outcomes = await asyncio.gather(decide("accept", {}), decide("reject", {"reason": "重复"}))
    assert sorted(o in ("accepted", "rejected") for o in outcomes) == [False, True], outcomes
    history = (
        await session.scalars(select(TransitionRow.action).where(TransitionRow.submission_id == sid).order_by(TransitionRow.seq))
    ).all()
    assert history[0] == "submit" and len(history) == 2
    assert (await submissions.get_submission(session, ORG, cid, sid)).state in ("accepted", "rejected")


async def test_definition_versions_guard_history(session):
    definition = campaign_score_prizes()
    cid = await campaign(session, definition)
    sid = (await submissions.create_draft(session, EMP, cid, draft(category="design"))).id
    replace = msgspec.structs.replace
    with pytest.raises(Conflict, match="category 'design' cannot be removed"):
        await campaigns.new_campaign_version(session, ORG, cid, replace(definition, categories=["invention"]))
    with pytest.raises(Conflict, match="keeps its id"):
        await campaigns.new_campaign_version(session, ORG, cid, replace(definition, id="other"))
    v2 = await campaigns.new_campaign_version(session, ORG, cid, replace(definition, panel_size=4))
    assert v2.version == 2 and (await campaigns.get_campaign(session, cid, 1)).definition.panel_size == 3
    v3 = await campaigns.new_campaign_version(session, ORG, cid, definition)
    await act(session, EMP, cid, sid, "submit")
    await act(session, ORG, cid, sid, "accept")
    await reviews.set_panel(session, ORG, cid, sid, ["R1", "R2", "R3"])
    with pytest.raises(Conflict, match="panel_size can no longer change"):
        await campaigns.new_campaign_version(session, ORG, cid, replace(definition, panel_size=4))
    # rewards and budget may still change
    v4 = await campaigns.new_campaign_version(session, ORG, cid, replace(definition, name_en="renamed"))
    assert (v3.version, v4.version) == (3, 4)


async def test_reviewer_conflicts_and_links(session):
    cid = await campaign(session)
    await campaigns.add_reviewer(session, ORG, cid, CampaignReviewer(code="RX", name="本单位专家", unit="HF"))
    await campaigns.add_reviewer(session, ORG, cid, CampaignReviewer(code="RE", name="张三", unit="ZJ", employee_no="E1"))
    with pytest.raises(Conflict, match="not 'reviewer'"):
        await campaigns.add_reviewer(session, ORG, cid, CampaignReviewer(code="RF", name="财务", unit="ZJ", username="fin1"))
    with pytest.raises(Conflict, match="already linked"):
        await campaigns.add_reviewer(session, ORG, cid, CampaignReviewer(code="R9", name="重复", unit="ZJ", username="rev1"))
    sid = (await submissions.create_draft(session, EMP, cid, draft())).id
    await act(session, EMP, cid, sid, "submit")
    await act(session, ORG, cid, sid, "accept")
    with pytest.raises(ReviewError) as refused:
        await reviews.set_panel(session, ORG, cid, sid, ["R1", "RX", "RE"])
    assert [p.path for p in refused.value.problems] == ["reviewers[1]", "reviewers[2]"]  # HF is E3's unit; RE is E1
    with pytest.raises(Forbidden):
        await reviews.my_reviews(session, Actor("rev9", "reviewer"), cid)


async def test_publication_is_all_or_nothing(session):
    from contests.campaigns.definition import BudgetPool

    definition = campaign_score_prizes(budget=BudgetPool(pool_fen=100000, rule="refuse"))
    cid = await campaign(session, definition)
    sids = [(await submissions.create_draft(session, EMP, cid, draft())).id for _ in range(2)]
    for sid in sids:
        await to_verified(session, cid, sid)
    before = await counts(session)
    with pytest.raises(BudgetExceeded):
        await awards.publish_awards(session, ORG, cid)
    assert await counts(session) == before
    await campaigns.new_campaign_version(
        session, ORG, cid, msgspec.structs.replace(definition, budget=BudgetPool(pool_fen=200000, rule="scale_down"))
    )
    published = await awards.publish_awards(session, ORG, cid)
    assert [e.reward_fen for e in published.award_list.entries] == [100000, 100000]
    assert await session.scalar(select(func.sum(AwardRow.reward_fen))) == 200000
    shares = (await session.scalars(select(AwardShareRow.amount_fen).order_by(AwardShareRow.id))).all()
    assert shares == [33330, 33330, 33340] * 2
    assert {(await submissions.get_submission(session, ORG, cid, s)).state for s in sids} == {"awarded"}
    with pytest.raises(Conflict, match="already published"):
        await awards.publish_awards(session, ORG, cid)
    with pytest.raises(Conflict, match="no more submissions"):
        await submissions.create_draft(session, EMP, cid, draft())
    assert (await awards.published_award_list(session, cid)).entries[0].shares[0].employee_no == ""
    assert (await awards.published_award_list(session, cid, public=False)).entries[0].shares[0].employee_no == "E1"
    audit = (
        await session.scalars(select(AuditEventRow.action).where(AuditEventRow.action.in_(["submission.award", "awards.publish"])))
    ).all()
    assert sorted(audit) == ["awards.publish", "submission.award", "submission.award"]


async def test_reported_statistics_equal_the_recomputation_on_a_random_workload(session):
    """Random walks through the workflow table (seeded), then: the accumulator over the
    stored transitions (what the service reports) equals statistics_from_scratch."""
    cid = await campaign(session, campaign_1986(periods=["2025-Q1", "2025-Q2"], panel_size=3, rubric=campaign_score_prizes().rubric))
    rng = random.Random(20251205)
    callers = {"proposer": EMP, "organiser": ORG, "finance": FIN}
    payloads = {"reject": {"reason": "r"}, "decline": {"reason": "r"}, "abandon": {"reason": "r"}, "withdraw": {"reason": "r"}}
    for _k in range(14):
        unit = rng.choice(["TL", "HF"])
        proposers = [Proposer(employee_no=f"P{rng.randrange(6)}", name="甲", share_bp=10000, unit=rng.choice([None, "ZJ"]))]
        sid = (await submissions.create_draft(session, EMP, cid, draft(unit=unit, period=rng.choice(["2025-Q1", "2025-Q2"]),
                                                                       category=rng.choice(["invention", "design"]), proposers=proposers))).id  # fmt: skip
        state = "draft"
        for _ in range(rng.randrange(0, 9)):
            options = [(a, st) for (s, a), st in TABLE.items() if s == state and a != "award"]
            if not options:
                break
            action, step = rng.choice(options)
            payload = payloads.get(action, {})
            if action == "verify":
                payload = {"verified_benefit_yuan": f"{rng.randrange(0, 2_000_000)}.{rng.randrange(100):02d}", "verified_by": "财务"}
            state = (await act(session, callers[step.roles[0]], cid, sid, action, **payload)).state
    await awards.publish_awards(session, ORG, cid)
    reported = await campaigns.campaign_statistics(session, cid)
    row = await store.campaign_row(session, cid)
    _, cases = await store.cases(session, row)
    assert reported == statistics_from_scratch(cases, await store.units(session, cid))
    assert reported.total.submitted == sum(1 for c in cases if "submitted" in c.reached())
    assert reported.total.rewards_paid_fen == sum(c.reward_fen or 0 for c in cases)
