"""撤回申报: the recommending union's letter withdrawing a paper, at any stage from 已登记 up
to 核准 while nothing is paid: recorded as 推荐单位撤回 with the letter's day (never as an
objection upheld), its unpaid payment lines gone, its tier place left for the office."""

from __future__ import annotations

import json
from datetime import date

import pytest
from test_finance import add_project, lines_of

from boostdesk.cli import main
from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.workflow import by_hand
from boostdesk.panel.adopt_proposal import adopt, withdraw
from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity import close_publicity, publicity_rows
from boostdesk.panel.publicity_docs import publicity_list
from boostdesk.panel.withdrawal import withdraw_application
from tests.test_panel_support import YEAR, make_project, one_place_two_publicized, to_review

LETTER = date(2022, 12, 30)
UNION = "海淀区总工会"  # the papers' recommending union (make_project, add_patent)
WHY = "推荐单位来函撤回该项目申报"
SAID = f"推荐单位撤回（{UNION} 2022-12-30 来函）：{WHY}"


def _withdraw(reg, stream, app_id, on=LETTER):
    return withdraw_application(reg, stream, app_id, on, UNION, WHY)


def _approved_after_close(reg) -> tuple[int, int]:
    """甲 published (one 3万元 place), the period closed: 甲 核准, its lines owed; 乙 next."""
    a, b = one_place_two_publicized(reg)
    close_publicity(reg, YEAR, date(2022, 12, 28))
    sync_plan(reg, YEAR)
    assert reg.project(a).status == "approved" and lines_of(reg, PROJECT, a)
    return a, b


def test_an_approval_unpaid_is_withdrawn_its_lines_deleted_and_the_history_says_why(reg):
    a, b = _approved_after_close(reg)
    lines = len(lines_of(reg, PROJECT, a))
    done = _withdraw(reg, PROJECT, a)
    app = reg.project(a)
    assert (app.status, app.award_fen, app.approved_date) == ("not_awarded", None, None)
    assert app.status_reason == SAID
    assert lines_of(reg, PROJECT, a) == [] and done.payments_deleted == lines
    assert reg.status_history(PROJECT, a)[-1]["reason"] == SAID
    deleted = reg.scalar("SELECT COUNT(*) FROM audit_events WHERE entity = 'payments'"
                         " AND action = 'delete'")
    assert deleted == lines
    after = json.loads(reg.scalar("SELECT after FROM audit_events WHERE action ="
                                  " 'withdraw_application' AND entity_id = ?", (a,)))
    assert (after["letter_date"], after["by"], after["reason"]) == ("2022-12-30", UNION, WHY)
    # the place is not given to 乙: said, and the office's to decide
    assert reg.project(b).status == "not_awarded"
    assert "不自动递补" in done.place and "区级乙项目" in done.place


def test_the_corrected_list_says_the_union_withdrew_not_an_objection_upheld(reg):
    a, _b = _approved_after_close(reg)
    _withdraw(reg, PROJECT, a)
    [row] = [r for r in publicity_rows(reg, YEAR) if r.project_id == a]
    assert row.state == "推荐单位撤回"
    doc = publicity_list(reg, YEAR)
    assert doc.title.endswith("（更正）") and doc.rows == []
    assert doc.table()[0][-1] == "推荐单位撤回"
    said = doc.correction()
    assert f"{UNION}来函撤回申报（{WHY}）" in said and "异议" not in said
    assert doc.corrected_on == LETTER


def test_a_project_in_publicity_is_withdrawn_and_the_close_approves_neither(reg):
    a, b = one_place_two_publicized(reg)
    done = _withdraw(reg, PROJECT, a, on=date(2022, 12, 22))
    assert reg.project(a).status == "not_awarded" and "不自动递补" in done.place
    result = close_publicity(reg, YEAR, date(2022, 12, 28))
    assert result.approved == [] and reg.project(b).status == "not_awarded"


def test_a_proposal_not_yet_published_leaves_the_adoption_for_good(reg):
    a = make_project(reg, "区级甲项目", "工作室甲", "district")
    b = make_project(reg, "区级乙项目", "工作室乙", "district")
    to_review(reg, a, b)
    from tests.test_panel_support import add_experts, score_all
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90, b: 80})
    adopt(reg, YEAR)
    assert reg.project(a).status == "proposed"
    from boostdesk.panel.withdrawal import question

    asked = question(reg, PROJECT, a, LETTER, UNION)  # what the window asks first
    assert "从拟助推名单中删除该项目" in asked and "应拨款项" not in asked
    _withdraw(reg, PROJECT, a)
    assert not reg.scalar("SELECT COUNT(*) FROM proposals WHERE project_id = ?", (a,))
    withdraw(reg, YEAR, "重新采纳")  # 撤回拟助推名单 does not bring it back to review
    assert reg.project(a).status == "not_awarded" and reg.project(b).status == "review"


