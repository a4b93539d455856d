"""Sign-off and lock (签字 / 锁定): the use-cases of `contests.judging.lock` and
`contests.judging.sign_off`.

- A judge signs their sheet of a module once they owe no mark on it; a later correction of
  their own makes the signature stale, and they sign again. Signing a sheet that is signed
  and unchanged changes nothing.
- The chief judge locks a module. A lock is refused while marks are owed or a panel judge
  has not signed, unless forced with a reason: the forced lock records how many marks were
  owed and sheets unsigned, and the rankings' missing-mark policy then decides what the
  gaps count.
- After the lock, marks change only through `unlock_module` (chief judge, with a reason,
  audited) or an upheld appeal; once the event is unblinded, only through appeals.

Races: the panel is row-locked (PostgreSQL) or the write lock taken first (SQLite), and
every lock and unlock moves the module's state guard on by compare-and-set; a judge's
signatures are numbered, unique per module and judge. Of two racing requests one wins and
the other answers 409 (or, for a repeated signature, the winner's signature).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.judging import lock as lock_rules
from contests.judging import sign_off as sign_off_rules
from contests.judging.lock import LockEvent
from contests.judging.module_day import ModuleDay
from contests.judging.versions import has_text
from contests.store.models import ModuleLockRow, SignOffRow
from contests.usecases.core import access, lookup
from contests.usecases.core.errors import Conflict
from contests.usecases.core.retrying import retrying
from contests.usecases.core.transaction import transaction
from contests.usecases.judging.loading import load_event_day, load_module_day
from contests.usecases.judging.state import begin_write, compare_and_set, lock_event, own_mark_counts, state_versions
from contests.usecases.judging.views import LockView, SignOffView

RACED = "the module was locked or unlocked by someone else at the same time: reload"


async def sign_sheet(session: AsyncSession, actor: Actor, contest_id: int, event_id: str, module_id: str) -> SignOffView:
    """The judge signs their sheet of the module. Forbidden (403) for a login that is not a
    judge of its panel; Conflict (409) when the module is locked or marks are still owed."""

    async def attempt() -> SignOffView:
        await begin_write(session)
        judge = await access.acting_judge(session, contest_id, actor)
        _, day = await load_module_day(session, contest_id, event_id, module_id, panel_lock="update")
        if day.slot(judge.id) is None:
            raise access.Forbidden.at("", f"judge {judge.code} is not on the panel of {day.where}")
        if refused := day.may_sign(judge.id, judge.code):
            raise Conflict(refused)
        state = day.sign_offs.get(judge.id)
        if state is not None and state.current:
            return _sign_off_view(day, state.sign_off, judge.code)  # signed and unchanged: nothing to do
        seen = (await own_mark_counts(session, judge.contest_id, event_id, module_id)).get(judge.id, 0)
        row = SignOffRow(
            contest_id=judge.contest_id, event_id=event_id, module_id=module_id, judge_id=judge.id,
            seq=sign_off_rules.next_seq(state.sign_off if state else None), marks_seen=seen, created_by=actor.username,
        )  # fmt: skip
        session.add(row)
        await session.flush()  # sets created_at; a racing signature of the same sheet collides here
        audit.record(
            session, actor.username, "sheet.sign", "sheet", f"{event_id}/{module_id}/{judge.code}",
            contest_id=judge.contest_id, after={"judge": judge.code, "marks": seen},
        )  # fmt: skip
        return SignOffView(event_id=event_id, module_id=module_id, judge=judge.code, marks=seen, signed_at=row.created_at)

    # a lost race re-reads: a repeated signature then finds the winner's and answers it
    return await retrying(session, attempt, conflict=RACED)


async def lock_module(
    session: AsyncSession, actor: Actor, contest_id: int, event_id: str, module_id: str, *, force: bool = False, reason: str | None = None
) -> LockView:
    """The chief judge locks the module. Conflict (409) if it is locked already, has no
    panel or draw, or marks are owed / sheets unsigned and `force` is not set (each owed
    cell and unsigned judge is named); a forced lock needs a reason."""
    await access.require_chief(session, contest_id, actor, "lock a module")
    contest, definition = await lookup.current_contest(session, contest_id)
    lookup.module_of(lookup.event_of(definition, event_id), module_id)
    if refused := lock_rules.lock_reason_problems(force, reason):
        raise Conflict(refused)
    reason = reason.strip() if has_text(reason) else None
    async with transaction(session, conflict=RACED):
        await begin_write(session)  # the owed marks counted below are the ones the lock closes on
        seen = await state_versions(session, contest.id, event_id, [module_id])
        _, day = await load_module_day(session, contest.id, event_id, module_id, panel_lock="update", loaded=(contest, definition))
        if refused := day.may_lock(force):
            raise Conflict(refused)
        owed, unsigned = int(day.owed().sum()), day.unsigned()
        await compare_and_set(session, contest.id, event_id, seen)
        row = _lock_row(contest.id, day, "locked", actor, reason, force=force, owed=owed, unsigned=len(unsigned))
        await _record(session, actor, day, row, "module.lock", reason, {"forced": force, "owed": owed, "unsigned": unsigned})
    return lock_view(lock_event(row), definition.settings.appeal_window_minutes, event_id, module_id)


async def unlock_module(session: AsyncSession, actor: Actor, contest_id: int, event_id: str, module_id: str, reason: str) -> LockView:
    """The chief judge unlocks a locked module so its judges can correct marks. Conflict
    (409) without a reason, when it is not locked, or once the event is unblinded."""
    await access.require_chief(session, contest_id, actor, "unlock a module")
    contest, definition = await lookup.current_contest(session, contest_id)
    lookup.module_of(lookup.event_of(definition, event_id), module_id)
    if refused := lock_rules.unlock_reason_problems(reason):
        raise Conflict(refused)
    async with transaction(session, conflict=RACED):
        await begin_write(session)
        seen = await state_versions(session, contest.id, event_id, [module_id])
        _, day = await load_module_day(session, contest.id, event_id, module_id, panel_lock="update", loaded=(contest, definition))
        if refused := day.may_unlock():
            raise Conflict(refused)
        await compare_and_set(session, contest.id, event_id, seen)
        row = _lock_row(contest.id, day, "unlocked", actor, reason.strip())
        await _record(session, actor, day, row, "module.unlock", reason.strip(), {})
    return lock_view(lock_event(row), definition.settings.appeal_window_minutes, event_id, module_id)


async def list_locks(session: AsyncSession, actor: Actor, contest_id: int, event_id: str) -> list[LockView]:
    """The lock state of every module of the event that was ever locked, in definition
    order (organiser or chief judge). Modules never locked are not listed."""
    access.require_role(actor, access.STAFF, "read module locks")
    day = await load_event_day(session, contest_id, event_id)
    window = day.definition.settings.appeal_window_minutes
    return [lock_view(day.locks[m.id], window, event_id, m.id) for m in day.event.modules if m.id in day.locks]


# ---------------------------------------------------------------- rows and views


def _lock_row(contest_id: int, day: ModuleDay, state: str, actor: Actor, reason, *, force=False, owed=0, unsigned=0) -> ModuleLockRow:
    return ModuleLockRow(
        contest_id=contest_id, event_id=day.event_id, module_id=day.module.id, seq=lock_rules.next_seq(day.lock), state=state,
        forced=force, owed=owed, unsigned=unsigned, reason=reason, created_by=actor.username,
    )  # fmt: skip


async def _record(session: AsyncSession, actor: Actor, day: ModuleDay, row: ModuleLockRow, action: str, reason, extra: dict) -> None:
    session.add(row)
    await session.flush()
    audit.record(
        session, actor.username, action, "module", day.where, contest_id=row.contest_id,
        before=_state(day.lock), after={"state": row.state, "seq": row.seq} | extra, reason=reason,
    )  # fmt: skip


def _state(lock: LockEvent | None) -> dict | None:
    return None if lock is None else {"state": lock.state, "seq": lock.seq}


def lock_view(lock: LockEvent, window_minutes: int, event_id: str, module_id: str) -> LockView:
    return LockView(
        event_id=event_id,
        module_id=module_id,
        state=lock.state,  # type: ignore[arg-type]
        seq=lock.seq,
        forced=lock.forced,
        owed=lock.owed,
        unsigned=lock.unsigned,
        reason=lock.reason,
        by=lock.by,
        at=lock.at,
        appeal_deadline=lock_rules.appeal_deadline(lock, window_minutes),
    )


def _sign_off_view(day: ModuleDay, sign_off, judge_code: str) -> SignOffView:
    return SignOffView(event_id=day.event_id, module_id=day.module.id, judge=judge_code, marks=sign_off.marks_seen, signed_at=sign_off.at)


__all__ = ["list_locks", "lock_module", "lock_view", "sign_sheet", "unlock_module"]
