"""The categories of a five-smalls campaign (五小) and of rationalisation proposals (合理化建议).

Codes are stable ASCII (they appear in URLs, files and statistics keys); labels are what
people read. 合理化建议 follows the same workflow as the five smalls (RULES.md).
"""

from __future__ import annotations

from typing import Literal, get_args

Category = Literal["invention", "creation", "innovation", "design", "suggestion", "rationalisation"]
CATEGORIES: tuple[str, ...] = get_args(Category)

LABELS_ZH = {
    "invention": "小发明",
    "creation": "小创造",
    "innovation": "小革新",
    "design": "小设计",
    "suggestion": "小建议",
    "rationalisation": "合理化建议",
}
LABELS_EN = {
    "invention": "minor invention",
    "creation": "minor creation",
    "innovation": "minor innovation",
    "design": "minor design",
    "suggestion": "minor suggestion",
    "rationalisation": "rationalisation proposal",
}


def category_label(code: str, lang: str = "zh") -> str:
    return (LABELS_EN if lang == "en" else LABELS_ZH).get(code, code)


__all__ = ["CATEGORIES", "Category", "LABELS_EN", "LABELS_ZH", "category_label"]
