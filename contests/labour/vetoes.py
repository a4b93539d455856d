"""Vetoes (一票否决) declared per labour competition: the engine's `scoring.kpi.VetoRule`.

A veto keeps the score visible and bars that period's awards, with its name shown as the
reason; `bars_annual` also bars the annual award. The usual kinds (RULES.md: a serious
injury or quality accident; for monthly best-team rules fighting, a disciplinary sanction,
attendance below 95%) are ready-made in `COMMON_VETOES` for presets and forms.
"""

from __future__ import annotations

from scoring.errors import Problem
from scoring.kpi import VetoRule, veto_problems

COMMON_VETOES = {
    "serious_injury": VetoRule(
        id="serious_injury", name="发生重伤及以上或损失工时事故", name_en="serious or lost-time injury", bars_annual=True
    ),
    "quality_accident": VetoRule(id="quality_accident", name="发生质量事故", name_en="quality accident", bars_annual=True),
    "fighting": VetoRule(id="fighting", name="打架斗殴", name_en="fighting"),
    "sanction": VetoRule(id="sanction", name="受到纪律处分", name_en="disciplinary sanction"),
    "attendance": VetoRule(id="attendance", name="出勤率低于95%", name_en="attendance below 95%", test="below", threshold=95),
}


def vetoes_problems(vetoes: list[VetoRule]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, veto in enumerate(vetoes):
        if veto.id in seen:
            problems.append(Problem(f"vetoes[{i}].id", f"veto id {veto.id!r} is already used at vetoes[{seen[veto.id]}]"))
        seen.setdefault(veto.id, i)
        problems += veto_problems(veto, f"vetoes[{i}]")
    return problems


__all__ = ["COMMON_VETOES", "VetoRule", "vetoes_problems"]
