"""A season of the project stream end to end, at the seams between its stages (方案二):
what the office meets when something changes between review, publicity and payment."""

from __future__ import annotations

from datetime import date

from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.paying import mark_paid, record_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models.campaign import FEDERATION, RECOMMENDING_UNION
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.publicity import (
    close_publicity,
    publicity_rows,
    record_objection,
    resolve_objection,
    start_publicity,
)
from boostdesk.printing.approval import load_sheets
from boostdesk.rules import recheck
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)

WHY = "录入有误，据原件更正"  # an approved award's printed fact: said why


def _published(reg):
    """A city and a district project, ranked, adopted and in publicity from 2022-12-20."""
    ids = {
        "city": make_project(reg, "市级甲项目", "工作室甲", CITY),
        "district": make_project(reg, "区级乙项目", "工作室乙", DISTRICT),
    }
    to_review(reg, *ids.values())
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids["city"]: 90, ids["district"]: 85})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    return ids


def _first_tranche(reg, app_id):
    sync_plan(reg, YEAR)
    return {x.payer: x.amount_fen for x in payment_lines(reg, YEAR, app_ids=[app_id])
            if x.tranche == 1}


def test_studio_level_corrected_during_publicity_keeps_the_published_tiers_split(reg):
    """A district studio's project is published in the 3万元 district tier; during the
    period the office corrects the studio to 市级 in 工作室. The award approved at the
    end is the published 3万元 of a district studio (二（三）2: 1:2), not a 3万元 split
    1:1 as no tier of the plan is."""
    ids = _published(reg)
    with reg.transaction():  # 工作室 → 修改: 级别 1 市级
        reg.ensure_studio("工作室乙", CITY, None, None, "工作室乙负责人", False, exact=True)
        recheck(reg)
    listed = {r.title: r.level_zh for r in publicity_rows(reg, YEAR)}
    assert listed["区级乙项目"] == "区/局/集团级"  # as published
    close_publicity(reg, YEAR, date(2022, 12, 27))
    app = reg.project(ids["district"])
    assert (app.status, app.award_fen, app.studio_level) == ("approved", 3 * WAN, DISTRICT)
    assert _first_tranche(reg, ids["district"]) == {FEDERATION: 6_000_00,
                                                    RECOMMENDING_UNION: 12_000_00}
    [sheet] = load_sheets(reg, YEAR, ["区级乙项目"])
    assert sheet.matrix == ((6_000_00, 12_000_00), (4_000_00, 8_000_00))


def test_studio_level_corrected_while_an_objection_is_settled_keeps_the_tiers_split(reg):
    ids = _published(reg)
    oid = record_objection(reg, ids["district"], date(2022, 12, 22), "某职工", "负责人有争议")
    close_publicity(reg, YEAR, date(2022, 12, 27))
    with reg.transaction():
        reg.ensure_studio("工作室乙", CITY, None, None, "工作室乙负责人", False, exact=True)
        recheck(reg)
    resolve_objection(reg, oid, upheld=False, note="经核实属实", on=date(2023, 1, 5))
    assert reg.project(ids["district"]).studio_level == DISTRICT
    assert _first_tranche(reg, ids["district"]) == {FEDERATION: 6_000_00,
                                                    RECOMMENDING_UNION: 12_000_00}


def test_approval_sheet_of_a_project_whose_objection_was_dismissed_says_so(reg):
    """二（四）3: the sheet of a project approved once an objection against it was found
    groundless must not say the period ended without objection."""
    ids = _published(reg)
    oid = record_objection(reg, ids["city"], date(2022, 12, 23), "某职工", "负责人有争议")
    close_publicity(reg, YEAR, date(2022, 12, 27))
    resolve_objection(reg, oid, upheld=False, note="经核实负责人属实", on=date(2023, 1, 5))
    from boostdesk.printing.approval import _review_line

    sheets = {s.app.title: s for s in load_sheets(reg, YEAR)}
    objected = _review_line(sheets["市级甲项目"])
    assert "无异议" not in objected
    assert "异议不成立" in objected and "2023年1月5日核准助推 ¥100,000.00" in objected
    assert "公示期满无异议" in _review_line(sheets["区级乙项目"])


