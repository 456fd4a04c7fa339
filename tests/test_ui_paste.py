"""What an intake clerk pastes into the paper forms (Ctrl+V), from Excel, WeChat, Word and the
patent office's web page: an Excel row into one field, the grant publication number as the
patent number, 是 into a choice box, a number Excel showed in scientific notation."""

from __future__ import annotations

import html
import json
import re
from datetime import date

from fixtures.summary_sheets import CARD_1, ID_1, INVENTION, INVENTION_2
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from test_ui_large_text import large_text
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window

from boostdesk.models import CITY
from boostdesk.models.records import PATENT_MATERIALS, PatentApplication
from boostdesk.ui.entry_draft import draft_path
from boostdesk.ui.patent_form import PatentForm
from boostdesk.ui.project_form import ProjectForm
from boostdesk.validate import ValidationError, check_resident_id

__all__ = ["answers", "ctx", "large_text", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier
ROW_ID, ROW_CARD = "110101199003076632", "6228480012345678903"


def paste(qtbot, form, key: str, text: str) -> None:
    """The clipboard set, the field chosen, Ctrl+V, then Tab to the next: as a clerk does."""
    editor = form.editor(key)
    editor.setFocus()
    QGuiApplication.clipboard().setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_V, CTRL)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)


def hint(form, key: str) -> str:
    """The note beside a field, as read."""
    form.recheck()
    text = html.unescape(re.sub("<[^>]+>", "", form.rows[key].hint.text()))
    return text.replace("\u200b", "")  # where a masked number may wrap


def shown_form(qtbot, form_class, ctx):
    form = form_class(ctx)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)  # a field left with Tab is tidied (editingFinished)
    return form


def open_new_form(qtbot, window, screen_index: int):
    window.show_screen(screen_index)
    press(qtbot, Qt.Key.Key_N, CTRL, window)
    form = window.current_screen().current_form
    assert form is not None and form.isVisible()
    form.activateWindow()
    first = next(iter(form.rows.values())).editor
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)
    return form


def patent_paper(form, **over: object) -> None:
    """The rest of a patent paper, as the tests here do not paste it."""
    values: dict[str, object] = {
        "unit_name": "北京市建设工会", "enterprise_name": "北京城建集团有限责任公司",
        "title": "一种混凝土裂缝自动识别方法", "patent_number_raw": INVENTION,
        "grant_date": date(2021, 6, 8), "id_number": ID_1, "card_number": CARD_1,
        "frontline": True, "service_invention": True, "applied_in_production": True,
        "received_date": date(2022, 10, 20), **over}
    for key, value in values.items():
        form.editor(key).set_value(value)
    for key in PATENT_MATERIALS:
        form.checks[key].setChecked(True)


# -- 1. an Excel row pasted into one field ---------------------------------------------
def test_an_excel_row_pasted_into_the_first_inventor_is_its_first_cell_and_says_the_rest(
        window, qtbot, reg, answers):
    """热依拉·买买提⇥ID⇥card copied from the union's table into 第一发明人 was saved whole (the
    tabs made spaces): the name carried a full ID and card number, printed unmasked on the
    审批表 and the 拨付清单 and sent to the bank as the payee's."""
    form = open_new_form(qtbot, window, 0)
    patent_paper(form, id_number=ROW_ID, card_number=ROW_CARD)
    paste(qtbot, form, "inventor_name", f"热依拉·买买提\t{ROW_ID}\t{ROW_CARD}")

    assert form.editor("inventor_name").text() == "热依拉·买买提"
    said = hint(form, "inventor_name")
    assert "3 个单元格" in said and "只填入了第一个“热依拉·买买提”" in said
    assert "110101********6632" in said and "6228 **** **** *** 8903" in said
    assert ROW_ID not in said and ROW_CARD not in said  # masked, as the documents are

    form.editor("inventor_name").setFocus()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    [app] = reg.patents(2022)
    assert app.inventor_name == "热依拉·买买提"


