"""A module's current marks for the standings, held by each app worker and brought up to date
from the database on every read (issue 15).

Marks are append-only rows: a correction is a new row with the next version, nothing is
updated or deleted. So the [C, A, J] tensor of a module's current marks only ever changes by
rows added after the ones already read, and each read asks the database for those rows only
(ids above the highest one seen: a range of the primary key, whatever module they are in)
instead of fetching every mark again; the first read of a module in a worker reads all of
its rows from the module's index. Loading every mark row by row is what kept a ranking at tens of
microseconds per competitor: at 30,000 competitors the 3.3 million rows cost seconds in the
driver alone, whatever the query.

Why a read can trust "rows above the highest id" to be all that is new:
- SQLite has one writer at a time, and a row's id is chosen inside the writer's transaction
  as the highest id plus one; a row with a smaller id than one already committed can never
  commit later.
- PostgreSQL hands out ids from a sequence before commit, so a smaller id can commit after a
  larger one. There the read also counts the module's rows, and any count other than the
  held rows plus the new ones reads everything again.
- A database replaced under a running worker (a restore, a test's fresh copy) is noticed by
  the stamp (`created_at`) of the highest row held, which must still be the same row.
Several workers each hold their own copy and never serve marks older than the database.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy as np
from sqlalchemy import Float, Integer, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.judging.field import DrawnField
from contests.judging.module_day import ModuleDay, PanelJudge, recusals
from contests.store.models import MarkRow, PanelMemberRow
from contests.usecases.core.columnar import fetch_array
from contests.usecases.core.errors import Conflict
from contests.usecases.judging.held_field import derived
from contests.usecases.judging.state import positions
from contests.usecases.setup.records import judge as judge_record
from scoring.compiled import compile_scheme
from scoring.module import Module

CAPACITY = 8  # modules held per worker and database: a contest day has a handful
BUDGET_ENV = "BIWU_HELD_MARKS_MIB"  # MiB of held marks per worker (docs/DEPLOYMENT.md)
WORKERS_ENV = "BIWU_WORKERS"  # `biwu serve --workers N` sets it for its workers
MIB = 1 << 20
ONE_WORKER_MIB = 1024  # 300,000 competitors × 110 cells: 400 MB a module
ALL_WORKERS_MIB = 2048  # with 4 workers or more, what all of them hold together by default


@dataclass(eq=False)
class Held:
    """One module's current marks as read up to mark id `upto`; `versions` 0 = no mark."""

    shape_key: tuple
    upto: int
    stamp: object
    rows: int
    marks: np.ndarray
    versions: np.ndarray


_NONE = np.empty((0, 5))
_HELD: WeakKeyDictionary = WeakKeyDictionary()  # engine → OrderedDict[(contest, event, module), Held]


async def standings_cells(
    session: AsyncSession, contest_id: int, policy: str, event_id: str, module: Module, field: DrawnField
) -> ModuleDay:
    """The module's grid over its whole panel, as `cells.module_cells` reads it, from the held marks."""
    return (await event_standings_cells(session, contest_id, policy, event_id, [module], field))[module.id]


async def event_standings_cells(
    session: AsyncSession, contest_id: int, policy: str, event_id: str, modules: Sequence[Module], field: DrawnField
) -> dict[str, ModuleDay]:
    """`standings_cells` of each of the event's modules, by module id: one query for every
    panel and one for the state of the marks store, whatever the number of modules."""
    panels = await _panels(session, contest_id, event_id, [m.id for m in modules])
    compiled = {m.id: compile_scheme(m.scheme) for m in modules}
    marks = await _current_marks(session, contest_id, event_id, [(m.id, compiled[m.id].aspect_ids, panels[m.id]) for m in modules], field)
    out = {}
    for m in modules:
        judges = panels[m.id]
        units = tuple(j.judge.unit for j in judges)
        recused = derived(field, ("recused", policy, units), lambda judges=judges: _frozen(recusals(policy, field, judges)))
        out[m.id] = ModuleDay(event_id, m, compiled[m.id], field, judges, marks[m.id], recused)
    return out


async def _panels(session: AsyncSession, contest_id: int, event_id: str, module_ids: list[str]) -> dict[str, list[PanelJudge]]:
    """`state.panel_judges` of several modules in one query."""
    query = select(PanelMemberRow).where(
        PanelMemberRow.contest_id == contest_id, PanelMemberRow.event_id == event_id, PanelMemberRow.module_id.in_(module_ids)
    )
    out: dict[str, list[PanelJudge]] = {m: [] for m in module_ids}
    for m in await session.scalars(query.order_by(PanelMemberRow.module_id, PanelMemberRow.position)):
        out[m.module_id].append(PanelJudge(m.judge.id, judge_record(m.judge)))
    return out


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False  # shared by every ranking of the held field
    return array


