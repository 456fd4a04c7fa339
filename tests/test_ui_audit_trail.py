"""Who changed this application, and what: the register screens' detail pane, read by an
operator who knows no SQL. Every change the office makes to an application shows there,
in Chinese."""

from __future__ import annotations

import re
from datetime import date

import pytest

from boostdesk.demo import fill_demo
from boostdesk.finance.cancel import cancel_payments
from boostdesk.finance.paying import mark_paid, record_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import PatentApplication, Register
from boostdesk.panel import qualification
from boostdesk.panel.errors import PanelError
from boostdesk.panel.tier_overrides import set_override
from boostdesk.ui.detail import DetailPane

ENGLISH = re.compile(r"(?<![.A-Za-z_])[A-Za-z_]{4,}")  # a file name's .xlsx is no English
OLD_CARD, NEW_CARD = "6217000012345670", "6214830112345678"


@pytest.fixture
def demo(tmp_path):
    reg = Register.open(tmp_path / "register.db", operator="录入员甲")
    fill_demo(reg)
    yield reg
    reg.close()


def trail(reg: Register, stream: str, app_id: int, qapp, unfold: bool = False) -> str:
    """The pane's 修改记录 (``unfold``: its 评审明细（内部） unfolded, as a click on it does)."""
    from PySide6.QtCore import QUrl

    pane = DetailPane(reg)
    pane.show_application(stream, app_id)
    if unfold:
        pane.anchorClicked.emit(QUrl("boostdesk:review"))
    text = pane.toPlainText()
    return text[text.index("修改记录"):]


def test_qualification_and_tier_decisions_read_in_chinese(demo, qapp):
    demo.operator = "审核员乙"
    (pid,) = [r["id"] for r in demo.query(
        "SELECT a.id FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
        " WHERE c.year = 2022 AND a.status = 'registered' ORDER BY a.id LIMIT 1")]
    qualification.decide(demo, pid, False, "缺立项批复")
    text = trail(demo, "project", pid, qapp)
    assert "审核员乙 资格审核" in text and "不通过" in text and "缺立项批复" in text
    assert ENGLISH.findall(text) == []

    reviewed = [r["id"] for r in demo.query(
        "SELECT a.id FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
        " WHERE c.year = 2022 AND a.status = 'review' ORDER BY a.id")]
    for project_id in reviewed:
        try:
            set_override(demo, project_id, None, "评审会议决定不予助推")
        except PanelError:
            continue
        break
    else:
        pytest.fail("no project in review could be overridden")
    text = trail(demo, "project", project_id, qapp)
    assert "审核员乙 人工调整档次" in text and "评审会议决定不予助推" in text
    assert ENGLISH.findall(text) == []


def test_who_marked_a_payers_part_paid_shows_with_the_application(demo, qapp):
    due = [line for line in payment_lines(demo, 2022)
           if line.paid_date is None and line.released and line.stream == "patent"]
    line = due[0]
    demo.operator = "财务赵"
    mark_paid(demo, line.id, date(2022, 12, 20), "记-2022-0815")
    text = trail(demo, "patent", line.app_id, qapp)
    assert "财务赵" in text and "记-2022-0815" in text and "2022-12-20" in text
    assert line.payer_name in text
    assert ENGLISH.findall(text) == []


def test_the_inventors_name_or_phone_changed_elsewhere_shows_with_the_application(
        tmp_path, qapp):
    """The inventor's second paper, typed with a new phone and a new card: the phone is
    the person's and shows on the first application's trail; the card is the second
    paper's own (migration 10), so the first keeps its card and its trail says nothing of
    it. A name corrected on the 人员 screen shows with its reason."""
    person = "11010519491231002X"
    reg = Register.open(tmp_path / "register.db", operator="录入员甲")
    try:
        first = reg.save_patent(PatentApplication(2022, title="焊缝检测", inventor_name="张三",
                                                  id_number=person, card_number=OLD_CARD,
                                                  phone="13800138000"))
        reg.operator = "录入员乙"
        reg.save_patent(PatentApplication(2022, title="焊缝修补", inventor_name="张三",
                                          id_number=person, card_number=NEW_CARD,
                                          phone="13900139000"))
        text = trail(reg, "patent", first, qapp)
        assert "录入员乙 修改第一发明人信息" in text and "138****8000 → 139****9000" in text  # masked
        assert "6214 **** **** 5678" not in text and "6214********5678" not in text and reg.patent(first).card_number == OLD_CARD
        reg.operator = "科长丙"
        reg.correct_person_name(reg.patent(first).person_id, "张叁", "身份证复印件为张叁")
        text = trail(reg, "patent", first, qapp)
        assert "科长丙 更正第一发明人姓名" in text and "张三 → 张叁" in text
        assert "身份证复印件为张叁" in text
        assert OLD_CARD not in text and NEW_CARD not in text  # masked, as everywhere on screen
    finally:
        reg.close()


