"""The statistics' stages count the papers passed against the plan: a paper passed at
资格审核 against a failed hard clause (the ranking and the 审批表 mark it （不符合方案）,
``rules.passed_against``) was counted in 通过资格审核 with nothing to tell it from one in
order. The stage breakdown now says how many, by union, alike on screen (`boostdesk
stats`), in the workbook and in the PDF handout; one found failing since, that no decision
took, is counted apart; a failure corrected is no longer counted."""

from __future__ import annotations

import subprocess
from datetime import date

import openpyxl
from test_printing import squash

from boostdesk.cli import main
from boostdesk.models.records import PROJECT
from boostdesk.statistics import stream_table, year_statistics
from tests.test_panel_support import YEAR, make_project
from tests.test_passed_against import j04, set_approval

DECIDED = "其中不符合方案（经研究通过）"
UNDECIDED = "其中通过后发现不符合方案（尚无研究决定）"


def _column(table, key: str) -> list:
    return table.column(key) if any(c.key == key for c in table.columns) else []


def test_the_stages_count_the_papers_passed_against_the_plan(reg):
    ids = j04(reg)  # J04 passed against 二（二）1 with a reason, J05 in order
    make_project(reg, "项目J06", "己创新工作室", unit="朝阳区总工会")  # registered only
    stats = year_statistics(reg, YEAR)
    projects = stats.totals[PROJECT]
    assert projects.qualified == 2
    assert (projects.against_plan, projects.against_plan_undecided) == (1, 0)
    table = stream_table(stats, PROJECT)
    headers = [c.header for c in table.columns]
    assert DECIDED in headers and UNDECIDED not in headers  # none undecided this year
    # beside 通过资格审核, in its part (收件与审核); each union's, then the 合计
    assert headers.index(DECIDED) == headers.index("通过资格审核（资格审核通过及以后各阶段）") + 1
    by_union = dict(zip(table.column("unit"), table.column("against_plan"), strict=True))
    assert by_union == {"朝阳区总工会": 0, "海淀区总工会": 1, "合计": 1}
    # the patents, none passed against the plan: 0 said, not left out
    assert stream_table(stats, "patent").column("against_plan")[-1] == 0

    # J05's 立项日期 corrected to 2023 after it passed in order: found since, undecided
    set_approval(reg, ids["j05"], date(2023, 2, 1))
    table = stream_table(year_statistics(reg, YEAR), PROJECT)
    assert table.column("against_plan")[-1] == 1
    assert table.column("against_plan_undecided")[-1] == 1
    # both put right: neither is counted
    set_approval(reg, ids["j04"], date(2022, 12, 1))
    set_approval(reg, ids["j05"], date(2022, 12, 1))
    table = stream_table(year_statistics(reg, YEAR), PROJECT)
    assert table.column("against_plan")[-1] == 0 and not _column(table, "against_plan_undecided")


def test_the_screen_the_workbook_and_the_handout_say_it(reg, tmp_path, capsys):
    ids = j04(reg)
    set_approval(reg, ids["j05"], date(2023, 2, 1))
    db = str(reg.path)
    reg.close()

    assert main(["stats", "--db", db]) == 0
    out = capsys.readouterr().out
    block = out.split("创新项目助推：资格审核与助推阶段（按状态）\n", 1)[1].split("\n\n", 1)[0]
    head, total = block.splitlines()[0].split(), block.splitlines()[-1].split()
    assert head[-3:] == ["通过资格审核", "其中不符合方案", "其中不符合方案待研究"]
    assert total[0] == "合计" and total[-3:] == ["2", "1", "1"]
    assert "其中不符合方案：通过资格审核（含以后各阶段）但不符合方案条件、经研究同意的件数" in out

    xlsx = tmp_path / "stats.xlsx"
    assert main(["stats", "--db", db, "--out", str(xlsx)]) == 0
    sheet = openpyxl.load_workbook(xlsx)["创新项目助推"]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    for header, value in ((DECIDED, 1), (UNDECIDED, 1)):
        col = cells[header].column
        last = max(r for r in range(1, sheet.max_row + 1)
                   if sheet.cell(r, 1).value == "合计")
        assert sheet.cell(last, col).value == value, header

    # the handout: the two columns after 通过资格审核 on the projects' 收件与审核 page (the
    # raw text keeps each header cell's wrapped lines together)
    pdf = tmp_path / "stats.pdf"
    assert main(["stats", "--db", db, "--out", str(pdf)]) == 0
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    [page] = [p for p in raw.split("\f") if "创新项目助推：按推荐工会（收件与审核" in p
              and "通过资格" in p]
    assert f"通过资格审核（资格审核通过及以后各阶段）{DECIDED}{UNDECIDED}" in squash(page)
    assert [x for x in page.splitlines() if x.startswith("合计")][0].split()[-3:] == \
        ["2", "1", "1"]
