"""取消 pressed after a write's backup, during its short transaction: the write stored all
the same (the cancel was asked only between the backup and the transaction). It is now
asked again at the commit, which rolls the write back instead."""

from __future__ import annotations

import pytest

from boostdesk.models import PatentApplication, Register
from boostdesk.models.register_base import WriteCancelled
from boostdesk.safety.backup import backed_up_write


def _titles(reg):
    return [r[0] for r in reg.conn.execute("SELECT title FROM patent_applications ORDER BY id")]


def test_a_cancel_during_the_transaction_after_the_backup_stores_nothing(tmp_path):
    reg = Register.open(tmp_path / "register.db", operator="王秀兰")
    pressed = [False]
    try:
        audit_lines = reg.scalar("SELECT count(*) FROM audit_events")
        with (pytest.raises(WriteCancelled, match="已取消，未保存任何改动"),
              backed_up_write(reg, "payment", lambda: pressed[0]), reg.transaction()):
            reg.save_patent(PatentApplication(title="取消时正在保存", campaign_year=2022))
            pressed[0] = True  # 取消, while the transaction runs
        assert _titles(reg) == []
        assert reg.scalar("SELECT count(*) FROM audit_events") == audit_lines
        assert not reg.changes.patents  # nothing to re-check: nothing was written
        # asked for that write only: the next one is stored
        reg.save_patent(PatentApplication(title="下一次保存", campaign_year=2022))
        assert _titles(reg) == ["下一次保存"]
    finally:
        reg.close()


def test_a_write_not_cancelled_is_stored_and_the_question_forgotten(tmp_path):
    reg = Register.open(tmp_path / "register.db", operator="王秀兰")
    try:
        with backed_up_write(reg, "payment", lambda: False), reg.transaction():
            reg.save_patent(PatentApplication(title="照常保存", campaign_year=2022))
        assert _titles(reg) == ["照常保存"]
        assert reg.cancel_commit is None
    finally:
        reg.close()


def test_the_command_line_s_writes_ask_nothing(tmp_path):
    reg = Register.open(tmp_path / "register.db", operator="王秀兰")
    try:
        with backed_up_write(reg, "payment", None):
            assert reg.cancel_commit is None
    finally:
        reg.close()
