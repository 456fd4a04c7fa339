"""The 审批表 states the adoption's decisions on the projects they concern: adopting asked two
reasons — a project scored by fewer experts than the year asks (--short-reason) and the
3万元 cut-off tie decided only by the received date (--tie-reason) — yet every sheet said
only 经专业评审确定为拟助推项目，公示期满无异议，…核准助推. Now the federation box's 注
says each, with its reason, on that project's sheet only; the sheet stays one page, a
reason too long for the box going on the 附页 as the 注 always does."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date

from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.grid import save_settings, settings
from boostdesk.panel.publicity import close_publicity, start_publicity
from boostdesk.printing.approval import load_sheets, write_approval_pdf
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)

TIE = "区/局/集团级第2、3名同分，经评审组研究按材料报送日期先后确定（2022年12月评审会议纪要）"
SHORT = "项目因专家回避由其余1位专家评分，经评审组研究按现有评分采纳"


def _approved(reg, tie: str = TIE) -> dict[str, int]:
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=2) if t.amount_fen == 3 * WAN else t for t in c.tiers)))
    ids = {"top": make_project(reg, "领先项目", "区一创新工作室", DISTRICT),
           "j20": make_project(reg, "项目J20", "区20创新工作室", DISTRICT,
                               received=date(2022, 10, 21)),
           "j21": make_project(reg, "项目J21", "区21创新工作室", DISTRICT,
                               received=date(2022, 10, 20)),
           "city": make_project(reg, "市级缺专家项目", "市一创新工作室", CITY)}
    to_review(reg, *ids.values())
    first, second = add_experts(reg, 2)
    save_settings(reg, YEAR, replace(settings(reg, YEAR), experts_per_project=2))
    district = {ids["top"]: 80, ids["j20"]: 65, ids["j21"]: 65}
    score_all(reg, first, {**district, ids["city"]: 88})
    score_all(reg, second, district)  # 市级缺专家项目: one expert's score only
    adopt(reg, YEAR, short_reason=SHORT, tie_reason=tie)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    return ids


def _pages(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return ["".join(page.split()) for page in text.split("\f") if page.strip()]


def test_each_sheet_states_the_decisions_taken_for_its_project(reg, tmp_path):
    ids = _approved(reg)
    sheets = {s.app.id: s for s in load_sheets(reg, YEAR)}
    assert set(sheets) == {ids["top"], ids["j21"], ids["city"]}
    pdf = tmp_path / "审批表.pdf"
    write_approval_pdf(pdf, [sheets[ids["top"]], sheets[ids["j21"]], sheets[ids["city"]]],
                       printed_on=date(2023, 1, 5))
    top, j21, city = _pages(pdf)  # one page a sheet: no 附页
    assert "采纳拟助推名单时" not in top
    assert "".join(TIE.split()) in j21 and "经研究按此确定" in j21
    assert "仅按材料报送日期" in j21 and "项目J20" in j21
    assert "评审专家不足" not in j21
    assert "评审专家不足：计入评分的专家1位，本年度每个项目2位，经研究按现有评分采纳：" in city
    assert "".join(SHORT.split()) in city and TIE not in city


def test_a_reason_too_long_for_the_box_goes_on_the_annex(reg, tmp_path):
    long_reason = TIE + "；" + "；".join(f"会议纪要第{k}条：维持按材料报送日期排定的先后" for k in range(30))
    ids = _approved(reg, long_reason)
    [sheet] = [s for s in load_sheets(reg, YEAR) if s.app.id == ids["j21"]]
    pdf = tmp_path / "审批表.pdf"
    write_approval_pdf(pdf, [sheet], printed_on=date(2023, 1, 5))
    first, *annex = _pages(pdf)
    assert "注的全文见本表附页" in first and "创新项目助推审批表" in first
    assert annex and "审批表附页" in annex[0]
    assert "会议纪要第29条" in "".join(annex)
