"""``BOOSTDESK_DATA`` set to the register file itself (``…/pristine.db``), not the folder
holding ``register.db``: it was "无法在 …/pristine.db 建立或打开登记册（路径中有一段不是
文件夹）", and ``backup list`` said 还没有备份（备份文件夹：…/pristine.db/backups）. Said
plainly now, by every command and the window's opening; the file is left as it was."""

from __future__ import annotations

import pytest

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register, RegisterError
from boostdesk.safety import open_register


@pytest.fixture
def named_file(tmp_path, monkeypatch):
    path = tmp_path / "pristine.db"
    with Register.open(path, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))
    monkeypatch.setenv("BOOSTDESK_DATA", str(path))
    before = path.read_bytes()
    yield path
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pristine.db"]


@pytest.mark.parametrize("words", [["check"], ["backup", "list"], ["backup"], ["restore", "1"]])
def test_commands_say_it_names_the_file_not_its_folder(named_file, words, capsys):
    assert main(words) == 1
    err = capsys.readouterr().err
    assert f"BOOSTDESK_DATA 指向的是文件 {named_file}" in err
    assert f"请把它改为 {named_file.parent}" in err and "register.db" in err
    assert "不是文件夹" not in err and "backups" not in err and "没有第" not in err


def test_the_window_s_opening_says_it_too(named_file):
    with pytest.raises(RegisterError) as refused:
        open_register(named_file / "register.db", "录入员", start_backup=False)
    assert f"请把它改为 {named_file.parent}" in str(refused.value)
