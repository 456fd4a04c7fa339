"""Office laptops (1280×720 or 1366×768 at 125 % / 150 %) with the names real data has:
a 40-character enterprise, a 60-character project title, 北京市海淀区总工会中关村科学城分会.

At 1280×720 ×1.5 the window's contents get about 840×420 (SMALL); at 1366×768 ×1.25 about
1090×540 (OFFICE)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QLabel
from test_panel_support import CITY, add_experts, make_project, score_all, to_review
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.panel.experts import assign
from boostdesk.ui.main_window import FRAME_ROOM

__all__ = ["answers", "ctx", "qsettings", "window"]

SCREEN_150 = QSize(853, 480)  # 1280×720 at 150 %, as Qt sees it
SMALL = QSize(840, 420)
OFFICE = QSize(1090, 540)
LONG_TITLES = (
    "城市综合管廊结构健康监测用分布式光纤传感器与无线采集终端的国产化替代及工程化应用关键技术研究与示范",
    "地铁车辆转向架构架、轮对及齿轮箱等关键部件超声相控阵与涡流阵列联合无损检测工艺改进与标准化研究",
    "特殊钢连铸坯质量在线判定系统研发",
)
LONG_STUDIO = "北京中科智测智能传感与无损检测技术劳模和工匠人才职工创新工作室"


@pytest.fixture(autouse=True)
def app_font(qapp):
    """The window's own face and size (WenQuanYi Micro Hei 10 pt), which sets the widths."""
    from boostdesk.ui.app import load_fonts

    load_fonts(qapp)


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def in_view(table, column: int) -> bool:
    """Whether the column is wholly inside the table's viewport as it is scrolled."""
    left = table.columnViewportPosition(column)
    return left >= 0 and left + table.columnWidth(column) <= table.viewport().width()


def long_projects(reg) -> list[int]:
    ids = [make_project(reg, title, f"{LONG_STUDIO}{i}" if i else LONG_STUDIO, CITY)
           for i, title in enumerate(LONG_TITLES)]
    to_review(reg, *ids)
    return ids


def test_the_scoring_grid_keeps_the_project_beside_its_first_score(window, reg, qtbot):
    """评分录入: the title column was as wide as a 60-character title; on a small screen
    the grid scrolled to the first score cell and the project named on the row was out
    of sight while the expert's scores were typed."""
    ids = long_projects(reg)
    [eid] = add_experts(reg, 1)
    for pid in ids:
        assign(reg, eid, pid)
    panel = window.screen_named("专家评审")
    window.resize(SMALL)
    tab = panel.show_tab("评分录入")
    panel.refresh()
    settle()
    table = tab.table
    assert table.currentIndex().column() == 1
    assert in_view(table, 0) and in_view(table, 1), (table.columnWidth(0),
                                                     table.viewport().width())
    tip = table.model().index(0, 0).data(3)  # ToolTipRole: the title whole, and the studio
    assert LONG_TITLES[0] in tip and LONG_STUDIO in tip


def test_the_ranking_keeps_rows_in_view_under_a_long_warning(window, reg, qtbot):
    """排名与档次 at 1280×720 ×1.5: the warning of scores still missing (three long titles)
    and three empty lines left the ranking less than one row high."""
    ids = long_projects(reg)
    e1, e2 = add_experts(reg, 2)
    score_all(reg, e1, dict.fromkeys(ids, 80))
    for pid in ids:
        assign(reg, e2, pid)
    panel = window.screen_named("专家评审")
    window.resize(SMALL)
    tab = panel.show_tab("排名与档次")
    panel.refresh()
    settle()
    assert "评分未齐 3 项" in tab.waiting.text()
    table = tab.table
    assert table.viewport().height() >= 3 * table.rowHeight(0), table.viewport().height()
    # and nothing is laid over the list: the warning and the rule above and below, each
    # whole or scrolled in a box of its own (stop 39: the rows first on a low page)
    assert tab.waiting_area.geometry().bottom() < table.geometry().top()
    assert tab.rule_area.geometry().top() > table.geometry().bottom()
    assert tab.waiting.height() >= tab.waiting.heightForWidth(tab.waiting.width())


