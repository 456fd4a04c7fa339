"""Rows a union's table sets apart from its list — a second table under the main one (附：本单位
撤回的申报 and a header of its own), rows it hid — read and marked, not imported unless the
clerk says so; a header pasted again among the rows still just skipped."""

from __future__ import annotations

import openpyxl
from fixtures.summary_sheets import (
    ID_2,
    INVENTION,
    INVENTION_2,
    PATENT_HEADERS,
    ZERO,
    counts,
    patent_no,
    patent_row,
    resident_id,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.io.importer import read_table
from boostdesk.io.set_aside import HIDDEN, OTHER_TABLE
from boostdesk.models import Register

TITLE = ["2022年职工创新发明专利助推汇总表"]
THIRD, FOURTH = patent_no("202110000003"), patent_no("202110000004")
ID_3, ID_4 = resident_id("11010119700101003"), resident_id("11010119750101004")


def _main_table() -> list[list[object]]:
    """The union's table: its title, header and two papers (序号 1 and 2)."""
    return [TITLE, PATENT_HEADERS, patent_row(),
            patent_row(序号=2, 专利号=INVENTION_2, 第一发明人="李四", 身份证号=ID_2)]


def withdrawn_below(tmp_path, above: list[object] | None = None):
    """File 06: two papers, a blank row, 附：本单位撤回的申报, its header, two papers."""
    line = above if above is not None else ["附：本单位撤回的申报"]
    return write_sheet(
        tmp_path / "06.xlsx",
        [
            *_main_table(),
            [None],
            line,
            PATENT_HEADERS,
            patent_row(专利号=THIRD, 第一发明人="王五", 身份证号="", 工会会员互助服务卡号=""),
            patent_row(
                序号=2, 专利号=FOURTH, 第一发明人="赵六", 身份证号="", 工会会员互助服务卡号=""
            ),
        ],
    )


def test_a_header_pasted_again_among_the_rows_is_skipped_and_its_rows_read(tmp_path):
    """A table pasted twice (a page's header with its rows), a blank row or not between:
    one table, the header said and skipped, every row read — nothing set apart."""
    for gap in ([], [[None]]):
        path = write_sheet(
            tmp_path / "twice.xlsx",
            [
                TITLE,
                PATENT_HEADERS,
                patent_row(),
                *gap,
                PATENT_HEADERS,
                patent_row(序号=2, 专利号=INVENTION_2, 第一发明人="李四", 身份证号=ID_2),
            ],
        )
        preview = read_table(path, 2022)
        header = 4 + len(gap)
        assert preview.rows == [3, header + 1] and not preview.errors
        assert preview.warnings == [f"第 {header} 行是重复的表头，已跳过"]
        assert preview.set_aside == {}


def test_a_header_again_under_a_note_before_any_row_begins_the_table(tmp_path):
    """The template's header, its 填表说明 under it, then the union's own header and rows:
    no row was read above, so no other table — the rows are the table's."""
    path = write_sheet(
        tmp_path / "own-header.xlsx",
        [TITLE, PATENT_HEADERS, ["填表说明：身份证号请填18位"], PATENT_HEADERS, patent_row()],
    )
    preview = read_table(path, 2022)
    assert preview.rows == [5] and preview.set_aside == {}


def test_a_second_table_under_a_title_line_is_set_apart_naming_the_line(tmp_path):
    """File 06: only 第 9 行是重复的表头 was said; the withdrawn papers were stored as new
    ones (序号 1 and 2 again)."""
    preview = read_table(withdrawn_below(tmp_path), 2022)
    assert preview.rows == [3, 4, 8, 9]  # read, to be shown
    assert sorted(preview.set_aside) == [8, 9]
    said = preview.set_aside[8]
    assert said.kind == OTHER_TABLE
    assert said.why.startswith("在第 6 行“附：本单位撤回的申报”及第 7 行的表头之下")
    [warning] = preview.warnings
    assert warning.startswith(
        "第 7 行又是一个表头，其上第 6 行写着“附：本单位撤回的申报”，其下第 8–9 行"
        "（2 行）是主表下面另一张表的行，可能不是本表的申报（如撤回的申报），默认不导入"
    )
    # any line that is no data row above the header: a total, a note
    preview = read_table(withdrawn_below(tmp_path, ["合计", None, None, "2项"]), 2022)
    assert sorted(preview.set_aside) == [8, 9] and "“合计”" in preview.set_aside[8].why


def paged(tmp_path, *between: list[object], seq: int = 3):
    """A table printed over pages (the tester's files 31, 31b, 31c): page 1's two papers,
    the lines ``between``, the header again, page 2's two papers numbered from ``seq``."""
    return write_sheet(
        tmp_path / "paged.xlsx",
        [
            *_main_table(),
            *between,
            PATENT_HEADERS,
            patent_row(序号=seq, 专利号=THIRD, 第一发明人="王五", 身份证号=ID_3),
            patent_row(序号=seq + 1, 专利号=FOURTH, 第一发明人="赵六", 身份证号=ID_4),
        ],
    )


def test_a_table_printed_over_pages_is_one_table(tmp_path):
    """小计, the table's title again, a page number, or 合计 with the 序号 carrying on, then
    the header: a page break, the header skipped and said, page 2's rows the table's (they
    were set apart as another table's, and 跳过标出的行 dropped three real papers)."""
    for between, said in [
        ([["小计", None, None, "2项"], TITLE], "其上第 6 行是本表的标题"),
        ([["小计", None, None, "2项"]], "其上第 5 行是“小计”"),
        ([[None], ["第 1 页，共 2 页"]], "其上第 6 行是“第 1 页，共 2 页”"),
        ([[None, None, None, "第 1 页，共 2 页"]], "其上第 5 行是“第1页，共2页”"),
        ([["合计", None, None, "2项"]], "其上第 5 行是“合计”，下面的序号接续上面"),
        (
            [
                ["本页小计", None, None, "2项"],
                ["- 1 -"],
                ["2022年职工创新发明专利助推汇总表（续）"],
            ],
            "其上第 7 行是本表的标题",
        ),
    ]:
        path = paged(tmp_path, *between)
        preview = read_table(path, 2022)
        header = 5 + len(between)
        assert preview.rows == [3, 4, header + 1, header + 2], between
        assert preview.set_aside == {} and not preview.errors, between
        assert (
            f"第 {header} 行是重复的表头（{said}，是分页后的同一张表），已跳过" in preview.warnings
        ), preview.warnings


def test_other_words_before_a_header_open_another_table_whatever_the_numbers(tmp_path):
    """附：… (or 以下为撤回的申报) names a table of its own, 序号 carrying on or not; 合计
    with the numbers begun again closes the table: what follows is another's."""
    for between, seq in [
        ([["附：本单位撤回的申报"]], 3),
        ([["小计", None, None, "2项"], ["以下为撤回的申报"]], 3),
        ([["合计", None, None, "2项"]], 1),
    ]:
        preview = read_table(paged(tmp_path, *between, seq=seq), 2022)
        header = 5 + len(between)
        assert sorted(preview.set_aside) == [header + 1, header + 2], between


def test_the_command_imports_every_page_of_a_paged_table(tmp_path, capsys):
    """--skip-bad-rows dropped page 2 and the union's letter said 报送 2 项: now nothing is
    marked, the plain import takes all four."""
    path = paged(tmp_path, ["小计", None, None, "2项"], TITLE)
    db = str(tmp_path / "x.db")
    assert main(["import", str(path), "--db", db]) == 0
    assert "另一张表" not in capsys.readouterr().err
    with Register.open(db) as reg:
        assert len(reg.patents(2022)) == 4


def test_the_command_imports_none_of_a_second_table_unless_told(tmp_path, capsys):
    path = withdrawn_below(tmp_path)
    db = str(tmp_path / "x.db")
    assert main(["import", str(path), "--db", db]) == 1  # all or nothing: she decides
    err = capsys.readouterr().err
    assert "06.xlsx 中有 2 行是表中标出的行（主表下面另一张表的行），未导入任何一行" in err
    assert "  第 8 行（另一张表的行）：在第 6 行“附：本单位撤回的申报”及第 7 行的表头之下" in err
    assert (
        "不报的，加 --skip-bad-rows 跳过这些行、导入其余各行；确是本表申报的，加 --import-set-aside"
        in err
    )
    with Register.open(db) as reg:
        assert counts(reg) == ZERO
    assert main(["import", str(path), "--db", db, "--skip-bad-rows"]) == 0
    err = capsys.readouterr().err
    assert "跳过表中标出的 2 行" in err and "  第 9 行（另一张表的行）" in err
    with Register.open(db) as reg:
        assert sorted(a.patent_number for a in reg.patents(2022)) == sorted(
            [INVENTION, INVENTION_2]
        )
    other = str(tmp_path / "y.db")
    assert main(["import", str(path), "--db", other, "--import-set-aside"]) == 0
    with Register.open(other) as reg:
        assert len(reg.patents(2022)) == 4


def hidden_table(tmp_path, rows: int = 1):
    """Two papers, the last ``rows`` of them hidden."""
    path = write_sheet(
        tmp_path / "hidden.xlsx",
        [
            *_main_table(),
        ],
    )
    wb = openpyxl.load_workbook(path)
    for row in range(5 - rows, 5):
        wb.active.row_dimensions[row].hidden = True
    wb.save(path)
    return path


def test_hidden_rows_are_skipped_with_skip_bad_rows_or_taken_when_told(tmp_path, capsys):
    """The command imported them anyway (exit 0), advising to delete them and import again."""
    path = hidden_table(tmp_path, rows=1)
    preview = read_table(path, 2022)
    assert preview.set_aside[4].kind == HIDDEN and list(preview.set_aside) == [4]
    db = str(tmp_path / "x.db")
    assert main(["import", str(path), "--db", db]) == 1
    err = capsys.readouterr().err
    assert (
        "提示：第 4 行在表中是隐藏的（隐藏或筛选掉的行），默认不导入；不报的，加 --skip-bad-rows"
        in err
    )
    assert "有 1 行是表中标出的行（隐藏的行），未导入任何一行" in err
    assert "请在表中删除后重新导入" not in err
    with Register.open(db) as reg:
        assert counts(reg) == ZERO
    assert main(["import", str(path), "--db", db, "--skip-bad-rows"]) == 0
    assert "跳过表中标出的 1 行" in capsys.readouterr().err
    with Register.open(db) as reg:
        assert [a.patent_number for a in reg.patents(2022)] == [INVENTION]
    assert main(["import", str(path), "--db", db, "--import-set-aside"]) == 0  # 李四's too
    with Register.open(db) as reg:
        assert len(reg.patents(2022)) == 2


def test_a_table_of_only_hidden_rows_says_so(tmp_path, capsys):
    path = hidden_table(tmp_path, rows=2)
    db = str(tmp_path / "x.db")
    assert main(["import", str(path), "--db", db, "--skip-bad-rows"]) == 1
    err = capsys.readouterr().err
    assert (
        "没有可导入的行，未导入任何数据：2 行是表中标出的行" in err and "--import-set-aside" in err
    )


def test_a_registered_paper_in_the_withdrawn_list_is_named_with_how_to_withdraw_it(
    tmp_path, capsys
):
    """The union's 附：本单位撤回的申报 lists a paper its first table registered: the row
    names it and the way to withdraw it; the import neither stores nor withdraws it."""
    db = str(tmp_path / "x.db")
    first = write_sheet(tmp_path / "first.xlsx", [TITLE, PATENT_HEADERS, patent_row()])
    assert main(["import", str(first), "--db", db]) == 0
    path = write_sheet(
        tmp_path / "again.xlsx",
        [
            TITLE,
            PATENT_HEADERS,
            patent_row(序号=2, 专利号=INVENTION_2, 第一发明人="李四", 身份证号=ID_2),
            ["附：本单位撤回的申报"],
            PATENT_HEADERS,
            patent_row(),
        ],
    )
    capsys.readouterr()
    assert main(["import", str(path), "--db", db]) == 1
    err = capsys.readouterr().err
    assert (
        "  第 6 行（另一张表的行）：在第 4 行“附：本单位撤回的申报”及第 5 行的表头之下，是主表下面另一张表的行："
        "请核对是否本表的申报；专利 ZL" in err
    )
    assert (
        f"已登记（2022 年度，专利1）：如推荐单位撤回该申报，请凭来函用 boostdesk --db {db} withdraw 专利1 "
        "--date 来函日期" in err
    )
    assert main(["import", str(path), "--db", db, "--skip-bad-rows"]) == 0
    with Register.open(db) as reg:
        papers = reg.patents(2022)
        assert len(papers) == 2 and {p.status for p in papers} == {"registered"}


def test_a_second_tables_rows_taken_are_named_by_their_row_too_in_the_letter(tmp_path):
    """--import-set-aside on 附：本单位撤回的申报 numbered 1, 2 again: the letter listed 序号 1
    twice (专利1 and 专利3), and 2 twice, and the union could not tell which was which. Each
    序号 two rows share is said with its row; a 序号 only one row has stays as it was."""
    path = write_sheet(
        tmp_path / "06.xlsx",
        [
            *_main_table(),
            patent_row(
                序号=3,
                专利号=patent_no("202110000005"),
                第一发明人="钱七",
                身份证号=resident_id("11010119800101005"),
            ),
            ["附：本单位撤回的申报"],
            PATENT_HEADERS,
            patent_row(序号=1, 专利号=THIRD, 第一发明人="王五", 身份证号=ID_3),
            patent_row(序号=2, 专利号=FOURTH, 第一发明人="赵六", 身份证号=ID_4),
        ],
    )
    db = str(tmp_path / "x.db")
    assert main(["import", str(path), "--db", db, "--import-set-aside"]) == 0
    out = tmp_path / "letters"
    assert (
        main(
            [
                "export",
                "notices",
                "--db",
                db,
                "--out",
                str(out),
                "--materials-unticked",
                "--union",
                "北京市海淀区总工会",
            ]
        )
        == 0
    )
    [letter] = out.iterdir()
    ws = openpyxl.load_workbook(letter)["发明专利助推"]
    rows = [r for r in ws.iter_rows(values_only=True) if r[1] and str(r[1]).startswith("专利")]
    assert [(r[0], r[2]) for r in rows] == [
        ("1（第 3 行）", "张三"),
        ("1（第 8 行）", "王五"),
        ("2（第 4 行）", "李四"),
        ("2（第 9 行）", "赵六"),
        (3, "钱七"),
    ]
    text = " ".join(str(c) for r in ws.iter_rows(values_only=True) for c in r if c)
    assert "两行序号相同的，并注其行号" in text
