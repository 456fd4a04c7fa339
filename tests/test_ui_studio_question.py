"""The intake clerk, keyboard only, at the studio question and at 工作室 → 修改.

“是否为已登记的工作室？” took Enter as 否 when the studio was found by its leader and
enterprise: “刘志强” typed for 刘志强劳模创新工作室 made a new studio, and the paper passed
二（一） though the studio's 2021 award is not accepted. Enter now takes the registered
studio, the question says what is at stake, and a clerk answering 否 leaves a 提示 on the
paper naming the studio (``studio_names``; the rules' side in test_studio_two_ways.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from test_studio_two_ways import KNOWN, ROADS, paper
from test_ui_entry import open_new_form
from test_ui_support import answers, ctx, focused, press, qsettings, type_text, window

from boostdesk.models.records import StudioAward
from boostdesk.rules import recheck
from boostdesk.rules.findings import stored_findings

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier
NEW = (Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # 否，新工作室: Alt+N, on purpose only


def fill(qtbot, *entries: str | None) -> None:
    """Type each entry, then Tab, as the keyboard delivers it: to a completer's list while
    it is open (its list shown once the typing has been handled, as a clerk sees it)."""
    for entry in entries:
        if entry:
            type_text(qtbot, entry)
            qtbot.wait(50)
        qtbot.keyClick(QApplication.activePopupWidget() or focused(), Qt.Key.Key_Tab)


class Asked(list):
    """The texts asked, in order."""


@pytest.fixture
def boxes(qtbot):
    """``boxes(keys)``: each question box that opens from now on, answered with the next
    of ``keys`` (then Enter), as the clerk answers it — a key, keys pressed in turn, or a
    key with its modifier (``NEW``); the texts asked. Watching stops with the test (a
    watcher left running answered the next test's boxes)."""
    timers: list[QTimer] = []

    def watch(keys: list[Qt.Key]) -> Asked:
        asked = Asked()

        def look() -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox) and not getattr(box, "_answered", False):
                box._answered = True  # type: ignore[attr-defined]
                asked.append(box.text())
                key = keys.pop(0) if keys else Qt.Key.Key_Return
                QTimer.singleShot(10, lambda: press_keys(box, key))

        def press_keys(box: QMessageBox, key: Any) -> None:
            box.activateWindow()  # (offscreen, not by itself: Alt+N needs the box active)
            qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
            if isinstance(key, tuple) and isinstance(key[-1], Qt.KeyboardModifier):
                qtbot.keyClick(box.focusWidget() or box, *key)
                return
            for one in key if isinstance(key, tuple) else (key,):
                qtbot.keyClick(box.focusWidget() or box, one)

        timer = QTimer()
        timer.timeout.connect(look)
        timer.start(20)
        timers.append(timer)
        return asked

    yield watch
    for timer in timers:
        timer.stop()


def barred(reg) -> None:
    """刘志强劳模创新工作室 (and 王海燕职工创新工作室), each with a 2021 award not accepted."""
    reg.save_project(paper(title="城市桥梁支座病害智能巡检技术攻关"))
    reg.save_project(paper(studio_name="王海燕职工创新工作室", leader="王海燕", model_studio=False,
                           unit_name="北京市卫生健康委员会工会", enterprise_name="北京市东城康复医院",
                           title="偏瘫患者上肢康复辅具研制"))
    for studio, title in ((KNOWN, "城市桥梁支座病害智能巡检"), ("王海燕职工创新工作室", "康复辅具")):
        reg.add_studio_award(StudioAward(studio, 2021, title, 100_000 * 100, False))
    recheck(reg)


def type_paper(qtbot, form, asked: Asked, studio: str, union: str = "北京市建设工会",
               enterprise: str = ROADS, leader: str = "刘志强",
               title: str = "城市隧道渗漏水智能监测技术研究") -> None:
    """The tester's paper, field after field with Tab (2022's dates); the studio's name
    not asked about as it is left: typing goes on in the level (saving asks)."""
    fill(qtbot, union, enterprise, studio)
    assert not asked and QApplication.focusWidget() is form.editor("studio_level")
    fill(qtbot, "1", "y" if leader == "刘志强" else "n", leader, title, "智能装备", "2022-04-01",
         "y", "2024-03-31", "300", "10", leader, "13911112222", None, "2022-10-21")
    type_text(qtbot, "a")  # A on the materials: the whole set received


def findings_of(reg, title: str) -> tuple[str, list[str]]:
    studio, text = reg.conn.execute(
        "SELECT s.name, a.findings FROM project_applications a JOIN studios s"
        " ON s.id = a.studio_id WHERE a.title = ?", (title,)).fetchone()
    return studio, [f.code for f in stored_findings(text)]


