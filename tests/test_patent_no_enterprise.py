"""A patent paper without its 所在单位: the plan (一（四）1) has the 申报表 reviewed and stamped
by the 所在单位工会, so a missing one is a gap in the paper.

A 2022 season (finance tester, 刘芳's 一种高压开关柜测温系统 sent with 所在单位 blank): `check`
judged it 合格, the import said nothing, its 审批表 printed a blank 所在单位 box beside
资格审核通过, the payment list an empty cell. Now 待补材料 as a project's is (stop 41), said at
the import by row, marked where an award made regardless is printed or waits; its money
still goes to the inventor's card (not held)."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import ID_2, INVENTION_2, PATENT_HEADERS, patent_row, write_sheet
from PySide6.QtCore import Qt
from test_rules_patent import app
from test_ui_import import open_dialog, read
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.campaign import plan_2022
from boostdesk.models.records import PATENT
from boostdesk.no_enterprise import PATENT_MARK, SHEET_MARK
from boostdesk.rules import patent as rules

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures

GAP = "缺少“所在单位”，无法核对申报表经所在单位工会审核盖章（方案一（四）1），请补充"
LINE = ("未填所在单位的专利申报：第 4 行（表中“所在单位”列为空）；申报表须经所在单位工会审核盖章"
        "（方案一（四）1）：请补填所在单位，补填前为待补材料")


def test_a_patent_without_its_enterprise_lacks_a_fact_the_rules_need():
    c = plan_2022()
    without = app(enterprise_name=" ")
    [f] = [f for f in rules.intrinsic_findings(c, without) if f.code == "PATENT_NO_ENTERPRISE"]
    assert (f.message, f.field, f.missing, f.blocking) == (GAP, "enterprise_name", True, False)
    assert rules.campaign_judge(c)(without) == rules.intrinsic_findings(c, without)
    assert rules.intrinsic_findings(c, app()) == []  # given: 合格


def _table(tmp_path):
    """海淀's 附件2 as the tester sent it: the second row's 所在单位 left blank."""
    return write_sheet(tmp_path / "海淀附件2.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS, patent_row(序号=1), patent_row(
            序号=2, 所在单位="", 专利名称="一种高压开关柜测温系统", 第一发明人="刘芳",
            专利号=INVENTION_2, 身份证号=ID_2)])


def test_the_import_names_the_row_and_check_says_it_of_that_paper_alone(tmp_path, capsys):
    db = str(tmp_path / "r.db")
    assert main(["--db", db, "import", str(_table(tmp_path)), "--received", "2022-10-20"]) == 0
    out = capsys.readouterr().out
    assert "第 4 行（刘芳，专利2）：缺所在单位、材料" in out
    assert LINE + "\n" in out
    assert main(["--db", db, "check"]) == 0
    out = capsys.readouterr().out
    said = out.split(f"专利 {INVENTION_2} 刘芳 待补材料")
    assert len(said) == 2 and GAP in said[1] and GAP not in said[0]  # not 张三's: he gave it


def test_the_window_import_says_it_before_and_after(window, qtbot, answers, tmp_path):
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, _table(tmp_path))
    qtbot.waitUntil(lambda: "未填所在单位的专利申报" in dialog.summary.text())
    assert "第 4 行（表中“所在单位”列为空）" in dialog.summary.text()
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    title, done = answers.infos[-1]
    assert title == "导入完成" and LINE in done


def test_the_form_says_it_until_it_is_filled(ctx, qtbot, answers):
    from boostdesk.ui.patent_form import PatentForm

    app_id = ctx.reg.save_patent(app(enterprise_name=""))
    form = PatentForm(ctx, ctx.reg.patent(app_id))
    qtbot.addWidget(form)
    form.show()
    form.recheck()
    assert "待补材料" in form.verdict_label.text()
    assert GAP in form.findings_label.text()
    type_text(qtbot, "北京中科智测科技有限公司", form.editor("enterprise_name"))
    form.recheck()
    assert "合格" in form.verdict_label.text() and GAP not in form.findings_label.text()


def _approved(reg: Register) -> dict[str, int]:
    """刘芳's award made regardless (核准 with a reason), 张三's with his 所在单位."""
    ids = {"bare": reg.save_patent(app(enterprise_name="", inventor_name="刘芳", id_number=ID_2,
                                       patent_number_raw=INVENTION_2)),
           "known": reg.save_patent(app())}
    for app_id in ids.values():
        reg.set_status(PATENT, app_id, "qualified", decided_on=date(2022, 11, 15))
        reg.set_status(PATENT, app_id, "approved", award_fen=300000,
                       approved_date=date(2022, 11, 20))
    return ids


def test_an_award_without_it_is_marked_where_printed_or_waiting_and_still_paid(reg):
    from boostdesk.finance.paying import mark_paid
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.printing.approval import _patent_rows, load_sheets
    from boostdesk.printing.payments import _patent_rows as list_rows
    from boostdesk.printing.payments import remark
    from boostdesk.todo import todo_list

    ids = _approved(reg)
    sheets = {s.app.id: s for s in load_sheets(reg, 2022)}
    assert ["所在单位", SHEET_MARK] in _patent_rows(sheets[ids["bare"]], False)
    assert ["所在单位", "北京中科智测科技有限公司"] in _patent_rows(sheets[ids["known"]], False)
    lines = [x for x in payment_lines(reg, 2022)]
    bare = [x for x in lines if x.app_id == ids["bare"]]
    assert bare and all(remark(x, date(2022, 12, 1)).startswith(PATENT_MARK) for x in bare)
    assert all(PATENT_MARK not in remark(x, date(2022, 12, 1))
               for x in lines if x.app_id == ids["known"])
    assert list_rows(bare, False, date(2022, 12, 1), {})[0][2] == SHEET_MARK
    items = [i for g in todo_list(reg, date(2022, 12, 1), limit=None).groups for i in g.items
             if i.line_id]
    assert {i.app_id for i in items if PATENT_MARK in i.todo} == {ids["bare"]}
    # paid to the card all the same: the unit is no payee
    assert mark_paid(reg, bare[0].id, date(2022, 12, 2), "PZ-1").paid


def test_the_desk_lists_a_patent_passed_at_qualification_without_it(tmp_path):
    from boostdesk.todo import todo_list

    with Register.open(str(tmp_path / "r.db"), operator="t") as reg:
        bare = reg.save_patent(app(enterprise_name=""))
        known = reg.save_patent(app(inventor_name="刘芳", id_number=ID_2,
                                    patent_number_raw=INVENTION_2))
        for app_id in (bare, known):
            reg.set_status(PATENT, app_id, "qualified")
        group = todo_list(reg, date(2022, 11, 20), limit=None).group("no_enterprise")
        assert group is not None and [i.app_id for i in group.items] == [bare]
        [item] = group.items
        assert item.todo == ("所在单位未登记（资格审核通过）：申报表须经所在单位工会审核盖章，"
                             "请补填所在单位，补填后再核准")
        assert item.screen == "专利助推" and item.where.endswith("所在单位")


def test_a_paid_line_without_it_is_marked_in_the_workbook_as_in_the_pdf(reg, tmp_path):
    """The PDF's 所在单位 cell says （未登记，待补） paid or not; the workbook has no such
    column for patents, and a paid line's 备注 said nothing of it (the unpaid line's did)."""
    from openpyxl import load_workbook

    from boostdesk.finance.paying import mark_paid
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.paid_in import parse_period
    from boostdesk.printing.payments import (
        build_payment_lists,
        build_period_lists,
        write_payments_xlsx,
    )

    _approved(reg)
    for x in payment_lines(reg, 2022):
        mark_paid(reg, x.id, date(2022, 12, 2), "PZ-1")
    for name, lists in (
            ("t1.xlsx", build_payment_lists(reg, 2022, 1, unpaid_only=False)),
            ("paidin.xlsx", build_period_lists(reg, 1, parse_period("2022-12")))):
        write_payments_xlsx(tmp_path / name, lists, unmasked=True)
        rows = [row for ws in load_workbook(tmp_path / name).worksheets
                for row in ws.iter_rows(min_row=4, values_only=True) if row[1] == "专利"]
        assert len(rows) == 4, rows  # two papers, two payers each
        for row in rows:
            said = row[13] or ""
            assert (f"所在单位{SHEET_MARK}" in said) == (row[3] == "刘芳"), (name, row)
