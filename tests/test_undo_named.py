"""A paper saved with no patent number, undone: the undo's text and its trail line name it
by its title (撤销“录入专利申报“（无名称）”” said nothing of which paper it was)."""

from __future__ import annotations

from dataclasses import replace

from test_ui_support import answers, ctx, qsettings

from boostdesk.demo import fill_demo
from boostdesk.ui import operations as ops

__all__ = ["answers", "ctx", "qsettings"]


def test_undoing_a_paper_saved_with_no_number_names_it_by_its_title(ctx):
    fill_demo(ctx.reg)
    ctx.set_year(2022)
    model = next(p for p in ctx.reg.patents(2022) if p.status == "registered")
    paper = replace(model, id=None, person_id=None, patent_number=None, seq=None,
                    patent_number_raw="", title="一种无号码的测试装置", inventor_name="")
    assert ops.save_application(ctx, paper).ok
    assert ctx.undo_stack.undoText() == "录入专利申报“一种无号码的测试装置”"
    ctx.undo_stack.undo()
    note = ctx.reg.scalar("SELECT note FROM audit_events ORDER BY id DESC LIMIT 1")
    assert note == "撤销“录入专利申报「一种无号码的测试装置」”"  # no quotes in quotes
