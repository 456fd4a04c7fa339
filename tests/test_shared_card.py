"""One union card given for several inventors: the award is paid to the card, so a card
registered to (or given in the same table for) another person is 不合格 until checked, and
an approved award sharing it is held from payment (award_holds)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fixtures.summary_sheets import (
    CARD_1,
    ID_2,
    INVENTION_2,
    PATENT_HEADERS,
    own_card,
    patent_row,
    write_sheet,
)

from boostdesk.award_holds import holds
from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PATENT, PatentApplication
from boostdesk.rules import recheck
from boostdesk.rules.check import check_patent_draft
from boostdesk.rules.findings import stored_findings
from tests.test_finance import add_patent

TITLE = ["2022年职工创新发明专利助推汇总表"]
SHOWN = f"{CARD_1[:4]} **** **** {CARD_1[-4:]}"


def test_one_card_given_for_two_inventors_in_a_table_is_named_for_each(tmp_path, capsys):
    path = write_sheet(tmp_path / "海淀区.xlsx", [TITLE, PATENT_HEADERS, patent_row(), patent_row(
        序号=2, 第一发明人="李四", 身份证号=ID_2, 专利号=INVENTION_2, 专利名称="一种传感器",
        工会会员互助服务卡号=CARD_1)])
    db = tmp_path / "r.db"
    assert main(["import", str(path), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    # the later row claims the card: its finding names the first; the first keeps it
    assert f"互助服务卡号 {SHOWN} 也登记为“张三”的卡号：请核对" in out, out
    assert "也登记为“李四”" not in out, out
    with Register.open(db) as reg:
        assert reg.conn.execute("SELECT eligible FROM patent_applications ORDER BY id").fetchall() == [
            (1,), (0,)]
        assert _shared(reg, 1) == [f"另有申报填写了同一互助服务卡号 {SHOWN}，正在核对（方案一（二）2）"]


def test_an_approved_award_whose_card_is_given_later_for_another_stands(reg):
    app_id = add_patent(reg)  # card 6214830112341234, approved
    assert not holds(reg, 2022)
    reg.save_patent(PatentApplication(
        campaign_year=2022, title="一种传感器", patent_number_raw="ZL202110654321.3",
        grant_date=date(2021, 5, 11), inventor_name="李四", id_number="110108198506123146",
        card_number="6214830112341234", unit_name="海淀区总工会", enterprise_name="北京测试有限公司",
        frontline=True, service_invention=True, applied_in_production=True))
    recheck(reg)
    # his award stands, not held: the later paper giving his card has the finding
    assert not holds(reg, 2022)
    li = reg.scalar("SELECT id FROM patent_applications WHERE title = '一种传感器'")
    assert _shared(reg, li) == ["互助服务卡号 6214 **** **** 1234 也登记为“张三”的卡号：请核对；"
                                "助推资金发放至本人的卡，卡号更正前不能核准、拨付（方案一（二）2）"]
    # his own second paper with his one card: a note for 李四's, not a finding for his own
    other = reg.patent(app_id)
    second = reg.save_patent(replace(other, id=None, title="一种阀门", status="registered",
                                     patent_number_raw="ZL202110333333.1", award_fen=None,
                                     approved_date=None))
    said = [f.message for f in check_patent_draft(reg, reg.patent(second)).findings
            if f.code == "UNION_CARD_SHARED"]
    assert len(said) == 1 and said[0].startswith("另有申报填写了同一互助服务卡号"), said


def _shared(reg, app_id: int) -> list[str]:
    text = reg.scalar("SELECT findings FROM patent_applications WHERE id = ?", (app_id,))
    return [f.message for f in stored_findings(text) if f.code == "UNION_CARD_SHARED"]


def test_a_card_corrected_away_from_a_shared_one_clears_the_other_holders_finding(reg):
    zhang = add_patent(reg)  # card 6214830112341234, approved
    li = reg.save_patent(PatentApplication(
        campaign_year=2022, title="一种传感器", patent_number_raw="ZL202110654321.3",
        grant_date=date(2021, 5, 11), inventor_name="李四", id_number="110108198506123146",
        card_number="6214830112341234", unit_name="海淀区总工会", enterprise_name="北京测试有限公司",
        frontline=True, service_invention=True, applied_in_production=True))
    recheck(reg)
    assert _shared(reg, zhang) and _shared(reg, li)
    # 李四's card corrected to his own: the re-check after the save clears 张三's too
    reg.save_patent(replace(reg.patent(li), card_number=own_card("110108198506123146")))
    recheck(reg)
    assert _shared(reg, li) == [] and _shared(reg, zhang) == []
    assert (PATENT, zhang) not in holds(reg, 2022)


# -- a table of more cards than are looked up one by one ----------------------------
def _bulk_table(tmp_path, cards: dict[int, str]) -> object:
    """250 inventors' rows (more cards than rules.check looks up by value: the register's
    shared cards are found by one grouped scan), row n's card ``cards[n]`` where given."""
    from fixtures.summary_sheets import numbered_name, patent_no, resident_id

    rows = []
    for n in range(250):
        id_number = resident_id(f"11010519800101{n:03d}")
        name = numbered_name("张", n)
        if n == 5:  # the inventor of row 4 again, with his one card
            id_number, name = resident_id("11010519800101004"), numbered_name("张", 4)
        over = {"序号": n + 1, "第一发明人": name, "身份证号": id_number,
                "专利号": patent_no(f"2021101{n:05d}")}
        if n in cards:
            over["工会会员互助服务卡号"] = cards[n]
        rows.append(patent_row(**over))
    return write_sheet(tmp_path / "bulk.xlsx", [TITLE, PATENT_HEADERS, *rows])


