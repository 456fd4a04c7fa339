"""Finance's copy (whole ID, card and phone numbers) never leaves without its line in the
audit trail: from a register another BoostDesk holds (opened read-only) none is written."""

from __future__ import annotations

import sqlite3

import pytest

from boostdesk.cli import main
from boostdesk.models import Register
from tests.test_lock import Holder


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


@pytest.fixture
def demo(demo_master, tmp_path):
    db = tmp_path / "demo.db"
    src, dst = sqlite3.connect(demo_master), sqlite3.connect(db)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return db


FINANCE_COPIES = [
    ("print", "approval", "--unmasked", "--out", "{d}/2022-审批表-财务联.pdf"),
    ("print", "payments", "--tranche", "1", "--unmasked", "--out", "{d}/拨付清单-财务联.pdf"),
    ("export", "summary", "patent", "--unmasked", "--out", "{d}/专利汇总表-财务联.xlsx"),
    ("export", "summary", "project", "--finance", "--out", "{d}/项目汇总表-财务联.pdf"),
]


def _trail_lines(db) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM audit_events WHERE action = 'export_unmasked'"
                            ).fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("argv", FINANCE_COPIES, ids=lambda a: " ".join(a[:3]))
def test_no_finance_copy_while_another_boostdesk_holds_the_register(demo, tmp_path, capsys,
                                                                    argv):
    args = [a.format(d=tmp_path) for a in argv]
    out = tmp_path / args[-1].rsplit("/", 1)[1]
    other = Holder(demo, "窗口里的人")
    try:
        capsys.readouterr()
        assert main([*args, "--db", str(demo)]) == 1
        err = capsys.readouterr().err
        assert not out.exists()
        assert "未生成财务联" in err and "须记入审计记录" in err
        assert "窗口里的人" in err and "请关闭那个 BoostDesk 窗口后重试" in err
        # the masked copy is still made while the other window has the register
        masked = [a for a in args if a not in ("--unmasked", "--finance")]
        masked[-1] = str(tmp_path / ("部分隐去" + out.suffix))
        assert main([*masked, "--db", str(demo)]) == 0
        assert (tmp_path / ("部分隐去" + out.suffix)).is_file()
    finally:
        other.close()
    assert _trail_lines(demo) == 0


def test_a_finance_copy_the_trail_cannot_name_is_removed(demo, tmp_path, monkeypatch, capsys):
    """Written, then its line cannot be (the disk filled meanwhile): the copy goes too."""
    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    out = tmp_path / "2022-审批表-财务联.pdf"
    monkeypatch.setattr(Register, "audit", full)
    assert main(["print", "approval", "--unmasked", "--out", str(out), "--db", str(demo)]) == 1
    assert not out.exists()
    assert "已生成审批表" not in capsys.readouterr().out
