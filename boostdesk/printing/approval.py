"""审批表: one A4 page per approved application, stamped with the federation's seal.

Each sheet carries the campaign and the document title, the applicant or studio, the
patent or project facts, the qualification result, the award in figures and in 大写, each
payer's share (per tranche for projects), and a box for each level's opinion with
signature and date; the last box holds the federation's name and the approval date with
the seal printed over them in red.

A sheet is always one page: when its facts run long the table's type is set smaller.
Drawing goes straight to the canvas (one small platypus table per sheet) and the seal is
one form object per document, so a batch of 1,000 sheets prints at reportlab's own speed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from boostdesk.finance import (
    AWARDED,
    PAYERS,
    add_months,
    federation_name,
    split_ratio,
    tranche_label,
    tranche_shares,
)
from boostdesk.models.campaign import LEVEL_ZH, Campaign
from boostdesk.models.records import (
    PATENT,
    PROJECT,
    PatentApplication,
    ProjectApplication,
)
from boostdesk.models.register import Register
from boostdesk.money import daxie, format_money, payer_tranche_matrix
from boostdesk.rules.findings import Finding, from_json

from .common import (
    A4,
    FINANCE_NOTE,
    GRID_GREY,
    HEADER_FILL,
    MASKED_NOTE,
    MM,
    cn_date,
    draw_footer,
    new_canvas,
    para,
    shown_card,
    shown_id,
)
from .fonts import MAIN, draw_string, is_plain, register_fonts
from .seal import Seal

TITLES = {PATENT: "职工创新发明专利助推审批表", PROJECT: "创新项目助推审批表"}
LEFT = 20 * MM
RIGHT = A4[0] - 20 * MM
TOP = A4[1] - 16 * MM
BOTTOM = 16 * MM
WIDTH = RIGHT - LEFT
LABEL_W = 27 * MM
VALUE_W = WIDTH / 2 - LABEL_W
SEAL_DIAMETER = 40 * MM
SPECIMEN_NOTE = "印章为样章：正式文件请在“设置”中提供本单位印章扫描件"
PAD = 3


class SheetError(ValueError):
    """Applications asked for that cannot be printed (message in Chinese)."""


@dataclass(frozen=True)
class Sheet:
    """Everything one approval sheet shows, read from the register."""

    app: PatentApplication | ProjectApplication
    campaign: Campaign
    federation: str
    eligible: bool | None
    findings: tuple[Finding, ...]
    qualified_on: date | None
    matrix: tuple[tuple[int, ...], ...] = field(default=())

    @property
    def stream(self) -> str:
        return self.app.stream


def load_sheets(reg: Register, year: int | None = None,
                refs: Sequence[str] | None = None, *,
                federation: str | None = None) -> list[Sheet]:
    """Sheets of the approved applications of ``year`` (all years when None).

    ``federation`` overrides the federation's name read from the campaign title (the
    设置 screen's 单位名称).

    ``refs`` picks applications by patent number (as typed or canonical, spaces and case
    ignored), project title or 登记号; a ref that matches nothing, or matches an
    application without an award, is an error naming it.
    """
    years = [year] if year is not None else reg.campaign_years()
    apps: list[PatentApplication | ProjectApplication] = []
    for y in years:
        apps.extend(reg.patents(y))
        apps.extend(reg.projects(y))
    if refs:
        chosen: list[PatentApplication | ProjectApplication] = []
        problems = []
        for ref in refs:
            hits = [a for a in apps if _matches(a, ref)]
            awarded = [a for a in hits if a.status in AWARDED[a.stream]]
            if not hits:
                problems.append(f"“{ref}”：登记册中没有这项申报")
            elif not awarded:
                problems.append(f"“{ref}”：尚未核准助推，不能打印审批表")
            chosen.extend(a for a in awarded if a not in chosen)
        if problems:
            raise SheetError("；".join(problems) + "。请核对专利号、项目名称或登记号")
        apps = chosen
    else:
        apps = [a for a in apps if a.status in AWARDED[a.stream] and a.award_fen is not None]
    campaigns: dict[int, Campaign] = {}
    sheets = []
    for app in apps:
        c = campaigns.get(app.campaign_year) or campaigns.setdefault(
            app.campaign_year, reg.campaign(app.campaign_year))
        table = "patent_applications" if app.stream == PATENT else "project_applications"
        row = reg.query(f"SELECT eligible, findings FROM {table} WHERE id = ?", (app.id,))[0]
        qualified = reg.scalar(
            "SELECT at FROM status_history WHERE stream = ? AND application_id = ?"
            " AND to_status = 'qualified' ORDER BY id DESC LIMIT 1", (app.stream, app.id))
        level = app.studio_level if isinstance(app, ProjectApplication) else None
        matrix = payer_tranche_matrix(
            app.award_fen or 0, split_ratio(c, app.stream, level), tranche_shares(c, app.stream)
        )
        sheets.append(Sheet(
            app=app, campaign=c, federation=federation or federation_name(c),
            eligible=None if row["eligible"] is None else bool(row["eligible"]),
            findings=tuple(from_json(row["findings"])),
            qualified_on=date.fromisoformat(qualified[:10]) if qualified else None,
            matrix=matrix,
        ))
    return sheets


def _matches(app: PatentApplication | ProjectApplication, ref: str) -> bool:
    key = "".join(ref.split()).upper()
    if key.isdigit() and app.id == int(key):
        return True
    if isinstance(app, PatentApplication):
        raw = "".join(app.patent_number_raw.split()).upper()
        canon = (app.patent_number or "").upper()
        return key in (raw, canon) or (bool(canon) and key.lstrip("ZLCN") == canon[2:])
    return "".join(app.title.split()).upper() == key


# -- drawing ---------------------------------------------------------------------------
def write_approval_pdf(
    target: str | Path | IO[bytes], sheets: Sequence[Sheet], seal: Seal | None = None, *,
    unmasked: bool = False, printed_on: date | None = None, invariant: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write one page per sheet to ``target``; returns the number of pages.

    ``seal`` defaults to the specimen drawn from each campaign's federation name.
    ``progress(done, total)`` is called as pages are drawn; when ``cancelled()`` turns
    true the document is abandoned (nothing is written to a path target).
    """
    if not sheets:
        raise SheetError("没有已核准的申报可打印审批表")
    register_fonts()
    printed_on = printed_on or date.today()
    buffer: Any
    if isinstance(target, str | Path):
        import io

        buffer = io.BytesIO()
    else:
        buffer = target
    c = new_canvas(buffer, A4, f"{sheets[0].campaign.title} 审批表", invariant=invariant)
    total = len(sheets)
    for i, sheet in enumerate(sheets, start=1):
        if cancelled and cancelled():
            return 0
        the_seal = seal or Seal(sheet.federation)
        draw_sheet(c, sheet, the_seal, unmasked=unmasked, printed_on=printed_on)
        draw_footer(c, A4, i, total,
                    left=SPECIMEN_NOTE if the_seal.specimen else f"BoostDesk 打印于 {cn_date(printed_on)}",
                    right=FINANCE_NOTE if unmasked else MASKED_NOTE)
        c.showPage()
        if progress:
            progress(i, total)
    c.save()
    if isinstance(target, str | Path):
        Path(target).write_bytes(buffer.getvalue())
    return total


