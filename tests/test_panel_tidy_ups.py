"""The expert panel's smaller findings of the secretary's run (stop 38): a tie's reason said
once, 推荐单位 on the posted PDF as on the xlsx, the population 标准差 said so where it is
shown, and a late expert's projects taken off at once (`panel unassign` several or --all;
the 分配专家 grid's Shift+arrows then Space)."""

from __future__ import annotations

import subprocess
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from test_panel_screen import ctx, screen

from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.experts import Expert, assign, assignments, expert_by_name, save_expert
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
    two_for_one_place,
)

__all__ = ["ctx", "screen"]


def test_a_tie_decided_at_adoption_is_explained_once(reg):
    """…仅按材料报送日期…列入3万元档；经研究按此确定：…；与“乙”得分同为 80.00，按同分规则
    （材料报送日期早者在前）排在其前: the same tie twice."""
    a, b, [e] = two_for_one_place(reg, 1, {"received": date(2022, 10, 20)},
                                  {"received": date(2022, 10, 21)})
    score_all(reg, e, {a: 80, b: 80})
    adopt(reg, YEAR, tie_reason="经研究按材料报送日期先后确定")
    for pid, rival in ((a, "区级乙项目"), (b, "区级甲项目")):
        said = reg.project(pid).status_reason
        assert said.count(f"“{rival}”") == 1, said
        assert "经研究按此确定：经研究按材料报送日期先后确定" in said
    stored = reg.scalar("SELECT reason FROM proposals WHERE project_id = ?", (a,))
    assert stored.count("“区级乙项目”") == 1  # what the published list's row shows


def test_the_posted_pdf_has_the_recommending_union_column(reg, tmp_path):
    from boostdesk.panel.publicity import start_publicity
    from boostdesk.panel.publicity_docs import write_publicity_pdf

    ids = [make_project(reg, "市级甲项目", "工作室甲", CITY, unit="北京市朝阳区总工会"),
           make_project(reg, "区级丙项目", "工作室丙", DISTRICT, unit="首钢集团有限公司工会")]
    to_review(reg, *ids)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids[0]: 90, ids[1]: 80})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    pdf = tmp_path / "公示.pdf"
    assert write_publicity_pdf(reg, YEAR, pdf, printed_on=date(2022, 12, 20)) == 1
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert "推荐单位" in text and "北京市朝阳区总工会" in text and "首钢集团有限公司工会" in text


def test_the_standard_deviation_is_said_to_be_the_population_one(screen, reg, capsys):
    from boostdesk.cli import main

    tab = screen.show_tab("排名与档次")
    screen.refresh()
    header = tab.table.model().headerData(7, Qt.Orientation.Horizontal)
    assert header == "标准差（总体）"
    assert "专家评分的标准差（总体标准差）小者（意见更一致）在前" in tab.rule.text()
    db = str(reg.path)
    assert main(["panel", "settings", "--db", db]) == 0
    assert "标准差（总体）超过" in capsys.readouterr().out


def _late_expert(reg) -> tuple[int, list[int]]:
    ids = [make_project(reg, f"项目{n}", f"工作室{n}", CITY) for n in range(1, 5)]
    to_review(reg, *ids)
    late = save_expert(reg, YEAR, Expert("刘振东", "北京理工大学", "机械"))
    other = save_expert(reg, YEAR, Expert("韩雪梅", "清华大学", "信息"))
    for pid in ids:
        assign(reg, late, pid)
        assign(reg, other, pid)
    return late, ids


def _mine(reg, expert_id) -> list[int]:
    return [a.project_id for a in assignments(reg, YEAR) if a.expert_id == expert_id]


def test_unassign_takes_several_projects_or_all_of_an_experts(reg, capsys):
    from boostdesk.cli import main

    late, ids = _late_expert(reg)
    db = ["--db", str(reg.path)]
    assert main(["panel", "unassign", "--expert", "刘振东", "--project", "项目1", "项目2", *db]) == 0
    assert capsys.readouterr().out.startswith("已取消专家“刘振东”对 2 个项目的评审：“项目1”、“项目2”")
    assert _mine(reg, late) == ids[2:]
    # one not assigned among them: none taken off
    assert main(["panel", "unassign", "--expert", "刘振东", "--project", "项目3", "项目1", *db]) == 1
    assert "专家“刘振东”没有分配项目“项目1”，未作改动" in capsys.readouterr().err
    assert _mine(reg, late) == ids[2:]
    assert main(["panel", "unassign", "--expert", "刘振东", "--all", *db]) == 0
    assert "已取消专家“刘振东”对 2 个项目的评审" in capsys.readouterr().out
    assert _mine(reg, late) == [] and len(assignments(reg, YEAR)) == 4


def test_the_grid_takes_off_the_cells_chosen_with_shift_and_the_arrows(screen, reg, qtbot):
    late, ids = _late_expert(reg)
    tab = screen.show_tab("分配专家")
    screen.refresh()
    table = tab.table
    col = next(c for c in range(table.model().columnCount()) if str(
        table.model().headerData(c, Qt.Orientation.Horizontal)).startswith("刘振东"))
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, col))
    for _ in range(2):  # the first three of his projects
        qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    seen: list[tuple[str, str]] = []

    def answer(press: str):
        def look() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(20, look)
                return
            seen.append((box.text(), box.defaultButton().text().split("(&")[0]))
            [button] = [b for b in box.buttons() if b.text().split("(&")[0] == press]
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        QTimer.singleShot(0, look)

    answer("返回")  # the default: nothing taken off
    qtbot.keyClick(table, Qt.Key.Key_Space)
    [(text, default)] = seen
    assert default == "返回"
    assert text.startswith("取消以下 3 项分配吗？\n\n刘振东：3 项（“项目1”、“项目2”、“项目3”）")
    assert sorted(_mine(reg, late)) == ids
    answer("取消分配")
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert _mine(reg, late) == [ids[3]]
    assert tab.error.text() == "已取消 3 项分配"
    assert len(_mine(reg, expert_by_name(reg, YEAR, "韩雪梅").id)) == 4
