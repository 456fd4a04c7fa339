"""导入交回的评分包… with a second filled copy of 刘振华's package holding 韩志强's numbers:
the window asks before replacing his submitted scores (how many differ, whose name the file
carries), 不替换 the default; Enter keeps them, 替换 replaces them."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from test_panel_screen import ctx, screen

from boostdesk.panel.experts import Expert, assign, save_expert
from boostdesk.panel.package_export import export_packages
from boostdesk.panel.package_import import import_package
from boostdesk.panel.scoring import panel_scores
from tests.test_package_fill_support import HAN, LIU
from tests.test_package_fill_support import filled as _filled
from tests.test_panel_support import CITY, DISTRICT, YEAR, make_project, to_review

__all__ = ["ctx", "screen"]


def _answer_next_question(qtbot, answer) -> list[str]:
    """The next question box, its text kept, answered by ``answer(box)`` once shown."""
    seen: list[str] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        seen.append(box.text())
        qtbot.wait(300)  # read before answering: the window's events go on meanwhile
        answer(box)

    QTimer.singleShot(0, look)
    return seen


def _click(qtbot, label):
    def press(box):
        [button] = [b for b in box.buttons() if b.text().split("(&")[0] == label]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return press


def test_the_window_asks_before_another_experts_numbers_replace_the_scores(
        screen, reg, qtbot, tmp_path, monkeypatch):
    ids = [make_project(reg, "特殊钢连铸坯质量在线判定系统研发", "李红兵劳模创新工作室", CITY),
           make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", DISTRICT)]
    to_review(reg, *ids)
    for name, org in (("刘振华", "北京交通大学"), ("韩志强", "北京工业大学")):
        e = save_expert(reg, YEAR, Expert(name, org, "机械"))
        for pid in ids:
            assign(reg, e, pid)
    liu, han = export_packages(reg, YEAR, tmp_path / "out", ["刘振华", "韩志强"])
    import_package(reg, _filled(liu, tmp_path / "ok.xlsx", LIU, "2022-11-20T08:00:00"))
    wrong = _filled(liu, tmp_path / "韩志强评分.xlsx", HAN, "2022-11-20T09:30:00")
    own = _filled(han, tmp_path / "韩志强本人.xlsx", HAN, "2022-11-20T09:40:00")
    chosen = [[str(wrong), str(own)]]  # the first time with 韩志强's own, imported unasked
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *_a, **_kw: (chosen.pop(0) if chosen else [str(wrong)], "")))
    # each file read as slowly as a 25-project package on the office's laptop: the progress
    # dialog shows (after 300 ms) and goes with its task while the question is open
    from boostdesk.panel import package_import as pi

    read = pi.read_package
    monkeypatch.setattr(pi, "read_package", lambda *a, **kw: time.sleep(0.4) or read(*a, **kw))
    tab = screen.show_tab("评分包")
    screen.refresh()

    seen = _answer_next_question(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))
    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "未确认为该专家本人的评分" in tab.log.toPlainText(), timeout=10_000)
    [asked] = seen
    # whose scores they are first, then what replacing would change: one question
    assert asked.startswith("韩志强评分.xlsx 是专家“刘振华”的评分包，但文件名中有另一位专家“韩志强”的姓名")
    assert "其中 2 个项目" in asked
    assert asked.endswith("确认其中的评分是专家“刘振华”本人所评，仍要导入吗？")
    assert "未导入 韩志强评分.xlsx（未确认为该专家本人的评分）：" in tab.log.toPlainText()
    assert "已导入专家“韩志强”对 2 个项目的评分：韩志强本人.xlsx" in tab.log.toPlainText()
    assert [sorted(panel_scores(reg, YEAR)[pid].totals) for pid in ids] == [[83.5, 90], [68, 78]]

    seen = _answer_next_question(qtbot, _click(qtbot, "仍然导入"))
    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已替换" in tab.log.toPlainText(), timeout=10_000)
    assert len(seen) == 1
    assert "已替换专家“刘振华”的评分（2 个项目均有改动）：韩志强评分.xlsx" in tab.log.toPlainText()
    assert [panel_scores(reg, YEAR)[pid].totals for pid in ids] == [(90, 90), (78, 78)]


def test_a_first_package_named_after_another_expert_is_not_imported_on_enter(
        screen, reg, qtbot, tmp_path, monkeypatch):
    """孙国华 filled 李文静's package and sent it as 孙国华_评分.xlsx: it was imported as hers
    straight away, one log line saying so. Now asked first, 不导入 the default: Enter keeps
    it out; confirmed, it is stored and 排名与档次 says the two experts' scores are alike."""
    from PySide6.QtWidgets import QLabel

    ids = [make_project(reg, "特殊钢连铸坯质量在线判定系统研发", "李红兵劳模创新工作室", CITY),
           make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", DISTRICT),
           make_project(reg, "高炉炉缸侵蚀在线监测模型开发", "张永刚职工创新工作室", CITY)]
    to_review(reg, *ids)
    sun_scores = [*HAN, [17, 12, 12, 12, 12, 8, 8]]  # 90, 78, 81
    for name, org in (("李文静", "北京市科学技术研究院"), ("孙国华", "北京工业大学")):
        e = save_expert(reg, YEAR, Expert(name, org, "机械"))
        for pid in ids:
            assign(reg, e, pid)
    li, sun = export_packages(reg, YEAR, tmp_path / "out", ["李文静", "孙国华"])
    import_package(reg, _filled(sun, tmp_path / "孙国华评分表-正确版.xlsx", sun_scores,
                                "2022-11-20T08:00:00"))
    wrong = _filled(li, tmp_path / "孙国华_评分.xlsx", sun_scores, "2022-11-20T09:30:00")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *_a, **_kw: ([str(wrong)], "")))
    tab = screen.show_tab("评分包")
    screen.refresh()
    defaults = []

    def enter(box):
        defaults.append(box.defaultButton().text().split("(&")[0])
        qtbot.keyClick(box, Qt.Key.Key_Return)

    seen = _answer_next_question(qtbot, enter)
    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "未确认为该专家本人的评分" in tab.log.toPlainText(), timeout=10_000)
    [asked] = seen
    assert defaults == ["不导入"]
    assert asked.startswith("孙国华_评分.xlsx 是专家“李文静”的评分包，但文件名中有另一位专家“孙国华”的姓名")
    assert "评分包中 3 个项目的评分与专家“孙国华”已提交的评分逐项完全相同" in asked
    assert "已导入" not in tab.log.toPlainText()
    assert [panel_scores(reg, YEAR)[pid].totals for pid in ids] == [(90,), (78,), (81,)]  # his alone

    seen = _answer_next_question(qtbot, _click(qtbot, "仍然导入"))
    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已导入专家“李文静”" in tab.log.toPlainText(), timeout=10_000)
    assert [panel_scores(reg, YEAR)[pid].totals for pid in ids] == [(90, 90), (78, 78), (81, 81)]
    screen.show_tab("排名与档次")
    screen.refresh()
    said = "\n".join(w.text() for w in screen.findChildren(QLabel) if w.isVisible())
    assert "注意：专家“李文静”与“孙国华”已提交的 3 个项目的评分逐项完全相同" in said
