"""A clerk back from two weeks' leave, at the keyboard: the whole register's trail newest
first by her colleague's name (查看 → 修改记录, Ctrl+H), the export of every year, one line
for a card corrected, the window asking whose changes these are at the day's first start,
拨付's totals saying a filter is on, 公示's buttons reached by their Alt letters."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton
from test_ui_register import many_patents
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window

from boostdesk.cli import main
from boostdesk.models import PatentApplication
from boostdesk.models.campaign import plan_2022
from boostdesk.ui.app import APP_NAME, ORG_NAME
from boostdesk.ui.audit_export_dialog import AuditExportDialog
from boostdesk.ui.help_dialogs import shown_text

DAY_KEY = "operator/day"  # (boostdesk.ui.operator_check's: each test below fails alone without it)

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


@pytest.fixture
def two_years(ctx):
    """2021 beside 2022; 测试员 entered 130 patents, then 李梦遥 worked on both years."""
    reg = ctx.reg
    c = plan_2022()
    reg.save_campaign(type(c).from_json(c.to_json().replace('"year": 2022', '"year": 2021')))
    many_patents(reg, 130)  # 260 lines: more than the view's first page
    reg.operator = "李梦遥"
    old = reg.save_patent(PatentApplication(2021, inventor_name="赵一", title="一种旧装置"))
    reg.set_status("patent", old, "refused", "授权日不在2021年度范围")
    reg.save_patent(PatentApplication(2022, inventor_name="钱二", title="一种新装置"))
    ctx.changed.emit("all")
    return old


def _asked(monkeypatch, tmp_path) -> list[str]:
    names: list[str] = []

    def save(_parent, _title, start, _filter):
        names.append(Path(start).name)
        return str(tmp_path / Path(start).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    return names


def _rows(path) -> list[tuple]:
    return list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))


# -- 1. 查看 → 修改记录 ---------------------------------------------------------------
def _trail(window, qtbot):
    from boostdesk.ui.trail_view import TrailDialog

    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_H, CTRL)
    qtbot.waitUntil(lambda: isinstance(window.current_dialog, TrailDialog))
    dialog = window.current_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0 and focused() is dialog.table)
    return dialog


def test_the_trail_newest_first_then_by_the_colleagues_name(two_years, window, qtbot):
    dialog = _trail(window, qtbot)
    model = dialog.model
    assert model.rowCount() == 200 and not model.reader.done  # a page, not the whole trail
    assert model.lines[0].operator == "李梦遥" and "一种新装置" in model.lines[0].subject
    assert "已列出最近的 200 条" in dialog.status.text()
    assert "一种新装置" in dialog.whole.toPlainText()  # the first line chosen, whole
    press(qtbot, Qt.Key.Key_End, CTRL)  # down to the end: the next page is read
    qtbot.waitUntil(lambda: model.rowCount() > 200)
    assert [x.at for x in model.lines] == sorted((x.at for x in model.lines), reverse=True)
    press(qtbot, Qt.Key.Key_O, ALT)
    assert focused() is dialog.operator_field
    type_text(qtbot, "李梦遥")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is dialog.table)
    assert {x.operator for x in model.lines} == {"李梦遥"} and model.reader.done
    # her 2021 refusal among them (the year in view is 2022): every year's
    assert any(x.year == 2021 and x.action == "状态变更" for x in model.lines)
    assert dialog.status.text().startswith("全部年度，操作人 李梦遥：共 ")
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(dialog))


def test_enter_on_a_line_opens_its_paper_and_ctrl_h_comes_back_as_left(two_years, window,
                                                                         qtbot):
    """Reading her colleague's changes, Enter on one opens that paper on its screen and year
    (2021's refusal, the year in view 2022); Ctrl+H brings the view back as she left it."""
    dialog = _trail(window, qtbot)
    press(qtbot, Qt.Key.Key_O, ALT)
    type_text(qtbot, "李梦遥")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is dialog.table and dialog.chosen.operator == "李梦遥")
    model = dialog.model
    row = next(i for i, x in enumerate(model.lines) if x.year == 2021)
    dialog.table.selectRow(row)
    assert dialog.open_button.isEnabled()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    screen = window.stack.currentWidget()
    qtbot.waitUntil(lambda: focused() is screen.table)  # the keyboard on the paper's list
    assert window.ctx.year == 2021 and screen.current_id() == two_years
    assert screen.search.text() == f"专利{two_years}"
    window.ctx.reg.set_status("patent", two_years, "registered", "重新登记")  # a change meanwhile
    window.ctx.changed.emit("patent")
    press(qtbot, Qt.Key.Key_H, CTRL)
    qtbot.waitUntil(lambda: dialog.isVisible() and window.current_dialog is dialog)
    assert dialog.operator_field.value() == "李梦遥" and dialog.chosen.operator == "李梦遥"
    qtbot.waitUntil(lambda: model.lines[0].action == "状态变更")  # read afresh on showing
    assert {x.operator for x in model.lines} == {"李梦遥"}


