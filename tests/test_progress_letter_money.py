"""办理进度告知单's money as the statistics count it (the testers of stop 38): a revoked
award (撤销助推) was counted as an award and as paid in a union's letter, and its own
letter said 已拨付 ¥3,000.00，未拨付 ¥0.00 without what is to come back; the union's own
share unpaid left out a project's 尾款 the 未拨付 beside it counted; an amount wrapped in
its narrow cell (¥30,000.0 / 0)."""

from __future__ import annotations

import re
import subprocess
from datetime import date

from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.recovery import record_recovered, revoke_paid_award
from boostdesk.models.campaign import FEDERATION, RECOMMENDING_UNION
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.printing.progress import letters, union_letter, write_progress_pdf
from boostdesk.printing.progress import write_union_progress_pdf as write_union
from boostdesk.progress import union_progress
from boostdesk.statistics import year_statistics
from tests.test_finance import add_patent, add_project, lines_of

DAY = date(2023, 3, 10)
UNION = "石景山区总工会"


def _text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def flat(text: str) -> str:
    return "".join(text.split())


def _pay_all(reg, stream, app_id, day=date(2023, 1, 12)) -> None:
    for x in lines_of(reg, stream, app_id):
        mark_paid(reg, x.id, day, f"记-{stream}-{x.id}")


def _revoked_union(reg) -> tuple[int, int]:
    """Two patents paid whole; the second revoked since, the union's 1,500 of it 1,000 back."""
    kept = add_patent(reg, unit=UNION)
    gone = add_patent(reg, "李四", "110108198506123146", UNION, number="ZL202120987654.3")
    sync_plan(reg, 2022)
    _pay_all(reg, PATENT, kept)
    _pay_all(reg, PATENT, gone)
    revoke_paid_award(reg, PATENT, gone, date(2023, 2, 1), "专利权被宣告无效")
    record_recovered(reg, PATENT, gone, FEDERATION, date(2023, 2, 20), "收-1")
    record_recovered(reg, PATENT, gone, RECOMMENDING_UNION, date(2023, 2, 20), "收-2", 1000_00)
    return kept, gone


def test_a_unions_letter_counts_the_awards_and_the_paid_as_the_statistics(reg):
    _revoked_union(reg)
    up = union_progress(reg, 2022, UNION, DAY)
    row = next(r for r in year_statistics(reg, 2022, as_of=DAY).rows[PATENT] if r.unit == UNION)
    assert (row.approved, row.award_fen, row.paid_total) == (1, 3000_00, 3000_00)
    said = up.summary()
    assert "获助推 1 项，助推 ¥3,000.00，已拨付 ¥3,000.00，未拨付 ¥0.00" in said
    assert sum(p.paid_fen for p in up.all()) == row.paid_total
    awarded = [p for p in up.all() if p.awarded_fen]
    assert (len(awarded), sum(p.awarded_fen for p in awarded)) == (row.approved, row.award_fen)
    assert (f"撤销助推 {row.revoked} 项（不计入助推和已拨付）：应追回 ¥3,000.00，"
            "已追回 ¥2,500.00，尚欠 ¥500.00") in said
    assert row.to_recover_fen == 3000_00 and row.recovered_fen == 2500_00


def test_the_unions_table_lists_the_revoked_apart_from_its_totals(reg, tmp_path):
    _, gone = _revoked_union(reg)
    out = tmp_path / "union.pdf"
    write_union(out, *union_letter(reg, 2022, UNION, DAY), DAY)
    text = flat(_text(out))
    assert "已撤销助推" in text and "应追回¥3,000.00，已追回¥2,500.00，尚欠¥500.00" in text
    assert "合计2项¥3,000.00¥3,000.00¥0.00" in text  # the kept award only


def test_a_revoked_papers_letter_says_what_is_to_come_back_and_its_label_once(reg, tmp_path):
    _, gone = _revoked_union(reg)
    out = tmp_path / "letter.pdf"
    write_progress_pdf(out, letters(reg, [(PATENT, gone)], DAY), DAY)
    text = flat(_text(out))
    assert "助推金额已撤销助推（原核准¥3,000.00）" in text
    assert "追回情况应追回¥3,000.00，已追回¥2,500.00，尚欠¥500.00" in text
    assert "未拨付¥0.00" not in text
    # no rules' verdict beside a revocation: 合格 / 未核对 would read as if the award stood
    assert "规则核对" not in text


