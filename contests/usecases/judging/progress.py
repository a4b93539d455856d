"""Marking progress (评分进度) of an event, for the chief judge watching the day: per module,
per panel judge, how many cells are marked and which (blind code, aspect) cells are still
owed (recused cells are not owed), and who has signed their sheet."""

from __future__ import annotations

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.usecases.core import access, lookup
from contests.usecases.judging.cells import ModuleCells, module_cells
from contests.usecases.judging.state import SignOffState, drawn_field, is_locked, module_locks, sign_off_states, unblinding
from contests.usecases.judging.views import JudgeProgress, ModuleProgress, OwedCells, ProgressView


async def marking_progress(session: AsyncSession, actor: Actor, contest_id: int, event_id: str) -> ProgressView:
    """Progress of every module of the event (organiser or chief judge). NotFound (404) for
    an unknown event; before the draw every module shows no cells."""
    access.require_role(actor, access.STAFF, "watch marking progress")
    contest, definition = await lookup.current_contest(session, contest_id)
    event = lookup.event_of(definition, event_id)
    field = await drawn_field(session, contest.id, event_id)
    locks = await module_locks(session, contest.id, event_id)
    modules = []
    for module in event.modules:
        cells = await module_cells(session, contest.id, definition, event_id, module, field)
        signed = await sign_off_states(session, contest.id, event_id, module.id)
        lock = locks.get(module.id)
        modules.append(_module(cells, signed, is_locked(lock), lock.created_at if is_locked(lock) else None))
    revealed = await unblinding(session, contest.id, event_id) is not None
    return ProgressView(event_id=event_id, competitors=field.size, unblinded=revealed, modules=modules)


def _module(cells: ModuleCells, signed: dict[int, SignOffState], locked: bool, locked_at) -> ModuleProgress:
    owed = cells.owed()
    judges = [_judge(cells, owed, k, signed.get(j.id)) for k, j in enumerate(cells.judges)]
    return ModuleProgress(
        module_id=cells.module.id,
        module_name=cells.module.name,
        locked=locked,
        locked_at=locked_at,
        owed=int(owed.sum()),
        unsigned=sum(not j.signed for j in judges),
        judges=judges,
    )


def _judge(cells: ModuleCells, owed: np.ndarray, k: int, sign_off: SignOffState | None) -> JudgeProgress:
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
        signed_at=sign_off.row.created_at if current else None,
        owed_cells=listed,
    )


__all__ = ["marking_progress"]
