"""Standings (成绩表): an immutable, serialisable snapshot of one event's results.

`build_standings` turns an engine result into rows in rank order. Every score is an integer
in units of 10**-places, the very integers the engine ranked on, so a snapshot encoded to
JSON and decoded years later prints the same digits (`units_text`), and no float can make
a published total disagree with its rank. A snapshot is numbered (0 = provisional) and
tagged with the definition version it was computed under.

Blindness: with reveal_names=False a row carries only its blind code; name, employee number,
unit and team are None and team standings are left out, because a team's name names its
unit and its score (a sum of member totals) would link codes back to units.

Team indices: `EventScorer.score(teams=...)` takes one team index per competitor; build the
array with `team_index(competitors)`, the convention `build_standings` reads them back with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from operator import attrgetter
from typing import Annotated

import msgspec
import numpy as np

from contests.after_draw import AfterDraw
from contests.definition import Contest, Event
from contests.people import Competitor, Team, Unit
from scoring.errors import Problem, RuleError
from scoring.event import EventResult, EventScorer
from scoring.rounding import Rounding, to_units

FORMAT = "biwu-standings/1"
MEDALS = (None, "gold", "silver", "bronze", "medallion")  # index = scoring.medals code
STANDARDISED_PLACES = 2  # medals compare standardised scores in hundredths

AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]
_EMPLOYEE_NO, _NAME, _UNIT, _TEAM, _EVENT = (attrgetter(a) for a in ("employee_no", "name", "unit", "team", "event"))


class _Frozen(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    pass


class ModuleInfo(_Frozen, kw_only=True, frozen=True):
    id: str
    name: str
    name_en: str
    weight: float  # percent of the total, as declared
    max_units: int  # the module's scaled maximum


class StandingRow(_Frozen, frozen=True, gc=False):
    """One competitor. rank 0 = no place (disqualified). module_units follow Standings.modules.

    Positional as well as keyword: `_rows` builds a whole field with one `map` over its
    columns in this field order (issue 15). gc=False: a row holds only strings, numbers and
    tuples of them, so it can never be in a cycle, and 30,000 tracked rows made the
    collector rescan them while the standings were built."""

    rank: int
    blind_code: str
    employee_no: str | None
    name: str | None
    unit: str | None  # the unit's name (its code if no name was given)
    team: str | None  # the team's name (its code if no name was given)
    module_units: tuple[int, ...]
    total_units: int
    disqualified: bool
    decided_by: str
    decided_by_en: str
    award: str | None
    award_en: str | None
    titles: tuple[str, ...]
    titles_en: tuple[str, ...]
    medal: str | None  # gold | silver | bronze | medallion
    standardised_centi: int | None  # hundredths of a point on the standardised scale


class AwardGroup(_Frozen, kw_only=True, frozen=True):
    """One prize tier and its winners' blind codes in rank order (may exceed capacity on ties)."""

    tier: int
    name: str
    name_en: str
    capacity: int
    codes: tuple[str, ...]


class TitleGroup(_Frozen, kw_only=True, frozen=True):
    name: str
    name_en: str
    codes: tuple[str, ...]


class TeamStanding(_Frozen, kw_only=True, frozen=True):
    code: str
    name: str
    unit: str
    rank: int  # 0 = too few members with a result
    score_units: int
    members_counted: int
    members: tuple[str, ...]  # blind codes of the counted members


class DrawNote(_Frozen, kw_only=True, frozen=True):
    """A recorded draw that ordered a shared place: codes in the drawn order."""

    place: int
    codes: tuple[str, ...]
    seed: int


class Standings(_Frozen, kw_only=True, frozen=True):
    format: str = FORMAT
    contest_id: str
    contest_name: str
    contest_name_en: str
    event_id: str
    event_name: str
    event_name_en: str
    definition_version: int
    snapshot: int  # 0 = provisional, 1.. = published snapshots
    computed_at: AwareDatetime
    places: int
    rounding_mode: str
    rounding_level: str
    max_total_units: int
    blind: bool
    modules: tuple[ModuleInfo, ...]
    rows: tuple[StandingRow, ...]  # rank order, unranked last
    awards: tuple[AwardGroup, ...]
    titles: tuple[TitleGroup, ...]
    award_field_size: int | None  # what award shares were taken of
    teams: tuple[TeamStanding, ...]  # rank order; empty while blind
    draws: tuple[DrawNote, ...]
    medal_notes: tuple[str, ...]
    # provisional standings only: competitors registered after the draw, left out of these rows
    # (contests.after_draw); never set on a published snapshot, and left out of the JSON when unset
    after_draw: AfterDraw | msgspec.UnsetType = msgspec.UNSET

    @property
    def provisional(self) -> bool:
        return self.snapshot == 0

    def row(self, blind_code: str) -> StandingRow | None:
        return next((r for r in self.rows if r.blind_code == blind_code), None)


