"""A command meeting a full disk says so in Chinese, not with SQLite's traceback."""

from __future__ import annotations

import sqlite3

from boostdesk.models import Register


def test_a_command_meeting_a_full_disk_says_so_in_chinese(tmp_path, monkeypatch, capsys):
    """`boostdesk check` on a register whose disk filled up after its upgrade: SQLite's
    English traceback (sqlite3.OperationalError: database or disk is full)."""
    from boostdesk import cli
    from boostdesk.rules import check as check_module

    path = tmp_path / "full.db"
    Register.open(path).close()

    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(check_module, "store_verdicts", full)
    assert cli.main(["check", "--db", str(path)]) == 1
    assert "磁盘空间已满" in capsys.readouterr().err
