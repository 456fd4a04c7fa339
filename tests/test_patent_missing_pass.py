"""A patent still 待补材料 is not passed (资格审核通过, 核准 ¥3,000) by 改变状态 unasked.

一（四）2 核准：市总工会将对申报材料进行核定. A tester passed a patent lacking 是否已在生产中应用
(一（二）1) at 资格审核 and approved it with Enter twice, the award put into 拨付; the batch
move passed several lacking every material. Projects were asked for a reason (and refused
in a batch): patents are now asked the same."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk.models import PatentApplication
from boostdesk.models.records import PATENT, PATENT_MATERIALS
from boostdesk.rules.check import recheck
from boostdesk.rules.hand_moves import HandMoveRefused, check_hand_move, stored_blocking
from tests.test_finance import card_of

NUMBERS = ("ZL202110123456.7", "ZL202110666666.0", "ZL202110555555.2")
MATERIALS = dict.fromkeys(PATENT_MATERIALS, True)


def _patent(reg, k: int, *, applied: bool | None = True, materials: bool = True) -> int:
    id_number = ("11010519491231002X", "110108198506123146", "110101199001011237")[k]
    app_id = reg.save_patent(PatentApplication(
        campaign_year=2022, title=f"一种测试方法{k}", patent_number_raw=NUMBERS[k],
        grant_date=date(2021, 5, 11), inventor_name=f"发明人{k}", id_number=id_number,
        card_number=card_of(id_number), unit_name="海淀区总工会",
        enterprise_name="北京测试有限公司", frontline=True, service_invention=True,
        applied_in_production=applied, received_date=date(2022, 10, 20),
        materials=dict(MATERIALS) if materials else {}))
    reg.changes.patents.add(app_id)
    recheck(reg)
    return app_id


def test_a_patent_lacking_a_fact_is_passed_only_with_a_reason(reg):
    assert set(reg.campaign(2022).materials(PATENT)) == set(MATERIALS)
    whole, lacking = _patent(reg, 0), _patent(reg, 1, applied=None)
    assert stored_blocking(reg, PATENT, [whole, lacking]) == {lacking: [
        "缺少“是否已在生产中应用”，无法核对生产应用（方案一（二）1），请补充"]}
    with pytest.raises(HandMoveRefused, match="待补材料.*是否已在生产中应用.*请在“说明”中填写理由"):
        check_hand_move(reg, PATENT, [lacking], "qualified", "")
    assert check_hand_move(reg, PATENT, [whole], "qualified", "") == {whole: ""}
    check_hand_move(reg, PATENT, [lacking], "qualified", "企业应用证明已补交")
    reg.set_status(PATENT, lacking, "qualified", "企业应用证明已补交")
    # 核准 (the ¥3,000 into 拨付) asks again while it is still missing
    with pytest.raises(HandMoveRefused, match="如仍改为“核准”"):
        check_hand_move(reg, PATENT, [lacking], "approved", "")


def test_a_batch_of_patents_missing_materials_is_refused(reg):
    ids = [_patent(reg, 0), _patent(reg, 1, materials=False), _patent(reg, 2, materials=False)]
    with pytest.raises(HandMoveRefused) as refused:
        check_hand_move(reg, PATENT, ids, "qualified", "", late_reason="快递延误")
    assert refused.value.message.startswith(
        f"专利{ids[1]}、专利{ids[2]} 经自动核对有不符合项或待补材料，不能批量改为“资格审核通过”")
    assert [reg.patent(i).status for i in ids] == ["registered"] * 3
    # a refusal of them all asks nothing of the sort
    assert check_hand_move(reg, PATENT, ids, "refused", "材料未齐") == dict.fromkeys(ids, "材料未齐")
