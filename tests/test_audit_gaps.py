"""What the audit trail left out or told wrongly, as the federation's internal auditor meets
it with `boostdesk audit`: a full copy of the register carried off, a failed command that
left changes, a studio or union created with half its facts."""

from __future__ import annotations

import sqlite3

import pytest

from boostdesk import audit_log
from boostdesk.cli import main
from boostdesk.models import Register
from tests.test_lock import Holder


@pytest.fixture
def demo(tmp_path):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


def _rows(db, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_backup_to_a_usb_stick_is_in_every_years_trail(demo, tmp_path, capsys):
    """`backup --out E:\\备份.db` carries off every full ID and card number: the README
    promises that such a copy is recorded (who, when, where to), as finance's copy is."""
    stick = tmp_path / "U盘"
    stick.mkdir()
    db = ["--db", str(demo)]
    assert main(["backup", "--out", str(stick / "备份.db"), "--operator", "办公室孙", *db]) == 0
    assert (stick / "备份.db").is_file()
    capsys.readouterr()
    for year in ("2021", "2022"):
        assert main(["audit", "--year", year, *db]) == 0
        line = next(x for x in capsys.readouterr().out.splitlines() if "备份登记册" in x)
        assert "办公室孙  登记册  备份登记册到指定文件" in line
        assert f"保存到：{(stick / '备份.db').resolve()}" in line
        assert "含完整身份证号、卡号" in line
    # a backup to the folder beside the register stays on the computer: not a line
    assert main(["backup", *db]) == 0
    assert main(["audit", *db]) == 0
    assert capsys.readouterr().out.count("备份登记册到指定文件") == 1


def test_a_backup_while_the_window_has_the_register_says_it_went_unrecorded(tmp_path, capsys):
    path = tmp_path / "register.db"
    other = Holder(path, "窗口里的人")
    try:
        assert main(["backup", "--out", str(tmp_path / "备份.db"), "--db", str(path)]) == 0
        assert "未能记入修改记录" in capsys.readouterr().err
        assert (tmp_path / "备份.db").is_file()
    finally:
        other.close()


def test_a_backup_the_trail_cannot_name_is_not_left_behind(demo, tmp_path, monkeypatch, capsys):
    """The copy is written, then the line cannot be (the disk filled meanwhile): the copy
    goes too, rather than a full copy the trail does not name."""
    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Register, "audit", full)
    assert main(["backup", "--out", str(tmp_path / "备份.db"), "--db", str(demo)]) == 1
    assert not (tmp_path / "备份.db").exists()
    assert "已备份到" not in capsys.readouterr().out


def test_a_refused_package_export_changes_nothing(demo, tmp_path, capsys):
    """`panel export` for a year with no expert yet: refused, and nothing stored (it left
    the default 评分细则 and the package key, two lines in the auditor's trail)."""
    db = ["--db", str(demo)]
    assert main(["campaign", "new", "--year", "2023", *db]) == 0
    before = _rows(demo, "SELECT id, action, entity FROM audit_events")
    secret = _rows(demo, "SELECT secret FROM panel_secret")
    criteria_2023 = ("SELECT c.* FROM criteria c JOIN campaigns k ON k.id = c.campaign_id"
                     " WHERE k.year = 2023")
    criteria = _rows(demo, criteria_2023)  # 2022's grid, copied by campaign new
    capsys.readouterr()
    assert main(["panel", "export", "--year", "2023", "--out", str(tmp_path / "包"), *db]) == 1
    assert "还没有分配给专家的待评审项目" in capsys.readouterr().err
    assert _rows(demo, "SELECT id, action, entity FROM audit_events") == before
    assert _rows(demo, "SELECT secret FROM panel_secret") == secret
    assert _rows(demo, criteria_2023) == criteria
    assert main(["panel", "export", "--year", "2023", "--expert", "没有这个人",
                 "--out", str(tmp_path / "包"), *db]) == 1
    assert _rows(demo, "SELECT id, action, entity FROM audit_events") == before