def test_a_paid_projects_trail_does_not_show_its_studio_moving_as_its_own(tmp_path, qapp):
    """2023's paper of a studio that moved to another enterprise moves the studio; the
    2022 award already paid keeps the enterprise it was paid to (migration 11), so its
    trail does not say its 所在单位 changed. An unpaid award follows the studio: its trail
    says so. A change of the studio's leader shows on both."""
    from dataclasses import replace

    from test_finance import add_project

    from boostdesk.models import ProjectApplication, plan_2022

    reg = Register.open(tmp_path / "register.db", operator="录入员甲")
    try:
        reg.save_campaign(plan_2022().for_year(2023))
        paid = add_project(reg)
        owed = add_project(reg, studio="王强创新工作室", title="另一个项目")
        sync_plan(reg, 2022)
        for line in payment_lines(reg, 2022, app_ids=[paid], tranche=1):
            record_paid(reg, line.id, date(2023, 3, 1), "记-1")
        reg.operator = "录入员乙"
        for studio in ("李红兵劳模创新工作室", "王强创新工作室"):
            reg.save_project(replace(
                ProjectApplication(2023, title=f"{studio}的新项目"), studio_name=studio,
                studio_level="city", unit_name="首钢集团工会", leader="李红军",
                enterprise_name="首钢新材料有限公司"))
        text = trail(reg, "project", paid, qapp)
        assert reg.project(paid).enterprise_name == "首钢智能装备制造有限公司"
        assert "首钢新材料有限公司" not in text
        assert "录入员乙 修改工作室信息" in text and "李红兵 → 李红军" in text
        text = trail(reg, "project", owed, qapp)
        assert "首钢智能装备制造有限公司 → 首钢新材料有限公司" in text
        # The studio re-rated 区级 on 工作室: both awards keep the level they were made at
        # (migration 9), and their trails do not say otherwise.
        unit, enterprise = reg.conn.execute(
            "SELECT unit_id, enterprise_id FROM studios WHERE name = ?", ("王强创新工作室",)
        ).fetchone()
        with reg.transaction():
            reg.ensure_studio("王强创新工作室", "district", unit, enterprise, "李红军",
                              exact=True)
        assert reg.project(owed).studio_level == "city"
        text = trail(reg, "project", owed, qapp)
        assert "区/局/集团级" not in text, text
    finally:
        reg.close()


def test_a_union_or_studio_merged_or_renamed_shows_on_the_paid_award(demo, qapp):
    """单位与人员 merges two spellings of a union, 工作室 merges or renames a studio: the
    paid award's 推荐单位 (its paid share's payer) or 工作室 changed with no line in its
    修改记录, and a studio renamed read as 第一发明人."""
    paid = demo.query("SELECT a.id, u.name FROM patent_applications a JOIN units u"
                      " ON u.id = a.unit_id WHERE a.status = 'paid' LIMIT 1")[0]
    # a paid union merges only into one of its kind (区 into 区), with a reason
    other = demo.scalar("SELECT name FROM units WHERE name != ? AND kind ="
                       " (SELECT kind FROM units WHERE name = ?) LIMIT 1",
                       (paid["name"], paid["name"]))
    project = demo.query("SELECT a.id, s.name FROM project_applications a JOIN studios s"
                         " ON s.id = a.studio_id WHERE a.status = 'paid_first' LIMIT 1")[0]
    merged = demo.query("SELECT a.id, s.name FROM project_applications a JOIN studios s"
                        " ON s.id = a.studio_id WHERE a.status = 'accepted' LIMIT 1")[0]
    into = demo.scalar("SELECT name FROM studios WHERE name NOT IN (?, ?) LIMIT 1",
                       (project["name"], merged["name"]))
    demo.operator = "录入员乙"
    demo.rename_unit(paid["name"], other, "同一工会的两种写法")
    demo.rename_studio(project["name"], project["name"] + "二")
    demo.rename_studio(merged["name"], into)

    text = trail(demo, "patent", paid["id"], qapp)
    assert f"录入员乙 推荐单位合并\n推荐单位：{paid['name']} → {other}" in text
    text = trail(demo, "project", project["id"], qapp)
    assert f"工作室名称：{project['name']} → {project['name']}二" in text
    assert "第一发明人" not in text
    text = trail(demo, "project", merged["id"], qapp)
    assert f"录入员乙 工作室合并\n工作室：{merged['name']} → {into}" in text
    assert ENGLISH.findall(text) == []