def test_the_ranking_shows_score_and_tier_beside_a_long_title(window, reg, qtbot):
    """At 1366×768 ×1.25 the 60-character title and studio pushed 得分 and 拟助推档次 out
    of view; the title is cut instead, whole when pointed at."""
    from boostdesk.ui.elided_tips import elided

    ids = long_projects(reg)
    [eid] = add_experts(reg, 1)
    score_all(reg, eid, dict.fromkeys(ids, 80))
    panel = window.screen_named("专家评审")
    window.resize(OFFICE)
    tab = panel.show_tab("排名与档次")
    panel.refresh()
    settle()
    table = tab.table
    assert in_view(table, 6) and in_view(table, 8), [table.columnWidth(c) for c in range(9)]
    assert elided(table, table.model().index(0, 2))
    window.resize(SMALL)  # 1280×720 at 150 %: still beside it
    settle()
    assert in_view(table, 6) and in_view(table, 8), \
        ([table.columnWidth(c) for c in range(9)], table.viewport().width(),
         [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(9)])
    assert table.columnWidth(2) >= 100  # seven characters: 理由's first words beside (stop 39)
    window.resize(OFFICE)
    settle()
    # wider again: the title takes its room back, but for 理由's first words (stop 39)
    assert table.columnWidth(2) >= 230
    assert table.columnWidth(9) >= table.fontMetrics().horizontalAdvance("市级第 1 名")


def test_the_plans_tiers_show_their_amounts_whole_on_a_small_laptop(window, reg, qtbot):
    """设置 at 1280×720 ×1.5: the tier table, half the page beside the right-hand form,
    cut 100,000.00 to “100…” and 区/局/集团级 to “区/…”."""
    from boostdesk.ui.elided_tips import elided

    make_project(reg, "数控机床精度补偿", "李四工作室", CITY)
    screen = window.screen_named("设置")
    window.resize(SMALL)
    settle()
    view = screen.tier_view
    model = view.model()
    assert model.rowCount() >= 3
    cut = [model.index(r, c).data() for r in range(model.rowCount())
           for c in range(model.columnCount()) if elided(view, model.index(r, c))]
    assert not cut, cut


def test_the_status_dialog_of_a_long_titled_patent_fits_a_small_laptop(window, reg, qtbot):
    """改变状态: its heading (title, patent number) on one line made the dialog wider than
    the screen at 1280×720 ×1.5 (853 wide), its 确定 out of reach."""
    from boostdesk.models.records import PatentApplication

    title = ("一种基于多尺度特征融合深度卷积神经网络与注意力机制的长输管道环焊缝射线底片"
             "缺陷智能识别与分级评定方法及其检测系统装置")
    app_id = reg.save_patent(PatentApplication(2022, title=title,
                                               patent_number_raw="ZL202110123456.7",
                                               unit_name="北京市海淀区总工会中关村科学城分会"))
    screen = window.screen_named("专利助推")
    screen.run_search()
    assert screen.select_id(app_id)
    dialog = screen.change_status()
    qtbot.waitExposed(dialog)
    least = dialog.minimumSize().expandedTo(dialog.minimumSizeHint())
    assert least.width() + FRAME_ROOM[0] <= SCREEN_150.width(), least
    assert any(title in label.text() for label in dialog.findChildren(QLabel))
    dialog.reject()


def test_no_screen_is_wider_than_a_small_laptop(window, reg, qtbot):
    """单位与人员: its one-line hint held every tab 837 wide: at 1280×720 ×1.5 the whole
    screen scrolled sideways, the lists' right half and the search box out of view."""
    from boostdesk.ui.main_window import SCREENS

    make_project(reg, "数控机床精度补偿", LONG_STUDIO, CITY,
                 enterprise="北京中关村科学城中科智测高端精密仪器与智能传感检测技术研究院股份有限公司",
                 unit="北京市海淀区总工会中关村科学城分会")
    window.resize(SMALL)
    sideways = []
    for i, (label, _module, _cls) in enumerate(SCREENS):
        screen = window.show_screen(i)
        tabs = getattr(screen, "tabs", None)
        for t in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(t)
            settle()
            if window.centralWidget().horizontalScrollBar().isVisible():
                sideways.append(f"{label} {tabs.tabText(t) if tabs is not None else ''}")
    assert not sideways


