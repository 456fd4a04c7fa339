"""A clerk's unsaved paper, her window killed, is hers: the draft names who typed it and on
which computer. A colleague who then opens a new form (the register taken over) is told
whose it is; she may restore it for her — the trail saying 录入人 职员A，由 职员B 恢复并保存 —
or leave it for her, kept, never deleted (IT's tester, stop 39: it was offered as nobody's,
saved under the colleague's name, and 放弃 deleted it before its own clerk saw it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_ui_entry import CTRL, open_new_form, type_patent
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.ui.entry_draft import draft_path, read_draft, write_draft

__all__ = ["answers", "ctx", "qsettings", "window"]


def _killed_while_typing(window, qtbot, ctx, reg) -> None:
    """职员A types a patent; her window goes without a word (kill -9: no reject, no save)."""
    ctx.set_operator("职员A")
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)
    path = draft_path(reg.path, "patent", 2022)
    qtbot.waitUntil(lambda: read_draft(path) is not None
                    and read_draft(path).fields.get("title") == "一种焊缝缺陷的超声检测方法")
    form.done(0)  # as if killed: the draft stays where it was written
    ctx.set_operator("职员B")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_the_draft_names_who_typed_it_and_on_which_computer(window, qtbot, ctx, reg, answers):
    _killed_while_typing(window, qtbot, ctx, reg)
    draft = read_draft(draft_path(reg.path, "patent", 2022))
    assert draft.operator == "职员A" and draft.computer == reg.computer and draft.computer


def test_left_for_its_clerk_it_is_kept_and_offered_to_her(window, qtbot, ctx, reg, answers):
    _killed_while_typing(window, qtbot, ctx, reg)
    path = draft_path(reg.path, "patent", 2022)
    kept = path.read_bytes()
    answers.yes = False  # 留给 职员A (Enter and Esc both)
    form = open_new_form(qtbot, window, 0)
    [asked] = answers.questions
    assert f"职员A（电脑 {reg.computer}）" in asked and "这是 职员A 的录入" in asked
    assert "由 职员B 恢复并保存" in asked
    assert form.editor("title").text() == ""
    form.editor("title").setText("职员B 自己的一份")  # her own typing does not write over it
    form.recheck()
    assert path.read_bytes() == kept
    form.done(0)
    assert path.read_bytes() == kept

    ctx.set_operator("职员A")  # back at her desk: offered as her own, as before
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    answers.yes = True
    form = open_new_form(qtbot, window, 0)
    assert len(answers.questions) == 2 and "这是 职员A 的录入" not in answers.questions[1]
    assert "恢复这些内容继续录入吗" in answers.questions[1]
    assert form.editor("title").text() == "一种焊缝缺陷的超声检测方法"
    form.done(0)


def test_restored_by_a_colleague_the_trail_says_who_typed_and_who_saved(
        window, qtbot, ctx, reg, answers):
    _killed_while_typing(window, qtbot, ctx, reg)
    answers.yes = True  # 恢复
    form = open_new_form(qtbot, window, 0)
    assert form.editor("title").text() == "一种焊缝缺陷的超声检测方法"
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    [app] = reg.patents(2022)
    event = reg.conn.execute(
        "SELECT operator, note FROM audit_events WHERE entity = 'patent_applications'"
        " AND entity_id = ? AND action = 'create'", (app.id,)).fetchone()
    assert event == ("职员B", f"录入人 职员A，电脑 {reg.computer}，由 职员B 恢复并保存")
    assert read_draft(draft_path(reg.path, "patent", 2022)) is None  # saved: gone


def test_a_draft_kept_before_drafts_named_their_clerk_is_offered_as_before(
        window, qtbot, ctx, reg, answers):
    write_draft(draft_path(reg.path, "patent", 2022), 2022, {"title": "一种扳手"}, {})
    answers.yes = True
    form = open_new_form(qtbot, window, 0)
    assert "恢复这些内容继续录入吗" in answers.questions[0]
    assert form.editor("title").text() == "一种扳手"
    form.done(0)
