"""The disk under the register fills (a shared drive at its quota, a USB stick): the office
is told so in Chinese, and nothing half-written is kept."""

from __future__ import annotations

import sqlite3

import pytest

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.ui.context import error_text
from tests.small_disk import fill_disk, small_disk


@pytest.fixture
def full_disk(tmp_path):
    """A register on a small disk with no room left (a tmpfs: root only)."""
    with small_disk(tmp_path / "小盘", "2M") as folder:
        path = folder / "register.db"
        Register.open(path, operator="录入员").close()
        fill_disk(folder)
        yield path


def test_a_full_disk_is_said_in_chinese(full_disk, capsys):
    db = str(full_disk)
    assert main(["campaign", "new", "--year", "2023", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "磁盘空间已满" in err and "disk is full" not in err
    assert main(["backup", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "磁盘空间已满" in err and "disk is full" not in err


def test_the_window_says_a_full_disk_in_chinese():
    text = error_text(sqlite3.OperationalError("database or disk is full"))
    assert "磁盘空间已满" in text and "disk is full" not in text
