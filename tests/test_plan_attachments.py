"""A re-issued plan renumbers its attachments (a new 附件 inserted before the summary tables):
the year's campaign carries the numbers, set by `campaign set` or 设置, and what names the
forms and tables (the paper form's title, 打印's list, the empty register's hint) says them."""

from __future__ import annotations

import re

import pytest

from boostdesk.campaign_settings import apply_settings, campaign_lines, parse_attachment
from boostdesk.cli import main
from boostdesk.models import Register, plan_2022
from boostdesk.models.campaign import Campaign
from boostdesk.printing.jobs import SUMMARY_PATENT, SUMMARY_PROJECT, document_name
from boostdesk.validate import ValidationError


def test_2022s_numbers_are_the_plans_and_a_campaign_stored_before_reads_them():
    c = plan_2022()
    assert [c.attachment(k) for k in ("patent_form", "patent_summary", "project_form",
                                      "project_summary")] == ["附件1", "附件2", "附件3", "附件4"]
    stored_before = Campaign.from_json(c.to_json().replace('"attachments": {}, ', ""))
    assert stored_before.attachment("project_summary") == "附件4"


def test_numbers_set_are_kept_only_where_they_differ_and_read_back():
    c = apply_settings(plan_2022().for_year(2023), [
        ("attachment_project_form", "附件4"), ("attachment_project_summary", "５"),
        ("attachment_patent_form", "1")])
    assert c.attachments == {"project_form": "附件4", "project_summary": "附件5"}
    again = Campaign.from_json(c.to_json())
    assert again.attachment("project_summary") == "附件5" and again == c
    assert "附件编号（与 2022 年方案不同的）：创新项目助推申报书 附件3 → 附件4；" \
           "创新项目助推汇总表 附件4 → 附件5" in campaign_lines(c)
    assert document_name(SUMMARY_PROJECT, c) == "汇总表（附件5 项目）"
    assert document_name(SUMMARY_PATENT, c) == "汇总表（附件2 专利）"


def test_two_numbers_swapped_in_one_setting_are_taken_and_two_alike_refused():
    c = apply_settings(plan_2022(), [("attachment_patent_form", "2"),
                                     ("attachment_patent_summary", "1")])
    assert c.attachments == {"patent_form": "附件2", "patent_summary": "附件1"}
    with pytest.raises(ValidationError) as exc:
        apply_settings(plan_2022(), [("attachment_project_summary", "附件2")])
    assert exc.value.message == "附件编号：职工创新发明专利助推汇总表和创新项目助推汇总表都编为附件2"


@pytest.mark.parametrize("text", ["第三", "附件", "0", "附件A", "123"])
def test_a_number_written_wrongly_is_named(text):
    with pytest.raises(ValidationError) as exc:
        apply_settings(plan_2022(), [("attachment_patent_form", text)])
    assert exc.value.message.startswith("attachment_patent_form（附件编号：职工创新发明专利助推申报表）：")
    assert parse_attachment(" 附件 3 ") == "附件3"


def test_the_command_line_sets_and_shows_the_years_numbers(tmp_path, capsys):
    db = tmp_path / "r.db"
    Register.open(db, operator="测试员").close()
    assert main(["campaign", "set", "--year", "2022", "attachment_project_summary=附件6",
                 "--db", str(db), "--operator", "测试员"]) == 0
    out = capsys.readouterr().out
    assert "附件4 → 附件6" in out
    reg = Register.open(db, operator="测试员")
    try:
        assert reg.campaign(2022).attachment("project_summary") == "附件6"
    finally:
        reg.close()


def test_an_import_names_the_table_by_the_years_number(tmp_path, capsys):
    """A 2023 table read for a plan that made the patent table 附件3: the import's lines say
    附件3; read without a year's plan (its header not yet placed), no number at all."""
    from test_import import bad_patent_sheet

    from boostdesk.io.importer import read_table
    from boostdesk.io.union_problems import union_problem_list

    c = apply_settings(plan_2022(), [("attachment_patent_summary", "3"),
                                     ("attachment_project_form", "2")])
    preview = read_table(bad_patent_sheet(tmp_path), 2022, campaign=c)
    assert union_problem_list(preview, {}, {}).startswith("bad.xlsx（专利汇总表（附件3），工作表“Sheet”）")
    assert read_table(bad_patent_sheet(tmp_path), 2022).table_name == "专利汇总表"


@pytest.mark.parametrize("argv", [["--help"], ["template", "--help"], ["import", "--help"],
                                  ["export", "--help"], ["export", "summary", "--help"]])
def test_the_command_line_s_help_names_no_one_year_s_attachment_number(argv, capsys):
    """Help is written before any year is chosen: 附件2 / 附件4 were 2022's numbers."""
    with pytest.raises(SystemExit):
        main(argv)
    text = re.sub(r"\s+", "", capsys.readouterr().out)  # argparse wraps its lines
    assert not re.search(r"附件\d", text), text
    if argv[0] in ("template", "export"):
        assert "附件编号按该年度计划" in text


def test_template_and_export_name_the_table_by_the_chosen_year_s_number(tmp_path, capsys):
    db, out = tmp_path / "r.db", tmp_path / "t.xlsx"
    Register.open(db, operator="测试员").close()
    assert main(["campaign", "new", "--year", "2023", "--db", str(db), "--operator", "测试员"]) == 0
    assert main(["campaign", "set", "--year", "2023", "attachment_patent_summary=附件5",
                 "attachment_project_summary=附件6", "--db", str(db), "--operator", "测试员"]) == 0
    capsys.readouterr()
    for year, stream, said in (("2023", "patent", "已生成专利汇总表（附件5）“2023年职工创新发明专利"),
                               ("2023", "project", "已生成项目汇总表（附件6）“2023年创新项目"),
                               ("2022", "patent", "已生成专利汇总表（附件2）“2022年职工创新发明专利")):
        assert main(["template", stream, str(out), "--db", str(db), "--year", year, "--replace"]) == 0
        assert capsys.readouterr().out.startswith(said)
    for year, said in (("2023", "已导出项目汇总表（附件6）“2023年创新项目助推汇总表”：0 项"),
                       ("2022", "已导出项目汇总表（附件4）“2022年创新项目助推汇总表”：0 项")):
        assert main(["export", "summary", "project", "--out", str(out), "--db", str(db),
                     "--year", year, "--operator", "测试员"]) == 0
        assert capsys.readouterr().out.startswith(said)
