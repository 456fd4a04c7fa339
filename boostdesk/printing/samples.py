"""A small fixed register and every printed document made from it.

The reference renderings in ``docs/print-samples/`` come from here, and the tests compare
fresh renderings against them. Everything is fixed — names, numbers, dates, even the days
in the status history — so the same pages come out on every run:

    python -m boostdesk.printing.samples docs/print-samples
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import CITY, DISTRICT, Register
from boostdesk.models.records import (
    PATENT,
    PATENT_MATERIALS,
    PROJECT,
    PROJECT_MATERIALS,
    PatentApplication,
    ProjectApplication,
)

YEAR = 2022
PRINTED_ON = date(2023, 1, 5)
QUALIFIED_AT = "2022-11-20T09:30:00"
WAN = 10_000_00

PATENTS = (
    # inventor (䶮 is outside GBK: drawn from the fallback font), ID, card, number, union
    ("刘䶮", "11010519491231002X", "6214830112341234", "ZL202110123456.7", "海淀区总工会",
     "北京中科智测科技有限公司", "一种基于多源异构数据的轨道车辆转向架焊接变形在线控制方法"),
    ("王喆", "110108198506123146", "6214681234567890126", "ZL202120987654.3", "朝阳区总工会",
     "北京朝华信息系统有限公司", "一种城市供热管网泄漏定位方法"),
    ("陈赟", "110102199003051212", "6214830998877665", "ZL202110555777.4", "首钢集团工会",
     "首钢智能装备制造有限公司", "一种转炉炼钢终点碳温预测方法"),
)
PROJECTS = (
    ("李红兵劳模创新工作室", CITY, "首钢集团工会", "首钢智能装备制造有限公司", "李红兵",
     "转炉炼钢终点碳温预测模型开发", 10 * WAN, 30 * WAN),
    ("数控加工技能大师工作室", DISTRICT, "海淀区总工会", "北京华信数控技术有限公司", "周建军",
     "五轴数控加工程序优化与刀具寿命管理", 3 * WAN, 8 * WAN),
)


def fill_sample(reg: Register) -> None:
    """Three approved patents and two approved projects, partly paid, one accepted."""
    with reg.transaction():
        for name, id_number, card, number, unit, enterprise, title in PATENTS:
            app_id = reg.save_patent(PatentApplication(
                campaign_year=YEAR, title=title, patent_number_raw=number,
                grant_date=date(2021, 5, 11), inventor_name=name, id_number=id_number,
                card_number=card, phone="13911112222", frontline=True, service_invention=True,
                applied_in_production=True, unit_name=unit, enterprise_name=enterprise,
                industry="智能装备", received_date=date(2022, 10, 28),
                materials=dict.fromkeys(PATENT_MATERIALS, True),
            ))
            reg.set_status(PATENT, app_id, "qualified")
            reg.set_status(PATENT, app_id, "approved", award_fen=3000_00,
                           approved_date=date(2022, 12, 15))
        for studio, level, unit, enterprise, leader, title, award, budget in PROJECTS:
            app_id = reg.save_project(ProjectApplication(
                campaign_year=YEAR, title=title, studio_name=studio, studio_level=level,
                leader=leader, unit_name=unit, enterprise_name=enterprise,
                approval_date=date(2022, 3, 5), startup_funds_paid=True,
                planned_completion=date(2023, 11, 30), total_budget_fen=budget,
                requested_fen=award, contact_name="张丽", contact_phone="010-83570885",
                received_date=date(2022, 10, 25), materials=dict.fromkeys(PROJECT_MATERIALS, True),
            ))
            for step in ("qualified", "review", "proposed", "publicized"):
                reg.set_status(PROJECT, app_id, step)
            reg.set_status(PROJECT, app_id, "approved", award_fen=award,
                           approved_date=date(2022, 12, 28))
        # The history's days are the sample's, not today's, so the sheets never change.
        reg.conn.execute("UPDATE status_history SET at = ?", (QUALIFIED_AT,))
        from boostdesk.rules import refresh

        refresh(reg, YEAR)
        # the utility model (its sheet shows the system's finding) approved on the office's
        # decision, on record: else it is held from payment (award_holds)
        from boostdesk.award_holds import holds, keep

        for stream, app_id in holds(reg, YEAR):
            keep(reg, stream, app_id, "样例：经研究仍予助推")
        sync_plan(reg, YEAR)
        lines = payment_lines(reg, YEAR)
        first_patent = min(x.app_id for x in lines if x.stream == PATENT)
        for x in lines:
            if x.stream == PATENT and x.app_id == first_patent and x.payer == "federation":
                mark_paid(reg, x.id, date(2023, 1, 10), "记-2023-0008")
        accepted = next(x.app_id for x in lines if x.stream == PROJECT)
        for x in lines:
            if x.stream == PROJECT and x.app_id == accepted and x.tranche == 1:
                mark_paid(reg, x.id, date(2023, 2, 20), "记-2023-0031")
        record_acceptance(reg, accepted, date(2023, 12, 20))


def sample_register(path: str | Path) -> Register:
    reg = Register.open(path, operator="样例")
    fill_sample(reg)
    return reg


DOCUMENTS = (
    "approval-patent", "approval-project", "summary-patent", "summary-project",
    "payments-tranche1", "payments-tranche2",
)


def write_documents(reg: Register, outdir: Path) -> dict[str, tuple[Path, int]]:
    """Every document as PDF in ``outdir``: name -> (pdf, the page to look at)."""
    from boostdesk.io.export_summary import build_summary

    from .approval import load_sheets, write_approval_pdf
    from .payments import build_payment_lists, write_payments_pdf
    from .summary import write_summary_pdf

    out: dict[str, tuple[Path, int]] = {}
    sheets = load_sheets(reg, YEAR)
    approval = outdir / "approval.pdf"
    write_approval_pdf(approval, sheets, printed_on=PRINTED_ON, invariant=True)
    first_project = next(i for i, s in enumerate(sheets, start=1) if s.stream == PROJECT)
    out["approval-patent"] = (approval, 1)
    out["approval-project"] = (approval, first_project)
    for stream in (PATENT, PROJECT):
        pdf = outdir / f"summary-{stream}.pdf"
        write_summary_pdf(pdf, build_summary(reg, stream, YEAR), printed_on=PRINTED_ON,
                          invariant=True)
        out[f"summary-{stream}"] = (pdf, 1)
    for tranche in (1, 2):
        pdf = outdir / f"payments-tranche{tranche}.pdf"
        lists = build_payment_lists(reg, YEAR, tranche)
        write_payments_pdf(pdf, lists, printed_on=PRINTED_ON, invariant=True)
        out[f"payments-tranche{tranche}"] = (pdf, 1)
    return out


def render_png(pdf: Path, page: int, png: Path, dpi: int = 80) -> Path:
    """One page as PNG through poppler's pdftoppm (the tool the references were made with)."""
    stem = png.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(stem)], check=True)
    return png


def write_samples(outdir: str | Path) -> list[Path]:
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        reg = sample_register(Path(tmp) / "sample.db")
        try:
            for name, (pdf, page) in write_documents(reg, Path(tmp)).items():
                written.append(render_png(pdf, page, outdir / f"{name}.png"))
        finally:
            reg.close()
    return written


if __name__ == "__main__":
    for p in write_samples(sys.argv[1] if len(sys.argv) > 1 else "docs/print-samples"):
        print(p)
