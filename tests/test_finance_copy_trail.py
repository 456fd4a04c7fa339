"""Finance's copy (whole ID, card and phone numbers) never leaves without its line in the
audit trail: from a register another BoostDesk holds (opened read-only) none is written."""

from __future__ import annotations

import sqlite3
import subprocess

import openpyxl
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


@pytest.mark.parametrize(("argv", "masked_name", "finance_name"), [
    (("print", "approval"), "2022-审批表.pdf", "2022-审批表-财务联.pdf"),
    (("print", "payments", "--tranche", "1"), "拨付清单.xlsx", "拨付清单-财务联.xlsx"),
    (("export", "summary", "patent"), "专利汇总表.pdf", "专利汇总表-财务联.pdf"),
    (("export", "summary", "project"), "项目汇总表.xlsx", "项目汇总表-财务联.xlsx"),
], ids=lambda a: a if isinstance(a, str) else " ".join(a))
def test_finance_s_copy_never_overwrites_the_masked_one_and_says_what_it_is(
        demo, tmp_path, capsys, argv, masked_name, finance_name):
    """`--unmasked --out 2022-审批表.pdf` wrote over the masked copy of that name, the
    file handed round then held whole numbers; its title and message said nothing."""
    masked, finance = tmp_path / masked_name, tmp_path / finance_name
    db = ["--db", str(demo)]
    assert main([*argv, "--out", str(masked), *db]) == 0
    before = masked.read_bytes()
    capsys.readouterr()
    assert main([*argv, "--unmasked", "--out", str(masked), *db]) == 0
    said = capsys.readouterr()
    assert masked.read_bytes() == before and finance.is_file()
    assert f"财务联的文件名加上“-财务联”：{finance_name}" in said.err
    assert "财务联：含完整身份证号、卡号，电话已部分隐去" in said.out and "已记入审计记录" in said.out
    assert str(finance) in said.out
    if finance.suffix == ".pdf":
        info = subprocess.run(["pdfinfo", str(finance)], check=True, capture_output=True,
                              text=True).stdout
        assert "（财务联）" in next(x for x in info.splitlines() if x.startswith("Title:"))
    else:
        assert openpyxl.load_workbook(finance).properties.title.endswith("（财务联）")
    # a name that says it already is kept
    assert main([*argv, "--unmasked", "--out", str(finance), *db]) == 0
    assert "文件名加上" not in capsys.readouterr().err
    assert not (tmp_path / f"{finance.stem}-财务联{finance.suffix}").exists()
