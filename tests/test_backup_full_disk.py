"""A backup meeting a full disk leaves nothing behind in the backups folder: not the
copy, nor the rollback journal SQLite kept of it (one a try, each kept until a backup an
hour later swept it)."""

from __future__ import annotations

import shutil

import pytest

from benchmarks import generate
from boostdesk.safety import BackupError, backup_dir, backup_register
from tests.small_disk import small_disk


def test_a_backup_refused_by_a_full_disk_leaves_no_file_in_the_backups_folder(tmp_path):
    made = tmp_path / "made.db"
    generate.generate_register(made, 2000)  # 3.6 MB (generator v7: varied titles)
    size_k = made.stat().st_size // 1024
    # the register fits, its copy does not fit beside it
    with small_disk(tmp_path / "盘", f"{size_k * 3 // 2}k") as disk:
        path = disk / "register.db"
        shutil.copy(made, path)
        for _ in range(2):  # the office trying again
            with pytest.raises(BackupError, match="磁盘空间已满"):
                backup_register(path, "start")
        assert list(backup_dir(path).iterdir()) == []
