"""Finance never pays an award that is no longer right (award_holds).

After approval what an award rests on can change: a conflict of interest found late or a
score corrected ranks a published project out of its tier; a correction or a late fact
(a studio's earlier award never accepted, a grant date outside the window) makes the
application 不合格. Every way money leaves — the 拨付 screen, `pay mark`, `pay list`, the
payment lists, the stamped approval sheet — holds such an award, saying what changed, what
to do and, once part is paid, what is owed or to be recovered to the fen.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from boostdesk import award_holds
from boostdesk.award_holds import holds
from boostdesk.cli import main
from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.cautions import payment_cautions
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.lines import HELD
from boostdesk.finance.paying import check_payable, mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import Register
from boostdesk.models.records import PATENT, PROJECT, StudioAward
from boostdesk.panel import ranking
from boostdesk.panel.errors import PanelError
from boostdesk.panel.experts import declare_conflict
from boostdesk.panel.publicity import close_publicity, settle_rerank
from boostdesk.printing.payments import build_payment_lists, nothing_payable
from boostdesk.rules import recheck
from tests.test_finance import add_patent
from tests.test_panel_rerank import _approved_then_stale, _runner_up_sunk
from tests.test_panel_support import (
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)

PAY_DAY = date(2023, 1, 10)


def _lines(reg: Register, app_id: int, tranche: int = 1, stream: str = PROJECT):
    sync_plan(reg, YEAR)
    return [x for x in payment_lines(reg, YEAR, stream=stream)
            if x.app_id == app_id and x.tranche == tranche]


def _approved(reg: Register) -> tuple[int, int, list[int]]:
    a, b, experts = _runner_up_sunk(reg)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    return a, b, experts


# -- a ranking changed after the close ---------------------------------------------------
def test_an_award_a_late_conflict_ranks_out_is_held_from_payment_saying_what_to_do(reg):
    a, _b = _approved_then_stale(reg)
    lines = _lines(reg, a)
    assert lines and all(x.held and x.state(PAY_DAY) == HELD for x in lines)
    why = lines[0].held_why
    assert "区级甲项目”暂缓拨付：核准后排名已变化（有评分不再计入、评分更正或名额调整）——公示为3万元档，按现有评分为未获助推" in why
    assert "核准 ¥30,000.00，按现结果应为 ¥0.00" in why
    assert "请在“公示”中点“排名复核…”：" in why and "命令行" not in why  # the window's way
    with pytest.raises(FinanceError, match="排名已变化"):
        check_payable(reg, lines[0].id, PAY_DAY, "记-1")
    with pytest.raises(FinanceError, match="均未登记"):
        mark_all_paid(reg, [x.id for x in lines], PAY_DAY, "记-1")
    assert all(x.paid_date is None for x in _lines(reg, a))


def test_kept_on_review_the_award_is_paid_again(reg):
    a, _b = _approved_then_stale(reg)
    settle_rerank(reg, a, False, "经评审组研究，维持原公示结果")
    lines = _lines(reg, a)
    assert not any(x.held for x in lines)
    mark_all_paid(reg, [x.id for x in lines], PAY_DAY, "记-2")
    assert reg.project(a).status == "paid_first"


def test_after_the_first_tranche_the_rest_is_held_and_what_to_recover_is_said_to_the_fen(reg):
    """Paid 60 % of 3万 (¥18,000.00), then a conflict ranks it out: the rest is not paid
    on acceptance, and the message says ¥18,000.00 was paid against ¥0.00 now due."""
    a, b, experts = _approved(reg)
    mark_all_paid(reg, [x.id for x in _lines(reg, a)], PAY_DAY, "记-3")
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")
    record_acceptance(reg, a, date(2023, 12, 20))
    rest = _lines(reg, a, tranche=2)
    assert rest and all(x.released and x.held for x in rest)
    assert ("已拨付 ¥18,000.00，按现结果应为 ¥0.00，多拨 ¥18,000.00，应予追回"
            in rest[0].held_why)
    with pytest.raises(FinanceError, match="应予追回"):
        check_payable(reg, rest[0].id, date(2023, 12, 21), "记-4")
    # revoking would take back paid money: refused, naming it; keeping releases the rest
    with pytest.raises(PanelError, match="已登记拨付 ¥18,000.00.*不能撤销核准"):
        settle_rerank(reg, a, True, "撤销")
    settle_rerank(reg, a, False, "经研究维持，已拨付部分不追回")
    mark_all_paid(reg, [x.id for x in _lines(reg, a, tranche=2)], date(2023, 12, 21), "记-5")
    assert reg.project(a).status == "paid_final"


def test_the_payment_lists_leave_a_held_award_out_and_name_why(reg):
    a, _b = _approved_then_stale(reg)
    sync_plan(reg, YEAR)
    assert build_payment_lists(reg, YEAR, 1) == []
    why = nothing_payable(reg, YEAR, 1)
    assert f"2 笔（¥18,000.00）{HELD}" in why and "排名已变化" in why


def test_pay_list_and_pay_mark_on_the_command_line(reg, capsys):
    a, _b = _approved_then_stale(reg)
    sync_plan(reg, YEAR)
    ids = [str(x.id) for x in _lines(reg, a)]
    reg.close()
    db = ["--db", str(reg.path)]
    capsys.readouterr()
    assert main(["pay", "list", *db]) == 0
    out = capsys.readouterr().out
    assert f"{HELD}" in out and "注意：创新项目助推“区级甲项目”暂缓拨付：核准后排名已变化" in out
    # the window's place and, here only, the command (the window names no command)
    assert f"请在“公示”中点“排名复核…”（命令行 boostdesk --db {reg.path} publicity review）：" in out
    assert main(["pay", "mark", *ids, *db, "--date", "2023-01-10", "--voucher", "记-6"]) == 1
    err = capsys.readouterr().err
    assert "排名已变化" in err and "2 笔均未登记" in err


# -- the application found 不合格 after approval ------------------------------------------
def test_a_project_corrected_into_ineligibility_is_held_until_put_right(reg):
    a, _b, _e = _approved(reg)
    right = reg.project(a)
    reg.save_project(replace(right, approval_date=date(2021, 3, 1)), reason="录入有误，以申报材料为准")
    recheck(reg)
    [line, *_] = _lines(reg, a)
    assert line.held and "核准后经核对为不合格——立项日期 2021-03-01 不在 2022 年内" in line.held_why
    with pytest.raises(FinanceError, match="不合格"):
        check_payable(reg, line.id, PAY_DAY, "记-7")
    reg.save_project(replace(reg.project(a), approval_date=right.approval_date), reason="录入有误，以申报材料为准")
    recheck(reg)
    assert not any(x.held for x in _lines(reg, a))


def test_a_studios_unaccepted_earlier_award_found_after_approval_holds_the_award(reg):
    a, _b, _e = _approved(reg)
    reg.add_studio_award(StudioAward("工作室甲", 2021, "往年项目", 30_000_00, accepted=False))
    recheck(reg)
    [line, *_] = _lines(reg, a)
    assert line.held and "核准后经核对为不合格" in line.held_why


def test_kept_by_the_office_it_is_paid_and_a_new_finding_holds_it_again(reg, capsys):
    a, _b, _e = _approved(reg)
    reg.add_studio_award(StudioAward("工作室甲", 2021, "往年项目", 30_000_00, accepted=False))
    recheck(reg)
    [line, *_] = _lines(reg, a)
    reg.close()
    db = ["--db", str(reg.path)]
    capsys.readouterr()
    assert main(["pay", "keep", str(line.id), *db, "--reason", " "]) != 0
    assert "请填写维持核准的理由" in capsys.readouterr().err
    assert main(["pay", "keep", str(line.id), *db, "--reason", "往年项目已于2022年验收，补录有误"]) == 0
    assert "已登记维持核准" in capsys.readouterr().out
    reg2 = Register.open(reg.path, operator="测试员")
    try:
        assert not any(x.held for x in _lines(reg2, a))
        reg2.save_project(replace(reg2.project(a), approval_date=date(2021, 3, 1)), reason="录入有误，以申报材料为准")
        recheck(reg2)
        [again, *_] = _lines(reg2, a)
        assert again.held and "立项日期 2021-03-01" in again.held_why
        assert "往年" not in again.held_why  # the finding kept is not held again
    finally:
        reg2.close()


def test_a_patent_corrected_out_of_the_window_is_held_and_refused_by_hand_moves_only(reg):
    app_id = add_patent(reg)
    [line, *_] = _lines(reg, app_id, stream=PATENT)
    assert not line.held
    reg.save_patent(replace(reg.patent(app_id), grant_date=date(2020, 12, 31)), reason="录入有误，以申报材料为准")
    recheck(reg)
    [line, *_] = _lines(reg, app_id, stream=PATENT)
    assert line.held and "发明专利助推“一种测试方法”暂缓拨付：核准后经核对为不合格" in line.held_why
    assert "改为资格审核不通过" in line.held_why
    with pytest.raises(FinanceError, match="不合格"):
        check_payable(reg, line.id, PAY_DAY, "记-8")


def test_a_patent_passed_by_hand_against_its_findings_is_paid(reg):
    """The clerk's 核准 against a finding, with a reason (改变状态), is the office's decision:
    its findings on record, the award is not held for them."""
    from boostdesk.models.records import PatentApplication
    from boostdesk.rules.hand_moves import check_hand_move

    app_id = reg.save_patent(PatentApplication(
        campaign_year=YEAR, title="一种测试装置", patent_number_raw="ZL202120987654.3",
        grant_date=date(2021, 5, 11), inventor_name="李四", id_number="110108198506123146",
        card_number="6214830112341234", unit_name="海淀区总工会", enterprise_name="北京测试有限公司",
        frontline=True, service_invention=True, applied_in_production=True))  # a utility model
    reg.set_status(PATENT, app_id, "qualified", "经研究按发明专利对待")
    with reg.transaction():
        check_hand_move(reg, PATENT, [app_id], "approved", "经研究按发明专利对待")
        reg.set_status(PATENT, app_id, "approved", "经研究按发明专利对待",
                       award_fen=3000_00, approved_date=date(2022, 12, 15))
    assert award_holds.accepted_findings(reg, PATENT, app_id)
    [line, *_] = _lines(reg, app_id, stream=PATENT)
    assert not line.held


def test_the_approval_sheets_printer_is_told_of_a_refused_award(reg, tmp_path, capsys):
    a, _b, _e = _approved(reg)
    reg.save_project(replace(reg.project(a), approval_date=date(2021, 3, 1)), reason="录入有误，以申报材料为准")
    recheck(reg)
    reg.close()
    capsys.readouterr()
    assert main(["print", "approval", "--db", str(reg.path), "--out", str(tmp_path / "a.pdf"),
                 "--year", str(YEAR)]) == 0
    assert "注意：审批表中创新项目助推“区级甲项目”暂缓拨付：核准后经核对为不合格" in (
        capsys.readouterr().out)


# -- cheap at scale ----------------------------------------------------------------------
def test_the_ranking_is_run_only_after_a_change_that_could_move_it(reg, monkeypatch):
    """The ranking takes seconds at a large panel: nothing since the close, or only
    payments, never runs it; a late conflict runs it once."""
    a, b, experts = _approved(reg)
    runs = []
    real = ranking.rank
    monkeypatch.setattr(ranking, "rank", lambda *args, **kw: runs.append(1) or real(*args, **kw))
    sync_plan(reg, YEAR)
    assert holds(reg, YEAR) == {} and runs == []
    mark_all_paid(reg, [x.id for x in _lines(reg, a)], PAY_DAY, "记-9")
    assert holds(reg, YEAR) == {} and runs == []
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")
    runs.clear()
    assert (PROJECT, a) in holds(reg, YEAR) and runs == [1]
    sync_plan(reg, YEAR)
    payment_lines(reg, YEAR)
    assert (PROJECT, a) in award_holds.holds(reg, YEAR) and runs == [1]
    # the next year's plan, papers and panel go on while this year's tranches are paid
    reg.save_campaign(reg.campaign(YEAR).for_year(YEAR + 1))
    nxt = make_project(reg, "次年项目", "工作室丙", year=YEAR + 1)
    to_review(reg, nxt)
    score_all(reg, add_experts(reg, 1, year=YEAR + 1)[0], {nxt: 80}, year=YEAR + 1)
    assert (PROJECT, a) in holds(reg, YEAR) and runs == [1]
    reg.save_project(replace(reg.project(b), contact_phone="13900139000"))  # this year's
    assert (PROJECT, a) in holds(reg, YEAR) and runs == [1, 1]


# -- the 拨付 screen ----------------------------------------------------------------------
def _payments(reg: Register, tmp_path, qtbot):
    """拨付 open on the year, as 赵丽娟 (finance)."""
    from test_ui_support import year_context

    from boostdesk.ui.payments_screen import PaymentsScreen

    w = PaymentsScreen(year_context(reg, tmp_path, YEAR, "赵丽娟"))
    qtbot.addWidget(w)
    w.resize(1200, 600)
    w.show()
    return w


def test_the_payments_screen_shows_the_hold_and_will_not_pay_it(reg, tmp_path, qtbot):
    from test_finance_screen import click_row

    a, _b = _approved_then_stale(reg)
    w = _payments(reg, tmp_path, qtbot)
    held = [x for x in w.shown if (x.stream, x.app_id) == (PROJECT, a)]
    assert held and all(w.states[x.id] == HELD for x in held)
    click_row(qtbot, w.table, w.model.row_of(held[0].id))
    assert not w.pay_button.isEnabled()
    assert "排名已变化" in w.describe(held[0].id) and "排名复核" in w.describe(held[0].id)
    assert "排名已变化" in w.summary.text() and HELD in w.summary.text()
    qtbot.keyClick(w.table, Qt.Key.Key_Return)  # Enter on a held line opens no payment
    assert w.dialog is None or not w.dialog.isVisible()


def test_a_quota_cut_in_settings_after_approval_holds_the_award_it_leaves_out(reg):
    """设置 lets a tier's quota change (名额 are 原则上): cut to none after the close, the
    approved award is no longer the ranking's and is held, with the same review to settle it."""
    a, _b, _e = _approved(reg)
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=0) if t.amount_fen == 3 * WAN else t for t in c.tiers)))
    [line, *_] = _lines(reg, a)
    assert line.held and "名额调整）——公示为3万元档，按现有评分为未获助推" in line.held_why


