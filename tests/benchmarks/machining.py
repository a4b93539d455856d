"""The tolerance-heavy benchmark event: a lathe practical (车工, shared RULES.md "Lathe and CNC
turning marking examples") of 20 toleranced dimensions, 3 roughness grades, a time limit, a
deduction from the module total and a veto, all measured once by one inspector (panel
"single"), weighted 70 against a 30% theory mark; a generator of valid random measurements;
and a plain-Python oracle in exact decimals that the engine's results are checked against
before anything is timed."""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import numpy as np

from scoring.awards import AwardPolicy, AwardTier
from scoring.event import EventRules
from scoring.grades import Grades
from scoring.module import Module
from scoring.ranking import Ranking, TieBreak
from scoring.scheme import Criterion, Deduction, Measurement, Scheme, Veto
from scoring.time_limit import TimeLimit
from scoring.tolerance import Tolerance

RA = [0.8, 1.6, 3.2, 6.3, 12.5]
N_DIMS = 20
# (nominal, lower, upper, beyond, step, per, count) — the RULES.md shapes, cycled over 20 dimensions
SHAPES = [
    (18.0, -0.03, 0.03, "deduct", 0.01, 1.0, "started"),  # Φ18±0.03, 1 per 0.01
    (24.0, 0.0, 0.021, "zero", None, None, "started"),  # Φ24 +0.021/0, 超差不得分
    (38.0, -0.025, 0.0, "deduct", 0.01, 1.0, "completed"),  # Φ38 0/−0.025
    (120.0, -0.05, 0.05, "deduct", 0.02, 2.0, "started"),  # length, per 0.02
    (24.0, 0.0, 0.021, "deduct", 0.01, 3.0, "started"),  # IT10, 3 per 0.01
]


def _dimension(k: int) -> Measurement:
    nominal, lower, upper, beyond, step, per, count = SHAPES[k % len(SHAPES)]
    t = Tolerance(nominal=nominal + k, lower=lower, upper=upper, beyond=beyond, step=step, per=per, count=count)
    return Measurement(id=f"d{k}", name=f"尺寸{k}", max_marks=4, rule="tolerance", unit="mm", panel="single", tolerance=t)


def practical_scheme() -> Scheme:
    dims = [_dimension(k) for k in range(N_DIMS)]
    ra = [
        Measurement(
            id=f"ra{k}", name=f"Ra{k}", max_marks=4, rule="grades", panel="single", grades=Grades(series=RA, required=1.6, per_grade=2)
        )
        for k in range(3)
    ]
    time = Measurement(
        id="machining_time", name="工时", max_marks=8, rule="time", panel="single", time_limit=TimeLimit(limit=150, per_minute=1, stop=180)
    )
    civilised = [
        Deduction(id="breach", name="文明生产", per_occurrence=3, cap=10, scope="module"),
        Veto(id="failed", name="否定项", effect="module"),
    ]
    return Scheme(
        criteria=[
            Criterion(id="dims", name="尺寸", max_marks=80, aspects=dims),
            Criterion(id="surface", name="粗糙度", max_marks=12, aspects=ra),
            Criterion(id="time", name="工时", max_marks=8, aspects=[time]),
            Criterion(id="civilised", name="文明生产", max_marks=0, aspects=civilised),
        ]
    )


def modules() -> list[Module]:
    theory = Scheme(
        criteria=[Criterion(id="t", name="理论", max_marks=100, aspects=[Measurement(id="theory_mark", name="理论成绩", max_marks=100)])]
    )
    return [
        Module(id="practical", name="技能操作", weight=70, scheme=practical_scheme()),
        Module(id="theory", name="理论知识", weight=30, scheme=theory),
    ]


RULES = EventRules(
    ranking=Ranking(tie_break=[TieBreak(key="module", module="practical"), TieBreak(key="module", module="theory")]),
    awards=AwardPolicy(tiers=[AwardTier(name="一等奖", share=10), AwardTier(name="二等奖", share=20), AwardTier(name="三等奖", share=30)]),
)


def marks(n: int, seed: int = 5) -> dict[str, np.ndarray]:
    """Measurements with 4 decimal places as the store keeps them: most inside their window,
    some a little or far out; grades from the series; times around the limit up to the stop."""
    rng = np.random.default_rng(seed)
    p = np.empty((n, N_DIMS + 6, 1))
    for k in range(N_DIMS):  # one column per dimension: 20 vectorised draws, not a loop over competitors
        nominal, lower, upper, *_ = SHAPES[k % len(SHAPES)]
        centre, half = nominal + k + (lower + upper) / 2, (upper - lower) / 2 + 0.005
        p[:, k, 0] = np.round(centre + rng.normal(0, half, n) * rng.choice([0.6, 1.5, 6.0], n, p=[0.7, 0.25, 0.05]), 4)
    p[:, N_DIMS : N_DIMS + 3, 0] = np.array(RA)[rng.choice(5, (n, 3), p=[0.2, 0.5, 0.2, 0.07, 0.03])]
    p[:, N_DIMS + 3, 0] = np.round(rng.uniform(120, 180, n), 1)
    p[:, N_DIMS + 4, 0] = rng.integers(0, 5, n) * (rng.random(n) < 0.1)
    p[:, N_DIMS + 5, 0] = (rng.random(n) < 0.001).astype(float)
    theory = np.round(rng.uniform(40, 100, (n, 1, 1)), 1)
    return {"practical": p, "theory": theory}


# ---- the oracle: the marking sheet done by hand, one competitor at a time, in decimals


def _d(x: float) -> Decimal:
    return Decimal(repr(float(x)))


def _tolerance_mark(spec: Tolerance, value: float, top: Decimal) -> Decimal:
    v, n = _d(value), _d(spec.nominal)
    low, high = n + _d(spec.lower), n + _d(spec.upper)
    excess = max(low - v, v - high, Decimal(0))
    if excess == 0:
        return top
    if spec.beyond == "zero":
        return Decimal(0)
    rounding = ROUND_CEILING if spec.count == "started" else ROUND_FLOOR
    steps = (excess / _d(spec.step)).quantize(Decimal(1), rounding=rounding)
    return max(top - steps * _d(spec.per), Decimal(0))


def oracle_practical(p: np.ndarray) -> list[float]:
    """Raw practical score of each competitor of `p` [C, A, 1], exactly."""
    scheme = practical_scheme()
    dims, ra = scheme.criteria[0].aspects, scheme.criteria[1].aspects
    out = []
    for row in p[:, :, 0].tolist():
        total = sum(_tolerance_mark(a.tolerance, row[k], _d(a.max_marks)) for k, a in enumerate(dims))
        total += sum(max(Decimal(4) - 2 * max(RA.index(row[N_DIMS + k]) - 1, 0), Decimal(0)) for k in range(len(ra)))
        minutes = row[N_DIMS + 3]
        total += max(Decimal(8) - math.ceil(max(_d(minutes) - 150, Decimal(0))), Decimal(0)) if minutes <= 180 else Decimal(0)
        total = max(total - min(3 * int(row[N_DIMS + 4]), 10), Decimal(0))
        out.append(0.0 if row[N_DIMS + 5] else float(total))
    return out
