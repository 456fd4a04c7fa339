"""The morning the unions' tables arrive: a folder of them imported in one go, each file all
or nothing on its own, with a list of what became of each, and run again without doubling."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from fixtures.summary_sheets import (
    PATENT_HEADERS,
    PROJECT_HEADERS,
    card,
    patent_no,
    patent_row,
    project_row,
    resident_id,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.models import Register


def patents(union: str, first: int, n: int) -> list[list[object]]:
    """``n`` good rows of ``union``, numbers made from ``first`` (unique across tables)."""
    return [patent_row(序号=i + 1, 推荐单位=union, 专利名称=f"一种检测装置{first + i}",
                       专利号=patent_no(f"2020101{first + i:05d}"),
                       第一发明人=f"张{'一二三四五六七八九'[i]}",
                       身份证号=resident_id(f"110105198001{first % 28 + 1:02d}{i:03d}"),
                       工会会员互助服务卡号=card(f"62170000{first:05d}{i:02d}"))
            for i in range(n)]


def morning(folder: Path) -> Path:
    """Six tables as they come: clean ones, one with a bad row, a project table, a copy of
    another union's forwarded by mistake, and Excel's lock file beside an open one."""
    folder.mkdir()
    write_sheet(folder / "01-海淀.xlsx", [PATENT_HEADERS, *patents("北京市海淀区总工会", 100, 3)])
    write_sheet(folder / "02-朝阳.xlsx", [PATENT_HEADERS, *patents("北京市朝阳区总工会", 200, 2)])
    bad = patents("北京市丰台区总工会", 300, 3)
    bad[1][PATENT_HEADERS.index("授权公告日")] = "2021年13月"
    write_sheet(folder / "03-丰台.xlsx", [PATENT_HEADERS, *bad])
    write_sheet(folder / "04-大兴项目.xlsx", [PROJECT_HEADERS, project_row(推荐单位="北京市大兴区总工会")])
    write_sheet(folder / "05-北京市教育工会.xlsx", [PATENT_HEADERS, *patents("北京市教育工会", 500, 2)])
    shutil.copy(folder / "02-朝阳.xlsx", folder / "06-房山转来.xlsx")
    (folder / "~$01-海淀.xlsx").write_bytes(b"lock")
    return folder


def test_a_folder_of_tables_is_imported_file_by_file_with_a_list_at_the_end(tmp_path, capsys):
    db = tmp_path / "r.db"
    folder = morning(tmp_path / "收件")
    assert main(["--db", str(db), "--operator", "王芳", "import", str(folder)]) == 1
    out = capsys.readouterr().out
    with Register.open(db, operator="t") as reg:
        unions = {a.unit_name for a in reg.patents()}
        assert len(reg.patents()) == 3 + 2 + 2  # 丰台's table refused whole; the copy not again
        assert len(reg.projects()) == 1
        assert "北京市丰台区总工会" not in unions
        files = [json.loads(after)["file"] for (after,) in reg.conn.execute(
            "SELECT after FROM audit_events WHERE action = 'import' ORDER BY id")]
    assert files == ["01-海淀.xlsx", "02-朝阳.xlsx", "04-大兴项目.xlsx", "05-北京市教育工会.xlsx"]
    summary = out[out.index("  1. "):]
    assert "✓ 01-海淀.xlsx：已导入，导入 3 行；专利汇总表（附件2）；北京市海淀区总工会" in summary
    assert "✗ 03-丰台.xlsx：未导入（有 1 行无法读取" in summary
    assert "✓ 04-大兴项目.xlsx：已导入，导入 1 行；项目汇总表（附件4）" in summary
    assert "06-房山转来.xlsx：此前已导入" in summary
    assert "内容与当时导入的“02-朝阳.xlsx”完全相同" in out
    assert "~$" not in out  # Excel's lock file is no table
    assert "共 6 个文件：导入 4 个（8 行），此前已导入 1 个，未导入 1 个" in summary
    assert "北京市教育工会（" in summary  # a new union named, its kind to check
    # one backup before the morning's files, not one a file
    assert len(list((tmp_path / "backups").glob("r-*-import.zip"))) == 1


def test_the_folder_imported_again_after_a_correction_doubles_nothing(tmp_path, capsys):
    db = tmp_path / "r.db"
    folder = morning(tmp_path / "收件")
    main(["--db", str(db), "import", str(folder)])
    fixed = patents("北京市丰台区总工会", 300, 3)  # 丰台 sends its table corrected
    write_sheet(folder / "03-丰台.xlsx", [PATENT_HEADERS, *fixed])
    capsys.readouterr()
    assert main(["--db", str(db), "import", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "共 6 个文件：导入 1 个（3 行），此前已导入 5 个" in out
    with Register.open(db, operator="t") as reg:
        assert len(reg.patents()) == 3 + 2 + 3 + 2
        assert len(reg.projects()) == 1


def test_several_files_named_on_the_command_line(tmp_path, capsys):
    db = tmp_path / "r.db"
    folder = morning(tmp_path / "收件")
    assert main(["--db", str(db), "import", str(folder / "01-海淀.xlsx"),
                 str(folder / "04-大兴项目.xlsx")]) == 0
    assert "共 2 个文件：导入 2 个（4 行）" in capsys.readouterr().out


def test_one_table_imported_twice_says_when_it_was(tmp_path, capsys):
    db = tmp_path / "r.db"
    path = write_sheet(tmp_path / "海淀.xlsx", [PATENT_HEADERS, *patents("北京市海淀区总工会", 100, 2)])
    assert main(["--db", str(db), "--operator", "王芳", "import", str(path)]) == 0
    # its rows the registered papers as it gives them: nothing to do, no error (F6)
    assert main(["--db", str(db), "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"此文件已于 {date.today():%Y-%m-%d}" in out and "由 王芳 导入" in out
    assert "已登记（与表中相同）全部 2 行" in out


def test_an_empty_folder_is_said_to_be_empty(tmp_path, capsys):
    (tmp_path / "空").mkdir()
    assert main(["--db", str(tmp_path / "r.db"), "import", str(tmp_path / "空")]) == 1
    assert "没有汇总表" in capsys.readouterr().err


def test_a_new_city_unions_kind_is_guessed_as_the_office_files_it(tmp_path, capsys):
    """北京市教育工会 is an industry union and a 委员会's union a 局's: both were filed 直属基层."""
    db = tmp_path / "r.db"
    folder = tmp_path / "收件"
    folder.mkdir()
    for n, union in enumerate(("北京市教育工会", "北京市交通委员会工会", "北京电子城直属企业联合工会")):
        write_sheet(folder / f"{n}.xlsx", [PATENT_HEADERS, *patents(union, 100 * (n + 1), 1)])
    assert main(["--db", str(db), "import", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "北京市教育工会（产业）、北京市交通委员会工会（局）、北京电子城直属企业联合工会（直属基层）" in out


def test_a_table_sent_again_names_at_most_twenty_registered_applications_it_lacks(
        tmp_path, capsys):
    """A union of thousands of applications: a table lacking many named every one as
    perhaps withdrawn, a thousand lines the clerk could not read. One heading with the
    count, at most twenty listed under it."""
    db = tmp_path / "r.db"
    union = "北京市海淀区总工会"
    first = write_sheet(tmp_path / "海淀.xlsx", [PATENT_HEADERS, *(
        row for n in range(100, 700, 100) for row in patents(union, n, 9))])
    assert main(["--db", str(db), "import", str(first)]) == 0
    # the union's whole table again (27 of its 54 papers), with one new paper
    again = write_sheet(tmp_path / "海淀再报.xlsx", [PATENT_HEADERS, *(
        row for n in (100, 200, 300) for row in patents(union, n, 9)), *patents(union, 700, 1)])
    capsys.readouterr()
    assert main(["--db", str(db), "import", str(again), "--skip-bad-rows"]) == 0
    err = capsys.readouterr().err
    assert err.count("不在本表中") == 1
    assert "另有 27 项申报不在本表中（本表列出其已登记的 27 项）" in err
    assert len([line for line in err.splitlines() if line.startswith("  专利")]) == 20
    assert "  ……另有 7 项未逐一列出" in err


def test_a_correction_table_names_none_of_the_unions_other_papers(tmp_path, capsys):
    """A one-row correction table named each of the union's twenty other papers as
    perhaps withdrawn: it lists one paper on purpose."""
    db = tmp_path / "r.db"
    union = "北京市海淀区总工会"
    first = write_sheet(tmp_path / "海淀.xlsx", [PATENT_HEADERS, *patents(union, 100, 9),
                                                *patents(union, 200, 9)])
    assert main(["--db", str(db), "import", str(first)]) == 0
    fix = write_sheet(tmp_path / "海淀更正.xlsx", [PATENT_HEADERS, *patents(union, 100, 1),
                                                 *patents(union, 400, 1)])
    capsys.readouterr()
    assert main(["--db", str(db), "import", str(fix), "--skip-bad-rows"]) == 0
    err = capsys.readouterr().err
    assert "不在本表中" not in err and "boostdesk withdraw" not in err


def test_a_copy_imported_before_in_a_folder_warns_of_nothing(tmp_path, capsys):
    db = tmp_path / "r.db"
    folder = tmp_path / "收件"
    folder.mkdir()
    write_sheet(folder / "1.xlsx", [PATENT_HEADERS, *patents("北京市海淀区总工会", 100, 3)])
    write_sheet(folder / "2.xlsx", [PATENT_HEADERS, *patents("北京市海淀区总工会", 200, 1)])
    shutil.copy(folder / "2.xlsx", folder / "3.xlsx")
    assert main(["--db", str(db), "import", str(folder)]) == 0
    assert "不在本表中" not in capsys.readouterr().err  # 3.xlsx is 2.xlsx again: said so, no more


def test_a_table_is_compared_with_its_own_inventors_titles_not_the_whole_campaigns(
        tmp_path, monkeypatch):
    """At 100,000 applications the comparison normalised every title of the campaign for
    each table: 1.4 s a file, 40 s of a morning's thirty (the window frozen meanwhile)."""
    from boostdesk.io import resend
    from boostdesk.io.import_commit import commit
    from boostdesk.io.importer import read_table

    db = tmp_path / "r.db"
    big = write_sheet(tmp_path / "big.xlsx", [PATENT_HEADERS, *(
        row for n in range(20) for row in patents("北京市海淀区总工会", 1000 + 10 * n, 5))])
    one = write_sheet(tmp_path / "one.xlsx", [PATENT_HEADERS, *patents("北京市朝阳区总工会", 5000, 1)])
    with Register.open(db, operator="t") as reg:
        commit(reg, read_table(big, 2022))
        titles = []
        real = resend._comparable
        monkeypatch.setattr(resend, "_comparable",
                            lambda field, value: titles.append(field) or real(field, value))
        assert resend.compare(reg, read_table(one, 2022)) == {}
        assert titles.count("title") < 10  # its inventor's titles, not the register's 100


