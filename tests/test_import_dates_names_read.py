"""A summary table's cells read as the paper forms read them (stop 47's tester): a
计划完成日期 written as a month alone (2023年12月) is its last day, said as a note (不算问题);
a 立项日期 or 授权公告日 so written is still refused, its day is on the paper. A two-digit
year late in its century is of the last one (99-3-5: 1999-03-05, said), an input method's
full-width comma parts a date as its 、 does, and a person's name with a bracketed title
(李红兵（高级工程师）) is the name, the title said as dropped."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import (
    PATENT_HEADERS,
    PROJECT_HEADERS,
    patent_row,
    project_row,
    write_sheet,
)

from boostdesk.io.importer import read_table
from boostdesk.models.campaign import plan_2022


def _projects(tmp_path, *rows: dict[str, object]):
    table = [PROJECT_HEADERS, *(project_row(序号=i, 项目名称=f"数控机床精度补偿{'一二三'[i - 1]}", **over)
                                for i, over in enumerate(rows, start=1))]
    return read_table(write_sheet(tmp_path / "朝阳区总工会_项目汇总表.xlsx", table), 2022,
                      campaign=plan_2022())


def _patents(tmp_path, *rows: dict[str, object]):
    table = [PATENT_HEADERS, *(patent_row(序号=i, **over) for i, over in enumerate(rows, start=1))]
    return read_table(write_sheet(tmp_path / "海淀区总工会_专利汇总表.xlsx", table), 2022,
                      campaign=plan_2022())


def test_a_planned_completion_given_as_a_month_is_its_last_day_said(tmp_path):
    preview = _projects(tmp_path, {"计划完成日期": "2023年12月"}, {"计划完成日期": "2024.2"},
                        {"计划完成日期": "2023-12-31"})
    assert not preview.errors
    assert [r.planned_completion for r in preview.records] == [
        date(2023, 12, 31), date(2024, 2, 29), date(2023, 12, 31)]
    assert preview.read_as[2] == ["计划完成日期填“2023年12月”，未写日，读作 2023-12-31"]
    assert preview.read_as[3] == ["计划完成日期填“2024.2”，未写日，读作 2024-02-29"]
    assert 4 not in preview.read_as  # written whole: nothing to say


def test_an_approval_date_given_as_a_month_is_still_refused(tmp_path):
    preview = _projects(tmp_path, {"立项日期": "2022年3月"})
    assert [e.row for e in preview.errors] == [2]
    assert "只有年和月，请照原件写出哪一天" in str(preview.errors[0])


def test_a_grant_date_given_as_a_month_is_still_refused(tmp_path):
    preview = _patents(tmp_path, {"授权公告日": "2021年3月"})
    assert [e.row for e in preview.errors] == [2]
    assert "只有年和月，请照原件写出哪一天" in str(preview.errors[0])


def test_a_two_digit_year_late_in_its_century_is_of_the_last_one_and_said(tmp_path):
    preview = _patents(tmp_path, {"授权公告日": "99-3-5"}, {"授权公告日": "21-3-5"})
    assert [r.grant_date for r in preview.records] == [date(1999, 3, 5), date(2021, 3, 5)]
    assert preview.read_as[2] == ["授权公告日填“99-3-5”，读作 1999-03-05"]
    assert preview.read_as[3] == ["授权公告日填“21-3-5”，读作 2021-03-05"]


def test_a_two_digit_year_before_the_plans_dates_is_refused_naming_the_reading(tmp_path):
    preview = _patents(tmp_path, {"授权公告日": "84-3-5"})
    assert [e.row for e in preview.errors] == [2]
    said = str(preview.errors[0])
    assert "两位数的年份读作 1984-03-05" in said and "Excel" not in said


def test_a_date_parted_by_the_full_width_comma_is_read(tmp_path):
    preview = _patents(tmp_path, {"授权公告日": "2021，10，28"})
    assert not preview.errors
    assert [r.grant_date for r in preview.records] == [date(2021, 10, 28)]


def test_a_name_with_a_bracketed_title_is_the_name_and_the_title_said(tmp_path):
    preview = _projects(tmp_path, {"领衔人": "李四（高级工程师）", "联系人": "王五(主任)、赵六"})
    assert not preview.errors
    [record] = preview.records
    assert (record.leader, record.contact_name) == ("李四", "王五、赵六")
    assert preview.read_as[2] == [
        "领衔人填“李四（高级工程师）”，括号中的“高级工程师”不是姓名，按“李四”保存；"
        "职务、职称等如需保留，请写在备注中",
        "联系人填“王五(主任)、赵六”，括号中的“主任”不是姓名，按“王五、赵六”保存；"
        "职务、职称等如需保留，请写在备注中"]


def test_an_inventor_with_a_bracketed_title_is_the_same_person_as_without(tmp_path):
    preview = _patents(tmp_path, {"第一发明人": "张三【高级工程师、主任】"})
    assert not preview.errors
    assert [r.inventor_name for r in preview.records] == ["张三"]


def test_a_number_in_a_names_bracket_is_refused_as_in_the_name(tmp_path):
    preview = _patents(tmp_path, {"第一发明人": "张三（13800138000）"})
    assert [e.row for e in preview.errors] == [2]
    assert "姓名中有数字" in str(preview.errors[0])