def test_a_new_year_does_not_name_a_held_award_among_last_years_arrears(reg):
    from boostdesk.finance.other_years import still_owed

    a, b = _approved_then_stale(reg)
    sync_plan(reg, YEAR)
    reg.save_campaign(reg.campaign(YEAR).for_year(YEAR + 1))
    assert still_owed(reg, YEAR + 1, as_of=date(2023, 6, 1)) == []
    settle_rerank(reg, a, False, "维持")
    [owed] = still_owed(reg, YEAR + 1, as_of=date(2023, 6, 1))
    assert (owed.year, owed.count, owed.amount_fen) == (YEAR, 2, 30_000_00 * 60 // 100)


def test_the_stamped_approval_sheet_of_a_held_award_says_it_is_held(reg, tmp_path):
    """Signed and stamped, the sheet is what finance pays from: the change is on it."""
    from test_printing import pdf_text, squash

    from boostdesk.printing.approval import load_sheets, write_approval_pdf

    a, _b = _approved_then_stale(reg)
    [sheet] = load_sheets(reg, YEAR)
    assert sheet.hold.startswith("核准后排名已变化")
    write_approval_pdf(tmp_path / "a.pdf", [sheet], None)
    text = squash(pdf_text(tmp_path / "a.pdf"))
    assert "暂缓拨付，待复核" in text and "按现有评分为未获助推" in text


def test_the_payments_screen_keeps_a_refused_award_with_a_reason_then_pays_it(
        reg, tmp_path, qtbot):
    from test_finance_screen import click_row
    from test_ui_support import closed, type_text

    a, _b, _e = _approved(reg)
    reg.add_studio_award(StudioAward("工作室甲", 2021, "往年项目", 30_000_00, accepted=False))
    recheck(reg)
    w = _payments(reg, tmp_path, qtbot)
    line = next(x for x in w.shown if (x.stream, x.app_id, x.tranche) == (PROJECT, a, 1))
    click_row(qtbot, w.table, w.model.row_of(line.id))
    assert not w.pay_button.isEnabled() and w.keep_button.isEnabled()
    qtbot.mouseClick(w.keep_button, Qt.MouseButton.LeftButton)
    dialog = w.dialog
    assert "核准后经核对为不合格" in dialog.intro.text()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # no reason: stays, says so
    assert dialog.isVisible() and "理由" in dialog.error.text()
    type_text(qtbot, "往年项目已验收，补录有误", dialog.reason_field)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert closed(dialog)
    assert not any(x.held for x in w.shown if (x.stream, x.app_id) == (PROJECT, a))
    click_row(qtbot, w.table, w.model.row_of(line.id))
    assert w.pay_button.isEnabled() and not w.keep_button.isEnabled()
    [event] = reg.query("SELECT operator, after FROM audit_events WHERE action = 'award_keep'")
    assert event["operator"] == "赵丽娟" and "往年项目已验收" in event["after"]


def test_the_publicity_screens_review_keeps_a_paid_in_part_award_and_frees_the_rest(
        reg, tmp_path, qtbot, monkeypatch):
    """Paid 60 %, then ranked out: 排名复核 names what was paid, offers no revocation
    (money paid is the office's to recover), and a kept award's rest is paid."""
    from PySide6.QtCore import QPoint
    from test_ui_support import type_text

    from boostdesk.ui import dialogs
    from tests.test_panel_rerank import reviewing_first_row
    from tests.test_publicity_screen import _answer

    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: None)
    a, b, experts = _approved(reg)
    mark_all_paid(reg, [x.id for x in _lines(reg, a)], PAY_DAY, "记-10")
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")
    record_acceptance(reg, a, date(2023, 12, 20))
    assert all(x.held for x in _lines(reg, a, tranche=2))
    w = reviewing_first_row(reg, tmp_path, qtbot)

    def keep(dialog) -> None:
        text = dialog.findChildren(type(dialog.error))[0].text()
        assert "已拨付 ¥18,000.00" in text and "撤销核准须追回" in text
        assert not dialog.revoke.isEnabled() and dialog.keep.isChecked()
        qtbot.mouseClick(dialog.keep, Qt.MouseButton.LeftButton,
                         pos=QPoint(8, dialog.keep.height() // 2))
        type_text(qtbot, "经研究维持，已拨付部分不追回", dialog.note_field)

    _answer(qtbot, w, keep)
    qtbot.mouseClick(w.review_button, Qt.MouseButton.LeftButton)
    assert not any(x.held for x in _lines(reg, a, tranche=2))


def test_the_detail_pane_says_the_award_is_held_and_why(reg, qtbot):
    from boostdesk.ui.detail import DetailPane

    a, _b = _approved_then_stale(reg)
    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    pane.show_application(PROJECT, a)
    assert "暂缓拨付：核准后排名已变化" in pane.toPlainText()


# -- a card changed after approval -------------------------------------------------------
def test_a_card_changed_after_approval_is_said_before_paying(reg, tmp_path, qtbot, capsys):
    """The signed sheet bears the card the award was approved to: paying another is asked
    about on 拨付's dialog and said by pay mark and pay list (not refused: a closed card is
    put right so)."""
    from test_finance_screen import click_row

    app_id = add_patent(reg)
    [line, *_] = _lines(reg, app_id, stream=PATENT)
    assert payment_cautions(reg, [line]) == []
    reg.save_patent(replace(reg.patent(app_id), card_number="6214830998877665"),
                    reason="本人换卡")
    w = _payments(reg, tmp_path, qtbot)
    click_row(qtbot, w.table, w.model.row_of(line.id))
    qtbot.mouseClick(w.pay_button, Qt.MouseButton.LeftButton)
    text = w.dialog.findChildren(type(w.dialog.error))[0].text()
    assert "会员卡号在核准后更改过" in text and "6214 **** **** 7665" in text
    w.dialog.reject()
    reg.close()
    capsys.readouterr()
    assert main(["pay", "list", "--db", str(reg.path)]) == 0
    assert "会员卡号在核准后更改过" in capsys.readouterr().out


def test_a_held_line_chosen_with_payable_ones_is_named_as_left_out(reg, tmp_path, qtbot):
    from test_finance_screen import select_rows

    a, _b = _approved_then_stale(reg)
    other = add_patent(reg)
    w = _payments(reg, tmp_path, qtbot)
    held = next(x for x in w.shown if (x.stream, x.app_id, x.tranche) == (PROJECT, a, 1))
    payable = next(x for x in w.shown if x.stream == PATENT and x.app_id == other)
    select_rows(qtbot, w, [w.model.row_of(held.id), w.model.row_of(payable.id)])
    assert w.pay_button.isEnabled()
    qtbot.mouseClick(w.pay_button, Qt.MouseButton.LeftButton)
    text = w.dialog.findChildren(type(w.dialog.error))[0].text()
    assert f"另选中的 1 笔（¥6,000.00）{HELD}，不登记" in text and "排名已变化" in text
    w.dialog.reject()


def test_the_detail_pane_s_way_to_keep_an_award_is_found_on_the_payments_screen(
        reg, tmp_path, qtbot):
    """The detail pane said 维持核准的命令：boostdesk pay keep 7 --reason 理由 to a clerk who
    never opens a command line; it names 拨付's search and 维持核准… now, and they work."""
    import re

    from test_finance_screen import click_row
    from test_ui_support import type_text

    from boostdesk.ui.detail import DetailPane

    a, _b, _e = _approved(reg)
    reg.add_studio_award(StudioAward("工作室甲", 2021, "往年项目", 30_000_00, accepted=False))
    recheck(reg)
    sync_plan(reg, YEAR)
    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    pane.show_application(PROJECT, a)
    said = pane.toPlainText()
    assert "boostdesk" not in said and "pay keep" not in said
    found = re.search(r"维持核准：在“拨付”中按 Ctrl\+F 搜索“(项目\d+)”，选中其款项，点“维持核准…”", said)
    assert found, said
    w = _payments(reg, tmp_path, qtbot)
    w.search.box.setFocus()
    type_text(qtbot, found.group(1), w.search.box)  # as the pane says
    w.search.flush()
    lines = {x.id: x for x in w.shown}
    found_lines = [lines[w.model.id_at(r)] for r in range(w.model.rowCount())]
    assert found_lines and {(x.stream, x.app_id) for x in found_lines} == {(PROJECT, a)}
    click_row(qtbot, w.table, 0)
    assert w.keep_button.text() == "维持核准(&K)…" and w.keep_button.isEnabled()

