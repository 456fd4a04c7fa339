"""采纳拟助推名单 has a day: `panel adopt` took none (stamped today) and `publicity start
--from 2024-12-16` was accepted for a list adopted on 2026-12-05, the 评审汇总表 then printing
采纳于 2026-12-05；公示 2024-12-16…. The day is given (`--date`, 排名与档次's 采纳日期 —
today unless typed, never a day to come) and no publicity starts before it."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta

import pytest

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity import start_publicity
from boostdesk.panel.score_summary import panel_summary
from boostdesk.printing.common import cn_date
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)


def _ranked(reg) -> list[int]:
    ids = [make_project(reg, "市级项目甲", "工作室甲", CITY),
           make_project(reg, "区级项目乙", "工作室乙", DISTRICT)]
    to_review(reg, *ids)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids[0]: 88, ids[1]: 80})
    _dated(reg, "2022-12-05")
    return ids


def _dated(reg, day: str) -> None:
    """The review's records as if made on ``day`` (qualified, scores submitted)."""
    with reg.transaction():
        reg.conn.execute("UPDATE assignments SET submitted_at = ? || 'T10:00:00'"
                         " WHERE submitted_at IS NOT NULL", (day,))
        reg.conn.execute("UPDATE status_history SET at = ? || 'T09:00:00'", (day,))


def test_a_publicity_cannot_start_before_its_list_was_adopted(reg):
    _ranked(reg)
    adopt(reg, YEAR, adopted_on=date(2022, 12, 12))
    assert {r["adopted_on"] for r in reg.query("SELECT adopted_on FROM proposals")} == {"2022-12-12"}
    with pytest.raises(PanelError) as refused:
        start_publicity(reg, YEAR, date(2022, 12, 11))
    said = str(refused.value)
    assert "公示开始日期 2022年12月11日早于拟助推名单的采纳日期 2022年12月12日" in said
    assert reg.scalar("SELECT COUNT(*) FROM publicity_periods") == 0
    start_publicity(reg, YEAR, date(2022, 12, 12))  # the same day: adopted, then posted
    summary = panel_summary(reg, YEAR)
    assert summary.stage.startswith("拟助推名单采纳于 2022-12-12；第1批公示 2022-12-12 至")


def test_an_adoption_dated_in_the_future_is_refused(reg):
    _ranked(reg)
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(PanelError, match=f"采纳日期 {tomorrow.isoformat()} 在今天之后"):
        adopt(reg, YEAR, adopted_on=tomorrow)
    assert reg.scalar("SELECT COUNT(*) FROM proposals") == 0


def test_panel_adopt_takes_a_date_and_defaults_to_today(reg, tmp_path, capsys):
    """The tester's season: `panel adopt` (today) then `publicity start --from 2024-12-16`
    went through. Now refused, naming both days; `--date` gives the real one."""
    _ranked(reg)
    db = str(reg.path)
    reg.close()
    today = date.today().isoformat()
    assert main(["panel", "adopt", "--db", db, "--operator", "财务张"]) == 0
    assert f"采纳日期 {today}" in capsys.readouterr().out
    assert main(["publicity", "start", "--db", db, "--operator", "财务张",
                 "--from", "2022-12-16"]) == 1
    err = capsys.readouterr().err
    assert f"公示开始日期 2022年12月16日早于拟助推名单的采纳日期 {cn_date(date.today())}" in err
    assert main(["panel", "withdraw", "--db", db, "--operator", "财务张",
                 "--reason", "采纳日期录错，按实际日期重新采纳"]) == 0
    assert main(["panel", "adopt", "--db", db, "--operator", "财务张", "--date", "2022-12-10"]) == 0
    assert "采纳日期 2022-12-10" in capsys.readouterr().out
    assert main(["publicity", "start", "--db", db, "--operator", "财务张",
                 "--from", "2022-12-16"]) == 0
    assert main(["panel", "adopt", "--db", db, "--date", "2030-01-01"]) == 1
    assert "采纳日期 2030-01-01 在今天之后" in capsys.readouterr().err
    out = tmp_path / "评审汇总表.pdf"
    assert main(["panel", "summary", "--db", db, "--year", str(YEAR), "--out", str(out)]) == 0
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                              check=True).stdout.replace(" ", "")
        assert "拟助推名单采纳于2022-12-10；第1批公示2022-12-16至" in text
    with Register.open(db) as again:
        trail = again.scalar("SELECT after FROM audit_events WHERE action = 'adopt'"
                             " ORDER BY id DESC LIMIT 1")
        assert '"adopted_on": "2022-12-10"' in trail


