"""The one table of how many characters each free-text field takes (``field_limits``): the
importer refuses a longer cell by row, as the forms refuse it at save (tests/test_ui_paste.py)."""

from __future__ import annotations

import pytest
from fixtures.summary_sheets import INVENTION_2, PATENT_HEADERS, patent_row, write_sheet

from boostdesk.field_limits import FIELD_LIMITS, check_field, limit_of, pasted_too_long
from boostdesk.io.headers import PATENT_TABLE, PROJECT_TABLE
from boostdesk.io.importer import read_table
from boostdesk.validate import ValidationError


def test_every_text_column_of_both_summary_tables_has_a_limit():
    """A text column the table forgot would store a 100,000-character cell again."""
    from boostdesk.io.headers import NAME, NUMBER, TEXT

    for table in (PATENT_TABLE, PROJECT_TABLE):
        free = {c.field for c in table.columns if c.kind in (TEXT, NAME, NUMBER)}
        assert free - set(FIELD_LIMITS) == set(), table


def test_a_text_at_the_limit_fits_and_one_more_character_is_refused_with_the_numbers():
    limit = FIELD_LIMITS["title"]
    assert check_field("title", "题" * limit) == "题" * limit
    with pytest.raises(ValidationError) as refused:
        check_field("title", "题" * 100_000)
    assert "100,000 字" in refused.value.message and f"可填的 {limit} 字" in refused.value.message
    assert limit_of("grant_date") is None  # a date is read, not counted
    said = pasted_too_long(100_000, "专利名称", limit)
    assert said.startswith(f"粘贴的内容有 100,000 字，超过“专利名称”可填的 {limit} 字")


def test_a_row_with_a_300_character_title_or_note_is_refused_by_row_and_column(tmp_path):
    """One such row took the summary PDF from 38 pages to 831; the rows that fit go in."""
    notes = "很长的备注" * 6_000  # an Excel cell holds at most 32,767
    path = write_sheet(tmp_path / "long.xlsx", [
        PATENT_HEADERS,
        patent_row(专利名称="一" * 300),
        patent_row(专利号=INVENTION_2, 备注=notes),
        patent_row(专利号="ZL202110000002.0", 备注="好" * FIELD_LIMITS["remarks"]),
    ])
    preview = read_table(path, 2022)
    assert [(e.row, e.column) for e in preview.errors] == [(2, "专利名称"), (3, "备注")]
    assert "有 300 字，超过此栏可填的 200 字" in preview.errors[0].message
    assert "有 30,000 字" in preview.errors[1].message
    assert preview.rows == [4]


def test_the_cli_corrections_refuse_a_name_or_reason_longer_than_the_window_takes(reg, capsys):
    """`correct studio` / `correct name` stored what the window's dialogs refuse."""
    from test_finance import add_project

    from boostdesk.cli import main

    add_project(reg)
    reg.close()
    db = str(reg.path)
    long_name = "工" * (FIELD_LIMITS["studio_name"] + 1)
    assert main(["correct", "studio", "李红兵劳模创新工作室", long_name, "--db", db]) != 0
    assert "新名称有 101 字，超过此栏可填的 100 字" in capsys.readouterr().err
    long_reason = "因" * (FIELD_LIMITS["reason"] + 1)
    assert main(["correct", "studio", "李红兵劳模创新工作室", "李红兵创新工作室",
                 "--reason", long_reason, "--db", db]) != 0
    assert "更正原因（--reason）有 501 字" in capsys.readouterr().err
    from boostdesk.models import Register

    with Register.open(db) as again:
        assert again.studio("李红兵劳模创新工作室") is not None
        assert again.studio(long_name) is None and again.studio("李红兵创新工作室") is None
    assert main(["correct", "studio", "李红兵劳模创新工作室", "李红兵创新工作室", "--db", db]) == 0


def test_an_experts_fields_take_the_same_limits_in_the_window_and_the_cli(reg):
    """评审组's 添加专家 and `panel expert add` store through save_expert: an organisation
    pasted with a whole document was stored and printed on every conflict line."""
    from boostdesk.panel.errors import PanelError
    from boostdesk.panel.experts import Expert, save_expert
    from tests.test_panel_support import YEAR

    with pytest.raises(PanelError) as refused:
        save_expert(reg, YEAR, Expert("马丽娟", "单" * 101, "机械", "13722223333"))
    assert str(refused.value).startswith("工作单位有 101 字，超过此栏可填的 100 字")
    with pytest.raises(PanelError):
        save_expert(reg, YEAR, Expert("马丽娟", "北京工业大学", "机" * 30_000))
    assert not reg.query("SELECT id FROM experts")
    assert save_expert(reg, YEAR, Expert("马丽娟", "单" * 100, "机械", "13722223333"))
