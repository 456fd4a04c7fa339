"""结年 of a season run in the register (panel.past_close): the archivist closing 2022 once
2023 is created. The only close was 往年结年, meant for years typed in afterwards: it walked
a project never qualified through 资格审核通过 and 专家评审, marked every unapproved patent
资格审核不通过 with the reason 往年未获助推（补录时结年） — those that had PASSED among them —,
so the statistics read 资格审核不通过 44 (was 10) and 资格审核通过 0 (was 9); and 撤销结年,
run with no reason, put every patent to 已登记 and every project to 专家评审, whatever they
had been. Now the close says what happened, the statistics count it apart, and reopening
puts every paper back exactly as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fixtures.summary_sheets import resident_id

from boostdesk.cli import main
from boostdesk.models import Register, plan_2022
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.panel.errors import PanelError
from boostdesk.panel.past_close import close_year, reopen_year, year_to_close
from boostdesk.rules import recheck
from boostdesk.rules.hand_moves import qualified_days
from boostdesk.statistics import reasons_table, tables, year_statistics
from tests.test_past_awards import project
from tests.test_rules_years import _number, patent

QUALIFIED_ON = date(2022, 11, 10)
REFUSAL = "非职务发明（方案一（二）2）"


def _patent(reg: Register, n: int) -> int:
    return reg.save_patent(patent(2022, patent_number_raw=_number(f"2021101234{n:02d}"),
                                  id_number=resident_id(f"11010819800101{n:03d}"),
                                  inventor_name=f"发明人{n}"))


@pytest.fixture
def season(reg: Register) -> tuple[Register, dict[str, int]]:
    """2022 run in the register — a patent qualified and approved by the office, one
    qualified and not approved by the year's end, one never looked at, one refused; a
    project never qualified, one qualified — and 2023 created after it."""
    reg.save_campaign(plan_2022())
    ids = {name: _patent(reg, n) for n, name in enumerate(("approved", "passed", "waiting",
                                                            "refused"))}
    for name in ("approved", "passed"):
        reg.set_status(PATENT, ids[name], "qualified", decided_on=QUALIFIED_ON)
    reg.set_status(PATENT, ids["approved"], "approved",
                   award_fen=reg.campaign(2022).patent_award_fen, approved_date=date(2022, 12, 15))
    reg.set_status(PATENT, ids["refused"], "refused", REFUSAL)
    ids["p_registered"] = reg.save_project(project(2022, "数控机床精度补偿", studio="第1职工创新工作室"))
    ids["p_qualified"] = reg.save_project(project(2022, "焊接机器人", studio="第2职工创新工作室"))
    reg.set_status(PROJECT, ids["p_qualified"], "qualified", decided_on=QUALIFIED_ON)
    reg.save_campaign(plan_2022().for_year(2023))
    recheck(reg)
    return reg, ids


def _state(reg: Register, ids: dict[str, int]) -> dict[str, tuple[Any, ...]]:
    """Each paper's status, reason and the rules' verdict as stored."""
    out = {}
    for name, app_id in ids.items():
        table = "project_applications" if name.startswith("p_") else "patent_applications"
        out[name] = tuple(reg.query(f"SELECT status, status_reason, eligible, incomplete, findings"
                                    f" FROM {table} WHERE id = ?", (app_id,))[0].values())
    return out


def _statistics(reg: Register) -> list[tuple[str, list[str], list[list[Any]]]]:
    stats = year_statistics(reg, 2022, as_of=date(2023, 3, 1))
    return [(t.title, [c.key for c in t.columns], t.rows) for t in tables(stats)]


def test_a_season_run_here_closes_for_what_happened_and_no_passed_paper_counts_refused(season):
    reg, ids = season
    todo = year_to_close(reg, 2022, patents=True)
    assert todo.season and todo.qualified_patents == 1
    close_year(reg, 2022, patents=True)

    def now(name: str) -> tuple[str, str]:
        return _state(reg, ids)[name][:2]

    assert now("passed") == ("refused", "年度结束未核准（资格审核已通过）")
    assert now("waiting") == ("refused", "年度结束未核准（未经资格审核）")
    assert now("approved")[0] == "approved" and now("refused") == ("refused", REFUSAL)
    assert now("p_registered") == ("not_awarded", "年度结束未获助推（未经资格审核）")
    assert now("p_qualified") == ("not_awarded", "年度结束未获助推（资格审核已通过，未进入专家评审）")
    # one step: a project never qualified is not walked through 资格审核通过 and 专家评审
    assert [h["to_status"] for h in reg.status_history(PROJECT, ids["p_registered"])] == [
        "registered", "not_awarded"]

    stats = year_statistics(reg, 2022, as_of=date(2023, 3, 1))
    patents, projects = stats.totals[PATENT], stats.totals[PROJECT]
    assert (patents.qualification_refused, patents.statuses["refused"]) == (1, 1)  # the office's
    assert (patents.season_closed, patents.season_closed_qualified, patents.qualified) == (2, 1, 2)
    assert (projects.not_awarded, projects.season_closed, projects.qualified) == (0, 2, 1)
    table = tables(stats)[0]
    assert "status:season_closed" in [c.key for c in table.columns]
    reasons = reasons_table(stats)
    assert not any("年度结束" in str(cell) or "补录时结年" in str(cell)
                   for row in reasons.rows for cell in row)
    assert sum(g.refused for g in stats.reasons[PATENT]) == 1


def test_reopening_puts_every_paper_back_exactly_and_the_statistics_with_them(season):
    reg, ids = season
    before, stats_before = _state(reg, ids), _statistics(reg)
    close_year(reg, 2022, patents=True)
    with pytest.raises(PanelError, match="须写明理由"):
        reopen_year(reg, 2022, " ")
    back = reopen_year(reg, 2022, "结年时尚有专利待核准")
    assert sorted(back.patents) == sorted([ids["passed"], ids["waiting"]])
    assert _state(reg, ids) == before
    assert _statistics(reg) == stats_before
    # 资格审核通过 back with the day it was decided (the 审批表 prints it)
    assert qualified_days(reg, PATENT, [ids["passed"]]) == {ids["passed"]: QUALIFIED_ON}
    assert reg.status_history(PATENT, ids["passed"])[-1]["reason"] == "撤销结年：结年时尚有专利待核准"
    # closed again, and taken back again: the second close's papers, once
    close_year(reg, 2022, patents=True)
    reopen_year(reg, 2022, "再次撤销")
    assert _state(reg, ids) == before


def test_a_paper_changed_since_the_close_is_left_as_it_is(season):
    reg, ids = season
    close_year(reg, 2022, patents=True)
    reg.set_status(PATENT, ids["waiting"], "registered", "补充材料后重新登记")
    back = reopen_year(reg, 2022, "误结")
    assert back.changed == ((PATENT, ids["waiting"]),)
    assert "结年后已另有变动的 1 项不改动" in back.summary
    assert reg.patent(ids["waiting"]).status_reason == "补充材料后重新登记"
    assert reg.patent(ids["passed"]).status == "qualified"


def _cli(db: Path, args: list[str], capsys: Any) -> tuple[int, str, str]:
    code = main([*args, "--db", str(db), "--operator", "测试员"])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_reopens_only_with_a_reason_and_yes(season, capsys):
    reg, ids = season
    db = reg.path
    reg.close()
    code, out, err = _cli(db, ["panel", "close-year", "--year", "2022", "--patents", "--yes"],
                          capsys)
    assert code == 0, err
    assert "理由：年度结束未获助推" in out and "统计中单列，不计为资格审核不通过" in out
    code, out, err = _cli(db, ["panel", "close-year", "--year", "2022", "--reopen"], capsys)
    assert code == 1 and "须写明理由" in err
    code, out, err = _cli(db, ["panel", "close-year", "--year", "2022", "--reopen",
                               "--reason", "误结"], capsys)
    assert code == 0 and "（未改动）" in out and "--yes" in out
    assert "专利：1 项回到“资格审核通过”、1 项回到“已登记”" in out or \
        "专利：1 项回到“已登记”、1 项回到“资格审核通过”" in out
    again = Register.open(db, "测试员")
    assert again.patent(ids["passed"]).status == "refused"  # not yet
    again.close()
    code, out, err = _cli(db, ["panel", "close-year", "--year", "2022", "--reopen",
                               "--reason", "误结", "--yes"], capsys)
    assert code == 0, err
    assert "已撤销 2022 年度结年" in out
    again = Register.open(db, "测试员")
    assert again.patent(ids["passed"]).status == "qualified"
    again.close()


def test_the_newest_year_says_how_to_close_it(reg):
    reg.save_campaign(plan_2022())
    reg.save_project(project(2022))
    with pytest.raises(PanelError, match="先新建下一年度.*campaign new --year 2023 --from 2022"):
        year_to_close(reg, 2022)
