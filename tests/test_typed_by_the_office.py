"""What an intake clerk types, read as she means it — in the form and in an imported table
alike (one parser, ``boostdesk.validate``): dates with a full stop or 日 after the day, an
input method's 、 or 。 for the dot, in Chinese numerals; a patent number with a dash before
its check digit (still checked); 是否一线职工 answered 一线 / 非一线."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures.summary_sheets import (
    CARD_1,
    ID_1,
    ID_2,
    PATENT_HEADERS,
    patent_no,
    patent_row,
    write_sheet,
)
from PySide6.QtCore import Qt
from test_ui_entry import open_new_form
from test_ui_support import answers, closed, ctx, fill, press, qsettings, window

from boostdesk.io.cell_readers import cell_reader
from boostdesk.io.headers import DATE, YES_NO, Column
from boostdesk.io.importer import read_table
from boostdesk.models.records import PATENT_MATERIALS
from boostdesk.ui.form_widgets import DateField
from boostdesk.validate import ValidationError

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
SPELLINGS = ("2021.03.05.", "2021-3-5日", "2021、3、5", "2021。3。5", "二〇二一年三月五日",
             "二○二一年三月五日", "二零二一年三月五日", "2021年3月5日。")


@pytest.mark.parametrize("typed", SPELLINGS)
def test_the_form_and_the_import_read_a_date_alike(qapp, typed):
    field = DateField()
    field.setText(typed)
    read_cell = cell_reader(Column("grant_date", "授权公告日", DATE), None)
    assert field.value() == read_cell(typed) == date(2021, 3, 5)


@pytest.mark.parametrize(("typed", "said"), [
    ("2021.13.5", "“2021.13.5”：没有 13 月"), ("2021.2.30", "“2021.2.30”：2021 年 2 月没有 30 日")])
def test_the_form_and_the_import_refuse_an_impossible_day_alike(qapp, typed, said):
    field = DateField()
    field.setText(typed)
    read_cell = cell_reader(Column("grant_date", "授权公告日", DATE), None)
    for read in (field.value, lambda: read_cell(typed)):
        with pytest.raises(ValidationError) as refused:
            read()
        assert refused.value.message == said


def test_the_import_reads_the_offices_spellings(tmp_path):
    table = write_sheet(tmp_path / "海淀区汇总表.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1, 专利号="ZL202110123456-7", 授权公告日="2021.03.05.", 是否一线职工="一线"),
        patent_row(序号=2, 专利号=patent_no("202110654321"), 授权公告日="二〇二一年三月五日",
                   第一发明人="李四", 身份证号=ID_2, 是否一线职工="非一线"),
        patent_row(序号=3, 专利号="ZL202110777777-1", 授权公告日="2021、3、5", 第一发明人="王五",
                   是否职务发明="一线"),
    ])
    preview = read_table(table, 2022)
    [first, second] = preview.records
    assert (first.patent_number_raw, first.grant_date, first.frontline) == (
        "ZL202110123456-7", date(2021, 3, 5), True)
    assert (second.grant_date, second.frontline) == (date(2021, 3, 5), False)
    # 一线 answers 是否一线职工 only; a dash is no way round the check digit (…777777.9)
    errors = [str(e) for e in preview.errors]
    assert "第 5 行“是否职务发明”：无法识别“一线”：请填“是”或“否”" in errors
    reads = cell_reader(Column("service_invention", "是否职务发明", YES_NO), None)
    with pytest.raises(ValidationError):
        reads("一线")


def test_a_clerk_types_them_into_the_form(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    fill(qtbot, "北京市海淀区总工会", "北京中科智测科技有限公司", "一种焊缝缺陷的超声检测方法")
    fill(qtbot, "ZL202110123456-7", "二〇二一年三月五日", "张三")
    fill(qtbot, ID_1, CARD_1, "13800138000")
    fill(qtbot, "一线", "y", "y")  # 一线 committed by the input method into the yes/no box
    fill(qtbot, "智能装备", None, "2022年10月20日。")
    for _ in PATENT_MATERIALS:
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_Tab)
    assert form.editor("grant_date").text() == "2021-03-05"  # tidied once left
    qtbot.waitUntil(lambda: "发明专利 ZL202110123456.7" in form.rows["patent_number_raw"].hint.text())
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    [app] = reg.patents(2022)
    assert (app.patent_number, app.grant_date, app.frontline, app.received_date) == (
        "ZL202110123456.7", date(2021, 3, 5), True, date(2022, 10, 20))
