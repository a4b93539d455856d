"""biwu.scoring: the pure numeric engine (no people, no database, no HTTP).

A `Scheme` (criteria → sub-criteria → aspects) inside a weighted `Module`, plus the event's
`EventRules`, is compiled once by `EventScorer` and evaluates a marks tensor
[competitor, aspect, judge] (NaN = missing) per module with vectorised numpy.
"""

from scoring.aggregation import Aggregation
from scoring.awards import AwardPolicy, AwardTier, TitleRule
from scoring.errors import MarksError, PolicyError, Problem, RuleError, SchemeError
from scoring.event import EventResult, EventRules, EventScorer, score_event, validate_event
from scoring.explain import Explanation, explain
from scoring.judge_report import JudgeReport, judge_report
from scoring.mark_check import refused_marks
from scoring.marks import marks_tensor
from scoring.medals import MedalPolicy
from scoring.module import Module, validate_modules
from scoring.module_score import ModuleScore, score_module
from scoring.ranking import Ranking, TieBreak
from scoring.rounding import Rounding
from scoring.scheme import (
    Band,
    Criterion,
    Deduction,
    Judgement,
    Measurement,
    Scheme,
    SubCriterion,
    Veto,
    decode_scheme,
    validate_scheme,
)
from scoring.standardise import Standardisation
from scoring.teams import TeamRule, TeamTieBreak

__all__ = [
    "Aggregation",
    "AwardPolicy",
    "AwardTier",
    "Band",
    "Criterion",
    "Deduction",
    "EventResult",
    "EventRules",
    "EventScorer",
    "Explanation",
    "Judgement",
    "JudgeReport",
    "MarksError",
    "Measurement",
    "MedalPolicy",
    "Module",
    "ModuleScore",
    "PolicyError",
    "Problem",
    "Ranking",
    "Rounding",
    "RuleError",
    "Scheme",
    "SchemeError",
    "Standardisation",
    "SubCriterion",
    "TeamRule",
    "TeamTieBreak",
    "TieBreak",
    "TitleRule",
    "Veto",
    "decode_scheme",
    "explain",
    "judge_report",
    "marks_tensor",
    "refused_marks",
    "score_event",
    "score_module",
    "validate_event",
    "validate_modules",
    "validate_scheme",
]
