"""Marking progress (评分进度) of an event, for the chief judge watching the day: per module,
per panel judge, how many cells are marked and which (blind code, aspect) cells are still
owed (recused cells are not owed), and who has signed their sheet; and who was registered
after the draw, so is not in it (`contests.after_draw`)."""

from __future__ import annotations

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.judging.module_day import ModuleDay
from contests.judging.sign_off import SignOffState
from contests.usecases.core import access
from contests.usecases.judging.loading import load_event_day, module_day
from contests.usecases.judging.state import panel_judges
from contests.usecases.judging.views import JudgeProgress, ModuleProgress, OwedCells, ProgressView
from contests.usecases.setup.after_draw import with_warning


async def marking_progress(session: AsyncSession, actor: Actor, contest_id: int, event_id: str) -> ProgressView:
    """Progress of every module of the event (organiser or chief judge). NotFound (404) for
    an unknown event; before the draw every module shows no cells."""
    access.require_role(actor, access.STAFF, "watch marking progress")
    event_day = await load_event_day(session, contest_id, event_id)
    modules = []
    for module in event_day.event.modules:
        panel = await panel_judges(session, event_day.contest.id, event_id, module.id)
        modules.append(_module(await module_day(session, event_day, module, panel)))
    view = ProgressView(event_id=event_id, competitors=event_day.field.size, unblinded=event_day.unblinded is not None, modules=modules)
    return await with_warning(session, event_day.contest.id, event_id, view)  # who registered after the draw is not in it


def _module(cells: ModuleDay) -> ModuleProgress:
    owed = cells.owed()
    judges = [_judge(cells, owed, k, cells.sign_offs.get(j.id)) for k, j in enumerate(cells.judges)]
    return ModuleProgress(
        module_id=cells.module.id,
        module_name=cells.module.name,
        locked=cells.locked,
        locked_at=cells.lock.at if cells.locked and cells.lock else None,
        owed=int(owed.sum()),
        unsigned=sum(not j.signed for j in judges),
        judges=judges,
    )


def _judge(cells: ModuleDay, owed: np.ndarray, k: int, sign_off: SignOffState | None) -> JudgeProgress:
    mine = owed[:, :, k]
    codes, ids = cells.field.codes, cells.compiled.aspect_ids
    listed = [
        OwedCells(blind_code=codes[c], aspects=[ids[a] for a in np.flatnonzero(mine[c])])
        for c in sorted(np.flatnonzero(mine.any(axis=1)).tolist(), key=lambda c: int(codes[c]))
    ]
    current = bool(sign_off and sign_off.current)
    return JudgeProgress(
        judge=cells.judges[k].code,
        marked=int((~np.isnan(cells.marks[:, :, k])).sum()),
        owed=int(mine.sum()),
        recused=int(cells.recused[:, k].sum()),
        signed=current,
        signed_at=sign_off.at if sign_off else None,
        owed_cells=listed,
    )


__all__ = ["marking_progress"]
