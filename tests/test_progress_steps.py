"""下一步 and the 办理进度告知单 as the testers of stop 38 found them: a project whose
publicity had ended still said 公示中（…）；公示期满无异议后核准 (the office has to close
the batch, or settle an objection first), and a paper received after the 报送截止日 was
not said to be late, neither while its acceptance is the reviewer's call nor once
accepted."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta

from boostdesk.models import clock
from boostdesk.models.records import PROJECT
from boostdesk.panel.publicity import period_of, record_objection, start_publicity
from boostdesk.printing.progress import letters, union_letter, write_progress_pdf
from boostdesk.printing.progress import write_union_progress_pdf as write_union
from boostdesk.progress import next_step, paper_progress, verdict_of
from tests.test_panel_support import DISTRICT, WAN, YEAR, make_project, to_review

DAY = date(2023, 3, 10)


def _text(pdf) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return "".join(out.split())


def _publicized(reg, n: int = 2) -> list[int]:
    ids = []
    for i in range(1, n + 1):
        pid = make_project(reg, f"区级项目{i}", f"工作室{i}", DISTRICT, requested_fen=3 * WAN)
        to_review(reg, pid)
        reg.set_status(PROJECT, pid, "proposed")
        ids.append(pid)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    return ids


def _pane_step(reg, pid: int) -> str:
    """The detail pane's call: no day given, the screens' day."""
    app = reg.application(PROJECT, pid)
    return next_step(reg, app, verdict_of(1, 0), [], None, reg.campaign(YEAR))


def test_after_its_last_day_the_publicity_waits_to_be_closed_or_an_objection_settled(reg):
    quiet, objected = _publicized(reg)
    period = period_of(reg, quiet)
    assert period is not None
    during = paper_progress(reg, PROJECT, quiet, period.end).next_step
    assert during.startswith(f"公示中（{period.start} 至 {period.end}）；公示期满无异议后核准")
    after = paper_progress(reg, PROJECT, quiet, period.end + timedelta(days=1)).next_step
    assert after.startswith(f"公示期（{period.start} 至 {period.end}）已满，"
                            "待结束公示（公示 → 结束公示）"), after
    record_objection(reg, objected, period.end - timedelta(days=1), "匿名来信", "负责人另有在研项目")
    pending = paper_progress(reg, PROJECT, objected, DAY).next_step
    assert pending.startswith("有异议待处理（公示 → 处理异议）："), pending
    assert "收到匿名来信的异议（负责人另有在研项目）" in pending
    with clock.fixed_day(DAY):  # the pane says the same as of the screens' day
        assert _pane_step(reg, quiet) == paper_progress(reg, PROJECT, quiet, DAY).next_step
        assert _pane_step(reg, objected).startswith("有异议待处理")


def _late(reg) -> tuple[int, int]:
    """Two projects received 2022-11-08, after the 2022-11-01 deadline: one undecided, one
    passed 资格审核 (accepted)."""
    waiting = make_project(reg, "逾期项目甲", "工作室甲", received=date(2022, 11, 8))
    accepted = make_project(reg, "逾期项目乙", "工作室乙", received=date(2022, 11, 8))
    reg.set_status(PROJECT, accepted, "qualified", "同意受理逾期报送：邮寄延误")
    return waiting, accepted


def test_a_late_papers_letter_says_it_is_late_and_whether_it_was_accepted(reg, tmp_path):
    waiting, accepted = _late(reg)
    out = tmp_path / "letters.pdf"
    write_progress_pdf(out, letters(reg, [(PROJECT, waiting), (PROJECT, accepted)], DAY), DAY)
    text = _text(out)
    # (the cell wraps: its last character on the line under 逾期报送)
    assert "收件日期2022年11月8日晚于报送截止日2022年11月1日（方案三），是否受理由审核人决" in text
    assert "2022-11-08" not in text and "2022-11-01" not in text
    assert "逾期报送经审核同意受理" in text


def test_a_unions_letter_says_which_papers_are_late(reg, tmp_path):
    _late(reg)
    make_project(reg, "按期项目", "工作室丙")
    out = tmp_path / "union.pdf"
    write_union(out, *union_letter(reg, YEAR, "海淀区总工会", DAY), DAY)
    text = _text(out)  # (a cell's lines read among its row's others)
    assert text.count("逾期报送") == 2 and "逾期报送，经审核同意受理" in text
    assert "是否受理由审核人决定" in text
    said = {p.title: p.late for p in union_letter(reg, YEAR, "海淀", DAY)[0].all()}
    assert said == {"逾期项目甲": "逾期报送：收件日期 2022-11-08 晚于报送截止日 2022-11-01（方案三），"
                                "是否受理由审核人决定",
                    "逾期项目乙": "逾期报送，经审核同意受理", "按期项目": ""}
