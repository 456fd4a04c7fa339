"""An approved patent whose first inventor has no union card registered (一（四）3: 资金发放至
…工会会员互助服务卡): approved with the office's reason (卡号后补), its money cannot leave
until the card is filled in. It is held as 待补卡号 on every path — `todo` its own item with
the fix, `pay list`, the 拨付 screen, the 拨付清单 (set apart, never in 合计 or 大写) —,
still asked for once a later year closes its own, and its 审批表 says the gap, the reason
and that payment waits for the card, as it says a pass against a failed rule."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures.summary_sheets import ID_2, INVENTION_2
from test_cli_review import _open, a_patent, review
from test_printing import pdf_text, squash

from boostdesk.cli import main
from boostdesk.finance.lines import NO_CARD
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models.records import PATENT
from boostdesk.rules.findings import ASK, SETTLED

REASON = "卡号后补"


@pytest.fixture
def db(tmp_path):
    return tmp_path / "register.db"


def _two_approved(db) -> tuple[int, int]:
    """专利1 with its card, 专利2 (李四) with none, both approved on 2022-11-20: the
    second on the office's reason."""
    reg = _open(db)
    with_card = a_patent(reg)
    blank = a_patent(reg, title="一种数控刀具磨损监测装置", patent_number_raw=INVENTION_2,
                     inventor_name="李四", id_number=ID_2, card_number="")
    reg.close()
    for ref, extra in (("专利1", ()), ("专利2", ("--reason", REASON))):
        assert review(db, "decide", ref, "--pass", "--date", "2022-11-10", *extra) == 0
        assert review(db, "decide", ref, "--approve", "--date", "2022-11-20", *extra) == 0
    return with_card, blank


def _cli(db, *argv: str) -> int:
    return main([*argv, "--db", str(db), "--operator", "录入员甲"])


def test_todo_gives_the_missing_card_its_own_item_with_the_fix_not_a_payment_to_mark(
        db, capsys):
    _with_card, blank = _two_approved(db)
    capsys.readouterr()
    assert _cli(db, "todo", "--json") == 0
    import json

    items = [i for g in json.loads(capsys.readouterr().out)["groups"] for i in g["items"]]
    mine = [i for i in items if i["app_id"] == blank and i["stream"] == PATENT]
    assert [i["kind"] for i in mine] == ["payment_no_card"]
    assert mine[0]["kind_label"] == "待补卡号"
    assert "未登记工会会员互助服务卡号" in mine[0]["todo"] and "¥3,000.00" in mine[0]["todo"]
    assert "correct card 专利2" in mine[0]["where"] and "pay mark" not in mine[0]["where"]


def test_pay_list_names_the_lines_waiting_for_the_card_apart_from_what_is_due(db, capsys):
    _two_approved(db)
    capsys.readouterr()
    assert _cli(db, "pay", "list") == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if "→  李四" in line]
    assert len(rows) == 2 and all(f"  {NO_CARD}  " in row for row in rows)
    assert "待拨付 2 笔 ¥3,000.00" in out  # 张三's two shares only
    assert f"另{NO_CARD} 2 笔 ¥3,000.00（未计入待拨付）" in out
    assert "correct card 专利2" in out


def test_the_payment_list_sets_the_card_less_award_apart_out_of_its_total(db, tmp_path, capsys):
    _two_approved(db)
    pdf = tmp_path / "拨付清单.pdf"
    assert _cli(db, "print", "payments", "--tranche", "1", "--out", str(pdf)) == 0
    out = capsys.readouterr().out
    assert "1 笔，合计 ¥1,500.00（人民币壹仟伍佰元整）；另有 1 笔 ¥1,500.00 待补卡号、暂不拨付" in out
    text = squash(pdf_text(pdf))
    assert "（未登记卡号）" not in text  # no row of it to pay
    assert text.count("合计：¥1,500.00大写：人民币壹仟伍佰元整") == 2  # each payer's: 张三's
    assert text.count("另有1笔¥1,500.00待补卡号、暂不拨付，未列入本清单：专利“一种数控刀具磨损监测装置”"
                      "第一发明人李四未登记工会会员互助服务卡号") == 2