def test_enter_on_a_line_about_no_one_paper_says_so(two_years, window, qtbot):
    dialog = _trail(window, qtbot)
    model = dialog.model
    press(qtbot, Qt.Key.Key_End, CTRL)
    qtbot.waitUntil(lambda: model.reader.done or any(x.paper is None for x in model.lines))
    while not model.reader.done and not any(x.paper is None for x in model.lines):
        press(qtbot, Qt.Key.Key_End, CTRL)
    row = next(i for i, x in enumerate(model.lines) if x.paper is None)  # the plan saved
    dialog.table.selectRow(row)
    assert not dialog.open_button.isEnabled()
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and "没有可打开的申报" in dialog.error.text()


def test_the_trail_fits_a_small_screen_and_its_times_are_whole(two_years, window, qtbot):
    """1366×768 at 150 % leaves Qt 911×512: the view fits what the screen has (its buttons
    were under the taskbar), and the time column is as wide as a time in the table's font."""
    dialog = _trail(window, qtbot)
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    at = dialog.model.lines[0].at
    assert dialog.table.horizontalHeader().sectionSize(0) > \
        dialog.table.fontMetrics().horizontalAdvance(at)


def test_a_name_not_in_the_trail_is_said_and_the_list_kept(two_years, window, qtbot):
    dialog = _trail(window, qtbot)
    press(qtbot, Qt.Key.Key_O, ALT)
    type_text(qtbot, "李孟瑶")
    press(qtbot, Qt.Key.Key_Return)
    assert "修改记录中没有操作人“李孟瑶”" in dialog.error.text()
    assert "李梦遥" in dialog.error.text() and focused() is dialog.operator_field
    assert dialog.model.rowCount() == 200


def test_a_year_and_days_chosen_at_the_keyboard(two_years, window, qtbot):
    dialog = _trail(window, qtbot)
    press(qtbot, Qt.Key.Key_Y, ALT)
    assert focused() is dialog.year_box
    press(qtbot, Qt.Key.Key_Down)  # 全部年度 → 2022 年度
    qtbot.waitUntil(lambda: dialog.chosen.year == 2022 and dialog.task is None)  # read in the background
    assert dialog.model.lines
    assert all(x.year in (2022, None) for x in dialog.model.lines)
    # the keyboard stays in the box: the next ↓ is the next year, not the list's next line
    assert focused() is dialog.year_box
    press(qtbot, Qt.Key.Key_Down)  # 2022 年度 → 2021 年度
    qtbot.waitUntil(lambda: dialog.chosen.year == 2021 and dialog.task is None)  # read in the background
    assert dialog.model.lines
    assert focused() is dialog.year_box
    assert all(x.year in (2021, None) for x in dialog.model.lines)
    press(qtbot, Qt.Key.Key_F, ALT)
    type_text(qtbot, (date.today() + timedelta(days=1)).isoformat())
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.task is None and dialog.model.reader is not None
                    and dialog.model.reader.done)
    assert dialog.model.rowCount() == 0
    assert "没有符合条件的修改记录" in dialog.status.text()


def test_the_views_choice_exported(two_years, window, qtbot, tmp_path, monkeypatch):
    names = _asked(monkeypatch, tmp_path)
    dialog = _trail(window, qtbot)
    press(qtbot, Qt.Key.Key_O, ALT)
    type_text(qtbot, "李梦遥")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.chosen.operator == "李梦遥")
    press(qtbot, Qt.Key.Key_E, ALT)
    qtbot.waitUntil(lambda: "已导出修改记录（" in window.statusBar().currentMessage(),
                    timeout=20_000)
    rows = _rows(tmp_path / names[0])
    assert rows[0][0].startswith("修改记录（全部年度，操作人 李梦遥，共 ")
    assert {r[2] for r in rows[3:]} == {"李梦遥"}
    assert len(rows[3:]) == dialog.model.rowCount()


