"""Dates in the running text of what leaves the office: the 办理进度告知单, the 核对意见
sent back to a union, the 公示's 更正 and its refusals write 2021年12月31日, not
2021-12-31 (the rules' words are the screens' too, where ISO stays). Before, the letters
quoted every rule and reason in ISO beside their own 打印日期 2023年3月10日.

And a paper whose only gap is its 收件日期 (the office's own intake, 三): the 核对意见
never asked the union for it, yet the progress letter listed 缺少“收件日期”…请补充 under
待补 and told the union to 补报所缺材料. Both now leave it to the office."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import openpyxl
import pytest

from boostdesk.io.findings_notice import gather_notices, write_notice_xlsx
from boostdesk.models.records import PATENT, PROJECT, PatentApplication
from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity import record_objection, resolve_objection, start_publicity
from boostdesk.panel.publicity_docs import write_publicity_pdf
from boostdesk.printing.common import cn_dates
from boostdesk.printing.progress import (
    letters,
    union_letter,
    write_progress_pdf,
    write_union_progress_pdf,
)
from boostdesk.progress import paper_progress
from tests.test_finance import card_of
from tests.test_panel_support import CITY, YEAR, make_project, to_review

DAY = date(2023, 3, 10)
UNION = "西城区总工会"
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _text(pdf, mode: str = "-layout") -> str:
    """The PDF's text, its white space gone (a wrapped cell reads as one line; ``-raw``
    for a table whose cells wrap beside each other)."""
    return "".join(subprocess.run(["pdftotext", mode, str(pdf), "-"], check=True,
                                  capture_output=True, text=True).stdout.split())


def _papers(reg) -> dict[str, int]:
    """钱卫东's granted 2020-12-31, before the 2021 window (不合格); 周杰's received
    2022-11-15, after the 2022-11-01 deadline (a 提示); 吴敏's with no 收件日期 entered."""
    from boostdesk.rules.check import refresh

    base = dict(campaign_year=2022, grant_date=date(2021, 5, 11), unit_name=UNION,
                enterprise_name="北京西城精密仪器有限公司", service_invention=True,
                applied_in_production=True, frontline=True, received_date=date(2022, 10, 28),
                materials={"certificate": True, "form": True, "production_proof": True,
                           "union_stamp": True, "unit_stamp": True})
    early = reg.save_patent(PatentApplication(**{
        **base, "grant_date": date(2020, 12, 31), "title": "一种用于轴承检测的声发射信号处理方法",
        "patent_number_raw": "ZL202110456782.X", "inventor_name": "钱卫东",
        "id_number": "110108198506123146", "card_number": card_of("110108198506123146"), "seq": 1}))
    late = reg.save_patent(PatentApplication(**{
        **base, "received_date": date(2022, 11, 15), "title": "一种激光干涉测长装置",
        "patent_number_raw": "ZL202110987651.4", "inventor_name": "周杰",
        "id_number": "110101199001011237", "card_number": card_of("110101199001011237"), "seq": 2}))
    undated = reg.save_patent(PatentApplication(**{
        **base, "received_date": None, "title": "一种数控机床主轴温升补偿方法",
        "patent_number_raw": "ZL202110555123.1", "inventor_name": "吴敏",
        "id_number": "11010519491231002X", "card_number": card_of("11010519491231002X"), "seq": 3}))
    refresh(reg, 2022)
    return {"early": early, "late": late, "undated": undated}


def test_a_papers_letter_writes_the_rules_days_as_a_letter_does(reg, tmp_path):
    papers = _papers(reg)
    out = tmp_path / "letters.pdf"
    write_progress_pdf(out, letters(reg, [(PATENT, papers["early"]), (PATENT, papers["late"])],
                                    DAY), DAY)
    text = _text(out)
    assert "授权公告日2020年12月31日不在2021年1月1日至2021年12月31日期间（方案一（二）1）" in text
    assert "收件日期2022年11月15日晚于报送截止日2022年11月1日（方案三）" in text
    assert "收件日期2022年10月28日" in text  # the fact too
    assert not ISO.findall(text), ISO.findall(text)
    # the screens keep the rules' own words, in ISO
    assert "授权公告日 2020-12-31 不在 2021-01-01 至 2021-12-31 期间" in paper_progress(
        reg, PATENT, papers["early"], DAY).problems[0]


def test_a_unions_letter_writes_them_so_too(reg, tmp_path):
    _papers(reg)
    out = tmp_path / "union.pdf"
    write_union_progress_pdf(out, *union_letter(reg, 2022, UNION, DAY), DAY)
    text = _text(out, "-raw")
    assert "授权公告日2020年12月31日不在2021年1月1日至2021年12月31日期间" in text
    assert "收件日期2022年11月15日晚于报送截止日2022年11月1日" in text
    assert not ISO.findall(text), ISO.findall(text)