def test_a_file_imported_before_without_its_bad_rows_says_so_when_the_folder_is_run_again(
        tmp_path, capsys):
    db = tmp_path / "r.db"
    folder = morning(tmp_path / "收件")
    assert main(["--db", str(db), "import", str(folder / "03-丰台.xlsx"), "--skip-bad-rows"]) == 0
    capsys.readouterr()
    main(["--db", str(db), "import", str(folder)])
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "03-丰台.xlsx：未导入" in x)
    assert "此文件已于" in line and "有 1 行无法读取" in line  # its readable rows are in


def test_a_file_imported_before_without_its_repeated_row_says_so_when_the_folder_is_run_again(
        tmp_path, capsys):
    """A table naming one patent twice, imported with --skip-bad-rows (the repeat left out):
    the folder run again with --skip-bad-rows listed it only as 各行均已登记, not as the file
    imported before (without the option it was said)."""
    db = tmp_path / "r.db"
    folder = tmp_path / "收件"
    folder.mkdir()
    rows = patents("北京市海淀区总工会", 100, 2)
    write_sheet(folder / "海淀.xlsx", [PATENT_HEADERS, *rows, rows[1]])
    assert main(["--db", str(db), "--operator", "王芳", "import", str(folder / "海淀.xlsx"),
                 "--skip-bad-rows"]) == 0
    capsys.readouterr()
    for skip in ([], ["--skip-bad-rows"]):
        assert main(["--db", str(db), "import", str(folder), *skip]) == 1
        out = capsys.readouterr().out
        line = next(x for x in out.splitlines() if "海淀.xlsx：未导入" in x)
        assert "此文件已于" in line and "由 王芳 导入" in line, skip
    assert "各行均已登记" in line


