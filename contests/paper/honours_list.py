"""The printed honours lists (评比表彰): the 公示 list while the 公示 runs (拟表彰名单公示) and
the final commendation list (表彰名单), on A4 with the common layout (`printed_list`): title
block with the list's version and when it was made, the table, the 公示 line (the 公示 only)
and the signature lines of the review committee and the union.

It prints what the public copies show (`contests.honours.public`): title, name and unit of
each listed nominee, and for a revoked title only that it was revoked and when. Never a
nominee's code, a vote count or an objection: a notice board is public.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import Protocol

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from contests.paper.document import printed_list, style
from contests.paper.heading import Heading, Notice, chinese_date
from contests.paper.table import PrintTable

HONOURS_SIGNERS = ("评审委员会", "工会")
HEADERS = ("序号", "荣誉称号", "姓名（集体名称）", "单位")  # the public 公示 page's words


class Entry(Protocol):
    title: str
    name: str
    unit: str  # the unit's name


class Revoked(Entry, Protocol):
    on: dt.date


def honours_table(entries: Sequence[Entry]) -> PrintTable:
    """One row per listed nominee in the list's order, numbered from 1."""
    rows = tuple((str(k), e.title, e.name, e.unit) for k, e in enumerate(entries, start=1))
    return PrintTable(headers=HEADERS, rows=rows, numeric=frozenset({0}))


def revocation_lines(revoked: Sequence[Revoked]) -> list[Flowable]:
    """'已撤销：一厂 职工甲 先进个人称号（2027年1月5日撤销）', one paragraph each, above the
    table (a Paragraph reads markup: the names are escaped)."""
    if not revoked:
        return []
    texts = (f"已撤销：{r.unit} {r.name} {r.title}称号（{chinese_date(r.on)}撤销）" for r in revoked)
    lines: list[Flowable] = [Paragraph(html.escape(t, quote=False), style(10)) for t in texts]
    return [*lines, Spacer(1, 3 * mm)]


def notice_list_pdf(round_name: str, table: PrintTable, *, organiser: str, version: int, made_at: dt.datetime, notice: Notice) -> bytes:
    """The 公示 as posted (its `version`: a new one per objection recorded or decided)."""
    heading = Heading(
        organiser=organiser, title=f"{round_name}拟表彰名单公示", subtitle=f"第{version}版", published_at=made_at, notice=notice,
        signers=HONOURS_SIGNERS,
    )  # fmt: skip
    return printed_list(heading, table)


def final_list_pdf(
    round_name: str, table: PrintTable, *, organiser: str, version: int, made_at: dt.datetime, revoked: Sequence[Revoked] = ()
) -> bytes:
    """The final list's `version` (1 when finalised, n+1 per revocation); no 公示 line: the
    公示 is over."""
    heading = Heading(
        organiser=organiser, title=f"{round_name}表彰名单", subtitle=f"第{version}版", published_at=made_at, signers=HONOURS_SIGNERS
    )
    return printed_list(heading, table, notice=False, before=revocation_lines(revoked))


__all__ = ["HONOURS_SIGNERS", "final_list_pdf", "honours_table", "notice_list_pdf", "revocation_lines"]
