"""The window on a register gone with its backups still there, or with a text or a table
in its place: it opened a new, empty register ("已新建登记册") and took a start-up backup of
it, ranked above the real ones; or it refused with only 确定 and quit, 从备份恢复 out of
reach. Now it asks: 恢复并打开 / 新建空登记册 / 退出, the buttons clicked here as a user
clicks them. (The command line: test_register_gone.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from test_register_gone import register_with_a_backup
from test_ui_app import shown_window, user_settings_in

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PatentApplication
from boostdesk.safety import list_backups

__all__ = ["user_settings_in"]


class Clicker:
    """Each message box the window shows is read and answered by clicking the button
    named for the first of ``answers``' keys its text holds (确定 otherwise)."""

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers
        self.boxes: list[tuple[str, str, list[str]]] = []  # title, text, buttons
        self.timer = QTimer()
        self.timer.timeout.connect(self.poll)
        self.timer.start(50)

    def poll(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible() or box.property("seen"):
            return
        box.setProperty("seen", True)
        text = box.text().replace("\u200b", "")
        buttons = [b.text() for b in box.buttons()]
        self.boxes.append((box.windowTitle(), text, buttons))
        label = next((v for k, v in self.answers.items() if k in text), "确定")
        # a box without that button (the window as it was) is closed, not left to hang
        button = next((b for b in box.buttons() if b.text().split("(&")[0] == label), box.buttons()[0])
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def gui(qapp, qtbot, monkeypatch):
    """``run(answers)``: ``boostdesk gui`` on the user's own register, the boxes answered
    by clicks; its exit status, the boxes seen, the papers the window opened on (None:
    it closed without a register), and whether it took a start-up backup."""
    from boostdesk.ui import app as ui_app

    monkeypatch.setattr(ui_app, "ask_operator", lambda _settings, _parent=None: "王秀兰")
    started: list[Path] = []
    real_start = ui_app.start_backup_task

    def start_backup_task(path, window, after=None):  # noqa: ANN001, ANN202
        started.append(path)
        return real_start(path, window, after)

    monkeypatch.setattr(ui_app, "start_backup_task", start_backup_task)

    def run(answers: dict[str, str]) -> dict[str, object]:
        seen: dict[str, object] = {"papers": None}

        def fake_exec() -> int:
            window = shown_window()
            qtbot.waitUntil(lambda: window.ctx is not None or not window.isVisible(),
                            timeout=15_000)
            if window.ctx is not None:
                qtbot.waitUntil(lambda: not clicker.boxes or
                                QApplication.activeModalWidget() is None, timeout=5000)
                seen["papers"] = window.ctx.reg.scalar("SELECT COUNT(*) FROM patent_applications")
                window.close()
            return 0

        monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
        clicker = Clicker(answers)
        try:
            seen["status"] = main(["gui"])
        finally:
            clicker.timer.stop()
        seen["boxes"] = clicker.boxes
        seen["start_backup"] = bool(started)
        started.clear()
        return seen

    return run


@pytest.fixture
def own(monkeypatch, tmp_path) -> Path:
    monkeypatch.setenv("BOOSTDESK_DATA", str(tmp_path / "data"))
    return register_with_a_backup(tmp_path / "data" / "register.db")


def set_aside_files(own: Path) -> list[Path]:
    return [p for p in own.parent.iterdir() if p.name.startswith("register.db.不是登记册-")]


def test_a_missing_register_is_offered_its_backup_and_restored(own, gui):
    own.unlink()
    seen = gui({"不见了": "恢复并打开"})
    title, text, buttons = seen["boxes"][0]
    assert title == "登记册不见了" and "备份文件夹中有 1 份备份" in text
    assert buttons == ["恢复并打开(&1)", "新建空登记册(&2)", "退出(&3)"]
    assert seen["status"] == 0 and seen["papers"] == 3
    assert any("已用备份" in text for _t, text, _b in seen["boxes"][1:])
    assert "已新建登记册" not in str(seen["boxes"])


def test_a_missing_register_is_made_anew_only_when_chosen_and_not_backed_up(own, gui):
    own.unlink()
    seen = gui({"不见了": "新建空登记册"})
    assert seen["status"] == 0 and seen["papers"] == 0
    assert any("已新建登记册" in text for _t, text, _b in seen["boxes"][1:])
    assert not seen["start_backup"]  # an empty one's backup would rank above the real one
    assert [b.reason for b in list_backups(own)] == ["manual"]


def test_quitting_leaves_a_missing_register_missing(own, gui):
    own.unlink()
    seen = gui({"不见了": "退出"})
    assert seen["status"] == 1 and seen["papers"] is None
    assert not own.exists()


@pytest.mark.parametrize("content, what", [
    (b"hello\n", "文本文件"),
    (b"PK\x03\x04" + b"\x00" * 100, "Excel"),  # (a broken .xlsx-named zip: said as a table)
])
def test_a_file_in_the_register_s_place_is_set_aside_and_the_backup_restored(
        own, gui, content, what):
    own.write_bytes(content)
    seen = gui({"不是 BoostDesk 登记册": "恢复并打开"})
    title, text, buttons = seen["boxes"][0]
    assert "不是 BoostDesk 登记册" in text and "不会删除" in text
    assert buttons == ["恢复并打开(&1)", "新建空登记册(&2)", "退出(&3)"]
    assert seen["status"] == 0 and seen["papers"] == 3
    [aside] = set_aside_files(own)
    assert aside.read_bytes() == content
    assert any(aside.name in text for _t, text, _b in seen["boxes"][1:])


def test_a_file_in_the_register_s_place_is_set_aside_for_a_new_register(own, gui):
    own.write_text("hello\n")
    seen = gui({"不是 BoostDesk 登记册": "新建空登记册"})
    assert seen["status"] == 0 and seen["papers"] == 0
    [aside] = set_aside_files(own)
    assert aside.read_text() == "hello\n"
    assert not seen["start_backup"]


def test_quitting_leaves_the_file_in_the_register_s_place(own, gui):
    own.write_text("hello\n")
    seen = gui({"不是 BoostDesk 登记册": "退出"})
    assert seen["status"] == 1 and own.read_text() == "hello\n" and not set_aside_files(own)


def test_a_lost_register_s_pre_erasure_backup_is_restored_only_when_confirmed(own, gui):
    """The newest backup taken before a 删除个人信息, the register lost: 恢复并打开 says the
    erased people come back and asks once more; 不恢复 leaves it lost."""
    from boostdesk.safety.backup import backup_register

    backup_register(own, "erase")
    own.unlink()
    seen = gui({"确定要用": "不恢复，退出", "不见了": "恢复并打开"})
    assert "删除个人信息之前做的" in seen["boxes"][0][1]
    assert seen["boxes"][1][0] == "恢复会撤销删除个人信息"
    assert seen["status"] == 1 and not own.exists()
    seen = gui({"确定要用": "恢复（撤销删除个人信息）", "不见了": "恢复并打开"})
    assert seen["status"] == 0 and seen["papers"] == 3


def test_quitting_on_a_damaged_register_leaves_no_wal_nor_shm_beside_it(own, gui):
    """Its version read before the opening made an empty -wal and a 32 KB -shm that no
    writer came to remove (the register was never opened for writing)."""
    from test_backup import corrupt

    with Register.open(own, operator="王秀兰") as reg:  # (60 papers: a page to scribble on)
        for i in range(60):
            reg.save_patent(PatentApplication(title=f"专利{i}", campaign_year=2022))
    corrupt(own)
    seen = gui({"已损坏": "退出"})
    assert seen["status"] == 1 and seen["boxes"][0][0] == "登记册已损坏"
    assert not Path(f"{own}-wal").exists() and not Path(f"{own}-shm").exists()
