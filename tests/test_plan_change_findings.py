"""A plan change that alters an approved or paid paper's findings or ranking is asked before
it is stored, not only one that turns it 不合格 or holds its money.

The tester's 2023 year: `campaign set submission_deadline=2023-10-20` (receipts dated
2023-10-25) saved at once, and paid 专利63 read 合格（收件日期…晚于报送截止日…是否受理由审核人决定）;
`extra_patent_materials=专利年费缴纳凭证` saved at once, paid 专利63 read 待补材料; 2022's
`budget_cap_percent=60` named only an unpaid project's verdict while `rank` then said two
approved, paid projects 按现有排名本项目可列入10万元档…是否调高请报请研究."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from test_ui_support import answers, ctx, press, qsettings, type_text, window

from boostdesk.cli import main
from boostdesk.finance.paying import mark_all_paid
from boostdesk.models.records import PATENT, PATENT_MATERIALS, PatentApplication
from boostdesk.panel.publicity import close_publicity
from boostdesk.plan_change_effects import PlanChangeAsks, save_plan
from boostdesk.plan_deadline import deadline_move
from boostdesk.rules import refresh
from boostdesk.ui import dialogs
from boostdesk.validate import patent_check_char
from tests.test_award_holds import PAY_DAY, _lines
from tests.test_finance import card_of
from tests.test_panel_support import YEAR
from tests.test_rank_cap_restated import _published

__all__ = ["answers", "ctx", "qsettings", "window"]

RECEIVED = date(2022, 10, 25)  # 2022's deadline: 2022-11-01


def run(capsys: Any, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _patent(reg: Any, n: int, name: str, id_number: str) -> int:
    digits = f"2021101{n:05d}"
    app_id = reg.save_patent(PatentApplication(
        campaign_year=YEAR, title=f"一种测试方法{n}",
        patent_number_raw=f"ZL{digits}.{patent_check_char(digits)}",
        grant_date=date(2021, 5, 11), inventor_name=name, id_number=id_number,
        card_number=card_of(id_number), unit_name="海淀区总工会", enterprise_name="北京测试有限公司",
        frontline=True, service_invention=True, applied_in_production=True,
        materials=dict.fromkeys(PATENT_MATERIALS, True), received_date=RECEIVED))
    reg.set_status(PATENT, app_id, "qualified", decided_on=date(2022, 11, 10))
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00, approved_date=date(2022, 12, 15))
    return app_id


@pytest.fixture
def decided(reg):
    """2022: two complete patents received 2022-10-25, approved; the first paid in full."""
    paid = _patent(reg, 0, "张三", "11010519491231002X")
    approved = _patent(reg, 1, "李四", "110105198507070024")
    mark_all_paid(reg, [x.id for x in _lines(reg, paid, stream=PATENT)], PAY_DAY, "记-2")
    refresh(reg, YEAR)
    assert reg.patent(paid).status == "paid" and reg.patent(approved).status == "approved"
    assert not reg.scalar("SELECT COUNT(*) FROM patent_applications WHERE NOT eligible"
                          " OR incomplete OR findings != '[]'")
    return paid, approved


def _findings(reg: Any, app_id: int) -> str:
    return str(reg.scalar("SELECT findings FROM patent_applications WHERE id = ?", (app_id,)))


# -- 报送截止日 ----------------------------------------------------------------------
def test_a_deadline_moved_before_receipts_is_asked_naming_the_papers(reg, decided, capsys):
    paid, approved = decided
    move = deadline_move(reg, reg.campaign(YEAR),
                         reg.campaign(YEAR).with_changes(submission_deadline=date(2022, 10, 20)))
    assert move is not None and move.passed == (f"专利{paid}", f"专利{approved}")
    assert deadline_move(reg, reg.campaign(YEAR), reg.campaign(YEAR).with_changes(
        submission_deadline=date(2022, 10, 25))) is None  # the day itself is on time
    reg.close()
    db = ["--db", str(reg.path), "--year", str(YEAR)]
    code, out, err = run(capsys, "campaign", "set", *db, "submission_deadline=2022-10-20")
    assert code == 1
    assert ("2022 年度的材料报送截止日由 2022-11-01 改为 2022-10-20，早于登记册中已有的收件日期"
            "（最早 2022-10-25），共 2 项按期收到的申报将成为逾期报送") in out, out
    assert f"2 项已资格审核通过、核准或拨付（专利{paid}、专利{approved}），将显示为“合格（逾期报送）”" in out
    # what it does to the approved and paid ones, said with it, paper by paper
    assert "2 项已核准、已拨付的申报核对结论改变（其中 1 项已全部拨付）" in out
    assert (f"（专利{paid}）：合格 → 合格（逾期报送）（新增：收件日期 2022-10-25 晚于报送截止日 "
            "2022-10-20（方案三），是否受理由审核人决定）；已全部拨付 ¥3,000.00，款项不变（不追回）") in out
    assert "材料报送截止日：2022-11-01（含当日） → 2022-10-20（含当日）" in out  # the change itself
    assert ("核对无误、方案确定报送截止日如此、确需改变已核准、已拨付申报的核对结论或排名的，"
            "请加 --yes 重新运行") in err, err
    code, out, err = run(capsys, "campaign", "show", *db, "--json")
    assert '"submission_deadline": "2022-11-01"' in out  # nothing stored
    code, out, err = run(capsys, "campaign", "set", *db, "submission_deadline=2022-10-20", "--yes")
    assert code == 0 and "按新参数改变：2 项已核准、已拨付的申报核对结论改变" in out, err


# -- an extra material ---------------------------------------------------------------
def test_an_extra_material_asks_what_it_means_for_the_paid_patent(reg, decided, capsys):
    paid, approved = decided
    reg.close()
    db = ["--db", str(reg.path), "--year", str(YEAR)]
    code, out, err = run(capsys, "campaign", "set", *db, "extra_patent_materials=专利年费缴纳凭证")
    assert code == 1, out
    assert "保存后，2022 年度已核准、已拨付的申报核对结论或排名将改变" in out
    assert (f"（专利{paid}）：合格 → 待补材料（新增：材料未齐：缺专利年费缴纳凭证（方案一（四）1））；"
            "已全部拨付 ¥3,000.00，款项不变（不追回），但将显示为待补材料") in out
    assert f"（专利{approved}）：合格 → 待补材料" in out and "尚未拨付，仍可拨付（不暂缓）" in out
    assert "专利申报另需材料：无 → 专利年费缴纳凭证" in out
    assert "确需改变已核准、已拨付申报的核对结论或排名的，请加 --yes 重新运行" in err
    code, out, err = run(capsys, "campaign", "show", *db)
    assert "专利申报另需材料：无" in out


def test_the_effect_is_the_plans_not_a_stale_stored_verdict(reg, decided):
    """A stored verdict the plan did not make (written before a re-check) is not the
    change's effect: only what the old plan's own check and the new one's differ by."""
    paid, _approved = decided
    reg.conn.execute("UPDATE patent_applications SET incomplete = 1 WHERE id = ?", (paid,))
    _f, _v, effect = save_plan(reg, replace(reg.campaign(YEAR), publicity_days=5),
                               lambda: refresh(reg, YEAR))
    assert not effect and reg.campaign(YEAR).publicity_days == 5


