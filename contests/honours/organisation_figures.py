"""The figures biwu holds for one unit in 优秀组织奖 computed from its own data: what the
title's skills contest and labour competition say about the unit, shown beside the
computation so each term can be traced to the figures it came from. Pure: no database.

- participation: competitors registered by the unit in the contest (or, when the title names
  no contest, the declared headcount `employees` of the unit's teams in the labour
  competition: never both, a person in both would count twice), over the unit's headcount
  in the honours round (the one its quotas are shared by);
- results: the awards the unit's competitors hold in the contest's latest published
  snapshot of each event, by award name (weighted by the formula's `award_weights`);
- registration on time: the unit registered someone, and none of its competitors was
  registered after their event's draw (`contests.after_draw`; biwu keeps no registration
  deadline apart from the draw);
- reporting on time: every report of the unit's labour participants for a period whose
  deadline is on or before the round's reference date came in by that deadline (its first
  submission; a report taken after a reopening is late), and none is missing.

A unit the title's contest and competition do not know (not among their units) has no data:
its figures come from the request body if given there (`source="body"`), else it is shown
with nothing (`source="none"`). A term whose source the title does not name scores nothing
(declare its points 0).
"""

from __future__ import annotations

from typing import Literal

import msgspec

from contests.honours.organisation import UnitRecord

Source = Literal["data", "body", "none"]


class UnitFigures(msgspec.Struct, kw_only=True, frozen=True):
    """One unit's figures and where they came from; `notes` say what is missing or assumed."""

    unit: str
    source: Source
    headcount: int
    contest_competitors: int | None = None  # None: the title names no contest
    labour_employees: int | None = None  # None: the title names no labour competition
    awards: dict[str, int] = {}
    registered_after_draw: list[str] = []  # employee numbers
    registered_on_time: bool = False
    reports_due: int = 0
    reports_on_time: int = 0
    reports_late: list[str] = []  # "T-A 2026-01: 迟报3天"
    reports_missing: list[str] = []  # "T-A 2026-02"
    reported_on_time: bool = False
    notes: list[str] = []

    @property
    def competitors(self) -> int:
        return self.contest_competitors if self.contest_competitors is not None else (self.labour_employees or 0)


def record_of(f: UnitFigures) -> UnitRecord:
    """The record the pure computation (`organisation_award`) runs on."""
    return UnitRecord(
        unit=f.unit,
        headcount=f.headcount,
        competitors=f.competitors,
        awards=dict(f.awards),
        registered_on_time=f.registered_on_time,
        reported_on_time=f.reported_on_time,
    )


def from_body(record: UnitRecord) -> UnitFigures:
    """A unit biwu has no data for, with the figures given in the request."""
    return UnitFigures(
        unit=record.unit, source="body", headcount=record.headcount, contest_competitors=record.competitors, awards=dict(record.awards),
        registered_on_time=record.registered_on_time, reported_on_time=record.reported_on_time,
        notes=["biwu 无该单位数据，数字取自请求 / figures given in the request"],
    )  # fmt: skip


def no_data(unit: str, headcount: int) -> UnitFigures:
    return UnitFigures(unit=unit, source="none", headcount=headcount, notes=["所指定的竞赛中无该单位 / not a unit of the named contest"])


def reporting_on_time(late: list[str], missing: list[str], participants: int) -> bool:
    """On time: the unit takes part, and every report due came in by its deadline."""
    return participants > 0 and not late and not missing


def registration_on_time(competitors: int, after_draw: list[str]) -> bool:
    return competitors > 0 and not after_draw


__all__ = ["Source", "UnitFigures", "from_body", "no_data", "record_of", "registration_on_time", "reporting_on_time"]
