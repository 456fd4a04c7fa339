"""“When does the money come, and to which card?” — the detail pane's 拨付 block and its
下一步 (finance.payout, progress.next_step): per payer the amount, the due day and the
state, the day and the card's last four digits it went to, a transfer sent back and what
it needs, a project's 尾款 waiting for its acceptance and the days past its latest
completion date. A clerk on the telephone read 核准 · 助推金额 ¥3,000.00 and nothing more."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.returns import return_payments
from boostdesk.models import clock
from boostdesk.models.campaign import FEDERATION
from boostdesk.models.records import PATENT, PROJECT
from tests.test_finance import WAN, add_patent, add_project, lines_of

DAY = date(2023, 3, 10)
CARD = "6214830112341234"  # add_patent's 张三's


def _half_paid(reg) -> int:
    """张三's patent, approved 2022-12-15: the federation's half paid, the union's owed."""
    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    for x in lines_of(reg, PATENT, app_id):
        if x.payer == FEDERATION:
            mark_paid(reg, x.id, date(2023, 2, 20), "记-2023-0031")
    return app_id


def payout(*args):
    from boostdesk.finance.payout import payout as said  # (the pane's tests need it not)

    return said(*args)


def _pane(reg, qtbot, stream, app_id):
    from boostdesk.ui.detail import DetailPane

    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    pane.resize(420, 900)
    with clock.fixed_day(DAY):
        pane.show_application(stream, app_id)
    return pane


def test_a_half_paid_patent_says_who_paid_to_which_card_and_when_the_rest_is_due(reg):
    app_id = _half_paid(reg)
    money = payout(reg, PATENT, reg.patent(app_id), DAY)
    assert [x.text for x in money.lines] == [
        "北京市总工会 ¥1,500.00：已拨付（2023-02-20 汇至会员卡尾号 1234）",
        "海淀区总工会 ¥1,500.00：待拨付，应于 2023-03-15 前拨付至会员卡尾号 1234（还有 5 天）"]
    assert money.paid_fen == 1500_00 and money.owed_fen == 1500_00
    assert money.next_step == "海淀区总工会的 ¥1,500.00 将于 2023-03-15 前拨付至会员卡尾号 1234"
    later = payout(reg, PATENT, reg.patent(app_id), date(2023, 3, 20))
    assert later.lines[1].said == "已逾期 5 天（应于 2023-03-15 前拨付至会员卡尾号 1234）"
    assert "已逾期 5 天" in later.next_step


def test_the_pane_tells_the_payments_above_the_facts_with_the_next_step(reg, qtbot):
    pane = _pane(reg, qtbot, PATENT, _half_paid(reg))
    text = pane.toPlainText()
    block = text[text.index("拨付\n"):text.index("身份证号")]  # above the facts
    assert "北京市总工会 ¥1,500.00：已拨付（2023-02-20 汇至会员卡尾号 1234）" in block
    assert "海淀区总工会 ¥1,500.00：待拨付，应于 2023-03-15 前" in block
    assert "下一步：海淀区总工会的 ¥1,500.00 将于 2023-03-15 前拨付至会员卡尾号 1234" in block
    assert CARD not in text  # the card masked, everywhere


def test_a_returned_half_says_which_payer_came_back_and_that_a_new_card_is_needed(reg, qtbot):
    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    lines = {x.payer: x for x in lines_of(reg, PATENT, app_id)}
    for x in lines.values():
        mark_paid(reg, x.id, date(2023, 2, 20), "记-2023-0031")
    union = next(x for p, x in lines.items() if p != FEDERATION)
    return_payments(reg, [union.id], date(2023, 3, 1), "会员卡已销户")

    money = payout(reg, PATENT, reg.patent(app_id), DAY)
    said = {x.payer: x.said for x in money.lines}
    assert said["北京市总工会"] == "已拨付（2023-02-20 汇至会员卡尾号 1234）"
    assert said["海淀区总工会"] == ("待更正卡号：2023-03-01 被退回（会员卡已销户），"
                                   "卡号至今未更正，更正卡号（或确认原卡号无误）后重拨")
    assert money.next_step.startswith("请第一发明人提供新的会员卡号")
    # who pays whom: the union pays, the card is paid to
    assert money.next_step.endswith("由海淀区总工会重新拨付 ¥1,500.00 至本人会员卡"
                                    "（经核实原卡号无误的，登记确认原卡号重拨）")
    # the pane no longer shows the closed card as if it were good
    text = _pane(reg, qtbot, PATENT, app_id).toPlainText()
    assert "互助服务卡号（已退汇）" in text
    # once the new card is on the paper the line says so, and the card is plain again
    reg.save_patent(replace(reg.patent(app_id), card_number="6222020200115678"),
                    reason="会员卡已销户")
    money = payout(reg, PATENT, reg.patent(app_id), DAY)
    assert money.lines[1].said.endswith("卡号已更正为尾号 5678，待重拨")
    assert "（已退汇）" not in _pane(reg, qtbot, PATENT, app_id).toPlainText()


