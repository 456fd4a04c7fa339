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
