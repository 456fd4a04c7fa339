"""核对意见 to a union after an import that skipped rows: the rows not stored listed under
their own heading (a union that sent 28 rows was told of 22), nothing asked of the union
that the federation records itself (收件日期), a blank 序号 named by its row, and the clerk
warned before letters demand every material of papers whose intake was never ticked."""

from __future__ import annotations

from datetime import date

import openpyxl
from fixtures.summary_sheets import (
    INVENTION,
    INVENTION_2,
    PATENT_HEADERS,
    patent_no,
    patent_row,
    resident_id,
    write_sheet,
)
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.cli import main
from boostdesk.io.findings_notice import gather_notices
from boostdesk.models import Register

__all__ = ["answers", "ctx", "qsettings", "window"]

UNION = "北京市海淀区总工会"
THIRD = patent_no("202110777777")
ID_3 = resident_id("11010819900101003")
SECOND = {"身份证号": resident_id("11010819880303005"), "专利名称": "一种轴承检测方法"}


def _table(tmp_path, name="海淀.xlsx", bad_date="去年三月"):
    """Four rows: 1 stored, 2 unreadable (its date), 3 disputing row 1's patent, and a
    row whose 序号 is a formula the file holds no value of (as openpyxl writes it)."""
    return write_sheet(tmp_path / name, [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1, 第一发明人="甲"),
        patent_row(序号=2, 第一发明人="乙", 专利号=INVENTION_2, 授权公告日=bad_date, **SECOND),
        patent_row(序号=3, 第一发明人="丙", 身份证号=ID_3),  # 甲's patent, claimed
        patent_row(序号="=ROW()-2", 第一发明人="丁", 专利号=THIRD,
                   身份证号=resident_id("11010819920202004")),
    ])


def _letter(folder, sheet="发明专利助推"):
    [path] = folder.iterdir()
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    return [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]


REFUSED_SHEET = "发明专利助推（未能登记的行）"


def _right(row):
    """The row with its 推荐单位 left out: every value after 序号 one column right."""
    return [row[0], None, *row[1:]]


def test_the_letter_lists_the_rows_the_import_refused_and_no_intake_date(tmp_path, capsys):
    db = tmp_path / "x.db"
    assert main(["import", str(_table(tmp_path)), "--db", str(db), "--skip-bad-rows"]) == 0
    out = tmp_path / "核对意见"
    assert main(["export", "notices", "--db", str(db), "--union", "海淀", "--out", str(out),
                 "--materials-unticked"]) == 0
    rows = _letter(out)
    text = "\n".join(str(v) for row in rows for v in row)
    assert "报送 4 项，其中 2 项未能登记（见“未能登记的行”页），登记 2 项：" in text
    assert "未能登记的行（2 行）：未按表登记，不在上表中，原因见工作表“发明专利助推（未能登记的行）”" in text
    # on a sheet of their own: their own column headers repeated on each printed page, not
    # the letter's 登记号 … 核对结论 over rows that have none
    wb = openpyxl.load_workbook(next(out.iterdir()))
    assert wb[REFUSED_SHEET].print_title_rows == "$1:$3"
    rows = _letter(out, REFUSED_SHEET)
    assert rows[0] == ["2022年度职工创新助推计划（发明专利助推）申报核对意见：未能登记的行"]
    assert "未能登记的行（2 行）：以下各行未按表登记，不在核对意见表中" in rows[1][0]
    assert rows[2] == ["序号", "汇总表行号", "第一发明人", "专利名称", "未能登记的原因", "请重新报送"]
    unreadable, disputed = rows[3], rows[4]
    assert unreadable[:4] == [2, "第 4 行", "乙", "一种轴承检测方法"]
    assert "“授权公告日”：无法识别的日期：去年三月" in unreadable[4]
    # the dispute as the union reads it (复制问题清单's words), not the clerk's steps
    assert disputed[:4] == [3, "第 5 行", "丙", "一种焊缝检测装置"]
    assert disputed[4] == ("与前面第 3 行重复（专利号相同，第一发明人不同：第 3 行为甲，本行为丙）："
                           "请按专利证书核对，删去多余的一行或改正后重新报送")