def pointed_at(view, index) -> str:
    """The tooltip shown when the mouse rests on the cell."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    QToolTip.hideText()
    view.scrollTo(index)
    pos = view.visualRect(index).center()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_a_cut_name_in_the_studios_and_units_lists_is_whole_when_pointed_at(window, reg,
                                                                           qtbot):
    """工作室 and 单位与人员 cut a long studio, enterprise or union name to “…” with no
    tooltip: the clerk could not read which studio or enterprise a row was."""
    enterprise = "北京中关村科学城中科智测高端精密仪器与智能传感检测技术研究院股份有限公司"
    make_project(reg, "数控机床精度补偿", LONG_STUDIO, CITY, enterprise=enterprise,
                 unit="北京市海淀区总工会中关村科学城分会")
    window.resize(SMALL)
    studios = window.screen_named("工作室")
    studios.reload()
    settle()
    view = studios.table
    row = next(r for r in range(view.model().rowCount())
               if view.model().index(r, 0).data() == LONG_STUDIO)
    assert pointed_at(view, view.model().index(row, 0)) == LONG_STUDIO
    people = window.screen_named("单位与人员")
    people.reload()
    people.tabs.setCurrentIndex(1)
    settle()
    view = people.enterprise_view
    row = next(r for r in range(view.model().rowCount())
               if view.model().index(r, 0).data() == enterprise)
    assert pointed_at(view, view.model().index(row, 0)) == enterprise


def test_a_paid_papers_greyed_long_enterprise_is_read_whole(window, reg, qtbot):
    """A paid paper's enterprise is greyed (not to be changed); a greyed field cannot be
    scrolled, so a 40-character enterprise was read only as far as the field is wide
    (about 20 characters at 1280×720 ×1.5). Its tooltip gives it whole."""
    from datetime import date

    from boostdesk.finance.paying import record_paid
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.models.records import PATENT, PatentApplication

    enterprise = "北京中关村科学城中科智测高端精密仪器与智能传感检测技术研究院股份有限公司"
    app_id = reg.save_patent(PatentApplication(
        2022, title="一种焊缝检测装置", patent_number_raw="ZL202110123456.7",
        grant_date=date(2021, 5, 11), inventor_name="张三", id_number="110108198506150021",
        card_number="6217000012345670", unit_name="北京市海淀区总工会中关村科学城分会",
        enterprise_name=enterprise, frontline=True, service_invention=True,
        applied_in_production=True))
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00,
                   approved_date=date(2022, 12, 15))
    sync_plan(reg, 2022)
    for line in payment_lines(reg, 2022, stream=PATENT, app_ids=[app_id]):
        record_paid(reg, line.id, date(2023, 1, 10), "记-2023-0001")
    screen = window.screen_named("专利助推")
    screen.reload()
    assert screen.select_id(app_id)
    form = screen.edit_current()
    form.resize(813, 420)  # what the form gets at 1280×720 ×1.5
    qtbot.waitExposed(form)
    editor = form.editor("enterprise_name")
    assert not editor.isEnabled()
    assert editor.fontMetrics().horizontalAdvance(enterprise) > editor.width()  # it is cut
    assert enterprise in editor.toolTip() and "已登记拨付" in editor.toolTip()
    form.reject()


def test_the_keys_list_fits_a_small_laptop_with_its_close_button(window, qtbot, monkeypatch):
    """帮助 → 快捷键 (F1) opened 480 high: the whole height of 1280×720 at 150 %, its
    title bar and 关闭 under the taskbar or off the screen."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    room = QRect(0, 0, SCREEN_150.width(), SCREEN_150.height() - 40)  # less the taskbar
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: room)
    dialog = window.show_keys()
    qtbot.waitExposed(dialog)
    assert dialog.height() + FRAME_ROOM[1] <= room.height(), dialog.height()
    assert dialog.width() + FRAME_ROOM[0] <= room.width()
    dialog.reject()


