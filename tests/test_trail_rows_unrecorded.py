"""What the trail records but `check` did not compare (README, stop 43): a person row
inserted in SQLite, and a patent paper's card rewritten there before any transfer. Both
named now, each with what the trail says; the program's own writes — a card corrected,
a paper deleted and brought back, a new paper and person entered, an old register
upgraded — and a register whose people no line made (the benchmarks' synthetic ones)
name nothing (the import's, merges', erasure's and returns' own tests ran clean of both
findings too)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

from test_trail_chain import demo, demo_master  # noqa: F401 - the demo register's fixtures
from test_trail_chain_gaps import _check, _report, _sql

from benchmarks import generate
from boostdesk.cli import main
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import Register
from boostdesk.models.audit_rows import mismatches
from boostdesk.models.records import PATENT
from boostdesk.safety.privacy import mask_card_grouped
from tests.test_finance import add_patent
from tests.test_upgrade_old_release import old_register

__all__ = ["demo", "demo_master"]

CARD = "6214830199990000"
ID_NUMBER = "110105198001010014"


def _one(db, sql, *args):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchone()
    finally:
        conn.close()


def _rows(db) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return mismatches(conn)
    finally:
        conn.close()


def _card_line(db, paper) -> int:
    """The latest line recording the paper's card."""
    return _one(db, "SELECT MAX(id) FROM audit_events WHERE entity = 'patent_applications'"
                " AND entity_id = ? AND json_type(after, '$.card_number') IS NOT NULL", paper)[0]


def _unpaid_paper(db):
    """A paper with a card, no payment and no status move (its deletion undone as is)."""
    return _one(db, "SELECT a.id, p.name, a.card_number FROM patent_applications a JOIN people p"
                " ON p.id = a.person_id WHERE a.card_number != '' AND NOT EXISTS (SELECT 1 FROM"
                " payments f WHERE f.stream = 'patent' AND f.application_id = a.id) AND NOT EXISTS"
                " (SELECT 1 FROM status_history h WHERE h.stream = 'patent' AND h.application_id ="
                " a.id AND h.from_status IS NOT NULL) ORDER BY a.id LIMIT 1")


def _card(number: str) -> str:
    return mask_card_grouped(number)  # as the trail view and the check say it


def test_a_person_inserted_in_sqlite_is_named_and_the_trail_said_whole(demo, capsys):
    _sql(demo, "INSERT INTO people (name, id_number, card_number, phone) VALUES"
               f" ('王五', '{ID_NUMBER}', '{CARD}', '13911112222')")
    pid = _one(demo, "SELECT id FROM people WHERE id_number = ?", ID_NUMBER)[0]
    rc, said = _check(demo, capsys)
    assert rc == 1
    assert f"人员{pid}（王五）：修改记录中没有录入此人的记录，可能在本程序之外被插入" in said
    assert "修改记录本身完整（" in said  # the rows were written outside, not the trail


def test_a_person_inserted_under_the_id_of_one_the_program_deleted_is_named(demo):
    paper, person = _one(demo, "SELECT a.id, a.person_id FROM patent_applications a WHERE NOT"
                         " EXISTS (SELECT 1 FROM payments f WHERE f.stream = 'patent' AND"
                         " f.application_id = a.id) AND (SELECT COUNT(*) FROM patent_applications"
                         " b WHERE b.person_id = a.person_id) = 1 ORDER BY a.id DESC LIMIT 1")
    with Register.open(demo, operator="测试员") as reg:
        reg.delete_application(PATENT, paper)  # his only paper: he goes, with a 删除 line
    assert _report(demo).whole
    gone = _one(demo, "SELECT MAX(id) FROM audit_events WHERE entity = 'people' AND entity_id = ?"
                " AND action = 'delete'", person)[0]
    _sql(demo, f"INSERT INTO people (id, name, id_number) VALUES ({person}, '赵六', '{ID_NUMBER}')")
    assert (f"人员{person}（赵六）：修改记录第 {gone} 行记下此人已被删除，修改记录中没有再录入或恢复"
            "此人的记录，可能在本程序之外被插入") in _rows(demo)


def test_a_papers_card_rewritten_before_any_transfer_is_named(demo, capsys):
    paper, name, card = _unpaid_paper(demo)
    made = _card_line(demo, paper)
    _sql(demo, f"UPDATE patent_applications SET card_number = '{CARD}' WHERE id = {paper}")
    rc, said = _check(demo, capsys)
    assert rc == 1
    assert (f"专利申报（{name} 专利{paper}）：卡号 6214 **** **** 0000 与修改记录第 {made} 行记下的"
            f" {_card(card)} 不符，可能在本程序之外被改动") in said


