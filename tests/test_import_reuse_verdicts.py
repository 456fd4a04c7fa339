"""An import stores the verdicts its preview judged (``commit(judged=…)``) instead of
judging the rows a second time (10,000 rows: ≈ 0.5 s of the 导入): what it stores must be
what judging them again stores, to the last column of every table; and a preview judged
for other rows, other choices or another day is judged again."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures.summary_sheets import (
    ID_1,
    ID_2,
    PATENT_HEADERS,
    PROJECT_HEADERS,
    UTILITY,
    own_card,
    patent_no,
    patent_row,
    project_row,
    resident_id,
    write_sheet,
)

from boostdesk.io.import_commit import commit
from boostdesk.io.import_verdicts import preview_verdicts
from boostdesk.io.importer import read_table
from boostdesk.models import Register, clock
from boostdesk.models.records import ProjectApplication
from boostdesk.rules import check

ID_3 = resident_id("11010119900101003")
RECEIVED = date(2022, 10, 20)
# when a row was written, not what: left out of the comparison (the trail's ``chain``
# seals each line with its time)
_TIMES = {"at", "created_at", "updated_at", "chain"}


def _sheet(path, rows):
    """The table written once: both imports read the very file (its SHA-256 is stored)."""
    return path if path.exists() else write_sheet(path, rows)


def stored(reg) -> dict[str, list[tuple]]:
    """Every row of every table of the register, the columns saying when left out."""
    out = {}
    for (table,) in reg.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name").fetchall():
        columns = [c[1] for c in reg.conn.execute(f"PRAGMA table_info({table})")
                   if c[1] not in _TIMES]
        out[table] = reg.conn.execute(
            f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid").fetchall()
    return out


def _patents_registered(reg, tmp_path) -> None:
    """乙 (ID_2) has an eligible patent this year already; 丙 (ID_3) a card and a utility
    model; 甲 a namesake of the table's 甲 (another ID): the rows judge these again."""
    path = _sheet(tmp_path / "earlier.xlsx", [
        PATENT_HEADERS,
        patent_row(第一发明人="乙", 身份证号=ID_2, 专利号=patent_no("202110000001")),
        patent_row(第一发明人="丙", 身份证号=ID_3, 专利号=patent_no("202120000002")),
        patent_row(第一发明人="甲", 身份证号=resident_id("11010119900101054"),
                   专利号=patent_no("202110000009"), 联系电话="13800000001"),
    ])
    commit(reg, read_table(path, 2022))


def _patent_table(tmp_path):
    return _sheet(tmp_path / "t.xlsx", [
        PATENT_HEADERS,
        patent_row(第一发明人="甲", 身份证号=ID_1),
        patent_row(第一发明人="丁", 身份证号=resident_id("11010119900101011"), 专利号=UTILITY),
        patent_row(第一发明人="戊", 身份证号=resident_id("11010119900101020"),
                   专利号=patent_no("202110000003"), 授权公告日=date(2022, 2, 1)),
        patent_row(第一发明人="乙", 身份证号=ID_2, 专利号=patent_no("202110000006")),
        patent_row(第一发明人="丙", 身份证号=ID_3, 专利号=patent_no("202110000007"),
                   工会会员互助服务卡号=""),
        patent_row(第一发明人="庚", 身份证号=resident_id("11010119900101046"),
                   专利号=patent_no("202110000001")),  # 乙's registered number
        patent_row(第一发明人="辛", 身份证号=resident_id("11010119900101062"),
                   专利号=patent_no("202110000008"),
                   工会会员互助服务卡号=own_card(ID_3)),  # 丙's card: said on both
    ])


def _projects_registered(reg, _tmp_path) -> None:
    reg.save_project(ProjectApplication(
        2022, title="已登记项目", studio_name="李四职工创新工作室", studio_level="city",
        leader="李四", total_budget_fen=3_000_000_00))


def _project_table(tmp_path):
    return _sheet(tmp_path / "p.xlsx", [
        PROJECT_HEADERS,
        project_row(工作室级别="区级", **{"项目总投入（万元）": 8, "申请助推金额（万元）": 3}),
        project_row(序号=2, 项目名称="已登记项目", **{"项目总投入（万元）": 20}),
        project_row(序号=3, 工作室名称="李四创新工作室", 项目名称="焊接机器人"),
    ])


def _imported(tmp_path, name, registered, table, reuse, monkeypatch, **choices):
    """The register after the preview's judging and the import, the import given the
    preview's judging (``reuse``) or not; and how often the import judged rows itself."""
    judging: list[int] = []
    real = check.judge_new

    def counted(reg, records, kept=None):
        judging.append(len(records))
        return real(reg, records, kept)

    with Register.open(tmp_path / f"{name}.db", operator="测试员") as reg:
        registered(reg, tmp_path)
        preview = read_table(table(tmp_path), 2022)
        kept: list = []
        said = preview_verdicts(reg, preview, received_date=RECEIVED, kept=kept, **choices)
        assert kept and said
        monkeypatch.setattr(check, "judge_new", counted)
        commit(reg, preview, received_date=RECEIVED, judged=kept[-1] if reuse else None,
               **choices)
        monkeypatch.setattr(check, "judge_new", real)
        return stored(reg), judging, kept[-1]


