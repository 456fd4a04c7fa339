"""Crash safety: SIGKILL at random points of a large import and of a batch of edits.

Each run starts a real BoostDesk process on its own copy of a register, lets it
import (or edit), and kills it with SIGKILL after a random delay inside its
working time. Then the register must pass ``integrity_check``, open for writing
(no stale lock), hold every change the process had reported committed, and
hold no part of a change it had not: an import is all there or not at all.

100 kills in all (``BOOSTDESK_CRASH_KILLS`` changes it), about two minutes.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from boostdesk.models import PatentApplication, Register
from boostdesk.safety import check_integrity, list_backups, open_register
from tests.backup_files import sqlite_of
from tests.fixtures.summary_sheets import (
    PATENT_HEADERS,
    numbered_name,
    patent_no,
    patent_row,
    resident_id,
    write_sheet,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX"),
]

ROOT = Path(__file__).resolve().parent.parent
KILLS = int(os.environ.get("BOOSTDESK_CRASH_KILLS", "100"))
IMPORT_ROWS = 1500
EDIT_PATENTS = 40
EDITS = 600
PER_EDIT = 3  # applications changed together in one transaction

IMPORTER = """
import sys
from dataclasses import replace
from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.safety import open_register
opened = open_register(sys.argv[1], "崩溃测试", start_backup=False)
preview = read_table(sys.argv[2], 2022)
print("ready", flush=True)
for batch in ("A", "B"):
    preview.records = [replace(r, remarks="批次" + batch) for r in preview.records]
    commit(opened.reg, preview)
    print("committed " + batch, flush=True)
opened.reg.close()
print("done", flush=True)
"""

EDITOR = f"""
import sys
from dataclasses import replace
from boostdesk.safety import open_register
opened = open_register(sys.argv[1], "崩溃测试", start_backup=False)
reg = opened.reg
ids = [p.id for p in reg.patents(2022)]
print("ready", flush=True)
for k in range(1, {EDITS} + 1):
    with reg.transaction():
        for j in range({PER_EDIT}):
            app = reg.patent(ids[(k + j) % len(ids)])
            reg.save_patent(replace(app, title="改" + str(k), remarks="改" + str(k)))
    print(k, flush=True)
