"""Esc at a question a paper form asks as it is saved means “go back”: nothing saved, the
form open with what was typed, the keyboard in the field asked about. 工作室信息与登记册不同
took Esc (and the title bar's ×) as 保留登记册的 and saved the paper. And the side panel
says beforehand what a save registers that the register has not seen: a union (its kind
guessed from its name) or an enterprise typed new was registered without a word (the
clerk's 首钢工会, stop 35)."""

from __future__ import annotations

from typing import Any

import pytest
from fixtures.summary_sheets import CARD_1, ID_1, INVENTION, INVENTION_2
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_studio_two_ways import KNOWN, ROADS, paper
from test_ui_entry import open_new_form
from test_ui_save_box import (
    ENTER,
    ESC,
    GONE,
    TAB,
    UNION,
    box_up,
    clerk,
    front,
    look,
    registered,
    walk,
)
from test_ui_save_box import TITLE as PATENT_TITLE
from test_ui_support import answers, closed, ctx, qsettings, window

from boostdesk.models.records import PatentApplication

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier
SAVE = (Qt.Key.Key_S, CTRL)
TITLE = "城市隧道渗漏水智能监测技术研究"


def tabbed(*entries: str | None) -> list[Any]:
    """Each entry typed (None: left as it is), then Tab."""
    keys: list[Any] = []
    for entry in entries:
        if entry:
            keys.append(entry)
        keys.append(TAB)
    return keys


def stored(reg) -> list[str]:
    return [a.title for a in reg.projects(2022)]


def test_esc_or_the_close_button_at_the_studio_difference_goes_back_unsaved(
        window, qtbot, reg, answers, monkeypatch):
    """KNOWN is registered 示范性 是; the paper says 否. Esc, then the title bar's ×, each
    leave the form open as typed, nothing stored, the keyboard on 是否示范性工作室; Enter
    (asked again) still keeps the register's facts and saves."""
    reg.save_project(paper(title="城市桥梁支座病害智能巡检技术攻关"))
    monkeypatch.undo()  # the real boxes
    form = open_new_form(qtbot, window, 1)
    model = form.editor("model_studio")
    typed = tabbed("北京市建设工会", ROADS, KNOWN, "1", "n", "刘志强", TITLE, "智能装备",
                   "2022-04-01", "y", "2024-03-31", "300", "10", "刘志强", "13911112222", None,
                   "2022-10-21")

    def back() -> tuple[bool, list[str], bool, str]:
        if closed(form):  # (saved: the form closed, its fields gone)
            return False, stored(reg), False, ""
        return True, stored(reg), QApplication.focusWidget() is model, model.currentText()

    asked, after_esc = clerk(qtbot, [*typed, "a", SAVE, look(), ESC, GONE, back])
    assert asked[0] == "工作室信息与登记册不同" and "是否示范性：是 → 否" in asked[1]
    # open, nothing stored, on the field asked about, the paper's 否 as typed
    assert after_esc == (True, ["城市桥梁支座病害智能巡检技术攻关"], True, "否")
    asked_again, _closed, after_close = clerk(qtbot, [SAVE, look(), lambda: front().close(),
                                                      GONE, back])
    assert asked_again[0] == asked[0] and after_close == after_esc
    asked_last, still_up = clerk(qtbot, [SAVE, look(), ENTER, GONE, box_up])
    # Enter: 保留登记册的, as before — saved, the studio as registered
    assert asked_last[0] == asked[0] and not still_up
    assert TITLE in stored(reg) and reg.studio(KNOWN).model_studio is True


def test_the_side_panel_names_a_union_and_an_enterprise_new_to_the_register(
        window, qtbot, reg, answers):
    """首钢工会 on a register that has never seen it: said beforehand, with the kind its
    name gives it; a registered union says nothing, a near one only its question."""
    reg.save_patent(PatentApplication(2022, title="先前的专利", unit_name="海淀区总工会",
                                      enterprise_name="北京中科智测科技有限公司"))
    form = open_new_form(qtbot, window, 0)
    panel = []

    def said() -> str:
        form.recheck()  # (its timer's pause in typing)
        panel.append(form.findings_label.text())
        return panel[-1]

    clerk(qtbot, [*tabbed("首钢工会", "北京首钢特钢材料有限公司", "一种转炉炼钢终点碳温预测方法",
                          INVENTION, "2021.9.9", "张三", ID_1, CARD_1), said])
    assert ("保存时将新登记：推荐单位“首钢工会”（登记册中没有；类别按名称推定为“直属基层”，"
            "如有误请在“单位与人员”中修改）") in panel[-1]
    assert "保存时将新登记：所在单位“北京首钢特钢材料有限公司”（登记册中没有）" in panel[-1]
    form.editor("unit_name").setFocus()  # back up to the union: typed over
    clerk(qtbot, [(Qt.Key.Key_A, CTRL), "海淀区总工会", said,
                  TAB, "北京中科智侧科技有限公司", said])  # a slip of the registered one
    registered_union, slip = panel[-2:]
    assert "推荐单位“" not in registered_union
    assert "所在单位“北京首钢特钢材料有限公司”（登记册中没有）" in registered_union
    assert "保存时将询问：所在单位“北京中科智侧科技有限公司”与登记册中的" in slip
    assert "保存时将新登记" not in slip


@pytest.mark.parametrize(("case", "title"), [
    ("empty", "未保存"),
    ("unreadable", "有内容无法读取，未保存"),
    ("duplicate", "重复申报，未保存"),
    ("confirm", "请确认"),
])
def test_esc_at_the_patent_forms_other_save_questions_saves_nothing(
        window, qtbot, reg, answers, monkeypatch, case, title):
    """The questions and refusals a patent paper's save shows, each answered with Esc: the
    form stays open as typed and the register has only what it had."""
    registered(reg, inventor_name="张三", id_number=ID_1, card_number=CARD_1)
    monkeypatch.undo()
    form = open_new_form(qtbot, window, 0)
    keys = walk(UNION)
    if case == "unreadable":
        keys[keys.index("2021.9.9")] = "2021.13.5"
    elif case == "duplicate":
        keys[keys.index(INVENTION)] = INVENTION_2  # the patent registered
    seen = clerk(qtbot, [*([] if case == "empty" else keys[:-1]), SAVE, look(), ESC, GONE,
                         lambda: (closed(form), [a.title for a in reg.patents(2022)])])
    asked, (gone, titles) = seen
    assert asked[0] == title
    assert not gone and titles == ["先前的专利"]
    if case != "empty":
        assert form.editor("title").text() == PATENT_TITLE
