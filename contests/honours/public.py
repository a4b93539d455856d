"""What a 公示 shows, and nothing more: the public copy of the posted list and of the final
list (表彰名单). Names, units and titles only: no employee or team codes, no vote counts, no
objections or their grounds (those stay with the organiser), and for a revocation only that
the title was revoked and when. The public page is plain server-rendered HTML, Chinese first.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date

import msgspec

from contests.honours.notice import FinalList, ListEntry, ProvisionalList


class PublicEntry(msgspec.Struct, kw_only=True, frozen=True):
    title: str
    unit: str
    name: str


class PublicRevocation(msgspec.Struct, kw_only=True, frozen=True):
    title: str
    unit: str
    name: str
    on: date


class PublicNotice(msgspec.Struct, kw_only=True, frozen=True):
    round: str
    start: date
    end: date
    contact: str
    entries: list[PublicEntry]
    ended: bool = False  # the list is final: the 公示 is kept as it last stood


class PublicFinal(msgspec.Struct, kw_only=True, frozen=True):
    round: str
    year: int
    version: int
    made: date
    entries: list[PublicEntry]
    revocations: list[PublicRevocation] = []


def _entry(e: ListEntry, units: Mapping[str, str]) -> PublicEntry:
    return PublicEntry(title=e.title_name, unit=units.get(e.unit, e.unit), name=e.name)


def public_notice(name: str, notice: ProvisionalList, units: Mapping[str, str], *, ended: bool = False) -> PublicNotice:
    p = notice.period
    entries = [_entry(e, units) for e in notice.entries]
    return PublicNotice(round=name, start=p.start, end=p.end, contact=p.contact, entries=entries, ended=ended)


def public_final(name: str, final: FinalList, units: Mapping[str, str]) -> PublicFinal:
    revoked = [
        PublicRevocation(title=r.entry.title_name, unit=units.get(r.entry.unit, r.entry.unit), name=r.entry.name, on=r.on)
        for r in final.revocations
    ]
    return PublicFinal(
        round=name,
        year=final.year,
        version=final.version,
        made=final.made,
        entries=[_entry(e, units) for e in final.entries],
        revocations=revoked,
    )


def notice_page(notice: PublicNotice, lang: str = "zh") -> str:
    """The public 公示 page: the period, the contact for objections and the list by title."""
    zh = lang == "zh"
    t = html.escape
    heading = f"{notice.round}{'拟表彰名单公示' if zh else ': list on public notice'}"
    period = (
        f"公示期：{notice.start}至{notice.end}。如有异议，请在公示期内与{notice.contact}联系。"
        if zh
        else f"Notice period: {notice.start} to {notice.end}. Objections within the period to: {notice.contact}."
    )
    if notice.ended:
        period += "公示已结束，表彰名单已公布。" if zh else " The notice period is over and the final list is published."
    head = ("序号", "荣誉称号", "单位", "姓名（集体名称）") if zh else ("No.", "Title", "Unit", "Name")
    rows = "".join(
        f"<tr><td>{i}</td><td>{t(e.title)}</td><td>{t(e.unit)}</td><td>{t(e.name)}</td></tr>" for i, e in enumerate(notice.entries, 1)
    )
    return (
        f'<!DOCTYPE html><html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{t(heading)}</title></head>'
        f"<body><main><h1>{t(heading)}</h1><p>{t(period)}</p><table><thead><tr>"
        + "".join(f"<th>{t(h)}</th>" for h in head)
        + f"</tr></thead><tbody>{rows}</tbody></table></main></body></html>"
    )


__all__ = ["PublicEntry", "PublicFinal", "PublicNotice", "PublicRevocation", "notice_page", "public_final", "public_notice"]
