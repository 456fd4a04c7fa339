"""The 拨付 screen: what is due and overdue, paying through the dialog, acceptance."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel
from test_recheck import stored_equals_full_check
from test_ui_support import closed, year_context

from boostdesk.finance.lines import AWAITING_ACCEPTANCE, DUE, OVERDUE, PAID
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import clock
from boostdesk.models.records import PROJECT
from boostdesk.money import format_money
from boostdesk.pinyin_order import sort_key
from boostdesk.printing.samples import YEAR, fill_sample
from boostdesk.ui.payments_screen import COLUMNS, WIDEST_FITTED, PaymentsScreen
from boostdesk.ui.rows_model import ID_ROLE
from boostdesk.ui.style import ERROR_COLOUR, OK_COLOUR


@pytest.fixture
def ctx(reg, tmp_path):
    fill_sample(reg)
    return year_context(reg, tmp_path, YEAR, "赵丽娟")


@pytest.fixture
def screen(ctx, qtbot):
    w = PaymentsScreen(ctx)
    qtbot.addWidget(w)
    w.resize(1200, 600)
    w.show()
    return w


def click_row(qtbot, table, row, modifier=Qt.KeyboardModifier.NoModifier, double=False):
    index = table.model().index(row, 1)
    table.scrollTo(index)
    point = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, point)
    if double:  # the second press of a double click comes as a double-click event
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, point)


def select_rows(qtbot, screen, rows):
    """Click the first row, Ctrl+click the others, as a clerk picks several lines."""
    for k, row in enumerate(rows):
        click_row(qtbot, screen.table, row, Qt.KeyboardModifier.ControlModifier if k
                  else Qt.KeyboardModifier.NoModifier)
    assert sorted(i.row() for i in screen.table.selectionModel().selectedRows()) == sorted(rows)


def click_header(qtbot, table, column):
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def texts(screen, column):
    return [screen.model.text(r, column) for r in range(screen.model.rowCount())]


def row_of(screen, line_id):
    row = screen.model.row_of(line_id)
    assert row is not None
    return row


def type_into(qtbot, field, text):
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def test_screen_shows_every_payment_with_its_state_and_the_totals(screen, reg):
    lines = payment_lines(reg, YEAR)
    assert screen.model.rowCount() == len(lines) == 14
    states = set(texts(screen, 0))
    assert {PAID, OVERDUE, AWAITING_ACCEPTANCE} <= states  # the sample is long past due
    assert "已逾期" in screen.summary.text()
    payer = screen.model.text(0, 2)
    assert payer in {"北京市总工会", "海淀区总工会", "朝阳区总工会", "首钢集团工会"}
    # In the domain's order until a header is clicked, each row holding its line's id.
    assert [screen.model.index(r, 0).data(ID_ROLE) for r in range(14)] == [x.id for x in lines]
    assert not screen.table.horizontalHeader().isSortIndicatorShown() \
        or screen.table.horizontalHeader().sortIndicatorSection() == -1


def test_filters_narrow_the_list_to_the_overdue_of_one_payer(screen):
    screen.state.setCurrentText(OVERDUE)
    screen.payer.setCurrentText("海淀区总工会")
    rows = screen.model.rowCount()
    assert 1 <= rows < 14
    assert texts(screen, 0) == [OVERDUE] * rows
    assert texts(screen, 2) == ["海淀区总工会"] * rows
    assert [x.id for x in screen.shown] == [screen.model.id_at(r) for r in range(rows)]
    screen.state.setCurrentText("全部")
    screen.payer.setCurrentText("全部")
    screen.tranche.setCurrentIndex(2)  # 第二批（项目尾款）
    assert 1 <= screen.model.rowCount() < 14
    assert set(texts(screen, 1)) == {"尾款"} and set(texts(screen, 8)) == {"项目"}


def test_marking_paid_through_the_dialog_as_a_clerk_types_it(screen, reg, qtbot):
    screen.state.setCurrentText(OVERDUE)
    line = screen.shown[0]
    assert not screen.pay_button.isEnabled()  # nothing chosen yet
    select_rows(qtbot, screen, [0])
    assert screen.pay_button.isEnabled()
    qtbot.mouseClick(screen.pay_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert dialog is not None and dialog.isVisible()
    type_into(qtbot, dialog.date_field, "2023/1/20")
    qtbot.keyClicks(dialog.voucher_field, "JZ-2023-0050")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert closed(dialog)
    done = next(x for x in payment_lines(reg, YEAR) if x.id == line.id)
    assert (done.paid_date, done.voucher) == (date(2023, 1, 20), "JZ-2023-0050")
    assert reg.audit_trail("payments", line.id)[-1]["operator"] == "赵丽娟"
    assert line.id not in {x.id for x in screen.shown}  # no longer overdue


def test_the_payment_dialog_opens_wide_enough_to_read_its_line_whole(screen, qtbot):
    """登记拨付 for one line opened 205 pixels wide, its sentence broken in the middle of the
    tranche (北京市总工会 → 欧阳娜（一 / 次拨付），¥1,500.00) and the date squeezed beside
    its label; the note for several lines and the other small dialogs had room to spare."""
    from boostdesk.ui.payments_screen import AcceptanceDialog, CancelPaidDialog

    screen.state.setCurrentText(OVERDUE)
    select_rows(qtbot, screen, [0])
    qtbot.mouseClick(screen.pay_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    qtbot.waitExposed(dialog)
    intro = dialog.findChildren(QLabel)[0]
    assert intro.fontMetrics().horizontalAdvance(intro.text()) <= intro.width(), \
        (intro.text(), intro.width())
    dialog.reject()
    line = screen.shown[0]
    for small in (CancelPaidDialog([line], screen), AcceptanceDialog(line, screen)):
        small.show()
        qtbot.waitExposed(small)
        assert small.width() >= dialog.width()  # none opens narrower
        small.reject()


def test_the_dialog_says_what_is_missing_and_stays_open(screen, reg, qtbot):
    screen.state.setCurrentText(OVERDUE)
    select_rows(qtbot, screen, [0])
    qtbot.mouseClick(screen.pay_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "凭证号" in dialog.error.text()
    type_into(qtbot, dialog.date_field, "2099-01-01")
    qtbot.keyClicks(dialog.voucher_field, "JZ-1")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "在今天之后" in dialog.error.text()
    dialog.reject()
    assert not any(x.voucher == "JZ-1" for x in payment_lines(reg, YEAR))


def test_paying_a_first_tranche_then_recording_acceptance_releases_the_rest(screen, reg, qtbot):
    project = next(x.app_id for x in payment_lines(reg, YEAR)
                   if x.stream == PROJECT and x.tranche == 1 and not x.paid)
    rows = [row_of(screen, x.id) for x in screen.shown
            if x.app_id == project and x.stream == PROJECT and x.tranche == 1]
    select_rows(qtbot, screen, rows)
    # 二（四）4 ties only the rest to the acceptance: it may be recorded before the first
    # tranche is paid (tests/test_ui_acceptance_withdraw.py)
    assert screen.accept_button.isEnabled()
    qtbot.mouseClick(screen.pay_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    intro = dialog.findChildren(type(screen.summary))[0].text()
    assert "北京市总工会：1 笔、" in intro and "各付款单位将记同一凭证号" in intro
    type_into(qtbot, dialog.date_field, "2023-02-20")
    qtbot.keyClicks(dialog.voucher_field, "JZ-0031")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert reg.project(project).status == "paid_first"
    assert not reg.changes  # the status moves re-checked with the payment
    stored_equals_full_check(reg)

    row = next(row_of(screen, x.id) for x in screen.shown if x.app_id == project
               and x.stream == PROJECT)
    select_rows(qtbot, screen, [row])
    assert screen.accept_button.isEnabled()
    qtbot.mouseClick(screen.accept_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    type_into(qtbot, dialog.date_field, "2023-12-20")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert reg.project(project).status == "accepted"
    assert not reg.changes  # and with the acceptance (the studio no longer barred)
    stored_equals_full_check(reg)
    last = [x for x in screen.shown if x.app_id == project and x.tranche == 2]
    # released, due 3 months after the acceptance (the campaign's final_tranche_months)
    assert last and all(x.released and x.due_date == date(2024, 3, 20) for x in last)
    assert {x.state(date(2024, 3, 20)) for x in last} == {DUE}


def test_refused_acceptance_is_reported_not_crashed(screen, reg, monkeypatch):
    shown = []
    monkeypatch.setattr("boostdesk.ui.dialogs.show_error",
                        lambda parent, title, text: shown.append(text))
    project = next(x.app_id for x in payment_lines(reg, YEAR)
                   if x.stream == PROJECT and not x.paid and x.tranche == 1)
    assert not screen.record_acceptance(project, date(2000, 12, 20))
    assert "早于核准日期" in shown[0]



def test_headers_colours_tints_amounts_and_tooltips_as_the_clerk_reads_them(screen, reg):
    # as of a day before the accepted project's rest falls due (3 months after 2023-12-20):
    # a line of every state
    with clock.fixed_day(date(2024, 1, 10)):
        screen.reload()
    model = screen.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] \
        == list(COLUMNS)
    assert screen.table.isSortingEnabled()
    lines = {x.id: x for x in payment_lines(reg, YEAR)}
    seen = set()
    for r in range(model.rowCount()):
        line = lines[model.id_at(r)]
        state = model.text(r, 0)
        assert state == line.state(screen.today)
        assert model.text(r, 4) == f"¥{line.amount_fen / 100:,.2f}"
        assert model.index(r, 4).data(Qt.ItemDataRole.TextAlignmentRole) \
            == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        assert model.index(r, 2).data(Qt.ItemDataRole.TextAlignmentRole) is None
        foreground = model.index(r, 0).data(Qt.ItemDataRole.ForegroundRole)
        expected = {OVERDUE: ERROR_COLOUR, PAID: OK_COLOUR}.get(state)
        assert (foreground.color() if foreground else None) == (QColor(expected) if expected
                                                                 else None)
        assert model.index(r, 2).data(Qt.ItemDataRole.ForegroundRole) is None
        tint = {OVERDUE: "#fdeceb", PAID: "#eef7ee", AWAITING_ACCEPTANCE: "#f3f5f6"}.get(state)
        for c in (0, 4, 10):  # the whole row is tinted by its state
            background = model.index(r, c).data(Qt.ItemDataRole.BackgroundRole)
            assert (background.color() if background else None) == (QColor(tint) if tint
                                                                     else None)
        tip = model.index(r, 7).data(Qt.ItemDataRole.ToolTipRole)
        assert line.title in tip and line.payee in tip and model.text(r, 4) in tip
        assert ("结题验收" in tip) == (state == AWAITING_ACCEPTANCE)
        seen.add(state)
    assert {OVERDUE, PAID, AWAITING_ACCEPTANCE, DUE} <= seen


def test_a_header_click_sorts_and_the_chosen_lines_stay_chosen(screen, qtbot):
    screen.resize(1200, 420)  # a few rows in view
    lines = [screen.model.id_at(r) for r in range(screen.model.rowCount())]
    chosen = [lines[1], lines[5], lines[12]]
    select_rows(qtbot, screen, [1, 5, 12])
    before = [x.id for x in screen.selected()]
    assert before == chosen
    table = screen.table
    click_header(qtbot, screen.table, 0)  # 状态
    states = texts(screen, 0)
    assert states == sorted(states, key=sort_key)  # in pinyin order, as Excel sorts them
    assert [screen.model.id_at(r) for r in range(14)] != lines  # the order did change
    assert sorted(x.id for x in screen.selected()) == sorted(chosen)
    click_header(qtbot, screen.table, 4)  # 金额, by value
    amounts = [float(t.strip("¥").replace(",", "")) for t in texts(screen, 4)]
    assert amounts == sorted(amounts) and amounts[0] < amounts[-1]
    click_header(qtbot, screen.table, 4)
    amounts = [float(t.strip("¥").replace(",", "")) for t in texts(screen, 4)]
    assert amounts == sorted(amounts, reverse=True)
    assert sorted(x.id for x in screen.selected()) == sorted(chosen)
    current = table.currentIndex()
    assert screen.model.id_at(current.row()) == lines[12]  # clicked last, and still in view
    assert table.viewport().rect().contains(table.visualRect(current))
    selected_rows = sorted(i.row() for i in screen.table.selectionModel().selectedRows())
    assert [screen.model.id_at(r) for r in selected_rows] == [x.id for x in screen.selected()]


def test_a_reload_keeps_the_chosen_lines_and_drops_those_filtered_away(screen, qtbot, ctx):
    overdue = next(r for r in range(14) if screen.model.text(r, 0) == OVERDUE)
    paid = next(r for r in range(14) if screen.model.text(r, 0) == PAID)
    overdue_id, paid_id = screen.model.id_at(overdue), screen.model.id_at(paid)
    select_rows(qtbot, screen, [overdue, paid])
    click_header(qtbot, screen.table, 2)  # rows move; the lines stay chosen
    ctx.changed.emit("payments")  # another screen changed something: the list reloads
    assert {x.id for x in screen.selected()} == {overdue_id, paid_id}
    assert screen.table.currentIndex().row() == row_of(screen, paid_id)  # clicked last
    assert screen.pay_button.isEnabled()  # the overdue line can still be paid
    screen.state.setCurrentText(PAID)
    assert [x.id for x in screen.selected()] == [paid_id]
    assert not screen.pay_button.isEnabled()  # nothing payable among what is chosen
    screen.state.setCurrentText("全部")
    assert [x.id for x in screen.selected()] == [paid_id]
    ctx.changed.emit("panel")  # not about payments: no reload
    assert [x.id for x in screen.selected()] == [paid_id]


def test_paying_from_the_keyboard(screen, reg, qtbot):
    from boostdesk.safety.backup import list_backups

    screen.state.setCurrentText(OVERDUE)
    screen.payer.setCurrentText("北京市总工会")  # one payer's lines: one voucher
    count = screen.model.rowCount()
    backups = len(list_backups(reg.path))
    assert count >= 2
    screen.table.setFocus()
    click_row(qtbot, screen.table, 0)
    qtbot.keyClick(screen.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(screen.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    chosen = [x.id for x in screen.selected()]
    assert chosen == [screen.model.id_at(0), screen.model.id_at(1)]
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    dialog = screen.dialog
    assert dialog is not None and dialog.isVisible()
    assert "北京市总工会：2 笔" in dialog.findChildren(type(screen.summary))[0].text()
    type_into(qtbot, dialog.date_field, "2023-01-20")
    qtbot.keyClicks(dialog.voucher_field, "JZ-2023-0077")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert closed(dialog)
    done = {x.id: x for x in payment_lines(reg, YEAR)}
    assert all(done[i].voucher == "JZ-2023-0077" for i in chosen)
    assert screen.model.rowCount() == count - 2  # paid: no longer in the overdue list
    assert len(list_backups(reg.path)) == backups + 1  # one backup for the lot

def test_enter_on_a_line_it_cannot_pay_says_why(screen, ctx, reg, qtbot):
    """Enter on a paid line, or on a last tranche awaiting acceptance, opens nothing and
    says why in the status bar (the greyed 登记拨付… told only the mouse)."""
    said: list[str] = []
    ctx.notice.connect(said.append)
    for state, why in ((PAID, "所选款项已登记拨付；登记错了的，用“撤销拨付登记…”"),
                       (AWAITING_ACCEPTANCE, "所选款项尚不能拨付：尾款在结题验收通过后拨付")):
        screen.state.setCurrentText(state)
        assert screen.model.rowCount()
        screen.table.setFocus()
        qtbot.keyClick(screen.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(screen.table, Qt.Key.Key_Return)
        assert screen.dialog is None and screen.selected()
        assert said and said[-1].startswith(why)


def test_enter_on_a_read_only_register_says_it_is_read_only(screen, ctx, reg, qtbot):
    reg.read_only = True
    reg.read_only_message = "登记册正由另一位用户打开，本窗口只读"
    screen.reload()
    said: list[str] = []
    ctx.notice.connect(said.append)
    screen.state.setCurrentText(OVERDUE)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert screen.dialog is None and said == ["登记册正由另一位用户打开，本窗口只读"]


def test_tab_into_the_list_then_enter_pays_the_line_the_cursor_is_on(screen, qtbot):
    """Tab puts the cursor on the first line and chooses it, as on every list (it was
    left unchosen, the buttons all grey): Enter pays that line, and Tab then reaches
    登记拨付… too."""
    screen.state.setCurrentText(OVERDUE)
    screen.table.setFocus(Qt.FocusReason.TabFocusReason)
    assert screen.table.currentIndex().row() == 0
    assert [x.id for x in screen.selected()] == [screen.model.id_at(0)]
    assert screen.pay_button.isEnabled()
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    dialog = screen.dialog
    assert dialog is not None and dialog.isVisible()
    assert [x.id for x in screen.selected()] == [screen.model.id_at(0)]
    assert screen.shown[0].payee in dialog.findChildren(type(screen.summary))[0].text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert closed(dialog)
    assert screen.pay_button.isEnabled()


def test_double_click_opens_the_payment_of_that_line(screen, qtbot):
    screen.state.setCurrentText(OVERDUE)
    click_row(qtbot, screen.table, 1, double=True)
    assert screen.dialog is not None and screen.dialog.isVisible()
    assert screen.shown[1].payee in screen.dialog.findChildren(type(screen.summary))[0].text()
    screen.dialog.reject()


def test_a_read_only_register_is_listed_but_not_paid(screen, reg, qtbot):
    reg.read_only = True  # another BoostDesk holds the write lock
    screen.reload()
    assert screen.model.rowCount() == 14
    overdue = next(r for r in range(14) if screen.model.text(r, 0) == OVERDUE)
    select_rows(qtbot, screen, [overdue])
    assert screen.selected() and not screen.pay_button.isEnabled()
    assert not screen.accept_button.isEnabled()
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    click_row(qtbot, screen.table, overdue, double=True)
    assert screen.dialog is None


def test_columns_fit_their_widest_text_and_a_width_set_by_hand_stays(screen, ctx):
    header = screen.table.horizontalHeader()
    metrics = screen.table.fontMetrics()
    for column in range(len(COLUMNS) - 1):  # the last one stretches
        widest = max(metrics.horizontalAdvance(t) for t in texts(screen, column))
        assert header.sectionSize(column) >= min(widest, WIDEST_FITTED), COLUMNS[column]
    header.resizeSection(3, 60)  # the clerk narrows 收款人/收款单位
    ctx.changed.emit("payments")
    assert header.sectionSize(3) == 60
    assert header.sectionSize(2) >= max(metrics.horizontalAdvance(t) for t in texts(screen, 2))
    assert header.sectionSize(2) <= WIDEST_FITTED


def test_a_wide_window_shows_a_long_payer_whole(screen, reg, ctx, qtbot):
    """拨付 at 1920×1080: 北京市海淀区总工会中关村科学城分会 as 付款单位 was cut at 200 pixels
    while the last column stood 500 wide: the names share the room there is, and give it
    back on a narrower window."""
    union = "北京市海淀区总工会中关村科学城分会"
    payer = next(x.payer_name for x in screen.shown if x.payer_name != "北京市总工会")
    reg.rename_unit(payer, union, "全称")
    screen.resize(1900, 900)
    ctx.changed.emit("payments")
    qtbot.waitUntil(lambda: any(x.payer_name == union for x in screen.shown))
    header = screen.table.horizontalHeader()
    needed = screen.table.fontMetrics().horizontalAdvance(union)
    assert header.sectionSize(2) >= needed + 8, (header.sectionSize(2), needed)  # its margins
    screen.resize(1200, 600)
    qtbot.waitUntil(lambda: header.sectionSize(2) <= WIDEST_FITTED)


def test_a_new_year_on_screen_names_what_earlier_years_still_owe(screen, ctx, reg):
    """As ``pay list`` does: after 新建年度 the window opens on the new, empty year; last
    year's unpaid and overdue payments must not drop out of sight."""
    from boostdesk.finance.other_years import still_owed

    assert screen.others.isHidden()  # the only year, in view
    reg.save_campaign(reg.campaign(YEAR).for_year(YEAR + 1))
    ctx.set_year(YEAR + 1)
    owed = [x for x in payment_lines(reg, YEAR) if not x.paid and x.released]
    late = [x for x in owed if x.overdue(date.today())]
    assert screen.model.rowCount() == 0 and owed and late
    text = screen.others.text()
    assert not screen.others.isHidden()
    assert f"{YEAR} 年度尚有 {len(owed)} 笔待拨付" in text and f"已逾期 {len(late)} 笔" in text
    assert [o.message for o in still_owed(reg, YEAR + 1)][0] in text  # the CLI's words
    ctx.set_year(YEAR)
    assert screen.others.isHidden()


