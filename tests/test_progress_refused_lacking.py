"""办理进度告知单 of a paper both 不合格 and short of materials. Before, the union's
letter counted it 待补材料 (报送 5 项…；待补材料 5 项, where its 核对意见 said 不合格 3 项、
待补材料 2 项) and listed only what it lacked, its 不符合 reasons never printed: the union
would chase materials for a paper that fails anyway. And a section heading could end a
page, its table starting on the next."""

from __future__ import annotations

import subprocess
from datetime import date

from PySide6.QtCore import Qt
from test_ui_support import answers, ctx, press, qsettings, type_text, window

from boostdesk.cli import main
from boostdesk.io.findings_notice import gather_notices
from boostdesk.models import clock
from boostdesk.models.records import PATENT, PROJECT, PatentApplication
from boostdesk.printing.jobs import PROGRESS_UNION
from boostdesk.printing.progress import (
    find_papers,
    letters,
    write_progress_pdf,
    write_union_progress_pdf,
)
from boostdesk.progress import PaperProgress, UnionProgress, union_progress

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

DAY = date(2023, 3, 10)
UNION = "西城区总工会"
NOT_FRONTLINE = "第一发明人不是一线职工（方案一（二）2）"
NO_PROOF = "材料未齐：缺企业应用证明（方案一（四）1）"


def _text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def flat(text: str) -> str:
    return "".join(text.split())


def _papers(reg) -> dict[str, int]:
    """钱卫东's lacks 企业应用证明 only; 周杰's lacks it too, and is no front-line worker."""
    from boostdesk.rules.check import refresh

    base = dict(campaign_year=2022, grant_date=date(2021, 5, 11), unit_name=UNION,
                enterprise_name="北京西城精密仪器有限公司", service_invention=True,
                applied_in_production=True, received_date=date(2022, 10, 28),
                materials={"certificate": True, "form": True, "production_proof": False,
                           "union_stamp": True, "unit_stamp": True})
    lacking = reg.save_patent(PatentApplication(
        title="一种用于轴承检测的声发射信号处理方法", patent_number_raw="ZL202110456782.X",
        inventor_name="钱卫东", id_number="110108198506123146", card_number="6222020200115678",
        frontline=True, seq=1, **base))
    failing = reg.save_patent(PatentApplication(
        title="一种激光干涉测长装置", patent_number_raw="ZL202110987651.4",
        inventor_name="周杰", id_number="110101199001011237", card_number="6222020200119999",
        frontline=False, seq=2, **base))
    refresh(reg, 2022)
    return {"lacking": lacking, "failing": failing}


def test_a_paper_both_failing_and_lacking_counts_and_reads_as_its_notice_says(reg):
    papers = _papers(reg)
    union = union_progress(reg, 2022, UNION, DAY)
    notice = gather_notices(reg, 2022, union=UNION).notices[0]
    assert "不合格 1 项、待补材料 1 项" in notice.summary()
    assert union.summary().endswith("；不合格 1 项、待补材料 1 项")  # as the notice counts
    by_id = {p.app_id: p for p in union.all()}
    failing, lacking = by_id[papers["failing"]], by_id[papers["lacking"]]
    # 不合格 and why first; what it lacks too, said after
    assert failing.remark == f"不合格：{NOT_FRONTLINE}\n另待补：{NO_PROOF}"
    assert failing.step_brief.startswith("待资格审核：核对发现不符合方案条件（原因见上）")
    assert lacking.remark == f"待补：{NO_PROOF}"


def test_the_unions_letter_from_print_says_why_a_paper_fails(window, qtbot, reg):
    papers = _papers(reg)
    screen = window.screen_named("打印")
    screen.document.setCurrentIndex(screen.document.findData(PROGRESS_UNION))
    screen.union.setFocus()
    type_text(qtbot, "西城")
    press(qtbot, Qt.Key.Key_Return)
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.page_count > 0 or bool(screen.error.text()), timeout=20_000)
    assert not screen.error.text(), screen.error.text()
    text = flat(_text(screen.pdf))
    assert flat("；不合格 1 项、待补材料 1 项") in text and "待补材料2项" not in text
    said = text[text.index(f"专利{papers['failing']}"):]
    assert said.index(flat(f"不合格：{NOT_FRONTLINE}")) < said.index(flat(f"另待补：{NO_PROOF}"))
    assert flat("下一步：待资格审核：核对发现不符合方案条件（原因见上）") in said


