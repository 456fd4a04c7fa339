"""Start-up and search speed fixes: the start backup after the window, counts once per
data change, and sorting by id without a sort."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from test_ui_register import many_patents
from test_ui_support import answers, ctx, qsettings

from boostdesk.models.records import PATENT
from boostdesk.safety import list_backups
from boostdesk.ui import app as ui_app
from boostdesk.ui import dialogs, queries, register_screen
from boostdesk.ui.queries import Filters

__all__ = ["answers", "ctx", "qsettings"]


def _plan(reg, sort_key: str, descending: bool = False) -> str:
    sqls: list[str] = []
    reg.conn.set_trace_callback(sqls.append)
    try:
        queries.search_ids(reg, queries.PATENT_SPEC, 2022, Filters(), sort_key, descending)
    finally:
        reg.conn.set_trace_callback(None)
    sql = next(s for s in sqls if s.startswith("SELECT a.id"))
    return " | ".join(row[-1] for row in reg.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))


def test_sorting_by_id_needs_no_sort(reg):
    ids = many_patents(reg, 4)
    spec = queries.PATENT_SPEC
    assert "TEMP B-TREE" not in _plan(reg, "id")
    assert "TEMP B-TREE" not in _plan(reg, "id", descending=True)
    assert queries.search_ids(reg, spec, 2022, Filters(), "id", descending=True) == ids[::-1]
    assert queries.search_ids(reg, spec, 2022, Filters(), "title", descending=True) == ids[::-1]


def test_the_campaign_count_is_computed_once_per_data_change(ctx, qtbot, monkeypatch):
    """共 … 条: never counted at a keystroke or filter; after a write it comes from the
    search's memory of the campaign (its rows, patched in), not a count of the campaign."""
    many_patents(ctx.reg, 3)
    calls: list[str] = []
    real = queries.counts

    def counting(reg, stream, year):  # noqa: ANN001, ANN202
        calls.append(stream)
        return real(reg, stream, year)

    monkeypatch.setattr(register_screen.queries, "counts", counting)
    screen = register_screen.PatentScreen(ctx)
    qtbot.addWidget(screen)
    assert calls == [] and screen.count.text() == "共 3 条"
    for text in ("发明", "发明人0001", ""):
        screen.search.setText(text)
        screen.run_search()
    screen.verdict.setCurrentIndex(1)
    screen.verdict.setCurrentIndex(0)
    assert calls == []  # keystrokes and filters reuse it
    many_patents(ctx.reg, 1, unit="朝阳区总工会")
    ctx.changed.emit(PATENT)
    assert calls == [] and screen.count.text() == "共 4 条"
    with ctx.reg.transaction():  # inside a transaction the search runs in SQL: counted once
        screen.run_search()
        screen.run_search()
        assert calls == [PATENT] and screen.count.text() == "共 4 条"


def test_the_start_backup_is_taken_after_the_window_shows(reg, qtbot, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _w, _t, text: shown.append(text))
    window = QWidget()
    qtbot.addWidget(window)
    task = ui_app.start_backup_task(reg.path, window)
    assert not task.isRunning() and list_backups(reg.path) == []  # not before the event loop
    qtbot.waitUntil(lambda: task.isFinished() and list_backups(reg.path) != [], timeout=5000)
    assert [b.reason for b in list_backups(reg.path)] == ["start"] and shown == []

    failing = ui_app.start_backup_task(reg.path.parent / "missing.db", window)
    qtbot.waitUntil(lambda: shown != [], timeout=5000)
    failing.wait()
    assert "启动时自动备份失败" in shown[0]


def test_the_start_backup_waits_for_the_first_screen_when_told(reg, qtbot):
    from PySide6.QtCore import Signal

    class Window(QWidget):
        opened = Signal()

    window = Window()
    qtbot.addWidget(window)
    task = ui_app.start_backup_task(reg.path, window, window.opened)
    qtbot.wait(50)
    assert not task.isRunning() and list_backups(reg.path) == []  # the screen is not open yet
    window.opened.emit()
    qtbot.waitUntil(lambda: task.isFinished() and list_backups(reg.path) != [], timeout=5000)
    window.opened.emit()  # once only
    qtbot.wait(50)
    assert len(list_backups(reg.path)) == 1


FIRST_WINDOW = """
import sys
from pathlib import Path
from PySide6 import QtCore, QtGui, QtWidgets
from boostdesk.ui.app import finish_application, make_application
from boostdesk.ui.main_window import MainWindow

app = make_application(first_window_only=True)
window = MainWindow(settings=QtCore.QSettings(), path=Path(sys.argv[1]))
window.show()
app.processEvents()
built = [name for name, module in (("Qt", QtCore), ("QIcon", QtGui),
                                    ("QAbstractEventDispatcher", QtCore),
                                    ("QSessionManager", QtGui), ("QCommonStyle", QtWidgets),
                                    ("QStyle", QtWidgets))
         if name in module.__dict__]
finish_application(app)
print(f"built before: {built}; icon after: {not app.windowIcon().isNull()}")
"""