def test_the_letter_asks_no_intake_date_and_names_a_blank_seq_by_its_row(tmp_path, capsys):
    db = tmp_path / "x.db"
    assert main(["import", str(_table(tmp_path)), "--db", str(db), "--skip-bad-rows"]) == 0
    with Register.open(db) as reg:  # one paper's materials ticked: the intake is recorded
        app = reg.patents(2022)[0]
        reg.save_patent(app.__class__(**{**app.__dict__, "materials": {"form": True}}))
    out = tmp_path / "核对意见"
    assert main(["export", "notices", "--db", str(db), "--union", "海淀", "--out", str(out)]) == 0
    rows = _letter(out)
    text = "\n".join(str(v) for row in rows for v in row)
    assert "材料未齐" in text
    # 收件日期 is the federation's intake: never asked of the union
    assert "收件日期" not in text
    # the 序号 a formula left blank: the table's row, not a blank under "纸质申报无序号"
    assert [r[:3] for r in rows if "丁" in r][0] == ["第 6 行", "专利2", "丁"]
    assert "汇总表中序号空白的，为其行号“第 N 行”" in text


def test_a_refused_row_sent_again_and_stored_is_listed_no_more(tmp_path, capsys):
    db = tmp_path / "x.db"
    assert main(["import", str(_table(tmp_path)), "--db", str(db), "--skip-bad-rows"]) == 0
    again = write_sheet(tmp_path / "海淀 改.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=2, 第一发明人="乙", 专利号=INVENTION_2, 授权公告日=date(2021, 3, 5),
                   **SECOND)])
    assert main(["import", str(again), "--db", str(db)]) == 0
    with Register.open(db) as reg:
        notice = gather_notices(reg, 2022, union=UNION, include_all=True).notices[0]
    [left] = notice.refused_rows["patent"]
    assert (left.row, left.name) == (5, "丙")  # the disputed row stays
    assert left.ref == "序号 3"


def test_export_notices_warns_before_letters_demand_every_material(tmp_path, capsys):
    db = tmp_path / "x.db"
    assert main(["import", str(_table(tmp_path)), "--db", str(db), "--skip-bad-rows"]) == 0
    capsys.readouterr()
    out = tmp_path / "核对意见"
    assert main(["export", "notices", "--db", str(db), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"未生成核对意见：{UNION}（2 项）的申报都还没有登记收到的材料" in err
    assert "--materials-unticked" in err and not out.exists()
    from boostdesk.io.findings_notice import intake_unrecorded

    with Register.open(db) as reg:
        app = reg.patents(2022)[0]
        reg.save_patent(app.__class__(**{**app.__dict__, "materials": {"form": True}}))
        assert intake_unrecorded(reg, 2022) == []
    assert main(["export", "notices", "--db", str(db), "--out", str(out)]) == 0


def test_the_window_asks_before_letters_demand_every_material(
        ctx, window, qtbot, tmp_path, answers):
    from boostdesk.io.import_commit import commit
    from boostdesk.io.importer import read_table

    commit(ctx.reg, read_table(write_sheet(tmp_path / "t.xlsx", [
        PATENT_HEADERS, patent_row(专利号=INVENTION)]), 2022))
    ctx.set_year(2022)
    folder = tmp_path / "out"
    folder.mkdir()
    answers.yes = False
    assert window.export_notices(str(folder)) is None
    [question] = answers.questions
    assert f"{UNION}（1 项）的申报都还没有登记收到的材料" in question
    assert list(folder.iterdir()) == []


def test_the_import_dialog_keeps_the_rows_it_skips_for_the_letter(
        window, qtbot, ctx, answers, tmp_path):
    import json

    from test_ui_import import open_dialog, read
    from test_ui_support import closed

    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, _table(tmp_path))
    answers.yes = True
    dialog.commit(skip=True)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    after = json.loads(ctx.reg.scalar(
        "SELECT after FROM audit_events WHERE action = 'import' ORDER BY id DESC LIMIT 1"))
    assert [(r["row"], r["kind"], r.get("name")) for r in after["refused"]] == [
        (4, "unreadable", "乙"), (5, "skipped", "丙")]
    assert list(after["rows"].values()) == [6]
    notice = gather_notices(ctx.reg, 2022, union=UNION, include_all=True).notices[0]
    assert [r.ref for r in notice.refused_rows["patent"]] == ["序号 2", "序号 3"]


def test_a_shifted_row_and_two_names_in_a_cell_as_the_union_reads_them(tmp_path, capsys):
    path = write_sheet(tmp_path / "海淀.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1, 第一发明人="甲"),
        patent_row(序号=2, 第一发明人="陈建国\n李四", 专利号=INVENTION_2, **SECOND),
        _right(patent_row(序号=3, 第一发明人="丙", 专利号=THIRD, 身份证号=ID_3)),
    ])
    db = tmp_path / "x.db"
    assert main(["import", str(path), "--db", str(db), "--skip-bad-rows"]) == 0
    out = tmp_path / "核对意见"
    assert main(["export", "notices", "--db", str(db), "--out", str(out),
                 "--materials-unticked"]) == 0
    two, shifted = _letter(out, REFUSED_SHEET)[3:5]
    assert two[:3] == [2, "第 4 行", "陈建国、李四"]
    # the shifted row: its name cell holds no name, its problem no column (no “”：)
    assert shifted[:3] == [3, "第 5 行", "第 5 行"]
    assert shifted[3].startswith("整行内容似乎向右错了一列（")


