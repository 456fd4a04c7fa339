"""The internal auditor after payment: every change to a paid award — who, when, from what
to what — read or exported without SQL (`boostdesk audit`), in Chinese, numbers masked."""

from __future__ import annotations

import re

import openpyxl
import pytest
from test_ui_support import answers, ctx, qsettings, window

from boostdesk import audit_log
from boostdesk.cli import main
from boostdesk.models import Register

__all__ = ["answers", "ctx", "qsettings", "window"]

FULL_ID = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
FULL_CARD = re.compile(r"(?<!\d)\d{16,19}(?!\d)")
ENGLISH = re.compile(r"[A-Za-z_]{5,}")


@pytest.fixture
def demo(tmp_path):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


def _due_patent(db) -> tuple[int, list[int]]:
    reg = Register.open(db, operator="x")
    try:
        rows = reg.query(
            "SELECT p.application_id AS app, p.id FROM payments p JOIN patent_applications a"
            " ON a.id = p.application_id WHERE p.stream = 'patent' AND p.paid_date IS NULL"
            " AND a.status = 'approved' ORDER BY p.id")
        app = rows[0]["app"]
        return app, [r["id"] for r in rows if r["app"] == app]
    finally:
        reg.close()


def test_a_paid_patents_trail_names_who_paid_it_and_who_changed_it(demo, capsys):
    app, lines = _due_patent(demo)
    db = ["--db", str(demo)]
    assert main(["pay", "mark", *map(str, lines), "--date", "2023-03-01", "--voucher",
                 "记-2023-0101", "--operator", "财务赵", *db]) == 0
    assert main(["pay", "cancel", str(lines[0]), "--reason", "凭证号写错", "--operator",
                 "财务赵", *db]) == 0
    capsys.readouterr()

    assert main(["audit", "--ref", f"专利{app}", *db]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"修改记录（专利{app}，共 ")
    assert "财务赵  专利" in out and "登记拨付" in out and "记-2023-0101" in out
    assert "撤销拨付登记" in out and "凭证号写错" in out
    assert "状态：核准 → 已拨付" in out
    assert "身份证号：" in out and not FULL_ID.search(out) and not FULL_CARD.search(out)
    assert ENGLISH.findall(out) == []


def test_a_year_exported_for_the_auditor(demo, tmp_path, capsys):
    db = ["--db", str(demo)]
    assert main(["campaign", "set", "--year", "2022", "publicity_days=8", "--operator",
                 "主任钱", *db]) == 0
    out = tmp_path / "修改记录2022.xlsx"
    capsys.readouterr()
    assert main(["audit", "--year", "2022", "--out", str(out), *db]) == 0
    assert "已导出修改记录（2022 年度，共 " in capsys.readouterr().out

    ws = openpyxl.load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[2] == ["序号", "时间（电脑本地时间，UTC+0）", "操作人", "年度", "对象", "操作",
                       "内容", "电脑"]
    plan = [r for r in rows if r[4] == "2022 年度助推计划" and r[5] == "修改"]
    assert plan and plan[-1][2] == "主任钱" and plan[-1][6] == "公示期：7 天 → 8 天"
    assert {r[3] for r in rows[3:]} == {2022}
    text = "\n".join(str(v) for r in rows for v in r if v is not None)
    assert "录入评分" in text and "登记拨付" in text and "处理异议" in text
    assert not FULL_ID.search(text) and not FULL_CARD.search(text)


def test_the_auditors_workbook_prints_across_a4_with_its_headings_on_every_page(demo, tmp_path):
    """The trail is exported for the auditor to read and file: printed as it came, its seven
    columns (内容 90 wide) ran over three pages across, the headings on the first page only
    and no page numbers. Landscape A4, one page wide, headings repeated, 第 N 页 共 M 页."""
    out = tmp_path / "修改记录.xlsx"
    assert main(["audit", "--out", str(out), "--db", str(demo)]) == 0
    ws = openpyxl.load_workbook(out).active
    assert [c.value for c in ws[3]] == list(audit_log.headers())
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize) == ("landscape", 9)  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)  # as many pages down as it takes
    assert ws.print_title_rows == "$3:$3"
    assert ws.freeze_panes == "A4"
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    # 项目9 五轴数控加工程序优化与刀具寿命管理 · 拨付记录 65（市总工会，第一批） in the
    # 40-wide 对象 was cut at 操作, the payer and batch lost: a longer text wraps
    cut = [c.coordinate for row in ws.iter_rows(min_row=4) for c in row
           if isinstance(c.value, str) and shown_width(c.value) > ws.column_dimensions[
               c.column_letter].width and not c.alignment.wrap_text]
    assert cut == []


