"""A long command's progress on stderr (boostdesk.cli_progress): at 100,000 papers the
tester's `archive` sat silent 137–160 s, `audit --out` and `export summary` ≈ 36 s. On a
terminal one line rewritten with \\r and cleared at the end; in a log a few plain lines;
stdout the result alone; Ctrl+C still 已中断 with no file."""

from __future__ import annotations

import io
import sqlite3

import pytest

from boostdesk import cli_progress
from boostdesk.cli import main

YEAR = 2022


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


@pytest.fixture
def demo(demo_master, tmp_path):
    db = tmp_path / "data" / "register.db"
    db.parent.mkdir()
    src, dst = sqlite3.connect(demo_master), sqlite3.connect(db)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return db


@pytest.fixture
def at_once(monkeypatch):
    """The first second's silence and the redraw pause gone: the demo is quick."""
    monkeypatch.setattr(cli_progress, "DELAY", 0.0)
    monkeypatch.setattr(cli_progress, "REDRAW", 0.0)
    monkeypatch.setattr("boostdesk.io.export_summary.PROGRESS_EVERY", 5)


def _tty(monkeypatch) -> FakeTTY:
    err = FakeTTY()
    monkeypatch.setattr("sys.stderr", err)
    return err


def test_export_summary_on_a_terminal_rewrites_one_line_and_clears_it(
        demo, tmp_path, monkeypatch, capsys, at_once):
    err = _tty(monkeypatch)
    out = tmp_path / "专利.xlsx"
    assert main(["export", "summary", "patent", "--db", str(demo), "--out", str(out)]) == 0
    said = err.getvalue()
    assert "\r正在导出专利汇总表" in said and " 行…" in said
    assert "\n" not in said  # one line, rewritten in place
    assert said.endswith("\r")  # blanked: the prompt (or the result) starts clean
    assert capsys.readouterr().out.startswith("已导出专利汇总表")  # stdout: the result alone
    assert out.is_file()


def test_export_summary_in_a_log_says_a_few_plain_lines(demo, tmp_path, capsys, at_once):
    out = tmp_path / "专利.xlsx"
    assert main(["export", "summary", "patent", "--db", str(demo), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert "\r" not in err
    assert 1 <= len(lines) <= 3 and all(x.startswith("正在导出专利汇总表（附件2） ") for x in lines)


def test_a_quick_command_stays_quiet(demo, tmp_path, capsys):
    out = tmp_path / "专利.xlsx"
    assert main(["export", "summary", "patent", "--db", str(demo), "--out", str(out)]) == 0
    assert capsys.readouterr().err == ""


def test_the_archive_names_the_file_it_writes_with_its_count(
        demo, tmp_path, monkeypatch, capsys, at_once):
    err = _tty(monkeypatch)
    out = tmp_path / "归档"
    assert main(["archive", "--year", str(YEAR), "--db", str(demo), "--out", str(out)]) == 0
    said = err.getvalue()
    assert f"\r正在导出 {YEAR} 年度归档（" in said
    assert "：审批表.pdf " in said and " 页…" in said  # within the big file: its pages
    assert "：专利汇总表.xlsx " in said and " 行…" in said
    assert "%）：登记册备份…" in said
    assert said.endswith("\r") and "\n" not in said
    assert capsys.readouterr().out.startswith(f"已导出 {YEAR} 年度归档")


def test_audit_out_counts_the_lines(demo, tmp_path, monkeypatch, capsys, at_once):
    monkeypatch.setattr("boostdesk.audit_log.PROGRESS_EVERY", 10)
    err = _tty(monkeypatch)
    out = tmp_path / "修改记录.xlsx"
    assert main(["audit", "--year", str(YEAR), "--db", str(demo), "--out", str(out)]) == 0
    said = err.getvalue()
    assert "\r正在导出修改记录 10/" in said and " 条…" in said
    assert out.is_file()


def test_ctrl_c_clears_the_line_says_interrupted_and_writes_nothing(
        demo, tmp_path, monkeypatch, at_once):
    err = _tty(monkeypatch)
    drawn = cli_progress.Progress._draw

    def pressed(self, now):  # Ctrl+C as the second count is drawn
        drawn(self, now)
        if self.done > 0:
            raise KeyboardInterrupt

    monkeypatch.setattr(cli_progress.Progress, "_draw", pressed)
    from boostdesk.io.export_summary import rows_folder

    out = tmp_path / "专利.xlsx"
    before = set(rows_folder().iterdir())
    assert main(["export", "summary", "patent", "--db", str(demo), "--out", str(out)]) == 130
    assert {p for p in set(rows_folder().iterdir()) - before
            if not p.name.startswith("owner.")} == set()  # the rows streamed so far removed
    said = err.getvalue()
    line = said.rsplit("\r", 2)
    assert said.endswith("\r已中断\n") and line[1].strip() == ""  # the line blanked first
    assert list(tmp_path.iterdir()) == [demo.parent]  # no file, no piece of one


def test_ctrl_c_in_the_archive_leaves_no_folder(demo, tmp_path, monkeypatch, at_once):
    err = _tty(monkeypatch)
    drawn = cli_progress.Progress._draw

    def pressed(self, now):
        drawn(self, now)
        if "审批表" in self.what:
            raise KeyboardInterrupt

    monkeypatch.setattr(cli_progress.Progress, "_draw", pressed)
    out = tmp_path / "归档"
    assert main(["archive", "--year", str(YEAR), "--db", str(demo), "--out", str(out)]) == 1
    assert err.getvalue().endswith("\r错误：已中断，年度归档未生成（没有留下文件夹）\n")
    assert list(tmp_path.iterdir()) == [demo.parent]


def test_check_says_its_stages_in_a_log_and_keeps_stdout_the_report(demo, capsys, at_once):
    """At 100,000 papers `check` printed nothing for ≈ 19 s (a loaded machine), then its
    report: its stages on stderr, one line a stage passed, never one a paper."""
    assert main(["check", "--db", str(demo)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("北京市总工会2022年"), out[:80]
    assert "正在核对" not in out
    lines = err.splitlines()
    assert lines and len(lines) <= 4, lines
    assert any(x.startswith("正在核对（") and x.endswith("：按方案核对各项申报…") for x in lines), lines


def test_check_on_a_terminal_rewrites_its_line_and_clears_it_before_the_report(
        demo, monkeypatch, capsys, at_once):
    err = _tty(monkeypatch)
    assert main(["check", "--db", str(demo)]) == 0
    said = err.getvalue()
    assert "\r正在核对（" in said and "：保存核对结论…" in said
    assert "\r正在校验修改记录…" in said
    assert said.endswith("\r"), said[-60:]  # cleared: the report and the chain's line over it
    assert capsys.readouterr().out.startswith("北京市总工会2022年")
