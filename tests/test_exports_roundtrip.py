"""Excel in and out as the office meets it: a union's table sent twice, the register's
summary exported and read back, exports that are cancelled or hold odd text."""

from __future__ import annotations

from fixtures.summary_sheets import (
    ID_1,
    ID_2,
    INVENTION,
    INVENTION_2,
    PATENT_HEADERS,
    card,
    numbered_name,
    patent_no,
    patent_row,
    resident_id,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.models import Register

WRONG_CHECK = INVENTION[:-1] + ("0" if INVENTION[-1] != "0" else "1")  # a typo in the last digit
# another patent's number with a typo in its check digit (INVENTION's own, under another
# inventor, is the same patent: a first-inventor dispute since stop 39)
OTHER_WRONG_CHECK = INVENTION_2[:-1] + ("0" if INVENTION_2[-1] != "0" else "1")

WHY = "录入有误，据原件更正"  # an approved award's printed fact: said why


def _count_patents(db) -> int:
    reg = Register.open(db, operator="测试员")
    try:
        return len(reg.patents(2022))
    finally:
        reg.close()


def test_a_union_table_sent_twice_does_not_store_a_patent_with_a_wrong_check_digit_twice(
        tmp_path, capsys):
    """The clerk imports a union's table, then the union sends it again (a corrected
    resend, or the same mail opened twice): every row is already registered, the row whose
    patent number fails its check digit too, and nothing is stored a second time."""
    table = write_sheet(tmp_path / "海淀.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1),
        patent_row(序号=2, 专利号=OTHER_WRONG_CHECK, 专利名称="一种切割装置", 第一发明人="李四",
                   身份证号=ID_2),
    ])
    db = str(tmp_path / "register.db")
    assert main(["import", str(table), "--db", db, "--operator", "测试员"]) == 0
    assert _count_patents(db) == 2
    capsys.readouterr()

    # every row its registered paper as the table gives it: passed over, said, no error
    assert main(["import", str(table), "--db", db, "--operator", "测试员"]) == 0
    said = capsys.readouterr()
    assert "没有新的申报" in said.out + said.err
    assert _count_patents(db) == 2


def test_the_same_wrong_number_twice_in_one_table_is_named_as_a_repeat(tmp_path, capsys):
    table = write_sheet(tmp_path / "海淀.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1, 专利号=WRONG_CHECK),
        patent_row(序号=2, 专利号=WRONG_CHECK.replace("ZL", "ZL ").lower(), 身份证号=ID_1),
    ])
    db = str(tmp_path / "register.db")
    assert main(["import", str(table), "--db", db, "--operator", "测试员"]) != 0
    assert "第 4 行：专利" in capsys.readouterr().err
    assert _count_patents(db) == 0


# -- a long export can be cancelled, and says how far it is ---------------------------------
def test_cancelling_the_summary_export_on_the_print_screen_writes_no_file(reg, qtbot, tmp_path,
                                                                          monkeypatch):
    """导出 xlsx of a large year takes minutes (80,000 patents: ≈ 90 s): its 取消 stops it,
    and no file is left that looks like the whole table."""
    import threading

    from PySide6.QtCore import QSettings

    from boostdesk.io import export_summary
    from boostdesk.printing.jobs import SUMMARY_PATENT
    from boostdesk.printing.samples import YEAR, fill_sample
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.print_screen import PrintScreen

    fill_sample(reg)
    ctx = AppContext(reg, YEAR, settings=QSettings(str(tmp_path / "s.ini"),
                                                   QSettings.Format.IniFormat))
    screen = PrintScreen(ctx)
    qtbot.addWidget(screen)
    screen.document.setCurrentIndex(screen.document.findData(SUMMARY_PATENT))
    go_on = threading.Event()
    build = export_summary.build_summary

    def slow_build(*args, **kwargs):  # the operator presses 取消 while the rows are read
        go_on.wait(10)
        return build(*args, **kwargs)

    monkeypatch.setattr(export_summary, "build_summary", slow_build)
    notices: list[str] = []
    ctx.notice.connect(notices.append)
    out = tmp_path / "专利汇总表.xlsx"
    screen.save_xlsx_to(out)
    (task,) = ctx._tasks
    task.dialog.canceled.emit()  # its 取消 button
    go_on.set()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    assert not out.exists()
    assert notices and "取消" in notices[-1]