def test_a_later_year_does_not_excuse_the_card_of_money_still_unpaid(db, capsys):
    _two_approved(db)
    assert _cli(db, "campaign", "new", "--year", "2023", "--from", "2022") == 0
    capsys.readouterr()
    assert _cli(db, "check", "--year", "2022") == 0
    out = capsys.readouterr().out
    said = out[out.index("李四"):]
    assert "待补材料" in said.splitlines()[0]
    assert "缺少“工会会员互助服务卡号”" in said and "请补充" in said
    assert SETTLED not in out
    reg = _open(db)
    try:
        findings = reg.scalar("SELECT findings FROM patent_applications WHERE id = 2")
        assert ASK in findings and SETTLED not in findings
    finally:
        reg.close()


def test_the_approval_sheet_says_the_missing_card_the_reason_and_the_wait(db, tmp_path):
    _two_approved(db)
    pdf = tmp_path / "审批表.pdf"
    assert _cli(db, "print", "approval", "--ref", "专利2", "--out", str(pdf)) == 0
    text = squash(pdf_text(pdf))
    assert "符合《实施方案》" not in text  # a condition unverified, not met
    # (the row's label sits between its wrapped lines in the text)
    assert "资格审核通过（2022年11月10日）；系统核对意见：缺少“工会会员互助服务卡" in text
    assert "无须补充" not in text and "请补充" not in text
    assert ("经研究，本专利第一发明人未登记工会会员互助服务卡号（方案一（二）2），按“卡号后补”"
            "理由同意助推，助推资金¥3,000.00，待补填卡号后拨付至该卡。") in text
    assert "经审核，同意助推" not in text
    # 专利1, whole, as before
    whole = tmp_path / "审批表1.pdf"
    assert _cli(db, "print", "approval", "--ref", "专利1", "--out", str(whole)) == 0
    assert "经审核，同意助推，助推资金¥3,000.00。" in squash(pdf_text(whole))


def test_the_payments_screen_shows_the_lines_waiting_for_the_card_and_why(db, tmp_path, qtbot):
    from test_finance_screen import click_row
    from test_ui_support import year_context

    from boostdesk.ui.payments_screen import PaymentsScreen

    _with_card, blank = _two_approved(db)
    reg = _open(db)
    try:
        w = PaymentsScreen(year_context(reg, tmp_path, 2022, "赵丽娟"))
        qtbot.addWidget(w)
        w.resize(1300, 700)
        w.show()
        waiting = [x for x in payment_lines(reg, 2022) if x.app_id == blank]
        assert [w.states[x.id] for x in waiting] == [NO_CARD, NO_CARD]
        summary = w.summary.text()
        assert f"{NO_CARD} 2 笔 ¥3,000.00（未计入待拨付" in summary
        assert "待拨付 <b>2</b> 笔 ¥3,000.00" in summary
        click_row(qtbot, w.table, w.model.row_of(waiting[0].id))
        assert not w.pay_button.isEnabled()
        assert "待补卡号、暂不拨付" in w.greyed.text() and "补填卡号" in w.greyed.text()
        w.state.setCurrentText(NO_CARD)  # the filter lists them
        qtbot.waitUntil(lambda: {x.id for x in w.shown} == {x.id for x in waiting})
    finally:
        reg.close()


def test_pay_mark_refuses_with_the_card_to_fill_in_not_an_objection(db, capsys):
    _two_approved(db)
    capsys.readouterr()
    assert _cli(db, "pay", "mark", "3", "--date", "2023-01-10", "--voucher", "记-1") == 1
    err = capsys.readouterr().err
    assert "未登记工会会员互助服务卡号" in err and "请先在申报表中补填卡号" in err
    assert "异议" not in err


def test_the_pane_and_the_union_s_progress_say_the_money_waits_for_the_card(db):
    from boostdesk.finance.payout import payout
    from boostdesk.progress import union_progress

    _with_card, blank = _two_approved(db)
    reg = _open(db)
    try:
        p = payout(reg, PATENT, reg.patent(blank), date(2023, 3, 1))
        assert p is not None and {x.state for x in p.lines} == {NO_CARD}
        assert all("未登记工会会员互助服务卡号" in x.text for x in p.lines)
        assert p.next_step.startswith("请第一发明人提供工会会员互助服务卡号")
        # who pays whom: "拨付北京市总工会、…的" read as money paid to the unions
        assert p.next_step.endswith(
            "补填后，由北京市总工会、北京市海淀区总工会拨付 ¥3,000.00 至本人会员卡")
        assert p.owed_fen == 3000_00
        said = union_progress(reg, 2022, "北京市海淀区总工会", date(2023, 3, 1)).summary()
        # the union's two shares: 张三's due (overdue), 李四's waiting for his card
        assert "现应拨付 ¥1,500.00" in said and "另 ¥1,500.00 待补填互助服务卡号后拨付" in said
    finally:
        reg.close()


