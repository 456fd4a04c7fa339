"""Where an export's save dialog opens: the folder the last export went to, else the
user's documents folder — not the program's (a bare file name opened the dialog in the
folder BoostDesk was started from)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

EXPORT_FOLDER_KEY = "export/folder"


def export_start(settings: QSettings, name: str) -> str:
    """The path a save dialog proposes for ``name``."""
    folder = Path(str(settings.value(EXPORT_FOLDER_KEY, "") or ""))
    if not str(settings.value(EXPORT_FOLDER_KEY, "") or "") or not folder.is_dir():
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder = Path(docs) if docs and Path(docs).is_dir() else Path.home()
    return str(folder / name)


def remember_export(settings: QSettings, path: str | Path) -> None:
    settings.setValue(EXPORT_FOLDER_KEY, str(Path(path).absolute().parent))
