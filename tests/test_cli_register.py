"""`boostdesk demo`, `check` and `campaign` as IT staff would script them."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter

import pytest

from boostdesk.cli import main
from boostdesk.models import Register

PLAN_CODES = {
    "PATENT_NUMBER_INVALID", "PATENT_NOT_INVENTION", "GRANT_DATE_OUTSIDE_WINDOW",
    "NOT_APPLIED_IN_PRODUCTION", "NOT_SERVICE_INVENTION", "NOT_FRONTLINE", "NO_UNION_CARD",
    "UNION_CARD_INVALID", "PERSON_ALREADY_AWARDED_THIS_YEAR", "DUPLICATE_APPLICATION",
    "PROJECT_NOT_APPROVED_IN_YEAR", "NO_STARTUP_FUNDS", "COMPLETION_TOO_LATE",
    "STUDIO_TOO_MANY_APPLICATIONS", "STUDIO_HAS_UNFINISHED_AWARD", "BOOST_OVER_BUDGET_SHARE",
    "LATE_SUBMISSION",
}
AWARDED = {"approved", "paid", "paid_first", "accepted", "paid_final"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(path)]) == 0
    return path


def check_json(capsys, db, *extra: str) -> list[dict]:
    code, out, err = run(capsys, "check", "--db", str(db), "--json", *extra)
    assert code == 0 and err == ""
    return json.loads(out)


# -- demo then check ------------------------------------------------------------------
def test_demo_then_check_json_shows_a_plausible_mix(capsys, demo_db):
    verdicts = check_json(capsys, demo_db)
    by_stream = Counter((v["stream"], v["eligible"]) for v in verdicts)
    assert by_stream[("patent", True)] >= 30 and by_stream[("patent", False)] >= 10
    assert by_stream[("project", True)] >= 20 and by_stream[("project", False)] >= 5
    assert 50 <= sum(v["stream"] == "patent" for v in verdicts) <= 70
    assert 35 <= sum(v["stream"] == "project" for v in verdicts) <= 45
    for v in verdicts:
        assert set(v) >= {"stream", "ref", "eligible", "findings"}
        assert isinstance(v["eligible"], bool) and v["ref"]
        for f in v["findings"]:
            assert f["severity"] in ("blocking", "warning") and f["code"] and f["message"]
        assert v["eligible"] == (not any(f["severity"] == "blocking" for f in v["findings"]))


def test_demo_produces_every_code_of_the_plan(capsys, demo_db):
    found = {f["code"] for v in check_json(capsys, demo_db) for f in v["findings"]}
    assert found >= PLAN_CODES, PLAN_CODES - found


def test_demo_has_applications_waiting_for_missing_facts(capsys, demo_db):
    verdicts = check_json(capsys, demo_db)
    waiting = [v for v in verdicts if v["eligible"] and v["incomplete"]]
    assert {v["stream"] for v in waiting} == {"patent", "project"}


def test_demo_statuses_agree_with_the_rules(capsys, demo_db):
    verdicts = {(v["stream"], v["id"]): v for v in check_json(capsys, demo_db)}
    with Register.open(demo_db) as reg:
        apps = [("patent", a) for a in reg.patents(2022)] + [
            ("project", a) for a in reg.projects(2022)]
        statuses = Counter(a.status for _, a in apps)
        for stream, a in apps:
            v = verdicts[(stream, a.id)]
            if a.status in AWARDED:
                assert v["eligible"], (a.ref, v["findings"])
                assert a.award_fen and a.approved_date
            if a.status == "refused":
                assert not v["eligible"] and a.status_reason, a.ref
        for stream, a in apps:
            if stream == "patent" and a.status in AWARDED:
                assert a.award_fen == reg.campaign(2022).patent_award_fen
        # set on 2023-03-10, the demo has accepted none of 2022's projects yet: the
        # acceptance stages are 2021's
        earlier = {a.status for a in reg.projects(2021)}
    # every stage of both streams is shown
    assert {"registered", "qualified", "refused", "approved", "paid"} <= set(statuses)
    assert {"review", "proposed", "publicized", "paid_first", "not_awarded"} <= set(statuses)
    assert {"accepted", "paid_final"} <= earlier and not {"accepted", "paid_final"} & set(statuses)


def test_demo_fills_both_years_and_blocks_the_studio_of_an_unaccepted_2021_award(
        capsys, demo_db):
    earlier = check_json(capsys, demo_db, "--year", "2021")
    assert {v["stream"] for v in earlier} == {"patent", "project"}
    blocked = [v for v in check_json(capsys, demo_db)
               if any(f["code"] == "STUDIO_HAS_UNFINISHED_AWARD" for f in v["findings"])]
    assert any("已获 2021 年度“" in f["message"] for v in blocked for f in v["findings"])
    with Register.open(demo_db) as reg:
        assert reg.campaign_years() == [2021, 2022]
        assert reg.campaign(2021) == reg.campaign(2022).for_year(2021)
        assert any(not a.accepted for a in reg.studio_awards())


def test_demo_payments_are_recorded_as_finance_records_them(demo_db):
    """Each paid part has a voucher and a plausible day, vouchers run in date order within a
    campaign year, and every paid application's parts are all paid."""
    with Register.open(demo_db) as reg:
        paid = reg.query("SELECT p.*, c.year FROM payments p"
                         " LEFT JOIN patent_applications pa ON p.stream = 'patent'"
                         "  AND pa.id = p.application_id"
                         " LEFT JOIN project_applications pr ON p.stream = 'project'"
                         "  AND pr.id = p.application_id"
                         " JOIN campaigns c ON c.id = COALESCE(pa.campaign_id, pr.campaign_id)"
                         " WHERE p.paid_date IS NOT NULL")
        unpaid_of_paid_patents = reg.scalar(
            "SELECT COUNT(*) FROM payments p JOIN patent_applications a"
            " ON p.stream = 'patent' AND a.id = p.application_id"
            " WHERE a.status = 'paid' AND p.paid_date IS NULL")
    assert len(paid) >= 20 and unpaid_of_paid_patents == 0
    assert all(p["voucher"].startswith(f"记-{p['paid_date'][:4]}-") for p in paid)
    # Each before its term: the first a few days before, the last a few days after the
    # acceptance (due the campaign's months after it).
    assert all(p["paid_date"] < p["due_date"] for p in paid)
    assert any(p["tranche"] > 1 for p in paid)
    for year in {p["year"] for p in paid}:
        mine = sorted((p for p in paid if p["year"] == year and p["tranche"] == 1),
                      key=lambda p: p["voucher"])
        assert [p["paid_date"] for p in mine] == sorted(p["paid_date"] for p in mine)


