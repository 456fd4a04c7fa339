"""A row typed one or two columns off (推荐单位 left blank and every later value pushed
along): said as a shift, not as a wrong date, a name with digits and a phone that is a card."""

from __future__ import annotations

from fixtures.summary_sheets import ID_1, INVENTION_2, PATENT_HEADERS, patent_row, write_sheet

from boostdesk.cli import main
from boostdesk.io.importer import read_table
from boostdesk.models import plan_2022

BAD_ID = ID_1[:-1] + ("0" if ID_1[-1] != "0" else "1")  # its check digit wrong


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


def test_a_refused_row_also_names_what_its_read_cells_would_be_judged_for(tmp_path, capsys):
    """An impossible date and a wrong ID check digit: both said at once, not the ID only
    once the union has fixed the date and sent the table again."""
    path = write_sheet(tmp_path / "two.xlsx", [
        PATENT_HEADERS, patent_row(授权公告日="2021年13月40日", 身份证号=BAD_ID,
                                   是否一线职工="否"),
    ])
    said = [(e.row, e.column, e.message)
            for e in read_table(path, 2022, campaign=plan_2022()).errors]
    assert [c for _r, c, _m in said] == ["授权公告日", "身份证号", "是否一线职工"]  # column order
    assert said[0] == (2, "授权公告日", "“2021年13月40日”：没有 13 月")
    assert said[1][2].startswith(f"身份证号无效：身份证号校验位应为 {ID_1[-1]}，实为 {BAD_ID[-1]}")
    assert said[2][2].startswith("第一发明人不是一线职工")
    assert main(["import", str(path), "--db", str(tmp_path / "x.db")]) == 1
    assert "第 2 行“身份证号”：身份证号无效：身份证号校验位应为" in capsys.readouterr().err
    # without the year's plan: the numbers' checks still
    errors = read_table(path, 2022).errors
    assert [e.column for e in errors] == ["授权公告日", "身份证号"]


def test_a_cell_refused_and_judged_is_said_once(tmp_path):
    """One error a cell: an ID that cannot be read is not also judged."""
    path = write_sheet(tmp_path / "one.xlsx", [
        PATENT_HEADERS, patent_row(授权公告日="2021年13月40日", 身份证号="1.10105E+17"),
        patent_row(序号=2, 专利号=INVENTION_2, 第一发明人="李四", 身份证号=BAD_ID),
    ])
    preview = read_table(path, 2022, campaign=plan_2022())
    assert [(e.row, e.column) for e in preview.errors] == [(2, "授权公告日"), (2, "身份证号")]
    assert preview.rows == [3]  # a read row with a wrong ID is imported, judged later


def test_a_shift_starting_mid_row_is_caught_from_its_column(tmp_path):
    """第一发明人 left blank, 姓名 typed under 身份证号 and every later value one along: said as
    three symptoms (no name, a card under 联系电话, a phone under 是否一线职工), nothing about
    身份证号 holding a name."""
    row = patent_row(序号=2, 专利号=INVENTION_2, 第一发明人="李四")
    at = PATENT_HEADERS.index("第一发明人")
    path = write_sheet(tmp_path / "mid.xlsx", [
        PATENT_HEADERS, patent_row(), [*row[:at], None, *row[at:-1]]])
    preview = read_table(path, 2022)
    assert preview.rows == [2]
    [error] = preview.errors
    assert str(error).startswith(
        "第 3 行：从“第一发明人”起，这一行的内容似乎向右错了一列（第一发明人为空，"
        "身份证号一栏是第一发明人，")


def test_a_left_shift_names_its_start_not_the_blank_it_leaves_at_the_end(tmp_path):
    """序号 left out, every value a column early: it was said 是否已在生产中应用为空 (the blank
    the shift leaves at the row's end, no cause)."""
    left = patent_row(序号=3, 专利号=INVENTION_2, 第一发明人="王五")[1:] + [None]
    path = write_sheet(tmp_path / "left.xlsx", [PATENT_HEADERS, left])
    [error] = read_table(path, 2022).errors
    said = str(error)
    assert said.startswith("第 2 行：整行内容似乎向左错了一列（推荐单位一栏是所在单位，")
    assert "为空" not in said and "像是前面少填了一格" in said


def test_a_row_whose_last_cells_look_shifted_is_read_and_said_to_check(tmp_path, capsys):
    """是否一线职工 blank, 是 under 是否职务发明, 是否已在生产中应用 and 备注: imported with no
    word (是否一线职工 blank, 备注 = 是). Read as typed, but said, on its row too."""
    row = patent_row(序号=2, 专利号=INVENTION_2, 第一发明人="李四")
    at = PATENT_HEADERS.index("是否一线职工")
    path = write_sheet(tmp_path / "end.xlsx", [
        PATENT_HEADERS, patent_row(), [*row[:at], None, *row[at:-1]]])
    preview = read_table(path, 2022)
    assert preview.rows == [2, 3] and not preview.errors
    said = preview.to_check[3]
    assert "“是否一线职工”为空，“备注”填的是“是”" in said and "请核对" in said
    assert 2 not in preview.to_check
    assert any(w.startswith("第 3 行：“是否一线职工”为空") for w in preview.warnings)
    assert main(["import", str(path), "--db", str(tmp_path / "x.db")]) == 0
    assert "第 3 行：“是否一线职工”为空" in capsys.readouterr().err


def test_a_blank_union_is_taken_from_the_tables_one_union_and_said(tmp_path):
    """推荐单位 left blank, nothing shifted: stored with no union (unit_id NULL), in no
    union's 核对意见, and nothing said."""
    above = write_sheet(tmp_path / "above.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], ["填报单位（盖章）：北京市西城区总工会"],
        PATENT_HEADERS, patent_row(推荐单位="北京市西城区总工会"),
        patent_row(推荐单位=None, 专利号=INVENTION_2, 第一发明人="李四")])
    preview = read_table(above, 2022)
    assert [r.unit_name for r in preview.records] == ["北京市西城区总工会"] * 2
    assert "按表头“填报单位”的“北京市西城区总工会”登记" in preview.to_check[5]
    assert any(w.startswith("第 5 行“推荐单位”未填写") for w in preview.warnings)

    others = write_sheet(tmp_path / "others.xlsx", [
        PATENT_HEADERS, patent_row(), patent_row(推荐单位="", 专利号=INVENTION_2, 第一发明人="李四")])
    preview = read_table(others, 2022)
    assert [r.unit_name for r in preview.records] == ["北京市海淀区总工会"] * 2
    assert "按本表其他各行的“北京市海淀区总工会”登记" in preview.to_check[3]


def test_a_blank_union_in_a_table_of_several_unions_refuses_the_row(tmp_path, capsys):
    path = write_sheet(tmp_path / "mixed.xlsx", [
        PATENT_HEADERS, patent_row(),
        patent_row(推荐单位="北京市朝阳区总工会", 专利号=INVENTION_2, 第一发明人="李四"),
        patent_row(推荐单位=None, 专利号="ZL202110999999.X", 第一发明人="王五")])
    preview = read_table(path, 2022)
    assert preview.rows == [2, 3]
    [error] = preview.errors
    assert (error.row, error.column) == (4, "推荐单位")
    assert "没有推荐单位的申报不列入任何单位的核对意见" in error.message
    assert main(["import", str(path), "--db", str(tmp_path / "x.db")]) == 1
    assert "第 4 行“推荐单位”：未填写" in capsys.readouterr().err
