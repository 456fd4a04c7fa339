"""Validation at the edge: patent numbers, IDs, cards, phones, dates, amounts, yes/no, levels."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boostdesk.validate import (
    FRONTLINE_WORDS,
    STUDIO_LEVEL_ZH,
    PatentNumber,
    ValidationError,
    check_credit_code,
    check_phone,
    check_resident_id,
    check_union_card,
    lacking_check_char,
    normalize_text,
    parse_amount_fen,
    parse_date,
    parse_patent_number,
    parse_studio_level,
    parse_yes_no,
    patent_check_char,
    resident_id_birth_date,
    short_year_read,
    tidy_patent_number,
)

_CJK = re.compile(r"[\u4e00-\u9fff]")


def refused(func, value, *needles: str, **kwargs) -> str:
    """Call ``func(value)``, expect a ValidationError in Chinese naming every needle."""
    with pytest.raises(ValidationError) as info:
        func(value, **kwargs)
    message = info.value.message
    assert str(info.value) == message
    assert _CJK.search(message), message
    for needle in needles:
        assert needle in message, (needle, message)
    return message


# -- normalize_text -------------------------------------------------------------------
@pytest.mark.parametrize(("value", "expected"), [
    (None, ""),
    ("  a  b\t\nc ", "a b c"),
    ("ＺＬ２０２１　１", "ZL2021 1"),  # full-width letters, digits and ideographic space
    ("（市级）", "(市级)"),
    (3000, "3000"),
])
def test_normalize_text_folds_width_and_whitespace(value, expected):
    assert normalize_text(value) == expected


# -- patent numbers -------------------------------------------------------------------
# Real CNIPA application numbers, from the "Application number" field of the Google
# Patents page named on the right (Google writes the old form as CNA/CNB + digits + check
# + kind letter, e.g. CNA031013406A; the certificate form ZL03101340.6 is used here).
REAL_PATENTS = [
    # (as a clerk would write it, application number, kind, filing year)
    ("CN200610060642.6", "200610060642.6", "invention", 2006),  # CN100433013C, Huawei
    ("CN200910079391.X", "200910079391.X", "invention", 2009),  # CN101835231B, ZTE
    ("CN200910241260.7", "200910241260.7", "invention", 2009),  # CN102082634A, ZTE
    ("CN201280017678.X", "201280017678.X", "invention", 2012),  # CN103460723B, PCT entry
    ("CN201880076161.5", "201880076161.5", "invention", 2018),  # CN111418170B, PCT entry
    ("CN202310436849.2", "202310436849.2", "invention", 2023),  # CN116366209B
    ("CN202110075127.X", "202110075127.X", "invention", 2021),  # CN112929335A
    ("CN201610018743.0", "201610018743.0", "invention", 2016),  # CN105610521B
    ("CN201620289943.5", "201620289943.5", "utility_model", 2016),  # CN205571076U
    ("ZL03101340.6", "03101340.6", "invention", 2003),  # CN1516463A, Huawei, old form
    ("ZL 00816422.3", "00816422.3", "invention", 2000),  # CN1157005C, old-form PCT entry
    ("CN 97 1 04039.7", "97104039.7", "invention", 1997),  # cited in IN 199648 (TD-SCDMA)
]


@pytest.mark.parametrize(("raw", "application", "kind", "year"), REAL_PATENTS)
def test_real_published_application_numbers_pass_the_check(raw, application, kind, year):
    digits, check = application.split(".")
    assert patent_check_char(digits) == check
    number = parse_patent_number(raw)
    assert number.application_number == application
    assert number.patent_number == f"ZL{application}"
    assert (number.kind, number.filing_year) == (kind, year)


def test_patent_number_check_x_when_remainder_is_ten():
    # 2,0,0,9,1,0,0,7,9,3,9,1 x weights -> 186 = 16*11 + 10: written X, not 11-10 = 1.
    assert patent_check_char("200910079391") == "X"
    assert parse_patent_number("ZL200910079391.X").check == "X"
    refused(parse_patent_number, "ZL200910079391.1", "校验位应为 X", "实为 1")


def test_patent_check_char_is_the_remainder_not_eleven_minus_it():
    # 2021 1 0123456: 2*2+0+2*4+1*5+1*6+0+1*8+2*9+3*2+4*3+5*4+6*5 = 117 -> 117 mod 11 = 7.
    assert patent_check_char("202110123456") == "7"


def test_old_form_uses_the_first_eight_weights():
    # 9,7,1,0,4,0,3,9 x 2..9 = 18+21+4+0+24+0+24+81 = 172 -> 172 mod 11 = 7
    assert patent_check_char("97104039") == "7"


@pytest.mark.parametrize("digits", ["2021101234", "2021101234567", "abcdefgh", ""])
def test_patent_check_char_wants_eight_or_twelve_digits(digits):
    refused(patent_check_char, digits, "12 位或 8 位")


@pytest.mark.parametrize("raw", [
    "ZL202110123456.7",
    "zl202110123456.7",
    "CN202110123456.7",
    "202110123456.7",
    "ZL 2021 1 0123456.7",
    "ZL2021 10123456.7",
    "ZL2021101234567",  # dot missing
    "ＺＬ２０２１１０１２３４５６．７",  # full-width
    " ZL202110123456。7 ",  # Chinese full stop from an IME
    "专利号：ZL202110123456.7",
    "ZL202110123456-7", "202110123456-7", "ZL202110123456 - 7",  # a dash for the dot
    "ZL202110123456－7", "ZL202110123456—7",  # full-width, or the dash an IME types
])
def test_patent_number_written_many_ways_is_one_number(raw):
    number = parse_patent_number(raw)
    assert number == PatentNumber("202110123456", "7")
    assert str(number) == "ZL202110123456.7"


@pytest.mark.parametrize(("type_digit", "kind", "kind_zh", "invention"), [
    ("1", "invention", "发明", True),
    ("8", "invention", "发明", True),
    ("2", "utility_model", "实用新型", False),
    ("9", "utility_model", "实用新型", False),
    ("3", "design", "外观设计", False),
])
def test_patent_kind_from_the_fifth_digit(type_digit, kind, kind_zh, invention):
    digits = f"2021{type_digit}0123456"
    number = parse_patent_number(f"ZL{digits}.{patent_check_char(digits)}")
    assert (number.kind, number.kind_zh, number.is_invention) == (kind, kind_zh, invention)


def test_old_form_kind_is_the_third_digit_and_year_two_digits():
    digits = "99201234"  # 1999, utility model
    number = parse_patent_number(f"{digits}{patent_check_char(digits)}")
    assert (number.kind, number.filing_year) == ("utility_model", 1999)
    digits = "02100607"  # Huawei, CNB021006075A: 2002, invention
    assert parse_patent_number(f"ZL{digits}.5").filing_year == 2002


@pytest.mark.parametrize("type_digit", ["0", "4", "5", "6", "7"])
def test_patent_type_digit_other_than_1_2_3_8_9_is_refused(type_digit):
    digits = f"2021{type_digit}0123456"
    refused(parse_patent_number, f"ZL{digits}.{patent_check_char(digits)}",
            "专利类型", f"实为 {type_digit}")


def test_patent_number_with_wrong_check_char_names_the_expected_one():
    message = refused(parse_patent_number, "ZL202110123456.5", "校验位应为 7", "实为 5")
    assert message == "专利号校验位应为 7，实为 5，请核对证书"
    # after a dash the check character is checked as after a dot
    assert refused(parse_patent_number, "ZL202110123456-5") == message
    refused(parse_patent_number, "ZL202110123456-X", "校验位应为 7", "实为 X")


@pytest.mark.parametrize("raw", ["ZL202110123456", "ZL202110123456.", "2021 1 0123456",
                                 "97104039"])
def test_patent_number_without_its_check_char_is_incomplete(raw):
    refused(parse_patent_number, raw, "缺少校验位")


@pytest.mark.parametrize(("raw", "completed", "tidy"), [
    ("ZL 2021 1 0123456", "ZL202110123456.7", "ZL202110123456"),
    ("ZL202110123456.", "ZL202110123456.7", "ZL202110123456"),
    ("２０２１１０１２３４５６", "ZL202110123456.7", "ZL202110123456"),
    ("ZL202110123456.5", None, "ZL202110123456.5"),  # a wrong digit: not completed
    ("ZL202110123456.7", None, "ZL202110123456.7"),  # whole
    ("ZL202150123456", None, "ZL202150123456"),  # type digit 5: no number's
    ("CN114123456B", None, "CN114123456B"),
])
def test_a_number_lacking_only_its_check_char_is_completed_and_tidied(raw, completed, tidy):
    number = lacking_check_char(raw)
    assert (str(number) if number else None) == completed
    assert tidy_patent_number(raw) == tidy


@pytest.mark.parametrize(("raw", "needle"), [
    ("ZL20211012345.6", "位数不对"),
    ("ZL2021101234567.8", "位数不对"),
    ("ZL-202110123456.7", "无法识别"),
    ("发明专利", "无法识别"),
    ("ZL202110123456.77", "无法识别"),
    ("", "未填写专利号"),
])
def test_malformed_patent_numbers_are_refused(raw, needle):
    refused(parse_patent_number, raw, needle)


def test_patent_filing_year_cannot_be_in_the_future_or_before_2003_in_the_new_form():
    future = f"{date.today().year + 1}10123456"
    refused(parse_patent_number, f"ZL{future}.{patent_check_char(future)}", "申请年份")
    early = "199910123456"
    refused(parse_patent_number, f"ZL{early}.{patent_check_char(early)}", "申请年份 1999")


def test_old_form_year_outside_1985_to_2003_is_refused():
    digits = "50101234"
    refused(parse_patent_number, f"{digits}.{patent_check_char(digits)}", "1985", "“50”")


def _parsed_or_refusal(parse, text):
    try:
        return parse(text)
    except ValidationError as exc:
        return exc.message


@given(st.tuples(
    st.sampled_from(["", "ZL", "CN", "zl", "cn", "Z", "ZLZL", "专利号："]),
    st.text(alphabet="0123456789", min_size=7, max_size=14),
    st.sampled_from(["", ".", "。", ".."]),
    st.sampled_from(["", *"0123456789Xx", "XX", "5."]),
    st.lists(st.sampled_from([" ", "  ", "\t", "-"]), max_size=2),
    st.integers(min_value=0, max_value=20),
))
def test_fast_patent_number_path_reads_as_the_general_one(parts):
    from boostdesk import validate

    prefix, digits, dot, check, spaces, at = parts
    if digits[:4] < "2003" and len(digits) >= 12 and at % 2:  # valid years more often
        digits = "2021" + digits[4:]
    text = prefix + digits + dot + check
    for space in spaces:
        text = text[:at % (len(text) + 1)] + space + text[at % (len(text) + 1):]
    # and numbers with their right check character: any year and type, and valid ones
    checked = [f"{prefix}{d}{dot[:1]}{patent_check_char(d)}"
               for d in ((digits * 2)[:12], "20211" + digits[:7])]
    for t in (text, *checked):
        fast = _parsed_or_refusal(validate._parse_patent_number, t)
        fast_only = validate._valid_ascii_number(t) if t.isascii() else None
        general = _parsed_or_refusal(
            lambda x: validate._parse_patent_number(x + "\u3000"), t)  # not ASCII: no fast path
        assert fast == general, t
        assert fast_only is None or fast_only == general, t


@given(st.sampled_from([8, 12]).flatmap(
    lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)))
def test_any_single_mistyped_digit_changes_the_check_char(digits):
    check = patent_check_char(digits)
    for i in range(len(digits)):
        for other in "0123456789":
            if other != digits[i]:
                assert patent_check_char(digits[:i] + other + digits[i + 1:]) != check


# -- resident ID ----------------------------------------------------------------------------
_GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def gb11643_check(first17: str) -> str:
    """The check character by the text of GB 11643-1999, independent of stdnum."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, _GB11643_WEIGHTS, strict=True)) % 11]


