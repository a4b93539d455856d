"""Demo data for `biwu serve --demo`, five smalls: one campaign (2026年职工"五小"创新成果评选)
with 30 submissions in every state of the workflow (draft … archived, rejected,
withdrawn), six expert reviewers, panels of five scored with the trimmed mean, verified
benefits, a budget pool, and a published award list.

Everything goes through the use-cases, as the employees, the organiser, the reviewers and
finance would (validated and audited). Seeding is idempotent and resumable: the campaign,
units and reviewers are added only if missing, each submission (found by its title) goes
on along its route from wherever it stands, and publication happens once.
"""

from __future__ import annotations

import random
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.audit import SYSTEM
from contests.campaigns.definition import BenefitBand, BudgetPool, Campaign, GradeRules, ScoreThreshold
from contests.campaigns.presets import INNOVATION_ASPECTS, innovation_rubric, rewards_fixed
from contests.campaigns.submission import Attachment, EligibilityDeclaration, Proposer
from contests.people import Unit
from contests.usecases.campaigns import awards as award_uc
from contests.usecases.campaigns import campaign as campaign_uc
from contests.usecases.campaigns import people as people_uc
from contests.usecases.campaigns import reviews as review_uc
from contests.usecases.campaigns import store
from contests.usecases.campaigns import submissions as submission_uc
from contests.usecases.campaigns.views import CampaignReviewer, EmployeeBody, ShareConfirmationBody, SubmissionDraft, TransitionRequest

ORGANISER = Actor(username=SYSTEM, role="organiser")
FINANCE = Actor(username="finance", role="finance")
EMPLOYEES = (Actor(username="employee", role="employee"), Actor(username="employee2", role="employee"))
# the registered employees the two demo logins belong to (the drafts' proposers are registered too)
LOGIN_EMPLOYEES = (
    EmployeeBody(employee_no="HQ-0001", name="陈建国", unit="JX1", username="employee"),
    EmployeeBody(employee_no="HQ-0002", name="林晓红", unit="JX2", username="employee2"),
)

# (username, password, role): printed by `biwu serve --demo` with the contest accounts
CAMPAIGN_ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    ("employee", "employee-demo", "employee"),
    ("employee2", "employee2-demo", "employee"),
    ("finance", "finance-demo", "finance"),
    *((f"expert{i}", f"expert{i}-demo", "reviewer") for i in range(1, 7)),
)

CAMPAIGN = Campaign(
    id="wuxiao-2026",
    name='2026年职工"五小"创新成果评选',
    name_en="2026 employee five-smalls innovation awards",
    year=2026,
    periods=["2026-H1", "2026-H2"],
    categories=["invention", "creation", "innovation", "design", "suggestion", "rationalisation"],
    rubric=innovation_rubric(),  # RULES.md: six aspects at 10/8/5, economic benefit up to 40; trimmed mean
    panel_size=5,
    blind_review=True,
    grading=GradeRules(
        basis="better",  # the better of the score grade and the benefit grade (1986 bands, top three)
        score_thresholds=[
            ScoreThreshold(grade=1, min_score=85),
            ScoreThreshold(grade=2, min_score=75),
            ScoreThreshold(grade=3, min_score=65),
        ],
        benefit_bands=[
            BenefitBand(grade=1, min_yuan=Decimal("1000000")),
            BenefitBand(grade=2, min_yuan=Decimal("500000")),
            BenefitBand(grade=3, min_yuan=Decimal("100000")),
        ],
    ),
    rewards=rewards_fixed([3000, 2000, 1000]),
    budget=BudgetPool(pool_fen=1_000_000, rule="scale_down"),  # 10,000 yuan for the round
)