def test_the_dismissed_objection_line_stays_inside_the_approval_sheet(reg, tmp_path):
    """The longer 专业评审及公示 line ran past the box and the page edge, the amount cut."""
    from boostdesk.printing.approval import RIGHT, write_approval_pdf
    from tests.test_printing_edges import pdf_words

    ids = _published(reg)
    oid = record_objection(reg, ids["city"], date(2022, 12, 23), "某职工", "负责人有争议")
    close_publicity(reg, YEAR, date(2022, 12, 27))
    resolve_objection(reg, oid, upheld=False, note="经核实负责人属实", on=date(2023, 12, 25))
    [sheet] = load_sheets(reg, YEAR, ["市级甲项目"])
    pdf = tmp_path / "审批表.pdf"
    write_approval_pdf(pdf, [sheet], printed_on=date(2023, 12, 25))
    words = pdf_words(pdf, 1)
    assert any("¥100,000.00" in w[4] and "核准助推" in "".join(x[4] for x in words)
               for w in words)
    above_footer = [w for w in words if w[1] < 800]  # the footer's notes reach the margin
    assert [w for w in above_footer if w[2] > RIGHT + 0.5] == []  # nothing past the frame


def test_a_published_tiers_amount_cannot_change_under_its_awards(reg):
    """设置 after publicity: the 3万元 district tier raised to ¥40,000 would leave the
    published ¥30,000 awards in no tier, so they stopped counting against its quota and the
    ranking filled it again (4 district awards under a quota of 3). Refused, naming the
    tier; its quota and the other tiers stay editable."""
    import pytest

    from boostdesk.models import RegisterError
    from boostdesk.models.campaign import Tier

    _published(reg)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    c = reg.campaign(YEAR)
    raised = tuple(Tier(t.name, 4 * WAN, t.quota, t.level) if t.amount_fen == 3 * WAN else t
                   for t in c.tiers)
    with pytest.raises(RegisterError, match="1 个项目已按 ¥30,000.00 拟助推或核准，该档金额不能再改"):
        reg.save_campaign(c.with_changes(tiers=raised))
    assert reg.campaign(YEAR).tiers == c.tiers
    other = {t.level for t in c.tiers} - {next(t.level for t in c.tiers if t.amount_fen == 3 * WAN)}
    moved = tuple(Tier(t.name, t.amount_fen, t.quota, next(iter(other)))
                  if t.amount_fen == 3 * WAN else t for t in c.tiers)
    with pytest.raises(RegisterError, match="2022 年度：“3万元”档（¥30,000.00）已有 1 项公示或核准"):
        reg.save_campaign(c.with_changes(tiers=moved))  # its level, the amount kept
    assert reg.campaign(YEAR).tiers == c.tiers
    fewer = tuple(Tier(t.name, t.amount_fen, 1, t.level) for t in c.tiers)
    reg.save_campaign(c.with_changes(tiers=fewer))  # the quotas may still change
    assert [t.quota for t in reg.campaign(YEAR).tiers] == [1, 1, 1]


def _last_years_award_and_this_years_paper(reg):
    """A 2021 award of 工作室丙 (first tranche paid), and its 2022 application."""
    from boostdesk.models.records import PROJECT

    reg.save_campaign(reg.campaign(YEAR).for_year(2021))
    old = make_project(reg, "往年项目", "工作室丙", CITY, year=2021, received=date(2021, 10, 25))
    for status in ("qualified", "review", "proposed", "publicized"):
        reg.set_status(PROJECT, old, status)
    reg.set_status(PROJECT, old, "approved", award_fen=10 * WAN, approved_date=date(2021, 12, 30))
    sync_plan(reg, 2021)
    for line in payment_lines(reg, 2021, app_ids=[old]):
        if line.tranche == 1:
            record_paid(reg, line.id, date(2022, 2, 1), "记-2022-0001")
    new = make_project(reg, "今年项目", "工作室丙", CITY)
    return old, new


def _unfinished_finding(reg, app_id):
    from boostdesk.rules import check_campaign

    [v] = [v for v in check_campaign(reg, YEAR) if v.app_id == app_id]
    return [f for f in v.findings if f.code == "STUDIO_HAS_UNFINISHED_AWARD"]