@pytest.mark.parametrize(("registered", "table", "choices"), [
    (_patents_registered, _patent_table, {}),
    (_projects_registered, _project_table, {}),
    (_projects_registered, _project_table, {"update_studios": True}),
])
def test_the_preview_judging_stored_is_what_judging_again_stores(
        tmp_path, monkeypatch, registered, table, choices):
    again, judged_again, _ = _imported(tmp_path, "again", registered, table, False,
                                       monkeypatch, **choices)
    reused, judged_reused, kept = _imported(tmp_path, "reused", registered, table, True,
                                            monkeypatch, **choices)
    assert judged_again and not judged_reused  # the rows judged once, by the preview
    assert again == reused  # applications, people, studios, verdicts, notes, the trail


def test_the_registered_papers_the_rows_judge_again_are_stored_too(tmp_path, monkeypatch):
    """The preview's judging rewrote registered papers' verdicts (丙's card given for 辛
    too): rolled back with it, and written again by the import."""
    again, _, _ = _imported(tmp_path, "again", _patents_registered, _patent_table, False,
                            monkeypatch)
    reused, _, kept = _imported(tmp_path, "reused", _patents_registered, _patent_table, True,
                                monkeypatch)
    assert kept.judged.written  # registered papers judged again by the rows
    written = {app_id for *_columns, app_id in kept.judged.written}
    assert {row[0] for row in reused["patent_applications"]} >= written
    assert reused == again
    assert own_card(ID_3) in {row for rows in reused["people"] for row in rows}


def _judged_patents(tmp_path, reg, **choices):
    _patents_registered(reg, tmp_path)
    preview = read_table(_patent_table(tmp_path), 2022)
    kept: list = []
    preview_verdicts(reg, preview, received_date=RECEIVED, kept=kept, **choices)
    return preview, kept[-1]


def _counting(monkeypatch) -> list[int]:
    judging: list[int] = []
    real = check.judge_new

    def counted(reg, records, kept=None):
        judging.append(len(records))
        return real(reg, records, kept)

    monkeypatch.setattr(check, "judge_new", counted)
    return judging


def test_other_rows_are_judged_again(tmp_path, reg, monkeypatch):
    """The preview judged with a 收件日期 the import is not given: its rows are others."""
    preview, judged = _judged_patents(tmp_path, reg)
    judging = _counting(monkeypatch)
    commit(reg, preview, judged=judged)  # no 收件日期: the records differ
    assert judging == [7]
    assert reg.scalar("SELECT COUNT(*) FROM patent_applications WHERE received_date IS NULL"
                      " AND id > 3") == 7


def test_a_studio_choice_not_made_for_the_preview_is_judged_again(tmp_path, monkeypatch):
    with Register.open(tmp_path / "p.db", operator="测试员") as reg:
        _projects_registered(reg, tmp_path)
        preview = read_table(_project_table(tmp_path), 2022)
        kept: list = []
        preview_verdicts(reg, preview, received_date=RECEIVED, kept=kept)  # kept at 市级
        judging = _counting(monkeypatch)
        commit(reg, preview, received_date=RECEIVED, update_studios=True, judged=kept[-1])
        assert judging == [3]


def test_another_day_is_judged_again(tmp_path, reg, monkeypatch):
    """The rules judge a 收件日期 to come by the day: judged yesterday, judged again."""
    with clock.fixed_day(date(2022, 10, 19)):
        preview, judged = _judged_patents(tmp_path, reg)
    judging = _counting(monkeypatch)
    with clock.fixed_day(date(2022, 10, 20)):
        commit(reg, preview, received_date=RECEIVED, judged=judged)
    assert judging == [7]


def test_a_resent_table_taking_its_registered_rows_stores_the_same(tmp_path, monkeypatch):
    """A project table sent again: its registered row taken (按表更新, its studio's level
    too) beside a new row of that studio, as the window's judging after both boxes are
    ticked gives them; stored with the preview's judging or judged again, the same."""
    from boostdesk.ui.import_dialog import analyse, to_store

    first = _sheet(tmp_path / "朝阳区项目.xlsx", [PROJECT_HEADERS, project_row()])
    again = _sheet(tmp_path / "朝阳区项目（更正）.xlsx", [
        PROJECT_HEADERS, project_row(工作室级别="区级", 备注="更正"),
        project_row(序号=2, 项目名称="焊接机器人", **{"申请助推金额（万元）": 3})])
    out = []
    for name, reuse in (("again", False), ("reused", True)):
        with Register.open(tmp_path / f"{name}.db", operator="测试员") as reg:
            commit(reg, read_table(first, 2022))
            read = analyse(reg, read_table(again, 2022, campaign=reg.campaign(2022)), True)
            registered = {row: m for row, m in read.matches.items() if not m.clash}
            updates = {row: m for row, m in read.matches.items() if m.takes}
            assert registered and updates
            stored_rows = to_store(read.preview, read.duplicates, read.matches)
            kept: list = []
            preview_verdicts(reg, stored_rows, update_studios=True, registered=registered,
                             updates=updates, kept=kept)
            judging = _counting(monkeypatch)
            commit(reg, stored_rows, update_studios=True, registered=registered,
                   updates=updates, judged=kept[-1] if reuse else None)
            monkeypatch.undo()
            assert bool(judging) != reuse
            out.append(stored(reg))
    assert out[0] == out[1]
