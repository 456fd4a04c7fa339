"""Official documents leave a trace: every print or export of a 审批表, a 拨付清单 or a
公示名单 is one line in the trail (which papers, by whom, where to), and a paper printed
again says 补打（首次打印于 …） in its footer; a payment list's pages are numbered
through the file."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
from datetime import date

from PySide6.QtCore import Qt
from test_finance_copy_trail import demo, demo_master  # the demo register, a copy each

from boostdesk.cli import main

__all__ = ["demo", "demo_master"]
ACTION = "print_document"  # (printing.print_log.ACTION)

def today() -> str:
    """Today in words, read when asked (a run crossing midnight printed on the next day)."""
    now = date.today()
    return f"{now.year}年{now.month}月{now.day}日"


def reprint() -> str:
    return f"补打（首次打印于{today()}）"  # as squashed
WITH_PAID = "含已拨付款项，供核对；拨付以只列尚未拨付款项的清单为准"  # payments.WITH_PAID_MARK




def pages_text(pdf) -> list[str]:
    """Each page's text, squashed (pdftotext keeps or drops the spaces around digits)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return ["".join(page.split()) for page in text.split("\f")[:-1]]


def print_lines(db) -> list[dict]:
    conn = sqlite3.connect(db)
    try:
        return [{"operator": r[0], **json.loads(r[1])} for r in conn.execute(
            "SELECT operator, after FROM audit_events WHERE action = ? ORDER BY id", (ACTION,))]
    finally:
        conn.close()


