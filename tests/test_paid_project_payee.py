"""A paid project's 所在单位 is the enterprise its award was paid to (fixed at the first
payment, migration 11). A save of the paper — the form greys the field; a script or a
later tool may not — neither renames it nor moves the studio by it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_ui_enterprise_correction import WRONG, a_paid_project

from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import RegisterError


def test_a_paid_projects_paper_saved_with_another_enterprise_is_refused(reg):
    app_id = a_paid_project(reg)
    paper = reg.project(app_id)
    with pytest.raises(RegisterError, match="所在单位（收款单位）不能由申报改为“另一家有限公司”") as e:
        reg.save_project(replace(paper, enterprise_name="另一家有限公司"))
    assert "单位与人员" in str(e.value) and "工作室" in str(e.value)
    # the studio stayed where it was: its unpaid projects are paid there too
    assert reg.studio(paper.studio_name).enterprise_name == WRONG
    assert reg.scalar("SELECT COUNT(*) FROM enterprises WHERE name = '另一家有限公司'") == 0


def test_a_paid_projects_remark_saved_leaves_its_moved_studio_where_it_moved(reg):
    """The studio moved to another enterprise on 工作室 (its paid award stays paid to the
    old one): the paid paper read back and saved with a remark named the old enterprise,
    and the studio went back there — its next award would be paid to the wrong company."""
    app_id = a_paid_project(reg)
    paper = reg.project(app_id)
    with reg.transaction():
        reg.ensure_studio(paper.studio_name, None, None,
                          reg.ensure_enterprise("首钢迁安钢铁有限责任公司"))
    reg.save_project(replace(reg.project(app_id), remarks="凭证已归档"))
    assert reg.project(app_id).remarks == "凭证已归档"
    assert reg.studio(paper.studio_name).enterprise_name == "首钢迁安钢铁有限责任公司"
    assert {x.payee for x in payment_lines(reg, 2022, app_ids=[app_id])} == {WRONG}