def shown_width(text: str) -> int:
    """Excel's column units a text takes: two for a Chinese character, one for the rest."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_a_union_merged_or_renamed_shows_on_each_of_its_applications(tmp_path):
    """A union's two spellings merged moves a paid award's 推荐单位 (its paid share's
    payer): the award's own trail says so."""
    db = tmp_path / "r.db"
    assert main(["demo", "--db", str(db)]) == 0
    reg = Register.open(db, operator="录入员甲")
    try:
        (app,) = reg.query("SELECT a.id, u.name FROM patent_applications a JOIN units u"
                           " ON u.id = a.unit_id WHERE a.status = 'paid' LIMIT 1")
        # a paid union merges only into one of its kind (区 into 区), with a reason
        other = reg.scalar("SELECT name FROM units WHERE name != ? AND kind ="
                           " (SELECT kind FROM units WHERE name = ?) LIMIT 1",
                           (app["name"], app["name"]))
        reg.operator = "录入员乙"
        reg.rename_unit(app["name"], other, "同一工会的两种写法")
        text = "\n".join(x.text() for x in audit_log.trail(reg, application=("patent", app["id"])))
    finally:
        reg.close()
    assert f"录入员乙  推荐单位“{app['name']}”  合并  “{app['name']}”并入“{other}”" in text


def test_a_deleted_application_stays_in_the_years_trail(tmp_path):
    from dataclasses import replace

    reg = Register.open(tmp_path / "r.db", operator="录入员甲")
    try:
        from boostdesk.demo import fill_demo

        fill_demo(reg)
        paper = next(p for p in reg.patents(2022) if p.status == "registered")
        reg.save_patent(replace(paper, remarks="复印件不清"))
        reg.delete_application("patent", paper.id)
        lines = [x for x in audit_log.trail(reg, year=2022)
                 if x.subject.startswith(f"专利{paper.id} ")]
    finally:
        reg.close()
    assert [x.action for x in lines][-2:] == ["修改", "删除"]
    assert lines[-1].subject.endswith("（已删除）")
    assert "备注：（空） → 复印件不清" in lines[-2].details


def test_a_reference_the_register_does_not_have_is_refused(demo, capsys):
    assert main(["audit", "--ref", "专利9999", "--db", str(demo)]) == 1
    assert "没有登记号为 9999 的专利申报" in capsys.readouterr().err


def test_the_window_exports_the_years_trail(ctx, window, qtbot, tmp_path):
    """文件 → 导出修改记录（xlsx）…: the same workbook, without the command line."""
    from boostdesk.demo import fill_demo

    fill_demo(ctx.reg)
    ctx.set_year(2022)
    out = tmp_path / "2022年度修改记录.xlsx"
    actions = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "导出修改记录（xlsx）(&A)…" in actions
    window.export_audit_trail(str(out))
    qtbot.waitUntil(lambda: "已导出修改记录（2022 年度，共 " in window.statusBar().currentMessage(),
                    timeout=20_000)
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][0].startswith("修改记录（2022 年度，共 ")
    assert f"登记册：{ctx.reg.path}；导出人：{ctx.operator}；导出时间：" in rows[1][0]
    assert rows[2] == audit_log.headers()
    assert any(r[5] == "登记拨付" for r in rows[3:])


def test_an_imported_paper_names_its_table_and_the_import(demo, tmp_path, capsys):
    from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

    table = write_sheet(tmp_path / "海淀区汇总表.xlsx", [
        ["北京市总工会2022年职工创新助推计划发明专利汇总表"], PATENT_HEADERS, patent_row()])
    db = ["--db", str(demo)]
    assert main(["import", str(table), "--operator", "录入员丙", *db]) == 0
    reg = Register.open(demo, operator="x")
    try:
        new = reg.scalar("SELECT MAX(id) FROM patent_applications")
    finally:
        reg.close()
    capsys.readouterr()
    assert main(["audit", "--ref", f"专利{new}", *db]) == 0
    out = capsys.readouterr().out
    assert "录入员丙  汇总表“海淀区汇总表.xlsx”  导入汇总表  文件：海淀区汇总表.xlsx" in out
    assert "None" not in out
    assert main(["audit", "--year", "2022", *db]) == 0
    assert "汇总表“海淀区汇总表.xlsx”  导入汇总表" in capsys.readouterr().out


