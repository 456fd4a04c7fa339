"""A unit's table gives a paid studio another 所在单位: with --update-studios (or the
dialog's box) the studio moves, but its paid projects stay paid to the enterprise of
their first payment (migration 11). The note by row said only that the studio moved;
the clerk correcting a misspelling this way believed the payment lists fixed."""

from __future__ import annotations

from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet
from test_ui_enterprise_correction import RIGHT, WRONG, a_paid_project
from test_ui_import import open_dialog, read
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.cli import main
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import Register

__all__ = ["answers", "ctx", "qsettings", "window"]

STUDIO = "李红兵劳模创新工作室"


def table(tmp_path, name="p.xlsx"):
    return write_sheet(tmp_path / name, [
        [*PROJECT_HEADERS, "所在单位"],
        [*project_row(推荐单位="首钢集团工会", 工作室名称=STUDIO, 项目名称="连铸坯缺陷检测二期",
                      领衔人="李红兵"), RIGHT]])


def test_update_studios_says_the_paid_award_keeps_its_payee_and_where_to_correct(
        tmp_path, capsys):
    db = tmp_path / "r.db"
    with Register.open(db, operator="测试员") as reg:
        app_id = a_paid_project(reg)
    assert main(["import", str(table(tmp_path)), "--db", str(db), "--update-studios"]) == 0
    err = capsys.readouterr().err
    assert f"所在单位由登记册的{WRONG}改为表中的{RIGHT}" in err
    assert f"已拨付的项目仍拨付给原收款单位（项目{app_id}：“{WRONG}”）" in err
    assert "“单位与人员”→“所在单位”中更正" in err
    with Register.open(db) as reg:  # what the note says is what happened
        assert reg.studio(STUDIO).enterprise_name == RIGHT
        assert {x.payee for x in payment_lines(reg, 2022, app_ids=[app_id])} == {WRONG}


def test_the_import_dialog_says_so_before_the_box_is_ticked_and_after(
        window, qtbot, reg, answers, tmp_path):
    app_id = a_paid_project(reg)
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, table(tmp_path))
    reasons = dialog.model.data(dialog.model.index(0, 2))
    assert f"已拨付的项目（项目{app_id}：“{WRONG}”），收款单位按表更新也不会改" in reasons
    dialog.update_studios.setChecked(True)
    reasons = dialog.model.data(dialog.model.index(0, 2))
    assert f"已拨付的项目仍拨付给原收款单位（项目{app_id}：“{WRONG}”）" in reasons
