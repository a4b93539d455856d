"""Award list exports: JSON (the AwardList Struct as is), CSV (UTF-8 with BOM so Excel opens
the Chinese right), XLSX (xlsxwriter) and a public HTML page (jinja2, Chinese by default,
English with lang="en").

CSV and XLSX hold one row per proposer's part (a reward split among three proposers is
three rows), with the submission's columns repeated, because that is the sheet finance pays
from. Money is written from integer fen: the CSV as exact decimal text, the XLSX as numbers
with a 0.00 format (every fen amount below 10^13 round-trips through a double exactly to
the fen). The public page shows names and amounts, never employee numbers.
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
from contests.campaigns.money import format_yuan

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
        "yuan": "元",
        "lang_switch": "English",
        "colon": "：",
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
        "yuan": "yuan",
        "lang_switch": "中文",
        "colon": ": ",
    },
}


def _check_lang(lang: str) -> None:
    if lang not in TEXT:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")


def to_json(award_list: AwardList) -> bytes:
    return msgspec.json.encode(award_list)


def headers(lang: Lang = "zh") -> list[str]:
    _check_lang(lang)
    return [zh if lang == "zh" else en for _, zh, en in COLUMNS]


def _percent(bp: int) -> str:
    return f"{bp // 100}.{bp % 100:02d}"


def _yuan(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def rows(award_list: AwardList, lang: Lang = "zh") -> list[list[str]]:
    """The table as text cells, one row per proposer's part (exact decimals)."""
    _check_lang(lang)
    return [_row(e, s, lang) for e in award_list.entries for s in e.shares]


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


def to_csv(award_list: AwardList, lang: Lang = "zh") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers(lang))
    writer.writerows(rows(award_list, lang))
    return out.getvalue().encode("utf-8-sig")  # the BOM: Excel reads UTF-8 only with it


_NUMERIC = {"score", "benefit", "reward", "share", "amount", "place"}


def to_xlsx(award_list: AwardList, lang: Lang = "zh") -> bytes:
    import xlsxwriter  # deferred: only XLSX exports pay for the import

    _check_lang(lang)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    money = book.add_format({"num_format": "0.00"})
    text = book.add_format({"num_format": "@"})
    sheet = book.add_worksheet("获奖名单" if lang == "zh" else "Awards")
    for col, title in enumerate(headers(lang)):
        sheet.write_string(0, col, title, head)
    keys = [k for k, _, _ in COLUMNS]
    for r, cells in enumerate(rows(award_list, lang), start=1):
        for col, (key, cell) in enumerate(zip(keys, cells)):
            if key in _NUMERIC and cell != "":
                sheet.write_number(r, col, float(cell), None if key == "place" else money)
            else:
                sheet.write_string(r, col, cell, text)  # codes keep leading zeros
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, len(keys) - 1, 16)
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.repeat_rows(0)
    sheet.set_header(f"&C{award_list.name} {TEXT[lang]['title']}")
    _summary_sheet(book, award_list, lang, head, money)
    book.close()
    return buffer.getvalue()


def _summary_sheet(book, award_list: AwardList, lang: str, head, money) -> None:
    t = TEXT[lang]
    sheet = book.add_worksheet(t["summary"])
    for col, title in enumerate((t["grade"], t["count"], t["requested"], t["paid"])):
        sheet.write_string(0, col, title, head)
    for r, g in enumerate(award_list.grades, start=1):
        sheet.write_string(r, 0, g.name if lang == "zh" else (g.name_en or g.name))
        sheet.write_number(r, 1, g.count)
        sheet.write_number(r, 2, g.requested_fen / 100, money)
        sheet.write_number(r, 3, g.paid_fen / 100, money)
    total = len(award_list.grades) + 1
    sheet.write_string(total, 0, t["total"], head)
    sheet.write_number(total, 1, len(award_list.entries))
    sheet.write_number(total, 2, award_list.budget.requested_fen / 100, money)
    sheet.write_number(total, 3, award_list.total_paid_fen / 100, money)
    sheet.set_column(0, 3, 18)


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
    return env


def to_html(award_list: AwardList, lang: Lang = "zh") -> str:
    """The public award page: mobile-friendly, printable, Chinese unless lang="en"."""
    _check_lang(lang)
    template = _environment().get_template("award_list.html")
    return template.render(
        award=award_list,
        t=TEXT[lang],
        lang=lang,
        category=lambda code: category_label(code, lang),
        grade_name=lambda name, name_en: name if lang == "zh" else (name_en or name),
    )


__all__ = ["COLUMNS", "Lang", "headers", "rows", "to_csv", "to_html", "to_json", "to_xlsx"]