def test_the_assignment_grid_shows_every_expert_beside_a_long_title(window, reg, qtbot):
    """分配专家 at 1366×768 ×1.25: a 60-character title left room for one expert's column
    of four; the title is cut instead, whole in its tooltip."""
    ids = long_projects(reg)
    add_experts(reg, 4)
    panel = window.screen_named("专家评审")
    window.resize(OFFICE)
    tab = panel.show_tab("分配专家")
    panel.refresh()
    settle()
    table = tab.table
    model = table.model()
    assert model.columnCount() == 6  # 项目名称, 人数, four experts
    assert all(in_view(table, c) for c in range(model.columnCount())), \
        [table.columnWidth(c) for c in range(model.columnCount())]
    row = next(r for r in range(len(ids)) if model.index(r, 0).data() == LONG_TITLES[0])
    assert LONG_TITLES[0] in model.index(row, 0).data(3)  # ToolTipRole


def test_the_import_preview_shows_a_cut_name_whole_when_pointed_at(window, reg, qtbot,
                                                                   tmp_path):
    """导入汇总表 at 1280×720 ×1.5: a unit's 40-character enterprise and 60-character title
    were cut to “北京中关村科…” in the preview, with no way to read them before importing."""
    from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

    enterprise = "北京中关村科学城中科智测高端精密仪器与智能传感检测技术研究院股份有限公司"
    path = write_sheet(tmp_path / "海淀.xlsx", [PATENT_HEADERS, patent_row(
        所在单位=enterprise, 推荐单位="北京市海淀区总工会中关村科学城分会")])
    dialog = window.screen_named("专利助推").import_table()
    dialog.resize(813, 420)  # what fit_screen gives it at 1280×720 ×1.5
    qtbot.waitExposed(dialog)
    dialog.open_file(path)  # read off the UI thread
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    settle()
    view = dialog.table
    model = view.model()
    index = next(model.index(r, c) for r in range(model.rowCount())
                 for c in range(model.columnCount()) if model.index(r, c).data() == enterprise)
    assert pointed_at(view, index) == enterprise
    dialog.reject()


def whole(label: QLabel) -> bool:
    """Whether the label's text is drawn whole inside it (wrapped where it wraps)."""
    from PySide6.QtCore import QRect, Qt

    flags = Qt.TextFlag.TextWordWrap if label.wordWrap() else 0
    need = label.fontMetrics().boundingRect(QRect(0, 0, label.width(), 10_000), flags,
                                            label.text())
    return need.width() <= label.width() and need.height() <= label.height()


def test_the_override_dialog_shows_a_long_title_whole(window, reg, qtbot):
    """人工调整档次: the project's 60-character title ran past the dialog's right edge."""
    from boostdesk.ui.panel_rank_tab import OverrideDialog

    ids = long_projects(reg)
    [eid] = add_experts(reg, 1)
    score_all(reg, eid, dict.fromkeys(ids, 80))
    panel = window.screen_named("专家评审")
    tab = panel.show_tab("排名与档次")
    panel.refresh()
    row = next(r for r in tab.ranking.rows if r.ref == LONG_TITLES[0])
    dialog = OverrideDialog(window.ctx, row, tab)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle()
    label = next(x for x in dialog.findChildren(QLabel) if x.text() == LONG_TITLES[0])
    assert whole(label)
    assert dialog.width() + FRAME_ROOM[0] <= SCREEN_150.width()
    dialog.reject()


