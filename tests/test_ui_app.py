"""`boostdesk gui`: the operator asked once, the register opened safely, the window shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, ctx, qsettings

from boostdesk.cli import main

__all__ = ["answers", "ctx", "qsettings"]


@pytest.fixture(autouse=True)
def user_settings_in(tmp_path):
    """The application's own QSettings() go to a temporary folder, and back afterwards."""
    usual = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    yield
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, usual)
    QSettings.setDefaultFormat(QSettings.Format.NativeFormat)


def shown_window():
    """The main window `boostdesk gui` has shown."""
    return next(w for w in QApplication.topLevelWidgets()
                if w.objectName() == "main_window" and w.isVisible())


def opened_or_closed(qtbot, window) -> None:
    """Run the event loop until the window has its register, or has closed without it."""
    qtbot.waitUntil(lambda: window.ctx is not None or not window.isVisible(), timeout=10_000)


def gui_refused(monkeypatch, qtbot, answers, args: list[str]) -> dict[str, object]:
    """`boostdesk ARGS…` run with the event loop's wait replaced: its exit status, and
    whether the window it showed ended with a register and still shown."""
    seen: dict[str, object] = {}

    def fake_exec() -> int:
        window = shown_window()
        opened_or_closed(qtbot, window)
        seen["register"], seen["visible"] = window.ctx, window.isVisible()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    answers.text = "王秀兰"
    seen["status"] = main(args)
    return seen


def test_gui_opens_the_register_and_the_main_window(tmp_path, qapp, qtbot, answers, monkeypatch):
    seen: dict[str, object] = {}

    def fake_exec() -> int:  # instead of waiting for the user to close the window
        window = shown_window()
        opened_or_closed(qtbot, window)
        seen["title"] = window.windowTitle()
        seen["operator"] = window.ctx.operator
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    answers.text = "王秀兰"
    db = tmp_path / "data" / "register.db"
    db.parent.mkdir()  # (a folder not there is refused: test_data_folder_missing.py)
    assert main(["gui", "--db", str(db)]) == 0
    assert db.exists()
    assert "BoostDesk" in str(seen["title"]) and seen["operator"] == "王秀兰"
    assert QSettings().value("operator/name") == "王秀兰"

    answers.text = None  # the name is not asked again
    assert main(["gui", "--db", str(db)]) == 0
    assert seen["operator"] == "王秀兰"


def test_gui_stops_when_no_operator_is_given(tmp_path, qapp, answers):
    import gc

    answers.text = None
    assert main(["gui", "--db", str(tmp_path / "register.db")]) == 1
    assert not (tmp_path / "register.db").exists()
    assert gc.isenabled()  # paused for the window's first paint, which never came


def test_garbage_is_collected_once_the_window_has_painted(
        tmp_path, qapp, qtbot, answers, monkeypatch):
    """The collector's passes over the objects Qt's import and the window make (≈ 4 ms of
    the start) wait for the first paint; then it collects as ever, and after the window."""
    import gc

    from boostdesk.models import Register

    db = tmp_path / "register.db"
    Register.open(db, operator="王秀兰").close()
    seen: dict[str, object] = {}

    def fake_exec() -> int:
        window = shown_window()
        seen["before_paint"] = (window._painted, gc.isenabled())
        qtbot.waitUntil(lambda: window._painted, timeout=5000)
        seen["painted"] = gc.isenabled()
        opened_or_closed(qtbot, window)
        seen["opened"] = window.ctx is not None
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    answers.text = "王秀兰"
    assert main(["gui", "--db", str(db)]) == 0
    assert seen == {"before_paint": (False, False), "painted": True, "opened": True}
    assert gc.isenabled()


def test_the_operator_s_name_is_not_written_again_at_each_start(tmp_path, qapp, answers):
    """Written again, the same name made Qt rewrite the settings file (its lock, a new copy,
    a rename) on the way to the window's first paint; a name to tidy is still written."""
    from boostdesk.ui.app import ask_operator

    written: list[str] = []

    class Watched(QSettings):
        def setValue(self, key: str, value: object) -> None:  # noqa: N802 - Qt's name
            written.append(f"{key}={value}")
            super().setValue(key, value)

    path = str(tmp_path / "s.ini")
    Watched(path, QSettings.Format.IniFormat).setValue("operator/name", "王秀兰")
    written.clear()
    answers.text = None  # never asked
    assert ask_operator(Watched(path, QSettings.Format.IniFormat)) == "王秀兰"
    assert written == []
    Watched(path, QSettings.Format.IniFormat).setValue("operator/name", " 王秀兰 ")
    written.clear()
    assert ask_operator(Watched(path, QSettings.Format.IniFormat)) == "王秀兰"
    assert written == ["operator/name=王秀兰"]


