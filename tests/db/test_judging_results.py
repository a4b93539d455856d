"""Rankings and publication rules, missing-mark policies, and completion times."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest

from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.judging.marking import submit_marks
from contests.usecases.judging.publishing import get_published, list_published, publish_standings
from contests.usecases.judging.requests import TimeBatch, TimeInput
from contests.usecases.judging.standings import compute_standings
from contests.usecases.judging.times import record_times
from contests.usecases.judging.unblinding import unblind_event
from contests.usecases.setup import judges as judge_uc
from tests.db.helpers import ORGANISER, counts, example
from tests.db.test_judging_fixtures import (
    CHIEF,
    WELDER_PANELS,
    WELDER_THEORY,
    batch,
    mark_welder_day,
    sign_and_lock,
    welder_day,
    welder_practical,
)

pytestmark = [pytest.mark.db, pytest.mark.anyio]


def _theory_missing(policy: str):
    """The welder contest whose theory module treats a missing mark by `policy`."""
    contest = example("welder")
    event = contest.events[0]
    theory = event.modules[0]
    theory = msgspec.structs.replace(theory, aggregation=msgspec.structs.replace(theory.aggregation, missing=policy))
    return msgspec.structs.replace(contest, events=[msgspec.structs.replace(event, modules=[theory, event.modules[1]])])


async def test_rankings_wait_for_owed_marks_under_the_error_policy(session):
    day = await welder_day(session)
    await submit_marks(session, day.judges["T1"], day.contest_id, batch(day, "theory", {"W1": {"theory_mark": 90}}))
    with pytest.raises(Conflict) as err:
        await compute_standings(session, CHIEF, day.contest_id, "welder")
    assert err.value.problems[0].path == "modules.theory" and "5 marks are still owed" in err.value.problems[0].rule
    assert len(err.value.problems) == 1 + 5 and f"blind code {day.code('W2')}" in " ".join(p.rule for p in err.value.problems)
    with pytest.raises(Forbidden):
        await compute_standings(session, day.judges["T1"], day.contest_id, "welder")


async def test_the_zero_policy_counts_a_missing_mark_as_nothing(session):
    day = await welder_day(session, _theory_missing("zero"))
    for judge in ("P1", "P2", "P3", "P4", "P5"):
        await submit_marks(session, day.judges[judge], day.contest_id, batch(day, "practical", welder_practical(judge)))
    theory = {no: {"theory_mark": v} for no, v in WELDER_THEORY.items() if no != "W6"}  # W6 missed the exam
    await submit_marks(session, day.judges["T1"], day.contest_id, batch(day, "theory", theory))
    zeroed = (await compute_standings(session, CHIEF, day.contest_id, "welder")).row(day.code("W6"))
    assert zeroed.module_units[0] == 0 and zeroed.total_units == round(0.7 * 95.2 * 100)


async def test_a_competitor_nobody_on_the_panel_may_mark_is_refused(session):
    day = await welder_day(session)
    await judge_uc.set_panel(session, ORGANISER, day.contest_id, "welder", "theory", ["P1"])  # of unit TL, like W1 and W2
    others = {no: {"theory_mark": v} for no, v in WELDER_THEORY.items() if no not in ("W1", "W2")}
    await submit_marks(session, day.judges["P1"], day.contest_id, batch(day, "theory", others))
    with pytest.raises(Conflict, match="no judge of the panel of 'theory' may mark"):
        await compute_standings(session, CHIEF, day.contest_id, "welder")


async def test_publishing_needs_the_unblinded_event_and_a_change(session):
    day = await welder_day(session)
    await mark_welder_day(session, day)
    with pytest.raises(NotFound):
        await get_published(session, day.contest_id, "welder")
    assert await list_published(session, day.contest_id) == []
    await sign_and_lock(session, day, WELDER_PANELS)
    with pytest.raises(Conflict, match="still blind"):
        await publish_standings(session, ORGANISER, day.contest_id, "welder")
    await unblind_event(session, CHIEF, day.contest_id, "welder")
    with pytest.raises(Forbidden):
        await publish_standings(session, CHIEF, day.contest_id, "welder")
    first = await publish_standings(session, ORGANISER, day.contest_id, "welder")
    before = await counts(session)
    with pytest.raises(Conflict, match="nothing changed since snapshot 1"):
        await publish_standings(session, ORGANISER, day.contest_id, "welder")
    assert await counts(session) == before
    assert await get_published(session, day.contest_id, "welder") == first
    for number in (0, 2, -1, 2**40):
        with pytest.raises(NotFound):
            await get_published(session, day.contest_id, "welder", number)


async def test_times_are_versioned_like_marks_and_locked_with_them(session):
    day = await welder_day(session)
    code = day.code("W5")
    first = await record_times(
        session,
        day.judges["P2"],
        day.contest_id,
        "welder",
        "practical",
        TimeBatch(times=[TimeInput(blind_code=code, seconds=Decimal("1800"))]),
    )
    assert (first.created, first.corrected) == (1, 0)
    same = await record_times(
        session, CHIEF, day.contest_id, "welder", "practical", TimeBatch(times=[TimeInput(blind_code=code, seconds=Decimal("1800.000"))])
    )
    assert same.unchanged == 1
    refused = [
        (TimeInput(blind_code=code, seconds=Decimal("1790")), "times[0].reason"),
        (TimeInput(blind_code=code, seconds=Decimal("-1"), reason="x"), "times[0].seconds"),
        (TimeInput(blind_code=code, seconds=Decimal("1.0005"), reason="x"), "times[0].seconds"),
        (TimeInput(blind_code="1", seconds=Decimal("1")), "times[0].blind_code"),
    ]
    for entry, path in refused:
        with pytest.raises(Conflict) as err:
            await record_times(session, CHIEF, day.contest_id, "welder", "practical", TimeBatch(times=[entry]))
        assert err.value.problems[0].path == path
    fixed = await record_times(
        session,
        CHIEF,
        day.contest_id,
        "welder",
        "practical",
        TimeBatch(times=[TimeInput(blind_code=code, seconds=Decimal("1790"), reason="计时员更正")]),
    )
    assert fixed.corrected == 1
    with pytest.raises(Forbidden):
        await record_times(
            session,
            day.judges["T1"],
            day.contest_id,
            "welder",
            "practical",
            TimeBatch(times=[TimeInput(blind_code=code, seconds=Decimal(1))]),
        )
    await mark_welder_day(session, day)
    await sign_and_lock(session, day, WELDER_PANELS)
    with pytest.raises(Conflict, match="locked"):
        await record_times(
            session,
            CHIEF,
            day.contest_id,
            "welder",
            "practical",
            TimeBatch(times=[TimeInput(blind_code=code, seconds=Decimal(1), reason="x")]),
        )
