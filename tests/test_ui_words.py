"""Every word the office reads in the window: no note saying a list is empty over a list
that has rows, no programmer's English, the plan's terms one way throughout."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTabWidget
from test_ui_support import answers, ctx, qsettings  # noqa: F401

from boostdesk.demo import fill_demo


@pytest.fixture
def demo_window(ctx: Any, qtbot: Any) -> Any:  # noqa: F811
    from boostdesk.ui.main_window import MainWindow

    fill_demo(ctx.reg)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def every_page(window: Any) -> Any:
    """Each screen, and each tab of its tab widgets brought to the front in turn."""
    from boostdesk.ui.main_window import SCREENS

    for i, (label, _module, _cls) in enumerate(SCREENS):
        screen = window.show_screen(i)
        QApplication.processEvents()
        yield label, screen
        for tabs in screen.findChildren(QTabWidget):
            for t in range(tabs.count()):
                tabs.setCurrentIndex(t)
                QApplication.processEvents()
                yield f"{label}/{tabs.tabText(t)}", tabs.widget(t)


def test_no_empty_list_note_over_a_list_with_rows(demo_window: Any) -> None:
    """分配专家's note (还没有待评审的项目…尚无评审专家) was made before the matrix had its
    model, and stayed over the nine projects and six experts of the demo."""
    from boostdesk.ui.empty_hint import EmptyHint

    over_rows = []
    for where, page in every_page(demo_window):
        for view in page.findChildren(QAbstractItemView):
            model = view.model()
            if model is None or model.rowCount() == 0:
                continue
            over_rows += [f"{where}: {hint.text()[:30]}"
                          for hint in view.viewport().findChildren(EmptyHint)
                          if hint.isVisibleTo(view)]
    assert not over_rows, "\n".join(dict.fromkeys(over_rows))


def test_a_payment_s_payer_and_tranche_are_named_as_on_the_payments_screen(demo_window: Any,
                                                                          ctx: Any) -> None:  # noqa: F811
    """拨付, the payment list and the command line say 付款单位 and 批次; the detail pane and
    the audit trail said 付款方 and 笔次 for the same two facts."""
    from boostdesk.audit_log import trail
    from boostdesk.models.workflow import PROJECT

    lines = [line.text() for line in trail(ctx.reg, year=2022) if line.entity == "payments"]
    assert lines and all("付款单位：" in t and "批次：" in t for t in lines if "金额" in t)
    paid = ctx.reg.query("SELECT application_id FROM payments WHERE stream = ? "
                         "AND paid_date IS NOT NULL LIMIT 1", (PROJECT,))[0]["application_id"]
    pane = demo_window.screen_named("创新项目").detail
    pane.show_application(PROJECT, paid)
    shown = pane.toPlainText()
    assert "付款单位：" in shown and "批次：首笔" in shown
    for old in ("付款方", "笔次"):
        assert old not in shown and not any(old in t for t in lines), old
