"""The power cut, or Windows ending a hung BoostDesk: a process killed (SIGKILL) while it
writes a file. Unlike Ctrl+C (tests/test_interrupted_writes.py) nothing of the process
runs after the kill, so whatever it left is what the clerk finds: never a piece of a
document under the name asked for, and what it leaves beside it swept by a later run.

Each process kills itself at a fixed point of its writing (a hook installed before the
command runs), not after a delay that may land anywhere.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from boostdesk.models import Register
from boostdesk.printing.samples import fill_sample

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

ROOT = Path(__file__).resolve().parent.parent
EARLIER = b"last week's list, sent to finance"
HOUR_AGO = time.time() - 3700

# Hooks: the process kills itself halfway through writing a workbook's zip or a PDF.
KILL_IN_ZIP = """
import os, signal, zipfile
_real = zipfile.ZipFile.writestr
_n = [0]
def writestr(self, *a, **k):
    _n[0] += 1
    if _n[0] > 3:
        self.fp.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    return _real(self, *a, **k)
zipfile.ZipFile.writestr = writestr
"""
KILL_IN_PDF = """
import os, signal
from reportlab.pdfbase import pdfdoc
def save(self, filename, canvas):
    data = self.GetPDFData(canvas)
    with open(filename, "wb") as f:
        f.write(data[: len(data) // 2])
    os.kill(os.getpid(), signal.SIGKILL)
pdfdoc.PDFDocument.SaveToFile = save
"""


def run(argv: list[str], hook: str = "") -> subprocess.CompletedProcess:
    script = hook + "\nimport sys\nfrom boostdesk.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", script, *argv], capture_output=True,
                          text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def register(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("killed") / "register.db"
    reg = Register.open(path)
    fill_sample(reg)
    reg.close()
    return path


def publicity_register(tmp_path: Path) -> Path:
    from boostdesk.demo import fill_demo

    path = tmp_path / "demo.db"
    reg = Register.open(path)
    fill_demo(reg)
    reg.close()
    return path


@pytest.mark.parametrize(("argv", "name", "hook"), [
    (["template", "patent", "{out}", "--replace"], "附件2.xlsx", KILL_IN_ZIP),
    (["publicity", "list", "--xlsx", "{out}"], "公示名单.xlsx", KILL_IN_ZIP),
    (["publicity", "list", "--pdf", "{out}"], "公示名单.pdf", KILL_IN_PDF),
    (["print", "payments", "--tranche", "1", "--out", "{out}"], "拨付清单.pdf", KILL_IN_PDF),
    (["export", "summary", "patent", "--out", "{out}"], "附件2.xlsx", KILL_IN_ZIP),
])
def test_a_kill_while_writing_leaves_the_earlier_file_and_the_next_run_sweeps(
        register, tmp_path, argv, name, hook):
    db = publicity_register(tmp_path) if argv[0] == "publicity" else register
    folder = tmp_path / "发财务"
    folder.mkdir()
    out = folder / name
    out.write_bytes(EARLIER)
    args = [a.format(out=out) for a in argv] + ["--db", str(db), "--operator", "甲"]

    killed = run(args, hook)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert out.read_bytes() == EARLIER  # not a piece of the new one
    left = [p for p in folder.iterdir() if p != out]
    assert len(left) == 1 and left[0].name.startswith(f".{out.stem}.")  # the killed one's

    os.utime(left[0], (HOUR_AGO, HOUR_AGO))
    done = run(args)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() != EARLIER
    assert out.read_bytes()[:4] in (b"PK\x03\x04", b"%PDF")
    assert [p.name for p in folder.iterdir()] == [name]  # the old piece swept


def test_a_piece_another_process_may_still_be_writing_is_left_alone(register, tmp_path):
    out = tmp_path / "附件2.xlsx"
    young = tmp_path / ".附件2.abcd1234.xlsx.part"
    young.write_bytes(b"PK")
    other = tmp_path / ".其他.abcd1234.xlsx.part"  # another file's: not this name's to sweep
    other.write_bytes(b"PK")
    os.utime(other, (HOUR_AGO, HOUR_AGO))
    done = run(["template", "patent", str(out), "--db", str(register), "--operator", "甲"])
    assert done.returncode == 0, done.stderr
    assert young.exists() and other.exists() and out.exists()


# The process kills itself halfway through SQLite's copy of the register (a backup, the
# copy of the backup a restore puts in the register's place).
KILL_IN_COPY = """
import os, signal, sqlite3
class Killed(sqlite3.Connection):
    def backup(self, target, **kw):
        def halfway(status, remaining, total):
            if total - remaining >= total // 2:
                os.kill(os.getpid(), signal.SIGKILL)
        return super().backup(target, pages=2, progress=halfway)
_connect = sqlite3.connect
def connect(*a, **k):
    if k.get("factory", sqlite3.Connection) is sqlite3.Connection:
        k["factory"] = Killed
    return _connect(*a, **k)
sqlite3.connect = connect
"""


def counts(db: Path) -> tuple[int, int]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT (SELECT count(*) FROM patent_applications),"
                            " (SELECT count(*) FROM audit_events)").fetchone()
    finally:
        conn.close()


def age(paths: list[Path]) -> None:
    for p in paths:
        os.utime(p, (HOUR_AGO, HOUR_AGO))


@pytest.mark.parametrize("kind", ["backup", "backup --out", "restore"])
def test_a_kill_while_copying_the_register_leaves_it_whole_and_the_copy_is_swept_later(
        register, tmp_path, kind):
    from boostdesk.safety import backup_register, check_integrity, list_backups

    db = tmp_path / "register.db"
    db.write_bytes(register.read_bytes())
    earlier = backup_register(db, "manual")  # the one a restore brings back
    with Register.open(db) as reg:
        reg.save_campaign(reg.campaign(2022))  # a change the restore would take out
    before = counts(db)
    stick = tmp_path / "U盘"
    stick.mkdir()
    argv = {"backup": ["backup"], "backup --out": ["backup", "--out", str(stick / "备份.db")],
            "restore": ["restore", str(earlier.path)]}[kind]
    args = [*argv, "--db", str(db), "--operator", "甲"]
    files = {p for p in tmp_path.rglob("*") if p.is_file()}

    killed = run(args, KILL_IN_COPY)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert counts(db) == before and check_integrity(db).ok  # the register as it was
    assert [b.path for b in list_backups(db)] == [earlier.path]  # no piece listed as a backup
    left = sorted({p for p in tmp_path.rglob("*") if p.is_file()} - files
                  - {Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}.lock")})
    assert left and all(p.name.startswith(".") for p in left), left  # a copy, hidden

    age(left)
    again = run([*argv, "--db", str(db), "--operator", "甲"] if kind != "restore"
                else ["backup", "--db", str(db), "--operator", "甲"])  # the next start's
    assert again.returncode == 0, again.stderr
    assert not [p for p in left if p.exists()]  # swept: no copy of the register piling up


KILL_AT_RENAME = """
import os, signal
from boostdesk.safety import backup
_replace = os.replace
def replace(src, dst):
    if str(dst).endswith("register.db"):
        os.kill(os.getpid(), signal.SIGKILL)
    return _replace(src, dst)
backup.os.replace = replace
"""

KILLED_WRITER = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA wal_autocheckpoint = 0")
for n in range(50):
    conn.execute("UPDATE patent_applications SET remarks = ?", (f"改{n}",))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_restore_killed_as_it_replaces_the_register_keeps_what_a_killed_window_committed(
        register, tmp_path):
    import sqlite3

    from boostdesk.safety import backup_register, check_integrity

    db = tmp_path / "register.db"
    db.write_bytes(register.read_bytes())
    earlier = backup_register(db, "manual")
    # the window killed (power cut) after its last saves: they are in the -wal only
    subprocess.run([sys.executable, "-c", KILLED_WRITER, str(db)], timeout=60)
    assert Path(f"{db}-wal").stat().st_size > 0

    killed = run(["restore", str(earlier.path), "--db", str(db), "--operator", "甲"],
                 KILL_AT_RENAME)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert check_integrity(db).ok
    conn = sqlite3.connect(db)
    try:  # the register as the window left it, its last save included
        assert {r[0] for r in conn.execute("SELECT remarks FROM patent_applications")} == {"改49"}
    finally:
        conn.close()


# ... as the workbook takes in the sheet its rows were streamed to
KILL_AT_SHEET = """
import os, signal, zipfile
def write(self, *a, **k):
    os.kill(os.getpid(), signal.SIGKILL)
zipfile.ZipFile.write = write
"""


@pytest.mark.parametrize("argv", [["export", "summary", "patent", "--out", "{out}"],
                                  ["audit", "--out", "{out}"]])
def test_the_rows_a_killed_export_streamed_do_not_stay_in_the_temporary_folder(
        register, tmp_path, argv):
    """openpyxl streams a large sheet's rows to a temporary file first; Windows never
    empties %TEMP%, and a killed process cannot remove its files. The next export sweeps
    them at once: it swept only files an hour old, and an export run again at once (the
    usual thing after a kill) left the killed one's 11.6 MB there."""
    import sqlite3

    temp = tmp_path / "Temp"
    temp.mkdir()
    out = tmp_path / "表.xlsx"
    args = [a.format(out=out) for a in argv] + ["--db", str(register), "--operator", "甲"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temp)}
    conn = sqlite3.connect(register)
    name = conn.execute("SELECT name FROM people ORDER BY id LIMIT 1").fetchone()[0]
    conn.close()

    def holding_rows() -> list[Path]:
        return [p for p in temp.rglob("*") if p.is_file()
                and name in p.read_bytes().decode("utf-8", "replace")]

    script = "\nimport sys\nfrom boostdesk.cli import main\nsys.exit(main(sys.argv[1:]))"
    killed = subprocess.run([sys.executable, "-c", KILL_AT_SHEET + script, *args],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    left = holding_rows()
    assert left  # the rows, as far as they were streamed
    assert all(p.name.startswith("rows.") for p in left)  # named by the killed process

    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert holding_rows() == []


STREAMING = """
import sys
from boostdesk.io.export_summary import _rows_file
path = _rows_file(".xml")  # as openpyxl takes one for a sheet's rows
open(path, "w").write("张三 110101199003071234")
print(path, flush=True)
sys.stdin.read()  # streaming on till told
"""


def test_the_rows_of_a_boostdesk_still_exporting_are_left_alone(tmp_path):
    """Another BoostDesk exporting this moment (a second window, a command): its rows
    file is in use and stays, however old; swept once that process has been killed. A
    file naming no owner (an earlier version's) still goes once an hour old."""
    from boostdesk.io.export_summary import ROWS_FOLDER, sweep_rows

    temp = tmp_path / "Temp"
    temp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temp)}
    other = subprocess.Popen([sys.executable, "-c", STREAMING], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        streaming = Path(other.stdout.readline().strip())
        folder = temp / ROWS_FOLDER
        assert streaming.parent == folder and streaming.name.startswith(f"rows.{other.pid}.")
        earlier, recent = folder / "rows.abc123xy.xml", folder / "rows.k2j4h6g8.xml"
        earlier.write_text("李四")
        recent.write_text("王五")
        age([streaming, earlier])
        sweep_rows(folder)
        assert streaming.exists() and recent.exists() and not earlier.exists()
    finally:
        other.kill()
        other.wait()
    sweep_rows(folder)
    assert not streaming.exists()
    assert sorted(p.name for p in folder.iterdir()) == [recent.name]  # its mark gone too


KILL_IN_WRITE_TEXT = """
import os, signal, pathlib
def write_text(self, text, *a, **k):
    with open(self, "w", encoding="utf-8") as f:
        f.write(text[: len(text) // 2])
    os.kill(os.getpid(), signal.SIGKILL)
pathlib.Path.write_text = write_text
"""


def test_a_kill_while_the_backup_count_is_set_keeps_the_count_set_before(register, tmp_path):
    """A half-written backups/settings.json read as no setting: the next backup pruned
    a register kept at 100 backups down to the default 20."""
    from boostdesk.safety import backup_keep, set_backup_keep

    db = tmp_path / "register.db"
    db.write_bytes(register.read_bytes())
    set_backup_keep(db, 100)
    killed = run(["backup", "--keep", "50", "--db", str(db), "--operator", "甲"],
                 KILL_IN_WRITE_TEXT)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert backup_keep(db) == 100


# A large campaign's check on two processes (rules.halves), this one killed once the
# second process is started: the second must not stay behind.
KILL_AFTER_SECOND_PROCESS = """
import os, signal, time
from boostdesk.rules import halves
halves.SPLIT_FROM = 1
_start = halves.start_other_half
def start(reg, campaign, *claims):
    other = _start(reg, campaign, *claims)
    pool, future, _ = other
    while not pool._processes:
        time.sleep(0.01)
    print("second", *pool._processes, flush=True)
    time.sleep(1.5)  # the second process at work
    os.kill(os.getpid(), signal.SIGKILL)
halves.start_other_half = start
"""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # an orphan's zombie, if nobody reaps it here


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_the_second_process_of_a_large_check_ends_with_the_first(register, tmp_path):
    db = tmp_path / "register.db"
    db.write_bytes(register.read_bytes())
    said = tmp_path / "said.txt"
    script = KILL_AFTER_SECOND_PROCESS + "\nimport sys\nfrom boostdesk.cli import main\nmain(sys.argv[1:])"
    with said.open("w") as out:  # a file, not a pipe: an orphan would hold a pipe open
        killed = subprocess.run([sys.executable, "-c", script, "check", "--db", str(db),
                                 "--operator", "甲"], stdout=out, stderr=subprocess.DEVNULL,
                                cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                timeout=120)
    assert killed.returncode == -signal.SIGKILL
    [line] = [x for x in said.read_text().splitlines() if x.startswith("second")]
    pids = [int(x) for x in line.split()[1:]]
    deadline = time.monotonic() + 20
    while any(map(alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in pids if alive(pid)]
    for pid in left:  # not to leave it for the next test either
        os.kill(pid, signal.SIGKILL)
    assert left == []


def test_a_save_is_on_the_disk_before_the_clerk_is_told_so(tmp_path):
    """The power going off, unlike a kill, takes what the OS had not yet written: in WAL
    mode SQLite's NORMAL leaves every commit since the last checkpoint there (papers
    saved, payments marked), FULL syncs each commit."""
    from boostdesk.safety import open_register

    opened = open_register(tmp_path / "register.db", "甲", start_backup=False)
    try:
        assert opened.reg.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert opened.reg.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        opened.reg.close()
