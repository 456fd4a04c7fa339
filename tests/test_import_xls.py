"""Excel 97-2003 .xls summary tables: what calamine does not tell of them (rows and columns the
unit hid, formulas saved as 0 without their result) is read from the file's own records.

The fixtures are a tester's tables saved as .xls by LibreOffice 7.4 (`soffice --headless
--convert-to xls`); xls-text-formulas-saved.xls was worked out (calculateAll) before saving,
xls-password.xls saved with the opening password 123456."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

from boostdesk.io.errors import ImportFailed
from boostdesk.io.importer import read_table
from boostdesk.io.xls_records import _numeric, read_facts

FIXTURES = Path(__file__).parent / "fixtures"
HIDDEN = "行在表中是隐藏的（隐藏或筛选掉的行），默认不导入"  # (set_aside: the clerk decides)
UNSAVED = "是没有计算结果的公式"


@pytest.mark.parametrize(
    ("name", "cells"),
    [
        # =IF(1=1,"是","否") and ="北京某某"&"科技有限公司", read as 0: 所在单位 "0", 是否 as 否
        (
            "xls-text-formulas-unsaved.xls",
            ["所在单位", "是否一线职工", "是否已在生产中应用", "所属领域"],
        ),
        # =B3 under a typed 推荐单位 (a union named "0"), ="一种测试"&"装置15-1" as 专利名称
        ("xls-references-unsaved.xls", ["推荐单位", "专利名称"]),
    ],
)
def test_text_formulas_saved_as_0_are_refused_not_read_as_0(name, cells):
    """LibreOffice's .xls export saves a formula it has not worked out as the number 0, text
    formulas too; Excel and WPS show the text again on opening. Each such cell is refused by
    row and column as an .xlsx's formula without a value is, not stored as 0 or 否."""
    preview = read_table(FIXTURES / name, 2022)
    assert not preview.records
    refused = {message.split("：")[0] for message in map(str, preview.errors)}
    assert all(any(f"第 4 行“{cell}”" in m for m in refused) for cell in cells), refused
    assert all(UNSAVED in str(e) for e in preview.errors)
    assert not any("“序号”" in str(e) or "第 7 行" in str(e) for e in preview.errors)  # 合计


def test_text_formulas_whose_results_were_saved_are_read():
    """The same table worked out before it was saved as .xls holds its texts: read as such."""
    preview = read_table(FIXTURES / "xls-text-formulas-saved.xls", 2022)
    assert not preview.errors
    assert [
        (r.enterprise_name, r.frontline, r.applied_in_production, r.industry)
        for r in preview.records
    ] == [("北京某某科技有限公司", True, True, "人工智能")] * 3


@pytest.mark.parametrize(
    ("tokens", "numeric"),
    [
        (bytes([0x1E, 0, 0]), True),  # =0
        (bytes([0x41, 0x08, 0x00, 0x1E, 0x02, 0x00, 0x04]), True),  # =ROW()-2
        (bytes([0x25, 2, 0, 2, 0, 9, 0xC0, 9, 0xC0, 0x19, 0x10, 0, 0]), True),  # =SUM(J3:J8)
        (bytes([0x24, 2, 0, 15, 0xC0, 0x24, 2, 0, 16, 0xC0, 0x03, 0x15]), True),  # =(P3+Q3)
        (bytes([0x17, 1, 0, 0x61, 0x17, 1, 0, 0x62, 0x08]), False),  # ="a"&"b"
        (bytes([0x24, 2, 0, 1, 0xC0]), False),  # =B3
        # =IF(TRUE,1,0): tBool, tAttrIf, tInt, tAttrGoto, tInt, tAttrGoto, tFuncVar IF
        (bytes.fromhex("1d01 19020400 1e0100 19080300 1e0000 19080300 42030100"), False),
        (bytes([0x18, 0]), False),  # a token it does not know
    ],
)
def test_a_formula_is_numeric_by_its_last_step(tokens, numeric):
    """A 0 saved for a formula whose result is a number by its last step is its result."""
    assert _numeric(tokens) is numeric


