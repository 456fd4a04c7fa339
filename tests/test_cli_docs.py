"""The command line as the README tells a clerk to use it."""

from __future__ import annotations

from boostdesk.cli import main


def test_backup_to_a_missing_folder_is_refused_not_made(tmp_path, capsys):
    """`--out /media/usb/…` with the stick not mounted: the folder is not created on the
    local disk (the clerk would think the copy is on the stick)."""
    db = str(tmp_path / "r.db")
    assert main(["campaign", "list", "--db", db]) == 0
    stick = tmp_path / "usb"
    assert main(["backup", "--db", db, "--out", str(stick / "备份.db")]) == 1
    assert "文件夹不存在" in capsys.readouterr().err
    assert not stick.exists()
    stick.mkdir()
    assert main(["backup", "--db", db, "--out", str(stick / "备份.db")]) == 0
    assert (stick / "备份.db").is_file()
