"""The log and the data folder are the user's alone on POSIX, as the register, its backups
and drafts are: an exception's text in the log quotes what it was given."""

from __future__ import annotations

import logging
import os
import stat

import pytest

from boostdesk import logfile
from boostdesk.cli import main
from boostdesk.logfile import install_log_file

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_data_folder_made_for_the_log_and_the_log_are_private(tmp_path):
    data = tmp_path / "data"  # made here, as on a new computer
    path = install_log_file(data)
    logging.getLogger("boostdesk.test").warning("第一行")
    assert path is not None and path.read_text("utf-8")
    assert (mode(data), mode(path.parent), mode(path)) == (0o700, 0o700, 0o600)


def test_a_log_an_older_version_left_readable_is_made_private(tmp_path):
    logs = tmp_path / "data" / "logs"
    logs.mkdir(parents=True, mode=0o755)
    os.chmod(logs.parent, 0o755)  # the office's own folder: its mode is left as it is
    os.chmod(logs, 0o755)
    for name in ("boostdesk.log", "boostdesk.log.1"):
        (logs / name).write_text("旧的一行\n", "utf-8")
        os.chmod(logs / name, 0o644)
    path = install_log_file(tmp_path / "data")
    assert path == logs / "boostdesk.log"
    assert mode(logs) == 0o700 and mode(path) == 0o600 and mode(logs / "boostdesk.log.1") == 0o600
    assert mode(logs.parent) == 0o755


def test_a_rotated_log_starts_private(tmp_path, monkeypatch):
    monkeypatch.setattr(logfile, "MAX_BYTES", 200)
    path = install_log_file(tmp_path / "data")
    for n in range(10):
        logging.getLogger("boostdesk.test").warning("一行又一行 %d %s", n, "字" * 40)
    assert (path.parent / "boostdesk.log.1").exists()
    assert mode(path) == 0o600 and mode(path.parent / "boostdesk.log.1") == 0o600


def test_the_data_folder_a_command_makes_is_private(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    monkeypatch.setenv("BOOSTDESK_DATA", str(data))
    assert main(["campaign", "list"]) == 0
    assert (data / "register.db").is_file() and mode(data) == 0o700
