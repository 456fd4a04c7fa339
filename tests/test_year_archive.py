"""导出年度归档 (`boostdesk archive`, 文件 → 导出年度归档…): a year's every document in one
new folder, named to sort, listed in a 目录 with pages and SHA-256, with 数据说明 and the
register's backup; all or nothing; one line in the trail. The tester needed 11 commands
and named every file by hand."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import subprocess
import zipfile
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QPushButton
from test_ui_support import answers, qsettings

from boostdesk.cli import main

__all__ = ["answers", "qsettings"]
YEAR = 2022


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


@pytest.fixture
def demo(demo_master, tmp_path):
    db = tmp_path / "data" / "register.db"
    db.parent.mkdir()
    src, dst = sqlite3.connect(demo_master), sqlite3.connect(db)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return db


def pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def text_of(pdf) -> str:
    return "".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                  capture_output=True, text=True).stdout.split())


def archive_lines(db) -> list[dict]:
    conn = sqlite3.connect(db)
    try:
        return [json.loads(r[0]) for r in conn.execute(
            "SELECT after FROM audit_events WHERE action = 'export_archive' ORDER BY id")]
    finally:
        conn.close()


def test_one_command_writes_the_year_s_documents_named_to_sort_with_their_index(
        demo, tmp_path, capsys):
    out = tmp_path / "2022年度归档"
    assert main(["archive", "--year", str(YEAR), "--db", str(demo), "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert all(n.startswith(f"{YEAR}-") for n in names)
    numbers = [n.split("-")[1] for n in names]
    assert numbers == sorted(numbers)  # the order of the folder is the archive's order
    stems = {n.split("-", 2)[2] for n in names}
    for expected in ("目录.txt", "目录.pdf", "专利汇总表.pdf", "专利汇总表.xlsx",
                     "创新项目汇总表.pdf", "创新项目汇总表.xlsx", "评审汇总表.pdf",
                     "评审汇总表.xlsx", "公示名单-第1批.pdf", "审批表.pdf",
                     "拨付清单-第1批-北京市总工会.pdf", "年度统计.pdf", "年度统计.xlsx",
                     "修改记录.pdf", "修改记录.xlsx", "数据说明.md"):
        assert expected in stems, expected
    assert any(s.startswith("登记册备份-") and s.endswith(".zip") for s in stems)
    assert any(s.startswith("拨付清单-第1批-") and "总工会" not in s for s in stems)  # a union's
    # the 目录 names every other file with its pages and SHA-256
    index = (out / f"{YEAR}-00-目录.txt").read_text(encoding="utf-8-sig")
    sums = f"{YEAR}-00-SHA256SUMS.txt"
    assert sums in index
    # the checksums in a file of their own, which sha256sum reads without a warning
    listed = {sha: name for name, sha in re.findall(
        r"^\d+\. (.+)\n.*\n.*\n   SHA-256：([0-9a-f]{64})$", index, re.M)}
    checked = subprocess.run(["sha256sum", "-c", sums], cwd=out, capture_output=True, text=True)
    assert checked.returncode == 0 and "WARNING" not in checked.stderr, checked.stderr
    assert dict(re.findall(r"^([0-9a-f]{64})  (.+)$", (out / sums).read_text("utf-8"),
                           re.M)) == listed
    files = [p for p in out.rglob("*") if p.is_file() and "目录" not in p.name and p.name != sums]
    # one mode for every file and folder: the owner's alone, as every copy the program
    # writes (stop 40: 0644 files in a 0755 folder, names and amounts readable by all)
    modes = {p.name: p.stat().st_mode & 0o777 for p in out.rglob("*")}
    assert {m for n, m in modes.items() if (out / n).is_file() or "." in n} == {0o600}, modes
    assert {p.stat().st_mode & 0o777 for p in [out, *out.rglob("*")] if p.is_dir()} == {0o700}
    # the backup is the whole register, every year: said so in the 目录
    assert "整个登记册：全部年度的申报、人员和修改记录，不只本年度" in index
    assert sorted(listed.values()) == sorted(p.relative_to(out).as_posix() for p in files)
    for sha, name in listed.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == sha
        if name.endswith(".pdf"):
            said = index.split(f". {name}")[1].split("SHA-256")[0]
            assert f"页数：{pages(out / name)}；" in said, name
    assert "2022年度归档" in capsys.readouterr().out
    # the official documents' copies say so, and are no first print
    assert "存档副本" in text_of(out / f"{YEAR}-{_number(names, '审批表.pdf')}-审批表.pdf")
    again = tmp_path / "again.pdf"
    assert main(["print", "approval", "--year", str(YEAR), "--db", str(demo), "--out", str(again)]) == 0
    assert "补打" not in text_of(again)
    # one trail line, anchoring the 目录
    (line,) = archive_lines(demo)
    assert line["year"] == YEAR and line["files"] == len(listed)
    assert line["index_sha256"] == hashlib.sha256((out / f"{YEAR}-00-目录.txt").read_bytes()).hexdigest()
    # the backup of that moment is a backup the window can restore, with 数据说明 in it
    (backup,) = out.glob("*登记册备份-*.zip")
    from boostdesk.safety.backup_file import zip_kind

    assert zip_kind(backup)[0] == "backup"
    with zipfile.ZipFile(backup) as zf:
        assert "数据说明.md" in zf.namelist()
    assert "## payments" in next(out.glob("*数据说明.md")).read_text(encoding="utf-8")


def _number(names: list[str], stem: str) -> str:
    return next(n.split("-")[1] for n in names if n.endswith(stem))


def test_a_failure_midway_leaves_no_folder_and_no_trail_line(demo, tmp_path, monkeypatch):
    from boostdesk.printing import statistics

    def full_disk(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(statistics, "write_statistics_pdf", full_disk)
    out = tmp_path / "归档"
    assert main(["archive", "--year", str(YEAR), "--db", str(demo), "--out", str(out)]) == 1
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no half
    assert archive_lines(demo) == []


def test_a_folder_with_files_in_it_is_refused_before_anything_is_made(demo, tmp_path, capsys):
    out = tmp_path / "归档"
    out.mkdir()
    (out / "别的文件.txt").write_text("x")
    assert main(["archive", "--year", str(YEAR), "--db", str(demo), "--out", str(out)]) == 1
    assert "已存在且不是空文件夹" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["别的文件.txt"]


# -- the window ------------------------------------------------------------------------
def _window(qtbot, reg, qsettings):
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.main_window import MainWindow

    ctx = AppContext(reg, YEAR, settings=qsettings)
    ctx.set_operator("档案员")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    return ctx, window


def _archive_from_the_menu(qtbot, window) -> None:
    """Alt+F, D: 文件 → 导出年度归档…, as a clerk picks it from the keyboard."""
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5000)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_D)


def test_the_window_s_menu_makes_the_archive_in_the_background(
        demo, tmp_path, qtbot, qapp, answers, qsettings, monkeypatch):
    from boostdesk.safety.session import open_register

    parent = tmp_path / "U盘"
    parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *_a, **_k: str(parent)))
    reg = open_register(demo, "档案员", start_backup=False).reg
    ctx, window = _window(qtbot, reg, qsettings)
    try:
        _archive_from_the_menu(qtbot, window)
        qtbot.waitUntil(lambda: bool(answers.infos) or bool(answers.errors), timeout=60_000)
        assert answers.errors == []
        (folder,) = parent.iterdir()
        assert folder.name == f"{YEAR}年度归档-{date.today().strftime('%Y%m%d')}"
        assert (folder / f"{YEAR}-00-目录.pdf").is_file()
        assert answers.infos[0][0] == "年度归档" and str(folder) in answers.infos[0][1]
        assert len(archive_lines(demo)) == 1
    finally:
        ctx.shutdown()
        window.close()
        reg.close()


def test_cancel_in_the_window_leaves_no_folder(
        demo, tmp_path, qtbot, qapp, answers, qsettings, monkeypatch):
    import threading

    from boostdesk.safety import backup as backup_module
    from boostdesk.safety.session import open_register

    parent = tmp_path / "U盘"
    parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *_a, **_k: str(parent)))
    real = backup_module.copy_database
    started, go_on = threading.Event(), threading.Event()

    def held(*args, **kwargs):  # the archive's backup held, as a large register's seconds
        started.set()
        go_on.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(backup_module, "copy_database", held)
    reg = open_register(demo, "档案员", start_backup=False).reg
    ctx, window = _window(qtbot, reg, qsettings)
    try:
        _archive_from_the_menu(qtbot, window)
        qtbot.waitUntil(started.is_set, timeout=10_000)
        progress = next(iter(ctx._tasks)).dialog
        qtbot.waitUntil(progress.isVisible, timeout=5000)
        [cancel] = [b for b in progress.findChildren(QPushButton) if b.text() == "取消"]
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        go_on.set()
        qtbot.waitUntil(lambda: not ctx.busy, timeout=30_000)
        assert list(parent.iterdir()) == []  # neither the folder nor a hidden half of it
        assert answers.infos == [] and archive_lines(demo) == []
    finally:
        go_on.set()
        ctx.shutdown()
        window.close()
        reg.close()
