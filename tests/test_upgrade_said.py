"""What the office is told when this release meets a register an older one wrote: the
upgrade names the formats and the releases, and what it changed that the office sees; an
older release holding the register is named as the reason it cannot be read here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from boostdesk import __version__
from boostdesk.finance.payment_plan import CATCH_UP_NOTE, plan_behind
from boostdesk.models.schema import SCHEMA_VERSION
from boostdesk.safety import RegisterBusy, open_register
from tests.test_past_verdicts import _old_shape
from tests.test_upgrade_old_release import old_register

ROOT = Path(__file__).resolve().parent.parent

# An older release's window: its lock held on a register of its own schema, never upgraded.
OLD_WINDOW = """
import sys
from boostdesk.safety.lock import acquire
lock = acquire(sys.argv[1], "IT管理员")
print("ready", flush=True)
sys.stdin.readline()
lock.release()
"""


def test_the_upgrade_says_the_formats_the_releases_and_the_verdicts_it_moved(
        tmp_path, monkeypatch):
    path = tmp_path / "register.db"
    _old_shape(path, monkeypatch)  # schema 18 (0.14.0): a 2016 award stored 待补材料
    opened = open_register(path, "测试员", start_backup=False)
    try:
        [said] = [w for w in opened.warnings if "已升级" in w]
    finally:
        opened.reg.close()
    assert f"已升级到本版本 {__version__}（登记册格式 18 → {SCHEMA_VERSION}）" in said
    assert "往年已定结果的 1 份申报由“待补材料”改为“合格”" in said
    assert said.endswith(f"0.14.0 及更早的 BoostDesk 不能再打开它，其他电脑请安装 {__version__}")


def test_the_upgrade_says_the_rests_it_dated_having_dated_them(tmp_path):
    """The first release listed an accepted project's unpaid 尾款 due on the acceptance
    day (tests/test_upgrade_old_release.py): the upgrade dates them by the year's term,
    there and then (not at each year's first reading, after the message), and says so."""
    path = old_register(tmp_path / "register.db")  # schema 5: its release is not named
    opened = open_register(path, "测试员", start_backup=False)
    try:
        [said] = [w for w in opened.warnings if "已升级" in w]
        reg = opened.reg
        assert all(not plan_behind(reg, year)[0] for year in reg.campaign_years())
        caught_up = reg.conn.execute(
            "SELECT count(*) FROM audit_events WHERE note = ? AND entity = 'payments'",
            (CATCH_UP_NOTE,)).fetchone()[0]
    finally:
        opened.reg.close()
    assert f"（登记册格式 5 → {SCHEMA_VERSION}）" in said and "待补材料" not in said
    assert ("6 笔尚未拨付的尾款按各年度“验收后尾款拨付期限”（未设的按首笔拨付期限）定了应拨日期，"
            "其中 6 笔已逾期。") in said
    assert caught_up == 6
    assert f"旧版 BoostDesk 不能再打开它，其他电脑请安装 {__version__}" in said


@pytest.fixture
def old_window(tmp_path):
    path = old_register(tmp_path / "register.db")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", OLD_WINDOW, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    yield path
    assert proc.stdin is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.wait(10)


def test_an_older_release_holding_the_register_is_named_as_the_reason(old_window):
    """A second BoostDesk opens read-only, but an old-format register must be upgraded
    first, which needs the lock the older release holds: the refusal says so."""
    with pytest.raises(RegisterBusy) as caught:
        open_register(old_window, "张三", start_backup=False)
    said = str(caught.value)
    assert said.startswith("登记册 register.db 由旧版 BoostDesk 的窗口打开（IT管理员，电脑 ")
    assert said.endswith("）：本版本要先把它升级（需要独占），请对方关闭 BoostDesk（并升级到 "
                         f"{__version__}）后再试")
    assert "不能同时修改" not in said