def make_id(first17: str) -> str:
    return first17 + gb11643_check(first17)


def test_a_future_birth_date_is_refused_after_many_ids_of_today(monkeypatch):
    # the clock is read again for a date after the last day read, not only once
    import boostdesk.validate as validate

    today = date.today()
    monkeypatch.setattr(validate, "_latest_today", today - timedelta(days=1))
    assert check_resident_id(make_id(f"110105{today:%Y%m%d}001"))
    tomorrow = today + timedelta(days=1)
    refused(check_resident_id, make_id(f"110105{tomorrow:%Y%m%d}001"), "出生日期")
    assert validate._latest_today == today


def test_resident_id_standard_example_with_x():
    # The worked example of GB 11643-1999.
    assert check_resident_id("11010519491231002x") == "11010519491231002X"
    assert resident_id_birth_date("11010519491231002X") == date(1949, 12, 31)


@pytest.mark.parametrize("raw", [
    "360426199101010071", " 3604 2619 9101 0100 71 ", "３６０４２６１９９１０１０１００７１",
    "360426-19910101-0071",
])
def test_resident_id_spaces_dashes_and_full_width_are_removed(raw):
    assert check_resident_id(raw) == "360426199101010071"


def test_resident_id_wrong_check_char_names_the_expected_one():
    refused(check_resident_id, "360426199101010072", "校验位应为 1", "实为 2")


