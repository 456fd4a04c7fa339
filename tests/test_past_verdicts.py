"""An earlier year's decided paper stores the verdict it has: 合格 (or 不合格 with its clause),
not 待补材料 for ever. Old tables have no 收件日期 or materials; once the year's outcome is
recorded (补录往年结果, 往年结年, awarded and paid) there is nothing to send. Stop 34 counted
such papers 合格 in the status bar and `stats` while the lists, the 资格 filter and `check`
said 待补材料."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PATENT, PROJECT, PatentApplication
from boostdesk.models.schema import SCHEMA_VERSION
from boostdesk.panel.past import record_past_award
from boostdesk.panel.past_close import close_year, reopen_year
from boostdesk.rules import check_campaign, check_project_draft, recheck
from boostdesk.rules.findings import Finding, stored_findings, to_json
from boostdesk.ui import queries
from tests.test_finance import add_patent, card_of
from tests.test_past_awards import WAN, past, project  # noqa: F401 - fixture

BARE = {"materials": {}, "received_date": None}  # what a table of 2016 gives
ASK, SETTLED = "，请补充", "，该年度结果已定，无须补充"  # a missing fact asked for; not asked


def _stored(reg: Register, stream: str, app_id: int) -> tuple[int, int, list[Finding]]:
    table = queries.SPECS[stream].table
    ok, missing, text = reg.conn.execute(
        f"SELECT eligible, incomplete, findings FROM {table} WHERE id = ?", (app_id,)).fetchone()
    return ok, missing, list(stored_findings(text))


def _shown(reg: Register, stream: str, year: int, app_id: int) -> str:
    """The 资格 column of the register's list, and the filter that finds it."""
    spec = queries.SPECS[stream]
    shown = queries.VERDICT_ZH[queries.load_rows(reg, spec, [app_id])[app_id].verdict]
    found = [v for v in queries.VERDICT_ZH if app_id in queries.search_ids(
        reg, spec, year, queries.Filters(verdict=v))]
    assert [queries.VERDICT_ZH[v] for v in found] == [shown]
    return shown


def _as_checked(reg: Register, year: int) -> dict[int, tuple[bool, bool, list[Finding]]]:
    """What a full check of ``year`` says of its projects (the stored verdicts must agree)."""
    return {v.app_id: (v.eligible, v.incomplete, v.findings)  # type: ignore[misc]
            for v in check_campaign(reg, year) if v.stream == PROJECT}


def test_a_recorded_award_and_a_closed_years_papers_store_eligible(past):  # noqa: F811
    awarded = past.save_project(project(2016, "数控机床精度补偿", studio="第1职工创新工作室", **BARE))
    left = past.save_project(project(2016, "空调机组变频改造", studio="第2职工创新工作室", **BARE))
    now = past.save_project(project(2022, "今年的项目", studio="第3职工创新工作室", **BARE))
    recheck(past)
    assert [_shown(past, PROJECT, y, i) for y, i in ((2016, awarded), (2016, left), (2022, now))] \
        == ["待补材料"] * 3
    record_past_award(past, awarded, 5 * WAN, date(2016, 12, 20))
    recheck(past)
    ok, missing, findings = _stored(past, PROJECT, awarded)
    assert (ok, missing) == (1, 0)
    assert _shown(past, PROJECT, 2016, awarded) == "合格"
    # what was missing is still said, as a 提示 that asks for nothing
    said = [f.message for f in findings if f.field == "received_date"]
    assert said and all(m.endswith(SETTLED) and ASK not in m for m in said), said
    assert not any(f.missing for f in findings)
    assert _shown(past, PROJECT, 2016, left) == "待补材料"  # undecided: it still waits
    close_year(past, 2016)
    recheck(past)
    assert _shown(past, PROJECT, 2016, left) == "合格"
    assert _shown(past, PROJECT, 2022, now) == "待补材料"  # the newest year as it was
    # the stored verdicts are the rules': a full check, the status bar, the form agree
    checked = _as_checked(past, 2016)
    assert {i: (ok, missing) for i, (ok, missing, _) in checked.items()} == {
        awarded: (True, False), left: (True, False)}
    assert checked[left][2] == _stored(past, PROJECT, left)[2]
    assert queries.counts(past, PROJECT, 2016) == queries.Counts(2, 2, 0, 0)
    assert not check_project_draft(past, past.project(left)).incomplete
    # the close taken back: the year's outcome not recorded, the paper waits again
    reopen_year(past, 2016, "误结年")
    recheck(past)
    assert _shown(past, PROJECT, 2016, left) == "待补材料"
    assert _shown(past, PROJECT, 2016, awarded) == "合格"


