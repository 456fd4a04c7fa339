"""Importing a union's table into a register of several years.

What the import says of a row (registered already, last year's table sent again) reads only
the earlier applications of the table's own patent numbers and studios, by index, not every
year's applications for each table. Each case below is one the office meets once a register
holds past years, and must still be seen; the narrow reads are set against the whole-register
reads they replaced (kept here as the reference), on a made register and on random ones, and a
whole import through the command line is compared with one made by the reference.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fixtures.summary_sheets import (
    CARD_1,
    CARD_2,
    ID_1,
    ID_2,
    PATENT_HEADERS,
    PROJECT_HEADERS,
    card,
    patent_no,
    patent_row,
    project_row,
    resident_id,
    write_sheet,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boostdesk.cli import main
from boostdesk.io import duplicates, resend
from boostdesk.io.duplicates import _marked, _shown_number, find_duplicates, patent_key
from boostdesk.io.headers import PATENT_TABLE, PROJECT_TABLE
from boostdesk.io.resend import _comparable, earlier_year
from boostdesk.models import CITY, PatentApplication, ProjectApplication, Register, plan_2022
from boostdesk.models.records import PATENT, PATENT_MATERIALS, PROJECT, PROJECT_MATERIALS
from boostdesk.models.register import canonical_patent_number
from boostdesk.rules.findings import stored_findings
from boostdesk.validate import tidy_name

WAN = 10_000_00  # 1 万元 in fen
YEARS = (2019, 2020, 2021, 2022)


# -- the reference: every year's applications read whole, as before -------------------
def whole_register_duplicates(reg: Any, preview: Any) -> dict[int, str]:
    """``find_duplicates`` as it was: every year's applications read for each table. An
    earlier year's application is a registration of the row only in a table of which two
    rows or more, and half, are earlier years' (that year's table sent again)."""

    def sent_again(keys: list[Any], earlier: set[Any]) -> bool:
        repeated = sum(1 for k in keys if k in earlier)
        return repeated >= 2 and repeated * 2 >= len(preview.records)

    if preview.stream == PATENT:
        from boostdesk.rules.check import CLAIMS_PATENT_SQL

        def key_of(r: Any) -> Any:
            return patent_key(canonical_patent_number(r.patent_number_raw), r.patent_number_raw)

        every = [(patent_key(number, raw), app_id, year, claims)
                 for number, raw, app_id, year, claims in reg.conn.execute(
                     f"SELECT a.patent_number, a.patent_number_raw, a.id, c.year, {CLAIMS_PATENT_SQL}"
                     " FROM patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
                     " WHERE a.patent_number IS NOT NULL OR a.patent_number_raw != ''"
                     " ORDER BY a.id")]
        again = sent_again([key_of(r) for r in preview.records],
                           {k for k, _id, year, _c in every if year < preview.year})
        known = {k: (app_id, year) for k, app_id, year, claims in every
                 if year == preview.year or (claims and (again or year > preview.year))}
        known.pop(None, None)
        return _marked(preview, key_of, known,
                       lambda _key, r: f"专利 {_shown_number(r.patent_number_raw)} ")
    from boostdesk.rules.check import FUNDED_OR_LISTED, title_key

    # 二（二）2: this year's, or an earlier year's funded (or listed to be): the rule's own
    # words, not its function, so the reference does not follow a change to it
    known_projects: dict[Any, tuple[int, int]] = {}
    rule: dict[Any, str] = {}
    every = reg.conn.execute(
        "SELECT s.name, a.title, a.id, c.year, a.status FROM project_applications a"
        " JOIN campaigns c ON c.id = a.campaign_id JOIN studios s ON s.id = a.studio_id"
        " ORDER BY a.id").fetchall()
    again = sent_again(
        [(tidy_name(r.studio_name), title_key(r.title)) if tidy_name(r.studio_name) else None
         for r in preview.records],
        {(studio, title_key(title)) for studio, title, _id, year, _s in every
         if year < preview.year})
    for studio, title, app_id, year, status in every:
        if year == preview.year or (again and year < preview.year
                                    and status in FUNDED_OR_LISTED):
            key = (studio, title_key(title))
            known_projects[key] = (app_id, year)
            funded = status not in ("proposed", "publicized")
            rule[key] = ("" if year == preview.year else
                         "：已获助推的项目不能再次申报（方案二（二）2）" if funded else
                         "：同一项目不能重复申报（方案二（二）2）")

    def project_key(record: Any) -> tuple[str, str] | None:
        studio = tidy_name(record.studio_name)
        return (studio, title_key(record.title)) if studio else None

    marked = _marked(preview, project_key, known_projects, lambda _k, r: f"项目“{r.title}”")
    for row, record in zip(preview.rows, preview.records, strict=True):
        if row in marked and project_key(record) in rule:
            marked[row] += rule[project_key(record)]
    return marked


def whole_register_earlier_year(reg: Any, preview: Any, dups: dict[int, str]) -> list[str]:
    """``earlier_year`` as it was: every earlier year's applications read for each table."""
    patent = preview.stream == PATENT
    if patent:
        sql = ("SELECT a.patent_number, a.patent_number_raw, c.year FROM patent_applications a"
               " JOIN campaigns c ON c.id = a.campaign_id WHERE c.year < ?")
        years: dict[Any, int] = {}
        for number, raw, year in reg.conn.execute(sql, (preview.year,)):
            years[patent_key(number, raw)] = max(year, years.get(patent_key(number, raw), 0))
        keys: list[Any] = [patent_key(canonical_patent_number(r.patent_number_raw),
                                      r.patent_number_raw) for r in preview.records]
    else:
        years = {}
        for name, title, year in reg.conn.execute(
                "SELECT s.name, a.title, c.year FROM project_applications a"
                " JOIN campaigns c ON c.id = a.campaign_id JOIN studios s ON s.id = a.studio_id"
                " WHERE c.year < ?", (preview.year,)):
            key = (name, _comparable("title", title))
            years[key] = max(year, years.get(key, 0))
        keys = [(tidy_name(r.studio_name), _comparable("title", r.title)) for r in preview.records]
    found = [(row, years[key]) for row, key in zip(preview.rows, keys, strict=True)
             if key and key in years]
    if not found or len(found) * 2 < len(preview.records):
        return []
    year = max({y for _r, y in found}, key=lambda y: sum(1 for _r, x in found if x == y))
    rows = [row for row, y in found if y == year]
    note = (f"本表 {len(preview.records)} 行中有 {len(rows)} 行已在 {year} 年度登记：是否误把 "
            f"{year} 年度的汇总表再次报送？")
    new = [row for row in rows if row not in dups]
    if new:
        shown = "、".join(str(r) for r in new[:20]) + (f"等 {len(new)} 行" if len(new) > 20 else "")
        # a project of that year still in review is not refused either: not "未获认可"
        said = ("未获认可（资格审核不通过，或授权晚于该年度的授权期间）" if patent
                else "未获助推或尚未评定（未获助推的项目可再次申报）")
        note += (f"其中第 {shown} 行在 {year} 年度{said}，导入将作为 {preview.year} "
                 "年度的新申报登记")
    return [note]


