"""The dialogs that store free text take no more than the paper forms and the import do
(``field_limits``): a whole document pasted into a studio's name or a reason is said at once
and refused at save, never stored and never cut silently (QLineEdit cut at 32,767)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from test_finance import add_project
from test_ui_support import answers, ctx, qsettings

from boostdesk.field_limits import FIELD_LIMITS
from boostdesk.models.records import PROJECT

__all__ = ["answers", "ctx", "qsettings"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier
BIG = "长" * 100_000


def paste(qtbot, editor, text: str) -> None:
    editor.setFocus()
    editor.selectAll()
    QGuiApplication.clipboard().setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_V, CTRL)


def test_a_100000_character_studio_name_is_said_at_paste_and_refused_at_save(
        ctx, qtbot, reg, answers):
    from boostdesk.ui.studio_screen import StudioDialog

    add_project(reg)
    dialog = StudioDialog(ctx, reg.studio("李红兵劳模创新工作室"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    paste(qtbot, dialog.name, BIG)
    assert len(dialog.name.text()) == 100_000  # whole, not cut at 32,767
    limit = FIELD_LIMITS["studio_name"]
    assert f"粘贴的内容有 100,000 字，超过“工作室名称”可填的 {limit} 字" in dialog.name.pasted
    paste(qtbot, dialog.enterprise, "企" * 150)
    dialog.accept()
    title, text = answers.errors[-1]
    assert title == "未保存"
    assert text.startswith(f"工作室名称有 100,000 字，超过此栏可填的 {limit} 字")
    assert QApplication.focusWidget() is dialog.name
    assert reg.studio("李红兵劳模创新工作室") is not None and reg.studio(BIG) is None

    dialog.name.set_value("李红兵劳模创新工作室")
    dialog.accept()
    assert answers.errors[-1][1].startswith("所在单位有 150 字，超过此栏可填的 60 字")
    assert QApplication.focusWidget() is dialog.enterprise
    assert reg.studio("李红兵劳模创新工作室").enterprise_name != "企" * 150


def test_a_reason_longer_than_the_trail_takes_is_refused_where_it_is_typed(ctx, qtbot, reg):
    from boostdesk.ui.reason_dialog import ReasonDialog
    from boostdesk.ui.status_dialog import StatusDialog

    limit = FIELD_LIMITS["reason"]
    asked = ReasonDialog("撤销", "将撤销。", "如：录错", "撤销", "请填写理由")
    qtbot.addWidget(asked)
    asked.show()
    paste(qtbot, asked.reason_field, BIG)
    asked._try_accept()
    assert asked.result() != ReasonDialog.DialogCode.Accepted
    assert asked.error.text().startswith(f"理由有 100,000 字，超过此栏可填的 {limit} 字")
    asked.reason_field.set_value("录错")
    asked._try_accept()
    assert asked.result() == ReasonDialog.DialogCode.Accepted and asked.reason == "录错"

    app_id = add_project(reg, status="registered")
    dialog = StatusDialog(ctx, PROJECT, app_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.select("refused"), dialog.targets
    paste(qtbot, dialog.reason, "理" * (limit + 1))
    dialog.accept()
    assert f"理由有 {limit + 1} 字，超过此栏可填的 {limit} 字" in dialog.error.text()
    assert reg.project(app_id).status == "registered"


def test_the_people_tabs_corrections_refuse_a_name_or_reason_too_long(ctx, qtbot, reg, answers):
    """单位与人员: 更正姓名, 更正所在单位名称 and a union's dialog took a whole document as
    the new name (cut at 32,767) and stored it."""
    from boostdesk.ui.people_screen import EnterpriseNameDialog, UnitKindDialog

    add_project(reg)
    ent_id = reg.scalar("SELECT id FROM enterprises WHERE name = ?", ("首钢智能装备制造有限公司",))
    dialog = EnterpriseNameDialog(ctx, ent_id, "首钢智能装备制造有限公司")
    qtbot.addWidget(dialog)
    dialog.show()
    paste(qtbot, dialog.new_name, BIG)
    dialog.reason.setText("录错")
    dialog.accept()
    assert answers.errors[-1] == ("未更正", "所在单位名称有 100,000 字，超过此栏可填的 60 字："
                                           "请删减到 60 字以内（长篇内容请作为附件材料留存）")
    assert reg.scalar("SELECT name FROM enterprises WHERE id = ?", (ent_id,)) == "首钢智能装备制造有限公司"

    unit = UnitKindDialog(ctx, "首钢集团工会", "企业", None)
    qtbot.addWidget(unit)
    unit.show()
    paste(qtbot, unit.reason, "因" * 501)
    unit.accept()
    assert answers.errors[-1][1].startswith("原因有 501 字，超过此栏可填的 500 字")


def test_a_past_awards_title_pasted_whole_is_refused_not_stored(ctx, qtbot, reg):
    """录入往年助推: its 项目名称 took a whole document and stored it."""
    from boostdesk.ui.studio_screen import AwardDialog

    dialog = AwardDialog(ctx, "李红兵劳模创新工作室")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.year.setText("2021")
    dialog.amount.set_value(10 * 10_000_00)
    paste(qtbot, dialog.title, BIG)
    dialog.accept()
    assert "项目名称有 100,000 字，超过此栏可填的 200 字" in dialog.error.text()
    assert reg.studio_awards() == []
