"""What personal data leaves the office: each file the program writes shows a worker's ID and
card numbers only where its reader needs them whole (finance's copy, a backup)."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from boostdesk.cli import main
from boostdesk.io.template import FIRST_DATA_ROW, write_template
from boostdesk.models import Register

# A unit's table as typed: one ID a digit short, one card with digits too many.
SHORT_ID = "11010819850615002"
LONG_CARD = "62170000123456701234567"


def _table(path: Path) -> Path:
    write_template(path, "patent", 2022)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[FIRST_DATA_ROW - 1]]
    row = {"序号": 1, "推荐单位": "海淀区总工会", "所在单位": "北京中科智测科技有限公司",
           "专利名称": "一种焊缝缺陷的超声检测方法", "专利号": "ZL202110123456.7",
           "授权公告日": date(2021, 3, 5), "第一发明人": "张建华", "身份证号": SHORT_ID,
           "工会会员互助服务卡号": LONG_CARD, "联系电话": "13800138000",
           "是否一线职工": "是", "是否职务发明": "是", "是否已在生产中应用": "是"}
    for j, header in enumerate(headers, start=1):
        if header in row:
            ws.cell(FIRST_DATA_ROW, j, row[header])
    wb.save(path)
    return path


@pytest.fixture
def typed_wrong(tmp_path):
    """The demo register with that paper imported, then approved by hand (reasons given)."""
    db = tmp_path / "x.db"
    assert main(["demo", "--db", str(db), "--operator", "测试员"]) == 0
    assert main(["import", str(_table(tmp_path / "t.xlsx")), "--db", str(db),
                 "--operator", "测试员"]) == 0
    reg = Register.open(db, operator="测试员")
    try:
        app_id = reg.scalar("SELECT a.id FROM patent_applications a JOIN people p"
                            " ON p.id = a.person_id WHERE p.id_number = ?", (SHORT_ID,))
        reg.set_status("patent", app_id, "qualified", "领导批示先行审核")
        reg.set_status("patent", app_id, "approved", "领导批示", award_fen=150000,
                       approved_date=date(2022, 12, 1))
    finally:
        reg.close()
    return db


def _pdf_text(pdf: Path, mode: str = "-layout") -> str:
    out = subprocess.run(["pdftotext", mode, str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return "".join(out.split())


def test_masked_approval_sheet_does_not_print_a_mistyped_id_in_its_findings(typed_wrong,
                                                                           tmp_path):
    """The 审批表's 资格审核 line quotes the system's findings; a finding naming the ID or card
    as typed put it whole on the masked copy."""
    pdf = tmp_path / "approval.pdf"
    assert main(["print", "approval", "--db", str(typed_wrong), "--operator", "测试员",
                 "--ref", "ZL202110123456.7", "--out", str(pdf)]) == 0
    text = _pdf_text(pdf)
    assert "身份证号" in text and "张建华" in text
    assert SHORT_ID not in text
    assert LONG_CARD not in text


def test_check_report_does_not_echo_a_mistyped_id(typed_wrong, capsys):
    """`check` (and its --json for scripts) names what is wrong without the whole number."""
    capsys.readouterr()
    assert main(["check", "--db", str(typed_wrong), "--operator", "测试员"]) == 0
    assert main(["check", "--json", "--db", str(typed_wrong), "--operator", "测试员"]) == 0
    out = capsys.readouterr().out
    assert "身份证号应为 18 位，实为 17 位" in out
    assert SHORT_ID not in out
    assert LONG_CARD not in out


@pytest.mark.parametrize("number", ["11010519491231002X", SHORT_ID, "11010819850615A021",
                                    "110108850615002", " 110105 19491231 0021 "])
def test_an_id_is_masked_alike_on_screen_in_documents_and_in_logs(number):
    """One masking function: the window, the printed and exported documents and the log
    filter hide the same digits (a mistyped ID showed 10 of its 17 digits on paper, 4 on
    screen)."""
    from boostdesk.labels import mask_id as on_screen
    from boostdesk.printing.common import mask_id as on_paper
    from boostdesk.safety.privacy import mask_text

    shown = on_screen(number)
    assert on_paper(number) == shown
    assert sum(ch.isdigit() for ch in shown) <= 10
    if number.isalnum() and len(number) == 18 and number[:17].isdigit():
        assert mask_text(f"身份证号 {number}。") == f"身份证号 {shown}。"


@pytest.mark.parametrize("number", ["6214830112341234", "6214 6812 3456 7890 126", LONG_CARD,
                                    "62170000123"])
def test_a_card_is_masked_alike_on_screen_and_in_documents(number):
    from boostdesk.labels import mask_card as on_screen
    from boostdesk.printing.common import mask_card as on_paper

    assert on_paper(number).replace(" ", "") == on_screen(number)


def test_a_finance_copy_preview_does_not_stay_in_the_temp_folder(reg, tmp_path, qtbot):
    """打印's preview is a PDF in the temp folder; finance's copy (whole ID and card numbers)
    stayed there, beside every later preview, until BoostDesk closed."""
    from PySide6.QtCore import QSettings, Qt

    from boostdesk.printing.jobs import APPROVAL
    from boostdesk.printing.samples import YEAR, fill_sample
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.print_screen import PrintScreen

    fill_sample(reg)
    ctx = AppContext(reg, YEAR, settings=QSettings(str(tmp_path / "s.ini"),
                                                  QSettings.Format.IniFormat))
    screen = PrintScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    screen.document.setCurrentIndex(screen.document.findData(APPROVAL))

    def preview() -> Path:
        before = screen.pdf
        qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: screen.pdf not in (None, before), timeout=20_000)
        assert screen.pdf is not None
        return screen.pdf

    screen.unmasked.setChecked(True)
    finance = preview()
    assert finance.exists()
    screen.unmasked.setChecked(False)  # the options changed: the preview is gone
    assert not finance.exists()
    screen.unmasked.setChecked(True)
    finance = preview()
    masked_options_kept = preview()  # made again: the earlier file is replaced, not kept
    assert not finance.exists() and masked_options_kept.exists()
    assert [p for p in screen._tmp.rglob("*")
            if p.is_file() and p.name != ".owner"] == [masked_options_kept]


def test_screenshots_of_a_real_register_show_no_worker_s_whole_numbers(tmp_path, qapp,
                                                                        monkeypatch):
    """`boostdesk screenshots OUTDIR --db REGISTER` pictures somebody's register (for a
    question to support, a training note): the patent form's picture showed a real
    worker's whole ID, card and phone number as typed, 单位与人员's every worker's phone."""
    import sqlite3

    from PySide6.QtWidgets import QLabel, QLineEdit, QTableView

    from boostdesk.ui import screenshots

    db = tmp_path / "register.db"
    assert main(["demo", "--db", str(db), "--operator", "测试员"]) == 0
    conn = sqlite3.connect(db)
    numbers = {n for row in conn.execute("SELECT id_number, card_number, phone FROM people")
               for n in row if n}
    numbers |= {n for (n,) in conn.execute("SELECT contact_phone FROM project_applications")
                if n}
    conn.close()
    drawn: dict[str, list[str]] = {}
    save = screenshots._save

    def noting(widget, path, app):
        texts = [w.text() for w in widget.findChildren(QLineEdit)]
        texts += [w.text() for w in widget.findChildren(QLabel)]
        for view in widget.findChildren(QTableView):
            model = view.model()
            if view.isVisible() and model is not None:
                texts += [str(model.index(r, c).data() or "") for r in range(model.rowCount())
                          for c in range(model.columnCount())]
        drawn[path.name] = texts
        return save(widget, path, app)

    monkeypatch.setattr(screenshots, "_save", noting)
    assert main(["screenshots", str(tmp_path / "shots"), "--db", str(db)]) == 0
    assert "form-patent-edit.png" in drawn and "form-project-edit.png" in drawn
    shown = {name: [n for n in numbers if any(n in t for t in texts)]
             for name, texts in drawn.items()}
    assert {name: found for name, found in shown.items() if found} == {}


