"""A backup meeting a full disk leaves nothing behind in the backups folder: not the
copy, nor the rollback journal SQLite kept of it (one a try, each kept until a backup an
hour later swept it)."""

from __future__ import annotations

import re
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


def test_a_backup_s_name_in_the_window_s_message_is_not_masked_as_a_card(tmp_path, monkeypatch):
    """无法写入备份 …/backups/register-2026*********5943-import.zip（磁盘已满）: the privacy
    filter read the name's time, 17 figures, as a card number. A number quoted outside the
    path is masked still."""
    import errno

    from boostdesk.models import Register
    from boostdesk.safety import backup_file
    from boostdesk.ui.context import error_text

    folder = tmp_path / "工会 数据"
    folder.mkdir()
    path = folder / "register.db"
    Register.open(path).close()

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_file, "write_zip", full)
    with pytest.raises(BackupError) as caught:
        backup_register(path, "import")
    name = re.search(r"register-\d{8}-\d{6}-\d{3}-import\.zip", str(caught.value))
    assert name, caught.value
    said = error_text(caught.value)
    assert f"无法写入备份 {backup_dir(path) / name.group(0)}（" in said, said
    assert error_text(BackupError(f"{said}；卡号 6217000012345678")).endswith("卡号 6217 **** **** 5678")


@pytest.mark.parametrize(("text", "kept"), [
    ("无法写入 C:\\Users\\张三\\备份 2023\\register-20231205-101012-938-import.zip（磁盘已满）",
     "备份 2023\\register-20231205-101012-938-import.zip"),
    ("无法复制备份 register-20231205-101012-938-restore.zip：磁盘已满",
     "register-20231205-101012-938-restore.zip"),
    ("找不到 /mnt/usb/20231205101012938/", "/mnt/usb/20231205101012938/"),
])
def test_paths_in_a_message_are_left_whole(text, kept):
    from boostdesk.safety.privacy import mask_message

    assert kept in mask_message(text)
    said = mask_message(f"第 3 行 110105198001010012、6217 0000 1234 5678、13800138000：{text}")
    assert said.startswith("第 3 行 110105********0012、6217 **** **** 5678、138****8000：")
