"""Titles from a labour competition's year (安康杯优胜班组, 工人先锋号): thresholds, quotas,
cooldowns and accident bars, on the shared award history (`contests.titles`).

A participant is a candidate for a title when, in order: no veto that bars the annual award
fired (if `annual_veto_bars`), its annual total reaches `min_score` (安康杯: 90, 95 or 98 by
province), it won at least `min_red_flags` red flags, and the history puts no bar on it —
the `cooldown` on the same title (5 years in Sichuan: awarded 2022 → barred through 2026)
and the `accident_bar` (a safety accident bars 工人先锋号 for 3 years), both counted by
`contests.titles.check_bars`; a revoked title does not bar. The quota then goes to the
candidates in annual rank order; a group tied on the annual rank that would overfill the
quota is left out whole ("exclude": a quota is a ceiling), with that reason shown.

The holder code in the history is the participant's id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Annotated

import msgspec
import numpy as np

from contests.fields import Name, NameEn, Slug
from contests.labour.participants import Participant
from contests.titles import Accident, AccidentBar, Cooldown, TitleHistory, check_bars
from scoring.errors import Problem
from scoring.kpi_standings import AnnualStandings
from scoring.rounding import Rounding, to_units

Score = Annotated[float, msgspec.Meta(ge=0, le=1_000_000)]


class LabourTitle(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """A title given from the annual results; `name` is the title as published and recorded
    in the award history."""

    id: Slug
    name: Name
    name_en: NameEn = ""
    min_score: Score | None = None
    min_red_flags: Annotated[int, msgspec.Meta(ge=0, le=1000)] = 0
    quota: Annotated[int, msgspec.Meta(ge=1, le=100_000)] | None = None
    cooldown: Cooldown | None = None
    accident_bar: AccidentBar | None = None
    annual_veto_bars: bool = True


class TitleCandidate(msgspec.Struct, frozen=True):
    participant: str
    granted: bool
    reasons: list[str]  # why not (empty when granted)


class TitleOutcome(msgspec.Struct, frozen=True):
    title: str
    year: int
    granted: list[str]  # participant ids, best annual rank first
    candidates: list[TitleCandidate]


def titles_problems(titles: list[LabourTitle]) -> list[Problem]:
    problems: list[Problem] = []
    for field in ("id", "name"):
        seen: dict[str, int] = {}
        for i, t in enumerate(titles):
            value = getattr(t, field)
            if value in seen:
                problems.append(Problem(f"titles[{i}].{field}", f"title {field} {value!r} is already used at titles[{seen[value]}]"))
            seen.setdefault(value, i)
    return problems


def decide_titles(
    titles: Sequence[LabourTitle],
    participants: Sequence[Participant],
    annual: AnnualStandings,
    rounding: Rounding,
    year: int,
    *,
    history: TitleHistory = TitleHistory(),
    accidents: Iterable[Accident] = (),
) -> list[TitleOutcome]:
    accidents = list(accidents)
    return [_decide(t, participants, annual, rounding, year, history, accidents) for t in titles]


def _decide(title: LabourTitle, participants, annual: AnnualStandings, rounding: Rounding, year: int, history, accidents) -> TitleOutcome:
    ids = [p.id for p in participants]
    vetoed = annual.vetoed & title.annual_veto_bars
    low = annual.total_units < (to_units(title.min_score, rounding) if title.min_score is not None else np.iinfo(np.int64).min)
    few_flags = annual.red_flags < title.min_red_flags
    bars = check_bars(
        ids, year, title=title.name, history=history, accidents=accidents, cooldown=title.cooldown, accident_bar=title.accident_bar
    )
    barred = np.array([bars[i] is not None for i in ids], dtype=bool)
    candidate = ~(vetoed | low | few_flags | barred)
    over = _over_quota(annual.rank, candidate, title.quota)
    granted = candidate & ~over
    reasons = [[] for _ in ids]
    for mask, why in (
        (vetoed, lambda t: "年内发生一票否决事项 / an annual veto"),
        (low, lambda t: f"年度得分 {annual.total[t]:g} 低于 {title.min_score:g} / below the minimum score"),
        (few_flags, lambda t: f"流动红旗 {annual.red_flags[t]} 面，少于 {title.min_red_flags} 面 / too few red flags"),
        (barred, lambda t: bars[ids[t]].reason),
        (over, lambda t: f"名额 {title.quota} 个已满（年度第{annual.rank[t]}名）/ beyond the quota"),
    ):
        for t in np.flatnonzero(mask).tolist():
            reasons[t].append(why(t))
    order = np.flatnonzero(granted)[np.argsort(annual.rank[granted], kind="stable")]
    candidates = [TitleCandidate(ids[t], bool(granted[t]), reasons[t]) for t in range(len(ids))]
    return TitleOutcome(title.name, year, [ids[t] for t in order.tolist()], candidates)


def _over_quota(rank: np.ndarray, candidate: np.ndarray, quota: int | None) -> np.ndarray:
    """Candidates whose tied group (same annual rank) would end beyond the quota."""
    if quota is None:
        return np.zeros(rank.shape, dtype=bool)
    ranks = np.sort(rank[candidate])
    place = np.searchsorted(ranks, rank, side="left") + 1  # 1-based place among candidates
    last = np.searchsorted(ranks, rank, side="right")  # the group's last place
    return candidate & ((place > quota) | (last > quota))


__all__ = ["LabourTitle", "TitleCandidate", "TitleOutcome", "decide_titles", "titles_problems"]
