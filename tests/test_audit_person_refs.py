"""An auditor's `audit --ref` by the person on the paper she holds: the name before a
correction (赵六, corrected to 赵陆), 人员N as erase-person takes it, and an erased person
(（已删除个人信息·人员N）) whose filtered trail left out the 删除个人信息 line itself."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures.summary_sheets import card, resident_id

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register, clock
from boostdesk.models.records import PATENT

ERASE_DAY = date(2026, 1, 1)  # 2022's papers kept 3 years: erasable from then


def _paper(reg, name, first17, number, card_head) -> int:
    return reg.save_patent(PatentApplication(
        campaign_year=2022, title=f"{name}的测试装置", patent_number_raw=number,
        grant_date=date(2021, 5, 11), inventor_name=name, id_number=resident_id(first17),
        card_number=card(card_head), phone="13911112222", unit_name="海淀区总工会",
        enterprise_name="北京测试有限公司", frontline=True, service_invention=True,
        applied_in_production=True))


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "register.db"
    reg = Register.open(path, operator="测试员")
    zhao = _paper(reg, "赵六", "11010819800101004", "ZL202110777777.9", "621700000000009")
    gone = _paper(reg, "孙七", "11010819800101005", "ZL202110888888.1", "621700000000011")
    reg.set_status(PATENT, gone, "refused", "专利授权日期不在期间内")
    reg.set_status(PATENT, zhao, "qualified")
    reg.close()
    assert main(["correct", "name", "赵六", "赵陆", "--reason", "身份证复印件为赵陆",
                 "--db", str(path)]) == 0
    with clock.fixed_day(ERASE_DAY):
        assert main(["erase-person", "孙七", "--reason", "期满", "--yes", "--db", str(path)]) == 0
    return path


def _audit(capsys, db, *options) -> tuple[int, list[str], str]:
    capsys.readouterr()
    code = main(["audit", "--db", str(db), *options])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_a_person_is_found_by_the_name_before_its_correction(db, capsys):
    code, lines, err = _audit(capsys, db, "--ref", "赵六")
    assert code == 0, err
    assert lines[0].startswith("修改记录（第一发明人 赵六（已更名为 赵陆，身份证号 110108********")
    assert any("专利1" in line and "新建" in line for line in lines)
    assert any("更正姓名" in line and "赵六 → 赵陆" in line for line in lines)
    # the same lines as by the name he bears now
    assert _audit(capsys, db, "--ref", "赵陆")[1][1:] == lines[1:]


def test_a_person_is_found_as_renyuan_n_as_erase_person_takes_him(db, capsys):
    code, lines, err = _audit(capsys, db, "--ref", "人员1")
    assert code == 0, err
    assert lines[0].startswith("修改记录（第一发明人 赵陆（身份证号")
    assert _audit(capsys, db, "--ref", "人员 1")[1] == lines


def test_an_erased_person_s_trail_holds_his_erasure(db, capsys):
    erasure = "删除个人信息（个人信息保护法第四十七条）"
    code, lines, err = _audit(capsys, db, "--ref", "（已删除个人信息·人员2）")
    assert code == 0, err
    assert lines[0].startswith("修改记录（第一发明人 （已删除个人信息·人员2）")
    assert erasure in lines[-1] and "人员“（已删除个人信息·人员2）”" in lines[-1]
    assert erasure in _audit(capsys, db, "--ref", "人员2")[1][-1]
    assert erasure in _audit(capsys, db, "--ref", "专利2")[1][-1]  # and by his paper
    # under his papers' year, as his other person-lines are
    assert any(erasure in line for line in _audit(capsys, db, "--year", "2022")[1])
    assert not any(erasure in line for line in _audit(capsys, db, "--ref", "专利1")[1])
