"""Exact decimals in and out of the store.

Marks are `Numeric(12, 4)` and times `Numeric(12, 3)`: a value with more places, or too large
for the column, is refused rather than rounded by the database (reject, don't repair).
Values read back carry the column's trailing zeros ("2.0000"); `plain` drops them so the
judge sees what they typed ("2") and JSON never shows an exponent ("1E+2").
"""

from __future__ import annotations

from decimal import Decimal


def plain(value: Decimal) -> Decimal:
    """The same number without trailing zeros or exponent: 2.0000 → 2, 100 → 100."""
    if value == 0:
        return Decimal(0)
    return Decimal(format(value.normalize(), "f"))


def storage_problem(value: Decimal, places: int, what: str = "a mark") -> str | None:
    """Why `value` cannot be stored exactly in a Numeric(12, places) column; None if it can."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return f"{what} must be a finite number"
    limit = Decimal(10) ** (12 - places)
    if abs(value) >= limit:
        return f"{what} must be below {limit} in size, got {plain(value)}"
    if value != value.quantize(Decimal(1).scaleb(-places)):
        return f"{what} has at most {places} decimal places, got {plain(value)}"
    return None


__all__ = ["plain", "storage_problem"]
