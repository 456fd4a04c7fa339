"""Objections as the clerk enters and settles them: the same letter entered twice was taken
without a word (异议 1 and 3: same project, day, objector, content), and 处理异议's dialog named
no project: the clerk recorded 异议成立 on 董鹏's objection with 吴强's finding."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from test_publicity import proposed  # noqa: F401 - the fixture
from test_ui_support import year_context

from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity import objections, record_objection, start_publicity
from tests.test_panel_support import YEAR

WHO, WHAT = "吴某（实名）", "与企业2021年已结题项目内容相同，属重复申报"


# -- 4. the same letter twice -------------------------------------------------------------
def test_the_same_objection_entered_twice_is_refused_unless_said_to_be_another(reg, proposed):  # noqa: F811
    start_publicity(reg, YEAR, date(2022, 12, 20))
    first = record_objection(reg, proposed["a"], date(2022, 12, 22), WHO, WHAT)
    with pytest.raises(PanelError, match=f"这封异议已登记（异议 {first}，2022年12月22日收到"):
        record_objection(reg, proposed["a"], date(2022, 12, 22), f" {WHO}", WHAT + " ")
    assert len(objections(reg, YEAR)) == 1
    # another day, another objector or another project is another letter
    record_objection(reg, proposed["a"], date(2022, 12, 23), WHO, WHAT)
    record_objection(reg, proposed["b"], date(2022, 12, 22), WHO, WHAT)
    again = record_objection(reg, proposed["a"], date(2022, 12, 22), WHO, WHAT, again=True)
    assert again != first and len(objections(reg, YEAR)) == 4


def test_the_command_line_refuses_it_without_again(reg, proposed, capsys):  # noqa: F811
    from boostdesk.cli import main

    start_publicity(reg, YEAR, date(2022, 12, 20))
    record_objection(reg, proposed["a"], date(2022, 12, 22), WHO, WHAT)
    reg.close()
    db = ["--db", str(reg.path), "--year", str(YEAR)]
    args = ["publicity", "object", "市级甲项目", "--date", "2022-12-22", "--by", WHO,
            "--content", WHAT, *db]
    assert main(args) != 0
    assert "这封异议已登记（异议 1" in capsys.readouterr().err
    assert main([*args, "--again"]) == 0
    assert "异议（编号 2）" in capsys.readouterr().out


@pytest.fixture
def screen(reg, proposed, tmp_path, qtbot):  # noqa: F811
    from boostdesk.ui.publicity_screen import PublicityScreen

    start_publicity(reg, YEAR, date(2022, 12, 20))
    w = PublicityScreen(year_context(reg, tmp_path, YEAR, "刘建国"))
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    return w


def test_the_window_asks_before_entering_it_again(screen, reg, proposed, monkeypatch):  # noqa: F811
    from boostdesk.ui import dialogs

    asked: list[str] = []
    answers = [False, True]
    monkeypatch.setattr(dialogs, "ask_yes_no",
                        lambda parent, title, text, *a, **k: asked.append(text) or answers.pop(0))
    assert screen.record_objection(proposed["a"], date(2022, 12, 22), WHO, WHAT)
    assert not asked
    assert not screen.record_objection(proposed["a"], date(2022, 12, 22), WHO, WHAT)
    assert asked[0].startswith("这封异议已登记（异议 1，2022年12月22日收到")
    assert len(objections(reg, YEAR)) == 1 and "未重复登记" in screen.error.text()
    assert screen.record_objection(proposed["a"], date(2022, 12, 22), WHO, WHAT)
    assert len(objections(reg, YEAR)) == 2


# -- 5. which project's objection -------------------------------------------------------
def _click(qtbot, view, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _row_of(screen, title: str) -> int:
    model = screen.table.model()
    return next(r for r in range(model.rowCount()) if model.text(r, 1) == title)


def test_the_objection_list_and_the_dialog_name_the_project_chosen(screen, reg, proposed, qtbot):  # noqa: F811
    a = record_objection(reg, proposed["a"], date(2022, 12, 22), WHO, WHAT)
    b = record_objection(reg, proposed["b"], date(2022, 12, 23), "匿名来信", "负责人已调离一线")
    screen.reload()
    _click(qtbot, screen.table, _row_of(screen, "市级乙项目"))
    assert screen.objections_label.text() == "“市级乙项目”的异议：1 件，待处理 1 件"
    assert screen.current_objection().id == b
    _click(qtbot, screen.table, _row_of(screen, "市级甲项目"))
    assert screen.objections_label.text() == "“市级甲项目”的异议：1 件，待处理 1 件"
    _click(qtbot, screen.objections, 0)
    assert screen.current_objection().id == a
    seen: list[tuple[str, str]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append((dialog.windowTitle(), dialog.findChildren(type(screen.error))[0].text()))
        dialog.reject()

    QTimer.singleShot(0, look)
    qtbot.mouseClick(screen.resolve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    title, intro = seen[0]
    assert title == "处理异议 — 市级甲项目"
    assert intro.startswith(f"项目：“市级甲项目”\n异议 {a}：{WHAT}")
