"""An earlier save of a package already imported, imported again: the expert's correction
(科技含量 15 → 18.5, saved and sent later) was put back to 15 by ``--replace``, the option a
late correction is confirmed with, as the refusal told. The earlier save is taken only on
its own word — ``--replace-with-older``, or the window's question saying it is the earlier
save (不替换 the default)."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from test_panel_screen import ctx, screen

from boostdesk.cli import main
from boostdesk.panel.errors import ReplaceRefused
from boostdesk.panel.package_import import import_package
from boostdesk.panel.scoring import panel_scores
from tests.test_panel_packages import GOOD, _export, _fill, _saved_on, panel
from tests.test_panel_support import YEAR

__all__ = ["ctx", "panel", "screen"]

CORRECTED = [[20, 15, 15, 15, 15, 10, 10], GOOD[1]]  # 100 where the first save had 83.5


def _two_saves(reg, tmp_path):
    """The package saved twice: the first (83.5) and the corrected (100), the later imported."""
    path = _export(reg, tmp_path)
    first, second = tmp_path / "评分表（最终版）(1).xlsx", tmp_path / "专家1评分-更正.xlsx"
    shutil.copy(path, first)
    _fill(first, GOOD)
    _saved_on(first, "2022-11-20T08:00:00")
    shutil.copy(path, second)
    _fill(second, CORRECTED)
    _saved_on(second, "2022-11-20T09:30:00")
    import_package(reg, second)
    return first, second


def test_replace_does_not_take_an_earlier_save_its_own_confirmation_does(reg, panel, tmp_path):
    ids, _ = panel
    first, _second = _two_saves(reg, tmp_path)
    with pytest.raises(ReplaceRefused) as info:
        import_package(reg, first, replace=True)  # a correction's word: not this one's
    assert info.value.older and info.value.replacing
    assert panel_scores(reg, YEAR)[ids[0]].totals == (100,)  # the correction stays
    result = import_package(reg, first, replace_older=True)
    assert result.replaced
    assert panel_scores(reg, YEAR)[ids[0]].totals == (83.5,)


def test_the_command_line_names_the_option_of_the_earlier_save(reg, panel, tmp_path, capsys):
    ids, _ = panel
    first, _second = _two_saves(reg, tmp_path)
    db = reg.path
    reg.close()
    for extra in ([], ["--replace"]):
        assert main(["panel", "import", str(first), "--db", str(db), *extra]) != 0
        err = capsys.readouterr().err
        assert "早于已导入的同一评分包的另一份" in err
        assert "这是同一评分包较早保存的一份，--replace 不导入它" in err
        assert "请加 --replace-with-older 重新导入" in err
        assert "请加 --replace 重新导入" not in err
    from boostdesk.models import Register

    with Register.open(db) as again:
        assert panel_scores(again, YEAR)[ids[0]].totals == (100,)
    assert main(["panel", "import", str(first), "--db", str(db), "--replace-with-older"]) == 0
    assert "科技含量 20 → 18" in capsys.readouterr().out


def test_a_later_correction_still_asks_for_replace(reg, panel, tmp_path, capsys):
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    import_package(reg, path)
    _fill(path, CORRECTED)
    db = reg.path
    reg.close()
    assert main(["panel", "import", str(path), "--db", str(db)]) != 0
    err = capsys.readouterr().err
    assert "如确认以本文件替换专家“专家1”的评分，请加 --replace 重新导入" in err
    assert "--replace-with-older" not in err


def _answer(qtbot, answer) -> list[tuple[str, str, str]]:
    """The next question box's title, text and default button, answered by ``answer``."""
    seen: list[tuple[str, str, str]] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        seen.append((box.windowTitle(), box.text(), box.defaultButton().text().split("(&")[0]))
        qtbot.wait(200)
        answer(box)

    QTimer.singleShot(0, look)
    return seen


def test_the_window_asks_about_the_earlier_save_as_such(screen, reg, panel, qtbot, tmp_path,
                                                       monkeypatch):
    ids, _ = panel
    first, _second = _two_saves(reg, tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *_a, **_kw: ([str(first)], "")))
    tab = screen.show_tab("评分包")
    screen.refresh()
    seen = _answer(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))
    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "未确认替换" in tab.log.toPlainText(), timeout=10_000)
    [(title, text, default)] = seen
    assert title == "以较早保存的一份替换专家已提交的评分？" and default == "不替换"
    assert "本文件是同一评分包较早保存的一份，其中是较早的评分" in text
    assert panel_scores(reg, YEAR)[ids[0]].totals == (100,)

    def replace(box):
        [button] = [b for b in box.buttons() if b.text().split("(&")[0] == "替换"]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    seen = _answer(qtbot, replace)
    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已替换" in tab.log.toPlainText(), timeout=10_000)
    assert panel_scores(reg, YEAR)[ids[0]].totals == (83.5,)


def test_the_summary_says_the_earlier_save_restored_not_a_correction(reg, panel, tmp_path):
    """A tester's 评审汇总表 read “A_陈志远.xlsx … 替换了此前已提交的 1 个项目的评分”, as if
    the earlier save were the expert's correction; and the refusal ran the file's name into
    its sentence (如果B_陈志远.xlsx 有误)."""
    from boostdesk.panel.score_summary import panel_summary, return_lines

    first, second = _two_saves(reg, tmp_path)
    with pytest.raises(ReplaceRefused) as info:
        import_package(reg, first)
    assert f"如果 {second.name} 有误" in str(info.value)
    import_package(reg, first, replace_older=True)
    s = panel_summary(reg, YEAR)
    [line] = [x for x in return_lines(s) if first.name in x]
    assert "以较早保存的一份替换了此前导入的较晚一份中 1 个项目的评分" in line
    assert "替换了此前已提交" not in line


def test_the_later_save_put_back_by_the_earlier_says_it_was_replaced(reg, panel, tmp_path):
    """The tester's list: entry 4 (the later save) still read as a valid import after entry
    5, the earlier save, replaced 4 of its projects' scores."""
    from boostdesk.panel.score_summary import panel_summary, return_lines

    first, second = _two_saves(reg, tmp_path)
    before = [x for x in return_lines(panel_summary(reg, YEAR)) if second.name in x]
    assert before and "已被第" not in before[0]
    import_package(reg, first, replace_older=True)
    lines = return_lines(panel_summary(reg, YEAR))
    [later] = [x for x in lines if second.name in x]
    [k] = [k for k, x in enumerate(lines, start=1) if first.name in x]
    assert f"（其中 1 个项目的评分已被第 {k} 份替换）" in later
    [earlier] = [x for x in lines if first.name in x]
    assert "已被第" not in earlier
