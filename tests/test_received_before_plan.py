"""A 收件日期 before the year's plan was issued (印发日期) is no day the office received a
paper: the form, Ctrl+D and the import's date box refused it, but a table's own 收件日期
column (9月1日, 2022-10-16) was read and stored silently, and `check` named none."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import PATENT_HEADERS, patent_no, patent_row, resident_id, write_sheet

from boostdesk.cli import main
from boostdesk.io.importer import read_table
from boostdesk.models.campaign import plan_2022
from boostdesk.models.register import Register
from tests.test_cli_review import a_patent

HEADERS = [*PATENT_HEADERS, "收件日期"]
EARLY = "早于2022 年度实施方案的印发日期 2022-10-17"


def _table(tmp_path, *days: object):
    rows = [[*patent_row(序号=i, 专利号=patent_no(f"20211012345{i}"), 第一发明人=name,
                         身份证号=resident_id(f"1101051980010100{i}")), day]
            for i, (name, day) in enumerate(zip(("张三", "李四", "王五"), days, strict=False), start=1)]
    return write_sheet(tmp_path / "海淀区总工会_专利汇总表.xlsx", [HEADERS, *rows])


def test_a_table_s_received_date_before_the_plan_refuses_its_row_in_the_form_s_words(tmp_path):
    preview = read_table(_table(tmp_path, "9月1日", date(2022, 10, 16), "10月28日"), 2022,
                         campaign=plan_2022())
    assert [(e.row, e.column) for e in preview.errors] == [(2, "收件日期"), (3, "收件日期")]
    assert (str(preview.errors[0]) == f"第 2 行“收件日期”：收件日期 2022-09-01 {EARLY}："
            "收件日期最早为 2022-10-17，请核对")
    assert [r.received_date for r in preview.records] == [date(2022, 10, 28)]


def test_the_import_command_stores_nothing_then(tmp_path, capsys):
    db = tmp_path / "register.db"
    path = _table(tmp_path, "10月28日", "2022-09-01", "10月30日")
    assert main(["import", str(path), "--db", str(db), "--operator", "录入员甲"]) == 1
    err = capsys.readouterr().err
    assert f"第 3 行“收件日期”：收件日期 2022-09-01 {EARLY}" in err
    reg = Register.open(db, operator="录入员甲")
    try:
        assert reg.scalar("SELECT COUNT(*) FROM patent_applications") == 0
    finally:
        reg.close()


def test_check_names_a_stored_received_date_before_the_plan_or_to_come(tmp_path, capsys):
    db = tmp_path / "register.db"
    reg = Register.open(db, operator="录入员甲")
    a_patent(reg, title="专利1", received_date=date(2022, 9, 1))  # as the old import stored it
    a_patent(reg, title="专利2", patent_number_raw=patent_no("202110123452"),
             received_date=date(2099, 1, 1))
    reg.close()
    assert main(["check", "--db", str(db), "--operator", "录入员甲"]) in (0, 1)
    out = capsys.readouterr().out
    assert f"收件日期 2022-09-01 {EARLY}：不可能是本办收到申报的日期，请按收件登记更正" in out
    assert "收件日期 2099-01-01 还没到（晚于今天）" in out


def _received(db) -> list[str | None]:
    reg = Register.open(db, operator="录入员甲")
    try:
        return [r[0] for r in reg.conn.execute(
            "SELECT received_date FROM patent_applications ORDER BY id")]
    finally:
        reg.close()


def test_a_table_resent_only_adding_its_received_dates_fills_them(tmp_path, capsys):
    db = tmp_path / "register.db"
    first = _table(tmp_path, None, None, None)
    assert main(["import", str(first), "--db", str(db), "--operator", "录入员甲"]) == 0
    again = _table(tmp_path, "10月28日", "2022-10-30", None)
    capsys.readouterr()
    assert main(["import", str(again), "--db", str(db), "--operator", "录入员甲"]) == 0
    out, err = capsys.readouterr()
    assert "已按表中收件日期为已登记、尚无收件日期的 2 份申报填写收件日期：专利1、专利2" in out
    assert "未导入任何一行" not in err and "（空）" not in err
    assert "已登记（与表中相同）全部 3 行，不再导入" in out  # not 第 2、3、4 行 等 3 行
    assert _received(db) == ["2022-10-28", "2022-10-30", None]