def test_the_first_window_is_shown_without_building_qts_namespace(tmp_path):
    """Qt's namespace builds its 96 enums on first use (25–45 ms of a 0.3 s start), QIcon
    its 151 theme names (≈ 3 ms): the window `boostdesk gui` shows first must touch neither
    (attach() and finish_application() do, after its first paint). Nor may it wrap the
    application's private children (``app.children()``: the event dispatcher, the session
    manager, the style), whose classes PySide6 builds on first sight (≈ 6 ms), nor build
    QStyle's enums to fit the plan line in a toolbar that holds it anyway (≈ 4 ms)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", FIRST_WINDOW, str(tmp_path / "register.db")],
                         env=env, capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "built before: []; icon after: True", out.stderr


AT_FIRST_PAINT = """
import sys
from pathlib import Path
from PySide6 import QtCore, QtGui, QtWidgets
from boostdesk.ui.app import make_application
from boostdesk.ui.main_window import MainWindow

WATCHED = (("QKeySequence", QtGui), ("QPainter", QtGui), ("QTextEdit", QtWidgets),
           ("QBoxLayout", QtWidgets), ("QGridLayout", QtWidgets), ("QTabWidget", QtWidgets),
           ("QSizePolicy", QtWidgets))
MODULES = ("boostdesk.ui.dialogs", "boostdesk.ui.status_room", "boostdesk.ui.page_size")
app = make_application(first_window_only=True)
window = MainWindow(settings=QtCore.QSettings(), path=Path(sys.argv[1]))
seen = {}

class Watch(QtCore.QObject):
    def eventFilter(self, obj, event):
        if event.type() == QtCore.QEvent.Type.Paint and "paint" not in seen:
            seen["paint"] = [n for n, m in WATCHED if n in m.__dict__]
            seen["paint"] += [m for m in MODULES if m in sys.modules]
            seen["entries"] = len(window.file_menu.actions())
            seen["labels"] = len(window.statusBar().findChildren(QtWidgets.QLabel))
        return False

watch = Watch()
window.installEventFilter(watch)
window.first_painted.connect(app.quit)
window.show()
app.exec()
sheets = [w for w in (window._opening, window.campaign_label, window.nav) if w.styleSheet()]
labels = [w.objectName() for w in window.statusBar().findChildren(QtWidgets.QLabel)]
print(f"at paint: {seen['paint']} entries {seen['entries']} labels {seen['labels']}; after: "
      f"{len(window.file_menu.actions()) > 10} {'QKeySequence' in QtGui.__dict__} {labels} "
      f"{window.year_toolbar.toggleViewAction().text()}; "
      f"sheets {[w.objectName() for w in sheets]}")
"""


def test_what_the_first_paint_does_not_show_is_built_after_it(tmp_path):
    """The menus' entries and keys (QKeySequence's class and enums), retheme's and
    small_screen's classes, QPainter's, and the two labels' style sheets (the first polished
    took ≈ 1–2 ms of the paint) cost the window ≈ 8 ms of its first paint, which shows none
    of them: the menus' names show, their entries come just after it. So do the status
    bar's labels (empty till the register is open), the stack's page sizing (QSizePolicy's
    class and enums) and the modules of the dialogs, the labels and the sizing (≈ 3 ms
    together)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", AT_FIRST_PAINT, str(tmp_path / "register.db")],
                         env=env, capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == ("at paint: [] entries 0 labels 0; after: True True "
                                  "['todo_line', 'counts', ''] 年度栏(&Y); "
                                  "sheets ['navigation']"), out.stderr


AS_LAUNCHED = """
import sys
from pathlib import Path
from PySide6.QtCore import QSettings
from boostdesk.ui.app import ask_operator, make_application
from boostdesk.ui.main_window import MainWindow

app = make_application(first_window_only=True)
settings = QSettings()
settings.setValue("operator/name", "张敏")  # remembered: no question, as at most starts
name = ask_operator(settings)
window = MainWindow(settings=settings, path=Path(sys.argv[1]))
window.first_painted.connect(app.quit)
window.show()
app.exec()
print(name, sorted(m for m in ("boostdesk.validate", "decimal") if m in sys.modules))
"""