def test_the_rank_tab_adopts_on_the_day_typed_today_unless_told(reg, tmp_path, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from test_plan_choices_screens import _rank_tab

    _ranked(reg)
    tab = _rank_tab(qtbot, reg, tmp_path)
    assert tab.adopted_on.text() == date.today().isoformat()  # today to start with
    tab.window().activateWindow()  # the keyboard's: Alt letters act in the active window
    qtbot.waitUntil(tab.window().isActiveWindow)
    assert tab.adopted_on_label.isVisible()
    QTest.keyClick(tab.window(), Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # 采纳日期(&C)
    qtbot.waitUntil(tab.adopted_on.hasFocus)
    tab.adopted_on.selectAll()
    QTest.keyClicks(tab.adopted_on, (date.today() + timedelta(days=1)).isoformat())
    QTest.keyClick(tab.adopted_on, Qt.Key.Key_Return)  # Enter adopts, as the button
    assert "在今天之后" in tab.error.text() and tab.adopted_on.hasFocus()
    assert reg.scalar("SELECT COUNT(*) FROM proposals") == 0
    tab.adopted_on.selectAll()
    QTest.keyClicks(tab.adopted_on, "2022.12.01")
    QTest.keyClick(tab.adopted_on, Qt.Key.Key_Return)
    assert "采纳日期最早为 2022-12-05" in tab.error.text()  # before the scores: refused
    assert reg.scalar("SELECT COUNT(*) FROM proposals") == 0
    tab.adopted_on.selectAll()
    QTest.keyClicks(tab.adopted_on, "2022.12.12")
    QTest.keyClick(tab.adopted_on, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: reg.scalar("SELECT COUNT(*) FROM proposals") == 2, timeout=10_000)
    assert {r["adopted_on"] for r in reg.query("SELECT adopted_on FROM proposals")} == {"2022-12-12"}
    tab.window().grab().save("/tmp/s39/wt-fin-scratch/rank-adopted-on.png")


def test_an_adoption_before_the_deadline_the_scores_or_the_qualification_is_refused(reg, capsys):
    """The tester's: `panel adopt --date 2019-01-01` and `--date 2022-10-20` (before the
    plan's 报送截止 2022-11-01) were taken, and a list adopted 2026-12-01 printed above
    评分包交回 2026-12-05. Each refused with why and the earliest day allowed."""
    ids = [make_project(reg, "市级项目甲", "工作室甲", CITY),
           make_project(reg, "区级项目乙", "工作室乙", DISTRICT)]
    to_review(reg, *ids)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids[0]: 88, ids[1]: 80})
    today = date.today()
    with pytest.raises(PanelError) as refused:
        adopt(reg, YEAR, adopted_on=date(2019, 1, 1))
    said = str(refused.value)
    assert "采纳日期 2019-01-01 早于2022 年度方案的材料报送截止日期 2022-11-01" in said
    assert f"采纳日期最早为 {today.isoformat()}" in said
    assert "最后一份评分（专家1对“" in said
    yesterday = today - timedelta(days=1)
    with pytest.raises(PanelError, match=f"采纳日期最早为 {today.isoformat()}"):
        adopt(reg, YEAR, adopted_on=yesterday)
    assert reg.scalar("SELECT COUNT(*) FROM proposals") == 0
    # the scores submitted 2022-12-05, qualification on 2022-11-20 (dated by the clerk)
    _dated(reg, "2022-12-05")
    with reg.transaction():
        reg.conn.execute("UPDATE status_history SET decided_on = '2022-12-07'"
                         " WHERE to_status = 'qualified' AND application_id = ?", (ids[1],))
    with pytest.raises(PanelError) as refused:
        adopt(reg, YEAR, adopted_on=date(2022, 12, 6))
    said = str(refused.value)
    assert "项目“区级项目乙”的资格审核于 2022-12-07 通过" in said
    assert "最后一份评分" not in said and "采纳日期最早为 2022-12-07" in said
    db = str(reg.path)
    reg.close()
    assert main(["panel", "adopt", "--db", db, "--date", "2022-10-20"]) == 1
    err = capsys.readouterr().err
    assert "早于2022 年度方案的材料报送截止日期 2022-11-01" in err and "最早为 2022-12-07" in err
    assert main(["panel", "adopt", "--db", db, "--date", "2022-12-07"]) == 0
