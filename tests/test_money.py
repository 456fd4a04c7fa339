"""Exact money: fen conversion, display, 大写 under the bill rules, splits and tranches."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boostdesk.money import (
    DAXIE_LIMIT_FEN,
    daxie,
    format_money,
    format_plain,
    format_yuan,
    payer_tranche_matrix,
    split_by_ratio,
    tranche_amounts,
    yuan,
    yuan_json,
)


# -- yuan -----------------------------------------------------------------------------
@pytest.mark.parametrize(("amount", "fen"), [
    (3000, 300000), ("3000", 300000), ("0.05", 5), (" 12.30 ", 1230), (Decimal("1.10"), 110),
    (Decimal("100000"), 10000000), ("-3", -300), (0, 0),
])
def test_yuan_converts_exactly_to_fen(amount, fen):
    assert yuan(amount) == fen


@pytest.mark.parametrize("amount", ["1.005", Decimal("0.001"), "abc", "", "NaN", "Infinity",
                                    "3,000"])
def test_yuan_refuses_sub_fen_fractions_and_non_numbers(amount):
    with pytest.raises(ValueError):
        yuan(amount)


@pytest.mark.parametrize("amount", [1.5, True, None])
def test_yuan_refuses_float_and_other_types(amount):
    with pytest.raises(TypeError):
        yuan(amount)


# -- display ----------------------------------------------------------------------------
@pytest.mark.parametrize(("fen", "money", "plain"), [
    (300000, "¥3,000.00", "3,000.00"),
    (-300, "-¥3.00", "-3.00"),
    (0, "¥0.00", "0.00"),
    (5, "¥0.05", "0.05"),
    (-5, "-¥0.05", "-0.05"),
    (123456789, "¥1,234,567.89", "1,234,567.89"),
    (10000000, "¥100,000.00", "100,000.00"),
])
def test_money_is_shown_with_thousands_and_two_decimals(fen, money, plain):
    assert format_money(fen) == money
    assert format_plain(fen) == plain


@pytest.mark.parametrize(("fen", "shown"), [
    (10000000, "100,000"), (5000050, "50,000.50"), (5, "0.05"), (0, "0"), (-300, "-3"),
    (-5, "-0.05"),
])
def test_a_yuan_column_drops_zero_fen_and_keeps_any_other(fen, shown):
    assert format_yuan(fen) == shown


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_a_json_figure_in_yuan_is_the_exact_amount(fen):
    """``rank --json``'s ``tier``: whole yuan an int, otherwise written to the fen."""
    import json

    text = json.dumps(yuan_json(fen))
    assert Decimal(text) * 100 == fen
    assert ("." not in text) == (fen % 100 == 0)


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_format_plain_reads_back_to_the_same_fen(fen):
    text = format_plain(fen)
    assert re.fullmatch(r"-?\d{1,3}(,\d{3})*\.\d\d", text)
    assert int(text.replace(",", "").replace(".", "")) == fen
    assert format_money(fen) == ("-¥" if fen < 0 else "¥") + text.lstrip("-")


