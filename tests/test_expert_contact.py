"""An expert's 联系方式 holds no resident ID or card number, and lists show none whole.

The reviewer: `panel expert add 马丽娟 --contact "13722223333 身份证110101196501011234"` was
accepted, and `panel expert list` and the window's 评审组与评分细则 showed the whole 18-digit
number, while the patent form's 联系电话 refuses an ID or card number (validate.not_a_phone)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from boostdesk.panel.errors import PanelError
from boostdesk.panel.experts import Expert, expert_by_name, save_expert
from boostdesk.validate import mask_contact, not_a_contact
from tests.test_panel_screen import cell, click, column, ctx, screen  # noqa: F401  (fixtures)
from tests.test_panel_support import YEAR

ID = "110101196501011234"
WITH_ID = f"13722223333 身份证{ID}"
SHOWN = "13722223333 身份证110101********1234"


def _stored_before(reg, contact: str = WITH_ID) -> int:
    """An expert whose contact an older BoostDesk stored with an ID in it."""
    eid = save_expert(reg, YEAR, Expert("马丽娟", "北京工业大学", "机械", "13722223333"))
    reg.conn.execute("UPDATE experts SET contact = ? WHERE id = ?", (contact, eid))
    return eid


@pytest.mark.parametrize(("typed", "said"), [
    (WITH_ID, "联系方式中有身份证号：110101********1234"),
    ("110101 19650101 1234", "联系方式中有身份证号：110101********1234"),
    ("卡号 6217 0000 1111 2222", "联系方式中有卡号：6217 **** **** 2222"),
])
def test_an_id_or_card_in_the_contact_is_refused(reg, typed, said):
    with pytest.raises(PanelError) as exc:
        save_expert(reg, YEAR, Expert("马丽娟", "北京工业大学", contact=typed))
    assert said in str(exc.value) and ID not in str(exc.value)
    assert not reg.query("SELECT id FROM experts")


@pytest.mark.parametrize("contact", [
    "83570885 13811112222", "010-83570885转123 13811112222", "ma@bjut.edu.cn 13811112222",
    "13811112222、13911112222", "010-83570885-1234"])
def test_phones_and_mail_are_taken_and_shown_whole(reg, contact):
    assert not_a_contact(contact) is None and mask_contact(contact) == contact
    eid = save_expert(reg, YEAR, Expert("马丽娟", contact=contact))
    assert expert_by_name(reg, YEAR, "马丽娟").contact == contact and eid


def test_an_id_stored_before_is_kept_while_the_contact_is_not_given_again(reg):
    eid = _stored_before(reg)
    save_expert(reg, YEAR, Expert("马丽娟", "北京理工大学", "机械", WITH_ID, eid),
                contact_given=False)
    assert expert_by_name(reg, YEAR, "马丽娟").organisation == "北京理工大学"
    for typed in (WITH_ID, f"{WITH_ID} 微信同号"):  # typed again, even as stored: refused
        with pytest.raises(PanelError, match="联系方式中有身份证号"):
            save_expert(reg, YEAR, Expert("马丽娟", "北京理工大学", "机械", typed, eid))


def _cli(reg, *args: str) -> int:
    from boostdesk.cli import main

    return main([*args, "--db", str(reg.path), "--year", str(YEAR)])


def test_the_command_line_refuses_it_and_lists_one_stored_before_masked(reg, capsys):
    _stored_before(reg)
    reg.close()
    capsys.readouterr()
    assert _cli(reg, "panel", "expert", "add", "王强", "--contact", f"13800138000 {ID}") != 0
    err = capsys.readouterr().err
    assert "联系方式中有身份证号：110101********1234" in err and ID not in err
    assert _cli(reg, "panel", "expert", "add", "马丽娟", "--contact", WITH_ID) != 0  # as stored
    assert "联系方式中有身份证号" in capsys.readouterr().err
    assert _cli(reg, "panel", "expert", "add", "马丽娟", "--org", "北京理工大学") == 0  # kept
    capsys.readouterr()
    assert _cli(reg, "panel", "expert", "list") == 0
    out = capsys.readouterr().out
    assert SHOWN in out and ID not in out and "王强" not in out


def test_the_window_refuses_it_and_shows_one_stored_before_masked(screen, reg, qtbot):  # noqa: F811
    from test_ui_support import type_text

    _stored_before(reg)
    tab = screen.show_tab("评审组与评分细则")
    screen.refresh()
    assert column(tab.table, 3) == [SHOWN]
    click(qtbot, tab.table, 0, 0)
    assert tab.contact.text() == SHOWN  # the field it is edited in masks it too
    tab.org.setFocus()
    tab.org.selectAll()
    type_text(qtbot, "北京理工大学", tab.org)
    qtbot.mouseClick(tab.update_button, Qt.MouseButton.LeftButton)
    assert tab.error.text() == ""
    kept = expert_by_name(reg, YEAR, "马丽娟")
    assert (kept.organisation, kept.contact) == ("北京理工大学", WITH_ID)  # not rewritten
    click(qtbot, tab.table, 0, 0)
    tab.contact.setFocus()
    tab.contact.selectAll()
    type_text(qtbot, WITH_ID, tab.contact)  # typed again, even as stored: refused
    qtbot.mouseClick(tab.update_button, Qt.MouseButton.LeftButton)
    assert "联系方式中有身份证号" in tab.error.text()

    tab.table.clearSelection()
    tab.table.setCurrentIndex(tab.table.model().index(-1, -1))
    for field, text in ((tab.name, "王强"), (tab.org, "清华大学"), (tab.contact, WITH_ID)):
        field.setFocus()
        field.selectAll()
        type_text(qtbot, text, field)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert "联系方式中有身份证号：110101********1234" in tab.error.text()
    assert ID not in tab.error.text()
    assert column(tab.table, 0) == ["马丽娟"]
    assert cell(tab.table, 0, 3) == SHOWN


def test_a_card_stored_before_is_listed_masked_as_every_card_is(reg, capsys):
    """`panel expert list` showed 6217********2222 where the trail, `correct card` and
    `pay mark` write 6217 **** **** 2222."""
    _stored_before(reg, "13722223333 卡号 6217000011112222")
    reg.close()
    capsys.readouterr()
    assert _cli(reg, "panel", "expert", "list") == 0
    out = capsys.readouterr().out
    assert "13722223333 卡号 6217 **** **** 2222" in out and "6217000011112222" not in out
