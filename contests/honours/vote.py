"""The committee vote (评审委员会表决) on one title's nominations.

Who counts (documented here, and the tests hold it):

- **Present** members are those the organiser records as attending. An absent member is not
  present and does not count in the denominator. A present member recused from a nominee
  (own unit, when `committee.recuse_own_unit`) is not present *for that nominee*; the
  recusal is returned with the counts.
- Every present, non-recused member votes yes, no or abstain on every nominee; a missing,
  doubled or recused ballot is refused (`VoteError`), so counts never rest on a guess.
- **Abstentions count as present, not as yes.** "share_of_present" passes a nominee with
  yes × denominator ≥ numerator × present (2/3 of 9 present needs 6 yes; 5 yes and 2
  abstentions fail). A nominee with no member present for it cannot pass.
- "top_n" passes every nominee with at least one yes vote; the quota then takes the most yes.

Within the title's places, passed nominees are ordered by yes votes (with
`tie_break="fewer_no"`, then by fewer no votes). Nominees tied across the last place go to
a **run-off** among themselves for the places left (`run_off`): the same ballot rules,
the most yes votes win, and a run-off that ties again needs another run-off. Every run-off
is kept in `VoteOutcome.run_offs`.

**Secrecy.** The outcome holds counts only. Who voted how (`ballots`) is returned only when
the committee declares open voting.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import msgspec
import numpy as np

from contests.fields import Code
from contests.honours.definition import Round, ShareOfPresent, Title
from contests.honours.errors import Problem, VoteError
from contests.honours.nomination import Nomination

Choice = Literal["yes", "no", "abstain"]
_CODE = {"yes": 0, "no": 1, "abstain": 2}


class Ballot(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    member: Code
    nomination: Code
    choice: Choice


class Recusal(msgspec.Struct, kw_only=True, frozen=True):
    member: str
    nomination: str
    unit: str
    reason: str = "本单位被推荐对象回避"


class VoteCount(msgspec.Struct, kw_only=True, frozen=True):
    nomination: str
    yes: int
    no: int
    abstain: int
    present: int  # members present and not recused
    recused: int
    absent: int
    passed: bool  # met the voting rule (before the quota)


class RunOff(msgspec.Struct, kw_only=True, frozen=True):
    places: int
    counts: list[VoteCount]


class VoteOutcome(msgspec.Struct, kw_only=True, frozen=True):
    title: str
    places: int
    counts: list[VoteCount]
    recusals: list[Recusal]
    elected: list[str]
    tied: list[str]  # tied across the last place: a run-off is needed for `places_left`
    places_left: int
    reserve: list[str]  # passed but outside the places, best first (for a freed place)
    not_passed: list[str]
    run_offs: list[RunOff] = []
    ballots: list[Ballot] | None = None  # only when the committee votes openly


def recusals(honours_round: Round, nominations: Sequence[Nomination]) -> list[Recusal]:
    if not honours_round.committee.recuse_own_unit:
        return []
    return [
        Recusal(member=m.code, nomination=n.id, unit=n.unit)
        for n in nominations
        for m in honours_round.committee.members
        if m.unit == n.unit
    ]


def count_votes(
    honours_round: Round, title: Title, nominations: Sequence[Nomination], present: Sequence[str], ballots: Sequence[Ballot]
) -> tuple[list[VoteCount], list[Recusal]]:
    """Counts per nomination (in the order given) and the recusals, or VoteError."""
    members = [m.code for m in honours_round.committee.members]
    ids = [n.id for n in nominations]
    recused = recusals(honours_round, nominations)
    choices = _choices(members, ids, set(present), {(r.member, r.nomination) for r in recused}, ballots)
    tally = np.stack([(choices == k).sum(axis=0) for k in range(3)])  # [yes/no/abstain, nomination]
    here = tally.sum(axis=0)
    recused_n = (choices == -2).sum(axis=0)
    absent = len(members) - len(set(present))
    counts = []
    for j, nid in enumerate(ids):
        yes, no, abstain, p = int(tally[0, j]), int(tally[1, j]), int(tally[2, j]), int(here[j])
        counts.append(
            VoteCount(
                nomination=nid,
                yes=yes,
                no=no,
                abstain=abstain,
                present=p,
                recused=int(recused_n[j]),
                absent=absent,
                passed=_passes(title, yes, p),
            )
        )
    return counts, recused


def _passes(title: Title, yes: int, present: int) -> bool:
    if isinstance(title.voting, ShareOfPresent):
        return present > 0 and yes * title.voting.denominator >= title.voting.numerator * present
    return yes > 0


def _choices(members: list[str], ids: list[str], present: set[str], recused: set, ballots: Sequence[Ballot]) -> np.ndarray:
    """[member, nomination]: 0 yes, 1 no, 2 abstain, −1 not voting (absent), −2 recused."""
    row = {m: i for i, m in enumerate(members)}
    col = {n: j for j, n in enumerate(ids)}
    problems = [Problem("present", f"{m!r} is not a committee member") for m in sorted(present - set(row))]
    grid = np.full((len(members), len(ids)), -1, dtype=np.int8)
    for m, n in recused:
        grid[row[m], col[n]] = -2
    for i, b in enumerate(ballots):
        where = f"ballots[{i}]"
        if b.member not in row or b.member not in present:
            problems.append(Problem(f"{where}.member", f"{b.member!r} is not a committee member present at the vote"))
        elif b.nomination not in col:
            problems.append(Problem(f"{where}.nomination", f"{b.nomination!r} is not a nomination in this vote"))
        elif (cell := grid[row[b.member], col[b.nomination]]) != -1:
            why = "is recused from it (own unit)" if cell == -2 else "has already voted on it"
            problems.append(Problem(where, f"member {b.member!r} {why}: nomination {b.nomination!r}"))
        else:
            grid[row[b.member], col[b.nomination]] = _CODE[b.choice]
    owed = [(members[i], ids[j]) for i, j in zip(*np.nonzero(grid == -1)) if members[i] in present]
    problems += [Problem("ballots", f"member {m!r} is present and has not voted on nomination {n!r}") for m, n in owed[:20]]
    if problems:
        raise VoteError(problems)
    return grid


def decide(
    honours_round: Round,
    title: Title,
    nominations: Sequence[Nomination],
    present: Sequence[str],
    ballots: Sequence[Ballot],
    *,
    places: int | None = None,
) -> VoteOutcome:
    """The vote on `nominations` for `places` (default: the title's quota)."""
    counts, recused = count_votes(honours_round, title, nominations, present, ballots)
    places = title.quota if places is None else places
    elected, tied, left, reserve = _within_places(title, counts, places)
    return VoteOutcome(
        title=title.id,
        places=places,
        counts=counts,
        recusals=recused,
        elected=elected,
        tied=tied,
        places_left=left,
        reserve=reserve,
        not_passed=[c.nomination for c in counts if not c.passed],
        ballots=list(ballots) if honours_round.committee.open_voting else None,
    )


def run_off(
    honours_round: Round,
    title: Title,
    outcome: VoteOutcome,
    nominations: Sequence[Nomination],
    present: Sequence[str],
    ballots: Sequence[Ballot],
) -> VoteOutcome:
    """A recorded run-off among `outcome.tied` for `outcome.places_left` places."""
    if not outcome.tied:
        raise VoteError(Problem("run_off", "no tie at the quota boundary: no run-off is needed"))
    tied = [n for n in nominations if n.id in outcome.tied]
    if len(tied) != len(outcome.tied):
        raise VoteError(Problem("nominations", "a run-off is between exactly the tied nominations"))
    counts, _ = count_votes(honours_round, title, tied, present, ballots)
    counts = [msgspec.structs.replace(c, passed=True) for c in counts]  # they passed the rule; the run-off only orders them
    won, still_tied, left, behind = _within_places(title, counts, outcome.places_left)
    record = RunOff(places=outcome.places_left, counts=counts)
    opened = [*(outcome.ballots or []), *ballots] if honours_round.committee.open_voting else None
    return msgspec.structs.replace(
        outcome,
        elected=[*outcome.elected, *won],
        tied=still_tied,
        places_left=left,
        reserve=[*behind, *outcome.reserve],
        run_offs=[*outcome.run_offs, record],
        ballots=opened,
    )


def _within_places(title: Title, counts: list[VoteCount], places: int) -> tuple[list[str], list[str], int, list[str]]:
    """(elected, tied across the last place, places left for them, reserve best first)."""
    passed = [c for c in counts if c.passed]
    fewer_no = title.voting.tie_break == "fewer_no"
    key = {c.nomination: (-c.yes, c.no if fewer_no else 0) for c in passed}
    order = sorted(passed, key=lambda c: key[c.nomination])  # stable: filing order after the key
    if len(order) <= places:
        return [c.nomination for c in order], [], 0, []
    if places == 0:
        return [], [], 0, [c.nomination for c in order]
    boundary = key[order[places - 1].nomination]
    if key[order[places].nomination] != boundary:
        return [c.nomination for c in order[:places]], [], 0, [c.nomination for c in order[places:]]
    above = [c.nomination for c in order if key[c.nomination] < boundary]
    tied = [c.nomination for c in order if key[c.nomination] == boundary]
    below = [c.nomination for c in order if key[c.nomination] > boundary]
    return above, tied, places - len(above), below


__all__ = ["Ballot", "Choice", "Recusal", "RunOff", "VoteCount", "VoteOutcome", "count_votes", "decide", "recusals", "run_off"]
