"""An award withdrawn, as an auditor reads it: the amount and day it had, who took it
back, when and why; and the lists an auditor asks for (withdrawn awards, what changed
after an approval)."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk import audit_log
from boostdesk.models import PatentApplication, Register
from boostdesk.ui.detail import DetailPane


@pytest.fixture
def withdrawn(tmp_path):
    """A 2022 patent approved at ¥3,000.00 on 2022-12-15 and then refused (资格审核不通过)."""
    reg = Register.open(tmp_path / "register.db", operator="录入员甲")
    app_id = reg.save_patent(PatentApplication(2022, inventor_name="蒋伟", title="一种阀门"))
    reg.operator = "审核员乙"
    reg.set_status("patent", app_id, "qualified")
    reg.set_status("patent", app_id, "approved", award_fen=3000_00,
                   approved_date=date(2022, 12, 15))
    reg.operator = "审核员丙"
    reg.set_status("patent", app_id, "refused", "授权日不在本年度范围")
    yield reg, app_id
    reg.close()


def test_a_withdrawal_keeps_the_award_it_took_back_in_the_trail(withdrawn):
    reg, app_id = withdrawn
    (line,) = [x for x in audit_log.trail(reg, application=("patent", app_id))
               if "资格审核不通过" in x.details]
    assert line.operator == "审核员丙"
    assert "助推金额：¥3,000.00 → （空）" in line.details
    assert "核准日期：2022-12-15 → （空）" in line.details
    assert "理由：授权日不在本年度范围" in line.details


def test_a_withdrawal_shows_the_old_award_in_the_pane(withdrawn, qapp):
    reg, app_id = withdrawn
    pane = DetailPane(reg)
    pane.show_application("patent", app_id)
    text = pane.toPlainText()
    text = text[text.index("修改记录"):]
    assert "助推金额：¥3,000.00 → （空）" in text
    assert "核准日期：2022-12-15 → （空）" in text
