"""A computer whose clock was set back (a flat CMOS battery, a wrong date after a repair)
dates its trail lines years before the lines already there: the chain is whole, but the
auditor choosing by date misses them. `check` and the archive's 目录 name them, with their
line, time and operator; the demo's story, dated as it tells it, is not such a line."""

from __future__ import annotations

import sqlite3

from test_year_archive import demo, demo_master  # noqa: F401 - its demo register in data/

from boostdesk.cli import main
from boostdesk.models import clock
from boostdesk.models.audit_chain import verify

__all__ = ["demo", "demo_master"]


def _unpaid(db) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT MIN(id) FROM payments WHERE paid_date IS NULL").fetchone()[0]
    finally:
        conn.close()


def test_a_line_dated_back_is_named_by_check_and_the_archive(demo, tmp_path, capsys,
                                                             monkeypatch):
    db = ["--db", str(demo)]
    assert main(["check", *db]) == 0
    assert "时间比之前已记的时间早" not in capsys.readouterr().out  # the demo's own story
    payment = _unpaid(demo)
    with monkeypatch.context() as m:
        m.setattr(clock, "now", lambda: "2023-01-10T10:00:00")
        assert main(["pay", "mark", str(payment), "--date", "2023-01-10", "--voucher",
                     "记-2023-0777", "--operator", "王会计", *db]) == 0
    assert main(["review", "materials", "专利1", "--untick", "1", "--operator", "张敏", *db]) == 0
    conn = sqlite3.connect(demo)
    try:
        line = conn.execute("SELECT MAX(id) FROM audit_events WHERE entity = 'payments'"
                            " AND at = '2023-01-10T10:00:00'").fetchone()[0]
        report = verify(conn)
    finally:
        conn.close()
    assert report.whole and report.backwards_count == 1  # the line after it is dated now
    capsys.readouterr()
    assert main(["check", *db]) == 0
    said = capsys.readouterr().out
    assert "修改记录防篡改校验：完整" in said
    assert ("有 1 行修改记录的时间比之前已记的时间早 10 分钟以上" in said
            and f"第 {line} 行 2023-01-10 10:00:00（操作人：王会计；之前已记到 " in said), said
    out = tmp_path / "arch"
    assert main(["archive", "--year", "2022", "--out", str(out), *db]) == 0
    index = next(out.glob("*-00-目录.txt")).read_text(encoding="utf-8-sig")
    assert f"第 {line} 行 2023-01-10 10:00:00（操作人：王会计" in index


def test_a_few_minutes_back_is_not_said(reg, monkeypatch):
    """Two computers a few minutes apart, or a clock corrected by a minute."""
    for at in ("2099-12-06T15:00:00", "2099-12-06T14:55:00", "2099-12-06T14:40:00"):
        monkeypatch.setattr(clock, "now", lambda at=at: at)
        reg.audit("update", "register", None, None, {"x": at})
    report = verify(reg.conn)
    assert report.backwards_count == 1 and report.backwards[0].at == "2099-12-06T14:40:00"


def _reference(conn, first: int = 0) -> tuple[list[int], int]:
    """The note's rule read line by line (as it was first written): each line more than
    ten minutes before the latest time of the lines before it."""
    from datetime import datetime

    latest, found = "", []
    for line_id, at in conn.execute("SELECT id, at FROM audit_events WHERE id >= ? ORDER BY id",
                                    (first,)):
        if at >= latest:
            latest = at
        elif (datetime.fromisoformat(latest) - datetime.fromisoformat(at)).total_seconds() > 600:
            found.append(line_id)
    return found[:3], len(found)


def _trail(lines: list[str]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE audit_events (id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
                 " operator TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL)")
    conn.executemany("INSERT INTO audit_events (at, operator, action, entity)"
                     " VALUES (?, '王丽', 'update', 'patent_applications')", [(a,) for a in lines])
    return conn


def test_the_runs_of_lines_in_order_name_what_a_line_by_line_reading_names():
    """Clocks set back by minutes and by years, set right again, lines deleted between:
    the note names the same lines, the same count, as reading every line did."""
    import random
    from datetime import datetime, timedelta

    from boostdesk.models.audit_chain import back_dated

    for seed in range(40):
        rng = random.Random(seed)
        moment, lines = datetime(2022, 10, 17, 9), []
        for _ in range(rng.randrange(1, 400)):
            roll = rng.random()
            if roll < 0.05:
                moment -= timedelta(minutes=rng.choice([5, 10, 11, 30, 600, 60 * 24 * 365 * 3]))
            elif roll < 0.08:
                moment += timedelta(days=rng.randrange(1, 900))  # set right again
            else:
                moment += timedelta(seconds=rng.randrange(0, 400))
            lines.append(moment.isoformat(timespec="seconds"))
        conn = _trail(lines)
        conn.execute("DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events"
                     " ORDER BY random() LIMIT ?)", (rng.randrange(0, 4),))
        found, count = back_dated(conn)
        assert ([x.line_id for x in found], count) == _reference(conn), seed
        for x in found:
            assert x.latest == max(a for (a,) in conn.execute(
                "SELECT at FROM audit_events WHERE id < ?", (x.line_id,)))


class _Counted:
    """A connection that counts the rows read from it into Python."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn, self.rows = conn, 0

    def execute(self, *args):
        counted = self

        class Rows:
            def __init__(self, cursor) -> None:
                self.cursor = cursor

            def __iter__(self):
                for row in self.cursor:
                    counted.rows += 1
                    yield row

            def fetchone(self):
                counted.rows += 1
                return self.cursor.fetchone()

            def fetchall(self):
                rows = self.cursor.fetchall()
                counted.rows += len(rows)
                return rows

        return Rows(self.conn.execute(*args))


def test_a_trail_dated_back_whole_is_not_read_line_by_line():
    """The benchmark's register: its 100,000 papers' lines dated before the line opening it
    (benchmarks/generate.py until stop 45). Each read into Python cost `check` ≈ 1 s."""
    from boostdesk.models.audit_chain import back_dated

    conn = _Counted(_trail(["2026-12-05T21:19:21"] + ["2022-11-10T09:30:00"] * 5000))
    found, count = back_dated(conn)  # type: ignore[arg-type]
    assert count == 5000 and [x.line_id for x in found] == [2, 3, 4]
    assert conn.rows < 20
