"""The morning's tables through the window: several dropped at once (or chosen together),
read and imported one after another, each all or nothing, with a list of what became of
each and a way back to the refused ones."""

from __future__ import annotations

import shutil

from fixtures.summary_sheets import card, patent_no, resident_id
from PySide6.QtCore import Qt
from test_ui_import import _drop, open_dialog, patent_row, summary_table
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.ui.import_dialog import READY, ImportDialog

__all__ = ["answers", "ctx", "qsettings", "window"]

ALT = Qt.KeyboardModifier.AltModifier


def rows(union: str, first: int, n: int) -> list[dict[str, object]]:
    return [patent_row(推荐单位=union, 专利名称=f"一种检测装置{first + i}",
                       专利号=patent_no(f"2020101{first + i:05d}"), 第一发明人=f"张{'一二三四五'[i]}",
                       身份证号=resident_id(f"110105198001{first % 28 + 1:02d}{i:03d}"),
                       工会会员互助服务卡号=card(f"62170000{first:05d}{i:02d}"))
            for i in range(n)]


def _import_shown(qtbot, dialog: ImportDialog, file: str) -> None:
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.path.text().endswith(file),
                    timeout=10_000)
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)


def test_several_tables_dropped_at_once_are_imported_one_after_another(
        window, qtbot, reg, answers, tmp_path):
    first = summary_table(tmp_path / "01-海淀.xlsx", rows("北京市海淀区总工会", 100, 2))
    bad = rows("北京市丰台区总工会", 300, 2)
    bad[1]["授权公告日"] = "2021年13月"
    second = summary_table(tmp_path / "02-丰台.xlsx", bad)
    last_week = summary_table(tmp_path / "03-门头沟.xlsx", rows("北京市门头沟区总工会", 400, 2))
    commit(reg, read_table(last_week, 2022))  # imported last week
    forwarded = tmp_path / "04-房山转来.xlsx"
    shutil.copy(first, forwarded)  # 海淀's table again, forwarded by another union
    fourth = summary_table(tmp_path / "05-北京市教育工会.xlsx", rows("北京市教育工会", 500, 3))

    assert _drop(qtbot, window, first, second, last_week, forwarded, fourth)
    dialog = window.screens[0].current_form
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.model is not None, timeout=10_000)
    assert "第 1 / 5 个文件：01-海淀.xlsx" in dialog.queue_label.text()
    _import_shown(qtbot, dialog, "01-海淀.xlsx")
    # no message box between files: the next one is read at once
    qtbot.waitUntil(lambda: dialog.preview is not None
                    and dialog.path.text().endswith("02-丰台.xlsx"), timeout=10_000)
    assert dialog.isVisible() and not answers.infos
    assert dialog.model.rows_with(READY) == [3] and not dialog.import_all.isEnabled()
    # the keyboard back on the dialog once a read's progress box has gone (Alt+N is the
    # window's shortcut: with no window active it reached nothing, and the queue stopped)
    qtbot.waitUntil(dialog.isActiveWindow)
    press(qtbot, Qt.Key.Key_N, ALT, dialog)  # 不导入此文件，下一个
    # 门头沟's and the forwarded copy: every row registered, said in the list, not stopped at
    _import_shown(qtbot, dialog, "05-北京市教育工会.xlsx")
    qtbot.waitUntil(lambda: dialog.results_list.count() == 5, timeout=10_000)
    lines = [dialog.results_list.item(i).text() for i in range(5)]
    assert lines[0].endswith("✓ 01-海淀.xlsx：已导入，导入 2 行；专利汇总表（附件2）；北京市海淀区总工会")
    assert "✗ 02-丰台.xlsx：未导入（未选择导入：1 行无法读取）" in lines[1]
    assert "03-门头沟.xlsx：此前已导入" in lines[2]
    assert "04-房山转来.xlsx：此前已导入" in lines[3]
    assert "05-北京市教育工会.xlsx：已导入，导入 3 行" in lines[4]
    summary = dialog.summary.text()
    assert "共 5 个文件：导入 2 个（5 行），此前已导入 2 个，未导入 1 个" in summary
    assert "北京市教育工会（" in summary  # new to the register: its kind to check
    assert len(reg.patents(2022)) == 2 + 2 + 3  # nothing doubled, 丰台's all or nothing
    assert dialog.isVisible()  # the list stays for the clerk

    # 丰台 corrects its table: Enter on its line reads it again
    summary_table(second, rows("北京市丰台区总工会", 300, 2))
    assert dialog.results_list.currentRow() == 1  # the list opens on the refused file
    dialog.results_list.setFocus()
    press(qtbot, Qt.Key.Key_Return, widget=dialog.results_list)
    _import_shown(qtbot, dialog, "02-丰台.xlsx")
    qtbot.waitUntil(lambda: dialog.results_list.count() == 6, timeout=10_000)
    assert "02-丰台.xlsx：已导入，导入 2 行" in dialog.results_list.item(5).text()
    assert len(reg.patents(2022)) == 9


