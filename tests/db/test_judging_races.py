"""Every judging-day state machine raced many times: two concurrent requests never both win
(issue 10, item 0). Locks and unlocks, sign-offs, appeal decisions, unblinding and
publication, each at least 200 races, on SQLite and PostgreSQL.

Many small contests per test (one event, one competitor, many modules), so that each race
starts from a fresh state without a fresh database. The guards under test:
- locks and unlocks: the module's state guard (compare-and-set, `module_states`), with the
  lock events unique per (module, seq);
- sign-offs: a judge's signatures numbered, unique per (module, judge, seq);
- appeal decisions: the module's state guard, and one decision per appeal;
- unblinding: the state guard of every module of the event (an unlock racing it loses or
  wins whole), and one unblinding per event;
- publication: the state guard of every module, and snapshot numbers unique per event.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from decimal import Decimal

import msgspec
import pytest
from sqlalchemy import func, select

from contests.definition import Contest, Event
from contests.store import session_factory
from contests.store.models import (
    AppealDecisionRow,
    CompetitorRow,
    DrawAssignmentRow,
    DrawRow,
    JudgeRow,
    ModuleLockRow,
    PanelMemberRow,
    SignOffRow,
    SnapshotRow,
    UnblindingRow,
    UnitRow,
    UserRow,
)
from contests.usecases.core.errors import Conflict
from contests.usecases.judging.appeals import decide_appeal, file_appeal
from contests.usecases.judging.locks import lock_module, sign_sheet, unlock_module
from contests.usecases.judging.marking import submit_marks
from contests.usecases.judging.publishing import publish_standings
from contests.usecases.judging.requests import AppealCorrection, AppealDecision, AppealFiling, MarkBatch, MarkInput
from contests.usecases.judging.unblinding import unblind_event
from contests.usecases.setup.contests import create_contest
from scoring.aggregation import Aggregation
from tests.db.helpers import ORGANISER, example
from tests.db.test_judging_fixtures import CHIEF, add_logins, login

pytestmark = [pytest.mark.db, pytest.mark.anyio]

JUDGE = login("J1")
LOST = (Conflict,)  # a lost race answers 409 (RuleError family), never anything else


def definition(events: int, modules: int, number: int = 0) -> Contest:
    """`events` events e000…, each with `modules` one-aspect modules m0…; a missing mark
    counts 0, so an event can be scored and published without marks."""
    base = example("welder")
    theory = base.events[0].modules[0]
    module = msgspec.structs.replace(theory, weight=100 / modules, pass_mark=None, aggregation=Aggregation(method="mean", missing="zero"))
    return msgspec.structs.replace(
        base,
        id=f"race-{number}",
        events=[
            Event(
                id=f"e{e:03d}",
                name=f"赛项{e}",
                modules=[msgspec.structs.replace(module, id=f"m{m}", name=f"模块{m}") for m in range(modules)],
            )
            for e in range(events)
        ],
    )


async def race_contest(session, events: int, modules: int, *, number: int = 0) -> int:
    """One competitor per event (unit TL, blind code 1), judge J1 (unit ZJ) on every panel,
    chief judge CJ. The contest goes through its use-case; the people, panels and draws are
    written directly (thousands of set-up requests are not what these tests test)."""
    contest_id = (await create_contest(session, ORGANISER, definition(events, modules, number))).id
    if number == 0:
        await add_logins(session, [JUDGE, CHIEF])
    users = {u.username: u.id for u in await session.scalars(select(UserRow))}
    tl, zj = UnitRow(contest_id=contest_id, code="TL", name="铜陵供电公司"), UnitRow(contest_id=contest_id, code="ZJ", name="省裁判委员会")
    j1 = JudgeRow(contest_id=contest_id, code="J1", name="裁判一", unit=zj, role="judge", user_id=users[JUDGE.username])
    cj = JudgeRow(contest_id=contest_id, code="CJ", name="裁判长", unit=zj, role="chief_judge", user_id=users[CHIEF.username])
    session.add_all([tl, zj, j1, cj])
    lines = []
    for e in range(events):
        event = f"e{e:03d}"
        competitor = CompetitorRow(contest_id=contest_id, employee_no=f"C{e:03d}", name=f"选手{e}", unit=tl, event_id=event)
        drawn = DrawRow(
            contest_id=contest_id, event_id=event, seed="1", commitment="0" * 64, record="{}", is_current=True, created_by="organiser"
        )
        panel = [PanelMemberRow(contest_id=contest_id, event_id=event, module_id=f"m{m}", judge=j1, position=0) for m in range(modules)]
        session.add_all([competitor, drawn, *panel])
        lines.append((event, drawn, competitor))
    await session.flush()
    session.add_all(
        DrawAssignmentRow(draw_id=d.id, contest_id=contest_id, event_id=e, competitor=c, station="1", session=1, position=1, blind_code="1")
        for e, d, c in lines
    )
    await session.commit()
    return contest_id


def modules_of(contest_ids: list[int], modules: int) -> list[tuple[int, str, str]]:
    """(contest id, event, module) of every module of one-event contests."""
    return [(c, "e000", f"m{m}") for c in contest_ids for m in range(modules)]


async def race_many(items: list, race, at_once: int = 4) -> list:
    """`race(item)` for every item, `at_once` races at a time (each race its own requests)."""
    out = []
    for k in range(0, len(items), at_once):
        out += await asyncio.gather(*(race(item) for item in items[k : k + at_once]))
    return out


async def contests_of(session, contests: int, modules: int) -> list[int]:
    """One-event contests: a contest's definition is decoded on every request, so small ones keep races quick."""
    return [await race_contest(session, 1, modules, number=k) for k in range(contests)]


