"""An auditor reads the trail's 操作人 column: a name typed with a line break in it made
one line read as another's (李主任 / 2026-12-06 15:00:00  王会计), a zero-width space
made a 张敏 that `audit --by 张敏` missed. One check wherever a name enters."""

from __future__ import annotations

import pytest

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.operator_name import MOST, clean, key
from boostdesk.validate import ValidationError


@pytest.mark.parametrize("typed", [
    "李主任\n2026-12-06 15:00:00  王会计", "张敏\r李主任", "张敏\x1b[2K", "李\u2028主任",
    "张\t敏", "张" * (MOST + 1), "\u200b", " "])
def test_a_name_that_cannot_be_one_line_of_the_trail_is_refused(typed):
    with pytest.raises(ValidationError) as refused:
        clean(typed)
    assert "操作人" in refused.value.message


def test_a_name_is_kept_as_it_reads():
    """Invisible characters go (they show as nothing), widths as NFKC writes them,
    spaces one; never cut."""
    assert clean("张敏\u200b") == "张敏"
    assert clean("\ufeff张敏\u202e") == "张敏"
    assert clean("  王　 会计 ") == "王 会计"  # (an ideographic space is a space)
    assert clean("ＬＩ Ｍｉｎ") == "LI Min"
    assert clean("张" * MOST) == "张" * MOST


def test_names_stored_before_the_check_read_as_the_name_they_show():
    assert key("张敏\u200b") == key("张敏") == "张敏"
    assert key("李主任\n2026-12-06 15:00:00  王会计") == "李主任 2026-12-06 15:00:00 王会计"


@pytest.mark.parametrize(("typed", "said"), [
    ("李主任\n2026-12-06 15:00:00  王会计", "U+000A（换行）"),
    ("张敏\r李主任", "U+000D（回车）"),
    ("张敏\x1b", "U+001B（ESC）"),
    ("张" * 300, "太长（300 个字符，最多 20 个）"),
])
def test_the_command_line_refuses_such_a_name_and_changes_nothing(tmp_path, monkeypatch,
                                                                   capsys, typed, said):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("BOOSTDESK_OPERATOR", raising=False)
    db = ["--db", str(tmp_path / "register.db")]
    assert main(["campaign", "set", "--year", "2022", "publicity_days=6", *db]) == 0
    capsys.readouterr()
    assert main(["campaign", "set", "--year", "2022", "publicity_days=7", "--operator", typed,
                 *db]) == 2
    err = capsys.readouterr().err
    assert said in err and "未做任何操作" in err
    monkeypatch.setenv("BOOSTDESK_OPERATOR", typed)  # the same, said for the session
    assert main(["campaign", "set", "--year", "2022", "publicity_days=7", *db]) == 2
    assert "BOOSTDESK_OPERATOR" in capsys.readouterr().err
    with Register.open(tmp_path / "register.db") as reg:
        assert reg.campaign(2022).publicity_days == 6
        assert all("\n" not in r["operator"] and "\r" not in r["operator"]
                   for r in reg.query("SELECT operator FROM audit_events"))


def test_a_zero_width_space_is_dropped_and_audit_by_finds_old_lines_too(tmp_path, monkeypatch,
                                                                        capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("BOOSTDESK_OPERATOR", raising=False)
    db = ["--db", str(tmp_path / "register.db")]
    assert main(["campaign", "set", "--year", "2022", "publicity_days=6", "--operator",
                 "张敏\u200b", *db]) == 0
    with Register.open(tmp_path / "register.db") as reg:
        assert {r["operator"] for r in reg.query(
            "SELECT operator FROM audit_events WHERE entity = 'campaigns'")} == {"张敏"}
        reg.operator = "张敏\u200b"  # a line stored before names were checked: kept as it is
        reg.audit("update", "campaigns", None, {"publicity_days": 6}, {"publicity_days": 9})
    capsys.readouterr()
    assert main(["audit", "--by", "张敏", *db]) == 0
    out = capsys.readouterr().out
    assert "公示期：7 天 → 6 天" in out and "张敏\u200b  助推计划  修改" in out
