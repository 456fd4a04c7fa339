"""An inventor's papers of every year, beside the one chosen: at ten years of history the
clerk asking "has he been awarded before, and when?" had only 单位与人员's two counts (专利申报,
已获助推) and a search year by year."""

from __future__ import annotations

from datetime import date

from test_finance import add_patent

from boostdesk.models import plan_2022
from boostdesk.models.records import PATENT


def test_a_patents_detail_lists_its_inventors_papers_of_every_year(reg, qtbot):
    from boostdesk.ui.detail import DetailPane

    reg.save_campaign(plan_2022().for_year(2021))
    earlier = reg.save_patent(reg.patent(add_patent(reg)).__class__(
        campaign_year=2021, title="一种往年的测试装置", patent_number_raw="ZL202010123456.9",
        grant_date=date(2020, 5, 12), inventor_name="张三", id_number="11010519491231002X",
        card_number="6214830112341234", unit_name="海淀区总工会",
        enterprise_name="北京测试有限公司"))
    now = reg.scalar("SELECT MIN(id) FROM patent_applications")
    other = add_patent(reg, "李四", "110108198506123146", number="ZL202120987654.3")
    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    pane.show_application(PATENT, now)
    text = pane.toPlainText()
    assert "此人历年申报" in text
    assert f"2021年 专利{earlier}“一种往年的测试装置”：已登记" in text
    assert f"专利{now}“" not in text  # not the paper shown
    pane.show_application(PATENT, other)  # 李四 has no other paper
    assert "此人历年申报" not in pane.toPlainText()
