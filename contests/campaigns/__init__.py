"""Five-smalls and rationalisation-proposal campaigns (五小 / 合理化建议): the pure domain
layer (no database, no HTTP). One concept per module:

definition  Campaign: categories, rubric (a scoring Module), grade rules, rewards, budget, eligibility
presets     1986 regulation bands and rewards, RULES.md score prizes, Fujian 2022 pool, a rubric
submission  Submission: proposers with shares (basis points), exact money, attachments, declarations
eligibility eligibility rules checked per submission
workflow    the declared state machine: TABLE, transition() → next state + audit record
case        Case (a submission and its state) and apply_transition()
review      reviewers, panels and conflicts of interest
blind       what a reviewer sees (blind codes, no names)
rubric      reviews → marks tensor → scoring engine → rubric scores
grading     grade per submission (score thresholds and/or benefit bands)
rewards     reward per grade, budget rules, split among co-proposers
apportion   the largest remainder method
award_list  the award list Struct; export: JSON, CSV, XLSX, HTML
public_list what the public list (公示) shows: the campaign's public_notice, the public JSON
statistics  statistics from scratch and incrementally
"""

from contests.campaigns.apportion import largest_remainder
from contests.campaigns.award_list import AwardEntry, AwardList, NotAwarded, ShareLine, build_award_list
from contests.campaigns.blind import BlindSubmission, OpenSubmission, blind_codes, blind_view, reviewer_view
from contests.campaigns.case import Case, apply_transition
from contests.campaigns.categories import CATEGORIES, Category, category_label
from contests.campaigns.definition import (
    BenefitBand,
    BudgetPool,
    Campaign,
    EligibilityRules,
    GradeRules,
    PublicNotice,
    RewardRow,
    ScoreThreshold,
    campaign_problems,
    decode_campaign,
    validate_campaign,
)
from contests.campaigns.eligibility import eligibility_problems
from contests.campaigns.errors import (
    AwardError,
    BudgetExceeded,
    CampaignError,
    ReviewError,
    SubmissionError,
    TransitionConflict,
    TransitionForbidden,
    TransitionPayloadError,
)
from contests.campaigns.export import to_csv, to_html, to_json, to_xlsx
from contests.campaigns.grading import GradeDecision, grade_cases
from contests.campaigns.money import fen_to_yuan, format_yuan, yuan_to_fen
from contests.campaigns.review import ReviewAssignment, Reviewer, conflict_matrix, validate_assignments
from contests.campaigns.rewards import apply_budget, split_reward
from contests.campaigns.rubric import ReviewScore, RubricScore, score_rubric
from contests.campaigns.statistics import Figures, Statistics, StatisticsAccumulator, TransitionEvent, statistics_from_scratch
from contests.campaigns.submission import (
    Attachment,
    EligibilityDeclaration,
    Proposer,
    Submission,
    decode_submission,
    validate_submission,
)
from contests.campaigns.workflow import (
    TABLE,
    TransitionPayload,
    TransitionRecord,
    TransitionResult,
    allowed_actions,
    table_rows,
    transition,
)

__all__ = [
    "Attachment",
    "AwardEntry",
    "AwardError",
    "AwardList",
    "BenefitBand",
    "BlindSubmission",
    "BudgetExceeded",
    "BudgetPool",
    "CATEGORIES",
    "Campaign",
    "CampaignError",
    "Case",
    "Category",
    "EligibilityDeclaration",
    "EligibilityRules",
    "Figures",
    "GradeDecision",
    "GradeRules",
    "NotAwarded",
    "OpenSubmission",
    "Proposer",
    "PublicNotice",
    "ReviewAssignment",
    "ReviewError",
    "ReviewScore",
    "Reviewer",
    "RewardRow",
    "RubricScore",
    "ScoreThreshold",
    "ShareLine",
    "Statistics",
    "StatisticsAccumulator",
    "Submission",
    "SubmissionError",
    "TABLE",
    "TransitionConflict",
    "TransitionEvent",
    "TransitionForbidden",
    "TransitionPayload",
    "TransitionPayloadError",
    "TransitionRecord",
    "TransitionResult",
    "allowed_actions",
    "apply_budget",
    "apply_transition",
    "blind_codes",
    "blind_view",
    "build_award_list",
    "campaign_problems",
    "category_label",
    "conflict_matrix",
    "decode_campaign",
    "decode_submission",
    "eligibility_problems",
    "fen_to_yuan",
    "format_yuan",
    "grade_cases",
    "largest_remainder",
    "reviewer_view",
    "score_rubric",
    "split_reward",
    "statistics_from_scratch",
    "table_rows",
    "to_csv",
    "to_html",
    "to_json",
    "to_xlsx",
    "transition",
    "validate_assignments",
    "validate_campaign",
    "validate_submission",
    "yuan_to_fen",
]
