"""Where the clerk looks at one project: its detail pane says an open objection holds it."""

from __future__ import annotations

from datetime import date

from boostdesk.finance.payment_plan import sync_plan
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.publicity import (
    close_publicity,
    record_objection,
    resolve_objection,
    start_publicity,
)
from boostdesk.ui.detail import DetailPane
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)


def _head(reg, project_id) -> str:
    pane = DetailPane(reg)
    pane.show_application("project", project_id)
    text = pane.toPlainText()
    return text[:text.index("核对结论")]


def test_the_detail_pane_of_a_held_award_says_why_it_is_not_paid(reg, qapp):
    """It read 状态 核准（公示期满无异议） while an objection of its publicity held it."""
    a = make_project(reg, "市级甲项目", "工作室甲", CITY)
    c = make_project(reg, "区级丙项目", "工作室丙", DISTRICT)
    to_review(reg, a, c)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90, c: 80})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    held = record_objection(reg, c, date(2022, 12, 21), "匿名来信", "工作室不在本单位")
    close_publicity(reg, YEAR, date(2022, 12, 27))
    sync_plan(reg, YEAR)
    late = record_objection(reg, a, date(2022, 12, 26), "某职工", "项目数据不实")

    head = _head(reg, a)
    assert "暂缓拨付" in head
    assert "2022-12-26 收到某职工的异议（项目数据不实），待处理" in head
    head = _head(reg, c)  # kept in publicity at the close
    assert "2022-12-21 收到匿名来信的异议（工作室不在本单位），待处理" in head
    assert "结束公示时有异议待处理，处理后核准" in head

    resolve_objection(reg, late, upheld=False, note="经核查属实", on=date(2023, 1, 5))
    resolve_objection(reg, held, upheld=False, note="经核查属实", on=date(2023, 2, 1))
    for project_id in (a, c):
        head = _head(reg, project_id)
        assert "暂缓拨付" not in head and "待处理" not in head


def test_an_objection_upheld_on_the_wrong_project_is_taken_back_on_the_publicity_screen(
        reg, tmp_path, qtbot, monkeypatch):
    """处理异议… was greyed for an upheld objection: the project's award was lost for good."""
    from PySide6.QtCore import QPoint, QSettings, Qt

    from boostdesk.ui import dialogs
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.publicity_screen import CorrectDialog, PublicityScreen
    from tests.test_publicity_screen import _answer, _click_row, _states, _titles
    from tests.test_ui_support import type_text

    a = make_project(reg, "市级甲项目", "工作室甲", CITY)
    to_review(reg, a)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90})
    adopt(reg, YEAR)
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))
    ctx = AppContext(reg, YEAR, settings=QSettings(str(tmp_path / "s.ini"),
                                                   QSettings.Format.IniFormat))
    screen = PublicityScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.show()
    assert screen.start(date(2022, 12, 20)) and screen.close_period(date(2022, 12, 27))
    oid = record_objection(reg, a, date(2022, 12, 26), "某职工", "应是另一项目的异议")
    resolve_objection(reg, oid, upheld=True, note="属实", on=date(2023, 1, 5))
    screen.reload()
    _click_row(qtbot, screen.table, _titles(screen).index("市级甲项目"))
    _click_row(qtbot, screen.objections, 0)
    assert screen.resolve_button.isEnabled()

    def undo(dialog) -> None:
        assert isinstance(dialog, CorrectDialog)
        qtbot.mouseClick(dialog.in_error, Qt.MouseButton.LeftButton,  # 登记错了项目
                         pos=QPoint(8, dialog.in_error.height() // 2))
        type_text(qtbot, "异议登记错了项目", dialog.note_field)

    _answer(qtbot, screen, undo)
    qtbot.mouseClick(screen.resolve_button, Qt.MouseButton.LeftButton)
    assert errors == []
    assert _states(screen)["市级甲项目"] == "核准"
    assert reg.project(a).approved_date == date(2022, 12, 27)


def test_the_payments_tooltip_names_the_objection_and_why_the_term_is_later(
        reg, tmp_path, qtbot):
    """拨付 said only 公示期内收到的异议待处理: not which, nor why a held award dismissed
    since falls due months after the others."""
    from PySide6.QtCore import QSettings

    from boostdesk.ui.context import AppContext
    from boostdesk.ui.payments_screen import PaymentsScreen

    a = make_project(reg, "市级甲项目", "工作室甲", CITY)
    c = make_project(reg, "区级丙项目", "工作室丙", DISTRICT)
    to_review(reg, a, c)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90, c: 80})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    held = record_objection(reg, c, date(2022, 12, 21), "匿名来信", "工作室不在本单位")
    close_publicity(reg, YEAR, date(2022, 12, 27))
    resolve_objection(reg, held, upheld=False, note="经核查属实", on=date(2023, 4, 10))
    record_objection(reg, a, date(2022, 12, 26), "某职工", "项目数据不实")
    ctx = AppContext(reg, YEAR, settings=QSettings(str(tmp_path / "s.ini"),
                                                   QSettings.Format.IniFormat))
    payments = PaymentsScreen(ctx)
    qtbot.addWidget(payments)
    payments.reload()

    def tip(title: str) -> str:
        return payments.describe(next(x.id for x in payments.lines
                                      if x.title == title and x.tranche == 1))

    assert "2022-12-26 收到某职工的异议（项目数据不实），待处理" in tip("市级甲项目")
    assert "首笔自异议处理（不成立）之日 2023-04-10 起计" in tip("区级丙项目")
    assert "起计" not in tip("市级甲项目")
