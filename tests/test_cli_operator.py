"""The finance officer types `boostdesk pay mark …` at the computer where the window knows
her name: the audit trail names her, not the computer's login (a shared office login
such as Administrator names nobody)."""

from __future__ import annotations

import getpass

from PySide6.QtCore import QSettings

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.paths import APP_NAME, ORG_NAME, default_operator


def window_remembers(config_home, name: str) -> None:
    """What the window's 操作人 question stores (QSettings' own file, written by Qt)."""
    settings = QSettings(str(config_home / ORG_NAME / f"{APP_NAME}.conf"),
                         QSettings.Format.IniFormat)
    settings.setValue("main/screen", 3)
    settings.setValue("operator/name", name)
    settings.sync()


def test_the_command_line_names_the_operator_the_window_remembers(tmp_path, monkeypatch):
    monkeypatch.delenv("BOOSTDESK_OPERATOR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert default_operator() == getpass.getuser()  # nobody typed a name here yet
    window_remembers(tmp_path / "config", "赵 会计")
    db = tmp_path / "register.db"
    assert main(["campaign", "set", "--year", "2022", "publicity_days=6", "--db", str(db)]) == 0
    with Register.open(db) as reg:
        operators = {r["operator"] for r in reg.query(
            "SELECT operator FROM audit_events WHERE entity = 'campaigns' AND action = 'update'")}
    assert operators == {"赵 会计"}
    monkeypatch.setenv("BOOSTDESK_OPERATOR", "钱出纳")  # said for this run: it wins
    assert default_operator() == "钱出纳"


def test_a_blank_or_spaced_operator_is_not_recorded_as_typed(tmp_path, monkeypatch):
    """BOOSTDESK_OPERATOR="  钱出纳 " recorded one that the auditor looking for 钱出纳 did
    not find (a blank --operator is refused: below)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    db = ["--db", str(tmp_path / "register.db")]
    monkeypatch.setenv("BOOSTDESK_OPERATOR", "  钱出纳 ")
    assert main(["campaign", "set", "--year", "2022", "publicity_days=6", *db]) == 0
    assert main(["campaign", "set", "--year", "2022", "publicity_days=7", *db]) == 0
    assert main(["campaign", "set", "--year", "2022", "publicity_days=8", "--operator",
                 " 赵会计 ", *db]) == 0
    with Register.open(tmp_path / "register.db") as reg:
        operators = [r["operator"] for r in reg.query(
            "SELECT operator FROM audit_events WHERE entity = 'campaigns' AND action = 'update'"
            " ORDER BY id")]
    assert operators == ["钱出纳", "钱出纳", "赵会计"]


def test_a_blank_operator_is_refused(tmp_path, monkeypatch, capsys):
    """`--operator " "` was recorded as the login name (root): a change by nobody the
    office knows. Refused, and nothing changed."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    db = ["--db", str(tmp_path / "register.db")]
    assert main(["campaign", "set", "--year", "2022", "publicity_days=6", "--operator", "甲",
                 *db]) == 0
    capsys.readouterr()
    for blank in (" ", "", "\u3000"):
        assert main(["campaign", "set", "--year", "2022", "publicity_days=7",
                     "--operator", blank, *db]) == 2
        assert "--operator 后没有写姓名" in capsys.readouterr().err
    with Register.open(tmp_path / "register.db") as reg:
        operators = [r["operator"] for r in reg.query(
            "SELECT operator FROM audit_events WHERE entity = 'campaigns' AND action = 'update'")]
    assert operators == ["甲"]
