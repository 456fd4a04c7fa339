"""A transfer the bank sent back (退汇, owed again) was sent all the same: a union whose
share came back is renamed as one that paid (a reason, each share's line, no merge into
another kind), and a person's papers say what was sent rather than nothing."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures.summary_sheets import CARD_2, ID_1, ID_2, INVENTION_2
from test_ui_corrections import a_paid_patent

from boostdesk.finance.keep_card import keep_card
from boostdesk.finance.paying import record_paid
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import return_payments
from boostdesk.models import RegisterError
from boostdesk.models.records import PATENT
from boostdesk.printing.payments import build_payment_lists

SHORT, FULL = "海淀区总工会", "北京市海淀区总工会"
WHY = "两种写法同属海淀区总工会，以工会法人证书为准"


def _share(reg, app_id, payer="union"):
    return next(x for x in payment_lines(reg, 2022, stream=PATENT, app_ids=[app_id])
                if x.payer == payer)


def _union_returned(reg, unit=SHORT):
    app_id = a_paid_patent(reg, unit=unit)
    share = _share(reg, app_id)
    return_payments(reg, [share.id], date(2023, 2, 1), "户名与卡号不符")
    return app_id, share


def test_a_union_whose_share_came_back_is_renamed_with_a_reason_and_resends_under_the_new(reg):
    """Its list was stamped under 海淀区总工会 and the money left that account: the rename
    asks why and writes it on the share's line; the share, owed again, is listed and sent
    again under 北京市海淀区总工会, and once paid anew its line names no other spelling."""
    app_id, share = _union_returned(reg)
    with pytest.raises(RegisterError, match="已汇出 1 笔（被银行退回，待重拨）.*请写明改名原因"):
        reg.rename_unit(SHORT, FULL)
    assert reg.patent(app_id).unit_name == SHORT
    effects = reg.unit_rename_effects(SHORT, FULL)
    assert f"“{SHORT}”的推荐单位承担部分已汇出 1 笔（被银行退回，待重拨）" in effects
    assert "（2023-01-10 汇出，凭证 记-2023-0001，2023-02-01 被银行退回，待重拨）" in effects
    assert f"被银行退回的由“{FULL}”重拨，重拨的清单写“{FULL}”" in effects

    done = reg.rename_unit(SHORT, FULL, WHY)
    assert done["paid"] == [share.id]
    assert reg.audit_trail("payments", share.id)[-1]["after"] == {"payer_name": FULL,
                                                                  "reason": WHY}
    keep_card(reg, share.id, "经核实原卡号无误")  # else 待更正卡号, on no list to pay
    [owed] = [pl for pl in build_payment_lists(reg, 2022, 1) if pl.payer_name == FULL]
    assert [x.id for x in owed.lines] == [share.id]

    record_paid(reg, share.id, date(2023, 3, 1), "记-2023-0100")
    [paid] = [pl for pl in build_payment_lists(reg, 2022, 1, unpaid_only=False)
              if pl.payer != "federation"]
    assert paid.payer_name == FULL and [x.id for x in paid.lines] == [share.id]
    assert paid.paid_as == {}  # sent again under the new name: no 付款时单位名为

    reg.unrename_unit(done)
    assert reg.patent(app_id).unit_name == SHORT
    assert reg.audit_trail("payments", share.id)[-1]["after"] == {
        "payer_name": SHORT, "reason": "撤销：" + WHY}


def test_a_union_whose_share_came_back_is_not_merged_into_another_kind(reg):
    app_id, _share_line = _union_returned(reg)
    a_paid_patent(reg, unit="北京市建设产业工会", number=INVENTION_2, name="李四",
                  id_number=ID_2, card=CARD_2)
    with pytest.raises(RegisterError, match="已汇出 1 笔（被银行退回，待重拨）.*类别不同"):
        reg.rename_unit(SHORT, "北京市建设产业工会", WHY)
    assert reg.patent(app_id).unit_name == SHORT


def test_a_persons_papers_say_what_was_sent_and_came_back(reg):
    app_id = a_paid_patent(reg)
    person = reg.patent(app_id).person_id
    assert reg.person_papers(person) == f"2022 年度专利{app_id}（已拨付）"
    return_payments(reg, [_share(reg, app_id).id], date(2023, 2, 1), "户名与卡号不符")
    assert reg.person_papers(person) == (
        f"2022 年度专利{app_id}（已汇出 2 笔，其中 1 笔被银行退回、待重拨）")
    return_payments(reg, [_share(reg, app_id, "federation").id], date(2023, 2, 1),
                    "户名与卡号不符")
    assert reg.person_papers(person) == (
        f"2022 年度专利{app_id}（已汇出 2 笔，均被银行退回、待重拨）")


def test_an_id_is_not_corrected_to_one_whose_papers_money_came_back(reg):
    """The other person's paper has its transfers sent back, owed again: its person is
    fixed as a paid one's, so the two records are not merged through its paper. This
    person's papers, nothing sent, are moved to it instead (each paper's number, or
    `correct id --merge`); both sent, the two are left apart."""
    app_id = a_paid_patent(reg)
    for line in payment_lines(reg, 2022, stream=PATENT, app_ids=[app_id]):
        return_payments(reg, [line.id], date(2023, 2, 1), "会员卡已销户")
    other = a_paid_patent(reg, number=INVENTION_2, name="张三", id_number=ID_2, card=CARD_2,
                          pay=False)
    person = reg.patent(other).person_id
    with pytest.raises(RegisterError) as err:
        reg.correct_person_id(person, ID_1, "据身份证复印件更正")
    said = str(err.value)
    assert "被银行退回、待重拨" in said and "两条人员记录不能合并" not in said
    assert f"逐份打开“张三”的申报，把身份证号改为 {ID_1}并保存：“张三”的申报（2022 年度专利{other}）" in said
    for line in payment_lines(reg, 2022, stream=PATENT, app_ids=[other]):
        record_paid(reg, line.id, date(2023, 1, 10), "记-2023-0002")
    for merge in (False, True):
        with pytest.raises(RegisterError) as err:
            reg.correct_person_id(person, ID_1, "据身份证复印件更正", merge=merge)
        assert "两条人员记录不能合并" in str(err.value) or "不能并入" in str(err.value)
