"""打印 in a window that has the register read-only (another BoostDesk holds it): the 财务联
refusal goes once it no longer holds — 财务联 unticked, or a masked copy exported — and does
not stay on in red beside a masked export that was made."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from test_printing_screen import choose, ctx, screen

from boostdesk.printing.jobs import PAYMENTS

__all__ = ["ctx", "screen"]  # the fixtures


def export(screen, qtbot, monkeypatch, path):
    """导出 xlsx… clicked, the file dialog answered with ``path``."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    qtbot.mouseClick(screen.xlsx_button, Qt.MouseButton.LeftButton)


def refused(screen, ctx, qtbot, monkeypatch, tmp_path):
    ctx.reg.read_only = True
    choose(screen, PAYMENTS)
    qtbot.mouseClick(screen.unmasked, Qt.MouseButton.LeftButton)
    export(screen, qtbot, monkeypatch, tmp_path / "fin.xlsx")
    assert "未生成财务联" in screen.error.text() and not (tmp_path / "fin.xlsx").exists()


def test_unticking_finance_s_copy_takes_its_refusal_away(screen, ctx, qtbot, monkeypatch,
                                                         tmp_path):
    refused(screen, ctx, qtbot, monkeypatch, tmp_path)
    qtbot.mouseClick(screen.unmasked, Qt.MouseButton.LeftButton)
    assert not screen.unmasked.isChecked() and screen.error.text() == ""


def test_a_masked_export_made_leaves_no_refusal_beside_it(screen, ctx, qtbot, monkeypatch,
                                                           tmp_path):
    """The finance officer's steps (g_second.py): 财务联 refused, unticked, exported masked."""
    refused(screen, ctx, qtbot, monkeypatch, tmp_path)
    qtbot.mouseClick(screen.unmasked, Qt.MouseButton.LeftButton)
    masked = tmp_path / "masked.xlsx"
    export(screen, qtbot, monkeypatch, masked)
    qtbot.waitUntil(lambda: not ctx.busy and masked.exists(), timeout=20_000)
    assert screen.error.text() == ""


def test_finance_s_copy_made_once_the_register_is_writable_again_takes_the_refusal_away(
        screen, ctx, qtbot, monkeypatch, tmp_path):
    """The other window closed: the copy refused before is made, and the refusal goes."""
    refused(screen, ctx, qtbot, monkeypatch, tmp_path)
    ctx.reg.read_only = False
    fin = tmp_path / "fin.xlsx"
    export(screen, qtbot, monkeypatch, fin)
    qtbot.waitUntil(lambda: not ctx.busy and fin.exists(), timeout=20_000)
    assert screen.unmasked.isChecked() and screen.error.text() == ""


def test_another_note_stays_when_finance_s_copy_is_unticked(screen, ctx, qtbot):
    """Only the refusal goes: a note of the preview (a name printed 〓) is not the tick's."""
    choose(screen, PAYMENTS)
    qtbot.mouseClick(screen.unmasked, Qt.MouseButton.LeftButton)
    screen.error.setText("刘𡒄 的“𡒄”打印为〓，请手写补上")
    qtbot.mouseClick(screen.unmasked, Qt.MouseButton.LeftButton)
    assert screen.error.text() == "刘𡒄 的“𡒄”打印为〓，请手写补上"


def test_another_document_chosen_takes_the_approval_sheet_s_refusal_away(screen, ctx, qtbot):
    """Tester s38 (专利128): 审批表 refused for a paper not approved, then 文件 switched to
    汇总表 — the red 尚未核准助推，不能打印审批表 stayed beside a document it was not about."""
    from datetime import date

    from test_printing_screen import preview

    from boostdesk.models.records import PatentApplication
    from boostdesk.printing.jobs import APPROVAL, SUMMARY_PATENT
    from boostdesk.printing.samples import YEAR

    waiting = ctx.reg.save_patent(PatentApplication(  # registered, not approved
        YEAR, title="一种焊缝缺陷的检测方法", patent_number_raw="ZL202110123456.7",
        grant_date=date(YEAR - 1, 9, 1), inventor_name="刘䶮", unit_name="海淀区总工会",
        enterprise_name="北京中科智测科技有限公司"))
    choose(screen, APPROVAL)
    screen.refs.setText(f"专利{waiting}")
    preview(screen, qtbot)
    assert "不能打印审批表" in screen.error.text()
    choose(screen, SUMMARY_PATENT)
    assert screen.error.text() == ""


def test_finance_s_refusal_stays_with_its_tick_when_the_document_changes(
        screen, ctx, qtbot, monkeypatch, tmp_path):
    """The 财务联 refusal is the tick's, whatever the document: it holds while ticked."""
    from boostdesk.printing.jobs import SUMMARY_PATENT

    refused(screen, ctx, qtbot, monkeypatch, tmp_path)
    choose(screen, SUMMARY_PATENT)
    assert screen.unmasked.isChecked() and "未生成财务联" in screen.error.text()
