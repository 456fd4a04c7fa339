"""`boostdesk campaign set`: a year's parameters changed from a script, checked as 设置
checks them, stored with the campaign re-checked in the same transaction, or not at all."""

from __future__ import annotations

import json

import pytest

from boostdesk.campaign_settings import apply_settings, parse_tiers
from boostdesk.cli import main
from boostdesk.models import Register, plan_2022
from boostdesk.models.campaign import CITY, DISTRICT
from boostdesk.models.records import PatentApplication
from boostdesk.validate import ValidationError


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_each_kind_of_parameter_is_read_as_the_window_reads_it():
    c = apply_settings(plan_2022(), [
        ("patent_award", "¥5,000"), ("grant_window_end", "2021年11月30日"),
        ("district_split", "1：3"), ("tranche_shares", "55，45"), ("publicity_days", "5"),
        ("budget_cap_percent", "40%"), ("priority_industries", "人工智能、集成电路"),
        ("tiers", "甲档:80000:5:市级；乙档:20000:30:区/局/集团级"),
    ])
    assert c.patent_award_fen == 500_000 and c.grant_window_end.isoformat() == "2021-11-30"
    assert c.project_split == {CITY: (1, 1), DISTRICT: (1, 3)}
    assert c.tranche_shares == (55, 45) and c.publicity_days == 5 and c.budget_cap_percent == 40
    assert c.priority_industries == ("人工智能", "集成电路")
    assert [(t.name, t.amount_fen, t.quota, t.level) for t in c.tiers] == [
        ("甲档", 8_000_000, 5, CITY), ("乙档", 2_000_000, 30, DISTRICT)]


@pytest.mark.parametrize(("pairs", "says"), [
    ([("tranche_shares", "60,30")], "tranche_shares（分期拨付比例）：分期比例之和应为 100，现为 90"),
    ([("tranche_shares", "100,0")], "每一期都应大于 0"),
    ([("tranche_shares", "0,100")], "每一期都应大于 0"),
    ([("tranche_shares", "100")], "分期比例应为两期（公示期满后首笔、验收后尾款），如 60,40"),
    ([("tranche_shares", "50,30,20")], "分期比例应为两期（公示期满后首笔、验收后尾款）"),
    ([("grant_window_start", "2022-01-01")], "起日晚于止日"),
    ([("publicity_days", "0")], "公示期（天）应在 1 至 60 之间"),
    ([("max_awards_per_studio", "3")], "多于最多申报的项数（2）"),
    ([("patent_award", "0")], "每项专利助推金额应大于 0"),
    ([("patent_split", "1:0")], "patent_split（专利分担比例）"),
    ([("publicity_days", "七")], "应为正整数，而不是“七”"),
    ([("quota", "3")], "没有参数“quota”"),
])
def test_a_contradictory_or_unreadable_value_is_named(pairs, says):
    with pytest.raises(ValidationError) as caught:
        apply_settings(plan_2022(), pairs)
    assert says in caught.value.message


def test_a_tier_written_wrongly_is_named_by_its_number():
    with pytest.raises(ValidationError, match="第 2 档工作室级别"):
        parse_tiers("甲档:80000:5:市级；乙档:20000:30:省级")
    with pytest.raises(ValidationError, match="第 1 档应写成"):
        parse_tiers("甲档 80000 5 市级")


def test_tiers_run_together_with_commas_are_told_to_take_semicolons():
    """`campaign set tiers=10万元:…:市级,5万元:…` was told only how one tier is written."""
    with pytest.raises(ValidationError) as caught:
        parse_tiers("10万元:100000:10:市级,5万元:50000:20:市级")
    assert "档次之间请用分号隔开，不用逗号（; 或 ；）" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        parse_tiers("10万元:100000:10")
    assert "多个档次之间用分号隔开（; 或 ；）" in caught.value.message
    # either semicolon, half or full width
    assert parse_tiers("10万元:100000:10:市级；5万元:50000:20:市级") == parse_tiers(
        "10万元:100000:10:市级; 5万元:50000:20:市级")
    assert len(parse_tiers("10万元:100000:10:市级；5万元:50000:20:市级")) == 2