def test_tables_chosen_together_in_the_file_chooser_are_queued(
        window, qtbot, reg, answers, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    a = summary_table(tmp_path / "a.xlsx", rows("北京市海淀区总工会", 100, 1))
    b = summary_table(tmp_path / "b.xlsx", rows("北京市朝阳区总工会", 200, 1))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *args, **kw: ([str(a), str(b)], "")))
    dialog = open_dialog(qtbot, window)
    press(qtbot, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier, dialog)
    _import_shown(qtbot, dialog, "a.xlsx")
    _import_shown(qtbot, dialog, "b.xlsx")
    qtbot.waitUntil(lambda: dialog.results_list.count() == 2, timeout=10_000)
    assert len(reg.patents(2022)) == 2


def test_closing_with_files_waiting_asks_first(window, qtbot, reg, answers, tmp_path):
    a = summary_table(tmp_path / "a.xlsx", rows("北京市海淀区总工会", 100, 1))
    b = summary_table(tmp_path / "b.xlsx", rows("北京市朝阳区总工会", 200, 1))
    assert _drop(qtbot, window, a, b)
    dialog = window.screens[0].current_form
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    answers.yes = False
    press(qtbot, Qt.Key.Key_Escape, widget=dialog)
    assert dialog.isVisible() and "还有 2 个文件未处理" in answers.questions[-1]
    answers.yes = True
    press(qtbot, Qt.Key.Key_Escape, widget=dialog)
    assert closed(dialog) and reg.patents(2022) == []


def test_a_folder_dropped_on_the_window_queues_its_tables(window, qtbot, reg, answers, tmp_path):
    folder = tmp_path / "收件"
    folder.mkdir()
    summary_table(folder / "b.xlsx", rows("北京市朝阳区总工会", 200, 1))
    summary_table(folder / "a.xlsx", rows("北京市海淀区总工会", 100, 1))
    (folder / "~$a.xlsx").write_bytes(b"lock")  # Excel's, beside a table open in it
    (folder / "说明.docx").write_bytes(b"PK")
    assert _drop(qtbot, window, folder)
    dialog = window.screens[0].current_form
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert "第 1 / 2 个文件：a.xlsx" in dialog.queue_label.text()
    assert dialog.queue == [folder / "b.xlsx"]


def test_a_folders_address_pasted_into_the_file_box_queues_its_tables(
        window, qtbot, reg, answers, tmp_path):
    """The folder's address copied from the file manager and pasted into 文件 (Enter):
    “是文件夹，请选择 .xlsx 汇总表文件”, though the same folder dropped was read whole."""
    from test_ui_import import read

    folder = tmp_path / "收件"
    folder.mkdir()
    summary_table(folder / "b.xlsx", rows("北京市朝阳区总工会", 200, 1))
    summary_table(folder / "a.xlsx", rows("北京市海淀区总工会", 100, 1))
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, folder)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert "第 1 / 2 个文件：a.xlsx" in dialog.queue_label.text()
    assert dialog.queue == [folder / "b.xlsx"]


