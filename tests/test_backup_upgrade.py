"""A new BoostDesk upgrades an older register's schema when it opens it: the register
as the older BoostDesk left it is backed up first, so a failed or unwanted upgrade can be
undone by restoring it."""

from __future__ import annotations

import sqlite3

from boostdesk.cli import main
from boostdesk.models.register import migrate, open_connection
from boostdesk.models.schema import SCHEMA_VERSION
from boostdesk.safety import backup_register, list_backups, open_register, set_backup_keep
from tests.backup_files import sqlite_of


def older_register(path) -> None:
    conn = open_connection(path)
    try:
        migrate(conn, target=SCHEMA_VERSION - 1)
    finally:
        conn.close()


def version(path) -> int:
    with sqlite_of(path) as copy:
        conn = sqlite3.connect(copy)
        try:
            return conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()


def test_the_window_backs_up_an_older_register_before_upgrading_it(tmp_path):
    path = tmp_path / "register.db"
    older_register(path)
    opened = open_register(path, "录入员", start_backup=False, integrity="quick")
    opened.reg.close()
    assert version(path) == SCHEMA_VERSION
    (before,) = list_backups(path)
    assert before.reason == "upgrade" and before.reason_zh == "升级前"
    assert version(before.path) == SCHEMA_VERSION - 1
    # said (the window's 提示 at start): the older BoostDesk of another computer refuses it now
    [said] = [w for w in opened.warnings if before.path.name in w]
    from boostdesk.models.schema import older_releases

    # 0.16.0 及更早的 BoostDesk once the format before is a release's, else 旧版 BoostDesk
    assert "已升级" in said and f"{older_releases(SCHEMA_VERSION - 1)} 不能再打开" in said


def test_the_command_line_backs_up_an_older_register_before_upgrading_it(tmp_path, capsys):
    path = tmp_path / "register.db"
    older_register(path)
    assert main(["backup", "list", "--db", str(path)]) == 0  # only reads: no upgrade
    assert version(path) == SCHEMA_VERSION - 1
    capsys.readouterr()
    assert main(["campaign", "list", "--db", str(path)]) == 0
    assert [b.reason for b in list_backups(path)] == ["upgrade"]
    assert list_backups(path)[0].path.name in capsys.readouterr().err
    assert main(["campaign", "list", "--db", str(path)]) == 0  # upgraded: no second one
    assert len(list_backups(path)) == 1
    assert "已升级" not in capsys.readouterr().err


def test_demo_force_backs_up_the_applications_it_replaces(tmp_path, capsys):
    """`demo --force` on its own register backs the demo it replaces up all the same (on
    the office's register it is refused: tests/test_demo_refuses_work.py)."""
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    assert main(["demo", "--db", str(db), "--force"]) == 0
    (before,) = list_backups(db)
    with sqlite_of(before.path) as copy:
        kept = sqlite3.connect(copy)
        try:
            assert kept.execute("SELECT COUNT(*) FROM patent_applications").fetchone()[0] > 0
        finally:
            kept.close()
    assert "备份" in capsys.readouterr().out


def test_the_backup_before_an_upgrade_is_never_rotated_away(tmp_path):
    """The only copy of the register as the older BoostDesk wrote it (the way back for
    the office's other computers, and from a migration's mistake found later) went with
    the next 20 backups of the day."""
    path = tmp_path / "register.db"
    older_register(path)
    open_register(path, "录入员", start_backup=False).reg.close()
    (before,) = list_backups(path)
    set_backup_keep(path, 3)
    for _ in range(6):
        backup_register(path, "start")
    assert before.path.exists() and before in list_backups(path)
    assert len(list_backups(path)) == 4  # it takes none of the newest places either


def test_backup_out_of_an_older_register_copies_it_as_it_is_and_audits_it(tmp_path, capsys):
    """IT's copy to a stick upgraded the register, and the older BoostDesk of the office's
    other computers refused it (and the copy) from then on."""
    path = tmp_path / "register.db"
    older_register(path)
    stick = tmp_path / "U盘" / "登记册副本.db"
    stick.parent.mkdir()
    assert main(["backup", "--out", str(stick), "--db", str(path), "--operator", "信息员"]) == 0
    assert "已备份到" in capsys.readouterr().out
    assert version(path) == version(stick) == SCHEMA_VERSION - 1
    assert list_backups(path) == []  # no upgrade, no 升级前 backup
    conn = sqlite3.connect(path)
    try:
        ((operator, after),) = conn.execute(
            "SELECT operator, after FROM audit_events WHERE action = 'backup_out'").fetchall()
    finally:
        conn.close()
    assert operator == "信息员" and str(stick.resolve()) in after
    # once upgraded by the window, the line reads as any copy taken out
    assert main(["audit", "--db", str(path)]) == 0
    assert "备份登记册到指定文件" in capsys.readouterr().out


