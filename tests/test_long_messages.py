"""A refusal of many lines (补录往年名单 for 2014 with 40 wrong lines, each with the same long
advice) opened a message box 3,930 px tall, its 确定 below a 768-px screen's edge: a long
message now shows in a box that fits the screen, the lines in a scrolling area with 复制,
and a list's refusal says a repeated reason once, after the lines it is said of."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit, QPushButton

from boostdesk.panel.errors import PanelError, line_ranges, lines_text
from boostdesk.panel.past_list import read_past_list
from boostdesk.panel.past_settle import record_history_list
from boostdesk.ui import dialogs
from tests.test_past_awards import past, project  # noqa: F401 - fixture

ADVICE = ("¥20,000.00 不是 2014 年度计划的助推档次（一档（市级）、二档（区级））：请核对金额"
          "（单位为元）；2014 年的方案所定档次与上列不同的，请先在“设置”中修改 2014 年度的档次"
          "（命令行 boostdesk campaign set --year 2014 tiers=…）")
# Every line its own reason: grouping cannot shorten it, the box must.
LONG = "名单未保存（40 行有误，全部未保存，改正后重新补录）：\n" + "\n".join(
    f"第 {n} 行：“项目{n}” {ADVICE}" for n in range(3, 43))


def _when_open(fn) -> None:  # noqa: ANN001
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(20, lambda: _when_open(fn))
        return
    fn(box)


@pytest.mark.parametrize("show", [dialogs.show_error, dialogs.show_info, dialogs.ask_yes_no])
def test_a_long_message_fits_the_screen_with_its_buttons_and_can_be_copied(qapp, qtbot, show):
    seen: dict = {}

    def look(box: QMessageBox) -> None:
        qtbot.waitExposed(box)
        screen = box.screen().availableGeometry()
        buttons = [b for b in box.buttons() if b.isVisible()]
        area = box.findChild(QPlainTextEdit)
        seen.update(box=box.frameGeometry(), screen=screen, text=box.text(),
                    lowest=max(b.mapToGlobal(b.rect().bottomLeft()).y() for b in buttons),
                    area=area.toPlainText() if area else "",
                    scrolls=area is not None and area.verticalScrollBar().maximum() > 0)
        if os.environ.get("SHOTS"):
            box.grab().save(os.path.join(os.environ["SHOTS"], f"long-{show.__name__}.png"))
        QGuiApplication.clipboard().setText("")
        copy = next((b for b in box.findChildren(QPushButton) if b.text() == "复制"), None)
        if copy is not None:
            qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
        seen["copied"] = QGuiApplication.clipboard().text()
        seen["open_after_copy"] = box.isVisible()
        qtbot.keyClick(box, Qt.Key.Key_Escape if show is dialogs.ask_yes_no else Qt.Key.Key_Return)
        seen["closed"] = not box.isVisible()  # the keyboard answers it, not the text area
        if not seen["closed"]:
            box.done(0)

    QTimer.singleShot(0, lambda: _when_open(look))
    show(None, "未能补录名单", LONG)
    assert seen["box"].height() <= seen["screen"].height(), seen["box"]
    assert seen["lowest"] <= seen["screen"].bottom()  # 确定 on the screen, to be clicked
    assert seen["scrolls"] and "第 42 行" in seen["area"]  # every line there, scrolled to
    assert seen["text"].replace("\u200b", "") == LONG  # box.text() the message still
    assert seen["copied"] == LONG and seen["open_after_copy"]  # 复制 copies, the box stays
    assert seen["closed"]


def test_a_short_message_is_the_plain_box_it_was(qapp):
    seen: list = []

    def look(box: QMessageBox) -> None:
        seen.append(box.findChild(QPlainTextEdit))
        box.done(0)

    QTimer.singleShot(0, lambda: _when_open(look))
    dialogs.show_error(None, "未保存", "第 3 行：" + ADVICE)
    assert seen == [None]


def test_lines_of_the_same_reason_are_said_once_after_their_line_numbers():
    assert line_ranges([3, 4, 5, 9, 11, 12]) == "3–5、9、11–12"
    text = lines_text([(n, ADVICE) for n in range(3, 43)] + [(43, "缺少核准日期")])
    assert text == f"第 3–42 行：{ADVICE}\n第 43 行：缺少核准日期"


def test_a_2014_list_with_one_wrong_tier_on_40_lines_says_the_advice_once(past, tmp_path):  # noqa: F811
    from boostdesk.models import plan_2022

    past.save_campaign(plan_2022().for_year(2014))
    for n in range(40):
        past.save_project(project(2014, f"2014年第{n}号攻关项目", studio=f"第{n}职工创新工作室"))
    path = tmp_path / "p2014.csv"
    path.write_text("项目名称,档次金额（元）,核准日期\n" + "".join(
        f"2014年第{n}号攻关项目,20000,2014-12-20\n" for n in range(40)), encoding="utf-8")
    with pytest.raises(PanelError) as caught:
        record_history_list(past, read_past_list(past, 2014, path))
    text = str(caught.value)
    assert text.startswith("名单未保存（40 行有误")
    assert text.count("不是 2014 年度计划的助推档次") == 1
    assert "\n第 2–41 行：¥20,000.00 不是 2014 年度计划的助推档次" in text
    assert not dialogs.is_long(text)  # a box of its own height, no scrolling needed
