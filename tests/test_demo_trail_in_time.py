"""The demo's trail tells its season in order: an award's payables made with its approval,
by the approver, before any of its money went out, and a payment recorded before the status
it completes (陆志强's payables were dated 2023-03-15 09:30, his payment 2023-02-21)."""

from __future__ import annotations

from boostdesk import audit_log
from boostdesk.cli import main
from boostdesk.models import Register


def test_the_demos_payment_lines_are_in_time_with_the_moves_they_follow(tmp_path):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    reg = Register.open(db)
    try:
        out_of_order, made = [], []
        for stream, table in (("patent", "patent_applications"),
                              ("project", "project_applications")):
            for (app_id,) in reg.conn.execute(f"SELECT id FROM {table}").fetchall():
                lines = [x for x in audit_log.trail(reg, application=(stream, app_id))
                         if x.entity == "payments" or x.action == "状态变更"]
                out_of_order += [(b.subject, a.action, a.at, b.action, b.at)
                                 for a, b in zip(lines, lines[1:], strict=False) if b.at < a.at]
                approval = next((x for x in lines if "→ 核准" in x.details), None)
                made += [(x.operator, x.at, approval.operator, approval.at)
                         for x in lines if x.action == "生成应拨款项" and approval]
        assert out_of_order == []
        assert made and all(x[:2] == x[2:] for x in made)  # by the approval, at its time
    finally:
        reg.close()
