"""The 办理进度告知单 (per paper and per union) printed a phone typed into a status reason
whole (原因 资格审核不通过：…电话139-3333-4444; 来函撤回 13911112222) while the audit view
masked it (the second privacy officer's finding 1). Every document that leaves the office
must mask an ID, card or phone number quoted in a reason or a 备注."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import date

from boostdesk.cli import main
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models import clock
from boostdesk.models.records import PATENT, PatentApplication
from tests.test_finance import add_patent, add_project
from tests.test_printing_publicity_list import three

__all__ = ["three"]  # a fixture used by name

PHONE, WITHDRAWN_PHONE = "13933334444", "13911112222"
OTHER_ID, OTHER_CARD = "110101198001010012", "6214888888888882223"
WHOLE = (PHONE, WITHDRAWN_PHONE, OTHER_ID, OTHER_CARD)
SAID = f"申报人电话139-3333-4444，身份证 {OTHER_ID}，卡 6214 8888 8888 8882 223"


def _flat_digits(text: str) -> str:
    """The text's digits and letters with blanks and marks between them dropped: a number
    wrapped or grouped on the page reads whole."""
    return re.sub(r"[\s\-.－—．]", "", text)


def _pdf(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _xlsx(path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                     for v in row if v is not None)


def _register(reg) -> dict[str, int]:
    paid = add_patent(reg)
    reg.save_patent(replace(reg.patent(paid), remarks=f"备注：{SAID}"))
    sync_plan(reg, 2022)
    refused = reg.save_patent(PatentApplication(
        campaign_year=2022, title="一种被拒方法", patent_number_raw="ZL202110123457.3",
        grant_date=date(2021, 5, 11), inventor_name="李四", id_number="110105194912310037",
        card_number="6214830112345678", unit_name="海淀区总工会", enterprise_name="北京测试有限公司",
        frontline=True, service_invention=True, applied_in_production=True,
        remarks=f"备注：{SAID}"))
    reg.set_status(PATENT, refused, "refused", f"资格审核不通过：{SAID}")
    gone = reg.save_patent(PatentApplication(
        campaign_year=2022, title="一种撤回方法", patent_number_raw="ZL202110123458.9",
        grant_date=date(2021, 5, 11), inventor_name="王五", id_number="110105194912310045",
        card_number="6214830112349999", unit_name="海淀区总工会", enterprise_name="北京测试有限公司",
        frontline=True, service_invention=True, applied_in_production=True))
    project = add_project(reg, unit="海淀区总工会", status="publicized")
    return {"paid": paid, "refused": refused, "gone": gone, "project": project}


def test_no_outgoing_document_prints_a_number_quoted_in_a_reason_or_remarks(reg, tmp_path):
    papers = _register(reg)
    db = ["--db", str(reg.path)]
    reg.close()
    assert main(["withdraw", f"专利{papers['gone']}", "--date", "2022-10-01", "--by",
                 "海淀区总工会", "--reason", f"来函撤回 {WITHDRAWN_PHONE}", *db]) == 0
    out = tmp_path
    refs = [f"专利{papers[k]}" for k in ("paid", "refused", "gone")]
    made: dict[str, str] = {}
    with clock.fixed_day(date(2023, 3, 10)):
        runs = {
            "progress-refs.pdf": ["print", "progress", "--ref", *refs],
            "progress-union.pdf": ["print", "progress", "--union", "海淀区总工会"],
            "approval.pdf": ["print", "approval"],
            "pay.pdf": ["print", "payments", "--tranche", "1", "--include-paid"],
            "pay.xlsx": ["print", "payments", "--tranche", "1", "--include-paid"],
            "sum-patent.xlsx": ["export", "summary", "patent"],
            "sum-patent.pdf": ["export", "summary", "patent"],
            "sum-project.pdf": ["export", "summary", "project"],
        }
        for name, args in runs.items():
            assert main([*args, "--out", str(out / name), *db]) == 0, name
        (out / "notices").mkdir()
        assert main(["export", "notices", "--out", str(out / "notices"), "--all", "--materials-unticked",
                     *db]) == 0
    for path in sorted(out.rglob("*")):
        if path.suffix == ".pdf":
            made[path.name] = _pdf(path)
        elif path.suffix == ".xlsx":
            made[path.name] = _xlsx(path)
    for must in ("progress-refs.pdf", "progress-union.pdf", "approval.pdf", "sum-patent.xlsx"):
        assert must in made, sorted(made)
    assert any("核对意见" in n for n in made), sorted(made)
    # the reasons are printed (masked), not left out
    assert "139****4444" in _flat_digits(made["progress-refs.pdf"]).replace("-", "")
    assert "139****2222" in made["progress-refs.pdf"]
    # an ID in a reason is cut to its tail whole, not read as a card inside it (11尾号 0012)
    assert "身份证尾号0012，卡尾号2223" in "".join(made["progress-refs.pdf"].split())
    for name, text in made.items():
        flat = _flat_digits(text)
        for number in WHOLE:
            assert number not in flat, (name, number)


def test_the_approval_sheet_masks_a_phone_in_a_card_correction_reason(reg, tmp_path):
    """The 审批表 reprinted after a card correction prints the reason typed for it in its 注
    (the sheet goes round the unions for their seals)."""
    from test_returned_card_correction import NEW_CARD, _federation_returned, _lines

    from boostdesk.finance.paying import mark_all_paid
    from boostdesk.printing.approval import load_sheets, write_approval_pdf

    app_id = _federation_returned(reg)
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD),
                    reason="本人来电 139-3333-4444 提供新卡")
    mark_all_paid(reg, [_lines(reg, app_id)["federation"].id], date(2023, 1, 20),
                  "记-2023-0031")
    [sheet] = [s for s in load_sheets(reg, 2022) if s.app.id == app_id]
    for unmasked in (False, True):  # finance's copy needs no phone either
        pdf = tmp_path / f"审批表-{unmasked}.pdf"
        write_approval_pdf(pdf, [sheet], unmasked=unmasked)
        text = _pdf(pdf)
        assert "本人来电139-****-4444提供新卡" in "".join(text.split()), text
        assert PHONE not in _flat_digits(text)


def test_the_panel_summary_masks_a_phone_in_a_recusal_reason(reg, tmp_path, monkeypatch):
    """评审汇总表 (xlsx and PDF) prints each recusal's reason as typed."""
    import test_panel_summary

    monkeypatch.setattr(test_panel_summary, "RECUSAL", "本人系申报人亲属（电话 139-3333-4444）")
    test_panel_summary.chair_register(reg, tmp_path)
    reg.close()
    for name in ("评审汇总表.xlsx", "评审汇总表.pdf"):
        out = tmp_path / name
        assert main(["panel", "summary", "--db", str(reg.path), "--year", "2022",
                     "--out", str(out)]) == 0
        text = _xlsx(out) if name.endswith("xlsx") else _pdf(out)
        assert "139-****-4444" in "".join(text.split()), text
        assert PHONE not in _flat_digits(text)


