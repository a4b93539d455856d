"""The committee's vote (评审委员会表决) on a title, through sittings.

1. The organiser opens a sitting with the members present (`open_sitting`): stage 0 puts
   every nomination of the title still "nominated" to the vote; a later stage is a run-off
   among the nominations tied at the quota boundary by the last tally.
2. Each present member casts one ballot per nomination (yes, no, abstain) in one request
   (`cast_ballots`); a member is recused from their own unit's nominees when the round says
   so, and a ballot on such a nominee is refused. Ballots are kept for the count's audit and
   returned to nobody unless the committee votes openly.
3. The organiser tallies (`tally`): `contests.honours.decide` (or `run_off`) counts, applies
   the declared rule and the quota, and the outcome is stored with the recusals. When no tie
   is left, every nomination of the title is elected or not elected (audited each).

Race guard: the sitting's row version (compare-and-set) and the unique (sitting, member,
nomination) ballot key; a ballot racing the tally loses one way or the other, never both.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from contests import audit
from contests.accounts import Actor
from contests.honours import Ballot, Round, Title, VoteOutcome, decide, recusals, run_off
from contests.store.honours import HonoursBallotRow, HonoursRoundRow, HonoursVoteRow
from contests.usecases.core.access import ORGANISER, require_role
from contests.usecases.core.errors import Conflict, NotFound, Problem
from contests.usecases.core.transaction import transaction
from contests.usecases.honours import store
from contests.usecases.honours.nominations import transition
from contests.usecases.honours.people import committee_member
from contests.usecases.honours.views import BallotBody, BallotReceipt, SittingBody, SittingView


async def open_sitting(session: AsyncSession, actor: Actor, round_id: int, title_id: str, body: SittingBody) -> SittingView:
    """Open the vote (stage 0) or the run-off the last tally needs, with the members present."""
    require_role(actor, (ORGANISER,), "open a committee sitting")
    row, r = await store.current(session, round_id)
    title = _voted_title(r, title_id)
    members = {m.code for m in r.committee.members}
    problems = [Problem(f"present[{i}]", f"{m!r} is not a member of the committee") for i, m in enumerate(body.present) if m not in members]
    if len(set(body.present)) != len(body.present):
        problems.append(Problem("present", "a member is listed twice"))
    if problems:
        raise Conflict(problems)
    clash = f"the committee's sitting on {title.id!r} was opened by someone else at the same time: reload"
    async with transaction(session, conflict=clash, path="title"):
        if row.stage != "nominating":
            raise Conflict.at("", f"round {row.slug!r} is {row.stage!r}: the committee's vote is over")
        flag_modified(row, "stage")  # bumps the round's row version: an amendment or upload racing the opening loses
        sittings = await _sittings(session, row.id, title.id)
        nominations = await _to_vote_on(session, row, title, sittings)
        sitting = HonoursVoteRow(
            round_id=row.id, title=title.id, stage=len(sittings), state="open", present=store.encode(body.present),
            nominations=store.encode(nominations), created_by=actor.username,
        )  # fmt: skip
        session.add(sitting)
        after = {"stage": sitting.stage, "present": body.present, "nominations": nominations}
        audit.record(session, actor.username, "honours.sitting.open", "honours_vote", f"{row.slug}/{title.id}/{sitting.stage}", after=after)
    return await _view(session, r, title, sitting)


async def cast_ballots(session: AsyncSession, actor: Actor, round_id: int, title_id: str, body: BallotBody) -> BallotReceipt:
    """A present committee member's ballots on every nomination of the open sitting not recused from."""
    row, r = await store.current(session, round_id)
    member = committee_member(r, actor)
    title = _voted_title(r, title_id)
    clash = f"member {member.code!r} has already voted in this sitting, or it was tallied at the same time"
    async with transaction(session, conflict=clash, path="ballots"):
        sitting = await _open(session, row, title.id)
        if member.code not in store.decode(sitting.present, list[str]):
            raise Conflict.at("", f"member {member.code!r} is recorded absent from this sitting: an absent member does not vote")
        codes = store.decode(sitting.nominations, list[str])
        recused = {x.nomination for x in recusals(r, await _nominations(session, row, codes)) if x.member == member.code}
        owed = [c for c in codes if c not in recused]
        _check_ballots(body, owed, recused)
        for line in body.ballots:
            session.add(HonoursBallotRow(vote_id=sitting.id, member=member.code, nomination=line.nomination, choice=line.choice))
        flag_modified(sitting, "state")  # bumps the sitting's row version: a ballot racing the tally loses
        key = f"{row.slug}/{title.id}/{sitting.stage}/{member.code}"
        audit.record(
            session, actor.username, "honours.ballots", "honours_vote", key, after={"counted": len(owed), "recused": sorted(recused)}
        )
    return BallotReceipt(title=title.id, stage=sitting.stage, member=member.code, counted=len(owed), recused=sorted(recused))


