"""The shared award history (荣誉记录) and the bars it puts on a title. Pure: no database.

Used by honours rounds (`contests.honours`) and labour competitions (安康杯, 工人先锋号).

Records (records.py)::

    TitleAward(holder="E1001", title="工人先锋号", year=2022)            # an award
    TitleAward(holder="E1001", title="工人先锋号", year=2022,
               revoked=True, revoked_reason="事迹失实")                   # its revocation
    Accident(holder="T-07", year=2024, kind="轻伤")

History (history.py): append-only; the newest record of (holder, title, year) decides::

    history = import_awards(TitleHistory(), past_titles)     # all or nothing, TitleHistoryError
    history = revoke(history, "E1001", "工人先锋号", 2022, "事迹失实")
    history.awards()                                          # titles that stand

Bars (bars.py), many holders at once::

    check_bars(["E1001", "E1002"], 2026, title="工人先锋号", history=history,
               accidents=accidents, cooldown=Cooldown(years=5), accident_bar=AccidentBar(years=3))
    # → {"E1001": Bar(rule="cooldown", year=2022, through=2026, eligible_from=2027, ...),
    #    "E1002": None}

Counting: an N-year rule started in year Y bars Y … Y+N−1 (RULES.md: a title in 2022 with a
5-year cooldown bars through 2026; an accident in Y bars Y … Y+2 for 3 years). A revoked
title does not bar. `cooldown=None` or `accident_bar=None` turns a rule off. The cooldown
counts the same title only; the accident bar counts every accident of the holder (or only
the declared `kinds`).
"""

from contests.titles.bars import AccidentBar, Bar, BarRule, Cooldown, barred_through, check_bars
from contests.titles.errors import TitleHistoryError
from contests.titles.history import TitleHistory, import_awards, revoke
from contests.titles.records import Accident, TitleAward

__all__ = [
    "Accident",
    "AccidentBar",
    "Bar",
    "BarRule",
    "Cooldown",
    "TitleAward",
    "TitleHistory",
    "TitleHistoryError",
    "barred_through",
    "check_bars",
    "import_awards",
    "revoke",
]
