"""A labour competition and its versioned definition (TOML or JSON, `contests.labour`).

Creating stores version 1; a new version keeps the competition's id and may not drop a
participant, period, indicator or veto that stored plans, reports or panel marks refer to
(they would lose their meaning). Every version is kept; each change is audited. An invalid
definition is refused with every problem's path and rule (DefinitionError, 400).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.labour.definition import Format, LabourCompetition, decode_labour, encode_labour, validate_labour
from contests.store.labour import LabourCompetitionRow, LabourInspectionRow, LabourPlanRow, LabourReportRow, LabourVersionRow
from contests.usecases.core.access import ORGANISER, require_role
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction
from contests.usecases.labour import store
from contests.usecases.labour.views import CompetitionView
from scoring.errors import Problem


async def create_competition(session: AsyncSession, actor: Actor, definition: LabourCompetition) -> CompetitionView:
    """Store a new competition as version 1; Conflict (409) if its id is taken."""
    require_role(actor, (ORGANISER,), "create a labour competition")
    validate_labour(definition)
    taken = f"a labour competition with id {definition.id!r} already exists"
    async with transaction(session, conflict=taken, path="id"):
        if await session.scalar(select(LabourCompetitionRow.id).where(LabourCompetitionRow.slug == definition.id)) is not None:
            raise Conflict.at("id", taken)
        row = LabourCompetitionRow(slug=definition.id, name=definition.name, year=definition.year, current_version=1)
        session.add(row)
        await session.flush()
        session.add(_version(row, 1, definition, actor))
        audit.record(session, actor.username, "labour.create", "labour_competition", row.slug, after=_summary(row))
    return _view(row, 1, definition)


async def import_competition(session: AsyncSession, actor: Actor, data: bytes | str, fmt: Format = "toml") -> CompetitionView:
    """Create from a TOML or JSON file (DefinitionError names each problem's path and rule)."""
    return await create_competition(session, actor, decode_labour(data, fmt))


async def get_competition(session: AsyncSession, competition_id: int, version: int | None = None) -> CompetitionView:
    row = await store.competition_row(session, competition_id)
    v = await store.version_row(session, row, version)
    return _view(row, v.version, store.definition(v))


async def new_version(session: AsyncSession, actor: Actor, competition_id: int, definition: LabourCompetition) -> CompetitionView:
    """Store `definition` as the next version (see the module docstring)."""
    require_role(actor, (ORGANISER,), "change a labour competition")
    row = await store.competition_row(session, competition_id)
    validate_labour(definition)
    if definition.id != row.slug:
        raise Conflict.at("id", f"a competition keeps its id: this is {row.slug!r}, the new version says {definition.id!r}")
    clash = f"competition {row.slug!r} was changed by someone else at the same time: reload and retry"
    async with transaction(session, conflict=clash):
        problems = await _still_referenced(session, row.id, definition)
        if problems:
            raise Conflict(problems)
        before = _summary(row)
        row.current_version += 1
        row.name, row.year = definition.name, definition.year
        session.add(_version(row, row.current_version, definition, actor))
        audit.record(session, actor.username, "labour.new_version", "labour_competition", row.slug, before=before, after=_summary(row))
    return _view(row, row.current_version, definition)


async def _still_referenced(session: AsyncSession, competition_id: int, new: LabourCompetition) -> list[Problem]:
    keys = {"participants": {p.id for p in new.participants}, "periods": {p.id for p in new.periods}}
    used = {"participants": set(), "periods": set()}
    for model in (LabourPlanRow, LabourReportRow, LabourInspectionRow):
        rows = (await session.execute(select(model.participant, model.period).where(model.competition_id == competition_id))).all()
        used["participants"].update(r[0] for r in rows)
        used["periods"].update(r[1] for r in rows)
    problems = [
        Problem(field, f"{field[:-1]} {key!r} has stored plans, reports or marks: it cannot be removed")
        for field in ("participants", "periods")
        for key in sorted(used[field] - keys[field])
    ]
    marked = set(
        (await session.scalars(select(LabourInspectionRow.indicator).where(LabourInspectionRow.competition_id == competition_id))).all()
    )
    problems += [
        Problem("indicators", f"indicator {key!r} has stored panel marks: it cannot be removed")
        for key in sorted(marked - set(new.indicator_ids))
    ]
    return problems


def _version(row: LabourCompetitionRow, version: int, definition: LabourCompetition, actor: Actor) -> LabourVersionRow:
    return LabourVersionRow(
        competition_id=row.id, version=version, definition=encode_labour(definition, "json").decode("utf-8"), created_by=actor.username
    )


def _summary(row: LabourCompetitionRow) -> dict:
    return {"slug": row.slug, "name": row.name, "year": row.year, "version": row.current_version}


def _view(row: LabourCompetitionRow, version: int, definition: LabourCompetition) -> CompetitionView:
    return CompetitionView(
        id=row.id, slug=row.slug, name=row.name, year=row.year, version=version, current_version=row.current_version, definition=definition
    )


__all__ = ["create_competition", "get_competition", "import_competition", "new_version"]
