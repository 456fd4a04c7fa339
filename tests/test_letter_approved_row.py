"""核对意见 of a row whose registered paper is approved (t-recipient, stop 44).

A union's table sent again gives an approved project another phone: the import keeps the
register's (核准按登记册), and the union's letter said it in the clerk's words cut short —
two masked numbers alike, a fragment with an unmatched bracket, no word that the project is
approved — and asked it to correct the row and send it again, which it would, for ever.
The letter now says the project is approved and stands as registered, which digits of the
two numbers differ, and that a letter is wanted only if the register is wrong."""

from __future__ import annotations

from datetime import date

import openpyxl
from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet

from boostdesk.cli import main
from boostdesk.io.resend_notes import differing_digits
from boostdesk.models import Register
from boostdesk.models.records import PROJECT

CHAOYANG = "北京市朝阳区总工会"
TITLE = ["2022年度职工创新助推计划创新项目汇总表"]


def _import(tmp_path, db, name, *rows, options=()):
    sheet = write_sheet(tmp_path / name, [TITLE, PROJECT_HEADERS, *rows])
    return main(["import", str(sheet), "--db", str(db), *options])


def _refused(tmp_path, db) -> tuple[list[tuple], str]:
    out = tmp_path / "letters"
    assert main(["export", "notices", "--db", str(db), "--out", str(out),
                 "--materials-unticked", "--union", CHAOYANG]) == 0
    [letter] = out.glob("*.xlsx")
    [sheet] = [ws for ws in openpyxl.load_workbook(letter).worksheets
               if ws.title.endswith("（未能登记的行）")]
    return list(sheet.iter_rows(values_only=True)), sheet.title


def test_an_approved_projects_other_phone_is_said_as_approved_not_to_send_again(tmp_path):
    db = tmp_path / "r.db"
    assert _import(tmp_path, db, "朝阳.xlsx", project_row(联系电话="15055173868")) == 0
    with Register.open(db, operator="测试员") as reg:
        for step in ("qualified", "review", "proposed", "publicized"):
            reg.set_status(PROJECT, 1, step)
        reg.set_status(PROJECT, 1, "approved", award_fen=100_000_00,
                       approved_date=date(2022, 12, 15))
    assert _import(tmp_path, db, "朝阳（第2次）.xlsx", project_row(联系电话="15055473868"),
                   project_row(序号=2, 项目名称="液压系统节能改造", 工作室名称="王五职工创新工作室",
                               领衔人="王五"), options=["--skip-bad-rows"]) == 0
    rows, _title = _refused(tmp_path, db)
    [row] = [r for r in rows if r[1] == "第 3 行"]
    why, ask = row[4], row[5]
    assert why.startswith("该项目已登记，已核准，按登记的各项办理，不随汇总表更改")
    assert "联系电话：登记为“150****3868”，表中为“150****3868”（两号码第 6 位不同）" in why
    assert "如登记的有误，请来函更正" in why
    assert why.count("（") == why.count("）")
    for clerks in ("项目1", "备注", "“创新项目”", "登记册", "15055173868", "15055473868"):
        assert clerks not in why, clerks
    assert ask == "无需重新报送；登记的确有误的，请来函更正"
    heading = next(r[0] for r in rows if r[0] and str(r[0]).startswith("推荐单位"))
    assert heading.endswith("请按原因核对") and "重新报送" not in heading
    assert rows[-1][0].startswith("说明：序号、行号为贵单位所报汇总表中的。以上各行的申报已核准"), rows[-1]
    assert "无需重新报送" in rows[-1][0] and "改正后在汇总表中重新报送" not in rows[-1][0]


def test_differing_digits_names_places_not_digits():
    assert differing_digits("15055173868", "15055473868") == "第 6 位"
    assert differing_digits("150 5517 3868", "15055173869") == "第 11 位"
    assert differing_digits("1505517386", "15055173868") == "位数"


