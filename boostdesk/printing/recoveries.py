"""追回清单: a year's awards revoked after payment (撤销助推, ``finance.recovery``) and the
money coming back, per payer, as PDF and xlsx for the year's archive. No Qt.

Each payer's part of each revoked award: the transfers that left (day, voucher, amount:
what the payer's books and the bank's batches show, as the archive's 拨付清单 list them),
the decision, what is to recover (应追回), each sum returned (追回: day, voucher, amount,
note) with what is still owed after it (尚欠); a 小计 per payer and the year's 合计, to
the fen. The federation first, then the unions in pinyin order, as the payment lists run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from boostdesk.finance.lines import PaymentLine
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.recovery_parts import PayerPart
from boostdesk.finance.terms import NO_UNION, federation_name
from boostdesk.models.campaign import FEDERATION
from boostdesk.models.records import PATENT, id_ref
from boostdesk.models.register import Register
from boostdesk.money import format_plain
from boostdesk.pinyin_order import sort_key

from .common import Col, cn_date, cn_dates, iso

Cancelled = Callable[[], bool]
TITLE = "撤销助推款项追回清单"
NOT_YET = "（尚未追回）"


@dataclass(frozen=True)
class AwardPart:
    """One payer's part of one revoked award: what left, the decision, what came back."""

    stream: str
    app_id: int
    ref: str  # the patent number, or the project's title
    payee: str  # the first inventor, or the studio's enterprise
    decision: str  # 2023-09-01 撤销助推：专利被宣告无效（京工发〔2023〕12号）
    sent: tuple[PaymentLine, ...]  # the paid lines: each transfer that left
    part: PayerPart

    @property
    def sent_fen(self) -> int:
        return sum(x.amount_fen for x in self.sent)


@dataclass
class PayerRecoveries:
    """A payer's parts of the year's revoked awards."""

    payer: str  # FEDERATION or RECOMMENDING_UNION
    payer_name: str
    awards: list[AwardPart] = field(default_factory=list)

    @property
    def owed_fen(self) -> int:
        """应追回: what the payer paid on the awards revoked since."""
        return sum(a.part.amount_fen for a in self.awards)

    @property
    def recovered_fen(self) -> int:
        return sum(a.part.recovered_fen for a in self.awards)

    @property
    def owing_fen(self) -> int:
        return sum(a.part.owing_fen for a in self.awards)

    @property
    def instalments(self) -> int:
        return sum(len(a.part.instalments) for a in self.awards)


def build_recoveries(reg: Register, year: int, *,
                     federation: str | None = None) -> list[PayerRecoveries]:
    """The year's revoked awards' parts by payer ([] when the year has none)."""
    from boostdesk.finance.recovery import recovery_of

    fed = federation_name(reg.campaign(year), federation)
    lines = [x for x in payment_lines(reg, year) if x.to_recover and x.recovery is not None]
    payers: dict[tuple[str, str], PayerRecoveries] = {}
    awards: dict[tuple[str, str, str, int], list[PaymentLine]] = {}
    for x in lines:
        name = fed if x.payer == FEDERATION else x.payer_name or NO_UNION
        payers.setdefault((x.payer, name), PayerRecoveries(x.payer, name))
        awards.setdefault((x.payer, name, x.stream, x.app_id), []).append(x)
    decisions: dict[tuple[str, int], str] = {}
    for (payer, name, stream, app_id), sent in awards.items():
        if (stream, app_id) not in decisions:
            rec = recovery_of(reg, stream, app_id)
            decisions[(stream, app_id)] = rec.decision if rec is not None else "撤销助推"
        first = sent[0]
        sent.sort(key=lambda x: (x.tranche, x.paid_date or date.min, x.id))
        payers[(payer, name)].awards.append(AwardPart(
            stream, app_id, first.ref if stream == PATENT else first.title, first.payee,
            decisions[(stream, app_id)], tuple(sent), first.recovery))  # type: ignore[arg-type]
    for p in payers.values():
        p.awards.sort(key=lambda a: (a.stream != PATENT, a.app_id))
    return sorted(payers.values(), key=lambda p: (p.payer != FEDERATION,
                                                  sort_key(p.payer_name) or ""))


class NoRecoveries(ValueError):
    """A year with no award revoked after payment: no 追回清单 (said in Chinese)."""


