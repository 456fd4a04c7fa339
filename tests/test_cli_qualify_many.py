"""`boostdesk panel qualify REF REF … --pass`: several projects with no findings passed in
one decision (qualification.pass_many, as the window's 资格审核 passes those selected);
a batch with one having findings refused naming it, nothing changed; 不通过 stays one at
a time."""

from __future__ import annotations

import json
from dataclasses import replace

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PROJECT, PROJECT_MATERIALS
from boostdesk.safety import list_backups
from tests.test_panel_support import make_project


def _register(tmp_path) -> tuple[str, list[int]]:
    db = tmp_path / "register.db"
    with Register.open(db, operator="测试员") as reg:
        ids = [make_project(reg, f"项目{k}", f"工作室{k}", unit=f"第{k}区总工会") for k in range(3)]
    return str(db), ids


def _statuses(db: str, ids: list[int]) -> list[str]:
    with Register.open(db, operator="测试员") as reg:
        return [reg.project(i).status for i in ids]


def test_several_projects_pass_in_one_decision(tmp_path, capsys):
    db, ids = _register(tmp_path)
    code = main(["panel", "qualify", f"项目{ids[0]}", f"项目{ids[2]}", "--pass",
                 "--db", db, "--operator", "测试员"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith(f"2 项资格审核通过（一次决定）：项目{ids[0]}“项目0”、项目{ids[2]}“项目2”")
    assert _statuses(db, ids) == ["qualified", "registered", "qualified"]
    assert len(list_backups(db)) == 1  # backed up first, as the window's batch is
    with Register.open(db, operator="测试员") as reg:
        for i in (ids[0], ids[2]):
            [after] = [json.loads(r[0]) for r in reg.conn.execute(
                "SELECT after FROM audit_events WHERE action = 'qualify' AND entity_id = ?", (i,))]
            assert after == {"decision": "通过", "reason": "", "departs_from_findings": False}
            assert [(h["from_status"], h["to_status"])
                    for h in reg.status_history(PROJECT, i)][1:] == [("registered", "qualified")]


def test_a_batch_with_findings_is_refused_naming_them(tmp_path, capsys):
    db, ids = _register(tmp_path)
    with Register.open(db, operator="测试员") as reg:
        reg.save_project(replace(reg.project(ids[1]),
                                 materials={k: False for k in PROJECT_MATERIALS}))
    code = main(["panel", "qualify", *(f"项目{i}" for i in ids), "--pass",
                 "--db", db, "--operator", "测试员"])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"项目{ids[1]} 经自动核对有不符合项或待补材料，不能一并通过资格审核" in err
    assert f"项目{ids[0]}" not in err and "全部未审核" in err
    assert "panel qualify 项目N --pass 或 --refuse" in err  # the command's way, not the window's
    assert "请逐项选中" not in err and "审核理由”中" not in err
    assert _statuses(db, ids) == ["registered"] * 3


def test_refusing_stays_one_at_a_time_and_one_ref_is_decided_as_before(tmp_path, capsys):
    db, ids = _register(tmp_path)
    code = main(["panel", "qualify", f"项目{ids[0]}", f"项目{ids[1]}", "--refuse",
                 "--reason", "缺立项文件", "--db", db, "--operator", "测试员"])
    assert code == 1 and "不通过一次只审核一个项目" in capsys.readouterr().err
    assert main(["panel", "qualify", f"项目{ids[0]}", "--refuse", "--reason", "缺立项文件",
                 "--db", db, "--operator", "测试员"]) == 0
    assert capsys.readouterr().out == "项目“项目0”资格审核不通过：缺立项文件\n"
    assert _statuses(db, ids) == ["refused", "registered", "registered"]
