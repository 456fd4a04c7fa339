"""收件日期 is the office's own (the day the paper came: 方案三), never a union's to send. A
new clerk imported a union's table with the date box empty: every paper 待补材料, 待办 told
her to ask the union and export the 核对意见, and re-importing with --received filled
nothing. Now 待办 sends her to fill it in (window and command line), `boostdesk review
received` fills many at once, a re-import with --received fills the registered papers that
have none, and a new register's 待办 shows the season's first steps, not "all done"."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fixtures.summary_sheets import (
    PATENT_HEADERS,
    own_card,
    patent_no,
    patent_row,
    resident_id,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.models.records import PATENT
from boostdesk.models.register import Register, RegisterError
from boostdesk.received_days import put_back, set_received
from boostdesk.season_guide import season_guide
from boostdesk.todo import todo_list
from tests.test_cli_review import a_patent

OPERATOR = "录入员甲"
DAY = date(2022, 11, 20)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "register.db"


def _open(db) -> Register:
    return Register.open(db, operator=OPERATOR)


def run(db, *words: str) -> int:
    return main([*words, "--db", str(db), "--operator", OPERATOR])


def _undated(reg: Register, n: int = 2, **over) -> list[int]:
    return [a_patent(reg, title=f"专利{i}", patent_number_raw=patent_no(f"20211012345{i}"),
                     id_number=(who := resident_id(f"1101051980010100{i}")),
                     card_number=own_card(who), inventor_name=name, received_date=None, **over)
            for i, name in zip(range(1, n + 1), ("张三", "李四", "王五"), strict=False)]


def _received(db, app_id: int) -> str | None:
    reg = _open(db)
    try:
        return reg.scalar("SELECT received_date FROM patent_applications WHERE id = ?", (app_id,))
    finally:
        reg.close()


def test_a_paper_lacking_only_its_received_date_waits_for_the_office_not_its_union(reg):
    [a] = _undated(reg, 1)
    todo = todo_list(reg, DAY)
    assert todo.group("incomplete") is None  # no union is asked for it
    [item] = todo.group("no_received").items
    assert todo.group("no_received").kind.label == "待填收件日期"
    assert "由本办填写（无须推荐单位补报）" in item.todo and "请推荐单位补报" not in item.todo
    assert "填写收件日期（Ctrl+D）" in item.where and "核对意见" not in item.where
    assert item.screen == "专利助推" and item.ref == f"专利{a}"


def test_lacking_materials_too_the_union_is_asked_for_them_and_the_date_is_said_apart(reg, on_cli):
    [a] = _undated(reg, 1, materials={})
    [item] = todo_list(reg, DAY).group("incomplete").items
    union, office = item.todo.split("；收件日期未填")
    assert "材料未齐" in union and "请推荐单位补报" in union
    assert "收件日期" not in union  # not in the part the union is asked for
    assert "由本办填写" in office
    assert f"收件日期：boostdesk review received --date YYYY-MM-DD 专利{a} --year 2022" in item.where


def test_review_received_fills_many_papers_audited_and_rechecked(db, capsys):
    reg = _open(db)
    a, b = _undated(reg)
    c = a_patent(reg, title="专利3", patent_number_raw=patent_no("202110123453"),
                 id_number=resident_id("11010519800101003"), inventor_name="王五",
                 card_number=own_card(resident_id("11010519800101003")),
                 received_date=date(2022, 10, 20))
    since = reg.scalar("SELECT max(id) FROM audit_events")
    reg.close()
    assert run(db, "review", "received", "--date", "2022-10-28", "--union", "海淀",
               "--missing-only") == 0
    out = capsys.readouterr().out
    assert "已填写收件日期 2022-10-28：2 份（所选 3 份中其余 1 份已有收件日期，未改）" in out
    assert "核对结果：合格" in out
    assert [_received(db, i) for i in (a, b, c)] == ["2022-10-28", "2022-10-28", "2022-10-20"]
    reg = _open(db)
    try:
        lines = reg.query("SELECT operator, entity_id, before, after FROM audit_events"
                          " WHERE id > ? AND action = 'update'", (since,))
        assert {r["entity_id"] for r in lines} == {a, b}
        assert all(r["operator"] == OPERATOR for r in lines)
        assert all(json.loads(r["after"])["received_date"] == "2022-10-28" for r in lines)
        assert reg.scalar("SELECT incomplete FROM patent_applications WHERE id = ?", (a,)) == 0
    finally:
        reg.close()


def test_review_received_refuses_a_day_to_come_and_changes_nothing(db, capsys):
    reg = _open(db)
    [a] = _undated(reg, 1)
    reg.close()
    assert run(db, "review", "received", "--date", "2099-01-01", f"专利{a}") != 0
    assert "还没到" in capsys.readouterr().err and _received(db, a) is None


def test_put_back_restores_each_day_and_refuses_over_a_later_change(reg):
    a, b = _undated(reg)
    was = set_received(reg, PATENT, [a, b], date(2022, 10, 28)).was
    assert was == {a: None, b: None}
    put_back(reg, PATENT, was, date(2022, 10, 28))
    assert reg.application(PATENT, a).received_date is None
    was = set_received(reg, PATENT, [a], date(2022, 10, 28)).was
    set_received(reg, PATENT, [a], date(2022, 10, 29))
    with pytest.raises(RegisterError, match="已改为 2022-10-29"):
        put_back(reg, PATENT, was, date(2022, 10, 28))


def test_a_cancel_while_dating_stores_nothing_and_progress_is_reported(reg, monkeypatch):
    from boostdesk import received_days

    monkeypatch.setattr(received_days, "STEP", 1)
    ids = _undated(reg, 3)
    said: list[tuple[int, int]] = []
    with pytest.raises(received_days.FillCancelled):
        set_received(reg, PATENT, ids, date(2022, 10, 28), progress=lambda d, t: said.append((d, t)),
                     cancelled=lambda: len(said) == 3)  # 取消 as the third is about to be saved
    assert said == [(0, 3), (1, 3), (2, 3)]
    assert [reg.application(PATENT, i).received_date for i in ids] == [None] * 3
    was = set_received(reg, PATENT, ids, date(2022, 10, 28),
                       progress=lambda d, t: said.append((d, t))).was
    assert said[-1] == (3, 3)
    with pytest.raises(received_days.FillCancelled):  # its undo alike
        put_back(reg, PATENT, was, date(2022, 10, 28), cancelled=lambda: True)
    assert [reg.application(PATENT, i).received_date for i in ids] == [date(2022, 10, 28)] * 3


def _table(tmp_path, n: int = 2):
    rows = [patent_row(序号=i, 专利号=patent_no(f"20211012345{i}"), 第一发明人=name,
                       身份证号=resident_id(f"1101051980010100{i}"))
            for i, name in zip(range(1, n + 1), ("张三", "李四"), strict=False)]
    return write_sheet(tmp_path / "海淀区总工会_专利汇总表.xlsx", [PATENT_HEADERS, *rows])


def test_a_table_imported_again_with_received_fills_its_registered_papers_without_one(
        db, tmp_path, capsys):
    path = _table(tmp_path)
    assert run(db, "import", str(path)) == 0
    capsys.readouterr()
    reg = _open(db)
    a, b = [r[0] for r in reg.conn.execute("SELECT id FROM patent_applications ORDER BY id")]
    set_received(reg, PATENT, [b], date(2022, 10, 20))  # typed at the desk: kept
    reg.close()
    assert run(db, "import", str(path)) == 0  # without the date: said how to give one
    err = capsys.readouterr().err
    assert "表中已登记的 1 份申报尚无收件日期" in err and "加 --received 日期 重新导入即可填上" in err
    assert f"review received --date YYYY-MM-DD 专利{a}" in err
    assert run(db, "import", str(path), "--received", "2022-10-28", "--update-registered") == 0
    out = capsys.readouterr().out
    assert f"为表中已登记、尚无收件日期的 1 份申报填写收件日期 2022-10-28：专利{a}" in out
    assert _received(db, a) == "2022-10-28" and _received(db, b) == "2022-10-20"


def test_a_new_register_s_todo_gives_the_first_steps_not_all_done(db, capsys):
    _open(db).close()  # made: the 2022 plan, no paper
    assert run(db, "todo") == 0
    out = capsys.readouterr().out
    assert "登记册中还没有申报" in out and "空白汇总表" in out
    assert "template patent 专利汇总表.xlsx" in out and "campaign show" in out
    assert "import 汇总表.xlsx --year 2022 --received YYYY-MM-DD" in out
    assert "Ctrl+" not in out  # the command line's reader is given commands
    reg = _open(db)
    try:
        a_patent(reg)
        assert todo_list(reg, DAY).first_steps == ()  # a paper in: the usual list
    finally:
        reg.close()


def test_the_season_guide_hands_out_the_blank_summary_tables_first(reg):
    plan, blank = season_guide(reg.campaign(2022))["setup"]
    assert blank.name == "下发空白汇总表"
    assert blank.places[0].text() == "文件 → 导入汇总表…（Ctrl+I） → 空白汇总表…"
    assert any("附件2" in f and "附件4" in f for f in blank.facts)
    assert any("填写收件日期（Ctrl+D）" in f for f in blank.facts)

