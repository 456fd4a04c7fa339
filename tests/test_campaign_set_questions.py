"""A plan change asks every question it raises before it is stored. `campaign set` printed
a grant window's gap and stopped, asking for --yes, without a word of the approved and paid
papers the window turned 不合格 (多拨 …，应予追回): the clerk's --yes then agreed to that
too, unseen. Now the effect is said with the window's, the issue date's and the amounts'
questions, all before --yes; 设置 asks each in its turn, the effect always among them.

A 印发日期 is the earliest day a paper is received, judged or paid: one after the 报送截止日
is refused, one after days the register already holds is asked first, naming them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from test_ui_support import answers, ctx, press, qsettings, window

from boostdesk.cli import main
from boostdesk.models import plan_2022
from boostdesk.models.records import PATENT, PatentApplication
from boostdesk.plan_issue_date import issue_date_move
from boostdesk.ui import dialogs
from tests.test_panel_support import YEAR
from tests.test_plan_change_effects import paid

__all__ = ["answers", "ctx", "paid", "qsettings", "window"]


def run(capsys: Any, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def neighbours(reg, paid):
    """``paid`` (2022: a patent granted 2021-05-11 paid in full, a project's first tranche
    paid), with 2021's plan beside it (its window: 2020)."""
    reg.save_campaign(plan_2022().for_year(2021))
    return paid


# 2022's window moved onto 2021's (an overlap) and ended before the paid patent's grant
OVERLAP_AND_PAID = ("grant_window_start=2020-06-01", "grant_window_end=2021-04-30")


def test_campaign_set_says_the_paid_papers_with_the_window_before_yes(reg, neighbours, capsys):
    _project, patent = neighbours
    reg.close()
    db = ["--db", str(reg.path), "--year", str(YEAR)]
    code, out, err = run(capsys, "campaign", "set", *db, *OVERLAP_AND_PAID)
    assert code == 1
    assert "与 2021 年度的专利授权期间（2020-01-01 至 2020-12-31）重叠 2020-06-01 至 2020-12-31" in out
    assert "保存后，2022 年度已核准、已拨付的申报将按新参数改判：" in out, out
    assert "1 项已核准的申报改判为不合格（其中 1 项已拨付 ¥3,000.00）：专利“一种测试方法”" in out
    assert "1 项按新结果多拨 ¥3,000.00，应予追回" in out
    assert ("未保存：2022 年度计划未改动；核对无误、方案确定授权期间如此、确需按新参数改判的，"
            "请加 --yes 重新运行") in err, err
    code, out, err = run(capsys, "campaign", "show", *db, "--json")
    assert '"grant_window_end": "2021-12-31"' in out  # nothing stored
    code, out, err = run(capsys, "campaign", "set", *db, *OVERLAP_AND_PAID, "--yes")
    assert code == 0, err
    assert "按新参数改判：1 项已核准的申报改判为不合格" in out


def test_a_window_that_moves_no_decided_paper_asks_only_about_itself(reg, neighbours, capsys):
    reg.close()
    code, out, err = run(capsys, "campaign", "set", "--db", str(reg.path), "--year", str(YEAR),
                         "grant_window_start=2020-12-01")
    assert code == 1 and "重叠 2020-12-01 至 2020-12-31" in out
    assert "改判" not in out and "改判" not in err
    assert "核对无误、方案确定授权期间如此的，请加 --yes 重新运行" in err, err


# -- 印发日期 --------------------------------------------------------------------------
@pytest.fixture
def received(reg):
    """2022 (issued 2022-10-17, deadline 2022-11-01): two patents received 2022-10-25, one
    of them qualified on 2022-10-27."""
    ids = []
    for n, (name, id_number) in enumerate((("张三", "11010519491231002X"),
                                           ("李四", "110105194912310029"))):
        ids.append(reg.save_patent(PatentApplication(
            campaign_year=YEAR, title=f"一种测试方法{n}", patent_number_raw=(
                "ZL202110123456.7", "ZL202110234567.6")[n],
            grant_date=date(2021, 5, 11), inventor_name=name, id_number=id_number,
            unit_name="海淀区总工会", enterprise_name="北京测试有限公司",
            received_date=date(2022, 10, 25))))
    reg.set_status(PATENT, ids[0], "qualified", decided_on=date(2022, 10, 27))
    return ids