# -- 大写 -------------------------------------------------------------------------------
DAXIE_CASES = [
    # The examples of 正确填写票据和结算凭证的基本规定, in the form this module chose.
    ("1409.50", "壹仟肆佰零玖元伍角"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),  # the rules also allow …捌拾元零叁角贰分
    ("107000.53", "壹拾万零柒仟元伍角叁分"),  # the second of the rules' two forms
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
    ("325.04", "叁佰贰拾伍元零肆分"),
    # The plan's amounts.
    ("3000", "叁仟元整"),
    ("1500", "壹仟伍佰元整"),
    ("30000", "叁万元整"),
    ("50000", "伍万元整"),
    ("100000", "壹拾万元整"),
    ("10000", "壹万元整"),
    ("20000", "贰万元整"),
    # Below one yuan, zero, small numbers, 拾 at the head.
    ("0", "零元整"),
    ("0.05", "伍分"),
    ("0.50", "伍角"),
    ("0.55", "伍角伍分"),
    ("0.01", "壹分"),
    ("1", "壹元整"),
    ("10", "壹拾元整"),
    ("11", "壹拾壹元整"),
    ("15.50", "壹拾伍元伍角"),
    ("20.20", "贰拾元贰角"),
    ("101", "壹佰零壹元整"),
    ("110", "壹佰壹拾元整"),
    ("1001", "壹仟零壹元整"),
    ("1010", "壹仟零壹拾元整"),
    ("1100", "壹仟壹佰元整"),
    ("1000.01", "壹仟元零壹分"),
    ("1000.10", "壹仟元壹角"),
    # Across 万.
    ("10001", "壹万零壹元整"),
    ("10010", "壹万零壹拾元整"),
    ("10100", "壹万零壹佰元整"),
    ("11000", "壹万壹仟元整"),
    ("100010", "壹拾万零壹拾元整"),
    ("110000", "壹拾壹万元整"),
    ("205000", "贰拾万零伍仟元整"),
    ("1000000.00", "壹佰万元整"),
    ("10005000", "壹仟万零伍仟元整"),
    ("10000001", "壹仟万零壹元整"),
    # Across 亿 and up to 万亿.
    ("100000000", "壹亿元整"),
    ("100000001", "壹亿零壹元整"),
    ("100001000", "壹亿零壹仟元整"),
    ("100010000", "壹亿零壹万元整"),
    ("100100000", "壹亿零壹拾万元整"),
    ("110000000", "壹亿壹仟万元整"),
    ("1050000000", "壹拾亿零伍仟万元整"),
    ("1000000000000", "壹万亿元整"),
    ("1000100000000", "壹万零壹亿元整"),
    ("1000000000001", "壹万亿零壹元整"),
    ("1234567890123.45", "壹万贰仟叁佰肆拾伍亿陆仟柒佰捌拾玖万零壹佰贰拾叁元肆角伍分"),
    ("9999999999999999.99",
     "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
]


@pytest.mark.parametrize(("amount", "words"), DAXIE_CASES)
def test_daxie_follows_the_bill_rules(amount, words):
    assert daxie(yuan(amount)) == "人民币" + words
    assert read_daxie("人民币" + words) == yuan(amount)  # the reader below agrees


def test_daxie_prefix_can_be_changed_or_dropped():
    assert daxie(300000, prefix="") == "叁仟元整"
    assert daxie(5, prefix="") == "伍分"
    assert daxie(300000, prefix="金额：") == "金额：叁仟元整"


def test_daxie_writes_zheng_after_yuan_only():
    assert daxie(yuan("1409.50")).endswith("伍角")
    assert daxie(yuan("1409")).endswith("元整")
    assert daxie(yuan("1409.55")).endswith("伍分")


@pytest.mark.parametrize(("fen", "error"), [
    (-1, ValueError), (DAXIE_LIMIT_FEN, ValueError), (True, TypeError), (Decimal(3), TypeError),
])
def test_daxie_refuses_negative_huge_and_non_int(fen, error):
    with pytest.raises(error):
        daxie(fen)


def test_daxie_handles_the_largest_amount_below_its_limit():
    assert read_daxie(daxie(DAXIE_LIMIT_FEN - 1)) == DAXIE_LIMIT_FEN - 1


# An independent reader of capital amounts: if daxie wrote the wrong digit or unit, the
# amount read back differs.
_DX = {ch: i for i, ch in enumerate("零壹贰叁肆伍陆柒捌玖")}
_SMALL = {"拾": 10, "佰": 100, "仟": 1000}


def read_daxie(text: str, prefix: str = "人民币") -> int:
    assert text.startswith(prefix)
    body = text[len(prefix):]
    body = body.removesuffix("整")
    whole_text, _, cents_text = body.rpartition("元") if "元" in body else ("", "", body)
    cents = re.fullmatch(r"零?(?:([壹贰叁肆伍陆柒捌玖])角)?零?(?:([壹贰叁肆伍陆柒捌玖])分)?",
                         cents_text)
    assert cents, text
    jiao = _DX[cents.group(1)] if cents.group(1) else 0
    fen = _DX[cents.group(2)] if cents.group(2) else 0
    return _read_whole(whole_text) * 100 + jiao * 10 + fen


def _read_whole(text: str) -> int:
    yi = wan = section = digit = 0
    for ch in text:
        if ch in _DX:
            digit = _DX[ch]
        elif ch in _SMALL:
            assert digit, f"{ch} without a digit before it in {text}"
            section += digit * _SMALL[ch]
            digit = 0
        elif ch == "万":
            wan = (section + digit) * 10**4
            section = digit = 0
        elif ch == "亿":
            yi = (wan + section + digit) * 10**8
            wan = section = digit = 0
        else:
            raise AssertionError(f"unexpected {ch} in {text}")
    return yi + wan + section + digit


def zero_runs_inside(number: int) -> int:
    """How many runs of zeros stand between two non-zero digits of ``number``."""
    return len(re.findall(r"[1-9](0+)(?=[1-9])", str(number)))


amounts = st.one_of(
    st.integers(min_value=0, max_value=DAXIE_LIMIT_FEN - 1),
    st.integers(min_value=0, max_value=10**9),
    # Sparse digits: most digits zero, the hard cases for 零.
    st.lists(st.sampled_from("0000000123456789"), min_size=1, max_size=18).map(
        lambda ds: int("".join(ds))),
)


@given(amounts)
def test_daxie_reads_back_to_the_same_amount(fen):
    assert read_daxie(daxie(fen)) == fen


@given(amounts)
def test_daxie_shape_follows_the_bill_rules(fen):
    words = daxie(fen, prefix="")
    whole, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    whole_words = words.split("元")[0] if whole else ""
    assert words.endswith("整") == (cents == 0)
    assert ("元" in words) == (whole > 0 or fen == 0)
    if fen:
        assert "零零" not in words
        assert not words.startswith("零")
        assert not re.search(r"零[元万亿拾佰仟角分整]", words)
    # Every 拾佰仟 follows a digit, and 零 only ever stands for a run of zeros inside.
    assert re.fullmatch(r"(?:[壹贰叁肆伍陆柒捌玖][拾佰仟]?|[零万亿])*", whole_words)
    assert whole_words.count("零") == zero_runs_inside(whole)
    assert words.endswith("元零" + "零壹贰叁肆伍陆柒捌玖"[fen_digit] + "分") == (
        whole > 0 and jiao == 0 and fen_digit > 0)


# -- split by ratio ---------------------------------------------------------------------
@pytest.mark.parametrize(("total", "ratio", "parts"), [
    (300000, (1, 1), (150000, 150000)),  # patent award 3000 元, federation 1 : union 1
    (3000000, (1, 2), (1000000, 2000000)),  # district studio 3万, 1 : 2
    (10000000, (1, 1), (5000000, 5000000)),
    (1, (1, 1), (1, 0)),  # a tie goes to the federation
    (1, (1, 2), (0, 1)),  # 1/3 vs 2/3: the larger remainder wins
    (2, (1, 2), (1, 1)),  # 2/3 vs 4/3: remainders 2 and 1
    (100, (1, 1, 1), (34, 33, 33)),
    (5, (0, 1), (0, 5)),
    (0, (1, 2), (0, 0)),
])
def test_split_by_ratio_largest_remainder(total, ratio, parts):
    assert split_by_ratio(total, ratio) == parts


@pytest.mark.parametrize(("total", "ratio"), [
    (100, ()), (100, (0, 0)), (100, (1, -1)), (-1, (1, 1)),
])
def test_split_by_ratio_refuses_bad_input(total, ratio):
    with pytest.raises(ValueError):
        split_by_ratio(total, ratio)


ratios = st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=5).filter(
    lambda r: sum(r) > 0)


