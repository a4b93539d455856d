"""The compiled combination of module scores into totals (scoring/event_kernel.py) against
numpy's steps, kept for small fields and as the oracle: weighted scores, the unrounded
total, its units, each module's units and the total bit for bit, under every rounding mode."""

from __future__ import annotations

import numpy as np
import pytest

from scoring import event
from scoring.event import EventRules, EventScorer
from scoring.module import Module
from scoring.rounding import Rounding
from tests.benchmarks import workload


def _both(monkeypatch, modules, rules, marks):
    monkeypatch.setattr(event, "_COMPILED_FROM", 10**12)
    want = EventScorer(modules, rules).score(marks)
    monkeypatch.setattr(event, "_COMPILED_FROM", 0)
    got = EventScorer(modules, rules).score(marks)
    return want, got


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


@pytest.mark.parametrize("mode", ["half_up", "half_even", "down", "up"])
@pytest.mark.parametrize("places", [0, 1, 2, 3])
def test_the_compiled_totals_equal_numpys(monkeypatch, mode, places):
    # three modules with awkward weights, so weighted sums land on and near half units
    base = workload.modules(3)
    modules = [
        Module(id="a", name="a", weight=33.3, scheme=base[0].scheme, aggregation=base[0].aggregation),
        Module(id="b", name="b", weight=41.7, scheme=base[1].scheme, scale_to=100, aggregation=base[1].aggregation),
        Module(id="c", name="c", weight=25, scheme=base[1].scheme, scale_to=70, aggregation=base[1].aggregation),
    ]
    p, t = workload.marks(2_000, 3, seed=places)[0].values()
    rules = EventRules(rounding=Rounding(places=places, mode=mode))
    want, got = _both(monkeypatch, modules, rules, {"a": p, "b": t, "c": t[::-1].copy()})
    for name in ("total_unrounded", "total_units", "total", "disqualified"):
        assert _same(getattr(got, name), getattr(want, name)), name
    for i in want.module_ids:
        assert _same(got.weighted[i], want.weighted[i]), i
    assert _same(got.ranking.rank, want.ranking.rank) and _same(got.ranking.order, want.ranking.order)


def test_one_module_and_signed_zeros(monkeypatch):
    m = workload.modules(3)[1]
    t = workload.marks(500, 3)[0]["theory"]
    t[:100] = 0.0
    want, got = _both(
        monkeypatch, [m.__class__(id="t", name="t", weight=100, scheme=m.scheme, aggregation=m.aggregation)], EventRules(), {"t": t}
    )
    for name in ("total_unrounded", "total_units", "total"):
        assert _same(getattr(got, name), getattr(want, name)), name
