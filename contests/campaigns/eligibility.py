"""Eligibility for an award (RULES.md): in use and producing benefit; not already rewarded;
no IP dispute; not secret; not a government-funded project.

Checked per submission against the campaign's `EligibilityRules` when the award list is
built: a proposal is usually submitted before it is in use, so "in use" can only bar an
award, not a submission. An ineligible submission keeps its place in the workflow and
appears on the award list's "not awarded" part with these reasons.
"""

from __future__ import annotations

from contests.campaigns.definition import EligibilityRules
from contests.campaigns.submission import EligibilityDeclaration
from scoring.errors import Problem

# (rule flag, declared fact, value that bars, reason)
_CHECKS = (
    ("require_in_use", "in_use", False, "not in use and producing benefit (未实施应用)"),
    ("exclude_already_rewarded", "already_rewarded", True, "already rewarded (已获奖励)"),
    ("exclude_ip_dispute", "ip_dispute", True, "intellectual-property dispute (存在知识产权纠纷)"),
    ("exclude_secret", "secret", True, "secret (涉密)"),
    ("exclude_government_funded", "government_funded", True, "government-funded project (政府资助项目)"),
)


def eligibility_problems(declared: EligibilityDeclaration, rules: EligibilityRules, path: str = "eligibility") -> list[Problem]:
    """One problem per rule the declaration breaks; empty when eligible."""
    return [
        Problem(f"{path}.{fact}", reason)
        for flag, fact, bars, reason in _CHECKS
        if getattr(rules, flag) and getattr(declared, fact) is bars
    ]


def is_eligible(declared: EligibilityDeclaration, rules: EligibilityRules) -> bool:
    return not eligibility_problems(declared, rules)


__all__ = ["eligibility_problems", "is_eligible"]
