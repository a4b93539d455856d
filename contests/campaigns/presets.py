"""Grade rules and reward tables from real rules (RULES.md, "Five smalls and rationalisation
proposals"), ready to put into a `Campaign`.

1986 regulation (国务院《合理化建议和技术改进奖励条例》, revised 1986-06-04), by verified annual
benefit (年节约或创造价值):

| grade | benefit (yuan)        | bonus (yuan)  |
|-------|-----------------------|---------------|
| 1     | ≥ 1,000,000           | 2,500–4,000   |
| 2     | 500,000 – 999,999.99  | 1,500–2,500   |
| 3     | 100,000 – 499,999.99  | 500–1,500     |
| 4     | 10,000 – 99,999.99    | 300–500       |
| 5     | 0.01 – 9,999.99       | ≤ 300         |

Boundaries: the regulation's table says "100万元以上 / 50–100万元 / … / 1万元以下", which
overlaps at every bound when read literally. We read every bound as an inclusive lower bound
("以上" includes the number, Civil Code art. 1259), so exactly 1,000,000 yuan is grade 1
and exactly 10,000 is grade 4. RULES.md summarises grade 1 as "> 1,000,000": read as the
regulation's "以上", that is ≥. Grade 5 starts at one fen: a proposal that created no
measurable value gets no benefit grade (it may still get a score grade).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from contests.campaigns.definition import BenefitBand, GradeRules, RewardRow, ScoreThreshold
from scoring.aggregation import Aggregation
from scoring.module import Module
from scoring.scheme import Criterion, Measurement, Scheme

GRADE_NAMES = ("一等奖", "二等奖", "三等奖", "四等奖", "五等奖")
GRADE_NAMES_EN = ("first prize", "second prize", "third prize", "fourth prize", "fifth prize")

BANDS_1986 = [
    BenefitBand(grade=1, min_yuan=Decimal("1000000")),
    BenefitBand(grade=2, min_yuan=Decimal("500000")),
    BenefitBand(grade=3, min_yuan=Decimal("100000")),
    BenefitBand(grade=4, min_yuan=Decimal("10000")),
    BenefitBand(grade=5, min_yuan=Decimal("0.01")),
]
RANGES_1986_YUAN = ((2500, 4000), (1500, 2500), (500, 1500), (300, 500), (0, 300))


def grading_1986() -> GradeRules:
    return GradeRules(basis="benefit", benefit_bands=list(BANDS_1986))


def rewards_1986(amounts_yuan: Sequence[int] = (2500, 1500, 500, 300, 300)) -> list[RewardRow]:
    """The 1986 reward table with the amounts this campaign chose inside each range
    (default: the bottom of each range, and the top of grade 5's "300元以下")."""
    return [
        RewardRow(
            grade=g + 1,
            name=GRADE_NAMES[g],
            name_en=GRADE_NAMES_EN[g],
            min_fen=lo * 100,
            max_fen=hi * 100,
            amount_fen=int(amounts_yuan[g]) * 100,
        )
        for g, (lo, hi) in enumerate(RANGES_1986_YUAN)
    ]


# RULES.md, company scheme: score ≥ 18 → 1,500 yuan, ≥ 15 → 1,000, ≥ 13 → 500
SCORE_PRIZES = ((18, 1500), (15, 1000), (13, 500))


def grading_score_prizes() -> GradeRules:
    return GradeRules(basis="score", score_thresholds=[ScoreThreshold(grade=g + 1, min_score=s) for g, (s, _) in enumerate(SCORE_PRIZES)])


def rewards_fixed(amounts_yuan: Sequence[int]) -> list[RewardRow]:
    """One fixed amount per grade (range of one value), grade 1 first."""
    return [
        RewardRow(grade=g + 1, name=GRADE_NAMES[g], name_en=GRADE_NAMES_EN[g], min_fen=a * 100, max_fen=a * 100, amount_fen=a * 100)
        for g, a in enumerate(amounts_yuan)
    ]


# Fujian 2022 provincial pool: 300 first prizes × 2,000 yuan, 500 second × 1,000, 1,200 third × 500
FUJIAN_2022 = ((300, 2000), (500, 1000), (1200, 500))

# RULES.md innovation rubric (out of 100): six aspects marked 10, 8 or 5, economic benefit up to 40
INNOVATION_ASPECTS = (
    ("advancement", "先进性"),
    ("originality", "创新性"),
    ("difficulty", "难易程度"),
    ("social_benefit", "社会效益"),
    ("maturity", "成熟程度"),
    ("application", "推广应用价值"),
)


def innovation_rubric(aggregation: Aggregation | None = None, max_marks: float = 10, benefit_marks: float = 40) -> Module:
    """The RULES.md innovation-award rubric as a scoring Module (weight 100). Each aspect is a
    direct mark: reviewers enter 10, 8 or 5 (or the benefit band's 40/30/20/15)."""
    aspects = [Measurement(id=i, name=n, max_marks=max_marks) for i, n in INNOVATION_ASPECTS]
    quality = Criterion(id="quality", name="技术水平", max_marks=max_marks * len(aspects), aspects=aspects)
    benefit = Criterion(
        id="economic",
        name="经济效益",
        max_marks=benefit_marks,
        aspects=[Measurement(id="economic_benefit", name="经济效益", max_marks=benefit_marks)],
    )
    return Module(
        id="rubric",
        name="评审细则",
        weight=100,
        scheme=Scheme(criteria=[quality, benefit]),
        aggregation=aggregation or Aggregation(method="trimmed_mean", trim=1),
    )


__all__ = [
    "BANDS_1986",
    "FUJIAN_2022",
    "GRADE_NAMES",
    "GRADE_NAMES_EN",
    "INNOVATION_ASPECTS",
    "RANGES_1986_YUAN",
    "SCORE_PRIZES",
    "grading_1986",
    "grading_score_prizes",
    "innovation_rubric",
    "rewards_1986",
    "rewards_fixed",
]