def test_resident_id_15_digit_old_number_is_read_as_its_18_digit_number():
    # GB 11643-1999's worked example, issued before 1999 as 110105491231002
    assert check_resident_id("110105491231002") == "11010519491231002X"
    assert check_resident_id(" 110105 491231 002 ") == "11010519491231002X"
    refused(check_resident_id, "110105491331002", "出生日期 19491331 不存在")


@pytest.mark.parametrize(("raw", "needle"), [
    ("3604261991010100", "应为 18 位，实为 16 位"),
    ("36042619910101007A", "末位为数字或 X"),
    ("", "未填写身份证号"),
])
def test_resident_id_malformed_is_refused(raw, needle):
    refused(check_resident_id, raw, needle)


def test_resident_id_birth_date_must_exist():
    refused(check_resident_id, make_id("11010519910230001"), "19910230", "不存在")


def test_resident_id_birth_date_cannot_be_in_the_future():
    tomorrow = date.today() + timedelta(days=1)
    refused(check_resident_id, make_id(f"110105{tomorrow:%Y%m%d}001"), "出生日期")


@given(st.dates(min_value=date(1920, 1, 1), max_value=date(2010, 12, 31)),
       st.integers(min_value=0, max_value=999))
def test_resident_id_any_valid_number_round_trips(born, serial):
    number = make_id(f"110108{born:%Y%m%d}{serial:03d}")
    assert check_resident_id(number) == number
    assert resident_id_birth_date(number) == born