def test_demo_numbers_are_well_formed(demo_db):
    from stdnum import luhn
    from stdnum.cn import ric

    with Register.open(demo_db) as reg:
        people = reg.query("SELECT id_number, card_number, phone FROM people")
    assert len(people) >= 50
    valid_ids = [p for p in people if p["id_number"] and ric.is_valid(p["id_number"])]
    assert len(valid_ids) >= len(people) - 1  # one made wrong on purpose
    assert all(p["id_number"][:4] == "1101" for p in valid_ids)
    cards = [p["card_number"] for p in people if p["card_number"]]
    assert all(len(c) == 19 and c.isdigit() for c in cards)
    assert sum(not luhn.is_valid(c) for c in cards) == 1
    assert all(len(p["phone"]) == 11 and p["phone"][0] == "1" for p in people)


def test_demo_is_deterministic_and_fast(tmp_path):
    from boostdesk.demo import fill_demo

    dumps = []
    for name in ("a.db", "b.db"):
        with Register.open(tmp_path / name, operator="测试员") as reg:
            start = time.perf_counter()
            fill_demo(reg)
            assert time.perf_counter() - start < 2.0
            dumps.append(reg.query(
                "SELECT a.*, p.name, p.id_number FROM patent_applications a"
                " LEFT JOIN people p ON p.id = a.person_id ORDER BY a.id"))
    strip = [{k: v for k, v in r.items() if k not in ("created_at", "updated_at")}
             for d in dumps for r in d]
    half = len(strip) // 2
    assert strip[:half] == strip[half:]


