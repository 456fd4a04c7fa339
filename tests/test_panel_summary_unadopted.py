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


def test_an_unadopted_rows_tier_is_the_rankings_in_words_with_no_amount(reg, tmp_path):
    """A tester's sheet printed such a row “10万元档 100,000.00” like a published one, and
    the workbook's 拟助推金额 100000, counted by a SUM of the column."""
    ids, late = _one_scored_since(reg, tmp_path)
    s = panel_summary(reg, YEAR)
    row, adopted = _row(s, late), _row(s, ids["甲"])
    assert row.tier_text == f"（按排名：{row.tier}）" and row.decided_fen is None
    assert adopted.tier_text == adopted.tier and adopted.decided_fen == adopted.amount_fen
    [doc] = [p for p in s.to_dict()["projects"] if p["number"] == row.number]
    assert doc["amount_fen"] is None and doc["ranked_amount_fen"] == row.amount_fen
    reg.close()
    pdf, xlsx = tmp_path / "s.pdf", tmp_path / "s.xlsx"
    for out in (pdf, xlsx):
        assert main(["panel", "summary", "--db", str(reg.path), "--out", str(out)]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    lines = text.splitlines()
    at = next(k for k, x in enumerate(lines) if "丁：变电站巡检无人机" in x)
    nxt = next(k for k, x in enumerate(lines) if "甲：智能巡检机器人研制" in x)
    # the row's cells, centred on its title's line: the tier in words, no amount
    assert "（按排名：" in lines[at - 1] and "10万元档）" in lines[at + 1]
    assert "00.00" not in "".join(lines[at - 1:nxt - 1])
    ws = openpyxl.load_workbook(xlsx)["评审汇总表"]
    head = [c.value for c in ws[3]]
    tier, amount = head.index("档次") + 1, head.index("拟助推金额（元）") + 1
    [r] = [r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value == "丁：变电站巡检无人机"]
    assert ws.cell(r, tier).value == row.tier_text and ws.cell(r, amount).value is None
    [a] = [r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value == adopted.title]
    assert ws.cell(a, amount).value == adopted.amount_fen / 100


def test_the_line_under_the_title_wraps_at_its_size_rather_than_shrinking(
        reg, tmp_path, monkeypatch):
    from dataclasses import replace

    from boostdesk.printing import panel_summary as printing

    _one_scored_since(reg, tmp_path)
    s = panel_summary(reg, YEAR)
    s = replace(s, stage=s.stage + "；" + "第9批名单采纳于 2023-01-11，公示 2023-01-12 至 2023-01-18" * 4)
    drawn: list[tuple[str, float]] = []
    real = printing.draw_string

    def spy(c, x, y, text, size, **kw):
        drawn.append((text, size))
        return real(c, x, y, text, size, **kw)

    monkeypatch.setattr(printing, "draw_string", spy)
    printing.write_panel_summary_pdf(tmp_path / "s.pdf", s, invariant=True)
    first = next(k for k, (text, _) in enumerate(drawn) if text.startswith("本表为过程稿"))
    lines = []
    for text, size in drawn[first:]:
        if "制表日期" in "".join(lines):
            break
        assert size == printing.STAGE_SIZE == 9
        lines.append(text)
    assert len(lines) > 1 and "".join(lines).startswith(s.stage[:40])
