"""Marking sheets (评分表): blind codes × aspects of one module, for the judges of its panel.

A judge reads their own sheet: every aspect with its max marks, kind, descriptors or band
table, every competitor of the draw they may mark, by blind code (session and station too),
their own current marks, what they still owe, and the lock and sign-off state. The
competitors a judge is recused from (conflict of interest) are simply not on the sheet:
marking them a recused row would tell the judge which blind codes are of their own unit
(issue 10). The chief judge reading a judge's sheet reads it as the judge does; the bare
sheet (no judge) lists every competitor. Before the chief judge unblinds the event, no
sheet carries a competitor's name, unit or employee number; afterwards they are filled in.

Who may read: the panel's judges (their own sheet only) and the contest's chief judge
(any panel judge's sheet, or the bare sheet). Nobody else: the organiser knows the names
and never needs a judge's sheet.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.judging.blindness import names_visible, seal_state
from contests.judging.field import Drawn
from contests.judging.module_day import ModuleDay, PanelJudge
from contests.usecases.core import access, lookup
from contests.usecases.core.decimals import plain
from contests.usecases.core.errors import NotFound
from contests.usecases.judging.loading import load_event_day, module_day
from contests.usecases.judging.state import current_marks, panel_judges, require_drawn
from contests.usecases.judging.views import BandView, SheetAspect, SheetCell, SheetRow, SheetView
from scoring.measure_arithmetic import drawing_label, rule_text
from scoring.module import Module
from scoring.scheme import Deduction, Judgement, Measurement


async def get_sheet(
    session: AsyncSession, actor: Actor, contest_id: int, event_id: str, module_id: str, *, judge: str | None = None
) -> SheetView:
    """The marking sheet of `judge` (default: the reader's own) for one module. NotFound
    (404) for an unknown event, module or judge; Forbidden (403) for anyone but the panel's
    judges and the chief judge; Conflict (409) before the event's draw."""
    event_day = await load_event_day(session, contest_id, event_id)
    module = lookup.module_of(event_day.event, module_id)
    panel = await panel_judges(session, event_day.contest.id, event_id, module_id)
    reader = await _sheet_judge(session, event_day.contest.id, actor, panel, judge, f"{event_id}/{module_id}")
    require_drawn(event_day.field, event_id)
    day = await module_day(session, event_day, module, [reader] if reader else [])
    own = {}
    if reader is not None:
        rows = await current_marks(session, event_day.contest.id, event_id, module_id, reader.id)
        own = {(r.competitor_id, r.aspect_id): r for r in rows}
    sign_off = day.sign_offs.get(reader.id) if reader else None
    state = seal_state(all_locked=not event_day.open_modules, unblinded=day.unblinded)
    revealed = names_visible(actor, "sheet", state=state)
    return SheetView(
        event_id=event_id,
        module_id=module_id,
        module_name=module.name,
        module_name_en=module.name_en,
        judge=reader.code if reader else None,
        blind=not day.unblinded,
        locked=day.locked,
        locked_at=day.lock.at if day.locked and day.lock else None,
        signed=bool(sign_off and sign_off.current),
        signed_at=sign_off.at if sign_off else None,
        owed=int(day.owed()[:, :, 0].sum()) if reader is not None else 0,
        aspects=sheet_aspects(module),
        rows=_rows(day, 0 if reader else None, own, revealed),
    )


async def _sheet_judge(
    session: AsyncSession, contest_id: int, actor: Actor, panel: list[PanelJudge], code: str | None, where: str
) -> PanelJudge | None:
    """Whose sheet is read: a judge's own; for the chief judge, the judge named (None: the
    chief's own if on the panel, else the bare sheet)."""
    on_panel = {j.code: j for j in panel}
    if actor.role == access.CHIEF_JUDGE:
        await access.require_chief(session, contest_id, actor, "read another judge's sheet")
        if code is None:
            own = await access.linked_judge(session, contest_id, actor)
            return on_panel.get(own.code) if own is not None else None
        if code not in on_panel:
            raise NotFound.at("judge", f"judge {code!r} is not on the panel of {where}")
        return on_panel[code]
    own = await access.acting_judge(session, contest_id, actor)
    if own.code not in on_panel:
        raise access.Forbidden.at("", f"judge {own.code} is not on the panel of {where}: only its judges read its sheet")
    if code is not None and code != own.code:
        raise access.Forbidden.at("judge", "a judge reads only their own sheet")
    return on_panel[own.code]


def _rows(day: ModuleDay, slot: int | None, own: dict, revealed: bool) -> list[SheetRow]:
    field = day.field
    aspect_ids = day.compiled.aspect_ids
    owed = day.owed()[:, :, slot] if slot is not None else np.zeros((field.size, len(aspect_ids)), bool)
    recused = day.recused[:, slot] if slot is not None else np.zeros(field.size, bool)
    return [
        _row(field.assignments[k], own, aspect_ids, [aspect_ids[a] for a in np.flatnonzero(owed[k])], revealed)
        for k in field.by_blind_code_order()
        if not recused[k]  # left off, not marked: the sheet does not tell which codes are of the judge's unit
    ]


def _row(a: Drawn, own: dict, aspect_ids: list[str], owed: list[str], revealed: bool) -> SheetRow:
    marks = [
        SheetCell(aspect_id=aspect, value=plain(m.value), version=m.version)
        for aspect in aspect_ids
        if (m := own.get((a.competitor_id, aspect))) is not None
    ]
    person = a.competitor
    return SheetRow(
        blind_code=a.blind_code,
        station=a.station,
        session=a.session,
        marks=marks,
        owed=owed,
        employee_no=person.employee_no if revealed else None,
        name=person.name if revealed else None,
        unit=a.unit_name if revealed else None,
    )


def sheet_aspects(module: Module) -> list[SheetAspect]:
    """The sheet's columns in scheme order, each with what marking it needs."""
    return [_aspect(a, section.id, module.aggregation.method) for _, _, section in module.scheme.sections() for a in section.aspects]


def _drawing(a, method: str) -> dict:
    """drawing, rule_text and panel of an aspect measured against a drawing or by one judge."""
    if not isinstance(a, Measurement) or (not drawing_label(a) and a.panel != "single"):
        return {}
    panel = "single" if a.panel == "single" else method
    return {"drawing": drawing_label(a) or None, "rule_text": rule_text(a) or None, "panel": panel}


def _aspect(a, section_id: str, method: str) -> SheetAspect:
    measurement, judgement, deduction = isinstance(a, Measurement), isinstance(a, Judgement), isinstance(a, Deduction)
    return SheetAspect(
        id=a.id,
        name=a.name,
        name_en=a.name_en,
        criterion=section_id,
        kind=type(a).__struct_config__.tag,
        rule=a.rule if measurement else None,
        max_marks=a.max_marks if measurement or judgement else None,
        unit=a.unit if measurement else "",
        descriptors=list(a.descriptors) if judgement else [],
        bands=[BandView(upto=b.upto, marks=b.marks) for b in a.bands] if measurement else [],
        per_occurrence=a.per_occurrence if deduction else None,
        cap=a.cap if deduction else None,
        disqualify_at=a.disqualify_at if deduction else None,
        effect=getattr(a, "effect", None),
        owed=measurement or judgement,
        **_drawing(a, method),
    )


__all__ = ["get_sheet", "sheet_aspects"]
