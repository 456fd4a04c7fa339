"""打印 → 拨付清单 said only 已生成拨付清单，共 9 页 where `print payments` names each
original the new print voids: a payer printed before with no list now (原件作废，请收回), a
list reprinted changed (重新打印…请收回作废的原件). The screen says the same words (one source,
printing.list_void) beside the preview, and the status bar again as the document leaves."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fixtures.summary_sheets import CARD_2, ID_2, INVENTION_2
from PySide6.QtCore import Qt
from test_campaign_set import _patent
from test_ui_support import year_context

from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models.records import PATENT
from boostdesk.printing.common import cn_date
from boostdesk.printing.jobs import PAYMENTS
from boostdesk.ui.print_screen import PrintScreen


def gone() -> str:
    """What the screen says of today's voided print (read when asked: a run crossing
    midnight printed on the next day)."""
    return (f"注意：北京市朝阳区总工会 {cn_date(date.today())}打印的清单所列款项现已不应拨付"
            "（本次无该单位的清单），原件作废，请收回")


def _two_unions(reg) -> int:
    """Two approved patents, the second recommended by 朝阳区总工会; its id."""
    ids = []
    for app in (_patent("2021-12-20"), replace(
            _patent("2021-11-20"), title="一种管道焊接机器人", patent_number_raw=INVENTION_2,
            inventor_name="李四", id_number=ID_2, card_number=CARD_2, unit_name="北京市朝阳区总工会")):
        app_id = reg.save_patent(app)
        reg.set_status(PATENT, app_id, "qualified")
        reg.set_status(PATENT, app_id, "approved", award_fen=reg.campaign(2022).patent_award_fen,
                       approved_date=date(2022, 12, 15))
        ids.append(app_id)
    sync_plan(reg, 2022)
    return ids[1]


def _previewed(screen, qtbot) -> None:
    screen.preview_button.setFocus()
    qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.page_count > 0 or bool(screen.error.text()), timeout=20_000)
    qtbot.waitUntil(lambda: not screen.ctx.busy, timeout=20_000)


def test_the_screen_names_the_void_originals_as_print_payments_does(reg, tmp_path, qtbot):
    b = _two_unions(reg)
    ctx = year_context(reg, tmp_path, 2022, "刘建国")
    said: list[str] = []
    ctx.notice.connect(said.append)
    screen = PrintScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    screen.document.setCurrentIndex(screen.document.findData(PAYMENTS))
    _previewed(screen, qtbot)
    screen.save_pdf_to(tmp_path / "a.pdf")  # the first print, recorded as it leaves
    assert "原件作废" not in screen.error.text() and "请收回" not in said[-1]
    reg.set_status(PATENT, b, "refused", reason="核准后发现不符合条件")
    sync_plan(reg, 2022)
    _previewed(screen, qtbot)
    notes = screen.error.text().splitlines()
    assert gone() in notes, notes
    # the federation's list named b too: reprinted changed, its original to take back
    assert any("北京市总工会 1 份清单上次打印后" in n and "请收回作废的原件" in n for n in notes)
    assert gone() in said[-1]  # 已生成拨付清单，共 … 页；注意：…
    screen.save_pdf_to(tmp_path / "b.pdf")
    assert said[-1].startswith(f"已保存：{tmp_path / 'b.pdf'}") and gone() in said[-1], said[-1]