def test_a_folder_for_a_year_not_made_yet_is_refused_in_a_whole_sentence_with_no_backup(
        tmp_path, capsys):
    """「汇总表 收件 (2023)」 into a register without a 2023 plan: the list's line read
    ✗ …xlsx：未导入（的表格标题写的是 2023 年… (its sentence without its start), and the
    refusal made an 导入前 backup, one of the twenty kept pushed out for nothing."""
    db = tmp_path / "r.db"
    Register.open(db).close()
    folder = tmp_path / "汇总表 收件 (2023)"
    folder.mkdir()
    write_sheet(folder / "海淀 2023.xlsx", [["2023年职工创新发明专利助推汇总表"], PATENT_HEADERS,
                                          *patents("北京市海淀区总工会", 100, 2)], merged=("A1:N1",))
    assert main(["--db", str(db), "import", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "✗ 海淀 2023.xlsx：未导入（表格标题写的是 2023 年，登记册中还没有 2023 年度的助推计划" in out
    assert not list((tmp_path / "backups").glob("r-*-import.zip"))


def test_a_folder_imported_again_with_nothing_new_makes_no_backup(tmp_path, capsys):
    """Every file imported before (or refused again): nothing is written, and each run made
    an 导入前 backup all the same."""
    db = tmp_path / "r.db"
    folder = morning(tmp_path / "收件")
    main(["--db", str(db), "import", str(folder)])
    backups = sorted((tmp_path / "backups").glob("r-*-import.zip"))
    assert len(backups) == 1
    for _ in range(2):
        assert main(["--db", str(db), "import", str(folder)]) == 1  # 丰台's bad row again
        assert "导入 0 个（0 行），此前已导入 5 个，未导入 1 个" in capsys.readouterr().out
    assert sorted((tmp_path / "backups").glob("r-*-import.zip")) == backups
