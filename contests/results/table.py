"""The ranking table of one event as columns: one definition shared by CSV, XLSX and HTML,
so the three outputs show the same columns with the same values.

A cell is an int (rank), an exact score as integer units with its places, text, or None
(blank). Each output turns score cells into its own form: decimal text, or a spreadsheet
number with a format showing exactly the declared places.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, NamedTuple

from contests.results.labels import Lang, pick, word
from contests.results.standings import STANDARDISED_PLACES, StandingRow, Standings

Kind = Literal["int", "score", "text"]
Cell = int | str | None


class Column(NamedTuple):
    key: str
    header: str
    kind: Kind
    places: int  # for score columns
    value: Callable[[StandingRow], Cell]


def columns(s: Standings, lang: Lang) -> list[Column]:
    cols = [
        Column("rank", word("rank", lang), "int", 0, lambda r: r.rank or None),
        Column("blind_code", word("blind_code", lang), "text", 0, lambda r: r.blind_code),
        Column("name", word("name", lang), "text", 0, lambda r: r.name),
        Column("unit", word("unit", lang), "text", 0, lambda r: r.unit),
        Column("team", word("team", lang), "text", 0, lambda r: r.team),
    ]
    for k, m in enumerate(s.modules):
        cols.append(Column(f"modules.{m.id}", pick(m.name, m.name_en, lang), "score", s.places, _module_value(k)))
    cols += [
        Column("total", word("total", lang), "score", s.places, lambda r: r.total_units),
        Column("award", word("award", lang), "text", 0, lambda r: r.award_en if lang == "en" else r.award),
        Column("titles", word("titles", lang), "text", 0, _titles(lang)),
    ]
    if any(r.medal for r in s.rows):
        cols.append(Column("medal", word("medal", lang), "text", 0, lambda r: word(r.medal, lang) if r.medal else None))
    if any(r.standardised_centi is not None for r in s.rows):
        cols.append(Column("standardised", word("standardised", lang), "score", STANDARDISED_PLACES, lambda r: r.standardised_centi))
    cols.append(Column("decided_by", word("decided_by", lang), "text", 0, lambda r: r.decided_by_en if lang == "en" else r.decided_by))
    return cols


def _module_value(k: int) -> Callable[[StandingRow], Cell]:
    return lambda r: r.module_units[k]


def _titles(lang: Lang) -> Callable[[StandingRow], Cell]:
    sep = word("list_sep", lang)
    return lambda r: sep.join(r.titles_en if lang == "en" else r.titles) or None
