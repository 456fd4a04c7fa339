"""取消 while the import preview checks a large table's rows (after the read): the checking
stops at the next row, not at the end of its step. A 20,000-row table went on for 4.5–6 s
after 取消 (the window, closing, frozen while it waited): the rules judged every row, and
the studio notes built a set per row, before the flag was looked at again."""

from __future__ import annotations

import pytest
from fixtures.summary_sheets import (
    PATENT_HEADERS,
    numbered_name,
    patent_no,
    patent_row,
    resident_id,
    write_sheet,
)

from boostdesk.io.errors import ImportCancelled
from boostdesk.io.importer import read_table
from boostdesk.models import Register
from boostdesk.rules import patent as patent_rules
from boostdesk.ui.import_dialog import analyse, judge_preview, to_store

ROWS = 150


def _table(tmp_path):
    return write_sheet(tmp_path / "t.xlsx", [PATENT_HEADERS, *(
        patent_row(序号=n, 第一发明人=numbered_name("张", n),
                   身份证号=resident_id(f"11010519800101{n:03d}"),
                   专利号=patent_no(f"2021101{n:05d}"))
        for n in range(1, ROWS + 1))])


class _Flag:
    """取消, pressed once the rules have judged their first row; counts the rows judged
    after it."""

    def __init__(self, monkeypatch) -> None:
        self.set = False
        self.after = 0
        made = patent_rules.campaign_judge

        def counting(campaign):
            judge = made(campaign)

            def one(app):
                if self.set:
                    self.after += 1
                self.set = True
                return judge(app)
            return one
        monkeypatch.setattr(patent_rules, "campaign_judge", counting)

    def __call__(self) -> bool:
        return self.set


def test_the_preview_stops_judging_rows_soon_after_cancel(tmp_path, monkeypatch):
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        preview = read_table(_table(tmp_path), 2022, campaign=reg.campaign(2022))
        assert len(preview.records) == ROWS
        flag = _Flag(monkeypatch)
        with pytest.raises(ImportCancelled):
            analyse(reg, preview, False, flag)
    assert flag.set
    assert flag.after <= 1  # was every other row: the verdicts were all made, then shown


def test_judging_again_in_the_background_stops_too(tmp_path, monkeypatch):
    """The verdicts judged again (收件日期 or a box changed) on the worker: the same."""
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        preview = read_table(_table(tmp_path), 2022, campaign=reg.campaign(2022))
        flag = _Flag(monkeypatch)
        with pytest.raises(ImportCancelled):
            judge_preview(reg, to_store(preview, {}, {}), False, None, None, flag)
        assert flag.after <= 1
        assert reg.patents(2022) == []  # rolled back: nothing stored


def test_uncancelled_the_preview_judges_every_row(tmp_path):
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        preview = read_table(_table(tmp_path), 2022, campaign=reg.campaign(2022))
        read = analyse(reg, preview, False, lambda: False)
    assert read.verdicts is not None and len(read.verdicts) == ROWS
