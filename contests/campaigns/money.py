"""Money: benefits are exact `Decimal` yuan (as written on a finance sheet), rewards are
integer fen (分, 0.01 yuan), so every sum and split is integer arithmetic.

msgspec cannot put bounds on a Decimal, so `yuan_problem` states the rules in code: finite,
not negative, at most 2 decimal places (a fen is the smallest amount), at most 10^12 yuan.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import msgspec

MAX_YUAN = Decimal(10) ** 12
MAX_FEN = 10**14  # 10^12 yuan: still far inside int64
FEN_PER_YUAN = 100

Fen = Annotated[int, msgspec.Meta(ge=0, le=MAX_FEN)]


def yuan_problem(value: object) -> str | None:
    """Why `value` is not a yuan amount to the fen; None if it is one."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        return f"must be an exact decimal amount in yuan, got {type(value).__name__}"
    value = Decimal(value)
    if not value.is_finite():
        return "must be a finite amount"
    if value < 0:
        return f"must not be negative, got {value}"
    if value > MAX_YUAN:
        return f"is above the limit of {MAX_YUAN:,} yuan"
    if (fen := value * FEN_PER_YUAN) != fen.to_integral_value():
        return f"{value} has more than 2 decimal places (the smallest amount is 1 fen = 0.01 yuan)"
    return None


def yuan_to_fen(value: Decimal | int) -> int:
    """Exact conversion; refuses an amount that is not whole fen (call yuan_problem first)."""
    fen = Decimal(value) * FEN_PER_YUAN
    if fen != fen.to_integral_value():
        raise ValueError(f"{value} yuan is not a whole number of fen")
    return int(fen)


def fen_to_yuan(fen: int) -> Decimal:
    """Integer fen → Decimal yuan with exactly two places (1500 → Decimal('15.00'))."""
    return (Decimal(int(fen)) / FEN_PER_YUAN).quantize(Decimal("0.01"))


def format_yuan(fen: int, grouping: bool = True) -> str:
    """'1,234.56' (or '1234.56'): fen formatted without any float on the way."""
    yuan, cents = divmod(int(fen), FEN_PER_YUAN)
    whole = f"{yuan:,}" if grouping else str(yuan)
    return f"{whole}.{cents:02d}"


__all__ = ["FEN_PER_YUAN", "Fen", "MAX_FEN", "MAX_YUAN", "fen_to_yuan", "format_yuan", "yuan_problem", "yuan_to_fen"]
