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


def _letter(folder):
    [path] = folder.iterdir()
    wb = openpyxl.load_workbook(path)
    ws = wb["发明专利助推"]
    return [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]


def test_the_letter_lists_the_rows_the_import_refused_and_no_intake_date(tmp_path, capsys):
    db = tmp_path / "x.db"
    assert main(["import", str(_table(tmp_path)), "--db", str(db), "--skip-bad-rows"]) == 0
    out = tmp_path / "核对意见"
    assert main(["export", "notices", "--db", str(db), "--union", "海淀", "--out", str(out),
                 "--materials-unticked"]) == 0
    rows = _letter(out)
    text = "\n".join(str(v) for row in rows for v in row)
    assert "报送 4 项，其中 2 项未能登记（见表下“未能登记的行”），登记 2 项：" in text
    heading = next(i for i, row in enumerate(rows) if row and str(row[0]).startswith("未能登记的行"))
    assert str(rows[heading][0]).startswith("未能登记的行（2 行）")
    assert rows[heading + 1] == ["序号", "汇总表行号", "第一发明人（专利名称）", "未能登记的原因",
                                 "请重新报送"]
    unreadable, disputed = rows[heading + 2], rows[heading + 3]
    assert unreadable[:3] == [2, "第 4 行", "乙（一种轴承检测方法）"]
    assert "“授权公告日”：无法识别的日期：去年三月" in unreadable[3]
    assert disputed[:3] == [3, "第 5 行", "丙（一种焊缝检测装置）"] and "争议" in disputed[3]


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
