"""Award list exports: JSON (the AwardList Struct as is), CSV (UTF-8 with BOM so Excel opens
the Chinese right), XLSX (xlsxwriter) and a public HTML page (jinja2, Chinese by default,
English with lang="en").

CSV and XLSX hold one row per proposer's part (a reward split among three proposers is
three rows), with the submission's columns repeated, because that is the sheet finance pays
from. Money is written from integer fen: the CSV as exact decimal text, the XLSX as numbers
with a 0.00 format (every fen amount below 10^13 round-trips through a double exactly to
the fen). The public page, CSV and XLSX (`notice=` the campaign's `public_notice`) never
show employee numbers, and show the amounts, the verified benefit and the not-awarded list
only as the notice declares; with no notice (finance's pay sheet) every column is there.
Every cell goes through `contests.safe_cells`: a title such as `=HYPERLINK(…)` is text,
never a formula.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Literal

import msgspec

from contests.campaigns.award_list import AwardEntry, AwardList, ShareLine
from contests.campaigns.categories import category_label
from contests.campaigns.definition import PublicNotice
from contests.campaigns.money import format_yuan
from contests.print_setup import print_setup
from contests.safe_cells import SafeCells, csv_row

Lang = Literal["zh", "en"]
TEMPLATES = Path(__file__).resolve().parent / "templates"

COLUMNS = (
    ("place", "序号", "No."),
    ("submission", "成果编号", "Submission"),
    ("title", "成果名称", "Title"),
    ("category", "类别", "Category"),
    ("unit", "单位", "Unit"),
    ("grade", "等级", "Grade"),
    ("score", "评审得分", "Score"),
    ("benefit", "核实年效益（元）", "Verified annual benefit (yuan)"),
    ("reward", "奖金（元）", "Reward (yuan)"),
    ("proposer", "完成人", "Proposer"),
    ("employee_no", "工号", "Employee no."),
    ("share", "分配比例（%）", "Share (%)"),
    ("amount", "个人奖金（元）", "Amount (yuan)"),
)
# the pay sheet's columns that a public list (公示) shows only when its notice declares them;
# the per-proposer block (工号 left blank, 比例, 个人奖金) goes as one with the amounts, so a
# public list with amounts keeps the pay sheet's column places
AMOUNT_COLUMNS = frozenset({"reward", "employee_no", "share", "amount"})
BENEFIT_COLUMNS = frozenset({"benefit"})

TEXT = {
    "zh": {
        "title": "获奖名单",
        "item": "成果名称",
        "year": "年度",
        "grade": "等级",
        "count": "项数",
        "paid": "奖金（元）",
        "requested": "按标准应发（元）",
        "total": "奖金合计",
        "pool": "奖金总额（预算）",
        "rule": "超预算处理",
        "scale_down": "按比例调减",
        "by_grade": "按等级优先",
        "refuse": "不予发放",
        "proposers": "完成人",
        "summary": "奖项汇总",
        "unit": "单位",
        "category": "类别",
        "score": "得分",
        "benefit": "核实年效益（元）",
        "reward": "奖金（元）",
        "none": "暂无获奖成果",
        "not_awarded": "未获奖成果",
        "reasons": "原因",
        "yuan": "元",
        "lang_switch": "English",
        "colon": "：",
        "period": "公示期",
        "to": "至",
        "objections": "公示期内如有异议，请联系",
    },
    "en": {
        "title": "Award list",
        "item": "Title",
        "year": "Year",
        "grade": "Grade",
        "count": "Awards",
        "paid": "Paid (yuan)",
        "requested": "By the reward table (yuan)",
        "total": "Total rewards",
        "pool": "Budget pool",
        "rule": "When over budget",
        "scale_down": "scaled down in proportion",
        "by_grade": "higher grades first",
        "refuse": "refused",
        "proposers": "Proposers",
        "summary": "Summary by grade",
        "unit": "Unit",
        "category": "Category",
        "score": "Score",
        "benefit": "Verified annual benefit (yuan)",
        "reward": "Reward (yuan)",
        "none": "No awards yet",
        "not_awarded": "Not awarded",
        "reasons": "Reasons",
        "yuan": "yuan",
        "lang_switch": "中文",
        "colon": ": ",
        "period": "Public notice period",
        "to": "to",
        "objections": "Objections during the notice period",
    },
}


def _check_lang(lang: str) -> None:
    if lang not in TEXT:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")


def to_json(award_list: AwardList) -> bytes:
    return msgspec.json.encode(award_list)


def hidden_columns(notice: PublicNotice | None) -> frozenset[str]:
    """The column keys a public list leaves out (none for the pay sheet: `notice` None)."""
    if notice is None:
        return frozenset()
    return (frozenset() if notice.show_amounts else AMOUNT_COLUMNS) | (frozenset() if notice.show_benefit else BENEFIT_COLUMNS)


def _shown(notice: PublicNotice | None) -> list[bool]:
    hidden = hidden_columns(notice)
    return [key not in hidden for key, _, _ in COLUMNS]


def headers(lang: Lang = "zh", *, notice: PublicNotice | None = None) -> list[str]:
    _check_lang(lang)
    return [zh if lang == "zh" else en for (_, zh, en), shown in zip(COLUMNS, _shown(notice)) if shown]


def _percent(bp: int) -> str:
    return f"{bp // 100}.{bp % 100:02d}"


def _yuan(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def rows(award_list: AwardList, lang: Lang = "zh", *, notice: PublicNotice | None = None) -> list[list[str]]:
    """The table as text cells, one row per proposer's part (exact decimals)."""
    _check_lang(lang)
    shown = _shown(notice)
    return [[c for c, keep in zip(_row(e, s, lang), shown) if keep] for e in award_list.entries for s in e.shares]


