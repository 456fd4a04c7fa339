"""A person's phone given otherwise by a second union's table: the table's is taken (the
phone is the person's, the newest most likely right), said masked wherever the note is
printed — the command line, the preview's 原因, its reasons pane, 复制问题清单 — and naming
the first union's paper whose phone it replaces; the second union's copy neither quotes
the register's number nor names the first union's paper."""

from __future__ import annotations

from fixtures.summary_sheets import ID_1, PATENT_HEADERS, patent_no, patent_row, write_sheet
from PySide6.QtCore import QItemSelectionModel
from test_ui_import import open_dialog, read
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.cli import main
from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.models import Register

__all__ = ["answers", "ctx", "qsettings", "window"]

FIRST, SECOND = "010-62345678", "13919196607"  # the first union gave his office's landline


def tables(tmp_path):
    chaoyang = write_sheet(tmp_path / "朝阳.xlsx", [PATENT_HEADERS, patent_row(
        推荐单位="北京市朝阳区总工会", 身份证号=ID_1, 联系电话=FIRST)])
    haidian = write_sheet(tmp_path / "海淀.xlsx", [PATENT_HEADERS, patent_row(
        推荐单位="北京市海淀区总工会", 身份证号=ID_1, 联系电话=SECOND,
        专利名称="一种夹具", 专利号=patent_no("202110666666"))])
    return chaoyang, haidian


def test_the_command_line_says_the_change_masked_and_whose_paper_it_reaches(tmp_path, capsys):
    db = tmp_path / "r.db"
    chaoyang, haidian = tables(tmp_path)
    assert main(["--db", str(db), "import", str(chaoyang)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "import", str(haidian)]) == 0
    out, err = capsys.readouterr()
    note = next(line for line in err.splitlines() if "联系电话表中为" in line)
    assert "联系电话表中为 139****6607，登记册为 010-****5678：按本行登记" in note
    assert "其中专利1是北京市朝阳区总工会报送的，其联系电话也由该单位所报的号码改为本表的" in note
    assert "请与本人核实" in note
    assert SECOND not in out + err and "62345678" not in out + err
    with Register.open(db) as reg:  # the newest taken, on his first paper too
        assert reg.patent(1).phone == reg.patent(2).phone == SECOND


def test_two_phones_masking_alike_are_said_to_differ(tmp_path, capsys):
    db = tmp_path / "r.db"
    chaoyang, _ = tables(tmp_path)
    assert main(["--db", str(db), "import", str(chaoyang)]) == 0
    again = write_sheet(tmp_path / "朝阳补报.xlsx", [PATENT_HEADERS, patent_row(
        推荐单位="北京市朝阳区总工会", 身份证号=ID_1, 联系电话="010-61115678",
        专利名称="一种夹具", 专利号=patent_no("202110666666"))])
    capsys.readouterr()
    assert main(["--db", str(db), "import", str(again)]) == 0
    err = capsys.readouterr().err
    assert "联系电话表中为 010-****5678（号码不同，中间位已隐去），登记册为 010-****5678" in err
    assert "报送的，其联系电话" not in err  # his paper is the same union's: nothing more to say


def test_the_dialog_masks_it_and_the_unions_copy_keeps_the_other_unions_out(
        window, qtbot, reg, answers, tmp_path):
    chaoyang, haidian = tables(tmp_path)
    commit(reg, read_table(chaoyang, 2022))
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, haidian)
    reason = dialog.model.data(dialog.model.index(0, 2))
    assert "联系电话表中为 139****6607，登记册为 010-****5678" in reason
    assert "其中专利1是北京市朝阳区总工会报送的" in reason
    dialog.table.selectionModel().setCurrentIndex(
        dialog.model.index(0, 2), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    pane = dialog.reasons.text()
    assert "联系电话表中为 139****6607" in pane and "62345678" not in pane and SECOND not in pane
    summary = dialog.summary.text()
    assert "62345678" not in summary and SECOND not in summary
    problems = dialog.problem_text()  # to 海淀: its own row, not 朝阳's number or paper
    assert "的联系电话与此前登记的不同，将按本表所填登记：请确认本表所填无误" in problems
    assert "朝阳" not in problems and "5678" not in problems and "专利1" not in problems