# -- credit code --------------------------------------------------------------------------
def test_credit_code_of_a_real_company():
    # Huawei Technologies Co., Ltd., as shown in its Wikipedia infobox.
    assert check_credit_code("914403001922038216") == "914403001922038216"
    assert check_credit_code(" 9144 0300 1922 0382 16 ") == "914403001922038216"


def test_credit_code_lowercase_check_letter_is_uppercased():
    # Tencent (Shenzhen Tencent Computer Systems), check character G.
    assert check_credit_code("9144030071526726xg") == "9144030071526726XG"


def test_credit_code_wrong_check_char_names_the_expected_one():
    refused(check_credit_code, "914403001922038217", "校验位应为 6", "实为 7")


@pytest.mark.parametrize(("raw", "needle"), [
    ("91440300192203821", "18 位，实为 17 位"),
    ("9144030019220382I6", "格式不对"),
    ("", "未填写"),
])
def test_credit_code_malformed_is_refused(raw, needle):
    refused(check_credit_code, raw, needle)


# -- union card ---------------------------------------------------------------------------
def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str(-total % 10)


CARD_19 = "621468000000123456" + luhn_digit("621468000000123456")
CARD_16 = "622202123456789" + luhn_digit("622202123456789")


def test_union_card_passing_luhn_has_no_warning():
    assert check_union_card(CARD_19) == (CARD_19, [])
    assert check_union_card(CARD_16) == (CARD_16, [])


def test_union_card_spaces_and_dashes_are_removed():
    spaced = f"{CARD_19[:4]} {CARD_19[4:8]}-{CARD_19[8:12]}　{CARD_19[12:]}"
    assert check_union_card(spaced) == (CARD_19, [])


def test_union_card_failing_luhn_is_a_warning_not_an_error():
    wrong = CARD_19[:-1] + str((int(CARD_19[-1]) + 1) % 10)
    number, warnings = check_union_card(wrong)
    assert number == wrong
    assert warnings == ["卡号末位校验位不符，请核对；部分借记卡不符合此校验，确认无误可保留"]


@pytest.mark.parametrize(("raw", "needle"), [
    ("621468000000123", "实为 15 位"),
    ("62146800000012345678", "实为 20 位"),
    ("6214 6800 0000 1234 5A", "只能包含数字"),
    ("", "未填写"),
])
def test_union_card_must_be_16_to_19_digits(raw, needle):
    refused(check_union_card, raw, needle)


@pytest.mark.parametrize(("raw", "said"), [
    # letters only: the masked digits were nothing, and the message ended at its colon
    ("abc", "卡号只能包含数字，所填“abc”中没有数字：请照工会会员互助服务卡填写 16—19 位数字"),
    ("6214 6800 0000 1234 5A", "卡号只能包含数字，所填 6214 **** **** * 2345 中有非数字字符“A”："
                               "请照工会会员互助服务卡填写 16—19 位数字"),
])
def test_a_card_with_other_characters_is_refused_in_a_whole_sentence(raw, said):
    with pytest.raises(ValidationError) as exc:
        check_union_card(raw)
    assert exc.value.message == said


