"""The panel (裁判组) of each module, and the recusals conflicts of interest impose.

A panel is set whole (its judges in order). Recusals follow the contest's conflict policy
(settings.conflict_policy: "unit" — a judge never marks a competitor of their own unit;
"none"): they are computed from the current registrations whenever a panel is read, so a
competitor registered after the panel was set is covered too. Marking (a later use-case)
enforces them; here they are reported.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.definition import Contest
from contests.errors import RegistrationError
from contests.people import Panel, Registration, code_problem, conflict_matrix
from contests.store.models import CompetitorRow, JudgeRow, PanelMemberRow
from contests.usecases.accounts.seats import revoke_unseated_judges
from contests.usecases.core import lookup
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction
from contests.usecases.setup import records
from contests.usecases.setup.checks import check
from contests.usecases.setup.views import PanelView, Recusal
from scoring.errors import Problem

MAX_PANEL = 100


async def set_panel(
    session: AsyncSession, actor: Actor, contest_id: int, event_id: str, module_id: str, judge_codes: list[str]
) -> PanelView:
    """Make `judge_codes` the panel of the module, in that order. NotFound (404) for an
    unknown event or module; RegistrationError (400) at `judges[k]` for an unknown or
    repeated judge, and at `judges` for a size the event or the trimmed mean rules out;
    Conflict (409) if it drops a judge who has already marked this module."""
    contest, definition = await lookup.current_contest(session, contest_id)
    event = lookup.event_of(definition, event_id)
    lookup.module_of(event, module_id)
    _check_codes(judge_codes)
    async with transaction(session, conflict=f"the panel of {event_id}/{module_id} was changed at the same time: retry"):
        known = {r.code: r for r in await session.scalars(select(JudgeRow).where(JudgeRow.contest_id == contest.id))}
        panel = Panel(event=event_id, module=module_id, judges=list(judge_codes))
        chosen = [r for r in known.values() if r.code in judge_codes]
        units = list({r.unit.code: records.unit(r.unit) for r in chosen}.values())
        reg = Registration(units=units, judges=[records.judge(r) for r in chosen], panels=[panel])
        check(reg, "panels", definition)
        old = await _members(session, contest.id, event_id, module_id)
        await _refuse_dropping_markers(session, contest.id, event_id, module_id, old, set(judge_codes))
        await session.execute(
            delete(PanelMemberRow).where(
                PanelMemberRow.contest_id == contest.id, PanelMemberRow.event_id == event_id, PanelMemberRow.module_id == module_id
            )
        )
        session.add_all(
            PanelMemberRow(contest_id=contest.id, event_id=event_id, module_id=module_id, judge=known[code], position=k)
            for k, code in enumerate(judge_codes)
        )
        await revoke_unseated_judges(session, [m.user_id for m in old if m.code not in judge_codes])  # seat-scoped tokens
        audit.record(
            session, actor.username, "panel.set", "panel", f"{event_id}/{module_id}", contest_id=contest.id,
            before={"judges": [m.code for m in old]} if old else None, after={"judges": list(judge_codes)},
        )  # fmt: skip
    return await _view(session, contest.id, definition, event_id, module_id, [known[c] for c in judge_codes])


async def get_panel(session: AsyncSession, contest_id: int, event_id: str, module_id: str) -> PanelView:
    """The module's panel with its recusals (no judges yet: an empty panel). NotFound (404)
    for an unknown event or module."""
    contest, definition = await lookup.current_contest(session, contest_id)
    lookup.module_of(lookup.event_of(definition, event_id), module_id)
    members = await _members(session, contest.id, event_id, module_id)
    return await _view(session, contest.id, definition, event_id, module_id, members)


async def list_panels(session: AsyncSession, contest_id: int) -> list[PanelView]:
    """Every module that has a panel, in the definition's event and module order."""
    contest, definition = await lookup.current_contest(session, contest_id)
    rows = await session.scalars(select(PanelMemberRow).where(PanelMemberRow.contest_id == contest.id).order_by(PanelMemberRow.position))
    grouped: dict[tuple[str, str], list[JudgeRow]] = {}
    for row in rows:
        grouped.setdefault((row.event_id, row.module_id), []).append(row.judge)
    order = [(e.id, m.id) for e in definition.events for m in e.modules]
    keys = sorted(grouped, key=lambda k: (order.index(k) if k in order else len(order), k))
    return [await _view(session, contest.id, definition, e, m, grouped[(e, m)]) for e, m in keys]


def _check_codes(judge_codes: Sequence[str]) -> None:
    if isinstance(judge_codes, str) or not isinstance(judge_codes, Sequence):
        raise RegistrationError.at("judges", "must be a list of judge codes")
    if not 1 <= len(judge_codes) <= MAX_PANEL:
        raise RegistrationError.at("judges", f"a panel needs 1 to {MAX_PANEL} judges, got {len(judge_codes)}")
    problems = [Problem(f"judges[{k}]", why) for k, c in enumerate(judge_codes) if (why := code_problem(c))]
    if problems:
        raise RegistrationError(problems)


async def _members(session: AsyncSession, contest_id: int, event_id: str, module_id: str) -> list[JudgeRow]:
    query = select(PanelMemberRow).where(
        PanelMemberRow.contest_id == contest_id, PanelMemberRow.event_id == event_id, PanelMemberRow.module_id == module_id
    )
    return [m.judge for m in await session.scalars(query.order_by(PanelMemberRow.position))]


async def _refuse_dropping_markers(
    session: AsyncSession, contest_id: int, event_id: str, module_id: str, old: list[JudgeRow], new: set[str]
) -> None:
    for judge in old:
        if judge.code not in new and await lookup.marks_exist(
            session, contest_id, event_id=event_id, module_id=module_id, judge_id=judge.id
        ):
            raise Conflict.at("judges", f"judge {judge.code!r} has already marked module {module_id!r} and must stay on its panel")


async def _view(
    session: AsyncSession, contest_id: int, definition: Contest, event_id: str, module_id: str, members: list[JudgeRow]
) -> PanelView:
    query = select(CompetitorRow).where(CompetitorRow.contest_id == contest_id, CompetitorRow.event_id == event_id)
    competitors = [records.competitor(r) for r in await session.scalars(query.order_by(CompetitorRow.id))]
    judges = [records.judge(j) for j in members]
    blocked = conflict_matrix(judges, competitors, definition.settings.conflict_policy)
    recusals = [
        Recusal(judge=j.code, competitors=[c.employee_no for c, hit in zip(competitors, blocked[k]) if hit])
        for k, j in enumerate(judges)
        if blocked[k].any()
    ]
    return PanelView(event_id=event_id, module_id=module_id, judges=[j.code for j in judges], recusals=recusals)


__all__ = ["get_panel", "list_panels", "set_panel"]
