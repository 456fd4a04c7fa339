"""What the detail pane says to a clerk who may read it aloud on the telephone:

* the panel's own lines (which experts, their scores, their comments) are folded under
  评审明细（内部） until asked for — the trail's export keeps them whole;
* the rules' verdict beside a refusal or a non-award reads 规则核对：合格, not a green 合格
  that sounds as if the paper passed;
* a material the paper lacks is 待补 (to be sent, with where to), not a mere 提示.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from boostdesk.audit_log import trail
from boostdesk.models.records import PATENT, PROJECT, PatentApplication
from boostdesk.panel.experts import assign
from boostdesk.panel.grid import ensure_grid
from boostdesk.panel.scoring import save_scores
from tests.test_panel_support import CITY, YEAR, add_experts, make_project, scores_for_total
from tests.test_panel_support import to_review as review

COMMENT = "建议细化预算"


def _pane(reg, qtbot):
    from boostdesk.ui.detail import DetailPane

    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    pane.resize(420, 900)
    pane.show()
    return pane


def _scored(reg) -> tuple[int, int]:
    """Two projects in review, the first assigned to three experts who scored it."""
    first = make_project(reg, "地铁车辆转向架关键部件无损检测工艺改进", "赵永刚职工创新工作室", CITY)
    second = make_project(reg, "轨道车辆轮对故障声学诊断系统研发", "赵永刚职工创新工作室", CITY)
    review(reg, first, second)
    grid = ensure_grid(reg, YEAR)
    for expert in add_experts(reg, 3):
        assign(reg, expert, first)
        save_scores(reg, expert, {first: (scores_for_total(grid, 800), COMMENT)}, submit=True)
    from boostdesk.rules.check import refresh

    refresh(reg, YEAR)
    return first, second


def _click(qtbot, pane, words: str) -> None:
    """A click on the words (a link) where the pane shows them."""
    found = pane.document().find(words)
    assert not found.isNull(), words
    found.setPosition(found.selectionStart() + 1, QTextCursor.MoveMode.MoveAnchor)
    pane.ensureCursorVisible()
    pane.setTextCursor(found)
    pane.ensureCursorVisible()
    where = pane.cursorRect(found).center()
    pane.setTextCursor(QTextCursor(pane.document()))  # no selection left by the test
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_the_experts_names_scores_and_comments_are_folded_until_asked_for(reg, qtbot):
    first, second = _scored(reg)
    pane = _pane(reg, qtbot)
    pane.show_application(PROJECT, first)
    text = pane.toPlainText()
    assert "评审明细（内部）" in text and "不对外告知" in text
    assert "专家1" not in text and COMMENT not in text and "科技含量" not in text
    at = pane.verticalScrollBar().value()
    _click(qtbot, pane, "评审明细（内部）")
    text = pane.toPlainText()
    assert "专家1" in text and COMMENT in text  # unfolded on the clerk's click
    assert pane.verticalScrollBar().value() >= at  # where the pane stood, not its top
    _click(qtbot, pane, "收起评审明细（内部）")
    assert "专家1" not in pane.toPlainText()
    _click(qtbot, pane, "评审明细（内部）")
    pane.show_application(PROJECT, second)  # another paper: folded again
    pane.show_application(PROJECT, first)
    assert "专家1" not in pane.toPlainText()
    # the keyboard's way: Tab from the pane's text to the link, Enter
    pane.setFocus()
    qtbot.keyClick(pane, Qt.Key.Key_Tab)
    assert pane.textCursor().selectedText().startswith("▸ 评审明细（内部）")
    qtbot.keyClick(pane, Qt.Key.Key_Return)
    assert "专家1" in pane.toPlainText()
    # the trail's export (boostdesk audit, 导出修改记录) keeps every line
    details = " ".join(x.details for x in trail(reg, application=(PROJECT, first)))
    assert "专家1" in details and COMMENT in details


def test_the_rules_verdict_beside_a_non_award_is_not_a_green_pass(reg, qtbot):
    first, second = _scored(reg)
    reg.set_status(PROJECT, second, "not_awarded", "专家评审得分未进入拟助推名单")
    pane = _pane(reg, qtbot)
    pane.show_application(PROJECT, second)
    head = pane.toPlainText().splitlines()[1]
    assert head.endswith("状态 未获助推（专家评审得分未进入拟助推名单） · 规则核对：合格"), head
    pane.show_application(PROJECT, first)  # in review: the verdict as it was
    assert pane.toPlainText().splitlines()[1].endswith("状态 专家评审 · 合格")


def _lacking(reg) -> int:
    """A patent paper received without its 企业应用证明, checked."""
    from boostdesk.rules.check import refresh

    app_id = reg.save_patent(PatentApplication(
        campaign_year=2022, title="一种数控机床电池热管理系统", patent_number_raw="ZL202110123456.7",
        grant_date=date(2021, 5, 11), inventor_name="王伟", id_number="11010519491231002X",
        card_number="6214830112341234", unit_name="北京市公交集团工会",
        enterprise_name="北京公交测试公司", frontline=True, service_invention=True,
        applied_in_production=True, received_date=date(2022, 10, 28),
        materials={"certificate": True, "form": True, "production_proof": False,
                   "union_stamp": True, "unit_stamp": True}))
    refresh(reg, 2022)
    return app_id


def test_a_missing_material_is_to_be_sent_and_says_where_to(reg, qtbot):
    app_id = _lacking(reg)
    pane = _pane(reg, qtbot)
    pane.show_application(PATENT, app_id)
    text = pane.toPlainText()
    assert "待补：材料未齐：缺企业应用证明（方案一（四）1）" in text
    assert "提示：材料未齐" not in text
    # 申报表, 盖章, a proof: paper items, sent where the plan's 三 sends paper, not e-mailed
    where = ("纸质材料报送至 北京市职工技术协会（北京市西城区虎坊路13号北京职工服务中心南配楼"
             "2104室）；电子版发送至 jscxfwb@163.com；联系人 高珊 83570885、李梦遥 83570883")
    assert f"下一步：请推荐单位补报所缺材料（{where}）" in text
    assert text.count(where) == 1 and "补报：" not in text  # said once, not again under 核对结论
    # a year whose settings give no address, e-mail or contact: the office in general
    reg.save_campaign(replace(reg.campaign(2022), notice_email="", notice_contact="",
                              paper_address=""))
    pane.show_application(PATENT, app_id)
    text = pane.toPlainText()
    assert "请推荐单位补报所缺材料（请经推荐单位报送市总工会）" in text
    assert text.count("请经推荐单位报送市总工会") == 1
    # once refused, nothing is to be sent: the finding is said as before
    reg.set_status(PATENT, app_id, "refused", "材料未按时补齐")
    pane.show_application(PATENT, app_id)
    text = pane.toPlainText()
    assert "待补：" not in text and "补报：" not in text