def test_esc_on_the_payment_dialog_gives_the_keyboard_back_to_the_lines(screen, qtbot):
    """登记拨付 opened with Enter and closed with Esc: ↑↓ go on along the payment lines."""
    from PySide6.QtWidgets import QApplication

    screen.state.setCurrentText(OVERDUE)
    screen.table.setFocus()
    click_row(qtbot, screen.table, 0)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    dialog = screen.dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.date_field)
    qtbot.keyClick(dialog.date_field, Qt.Key.Key_Escape)
    assert closed(dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)


def test_a_failed_acceptance_through_the_dialog_withholds_the_rest(screen, reg, qtbot):
    """二（四）4: the rest is paid only after the project passes; the clerk records that it
    failed (未通过, with a reason), and the rest leaves what is due and what waits."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    from boostdesk.finance.lines import ACCEPTANCE_FAILED
    from boostdesk.finance.paying import mark_paid

    project = next(x.app_id for x in payment_lines(reg, YEAR)
                   if x.stream == PROJECT and x.tranche == 1 and not x.paid)
    for x in payment_lines(reg, YEAR, stream=PROJECT, tranche=1, app_ids=[project]):
        mark_paid(reg, x.id, date(2023, 2, 20), "JZ-0031")
    screen.reload()
    waiting_before = screen.summary.text().split("待验收 ")[1].split(" 笔")[0]
    row = next(row_of(screen, x.id) for x in screen.shown if x.app_id == project
               and x.stream == PROJECT and x.tranche == 2)
    select_rows(qtbot, screen, [row])
    qtbot.mouseClick(screen.accept_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    type_into(qtbot, dialog.date_field, "2023-12-20")
    # on its circle, as a clerk clicks it (the row is wider than its words)
    qtbot.mouseClick(dialog.failed_button, Qt.MouseButton.LeftButton,
                     pos=QPoint(6, dialog.failed_button.height() // 2))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "须填写理由" in dialog.error.text()
    assert dialog.focusWidget() is dialog.reason_field  # typed over where it was refused
    typed = QInputMethodEvent("", [])
    typed.setCommitString("关键指标未达到立项要求")
    QApplication.sendEvent(dialog.reason_field, typed)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert closed(dialog)

    app = reg.project(project)
    assert app.status == "acceptance_failed" and "关键指标未达到立项要求" in app.status_reason
    assert reg.status_history(PROJECT, project)[-1]["operator"] == "赵丽娟"
    assert not reg.changes
    stored_equals_full_check(reg)
    last = [x for x in screen.shown if x.app_id == project and x.tranche == 2]
    assert len(last) == 2 and {screen.model.text(row_of(screen, x.id), 0) for x in last} \
        == {ACCEPTANCE_FAILED}
    assert {screen.model.text(row_of(screen, x.id), 5) for x in last} == {"不予拨付"}
    summary = screen.summary.text()
    assert f"待验收 {int(waiting_before) - 2} 笔" in summary
    assert f"验收未通过不予拨付 2 笔 {format_money(sum(x.amount_fen for x in last))}" in summary
    select_rows(qtbot, screen, [row_of(screen, last[0].id)])
    assert not screen.pay_button.isEnabled()  # never payable
    screen.state.setCurrentText(ACCEPTANCE_FAILED)
    assert [x.id for x in screen.shown] == [x.id for x in last]


def test_a_payment_marked_on_the_wrong_line_is_cancelled_and_paid_on_the_right_one(
        screen, reg, qtbot):
    """Two overdue lines of one union; the clerk marks the wrong one paid. 撤销拨付登记…
    (with a reason) puts it back among the overdue, to be paid; the other is then marked."""
    screen.state.setCurrentText(OVERDUE)
    wrong, right = screen.shown[0], screen.shown[1]
    assert not screen.cancel_button.isEnabled()
    assert screen.mark_paid([wrong], date(2023, 1, 20), "JZ-2023-0050")
    screen.state.setCurrentText(PAID)
    select_rows(qtbot, screen, [row_of(screen, wrong.id)])
    assert screen.cancel_button.isEnabled() and not screen.pay_button.isEnabled()
    qtbot.mouseClick(screen.cancel_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert dialog is not None and dialog.isVisible() and "JZ-2023-0050" in dialog.intro.text()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "理由" in dialog.error.text()  # a reason is asked for
    dialog.reason_field.setText("误选收款人")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert closed(dialog)
    again = next(x for x in payment_lines(reg, YEAR) if x.id == wrong.id)
    assert not again.paid and again.voucher == ""
    screen.state.setCurrentText(OVERDUE)
    assert {wrong.id, right.id} <= {x.id for x in screen.shown}
    assert screen.mark_paid([right], date(2023, 1, 20), "JZ-2023-0050")
    assert not screen.ctx.undo_stack.canUndo()  # neither can be undone: both are audited


def test_the_empty_list_s_hint_is_not_drawn_over_the_lines(screen, qtbot, ctx, tmp_path):
    """The hint (本年度还没有应拨款项……) was made before the list had its model, so it
    followed none: drawn across the middle of a full list for good."""
    from boostdesk.models import Register

    hint = screen.table.viewport().findChild(QLabel, "empty_hint")
    assert screen.model.rowCount() > 0
    qtbot.waitUntil(lambda: not hint.isVisible())
    empty = PaymentsScreen(year_context(Register.open(tmp_path / "empty.db"), tmp_path,
                                        YEAR, "赵丽娟"))
    qtbot.addWidget(empty)
    empty.show()
    hint = empty.table.viewport().findChild(QLabel, "empty_hint")
    qtbot.waitUntil(hint.isVisible)
    assert "还没有应拨款项" in hint.text()
