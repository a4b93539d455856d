"""Words of the published outputs in Chinese (the default) and English.

CSV, XLSX and the HTML page all take their headers and fixed words from here, so the three
outputs never disagree on what a column is called.
"""

from __future__ import annotations

from typing import Literal

from scoring.errors import RuleError

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

_WORDS: dict[str, tuple[str, str]] = {
    "rank": ("名次", "Rank"),
    "blind_code": ("检录号", "Code"),
    "name": ("姓名", "Name"),
    "unit": ("单位", "Unit"),
    "team": ("代表队", "Team"),
    "total": ("总分", "Total"),
    "award": ("奖项", "Award"),
    "titles": ("称号", "Titles"),
    "medal": ("奖牌", "Medal"),
    "standardised": ("标准分", "Standardised score"),
    "note": ("备注", "Note"),
    "event": ("赛项", "Event"),
    "score": ("成绩", "Score"),
    "members_counted": ("计分人数", "Members counted"),
    "members": ("计分选手", "Counted members"),
    "disqualified": ("取消资格", "Disqualified"),
    "awards_sheet": ("获奖名单", "Award list"),
    "award_list": ("获奖名单", "Award list"),
    "ranking": ("成绩排名", "Ranking"),
    "team_ranking": ("团体成绩", "Team results"),
    "breakdowns": ("成绩明细", "Score breakdowns"),
    "explanation": ("成绩说明（JSON）", "Explanation (JSON)"),
    "draws": ("抽签记录", "Recorded draws"),
    "provisional": ("暂定成绩（未发布）", "Provisional results (not published)"),
    "snapshot": ("第{n}次发布", "Publication no. {n}"),
    "version": ("规则版本 {v}", "definition version {v}"),
    "computed_at": ("计算时间", "Computed at"),
    "blind": ("未解密：仅显示检录号", "Not yet unblinded: codes only"),
    "module": ("模块", "Module"),
    "weight": ("权重", "Weight"),
    "raw": ("原始分", "Raw"),
    "scaled": ("折算分", "Scaled"),
    "weighted": ("加权分", "Weighted"),
    "section": ("评分项目", "Section"),
    "max": ("满分", "Max"),
    "deductions": ("扣分", "Deductions"),
    "vetoes": ("否决项", "Vetoes fired"),
    "capped": ("已达扣分上限", "cap reached"),
    "vetoed": ("被否决", "vetoed"),
    "not_passed": ("未达及格线", "below pass mark"),
    "decided_by": ("名次依据", "Decided by"),
    "rounding": ("保留{p}位小数", "{p} decimal places"),
    "place": ("第{p}名", "place {p}"),
    "seed": ("种子", "seed"),
    "none": ("无", "none"),
    "other_lang": ("English", "中文"),
    "gold": ("金牌", "Gold"),
    "silver": ("银牌", "Silver"),
    "bronze": ("铜牌", "Bronze"),
    "medallion": ("优胜奖", "Medallion for Excellence"),
    "list_sep": ("、", "; "),
}


def check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise RuleError.at("lang", f"must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang  # type: ignore[return-value]


def word(key: str, lang: Lang, **fmt: object) -> str:
    text = _WORDS[key][LANGS.index(lang)]
    return text.format(**fmt) if fmt else text


def words(lang: Lang) -> dict[str, str]:
    """Every word in one language (templates read them by key)."""
    return {k: v[LANGS.index(lang)] for k, v in _WORDS.items()}


def pick(zh: str, en: str | None, lang: Lang) -> str:
    """A bilingual name in `lang`; an English name left empty falls back to the Chinese."""
    return en if lang == "en" and en else zh
