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


def test_the_search_texts_are_made_by_the_first_search_not_by_opening(window, reg, qtbot,
                                                                      monkeypatch):
    """Opening 工作室 folds no studio's texts (14,000 of them took ≈ 0.1–0.2 s of the first
    visit): the first search does, once a read."""
    from boostdesk.ui import studio_screen

    for title, studio in (("甲", "李四工作室"), ("乙", "王五（海淀）工作室")):
        reg.save_project(ProjectApplication(2022, title=title, studio_name=studio, leader="张三",
                                            studio_level=CITY, unit_name="北京市朝阳区总工会"))
    folded: list[tuple] = []
    real = studio_screen.search_key
    monkeypatch.setattr(studio_screen, "search_key",
                        lambda *a: folded.append(a) or real(*a))
    screen = window.screen_named("工作室")
    assert screen.model.rowCount() == 2 and folded == []
    screen.search.setText("(海淀)")
    screen._search_now()
    assert [screen.model.text(r, 0) for r in range(screen.model.rowCount())] == [
        "王五（海淀）工作室"]
    assert len(folded) == 2
    screen.search.setText("李四")
    screen._search_now()
    assert screen.model.rowCount() == 1 and len(folded) == 2  # folded once
