"""The title block and the closing lines of a printed list: organiser (主办单位), title,
snapshot number and date in Beijing time, the 公示 line and the signature lines."""

from __future__ import annotations

import datetime as dt

import msgspec

BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")  # China keeps no daylight saving time
RESULT_SIGNERS = ("裁判长", "监督仲裁", "组委会")
BLANK = "__________"  # a line to fill in by hand when the organiser gave no text


class Notice(msgspec.Struct, frozen=True, kw_only=True):
    """The 公示 period and where objections go."""

    start: dt.date
    end: dt.date
    contact: str


class Heading(msgspec.Struct, frozen=True, kw_only=True):
    organiser: str  # 主办单位; "" prints a blank line to fill in
    title: str
    subtitle: str = ""
    published_at: dt.datetime | None = None
    snapshot: int | None = None
    notice: Notice | None = None
    signers: tuple[str, ...] = RESULT_SIGNERS
    time_label: str = "发布时间"  # what published_at is: 发布时间, 制表时间


def beijing(moment: dt.datetime) -> str:
    """'2026年11月30日 16:05（北京时间）' for an aware datetime."""
    local = moment.astimezone(BEIJING)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}（北京时间）"


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def source_line(heading: Heading) -> str:
    """'主办单位：… · 第3次发布 · 2026年…（北京时间）'."""
    parts = [f"主办单位：{heading.organiser or BLANK}"]
    if heading.snapshot is not None:
        parts.append(f"第{heading.snapshot}次发布")
    if heading.published_at is not None:
        parts.append(f"{heading.time_label}：{beijing(heading.published_at)}")
    return "　".join(parts)


def notice_line(notice: Notice | None) -> str:
    """The 公示 line; without a declared notice, blanks to fill in by hand."""
    if notice is None:
        return f"公示期：{BLANK}至{BLANK}。公示期内如有异议，请向组委会反映，联系方式：{BLANK}。"
    period = f"{chinese_date(notice.start)}至{chinese_date(notice.end)}"
    return f"公示期：{period}。公示期内如有异议，请向组委会反映，联系方式：{notice.contact}。"


__all__ = ["BEIJING", "BLANK", "Heading", "Notice", "RESULT_SIGNERS", "beijing", "chinese_date", "notice_line", "source_line"]
