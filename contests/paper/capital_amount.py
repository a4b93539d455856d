"""大写金额: an amount in Chinese capital numerals, exact to the fen, as a pay sheet needs it.

Convention: the People's Bank of China rules for filling in bills and settlement vouchers
(《正确填写票据和结算凭证的基本规定》, annex to 《支付结算办法》, 银发〔1997〕393号):

- digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿, then 元角分;
- a leading 1 in the tens keeps its 壹 (10.00 → 壹拾元整, never 拾元整);
- zeros inside the yuan part are written once per run of zeros (6,007.14 → 陆仟零柒元壹角肆分),
  zeros at the end of a group of four are not (107,000.53 → 壹拾万柒仟元伍角叁分);
- the rules leave a 零 after 元 optional when the yuan digit is 0 and the jiao is not; this
  module takes the shorter form (1,680.32 → 壹仟陆佰捌拾元叁角贰分), as in 100,010.50 →
  壹拾万零壹拾元伍角;
- a 零 is required when the jiao is 0 and the fen is not (325.04 → 叁佰贰拾伍元零肆分);
- 整 follows an amount that ends at 元 (1,000,000.00 → 壹佰万元整); after 角 the rules allow
  leaving it out and this module does (0.50 → 伍角); never after 分;
- below one yuan there is no 元 (0.05 → 伍分); nothing at all is 零元整.

`parse_capital` reads this form back (and 正 for 整, and an optional 人民币 prefix), so a
round trip checks the writer; it refuses anything else with ValueError.
"""

from __future__ import annotations

import re
from decimal import Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("", "拾", "佰", "仟")
MAX_FEN = 10**18 - 1  # below 亿亿: the group suffixes below cover it


def capital_amount(fen: int) -> str:
    """Integer fen → 大写金额 ('壹拾万零壹拾元伍角' for 10001050)."""
    if isinstance(fen, bool) or not isinstance(fen, int) or not 0 <= fen <= MAX_FEN:
        raise ValueError(f"amount must be whole fen between 0 and {MAX_FEN}, got {fen!r}")
    yuan, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    text = _yuan_text(yuan) + "元" if yuan else ""
    if jiao:
        text += DIGITS[jiao] + "角"
    elif fen_digit and yuan:
        text += "零"  # the required 零 between 元 and 分
    if fen_digit:
        text += DIGITS[fen_digit] + "分"
    if not cents:
        text = (text or "零元") + "整"
    return text


def capital_yuan(yuan: Decimal | int) -> str:
    """Exact Decimal yuan → 大写金额; refuses amounts that are not whole fen."""
    fen = Decimal(yuan) * 100
    if not fen.is_finite() or fen != fen.to_integral_value():
        raise ValueError(f"{yuan} yuan is not a whole number of fen")
    return capital_amount(int(fen))


def _yuan_text(yuan: int) -> str:
    """The yuan part: groups of four digits with 万/亿 suffixes, one 零 per run of zeros."""
    groups = []
    while yuan:
        yuan, group = divmod(yuan, 10_000)
        groups.append(group)
    text, zero_pending = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(text)
            if index == 2 and text:
                text += "亿"  # 壹万亿: the 亿 of a high 万 group stays even when its own group is empty
            continue
        if text and (zero_pending or group < 1000):
            text += "零"
        text += _group_text(group) + _suffix(index)
        zero_pending = False
    return text


def _suffix(index: int) -> str:
    return ("", "万", "亿", "万")[index]


def _group_text(group: int) -> str:
    """1..9999 without leading zeros: 1010 → 壹仟零壹拾, 10 → 壹拾."""
    text, zero = "", False
    for position in range(3, -1, -1):
        digit = group // 10**position % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += DIGITS[digit] + SMALL_UNITS[position]
    return text


def parse_capital(text: str) -> int:
    """大写金额 → integer fen (the inverse of `capital_amount`). ValueError for anything else."""
    body = text.strip().removeprefix("人民币")
    whole = body.endswith(("整", "正"))
    body = body[:-1] if whole else body
    if not body:
        raise ValueError(f"not a capital amount: {text!r}")
    yuan_part, sep, cents_part = body.partition("元")
    if not sep:
        yuan_part, cents_part = "", body
    if whole and (cents_part.endswith("分") or (not sep and not cents_part.endswith("角"))):
        raise ValueError(f"整 only follows 元 or 角: {text!r}")
    yuan = _parse_yuan(yuan_part, text) if sep else 0
    return yuan * 100 + _parse_cents(cents_part, text)


_CENTS = re.compile("(?:([壹贰叁肆伍陆柒捌玖])角)?(?:(零)?([壹贰叁肆伍陆柒捌玖])分)?")


def _parse_cents(part: str, text: str) -> int:
    match = _CENTS.fullmatch(part)
    if match is None:
        raise ValueError(f"not a capital amount: {text!r}")
    jiao, zero, fen = match.groups()
    if zero and jiao:
        raise ValueError(f"零 between 角 and 分 in {text!r}")
    return (DIGITS.index(jiao) * 10 if jiao else 0) + (DIGITS.index(fen) if fen else 0)


def _parse_yuan(part: str, text: str) -> int:
    if part == "零":
        return 0
    total = section = number = 0
    units = {"拾": 10, "佰": 100, "仟": 1000}
    for char in part:
        if char in DIGITS:
            number = DIGITS.index(char)
        elif char in units:
            if number == 0:
                raise ValueError(f"{char} needs a digit before it in {text!r}")
            section, number = section + number * units[char], 0
        elif char == "万":
            section, number = (section + number) * 10_000, 0
            total, section = total + section, 0
        elif char == "亿":
            total, section, number = (total + section + number) * 10**8, 0, 0
        else:
            raise ValueError(f"{char!r} is not part of a capital amount in {text!r}")
    return total + section + number


__all__ = ["capital_amount", "capital_yuan", "parse_capital"]
