"""The award history (荣誉记录): an append-only list of `TitleAward` records.

- `import_awards` appends past titles (a spreadsheet of earlier years, another round's
  final list). All or nothing: every problem is reported with its index, nothing is added.
- `revoke` appends a revocation: the same holder, title and year, `revoked=True` and a
  reason. The award record stays; the newest record of a key decides.
- `standing` is what the history says today: the newest record per (holder, title, year),
  revoked ones included so a caller can show them.

Rules of the history, all refused with `TitleHistoryError` naming the record:
an award whose key already stands (awarded and not revoked) is a duplicate; a revocation
needs a visible reason and a standing award to revoke; an award record carries no reason.
A title revoked and then awarded again in the same year is allowed (a new record).
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from contests.fields import is_visible_text, validation_problem
from contests.titles.errors import Problem, TitleHistoryError
from contests.titles.records import TitleAward


class TitleHistory(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Every award and revocation, oldest first. Never edited: each change is a new value."""

    records: list[TitleAward] = []

    def standing(self) -> dict[tuple[str, str, int], TitleAward]:
        """The newest record per (holder, title, year)."""
        newest: dict[tuple[str, str, int], TitleAward] = {}
        for record in self.records:
            newest[record.key] = record
        return newest

    def awards(self) -> list[TitleAward]:
        """The titles that stand (awarded, not revoked), oldest first."""
        return [r for r in self.standing().values() if not r.revoked]


def import_awards(history: TitleHistory, awards: Iterable[TitleAward], path: str = "awards") -> TitleHistory:
    """The history with `awards` appended, or TitleHistoryError listing every bad record."""
    awards = list(awards)
    standing = history.standing()
    problems: list[Problem] = []
    for i, record in enumerate(awards):
        where = f"{path}[{i}]"
        found = _record_problems(record, standing, where)
        problems += found
        if not found:
            standing[record.key] = record
    if problems:
        raise TitleHistoryError(problems)
    return TitleHistory(records=[*history.records, *awards])


def revoke(history: TitleHistory, holder: str, title: str, year: int, reason: str) -> TitleHistory:
    """The history with the revocation of (holder, title, year) appended."""
    record = TitleAward(holder=holder, title=title, year=year, revoked=True, revoked_reason=reason)
    return import_awards(history, [record], path="revocation")


def _record_problems(record: TitleAward, standing: dict, where: str) -> list[Problem]:
    try:  # Structs built in Python skip msgspec's bounds; a round trip applies them
        msgspec.convert(msgspec.to_builtins(record), TitleAward)
    except msgspec.ValidationError as exc:
        return [Problem(*validation_problem(exc, where))]
    current = standing.get(record.key)
    stands = current is not None and not current.revoked
    label = f"{record.title} {record.year} of {record.holder}"
    if not record.revoked:
        if record.revoked_reason is not None:
            return [Problem(f"{where}.revoked_reason", "an award record carries no revocation reason")]
        if stands:
            return [Problem(where, f"{label} is already on record")]
        return []
    if record.revoked_reason is None or not is_visible_text(record.revoked_reason):
        return [Problem(f"{where}.revoked_reason", "a revocation needs a reason")]
    if not stands:
        why = "was already revoked" if current is not None else "was never awarded"
        return [Problem(where, f"cannot revoke {label}: it {why}")]
    return []


__all__ = ["TitleHistory", "import_awards", "revoke"]
