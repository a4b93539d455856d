"""Bundled presets a campaign definition names instead of repeating them.

A definition may write `"grading": "1986_benefit_bands"` and `"rewards": "1986_rewards"`
(or `"score_prizes"` for either) where it would otherwise type out the 1986 regulation's
benefit bands or the RULES.md score-threshold prizes (presets.py). `expand_presets` puts the
preset's value in its place; every way in (decoding a file or body, storing a version)
expands first, so what is stored, validated and scored is the expanded definition, and a
later change to a bundled preset never rewrites a stored campaign.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from contests.campaigns.definition import Campaign, GradeRules, RewardRow
from contests.campaigns.presets import SCORE_PRIZES, grading_1986, grading_score_prizes, rewards_1986, rewards_fixed

GRADING_PRESETS: dict[str, Callable[[], GradeRules]] = {
    "1986_benefit_bands": grading_1986,
    "score_prizes": grading_score_prizes,
}
REWARDS_PRESETS: dict[str, Callable[[], list[RewardRow]]] = {
    "1986_rewards": rewards_1986,
    "score_prizes": lambda: rewards_fixed([amount for _, amount in SCORE_PRIZES]),
}


def expand_presets(campaign: Campaign) -> Campaign:
    """The campaign with every named preset replaced by its value (itself if it names none)."""
    changes: dict[str, object] = {}
    if isinstance(campaign.grading, str):
        changes["grading"] = _as_decoded(GRADING_PRESETS[campaign.grading](), GradeRules)
    if isinstance(campaign.rewards, str):
        changes["rewards"] = _as_decoded(REWARDS_PRESETS[campaign.rewards](), list[RewardRow])
    return msgspec.structs.replace(campaign, **changes) if changes else campaign


def _as_decoded(value, kind):
    """The preset as a decoder would build it (18 → 18.0 in a float field), so a definition
    naming it is stored byte for byte like one that writes it out."""
    return msgspec.convert(msgspec.to_builtins(value), kind)


__all__ = ["GRADING_PRESETS", "REWARDS_PRESETS", "expand_presets"]
