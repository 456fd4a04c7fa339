"""A tier decision and a payment run leave a backup themselves, whoever calls them."""

from __future__ import annotations

from datetime import date

from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import Register
from boostdesk.models.records import PATENT
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.safety.backup import list_backups
from tests.test_finance import add_patent
from tests.test_panel_support import CITY, YEAR, add_experts, make_project, score_all, to_review


def test_adopt_and_mark_paid_each_leave_a_new_backup(reg):
    assert list_backups(reg.path) == []
    a = make_project(reg, "市级甲项目", "工作室甲", CITY)
    to_review(reg, a)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90})
    adopt(reg, YEAR)
    after_adopt = list_backups(reg.path)
    assert [b.reason for b in after_adopt] == ["tier"]

    p = add_patent(reg)
    sync_plan(reg, 2022)
    line = next(x for x in payment_lines(reg, 2022, stream=PATENT) if x.app_id == p)
    mark_paid(reg, line.id, date(2023, 1, 10), "记-2023-0008")
    after_pay = list_backups(reg.path)
    assert [b.reason for b in after_pay] == ["payment", "tier"]  # newest first


def test_an_in_memory_register_is_paid_without_a_backup(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    mem = Register.open(":memory:", operator="测试员")
    try:
        p = add_patent(mem)
        sync_plan(mem, 2022)
        line = next(x for x in payment_lines(mem, 2022, stream=PATENT) if x.app_id == p)
        assert mark_paid(mem, line.id, date(2023, 1, 10), "记-1").paid
    finally:
        mem.close()
    assert list(tmp_path.iterdir()) == []  # no backups folder anywhere
