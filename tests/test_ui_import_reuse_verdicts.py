"""导入 after the preview stores the verdicts the preview judged (its 导入后资格 column)
instead of judging the rows a second time, while nothing has been written to the register
since the preview began judging; a write in between (this window's, or another
connection's) and the import judges the rows again, its verdicts reflecting the write."""

from __future__ import annotations

import pytest
from fixtures.summary_sheets import ID_2, INVENTION
from PySide6.QtCore import Qt
from test_ui_import import TWO_GOOD, open_dialog, patent_row, read, summary_table
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.models import Register
from boostdesk.rules import check
from boostdesk.rules.findings import stored_findings

__all__ = ["answers", "ctx", "qsettings", "window"]


def _judging(monkeypatch) -> list[int]:
    """The rows each ``judge_new`` call judged, from now on."""
    calls: list[int] = []
    real = check.judge_new

    def counted(reg, records, kept=None):
        calls.append(len(records))
        return real(reg, records, kept)

    monkeypatch.setattr(check, "judge_new", counted)
    return calls


def _previewed(qtbot, window, tmp_path):
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, summary_table(tmp_path / "haidian.xlsx", TWO_GOOD))
    model = dialog.model
    qtbot.waitUntil(lambda: model.verdicts is not None, timeout=10_000)
    return dialog, {row: model.verdict(row).findings for row in (3, 4)}


def _imported(qtbot, dialog, reg) -> list[tuple]:
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    return [stored_findings(f) for (f,) in reg.conn.execute(
        "SELECT findings FROM patent_applications WHERE title != '先登记的专利' ORDER BY id")]


def test_the_import_stores_the_previews_verdicts_without_judging_again(
        window, qtbot, reg, answers, tmp_path, monkeypatch):
    dialog, said = _previewed(qtbot, window, tmp_path)
    judging = _judging(monkeypatch)
    assert _imported(qtbot, dialog, reg) == [said[3], said[4]]
    assert judging == []  # judged once, by the preview
    assert answers.infos[-1][1].startswith("haidian.xlsx：导入 2 行")


def _write_on(reg, tmp_path) -> None:
    """李四's number registered for 乙 first: the table's row 4 is no longer the first
    claim on it."""
    other = summary_table(tmp_path / "other.xlsx", [patent_row(
        专利名称="先登记的专利", 第一发明人="乙", 身份证号=ID_2, 专利号=TWO_GOOD[1]["专利号"],
        工会会员互助服务卡号="")])
    commit(reg, read_table(other, 2022), backup=False)


@pytest.mark.parametrize("writer", ["window", "another connection"])
def test_a_write_after_the_preview_has_the_import_judge_again(
        window, qtbot, reg, answers, tmp_path, monkeypatch, writer):
    dialog, said = _previewed(qtbot, window, tmp_path)
    if writer == "window":
        _write_on(reg, tmp_path)  # the window's own connection
    else:
        with Register.open(reg.path, operator="另一位", create=False) as other:
            _write_on(other, tmp_path)
    judging = _judging(monkeypatch)
    first, second = _imported(qtbot, dialog, reg)
    assert judging == [2]  # judged again, on the register as it is now
    assert first == said[3]
    assert second != said[4]  # the write's effect, not the preview's
    assert "DUPLICATE_APPLICATION" in {f.code for f in second}
    assert INVENTION  # (row 3's number: nobody else's)