def _patent(grant: str) -> PatentApplication:
    from datetime import date

    from fixtures.summary_sheets import CARD_1, ID_1, INVENTION

    return PatentApplication(
        2022, title="一种焊缝缺陷的超声检测方法", patent_number_raw=INVENTION,
        grant_date=date.fromisoformat(grant), inventor_name="张三", id_number=ID_1,
        card_number=CARD_1, frontline=True, service_invention=True,
        applied_in_production=True, unit_name="北京市海淀区总工会",
        enterprise_name="北京中科智测科技有限公司")


def test_set_stores_the_change_and_re_checks_the_campaign_in_one_step(capsys, tmp_path):
    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        reg.save_patent(_patent("2021-12-20"))
    code, out, err = run(capsys, "check", "--db", str(db), "--json")
    assert json.loads(out)[0]["eligible"] is True
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "--year", "2022",
                         "grant_window_end=2021-12-15", "publicity_days=5")
    assert code == 0 and err == ""
    assert "专利授权公告日期间：2021-01-01 至 2021-12-31（含首尾两日） → 2021-01-01 至 2021-12-15" in out
    assert "公示期：7 天（方案未定，本办自定；按日历日计，首尾两日都算） → 5 天（方案未定，本办自定；按日历日计，首尾两日都算）" in out and "重新核对该年度全部 1 项申报" in out
    with Register.open(db) as reg:
        c = reg.campaign(2022)
        findings = reg.conn.execute("SELECT findings FROM patent_applications").fetchone()[0]
        audited = reg.conn.execute("SELECT count(*) FROM audit_events WHERE entity = 'campaigns'"
                                   " AND action = 'update'").fetchone()[0]
    assert c.publicity_days == 5 and str(c.grant_window_end) == "2021-12-15"
    assert "GRANT_DATE_OUTSIDE_WINDOW" in findings  # stored by the set, not by a later check
    assert audited == 1


def test_a_refused_set_changes_nothing(capsys, tmp_path):
    db = str(tmp_path / "r.db")
    code, out, err = run(capsys, "campaign", "set", "--db", db, "publicity_days=5",
                         "tranche_shares=70,40")
    assert code == 1 and out == "" and "分期比例之和应为 100，现为 110" in err
    with Register.open(db) as reg:
        assert reg.campaign(2022) == plan_2022()


def test_set_without_settings_or_with_a_bare_word_says_how(capsys, tmp_path):
    db = str(tmp_path / "r.db")
    code, _, err = run(capsys, "campaign", "set", "--db", db)
    assert code == 1 and "须写出要修改的参数" in err
    code, _, err = run(capsys, "campaign", "set", "publicity_days", "--db", db)
    assert code == 1 and "应写成 参数=值" in err
    code, _, err = run(capsys, "campaign", "show", "publicity_days=5", "--db", db)
    assert code == 1 and "只有 campaign set 和 campaign new" in err


# -- once money has moved, the split and the shares it was paid in stay ------------------------
def _paid_project(reg) -> int:
    """A 2022 市级 project awarded 100,000 with the federation's first tranche paid."""
    from datetime import date

    from boostdesk.finance.paying import mark_paid
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.models.campaign import FEDERATION
    from boostdesk.models.records import PROJECT, ProjectApplication

    app_id = reg.save_project(ProjectApplication(
        2022, title="转炉炼钢终点碳温预测模型开发", studio_name="李红兵劳模创新工作室",
        studio_level=CITY, unit_name="首钢集团工会", enterprise_name="首钢智能装备制造有限公司",
        approval_date=date(2022, 3, 5), startup_funds_paid=True,
        planned_completion=date(2023, 11, 30), total_budget_fen=30_000_000,
        requested_fen=10_000_000))
    for step in ("qualified", "review", "proposed", "publicized"):
        reg.set_status(PROJECT, app_id, step)
    reg.set_status(PROJECT, app_id, "approved", award_fen=10_000_000,
                   approved_date=date(2022, 12, 28))
    sync_plan(reg, 2022)
    first = next(x for x in payment_lines(reg, 2022)
                 if x.tranche == 1 and x.payer == FEDERATION)
    mark_paid(reg, first.id, date(2023, 2, 1), "记-2023-0001")
    return app_id