def test_rows_sent_again_corrected_are_listed_no_more_and_counted_once(tmp_path, capsys):
    """A disputed row corrected (another patent number) and an unreadable one fixed: found
    by their 序号 in the union's next table, not only by the number they were refused under."""
    db = tmp_path / "x.db"
    assert main(["import", str(_table(tmp_path)), "--db", str(db), "--skip-bad-rows"]) == 0
    again = write_sheet(tmp_path / "海淀 改.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=2, 第一发明人="乙", 专利号=INVENTION_2, 授权公告日=date(2021, 3, 5),
                   **SECOND),
        patent_row(序号=3, 第一发明人="丙", 身份证号=ID_3, 专利号=patent_no("202110888888")),
    ])
    assert main(["import", str(again), "--db", str(db)]) == 0
    with Register.open(db) as reg:
        notice = gather_notices(reg, 2022, union=UNION, include_all=True).notices[0]
    assert notice.refused_rows == {}
    assert notice.summary("patent").startswith("报送 4 项，")


def test_a_resend_whose_change_is_refused_is_listed_not_counted_twice(tmp_path, capsys):
    """The union's second table repeats a registered paper with another first inventor:
    the row is listed (why it was not taken) but its paper is in the table already."""
    db = tmp_path / "x.db"
    first = write_sheet(tmp_path / "海淀.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1, 第一发明人="甲"),
        patent_row(序号=2, 第一发明人="乙", 专利号=INVENTION_2, **SECOND)])
    assert main(["import", str(first), "--db", str(db)]) == 0
    again = write_sheet(tmp_path / "海淀 2.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1, 第一发明人="甲"),
        patent_row(序号=2, 第一发明人="丙", 身份证号=ID_3, 专利号=INVENTION_2)])
    assert main(["import", str(again), "--db", str(db), "--update-registered",
                 "--skip-bad-rows"]) == 1  # nothing new: said, and the disputed row kept
    assert "这些行已记下" in capsys.readouterr().err
    with Register.open(db) as reg:
        notice = gather_notices(reg, 2022, union=UNION, include_all=True).notices[0]
    [row] = notice.refused_rows["patent"]
    assert (row.seq, row.registered) == ("2", True)
    summary = notice.summary("patent")
    assert summary.startswith("报送 2 项，") and "未能登记（" not in summary
    assert "另有 1 行重新报送的内容未能按表更新" in summary


