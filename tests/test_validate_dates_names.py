"""validate's dates and names as stop 47's tester typed them from paper forms: a month
alone where a planned period's date takes one, a two-digit year late in its century, the
input method's full-width comma, a person's name with a bracketed title."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk.validate import (
    SHORT_YEAR_AHEAD,
    ValidationError,
    month_read,
    name_remark,
    name_remark_note,
    parse_date,
    short_year_read,
    without_name_remark,
)


# -- a month alone --------------------------------------------------------------------
@pytest.mark.parametrize(("text", "day"), [
    ("2023年12月", date(2023, 12, 31)), ("2023.12", date(2023, 12, 31)),
    ("2023-12", date(2023, 12, 31)), ("2023/12", date(2023, 12, 31)), ("202312", date(2023, 12, 31)),
    ("2023 年 12 月", date(2023, 12, 31)), ("二〇二三年十二月", date(2023, 12, 31)),
    ("2023.12.", date(2023, 12, 31)), ("2024年2月", date(2024, 2, 29)), ("2023年6月", date(2023, 6, 30)),
])
def test_a_month_alone_of_a_planned_period_is_its_last_day_and_said(text, day):
    """“completed by December 2023”: refused with 请照原件写出哪一天, the paper had none."""
    assert parse_date(text, month_end=True) == day
    assert month_read(text) == f"读作 {day.isoformat()}"


@pytest.mark.parametrize("text", ["2023年12月", "2023-12", "202312"])
def test_a_month_alone_of_any_other_date_is_still_refused(text):
    with pytest.raises(ValidationError) as refused:
        parse_date(text)
    assert "只有年和月，请照原件写出哪一天" in refused.value.message


@pytest.mark.parametrize("text", ["2023-12-05", "2023年13月", "22-3-5", "10月17日", "44500", ""])
def test_only_a_month_alone_is_said_read_as_its_last_day(text):
    assert month_read(text) is None


def test_a_whole_day_of_a_planned_period_is_read_as_ever():
    assert parse_date("2023-12-05", month_end=True) == date(2023, 12, 5)
    assert parse_date(45000, month_end=True) == date(2023, 3, 15)


# -- a two-digit year -----------------------------------------------------------------
def test_a_two_digit_year_late_in_its_century_is_of_the_last_one():
    """99-3-5 was read 2099-03-05: no date the plan asks for is so far ahead."""
    assert parse_date("99-3-5") == date(1999, 3, 5)
    assert short_year_read("99年3月5日") == "读作 1999-03-05"


def test_a_two_digit_year_a_few_years_ahead_is_of_this_century():
    """The pivot follows today's year: a planned completion two or three years ahead is
    of this century, one more than SHORT_YEAR_AHEAD years ahead of the last."""
    last = date.today().year + SHORT_YEAR_AHEAD
    assert parse_date(f"{last % 100:02d}-12-31") == date(last, 12, 31)
    assert parse_date(f"{(last + 1) % 100:02d}-1-1") == date(last + 1 - 100, 1, 1)
    assert parse_date("22-3-5") == date(2022, 3, 5)


# -- the full-width comma -------------------------------------------------------------
@pytest.mark.parametrize("text", ["2022，10，28", "2022，10，28日", "2022 ，10 ，28", "2022,10,28",
                                  "２０２２，１０，２８"])
def test_a_date_parted_by_the_input_methods_comma_is_read(text):
    """、 and 。 were taken for the dot, ， was refused as 无法识别的日期."""
    assert parse_date(text) == date(2022, 10, 28)


def test_a_year_less_day_parted_by_the_comma_is_read_in_its_season():
    assert parse_date("10，28", season=(date(2022, 9, 1), date(2022, 11, 1))) == date(2022, 10, 28)


# -- a name with a bracketed title ----------------------------------------------------
@pytest.mark.parametrize(("typed", "name", "remark"), [
    ("李红兵（高级工程师）", "李红兵", "高级工程师"),
    ("李红兵(高级工程师)", "李红兵", "高级工程师"),
    ("李红兵 （高工）", "李红兵", "高工"),
    ("王五【退休】", "王五", "退休"),
    ("李红兵（高级工程师", "李红兵", "高级工程师"),  # left open
    ("李红兵（高级工程师、主任）", "李红兵", "高级工程师、主任"),
    ("张三（主任）、李四（工程师）", "张三、李四", "主任、工程师"),
    ("买买提·艾力（维吾尔族）", "买买提·艾力", "维吾尔族"),
    ("John (Jr.) Smith", "John Smith", "Jr."),
])
def test_a_bracketed_title_is_no_part_of_the_name(typed, name, remark):
    assert name_remark(typed) == (name, remark)
    assert without_name_remark(typed) == name
    assert name_remark_note(typed) == (f"括号中的“{remark}”不是姓名，按“{name}”保存；"
                                       "职务、职称等如需保留，请写在备注中")


@pytest.mark.parametrize("typed", ["李红兵", "买买提·艾力", "（李红兵）", "John Smith", ""])
def test_a_name_without_a_title_in_brackets_is_as_it_was(typed):
    assert name_remark(typed) is None and name_remark_note(typed) is None
    assert without_name_remark(typed) == typed


def test_a_number_in_a_names_bracket_is_refused_as_in_the_name():
    with pytest.raises(ValidationError) as refused:
        without_name_remark("张三（13800138000）")
    assert "姓名中有数字" in refused.value.message
