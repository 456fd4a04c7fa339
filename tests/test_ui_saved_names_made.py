"""The 已保存 message names the union and the enterprise the save registered as new ones
(with the kind guessed for the union): the side panel said 保存时将新登记 beforehand, the
message after said nothing of them (stop 36)."""

from __future__ import annotations

from fixtures.summary_sheets import CARD_1, ID_1, INVENTION
from test_ui_entry import open_new_form
from test_ui_save_back import SAVE, tabbed
from test_ui_save_box import clerk
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.models.records import PatentApplication
from boostdesk.names_made import made_line

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

NEW_UNION, NEW_ENTERPRISE = "首钢工会", "北京首钢特钢材料有限公司"


def test_made_line_names_what_the_save_registered_with_the_stored_kind(reg):
    created = reg.new_names(("units", NEW_UNION), ("enterprises", NEW_ENTERPRISE))
    assert made_line(reg, created) == ""  # not registered (yet): nothing said
    reg.save_patent(PatentApplication(2022, title="一种方法", unit_name=NEW_UNION,
                                      enterprise_name=NEW_ENTERPRISE))
    assert made_line(reg, created) == (f"已新登记推荐单位“{NEW_UNION}”（类别：直属基层）、"
                                       f"所在单位“{NEW_ENTERPRISE}”")
    # the kind as stored (corrected in 单位与人员), not the guess again
    reg.conn.execute("UPDATE units SET kind = '产业' WHERE name = ?", (NEW_UNION,))
    assert made_line(reg, created[:1]) == f"已新登记推荐单位“{NEW_UNION}”（类别：产业）"


def test_the_saved_message_names_the_new_union_and_enterprise(window, qtbot, reg, answers):
    reg.save_patent(PatentApplication(2022, title="先前的专利", unit_name="海淀区总工会",
                                      enterprise_name="北京中科智测科技有限公司"))
    open_new_form(qtbot, window, 0)
    clerk(qtbot, [*tabbed(NEW_UNION, NEW_ENTERPRISE, "一种转炉炼钢终点碳温预测方法",
                          INVENTION, "2021.9.9", "张三", ID_1, CARD_1), SAVE])
    qtbot.waitUntil(lambda: "已保存" in window.statusBar().currentMessage())
    message = window.statusBar().currentMessage()
    assert (f"；已新登记推荐单位“{NEW_UNION}”（类别：直属基层）、所在单位“{NEW_ENTERPRISE}”"
            in message)
    # a paper of registered ones says nothing of the kind
    open_new_form(qtbot, window, 0)
    clerk(qtbot, [*tabbed("海淀区总工会", "北京中科智测科技有限公司", "一种焊缝缺陷的超声检测方法",
                          "ZL202110123457.5", "2021.3.5", "李四"), SAVE])
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() != message)
    assert "已保存" in window.statusBar().currentMessage()
    assert "新登记" not in window.statusBar().currentMessage()