def test_a_files_address_copied_as_a_file_url_is_read(window, qtbot, reg, answers, tmp_path):
    """file:///…/朝阳区.xlsx, as a browser's downloads or a file manager copies it, was
    looked for as a file of that name: 找不到文件."""
    from PySide6.QtCore import QUrl
    from test_ui_import import read

    path = summary_table(tmp_path / "朝阳区.xlsx", rows("北京市朝阳区总工会", 200, 2))
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, QUrl.fromLocalFile(str(path)).toString(QUrl.ComponentFormattingOption.FullyEncoded))
    assert dialog.preview is not None, dialog.summary.text()
    assert dialog.model.rows_with(READY) == [3, 4]


class ReadGate:
    """Holds the reading worker of the files named until :meth:`release` (a union's table
    of thousands of rows, on a network share): the order the test needs, not a race."""

    def __init__(self, monkeypatch, *names: str) -> None:
        import threading

        from boostdesk.io import importer

        self.names, self.entered, self.go_on = names, threading.Event(), threading.Event()
        real = importer.read_table

        def held(path, *args, **kw):
            if path.name in self.names:
                self.entered.set()
                self.go_on.wait(20)
            return real(path, *args, **kw)

        monkeypatch.setattr(importer, "read_table", held)

    def release(self) -> None:
        self.go_on.set()


def _progress_shown(dialog: ImportDialog) -> bool:
    from PySide6.QtWidgets import QProgressDialog

    return any(box.isVisible() for box in dialog.findChildren(QProgressDialog))


def test_after_a_read_long_enough_to_show_its_progress_alt_n_still_moves_on(
        window, qtbot, reg, answers, tmp_path, monkeypatch):
    """A read of more than 300 ms shows its progress box, which takes the keyboard; gone,
    it left no window active (Qt hands it back on no platform by itself: offscreen, some X11
    window managers): Alt+N (不导入此文件，下一个) reached nothing and the morning's files
    stopped at the bad one, the dialog open with three still waiting."""
    bad = rows("北京市丰台区总工会", 300, 2)
    bad[1]["授权公告日"] = "2021年13月"
    first = summary_table(tmp_path / "01-丰台.xlsx", bad)
    second = summary_table(tmp_path / "02-海淀.xlsx", rows("北京市海淀区总工会", 100, 1))
    gate = ReadGate(monkeypatch, first.name)
    assert _drop(qtbot, window, first, second)
    dialog = window.screens[0].current_form
    qtbot.waitUntil(lambda: _progress_shown(dialog), timeout=10_000)  # 正在读取 01-丰台.xlsx
    gate.release()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert dialog.model.rows_with(READY) == [3] and not _progress_shown(dialog)
    qtbot.waitUntil(dialog.isActiveWindow)  # the keyboard back on the dialog
    press(qtbot, Qt.Key.Key_N, ALT, dialog)  # the button's click, 100 ms on (animated)
    qtbot.waitUntil(lambda: dialog.current == second)
    _import_shown(qtbot, dialog, "02-海淀.xlsx")
    qtbot.waitUntil(lambda: dialog.results_list.count() == 2, timeout=10_000)
    assert "✗ 01-丰台.xlsx：未导入" in dialog.results_list.item(0).text()
    assert len(reg.patents(2022)) == 1


