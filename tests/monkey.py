"""A seeded monkey at the keyboard: the whole window walked at random (no tests here).

``walk(seed, steps, folder)`` opens the main window on a demo register in ``folder`` and, for
``steps`` steps, picks a screen, a menu action, a shortcut, a button, a list row, a header, a
tab, a combo choice or a field to type realistic or hostile text into. Modal dialogs, message
boxes and menus are answered at random on the same timer (each step is scheduled before it
acts, so a dialog's own event loop runs the next one); file dialogs return paths in
``folder``. Every unhandled exception, every Qt warning, every failure the window logged with
a traceback and every 程序出错 message is noted; after the walk the register is checked
(``PRAGMA integrity_check``, ``foreign_key_check``, ``boostdesk check``, and the verdicts the
window stored against those the rules give). ``tests/test_ui_monkey.py`` runs a few short
walks; ``tools/monkey.py`` runs long ones.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEventLoop,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QTabBar,
    QTextEdit,
    QWidget,
)

TEXTS = [
    "张三", "李四职工创新工作室", "北京市总工会", "ZL202210123456.7", "202210123456.7",
    "110105199001011234", "6217000010001234567", "１２３４５", "３０００", "3000", "0", "-5",
    "2022-05-01", "２０２２年５月１日", "99999999999999", "1e9", "3.5", "３．５万", "", " ", "　",
    "\t", "'; DROP TABLE patents; --", "=1+1", "@SUM(A1)", "😀🎉", "𠀀𪚥堃喆", "A", "a" * 300,
    "长" * 2000, "NULL", "None", "%s %d {0}", "<b>粗</b>", "\\", "\n换行\n", "张三,李四；王五",
    "专利12", "项目3", "12", "-1", "2100-01-01", "13800138000", "ABC有限公司", "工会",
]
KEYS = [
    (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
    (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier),
    (Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Enter, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier),
    (Qt.Key.Key_Up, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_PageDown, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Home, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_End, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier),
]
TRACE = bool(os.environ.get("MONKEY_TRACE"))  # every action to stderr as it is taken (a crash)
# Qt's noise on the offscreen platform, not the app's.
QUIET = ("propagateSizeHints", "edit: editing failed", "QFont::setPointSize", "Unable to open default EUC-JP",
         "This plugin does not support", "QPrintDialog", "QPainter::begin",
         "Cannot find font directory", "QStandardPaths")


@dataclass
class Finding:
    kind: str  # exception, qt-warning, logged, error-box, frozen, register
    step: int
    text: str
    trail: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        last = "\n    ".join(self.trail[-12:])
        return f"[{self.kind} @ step {self.step}] {self.text}\n  last actions:\n    {last}"


class _LogCatcher(logging.Handler):
    def __init__(self, monkey: Monkey) -> None:
        super().__init__(logging.ERROR)
        self.monkey = monkey

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info))
        self.monkey.note("logged", text)


class Monkey:
    def __init__(self, window: QWidget, ctx: Any, rng: random.Random, steps: int,
                 folder: Path) -> None:
        self.window, self.ctx, self.rng, self.steps, self.folder = window, ctx, rng, steps, folder
        self.n = 0
        self.done = False
        self.stopped = False  # the drain, after the walk
        self.findings: list[Finding] = []
        self.trail: list[str] = []
        self.answers: dict[int, int] = {}  # id(dialog) -> times told to close, still open
        self.opened_at: dict[int, float] = {}
        self.files: FileDialogs | None = None

    # -- bookkeeping ------------------------------------------------------------------
    def note(self, kind: str, text: str) -> None:
        self.findings.append(Finding(kind, self.n, text, list(self.trail)))

    def log(self, text: str) -> None:
        self.trail.append(f"{self.n}: {text}")
        if TRACE:
            print(self.trail[-1], file=sys.stderr, flush=True)
        del self.trail[:-40]

    # -- the walk ----------------------------------------------------------------------
    def start(self) -> None:
        QTimer.singleShot(0, self.step)

    def step(self) -> None:
        if self.done:
            return
        if self.n >= self.steps:
            self.done = True
            QTimer.singleShot(0, self.drain)
            return
        self.n += 1
        # Scheduled before acting: a dialog's exec() below runs the next step in its loop.
        QTimer.singleShot(1, self.step)
        try:
            self.act()
        except Exception:  # noqa: BLE001 - the monkey's own slip, noted like the app's
            self.note("driver", traceback.format_exc())

    def drain(self) -> None:
        """Close whatever is open, innermost first, until the walk is over: scheduled before
        acting, as a step is (closing a form asks 放弃录入？ in a loop of its own), and on
        after the walk's loops unwind (a timer of the app's may open a dialog still)."""
        if self.stopped:
            return
        QTimer.singleShot(5, self.drain)
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        modal = QApplication.activeModalWidget()
        if modal is not None:
            if isinstance(modal, QProgressDialog):
                pass  # the work behind it ends on its own
            elif isinstance(modal, QMessageBox):
                # The answer that lets go: 放弃录入？ or 还有文件未导入 answered by Esc
                # (继续填写, 返回) would keep their window open for ever.
                going = [b for b in modal.buttons() if b is not modal.escapeButton()]
                if going:
                    going[0].click()
                else:
                    modal.reject()
            elif isinstance(modal, QDialog):
                modal.reject()
            else:
                modal.close()
        if modal is None and popup is None:  # a window's own question is answered first
            for w in QApplication.topLevelWidgets():
                if w is not self.window and w.isVisible() and isinstance(w, QDialog):
                    w.reject()
                    break

    def act(self) -> None:
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu):
            self.in_menu(popup)
            return
        if popup is not None:
            self.log(f"Esc on popup {type(popup).__name__}")
            QTest.keyClick(popup, Qt.Key.Key_Escape)
            return
        modal = QApplication.activeModalWidget()
        if modal is not None:
            self.in_modal(modal)
            return
        others = [w for w in QApplication.topLevelWidgets()
                  if w is not self.window and w.isVisible() and isinstance(w, QDialog)]
        if others and self.rng.random() < 0.5:
            top = self.rng.choice(others)
            if self.rng.random() < 0.3:
                self.log(f"close window {top.windowTitle()!r}")
                top.reject()
                return
            self.anywhere(top)
            return
        self.anywhere(self.window)

    def in_menu(self, menu: QMenu) -> None:
        actions = [a for a in menu.actions() if a.isEnabled() and not a.isSeparator()
                   and a.isVisible() and not self.quits(a)]
        if not actions or self.rng.random() < 0.3:
            self.log("Esc on menu")
            menu.close()
            return
        action = self.rng.choice(actions)
        self.log(f"menu item {action.text()!r}")
        menu.close()
        action.trigger()

    def in_modal(self, modal: QWidget) -> None:
        key = id(modal)
        self.opened_at.setdefault(key, time.monotonic())
        if isinstance(modal, QProgressDialog):
            if time.monotonic() - self.opened_at[key] > 60:
                self.note("frozen", f"progress dialog {modal.labelText()!r} open for a minute")
                self.opened_at[key] = time.monotonic()
            if self.rng.random() < 0.02:
                self.log(f"cancel progress {modal.labelText()!r}")
                modal.cancel()
            return
        if self.answers.get(key, 0) > 8:
            self.note("frozen", f"{type(modal).__name__} {modal.windowTitle()!r} refuses to close")
            self.answers[key] = 0
        if isinstance(modal, QMessageBox):
            # A window that asks on Esc (还有文件未导入, 放弃录入？) is answering, not frozen.
            self.answers = {k: v for k, v in self.answers.items() if k == key}
            text = modal.text()
            if "程序出错" in text or "程序出错" in modal.windowTitle():
                self.note("error-box", f"{modal.windowTitle()}: {text}")
            buttons = modal.buttons()
            choice = self.rng.random()
            if choice < 0.2 or not buttons:
                self.log(f"Esc on message {modal.windowTitle()!r}")
                QTest.keyClick(modal, Qt.Key.Key_Escape)
                self.answers[key] = self.answers.get(key, 0) + 1
            else:
                button = self.rng.choice(buttons)
                self.log(f"answer {modal.windowTitle()!r} with {button.text()!r}")
                button.click()
            return
        roll = self.rng.random()
        if roll < 0.08:
            self.log(f"Esc on dialog {modal.windowTitle()!r}")
            QTest.keyClick(modal, Qt.Key.Key_Escape)
            self.answers[key] = self.answers.get(key, 0) + 1
        elif roll < 0.12 and isinstance(modal, QDialog):
            self.log(f"reject dialog {modal.windowTitle()!r}")
            modal.reject()
            self.answers[key] = self.answers.get(key, 0) + 1
        elif roll < 0.17 and isinstance(modal, QDialog):
            self.log(f"Enter on dialog {modal.windowTitle()!r}")
            QTest.keyClick(modal.focusWidget() or modal, Qt.Key.Key_Return)
        else:
            self.anywhere(modal)

    def anywhere(self, top: QWidget) -> None:
        roll = self.rng.random()
        main = top is self.window
        if main and roll < 0.01 and self.files is not None:
            self.drop(self.rng.sample(self.files.files(), 2))
        elif main and roll < 0.08:
            i = self.rng.randrange(9)
            self.log(f"screen {i + 1}")
            self.window.show_screen(i)
        elif main and roll < 0.16:
            actions = [a for a in self.window.findChildren(QAction)
                       if a.isEnabled() and a.text() and not self.quits(a)]
            if actions:
                action = self.rng.choice(actions)
                self.log(f"action {action.text()!r}")
                action.trigger()
        elif roll < 0.30:
            key, mod = self.rng.choice(KEYS)
            target = QApplication.focusWidget()
            if target is None or not top.isAncestorOf(target) and target is not top:
                target = top
            self.log(f"key {QTest.__name__ and key.name}+{mod.name} on {type(target).__name__}")
            QTest.keyClick(target, key, mod)
        else:
            self.widget_action(top)

    def drop(self, paths: list[Path]) -> None:
        """Files dragged from the file manager onto the window."""
        from PySide6.QtCore import QMimeData, QPointF, QUrl
        from PySide6.QtGui import QDropEvent

        self.log(f"drop {[p.name for p in paths]}")
        data = QMimeData()
        data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
        event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, data,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        self.window.dropEvent(event)

    @staticmethod
    def quits(action: QAction) -> bool:
        return action.text().startswith("退出") or "Ctrl+Q" in action.shortcut().toString()

    def widgets(self, top: QWidget) -> list[QWidget]:
        kinds = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox,
                 QAbstractItemView, QTabBar, QAbstractSpinBox, QHeaderView)
        found = [w for w in top.findChildren(QWidget)
                 if isinstance(w, kinds) and w.isVisible() and w.isEnabled()
                 and w.window() is top]
        return found

    def widget_action(self, top: QWidget) -> None:
        found = self.widgets(top)
        if not found:
            return
        w = self.rng.choice(found)
        name = w.accessibleName() or w.objectName() or type(w).__name__
        if isinstance(w, QHeaderView):
            if w.count() and w.orientation() == Qt.Orientation.Horizontal:
                section = self.rng.randrange(w.count())
                x = w.sectionViewportPosition(section) + max(w.sectionSize(section) // 2, 1)
                self.log(f"header {name} section {section}")
                QTest.mouseClick(w.viewport(), Qt.MouseButton.LeftButton,
                                 Qt.KeyboardModifier.NoModifier, QPoint(x, w.height() // 2))
        elif isinstance(w, QAbstractButton):
            if "退出" in w.text():
                return
            self.log(f"click {w.text() or name!r}")
            w.click()
        elif isinstance(w, QComboBox):
            if w.count() and self.rng.random() < 0.8:
                i = self.rng.randrange(w.count())
                self.log(f"combo {name} -> {w.itemText(i)!r}")
                w.setFocus()
                w.setCurrentIndex(i)
                w.activated.emit(i)
            elif w.isEditable():
                self.type_into(w.lineEdit(), name)
        elif isinstance(w, QTabBar):
            if w.count():
                i = self.rng.randrange(w.count())
                self.log(f"tab {name} -> {w.tabText(i)!r}")
                w.setCurrentIndex(i)
        elif isinstance(w, QAbstractItemView):
            self.in_list(w, name)
        elif isinstance(w, QAbstractSpinBox):
            w.setFocus()
            if self.rng.random() < 0.5:
                key = self.rng.choice([Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp])
                self.log(f"spin {name} {key.name}")
                QTest.keyClick(w, key)
            else:
                line = w.findChild(QLineEdit)
                if line is not None:
                    self.type_into(line, name)
        else:
            self.type_into(w, name)

    def in_list(self, view: QAbstractItemView, name: str) -> None:
        model = view.model()
        if model is None or model.rowCount(QModelIndex()) == 0:
            return
        row = self.rng.randrange(min(model.rowCount(QModelIndex()), 200))
        col = self.rng.randrange(max(_columns(model), 1))
        index = model.index(row, col)
        view.scrollTo(index)
        rect = view.visualRect(index)
        if not rect.isValid() or rect.isEmpty():
            return
        mod = self.rng.choice([Qt.KeyboardModifier.NoModifier] * 4
                              + [Qt.KeyboardModifier.ControlModifier,
                                 Qt.KeyboardModifier.ShiftModifier])
        if self.rng.random() < 0.2:
            self.log(f"double-click {name} ({row},{col})")
            QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, mod, rect.center())
        else:
            self.log(f"click {name} ({row},{col}) {mod.name}")
            QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, mod, rect.center())
            if (view.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers
                    and self.rng.random() < 0.4):
                text = self.rng.choice(TEXTS)
                self.log(f"  type {text[:20]!r} into the cell")
                QTest.keyClick(view.viewport(), Qt.Key.Key_F2)
                editor = QApplication.focusWidget()
                if editor is not None and editor is not view:
                    self.type_text(editor, text)
                    QTest.keyClick(editor, Qt.Key.Key_Return)

    def type_into(self, w: QWidget, name: str) -> None:
        if w is None:
            return
        text = self.rng.choice(TEXTS)
        w.setFocus()
        if self.rng.random() < 0.6 and hasattr(w, "selectAll"):
            w.selectAll()
            QTest.keyClick(w, Qt.Key.Key_Delete)
        self.log(f"type {text[:20]!r} (len {len(text)}) into {name}")
        self.type_text(w, text)
        if self.rng.random() < 0.3:
            QTest.keyClick(w, self.rng.choice([Qt.Key.Key_Return, Qt.Key.Key_Tab]))

    @staticmethod
    def type_text(w: QWidget, text: str) -> None:
        if text and text.isascii() and len(text) < 40 and "\n" not in text and "\t" not in text:
            QTest.keyClicks(w, text)
            return
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(w, event)


def _columns(model: Any) -> int:
    try:
        return model.columnCount(QModelIndex())
    except TypeError:  # a list model's is private in PySide6
        return 1


# -- files ---------------------------------------------------------------------------------
class FileDialogs:
    """QFileDialog's static questions answered with paths in ``folder`` (or cancelled)."""

    def __init__(self, rng: random.Random, folder: Path, inputs: list[Path]) -> None:
        self.rng, self.folder, self.inputs, self.n = rng, folder, inputs, 0

    def save(self, _parent: Any = None, _caption: str = "", name: str = "",
             filt: str = "", *_a: Any, **_k: Any) -> tuple[str, str]:
        if self.rng.random() < 0.15:
            return "", ""
        self.n += 1
        suffix = Path(name).suffix or ".xlsx"
        return str(self.folder / "out" / f"{self.n}-{Path(name).stem or 'x'}{suffix}"), filt

    def files(self) -> list[Path]:
        """The inputs, and the workbooks the walk has exported so far (read back)."""
        return self.inputs + sorted((self.folder / "out").glob("*.xlsx"))

    def open_one(self, *_a: Any, **_k: Any) -> tuple[str, str]:
        if self.rng.random() < 0.2:
            return "", ""
        return str(self.rng.choice(self.files())), ""

    def open_many(self, *_a: Any, **_k: Any) -> tuple[list[str], str]:
        if self.rng.random() < 0.2:
            return [], ""
        files = self.files()
        k = self.rng.randint(1, min(3, len(files)))
        return [str(p) for p in self.rng.sample(files, k)], ""

    def folder_(self, *_a: Any, **_k: Any) -> str:
        return "" if self.rng.random() < 0.2 else str(self.folder / "out")


