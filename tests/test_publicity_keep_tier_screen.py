"""公示's 维持公示档次… and 撤销维持公示档次… (stop 34 had the decision on 排名与档次 and the
command line only, and no undo): clicked as the office would, the confirmation naming the
freed place and the project next in line; greyed buttons say why."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton
from test_freed_places import published
from test_kept_tier_leaves_places_open import ids, uphold  # noqa: F401 - ids: a fixture
from test_kept_tier_undo import KEEP, UNDO, freed, said  # noqa: F401 - fixture
from test_panel_support import YEAR
from test_ui_support import shown_screen, type_text

from boostdesk.panel.publicity import close_publicity
from boostdesk.panel.ranking import rank
from boostdesk.panel.tier_overrides import keep_published_tier
from boostdesk.ui.publicity_screen import PublicityScreen


@pytest.fixture
def screen(reg, tmp_path, qtbot, monkeypatch):
    from boostdesk.ui import dialogs

    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: None)
    return shown_screen(qtbot, PublicityScreen, reg, tmp_path, YEAR, 1200)


def _in_dialog(qtbot, screen, seen: list[str], act) -> None:
    """Once the dialog the next click opens is up: note what it says, then ``act`` in it."""

    def run() -> None:
        dialog = screen.dialog
        assert dialog is not None and dialog.isVisible()
        try:
            seen.append(dialog.windowTitle() + "\n" + dialog.intro.text())
            act(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, run)


def _button(dialog, text: str) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == text)


def _answer(qtbot, button_text: str, reason: str):
    def act(dialog) -> None:
        qtbot.mouseClick(_button(dialog, button_text), Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.error.text()  # no reason: asked for one
        dialog.reason_field.setFocus()
        type_text(qtbot, reason, dialog.reason_field)
        qtbot.mouseClick(_button(dialog, button_text), Qt.MouseButton.LeftButton)
    return act


def _audit(reg, project_id: int) -> list[tuple[str, str]]:
    return [(e["action"], e["operator"]) for e in reg.audit_trail("project_applications",
                                                                   project_id)
            if "keep_published_tier" in e["action"]]


def test_kept_then_withdrawn_on_the_publicity_screen(reg, freed, screen, qtbot):  # noqa: F811
    before = said(reg)
    guo = freed["guo"]
    assert screen.keep_button.isEnabled()
    assert not screen.undo_keep_button.isEnabled()
    assert screen.undo_keep_button.toolTip() == "本批没有经研究维持公示档次的决定可撤销"
    waits = ("“吴强团队智能检测装置研制”空出的10万元档名额（本档 2 项，已有 1 项）按排名应递补的是"
             "已公示的“郭敏团队安全防护装置研发”（公示为5万元档）：公示无异议的按公示档次核准；"
             "调高须按新档次另行公示，本软件不能登记调高；经研究不调高的，按“维持公示档次…”登记")
    assert waits in screen.info.text()

    seen: list[str] = []
    _in_dialog(qtbot, screen, seen, lambda d: qtbot.keyClick(d, Qt.Key.Key_Escape))
    qtbot.mouseClick(screen.keep_button, Qt.MouseButton.LeftButton)
    assert seen[0].startswith("维持公示档次 — 郭敏团队安全防护装置研发\n")
    assert ("“吴强团队智能检测装置研制”空出的10万元档名额（本档 2 项，已有 1 项），按排名应递补的是"
            "已公示的“郭敏团队安全防护装置研发”（公示为5万元档，按现有排名可列入10万元档）") in seen[0]
    assert "操作人：刘建国" in seen[0]
    assert _audit(reg, guo) == [] and said(reg) == before  # Esc: nothing recorded

    _in_dialog(qtbot, screen, seen, _answer(qtbot, "维持公示档次", KEEP))
    qtbot.mouseClick(screen.keep_button, Qt.MouseButton.LeftButton)
    assert _audit(reg, guo) == [("keep_published_tier", "刘建国")]
    kept = rank(reg, YEAR).kept_published[guo]
    assert kept.reason == KEEP and kept.operator == "刘建国"
    assert not screen.keep_button.isEnabled()
    assert screen.keep_button.toolTip().startswith("没有空出的名额待决定")
    assert screen.undo_keep_button.isEnabled()
    assert ("（本档 2 项，已有 1 项）留空：“郭敏团队安全防护装置研发”经研究维持公示档次（刘建国，"
            in screen.info.text()) and waits not in screen.info.text()

    _in_dialog(qtbot, screen, seen, _answer(qtbot, "撤销决定", UNDO))
    qtbot.mouseClick(screen.undo_keep_button, Qt.MouseButton.LeftButton)
    assert seen[-1].startswith("撤销维持公示档次 — 郭敏团队安全防护装置研发\n")
    assert ("撤销后：“吴强团队智能检测装置研制”空出的10万元档名额（本档 2 项，已有 1 项）按排名应递补的"
            "又是已公示的“郭敏团队安全防护装置研发”") in seen[-1]
    assert f"{KEEP}" in seen[-1]  # the decision withdrawn, named
    assert _audit(reg, guo) == [("keep_published_tier", "刘建国"),
                                ("undo_keep_published_tier", "刘建国")]
    assert said(reg) == before
    assert screen.keep_button.isEnabled() and not screen.undo_keep_button.isEnabled()
    assert waits in screen.info.text()


def test_greyed_buttons_say_why(reg, freed, screen, qtbot):  # noqa: F811
    keep_published_tier(reg, freed["guo"], KEEP)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    screen.reload()
    assert screen.batch.currentText().startswith("第1批")
    assert not screen.undo_keep_button.isEnabled()
    assert screen.undo_keep_button.toolTip() == (  # the domain's refusal, as undo says it
        "不能撤销：项目“郭敏团队安全防护装置研发”所在的第1批公示已于 2022年12月27日结束，结束公示时已按"
        "该决定以公示档次（5万元档）核准。结束公示前登记的维持公示档次决定只能在结束公示前撤销；"
        "调高档次须按新档次另行公示，本软件不能登记调高，确需调整已核准的助推，请报请研究后另行办理")
    assert not screen.keep_button.isEnabled()
    assert screen.keep_button.toolTip().startswith("第1批公示已结束：")


def test_greyed_without_a_freed_place(reg, screen):
    published(reg)
    screen.reload()
    assert not screen.keep_button.isEnabled()
    assert screen.keep_button.toolTip().startswith("没有空出的名额待决定：异议成立空出较高档次的名额")
    assert not screen.undo_keep_button.isEnabled()


def test_two_places_freed_the_button_asks_which_project(reg, ids, tmp_path, qtbot):  # noqa: F811
    uphold(reg, ids["wu"], date(2022, 12, 22))
    uphold(reg, ids["wang"], date(2022, 12, 23))
    w = shown_screen(qtbot, PublicityScreen, reg, tmp_path, YEAR, 1200)
    row = next(r for r in range(w.model.rowCount()) if w.model.text(r, 1) == "吴强团队智能检测装置研制")
    w.table.selectRow(row)
    assert not w.keep_button.isEnabled()
    assert w.keep_button.toolTip() == (
        "有 2 个项目可登记维持公示档次（“郭敏团队安全防护装置研发”、“微小型无人机结构件轻量化设计”）："
        "请先在列表中选中要登记维持公示档次的那一项")
    row = next(r for r in range(w.model.rowCount()) if w.model.text(r, 1) == "郭敏团队安全防护装置研发")
    rect = w.table.visualRect(w.model.index(row, 1))
    qtbot.mouseClick(w.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.keep_button.isEnabled()
    seen: list[str] = []
    _in_dialog(qtbot, w, seen, lambda d: d.reject())
    qtbot.mouseClick(w.keep_button, Qt.MouseButton.LeftButton)
    assert seen[0].startswith("维持公示档次 — 郭敏团队安全防护装置研发\n")
    assert "“吴强团队智能检测装置研制”、“王芳团队自动化改造”空出的10万元档名额（本档 2 项，已有 0 项）" in seen[0]
    assert "同档次按排名应递补的还有“微小型无人机结构件轻量化设计”" in seen[0]
