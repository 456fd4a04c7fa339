"""The trail made checkable (the city audit bureau's finding: 只增不改 in words only): each
audit line chained to the one before (migration 30, sealed as its write commits); an
edit, deletion, insertion or operator renamed in SQLite directly is named by `check` and
the year's archive. With it: masked numbers that hide a change said so, and the archive's
own backup name left whole in its trail line."""

from __future__ import annotations

import sqlite3

from test_year_archive import demo, demo_master  # noqa: F401 - its demo register in data/

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.audit_chain import seal, seal_one_by_one, verify
from boostdesk.models.register import migrate
from boostdesk.models.schema import CHAIN_VERSION, SCHEMA_VERSION

__all__ = ["demo", "demo_master"]

YEAR = 2022


def _edit(db, *statements):
    """What someone with DB Browser for SQLite does: no BoostDesk involved."""
    conn = sqlite3.connect(db)
    with conn:
        for sql, *args in statements:
            conn.execute(sql, *args)
    conn.close()


def _report(db):
    conn = sqlite3.connect(db)
    try:
        return verify(conn)
    finally:
        conn.close()


def test_every_line_the_program_writes_is_sealed_and_the_chain_is_whole(demo):
    conn = sqlite3.connect(demo)
    assert conn.execute("SELECT COUNT(*) FROM audit_events WHERE chain IS NULL").fetchone() == (0,)
    conn.close()
    # a write made afterwards (a card corrected, its person's line rewritten within the
    # same write to name the paper: sealed as it stood at the commit)
    assert main(["correct", "card", "专利22", "6214682415822179770", "--reason", "工会证明",
                 "--db", str(demo)]) == 0
    report = _report(demo)
    assert report.whole and report.breaks == 0 and report.lines > 600
    assert report.said().startswith("修改记录防篡改校验：完整（共 ")


def test_an_edit_a_deletion_and_an_operator_renamed_in_sqlite_are_each_named(demo):
    conn = sqlite3.connect(demo)
    ids = [r[0] for r in conn.execute("SELECT id FROM audit_events ORDER BY id")]
    conn.close()
    edited, deleted, renamed = ids[100], ids[200], ids[300]
    _edit(demo, ("UPDATE audit_events SET at = '2020-01-01T09:00:00' WHERE id = ?",
                 (edited,)),
          ("DELETE FROM audit_events WHERE id = ?", (deleted,)),
          ("UPDATE audit_events SET operator = '冒名者' WHERE id = ?", (renamed,)))
    report = _report(demo)
    assert not report.whole and report.breaks == 3
    assert report.first == [(edited, "内容被改动或不是本程序写入的"), (deleted + 1, f"其前的第 {deleted} 行已被删除"),
                            (renamed, "内容被改动或不是本程序写入的")]
    said = report.said()
    assert f"第 {edited} 行（内容被改动或不是本程序写入的）" in said and "校验链断开 3 处" in said


def test_a_line_slipped_in_between_two_writes_is_never_sealed_by_the_next(demo):
    _edit(demo, ("INSERT INTO audit_events (at, operator, action, entity, entity_id, before,"
                 " after) VALUES ('2023-01-01T09:00:00', '刘建国', 'update', 'payments', 1,"
                 " NULL, '{\"paid_date\": \"2023-01-01\"}')",))
    slipped = _report(demo).first[0][0]
    assert _report(demo).first == [(slipped, "不是本程序写入的，无校验值")]
    # the program's next write seals its own lines only: the foreign one stays named
    assert main(["correct", "card", "专利22", "6214682415822179770", "--reason", "工会证明",
                 "--db", str(demo)]) == 0
    report = _report(demo)
    assert report.breaks == 1 and report.first[0][0] == slipped


