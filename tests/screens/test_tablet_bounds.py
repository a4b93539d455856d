"""The tablet's instant check agrees with the API: for every aspect of every example contest,
the bounds the page checks before sending are exactly where the marking use-case's value
check (the engine's rules) starts refusing, and the message the page shows for a refused
value is the API's own sentence for that value."""

from __future__ import annotations

from decimal import Decimal

import pytest

from api.screens.tablet.sheet import VALUE_SLOT, aspect_inputs
from contests.definition import decode_contest
from contests.usecases.judging.mark_values import value_problems
from contests.usecases.judging.sheets import sheet_aspects
from scoring.compiled import compile_scheme
from tests.db.helpers import EXAMPLES

MODULES = [
    pytest.param(module, id=f"{path.stem}/{event.id}/{module.id}")
    for path in sorted(EXAMPLES.glob("*.toml"))
    if b"[[events]]" in path.read_bytes()  # examples/ also holds labour-competition and honours files
    for event in decode_contest(path.read_bytes(), "toml").events
    for module in event.modules
]


def _refused(module, compiled, index: int, value: float) -> str | None:
    return value_problems(module, compiled, [(0, index, Decimal(str(value)))]).get(0)


@pytest.mark.parametrize("module", MODULES)
def test_the_instant_check_matches_the_api(module):
    compiled = compile_scheme(module.scheme)
    index = {a: i for i, a in enumerate(compiled.aspect_ids)}
    for entry in aspect_inputs(module, sheet_aspects(module)):
        a = index[entry.aspect.id]
        where = f"{module.id}.{entry.aspect.id}"
        for edge in (entry.low, entry.high):
            if edge is not None:
                assert _refused(module, compiled, a, edge) is None, f"{where}: {edge} should be accepted"
        outside = [
            v
            for v in (entry.low - 1 if entry.low is not None else None, entry.high + 7 if entry.high is not None else None)
            if v is not None
        ]
        if entry.whole:
            outside.append((entry.low or 0) + 0.5)
        elif entry.aspect.rule in ("marks", "time"):
            assert _refused(module, compiled, a, (entry.low or 0) + 0.5) is None, where
        for value in outside:
            api = _refused(module, compiled, a, value)
            assert api is not None, f"{where}: {value} should be refused"
            assert entry.refusal.replace(VALUE_SLOT, f"{value:g}") == api, where
        if entry.low is None and entry.aspect.rule in ("bands", "tolerance"):
            assert _refused(module, compiled, a, -5.0) is None and _refused(module, compiled, a, 5000.0) is None, where
        if entry.widget != "number":
            assert entry.levels == list(range(int(entry.low), int(entry.high) + 1))