def test_demo_stamps_entry_and_review_operators(demo_db):
    with Register.open(demo_db) as reg:
        operators = {r["operator"] for r in reg.query("SELECT operator FROM status_history")}
    assert {"王秀兰", "刘建国"} <= operators


def test_demo_refuses_a_register_with_applications_in_chinese(capsys, tmp_path):
    db = str(tmp_path / "x.db")
    assert run(capsys, "demo", "--db", db)[0] == 0
    code, out, err = run(capsys, "demo", "--db", db)
    assert code == 1 and out == ""
    assert "已有" in err and "项申报" in err and "--force" in err


def test_demo_force_replaces_the_applications(capsys, tmp_path):
    db = str(tmp_path / "x.db")
    run(capsys, "demo", "--db", db)
    first = check_json(capsys, db)
    code, out, err = run(capsys, "demo", "--db", db, "--force")
    assert code == 0 and "已填入演示数据" in out
    again = check_json(capsys, db)
    assert len(again) == len(first)
    assert [(v["ref"], v["eligible"]) for v in again] == [
        (v["ref"], v["eligible"]) for v in first]


def test_demo_needs_a_db_path(capsys):
    code, out, err = run(capsys, "demo")
    assert code == 1 and "--db" in err and "演示" in err


# -- check ---------------------------------------------------------------------------
def test_check_prints_one_line_per_application_and_indented_findings(capsys, demo_db):
    code, out, err = run(capsys, "check", "--db", str(demo_db))
    assert code == 0 and err == ""
    lines = out.splitlines()
    heads = [x for x in lines if x.startswith(("专利 ", "项目 "))]
    assert len(heads) == len(check_json(capsys, demo_db))
    assert any(x.startswith("专利 ZL") and x.endswith(" 合格") for x in heads)
    assert any(x.endswith(" 不合格") for x in heads)
    assert any(x.endswith(" 待补材料") for x in heads)
    assert any(x.startswith("    [不符合] ") for x in lines)
    assert any(x.startswith("    [提示] ") for x in lines)
    assert lines[-2].startswith("合计：")
    assert lines[-1].startswith("修改记录防篡改校验：完整")  # then the trail's chain


def test_check_of_an_empty_register_succeeds(capsys, tmp_path):
    db = str(tmp_path / "empty.db")
    code, _out, err = run(capsys, "campaign", "new", "--year", "2023", "--db", db)
    assert code == 0 and "原本不存在，已新建一个空登记册" in err  # a mistyped --db is not silent
    code, out, err = run(capsys, "check", "--db", db, "--json")
    assert code == 0 and json.loads(out) == []


def test_check_of_a_year_without_a_plan_fails_in_chinese(capsys, tmp_path):
    Register.open(tmp_path / "r.db").close()  # (a --db newly made is said before the error)
    code, out, err = run(capsys, "check", "--db", str(tmp_path / "r.db"), "--year", "2030")
    assert code == 1 and out == ""
    assert err.startswith("错误：") and "没有 2030 年度的助推计划" in err and "2022" in err


def test_check_with_a_malformed_year_fails_in_chinese(capsys, tmp_path):
    code, out, err = run(capsys, "check", "--db", str(tmp_path / "r.db"), "--year", "二〇二二")
    assert code == 1 and "年度应为 2000 至 2100 年间的四位数字" in err


