"""A patent number missing its check character (ZL202110123456) or with a wrong one
(ZL202110123456.5) is still the registered ZL202110123456.7's patent: matched on the
application number's 12 digits, so another first inventor's claim on it is the dispute it
is — in the form and in the import — not a second paper stored beside the first."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from fixtures.summary_sheets import (
    ID_1,
    ID_2,
    INVENTION,
    PATENT_HEADERS,
    patent_row,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.io.duplicates import patent_key
from boostdesk.models import PatentApplication, Register
from boostdesk.models.records import PATENT_MATERIALS
from boostdesk.ui.entry_checks import duplicate_patent
from boostdesk.validate import recovered_patent_number

TITLE = ["2022年职工创新发明专利助推汇总表"]
DIGITS = INVENTION.removeprefix("ZL").split(".")[0]  # 202110123456
WRONG = f"ZL{DIGITS}.{'5' if INVENTION[-1] != '5' else '6'}"
WRITTEN = (f"ZL{DIGITS}", DIGITS, f"ZL {DIGITS[:4]} {DIGITS[4]} {DIGITS[5:]}", WRONG)


@pytest.mark.parametrize("written", WRITTEN)
def test_a_number_without_or_with_a_wrong_check_character_is_its_digits_patent(written):
    assert recovered_patent_number(written) == INVENTION
    assert patent_key(None, written) == INVENTION
    # as written it is no canonical number: a resent table correcting it is a difference
    assert patent_key(None, written, recover=False) != INVENTION


@pytest.mark.parametrize("written", ["CN114123456B", "ZL2021101234", "ZL202150123456", ""])
def test_no_application_number_reads_from_these(written):
    assert recovered_patent_number(written) is None


@pytest.mark.parametrize("written", WRITTEN)
def test_another_unions_row_without_the_check_character_is_a_dispute_not_a_new_paper(
        tmp_path, capsys, written):
    db = tmp_path / "r.db"
    first = write_sheet(tmp_path / "海淀区.xlsx", [TITLE, PATENT_HEADERS, patent_row()])
    assert main(["import", str(first), "--db", str(db)]) == 0
    capsys.readouterr()
    other = write_sheet(tmp_path / "东城区.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        推荐单位="北京市东城区总工会", 专利号=written, 第一发明人="李四", 身份证号=ID_2,
        专利名称="抗体纯化工艺的改进")])
    assert main(["import", str(other), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "专利1" in err and "属争议" in err and "李四" in err
    with Register.open(db) as reg:
        assert [a.inventor_name for a in reg.patents(2022)] == ["张三"]


def _app(number: str, **over: object) -> PatentApplication:
    return replace(PatentApplication(
        campaign_year=2022, title="一种焊缝缺陷识别方法", patent_number_raw=number,
        grant_date=date(2021, 6, 15), inventor_name="张三", id_number=ID_1,
        card_number="6214680000000000008", phone="13800138000", frontline=True,
        service_invention=True, applied_in_production=True, unit_name="海淀区总工会",
        enterprise_name="北京中科智测科技有限公司", received_date=date(2022, 10, 25),
        materials=dict.fromkeys(PATENT_MATERIALS, True)), **over)


@pytest.mark.parametrize("written", WRITTEN)
def test_the_form_names_the_registered_patent_for_a_number_missing_its_check(reg, written):
    first = reg.save_patent(_app(INVENTION))
    said = duplicate_patent(reg, _app(written, inventor_name="李四", id_number=ID_2))
    assert said is not None and f"专利{first}" in said
    assert f"已登记的 {INVENTION} 相同" in said and "两人都称是该专利的第一发明人" in said


def test_a_registered_number_missing_its_check_is_found_by_the_right_one(reg):
    """The other way round: the paper typed without the check character first."""
    first = reg.save_patent(_app(f"ZL{DIGITS}"))
    said = duplicate_patent(reg, _app(INVENTION, inventor_name="李四", id_number=ID_2))
    assert said is not None and f"专利{first}" in said
