"""The printed five-smalls award list (获奖名单公示): the columns the campaign's public
notice declares (`contests.campaigns.export`), never an employee number."""

from __future__ import annotations

import datetime as dt

from contests.campaigns.award_list import AwardList
from contests.campaigns.definition import PublicNotice
from contests.campaigns.export import COLUMNS, headers, hidden_columns, rows
from contests.paper.document import printed_list
from contests.paper.heading import Heading, Notice
from contests.paper.table import PrintTable

NEVER_PRINTED = "employee_no"  # a notice board is public
NUMERIC = frozenset({"place", "score", "benefit", "reward", "share", "amount"})
AWARD_SIGNERS = ("评审委员会", "组委会")


def award_table(award_list: AwardList, notice: PublicNotice) -> PrintTable:
    """One row per proposer's part, in the columns `notice` shows, employee numbers left out."""
    hidden = hidden_columns(notice)
    shown = [key for key, _, _ in COLUMNS if key not in hidden]
    keep = [k for k, key in enumerate(shown) if key != NEVER_PRINTED]
    titles, lines = headers("zh", notice=notice), rows(award_list, "zh", notice=notice)
    return PrintTable(
        headers=tuple(titles[k] for k in keep),
        rows=tuple(tuple(line[k] for k in keep) for line in lines),
        numeric=frozenset(i for i, k in enumerate(keep) if shown[k] in NUMERIC),
    )


def award_list_pdf(
    award_list: AwardList, notice: PublicNotice, *, organiser: str, published_at: dt.datetime | None, period: Notice | None = None
) -> bytes:
    heading = Heading(
        organiser=organiser, title=f"{award_list.name}获奖名单公示", published_at=published_at, notice=period, signers=AWARD_SIGNERS
    )
    return printed_list(heading, award_table(award_list, notice))


__all__ = ["award_list_pdf", "award_table"]
