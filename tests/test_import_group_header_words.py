"""A two-row header whose group cell says 第一发明人信息 over 姓名, 身份证号…: the README
promises two-row merged group headers, and the table was refused (缺少“第一发明人”列).
The group's 信息 / 情况 is no part of the column's name: 第一发明人 + 姓名."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import CARD_1, ID_1, INVENTION, write_sheet

from boostdesk.io.importer import read_table

TITLE = ["朝阳区2022年职工创新发明专利助推汇总表"]
GROUPS = ["序号", "第一发明人信息", None, None, None, "专利基本情况", None, None,
          "推荐单位", "企业名称", "是否一线职工", "是否职务发明", "是否在生产中应用"]
COLUMNS = [None, "姓名", "身份证号", "会员卡号", "手机", "专利名称", "专利号", "授权日期",
           None, None, None, None, None]
ROW = [1, "吴敏", ID_1, CARD_1, "13600000000", "一种智能仓储分拣方法", INVENTION,
       date(2021, 5, 1), "北京市朝阳区总工会", "北京京东物流有限公司", "是", "是", "是"]
MERGED = ("A1:M1", "A2:A3", "B2:E2", "F2:H2", "I2:I3", "J2:J3", "K2:K3", "L2:L3", "M2:M3")


def test_a_group_named_with_its_information_word_reads_as_its_columns(tmp_path):
    path = write_sheet(tmp_path / "朝阳区.xlsx", [TITLE, GROUPS, COLUMNS, ROW], merged=MERGED)
    preview = read_table(path, 2022)
    assert not preview.errors
    [record] = preview.records
    assert (record.inventor_name, record.id_number, record.card_number, record.phone) == (
        "吴敏", ID_1, CARD_1, "13600000000")
    assert (record.title, record.patent_number_raw) == ("一种智能仓储分拣方法", INVENTION)
    assert record.grant_date == date(2021, 5, 1)
    assert preview.columns["inventor_name"] == "第一发明人姓名"


def _grouped(tmp_path, group: str):
    groups = [group if g == "第一发明人信息" else g for g in GROUPS]
    return write_sheet(tmp_path / "朝阳区.xlsx", [TITLE, groups, COLUMNS, ROW], merged=MERGED)


def test_a_group_bracketing_its_information_word_or_adding_a_table_word_reads(tmp_path):
    for group in ("第一发明人（信息）", "第一发明人信息表", "第一发明人(基本信息)"):
        preview = read_table(_grouped(tmp_path, group), 2022)
        assert not preview.errors, group
        [record] = preview.records
        assert (record.inventor_name, record.id_number) == ("吴敏", ID_1), group


def test_a_refused_group_says_its_name_column_was_found_under_it(tmp_path):
    import pytest

    from boostdesk.io.errors import ImportFailed

    with pytest.raises(ImportFailed) as refused:
        read_table(_grouped(tmp_path, "人员信息"), 2022)
    message = refused.value.message
    assert "缺少“第一发明人”列" in message
    assert "第 3 行在分组表头“人员信息”下有“姓名”列" in message