def test_a_row_pasted_into_the_union_the_title_or_the_leader_is_its_first_cell(ctx, qtbot):
    form = shown_form(qtbot, PatentForm, ctx)
    paste(qtbot, form, "unit_name", "中国石化北京燕山分公司工会\t北京燕山石化有限公司")
    paste(qtbot, form, "title", "一种乙烯裂解炉结焦在线监测方法\t发明\tZL202110234567.5\r\n")
    assert form.editor("unit_name").text() == "中国石化北京燕山分公司工会"
    assert form.editor("title").text() == "一种乙烯裂解炉结焦在线监测方法"
    assert "其余未填入：“北京燕山石化有限公司”" in hint(form, "unit_name")
    assert "“发明”、“ZL202110234567.5”" in hint(form, "title")
    # the ID pasted with a trailing tab (a cell copied alone) is the ID, nothing said
    paste(qtbot, form, "id_number", f"{ID_1}\t")
    assert form.editor("id_number").text() == ID_1
    assert "单元格" not in hint(form, "id_number")
    # typed over, the note goes
    editor = form.editor("title")
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_End)
    type_text(qtbot, "及装置", editor)
    assert "单元格" not in hint(form, "title")

    project = shown_form(qtbot, ProjectForm, ctx)
    paste(qtbot, project, "leader", "买买提·艾力\t13800138000")
    assert project.editor("leader").text() == "买买提·艾力"
    values, errors = project.values()
    assert values["leader"] == "买买提·艾力" and "leader" not in errors
    assert "其余未填入：“13800138000”" in hint(project, "leader")


def test_a_first_inventor_with_digits_is_refused_and_not_saved(window, qtbot, reg, answers):
    """Typed (or brought in another way) with an ID after it, the name is refused with the
    reason, the number masked; the paper is not saved until it is corrected."""
    form = open_new_form(qtbot, window, 0)
    patent_paper(form)
    editor = form.editor("inventor_name")
    editor.setFocus()
    type_text(qtbot, f"王芳{ROW_ID}", editor)
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert form.isVisible() and reg.patents(2022) == []
    title, text = answers.errors[-1]
    assert "未保存" in title and "第一发明人：姓名中有数字" in text
    assert ROW_ID not in text and "110101********6632" in text
    assert ROW_ID not in hint(form, "inventor_name")

    editor.selectAll()
    type_text(qtbot, "John Smith", editor)  # a foreign name's Latin letters are a name
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert [a.inventor_name for a in reg.patents(2022)] == ["John Smith"]


def test_a_leader_or_contact_with_digits_is_refused(ctx, qtbot):
    form = shown_form(qtbot, ProjectForm, ctx)
    for key in ("leader", "contact_name"):
        editor = form.editor(key)
        editor.setFocus()
        type_text(qtbot, "古丽·阿不都 13800138000", editor)
        press(qtbot, Qt.Key.Key_Tab, widget=editor)
        _values, errors = form.values()
        assert "姓名中有数字" in errors[key], key


def test_a_first_inventor_or_leader_typed_as_several_people_is_refused_as_the_import_does(
        window, qtbot, reg, answers):
    """The paper's list of inventors typed into 第一发明人 (张三、李四) was saved as one
    person's name — the payee's on the 拨付清单 — while the import refuses the same cell; a
    联系人 may name two."""
    form = open_new_form(qtbot, window, 0)
    patent_paper(form)
    editor = form.editor("inventor_name")
    editor.setFocus()
    editor.selectAll()
    type_text(qtbot, "王芳、李四", editor)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert form.isVisible() and reg.patents(2022) == []
    title, text = answers.errors[-1]
    assert "未保存" in title
    assert "第一发明人：一格中填了 2 个人（王芳、李四）：这一栏只填一人的姓名，其他人请写在备注中" in text
    assert focused() is editor

    project = ProjectForm(window.ctx)
    qtbot.addWidget(project)
    for key, refused in (("leader", True), ("contact_name", False)):
        project.editor(key).setText("王芳，李四")
        assert ("一格中填了 2 个人" in project.values()[1].get(key, "")) is refused, key