def test_shares_and_splits_cannot_change_once_a_payment_of_the_year_is_recorded(tmp_path):
    """方案二（三）/ 二（四）4: what was paid was worked out in the year's shares and split;
    the approval sheets and lists read them from the campaign, so they must not change under
    the payments. The other parameters stay editable, and so does the patent split while no
    patent payment is recorded."""
    from boostdesk.models import RegisterError

    with Register.open(tmp_path / "r.db") as reg:
        _paid_project(reg)
        before = reg.campaign(2022)
        for change, named in (({"tranche_shares": (55, 45)}, "分期拨付比例"),
                              ({"project_split": {CITY: (1, 1), DISTRICT: (1, 1)}},
                               "区/局/集团级工作室分担比例")):
            with pytest.raises(RegisterError) as caught:
                reg.save_campaign(before.with_changes(**change))
            assert caught.value.args[0].startswith(
                f"2022 年度已登记拨付 1 笔，{named}不能再改：已拨付的款项按原比例计算")
        assert reg.campaign(2022) == before
        reg.save_campaign(before.with_changes(publicity_days=5, first_tranche_months=4,
                                              patent_split=(1, 2)))
        assert reg.campaign(2022).publicity_days == 5


def test_campaign_set_refuses_new_shares_after_a_payment_and_changes_nothing(capsys, tmp_path):
    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        _paid_project(reg)
        before = reg.campaign(2022)
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "--year", "2022",
                         "tranche_shares=55,45", "publicity_days=5")
    assert code == 1 and out == ""
    assert "2022 年度已登记拨付 1 笔，分期拨付比例不能再改" in err and "Traceback" not in err
    with Register.open(db) as reg:
        assert reg.campaign(2022) == before
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "--year", "2022",
                         "publicity_days=5")
    assert code == 0 and "公示期：7 天（方案未定，本办自定；按日历日计，首尾两日都算） → 5 天（方案未定，本办自定；按日历日计，首尾两日都算）" in out



def test_a_past_year_s_refused_change_is_said_not_a_traceback(capsys, tmp_path):
    """On a past year (a newer one exists) the change is tried first to say what it does
    (修改往年计划); a change 设置 refuses (shares once paid) crashed that trial with a
    traceback instead of the refusal."""
    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        _paid_project(reg)
        reg.save_campaign(plan_2022().for_year(2023))
        before = reg.campaign(2022)
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "--year", "2022",
                         "tranche_shares=55,45")
    assert code == 1 and "Traceback" not in err, err
    assert "2022 年度已登记拨付 1 笔，分期拨付比例不能再改" in err
    with Register.open(db) as reg:
        assert reg.campaign(2022) == before

# -- the year's amounts and the awards already approved under them ------------------------------
def _approved_patent(reg, year: int = 2022) -> int:
    from datetime import date

    from boostdesk.models.records import PATENT

    app_id = reg.save_patent(_patent("2021-12-20"))
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=reg.campaign(year).patent_award_fen,
                   approved_date=date(2022, 12, 15))
    return app_id


