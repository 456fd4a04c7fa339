"""Titles and names typed or pasted into the entry forms with direction marks (U+200E/200F,
U+202A–202E) or zero-width characters: stored as the importer stores the same cell."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from test_ui_support import answers, ctx, qsettings

__all__ = ["answers", "ctx", "qsettings"]

MARKED = "\u202e焊缝\u200e检测\u200f装置\u202a自动\u202c化\u200b\ufeff\u2066X\u2069"


def _paste(editor, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    editor.setFocus()
    editor.selectAll()
    editor.paste()


def test_patent_and_project_forms_drop_direction_marks_as_the_importer_does(ctx, qtbot):
    from boostdesk.io.cell_readers import clean_text
    from boostdesk.ui.patent_form import PatentForm
    from boostdesk.ui.project_form import ProjectForm

    for cls in (PatentForm, ProjectForm):
        form = cls(ctx)
        qtbot.addWidget(form)
        _paste(form.editor("title"), MARKED)
        values, _ = form.values()
        assert values["title"] == clean_text(MARKED) == "焊缝检测装置自动化X"


def test_an_experts_organisation_pasted_with_invisible_marks_still_meets_the_enterprise(reg):
    """The 评审专家 form kept a pasted organisation's zero-width and direction marks
    (stripped only), while the project's enterprise came in clean: the expert from that
    very enterprise was assigned to score it (二（四）2 asks for a fair review)."""
    import pytest

    from boostdesk.panel.errors import PanelError
    from boostdesk.panel.experts import Expert, assign, experts, save_expert
    from tests.test_panel_support import CITY, YEAR, make_project, to_review

    pid = make_project(reg, "首钢项目", "工作室", CITY, enterprise="首钢特钢材料有限公司")
    to_review(reg, pid)
    eid = save_expert(reg, YEAR, Expert("王工", "\u202a首钢特钢\u200b材料有限公司\u202c\ufeff",
                                        "冶金\u200e", "\u2066138 0013 8000\u2069"))
    [stored] = experts(reg, YEAR)
    assert (stored.organisation, stored.field, stored.contact) == (
        "首钢特钢材料有限公司", "冶金", "138 0013 8000")
    with pytest.raises(PanelError, match="专家来自项目所在单位"):
        assign(reg, eid, pid)