@pytest.mark.parametrize(("typed", "known", "leader"), [
    ("刘志强", KNOWN, "刘志强"),
    ("王海燕（职工）创新工作室", "王海燕职工创新工作室", "王海燕"),
])
def test_enter_at_the_studio_question_takes_the_registered_studio_and_its_bar(
        window, qtbot, reg, monkeypatch, boxes, typed, known, leader):
    barred(reg)
    monkeypatch.undo()  # the real question boxes, answered as the clerk does: Enter
    asked = boxes([])
    form = open_new_form(qtbot, window, 1)
    if leader == "刘志强":
        type_paper(qtbot, form, asked, typed)
    else:
        type_paper(qtbot, form, asked, typed, "北京市卫生健康委员会工会", "北京市东城康复医院",
                   leader, "老年患者跌倒风险智能评估系统")
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert asked[0].startswith(f"登记册中没有“{typed}”"), asked
    assert f"是否为已登记的“{known}”？" in asked[0]
    assert "2021 年度助推 ¥100,000.00" in asked[0] and "本项不能申报（方案二（一））" in asked[0]
    assert "是（Enter）" in asked[0] and "否（Alt+N）" in asked[0]
    title = "城市隧道渗漏水智能监测技术研究" if leader == "刘志强" else "老年患者跌倒风险智能评估系统"
    studio, codes = findings_of(reg, title)
    assert studio == known and "STUDIO_HAS_UNFINISHED_AWARD" in codes, codes
    assert reg.studio(typed) is None and len(asked) == 1, asked


def test_enter_takes_the_registered_studio_found_by_its_leader_and_enterprise(
        window, qtbot, reg, monkeypatch, boxes):
    """A name unlike the registered one (“城市隧道攻关小组”), the same leader in the same
    enterprise: asked at saving, once the leader is typed; Enter took 否 (a new studio),
    and the paper passed 二（一）."""
    barred(reg)
    monkeypatch.undo()
    asked = boxes([])
    form = open_new_form(qtbot, window, 1)
    fill(qtbot, "北京市建设工会", ROADS, "城市隧道攻关小组", "1", "y", "刘志强",
         "城市隧道渗漏水智能监测技术研究", "智能装备", "2022-04-01", "y", "2024-03-31", "300", "10",
         "刘志强", "13911112222", None, "2022-10-21")
    type_text(qtbot, "a")
    assert not asked  # (the leader was not typed yet when the name was left)
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert "领衔人和所在单位相同" in asked[0] and "本项不能申报（方案二（一））" in asked[0], asked
    studio, codes = findings_of(reg, "城市隧道渗漏水智能监测技术研究")
    assert studio == KNOWN and "STUDIO_HAS_UNFINISHED_AWARD" in codes, codes
    assert reg.studio("城市隧道攻关小组") is None


def test_no_at_the_studio_question_leaves_a_hint_naming_the_registered_studio(
        window, qtbot, reg, monkeypatch, boxes):
    barred(reg)
    monkeypatch.undo()
    asked = boxes([NEW])  # 否，新工作室
    form = open_new_form(qtbot, window, 1)
    type_paper(qtbot, form, asked, "刘志强")
    assert form.editor("studio_name").text() == "刘志强"
    # the form says it before saving, beside the field
    hint = form.rows["studio_name"].hint
    qtbot.waitUntil(lambda: "刘志强劳模创新工作室" in hint.toolTip())
    assert "F4 改用" in hint.toolTip()
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not form.isVisible())
    studio, codes = findings_of(reg, "城市隧道渗漏水智能监测技术研究")
    assert studio == "刘志强" and codes == ["NEAR_STUDIO_HAS_UNFINISHED_AWARD"], codes
    assert len(asked) == 1, asked  # asked once, at saving


def test_the_form_says_another_studio_has_the_title_this_year(window, qtbot, reg, answers):
    first = reg.save_project(paper(studio_name="李红兵劳模创新工作室", leader="李红兵",
                                   unit_name="首钢集团工会", enterprise_name="首钢特钢材料有限公司",
                                   title="高炉炉况智能诊断系统开发"))
    recheck(reg)
    form = open_new_form(qtbot, window, 1)
    fill(qtbot, "北京市国防邮电工会", "北京邮通网络技术有限公司", "周明职工创新工作室", "1", "y",
         "周明", "高炉炉况、智能诊断系统开发")
    said = f"本年度已有同名项目：项目{first}（李红兵劳模创新工作室）"
    qtbot.waitUntil(lambda: said in form.findings_label.text())
    fill(qtbot, "智能装备", "2022-03-01", "y", "2023-12-31", "15", "10", "周明", "13200001111",
         None, "2022-10-20")
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not form.isVisible())
    studio, codes = findings_of(reg, "高炉炉况、智能诊断系统开发")
    assert studio == "周明职工创新工作室" and "SAME_TITLE_OTHER_STUDIO" in codes, codes
    assert findings_of(reg, "高炉炉况智能诊断系统开发")[1] == ["SAME_TITLE_OTHER_STUDIO"]


