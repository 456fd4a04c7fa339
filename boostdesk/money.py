"""Exact money in integer fen: conversion, display, 大写, splits between payers and tranches.

Money never passes through float here: amounts are ``int`` fen, inputs are ``int``,
``str`` or ``Decimal``, and every split hands out whole fen that add up exactly. The one
float is a JSON number's text (:func:`yuan_json`), written to the fen.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_FEN_PER_YUAN = 100


def yuan(amount: int | str | Decimal) -> int:
    """Yuan -> fen, exactly. Raises ValueError for a fraction below the fen or an
    unreadable string, TypeError for float (a float is not an exact amount)."""
    if isinstance(amount, bool) or not isinstance(amount, int | str | Decimal):
        raise TypeError(f"yuan() takes int, str or Decimal, not {type(amount).__name__}")
    if isinstance(amount, int):
        return amount * _FEN_PER_YUAN
    try:
        value = Decimal(amount.strip()) if isinstance(amount, str) else amount
    except InvalidOperation:
        raise ValueError(f"not an amount: {amount!r}") from None
    if not value.is_finite():
        raise ValueError(f"not an amount: {amount!r}")
    fen = value * _FEN_PER_YUAN
    if fen != fen.to_integral_value():
        raise ValueError(f"amount has a fraction below the fen: {amount!r}")
    return int(fen)


def format_plain(fen: int) -> str:
    """3000 元 -> "3,000.00"; negative "-3.00"."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), _FEN_PER_YUAN)
    return f"{sign}{whole:,}.{cents:02d}"


def format_yuan(fen: int) -> str:
    """In a column headed 元: whole yuan as "100,000", otherwise to the fen ("50,000.50")."""
    return f"{fen // _FEN_PER_YUAN:,}" if fen % _FEN_PER_YUAN == 0 else format_plain(fen)


def format_yuan_column(fens: Sequence[int]) -> list[str]:
    """A column headed 元, its total among ``fens``: whole yuan when every amount is whole,
    all to the fen otherwise ("100,000.00" over "55,555.55", not "100,000")."""
    if all(f % _FEN_PER_YUAN == 0 for f in fens):
        return [format_yuan(f) for f in fens]
    return [format_plain(f) for f in fens]


def yuan_json(fen: int) -> int | float:
    """An amount in 元 as a JSON number, exact: whole yuan an ``int`` (50000), otherwise the
    figure to the fen (33333.33). ``json`` writes a float as its shortest repr, which for
    fen / 100 is the two-decimal figure itself (below 10^13 元 a neighbouring figure is
    0.01 away, far beyond a float's spacing), so a reader with ``parse_float=Decimal`` gets
    the exact amount; ``int(fen // 100)`` gave 33333 for a tier of ¥33,333.33."""
    if fen % _FEN_PER_YUAN == 0:
        return fen // _FEN_PER_YUAN
    return fen / _FEN_PER_YUAN


def format_money(fen: int) -> str:
    """3000 元 -> "¥3,000.00"; negative "-¥3.00"."""
    plain = format_plain(abs(fen))
    return f"-¥{plain}" if fen < 0 else f"¥{plain}"


# -- 大写 --------------------------------------------------------------------------
_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
# Unit written after position 4k when that group of four digits (or, for 亿, anything
# above it) is not all zero. Position 12 is 万 of 亿: 1,0000,0000,0000 is 壹万亿.
_GROUP_UNITS = {4: "万", 8: "亿", 12: "万"}
DAXIE_LIMIT_FEN = 10**16 * _FEN_PER_YUAN  # 壹万万亿 元: beyond 万亿 groups


def daxie(fen: int, prefix: str = "人民币") -> str:
    """The amount in capital figures for bills and vouchers (正确填写票据和结算凭证的基本规定).

    - Every zero run between non-zero digits of the yuan part is one 零, across 万 and 亿
      too: 1409 壹仟肆佰零玖, 6007 陆仟零柒, 100010 壹拾万零壹拾, 10005000 壹仟万零伍仟.
    - A digit is always written before 拾, also at the head: 壹拾万元整.
    - 整 after 元 only (叁仟元整); never after 角 (壹仟肆佰零玖元伍角) or 分.
    - When the 元 digit is 0 and 角 is not, no 零 (壹仟陆佰捌拾元叁角贰分); when 角 is 0 and
      分 is not, 零 (壹万陆仟肆佰零玖元零贰分). The rules allow either form for the first.
    - Below one yuan there is no 元: 伍角, 伍分; zero is 零元整.
    """
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"daxie() takes int fen, not {type(fen).__name__}")
    if fen < 0:
        raise ValueError("daxie() takes a non-negative amount")
    if fen >= DAXIE_LIMIT_FEN:
        raise ValueError("daxie() handles amounts below 壹万万亿元")
    whole, cents = divmod(fen, _FEN_PER_YUAN)
    jiao, fen_digit = divmod(cents, 10)
    if whole == 0 and cents == 0:
        return f"{prefix}零元整"
    out = _daxie_whole(whole) + "元" if whole else ""
    if cents == 0:
        out += "整"
    elif jiao:
        out += _DIGITS[jiao] + "角" + (_DIGITS[fen_digit] + "分" if fen_digit else "")
    else:
        out += ("零" if whole else "") + _DIGITS[fen_digit] + "分"
    return prefix + out


