"""Prize money (奖金) of a contest event: an amount in yuan per award tier or title, declared in
the event's definition (`Event.prizes`), e.g. in TOML

    [events.prizes]
    "一等奖" = 3000
    "二等奖" = 1500.50
    "技术能手" = 500

Amounts are exact decimals to the fen, under the rules five-smalls rewards follow
(`contests.campaigns.money`: finite, not negative, at most 2 places, at most 10^12 yuan; stated
again here because contests.campaigns builds on contests.definition, which imports this); a
key must name a tier or a title of the event's own award rules, so a typo cannot leave a
winner unpaid. No prizes (the default) means the event pays nothing: existing definitions
decode unchanged. The pay sheet (奖金发放表) reads the amounts of the definition version a
published snapshot was scored with.
"""

from __future__ import annotations

from decimal import Decimal

from scoring.awards import AwardPolicy
from scoring.errors import Problem

MAX_PRIZES = 50
MAX_YUAN = Decimal(10) ** 12
FEN_PER_YUAN = 100

Prizes = dict[str, Decimal]  # award tier or title name → yuan


def amount_problem(amount: Decimal) -> str | None:
    """Why `amount` is not a prize in yuan to the fen; None if it is one."""
    if not amount.is_finite():
        return "the prize must be a finite amount"
    if amount < 0:
        return f"the prize must not be negative, got {amount}"
    if amount > MAX_YUAN:
        return f"the prize is above the limit of {MAX_YUAN:,} yuan"
    if (fen := amount * FEN_PER_YUAN) != fen.to_integral_value():
        return f"the prize {amount} has more than 2 decimal places (the smallest amount is 1 fen = 0.01 yuan)"
    return None


def prize_problems(prizes: Prizes, awards: AwardPolicy | None, path: str) -> list[Problem]:
    """Each prize names a tier or title of `awards` and is a yuan amount to the fen; problems at
    `{path}.prizes.{name}`."""
    known = [t.name for t in awards.tiers] + [t.name for t in awards.titles] if awards else []
    problems = []
    if len(prizes) > MAX_PRIZES:
        problems.append(Problem(f"{path}.prizes", f"at most {MAX_PRIZES} prizes, got {len(prizes)}"))
    for name, amount in prizes.items():
        where = f"{path}.prizes.{name}"
        if name not in known:
            listed = "、".join(known) or "none: declare rules.awards first"
            problems.append(Problem(where, f"{name!r} is neither an award tier nor a title of this event (known: {listed})"))
        if why := amount_problem(amount):
            problems.append(Problem(where, why))
    return problems


def prize_fen(prizes: Prizes, name: str | None) -> int:
    """The prize of an award or title in whole fen (validated amounts); 0 when it has none."""
    if not name or name not in prizes:
        return 0
    return int(prizes[name] * FEN_PER_YUAN)


__all__ = ["MAX_PRIZES", "Prizes", "amount_problem", "prize_fen", "prize_problems"]