# -- 工作室 → 修改: the name first ------------------------------------------------------------
def test_the_studio_dialog_opens_on_the_name_and_tabs_down_the_form(window, qtbot, reg, answers):
    """Renaming (or merging) a studio typed two ways is the correction most often made
    here: Enter on the studio, the cursor in its name, type, Enter."""
    from boostdesk.ui.studio_screen import StudioDialog

    reg.save_project(paper(studio_name="刘志强", title="一项"))
    reg.save_project(paper(title="另一项"))
    screen = window.screen_named("工作室")
    screen.reload()
    view = screen.table
    view.setFocus()
    row = next(r for r in range(view.model().rowCount())
               if view.model().index(r, 0).data() == "刘志强")
    view.selectRow(row)
    press(qtbot, Qt.Key.Key_Return, widget=view)
    dialog = screen.current_form
    assert isinstance(dialog, StudioDialog) and dialog.studio.name == "刘志强"
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name)
    assert dialog.name.selectedText() == "刘志强"  # typed over, or edited after End
    order = [dialog.name]
    for _ in range(5):
        press(qtbot, Qt.Key.Key_Tab)
        order.append(focused())
    assert order == [dialog.name, dialog.level, dialog.model_studio, dialog.leader,
                     dialog.unit, dialog.enterprise], [w.accessibleName() for w in order]
    for _ in range(5):
        press(qtbot, Qt.Key.Key_Backtab)
    assert focused() is dialog.name
    dialog.name.selectAll()
    type_text(qtbot, KNOWN)  # the studio typed two ways: merged into the registered one
    press(qtbot, Qt.Key.Key_Return, widget=QApplication.activePopupWidget() or dialog.name)
    if dialog.isVisible():  # the completer's list took the first Enter
        press(qtbot, Qt.Key.Key_Return, widget=dialog.name)
    qtbot.waitUntil(lambda: reg.studio("刘志强") is None)
    assert any("并入" in q for q in answers.questions), answers.questions
    assert {a.studio_name for a in reg.projects(2022)} == {KNOWN}


def test_esc_or_tab_enter_at_the_studio_question_decides_nothing_and_leaves_the_clerk_in_its_field(
        window, qtbot, reg, monkeypatch, boxes):
    """Esc took 否 (a new studio: the paper then saved beside the registered one, its 二（一）
    bar left to a 提示), and so did Tab then Enter. Both now close the question undecided:
    the clerk is back in 工作室, its name as typed, nothing saved; saving asks again."""
    barred(reg)
    monkeypatch.undo()
    asked = boxes([Qt.Key.Key_Escape, (Qt.Key.Key_Tab, Qt.Key.Key_Return)])  # then Enter
    form = open_new_form(qtbot, window, 1)
    type_paper(qtbot, form, asked, "刘志强")
    studio = form.editor("studio_name")
    for times in (1, 2):
        press(qtbot, Qt.Key.Key_S, CTRL)
        qtbot.waitUntil(lambda times=times: len(asked) == times)
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is form)
        form.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is studio)
        assert studio.text() == "刘志强" and form.isVisible() and reg.studio("刘志强") is None
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert len(asked) == 3  # Enter: the registered one
    assert findings_of(reg, "城市隧道渗漏水智能监测技术研究")[0] == KNOWN


def test_esc_at_the_studio_question_on_saving_saves_nothing(
        window, qtbot, reg, monkeypatch, boxes):
    """Asked at saving (the studio found by its leader and enterprise), Esc saves nothing and
    puts the clerk in 工作室; saving again asks again."""
    barred(reg)
    monkeypatch.undo()
    asked = boxes([Qt.Key.Key_Escape])  # then Enter
    form = open_new_form(qtbot, window, 1)
    fill(qtbot, "北京市建设工会", ROADS, "城市隧道攻关小组", "1", "y", "刘志强",
         "城市隧道渗漏水智能监测技术研究", "智能装备", "2022-04-01", "y", "2024-03-31", "300", "10",
         "刘志强", "13911112222", None, "2022-10-21")
    type_text(qtbot, "a")
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: bool(asked))
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is form)
    form.activateWindow()
    studio = form.editor("studio_name")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is studio)
    assert form.isVisible() and studio.text() == "城市隧道攻关小组"
    assert reg.conn.execute("SELECT COUNT(*) FROM project_applications WHERE title = ?",
                            ("城市隧道渗漏水智能监测技术研究",)).fetchone()[0] == 0
    assert reg.studio("城市隧道攻关小组") is None
    press(qtbot, Qt.Key.Key_S, CTRL)  # asked again: Enter, the registered one
    qtbot.waitUntil(lambda: not form.isVisible())
    assert len(asked) == 2
    assert findings_of(reg, "城市隧道渗漏水智能监测技术研究")[0] == KNOWN
