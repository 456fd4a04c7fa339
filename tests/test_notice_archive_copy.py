"""核对意见 exported again for the archive: a 存档副本 keeps the day the letter was sent
(核对日期) and what it told, and its trail line says it is a copy, not another sending."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import openpyxl
import pytest
from test_finance_copy_trail import demo, demo_master  # the demo register, a copy each

from boostdesk.cli import main
from boostdesk.models import Register

__all__ = ["demo", "demo_master"]

SENT = date(2022, 11, 20)


@pytest.fixture
def sent(demo, tmp_path):
    """The demo's 2022 letters, sent on 20 November."""
    from boostdesk.io.findings_notice import current_findings, gather_notices, write_notices

    db = demo
    with Register.open(db, operator="办公室") as reg:
        findings = current_findings(reg, 2022).findings
        notices = gather_notices(reg, 2022, findings=findings, day=SENT)
        (tmp_path / "sent").mkdir()
        write_notices(notices, tmp_path / "sent", record=reg)
        assert notices.notices
    return db


def letter_lines(db, action: str) -> list[dict]:
    conn = sqlite3.connect(db)
    try:
        return [json.loads(r[0]) for r in conn.execute(
            "SELECT after FROM audit_events WHERE action = ? ORDER BY id", (action,))]
    finally:
        conn.close()


def cells(path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c]


def test_an_archive_copy_keeps_the_day_sent_and_is_no_new_sending(sent, tmp_path, capsys):
    told = letter_lines(sent, "export_notices")
    assert len(told) == 1
    unions = told[0]["letters"]
    out = tmp_path / "archive"
    assert main(["export", "notices", "--year", "2022", "--archive-copy", "--db", str(sent),
                 "--out", str(out)]) == 0
    files = sorted(out.iterdir())
    assert len(files) == len(unions) and all(f.name.endswith("-存档副本.xlsx") for f in files)
    for f in files:
        text = "".join(cells(f))
        assert "核对日期：2022年11月20日" in text and "（存档副本）" in text
        assert f"核对日期：{date.today().year}年{date.today().month}月{date.today().day}日" not in text
        assert "本核对意见原件于 2022年11月20日发出" in text
        assert "未存于登记册" not in text  # the letters' 核对意见 are kept now
    # the trail: one copy line, no letter sent again
    assert len(letter_lines(sent, "export_notices")) == 1
    copies = letter_lines(sent, "export_notices_copy")
    assert len(copies) == 1 and set(copies[0]["letters"]) == set(unions)
    assert {x["day"] for x in copies[0]["letters"].values()} == {SENT.isoformat()}
    capsys.readouterr()
    assert main(["audit", "--year", "2022", "--db", str(sent)]) == 0
    trail = capsys.readouterr().out
    assert "导出核对意见存档副本（不是再次告知）" in trail
    assert trail.count("  导出核对意见  ") == 1


def test_a_copy_lists_what_the_letter_told_not_what_the_register_says_now(sent, tmp_path):
    """A paper corrected since the letter is in its copy with the verdict the letter told."""
    with Register.open(sent, operator="办公室") as reg:
        letters = letter_lines(sent, "export_notices")[0]["letters"]
        union, letter = next(iter(letters.items()))
        key = next(iter(letter["told"]))
        stream, _, number = key.partition("-")
        table = "patent_applications" if stream == "patent" else "project_applications"
        with reg.transaction():  # verdict now 合格 (as a correction and F5 would leave it)
            reg.conn.execute(f"UPDATE {table} SET eligible = 1, incomplete = 0,"
                             " findings = '[]' WHERE id = ?", (int(number),))
    out = tmp_path / "archive"
    assert main(["export", "notices", "--year", "2022", "--archive-copy", "--db", str(sent),
                 "--out", str(out)]) == 0
    (path,) = [f for f in out.iterdir() if union in f.name]
    text = cells(path)
    said = {"refused": "不合格", "incomplete": "待补材料"}[letter["told"][key]]
    ref = ("专利" if stream == "patent" else "项目") + number
    row = text[text.index(ref):text.index(ref) + 12]
    assert said in row


def test_a_new_sending_after_a_copy_is_numbered_as_if_no_copy_was_made(sent, tmp_path):
    from boostdesk.io.findings_notice import previous_letters

    with Register.open(sent, operator="办公室") as reg:
        before = previous_letters(reg, 2022)
    assert main(["export", "notices", "--year", "2022", "--archive-copy", "--db", str(sent),
                 "--out", str(tmp_path / "archive")]) == 0
    with Register.open(sent, operator="办公室") as reg:
        assert previous_letters(reg, 2022) == before


def test_a_letter_sent_before_its_opinions_were_kept_says_so_in_its_copy(sent, tmp_path):
    """A letter an older BoostDesk recorded (its 核对意见 not in the trail): the copy gives
    the register's, and says they may differ from the letter's."""
    conn = sqlite3.connect(sent)
    with conn:
        for row_id, after in conn.execute("SELECT id, after FROM audit_events"
                                          " WHERE action = 'export_notices'").fetchall():
            doc = json.loads(after)
            for letter in doc["letters"].values():
                letter.pop("opinions")
            conn.execute("UPDATE audit_events SET after = ? WHERE id = ?",
                         (json.dumps(doc, ensure_ascii=False), row_id))
    conn.close()
    out = tmp_path / "archive"
    assert main(["export", "notices", "--year", "2022", "--archive-copy", "--db", str(sent),
                 "--out", str(out)]) == 0
    assert all("为生成副本时登记册中的核对意见，可能与原件不同" in "".join(cells(f))
               for f in out.iterdir())