def test_a_decided_paper_the_rules_fail_is_refused_with_its_clause_not_waiting(past):  # noqa: F811
    """More asked than half the budget (二（二）2: 不合格) and no 收件日期: 不合格 with its
    clause; the missing date is settled like any other."""
    pid = past.save_project(project(2016, total_budget_fen=8 * WAN, requested_fen=5 * WAN, **BARE))
    recheck(past)
    assert _stored(past, PROJECT, pid)[:2] == (0, 1)
    close_year(past, 2016)
    recheck(past)
    ok, missing, findings = _stored(past, PROJECT, pid)
    assert (ok, missing) == (0, 0)
    assert _shown(past, PROJECT, 2016, pid) == "不合格"
    refused = [f.message for f in findings if f.blocking]
    assert refused and all("（" in m and "）" in m for m in refused), refused
    assert not any(f.missing for f in findings)


def _cli(db: Path, args: list[str], capsys: Any) -> tuple[int, str, str]:
    code = main([*args, "--db", str(db), "--operator", "测试员"])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_records_2016_and_check_says_eligible(tmp_path, capsys):
    """`panel record-past`, then `check --year 2016`: the paper 合格 in the file and in
    what `check` prints, as `stats` counts it."""
    from boostdesk.models import plan_2022

    db = tmp_path / "register.db"
    reg = Register.open(db, "测试员")
    reg.save_campaign(plan_2022().for_year(2016))
    pid = reg.save_project(project(2016, **BARE))
    reg.close()
    code, out, err = _cli(db, ["panel", "record-past", "数控机床精度补偿", "--year", "2016",
                               "--tier", "50000", "--date", "2016-12-20"], capsys)
    assert code == 0, err
    reg = Register.open(db, "测试员")
    try:
        assert _stored(reg, PROJECT, pid)[:2] == (1, 0)
        assert _shown(reg, PROJECT, 2016, pid) == "合格"
    finally:
        reg.close()
    code, out, err = _cli(db, ["check", "--year", "2016", "--json"], capsys)
    assert code == 0, err
    [said] = [v for v in json.loads(out) if v["id"] == pid and v["stream"] == PROJECT]
    assert said["eligible"] and not said["incomplete"]
    code, out, err = _cli(db, ["stats", "--year", "2016"], capsys)
    assert code == 0, err


def test_a_new_year_makes_the_last_ones_decided_papers_stop_waiting(tmp_path, capsys):
    """2022 the newest: its approved paper with no 收件日期 is 待补材料 (still to be sent this
    year). `campaign new --year 2023` makes 2022 an earlier year: the paper 合格."""
    db = tmp_path / "register.db"
    reg = Register.open(db, "测试员")
    paper = add_patent(reg)
    waiting = reg.save_patent(PatentApplication(
        campaign_year=2022, title="一种测试装置", patent_number_raw="ZL202110654321.3",
        grant_date=date(2021, 5, 11), inventor_name="李四", id_number="110108198503070034",
        card_number=card_of("110108198503070034"), unit_name="海淀区总工会",
        enterprise_name="北京测试有限公司", frontline=True, service_invention=True,
        applied_in_production=True))
    recheck(reg)
    assert _stored(reg, PATENT, paper)[:2] == (1, 1)
    reg.close()
    code, out, err = _cli(db, ["campaign", "new", "--year", "2023"], capsys)
    assert code == 0, err
    reg = Register.open(db, "测试员")
    try:
        assert _stored(reg, PATENT, paper)[:2] == (1, 0)
        assert _shown(reg, PATENT, 2022, paper) == "合格"
        assert _shown(reg, PATENT, 2022, waiting) == "待补材料"  # not decided
        assert {v.app_id: (v.eligible, v.incomplete) for v in check_campaign(reg, 2022)} == {
            paper: (True, False), waiting: (True, True)}
    finally:
        reg.close()


