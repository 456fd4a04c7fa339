"""A masked copy (phones shown 138****0001) sent back to fill a column and imported with
--update-registered: a masked phone that is the registered one's is read as unchanged; one
that fits no registered phone (a new row's, a changed number's) is not stored: the row is
taken without it (a registered paper keeps its phone), said on the row; the phone is
contact data, and no exported copy holds it whole."""

from __future__ import annotations

import openpyxl
from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet

from boostdesk.cli import main
from boostdesk.models import Register

TITLE = ["2022年创新项目助推汇总表"]
SECOND = {"工作室名称": "赵六职工创新工作室", "项目名称": "焊缝缺陷检测", "领衔人": "赵六",
          "序号": 2, "联系电话": "13800000001"}


def _exported(tmp_path, capsys):
    """Two projects imported, then the year's summary exported masked (the default)."""
    db = tmp_path / "r.db"
    first = write_sheet(tmp_path / "朝阳区项目.xlsx",
                        [TITLE, PROJECT_HEADERS, project_row(), project_row(**SECOND)])
    assert main(["import", str(first), "--db", str(db)]) == 0
    out = tmp_path / "汇总表.xlsx"
    assert main(["export", "summary", "project", "--year", "2022", "--db", str(db),
                 "--out", str(out)]) == 0
    capsys.readouterr()
    return db, out


def _edit(path, column: str, values: dict[int, str]) -> None:
    """Type into ``column`` of the sheet's data rows (1-based, under the header)."""
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    header_row = next(r for r in range(1, 5) if ws.cell(r, 2).value == "推荐单位")
    col = next(c.column for c in ws[header_row] if c.value == column)
    for index, text in values.items():
        ws.cell(header_row + index, col).value = text
    wb.save(path)


def test_a_masked_copy_with_its_enterprise_filled_in_updates_the_register(tmp_path, capsys):
    db, out = _exported(tmp_path, capsys)
    wb = openpyxl.load_workbook(out)
    phones = [c.value for row in wb.active.iter_rows() for c in row
              if isinstance(c.value, str) and "*" in c.value]
    assert phones == ["010-****0885", "138****0001"]  # the copy masks them
    _edit(out, "所在单位", {1: "北京第一机床厂", 2: "北京焊接研究所"})
    assert main(["import", str(out), "--db", str(db), "--update-registered",
                 "--update-studios"]) == 0, capsys.readouterr().err
    with Register.open(db) as reg:
        projects = sorted(reg.projects(2022), key=lambda p: p.id)
        assert [(p.contact_phone, p.enterprise_name) for p in projects] == [
            ("010-83570885", "北京第一机床厂"), ("13800000001", "北京焊接研究所")]


def test_a_masked_phone_that_is_no_registered_one_is_left_out(tmp_path, capsys):
    db, out = _exported(tmp_path, capsys)
    _edit(out, "联系电话", {2: "139****0001"})  # a digit it shows is not the register's
    _edit(out, "项目名称", {1: "数控机床精度补偿（二期）"})  # now a new row: no phone to fit
    assert main(["import", str(out), "--db", str(db), "--update-registered",
                 "--update-studios"]) == 0, capsys.readouterr().err
    err = capsys.readouterr().err
    assert "第 3 行“联系电话”中间已用 * 隐去（如 010-****0885），是导出时部分隐去的号码" in err, err
    assert ("第 4 行“联系电话”：电话 139****0001 中间已用 * 隐去，与登记册中项目2的电话不符，"
            "未按表更新，保留登记册中的电话") in err, err
    with Register.open(db) as reg:
        projects = sorted(reg.projects(2022), key=lambda p: p.id)
        assert [(p.title, p.contact_phone) for p in projects] == [
            ("数控机床精度补偿", "010-83570885"), ("焊缝缺陷检测", "13800000001"),
            ("数控机床精度补偿（二期）", "")]