# -- 2. the grant publication number pasted as the patent number ---------------------------
def test_the_grant_publication_number_pasted_as_the_patent_number_is_named(ctx, qtbot):
    form = shown_form(qtbot, PatentForm, ctx)
    for typed, shown, what in (("CN 114123456 B", "CN114123456B", "授权公告号"),
                               ("CN114123456B", "CN114123456B", "授权公告号"),
                               ("授权公告号 CN114123456B", "CN114123456B", "授权公告号"),
                               ("CN 214123456 U", "CN214123456U", "授权公告号"),
                               ("CN114123456", "CN114123456", "公告号"),
                               ("CN 114123456 A", "CN114123456A", "申请公布号")):
        form.editor("patent_number_raw").selectAll()
        paste(qtbot, form, "patent_number_raw", typed)
        said = hint(form, "patent_number_raw")
        assert f"这是{what}（{shown}），不是专利号" in said, (typed, said)
        assert "ZL202110123456.7" in said and "8 位" not in said
    form.editor("patent_number_raw").selectAll()
    paste(qtbot, form, "patent_number_raw", "CN 2021 1 0234567.5")  # CN + the application number
    assert hint(form, "patent_number_raw") == "发明专利 ZL202110234567.5"


# -- 3. a choice pasted into a choice box ----------------------------------------------------
def test_a_yes_or_a_level_pasted_into_a_choice_box_chooses_it(ctx, qtbot):
    """Ctrl+V in a combo box did nothing and said nothing: 是否示范性工作室 kept 否 while the
    clerk believed 是 took."""
    form = shown_form(qtbot, ProjectForm, ctx)
    model = form.editor("model_studio")
    model.set_value(False)
    model.setFocus()
    QGuiApplication.clipboard().setText("是")
    qtbot.keyClick(model, Qt.Key.Key_V, CTRL)
    assert model.value() is True

    level = form.editor("studio_level")
    level.setFocus()
    QGuiApplication.clipboard().setText("市级（示范性）\t")
    qtbot.keyClick(level, Qt.Key.Key_V, CTRL)
    assert level.value() == CITY

    funds = form.editor("startup_funds_paid")
    funds.setFocus()
    QGuiApplication.clipboard().setText("是（已到位）")
    qtbot.keyClick(funds, Qt.Key.Key_V, CTRL)
    assert funds.value() is True

    QGuiApplication.clipboard().setText("待定")  # names no choice: said, not ignored
    qtbot.keyClick(funds, Qt.Key.Key_V, CTRL)
    assert funds.value() is True and "“待定”不是可选的" in hint(form, "startup_funds_paid")


# -- 4. an ID or card copied from a number column -----------------------------------------
def test_an_id_or_card_in_scientific_notation_is_explained_as_the_import_does(ctx, qtbot, tmp_path):
    from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

    from boostdesk.io.importer import read_table

    form = shown_form(qtbot, PatentForm, ctx)
    paste(qtbot, form, "id_number", "6.53101E+17")
    paste(qtbot, form, "card_number", "6.22202E+18")
    said_id, said_card = hint(form, "id_number"), hint(form, "card_number")
    assert "是 Excel 以科学计数法显示的数字" in said_id and "完整号码已丢失" in said_id
    assert "号码 6.22202E+18 是 Excel 以科学计数法显示的数字" in said_card

    path = write_sheet(tmp_path / "sci.xlsx", [PATENT_HEADERS, patent_row(身份证号="6.53101E+17")])
    [error] = read_table(path, 2022).errors
    assert error.message == said_id  # one message, the form's and the import's


# -- 5. the minor ones -----------------------------------------------------------------------
def test_a_korean_input_methods_dot_is_the_name_dot(ctx, qtbot):
    form = shown_form(qtbot, PatentForm, ctx)
    paste(qtbot, form, "inventor_name", "买买提ㆍ艾力")  # U+318D
    assert form.editor("inventor_name").text() == "买买提·艾力"
    assert "〓" not in hint(form, "inventor_name")