async def current_marks(
    session: AsyncSession, contest_id: int, event_id: str, module_id: str, aspect_ids: list[str], judges: list[PanelJudge],
    field: DrawnField,
) -> np.ndarray:  # fmt: skip
    """The module's current marks [C, A, J] (NaN: no mark), a copy the caller may keep."""
    return (await _current_marks(session, contest_id, event_id, [(module_id, aspect_ids, judges)], field))[module_id]


async def _current_marks(session: AsyncSession, contest_id: int, event_id: str, modules: list[tuple], field: DrawnField) -> dict:
    """`current_marks` of several modules ((module id, aspect ids, judges) each), the state
    of the marks store read once for all of them (before any of their rows)."""
    connection = await session.connection()
    held_here = _HELD.setdefault(connection.engine.sync_engine, OrderedDict())
    wanted = {}
    for module_id, aspect_ids, judges in modules:
        if judges and field.size:
            slot = (contest_id, event_id, module_id)
            wanted[module_id] = (slot, (tuple(aspect_ids), tuple(j.id for j in judges), field.ids.tobytes()), aspect_ids, judges)
    found = {m: held_here.get(w[0]) for m, w in wanted.items()}
    found = {m: h for m, h in found.items() if h is not None and h.shape_key == wanted[m][1]}
    top, stamp, then = await _state(session, sorted({h.upto for h in found.values()}))
    out = {m: np.full((field.size, len(a), len(j)), np.nan) for m, a, j in modules if m not in wanted}
    for module_id, (slot, shape_key, aspect_ids, judges) in wanted.items():
        held, fresh = found.get(module_id), None
        if held is not None:
            fresh = await _brought_up_to_date(session, held, slot, aspect_ids, judges, field, (top, stamp, then.get(held.upto)))
        if fresh is None:
            fresh = await _read_all(session, slot, shape_key, aspect_ids, judges, field, (top, stamp))
        # a held copy is never changed once kept (a read brings a copy up to date and keeps that):
        # concurrent requests each answer from their own, and the newest read is the one kept
        kept = held_here.get(slot)
        if kept is None or kept.shape_key != fresh.shape_key or kept.upto <= fresh.upto:
            held_here[slot] = fresh
        held_here.move_to_end(slot)
        _evict(held_here, held_budget())
        out[module_id] = fresh.marks.copy()
    return out