def whole_year_patents(reg: Any, preview: Any, _people: Any) -> list[tuple[Any, ...]]:
    """``resend.compare``'s read as it was: the year's every patent application."""
    return reg.conn.execute(
        "SELECT a.id, a.patent_number, a.patent_number_raw, a.title, p.id_number"
        " FROM patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
        " LEFT JOIN people p ON p.id = a.person_id WHERE c.year = ? ORDER BY a.id",
        (preview.year,)).fetchall()


def whole_year_projects(reg: Any, _studios: Any, columns: str, where: str,
                        params: Any) -> list[tuple[Any, ...]]:
    """``resend.compare``'s read of projects as it was: the year's every application."""
    assert (columns, where) == ("a.id", "c.year = ?")
    return reg.conn.execute(
        "SELECT s.name, a.title, a.id FROM project_applications a"
        " JOIN campaigns c ON c.id = a.campaign_id JOIN studios s ON s.id = a.studio_id"
        " WHERE c.year = ? ORDER BY a.id", params).fetchall()


def as_before(m: Any) -> None:
    """The import's reads of the register replaced by the whole ones they narrowed."""
    m.setattr(duplicates, "find_duplicates", whole_register_duplicates)
    m.setattr(resend, "earlier_year", whole_register_earlier_year)
    m.setattr(resend, "_year_patents", whole_year_patents)
    m.setattr(resend, "registered_projects", whole_year_projects)


