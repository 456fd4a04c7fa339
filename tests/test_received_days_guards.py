"""收件日期 filled for many papers, re-tested: a decided paper (qualified, approved) was
re-dated by the bulk fill and `review received`, its 审批表 then saying it came after its
approval; a day before the plan was issued or the patent granted passed as on time; a late
day was not called 逾期 where it was set. One domain rule (``received_days``) for the
window, the command and the import: decided papers left and counted, impossible days refused
with the earliest allowed one named, the papers now late counted."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures.summary_sheets import own_card, patent_no, resident_id

from boostdesk.cli import main
from boostdesk.models.records import PATENT
from boostdesk.models.register import Register, RegisterError
from boostdesk.paper_review import APPROVE, PASS, decide
from boostdesk.received_days import said, set_received
from tests.test_cli_review import a_patent

OPERATOR = "录入员甲"


def _papers(reg: Register, n: int = 3) -> list[int]:
    return [a_patent(reg, title=f"专利{i}", patent_number_raw=patent_no(f"20211012345{i}"),
                     id_number=(who := resident_id(f"1101051980010100{i}")),
                     card_number=own_card(who), inventor_name=name, received_date=None)
            for i, name in zip(range(1, n + 1), ("张三", "李四", "王五"), strict=False)]


def _approved(reg: Register, app_id: int) -> None:
    """Qualified 2022-11-10 and approved 2022-11-20 on the 收件日期 2022-10-25."""
    with reg.transaction():
        reg.conn.execute("UPDATE patent_applications SET received_date = '2022-10-25'"
                         " WHERE id = ?", (app_id,))
    decide(reg, PATENT, app_id, PASS, day=date(2022, 11, 10))
    decide(reg, PATENT, app_id, APPROVE, day=date(2022, 11, 20))


def test_a_decided_paper_keeps_its_received_date_and_is_counted(reg):
    a, b, c = _papers(reg)
    _approved(reg, c)
    filled = set_received(reg, PATENT, [a, b, c], date(2022, 12, 1))  # box unticked
    assert set(filled.was) == {a, b} and filled.decided == (c,)
    assert reg.application(PATENT, c).received_date == date(2022, 10, 25)
    assert reg.application(PATENT, c).status == "approved"
    assert "1 项已审核/核准的申报未改动" in said(reg, PATENT, filled, date(2022, 12, 1))


def test_review_received_leaves_an_approved_paper_and_says_so(tmp_path, capsys):
    db = tmp_path / "r.db"
    reg = Register.open(db, operator=OPERATOR)
    [a] = _papers(reg, 1)
    _approved(reg, a)
    reg.close()
    assert main(["review", "received", "--date", "2022-12-01", f"专利{a}", "--db", str(db),
                 "--operator", OPERATOR]) == 0
    out = capsys.readouterr().out
    assert "已填写收件日期 2022-12-01：0 份" in out and "1 项已审核/核准的申报未改动" in out
    reg = Register.open(db, operator=OPERATOR)
    try:
        assert reg.application(PATENT, a).received_date == date(2022, 10, 25)
    finally:
        reg.close()


@pytest.mark.parametrize(("day", "said_"), [
    (date(2022, 1, 5), "早于2022 年度实施方案的印发日期 2022-10-17"),
    (date(2021, 1, 5), "早于2022 年度实施方案的印发日期 2022-10-17"),
])
def test_a_day_before_the_plan_was_issued_is_refused_naming_the_first_day(reg, day, said_):
    a, b = _papers(reg, 2)
    with pytest.raises(RegisterError, match=said_) as caught:
        set_received(reg, PATENT, [a, b], day)
    assert "最早为 2022-10-17" in str(caught.value)
    assert reg.application(PATENT, a).received_date is None  # all or none


def test_a_day_before_the_patent_was_granted_is_refused(reg):
    [a] = _papers(reg, 1)
    with reg.transaction():  # a plan issued before the grant (a campaign set up so)
        reg.conn.execute("UPDATE patent_applications SET grant_date = '2022-11-03'"
                         " WHERE id = ?", (a,))
    with pytest.raises(RegisterError, match=f"早于专利{a}的授权日期 2022-11-03.*最早为 2022-11-03"):
        set_received(reg, PATENT, [a], date(2022, 11, 1))
    assert set_received(reg, PATENT, [a], date(2022, 11, 3)).was == {a: None}


def test_a_day_after_the_paper_s_qualification_is_refused(reg):
    [a] = _papers(reg, 1)
    _approved(reg, a)
    from boostdesk.received_days import refusal

    assert "晚于" in (refusal(reg, PATENT, [a], date(2022, 11, 15)) or "")
    assert "资格审核日期 2022-11-10" in (refusal(reg, PATENT, [a], date(2022, 11, 15)) or "")
    assert refusal(reg, PATENT, [a], date(2022, 11, 9)) is None


def test_the_papers_now_late_are_counted_for_the_reviewer(reg, tmp_path, capsys):
    a, b = _papers(reg, 2)
    filled = set_received(reg, PATENT, [a, b], date(2022, 11, 5))  # deadline 2022-11-01
    assert filled.late == (a, b)
    assert ("其中 2 项晚于报送截止日 2022-11-01（方案三），为逾期报送，是否受理待审核人决定"
            in said(reg, PATENT, filled, date(2022, 11, 5)))
    assert set_received(reg, PATENT, [a], date(2022, 10, 28)).late == ()


def test_review_received_says_the_late_papers(tmp_path, capsys):
    db = tmp_path / "r.db"
    reg = Register.open(db, operator=OPERATOR)
    [a] = _papers(reg, 1)
    reg.close()
    assert main(["review", "received", "--date", "2022-11-05", f"专利{a}", "--db", str(db),
                 "--operator", OPERATOR]) == 0
    out = capsys.readouterr().out
    assert "其中 1 项晚于报送截止日 2022-11-01" in out and "逾期报送" in out
    assert "晚于报送截止日 2022-11-01" in out.split("核对结果：")[1]  # the verdict says why


def test_review_received_refuses_a_day_before_the_plan(tmp_path, capsys):
    db = tmp_path / "r.db"
    reg = Register.open(db, operator=OPERATOR)
    [a] = _papers(reg, 1)
    reg.close()
    assert main(["review", "received", "--date", "2022-01-05", f"专利{a}", "--db", str(db),
                 "--operator", OPERATOR]) != 0
    assert "最早为 2022-10-17" in capsys.readouterr().err


# -- one wording for a paper lacking only its 收件日期 -----------------------------------

def test_the_list_the_counts_check_and_review_say_it_waits_for_its_received_date(
        tmp_path, capsys):
    from boostdesk.rules.findings import NO_RECEIVED_ZH
    from boostdesk.ui import queries

    db = tmp_path / "r.db"
    reg = Register.open(db, operator=OPERATOR)
    a, b = _papers(reg, 2)
    with reg.transaction():  # b lacks its materials too: the union's to send
        reg.conn.execute("UPDATE patent_applications SET materials = '{}' WHERE id = ?", (b,))
    from boostdesk.rules import recheck

    recheck(reg)
    rows = queries.load_rows(reg, queries.SPECS[PATENT], [a, b])
    assert rows[a].verdict_zh == NO_RECEIVED_ZH == "待补材料（待填收件日期）"
    assert rows[b].verdict_zh == "待补材料"
    copied = queries.load_rows(reg, queries.SPECS[PATENT], [a], findings=False)
    assert copied[a].verdict_zh == NO_RECEIVED_ZH  # a copy of the cells says the same
    c = queries.counts(reg, PATENT, 2022)
    assert (c.incomplete, c.undated) == (2, 1)
    reg.close()
    assert main(["check", "--year", "2022", "--db", str(db), "--operator", OPERATOR]) == 0
    out = capsys.readouterr().out
    assert f"{NO_RECEIVED_ZH}\n" in out
    assert "合计：合格 0 项，不合格 0 项，待补材料 2 项（其中待填收件日期 1 项）" in out
    assert main(["review", "materials", f"专利{a}", "--db", str(db),
                 "--operator", OPERATOR]) == 0
    assert f"核对结果：{NO_RECEIVED_ZH}" in capsys.readouterr().out


def test_todo_gives_one_command_a_union_for_the_papers_without_a_date(tmp_path, capsys):
    db = tmp_path / "r.db"
    reg = Register.open(db, operator=OPERATOR)
    a, b, c = _papers(reg, 3)
    reg.close()
    assert main(["todo", "--db", str(db), "--operator", OPERATOR, "--date", "2022-11-20"]) == 0
    out = capsys.readouterr().out
    block = out.split("【待填收件日期")[1]
    assert "2022年度 北京市海淀区总工会 3 份" in block
    assert block.count("review received") == 1
    assert ("review received --date YYYY-MM-DD --union 北京市海淀区总工会 --year 2022"
            " --missing-only") in block
    assert f"专利{a}" not in block  # not a line a paper


def test_import_received_refuses_a_day_before_the_plan_and_says_the_late_and_decided(
        tmp_path, capsys):
    from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

    db = tmp_path / "r.db"
    rows = [patent_row(序号=i, 专利号=patent_no(f"20211012345{i}"), 第一发明人=name,
                       身份证号=resident_id(f"1101051980010100{i}"))
            for i, name in ((1, "张三"), (2, "李四"))]
    path = write_sheet(tmp_path / "海淀区总工会_专利汇总表.xlsx", [PATENT_HEADERS, *rows])

    def run(*more: str) -> int:
        return main(["import", str(path), *more, "--db", str(db), "--operator", OPERATOR])

    assert run("--received", "2022-01-05") != 0
    assert "最早为 2022-10-17" in capsys.readouterr().err
    assert run() == 0  # no date: both wait for theirs
    reg = Register.open(db, operator=OPERATOR)
    a, b = [r[0] for r in reg.conn.execute("SELECT id FROM patent_applications ORDER BY id")]
    with reg.transaction():
        reg.conn.execute("UPDATE patent_applications SET received_date = NULL")
    reg.close()
    capsys.readouterr()
    assert run("--received", "2022-11-05", "--update-registered") == 0
    out = capsys.readouterr().out
    assert "为表中已登记、尚无收件日期的 2 份申报填写收件日期 2022-11-05" in out
    assert "其中 2 项晚于报送截止日 2022-11-01" in out and "逾期报送" in out


def test_a_day_before_the_project_was_set_up_is_refused(reg):
    from boostdesk.models.records import PROJECT
    from tests.test_panel_support import make_project

    p = make_project(reg, "数控改造", "张三创新工作室")
    with reg.transaction():  # set up (立项) after the plan was issued
        reg.conn.execute("UPDATE project_applications SET approval_date = '2022-10-20',"
                         " received_date = NULL WHERE id = ?", (p,))
    with pytest.raises(RegisterError, match=f"早于项目{p}的立项日期 2022-10-20.*最早为 2022-10-20"):
        set_received(reg, PROJECT, [p], date(2022, 10, 18))
    assert set_received(reg, PROJECT, [p], date(2022, 10, 20)).was == {p: None}
