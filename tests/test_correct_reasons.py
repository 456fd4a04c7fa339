"""Every `correct` sub-command taking --reason (「更正原因，记入修改记录」) records it: the
trail `audit` prints says 理由：… on the correction's line. `correct studio` dropped it
(renamed or merged), and a merge's line — a union's too — never said it."""

from __future__ import annotations

import pytest
from test_statistics import demo, demo_file

from boostdesk.cli import main
from boostdesk.models import Register

__all__ = ["demo", "demo_file"]

WHY = "审计核对更正"
OLD_ID = "110105491231002"  # GB 11643-1999's worked example, as issued before 1999


def _one(db, sql: str) -> str:
    with Register.open(db) as reg:
        return str(reg.scalar(sql))


def _an_old_id(db) -> list[str]:
    """A person registered under a 15-digit number, as a register imported before 0.16."""
    with Register.open(db) as reg, reg.transaction():
        reg.conn.execute("UPDATE people SET id_number = ? WHERE id = (SELECT MIN(id) FROM people)",
                         (OLD_ID,))
    return ["old-ids"]


CASES = {
    "union renamed": lambda db: ["union", _one(db, "SELECT name FROM units WHERE id = 1"), "某区总工会"],
    "union merged": lambda db: ["union", "北京理工大学工会", "北京工业大学工会", "--merge"],
    "studio renamed": lambda db: ["studio", "新材料应用职工创新工作室", "新材料应用创新工作室"],
    "studio merged": lambda db: ["studio", "赵永刚职工创新工作室", "孙丽华职工创新工作室", "--merge"],
    "enterprise": lambda db: ["enterprise", _one(db, "SELECT name FROM enterprises WHERE id = 1"),
                              "北京某某有限公司"],
    "name": lambda db: ["name", "蒋伟", "蒋玮"],
    "id": lambda db: ["id", _one(db, "SELECT id_number FROM people WHERE id = 2"),
                      "11010519491231002X"],
    "card": lambda db: ["card", "ZL201910263188.1", "6217000000123456782"],
    "qualified-date": lambda db: ["qualified-date", "项目12", "--date", "2022-11-20"],
    "old-ids": _an_old_id,
}


@pytest.mark.parametrize("case", CASES)
def test_the_reason_is_on_the_corrections_line(demo, capsys, case):
    argv = CASES[case](demo)
    capsys.readouterr()
    assert main(["correct", *argv, "--reason", WHY, "--db", str(demo)]) == 0, capsys.readouterr()
    capsys.readouterr()
    assert main(["audit", "--db", str(demo)]) == 0
    trail = capsys.readouterr().out.split("填入演示数据")[-1]  # what the correction wrote
    lines = [x for x in trail.splitlines()[1:] if x.strip()]
    assert lines and all(f"理由：{WHY}" in x for x in lines), lines