def test_the_window_shows_before_its_register_opens_and_builds_the_screen_just_after(
        tmp_path, qapp, qtbot, answers, monkeypatch):
    from boostdesk.models import Register

    db = tmp_path / "register.db"
    Register.open(db, operator="王秀兰").close()
    seen: dict[str, object] = {}

    def fake_exec() -> int:
        window = shown_window()
        seen["register_when_shown"] = window.ctx
        seen["title_when_shown"] = window.windowTitle()
        seen["screens_when_shown"] = dict(window.screens)
        seen["placeholder"] = window.stack.currentWidget().text()
        qtbot.waitUntil(lambda: 0 in window.screens, timeout=5000)  # after the first paint
        seen["title"] = window.windowTitle()
        seen["current"] = window.stack.currentWidget()
        seen["screen"] = window.screens[0]
        seen["counts"] = window.counts_label.text()
        seen["stack"] = window.stack.count()
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    answers.text = "王秀兰"
    assert main(["gui", "--db", str(db)]) == 0
    assert seen["register_when_shown"] is None and seen["screens_when_shown"] == {}
    assert seen["placeholder"] == "正在检查并打开登记册…"
    assert "register.db" in str(seen["title_when_shown"]) and "2022 年度" in str(seen["title"])
    assert seen["current"] is seen["screen"] and seen["stack"] == 1  # the placeholder is gone
    assert "专利：登记 0" in str(seen["counts"])


def test_the_keyboard_is_on_the_first_screen_s_list_once_it_opens(
        tmp_path, qapp, qtbot, answers, monkeypatch):
    """At start the keyboard sat on the window's scroll area (Qt's pick when the window
    was shown, before any screen was there): ↓ and Enter did nothing until Ctrl+1 or Tab."""
    from PySide6.QtCore import Qt

    from boostdesk.models import PatentApplication, Register

    db = tmp_path / "register.db"
    reg = Register.open(db, operator="王秀兰")
    for title in ("一种焊缝检测装置", "一种灯检方法"):
        reg.save_patent(PatentApplication(2022, title=title, inventor_name="张三"))
    reg.close()
    seen: dict[str, object] = {}

    def fake_exec() -> int:
        window = shown_window()
        qtbot.waitUntil(lambda: 0 in window.screens and window._deferred_screen is None,
                        timeout=5000)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        table = window.screens[0].table
        seen["on the list"] = QApplication.focusWidget() is table
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
        seen["row after Down"] = table.currentIndex().row()
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    answers.text = "王秀兰"
    assert main(["gui", "--db", str(db)]) == 0
    assert seen == {"on the list": True, "row after Down": 1}


def test_a_key_pressed_before_the_first_paint_opens_the_screen_first(ctx, qtbot):
    from boostdesk.ui.main_window import MainWindow

    window = MainWindow(ctx, defer_first_screen=True)
    qtbot.addWidget(window)
    assert window.screens == {} and window.counts_label.text() == ""
    screen = window.current_screen()  # what Ctrl+F, Ctrl+N and Enter act on
    assert screen is window.screens[0] and window.counts_label.text().startswith("专利：登记")
    window.show_screen(2)
    assert set(window.screens) == {0, 2} and window.stack.count() == 2


def test_the_window_stays_live_while_the_check_runs_and_can_be_closed_meanwhile(
        tmp_path, qapp, qtbot, answers, monkeypatch):
    import threading

    from boostdesk.models import Register
    from boostdesk.safety import integrity

    db = tmp_path / "register.db"
    Register.open(db, operator="王秀兰").close()
    release = threading.Event()

    class SlowCheck(integrity.BackgroundCheck):  # a register that takes long to check
        def _run(self) -> None:
            release.wait(10)
            super()._run()

    monkeypatch.setattr(integrity, "BackgroundCheck", SlowCheck)
    seen: dict[str, object] = {}

    def fake_exec() -> int:
        window = shown_window()
        qtbot.wait(300)  # the event loop runs: the window paints, polls, stays open
        seen["painted"], seen["register"] = window._painted, window.ctx
        window.close()
        release.set()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    answers.text = "王秀兰"
    assert main(["gui", "--db", str(db)]) == 0
    assert seen == {"painted": True, "register": None}
    assert not list(tmp_path.glob("backups/*"))  # never opened: no start-up backup either


