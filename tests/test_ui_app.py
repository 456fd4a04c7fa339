"""`boostdesk gui`: the operator asked once, the register opened safely, the window shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication
from test_ui_support import answers

from boostdesk.cli import main

__all__ = ["answers"]


@pytest.fixture(autouse=True)
def user_settings_in(tmp_path):
    """The application's own QSettings() go to a temporary folder, and back afterwards."""
    usual = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    yield
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, usual)
    QSettings.setDefaultFormat(QSettings.Format.NativeFormat)


def test_gui_opens_the_register_and_the_main_window(tmp_path, qapp, answers, monkeypatch):
    seen: dict[str, object] = {}

    def fake_exec() -> int:  # instead of waiting for the user to close the window
        windows = [w for w in QApplication.topLevelWidgets()
                   if w.objectName() == "main_window" and w.isVisible()]
        seen["title"] = windows[0].windowTitle() if windows else None
        seen["operator"] = windows[0].ctx.operator if windows else None
        for w in windows:
            w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    answers.text = "王秀兰"
    db = tmp_path / "data" / "register.db"
    assert main(["gui", "--db", str(db)]) == 0
    assert db.exists()
    assert "BoostDesk" in str(seen["title"]) and seen["operator"] == "王秀兰"
    assert QSettings().value("operator/name") == "王秀兰"

    answers.text = None  # the name is not asked again
    assert main(["gui", "--db", str(db)]) == 0
    assert seen["operator"] == "王秀兰"


def test_gui_stops_when_no_operator_is_given(tmp_path, qapp, answers):
    answers.text = None
    assert main(["gui", "--db", str(tmp_path / "register.db")]) == 1
    assert not (tmp_path / "register.db").exists()