def draw_sheet(c, sheet: Sheet, seal: Seal, *, unmasked: bool,  # noqa: ANN001
               printed_on: date) -> None:
    app = sheet.app
    c.setFillColorRGB(0, 0, 0)
    y = TOP - 12
    draw_string(c, A4[0] / 2, y, sheet.campaign.title, 12, align="center")
    y -= 27
    draw_string(c, A4[0] / 2, y, TITLES[sheet.stream], 20, align="center", bold=True)
    y -= 22
    draw_string(c, LEFT, y, f"登记号：{app.id}", 10)
    draw_string(c, RIGHT, y, "金额单位：元", 10, align="right")
    y -= 6

    boxes = _opinion_boxes(sheet)
    min_boxes = sum(h for _, h in boxes)
    for size in (10.5, 9.5, 8.5, 7.5):
        table = _facts_table(sheet, size, unmasked)
        _, h = table.wrapOn(c, WIDTH, 10_000)
        if h + min_boxes <= y - BOTTOM:
            break
    table.drawOn(c, LEFT, y - h)
    y -= h
    # The opinion boxes share what is left; the federation's box (the seal's) grows most.
    spare = max(0.0, y - BOTTOM - min_boxes)
    heights = [bh for _, bh in boxes]
    heights[-1] += spare * 0.6
    for k in range(len(heights) - 1):
        heights[k] += spare * 0.4 / (len(heights) - 1)
    for (draw, _), bh in zip(boxes, heights, strict=True):
        c.setStrokeColorRGB(*GRID_GREY)
        c.setLineWidth(0.5)
        c.rect(LEFT, y - bh, WIDTH, bh, stroke=1, fill=0)
        draw(c, y, bh, seal)
        y -= bh


