"""The window's file dialogs open where an office user keeps files, not in the folder
BoostDesk was started from (its install folder: under Program Files, not even writable).
A save or export proposes its usual file name in the folder the last export went to, else
the documents folder; an open dialog starts in the folder the last file was read from,
remembered apart from exports; 备份到… keeps its stick, and 从备份恢复 looks there. A
remembered folder since removed (the stick unplugged) gives the documents folder again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton
from test_ui_register import many_patents
from test_ui_support import answers, ctx, press, qsettings, window

# the settings' keys (a user's remembered folders: kept across versions)
EXPORT_FOLDER_KEY, IMPORT_FOLDER_KEY, BACKUP_FOLDER_KEY = (
    "export/folder", "import/folder", "backup/out_folder")

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def documents(tmp_path, monkeypatch) -> Path:
    """The user's documents folder (as Windows or the XDG user dirs name it), here."""
    folder = tmp_path / "文档"
    folder.mkdir()
    real = QStandardPaths.writableLocation

    def located(kind: Any) -> str:
        return (str(folder) if kind == QStandardPaths.StandardLocation.DocumentsLocation
                else real(kind))

    monkeypatch.setattr(QStandardPaths, "writableLocation", staticmethod(located))
    return folder


class Dialogs:
    """QFileDialog's static calls answered as a user would: each proposed path kept in
    ``asked``; a save goes to ``into`` under the name proposed, a folder chooser picks
    ``into``, an open dialog picks ``picked``; nothing set: 取消."""

    def __init__(self, monkeypatch: Any) -> None:
        self.asked: list[str] = []
        self.into: Path | None = None
        self.picked: Path | None = None
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(self.save))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(self.folder))
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(self.open_one))
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(self.open_many))

    def save(self, _parent: Any, _title: str, start: str, *_a: Any, **_k: Any) -> tuple[str, str]:
        self.asked.append(start)
        return (str(self.into / Path(start).name) if self.into else ""), ""

    def folder(self, _parent: Any, _title: str, start: str = "", *_a: Any, **_k: Any) -> str:
        self.asked.append(start)
        return str(self.into) if self.into else ""

    def open_one(self, _parent: Any, _title: str, start: str, *_a: Any,
                 **_k: Any) -> tuple[str, str]:
        self.asked.append(start)
        return (str(self.picked) if self.picked else ""), ""

    def open_many(self, parent: Any, title: str, start: str, *a: Any,
                  **k: Any) -> tuple[list[str], str]:
        path, chosen = self.open_one(parent, title, start)
        return ([path] if path else []), chosen


@pytest.fixture
def files(monkeypatch) -> Dialogs:
    return Dialogs(monkeypatch)


def _folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder


def _demo(ctx: Any) -> None:
    from boostdesk.demo import fill_demo

    fill_demo(ctx.reg)
    ctx.set_year(2022)


def test_ctrl_e_proposes_the_documents_folder_then_where_the_last_export_went(
        window, ctx, qtbot, tmp_path, documents, files):
    many_patents(ctx.reg, 3)
    screen = window.screen_named("专利助推")
    screen.reload()
    name = "2022年专利汇总表-3项.xlsx"  # the name it proposed before: kept
    files.into = _folder(tmp_path, "年度工作")
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: (files.into / name).exists() and not ctx.busy, timeout=20_000)
    assert files.asked == [str(documents / name)]  # was the bare name: the program's folder
    press(qtbot, Qt.Key.Key_E, CTRL)  # the next export: where this one went
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    assert files.asked[1] == str(files.into / name)


def _print_xlsx(window: Any, qtbot: Any) -> None:
    from boostdesk.printing.jobs import SUMMARY_PATENT

    screen = window.screen_named("打印")
    screen.document.setCurrentIndex(screen.document.findData(SUMMARY_PATENT))
    qtbot.mouseClick(screen.xlsx_button, Qt.MouseButton.LeftButton)


def _publicity_xlsx(window: Any, qtbot: Any) -> None:
    screen = window.screen_named("公示")
    screen.reload()
    assert screen.xlsx_button.isEnabled()
    qtbot.mouseClick(screen.xlsx_button, Qt.MouseButton.LeftButton)


def _audit(window: Any, qtbot: Any) -> None:
    from test_ui_audit_export_dialog import _open

    dialog = _open(window, qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)


def _notices(window: Any, _qtbot: Any) -> None:
    window.export_notices()


def _packages(window: Any, qtbot: Any) -> None:
    tab = window.screen_named("专家评审").show_tab("评分包")
    qtbot.mouseClick(tab.export_all_button, Qt.MouseButton.LeftButton)


def _panel_summary(window: Any, qtbot: Any) -> None:
    tab = window.screen_named("专家评审").show_tab("排名与档次")
    qtbot.mouseClick(tab.summary_button, Qt.MouseButton.LeftButton)


def _blank_table(window: Any, qtbot: Any) -> None:
    from test_ui_import import open_dialog

    button = open_dialog(qtbot, window).findChild(QPushButton, "blank_tables")
    next(a for a in button.menu().actions() if "附件4" in a.text()).trigger()