def test_a_corrected_patent_award_reaches_the_patents_approved_and_not_yet_paid(capsys,
                                                                              tmp_path):
    """一（三）每项职务发明专利给予 N 元: the award is the year's fixed amount. The plan copied
    from last year said ¥3,000.00, the office approved under it, then put in this year's
    ¥5,000.00: the approved patents were still listed for payment at ¥3,000.00."""
    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        app_id = _approved_patent(reg)
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "patent_award=5000")
    assert code == 0, err
    assert "已核准尚未拨付的 1 项专利，助推金额随之改为 ¥5,000.00" in out
    code, out, err = run(capsys, "pay", "list", "--db", str(db))
    assert code == 0 and out.count("¥2,500.00") == 2 and "¥1,500.00" not in out
    with Register.open(db) as reg:
        assert reg.patent(app_id).award_fen == 5000_00
        trail = reg.audit_trail("patent_applications", app_id)
    assert trail[-1]["before"] == {"award_fen": 3000_00}
    assert trail[-1]["after"] == {"award_fen": 5000_00}


def test_the_patent_award_cannot_change_once_a_patent_payment_is_recorded(capsys, tmp_path):
    from datetime import date

    from boostdesk.finance.paying import mark_paid
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.finance.read_lines import payment_lines

    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        app_id = _approved_patent(reg)
        sync_plan(reg, 2022)
        mark_paid(reg, payment_lines(reg, 2022)[0].id, date(2023, 1, 10), "记-2023-0001")
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "patent_award=5000")
    assert code == 1 and out == ""
    assert "2022 年度已登记专利拨付 1 笔，每项专利助推金额不能再改" in err
    with Register.open(db) as reg:
        assert reg.campaign(2022).patent_award_fen == 3000_00
        assert reg.patent(app_id).award_fen == 3000_00


def test_a_tier_amount_held_by_an_approved_project_cannot_change(capsys, tmp_path):
    """二（三）: a project approved (published, then paid) at ¥100,000.00 keeps that award;
    the tier it was approved in cannot silently become another amount under it."""
    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        _paid_project(reg)
    code, out, err = run(capsys, "campaign", "set", "--db", str(db),
                         "tiers=10万元:120000:10:市级；5万元:50000:20:市级；3万元:30000:50:区/局/集团级")
    assert code == 1 and out == ""
    assert "2022 年度 1 个项目已按 ¥100,000.00 拟助推或核准，该档金额不能再改" in err
    with Register.open(db) as reg:
        assert reg.campaign(2022) == plan_2022()
    code, out, err = run(capsys, "campaign", "set", "--db", str(db),
                         "tiers=十万档:100000:12:市级；5万元:50000:20:市级；3万元:30000:50:区/局/集团级")
    assert code == 0, err  # its name and quota are the plan's words, not the award


# -- the title: the federation and the year every document is headed with ---------------------
@pytest.mark.parametrize(("title", "says"), [
    ("2023年职工创新助推计划", "计划名称应以发文的总工会名称开头"),
    ("职工创新助推计划", "计划名称应以发文的总工会名称开头"),
    ("天津市总工会2022年职工创新助推计划", "计划名称中的年度为 2022，与本年度 2023 不符"),
])
def test_a_title_naming_no_federation_or_another_year_is_refused(capsys, tmp_path, title, says):
    """The approval sheets, payment lists and publicity list are headed and stamped with the
    federation and year read from the title: a title without them printed 北京市总工会 on
    another federation's sheets, and last year's year left in it headed 2023's lists 2022."""
    db = str(tmp_path / "r.db")
    assert run(capsys, "campaign", "new", "--db", db, "--year", "2023")[0] == 0
    code, out, err = run(capsys, "campaign", "set", "--db", db, "--year", "2023", f"title={title}")
    assert code == 1 and out == "" and says in err
    code, out, err = run(capsys, "campaign", "set", "--db", db, "--year", "2023",
                         "title=天津市总工会2023年职工创新助推计划")
    assert code == 0, err


