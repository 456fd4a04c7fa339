"""A document whose writing stops halfway — Ctrl+C at the command line, a full disk or USB
stick in the window — leaves no piece of a file under the name asked for, and the earlier
file of that name as it was."""

from __future__ import annotations

import errno
import zipfile

import pytest
from test_ui_support import answers, year_context

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.printing.samples import YEAR, fill_sample
from tests.small_disk import small_disk

__all__ = ["answers"]

EARLIER = b"the export of last week, kept until a new one is whole"


@pytest.fixture
def sample(reg):
    fill_sample(reg)
    return reg


def stop_in_the_zip(monkeypatch, exc: BaseException, after: int = 2) -> None:
    """The workbook's zip stops after ``after`` parts (Ctrl+C, a full disk)."""
    real = zipfile.ZipFile.writestr
    calls = [0]

    def writestr(self, *args, **kw):
        calls[0] += 1
        if calls[0] > after:
            raise exc
        return real(self, *args, **kw)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)


def left_in(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("argv", [
    ["export", "summary", "patent", "--out", "{out}"],
    ["print", "payments", "--tranche", "1", "--out", "{out}"],
    ["audit", "--out", "{out}"],
])
def test_ctrl_c_while_saving_a_workbook_keeps_the_earlier_file(sample, tmp_path, monkeypatch,
                                                               capsys, argv):
    folder = tmp_path / "导出"
    folder.mkdir()
    out = folder / "表.xlsx"
    out.write_bytes(EARLIER)
    stop_in_the_zip(monkeypatch, KeyboardInterrupt())
    code = main([a.format(out=out) for a in argv] + ["--db", str(sample.path), "--operator", "甲"])
    assert code == 130 and "已中断" in capsys.readouterr().err
    assert out.read_bytes() == EARLIER
    assert left_in(folder) == ["表.xlsx"]


def test_a_full_disk_under_the_list_export_keeps_the_earlier_file(sample, tmp_path, monkeypatch,
                                                                   qtbot, answers):
    from boostdesk.ui.register_screen import PatentScreen

    ctx = year_context(sample, tmp_path, YEAR, "录入员甲")
    screen = PatentScreen(ctx)
    qtbot.addWidget(screen)
    folder = tmp_path / "U盘"
    folder.mkdir()
    out = folder / "专利.xlsx"
    out.write_bytes(EARLIER)
    stop_in_the_zip(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    screen.save_list_to(out)
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    ctx.shutdown()
    assert answers.errors and "磁盘已满" in answers.errors[-1][1]
    assert out.read_bytes() == EARLIER
    assert left_in(folder) == ["专利.xlsx"]


@pytest.fixture
def small_stick(tmp_path):
    """A USB stick with little room left (a tmpfs: root only)."""
    with small_disk(tmp_path / "U盘", "1M") as folder:
        with (folder / "其他文件").open("wb", buffering=0) as fh:
            try:
                fh.write(b"\0" * (1024 * 1024 - 24 * 1024))
            except OSError:
                pass
        yield folder


def test_approval_sheets_to_a_full_stick_leave_no_piece_of_a_pdf(sample, small_stick, capsys):
    out = small_stick / "审批表.pdf"
    code = main(["print", "approval", "--out", str(out), "--db", str(sample.path),
                 "--operator", "甲"])
    err = capsys.readouterr().err
    assert code == 1 and "磁盘已满）：请腾出磁盘空间，或另存到其他磁盘" in err
    assert "请先关闭" not in err  # (it was told to close a file that Excel did not hold)
    assert left_in(small_stick) == ["其他文件"]


def test_the_previewed_pdf_saved_to_a_full_stick_leaves_no_piece(sample, small_stick, tmp_path,
                                                                  qtbot, answers):
    from boostdesk.printing.jobs import APPROVAL
    from boostdesk.ui.print_screen import PrintScreen

    ctx = year_context(sample, tmp_path, YEAR, "录入员甲")
    screen = PrintScreen(ctx)
    qtbot.addWidget(screen)
    screen.document.setCurrentIndex(screen.document.findData(APPROVAL))
    screen.generate()
    qtbot.waitUntil(lambda: screen.page_count > 0, timeout=20_000)
    screen.save_pdf_to(small_stick / "审批表.pdf")
    ctx.shutdown()
    assert answers.errors and "磁盘已满）：请腾出磁盘空间" in answers.errors[-1][1]
    assert "请先关闭" not in answers.errors[-1][1]
    assert left_in(small_stick) == ["其他文件"]


def test_a_scoring_package_that_cannot_be_saved_leaves_nothing_in_the_folder(
        reg, tmp_path, monkeypatch):
    from test_panel_support import CITY, YEAR, add_experts, make_project, to_review

    from boostdesk.panel.errors import PanelError
    from boostdesk.panel.experts import auto_assign
    from boostdesk.panel.package_export import export_packages

    to_review(reg, make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", CITY))
    add_experts(reg, 3)
    auto_assign(reg, YEAR, per_project=3)
    folder = tmp_path / "评分包"
    stop_in_the_zip(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(PanelError, match="磁盘已满"):
        export_packages(reg, YEAR, folder, ["专家1"])
    assert left_in(folder) == []



def test_a_read_only_folder_is_named_not_a_hidden_temporary_file(tmp_path, monkeypatch):
    """The window says 读写文件失败（the file asked for）, not its hidden sibling's name."""
    import tempfile

    from boostdesk.io.in_place import written_in_place

    def refused(prefix, suffix, dir):  # noqa: A002 - tempfile's own names
        raise PermissionError(errno.EACCES, "Permission denied", f"{dir}/{prefix}x1{suffix}")

    monkeypatch.setattr(tempfile, "mkstemp", refused)  # a folder this user cannot write
    with pytest.raises(PermissionError) as caught, written_in_place(tmp_path / "表.xlsx"):
        pass
    assert caught.value.filename == str(tmp_path / "表.xlsx")


def test_ctrl_c_in_a_folder_import_says_which_files_are_in_and_which_are_not(
        tmp_path, monkeypatch, capsys):
    from test_import_batch import morning

    from boostdesk.models.register import Register as RegisterClass

    db = tmp_path / "r.db"
    folder = morning(tmp_path / "收件")
    real = RegisterClass.insert_patents
    calls = [0]

    def interrupted(self, *args, **kw):
        calls[0] += 1
        if calls[0] == 2:  # Ctrl+C while 02-朝阳's rows are stored
            raise KeyboardInterrupt
        return real(self, *args, **kw)

    monkeypatch.setattr(RegisterClass, "insert_patents", interrupted)
    assert main(["--db", str(db), "--operator", "王芳", "import", str(folder)]) == 130
    out, err = capsys.readouterr()
    assert "01-海淀.xlsx" in out and "共 1 个文件：导入 1 个（3 行）" in out
    assert "已中断：02-朝阳.xlsx 未导入任何数据，其后 4 个文件未处理" in err
    with Register.open(db, operator="t") as reg:
        assert {a.unit_name for a in reg.patents()} == {"北京市海淀区总工会"}


def test_ctrl_c_in_one_table_import_says_nothing_was_imported(tmp_path, monkeypatch, capsys):
    from fixtures.summary_sheets import PATENT_HEADERS, write_sheet
    from test_import_batch import patents

    from boostdesk.models.register import Register as RegisterClass

    table = tmp_path / "海淀.xlsx"
    write_sheet(table, [PATENT_HEADERS, *patents("北京市海淀区总工会", 100, 3)])

    def interrupted(self, *args, **kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(RegisterClass, "insert_patents", interrupted)
    db = tmp_path / "r.db"
    assert main(["--db", str(db), "--operator", "王芳", "import", str(table)]) == 130
    assert "已中断：海淀.xlsx 未导入任何数据" in capsys.readouterr().err


def test_ctrl_c_while_backing_up_to_a_stick_leaves_no_hidden_copy_of_the_register(
        reg, tmp_path, monkeypatch, capsys):
    """A hidden, whole copy of the register — every worker's ID and card number — was left
    on the stick when Ctrl+C came as the copy was being checked."""
    from boostdesk.safety import backup as backup_module

    stick = tmp_path / "U盘"
    stick.mkdir()

    def interrupted(_path):
        raise KeyboardInterrupt

    monkeypatch.setattr(backup_module, "_fsync_file", interrupted)
    code = main(["backup", "--out", str(stick / "登记册备份.db"), "--db", str(reg.path),
                 "--operator", "甲"])
    assert code == 130
    assert left_in(stick) == []


def test_ctrl_c_while_restoring_leaves_the_register_and_no_copy_beside_it(
        reg, tmp_path, monkeypatch, capsys):
    from boostdesk.safety import backup as backup_module
    from boostdesk.safety import backup_register

    made = backup_register(reg.path, "manual")
    reg.close()
    before = left_in(reg.path.parent)

    def interrupted(_path):
        raise KeyboardInterrupt

    monkeypatch.setattr(backup_module, "_fsync_file", interrupted)
    code = main(["restore", str(made.path), "--db", str(reg.path), "--operator", "甲"])
    assert code == 130
    assert [n for n in left_in(reg.path.parent) if not n.endswith(".lock")] == before
    with Register.open(reg.path, operator="t") as again:  # as it was, and opens
        assert again.campaign_years()