def published(reg, titles, studio: str, enterprise: str) -> None:
    """The projects ``titles`` (studios ``studio``0, 1, …) scored, adopted and in publicity."""
    from datetime import date

    from boostdesk.panel import publicity as pub
    from boostdesk.panel.adopt_proposal import adopt

    ids = [make_project(reg, title, f"{studio}{i}", CITY, enterprise=enterprise)
           for i, title in enumerate(titles)]
    to_review(reg, *ids)
    [eid] = add_experts(reg, 1)
    score_all(reg, eid, dict.fromkeys(ids, 80))
    adopt(reg, 2022)
    pub.start_publicity(reg, 2022, date(2022, 12, 20))


def test_the_publicity_list_shows_the_amount_beside_long_names(window, reg, qtbot):
    """公示 at 1366×768 ×1.25: a long title, studio and enterprise pushed 拟助推金额 out
    of view; the names are cut instead, whole when pointed at."""
    enterprise = "北京中关村科学城中科智测高端精密仪器与智能传感检测技术研究院股份有限公司"
    published(reg, LONG_TITLES, LONG_STUDIO, enterprise)
    screen = window.screen_named("公示")
    window.resize(OFFICE)
    screen.reload()
    settle()
    table = screen.table
    amount = list(table.model().headers).index("拟助推金额")
    assert in_view(table, amount), [table.columnWidth(c) for c in range(amount + 1)]
    index = table.model().index(0, 1)
    assert pointed_at(table, index) == index.data()
    # 1280×720 at 150 %: the title gives way, amount and 状态 stay in view (the last
    # column took the room left and the list scrolled sideways for them)
    window.resize(SMALL)
    settle()
    state = table.model().columnCount() - 1
    assert in_view(table, amount) and in_view(table, state), \
        [table.columnWidth(c) for c in range(state + 1)]
    assert table.columnWidth(1) >= 100  # the title cut, still readable
    window.resize(OFFICE)  # and wider again: the names take their room back
    settle()
    assert table.columnWidth(1) > 150 and in_view(table, state)


def test_a_wide_window_shows_the_publicity_lists_enterprises_whole(window, reg, qtbot):
    """公示 at 1920×1080: 北京大兴新能源汽车零部件有限公司 was cut at 200 pixels (…零部件有…)
    while the title column beside it stood 800 pixels wide and mostly empty; the list is
    what is posted, each enterprise named whole. The names share the room there is."""
    enterprise = "北京大兴新能源汽车零部件有限公司"
    published(reg, ("电驱总成下线测试台架开发", "精密光学组件自动装调平台研制"),
              "电驱系统职工创新工作室", enterprise)
    screen = window.screen_named("公示")
    window.resize(QSize(1900, 1000))
    screen.reload()
    settle()
    table = screen.table
    column = list(table.model().headers).index("所在单位")
    needed = table.fontMetrics().horizontalAdvance(enterprise)
    assert table.columnWidth(column) > needed, (table.columnWidth(column), needed)
    assert table.columnWidth(1) > table.columnWidth(column)  # the title still the widest
    window.resize(OFFICE)  # narrower again: the names give way, the amount in view
    settle()
    amount = list(table.model().headers).index("拟助推金额")
    assert in_view(table, amount) and table.columnWidth(column) <= 240


def test_the_studio_dialog_shows_the_names_it_corrects_whole(ctx, reg, qtbot):
    """工作室 → 修改: the name field — where the studio is renamed, or merged by typing another's
    name — stood 180 pixels wide and showed a 31-character studio from its middle (…劳模和工匠
    人才职工创新工作室), its enterprise likewise; the fields are as wide as the names, and the
    dialog still fits 1280×720 at 150 %."""
    from boostdesk.ui.studio_screen import StudioDialog

    enterprise = "北京中关村科学城中科智测高端精密仪器有限公司"
    make_project(reg, LONG_TITLES[2], LONG_STUDIO, CITY, enterprise=enterprise)
    dialog = StudioDialog(ctx, reg.studio(LONG_STUDIO))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle()
    for field in (dialog.name, dialog.enterprise):
        room = field.width() - 12  # the frame and the text's margins
        assert field.fontMetrics().horizontalAdvance(field.text()) <= room, \
            (field.text(), field.width())
    assert dialog.width() >= dialog.layout().minimumSize().width()  # nothing cut at its edge
    assert dialog.width() + FRAME_ROOM[0] <= SCREEN_150.width()
    dialog.reject()