def test_a_new_year_s_list_counts_last_year_s_arrears_without_the_card_less_award(db, capsys):
    _two_approved(db)
    assert _cli(db, "campaign", "new", "--year", "2023", "--from", "2022") == 0
    capsys.readouterr()
    assert _cli(db, "pay", "list", "--year", "2023") == 0
    out = capsys.readouterr().out
    assert "2022 年度尚有 2 笔待拨付（¥3,000.00，已逾期 2 笔）" in out  # 张三's, not 李四's


def test_the_year_s_statistics_still_count_the_card_less_award_as_owed(db):
    """待补卡号 holds the money from the lists to pay, not from what the union still owes."""
    from boostdesk.statistics import year_statistics

    _two_approved(db)
    reg = _open(db)
    try:
        stats = year_statistics(reg, 2022, as_of=date(2023, 3, 1))
        row = next(r for r in stats.rows[PATENT] if r.unit == "北京市海淀区总工会")
        assert row.due_fen == 6000_00
    finally:
        reg.close()


def _one_approved(db, reason: str) -> None:
    reg = _open(db)
    a_patent(reg, card_number="")
    reg.close()
    assert review(db, "decide", "专利1", "--pass", "--date", "2022-11-10", "--reason", "先行审核") == 0
    assert review(db, "decide", "专利1", "--approve", "--date", "2022-11-20",
                  "--reason", reason) == 0


def test_the_approval_sheet_prints_the_reason_whole_wrapped_in_its_box(db, tmp_path):
    reason = "卡号待补，推荐单位承诺一周内报送"
    _one_approved(db, reason)
    pdf = tmp_path / "审批表.pdf"
    assert _cli(db, "print", "approval", "--ref", "专利1", "--out", str(pdf)) == 0
    text = squash(pdf_text(pdf))
    assert f"按“{reason}”理由同意助推" in text and "……" not in text
    assert "待补填卡号后拨付至该卡。" in text
    assert "附页" not in text  # the box has room for it


def test_a_reason_longer_than_the_box_goes_whole_on_the_annex(db, tmp_path):
    from dataclasses import replace

    from boostdesk.printing.approval import load_sheets, write_approval_pdf

    _one_approved(db, REASON)
    reason = "推荐单位来函说明第一发明人会员卡正在补办，承诺补办完成后一周内报送卡号，" * 16
    reg = _open(db)
    try:
        [sheet] = load_sheets(reg, 2022)
    finally:
        reg.close()
    pdf = tmp_path / "审批表.pdf"
    assert write_approval_pdf(pdf, [replace(sheet, card_wait=reason)]) == 2
    page, annex = squash(pdf_text(pdf, 1)), squash(pdf_text(pdf, 2))
    assert "……（核准意见全文见本表附页）" in page and "第1页共2页" in page
    assert "审批表附页" in annex and "第2页共2页" in annex
    assert "北京市总工会核准意见：经研究，本专利" in annex
    assert f"按“{reason}”理由同意助推" in annex and "经办人：" in annex


def test_the_union_s_letter_says_the_card_less_patent_is_approved_and_waits_for_the_card(
        db, tmp_path):
    import openpyxl

    _two_approved(db)
    out = tmp_path / "letters"
    assert _cli(db, "export", "notices", "--out", str(out)) == 0
    [letter] = out.glob("*.xlsx")
    rows = [r for r in openpyxl.load_workbook(letter).worksheets[0].iter_rows(values_only=True)
            if "专利2" in r]
    [row] = rows
    said = next(c for c in row if isinstance(c, str) and "工会会员互助服务卡号" in c)
    assert said.startswith("【未填写，待补】已核准，助推资金待补填互助服务卡号后拨付：缺少“工会会员互助服务卡号”")
