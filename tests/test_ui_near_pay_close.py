"""Near copies where money goes out: the re-tester's 拨付 showed 許丹's and 许丹's lines with no
mark though `pay list` marked them, `pay mark 85 86` paid with no word, and 结束公示 approved
项目14 with its uncleared 项目名称…相近 and no question. 拨付 marks the lines (the tooltip
naming the other paper) and 登记拨付 asks; `pay mark` and `publicity close` refuse without
--yes naming the pair; the 公示 screen's 结束公示 asks (确认不是同一项目… there too); the
paper's right-click menu clears a pair."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu, QPushButton
from test_finance_screen import click_row
from test_near_fold import _near_pair
from test_ui_near_decide import answer_box
from test_ui_support import answers, ctx, qsettings, window, year_context

from boostdesk.cli import main
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import Register
from boostdesk.rules import recheck
from boostdesk.rules.near_cleared import PEOPLE_KEY, TITLES_KEY, cleared
from boostdesk.ui.payments_screen import PaymentsScreen
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)

__all__ = ["answers", "ctx", "qsettings", "window"]

MARK = "[近似重复申报待核对]"


@pytest.fixture
def approved_pair(tmp_path):
    """The paid 黎明's patent and his copy (phone, ID one digit off), both approved."""
    path = tmp_path / "r.db"
    first, copy = _near_pair(path)
    for ref in (first, copy):
        for how in ("--pass", "--approve"):
            assert main(["review", "decide", f"专利{ref}", how, "--db", str(path), "--yes"]) == 0
    return path, first, copy


def test_the_payments_screen_marks_a_near_copys_lines_and_asks_before_paying(
        approved_pair, tmp_path, qtbot, answers):
    path, first, copy = approved_pair
    with Register.open(path, operator="财务") as reg:
        screen = PaymentsScreen(year_context(reg, tmp_path, 2022, "赵丽娟"))
        qtbot.addWidget(screen)
        screen.resize(1300, 600)
        screen.show()
        model = screen.model
        marked = {model.id_at(r): model.text(r, 1) for r in range(model.rowCount())}
        lines = {x.id: x for x in payment_lines(reg, 2022)}
        for line_id, tranche in marked.items():
            assert (MARK in tranche) == (lines[line_id].app_id in (first, copy)), tranche
        line = next(i for i in marked if lines[i].app_id == copy)
        tip = screen.describe(line)
        assert f"近似重复申报待核对：专利{copy}：可能与已登记的 黎明" in tip
        assert f"（其申报：专利{first}）" in tip
        # 登记拨付… on the line: asked first; 取消 opens no dialog
        row = model.row_of(line)
        screen.activateWindow()
        qtbot.waitActive(screen)
        click_row(qtbot, screen.table, row)
        answers.yes = False
        notices: list[str] = []
        screen.ctx.notice.connect(notices.append)
        qtbot.mouseClick(screen.pay_button, Qt.MouseButton.LeftButton)  # 登记拨付…
        assert notices == [] and len(answers.questions) == 1
        [asked] = answers.questions
        assert f"专利{copy}" in asked and f"专利{first}" in asked and "仍要登记拨付吗" in asked
        assert getattr(screen, "dialog", None) is None
        answers.yes = True
        qtbot.mouseClick(screen.pay_button, Qt.MouseButton.LeftButton)
        assert screen.dialog is not None and screen.dialog.isVisible()
        screen.dialog.reject()
        screen.ctx.shutdown()


def test_pay_mark_refuses_a_near_copys_line_without_yes_naming_the_pair(approved_pair, capsys):
    path, first, copy = approved_pair
    with Register.open(path) as reg:
        line = next(x.id for x in payment_lines(reg, 2022) if x.app_id == copy)
    capsys.readouterr()
    args = ["pay", "mark", str(line), "--date", date.today().isoformat(), "--voucher", "JZ-1", "--db",
            str(path)]
    assert main(args) != 0
    said = capsys.readouterr().err
    assert f"近似重复申报待核对：专利{copy}：可能与已登记的 黎明" in said
    assert f"correct people-distinct 专利{copy} 专利{first} --reason" in said
    assert "加 --yes 再登记" in said
    with Register.open(path) as reg:
        assert not next(x for x in payment_lines(reg, 2022) if x.id == line).paid
    assert main([*args, "--yes"]) == 0
    assert "注意：近似重复申报待核对" in capsys.readouterr().out


