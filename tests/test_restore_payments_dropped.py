"""The finance officer registers a payment (¥1,500.00, 记-2023-0500), then the register is
restored to the backup taken just before it. 拨付 and 待办 list that money as unpaid
again; the restore's line, and what it says on the command line and in the window, name
the payment by its money and voucher and warn that it must be registered again if the money
went out (the line said only "1 条修改记录…不在恢复后的登记册中")."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from test_ui_support import answers, qsettings
from test_year_archive import demo, demo_master  # noqa: F401 - its demo register in data/

from boostdesk.cli import main
from boostdesk.safety.backup import list_backups
from boostdesk.safety.session import open_register
from boostdesk.ui.context import AppContext
from boostdesk.ui.main_window import MainWindow
from boostdesk.ui.restore_dialog import RestoreDialog

__all__ = ["answers", "demo", "demo_master", "qsettings"]


def _pay(db, capsys) -> tuple[int, str]:
    """An unpaid payment of the demo registered paid by 王会计: (its id, its ¥ amount)."""
    conn = sqlite3.connect(db)
    try:
        pid, fen = conn.execute("SELECT id, amount_fen FROM payments WHERE paid_date IS NULL"
                                " ORDER BY id LIMIT 1").fetchone()
    finally:
        conn.close()
    assert main(["pay", "mark", str(pid), "--date", "2023-01-10", "--voucher", "记-2023-0500",
                 "--operator", "王会计", "--db", str(db)]) == 0
    capsys.readouterr()
    return pid, f"¥{fen / 100:,.2f}"


def test_the_restore_names_the_payment_it_takes_out_and_warns(demo, capsys):
    pid, money = _pay(demo, capsys)
    before = list_backups(demo)[0]
    assert before.reason == "payment"
    assert main(["restore", str(before.path), "--db", str(demo), "--operator", "王会计"]) == 0
    said = capsys.readouterr().out
    paid = f"登记拨付 1 笔 {money}（拨付{pid} "
    assert paid in said and "凭证 记-2023-0500" in said, said
    assert "这 1 笔拨付在登记册中又是未拨付" in said and "以免重复付款" in said
    assert main(["audit", "--db", str(demo)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert "从备份恢复登记册" in last and paid in last
    assert "以免重复付款" in last


def test_the_window_says_it_in_a_box(demo, capsys, tmp_path, qtbot, qapp, answers, qsettings):
    pid, money = _pay(demo, capsys)
    reg = open_register(demo, "王会计", start_backup=False).reg
    ctx = AppContext(reg, settings=qsettings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    try:
        window.restore_action.trigger()
        dialog = window.current_dialog
        assert isinstance(dialog, RestoreDialog) and "拨付前" in dialog.list.item(0).text()
        dialog.list.setFocus()
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)  # the newest: just before the payment
        qtbot.waitUntil(lambda: not ctx.busy and ctx.reg is not reg, timeout=20_000)
        assert answers.errors == []
        [(title, text)] = answers.infos
        assert title == "恢复后请核对拨付"
        assert f"登记拨付 1 笔 {money}（拨付{pid} " in text and "以免重复付款" in text
    finally:
        ctx.shutdown()
        window.close()
        ctx.reg.close()