# -- ranking -------------------------------------------------------------------------
def test_a_cap_that_ranks_an_approved_project_higher_is_asked(reg, capsys):
    a = _published(reg)  # ¥160,000.00, 10万 over its 50 %: published at 5万
    close_publicity(reg, YEAR, date(2022, 12, 27))
    mark_all_paid(reg, [x.id for x in _lines(reg, a)], PAY_DAY, "记-1")
    assert reg.project(a).status == "paid_first"
    with pytest.raises(PlanChangeAsks) as asked:
        save_plan(reg, replace(reg.campaign(YEAR), budget_cap_percent=70),
                  lambda: refresh(reg, YEAR))
    [line] = asked.value.effect.lines()
    assert line == ("1 项已公示并核准的项目排名改变（其中 1 项已拨付），公示无异议的按公示档次核准，"
                    "是否调整须报请研究：项目“市级甲项目”（按现有排名可列入10万元档（公示为5万元档））")
    assert reg.campaign(YEAR).budget_cap_percent == 50
    reg.close()
    code, out, err = run(capsys, "campaign", "set", "--db", str(reg.path), "budget_cap_percent=70")
    assert code == 1 and "可列入10万元档（公示为5万元档）" in out and "已拨付的款项不变" in out
    assert "助推资金上限：项目所需资金总额的 50% → 项目所需资金总额的 70%" in out


