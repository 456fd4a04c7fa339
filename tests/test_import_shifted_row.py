"""A row typed one or two columns off (推荐单位 left blank and every later value pushed
along): said as a shift, not as a wrong date, a name with digits and a phone that is a card."""

from __future__ import annotations

from fixtures.summary_sheets import INVENTION_2, PATENT_HEADERS, patent_row, write_sheet

from boostdesk.cli import main
from boostdesk.io.importer import read_table


def _right(row: list[object], by: int = 1) -> list[object]:
    """The row as a unit typed it with its 推荐单位 cell left out: every value after 序号
    ``by`` columns to the right."""
    return [row[0], *[None] * by, *row[1:]]


def test_a_row_shifted_one_column_right_is_said_as_shifted(tmp_path, capsys):
    path = write_sheet(tmp_path / "shift.xlsx", [
        PATENT_HEADERS, patent_row(),
        _right(patent_row(序号=2, 专利号=INVENTION_2, 第一发明人="李四")),
    ])
    preview = read_table(path, 2022)
    assert preview.rows == [2]
    [error] = preview.errors
    assert str(error) == ("第 3 行：整行内容似乎向右错了一列（推荐单位为空，专利号一栏是专利名称，"
                          "授权公告日一栏是专利号……），请核对后重新填写")
    assert main(["import", str(path), "--db", str(tmp_path / "x.db")]) == 1
    err = capsys.readouterr().err
    assert "第 3 行：整行内容似乎向右错了一列" in err
    assert "无法识别的日期" not in err and "姓名中有数字" not in err  # the shift's symptoms


def test_two_columns_right_and_one_left(tmp_path):
    left = patent_row(序号=3, 专利号=INVENTION_2, 第一发明人="王五")[1:] + [None]
    path = write_sheet(tmp_path / "shift2.xlsx", [
        PATENT_HEADERS, _right(patent_row(第一发明人="李四"), 2), left,
    ])
    preview = read_table(path, 2022)
    said = [str(e) for e in preview.errors]
    assert said[0].startswith("第 2 行：整行内容似乎向右错了两列（推荐单位为空，")
    assert said[1].startswith("第 3 行：整行内容似乎向左错了一列（")
    assert len(said) == 2


def test_a_row_with_one_bad_cell_is_not_called_shifted(tmp_path):
    path = write_sheet(tmp_path / "bad.xlsx", [
        PATENT_HEADERS, patent_row(授权公告日="2021年13月"),
    ])
    [error] = read_table(path, 2022).errors
    assert error.column == "授权公告日"


def test_a_refused_row_also_names_its_blank_required_cells(tmp_path):
    """The unit corrects the row in one go, not once per import."""
    path = write_sheet(tmp_path / "blank.xlsx", [
        PATENT_HEADERS, patent_row(推荐单位="", 授权公告日="2021年13月"),
    ])
    errors = read_table(path, 2022).errors
    assert [(e.column, e.message) for e in errors][0] == ("推荐单位", "未填写：此栏必填，请填写")
    assert [e.column for e in errors] == ["推荐单位", "授权公告日"]  # in column order