def test_the_unions_progress_letter_lists_the_rows_not_registered(tmp_path):
    """推荐单位进度告知单 listed the union's papers only: a row of its table no import
    stored was said nowhere but in the 核对意见. It now says how many and lists them after
    the papers, with the 核对意见's reasons and what to do."""
    import subprocess

    db = tmp_path / "r.db"
    assert _import(tmp_path, db, "朝阳.xlsx", project_row(联系电话="15055173868"),
                   project_row(序号=2, 项目名称="液压系统节能改造", 工作室名称="王五职工创新工作室",
                               领衔人="王五")) == 0
    with Register.open(db, operator="测试员") as reg:
        for step in ("qualified", "review", "proposed", "publicized"):
            reg.set_status(PROJECT, 1, step)
        reg.set_status(PROJECT, 1, "approved", award_fen=100_000_00,
                       approved_date=date(2022, 12, 15))
    assert _import(tmp_path, db, "朝阳（第2次）.xlsx", project_row(联系电话="15055473868"),
                   project_row(序号=2, 项目名称="液压系统节能改造", 工作室名称="王五职工创新工作室",
                               领衔人="王五"), options=["--skip-bad-rows"]) == 1
    pdf = tmp_path / "告知单.pdf"
    assert main(["print", "progress", "--union", CHAOYANG, "--db", str(db),
                 "--out", str(pdf)]) == 0
    text = "".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                  capture_output=True, text=True).stdout.split())
    assert "另有1行未能登记（见本告知单末“未能登记的行”）" in text, text
    assert "创新项目助推：未能登记的行（1行）" in text and "同核对意见“未能登记的行”页" in text
    assert "该项目已登记，已核准" in text and "无需重新报送" in text


def test_a_paper_typed_at_the_desk_before_any_import_is_told_registered(tmp_path):
    """A project entered on its form (no import line of its own) and approved: the union's
    table then lists it with another phone. Its row is the registered paper's, said so
    (其申报此前已登记), not 不在核对意见表中 as if the project were unknown."""
    from boostdesk.models.campaign import CITY
    from boostdesk.models.records import ProjectApplication

    db = tmp_path / "r.db"
    assert _import(tmp_path, db, "朝阳.xlsx", project_row(
        序号=2, 项目名称="液压系统节能改造", 工作室名称="王五职工创新工作室", 领衔人="王五")) == 0
    with Register.open(db, operator="测试员") as reg:
        app_id = reg.save_project(ProjectApplication(
            2022, title="数控机床精度补偿", studio_name="李四职工创新工作室", studio_level=CITY,
            leader="李四", unit_name=CHAOYANG, enterprise_name="北京某某机床有限公司",
            approval_date=date(2022, 3, 1), startup_funds_paid=True,
            planned_completion=date(2023, 12, 31), total_budget_fen=300_000_00,
            requested_fen=100_000_00, contact_phone="15055173868"))
        for step in ("qualified", "review", "proposed", "publicized"):
            reg.set_status(PROJECT, app_id, step)
        reg.set_status(PROJECT, app_id, "approved", award_fen=100_000_00,
                       approved_date=date(2022, 12, 15))
    assert _import(tmp_path, db, "朝阳（第2次）.xlsx", project_row(联系电话="15055473868"),
                   project_row(序号=3, 项目名称="齿轮箱降噪", 工作室名称="赵六职工创新工作室",
                               领衔人="赵六"), options=["--skip-bad-rows"]) == 0
    rows, _title = _refused(tmp_path, db)
    heading = next(r[0] for r in rows if r[0] and str(r[0]).startswith("推荐单位"))
    assert "其申报此前已登记" in heading and "不在核对意见表中" not in heading, heading


def test_a_row_an_earlier_import_kept_in_the_clerks_words_is_said_as_approved():
    """A register imported before this stop kept the clerk's reason alone; its letter is
    written from it in the union's words, not a fragment of the clerk's steps."""
    from boostdesk.io.resend_notes import locked_said

    why = ("项目“轨道车辆空调机组检修工装研制”已登记（2022 年度，项目13）；表中与登记册不同：联系电话："
           "登记册为“150****3868”，表中为“150****3868”（号码不同，中间位已隐去）；所属领域：登记册为"
           "“（空）”，表中为“智能装备”。该申报已核准，不按表更新（选按表更新也不更新）：核准按登记册的"
           "各项核定。确属录入有误的，请在“创新项目”中打开该申报更正（保存即记入修改记录；可在备注中注明"
           "依据，如推荐单位的更正函）；更正后不再符合条件的，请选中它按“改状态”（Ctrl+M）处理")
    assert locked_said(why) == (
        "该项目已登记，已核准，按登记的各项办理，不随汇总表更改；本行与登记的不同，未采用：联系电话："
        "登记为“150****3868”，表中为“150****3868”（号码不同，中间位已隐去）；所属领域：登记为“（空）”，"
        "表中为“智能装备”。如系本表填错，无需处理；如登记的有误，请来函更正")
    assert locked_said("“第一发明人”：所填身份证号与登记册中另一人的相同") == ""