# -- 设置 ------------------------------------------------------------------------------
def _type(qtbot: Any, field: Any, text: str) -> None:
    field.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)


def test_settings_asks_the_deadline_then_the_paid_papers(window, reg, ctx, decided, qtbot,
                                                         monkeypatch):
    paid, _approved = decided
    asked: list[tuple[str, str]] = []
    replies: list[bool] = []

    def ask(_parent: Any, title: str, text: str, *_a: Any, **_kw: Any) -> bool:
        asked.append((title, text))
        return replies.pop(0)

    monkeypatch.setattr(dialogs, "ask_yes_no", ask)
    window._fill_years()
    screen = window.screen_named("设置")
    _type(qtbot, screen.deadline, "2022-10-20")
    replies[:] = [False]  # 返回修改 on the deadline
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert [t for t, _ in asked] == ["报送截止日早于已登记的收件日期"]
    assert "共 2 项按期收到的申报将成为逾期报送" in asked[0][1]
    assert "报送截止日请核对后改正" in screen.campaign_message.text()
    assert screen.deadline.hasFocus()
    asked.clear()
    replies[:] = [True, False]  # 仍然保存, then 返回修改 on the effect
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert [t for t, _ in asked] == ["报送截止日早于已登记的收件日期",
                                     "修改计划将改变已核准申报的核对结论或排名"]
    assert "2 项已核准、已拨付的申报核对结论改变（其中 1 项已全部拨付）" in asked[1][1]
    assert reg.campaign(YEAR).submission_deadline == date(2022, 11, 1)
    assert "LATE_SUBMISSION" not in _findings(reg, paid)
    asked.clear()
    replies[:] = [True, True]
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert reg.campaign(YEAR).submission_deadline == date(2022, 10, 20)
    assert "LATE_SUBMISSION" in _findings(reg, paid)


def test_settings_asks_an_extra_material_that_makes_paid_papers_incomplete(
        window, reg, ctx, decided, qtbot, answers):
    window._fill_years()
    screen = window.screen_named("设置")
    screen.extra_patent_materials.setFocus()
    type_text(qtbot, "专利年费缴纳凭证", screen.extra_patent_materials)
    answers.yes = False  # 返回修改
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [question] = answers.questions
    assert "合格 → 待补材料" in question and "1 项已全部拨付" in question, question
    assert reg.campaign(YEAR).extra_patent_materials == ()
    assert "未保存" in screen.campaign_message.text()


# -- 往年: the verdicts changed, said by what changed -----------------------------------
def test_a_past_years_verdict_changed_on_another_ground_says_the_ground(reg, capsys):
    """专利39（不合格 → 不合格） said nothing: the same word, another ground, is named."""
    app_id = reg.save_patent(PatentApplication(
        campaign_year=YEAR, title="一种旧方法", patent_number_raw="ZL202010047339.2",
        grant_date=date(2019, 5, 11), inventor_name="王五", id_number="11010519491231002X",
        card_number=card_of("11010519491231002X"), unit_name="海淀区总工会",
        enterprise_name="北京测试有限公司", frontline=True, service_invention=True,
        applied_in_production=True, materials=dict.fromkeys(PATENT_MATERIALS, True),
        received_date=RECEIVED))
    reg.save_campaign(reg.campaign(YEAR).for_year(YEAR + 1))  # 2022 is now a past year
    refresh(reg, YEAR)
    assert reg.scalar("SELECT eligible = 0 AND incomplete = 0 FROM patent_applications"
                      " WHERE id = ?", (app_id,))
    reg.close()
    code, out, err = run(capsys, "campaign", "set", "--db", str(reg.path), "--year", str(YEAR),
                         "extra_patent_materials=专利年费缴纳凭证")
    assert code == 1 and "往年" in err
    assert (f"核对结论改变的 1 项：专利{app_id}（不合格，新增：材料未齐：缺专利年费缴纳凭证"
            "（方案一（四）1））") in out, out
    assert "不合格 → 不合格" not in out
