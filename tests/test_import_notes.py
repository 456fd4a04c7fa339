"""备注 of a summary table on several lines (Alt+Enter in its cell, a wrapped cell) is
imported on several lines, as the form's 备注 stores them (Shift/Ctrl+Enter): the table's
other cells still fold a line break as before. Re-exported and sent again, such a note is
the same note; its lines changed, it is a difference, said on one line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from fixtures.summary_sheets import (
    PATENT_HEADERS,
    PROJECT_HEADERS,
    patent_row,
    project_row,
)
from openpyxl.styles import Alignment

from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.models import PatentApplication

PATENT_TITLE = ["2022年职工创新发明专利助推汇总表"]
PROJECT_TITLE = ["2022年职工创新工作室项目助推汇总表"]
TEAM = "团队成员：王五、赵六、钱七"
NOTE = f"{TEAM}\n启动资金已到位\n附：立项批复复印件"


def wrapped_sheet(path: Path, title: list[str], headers: list[str], *rows: list[object],
                  escape: str = "") -> Path:
    """A table as Excel or WPS saves it: each 备注 cell wrapped (its Alt+Enter breaks shown).
    ``escape``: what a writer put before each line break, as it stands in the file's XML
    (Excel's own ``_x000D_``, or ``_x005F_x000D_`` from one that escaped the underscore)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (title, headers, *rows):
        ws.append(row)
    column = headers.index("备注") + 1
    for r in range(3, 3 + len(rows)):
        ws.cell(r, column).alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(path)
    if escape:
        with zipfile.ZipFile(path) as z:
            parts = {name: z.read(name) for name in z.namelist()}
        with zipfile.ZipFile(path, "w") as z:
            for name, data in parts.items():
                if name.endswith(".xml"):
                    data = data.replace(b"\n", escape.encode() + b"\n")
                z.writestr(name, data)
    return path


def test_a_wrapped_note_is_imported_on_its_lines_and_the_other_cells_fold_theirs(tmp_path):
    path = wrapped_sheet(tmp_path / "海淀.xlsx", PATENT_TITLE, PATENT_HEADERS, patent_row(
        专利名称="一种焊缝缺陷的\n超声检测方法", 所在单位="北京某某\n科技有限公司", 备注=NOTE))
    assert openpyxl.load_workbook(path).active["N3"].alignment.wrap_text
    preview = read_table(path, 2022)
    assert preview.errors == []
    [app] = preview.records
    assert app.remarks == NOTE
    assert (app.title, app.enterprise_name) == ("一种焊缝缺陷的超声检测方法", "北京某某科技有限公司")


def test_a_note_imported_is_what_the_forms_notes_field_stores_of_it(tmp_path, qtbot):
    """Spaces before a break, a blank line, a tab, a zero-width space and blank lines at the
    end: typed into the form's 备注 or read from the cell, one note."""
    from boostdesk.ui.form_widgets import NotesField

    typed = f"  {TEAM}  \n\n启动资金\t已到位\u200b\n\n"
    path = wrapped_sheet(tmp_path / "朝阳.xlsx", PROJECT_TITLE, PROJECT_HEADERS,
                         project_row(备注=typed))
    [project] = read_table(path, 2022).records
    field = NotesField()
    qtbot.addWidget(field)
    field.set_value(typed)
    assert project.remarks == field.value() == f"{TEAM}  \n\n启动资金 已到位"


def test_a_note_whose_breaks_a_writer_wrote_with_carriage_returns_keeps_one_break_each(
        tmp_path):
    """\\r\\n (Excel's _x000D_ before each break: calamine gives it back as \\r) and the text
    “_x000D_” (a writer that escaped the underscore too): one \\n each, no _x000D_ stored."""
    for escape in ("_x000D_", "_x005F_x000D_"):
        path = wrapped_sheet(tmp_path / f"{escape}.xlsx", PATENT_TITLE, PATENT_HEADERS,
                             patent_row(备注=NOTE, 专利名称="一种焊缝缺陷的\n超声检测方法"),
                             escape=escape)
        [app] = read_table(path, 2022).records
        assert app.remarks == NOTE, escape
        assert app.title == "一种焊缝缺陷的超声检测方法", escape  # folded, as before


def test_a_note_kept_on_its_lines_when_stored(reg, tmp_path):
    path = wrapped_sheet(tmp_path / "海淀.xlsx", PATENT_TITLE, PATENT_HEADERS,
                         patent_row(备注=NOTE))
    commit(reg, read_table(path, 2022))
    [app] = reg.patents(2022)
    assert app.remarks == NOTE


def exported(reg, tmp_path: Path) -> Path:
    from boostdesk.io.export_summary import build_summary, write_summary_xlsx

    return write_summary_xlsx(tmp_path / "汇总表.xlsx",
                              build_summary(reg, "patent", 2022, unmasked=True))


def typed_paper(reg, remarks: str = NOTE) -> PatentApplication:
    """A paper typed at the desk, its 备注 on three lines (the form's NotesField)."""
    row = dict(zip(PATENT_HEADERS, patent_row(), strict=True))
    reg.save_patent(PatentApplication(
        2022, title=str(row["专利名称"]), patent_number_raw=str(row["专利号"]),
        grant_date=row["授权公告日"],  # type: ignore[arg-type]
        inventor_name="张三", id_number=str(row["身份证号"]),
        card_number=str(row["工会会员互助服务卡号"]), phone="13800138000",
        unit_name="北京市海淀区总工会", enterprise_name="北京某某科技有限公司", frontline=True,
        service_invention=True, applied_in_production=True, remarks=remarks))
    return reg.patents(2022)[0]


def test_a_typed_note_exported_and_sent_back_is_the_same_note(reg, tmp_path):
    """The summary workbook writes the note as a wrapped cell on its lines; the same table
    sent again read it on one line, and 按表更新 named a 备注 no one changed."""
    from boostdesk.io.resend import compare, unmask

    typed_paper(reg)
    out = exported(reg, tmp_path)
    ws = openpyxl.load_workbook(out).active
    cell = ws.cell(3, [c.value for c in ws[2]].index("备注") + 1)
    assert (cell.value, cell.alignment.wrap_text) == (NOTE, True)
    preview = read_table(out, 2022)
    assert [r.remarks for r in preview.records] == [NOTE]
    # (finance's copy masks the phone since stop 40: read back as the import reads it)
    [match] = compare(reg, unmask(reg, preview)).values()
    assert [d.field for d in match.differences] == []


def test_a_note_sent_again_with_other_lines_differs_and_is_said_on_one_line(reg, tmp_path):
    """Its lines are the note's: the same words broken otherwise are a difference, taken by
    按表更新 as the table has it; the difference says each break as ↵ (its text is one line
    of the preview's 原因 and of the problem list)."""
    from boostdesk.io.resend import apply, compare

    typed_paper(reg, f"{TEAM} 启动资金已到位")
    path = wrapped_sheet(tmp_path / "海淀（更正）.xlsx", PATENT_TITLE, PATENT_HEADERS,
                         patent_row(备注=f"{TEAM}\n启动资金已到位"))
    matches = compare(reg, read_table(path, 2022))
    [match] = matches.values()
    [difference] = match.differences
    assert difference.field == "remarks"
    said = str(difference)
    assert "\n" not in said
    assert said == f"备注：登记册为“{TEAM} 启动资金已到位”，表中为“{TEAM}↵启动资金已到位”"
    with reg.transaction():
        apply(reg, "patent", matches, "海淀（更正）.xlsx")
    assert reg.patents(2022)[0].remarks == f"{TEAM}\n启动资金已到位"


def test_the_import_preview_shows_a_note_of_several_lines_on_one_line(tmp_path, qtbot):
    """The preview's row is one line high: a note's second line drawn in it was cut in half
    (and the first half hidden). Each break shows as ↵; the row's copy (Ctrl+C) takes the same."""
    from boostdesk.ui.import_dialog import FIRST_FIELD, PreviewModel

    path = wrapped_sheet(tmp_path / "海淀.xlsx", PATENT_TITLE, PATENT_HEADERS,
                         patent_row(备注=NOTE))
    preview = read_table(path, 2022)
    model = PreviewModel(preview, {})
    column = FIRST_FIELD + model.fields.index("remarks")
    assert model.data(model.index(0, column)) == NOTE.replace("\n", "↵")
