"""A patent whose two transfers — the federation's share and the recommending union's —
both came back from the inventor's card (退汇, 卡号错误) is 待更正卡号 on both lines; its note
(`pay list`'s 注意, 待办's item, 拨付's greyed 登记拨付, a list's 没有尚需拨付 reason) named one
return alone — `pay list` the last line's voucher, 待办 the first's — so finance looked for
the other voucher in the bank's statement under no name. Each payer's return is named now
(finance.lines.returns_text), and each line's 确认原卡号重拨 (one line at a time)."""

from __future__ import annotations

from datetime import date

from boostdesk.cli import main
from boostdesk.finance.lines import CARD_STALE, card_wait_fact, card_wait_why, returns_text
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import return_payments
from boostdesk.printing.payments import nothing_payable
from tests.test_finance import add_patent

DAY = date(2023, 3, 20)
FED_BACK = "北京市总工会 2023-03-15 退回（卡号错误），原凭证 记-2303-001"
UNION_BACK = "海淀区总工会 2023-03-16 退回（卡号错误），原凭证 海工-2303-01"


def _both_returned(reg) -> tuple[int, int, int]:
    """张三's patent: the federation's share paid under 记-2303-001, the union's under
    海工-2303-01, both sent back by the bank from his card. (app, federation's, union's)."""
    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    mine = {x.payer: x.id for x in payment_lines(reg, 2022) if x.app_id == app_id}
    mark_all_paid(reg, [mine["federation"]], date(2023, 3, 8), "记-2303-001")
    mark_all_paid(reg, [mine["union"]], date(2023, 3, 9), "海工-2303-01")
    return_payments(reg, [mine["federation"]], date(2023, 3, 15), "卡号错误")
    return_payments(reg, [mine["union"]], date(2023, 3, 16), "卡号错误")
    return app_id, mine["federation"], mine["union"]


def test_the_awards_note_names_both_payers_returns(reg):
    _app, fed, union = _both_returned(reg)
    lines = [x for x in payment_lines(reg, 2022) if x.id in (fed, union)]
    assert all(x.state(DAY) == CARD_STALE for x in lines)
    assert returns_text(lines) == f"{FED_BACK}；{UNION_BACK}"
    for said in (card_wait_why(lines), card_wait_fact(lines)):
        assert FED_BACK in said and UNION_BACK in said, said
    # one line alone reads as before: its own return, no payer named
    [one] = [x for x in lines if x.id == union]
    assert returns_text([one]) == UNION_BACK.removeprefix("海淀区总工会 ")
    # the list's reason why nothing is payable: the award once, both vouchers
    why = nothing_payable(reg, 2022, 1)
    assert why.count("汇往第一发明人") == 1 and FED_BACK in why and UNION_BACK in why, why


def test_pay_list_and_todo_name_both_vouchers(reg, capsys):
    _app, fed, union = _both_returned(reg)
    db = str(reg.path)
    reg.close()
    assert main(["--db", db, "pay", "list", "--year", "2022"]) == 0
    [note] = [s for s in capsys.readouterr().out.splitlines() if s.startswith("注意：待更正卡号")]
    assert FED_BACK in note and UNION_BACK in note, note
    assert f"pay keep-card {fed} " in note and f"pay keep-card {union} " in note
    assert main(["--db", db, "todo", "--date", DAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert FED_BACK in out and UNION_BACK in out, out
    assert f"pay keep-card {fed} " in out and f"pay keep-card {union} " in out


def test_the_payments_screen_names_both_vouchers_of_the_lines_chosen(reg, tmp_path, qtbot):
    from test_finance_screen import select_rows
    from test_ui_support import year_context

    from boostdesk.ui.payments_screen import PaymentsScreen

    _app, fed, union = _both_returned(reg)
    w = PaymentsScreen(year_context(reg, tmp_path, 2022, "赵丽娟"))
    qtbot.addWidget(w)
    w.resize(1300, 700)
    w.show()
    assert w.states[fed] == w.states[union] == CARD_STALE
    select_rows(qtbot, w, [w.model.row_of(fed), w.model.row_of(union)])
    assert not w.pay_button.isEnabled()
    said = w.greyed.text()
    assert "待更正卡号（退汇后未更正）、暂不拨付" in said
    assert FED_BACK in said and UNION_BACK in said, said