def test_acceptance_after_this_years_deadline_does_not_unbar_the_studios_paper(reg):
    """二（一）: a studio whose earlier award had not passed acceptance when this year's
    papers were due (2022-11-01) could not apply; its acceptance recorded in December
    does not make the refused paper 合格 after the fact."""
    old, new = _last_years_award_and_this_years_paper(reg)
    assert _unfinished_finding(reg, new)
    record_acceptance(reg, old, date(2022, 12, 15))
    recheck(reg)
    assert _unfinished_finding(reg, new)


def test_acceptance_before_this_years_deadline_unbars_the_studio(reg):
    old, new = _last_years_award_and_this_years_paper(reg)
    record_acceptance(reg, old, date(2022, 10, 20))
    recheck(reg)
    assert not _unfinished_finding(reg, new)


def test_the_bar_names_the_deadline_the_acceptance_came_after(reg):
    old, new = _last_years_award_and_this_years_paper(reg)
    record_acceptance(reg, old, date(2022, 12, 15))
    recheck(reg)
    [f] = _unfinished_finding(reg, new)
    assert "至本年度报送截止日（2022-11-01）未完成结题验收" in f.message


def test_an_award_whose_studio_has_no_enterprise_names_the_gap_and_is_not_paid_blind(reg):
    """附件4 has no 所在单位 column: a studio imported from it has no enterprise, the payee
    of its award (二（四）4, paid to the studio's enterprise). The lists and the 拨付 screen
    said nothing (a blank 收款单位, “北京市总工会 向  拨付”) and the payment was recorded.
    The gap is named, and the payment waits until the enterprise is filled in."""
    import pytest

    ids = _published(reg)
    with reg.transaction():  # as imported from 附件4: no enterprise
        reg.ensure_studio("工作室乙", DISTRICT, None, None, "工作室乙负责人", False, exact=True)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    sync_plan(reg, YEAR)
    [line, *_] = [x for x in payment_lines(reg, YEAR, app_ids=[ids["district"]])
                  if x.tranche == 1]
    assert line.payee == "（未登记所在单位）"
    with pytest.raises(FinanceError, match="工作室“工作室乙”未登记所在单位"):
        mark_paid(reg, line.id, date(2023, 2, 15), "记-2023-0001")
    assert not payment_lines(reg, YEAR, app_ids=[ids["district"]])[0].paid
    with reg.transaction():  # 工作室 → 修改: 所在单位
        ent = reg.ensure_enterprise("某某机械有限公司")
        reg.ensure_studio("工作室乙", DISTRICT, None, ent, "工作室乙负责人", False, exact=True)
    paid = mark_paid(reg, line.id, date(2023, 2, 15), "记-2023-0001")
    assert (paid.payee, paid.paid) == ("某某机械有限公司", True)


def test_an_award_whose_studio_has_no_enterprise_is_marked_where_it_is_printed_or_waits(reg):
    """The 审批表 printed 所在单位 blank, the payment list a bare （未登记所在单位） as 收款单位,
    and 待办 listed its lines as ready to pay: each now says it cannot be paid until the
    enterprise is filled in (paying refuses it, the test above)."""
    from boostdesk.no_enterprise import SHEET_MARK, UNPAYABLE
    from boostdesk.printing.approval import _project_rows
    from boostdesk.printing.payments import remark
    from boostdesk.todo import todo_list

    ids = _published(reg)
    with reg.transaction():  # as imported from 附件4: no enterprise
        reg.ensure_studio("工作室乙", DISTRICT, None, None, "工作室乙负责人", False, exact=True)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    sync_plan(reg, YEAR)
    lines = {x.app_id: x for x in payment_lines(reg, YEAR) if x.tranche == 1}
    assert remark(lines[ids["district"]], date(2023, 1, 5)).startswith(UNPAYABLE)
    assert UNPAYABLE not in remark(lines[ids["city"]], date(2023, 1, 5))
    sheets = {s.app.title: s for s in load_sheets(reg, YEAR)}
    assert ["所在单位", SHEET_MARK] in _project_rows(sheets["区级乙项目"], False)
    assert ["所在单位", "工作室甲所在公司"] in _project_rows(sheets["市级甲项目"], False)
    items = [i for g in todo_list(reg, date(2023, 1, 5), limit=None).groups for i in g.items
             if i.app_id in ids.values() and i.line_id]
    gap = "所在单位未登记，不能拨付：请在“工作室”中填写所在单位（收款单位）"
    assert {i.app_id for i in items if gap in i.todo} == {ids["district"]}
    assert all(i.where.startswith("工作室 → 选中“工作室乙”") for i in items if gap in i.todo)


