"""补录名单 as offices keep it: a workbook with Excel's own dates and numbers, a CSV saved by
a Chinese Excel (GBK), a header or none; every wrong line named, nothing stored."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import Workbook

from boostdesk.panel.errors import PanelError
from boostdesk.panel.past import record_past_list
from boostdesk.panel.past_list import read_past_list
from tests.test_past_awards import WAN, past, project  # noqa: F401 - fixture


@pytest.fixture
def ids(past):  # noqa: F811 - fixture
    return [past.save_project(project(2016, t, studio=f"第{i}职工创新工作室"))
            for i, t in enumerate(["数控机床精度补偿", "空调机组变频改造", "焊接机器人"])]


def _xlsx(path, rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_a_workbook_with_excels_dates_numbers_and_a_header_is_read(past, ids, tmp_path):  # noqa: F811
    path = _xlsx(tmp_path / "2016年补录.xlsx", [
        ["项目", "档次（元）", "核准日期", "说明"],
        ["数控机床精度补偿", 50000, datetime(2016, 12, 20), "京工发〔2016〕12号"],
        [ids[1], "10万", "2016年12月20日", None],  # a 登记号 Excel keeps as a number
    ])
    lines = read_past_list(past, 2016, path)
    assert [(x.line, x.project_id, x.amount_fen, x.approved_on, x.note) for x in lines] == [
        (2, ids[0], 5 * WAN, date(2016, 12, 20), "京工发〔2016〕12号"),
        (3, ids[1], 10 * WAN, date(2016, 12, 20), "")]
    record_past_list(past, lines)
    assert [past.project(i).status for i in ids] == ["approved", "approved", "registered"]


def test_a_csv_saved_by_a_chinese_excel_in_gbk_is_read(past, ids, tmp_path):  # noqa: F811
    path = tmp_path / "名单.csv"
    path.write_bytes("项目,档次,日期\n焊接机器人,30000,2016/12/20\n".encode("gbk"))
    assert [(x.project_id, x.amount_fen) for x in read_past_list(past, 2016, path)] == [
        (ids[2], 3 * WAN)]


def test_a_mistyped_amount_on_the_first_line_is_refused_not_taken_for_a_header(
        past, ids, tmp_path):  # noqa: F811
    path = tmp_path / "名单.csv"
    path.write_text("数控机床精度补偿,5000o,2016-12-20\n空调机组变频改造,50000,2016-12-20\n"
                    "数控机床,50000,2016-12-21\n", encoding="utf-8")
    with pytest.raises(PanelError) as caught:
        read_past_list(past, 2016, path)
    text = str(caught.value)
    assert "第 1 行：档次金额" in text
    assert "第 3 行：“数控机床精度补偿”与第" not in text  # line 1 was refused: not a first
    path.write_text("数控机床精度补偿,50000,2016-12-20\n数控机床,50000,2016-12-21\n",
                    encoding="utf-8")
    with pytest.raises(PanelError, match="第 2 行：“数控机床精度补偿”与第 1 行是同一项目"):
        read_past_list(past, 2016, path)


def test_a_file_of_another_kind_or_empty_says_what_a_list_is(past, ids, tmp_path):  # noqa: F811
    doc = tmp_path / "名单.docx"
    doc.write_bytes(b"PK\x03\x04")
    with pytest.raises(PanelError, match="不是补录名单.*每行：项目名称或登记号"):
        read_past_list(past, 2016, doc)
    empty = _xlsx(tmp_path / "空.xlsx", [["项目", "档次", "核准日期"]])
    with pytest.raises(PanelError, match="没有要补录的项目"):
        read_past_list(past, 2016, empty)