UNITS = (
    Unit(code="JDZX", name="市职业技能鉴定中心", headcount=40),
    Unit(code="JX1", name="第一机械厂", headcount=1200),
    Unit(code="JX2", name="第二机械厂", headcount=950),
    Unit(code="RD", name="热电公司", headcount=620),
    Unit(code="GD", name="供电公司", headcount=1800),
    Unit(code="JS", name="建设集团", headcount=2300),
)
SUBMITTING_UNITS = ("JX1", "JX2", "RD", "GD", "JS")
# code → (name, unit, login): three from the centre, three from enterprises (each recused from their own)
REVIEWERS = {
    "ZJ01": ("陶永年", "JDZX", "expert1"),
    "ZJ02": ("严立群", "JDZX", "expert2"),
    "ZJ03": ("华振声", "JX1", "expert3"),
    "ZJ04": ("金承志", "RD", "expert4"),
    "ZJ05": ("魏明远", "GD", "expert5"),
    "ZJ06": ("姜树人", "JDZX", "expert6"),
}

TITLES = (
    "数控车床刀具快速对刀装置",
    "变压器油位远程监测改造",
    "锅炉排污余热回收利用",
    "焊接变形校正简易工装",
    "电缆沟智能排水系统",
    "行车防碰撞预警装置",
    "冷却塔风机变频节能改造",
    "配电柜测温贴片巡检法",
    "钢筋弯曲机安全防护罩",
    "叉车电池集中充电管理",
    "汽轮机轴封漏汽回收",
    "铸件浇冒口切割定位夹具",
    "高压开关柜五防闭锁改进",
    "塔吊吊钩可视化系统",
    "空压机群控节能方案",
    "车间照明分区感应控制",
    "皮带输送机跑偏自动纠正",
    "低压无功补偿柜改造",
    "脚手架扣件快速检测台",
    "循环水泵密封改进",
    "模具温度在线监控",
    "巡检记录移动化小程序",
    "除尘器滤袋在线检漏",
    "接地线挂设辅助杆",
    "混凝土养护喷淋定时器",
    "机床冷却液过滤回用",
    "电机轴承故障声学诊断",
    "仓库物料二维码定位",
    "安全帽佩戴识别提醒",
    "凝结水回收管路优化",
)
CATEGORIES = ("innovation", "invention", "creation", "design", "suggestion", "rationalisation")

# the target state of each of the 30 submissions, in title order
TARGETS = (
    ["draft"] * 3 + ["submitted"] * 2 + ["accepted"] * 2 + ["rejected"] * 2 + ["under_review"] * 3
    + ["adopted"] * 2 + ["not_adopted"] * 2 + ["in_trial"] * 2 + ["implemented"] * 2 + ["verified"]
    + ["awarded"] * 5 + ["archived_awarded"] + ["archived"] + ["withdrawn"] * 2
)  # fmt: skip
AWARDED = ("awarded", "archived_awarded")

# routes: (step, argument); a transition step is (actor key, action), "panel" and "score" are review steps
_REVIEW = [("proposer", "submit"), ("organiser", "accept"), ("panel", None), ("organiser", "start_review")]
_ADOPTED = [*_REVIEW, ("score", 5), ("organiser", "adopt")]
_IMPLEMENTED = [*_ADOPTED, ("organiser", "implement")]
ROUTES = {
    "draft": [],
    "submitted": [("proposer", "submit")],
    "accepted": [("proposer", "submit"), ("organiser", "accept")],
    "rejected": [("proposer", "submit"), ("organiser", "reject")],
    "under_review": [*_REVIEW, ("score", 2)],
    "adopted": _ADOPTED,
    "not_adopted": [*_REVIEW, ("score", 5), ("organiser", "decline")],
    "in_trial": [*_ADOPTED, ("organiser", "start_trial")],
    "implemented": [*_ADOPTED, ("organiser", "start_trial"), ("organiser", "implement")],
    "verified": [*_IMPLEMENTED, ("finance", "verify")],
    "awarded": [*_IMPLEMENTED, ("finance", "verify")],  # awarded when the list is published
    "archived_awarded": [*_IMPLEMENTED, ("finance", "verify")],  # archived after publication
    "archived": [("proposer", "submit"), ("organiser", "reject"), ("organiser", "archive")],
    "withdrawn": [("proposer", "submit"), ("proposer", "withdraw")],
}
REASONS = {"reject": "与往年已立项建议重复", "decline": "经评审，预期效益不足", "withdraw": "本人调岗，暂缓提出"}
BENEFITS = ("96000.00", "38000.00", "12500.50", "64000.00")
AWARD_BENEFITS = ("1250000.00", "620000.00", "180000.50", "450000.00", "2300000.00", "150000.00")  # ≥ 100,000: a benefit grade
_NAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = ("建华", "志强", "海燕", "晓东", "红梅", "国庆", "春生", "立新", "永刚", "秀兰", "德明", "玉华")


