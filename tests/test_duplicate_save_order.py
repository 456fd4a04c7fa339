"""Two registered papers of one patent (or one studio's project): the rules judge the later
one the repeat (``rules.check._first_by_patent_number``, ``repeat_of``) and the earlier one
on its own findings. The form refused every save of the earlier one — its card filled in,
nothing at all changed — as a repeat of the later one (the tester's 专利129 / 专利27385 at
100,000 papers), so the valid paper could never be completed. Now a paper saved again
under its own number yields only to those ahead of it, as the rules order them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fixtures.summary_sheets import CARD_1, ID_1, ID_2, INVENTION, INVENTION_2
from PySide6.QtCore import Qt
from test_project_repeat import paper as project_paper
from test_ui_corrections import open_form, retype
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.models import PatentApplication
from boostdesk.rules import check_patent_draft, recheck
from boostdesk.ui import entry_checks

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
HAIDIAN, CHAOYANG = "北京市海淀区总工会", "北京市朝阳区总工会"


def _paper(**over: object) -> PatentApplication:
    return PatentApplication(**{  # type: ignore[arg-type]
        "campaign_year": 2022, "title": "一种焊缝检测装置", "patent_number_raw": INVENTION,
        "grant_date": date(2021, 3, 5), "inventor_name": "张三", "id_number": ID_1,
        "card_number": CARD_1, "phone": "13800138000", "frontline": True,
        "service_invention": True, "applied_in_production": True, "unit_name": HAIDIAN,
        "enterprise_name": "北京某某科技有限公司", "received_date": date(2022, 10, 20), **over})


def _two_claims(reg) -> tuple[int, int]:
    """The earlier paper lacks its card (待补材料); a later one of another union names
    another first inventor (不合格: the repeat)."""
    first = reg.save_patent(_paper(card_number=""))
    later = reg.save_patent(_paper(inventor_name="李四", id_number=ID_2, card_number="",
                                   unit_name=CHAOYANG))
    recheck(reg)
    return first, later


def _repeat(reg, app_id: int) -> bool:
    return any(f.code == "DUPLICATE_APPLICATION"
               for f in check_patent_draft(reg, reg.patent(app_id)).findings)


def test_the_earlier_paper_saved_again_is_no_repeat_of_the_later_one(reg):
    first, later = _two_claims(reg)
    assert not _repeat(reg, first) and _repeat(reg, later)  # the rules' order

    assert entry_checks.duplicate_patent(reg, reg.patent(first)) is None
    assert entry_checks.duplicate_patent(
        reg, replace(reg.patent(first), card_number=CARD_1)) is None
    # the later one is still refused, naming the earlier
    said = entry_checks.duplicate_patent(reg, reg.patent(later))
    assert said is not None and f"专利{first}" in said
    # a paper typed onto the number anew (another paper's number corrected to it, a new
    # paper) still finds it held, whichever registered first
    other = reg.save_patent(_paper(patent_number_raw=INVENTION_2, inventor_name="王五"))
    assert f"专利{first}" in (entry_checks.duplicate_patent(
        reg, replace(reg.patent(other), patent_number_raw=INVENTION)) or "")
    assert entry_checks.duplicate_patent(reg, _paper()) is not None


def test_a_later_paper_is_no_repeat_of_an_earlier_one_refused(reg):
    """An earlier paper refused (资格审核不通过) claims nothing: the later one is the number's."""
    first, later = _two_claims(reg)
    reg.set_status("patent", first, "refused", reason="材料不实")
    recheck(reg)
    assert not _repeat(reg, later)
    assert entry_checks.duplicate_patent(reg, reg.patent(later)) is None


def test_the_clerk_fills_in_the_earlier_papers_card_and_saves_it(window, qtbot, reg, answers):
    first, later = _two_claims(reg)
    _screen, form = open_form(qtbot, window, first)
    retype(qtbot, form, "card_number", CARD_1)
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert closed(form), answers.errors
    assert not [t for t, _ in answers.errors if "重复申报" in t], answers.errors
    assert reg.patent(first).card_number == CARD_1
    assert not _repeat(reg, first) and _repeat(reg, later)  # the later one stays 不合格


def test_the_later_papers_save_is_still_refused(window, qtbot, reg, answers):
    _first, later = _two_claims(reg)
    _screen, form = open_form(qtbot, window, later)
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert not closed(form)
    assert any("重复申报" in t for t, _ in answers.errors), answers.errors


def test_a_studios_earlier_project_saved_again_is_no_repeat_of_its_later_one(reg):
    first = reg.save_project(project_paper(2022))
    later = reg.save_project(project_paper(2022, leader="李四"))
    assert entry_checks.duplicate_project(reg, reg.project(first)) is None
    said = entry_checks.duplicate_project(reg, reg.project(later))
    assert said is not None and f"项目{first}" in said
    assert entry_checks.duplicate_project(reg, project_paper(2022)) is not None
