"""A table refused for an unreadable row: the refusal lists too the readable rows that would
be 不合格 once imported, as the window's preview does (导入后资格), so the union corrects
everything in one go (the tester's union_bad.xlsx: row 11 granted 2020-06-01 went unsaid)."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import (
    ID_2,
    INVENTION_2,
    PATENT_HEADERS,
    patent_no,
    patent_row,
    resident_id,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.models import Register


def test_the_refusal_of_an_unreadable_row_lists_the_rows_that_would_be_refused(tmp_path, capsys):
    sheet = write_sheet(tmp_path / "石景山区.xlsx", [
        PATENT_HEADERS,
        patent_row(序号=1),
        patent_row(序号=2, 专利号=INVENTION_2, 第一发明人="李四", 身份证号=ID_2,
                   授权公告日=date(2020, 6, 1)),
        patent_row(序号=3, 专利号="一种冶金余热回收装置7", 第一发明人="",
                   身份证号=resident_id("11010519800101003")),
        patent_row(序号=4, 专利号=patent_no("202110777777"), 第一发明人="王五",
                   身份证号=resident_id("11010519800101004")),
    ])
    db = tmp_path / "r.db"
    assert main(["import", str(sheet), "--db", str(db), "--year", "2022"]) != 0
    err = capsys.readouterr().err
    assert "第 4 行“专利号”" in err and "未导入任何数据" in err
    assert "另有 1 行可以读取，但导入后将核对为不合格（可一并改正）：" in err
    assert "  第 3 行（李四）：授权公告日 2020-06-01 不在 2021-01-01 至 2021-12-31 期间" in err
    assert "第 2 行（张三）" not in err and "（王五）" not in err  # 合格 rows: not listed
    with Register.open(db) as reg:  # the verdicts judged, nothing kept
        assert reg.patents(2022) == []
