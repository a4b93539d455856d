"""Completion times (用时), for tie-breaks such as "less practical time".

Recorded per module and blind code by the chief judge or a judge of the module's panel
(the timekeeper), in seconds with up to 3 decimals. Like marks they are append-only: a
different time for a competitor who has one is a correction, needs a reason and becomes
the next version; the same time again changes nothing. A locked module's times are
locked with its marks.

For ranking, `event_times` gives every module's times and the total (key None): a
competitor without a time ranks after those with one (scoring.ranking). The total is the
sum over the modules where anyone has a time; missing in any of them → no total.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.definition import Event
from contests.judging import lock as lock_rules
from contests.judging import versions
from contests.judging.field import DrawnField, unknown_code
from contests.judging.versions import CellPlan, Version
from contests.store.models import CompletionTimeRow, ContestRow
from contests.usecases.core import access, lookup
from contests.usecases.core.decimals import plain, storage_problem
from contests.usecases.core.errors import Conflict
from contests.usecases.core.retrying import retrying
from contests.usecases.judging.requests import TimeBatch, TimeInput, typed
from contests.usecases.judging.state import drawn_field, panel_judges, positions, refuse_if_locked, require_drawn
from contests.usecases.judging.views import TimesResult
from scoring.errors import Problem

TIME_PLACES = 3


async def record_times(
    session: AsyncSession, actor: Actor, contest_id: int, event_id: str, module_id: str, batch: TimeBatch
) -> TimesResult:
    """Store completion times of one module (all or nothing). Forbidden (403) for anyone
    but the chief judge and the module's judges; Conflict (409) naming every refused time,
    or when the module is locked; JudgingError (409) for values outside their bounds."""
    contest, definition = await lookup.current_contest(session, contest_id)
    lookup.module_of(lookup.event_of(definition, event_id), module_id)
    typed(batch)
    await _may_record(session, contest.id, actor, event_id, module_id)

    async def attempt() -> TimesResult:
        # each attempt loads its rows: a rollback expired the ones read before (see core.retrying)
        return await _store(session, actor, await lookup.contest_row(session, contest_id), event_id, module_id, batch)

    return await retrying(
        session, attempt, conflict="these times were changed by another request at the same time: send them again", path="times"
    )


async def _may_record(session: AsyncSession, contest_id: int, actor: Actor, event_id: str, module_id: str) -> None:
    if actor.role == access.CHIEF_JUDGE:
        await access.require_chief(session, contest_id, actor, "record times")
        return
    judge = await access.acting_judge(session, contest_id, actor)
    if judge.id not in {j.id for j in await panel_judges(session, contest_id, event_id, module_id)}:
        raise access.Forbidden.at("", f"judge {judge.code} is not on the panel of {event_id}/{module_id}")


async def _store(session: AsyncSession, actor: Actor, contest: ContestRow, event_id: str, module_id: str, batch: TimeBatch) -> TimesResult:
    where = f"{event_id}/{module_id}"
    await panel_judges(session, contest.id, event_id, module_id, lock="share")
    await refuse_if_locked(session, contest.id, event_id, module_id, lock_rules.times_refused(where))
    field = await drawn_field(session, contest.id, event_id)
    require_drawn(field, event_id)
    current = await _current(session, contest.id, event_id, module_id)
    problems, plans = _plans(field, current, batch, event_id)
    if problems:
        raise Conflict(problems)
    changed = [(t, c, p) for t, c, p in plans if p.changed]
    session.add_all(
        CompletionTimeRow(
            contest_id=contest.id, event_id=event_id, module_id=module_id, competitor_id=c, seconds=t.seconds,
            version=p.version, reason=t.reason, created_by=actor.username,
        )
        for t, c, p in changed
    )  # fmt: skip
    _audit(session, actor, contest.id, where, changed)
    await session.flush()
    await refuse_if_locked(session, contest.id, event_id, module_id, lock_rules.locked_meanwhile(where, "times"))
    count = versions.counts([p for _, _, p in plans])
    return TimesResult(event_id=event_id, module_id=module_id, **count)


def _plans(field: DrawnField, current: dict[int, Version], batch: TimeBatch, event_id: str) -> tuple[list[Problem], list]:
    """(problems, [(time, competitor id, its CellPlan)])."""
    problems, plans = [], []
    seen: dict[str, int] = {}
    for i, t in enumerate(batch.times):
        at = f"times[{i}]"
        if t.blind_code in seen:
            problems.append(Problem(at, f"the same blind code as times[{seen[t.blind_code]}]"))
        seen.setdefault(t.blind_code, i)
        position = field.by_code.get(t.blind_code)
        if position is None:
            problems.append(unknown_code(t.blind_code, event_id, f"{at}.blind_code"))
            continue
        if why := _time_problem(t.seconds):
            problems.append(Problem(f"{at}.seconds", why))
            continue
        competitor_id = int(field.ids[position])
        plan = versions.plan(current.get(competitor_id), t.seconds, t.reason)
        if plan.needs_reason:
            assert plan.previous is not None
            problems.append(
                Problem(
                    f"{at}.reason", f"blind code {t.blind_code} already has {plain(plan.previous.value)} s: a correction needs a reason"
                )
            )
            continue
        plans.append((t, competitor_id, plan))
    return problems, plans


def _audit(session: AsyncSession, actor: Actor, contest_id: int, key: str, changed: list[tuple[TimeInput, int, CellPlan]]) -> None:
    created = [{"blind_code": t.blind_code, "seconds": plain(t.seconds)} for t, _, p in changed if p.status == "created"]
    if created:
        audit.record(session, actor.username, "times.record", "times", key, contest_id=contest_id, after={"times": created})
    for t, _, p in changed:
        if p.status == "corrected":
            assert p.previous is not None
            audit.record(
                session, actor.username, "time.correct", "time", f"{key}/{t.blind_code}", contest_id=contest_id,
                before={"seconds": plain(p.previous.value)}, after={"seconds": plain(t.seconds)}, reason=t.reason,
            )  # fmt: skip


def _time_problem(seconds: Decimal) -> str | None:
    why = storage_problem(seconds, TIME_PLACES, "a time")
    if why is None and seconds < 0:
        why = "a time cannot be negative"
    return why


async def _current(session: AsyncSession, contest_id: int, event_id: str, module_id: str) -> dict[int, Version]:
    """competitor id → the newest version of its time, for one module."""
    rows = await _newest(session, contest_id, event_id, module_id)
    return {competitor_id: Version(seconds, version) for competitor_id, _, seconds, version in rows}


async def _newest(session: AsyncSession, contest_id: int, event_id: str, module_id: str | None = None) -> list:
    where = [CompletionTimeRow.contest_id == contest_id, CompletionTimeRow.event_id == event_id]
    if module_id is not None:
        where.append(CompletionTimeRow.module_id == module_id)
    newest = (
        select(CompletionTimeRow.competitor_id, CompletionTimeRow.module_id, func.max(CompletionTimeRow.version).label("version"))
        .where(*where)
        .group_by(CompletionTimeRow.competitor_id, CompletionTimeRow.module_id)
        .subquery()
    )
    on = and_(
        CompletionTimeRow.competitor_id == newest.c.competitor_id,
        CompletionTimeRow.module_id == newest.c.module_id,
        CompletionTimeRow.version == newest.c.version,
    )
    query = select(CompletionTimeRow.competitor_id, CompletionTimeRow.module_id, CompletionTimeRow.seconds, CompletionTimeRow.version).join(
        newest, on
    )
    return list((await session.execute(query)).all())


async def event_times(session: AsyncSession, contest_id: int, event: Event, field: DrawnField) -> dict[str | None, np.ndarray]:
    """module id → float seconds [C] (NaN = no time), and None → the total time."""
    times = {m.id: np.full(field.size, np.nan) for m in event.modules}
    rows = await _newest(session, contest_id, event.id)
    if rows:
        competitor_ids, module_ids, seconds, _ = (list(col) for col in zip(*rows))
        where = positions(field, np.array(competitor_ids, dtype=np.int64))
        for module_id in set(module_ids) & set(times):
            mine = np.array([m == module_id for m in module_ids])
            times[module_id][where[mine]] = np.array(seconds, dtype=np.float64)[mine]
    # the total in whole milliseconds: integer sums are exact, so equal totals stay equal
    timed = [np.round(t * 1000) for t in times.values() if not np.isnan(t).all()]
    times[None] = np.sum(timed, axis=0) / 1000 if timed else np.full(field.size, np.nan)
    return times


__all__ = ["event_times", "record_times"]
