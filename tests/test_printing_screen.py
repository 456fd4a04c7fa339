"""The 打印 screen: a document made off the UI thread, previewed page by page, printed."""

from __future__ import annotations

import subprocess

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QEvent, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog
from test_ui_support import year_context

from boostdesk.printing.jobs import APPROVAL, PAYMENTS, SUMMARY_PROJECT, PrintJob
from boostdesk.printing.samples import YEAR, fill_sample
from boostdesk.ui.print_screen import PrintScreen, open_pdf, render_page


@pytest.fixture
def ctx(reg, tmp_path):
    fill_sample(reg)
    return year_context(reg, tmp_path, YEAR)


@pytest.fixture
def screen(ctx, qtbot):
    w = PrintScreen(ctx)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    return w


def choose(screen, kind):
    screen.document.setCurrentIndex(screen.document.findData(kind))


def preview(screen, qtbot):
    qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.page_count > 0 or bool(screen.error.text()), timeout=20_000)


def pages_of(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    return int(next(x.split()[-1] for x in info.splitlines() if x.startswith("Pages:")))


def test_preview_shows_the_pages_of_the_document_that_will_print(screen, qtbot):
    choose(screen, APPROVAL)
    assert not screen.print_button.isEnabled()
    preview(screen, qtbot)
    assert screen.page_count == 5
    assert screen.pages_label.text() == "第 1 页 共 5 页"
    assert not screen.image.pixmap().isNull()
    qtbot.mouseClick(screen.next_button, Qt.MouseButton.LeftButton)
    assert screen.pages_label.text() == "第 2 页 共 5 页"
    assert screen.print_button.isEnabled() and screen.save_button.isEnabled()


def test_the_rendered_page_is_the_pdf_page(screen, qtbot):
    choose(screen, APPROVAL)
    preview(screen, qtbot)
    doc = open_pdf(screen.pdf)
    image = render_page(doc, 0, 50)
    doc.close()
    assert abs(image.width() - 413) <= 1 and abs(image.height() - 585) <= 1  # A4 at 50 dpi
    # Somewhere on the page the seal is red.
    reds = sum(1 for y in range(0, image.height(), 3) for x in range(0, image.width(), 3)
               if (c := image.pixelColor(x, y)).red() > 180 and c.green() < 100)
    assert reds > 20


def test_printing_sends_every_page_to_the_printer(screen, qtbot, tmp_path):
    choose(screen, APPROVAL)
    preview(screen, qtbot)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    printer.setResolution(100)
    assert screen.print_to(printer) == 5
    assert pages_of(out) == 5
    # The day's prints leave no progress dialog behind on the screen (one each, before).
    assert screen.print_to(printer) == 5
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert screen.findChildren(QProgressDialog) == []


def test_a_reference_that_matches_nothing_is_explained_beside_the_options(screen, qtbot):
    choose(screen, APPROVAL)
    qtbot.keyClicks(screen.refs, "ZL209999999999.9")
    preview(screen, qtbot)
    assert screen.page_count == 0
    assert "登记册中没有这项申报" in screen.error.text()
    assert screen.preview_button.isEnabled()


def test_enter_in_the_reference_box_makes_the_preview(screen, qtbot):
    """申报 typed, then Enter: the preview is made (the default button 生成预览 answered
    Enter only in a dialog, and Enter here did nothing)."""
    choose(screen, APPROVAL)
    screen.refs.setFocus()
    qtbot.keyClicks(screen.refs, "ZL209999999999.9")
    qtbot.keyClick(screen.refs, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(screen.error.text()), timeout=20_000)
    assert "登记册中没有这项申报" in screen.error.text()
    screen.refs.clear()
    qtbot.keyClick(screen.refs, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.page_count > 0, timeout=20_000)
    assert screen.pages_label.text() == "第 1 页 共 5 页"


def test_enter_in_the_payer_box_makes_the_payment_list_preview(screen, qtbot):
    choose(screen, PAYMENTS)
    screen.payer.setFocus()
    qtbot.keyClick(screen.payer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.page_count > 0 or bool(screen.error.text()), timeout=20_000)
    assert screen.page_count > 0


def test_payment_list_previews_and_exports_to_xlsx(screen, qtbot, tmp_path):
    choose(screen, PAYMENTS)
    screen.tranche.setCurrentIndex(screen.tranche.findData(2))
    assert screen.xlsx_button.isEnabled()
    preview(screen, qtbot)
    assert screen.page_count >= 1 and not screen.error.text()
    out = tmp_path / "second.xlsx"
    screen.save_xlsx_to(out)
    qtbot.waitUntil(out.exists, timeout=20_000)
    qtbot.waitUntil(lambda: not screen.ctx.busy, timeout=20_000)
    assert load_workbook(out).sheetnames[0] == "北京市总工会"


def test_the_job_follows_the_options_on_screen(screen, ctx):
    choose(screen, PAYMENTS)
    screen.payer.setText("海淀区总工会")
    screen.unpaid.setChecked(True)
    screen.unmasked.setChecked(True)
    ctx.settings.setValue("print/federation_name", "北京市总工会")
    job = screen.current_job()
    assert job == PrintJob(kind=PAYMENTS, year=YEAR, tranche=1, payer="海淀区总工会",
                           unpaid_only=True, unmasked=True, federation="北京市总工会")
    choose(screen, SUMMARY_PROJECT)
    assert not screen.tranche.isVisible() and screen.approved_only.isVisible()


def test_saving_the_previewed_pdf(screen, qtbot, tmp_path):
    choose(screen, SUMMARY_PROJECT)
    preview(screen, qtbot)
    out = tmp_path / "summary"
    screen.save_pdf_to(out)
    assert pages_of(out.with_suffix(".pdf")) == screen.page_count


def _unmasked_events(reg) -> list[dict]:
    import json

    return [json.loads(r["after"]) for r in reg.query(
        "SELECT after FROM audit_events WHERE action = 'export_unmasked' ORDER BY id")]


def test_finance_copy_leaving_the_window_is_in_the_audit_trail(screen, ctx, qtbot, tmp_path):
    choose(screen, PAYMENTS)
    preview(screen, qtbot)
    screen.save_pdf_to(tmp_path / "masked.pdf")
    assert _unmasked_events(ctx.reg) == []  # the masked copy is nobody's concern
    screen.unmasked.setChecked(True)
    # the masked preview is withdrawn: it cannot be saved or printed as finance's copy
    assert not screen.save_button.isEnabled() and not screen.print_button.isEnabled()
    preview(screen, qtbot)
    screen.save_pdf_to(tmp_path / "finance.pdf")
    out = tmp_path / "finance.xlsx"
    screen.save_xlsx_to(out)
    qtbot.waitUntil(lambda: not screen.ctx.busy and out.exists(), timeout=20_000)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    screen.print_to(printer)
    events = _unmasked_events(ctx.reg)
    assert [(e["document"], e["year"]) for e in events] == [("拨付清单", YEAR)] * 3, events
    assert events[0]["to"] == str(tmp_path / "finance.pdf")
    assert events[1]["to"] == str(out) and "printed.pdf" in events[2]["to"]


def test_no_finance_copy_from_a_read_only_window(screen, ctx, qtbot, tmp_path):
    """Another BoostDesk has the register: finance's copy could not be recorded, so it is
    neither previewed (a whole-number PDF in the temp folder) nor exported; the masked
    copy is."""
    ctx.reg.read_only = True
    choose(screen, PAYMENTS)
    qtbot.mouseClick(screen.unmasked, Qt.MouseButton.LeftButton)
    assert screen.unmasked.isChecked()
    qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
    assert screen.pdf is None and not screen.save_button.isEnabled()
    assert "未生成财务联" in screen.error.text() and "不勾选“财务联”" in screen.error.text()
    out = tmp_path / "finance.xlsx"
    screen.save_xlsx_to(out)
    assert not screen.ctx.busy and not out.exists()
    qtbot.mouseClick(screen.unmasked, Qt.MouseButton.LeftButton)
    preview(screen, qtbot)
    assert screen.page_count > 0 and not screen.error.text()


def test_a_payment_list_lists_only_what_is_still_to_pay_unless_unticked(screen):
    """A list for paying: paid lines would invite paying them twice."""
    choose(screen, PAYMENTS)
    assert screen.unpaid.isChecked() and screen.current_job().unpaid_only
    assert PrintJob(kind=PAYMENTS, year=YEAR).unpaid_only
    screen.unpaid.setChecked(False)
    assert not screen.current_job().unpaid_only


def test_a_name_printed_with_a_mark_is_named_beside_the_preview(screen, ctx, qtbot):
    """𡒄 is in neither shipped font and prints as 〓, to be written in by hand: the screen
    says which name, as the command line does."""
    from dataclasses import replace

    from boostdesk.models.records import PATENT

    # an award not paid yet: a paid one keeps its inventor's name (test_ui_corrections)
    app = next(a for a in ctx.reg.patents(YEAR) if a.status in ("approved", "paid")
               and not ctx.reg.scalar("SELECT COUNT(*) FROM payments WHERE stream = 'patent'"
                                      " AND application_id = ? AND paid_date IS NOT NULL",
                                      (a.id,)))
    ctx.reg.save_patent(replace(app, inventor_name="张𡒄"))
    assert app.stream == PATENT
    choose(screen, APPROVAL)
    preview(screen, qtbot)
    assert screen.page_count == 5
    assert "张𡒄" in screen.error.text() and "〓" in screen.error.text()
    choose(screen, SUMMARY_PROJECT)  # a document without it: nothing said
    preview(screen, qtbot)
    assert screen.error.text() == ""


def _first_ink_row(image, left: int, right: int) -> int:
    """The first row of ``image`` drawn darker than its background between ``left`` and
    ``right`` (a box's frame, a glyph)."""
    ground = image.pixelColor(image.width() - 1, image.height() - 1).lightness()
    for y in range(image.height()):
        if any(image.pixelColor(x, y).lightness() < ground - 40 for x in range(left, right)):
            return y
    raise AssertionError("nothing drawn")


def test_the_finance_copy_box_is_level_with_its_words(screen, qtbot):
    """Its box was drawn a few pixels above its words (the words centred in a taller row):
    finance read it as another option's box. Looked at as drawn, in pixels."""
    choose(screen, PAYMENTS)
    qtbot.waitExposed(screen)
    words = next(w for w in screen.findChildren(QLabel) if w.text().startswith("财务联"))
    box = screen.unmasked
    row = words.parentWidget()
    image = row.grab().toImage()
    box_left = box.mapTo(row, box.rect().topLeft()).x()
    words_left = words.mapTo(row, words.rect().topLeft()).x()
    box_top = _first_ink_row(image, box_left, box_left + box.width())
    words_top = _first_ink_row(image, words_left, words_left + 3 * words.fontMetrics().height())
    assert abs(box_top - words_top) <= max(3, words.fontMetrics().height() // 4)


def test_enter_while_pages_go_to_the_printer_does_not_cancel_the_print(
        screen, qtbot, tmp_path, monkeypatch):
    """打印's own progress box had 取消 as its default button: Enter, pressed once more
    after the printer dialog's 打印, stopped the print part-way. Esc still cancels."""
    from PySide6.QtCore import Qt

    from boostdesk.ui import print_screen

    choose(screen, APPROVAL)
    preview(screen, qtbot)
    real = print_screen.print_pdf
    key: list[Qt.Key] = []

    def print_pdf(pdf, printer, step, cancelled):
        def pressing(done, total):
            step(done, total)
            dialogs = screen.findChildren(QProgressDialog)  # this print's: the last made
            dialog = dialogs[-1] if dialogs else None
            if done == 1 and dialog is not None:
                dialog.show()  # before its 500 ms
                dialog.activateWindow()
                qtbot.waitUntil(dialog.isActiveWindow)
                qtbot.keyClick(QApplication.focusWidget() or dialog, key[0])
        return real(pdf, printer, pressing, cancelled)

    monkeypatch.setattr(print_screen, "print_pdf", print_pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(100)
    key.append(Qt.Key.Key_Return)
    assert screen.print_to(printer) == 5
    key[0] = Qt.Key.Key_Escape
    assert screen.print_to(printer) < 5


def test_a_copy_with_the_paid_lines_makes_no_list_to_pay_a_reprint(screen, qtbot, tmp_path):
    """Testers (stop 44): the director's copy with its paid lines, saved first, made
    finance's list (只列尚未拨付的款项) a 补打 where a union had nothing paid yet: another
    document, footed as a copy to look over."""
    from test_print_trail import pages_text

    from boostdesk.printing.payments import WITH_PAID_MARK

    choose(screen, PAYMENTS)
    qtbot.mouseClick(screen.unpaid, Qt.MouseButton.LeftButton)
    assert not screen.current_job().unpaid_only
    preview(screen, qtbot)
    screen.save_pdf_to(tmp_path / "with-paid.pdf")
    assert all(WITH_PAID_MARK in page for page in pages_text(tmp_path / "with-paid.pdf"))
    qtbot.mouseClick(screen.unpaid, Qt.MouseButton.LeftButton)
    assert screen.current_job().unpaid_only
    preview(screen, qtbot)
    assert not any("此前已打印过" in note for note in screen.notes), screen.notes
    screen.save_pdf_to(tmp_path / "to-pay.pdf")
    pages = pages_text(tmp_path / "to-pay.pdf")
    assert pages and not any("补打" in page or WITH_PAID_MARK in page for page in pages)
