"""Who takes part in a round besides the organiser, and what biwu holds about nominees.

- **Unit nominators** (推荐单位经办人): an `employee` login the organiser ties to one unit of
  the round, the shape of labour's unit reporters (`contests.usecases.labour.reporters`): it
  nominates for that unit only, reads that unit's nominations, and withdraws them.
- **Committee members** (评审委员): the round's `committee.members`; a member's `code` is the
  username of a `reviewer` login (the role that reviews and votes in five-smalls campaigns).
- **Candidates**: the facts eligibility is judged on (unit, hire date, disciplinary action,
  result counts), recorded by the organiser; a code sent again is a new version.
- **The award history and safety accidents** (`contests.titles`), shared with labour
  competitions: past titles are imported all or nothing; a round's final list adds its own.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.honours import Member, Round
from contests.store.honours import HonoursCandidateRow, HonoursNominatorRow, SafetyAccidentRow, TitleRecordRow
from contests.titles import import_awards
from contests.usecases.core.access import ORGANISER, Forbidden, require_role
from contests.usecases.core.errors import Conflict, NotFound, Problem
from contests.usecases.core.transaction import transaction
from contests.usecases.core.unit_logins import UNIT_LOGIN_ROLE, require_employee_login, tie_to_unit, unit_of_login
from contests.usecases.honours import store
from contests.usecases.honours.views import CandidatesBody, HistoryBody, HistoryView, NominatorAssignment

NOMINATOR = UNIT_LOGIN_ROLE  # the login role of a unit nominator (as labour's unit reporter)
MEMBER = "reviewer"  # the login role of a committee member


async def assign_nominator(session: AsyncSession, actor: Actor, round_id: int, assignment: NominatorAssignment) -> NominatorAssignment:
    """Tie an employee login to one unit of the round; Conflict if it nominates for one already."""
    require_role(actor, (ORGANISER,), "assign unit nominators")
    row, r = await store.current(session, round_id)
    if r.unit(assignment.unit) is None:
        raise NotFound.at("unit", f"no unit {assignment.unit!r} in round {r.id!r}")
    await require_employee_login(session, assignment.username, "unit nominator")
    nominator = HonoursNominatorRow(round_id=row.id, username=assignment.username, unit=assignment.unit, created_by=actor.username)
    taken = f"{assignment.username!r} already nominates for a unit of round {r.id!r}"
    entry = ("honours.nominator.assign", "honours_nominator", f"{row.slug}/{assignment.username}")
    await tie_to_unit(session, actor, nominator, taken, entry, assignment)
    return assignment


async def nominator_unit(session: AsyncSession, round_id: int, actor: Actor) -> str | None:
    """The unit this login nominates for; None for the organiser (every unit). Forbidden for
    any other login, and for an employee login tied to no unit of the round."""
    query = select(HonoursNominatorRow.unit).where(HonoursNominatorRow.round_id == round_id, HonoursNominatorRow.username == actor.username)
    return await unit_of_login(session, actor, query, "nominates", "unit nominator", "round")


def committee_member(r: Round, actor: Actor) -> Member:
    """The committee member this login is (its username is the member's code), or Forbidden."""
    member = next((m for m in r.committee.members if m.code == actor.username), None)
    if actor.role != MEMBER or member is None:
        raise Forbidden.at("", f"account {actor.username!r} is not a member of the committee of round {r.id!r}")
    return member


async def record_candidates(session: AsyncSession, actor: Actor, round_id: int, body: CandidatesBody) -> int:
    """Record (a new version of) each candidate's facts; returns how many were written."""
    require_role(actor, (ORGANISER,), "record candidates")
    row, r = await store.current(session, round_id)
    codes = {u.code for u in r.units}
    bad = [(i, c) for i, c in enumerate(body.candidates) if c.unit not in codes]
    if bad:
        raise NotFound([Problem(f"candidates[{i}].unit", f"no unit {c.unit!r} in round {r.id!r}") for i, c in bad])
    seen = [c.code for c in body.candidates]
    if len(set(seen)) != len(seen):
        raise Conflict.at("candidates", "a candidate code is listed twice")
    clash = "candidates were recorded by someone else at the same time: reload and retry"
    async with transaction(session, conflict=clash, path="candidates"):
        query = select(HonoursCandidateRow.code, func.max(HonoursCandidateRow.version)).where(HonoursCandidateRow.round_id == row.id)
        latest = dict((await session.execute(query.group_by(HonoursCandidateRow.code))).all())
        for c in body.candidates:
            facts = store.encode(c)
            session.add(
                HonoursCandidateRow(round_id=row.id, code=c.code, version=latest.get(c.code, 0) + 1, facts=facts, created_by=actor.username)
            )
        audit.record(session, actor.username, "honours.candidates", "honours_round", row.slug, after={"codes": seen})
    return len(seen)


async def import_history(session: AsyncSession, actor: Actor, body: HistoryBody, source: str = "import") -> HistoryView:
    """Append past titles and accidents to the shared history; all or nothing."""
    require_role(actor, (ORGANISER,), "import the award history")
    async with transaction(session, conflict="the award history changed at the same time: retry"):
        history, _ = await store.history(session)
        import_awards(history, body.awards)  # TitleHistoryError (409) names every bad record
        add_awards(session, body.awards, source, actor.username)
        for a in body.accidents:
            session.add(SafetyAccidentRow(holder=a.holder, year=a.year, kind=a.kind, created_by=actor.username))
        after = {"awards": len(body.awards), "accidents": len(body.accidents)}
        audit.record(session, actor.username, "honours.history.import", "title_records", source, after=after)
    return HistoryView(awards_added=len(body.awards), accidents_added=len(body.accidents))


def add_awards(session: AsyncSession, awards, source: str, actor: str) -> None:
    for a in awards:
        session.add(
            TitleRecordRow(
                holder=a.holder,
                title=a.title,
                year=a.year,
                revoked=a.revoked,
                revoked_reason=a.revoked_reason,
                source=source,
                created_by=actor,
            )
        )


__all__ = [
    "MEMBER",
    "NOMINATOR",
    "add_awards",
    "assign_nominator",
    "committee_member",
    "import_history",
    "nominator_unit",
    "record_candidates",
]