def test_check_names_the_first_break_and_fails(demo, capsys):
    assert main(["check", "--db", str(demo), "--year", str(YEAR)]) == 0
    assert "修改记录防篡改校验：完整" in capsys.readouterr().out
    _edit(demo, ("UPDATE audit_events SET operator = '冒名者' WHERE action = 'revoke_award'"
                 " OR id = 50",))
    assert main(["check", "--db", str(demo), "--year", str(YEAR)]) == 1
    err = capsys.readouterr().err
    assert "警告：修改记录防篡改校验：校验链断开" in err and "第 50 行（内容被改动或不是本程序写入的）" in err
    assert main(["check", "--db", str(demo), "--year", str(YEAR), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out.lstrip().startswith("[")  # the verdicts' JSON stays a list
    assert "第 50 行" in captured.err


def test_the_upgrade_chains_the_lines_an_older_register_holds_once(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=CHAIN_VERSION - 1)
    for n in range(5):
        conn.execute("INSERT INTO audit_events (at, operator, action, entity, entity_id, after,"
                     " computer, note) VALUES (?, '王丽', 'create', 'units', ?, '{}', 'PC', '')",
                     (f"2022-10-0{n + 1}T09:00:00", n))
    conn.close()
    with Register.open(path, operator="测试员") as reg:
        assert reg.scalar("PRAGMA user_version") == SCHEMA_VERSION
        report = verify(reg.conn)
        # the five old lines and the upgrade's own, all chained
        assert report.whole and report.lines >= 6
        assert reg.scalar("SELECT COUNT(*) FROM audit_events WHERE chain IS NULL") == 0


def test_sealing_chains_on_the_line_before_and_only_past_the_mark(reg):
    reg.conn.execute("INSERT INTO audit_events (at, operator, action, entity) VALUES"
                     " ('2022-10-01T09:00:00', '甲', 'create', 'units')")
    mark = reg.scalar("SELECT MAX(id) FROM audit_events")
    reg.conn.execute("INSERT INTO audit_events (at, operator, action, entity) VALUES"
                     " ('2022-10-01T09:01:00', '乙', 'create', 'units')")
    assert seal(reg.conn, mark) == 1
    report = verify(reg.conn)
    assert report.breaks == 1 and report.first[0] == (mark, "不是本程序写入的，无校验值")


def test_the_archive_says_whether_the_chain_is_whole_and_labels_its_files(demo, tmp_path):
    conn = sqlite3.connect(demo)
    target = conn.execute("SELECT MIN(id) FROM audit_events WHERE entity = 'payments'").fetchone()[0]
    conn.close()
    _edit(demo, ("UPDATE audit_events SET operator = '冒名者' WHERE id = ?", (target,)))
    out = tmp_path / "arch"
    assert main(["archive", "--db", str(demo), "--year", str(YEAR), "--out", str(out)]) == 0
    index = next(out.glob("*-00-目录.txt")).read_text(encoding="utf-8-sig")
    assert f"修改记录防篡改校验（生成归档时核对）：校验链断开 1 处——第 {target} 行（内容被改动或不是本程序写入的）" in index
    said = next(out.glob("*-数据说明.md")).read_text(encoding="utf-8")
    assert f"第 {target} 行（内容被改动或不是本程序写入的）" in said
    # 数据说明 and the backup are no tables
    blocks = index.split("\n\n")
    dictionary = next(b for b in blocks if "数据说明.md" in b.splitlines()[0])
    backup = next(b for b in blocks if b.splitlines()[0].endswith("-archive.zip"))
    assert "页数：—（文字）" in dictionary and "页数：—（压缩包）" in backup
    assert "—（表格）" not in dictionary + backup
    table = next(b for b in blocks if b.splitlines()[0].endswith(".xlsx"))
    assert "页数：—（表格）" in table


def test_the_archive_s_trail_line_keeps_its_backup_s_file_name_whole(demo, tmp_path, capsys):
    out = tmp_path / "arch"
    assert main(["archive", "--db", str(demo), "--year", str(YEAR), "--out", str(out)]) == 0
    backup = next(out.glob("*-archive.zip")).name  # 2022-26-登记册备份-register-2026…-archive.zip
    capsys.readouterr()
    assert main(["audit", "--db", str(demo), "--year", str(YEAR)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "导出年度归档" in x)
    assert f"登记册备份：{backup}" in line
    assert "*****" not in line.split("登记册备份：")[1].split("；")[0]


def _card_lines(capsys, db, ref):
    capsys.readouterr()
    assert main(["audit", "--db", str(db), "--ref", ref]) == 0
    return [x for x in capsys.readouterr().out.splitlines()
            if "卡号：" in x and "修改" in x and "专利22 " in x]


def test_a_card_changed_to_one_that_masks_alike_is_said_to_differ(demo, capsys):
    conn = sqlite3.connect(demo)
    first = conn.execute("SELECT card_number FROM patent_applications WHERE id = 22").fetchone()[0]
    conn.close()
    alike = first[:4] + "682415822" + first[-6:]  # the first and last four digits as before
    assert alike != first and alike[-4:] == first[-4:]
    assert main(["correct", "card", "专利22", alike, "--reason", "工会证明", "--db", str(demo)]) == 0
    lines = _card_lines(capsys, demo, "专利22")
    shown = f"{first[:4]} **** **** *** {first[-4:]}"  # one form, as the documents print it
    assert f"卡号：{shown} → {shown}（号码不同，中间位已隐去）" in lines[-1]
    assert first not in lines[-1] and alike not in lines[-1]  # never unmasked


def test_a_card_put_back_to_another_number_masking_as_the_first_is_said_so(demo, capsys):
    """The tester's 专利22: …9770 → …6646 → …9770, the last not the first card."""
    conn = sqlite3.connect(demo)
    first = conn.execute("SELECT card_number FROM patent_applications WHERE id = 22").fetchone()[0]
    conn.close()
    other = first[:4] + "682415822176646"
    wrong_back = first[:4] + "682415822" + first[-6:]
    for card in (other, wrong_back):
        assert main(["correct", "card", "专利22", card, "--reason", "更正", "--db", str(demo)]) == 0
    lines = _card_lines(capsys, demo, "专利22")
    assert "（与此前同样显示的号码不同，中间位已隐去）" in lines[-1]
    assert "同样显示" not in lines[-2]  # the first correction: another number, plainly shown
    # put back to the very card it had: no such note
    assert main(["correct", "card", "专利22", first, "--reason", "恢复", "--db", str(demo)]) == 0
    assert "同样显示" not in _card_lines(capsys, demo, "专利22")[-1]


def test_the_line_by_line_seal_writes_the_chain_the_one_statement_does(demo):
    conn = sqlite3.connect(demo, isolation_level=None)
    chains = conn.execute("SELECT id, chain FROM audit_events ORDER BY id").fetchall()
    conn.execute("UPDATE audit_events SET chain = NULL WHERE id > 300")
    assert seal_one_by_one(conn, 300, chains[299][1]) == len(chains) - 300
    assert conn.execute("SELECT id, chain FROM audit_events ORDER BY id").fetchall() == chains
    conn.close()


def test_ctrl_h_s_newest_first_reading_says_the_put_back_card_differs_too(demo):
    """The view reads the newest lines first: the note is read from the row's earlier
    lines, not from the order the lines are worded in."""
    from boostdesk.audit_newest import Chosen, NewestFirst

    conn = sqlite3.connect(demo)
    first = conn.execute("SELECT card_number FROM patent_applications WHERE id = 22").fetchone()[0]
    conn.close()
    for card in (first[:4] + "682415822176646", first[:4] + "682415822" + first[-6:]):
        assert main(["correct", "card", "专利22", card, "--reason", "更正", "--db", str(demo)]) == 0
    with Register.open(demo, operator="审计") as reg:
        reader = NewestFirst(reg, Chosen())
        newest = reader.more(5)
    put_back = [x for x in newest if x.subject.startswith("专利22 ") and "卡号" in x.details]
    assert "（与此前同样显示的号码不同，中间位已隐去）" in put_back[0].details
    assert "同样显示" not in put_back[1].details