def test_a_payment_lists_total_to_pay_now_leaves_out_what_waits_for_its_enterprise(
        reg, tmp_path):
    """The list's 尚需拨付 and its 大写 counted a line paying refuses (未登记所在单位,
    marked 补填前不能拨付 in its 备注): finance was asked to pay ¥6,000.00 it could not. The
    footer gives what can be paid now, with its 大写, and what waits apart, on paper and
    in the sheet alike."""
    import subprocess

    from openpyxl import load_workbook

    from boostdesk.money import daxie, format_money
    from boostdesk.no_enterprise import UNPAYABLE
    from boostdesk.printing.payments import (
        build_payment_lists,
        write_payments_pdf,
        write_payments_xlsx,
    )

    ids = _published(reg)
    with reg.transaction():  # as imported from 附件4: no enterprise
        reg.ensure_studio("工作室乙", DISTRICT, None, None, "工作室乙负责人", False, exact=True)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    sync_plan(reg, YEAR)
    fed = {x.app_id: x for x in payment_lines(reg, YEAR, tranche=1, payer=FEDERATION)}
    city, waits = fed[ids["city"]].amount_fen, fed[ids["district"]].amount_fen

    def printed(pl) -> tuple[str, dict]:
        pdf, xlsx = tmp_path / "l.pdf", tmp_path / "l.xlsx"
        write_payments_pdf(pdf, [pl])
        write_payments_xlsx(xlsx, [pl])
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        rows = {r[0]: r for r in load_workbook(xlsx).active.iter_rows(values_only=True)}
        return "".join(text.split()), rows

    [pl] = build_payment_lists(reg, YEAR, 1, payer=FEDERATION)
    assert (pl.total, pl.payable_now, [x.app_id for x in pl.unpayable]) == (
        city + waits, city, [ids["district"]])
    text, rows = printed(pl)
    assert f"现可拨付：{format_money(city)}（1笔）大写：{daxie(city)}" in text, text
    assert f"其中{format_money(waits)}（1笔）{UNPAYABLE}" in text
    assert daxie(city + waits) not in text
    assert (rows["现可拨付"][3], rows["现可拨付"][9] * 100, rows["现可拨付"][10]) == (
        "1 笔", city, daxie(city))
    assert rows["其中未登记所在单位"][9] * 100 == waits
    assert rows["合计"][10] is None  # the total holds the line that cannot be paid: no 大写

    mark_paid(reg, fed[ids["city"]].id, date(2023, 2, 15), "记-2023-0001")
    [pl] = build_payment_lists(reg, YEAR, 1, payer=FEDERATION, unpaid_only=False)
    assert (pl.to_pay, pl.payable_now) == (waits, 0)
    text, rows = printed(pl)
    assert f"现可拨付：¥0.00（0笔）大写：{daxie(0)}" in text
    assert f"尚需拨付：{format_money(waits)}（1笔），其中{format_money(waits)}（1笔）" \
        f"{UNPAYABLE}" in text
    assert daxie(waits) not in text
    assert (rows["尚需拨付"][9] * 100, rows["尚需拨付"][10]) == (waits, None)
    assert (rows["现可拨付"][9], rows["现可拨付"][10]) == (0, daxie(0))