def test_the_view_is_in_the_menu_with_its_letter_and_key(window):
    view = next(a for a in window.menuBar().actions() if shown_text(a.text()) == "查看")
    entry = next(a for a in view.menu().actions() if "修改记录" in a.text())
    assert entry.text() == "修改记录（全部申报）(&L)…"
    assert entry.shortcut().toString() == "Ctrl+H"
    keys = [s.toString() for a in window.findChildren(type(entry)) for s in a.shortcuts()]
    assert keys.count("Ctrl+H") == 1


# -- 2. 导出修改记录: every year, by an operator ----------------------------------------
def _export_dialog(window, qtbot) -> AuditExportDialog:
    action = next(a for a in window.menuBar().actions()[0].menu().actions()
                  if shown_text(a.text()) == "导出修改记录（xlsx）…")
    action.trigger()
    dialog = window.current_dialog
    assert isinstance(dialog, AuditExportDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: focused() is dialog.all_lines)
    return dialog


def test_every_year_by_the_colleague_exported(two_years, window, qtbot, tmp_path, monkeypatch):
    names = _asked(monkeypatch, tmp_path)
    dialog = _export_dialog(window, qtbot)
    assert dialog.covers.text().startswith("仅 2022 年度（不含 2021 年度）")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.year_box
    press(qtbot, Qt.Key.Key_End)  # 全部年度, the last
    assert dialog.covers.text() == "全部年度（2021、2022 年度）及共用名录"
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.operator_field
    type_text(qtbot, "李梦遥")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "已导出修改记录（" in window.statusBar().currentMessage(),
                    timeout=20_000)
    assert names == ["全部年度修改记录（操作人李梦遥）.xlsx"]
    rows = _rows(tmp_path / names[0])
    assert rows[0][0].startswith("修改记录（全部年度，操作人 李梦遥，共 ")
    assert rows[1][0].endswith("；范围：全部年度（2021、2022 年度）及共用名录")
    assert any(r[3] == 2021 and r[5] == "状态变更" for r in rows[3:])  # the earlier year's


def test_the_colleagues_name_as_a_paper_or_person_says_where_it_goes(two_years, window, qtbot,
                                                                     tmp_path, monkeypatch):
    names = _asked(monkeypatch, tmp_path)
    dialog = _export_dialog(window, qtbot)
    press(qtbot, Qt.Key.Key_R, ALT)
    assert focused() is dialog.ref_field
    type_text(qtbot, "李梦遥")
    assert dialog.covers.text() == "所写申报或人员的修改，不分年度"
    press(qtbot, Qt.Key.Key_Return)
    assert "而是修改记录中的操作人：按操作人挑选请写在“操作人”一栏" in dialog.error.text()
    assert not names and focused() is dialog.ref_field


# -- 4. a card corrected: one line in the pane --------------------------------------------
def test_a_card_corrected_on_the_paper_is_one_line_in_its_pane(ctx, qapp):
    from dataclasses import replace

    from boostdesk.ui.detail import DetailPane

    reg = ctx.reg
    pid = reg.save_patent(PatentApplication(2022, inventor_name="曾明", title="一种煎煮装置",
                                            card_number="6222020812345678906"))
    reg.operator = "高珊"
    reg.save_patent(replace(reg.patent(pid), card_number="6222020812345678914"),
                    reason="原卡已销户")
    pane = DetailPane(reg)
    pane.show_application("patent", pid)
    text = pane.toPlainText()
    text = text[text.index("修改记录"):]
    assert "修改第一发明人信息" not in text  # its reason alone, beside the change
    assert text.count("理由：原卡已销户") == 1
    assert "6222 **** **** *** 8906 → 6222 **** **** *** 8914" in text


