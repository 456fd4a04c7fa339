"""A union's corrected table sent again without the rows it withdrew, while the union has
other registered papers (another table of its own, papers typed at the desk): the papers
the earlier table brought that this one no longer lists are named with the way to withdraw
them, on the command line and in 导入汇总表; nothing is withdrawn by the import."""

from __future__ import annotations

from fixtures.summary_sheets import (
    PATENT_HEADERS,
    card,
    patent_no,
    patent_row,
    resident_id,
    write_sheet,
)
from test_ui_import import open_dialog, read
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.cli import main
from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.models import Register

__all__ = ["answers", "ctx", "qsettings", "window"]

UNION = "北京市朝阳区总工会"


def patents(first: int, n: int) -> list[list[object]]:
    """``n`` good rows of the union, numbers made from ``first``."""
    return [patent_row(序号=i + 1, 推荐单位=UNION, 专利名称=f"一种测试装置{first + i}",
                       专利号=patent_no(f"2020102{first + i:05d}"),
                       第一发明人=f"李{'一二三四五六七八九'[i]}",
                       身份证号=resident_id(f"110105198002{first % 28 + 1:02d}{i:03d}"),
                       工会会员互助服务卡号=card(f"62170001{first:05d}{i:02d}"))
            for i in range(n)]


def tables(tmp_path):
    """Its first batch (5 papers), its table (6), and that table corrected: rows 3 and 5 gone."""
    batch = write_sheet(tmp_path / "朝阳第一批.xlsx", [PATENT_HEADERS, *patents(100, 5)])
    first = write_sheet(tmp_path / "朝阳汇总表.xlsx", [PATENT_HEADERS, *patents(200, 6)])
    rows = patents(200, 6)
    again = write_sheet(tmp_path / "朝阳汇总表（更正）.xlsx",
                        [PATENT_HEADERS, rows[0], rows[1], rows[3], rows[5]])
    return batch, first, again


def test_a_resent_table_names_the_papers_it_dropped_not_the_unions_others(tmp_path, capsys):
    db = tmp_path / "r.db"
    batch, first, again = tables(tmp_path)
    assert main(["--db", str(db), "import", str(batch)]) == 0
    assert main(["--db", str(db), "import", str(first)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "import", str(again)]) == 0
    out, err = capsys.readouterr()
    assert "没有新的申报" in out and "已登记（与表中相同）全部 4 行" in out
    # 4 of the union's 11: no whole table of the union, but its 朝阳汇总表 sent again
    assert ("“北京市朝阳区总工会”2022 年度另有 2 项申报不在本表中（本表列出其已登记的 4 项；"
            "均由此前导入的“朝阳汇总表.xlsx”登记）") in err
    assert "“改变状态”→“撤回申报（推荐单位来函）”（导入不会删除）" in err
    assert f"boostdesk --db {db} withdraw 登记号" in err, err
    listed = [line.strip() for line in err.splitlines() if line.startswith("  专利")]
    assert len(listed) == 2  # by 登记号, first inventor, number and title
    assert listed[0].startswith("专利8（李三，ZL") and listed[0].endswith("“一种测试装置202”）")
    assert listed[1].startswith("专利10（李五，ZL") and listed[1].endswith("“一种测试装置204”）")
    assert "一种测试装置10" not in err  # the first batch is not this table's
    with Register.open(db) as reg:  # named, never withdrawn
        assert {a.status for a in reg.patents(2022)} == {"registered"} and len(reg.patents(2022)) == 11


def test_a_folder_of_tables_names_them_too(tmp_path, capsys):
    db = tmp_path / "r.db"
    batch, first, again = tables(tmp_path)
    assert main(["--db", str(db), "import", str(batch), str(first)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "import", str(batch), str(again)]) == 0
    err = capsys.readouterr().err
    assert err.count("不在本表中") == 1 and "“一种测试装置202”" in err  # the batch: a copy, no more


def test_the_import_dialog_names_the_dropped_papers(window, qtbot, reg, answers, tmp_path):
    batch, first, again = tables(tmp_path)
    commit(reg, read_table(batch, 2022))
    commit(reg, read_table(first, 2022))
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, again)
    summary = dialog.summary.text()
    assert "另有 2 项申报不在本表中（本表列出其已登记的 4 项；均由此前导入的“朝阳汇总表.xlsx”登记）" in summary
    assert "“改变状态”→“撤回申报（推荐单位来函）”" in summary
    dialog._toggle_missing()
    assert "一种测试装置202" in dialog.summary.text() and "一种测试装置204" in dialog.summary.text()
    problems = dialog.problem_text()  # to the union: whether withdrawn, no clerk's steps
    assert "一种测试装置202”）不在本表中：如已撤回，请来函说明；如仍申报，请补入表中" in problems
    assert "改变状态" not in problems
