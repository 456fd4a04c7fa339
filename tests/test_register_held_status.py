"""The 创新项目 list's 状态 column for an award an objection entered after 结束公示 holds:
it said plain 核准 while 拨付, 公示, the detail pane and the printed lists said 暂缓拨付, so
the clerk filtering 核准 to prepare payments took it for payable."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from test_ui_support import year_context

from boostdesk.finance.payment_plan import sync_plan
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.publicity import (
    close_publicity,
    record_objection,
    resolve_objection,
    start_publicity,
)
from boostdesk.ui.register_screen import ProjectScreen
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)


@pytest.fixture
def screen(reg, tmp_path, qtbot):
    """创新项目 on a closed batch: 甲 and 乙 approved, 丙 kept in publicity by an objection
    open at the close; the list read (sorted by 状态, filtered) before anything is held."""
    ids = {"a": make_project(reg, "市级甲项目", "工作室甲", CITY),
           "b": make_project(reg, "区级乙项目", "工作室乙", DISTRICT),
           "c": make_project(reg, "区级丙项目", "工作室丙", DISTRICT)}
    to_review(reg, *ids.values())
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids["a"]: 90, ids["b"]: 85, ids["c"]: 80})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    record_objection(reg, ids["c"], date(2022, 12, 21), "匿名来信", "工作室不在本单位")
    close_publicity(reg, YEAR, date(2022, 12, 27))
    sync_plan(reg, YEAR)
    ctx = year_context(reg, tmp_path, YEAR, "刘建国")
    w = ProjectScreen(ctx)
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    w.table.sortByColumn(_column(w, "status"), Qt.SortOrder.AscendingOrder)
    _filter(w, "核准")
    _filter(w, "全部状态")
    return ids, w


def _column(w: ProjectScreen, key: str) -> int:
    return [c.key for c in w.spec.columns].index(key)


def _filter(w: ProjectScreen, label: str) -> None:
    index = w.status.findText(label)
    assert index >= 0, f"状态 filter has no {label}"
    w.status.setCurrentIndex(index)
    w.reload()


def _rows(w: ProjectScreen) -> list[tuple[str, str]]:
    m = w.table.model()
    title, status = _column(w, "title"), _column(w, "status")
    return [(m.index(r, title).data(), m.index(r, status).data()) for r in range(m.rowCount())]


def test_an_award_held_by_a_late_objection_says_so_in_the_list(screen, reg):
    ids, w = screen
    assert dict(_rows(w))["市级甲项目"] == "核准"
    late = record_objection(reg, ids["a"], date(2022, 12, 26), "某职工", "项目数据不实")
    w.reload()
    # sorted by 状态: the held award after the payable one, before 公示
    assert _rows(w) == [("区级乙项目", "核准"), ("市级甲项目", "核准（暂缓拨付）"),
                        ("区级丙项目", "公示（有异议待处理）")]
    column = _column(w, "status")
    held = w.table.model().index(1, column)
    assert "公示期内收到的异议待处理" in held.data(Qt.ItemDataRole.ToolTipRole)
    fm = w.table.fontMetrics()
    assert w.table.columnWidth(column) > fm.horizontalAdvance("公示（有异议待处理）")
    _filter(w, "核准")  # every approved award, the held one named
    assert _rows(w) == [("区级乙项目", "核准"), ("市级甲项目", "核准（暂缓拨付）")]
    _filter(w, "核准（暂缓拨付）")
    assert _rows(w) == [("市级甲项目", "核准（暂缓拨付）")]

    resolve_objection(reg, late, upheld=False, note="经核查不属实", on=date(2023, 1, 5))
    w.reload()
    assert _rows(w) == []  # payable again: no longer among the held
    _filter(w, "全部状态")
    assert _rows(w) == [("市级甲项目", "核准"), ("区级乙项目", "核准"),
                        ("区级丙项目", "公示（有异议待处理）")]


def test_a_project_kept_in_publicity_by_an_open_objection_says_so_in_the_list(screen, reg):
    """After 结束公示 the list said 公示 for it, as if the period were still running, while
    公示 said 有异议待处理 and the detail pane 结束公示时有异议待处理，处理后核准."""
    ids, w = screen
    _filter(w, "公示（有异议待处理）")
    assert _rows(w) == [("区级丙项目", "公示（有异议待处理）")]
    _filter(w, "公示")
    assert _rows(w) == [("区级丙项目", "公示（有异议待处理）")]
    objection = reg.scalar("SELECT id FROM objections WHERE project_id = ?", (ids["c"],))
    resolve_objection(reg, objection, upheld=False, note="经核查不属实", on=date(2023, 1, 5))
    _filter(w, "全部状态")
    assert dict(_rows(w))["区级丙项目"] == "核准"  # approved at the dismissal


def test_the_studios_screen_names_its_held_award_as_held(screen, reg, qtbot):
    """工作室's list of a studio's applications said 核准，50,000.00 for it."""
    from boostdesk.ui.studio_screen import StudioScreen

    ids, w = screen
    record_objection(reg, ids["a"], date(2022, 12, 26), "某职工", "项目数据不实")
    studios = StudioScreen(w.ctx)
    qtbot.addWidget(studios)
    studios.reload()
    row = next(r for r in range(studios.model.rowCount())
               if studios.studios[studios.model.id_at(r)].name == "工作室甲")
    studios.table.setCurrentIndex(studios.model.index(row, 0))  # the pane follows
    assert "2022年“市级甲项目”：核准（暂缓拨付）" in studios.detail.toPlainText()


def test_the_status_dialog_of_a_held_award_says_it_is_held_not_just_to_be_paid(screen, reg,
                                                                                qtbot):
    """Ctrl+M on it said 当前状态 核准 and sent the clerk to 拨付 to record the payment."""
    from PySide6.QtWidgets import QLabel

    from boostdesk.ui.status_dialog import StatusDialog

    ids, w = screen
    record_objection(reg, ids["a"], date(2022, 12, 26), "某职工", "项目数据不实")
    dialog = StatusDialog(w.ctx, "project", ids["a"], w)
    qtbot.addWidget(dialog)
    text = "\n".join(label.text() for label in dialog.findChildren(QLabel))
    assert "当前状态 <b>核准（暂缓拨付）</b>" in text
    assert "公示期内收到的异议待处理" in text and "“公示”中处理该异议" in text
    payable = StatusDialog(w.ctx, "project", ids["b"], w)
    qtbot.addWidget(payable)
    assert "暂缓拨付" not in "\n".join(x.text() for x in payable.findChildren(QLabel))