def _inputs(folder: Path, reg: Any) -> list[Path]:
    """Files a clerk might pick: blank tables, a table exported from the register, junk."""
    from PySide6.QtGui import QColor, QImage

    from boostdesk.io.template import write_template

    inputs = folder / "in"
    inputs.mkdir(parents=True, exist_ok=True)
    made = []
    year = max(reg.campaign_years())
    for stream in ("patent", "project"):
        path = inputs / f"空白-{stream}.xlsx"
        with contextlib.suppress(Exception):
            write_template(path, stream, year=year, rows=10, campaign=reg.campaign(year))
            made.append(path)
    junk = inputs / "坏文件.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip" * 10)
    empty = inputs / "空.xls"
    empty.write_bytes(b"")
    text = inputs / "说明.txt"
    text.write_text("不是表格", encoding="utf-8")
    seal = inputs / "印章.png"
    image = QImage(120, 120, QImage.Format.Format_ARGB32)
    image.fill(QColor("red"))
    image.save(str(seal))
    made += [junk, empty, text, seal, inputs / "不存在.xlsx"]
    return made


_MADE: list[Path] = []
_INPUTS: list[Path] = []


def _made(fill_demo: Any) -> Path:
    """The demo register and the input files, made once a process and copied for each walk."""
    if not _MADE:
        from boostdesk.models import Register

        made = Path(tempfile.mkdtemp(prefix="boostdesk-monkey-"))
        atexit.register(shutil.rmtree, made, True)
        reg = Register.open(made / "register.db", operator="猴子")
        try:
            fill_demo(reg)
            _INPUTS.extend(_inputs(made, reg))
        finally:
            reg.close()
        _MADE.append(made)
    return _MADE[0]