def test_a_reprinted_approval_sheet_says_so_and_each_print_is_one_trail_line(
        demo, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BOOSTDESK_OPERATOR", "档案员")
    first, again = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert main(["print", "approval", "--year", "2022", "--db", str(demo), "--out", str(first)]) == 0
    assert not any("补打" in page for page in pages_text(first))
    lines = print_lines(demo)
    assert len(lines) == 1  # one line for the job, not one a page
    line = lines[0]
    pages = len(pages_text(first))
    assert line["document"] == "审批表" and line["year"] == 2022 and line["pages"] == pages
    assert line["operator"] == "档案员" and line["copy"] == "部分隐去号码"
    assert len(line["papers"]) == pages and all(re.fullmatch(r"(专利|项目)\d+", p)
                                                for p in line["papers"])
    assert line["to"] == str(first.resolve())
    capsys.readouterr()
    assert main(["print", "approval", "--year", "2022", "--db", str(demo), "--out", str(again)]) == 0
    assert "此前已打印过" in capsys.readouterr().out
    assert all(reprint() in page for page in pages_text(again))
    assert print_lines(demo)[-1]["reprinted"] == pages
    # the trail as an auditor reads it
    capsys.readouterr()
    assert main(["audit", "--year", "2022", "--db", str(demo)]) == 0
    said = [x for x in capsys.readouterr().out.splitlines() if "打印或导出正式文件" in x]
    assert len(said) == 2 and "审批表（2022 年度" in said[0] and f"其中补打 {pages} 份" in said[1]


def test_a_payment_list_reprint_is_marked_and_a_list_of_other_lines_is_not(
        demo, tmp_path, capsys):
    paid, again, unpaid = (tmp_path / f"{n}.pdf" for n in ("paid", "again", "unpaid"))
    args = ["print", "payments", "--tranche", "1", "--year", "2022", "--db", str(demo)]
    assert main([*args, "--include-paid", "--out", str(paid)]) == 0
    assert main([*args, "--include-paid", "--out", str(again)]) == 0
    capsys.readouterr()
    assert main([*args, "--out", str(unpaid)]) == 0  # the unpaid lines only: another list
    assert not any("补打" in page for page in pages_text(paid))
    assert all(reprint() in page for page in pages_text(again))
    # the copy with its paid lines says what it is, page by page
    assert all(WITH_PAID in page for page in pages_text(paid))
    # finance's list is its own first print, the director's copy with the paid lines
    # before it no original of it — not even a union's with none paid, whose pages read
    # alike (testers, stop 44: 4 份清单此前已打印过)
    assert not any("补打" in page or WITH_PAID in page for page in pages_text(unpaid))
    assert "此前已打印过" not in capsys.readouterr().out
    assert main([*args, "--out", str(again)]) == 0  # its own reprint is one
    assert all(reprint() in page for page in pages_text(again))
    lines = print_lines(demo)
    assert [x["document"] for x in lines] == ["拨付清单"] * 4
    assert lines[0]["papers"] and lines[0]["pages"] == len(pages_text(paid))


def test_finance_s_first_copy_after_the_masked_one_is_no_reprint(demo, tmp_path, capsys):
    """The masked list and finance's copy (财务联) are two documents: the first 财务联,
    printed after the masked list, was footed 补打 and said 此前已打印过."""
    args = ["print", "payments", "--tranche", "1", "--year", "2022", "--include-paid",
            "--db", str(demo)]
    assert main([*args, "--out", str(tmp_path / "pay1.pdf")]) == 0
    capsys.readouterr()
    assert main([*args, "--unmasked", "--out", str(tmp_path / "pay1_fin.pdf")]) == 0
    assert "此前已打印过" not in capsys.readouterr().out
    [fin] = tmp_path.glob("pay1_fin*财务联.pdf")
    assert not any("补打" in page for page in pages_text(fin))
    # finance's copy printed again is its own reprint; the masked one's likewise
    assert main([*args, "--unmasked", "--out", str(tmp_path / "again_fin.pdf")]) == 0
    assert "此前已打印过" in capsys.readouterr().out
    [again] = tmp_path.glob("again_fin*财务联.pdf")
    assert all(reprint() in page for page in pages_text(again))
    assert main([*args, "--out", str(tmp_path / "again.pdf")]) == 0
    assert all(reprint() in page for page in pages_text(tmp_path / "again.pdf"))
    # the same for a 审批表
    sheet = ["print", "approval", "--year", "2022", "--db", str(demo)]
    assert main([*sheet, "--out", str(tmp_path / "a.pdf")]) == 0
    assert main([*sheet, "--unmasked", "--out", str(tmp_path / "a_fin.pdf")]) == 0
    [fin_sheet] = tmp_path.glob("a_fin*财务联.pdf")
    assert not any("补打" in page for page in pages_text(fin_sheet))


def test_a_payment_list_s_notes_and_header_say_their_dates_in_chinese(demo, tmp_path):
    """The lists' 备注 said 应于 2023-03-15 前拨付 and the workbook 打印日期：2026-12-06
    under headers saying 2026年12月6日; the narrow 应拨日期 column stays ISO."""
    import openpyxl

    args = ["print", "payments", "--tranche", "1", "--year", "2022", "--include-paid",
            "--db", str(demo)]
    assert main([*args, "--out", str(tmp_path / "p.pdf")]) == 0
    text = "".join(pages_text(tmp_path / "p.pdf"))
    assert re.search(r"(应于|已于)\d{4}年\d{1,2}月\d{1,2}日(前)?拨付", text)
    assert not re.search(r"(应于|已于)\d{4}-\d\d-\d\d", text)
    assert re.search(r"\d{4}-\d\d-\d\d", text)  # the 应拨日期 column
    assert main([*args, "--out", str(tmp_path / "p.xlsx")]) == 0
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx").worksheets[0]
    assert f"打印日期：{today()}" in ws["A2"].value
    notes = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert not any(re.search(r"(应于|已于) ?\d{4}-\d\d", n) for n in notes)


def test_a_payment_list_of_several_payers_is_numbered_through_the_file(demo, tmp_path):
    out = tmp_path / "list.pdf"
    assert main(["print", "payments", "--tranche", "1", "--include-paid", "--year", "2022",
                 "--db", str(demo), "--out", str(out)]) == 0
    pages = pages_text(out)
    assert len(pages) > 3
    for k, page in enumerate(pages, start=1):
        assert f"第{k}页共{len(pages)}页" in page, k
        assert re.search(r"（本单位第\d+页共\d+页）", page), k  # each payer's own pages too
    # a payer's list begins at its own page 1
    assert "本单位第1页共" in pages[0]


def test_a_publicity_list_printed_again_is_marked(demo, tmp_path):
    first, again = tmp_path / "a.pdf", tmp_path / "b.pdf"
    args = ["publicity", "list", "--year", "2022", "--db", str(demo)]
    assert main([*args, "--pdf", str(first)]) == 0
    assert main([*args, "--pdf", str(again)]) == 0
    assert not any("补打" in page for page in pages_text(first))
    assert reprint() in pages_text(again)[0]
    lines = print_lines(demo)
    assert [x["document"] for x in lines] == ["公示名单"] * 2
    assert lines[0]["papers"] and all(p.startswith("项目") for p in lines[0]["papers"])



def test_the_list_s_spreadsheet_is_no_first_print_of_its_paper(demo, tmp_path):
    """The website's xlsx written with the PDF in one command (or before it) is an export,
    not the paper signed and posted: the PDF is the first print, not 补打."""
    args = ["publicity", "list", "--year", "2022", "--db", str(demo)]
    assert main([*args, "--xlsx", str(tmp_path / "a.xlsx"), "--pdf", str(tmp_path / "a.pdf")]) == 0
    assert not any("补打" in page for page in pages_text(tmp_path / "a.pdf"))
    assert [x["to"][-4:] for x in print_lines(demo)] == ["xlsx", ".pdf"]  # both recorded
    assert main([*args, "--pdf", str(tmp_path / "b.pdf")]) == 0
    assert reprint() in pages_text(tmp_path / "b.pdf")[0]

# -- the window ------------------------------------------------------------------------
def test_the_print_screen_records_the_document_as_it_leaves(reg, tmp_path, qtbot):
    from test_ui_support import year_context

    from boostdesk.printing.jobs import APPROVAL
    from boostdesk.printing.samples import YEAR, fill_sample
    from boostdesk.ui.print_screen import PrintScreen

    fill_sample(reg)
    screen = PrintScreen(year_context(reg, tmp_path, YEAR))
    qtbot.addWidget(screen)
    screen.show()
    screen.document.setCurrentIndex(screen.document.findData(APPROVAL))

    def preview() -> None:
        shown = screen.pdf
        qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: screen.pdf not in (None, shown) or bool(screen.error.text()),
                        timeout=20_000)

    preview()
    assert print_lines(reg.path) == []  # a preview has not left the window
    screen.save_pdf_to(tmp_path / "first.pdf")
    lines = print_lines(reg.path)
    assert len(lines) == 1 and lines[0]["pages"] == screen.page_count
    assert lines[0]["to"] == str(tmp_path / "first.pdf")
    preview()
    screen.save_pdf_to(tmp_path / "second.pdf")
    assert all(reprint() in page for page in pages_text(tmp_path / "second.pdf"))
    assert len(print_lines(reg.path)) == 2


