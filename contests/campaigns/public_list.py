"""The public award list (获奖名单公示): what anyone may read of a published award list.

A public list shows the grade, the title, the proposers' names and the unit (with the place,
the submission number, the category and the rubric score), and the 公示 period with its
contact line when the notice declares one. The campaign's `public_notice`
declares what it shows besides (`contests.campaigns.definition.PublicNotice`): the amounts
(rewards, each proposer's share and bonus, totals, the pool), the verified benefit, the
not-awarded list with its reasons. Employee numbers are never public. Finance's pay sheet
and the organiser's views read the full `AwardList`.

`public_copy` blanks what the `AwardList` type can blank (employee numbers, benefits, the
not-awarded list) for the page, CSV and XLSX, which hide the amount columns themselves;
`public_award_list` is the JSON body, whose undeclared fields are left out (`PublicAwardList`
documents them as optional).
"""

from __future__ import annotations

from decimal import Decimal

import msgspec

from contests.campaigns.award_list import AwardEntry, AwardList, GradeSummary, NotAwarded, ShareLine
from contests.campaigns.definition import NoticePeriod, PublicNotice
from contests.campaigns.rewards import BudgetOutcome


class _Public(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    pass


class PublicShare(_Public, frozen=True, kw_only=True, omit_defaults=True):
    """A proposer. employee_no is always "": a public list never identifies by number."""

    employee_no: str
    name: str
    unit: str
    share_bp: int | None = None
    amount_fen: int | None = None
    amount_yuan: Decimal | None = None


class PublicEntry(_Public, frozen=True, kw_only=True, omit_defaults=True):
    place: int
    submission: str
    title: str
    category: str
    unit: str
    unit_name: str
    grade: int
    grade_name: str
    grade_name_en: str
    score: Decimal | None
    shares: list[PublicShare]
    verified_benefit_yuan: Decimal | None = None
    table_fen: int | None = None
    reward_fen: int | None = None
    reward_yuan: Decimal | None = None


class PublicGrade(_Public, frozen=True, kw_only=True, omit_defaults=True):
    grade: int
    name: str
    name_en: str
    count: int
    requested_fen: int | None = None
    paid_fen: int | None = None


class PublicAwardList(_Public, frozen=True, kw_only=True, omit_defaults=True):
    """The published list as the public JSON serves it: fields the campaign does not declare
    public (`public_notice`) are left out."""

    campaign: str
    name: str
    name_en: str
    year: int
    grades: list[PublicGrade]
    entries: list[PublicEntry]
    not_awarded: list[NotAwarded] = []
    budget: BudgetOutcome | None = None
    total_paid_fen: int | None = None
    total_paid_yuan: Decimal | None = None
    notice_period: NoticePeriod | None = None  # the 公示 period and where objections go, when declared


def public_copy(award_list: AwardList, notice: PublicNotice = PublicNotice()) -> AwardList:
    """The list with employee numbers blanked, and the verified benefit and the not-awarded
    list emptied unless the notice shows them (the amounts stay: the AwardList type needs
    them, and the public files hide them by `notice.show_amounts`)."""
    replace = msgspec.structs.replace
    benefit = notice.show_benefit
    entries = [
        replace(
            e, verified_benefit_yuan=e.verified_benefit_yuan if benefit else None, shares=[replace(s, employee_no="") for s in e.shares]
        )
        for e in award_list.entries
    ]
    refused = [n if benefit else replace(n, verified_benefit_yuan=None) for n in award_list.not_awarded] if notice.show_not_awarded else []
    return replace(award_list, entries=entries, not_awarded=refused)


def public_award_list(award_list: AwardList, notice: PublicNotice = PublicNotice()) -> PublicAwardList:
    """The public JSON body of a published list: what `notice` declares, never employee numbers."""
    shown = public_copy(award_list, notice)
    money = notice.show_amounts
    return PublicAwardList(
        campaign=shown.campaign,
        name=shown.name,
        name_en=shown.name_en,
        year=shown.year,
        grades=[_grade(g, money) for g in shown.grades],
        entries=[_entry(e, money) for e in shown.entries],
        not_awarded=shown.not_awarded,
        budget=shown.budget if money else None,
        total_paid_fen=shown.total_paid_fen if money else None,
        total_paid_yuan=shown.total_paid_yuan if money else None,
        notice_period=notice.period or None,
    )


def _grade(g: GradeSummary, money: bool) -> PublicGrade:
    paid = {"requested_fen": g.requested_fen, "paid_fen": g.paid_fen} if money else {}
    return PublicGrade(grade=g.grade, name=g.name, name_en=g.name_en, count=g.count, **paid)


def _share(s: ShareLine, money: bool) -> PublicShare:
    paid = {"share_bp": s.share_bp, "amount_fen": s.amount_fen, "amount_yuan": s.amount_yuan} if money else {}
    return PublicShare(employee_no="", name=s.name, unit=s.unit, **paid)


def _entry(e: AwardEntry, money: bool) -> PublicEntry:
    paid = {"table_fen": e.table_fen, "reward_fen": e.reward_fen, "reward_yuan": e.reward_yuan} if money else {}
    return PublicEntry(
        place=e.place,
        submission=e.submission,
        title=e.title,
        category=e.category,
        unit=e.unit,
        unit_name=e.unit_name,
        grade=e.grade,
        grade_name=e.grade_name,
        grade_name_en=e.grade_name_en,
        score=e.score,
        shares=[_share(s, money) for s in e.shares],
        verified_benefit_yuan=e.verified_benefit_yuan,
        **paid,
    )


__all__ = ["PublicAwardList", "PublicEntry", "PublicGrade", "PublicShare", "public_award_list", "public_copy"]