reg.close()
print("done", flush=True)
"""


def run_and_kill(
    script: str, args: list[str], delay: float | None,
) -> tuple[list[str], bool, float]:
    """Start the script, wait for "ready", SIGKILL it ``delay`` s later (None: let it finish).

    Returns its output lines, whether it was killed, and the seconds since "ready".
    """
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline().strip()
    if first != "ready":
        proc.wait(30)
        pytest.fail(f"worker did not start: {first!r} {proc.stderr.read()}")
    ready = time.perf_counter()
    killed = False
    if delay is not None:
        time.sleep(delay)
        killed = proc.poll() is None
        if killed:
            proc.send_signal(signal.SIGKILL)
    proc.wait(60)
    elapsed = time.perf_counter() - ready
    lines = proc.stdout.read().splitlines()
    err = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    assert killed or proc.returncode == 0, err
    return lines, killed, elapsed


def working_time(script: str, args: list[str]) -> float:
    """How long the worker works after "ready" when left alone."""
    lines, _, elapsed = run_and_kill(script, args, None)
    assert lines[-1] == "done"
    return elapsed


def opens_for_writing(path: Path) -> None:
    """No stale lock, no damage: the next instance gets the register writable."""
    report = check_integrity(path)
    assert report.ok, report.problems
    opened = open_register(path, "检查", start_backup=False, read_only_if_busy=False)
    assert not opened.read_only
    opened.reg.close()


@pytest.fixture(scope="module")
def sheet(tmp_path_factory) -> Path:
    rows = [PATENT_HEADERS] + [
        patent_row(序号=k + 1, 专利号=patent_no(f"2021101{k:05d}"),
                   身份证号=resident_id(f"110105198001{k:05d}"), 第一发明人=numbered_name("张", k),
                   专利名称=f"一种装置{k}")
        for k in range(IMPORT_ROWS)
    ]
    return write_sheet(tmp_path_factory.mktemp("crash") / "large.xlsx", rows)


def check_import(path: Path, lines: list[str]) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        counts = {b: conn.execute("SELECT count(*) FROM patent_applications WHERE remarks = ?",
                                  (f"批次{b}",)).fetchone()[0] for b in "AB"}
        total = conn.execute("SELECT count(*) FROM patent_applications").fetchone()[0]
        unjudged = conn.execute(
            "SELECT count(*) FROM patent_applications WHERE eligible IS NULL").fetchone()[0]
        audited = conn.execute(
            "SELECT count(*) FROM audit_events WHERE entity = 'patent_applications'"
            " AND action = 'create'").fetchone()[0]
        history = conn.execute("SELECT count(*) FROM status_history").fetchone()[0]
    finally:
        conn.close()
    for batch in "AB":
        assert counts[batch] in (0, IMPORT_ROWS), f"half import {batch}: {counts[batch]} rows"
        if f"committed {batch}" in lines:
            assert counts[batch] == IMPORT_ROWS, f"committed import {batch} lost"
    assert counts["B"] == 0 or counts["A"] == IMPORT_ROWS
    assert total == counts["A"] + counts["B"]
    # The rest of each import's transaction is all there too: verdicts, audit, history.
    assert unjudged == 0 and audited == total and history == total
    return counts


def test_sigkill_during_large_imports_never_leaves_half_an_import(tmp_path, sheet):
    base = tmp_path / "base.db"
    Register.open(base).close()
    runs = KILLS // 2
    register = tmp_path / "register.db"
    shutil.copy(base, register)
    span = working_time(IMPORTER, [str(register), str(sheet)])
    rng = random.Random(20221017)
    outcomes: dict[tuple[int, int], int] = {}
    kills = attempts = 0
    while kills < runs:
        attempts += 1
        assert attempts < runs * 3, "the worker keeps finishing before the kill"
        work = tmp_path / f"run{attempts}"
        work.mkdir()
        register = work / "register.db"
        shutil.copy(base, register)
        lines, killed, _ = run_and_kill(IMPORTER, [str(register), str(sheet)],
                                     rng.uniform(0, span))
        opens_for_writing(register)
        counts = check_import(register, lines)
        for backup in list_backups(register):  # a backup cut short is never listed
            with sqlite_of(backup.path) as copy:
                assert check_integrity(copy, quick=True).ok
        if killed:
            kills += 1
            key = (counts["A"] // IMPORT_ROWS, counts["B"] // IMPORT_ROWS)
            outcomes[key] = outcomes.get(key, 0) + 1
        shutil.rmtree(work)
    # The kills landed all over the work: before, between and after the two imports.
    assert len(outcomes) >= 2, outcomes
    print(f"\n{kills} kills during imports of {IMPORT_ROWS} rows; (A, B) stored: {outcomes}")


def expected_titles(edits: int, count: int) -> dict[int, str]:
    """Index of each application -> the title the last of the first ``edits`` edits gave it."""
    titles = dict.fromkeys(range(count), "初始")
    for k in range(1, edits + 1):
        for j in range(PER_EDIT):
            titles[(k + j) % count] = f"改{k}"
    return titles


def test_sigkill_during_a_batch_of_edits_keeps_every_committed_edit(tmp_path):
    base = tmp_path / "base.db"
    reg = Register.open(base)
    for i in range(EDIT_PATENTS):
        reg.save_patent(PatentApplication(campaign_year=2022, inventor_name=f"王{i}",
                                          title="初始", remarks="初始"))
    reg.close()
    register = tmp_path / "register.db"
    shutil.copy(base, register)
    span = working_time(EDITOR, [str(register)])
    rng = random.Random(20221018)
    runs = KILLS - KILLS // 2
    kills = attempts = 0
    reached: list[int] = []
    while kills < runs:
        attempts += 1
        assert attempts < runs * 3, "the worker keeps finishing before the kill"
        shutil.copy(base, register)
        for suffix in ("-wal", "-shm"):
            Path(f"{register}{suffix}").unlink(missing_ok=True)
        lines, killed, _ = run_and_kill(EDITOR, [str(register)], rng.uniform(0, span))
        opens_for_writing(register)
        acknowledged = max((int(x) for x in lines if x.isdigit()), default=0)
        conn = sqlite3.connect(register)
        try:
            rows = conn.execute(
                "SELECT title, remarks FROM patent_applications ORDER BY id").fetchall()
            updates = conn.execute(
                "SELECT count(*) FROM audit_events WHERE action = 'update'").fetchone()[0]
        finally:
            conn.close()
        marks = [int(m.group(1)) for t, _ in rows if (m := re.fullmatch(r"改(\d+)", t))]
        applied = max(marks, default=0)
        # Every edit reported committed is there; at most the one in flight is too.
        assert acknowledged <= applied <= acknowledged + 1
        expected = expected_titles(applied, EDIT_PATENTS)
        assert [t for t, _ in rows] == [expected[i] for i in range(EDIT_PATENTS)]
        assert all(t == r for t, r in rows)  # title and remarks of one save go together
        assert updates == applied * PER_EDIT  # and so does its audit event
        if killed:
            kills += 1
            reached.append(applied)
    assert len(set(reached)) > runs // 2, "the kills should land at many different points"
    print(f"\n{kills} kills during {EDITS} edits; edits stored when killed: "
          f"min {min(reached)}, max {max(reached)}")