@pytest.mark.parametrize("status", ["registered", "qualified", "review"])
def test_a_project_before_the_ranking_is_withdrawn_to_not_awarded(reg, status):
    q = make_project(reg, "区级甲项目", "工作室甲", "district")
    for step in ("qualified", "review")[: ("registered", "qualified", "review").index(status)]:
        reg.set_status(PROJECT, q, step)
    _withdraw(reg, PROJECT, q)
    assert (reg.project(q).status, reg.project(q).status_reason) == ("not_awarded", SAID)
    # 改变状态 offers 未获助推 from there only as 撤回申报
    assert "not_awarded" not in by_hand(PROJECT, "registered")


def test_money_paid_refuses_the_withdrawal_saying_what_to_do(reg):
    q = add_project(reg)
    sync_plan(reg, 2022)
    first = [x for x in lines_of(reg, PROJECT, q) if x.tranche == 1]
    mark_paid(reg, first[0].id, date(2023, 2, 20), "记-0031")
    with pytest.raises(PanelError, match="已登记拨付 .*不能撤回申报.*追回.*撤销拨付登记"):
        _withdraw(reg, PROJECT, q)
    assert reg.project(q).status in ("approved", "paid_first")
    assert len(lines_of(reg, PROJECT, q)) == 4


def test_a_patent_approved_unpaid_is_withdrawn_to_refused_saying_so(reg):
    from test_finance import add_patent

    p = add_patent(reg)
    sync_plan(reg, 2022)
    assert lines_of(reg, PATENT, p)
    _withdraw(reg, PATENT, p)
    app = reg.patent(p)
    assert (app.status, app.status_reason, app.award_fen) == ("refused", SAID, None)
    assert lines_of(reg, PATENT, p) == []


def test_the_command_withdraws_an_approval_by_title(reg, capsys):
    a, _b = _approved_after_close(reg)
    path = str(reg.path)
    reg.close()
    assert main(["withdraw", "区级甲项目", "--db", path, "--date", "2022-12-30",
                 "--by", UNION, "--reason", WHY]) == 0
    out = capsys.readouterr().out
    assert "推荐单位撤回（海淀区总工会 2022-12-30 来函）" in out
    assert "未获助推" in out and "不自动递补" in out
    assert main(["withdraw", "区级甲项目", "--db", path, "--date", "2022-12-30",
                 "--reason", WHY]) == 1
    assert "无需再撤回" in capsys.readouterr().err


