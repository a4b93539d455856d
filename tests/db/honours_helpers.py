"""Shared set-up of the honours DB tests: a small round (three units, one individual title of
3 places by headcount, a committee of five reviewer logins, two from units), candidates and
one nominator per unit."""

from __future__ import annotations

from datetime import date

from contests.accounts import Actor
from contests.honours import Candidate, Committee, Member, Round, ShareOfPresent, Title, Unit
from contests.store.models import UserRow
from contests.usecases.honours import people, rounds
from contests.usecases.honours.views import CandidatesBody, NominationDraft, NominatorAssignment

ORG = Actor("org", "organiser")
NOMINATOR = {"U1": Actor("nom1", "employee"), "U2": Actor("nom2", "employee"), "U3": Actor("nom3", "employee")}
MEMBERS = {"mem1": "U1", "mem2": "U2", "mem3": None, "mem4": None, "mem5": None}
MEMBER = {code: Actor(code, "reviewer") for code in MEMBERS}


def honours_round(**changes) -> Round:
    # 3 places over 600/300/100: floors 1, 0, 0; remainders .8, .9, .3 → U1 2, U2 1, U3 0
    title = Title(id="advanced-individual", name="先进个人", kind="individual", quota=3, voting=ShareOfPresent())
    r = Round(
        id="r2026",
        name="2026年度评比",
        year=2026,
        reference_date=date(2026, 12, 31),
        units=[
            Unit(code="U1", name="一厂", headcount=600),
            Unit(code="U2", name="二厂", headcount=300),
            Unit(code="U3", name="三厂", headcount=100),
        ],
        titles=[title],
        committee=Committee(members=[Member(code=c, name=f"委员{c[-1]}", unit=u) for c, u in MEMBERS.items()]),
    )
    return Round(**({f: getattr(r, f) for f in r.__struct_fields__} | changes))


def candidate(code: str, unit: str, **facts) -> Candidate:
    return Candidate(code=code, name=f"职工{code}", unit=unit, kind="individual", hired=date(2010, 1, 1), **facts)


CANDIDATES = [candidate(f"E{i}", u) for i, u in enumerate(["U1", "U1", "U1", "U2", "U2", "U3"], start=1)]


async def set_up(session, definition: Round | None = None) -> int:
    rid = (await rounds.create_round(session, ORG, definition or honours_round())).id
    for actor in [*NOMINATOR.values(), *MEMBER.values()]:
        session.add(UserRow(username=actor.username, password_hash="x", role=actor.role))
    await session.commit()
    for unit, actor in NOMINATOR.items():
        await people.assign_nominator(session, ORG, rid, NominatorAssignment(username=actor.username, unit=unit))
    await people.record_candidates(session, ORG, rid, CandidatesBody(candidates=CANDIDATES))
    return rid


def draft(nominee: str, title: str = "advanced-individual") -> NominationDraft:
    return NominationDraft(title=title, nominee=nominee, record=f"{nominee}爱岗敬业，事迹突出。")
