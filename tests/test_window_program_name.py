"""The window's own texts name the program as the package has it: a clerk of the Windows
package was told “请先查明（boostdesk check）” or “同 boostdesk stats --as-of”, and
“'boostdesk' 不是内部或外部命令”. The windowed BoostDesk.exe prints nothing, so the window
names its console twin boostdesk-cli.exe; the Linux package's BoostDesk is both."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from boostdesk import said_where
from boostdesk.program_name import command_line, hint_named, program
from boostdesk.safety.gone import restore_line
from boostdesk.safety.lock import LockInfo

ROOT = Path(__file__).resolve().parents[1] / "boostdesk"


@pytest.fixture
def linux_package(monkeypatch, tmp_path):
    """This process as the Linux package's BoostDesk (the window and the command line)."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "BoostDesk" / "BoostDesk"))


def test_the_windows_window_names_its_console_twin(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "BoostDesk" / "BoostDesk.exe"))
    assert program() == "BoostDesk.exe" and command_line() == "boostdesk-cli.exe"
    assert hint_named("请先查明（boostdesk check）。") == "请先查明（boostdesk-cli.exe check）。"
    kept = r'D:\boostdesk\登记册.db、boostdesk.db、boostdesk-2022.xlsx'
    assert hint_named(kept) == kept  # names holding the word are not hints
    monkeypatch.setattr(sys, "executable", str(tmp_path / "BoostDesk" / "boostdesk-cli.exe"))
    assert command_line() == "boostdesk-cli.exe"  # the console program: itself
    line = restore_line(tmp_path / "备份.db", tmp_path / "登记册.db")
    assert line.startswith("boostdesk-cli.exe restore") and "安装包中为" not in line, line


def test_from_the_sources_the_texts_say_boostdesk():
    assert command_line() == "boostdesk"
    assert hint_named("请先查明（boostdesk check）") == "请先查明（boostdesk check）"


def test_the_stats_dialog_s_tip_names_the_package_s_program(linux_package, tmp_path, qtbot):
    from boostdesk.ui.stats_export_dialog import StatsExportDialog

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    dialog = StatsExportDialog(2022, [2022], [], settings, lambda _p: "统计.xlsx")
    qtbot.addWidget(dialog)
    tip = dialog.as_of_field.toolTip()
    assert "同 BoostDesk stats --as-of" in tip and "boostdesk" not in tip, tip


def test_shared_messages_name_the_package_s_program(linux_package, tmp_path):
    folder = tmp_path / "boostdesk check"  # a folder holding the word stays as it is
    line = restore_line(folder / "备份.db", folder / "登记册.db")
    assert line.startswith(f'BoostDesk restore "{folder / "备份.db"}"'), line
    # who holds the register, as the window is told (the lock names the command's run)
    held = LockInfo("张三", "PC1", 42, "2023-03-10T09:30:00", "命令行 boostdesk import")
    assert "命令行 BoostDesk import" in held.describe()
    # a step kept from the command line's run (a hold's todo, a 待办 line)
    said_where.set_cli(True)
    try:
        assert said_where.way("拨付 → 维持核准…", "boostdesk pay keep 5") == "BoostDesk pay keep 5"
        assert said_where.aside("boostdesk pay keep") == "（命令行 BoostDesk pay keep）"
    finally:
        said_where.set_cli(False)


# Where `boostdesk <command>` is left as written, and why: the commands' own output is renamed
# as it is printed (cli.main), the two constants below are theirs only; the data dictionary
# describes the program for a technician; IMPORT_PROGRAM is the lock's record, named as the
# reader's program when shown (LockInfo.describe).
LEFT = ("commands/", "cli.py", "program_name.py", "said_where.py", "models/data_dictionary.py")
KEPT = {"IMPORT_PROGRAM", "PER_PROJECT_COMMAND", "ONE_BY_ONE_CLI"}
HINT = re.compile(r"(?<![A-Za-z0-9_./\\:-])boostdesk(?=\s+(?:-|命令|[a-z]))")
NAMING = {"way", "aside", "hint_named"}


def _unnamed(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
    docs = {n.body[0].value for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and n.body and isinstance(n.body[0], ast.Expr)}
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and node not in docs and HINT.search(node.value)):
            continue
        up: ast.AST = node
        named = False
        while up in parents and not named:
            up = parents[up]
            named = (isinstance(up, ast.Call) and isinstance(up.func, ast.Name)
                     and up.func.id in NAMING)
            if isinstance(up, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id in KEPT for t in up.targets):
                named = True
        if not named:
            out.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]}")
    return out


def test_every_text_naming_a_command_names_the_program_as_it_is_here():
    """Outside the commands, each string naming `boostdesk <command>` is built through
    way / aside (the command line's step) or hint_named: any of them may reach the window."""
    files = [p for p in sorted(ROOT.rglob("*.py"))
             if not str(p.relative_to(ROOT)).replace("\\", "/").startswith(LEFT)]
    assert len(files) > 100
    unnamed = [line for p in files for line in _unnamed(p)]
    assert not unnamed, "\n".join(unnamed)
