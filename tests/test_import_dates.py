"""Dates in a unit's table as Excel keeps them: a workbook counting from 1904 (begun in an
older Excel for Mac, kept so by every save since), dates pasted as values."""

from __future__ import annotations

from datetime import date

import openpyxl
from fixtures.summary_sheets import (
    PATENT_HEADERS,
    card,
    numbered_name,
    patent_no,
    patent_row,
    resident_id,
)
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from boostdesk.io.importer import read_table

GRANTED = [date(2021, 3, 5), date(2021, 12, 31), date(2021, 1, 1)]


def _table(path, epoch, cells):
    wb = openpyxl.Workbook()
    if epoch is not None:
        wb.epoch = epoch
    ws = wb.active
    ws.append(["2022年职工创新发明专利助推汇总表"])
    ws.append(PATENT_HEADERS)
    for i, value in enumerate(cells):
        ws.append(patent_row(序号=i + 1, 授权公告日=value, 第一发明人=numbered_name("张", i),
                             专利号=patent_no(f"2021101234{i:02d}"),
                             身份证号=resident_id(f"110105198001010{i:02d}"),
                             工会会员互助服务卡号=card(f"6217000012345{i:02d}")))
    wb.save(path)
    return path


def test_dates_pasted_as_values_in_a_1904_workbook_are_its_days(tmp_path):
    """A date pasted as a value loses its format and shows as a number; in a 1904 workbook
    that number is 1,462 days short of the 1900 count: 2021-03-05 was read as 2017-03-04,
    inside no window, nothing said."""
    serials = [(d - date(1904, 1, 1)).days for d in GRANTED]
    path = _table(tmp_path / "mac.xlsx", CALENDAR_MAC_1904,
                  [serials[0], float(serials[1]) + 0.5, GRANTED[2]])  # the last a date cell
    preview = read_table(path, 2022)
    assert not preview.errors
    assert [r.grant_date for r in preview.records] == GRANTED


def test_the_same_numbers_in_a_1900_workbook_and_typed_days_are_read_as_before(tmp_path):
    serials = [(d - date(1899, 12, 30)).days for d in GRANTED]
    path = _table(tmp_path / "pc.xlsx", None, [serials[0], float(serials[1]) + 0.5, 20210101])
    assert [r.grant_date for r in read_table(path, 2022).records] == GRANTED
    path = _table(tmp_path / "mac-typed.xlsx", CALENDAR_MAC_1904,
                  ["2021-03-05", "2021年12月31日", 20210101])
    assert [r.grant_date for r in read_table(path, 2022).records] == GRANTED


def test_days_typed_with_a_two_digit_year_are_read_as_the_form_reads_them(tmp_path):
    """21-1-12, 22年3月5日 typed into a table's text cells, as clerks write dates on paper:
    the import reads them with the form's parser, as 20YY; a year last stays refused."""
    path = _table(tmp_path / "short.xlsx", None, ["21-1-12", "21年3月5日", "21.12.31"])
    preview = read_table(path, 2022)
    assert not preview.errors
    assert [r.grant_date for r in preview.records] == [date(2021, 1, 12), *GRANTED[:2]]
    path = _table(tmp_path / "year-last.xlsx", None, ["5-3-21"])
    assert [e.message for e in read_table(path, 2022).errors] == [
        "无法识别的日期：5-3-21，请写成 2021-03-05"]
