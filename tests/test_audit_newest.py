"""查看 → 修改记录 reads the trail newest first, a page at a time: the same lines as the
export and `boostdesk audit` (their words, their years), turned round, whatever was
deleted, moved or merged in between; an operator and days chosen in SQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from boostdesk import audit_log, audit_picks
from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register

try:  # (each test below fails alone without it)
    from boostdesk.audit_newest import Chosen, NewestFirst
except ImportError:
    Chosen = NewestFirst = None  # type: ignore[assignment, misc]

GEAR = "高精度齿轮测量中心国产化应用"  # a registered 2022 project of the demo
YEAR = ["--year", "2022"]


@pytest.fixture(scope="module")
def busy(tmp_path_factory) -> Path:
    """The demo register, then a week of changes by two clerks: a paper moved between
    years, a project refused and deleted with its conflict, a patent deleted after
    corrections, a union renamed, an objection entered by mistake and withdrawn."""
    db = tmp_path_factory.mktemp("newest") / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    run = [["panel", "qualify", "--pass", GEAR, *YEAR],
           ["panel", "conflict", "--expert", "何文静", "--project", GEAR,
            "--reason", "何文静为该工作室顾问", *YEAR],
           ["panel", "qualify", "--refuse", "--reason", "重复申报", GEAR, *YEAR],
           ["correct", "union", "朝阳区总工会", "朝阳区总工会（更正）", "--reason", "录错"],
           ["campaign", "new", "--year", "2023"]]
    for n, command in enumerate(run):
        assert main([*command, "--db", str(db), "--operator", "李梦遥" if n % 2 else "高珊"]) == 0
    with Register.open(db, operator="高珊") as reg:
        pid = int(reg.scalar("SELECT id FROM project_applications WHERE title = ?", (GEAR,)))
        reg.delete_application("project", pid)
        gone = reg.save_patent(PatentApplication(2022, inventor_name="王五", title="一种扳手"))
        app = reg.application("patent", gone)
        reg.operator = "李梦遥"
        from dataclasses import replace

        reg.save_patent(replace(app, remarks="补充"))
        reg.save_patent(replace(reg.application("patent", gone), title="一种活动扳手"))
        moved = reg.save_patent(PatentApplication(2022, inventor_name="赵六", title="一种钳子"))
        reg.set_status("patent", moved, "refused", "授权日不在本年度范围")
        reg.move_to_year("patent", moved, 2023)
        reg.operator = "高珊"
        reg.save_patent(replace(reg.application("patent", moved), remarks="移年后补充"))
        reg.delete_application("patent", gone)
    return db


def _all(reader: NewestFirst, page: int) -> list[audit_log.Line]:
    got: list[audit_log.Line] = []
    while not reader.done:
        got += reader.more(page)
    return got


@pytest.mark.parametrize("year", [None, 2021, 2022, 2023])
def test_newest_first_is_the_trail_turned_round(busy, year):
    with Register.open(busy, operator="审计") as reg:
        forward = audit_log.trail(reg, year=year)
        got = _all(NewestFirst(reg, Chosen(year=year)), 37)
    assert got == forward[::-1]
    assert any("（已删除）" in x.subject for x in got) or year in (2021, 2023)


@pytest.mark.parametrize("picked", [
    {"operator": "李梦遥"},
    {"operator": "高珊", "year": 2022},
    {"first": date.today(), "last": date.today()},
    {"operator": "李梦遥", "first": date(2000, 1, 1), "year": 2023},
])
def test_an_operator_and_days_are_the_exports_picks(busy, picked):
    """The view's choice and the export's (导出… from the view) give the same lines."""
    chosen = Chosen(**picked)
    with Register.open(busy, operator="审计") as reg:
        _title, _count, lines = chosen.choice().trail(reg)
        forward = list(lines)
        got = _all(NewestFirst(reg, chosen), 50)
    assert got == forward[::-1]
    assert got, chosen
    if chosen.operator:
        assert {x.operator for x in got} == {chosen.operator}


def test_a_paper_or_a_person_is_read_whole_and_turned_round(busy):
    with Register.open(busy, operator="审计") as reg:
        whose = audit_picks.whose(reg, "专利1")
        forward = audit_log.trail(reg, application=whose.application)
        reader = NewestFirst(reg, Chosen(whose=whose))
        first = reader.more(2)
        assert not reader.done
        rest = _all(reader, 2)
    assert first + rest == forward[::-1]


def test_the_first_page_does_not_read_the_whole_trail(busy):
    """A page is one query of its lines (and the few deletions and moves read first): the
    clerk sees this week's changes at once on a register of a million lines."""
    with Register.open(busy, operator="审计") as reg:
        seen: list[str] = []
        reg.conn.set_trace_callback(seen.append)
        try:
            reader = NewestFirst(reg, Chosen())
            page = reader.more(5)
        finally:
            reg.conn.set_trace_callback(None)
    assert len(page) == 5 and not reader.done
    pages = [s for s in seen if "ORDER BY id DESC LIMIT" in s]
    assert len(pages) == 1 and pages[0].rstrip().endswith(str(200))


def test_another_choice_reuses_what_was_read_once(busy):
    """The view's filters changed: the register's applications and payments are not read
    again (a second on ten years of 10,000 papers), and the lines are the same."""
    with Register.open(busy, operator="审计") as reg:
        first = NewestFirst(reg, Chosen())
        first.more(3)
        seen: list[str] = []
        reg.conn.set_trace_callback(seen.append)
        try:
            again = first.again(Chosen(year=2022, operator="高珊"))
        finally:
            reg.conn.set_trace_callback(None)
        assert not [s for s in seen if "FROM patent_applications a LEFT JOIN people" in s]
        assert _all(again, 40) == _all(NewestFirst(reg, Chosen(year=2022, operator="高珊")), 40)