def test_check_runs_as_a_program_with_exit_status(tmp_path):
    db = str(tmp_path / "r.db")
    Register.open(db, operator="测试员").close()  # (a read refuses a register not there)
    ok = subprocess.run([sys.executable, "-m", "boostdesk", "check", "--db", db, "--json"],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and json.loads(ok.stdout) == []
    bad = subprocess.run([sys.executable, "-m", "boostdesk", "check", "--db", db, "--year",
                          "2030"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and bad.stdout == "" and "2030" in bad.stderr


# -- campaign --------------------------------------------------------------------------
def test_campaign_show_prints_the_rule_parameters(capsys, tmp_path):
    Register.open(tmp_path / "r.db", operator="测试员").close()
    code, out, err = run(capsys, "campaign", "show", "--db", str(tmp_path / "r.db"))
    assert code == 0
    assert "专利授权公告日期间：2021-01-01 至 2021-12-31" in out
    assert "每项专利助推金额：¥3,000.00" in out
    assert "10万元（¥100,000.00，市级，原则上 10 项）" in out
    assert "区/局/集团级 1:2" in out
    assert "项目所需资金总额的 50%" in out
    assert "最晚 2024-12-31" in out
    assert "材料报送截止日：2022-11-01" in out


def test_campaign_show_json_round_trips(capsys, tmp_path):
    from boostdesk.models import plan_2022
    from boostdesk.models.campaign import Campaign

    Register.open(tmp_path / "r.db", operator="测试员").close()
    code, out, _ = run(capsys, "campaign", "show", "--db", str(tmp_path / "r.db"), "--json")
    assert code == 0 and Campaign.from_json(out) == plan_2022()


def test_campaign_new_copies_the_plan_a_year_on(capsys, tmp_path):
    db = str(tmp_path / "r.db")
    code, out, err = run(capsys, "campaign", "new", "--db", db, "--year", "2023")
    assert code == 0 and "2023" in out
    code, out, _ = run(capsys, "campaign", "list", "--db", db)
    assert out.splitlines() == ["2022  北京市总工会2022年职工创新助推计划",
                                "2023  北京市总工会2023年职工创新助推计划"]
    code, out, _ = run(capsys, "campaign", "show", "--db", db, "--year", "2023", "--json")
    data = json.loads(out)
    assert (data["grant_window_start"], data["grant_window_end"]) == ("2022-01-01", "2022-12-31")
    assert data["approval_year"] == 2023 and data["latest_completion"] == "2025-12-31"
    code, out, _ = run(capsys, "campaign", "show", "--db", db)  # latest year by default
    assert "年度：2023" in out


def test_campaign_new_from_a_chosen_year(capsys, tmp_path):
    db = str(tmp_path / "r.db")
    run(capsys, "campaign", "new", "--db", db, "--year", "2023")
    code, _, _ = run(capsys, "campaign", "new", "--db", db, "--year", "2021", "--from", "2022")
    assert code == 0
    code, out, _ = run(capsys, "campaign", "show", "--db", db, "--year", "2021", "--json")
    assert json.loads(out)["submission_deadline"] == "2021-11-01"


def test_campaign_new_without_year_fails_in_chinese(capsys, tmp_path):
    Register.open(tmp_path / "r.db").close()
    code, out, err = run(capsys, "campaign", "new", "--db", str(tmp_path / "r.db"))
    assert code == 1 and out == ""
    assert err.startswith("错误：") and "须指定 --year" in err


def test_campaign_new_for_an_existing_year_fails_in_chinese(capsys, tmp_path):
    # (a register made by this very command says its preset 2022 plan instead:
    # test_plan_amounts.test_campaign_new_2022_on_a_new_register_says_the_plan_is_preset)
    Register.open(tmp_path / "r.db").close()
    code, out, err = run(capsys, "campaign", "new", "--db", str(tmp_path / "r.db"),
                         "--year", "2022")
    assert code == 1 and "已存在" in err


def test_campaign_new_from_a_missing_year_fails_in_chinese(capsys, tmp_path):
    code, out, err = run(capsys, "campaign", "new", "--db", str(tmp_path / "r.db"),
                         "--year", "2024", "--from", "2019")
    assert code == 1 and "没有 2019 年度的助推计划" in err


def test_demo_history_tells_the_campaigns_story_not_the_day_it_was_made(demo_db):
    """Each application's steps are dated when the office would take them: received,
    reviewed in November, approved in December, paid and accepted the next years; the audit
    events follow the history, so screens and printed sheets agree."""
    with Register.open(demo_db) as reg:
        rows = reg.query(
            "SELECT h.stream, h.application_id AS app, h.to_status, h.at, h.decided_on, c.year"
            " FROM status_history h"
            " LEFT JOIN patent_applications pa ON h.stream = 'patent' AND pa.id = h.application_id"
            " LEFT JOIN project_applications pr ON h.stream = 'project' AND pr.id = h.application_id"
            " JOIN campaigns c ON c.id = COALESCE(pa.campaign_id, pr.campaign_id) ORDER BY h.id")
        audit = reg.query("SELECT entity, entity_id, at FROM audit_events"
                          " WHERE entity IN ('patent_applications', 'project_applications')"
                          " ORDER BY id")
        project = reg.project(5)
        history = {h["to_status"]: h["at"][:10] for h in reg.status_history("project", 5)}
    assert rows and all(r["year"] <= int(r["at"][:4]) <= r["year"] + 3 for r in rows)
    qualified = [r for r in rows if r["to_status"] == "qualified"]
    # 2022's projects passed by the panel in batches (demo_panel): on the day it recorded
    by_panel = [r for r in qualified if r["stream"] == "project" and r["year"] == 2022]
    assert by_panel and all(r["at"][:10] == r["decided_on"] > "2022-11-01" for r in by_panel)
    assert all(r["at"][:10] == f"{r['year']}-11-10" for r in qualified if r not in by_panel)
    for key in {(r["stream"], r["app"]) for r in rows}:  # in order, per application
        ats = [r["at"] for r in rows if (r["stream"], r["app"]) == key]
        assert ats == sorted(ats)
    assert all(a["at"][:4] < "2026" for a in audit)
    # The last tranche is paid after the acceptance it waits for.
    if "paid_final" in history:
        assert history["paid_final"] >= project.accepted_date.isoformat()
    # An approved project was approved after its publicity ended, not during it.
    from datetime import date, timedelta

    with Register.open(demo_db) as reg:
        days = reg.campaign(2022).publicity_days
        approved = [a for a in reg.projects(2022) if a.approved_date]
        publicized = {a.id: next(h["at"][:10] for h in reg.status_history("project", a.id)
                                 if h["to_status"] == "publicized") for a in approved}
    assert approved
    for a in approved:
        ends = date.fromisoformat(publicized[a.id]) + timedelta(days=days - 1)
        assert a.approved_date > ends, (a.title, publicized[a.id], a.approved_date)


# -- check reads the verdicts while SQLite checks the file beside it ------------------
def stored_verdicts(db) -> list[tuple]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return [row for table in ("patent_applications", "project_applications")
                for row in conn.execute(f"SELECT id, eligible, incomplete, findings FROM {table}"
                                        " ORDER BY id")]
    finally:
        conn.close()


def test_check_stores_the_verdicts_refresh_would_from_its_early_reading(
        capsys, tmp_path, demo_db, monkeypatch):
    import shutil

    import boostdesk.rules as rules
    from boostdesk.rules import refresh

    db = tmp_path / "copy.db"
    shutil.copyfile(demo_db, db)
    conn = Register.open(db, operator="x")  # every verdict wrong: the check must rewrite them
    conn.conn.execute("UPDATE patent_applications SET eligible = 1 - eligible, findings = '[]'")
    conn.close()

    def no_second_pass(*_a, **_k):
        raise AssertionError("the verdicts read beside the integrity check were not used")

    monkeypatch.setattr(rules, "refresh", no_second_pass)
    code, out, err = run(capsys, "check", "--db", str(db))
    assert code == 0, err
    monkeypatch.undo()
    stored = stored_verdicts(db)
    reg = Register.open(db, operator="x")
    refresh(reg)
    reg.close()
    assert stored == stored_verdicts(db)


def test_check_of_a_damaged_register_writes_nothing_and_lets_go_of_it(capsys, tmp_path):
    import os

    from boostdesk.safety.lock import _held

    db = tmp_path / "r.db"
    reg = Register.open(db, operator="x")
    for i in range(200):
        reg.conn.execute("INSERT INTO people (name, id_number) VALUES (?, ?)", (f"人{i}" * 30, i))
    reg.close()
    with db.open("r+b") as fh:  # a failing disk, as in test_backup
        for offset in range(4096, db.stat().st_size, 8192):
            fh.seek(offset + 8)
            fh.write(b"\xff" * 64)
    before = db.read_bytes()
    code, out, err = run(capsys, "check", "--db", str(db))
    assert code != 0 and "已损坏" in err and out == ""
    assert db.read_bytes() == before
    assert not _held  # the command let go of the register's write lock
    assert not os.path.exists(str(db) + "-wal") or os.path.getsize(str(db) + "-wal") == 0


def test_check_while_another_instance_holds_the_register_says_so(capsys, tmp_path):
    import subprocess as sp

    db = tmp_path / "r.db"
    Register.open(db, operator="x").close()
    holder = sp.Popen([sys.executable, "-c", (
        "import sys, time\n"
        "from boostdesk.safety import acquire\n"
        f"lock = acquire({str(db)!r}, '王秀兰')\n"
        "print('held', flush=True)\n"
        "sys.stdin.read()\n")], stdin=sp.PIPE, stdout=sp.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        code, out, err = run(capsys, "check", "--db", str(db))
    finally:
        holder.communicate("", timeout=10)
    # the verdicts, judged on a read-only register and not stored, and who holds it
    assert code == 0 and "王秀兰" in err and "未存入" in err and out


def test_demo_payments_are_marked_on_the_days_they_were_paid(demo_db):
    """A paid award's 修改记录 reads 登记拨付 beside its 2023 status history, not on the day the
    demo was made (the README's 创新项目 picture showed 2026 beside 2023)."""
    with Register.open(demo_db) as reg:
        marks = reg.query(
            "SELECT e.at, p.paid_date FROM audit_events e JOIN payments p ON p.id = e.entity_id"
            " WHERE e.entity = 'payments' AND json_extract(e.after, '$.paid_date') IS NOT NULL")
        made = reg.query("SELECT at FROM audit_events WHERE entity = 'payments'")
    assert marks and all(m["at"][:10] == m["paid_date"] for m in marks)
    assert made and all(m["at"][:4] < "2026" for m in made)


def test_check_all_years_checks_every_year_grouped_by_year(capsys, demo_db):
    """check covered only the newest year (--year one at a time): --all-years checks each
    year of the register in one run, oldest first, each under its year with its totals,
    then the years' totals; the default stays the newest year alone."""
    code, out, err = run(capsys, "check", "--db", str(demo_db), "--all-years")
    assert code == 0 and err == "", err
    lines = out.splitlines()
    assert [x for x in lines if x.startswith("【")] == ["【2021 年度】", "【2022 年度】"]
    per_year = {y: check_json(capsys, demo_db, "--year", str(y)) for y in (2021, 2022)}
    older = out.split("【2022 年度】")[0]
    assert sum(x.startswith(("专利 ", "项目 ")) for x in older.splitlines()) == len(per_year[2021])
    assert sum(x.startswith(("专利 ", "项目 ")) for x in lines) == sum(map(len, per_year.values()))
    refused = sum(not v["eligible"] for vs in per_year.values() for v in vs)
    total = next(x for x in lines if x.startswith("各年度合计（2 个年度）："))
    assert f"不合格 {refused} 项" in total
    assert lines[-1].startswith("修改记录防篡改校验：完整")
    code, out, err = run(capsys, "check", "--db", str(demo_db), "--all-years", "--json")
    grouped = json.loads(out)
    assert [g["year"] for g in grouped] == [2021, 2022]
    assert [len(g["verdicts"]) for g in grouped] == [len(per_year[2021]), len(per_year[2022])]
    assert len(check_json(capsys, demo_db)) == len(per_year[2022])  # the default: newest
    with pytest.raises(SystemExit):
        main(["check", "--db", str(demo_db), "--all-years", "--year", "2021"])
    assert "--all-years" in capsys.readouterr().err
