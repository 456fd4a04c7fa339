"""核对意见 says a union's ID correction the import did not take (stop 40 left it out).

A union's table sent again gives a registered paper's first inventor (same name) another
ID number: the union correcting it. Not taken — the number is a person's with an award
paid (a namesake is not the same man: asked), or the clerk did not update from the table —
the union's letter lists the row under 未能登记的行 and says why in its own words: the two
numbers masked, no screen, option or other person named, not told as a dispute."""

from __future__ import annotations

import openpyxl
from fixtures.summary_sheets import CARD_2, ID_1, INVENTION_2, patent_row, resident_id
from PySide6.QtCore import Qt
from test_import_resend_own_table import CARD_A, CHAOYANG, HAIDIAN, NEW_ID, _import
from test_ui_corrections import a_paid_patent
from test_ui_support import answers, ctx, press, qsettings, window

from boostdesk.cli import main
from boostdesk.labels import mask_id
from boostdesk.models import Register

__all__ = ["answers", "ctx", "qsettings", "window"]

NEW_ROW = patent_row(序号=2, 第一发明人="赵六", 身份证号=resident_id("11010219910101004"),
                     专利号="ZL202110888888.7", 专利名称="一种新阀门")
NOT_TAKEN = (f"本行所填第一发明人身份证号 {mask_id(NEW_ID)} 与登记的 {mask_id(ID_1)} 不同，"
             "未按本行更正：")


def _haidian(tmp_path, db, paid: bool):
    """海淀's 王明 registered with ID_1; NEW_ID is a paid 王明's of 朝阳 (``paid``)."""
    if paid:
        with Register.open(db, operator="测试员") as reg:
            a_paid_patent(reg, name="王明", id_number=NEW_ID, card=CARD_2, unit=CHAOYANG)
    assert _import(tmp_path, db, "海淀区.xlsx", patent_row(
        序号=1, 第一发明人="王明", 专利号=INVENTION_2, 专利名称="一种传感器")) == 0
    return patent_row(序号=1, 第一发明人="王明", 身份证号=NEW_ID, 专利号=INVENTION_2,
                      专利名称="一种传感器", 工会会员互助服务卡号=CARD_A)


def _refused_sheet(tmp_path, db) -> list[tuple]:
    out = tmp_path / "letters"
    assert main(["export", "notices", "--db", str(db), "--out", str(out),
                 "--materials-unticked", "--union", HAIDIAN]) == 0
    [letter] = out.glob("*.xlsx")
    book = openpyxl.load_workbook(letter)
    [sheet] = [ws for ws in book.worksheets if ws.title.endswith("（未能登记的行）")]
    return [r for r in sheet.iter_rows(values_only=True) if r[1] == "第 3 行"]


def test_a_correction_onto_a_paid_person_held_with_update_is_in_the_letter(tmp_path, capsys):
    db = tmp_path / "r.db"
    resend = _haidian(tmp_path, db, paid=True)
    assert _import(tmp_path, db, "海淀区（第2次）.xlsx", resend, NEW_ROW,
                   options=["--update-registered"]) == 0
    [row] = _refused_sheet(tmp_path, db)
    why = row[4]
    assert NOT_TAKEN in why
    assert "已登记在另一份申报的第一发明人名下，同名不一定是同一人，须核实后才能更正" in why
    assert "在此之前本行的工会会员互助服务卡号也未采用" in why
    assert "请提供第一发明人的身份证复印件" in why
    # the union's words: no other person's paper or payment, no screen, no option
    for clerks in ("专利1", "专利2", "拨付", "“专利助推”", "--", "按表更新", "争议", NEW_ID, ID_1):
        assert clerks not in why, clerks
    with Register.open(db) as reg:
        assert reg.patent(2).id_number == ID_1  # not taken


def test_a_correction_the_clerk_did_not_take_is_said_plainly_not_as_a_dispute(tmp_path, capsys):
    db = tmp_path / "r.db"
    resend = _haidian(tmp_path, db, paid=False)
    assert _import(tmp_path, db, "海淀区（第2次）.xlsx", resend, NEW_ROW,
                   options=["--skip-bad-rows"]) == 0
    [row] = _refused_sheet(tmp_path, db)
    why = row[4]
    assert NOT_TAKEN in why and "须核对后才能更正，本行各项暂未更新" in why
    assert "请按专利证书核对第一发明人" not in why and "争议" not in why
    assert row[2] == "王明"


def test_a_table_of_only_that_row_is_still_kept_for_the_letter(tmp_path, capsys):
    db = tmp_path / "r.db"
    resend = _haidian(tmp_path, db, paid=True)
    capsys.readouterr()
    assert _import(tmp_path, db, "海淀区（第2次）.xlsx", resend,
                   options=["--update-registered"]) == 1  # nothing taken, nothing new
    assert "列于“未能登记的行”" in capsys.readouterr().err
    [row] = _refused_sheet(tmp_path, db)
    assert NOT_TAKEN in row[4]


def test_a_correction_taken_is_not_listed_as_not_taken(tmp_path, capsys):
    db = tmp_path / "r.db"
    resend = _haidian(tmp_path, db, paid=False)
    assert _import(tmp_path, db, "海淀区（第2次）.xlsx", resend, NEW_ROW,
                   options=["--update-registered"]) == 0
    with Register.open(db) as reg:
        assert reg.patent(1).id_number == NEW_ID
    out = tmp_path / "letters"
    assert main(["export", "notices", "--db", str(db), "--out", str(out),
                 "--materials-unticked", "--union", HAIDIAN]) == 0
    [letter] = out.glob("*.xlsx")
    titles = [ws.title for ws in openpyxl.load_workbook(letter).worksheets]
    assert not any(t.endswith("（未能登记的行）") for t in titles)


def test_the_import_window_keeps_it_for_the_letter_too(window, qtbot, reg, answers, tmp_path):
    from fixtures.summary_sheets import PATENT_HEADERS, write_sheet
    from test_import_resend_own_table import TITLE
    from test_ui_import import open_dialog, read
    from test_ui_support import closed

    from boostdesk.io.import_commit import commit
    from boostdesk.io.importer import read_table
    from boostdesk.io.refused_rows import refused_rows
    from boostdesk.models.records import PATENT

    a_paid_patent(reg, name="王明", id_number=NEW_ID, card=CARD_2, unit=CHAOYANG)
    first = patent_row(序号=1, 第一发明人="王明", 专利号=INVENTION_2, 专利名称="一种传感器")
    commit(reg, read_table(write_sheet(tmp_path / "海淀区.xlsx", [TITLE, PATENT_HEADERS, first]),
                           2022))
    resend = patent_row(序号=1, 第一发明人="王明", 身份证号=NEW_ID, 专利号=INVENTION_2,
                        专利名称="一种传感器", 工会会员互助服务卡号=CARD_A)
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, write_sheet(tmp_path / "海淀区（第2次）.xlsx",
                                    [TITLE, PATENT_HEADERS, resend, NEW_ROW]))
    # 按表更新 would take nothing of it: not offered; the row stays marked, skipped
    assert not dialog.update_registered.isVisible()
    assert dialog.import_rest.text() == "跳过标出的 1 行，导入 1 行(&S)"
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_rest)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)

    [row] = refused_rows(reg, 2022)[HAIDIAN][PATENT]
    assert row.row == 3 and row.registered and NOT_TAKEN in row.said
    assert reg.patent(2).id_number == ID_1
