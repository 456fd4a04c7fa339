"""The paper form given a registered person's ID number and his name without its middle
dot (买买提艾力 for 买买提·艾力): his name as registered — said beside the field, nothing
asked at save, his spelling kept on every paper."""

from __future__ import annotations

from fixtures.summary_sheets import INVENTION
from PySide6.QtCore import Qt
from test_ui_entry import open_new_form, type_patent
from test_ui_support import answers, ctx, press, qsettings, window

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_a_name_typed_without_its_dot_is_the_registered_persons_and_keeps_his_spelling(
        window, qtbot, reg, answers):
    """买买提艾力 typed with 买买提·艾力's ID number: it asked 保存后此人的姓名改为… and,
    saved, took the dot off his name on every paper. His name, as registered, nothing asked."""
    from dataclasses import replace

    from fixtures.summary_sheets import ID_1, INVENTION_2
    from test_ui_support import closed

    from boostdesk.models import PatentApplication

    reg.save_patent(replace(PatentApplication(2022, title="一种光伏支架", patent_number_raw=INVENTION,
                                              inventor_name="买买提·艾力", id_number=ID_1)))
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, number=INVENTION_2, name="买买提艾力")
    qtbot.waitUntil(lambda: "只差间隔号" in form.rows["inventor_name"].hint.text())
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: closed(form), timeout=10_000)
    assert not any("改为" in q or "改名" in q for q in answers.questions), answers.questions
    assert {a.inventor_name for a in reg.patents(2022)} == {"买买提·艾力"}