@pytest.mark.parametrize(
    ("name", "rows"), [("xls-hidden-rows.xls", "第 5、7 "), ("xls-autofilter.xls", "第 4、6、8 ")]
)
def test_hidden_and_filtered_out_rows_of_an_xls_are_named(name, rows):
    preview = read_table(FIXTURES / name, 2022)
    assert preview.rows == [3, 4, 5, 6, 7, 8]
    assert any(w.startswith(rows + HIDDEN) for w in preview.warnings), preview.warnings
    assert preview.hidden_rows == [int(n) for n in rows[2:-1].split("、")]


def test_of_two_id_columns_of_an_xls_the_one_shown_is_read():
    """The unit hid its old 身份证号 column (H) in front of the corrected one (I)."""
    preview = read_table(FIXTURES / "xls-hidden-old-id-column.xls", 2022)
    assert "“身份证号”有两列：第 H 列是隐藏的，读取未隐藏的第 I 列“身份证号”" in preview.warnings
    assert [r.id_number for r in preview.records] == [
        "110109199506306832",
        "110109196905077041",
        "110107196910016232",
        "110109199109181845",
    ]


def test_a_row_of_no_height_in_an_xls_is_named_as_hidden(tmp_path):
    """A row dragged shut (height 0) is as unseen as a hidden one."""
    data = bytearray((FIXTURES / "xls-text-formulas-saved.xls").read_bytes())
    row_4 = data.find(struct.pack("<HHH", 0x0208, 16, 3))  # the first sheet's ROW record of row 4
    data[row_4 + 10 : row_4 + 12] = bytes(2)  # its height, in twips
    path = tmp_path / "flat.xls"
    path.write_bytes(data)
    preview = read_table(path, 2022)
    assert any(w.startswith("第 4 " + HIDDEN) for w in preview.warnings), preview.warnings
    assert read_facts(path)["专利汇总表"].hidden_rows == {4}


def test_a_row_of_no_height_in_an_xlsx_is_named_as_hidden(tmp_path):
    """ht="0" without hidden="1": the row cannot be seen in Excel, and is said."""
    import zipfile

    source = write_sheet(tmp_path / "source.xlsx", [PATENT_HEADERS, patent_row(), patent_row()])
    path = tmp_path / "flat.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert data.count(b'<row r="3"') == 1
                data = data.replace(b'<row r="3"', b'<row r="3" ht="0" customHeight="1"')
            zout.writestr(item, data)
    preview = read_table(path, 2022)
    assert any(w.startswith("第 3 " + HIDDEN) for w in preview.warnings), preview.warnings


def test_an_xls_with_an_opening_password_is_said_to_have_one():
    with pytest.raises(ImportFailed) as exc:
        read_table(FIXTURES / "xls-password.xls", 2022)
    assert "设置了打开密码" in exc.value.message
    assert read_facts(FIXTURES / "xls-password.xls") == {}  # its records are not read


def test_a_broken_xls_is_refused_as_such(tmp_path):
    path = tmp_path / "broken.xls"
    data = (FIXTURES / "xls-hidden-rows.xls").read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFailed) as exc:
        read_table(path, 2022)
    assert "已损坏或不是 Excel 工作簿" in exc.value.message


# (not the one reaching IV65536: xlrd would build its 16.7 million cells)
OWN_XLS = sorted(p.name for p in FIXTURES.glob("xls-*.xls") if "password" not in p.name)


@pytest.mark.parametrize("name", [*OWN_XLS, "patent-table-calc.xls"])
def test_the_rows_and_columns_found_hidden_are_those_xlrd_finds(name):
    """xlrd's own reading of every row's and column's flags (it builds each cell again, which
    the import does not need) as the check of the records walked here."""
    import xlrd

    book = xlrd.open_workbook(FIXTURES / name, formatting_info=True, on_demand=True)
    facts = read_facts(FIXTURES / name)
    assert set(facts) == set(book.sheet_names())
    for sheet in book.sheets():
        rows = {r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden or not info.height}
        columns = {c + 1 for c, info in sheet.colinfo_map.items() if info.hidden or not info.width}
        assert (facts[sheet.name].hidden_rows, facts[sheet.name].hidden_columns) == (rows, columns)