def test_a_new_studio_and_union_are_recorded_with_their_facts(tmp_path, capsys):
    """A paper names a studio and a union the register did not know: their creation lines
    said only the studio's name and level, the union's name: the auditor could not tell
    which enterprise, leader or 示范性 the studio was created with, nor the union's 类别."""
    from boostdesk.models import ProjectApplication

    db = tmp_path / "r.db"
    reg = Register.open(db, operator="录入员甲")
    try:
        reg.save_project(ProjectApplication(
            campaign_year=2022, title="数控刀具寿命监测", studio_name="李明劳模创新工作室",
            studio_level="city", model_studio=True, leader="李明", unit_name="海淀区总工会",
            enterprise_name="北京精工机床有限公司", requested_fen=5_000_000))
    finally:
        reg.close()
    assert main(["audit", "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    studio = next(x for x in out if "工作室“李明劳模创新工作室”  新建" in x)
    for fact in ("级别：市级", "推荐单位：海淀区总工会", "所在单位：北京精工机床有限公司",
                 "领衔人：李明", "是否示范性工作室：是"):
        assert fact in studio, fact
    union = next(x for x in out if "推荐单位“海淀区总工会”  新建" in x)
    assert "类别：区" in union


def test_an_experts_scores_stay_on_the_project_he_scored(demo, capsys):
    """An expert taken off a project in review after scoring it, then given another: the new
    review took the old one's number (SQLite reuses a deleted last row's id), and the new
    project's 修改记录 showed the scores he gave the old one as its own."""
    (expert, old, old_title), = _rows(demo, (
        "SELECT e.name, a.project_id, p.title FROM assignments a JOIN experts e"
        " ON e.id = a.expert_id JOIN project_applications p ON p.id = a.project_id"
        " WHERE a.id = (SELECT max(id) FROM assignments)"))
    # another project in review he scored too (the demo's last batch has him on each):
    # taken off it as well, then given it again, the new review takes the old one's number
    (new, new_title), = _rows(demo, (
        "SELECT p.id, p.title FROM project_applications p WHERE p.status = 'review'"
        f" AND p.id <> {old} AND EXISTS (SELECT 1 FROM assignments a JOIN experts e"
        f" ON e.id = a.expert_id WHERE a.project_id = p.id AND e.name = '{expert}')"
        " ORDER BY p.id LIMIT 1"))
    db = ["--db", str(demo)]
    assert main(["panel", "unassign", "--expert", expert, "--project", str(old), *db]) == 0
    assert main(["panel", "unassign", "--expert", expert, "--project", str(new), *db]) == 0
    assert main(["panel", "assign", "--expert", expert, "--project", str(new), *db]) == 0
    capsys.readouterr()

    assert main(["audit", "--ref", f"项目{new}", *db]) == 0
    scored = [x for x in capsys.readouterr().out.splitlines() if "录入评分" in x]
    assert scored and all(f"项目：{new_title}" in x for x in scored)
    for args in (["--ref", f"项目{old}"], ["--year", "2022"]):
        assert main(["audit", *args, *db]) == 0
        mine = [x for x in capsys.readouterr().out.splitlines()
                if "录入评分" in x and f"专家：{expert}；项目：{old_title}" in x]
        assert len(mine) == 1 and f"项目{old} {old_title}  录入评分" in mine[0]


def test_a_withdrawn_awards_payments_stay_off_the_next_awards_trail(demo, capsys):
    """An approval withdrawn (its objection upheld) deletes its unpaid payment rows; the
    next award's rows took their numbers, and that paper's 修改记录 showed the other
    award's amounts as created for it, then deleted."""
    from datetime import date

    from boostdesk.finance.payment_plan import sync_if_writable

    (stream, withdrawn), = _rows(demo, "SELECT stream, application_id FROM payments"
                                       " WHERE id = (SELECT max(id) FROM payments)")
    (patent,), = _rows(demo, "SELECT min(id) FROM patent_applications WHERE status = 'qualified'")
    reg = Register.open(demo, operator="审核员")
    try:
        assert not reg.scalar("SELECT COUNT(*) FROM payments WHERE stream = ? AND"
                              " application_id = ? AND paid_date IS NOT NULL", (stream, withdrawn))
        reg.set_status(stream, withdrawn, "not_awarded" if stream == "project" else "refused",
                       "公示异议成立")
        reg.set_status("patent", patent, "approved", "核准", award_fen=300_000,
                       approved_date=date(2022, 12, 20))  # its payables made with it
        assert sync_if_writable(reg, 2022).created == 0
        assert reg.scalar("SELECT COUNT(*) FROM payments WHERE stream = 'patent'"
                          " AND application_id = ?", (patent,)) == 2
    finally:
        reg.close()
    capsys.readouterr()
    db = ["--db", str(demo)]
    assert main(["audit", "--ref", f"专利{patent}", *db]) == 0
    paid = [x for x in capsys.readouterr().out.splitlines() if "拨付记录" in x]
    assert len(paid) == 2 and all("审核员" in x and "生成应拨款项" in x and "¥1,500.00" in x
                                  for x in paid)
    ref = f"{'项目' if stream == 'project' else '专利'}{withdrawn}"
    assert main(["audit", "--ref", ref, *db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("生成应拨款项" in x for x in lines)
    assert all(f"{ref} " in x for x in lines if "拨付记录" in x)


def test_a_removed_expert_stays_in_his_year_under_his_own_name(demo, capsys):
    """An expert added by mistake and removed, then next year's first expert: he took the
    removed one's number, and the trail showed 评审专家“李新” 新建 名称：王临时 in 2023;
    2022's trail had lost the removed expert altogether."""
    db = ["--db", str(demo)]
    assert main(["panel", "expert", "add", "王临时", "--org", "某大学", "--year", "2022", *db]) == 0
    assert main(["panel", "expert", "remove", "王临时", "--year", "2022", *db]) == 0
    assert main(["campaign", "new", "--year", "2023", *db]) == 0
    assert main(["panel", "expert", "add", "李新", "--org", "某研究院", "--year", "2023", *db]) == 0
    capsys.readouterr()
    assert main(["audit", "--year", "2022", *db]) == 0
    lines = [x for x in capsys.readouterr().out.splitlines() if "王临时" in x]
    assert len(lines) == 2 and all("评审专家“王临时”" in x for x in lines)
    assert main(["audit", "--year", "2023", *db]) == 0
    lines = [x for x in capsys.readouterr().out.splitlines() if "评审专家“" in x]
    assert lines and not any("王临时" in x for x in lines)


def test_a_merged_unions_lines_keep_its_name_when_its_number_is_given_again(tmp_path, capsys):
    db = tmp_path / "r.db"
    reg = Register.open(db, operator="甲")
    try:
        with reg.transaction():
            reg.ensure_unit("海淀区总工会")
            reg.ensure_unit("海淀区总工会筹")
        reg.rename_unit("海淀区总工会筹", "海淀区总工会")  # two spellings merged
        with reg.transaction():
            reg.ensure_unit("首钢集团工会")  # takes the merged one's number
    finally:
        reg.close()
    assert main(["audit", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "推荐单位“海淀区总工会筹”  新建  名称：海淀区总工会筹" in out
    assert "推荐单位“首钢集团工会”  新建  名称：海淀区总工会筹" not in out


def test_a_mark_cancelled_on_a_withdrawn_award_is_not_on_the_next_awards_pane(
        demo, qapp, capsys):
    """A payer's part marked paid by mistake and cancelled, then the award withdrawn: the
    next award's payment took its number, and its 修改记录 (the window's pane) showed the
    mistaken 登记拨付 and its 撤销拨付登记 as its own."""
    from datetime import date

    from boostdesk.finance.cancel import cancel_payment
    from boostdesk.finance.paying import mark_paid
    from boostdesk.finance.payment_plan import sync_if_writable
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.ui.detail import DetailPane

    (stream, withdrawn), = _rows(demo, "SELECT stream, application_id FROM payments"
                                       " WHERE id = (SELECT max(id) FROM payments)")
    (patent,), = _rows(demo, "SELECT min(id) FROM patent_applications WHERE status = 'qualified'")
    reg = Register.open(demo, operator="财务赵")
    try:
        line = next(x for x in payment_lines(reg, 2022)
                    if (x.stream, x.app_id) == (stream, withdrawn) and x.released)
        mark_paid(reg, line.id, date(2023, 1, 5), "记-2023-0999")
        cancel_payment(reg, line.id, "凭证号写错")
        reg.set_status(stream, withdrawn, "not_awarded" if stream == "project" else "refused",
                       "公示异议成立")
        reg.set_status("patent", patent, "approved", "核准", award_fen=300_000,
                       approved_date=date(2022, 12, 20))  # its payables made with it
        assert sync_if_writable(reg, 2022).created == 0
        assert reg.scalar("SELECT COUNT(*) FROM payments WHERE stream = 'patent'"
                          " AND application_id = ?", (patent,)) == 2
        pane = DetailPane(reg)
        pane.show_application("patent", patent)
        text = pane.toPlainText()
        assert "记-2023-0999" not in text and "撤销拨付登记" not in text
    finally:
        reg.close()
    ref = f"{'项目' if stream == 'project' else '专利'}{withdrawn}"
    assert main(["audit", "--ref", ref, "--db", str(demo)]) == 0  # it is the withdrawn one's
    assert "记-2023-0999" in capsys.readouterr().out


def test_a_paper_moved_to_another_year_keeps_its_first_years_trail(tmp_path, capsys):
    """A paper typed under 2022 and refused there, then found to be 2023's and moved: the
    2022 auditor lost it altogether (its entry, its refusal and its move counted only in
    2023), and the 年度 column dated its 2022 refusal 2023."""
    from boostdesk.models import PatentApplication
    from boostdesk.models.campaign import plan_2022

    db = tmp_path / "r.db"
    reg = Register.open(db, operator="录入员甲")
    try:
        c = plan_2022()
        reg.save_campaign(type(c).from_json(c.to_json().replace('"year": 2022', '"year": 2023')))
        pid = reg.save_patent(PatentApplication(campaign_year=2022, inventor_name="张三",
                                                title="一种刀具夹持装置"))
        reg.operator = "审核员乙"
        reg.set_status("patent", pid, "refused", "授权日不在本年度范围")
        reg.move_to_year("patent", pid, 2023)
    finally:
        reg.close()
    assert main(["audit", "--year", "2022", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"专利{pid} 一种刀具夹持装置（张三）  新建" in out
    assert "审核员乙" in out and "资格审核不通过" in out and "移到其他年度" in out
    assert main(["audit", "--year", "2023", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "移到其他年度" in out and "资格审核不通过" not in out
    reg = Register.open(db)
    try:
        refused = next(x for x in audit_log.trail(reg, year=2022) if x.action == "状态变更")
    finally:
        reg.close()
    assert refused.year == 2022  # the 年度 column of the export


def test_an_objection_entered_by_mistake_stays_on_the_project_it_was_entered_on(
        demo, capsys, monkeypatch):
    """An objection entered on the wrong project and withdrawn (误登记), then one on another
    project: it took the withdrawn one's number, and the other project's trail showed the
    mistaken objection as its own. (New objections are numbered past the trail's ids; a
    register written before numbered them as SQLite does, as here.)"""
    from datetime import date

    from boostdesk.panel import publicity

    monkeypatch.setattr(publicity, "next_id", lambda conn, table: int(
        conn.execute(f"SELECT COALESCE(max(id), 0) + 1 FROM {table}").fetchone()[0]))

    reg = Register.open(demo, operator="公示员")
    try:
        first, second = [r["id"] for r in reg.query(
            "SELECT id FROM project_applications WHERE status = 'publicized' ORDER BY id")][:2]
        wrong = publicity.record_objection(reg, first, date(2022, 12, 28), "张某", "误记的异议")
        publicity.withdraw_objection(reg, wrong, "误登记在其他项目上")
        assert publicity.record_objection(reg, second, date(2022, 12, 28), "李某", "数据有误") == wrong
    finally:
        reg.close()
    capsys.readouterr()
    assert main(["audit", "--ref", f"项目{second}", "--db", str(demo)]) == 0
    assert "误记的异议" not in capsys.readouterr().out
    assert main(["audit", "--ref", f"项目{first}", "--db", str(demo)]) == 0
    assert capsys.readouterr().out.count("误记的异议") == 2  # entered, withdrawn


def test_a_value_a_change_kept_is_shown_once_not_as_x_to_x():
    """排名复核 keeps the ranking's line before and after: the pane read “排名变化：A → A”."""
    from boostdesk.ui.detail import _changes

    line = "排名第 12 位，现应为二档（已核准）"
    shown = _changes("rerank_settle", {"ranking": line},
                     {"decision": "撤销核准", "reason": "经研究", "ranking": line})
    assert f"排名变化：{line}" in shown and "→" not in shown
    moved = _changes("update", {"title": "旧名称"}, {"title": "新名称"})
    assert "旧名称 → 新名称" in moved
