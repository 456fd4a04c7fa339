"""A 收件日期 written without its year (10月28日, 10.28) in a summary table's 收件日期 column is
read as the paper form reads it: in the year that puts it in or near the campaign's season
(the plan's issue to its 报送截止日), the row saying how it was read (读作 2022-10-28, 不算问题).
A 授权公告日 is printed with its year on the certificate: without one it is still refused."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import PATENT_HEADERS, patent_no, patent_row, resident_id, write_sheet

from boostdesk.io.importer import read_table
from boostdesk.models.campaign import plan_2022

HEADERS = [*PATENT_HEADERS, "收件日期"]


def _table(tmp_path, *cells: object, **over: object):
    rows = [[*patent_row(序号=i, **over), cell] for i, cell in enumerate(cells, start=1)]
    return write_sheet(tmp_path / "海淀区总工会_专利汇总表.xlsx", [HEADERS, *rows])


def test_a_received_date_without_its_year_is_read_in_the_season_and_said(tmp_path):
    c = plan_2022()
    preview = read_table(_table(tmp_path, "10月28日", "10.30", "2022-10-25"), 2022, campaign=c)
    assert not preview.errors
    assert [r.received_date for r in preview.records] == [
        date(2022, 10, 28), date(2022, 10, 30), date(2022, 10, 25)]
    assert preview.read_as[2] == ["收件日期填“10月28日”，未写年份，读作 2022-10-28"]
    assert preview.read_as[3] == ["收件日期填“10.30”，未写年份，读作 2022-10-30"]
    assert 4 not in preview.read_as  # written whole: nothing to say


def test_one_far_from_the_season_is_refused_asking_for_its_year(tmp_path):
    preview = read_table(_table(tmp_path, "6月1日"), 2022, campaign=plan_2022())
    assert [e.row for e in preview.errors] == [2]
    assert "日期缺少年份：6月1日 离本年度收件时间较远" in str(preview.errors[0])


def test_a_grant_date_without_its_year_is_still_refused(tmp_path):
    preview = read_table(_table(tmp_path, "10月28日", 授权公告日="3月5日"), 2022,
                         campaign=plan_2022())
    assert [e.row for e in preview.errors] == [2]
    assert "日期缺少年份" in str(preview.errors[0])


def test_the_import_command_says_how_it_read_the_year(tmp_path, capsys):
    from boostdesk.cli import main

    db = tmp_path / "register.db"
    rows = [[*patent_row(序号=i, 专利号=patent_no(f"20211012345{i}"), 第一发明人=name,
                         身份证号=resident_id(f"1101051980010100{i}")), day]
            for i, (name, day) in enumerate((("张三", "10月28日"), ("李四", "10月28日"),
                                             ("王五", "2022-10-25")), start=1)]
    path = write_sheet(tmp_path / "海淀区总工会_专利汇总表.xlsx", [HEADERS, *rows])
    assert main(["import", str(path), "--db", str(db), "--operator", "录入员甲"]) == 0
    err = capsys.readouterr().err
    assert "提示：收件日期填“10月28日”，未写年份，读作 2022-10-28：2 行（第 2、3 行）" in err
    from boostdesk.models.register import Register

    with Register.open(db, operator="录入员甲") as reg:
        assert [a.received_date for a in reg.patents(2022)] == [
            date(2022, 10, 28), date(2022, 10, 28), date(2022, 10, 25)]