# -- a register of four years --------------------------------------------------------
AWARDED_2019 = patent_no("201810111111")  # 张三's, awarded in 2019
REFUSED_2020 = patent_no("201910222222")  # refused by the clerk in 2020: claims nothing
EARLY_2021 = patent_no("202110333333")  # granted in 2021, sent to 2021's plan: a year too early
TYPED_2020 = "ZL 2019 1 0444444.0"  # a check digit typed wrong: stored as typed
LAST_YEAR = [patent_no(f"20201055555{i}") for i in range(3)]  # 2021's, one of them refused
AWARDED_2022 = patent_no("202110666666")  # 李四's award of 2022
STUDIO_AWARDED = "轨道车辆检修创新工作室"  # awarded in 2020, not yet accepted
STUDIO_SENT = "李红兵劳模创新工作室"  # sent 数控机床精度补偿 in 2019
ID_3 = resident_id("11010219900303003")


def paper(year: int, number: str, **over: Any) -> PatentApplication:
    """A patent paper meeting every condition of ``year``'s plan (2022's moved on)."""
    base = PatentApplication(
        campaign_year=year, title="一种焊缝缺陷的超声检测方法", patent_number_raw=number,
        grant_date=date(year - 1, 6, 15), inventor_name="王五", id_number=ID_3,
        card_number=card("621700005555555"), phone="13800138000", frontline=True,
        service_invention=True, applied_in_production=True, unit_name="北京市海淀区总工会",
        enterprise_name="北京某某科技有限公司", received_date=date(year, 10, 25),
        materials=dict.fromkeys(PATENT_MATERIALS, True))
    return replace(base, **over)


def project(year: int, studio: str, title: str, **over: Any) -> ProjectApplication:
    base = ProjectApplication(
        campaign_year=year, title=title, studio_name=studio, studio_level=CITY, leader="罗振宇",
        unit_name="北京市朝阳区总工会", enterprise_name="北京丰台轨道交通装备有限公司",
        approval_date=date(year, 3, 5), startup_funds_paid=True,
        planned_completion=date(year + 1, 12, 31), total_budget_fen=40 * WAN,
        requested_fen=10 * WAN, contact_name="王五", contact_phone="13900139000",
        received_date=date(year, 10, 30), materials=dict.fromkeys(PROJECT_MATERIALS, True))
    return replace(base, **over)


def approve(reg: Register, stream: str, app_id: int, fen: int) -> None:
    steps = ("qualified",) if stream == PATENT else ("qualified", "review", "proposed",
                                                      "publicized")
    for status in steps:
        reg.set_status(stream, app_id, status)
    reg.set_status(stream, app_id, "approved", award_fen=fen)


def four_years(reg: Register) -> dict[str, int]:
    """2019–2022 with the past applications the cases below meet; their ids by name."""
    from boostdesk.rules import recheck

    for year in YEARS[:-1]:
        reg.save_campaign(plan_2022().for_year(year))
    ids = {
        "awarded_2019": reg.save_patent(paper(2019, AWARDED_2019, inventor_name="张三",
                                              id_number=ID_1, card_number=CARD_1)),
        "refused_2020": reg.save_patent(paper(2020, REFUSED_2020)),
        "early_2021": reg.save_patent(paper(2021, EARLY_2021, grant_date=date(2021, 3, 1))),
        "typed_2020": reg.save_patent(paper(2020, TYPED_2020)),
        "awarded_2022": reg.save_patent(paper(2022, AWARDED_2022, inventor_name="李四",
                                              id_number=ID_2, card_number=CARD_2)),
        "studio_awarded": reg.save_project(project(2020, STUDIO_AWARDED, "空调机组变频改造")),
        "studio_sent": reg.save_project(project(2019, STUDIO_SENT, "数控机床精度补偿")),
    }
    for i, number in enumerate(LAST_YEAR):
        ids[f"last_year_{i}"] = reg.save_patent(paper(2021, number, title=f"一种轴承检测方法{i}"))
    approve(reg, PATENT, ids["awarded_2019"], 3000_00)
    approve(reg, PATENT, ids["awarded_2022"], 3000_00)
    approve(reg, PROJECT, ids["studio_awarded"], 10 * WAN)
    reg.set_status(PATENT, ids["refused_2020"], "refused", reason="专利权人非职工")
    reg.set_status(PATENT, ids["last_year_2"], "refused", reason="专利权人非职工")
    recheck(reg)
    return ids


@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    db = tmp_path / "history" / "register.db"
    db.parent.mkdir()
    with Register.open(db, operator="测试员") as reg:
        ids = four_years(reg)
    return db, ids


TITLE = ["2022年职工创新发明专利助推汇总表"]