def signed_daxie(fen: int) -> str:
    """:func:`daxie` of a net that may be below zero (a period whose bank returns exceed
    its transfers): 人民币负壹仟陆佰陆拾陆元陆角陆分, as a red-letter voucher writes it."""
    return daxie(fen) if fen >= 0 else f"人民币负{daxie(-fen, prefix='')}"


def _daxie_whole(number: int) -> str:
    digits = str(number)
    out: list[str] = []
    zero_pending = False
    for index, ch in enumerate(digits):
        position = len(digits) - 1 - index
        d = int(ch)
        if d:
            if zero_pending:
                out.append("零")
                zero_pending = False
            out.append(_DIGITS[d] + _SMALL_UNITS[position % 4])
        else:
            zero_pending = True
        group_unit = _GROUP_UNITS.get(position)
        if group_unit:
            # 亿 stands whenever anything above it is non-zero; 万 only for a non-zero group.
            group = digits[max(0, index - 3): index + 1] if position != 8 else digits[: index + 1]
            if group.strip("0"):
                out.append(group_unit)
    return "".join(out)


# -- splits -------------------------------------------------------------------------
def split_by_ratio(total_fen: int, ratio: Sequence[int]) -> tuple[int, ...]:
    """Split ``total_fen`` in ``ratio`` by largest remainder: whole fen, summing exactly
    to the total. Equal remainders go to the earlier payer (the federation comes first).
    """
    if total_fen < 0:
        raise ValueError("split_by_ratio() takes a non-negative total")
    if not ratio or any(r < 0 for r in ratio) or sum(ratio) <= 0:
        raise ValueError(f"ratio must be non-negative with a positive sum: {tuple(ratio)}")
    whole = sum(ratio)
    parts = [total_fen * r // whole for r in ratio]
    remainders = [total_fen * r % whole for r in ratio]
    leftover = total_fen - sum(parts)
    order = sorted(range(len(ratio)), key=lambda i: (-remainders[i], i))
    for i in order[:leftover]:
        parts[i] += 1
    return tuple(parts)


def _check_shares(shares_percent: Sequence[int | Decimal]) -> tuple[Decimal, ...]:
    if not shares_percent:
        raise ValueError("at least one tranche share is needed")
    shares: list[Decimal] = []
    for share in shares_percent:
        if isinstance(share, bool) or not isinstance(share, int | Decimal):
            raise TypeError(f"tranche shares are int or Decimal, not {type(share).__name__}")
        if share < 0:
            raise ValueError(f"tranche share is negative: {share}")
        shares.append(Decimal(share))
    if sum(shares) != 100:
        raise ValueError(f"tranche shares must sum to 100, not {sum(shares)}")
    return tuple(shares)


def tranche_amounts(total_fen: int, shares_percent: Sequence[int | Decimal]) -> tuple[int, ...]:
    """Amounts of the payment tranches (60 % then 40 %): each tranche is its share rounded
    half-up to the fen, the last takes the remainder.

    Rounding is done on the running total (tranches so far), which gives exactly the
    above for two tranches and never a negative tranche for more.
    """
    if total_fen < 0:
        raise ValueError("tranche_amounts() takes a non-negative total")
    shares = _check_shares(shares_percent)
    out: list[int] = []
    paid = 0
    running = Decimal(0)
    for share in shares[:-1]:
        running += share
        reached = int((total_fen * running / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        out.append(reached - paid)
        paid = reached
    out.append(total_fen - paid)
    return tuple(out)


def payer_tranche_matrix(
    total_fen: int, ratio: Sequence[int], shares_percent: Sequence[int | Decimal]
) -> tuple[tuple[int, ...], ...]:
    """Rows per tranche, columns per payer.

    Row sums are :func:`tranche_amounts`, column sums are :func:`split_by_ratio`, and no
    cell is negative. Each tranche but the last is split by :func:`split_by_ratio` in
    proportion to what each payer still owes; the last tranche is what remains. (Splitting
    each tranche by the plan ratio instead can over-pay a payer by a fen and leave a
    negative cell in the last tranche.)
    """
    tranches = tranche_amounts(total_fen, shares_percent)
    owed = list(split_by_ratio(total_fen, ratio))
    rows: list[tuple[int, ...]] = []
    for amount in tranches[:-1]:
        row = split_by_ratio(amount, owed) if sum(owed) else tuple(0 for _ in owed)
        owed = [o - r for o, r in zip(owed, row, strict=True)]
        rows.append(row)
    rows.append(tuple(owed))
    return tuple(rows)