# -- phone --------------------------------------------------------------------------------
@pytest.mark.parametrize(("raw", "expected"), [
    ("13800138000", "13800138000"),
    ("138 0013 8000", "13800138000"),
    ("138-0013-8000", "13800138000"),
    ("+86 138 0013 8000", "13800138000"),
    ("8613800138000", "13800138000"),
    ("１９９１２３４５６７８", "19912345678"),
    ("010-83570885", "010-83570885"),
    ("01083570885", "010-83570885"),
    ("(010) 83570885", "010-83570885"),
    ("83570885", "010-83570885"),  # the plan's own contact number, Beijing local
    ("0755-26543210", "0755-26543210"),
    ("021-6543210", "021-6543210"),  # seven-digit local number
    ("+86 10 8357 0885", "010-83570885"),
    ("83570885转123", "010-83570885转123"),
    ("010-83570885 分机 8001", "010-83570885转8001"),
    ("010-83570885-123", "010-83570885转123"),
])
def test_phone_numbers_are_normalized(raw, expected):
    assert check_phone(raw) == expected


@pytest.mark.parametrize(("raw", "needle"), [
    ("12800138000", "无法识别的电话号码"),
    ("1380013800", "手机号应为 11 位，实为 10 位"),  # a digit lost
    ("8357088", "无法识别的电话号码"),  # seven digits with no area code
    ("0755-12345678", "无法识别的电话号码"),  # local numbers never start with 1
    ("高珊", "无法识别的电话号码"),
    ("13800138000转12", "手机号不能带分机号"),
    ("", "未填写电话号码"),
])
def test_bad_phone_numbers_are_refused(raw, needle):
    refused(check_phone, raw, needle)


# -- dates --------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [
    "2021-03-05", "2021-3-5", "2021/3/5", "2021/03/05", "2021.3.5", "2021年3月5日",
    "2021年3月5号", "2021年03月05日", "20210305", 20210305, " ２０２１年３月５日 ",
    "２０２１－０３－０５", "2021-03-05 00:00:00", date(2021, 3, 5),
    datetime(2021, 3, 5, 14, 30), 44260, 44260.0, 44260.75, "44260", Decimal(44260),
])
def test_dates_as_clerks_and_spreadsheets_write_them(value):
    assert parse_date(value) == date(2021, 3, 5)


def test_excel_serial_44197_is_new_year_2021():
    assert parse_date(44197) == date(2021, 1, 1)
    assert parse_date(18264) == date(1950, 1, 1)
    assert parse_date(73415) == date(2100, 12, 31)


@pytest.mark.parametrize("serial", [18263, 73416, 0, 60, 2958465, -5])
def test_excel_serial_outside_1950_to_2100_is_refused(serial):
    refused(parse_date, serial, "无法识别的日期", str(serial), "2021-03-05")


@pytest.mark.parametrize(("raw", "said"), [
    ("2021-02-30", "“2021-02-30”：2021 年 2 月没有 30 日"),
    ("2021年2月29日", "“2021年2月29日”：2021 年 2 月没有 29 日（2021 年不是闰年）"),
    ("20211301", "“20211301”：没有 13 月"), (20211301, "“20211301”：没有 13 月"),
    ("2021/4/31", "“2021/4/31”：2021 年 4 月没有 31 日"),
    ("2021.13.5", "“2021.13.5”：没有 13 月"), ("2021.2.30", "“2021.2.30”：2021 年 2 月没有 30 日"),
    ("2021.3.0", "“2021.3.0”：没有 0 日"), ("2021.0.3", "“2021.0.3”：没有 0 月"),
    ("二〇二一年二月三十日", "“二〇二一年二月三十日”：2021 年 2 月没有 30 日"),
])
def test_impossible_date_is_quoted_as_typed_saying_why(raw, said):
    """It said 日期不存在：2021-13-05 for 2021.13.5: neither what was typed nor why."""
    assert refused(parse_date, raw) == said


@pytest.mark.parametrize("value", [
    "2021.03.05.", "2021.3.5.", "2021-3-5日", "2021-03-05号", "2021/3/5日", "2021、3、5",
    "2021。3。5", "2021。03。05。", "2021 、3 、5", "2021年3月5日。", "二〇二一年三月五日",
    "二○二一年三月五日", "二零二一年三月五日", "二〇二一年〇三月〇五日", "２０２１、３、５",
])
def test_dates_as_a_chinese_keyboard_types_them(value):
    assert parse_date(value) == date(2021, 3, 5)


