"""Long work cancelled, interrupted or failing halfway, as the office meets it: 取消 (or Esc)
on the progress dialog stops the work and leaves no file behind as if made, the message says
it was cancelled (not a program fault), and no worker thread outlives the window."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt
from test_ui_support import answers, year_context

from boostdesk.printing import jobs as print_jobs
from boostdesk.printing.jobs import APPROVAL, PAYMENTS
from boostdesk.printing.samples import YEAR, fill_sample
from boostdesk.ui.print_screen import PrintScreen

__all__ = ["answers"]


class Gate:
    """Holds the worker inside ``target.name`` until the test has pressed 取消."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, target: object, name: str) -> None:
        self.entered, self.go_on = threading.Event(), threading.Event()
        real = getattr(target, name)

        def held(*args: object, **kw: object) -> object:
            result = real(*args, **kw)
            self.entered.set()
            self.go_on.wait(10)
            return result

        monkeypatch.setattr(target, name, held)


def the_task(ctx):
    """The job under way (one that has ended may wait a moment to leave the set)."""
    [task] = [t for t in ctx._tasks if t.isRunning()]
    return task


@pytest.fixture
def ctx(reg, tmp_path, answers):
    fill_sample(reg)
    context = year_context(reg, tmp_path, YEAR)
    yield context
    context.shutdown()


@pytest.fixture
def screen(ctx, qtbot):
    w = PrintScreen(ctx)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    return w


def choose(screen, kind):
    screen.document.setCurrentIndex(screen.document.findData(kind))


def test_cancelling_the_approval_sheets_says_so_not_a_program_fault(screen, ctx, qtbot):
    choose(screen, APPROVAL)
    qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
    the_task(ctx).dialog.reject()  # Esc at the start
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    assert screen.pdf is None
    assert screen.error.text() == "已取消打印，未生成文件"


def test_cancelling_a_payment_list_makes_no_preview(screen, ctx, qtbot, monkeypatch):
    """The list of every payer is seconds of pages at 10,000 applications; 取消 stops it."""
    gate = Gate(monkeypatch, print_jobs.PrintJob, "payment_lists")
    choose(screen, PAYMENTS)
    qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
    assert gate.entered.wait(10)
    the_task(ctx).dialog.reject()
    gate.go_on.set()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    assert screen.pdf is None and screen.page_count == 0
    assert screen.error.text() == "已取消打印，未生成文件"
    assert screen.preview_button.isEnabled()


def test_cancelling_a_payment_list_export_writes_no_workbook(screen, ctx, qtbot, monkeypatch,
                                                             tmp_path):
    gate = Gate(monkeypatch, print_jobs.PrintJob, "payment_lists")
    notices: list[str] = []
    ctx.notice.connect(notices.append)
    choose(screen, PAYMENTS)
    out = tmp_path / "拨付清单.xlsx"
    screen.save_xlsx_to(out)
    assert gate.entered.wait(10)
    the_task(ctx).dialog.reject()
    gate.go_on.set()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    assert not out.exists()
    assert notices == ["已取消导出，未生成文件"]


def test_no_worker_outlives_the_window_even_one_slow_to_stop(ctx, qtbot):
    """A job that takes longer to notice 取消 than the window waits: the window still
    waits for it (a QThread destroyed while running aborts the whole program)."""
    stop = threading.Event()

    def slow(_progress, _cancelled):
        stop.wait(1.0)  # a step that looks at cancelled() only once it is done

    task = ctx.run_long("测试", slow, lambda _r: None)
    ctx.shutdown(timeout_ms=50)
    assert not task.isRunning()


def test_cancelling_the_audit_export_is_not_called_a_program_fault(ctx, qtbot, monkeypatch,
                                                                    tmp_path):
    from boostdesk import audit_log
    from boostdesk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    gate = Gate(monkeypatch, audit_log, "counted_trail")
    notices: list[str] = []
    ctx.notice.connect(notices.append)
    out = tmp_path / "修改记录.xlsx"
    task = window.export_audit_trail(str(out))
    assert gate.entered.wait(10)
    task.dialog.reject()
    gate.go_on.set()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    assert not out.exists()
    assert notices == ["已取消导出修改记录"]


def test_cancelling_the_statistics_export_writes_no_workbook(ctx, qtbot, monkeypatch, tmp_path):
    from boostdesk import statistics
    from boostdesk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    gate = Gate(monkeypatch, statistics, "year_statistics")
    notices: list[str] = []
    ctx.notice.connect(notices.append)
    out = tmp_path / "年度统计.xlsx"
    task = window.export_statistics(str(out))
    assert gate.entered.wait(10)
    task.dialog.reject()
    gate.go_on.set()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    time.sleep(0.1)
    assert not out.exists()
    assert notices == ["已取消导出年度统计，未生成文件"]
    assert "已导出" not in window.statusBar().currentMessage()


def test_a_table_read_is_compared_with_the_register_off_the_ui_thread(tmp_path, qtbot, answers,
                                                                      monkeypatch):
    """A union's 10,000 rows compared with the register took ≈ 2 s after the read, on the UI
    thread: the window froze with the progress dialog gone. Now in the reading worker."""
    from test_ui_import import TWO_GOOD, summary_table

    from boostdesk.models import Register
    from boostdesk.ui import import_dialog
    from boostdesk.ui.import_dialog import ImportDialog

    threads: list[threading.Thread] = []
    for name in ("compare", "find_duplicates", "person_notes"):
        real = getattr(import_dialog, name)

        def spy(*args, real=real, **kw):
            threads.append(threading.current_thread())
            return real(*args, **kw)

        monkeypatch.setattr(import_dialog, name, spy)
    register = Register.open(tmp_path / "register.db", operator="测试员")
    context = year_context(register, tmp_path, 2022, "录入员甲")
    dialog = ImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.open_file(summary_table(tmp_path / "海淀.xlsx", TWO_GOOD))
    qtbot.waitUntil(lambda: dialog.model is not None, timeout=20_000)
    context.shutdown()
    register.close()
    assert len(dialog.model.rows_with(import_dialog.READY)) == 2
    assert len(threads) == 3 and threading.main_thread() not in threads


