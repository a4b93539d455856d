"""Small honours rounds built in Python for the pure-domain tests."""

from __future__ import annotations

from datetime import date

from contests.honours import Committee, Member, Nomination, Round, ShareOfPresent, Title, Unit


def committee(n: int = 9, units: dict[str, str] | None = None, **kw) -> Committee:
    units = units or {}
    return Committee(members=[Member(code=f"M{i}", name=f"委员{i}", unit=units.get(f"M{i}")) for i in range(1, n + 1)], **kw)


def title(**kw) -> Title:
    base = dict(id="advanced-individual", name="先进个人", kind="individual", quota=3, voting=ShareOfPresent())
    return Title(**(base | kw))


def round_(titles: list[Title] | None = None, units: list[Unit] | None = None, comm: Committee | None = None, **kw) -> Round:
    units = units or [
        Unit(code="U1", name="一厂", headcount=600),
        Unit(code="U2", name="二厂", headcount=300),
        Unit(code="U3", name="三厂", headcount=100),
    ]
    base = dict(
        id="r2026",
        name="2026年度评比",
        year=2026,
        reference_date=date(2026, 12, 31),
        units=units,
        titles=titles or [title()],
        committee=comm or committee(),
    )
    return Round(**(base | kw))


def nomination(i: int, unit: str = "U1", title_id: str = "advanced-individual") -> Nomination:
    return Nomination(id=f"N{i}", title=title_id, unit=unit, nominee=f"E{i}", record="爱岗敬业，事迹突出。")
