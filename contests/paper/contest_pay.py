"""Pay lines of a contest's prize money (竞赛奖金): one line per winner and paid award or title
of a published snapshot, at the amounts the event's definition declares (`Event.prizes`,
`contests.prizes`). The pay sheet itself (PDF, XLSX, 大写金额, totals) is `pay_sheet`."""

from __future__ import annotations

from contests.paper.pay_sheet import PayLine
from contests.prizes import Prizes, prize_fen
from contests.results.standings import Standings


def event_pay_lines(standings: Standings, prizes: Prizes) -> list[PayLine]:
    """In rank order: a winner's award first, then each paid title; unpaid ones left out."""
    lines = []
    for row in standings.rows:
        for paid in (row.award, *row.titles):
            fen = prize_fen(prizes, paid)
            if fen:
                lines.append(
                    PayLine(
                        name=row.name or row.blind_code, employee_no=row.employee_no or "", unit=row.unit or "",
                        item=standings.event_name, grade=paid or "", amount_fen=fen,
                    )
                )  # fmt: skip
    return lines


__all__ = ["event_pay_lines"]
