"""结束公示 approves every unobjected project with its award in one step that cannot be
undone: the register is backed up first, as before a tier decision or a payment; a
refused close takes no backup (it would rotate a good one away)."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity import close_publicity, start_publicity
from boostdesk.safety import list_backups
from tests.test_panel_support import YEAR
from tests.test_publicity import proposed

__all__ = ["proposed"]


def test_closing_the_publicity_backs_up_the_register_first(reg, proposed):
    start_publicity(reg, YEAR, date(2022, 12, 20))
    before = len(list_backups(reg.path))
    with pytest.raises(PanelError, match="起方可结束公示"):
        close_publicity(reg, YEAR, date(2022, 12, 26))
    assert len(list_backups(reg.path)) == before
    close_publicity(reg, YEAR, date(2022, 12, 27))
    newest = list_backups(reg.path)[0]
    assert newest.reason == "publicity" and newest.reason_zh == "结束公示前"
    assert len(list_backups(reg.path)) == before + 1
    assert {reg.project(i).status for i in proposed.values()} == {"approved"}