def test_a_changed_split_or_tranche_shares_say_what_the_approved_awards_now_print(
        capsys, tmp_path):
    """A split or the tranche shares changed before anything is paid: the approved awards'
    sheets and payment lists read the new shares. ``patent_award`` said so; these changed
    the printed amounts of approved, unpaid awards with nothing said."""
    from test_finance import add_project

    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        _approved_patent(reg)
        add_project(reg)  # a 市级 studio's project, approved
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "patent_split=2:1",
                         "tranche_shares=50,50")
    assert code == 0, err
    assert "已核准尚未拨付的 1 项专利，市总工会与推荐工会的分担随之改为 2:1（审批表和拨付清单请重新打印）" \
        in out, out
    assert "已核准尚未拨付的 1 项项目，分期拨付比例随之改为 50%、50%（审批表和拨付清单请重新打印）" in out
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "city_split=2:1")
    assert code == 0, err
    assert "已核准尚未拨付的 1 项市级工作室项目，分担随之改为 2:1" in out, out
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "district_split=1:2")
    assert code == 0, err
    assert "随之改为" not in out  # no 区/局/集团级 award approved


def test_a_past_year_s_plan_is_changed_only_with_yes_and_says_what_it_changes(capsys, tmp_path):
    """`campaign set --year 2022 title=…（修订）` on a paid year went through unasked (the
    window asks 修改往年计划), and the year archive's copies of sheets signed in 2022 read
    the new title. A past year's change now says what it does and needs --yes."""
    from dataclasses import replace
    from datetime import date

    from fixtures.summary_sheets import INVENTION_2

    from boostdesk.models.records import PATENT
    from boostdesk.rules import recheck

    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        first = reg.save_patent(_patent("2021-12-20"))
        reg.set_status(PATENT, first, "qualified")
        reg.set_status(PATENT, first, "approved", award_fen=3000_00,
                       approved_date=date(2022, 12, 15))
        second = reg.save_patent(replace(_patent("2021-11-20"), patent_number_raw=INVENTION_2))
        reg.save_campaign(plan_2022().for_year(2023))
        recheck(reg)
    title = "北京市总工会2022年职工创新助推计划（修订）"
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "--year", "2022",
                         f"title={title}", "max_patent_awards_per_person=2")
    assert code == 1 and "请加 --yes" in err, err
    assert "正在修改的是 2022 年度（往年）的计划，不是最新的 2023 年度" in out
    assert f"计划名称改为“{title}”后" in out and "年度归档" in out
    assert "已签发的 1 项核准申报的审批表印的是“北京市总工会2022年职工创新助推计划”" in out
    assert "每人每年助推次数" in out and f"核对结论改变的 1 项：专利{second}（不合格 → " in out, out
    with Register.open(db) as reg:
        assert reg.campaign(2022) == plan_2022()  # the trial rolled back
        assert reg.conn.execute("SELECT eligible FROM patent_applications WHERE id = ?",
                                (second,)).fetchone()[0] == 0
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "--year", "2022",
                         f"title={title}", "max_patent_awards_per_person=2", "--yes")
    assert code == 0 and "已修改 2022 年度助推计划" in out, err
    with Register.open(db) as reg:
        assert reg.campaign(2022).title == title
    # the newest year is changed as before, unasked
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "--year", "2023",
                         "publicity_days=5")
    assert code == 0 and "往年" not in out, err


# -- a sealed approval: approved awards whose 审批表 was printed ---------------------------
def _pdf_text(pdf) -> str:
    import subprocess

    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return "".join(out.split())