def read_two_rows(tmp_path, qtbot):
    from test_ui_import import TWO_GOOD, summary_table

    from boostdesk.models import Register
    from boostdesk.ui.import_dialog import ImportDialog

    register = Register.open(tmp_path / "register.db", operator="测试员")
    context = year_context(register, tmp_path, 2022, "录入员甲")
    dialog = ImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.open_file(summary_table(tmp_path / "海淀.xlsx", TWO_GOOD))
    qtbot.waitUntil(lambda: dialog.model is not None and not context.busy, timeout=20_000)
    return register, context, dialog


def test_a_double_click_on_import_stores_the_table_once(tmp_path, qtbot, answers):
    """The progress dialog shows after 300 ms: until then 导入 could be clicked again, and
    each click stored the whole table."""
    register, context, dialog = read_two_rows(tmp_path, qtbot)
    assert dialog.import_all.isEnabled()
    for _ in range(2):  # a double click: two presses and releases, each a click
        qtbot.mouseClick(dialog.import_all, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not context.busy, timeout=20_000)
    qtbot.wait(100)
    context.shutdown()
    assert register.scalar("SELECT COUNT(*) FROM patent_applications") == 2
    assert register.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'import'") == 1
    register.close()


def test_a_cancelled_import_says_so_in_the_dialog_and_can_be_started_again(
        tmp_path, qtbot, answers, monkeypatch):
    from boostdesk.safety import backup

    register, context, dialog = read_two_rows(tmp_path, qtbot)
    gate = Gate(monkeypatch, backup, "backup_before")  # backed_up_write's
    qtbot.mouseClick(dialog.import_all, Qt.MouseButton.LeftButton)
    assert gate.entered.wait(10)  # backed up, nothing stored yet
    the_task(context).dialog.reject()  # Esc
    gate.go_on.set()
    qtbot.waitUntil(lambda: not context.busy, timeout=20_000)
    assert register.scalar("SELECT COUNT(*) FROM patent_applications") == 0
    assert "已取消" in dialog.summary.text() and "未导入任何数据" in dialog.summary.text()
    assert dialog.import_all.isEnabled()
    qtbot.mouseClick(dialog.import_all, Qt.MouseButton.LeftButton)  # and again, to the end
    qtbot.waitUntil(lambda: not context.busy, timeout=20_000)
    context.shutdown()
    assert register.scalar("SELECT COUNT(*) FROM patent_applications") == 2
    register.close()


def test_f5_pressed_twice_checks_the_campaign_once(tmp_path, qtbot, answers, monkeypatch):
    """Until the progress dialog shows (300 ms), a second F5 started a second whole check
    beside the first (two processes each at 20,000 patents and more)."""
    from boostdesk import rules
    from boostdesk.models import Register
    from boostdesk.ui.register_screen import PatentScreen

    gate = Gate(monkeypatch, rules, "refresh")
    calls: list[int] = []
    held = rules.refresh
    monkeypatch.setattr(rules, "refresh", lambda *a, **kw: (calls.append(1), held(*a, **kw))[1])
    register = Register.open(tmp_path / "register.db", operator="测试员")
    context = year_context(register, tmp_path, 2022, "录入员甲")
    screen = PatentScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh()
    assert gate.entered.wait(10)
    screen.refresh()  # F5 again
    gate.go_on.set()
    qtbot.waitUntil(lambda: not context.busy, timeout=20_000)
    qtbot.wait(50)
    screen.refresh()  # and once the first has ended, a check again
    qtbot.waitUntil(lambda: not context.busy, timeout=20_000)
    context.shutdown()
    register.close()
    assert len(calls) == 2


def test_cancelling_the_statistics_export_while_it_is_written_writes_no_workbook(
        ctx, qtbot, monkeypatch, tmp_path):
    """取消 pressed as the workbook was being saved: it was put in place all the same, and
    the status bar said 已导出."""
    from openpyxl import Workbook

    from boostdesk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    gate = Gate(monkeypatch, Workbook, "save")
    notices: list[str] = []
    ctx.notice.connect(notices.append)
    out = tmp_path / "年度统计.xlsx"
    task = window.export_statistics(str(out))
    assert gate.entered.wait(10)  # saved beside its name, not yet in place
    task.dialog.reject()
    gate.go_on.set()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    assert not out.exists() and [p.name for p in tmp_path.glob("*.xlsx*")] == []
    assert notices == ["已取消导出年度统计，未生成文件"]


def test_cancelling_the_list_export_while_it_is_saved_writes_no_workbook(
        ctx, qtbot, monkeypatch, tmp_path):
    """Ctrl+E's workbook is seconds of saving at 80,000 rows: 取消 then was too late."""
    from openpyxl import Workbook

    from boostdesk.ui.register_screen import PatentScreen

    screen = PatentScreen(ctx)
    qtbot.addWidget(screen)
    gate = Gate(monkeypatch, Workbook, "save")
    notices: list[str] = []
    ctx.notice.connect(notices.append)
    out = tmp_path / "专利.xlsx"
    screen.save_list_to(out)
    assert gate.entered.wait(10)
    the_task(ctx).dialog.reject()
    gate.go_on.set()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    assert [p.name for p in tmp_path.glob("*.xlsx*")] == []
    assert notices == ["已取消导出，未生成文件"]