@given(st.integers(min_value=0, max_value=10**12), ratios)
def test_split_by_ratio_is_exact_and_fair(total, ratio):
    parts = split_by_ratio(total, ratio)
    assert len(parts) == len(ratio)
    assert sum(parts) == total
    whole = sum(ratio)
    quotas = [Fraction(total * r, whole) for r in ratio]
    for part, quota in zip(parts, quotas, strict=True):
        assert quota - 1 < part < quota + 1
    # An extra fen never goes to a smaller remainder, nor to a later payer on a tie.
    remainders = [q - int(q) for q in quotas]
    extra = [part > int(q) for part, q in zip(parts, quotas, strict=True)]
    for i in range(len(ratio)):
        for j in range(len(ratio)):
            if extra[i] and not extra[j]:
                assert (remainders[i], -i) > (remainders[j], -j)


# -- tranches ---------------------------------------------------------------------------
@pytest.mark.parametrize(("total", "shares", "amounts"), [
    (10000000, (60, 40), (6000000, 4000000)),  # 10万: 6万 then 4万
    (5000000, (60, 40), (3000000, 2000000)),
    (3000000, (60, 40), (1800000, 1200000)),
    (300000, (100,), (300000,)),  # the patent award is paid at once
    (1, (60, 40), (1, 0)),  # 0.6 fen rounds up, the last takes what is left
    (2, (25, 25, 25, 25), (1, 0, 1, 0)),
    (100, (Decimal("33.33"), Decimal("33.33"), Decimal("33.34")), (33, 34, 33)),
    (101, (Decimal("50.5"), Decimal("49.5")), (51, 50)),
])
def test_tranche_amounts(total, shares, amounts):
    assert tranche_amounts(total, shares) == amounts