def _openpyxl_temp_files() -> list[str]:
    import os

    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    return [f for f in ALL_TEMP_FILES if os.path.exists(f)]


def test_an_export_that_fails_or_is_cancelled_leaves_no_rows_in_the_temp_folder(typed_wrong,
                                                                               tmp_path):
    """A streamed workbook's rows wait in a temporary file until it is saved: finance's
    summary copy (whole numbers) saved over a file open in Excel, or the audit export
    cancelled, left them in the temp folder for as long as the window stayed open."""
    from boostdesk import audit_log
    from boostdesk.io.export_summary import build_summary, write_summary_xlsx

    busy = tmp_path / "open-in-excel.xlsx"
    busy.mkdir()  # cannot be written over, as a file Excel holds open on Windows
    before = _openpyxl_temp_files()
    reg = Register.open(typed_wrong, operator="测试员")
    try:
        with pytest.raises(OSError):
            write_summary_xlsx(busy, build_summary(reg, "patent", 2022, unmasked=True))
        lines = audit_log.trail(reg, year=2022)
        with pytest.raises(audit_log.ExportCancelled):
            audit_log.write_xlsx(lines, tmp_path / "audit.xlsx", "修改记录",
                                 cancelled=lambda: True)
        with pytest.raises(OSError):
            audit_log.write_xlsx(lines, busy, "修改记录")
    finally:
        reg.close()
    assert _openpyxl_temp_files() == before


