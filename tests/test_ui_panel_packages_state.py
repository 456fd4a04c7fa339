"""专家评审 → 评分包's list and log as the clerk sending packages out reads them: an expert
with nothing left to score is not said to owe a package, and 导出全部评分包 names who got
none."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_panel_screen import cell, ctx, screen

from boostdesk.models.records import PROJECT
from boostdesk.panel.experts import Expert, assign, save_expert
from boostdesk.panel.package_export import export_packages
from boostdesk.panel.package_import import import_package
from tests.test_panel_support import CITY, YEAR, fill_packages, make_project, to_review

__all__ = ["ctx", "screen"]


def _states(tab) -> dict[str, str]:
    return {cell(tab.table, r, 0): cell(tab.table, r, 4) for r in range(tab.model.rowCount())}


def test_an_expert_whose_projects_left_review_is_not_said_to_owe_a_package(
        screen, reg, qtbot, tmp_path):
    kept = make_project(reg, "继续评审的项目", "工作室甲", CITY)
    gone = make_project(reg, "取消资格的项目", "工作室乙", CITY)
    to_review(reg, kept, gone)
    only_gone = save_expert(reg, YEAR, Expert("张三", "清华大学", "机械"))
    both = save_expert(reg, YEAR, Expert("李四", "北京工业大学", "机械"))
    assign(reg, only_gone, gone)
    assign(reg, both, gone)
    assign(reg, both, kept)
    [path] = export_packages(reg, YEAR, tmp_path, ["李四"])
    fill_packages([path], rows=(2, 3))
    reg.set_status(PROJECT, gone, "not_awarded", "取消资格")
    import_package(reg, path, year=YEAR)  # the project still under review stored
    tab = screen.show_tab("评分包")
    screen.refresh()
    assert _states(tab) == {
        "张三": "没有待评审的项目（分配的项目已结束评审或需回避），无需评分包",
        "李四": "评分包已交回并导入",
    }
    # the package's one project scored: not read as one still to score
    projects = {cell(tab.table, r, 0): cell(tab.table, r, 2) for r in range(tab.model.rowCount())}
    assert projects == {"张三": "0", "李四": "1（均已提交）"}
    assert tab.model.headerData(2, Qt.Orientation.Horizontal) == "评审项目"


def test_an_expert_who_scored_everything_is_not_shown_0_projects_once_review_ended(
        screen, reg, qtbot, tmp_path):
    first = make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", CITY)
    second = make_project(reg, "焊接机器人离线编程", "焊接技能大师工作室", CITY)
    to_review(reg, first, second)
    expert = save_expert(reg, YEAR, Expert("李四", "北京工业大学", "机械"))
    assign(reg, expert, first)
    assign(reg, expert, second)
    [path] = export_packages(reg, YEAR, tmp_path, ["李四"])
    fill_packages([path], rows=(2, 3))
    import_package(reg, path, year=YEAR)
    for pid in (first, second):  # ranked: no longer under review
        reg.set_status(PROJECT, pid, "not_awarded", "未进入公示名单")
    tab = screen.show_tab("评分包")
    screen.refresh()
    row = next(r for r in range(tab.model.rowCount()) if cell(tab.table, r, 0) == "李四")
    assert (cell(tab.table, row, 2), cell(tab.table, row, 3)) == ("2（均已提交）", "2")


def test_exporting_every_package_names_the_experts_given_none(screen, reg, qtbot, tmp_path):
    pid = make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", CITY)
    to_review(reg, pid)
    assign(reg, save_expert(reg, YEAR, Expert("张三", "清华大学", "机械")), pid)
    save_expert(reg, YEAR, Expert("欧阳䶮", "北京化工大学", "机械"))
    tab = screen.show_tab("评分包")
    screen.refresh()
    tab.export_to(tmp_path, None)
    qtbot.waitUntil(lambda: "已导出 1 位专家的评分包" in tab.log.toPlainText(), timeout=10_000)
    assert (f"已导出 1 位专家的评分包（存放在 {tmp_path}）；“欧阳䶮”没有分配项目，未导出"
            in tab.log.toPlainText())
    # what to tell the experts the packages go to: which programs keep a package whole
    assert ("在电脑上用 Excel 2007 及以上、WPS Office 或 LibreOffice Calc 填写，不要用腾讯文档"
            in tab.log.toPlainText())


def test_a_package_saved_as_xls_is_offered_in_the_open_dialog_and_said_how_to_fix(
        screen, reg, qtbot, tmp_path, monkeypatch):
    """The clerk looks for 专家's returned file in 导入交回的评分包…: one saved as .xls is
    listed (not hidden by an .xlsx-only filter) and its refusal says to save it as .xlsx."""
    from fnmatch import fnmatch

    from PySide6.QtWidgets import QFileDialog

    returned = tmp_path / "2022年度专家评分包_张三.xls"
    returned.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504)
    asked: list[str] = []

    def choose(parent, caption, folder, filters):
        asked.append(filters)
        first = filters.split(";;")[0]
        patterns = first[first.index("(") + 1:first.index(")")].split()
        return [str(returned)] if any(fnmatch(returned.name, p) for p in patterns) else [], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(choose))
    tab = screen.show_tab("评分包")
    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "未导入" in tab.log.toPlainText(), timeout=10_000)
    assert "被另存为了 Excel 97-2003 (.xls) 格式" in tab.log.toPlainText()


def test_exporting_names_the_projects_whose_studio_has_no_enterprise(screen, reg, qtbot,
                                                                     tmp_path):
    """回避 cannot be checked for a project whose studio has no 所在单位: the log says which,
    under the headline (the packages' own notes ask the expert)."""
    checked = make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", CITY)
    blind = make_project(reg, "城市桥梁支座病害巡检", "桥梁养护创新工作室", CITY)
    reg.conn.execute("UPDATE studios SET enterprise_id = NULL WHERE name = ?", ("桥梁养护创新工作室",))
    to_review(reg, checked, blind)
    e = save_expert(reg, YEAR, Expert("张三", "清华大学", "机械"))
    assign(reg, e, checked)
    assign(reg, e, blind)
    tab = screen.show_tab("评分包")
    screen.refresh()
    tab.export_to(tmp_path, None)
    qtbot.waitUntil(lambda: "已导出 1 位专家的评分包" in tab.log.toPlainText(), timeout=10_000)
    log = tab.log.toPlainText()
    assert ("评分包中 1 个项目的工作室未登记所在单位，无法核对专家回避（“城市桥梁支座病害巡检”）："
            "请在“工作室”中填写所在单位" in log)
    assert "五轴数控加工程序优化" not in log
