"""Documents leaving the office (t-recipient, stop 44).

The 公示名单 asked for objections 以书面形式向北京市总工会反映 with no address, person or
e-mail to send them to; the 公示名单, 追回清单 and 年度统计 were footed “BoostDesk 打印于…”,
naming the program to the unions and the public, not the office; the 追回清单 said its
days in ISO in its sentences (截至 2026-12-06, 2023-03-09 撤销助推). Now the call for
objections gives the year's address, contacts and e-mail (the letters' own settings), the
footers name the federation the plan's title names, and the sentences say 2023年3月9日."""

from __future__ import annotations

from datetime import date

from test_printing import pdf_text, squash
from test_printing_publicity_list import three
from test_recoveries_print import _revoked

from boostdesk.panel.publicity_docs import publicity_list, write_publicity_pdf
from boostdesk.printing.samples import PRINTED_ON, YEAR

__all__ = ["three"]  # the fixture

DAY = f"{PRINTED_ON.year}年{PRINTED_ON.month}月{PRINTED_ON.day}日"


def test_the_publicity_list_says_where_objections_go_and_is_footed_by_the_office(
        reg, three, tmp_path):
    c = reg.campaign(YEAR)
    assert c.paper_address and c.notice_contact and c.notice_email  # the 2022 plan's
    notice = publicity_list(reg, YEAR).notice
    assert notice.startswith(
        f"公示期内，如对上述项目有异议，请以书面形式向北京市总工会反映（送达：{c.paper_address}；"
        f"联系人：{c.notice_contact}；邮箱：{c.notice_email}），并写明异议理由和联系方式")
    pdf = tmp_path / "公示.pdf"
    write_publicity_pdf(reg, YEAR, pdf, printed_on=PRINTED_ON)
    text = squash(pdf_text(pdf, 1))
    assert squash(f"邮箱：{c.notice_email}") in text and "83570885" in text
    assert f"北京市总工会打印于{DAY}" in text and "BoostDesk" not in text


def test_a_year_without_contacts_asks_as_before(reg, three):
    from dataclasses import replace

    reg.save_campaign(replace(reg.campaign(YEAR), paper_address="", notice_contact="",
                              notice_email=""))
    assert "请以书面形式向北京市总工会反映，并写明" in publicity_list(reg, YEAR).notice


def test_the_recoveries_list_says_its_days_in_words_and_is_footed_by_the_office(reg, tmp_path):
    from boostdesk.printing.recoveries import build_recoveries, write_recoveries_pdf

    _revoked(reg)
    pdf = tmp_path / "追回.pdf"
    write_recoveries_pdf(pdf, build_recoveries(reg, 2022), 2022, reg.campaign(2022).title,
                         printed_on=date(2026, 12, 6))
    text = squash(pdf_text(pdf, 1))
    assert "截至2026年12月6日；" in text and "2023年6月1日撤销助推" in text, text
    assert "北京市总工会打印于2026年12月6日" in text and "BoostDesk" not in text
    # the table's date columns stay as the payment lists print them; the sentences do not
    assert "2026-12-06" not in text and "2023-06-01" not in text


def test_the_statistics_are_footed_by_the_office(reg, tmp_path):
    from boostdesk.printing.statistics import write_statistics_pdf
    from boostdesk.statistics import year_statistics

    _revoked(reg)
    pdf = tmp_path / "统计.pdf"
    write_statistics_pdf(pdf, year_statistics(reg, 2022), printed_on=date(2026, 12, 6))
    footer = squash(pdf_text(pdf, 1).strip().splitlines()[-1])
    assert footer.startswith("北京市总工会第1页共") and "打印日期：2026年12月6日" in footer, footer
    assert "BoostDesk" not in pdf_text(pdf, 1)


def test_the_approval_sheets_annex_and_the_panel_summary_are_footed_by_the_office(reg, tmp_path):
    """The 审批表 goes round the unions for their seals and the 评审汇总表 out with the
    list: their footers name the office too (a specimen seal's sheet says the seal instead)."""
    from dataclasses import replace

    from test_panel_summary import chair_register
    from test_printing_edges import approve_project

    from boostdesk.panel.score_summary import panel_summary
    from boostdesk.printing.approval import load_sheets, write_approval_pdf
    from boostdesk.printing.panel_summary import write_panel_summary_pdf

    approve_project(reg, 100_000_00)
    [sheet] = load_sheets(reg, YEAR)
    pdf = tmp_path / "审批表.pdf"
    write_approval_pdf(pdf, [replace(sheet, hold="；".join(["需复核"] * 400))],
                       printed_on=PRINTED_ON)
    annex = squash(pdf_text(pdf, 2))  # the 附页: no seal, the office's footer
    assert f"北京市总工会打印于{DAY}" in annex and "BoostDesk" not in annex, annex
    chair_register(reg, tmp_path)
    pdf = tmp_path / "评审汇总表.pdf"
    write_panel_summary_pdf(pdf, panel_summary(reg, YEAR), printed_on=PRINTED_ON)
    text = squash(pdf_text(pdf, 1))
    assert f"北京市总工会打印于{DAY}" in text and "BoostDesk" not in text