@pytest.mark.parametrize(("value", "day"), [
    ("二〇二一年十月十日", date(2021, 10, 10)), ("二〇二一年十一月十一日", date(2021, 11, 11)),
    ("二〇二一年十二月二十一日", date(2021, 12, 21)), ("二〇二一年一月三十日", date(2021, 1, 30)),
    ("二〇二一年一月三十一日", date(2021, 1, 31)), ("二〇二〇年二月二十九日", date(2020, 2, 29)),
])
def test_chinese_numerals_with_ten_read_by_value(value, day):
    assert parse_date(value) == day


@pytest.mark.parametrize(("value", "day"), [
    ("21-1-12", date(2021, 1, 12)), ("22-5-10", date(2022, 5, 10)), ("22-3-5", date(2022, 3, 5)),
    ("22.3.5", date(2022, 3, 5)), ("22/3/5", date(2022, 3, 5)), ("22年3月5日", date(2022, 3, 5)),
    ("22年3月5号", date(2022, 3, 5)), ("22-03-05", date(2022, 3, 5)), ("22.3.5.", date(2022, 3, 5)),
    ("22 年 3 月 5 日", date(2022, 3, 5)), ("２２年３月５日", date(2022, 3, 5)),
    ("22、3、5", date(2022, 3, 5)), ("二二年三月五日", date(2022, 3, 5)),
])
def test_a_two_digit_year_first_is_read_as_20yy_and_said_so(value, day):
    """Clerks write dates on paper as 21-1-12 or 22年3月5日: refused as 无法识别的日期."""
    assert parse_date(value) == day
    assert short_year_read(value) == f"读作 {day.isoformat()}"


@pytest.mark.parametrize("value", ["2022-03-05", "2022年3月5日", "20220305", "44625", "1-12-21",
                                   "22-13-5", ""])
def test_only_a_two_digit_year_read_is_said(value):
    assert short_year_read(value) is None


@pytest.mark.parametrize(("raw", "said"), [
    ("22-13-5", "“22-13-5”：没有 13 月"), ("22-2-30", "“22-2-30”：2022 年 2 月没有 30 日"),
])
def test_an_impossible_day_with_a_two_digit_year_says_why(raw, said):
    assert refused(parse_date, raw) == said


@pytest.mark.parametrize("raw", ["yesterday", "3/5/2021", "2021-03/05",
                                 "二〇二一年三月五日日", "2021..3.5", True,
                                 # a two-digit year last, or a one-digit first: which is the day?
                                 "1-12-21", "3/5/21", "5.3.22", "12-1-2021", "22-3/5", "22-3",
                                 "221-3-5"])
def test_unreadable_date_shows_the_expected_form(raw):
    message = refused(parse_date, raw, "无法识别的日期")
    assert message.endswith("请写成 2021-03-05")


def test_blank_date_is_refused():
    refused(parse_date, "  ", "未填写日期")


def test_date_year_out_of_range_is_refused():
    refused(parse_date, "1021-03-05", "年份 1021")


# -- amounts ------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "fen"), [
    ("3000", 300000), ("3,000.00", 300000), ("¥3,000", 300000), ("￥3,000", 300000),
    ("3000元", 300000), ("3000 元", 300000), ("3000元整", 300000), ("3万", 3000000),
    ("3万元", 3000000), ("0.5", 50), ("１０万元", 10000000), ("人民币3000元", 300000),
    ("RMB 3000", 300000), ("1,234,567.89", 123456789), ("0.01", 1), (".5", 50),
    (3000, 300000), (Decimal("3000.10"), 300010), (0, 0), ("0", 0),
])
def test_amounts_as_clerks_type_them(value, fen):
    assert parse_amount_fen(value) == fen


@pytest.mark.parametrize(("value", "fen"), [
    ("10", 10000000), ("5", 5000000), ("0.3", 300000), (10, 10000000), ("1.23456", 1234560),
    ("3000元", 300000),  # a unit in the cell wins over the column's
    ("3万元", 3000000),
])
def test_amount_in_a_column_headed_wan_yuan(value, fen):
    assert parse_amount_fen(value, default_unit="万元") == fen


@pytest.mark.parametrize(("value", "unit", "fen"), [
    (0.1 + 0.2, "元", 30),  # 0.30000000000000004
    (3000.0, "元", 300000),
    (1234.565, "元", 123457),  # repr "1234.565": half-up at the decimal, not the binary
    (0.30000000000000004, "万元", 300000),
    (1.2345675, "万元", 1234568),
])
def test_spreadsheet_floats_round_half_up_to_the_fen(value, unit, fen):
    assert parse_amount_fen(value, default_unit=unit) == fen


