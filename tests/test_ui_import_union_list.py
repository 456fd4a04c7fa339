"""复制问题清单 speaks to the union that sent the table: what is wrong in it, row by row, and
what to send again; the clerk's own steps (screens, boxes, command-line flags) stay in the
preview. A resent row is said as it is: unchanged, corrected (where), or a repeat."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import (
    ID_1,
    ID_2,
    INVENTION_2,
    PATENT_HEADERS,
    patent_no,
    patent_row,
    resident_id,
    write_sheet,
)
from test_ui_import import open_dialog, read
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table

__all__ = ["answers", "ctx", "qsettings", "window"]

THIRD = patent_no("202110777777")
ID_3 = resident_id("11010219900101003")
ID_4 = resident_id("11010219910101004")
_CLERKS = ("--", "命令行", "“专利助推”", "“单位与人员”", "请选", "勾选", "导入后", "专利1", "专利2")


def test_a_resent_table_s_list_says_each_row_as_the_union_reads_it(
        window, qtbot, reg, answers, tmp_path):
    first = write_sheet(tmp_path / "海淀区.xlsx", [
        PATENT_HEADERS, patent_row(),
        patent_row(序号=2, 专利号=INVENTION_2, 第一发明人="李四", 身份证号=ID_2)])
    commit(reg, read_table(first, 2022))
    again = write_sheet(tmp_path / "海淀区（第2次）.xlsx", [
        PATENT_HEADERS, patent_row(),  # as registered
        patent_row(序号=2, 专利号=INVENTION_2, 第一发明人="李四", 身份证号=ID_2,
                   授权公告日=date(2021, 4, 1)),  # the correction asked for
        patent_row(序号=3, 专利号=THIRD, 第一发明人="王五", 身份证号=ID_3, 专利名称="一种新夹具"),
        patent_row(序号=4, 专利号=THIRD, 第一发明人="赵六", 身份证号=ID_4, 专利名称="一种新夹具"),
        # 张三's ID under another name: asked in the preview with the clerk's choices
        patent_row(序号=5, 专利号=patent_no("202110888888"), 第一发明人="张叁", 身份证号=ID_1,
                   专利名称="一种新阀门"),
    ])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, again)
    text = dialog.problem_text()
    head, *lines = text.splitlines()
    assert head.endswith("：已登记 2 行（本次有更正 1 行、本次未改动 1 行），与前面的行重复 1 行")
    assert (f"第 3 行：专利 {INVENTION_2} 已登记，本次有更正 1 处（授权公告日：原报“2021-03-05”，"
            "本次“2021-04-01”）") in lines
    assert ("第 5 行：与前面第 4 行重复（专利号相同，第一发明人不同：第 4 行为王五，本行为赵六）："
            "请按专利证书核对，删去多余的一行或改正后重新报送") in lines
    assert not any(line.startswith("第 2 行") for line in lines)  # nothing to do there
    assert any(line.startswith("第 6 行：") and "是同一人吗" in line for line in lines)
    assert not [word for word in _CLERKS if word in text]
    # the clerk's guidance stays in the preview
    reasons = " ".join(str(dialog.model.data(dialog.model.index(n, 2)))
                       for n in range(dialog.model.rowCount()))
    assert "“专利助推”" in reasons and "--rename-people" in reasons


def test_a_disputed_first_inventor_is_not_named_to_the_other_union(
        window, qtbot, reg, answers, tmp_path):
    """Another union's table claims a registered patent for another person: the union's list
    says the patent is registered by another union's paper, never whose (PIPL: a letter
    leaving the office names no other union's applicant); the clerk's preview names him."""
    first = write_sheet(tmp_path / "海淀区.xlsx", [
        PATENT_HEADERS, patent_row(第一发明人="隐私乙", 身份证号=ID_2)])
    commit(reg, read_table(first, 2022))
    other = write_sheet(tmp_path / "朝阳区.xlsx", [
        PATENT_HEADERS, patent_row(推荐单位="北京市朝阳区总工会", 第一发明人="王五",
                                   身份证号=ID_3)])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, other)
    text = dialog.problem_text()
    assert "隐私乙" not in text and "北京市海淀区总工会" not in text, text
    assert "该专利已由另一推荐单位的申报登记为第一发明人；本表第 2 行的第一发明人为王五" in text
    reasons = " ".join(str(dialog.model.data(dialog.model.index(n, 2)))
                       for n in range(dialog.model.rowCount()))
    assert "隐私乙" in reasons
