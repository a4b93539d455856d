"""Marks: validated whole against the aspect (by the engine), the panel, conflicts of
interest and the draw; stored append-only (corrections need a reason, every version is
kept); idempotent under retries with the same key."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest
from sqlalchemy import select

from contests.judging.errors import JudgingError as RegistrationError  # a mark batch raises the judging error (issue 8)
from contests.store.models import AuditEventRow, IdempotencyKeyRow, MarkRow
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import Conflict
from contests.usecases.core.idempotency import BadKey
from contests.usecases.judging.marking import MarksRejected, mark_history, submit_marks
from contests.usecases.judging.requests import MarkBatch, MarkInput
from tests.db.helpers import ORGANISER, counts, example
from tests.db.test_judging_fixtures import CHIEF, batch, welder_day, with_contest

pytestmark = [pytest.mark.db, pytest.mark.anyio]


def _mark(day, code_of: str, aspect: str, value, module: str = "practical", reason: str | None = None) -> MarkInput:
    return MarkInput(
        event_id="welder", module_id=module, blind_code=day.code(code_of), aspect_id=aspect, value=Decimal(str(value)), reason=reason
    )


async def test_a_batch_is_stored_with_one_audit_event(session):
    day = await welder_day(session)
    result = await submit_marks(
        session, day.judges["P2"], day.contest_id, batch(day, "practical", {"W1": {"groove_preparation": 3, "cap_height": 0.5}})
    )
    assert (result.judge, result.created, result.corrected, result.unchanged) == ("P2", 2, 0, 0)
    assert [(m.index, m.aspect_id, m.value, m.version, m.status) for m in result.marks] == [
        (0, "groove_preparation", 3, 1, "created"), (1, "cap_height", Decimal("0.5"), 1, "created"),
    ]  # fmt: skip
    rows = (await session.scalars(select(MarkRow).order_by(MarkRow.aspect_id))).all()
    assert [(r.aspect_id, r.value, r.version, r.created_by) for r in rows] == [
        ("cap_height", Decimal("0.5"), 1, "judge-p2"), ("groove_preparation", 3, 1, "judge-p2"),
    ]  # fmt: skip
    event = await session.scalar(select(AuditEventRow).where(AuditEventRow.action == "marks.submit"))
    after = msgspec.json.decode(event.after)
    assert (event.actor, after["judge"], len(after["marks"])) == ("judge-p2", "P2", 2)


async def test_a_correction_needs_a_reason_and_keeps_both_versions(session):
    day = await welder_day(session)
    p2 = day.judges["P2"]
    await submit_marks(session, p2, day.contest_id, batch(day, "practical", {"W1": {"groove_preparation": 2}}))
    before = await counts(session)
    with pytest.raises(MarksRejected) as err:
        await submit_marks(session, p2, day.contest_id, batch(day, "practical", {"W1": {"groove_preparation": 3}}))
    assert err.value.problems[0].path == "marks[0].reason" and "needs a reason" in err.value.problems[0].rule
    assert await counts(session) == before
    result = await submit_marks(
        session, p2, day.contest_id, batch(day, "practical", {"W1": {"groove_preparation": 3}}, reason="复核后更正")
    )
    assert (result.corrected, result.marks[0].version, result.marks[0].status) == (1, 2, "corrected")
    history = await mark_history(session, p2, day.contest_id, "welder", "practical", day.code("W1"), "groove_preparation")
    assert [(h.version, h.value, h.reason, h.appeal_id) for h in history] == [(1, 2, None, None), (2, 3, "复核后更正", None)]
    correction = await session.scalar(select(AuditEventRow).where(AuditEventRow.action == "mark.correct"))
    assert (msgspec.json.decode(correction.before), msgspec.json.decode(correction.after), correction.reason) == (
        {"value": "2", "version": 1}, {"value": "3", "version": 2}, "复核后更正",
    )  # fmt: skip


async def test_sending_the_current_value_again_changes_nothing(session):
    day = await welder_day(session)
    marks = batch(day, "practical", {"W1": {"groove_preparation": 2}})
    await submit_marks(session, day.judges["P2"], day.contest_id, marks)
    before = await counts(session)
    again = await submit_marks(session, day.judges["P2"], day.contest_id, batch(day, "practical", {"W1": {"groove_preparation": "2.000"}}))
    assert (again.unchanged, again.marks[0].version, again.marks[0].status) == (1, 1, "unchanged")
    assert await counts(session) == before


async def test_a_retry_with_the_same_key_returns_the_first_answer_and_stores_nothing(session):
    day = await welder_day(session)
    p2 = day.judges["P2"]
    marks = batch(day, "practical", {"W1": {"groove_preparation": 2, "tack_welding": 3}})
    first = await submit_marks(session, p2, day.contest_id, marks, idempotency_key="tablet-7:0001")
    after_first = await counts(session)
    assert after_first["idempotency_keys"] == 1
    # the same request, its numbers written differently, after the state moved on
    await submit_marks(session, p2, day.contest_id, batch(day, "practical", {"W1": {"groove_preparation": 3}}, reason="更正"))
    moved = await counts(session)
    same = MarkBatch(marks=[msgspec.structs.replace(m, value=m.value + Decimal("0.000")) for m in marks.marks])
    replayed = await submit_marks(session, p2, day.contest_id, same, idempotency_key="tablet-7:0001")
    assert replayed == first and replayed.marks[0].status == "created"
    assert await counts(session) == moved


async def test_the_same_key_with_another_request_is_a_conflict(session):
    day = await welder_day(session)
    p2 = day.judges["P2"]
    await submit_marks(session, p2, day.contest_id, batch(day, "practical", {"W1": {"groove_preparation": 2}}), idempotency_key="k-1")
    before = await counts(session)
    with pytest.raises(Conflict) as err:
        await submit_marks(session, p2, day.contest_id, batch(day, "practical", {"W2": {"groove_preparation": 2}}), idempotency_key="k-1")
    assert err.value.problems[0].path == "Idempotency-Key" and "different request" in err.value.problems[0].rule
    assert await counts(session) == before
    # keys belong to one account: another judge's "k-1" is another key
    other = await submit_marks(
        session, day.judges["P3"], day.contest_id, batch(day, "practical", {"W2": {"groove_preparation": 2}}), idempotency_key="k-1"
    )
    assert other.created == 1


@pytest.mark.parametrize("key", ["", "x" * 201, "has space", "汉字"])
async def test_malformed_keys_are_refused(session, key):
    day = await welder_day(session)
    with pytest.raises(BadKey):
        await submit_marks(
            session, day.judges["P2"], day.contest_id, batch(day, "practical", {"W1": {"groove_preparation": 2}}), idempotency_key=key
        )


async def test_every_bad_mark_is_reported_and_nothing_is_stored(session):
    day = await welder_day(session)
    before = await counts(session)
    marks = MarkBatch(marks=[
        _mark(day, "W1", "groove_preparation", 3),  # fine
        _mark(day, "W1", "tack_welding", "2.5"),  # judgements are 0–3 integers
        _mark(day, "W1", "pore", 2),  # a veto is 0 or 1
        _mark(day, "W1", "cap_height", "0.12345"),  # more places than the store keeps
        _mark(day, "W1", "safe_tidy_work", 4),
        _mark(day, "W1", "no_such_aspect", 1),
        MarkInput(event_id="welder", module_id="practical", blind_code="1", aspect_id="undercut", value=Decimal(1)),
        _mark(day, "W1", "groove_preparation", 2),  # the same cell twice
        _mark(day, "W2", "undercut", -12),  # a measured value may be anything finite: fine
    ])  # fmt: skip
    with pytest.raises(MarksRejected) as err:
        await submit_marks(session, day.judges["P2"], day.contest_id, marks)
    paths = [p.path for p in err.value.problems]
    assert paths == [
        "marks[1].value",
        "marks[2].value",
        "marks[3].value",
        "marks[4].value",
        "marks[5].aspect_id",
        "marks[6].blind_code",
        "marks[7]",
    ]
    rules = {p.path: p.rule for p in err.value.problems}
    assert "judgement marks are integers 0, 1, 2 or 3" in rules["marks[1].value"]
    assert "veto is recorded as 1 (happened) or 0" in rules["marks[2].value"]
    assert "at most 4 decimal places" in rules["marks[3].value"]
    assert await counts(session) == before


async def test_a_judge_may_not_mark_their_own_unit(session):
    day = await welder_day(session)
    p1 = day.judges["P1"]  # unit TL, like W1 and W2
    with pytest.raises(MarksRejected) as err:
        await submit_marks(
            session,
            p1,
            day.contest_id,
            MarkBatch(marks=[_mark(day, "W3", "groove_preparation", 3), _mark(day, "W1", "groove_preparation", 3)]),
        )
    assert [p.path for p in err.value.problems] == ["marks[1].blind_code"]
    # refused as if the code were unknown: the judge learns nothing of who is from their unit (issue 10, the seal)
    unknown = f"no competitor has blind code {day.code('W1')} in event"
    assert unknown in err.value.problems[0].rule and "conflict" not in err.value.problems[0].rule
    assert (await counts(session))["marks"] == 0


async def test_a_contest_without_conflict_policy_lets_any_panel_judge_mark(session):
    day = await welder_day(session, with_contest(example("welder"), conflict_policy="none"))
    result = await submit_marks(session, day.judges["P1"], day.contest_id, batch(day, "practical", {"W1": {"groove_preparation": 3}}))
    assert result.created == 1


async def test_only_the_panels_judges_mark_a_module(session):
    day = await welder_day(session)
    with pytest.raises(MarksRejected) as err:
        await submit_marks(session, day.judges["T1"], day.contest_id, batch(day, "practical", {"W1": {"groove_preparation": 3}}))
    assert "not on the panel of welder/practical" in err.value.problems[0].rule
    for nobody in (ORGANISER, CHIEF):  # logins not linked to a panel judge
        with pytest.raises((Forbidden, MarksRejected)):
            await submit_marks(session, nobody, day.contest_id, batch(day, "practical", {"W1": {"groove_preparation": 3}}))
    with pytest.raises(MarksRejected) as err:
        await submit_marks(session, day.judges["P2"], day.contest_id, MarkBatch(marks=[
            MarkInput(event_id="plumber", module_id="practical", blind_code="1", aspect_id="a", value=Decimal(1)),
            MarkInput(event_id="welder", module_id="oral", blind_code="1", aspect_id="a", value=Decimal(1)),
        ]))  # fmt: skip
    assert [p.path for p in err.value.problems] == ["marks[0].event_id", "marks[1].module_id"]
    assert (await counts(session))["marks"] == 0


async def test_declared_bounds_are_applied_to_batches_built_in_python(session):
    day = await welder_day(session)
    bad = MarkBatch(
        marks=[MarkInput(event_id="welder", module_id="practical", blind_code="0123", aspect_id="cap_height", value=Decimal(1))]
    )
    with pytest.raises(RegistrationError) as err:
        await submit_marks(session, day.judges["P2"], day.contest_id, bad)
    assert err.value.problems[0].path.startswith("marks[0].blind_code")


async def test_judges_read_only_their_own_history(session):
    day = await welder_day(session)
    await submit_marks(session, day.judges["P2"], day.contest_id, batch(day, "practical", {"W1": {"groove_preparation": 3}}))
    with pytest.raises(Forbidden):
        await mark_history(
            session, day.judges["P3"], day.contest_id, "welder", "practical", day.code("W1"), "groove_preparation", judge="P2"
        )
    versions = await mark_history(session, CHIEF, day.contest_id, "welder", "practical", day.code("W1"), "groove_preparation", judge="P2")
    assert [v.by for v in versions] == ["judge-p2"]
    assert (await session.scalar(select(IdempotencyKeyRow))) is None
