"""The import dialog on a register of four years: what it reads of the earlier years is
what it shows (tests/test_import_history.py has the cases and the reference reads)."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import CARD_1, ID_1, numbered_name, patent_no
from test_import_history import AWARDED_2019, LAST_YEAR, REFUSED_2020, four_years
from test_ui_import import open_dialog, patent_row, read, summary_table
from test_ui_support import answers, closed, ctx, qsettings, window

from boostdesk.rules.findings import stored_findings
from boostdesk.ui.import_dialog import DUPLICATE, READY

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_the_dialog_marks_a_2019_award_and_last_years_table_and_imports_the_rest(
        window, qtbot, reg, answers, tmp_path):
    ids = four_years(reg)
    rows = [
        patent_row(专利号=AWARDED_2019, 第一发明人="张三", 身份证号=ID_1, 工会会员互助服务卡号=CARD_1),
        patent_row(专利号=REFUSED_2020, 专利名称="一种轴承检测装置"),
        *(patent_row(专利号=number, 专利名称=f"一种轴承检测方法{i}", 第一发明人=numbered_name("赵", i),
                     身份证号="", 授权公告日=date(2021, 3, 5))
          for i, number in enumerate(LAST_YEAR)),
    ]
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, summary_table(tmp_path / "t.xlsx", rows))
    assert dialog.model.rows_with(DUPLICATE) == [3, 5, 6]
    assert (f"已登记（2019 年度，专利{ids['awarded_2019']}）"
            in dialog.model.data(dialog.model.index(0, 2)))
    assert dialog.model.rows_with(READY) == [4, 7]  # refused in 2020 and 2021: claim nothing
    assert "是否误把 2021 年度的汇总表再次报送" in dialog.summary.text()
    dialog.commit(skip=True)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    stored = {a.patent_number: a for a in reg.patents(2022)}
    assert set(stored) == {REFUSED_2020, LAST_YEAR[2], patent_no("202110666666")}
    assert not any(f.code == "DUPLICATE_APPLICATION" for f in stored_findings(
        reg.scalar("SELECT findings FROM patent_applications WHERE id = ?",
                   (stored[REFUSED_2020].id,))))
