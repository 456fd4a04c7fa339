"""评审汇总表 after 结年: a tester's sheet of 2022, closed once 2023 was created, listed 18
projects of the 27 it had — the scored projects the close recorded 未获助推 (one ranked first
at 86.33 by three experts) gone, their scores still in the register, no line saying why,
and still “陈志远 未交回（另有 4 个项目待评分）” for projects it no longer showed. Every
project of the ranking stays, with its scores and its outcome."""

from __future__ import annotations

import subprocess

import openpyxl

from boostdesk.cli import main
from boostdesk.models import plan_2022
from boostdesk.panel.past_close import close_year
from boostdesk.panel.score_summary import panel_summary
from boostdesk.panel.summary_closed import CLOSED_NOTE
from tests.test_panel_summary import _row, chair_register
from tests.test_panel_support import CITY, YEAR, make_project, to_review


def _closed(reg, tmp_path) -> dict[str, int]:
    """chair_register's three projects under review (李文静's 丙 still to score) and one
    qualified, never sent to the experts; 2023 created, 2022 closed."""
    ids = chair_register(reg, tmp_path)
    ids["丁"] = make_project(reg, "丁：变电站巡检无人机", "丁工作室", CITY)
    to_review(reg, ids["丁"])
    reg.conn.execute("UPDATE project_applications SET status = 'qualified' WHERE id = ?",
                     (ids["丁"],))
    reg.save_campaign(plan_2022().for_year(YEAR + 1))
    close_year(reg, YEAR)
    return ids


def test_the_projects_closed_at_year_end_keep_their_scores_and_say_their_outcome(reg, tmp_path):
    ids = _closed(reg, tmp_path)
    s = panel_summary(reg, YEAR)
    assert {r.project_id for r in s.rows} == set(ids.values())
    a, c, d = (_row(s, ids[k]) for k in ("甲", "丙", "丁"))
    assert [x.text for x in a.cells] == ["(90.0)", "85.0", "80.0", "88.0", "(70.0)"]
    assert (a.score_text, a.mean_text, a.sd_text) == ("84.33", "82.60", "7.14")
    assert a.notes[0] == CLOSED_NOTE and a.tier == "未获助推" and a.rank is None
    assert a.amount_fen is None and a.decided
    assert c.cells[1].text == "未交" and "评分未交：李文静" in c.note_text
    assert d.notes[0] == CLOSED_NOTE and "未分配评审专家" in d.note_text
    # said under the title, and the sheet is no draft: the year's outcome is decided
    assert "结年：4 个参加评审的项目未采纳，记为未获助推" in s.stage
    assert not s.draft
    # the score not handed in is said as such, not as waiting
    [li] = [x for x in s.returns if x.expert == "李文静" and x.way == "未交回"]
    assert li.note == "另有 1 个项目未交评分，项目已于结年时记为未获助推"
    assert "待评分" not in li.note


def test_the_pdf_and_the_workbook_show_them(reg, tmp_path, capsys):
    _closed(reg, tmp_path)
    reg.close()
    pdf, xlsx = tmp_path / "s.pdf", tmp_path / "s.xlsx"
    for out in (pdf, xlsx):
        assert main(["panel", "summary", "--year", str(YEAR), "--db", str(reg.path),
                     "--out", str(out)]) == 0
    assert "（4 个项目" in capsys.readouterr().out
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "甲：智能巡检机器人研制" in text and "84.33" in text and CLOSED_NOTE in text
    ws = openpyxl.load_workbook(xlsx)["评审汇总表"]
    titles = [ws.cell(r, 2).value for r in range(1, ws.max_row + 1)]
    assert "丙：焊缝超声检测小车" in titles


def test_the_workbooks_line_under_the_title_wraps_as_tall_as_it_needs(reg, tmp_path):
    from dataclasses import replace

    from boostdesk.io.export_panel_summary import STAGE_ROW, write_panel_summary_xlsx

    _closed(reg, tmp_path)
    s = panel_summary(reg, YEAR)
    s = replace(s, stage="；".join([s.stage] * 3))  # several batches' and the close's words
    write_panel_summary_xlsx(tmp_path / "s.xlsx", s)
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx")["评审汇总表"]
    cell = ws.cell(STAGE_ROW, 1)
    assert cell.value.startswith(s.stage) and cell.alignment.wrap_text
    assert ws.row_dimensions[STAGE_ROW].height >= 2 * 15  # the long line on two lines or more
