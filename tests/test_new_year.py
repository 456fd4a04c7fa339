"""A year made from another: 设置's 按本年度新建下一年度… and `boostdesk campaign new` make it
through one service (campaign_settings.new_year), so a register gives the same new year
whichever the office used: the plan a year on, the panel's grid and settings carried over,
the same lines in the audit trail."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.campaign_settings import apply_settings, new_year
from boostdesk.cli import main
from boostdesk.models import Register, RegisterError
from boostdesk.panel.grid import DEFAULT_GRID, PanelSettings, criteria, save_grid, save_settings
from boostdesk.panel.grid import settings as panel_settings
from boostdesk.ui import new_year_dialog
from boostdesk.ui.new_year_dialog import ask_new_year as REAL_ASK  # before `answers` stands in

__all__ = ["answers", "ctx", "qsettings", "window"]

SHOTS = Path("/tmp/s39/wt-fin-scratch")  # screenshots, where the helper looks at them
OPERATOR = "录入员甲"  # the window's (test_ui_support.ctx)
GRID = (*DEFAULT_GRID[:-2], replace(DEFAULT_GRID[-2], weight=15), replace(DEFAULT_GRID[-1], weight=5))
PANEL = PanelSettings(trim_min_scores=7, trim_each=2, disagreement_sd_x10=80,
                      experts_per_project=7)


def _a_2022_of_the_office_s_own(reg: Register) -> None:
    """2022's plan and panel as an office leaves them: a changed award, a renumbered
    clause and attachment, an extra material, its own grid and panel settings."""
    reg.save_campaign(apply_settings(reg.campaign(2022), [
        ("patent_award", "5000"), ("clause_patent_service", "一（二）3"),
        ("attachment_project_summary", "附件5"), ("extra_patent_materials", "专利年费缴纳凭证")]))
    save_grid(reg, 2022, GRID)
    save_settings(reg, 2022, PANEL)


def _copy(reg: Register, path) -> str:
    target = sqlite3.connect(path)
    reg.conn.backup(target)
    target.close()
    return str(path)


def _the_new_year(path, since: int) -> dict[str, object]:
    """What 2023 is in the register at ``path``: its plan, grid, panel settings, and the
    audit lines written after event ``since`` (all but their time and ids)."""
    with Register.open(path) as reg:
        return {
            "plan": reg.campaign(2023).to_json(),
            "grid": [(c.name, c.max_score, c.weight) for c in criteria(reg, 2023)],
            "panel": panel_settings(reg, 2023),
            "trail": [(*r[:4], *(x and json.loads(x) for x in r[4:]))
                      for r in reg.conn.execute(
                          "SELECT operator, action, entity, computer, before, after"
                          " FROM audit_events WHERE id > ? ORDER BY id", (since,))],
        }


def test_the_window_and_the_command_line_make_the_same_new_year(window, reg, ctx, qtbot,
                                                                answers, tmp_path):
    _a_2022_of_the_office_s_own(reg)
    cli_db = _copy(reg, tmp_path / "cli.db")
    since = reg.scalar("SELECT MAX(id) FROM audit_events")

    screen = window.screen_named("设置")
    [button] = [b for b in screen.findChildren(QPushButton) if b.objectName() == "new_campaign"]
    assert button.text().replace("(&N)", "") == "按本年度新建下一年度…"
    field = screen.findChildren(QLineEdit)[0]  # wherever the clerk is in the plan's fields
    field.setFocus()
    QTest.keyClick(field, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # 新建 asked, answered
    qtbot.waitUntil(lambda: bool(answers.questions))  # a mnemonic clicks as animateClick does
    assert answers.questions and "按 2022 年度计划新建 2023 年度" in answers.questions[-1]
    assert ctx.year == 2023 and window.year_box.currentData() == 2023
    assert "已新建 2023 年度" in screen.campaign_message.text()
    assert main(["campaign", "new", "--year", "2023", "--db", cli_db,
                 "--operator", OPERATOR]) == 0

    by_window, by_cli = _the_new_year(reg.path, since), _the_new_year(cli_db, since)
    assert by_window == by_cli
    made = by_cli
    plan = json.loads(made["plan"])
    assert (plan["year"], plan["submission_deadline"], plan["patent_award_fen"]) == (
        2023, "2023-11-01", 500_000)
    assert plan["clauses"] == {"patent_service": "一（二）3"}
    assert plan["attachments"] == {"project_summary": "附件5"}
    assert made["grid"] == [(c.name, c.max_score, c.weight) for c in GRID]
    assert made["panel"] == PANEL
    assert [t[:3] for t in made["trail"]] == [
        (OPERATOR, "create", "campaigns"), (OPERATOR, "create", "criteria"),
        (OPERATOR, "update", "panel_settings")]


def test_the_window_and_the_command_line_make_the_same_new_year_of_a_plain_register(
        window, reg, ctx, answers, tmp_path):
    """Nothing of the panel stored for 2022 (the program's defaults): nothing is copied."""
    cli_db = _copy(reg, tmp_path / "cli.db")
    since = reg.scalar("SELECT MAX(id) FROM audit_events")
    assert window.screen_named("设置").new_campaign()
    assert main(["campaign", "new", "--year", "2023", "--db", cli_db, "--operator", OPERATOR]) == 0
    by_window, by_cli = _the_new_year(reg.path, since), _the_new_year(cli_db, since)
    assert by_window == by_cli
    assert by_cli["panel"] == PanelSettings()
    assert [t[:3] for t in by_cli["trail"]] == [(OPERATOR, "create", "campaigns")]


def test_a_year_made_twice_or_from_a_missing_year_is_refused(reg):
    assert new_year(reg, 2023).submission_deadline == date(2023, 11, 1)  # from the newest
    with pytest.raises(RegisterError, match="2023 年度的助推计划已存在"):
        new_year(reg, 2023, 2022)
    with pytest.raises(RegisterError, match="没有 2019 年度的助推计划"):
        new_year(reg, 2024, 2019)
    assert reg.campaign_years() == [2022, 2023]


def test_a_year_made_earlier_than_its_source_moves_the_dates_back(reg):
    made = new_year(reg, 2021, 2022)
    assert made.submission_deadline == date(2021, 11, 1) and reg.campaign_years() == [2021, 2022]


def test_campaign_new_takes_the_years_own_parameters_in_the_same_command(reg, tmp_path, capsys):
    """2014's plan had other tiers than 2022's: `campaign new --year 2014 --from 2022` took no
    参数=值 (“只有 campaign set 接受”), two commands. It takes set's pairs now, applied to
    the new year as it is stored (one audited create); a wrong pair makes no year."""
    db = _copy(reg, tmp_path / "cli.db")
    tiers = "tiers=5万元:50000:10:市级；3万元:30000:20:区/局/集团级"
    assert main(["campaign", "new", "--year", "2014", "--from", "2022", "--db", db,
                 "--operator", OPERATOR, tiers, "publicity_days=7"]) == 0
    out = capsys.readouterr().out
    assert "已按 2022 年度建立 2014 年度助推计划" in out and "其余评审参数" in out
    assert "项目助推档次：5万元（¥50,000.00，市级，原则上 10 项）" in out
    with Register.open(db) as cli:
        made = cli.campaign(2014)
        assert [(t.amount_fen, t.quota) for t in made.tiers] == [(5_000_000, 10), (3_000_000, 20)]
        assert made.publicity_days == 7
        assert made.submission_deadline.year == 2014  # the dates moved as before
        assert cli.scalar("SELECT COUNT(*) FROM audit_events WHERE entity = 'campaigns'"
                          " AND action = 'create'") == 2  # 2022's and 2014's, once
    code = main(["campaign", "new", "--year", "2015", "--from", "2022", "--db", db,
                 "publicity_days=-1"])
    assert code == 1 and "2015 年度未建立" in capsys.readouterr().err
    with Register.open(db) as cli:
        assert 2015 not in cli.campaign_years()


def _in_the_dialog(qtbot, act) -> list[str]:
    """Run ``act(dialog)`` once 设置's 新建年度 dialog is open (its exec blocks the caller)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from boostdesk.ui.new_year_dialog import NewYearDialog

    seen: list[str] = []
    polls = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        polls[0] += 1
        # shown, then given the keyboard as its window is activated (at once on a quiet
        # machine, a poll or two later on a busy one)
        if not isinstance(dialog, NewYearDialog) or (
                not dialog.year.hasFocus() and polls[0] < 100):
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog.text.text())
        try:
            act(dialog)
        except BaseException:
            dialog.reject()  # the test fails on its own words, not hangs in the dialog's exec
            raise
        seen.append(dialog.text.text())

    QTimer.singleShot(0, poll)
    return seen


def test_the_window_makes_2024_from_2022_without_a_2023(window, reg, ctx, qtbot, monkeypatch):
    """设置's Alt+N made only the newest + 1: a 2024 plan re-issued after a year without a
    campaign forced an unwanted 2023. Its dialog takes the new year as `campaign new --year
    2024 --from 2022` does (the newest + 1 offered); a year the register has is refused."""
    monkeypatch.setattr(new_year_dialog, "ask_new_year", REAL_ASK)
    screen = window.screen_named("设置")
    field = screen.findChildren(QLineEdit)[0]
    field.setFocus()

    def type_2022_then_2024(dialog) -> None:
        assert dialog.year.value() == 2023 and dialog.ok.isEnabled()  # the newest + 1 offered
        assert dialog.year.hasFocus()
        QTest.keyClicks(dialog.year, "2022")  # selected at the start: typed over
        assert not dialog.ok.isEnabled() and "2022 年度的助推计划已存在" in dialog.text.text()
        dialog.grab().save(str(SHOTS / "new-year-refused.png")) if SHOTS.is_dir() else None
        dialog.year.selectAll()
        QTest.keyClicks(dialog.year, "2024")
        dialog.grab().save(str(SHOTS / "new-year-2024.png")) if SHOTS.is_dir() else None
        QTest.keyClick(dialog.year, Qt.Key.Key_Return)  # Enter: 新建

    seen = _in_the_dialog(qtbot, type_2022_then_2024)
    QTest.keyClick(field, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: reg.campaign_years() == [2022, 2024], timeout=5000)
    assert "按 2022 年度计划新建 2023 年度：各日期顺延 1 年" in seen[0]
    assert "按 2022 年度计划新建 2024 年度：各日期顺延 2 年" in seen[1]
    assert ctx.year == 2024 and window.year_box.currentData() == 2024
    made = reg.campaign(2024)
    assert made.submission_deadline == date(2024, 11, 1) and made.grant_window_end.year == 2023
    assert "已新建 2024 年度（按 2022 年度计划）" in screen.campaign_message.text()


def test_the_new_year_dialog_says_esc_cancels_and_makes_nothing(window, reg, ctx, qtbot,
                                                               monkeypatch):
    monkeypatch.setattr(new_year_dialog, "ask_new_year", REAL_ASK)
    screen = window.screen_named("设置")
    _in_the_dialog(qtbot, lambda d: QTest.keyClick(d.year, Qt.Key.Key_Escape))
    assert screen.new_campaign() is False
    assert reg.campaign_years() == [2022] and ctx.year == 2022


def test_a_new_year_names_the_letters_contacts_it_kept(window, reg, ctx, answers, tmp_path,
                                                      capsys):
    """`campaign new` and 设置's 新建年度 reminded the clerk to check amounts, quotas,
    clauses and materials, not the 核对意见联系人/邮箱: every 2024 letter printed 2022's.
    Both say them now, with the contacts kept; given their own, no line about them."""
    db = _copy(reg, tmp_path / "cli.db")
    assert main(["campaign", "new", "--year", "2024", "--from", "2022", "--db", db,
                 "--operator", OPERATOR]) == 0
    out = capsys.readouterr().out
    assert "核对意见联系人和邮箱" in out
    assert ("核对意见联系人及电话、联系邮箱仍是 2022 年度的：高珊 83570885、李梦遥 83570883；"
            f"jscxfwb@163.com（2024 年度的核对意见都印这些，换了人的请用 boostdesk --db {db} "
            "campaign set --year 2024 notice_contact=… notice_email=… 改）") in out, out
    assert main(["campaign", "new", "--year", "2025", "--from", "2022", "--db", db,
                 "--operator", OPERATOR, "notice_contact=王敏 83570001",
                 "notice_email=wm@example.com"]) == 0
    out = capsys.readouterr().out
    assert "核对意见联系人及电话：王敏 83570001" in out and "仍是 2022 年度的" not in out

    screen = window.screen_named("设置")
    answers.new_year = (2024, 2022)
    assert screen.new_campaign()
    assert "核对意见联系人和邮箱" in answers.questions[-1]
    said = screen.campaign_message.text()
    assert "仍是 2022 年度的：高珊 83570885、李梦遥 83570883；jscxfwb@163.com" in said
    assert "请在上方“核对意见联系人及电话”中改" in said
