"""改变状态 says what a decision did to the person's other papers (stop 44): a patent refused
and reopened re-ranks its inventor's papers of the year (方案一（三）每人每年最多享受一次助推),
and the clerk who reopened 专利1 was not told that 专利2 became 不合格 meanwhile."""

from __future__ import annotations

from fixtures.summary_sheets import INVENTION, INVENTION_2
from PySide6.QtCore import Qt
from test_ui_qualified_date import _ctrl_m_on
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window
from test_ui_undo_status import a_patent

from boostdesk.paper_review import REFUSE, decide

__all__ = ["answers", "ctx", "qsettings", "window"]

VERDICT = 1  # the lists' 资格 column


def test_reopening_a_refused_patent_says_its_rival_became_不合格(window, qtbot, reg, answers):
    first, second = a_patent(reg), a_patent(reg, patent_number_raw=INVENTION_2,
                                            title="一种焊缝打磨装置")
    decide(reg, "patent", first, REFUSE, "企业应用证明不实")
    dialog = _ctrl_m_on(qtbot, window, first)
    assert dialog.target == "registered"  # 重新登记, the refusal's one way back
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "补交企业应用证明", dialog.reason)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))
    assert reg.patent(first).status == "registered"
    said = window.statusBar().currentMessage()
    assert said.startswith(f"已改为“已登记”；专利{second} 的核对结果随之改变：合格 → 不合格"
                           f"（张三 本年度已有在先申报的专利（{INVENTION}，专利{first}）")
    screen = window.show_screen(0)
    screen.reload()
    model = screen.model
    rows = {model.id_at(r): r for r in range(model.rowCount())}
    assert model.data(model.index(rows[first], VERDICT)) == "合格"
    assert model.data(model.index(rows[second], VERDICT)) == "不合格"