@pytest.mark.parametrize(("setting", "old", "new"), [
    ("patent_split=1:2", "¥3,000.00（市总工会¥1,500.00、推荐工会¥1,500.00）",
     "¥3,000.00（市总工会¥1,000.00、推荐工会¥2,000.00）"),
    ("patent_award=6000", "¥3,000.00（市总工会¥1,500.00、推荐工会¥1,500.00）",
     "¥6,000.00（市总工会¥3,000.00、推荐工会¥3,000.00）"),
])
def test_a_change_to_a_printed_approval_sheet_asks_for_yes_and_its_reprint_says_changed(
        capsys, tmp_path, setting, old, new):
    """3 patents approved and their 审批表 printed (signed, sealed): patent_split=1:2 or
    patent_award=6000 was stored at once, the sheets handed round no longer held, and the
    reprint said 补打 (the same paper)."""
    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        app_id = _approved_patent(reg)
        before = reg.campaign(2022)
    first, again = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert run(capsys, "print", "approval", "--db", str(db), "--year", "2022",
               "--out", str(first))[0] == 0
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), setting)
    assert code == 1 and "请加 --yes 重新运行" in err, err
    said = "".join(out.split())
    assert "已签发（审批表已打印）的核准金额将改变" in said and f"{old}→{new}" in said, out
    assert said.count(f"{old}→{new}") == 1, out  # the sheet named once, not again as a detail
    with Register.open(db) as reg:
        assert reg.campaign(2022) == before
        assert reg.patent(app_id).award_fen == 3000_00
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), setting, "--yes")
    assert code == 0, err
    assert "1 项已核准申报的审批表已打印（已签发），金额随之改变，原件作废" in out, out
    assert "".join(out.split()).count(f"{old}→{new}") == 1, out
    with Register.open(db) as reg:
        line = reg.conn.execute("SELECT after FROM audit_events WHERE action ="
                                " 'sealed_sheet_changed'").fetchone()
    assert line is not None and json.loads(line[0])["keys"] == [f"patent-{app_id}"]
    code, out, err = run(capsys, "audit", "--db", str(db))
    assert code == 0 and "修改计划改变已打印审批表的金额" in out, out
    assert run(capsys, "print", "approval", "--db", str(db), "--year", "2022",
               "--out", str(again))[0] == 0
    text = _pdf_text(again)
    assert "重新打印（内容已变更，" in text and "原件作废" in text and "补打" not in text


def test_a_sheet_reprinted_with_nothing_changed_is_still_a_reprint(capsys, tmp_path):
    """The 补打 a reprint of the same content says is kept (a change of other parameters,
    the sheets' amounts the same, asks nothing)."""
    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        _approved_patent(reg)
    first, again = tmp_path / "a.pdf", tmp_path / "b.pdf"
    # the paper checked first (a plan change re-checks the year: the findings it prints
    # under 资格审核 are then those of the sheet first printed)
    assert run(capsys, "campaign", "set", "--db", str(db), "publicity_days=5")[0] == 0
    assert run(capsys, "print", "approval", "--db", str(db), "--year", "2022",
               "--out", str(first))[0] == 0
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "publicity_days=6")
    assert code == 0, err
    assert run(capsys, "print", "approval", "--db", str(db), "--year", "2022",
               "--out", str(again))[0] == 0
    text = _pdf_text(again)
    assert "补打（首次打印于" in text and "重新打印" not in text


@pytest.mark.parametrize("typed", ["60%、40%", "60%,40%", "60，40", "６０％，４０％", "60% / 40%"])
def test_tranche_shares_as_campaign_show_prints_them_are_read_back(capsys, tmp_path, typed):
    """show printed 项目资金分期拨付比例：60%、40% and set refused 50%,50%."""
    db = str(tmp_path / "r.db")
    assert run(capsys, "campaign", "new", "--db", db, "--year", "2023")[0] == 0
    code, out, err = run(capsys, "campaign", "set", "--db", db, "--year", "2023",
                         "tranche_shares=55%,45%")
    assert code == 0, err
    code, out, err = run(capsys, "campaign", "show", "--db", db, "--year", "2023")
    shown = next(x for x in out.splitlines() if x.startswith("项目资金分期拨付比例："))
    assert shown == "项目资金分期拨付比例：55%、45%"
    code, out, err = run(capsys, "campaign", "set", "--db", db, "--year", "2023",
                         "tranche_shares=" + shown.partition("：")[2])
    assert code == 0 and "没有改动" in out, err
    code, out, err = run(capsys, "campaign", "set", "--db", db, "--year", "2023",
                         f"tranche_shares={typed}")
    assert code == 0, err
    with Register.open(db) as reg:
        assert reg.campaign(2023).tranche_shares == (60, 40)
