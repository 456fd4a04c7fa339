"""Outgoing documents as their recipients read them (the testers of stop 44): the
办理进度告知单 of a project under objection named the objector, his unit and (masked) phone
to the studio and its union, and sent them to the office's screens and commands (公示 →
处理异议, boostdesk publicity resolve); a revoked award's letter said 应追回 with no 大写,
no decision, no one to return it to, beside 规则核对 合格 and its 拨付方式; a union's
核对意见 named another union's first inventor of a disputed patent on its 未能登记的行."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from boostdesk import said_where
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.recovery import record_recovered, revoke_paid_award
from boostdesk.io.resend import clash
from boostdesk.io.union_problems import refused_for_union
from boostdesk.models.campaign import FEDERATION, RECOMMENDING_UNION
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.panel.publicity import period_of, record_objection
from boostdesk.printing.progress import letters, union_letter, write_progress_pdf
from boostdesk.printing.progress import write_union_progress_pdf as write_union
from boostdesk.progress import paper_progress
from tests.test_finance import add_patent
from tests.test_progress_letter_money import _pay_all, _text, flat
from tests.test_progress_steps import _publicized

DAY = date(2023, 3, 10)
OBJECTOR = "王建军（北京邮通网络技术有限公司职工）"
CONTENT = "反映该项目成果已在2021年申报过其他奖项，电话13812345678可联系本人"


@pytest.fixture(params=[False, True], ids=["window", "cli"])
def reader(request):
    """The letter printed from the window, and from the command line."""
    said_where.set_cli(request.param)
    yield request.param
    said_where.set_cli(False)


def _objected(reg) -> tuple[int, int, str]:
    quiet, objected = _publicized(reg)
    period = period_of(reg, objected)
    assert period is not None
    record_objection(reg, objected, period.end - timedelta(days=1), OBJECTOR, CONTENT)
    union = reg.project(objected).unit_name
    return quiet, objected, union


def _unsaid_objector(text: str) -> None:
    for word in ("王建军", "北京邮通", "138", "5678", "反映该项目成果", "申报过其他奖项"):
        assert word not in text, word


def _no_office_pointers(text: str) -> None:
    for word in ("boostdesk", "publicity", "→", "处理异议", "结束公示）"):
        assert word not in text, word


def test_an_objected_projects_letter_says_an_objection_came_not_who_sent_it(reg, tmp_path,
                                                                              reader):
    _, objected, union = _objected(reg)
    out = tmp_path / "letter.pdf"
    write_progress_pdf(out, letters(reg, [(PROJECT, objected)], DAY), DAY)
    text = flat(_text(out))
    _unsaid_objector(text)
    _no_office_pointers(text)
    assert "公示期间收到异议（2022年12月" in text
    assert "异议正在核实处理，处理结果将另行告知" in text
    # the office's own screen still names the objector and its step
    pane = paper_progress(reg, PROJECT, objected, DAY).next_step
    assert "王建军" in pane and ("publicity resolve" if reader else "公示 → 处理异议") in pane


def test_the_unions_letter_says_the_objection_as_its_studio_reads_it(reg, tmp_path, reader):
    _, _, union = _objected(reg)
    out = tmp_path / "union.pdf"
    write_union(out, *union_letter(reg, 2022, union, DAY), DAY)
    text = flat(_text(out))
    _unsaid_objector(text)
    _no_office_pointers(text)
    assert "下一步：公示期间收到异议（2022年12月25日），异议正在" in text  # (the cell wraps)
    assert "核实处理，处理结果将另行告知" in text


def test_a_publicity_over_but_not_closed_is_the_offices_step_in_plain_words(reg, tmp_path,
                                                                           reader):
    quiet, _ = _publicized(reg)
    period = period_of(reg, quiet)
    assert period is not None
    after = period.end + timedelta(days=1)
    out = tmp_path / "letter.pdf"
    write_progress_pdf(out, letters(reg, [(PROJECT, quiet)], after), after)
    text = flat(_text(out))
    _no_office_pointers(text)
    assert "已满，待市总工会结束公示；公示无异议即核准" in text


def _revoked(reg) -> int:
    """A patent paid whole and revoked since; the federation's half back, the union's not."""
    gone = add_patent(reg, "李四", "110108198506123146", "石景山区总工会",
                      number="ZL202120987654.3")
    sync_plan(reg, 2022)
    _pay_all(reg, PATENT, gone)
    revoke_paid_award(reg, PATENT, gone, date(2023, 2, 1), "经核查，非一线职工（方案一（二）2）",
                      "京工发〔2023〕12号")
    record_recovered(reg, PATENT, gone, FEDERATION, date(2023, 2, 20), "收-1")
    record_recovered(reg, PATENT, gone, RECOMMENDING_UNION, date(2023, 2, 20), "收-2", 1000_00)
    return gone


def test_a_revoked_awards_letter_says_the_decision_and_what_goes_back_to_whom(reg, tmp_path):
    gone = _revoked(reg)
    out = tmp_path / "letter.pdf"
    write_progress_pdf(out, letters(reg, [(PATENT, gone)], DAY), DAY)
    text = flat(_text(out))
    # (the label sits beside the cell's second line)
    assert ("2023年2月1日决定撤销助推：经核查，非一线职工（方案一（二）2）（京工发〔2023〕12"
            "撤销决定号）") in text
    assert ("下一步：请收款人将尚未退还的助推资金¥500.00（人民币伍佰元整）退还原付款单位："
            "石景山区总工会¥500.00；退还方式和时间请联系高珊83570885") in text
    # nothing that reads as if the award stood
    assert "规则核对" not in text and "拨付方式" not in text and "合格" not in text


def test_a_unions_letter_says_the_revoked_awards_refund_too(reg, tmp_path):
    gone = _revoked(reg)
    out = tmp_path / "union.pdf"
    write_union(out, *union_letter(reg, 2022, reg.application(PATENT, gone).unit_name, DAY),
                DAY)
    text = flat(_text(out))
    assert "2023年2月1日决定撤销助推" in text
    assert "¥500.00（人民币伍佰元整）退还原付款单位：石景山区总工会¥500.00" in text


def _dispute(theirs: str) -> str:
    """The import's reason for a row claiming a patent registered with another inventor
    (``resend.clash``), as the refused row keeps it."""
    stored = SimpleNamespace(id=66, unit_name=theirs, inventor_name="邵浩然",
                             id_number="11010519900101596X")
    record = SimpleNamespace(unit_name="丰台区总工会", inventor_name="张卫东",
                             id_number="110106198001011234")
    return ("专利 ZL201910245805.5 已登记（2022 年度，专利66）"
            + clash(PATENT, 5, stored, record))


def test_a_refused_rows_dispute_names_no_other_unions_first_inventor():
    said = refused_for_union(_dispute("朝阳区总工会"))
    assert "邵浩然" not in said and "朝阳区总工会" not in said
    assert "该专利已由另一推荐单位的申报登记为第一发明人" in said
    assert "本表第 5 行的第一发明人为张卫东（丰台区总工会推荐）" in said


def test_a_refused_rows_dispute_with_the_unions_own_paper_keeps_its_name():
    said = refused_for_union(_dispute("丰台区总工会"))
    assert "第一发明人为邵浩然（丰台区总工会推荐）" in said


def test_an_award_whose_payment_plan_is_not_made_yet_is_told_as_news(reg, tmp_path, reader):
    approved = add_patent(reg, unit="石景山区总工会")
    reg.conn.execute("DELETE FROM payments")  # as an older BoostDesk left it: no plan yet
    pane = paper_progress(reg, PATENT, approved, DAY).next_step
    assert pane.startswith("拨付计划尚未生成：")  # the office's task, its screen or command
    out = tmp_path / "letter.pdf"
    write_progress_pdf(out, letters(reg, [(PATENT, approved)], DAY), DAY)
    text = flat(_text(out))
    _no_office_pointers(text)
    assert "拨付计划尚未生成" not in text and "pay" not in text and "“拨付”页" not in text
    assert "下一步：已核准，市总工会将安排拨付，拨付时间将另行告知" in text


def test_a_rival_claim_to_a_patent_is_told_without_the_registered_inventors_name(reg,
                                                                                 tmp_path):
    """同一专利不能重复申报 with another first inventor: the clerk's finding names the
    registered one (张三, 海淀's); 朝阳's 核对意见 and the 办理进度告知单 do not."""
    from boostdesk.io.findings_notice import gather_notices
    from boostdesk.rules import recheck
    from tests.test_import_first_inventor_dispute import CHAOYANG, ID_2, INVENTION, _paper_of

    reg.save_patent(_paper_of(INVENTION))
    rival = reg.save_patent(_paper_of("CN " + INVENTION.removeprefix("ZL"), inventor_name="李四",
                                      id_number=ID_2, card_number="", unit_name=CHAOYANG))
    recheck(reg)
    stored = reg.scalar("SELECT findings FROM patent_applications WHERE id = ?", (rival,))
    assert "第一发明人为张三" in stored  # the clerk's own words
    [notice] = [n for n in gather_notices(reg, 2022, day=DAY).notices if n.union == CHAOYANG]
    [item] = [i for s in notice.items.values() for i in s if i.app_id == rival]
    said = "".join(item.opinions)
    assert "张三" not in said
    assert "该专利已有申报登记了另一第一发明人，本申报为李四，两人都称是该专利的第一发明人" in said
    out = tmp_path / "letter.pdf"
    write_progress_pdf(out, letters(reg, [(PATENT, rival)], DAY), DAY)
    text = flat(_text(out))
    assert "张三" not in text and "该专利已有申报登记了另一第一发明人" in text


def test_the_copied_problem_list_names_no_rival_first_inventor_either():
    from boostdesk.io.import_verdicts import RowVerdict
    from boostdesk.io.union_problems import refused_rows_text
    from boostdesk.rules.findings import blocking

    said = ("专利 ZL202110123456.7 本年度已有申报（专利1），同一专利不能重复申报（方案一（三））"
            "：登记册中专利1的第一发明人为张三，本申报为李四，两人都称是该专利的第一发明人，"
            "请按专利证书核定")
    text = refused_rows_text([RowVerdict(3, (blocking("DUPLICATE_APPLICATION", said),),
                                         "李四", 2, PATENT)])
    assert "张三" not in text and "本申报为李四" in text
