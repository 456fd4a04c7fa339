"""An earlier year's paper the clerk refused at 资格审核 keeps the verdict it had: what it
lacked still asked (待补材料), what it broke 不合格 with its clause. Stop 35 settled it with
the year's decided papers once a newer year came (its missing facts "该年度结果已定，无须补充"),
so a paper refused for what it lacked read 合格 beside 资格审核不通过 — the status 往年结年
gives the patents it closes, which are settled as before. The two are told apart by the
refusal's reason (workflow.CLOSE_REASON); migration 22 carries registers over."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from boostdesk.cli import main
from boostdesk.models import Register, plan_2022
from boostdesk.models.records import PATENT, PROJECT, PatentApplication
from boostdesk.models.schema import SCHEMA_VERSION
from boostdesk.panel.past_close import CLOSE_REASON, close_year
from boostdesk.rules import check_campaign, check_patent_draft, check_project_draft, recheck
from boostdesk.rules.findings import stored_findings, to_json
from boostdesk.ui import queries
from tests.test_finance import card_of
from tests.test_past_awards import past, project  # noqa: F401 - fixture
from tests.test_past_verdicts import ASK, BARE, SETTLED, _shown, _stored

LACKING = "申报表、企业应用证明未报，退回"


def _patent(reg: Register, name: str, id_number: str, number: str, **over: Any) -> int:
    """A 2022 paper as an old table gives it: no 收件日期, no materials."""
    given: dict[str, Any] = {"frontline": True, "service_invention": True,
                             "applied_in_production": True, **BARE, **over}
    return reg.save_patent(PatentApplication(
        campaign_year=2022, title=f"一种测试装置（{name}）", patent_number_raw=number,
        grant_date=date(2021, 5, 11), inventor_name=name, id_number=id_number,
        card_number=card_of(id_number), unit_name="海淀区总工会",
        enterprise_name="北京测试有限公司", **given))


def _year_2022(reg: Register) -> dict[str, int]:
    """2022's papers: one the clerk refused for what it lacked, one refused for what it
    broke (not a service invention: 一（二）2) and lacking the same, one left undecided."""
    ids = {"lacking": _patent(reg, "李四", "110108198503070034", "ZL202110654321.3"),
           "broke": _patent(reg, "王五", "110105198507070024", "ZL202110654321.5",
                            service_invention=False),
           "left": _patent(reg, "赵六", "11010519491231002X", "ZL202110123456.7")}
    recheck(reg)
    reg.set_status(PATENT, ids["lacking"], "refused", LACKING)
    reg.set_status(PATENT, ids["broke"], "refused", "非职务发明")
    recheck(reg)
    return ids


def _said(reg: Register, app_id: int) -> tuple[list[str], list[str]]:
    """(blocking messages, messages of the facts still asked for) as stored."""
    findings = _stored(reg, PATENT, app_id)[2]
    return ([f.message for f in findings if f.blocking],
            [f.message for f in findings if f.missing])


def test_a_patent_the_clerk_refused_keeps_its_verdict_once_a_newer_year_comes(reg):
    ids = _year_2022(reg)
    before = {k: _stored(reg, PATENT, i) for k, i in ids.items()}
    assert _shown(reg, PATENT, 2022, ids["lacking"]) == "待补材料"
    assert _shown(reg, PATENT, 2022, ids["broke"]) == "不合格"

    reg.save_campaign(plan_2022().for_year(2023))  # 2022 is an earlier year now
    recheck(reg)
    close_year(reg, 2022, patents=True)  # the one left: 资格审核不通过 by the close
    recheck(reg)
    assert (reg.patent(ids["left"]).status, reg.patent(ids["left"]).status_reason) == (
        "refused", CLOSE_REASON)

    # the clerk's refusals: as they were judged before 2022 was decided, to the text
    for key in ("lacking", "broke"):
        assert _stored(reg, PATENT, ids[key]) == before[key], key
    assert _shown(reg, PATENT, 2022, ids["lacking"]) == "待补材料"
    blocking, asked = _said(reg, ids["lacking"])
    assert not blocking and any("收件日期" in m for m in asked)
    assert all(m.endswith(ASK) or "材料未齐" in m for m in asked), asked
    assert _shown(reg, PATENT, 2022, ids["broke"]) == "不合格"
    blocking, asked = _said(reg, ids["broke"])
    assert any("职务发明" in m and "一（二）2" in m for m in blocking), blocking
    assert asked  # what it lacked is said too, not settled

    # the close's paper: settled as stop 35 made it (its year's outcome is recorded)
    assert _shown(reg, PATENT, 2022, ids["left"]) == "合格"
    ok, missing, findings = _stored(reg, PATENT, ids["left"])
    assert (ok, missing) == (1, 0)
    assert any(f.message.endswith(SETTLED) for f in findings)

    # the stored verdicts are the rules': a full check and the form agree
    checked = {v.app_id: v for v in check_campaign(reg, 2022)}
    for i in ids.values():
        assert to_json(checked[i].findings) == to_json(list(_stored(reg, PATENT, i)[2]))
        assert to_json(check_patent_draft(reg, reg.patent(i)).findings) == to_json(
            checked[i].findings)
    # the status bar counts the decisions: all three 资格审核不通过
    assert queries.counts(reg, PATENT, 2022) == queries.Counts(3, 0, 3, 0)


def test_a_close_taken_back_and_the_paper_refused_by_the_clerk_asks_again(reg):
    ids = _year_2022(reg)
    reg.save_campaign(plan_2022().for_year(2023))
    close_year(reg, 2022, patents=True)
    recheck(reg)
    left = ids["left"]
    assert _shown(reg, PATENT, 2022, left) == "合格"
    reg.set_status(PATENT, left, "registered", "撤销结年")  # (as reopen_year does)
    reg.set_status(PATENT, left, "refused", LACKING)  # now the clerk's refusal
    recheck(reg)
    assert _shown(reg, PATENT, 2022, left) == "待补材料"
    assert _stored(reg, PATENT, left)[:2] == (1, 1)


def test_an_earlier_years_project_refused_at_qualification_keeps_what_it_lacked(past):  # noqa: F811
    """The project stream: 资格审核不通过 is only ever the clerk's (往年结年 leaves its projects
    未获助推), and stop 35 settled it all the same."""
    refused = past.save_project(project(2016, "空调机组变频改造", studio="第2职工创新工作室",
                                        **BARE))
    closed = past.save_project(project(2016, "数控机床精度补偿", studio="第1职工创新工作室",
                                       **BARE))
    recheck(past)
    past.set_status(PROJECT, refused, "refused", "立项文件、启动资金证明未报")
    close_year(past, 2016)
    recheck(past)
    assert _shown(past, PROJECT, 2016, refused) == "待补材料"
    assert _stored(past, PROJECT, refused)[:2] == (1, 1)
    assert any(f.message.endswith(ASK) for f in _stored(past, PROJECT, refused)[2])
    assert _shown(past, PROJECT, 2016, closed) == "合格"
    assert check_project_draft(past, past.project(refused)).incomplete


# -- the command line ---------------------------------------------------------------------
def _cli(db: Path, args: list[str], capsys: Any) -> tuple[int, str, str]:
    code = main([*args, "--db", str(db), "--operator", "测试员"])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_and_stats_say_the_refused_paper_lacks_what_it_lacked(tmp_path, capsys):
    """`campaign new --year 2023` makes 2022 earlier; `panel close-year --patents` closes
    the rest: `check --year 2022` says the clerk's refusal 待补材料 with each fact to
    supply, the close's 合格, and `stats` counts them so."""
    db = tmp_path / "register.db"
    reg = Register.open(db, "测试员")
    ids = _year_2022(reg)
    reg.close()
    for args in (["campaign", "new", "--year", "2023"],
                 ["panel", "close-year", "--year", "2022", "--patents", "--yes"]):
        code, out, err = _cli(db, args, capsys)
        assert code == 0, err
    code, out, err = _cli(db, ["check", "--year", "2022"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "李四" in line)
    assert lines[at].endswith("李四 待补材料"), lines[at]
    assert "缺少“收件日期”，无法核对报送时限（方案三），请补充" in "\n".join(lines[at:at + 4])
    assert next(line for line in lines if "王五" in line).endswith("不合格")
    assert next(line for line in lines if "赵六" in line).endswith("赵六 合格")
    assert lines[-2] == "合计：合格 1 项，不合格 1 项，待补材料 1 项"
    assert lines[-1].startswith("修改记录防篡改校验：完整")  # then the trail's chain
    code, out, err = _cli(db, ["check", "--year", "2022", "--json"], capsys)
    said = {v["id"]: (v["eligible"], v["incomplete"]) for v in json.loads(out)}
    assert said == {ids["lacking"]: (True, True), ids["broke"]: (False, True),
                    ids["left"]: (True, False)}
    code, out, err = _cli(db, ["stats", "--year", "2022"], capsys)
    assert code == 0, err
    totals = [line.split() for line in out.splitlines() if line.startswith("合计")]
    # 收到申报 3: 合格 1 (the close's), 不合格 1, 待补材料 1 by the rules' check; by stage
    # (已登记, 资格审核通过, 资格审核不通过, …) 资格审核不通过 3
    assert totals[0][1:6] == ["3", "1", "1", "1", "0"], totals[0]
    assert totals[1][1:5] == ["3", "0", "0", "3"], totals[1]


def test_a_settled_finding_unsettled_is_the_rules_own_again():
    from boostdesk.rules.findings import missing, settled, unsettled, warning
    from boostdesk.rules.patent import materials

    asked = missing("LATE_SUBMISSION", "收件日期", "报送时限（方案三）", "received_date")
    [lacking] = materials(plan_2022(), PatentApplication(2022))
    other = warning("NOTE", "提示", None)
    for f in (asked, lacking, other):
        assert unsettled(settled(f)) == f, f
    assert settled(asked).message.endswith(SETTLED) and lacking.missing


# -- a register stop 35 left --------------------------------------------------------------
def _stop_35_register(path: Path, monkeypatch: Any, version: int = 21) -> dict[str, int]:
    """A register of schema 21 as stop 35 stored it: 2022's refusals settled with the
    close's paper (stop 35's rule: every status past the undecided ones settles); of
    schema 18, as stop 34 did: nothing settled."""
    import boostdesk.rules.check as check
    from boostdesk.models.workflow import UNDECIDED
    from boostdesk.rules import refresh
    from tests.test_migrations import as_version

    reg = Register.open(path, "测试员")
    ids = _year_2022(reg)
    reg.save_campaign(plan_2022().for_year(2023))
    close_year(reg, 2022, patents=True)
    with monkeypatch.context() as then:
        then.setattr(check, "outcome_recorded",
                     lambda status, _reason: version > 18 and status not in UNDECIDED)
        refresh(reg, 2022)
    assert [_stored(reg, PATENT, i)[:2] for i in ids.values()] == (
        [(1, 0), (0, 0), (1, 0)] if version > 18 else [(1, 1), (0, 1), (1, 1)])
    reg.close()
    conn = sqlite3.connect(path)
    as_version(conn, version)
    conn.commit()
    conn.close()
    return ids


def test_migration_22_asks_again_for_what_the_clerks_refusals_lacked(tmp_path, monkeypatch):
    """The upgrade's own step, before any re-check: the refused papers' stored columns are
    what this version's rules store, to the finding's text; the close's paper is left."""
    from boostdesk.models.register import migrate, open_connection

    path = tmp_path / "v21.db"
    ids = _stop_35_register(path, monkeypatch)
    conn = open_connection(path)
    before = {r[0]: r[1:] for r in conn.execute(
        "SELECT id, eligible, incomplete, findings FROM patent_applications")}
    rows: dict[int, int] = {}
    assert migrate(conn, rows=rows) == SCHEMA_VERSION
    after = {r[0]: r[1:] for r in conn.execute(
        "SELECT id, eligible, incomplete, findings FROM patent_applications")}
    lines = conn.execute(
        "SELECT entity_id, before, after FROM audit_events WHERE note = '登记册升级'"
        " AND action = 'update' ORDER BY id").fetchall()
    conn.close()
    assert rows[22] == 4  # two papers: each its line in the trail and its row
    # one line per paper given its verdict back: the verdict it showed, the one it shows
    assert [(i, json.loads(b)["verdict"], json.loads(a)["verdict"]) for i, b, a in lines] == [
        (ids["lacking"], "合格", "待补材料"), (ids["broke"], "不合格", "不合格")]
    assert after[ids["left"]] == before[ids["left"]]
    reg = Register.open(path, "测试员")
    try:
        checked = {v.app_id: v for v in check_campaign(reg, 2022)}
        for key in ("lacking", "broke"):
            v = checked[ids[key]]
            assert after[ids[key]] == (int(v.eligible), 1, to_json(v.findings)), key
    finally:
        reg.close()


def test_an_upgraded_register_shows_the_refusal_waiting_and_says_so(tmp_path, monkeypatch):
    from boostdesk.safety import open_register

    path = tmp_path / "v21.db"
    ids = _stop_35_register(path, monkeypatch)
    opened = open_register(path, "测试员", start_backup=False)
    try:
        reg = opened.reg
        assert [_shown(reg, PATENT, 2022, i) for i in ids.values()] == [
            "待补材料", "不合格", "合格"]
        assert any("往年“资格审核不通过”的 2 份申报恢复原核对结论" in w for w in opened.warnings), \
            opened.warnings
        assert not any(f.message.endswith(SETTLED)
                       for f in stored_findings(reg.scalar(
                           "SELECT findings FROM patent_applications WHERE id = ?",
                           (ids["lacking"],))))
    finally:
        opened.reg.close()


def test_an_upgrade_from_stop_34_settles_the_close_alone_and_says_one(tmp_path, monkeypatch):
    """From schema 18, 19 settles the three papers and 22 takes back the clerk's two in
    the same upgrade: the office is told of the one that moved, and nothing 恢复."""
    from boostdesk.safety import open_register

    path = tmp_path / "v18.db"
    ids = _stop_35_register(path, monkeypatch, 18)
    opened = open_register(path, "测试员", start_backup=False)
    try:
        assert [_shown(opened.reg, PATENT, 2022, i) for i in ids.values()] == [
            "待补材料", "不合格", "合格"]
        [said] = [w for w in opened.warnings if "已升级" in w]
        assert "往年已定结果的 1 份申报由“待补材料”改为“合格”。" in said, said
        assert "恢复" not in said
    finally:
        opened.reg.close()