def test_a_table_whose_every_row_is_refused_still_gets_its_union_a_letter(tmp_path, capsys):
    path = write_sheet(tmp_path / "石景山.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1, 推荐单位="北京市石景山区总工会", 授权公告日="去年三月"),
        _right(patent_row(序号=2, 专利号=INVENTION_2, 第一发明人="乙", **SECOND)),
    ])
    db = tmp_path / "x.db"
    assert main(["import", str(path), "--db", str(db), "--skip-bad-rows"]) == 1
    err = capsys.readouterr().err
    assert "跳过这些行后没有可导入的行" in err and "这些行已记下（未登记任何申报）" in err
    out = tmp_path / "核对意见"
    assert main(["export", "notices", "--db", str(db), "--union", "石景山",
                 "--out", str(out)]) == 0
    assert "北京市石景山区总工会.xlsx：未能登记 2 行" in capsys.readouterr().out
    [path] = out.iterdir()
    assert openpyxl.load_workbook(path).sheetnames == [REFUSED_SHEET]
    rows = _letter(out, REFUSED_SHEET)
    assert [r[:2] for r in rows[3:5]] == [[1, "第 3 行"], [2, "第 4 行"]]
    assert "联系人" in str(rows[-1][0])  # the reply's contact, with no other sheet to say it


def test_export_notices_writes_the_other_unions_letters_and_names_the_unticked(
        tmp_path, capsys):
    db = tmp_path / "x.db"
    assert main(["import", str(_table(tmp_path)), "--db", str(db), "--skip-bad-rows"]) == 0
    other = write_sheet(tmp_path / "朝阳.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1, 推荐单位="北京市朝阳区总工会", 第一发明人="戊", 专利号=patent_no("202110555555"),
                   身份证号=resident_id("11010819700101009"))])
    assert main(["import", str(other), "--db", str(db)]) == 0
    with Register.open(db) as reg:  # 朝阳's intake ticked; 海淀's not
        app = next(a for a in reg.patents(2022) if a.unit_name == "北京市朝阳区总工会")
        reg.save_patent(app.__class__(**{**app.__dict__, "materials": {"form": True}}))
    capsys.readouterr()
    out = tmp_path / "核对意见"
    assert main(["export", "notices", "--db", str(db), "--out", str(out)]) == 0
    said = capsys.readouterr()
    assert [p.name for p in out.iterdir()] == ["2022年核对意见-北京市朝阳区总工会.xlsx"]
    assert f"以下 1 个推荐单位的核对意见未生成：{UNION}（2 项）" in said.err
    assert f"--union {UNION} --materials-unticked" in said.err


def test_a_yuan_in_the_wan_column_asks_the_union_to_send_again_not_to_import(tmp_path):
    from dataclasses import replace

    from boostdesk.io.errors import CellError
    from boostdesk.io.importer import read_table
    from boostdesk.io.union_problems import refused_for_union, union_problem_list

    said = ("300000 按万元计为 ¥3,000,000,000.00，远高于方案最高档 ¥100,000.00，像是把元填在了万元栏："
            "若填的是元，请把表头改为“项目总投入（元）”，或改按万元填写后重新导入")
    preview = read_table(write_sheet(tmp_path / "朝阳.xlsx", [PATENT_HEADERS, patent_row()]), 2022)
    preview = replace(preview, errors=[CellError(3, "项目总投入（万元）", said)])
    listed = union_problem_list(preview, {}, {})  # 复制问题清单
    assert "或改按万元填写后重新报送" in listed and "重新导入" not in listed
    letter = refused_for_union(f"“项目总投入（万元）”：{said}")  # the letter's 未能登记的行
    assert letter.endswith("或改按万元填写后重新报送")


def test_the_window_keeps_a_table_whose_every_row_is_refused(
        window, qtbot, ctx, answers, tmp_path):
    from test_ui_import import open_dialog, read
    from test_ui_support import closed

    path = write_sheet(tmp_path / "石景山.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1, 推荐单位="北京市石景山区总工会", 授权公告日="去年三月"),
        _right(patent_row(序号=2, 专利号=INVENTION_2, 第一发明人="乙", **SECOND)),
    ])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    assert dialog.import_rest.isEnabled() and not dialog.import_all.isEnabled()
    assert dialog.import_rest.text() == "只记下标出的 2 行（不导入）(&S)"
    answers.yes = True
    dialog.commit(skip=True)
    assert "没有可导入的行" in answers.questions[-1]
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert ctx.reg.patents(2022) == []
    notice = gather_notices(ctx.reg, 2022, union="北京市石景山区总工会").notices[0]
    assert [r.ref for r in notice.refused_rows["patent"]] == ["序号 1", "序号 2"]
