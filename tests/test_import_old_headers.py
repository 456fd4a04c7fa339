"""Old tables' wordings of the template's headers (2013–2018's): read as their columns, not
dropped with a 提示 and the facts left blank to be asked for again."""

from __future__ import annotations

from fixtures.summary_sheets import (
    PATENT_HEADERS,
    PROJECT_HEADERS,
    patent_row,
    project_row,
    write_sheet,
)

from boostdesk.io.importer import read_table

OLD_PATENT = {"工会会员互助服务卡号": "服务卡号", "是否一线职工": "一线", "是否职务发明": "职务",
              "是否已在生产中应用": "应用"}


def _patent_table(path, renamed: dict[str, str], **over: object):
    headers = [renamed.get(h, h) for h in PATENT_HEADERS]
    return write_sheet(path, [headers, patent_row(**over)])


def test_2018s_short_headers_are_read_as_their_columns(tmp_path):
    preview = read_table(_patent_table(tmp_path / "p.xlsx", OLD_PATENT, 是否职务发明="否"), 2022)
    [record] = preview.records
    assert record.card_number and record.frontline is True
    assert record.service_invention is False and record.applied_in_production is True
    assert not [w for w in preview.warnings if "未识别" in w or "没有以下列" in w], preview.warnings


def test_2013s_and_2014s_wordings_of_applied_in_production(tmp_path):
    for i, header in enumerate(("生产应用", "是否应用")):
        preview = read_table(_patent_table(tmp_path / f"p{i}.xlsx",
                                           {"是否已在生产中应用": header}), 2022)
        assert preview.records[0].applied_in_production is True, header
        assert preview.columns["applied_in_production"] == header


def test_a_post_headed_zhiwu_is_not_read_as_a_service_invention(tmp_path):
    """职务 over 高级工程师 is the inventor's post: ignored as before, not a row refused
    for a yes/no it does not hold."""
    headers = [*PATENT_HEADERS[:-1], "职务", "备注"]
    rows = [row[:-1] + ["高级工程师", ""] for row in (patent_row(), patent_row(序号=2))]
    preview = read_table(write_sheet(tmp_path / "p.xlsx", [headers, *rows]), 2022)
    assert len(preview.records) == 2 and not preview.errors
    assert preview.columns["service_invention"] == "是否职务发明"
    assert "未识别的列已忽略：“职务”" in preview.warnings


def test_2013s_dai_tou_ren_is_the_studios_leader(tmp_path):
    headers = [{"领衔人": "带头人"}.get(h, h) for h in PROJECT_HEADERS]
    preview = read_table(write_sheet(tmp_path / "j.xlsx", [headers, project_row(领衔人="李四")]),
                         2022)
    assert preview.records[0].leader == "李四"
    assert not [w for w in preview.warnings if "未识别" in w or "没有以下列" in w], preview.warnings