def _bulk_import(tmp_path, monkeypatch, small: int = 200) -> dict[str, object]:
    """The 250-row table imported into a register holding 赵六's paper (the card row 2
    gives) and 钱七's (its card corrected away from the one row 3 gives); rows 0 and 1 give
    one card, rows 4 and 5 are one inventor with his one card. ``small``: the fewest cards
    rules.check finds the register's holders of by one grouped scan (252 here)."""
    from boostdesk.io.import_commit import commit
    from boostdesk.io.importer import read_table
    from boostdesk.rules import check

    monkeypatch.setattr(check, "_SMALL", small)
    shared, old, new = "6217000011112228", "6217000033334442", "6217000055556666"
    with Register.open(tmp_path / f"r{small}.db", operator="测试员") as reg:
        def paper(name: str, id_number: str, number: str, card: str) -> int:
            return reg.save_patent(PatentApplication(
                campaign_year=2022, title=f"{name}的专利", patent_number_raw=number,
                grant_date=date(2021, 5, 11), inventor_name=name, id_number=id_number,
                card_number=card, unit_name="海淀区总工会", enterprise_name="北京测试有限公司",
                frontline=True, service_invention=True, applied_in_production=True))

        zhao = paper("赵六", "110108198506150023", "ZL202110777777.6", shared)
        qian = paper("钱七", "110108198506150066", "ZL202110888888.5", old)
        reg.save_patent(replace(reg.patent(qian), card_number=new))
        recheck(reg)
        table = _bulk_table(tmp_path, {0: CARD_1, 1: CARD_1, 2: shared, 3: old})
        ids = commit(reg, read_table(table, 2022), backup=False)
        return {"ids": ids, "zhao": zhao, "qian": qian,
                "stored": reg.conn.execute("SELECT id, eligible, incomplete, findings"
                                           " FROM patent_applications ORDER BY id").fetchall(),
                "said": {app_id: _shared(reg, app_id) for app_id in (*ids, zhao, qian)}}


def test_a_large_tables_shared_cards_are_named_row_by_row(tmp_path, monkeypatch):
    got = _bulk_import(tmp_path, monkeypatch)
    ids, said = got["ids"], got["said"]
    assert [app_id for app_id in ids if said[app_id]] == ids[:3], said
    # row 0 gave the card first (a note), row 1 claims it; row 2 claims 赵六's registered one
    assert said[ids[0]][0].startswith("另有申报") and "“张〇”的卡号" in said[ids[1]][0]
    assert len(said[ids[2]]) == 1 and "“赵六”的卡号" in said[ids[2]][0]
    # the registered holder re-judged in the import's transaction (a note); the card
    # corrected away from is no one's now
    assert len(said[got["zhao"]]) == 1 and said[got["zhao"]][0].startswith("另有申报")
    assert said[got["qian"]] == []


def test_a_large_tables_verdicts_are_those_of_cards_looked_up_by_value(tmp_path,
                                                                        monkeypatch):
    by_scan = _bulk_import(tmp_path, monkeypatch)
    by_value = _bulk_import(tmp_path, monkeypatch, small=10**6)
    assert by_scan["stored"] == by_value["stored"]
    assert by_scan["said"] == by_value["said"]
