"""评审汇总表: the chair signs off the panel's scores, expert by expert.

Before it nothing printed or exported gave an expert's score by name: the ranking's detail
line listed the totals sorted, without names (whose were dropped as highest and lowest?),
評分录入 shows an empty grid once the list is adopted, and a recusal declared under review
left no trace in `panel status --json` nor in the 评审专家不足 reason. The figures here are
worked by hand; the table must give the same (标准差 as a population SD: Excel's STDEV.P).
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.experts import Expert, assign, declare_conflict, save_expert
from boostdesk.panel.grid import ensure_grid
from boostdesk.panel.package_export import export_packages
from boostdesk.panel.package_import import import_package
from boostdesk.panel.publicity import close_publicity, start_publicity
from boostdesk.panel.ranking import rank
from boostdesk.panel.score_summary import HIGH, LOW, MISSING, RECUSED, SCORE, panel_summary
from boostdesk.panel.scoring import save_scores
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    YEAR,
    make_project,
    score_all,
    scores_for_total,
    to_review,
)

# the panel in pinyin order, as every list of experts shows it
NAMES = ("韩雪梅", "李文静", "刘振东", "钱志伟", "孙国华")
ORGS = ("清华大学", "北京市科学技术研究院", "北京理工大学", "四方继保公司", "北京工业大学")
RECUSAL = "专家钱志伟任职于该项目所在单位的控股公司，本人申请回避"


def chair_register(reg: Register, tmp_path: Path) -> dict[str, int]:
    """Three projects, five experts:

    甲 (市级) scored 韩 90, 李 85, 刘 80, 钱 88, 孙 70: five scores, the 90 and the 70 dropped,
       得分 (80 + 85 + 88) / 3 = 84.33, 平均分 413 / 5 = 82.60, 标准差 √(255.2 / 5) = 7.14;
    乙 (市级): 钱志伟 declared a conflict under review (回避); 韩 80, 李 84, 刘 78, 孙 86: four
       scores, none dropped, 得分 = 平均分 = 82.00, 标准差 √(40 / 4) = 3.16;
    丙 (区级): 李文静 assigned after she submitted, her score missing (未交); 韩 75, 刘 77,
       钱 73, 孙 79: 得分 = 平均分 = 76.00, 标准差 √(20 / 4) = 2.24.
    孙国华 returned a package (imported by 测试员); the others typed theirs on 评分录入.
    """
    ids = {"甲": make_project(reg, "甲：智能巡检机器人研制", "甲工作室", CITY),
           "乙": make_project(reg, "乙：继电保护在线校验装置", "乙工作室", CITY),
           "丙": make_project(reg, "丙：焊缝超声检测小车", "丙工作室", DISTRICT)}
    to_review(reg, *ids.values())
    e = {name: save_expert(reg, YEAR, Expert(name, org, "工程"))
         for name, org in zip(NAMES, ORGS, strict=True)}
    ensure_grid(reg, YEAR)
    for name in NAMES:
        for key in ("甲", "乙", "丙"):
            if not (name == "李文静" and key == "丙"):
                assign(reg, e[name], ids[key])
    declare_conflict(reg, e["钱志伟"], ids["乙"], RECUSAL)
    score_all(reg, e["韩雪梅"], {ids["甲"]: 90, ids["乙"]: 80, ids["丙"]: 75}, assign_first=False)
    score_all(reg, e["李文静"], {ids["甲"]: 85, ids["乙"]: 84}, assign_first=False)
    assign(reg, e["李文静"], ids["丙"])  # after she submitted: hers still to come
    score_all(reg, e["刘振东"], {ids["甲"]: 80, ids["乙"]: 78, ids["丙"]: 77}, assign_first=False)
    score_all(reg, e["钱志伟"], {ids["甲"]: 88, ids["丙"]: 73}, assign_first=False)
    [package] = export_packages(reg, YEAR, tmp_path / "packages", ["孙国华"])
    grid = ensure_grid(reg, YEAR)
    totals = {ids["甲"]: 70, ids["乙"]: 86, ids["丙"]: 79}
    wb = openpyxl.load_workbook(package)
    ws = wb["评分表"]
    for row in range(2, 5):
        tenths = scores_for_total(grid, totals[int(ws.cell(row, 1).value)] * 10)
        for k, c in enumerate(grid):
            ws.cell(row, 3 + k, tenths[c.id] / 10)
    wb.save(package)
    import_package(reg, package, year=YEAR, expert_name="孙国华")
    return ids


def _row(summary, project_id):
    return next(r for r in summary.rows if r.project_id == project_id)


def test_each_experts_total_by_name_with_the_dropped_ones_and_the_figures_worked_by_hand(
        reg, tmp_path):
    ids = chair_register(reg, tmp_path)
    s = panel_summary(reg, YEAR, "测试员")
    assert s.names == list(NAMES)
    assert [r.title for r in s.rows] == ["甲：智能巡检机器人研制", "乙：继电保护在线校验装置",
                                         "丙：焊缝超声检测小车"]  # the ranking's order
    a, b, c = (_row(s, ids[k]) for k in ("甲", "乙", "丙"))
    assert [x.text for x in a.cells] == ["(90.0)", "85.0", "80.0", "88.0", "(70.0)"]
    assert [x.dropped for x in a.cells] == [HIGH, "", "", "", LOW]
    assert (a.score_text, a.mean_text, a.sd_text) == ("84.33", "82.60", "7.14")
    assert [x.text for x in b.cells] == ["80.0", "84.0", "78.0", "回避", "86.0"]
    assert b.cells[3].kind == RECUSED and not any(x.dropped for x in b.cells)
    assert (b.score_text, b.mean_text, b.sd_text) == ("82.00", "82.00", "3.16")
    assert [x.kind for x in c.cells] == [SCORE, MISSING, SCORE, SCORE, SCORE]
    assert [x.text for x in c.cells] == ["75.0", "未交", "77.0", "73.0", "79.0"]
    assert (c.score_text, c.mean_text, c.sd_text) == ("76.00", "76.00", "2.24")
    assert (a.rank, b.rank, c.rank) == (1, 2, 1)  # within its level
    assert (a.level_zh, c.level_zh) == ("市级", "区/局/集团级")
    # the table's figures are the ranking's, and STDEV.P's
    ranked = rank(reg, YEAR)
    for r in s.rows:
        assert r.panel.score == ranked.row(r.project_id).score
        numbers = [float(x.total) for x in r.cells if x.kind == SCORE]
        mean = sum(numbers) / len(numbers)
        assert round(math.sqrt(sum((v - mean) ** 2 for v in numbers) / len(numbers)), 2) \
            == float(r.sd_text)
    assert "评审专家不足：计入 4 位，本年度每个项目 5 位（钱志伟回避）" in b.note_text
    assert "评分未交：李文静" in c.note_text
    assert "7.14" not in " ".join(a.notes)
    # who stood aside, why, the day it was registered and by whom
    [x] = s.recusals
    assert (x.expert, x.project_id, x.reason, x.day, x.operator) == (
        "钱志伟", ids["乙"], RECUSAL, date.today().isoformat(), "测试员")
    assert x.outcome == "评审中申明回避，其分配撤回，未评分"
    # how the scores came in: 孙国华's package, when and by whom it was imported
    sun = [r for r in s.returns if r.expert == "孙国华"]
    assert [(r.way, r.file, r.operator, r.projects) for r in sun] == [
        ("评分包", "2022年度专家评分包_孙国华.xlsx", "测试员", 3)]
    assert sun[0].day.startswith(date.today().isoformat())
    assert [(r.way, r.projects) for r in s.returns if r.expert == "韩雪梅"] == [("评分录入", 3)]
    assert not s.adopted and "尚未采纳" in s.stage


def test_the_short_reason_names_who_stood_aside(reg, tmp_path):
    ids = chair_register(reg, tmp_path)
    row = rank(reg, YEAR).row(ids["乙"])
    assert row.short == "评审专家不足：计入评分的专家 4 位（钱志伟回避），本年度每个项目 5 位"


def _adopted(reg: Register, ids: dict[str, int]) -> None:
    """李文静's score of 丙 in (81: 75 81 77 73 79, the 81 and 73 dropped), the list adopted."""
    from boostdesk.panel.experts import expert_by_name

    li = expert_by_name(reg, YEAR, "李文静").id
    grid = ensure_grid(reg, YEAR)
    save_scores(reg, li, {ids["丙"]: (scores_for_total(grid, 810), "")}, submit=True,
                every_project=False)
    adopt(reg, YEAR, short_reason="钱志伟回避，经评审组研究按其余4位专家评分采纳")