# -- 6. whose changes: asked at the day's first start ---------------------------------------
@pytest.fixture
def user_settings(tmp_path):
    usual = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    # the window's own (its names, in the folder above: never the user's real settings)
    yield lambda: QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                            ORG_NAME, APP_NAME)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, usual)
    QSettings.setDefaultFormat(QSettings.Format.NativeFormat)


def _start(qtbot, monkeypatch, db, act) -> dict:
    """`boostdesk gui`, ``act(window)`` once its register is open."""
    seen: dict = {}

    def fake_exec() -> int:
        window = next(w for w in QApplication.topLevelWidgets()
                      if w.objectName() == "main_window" and w.isVisible())
        qtbot.waitUntil(lambda: window.ctx is not None, timeout=10_000)
        try:
            act(window, seen)
        except BaseException as exc:  # said by the test, not lost in the window's hook
            seen["error"] = exc
        seen["operator"] = window.ctx.operator
        seen["label"] = window.operator_label.text()
        for _ in range(3):
            left = QApplication.activeModalWidget()
            if left is None or left is window:
                break
            left.hide()
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    status = main(["gui", "--db", str(db)])
    if "error" in seen:
        raise seen["error"]
    assert status == 0
    return seen


def _question(qtbot, window):
    from boostdesk.ui.operator_check import OperatorCheck

    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), OperatorCheck),
                    timeout=5000)
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: focused() is dialog.field)
    return dialog


def test_the_days_first_start_asks_whose_changes_these_are(tmp_path, qapp, qtbot, answers,
                                                           monkeypatch, user_settings):
    """李梦遥's name remembered from her last day here: 高珊 types hers over it."""
    db = tmp_path / "data" / "register.db"
    db.parent.mkdir()
    user_settings().setValue("operator/name", "李梦遥")  # an earlier version noted no day

    def typed_over(window, seen):
        dialog = _question(qtbot, window)
        assert "本机上次的操作人是“李梦遥”" in dialog.findChild(type(window.operator_label)).text()
        assert dialog.field.selectedText() == "李梦遥"  # typing replaces it
        type_text(qtbot, "高珊")
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: closed(dialog))
        seen["stamped"] = window.ctx.reg.operator

    seen = _start(qtbot, monkeypatch, db, typed_over)
    assert seen["operator"] == seen["stamped"] == "高珊" and seen["label"] == "　操作人：高珊"
    settings = user_settings()
    assert settings.value("operator/name") == "高珊"
    assert settings.value(DAY_KEY) == date.today().isoformat()

    def not_asked(window, seen):  # the same day again: no question
        from boostdesk.ui.operator_check import OperatorCheck

        qtbot.wait(200)
        seen["asked"] = isinstance(QApplication.activeModalWidget(), OperatorCheck)

    seen = _start(qtbot, monkeypatch, db, not_asked)
    assert seen["asked"] is False and seen["operator"] == "高珊"


def test_enter_keeps_the_name_on_the_next_day(tmp_path, qapp, qtbot, answers, monkeypatch,
                                             user_settings):
    db = tmp_path / "register.db"
    settings = user_settings()
    settings.setValue("operator/name", "高珊")
    settings.setValue(DAY_KEY, (date.today() - timedelta(days=1)).isoformat())

    def kept(window, seen):
        dialog = _question(qtbot, window)
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: closed(dialog))

    seen = _start(qtbot, monkeypatch, db, kept)
    assert seen["operator"] == "高珊"
    assert user_settings().value(DAY_KEY) == date.today().isoformat()


@pytest.mark.parametrize("leaving", ["ctrl_q", "escape"])
def test_a_question_not_answered_leaves_the_day_unconfirmed(tmp_path, qapp, qtbot, answers,
                                                           monkeypatch, user_settings, leaving):
    """高珊 types her name over 李梦遥's, then Ctrl+Q (or Esc): the name stays 李梦遥's,
    but the day is not marked confirmed under it; the next start asks again."""
    db = tmp_path / "register.db"
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    settings = user_settings()
    settings.setValue("operator/name", "李梦遥")
    settings.setValue(DAY_KEY, yesterday)

    def left(window, seen):
        dialog = _question(qtbot, window)
        type_text(qtbot, "高珊")
        if leaving == "ctrl_q":
            press(qtbot, Qt.Key.Key_Q, CTRL)
        else:
            press(qtbot, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: closed(dialog))

    _start(qtbot, monkeypatch, db, left)
    settings = user_settings()
    assert settings.value("operator/name") == "李梦遥"
    assert settings.value(DAY_KEY) == yesterday  # not today: asked again at the next start

    def asked(window, seen):
        from boostdesk.ui.operator_check import OperatorCheck

        _question(qtbot, window)
        seen["asked"] = isinstance(QApplication.activeModalWidget(), OperatorCheck)

    assert _start(qtbot, monkeypatch, db, asked)["asked"] is True


