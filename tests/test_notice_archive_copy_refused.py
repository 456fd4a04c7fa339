"""A 核对意见's archive copy (存档副本) holds what the letter sent held: its 未能登记的行
sheet, the count of rows the union sent, a blank 序号 named by its row — the rows the
letter listed, also once one of them has been sent again and stored."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import openpyxl
from fixtures.summary_sheets import INVENTION_2, PATENT_HEADERS, patent_row, write_sheet
from test_notice_refused_rows import REFUSED_SHEET, SECOND, _table

from boostdesk.cli import main
from boostdesk.models import Register


def _sent(tmp_path):
    """The 海淀 table imported (two rows refused, one 序号 blank) and its letter sent."""
    db = tmp_path / "x.db"
    assert main(["import", str(_table(tmp_path)), "--db", str(db), "--skip-bad-rows"]) == 0
    with Register.open(db) as reg:  # the intake recorded: the letter is written
        app = reg.patents(2022)[0]
        reg.save_patent(app.__class__(**{**app.__dict__, "materials": {"form": True}}))
    assert main(["export", "notices", "--db", str(db), "--out", str(tmp_path / "sent")]) == 0
    return db


def _sheets(folder):
    [path] = folder.iterdir()
    wb = openpyxl.load_workbook(path)
    return {ws.title.replace("（存档副本）", ""): [
        [str(c).replace("（存档副本）", "") for c in row if c is not None]
        for row in ws.iter_rows(values_only=True)] for ws in wb}


def _copy(db, tmp_path):
    out = tmp_path / "copy"
    assert main(["export", "notices", "--db", str(db), "--archive-copy", "--out", str(out)]) == 0
    return _sheets(out)


def test_the_copy_has_the_letters_sheets_and_the_rows_it_listed(tmp_path, capsys):
    db = _sent(tmp_path)
    letter = _sheets(tmp_path / "sent")
    # row 2 sent again corrected and stored: no longer refused, yet the letter listed it
    again = write_sheet(tmp_path / "海淀 改.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=2, 第一发明人="乙", 专利号=INVENTION_2, 授权公告日=date(2021, 3, 5),
                   **SECOND)])
    assert main(["import", str(again), "--db", str(db)]) == 0
    copy = _copy(db, tmp_path)
    assert list(copy) == list(letter) == ["发明专利助推", REFUSED_SHEET]
    assert copy[REFUSED_SHEET][2:-1] == letter[REFUSED_SHEET][2:-1]  # the rows, as sent
    assert [r[:3] for r in copy[REFUSED_SHEET][3:-2]] == [["2", "第 4 行", "乙"],
                                                          ["3", "第 5 行", "丙"]]
    said = copy["发明专利助推"][1][0]
    assert "报送 4 项，其中 2 项未能登记（见“未能登记的行”页），登记 2 项：" in said
    # the paper whose 序号 was blank is named by its row, as in the letter
    assert [r for r in copy["发明专利助推"] if "丁" in r][0][0] == "第 6 行"
    # what differs: the title and the note say it is a copy
    assert letter["发明专利助推"][0] == copy["发明专利助推"][0]
    assert "存档副本：本核对意见原件于" in copy["发明专利助推"][-1][0]
    assert "未能登记的行”原件未存于登记册" not in copy["发明专利助推"][-1][0]


def test_a_letter_whose_line_kept_no_refused_rows_lists_those_still_refused(tmp_path, capsys):
    """A letter sent by 0.20.0 (its line keeps no 未能登记的行): the copy lists the rows of
    the imports before it that are not stored yet, and says they may differ."""
    db = _sent(tmp_path)
    conn = sqlite3.connect(db)
    with conn:
        for line, after in conn.execute("SELECT id, after FROM audit_events"
                                        " WHERE action = 'export_notices'").fetchall():
            doc = json.loads(after)
            for kept in doc["letters"].values():
                del kept["refused"], kept["received"]
            conn.execute("UPDATE audit_events SET after = ? WHERE id = ?",
                         (json.dumps(doc, ensure_ascii=False), line))
    conn.close()
    late = write_sheet(tmp_path / "海淀 补.xlsx", [  # after the letter: not in its copy
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=9, 第一发明人="戊", 授权公告日="前年")])
    assert main(["import", str(late), "--db", str(db), "--skip-bad-rows"]) == 1  # kept
    copy = _copy(db, tmp_path)
    assert [r[:3] for r in copy[REFUSED_SHEET][3:-2]] == [["2", "第 4 行", "乙"],
                                                          ["3", "第 5 行", "丙"]]
    assert "“未能登记的行”原件未存于登记册" in copy["发明专利助推"][-1][0]