def test_the_id_hint_names_the_person_registered_under_it(ctx, qtbot):
    """王芳 typed with 买买提·艾力's ID: the hint said 王芳 had been awarded this year."""
    reg = ctx.reg
    first = reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                              inventor_name="买买提·艾力", id_number=ID_1))
    reg.set_status("patent", first, "qualified")
    reg.set_status("patent", first, "approved", award_fen=300000)
    form = shown_form(qtbot, PatentForm, ctx)
    paste(qtbot, form, "inventor_name", "王芳")
    paste(qtbot, form, "id_number", ID_1)
    said = hint(form, "id_number")
    assert said.startswith("买买提·艾力（身份证号") and "已获助推" in said, said


def test_the_draft_question_quotes_a_pasted_title_on_one_line(ctx, qtbot, answers):
    form = shown_form(qtbot, PatentForm, ctx)
    paste(qtbot, form, "title", "一种焊缝缺陷的\n超声检测方法\u3000")
    form.recheck()  # the typing kept beside the register, as at each pause
    path = draft_path(ctx.reg.path, "patent", 2022)
    assert "\n" in json.loads(path.read_text(encoding="utf-8"))["fields"]["title"]
    form.hide()  # the window killed: the draft stays

    answers.yes = False
    shown_form(qtbot, PatentForm, ctx)
    assert "（专利名称：一种焊缝缺陷的超声检测方法……）" in answers.questions[-1]


def test_a_name_with_digits_in_a_table_is_refused_as_in_the_form(tmp_path):
    from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

    from boostdesk.io.importer import read_table

    path = write_sheet(tmp_path / "name.xlsx", [
        PATENT_HEADERS, patent_row(第一发明人=f"热依拉·买买提 {ROW_ID}"),
        patent_row(专利号=INVENTION_2, 第一发明人="John Smith")])
    preview = read_table(path, 2022)
    [error] = preview.errors
    assert (error.row, error.column) == (2, "第一发明人")
    assert "姓名中有数字" in error.message and ROW_ID not in error.message
    assert [r.inventor_name for r in preview.records] == ["John Smith"]


def test_the_id_check_and_the_import_share_the_scientific_message():
    try:
        check_resident_id("6.53101e+17")
    except ValidationError as exc:
        assert exc.message.startswith("号码 6.53101E+17 是 Excel 以科学计数法显示的数字")
    else:
        raise AssertionError("6.53101e+17 read as an ID")


# -- 5. a whole document pasted into one field ------------------------------------------
def test_a_100000_character_paste_is_said_at_once_and_refused_at_save_never_cut(
        window, qtbot, reg, answers):
    """100,000 characters pasted into 专利名称 were cut silently to 32,767 (QLineEdit's own
    limit), into 备注 kept whole; both were saved and the summary PDF grew from 38 pages to
    831. Now the paste goes in whole, the field says so at once, and Ctrl+S refuses it with
    the field's reason and the keyboard on it, until it is shortened."""
    from boostdesk.field_limits import FIELD_LIMITS

    form = open_new_form(qtbot, window, 0)
    patent_paper(form)
    big = "长" * 100_000
    for key in ("title", "remarks"):
        editor = form.editor(key)
        editor.setFocus()
        press(qtbot, Qt.Key.Key_A, CTRL, editor)
        QGuiApplication.clipboard().setText(big)
        qtbot.keyClick(editor, Qt.Key.Key_V, CTRL)
        assert len(editor.text()) == 100_000, key  # whole, not cut at 32,767
    title_limit, notes_limit = FIELD_LIMITS["title"], FIELD_LIMITS["remarks"]
    assert (f"粘贴的内容有 100,000 字，超过“专利名称”可填的 {title_limit} 字"
            in hint(form, "title"))
    assert (f"粘贴的内容有 100,000 字，超过“备注”可填的 {notes_limit:,} 字"
            in hint(form, "remarks"))

    form.editor("remarks").setFocus()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert form.isVisible() and reg.patents(2022) == []
    title, text = answers.errors[-1]
    assert "未保存" in title
    assert f"专利名称：有 100,000 字，超过此栏可填的 {title_limit} 字" in text
    assert f"备注：有 100,000 字，超过此栏可填的 {notes_limit:,} 字" in text
    assert QApplication.focusWidget() is form.editor("title")  # the first field refused

    title_editor = form.editor("title")
    title_editor.selectAll()
    type_text(qtbot, "一种混凝土裂缝自动识别方法", title_editor)
    assert "粘贴的内容" not in hint(form, "title")  # typed over: the paste's note goes
    notes = form.editor("remarks")
    notes.setFocus()
    notes.selectAll()
    type_text(qtbot, "团队成员：李四、王五", notes)
    press(qtbot, Qt.Key.Key_S, CTRL, notes)
    assert closed(form), answers.errors
    [app] = reg.patents(2022)
    assert (app.title, app.remarks) == ("一种混凝土裂缝自动识别方法", "团队成员：李四、王五")


