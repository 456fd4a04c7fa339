"""撤回拟助推名单 is the office's decision: it takes a reason (command line, window), kept in
the trail and in each project's status reason.

The reviewer: `panel withdraw --reason …` was 「无法识别的参数」, and the trail said only
「撤回拟助推名单」."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from boostdesk.audit_log import trail
from boostdesk.panel.adopt_proposal import adopt, withdraw
from boostdesk.panel.errors import PanelError
from tests.test_panel_screen import ctx, screen  # noqa: F401  (fixtures)
from tests.test_panel_support import (
    CITY,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)

WHY = "专家3的评分录入有误，更正后重新采纳"


def adopted(reg) -> tuple[int, int]:
    """Two city projects adopted: one 拟助推, one 未获助推 (one 10万 place, no 5万)."""
    from dataclasses import replace

    from boostdesk.models.campaign import LEVELS

    c = reg.campaign(YEAR)
    city = [t for t in c.tiers if t.level == LEVELS[0]]
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=1 if t is city[0] else 0) if t in city else t for t in c.tiers)))
    a = make_project(reg, "甲项目", "甲工作室", CITY)
    b = make_project(reg, "乙项目", "乙工作室", CITY)
    to_review(reg, a, b)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90, b: 80})
    adopt(reg, YEAR)
    assert (reg.project(a).status, reg.project(b).status) == ("proposed", "not_awarded")
    return a, b


def _withdrawals(reg) -> list[str]:
    return [line.text() for line in trail(reg, year=YEAR) if line.action == "撤回拟助推名单"]


def test_withdrawing_asks_for_the_reason_and_keeps_it(reg):
    a, b = adopted(reg)
    with pytest.raises(PanelError, match="撤回已采纳的拟助推名单须写明理由"):
        withdraw(reg, YEAR, "  ")
    assert reg.project(a).status == "proposed" and not _withdrawals(reg)  # nothing done
    assert withdraw(reg, YEAR, WHY) == 2
    assert (reg.project(a).status, reg.project(b).status) == ("review", "review")
    assert reg.project(a).status_reason == f"撤回拟助推名单：{WHY}"
    [line] = _withdrawals(reg)
    assert f"理由：{WHY}" in line


def test_the_command_line_takes_the_reason(reg, capsys):
    a, _b = adopted(reg)
    reg.close()
    from boostdesk.cli import main

    def run(*args: str) -> int:
        capsys.readouterr()
        return main(["panel", "withdraw", *args, "--db", str(reg.path), "--year", str(YEAR)])

    assert run() != 0
    err = capsys.readouterr().err
    assert "须写明理由" in err and f"：boostdesk --db {reg.path} panel withdraw --reason 理由，" in err, err
    assert run("--reason", WHY) == 0
    assert f"理由：{WHY}" in capsys.readouterr().out
    from boostdesk.models import Register

    with Register.open(reg.path, operator="测试员") as again:
        assert again.project(a).status == "review"
        assert f"理由：{WHY}" in _withdrawals(again)[0]


def answer_next_question(qtbot, text: str | None, asked: list[str]) -> None:
    """The next question box: ``text`` typed and Enter, or (None) Esc; its label kept."""
    from test_ui_support import type_text

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        asked.append(box.labelText())
        field = box.focusWidget()
        if text is None:
            qtbot.keyClick(field, Qt.Key.Key_Escape)
            return
        type_text(qtbot, text, field)
        qtbot.keyClick(field, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)


def test_the_window_asks_for_the_reason(screen, reg, qtbot):  # noqa: F811
    a, _b = adopted(reg)
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    asked: list[str] = []
    answer_next_question(qtbot, None, asked)  # Esc: nothing withdrawn
    qtbot.mouseClick(tab.withdraw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked))
    said = asked[0].replace("\u200b", "")  # (breakable label)
    assert "1 项拟助推、1 项未获助推的项目回到“专家评审”" in said and "请写明理由" in said
    assert reg.project(a).status == "proposed"
    answer_next_question(qtbot, "", asked)  # 确定 with none: refused, saying why
    qtbot.mouseClick(tab.withdraw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(asked) == 2)
    assert "须写明理由" in tab.error.text() and reg.project(a).status == "proposed"
    answer_next_question(qtbot, WHY, asked)
    qtbot.mouseClick(tab.withdraw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reg.project(a).status == "review")
    assert f"理由：{WHY}" in _withdrawals(reg)[0]
    assert not tab.withdraw_button.isEnabled()  # nothing left to withdraw