def held_budget() -> int:
    """Bytes of marks one worker may hold: BIWU_HELD_MARKS_MIB if set; else 1 GiB, or with 4
    workers or more 2 GiB shared out among them (N workers each holding 1 GiB would need N GiB)."""
    given = os.environ.get(BUDGET_ENV, "").strip()
    if given:
        if not given.isdigit():
            raise ValueError(f"{BUDGET_ENV} must be a whole number of MiB (0 or more), got {given!r}")
        return int(given) * MIB
    workers = int(os.environ.get(WORKERS_ENV, "").strip() or 1) if os.environ.get(WORKERS_ENV, "").strip().isdigit() else 1
    return (ONE_WORKER_MIB if workers < 4 else ALL_WORKERS_MIB // workers) * MIB


def _evict(held_here: OrderedDict, budget: int) -> None:
    """Least recently read modules out, down to CAPACITY modules and `budget` bytes; the one
    just read is always kept, whatever its size."""
    while len(held_here) > 1 and (
        len(held_here) > CAPACITY or sum(h.marks.nbytes + h.versions.nbytes for h in held_here.values()) > budget
    ):
        held_here.popitem(last=False)


async def _read_all(session: AsyncSession, slot: tuple, shape_key: tuple, aspect_ids, judges, field: DrawnField, state: tuple) -> Held:
    """Every row of the module up to the store's highest id as `_state` read it (`state`: top, its stamp)."""
    shape = (field.size, len(aspect_ids), len(judges))
    held = Held(shape_key, 0, None, 0, np.full(shape, np.nan), np.zeros(shape, dtype=np.int32))
    top, stamp = state
    if top:
        table = await fetch_array(session, _rows_query(slot, aspect_ids, judges, 0, top), 5)
        _fold(held, table, slot, field, top)
        held.stamp = stamp
    return held


async def _brought_up_to_date(
    session: AsyncSession, held: Held, slot: tuple, aspect_ids, judges, field: DrawnField, state: tuple
) -> Held | None:
    """`held` with the module's rows added since it was read (a new copy if there are any);
    None when everything must be read again. `state`: (top, its stamp, the stamp of row
    `held.upto`) as `_state` read them."""
    top, stamp, then = state
    if then != held.stamp or top < held.upto:
        return None  # not the database that was read
    table = await fetch_array(session, _rows_query(slot, aspect_ids, judges, held.upto, top), 5) if top > held.upto else _NONE
    connection = await session.connection()
    if connection.dialect.name != "sqlite":
        contest_id, event_id, module_id = slot
        counted = select(func.count()).where(
            MarkRow.contest_id == contest_id, MarkRow.event_id == event_id, MarkRow.module_id == module_id, MarkRow.id <= top
        )
        if int(await session.scalar(counted)) != held.rows + len(table):
            return None  # a smaller id committed after a larger one: read everything again
    if top == held.upto:
        return held
    fresh = Held(held.shape_key, held.upto, None, held.rows, held.marks.copy(), held.versions.copy())
    _fold(fresh, table, slot, field, top)
    fresh.stamp = stamp
    return fresh


def _fold(held: Held, table: np.ndarray, slot: tuple, field: DrawnField, top: int) -> None:
    """Rows (competitor id, aspect position, judge position, value, version) with ids up to
    `top` into the held tensor, each cell keeping its highest version: one scatter per version
    number present (corrections are few), never a loop over marks."""
    held.upto, held.rows = top, held.rows + len(table)
    if not len(table):
        return
    where = table[:, :3].astype(np.int64)
    if (where[:, 1:] < 0).any():
        # the scheme of a marked module cannot change and a judge who marked stays on the panel
        raise Conflict.at("", f"stored marks of {slot[1]}/{slot[2]} name an aspect or judge the module no longer has")
    c = positions(field, where[:, 0])
    flat = np.ravel_multi_index((c, where[:, 1], where[:, 2]), held.marks.shape)
    version = table[:, 4].astype(np.int32)
    marks, versions = held.marks.reshape(-1), held.versions.reshape(-1)
    for v in np.unique(version).tolist():  # ascending; each cell has one row per version (unique in the store)
        this = version == v
        at = flat[this]
        newer = versions[at] < v
        marks[at[newer]] = table[this, 3][newer]
        versions[at[newer]] = v


def _rows_query(slot: tuple, aspect_ids: list[str], judges: list[PanelJudge], above: int, top: int):
    """The module's mark rows with ids in (above, top] as numbers: (competitor id, aspect
    position, judge position (-1: not the module's), value, version). Every row (above 0)
    comes from the module's index, which holds every selected column; the rows added since a
    read come from the primary key's range, the rows added to the whole store since then,
    the module's columns only filtering them (`+ 0` and `|| ''` keep the planner off the
    module's index, which would walk all of the module's marks)."""
    contest_id, event_id, module_id = slot
    aspect = case({a: k for k, a in enumerate(aspect_ids)}, value=MarkRow.aspect_id, else_=-1)
    judge = case({j.id: k for k, j in enumerate(judges)}, value=MarkRow.judge_id, else_=-1)
    columns = (MarkRow.competitor_id, aspect, judge, cast(MarkRow.value, Float), cast(MarkRow.version, Integer))
    if not above:
        module = (MarkRow.contest_id == contest_id, MarkRow.event_id == event_id, MarkRow.module_id == module_id)
        return select(*columns).where(*module, MarkRow.id <= top)
    return select(*columns).where(
        MarkRow.id > above,
        MarkRow.id <= top,
        MarkRow.contest_id + 0 == contest_id,
        MarkRow.event_id.concat("") == event_id,
        MarkRow.module_id.concat("") == module_id,
    )


async def _state(session: AsyncSession, uptos: list[int]) -> tuple[int, object, dict[int, object]]:
    """(the highest mark id in the store (0: none), its row's stamp, the stamp of each row of
    `uptos` by id), in one query. Read before the rows, so that every row up to it is read (on
    SQLite all of them are committed by then, see above). A stamp is the row's created_at;
    None: no row."""
    top = select(func.max(MarkRow.id)).scalar_subquery()
    stamp = select(MarkRow.created_at).where(MarkRow.id == top).scalar_subquery()
    then = [select(MarkRow.created_at).where(MarkRow.id == upto).scalar_subquery() for upto in uptos]
    highest, top_stamp, *upto_stamps = (await session.execute(select(top, stamp, *then))).one()
    return int(highest or 0), top_stamp, dict(zip(uptos, upto_stamps))


__all__ = ["current_marks", "held_budget", "standings_cells"]
