"""The records of the award history: a title awarded (or revoked) and a safety accident.

`TitleAward` is one line of the append-only history. An award is a record with
`revoked=False`; its revocation (撤销称号) is a *later* record with the same holder, title
and year, `revoked=True` and a reason. The earlier record is never changed or removed: the
newest record of a (holder, title, year) says whether the title stands.

Holders are codes: an employee number for a person, a team or unit code for a collective;
the history does not care which. Titles are their names as published (工人先锋号, 安康杯
优胜单位, 先进个人…), compared exactly.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from contests.fields import FREE_TEXT_PATTERN, Code, Name

Year = Annotated[int, msgspec.Meta(ge=1949, le=2100)]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=2000, pattern=FREE_TEXT_PATTERN)]
AccidentKind = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class TitleAward(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """A title awarded to `holder` in `year`, or (revoked=True) its revocation with a reason."""

    holder: Code
    title: Name
    year: Year
    revoked: bool = False
    revoked_reason: Reason | None = None

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.holder, self.title, self.year)


class Accident(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A safety accident (安全事故) charged to `holder` in `year`; `kind` as recorded
    (e.g. 轻伤, 重伤, 死亡, 火灾)."""

    holder: Code
    year: Year
    kind: AccidentKind


__all__ = ["Accident", "AccidentKind", "Reason", "TitleAward", "Year"]