def test_the_unions_own_unpaid_share_counts_the_rest_after_the_acceptance(reg):
    add_project(reg, unit=UNION)  # 100,000: first 60% due, the rest after the acceptance
    sync_plan(reg, 2022)
    up = union_progress(reg, 2022, UNION, DAY)
    row = next(r for r in year_statistics(reg, 2022, as_of=DAY).rows[PROJECT] if r.unit == UNION)
    mine = row.owed_by_payer[1]
    assert mine and up.union_owes_fen == mine
    union_lines = [x for x in lines_of(reg, PROJECT, up.all()[0].app_id)
                   if x.payer == RECOMMENDING_UNION]
    rest = sum(x.amount_fen for x in union_lines if x.tranche > 1)
    assert rest and up.union_awaiting_fen == rest
    from boostdesk.money import format_money

    said = up.summary()
    assert (f"其中本单位应拨（推荐工会分担）尚未拨付 {format_money(mine)}（现应拨付 "
            f"{format_money(mine - rest)}，待验收后拨付 {format_money(rest)}）") in said


def test_an_amount_is_never_broken_in_its_cell(reg, tmp_path):
    add_project(reg, unit=UNION)  # ¥100,000.00 in the union's project table
    add_project(reg, "数控加工技能大师工作室", award=30_000_00, unit=UNION, title="五轴数控加工程序优化")
    sync_plan(reg, 2022)
    out = tmp_path / "union.pdf"
    write_union(out, *union_letter(reg, 2022, UNION, DAY), DAY)
    amounts = re.findall(r"¥[\d,.]*", _text(out))
    assert "¥100,000.00" in amounts and "¥130,000.00" in amounts
    assert all(re.fullmatch(r"¥\d{1,3}(,\d{3})*\.\d\d", a) for a in amounts), amounts


def test_a_failed_acceptance_s_letter_adds_up_its_money(reg, tmp_path):
    """A project whose acceptance failed: 合计 ¥30,000.00 said 已拨付 ¥18,000.00，未拨付 ¥0.00 —
    the 尾款 not paid (二（四）4) must be in the line for it to add up."""
    from boostdesk.finance.acceptance import record_failed_acceptance

    app = add_project(reg, "数控加工技能大师工作室", award=30_000_00, unit=UNION,
                      title="五轴数控加工程序优化")
    sync_plan(reg, 2022)
    for x in lines_of(reg, PROJECT, app):
        if x.tranche == 1:
            mark_paid(reg, x.id, date(2023, 1, 12), f"记-{x.id}")
    record_failed_acceptance(reg, app, date(2023, 6, 1), "未达到立项目标")
    out = tmp_path / "letter.pdf"
    write_progress_pdf(out, letters(reg, [(PROJECT, app)], DAY), DAY)
    text = flat(_text(out))
    assert "已拨付¥18,000.00，未拨付¥0.00" in text and "不予拨付¥12,000.00" in text


def test_a_unions_letter_adds_up_a_failed_acceptance_s_money(reg, tmp_path):
    """The tester's (stop 47): 朝阳区总工会's letter said 获助推 2 项，助推 ¥150,000.00，已拨付
    ¥110,000.00，未拨付 ¥20,000.00 — the 尾款 a failed acceptance does not pay (二（四）4),
    ¥20,000.00, in neither: the totals say it, as the paper's own letter does."""
    from boostdesk.finance.acceptance import record_failed_acceptance

    app = add_project(reg, "数控加工技能大师工作室", award=30_000_00, unit=UNION,
                      title="五轴数控加工程序优化")
    sync_plan(reg, 2022)
    for x in lines_of(reg, PROJECT, app):
        if x.tranche == 1:
            mark_paid(reg, x.id, date(2023, 1, 12), f"记-{x.id}")
    record_failed_acceptance(reg, app, date(2023, 6, 1), "未达到立项目标")
    said = union_progress(reg, 2022, UNION, DAY).summary()
    assert ("获助推 1 项，助推 ¥30,000.00，已拨付 ¥18,000.00，未拨付 ¥0.00，"
            "不予拨付 ¥12,000.00（结题验收未通过）") in said, said
    out = tmp_path / "union.pdf"
    write_union(out, *union_letter(reg, 2022, UNION, DAY), DAY)
    assert "不予拨付¥12,000.00（结题验收未通过）" in flat(_text(out))


