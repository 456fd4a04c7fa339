"""`boostdesk import` killed (kill -9, the power cut) halfway through storing a table: the
next start's notice named the command, then spoke of “正在录入的新申报表，新建同类申报时
会提示恢复” (a window's drafts) and not of the table, which was stored not at all. It says
so now: an import is all or nothing, and the table is to be imported again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet
from test_ui_support import answers, qsettings

from boostdesk.models import Register
from boostdesk.safety.session import open_register
from boostdesk.ui.launch import Opening
from boostdesk.ui.main_window import MainWindow

__all__ = ["answers", "qsettings"]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

ROOT = Path(__file__).resolve().parent.parent
# The import kills itself with its rows inserted, before its transaction commits.
KILLED_IMPORT = """
import os, signal, sys
from boostdesk.io import import_commit
def killed(reg):
    os.kill(os.getpid(), signal.SIGKILL)
import_commit._judge_written = killed
from boostdesk.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_the_start_after_a_killed_import_says_nothing_was_stored_and_to_import_it_again(
        tmp_path, qtbot, qapp, answers, qsettings):
    path = tmp_path / "register.db"
    open_register(path, "录入员甲", start_backup=False).reg.close()
    table = write_sheet(tmp_path / "海淀区汇总表.xlsx", [
        ["北京市总工会2022年职工创新助推计划发明专利汇总表"], PATENT_HEADERS, patent_row()])
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_IMPORT, "import", str(table), "--db", str(path),
         "--operator", "王五"], capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    window = MainWindow(settings=qsettings, path=path)  # the next start, as launch.run makes it
    qtbot.addWidget(window)
    opening = Opening(window, path, "录入员甲")
    window.show()
    qtbot.waitExposed(window)
    try:
        opening.open()
        qtbot.waitUntil(lambda: opening.ctx is not None and bool(answers.infos), timeout=20_000)
        [(_title, notice)] = answers.infos
        assert "王五（命令行 boostdesk import，" in notice and "没有正常关闭" in notice
        assert "新建同类申报时会提示恢复" not in notice
        assert "正在导入的汇总表一行也没有存入" in notice and "要么一行不存" in notice
        assert notice.endswith("请重新导入那份汇总表")
        with Register.open(path, operator="查看") as reg:  # as it says: nothing stored
            assert reg.patents(2022) == []
    finally:
        window.close()
        opening.close()
