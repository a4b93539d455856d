"""Sign-off and lock (签字 / 锁定).

- A judge signs their sheet of a module once they owe no mark on it. The signature covers
  the marks as they are: a later correction of their own makes it stale, and they sign
  again. Signing a sheet that is already signed and unchanged changes nothing.
- The chief judge locks a module. A lock is refused while marks are owed or a panel judge
  has not signed, unless forced with a reason (a judge taken ill, a paper sheet): the
  forced lock records how many marks were owed and sheets unsigned, and the rankings'
  missing-mark policy then decides what the gaps count.
- After the lock, marks change only through `unlock_module` (chief judge, with a reason,
  audited) or an upheld appeal. Once the event is unblinded a module can no longer be
  unlocked: judges who know the names must not change marks, so only appeals remain.

Locks and unlocks are rows of `module_locks` (the newest is the state); the appeal window
runs from the newest lock.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.store.models import ModuleLockRow, SignOffRow
from contests.usecases.core import access, lookup
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction
from contests.usecases.judging.cells import module_cells
from contests.usecases.judging.state import (
    begin_write,
    drawn_field,
    is_locked,
    module_locks,
    own_mark_counts,
    panel_judges,
    require_drawn,
    sign_off_states,
    unblinding,
)
from contests.usecases.judging.views import LockView, SignOffView
from scoring.errors import Problem

RACED = "the module was locked or unlocked by someone else at the same time: reload"


async def sign_sheet(session: AsyncSession, actor: Actor, contest_id: int, event_id: str, module_id: str) -> SignOffView:
    """The judge signs their sheet of the module. Forbidden (403) for a login that is not a
    judge of its panel; Conflict (409) when the module is locked or marks are still owed."""
    contest, definition = await lookup.current_contest(session, contest_id)
    module = lookup.module_of(lookup.event_of(definition, event_id), module_id)
    async with transaction(session, conflict=RACED):
        await begin_write(session)
        judge = await access.acting_judge(session, contest.id, actor)
        panel = await panel_judges(session, contest.id, event_id, module_id, lock="update")
        if judge.id not in {j.id for j in panel}:
            raise access.Forbidden.at("", f"judge {judge.code} is not on the panel of {event_id}/{module_id}")
        if is_locked((await module_locks(session, contest.id, event_id)).get(module_id)):
            raise Conflict.at("module_id", f"module {event_id}/{module_id} is already locked")
        field = await drawn_field(session, contest.id, event_id)
        require_drawn(field, event_id)
        cells = await module_cells(session, contest.id, definition, event_id, module, field, judges=panel)
        owed = cells.owed_problems("owed", cells.slot(judge.id))
        if owed:
            raise Conflict(
                [Problem("owed", f"judge {judge.code} still owes marks on {event_id}/{module_id}: a sheet is signed complete"), *owed]
            )
        state = (await sign_off_states(session, contest.id, event_id, module_id)).get(judge.id)
        if state is not None and state.current:
            return _sign_off_view(state.row, judge.code)  # signed and unchanged: nothing to do
        seen = (await own_mark_counts(session, contest.id, event_id, module_id)).get(judge.id, 0)
        row = SignOffRow(
            contest_id=contest.id, event_id=event_id, module_id=module_id, judge_id=judge.id, marks_seen=seen, created_by=actor.username
        )
        session.add(row)
        await session.flush()  # sets created_at
        audit.record(
            session, actor.username, "sheet.sign", "sheet", f"{event_id}/{module_id}/{judge.code}",
            contest_id=contest.id, after={"judge": judge.code, "marks": seen},
        )  # fmt: skip
    return _sign_off_view(row, judge.code)


async def lock_module(
    session: AsyncSession, actor: Actor, contest_id: int, event_id: str, module_id: str, *, force: bool = False, reason: str | None = None
) -> LockView:
    """The chief judge locks the module. Conflict (409) if it is locked already, has no
    panel or draw, or marks are owed / sheets unsigned and `force` is not set (each owed
    cell and unsigned judge is named); a forced lock needs a reason."""
    await access.require_chief(session, contest_id, actor, "lock a module")
    contest, definition = await lookup.current_contest(session, contest_id)
    module = lookup.module_of(lookup.event_of(definition, event_id), module_id)
    reason = _text(reason)
    if force and reason is None:
        raise Conflict.at("reason", "a forced lock needs a reason")
    async with transaction(session, conflict=RACED):
        await begin_write(session)  # the owed marks counted below are the ones the lock closes on
        panel = await panel_judges(session, contest.id, event_id, module_id, lock="update")
        if not panel:
            raise Conflict.at("module_id", f"module {event_id}/{module_id} has no panel: nobody could have marked it")
        current = (await module_locks(session, contest.id, event_id)).get(module_id)
        if is_locked(current):
            raise Conflict.at(
                "module_id", f"module {event_id}/{module_id} is already locked (since {current.created_at:%Y-%m-%d %H:%M} UTC)"
            )
        field = await drawn_field(session, contest.id, event_id)
        require_drawn(field, event_id)
        cells = await module_cells(session, contest.id, definition, event_id, module, field, judges=panel)
        signed = await sign_off_states(session, contest.id, event_id, module_id)
        unsigned = [j.code for j in panel if not (j.id in signed and signed[j.id].current)]
        owed = int(cells.owed().sum())
        if (owed or unsigned) and not force:
            raise Conflict(_not_ready(cells.owed_problems("owed"), unsigned))
        row = _lock_row(contest.id, event_id, module_id, current, "locked", actor, reason, force=force, owed=owed, unsigned=len(unsigned))
        session.add(row)
        await session.flush()
        audit.record(
            session, actor.username, "module.lock", "module", f"{event_id}/{module_id}", contest_id=contest.id,
            before=_state(current), after=_state(row) | {"forced": force, "owed": owed, "unsigned": unsigned}, reason=reason,
        )  # fmt: skip
    return lock_view(row, definition.settings.appeal_window_minutes)


async def unlock_module(session: AsyncSession, actor: Actor, contest_id: int, event_id: str, module_id: str, reason: str) -> LockView:
    """The chief judge unlocks a locked module so its judges can correct marks. Conflict
    (409) without a reason, when it is not locked, or once the event is unblinded."""
    await access.require_chief(session, contest_id, actor, "unlock a module")
    contest, definition = await lookup.current_contest(session, contest_id)
    lookup.module_of(lookup.event_of(definition, event_id), module_id)
    reason = _text(reason)
    if reason is None:
        raise Conflict.at("reason", "an unlock needs a reason (it is audited)")
    async with transaction(session, conflict=RACED):
        await begin_write(session)
        await panel_judges(session, contest.id, event_id, module_id, lock="update")
        current = (await module_locks(session, contest.id, event_id)).get(module_id)
        if not is_locked(current):
            raise Conflict.at("module_id", f"module {event_id}/{module_id} is not locked")
        if await unblinding(session, contest.id, event_id) is not None:
            raise Conflict.at("module_id", f"event {event_id!r} is unblinded: its marks now change only through an upheld appeal")
        row = _lock_row(contest.id, event_id, module_id, current, "unlocked", actor, reason)
        session.add(row)
        await session.flush()
        audit.record(
            session, actor.username, "module.unlock", "module", f"{event_id}/{module_id}", contest_id=contest.id,
            before=_state(current), after=_state(row), reason=reason,
        )  # fmt: skip
    return lock_view(row, definition.settings.appeal_window_minutes)


async def list_locks(session: AsyncSession, actor: Actor, contest_id: int, event_id: str) -> list[LockView]:
    """The lock state of every module of the event that was ever locked, in definition
    order (organiser or chief judge). Modules never locked are not listed."""
    access.require_role(actor, access.STAFF, "read module locks")
    contest, definition = await lookup.current_contest(session, contest_id)
    event = lookup.event_of(definition, event_id)
    locks = await module_locks(session, contest.id, event_id)
    window = definition.settings.appeal_window_minutes
    return [lock_view(locks[m.id], window) for m in event.modules if m.id in locks]


# ---------------------------------------------------------------- rows and views


def _text(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _not_ready(owed: list[Problem], unsigned: list[str]) -> list[Problem]:
    problems = list(owed)
    if unsigned:
        problems.append(Problem("unsigned", f"not signed by judge(s) {', '.join(unsigned)}"))
    head = Problem("force", "the module is not ready to lock: lock with force and a reason to lock it anyway")
    return [head, *problems]


def _lock_row(contest_id, event_id, module_id, current, state, actor: Actor, reason, *, force=False, owed=0, unsigned=0) -> ModuleLockRow:
    return ModuleLockRow(
        contest_id=contest_id,
        event_id=event_id,
        module_id=module_id,
        seq=current.seq + 1 if current is not None else 1,
        state=state,
        forced=force,
        owed=owed,
        unsigned=unsigned,
        reason=reason,
        created_by=actor.username,
    )


def _state(row: ModuleLockRow | None) -> dict | None:
    return None if row is None else {"state": row.state, "seq": row.seq}


def lock_view(row: ModuleLockRow, window_minutes: int) -> LockView:
    locked = row.state == "locked"
    return LockView(
        event_id=row.event_id,
        module_id=row.module_id,
        state=row.state,  # type: ignore[arg-type]
        seq=row.seq,
        forced=row.forced,
        owed=row.owed,
        unsigned=row.unsigned,
        reason=row.reason,
        by=row.created_by,
        at=row.created_at,
        appeal_deadline=row.created_at + dt.timedelta(minutes=window_minutes) if locked else None,
    )


def _sign_off_view(row: SignOffRow, judge_code: str) -> SignOffView:
    return SignOffView(event_id=row.event_id, module_id=row.module_id, judge=judge_code, marks=row.marks_seen, signed_at=row.created_at)


__all__ = ["list_locks", "lock_module", "lock_view", "sign_sheet", "unlock_module"]