# -- a register an older BoostDesk left -------------------------------------------------
def _old_shape(path: Path, monkeypatch: Any) -> tuple[int, int, int]:
    """A register of schema 18 as stop 34 stored it: 2016's recorded award 待补材料, its
    missing facts asked for (the rules of then: nothing settled); 2016's undecided paper
    and 2022's as they were."""
    import boostdesk.rules.check as check
    from boostdesk.models import plan_2022
    from boostdesk.rules import refresh
    from tests.test_migrations import as_version

    reg = Register.open(path, "测试员")
    reg.save_campaign(plan_2022().for_year(2016))
    awarded = reg.save_project(project(2016, "数控机床精度补偿", studio="第1职工创新工作室", **BARE))
    left = reg.save_project(project(2016, "空调机组变频改造", studio="第2职工创新工作室", **BARE))
    now = reg.save_project(project(2022, "今年的项目", studio="第3职工创新工作室", **BARE))
    record_past_award(reg, awarded, 5 * WAN, date(2016, 12, 20))
    recheck(reg)
    with monkeypatch.context() as then:
        then.setattr(check, "settles", lambda _reg, _year: False, raising=False)
        refresh(reg, 2016)
    assert _stored(reg, PROJECT, awarded)[:2] == (1, 1)
    reg.close()
    conn = sqlite3.connect(path)
    as_version(conn, 18)
    conn.commit()
    conn.close()
    return awarded, left, now


def test_migration_19_stores_the_verdict_an_earlier_years_decided_paper_has(
        tmp_path, monkeypatch):
    """The upgrade's own step, before any re-check: the stored columns are what this
    version's rules store, to the finding's text; the others are left as they were."""
    from boostdesk.models.register import migrate, open_connection

    path = tmp_path / "v18.db"
    awarded, left, now = _old_shape(path, monkeypatch)
    conn = open_connection(path)
    before = {r[0]: r[1:] for r in conn.execute(
        "SELECT id, eligible, incomplete, findings FROM project_applications")}
    assert before[awarded][1] == 1
    assert migrate(conn) == SCHEMA_VERSION
    after = {r[0]: r[1:] for r in conn.execute(
        "SELECT id, eligible, incomplete, findings FROM project_applications")}
    conn.close()
    assert after[left] == before[left] and after[now] == before[now]
    reg = Register.open(path, "测试员")
    try:
        checked = _as_checked(reg, 2016)[awarded]
        assert after[awarded] == (1, 0, to_json(checked[2]))
    finally:
        reg.close()


def test_an_upgraded_register_shows_the_past_award_eligible_and_the_trail_says_upgraded(
        tmp_path, monkeypatch):
    from boostdesk.audit_log import trail
    from boostdesk.safety import open_register

    path = tmp_path / "v18.db"
    awarded, left, now = _old_shape(path, monkeypatch)
    opened = open_register(path, "测试员", start_backup=False)
    try:
        reg = opened.reg
        assert [_shown(reg, PROJECT, y, i) for y, i in ((2016, awarded), (2016, left),
                                                       (2022, now))] == ["合格", "待补材料", "待补材料"]
        assert queries.counts(reg, PROJECT, 2016) == queries.Counts(2, 1, 0, 1)
        [line] = [x for x in trail(reg) if x.action == "登记册升级"]
        assert line.details.startswith(f"登记册格式 18 → {SCHEMA_VERSION}")
    finally:
        opened.reg.close()
