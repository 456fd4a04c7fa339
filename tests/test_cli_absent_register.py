"""A ``--db`` that is not there: refused by a command that only reads, made by one that
starts a register (an auditor's `audit --db 登记册2022.db` for 登记册-2022.db made a new
register, wrote its 2022 plan in the trail as `root` and listed that as 修改记录)."""

from __future__ import annotations

import pytest

from boostdesk.cli import main


@pytest.mark.parametrize("command", [
    ["audit"],
    ["audit", "--ref", "人员1"],
    ["check"],
    ["check", "--all-years"],
    ["stats"],
    ["todo"],
    ["rank"],
    ["pay", "list"],
    ["pay", "mark", "1", "--date", "2022-07-01", "--voucher", "1"],
    ["campaign", "list"],
    ["campaign", "show"],
    ["backup"],
    ["backup", "list"],
    ["publicity", "list"],
    ["panel", "status"],
    ["panel", "expert", "list"],
    ["panel", "grid"],
    ["panel", "settings"],
    ["print", "approval", "--out", "审批表.pdf"],
    ["export", "summary", "patent", "--out", "汇总表.xlsx"],
    ["template", "patent", "表.xlsx"],
    ["correct", "card", "专利1", "6217000000000005437"],
    ["erase-person", "人员1", "--reason", "到期"],
])
def test_a_command_that_does_not_start_a_register_refuses_a_path_not_there(
        command, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "x" / "typo_reg.db"
    typo.parent.mkdir()
    assert main([*command, "--db", str(typo), "--operator", "审计员"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"错误：登记册文件不存在：{typo}（请检查路径；新建登记册请用 boostdesk import")
    assert "原本不存在" not in err
    assert list(typo.parent.iterdir()) == []  # no register, no .lock, no backups folder
    assert list(tmp_path.iterdir()) == [typo.parent]


@pytest.mark.parametrize("command", [
    ["campaign", "new", "--year", "2023"],
    ["demo"],
    ["panel", "expert", "add", "王专家", "--org", "北京某大学"],
])
def test_a_command_that_starts_a_register_still_makes_it(command, tmp_path, capsys):
    db = tmp_path / "新登记册.db"
    assert main([*command, "--db", str(db), "--operator", "王秀兰"]) == 0
    assert db.is_file()
    assert main(["audit", "--db", str(db)]) == 0  # then read like any register


def test_a_register_lost_beside_its_backups_is_still_said_with_them(tmp_path, capsys):
    db = tmp_path / "登记册.db"
    assert main(["campaign", "new", "--year", "2023", "--db", str(db)]) == 0
    assert main(["backup", "--db", str(db)]) == 0
    db.unlink()
    capsys.readouterr()
    assert main(["audit", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "登记册不见了" in err and "boostdesk restore" in err
    assert not db.exists()