async def seed_campaign(session: AsyncSession) -> None:
    """Seed (or complete) the demo campaign; the accounts exist already (api.demo)."""
    cid = await _campaign(session)
    rng = random.Random("biwu-demo-campaign")
    drafts = [_draft(k, rng) for k in range(len(TITLES))]  # drawn in full every time: same data
    await _register(session, cid, drafts)
    existing = {v.submission.title: v for v in await submission_uc.list_submissions(session, ORGANISER, cid)}
    published = await store.is_published(session, cid)
    for k, (title, target) in enumerate(zip(TITLES, TARGETS)):
        owner = EMPLOYEES[k % 2]
        view = existing.get(title)
        if view is None:
            if published:
                continue
            view = await submission_uc.create_draft(session, owner, cid, drafts[k])
        if not published:
            await _follow(session, cid, view.id, owner, ROUTES[target], k)
    if not published:
        await award_uc.publish_awards(session, ORGANISER, cid)
    stored = {v.submission.title: v for v in await submission_uc.list_submissions(session, ORGANISER, cid)}
    for title, target in zip(TITLES, TARGETS):
        view = stored.get(title)
        if target == "archived_awarded" and view is not None and view.state == "awarded":
            await submission_uc.transition_submission(session, ORGANISER, cid, view.id, TransitionRequest(action="archive"))


async def _campaign(session: AsyncSession) -> int:
    stored = {c.slug: c.id for c in await campaign_uc.list_campaigns(session)}
    cid = stored.get(CAMPAIGN.id)
    if cid is None:
        cid = (await campaign_uc.create_campaign(session, ORGANISER, CAMPAIGN)).id
    units = {u.code for u in await campaign_uc.list_units(session, cid)}
    for unit in UNITS:
        if unit.code not in units:
            await campaign_uc.add_unit(session, ORGANISER, cid, unit)
    reviewers = {r.code for r in await campaign_uc.list_reviewers(session, cid)}
    for code, (name, unit, login) in REVIEWERS.items():
        if code not in reviewers:
            await campaign_uc.add_reviewer(session, ORGANISER, cid, CampaignReviewer(code=code, name=name, unit=unit, username=login))
    return cid


async def _register(session: AsyncSession, cid: int, drafts: list[SubmissionDraft]) -> None:
    """The employee register: the two employee logins and every proposer the drafts name
    (a draft names registered people only), each added once."""
    known = {e.employee_no for e in await people_uc.list_employees(session, ORGANISER, cid)}
    wanted = [*LOGIN_EMPLOYEES, *(EmployeeBody(employee_no=p.employee_no, name=p.name, unit=d.unit) for d in drafts for p in d.proposers)]
    for body in wanted:
        if body.employee_no not in known:
            await people_uc.register_employee(session, ORGANISER, cid, body)
            known.add(body.employee_no)


async def _confirm(session: AsyncSession, cid: int, sid: int) -> None:
    """The co-proposers' signatures collected on paper, recorded by the organiser before submitting."""
    for p in await people_uc.share_confirmations(session, ORGANISER, cid, sid):
        if not p.confirmed:
            body = ShareConfirmationBody(employee_no=p.employee_no, share_bp=p.share_bp, reason="共同完成人已在申报表上签字确认")
            await people_uc.confirm_share(session, ORGANISER, cid, sid, body)