@pytest.mark.parametrize(("value", "unit", "needles"), [
    ("3000.005", "元", ("金额精确到分", "3000.005")),
    ("1.2345678", "万元", ("金额精确到分", "12345.678")),
    (Decimal("0.001"), "元", ("金额精确到分",)),
    ("-3000", "元", ("不能为负数",)),
    ("¥-3,000", "元", ("不能为负数",)),
    ("－3万", "元", ("不能为负数",)),
    (-5, "元", ("不能为负数",)),
    ("约三千元", "元", ("无法识别的金额", "约三千元")),  # (三千元 is read: 3000)
    ("3,00", "元", ("无法识别的金额",)),
    ("3.000,00", "元", ("无法识别的金额",)),
    ("元", "元", ("无法识别的金额",)),
    ("", "元", ("未填写金额",)),
    (True, "元", ("无法识别的金额",)),
    (float("nan"), "元", ("无法识别的金额",)),
    ("110105194912310021", "元", ("金额过大",)),
    (1e300, "元", ("金额过大",)),
    (Decimal("1E+50"), "元", ("金额过大",)),
])
def test_bad_amounts_are_refused(value, unit, needles):
    refused(parse_amount_fen, value, *needles, default_unit=unit)


def test_an_unreadable_amount_in_wan_yuan_is_given_examples_in_wan_yuan():
    """Under 万元 the examples were 元's: the 3000 they offered is 3000 万元."""
    with pytest.raises(ValidationError) as caught:
        parse_amount_fen("约三十", default_unit="万元")
    assert "如 30、2.5" in caught.value.message and "如 3000、" not in caught.value.message
    with pytest.raises(ValidationError) as caught:
        parse_amount_fen("约三千", default_unit="元")
    assert "如 3000、" in caught.value.message


def test_amount_default_unit_must_be_yuan_or_wan_yuan():
    with pytest.raises(ValueError, match="default_unit"):
        parse_amount_fen("3", default_unit="千元")


@given(st.integers(min_value=0, max_value=10**13))
def test_amount_text_round_trips_through_fen(fen):
    assert parse_amount_fen(f"{fen // 100:,}.{fen % 100:02d}") == fen
    assert parse_amount_fen(f"¥{fen // 100}.{fen % 100:02d}元") == fen


# -- yes / no -------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["是", "√", "✓", "Y", "y", "yes", "YES", "true", "1", "有",
                                   "已", "Ｙ", " 是 ", True, 1])
def test_yes(value):
    assert parse_yes_no(value) is True


@pytest.mark.parametrize("value", ["否", "×", "✗", "N", "n", "no", "False", "0", "无", "未",
                                   "ｎｏ", False, 0])
def test_no(value):
    assert parse_yes_no(value) is False


@pytest.mark.parametrize("value", [None, "", "  ", "　"])
def test_blank_yes_no_is_unknown(value):
    assert parse_yes_no(value) is None


@pytest.mark.parametrize("value", ["可能", "x", "2", "是否"])
def test_other_yes_no_answers_are_refused(value):
    refused(parse_yes_no, value, "是", "否", value)


@pytest.mark.parametrize(("value", "answer"), [
    ("一线", True), ("一线职工", True), (" 一线 ", True), ("是一线", True), ("非一线", False),
    ("非一线职工", False), ("不是一线", False), ("是", True), ("否", False), ("是的", True),
])
def test_is_a_frontline_worker_answered_in_its_own_words(value, answer):
    """是否一线职工 answered 一线 (the paper's own word) was refused: 请填“是”或“否”."""
    assert parse_yes_no(value, FRONTLINE_WORDS) is answer


@pytest.mark.parametrize("value", ["一线", "非一线"])
def test_frontline_words_answer_only_their_question(value):
    refused(parse_yes_no, value, "请填“是”或“否”")  # 是否职务发明: 一线 answers nothing


# -- studio level ---------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["市级", "市级（示范性）", "市级(示范性)", "示范性", "市级示范",
                                   "市级职工创新工作室", " 市 级 "])
def test_city_level_studios(value):
    assert parse_studio_level(value) == "city"


@pytest.mark.parametrize("value", ["区级", "局级", "集团级", "公司级", "区、局、集团（公司）级",
                                   "区/局/集团级", "区局级", "集团（公司）级", "区、局、集团级",
                                   "区县级", "区（县）级"])
def test_district_level_studios(value):
    assert parse_studio_level(value) == "district"