def _opinion_boxes(sheet: Sheet) -> list[tuple[Callable[..., None], float]]:
    year = "　　　　年　　月　　日"

    def box(title: str, lines: Sequence[str], body: str = "") -> Callable[..., None]:
        def draw(c, top: float, height: float, seal: Seal) -> None:  # noqa: ANN001
            draw_string(c, LEFT + 4 * MM, top - 6 * MM, title, 10.5, bold=True)
            if body:
                draw_string(c, LEFT + 8 * MM, top - 13 * MM, body, 10.5)
            for k, line in enumerate(reversed(lines)):
                draw_string(c, RIGHT - 6 * MM, top - height + 5 * MM + k * 7 * MM, line, 10.5,
                            align="right")
        return draw

    def federation(c, top: float, height: float, seal: Seal) -> None:  # noqa: ANN001
        app = sheet.app
        draw_string(c, LEFT + 4 * MM, top - 6 * MM, f"{sheet.federation}核准意见：", 10.5,
                    bold=True)
        amount = format_money(app.award_fen or 0)
        draw_string(c, LEFT + 8 * MM, top - 13 * MM,
                    f"经审核，同意助推，助推资金 {amount}。", 10.5)
        draw_string(c, LEFT + 4 * MM, top - height + 5 * MM, "经办人：", 10.5)
        draw_string(c, LEFT + 45 * MM, top - height + 5 * MM, "审核人：", 10.5)
        # The seal covers the name and the date, its centre just above the date (骑年压月).
        cx = RIGHT - 38 * MM
        date_y = top - height + 20 * MM
        name_y = date_y + 8 * MM
        draw_string(c, cx, name_y, sheet.federation, 11, align="center")
        draw_string(c, cx, date_y, cn_date(app.approved_date) or year.strip(), 11,
                    align="center")
        seal.stamp(c, cx, date_y + 5 * MM, SEAL_DIAMETER)

    if sheet.stream == PATENT:
        boxes = [
            (box("所在单位工会意见：", ["（盖章）" + year]), 24 * MM),
            (box("区、局、集团（公司）工会审核意见：", ["负责人：　　　　　（盖章）" + year]),
             24 * MM),
        ]
    else:
        boxes = [
            (box("所在单位工会意见：", ["（盖章）" + year]), 22 * MM),
            (box("区、局、集团（公司）工会推荐意见：", ["负责人：　　　　　（盖章）" + year]),
             22 * MM),
            (box("专业评审及公示：", [], _review_line(sheet)), 17 * MM),
        ]
    boxes.append((federation, 50 * MM))
    return boxes


def _review_line(sheet: Sheet) -> str:
    app = sheet.app
    tier = format_money(app.award_fen or 0)
    approved = cn_date(app.approved_date)
    return f"经专业评审确定为拟助推项目，公示期满无异议，{approved}核准助推 {tier}"


