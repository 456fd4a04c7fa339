"""维持核准… on 拨付 with both lines of a held award chosen: the federation's part paid before
the award was held, the union's part held. A search for the payee lists the two and Ctrl+A
chose both: the button was greyed, and worked only with the held line alone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_award_holds import PAY_DAY, _approved, _lines, _payments
from test_finance_screen import select_rows
from test_ui_support import closed, type_text

from boostdesk.finance.paying import mark_all_paid
from boostdesk.models.campaign import FEDERATION
from boostdesk.models.records import PROJECT, StudioAward
from boostdesk.rules import recheck


def held_after_one_part_paid(reg):
    """Award a's federation part paid, then its paper refused (a past project not accepted):
    its union part held."""
    a, b, _e = _approved(reg)
    lines = _lines(reg, a)
    paid = next(x for x in lines if x.payer == FEDERATION)
    mark_all_paid(reg, [paid.id], PAY_DAY, "记-2023-0001")
    reg.add_studio_award(StudioAward("工作室甲", 2021, "往年项目", 30_000_00, accepted=False))
    recheck(reg)
    return a, b


def rows_of(w, *keys):
    return [w.model.row_of(x.id) for x in w.shown if (x.stream, x.app_id, x.tranche) in keys]


def test_both_lines_of_a_held_award_chosen_keep_it(reg, tmp_path, qtbot):
    a, _b = held_after_one_part_paid(reg)
    w = _payments(reg, tmp_path, qtbot)
    mine = [x for x in w.shown if (x.stream, x.app_id, x.tranche) == (PROJECT, a, 1)]
    assert sorted((x.paid, x.held) for x in mine) == [(False, True), (True, False)]
    select_rows(qtbot, w, rows_of(w, (PROJECT, a, 1)))
    assert w.keep_button.isEnabled()
    qtbot.mouseClick(w.keep_button, Qt.MouseButton.LeftButton)
    dialog = w.dialog
    type_text(qtbot, "往年项目已验收，补录有误", dialog.reason_field)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert closed(dialog)
    assert not any(x.held for x in w.shown if (x.stream, x.app_id) == (PROJECT, a))


def test_held_lines_of_two_awards_grey_it_saying_why(reg, tmp_path, qtbot):
    import dataclasses

    a, _b = held_after_one_part_paid(reg)
    w = _payments(reg, tmp_path, qtbot)
    other = next(x for x in w.lines if x.tranche == 2)
    # another award held too (its paper since refused), its line as the register would read
    # it (the sample has one award: its rest stands in for the other's line)
    w.lines = [dataclasses.replace(x, app_id=a + 100, hold="另一项核准后经核对为不合格")
               if x.id == other.id else x for x in w.lines]
    w._prepare()
    w._show()
    held = [x for x in w.shown if x.hold]
    assert len({(x.stream, x.app_id) for x in held}) == 2
    select_rows(qtbot, w, [w.model.row_of(x.id) for x in held])
    assert not w.keep_button.isEnabled()
    assert "所选款项属 2 项暂缓拨付的助推，请只选其中一项的款项" in w.keep_button.toolTip()
    select_rows(qtbot, w, [w.model.row_of(x.id) for x in held if x.app_id == a])
    assert w.keep_button.isEnabled() and "请只选其中一项" not in w.keep_button.toolTip()
