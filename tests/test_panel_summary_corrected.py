"""评审汇总表 after a score corrected in publicity (更正评分): a tester's sheet showed 何文静
“(46.5)” — a total she never gave as such, 科技含量 16 and 填补技术空白 10.5 typed over as 1
and 1 — with only the publicity batch in 备注 and “更正” nowhere, for her to sign. The
corrected total says so, and its 备注 says what was changed, why, when and by whom."""

from __future__ import annotations

import subprocess
from datetime import date

import openpyxl

from boostdesk.cli import main
from boostdesk.panel.experts import assignments, expert
from boostdesk.panel.grid import criteria
from boostdesk.panel.score_correction import correct_scores
from boostdesk.panel.score_summary import CORRECTED, notes, panel_summary
from tests.test_panel_summary import _row
from tests.test_panel_support import YEAR, one_place_two_publicized, scores_for_total

WHY = "纸质评分表核对"


def _corrected(reg) -> tuple[int, str]:
    a, _b = one_place_two_publicized(reg)  # 甲 90, published
    eid = assignments(reg, YEAR)[0].expert_id
    correct_scores(reg, eid, a, dict(scores_for_total(criteria(reg, YEAR), 700)), WHY)
    return a, expert(reg, eid).name


def test_a_corrected_total_is_marked_and_its_note_says_what_why_and_when(reg):
    a, name = _corrected(reg)
    s = panel_summary(reg, YEAR)
    row = _row(s, a)
    [cell] = [c for c in row.cells if c.total is not None]
    assert cell.corrected and cell.text == f"70.0{CORRECTED}"
    [line] = [n for n in row.notes if n.startswith("更正：")]
    assert line.startswith(f"更正：{name} ") and "→" in line
    assert f"理由：{WHY}，{date.today().isoformat()}，测试员" in line
    assert any("更正" in n for n in notes(s))
    [doc] = [p for p in s.to_dict()["projects"] if p["number"] == row.number]
    assert doc["scores"][name] == {"score": 70.0, "corrected": True}


def test_the_pdf_and_the_workbook_mark_it(reg, tmp_path):
    a, _name = _corrected(reg)
    reg.close()
    pdf, xlsx = tmp_path / "s.pdf", tmp_path / "s.xlsx"
    for out in (pdf, xlsx):
        assert main(["panel", "summary", "--db", str(reg.path), "--out", str(out)]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert f"70.0{CORRECTED}" in text and f"理由：{WHY}" in text
    ws = openpyxl.load_workbook(xlsx)["评审汇总表"]
    [cell] = [c for row in ws.iter_rows() for c in row if CORRECTED in (c.number_format or "")]
    assert cell.value == 70 and cell.number_format == f'0.0"{CORRECTED}"'  # still a number