def test_the_publicity_command_says_the_withdrawn_one_is_left_out_as_the_screen_does(
        reg, capsys):
    """`publicity list` read “（异议成立的 1 项不予助推，未计入合计）” for a project its union
    withdrew during publicity, no objection upheld: worded now as the 公示 screen words it."""
    from boostdesk.panel.publicity import tally

    a, _b = one_place_two_publicized(reg)
    _withdraw(reg, PROJECT, a, on=date(2022, 12, 22))
    said = tally(publicity_rows(reg, YEAR), "x")
    assert said == "1 项，合计 x（不含推荐单位撤回的 1 项）；异议待处理 0 项，异议成立 0 项"
    path = str(reg.path)
    reg.close()
    assert main(["publicity", "list", "--db", path, "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert "[推荐单位撤回]" in out and "异议成立的" not in out
    last = out.strip().splitlines()[-1]
    assert last == "公示 1 项，合计 0 元" + said.split("x", 1)[1]


def test_the_backup_before_a_withdrawal_is_labelled_as_one(reg, capsys):
    """It was listed 分档决定前 (files …-tier.zip), as if a tier had been decided."""
    from boostdesk.safety import list_backups

    a, _b = _approved_after_close(reg)
    before = len(list_backups(reg.path))
    _withdraw(reg, PROJECT, a)
    backups = list_backups(reg.path)
    newest = backups[0]
    assert len(backups) == before + 1
    assert (newest.reason, newest.reason_zh) == ("withdrawal", "撤回申报前")
    assert newest.path.name.endswith("-withdrawal.zip")
    path = str(reg.path)
    reg.close()
    assert main(["backup", "list", "--db", path]) == 0
    assert "撤回申报前" in capsys.readouterr().out


def test_a_table_sent_again_without_a_paper_names_the_step_that_withdraws_it(
        tmp_path, capsys):
    """The hint said “请在登记册中处理”, naming no step; one withdrawn already was named
    again on every table after."""
    from fixtures.summary_sheets import PATENT_HEADERS, write_sheet
    from test_import_batch import patents

    from boostdesk.models import Register

    db = tmp_path / "r.db"
    union = "北京市海淀区总工会"
    first = write_sheet(tmp_path / "海淀.xlsx", [PATENT_HEADERS, *patents(union, 100, 4)])
    assert main(["--db", str(db), "import", str(first)]) == 0
    # the union's table sent again without its last two papers
    again = write_sheet(tmp_path / "海淀再报.xlsx", [PATENT_HEADERS, *patents(union, 100, 2)])
    capsys.readouterr()
    main(["--db", str(db), "import", str(again)])  # its rows registered: nothing imported
    err = capsys.readouterr().err
    notes = [x for x in err.splitlines() if "不在本表中" in x]
    assert len(notes) == 1 and f"命令行撤回申报：boostdesk --db {db} withdraw 登记号" in err, err
    assert notes[0].endswith("另有 2 项申报不在本表中（本表列出其已登记的 2 项）：如申报人已撤回，"
                             "请凭推荐单位来函在登记册中选中该申报，“改变状态”→“撤回申报（推荐单位来函）”"
                             "（导入不会删除）：")
    assert "  专利3（张三，" in err and "  专利4（张四，" in err
    reg = Register.open(db)
    try:
        gone = reg.scalar("SELECT max(id) FROM patent_applications")
        _withdraw(reg, PATENT, gone)
    finally:
        reg.close()
    main(["--db", str(db), "import", str(again)])
    err = capsys.readouterr().err
    assert "另有 1 项申报不在本表中" in err and f"专利{gone}（" not in err


def test_a_letter_from_a_union_that_did_not_recommend_the_paper_is_refused(reg, capsys):
    """The recommending union recommends, so only its letter withdraws (二（四）1 / 一（四）1):
    another union's letter was recorded as if it were (the paper refused, the reason naming
    the other union). Refused, naming the paper's union; a part of its name that only it
    bears is its name; its second letter alone takes a withdrawal back."""
    from boostdesk.models import Register
    from boostdesk.panel.withdrawal_restore import restore_application

    a, _b = _approved_after_close(reg)
    reg.conn.execute("INSERT INTO units (name) VALUES ('北京市建设工会')")
    path = str(reg.path)
    reg.close()
    assert main(["withdraw", "区级甲项目", "--db", path, "--date", "2022-12-30",
                 "--by", "北京市建设工会", "--reason", WHY]) == 1
    err = capsys.readouterr().err
    assert "来函单位“北京市建设工会”不是项目" in err and "该申报由海淀区总工会推荐" in err
    assert "撤回申报须由海淀区总工会来函" in err and "来函单位请写“海淀区总工会”" in err
    with Register.open(path) as again:
        assert again.project(a).status == "approved" and lines_of(again, PROJECT, a)
        assert not again.scalar("SELECT COUNT(*) FROM audit_events"
                                " WHERE action = 'withdraw_application'")
        with pytest.raises(PanelError, match="“工会”不明确"):  # 工会 names every union
            withdraw_application(again, PROJECT, a, LETTER, "工会", WHY)
        withdraw_application(again, PROJECT, a, LETTER, "海淀区 总工会", WHY)
        assert again.project(a).status == "not_awarded"
        with pytest.raises(PanelError, match="恢复申报须由海淀区总工会来函"):
            restore_application(again, PROJECT, a, date(2023, 1, 6), "北京市建设工会", "继续申报")
        assert again.project(a).status == "not_awarded"


def test_a_letter_named_by_a_part_or_its_letterhead_is_kept_as_the_registered_union(reg, capsys):
    """The tester's: `withdraw 专利5 --by 朝阳` was accepted and 朝阳 stored in the status
    reason, the trail and `audit --withdrawn`. The registered name is stored; the letterhead
    form 北京市海淀区总工会 is the union; a part several unions hold is said to be ambiguous."""
    from boostdesk.models import Register
    from boostdesk.panel.withdrawal_restore import restore_application

    a, _b = _approved_after_close(reg)
    reg.conn.execute("INSERT INTO units (name) VALUES ('朝阳区总工会')")
    with pytest.raises(PanelError) as refused:
        withdraw_application(reg, PROJECT, a, LETTER, "区总工会", WHY)
    said = str(refused.value)
    assert "来函单位“区总工会”不明确" in said and "朝阳区总工会" in said and "海淀区总工会" in said
    assert "不是" not in said and reg.project(a).status == "approved"
    withdraw_application(reg, PROJECT, a, LETTER, "海淀", WHY)
    assert reg.project(a).status_reason == SAID  # 海淀区总工会, not 海淀
    after = json.loads(reg.scalar("SELECT after FROM audit_events"
                                  " WHERE action = 'withdraw_application'"))
    assert after["by"] == UNION
    restore_application(reg, PROJECT, a, date(2023, 1, 6), "北京市海淀区总工会", "继续申报")
    assert reg.project(a).status == "approved"
    back = reg.scalar("SELECT reason FROM status_history ORDER BY id DESC LIMIT 1")
    assert "海淀区总工会 2023-01-06 来函" in back and "北京市海淀区总工会" not in back
    path = str(reg.path)
    reg.close()
    assert main(["withdraw", "区级甲项目", "--db", path, "--date", "2023-01-08",
                 "--by", "北京市海淀区总工会", "--reason", WHY]) == 0
    capsys.readouterr()
    with Register.open(path) as again:
        assert again.project(a).status_reason.startswith(f"推荐单位撤回（{UNION} 2023-01-08 来函）")
