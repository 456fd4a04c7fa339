"""One studio typed two ways, each spelling under its own 所在单位: merging them moves an
approved, unpaid award's payee to the other studio's enterprise (its signed approval
sheet names the first), while a paid one stays paid where it was. 工作室 → 修改's merge
question said only “按…的级别、所在单位等核对”."""

from __future__ import annotations

from datetime import date

from test_finance import add_project
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.finance.paying import record_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models.records import PROJECT

__all__ = ["answers", "ctx", "qsettings", "window"]


def two_spellings(reg):
    """甲 under 甲公司 (approved; ``paid``: its first tranche paid), the right spelling's
    studio under 乙公司."""
    first = add_project(reg, studio="李红兵创新工作室", title="甲项目")
    reg.conn.execute("UPDATE enterprises SET name = '甲公司'")
    # the right spelling's project still in review: two awards of one year would refuse the
    # merge (二（二）2, models.studio_limits)
    add_project(reg, studio="李红兵劳模创新工作室", title="乙项目", status="review")
    with reg.transaction():
        reg.ensure_studio("李红兵劳模创新工作室", None, None, reg.ensure_enterprise("乙公司"))
    sync_plan(reg, 2022)
    return first


def merge(window, qtbot, reg):
    from boostdesk.ui.studio_screen import StudioDialog

    dialog = StudioDialog(window.ctx, reg.studio("李红兵创新工作室"))
    qtbot.addWidget(dialog)
    dialog.name.setText("李红兵劳模创新工作室")
    dialog.accept()


def test_merging_names_the_approved_award_whose_payee_changes(window, qtbot, reg, answers):
    first = two_spellings(reg)
    merge(window, qtbot, reg)
    question = answers.questions[-1]
    assert f"已核准、尚未拨付的项目（项目{first}）收款单位将由“甲公司”改为“乙公司”" in question
    assert {x.payee for x in payment_lines(reg, 2022, app_ids=[first])} == {"乙公司"}


def test_merging_says_a_paid_award_stays_paid_where_it_was(window, qtbot, reg, answers):
    first = two_spellings(reg)
    for line in payment_lines(reg, 2022, stream=PROJECT, app_ids=[first]):
        if line.tranche == 1:
            record_paid(reg, line.id, date(2023, 1, 10), "记-2023-0002")
    merge(window, qtbot, reg)
    assert f"已拨付的项目（项目{first}：“甲公司”）仍拨付给原收款单位" in answers.questions[-1]
    assert {x.payee for x in payment_lines(reg, 2022, app_ids=[first])} == {"甲公司"}
