"""A campaign (评选活动): one five-smalls / rationalisation-proposal award round.

It declares the categories it accepts, the review rubric, how grades are given, what each
grade pays, an optional budget pool and the eligibility rules. Like a contest definition it
is one msgspec Struct tree: the schema of a definition file, an API body and the value the
domain functions run on.

The rubric *is* a `scoring.module.Module` (weight 100): the engine validates and scores
exactly what the organiser wrote. Reviewer panels of 5 or more must use a trimmed mean that
drops at least the highest and lowest mark (`Aggregation(method="trimmed_mean", trim>=1)`),
the usual rule for expert panels (RULES.md, Judge statistics: FIG 5 judges, middle 3).

Grades (等级) are numbered from 1 (best). `GradeRules.basis` says how they are reached:

- "score": rubric score ≥ a threshold (RULES.md company scheme: ≥18, ≥15, ≥13);
- "benefit": verified annual benefit ≥ a band's lower bound (1986 regulation bands);
- "better": both rules are evaluated and the better grade counts; either alone suffices;
- "both": both rules are evaluated and the worse grade counts; a submission needs both.

Thresholds and band bounds are inclusive lower bounds ("X 以上" includes X: Civil Code of the
PRC, art. 1259), so each band is [lower, next better band's lower). See presets.py.

Budget rules when the rewards exceed the pool (rewards.py implements them):

- "scale_down": every reward is scaled by pool / requested, in fen, by largest remainder,
  so the paid total equals the pool exactly (a scaled reward may fall below its grade's
  range: the pool is the harder limit);
- "by_grade": grades are paid in full from grade 1 down while the pool lasts; the first
  grade that does not fit shares what is left in proportion (largest remainder); worse
  grades get nothing;
- "refuse": the award list is refused (BudgetExceeded) until the organiser changes it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from contests.attachments.rules import AttachmentRules
from contests.campaigns.categories import Category
from contests.campaigns.errors import CampaignError
from contests.campaigns.money import Fen, yuan_problem
from contests.fields import Name, NameEn, Slug, validation_problem
from scoring.errors import Problem
from scoring.module import Module, module_problems
from scoring.rounding import Rounding

TRIM_PANEL = 5  # panels of this size or more must trim

Grade = Annotated[int, msgspec.Meta(ge=1, le=20)]
Score = Annotated[float, msgspec.Meta(ge=0, le=1_000_000)]
PanelSize = Annotated[int, msgspec.Meta(ge=1, le=50)]
PeriodCode = Annotated[str, msgspec.Meta(min_length=4, max_length=16, pattern=r"^[0-9]{4}(?:-[A-Za-z0-9]{1,8})?(?![\s\S])")]
GradeBasis = Literal["score", "benefit", "better", "both"]
BudgetRule = Literal["scale_down", "by_grade", "refuse"]
# where the panel's trim (and mean or median) applies: to each aspect's marks, or to each
# reviewer's rubric total (five-smalls juries often drop the highest and lowest expert total)
TrimOn = Literal["aspect", "reviewer_total"]
# bundled presets a definition may name instead of repeating them (contests.campaigns.named_presets)
GradingPreset = Literal["1986_benefit_bands", "score_prizes"]
RewardsPreset = Literal["1986_rewards", "score_prizes"]


class _Def(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    pass


class ScoreThreshold(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A rubric score ≥ `min_score` (compared after the campaign's rounding) earns `grade`."""

    grade: Grade
    min_score: Score