def test_a_paste_that_fits_says_nothing_and_the_project_form_takes_the_same_limits(ctx, qtbot):
    from boostdesk.field_limits import FIELD_LIMITS

    form = shown_form(qtbot, ProjectForm, ctx)
    limit = FIELD_LIMITS["studio_name"]
    paste(qtbot, form, "studio_name", "工" * limit)
    assert "粘贴的内容" not in hint(form, "studio_name")
    assert "studio_name" not in form.values()[1]
    paste(qtbot, form, "studio_name", "作")  # one more, typed or pasted: refused at save
    assert "超过此栏可填的" in form.values()[1]["studio_name"]
    paste(qtbot, form, "contact_phone", "1" * 300 + "\t下一格")
    said = hint(form, "contact_phone")
    assert f"粘贴的内容有 300 字，超过“联系电话”可填的 {FIELD_LIMITS['contact_phone']} 字" in said
    assert "其余未填入：“下一格”" in said


def widest_line(label) -> float:
    """The widest line of a wrapped label's text at its width: wider than the label, the
    rest of that line is cut at the form's edge."""
    from PySide6.QtGui import QTextDocument, QTextOption

    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    option = doc.defaultTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)  # as a label wraps: at breaks only
    doc.setDefaultTextOption(option)
    doc.setDocumentMargin(0)
    doc.setHtml(label.text())
    doc.setTextWidth(label.contentsRect().width())
    return doc.idealWidth()


def whole_row_note(qtbot, window, font_size: float | None = None):
    if font_size is not None:
        font = QApplication.font()
        font.setPointSizeF(font_size)
        QApplication.setFont(font)
    form = open_new_form(qtbot, window, 0)
    paste(qtbot, form, "inventor_name",
          f"张测试\t{ROW_ID}\t{ROW_CARD}\t13800138000\t是\t是\t是\t人工智能\n")
    said = hint(form, "inventor_name")
    for _ in range(3):
        QApplication.processEvents()
    return form, form.rows["inventor_name"].hint, said


def test_the_note_of_a_whole_excel_row_pasted_wraps_within_the_form(window, qtbot):
    """“粘贴的内容有 8 个单元格…其余未填入：“110105********251X”、“62…”: the cells quoted one
    after another, “、“ between them, gave no place to break the line, and it ran past the
    form's edge; the middle cells could not be read. Every line now fits the hint."""
    form, label, said = whole_row_note(qtbot, window)
    assert "“13800138000”、“是”" in said  # as said, the breaks it may take invisible
    room = label.contentsRect().width()
    assert widest_line(label) <= room, (widest_line(label), room)
    assert label.height() >= label.heightForWidth(label.width())  # every line shown


def test_the_note_of_a_whole_excel_row_wraps_at_large_text_too(window, qtbot, large_text):
    form, label, _said = whole_row_note(qtbot, window)
    room = label.contentsRect().width()
    assert widest_line(label) <= room, (widest_line(label), room)
    assert label.height() >= label.heightForWidth(label.width())
