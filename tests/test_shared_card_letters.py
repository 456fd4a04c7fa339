"""A union card given for two inventors of two unions: the clerk's screens name the other
holder (互助服务卡号 … 也登记为“李四”的卡号), but a letter leaving the office — the 核对意见
to 海淀区 and the 办理进度告知单 to the applicant — named another union's applicant
(the privacy officer's finding). There it reads 已登记为另一申报人的卡号. And the card is
grouped as every document groups it (a 19-digit card: 6214 **** **** *** 8381, where the
finding wrote 6214 **** **** 8381)."""

from __future__ import annotations

import subprocess

from fixtures.summary_sheets import ID_2, INVENTION_2, PATENT_HEADERS, card, patent_row, write_sheet

from boostdesk.cli import main
from boostdesk.io.findings_notice import gather_notices
from boostdesk.models import Register
from boostdesk.rules.findings import Finding
from boostdesk.safety.privacy import mask_card_grouped

TITLE = ["2022年职工创新发明专利助推汇总表"]
LONG = card("621483011234567838")  # 19 digits


def _register(tmp_path):
    haidian = write_sheet(tmp_path / "海淀区.xlsx", [
        TITLE, PATENT_HEADERS, patent_row(工会会员互助服务卡号=LONG)])
    xicheng = write_sheet(tmp_path / "西城区.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        推荐单位="北京市西城区总工会", 第一发明人="李四", 身份证号=ID_2, 专利号=INVENTION_2,
        专利名称="一种传感器", 工会会员互助服务卡号=LONG)])
    db = tmp_path / "r.db"
    assert main(["import", str(haidian), "--db", str(db)]) == 0
    assert main(["import", str(xicheng), "--db", str(db)]) == 0
    return db


def test_letters_leaving_the_office_do_not_name_the_other_holder(tmp_path, capsys):
    db = _register(tmp_path)
    shown = mask_card_grouped(LONG)
    assert shown == f"{LONG[:4]} **** **** *** {LONG[-4:]}"
    with Register.open(db) as reg:
        li = reg.scalar("SELECT id FROM patent_applications WHERE title = '一种传感器'")
        zhang = reg.scalar("SELECT id FROM patent_applications WHERE title = '一种焊缝检测装置'")
        stored = reg.scalar("SELECT findings FROM patent_applications WHERE id = ?", (li,))
        # the clerk's own record keeps the name, the card grouped as the documents do
        assert f"互助服务卡号 {shown} 也登记为“张三”的卡号" in stored
        notices = gather_notices(reg, 2022)
    # the later paper claims the card: its union is told, the holder unnamed
    letter = next(n for n in notices.notices if "西城" in n.union)
    opinions = [o for items in letter.items.values() for item in items for o in item.opinions
                if "卡号" in o]
    assert opinions and all("张三" not in o for o in opinions), opinions
    assert any(f"互助服务卡号 {shown} 已登记为另一申报人的卡号" in o for o in opinions), opinions
    # the paper that gave it first: a neutral note at most, never that it cannot be approved
    first = next(n for n in notices.notices if "海淀" in n.union)
    said = [o for items in first.items.values() for item in items for o in item.opinions
            if "卡号" in o]
    assert all("不能核准" not in o and "李四" not in o for o in said), said
    # the 办理进度告知单 to 李四
    pdf = tmp_path / "progress.pdf"
    assert main(["print", "progress", "--ref", f"专利{li}", "--out", str(pdf),
                 "--db", str(db)]) == 0
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                  capture_output=True, text=True).stdout.split())
    assert "张三" not in text and "已登记为另一申报人的卡号" in text, text
    # ... and to 张三: nothing of 不合格 for a card that is his
    assert main(["print", "progress", "--ref", f"专利{zhang}", "--out", str(pdf),
                 "--db", str(db)]) == 0
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                  capture_output=True, text=True).stdout.split())
    assert "李四" not in text and "卡号更正前不能核准" not in text, text
    # the 核对意见 workbook as written
    out = tmp_path / "notices"
    out.mkdir()
    assert main(["export", "notices", "--out", str(out), "--all", "--db", str(db),
                 "--materials-unticked"]) == 0
    import openpyxl

    for path in out.glob("*.xlsx"):
        wb = openpyxl.load_workbook(path, read_only=True)
        cells = " ".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                         for c in row if c is not None)
        wb.close()
        other = "张三" if "西城" in path.name else "李四"
        assert f"“{other}”" not in cells, path.name


def test_an_earlier_release_s_stored_message_is_read_so_too():
    from boostdesk.rules.findings import outgoing_text

    f = Finding("UNION_CARD_SHARED", "blocking",
                "互助服务卡号 6214 **** **** 8381 也登记为“袁博”等 2 人的卡号：请核对；助推资金发放至本人的卡，"
                "卡号更正前不能核准、拨付（方案一（二）2）", "card_number")
    assert outgoing_text(f) == ("互助服务卡号 6214 **** **** 8381 已登记为另外 2 位申报人的卡号：请核对；"
                                "助推资金发放至本人的卡，卡号更正前不能核准、拨付（方案一（二）2）")


def test_the_approval_sheet_of_a_held_award_names_no_other_applicant(reg, tmp_path):
    """The 审批表 goes round the unions for their seals: its 注 on an award held because a
    later paper gives its card said 专利2（李四）; the hold on the clerk's screen still does."""
    from dataclasses import replace
    from datetime import date

    from boostdesk.award_holds import holds
    from boostdesk.models.records import PATENT, PatentApplication
    from boostdesk.printing.approval import load_sheets, write_approval_pdf
    from boostdesk.rules import recheck
    from tests.test_finance import add_patent

    reg.save_patent(PatentApplication(
        campaign_year=2022, title="一种传感器", patent_number_raw="ZL202110654321.3",
        grant_date=date(2021, 5, 11), inventor_name="李四", id_number="110108198506123146",
        card_number="6214830112349999", unit_name="西城区总工会", enterprise_name="北京测试有限公司",
        frontline=True, service_invention=True, applied_in_production=True))
    app_id = add_patent(reg)  # approved; then his card changed onto 李四's
    reg.save_patent(replace(reg.patent(app_id), card_number="6214830112349999"),
                    reason="本人称换卡")
    recheck(reg)
    hold = holds(reg, 2022)[(PATENT, app_id)]
    assert "李四" in hold.what and "李四" not in hold.what_outside
    assert "该卡号已登记为另一申报人的卡号" in hold.what_outside
    out = tmp_path / "approval.pdf"
    write_approval_pdf(out, load_sheets(reg, 2022))
    text = "".join(subprocess.run(["pdftotext", str(out), "-"], check=True,
                                  capture_output=True, text=True).stdout.split())
    assert "该卡号已登记为另一申报人的卡号" in text and "李四" not in text
