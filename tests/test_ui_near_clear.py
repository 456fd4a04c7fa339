"""The window clears a near-copy false alarm where it asks about it: the re-tester's 改变状态
and 资格审核 questions sent the clerk to the command line (boostdesk correct people-distinct
登记号 另一登记号, the 项目 question naming people-distinct first). The question names the
real papers and offers 确认不是同一人… / 确认不是同一项目… (Alt+D / Alt+T), which asks the
reason and records what `correct people-distinct` records; the decision then goes on."""

from __future__ import annotations

from fixtures.summary_sheets import card, patent_no
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_near_copies import NEAR_ID, patent, project
from test_ui_near_decide import answer_box
from test_ui_status_dialog_keys import _choose
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.models import plan_2022
from boostdesk.rules import recheck
from boostdesk.rules.near_cleared import PEOPLE_KEY, TITLES_KEY, cleared
from boostdesk.ui.status_dialog import StatusDialog
from boostdesk.validate import person_key

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
REASON = "核对身份证复印件，确为两人"


def _reasons(reg, table, app_id):
    return [e["after"]["reason"] for e in reg.audit_trail(table, app_id)
            if e["action"] == "clear_near"]


def test_the_status_question_names_both_papers_and_clears_the_pair_from_the_window(
        window, qtbot, reg, answers):
    reg.save_campaign(plan_2022())
    first = reg.save_patent(patent(patent_no("202110123456")))
    copy = reg.save_patent(patent(patent_no("202110654321"), id_number=NEAR_ID,
                                  card_number=card("621700009876543")))
    recheck(reg)
    screen = window.show_screen(0)
    screen.reload()
    assert screen.select_id(copy)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_M, CTRL, window)
    dialog = screen.current_form
    assert isinstance(dialog, StatusDialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.choices)
    _choose(qtbot, dialog, "qualified")
    asked: list[str] = []
    buttons: list[list[str]] = []
    answers.text = REASON  # the reason 确认不是同一人… asks
    answer_box(asked, Qt.Key.Key_D, buttons)  # 确认不是同一人(&D)…
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    [said] = asked
    assert f"专利{copy}（黎明）与专利{first}（黎明）" in said
    assert "boostdesk" not in said and "登记号 另一登记号" not in said
    assert "如核对后确为不同的人（" in said and "“确认不是同一人…”" in said
    # the other two answers, in the window's words: refuse the copy, merge one person
    assert "用“改变状态”" in said and "“资格审核不通过”" in said and "并为一人" in said
    assert set(buttons[0]) == {"仍要改动(&Y)", "确认不是同一人(&D)…", "取消(&C)"}
    # recorded as the command line records it, and the decision went on
    keys = frozenset(person_key(reg.patent(i).id_number) for i in (first, copy))
    assert keys in cleared(reg.conn, PEOPLE_KEY)
    assert _reasons(reg, "patent_applications", copy) == [REASON]
    assert _reasons(reg, "patent_applications", first) == [REASON]
    assert reg.patent(copy).status == "qualified", answers.errors


def test_qualification_names_the_project_pair_and_clears_it_with_alt_t(
        window, qtbot, reg, answers):
    reg.save_campaign(plan_2022())
    one = reg.save_project(project("单克隆抗体纯化工艺收率提升", "孙丽华职工创新工作室",
                                   leader="孙丽华"))
    two = reg.save_project(project("单克隆抗体纯化收率工艺提升", "生物制药纯化创新工作室",
                                   leader="王刚"))
    recheck(reg)
    tab = window.screen_named("专家评审").show_tab("资格审核")
    tab.reload()
    model = tab.table.model()
    [row] = [r for r in range(model.rowCount()) if str(model.index(r, 0).data()) == str(two)]
    tab.table.setCurrentIndex(model.index(row, 0))
    tab.table.setFocus()
    asked: list[str] = []
    buttons: list[list[str]] = []
    answers.text = "两个不同的工艺环节"
    answer_box(asked, Qt.Key.Key_T, buttons)  # 确认不是同一项目(&T)…
    assert tab.decide(True), answers.errors
    [said] = asked
    assert f"项目{two}（单克隆抗体纯化收率工艺提升）与项目{one}（单克隆抗体纯化工艺收率提升）" in said
    assert "people-distinct" not in said and "boostdesk" not in said
    assert "专家评审 → 资格审核 → “不通过…”" in said  # the copy refused, in the window
    assert set(buttons[0]) == {"仍要通过(&P)", "确认不是同一项目(&T)…", "取消(&C)"}
    assert frozenset((one, two)) in cleared(reg.conn, TITLES_KEY)
    assert _reasons(reg, "project_applications", two) == ["两个不同的工艺环节"]
    assert reg.project(two).status == "qualified"


def test_no_reason_given_clears_nothing_and_decides_nothing(window, qtbot, reg, answers):
    reg.save_campaign(plan_2022())
    reg.save_project(project("单克隆抗体纯化工艺收率提升", "孙丽华职工创新工作室", leader="孙丽华"))
    two = reg.save_project(project("单克隆抗体纯化收率工艺提升", "生物制药纯化创新工作室",
                                   leader="王刚"))
    recheck(reg)
    tab = window.screen_named("专家评审").show_tab("资格审核")
    tab.reload()
    model = tab.table.model()
    [row] = [r for r in range(model.rowCount()) if str(model.index(r, 0).data()) == str(two)]
    tab.table.setCurrentIndex(model.index(row, 0))
    answers.text = None  # the reason's 取消
    answer_box([], Qt.Key.Key_T)
    assert not tab.decide(True)
    assert not cleared(reg.conn, TITLES_KEY) and reg.project(two).status == "registered"


def test_an_empty_reason_is_asked_again_with_a_projects_example(
        window, qtbot, reg, answers, monkeypatch):
    """The re-tester's Enter on an empty 依据 closed the box with nothing recorded and
    nothing said; the project's box gave a person's example (身份证复印件)."""
    from boostdesk.ui import dialogs

    reg.save_campaign(plan_2022())
    one = reg.save_project(project("单克隆抗体纯化工艺收率提升", "孙丽华职工创新工作室", leader="孙丽华"))
    two = reg.save_project(project("单克隆抗体纯化收率工艺提升", "生物制药纯化创新工作室",
                                   leader="王刚"))
    recheck(reg)
    tab = window.screen_named("专家评审").show_tab("资格审核")
    tab.reload()
    model = tab.table.model()
    [row] = [r for r in range(model.rowCount()) if str(model.index(r, 0).data()) == str(two)]
    tab.table.setCurrentIndex(model.index(row, 0))
    typed = iter(["", "  ", "两个不同的工艺环节"])
    labels: list[str] = []
    monkeypatch.setattr(dialogs, "ask_text",
                        lambda _p, _t, label, _x="": labels.append(label) or next(typed))
    answer_box([], Qt.Key.Key_T)
    assert tab.decide(True), answers.errors
    assert len(labels) == 3 and "身份证" not in labels[0] and "申报书" in labels[0]
    assert [t for t, _ in answers.infos].count("确认不是同一项目") == 2
    assert any("请填写核对的依据" in text for _, text in answers.infos)
    assert frozenset((one, two)) in cleared(reg.conn, TITLES_KEY)
    assert _reasons(reg, "project_applications", two) == ["两个不同的工艺环节"]