def test_a_file_skipped_while_it_is_read_is_not_shown_nor_counted_when_its_read_ends(
        window, qtbot, reg, answers, tmp_path, monkeypatch):
    """Alt+N twice (the bad table, then the one from last week the clerk knows of): the
    second file was skipped while its reader still ran, and the reader's end was shown
    anyway: a file every row of which is registered said 此前已导入 and moved the queue on
    a second time, past the file the clerk was looking at (the batch ended with the last
    table unread); any other one took the preview of the file shown, its name above."""
    bad = rows("北京市丰台区总工会", 300, 2)
    bad[1]["授权公告日"] = "2021年13月"
    first = summary_table(tmp_path / "01-丰台.xlsx", bad)
    last_week = summary_table(tmp_path / "02-门头沟.xlsx", rows("北京市门头沟区总工会", 400, 2))
    commit(reg, read_table(last_week, 2022))
    third = summary_table(tmp_path / "03-海淀.xlsx", rows("北京市海淀区总工会", 100, 1))
    gate = ReadGate(monkeypatch, last_week.name)
    assert _drop(qtbot, window, first, last_week, third)
    dialog = window.screens[0].current_form
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    qtbot.waitUntil(dialog.isActiveWindow)
    press(qtbot, Qt.Key.Key_N, ALT, dialog)  # 01 left out: 02 read (held)
    qtbot.waitUntil(gate.entered.is_set)
    press(qtbot, Qt.Key.Key_N, ALT, dialog)  # and 02 as well, before its read ends
    qtbot.waitUntil(lambda: dialog.current == third)
    qtbot.waitUntil(lambda: dialog.preview is not None
                    and dialog.path.text().endswith("03-海淀.xlsx"), timeout=10_000)
    gate.release()  # 02's read ends after 03 is shown
    qtbot.waitUntil(lambda: not window.ctx.busy, timeout=20_000)
    assert dialog.current == third and dialog.preview.path == third
    assert dialog.model.rows_with(READY) == [3]
    assert [dialog.results_list.item(i).text()[5:] for i in range(2)] == [
        "✗ 01-丰台.xlsx：未导入（未选择导入：1 行无法读取）",
        "✗ 02-门头沟.xlsx：未导入（未选择导入：未读完）"]
    _import_shown(qtbot, dialog, "03-海淀.xlsx")
    qtbot.waitUntil(lambda: dialog.results_list.count() == 3, timeout=10_000)
    assert "共 3 个文件：导入 1 个（1 行），未导入 2 个" in dialog.summary.text()
    assert len(reg.patents(2022)) == 2 + 1


def test_next_file_clicked_while_the_file_is_stored_leaves_the_queue_as_it_was(
        window, qtbot, reg, answers, tmp_path):
    """全部导入, then 不导入此文件，下一个 before the import's progress box shows (300 ms):
    the file was said 未导入 and the next one read, then the import ended, said the same
    file 已导入 and moved on again: the next file was passed over unseen."""
    first = summary_table(tmp_path / "01-海淀.xlsx", rows("北京市海淀区总工会", 100, 1))
    second = summary_table(tmp_path / "02-朝阳.xlsx", rows("北京市朝阳区总工会", 200, 1))
    third = summary_table(tmp_path / "03-西城.xlsx", rows("北京市西城区总工会", 300, 1))
    assert _drop(qtbot, window, first, second, third)
    dialog = window.screens[0].current_form
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    left = Qt.MouseButton.LeftButton
    qtbot.mouseClick(dialog.import_all, left)
    qtbot.mouseClick(dialog.next_file, left)  # while 01 is stored
    qtbot.waitUntil(lambda: dialog.preview is not None
                    and dialog.path.text().endswith("02-朝阳.xlsx"), timeout=10_000)
    qtbot.waitUntil(lambda: not window.ctx.busy, timeout=20_000)
    assert dialog.current == second and dialog.queue == [third]
    lines = [dialog.results_list.item(i).text() for i in range(dialog.results_list.count())]
    assert len(lines) == 1 and "✓ 01-海淀.xlsx：已导入，导入 1 行" in lines[0]


def test_a_name_too_long_for_the_system_is_said_not_raised(window, qtbot, reg, answers):
    """2,000 characters pasted into 文件 and Enter: looking for a folder of that name raised
    “File name too long” on the UI thread (a monkey's walk found it)."""
    from test_ui_import import read

    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, "长" * 2000)
    assert dialog.preview is None
    assert "文件名或路径太长" in dialog.summary.text() or "找不到" in dialog.summary.text(), (
        dialog.summary.text())