# -- the facts table -------------------------------------------------------------------
def _cell(text: str, width: float, size: float) -> Any:
    """A plain string when it fits on one line in the main font (fast), else a Paragraph."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = text or ""
    if "\n" not in text and is_plain(text) and stringWidth(text, MAIN, size) <= width - 2 * PAD:
        return text
    return para(text, size)


def _facts_table(sheet: Sheet, size: float, unmasked: bool) -> Any:
    from reportlab.platypus import Table, TableStyle

    rows = _patent_rows(sheet, unmasked) if sheet.stream == PATENT else _project_rows(sheet)
    rows += _money_rows(sheet)
    data: list[list[Any]] = []
    spans: list[tuple] = []
    wide = VALUE_W * 2 + LABEL_W
    for r, row in enumerate(rows):
        if len(row) == 2:
            label, value = row
            data.append([label, value if not isinstance(value, str)
                         else _cell(value, wide, size), "", ""])
            spans.append(("SPAN", (1, r), (3, r)))
        else:
            l1, v1, l2, v2 = row
            data.append([l1, _cell(v1, VALUE_W, size), l2, _cell(v2, VALUE_W, size)])
    t = Table(data, colWidths=[LABEL_W, VALUE_W, LABEL_W, VALUE_W])
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), MAIN, size),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_GREY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD + 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD + 1),
        *[("BACKGROUND", (2, r), (2, r), HEADER_FILL)
          for r, row in enumerate(rows) if len(row) == 4],
        *spans,
    ]))
    return t


def _yn(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _qualification(sheet: Sheet) -> str:
    clause = "一（二）" if sheet.stream == PATENT else "二（一）（二）"
    when = f"（{cn_date(sheet.qualified_on)}）" if sheet.qualified_on else ""
    blocking = [f.message for f in sheet.findings if f.blocking]
    if sheet.eligible is False or blocking:
        head = f"资格审核通过{when}；系统核对意见：" + "；".join(blocking[:2])
        return head + (f" 等 {len(blocking)} 条" if len(blocking) > 2 else "")
    text = f"符合《实施方案》{clause}规定的助推条件，资格审核通过{when}"
    warnings = [f.message for f in sheet.findings if not f.blocking]
    if warnings:
        text += "。提示：" + warnings[0] + (f" 等 {len(warnings)} 条" if len(warnings) > 1 else "")
    return text


def _patent_rows(sheet: Sheet, unmasked: bool) -> list[list[Any]]:
    a = sheet.app
    assert isinstance(a, PatentApplication)
    return [
        ["专利名称", a.title],
        ["专利号", a.patent_number or a.patent_number_raw, "授权公告日", cn_date(a.grant_date)],
        ["第一发明人", a.inventor_name, "联系电话", a.phone],
        ["身份证号", shown_id(a.id_number, unmasked) if a.id_number else "",
         "互助服务卡号", shown_card(a.card_number, unmasked) if a.card_number else ""],
        ["所在单位", a.enterprise_name],
        ["推荐单位", a.unit_name],
        ["职务发明", _yn(a.service_invention), "一线职工", _yn(a.frontline)],
        ["生产中应用", _yn(a.applied_in_production), "所属行业", a.industry],
        ["资格审核", _qualification(sheet)],
    ]


def _project_rows(sheet: Sheet) -> list[list[Any]]:
    a = sheet.app
    assert isinstance(a, ProjectApplication)
    level = LEVEL_ZH.get(a.studio_level or "", "")
    if a.model_studio:
        level += "（示范性）"
    money = format_money
    return [
        ["项目名称", a.title],
        ["工作室名称", a.studio_name],
        ["工作室级别", level, "领衔人", a.leader],
        ["所在单位", a.enterprise_name],
        ["推荐单位", a.unit_name],
        ["立项日期", cn_date(a.approval_date), "计划完成日期", cn_date(a.planned_completion)],
        ["项目总投入", money(a.total_budget_fen) if a.total_budget_fen is not None else "",
         "申请助推金额", money(a.requested_fen) if a.requested_fen is not None else ""],
        ["联系人", a.contact_name, "联系电话", a.contact_phone],
        ["资格审核", _qualification(sheet)],
    ]


def _money_rows(sheet: Sheet) -> list[list[Any]]:
    a = sheet.app
    c = sheet.campaign
    award = a.award_fen or 0
    level = a.studio_level if isinstance(a, ProjectApplication) else None
    ratio = split_ratio(c, sheet.stream, level)
    payer_names = [sheet.federation, a.unit_name or "推荐工会"]
    shares = [sum(row[k] for row in sheet.matrix) for k in range(len(PAYERS))]
    split = "；".join(f"{n} {format_money(s)}" for n, s in zip(payer_names, shares, strict=True))
    rows: list[list[Any]] = [
        ["核准助推金额", f"{format_money(award)}（{daxie(award)}）"],
        ["资金分担", f"{split}（按 {ratio[0]}:{ratio[1]} 分担）"],
    ]
    if sheet.stream == PATENT:
        due = add_months(a.approved_date, c.patent_payment_months) if a.approved_date else None
        when = f"，{cn_date(due)}前" if due else ""
        rows.append(["拨付方式",
                     f"核准后{c.patent_payment_months}个月内{when}一次拨付至第一发明人"
                     "工会会员互助服务卡"])
    else:
        rows.append(["分批拨付", _tranche_table(sheet, payer_names)])
    return rows


def _tranche_table(sheet: Sheet, payer_names: Sequence[str]) -> Any:
    from reportlab.platypus import Table, TableStyle

    a, c = sheet.app, sheet.campaign
    shares = tranche_shares(c, sheet.stream)
    count = len(sheet.matrix)
    widths = [20 * MM, 35 * MM, 35 * MM, 23 * MM, 26 * MM]
    data: list[list[Any]] = [["批次", *[_short(n) for n in payer_names], "合计", "拨付时间"]]
    for t, row in enumerate(sheet.matrix, start=1):
        if t == 1:
            due = add_months(a.approved_date, c.first_tranche_months) if a.approved_date else None
            when = f"{cn_date(due)}前" if due else f"公示期满后{c.first_tranche_months}个月内"
        else:
            when = "结题验收后"
        data.append([f"{tranche_label(sheet.stream, t, count)}（{shares[t - 1]}%）",
                     *[format_money(v) for v in row], format_money(sum(row)), when])
    data.append(["合计", *[format_money(sum(r[k] for r in sheet.matrix))
                          for k in range(len(payer_names))],
                 format_money(sum(map(sum, sheet.matrix))), ""])
    t = Table(data, colWidths=widths)
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), MAIN, 8.5),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID_GREY),
        ("ALIGN", (1, 1), (3, -1), "RIGHT"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return t


def _short(name: str, limit: int = 12) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"