def test_the_check_starts_after_the_first_paint_giving_way_and_still_reports(
        tmp_path, qapp, qtbot, answers, monkeypatch):
    """Started before Qt, the check slowed the window's first paint: it starts once the
    window has painted, at a lower priority, and the register is opened on its report."""
    from boostdesk.models import Register
    from boostdesk.safety import integrity

    db = tmp_path / "register.db"
    Register.open(db, operator="王秀兰").close()
    started: list[tuple[bool, object, dict]] = []
    reports: list[bool] = []
    real_start, real_report = integrity.BackgroundCheck.start, integrity.BackgroundCheck.report

    def start(path, quick=True, **kw):  # noqa: ANN001, ANN202
        windows = [w for w in QApplication.topLevelWidgets()
                   if w.objectName() == "main_window" and w.isVisible()]
        started.append((bool(windows) and windows[0]._painted,
                        windows[0].ctx if windows else "no window", kw))
        return real_start(path, quick, **kw)

    def report(self):  # noqa: ANN001, ANN202
        reports.append(real_report(self).ok)
        return real_report(self)

    monkeypatch.setattr(integrity.BackgroundCheck, "start", start)
    monkeypatch.setattr(integrity.BackgroundCheck, "report", report)
    seen: dict[str, object] = {}

    def fake_exec() -> int:
        window = shown_window()
        opened_or_closed(qtbot, window)
        seen["register"] = window.ctx.reg.path
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    answers.text = "王秀兰"
    assert main(["gui", "--db", str(db)]) == 0
    assert started == [(True, None, {"yielding": True})]  # painted, no register yet
    assert reports and all(reports) and seen["register"] == db


def test_the_window_loads_what_opening_needs_while_the_check_runs(
        tmp_path, qapp, qtbot, answers, monkeypatch):
    """The window waited for the check idle, then imported the register's modules and its
    screen's: it imports them while the check runs, and opens the register once it ends."""
    import importlib
    import threading

    from boostdesk.models import Register
    from boostdesk.safety import integrity
    from boostdesk.ui.main_window import SCREENS

    db = tmp_path / "register.db"
    Register.open(db, operator="王秀兰").close()
    release = threading.Event()

    class SlowCheck(integrity.BackgroundCheck):
        def _run(self) -> None:
            release.wait(10)
            super()._run()

    loaded: list[str] = []
    real_import = importlib.import_module

    def import_module(name, package=None):  # noqa: ANN001, ANN202
        if not release.is_set():
            loaded.append(name)
        return real_import(name, package)

    monkeypatch.setattr(integrity, "BackgroundCheck", SlowCheck)
    monkeypatch.setattr(importlib, "import_module", import_module)
    seen: dict[str, object] = {}

    def fake_exec() -> int:
        window = shown_window()
        qtbot.waitUntil(lambda: SCREENS[0][1] in loaded, timeout=5000)
        seen["register_meanwhile"] = window.ctx
        release.set()
        opened_or_closed(qtbot, window)
        seen["screen"] = type(window.stack.currentWidget()).__name__
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    answers.text = "王秀兰"
    assert main(["gui", "--db", str(db)]) == 0
    assert seen == {"register_meanwhile": None, "screen": SCREENS[0][2]}
    assert {"boostdesk.safety.session", "boostdesk.ui.context"} <= set(loaded)


def test_a_screen_chosen_while_the_register_opens_is_the_one_opened(ctx, qtbot, qsettings):
    from boostdesk.ui.main_window import OPENING_TEXT, MainWindow

    window = MainWindow(settings=qsettings, path=ctx.reg.path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window._painted, timeout=5000)
    window.nav.setCurrentRow(2)  # 工作室, clicked before the register is there
    window._dispatch("new_item")  # Ctrl+N: nothing to act on yet, and says why
    assert window.screens == {} and window.statusBar().currentMessage() == OPENING_TEXT
    window.attach(ctx)
    assert set(window.screens) == {2} and window.stack.currentWidget() is window.screens[2]
    assert window.counts_label.text().startswith("专利：登记")
    assert [a.text() for a in window.edit_menu.actions()][:2] == ["撤销(&U)", "重做(&R)"]