async def tally(session: AsyncSession, actor: Actor, round_id: int, title_id: str) -> SittingView:
    """Count the open sitting (see the module docstring); VoteError (409) while a present member has not voted."""
    require_role(actor, (ORGANISER,), "tally the committee's vote")
    row, r = await store.current(session, round_id)
    title = _voted_title(r, title_id)
    clash = f"the sitting on {title.id!r} changed at the same time (a ballot or another tally): reload and retry"
    async with transaction(session, conflict=clash):
        sitting = await _open(session, row, title.id)
        codes = store.decode(sitting.nominations, list[str])
        nominations = await _nominations(session, row, codes)
        present = store.decode(sitting.present, list[str])
        rows = (
            await session.scalars(select(HonoursBallotRow).where(HonoursBallotRow.vote_id == sitting.id).order_by(HonoursBallotRow.id))
        ).all()
        ballots = [Ballot(member=b.member, nomination=b.nomination, choice=b.choice) for b in rows]
        if sitting.stage == 0:
            outcome = decide(r, title, nominations, present, ballots)
        else:
            previous = await _last_outcome(session, row.id, title.id)
            outcome = run_off(r, title, previous, nominations, present, ballots)
        sitting.state, sitting.outcome = "tallied", store.encode(outcome)
        key = f"{row.slug}/{title.id}/{sitting.stage}"
        summary = {"elected": outcome.elected, "tied": outcome.tied, "counts": outcome.counts, "recusals": outcome.recusals}
        audit.record(session, actor.username, "honours.tally", "honours_vote", key, after=summary)
        if not outcome.tied:
            await _settle(session, actor, row, title, outcome)
    return await _view(session, r, title, sitting)


async def get_sitting(session: AsyncSession, actor: Actor, round_id: int, title_id: str, stage: int | None = None) -> SittingView:
    """A sitting (default: the latest): who is present, recused, who has voted (not how), the outcome once tallied."""
    row, r = await store.current(session, round_id)
    if actor.role != ORGANISER:
        committee_member(r, actor)
    title = _voted_title(r, title_id)
    sittings = await _sittings(session, row.id, title.id)
    if not sittings:
        raise NotFound.at("title", f"the committee has not sat on title {title.id!r}")
    wanted = sittings[-1] if stage is None else next((s for s in sittings if s.stage == stage), None)
    if wanted is None:
        raise NotFound.at("stage", f"no sitting {stage} on title {title.id!r}")
    return await _view(session, r, title, wanted)


async def final_outcomes(session: AsyncSession, row: HonoursRoundRow, r: Round) -> dict[str, VoteOutcome]:
    """title → the outcome of its last tally, for every voted title (Conflict if one is unfinished)."""
    outcomes = {}
    for title in r.titles:
        if title.organisation is not None:
            continue
        sittings = await _sittings(session, row.id, title.id)
        if not sittings:
            continue
        last = sittings[-1]
        if last.state != "tallied" or store.decode(last.outcome, VoteOutcome).tied:
            raise Conflict.at("title", f"the vote on {title.id!r} is not finished (open sitting or a tie waiting for its run-off)")
        outcomes[title.id] = store.decode(last.outcome, VoteOutcome)
    return outcomes


async def _settle(session: AsyncSession, actor: Actor, row: HonoursRoundRow, title: Title, outcome: VoteOutcome) -> None:
    elected = set(outcome.elected)
    for head in await store.nomination_rows(session, row.id, title.id):
        if head.state == "nominated":
            await transition(session, actor, row, head, "elect" if head.code in elected else "not_elect", "organiser", None)