def patent_table(path: Path, rows: list[list[object]]) -> Path:
    return write_sheet(path, [TITLE, PATENT_HEADERS, *rows], merged=("A1:N1",))


def project_table(path: Path, rows: list[list[object]]) -> Path:
    return write_sheet(path, [["2022年创新项目助推汇总表"], PROJECT_HEADERS, *rows],
                       merged=("A1:N1",))


def run(args: list[str], capsys: Any) -> tuple[int, str, str]:
    code = main([*args, "--operator", "测试员"])
    out, err = capsys.readouterr()
    return code, out, err


CROSS = ("DUPLICATE_APPLICATION", "PERSON_ALREADY_AWARDED_THIS_YEAR",
         "STUDIO_HAS_UNFINISHED_AWARD", "STUDIO_TOO_MANY_APPLICATIONS")


def stored(db: Path, table: str) -> dict[str, list[str]]:
    """Each 2022 application of ``table`` not yet judged by the clerk, by patent number or
    title: its stored findings across applications (a table's row lacks its materials)."""
    with Register.open(db, operator="测试员") as reg:
        key = "patent_number_raw" if table == "patent_applications" else "title"
        return {k: [f.code for f in stored_findings(text) if f.code in CROSS]
                for k, text in reg.conn.execute(
                    f"SELECT a.{key}, a.findings FROM {table} a JOIN campaigns c"
                    " ON c.id = a.campaign_id WHERE c.year = 2022 AND a.status = 'registered'")}


# -- the cases -----------------------------------------------------------------------
def test_a_patent_awarded_in_2019_sent_again_in_2022_is_stored_refused_naming_2019(
        history, tmp_path, capsys):
    """2019's award is no registration of 2022's paper: the row is stored (the table is not
    refused for it) and the rules judge it 不合格 citing 一（三）, as the form's paper is, so
    the union is told in its 核对意见."""
    db, ids = history
    table = patent_table(tmp_path / "t.xlsx", [
        patent_row(专利号=AWARDED_2019, 第一发明人="张三", 身份证号=ID_1, 工会会员互助服务卡号=CARD_1)])
    code, out, err = run(["import", str(table), "--db", str(db)], capsys)
    assert code == 0, err
    assert stored(db, "patent_applications") == {AWARDED_2019: ["DUPLICATE_APPLICATION"]}
    assert (f"专利 {AWARDED_2019} 已于 2019 年度获助推（专利{ids['awarded_2019']}），"
            "同一专利不能重复申报（方案一（三））") in out
    assert "已登记（2019 年度" not in err


def test_a_number_stored_as_typed_this_year_is_known_typed_otherwise(history, tmp_path, capsys):
    """A check digit typed wrong has no canonical number: found among the typed ones. (2020's
    is no registration of 2022's paper: stored, 不合格 for its check digit.)"""
    db, ids = history
    table = patent_table(tmp_path / "t.xlsx", [patent_row(专利号="201910444444.0")])
    code, out, err = run(["import", str(table), "--db", str(db)], capsys)
    assert code == 0, err
    assert "不合格 1 行" in out and "校验位" in out
    code, out, err = run(["import", str(table), "--db", str(db)], capsys)
    assert code == 0, err  # the registered paper as the table gives it: passed over
    assert "已登记（与表中相同）1 行" in out and "没有新的申报" in out


def test_numbers_refused_in_2020_or_sent_a_year_too_early_in_2021_are_taken_in_2022(
        history, tmp_path, capsys):
    """一（三）: a refused paper, or one granted after its year's window, claims nothing."""
    db, _ids = history
    table = patent_table(tmp_path / "t.xlsx", [
        patent_row(专利号=REFUSED_2020),
        patent_row(专利号=EARLY_2021, 授权公告日=date(2021, 3, 1), 第一发明人="赵六",
                   身份证号=ID_3, 工会会员互助服务卡号=card("621700005555555"))])
    code, out, err = run(["import", str(table), "--db", str(db)], capsys)
    assert code == 0, err
    codes = stored(db, "patent_applications")
    assert codes == {REFUSED_2020: [], EARLY_2021: []}


