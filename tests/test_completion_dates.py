"""二（二）1 在企业立项之日起两年内完成: a 计划完成日期 before the 立项日期 (a year mistyped)
refused by the import, row and field named, and by `check`; one before the paper was
received (a finished project, where 二 favours 正在开展的) noted, not refused."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet

from boostdesk.cli import main


def _table(tmp_path):
    return write_sheet(tmp_path / "j3.xlsx", [
        ["2022年创新项目助推汇总表"], PROJECT_HEADERS,
        project_row(项目名称="完成早于立项", 工作室名称="午职工创新工作室", 领衔人="马午",
                    立项日期=date(2022, 5, 1), 计划完成日期=date(2022, 1, 1)),
        project_row(序号=2, 项目名称="已完成项目", 工作室名称="未职工创新工作室", 领衔人="朱未",
                    立项日期=date(2022, 2, 1), 计划完成日期=date(2022, 6, 30)),
    ])


def test_the_import_and_check_say_a_completion_before_approval_by_row_and_field(
        tmp_path, capsys):
    db = ["--db", str(tmp_path / "r.db"), "--operator", "测试"]
    assert main([*db, "campaign", "new", "--year", "2022"]) == 0
    capsys.readouterr()
    assert main([*db, "import", str(_table(tmp_path)), "--received", "2022-10-31"]) == 0
    out = capsys.readouterr().out
    assert "不合格 1 行" in out
    assert ("第 3 行（完成早于立项，项目1）：计划完成日期 2022-01-01 早于立项日期 2022-05-01"
            in out)
    assert "第 4 行" not in out.split("待补材料")[0]  # the finished project is no refusal

    main([*db, "check", "--year", "2022"])
    out = capsys.readouterr().out
    refused, finished = out.split("项目 已完成项目")
    assert "完成早于立项 午职工创新工作室 不合格" in refused
    assert "[不符合] 计划完成日期 2022-01-01 早于立项日期 2022-05-01" in refused
    assert "方案二（二）1" in refused
    assert "待补材料" in finished.splitlines()[0]  # its materials, not its dates
    assert "[提示] 计划完成日期 2022-06-30 早于收件日期 2022-10-31" in finished
