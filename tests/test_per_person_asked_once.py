"""刘新's other paper of the year was asked about at every save of an existing paper of
his, his phone only changed (tester, stop 42): the one-award-a-person question is asked
when the paper is new, or its ID number or year changes."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import ID_1, ID_2, patent_no, patent_row
from PySide6.QtCore import Qt
from test_form_save_imported import imported
from test_ui_corrections import open_form, retype
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.models.records import PatentApplication
from boostdesk.ui.patent_form import PatentForm

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def two_papers(reg, tmp_path) -> list[int]:
    return imported(reg, tmp_path, patent_row(第一发明人="刘新", 身份证号=ID_1),
                    patent_row(序号=2, 第一发明人="刘新", 身份证号=ID_1, 专利名称="一种夹具",
                               专利号=patent_no("202110666666")))


def test_his_phone_changed_on_his_second_paper_is_not_asked_about_his_first(
        window, qtbot, reg, answers, tmp_path):
    _first, second = two_papers(reg, tmp_path)
    _screen, form = open_form(qtbot, window, second)
    retype(qtbot, form, "phone", "13900003333")
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert closed(form), answers.errors
    assert not [q for q in answers.questions if "本年度已有申报" in q], answers.questions
    assert reg.patent(second).phone == "13900003333"


def test_a_new_paper_of_his_is_still_asked_about(ctx, qtbot, reg, tmp_path):
    two_papers(reg, tmp_path)
    form = PatentForm(ctx)
    qtbot.addWidget(form)
    new = PatentApplication(2022, title="一种钳子", patent_number_raw=patent_no("202110777777"),
                            grant_date=date(2021, 6, 1), inventor_name="刘新", id_number=ID_1,
                            unit_name="北京市海淀区总工会")
    assert "本年度已有申报" in (form.confirm_first(new) or "")


def test_his_id_typed_onto_another_paper_is_asked_about(window, qtbot, reg, answers, tmp_path):
    _first, other = imported(reg, tmp_path, patent_row(第一发明人="刘新", 身份证号=ID_1),
                             patent_row(序号=2, 第一发明人="刘新", 身份证号=ID_2,
                                        专利名称="一种夹具", 专利号=patent_no("202110666666")))
    _screen, form = open_form(qtbot, window, other)
    answers.yes = False  # 返回修改
    retype(qtbot, form, "id_number", ID_1)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert [q for q in answers.questions if "本年度已有申报" in q], answers.questions
    assert reg.patent(other).id_number == ID_2