def test_the_check_opinion_sent_to_the_union_writes_them_so(reg, tmp_path):
    _papers(reg)
    notice, = gather_notices(reg, 2022, union=UNION, include_all=True, day=DAY).notices
    path = write_notice_xlsx(tmp_path / "核对意见.xlsx", notice, DAY)
    cells = [str(c.value) for ws in openpyxl.load_workbook(path).worksheets
             for row in ws.iter_rows() for c in row if c.value is not None]
    said = "\n".join(cells)
    assert ("【不符合】授权公告日 2020年12月31日不在 2021年1月1日至2021年12月31日期间（方案一（二）1）"
            in said)
    assert "【提示】收件日期 2022年11月15日晚于报送截止日 2022年11月1日（方案三）" in said
    assert not ISO.findall(said), ISO.findall(said)


def test_a_paper_lacking_only_its_receipt_date_is_asked_of_no_one(reg, tmp_path):
    """The 收件日期 is the day the office received the paper: the office enters it. The
    letter says it is not entered yet, asks the union for nothing, and counts the paper
    as its 核对意见 does (合格: not 待补材料)."""
    papers = _papers(reg)
    out = tmp_path / "letter.pdf"
    write_progress_pdf(out, letters(reg, [(PATENT, papers["undated"])], DAY), DAY)
    text = _text(out)
    assert "收件日期（未登记）" in text and "规则核对合格" in text
    assert "下一步：待市总工会登记收件日期后进行资格审核，通过后由市总工会核准" in text
    assert "缺少“收件日期”" not in text and "补报" not in text and "待补" not in text
    # the union's letter counts what its 核对意见 counts
    union = union_letter(reg, 2022, UNION, DAY)[0]
    notice, = gather_notices(reg, 2022, union=UNION, day=DAY).notices
    assert [(i.app_id, i.verdict) for i in notice.items[PATENT]] == [
        (papers["early"], "refused"), (papers["late"], "eligible")]  # the late one's 提示
    assert "不合格 1 项" in union.summary() and "待补材料" not in union.summary()
    undated, = (p for p in union.all() if p.app_id == papers["undated"])
    assert (undated.told, undated.missing) == ("eligible", ())
    # the clerk's pane says the same next step (its findings still name the gap)
    assert undated.next_step.startswith("待市总工会登记收件日期后进行资格审核")


@pytest.fixture
def publicized(reg) -> dict[str, int]:
    ids = {"a": make_project(reg, "市级甲项目", "工作室甲", CITY),
           "b": make_project(reg, "市级乙项目", "工作室乙", CITY)}
    for pid in ids.values():
        to_review(reg, pid)
        reg.set_status(PROJECT, pid, "proposed")
    start_publicity(reg, YEAR, date(2022, 12, 20))
    return ids


def test_the_publicity_correction_and_refusals_write_days_as_the_list(reg, publicized, tmp_path):
    with pytest.raises(PanelError, match="异议收到日期 2022年12月27日不在公示期"):
        record_objection(reg, publicized["b"], date(2022, 12, 27), "张某", "晚到")
    oid = record_objection(reg, publicized["b"], date(2022, 12, 22), "张某", "项目已完成")
    resolve_objection(reg, oid, upheld=True, on=date(2022, 12, 24),
                      note="经核实，项目已于 2021-06-30 完成结题验收")
    with pytest.raises(PanelError, match="该异议已于 2022年12月24日处理"):
        resolve_objection(reg, oid, upheld=False, note="再议", on=date(2022, 12, 25))
    pdf = tmp_path / "公示.pdf"
    write_publicity_pdf(reg, YEAR, pdf, printed_on=DAY)
    text = _text(pdf)
    assert "（经核实，项目已于2021年6月30日完成结题验收），该项目不予助推" in text
    assert not ISO.findall(text), ISO.findall(text)


def test_only_days_in_running_text_are_rewritten():
    assert cn_dates("公示中（2022-12-20 至 2022-12-26）；") == "公示中（2022年12月20日至2022年12月26日）；"
    assert cn_dates("已于 2023-02-20 拨付") == "已于 2023年2月20日拨付"
    assert cn_dates("异议 3（2023-01-05 收到）") == "异议 3（2023年1月5日收到）"
    # a day quoted as typed, a voucher, no day at all: as written
    for text in ("授权日期“2023-03-15”", "凭证 记-2023-03-15-1", "2023-02-30", "ZL202110456782.X"):
        assert cn_dates(text) == text