def test_a_damaged_register_is_still_not_opened(tmp_path, qapp, qtbot, answers, monkeypatch):
    from test_backup import corrupt

    from boostdesk.models import Register
    from boostdesk.models.records import PatentApplication

    db = tmp_path / "register.db"
    reg = Register.open(db, operator="王秀兰")
    for i in range(200):
        reg.save_patent(PatentApplication(title=f"专利{i}" * 20, campaign_year=2022))
    reg.close()
    corrupt(db)
    seen = gui_refused(monkeypatch, qtbot, answers, ["gui", "--db", str(db)])
    assert seen == {"status": 1, "register": None, "visible": False}  # told, then closed
    assert answers.errors and "已损坏" in answers.errors[0][1]
    assert not list(tmp_path.glob("backups/*"))  # no backup of a damaged file was taken


def _damaged_register_with_a_backup(tmp_path, damage=None):
    from test_backup import corrupt

    from boostdesk.models import Register
    from boostdesk.models.records import PatentApplication
    from boostdesk.safety import backup_register

    db = tmp_path / "register.db"
    reg = Register.open(db, operator="王秀兰")
    for i in range(200):
        reg.save_patent(PatentApplication(title=f"专利{i}" * 20, campaign_year=2022))
    reg.close()
    backup_register(db, "manual")
    (damage or corrupt)(db)
    return db


def _patents_seen_on_opening(qtbot, monkeypatch) -> dict[str, object]:  # noqa: ANN001
    """The app's event loop replaced: once the window has opened (or closed), how many
    patents its register holds goes into the dict returned, and the window closes."""
    seen: dict[str, object] = {}

    def fake_exec() -> int:
        window = shown_window()
        opened_or_closed(qtbot, window)
        if window.ctx is not None:
            seen["patents"] = window.ctx.reg.scalar("SELECT COUNT(*) FROM patent_applications")
            window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    return seen


@pytest.mark.parametrize("damage", ["scribbled", "garbled-name", "truncated"])
def test_a_damaged_register_can_be_restored_from_its_last_good_backup_at_start(
        tmp_path, qapp, qtbot, answers, monkeypatch, damage):
    """garbled-name: a table's name in the schema not UTF-8 (SQLite's error quoting it
    raised UnicodeDecodeError): the restore failed half way, 恢复失败 and the window closed."""
    from test_backup import garble_a_table_name

    from boostdesk.safety import check_integrity, list_backups
    from tests.backup_files import sqlite_of

    def truncate(path):  # a copy cut short
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    db = _damaged_register_with_a_backup(tmp_path, {
        "garbled-name": garble_a_table_name, "truncated": truncate}.get(damage))
    damaged = db.read_bytes()
    seen = _patents_seen_on_opening(qtbot, monkeypatch)
    answers.text = "王秀兰"
    answers.yes = False  # 退出: nothing changes
    assert main(["gui", "--db", str(db)]) == 1
    assert "恢复并打开吗" in answers.questions[0] and not check_integrity(db).ok
    assert "已损坏" in answers.questions[0] and db.read_bytes() == damaged

    answers.yes = True  # 恢复并打开
    assert main(["gui", "--db", str(db)]) == 0
    assert not answers.errors
    assert seen["patents"] == 200 and check_integrity(db).ok
    assert any("已用备份" in text for _title, text in answers.infos)
    (kept,) = [b for b in list_backups(db) if b.reason == "damaged"]  # the damaged file
    with sqlite_of(kept.path) as copy:
        assert copy.read_bytes() == damaged


def test_a_register_emptied_to_0_bytes_is_offered_its_last_backup_at_start(
        tmp_path, qapp, qtbot, answers, monkeypatch):
    """The window opened a 0-byte register (a copy or sync cut short) as a new, empty one,
    saying nothing, its start backups then rotating the good ones away."""
    from boostdesk.models import Register
    from boostdesk.models.records import PatentApplication
    from boostdesk.safety import backup_register

    db = tmp_path / "register.db"
    with Register.open(db, operator="王秀兰") as reg:
        reg.save_patent(PatentApplication(title="登记过的", campaign_year=2022))
    backup_register(db, "manual")
    db.write_bytes(b"")
    seen = _patents_seen_on_opening(qtbot, monkeypatch)
    answers.text = "王秀兰"
    answers.yes = True  # 恢复并打开
    assert main(["gui", "--db", str(db)]) == 0
    assert "0 字节" in answers.questions[0] and "恢复并打开吗" in answers.questions[0]
    assert seen["patents"] == 1
