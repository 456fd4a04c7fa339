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