# ---------------------------------------------------------------- team indices


def team_index(competitors: Sequence[Competitor]) -> tuple[np.ndarray, list[str]]:
    """(index per competitor, -1 = no team; team codes by index): the sorted distinct codes,
    so the same competitors always give the same indices."""
    codes = sorted({c.team for c in competitors if c.team is not None})
    where = {code: i for i, code in enumerate(codes)}
    return np.array([where.get(c.team, -1) for c in competitors], dtype=np.int64), codes


# ---------------------------------------------------------------- building


def build_standings(
    contest: Contest,
    event_id: str,
    scorer: EventScorer,
    result: EventResult,
    competitors: Sequence[Competitor],
    blind_codes: Mapping[str, str],
    *,
    version: int,
    snapshot: int,
    computed_at: datetime,
    reveal_names: bool,
    units: Sequence[Unit] = (),
    teams: Sequence[Team] = (),
) -> Standings:
    """The standings of one event. competitors[i] is the competitor scored at index i;
    blind_codes maps employee_no → blind code; units and teams only supply display names."""
    event = _checked_event(contest, event_id, scorer, result)
    codes = _checked_inputs(event, result, competitors, blind_codes, version, snapshot, computed_at)
    rounding = scorer.rules.rounding
    order = result.ranking.order
    ordered_codes = codes[order]
    return Standings(
        contest_id=contest.id,
        contest_name=contest.name,
        contest_name_en=contest.name_en,
        event_id=event.id,
        event_name=event.name,
        event_name_en=event.name_en,
        definition_version=version,
        snapshot=snapshot,
        computed_at=computed_at,
        places=rounding.places,
        rounding_mode=rounding.mode,
        rounding_level=rounding.level,
        max_total_units=int(to_units(result.max_total, rounding)),
        blind=not reveal_names,
        modules=tuple(_module_info(m, rounding) for m in event.modules),
        rows=_rows(event, scorer, result, competitors, ordered_codes, reveal_names, units, teams),
        awards=_award_groups(result, ordered_codes),
        titles=_title_groups(scorer, result, ordered_codes),
        award_field_size=result.awards.field_size if result.awards else None,
        teams=_team_standings(result, competitors, codes, units, teams) if reveal_names else (),
        draws=tuple(DrawNote(place=d.place, codes=tuple(codes[d.competitors].tolist()), seed=d.seed) for d in result.ranking.draws),
        medal_notes=tuple(result.medals.rule_notes) if result.medals else (),
    )


def _checked_event(contest: Contest, event_id: str, scorer: EventScorer, result: EventResult) -> Event:
    event = contest.event(event_id)
    if event is None:
        raise RuleError.at("event_id", f"unknown event {event_id!r} of contest {contest.id!r}")
    ids = [m.id for m in event.modules]
    if scorer.module_ids != ids or list(result.module_ids) != ids:
        raise RuleError.at("result", f"was not computed for event {event_id!r}: modules {result.module_ids} ≠ {ids}")
    return event