@pytest.mark.parametrize(("shares", "error"), [
    ((60, 30), ValueError), ((), ValueError), ((120, -20), ValueError),
    ((60.0, 40.0), TypeError),
])
def test_tranche_shares_must_be_exact_and_sum_to_100(shares, error):
    with pytest.raises(error):
        tranche_amounts(100, shares)


@st.composite
def shares_percent(draw):
    """Tranche shares summing to exactly 100: ints, or Decimals with two places."""
    scale = draw(st.sampled_from([1, 100]))
    cuts = sorted(draw(st.lists(st.integers(0, 100 * scale), max_size=5)))
    bounds = [0, *cuts, 100 * scale]
    parts = [b - a for a, b in zip(bounds, bounds[1:], strict=False)]
    if scale == 1:
        return tuple(parts)
    return tuple(Decimal(p) / 100 for p in parts)


@given(st.integers(min_value=0, max_value=10**12), shares_percent())
def test_tranches_sum_to_the_total_and_follow_the_shares(total, shares):
    amounts = tranche_amounts(total, shares)
    assert len(amounts) == len(shares)
    assert sum(amounts) == total
    for amount, share in zip(amounts, shares, strict=True):
        assert amount >= 0
        assert abs(amount - Fraction(total) * Fraction(share) / 100) <= 1
    if len(shares) == 2:
        first = (Decimal(total) * shares[0] / 100).quantize(Decimal(1), ROUND_HALF_UP)
        assert amounts[0] == int(first)


# -- payer x tranche --------------------------------------------------------------------
@pytest.mark.parametrize(("total", "ratio", "shares", "matrix"), [
    (10000000, (1, 1), (60, 40), ((3000000, 3000000), (2000000, 2000000))),
    (5000000, (1, 1), (60, 40), ((1500000, 1500000), (1000000, 1000000))),
    (3000000, (1, 2), (60, 40), ((600000, 1200000), (400000, 800000))),
    (300000, (1, 1), (100,), ((150000, 150000),)),
    # Splitting every tranche 1:1 would give the federation 2 fen of its 1: the last row
    # would be (-1, 1). Splitting by what each still owes keeps every cell non-negative.
    (2, (1, 1), (25, 25, 25, 25), ((1, 0), (0, 0), (0, 1), (0, 0))),
    (1, (1, 1), (60, 40), ((1, 0), (0, 0))),
])
def test_payer_tranche_matrix(total, ratio, shares, matrix):
    assert payer_tranche_matrix(total, ratio, shares) == matrix


@given(st.integers(min_value=0, max_value=10**12), ratios, shares_percent())
def test_payer_tranche_matrix_rows_and_columns_add_up(total, ratio, shares):
    matrix = payer_tranche_matrix(total, ratio, shares)
    tranches = tranche_amounts(total, shares)
    payers = split_by_ratio(total, ratio)
    assert len(matrix) == len(tranches)
    assert all(len(row) == len(ratio) for row in matrix)
    assert all(cell >= 0 for row in matrix for cell in row)
    assert tuple(sum(row) for row in matrix) == tranches
    assert tuple(sum(column) for column in zip(*matrix, strict=True)) == payers
    # The first tranche is split like the whole, to within a fen.
    if total:
        for cell, payer in zip(matrix[0], payers, strict=True):
            assert abs(cell - Fraction(tranches[0] * payer, total)) < 1


def test_payer_tranche_matrix_small_totals_with_three_payers():
    # Exhaustive over small totals, where a fen of rounding matters most.
    for total in range(60):
        for shares in ((60, 40), (30, 30, 40), (10, 20, 30, 40), (1, 1, 98)):
            matrix = payer_tranche_matrix(total, (3, 5, 2), shares)
            assert all(cell >= 0 for row in matrix for cell in row)
            assert tuple(map(sum, zip(*matrix, strict=True))) == split_by_ratio(total, (3, 5, 2))
            assert tuple(map(sum, matrix)) == tranche_amounts(total, shares)