def test_a_refused_export_says_why_without_a_python_traceback(typed_wrong, tmp_path):
    import sys

    busy = tmp_path / "open-in-excel.xlsx"
    busy.mkdir()
    for args in (["export", "summary", "patent"], ["audit"]):
        done = subprocess.run([sys.executable, "-m", "boostdesk", *args, "--out", str(busy),
                               "--db", str(typed_wrong), "--operator", "测试员"],
                              capture_output=True, text=True)
        assert done.returncode == 1
        assert "无法写入" in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_a_number_written_in_the_remarks_is_masked_on_the_masked_summary(typed_wrong,
                                                                         tmp_path):
    """A clerk's 备注 (“原卡号 … 已挂失”) went whole onto the masked 附件2, xlsx and PDF."""
    import dataclasses

    reg = Register.open(typed_wrong, operator="测试员")
    try:
        app = next(a for a in reg.patents(2022) if a.status == "approved" and a.id_number
                   and a.id_number != SHORT_ID)
        old_card, person_id = "6214680000000000123", app.id_number
        reg.save_patent(dataclasses.replace(
            app, remarks=f"原卡号{old_card}已挂失；身份证 {person_id} 已核实"))
    finally:
        reg.close()
    for suffix in ("xlsx", "pdf"):
        out = tmp_path / f"summary.{suffix}"
        assert main(["export", "summary", "patent", "--db", str(typed_wrong), "--operator",
                     "测试员", "--out", str(out)]) == 0
        if suffix == "pdf":  # in drawing order: a cell's wrapped lines one after another
            text = _pdf_text(out, "-raw")
        else:
            wb = openpyxl.load_workbook(out)
            text = "".join(str(c) for r in wb.worksheets[0].iter_rows(values_only=True)
                           for c in r if c is not None)
        assert "已挂失" in text
        assert old_card not in text and person_id not in text, suffix
    finance = tmp_path / "finance-财务联.xlsx"
    assert main(["export", "summary", "patent", "--unmasked", "--db", str(typed_wrong),
                 "--operator", "测试员", "--out", str(finance)]) == 0
    wb = openpyxl.load_workbook(finance)
    assert any(old_card in str(c) for r in wb.worksheets[0].iter_rows(values_only=True)
               for c in r)


def test_a_preview_left_behind_by_a_window_that_ended_is_removed_by_the_next(
        reg, tmp_path, qtbot, monkeypatch):
    """A preview outlives its window when the window did not end normally (killed, the
    computer switched off) or, on Windows, when a PDF reader still held it open at exit:
    finance's copy then stayed in the temp folder for good. The next 打印 screen removes
    what no running BoostDesk holds, and leaves alone another window's."""
    import os
    import tempfile

    from PySide6.QtCore import QSettings

    from boostdesk.printing.samples import YEAR, fill_sample
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.print_screen import PrintScreen

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    fill_sample(reg)
    ctx = AppContext(reg, YEAR, settings=QSettings(str(tmp_path / "s.ini"),
                                                  QSettings.Format.IniFormat))
    running = PrintScreen(ctx)  # another window, still open
    qtbot.addWidget(running)
    running_pdf = running._tmp / "x" / "2022-审批表-财务联.pdf"
    running_pdf.parent.mkdir()
    running_pdf.write_bytes(b"%PDF")
    os.utime(running._tmp / ".owner", (1, 1))  # open all day: its lock is what keeps it
    # what a window that ended without cleaning up leaves: its folder, its owner mark
    gone = tmp_path / "boostdesk-print-ended"
    (gone / "x").mkdir(parents=True)
    (gone / ".owner").write_text("")
    (gone / "x" / "2022-审批表-财务联.pdf").write_bytes(b"%PDF")
    os.utime(gone / ".owner", (1, 1))  # left long ago (one made this moment may be unlocked yet)
    unrelated = tmp_path / "boostdesk-print-without-owner"
    unrelated.mkdir()

    screen = PrintScreen(ctx)
    qtbot.addWidget(screen)
    assert not gone.exists()
    assert running_pdf.exists() and unrelated.exists()


def test_the_log_keeps_no_mobile_number(tmp_path):
    """The log's safety net masked ID and card numbers but not a worker's mobile: an error
    quoting a paper (its record, a message) logged it whole."""
    import logging

    from boostdesk.logfile import install_log_file
    from boostdesk.models.records import PatentApplication

    path = install_log_file(tmp_path / "data")
    assert path is not None
    paper = PatentApplication(campaign_year=2022, title="一种方法", inventor_name="张建华",
                              id_number="11010519491231002X", card_number="6214830112341234",
                              phone="13800138000")
    try:
        logging.getLogger("boostdesk.test").error("保存失败：%r；联系电话 13912345678。", paper)
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers
                        if getattr(h, "baseFilename", None) == str(path)]:
            root.removeHandler(handler)
            handler.close()
    text = path.read_text("utf-8")
    assert "保存失败" in text and "138****8000" in text
    for number in ("13800138000", "13912345678", "11010519491231002X", "6214830112341234"):
        assert number not in text
