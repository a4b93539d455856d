"""Builders shared by the campaign tests: campaigns from the RULES.md presets, submissions,
and cases driven through the real workflow (never by setting `state` by hand)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import msgspec

from contests.campaigns.case import Case, apply_transition
from contests.campaigns.definition import BudgetPool, Campaign, GradeRules
from contests.campaigns.presets import grading_1986, grading_score_prizes, innovation_rubric, rewards_1986, rewards_fixed
from contests.campaigns.submission import Attachment, EligibilityDeclaration, Proposer, Submission
from contests.campaigns.workflow import TransitionPayload
from scoring.aggregation import Aggregation
from scoring.module import Module
from scoring.scheme import Criterion, Measurement, Scheme

AT = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
ELIGIBLE = EligibilityDeclaration(in_use=True, already_rewarded=False, ip_dispute=False, secret=False, government_funded=False)
replace = msgspec.structs.replace


def twenty_point_rubric(aggregation: Aggregation | None = None) -> Module:
    """A company scheme scored out of 20 (RULES.md score prizes: ≥18, ≥15, ≥13)."""
    aspects = [
        Measurement(id=i, name=n, max_marks=m)
        for i, n, m in (("value", "实用价值", 8), ("novelty", "创新程度", 6), ("effect", "实施效果", 6))
    ]
    return Module(
        id="rubric",
        name="评审细则",
        weight=100,
        scheme=Scheme(criteria=[Criterion(id="all", name="综合", max_marks=20, aspects=aspects)]),
        aggregation=aggregation or Aggregation(method="mean"),
    )


def campaign_1986(**changes) -> Campaign:
    base = Campaign(
        id="hf-2025",
        name="2025年合理化建议评选",
        name_en="2025 rationalisation proposals",
        year=2025,
        categories=["invention", "creation", "innovation", "design", "suggestion", "rationalisation"],
        rubric=innovation_rubric(),
        panel_size=5,
        grading=grading_1986(),
        rewards=rewards_1986(),
    )
    return replace(base, **changes)


def campaign_score_prizes(**changes) -> Campaign:
    base = Campaign(
        id="company-2025",
        name="2025年五小成果评选",
        name_en="2025 five-smalls awards",
        year=2025,
        periods=["2025-H1", "2025-H2"],
        categories=["invention", "creation", "innovation", "design", "suggestion"],
        rubric=twenty_point_rubric(),
        panel_size=3,
        grading=grading_score_prizes(),
        rewards=rewards_fixed([1500, 1000, 500]),
    )
    return replace(base, **changes)


def fujian_campaign(pool_yuan: int | None = None, rule: str = "scale_down") -> Campaign:
    budget = BudgetPool(pool_fen=pool_yuan * 100, rule=rule) if pool_yuan is not None else None
    return campaign_score_prizes(
        id="fujian-2022",
        year=2022,
        periods=[],
        rewards=rewards_fixed([2000, 1000, 500]),
        budget=budget,
        grading=GradeRules(basis="score", score_thresholds=grading_score_prizes().score_thresholds),
    )


def submission(sid: str = "S001", *, campaign: Campaign | None = None, unit: str = "TL", proposers=None, **changes) -> Submission:
    campaign = campaign or campaign_1986()
    base = Submission(
        id=sid,
        campaign=campaign.id,
        period=campaign.period_codes[0],
        category=campaign.categories[0],
        title=f"变压器油位远程监测装置 {sid}",
        problem="人工巡视油位耗时且有漏检。",
        solution="加装油位传感器，数据接入集控系统。",
        unit=unit,
        proposers=proposers
        or [
            Proposer(employee_no=f"{sid}-E1", name="张三", share_bp=6000),
            Proposer(employee_no=f"{sid}-E2", name="李四", share_bp=4000),
        ],
        claimed_benefit_yuan=Decimal("120000.00"),
        attachments=[Attachment(filename="张三-图纸.pdf", size_bytes=12345, sha256="ab" * 32, content_type="application/pdf")],
        eligibility=ELIGIBLE,
    )
    return replace(base, **changes)


# the actions and payloads that walk a case to each state, in order
PATH = {
    "submitted": [("submit", "proposer", None)],
    "accepted": [("accept", "organiser", None)],
    "under_review": [("start_review", "organiser", None)],
    "adopted": [("adopt", "organiser", None)],
    "implemented": [("implement", "organiser", None)],
    "verified": [("verify", "finance", "benefit")],
}
ORDER = ["submitted", "accepted", "under_review", "adopted", "implemented", "verified"]


def drive(case: Case, to: str, *, benefit: Decimal | str = "0", verifier: str = "财务部 王会计") -> Case:
    """Walk a case along the main path up to state `to` (one of ORDER)."""
    for state in ORDER[ORDER.index(case.state) + 1 if case.state in ORDER else 0 : ORDER.index(to) + 1]:
        for action, role, kind in PATH[state]:
            payload = TransitionPayload(verified_benefit_yuan=Decimal(benefit), verified_by=verifier) if kind == "benefit" else None
            case = apply_transition(case, action, role, payload, actor=f"{role}-1", at=AT)
    return case


def award(case: Case, grade: int, reward_fen: int) -> Case:
    return apply_transition(case, "award", "organiser", TransitionPayload(grade=grade, reward_fen=reward_fen), actor="organiser-1", at=AT)
