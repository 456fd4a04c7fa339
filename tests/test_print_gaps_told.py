"""A character no shipped font has is told at entry and on import, not first on the print.

𡒄 (U+21484, Extension B) is in neither shipped font: a payment list prints it as 〓, to
be written in by hand, and the window may show an empty box. The entry form says so
beside the field as it is typed, an import's preview names the rows; the paper is stored
as typed all the same."""

from __future__ import annotations

import re
import subprocess
import sys

from PySide6.QtCore import Qt
from test_ui_entry import open_new_form, type_patent
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.printing import fonts

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name
CTRL = Qt.KeyboardModifier.ControlModifier


def test_what_is_answered_without_the_fonts_is_drawn_by_the_main_font() -> None:
    ranges = re.findall(r"(.)-(.)", fonts._SURELY_DRAWN.pattern.replace("\\s", ""))
    assert ranges, fonts._SURELY_DRAWN.pattern
    singles = re.sub(r".-.", "", fonts._SURELY_DRAWN.pattern[1:-2].replace("\\s", ""))
    chars = [chr(c) for a, b in ranges for c in range(ord(a), ord(b) + 1)] + list(singles)
    assert len(chars) > 20_902
    assert [ch for ch in chars if fonts.font_for(ch) != fonts.MAIN] == []


def test_everyday_text_is_answered_without_loading_the_fonts() -> None:
    code = ("from boostdesk.printing import fonts;"
            "assert fonts.print_gaps('张三 ZL202110123456.7（集团）有限公司·“一种”…') == '';"
            "print(fonts.registration_count)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    assert out.strip() == "0"
    assert fonts.print_gaps("张𡒄") == "𡒄"
    assert fonts.print_gaps("买买提·艾力 䶮") == ""  # 䶮 (Extension A) is in the fallback font


def test_the_form_says_a_name_will_print_with_a_gap_and_saves_it_as_typed(
        window, qtbot, reg, answers) -> None:
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, name="张𡒄")
    hint = form.rows["inventor_name"].hint
    qtbot.waitUntil(lambda: "〓" in hint.text())
    assert "第 2 个字（𡒄，U+21484）不在随附字体中" in hint.toolTip()
    assert "〓" not in form.rows["title"].hint.text()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert [a.inventor_name for a in reg.patents(2022)] == ["张𡒄"]


def test_an_everyday_name_gets_no_such_note(window, qtbot, answers) -> None:
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, name="欧阳红兵")
    form.recheck()
    assert all("〓" not in row.hint.text() for row in form.rows.values())


def test_an_imported_table_names_the_rows_that_will_print_with_a_gap(tmp_path) -> None:
    from fixtures.summary_sheets import (
        ID_2,
        INVENTION_2,
        PATENT_HEADERS,
        card,
        patent_row,
        write_sheet,
    )

    from boostdesk.io.importer import read_table

    path = write_sheet(tmp_path / "p.xlsx", [
        PATENT_HEADERS, patent_row(),
        patent_row(序号=2, 第一发明人="张𡒄", 专利号=INVENTION_2, 身份证号=ID_2,
                   工会会员互助服务卡号=card("621700009876543")),
    ])
    preview = read_table(path, 2022)
    assert preview.errors == []
    [note] = [w for w in preview.warnings if "〓" in w]
    assert note.startswith("第 3 行“张𡒄”中的 𡒄 不在随附字体中：照表登记")
    assert [r.inventor_name for r in preview.records] == ["张三", "张𡒄"]
    # a table of everyday names says nothing of the kind
    assert read_table(write_sheet(tmp_path / "q.xlsx", [PATENT_HEADERS, patent_row()]),
                      2022).warnings == []