def _row(e: AwardEntry, s: ShareLine, lang: str) -> list[str]:
    return [
        str(e.place),
        e.submission,
        e.title,
        category_label(e.category, lang),
        e.unit_name,
        e.grade_name if lang == "zh" else (e.grade_name_en or e.grade_name),
        "" if e.score is None else str(e.score),
        _yuan(e.verified_benefit_yuan),
        format_yuan(e.reward_fen, grouping=False),
        s.name,
        s.employee_no,
        _percent(s.share_bp),
        format_yuan(s.amount_fen, grouping=False),
    ]


def to_csv(award_list: AwardList, lang: Lang = "zh", *, notice: PublicNotice | None = None) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_row(headers(lang, notice=notice)))
    writer.writerows(csv_row(cells) for cells in rows(award_list, lang, notice=notice))
    return out.getvalue().encode("utf-8-sig")  # the BOM: Excel reads UTF-8 only with it


_NUMERIC = {"score", "benefit", "reward", "share", "amount", "place"}


def to_xlsx(award_list: AwardList, lang: Lang = "zh", *, notice: PublicNotice | None = None) -> bytes:
    import xlsxwriter  # deferred: only XLSX exports pay for the import

    _check_lang(lang)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    cells = SafeCells(book)
    head = cells.style(bold=True, bg_color="#DDEBF7", border=1, text_wrap=True)
    money = cells.style(num_format="0.00")
    text = cells.style(num_format="@")
    sheet = book.add_worksheet("获奖名单" if lang == "zh" else "Awards")
    for col, title in enumerate(headers(lang, notice=notice)):
        cells.text(sheet, 0, col, title, head)
    keys = [k for (k, _, _), shown in zip(COLUMNS, _shown(notice)) if shown]
    for r, line in enumerate(rows(award_list, lang, notice=notice), start=1):
        for col, (key, cell) in enumerate(zip(keys, line)):
            if key in _NUMERIC and cell != "":
                cells.number(sheet, r, col, Decimal(cell), None if key == "place" else money)
            else:
                cells.text(sheet, r, col, cell, text)  # codes keep leading zeros
    sheet.freeze_panes(1, 0)
    lines = [headers(lang, notice=notice), *rows(award_list, lang, notice=notice)]
    print_setup(sheet, title=f"{award_list.name} {TEXT[lang]['title']}", header_row=0, lines=lines)
    _summary_sheet(book, cells, award_list, lang, head, money, amounts=notice is None or notice.show_amounts)
    book.close()
    return buffer.getvalue()


def _summary_sheet(book, cells: SafeCells, award_list: AwardList, lang: str, head, money, *, amounts: bool) -> None:
    """Awards per grade; the requested and paid columns only where amounts are shown."""
    t = TEXT[lang]
    sheet = book.add_worksheet(t["summary"])
    titles = (t["grade"], t["count"], t["requested"], t["paid"]) if amounts else (t["grade"], t["count"])
    for col, title in enumerate(titles):
        cells.text(sheet, 0, col, title, head)
    lines = [(g.name if lang == "zh" else (g.name_en or g.name), g.count, g.requested_fen, g.paid_fen) for g in award_list.grades]
    lines.append((t["total"], len(award_list.entries), award_list.budget.requested_fen, award_list.total_paid_fen))
    for r, (name, count, requested, paid) in enumerate(lines, start=1):
        cells.text(sheet, r, 0, name, head if r == len(lines) else None)
        cells.number(sheet, r, 1, count)
        if amounts:
            cells.number(sheet, r, 2, requested / 100, money)
            cells.number(sheet, r, 3, paid / 100, money)
    print_setup(sheet, title=f"{award_list.name} {t['summary']}", header_row=0, lines=[titles, *([str(v) for v in line] for line in lines)])


def _environment():
    import jinja2  # deferred: only the HTML page needs it

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yuan"] = format_yuan
    env.filters["percent"] = _percent
    env.filters["yuan_text"] = lambda value: "—" if value is None else f"{value:,.2f}"
    return env


def to_html(award_list: AwardList, lang: Lang = "zh", *, notice: PublicNotice | None = None) -> str:
    """The public award page: mobile-friendly, printable, Chinese unless lang="en". It shows
    what `notice` declares (every part of the list when None) and its 公示 period with the
    contact line, if declared; never employee numbers."""
    _check_lang(lang)
    template = _environment().get_template("award_list.html")
    shown = notice or PublicNotice(show_amounts=True, show_benefit=True, show_not_awarded=True)
    return template.render(
        award=award_list,
        t=TEXT[lang],
        lang=lang,
        show={"amounts": shown.show_amounts, "benefit": shown.show_benefit, "not_awarded": shown.show_not_awarded},
        period=shown.period or None,
        category=lambda code: category_label(code, lang),
        grade_name=lambda name, name_en: name if lang == "zh" else (name_en or name),
    )


__all__ = [
    "AMOUNT_COLUMNS",
    "BENEFIT_COLUMNS",
    "COLUMNS",
    "hidden_columns",
    "Lang",
    "headers",
    "rows",
    "to_csv",
    "to_html",
    "to_json",
    "to_xlsx",
]