def test_the_unions_and_enterprises_lists_give_their_room_to_the_names(window, reg, qtbot):
    """单位与人员 at 1366×768 ×1.25: 北京经济技术开发区总工会(亦庄新城产业工会联合会) was cut at
    260 pixels, a long enterprise at 300, while the last column — a count of one or two
    figures — stretched over 600: the name takes the room, the counts theirs."""
    from boostdesk.models.records import PatentApplication

    union = "北京经济技术开发区总工会(亦庄新城产业工会联合会)"
    enterprise = "中国铁路北京局集团有限公司北京动车段丰台动车运用所"
    reg.save_patent(PatentApplication(2022, title="一种测试方法", unit_name=union,
                                      enterprise_name=enterprise, inventor_name="王军"))
    screen = window.screen_named("单位与人员")
    window.resize(OFFICE)
    screen.reload()
    for tab, view, name in ((0, screen.unit_view, union), (1, screen.enterprise_view, enterprise)):
        screen.tabs.setCurrentIndex(tab)
        settle()
        last = view.model().columnCount() - 1
        assert view.columnWidth(0) >= view.fontMetrics().horizontalAdvance(name) + 8, \
            (name, [view.columnWidth(c) for c in range(last + 1)])
        assert view.columnWidth(last) <= 160
        assert in_view(view, last)


def test_the_print_screens_cut_hints_are_whole_in_their_tooltips(window, qtbot):
    """打印: the 申报 field's hint (专利号、项目名称、登记号 such as 专利12, comma-separated)
    was cut after “或填任一…” in the narrow settings column, and said nowhere else."""
    screen = window.screen_named("打印")
    window.resize(OFFICE)
    settle()
    for field in (screen.refs, screen.payer):
        hint = field.placeholderText()
        if field.isVisible():
            assert field.fontMetrics().horizontalAdvance(hint) > field.width()  # it is cut
        assert field.toolTip() == hint


def shown_at(table, point) -> tuple[int, int] | None:
    """The (row, column) of the cell drawn at ``point`` of ``table`` (in its coordinates),
    by whichever view is on top there."""
    from PySide6.QtWidgets import QTableView

    child = table.childAt(point)
    view = child.parent() if child is not None else None
    if not isinstance(view, QTableView):
        return None
    index = view.indexAt(child.mapFrom(table, point))
    return (index.row(), index.column()) if index.isValid() else None


def test_the_project_stays_in_view_while_its_last_scores_are_typed(window, reg, qtbot):
    """评分录入 at 1280×720 ×1.5: seven criteria do not fit beside the title; typing on to
    the last ones scrolled the grid, and the row's project out of sight. The title column
    stays at the grid's left edge."""
    from PySide6.QtCore import QPoint, Qt

    ids = long_projects(reg)
    [eid] = add_experts(reg, 1)
    for pid in ids:
        assign(reg, eid, pid)
    panel = window.screen_named("专家评审")
    window.resize(SMALL)
    tab = panel.show_tab("评分录入")
    panel.refresh()
    settle()
    table = tab.table
    table.setFocus()
    last = tab.total_col - 1  # the seventh criterion
    for _ in range(last - 1):
        qtbot.keyClick(table, Qt.Key.Key_Right)
    settle()
    assert table.currentIndex().column() == last
    assert table.horizontalScrollBar().value() > 0  # the grid did scroll
    row = table.visualRect(table.model().index(0, 0)).center().y()
    left = table.viewport().mapTo(table, QPoint(5, row))
    assert shown_at(table, left) == (0, 0)  # the project, at the left edge
    current = table.visualRect(table.currentIndex())
    assert current.left() >= table.columnWidth(0) and current.right() <= table.viewport().width()
