"""Scoring an event (赛项): weighted modules → rounded total → rank → awards, medals, teams.

`EventScorer` validates and compiles the modules once; `score` then evaluates marks for
any number of competitors with array arithmetic only. The weighted total is
Σ weight/100 × module score (scaled), rounded under the declared policy; ranks, awards and
team results compare the rounded total as integer units, never raw floats.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec
import numpy as np

from scoring.awards import AwardPolicy, AwardResult, award, validate_awards
from scoring.compiled import CompiledScheme, compile_scheme
from scoring.errors import MarksError, PolicyError, Problem, RuleError, SchemeError
from scoring.medals import MedalPolicy, MedalResult, medals, validate_medals
from scoring.module import Module, module_problems
from scoring.module_score import ModuleScore, _pool, chunks, score_module
from scoring.ranking import Ranking, RankResult, rank, validate_ranking
from scoring.rounding import Rounding, from_units, to_units
from scoring.standardise import Standardisation, Standardised, standardise, standardise_units
from scoring.teams import TeamResult, TeamRule, team_results, validate_team_rule

_COMPILED_FROM = 4_096  # competitors: below this the numpy steps cost less than a call into the kernels


class EventRules(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """The declared rules of an event: rounding, tie-break chain, awards and the rest."""

    rounding: Rounding = Rounding()
    ranking: Ranking = Ranking()
    awards: AwardPolicy | None = None
    medals: MedalPolicy | None = None
    standardisation: Standardisation | None = None
    teams: TeamRule | None = None


class EventResult(msgspec.Struct, frozen=True):
    module_ids: list[str]
    modules: dict[str, ModuleScore]
    weighted: dict[str, np.ndarray]  # float [C]: weight/100 × module score
    total_unrounded: np.ndarray  # float [C]
    total_units: np.ndarray  # int64 [C], in 10**-places
    total: np.ndarray  # float [C] = total_units / 10**places
    max_total: float
    places: int
    disqualified: np.ndarray  # bool [C]
    ranking: RankResult
    awards: AwardResult | None
    standardised: Standardised | None
    medals: MedalResult | None
    teams: TeamResult | None

    @property
    def n(self) -> int:
        return len(self.total_units)


def validate_event(modules: list[Module], rules: EventRules, path: str = "") -> None:
    """Raise SchemeError or PolicyError naming every problem of an event definition."""
    p = f"{path}." if path else ""
    problems = list(module_problems(modules, f"{p}modules"))
    if problems:
        raise SchemeError(problems)
    ids = [m.id for m in modules]
    for check, sub, where in (
        (validate_ranking, rules.ranking, "rules.ranking"),
        (validate_awards, rules.awards, "rules.awards"),
        (validate_team_rule, rules.teams, "rules.teams"),
        (lambda policy, _ids: validate_medals(policy), rules.medals, "rules.medals"),
    ):
        if sub is None:
            continue
        try:
            check(sub, ids)
        except RuleError as exc:
            problems += [Problem(f"{p}{where}.{q.path}".rstrip("."), q.rule) for q in exc.problems]
    if rules.medals is not None and rules.standardisation is None:
        problems.append(Problem(f"{p}rules.medals", "medals are awarded on standardised scores: declare standardisation"))
    if problems:
        raise PolicyError(problems)


class EventScorer:
    """Validated, compiled event: call `score` as often as marks change."""

    def __init__(self, modules: list[Module], rules: EventRules | None = None):
        self.rules = rules or EventRules()
        validate_event(modules, self.rules)
        self.modules = list(modules)
        self.compiled: dict[str, CompiledScheme] = {m.id: compile_scheme(m.scheme) for m in modules}
        self.max_total = float(sum(m.weight / 100 * m.max_scaled for m in modules))

    @property
    def module_ids(self) -> list[str]:
        return [m.id for m in self.modules]

    def score(
        self,
        marks: Mapping[str, np.ndarray],
        *,
        times: Mapping[str | None, np.ndarray] | None = None,
        teams: np.ndarray | None = None,
        registered: int | None = None,
    ) -> EventResult:
        n = self._field_size(marks)
        rounding = self.rules.rounding
        scores = {m.id: score_module(m, marks[m.id], rounding, self.compiled[m.id]) for m in self.modules}
        weighted, unrounded, units, module_units, total = self._totals(scores, n)
        disq = np.any([scores[i].disqualified for i in self.module_ids], axis=0) if n else np.zeros(0, bool)
        eligible = ~disq
        # standardising needs only the totals: a large field's runs on the pool's other thread while this one ranks
        standardising = _pool().submit(self._standardised, total, units, eligible) if n >= _COMPILED_FROM else None
        ranking = rank(units, self.rules.ranking, module_units=module_units, times=times, eligible=eligible)
        std = standardising.result() if standardising is not None else self._standardised(total, units, eligible)
        return EventResult(
            module_ids=self.module_ids,
            modules=scores,
            weighted=weighted,
            total_unrounded=unrounded,
            total_units=units,
            total=total,
            max_total=self.max_total,
            places=rounding.places,
            disqualified=disq,
            ranking=ranking,
            awards=self._awards(ranking, units, scores, registered),
            standardised=std,
            medals=medals(std.scores, eligible, self.rules.medals) if self.rules.medals and std else None,
            teams=self._teams(teams, units, module_units, times, eligible),
        )

    def _totals(self, scores: dict[str, ModuleScore], n: int) -> tuple:
        """Weighted scores, the unrounded total, its units, each module's units and the total:
        numpy's steps for a small field, else the compiled pass (scoring/event_kernel.py) over
        the chunks on the scoring pool, bit for bit the same."""
        rounding = self.rules.rounding
        if n < _COMPILED_FROM:
            weighted = {m.id: scores[m.id].scaled * (m.weight / 100.0) for m in self.modules}
            unrounded = np.sum([weighted[i] for i in self.module_ids], axis=0) if n else np.zeros(0)
            units = to_units(unrounded, rounding)
            module_units = {i: to_units(scores[i].scaled, rounding) for i in self.module_ids}
            return weighted, unrounded, units, module_units, from_units(units, rounding)
        from scoring import event_kernel  # numba is imported on first use, never by `import scoring`

        scale, mode = float(rounding.scale), event_kernel.MODES.index(rounding.mode)
        weighted = {i: np.empty(n) for i in self.module_ids}
        module_units = {i: np.empty(n, dtype=np.int64) for i in self.module_ids}
        unrounded, units, total = np.empty(n), np.empty(n, dtype=np.int64), np.empty(n)

        def run(bounds: tuple[int, int]) -> None:
            a, b = bounds
            for k, m in enumerate(self.modules):
                factor = m.weight / 100.0
                event_kernel.weigh(scores[m.id].scaled, factor, a, b, k == 0, scale, mode, weighted[m.id], unrounded, module_units[m.id])
            event_kernel.finish(unrounded, a, b, scale, mode, units, total)

        list(_pool().map(run, chunks(n)))
        return weighted, unrounded, units, module_units, total

    def _field_size(self, marks: Mapping[str, np.ndarray]) -> int:
        missing = [i for i in self.module_ids if i not in marks]
        if missing:
            raise MarksError([Problem(f"marks[{i}]", "no marks array for this module") for i in missing])
        sizes = {i: int(np.shape(marks[i])[0]) if np.ndim(marks[i]) == 3 else -1 for i in self.module_ids}
        if len(set(sizes.values())) != 1:
            raise MarksError.at("marks", f"every module needs the same competitors, got sizes {sizes}")
        return next(iter(sizes.values()))

    def _awards(self, ranking, units, scores, registered) -> AwardResult | None:
        policy = self.rules.awards
        if policy is None:
            return None
        passed = {i: s.passed for i, s in scores.items()}
        return award(ranking.rank, units, policy, places=self.rules.rounding.places, passed=passed, registered=registered)

    def _standardised(self, total: np.ndarray, units: np.ndarray, eligible: np.ndarray) -> Standardised | None:
        policy = self.rules.standardisation
        if policy is None:
            return None
        # the totals are units / scale: counting units gives the same result without two selections
        by_units = standardise_units(units, self.rules.rounding.scale, policy, eligible) if units.size >= _COMPILED_FROM else None
        return by_units if by_units is not None else standardise(total, policy, eligible)

    def _teams(self, teams, units, module_units, times, eligible) -> TeamResult | None:
        if self.rules.teams is None or teams is None:
            return None
        return team_results(
            np.asarray(teams, dtype=np.int64),
            units,
            self.rules.teams,
            module_units=module_units,
            times=times,
            eligible=eligible,
        )


def score_event(
    modules: list[Module],
    marks: Mapping[str, np.ndarray],
    rules: EventRules | None = None,
    **kwargs,
) -> EventResult:
    """One-shot convenience: validate, compile and score."""
    return EventScorer(modules, rules).score(marks, **kwargs)