def test_after_adoption_and_publicity_the_table_still_has_every_score_and_the_recusal(
        reg, tmp_path):
    ids = chair_register(reg, tmp_path)
    _adopted(reg, ids)
    s = panel_summary(reg, YEAR)
    assert s.adopted and "拟助推名单采纳于" in s.stage
    c = _row(s, ids["丙"])
    assert [x.text for x in c.cells] == ["75.0", "(81.0)", "77.0", "(73.0)", "79.0"]
    assert (c.score_text, c.mean_text, c.sd_text) == ("77.00", "77.00", "2.83")
    b = _row(s, ids["乙"])
    assert b.cells[3].text == "回避"
    assert "经研究按现有评分采纳：钱志伟回避" in b.note_text
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    s = panel_summary(reg, YEAR)
    assert "2022-12-27 结束公示" in s.stage
    assert [r.status for r in s.rows] == ["核准", "核准", "核准"]
    assert [x.text for x in _row(s, ids["甲"]).cells] == ["(90.0)", "85.0", "80.0", "88.0",
                                                         "(70.0)"]
    assert [x.expert for x in s.recusals] == ["钱志伟"]
    # the adoption's stored reason, from before it named anyone, says who stood aside too
    reason = rank(reg, YEAR).row(ids["乙"]).reason
    assert "计入评分的专家 4 位（钱志伟回避），本年度每个项目 5 位" in reason


