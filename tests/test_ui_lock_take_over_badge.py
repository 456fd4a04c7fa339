"""The read-only window once its holder has gone (IT's tester, stop 42): the 只读 badge's
tip said 正由 王五…打开…请等对方关闭 beside 可改为可修改; and a window taking the register
over worked on without the 启动时 backup a window opening it for writing takes."""

from __future__ import annotations

from test_ui_lock_watch import two  # noqa: F401
from test_ui_support import answers, qsettings  # noqa: F401

from boostdesk.safety.backup import list_backups


def test_the_badge_s_tip_follows_the_holder_going(two, qtbot):  # noqa: F811
    path, other, window, ctx, said = two
    badge = window.lock_watch.badge
    assert "请等对方关闭" in badge.toolTip()
    # the sentence whole (it stopped at 也可点此, a keyboard tester's read)
    assert badge.toolTip().endswith("不必重新启动；也可点此改为可修改")
    other.close()
    said.yes = False  # 继续只读
    window.lock_watch.look()
    assert badge.text() == "只读 · 可改为可修改"
    tip = badge.toolTip()
    assert "请等对方关闭" not in tip and "正由" not in tip
    assert "王五" in tip and "已关闭登记册" in tip and "点此改为可修改" in tip


def test_taking_the_register_over_takes_the_start_backup_in_the_background(two, qtbot):  # noqa: F811
    path, other, window, ctx, said = two
    other.close()
    assert [b for b in list_backups(path) if b.reason == "start"] == []
    window.lock_watch.badge.click()  # 改为可修改 (the question answered yes)
    qtbot.waitUntil(lambda: not ctx.read_only, timeout=5000)
    task = window.take_over_backup
    assert task is not None
    qtbot.waitUntil(task.isFinished, timeout=10000)
    assert [b.reason for b in list_backups(path)] == ["start"]
    assert said.errors == [] and not any("备份失败" in t for _, t in said.infos)