def test_the_operators_name_is_checked_without_the_validation_module(tmp_path):
    """``gui`` checks the remembered 操作人 before the window is built (operator_name):
    importing it imported boostdesk.validate for its error class, and with it that module's
    ≈ 40 patterns, decimal, datetime and the masking (≈ 30–40 ms of a 0.12 s start, the
    start 1.25× → 1.50× the bare window). The error lives in boostdesk.errors."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", AS_LAUNCHED, str(tmp_path / "register.db")],
                         env=env, capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "张敏 []", out.stderr


def test_the_opening_note_is_centred_muted_and_follows_the_palette(qapp, qtbot, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QColor, QPalette

    from boostdesk.ui.main_window import OPENING_TEXT, MainWindow
    from boostdesk.ui.theme import MUTED_COLOUR, contrast

    before = QPalette(qapp.palette())
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                        path=tmp_path / "register.db")
    qtbot.addWidget(window)
    window.resize(900, 500)
    window.show()
    qtbot.waitUntil(lambda: window._painted, timeout=5000)
    note = window._opening
    role = QPalette.ColorRole.WindowText
    assert note.text() == OPENING_TEXT and note.styleSheet() == ""
    assert note.palette().color(role) == QColor(MUTED_COLOUR)
    shot = note.grab().toImage()  # centred: as much room left as right of the words
    inked = [x for x in range(shot.width()) for y in range(0, shot.height(), 2)
             if shot.pixelColor(x, y).lightness() < 200]
    assert abs(min(inked) - (shot.width() - 1 - max(inked))) <= 2
    dark = QPalette(before)
    for r, colour in ((QPalette.ColorRole.Window, "#202020"), (role, "#ffffff")):
        dark.setColor(r, QColor(colour))
    try:
        qapp.setPalette(dark)
        qapp.processEvents()
        assert contrast(note.palette().color(role), QColor("#202020")) >= 4.5  # was 2.3:1
        qapp.setPalette(before)
        qapp.processEvents()
        assert note.palette().color(role) == QColor(MUTED_COLOUR)
    finally:
        qapp.setPalette(before)


def test_menus_filled_once_whenever_the_register_comes(ctx, qtbot, qsettings):
    """Attached before the first paint (a test, an opening quicker than the paint) or after
    it, the window's menus hold each entry once, 撤销 and 重做 first in 编辑."""
    from boostdesk.ui.main_window import MainWindow

    window = MainWindow(settings=qsettings, path=ctx.reg.path)
    qtbot.addWidget(window)
    assert window.file_menu.actions() == [] and window.campaign_label.styleSheet() == ""
    window.attach(ctx)
    texts = [a.text() for a in window.file_menu.actions() if a.text()]
    assert len(texts) == len(set(texts)) > 10
    assert [a.text() for a in window.edit_menu.actions()][:2] == ["撤销(&U)", "重做(&R)"]
    assert "padding-left" in window.campaign_label.styleSheet()
    window.show()
    qtbot.waitUntil(lambda: window._painted, timeout=5000)
    assert [a.text() for a in window.file_menu.actions() if a.text()] == texts


@pytest.mark.parametrize("installed", [True, False], ids=["installed", "not installed"])
def test_the_main_face_is_registered_only_where_the_system_lacks_it(qapp, monkeypatch, installed):
    """A system with WenQuanYi Micro Hei installed (Debian's fonts-wqy-microhei: the very
    file shipped) draws with its own copy: registering the shipped one as well made
    fontconfig read its 20,000 characters (≈ 1.5 ms of the start) for nothing. A system
    without it gets the shipped face, as before."""
    from PySide6.QtGui import QFont, QFontDatabase

    registered: list[str] = []
    real_add = QFontDatabase.addApplicationFont

    def add(path: str) -> int:
        registered.append(Path(path).name)
        return real_add(path)

    asked: list[str] = []

    def has(family: str) -> bool:
        asked.append(family)
        return installed

    before = QFont(qapp.font())
    monkeypatch.setattr(ui_app, "_families", {})
    monkeypatch.setattr(QFontDatabase, "addApplicationFont", staticmethod(add))
    monkeypatch.setattr(QFontDatabase, "hasFamily", staticmethod(has))
    try:
        assert ui_app.load_fonts(qapp, (ui_app.MAIN_FONT,)) == "WenQuanYi Micro Hei"
        assert qapp.font().family() == "WenQuanYi Micro Hei"
    finally:
        qapp.setFont(before)
    assert asked == ["WenQuanYi Micro Hei"]
    assert registered == ([] if installed else [ui_app.MAIN_FONT])


SCREEN_MODULES = """
import importlib
import sys
from boostdesk.ui.main_window import SCREENS
for _label, module, _name in SCREENS:
    importlib.import_module(module)
print(sorted(m for m in sys.modules if m.split(".")[0] == "openpyxl")[:3])
"""


def test_no_screen_loads_the_workbook_library_before_it_writes_one():
    """openpyxl took ≈ 0.12 s (CPU) of 拨付's first visit at 100,000 lines, of ≈ 0.5 s:
    拨付 imported it with its list export. A screen imports it when it writes a workbook."""
    import os
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", SCREEN_MODULES], capture_output=True,
                         text=True, timeout=60, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "[]", out.stderr
