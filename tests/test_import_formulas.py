"""Formulas in a unit's summary table: read by their saved values, and refused by cell, with
what to do, when the file holds none (a table written by a program, never saved in Excel)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from boostdesk.io.cell_readers import BARE_FORMULA
from boostdesk.io.errors import ImportFailed
from boostdesk.io.headers import PATENT_TABLE
from boostdesk.io.importer import read_table
from boostdesk.safety import archive
from tests import libreoffice

COLUMNS = PATENT_TABLE.template_columns()
ROW = {
    "seq": 1, "unit_name": "海淀区总工会", "enterprise_name": "北京某科技有限公司",
    "title": "一种焊缝缺陷识别方法", "patent_number_raw": "ZL202110123456.7",
    "grant_date": "2021-05-01", "inventor_name": "张三", "id_number": "110101199003074514",
    "frontline": "是", "service_invention": "是", "applied_in_production": "是",
}


def table(path: Path, rows: list[dict]) -> Path:
    """An attachment-2 table written by openpyxl: formulas are stored without a value."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([c.header for c in COLUMNS])
    for row in rows:
        ws.append([row.get(c.field, "") for c in COLUMNS])
    wb.save(path)
    return path


def with_saved_values(path: Path, values: dict[str, str]) -> Path:
    """The same file as Excel saves it: each formula cell (by reference) with its text value."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, value in values.items():
        sheet = re.sub(rf'<c r="{ref}"([^>]*)>(<f>[^<]*</f>)<v ?/>',
                       rf'<c r="{ref}"\1 t="str">\2<v>{value}</v>', sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def column_letter(field: str) -> str:
    return "ABCDEFGHIJKLMN"[[c.field for c in COLUMNS].index(field)]


def test_formula_cells_without_values_are_refused_by_row_and_column(tmp_path):
    rows = [ROW, {**ROW, "inventor_name": '=CONCATENATE("李","四")', "title": '="一种装置"',
                  "id_number": "11010119900307451X"}, {**ROW, "seq": "=ROW()-1"}]
    preview = read_table(table(tmp_path / "t.xlsx", rows), 2022)
    assert [(e.row, e.column) for e in preview.errors] == [(3, "专利名称"), (3, "第一发明人")]
    assert all(e.message == BARE_FORMULA for e in preview.errors)
    assert "Excel 或 WPS 打开此表、保存后重新导入" in BARE_FORMULA
    # Rows 2 and 4 read; a 序号 that is a formula is no reason to refuse a row.
    assert preview.rows == [2, 4] and preview.records[1].inventor_name == "张三"


def test_saved_formula_values_are_read_as_typed(tmp_path):
    path = table(tmp_path / "t.xlsx", [{**ROW, "inventor_name": '=CONCATENATE("李","四")',
                                        "remarks": '=""'}])
    name, remarks = f"{column_letter('inventor_name')}2", f"{column_letter('remarks')}2"
    with_saved_values(path, {name: "李四", remarks: ""})  # "" saved as a text is a value
    [extent] = archive.check_archive(path)
    assert extent.bare_formulas == frozenset()
    preview = read_table(path, 2022)
    assert not preview.errors and preview.records[0].inventor_name == "李四"


def test_a_table_of_nothing_but_such_formulas_says_so(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append([f'="{c.header}"' for c in COLUMNS])
    wb.active.append(['="张三"'] * len(COLUMNS))
    wb.save(tmp_path / "t.xlsx")
    with pytest.raises(ImportFailed) as failed:
        read_table(tmp_path / "t.xlsx", 2022)
    assert BARE_FORMULA in failed.value.message


def test_a_formula_cell_cut_by_the_scan_chunk_edge_is_found(tmp_path, monkeypatch):
    rows = [{**ROW, "inventor_name": f'="{"张" * 30}"'} for _ in range(40)]
    path = table(tmp_path / "t.xlsx", rows)
    whole = archive.check_archive(path)[0].bare_formulas
    assert len(whole) == 40
    for chunk in (97, 256, 1000):  # edges falling inside the cells' XML
        monkeypatch.setattr(archive, "_CHUNK", chunk)
        assert archive.check_archive(path)[0].bare_formulas == whole


def test_formulas_are_looked_for_in_the_sheet_read_not_in_others(tmp_path):
    wb = openpyxl.Workbook()
    data = wb.active
    data.title = "汇总表"
    data.append([c.header for c in COLUMNS])
    data.append([ROW.get(c.field, "") for c in COLUMNS[:-1]] + [""])  # 备注 blank
    notes = wb.create_sheet("说明")
    notes.append(["x"] * len(COLUMNS))
    notes.append(["=1+1"] * len(COLUMNS))  # the same place as 汇总表's blank 备注
    wb.save(tmp_path / "t.xlsx")
    preview = read_table(tmp_path / "t.xlsx", 2022)
    assert not preview.errors and len(preview.records) == 1


@pytest.mark.skipif(libreoffice.missing() is not None, reason=str(libreoffice.missing()))
def test_a_template_filled_in_libreoffice_reads_its_saved_formula_values(tmp_path):
    """Calc saves each formula with its value: a 序号 typed as =ROW()-2 is read, nothing refused."""
    from boostdesk.io.template import write_template
    from boostdesk.models.records import PATENT

    template = write_template(tmp_path / "blank.xlsx", PATENT, 2022)
    filled = tmp_path / "filled-by-calc.xlsx"
    assert libreoffice.fill("table", template, filled, tmp_path) == 2
    assert all(not e.bare_formulas for e in archive.check_archive(filled))
    preview = read_table(filled, 2022)
    assert not preview.errors and not preview.warnings
    assert [(r.seq, r.inventor_name, r.grant_date.isoformat()) for r in preview.records] == [
        (1, "曹嘉怡", "2021-07-27"), (2, "武喆", "2021-03-05")]


def test_a_table_of_too_many_such_formulas_is_refused_whole(tmp_path, monkeypatch):
    """Past the cap (100,000 cells; 3 here) the cells are not listed one by one: the file
    is refused with what to do, and none of it is read as blank."""
    monkeypatch.setattr(archive, "MAX_BARE_FORMULAS", 3)
    rows = [{**ROW, "inventor_name": '="张三"', "title": '="一种装置"'} for _ in range(2)]
    with pytest.raises(ImportFailed) as failed:
        read_table(table(tmp_path / "t.xlsx", rows), 2022)
    assert "超过 3 个没有计算结果的公式" in failed.value.message


def test_cells_showing_a_formula_error_are_refused_not_read_as_blank(tmp_path):
    """#N/A from a VLOOKUP of the ID, #REF! where a column was deleted: calamine reads an
    error as blank, and the row was stored without its union or ID (待补, the cause never
    said). Each is refused by row and column with the error shown; in a row with nothing
    else (the lookup dragged down the template) it is no row."""
    import openpyxl
    from fixtures.summary_sheets import INVENTION_2, PATENT_HEADERS, patent_row

    from boostdesk.io.importer import read_table

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (PATENT_HEADERS, patent_row(), patent_row(专利号=INVENTION_2)):
        ws.append(row)
    for ref, error in (("B3", "#REF!"), ("H3", "#N/A"), ("H4", "#N/A"), ("H5", "#N/A")):
        ws[ref].value, ws[ref].data_type = error, "e"
    path = tmp_path / "errors.xlsx"
    wb.save(path)
    preview = read_table(path, 2022)
    assert preview.rows == [2]
    assert [(e.row, e.column) for e in preview.errors] == [(3, "推荐单位"), (3, "身份证号")]
    assert "#REF!" in preview.errors[0].message and "#N/A" in preview.errors[1].message


def test_a_total_row_of_sums_without_values_is_skipped_as_a_total(tmp_path):
    """合计 over =SUM() cells a program wrote (no values): each sum was refused as a
    formula without a value, and with it the table."""
    from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet

    from boostdesk.io.importer import read_table

    total = [None] * len(PROJECT_HEADERS)
    total[0] = "合计"
    total[PROJECT_HEADERS.index("项目总投入（万元）")] = "=SUM(J2:J2)"
    total[PROJECT_HEADERS.index("申请助推金额（万元）")] = "=SUM(K2:K2)"
    path = write_sheet(tmp_path / "sums.xlsx", [PROJECT_HEADERS, project_row(), total])
    preview = read_table(path, 2022)
    assert preview.errors == [] and preview.rows == [2]
