"""A paper's materials read as its own checklist words them: a patent's form is its 申报表 and
its union stamp 区、局、集团（公司）工会盖章; a project's form its 申报书 and its stamp …工会推荐盖章
(the audit trail and the history read one merged list, where the project's words won)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from boostdesk.audit_log import trail
from boostdesk.labels import show_value
from boostdesk.models import Register
from boostdesk.models.records import PATENT, PATENT_MATERIALS, PROJECT, PatentApplication

PATENT_PAPER = {"form": True, "certificate": True, "production_proof": False,
                "unit_stamp": False, "union_stamp": True}


def test_a_stored_checklist_reads_in_its_own_streams_words():
    assert show_value("materials", PATENT_PAPER) == "申报表、专利证书复印件、区、局、集团（公司）工会盖章"
    project = {"form": True, "approval_doc": False, "startup_proof": False,
               "unit_stamp": False, "union_stamp": True}
    assert show_value("materials", project) == "申报书、区、局、集团（公司）工会推荐盖章"
    assert show_value("materials", {"form": True}, PATENT) == "申报表"
    assert show_value("materials", {"form": True}, PROJECT) == "申报书"


def test_the_audit_trail_of_a_patent_paper_names_its_申报表(tmp_path):
    reg = Register.open(tmp_path / "r.db", operator="测试员")
    try:
        app_id = reg.save_patent(PatentApplication(
            2022, title="一种主轴热变形补偿方法", patent_number_raw="ZL202110123456.8",
            grant_date=date(2021, 3, 5), inventor_name="王一帆", id_number="110108198506150021",
            unit_name="北京市海淀区总工会", materials=dict.fromkeys(PATENT_MATERIALS, False)))
        reg.save_patent(replace(reg.patent(app_id), materials=PATENT_PAPER))
        [line] = [x for x in trail(reg, application=(PATENT, app_id)) if x.action == "修改"]
        assert "申报表" in line.details and "申报书" not in line.details, line.details
        assert "工会推荐盖章" not in line.details
    finally:
        reg.close()
