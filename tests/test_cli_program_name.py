"""The package's command line names itself in its hints: a clerk copying `→ boostdesk pay
mark 14` from `boostdesk-cli.exe todo` got “'boostdesk' 不是内部或外部命令” — the program is
`boostdesk-cli.exe` on Windows, `BoostDesk` on Linux. Data holding the word (a file named
boostdesk…) is never rewritten."""

from __future__ import annotations

import sys

import pytest

from boostdesk.cli import main
from boostdesk.demo import fill_demo


@pytest.fixture
def frozen(monkeypatch, tmp_path):
    """This process as the Windows package's console program."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "BoostDesk" / "boostdesk-cli.exe"))
    monkeypatch.setattr("boostdesk.cli.utf8_restart", lambda: None)  # (not this test's)


def test_the_package_s_hints_name_its_executable(frozen, reg, capsys):
    fill_demo(reg)
    reg.close()
    assert main(["todo", "--date", "2023-03-10", "--db", str(reg.path)]) == 0
    out = capsys.readouterr().out
    # (a register other than the user's own: each hint names it, after the program)
    assert f"→ boostdesk-cli.exe --db {reg.path} pay mark 14" in out
    assert "boostdesk pay" not in out and "boostdesk --db" not in out
    assert main(["demo"]) != 0  # no --db: said how to write it
    err = capsys.readouterr().err
    assert "如 boostdesk-cli.exe demo --db demo.db" in err, err
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：boostdesk-cli.exe"), out[:80]
    assert "见 boostdesk-cli.exe 命令 --help" in out and "如 boostdesk-cli.exe --db" in out
    assert "boostdesk " not in out.replace("boostdesk-cli.exe ", "")
    with pytest.raises(SystemExit):
        main(["pay", "mark", "--help"])
    assert capsys.readouterr().out.startswith("用法：boostdesk-cli.exe pay mark")
    assert sys.stdout.__class__.__name__ != "_Named"  # handed back as it was


def test_names_holding_boostdesk_are_not_rewritten(frozen, reg, tmp_path, capsys):
    reg.close()
    folder = tmp_path / "boostdesk check"
    folder.mkdir()
    for name in ("boostdesk demo.db", "boostdesk-2022.db", "boostdesk.db"):
        assert main(["backup", "--db", str(reg.path), "--out", str(folder / name)]) == 0
        out = capsys.readouterr().out
        assert f"已备份到 {folder / name}（" in out, out


def test_from_the_sources_the_program_is_boostdesk(reg, capsys):
    fill_demo(reg)
    reg.close()
    assert main(["todo", "--date", "2023-03-10", "--db", str(reg.path)]) == 0
    assert f"→ boostdesk --db {reg.path} pay mark 14" in capsys.readouterr().out
    assert main(["demo"]) != 0
    assert "如 boostdesk demo --db demo.db" in capsys.readouterr().err
