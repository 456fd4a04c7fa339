"""A register of a later format (another PC's newer BoostDesk upgraded it) opened by the
window: IT's tester (stop 47) saw the window stay open with no register after its
无法打开登记册, where every other refusal closes it (the window has nothing it could
show). The real path, only the message box answered at once, by each way the window is
started and by the upgrade's worker finding it: each says why and closes (exit status 1)."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from test_ui_app import shown_window, user_settings_in

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.schema import SCHEMA_VERSION

__all__ = ["user_settings_in"]


def later_register(path):  # noqa: ANN001, ANN201
    path.parent.mkdir(parents=True, exist_ok=True)
    Register.open(path, operator="录入员").close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    return path


def window_refusing(monkeypatch, qtbot, args: list[str]) -> dict[str, object]:
    """`boostdesk ARGS…`, each message box answered as it shows: its exit status, the
    boxes, and whether the window ended with a register and still shown."""
    seen: dict[str, object] = {"boxes": []}

    def answered(box: QMessageBox) -> int:
        seen["boxes"].append((box.windowTitle(), box.text().replace("\u200b", "")))
        return 0

    def in_window() -> int:
        window = shown_window()
        qtbot.waitUntil(lambda: window.ctx is not None or not window.isVisible(),
                        timeout=20_000)
        seen["register"], seen["visible"] = window.ctx, window.isVisible()
        return 0

    from boostdesk.ui import dialogs

    monkeypatch.setattr(dialogs, "ask_text", lambda *_a, **_k: "王秀兰")  # 操作人
    monkeypatch.setattr(QMessageBox, "exec", answered)
    monkeypatch.setattr(QApplication, "exec", staticmethod(in_window))
    seen["status"] = main(args)
    return seen


@pytest.mark.parametrize("route", ["gui --db", "--db", "data folder", "held"])
def test_the_window_closes_after_refusing_a_register_of_a_later_format(
        tmp_path, qapp, qtbot, monkeypatch, capsys, route):
    db = later_register(tmp_path / "data" / "register.db")
    before = db.read_bytes()
    assert main(["check", "--db", str(db)]) == 1
    refused = capsys.readouterr().err
    args = {"gui --db": ["gui", "--db", str(db)], "--db": ["--db", str(db)]}.get(route, ["gui"])
    if route != "gui --db" and route != "--db":
        monkeypatch.setenv("BOOSTDESK_DATA", str(db.parent))
    if route == "held":  # the other PC's newer BoostDesk has it open
        from boostdesk.safety import acquire

        acquire(db, "另一位")
    seen = window_refusing(monkeypatch, qtbot, args)
    [(title, text)] = seen["boxes"]
    assert title == "无法打开登记册" and f"登记册格式为 {SCHEMA_VERSION + 1}" in text
    assert text.split("：")[0] in refused
    assert (seen["status"], seen["register"], seen["visible"]) == (1, None, False)
    assert db.read_bytes() == before


def test_the_window_closes_when_the_upgrade_finds_the_register_of_a_later_format(
        tmp_path, qapp, qtbot, monkeypatch):
    """The other step: the window read an older format and began its upgrade (in a worker,
    behind its progress dialog), and the register was of a later format by the time the
    upgrade opened it (the other PC's newer BoostDesk upgraded it meanwhile)."""
    import boostdesk.safety.session as session

    db = later_register(tmp_path / "register.db")
    real = session.register_version
    looks: list[int | None] = []

    def as_read(path):  # noqa: ANN001, ANN202 - the window's look, before the other PC's upgrade
        looks.append(real(path))
        return SCHEMA_VERSION - 1 if len(looks) == 1 else looks[-1]

    monkeypatch.setattr(session, "register_version", as_read)
    seen = window_refusing(monkeypatch, qtbot, ["gui", "--db", str(db)])
    [(title, text)] = seen["boxes"]
    assert title == "无法打开登记册" and f"登记册格式为 {SCHEMA_VERSION + 1}" in text
    assert (seen["status"], seen["register"], seen["visible"]) == (1, None, False)
    assert len(looks) >= 2  # the upgrade's own look found it