def test_a_project_waiting_for_acceptance_says_its_rest_and_its_overdue_completion(reg, qtbot):
    """Approved 2022-12-28 on a project begun 2021-02-26: two years to complete, so its
    latest completion date 2023-02-26 is 12 days past on 2023-03-10."""
    p = add_project(reg, approval=date(2021, 2, 26))
    sync_plan(reg, 2022)
    for x in lines_of(reg, PROJECT, p):
        if x.tranche == 1:
            mark_paid(reg, x.id, date(2023, 2, 20), "记-0031")
    money = payout(reg, PROJECT, reg.project(p), DAY)
    assert money.completion == date(2023, 2, 26) and money.completion_late == 12
    assert [x.tranche for x in money.lines] == ["首笔", "首笔", "尾款", "尾款"]
    assert money.lines[2].said == "待结题验收：验收通过后 3 个月内拨付"
    assert money.tranches == ("分 2 期拨付：首笔 60%（公示期满后 3 个月内），"
                              "余款 40%（结题验收通过后 3 个月内）")
    assert money.next_step == (
        "项目完成后由市总工会与企业结题验收，验收通过后 3 个月内拨付尾款 ¥40,000.00；"
        "最晚结题日期 2023-02-26 已过 12 天，逾期结题的尾款须经研究同意才拨付")
    text = "".join(_pane(reg, qtbot, PROJECT, p).toPlainText().split())
    assert "尾款（40%）北京市总工会¥20,000.00：待结题验收" in text
    assert "最晚结题日期2023-02-26，已过12天仍未结题验收" in text


def test_the_terms_said_are_the_campaigns_not_written_in_the_code(reg):
    reg.save_campaign(replace(reg.campaign(2022), patent_payment_months=2,
                              final_tranche_months=5))
    p = add_project(reg, approval=date(2022, 3, 5), award=10 * WAN)
    sync_plan(reg, 2022)
    money = payout(reg, PROJECT, reg.project(p), DAY)
    assert "结题验收通过后 5 个月内" in money.tranches
    patent = add_patent(reg, name="李四", id_number="110108198506123146",
                        number="ZL202120987654.3")
    sync_plan(reg, 2022)
    from boostdesk.progress import paper_progress

    terms = paper_progress(reg, PATENT, patent, DAY).payout.tranches
    assert terms == "核准后 2 个月内一次拨付至第一发明人的会员卡"


def test_a_paper_not_yet_approved_says_what_comes_next_and_when(reg, qtbot):
    from boostdesk.models.records import PatentApplication

    app_id = reg.save_patent(PatentApplication(
        campaign_year=2022, title="一种测试方法", patent_number_raw="ZL202110123456.7",
        grant_date=date(2021, 5, 11), inventor_name="张三", id_number="11010519491231002X",
        card_number=CARD, unit_name="海淀区总工会", enterprise_name="北京测试有限公司",
        frontline=True, service_invention=True, applied_in_production=True,
        received_date=date(2022, 10, 20), materials={k: True for k in (
            "certificate", "form", "production_proof", "union_stamp", "unit_stamp")}))
    reg.set_status(PATENT, app_id, "qualified")
    text = _pane(reg, qtbot, PATENT, app_id).toPlainText()
    assert ("下一步：资格审核已通过，待市总工会核准；核准后 3 个月内拨付 ¥3,000.00（市总工会 ¥1,500.00、"
            "推荐工会 ¥1,500.00）至会员卡尾号 1234") in text
    assert "\n拨付\n" not in text  # no award: no payment lines to show


def test_one_paper_s_money_builds_no_pinyin_order(reg):
    """The pane reads one paper's lines on each selection: ordered by the unions' pinyin,
    the first built the collation's table (≈ 90 ms of the first keystroke that selected a
    paper at 100,000 applications: the search's worst, 82 ms against its 50)."""
    from boostdesk import pinyin_order

    app_id = _half_paid(reg)
    pinyin_order.table.cache_clear()
    said = payout(reg, PATENT, reg.patent(app_id), DAY)
    assert said is not None and len(said.lines) == 2
    assert pinyin_order.table.cache_info().currsize == 0