@pytest.mark.parametrize("value", ["省级", "国家级", "级", "市区级", "优秀"])
def test_unknown_studio_level_lists_the_accepted_values(value):
    refused(parse_studio_level, value, value, "市级", "区、局、集团（公司）级")


def test_studio_level_names_in_chinese():
    assert STUDIO_LEVEL_ZH == {"city": "市级", "district": "区/局/集团级"}
    assert {parse_studio_level(v) for v in STUDIO_LEVEL_ZH.values()} == {"city", "district"}


@pytest.mark.parametrize("text", ["2021-06", "2021/6", "2021.6", "2021年6月", "2021 年 6 月", "202106"])
def test_a_date_with_only_its_year_and_month_is_refused_saying_the_day_is_missing(text):
    with pytest.raises(ValidationError) as refused:
        parse_date(text)
    assert "日期缺少日" in refused.value.message and "只有年和月" in refused.value.message


@pytest.mark.parametrize(("text", "day"), [("20216", date(1955, 5, 7)), ("44500", date(2021, 10, 31)),
                                           ("2021年6月5日", date(2021, 6, 5))])
def test_serials_and_whole_dates_are_not_taken_for_a_year_and_month(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize(("raw", "said"), [
    ("CN 114123456 B", "这是授权公告号（CN114123456B），不是专利号"),
    ("授权公告号：CN114123456B", "这是授权公告号（CN114123456B），不是专利号"),
    ("CN 214123456 U", "这是授权公告号（CN214123456U），不是专利号"),
    ("CN114123456", "这是公告号（CN114123456），不是专利号"),
    ("CN114123456A", "这是申请公布号（CN114123456A），不是专利号"),
    ("CN1234567C", "这是授权公告号（CN1234567C），不是专利号"),
])
def test_a_publication_number_is_named_as_one(raw, said):
    """The patent office's page gives the grant publication number (授权公告号) beside the
    application number: pasted as the patent number it was “无法识别”, or (CN114123456) an
    old 8-digit application number of a year that is none."""
    message = refused(parse_patent_number, raw, said)
    assert "ZL202110123456.7" in message


def test_an_old_form_number_after_cn_without_its_dot_is_still_read():
    digits = "98123456"
    number = parse_patent_number(f"CN{digits}{patent_check_char(digits)}")
    assert number.digits == digits


def test_a_received_date_without_its_year_is_read_in_the_season_only():
    from boostdesk.validate import no_year_read, parse_date
    season = (date(2022, 10, 17), date(2022, 11, 1))
    assert parse_date("10月17日", season=season) == date(2022, 10, 17)
    assert parse_date("10.17", season=season) == date(2022, 10, 17)
    assert parse_date("1-5", season=season) == date(2023, 1, 5)  # late, after New Year
    assert no_year_read("10-17", season) == "读作 2022-10-17"
    with pytest.raises(ValidationError, match="无法判断是哪一年"):
        parse_date("5.1", season=season)  # half a year off: either year
    with pytest.raises(ValidationError, match="日期缺少年份：10月17日，请照原件写出年份，请写成 2022-10-25"):
        parse_date("10月17日", example=date(2022, 10, 25))  # no season: no year guessed
    assert refused(parse_date, "三月五日") == "日期缺少年份：三月五日，请照原件写出年份，请写成 2021-03-05"


def test_punctuation_around_a_number_is_forgiven_and_a_spaced_long_name_asked():
    from boostdesk.validate import check_resident_id, spaced_name_dot
    number = "110105198001010016"
    for typed in (f"{number}。", f"“{number}”", f"{number}，", f"'{number};"):
        assert check_resident_id(typed) == number
    assert spaced_name_dot("阿依古丽 买买提") == "阿依古丽·买买提"
    assert spaced_name_dot("黄 志成") is None and spaced_name_dot("阿依古丽买买提") is None


def test_a_name_parted_by_a_full_width_space_or_a_pasted_line_break_is_asked_too():
    """The input method's full-width space and a line break pasted from a document part
    the name as the ASCII space does: they were joined without a word (阿依古丽买买提)."""
    from boostdesk.validate import spaced_name_dot
    for typed in ("阿依古丽\u3000买买提", "阿依古丽\n买买提", "阿依古丽\u00a0买买提", "阿依古丽\r\n买买提"):
        assert spaced_name_dot(typed) == "阿依古丽·买买提", repr(typed)
    assert spaced_name_dot("黄\u3000志成") is None and spaced_name_dot("阿依古丽买买提\n") is None