def _draft(k: int, rng: random.Random) -> SubmissionDraft:
    unit = SUBMITTING_UNITS[k % len(SUBMITTING_UNITS)]
    n = 1 + k % 3
    shares = {1: [10000], 2: [6000, 4000], 3: [5000, 3000, 2000]}[n]
    proposers = [
        Proposer(employee_no=f"{unit}-{1000 + 7 * k + j}", name=rng.choice(_NAMES) + rng.choice(_GIVEN), share_bp=s)
        for j, s in enumerate(shares)
    ]
    target = TARGETS[k]
    return SubmissionDraft(
        period="2026-H1" if k % 2 == 0 else "2026-H2",
        category=CATEGORIES[k % len(CATEGORIES)],  # type: ignore[arg-type]
        title=TITLES[k],
        problem=f"{TITLES[k]}：现场作业中存在效率低、能耗高或安全隐患等问题，需要改进。",
        solution="经小组反复试验，提出改进方案并在班组试用，效果良好。",
        unit=unit,
        proposers=proposers,
        claimed_benefit_yuan=_benefit(k),
        attachments=[
            Attachment(filename=f"方案说明-{k + 1}.pdf", size_bytes=20_000 + k, sha256=f"{k:02x}" * 32, content_type="application/pdf")
        ],
        # the one left "verified" was rewarded before: ineligible, so the published list names why
        eligibility=EligibilityDeclaration(
            in_use=True, already_rewarded=target == "verified", ip_dispute=False, secret=False, government_funded=False
        ),
    )


def _benefit(k: int) -> str:
    return AWARD_BENEFITS[k % len(AWARD_BENEFITS)] if TARGETS[k] in AWARDED else BENEFITS[k % len(BENEFITS)]


def _panel(unit: str) -> list[str]:
    """The first five reviewers not of the submission's unit."""
    return [code for code, (_, u, _) in REVIEWERS.items() if u != unit][: CAMPAIGN.panel_size]


async def _follow(session: AsyncSession, cid: int, sid: int, owner: Actor, route: list, k: int) -> None:
    """Take the route's steps that have not been taken yet (a restart resumes here)."""
    view = await submission_uc.get_submission(session, ORGANISER, cid, sid)
    done = len(view.history)
    transitions = 0
    panel = _panel(view.submission.unit)
    marks_rng = random.Random(f"biwu-demo-marks-{k}")
    for who, what in route:
        if who == "panel":
            if not (await review_uc.get_panel(session, cid, sid)).reviewers:
                await review_uc.set_panel(session, ORGANISER, cid, sid, panel)
            continue
        if who == "score":
            scores = await review_uc.submission_scores(session, cid, sid)
            for member, code in zip(scores.panel[:what], panel[:what]):
                marks = {a: float(marks_rng.choice((10, 8, 8, 5))) for a, _ in INNOVATION_ASPECTS}
                marks["economic_benefit"] = float(marks_rng.choice((40, 30, 20, 15)))
                if member.version is None:
                    login = REVIEWERS[code][2]
                    await review_uc.submit_score(session, Actor(username=login, role="reviewer"), cid, view.blind_code or "", marks)
            continue
        transitions += 1
        if transitions <= done:
            continue
        actor = {"proposer": owner, "organiser": ORGANISER, "finance": FINANCE}[who]
        if what == "submit":
            await _confirm(session, cid, sid)
        payload = {}
        if what in REASONS:
            payload["reason"] = REASONS[what]
        if what == "verify":
            payload = {"verified_benefit_yuan": _benefit(k), "verified_by": "财务部 钱会计"}
        await submission_uc.transition_submission(session, actor, cid, sid, TransitionRequest(action=what, **payload))


__all__ = ["CAMPAIGN", "CAMPAIGN_ACCOUNTS", "seed_campaign"]
