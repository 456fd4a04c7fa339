"""Every word the office reads in the window: no note saying a list is empty over a list
that has rows, no programmer's English, the plan's terms one way throughout."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from test_ui_accessibility import demo_window  # the demo register's window
from test_ui_support import answers, ctx, qsettings

__all__ = ["answers", "ctx", "demo_window", "qsettings"]


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
    """拨付, the payment list and the command line say 付款单位 and 批次 (一次拨付, 首笔, 尾款:
    拨付's 批次 column, `pay list`); the detail pane and the audit trail said 付款方 and 笔次
    (笔次：1, 第 1 笔) for the same facts, and then the trail 第一批 for 拨付's 一次拨付."""
    from boostdesk.audit_log import trail
    from boostdesk.models.workflow import PROJECT

    lines = [line.text() for line in trail(ctx.reg, year=2022) if line.entity == "payments"]
    assert lines and all("付款单位：" in t and any(f"批次：{name}" in t for name in (
        "一次拨付", "首笔", "尾款")) for t in lines if "生成应拨款项" in t)
    assert any("（市总工会，一次拨付）" in t for t in lines)
    assert any("（推荐工会，首笔）" in t for t in lines)
    assert not any("第一批" in t or "第二批" in t for t in lines)
    assert not any("笔次" in t or "第 1 笔" in t for t in lines)
    paid = ctx.reg.query("SELECT application_id FROM payments WHERE stream = ? "
                         "AND paid_date IS NOT NULL LIMIT 1", (PROJECT,))[0]["application_id"]
    pane = demo_window.screen_named("创新项目").detail
    pane.show_application(PROJECT, paid)
    shown = pane.toPlainText()
    assert "付款单位：" in shown and "批次：首笔" in shown
    for old in ("付款方", "笔次"):
        assert old not in shown and not any(old in t for t in lines), old


# Words a clerk reads as they are: the product, keys, file kinds.
ALLOWED_ASCII = {"BoostDesk", "Ctrl", "Shift", "Enter", "Delete", "Esc", "Tab", "Alt", "End",
                 "Home", "xlsx", "xls", "PDF", "PNG", "Excel", "WPS", "OK", "ZL"} | {
                     f"F{n}" for n in range(1, 13)}
# (a ratio's colon stands between spaces: 市总 : 推荐工会, as the plan's 1:1)
HALF_WIDTH_BY_CHINESE = re.compile(r"[\u4e00-\u9fff…] ?[(,;?!]|[\u4e00-\u9fff…]:|[)][\u4e00-\u9fff]")


def texts_of(root: QWidget) -> list[str]:
    """What a clerk reads on ``root``: titles, buttons, labels, tips, placeholders, tabs,
    column headers and the notes over empty lists (not the rows: they are the register's)."""
    found = [root.windowTitle(), root.toolTip()]
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        found += [w.toolTip(), w.statusTip()]
        if isinstance(w, QAbstractButton | QLabel):
            found.append(QTextDocumentFragment.fromHtml(w.text()).toPlainText()
                         if isinstance(w, QLabel) and "<" in w.text() else w.text())
        if isinstance(w, QLineEdit | QTextEdit | QPlainTextEdit):
            found.append(w.placeholderText())
        if isinstance(w, QGroupBox):
            found.append(w.title())
        if isinstance(w, QTabWidget):
            found += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and not isinstance(w, QListView):
            model = w.model()
            if model is not None:
                found += [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                          for c in range(model.columnCount())]
    return [t for t in found if t]


def menu_texts(window: QWidget) -> list[str]:
    found = []
    for top in window.menuBar().actions():
        found.append(top.text())
        menu = top.menu()
        if menu is not None:
            found += [t for a in menu.actions() for t in (a.text(), a.toolTip()) if t]
    return found


def wrong_words(where: str, texts: list[str]) -> list[str]:
    wrong = []
    for text in dict.fromkeys(texts):
        plain = re.sub(r"\(&\w\)", "", text)  # a menu's accelerator, as Windows writes it
        words = set(re.findall(r"[A-Za-z][A-Za-z_]+", plain)) - ALLOWED_ASCII
        if words:
            wrong.append(f"{where}: {sorted(words)} in {text[:60]!r}")
        if HALF_WIDTH_BY_CHINESE.search(plain):
            wrong.append(f"{where}: half-width punctuation in {text[:60]!r}")
    return wrong


def test_the_window_s_own_words_are_chinese_with_full_width_punctuation(
        demo_window: Any, tmp_path: Any) -> None:
    """保存 (Ctrl+S) beside 新建（Ctrl+N）: the keys in brackets written two ways."""
    wrong = wrong_words("菜单", menu_texts(demo_window))
    for where, page in every_page(demo_window):
        wrong += wrong_words(where, texts_of(page))
    patents = demo_window.show_screen(0)
    for screen, name in ((patents, "专利申报表"), (demo_window.show_screen(1), "项目申报书")):
        form = screen.new_item()
        form.show()
        wrong += wrong_words(name, texts_of(form))
        form.reject()
    dialog = patents.import_table()
    dialog.show()
    wrong += wrong_words("导入汇总表", texts_of(dialog))
    dialog.reject()
    patents.table.selectRow(0)
    for name, dialog in (("改变状态", patents.change_status()),
                         ("录入往年助推", demo_window.screen_named("工作室").new_item()),
                         ("快捷键", demo_window.show_keys())):  # (关于: versions and paths)
        dialog.show()
        wrong += wrong_words(name, texts_of(dialog))
        dialog.reject()
    people = demo_window.screen_named("单位与人员")
    for tabs in people.findChildren(QTabWidget):
        tabs.setCurrentIndex(tabs.count() - 1)
    wrong += wrong_words("单位与人员", texts_of(people))
    assert not wrong, "\n".join(dict.fromkeys(wrong))


def test_qt_s_own_menus_say_撤销_as_the_window_does(qapp: Any) -> None:
    """A text box's right-click menu (Qt's Chinese) said 撤消, the 编辑 menu 撤销."""
    from boostdesk.ui import app as app_module

    before = list(app_module._translators)
    app_module.install_translations(qapp)
    added = [t for t in app_module._translators if t not in before]
    try:
        assert added, "Qt's Chinese was not found"
        box = QLineEdit()
        menu = box.createStandardContextMenu()
        texts = [a.text() for a in menu.actions() if a.text()]
        assert any(t.startswith("撤销") for t in texts), texts
        assert not any("撤消" in t for t in texts), texts
        assert any(t.startswith("粘贴") for t in texts), texts  # the rest still Qt's
    finally:
        for t in added:
            qapp.removeTranslator(t)
            app_module._translators.remove(t)