def test_one_award_a_year_sees_this_years_award_and_not_2019s(history, tmp_path, capsys):
    """一（三）每人每年最多享受一次助推: 李四 awarded in 2022 is refused a second; 张三,
    awarded in 2019, is not."""
    db, _ids = history
    second, again = patent_no("202110777777"), patent_no("202110888888")
    table = patent_table(tmp_path / "t.xlsx", [
        patent_row(专利号=second, 第一发明人="李四", 身份证号=ID_2, 工会会员互助服务卡号=CARD_2),
        patent_row(专利号=again, 第一发明人="张三", 身份证号=ID_1, 工会会员互助服务卡号=CARD_1)])
    code, out, err = run(["import", str(table), "--db", str(db)], capsys)
    assert code == 0, err
    assert stored(db, "patent_applications") == {
        second: ["PERSON_ALREADY_AWARDED_THIS_YEAR"], again: []}


def test_last_years_table_sent_again_is_said_and_its_refused_row_named(history, tmp_path, capsys):
    db, _ids = history
    table = patent_table(tmp_path / "t.xlsx", [
        patent_row(专利号=number, 专利名称=f"一种轴承检测方法{i}") for i, number in enumerate(LAST_YEAR)])
    code, out, err = run(["import", str(table), "--db", str(db), "--skip-bad-rows"], capsys)
    assert code == 0, err
    assert "本表 3 行中有 3 行已在 2021 年度登记：是否误把 2021 年度的汇总表再次报送？" in err
    assert "其中第 5 行在 2021 年度未获认可" in err  # the refused one: stored as 2022's


def test_a_studios_project_2019_did_not_award_sent_again_is_imported(history, tmp_path, capsys):
    """二（二）2: a project an earlier year did not fund may apply again."""
    db, _ids = history
    table = project_table(tmp_path / "p.xlsx", [
        project_row(工作室名称=STUDIO_SENT, 项目名称="数控机床、精度补偿")])
    code, out, err = run(["import", str(table), "--db", str(db)], capsys)
    assert code == 0, err
    assert stored(db, "project_applications") == {"数控机床、精度补偿": []}


def test_a_studios_project_2019_funded_sent_again_is_stored_refused_naming_2019(history, tmp_path,
                                                                       capsys):
    """二（二）2: a project the plan funded — here recorded by 补录往年结果 — cannot apply
    again; the row names 2019's award and the clause as the table's year numbers it."""
    from boostdesk.campaign_settings import apply_settings
    from boostdesk.panel.past import record_past_award

    db, ids = history
    with Register.open(db, operator="测试员") as reg:
        record_past_award(reg, ids["studio_sent"], 10 * WAN, date(2019, 12, 20), backup=False)
        reg.save_campaign(apply_settings(reg.campaign(2022), [
            ("clause_project_conditions", "二（一）（三）"), ("clause_project_approval", "二（三）1"),
            ("clause_project_studio", "二（三）2")]))
    table = project_table(tmp_path / "p.xlsx", [
        project_row(工作室名称=STUDIO_SENT, 项目名称="数控机床、精度补偿")])
    code, out, err = run(["import", str(table), "--db", str(db)], capsys)
    assert code == 0, err  # stored, the rules judging it: not refused as registered
    assert "DUPLICATE_APPLICATION" in stored(db, "project_applications")["数控机床、精度补偿"]
    assert (f"项目“数控机床、精度补偿”已于 2019 年度获助推（项目{ids['studio_sent']}，核准），"
            "已获助推的项目不能再次申报（方案二（三）2）") in out


def test_a_studio_awarded_in_2020_and_not_accepted_is_refused_on_import(history, tmp_path,
                                                                        capsys):
    """二（一）: a studio whose earlier award has not passed acceptance cannot apply."""
    db, _ids = history
    table = project_table(tmp_path / "p.xlsx", [
        project_row(工作室名称=STUDIO_AWARDED, 项目名称="转向架检修平台")])
    code, out, err = run(["import", str(table), "--db", str(db)], capsys)
    assert code == 0, err
    assert stored(db, "project_applications") == {"转向架检修平台": ["STUDIO_HAS_UNFINISHED_AWARD"]}
    with Register.open(db, operator="测试员") as reg:
        text = reg.scalar("SELECT findings FROM project_applications WHERE title = '转向架检修平台'")
    [unfinished] = [f for f in stored_findings(text) if f.code == "STUDIO_HAS_UNFINISHED_AWARD"]
    assert "已获 2020 年度“空调机组变频改造”助推" in unfinished.message