async def _to_vote_on(session: AsyncSession, row: HonoursRoundRow, title: Title, sittings: list[HonoursVoteRow]) -> list[str]:
    if not sittings:
        codes = [n.code for n in await store.nomination_rows(session, row.id, title.id) if n.state == "nominated"]
        if not codes:
            raise Conflict.at("title", f"title {title.id!r} has no nominations to vote on")
        return codes
    last = sittings[-1]
    if last.state != "tallied":
        raise Conflict.at("title", f"sitting {last.stage} on {title.id!r} is still open: tally it first")
    tied = store.decode(last.outcome, VoteOutcome).tied
    if not tied:
        raise Conflict.at("title", f"the vote on {title.id!r} is decided: no tie at the quota boundary needs a run-off")
    return tied


def _check_ballots(body: BallotBody, owed: list[str], recused: set[str]) -> None:
    problems, seen = [], set()
    for i, line in enumerate(body.ballots):
        if line.nomination in recused:
            problems.append(Problem(f"ballots[{i}].nomination", f"recused: {line.nomination!r} is from your own unit"))
        elif line.nomination not in owed:
            problems.append(Problem(f"ballots[{i}].nomination", f"{line.nomination!r} is not a nomination in this sitting"))
        elif line.nomination in seen:
            problems.append(Problem(f"ballots[{i}].nomination", f"{line.nomination!r} is voted twice"))
        seen.add(line.nomination)
    problems += [Problem("ballots", f"missing: no vote on {code!r}") for code in owed if code not in seen]
    if problems:
        raise Conflict(problems)


def _voted_title(r: Round, title_id: str) -> Title:
    title = store.title_of(r, title_id)
    if title.organisation is not None:
        raise Conflict.at("title", f"{title.name} is awarded by its formula, not voted on")
    return title


async def _sittings(session: AsyncSession, round_id: int, title: str) -> list[HonoursVoteRow]:
    query = select(HonoursVoteRow).where(HonoursVoteRow.round_id == round_id, HonoursVoteRow.title == title).order_by(HonoursVoteRow.stage)
    return list((await session.scalars(query)).all())


async def _open(session: AsyncSession, row: HonoursRoundRow, title: str) -> HonoursVoteRow:
    sittings = await _sittings(session, row.id, title)
    if not sittings or sittings[-1].state != "open":
        raise Conflict.at("title", f"no sitting on {title!r} is open")
    return sittings[-1]


async def _last_outcome(session: AsyncSession, round_id: int, title: str) -> VoteOutcome:
    tallied = [s for s in await _sittings(session, round_id, title) if s.state == "tallied"]
    return store.decode(tallied[-1].outcome, VoteOutcome)


async def _nominations(session: AsyncSession, row: HonoursRoundRow, codes: list[str]):
    rows = [n for n in await store.nomination_rows(session, row.id) if n.code in set(codes)]
    by_code = {n.id: n for n in store.domain_nominations(rows, await store.current_versions(session, rows))}
    return [by_code[c] for c in codes]


async def _view(session: AsyncSession, r: Round, title: Title, sitting: HonoursVoteRow) -> SittingView:
    row = await store.round_row(session, sitting.round_id)
    codes = store.decode(sitting.nominations, list[str])
    present = store.decode(sitting.present, list[str])
    voters = await session.scalars(select(HonoursBallotRow.member).where(HonoursBallotRow.vote_id == sitting.id).distinct())
    outcome = store.decode(sitting.outcome, VoteOutcome) if sitting.outcome else None
    places = (
        outcome.places if outcome else (title.quota if sitting.stage == 0 else (await _last_outcome(session, row.id, title.id)).places_left)
    )
    return SittingView(
        title=title.id, stage=sitting.stage, state=sitting.state, places=places, present=present,
        absent=[m.code for m in r.committee.members if m.code not in present], nominations=codes,
        recusals=recusals(r, await _nominations(session, row, codes)), voted=sorted(voters.all()), outcome=outcome,
    )  # fmt: skip


__all__ = ["cast_ballots", "final_outcomes", "get_sitting", "open_sitting", "tally"]
