"""A printed finance document states the fact, not how to click: the 拨付清单's 注 on a held
award carried "在“改变状态”中改为资格审核不通过…在“拨付”中选中其款项点“维持核准…”…（命令行
boostdesk pay keep）"; now it says 暂缓拨付：what changed (the money), the how-to staying on
the screens. The 审批表's 注 wrote "2020-06-01 不在 2021-01-01 至 2021-12-31" beside the
sheet's 2020年6月1日: its days now read as the sheet's others do (common.cn_dates)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from test_printing import pdf_text, squash

from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models.records import PATENT
from boostdesk.printing.approval import held_note, load_sheets, write_approval_pdf
from boostdesk.printing.payments import build_payment_lists, write_payments_pdf
from boostdesk.rules import recheck
from tests.test_finance import add_patent

HOW_TO = ("改变状态", "维持核准", "pay keep", "在“拨付”中")

WHY = "录入有误，据原件更正"  # an approved award's printed fact: said why


def _held_beside_another(reg) -> int:
    """Two patents of one union; the first corrected out of the grant window (held)."""
    held = add_patent(reg)
    add_patent(reg, name="李四", id_number="110105198001010016", number="ZL202110654321.3")
    reg.save_patent(replace(reg.patent(held), grant_date=date(2020, 6, 1)), reason=WHY)
    recheck(reg)
    sync_plan(reg, 2022)
    return held


def test_the_payment_list_states_the_hold_and_the_screen_says_what_to_do(reg, tmp_path):
    held = _held_beside_another(reg)
    [line, *_] = [x for x in payment_lines(reg, 2022) if x.app_id == held]
    assert "维持核准" in line.held_why  # the screens' words still say what to do
    lists = build_payment_lists(reg, 2022, 1)
    note = lists[0].note
    assert "暂缓拨付：核准后经核对为不合格——授权公告日 2020年6月1日不在" in note, note
    assert not any(words in note for words in HOW_TO), note
    write_payments_pdf(tmp_path / "p.pdf", lists)
    text = squash(pdf_text(tmp_path / "p.pdf"))
    assert "暂缓拨付，未列入本清单" in text and not any(w in text for w in HOW_TO), text


def test_the_approval_sheet_s_note_writes_its_days_in_chinese(reg, tmp_path):
    held = _held_beside_another(reg)
    [sheet] = [s for s in load_sheets(reg, 2022) if s.app.id == held and s.stream == PATENT]
    note = held_note(sheet)
    assert "授权公告日 2020年6月1日不在 2021年1月1日至2021年12月31日期间" in note, note
    assert "2020-06-01" not in note
    write_approval_pdf(tmp_path / "a.pdf", [sheet], None)
    assert "2020年6月1日不在2021年1月1日至2021年12月31日" in squash(pdf_text(tmp_path / "a.pdf"))
