"""工作室's search box filters the studios already read: a keystroke does not read the
register again (at 14,000 studios each re-read took 0.3–0.5 s)."""

from __future__ import annotations

from test_ui_support import answers, ctx, qsettings, type_text, window

from boostdesk.models import CITY, DISTRICT
from boostdesk.models.records import ProjectApplication

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_typing_filters_the_studios_without_reading_the_register(window, ctx, reg, qtbot,
                                                                 monkeypatch):
    for title, studio, leader, level in (("甲", "李四工作室", "李四", DISTRICT),
                                         ("乙", "王五创新工作室", "王五", CITY),
                                         ("丙", "赵六劳模工作室", "赵六", CITY)):
        reg.save_project(ProjectApplication(2022, title=title, studio_name=studio, leader=leader,
                                            studio_level=level, unit_name="北京市朝阳区总工会"))
    screen = window.screen_named("工作室")
    assert screen.model.rowCount() == 3
    reads = []
    real = reg.studios
    monkeypatch.setattr(reg, "studios", lambda *a, **k: reads.append(1) or real(*a, **k))
    screen.search.setFocus()
    type_text(qtbot, "王五", screen.search)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    assert screen.model.text(0, 0) == "王五创新工作室" and screen.count.text() == "1 个工作室"
    assert screen.detail.toPlainText().startswith("王五创新工作室")  # the one left is chosen
    assert reads == []
    screen.search.clear()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3)
    ctx.changed.emit("studio")  # a change to the register: read again
    assert reads == [1]
