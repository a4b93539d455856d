"""Exact decimal text for integer score units (10**-places), and back.

Published scores are integers in units of 10**-places (what the engine ranks on), so every
output writes them through this one integer-only conversion: no float ever decides a printed
digit, and "87.50" read back is exactly 8750 units again.
"""

from __future__ import annotations

from scoring.errors import RuleError


def units_text(units: int, places: int) -> str:
    """8750, 2 → "87.50"; 5, 2 → "0.05"; -5, 1 → "-0.5"; 87, 0 → "87"."""
    sign = "-" if units < 0 else ""
    whole, frac = divmod(abs(int(units)), 10**places)
    return f"{sign}{whole}.{frac:0{places}d}" if places else f"{sign}{whole}"


def text_units(text: str, places: int) -> int:
    """The inverse of units_text: "87.5", 2 → 8750. Refuses more digits than `places`
    rather than rounding them away."""
    s = text.strip()
    sign = -1 if s.startswith("-") else 1
    whole, _, frac = (s[1:] if s[:1] in ("+", "-") else s).partition(".")
    if not (whole.isdigit() or (whole == "" and frac)) or (frac and not frac.isdigit()):
        raise RuleError.at("value", f"{text!r} is not a decimal number")
    if len(frac) > places:
        raise RuleError.at("value", f"{text!r} has more than {places} decimal places")
    return sign * (int(whole or "0") * 10**places + int(frac.ljust(places, "0") or "0"))


def number_format(places: int) -> str:
    """Spreadsheet number format showing exactly `places` decimals: 2 → "0.00"."""
    return "0." + "0" * places if places else "0"