def test_a_restore_is_in_every_years_trail_with_its_files_named(demo, capsys):
    """The register put back from a backup undoes whatever came after it: the auditor of
    any year must see it, and which files (a backup's name holds its time, not a card)."""
    db = ["--db", str(demo)]
    assert main(["backup", *db]) == 0
    backup = capsys.readouterr().out.split("已备份到 ")[1].split("（")[0]
    assert main(["restore", "1", "--operator", "主任钱", *db]) == 0
    capsys.readouterr()
    for year in ("2021", "2022"):
        assert main(["audit", "--year", year, *db]) == 0
        out = capsys.readouterr().out
        assert f"主任钱  登记册  从备份恢复登记册  恢复所用备份：{backup}" in out


def test_an_id_corrected_on_the_people_tab_is_in_the_papers_trail(demo, capsys):
    """更正身份证号 (人员, Ctrl+Enter) changes the number on every paper of the person: the
    auditor reading a paid paper's trail sees it, masked, with its reason."""
    app, lines = _due_patent(demo)
    db = ["--db", str(demo)]
    assert main(["pay", "mark", *map(str, lines), "--date", "2023-03-01", "--voucher",
                 "记-2023-0102", *db]) == 0
    reg = Register.open(demo, operator="审计前更正人")
    try:
        person = reg.scalar("SELECT person_id FROM patent_applications WHERE id = ?", (app,))
        old = reg.scalar("SELECT id_number FROM people WHERE id = ?", (person,))
        new = "11010519491231002X" if old != "11010519491231002X" else "110101199003078515"
        reg.correct_person_id(person, new, "据身份证复印件更正（两位颠倒）")
    finally:
        reg.close()
    capsys.readouterr()

    assert main(["audit", "--ref", f"专利{app}", *db]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "更正身份证号" in x)
    assert "审计前更正人" in line and "据身份证复印件更正" in line
    assert "身份证号：" in line and not FULL_ID.search(out)
    assert ENGLISH.findall(out) == []


def test_the_workbooks_wrapped_cells_share_one_style_made_once(tmp_path, monkeypatch):
    """A year's trail at ten years is 100,000 lines and more: an Alignment made for each
    wrapped cell (three a line) and looked up among the workbook's styles was a sixth of
    the export. One is made; every wrapped cell still wraps, at the top."""
    import openpyxl.styles

    made = [0]
    real = openpyxl.styles.Alignment

    class Counted(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            made[0] += 1
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(openpyxl.styles, "Alignment", Counted)
    lines = [audit_log.Line("2022-11-10 09:30:00", "录入员", 2022, f"专利{n} 一种装置（张三）",
                            "修改", "名称：甲 → 乙" * 20, "patent_applications", "PC-1")
             for n in range(300)]
    out = tmp_path / "修改记录.xlsx"
    audit_log.write_xlsx(lines, out, "修改记录（2022 年度，共 300 条）")
    assert made[0] <= 2, made[0]
    monkeypatch.undo()  # (the stand-in class is no style the sheet's writer knows)
    audit_log.write_xlsx(lines, out, "修改记录（2022 年度，共 300 条）")
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(min_row=4))
    assert len(rows) == 300
    for row in (rows[0], rows[-1]):
        assert [c.alignment.wrap_text for c in row] == [  # 对象, 操作, 内容
            None, None, None, None, True, True, True, None]
        # every cell at the row's top: a tall row's 序号 and 时间 sat at its foot, by the
        # next row's 内容 (LibreOffice's print)
        assert {c.alignment.vertical for c in row} == {"top"}


def test_the_years_trail_stops_on_cancel_while_it_is_read(ctx, window, qtbot, tmp_path,
                                                          monkeypatch):
    """导出本年度修改记录: at ten years a year's trail is seconds of reading before a row is
    written, and 取消 was looked at only while writing. The reading stops too; no file."""
    from boostdesk.demo import fill_demo

    fill_demo(ctx.reg)
    with pytest.raises(audit_log.ExportCancelled):
        audit_log.trail(ctx.reg, year=2022, cancelled=lambda: True)
    asked = []
    real = audit_log.trail_lines

    def pressed(reg, **kw):  # 取消 pressed as the trail is read
        asked.append(kw.get("cancelled"))
        return real(reg, **{**kw, "cancelled": lambda: True})

    monkeypatch.setattr(audit_log, "trail_lines", pressed)
    ctx.set_year(2022)
    out = tmp_path / "2022年度修改记录.xlsx"
    window.export_audit_trail(str(out))
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    assert asked and callable(asked[0])  # the window hands its 取消 to the reading
    assert not out.exists()
