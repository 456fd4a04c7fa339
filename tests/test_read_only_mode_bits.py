"""A register set read-only (``chmod 444``) is read-only for every writer alike: root (an
administrator), whom the system lets write through the mode, wrote it with ``withdraw``
(its mode made 0400) and recorded ``backup --out`` as a writing opening, while ``restore``
alone refused it. (The tests run as root here: the case itself.)"""

from __future__ import annotations

import stat
from pathlib import Path

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PatentApplication
from boostdesk.safety import backup_register, open_register


def _read_only_register(tmp_path: Path) -> Path:
    path = tmp_path / "register.db"
    with Register.open(path, operator="王秀兰") as reg:
        reg.save_patent(PatentApplication(title="登记过的", campaign_year=2022))
    backup_register(path, "manual")
    path.chmod(0o444)
    return path


def _trail(path: Path) -> int:
    path.chmod(0o644)
    try:
        with Register.open(path, operator="王秀兰") as reg:
            return int(reg.scalar("SELECT COUNT(*) FROM audit_events"))
    finally:
        path.chmod(0o444)


def test_every_writer_refuses_a_register_set_read_only(tmp_path, capsys):
    path = _read_only_register(tmp_path)
    lines = _trail(path)
    db = ["--db", str(path)]
    assert main(["withdraw", "登记过的", "--date", "2022-11-05", "--reason", "x", *db]) == 1
    assert main(["restore", "1", *db]) == 1
    assert main(["backup", "--out", str(tmp_path / "副本.zip"), *db]) == 0
    err = capsys.readouterr().err
    assert "不能写入" in err and "未能记入修改记录" in err
    assert stat.S_IMODE(path.stat().st_mode) == 0o444  # (withdraw made it 0400)
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    assert _trail(path) == lines  # nothing written into it


def test_the_window_s_opening_is_read_only_with_the_reason(tmp_path):
    path = _read_only_register(tmp_path)
    opened = open_register(path, "王秀兰", start_backup=False)
    try:
        assert opened.read_only and "不能写入" in opened.warnings[0]
        assert "chmod u+w" in opened.warnings[0]
    finally:
        opened.reg.close()