@pytest.mark.parametrize(("opened", "proposed"), [
    (_print_xlsx, "2022-专利汇总表.xlsx"),
    (_publicity_xlsx, "2022年度拟助推项目公示名单-第2批.xlsx"),  # each batch its own
    (_audit, "2022年度修改记录.xlsx"),
    (_notices, None),  # folder choosers: the folder itself
    (_packages, None),
    (_blank_table, "2022年创新项目助推汇总表.xlsx"),
    (_panel_summary, "2022年度专家评审汇总表.pdf"),
], ids=["打印-导出xlsx", "公示名单", "导出修改记录", "导出核对意见", "评分包", "空白汇总表",
        "评审汇总表"])
def test_every_export_opens_where_the_last_export_went(
        opened, proposed, window, ctx, qtbot, tmp_path, documents, files):
    """Each export proposed a bare name (the program's folder), the user's home (核对意见)
    or nothing (评分包, Qt's own guess); 空白汇总表 the import folder. Now: the folder of
    the last export, with the name it proposed before."""
    _demo(ctx)
    work = _folder(tmp_path, "年度工作")
    ctx.settings.setValue(EXPORT_FOLDER_KEY, str(work))  # an earlier export went there
    ctx.settings.setValue(IMPORT_FOLDER_KEY, str(_folder(tmp_path, "下载")))
    opened(window, qtbot)
    qtbot.waitUntil(lambda: bool(files.asked), timeout=10_000)
    [start] = files.asked
    if proposed is None:
        assert start == str(work)
    else:
        assert start == str(work / proposed)
    QApplication.activeModalWidget() and QApplication.activeModalWidget().reject()


def test_a_chosen_folder_is_where_the_next_export_opens(window, ctx, qtbot, tmp_path,
                                                          documents, files):
    """导出核对意见 into a folder chosen; 打印's 导出 xlsx then proposes that folder."""
    _demo(ctx)
    files.into = _folder(tmp_path, "发给各单位")
    window.export_notices()
    assert files.asked == [str(documents)]  # nothing remembered yet: the documents folder
    qtbot.waitUntil(lambda: not ctx.busy, timeout=30_000)
    files.into = None  # 取消 the next one: only where it opens matters
    _print_xlsx(window, qtbot)
    assert files.asked[1] == str(tmp_path / "发给各单位" / "2022-专利汇总表.xlsx")


def test_imports_open_where_the_last_file_came_from_apart_from_exports(
        window, ctx, qtbot, tmp_path, documents, files):
    """A table read from the downloads folder: the next open dialog (a returned scoring
    package, the seal scan) starts there; an export still goes to the work folder."""
    from test_ui_import import open_dialog, summary_table
    from test_ui_import_batch import rows

    downloads = _folder(tmp_path, "下载")
    work = _folder(tmp_path, "年度工作")
    ctx.settings.setValue(EXPORT_FOLDER_KEY, str(work))
    files.picked = summary_table(downloads / "海淀.xlsx", rows("北京市海淀区总工会", 100, 1))
    dialog = open_dialog(qtbot, window)
    press(qtbot, Qt.Key.Key_O, CTRL, dialog)
    assert files.asked == [str(documents)]  # was the user's home
    qtbot.waitUntil(lambda: not ctx.busy, timeout=10_000)
    dialog.reject()
    files.picked = None
    tab = window.screen_named("专家评审").show_tab("评分包")
    tab.import_button.setEnabled(True)
    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    settings_screen = window.screen_named("设置")
    qtbot.mouseClick(next(b for b in settings_screen.findChildren(QPushButton)
                          if b.text() == "选择…"), Qt.MouseButton.LeftButton)
    assert files.asked[1:] == [str(downloads), str(downloads)]  # were "": the program's
    many_patents(ctx.reg, 1)
    screen = window.screen_named("专利助推")
    screen.reload()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_E, CTRL, screen.table)
    assert Path(files.asked[3]).parent == work  # the export: not the downloads


def test_a_remembered_folder_since_removed_gives_the_documents_folder(
        window, ctx, qtbot, tmp_path, documents, files, answers):
    """备份到… went to a stick, since unplugged: the next 备份到… and 从备份恢复's
    从其他位置选择… open in the documents folder, not a path that is not there (Qt then
    opened the program's folder); an export folder removed likewise."""
    stick = _folder(tmp_path, "U盘")
    files.into = stick
    window.backup_to_action.trigger()
    qtbot.waitUntil(lambda: not ctx.busy and bool(answers.infos), timeout=20_000)
    [first] = files.asked
    assert Path(first).parent == documents and Path(first).name.startswith("register-备份-")
    assert ctx.settings.value(BACKUP_FOLDER_KEY) == str(stick)
    for copy in stick.iterdir():
        copy.unlink()
    stick.rmdir()  # unplugged
    files.into = None
    window.backup_to_action.trigger()
    assert files.asked[1] == first  # the documents folder again, the same name
    ctx.settings.setValue(EXPORT_FOLDER_KEY, str(stick))
    _print_xlsx(window, qtbot)
    assert Path(files.asked[2]).parent == documents
    stick.mkdir()  # plugged in again: 从备份恢复 looks there first
    window.restore_action.trigger()
    qtbot.mouseClick(window.current_dialog.elsewhere_button, Qt.MouseButton.LeftButton)
    assert files.asked[3] == str(stick)  # was the user's home
    window.current_dialog.reject()
