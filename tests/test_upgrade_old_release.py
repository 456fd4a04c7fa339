"""A register the first release of BoostDesk (schema 5) wrote, opened by this one.

``fixtures/register_v5.sql.gz`` is the SQL dump of a register made by that release's own
code (commit 589dd66): its ``demo`` (2021 and 2022, both streams at every stage, the
panel, a publicity period and objections), a summary table of 30 patents and one of 4
projects imported, ``check`` of both years, three payments marked paid. Its
``PRAGMA user_version`` (5) is not in a dump: it is set when the file is made.
``fixtures/register_v5_shown.json`` is what that release showed of it: every line of
``pay list --json``, each verdict of ``check --json`` and the amounts printed on
``print approval``, per year. Unlike tests/test_migrations.py (representative rows
in the old schemas), these rows are the ones the old code itself wrote.
"""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from boostdesk.cli import main
from boostdesk.models.schema import SCHEMA_VERSION
from boostdesk.safety import open_register
from tests.backup_files import sqlite_of

FIXTURES = Path(__file__).parent / "fixtures"
SHOWN = json.loads((FIXTURES / "register_v5_shown.json").read_text(encoding="utf-8"))
PAYMENT_FIELDS = ("id", "stream", "tranche", "payer", "payee", "amount_fen", "due_date",
                  "paid_date", "voucher")
# Columns the upgrade writes again by design: the search texts (migration 7) and the
# verdicts (the re-check after migration 10, `check`).
REMADE = {"search_text", "eligible", "incomplete", "findings"}
# The one verdict a rule fix changed since: 李红兵劳模创新工作室's 2021 award was accepted
# on 2023-04-19, after 2022's submission deadline, which bars its 2022 paper (方案二（一）;
# the first release let an acceptance made later unbar it).
RULE_FIXES = {("project", 4): "至本年度报送截止日（2022-11-01）未完成结题验收"}
# A verdict a rule changed since: a blank union card says nothing of whether he holds one,
# 待补材料 as every other blank (一（二）2), where the first release judged it 不合格.
RULE_CHANGES = {("patent", 52): (True, True)}


def with_rest_term(payments: list[list]) -> list[list]:
    """The first release's payment lines as listed now: an accepted project's unpaid rest
    falls due the campaign's months (3, as its first tranche's) after the acceptance — the
    first release listed it due on the acceptance day and never overdue (a paid line keeps
    the due date it was paid against)."""
    from datetime import date

    from boostdesk.finance.terms import add_months

    return [[*r[:6], add_months(date.fromisoformat(r[6]), 3).isoformat(), *r[7:]]
            if r[2] == 2 and r[6] and r[7] is None else r for r in payments]


def old_register(path: Path) -> Path:
    conn = sqlite3.connect(path)
    try:
        with gzip.open(FIXTURES / "register_v5.sql.gz", "rt", encoding="utf-8") as dump:
            conn.executescript(dump.read())
        conn.execute("PRAGMA user_version = 5")
    finally:
        conn.close()
    return path


@pytest.fixture
def v5(tmp_path) -> Path:
    return old_register(tmp_path / "register.db")


def rows(path: Path, columns_of: Path | None = None) -> dict[str, list[tuple]]:
    """Every row of every table, in the columns the register at ``columns_of`` has."""
    conn = sqlite3.connect(path)
    shape = sqlite3.connect(columns_of or path)
    try:
        out = {}
        for (table,) in shape.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
            cols = [r[1] for r in shape.execute(f"PRAGMA table_info({table})")
                    if r[1] not in REMADE]
            out[table] = conn.execute(
                f"SELECT {', '.join(cols)} FROM {table} ORDER BY rowid").fetchall()
        return out
    finally:
        conn.close()
        shape.close()


def cli_json(capsys, *argv: str):
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_row_the_first_release_wrote_is_kept(v5, tmp_path):
    from datetime import date

    from boostdesk.finance.terms import add_months

    before = tmp_path / "before.db"
    old_register(before)
    open_register(v5, "测试员", start_backup=False).reg.close()
    assert sqlite3.connect(v5).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    now, then = rows(v5, columns_of=before), rows(before)
    # migration 13: a union of kind 集团(公司) takes the plan's 集团（公司）, each change a
    # line of the audit trail after the first release's own lines, which are kept
    groups = [u[0] for u in then["units"] if u[2] == "集团(公司)"]
    assert len(groups) == 8
    then["units"] = [(*u[:2], "集团（公司）") if u[0] in groups else u for u in then["units"]]
    kept, added = now["audit_events"][:len(then["audit_events"])], now["audit_events"][
        len(then["audit_events"]):]
    assert kept == then["audit_events"]
    upgrade = next(k for k, e in enumerate(added) if e[3] == "upgrade")
    added, caught_up = added[:upgrade + 1], added[upgrade + 1:]
    # 0.20.0's first opening records 0.19.0's unsealed export lines (here none)
    caught_up = [e for e in caught_up if e[3] != "record_unsealed_exports"]
    assert [e[2:] for e in added[:-1]] == [("测试员", "update", "units", unit,
                                            '{"kind": "集团(公司)"}', '{"kind": "集团（公司）"}')
                                           for unit in groups]
    assert added[-1][2:5] == ("测试员", "upgrade", "register")  # the upgrade's own line
    # then the payables brought in line as the upgrade opens it (升级后补齐): the unpaid
    # 尾款 the first release dated on the acceptance day, dated by the year's term
    assert {e[2:5] for e in caught_up} == {("测试员", "update", "payments")}
    assert len(caught_up) == 6
    # (payments: id, stream, application_id, tranche, payer, amount, due, paid, voucher)
    then["payments"] = [(*r[:6], add_months(date.fromisoformat(r[6]), 3).isoformat(), *r[7:])
                        if r[3] == 2 and r[6] and r[7] is None else r for r in then["payments"]]
    now.pop("audit_events"), then.pop("audit_events")
    assert now == then


