"""评审汇总表 after an adoption with projects scored since: their 档次 is the ranking's as it
stands, not an award the panel signs as decided — each such row says 未采纳（过程稿）, and
the sheet is marked 过程稿 in its title and its stage line (a tester's sheet printed five
such rows at 10万元档 100,000.00, one with an empty 备注, under 拟助推名单采纳于 …)."""

from __future__ import annotations

import json
import subprocess

import openpyxl

from boostdesk.cli import main
from boostdesk.panel.experts import expert_by_name
from boostdesk.panel.score_summary import UNADOPTED, panel_summary
from tests.test_panel_summary import NAMES, _adopted, _row, chair_register
from tests.test_panel_support import CITY, YEAR, make_project, score_all, to_review


def _one_scored_since(reg, tmp_path) -> tuple[dict[str, int], int]:
    ids = chair_register(reg, tmp_path)
    _adopted(reg, ids)
    late = make_project(reg, "丁：变电站巡检无人机", "丁工作室", CITY)
    to_review(reg, late)
    for k, name in enumerate(NAMES):
        score_all(reg, expert_by_name(reg, YEAR, name).id, {late: 95 - k})
    return ids, late


def test_a_row_scored_after_the_adoption_says_it_is_not_adopted(reg, tmp_path):
    ids, late = _one_scored_since(reg, tmp_path)
    s = panel_summary(reg, YEAR)
    row = _row(s, late)
    assert row.amount_fen and not row.decided  # the ranking gives it a tier: not a decision
    assert row.notes[0] == UNADOPTED == "未采纳（过程稿）"
    assert all(_row(s, pid).decided and UNADOPTED not in _row(s, pid).notes
               for pid in ids.values())
    assert s.draft and s.heading.endswith("（过程稿）")
    assert s.stage.startswith("本表为过程稿：1 个项目尚未采纳")
    assert "拟助推名单采纳于" in s.stage
    doc = s.to_dict()
    assert doc["draft"] is True
    assert [p["adopted"] for p in doc["projects"] if p["title"].startswith("丁")] == [False]


def test_every_row_adopted_is_no_draft(reg, tmp_path):
    ids = chair_register(reg, tmp_path)
    _adopted(reg, ids)
    s = panel_summary(reg, YEAR)
    assert not s.draft and s.heading == s.title and "过程稿" not in s.stage
    assert not any(UNADOPTED in r.notes for r in s.rows)


def test_before_adoption_the_title_says_draft_and_the_rows_do_not_repeat_it(reg, tmp_path):
    chair_register(reg, tmp_path)
    s = panel_summary(reg, YEAR)
    assert s.draft and s.heading.endswith("（过程稿）") and "本表为过程稿" in s.stage
    assert not any(UNADOPTED in r.notes for r in s.rows)


def test_the_pdf_and_the_workbook_print_the_marks(reg, tmp_path, capsys):
    _ids, _late = _one_scored_since(reg, tmp_path)
    reg.close()
    pdf, xlsx = tmp_path / "s.pdf", tmp_path / "s.xlsx"
    for out in (pdf, xlsx):
        assert main(["panel", "summary", "--db", str(reg.path), "--out", str(out)]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    first = text.split("\f")[0]
    assert "专家评审汇总表（过程稿）" in first and "本表为过程稿" in first
    assert UNADOPTED in first
    ws = openpyxl.load_workbook(xlsx)["评审汇总表"]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert any(c.endswith("（过程稿）") for c in cells[:1])
    assert any(c.startswith(UNADOPTED) for c in cells)
    capsys.readouterr()
    assert main(["panel", "summary", "--db", str(reg.path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["draft"] is True