def test_the_command_prints_the_same_and_a_papers_letter_says_its_failing_first(
        reg, tmp_path, capsys):
    papers = _papers(reg)
    out = tmp_path / "u.pdf"
    db = ["--db", str(reg.path)]
    reg.close()
    assert main(["print", "progress", "--union", UNION, "--out", str(out), *db]) == 0
    text = flat(_text(out))
    assert flat("不合格 1 项、待补材料 1 项") in text and flat(NOT_FRONTLINE) in text
    assert main(["print", "progress", "--ref", f"专利{papers['failing']}", "--out", str(out),
                 *db]) == 0
    text = flat(_text(out))
    assert text.index(flat(f"不符合 {NOT_FRONTLINE}")) < text.index(flat(f"待补 {NO_PROOF}"))


# -- headings kept with their tables ---------------------------------------------------
def _paper(stream: str, n: int) -> PaperProgress:
    return PaperProgress(
        stream=stream, app_id=n, year=2022, seq=n, title=f"一种测试装置{n}",
        number="ZL202110456782.X" if stream == PATENT else "", person="李强",
        studio="" if stream == PATENT else "东城区李娜劳模创新工作室", id_tail="",
        card_tail="", unit=UNION, received=None, status="已登记", verdict="待补材料",
        reason="", missing=(NO_PROOF,), problems=(), send_to="", award_fen=0, payout=None,
        next_step="请推荐单位补报所缺材料；材料齐全后进行资格审核，通过后进入专家评审")


def test_no_section_heading_or_signature_ends_a_page_away_from_what_follows(reg, tmp_path):
    """However many patents push it down, 创新项目助推 starts on the page of its table's
    header, and the office's name and day are on the page of the last words above them."""
    campaign = reg.campaign(2022)
    for patents in range(4, 13):
        union = UnionProgress(UNION, 2022, {PATENT: [_paper(PATENT, n) for n in range(patents)],
                                            PROJECT: [_paper(PROJECT, 100 + n) for n in range(2)]})
        out = tmp_path / f"u{patents}.pdf"
        write_union_progress_pdf(out, union, campaign, "北京市总工会", DAY)
        for page in _text(out).split("\f"):
            if "创新项目助推（2 项）" in page:
                assert "项目名称" in page.split("创新项目助推（2 项）")[1], (patents, page)
            if page.count("2023年3月10日") > page.count("打印日期：2023年3月10日"):
                assert "如有疑问" in page, (patents, page)


def test_a_papers_letter_keeps_its_payments_heading_with_their_table(reg, tmp_path):
    from tests.test_finance import add_patent

    app_id = add_patent(reg, unit=UNION)
    from boostdesk.finance.payment_plan import sync_plan

    sync_plan(reg, 2022)
    with clock.fixed_day(DAY):
        chosen = letters(reg, find_papers(reg, [f"专利{app_id}"]), DAY)
    assert chosen[0].paper.payout is not None and chosen[0].paper.payout.lines
    long = tuple(f"第 {n} 项说明" for n in range(40))  # a line each
    for k in range(len(long)):
        paper = chosen[0].paper
        letter = type(chosen[0])(PaperProgress(**{**paper.__dict__, "problems": long[:k]}),
                                 chosen[0].campaign, chosen[0].office)
        out = tmp_path / f"p{k}.pdf"
        write_progress_pdf(out, [letter], DAY)
        for page in _text(out).split("\f"):
            if "拨付情况" in page:
                assert "付款单位" in page.split("拨付情况")[-1], (k, page)
