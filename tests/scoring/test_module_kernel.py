"""The compiled module kernel (scoring/module_kernel.py) against the numpy path it stands in
for (`_evaluate`, kept as the general path and here as the oracle): every output of every
competitor is equal bit for bit, over a scheme using every rule, veto effect and deduction
scope the kernel takes, marks on band edges and signed zeros, chunked or not; and a module or
a chunk the kernel does not take goes to the numpy path."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import fused_module
from scoring.aggregation import Aggregation
from scoring.compiled import compile_scheme
from scoring.errors import MarksError
from scoring.module import Module
from scoring.module_score import _evaluate, score_module
from scoring.rounding import Rounding
from scoring.scheme import Band, Criterion, Deduction, Judgement, Measurement, Scheme, SubCriterion, Veto
from tests.benchmarks import workload

BANDS = [Band(upto=0.5, marks=5), Band(upto=1, marks=3), Band(upto=2, marks=1)]


def every_rule_scheme() -> Scheme:
    """Marks, pass/fail, bands and judgement; aspect, criterion, module and disqualifying
    vetoes; section and module deductions with caps and disqualify_at; sub-criteria, and a
    criterion whose allocation is not all covered by aspects (section credit)."""
    return Scheme(
        criteria=[
            Criterion(
                id="a",
                name="甲",
                max_marks=30,
                sub_criteria=[
                    SubCriterion(
                        id="a1",
                        name="甲一",
                        max_marks=15,
                        aspects=[
                            Measurement(id="m1", name="量1", max_marks=5, rule="bands", bands=BANDS),
                            Measurement(id="m2", name="量2", max_marks=10),
                            Veto(id="v_aspect", name="否1", effect="aspect", target="m2"),
                        ],
                    ),
                    SubCriterion(
                        id="a2",
                        name="甲二",
                        max_marks=15,
                        aspects=[
                            Judgement(id="j1", name="评1", max_marks=6),
                            Measurement(id="p1", name="合格", max_marks=4, rule="pass_fail"),
                            Deduction(id="d1", name="扣1", per_occurrence=1.5, cap=3),
                        ],
                    ),
                ],
            ),  # fmt: skip
            Criterion(
                id="b",
                name="乙",
                max_marks=9,
                aspects=[
                    Judgement(id="j2", name="评2", max_marks=9),
                    Veto(id="v_crit", name="否2", effect="criterion"),
                    Deduction(id="d2", name="扣2", per_occurrence=2, scope="module", disqualify_at=3),
                ],
            ),  # fmt: skip
            Criterion(
                id="c",
                name="丙",
                max_marks=5,
                aspects=[
                    Measurement(id="m3", name="量3", max_marks=5, rule="bands", bands=BANDS),
                    Veto(id="v_mod", name="否3", effect="module"),
                    Veto(id="v_out", name="否4", effect="disqualify"),
                ],
            ),  # fmt: skip
        ]
    )


VALUES = {
    "bands": [0.0, -0.0, 0.4, 0.5, 0.6, 1.0, 1.5, 2.0, 2.5, 0.1, 0.2, 0.3, 7.0],
    "marks": [0.0, -0.0, 0.1, 0.2, 0.3, 2.5, 10.0, 3.3],
    "judgement": [0.0, 1.0, 2.0, 3.0],
    "pass_fail": [0.0, 1.0],
    "deduction": [0.0, 1.0, 2.0, 3.0, 5.0],
    "veto": [0.0, 0.0, 0.0, 1.0],
}


def kinds(scheme: Scheme) -> list[str]:
    return [a.rule if isinstance(a, Measurement) else type(a).__name__.lower() for a in scheme.aspects()]


@st.composite
def cases(draw):
    scheme = every_rule_scheme()
    judges = draw(st.sampled_from([1, 2, 3, 5, 7]))
    trim = judges >= 3 and draw(st.booleans())
    n = draw(st.integers(1, 30))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    columns = [rng.choice(VALUES[k], size=(n, judges)) for k in kinds(scheme)]
    marks = np.stack(columns, axis=1)
    agg = Aggregation(method="trimmed_mean", trim=1) if trim else Aggregation()
    rounding = draw(st.sampled_from([Rounding(places=2), Rounding(places=1, level="module"), Rounding(places=0, mode="half_even")]))
    module = Module(id="m", name="模块", weight=100, scheme=scheme, aggregation=agg, scale_to=draw(st.sampled_from([None, 100])))
    return module, marks, rounding, draw(st.integers(1, 9))


def _bits_equal(a, b) -> None:
    for name in a.__struct_fields__:
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and x.shape == y.shape, name
            assert np.array_equal(np.ascontiguousarray(x).view(np.uint8), np.ascontiguousarray(y).view(np.uint8)), name
        else:
            assert x == y, name


def _oracle(module, marks, rounding):
    return _evaluate(module, marks, rounding, compile_scheme(module.scheme), False)


@settings(max_examples=150, deadline=None)
@given(case=cases())
def test_the_kernel_equals_the_numpy_path_bit_for_bit(case):
    module, marks, rounding, chunk = case
    assert fused_module.fusable(module, compile_scheme(module.scheme), rounding)
    _bits_equal(score_module(module, marks, rounding, chunk=chunk), _oracle(module, marks, rounding))


@pytest.mark.parametrize("judges", [3, 5])
def test_the_benchmark_modules_equal_the_numpy_path_bit_for_bit(judges):
    marks, _ = workload.marks(3000, judges, seed=judges)
    for module in workload.modules(judges):
        _bits_equal(score_module(module, marks[module.id], Rounding(), chunk=700), _oracle(module, marks[module.id], Rounding()))


def test_judge_major_marks_give_the_same_bits():
    module = workload.modules(5)[0]
    marks = workload.marks(200, 5, seed=4)[0]["practical"]
    view = np.moveaxis(np.ascontiguousarray(np.moveaxis(marks, 2, 0)), 0, 2)
    _bits_equal(score_module(module, view, Rounding(), chunk=64), _oracle(module, marks, Rounding()))


def test_a_chunk_with_a_missing_mark_takes_the_numpy_path():
    module = Module(id="m", name="m", weight=100, scheme=workload.practical_scheme(), aggregation=Aggregation(missing="absent"))
    marks = workload.marks(40, 3, seed=2)[0]["practical"]
    marks[33, 2, 1] = np.nan
    _bits_equal(score_module(module, marks, Rounding(), chunk=8), _oracle(module, marks, Rounding()))


def test_a_refused_mark_is_named_as_the_numpy_path_names_it():
    module = workload.modules(3)[0]
    marks = workload.marks(20, 3, seed=3)[0]["practical"]
    marks[17, 7, 1] = 2.5  # a judgement must be 0, 1, 2 or 3
    with pytest.raises(MarksError) as got:
        score_module(module, marks, Rounding(), chunk=4)
    assert got.value.problems[0].path == "marks[practical][17][j1][judge 1]"


def test_modules_the_kernel_does_not_take():
    cs = compile_scheme(workload.practical_scheme())
    scheme = workload.practical_scheme()
    median = Module(id="m", name="m", weight=100, scheme=scheme, aggregation=Aggregation(method="median"))
    trim2 = Module(id="m", name="m", weight=100, scheme=scheme, aggregation=Aggregation(method="trimmed_mean", trim=2))
    plain = Module(id="m", name="m", weight=100, scheme=scheme)
    assert not fused_module.fusable(median, cs, Rounding())
    assert not fused_module.fusable(trim2, cs, Rounding())
    assert not fused_module.fusable(plain, cs, Rounding(level="aspect"))
    assert fused_module.fusable(plain, cs, Rounding(level="module"))


def test_a_refused_mark_after_a_missing_one_in_a_chunk_is_named_by_its_place_in_the_field():
    module = Module(id="m", name="m", weight=100, scheme=workload.practical_scheme(), aggregation=Aggregation(missing="absent"))
    marks = workload.marks(40, 3, seed=2)[0]["practical"]
    marks[33, 2, 1] = np.nan
    marks[35, 7, 0] = 2.5  # the same chunk of 8, after the missing mark the kernel stopped at
    with pytest.raises(MarksError) as got:
        score_module(module, marks, Rounding(), chunk=8)
    assert got.value.problems[0].path == "marks[m][35][j1][judge 0]"
