"""Where the window's file dialogs open: the folder last used for that kind of file, else
the user's documents folder — never the program's (a bare file name opened a save dialog
in the folder BoostDesk was started from: under Program Files, not even writable).

Three folders are remembered apart, as an office works: exports (lists, print-outs, 公示名单,
评分包, 核对意见, blank tables) go to one work folder; imports (a union's table, a returned
scoring package, a past list, the seal scan) come from where mail and downloads land;
备份到… goes to a USB stick, and 从备份恢复 looks there first. A remembered folder that is
gone (the stick unplugged) gives the documents folder again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

EXPORT_FOLDER_KEY = "export/folder"
IMPORT_FOLDER_KEY = "import/folder"  # the key 导入汇总表 already kept: not moved
BACKUP_FOLDER_KEY = "backup/out_folder"  # 备份到…'s folder last time: the USB stick, likely
STATS_FORMAT_KEY = "export/statistics_format"  # 导出年度统计's format: a PDF handout or xlsx


def documents_folder() -> Path:
    """The user's documents folder (on Windows wherever it was redirected), else home."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def start_folder(settings: QSettings, key: str = EXPORT_FOLDER_KEY) -> Path:
    """The folder a dialog of ``key``'s kind opens in: the remembered one while it exists."""
    kept = str(settings.value(key, "") or "")
    return Path(kept) if kept and Path(kept).is_dir() else documents_folder()


def export_start(settings: QSettings, name: str, key: str = EXPORT_FOLDER_KEY) -> str:
    """The path a save dialog proposes for ``name`` (its default name, in the folder)."""
    return str(start_folder(settings, key) / name)


def remember_export(settings: QSettings, path: str | Path, key: str = EXPORT_FOLDER_KEY) -> None:
    """A file was chosen at ``path``: its folder is where the next such dialog opens."""
    settings.setValue(key, str(Path(path).absolute().parent))


def remember_folder(settings: QSettings, folder: str | Path,
                    key: str = EXPORT_FOLDER_KEY) -> None:
    """A folder was chosen (a folder chooser): the next such dialog opens in it."""
    settings.setValue(key, str(Path(folder).absolute()))


def import_start(settings: QSettings) -> str:
    """Where an open dialog starts: the folder the last file was read from, else documents."""
    return str(start_folder(settings, IMPORT_FOLDER_KEY))


def remember_import(settings: QSettings, path: str | Path) -> None:
    remember_export(settings, path, IMPORT_FOLDER_KEY)


def kept_format(settings: QSettings, key: str, filters: tuple[str, ...]) -> str:
    """The file type (one of ``filters``) a save dialog of ``key``'s kind offers first: the
    one last written, else the first. After a PDF export the dialog offered .xlsx again."""
    kept = str(settings.value(key, "") or "")
    return kept if kept in filters else filters[0]


def remember_format(settings: QSettings, key: str, filters: tuple[str, ...],
                    path: str | Path) -> None:
    """A file was written at ``path``: the filter of its suffix is offered first next time
    (its name typed with .pdf under the .xlsx filter wrote a PDF: that is what was chosen)."""
    suffix = Path(path).suffix.lower()
    chosen = next((f for f in filters if f"*{suffix})" in f.lower()), "")
    if chosen:
        settings.setValue(key, chosen)