def test_a_card_corrected_is_compared_with_its_correction_and_a_rewrite_back_named(demo):
    paper, name, card = _unpaid_paper(demo)
    assert main(["correct", "card", f"专利{paper}", CARD, "--reason", "工会证明",
                 "--db", str(demo)]) == 0
    assert _report(demo).whole  # the correction: no finding
    corrected = _card_line(demo, paper)
    _sql(demo, f"UPDATE patent_applications SET card_number = '{card}' WHERE id = {paper}")
    assert [r for r in _rows(demo) if "卡号" in r] == [
        f"专利申报（{name} 专利{paper}）：卡号 {_card(card)} 与修改记录第"
        f" {corrected} 行记下的 6214 **** **** 0000 不符，可能在本程序之外被改动"]


def test_a_paid_papers_card_rewritten_is_named_once_as_its_transfer(reg):
    app_id = add_patent(reg)
    mark_all_paid(reg, [x.id for x in payment_lines(reg, 2022)], date(2023, 1, 10), "记-2023-001")
    assert mismatches(reg.conn) == []
    reg.conn.execute("UPDATE patent_applications SET card_number = ? WHERE id = ?", (CARD, app_id))
    rows = mismatches(reg.conn)
    assert rows and all("汇往卡号 6214 **** **** 0000" in r for r in rows), rows


def test_the_programs_own_writes_name_nothing(demo):
    """A card corrected, a paper deleted and brought back (its person made again), a new
    paper whose card is typed with spaces: each recorded as written."""
    paper = _unpaid_paper(demo)[0]
    with Register.open(demo, operator="测试员") as reg:
        app = reg.patent(paper)
        reg.save_patent(replace(app, card_number="6214 8301 2345 6785"), reason="工会证明")
        reg.delete_application(PATENT, paper)
        reg.save_patent(replace(app, id=None), restore_id=paper)
        reg.save_patent(replace(app, id=None, title="一种新的装置", patent_number_raw="",
                                patent_number=None, inventor_name="钱七", id_number=ID_NUMBER,
                                card_number=" 6214 8301 9999 0000 ", person_id=None,
                                seq=None))
    report = _report(demo)
    assert report.whole, report.said()
    assert _rows(demo) == []


def test_a_register_whose_people_no_line_made_is_clean_until_one_is_inserted(tmp_path):
    """The benchmarks' synthetic register: people and papers written in SQL, the papers'
    lines recording no card, no person line. Nothing named; once the program has made a
    person, one inserted after it is."""
    db = tmp_path / "register.db"
    generate.generate_register(db, 200, verdicts=False)
    assert _report(db).whole and _rows(db) == []
    with Register.open(db, operator="测试员") as reg:
        app = reg.patent(1)
        reg.save_patent(replace(app, id=None, title="一种新的装置", patent_number_raw="",
                                patent_number=None, inventor_name="钱七", id_number=ID_NUMBER,
                                person_id=None, seq=None))
    assert _report(db).whole and _rows(db) == []
    _sql(db, "INSERT INTO people (name) VALUES ('孙八')")
    pid = _one(db, "SELECT MAX(id) FROM people")[0]
    assert _rows(db) == [f"人员{pid}（孙八）：修改记录中没有录入此人的记录，可能在本程序之外被插入"]


def test_an_upgraded_first_release_register_compares_only_the_cards_recorded_since(tmp_path):
    """Before migration 10 a paper's card was its person's, and that migration gave each
    paper one with no line: an old register's earlier lines are not compared (nothing
    named as it is upgraded); a card corrected after the upgrade is."""
    db = old_register(tmp_path / "register.db")
    with Register.open(db, operator="测试员"):
        pass  # upgraded
    assert _report(db).whole and _rows(db) == []
    before, after = (r[0] for r in sqlite3.connect(db).execute(
        "SELECT a.id FROM patent_applications a WHERE a.card_number != '' AND NOT EXISTS"
        " (SELECT 1 FROM payments f WHERE f.stream = 'patent' AND f.application_id = a.id)"
        " ORDER BY a.id LIMIT 2"))
    assert main(["correct", "card", f"专利{after}", CARD, "--reason", "工会证明",
                 "--db", str(db)]) == 0
    _sql(db, f"UPDATE patent_applications SET card_number = '6214830100000001' WHERE id"
             f" IN ({before}, {after})")
    named = [r for r in _rows(db) if r.startswith("专利申报")]
    assert len(named) == 1 and f"专利{after}）：卡号" in named[0], named
