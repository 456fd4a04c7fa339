"""Excel in and out as the office meets it: a union's table sent twice, the register's
summary exported and read back, exports that are cancelled or hold odd text."""

from __future__ import annotations

from fixtures.summary_sheets import (
    ID_1,
    ID_2,
    INVENTION,
    PATENT_HEADERS,
    patent_row,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.models import Register

WRONG_CHECK = INVENTION[:-1] + ("0" if INVENTION[-1] != "0" else "1")  # a typo in the last digit


def _count_patents(db) -> int:
    reg = Register.open(db, operator="测试员")
    try:
        return len(reg.patents(2022))
    finally:
        reg.close()


def test_a_union_table_sent_twice_does_not_store_a_patent_with_a_wrong_check_digit_twice(
        tmp_path, capsys):
    """The clerk imports a union's table, then the union sends it again (a corrected
    resend, or the same mail opened twice): every row is already registered, the row whose
    patent number fails its check digit too, and nothing is stored a second time."""
    table = write_sheet(tmp_path / "海淀.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1),
        patent_row(序号=2, 专利号=WRONG_CHECK, 专利名称="一种切割装置", 第一发明人="李四",
                   身份证号=ID_2),
    ])
    db = str(tmp_path / "register.db")
    assert main(["import", str(table), "--db", db, "--operator", "测试员"]) == 0
    assert _count_patents(db) == 2
    capsys.readouterr()

    assert main(["import", str(table), "--db", db, "--operator", "测试员"]) != 0
    err = capsys.readouterr().err
    assert "第 3 行" in err and "第 4 行" in err
    assert f"专利 {WRONG_CHECK} 已登记" in err

    assert main(["import", str(table), "--db", db, "--operator", "测试员",
                 "--skip-bad-rows"]) != 0  # every row registered: nothing to import
    assert _count_patents(db) == 2


def test_the_same_wrong_number_twice_in_one_table_is_named_as_a_repeat(tmp_path, capsys):
    table = write_sheet(tmp_path / "海淀.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1, 专利号=WRONG_CHECK),
        patent_row(序号=2, 专利号=WRONG_CHECK.replace("ZL", "ZL ").lower(), 身份证号=ID_1),
    ])
    db = str(tmp_path / "register.db")
    assert main(["import", str(table), "--db", db, "--operator", "测试员"]) != 0
    assert "第 4 行：专利" in capsys.readouterr().err
    assert _count_patents(db) == 0


# -- a long export can be cancelled, and says how far it is ---------------------------------
def test_cancelling_the_summary_export_on_the_print_screen_writes_no_file(reg, qtbot, tmp_path,
                                                                          monkeypatch):
    """导出 xlsx of a large year takes minutes (80,000 patents: ≈ 90 s): its 取消 stops it,
    and no file is left that looks like the whole table."""
    import threading

    from PySide6.QtCore import QSettings

    from boostdesk.io import export_summary
    from boostdesk.printing.jobs import SUMMARY_PATENT
    from boostdesk.printing.samples import YEAR, fill_sample
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.print_screen import PrintScreen

    fill_sample(reg)
    ctx = AppContext(reg, YEAR, settings=QSettings(str(tmp_path / "s.ini"),
                                                   QSettings.Format.IniFormat))
    screen = PrintScreen(ctx)
    qtbot.addWidget(screen)
    screen.document.setCurrentIndex(screen.document.findData(SUMMARY_PATENT))
    go_on = threading.Event()
    build = export_summary.build_summary

    def slow_build(*args, **kwargs):  # the operator presses 取消 while the rows are read
        go_on.wait(10)
        return build(*args, **kwargs)

    monkeypatch.setattr(export_summary, "build_summary", slow_build)
    notices: list[str] = []
    ctx.notice.connect(notices.append)
    out = tmp_path / "专利汇总表.xlsx"
    screen.save_xlsx_to(out)
    (task,) = ctx._tasks
    task.dialog.canceled.emit()  # its 取消 button
    go_on.set()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    assert not out.exists()
    assert notices and "取消" in notices[-1]


def test_the_summary_xlsx_reports_its_progress_and_stops_when_cancelled(reg, tmp_path):
    import pytest

    from boostdesk.io.errors import ExportCancelled
    from boostdesk.io.export_summary import build_summary, write_summary_xlsx
    from boostdesk.printing.samples import YEAR, fill_sample

    fill_sample(reg)
    summary = build_summary(reg, "patent", YEAR)
    seen: list[tuple[int, int]] = []
    write_summary_xlsx(tmp_path / "a.xlsx", summary, progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1] == (len(summary.rows), len(summary.rows))
    with pytest.raises(ExportCancelled, match="取消"):
        write_summary_xlsx(tmp_path / "b.xlsx", summary, cancelled=lambda: True)
    assert not (tmp_path / "b.xlsx").exists()