# -- the same import as before ---------------------------------------------------------
def _dump(db: Path) -> dict[str, list[tuple]]:
    with Register.open(db, operator="测试员") as reg:
        out = {}
        for table in ("patent_applications", "project_applications", "people", "studios"):
            columns = [c for (_, c, *_rest) in reg.conn.execute(f"PRAGMA table_info({table})")
                       if c not in ("created_at", "updated_at")]
            out[table] = reg.conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY id").fetchall()
        out["audit"] = reg.conn.execute(
            "SELECT id, entity, entity_id, action, operator, before, after FROM audit_events"
            " ORDER BY id").fetchall()
    return out


def _without_times(text: str) -> str:
    return re.sub(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?", "…", text)


def test_a_folder_imported_stores_and_says_what_the_whole_register_reads_did(
        history, tmp_path, capsys, monkeypatch):
    """The tables of every case above, in one folder, imported into two copies of the
    register: once as now, once with the whole-register reads; the same rows, verdicts,
    findings, audit and words."""
    db, _ids = history
    folder = tmp_path / "folder"
    folder.mkdir()
    patent_table(folder / "1.xlsx", [
        patent_row(专利号=AWARDED_2019, 第一发明人="张三", 身份证号=ID_1, 工会会员互助服务卡号=CARD_1),
        patent_row(专利号="201910444444.0"), patent_row(专利号=REFUSED_2020),
        patent_row(专利号=EARLY_2021, 授权公告日=date(2021, 3, 1)),
        patent_row(专利号=patent_no("202110777777"), 第一发明人="李四", 身份证号=ID_2,
                   工会会员互助服务卡号=CARD_2),
        patent_row(专利号=patent_no("202110999999"), 第一发明人="李四", 身份证号=ID_2,
                   工会会员互助服务卡号=CARD_2, 专利名称="一种焊缝缺陷的超声检测方法")])
    patent_table(folder / "2.xlsx", [
        patent_row(专利号=number, 专利名称=f"一种轴承检测方法{i}") for i, number in enumerate(LAST_YEAR)])
    project_table(folder / "3.xlsx", [
        project_row(工作室名称=STUDIO_SENT, 项目名称="数控机床、精度补偿"),
        project_row(工作室名称=STUDIO_AWARDED, 项目名称="转向架检修平台")])
    said = {}
    for name, reference in (("now", False), ("before", True)):
        copy = tmp_path / name / "register.db"
        copy.parent.mkdir()
        shutil.copy(db, copy)
        with monkeypatch.context() as m:
            if reference:
                as_before(m)
            code, out, err = run(["import", str(folder), "--db", str(copy), "--skip-bad-rows"],
                                 capsys)
        said[name] = (code, _without_times(out), _without_times(err), _dump(copy))
    assert said["now"] == said["before"]
    code, out, err, _rows = said["now"]
    assert "2019 年度" in err and "2021 年度" in err and "同一发明人、同一专利名称" in err
    assert f"专利号：登记册为“{AWARDED_2022}”" in err


# -- the narrow reads against the whole ones, on random registers ----------------------
NUMBERS = [patent_no(f"20{y}10{n:06d}") for y in (18, 19, 20, 21) for n in (1, 2, 3)]
TYPED = ["ZL 2019 1 0000007.0", "2020 1 0000008.1", "ZL201810000009。2"]
STUDIOS = ["甲创新工作室", "乙职工创新工作室", "丙劳模创新工作室"]
TITLES = ["数控机床精度补偿", "空调机组变频改造", "转向架检修平台"]
PEOPLE = [resident_id(f"1101051980010{n:04d}") for n in range(1, 6)]
PATENT_TITLES = ["一种焊缝检测装置", "一种 焊缝检测装置", "一种轴承故障诊断方法"]


def _typed_again(raw: str) -> str:
    """The same typed number written otherwise: spaces and the ZL prefix moved."""
    digits = raw.removeprefix("ZL").replace(" ", "")
    return f"ZL {digits}" if not raw.startswith("ZL") else digits


@pytest.fixture(scope="module")
def random_register(tmp_path_factory: Any) -> Register:
    """Four years of papers drawn from a few numbers and studio titles: every number and
    title several times, in several years, some refused or sent a year too early."""
    r = random.Random(20221017)
    reg = Register.open(tmp_path_factory.mktemp("random") / "register.db", operator="测试员")
    for year in YEARS[:-1]:
        reg.save_campaign(plan_2022().for_year(year))
    for _ in range(120):
        year = r.choice(YEARS)
        number = r.choice(NUMBERS + TYPED + [""])
        grant = date(year - 1 if r.random() < 0.8 else year, 6, 15)
        person = r.randrange(len(PEOPLE) + 1)
        app_id = reg.save_patent(paper(
            year, number, grant_date=grant, title=r.choice(PATENT_TITLES),
            id_number=PEOPLE[person] if person < len(PEOPLE) else "",
            inventor_name=f"发明人{person}", phone=r.choice(["13800138000", "13900139000"])))
        status = r.choice(["registered", "registered", "refused", "qualified", "approved"])
        reg.conn.execute("UPDATE patent_applications SET status = ? WHERE id = ?",
                         (status, app_id))
    for _ in range(40):
        year = r.choice(YEARS)
        app_id = reg.save_project(project(year, r.choice(STUDIOS), r.choice(TITLES)))
        status = r.choice(["registered", "refused", "not_awarded", "publicized", "approved",
                           "accepted"])
        reg.conn.execute("UPDATE project_applications SET status = ? WHERE id = ?",
                         (status, app_id))
    yield reg
    reg.close()


patent_rows = st.lists(st.tuples(
    st.one_of(
        st.sampled_from(NUMBERS + TYPED + ["", "不是专利号"]),
        st.sampled_from(TYPED).map(_typed_again),
        st.sampled_from(NUMBERS).map(lambda n: n.removeprefix("ZL").replace(".", ""))),
    st.sampled_from([*PEOPLE, "", "1101051980010001"]),  # the last: its check digit lost
    st.sampled_from(PATENT_TITLES),
    st.sampled_from(["13800138000", "13900139000", ""]),
), max_size=12)
project_rows = st.lists(st.tuples(
    st.sampled_from([*STUDIOS, " 甲创新工作室 ", "丁创新工作室", ""]),
    st.sampled_from([*TITLES, "数控机床、精度补偿", "新项目"])), max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(year=st.sampled_from(YEARS), rows=patent_rows)
def test_patent_rows_read_narrowly_are_marked_as_read_whole(random_register, year, rows):
    preview = SimpleNamespace(
        stream=PATENT, year=year, rows=list(range(3, 3 + len(rows))), columns=PATENT_COLUMNS,
        records=[paper(year, n, id_number=i, title=t, phone=phone) for n, i, t, phone in rows])
    dups = find_duplicates(random_register, preview)
    assert dups == whole_register_duplicates(random_register, preview)
    assert (earlier_year(random_register, preview, dups)
            == whole_register_earlier_year(random_register, preview, dups))
    with pytest.MonkeyPatch.context() as m:
        before = (m.setattr(resend, "_year_patents", whole_year_patents),
                  resend.compare(random_register, preview))[1]
    assert resend.compare(random_register, preview) == before


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(year=st.sampled_from(YEARS), rows=project_rows)
def test_project_rows_read_narrowly_are_marked_as_read_whole(random_register, year, rows):
    preview = SimpleNamespace(
        stream=PROJECT, year=year, rows=list(range(3, 3 + len(rows))), columns=PROJECT_COLUMNS,
        records=[project(year, s, t) for s, t in rows])
    dups = find_duplicates(random_register, preview)
    assert dups == whole_register_duplicates(random_register, preview)
    assert (earlier_year(random_register, preview, dups)
            == whole_register_earlier_year(random_register, preview, dups))
    with pytest.MonkeyPatch.context() as m:
        before = (m.setattr(resend, "registered_projects", whole_year_projects),
                  resend.compare(random_register, preview))[1]
    assert resend.compare(random_register, preview) == before


PATENT_COLUMNS = {c.field: c.header for c in PATENT_TABLE.template_columns()}
PROJECT_COLUMNS = {c.field: c.header for c in PROJECT_TABLE.template_columns()}


def test_the_random_register_has_the_cases_it_is_for(random_register):
    """Not vacuous: numbers in several years, typed ones, refused ones, repeated studios."""
    reg = random_register
    assert reg.scalar("SELECT COUNT(*) FROM (SELECT patent_number FROM patent_applications"
                      " GROUP BY patent_number HAVING COUNT(DISTINCT campaign_id) > 2)") >= 5
    assert reg.scalar("SELECT COUNT(*) FROM patent_applications"
                      " WHERE patent_number IS NULL AND patent_number_raw != ''") >= 10
    assert reg.scalar("SELECT COUNT(*) FROM patent_applications WHERE status = 'refused'") >= 10
    assert reg.scalar("SELECT COUNT(*) FROM (SELECT person_id, title, campaign_id FROM"
                      " patent_applications WHERE person_id IS NOT NULL"
                      " GROUP BY person_id, title, campaign_id HAVING COUNT(*) > 1)") >= 5
    assert reg.scalar("SELECT COUNT(*) FROM (SELECT studio_id, title FROM project_applications"
                      " GROUP BY studio_id, title HAVING COUNT(DISTINCT campaign_id) > 1)") >= 3


# -- what a table reads does not grow with the register --------------------------------
def _grow(reg: Register, n: int) -> None:
    """``n`` more patent and project applications in each year, of people and studios of
    their own: none a table below names. Written straight in (a register to count reads
    on, not to judge)."""
    now = "2022-01-01T00:00:00"
    for year in YEARS:
        cid = reg.campaign_id(year)
        people = reg.scalar("SELECT COALESCE(MAX(id), 0) FROM people")
        studios = reg.scalar("SELECT COALESCE(MAX(id), 0) FROM studios")
        reg.conn.executemany("INSERT INTO people (id, name, id_number) VALUES (?, ?, ?)",
                             [(people + i, f"人{people + i}", f"X{people + i:017d}")
                              for i in range(1, n + 1)])
        reg.conn.executemany(
            "INSERT INTO patent_applications (campaign_id, person_id, title, patent_number_raw,"
            " patent_number, created_at, updated_at) VALUES (?, ?, '一种装置', ?, ?, ?, ?)",
            [(cid, people + i, f"N{people + i}", f"N{people + i}", now, now)
             for i in range(1, n + 1)])
        reg.conn.executemany("INSERT INTO studios (id, name) VALUES (?, ?)",
                             [(studios + i, f"工作室{studios + i}") for i in range(1, n // 4 + 1)])
        reg.conn.executemany(
            "INSERT INTO project_applications (campaign_id, studio_id, title, created_at,"
            " updated_at) VALUES (?, ?, '项目', ?, ?)",
            [(cid, studios + i, now, now) for i in range(1, n // 4 + 1)])


def _steps(reg: Register, work: Any) -> int:
    """SQLite's virtual machine steps ``work`` takes: what it reads."""
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    reg.conn.set_progress_handler(tick, 1)
    try:
        work()
    finally:
        reg.conn.set_progress_handler(None, 0)
    return count[0]


def test_what_a_table_reads_does_not_grow_with_the_years_applications(reg):
    """A table is set against the applications of its own numbers, inventors and studios:
    the register five times larger, it reads about as much (the whole reads it replaced
    read five times as much)."""
    four_years(reg)
    # a union's table of 300 rows, some of them the register's: SQLite chooses its index by
    # how many keys a look-up has
    others = [paper(2022, patent_no(f"2021109{i:05d}"), id_number=f"Y{i:017d}")
              for i in range(300)]
    patent_records = [
        paper(2022, AWARDED_2019, inventor_name="张三", id_number=ID_1),
        paper(2022, TYPED_2020), paper(2022, LAST_YEAR[0]),
        paper(2022, AWARDED_2022, inventor_name="李四", id_number=ID_2),
        paper(2022, patent_no("202110777777"), inventor_name="李四", id_number=ID_2), *others]
    patents = SimpleNamespace(stream=PATENT, year=2022, columns=PATENT_COLUMNS,
                              rows=list(range(3, 3 + len(patent_records))), records=patent_records)
    project_records = [project(2022, STUDIO_SENT, "数控机床精度补偿"),
                       project(2022, STUDIO_AWARDED, "转向架检修平台"),
                       *(project(2022, f"新工作室{i}", "项目") for i in range(300))]
    projects = SimpleNamespace(stream=PROJECT, year=2022, columns=PROJECT_COLUMNS,
                               rows=list(range(3, 3 + len(project_records))),
                               records=project_records)

    def narrow() -> None:
        for preview in (patents, projects):
            dups = find_duplicates(reg, preview)
            earlier_year(reg, preview, dups)
            resend.compare(reg, preview)

    def whole() -> None:
        with pytest.MonkeyPatch.context() as m:
            as_before(m)
            for preview in (patents, projects):
                dups = whole_register_duplicates(reg, preview)
                whole_register_earlier_year(reg, preview, dups)
                resend.compare(reg, preview)

    _grow(reg, 150)
    small = (_steps(reg, narrow), _steps(reg, whole))
    _grow(reg, 600)
    large = (_steps(reg, narrow), _steps(reg, whole))
    assert large[1] > 3 * small[1]  # the measure sees a whole read
    assert 0 < large[0] < 1.2 * small[0], (small, large)