def year_recoveries(reg: Register, year: int, *,
                    federation: str | None = None) -> list[PayerRecoveries]:
    """:func:`build_recoveries` for a 追回清单 printed on its own (``print recoveries``,
    打印's 追回清单), refused for a year that has nothing to recover."""
    lists = build_recoveries(reg, year, federation=federation)
    if not lists:
        raise NoRecoveries(f"{year} 年度没有已拨付后撤销助推的款项，无追回清单")
    return lists


def print_job(lists: list[PayerRecoveries], year: int, pages: int | None,
              to: str = "") -> Any:
    """The list's print line (``print_log.PrintJob``): a signed paper, as the 拨付清单's;
    never 补打 (it is dated: 截至 the day it is printed)."""
    from . import print_log

    papers = [id_ref(a.stream, a.app_id) for p in lists for a in p.awards]
    return print_log.PrintJob(DOCUMENT, year, [f"{DOCUMENT}:{year}"], papers, pages, to,
                              what="、".join(p.payer_name for p in lists))


DOCUMENT = "追回清单"


def what(lists: list[PayerRecoveries]) -> str:
    """The lists in a line: 2 个付款单位、1 项撤销助推：应追回 …，已追回 …，尚欠 …"""
    awards = {(a.stream, a.app_id) for p in lists for a in p.awards}
    owed = sum(p.owed_fen for p in lists)
    back = sum(p.recovered_fen for p in lists)
    return (f"{len(lists)} 个付款单位、{len(awards)} 项撤销助推：应追回 {format_plain(owed)} 元，"
            f"已追回 {format_plain(back)} 元（{sum(p.instalments for p in lists)} 笔），"
            f"尚欠 {format_plain(owed - back)} 元")


COLS = (
    Col("序号", 9, "center"), Col("付款单位", 26), Col("申报（登记号、专利号或项目）", 40),
    Col("收款人/收款单位", 18, name=True), Col("撤销决定", 36), Col("原拨付（日期、凭证、金额）", 38),
    Col("应追回（元）", 20, "right"), Col("追回日期", 18, "center"), Col("凭证号", 20),
    Col("追回金额（元）", 20, "right"), Col("尚欠（元）", 20, "right"),
)


def _rows(lists: list[PayerRecoveries]) -> list[tuple[list[str], list[int | None]]]:
    """Each row's texts and its amounts in fen (应追回, 追回金额, 尚欠; None: blank) for
    the xlsx: an award's first row names it, each sum returned a row of its own."""
    out: list[tuple[list[str], list[int | None]]] = []
    n = 0
    for p in lists:
        for a in p.awards:
            n += 1
            sent = "\n".join(f"{iso(x.paid_date)} {x.voucher or '无凭证'} {format_plain(x.amount_fen)}"
                             for x in a.sent)
            head = [str(n), p.payer_name, f"{id_ref(a.stream, a.app_id)} {a.ref}", a.payee,
                    cn_dates(a.decision), sent]
            left = a.part.amount_fen
            if not a.part.instalments:
                out.append(([*head, format_plain(left), NOT_YET, "", "", format_plain(left)],
                            [left, None, left]))
                continue
            for k, i in enumerate(a.part.instalments):
                left -= i.amount_fen
                mine = head if k == 0 else [""] * len(head)
                owed = a.part.amount_fen if k == 0 else None
                voucher = "\n".join(filter(None, (i.voucher, i.note)))
                out.append(([*mine, format_plain(owed) if owed is not None else "",
                             i.day.isoformat(), voucher, format_plain(i.amount_fen),
                             format_plain(left)], [owed, i.amount_fen, left]))
        out.append((["小计", p.payer_name, f"{len(p.awards)} 项，追回 {p.instalments} 笔",
                     "", "", "", format_plain(p.owed_fen), "", "",
                     format_plain(p.recovered_fen), format_plain(p.owing_fen)],
                    [p.owed_fen, p.recovered_fen, p.owing_fen]))
    owed = sum(p.owed_fen for p in lists)
    back = sum(p.recovered_fen for p in lists)
    out.append((["合计", f"{len(lists)} 个付款单位",
                 f"{len({(a.stream, a.app_id) for p in lists for a in p.awards})} 项撤销助推",
                 "", "", "", format_plain(owed), "", "", format_plain(back),
                 format_plain(owed - back)], [owed, back, owed - back]))
    return out