def test_an_issue_date_after_the_deadline_is_refused(reg, received, capsys):
    reg.close()
    code, _out, err = run(capsys, "campaign", "set", "--db", str(reg.path), "--year", "2022",
                          "issued_date=2022-12-01")
    assert code == 1
    assert ("印发日期 2022-12-01 晚于材料报送截止日 2022-11-01：方案印发后才能报送申报，请核对两个日期"
            in err), err


def test_an_issue_date_after_receipts_and_decisions_is_asked_naming_them(reg, received, capsys):
    first, second = received
    move = issue_date_move(reg, reg.campaign(YEAR),
                           reg.campaign(YEAR).with_changes(issued_date=date(2022, 10, 28)))
    assert move is not None and move.papers == 2
    assert [(d.what, d.refs, d.first) for d in move.dated] == [
        ("收件日期", (f"专利{first}", f"专利{second}"), date(2022, 10, 25)),
        ("资格审核日期", (f"专利{first}",), date(2022, 10, 27))]
    assert issue_date_move(  # moved earlier, or later but before every day held: nothing
        reg, reg.campaign(YEAR), reg.campaign(YEAR).with_changes(
            issued_date=date(2022, 10, 20))) is None
    reg.close()
    db = ["--db", str(reg.path), "--year", "2022"]
    code, out, err = run(capsys, "campaign", "set", *db, "issued_date=2022-10-28")
    assert code == 1
    assert ("2022 年度的印发日期由 2022-10-17 改为 2022-10-28，晚于登记册中已有的日期，共涉及 2 项申报："
            f"2 项申报的收件日期（最早 2022-10-25：专利{first}、专利{second}）；"
            f"1 项申报的资格审核日期（最早 2022-10-27：专利{first}）。") in out, out
    assert "方案确定印发日期如此的，请加 --yes" in err, err
    code, out, err = run(capsys, "campaign", "set", *db, "issued_date=2022-10-28", "--yes")
    assert code == 0 and "印发日期：2022-10-17 → 2022-10-28" in out, err


# -- 设置 -------------------------------------------------------------------------------
def _eligible(reg: Any, patent: int) -> bool:
    return bool(reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (patent,)))


def _type(qtbot: Any, field: Any, text: str) -> None:
    field.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)


def test_settings_asks_the_paid_papers_after_the_window_and_issue_date(
        window, reg, ctx, neighbours, qtbot, monkeypatch):
    """The window's overlap and the issue date after the awards' days answered 仍然保存,
    the effect on the paid papers is still asked: 返回修改 there stores nothing."""
    _project, patent = neighbours
    asked: list[tuple[str, str]] = []
    replies: list[bool] = []

    def ask(_parent: Any, title: str, text: str, *_a: Any, **_kw: Any) -> bool:
        asked.append((title, text))
        return replies.pop(0)

    monkeypatch.setattr(dialogs, "ask_yes_no", ask)
    window._fill_years()
    screen = window.screen_named("设置")
    _type(qtbot, screen.grant_start, "2020-06-01")
    _type(qtbot, screen.grant_end, "2021-04-30")
    _type(qtbot, screen.deadline, "2022-12-31")
    _type(qtbot, screen.issued, "2022-12-20")  # after the awards' 核准日期 2022-12-15
    replies[:] = [True, True, False]  # 仍然保存, 仍然保存, then 返回修改 on the effect
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert [title for title, _ in asked] == [
        "专利授权期间与其他年度重叠", "印发日期晚于已登记的日期", "修改计划将改判已核准的申报"]
    assert "核准日期（最早 2022-12-15" in asked[1][1]
    assert "1 项按新结果多拨" in asked[2][1] and "应予追回" in asked[2][1]
    kept = reg.campaign(YEAR)
    assert (kept.issued_date, kept.grant_window_end) == (date(2022, 10, 17), date(2021, 12, 31))
    assert _eligible(reg, patent) and "未保存" in screen.campaign_message.text()
    asked.clear()
    replies[:] = [True, True, True]
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 3 and asked[2][0] == "修改计划将改判已核准的申报"
    stored = reg.campaign(YEAR)
    assert (stored.issued_date, stored.grant_window_end) == (date(2022, 12, 20), date(2021, 4, 30))
    assert not _eligible(reg, patent)


def test_settings_refuses_an_issue_date_after_the_deadline(window, reg, ctx, received, qtbot,
                                                           answers):
    window._fill_years()
    screen = window.screen_named("设置")
    _type(qtbot, screen.issued, "2022-12-01")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "印发日期 2022-12-01 晚于材料报送截止日 2022-11-01" in screen.campaign_message.text()
    assert reg.campaign(YEAR).issued_date == date(2022, 10, 17) and not answers.questions
