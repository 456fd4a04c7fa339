"""A window opened read-only because the register's disk was full: once room is made, the
status bar's 只读 looks again and offers 改为可修改, as it does once a holder has closed the
register (IT's tester, stop 39: it said 磁盘空间已满 again and stayed read-only until the
program was restarted)."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from test_ui_support import answers, qsettings  # noqa: F401

from boostdesk.models import PatentApplication, Register
from boostdesk.safety import open_register
from boostdesk.ui.context import AppContext
from tests.small_disk import fill_disk, small_disk


@pytest.fixture
def full_window(tmp_path: Any, qsettings: Any, qapp: Any, answers: Any, qtbot: Any):  # noqa: F811
    from boostdesk.ui.main_window import MainWindow

    made = tmp_path / "made.db"
    with Register.open(made, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))
    with small_disk(tmp_path / "满盘", "2M") as folder:
        path = folder / "r.db"
        shutil.copy(made, path)
        fill_disk(folder)
        opened = open_register(path, "财务", start_backup=False, integrity="quick")
        assert opened.read_only and opened.holder is None
        ctx = AppContext(opened.reg, settings=qsettings)
        ctx.set_operator("财务")
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        try:
            yield folder, window, ctx, answers
        finally:
            ctx.shutdown()
            ctx.reg.close()


def test_room_made_the_badge_offers_to_take_the_register_over(full_window, qtbot):
    folder, window, ctx, said = full_window
    badge = window.lock_watch.badge
    assert "腾出空间后，点此改为可修改" in badge.toolTip()
    badge.click()  # still full: said so, nothing asked
    assert said.errors and "仍然已满" in said.errors[-1][1] and said.questions == []
    (folder / "其他文件").unlink()  # room made
    errors = len(said.errors)
    badge.click()
    assert len(said.errors) == errors  # not 仍然已满 again
    assert said.questions and "现在已有空间" in said.questions[-1]
    qtbot.waitUntil(lambda: not ctx.read_only, timeout=10000)
    assert window.lock_watch is None and not window.windowTitle().endswith("（只读）")
    app = PatentApplication(2022, inventor_name="李四", title="新的一项")
    assert ctx.write("录入申报", lambda: ctx.reg.save_patent(app), changed="patent").ok


def test_declined_it_stays_read_only(full_window):
    folder, window, ctx, said = full_window
    (folder / "其他文件").unlink()
    said.yes = False
    window.lock_watch.badge.click()
    assert said.questions and ctx.read_only and said.errors == []


def test_a_click_while_still_full_says_so_and_to_click_again_and_the_question_asks(
        full_window, qtbot, monkeypatch):
    """The tester's fd_full.png: the opening's …后重新打开 against the tip's 不必重新启动;
    the question titled 登记册已可修改 before it was."""
    from boostdesk.ui import dialogs

    folder, window, ctx, said = full_window
    badge = window.lock_watch.badge
    badge.click()
    title, text = said.errors[-1]
    assert title == "磁盘仍已满" and "仍然已满" in text and "再点状态栏上的“只读”" in text
    assert "重新打开" not in text and "不必重新启动" in text
    titles: list[str] = []
    monkeypatch.setattr(dialogs, "ask_yes_no",
                        lambda _p, title, *_a, **_k: titles.append(title) and False)
    (folder / "其他文件").unlink()
    badge.click()
    assert titles == ["改为可修改？"]