def totals_said(lists: list[PayerRecoveries]) -> str:
    """The 合计 in figures and 大写, as the other finance documents say their totals:
    合计：应追回 ¥3,000.00（人民币叁仟元整），已追回 …，尚欠 …."""
    from boostdesk.money import daxie, format_money

    owed = sum(p.owed_fen for p in lists)
    back = sum(p.recovered_fen for p in lists)
    return "合计：" + "，".join(f"{what} {format_money(fen)}（大写：{daxie(fen)}）" for what, fen in (
        ("应追回", owed), ("已追回", back), ("尚欠", owed - back)))


def _note(year: int, as_of: date) -> str:
    return (f"{year} 年度已拨付、其后撤销助推的款项，按付款单位列明原拨付、应追回、逐笔追回（日期、凭证、"
            f"金额）和尚欠；截至 {cn_date(as_of)}；金额单位：元")


def write_recoveries_pdf(path: Path, lists: list[PayerRecoveries], year: int, title: str, *,
                         printed_on: date | None = None, mark: str = "",
                         cancelled: Cancelled | None = None) -> int:
    """The lists as one PDF of A4 landscape pages (a table: rows as :func:`_rows`), signed
    for under it (制表 / 审核 / 负责人, as the 拨付清单); ``mark`` (the archive's 存档副本) in
    its footers; the number of pages."""
    from .payments import SIGNATURES
    from .plain_table import write_table_pdf

    printed_on = printed_on or date.today()
    rows = [texts for texts, _ in _rows(lists)]
    return write_table_pdf(path, f"{title}{TITLE}", _note(year, printed_on), COLS, rows,
                           printed_on=printed_on, mark=mark, signatures=SIGNATURES,
                           totals=totals_said(lists), issuer=_issuer(title),
                           cancelled=cancelled)


def _issuer(title: str) -> str:
    """The federation the year's plan title names (北京市总工会2022年… → 北京市总工会): the
    office whose list it is."""
    from boostdesk.models.campaign import title_head

    return title_head(title)[0] or "BoostDesk"


def write_recoveries_xlsx(path: Path, lists: list[PayerRecoveries], year: int, title: str, *,
                          printed_on: date | None = None,
                          cancelled: Cancelled | None = None) -> None:
    """The same table as a workbook: the amounts as numbers (元, two decimals)."""
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from boostdesk.io.errors import ExportCancelled
    from boostdesk.io.in_place import written_in_place
    from boostdesk.io.xlsx_layout import landscape_a4, sheet_text

    printed_on = printed_on or date.today()
    wb = Workbook()
    ws: Any = wb.active
    ws.title = "追回清单"
    wb.properties.creator = "BoostDesk"
    wb.properties.title = f"{title}{TITLE}"
    last = get_column_letter(len(COLS))
    ws.cell(1, 1, sheet_text(f"{title}{TITLE}")).font = Font(size=14, bold=True)
    ws.merge_cells(f"A1:{last}1")
    ws.cell(2, 1, _note(year, printed_on))
    ws.merge_cells(f"A2:{last}2")
    for j, col in enumerate(COLS, start=1):
        ws.cell(3, j, col.header).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(j)].width = col.width_mm / 2.2
    amounts = (7, 10, 11)  # 应追回, 追回金额, 尚欠
    wrapped = Alignment(wrap_text=True, vertical="top")
    for r, (texts, fen) in enumerate(_rows(lists), start=4):
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        for j, text in enumerate(texts, start=1):
            if j in amounts:
                value = fen[amounts.index(j)]
                cell = ws.cell(r, j, Decimal(value) / 100 if value is not None else None)
                cell.number_format = "#,##0.00"
            elif j == 1 and text.isdigit():
                ws.cell(r, j, int(text))
            elif j == 8 and text[:1].isdigit():  # 追回日期: a date, as the payment lists'
                ws.cell(r, j, date.fromisoformat(text)).number_format = "yyyy-mm-dd"
            else:
                cell = ws.cell(r, j, sheet_text(text) if text else None)
                cell.alignment = wrapped
        if texts[0] in ("小计", "合计"):
            for j in range(1, len(COLS) + 1):
                ws.cell(r, j).font = Font(bold=True)
    from .payments import SIGNATURES

    ws.cell(ws.max_row + 2, 1, totals_said(lists)).font = Font(bold=True)
    ws.cell(ws.max_row + 2, 1, SIGNATURES)
    landscape_a4(ws, freeze_row=4, title_rows="3:3")
    with written_in_place(Path(path)) as part:
        wb.save(part)
