"""导出年度归档's progress bar moves with the work, not file by file: at 100,000 papers
it counted files (2/79 after 45 s, 4/79 after 90 s, then 76/79 at once) and looked stuck
while the summary tables and the 审批表 were written. Each file now weighs what it costs
(rows, pages) and reports within itself."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QFileDialog
from test_ui_support import answers, qsettings
from test_year_archive import YEAR, _archive_from_the_menu, _window, demo, demo_master

from boostdesk import year_archive

__all__ = ["answers", "qsettings", "demo", "demo_master"]


def test_the_window_s_bar_advances_within_the_approval_sheets(
        demo, tmp_path, qtbot, qapp, answers, qsettings, monkeypatch):
    from boostdesk.printing import approval
    from boostdesk.safety.session import open_register

    parent = tmp_path / "U盘"
    parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *_a, **_k: str(parent)))
    real = approval.write_approval_pdf
    held = {"first": threading.Event(), "last": threading.Event()}
    go_on = {"first": threading.Event(), "last": threading.Event()}

    def write(path, sheets, *args, progress=None, **kwargs):  # held at its first and last page
        assert len(sheets) > 2

        def drawn(done, total):
            if progress is not None:
                progress(done, total)
            at = "first" if done == 1 else "last" if done == total - 1 else None
            if at:
                held[at].set()
                go_on[at].wait(10)
        return real(path, sheets, *args, progress=drawn, **kwargs)

    monkeypatch.setattr(approval, "write_approval_pdf", write)
    reg = open_register(demo, "档案员", start_backup=False).reg
    ctx, window = _window(qtbot, reg, qsettings)
    try:
        _archive_from_the_menu(qtbot, window)
        qtbot.waitUntil(held["first"].is_set, timeout=20_000)
        bar = next(iter(ctx._tasks)).dialog
        qtbot.wait(200)  # the worker's signal handled
        first = bar.value()
        go_on["first"].set()
        qtbot.waitUntil(held["last"].is_set, timeout=20_000)
        qtbot.waitUntil(lambda: bar.value() > first, timeout=5_000)  # within the one file
        assert 0 < first < bar.value() < bar.maximum()
        go_on["last"].set()
        qtbot.waitUntil(lambda: bool(answers.infos) or bool(answers.errors), timeout=60_000)
        assert answers.errors == []
    finally:
        for e in go_on.values():
            e.set()
        ctx.shutdown()
        window.close()
        reg.close()


def test_a_file_weighs_its_rows_and_pages(demo):
    from boostdesk.models.register import Register

    reg = Register.open(demo)
    try:
        docs = {d.stem: d for d in year_archive.plan(reg, YEAR)}
    finally:
        reg.close()
    summary = docs["专利汇总表"].parts[1]
    sheets = docs["审批表"].parts[0]
    stats = docs["年度统计"].parts[0]
    assert summary.unit == " 行" and sheets.unit == " 页"
    assert summary.weight > stats.weight == year_archive.SMALL
    assert sheets.weight > year_archive.SMALL


def test_the_index_says_which_official_documents_are_absent_and_why(
        demo, tmp_path, monkeypatch):
    """2013 in the history register: every award 暂缓拨付, so no 拨付清单, and no
    publicity; its 目录 still called 审批表、拨付清单、公示名单 存档副本."""
    from boostdesk.cli import main
    from boostdesk.panel import publicity
    from boostdesk.printing import payments

    monkeypatch.setattr(payments, "build_payment_lists", lambda *_a, **_k: [])
    monkeypatch.setattr(year_archive, "_held", lambda *_a: 2)
    monkeypatch.setattr(publicity, "periods", lambda *_a: [])
    out = tmp_path / "归档"
    assert main(["archive", "--year", str(YEAR), "--db", str(demo), "--out", str(out)]) == 0
    index = (out / f"{YEAR}-00-目录.txt").read_text(encoding="utf-8-sig")
    assert "审批表为存档副本（页脚注明" in index
    assert "审批表、拨付清单、公示名单为存档副本" not in index
    assert ("本归档没有拨付清单：核准的助推均暂缓拨付（2 项，核准后经核对不合格或排名变化，"
            "待研究决定），没有应拨付的款项；没有公示名单：登记册中没有本年度创新项目的公示批次"
            "（未在本程序中公示）。") in index
    assert not [p for p in out.iterdir() if "拨付清单" in p.name or "公示名单" in p.name]


def test_a_year_with_every_document_calls_them_all_archive_copies():
    assert year_archive.copies_said({}) == [
        "审批表、拨付清单、公示名单为存档副本（页脚注明，并注明首次打印的日期），不是签字盖章的原件。"]
