"""An award withdrawn, as an auditor reads it: the amount and day it had, who took it
back, when and why; and the lists an auditor asks for (withdrawn awards, what changed
after an approval)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from boostdesk import audit_log
from boostdesk.models import PatentApplication, Register
from boostdesk.ui.detail import DetailPane


@pytest.fixture
def withdrawn(tmp_path):
    """A 2022 patent approved at ¥3,000.00 on 2022-12-15 and then refused (资格审核不通过)."""
    reg = Register.open(tmp_path / "register.db", operator="录入员甲")
    app_id = reg.save_patent(PatentApplication(2022, inventor_name="蒋伟", title="一种阀门"))
    reg.operator = "审核员乙"
    reg.set_status("patent", app_id, "qualified")
    reg.set_status("patent", app_id, "approved", award_fen=3000_00,
                   approved_date=date(2022, 12, 15))
    reg.operator = "审核员丙"
    reg.set_status("patent", app_id, "refused", "授权日不在本年度范围")
    yield reg, app_id
    reg.close()


def test_a_withdrawal_keeps_the_award_it_took_back_in_the_trail(withdrawn):
    reg, app_id = withdrawn
    (line,) = [x for x in audit_log.trail(reg, application=("patent", app_id))
               if "资格审核不通过" in x.details]
    assert line.operator == "审核员丙"
    assert "助推金额：¥3,000.00 → （空）" in line.details
    assert "核准日期：2022-12-15 → （空）" in line.details
    assert "理由：授权日不在本年度范围" in line.details


def test_a_withdrawal_shows_the_old_award_in_the_pane(withdrawn, qapp):
    reg, app_id = withdrawn
    pane = DetailPane(reg)
    pane.show_application("patent", app_id)
    text = pane.toPlainText()
    text = text[text.index("修改记录"):]
    assert "助推金额：¥3,000.00 → （空）" in text
    assert "核准日期：2022-12-15 → （空）" in text


@pytest.fixture
def demo_db(tmp_path):
    from boostdesk.cli import main

    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


def _approved_patent(db) -> int:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT a.id FROM patent_applications a JOIN campaigns c"
                            " ON c.id = a.campaign_id WHERE c.year = 2022 AND a.status = 'approved'"
                            " AND a.id NOT IN (SELECT application_id FROM payments"
                            " WHERE stream = 'patent' AND paid_date IS NOT NULL)"
                            " ORDER BY a.id").fetchone()[0]
    finally:
        conn.close()


def test_the_auditor_lists_the_withdrawn_awards(demo_db, tmp_path, capsys):
    """`audit --withdrawn`: each award taken back, who, when, why and how much; nothing else."""
    import openpyxl

    from boostdesk.cli import main

    db = ["--db", str(demo_db)]
    app_id = _approved_patent(demo_db)
    with Register.open(demo_db, operator="审核员丙") as reg:
        reg.set_status("patent", app_id, "refused", "复核发现非一线职工")
    capsys.readouterr()
    assert main(["audit", "--withdrawn", "--year", "2022", *db]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "修改记录（2022 年度，撤销的助推，共 1 条）"
    (line,) = out[1:]
    assert f"专利{app_id} " in line and "审核员丙" in line and "复核发现非一线职工" in line
    assert "核准 → 资格审核不通过" in line and "助推金额：¥3,000.00 → （空）" in line
    sheet = tmp_path / "撤销.xlsx"
    assert main(["audit", "--withdrawn", "--out", str(sheet), *db]) == 0
    rows = list(openpyxl.load_workbook(sheet).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[3:]] == [1] and "复核发现非一线职工" in rows[3][6]


def test_the_auditor_lists_what_changed_after_an_approval(demo_db, capsys):
    """`audit --after-approval`: the approval, and every change to that application since
    (its fields, its status, its payments); no paper's entry or review before it."""
    from boostdesk.cli import main

    db = ["--db", str(demo_db)]
    app_id = _approved_patent(demo_db)
    capsys.readouterr()
    assert main(["audit", "--after-approval", "--ref", f"专利{app_id}", *db]) == 0
    before = capsys.readouterr().out.splitlines()
    assert "核准后的修改" in before[0]
    assert "资格审核通过 → 核准" in before[1]  # from its approval on
    assert not [x for x in before if "新建" in x or "已登记 → 资格审核通过" in x]
    with Register.open(demo_db, operator="录入员丁") as reg:
        reg.save_patent(replace(reg.application("patent", app_id), remarks="补充说明"))
    capsys.readouterr()
    assert main(["audit", "--after-approval", "--year", "2022", *db]) == 0
    (changed,) = [x for x in capsys.readouterr().out.splitlines() if "录入员丁" in x]
    assert f"专利{app_id} " in changed and "补充说明" in changed


