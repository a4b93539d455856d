"""公示 (public notice) and the final list (表彰名单).

1. `provisional_list` posts the elected nominees of every title for a declared period
   (start, end, a contact line for objections) of at least the round's working days
   (Monday–Friday, counted with numpy's business-day calendar; public holidays are the
   organiser's to add). A vote with an unresolved boundary tie cannot be posted.
2. `record_objection` records an objection (异议) received within the period, inclusive.
3. `decide_objection` decides it once, with a reason. An upheld objection removes the
   nominee; the freed place follows the title's declared rule: "next_by_votes" posts the
   first of the vote's reserve (passed, outside the places, best first; none left → the
   place stays empty), "leave_empty" leaves it empty. The promoted nominee is posted for the
   rest of the same period. A dismissed objection changes nothing else.
4. `finalise` makes the final list once the period is over (the day after `end`) and every
   objection is decided: an immutable snapshot, version 1.
5. `revoke_final` revokes a commended nominee afterwards: a new version with the entry
   gone and the revocation (reason, date) recorded; earlier versions are untouched.

`title_awards` turns a final list into `contests.titles` records for the award history
(revocations included), so the next rounds' cooldowns see it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import msgspec
import numpy as np

from contests.fields import Code, Name, is_visible_text
from contests.honours.definition import Round
from contests.honours.errors import NoticeError, Problem
from contests.honours.nomination import Nomination, Record
from contests.honours.vote import VoteOutcome
from contests.titles import TitleAward


class NoticePeriod(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    start: date
    end: date
    contact: Name  # 联系人及电话 for objections


class ListEntry(msgspec.Struct, kw_only=True, frozen=True):
    nomination: str
    title: str
    title_name: str
    unit: str
    nominee: str
    name: str
    yes: int


class Objection(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    id: Code
    nomination: Code
    received: date
    grounds: Record


class Decision(msgspec.Struct, kw_only=True, frozen=True):
    objection: str
    upheld: bool
    reason: str
    decided: date
    removed: str | None = None  # the nomination taken off the list
    promoted: str | None = None  # the nomination given the freed place


class ProvisionalList(msgspec.Struct, kw_only=True, frozen=True):
    round: str
    period: NoticePeriod
    entries: list[ListEntry]
    reserve: list[ListEntry]  # per title, best first, for freed places
    objections: list[Objection] = []
    decisions: list[Decision] = []


class Revocation(msgspec.Struct, kw_only=True, frozen=True):
    entry: ListEntry
    reason: str
    on: date


class FinalList(msgspec.Struct, kw_only=True, frozen=True):
    round: str
    year: int
    version: int
    made: date
    entries: list[ListEntry]
    revocations: list[Revocation] = []


def provisional_list(
    honours_round: Round,
    outcomes: Mapping[str, VoteOutcome],
    nominations: Mapping[str, Nomination],
    names: Mapping[str, str],
    period: NoticePeriod,
) -> ProvisionalList:
    """The list to post: each title's elected, then its reserve, in vote order."""
    problems = _period_problems(honours_round, period)
    problems += [
        Problem(f"outcomes.{t}", f"{len(o.tied)} nominations are tied at the last place: run-off first")
        for t, o in outcomes.items()
        if o.tied
    ]
    if problems:
        raise NoticeError(problems)

    def entry(title_id: str, nid: str, outcome: VoteOutcome) -> ListEntry:
        n, title = nominations[nid], honours_round.title(title_id)
        yes = next((c.yes for c in outcome.counts if c.nomination == nid), 0)
        return ListEntry(
            nomination=nid,
            title=title_id,
            title_name=title.name,
            unit=n.unit,
            nominee=n.nominee,
            name=names.get(n.nominee, n.nominee),
            yes=yes,
        )

    entries = [entry(t, nid, o) for t, o in outcomes.items() for nid in o.elected]
    reserve = [entry(t, nid, o) for t, o in outcomes.items() for nid in o.reserve]
    return ProvisionalList(round=honours_round.id, period=period, entries=entries, reserve=reserve)


def working_days(start: date, end: date) -> int:
    """Monday–Friday days from start to end, both included."""
    return int(np.busday_count(start, end + timedelta(days=1))) if end >= start else 0


def _period_problems(honours_round: Round, period: NoticePeriod) -> list[Problem]:
    if period.end < period.start:
        return [Problem("period.end", f"ends {period.end} before it starts {period.start}")]
    days, need = working_days(period.start, period.end), honours_round.notice.working_days
    if days < need:
        return [Problem("period", f"公示 lasts {days} working days ({period.start}–{period.end}), the round declares at least {need}")]
    if not period.contact.strip():
        return [Problem("period.contact", "a contact line for objections is required")]
    return []