def test_the_recommending_union_of_a_paid_award_cannot_be_rewritten(reg):
    """海淀区总工会 paid its share of the first tranche; the project's 推荐单位 then edited
    to 朝阳区总工会 on the form rewrote the paid rows: 朝阳区总工会 had “paid” ¥30,000.00
    it never paid, and the lists printed with the paid lines said so. Refused once money
    has moved; before that the union is corrected freely."""
    from dataclasses import replace

    import pytest

    from boostdesk.models import RegisterError

    ids = _published(reg)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    app = reg.project(ids["city"])
    # nothing paid yet: corrected, with a reason (on the signed sheet)
    reg.save_project(replace(app, unit_name="西城区总工会"), reason=WHY)
    reg.save_project(replace(app, unit_name="海淀区总工会"), reason=WHY)
    sync_plan(reg, YEAR)
    for line in payment_lines(reg, YEAR, app_ids=[ids["city"]]):
        if line.tranche == 1:
            mark_paid(reg, line.id, date(2023, 2, 15), "记-2023-0001")
    with pytest.raises(RegisterError, match="已登记拨付 2 笔.*推荐单位不能再改"):
        reg.save_project(replace(reg.project(ids["city"]), unit_name="朝阳区总工会"))
    payers = {x.payer_name for x in payment_lines(reg, YEAR, app_ids=[ids["city"]])}
    assert payers == {"北京市总工会", "海淀区总工会"}
    reg.save_project(replace(reg.project(ids["city"]), contact_phone="13900139000"))


def test_a_published_projects_scores_are_not_deleted_by_unassigning_its_expert(reg):
    """`panel unassign` after publicity deleted the expert's submitted scores of an approved
    project (its score, the basis of the award, changed under it; the 分配专家 matrix
    refuses it). Refused once the project has left review."""
    import pytest

    from boostdesk.panel.errors import PanelError
    from boostdesk.panel.experts import unassign
    from boostdesk.panel.scoring import panel_scores

    ids = _published(reg)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    before = panel_scores(reg, YEAR)[ids["city"]].score
    expert_id = reg.scalar("SELECT expert_id FROM assignments WHERE project_id = ?", (ids["city"],))
    with pytest.raises(PanelError, match="“市级甲项目”已结束专家评审（现为“核准”）.*评分不能删除"):
        unassign(reg, expert_id, ids["city"])
    assert panel_scores(reg, YEAR)[ids["city"]].score == before


def test_the_trimming_rule_cannot_change_once_a_proposal_was_published(reg):
    """The 评分细则 are locked once scores exist; the trimmed-mean rule, which makes the
    score from them as much, could still be changed after publicity: the published
    projects' scores and the order of those left for a later batch changed under it.
    Locked once a proposal is published; the disagreement flag and the experts per
    project stay editable."""
    from dataclasses import replace

    import pytest

    from boostdesk.panel.errors import PanelError
    from boostdesk.panel.grid import save_settings, settings

    _published(reg)
    s = settings(reg, YEAR)
    with pytest.raises(PanelError, match="已公示.*去极值"):
        save_settings(reg, YEAR, replace(s, trim_min_scores=3))
    assert settings(reg, YEAR) == s
    save_settings(reg, YEAR, replace(s, disagreement_sd_x10=80, experts_per_project=3))
    assert settings(reg, YEAR).disagreement_sd_x10 == 80


def _adopted(reg):
    ids = {
        "city": make_project(reg, "市级甲项目", "工作室甲", CITY),
        "district": make_project(reg, "区级乙项目", "工作室乙", DISTRICT),
    }
    to_review(reg, *ids.values())
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids["city"]: 90, ids["district"]: 85})
    adopt(reg, YEAR)
    return ids


def test_publicity_does_not_publish_a_proposal_the_ranking_no_longer_gives(reg):
    """Adopted, then the district tier's quota cut to 0 in 设置 (or a studio's level
    corrected): 排名与档次 no longer gives 区级乙项目 a tier, but 开始公示 published the
    adopted 3万元 all the same. Refused, naming what changed, until adopted again."""
    import pytest

    from boostdesk.models.campaign import Tier
    from boostdesk.panel.adopt_proposal import withdraw
    from boostdesk.panel.errors import PanelError

    ids = _adopted(reg)
    c = reg.campaign(YEAR)
    reg.save_campaign(c.with_changes(tiers=tuple(
        Tier(t.name, t.amount_fen, 0 if t.level == DISTRICT else t.quota, t.level)
        for t in c.tiers)))
    with pytest.raises(PanelError, match="“区级乙项目”：采纳时为3万元档，现排名为未获助推"):
        start_publicity(reg, YEAR, date(2022, 12, 20))
    assert reg.project(ids["district"]).status == "proposed"
    withdraw(reg, YEAR, "评分录入有误，重新采纳")
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    assert [r.title for r in publicity_rows(reg, YEAR)] == ["市级甲项目"]