def _checked_inputs(event, result, competitors, blind_codes, version, snapshot, computed_at) -> np.ndarray:
    """Blind codes aligned with the result (object array); every mismatch is refused."""
    problems: list[Problem] = []
    if len(competitors) != result.n:
        problems.append(Problem("competitors", f"{len(competitors)} given for a result of {result.n} competitors"))
    for name, value in (("version", version), ("snapshot", snapshot)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.append(Problem(name, f"must be an integer >= 0, got {value!r}"))
    if not isinstance(computed_at, datetime) or computed_at.tzinfo is None:
        problems.append(Problem("computed_at", "must be a datetime with a time zone"))
    numbers = list(map(_EMPLOYEE_NO, competitors))
    found = list(map(blind_codes.get, numbers))
    if None in found or any(e != event.id for e in set(map(_EVENT, competitors))):
        problems += _input_problems(event, competitors, blind_codes)  # only on refusal: one look per competitor
    codes = [code or "" for code in found] if None in found else found
    if not problems and len(set(codes)) != len(codes):
        problems.append(Problem("blind_codes", "two competitors share a blind code"))
    if problems:
        raise RuleError(problems)
    return np.array(codes, dtype=object)


def _input_problems(event, competitors, blind_codes) -> list[Problem]:
    problems: list[Problem] = []
    for i, c in enumerate(competitors):
        if c.event != event.id:
            problems.append(Problem(f"competitors[{i}].event", f"{c.event!r} is not event {event.id!r}"))
        if c.employee_no not in blind_codes:
            problems.append(Problem(f"competitors[{i}]", f"no blind code for {c.employee_no!r}"))
    return problems


def _module_info(module, rounding: Rounding) -> ModuleInfo:
    return ModuleInfo(
        id=module.id,
        name=module.name,
        name_en=module.name_en,
        weight=module.weight,
        max_units=int(to_units(module.max_scaled, rounding)),
    )


# ---------------------------------------------------------------- rows


def _rows(event, scorer, result, competitors, ordered_codes, reveal, units, teams) -> tuple[StandingRow, ...]:
    # Every column in rank order with array indexing and one .tolist() each, then the rows
    # built by one map over the columns in StandingRow's field order: no per-competitor
    # Python frame (issue 15: the keyword generator was ~6 µs a row, the map ~0.4 µs).
    order = result.ranking.order
    rounding = scorer.rules.rounding
    module_units = np.stack([to_units(result.modules[m].scaled, rounding) for m in result.module_ids], axis=1)
    zh, en = _decided_by_texts(event, scorer, result, order)
    award, award_en = _tier_names(result, order)
    titles, titles_en = _row_titles(scorer, result, order)
    columns = (
        result.ranking.rank[order].tolist(),
        ordered_codes.tolist(),
        *_people(competitors, order, reveal, units, teams),  # employee_no, name, unit, team
        _per_row(module_units[order]),
        result.total_units[order].tolist(),
        result.disqualified[order].tolist(),
        zh,
        en,
        award,
        award_en,
        titles,
        titles_en,
        _medals(result, order),
        _standardised(result, order),
    )
    return tuple(map(StandingRow, *columns))


def _per_row(table: np.ndarray) -> list[tuple]:
    """A [C, M] integer table as one tuple per row: zip over its M column lists makes the
    tuples in C (no module at all still gives every row its empty tuple)."""
    return list(zip(*table.T.tolist())) if table.shape[1] else [()] * table.shape[0]


def _people(competitors, order, reveal: bool, units, teams) -> tuple[list, list, list, list]:
    """(employee numbers, names, unit names, team names) in rank order; all None while blind."""
    if not reveal:
        nothing = [None] * len(order)
        return nothing, nothing, nothing, nothing
    unit_names = {u.code: u.name for u in units}
    team_names = {None: None, **{t.code: t.name for t in teams}}  # no team stays None
    picked = np.empty(len(competitors), dtype=object)
    picked[:] = competitors  # slice-assigned: numpy never unpacks a competitor
    picked = picked[order]
    unit_codes = list(map(_UNIT, picked))
    team_codes = list(map(_TEAM, picked))
    return (
        list(map(_EMPLOYEE_NO, picked)),
        list(map(_NAME, picked)),
        list(map(unit_names.get, unit_codes, unit_codes)),  # a unit without a record shows its code
        list(map(team_names.get, team_codes, team_codes)),
    )


def _decided_by_texts(event: Event, scorer: EventScorer, result: EventResult, order) -> tuple[list[str], list[str]]:
    """decided_by codes (scoring.ranking.rank) → words, via one lookup table per language."""
    chain = scorer.rules.ranking.tie_break
    names = {m.id: (m.name, m.name_en or m.name) for m in event.modules}
    zh = ["总分"] + [_link_text(t, names, 0) for t in chain] + ["并列", "抽签决定"]
    en = ["total score"] + [_link_text(t, names, 1) for t in chain] + ["shared place", "decided by the recorded draw"]
    code = result.ranking.decided_by[order] + 1
    unranked = result.ranking.rank[order] == 0
    zh_out = np.where(unranked, "取消资格，不排名", np.array(zh, dtype=object)[code])
    en_out = np.where(unranked, "disqualified: no place", np.array(en, dtype=object)[code])
    return zh_out.tolist(), en_out.tolist()


def _link_text(link, names: dict[str, tuple[str, str]], lang: int) -> str:
    if link.key == "module":
        name = names[link.module][lang]
        return f"同分，比{name}成绩" if lang == 0 else f"tie: higher {name} score"
    if link.module is None:
        return "同分，比总用时" if lang == 0 else "tie: less total time"
    name = names[link.module][lang]
    return f"同分，比{name}用时" if lang == 0 else f"tie: less {name} time"


def _tier_names(result: EventResult, order) -> tuple[list, list]:
    n = len(order)
    if result.awards is None:
        return [None] * n, [None] * n
    tier = result.awards.tier[order]
    zh = np.array([*result.awards.tier_names, None], dtype=object)[tier]  # tier -1 → the None slot
    en = np.array([*(e or z for z, e in zip(result.awards.tier_names, result.awards.tier_names_en)), None], dtype=object)[tier]
    return zh.tolist(), en.tolist()


def _title_rules(scorer: EventScorer) -> dict[str, str]:
    policy = scorer.rules.awards
    return {t.name: t.name_en or t.name for t in policy.titles} if policy else {}


def _row_titles(scorer: EventScorer, result: EventResult, order) -> tuple[list, list]:
    n = len(order)
    if result.awards is None or not result.awards.titles:
        return [()] * n, [()] * n
    names = list(result.awards.titles)
    english = _title_rules(scorer)
    held = np.stack([result.awards.titles[t] for t in names], axis=1)[order]
    if len(names) > 62:  # more titles than bits in one int64 key: one lookup per row
        zh = [tuple(names[k] for k in np.flatnonzero(h)) for h in held]
        return zh, [tuple(english.get(t, t) for t in row) for row in zh]
    # each row's titles as one bit pattern: a field holds few distinct patterns, so the words
    # are built once per pattern and gathered, not once per competitor (issue 15)
    patterns, which = np.unique(held.astype(np.int64) @ (np.int64(1) << np.arange(len(names), dtype=np.int64)), return_inverse=True)
    zh_once = [tuple(names[k] for k in range(len(names)) if p >> k & 1) for p in patterns.tolist()]
    en_once = [tuple(english.get(t, t) for t in row) for row in zh_once]
    which = which.reshape(-1).tolist()
    return [zh_once[k] for k in which], [en_once[k] for k in which]


def _medals(result: EventResult, order) -> list:
    if result.medals is None:
        return [None] * len(order)
    return np.array(MEDALS, dtype=object)[result.medals.medal[order].astype(np.int64)].tolist()


def _standardised(result: EventResult, order) -> list:
    if result.standardised is None:
        return [None] * len(order)
    scores = result.standardised.scores[order]
    missing = np.isnan(scores)
    centi = to_units(np.where(missing, 0.0, scores), Rounding(places=STANDARDISED_PLACES))
    return np.where(missing, None, centi.astype(object)).tolist()  # object ints stay Python ints


# ---------------------------------------------------------------- groups


def _award_groups(result: EventResult, ordered_codes) -> tuple[AwardGroup, ...]:
    a = result.awards
    if a is None:
        return ()
    tier = a.tier[result.ranking.order]
    return tuple(
        AwardGroup(
            tier=t,
            name=name,
            name_en=a.tier_names_en[t] or name,
            capacity=a.capacity[t],
            codes=tuple(ordered_codes[tier == t].tolist()),
        )
        for t, name in enumerate(a.tier_names)
    )


def _title_groups(scorer: EventScorer, result: EventResult, ordered_codes) -> tuple[TitleGroup, ...]:
    a = result.awards
    if a is None:
        return ()
    english = _title_rules(scorer)
    order = result.ranking.order
    return tuple(
        TitleGroup(name=name, name_en=english.get(name, name), codes=tuple(ordered_codes[mask[order]].tolist()))
        for name, mask in a.titles.items()
    )


def _team_standings(result: EventResult, competitors, codes, units, teams) -> tuple[TeamStanding, ...]:
    t = result.teams
    if t is None:
        return ()
    index, team_codes = team_index(competitors)
    if t.teams.size and int(t.teams.max()) >= len(team_codes):
        raise RuleError.at("result.teams", "team indices do not match team_index(competitors)")
    by_code = {x.code: x for x in teams}
    unit_names = {u.code: u.name for u in units}
    slot = {int(team): k for k, team in enumerate(t.teams.tolist())}
    members = _counted_members(result, index, codes)
    out = []
    for team in t.order.tolist():
        code = team_codes[team]
        record = by_code.get(code)
        unit = record.unit if record else ""
        k = slot[team]
        out.append(
            TeamStanding(
                code=code,
                name=record.name if record else code,
                unit=unit_names.get(unit, unit),
                rank=int(t.rank[k]),
                score_units=int(t.score_units[k]),
                members_counted=int(t.members_counted[k]),
                members=members.get(team, ()),
            )
        )
    return tuple(out)


def _counted_members(result: EventResult, index: np.ndarray, codes: np.ndarray) -> dict[int, tuple[str, ...]]:
    """Team index → blind codes of its counted members, best rank first."""
    order = result.ranking.order
    counted = result.teams.counted[order]
    out: dict[int, list[str]] = {}
    for team, code in zip(index[order][counted].tolist(), codes[order][counted].tolist()):
        out.setdefault(team, []).append(code)
    return {team: tuple(v) for team, v in out.items()}