def test_payment_lines_are_those_the_first_release_listed(v5, capsys):
    for year, shown in SHOWN.items():
        lines = cli_json(capsys, "pay", "list", "--db", str(v5), "--year", year)
        now = sorted(([line[f] for f in PAYMENT_FIELDS] for line in lines), key=lambda r: r[0])
        assert now == with_rest_term(shown["payments"]), year
        assert sum(r[5] for r in now) == sum(r[5] for r in shown["payments"])


def test_verdicts_are_the_first_release_s_but_for_the_rule_fixed_since(v5, capsys):
    opened = open_register(v5, "测试员", start_backup=False)  # stored by the upgrade itself
    try:
        assert opened.reg.scalar("SELECT eligible FROM project_applications WHERE id = 4") == 0
    finally:
        opened.reg.close()
    for year, shown in SHOWN.items():
        verdicts = cli_json(capsys, "check", "--db", str(v5), "--year", year)
        now = {(v["stream"], v["id"]): v for v in verdicts}
        assert set(now) == {(s, i) for s, i, _, _ in shown["verdicts"]}
        for stream, app_id, eligible, incomplete in shown["verdicts"]:
            verdict = now[stream, app_id]
            fixed = RULE_FIXES.get((stream, app_id))
            if fixed and year == "2022":
                assert eligible and not verdict["eligible"]
                assert any(fixed in f["message"] for f in verdict["findings"])
            else:
                expected = RULE_CHANGES.get((stream, app_id), (eligible, incomplete))
                assert (verdict["eligible"], verdict["incomplete"]) == expected, (stream, app_id)


def test_approval_sheets_print_the_amounts_the_first_release_printed(v5, tmp_path, capsys):
    for year, shown in SHOWN.items():
        pdf = tmp_path / f"approval-{year}.pdf"
        assert main(["print", "approval", "--db", str(v5), "--year", year,
                     "--out", str(pdf)]) == 0
        capsys.readouterr()
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert text.count("\f") == shown["approval_pages"], year
        assert sorted(re.findall(r"¥[\d,]+\.\d\d", text)) == shown["approval_amounts"], year


def test_the_upgrade_keeps_the_first_release_s_register_as_a_backup(v5, tmp_path):
    before = tmp_path / "before.db"
    old_register(before)
    open_register(v5, "测试员", start_backup=False).reg.close()
    [zipped] = (v5.parent / "backups").glob("*-upgrade.zip")
    with sqlite_of(zipped) as kept:
        conn = sqlite3.connect(kept)
        try:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
        finally:
            conn.close()
        assert rows(kept) == rows(before)


def test_restoring_a_backup_the_first_release_made_upgrades_it_the_same_way(
        tmp_path, capsys):
    """An old backup restored over a current register: the register is the backup's
    (version 5 until opened), then opened it is upgraded as the register itself would
    have been, after its 升级前 backup; the restore is in its trail."""
    register = tmp_path / "register.db"
    assert main(["demo", "--db", str(register)]) == 0
    backup = old_register(tmp_path / "old-backup.db")
    assert main(["restore", "--db", str(register), str(backup)]) == 0
    capsys.readouterr()
    assert [p.name.split("-")[-1] for p in (tmp_path / "backups").glob("*.zip")] == [
        "restore.zip"]
    lines = cli_json(capsys, "pay", "list", "--db", str(register), "--year", "2022")
    assert sorted(([line[f] for f in PAYMENT_FIELDS] for line in lines),
                  key=lambda r: r[0]) == with_rest_term(SHOWN["2022"]["payments"])
    assert sorted(p.name.split("-")[-1] for p in (tmp_path / "backups").glob("*.zip")) == [
        "restore.zip", "upgrade.zip"]
    opened = open_register(register, "测试员", start_backup=False)
    try:
        assert opened.reg.scalar("PRAGMA user_version") == SCHEMA_VERSION
        # the restore, then the upgrade's own lines (migration 13's union kinds), and the
        # rest's due dates `pay list` brought in line (the campaign's months after acceptance)
        assert opened.reg.scalar("SELECT action FROM audit_events WHERE note NOT IN"
                                 " ('登记册升级', '升级后补齐') AND action != 'record_unsealed_exports'"
                                 " ORDER BY id DESC LIMIT 1") == "restore"
        assert {(r["action"], r["entity"]) for r in opened.reg.query(
            "SELECT action, entity FROM audit_events WHERE note = '升级后补齐'")} \
            == {("update", "payments")}
        assert opened.reg.scalar("SELECT MIN(id) FROM audit_events WHERE note = '登记册升级'"
                                 ) > opened.reg.scalar(
            "SELECT id FROM audit_events WHERE action = 'restore'")
    finally:
        opened.reg.close()