async def outcome(factory, call, *args, **kwargs) -> str:
    """'won' or the name of the error a request answered with, each in its own session."""
    async with factory() as own:
        try:
            await call(own, *args, **kwargs)
        except LOST as exc:
            return type(exc).__name__
        return "won"


async def rows(session, model, *group) -> Counter:
    query = select(*group, func.count()).group_by(*group)
    return Counter({tuple(key): n for *key, n in (await session.execute(query.select_from(model))).all()})


async def test_200_racing_locks_and_200_racing_unlocks_each_leave_one_winner(session, engine):
    where = modules_of(await contests_of(session, 10, 20), 20)
    factory = session_factory(engine)

    async def race(at: tuple[int, str, str]) -> tuple:
        locks = await asyncio.gather(*(outcome(factory, lock_module, CHIEF, *at, force=True, reason="强制") for _ in "ab"))
        unlocks = await asyncio.gather(*(outcome(factory, unlock_module, CHIEF, *at, "复核") for _ in "ab"))
        return at, sorted(locks), sorted(unlocks)

    answers = await race_many(where, race)
    assert [a for a in answers if a[1:] != (["Conflict", "won"], ["Conflict", "won"])] == []
    per_module = await rows(session, ModuleLockRow, ModuleLockRow.contest_id, ModuleLockRow.module_id, ModuleLockRow.state)
    assert set(per_module.values()) == {1} and len(per_module) == 400  # one lock and one unlock per module


async def test_200_racing_signatures_of_one_sheet_store_one_signature(session, engine):
    where = modules_of(await contests_of(session, 10, 20), 20)
    factory = session_factory(engine)
    for contest_id, event, module in where:
        mark = MarkInput(event_id=event, module_id=module, blind_code="1", aspect_id="theory_mark", value=Decimal(80))
        await submit_marks(session, JUDGE, contest_id, MarkBatch(marks=[mark]))

    async def race(at: tuple[int, str, str]) -> list[str]:
        return await asyncio.gather(*(outcome(factory, sign_sheet, JUDGE, *at) for _ in "ab"))

    answers = await race_many(where, race)
    assert Counter(a for pair in answers for a in pair) == {"won": 400}  # a repeated signature answers the one stored
    per_sheet = await rows(session, SignOffRow, SignOffRow.contest_id, SignOffRow.module_id, SignOffRow.judge_id)
    assert len(per_sheet) == 200 and set(per_sheet.values()) == {1}


