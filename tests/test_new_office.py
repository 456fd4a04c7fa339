"""A new office PC: an empty register, a new year made from the last one, and the command
line's answers on nothing (QA pass "empty")."""

from __future__ import annotations

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.panel import grid as gr


def test_a_new_year_made_from_the_last_keeps_its_panel_rules(tmp_path, capsys):
    """The office set 2022's panel to seven experts a project, two trimmed each way, and a
    grid of its own; 2023 made from 2022 must not fall back to the program's defaults."""
    db = tmp_path / "register.db"
    args = ["--db", str(db), "--operator", "王秀兰"]
    assert main(["panel", "settings", "--trim-min", "7", "--trim-each", "2",
                 "--per-project", "7", "--disagreement", "8", *args]) == 0
    assert main(["panel", "grid", "--set", "创新性:50:50", "效益:50:50", *args]) == 0
    assert main(["campaign", "new", "--year", "2023", *args]) == 0
    out = capsys.readouterr().out
    assert "评审参数" in out and "评分细则" in out  # said, with the rest to check

    reg = Register.open(db, operator="王秀兰")
    try:
        assert gr.settings(reg, 2023) == gr.PanelSettings(7, 2, 80, 7)
        assert [(c.name, c.max_score, c.weight) for c in gr.criteria(reg, 2023)] == [
            ("创新性", 50, 50), ("效益", 50, 50)]
        assert all(c.id is not None for c in gr.criteria(reg, 2023))  # stored, not defaults
    finally:
        reg.close()


def test_a_year_without_a_plan_is_refused_with_the_command_that_makes_it(tmp_path, capsys):
    """On the command line there is no “设置” to go to: the answer names the command."""
    db = tmp_path / "register.db"
    Register.open(db, operator="测试员").close()  # (a command that reads refuses a register not there)
    for command in (["check", "--year", "2023"], ["campaign", "show", "--year", "2023"],
                    ["campaign", "set", "--year", "2023", "patent_award=5000"]):
        assert main([*command, "--db", str(db)]) == 1
        err = capsys.readouterr().err
        assert f"boostdesk --db {db} campaign new --year 2023" in err and "设置" not in err, err
        assert "2022" in err  # the years it has


def test_an_empty_expert_list_says_so_and_how_to_add_one(tmp_path, capsys):
    db = tmp_path / "register.db"
    Register.open(db, operator="测试员").close()  # (a command that reads refuses a register not there)
    assert main(["panel", "expert", "list", "--db", str(db)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""  # a script reading the rows gets none
    assert "尚无评审专家" in captured.err and "panel expert add" in captured.err


def test_publicity_of_nothing_names_where_to_adopt_the_proposal_window_and_command(
        tmp_path, capsys):
    db = tmp_path / "register.db"
    Register.open(db, operator="测试员").close()  # (a command that reads refuses a register not there)
    for command in (["publicity", "list"], ["publicity", "start", "--from", "2022-12-20"]):
        assert main([*command, "--db", str(db)]) == 1
        err = capsys.readouterr().err
        assert "没有" in err and f"boostdesk --db {db} panel adopt" in err and "排名与档次" in err, err


def test_the_first_command_on_a_new_pc_says_where_the_register_was_made(
        tmp_path, monkeypatch, capsys):
    data = tmp_path / "BoostDesk"
    monkeypatch.setenv("BOOSTDESK_DATA", str(data))
    assert main(["check", "--operator", "王秀兰"]) == 0
    err = capsys.readouterr().err
    assert "新建" in err and str(data / "register.db") in err, err
    assert main(["check", "--operator", "王秀兰"]) == 0  # the next time: nothing to say
    assert "新建" not in capsys.readouterr().err


def test_a_blank_table_of_a_year_whose_deadline_has_passed_says_so(tmp_path, capsys):
    """A new office in 2023 makes the units' blank table: the register's newest plan is
    2022's (its deadline 2022-11-01 long past), so the table came titled 2022 without a
    word, and a union's 2023 papers would come back to be judged under 2022's window."""
    db = tmp_path / "register.db"
    Register.open(db, operator="测试员").close()  # (a command that reads refuses a register not there)
    assert main(["campaign", "list", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["template", "patent", str(tmp_path / "附件2.xlsx"), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "2022-11-01 已过" in err and f"boostdesk --db {db} campaign new --year 2023" in err, err
    assert main(["template", "patent", str(tmp_path / "附件2.xlsx"), "--year", "2022",
                 "--db", str(db), "--replace"]) == 0  # that year asked for by name: no note
    assert "已过" not in capsys.readouterr().err


def test_a_register_path_whose_folder_cannot_be_made_is_refused_in_chinese(tmp_path, capsys):
    """--db under a name that is a file (or a network drive not connected): a traceback."""
    not_a_folder = tmp_path / "汇总表.xlsx"
    not_a_folder.write_bytes(b"x")
    assert main(["check", "--db", str(not_a_folder / "register.db")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "错误：" in err and str(not_a_folder) in err, err
