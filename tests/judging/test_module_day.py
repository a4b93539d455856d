"""One module on the day, as a value: owed marks, signatures, may a judge sign, may the
chief judge lock or unlock; without a database."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from contests.judging.field import Drawn, DrawnField
from contests.judging.lock import LockEvent
from contests.judging.module_day import ModuleDay, PanelJudge, recusals
from contests.judging.sign_off import SignOff, sign_off_states
from contests.people import Competitor, Judge
from scoring.compiled import compile_scheme
from scoring.module import Module
from scoring.scheme import Criterion, Deduction, Judgement, Scheme

T0 = dt.datetime(2026, 3, 21, 9, 0, tzinfo=dt.UTC)
MODULE = Module(
    id="practical",
    name="实操",
    weight=100,
    scheme=Scheme(
        criteria=[
            Criterion(
                id="work",
                name="工艺",
                max_marks=5,
                aspects=[
                    Judgement(id="finish", name="外观", max_marks=5),
                    Deduction(id="waste", name="浪费", per_occurrence=1, cap=5),
                ],
            )
        ]
    ),
)
FIELD = DrawnField.of(
    [
        Drawn(12, "7", "1", 1, Competitor(employee_no="W2", name="李四", unit="HF", event="welder"), "合肥"),
        Drawn(11, "3", "2", 1, Competitor(employee_no="W1", name="张三", unit="TL", event="welder"), "铜陵"),
    ]
)
P1, P2 = PanelJudge(1, Judge(code="P1", name="甲", unit="TL")), PanelJudge(2, Judge(code="P2", name="乙", unit="WH"))


def day(marks: list[list[list[float]]] | None = None, **kw) -> ModuleDay:
    compiled = compile_scheme(MODULE.scheme)
    tensor = np.full((2, compiled.n_aspects, 2), np.nan) if marks is None else np.array(marks, dtype=float)
    return ModuleDay("welder", MODULE, compiled, FIELD, [P1, P2], tensor, recusals("unit", FIELD, [P1, P2]), **kw)


def test_the_field_is_in_registration_order_and_sheets_in_blind_code_order():
    assert [d.competitor_id for d in FIELD.assignments] == [11, 12] and FIELD.by_code == {"3": 0, "7": 1}
    assert FIELD.by_blind_code_order() == [0, 1] and FIELD.position_of(12) == 1 and FIELD.position_of(99) is None
    assert FIELD.positions(np.array([12, 11])).tolist() == [1, 0] and FIELD.positions(np.array([5])) is None


def test_recused_cells_and_deductions_are_never_owed():
    d = day()
    assert d.recused.tolist() == [[True, False], [False, False]]  # P1 is of W1's unit
    owed = d.owed()
    assert owed[:, 1, :].sum() == 0  # deductions are recorded when they happen
    assert owed[:, 0, :].tolist() == [[False, True], [True, True]]
    assert [p.rule for p in d.owed_problems("owed", d.slot(1))] == ["blind code 7, aspect 'finish': judge P1 has not marked it"]


def test_a_judge_signs_a_complete_sheet_of_an_open_module():
    nan = math.nan
    d = day([[[nan, 2], [nan, nan]], [[3, nan], [nan, nan]]])
    assert d.may_sign(1, "P1") == []
    refused = d.may_sign(2, "P2")
    assert refused[0].rule == "judge P2 still owes marks on welder/practical: a sheet is signed complete"
    locked = day(lock=LockEvent(id=1, seq=1, state="locked", at=T0, by="cj"))
    assert locked.may_sign(1, "P1")[0].rule == "module welder/practical is already locked"


def test_a_signature_is_current_while_it_has_seen_all_the_judges_marks():
    signed = {1: SignOff(judge_id=1, seq=1, marks_seen=4, at=T0, by="p1")}
    states = sign_off_states(signed, {1: 4, 2: 3})
    assert states[1].current and states[1].at == T0 and not states[2].current and states[2].sign_off is None
    assert not sign_off_states(signed, {1: 5})[1].current  # a correction of their own since


def test_the_chief_judge_locks_when_ready_or_by_force():
    d = day()
    refused = d.may_lock(force=False)
    assert refused[0].path == "force" and any(p.path == "unsigned" for p in refused)
    assert d.may_lock(force=True) == []
    nan = math.nan
    done = day(
        [[[nan, 2], [nan, nan]], [[3, 1], [nan, nan]]],
        sign_offs=sign_off_states({j: SignOff(j, 1, 1, T0, "x") for j in (1, 2)}, {1: 1, 2: 1}),
    )
    assert done.may_lock(force=False) == [] and done.unsigned() == []


def test_no_panel_no_lock_and_no_draw_no_lock():
    compiled = compile_scheme(MODULE.scheme)
    empty = ModuleDay("welder", MODULE, compiled, FIELD, [], np.full((2, 2, 0), np.nan), np.zeros((2, 0), bool))
    assert "has no panel" in empty.may_lock(force=True)[0].rule
    undrawn = ModuleDay("welder", MODULE, compiled, DrawnField.of([]), [P1], np.full((0, 2, 1), np.nan), np.zeros((0, 1), bool))
    assert "has not been drawn yet" in undrawn.may_lock(force=True)[0].rule


def test_unlocking_needs_a_locked_module_of_a_blind_event():
    assert day().may_unlock()[0].rule == "module welder/practical is not locked"
    locked = LockEvent(id=1, seq=1, state="locked", at=T0, by="cj")
    assert day(lock=locked).may_unlock() == []
    assert "is unblinded" in day(lock=locked, unblinded=True).may_unlock()[0].rule
    assert "was locked at 09:00 UTC" in (day(lock=locked).marks_gate() or "")