def test_panel_status_json_lists_recusals_after_adoption(reg, tmp_path, capsys):
    ids = chair_register(reg, tmp_path)
    _adopted(reg, ids)
    reg.close()
    assert main(["panel", "status", "--db", str(reg.path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    qian = next(e for e in out["experts"] if e["expert"] == "钱志伟")
    assert qian["recused"] == ["乙：继电保护在线校验装置"]
    [x] = out["recusals"]
    assert (x["expert"], x["project"], x["ref"], x["reason"], x["registered"]) == (
        "钱志伟", "乙：继电保护在线校验装置", f"项目{ids['乙']}", RECUSAL, date.today().isoformat())
    assert main(["panel", "status", "--db", str(reg.path)]) == 0
    assert "回避登记 1 项" in capsys.readouterr().out


def test_panel_summary_on_the_command_line_writes_the_workbook_a_spreadsheet_checks(
        reg, tmp_path, capsys):
    ids = chair_register(reg, tmp_path)
    reg.close()
    out = tmp_path / "汇总表.xlsx"
    assert main(["panel", "summary", "--db", str(reg.path), "--year", "2022",
                 "--out", str(out)]) == 0
    assert "已生成 2022 年度专家评审汇总表（3 个项目，5 位专家，回避登记 1 项）" in capsys.readouterr().out
    ws = openpyxl.load_workbook(out)["评审汇总表"]
    header = [c.value for c in ws[3]]
    assert header[4:9] == list(NAMES)
    assert header[9:12] == ["得分", "平均分", "标准差（总体）"]
    assert ws.print_title_rows == "$3:$3" and ws.page_setup.orientation == "landscape"
    rows = {ws.cell(r, 4).value: r for r in range(4, ws.max_row + 1)}
    a = rows[f"项目{ids['甲']}"]
    scores = [ws.cell(a, k).value for k in range(5, 10)]
    assert [float(v) for v in scores] == [90, 85, 80, 88, 70]  # numbers, brackets by format
    assert ws.cell(a, 5).number_format == '"("0.0")"' and ws.cell(a, 6).number_format == "0.0"
    assert [float(ws.cell(a, k).value) for k in (10, 11, 12)] == [84.33, 82.6, 7.14]
    b = rows[f"项目{ids['乙']}"]
    row_b = [ws.cell(b, k).value for k in range(5, 10)]
    assert row_b[3] == "回避"
    numbers = [float(v) for v in row_b if not isinstance(v, str)]  # as STDEV.P reads them
    mean = sum(numbers) / len(numbers)
    sd = math.sqrt(sum((v - mean) ** 2 for v in numbers) / len(numbers))
    assert round(sd, 2) == float(ws.cell(b, 12).value) == 3.16
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "STDEV.P" in text and "钱志伟" in text and RECUSAL in text
    assert "2022年度专家评分包_孙国华.xlsx" in text and "导入人：测试员" in text
    assert "评审组长签字" in text and "孙国华　＿" in text
    # on screen and as JSON too
    assert main(["panel", "summary", "--db", str(reg.path)]) == 0
    screen = capsys.readouterr().out
    assert "(90.0)" in screen and "回避" in screen and "未交" in screen
    assert main(["panel", "summary", "--db", str(reg.path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    first = doc["projects"][0]
    assert first["scores"]["韩雪梅"] == {"score": 90.0, "dropped": "high"}
    assert (first["score"], first["mean"], first["sd_population"]) == (84.33, 82.6, 7.14)
    assert doc["projects"][1]["scores"]["钱志伟"] == "回避"


def test_panel_summary_refuses_a_file_it_cannot_write_as_said(reg, tmp_path, capsys):
    chair_register(reg, tmp_path)
    reg.close()
    assert main(["panel", "summary", "--db", str(reg.path), "--out", str(tmp_path / "x.docx")]) != 0
    assert "应以 .pdf 或 .xlsx 结尾" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_has_the_names_with_its_fonts_embedded_and_the_header_on_every_page(
        reg, tmp_path):
    ids = chair_register(reg, tmp_path)
    # many more projects, so that the table goes on over pages
    from boostdesk.panel.experts import expert_by_name

    more = [make_project(reg, f"第{k:02d}号技术攻关项目", f"攻关{k:02d}工作室", CITY)
            for k in range(40)]
    to_review(reg, *more)
    han = expert_by_name(reg, YEAR, "韩雪梅").id
    grid = ensure_grid(reg, YEAR)
    for p in more:
        assign(reg, han, p)
    save_scores(reg, han, {p: (scores_for_total(grid, 600 + k * 5), "")
                           for k, p in enumerate(more)}, submit=True, every_project=False)
    reg.close()
    out = tmp_path / "汇总表.pdf"
    assert main(["panel", "summary", "--db", str(reg.path), "--out", str(out)]) == 0
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # emb
    pages = []
    for n in range(1, 10):
        done = subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(out), "-"],
                              capture_output=True, text=True)
        if done.returncode:
            break
        pages.append(done.stdout)
    assert len(pages) >= 3
    table_pages = [p for p in pages if "第" in p and "号技术攻关项目" in p]
    assert len(table_pages) >= 2
    for page in table_pages:  # the header row on every page of the table
        assert all(name in page for name in NAMES) and "标准差" in page and "得分" in page
    whole = "\n".join(pages)
    assert "甲：智能巡检机器人研制" in whole and "(90.0)" in whole and "(70.0)" in whole
    assert "84.33" in whole and "7.14" in whole and "回避" in whole and "未交" in whole
    assert "STDEV.P" in whole and RECUSAL[:10] in whole
    assert "回避登记" in whole and "评分包交回" in whole and "评审组长签字" in whole
    assert f"项目{ids['乙']}" in whole


def _pdf_pages(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return out.split("\f")[:-1]


def test_the_levels_are_numbered_under_one_heading_not_each_headed_one(reg, tmp_path):
    """Both levels were headed 一、各专家评分与得分——…, then came 二、回避登记."""
    from boostdesk.printing.panel_summary import write_panel_summary_pdf

    chair_register(reg, tmp_path)
    pdf = tmp_path / "s.pdf"
    write_panel_summary_pdf(pdf, panel_summary(reg, YEAR))
    whole = "\n".join(_pdf_pages(pdf))
    assert whole.count("一、各专家评分与得分") == 1
    assert re.search(r"一、各专家评分与得分\s+（一）市级（2 项）", whole)
    assert "（二）区/局/集团级（1 项）" in whole and "二、回避登记" in whole
    # the returns' headers each on one line (导入（录入）人 broke as 导入（录 / 入）人)
    assert "导入（录入）人" in whole and "交回（导入）时间" in whole


def test_the_signatures_never_stand_alone_on_a_page(reg, tmp_path):
    """However many packages came in, the signatures share their page with the last rows
    of 评分包交回 (they went alone onto a page of their own: 第 3 页 only signatures)."""
    from dataclasses import replace

    from boostdesk.panel.score_summary import ExpertReturn
    from boostdesk.printing.panel_summary import write_panel_summary_pdf

    chair_register(reg, tmp_path)
    s = panel_summary(reg, YEAR)
    for n in range(1, 31):
        returns = tuple(ExpertReturn(NAMES[k % 5], "评分包", f"包{k:02d}.xlsx", "2022-12-05T10:00",
                                     "测试员", 3) for k in range(n))
        pdf = tmp_path / f"s{n}.pdf"
        write_panel_summary_pdf(pdf, replace(s, returns=returns))
        [signed] = [p for p in _pdf_pages(pdf) if "评审组长签字" in p]
        assert f"包{n - 1:02d}.xlsx" in signed, n  # the last row with them


def test_an_expert_of_the_projects_own_unit_is_said_as_stood_aside_not_unassigned(
        reg, tmp_path):
    """韩雪梅 is of 清华大学, 丁's enterprise: never assigned it, her cell was blank and
    the note said 空白为未分配该专家评审. It says 回避 and 回避登记 lists it."""
    from boostdesk.io.export_panel_summary import write_panel_summary_xlsx
    from boostdesk.panel.experts import expert_by_name
    from boostdesk.panel.recusals import AUTO
    from boostdesk.panel.score_summary import NONE, recusal_lines

    chair_register(reg, tmp_path)
    ding = make_project(reg, "丁：实验室节能改造", "丁工作室", CITY, enterprise="清华大学")
    to_review(reg, ding)
    for name in ("李文静", "刘振东"):
        assign(reg, expert_by_name(reg, YEAR, name).id, ding)
    s = panel_summary(reg, YEAR)
    assert [c.kind for c in _row(s, ding).cells] == [RECUSED, MISSING, MISSING, NONE, NONE]
    [auto] = [x for x in s.recusals if x.project_id == ding]
    assert (auto.expert, auto.kind, auto.reason) == ("韩雪梅", AUTO, "专家来自项目所在单位“清华大学”")
    assert auto.outcome == "分配时自动回避，未分配该项目，无评分"
    assert any(line.startswith("韩雪梅　“丁：实验室节能改造”") and "无需登记（分配时自动回避）" in line
               for line in recusal_lines(s))
    assert len(s.recusals) == 2  # 钱志伟's of 乙 too
    out = write_panel_summary_xlsx(tmp_path / "s.xlsx", s)
    text = "\n".join(str(c.value) for row in openpyxl.load_workbook(out).active.iter_rows()
                     for c in row if c.value)
    # the automatic one counted apart from the one registered, as `panel status` counts
    assert "回避登记（1 项，另分配时自动回避 1 项）" in text and "专家来自项目所在单位“清华大学”" in text