def test_the_approval_sheet_masks_a_phone_in_a_failed_acceptance_reason(reg, tmp_path):
    from test_approval_failed_acceptance import _first_paid

    from boostdesk.finance.acceptance import record_failed_acceptance
    from boostdesk.printing.approval import load_sheets, write_approval_pdf

    q = _first_paid(reg)
    record_failed_acceptance(reg, q, date(2023, 12, 20), "验收组长来电 139-3333-4444 告知未达标")
    pdf = tmp_path / "审批表.pdf"
    write_approval_pdf(pdf, load_sheets(reg, 2022), None)
    text = _pdf(pdf)
    assert "139-****-4444" in "".join(text.split()), text
    assert PHONE not in _flat_digits(text)


def test_the_publicity_lists_correction_masks_a_phone_in_the_objections_finding(
        reg, three, tmp_path):
    """公示名单（更正）'s 更正说明, posted on the website, quotes the upheld objection's note."""
    from boostdesk.panel.publicity import record_objection, resolve_objection
    from boostdesk.panel.publicity_docs import write_publicity_pdf, write_publicity_xlsx

    oid = record_objection(reg, three["b"], date(2022, 12, 22), "张某", "项目已完成")
    resolve_objection(reg, oid, upheld=True, note="经电话 139-3333-4444 核实，项目已完成",
                      on=date(2022, 12, 24))
    pdf = write_publicity_pdf(reg, 2022, tmp_path / "公示.pdf") and tmp_path / "公示.pdf"
    xlsx = write_publicity_xlsx(reg, 2022, tmp_path / "公示.xlsx")
    for text in (_pdf(pdf), _xlsx(xlsx)):
        assert "139-****-4444" in "".join(text.split()), text
        assert PHONE not in _flat_digits(text)