def record_objection(notice: ProvisionalList, objection: Objection) -> ProvisionalList:
    problems = []
    if any(o.id == objection.id for o in notice.objections):
        problems.append(Problem("objection.id", f"objection {objection.id!r} is already recorded"))
    if not any(e.nomination == objection.nomination for e in notice.entries):
        problems.append(Problem("objection.nomination", f"{objection.nomination!r} is not on the posted list"))
    if not notice.period.start <= objection.received <= notice.period.end:
        problems.append(
            Problem("objection.received", f"received {objection.received}, outside the period {notice.period.start}–{notice.period.end}")
        )
    if not is_visible_text(objection.grounds):
        problems.append(Problem("objection.grounds", "an objection needs its grounds"))
    if problems:
        raise NoticeError(problems)
    return msgspec.structs.replace(notice, objections=[*notice.objections, objection])


def decide_objection(
    honours_round: Round, notice: ProvisionalList, objection_id: str, *, upheld: bool, reason: str, on: date
) -> ProvisionalList:
    """The list after deciding an objection once, with a reason (see the module docstring)."""
    objection = next((o for o in notice.objections if o.id == objection_id), None)
    if objection is None:
        raise NoticeError(Problem("objection", f"no objection {objection_id!r} is recorded"))
    if any(d.objection == objection_id for d in notice.decisions):
        raise NoticeError(Problem("objection", f"objection {objection_id!r} is already decided"))
    if not is_visible_text(reason):
        raise NoticeError(Problem("reason", "a decision needs a reason"))
    decision = Decision(objection=objection_id, upheld=upheld, reason=reason, decided=on)
    entries, reserve = notice.entries, notice.reserve
    target = next((e for e in entries if e.nomination == objection.nomination), None)
    if upheld and target is not None:  # None: an earlier upheld objection already removed it
        entries = [e for e in entries if e is not target]
        decision = msgspec.structs.replace(decision, removed=target.nomination)
        title = honours_round.title(target.title)
        nxt = next((e for e in reserve if e.title == target.title), None)
        if title.freed_place == "next_by_votes" and nxt is not None:
            entries, reserve = [*entries, nxt], [e for e in reserve if e is not nxt]
            decision = msgspec.structs.replace(decision, promoted=nxt.nomination)
    return msgspec.structs.replace(notice, entries=entries, reserve=reserve, decisions=[*notice.decisions, decision])


def finalise(honours_round: Round, notice: ProvisionalList, *, on: date) -> FinalList:
    """Version 1 of the final list, once the period is over and every objection decided."""
    problems = []
    if on <= notice.period.end:
        problems.append(
            Problem("on", f"公示 runs until {notice.period.end}: the list is final from {notice.period.end + timedelta(days=1)}")
        )
    decided = {d.objection for d in notice.decisions}
    problems += [Problem("objections", f"objection {o.id!r} is not decided") for o in notice.objections if o.id not in decided]
    if problems:
        raise NoticeError(problems)
    return FinalList(round=notice.round, year=honours_round.year, version=1, made=on, entries=list(notice.entries))


def revoke_final(final: FinalList, nomination: str, *, reason: str, on: date) -> FinalList:
    """A new version without `nomination`, the revocation recorded; `final` is unchanged."""
    entry = next((e for e in final.entries if e.nomination == nomination), None)
    if entry is None:
        raise NoticeError(Problem("nomination", f"{nomination!r} is not on version {final.version} of the final list"))
    if not is_visible_text(reason):
        raise NoticeError(Problem("reason", "a revocation needs a reason"))
    return FinalList(
        round=final.round,
        year=final.year,
        version=final.version + 1,
        made=on,
        entries=[e for e in final.entries if e is not entry],
        revocations=[*final.revocations, Revocation(entry=entry, reason=reason, on=on)],
    )


def title_awards(final: FinalList) -> list[TitleAward]:
    """The award history's records of a final list: every award ever listed, then the
    revocations, so `contests.titles.import_awards` accepts them in order."""
    listed = [*final.entries, *(r.entry for r in final.revocations)]
    awards = [TitleAward(holder=e.nominee, title=e.title_name, year=final.year) for e in listed]
    revoked = [
        TitleAward(holder=r.entry.nominee, title=r.entry.title_name, year=final.year, revoked=True, revoked_reason=r.reason)
        for r in final.revocations
    ]
    return awards + revoked


__all__ = [
    "Decision",
    "FinalList",
    "ListEntry",
    "NoticePeriod",
    "Objection",
    "ProvisionalList",
    "Revocation",
    "decide_objection",
    "finalise",
    "provisional_list",
    "record_objection",
    "revoke_final",
    "title_awards",
    "working_days",
]
