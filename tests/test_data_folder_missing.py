"""``BOOSTDESK_DATA`` naming a folder on a USB stick or network drive that is not connected:
the whole path was made on the local disk with an empty register in it (the window said
已新建登记册), taken for the office's, while ``--db`` on such a path was refused. Refused
alike now, window and command line, when neither that folder nor the one it is in is
there; its last level alone is made (a new install), and said."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from test_ui_app import gui_refused, opened_or_closed, shown_window, user_settings_in
from test_ui_support import answers

from boostdesk.cli import main

__all__ = ["answers", "user_settings_in"]


def test_the_command_line_refuses_a_data_folder_whose_parent_is_not_there(
        tmp_path, monkeypatch, capsys):
    stick = tmp_path / "usb"
    data = stick / "BoostDesk"
    monkeypatch.setenv("BOOSTDESK_DATA", str(data))
    for command in (["check"], ["stats"], ["backup", "list"], ["campaign", "new", "--year", "2023"]):
        assert main([*command, "--operator", "王秀兰"]) == 1, command
        err = capsys.readouterr().err
        assert f"环境变量 BOOSTDESK_DATA 所指的文件夹 {data} 不存在" in err, command
        assert "U 盘或网络盘是否已接好" in err and "已新建" not in err
        assert not stick.exists(), command


def test_its_last_level_alone_is_made_and_said(tmp_path, monkeypatch, capsys):
    data = tmp_path / "BoostDesk"
    monkeypatch.setenv("BOOSTDESK_DATA", str(data))
    assert main(["check", "--operator", "王秀兰"]) == 0
    err = capsys.readouterr().err
    assert f"环境变量 BOOSTDESK_DATA 所指的文件夹 {data} 原本不存在（或是空的），已在" in err
    assert (data / "register.db").exists()
    assert main(["check", "--operator", "王秀兰"]) == 0
    assert "原本不存在" not in capsys.readouterr().err


def test_the_window_refuses_it_too(tmp_path, qapp, qtbot, answers, monkeypatch):
    stick = tmp_path / "usb"
    monkeypatch.setenv("BOOSTDESK_DATA", str(stick / "BoostDesk"))
    seen = gui_refused(monkeypatch, qtbot, answers, ["gui"])
    assert seen == {"status": 1, "register": None, "visible": False}  # told, then closed
    assert answers.errors and "BOOSTDESK_DATA 所指的文件夹" in answers.errors[0][1]
    assert not answers.infos  # no 已新建登记册
    assert not stick.exists()  # nor its log folder


def test_the_window_makes_its_last_level_saying_so(tmp_path, qapp, qtbot, answers, monkeypatch):
    """(The window's log is made in it first: the folder holds only logs/ by then.)"""
    data = tmp_path / "BoostDesk"
    monkeypatch.setenv("BOOSTDESK_DATA", str(data))

    def fake_exec() -> int:
        window = shown_window()
        opened_or_closed(qtbot, window)
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    answers.text = "王秀兰"
    assert main(["gui"]) == 0
    assert answers.errors == []
    (said,) = [text for _title, text in answers.infos]
    assert "已新建登记册" in said
    assert f"环境变量 BOOSTDESK_DATA 所指的文件夹 {data} 原本不存在（或是空的）" in said
    assert (data / "register.db").exists()


def test_screenshots_into_a_folder_whose_parent_is_not_there_are_refused(tmp_path, capsys):
    """`screenshots /media/usb/图` made /media/usb/图 on the local disk, nothing said."""
    stick = tmp_path / "usb"
    assert main(["screenshots", str(stick / "图")]) == 1
    assert f"文件夹 {stick} 不存在（U 盘或网络盘是否已接好？）；未截图" in capsys.readouterr().err
    assert not stick.exists()


@pytest.mark.parametrize("args", [["gui", "--db", "{db}"], ["--db", "{db}"]])
def test_the_window_refuses_a_db_in_a_folder_not_there_as_every_command(
        tmp_path, qapp, qtbot, answers, monkeypatch, capsys, args):
    """`boostdesk gui --db D:\\登记册\\register.db` (and `boostdesk --db …`, the window too)
    with that folder typed wrong, or its USB stick not plugged in: the window made the
    folder and an empty register in it, said 已新建登记册, while `check --db` refused it."""
    folder = tmp_path / "usb" / "登记册"
    db = folder / "register.db"
    assert main(["check", "--db", str(db)]) == 1
    refused = capsys.readouterr().err.removeprefix("错误：").strip()
    assert refused.startswith(f"文件夹 {folder} 不存在，登记册 register.db 未找到，也未新建")

    seen = gui_refused(monkeypatch, qtbot, answers, [a.format(db=db) for a in args])
    assert seen == {"status": 1, "register": None, "visible": False}  # told, then closed
    assert answers.errors == [("无法打开登记册", refused)]  # the command line's words
    assert not answers.infos  # no 已新建登记册
    assert not (tmp_path / "usb").exists()


def test_the_window_still_makes_a_new_register_in_a_folder_that_is_there(
        tmp_path, qapp, qtbot, answers, monkeypatch):
    db = tmp_path / "新登记册.db"

    def fake_exec() -> int:
        window = shown_window()
        opened_or_closed(qtbot, window)
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    answers.text = "王秀兰"
    assert main(["gui", "--db", str(db)]) == 0
    assert answers.errors == [] and db.exists()
    assert "已新建登记册" in answers.infos[0][1]