class BenefitBand(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A verified annual benefit ≥ `min_yuan` earns `grade` (the best band reached counts)."""

    grade: Grade
    min_yuan: Decimal


class GradeRules(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    basis: GradeBasis
    score_thresholds: list[ScoreThreshold] = []
    benefit_bands: list[BenefitBand] = []

    @property
    def uses_score(self) -> bool:
        return self.basis != "benefit"

    @property
    def uses_benefit(self) -> bool:
        return self.basis != "score"


class RewardRow(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """What a grade pays: the regulation's range [min_fen, max_fen] and the amount this
    campaign chose inside it (1986 grade 1: 2,500–4,000 yuan)."""

    grade: Grade
    name: Name
    name_en: NameEn = ""
    min_fen: Fen
    max_fen: Fen
    amount_fen: Fen


class BudgetPool(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    pool_fen: Annotated[int, msgspec.Meta(ge=1, le=10**14)]
    rule: BudgetRule


class EligibilityRules(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Which declared facts bar a submission from an award (RULES.md, Eligibility)."""

    require_in_use: bool = True
    exclude_already_rewarded: bool = True
    exclude_ip_dispute: bool = True
    exclude_secret: bool = True
    exclude_government_funded: bool = True


class NoticePeriod(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """The 公示 period printed on the public list: objections are taken from `start` to `end`
    (both days included) through `contact` (an office, a phone number, a mailbox)."""

    start: dt.date
    end: dt.date
    contact: Name  # e.g. "公司工会办公室 0562-1234567"


class PublicNotice(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """What the published award list (公示) shows besides the grade, the title, the names and
    the unit. Everything defaults to hidden: the shares and bonuses, the verified benefit and
    the not-awarded reasons (a secret, an IP dispute, an earlier reward) are about named people
    and company figures; finance's pay sheet and the organiser's views keep them all."""

    show_amounts: bool = False  # rewards, each proposer's share and bonus, the totals and the pool
    show_benefit: bool = False  # the verified annual benefit
    show_not_awarded: bool = False  # the submissions not awarded, with their reasons
    # the 公示 period and where objections go; left out of the encoded definition when not declared
    period: NoticePeriod | msgspec.UnsetType = msgspec.UNSET


class Campaign(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """One award round. `periods` are its reporting periods ("2025-Q1"…); none means the year.
    `panel_size` is the number of reviewers assigned to each submission."""

    id: Slug
    name: Name
    name_en: NameEn = ""
    year: Annotated[int, msgspec.Meta(ge=1949, le=2100)]
    periods: Annotated[list[PeriodCode], msgspec.Meta(max_length=366)] = []
    categories: Annotated[list[Category], msgspec.Meta(min_length=1, max_length=6)]
    rubric: Module
    rounding: Rounding = Rounding()
    panel_size: PanelSize = 3
    blind_review: bool = True
    trim_on: TrimOn = "aspect"
    grading: GradeRules | GradingPreset
    rewards: Annotated[list[RewardRow], msgspec.Meta(max_length=20)] | RewardsPreset
    budget: BudgetPool | None = None
    eligibility: EligibilityRules = EligibilityRules()
    public_notice: PublicNotice = PublicNotice()
    attachments: AttachmentRules = AttachmentRules()  # size limit, allowed types, files per submission

    @property
    def period_codes(self) -> list[str]:
        return list(self.periods) or [str(self.year)]

    def reward(self, grade: int) -> RewardRow | None:
        return next((r for r in self.rewards if r.grade == grade), None)


# ---------------------------------------------------------------- validation


def validate_campaign(campaign: Campaign) -> None:
    """Raise CampaignError listing every problem of the campaign; return None if valid."""
    problems = campaign_problems(campaign)
    if problems:
        raise CampaignError(problems)


def campaign_problems(campaign: Campaign) -> list[Problem]:
    from contests.campaigns.named_presets import expand_presets  # the presets are built from this module's types

    campaign = expand_presets(campaign)
    typed = _type_problems(campaign)
    if typed:
        return typed  # rules that read mistyped fields could not be trusted
    problems = list(module_problems([campaign.rubric], "rubric"))
    problems += _duplicates(campaign.categories, "categories", "category")
    problems += _duplicates(campaign.periods, "periods", "period")
    problems += _duplicates(campaign.attachments.types, "attachments.types", "file type")
    problems += _panel_problems(campaign)
    problems += _grading_problems(campaign)
    problems += _reward_problems(campaign)
    problems += _notice_problems(campaign.public_notice)
    return problems


def _notice_problems(notice: PublicNotice) -> list[Problem]:
    period = notice.period
    if period and period.end < period.start:
        return [Problem("public_notice.period.end", f"the 公示 period ends ({period.end}) before it starts ({period.start})")]
    return []


def _type_problems(campaign: Campaign) -> list[Problem]:
    # Structs built in Python skip msgspec's Meta bounds; a round trip applies them.
    try:
        msgspec.convert(msgspec.to_builtins(campaign), Campaign)
    except msgspec.ValidationError as exc:
        return [Problem(*validation_problem(exc))]
    except (TypeError, ValueError) as exc:
        return [Problem("", f"not a campaign definition: {exc}")]
    return []


def _duplicates(values: list, path: str, what: str) -> list[Problem]:
    seen: dict[object, int] = {}
    out = []
    for i, v in enumerate(values):
        if v in seen:
            out.append(Problem(f"{path}[{i}]", f"{what} {v!r} is already listed at {path}[{seen[v]}]"))
        seen.setdefault(v, i)
    return out


def _panel_problems(campaign: Campaign) -> list[Problem]:
    agg, size = campaign.rubric.aggregation, campaign.panel_size
    if size >= TRIM_PANEL and (agg.method != "trimmed_mean" or agg.trim < 1):
        return [
            Problem(
                "rubric.aggregation",
                f"a panel of {size} reviewers (≥ {TRIM_PANEL}) must use a trimmed mean dropping at least "
                f"the highest and lowest mark (method 'trimmed_mean', trim ≥ 1)",
            )
        ]
    if agg.method == "trimmed_mean" and size <= 2 * agg.trim:
        return [
            Problem(
                "panel_size", f"a trimmed mean dropping {agg.trim} + {agg.trim} marks needs more than {2 * agg.trim} reviewers, got {size}"
            )
        ]
    return []


def _grading_problems(campaign: Campaign) -> list[Problem]:
    rules = campaign.grading
    problems = []
    for name, used, given in (
        ("score_thresholds", rules.uses_score, rules.score_thresholds),
        ("benefit_bands", rules.uses_benefit, rules.benefit_bands),
    ):
        if used and not given:
            problems.append(Problem(f"grading.{name}", f"basis {rules.basis!r} needs at least one entry"))
        elif given and not used:
            problems.append(Problem(f"grading.{name}", f"basis {rules.basis!r} does not read {name}: remove them"))
    problems += _threshold_problems(campaign)
    problems += _band_problems(rules.benefit_bands)
    return problems


def _threshold_problems(campaign: Campaign) -> list[Problem]:
    items = campaign.grading.score_thresholds
    path = "grading.score_thresholds"
    problems = _duplicates([t.grade for t in items], path, "grade")
    top = campaign.rubric.max_scaled
    for i, t in enumerate(items):
        if t.min_score > top:
            problems.append(Problem(f"{path}[{i}].min_score", f"{t.min_score:g} is above the rubric's maximum {top:g}"))
        if (units := round(t.min_score * campaign.rounding.scale, 6)) != int(units):
            problems.append(
                Problem(
                    f"{path}[{i}].min_score",
                    f"{t.min_score:g} has more decimal places than the rubric's rounding ({campaign.rounding.places})",
                )
            )
    return problems + _descending(items, lambda t: t.min_score, path, "min_score")


def _band_problems(bands: list[BenefitBand]) -> list[Problem]:
    path = "grading.benefit_bands"
    problems = _duplicates([b.grade for b in bands], path, "grade")
    bad = [Problem(f"{path}[{i}].min_yuan", why) for i, b in enumerate(bands) if (why := yuan_problem(b.min_yuan))]
    if bad:
        return problems + bad
    return problems + _descending(bands, lambda b: b.min_yuan, path, "min_yuan")


def _descending(items: list, bound, path: str, field: str) -> list[Problem]:
    """A better grade (smaller number) must need strictly more than a worse one."""
    ranked = sorted(range(len(items)), key=lambda i: items[i].grade)
    out = []
    for prev, cur in zip(ranked, ranked[1:]):
        if items[cur].grade != items[prev].grade and not bound(items[cur]) < bound(items[prev]):
            out.append(
                Problem(
                    f"{path}[{cur}].{field}",
                    f"grade {items[cur].grade} needs {bound(items[cur])}, not less than grade {items[prev].grade}'s "
                    f"{bound(items[prev])}: a better grade must need strictly more",
                )
            )
    return out


def produced_grades(campaign: Campaign) -> set[int]:
    """Grades the grade rules can give."""
    rules = campaign.grading
    scored = {t.grade for t in rules.score_thresholds} if rules.uses_score else set()
    banded = {b.grade for b in rules.benefit_bands} if rules.uses_benefit else set()
    if rules.basis == "both":
        # the worse (larger) of a score grade and a benefit grade
        return {g for g in scored if g >= min(banded, default=g)} | {g for g in banded if g >= min(scored, default=g)}
    return scored | banded


def _reward_problems(campaign: Campaign) -> list[Problem]:
    rows = campaign.rewards
    problems = _duplicates([r.grade for r in rows], "rewards", "grade")
    for i, r in enumerate(rows):
        if r.min_fen > r.max_fen:
            problems.append(Problem(f"rewards[{i}].max_fen", f"range {r.min_fen}–{r.max_fen} fen runs backwards"))
        elif not r.min_fen <= r.amount_fen <= r.max_fen:
            problems.append(
                Problem(f"rewards[{i}].amount_fen", f"{r.amount_fen} fen is outside the grade's range {r.min_fen}–{r.max_fen} fen")
            )
    produced = produced_grades(campaign)
    listed = {r.grade for r in rows}
    problems += [Problem("rewards", f"grade {g} can be given but has no reward row") for g in sorted(produced - listed)]
    problems += [
        Problem(f"rewards[{i}].grade", f"grade {r.grade} is never given by the grade rules")
        for i, r in enumerate(rows)
        if r.grade not in produced
    ]
    ranked = sorted(rows, key=lambda r: r.grade)
    for better, worse in zip(ranked, ranked[1:]):
        if worse.amount_fen > better.amount_fen:
            i = rows.index(worse)
            problems.append(
                Problem(
                    f"rewards[{i}].amount_fen",
                    f"grade {worse.grade} pays {worse.amount_fen} fen, more than grade {better.grade}'s {better.amount_fen}",
                )
            )
    return problems


def decode_campaign(data: bytes | str, fmt: Literal["json", "toml"] = "json", *, validate: bool = True) -> Campaign:
    """Decode a campaign file or body; type and rule errors both raise CampaignError."""
    decoder = msgspec.json.decode if fmt == "json" else msgspec.toml.decode
    try:
        campaign = decoder(data, type=Campaign)
    except msgspec.ValidationError as exc:
        raise CampaignError.at(*validation_problem(exc)) from exc
    except (msgspec.DecodeError, UnicodeError) as exc:
        raise CampaignError.at("", f"not valid {fmt.upper()}: {exc}") from exc
    from contests.campaigns.named_presets import expand_presets  # the presets are built from this module's types

    campaign = expand_presets(campaign)
    if validate:
        validate_campaign(campaign)
    return campaign


__all__ = [
    "BenefitBand",
    "BudgetPool",
    "BudgetRule",
    "Campaign",
    "EligibilityRules",
    "Grade",
    "GradeBasis",
    "GradeRules",
    "GradingPreset",
    "NoticePeriod",
    "PublicNotice",
    "RewardRow",
    "RewardsPreset",
    "ScoreThreshold",
    "TRIM_PANEL",
    "TrimOn",
    "campaign_problems",
    "decode_campaign",
    "produced_grades",
    "validate_campaign",
]
