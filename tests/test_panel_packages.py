"""Offline scoring packages: layout, round trip, and every kind of tampering refused."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from boostdesk.models import Register
from boostdesk.panel.errors import PackageRefused
from boostdesk.panel.experts import assign, auto_assign, expert_by_name, unassign
from boostdesk.panel.grid import Criterion, save_grid
from boostdesk.panel.package_export import export_packages
from boostdesk.panel.package_import import import_package
from boostdesk.panel.scoring import expert_sheet, panel_scores
from tests import libreoffice
from tests.test_package_fill_support import saved_on as _saved_on
from tests.test_panel_support import CITY, DISTRICT, YEAR, add_experts, make_project, to_review

HEADERS = ["项目编号", "项目名称", "科技含量（满分20）", "填补技术空白（满分15）",
           "对企业转型升级、技术革新的推动作用（满分15）", "解决工艺技术难题（满分15）",
           "职工技能培养功能（满分15）", "实施可行性（满分10）", "预算合理性（满分10）", "评语",
           "合计（自动计算）"]


@pytest.fixture
def panel(reg):
    ids = [make_project(reg, "特殊钢连铸坯质量在线判定系统研发", "李红兵劳模创新工作室", CITY),
           make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", DISTRICT)]
    to_review(reg, *ids)
    experts = add_experts(reg, 3)
    auto_assign(reg, YEAR, per_project=3)
    return ids, experts


def _export(reg, tmp_path, name="专家1") -> Path:
    [path] = export_packages(reg, YEAR, tmp_path / "out", [name])
    return path


def _fill(path: Path, rows: list[list[object]], comment: str = "建议加强成果推广") -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["评分表"]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=3):
            ws.cell(row=r, column=c, value=value)
        ws.cell(row=r, column=3 + len(values), value=comment)
    wb.save(path)


GOOD = [[18, 12.5, 13, 12, 11, 8, 9], [15, 10, 10, 10, 10, 7, 6]]


def _stored_scores(reg) -> int:
    return reg.scalar("SELECT COUNT(*) FROM scores")


def test_package_layout_headers_summary_protection_and_validation(reg, panel, tmp_path):
    ids, _ = panel
    path = _export(reg, tmp_path)
    assert path.name == "2022年度专家评分包_专家1.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["填写说明", "评分表", "项目概况", "签名"]
    assert wb.active.title == "填写说明"  # the notes open first
    ws = wb["评分表"]
    assert [c.value for c in ws[1]] == HEADERS
    assert [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in (2, 3)] == [
        (str(ids[0]), "特殊钢连铸坯质量在线判定系统研发"), (str(ids[1]), "五轴数控加工程序优化")]
    assert ws.protection.sheet
    assert ws["A2"].protection.locked and ws["B2"].protection.locked
    assert not ws["C2"].protection.locked and not ws["J3"].protection.locked
    rules = {str(dv.sqref): (dv.type, dv.formula1) for dv in ws.data_validations.dataValidation}
    assert rules["C2:C3"] == ("custom", "AND(ISNUMBER(C2),C2>=0,C2<=20,ROUND(C2,1)=C2)")
    assert rules["I2:I3"] == ("custom", "AND(ISNUMBER(I2),I2>=0,I2<=10,ROUND(I2,1)=I2)")
    assert wb["签名"].sheet_state == "veryHidden"
    summary = [[str(v) for v in row if v is not None] for row in wb["项目概况"].iter_rows(values_only=True)]
    text = "".join("".join(r) for r in summary)
    assert "李红兵劳模创新工作室" in text and "¥400,000.00" in text
    assert "13800138000" not in text and "联系人" not in text  # no phone, no contact person
    # Printed (a reviewer may score on paper first): landscape A4, one page wide, the header
    # on every page; the project columns stay in view on screen.
    for sheet in (ws, wb["项目概况"]):
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
            "landscape", 9, 1, 0)  # 9: A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1" and sheet.freeze_panes == "C2"


def test_round_trip_stores_submitted_scores_and_comments(reg, panel, tmp_path):
    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    result = import_package(reg, path, year=YEAR, expert_name="专家1")
    assert (result.expert, result.projects, result.replaced) == ("专家1", 2, False)
    sheet = {r.project_id: r for r in expert_sheet(reg, experts[0])}
    assert sheet[ids[0]].submitted and sheet[ids[0]].comment == "建议加强成果推广"
    assert sorted(sheet[ids[0]].scores_x10.values()) == [80, 90, 110, 120, 125, 130, 180]
    assert panel_scores(reg, YEAR)[ids[0]].totals == (83.5,)
    assert panel_scores(reg, YEAR)[ids[1]].totals == (68,)


@pytest.mark.skipif(libreoffice.missing() is not None, reason=str(libreoffice.missing()))
def test_package_filled_and_saved_by_libreoffice_is_imported(reg, panel, tmp_path):
    """The file a reviewer hands back from a spreadsheet program (LibreOffice Calc here,
    driven through UNO; WPS and Excel write the same format) passes every tamper check."""
    ids, experts = panel
    filled = tmp_path / "filled-by-calc.xlsx"
    assert libreoffice.fill("package", _export(reg, tmp_path), filled, tmp_path) == 2
    result = import_package(reg, filled, year=YEAR, expert_name="专家1")
    assert (result.expert, result.projects) == ("专家1", 2)
    sheet = {r.project_id: r for r in expert_sheet(reg, experts[0])}
    assert sheet[ids[0]].comment == "第1项：同意推荐"
    assert sheet[ids[1]].scores_x10 and all(v is not None for v in sheet[ids[1]].scores_x10.values())


def test_reimport_replaces_the_earlier_scores_and_is_audited(reg, panel, tmp_path):
    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    from boostdesk.safety.backup import list_backups

    import_package(reg, path)
    assert [b for b in list_backups(reg.path) if b.reason == "scores"] == []  # nothing replaced
    corrected = [[20, 15, 15, 15, 15, 10, 10], GOOD[1]]
    _fill(path, corrected, comment="更正")
    assert import_package(reg, path, replace=True).replaced  # confirmed: the expert's correction
    assert len([b for b in list_backups(reg.path) if b.reason == "scores"]) == 1  # the earlier kept
    assert panel_scores(reg, YEAR)[ids[0]].totals == (100,)
    assert _stored_scores(reg) == 14
    events = [e for e in reg.audit_trail("assignments", expert_sheet(reg, experts[0])[0].assignment_id)
              if e["action"] == "score"]
    assert len(events) == 2
    assert events[1]["before"]["scores"]["科技含量"] == "18"
    assert events[1]["after"]["scores"]["科技含量"] == "20"
    assert events[1]["after"]["note"] == f"评分包 {path.name}"


def test_the_same_package_imported_again_says_so_and_stores_nothing(reg, panel, tmp_path):
    """The reviewer's e-mail opened twice (or the CLI run again on the folder): not
    “已替换”, as if other scores had replaced these, but said as the scores already stored;
    no backup, one audit line (it came back, 未改动), the submission time kept."""
    import shutil

    from boostdesk.safety.backup import list_backups

    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    import_package(reg, path)
    events = reg.scalar("SELECT COUNT(*) FROM audit_events")
    submitted = [r.assignment_id for r in expert_sheet(reg, experts[0])]
    stamps = reg.query("SELECT id, submitted_at FROM assignments ORDER BY id")
    again = import_package(reg, path)
    assert again.unchanged and not again.replaced and again.changes == ()
    said = again.headline(path.name)
    assert said.startswith(f"未改动：{path.name} 中专家“专家1”对 2 个项目的评分和评语与登记册中"
                           "已提交的相同（此前已于 ")
    assert said.endswith(" 导入），本次未存入任何内容")
    assert reg.scalar("SELECT COUNT(*) FROM audit_events") == events + 1
    assert [b for b in list_backups(reg.path) if b.reason == "scores"] == []
    assert reg.query("SELECT id, submitted_at FROM assignments ORDER BY id") == stamps
    assert submitted  # the expert's rows were there to compare
    forwarded = tmp_path / "转发：评分包.xlsx"  # the same file under another name
    shutil.copy(path, forwarded)
    said = import_package(reg, forwarded).headline(forwarded.name)
    assert said.startswith("未改动：") and f"导入同一评分包（{path.name}）" in said


def test_the_old_package_sent_again_after_the_new_one_asks_no_rescoring(reg, panel, tmp_path):
    """The reviewer scored the late project in a package exported again, then sent the
    first package once more: it was said to lack the project (请重新导出…交其补评), and the
    评审汇总表 said its one project was 跳过（已回避或已不在评审中）: neither was true."""
    from boostdesk.panel.score_summary import panel_summary

    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    late = make_project(reg, "后分配的项目", "后来的工作室", CITY)
    to_review(reg, late)
    assign(reg, experts[0], late)
    import_package(reg, path)
    again = _export(reg, tmp_path / "again")
    _fill(again, [*GOOD, GOOD[1]])
    import_package(reg, again)
    result = import_package(reg, path)  # yesterday's package, sent once more
    assert result.unchanged
    assert result.skipped == ("导出后专家“专家1”新分配了项目“后分配的项目”，本评分包中没有该项目，"
                              "其评分已由较新的评分包交回，无需补评",)
    notes = [x.note for x in panel_summary(reg, YEAR).returns if x.expert == "专家1"]
    assert notes[0].endswith("本包中没有导出后新分配的 1 项")
    assert notes[-1].endswith("本包中没有导出后新分配的 1 项，其评分已由较新的评分包交回")
    assert not any("跳过" in n for n in notes)


def test_a_changed_package_says_already_replaced_with_what_changed(reg, panel, tmp_path):
    """Only the project whose scores or comment differ is stored again (and audited);
    the office reads what changed."""
    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    import_package(reg, path)
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["C2"] = 20
    wb["评分表"]["J2"] = "更正：创新性突出"
    wb.save(path)
    result = import_package(reg, path, replace=True)
    assert result.replaced and not result.unchanged
    assert result.headline(path.name) == f"已替换专家“专家1”的评分（2 个项目中 1 个有改动）：{path.name}"
    assert result.changes == ("项目“特殊钢连铸坯质量在线判定系统研发”：科技含量 18 → 20，评语已修改",)
    sheet = {r.project_id: r for r in expert_sheet(reg, experts[0])}
    scored = [e for e in reg.audit_trail("assignments", sheet[ids[1]].assignment_id)
              if e["action"] == "score"]
    assert len(scored) == 1  # the unchanged project: no second line
    assert sheet[ids[0]].comment == "更正：创新性突出"


def test_panel_import_of_the_same_package_twice_says_unchanged(reg, panel, tmp_path, capsys):
    from boostdesk.cli import main

    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    db = reg.path
    reg.close()
    assert main(["panel", "import", str(path), "--db", str(db)]) == 0
    assert main(["panel", "import", str(path), "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"已导入专家“专家1”对 2 个项目的评分（2022 年度）：{path}"
    assert out[1].startswith(f"未改动：{path} 中专家“专家1”对 2 个项目的评分和评语（2022 年度）"
                             "与登记册中已提交的相同（此前已于 ")


def test_exported_package_carries_the_scores_already_given(reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    import_package(reg, path)
    again = _export(reg, tmp_path / "again")
    ws = openpyxl.load_workbook(again)["评分表"]
    assert [ws.cell(2, c).value for c in range(3, 10)] == [18, 12.5, 13, 12, 11, 8, 9]


def _refused(reg, path, match: str, **kw) -> PackageRefused:
    with pytest.raises(PackageRefused) as info:
        import_package(reg, path, **kw)
    assert any(match in r for r in info.value.reasons), info.value.reasons
    assert _stored_scores(reg) == 0
    return info.value


def _valid(formula: str, cell: str, value: object) -> bool:
    """The cell's validation formula worked out for ``value`` typed in ``cell``, as a
    spreadsheet would (AND, ISNUMBER, ROUND half away from zero)."""
    from decimal import ROUND_HALF_UP, Decimal

    def rnd(x, n):
        return float(Decimal(str(x)).quantize(Decimal(1).scaleb(-n), ROUND_HALF_UP))

    expr = (formula.replace("<=", "≤").replace(">=", "≥").replace("=", "==")
            .replace("≤", "<=").replace("≥", ">=").replace(cell, "v")
            .replace("AND(", "all_(").replace("ISNUMBER(", "isnum(").replace("ROUND(", "rnd("))
    return bool(eval(expr, {"all_": lambda *a: all(a), "rnd": rnd, "v": value,
                            "isnum": lambda x: isinstance(x, (int, float))}))


def test_score_cells_take_what_the_import_takes_one_decimal_at_most(reg, panel, tmp_path):
    """12.25 passed the cell's check (a plain decimal rule) and the import then refused the
    package: the cells allow what the import allows, and their message says so."""
    path = _export(reg, tmp_path)
    ws = openpyxl.load_workbook(path)["评分表"]
    [dv] = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref) == "D2:D3"]
    assert [_valid(dv.formula1, "D2", v) for v in (12.25, 12.5, 0, 15, 15.5, -1, 3.05)] == [
        False, True, True, True, False, False, False]
    assert "ISNUMBER(D2)" in dv.formula1  # text typed in is refused too
    assert "最多保留一位小数" in dv.prompt and "12.25" in dv.prompt
    assert "最多保留一位小数" in dv.error


def test_edited_fixed_cell_is_refused_and_nothing_stored(reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["B2"] = "特殊钢连铸坯质量在线判定系统研发（修订）"
    wb.save(path)
    _refused(reg, path, "评分表 B2 单元格被改动（应为“特殊钢连铸坯质量在线判定系统研发”")


def test_edited_header_or_extra_cell_is_refused(reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["C1"] = "科技含量（满分25）"
    wb["评分表"]["L3"] = "加分 5"
    wb.save(path)
    refusal = _refused(reg, path, "评分表 C1 单元格被改动")
    assert "评分表右侧多出一列（L 列，无表头，第 3 行有内容），请删除该列后再交回" in refusal.reasons


def test_edited_summary_sheet_is_refused(reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    wb = openpyxl.load_workbook(path)
    wb["项目概况"]["L2"] = "¥800,000.00"
    wb.save(path)
    _refused(reg, path, "“项目概况”工作表被改动")


def test_edited_signature_sheet_is_refused(reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    wb = openpyxl.load_workbook(path)
    sig = wb["签名"]
    sig["A2"] = sig["A2"].value.replace("专家1", "专家2")
    wb.save(path)
    _refused(reg, path, "签名不符")


def test_package_of_another_register_is_refused(reg, panel, tmp_path):
    other = Register.open(tmp_path / "other.db", operator="外单位")
    try:
        pid = make_project(other, "特殊钢连铸坯质量在线判定系统研发", "李红兵劳模创新工作室", CITY)
        to_review(other, pid)
        [e] = add_experts(other, 1)
        assign(other, e, pid)
        [path] = export_packages(other, YEAR, tmp_path / "foreign")
    finally:
        other.close()
    _fill(path, GOOD[:1])
    _refused(reg, path, "不是由本登记册导出的")


def test_package_for_another_expert_or_campaign_is_refused(reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    _refused(reg, path, "该评分包属于专家“专家1”，不是“专家2”", expert_name="专家2")
    _refused(reg, path, "该评分包属于 2022 年度，当前为 2023 年度", year=2023)


def test_scores_out_of_range_or_missing_are_refused_with_row_and_criterion(reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, [[21, 12, 13, 12, 11, 8, 9], [15, None, 10, 10, 10, 7, "好"]])
    refusal = _refused(reg, path, "评分表第 2 行（项目“特殊钢连铸坯质量在线判定系统研发”）："
                                  "“科技含量”应在 0 到 20 之间，而不是 21")
    reasons = "\n".join(refusal.reasons)
    assert "评分表第 3 行（项目“五轴数控加工程序优化”）：“填补技术空白”未填写" in reasons
    assert "“预算合理性”应填写 0 到 10 之间的数字，而不是“好”" in reasons


def test_a_score_or_comment_left_to_a_formula_without_its_value_is_named_as_such(
        reg, panel, tmp_path):
    """A formula saved by a program that never calculated it (openpyxl, some web sheets)
    holds no value: it is not "未填写", nor an empty comment stored in silence."""
    path = _export(reg, tmp_path)
    _fill(path, [["=10+8", *GOOD[0][1:]], GOOD[1]], comment='="建议"&"推广"')
    reasons = "\n".join(_refused(reg, path, "“科技含量”填的是公式").reasons)
    assert "评分表第 2 行（项目“特殊钢连铸坯质量在线判定系统研发”）：“科技含量”填的是公式" in reasons
    assert "评分表第 3 行" in reasons and "评语填的是公式" in reasons
    assert "未填写" not in reasons


def test_unfilled_package_is_refused_in_one_line(reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    refusal = _refused(reg, path, "中还没有填写任何评分")
    assert len(refusal.reasons) == 1


def test_a_project_no_longer_assigned_since_the_export_is_skipped_and_the_rest_stored(
        reg, panel, tmp_path):
    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    unassign(reg, experts[0], ids[1])
    result = import_package(reg, path)
    assert result.projects == 1
    assert result.skipped == ("导出后项目“五轴数控加工程序优化”已不再分配给专家“专家1”，"
                              "其评分不计入排名，未导入",)
    assert panel_scores(reg, YEAR)[ids[0]].totals == (83.5,)
    assert ids[1] not in panel_scores(reg, YEAR)


def test_a_project_that_left_review_since_the_export_is_skipped_and_the_rest_stored(
        reg, panel, tmp_path):
    """Disqualified after the export (改变状态 → 未获助推): the package is not refused
    whole with nothing to correct; the other rows are stored, in one transaction, and
    the skipped row is named with why."""
    from boostdesk.models.records import PROJECT

    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, [GOOD[0], ["不是分数"] * 7])  # the skipped row is not read
    reg.set_status(PROJECT, ids[1], "not_awarded", "发现重复申报，取消资格")
    result = import_package(reg, path)
    assert (result.projects, result.replaced) == (1, False)
    assert result.skipped == ("项目“五轴数控加工程序优化”导出后已不在专家评审阶段（现为“未获助推”），"
                              "评分包中其评分未导入",)
    [row] = expert_sheet(reg, experts[0])
    assert row.project_id == ids[0] and row.submitted
    assert _stored_scores(reg) == 7
    event = reg.audit_trail("experts", experts[0])[-1]
    assert event["action"] == "import_package" and event["after"]["skipped"] == list(result.skipped)


def test_a_package_whose_every_project_left_review_says_there_is_nothing_to_import(
        reg, panel, tmp_path):
    from boostdesk.models.records import PROJECT

    ids, _ = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    for pid in ids:
        reg.set_status(PROJECT, pid, "not_awarded", "取消资格")
    refusal = _refused(reg, path, "都已结束评审或不再分配给该专家，没有可导入的评分")
    assert refusal.reasons[0] == ("项目“特殊钢连铸坯质量在线判定系统研发”“五轴数控加工程序优化”导出后已不在"
                                  "专家评审阶段（现为“未获助推”），评分包中其评分未导入")
    assert len(refusal.reasons) == 2  # the two projects in one line, not one each


def test_package_is_refused_after_the_grid_changed(reg, tmp_path):
    pid = make_project(reg, "项目", "工作室", CITY)
    to_review(reg, pid)
    [e] = add_experts(reg, 1)
    assign(reg, e, pid)
    [path] = export_packages(reg, YEAR, tmp_path)
    save_grid(reg, YEAR, [Criterion("创新性", 50, 50), Criterion("效益", 50, 50)], confirmed=True)
    _fill(path, GOOD[:1])
    # one line: the grid changed and a new package must go — not also the expert blamed
    # for a header cell (C1) the old grid wrote
    [reason] = _refused(reg, path, "此后 2022 年度评分细则已修改（原为 科技含量 满分20、权重20").reasons
    assert "现为 创新性 满分50、权重50、效益 满分50、权重50" in reason
    assert "不是专家改动了表格" in reason and "请重新导出专家“专家1”的评分包发给专家" in reason
    assert "第 1 行" not in reason and "C 列" not in reason


def test_changing_the_grid_while_packages_are_out_is_asked_first(reg, panel, tmp_path, capsys):
    from boostdesk.panel.grid import PackagesOut, criteria, packages_out

    export_packages(reg, YEAR, tmp_path / "out", ["专家1", "专家2"])
    assert packages_out(reg, YEAR) == ["专家1", "专家2"]
    new = [Criterion("创新性", 50, 50), Criterion("效益", 50, 50)]
    with pytest.raises(PackagesOut) as asked:
        save_grid(reg, YEAR, new)
    assert "已导出 2 位专家的评分包（专家1、专家2）" in str(asked.value)
    assert "交回时将全部无法导入" in str(asked.value)
    assert criteria(reg, YEAR)[0].name == "科技含量"  # nothing changed
    from boostdesk.cli import main

    reg.close()
    capsys.readouterr()
    args = ["panel", "grid", "--db", str(reg.path), "--set", "创新性:50:50", "效益:50:50"]
    assert main(args) != 0
    assert "确认修改请加 --yes 重新运行" in capsys.readouterr().err
    assert main([*args, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "已导出的 2 位专家的评分包（专家1、专家2）已失效" in out
    again = Register.open(reg.path)
    assert [c.name for c in criteria(again, YEAR)] == ["创新性", "效益"]
    assert packages_out(again, YEAR) == []  # the packages made since are the grid's
    again.close()


def test_a_file_that_is_not_a_package_is_refused(reg, panel, tmp_path):
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    _refused(reg, plain, "不是 BoostDesk 导出的评分包")
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook")
    _refused(reg, junk, "不是 Excel 工作簿（.xlsx）")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + bytes(200))
    _refused(reg, broken, "已损坏")
    # Saved as .xls by the reviewer's office (or given an opening password): what to do.
    saved_as_xls = tmp_path / "评分包.xls"
    saved_as_xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000))
    refused = _refused(reg, saved_as_xls, "Excel 97-2003 (.xls)")
    assert "另存为" in refused.reasons[0]
    folder = tmp_path / "专家交回"  # a folder picked instead of the file in it
    folder.mkdir()
    _refused(reg, folder, "专家交回 是文件夹，不是评分包文件：请打开该文件夹，选择专家交回的 .xlsx 文件")
    for path in (junk, broken, saved_as_xls):  # in Chinese: no English from openpyxl
        with pytest.raises(PackageRefused) as info:
            import_package(reg, path)
        assert not re.search(r"[A-Za-z]{4,} [a-z]{3,}", " ".join(info.value.reasons))


def test_export_for_an_unknown_expert_names_the_panel(reg, panel, tmp_path):
    from boostdesk.panel.errors import PanelError

    with pytest.raises(PanelError, match="没有“王五”（已有：专家1、专家2、专家3）"):
        export_packages(reg, YEAR, tmp_path, ["王五"])
    assert expert_by_name(reg, YEAR, " 专家1 ").name == "专家1"


def test_a_score_cell_openpyxl_cannot_read_is_refused_in_chinese_without_a_warning(
        reg, panel, tmp_path):
    """A date cell far out of range (seen in fuzzing): openpyxl warns in English; the
    reviewer's office sees only the Chinese refusal naming the row."""
    import re
    import warnings
    import zipfile
    from datetime import datetime

    path = _export(reg, tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["C2"] = datetime(2022, 1, 1)  # a date format on a score cell
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet2.xml"].decode()
    sheet, n = re.subn(r'(<c r="C2"[^>]*>)<v>[^<]*</v>', r"\1<v>-2.524859578763409e+16</v>", sheet)
    assert n == 1
    parts["xl/worksheets/sheet2.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(PackageRefused) as refused:
            import_package(reg, path, year=YEAR, expert_name="专家1")
    assert any("评分表第 2 行" in p for p in refused.value.reasons), refused.value.reasons


def test_full_width_scores_typed_in_a_package_are_read(reg, panel, tmp_path):
    ids, _ = panel
    path = _export(reg, tmp_path)
    _fill(path, [["１７．５", *GOOD[0][1:]], GOOD[1]])
    import_package(reg, path)
    assert panel_scores(reg, YEAR)[ids[0]].totals == (83,)


def _export_at(reg, monkeypatch, folder: Path, stamp: str) -> Path:
    """A package exported at ``stamp`` (its signature carries the time)."""
    from datetime import datetime

    from boostdesk.panel import package_writer

    class At(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.fromisoformat(stamp)

    monkeypatch.setattr(package_writer, "datetime", At)
    [path] = export_packages(reg, YEAR, folder, ["专家1"])
    monkeypatch.undo()
    return path


def test_a_package_exported_before_the_one_imported_is_refused_naming_both_times(
        reg, panel, tmp_path, monkeypatch):
    ids, _ = panel
    first = _export_at(reg, monkeypatch, tmp_path / "v1", "2022-11-20T10:00:00")
    _fill(first, GOOD)
    import_package(reg, first)
    second = _export_at(reg, monkeypatch, tmp_path / "v2", "2022-11-21T09:30:00")
    corrected = [[20, 15, 15, 15, 15, 10, 10], GOOD[1]]
    _fill(second, corrected)
    assert import_package(reg, second, replace=True).replaced
    from boostdesk.safety.backup import list_backups

    backups = len(list_backups(reg.path))
    with pytest.raises(PackageRefused) as info:  # the first e-mail, opened late
        import_package(reg, first)
    assert len(list_backups(reg.path)) == backups  # refused before any backup
    [reason] = info.value.reasons
    assert "导出于 2022-11-20 10:00:00，早于已导入的专家“专家1”评分包" in reason
    assert f"（{second.name}，导出于 2022-11-21 09:30:00，" in reason
    assert panel_scores(reg, YEAR)[ids[0]].totals == (100,)  # the newer scores stay
    assert import_package(reg, second).unchanged  # the newest again: the scores it stored


def test_panel_import_lists_the_skipped_rows_and_succeeds(reg, panel, tmp_path, capsys):
    from boostdesk.cli import main
    from boostdesk.models.records import PROJECT

    ids, _ = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    reg.set_status(PROJECT, ids[1], "not_awarded", "取消资格")
    db = reg.path
    reg.close()
    assert main(["panel", "import", str(path), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "已导入专家“专家1”对 1 个项目的评分" in out
    assert "  - 项目“五轴数控加工程序优化”导出后已不在专家评审阶段（现为“未获助推”）" in out


def test_an_earlier_save_of_the_same_package_sent_again_is_refused_naming_both_saves(
        reg, panel, tmp_path):
    """The reviewer sent the package, corrected a score, saved and sent it again; the
    first e-mail is opened after the second: its older scores must not replace them."""
    import shutil

    ids, _ = panel
    path = _export(reg, tmp_path)
    first, second = tmp_path / "评分包（第一次发送）.xlsx", tmp_path / "评分包-改.xlsx"
    shutil.copy(path, first)
    _fill(first, GOOD)
    _saved_on(first, "2022-11-20T08:00:00")
    shutil.copy(path, second)
    _fill(second, [[20, 15, 15, 15, 15, 10, 10], GOOD[1]])
    _saved_on(second, "2022-11-20T09:30:00")
    from boostdesk.panel.errors import ReplaceRefused

    import_package(reg, second)
    with pytest.raises(ReplaceRefused) as info:  # imported only when confirmed
        import_package(reg, first)
    reason, differ = info.value.reasons
    assert reason.startswith(f"{first.name} 保存于 ")
    assert f"早于已导入的同一评分包的另一份（{second.name}，保存于 " in reason
    assert "这是专家“专家1”较早保存的版本。请核对哪一份是专家最后交回的文件" in reason
    assert "其中 1 个项目（“特殊钢连铸坯质量在线判定系统研发”）的评分与登记册中该专家已提交的评分不同" in differ
    assert panel_scores(reg, YEAR)[ids[0]].totals == (100,)  # the corrected scores stay
    assert import_package(reg, second).unchanged  # the same file again: nothing to store


def test_a_package_exported_before_scores_were_submitted_on_screen_does_not_replace_them(
        reg, panel, tmp_path, monkeypatch):
    """The expert corrected a score by phone and staff submitted it in 评分录入; the
    package (the same one, sent again) still holds the old score."""
    from boostdesk.panel.scoring import save_scores

    ids, experts = panel
    path = _export_at(reg, monkeypatch, tmp_path / "v1", "2022-11-20T10:00:00")
    _fill(path, GOOD)
    import_package(reg, path)
    sheet = expert_sheet(reg, experts[0])
    corrected = {r.project_id: (dict(r.scores_x10), r.comment) for r in sheet}
    first_criterion = min(corrected[ids[0]][0])
    corrected[ids[0]][0][first_criterion] = 200  # 科技含量 18 → 20
    save_scores(reg, experts[0], corrected, submit=True)
    with pytest.raises(PackageRefused) as info:
        import_package(reg, path)
    [reason] = info.value.reasons
    assert "之后专家“专家1”的评分已于 " in reason and "在“评分录入”中提交" in reason
    assert panel_scores(reg, YEAR)[ids[0]].totals == (85.5,)  # the correction stays
    again = _export(reg, tmp_path / "again")  # carries the correction, and imports
    assert openpyxl.load_workbook(again)["评分表"]["C2"].value == 20
    assert import_package(reg, again).unchanged  # it holds what was submitted on screen


def test_a_renamed_score_sheet_is_found_by_its_header_and_read_with_a_note(reg, panel, tmp_path):
    """评分表 renamed Sheet1 was refused alone, hiding every other error: the file went back
    and forth twice. The sheet is found by what it holds and checked as usual."""
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    wb = openpyxl.load_workbook(path)
    wb["评分表"].title = "张三评分"
    wb.move_sheet("项目概况", offset=-1)  # reordered too
    wb.save(path)
    result = import_package(reg, path)
    assert result.projects == 2
    assert "“评分表”工作表被改名为“张三评分”，已按其内容找到并照常核对（名称不必改回）" in result.notes


def test_a_renamed_score_sheet_with_other_errors_is_refused_with_every_error_at_once(
        reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, [[25, *GOOD[0][1:]], [15, 10, 10, 10, 10, 7, 6.25]])
    wb = openpyxl.load_workbook(path)
    wb["评分表"].title = "Sheet1"
    wb["项目概况"].title = "Sheet2"
    wb.save(path)
    refusal = _refused(reg, path, "评分表第 2 行")
    text = "\n".join(refusal.reasons)
    assert "“科技含量”应在 0 到 20 之间，而不是 25" in text
    assert "最多保留一位小数，而不是 6.25" in text
    assert "另：“评分表”工作表被改名为“Sheet1”" in text
    assert "另：“项目概况”工作表被改名为“Sheet2”" in text
    assert _stored_scores(reg) == 0


def test_a_deleted_score_sheet_is_named_with_the_sheets_the_file_has(reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    wb = openpyxl.load_workbook(path)
    wb.remove(wb["评分表"])
    wb.save(path)
    _refused(reg, path, f"{path.name} 缺少“评分表”工作表（文件中的工作表：“填写说明”、“项目概况”）："
                        "工作表名称被改动或被删除，请把名称改回")


def test_a_row_left_blank_says_how_to_take_a_conflicted_project_off_then_imports(
        reg, panel, tmp_path, monkeypatch):
    """The reviewer would not score a project (they consulted for it) and left its row
    blank: the office is told to register the conflict, and then the rest is imported."""
    from boostdesk.panel.experts import declare_conflict

    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, [GOOD[0], [None] * 7], comment="")
    reason = _refused(reg, path, "评分表第 3 行（项目“五轴数控加工程序优化”）：未评分").reasons[0]
    # most often a row missed: the expert is asked to fill it in, not only a recusal offered
    assert "漏评的，请专家补填该项目的评分后交回" in reason
    assert ("请在“专家评审 → 分配专家”中选中该项目在该专家一列的单元格，点“登记回避…”为其登记回避，"
            "再导入本评分包") in reason and "boostdesk" not in reason  # the window's way
    from boostdesk import said_where

    with monkeypatch.context() as cli:  # the same refusal read on the command line
        cli.setattr(said_where, "_cli", True)
        reason = _refused(reg, path, "未评分").reasons[0]
    assert "请在“分配专家”中（或用 boostdesk panel conflict）为其登记回避，再导入本评分包" in reason
    declare_conflict(reg, experts[0], ids[1], "曾为该项目提供咨询")
    result = import_package(reg, path)
    assert result.projects == 1
    # said as the conflict it is, not as a project taken from the expert since the export
    assert result.skipped == ("专家“专家1”已登记回避项目“五轴数控加工程序优化”（曾为该项目提供咨询），"
                              "该项目跳过，未导入",)


def test_a_package_of_an_expert_whose_name_was_corrected_since_the_export_is_imported(
        reg, panel, tmp_path):
    """专家1 was typed wrong and corrected after the packages went out: the returned package
    was refused as 专家“专家1”已不在评审组中, and the expert would have had to score again."""
    from boostdesk.panel.experts import Expert, expert, save_expert

    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    e = expert(reg, experts[0])
    save_expert(reg, YEAR, Expert("张玮", e.organisation, e.field, e.contact, e.id))
    result = import_package(reg, path, expert_name="张玮")
    assert (result.expert, result.projects) == ("张玮", 2)
    assert expert_sheet(reg, experts[0])[0].submitted
    # the name it was exported under still names it
    assert import_package(reg, path, expert_name="专家1").expert == "张玮"


def _remove_and_add_again(reg, expert_id: int, organisation: str = "清华大学") -> int:
    """删除专家, then 添加专家 again under the same name: a new row, a new id."""
    from boostdesk.panel.experts import Expert, expert, remove_expert, save_expert

    name = expert(reg, expert_id).name
    remove_expert(reg, expert_id)
    return save_expert(reg, YEAR, Expert(name, organisation, "机械"))


def test_a_package_of_an_expert_removed_and_added_again_to_the_same_projects_is_imported(
        reg, panel, tmp_path):
    """专家1 removed by mistake and added again, given back the same two projects, while
    the reviewer filled in the package: it was refused as 已不在评审组 (the new row has a
    new id); the work is the same, so it is theirs, and the office is told."""
    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    again = _remove_and_add_again(reg, experts[0])
    assert again != experts[0]
    for pid in ids:
        assign(reg, again, pid)
    result = import_package(reg, path, expert_name="专家1")
    assert (result.expert, result.projects) == ("专家1", 2)
    assert all(r.submitted for r in expert_sheet(reg, again))
    assert panel_scores(reg, YEAR)[ids[0]].totals == (83.5,)
    [line] = [x for x in result.lines if "重新加入评审组" in x]
    assert line.startswith(f"{path.name} 导出于 ") and "之后专家“专家1”于 " in line
    assert line.endswith("其分配与评分包相同，评分按重新加入的专家“专家1”导入")


def test_a_package_from_before_an_expert_was_removed_and_added_again_to_other_work_is_refused(
        reg, panel, tmp_path):
    """Added again with other assignments (or at another 工作单位): the package predates
    that, and the office is told to export a new one, not that the expert is gone."""
    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    again = _remove_and_add_again(reg, experts[0])
    assign(reg, again, ids[0])
    reason = _refused(reg, path, "评分包早于专家重新加入，不能导入").reasons[0]
    assert "重新加入评审组（删除专家时其分配已取消），此后评分包中的“五轴数控加工程序优化”已不再分配给" \
           "该专家" in reason
    assert reason.endswith("请重新导出该专家的评分包交其填写（原评分包中已填的评分可照抄）")
    assert "已不在" not in reason
    moved = _remove_and_add_again(reg, again, organisation="北京大学")
    for pid in ids:
        assign(reg, moved, pid)
    _refused(reg, path, "工作单位由“清华大学”改为“北京大学”：评分包早于专家重新加入")


def test_a_package_of_an_expert_removed_and_not_added_again_says_when(reg, panel, tmp_path):
    from boostdesk.panel.experts import remove_expert

    _, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    remove_expert(reg, experts[0])
    reason = _refused(reg, path, "专家“专家1”已于 ").reasons[0]
    assert reason.endswith(" 从 2022 年度评审组中删除，评分包不能导入")


@pytest.mark.parametrize("name", ["评分包.xlsx(1)", "评分包.xls", "评分包"])
def test_a_package_renamed_on_its_way_back_is_read_by_its_content(reg, panel, tmp_path, name):
    """A chat program saved the returned package as 评分包.xlsx(1), or someone renamed it:
    it was refused as 文件已损坏 and the expert told to fill a new one."""
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    renamed = path.rename(tmp_path / name)
    assert import_package(reg, renamed).projects == 2


def test_a_project_assigned_after_the_export_leaves_the_rest_of_the_package_stored(
        reg, panel, tmp_path):
    """The office gave the reviewer one more project after the packages went out: the
    returned package was refused whole (请重新导出评分包), and the reviewer had to score
    every project again. Its projects are stored; the new one waits for a package of its
    own, which carries the scores already given."""
    from boostdesk.panel.scoring import progress

    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    late = make_project(reg, "后分配的项目", "后来的工作室", CITY)
    to_review(reg, late)
    assign(reg, experts[0], late)
    result = import_package(reg, path)
    assert result.projects == 2
    assert result.skipped == (
        "导出后专家“专家1”新分配了项目“后分配的项目”，本评分包中没有该项目：请重新导出该专家的"
        "评分包（已评的项目随包带出）交其补评",)
    sheet = {r.project_id: r for r in expert_sheet(reg, experts[0])}
    assert sheet[ids[0]].submitted and sheet[ids[1]].submitted
    assert not sheet[late].submitted and not sheet[late].scores_x10
    assert progress(reg, YEAR)[late].missing == ("专家1",)
    assert late not in panel_scores(reg, YEAR)  # no zero counted for it
    again = _export(reg, tmp_path / "again")
    ws = openpyxl.load_workbook(again)["评分表"]
    assert [ws.cell(r, 2).value for r in (2, 3, 4)] == [
        "特殊钢连铸坯质量在线判定系统研发", "五轴数控加工程序优化", "后分配的项目"]
    assert ws["C2"].value == 18 and ws["C4"].value is None
    _fill(again, [*GOOD, [10, 10, 10, 10, 10, 5, 5]])
    assert import_package(reg, again).projects == 3
    assert panel_scores(reg, YEAR)[late].totals == (60,)


def test_a_package_re_exported_after_the_clock_was_set_right_is_the_newer_one(
        reg, panel, tmp_path, monkeypatch):
    """The first package went out while the office's clock ran a year ahead; the clock set
    right, the corrected re-export was refused as older than the one imported, and every
    re-export again: the order of exports is the register's, not the clock's."""
    ids, _ = panel
    first = _export_at(reg, monkeypatch, tmp_path / "v1", "2023-11-20T10:00:00")
    _fill(first, GOOD)
    import_package(reg, first)
    second = _export_at(reg, monkeypatch, tmp_path / "v2", "2022-11-21T09:30:00")
    _fill(second, [[20, 15, 15, 15, 15, 10, 10], GOOD[1]])
    assert import_package(reg, second, replace=True).replaced
    assert panel_scores(reg, YEAR)[ids[0]].totals == (100,)
    with pytest.raises(PackageRefused, match="早于已导入的专家"):  # the first, opened late
        import_package(reg, first)
