"""A plan changed after awards were approved and paid says, before it is stored, what it
does to them (plan_change_effects): 设置's save and `campaign set` turned paid projects
不合格, held their 尾款 and read 多拨，应予追回 with nothing said but 已保存. Now the change is
rolled back and asked about (the window: 返回修改 by default; the command line: --yes);
a quota cut below the published awards of a paid year is refused outright."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.award_holds import holds
from boostdesk.cli import main
from boostdesk.finance.paying import mark_all_paid
from boostdesk.models import RegisterError
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.plan_change_effects import ANY, PlanChangeAsks, save_plan
from boostdesk.rules import refresh
from boostdesk.ui import dialogs, operations
from boostdesk.ui.dialogs import ask_yes_no as real_ask_yes_no
from tests.test_award_holds import PAY_DAY, _approved, _lines
from tests.test_finance import add_patent
from tests.test_panel_support import WAN, YEAR

__all__ = ["answers", "ctx", "qsettings", "window"]


@pytest.fixture
def paid(reg):
    """2022: a district project (3万元, 立项 2022-03-01) published, approved and its first
    tranche (¥18,000.00) paid; a patent (granted 2021-05-11) approved and paid in full."""
    project, _b, _e = _approved(reg)
    mark_all_paid(reg, [x.id for x in _lines(reg, project)], PAY_DAY, "记-1")
    patent = add_patent(reg)
    mark_all_paid(reg, [x.id for x in _lines(reg, patent, stream=PATENT)], PAY_DAY, "记-2")
    refresh(reg, YEAR)
    assert reg.project(project).status == "paid_first" and reg.patent(patent).status == "paid"
    return project, patent


def _eligible(reg, table: str, app_id: int) -> bool:
    return bool(reg.scalar(f"SELECT eligible FROM {table} WHERE id = ?", (app_id,)))


def _save(reg, agreed=None, **changes):
    return save_plan(reg, reg.campaign(YEAR).with_changes(**changes),
                     lambda: refresh(reg, YEAR), agreed)


def test_an_approval_year_slip_is_rolled_back_saying_what_it_would_do_to_the_fen(reg, paid):
    project, _patent = paid
    before = reg.campaign(YEAR)
    with pytest.raises(PlanChangeAsks) as asked:
        _save(reg, approval_year=2021)
    effect = asked.value.effect
    assert effect.lines() == [
        "1 项已核准的申报改判为不合格（其中 1 项已拨付 ¥18,000.00）：项目“区级甲项目”",
        "1 项助推暂缓拨付，尚未拨付的 ¥12,000.00 停止拨付：同上",
        "1 项按新结果多拨 ¥18,000.00，应予追回：同上",
    ]
    assert "项目“区级甲项目”（首笔拨付）：改判为不合格，已拨付 ¥18,000.00，按现结果应为 ¥0.00" \
        in effect.details()
    # nothing stored: the plan, the verdict and the payments as they were
    assert reg.campaign(YEAR) == before
    assert _eligible(reg, "project_applications", project) and not holds(reg, YEAR)
    # agreed to that very effect, it is stored, and the award is held as said
    _followed, _verdicts, done = _save(reg, effect, approval_year=2021)
    assert done == effect and reg.campaign(YEAR).approval_year == 2021
    assert (PROJECT, project) in holds(reg, YEAR)


def test_a_narrowed_grant_window_names_the_patent_paid_in_full(reg, paid):
    _project, patent = paid
    with pytest.raises(PlanChangeAsks) as asked:
        _save(reg, grant_window_end=date(2021, 4, 30))
    effect = asked.value.effect
    # paid in full, nothing held, yet all of it is paid above what 不合格 gives: 多拨
    assert effect.lines() == [
        "1 项已核准的申报改判为不合格（其中 1 项已拨付 ¥3,000.00）：专利“一种测试方法”",
        "1 项按新结果多拨 ¥3,000.00，应予追回：同上"]
    assert "已全部拨付 ¥3,000.00，按现结果应为 ¥0.00，多拨 ¥3,000.00，应予追回（确属不合格的，" \
        "报请研究后在“拨付”中撤销助推、登记追回）" in effect.details()
    assert _eligible(reg, "patent_applications", patent)


def test_the_overpaid_count_takes_the_patent_paid_in_full_with_the_held_project(reg, paid):
    """Finance's finding: 2 项已拨付 ¥21,000.00 turned 不合格, then 1 项多拨 ¥18,000.00 —
    the patent paid in full (¥3,000.00) was not counted as overpaid."""
    with pytest.raises(PlanChangeAsks) as asked:
        _save(reg, approval_year=2021, grant_window_end=date(2021, 4, 30))
    lines = asked.value.effect.lines()
    assert lines[0].startswith("2 项已核准的申报改判为不合格（其中 2 项已拨付 ¥21,000.00）")
    assert lines[-1] == ("2 项按新结果多拨 ¥21,000.00，应予追回：专利“一种测试方法”、"
                         "项目“区级甲项目”")


def test_a_change_that_touches_no_decided_paper_is_stored_at_once(reg, paid):
    _followed, _verdicts, effect = _save(reg, publicity_days=5, issued_date=date(2022, 10, 18))
    assert not effect and reg.campaign(YEAR).publicity_days == 5


def test_a_quota_cut_below_the_paid_years_published_awards_is_refused(reg, paid):
    c = reg.campaign(YEAR)
    cut = replace(c, tiers=tuple(
        replace(t, quota=0) if t.amount_fen == 3 * WAN else t for t in c.tiers))
    with pytest.raises(RegisterError, match="项目助推已登记拨付 2 笔，“3万元”档已有 1 项公示或核准，"
                                            "名额不能少于 1 项（现填 0 项）"):
        reg.save_campaign(cut)
    assert reg.campaign(YEAR) == c
    raised = replace(c, tiers=tuple(
        replace(t, quota=t.quota + 1) if t.amount_fen == 3 * WAN else t for t in c.tiers))
    reg.save_campaign(raised)  # more places: nothing published moves


def test_campaign_set_refuses_without_yes_and_stores_with_it(reg, paid, capsys):
    project, _patent = paid
    reg.close()
    db = ["--db", str(reg.path), "--year", str(YEAR)]
    capsys.readouterr()
    assert main(["campaign", "set", *db, "budget_cap_percent=5"]) == 1
    out, err = capsys.readouterr()
    assert "保存后，2022 年度已核准、已拨付的申报将按新参数改判：" in out
    assert "1 项按新结果多拨 ¥18,000.00，应予追回" in out
    assert "未保存：2022 年度计划未改动" in err and "--yes" in err
    assert main(["campaign", "show", *db, "--json"]) == 0
    assert '"budget_cap_percent": 50' in capsys.readouterr().out
    assert main(["campaign", "set", *db, "budget_cap_percent=5", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "助推资金上限：项目所需资金总额的 50% → 项目所需资金总额的 5%" in out
    assert "按新参数改判：1 项已核准的申报改判为不合格" in out
    assert main(["pay", "list", *db]) == 0
    assert "暂缓拨付" in capsys.readouterr().out


def _type_approval_year(screen, qtbot, year: str) -> None:
    from test_ui_support import type_text

    screen.approval_year.setFocus()
    screen.approval_year.selectAll()
    type_text(qtbot, year, screen.approval_year)


def test_settings_asks_and_enter_goes_back_to_the_form(window, reg, paid, qtbot, monkeypatch):
    """The question's default is 返回修改: Enter (or Esc) stores nothing, the form keeps
    what was typed to correct it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    monkeypatch.setattr(dialogs, "ask_yes_no", real_ask_yes_no)
    screen = window.screen_named("设置")
    _type_approval_year(screen, qtbot, "2021")
    seen: list[tuple[str, str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        seen.append((box.text(), box.defaultButton().text()))
        qtbot.keyClick(box, "\r")

    QTimer.singleShot(0, answer)
    assert not screen.save_campaign()
    [(text, default)] = seen
    assert default == "返回修改(&B)"
    assert "1 项按新结果多拨 ¥18,000.00，应予追回" in text
    assert reg.campaign(YEAR).approval_year == 2022 and not holds(reg, YEAR)
    assert "未保存：2022 年度计划未改动" in screen.campaign_message.text()
    assert screen.approval_year.value() == 2021


def test_settings_saves_once_told_to_and_says_what_it_did(window, reg, ctx, paid, qtbot, answers):
    project, _patent = paid
    screen = window.screen_named("设置")
    _type_approval_year(screen, qtbot, "2021")
    answers.yes = True  # 仍然保存
    assert screen.save_campaign()
    [question] = answers.questions
    assert "1 项已核准的申报改判为不合格（其中 1 项已拨付 ¥18,000.00）：项目“区级甲项目”" in question
    assert reg.campaign(YEAR).approval_year == 2021 and (PROJECT, project) in holds(reg, YEAR)
    assert "按新参数改判：1 项已核准的申报改判为不合格" in screen.campaign_message.text()
    ctx.undo_stack.undo()  # agreed once: undone without asking again
    assert reg.campaign(YEAR).approval_year == 2022 and not holds(reg, YEAR)
    assert len(answers.questions) == 1


def test_a_large_years_save_asks_after_its_background_dry_run(
        window, reg, ctx, paid, qtbot, answers, monkeypatch):
    monkeypatch.setattr(operations, "BACKGROUND_FROM", 1)
    screen = window.screen_named("设置")
    _type_approval_year(screen, qtbot, "2021")
    answers.yes = False  # 返回修改
    screen.save_campaign()
    qtbot.waitUntil(lambda: not ctx.busy and bool(answers.questions), timeout=20_000)
    assert "1 项助推暂缓拨付，尚未拨付的 ¥12,000.00 停止拨付" in answers.questions[0]
    assert reg.campaign(YEAR).approval_year == 2022 and not answers.errors
    answers.yes = True
    screen.save_campaign()
    qtbot.waitUntil(lambda: not ctx.busy and reg.campaign(YEAR).approval_year == 2021,
                    timeout=20_000)
    assert ctx.undo_stack.count() == 1 and not answers.errors


def test_agreed_to_anything_the_effect_is_still_returned(reg, paid):
    _followed, _verdicts, effect = _save(reg, ANY, approval_year=2021)
    assert effect.held_fen == 12_000_00 and effect.over_fen == 18_000_00