async def test_200_racing_decisions_of_one_appeal_store_one_decision(session, engine):
    where = modules_of(await contests_of(session, 10, 10), 10)
    factory = session_factory(engine)
    appeals = []
    for contest_id, event, module in where:
        await lock_module(session, CHIEF, contest_id, event, module, force=True, reason="强制")
        for _ in "ab":
            filing = AppealFiling(event_id=event, module_id=module, blind_code="1", grounds="复核成绩", appellant="领队")
            appeals.append((contest_id, (await file_appeal(session, ORGANISER, contest_id, filing)).id))
    correction = AppealCorrection(judge="J1", aspect_id="theory_mark", value=Decimal(90))
    decisions = (
        AppealDecision(decision="upheld", reason="复测", corrections=[correction]),
        AppealDecision(decision="rejected", reason="理由不足"),
    )

    async def race(appeal: tuple[int, int]) -> tuple:
        answers = await asyncio.gather(*(outcome(factory, decide_appeal, CHIEF, *appeal, d) for d in decisions))
        return appeal, sorted(answers)

    answers = await race_many(appeals, race)
    assert len(appeals) == 200 and [a for a in answers if a[1] != ["Conflict", "won"]] == []
    assert set((await rows(session, AppealDecisionRow, AppealDecisionRow.appeal_id)).values()) == {1}


async def test_200_racing_unblindings_and_unlocks_each_leave_one_winner(session, engine):
    where = modules_of(await contests_of(session, 200, 1), 1)
    factory = session_factory(engine)
    for at in where:
        await lock_module(session, CHIEF, *at, force=True, reason="强制")

    async def race(at: tuple[int, str, str]) -> tuple:
        contest_id, event, _ = at
        answers = await asyncio.gather(
            outcome(factory, unblind_event, CHIEF, contest_id, event),
            outcome(factory, unblind_event, CHIEF, contest_id, event),
            outcome(factory, unlock_module, CHIEF, *at, "复核"),
        )
        return at, answers

    answers = await race_many(where, race)
    assert [a for a in answers if a[1].count("won") != 1] == []
    unblinded = await rows(session, UnblindingRow, UnblindingRow.contest_id, UnblindingRow.event_id)
    assert set(unblinded.values()) <= {1}
    # an unblinded event kept its lock: the unlock lost to the unblinding, or won and nothing was unblinded
    states = dict(((c, e), s) for c, e, s in (await session.execute(_newest_lock_states())).all())
    assert all(states[key] == "locked" for key in unblinded)
    assert sum(s == "unlocked" for s in states.values()) + len(unblinded) == 200


def _newest_lock_states():
    newest = select(ModuleLockRow.contest_id, ModuleLockRow.event_id, func.max(ModuleLockRow.seq).label("seq")).group_by(
        ModuleLockRow.contest_id, ModuleLockRow.event_id
    )
    n = newest.subquery()
    return select(ModuleLockRow.contest_id, ModuleLockRow.event_id, ModuleLockRow.state).join(
        n, (ModuleLockRow.contest_id == n.c.contest_id) & (ModuleLockRow.event_id == n.c.event_id) & (ModuleLockRow.seq == n.c.seq)
    )


async def test_200_racing_publications_make_one_snapshot_each(session, engine):
    where = modules_of(await contests_of(session, 200, 1), 1)
    factory = session_factory(engine)
    for contest_id, event, module in where:
        await lock_module(session, CHIEF, contest_id, event, module, force=True, reason="强制")
        await unblind_event(session, CHIEF, contest_id, event)

    async def race(at: tuple[int, str, str]) -> tuple:
        answers = await asyncio.gather(*(outcome(factory, publish_standings, ORGANISER, *at[:2]) for _ in "ab"))
        return at, sorted(answers)

    answers = await race_many(where, race)
    assert [a for a in answers if a[1] != ["Conflict", "won"]] == []
    snapshots = await rows(session, SnapshotRow, SnapshotRow.contest_id, SnapshotRow.event_id, SnapshotRow.number)
    assert len(snapshots) == 200 and set(snapshots.values()) == {1}