def _publicized_near_titles(reg) -> tuple[int, int]:
    from boostdesk.panel.adopt_proposal import adopt
    from boostdesk.panel.publicity import start_publicity

    one = make_project(reg, "单克隆抗体纯化工艺收率提升", "孙丽华职工创新工作室", CITY)
    two = make_project(reg, "单克隆抗体纯化收率工艺提升", "生物制药纯化创新工作室", DISTRICT)
    to_review(reg, one, two)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {one: 90, two: 80})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    recheck(reg)
    return one, two


def test_publicity_close_refuses_near_copies_without_yes(reg, capsys):
    one, two = _publicized_near_titles(reg)
    path = str(reg.path)
    args = ["publicity", "close", "--date", "2022-12-27", "--year", str(YEAR),
            "--db", path]
    assert main(args) != 0
    said = capsys.readouterr().err
    assert "项目名称与已登记的项目" in said and "请加 --yes 重新运行" in said
    assert f"correct titles-distinct 项目{two} 项目{one}" in said or \
        f"correct titles-distinct 项目{one} 项目{two}" in said
    assert reg.project(two).status == "publicized"
    assert main([*args, "--yes"]) == 0
    assert reg.project(two).status == "approved"


def test_closing_publicity_in_the_window_asks_and_clears_the_pair(reg, tmp_path, qtbot,
                                                                  answers):
    from boostdesk.ui.publicity_screen import PublicityScreen

    one, two = _publicized_near_titles(reg)
    screen = PublicityScreen(year_context(reg, tmp_path, YEAR, "刘建国"))
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.show()

    def close_on(day: str, key: Qt.Key, asked: list[str]) -> None:
        def fill() -> None:
            dialog = screen.dialog
            dialog.day_field.selectAll()
            qtbot.keyClicks(dialog.day_field, day)
            answer_box(asked, key)  # the near-copy question, once 确定 is pressed
            ok = next(b for b in dialog.findChildren(QPushButton) if b.text() == "确定")
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        QTimer.singleShot(0, fill)
        qtbot.mouseClick(screen.close_button, Qt.MouseButton.LeftButton)

    asked: list[str] = []
    close_on("2022-12-27", Qt.Key.Key_C, asked)  # 取消
    assert asked and "项目名称与已登记的项目" in asked[0] and "仍要结束公示吗" in asked[0]
    assert "boostdesk" not in asked[0]
    assert reg.project(two).status == "publicized"
    answers.text = "两个不同的工艺环节"
    close_on("2022-12-27", Qt.Key.Key_T, asked)  # 确认不是同一项目…: then closed
    assert frozenset((one, two)) in cleared(reg.conn, TITLES_KEY)
    qtbot.waitUntil(lambda: reg.project(two).status == "approved", timeout=10_000)


def test_the_papers_menu_clears_a_near_pair(window, qtbot, reg, answers):
    from fixtures.summary_sheets import card, patent_no
    from test_near_copies import NEAR_ID, patent

    from boostdesk.models import plan_2022

    reg.save_campaign(plan_2022())
    first = reg.save_patent(patent(patent_no("202110123456")))
    copy = reg.save_patent(patent(patent_no("202110654321"), id_number=NEAR_ID,
                                  card_number=card("621700009876543")))
    recheck(reg)
    screen = window.show_screen(0)
    screen.reload()
    assert screen.select_id(copy)
    table = screen.table
    rect = table.visualRect(table.currentIndex())
    answers.text = "核对身份证复印件，确为两人"

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(20, pick)
            return
        qtbot.keyClick(menu, Qt.Key.Key_J)  # 确认不是同一人(&J)…
    QTimer.singleShot(0, pick)
    table.customContextMenuRequested.emit(QPoint(rect.center()))  # the right click
    qtbot.waitUntil(lambda: bool(cleared(reg.conn, PEOPLE_KEY)), timeout=5_000)
    assert [e["after"]["distinct_from"] for e in reg.audit_trail("patent_applications", copy)
            if e["action"] == "clear_near"] == [f"专利{first}"]
