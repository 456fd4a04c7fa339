"""The read-only badge's tooltip names whoever holds the register by the operator name they
typed: a name that looks like HTML (“<b>王五</b>”, “王<B>组”) showed bold or as a picture,
not as typed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from test_markup_text import shown
from test_ui_lock_watch import Holder
from test_ui_support import answers, qsettings

from boostdesk.models import PatentApplication
from boostdesk.safety import open_register
from boostdesk.ui.context import AppContext

__all__ = ["answers", "qsettings"]

NAME = "<b>王五</b>的<img src=x>"


def test_the_badge_names_a_tag_like_holder_as_typed(tmp_path: Path, qsettings: Any, qapp: Any,
                                                    answers: Any, qtbot: Any) -> None:
    from boostdesk.ui.main_window import MainWindow

    path = tmp_path / "register.db"
    first = open_register(path, "录入员甲", start_backup=False)
    first.reg.save_patent(PatentApplication(2022, title="焊缝检测", inventor_name="张伟"))
    first.reg.close()
    other = Holder(path, NAME)
    try:
        opened = open_register(path, "录入员甲", start_backup=False)
        assert opened.read_only
        ctx = AppContext(opened.reg, settings=qsettings)
        ctx.set_operator("录入员甲")
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        badge = window.lock_watch.badge
        assert NAME in shown(badge.toolTip())
        # a new holder (the first closed, another took it) is named as typed too
        window.lock_watch._held_by(replace(opened.reg.holder, operator="<i>赵六</i>"))
        assert "<i>赵六</i>" in shown(badge.toolTip())
        window.hide()
        ctx.shutdown()
        ctx.reg.close()
    finally:
        if other.proc.poll() is None:
            other.proc.kill()
            other.proc.wait(10)