# -- 7. 拨付's totals with a filter on; 公示's Alt letters ----------------------------------
def test_the_totals_say_a_filter_is_on_after_the_year_is_switched(ctx, window, qtbot):
    """退汇待重拨 chosen on 2022, then 2021 chosen (Alt+Y, 1): 2021 read 待拨付 0 笔 ¥0.00
    though it owed. The filter stays, and the totals line says it is on and what the year
    owes in all."""
    from PySide6.QtWidgets import QMenu

    from boostdesk.ui.payments_screen import ALL, PaymentsScreen

    reg = ctx.reg
    c = plan_2022()
    reg.save_campaign(type(c).from_json(c.to_json().replace('"year": 2022', '"year": 2021')))
    old = reg.save_patent(PatentApplication(2021, inventor_name="赵一", title="一种旧装置",
                                              card_number="6214830112345678"))  # payable, not 待补卡号
    reg.set_status("patent", old, "qualified")
    reg.set_status("patent", old, "approved", award_fen=3000_00, approved_date=date(2022, 1, 10))
    ctx.changed.emit("all")
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_7, CTRL)
    screen = window.stack.currentWidget()
    assert isinstance(screen, PaymentsScreen)
    assert "已筛选" not in screen.summary.text()
    screen.state.setFocus()
    while screen.state.currentText() != "退汇待重拨":
        press(qtbot, Qt.Key.Key_Down)
    qtbot.keyClick(window, Qt.Key.Key_Y, ALT)  # 年度 → 2021 年度(&1)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_1)
    qtbot.waitUntil(lambda: ctx.year == 2021 and "2021 年度全部款项" in screen.summary.text())
    text = re.sub("<[^>]+>", "", screen.summary.text())
    assert text.startswith("已筛选（状态“退汇待重拨”），以下只计列出的款项：待拨付 0 笔 ¥0.00")
    assert "2021 年度全部款项：待拨付 2 笔 ¥3,000.00（筛选选“全部”即列出）" in text
    screen.state.setCurrentIndex(screen.state.findText(ALL))
    qtbot.waitUntil(lambda: "已筛选" not in screen.summary.text())
    assert re.sub("<[^>]+>", "", screen.summary.text()).startswith("待拨付 2 笔 ¥3,000.00")


def _letter(text: str) -> str | None:
    found = re.search(r"&(\w)", text)
    return found.group(1).upper() if found else None


def test_each_publicity_button_has_its_own_alt_letter(window, qtbot):
    from boostdesk.ui.publicity_screen import PublicityScreen
    from tests.test_panel_support import two_adopted

    two_adopted(window.ctx.reg)
    window.ctx.changed.emit("all")
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_6, CTRL)
    screen = window.stack.currentWidget()
    assert isinstance(screen, PublicityScreen)
    buttons = [b for b in screen.findChildren(QPushButton) if b.isVisibleTo(screen)]
    letters = [_letter(b.text()) for b in buttons]
    menus = [_letter(a.text()) for a in window.menuBar().actions()]
    assert None not in letters, [b.text() for b in buttons]
    assert len(set(letters)) == len(letters), letters
    assert not set(letters) & set(menus), (letters, menus)
    for name, letter in (("object_button", "O"), ("resolve_button", "D"), ("close_button", "C")):
        assert _letter(getattr(screen, name).text()) == letter
    assert screen.start_button.isEnabled()
    seen: list[str] = []

    def answer() -> None:  # 开始公示's own dialog (exec): seen, then Esc
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, answer)
            return
        seen.append(dialog.windowTitle())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(50, answer)
    press(qtbot, Qt.Key.Key_S, ALT)  # 开始公示(&S)…
    qtbot.waitUntil(lambda: seen == ["开始公示"])
