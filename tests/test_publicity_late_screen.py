"""公示 and 拨付 in the window: an objection of the period entered after 结束公示 holds
the award on 拨付 until it is settled; once a part is paid the clerk is told what to do."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from test_ui_support import year_context

from boostdesk.finance.paying import mark_paid
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models.campaign import FEDERATION
from boostdesk.models.records import PROJECT
from boostdesk.ui.payments_screen import PaymentsScreen
from boostdesk.ui.publicity_screen import PublicityScreen
from tests.test_panel_support import (
    YEAR,
    two_adopted,
)
from tests.test_publicity_screen import (
    _click_row,
    _dismiss,
    _object,
    _states,
    _titles,
)


@pytest.fixture
def shown(reg, tmp_path, qtbot, monkeypatch):
    """The 公示 screen on a closed batch (both awards approved on 2022-12-27, unpaid),
    and the 拨付 screen on the same register; the error boxes collected."""
    from boostdesk.ui import dialogs

    ids = two_adopted(reg)
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))
    ctx = year_context(reg, tmp_path, YEAR, "刘建国")
    publicity = PublicityScreen(ctx)
    payments = PaymentsScreen(ctx)
    for w in (publicity, payments):
        qtbot.addWidget(w)
        w.resize(1200, 700)
        w.show()
    assert publicity.start(date(2022, 12, 20)) and publicity.close_period(date(2022, 12, 27))
    payments.reload()
    return ids, publicity, payments, errors


def _states_of(payments, title: str) -> set[str]:
    return {payments.states[x.id] for x in payments.lines if x.title == title}


def test_a_late_objection_typed_in_on_the_screen_holds_the_award_on_payments(shown, reg, qtbot):
    ids, publicity, payments, errors = shown
    assert _states(publicity)["市级甲项目"] == "核准"
    _click_row(qtbot, publicity.table, _titles(publicity).index("市级甲项目"))
    assert publicity.object_button.isEnabled()  # was greyed once the period had closed

    def says_held(dialog) -> None:
        assert any("项目已核准" in label.text() and "暂缓拨付" in label.text()
                   for label in dialog.findChildren(QLabel))

    _object(qtbot, publicity, "2022-12-26", "某职工（来信，邮戳12月26日）", "项目数据不实",
            look=says_held)
    assert errors == []
    assert reg.scalar("SELECT content FROM objections WHERE project_id = ?",
                      (ids["a"],)) == "项目数据不实"
    # approved at the close, and held: said as 创新项目's 状态 and 拨付 say it (it read
    # 有异议待处理 alone, as the one kept in publicity at the close does)
    assert _states(publicity)["市级甲项目"] == "有异议待处理（已核准，暂缓拨付）"
    assert reg.project(ids["a"]).status == "approved"

    payments.reload()
    assert _states_of(payments, "市级甲项目") == {"暂缓拨付"}
    held = [x for x in payments.lines if x.title == "市级甲项目" and x.tranche == 1]
    assert "公示期内收到的异议待处理" in payments.describe(held[0].id)
    summary = payments.summary.text()
    assert "另" in summary and "暂缓拨付 4 笔" in summary
    assert "（未计入待拨付：公示期内收到的异议待处理）" in summary
    payments.table.selectRow(payments.model.row_of(held[0].id))
    assert not payments.pay_button.isEnabled()  # nothing to pay among the chosen

    _click_row(qtbot, publicity.table, _titles(publicity).index("市级甲项目"))
    _click_row(qtbot, publicity.objections, 0)

    def says_what_each_does(dialog) -> None:
        assert dialog.dismissed.text() == "异议不成立(&N)（核准不变，即可拨付）"
        assert dialog.upheld.text() == "异议成立(&Y)（撤销核准，项目不予助推）"

    _dismiss(qtbot, publicity, "经核查数据属实", "2023-01-05", look=says_what_each_does)
    assert _states(publicity)["市级甲项目"] == "核准"
    a = reg.project(ids["a"])
    assert (a.status, a.approved_date) == ("approved", date(2022, 12, 27))
    payments.reload()
    assert "暂缓拨付" not in _states_of(payments, "市级甲项目")
    payments.table.selectRow(payments.model.row_of(held[0].id))
    assert payments.pay_button.isEnabled()


def test_a_late_objection_after_a_payment_is_refused_before_the_letter_is_typed(
        shown, reg, qtbot):
    ids, publicity, _payments, errors = shown
    [fed] = [x.id for x in payment_lines(reg, YEAR, stream=PROJECT)
             if x.app_id == ids["a"] and x.tranche == 1 and x.payer == FEDERATION]
    mark_paid(reg, fed, date(2023, 1, 10), "记-7")
    publicity.reload()
    _click_row(qtbot, publicity.table, _titles(publicity).index("市级甲项目"))
    assert publicity.object_button.isEnabled()
    publicity.dialog = None
    qtbot.mouseClick(publicity.object_button, Qt.MouseButton.LeftButton)
    assert publicity.dialog is None  # no form to fill in for nothing
    [text] = errors
    assert "已于 2023-01-10 登记拨付（凭证 记-7）" in text and "请按来信来访处理" in text
    assert publicity.error.text() == text
    assert reg.scalar("SELECT COUNT(*) FROM objections") == 0
