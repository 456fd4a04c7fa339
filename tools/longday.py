"""A compressed working day in one window, measured as it goes (outside the test suite).

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. .venv/bin/python tools/longday.py --out /tmp/day \
        [--scale 1.0]

One MainWindow on a copy of the demo register, driven as the intake desk drives it: papers
typed key by key through 新建 (Ctrl+N … Ctrl+S), screens switched, each kind of dialog
opened and closed, search keystrokes and filter changes, undo/redo, summary tables imported
and documents made to PDF. ``--scale 1`` is the day of the brief (500 papers, 2,000 switches,
300 cycles of each dialog, 200 searches, 100 imports, 50 prints): ≈ 10 minutes here; 0.1 is
a few minutes. After each phase it prints the process's RSS, open file descriptors, the
window's QObjects, top-level widgets, live dialogs, threads, SQLite connections, ``changed``'s
receivers, the undo stack, Python objects, and the milliseconds an operation took in the
phase's first and last tenth (a slowing down shows as the second growing). Python object
types that grew by more than half the phase's count are listed after it.
"""

from __future__ import annotations

import argparse
import collections
import gc
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))


def rss_mb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    return 0


class Day:
    def __init__(self, out: Path) -> None:
        from PySide6.QtCore import QSettings, qInstallMessageHandler
        from PySide6.QtWidgets import QApplication

        from boostdesk.models import Register
        from boostdesk.ui import dialogs
        from boostdesk.ui.app import make_application
        from boostdesk.ui.context import AppContext
        from boostdesk.ui.main_window import MainWindow

        self.out = out
        out.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("BOOSTDESK_DATA", str(out / "data"))
        self.app = QApplication.instance() or make_application()
        qInstallMessageHandler(lambda *_a: None)  # the offscreen platform's noise
        db = out / "register.db"
        if not db.exists():
            subprocess.run([sys.executable, "-m", "boostdesk", "demo", "--db", str(db)],
                           check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        # Questions answered as a clerk answers them: yes (仍然保存, 放弃并关闭), no text.
        for name, value in (("show_error", lambda *_a, **_k: None),
                            ("show_info", lambda *_a, **_k: None),
                            ("ask_yes_no", lambda *_a, **_k: True),
                            ("ask_text", lambda *_a, **_k: None),
                            ("ask_choice", lambda *_a, **_k: None)):
            setattr(dialogs, name, value)
        self.reg = Register.open(db, operator="录入员")
        self.ctx = AppContext(self.reg, settings=QSettings(str(out / "settings.ini"),
                                                           QSettings.Format.IniFormat))
        self.ctx.set_operator("录入员")
        self.window = MainWindow(self.ctx)
        self.window.resize(1366, 768)
        self.window.show()
        self.pump()

    # -- plumbing ----------------------------------------------------------------------
    def pump(self, rounds: int = 3) -> None:
        from PySide6.QtCore import QEvent

        for _ in range(rounds):
            self.app.processEvents()
        # What closed is deleted as at the event loop's next turn (none runs here: a
        # deleteLater outside any event would wait for ever).
        self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)

    def wait_idle(self, limit_s: float = 120) -> None:
        end = time.monotonic() + limit_s
        while self.ctx.busy and time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.005)
        self.pump()

    def measure(self, label: str) -> collections.Counter[str]:
        from PySide6.QtCore import SIGNAL, QObject, QThread, QTimer
        from PySide6.QtWidgets import QDialog

        self.pump()
        gc.collect()
        objects = gc.get_objects()
        types = collections.Counter(type(o).__name__ for o in objects)
        connections = sum(isinstance(o, sqlite3.Connection) for o in objects)
        w = self.window
        print(f"{label:34s} rss={rss_mb()}MB fds={len(os.listdir('/proc/self/fd'))} "
              f"qobjects={len(w.findChildren(QObject))} top={len(self.app.topLevelWidgets())} "
              f"dialogs={len(w.findChildren(QDialog))} qthreads={len(w.findChildren(QThread))}"
              f"+{len(self.ctx.findChildren(QThread))} timers={len(w.findChildren(QTimer))} "
              f"threads={threading.active_count()} sqlite={connections} "
              f"changed->{self.ctx.receivers(SIGNAL('changed(QString)'))} "
              f"undo={self.ctx.undo_stack.count()} pyobjects={len(objects)}", flush=True)
        return types

    def phase(self, label: str, count: int, step: Callable[[int], None]) -> None:
        if count <= 0:
            return
        before = self.measure(f"{label}: before")
        took: list[float] = []
        for i in range(count):
            start = time.perf_counter()
            step(i)
            self.pump(2)
            took.append(time.perf_counter() - start)
        tenth = max(1, count // 10)
        first = sum(took[:tenth]) / tenth * 1000
        last = sum(took[-tenth:]) / tenth * 1000
        after = self.measure(f"{label}: after {count} ({first:.0f} → {last:.0f} ms)")
        grew = sorted(((k, after[k] - before.get(k, 0)) for k in after
                       if after[k] - before.get(k, 0) > count // 2), key=lambda kv: -kv[1])
        if grew:
            print("    grew:", ", ".join(f"{k} +{n}" for k, n in grew[:10]), flush=True)

    # -- what the desk does ------------------------------------------------------------
    def type_paper(self, i: int) -> None:
        """A patent paper typed key by key through Ctrl+N and saved with Ctrl+S."""
        import shiboken6
        from fixtures.summary_sheets import card, patent_no, resident_id
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QInputMethodEvent
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        from boostdesk.models.records import PATENT_MATERIALS

        w = self.window
        w.show_screen(0)
        QTest.keyClick(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        self.pump()
        form = w.current_screen().current_form
        form.activateWindow()
        self.pump()

        def typed(*entries: str | None) -> None:
            for entry in entries:
                target = QApplication.focusWidget() or form
                if entry and entry.isascii():
                    QTest.keyClicks(target, entry)
                elif entry:
                    event = QInputMethodEvent("", [])
                    event.setCommitString(entry)
                    QApplication.sendEvent(target, event)
                QTest.keyClick(QApplication.activePopupWidget() or QApplication.focusWidget()
                               or form, Qt.Key.Key_Tab)

        serial = f"{2021}1{(5_000_000 + i):07d}"
        typed("北京市海淀区总工会", "北京中科智测科技有限公司", f"一种检测装置第{i}号",
              patent_no(serial), "2021年3月5日", "张三" if i % 2 else "李四",
              resident_id(f"110105198{i % 10}0101{i % 1000:03d}"), card(f"62170000{i:07d}"),
              "13800138000", "y", "y", "y", "智能装备", None, "2022-10-20")
        for _ in PATENT_MATERIALS:
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        QTest.keyClick(QApplication.focusWidget() or form, Qt.Key.Key_S,
                       Qt.KeyboardModifier.ControlModifier)
        self.pump()
        if shiboken6.isValid(form) and form.isVisible():  # refused to save: the clerk closes it
            form.reject()

    def switch(self, i: int) -> None:
        from boostdesk.ui.main_window import SCREENS

        self.window.show_screen(i % len(SCREENS))

    def dialog_cycle(self, i: int) -> None:
        """Each kind in turn: open it, let it paint, close it with Esc (or 取消)."""
        w = self.window
        kind = i % 6
        if kind in (0, 1, 2, 3):
            w.show_screen(kind % 2)
        screen = w.current_screen()
        dialog = (screen.new_item, screen.change_status, screen.edit_current,
                  screen.import_table, w.show_keys, w.show_about)[kind]()
        self.pump()
        if dialog is not None:
            dialog.reject()

    def search(self, i: int) -> None:
        """A fragment typed key by key into the search box, then a filter changed."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        screen = self.window.show_screen(i % 2)
        screen.search.clear()
        QTest.keyClicks(screen.search, ("zl2021", "2021", "138", "x")[i % 4])
        QTest.keyClick(screen.search, Qt.Key.Key_Return)
        screen.status.setCurrentIndex((i // 2) % screen.status.count())
        screen.verdict.setCurrentIndex((i // 3) % screen.verdict.count())

    def undo_redo(self, _i: int) -> None:
        self.ctx.undo_stack.undo()
        self.pump()
        self.ctx.undo_stack.redo()

    def import_one(self, i: int) -> None:
        """A unit's 附件2 with two new papers, read and stored through the import dialog."""
        import shiboken6
        from fixtures.summary_sheets import (
            PATENT_HEADERS,
            card,
            patent_no,
            resident_id,
            write_sheet,
        )

        rows = [["职工创新助推计划专利汇总表"], PATENT_HEADERS]
        for k in range(2):
            n = 100_000 + i * 2 + k
            rows.append([k + 1, "北京市朝阳区总工会", "北京华信数控技术有限公司", f"导入专利{n}",
                         patent_no(f"20212{n:07d}"), "2021-06-01", "王五",
                         resident_id(f"11010519750101{n % 1000:03d}"), card(f"6217000{n:08d}"),
                         "13800138000", "是", "是", "是", ""])
        path = write_sheet(self.out / f"import-{i}.xlsx", rows)
        self.window.show_screen(0)
        dialog = self.window.current_screen().import_table()
        dialog.open_file(path)
        self.wait_idle()
        dialog.commit(skip=True)
        self.wait_idle()
        if shiboken6.isValid(dialog):  # a single table's dialog closes once it is stored
            dialog.reject()
        path.unlink()

    def print_one(self, i: int) -> None:
        """The 打印 screen's document made, previewed, and saved as a PDF."""
        screen = self.window.show_screen(7)
        screen.generate()
        self.wait_idle()
        pdf = self.out / f"print-{i}.pdf"
        screen.save_pdf_to(pdf)
        self.wait_idle()
        pdf.unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--scale", type=float, default=0.1)
    args = parser.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    day = Day(args.out)

    def n(full: int) -> int:
        return max(1, round(full * args.scale))

    from boostdesk.ui.main_window import SCREENS

    for i in range(len(SCREENS)):  # every screen built once: what follows is the day
        day.switch(i)
    day.measure("opened")
    day.phase("papers typed", n(500), day.type_paper)
    day.phase("screen switches", n(2000), day.switch)
    day.phase("dialogs opened and closed", n(300) * 6, day.dialog_cycle)
    day.phase("searches and filters", n(200), day.search)
    day.phase("undo/redo", n(200), day.undo_redo)
    day.phase("imports", n(100), day.import_one)
    day.phase("prints to PDF", n(50), day.print_one)
    day.measure("end of day")
    day.window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
