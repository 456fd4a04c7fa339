"""An application's 修改记录 is its own: a 登记号 is never given to a second paper, and a
deletion undone brings the paper back under its 登记号 with its trail going on."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fixtures.summary_sheets import CARD_1, CARD_2, ID_1, ID_2, INVENTION, INVENTION_2
from test_ui_support import answers, ctx, qsettings

from boostdesk.demo import fill_demo
from boostdesk.ui import operations as ops
from boostdesk.ui.detail import DetailPane

__all__ = ["answers", "ctx", "qsettings"]


@pytest.fixture
def demo_ctx(ctx):
    fill_demo(ctx.reg)
    ctx.set_year(2022)
    return ctx


def trail(reg, stream: str, app_id: int) -> str:
    pane = DetailPane(reg)
    pane.show_application(stream, app_id)
    text = pane.toPlainText()
    return text[text.index("修改记录"):]


def a_paper(reg, **over):
    model = next(p for p in reg.patents(2022) if p.status == "registered")
    return replace(model, id=None, person_id=None, patent_number=None, seq=None, **over)


def test_a_paper_entered_after_a_deleted_one_does_not_inherit_its_trail(demo_ctx):
    """The clerk types a paper by mistake, deletes it, and types the next: the next paper
    was given the deleted one's 登记号, and its 修改记录 showed the other paper's edits
    and its deletion as its own."""
    ctx, reg = demo_ctx, demo_ctx.reg
    ctx.set_operator("录入员甲")
    wrong = ops.save_application(ctx, a_paper(
        reg, title="错录的专利", patent_number_raw=INVENTION, inventor_name="王错",
        id_number=ID_1, card_number=CARD_1)).value
    ops.save_application(ctx, replace(reg.patent(wrong), title="错录的专利（改）"))
    assert ops.delete_application(ctx, "patent", wrong).ok
    ctx.set_operator("录入员乙")
    right = ops.save_application(ctx, a_paper(
        reg, title="正确的专利", patent_number_raw=INVENTION_2, inventor_name="李对",
        id_number=ID_2, card_number=CARD_2)).value

    assert right != wrong
    text = trail(reg, "patent", right)
    assert "录入员乙 新建" in text
    assert "错录" not in text and "删除" not in text and "录入员甲" not in text


def test_a_deletion_undone_keeps_the_papers_number_and_its_trail(demo_ctx):
    ctx, reg = demo_ctx, demo_ctx.reg
    paper = next(p for p in reg.patents(2022) if p.status == "registered")
    ctx.set_operator("录入员甲")
    ops.save_application(ctx, replace(paper, remarks="原件已核对"))
    assert ops.delete_application(ctx, "patent", paper.id).ok
    ctx.set_operator("录入员乙")
    ctx.undo_stack.undo()

    assert ctx.ids.current("patent", paper.id) == paper.id
    assert reg.patent(paper.id).remarks == "原件已核对"
    text = trail(reg, "patent", paper.id)
    assert "录入员乙 恢复（撤销删除）" in text
    assert "录入员甲 删除" in text
    assert "备注：（空） → 原件已核对" in text  # the edit before the deletion is still there
    assert "身份证号" not in text  # the restore lists no record (its values are above)

    ctx.undo_stack.redo()  # deleted again, then an entry undone and redone: same number
    assert reg.scalar("SELECT COUNT(*) FROM patent_applications WHERE id = ?", (paper.id,)) == 0
    ctx.undo_stack.undo()
    assert reg.patent(paper.id).title == paper.title


def test_an_entry_undone_and_redone_keeps_its_number(demo_ctx):
    ctx, reg = demo_ctx, demo_ctx.reg
    new = ops.save_application(ctx, a_paper(
        reg, title="新录入的专利", patent_number_raw=INVENTION, inventor_name="王新",
        id_number=ID_1, card_number=CARD_1)).value
    ctx.undo_stack.undo()
    ctx.undo_stack.redo()
    assert ctx.ids.current("patent", new) == new
    assert reg.patent(new).title == "新录入的专利"
    text = trail(reg, "patent", new)
    assert "恢复（撤销删除）" in text and "删除" in text


def test_an_import_after_a_deletion_takes_fresh_numbers(demo_ctx):
    """The batch path numbers its rows itself (insert_patents): not a deleted paper's."""
    ctx, reg = demo_ctx, demo_ctx.reg
    wrong = ops.save_application(ctx, a_paper(
        reg, title="错录的专利", patent_number_raw=INVENTION, inventor_name="王错",
        id_number=ID_1, card_number=CARD_1)).value
    assert ops.delete_application(ctx, "patent", wrong).ok
    (record,) = reg.insert_patents([a_paper(
        reg, title="导入的专利", patent_number_raw=INVENTION_2, inventor_name="李导",
        id_number=ID_2, card_number=CARD_2)], source="表.xlsx")
    imported = record.id
    assert imported != wrong
    assert [e["action"] for e in reg.audit_trail("patent_applications", imported)] == ["create"]
