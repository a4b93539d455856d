"""Marking schemes from RULES.md, built once for the engine's tests."""

from __future__ import annotations

from scoring.aggregation import Aggregation
from scoring.module import Module
from scoring.scheme import Band, Criterion, Deduction, Judgement, Measurement, Scheme, SubCriterion, Veto


def bands(*pairs: tuple[float, float]) -> list[Band]:
    return [Band(upto=u, marks=m) for u, m in pairs]


def direct(id: str, name: str, max_marks: float) -> Scheme:
    """A module marked directly, e.g. a theory exam out of 100."""
    return Scheme(
        criteria=[Criterion(id=id, name=name, max_marks=max_marks, aspects=[Measurement(id=f"{id}_mark", name=name, max_marks=max_marks)])]
    )


def weld_visual() -> Scheme:
    """RULES.md: plate butt joint visual inspection, 2022 national vocational college contest.

    The undercut row "depth ≤ 0.5 and length ≤ 15 → 14 … deeper → 0" is a band table on
    length plus an aspect veto for depth over 0.5 mm.
    """
    return Scheme(
        criteria=[
            Criterion(
                id="visual",
                name="外观检验",
                max_marks=100,
                aspects=[
                    Measurement(
                        id="cap_height", name="焊缝余高", max_marks=16, rule="bands", unit="mm", bands=bands((1, 16), (2, 12), (3, 8))
                    ),
                    Measurement(
                        id="height_diff", name="余高差", max_marks=14, rule="bands", unit="mm", bands=bands((1, 14), (2, 8), (3, 2))
                    ),
                    Measurement(
                        id="width_diff", name="焊缝宽度差", max_marks=10, rule="bands", unit="mm", bands=bands((1.5, 10), (2, 6), (3, 2))
                    ),
                    Measurement(id="undercut", name="咬边", max_marks=20, rule="bands", unit="mm", bands=bands((0, 20), (15, 14), (30, 8))),
                    Measurement(
                        id="root_concavity", name="背面凹坑", max_marks=10, rule="bands", unit="mm", bands=bands((0, 10), (1, 6), (2, 2))
                    ),
                    Measurement(
                        id="root_convexity", name="背面余高", max_marks=10, rule="bands", unit="mm", bands=bands((1, 10), (2, 6), (3, 2))
                    ),
                    Measurement(
                        id="misalignment", name="错边量", max_marks=10, rule="bands", unit="mm", bands=bands((0, 10), (0.7, 6), (1.2, 2))
                    ),
                    Measurement(id="distortion", name="角变形", max_marks=10, rule="bands", unit="°", bands=bands((2, 10), (3, 6), (5, 2))),
                    Veto(id="pore", name="气孔", effect="criterion"),
                    Veto(id="slag", name="夹渣", effect="criterion"),
                    Veto(id="crack", name="裂纹", effect="criterion"),
                    Veto(id="undercut_deep", name="咬边深度超过0.5mm", effect="aspect", target="undercut"),
                    Veto(id="cap_unfinished", name="盖面未完成", effect="aspect", target="cap_height"),
                ],
            )
        ]
    )


WELD_VISUAL_ORDER = [
    "cap_height",
    "height_diff",
    "width_diff",
    "undercut",
    "root_concavity",
    "root_convexity",
    "misalignment",
    "distortion",
    "pore",
    "slag",
    "crack",
    "undercut_deep",
    "cap_unfinished",
]


def electrician_safety() -> Scheme:
    """RULES.md: electrician safety module (10 points), deductions stop at the allocation."""
    return Scheme(
        criteria=[
            Criterion(
                id="safety",
                name="安全文明生产",
                max_marks=10,
                aspects=[
                    Deduction(id="live_op", name="带电操作", per_occurrence=5),
                    Deduction(id="damage", name="损坏设备", per_occurrence=5, disqualify_at=2),
                    Deduction(id="no_helmet", name="未戴安全帽", per_occurrence=5),
                    Deduction(id="power_on", name="未经允许通电", per_occurrence=5),
                ],
            )
        ]
    )


def motor_control() -> Scheme:
    """RULES.md: motor-control wiring: correctness 20 (−5 per error), workmanship 10, tool use
    10, safety 10; damaging equipment → disqualified."""
    return Scheme(
        criteria=[
            Criterion(
                id="wiring",
                name="电动机控制线路",
                max_marks=40,
                sub_criteria=[
                    SubCriterion(
                        id="correctness",
                        name="接线正确",
                        max_marks=20,
                        aspects=[Deduction(id="wiring_error", name="接线错误", per_occurrence=5)],
                    ),
                    SubCriterion(
                        id="workmanship",
                        name="工艺",
                        max_marks=10,
                        aspects=[Judgement(id="neatness", name="布线工艺", max_marks=10, descriptors=["差", "一般", "良好", "优秀"])],
                    ),
                    SubCriterion(
                        id="tools", name="工具使用", max_marks=10, aspects=[Judgement(id="tool_use", name="工具使用规范", max_marks=10)]
                    ),
                ],
            ),
            Criterion(
                id="safety",
                name="安全",
                max_marks=10,
                aspects=[
                    Deduction(id="live_op", name="带电操作", per_occurrence=5),
                    Deduction(id="no_helmet", name="未戴安全帽", per_occurrence=5),
                    Veto(id="equipment_damage", name="损坏设备", effect="disqualify"),
                ],
            ),
        ]
    )


def theory_practical(
    theory_weight: float = 30, practical_scheme: Scheme | None = None, practical_scale: float | None = None, agg: Aggregation | None = None
) -> list[Module]:
    """RULES.md: theory + practical, each out of 100; 30/70 by default."""
    practical = practical_scheme or direct("practical", "实操", 100)
    return [
        Module(id="theory", name="理论知识", weight=theory_weight, scheme=direct("theory", "理论", 100)),
        Module(
            id="practical",
            name="技能操作",
            weight=100 - theory_weight,
            scheme=practical,
            scale_to=practical_scale,
            aggregation=agg or Aggregation(),
        ),
    ]