# -- the register after the walk -------------------------------------------------------------
def _verdicts(path: Path) -> dict[tuple[str, int], tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        out = {}
        for table in ("patent_applications", "project_applications"):
            for row in con.execute(f"SELECT id, eligible, incomplete, findings FROM {table}"):
                findings = json.loads(row[3]) if row[3] else []
                codes = sorted(f.get("code", "") if isinstance(f, dict) else str(f)
                               for f in findings)
                out[(table, row[0])] = (row[1], row[2], tuple(codes))
        return out
    finally:
        con.close()


def check_register(path: Path) -> list[str]:
    """What is wrong with the register the walk left: empty when nothing."""
    problems = []
    con = sqlite3.connect(path)
    try:
        result = con.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            problems.append(f"integrity_check: {result[:5]}")
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(f"foreign_key_check: {fk[:5]}")
        years = [r[0] for r in con.execute("SELECT year FROM campaigns ORDER BY year")]
    finally:
        con.close()
    before = _verdicts(path)

    for year in years:
        _command(problems, path, "check", "--year", str(year))
    after = _verdicts(path)
    for year in years:  # the office's other reports read the register the walk left
        for command in (["stats"], ["rank"], ["pay", "list"], ["panel", "status"],
                        ["publicity", "list"]):
            _command(problems, path, *command, "--year", str(year))
    stale = [f"{k}: stored {before[k]} rules {v}" for k, v in after.items()
             if k in before and before[k] != v]
    if stale:
        problems.append(f"{len(stale)} stored verdicts differ from the rules':\n"
                        + "\n".join(stale[:10]))
    return problems


def _command(problems: list[str], path: Path, *args: str) -> None:
    """``boostdesk ARGS --db PATH``: a traceback or a 程序出错 is a problem; a refusal is not."""
    from boostdesk.cli import main

    out: list[str] = []
    try:
        with contextlib.redirect_stdout(_Sink(out)), contextlib.redirect_stderr(_Sink(out)):
            code = main([*args, "--db", str(path), "--operator", "猴子"])
    except SystemExit as exc:
        code = exc.code
    except Exception:  # noqa: BLE001
        problems.append(f"boostdesk {' '.join(args)} crashed:\n{traceback.format_exc()}")
        return
    said = "".join(out)
    if code not in (0, None, 1) or "Traceback" in said or "程序出错" in said:
        problems.append(f"boostdesk {' '.join(args)} exit {code}: {said[-2000:]}")


class _Sink:
    def __init__(self, out: list[str]) -> None:
        self.out = out

    def write(self, text: str) -> int:
        self.out.append(text)
        return len(text)

    def flush(self) -> None:
        pass


# -- one walk --------------------------------------------------------------------------------
def walk(seed: int, steps: int, folder: Path, *, patches: Any = None,
         timeout_s: float = 600.0) -> tuple[list[Finding], list[str]]:
    """Walk the window ``steps`` steps with ``seed``: (findings, register problems).

    ``patches`` is a ``pytest.MonkeyPatch`` (or anything with ``setattr``) for the file
    dialogs; without it they are patched here and put back after."""
    from PySide6.QtCore import QSettings

    from boostdesk.demo import fill_demo
    from boostdesk.models import Register
    from boostdesk.ui.app import make_application
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.main_window import MainWindow

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "out").mkdir(exist_ok=True)
    rng = random.Random(seed)
    app = QApplication.instance() or make_application()
    path = folder / "register.db"
    made = _made(fill_demo)
    shutil.copyfile(made / "register.db", path)
    shutil.copytree(made / "in", folder / "in", dirs_exist_ok=True)
    reg = Register.open(path, operator="猴子")
    files = FileDialogs(rng, folder, [folder / "in" / p.name for p in _INPUTS])
    undo: list[tuple[Any, str, Any]] = []

    def patch(owner: Any, name: str, value: Any) -> None:
        if patches is not None:
            patches.setattr(owner, name, value)
        else:
            undo.append((owner, name, getattr(owner, name)))
            setattr(owner, name, value)

    patch(QFileDialog, "getSaveFileName", staticmethod(files.save))
    patch(QFileDialog, "getOpenFileName", staticmethod(files.open_one))
    patch(QFileDialog, "getOpenFileNames", staticmethod(files.open_many))
    patch(QFileDialog, "getExistingDirectory", staticmethod(files.folder_))
    from PySide6.QtGui import QDesktopServices

    patch(QDesktopServices, "openUrl", staticmethod(lambda *_a: True))

    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(reg, settings=settings)
    ctx.set_operator("猴子")
    # a window an earlier test left shown (`gui`'s 操作人 question, its register closed since)
    # is no part of this walk: walked, its 确定 wrote to that closed register
    for stray in QApplication.topLevelWidgets():
        if stray.isVisible():
            stray.hide()
    before = set(QApplication.topLevelWidgets())
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    monkey = Monkey(window, ctx, rng, steps, folder)
    monkey.files = files

    def excepthook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        monkey.note("exception", "".join(traceback.format_exception(kind, exc, tb)))

    def thread_hook(args: Any) -> None:
        monkey.note("exception", "thread: " + "".join(traceback.format_exception(
            args.exc_type, args.exc_value, args.exc_traceback)))

    def qt_messages(kind: QtMsgType, _context: Any, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg and not any(q in message for q in QUIET):
            monkey.note("qt-warning", f"{kind.name}: {message}")

    catcher = _LogCatcher(monkey)
    logger = logging.getLogger("boostdesk")
    logger.addHandler(catcher)
    hooks = sys.excepthook, threading.excepthook
    sys.excepthook, threading.excepthook = excepthook, thread_hook
    previous = qInstallMessageHandler(qt_messages)
    try:
        monkey.start()
        start = time.monotonic()
        loop = QEventLoop()
        while not (monkey.done and QApplication.activeModalWidget() is None
                   and not ctx.busy):
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if time.monotonic() - start > timeout_s and not monkey.done:
                monkey.note("frozen", f"walk still running after {timeout_s:.0f} s")
                monkey.done = True
                monkey.drain()
            if time.monotonic() - start > timeout_s + 30:
                break
        settle = time.monotonic() + 0.3  # what the app posted meanwhile, answered too
        while time.monotonic() < settle:
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if not monkey.done or QApplication.activeModalWidget() is not None or ctx.busy:
            monkey.note("frozen", "the walk's windows or work did not end within "
                        f"{timeout_s + 30:.0f} s")
        with contextlib.suppress(Exception):
            window.save_layout()
        for w in QApplication.topLevelWidgets():  # none left over for the next walk
            if w not in before and w is not window and w.isVisible():
                w.hide()
                w.deleteLater()
        window.close()
        ctx.shutdown()
        app.processEvents()
        monkey.stopped = True
    finally:
        monkey.stopped = True
        qInstallMessageHandler(previous)
        sys.excepthook, threading.excepthook = hooks
        logger.removeHandler(catcher)
        for owner, name, value in reversed(undo):
            setattr(owner, name, value)
        with contextlib.suppress(Exception):
            ctx.reg.close()
        with contextlib.suppress(Exception):
            reg.close()
        window.deleteLater()
        app.processEvents()
    problems = check_register(path)
    return monkey.findings, problems
