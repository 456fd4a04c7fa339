"""An award whose every transfer the bank sent back (退汇) is neither unpaid nor paid: the
money left and came back. 排名复核 (its dialog, the command line and the trail), the refusal
of a late objection, the lock on what the money was sent under and the paper's 修改记录 say
so, each the same way."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from test_finance import add_patent, add_project, lines_of
from test_returned_transfer_corrections import _accepted_all_returned, _ids, _stale_after
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.cli import main
from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.cancel import cancel_payments
from boostdesk.finance.mark_history import paid_marks
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.returns import return_payments
from boostdesk.models import Register, RegisterError
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity import late_objection_refusal, record_objection, settle_rerank
from boostdesk.panel.ranking import rank

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures

ALL_BACK = "已汇出 2 笔均被银行退回、待重拨"

WHY = "录入有误，据原件更正"  # an approved award's printed fact: said why


def _approved_all_returned(reg):
    """The first tranche sent and sent back before any acceptance: 核准 again."""
    def steps(a):
        return_payments(reg, _ids(reg, a, 1), date(2023, 2, 6), "收款单位账户变更")
    return _stale_after(reg, steps)


# -- 1. 排名复核 -----------------------------------------------------------------------------
@pytest.mark.parametrize("made", [_accepted_all_returned, _approved_all_returned])
def test_the_ranking_says_every_transfer_came_back_not_paid_nor_only_approved(reg, made):
    a, _b = made(reg)
    line = rank(reg, 2022).stale_published[a]
    assert line.endswith(f"按现有评分为未获助推（{ALL_BACK}）"), line
    assert "已拨付，助推不再变动" not in line and "（已核准）" not in line


@pytest.mark.parametrize(("made", "now"), [(_accepted_all_returned, "（现为“结题验收”）"),
                                          (_approved_all_returned, "")])
def test_the_review_dialog_says_every_transfer_came_back(reg, tmp_path, qtbot, monkeypatch,
                                                         made, now):
    from test_panel_rerank import reviewing_first_row
    from test_publicity_screen import _answer

    from boostdesk.ui import dialogs

    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: None)
    a, _b = made(reg)
    status = reg.project(a).status
    w = reviewing_first_row(reg, tmp_path, qtbot)
    said: list[str] = []
    dialog_revoke: list[str] = []

    def look(dialog) -> None:
        dialog.resize(720, dialog.height())
        said.append(dialog.findChildren(type(dialog.error))[0].text())
        dialog_revoke.append(dialog.revoke.text())
        assert dialog.revoke.isEnabled()
        dialog.grab().save(str(tmp_path / f"review_all_returned_{status}.png"))
        dialog.reject()

    _answer(qtbot, w, look)
    w.ask_review()
    [text] = said
    assert text.startswith(f"项目“区级甲项目”已核准{now}，但公示后排名已变化："
                           f"“区级甲项目”：公示为3万元档，按现有评分为未获助推（{ALL_BACK}）。"), text
    assert "尚未拨付" not in text and "已拨付，助推不再变动" not in text
    assert "退回的款项不再重拨" in dialog_revoke[0]
    assert "撤销核准的，项目不予助推，退回的款项不再重拨" in text
    assert "维持的，写明理由后重拨退回的款项" in text
    assert reg.project(a).status == status


def test_the_command_line_and_the_trail_say_the_same_as_the_dialog(reg, capsys):
    a, _b = _accepted_all_returned(reg)
    db = ["--db", str(reg.path), "--year", "2022"]
    reg.close()
    capsys.readouterr()
    assert main(["publicity", "review", "区级甲项目", *db, "--keep", "--note",
                 "经研究维持，重拨退回的款项"]) == 0
    out = capsys.readouterr().out
    assert f"按现有评分为未获助推（{ALL_BACK}））：维持核准" in out, out
    assert "已拨付" not in out
    with Register.open(db[1], operator="测试员") as reg2:
        [event] = reg2.query("SELECT before, after FROM audit_events"
                             " WHERE action = 'rerank_settle'")
        for doc in (event["before"], event["after"]):
            assert json.loads(doc)["ranking"].endswith(f"（{ALL_BACK}）")
        assert reg2.project(a).status == "accepted"


def test_a_review_of_an_award_partly_paid_still_says_paid(reg):
    def steps(a):
        record_acceptance(reg, a, date(2023, 6, 1))
        return_payments(reg, _ids(reg, a, 1)[:1], date(2023, 6, 20), "户名与账号不符")
    a, _b = _stale_after(reg, steps)
    assert rank(reg, 2022).stale_published[a].endswith("（已拨付，助推不再变动）")


# -- 2. a late objection ----------------------------------------------------------------
def test_a_late_objection_on_an_accepted_award_whose_money_all_came_back_is_refused_truly(reg):
    from test_award_holds import _approved

    a, _b, _experts = _approved(reg)
    sync_plan(reg, 2022)
    mark_all_paid(reg, _ids(reg, a, 1), date(2023, 1, 10), "记-3")
    record_acceptance(reg, a, date(2023, 6, 1))
    return_payments(reg, _ids(reg, a, 1), date(2023, 6, 20), "收款单位账户变更")
    why = late_objection_refusal(reg, a)
    with pytest.raises(PanelError) as refused:
        record_objection(reg, a, date(2022, 12, 26), "某职工", "数据不实")
    assert str(refused.value) == why
    assert why.startswith("项目“区级甲项目”的助推资金已于 2023-01-10 汇出（凭证 记-3），"
                          "已汇出的 2 笔均被银行退回、待重拨（现为“结题验收”）：")
    assert "已登记拨付" not in why and "由财务追回" not in why
    assert "款项均已退回，无须追回" in why
    # one share standing paid: said as before
    mark_all_paid(reg, _ids(reg, a, 1)[:1], date(2023, 7, 1), "记-9")
    assert late_objection_refusal(reg, a).startswith(
        "项目“区级甲项目”的助推资金已于 2023-07-01 登记拨付（凭证 记-9）")


# -- 3. what the money was sent under stays fixed -----------------------------------------
def _patent_all_returned(reg) -> int:
    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    ids = [x.id for x in lines_of(reg, PATENT, app_id)]
    mark_all_paid(reg, ids, date(2023, 2, 1), "记-2023-0041")
    return_payments(reg, ids, date(2023, 2, 6), "会员卡已销户")
    return app_id


@pytest.mark.parametrize(("field", "value", "label"), [
    ("enterprise_name", "北京另一有限公司", "所在单位"),
    ("inventor_name", "李四", "第一发明人"),
    ("grant_date", date(2021, 6, 1), "授权公告日"),
])
def test_a_patents_fixed_facts_stay_fixed_though_every_transfer_came_back(
        reg, field, value, label):
    app_id = _patent_all_returned(reg)
    before = reg.patent(app_id)
    with pytest.raises(RegisterError) as refused:
        reg.save_patent(replace(before, **{field: value}))
    text = str(refused.value)
    assert text.startswith(f"专利{app_id} 的助推款已汇出 2 笔（均被银行退回，待重拨），"
                           f"{label}不能再改：款项是按原来的内容核准、由原来的单位汇出给原来的"
                           "收款人的，被银行退回的也按原内容重拨"), text
    assert reg.patent(app_id) == before
    # the card is what may change while a share is owed again (the closed card's)
    reg.save_patent(replace(before, card_number="6214830199998888"), reason="会员卡已销户")
    assert reg.patent(app_id).card_number == "6214830199998888"


def test_a_projects_fixed_facts_stay_fixed_though_every_transfer_came_back(reg):
    app_id = add_project(reg)
    sync_plan(reg, 2022)
    ids = _ids(reg, app_id, 1)
    mark_all_paid(reg, ids, date(2023, 2, 1), "记-2023-0040")
    return_payments(reg, ids, date(2023, 2, 6), "收款单位账户变更")
    before = reg.project(app_id)
    for change in ({"approval_date": date(2022, 4, 1)},
                   {"studio_name": "李红兵创新工作室"},
                   {"enterprise_name": "首钢另一有限公司"}):
        with pytest.raises(RegisterError, match="已汇出 2 笔（均被银行退回，待重拨）"):
            reg.save_project(replace(before, **change))
    assert reg.project(app_id) == before
    reg.save_project(replace(before, contact_phone="13900001111"))  # still correctable


def test_a_cancelled_mark_was_never_sent_and_leaves_the_paper_correctable(reg):
    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    ids = [x.id for x in lines_of(reg, PATENT, app_id)]
    mark_all_paid(reg, ids, date(2023, 2, 1), "记-2023-0041")
    cancel_payments(reg, ids, "误选收款人")
    reg.save_patent(replace(reg.patent(app_id), enterprise_name="北京另一有限公司"), reason=WHY)
    assert reg.patent(app_id).enterprise_name == "北京另一有限公司"


def test_the_form_greys_what_the_returned_money_was_sent_under(window, qtbot, reg, tmp_path):
    from test_ui_corrections import open_form

    app_id = _patent_all_returned(reg)
    _screen, form = open_form(qtbot, window, app_id)
    assert not form.editor("enterprise_name").isEnabled()
    assert not form.editor("inventor_name").isEnabled()
    assert form.editor("card_number").isEnabled()  # paid anew to a new card
    assert form.editor("phone").isEnabled()
    banner = form.banner.text()
    assert "此申报的助推款已汇出 2 笔（均被银行退回，待重拨）" in banner, banner
    form.grab().save(str(tmp_path / "form_all_returned.png"))


# -- 4. the paper's 修改记录 ------------------------------------------------------------------
@pytest.mark.parametrize(("made", "returned"), [(_accepted_all_returned, "2023-06-20"),
                                               (_approved_all_returned, "2023-02-06")])
def test_a_withdrawn_awards_pane_still_shows_its_money_sent_and_returned(reg, qtbot, tmp_path,
                                                                         made, returned):
    from boostdesk.ui.detail import DetailPane

    a, _b = made(reg)
    settle_rerank(reg, a, True, "不计专家1的评分后乙项目排名在前，款项均已退回，经研究撤销核准")
    assert lines_of(reg, PROJECT, a) == []
    marks = paid_marks(reg, PROJECT, a)
    assert [(m["paid_date"], m["returned_date"]) for m in marks] == [
        ("2023-01-10", None)] * 2 + [(None, returned)] * 2
    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    pane.resize(560, 900)
    pane.show_application(PROJECT, a)
    text = pane.toPlainText()
    assert text.count("登记拨付") == 2 and text.count("登记退汇") == 2, text
    assert "凭证号：记-3" in text and f"退汇日期：{returned}" in text
    assert text.count("拨付记录已随撤销核准删除") == 4
    pane.grab().save(str(tmp_path / "detail_withdrawn_returned.png"))