def test_a_first_tranche_waiting_for_the_studios_unit_is_not_said_payable_now(reg):
    """海淀's letter said 现应拨付 ¥12,000.00 for a first tranche its payment list (现可拨付
    ¥0.00) and `pay mark` hold back: the studio has no 所在单位, no enterprise to pay."""
    from boostdesk.models.campaign import CITY
    from boostdesk.models.records import ProjectApplication
    from boostdesk.money import format_money
    from boostdesk.printing.payments import build_payment_lists

    bare = reg.save_project(ProjectApplication(  # as a 附件4 row makes it: no 所在单位
        campaign_year=2022, title="五轴数控加工程序优化", studio_name="数控加工技能大师工作室",
        studio_level=CITY, leader="王强", unit_name=UNION, enterprise_name="",
        approval_date=date(2022, 3, 5), startup_funds_paid=True,
        planned_completion=date(2023, 11, 30), total_budget_fen=90_000_00,
        requested_fen=30_000_00))
    for step in ("qualified", "review", "proposed", "publicized"):
        reg.set_status(PROJECT, bare, step)
    reg.set_status(PROJECT, bare, "approved", award_fen=30_000_00,
                   approved_date=date(2022, 12, 28))
    sync_plan(reg, 2022)
    [pl] = build_payment_lists(reg, 2022, 1, payer=RECOMMENDING_UNION, unit_name=UNION)
    assert pl.payable_now == 0 and pl.unpayable
    first = pl.to_pay
    up = union_progress(reg, 2022, UNION, DAY)
    rest = up.union_owes_fen - first
    assert up.summary().endswith(
        f"尚未拨付 {format_money(up.union_owes_fen)}（现应拨付 ¥0.00，另 {format_money(first)} "
        f"待补填所在单位后拨付，待验收后拨付 {format_money(rest)}）")
    # with a project that can be paid beside it: 现应拨付 is the list's 现可拨付
    add_project(reg, unit=UNION)
    sync_plan(reg, 2022)
    [pl] = build_payment_lists(reg, 2022, 1, payer=RECOMMENDING_UNION, unit_name=UNION)
    said = union_progress(reg, 2022, UNION, DAY).summary()
    assert (f"（现应拨付 {format_money(pl.payable_now)}，另 {format_money(first)} "
            "待补填所在单位后拨付") in said, said


def test_a_unions_table_adds_up_a_failed_acceptance_s_money(reg, tmp_path):
    """The union's table said 合计 助推 ¥30,000.00, 已拨付 ¥18,000.00, 未拨付 ¥0.00 under a
    summary that says 不予拨付 ¥12,000.00: its row and its 合计 say the 不予拨付 too, so the
    table adds up on its own; a table with no such 尾款 keeps its columns."""
    from boostdesk.finance.acceptance import record_failed_acceptance

    app = add_project(reg, "数控加工技能大师工作室", award=30_000_00, unit=UNION,
                      title="五轴数控加工程序优化")
    add_patent(reg, unit=UNION)
    sync_plan(reg, 2022)
    for x in lines_of(reg, PROJECT, app):
        if x.tranche == 1:
            mark_paid(reg, x.id, date(2023, 1, 12), f"记-{x.id}")
    record_failed_acceptance(reg, app, date(2023, 6, 1), "未达到立项目标")
    out = tmp_path / "union.pdf"
    assert write_union(out, *union_letter(reg, 2022, UNION, DAY), DAY) == 1  # one page still
    text = _text(out)
    patent, project = text.split("创新项目助推（1 项）")
    assert "不予拨付" in flat(project[:project.index("五轴")])  # the column's heading
    assert re.search(r"合计.*¥30,000\.00\s+¥18,000\.00\s+¥0\.00\s+¥12,000\.00", project), project
    patent = patent[patent.index("发明专利助推（1 项）"):]
    assert "不予拨付" not in patent, patent  # no 尾款 withheld there: no column for it
