"""The benchmark event: two weighted modules, 24 aspects in all, tie-breaks, awards,
standardisation and medals; and a generator of valid random marks for it."""

from __future__ import annotations

import numpy as np

from scoring.aggregation import Aggregation
from scoring.awards import AwardPolicy, AwardTier
from scoring.event import EventRules
from scoring.module import Module
from scoring.ranking import Ranking, TieBreak
from scoring.scheme import Band, Criterion, Deduction, Judgement, Measurement, Scheme, Veto
from scoring.standardise import Standardisation

BANDS = [Band(upto=0.5, marks=10), Band(upto=1, marks=7), Band(upto=2, marks=4), Band(upto=3, marks=1)]


def practical_scheme() -> Scheme:
    quality = [Measurement(id=f"q{i}", name=f"尺寸{i}", max_marks=10, rule="bands", bands=BANDS, unit="mm") for i in range(1, 7)]
    process = [Judgement(id=f"j{i}", name=f"工艺{i}", max_marks=10) for i in range(1, 5)]
    return Scheme(
        criteria=[
            Criterion(id="quality", name="质量", max_marks=60, aspects=[*quality, Veto(id="crack", name="裂纹", effect="criterion")]),
            Criterion(
                id="process", name="工艺", max_marks=40, aspects=[*process, Deduction(id="rework", name="返修", per_occurrence=2, cap=6)]
            ),
        ]
    )


def theory_scheme() -> Scheme:
    return Scheme(
        criteria=[
            Criterion(
                id="t", name="笔试", max_marks=120, aspects=[Measurement(id=f"t{i}", name=f"题组{i}", max_marks=10) for i in range(1, 13)]
            )
        ]
    )


def modules(judges: int) -> list[Module]:
    agg = Aggregation(method="trimmed_mean", trim=1) if judges >= 5 else Aggregation()
    return [
        Module(id="practical", name="技能操作", weight=70, scheme=practical_scheme(), aggregation=agg),
        Module(id="theory", name="理论知识", weight=30, scheme=theory_scheme(), scale_to=100, aggregation=agg),
    ]


RULES = EventRules(
    ranking=Ranking(tie_break=[TieBreak(key="module", module="practical"), TieBreak(key="time")]),
    awards=AwardPolicy(tiers=[AwardTier(name="一等奖", share=10), AwardTier(name="二等奖", share=20), AwardTier(name="三等奖", share=30)]),
    standardisation=Standardisation(),
)


def marks(n: int, judges: int, seed: int = 7) -> tuple[dict[str, np.ndarray], dict[None, np.ndarray]]:
    rng = np.random.default_rng(seed)
    p = np.empty((n, 12, judges))
    p[:, 0:6] = np.round(rng.uniform(0, 3.5, (n, 6, judges)), 1)
    p[:, 6] = (rng.random((n, judges)) < 0.001).astype(float)
    p[:, 7:11] = rng.integers(0, 4, (n, 4, judges))
    p[:, 11] = rng.integers(0, 5, (n, judges)) * (rng.random((n, judges)) < 0.2)
    t = rng.integers(0, 41, (n, 12, judges)) / 4.0
    times = {None: np.round(rng.uniform(60, 120, n), 1)}
    return {"practical": p, "theory": t}, times
