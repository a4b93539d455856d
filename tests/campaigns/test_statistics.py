"""Statistics per campaign, period, unit and category: the union annual report figures of
RULES.md reproduced from synthetic data sets, participation rates, and the incremental
accumulator agreeing with a recount from scratch on random event sequences."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contests.campaigns.case import Case, apply_transition
from contests.campaigns.statistics import StatisticsAccumulator, TransitionEvent, statistics_from_scratch
from contests.campaigns.submission import Proposer
from contests.campaigns.workflow import TABLE, TransitionPayload, allowed_actions
from contests.people import Unit
from tests.campaigns.factories import AT, award, campaign_1986, campaign_score_prizes, drive, submission

UNITS = [
    Unit(code="TL", name="铜陵供电公司", headcount=1200),
    Unit(code="HF", name="合肥检修公司", headcount=800),
    Unit(code="AQ", name="安庆供电公司", headcount=500),
]


def act(case: Case, action: str, role: str, **payload) -> Case:
    return apply_transition(case, action, role, TransitionPayload(**payload) if payload else None, actor=role, at=AT)


def replay(cases: list[Case], units=UNITS) -> StatisticsAccumulator:
    acc = StatisticsAccumulator(units)
    for case in cases:
        for record in case.history:
            acc.apply(TransitionEvent(submission=case.submission, record=record))
    return acc


def test_union_annual_report_229_proposals_91_implemented_943000_yuan():
    # RULES.md: "union annual reports: 229 proposals, 91 implemented, about 943,000 yuan benefit"
    c = campaign_1986()
    units = [u.code for u in UNITS]
    cases = []
    for k in range(229):
        case = Case(submission=submission(f"P{k:03d}", campaign=c, unit=units[k % 3]))
        if k < 91:  # implemented; finance verified 90 × 10,000 + 1 × 43,000 yuan
            case = drive(case, "verified", benefit="43000" if k == 0 else "10000")
        elif k < 150:
            case = drive(case, "under_review")
        elif k < 200:
            case = act(drive(case, "submitted"), "reject", "organiser", reason="不属于合理化建议")
        else:
            case = act(drive(case, "accepted"), "withdraw", "proposer")
        cases.append(case)
    cases.append(Case(submission=submission("DRAFT", campaign=c)))  # a draft is not a proposal
    stats = statistics_from_scratch(cases, UNITS)
    t = stats.total
    assert (t.submitted, t.implemented, t.verified_benefit_yuan) == (229, 91, Decimal("943000.00"))
    assert (t.accepted, t.rejected, t.withdrawn, t.adopted) == (91 + 59 + 29, 50, 29, 91)
    assert sum(f.submitted for f in stats.by_unit.values()) == 229
    assert stats.by_campaign["hf-2025"] == t and stats.by_period["2025"] == t and stats.by_category["invention"] == t
    assert replay(cases).report() == stats


def test_14_proposals_10_registered_4_items_rewarded_9050_yuan():
    # RULES.md: "14 proposals, 10 registered; 4 five-smalls items rewarded 9,050 yuan"
    c = campaign_score_prizes()
    cases = []
    for k, reward in enumerate([300_000, 250_000, 205_000, 150_000] + [None] * 10):
        case = drive(Case(submission=submission(f"W{k:02d}", campaign=c, period="2025-H2")), "submitted")
        if k >= 10:
            case = act(case, "reject", "organiser", reason="重复建议")
        elif reward is not None:
            case = award(drive(case, "verified", benefit="5000"), 1, reward)
        else:
            case = drive(case, "accepted")
        cases.append(case)
    t = statistics_from_scratch(cases, UNITS).total
    assert (t.submitted, t.accepted, t.awarded, t.rewards_paid_fen) == (14, 10, 4, 905_000)
    assert replay(cases).report().total == t


def test_participation_rate_and_proposals_per_head():
    # 30 distinct proposers of unit HF (headcount 800) on 40 proposals; one co-proposer from AQ
    c = campaign_1986()
    cases = []
    for k in range(40):
        people = [Proposer(employee_no=f"HF-{k % 30}", name="职工", share_bp=10_000)]
        if k == 0:
            people = [
                Proposer(employee_no="HF-0", name="职工", share_bp=5000),
                Proposer(employee_no="AQ-1", name="协作者", unit="AQ", share_bp=5000),
            ]
        cases.append(drive(Case(submission=submission(f"H{k}", campaign=c, unit="HF", proposers=people)), "submitted"))
    stats = statistics_from_scratch(cases, UNITS)
    hf, aq, tl = stats.by_unit["HF"], stats.by_unit["AQ"], stats.by_unit["TL"]
    assert (hf.submitted, hf.proposers, hf.headcount) == (40, 30, 800)
    assert hf.participation_rate == Decimal("0.0375") and hf.proposals_per_head == Decimal("0.0500")
    assert (aq.submitted, aq.proposers, aq.participation_rate) == (0, 1, Decimal("0.0020"))
    assert (tl.submitted, tl.proposers, tl.participation_rate) == (0, 0, Decimal("0.0000"))
    assert stats.total.headcount == 2500 and stats.total.proposers == 31
    assert stats.total.participation_rate == Decimal("0.0124")  # 31 / 2500


def test_an_unknown_headcount_gives_no_rate_rather_than_a_wrong_one():
    cases = [drive(Case(submission=submission("S1", unit="TL")), "submitted")]
    units = [Unit(code="TL", name="铜陵", headcount=100), Unit(code="XX", name="未报人数")]
    stats = statistics_from_scratch(cases, units)
    assert stats.by_unit["TL"].participation_rate == Decimal("0.0200")
    assert stats.total.headcount is None and stats.total.participation_rate is None
    assert stats.by_unit["XX"].proposals_per_head is None


# ---------------------------------------------------------------- incremental = from scratch

ROLE = {}
for (_state, action), step in TABLE.items():
    ROLE[action] = step.roles[0]


def payload_for(action: str, data) -> TransitionPayload | None:
    if action == "verify":
        fen = data.draw(st.integers(0, 10**9), label="benefit fen")
        return TransitionPayload(verified_benefit_yuan=Decimal(fen).scaleb(-2), verified_by="财务部")
    if action == "award":
        return TransitionPayload(grade=data.draw(st.integers(1, 5)), reward_fen=data.draw(st.integers(0, 10**7)))
    if action in ("reject", "decline", "abandon"):
        return TransitionPayload(reason="理由")
    return None


@st.composite
def submissions(draw, n):
    campaigns = [campaign_1986(), campaign_score_prizes()]
    out = []
    for k in range(n):
        c = draw(st.sampled_from(campaigns))
        pool = draw(st.lists(st.sampled_from([f"E{i}" for i in range(8)]), min_size=1, max_size=3, unique=True))
        bps = [10_000 - 100 * (len(pool) - 1)] + [100] * (len(pool) - 1)
        people = [
            Proposer(employee_no=e, name="职工", unit=draw(st.sampled_from([None, "TL", "HF", "AQ"])), share_bp=bp)
            for e, bp in zip(pool, bps)
        ]
        out.append(
            submission(
                f"S{k}",
                campaign=c,
                unit=draw(st.sampled_from(["TL", "HF", "AQ", "ZZ"])),
                proposers=people,
                category=draw(st.sampled_from(c.categories)),
                period=draw(st.sampled_from(c.period_codes)),
            )
        )
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_incremental_statistics_equal_a_recount_from_scratch(data):
    subs = data.draw(submissions(data.draw(st.integers(1, 8))), label="submissions")
    cases = [Case(submission=s) for s in subs]
    units = data.draw(st.sampled_from([UNITS, [*UNITS, Unit(code="ZZ", name="未报", headcount=None)], UNITS[:1]]))
    acc = StatisticsAccumulator(units)
    for _ in range(data.draw(st.integers(0, 60), label="events")):
        k = data.draw(st.integers(0, len(cases) - 1))
        actions = allowed_actions(cases[k].state)
        if not actions:
            continue
        action = data.draw(st.sampled_from(actions))
        cases[k] = apply_transition(cases[k], action, ROLE[action], payload_for(action, data), actor="u", at=AT)
        acc.apply(TransitionEvent(submission=cases[k].submission, record=cases[k].history[-1]))
        if data.draw(st.booleans(), label="check now"):
            assert acc.report() == statistics_from_scratch(cases, units)
    assert acc.report() == statistics_from_scratch(cases, units)