def test_an_upgrade_stopped_before_it_began_leaves_no_wal_nor_shm(tmp_path, monkeypatch):
    """IT's tester, stop 47: the 升级前 backup refused on a full disk (a 100,000-paper
    register on a disk with room for it but not for its copy), or 取消升级, left an empty
    register.db-wal and a 32 KB -shm beside the register the older release still opens:
    the integrity check's read-only connection made them and cannot remove them."""
    import pytest

    import boostdesk.safety.backup as backup_module
    from boostdesk.models.register import UpgradeCancelled
    from boostdesk.safety import BackupError

    def full(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise sqlite3.OperationalError("database or disk is full")

    for stop in ("full", "cancel"):
        folder = tmp_path / stop
        folder.mkdir()
        path = folder / "register.db"
        older_register(path)
        before = path.read_bytes()
        if stop == "full":
            with monkeypatch.context() as patched:
                patched.setattr(backup_module, "copy_database", full)
                with pytest.raises(BackupError, match="磁盘空间已满"):
                    open_register(path, "录入员", start_backup=False)
        else:
            with pytest.raises(UpgradeCancelled):
                open_register(path, "录入员", start_backup=False, cancelled=lambda: True)
        assert path.read_bytes() == before  # the older release's register, as it was
        assert sorted(p.name for p in folder.iterdir()) == [
            "backups", "register.db", "register.db.lock"], stop


def _upgrade_stopped(path, *, fail=None):
    """One upgrade of ``path`` stopped at its last moment, everything migrated and rolled
    back (取消升级 pressed as the re-check ends), or failed (``fail``, a monkeypatch): the
    message it raised."""
    import pytest

    from boostdesk.models.register import RegisterError, UpgradeCancelled

    pressed: list[bool] = []

    def said(step: str) -> None:
        if "第 2 步" in step:  # the backup is made: pressed now, heard before the commit
            pressed.append(True)

    if fail is not None:
        with fail.context() as patched:
            from boostdesk.models import Register

            def full(_reg, _before):  # noqa: ANN001, ANN202 - its last write, in the upgrade's
                raise sqlite3.OperationalError("database or disk is full")  # transaction

            patched.setattr(Register, "_audit_upgrade", full)
            with pytest.raises(RegisterError) as caught:
                open_register(path, "录入员", start_backup=False, said=said)
    else:
        with pytest.raises(UpgradeCancelled) as caught:
            open_register(path, "录入员", start_backup=False, said=said,
                          cancelled=lambda: bool(pressed))
    return str(caught.value)


def test_each_cancelled_upgrade_of_a_register_unchanged_keeps_the_one_backup(tmp_path):
    """IT's tester, stop 47: each 取消升级 (or failed upgrade) of a 100,000-paper register
    left another 38.8 MB 升级前 backup in backups/, never rotated away. The same register
    unchanged is backed up once: the next upgrade finds that backup holding the same copy,
    takes none, and says which it keeps. Changed since (by the older release), it is
    backed up again, and the first stays: a backup of another content is never dropped."""
    path = tmp_path / "register.db"
    older_register(path)
    said = _upgrade_stopped(path)
    (kept,) = list_backups(path)
    assert kept.reason == "upgrade" and version(path) == SCHEMA_VERSION - 1
    assert f"升级前的备份 {kept.path.name} 保留在 {kept.path.parent}" in said
    assert "下次升级时沿用这份备份，不再另存一份" in said
    for _ in range(2):
        said = _upgrade_stopped(path)
        assert list_backups(path) == [kept] and kept.path.name in said
    # the older release writes to it meanwhile: another content, another backup
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO units (name) VALUES ('北京市海淀区总工会')")
    conn.close()
    said = _upgrade_stopped(path)
    newer, first = list_backups(path)
    assert first == kept and newer.reason == "upgrade" and newer.path.name in said
    # the upgrade that goes through takes that one too, and says so
    opened = open_register(path, "录入员", start_backup=False)
    opened.reg.close()
    assert list_backups(path) == [newer, first] and version(path) == SCHEMA_VERSION
    [upgraded] = [w for w in opened.warnings if "已升级" in w]
    assert (f"升级前的登记册与已有的升级前备份 {newer.path.name}（{newer.path.parent}）完全相同，"
            "沿用这份备份，未再另存一份") in upgraded
    assert version(newer.path) == version(first.path) == SCHEMA_VERSION - 1


def test_a_failed_upgrade_names_its_backup_and_the_next_takes_no_other(tmp_path, monkeypatch,
                                                                       capsys):
    path = tmp_path / "register.db"
    older_register(path)
    said = _upgrade_stopped(path, fail=monkeypatch)
    (kept,) = list_backups(path)
    assert "无法把登记册" in said and f"升级前的备份 {kept.path.name} 保留在" in said
    _upgrade_stopped(path, fail=monkeypatch)
    assert list_backups(path) == [kept]
    # the command line's upgrade, once it goes through, names it
    assert main(["campaign", "list", "--db", str(path)]) == 0
    assert list_backups(path) == [kept]
    assert f"与已有的升级前备份 {kept.path.name}" in capsys.readouterr().err


def test_a_damaged_backup_of_the_same_register_is_not_taken_for_its_copy(tmp_path):
    """A 升级前 backup that no longer reads back whole (a bad sector, a sync's half copy)
    holds no way back: the next upgrade makes its own, and leaves that one as it is."""
    path = tmp_path / "register.db"
    older_register(path)
    _upgrade_stopped(path)
    (damaged,) = list_backups(path)
    data = bytearray(damaged.path.read_bytes())
    data[200:260] = bytes(60)  # inside the compressed copy: its CRC no longer matches
    damaged.path.write_bytes(bytes(data))
    _upgrade_stopped(path)
    made, old = list_backups(path)
    assert old.path == damaged.path and old.path.read_bytes() == bytes(data)
    assert made.path != damaged.path and version(made.path) == SCHEMA_VERSION - 1