def test_the_summary_xlsx_reports_its_progress_and_stops_when_cancelled(reg, tmp_path):
    import pytest

    from boostdesk.io.errors import ExportCancelled
    from boostdesk.io.export_summary import build_summary, write_summary_xlsx
    from boostdesk.printing.samples import YEAR, fill_sample

    fill_sample(reg)
    summary = build_summary(reg, "patent", YEAR)
    seen: list[tuple[int, int]] = []
    write_summary_xlsx(tmp_path / "a.xlsx", summary, progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1] == (len(summary.rows), len(summary.rows))
    with pytest.raises(ExportCancelled, match="取消"):
        write_summary_xlsx(tmp_path / "b.xlsx", summary, cancelled=lambda: True)
    assert not (tmp_path / "b.xlsx").exists()


# -- what was typed is what the sheet shows ----------------------------------------------------
def _patent_typed_with_equals(reg, unit: str = "北京市海淀区总工会") -> None:
    from datetime import date

    from boostdesk.models import PatentApplication
    from boostdesk.models.records import PATENT

    app_id = reg.save_patent(PatentApplication(
        campaign_year=2022, title="=一种焊缝检测装置", patent_number_raw=INVENTION,
        grant_date=date(2021, 3, 5), inventor_name="张三", id_number=ID_1,
        card_number="6217000012345678", unit_name=unit,
        enterprise_name="=北京某某科技有限公司", remarks="=同上",
    ))
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00, approved_date=date(2022, 12, 15))


