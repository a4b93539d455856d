"""优秀组织奖 (organisation award) of a round: the title's declared formula over the units'
records (competitors, awards won, on-time registration and reporting), computed per unit
with every part shown (`contests.honours.organisation_award`). Each computation is stored
as a new version with the records it ran on, and audited; the latest is the one shown."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.honours import OrganisationLine, Round, Title, UnitRecord, organisation_award
from contests.honours.organisation_figures import UnitFigures
from contests.store.honours import HonoursOrganisationRow, HonoursRoundRow
from contests.usecases.core.access import ORGANISER, require_role
from contests.usecases.core.errors import Conflict, NotFound, Problem
from contests.usecases.core.transaction import transaction
from contests.usecases.honours import store
from contests.usecases.honours.views import OrganisationBody, OrganisationView


async def compute(session: AsyncSession, actor: Actor, round_id: int, title_id: str, body: OrganisationBody) -> OrganisationView:
    """Compute the award from the units' records and store it as the next version."""
    require_role(actor, (ORGANISER,), "compute the organisation award")
    row, r = await store.current(session, round_id)
    title = award_title(r, title_id)
    check_units(r, body.records)
    lines = organisation_award(title.organisation, title.quota, body.records)
    return await save(session, actor, row, title, body.records, lines)


async def save(
    session: AsyncSession,
    actor: Actor,
    row: HonoursRoundRow,
    title: Title,
    records: list[UnitRecord],
    lines: list[OrganisationLine],
    figures: list[UnitFigures] | None = None,
) -> OrganisationView:
    """Store a computation as the title's next version with its audit entry, one transaction.
    `figures`: when computed from biwu's own data, each unit's figures and their source."""
    clash = f"the organisation award {title.id!r} was computed by someone else at the same time: reload"
    async with transaction(session, conflict=clash):
        query = select(func.max(HonoursOrganisationRow.version)).where(
            HonoursOrganisationRow.round_id == row.id, HonoursOrganisationRow.title == title.id
        )
        version = (await session.scalar(query) or 0) + 1
        session.add(
            HonoursOrganisationRow(
                round_id=row.id, title=title.id, version=version, records=store.encode(records), lines=store.encode(lines),
                figures=None if figures is None else store.encode(figures), created_by=actor.username,
            )
        )  # fmt: skip
        awarded = [line.unit for line in lines if line.awarded]
        source = "body" if figures is None else "data"
        audit.record(
            session,
            actor.username,
            "honours.organisation",
            "honours_round",
            f"{row.slug}/{title.id}",
            after={"version": version, "awarded": awarded, "source": source},
        )
    return _view(title, version, lines, figures)


async def get_award(session: AsyncSession, round_id: int, title_id: str) -> OrganisationView:
    row, r = await store.current(session, round_id)
    title = award_title(r, title_id)
    query = select(HonoursOrganisationRow).where(HonoursOrganisationRow.round_id == row.id, HonoursOrganisationRow.title == title.id)
    found = await session.scalar(query.order_by(HonoursOrganisationRow.version.desc()).limit(1))
    if found is None:
        raise NotFound.at("title", f"the organisation award {title.id!r} has not been computed")
    figures = None if found.figures is None else store.decode(found.figures, list[UnitFigures])
    return _view(title, found.version, store.decode(found.lines, list[OrganisationLine]), figures)


def award_title(r: Round, title_id: str) -> Title:
    title = store.title_of(r, title_id)
    if title.organisation is None:
        raise Conflict.at("title", f"{title.name} is nominated and voted on, not computed by a formula")
    return title


def check_units(r: Round, records: list[UnitRecord]) -> None:
    codes = {u.code for u in r.units}
    problems = [
        Problem(f"records[{i}].unit", f"no unit {x.unit!r} in round {r.id!r}") for i, x in enumerate(records) if x.unit not in codes
    ]
    seen: set[str] = set()
    for i, x in enumerate(records):
        if x.unit in seen:
            problems.append(Problem(f"records[{i}].unit", f"unit {x.unit!r} is listed twice"))
        seen.add(x.unit)
    if problems:
        raise Conflict(problems)


def _view(title: Title, version: int, lines: list[OrganisationLine], figures: list[UnitFigures] | None) -> OrganisationView:
    formula = title.organisation
    return OrganisationView(
        title=title.id, name=title.name, version=version, quota=title.quota, threshold=f"{formula.threshold:.2f}", lines=lines,
        source="body" if figures is None else "data", figures=figures or [],
    )  # fmt: skip


__all__ = ["award_title", "check_units", "compute", "get_award", "save"]