def test_each_publicity_batch_is_offered_its_own_file_name(reg, tmp_path, qtbot, monkeypatch):
    """导出名单 PDF… offered 2022年度拟助推项目公示名单.pdf for 第1批 and 第2批 alike:
    saved into one folder, the second list replaced the first."""
    from PySide6.QtWidgets import QFileDialog
    from test_ui_support import year_context

    from boostdesk.panel import publicity as pub
    from boostdesk.panel.adopt_proposal import adopt
    from boostdesk.panel.experts import experts
    from boostdesk.ui.publicity_screen import PublicityScreen
    from tests.test_panel_support import CITY, YEAR, make_project, score_all, to_review, two_adopted

    two_adopted(reg)
    late = make_project(reg, "补充评审项目", "工作室丁", CITY)
    pub.start_publicity(reg, YEAR, date(2022, 12, 20))
    pub.close_publicity(reg, YEAR, date(2022, 12, 27))
    to_review(reg, late)
    score_all(reg, experts(reg, YEAR)[0].id, {late: 70})
    adopt(reg, YEAR)
    pub.start_publicity(reg, YEAR, date(2023, 1, 9))
    offered: list[str] = []

    def save(_parent, _title, start, _filter):
        offered.append(start.rsplit("/", 1)[-1])
        return str(tmp_path / offered[-1]), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    screen = PublicityScreen(year_context(reg, tmp_path, YEAR))
    qtbot.addWidget(screen)
    screen.show()
    for batch in (0, 1):
        screen.batch.setCurrentIndex(batch)
        qtbot.mouseClick(screen.pdf_button, Qt.MouseButton.LeftButton)
    assert offered == [f"{YEAR}年度拟助推项目公示名单-第1批.pdf",
                       f"{YEAR}年度拟助推项目公示名单-第2批.pdf"]
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == offered