def test_text_typed_with_a_leading_equals_sign_is_exported_as_text_and_reads_back(reg, tmp_path):
    """A clerk's 备注 “=同上” (or a name pasted with a stray “=”) is text: written as a
    formula, Excel shows #NAME? and the exported table no longer imports."""
    from openpyxl import load_workbook

    from boostdesk.io.export_summary import build_summary, write_summary_xlsx
    from boostdesk.io.importer import read_table

    _patent_typed_with_equals(reg)
    out = write_summary_xlsx(tmp_path / "s.xlsx",
                             build_summary(reg, "patent", 2022, unmasked=True))
    row = load_workbook(out).active[3]
    typed = [c for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert len(typed) == 3 and {c.data_type for c in typed} == {"s"}
    preview = read_table(out, 2022)
    assert preview.errors == []
    (record,) = preview.records
    assert (record.title, record.enterprise_name, record.remarks) == (
        "=一种焊缝检测装置", "=北京某某科技有限公司", "=同上")


def test_the_payment_list_xlsx_writes_a_leading_equals_sign_as_text(reg, tmp_path):
    from openpyxl import load_workbook

    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.printing.payments import build_payment_lists, write_payments_xlsx

    _patent_typed_with_equals(reg, unit="=海淀区总工会")  # pasted with a stray “=”
    sync_plan(reg, 2022)
    out = write_payments_xlsx(tmp_path / "p.xlsx", build_payment_lists(reg, 2022, 1))
    for ws in load_workbook(out).worksheets:
        assert not [c.coordinate for r in ws.iter_rows() for c in r if c.data_type == "f"]


def test_the_publicity_list_xlsx_holds_amounts_as_numbers_to_the_fen_and_text_as_typed(
        reg, tmp_path):
    """The website team's copy of the publicity list: its 拟助推金额 and 合计 are numbers with
    two decimals (text “100,000” cannot be summed or checked), 序号 a number, and a project
    title typed with a leading “=” stays text."""
    from datetime import date

    import openpyxl

    from boostdesk.models.records import PROJECT
    from boostdesk.panel.publicity import start_publicity
    from boostdesk.panel.publicity_docs import write_publicity_xlsx
    from tests.test_panel_support import CITY, YEAR, make_project, to_review

    ids = [make_project(reg, "=数控机床精度补偿", "工作室甲", CITY),
           make_project(reg, "焊接机器人离线编程", "工作室乙", CITY)]
    to_review(reg, *ids)
    for i in ids:
        reg.set_status(PROJECT, i, "proposed")
    start_publicity(reg, YEAR, date(2022, 12, 20))
    ws = openpyxl.load_workbook(write_publicity_xlsx(reg, YEAR, tmp_path / "公示.xlsx")).active
    rows = {ws.cell(r, 2).value: r for r in range(4, ws.max_row + 1)}
    first = rows["=数控机床精度补偿"]
    assert ws.cell(first, 2).data_type == "s"
    assert ws.cell(first, 1).value in (1, 2)
    assert ws.cell(first, 7).value == 100000 and ws.cell(first, 7).number_format == "#,##0.00"
    total = ws.cell(rows["合计"], 7)
    assert total.value == 200000 and total.number_format == "#,##0.00"


def test_a_scoring_package_of_a_project_titled_with_a_leading_equals_sign_reads_back(
        reg, tmp_path):
    """An expert's package lists the project as typed; written as a formula, its title shows
    #NAME? in the expert's Excel and the returned package cannot be read."""
    import openpyxl

    from boostdesk.panel.experts import auto_assign
    from boostdesk.panel.package_export import export_packages
    from boostdesk.panel.package_import import import_package
    from tests.test_panel_support import CITY, YEAR, add_experts, make_project, to_review

    ids = [make_project(reg, "=数控机床精度补偿", "工作室甲", CITY)]
    to_review(reg, *ids)
    add_experts(reg, 1)
    auto_assign(reg, YEAR, per_project=1)
    [path] = export_packages(reg, YEAR, tmp_path / "out", ["专家1"])
    wb = openpyxl.load_workbook(path)
    ws = wb["评分表"]
    assert (ws["B2"].value, ws["B2"].data_type) == ("=数控机床精度补偿", "s")
    for c, value in enumerate([18, 12.5, 13, 12, 11, 8, 9], start=3):
        ws.cell(row=2, column=c, value=value)
    wb.save(path)
    import_package(reg, path)
    assert reg.scalar("SELECT COUNT(*) FROM scores") == 7


# -- the register view's list, as the screen shows it ---------------------------------------------
def _shown_column(screen, key: str) -> list[str]:
    model = screen.model
    while model.canFetchMore():
        model.fetchMore()
    col = [c.key for c in model.spec.columns].index(key)
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def test_the_register_view_exports_what_it_shows_in_its_order(reg, qtbot, tmp_path):
    """专利助推 filtered to one union and sorted by 专利名称 descending: 导出 xlsx writes
    those rows, in that order, as a summary table (attachment 2, numbers masked); with
    several rows selected, only those."""
    from openpyxl import load_workbook
    from PySide6.QtCore import QItemSelectionModel, QSettings, Qt

    from boostdesk.io.importer import read_table
    from boostdesk.models import PatentApplication
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.register_screen import PatentScreen
    from tests.test_ui_register import many_patents

    # names without digits, as a table's import takes them
    many_patents(reg, 6, unit="北京市海淀区总工会",
                 inventor=lambda i: numbered_name("发明人", i))
    for i in range(4):  # another union's, left out by the filter
        reg.save_patent(PatentApplication(
            2022, title=f"朝阳专利{i}", patent_number_raw=patent_no(f"2021109{i:05d}"),
            inventor_name=numbered_name("朝阳人", i), id_number=resident_id(f"11010519900101{i:03d}"),
            card_number=card(f"621799{i:09d}"), unit_name="朝阳区总工会"))
    ctx = AppContext(reg, 2022, settings=QSettings(str(tmp_path / "s.ini"),
                                                   QSettings.Format.IniFormat))
    screen = PatentScreen(ctx)
    qtbot.addWidget(screen)
    screen.unit.setCurrentIndex(screen.unit.findText("北京市海淀区总工会"))
    title_col = [c.key for c in screen.spec.columns].index("title")
    screen.table.sortByColumn(title_col, Qt.SortOrder.DescendingOrder)
    shown = _shown_column(screen, "number")
    assert len(shown) == 6

    out = tmp_path / "海淀.xlsx"
    screen.save_list_to(out)
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    ws = load_workbook(out).active
    headers = [c.value for c in ws[2]]
    number_col = headers.index("专利号")
    exported = [r[number_col] for r in ws.iter_rows(min_row=3, values_only=True)
                if isinstance(r[0], int)]
    assert exported == shown
    assert [r[0] for r in ws.iter_rows(min_row=3, max_row=8, values_only=True)] == [1, 2, 3, 4, 5, 6]
    assert ws.cell(3, headers.index("身份证号") + 1).value.count("*") >= 8  # masked copy

    # Read back: nothing refused, the masked numbers read as the registered rows' own (the
    # copy handed round may come back to fill a column: io.resend.unmask)
    from boostdesk.io.resend import unmask

    preview = unmask(reg, read_table(out, 2022))
    assert preview.errors == []
    assert {r.id_number for r in preview.records} == {
        a.id_number for a in reg.patents(2022) if a.unit_name == "北京市海淀区总工会"}

    selection = screen.table.selectionModel()
    selection.clearSelection()
    for row in (1, 4):
        selection.select(screen.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    picked = tmp_path / "两项.xlsx"
    screen.save_list_to(picked)
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    ws = load_workbook(picked).active
    assert [r[number_col] for r in ws.iter_rows(min_row=3, values_only=True)
            if isinstance(r[0], int)] == [shown[1], shown[4]]


def test_a_masked_export_read_into_a_register_is_refused_by_row_not_stored_as_numbers(
        tmp_path, capsys):
    """The summary exported for the federation is masked by default (110105********002X).
    Imported into another register (the federation's, or this one after a restore), its
    numbers were stored as they read — people told apart only by their hidden digits became
    one person, and every award's card was a masked one. Each such cell is refused, by row."""
    table = write_sheet(tmp_path / "海淀.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1),
        patent_row(序号=2, 专利号=patent_no("202110654321"), 专利名称="一种切割装置",
                   第一发明人="李四", 身份证号=ID_2),
    ])
    db = str(tmp_path / "register.db")
    assert main(["import", str(table), "--db", db, "--operator", "测试员"]) == 0
    out = tmp_path / "汇总表.xlsx"
    assert main(["export", "summary", "patent", "--db", db, "--operator", "测试员",
                 "--out", str(out)]) == 0
    capsys.readouterr()

    other = str(tmp_path / "federation.db")
    assert main(["import", str(out), "--db", other, "--operator", "测试员"]) != 0
    err = capsys.readouterr().err
    assert "第 3 行“身份证号”" in err and "第 4 行“工会会员互助服务卡号”" in err
    assert "隐去" in err
    assert _count_patents(other) == 0


def test_cancelling_the_summary_preview_on_the_print_screen_shows_no_document(reg, qtbot,
                                                                              tmp_path,
                                                                              monkeypatch):
    """The summary's PDF takes minutes for a large year (8,000 patents: ≈ 2.5 min); 预览's
    取消 stops it instead of showing the document minutes later."""
    import threading

    from PySide6.QtCore import QSettings

    from boostdesk.io import export_summary
    from boostdesk.printing.jobs import SUMMARY_PATENT
    from boostdesk.printing.samples import YEAR, fill_sample
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.print_screen import PrintScreen

    fill_sample(reg)
    ctx = AppContext(reg, YEAR, settings=QSettings(str(tmp_path / "s.ini"),
                                                   QSettings.Format.IniFormat))
    screen = PrintScreen(ctx)
    qtbot.addWidget(screen)
    screen.document.setCurrentIndex(screen.document.findData(SUMMARY_PATENT))
    go_on = threading.Event()
    build = export_summary.build_summary

    def slow_build(*args, **kwargs):
        go_on.wait(10)
        return build(*args, **kwargs)

    monkeypatch.setattr(export_summary, "build_summary", slow_build)
    screen.generate()
    (task,) = ctx._tasks
    task.dialog.canceled.emit()
    go_on.set()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    assert screen.page_count == 0 and screen.pdf is None
    assert "取消" in screen.error.text()


def test_the_summary_pdf_reports_its_pages_and_stops_when_cancelled(reg, tmp_path):
    import pytest

    from boostdesk.io.errors import ExportCancelled
    from boostdesk.io.export_summary import build_summary
    from boostdesk.printing.samples import YEAR, fill_sample
    from boostdesk.printing.summary import write_summary_pdf

    fill_sample(reg)
    summary = build_summary(reg, "patent", YEAR)
    seen: list[tuple[int, int]] = []
    pages = write_summary_pdf(tmp_path / "a.pdf", summary,
                              progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (pages, pages)
    with pytest.raises(ExportCancelled):
        write_summary_pdf(tmp_path / "b.pdf", summary, cancelled=lambda: True)
    assert not (tmp_path / "b.pdf").exists()


def test_export_from_a_mistyped_register_path_is_refused_and_makes_no_register(tmp_path,
                                                                               capsys):
    """`export summary --db` with a path typed wrong made an empty register there and wrote
    an empty table (0 项) that could be sent on as the year's summary."""
    missing = tmp_path / "registr.db"
    out = tmp_path / "汇总表.xlsx"
    assert main(["export", "summary", "patent", "--db", str(missing), "--operator", "测试员",
                 "--out", str(out)]) == 2
    assert f"登记册文件不存在：{missing}" in capsys.readouterr().err
    assert not missing.exists() and not out.exists()


def test_long_names_and_titles_in_the_summary_xlsx_wrap_inside_their_columns(reg, tmp_path):
    """北京经济技术开发区总工会 or a patent's full title is wider than its column: the cell
    wraps (the row grows when opened) instead of being cut off by the next column, on
    screen and on the printed page."""
    from openpyxl import load_workbook

    from boostdesk.io.export_summary import build_summary, write_summary_xlsx
    from boostdesk.printing.samples import YEAR, fill_sample

    fill_sample(reg)
    ws = load_workbook(write_summary_xlsx(tmp_path / "s.xlsx",
                                          build_summary(reg, "patent", YEAR))).active
    headers = [c.value for c in ws[2]]
    for header in ("推荐单位", "所在单位", "专利名称", "备注"):
        assert ws.cell(3, headers.index(header) + 1).alignment.wrap_text, header
    assert not ws.cell(3, headers.index("身份证号") + 1).alignment.wrap_text  # a number stays whole


def test_ctrl_a_then_export_writes_every_row_found_not_only_those_scrolled_into_view(
        reg, qtbot, tmp_path):
    """The view holds 200 rows until it is scrolled; Ctrl+A selects those. Exporting
    “everything selected” must still be every application the search found."""
    from openpyxl import load_workbook
    from PySide6.QtCore import QSettings, Qt

    from boostdesk.ui.context import AppContext
    from boostdesk.ui.register_screen import PatentScreen
    from tests.test_ui_register import many_patents

    many_patents(reg, 230)
    ctx = AppContext(reg, 2022, settings=QSettings(str(tmp_path / "s.ini"),
                                                   QSettings.Format.IniFormat))
    screen = PatentScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert 1 < screen.selected_count() < 230  # only the rows the view has fetched
    out = tmp_path / "全部.xlsx"
    screen.save_list_to(out)
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    ws = load_workbook(out).active
    assert sum(1 for r in ws.iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)) == 230


def test_the_summary_keeps_each_unions_rows_together_in_the_unions_own_order(reg):
    """Each union numbers its table from 1. The year's summary (xlsx and PDF, for the city
    federation) listed 海淀 1, 朝阳 1, 海淀 2, 朝阳 2…: every union's rows torn apart."""
    from boostdesk.io.export_summary import build_summary
    from boostdesk.io.import_commit import commit
    from boostdesk.io.importer import read_table

    n = 0
    for unit in ("海淀区总工会", "朝阳区总工会"):
        rows = []
        for seq in (1, 2, 3):
            n += 1
            rows.append(patent_row(
                序号=seq, 推荐单位=unit, 专利号=patent_no(f"2021100{n:05d}"), 专利名称=f"{unit}{seq}",
                身份证号=resident_id(f"11010519800101{n:03d}"),
                工会会员互助服务卡号=card(f"621700{n:09d}")))
        table = write_sheet(reg.path.parent / f"{unit}.xlsx",
                            [["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS, *rows])
        commit(reg, read_table(table, 2022))
    summary = build_summary(reg, "patent", 2022)
    title = [c.field for c in summary.columns].index("title")
    assert [r[title] for r in summary.rows] == [
        "海淀区总工会1", "海淀区总工会2", "海淀区总工会3", "朝阳区总工会1", "朝阳区总工会2", "朝阳区总工会3"]


# -- control characters pasted from a PDF --------------------------------------------------------
def test_a_control_character_pasted_into_a_unions_table_is_dropped_and_the_year_still_exports(
        reg, tmp_path):
    """Text pasted from a PDF into Excel can carry control characters (Excel saves them as
    _x0002_). They were stored, and from then on every xlsx of the year — the summary, the
    payment lists — failed with “IllegalCharacterError”."""
    from boostdesk.io.export_summary import build_summary, write_summary_xlsx
    from boostdesk.io.import_commit import commit
    from boostdesk.io.importer import read_table

    table = write_sheet(tmp_path / "海淀.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(专利名称="一种焊缝_x0002_检测装置", 备注="见附件_x0007_"),
    ])
    preview = read_table(table, 2022)
    assert preview.errors == []
    commit(reg, preview)
    (app,) = reg.patents(2022)
    assert (app.title, app.remarks) == ("一种焊缝检测装置", "见附件")
    write_summary_xlsx(tmp_path / "s.xlsx", build_summary(reg, "patent", 2022))


def test_exports_of_a_register_holding_control_characters_do_not_fail(reg, tmp_path):
    """What an earlier version stored stays in the register: the exports drop the
    characters a workbook cannot hold instead of failing."""
    from openpyxl import load_workbook

    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.io.export_summary import build_summary, write_summary_xlsx
    from boostdesk.printing.payments import build_payment_lists, write_payments_xlsx

    _patent_typed_with_equals(reg, unit="海淀区\x02总工会")
    app = reg.patents(2022)[0]
    from dataclasses import replace

    reg.save_patent(replace(app, title="一种焊缝\x0b检测装置", remarks="见附件\x07"), reason=WHY)
    sync_plan(reg, 2022)
    out = write_summary_xlsx(tmp_path / "s.xlsx", build_summary(reg, "patent", 2022))
    row = [c.value for c in load_workbook(out).active[3]]
    assert "海淀区总工会" in row and "见附件" in row
    write_payments_xlsx(tmp_path / "p.xlsx", build_payment_lists(reg, 2022, 1))


def test_a_scoring_package_and_the_publicity_list_of_a_title_holding_a_control_character(
        reg, tmp_path):
    """The package is written without the character and still reads back signed; the
    publicity list is written too."""
    from datetime import date

    import openpyxl

    from boostdesk.models.records import PROJECT
    from boostdesk.panel.experts import auto_assign
    from boostdesk.panel.package_export import export_packages
    from boostdesk.panel.package_import import import_package
    from boostdesk.panel.publicity import start_publicity
    from boostdesk.panel.publicity_docs import write_publicity_xlsx
    from tests.test_panel_support import CITY, YEAR, add_experts, make_project, to_review

    pid = make_project(reg, "数控机床\x02精度补偿", "工作室\x07甲", CITY)
    to_review(reg, pid)
    add_experts(reg, 1)
    auto_assign(reg, YEAR, per_project=1)
    [path] = export_packages(reg, YEAR, tmp_path / "out", ["专家1"])
    wb = openpyxl.load_workbook(path)
    assert wb["评分表"]["B2"].value == "数控机床精度补偿"
    for c, value in enumerate([18, 12.5, 13, 12, 11, 8, 9], start=3):
        wb["评分表"].cell(row=2, column=c, value=value)
    wb.save(path)
    import_package(reg, path)
    assert reg.scalar("SELECT COUNT(*) FROM scores") == 7

    reg.set_status(PROJECT, pid, "proposed")
    start_publicity(reg, YEAR, date(2022, 12, 20))
    ws = openpyxl.load_workbook(write_publicity_xlsx(reg, YEAR, tmp_path / "公示.xlsx")).active
    assert ws["B4"].value == "数控机床精度补偿" and ws["C4"].value == "工作室甲"


def test_a_project_summary_exported_and_read_back_keeps_the_payee_and_what_the_template_lacks(
        reg, tmp_path):
    """附件4 has no 所在单位 or 示范性 column, yet the studio's enterprise is the award's
    payee: the workbook exported lost it (and 收件日期, 所属行业), so the table read into
    another register made every project unpayable（未登记所在单位）. They follow the award
    column, and read back; the PDF page keeps the template's columns."""
    from datetime import date

    from boostdesk.io.export_summary import build_summary, write_summary_xlsx
    from boostdesk.io.importer import read_table
    from boostdesk.models import CITY, ProjectApplication

    reg.save_project(ProjectApplication(
        2022, title="转炉炼钢终点碳温预测模型开发", studio_name="李红兵劳模创新工作室",
        studio_level=CITY, model_studio=True, leader="李红兵", unit_name="首钢集团工会",
        enterprise_name="首钢智能装备制造有限公司", approval_date=date(2022, 3, 5),
        startup_funds_paid=True, planned_completion=date(2023, 11, 30),
        total_budget_fen=30_000_000, requested_fen=10_000_000, industry="冶金",
        received_date=date(2022, 10, 28)))
    summary = build_summary(reg, "project", 2022)
    out = write_summary_xlsx(tmp_path / "附件4.xlsx", summary)
    preview = read_table(out, 2022)
    assert preview.errors == []
    (record,) = preview.records
    assert (record.enterprise_name, record.model_studio, record.industry,
            record.received_date) == ("首钢智能装备制造有限公司", True, "冶金", date(2022, 10, 28))
    assert [c.header for c in summary.columns if not c.pdf_mm] == [
        "审核理由", "逾期报送", "所在单位", "是否示范性工作室", "所属领域", "收件日期"]