def test_a_project_taken_out_of_publicity_shows_the_tier_it_was_published_at(reg, capsys):
    """公示 → 未获助推 on an upheld objection: no award was ever set (that comes with the
    approval), so the line said no amount though the dialog promises 原助推金额. It says the
    tier it was published at (公示档次); one withdrawn after its approval, its award."""
    from boostdesk.cli import main
    from boostdesk.panel.adopt_proposal import adopt
    from boostdesk.panel.publicity import (
        close_publicity,
        record_objection,
        resolve_objection,
        start_publicity,
        withdraw_unpaid_award,
    )
    from tests.test_panel_support import (
        CITY,
        WAN,
        YEAR,
        add_experts,
        make_project,
        score_all,
        to_review,
    )

    out = make_project(reg, "市级乙项目", "工作室乙", CITY, budget_fen=15 * WAN)
    kept = make_project(reg, "市级甲项目", "工作室甲", CITY)
    to_review(reg, out, kept)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {kept: 90, out: 85})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    oid = record_objection(reg, out, date(2022, 12, 22), "匿名", "项目已于2021年完成")
    resolve_objection(reg, oid, upheld=True, note="经核实项目已完成", on=date(2022, 12, 24))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    withdraw_unpaid_award(reg, kept, "排名复核：撤销核准")
    capsys.readouterr()
    assert main(["audit", "--withdrawn", "--db", str(reg.path)]) == 0
    title, published, approved = capsys.readouterr().out.splitlines()
    assert "共 2 条" in title
    assert f"项目{out} " in published and "公示 → 未获助推" in published
    assert "公示档次：¥50,000.00（公示期 2022-12-20 至 2022-12-26）" in published
    assert f"项目{kept} " in approved and "核准 → 未获助推" in approved
    assert "助推金额：¥100,000.00 → （空）" in approved and "公示档次" not in approved


def test_the_withdrawn_awards_include_one_revoked_after_payment(demo_db, capsys):
    """撤销助推 (paid, then found ineligible) takes an award back as surely as a refusal:
    `audit --withdrawn` lists it with the award it had and what each payer is to recover
    (it was left out: the paid statuses were not awards to it, 撤销助推 no taking back)."""
    import sqlite3

    from boostdesk.cli import main

    conn = sqlite3.connect(demo_db)
    app_id = conn.execute("SELECT a.id FROM patent_applications a JOIN campaigns c"
                          " ON c.id = a.campaign_id WHERE c.year = 2022 AND a.status = 'paid'"
                          " ORDER BY a.id").fetchone()[0]
    conn.close()
    db = ["--db", str(demo_db)]
    assert main(["pay", "revoke", f"专利{app_id}", "--date", "2023-09-01", "--reason",
                 "专利被宣告无效", "--document", "京工发〔2023〕12号", "--operator", "刘建国",
                 *db]) == 0
    capsys.readouterr()
    assert main(["audit", "--withdrawn", "--year", "2022", *db]) == 0
    title, line = capsys.readouterr().out.splitlines()
    assert title == "修改记录（2022 年度，撤销的助推，共 1 条）"
    assert f"专利{app_id} " in line and "刘建国" in line
    assert "已拨付 → 撤销助推" in line and "专利被宣告无效（京工发〔2023〕12号）" in line
    # the award stays on the paper (not → （空）), its paid money to recover
    assert "助推金额：¥3,000.00；" in line and "→ （空）" not in line
    assert "应追回：北京市总工会 ¥1,500.00、" in line
