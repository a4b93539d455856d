"""Paper marking sheets: the judges' own sheets (`judging.sheets.get_sheet`, so the rows a
judge is recused from are left off exactly as on the tablet) turned into `PaperSheet`s.

The chief judge prints every panel judge's sheet of a module; a judge prints their own.
Nobody else reads sheets, as on the tablet. Names never reach paper: only blind codes,
stations and sessions are copied, whatever the sheet carries after unblinding.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.paper.marking_sheet import PaperAspect, PaperSheet
from contests.usecases.core import access, lookup
from contests.usecases.judging.sheets import get_sheet
from contests.usecases.judging.state import panel_judges
from contests.usecases.judging.views import SheetAspect, SheetView


async def paper_sheets(session: AsyncSession, actor: Actor, contest_id: int, event_id: str, module_id: str) -> list[PaperSheet]:
    """One sheet per panel judge (chief judge) or the reader's own (judge). Same errors as
    `get_sheet`: 404 unknown event/module, 403 not the panel's, 409 before the draw."""
    contest, definition = await lookup.current_contest(session, contest_id)
    event = lookup.event_of(definition, event_id)
    module = lookup.module_of(event, module_id)
    if actor.role == access.CHIEF_JUDGE:
        codes: list[str | None] = [j.code for j in await panel_judges(session, contest.id, event_id, module_id)]
    else:
        codes = [None]
    views = [await get_sheet(session, actor, contest_id, event_id, module_id, judge=code) for code in codes]
    return [_paper(v, definition.name, event.name, module.name) for v in views if v.judge is not None]


def _paper(view: SheetView, contest: str, event: str, module: str) -> PaperSheet:
    return PaperSheet(
        contest=contest,
        event=event,
        module=module,
        judge=view.judge or "",
        aspects=tuple(
            PaperAspect(name=a.name, criterion=a.criterion, kind=a.kind, max_marks=a.max_marks, how=how_to_mark(a)) for a in view.aspects
        ),
        rows=tuple((r.blind_code, r.station, str(r.session)) for r in view.rows),
    )


def how_to_mark(a: SheetAspect) -> str:
    """The marking rule in words: level descriptors, the drawing and rule, bands, deductions."""
    if a.kind == "judgement":
        return "；".join(f"{level}分：{text}" for level, text in enumerate(a.descriptors)) or "按评价等级 0–3 打分"
    if a.kind == "deduction":
        cap = f"，最多扣 {a.cap:g} 分" if a.cap is not None else ""
        return f"每次扣 {a.per_occurrence:g} 分{cap}；填写发生次数" if a.per_occurrence is not None else "填写发生次数"
    if a.kind == "veto":
        return f"发生填 1，未发生留空（否决：{a.effect or '评分项'}）"
    parts = [p for p in (a.drawing and f"图纸：{a.drawing}", a.rule_text) if p]
    parts += ["；".join(f"≤{b.upto:g}{a.unit}：{b.marks:g}分" for b in a.bands)] if a.bands else []
    return "；".join(parts) or (f"填写测量值（{a.unit}）" if a.unit else "填写得分")


__all__ = ["how_to_mark", "paper_sheets"]