def test_the_enterprise_a_project_award_is_paid_to_shows_when_fixed_and_freed(demo, qapp):
    """The first payment fixes the enterprise a project award is paid to (its studio may
    move later); it was written without a line, so the trail never said who was paid."""
    line = next(x for x in payment_lines(demo, 2022)
                if x.paid_date is None and x.released and x.stream == "project"
                and x.tranche == 1 and demo.project(x.app_id).status == "approved")
    payee = demo.scalar("SELECT e.name FROM project_applications a JOIN studios s"
                        " ON s.id = a.studio_id JOIN enterprises e ON e.id = s.enterprise_id"
                        " WHERE a.id = ?", (line.app_id,))
    demo.operator = "财务赵"
    mark_paid(demo, line.id, date(2023, 3, 20), "记-2023-0300")
    text = trail(demo, "project", line.app_id, qapp)
    from boostdesk.safety.lock import host_name  # the line names the computer too

    assert f"财务赵 修改 （电脑：{host_name()}）\n收款单位（按首笔拨付固定）：（空） → {payee}" in text
    cancel_payments(demo, [line.id], "收款单位错")
    text = trail(demo, "project", line.app_id, qapp)
    assert f"收款单位（按首笔拨付固定）：{payee} → （空）" in text


def test_who_typed_an_experts_scores_shows_with_the_project(demo, qapp):
    """评分录入: a clerk types an expert's paper scores. The project's 修改记录 showed its
    status moves only: who entered which scores for which expert was in no screen."""
    from boostdesk.panel import grid, scoring
    from boostdesk.panel.experts import experts

    wu = next(e for e in experts(demo, 2022) if e.name == "吴晓梅")
    sheet = scoring.expert_sheet(demo, wu.id)
    criteria = grid.criteria(demo, 2022)
    entries = {row.project_id: ({c.id: c.max_score * 8 for c in criteria}, "建议推广")
               for row in sheet}
    demo.operator = "录入员丙"
    scoring.save_scores(demo, wu.id, entries, submit=True)
    # the panel's lines are internal: folded under 评审明细（内部） until the clerk asks
    assert "吴晓梅" not in trail(demo, "project", sheet[0].project_id, qapp)
    text = trail(demo, "project", sheet[0].project_id, qapp, unfold=True)
    assert "录入员丙 录入评分" in text
    assert f"专家：吴晓梅；项目：{sheet[0].title}" in text
    assert "来源：（空） → 评分录入" in text and "建议推广" in text
    assert ENGLISH.findall(text) == []


def test_a_level_kept_at_closing_and_the_panels_decisions_read_in_chinese(demo, qapp):
    """Closing the publicity stamps a project not awarded with the studio level it was
    reviewed at: the pane showed it as "award_level：（空） → district". Its other actions
    (排名复核, 补录往年结果 and its withdrawal, 自动核对有不符合项仍改变状态) showed their
    code names and keys (rerank_settle, ranking, taken_findings) where the exported trail
    reads Chinese."""
    from boostdesk.panel import publicity

    demo.operator = "公示员丙"
    (objection,) = [o for o in publicity.objections(demo, 2022) if o.resolution is None]
    publicity.resolve_objection(demo, objection.id, True, "核实成立", date(2022, 12, 30))
    publicity.close_publicity(demo, 2022, date(2023, 1, 5))
    text = trail(demo, "project", objection.project_id, qapp)
    assert "核定时工作室级别：（空） → 区/局/集团级" in text
    assert ENGLISH.findall(text) == []

    # The documents as settle_rerank, record_past_award, withdraw_past_award and
    # check_hand_move write them (their flows need a year's ranking moved, a past year).
    pid = objection.project_id
    with demo.transaction():
        demo.audit("rerank_settle", "project_applications", pid, {"ranking": "第 3 名"},
                   {"decision": "维持核准", "reason": "评审会决定", "ranking": "第 3 名"})
        demo.audit("record_past", "project_applications", pid, {"status": "registered"},
                   {"award_fen": 3_000_000, "award_level": "district",
                    "approved_date": "2021-12-28", "reason": "补录往年结果",
                    "taken_findings": ["立项日期不在年度内"], "notes": ["已拨付首笔"]})
        demo.audit("withdraw_past", "project_applications", pid,
                   {"status": "approved", "award_fen": 3_000_000, "approved_date": "2021-12-28"},
                   {"status": "not_awarded", "reason": "撤销补录：录错项目"})
        demo.audit("accept_findings", "project_applications", pid, None,
                   {"status": "approved", "reason": "经研究", "findings": ["立项日期不在年度内"]})
    text = trail(demo, "project", pid, qapp)
    for action in ("排名复核", "补录往年结果", "撤销补录的往年结果", "自动核对有不符合项仍改变状态"):
        assert f"公示员丙 {action}" in text, action
    assert ENGLISH.findall(text) == []
