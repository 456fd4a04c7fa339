"""Payment lists (拨付清单): per payer and per tranche, as PDF and as xlsx.

The federation pays its share of every award; each recommending union pays its share of
the awards it recommended. Patent awards go to the first inventor's union member card
(name, ID and card number — masked on every copy but finance's); project tranches go to
the studio's enterprise. The PDF carries 本页小计 on every page (one per section on a page
of two) and the grand total in figures and 大写 with the 制表 / 审核 / 负责人 signature
lines; its section 二 goes on under 一 on the page 一 ends on when its heading, header and a
few rows fit there, else from a new page; each payer's list begins a page, numbered on
its own (each is stamped and handed over apart). The xlsx has one sheet per payer with a
合计 row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from boostdesk.finance.late_completion import late_line, late_marks
from boostdesk.finance.lines import (
    HELD_WHY,
    WAS_RETURNED,
    PaymentLine,
    card_wait_fact,
    card_wait_why,
    held_groups,
    recovery_said,
)
from boostdesk.finance.movements import LATER_RETURNED, LATER_REVOKED
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import RETURN_OF
from boostdesk.finance.terms import NO_UNION, federation_name, tranche_label, tranche_shares
from boostdesk.io.errors import ExportCancelled
from boostdesk.io.xlsx_layout import as_typed, landscape_a4, sheet_text
from boostdesk.models.campaign import FEDERATION
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.register import Register
from boostdesk.money import daxie, format_money, format_plain, signed_daxie
from boostdesk.no_enterprise import PATENT_MARK, SHEET_MARK, UNPAYABLE
from boostdesk.pinyin_order import sort_key
from boostdesk.validate import normalize_text, tidy_name

from .common import (
    A4_LANDSCAPE,
    FINANCE_NOTE,
    MARGIN,
    MASKED_NOTE,
    MM,
    Col,
    PagedTable,
    Part,
    Span,
    cn_date,
    cn_dates,
    copy_title,
    draw_footer,
    fitting,
    iso,
    new_canvas,
    page_number,
    sheet_card,
    shown_card,
    shown_id,
)
from .common import fitted as common_fitted
from .fonts import draw_string, string_width
from .print_log import list_key

if TYPE_CHECKING:
    from boostdesk.paid_in import Period

FEDERATION_WORDS = ("市总工会", "市总", "federation")
PRINT_CANCELLED = "已取消打印，未生成文件"
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
SIGNATURES = "制表：　　　　　　　　　审核：　　　　　　　　　负责人："
# UNPAYABLE's two halves: a sheet's 合计 rows' label and count
NO_UNIT_WORD, UNPAYABLE_LATER = UNPAYABLE.split("，")


class PayerError(ValueError):
    """A --payer that names no payer, or several (message in Chinese)."""


# A period's list of every tranche (print payments --paid-in without --tranche): what a
# bank statement of the period holds, first tranches and rests alike, each line its 批次
ALL_TRANCHES = 0


@dataclass
class PaymentList:
    """One payer's list for one tranche of one campaign year (a period's: of every
    campaign year, ``tranche`` ALL_TRANCHES for all of them)."""

    year: int
    campaign_title: str
    tranche: int
    payer: str
    payer_name: str
    patents: list[PaymentLine] = field(default_factory=list)
    projects: list[PaymentLine] = field(default_factory=list)
    # this payer's lines of the tranche held by an open objection: not listed, but named
    held: list[PaymentLine] = field(default_factory=list)
    # paid line id -> the union's name it was paid under, renamed or merged since: the
    # stamped list and the voucher bear that name, the reprint today's
    paid_as: dict[int, str] = field(default_factory=dict)
    # last-tranche line id -> its 逾期结题 mark (accepted late, on the office's decision):
    # finance pays it on that decision, and the list it signs says so in 备注
    late: dict[int, str] = field(default_factory=dict)
    # paid lines of this payer's, their award revoked since (应追回 / 已追回): on no list,
    # but a list asked for with its paid lines says they are left out (its 已拨付 total
    # would not match the payer's books otherwise)
    revoked: list[PaymentLine] = field(default_factory=list)
    # a list of the transfers sent in a period of paid days (print payments --paid-in):
    # the period in words (2023年1月), each line as it was sent that day
    period: str = ""
    # a period's list: the bank's returns dated in it (of transfers sent in it or before),
    # each (day, the voucher of the transfer sent back, fen, whose): 本期退汇 under the totals
    returns_in: list[tuple[date, str, int, str]] = field(default_factory=list)
    # a period's list across campaign years (print payments --paid-in without --year): the
    # years it reads, each line's 年度 in a column of its own, the lines by paid day
    years: tuple[int, ...] = ()
    # by campaign year: (transfers, fen sent, returns, fen returned), for the summary
    by_year: dict[int, tuple[int, int, int, int]] = field(default_factory=dict)
    # a list of every tranche: the same by tranche (1: 专利一次拨付、项目首笔), its summary's
    # 其中 rows, each to match the tranche's own list of the period
    by_tranche: dict[int, tuple[int, int, int, int]] = field(default_factory=dict)
    # a period's list: the payer's sums of revoked awards come back in it (count, fen) —
    # money in, apart from 本期净拨付 as `stats` has it
    recovered_in: tuple[int, int] = (0, 0)
    recovered_years: set[int] = field(default_factory=set)  # the campaign years of those
    # asked for with its paid lines (--include-paid, 打印's box unticked): a copy to look
    # over, not the list finance pays from — a document of its own (print_log.list_key)
    with_paid: bool = False

    @property
    def returned_in_fen(self) -> int:
        return sum(fen for _day, _voucher, fen, _whose in self.returns_in)

    @property
    def net_in_period(self) -> int:
        """本期净拨付: the period's transfers less the bank's returns dated in it."""
        return self.total - self.returned_in_fen

    @property
    def return_lines(self) -> list[str]:
        """本期退汇, a line each (its day, voucher, amount, whose), then 本期净拨付; or none."""
        if not self.returns_in:
            return []
        return [*(f"本期退汇：{cn_date(day)}　凭证号 {voucher or '—'}　{format_money(fen)}"
                  f"（{whose}）" for day, voucher, fen, whose in self.returns_in)]

    @property
    def net_text(self) -> str:
        return (f"本期净拨付：{format_money(self.net_in_period)}（本期拨付 {format_money(self.total)}"
                f" 减本期退汇 {len(self.returns_in)} 笔 {format_money(self.returned_in_fen)}）")

    @property
    def shows_net(self) -> bool:
        """A period's list says its 本期净拨付 when the bank returned some of the payer's
        money in it, or the payer got a revoked award's money back (said beside it)."""
        return bool(self.returns_in or self.recovered_in[0])

    @property
    def recoveries_said(self) -> str:
        """撤销助推另计（不减本期净拨付）：… — a line under 本期净拨付 only for a payer
        with revoked awards' transfers listed or their money come back in the period,
        pointing to the 追回清单 (打印 → 追回清单, `print recoveries`); "" otherwise."""
        parts = []
        if revoked := self.revoked_later:
            parts.append(f"所列 {len(revoked)} 笔其后撤销助推、应追回")
        count, fen = self.recovered_in
        if count:
            parts.append(f"本期追回 {count} 笔 {format_money(fen)}")
        if not parts:
            return ""
        return f"撤销助推另计（不减本期净拨付）：{'；'.join(parts)}；逐笔见追回清单（打印 → 追回清单）"

    @property
    def returned_later(self) -> list[PaymentLine]:
        """A period's transfers the bank sent back since (their 备注 says when)."""
        return [x for x in self.lines if x.was_returned.startswith(LATER_RETURNED)]

    @property
    def revoked_later(self) -> list[PaymentLine]:
        """A period's transfers whose award was revoked since (their 备注 says what to
        recover): sent that day, so listed, the batch reconciling line by line."""
        return [x for x in self.lines if LATER_REVOKED in x.was_returned]

    @property
    def revoked_among_paid(self) -> str:
        """，其中其后撤销助推 1 笔 ¥1,500.00 (a list with its paid lines listing a revoked
        award's: the archive's), or ""."""
        some = self.revoked_later
        return (f"，其中其后撤销助推 {len(some)} 笔 "
                f"{format_money(sum(x.amount_fen for x in some))}" if some else "")

    @property
    def revoked_note(self) -> str:
        """另有 2 笔已汇出、后撤销助推，不列入本清单：应追回 ¥3,000.00，已追回 ¥1,200.00，
        尚欠 ¥1,800.00 (this payer's, recovered in instalments), or ""."""
        if not self.revoked:
            return ""
        return (f"{'另有 ' if self.lines else ''}{len(self.revoked)} 笔已汇出、后撤销助推，"
                f"不列入本清单：{recovery_said(self.revoked)}")

    @property
    def note(self) -> str:
        """What the list leaves out, under its totals: held awards, revoked ones."""
        return "；".join(x for x in (self.held_note, self.revoked_note) if x)

    @property
    def held_note(self) -> str:
        """What the list leaves out and why, or "" (finance would miss an approved award)."""
        if not self.held:
            return ""
        return "；".join(
            f"{'另有 ' if self.lines or n else ''}{len(some)} 笔 {format_money(sum(x.amount_fen for x in some))}"
            f" {label}，未列入本清单：{held_why(some, True)}"
            for n, (label, some) in enumerate(held_groups(self.held)))

    @property
    def held_total(self) -> int:
        return sum(x.amount_fen for x in self.held)

    @property
    def nothing_to_pay(self) -> bool:
        """A payer whose every line of the batch is held: its page and sheet are a notice
        (本批无应拨款项 and why), not a list of nothing with 合计 ¥0.00 to sign."""
        return not self.lines and bool(self.held)

    @property
    def notice_heading(self) -> str:
        """A notice's heading: the streams its held lines are of (a project's at the
        tranche's share), then 本批无应拨款项."""
        streams = []
        if any(x.stream == PATENT for x in self.held):
            streams.append("发明专利助推资金")
        shares = dict.fromkeys(f"{x.share_percent}%" for x in self.held if x.stream == PROJECT)
        if shares:
            streams.append(f"创新项目助推资金{'首笔' if self.tranche == 1 else '尾款'}"
                           f"（{'、'.join(shares)}）")
        return f"{'、'.join(streams)}：本批无应拨款项"

    @property
    def lines(self) -> list[PaymentLine]:
        return self.patents + self.projects

    @property
    def total(self) -> int:
        return sum(x.amount_fen for x in self.lines)

    @property
    def paid(self) -> list[PaymentLine]:
        """Lines listed although paid (a list asked for with them, to check against)."""
        return [x for x in self.lines if x.paid]

    @property
    def to_pay(self) -> int:
        """What this list still asks the payer to pay: the total less what is paid."""
        return sum(x.amount_fen for x in self.lines if not x.paid)

    @property
    def unpayable(self) -> list[PaymentLine]:
        """Lines still to pay that paying refuses until filled in (finance.paying): a
        project whose studio has no 所在单位 (its 备注 says :data:`UNPAYABLE`)."""
        return [x for x in self.lines if x.no_payee_unit]

    @property
    def payable_now(self) -> int:
        """What the payer can pay now: what is still to pay less the lines it cannot."""
        return self.to_pay - sum(x.amount_fen for x in self.unpayable)

    @property
    def unpayable_said(self) -> str:
        """其中 ¥6,000.00（1 笔）未登记所在单位，补填前不能拨付（见备注）, or ""."""
        if not self.unpayable:
            return ""
        return (f"其中 {format_money(sum(x.amount_fen for x in self.unpayable))}"
                f"（{len(self.unpayable)} 笔）{UNPAYABLE}（见备注）")

    @property
    def payable_text(self) -> str:
        """The total to sign for: 现可拨付：¥0.00（0 笔）　　大写：人民币零元整, its 大写 the
        payable sum's; what still to pay holds that cannot be paid yet is said apart."""
        n = len(self.lines) - len(self.paid) - len(self.unpayable)
        return (f"现可拨付：{format_money(self.payable_now)}（{n} 笔）　　"
                f"大写：{daxie(self.payable_now)}")

    @property
    def title(self) -> str:
        return f"{self.campaign_title}助推资金拨付清单"

    @property
    def tranche_text(self) -> str:
        if self.tranche == ALL_TRANCHES:
            text = "各批次（每笔注明批次）"
        elif self.tranche == 1:
            text = "第一批（专利一次拨付、项目首笔）"
        else:
            numeral = ("一二三四五六七八九"[self.tranche - 1] if self.tranche < 10
                       else str(self.tranche))
            text = f"第{numeral}批（项目尾款，结题验收后）"
        return text + (f"　　拨付日期：{self.period}" if self.period else "")

    @property
    def period_total(self) -> str:
        """A period's list's total in words: what was sent, and of it what came back since."""
        parts = [f"{label} {len(some)} 笔 {format_money(sum(x.amount_fen for x in some))}"
                 for label, some in self.period_parts]
        return (f"本期拨付：{format_money(self.total)}（{len(self.lines)} 笔）"
                + ("，其中" + "、".join(parts) + "（见备注）" if parts else ""))

    @property
    def period_parts(self) -> list[tuple[str, list[PaymentLine]]]:
        """A period's total's 其中 parts: the transfers sent back since, those revoked since."""
        return [(label, some) for label, some in (("其后退汇", self.returned_later),
                                                  ("其后撤销助推", self.revoked_later)) if some]


def resolve_payer(reg: Register, year: int, name: str | None,
                  federation: str | None = None) -> tuple[str | None, str | None]:
    """(payer, union name) for a --payer value: the federation, or one recommending union.

    None → every payer. The federation answers to 市总工会 or its full name; a union to its
    exact name or a fragment that only it contains.
    """
    if name is None or not name.strip():
        return None, None
    key = name.strip()
    fed = federation_name(reg.campaign(year), federation)
    if key in FEDERATION_WORDS or key in (fed, federation):
        return FEDERATION, None
    units = [r["name"] for r in reg.query("SELECT name FROM units ORDER BY pinyin_key(name)")]
    key = tidy_name(key)  # as a union's name is stored: 北京新疆(集团)工会 is 北京新疆（集团）工会
    if key in units:
        return "union", key
    fragment = normalize_text(key)  # brackets either way in a fragment and in the name
    hits = [u for u in units if fragment in normalize_text(u)]
    if len(hits) == 1:
        return "union", hits[0]
    if not hits:
        now = _renamed_to(reg, key, set(units))
        if now:  # lists stamped under the old spelling: finance asks for them by it
            raise PayerError(f"推荐单位“{key}”已改名或并入“{now}”（见修改记录），其拨付清单按"
                             f"“{now}”打印：请写“{now}”")
        raise PayerError(f"没有名为“{key}”的付款单位：请写“{fed}”或推荐工会的全称")
    raise PayerError(f"“{key}”可指 {'、'.join(hits[:6])}{' 等' if len(hits) > 6 else ''}，请写全称")


def _renamed_to(reg: Register, name: str, units: set[str]) -> str | None:
    """The union a name (tidied) was renamed or merged into (followed to today's name), if
    any. The trail's lines before migration 14 wrote a name's brackets ASCII."""
    import json

    seen = {name}
    for _ in range(20):  # a chain of renames, never a loop
        row = reg.conn.execute(
            "SELECT after FROM audit_events WHERE entity = 'units' AND action IN"
            " ('update', 'merge') AND json_extract(before, '$.name') IN (?, ?)"
            " ORDER BY id DESC LIMIT 1", (name, name.replace("（", "(").replace("）", ")"))
        ).fetchone()
        if row is None:
            return None
        name = tidy_name(str(json.loads(row[0]).get("name") or ""))
        if not name or name in seen:
            return None
        if name in units:
            return name
        seen.add(name)
    return None


def _paid_as(reg: Register, ids: list[int]) -> dict[int, str]:
    """Paid union lines whose payer a union's rename or merge renamed after the payment:
    id -> the name it was paid under (the first rename's old name after the payment)."""
    import json

    if not ids:
        return {}
    out: dict[int, str] = {}
    marks = ",".join("?" * len(ids))
    for eid, action, before, after in reg.conn.execute(
            "SELECT entity_id, action, before, after FROM audit_events WHERE entity ="
            f" 'payments' AND entity_id IN ({marks}) AND action IN ('update', 'rename_payer')"
            " ORDER BY id", ids):
        if action == "update":  # paid (again): what it was paid under is today's name
            if (json.loads(after or "{}") or {}).get("paid_date"):
                out.pop(eid, None)
        elif eid not in out:
            out[eid] = str((json.loads(before or "{}") or {}).get("payer_name") or "")
    return {k: v for k, v in out.items() if v}


def build_payment_lists(reg: Register, year: int, tranche: int, *, payer: str | None = None,
                        unit_name: str | None = None, unpaid_only: bool = True,
                        federation: str | None = None,
                        paid_in: Period | None = None,
                        revoked_listed: bool = False) -> list[PaymentList]:
    """The lists of ``tranche`` for ``year``: the federation's first, then each union's.

    Only lines payable now are listed (a last tranche once its project is accepted), and
    by default only what is still to be paid: a list handed over for paying must not
    invite paying a line twice. ``unpaid_only=False`` lists the paid lines too (their
    totals are then given apart). ``federation`` (设置's 单位名称) names the federation
    only where the campaign title names none. ``paid_in``: the transfers sent in that
    period instead, each as it was sent (its day, its voucher; one sent back since says
    so: :func:`finance.movements.sent_in`). ``revoked_listed`` (with ``unpaid_only=False``:
    the year's archive): a revoked award's paid lines listed among the paid ones, as a
    period's list keeps them — each marked 其后撤销助推 with what is to recover — not named
    apart under the totals, so the list's 已拨付 is every transfer the payer sent (its
    books, the bank's batches), its own 追回 in the year's 追回清单.
    """
    campaign = reg.campaign(year)
    fed = federation_name(campaign, federation)
    every = payment_lines(reg, year, tranche=tranche, payer=payer, unit_name=unit_name)
    returns: dict[tuple[str, str], list[tuple[date, str, int, str]]] = {}
    if paid_in is not None:
        from boostdesk.finance.movements import RETURNED, read_trail, sent_in

        trail = read_trail(reg)
        for x in every:  # the bank's returns dated in the period, whenever sent
            for m in trail.of(x):
                if m.kind == RETURNED and paid_in.first <= m.day <= paid_in.last:
                    name = fed if x.payer == FEDERATION else x.payer_name or NO_UNION
                    # (a project's: the enterprise it came back from, redirected since)
                    whose = f"{m.payee or x.payee} {x.ref if x.stream == PATENT else x.title}"
                    returns.setdefault((x.payer, name), []).append(
                        (m.day, m.voucher, m.amount_fen, whose))
        every = sent_in(every, trail, paid_in.first, paid_in.last)
        unpaid_only = False
    # a revoked award's paid lines (应追回 / 已追回, finance.recovery) are neither to pay
    # nor a paid award: on no list, its 已拨付 total not counting them
    # — but a period's list is of transfers, a revoked award's among them (its 备注 says so)
    listed_revoked = paid_in is None and revoked_listed and not unpaid_only
    if listed_revoked:  # marked as a period's list marks them (finance.movements.sent_in)
        from dataclasses import replace

        every = [replace(x, was_returned="；".join(filter(None, (
            x.was_returned, f"{LATER_REVOKED}{recovery_said([x])}"))))
            if x.to_recover else x for x in every]
    lines = [x for x in every if x.released and not x.held
             and (paid_in is not None or listed_revoked or not x.to_recover)
             and not (unpaid_only and x.paid)]
    lists: dict[tuple[str, str], PaymentList] = {}
    # The unions and each union's units in pinyin order, as the office's own lists run.
    for line in sorted(lines, key=lambda x: (x.payer != FEDERATION, sort_key(x.payer_name) or "",
                                             x.stream, sort_key(x.unit_name) or "", x.app_id)):
        name = fed if line.payer == FEDERATION else line.payer_name or NO_UNION
        key = (line.payer, name)
        pl = lists.get(key)
        if pl is None:
            pl = lists[key] = PaymentList(year, campaign.title, tranche, line.payer, name,
                                          period="" if paid_in is None else paid_in.label)
        (pl.patents if line.stream == PATENT else pl.projects).append(line)
    for key, back in returns.items():  # under the payer's transfers of the period
        if key not in lists:  # a week with a return and no transfer: finance ticks it too
            lists[key] = PaymentList(year, campaign.title, tranche, key[0], key[1],
                                     period=paid_in.label if paid_in is not None else "")
        lists[key].returns_in = sorted(back)
    payable = bool(lists)  # else nothing_payable says why, held lines included
    if not unpaid_only and paid_in is None and not listed_revoked:  # (the archive's: its own)
        for pl in lists.values():
            pl.with_paid = True
    renamed = _paid_as(reg, [x.id for x in lines if x.paid and x.payer != FEDERATION])
    marks = late_marks(reg, {x.app_id for x in lines if x.stream == PROJECT})
    for pl in lists.values():
        pl.paid_as = {x.id: renamed[x.id] for x in pl.lines
                      if x.id in renamed and tidy_name(renamed[x.id]) != pl.payer_name}
        pl.late = {x.id: mark for x in pl.projects if (mark := late_line(x, marks))}
    for line in every:  # listed with the paid ones, a revoked award's are named apart
        if line.to_recover and line.released and not unpaid_only and paid_in is None \
                and not listed_revoked:
            name = fed if line.payer == FEDERATION else line.payer_name or NO_UNION
            if (found := lists.get((line.payer, name))) is not None:
                found.revoked.append(line)
    for line in every:
        if line.held and line.released and payable:
            name = fed if line.payer == FEDERATION else line.payer_name or NO_UNION
            held_in = lists.get((line.payer, name))
            if held_in is None:  # a payer with only held lines still hears of them
                held_in = lists[(line.payer, name)] = PaymentList(
                    year, campaign.title, tranche, line.payer, name)
            held_in.held.append(line)
    return sorted(lists.values(), key=lambda pl: (pl.payer != FEDERATION,
                                                  sort_key(pl.payer_name) or ""))


def build_period_lists(reg: Register, tranche: int | None, paid_in: Period, *,
                       years: Sequence[int] | None = None, payer: str | None = None,
                       unit_name: str | None = None,
                       federation: str | None = None) -> list[PaymentList]:
    """The transfers of ``tranche`` sent in ``paid_in`` whatever campaign year they belong
    to (every year of the register, or ``years``): one list per payer, as finance ticks
    the bank's statement of the period — each line with its 年度, by paid day and voucher;
    本期退汇 of every year's transfers returned in the period, each naming its year.
    ``tranche`` None: every tranche in one list (ALL_TRANCHES), each line naming its 批次,
    a return its year's and its 批次 — what the bank's statement of the period holds."""
    years = sorted(years if years is not None else reg.campaign_years())
    fed = federation_name(reg.campaign(years[-1]), federation) if years else ""
    merged: dict[tuple[str, str], PaymentList] = {}
    batches = [(year, t) for year in years for t in (
        [tranche] if tranche is not None else
        range(1, max(len(tranche_shares(reg.campaign(year), s)) for s in (PATENT, PROJECT)) + 1))]
    for year, each in batches:
        for pl in build_payment_lists(reg, year, each, payer=payer, unit_name=unit_name,
                                      federation=federation, paid_in=paid_in):
            key = (pl.payer, fed if pl.payer == FEDERATION else pl.payer_name)
            into = merged.get(key)
            if into is None:
                into = merged[key] = PaymentList(
                    year, "", ALL_TRANCHES if tranche is None else tranche, pl.payer, key[1],
                    period=paid_in.label)
            into.patents += pl.patents
            into.projects += pl.projects
            into.paid_as.update(pl.paid_as)
            into.late.update(pl.late)
            batch = "" if tranche is not None else _batch_said(pl)
            into.returns_in += [(day, voucher, fen, f"{year}年度{batch} {whose}")
                                for day, voucher, fen, whose in pl.returns_in]
            if pl.lines or pl.returns_in:  # (a year's tranches added up, to the fen)
                figures = (len(pl.lines), pl.total, len(pl.returns_in), pl.returned_in_fen)
                for got, key in ((into.by_year, year),
                                 *(((into.by_tranche, each),) if tranche is None else ())):
                    had = got.get(key, (0, 0, 0, 0))
                    got[key] = (had[0] + figures[0], had[1] + figures[1],
                                had[2] + figures[2], had[3] + figures[3])
    if years:  # the payers' sums of revoked awards come back in the period (stats' 追回)
        from boostdesk.paid_in import recovered_in

        for year, _stream, payer_kind, union, n, fen in recovered_in(reg, paid_in):
            if year not in years or (payer is not None and payer_kind != payer):
                continue
            key = (payer_kind, fed if payer_kind == FEDERATION else union)
            if unit_name is not None and key[1] != unit_name:
                continue
            found = merged.get(key)
            if found is None:  # its money come back, nothing sent or returned: its list too
                found = merged[key] = PaymentList(
                    year, "", ALL_TRANCHES if tranche is None else tranche, payer_kind, key[1],
                    period=paid_in.label)
            found.recovered_in = (found.recovered_in[0] + n, found.recovered_in[1] + fen)
            found.recovered_years.add(year)
    # one title over every payer's list: the document's years, not each payer's own
    every = sorted({y for pl in merged.values() for y in (*pl.by_year, *pl.recovered_years)})
    title = (reg.campaign(every[0]).title if len(every) == 1 else
             f"{fed}职工创新助推计划（{'、'.join(map(str, every))}年度）")
    for pl in merged.values():
        shown = sorted(pl.by_year) or sorted(pl.recovered_years) or [pl.year]
        pl.years = tuple(shown)
        pl.year = shown[-1] if len(shown) == 1 else 0
        pl.campaign_title = title

        def by_day(x: PaymentLine) -> tuple:
            return (x.paid_date or date.min, x.voucher, x.year, sort_key(x.unit_name) or "",
                    x.app_id, x.tranche, x.payer)

        pl.patents.sort(key=by_day)
        pl.projects.sort(key=by_day)
        pl.returns_in.sort()
    # a payer with only held lines (nothing sent in the period) has no list of the period;
    # one with money sent, returned or recovered in it has, as `stats` counts them
    lists = [pl for pl in merged.values() if pl.lines or pl.returns_in or pl.recovered_in[0]]
    return sorted(lists, key=lambda pl: (pl.payer != FEDERATION, sort_key(pl.payer_name) or ""))


def _batch_said(pl: PaymentList) -> str:
    """A tranche's returns in a list of every tranche: 第一批 (专利一次拨付、项目首笔) or
    the rest's name (尾款)."""
    if pl.tranche == 1:
        return "第一批"
    return tranche_label(PROJECT, pl.tranche, max(
        (x.tranche_count for x in pl.projects), default=pl.tranche))


def period_summary(lists: Sequence[PaymentList]) -> list[tuple[str, int, int, int, int]]:
    """The period's money across payers and years: (label, transfers, fen sent, returns,
    fen returned) for each payer, then 合计, then each campaign year (其中 2022年度)."""
    rows = [(pl.payer_name, len(pl.lines), pl.total, len(pl.returns_in), pl.returned_in_fen)
            for pl in lists]
    total = ("合计", sum(r[1] for r in rows), sum(r[2] for r in rows),
             sum(r[3] for r in rows), sum(r[4] for r in rows))
    years: dict[int, list[int]] = {}
    for pl in lists:
        for year, figures in pl.by_year.items():
            got = years.setdefault(year, [0, 0, 0, 0])
            for k in range(4):
                got[k] += figures[k]
    by_year = [(f"其中 {y}年度", *years[y]) for y in sorted(years)]
    tranches: dict[int, list[int]] = {}
    for pl in lists:
        for t, figures in pl.by_tranche.items():
            got = tranches.setdefault(t, [0, 0, 0, 0])
            for k in range(4):
                got[k] += figures[k]
    by_tranche = [(f"其中 {'第一批（专利一次拨付、项目首笔）' if t == 1 else f'第{_numeral(t)}批（项目尾款）'}",
                   *tranches[t]) for t in sorted(tranches)]
    return [*rows, total, *by_year, *by_tranche]  # type: ignore[list-item]


def recovered_said(lists: Sequence[PaymentList]) -> str:
    """The period's 撤销助推追回 across payers, apart from 本期净拨付 as `stats` counts it:
    撤销助推追回（另计，不减本期净拨付）：2 笔 ¥2,500.01（首钢集团工会 1 笔 ¥1,500.00、…）,
    or "" when nothing came back."""
    some = [pl for pl in lists if pl.recovered_in[0]]
    if not some:
        return ""
    return (f"撤销助推追回（另计，不减本期净拨付）：{sum(pl.recovered_in[0] for pl in some)} 笔 "
            f"{format_money(sum(pl.recovered_in[1] for pl in some))}（"
            + "、".join(f"{pl.payer_name} {pl.recovered_in[0]} 笔 "
                       f"{format_money(pl.recovered_in[1])}" for pl in some) + "）")


def _numeral(n: int) -> str:
    return "一二三四五六七八九"[n - 1] if n < 10 else str(n)


def summary_lines(lists: Sequence[PaymentList]) -> list[str]:
    """:func:`period_summary` in words, a line each (the command's output, the PDF's page)."""
    out = []
    for label, sent, sent_fen, back, back_fen in period_summary(lists):
        out.append(f"{label}：本期拨付 {sent} 笔 {format_money(sent_fen)}，本期退汇 {back} 笔 "
                   f"{format_money(back_fen)}，本期净拨付 {format_money(sent_fen - back_fen)}")
    if said := recovered_said(lists):
        out.append(said)
    return out


def held_why(held: list[PaymentLine], printed: bool = False) -> str:
    """Why held lines wait: the projects an open objection holds, then each award no longer
    right since its approval, with what changed and what to do, then each patent waiting
    for its card — ``printed`` (the list's 注, a finance document): the fact alone, the
    how-to left to the screens."""
    parts = []
    objected = "、".join(f"“{t}”" for t in dict.fromkeys(
        x.title for x in held if not x.hold and not x.card_only))
    if objected:
        parts.append(f"项目{objected}有{HELD_WHY}，处理后再拨付")
    parts.extend(dict.fromkeys((x.hold_fact if printed else "") or x.hold
                               for x in held if x.hold))
    awards: dict[tuple[str, int, bool], list[PaymentLine]] = {}
    for x in held:  # an award's lines said once, every payer's return named (its voucher)
        if x.card_only:
            awards.setdefault((x.stream, x.app_id, x.card_stale), []).append(x)
    parts.extend(dict.fromkeys(card_wait_fact(some) if printed else card_wait_why(some)
                               for some in awards.values()))
    return cn_dates("；".join(parts)) if printed else "；".join(parts)


def nothing_payable(reg: Register, year: int, tranche: int, *, payer: str | None = None,
                    unit_name: str | None = None, who: str = "", paid_hint: str = "") -> str:
    """Why a tranche has no list: nothing awarded yet, all of it paid, or its lines wait
    for acceptance. ``paid_hint``: how to list the paid lines, said when there are some."""
    lines = payment_lines(reg, year, tranche=tranche, payer=payer, unit_name=unit_name)
    waiting = [x for x in lines if not x.released and not x.withheld]
    withheld = [x for x in lines if x.withheld]
    paid = [x for x in lines if x.released and x.paid and not x.to_recover]
    back = [x for x in lines if x.to_recover]
    held = [x for x in lines if x.released and x.held]
    text = f"{year} 年度第 {tranche} 批没有{who}尚需拨付的款项"
    reasons = []
    if paid:
        reasons.append(f"{len(paid)} 笔已拨付（{format_money(sum(x.amount_fen for x in paid))}）")
    if waiting:
        projects = len({x.app_id for x in waiting})
        reasons.append(f"{projects} 个项目的 {len(waiting)} 笔尾款待结题验收后方可拨付")
    for label, some in held_groups(held):
        reasons.append(f"{len(some)} 笔（{format_money(sum(x.amount_fen for x in some))}）{label}：{held_why(some)}")
    if withheld:
        projects = len({x.app_id for x in withheld})
        reasons.append(f"{projects} 个项目验收未通过，{len(withheld)} 笔尾款"
                       f"（{format_money(sum(x.amount_fen for x in withheld))}）不予拨付")
    if back:
        reasons.append(f"{len(back)} 笔已汇出、后撤销助推，不列入拨付清单（{recovery_said(back)}）")
    if paid and paid_hint:
        reasons.append(paid_hint)
    return text + ("：" + "；".join(reasons) if reasons else "")


def remark(line: PaymentLine, as_of: date, paid_as: str = "") -> str:
    said = _remark(line, as_of, paid_as)
    if line.paid or line.enterprise_name:
        return said
    # a project's paying refuses it (finance.paying); a patent's goes to the card all the
    # same, its paper's gap (一（四）1) said
    return (UNPAYABLE if line.stream == PROJECT else PATENT_MARK) + (f"；{said}" if said else "")


def paid_no_unit(line: PaymentLine) -> str:
    """A paid patent line whose paper has no 所在单位: the PDF's 所在单位 cell says
    （未登记，待补）; the workbook, with no such column for patents, says it in 备注."""
    return f"所在单位{SHEET_MARK}" if line.stream == PATENT and not line.enterprise_name else ""


def _remark(line: PaymentLine, as_of: date, paid_as: str = "") -> str:
    if line.paid:
        # a transfer sent again after a return: the one that came back stays on the list
        # (its voucher went out too: the books show both)
        return (f"已于 {cn_date(line.paid_date)}拨付" + (f"，凭证 {line.voucher}" if line.voucher else "")
                + (f"（付款时单位名为“{paid_as}”）" if paid_as else "")
                + (f"；{cn_dates(line.was_returned)}" if line.was_returned else "")
                + (f"；{cn_dates(line.was_cancelled)}" if line.was_cancelled else ""))
    if line.returned_date:  # sent before and came back: a second transfer, to what is listed
        # the return's trail reason (2023-03-10 退回，…) in the list's words: 2023年3月10日
        cause = (cn_dates(line.returned_reason.removeprefix(RETURN_OF))
                 or cn_date(line.returned_date))
        if line.redirected_from:  # finance.redirect: the bank's batch names another payee
            cause += f"；原汇往“{line.redirected_from}”，改汇至“{line.payee}”"
        if line.card_kept and line.resent_unchanged:  # the office confirmed the same card
            cause += f"；经确认原卡号无误，按原卡号重拨：{line.card_kept}"
        return f"退汇重拨（{cause}）"
    if line.overdue(as_of):
        return f"已逾期：应于 {cn_date(line.due_date)}前拨付"
    return ""


# -- PDF -------------------------------------------------------------------------------
PATENT_COLS = (
    Col("序号", 9, "center"), Col("推荐单位", 25), Col("所在单位", 30), Col("专利号", 29),
    Col("收款人", 15, "center", name=True), Col("身份证号", 31), Col("工会会员互助服务卡号", 36),
    Col("应拨金额（元）", 24, "right"), Col("应拨日期", 19, "center"), Col("备注", 49),
)
# 应拨日期 as the patents': 二（四）4's term (首笔 three months after the publicity, 尾款 the
# office's months after the acceptance) where finance reads it, beside the overdue note
PROJECT_COLS = (
    Col("序号", 9, "center"), Col("推荐单位", 24), Col("收款单位（工作室所在企业）", 40),
    Col("工作室", 32), Col("项目名称", 38), Col("核准金额（元）", 24, "right"),
    Col("本批比例×\n本单位分担", 20, "center"), Col("应拨金额（元）", 24, "right"),
    Col("应拨日期", 19, "center"),
    Col("备注", 37),  # the part column holds 60%×12/13 on one line
)
TITLE_H = 27 * MM
CLOSING_H = 26 * MM
PAYER_LINE_H = 8 * MM  # the payer's name and the date on a line of their own
PAID_LINE_H = 6 * MM  # 已拨付 and the grand total, when paid lines are listed
# A section goes on under the one before on its last page when its heading, its table's
# header and this many of its rows fit there (all of them, when it has fewer), its
# subtotal under them; else it begins a page, as a heading never stands alone at a foot.
FOLLOW_ROWS = 3
SECTION_H = 12 * MM  # from the table above to the table of a section going on under it
HEADING_ABOVE = TITLE_H - 23 * MM  # a section heading's baseline over its table
MIN_NAME_SIZE = 7.0  # a payer's name shrinks to fit down to this, then wraps
PAYER_LINES = 2  # the payer's lines above the section heading (at MIN_NAME_SIZE)


def _patent_rows(lines: Sequence[PaymentLine], unmasked: bool, as_of: date,
                 paid_as: dict[int, str]) -> list[list[str]]:
    return [[
        str(i), x.unit_name, x.enterprise_name or SHEET_MARK, x.ref, x.payee,
        shown_id(x.id_number, unmasked) if x.id_number else "",
        shown_card(x.card_number, unmasked) if x.card_number else "（未登记卡号）",
        format_plain(x.amount_fen), iso(x.due_date),
        "\n".join(filter(None, (cell_remark(x, as_of, paid_as.get(x.id, "")), share_note(x)))),
    ] for i, x in enumerate(lines, start=1)]


def _project_rows(lines: Sequence[PaymentLine], as_of: date, paid_as: dict[int, str],
                  late: dict[int, str]) -> list[list[str]]:
    return [[
        str(i), x.unit_name, x.payee, x.studio_name, x.title, format_plain(x.award_fen),
        f"{x.share_percent}%×{payer_part(x)}", format_plain(x.amount_fen), iso(x.due_date),
        "\n".join(filter(None, (late.get(x.id, ""),
                                 cell_remark(x, as_of, paid_as.get(x.id, "")),
                                 rounding_note(x)))),
    ] for i, x in enumerate(lines, start=1)]


def cell_remark(line: PaymentLine, as_of: date, paid_as: str = "") -> str:
    """:func:`remark` as the PDF's 备注 cell sets it: the voucher on a line of its own.
    The cell holds no whole remark on one line, and wrapped anywhere it read 凭证 记 over
    -2023-0026, a voucher number that is not one."""
    return remark(line, as_of, paid_as).replace("，凭证 ", "，\n凭证 ", 1).replace(
        f"；{WAS_RETURNED}", f"\n{WAS_RETURNED}", 1).replace(
        f"；{LATER_RETURNED}", f"\n{LATER_RETURNED}", 1).replace(
        f"；{LATER_REVOKED}", f"\n{LATER_REVOKED}", 1)


def rounding_note(line: PaymentLine) -> str:
    """The fen by which a line differs from 核准金额 × 本批比例 × 本单位分担 rounded, said on
    it. The tranche is rounded first, then split so that the payers' lines add up to it
    (finance.payer_tranche_matrix): 50,000.01 × 60% is 30,000.01, split 1:1 as 15,000.01
    and 15,000.00, where a checker redoing one line gets 15,000.00 and would call the other
    a fen off."""
    if not line.award_fen or not line.share_percent:
        return ""
    index = 0 if line.payer == FEDERATION else 1
    exact = Fraction(line.award_fen * line.share_percent * line.split[index],
                     100 * sum(line.split))
    diff = line.amount_fen - int(exact + Fraction(1, 2))  # half up, as a checker rounds
    if not diff:
        return ""
    return f"含尾差 {'+' if diff > 0 else '-'}{format_plain(abs(diff))}"


def share_note(line: PaymentLine) -> str:
    """:func:`rounding_note` with what the line is a part of, where no column says it (a
    patent's line, the xlsx's lines): 核准 3,333.33×1/2，含尾差 -0.01 — the award split 1:1
    is 1,666.67 and 1,666.66, and the checker halving 3,333.33 gets 1,666.67 for both."""
    rounding = rounding_note(line)
    if not rounding:
        return ""
    share = f"{line.share_percent}%×" if line.stream == PROJECT else ""
    return f"核准 {format_plain(line.award_fen)}×{share}{payer_part(line)}，{rounding}"


def payer_part(line: PaymentLine) -> str:
    """This payer's part of the tranche (1/2, 1/3, 7/13): 核准 30,000 × 60% × 1/3 = 6,000
    reads right, where 30,000 × 60% beside 6,000 reads as a mistake. The exact part of the
    ratio the award is split in, so a checker can redo the arithmetic to the fen."""
    if not line.award_fen * line.share_percent:
        return "—"
    index = 0 if line.payer == FEDERATION else 1
    part = Fraction(line.split[index], sum(line.split))
    return "全额" if part == 1 else f"{part.numerator}/{part.denominator}"


def _sections(pl: PaymentList, unmasked: bool, as_of: date,
              closing: list[Part]) -> list[tuple[str, PagedTable]]:
    out: list[tuple[str, PagedTable]] = []
    parts: list[tuple[str, tuple[Col, ...], list[list[str]], list[PaymentLine], int]] = []
    if pl.period and not pl.lines:  # a week of bank returns (or recoveries) alone
        return [(PERIOD_RETURNS_ONLY if pl.returns_in else PERIOD_RECOVERIES_ONLY, PagedTable(cols=PROJECT_COLS, rows=[], table=False,
                                                 closing_parts=closing))]
    if pl.patents:
        parts.append(("发明专利助推资金（一次拨付至第一发明人工会会员互助服务卡）",
                      PATENT_COLS, _patent_rows(pl.patents, unmasked, as_of, pl.paid_as),
                      pl.patents, 7))
    if pl.nothing_to_pay:  # no table: the held lines named under the heading, no totals
        return [(pl.notice_heading, PagedTable(cols=PROJECT_COLS, rows=[], table=False,
                                               closing_parts=closing))]
    if pl.projects:
        # across campaign years the tranche's share may differ by year's plan
        share = "、".join(dict.fromkeys(f"{x.share_percent}%" for x in pl.projects))
        if pl.tranche == ALL_TRANCHES:  # a share a tranche: each line's in 本批比例
            share = "各笔比例见“本批比例”栏"
        which = ("首笔、尾款" if pl.tranche == ALL_TRANCHES else
                 "首笔" if pl.tranche == 1 else "尾款")
        parts.append((f"创新项目助推资金{which}（{share}，拨付至工作室所在企业）",
                      PROJECT_COLS, _project_rows(pl.projects, as_of, pl.paid_as, pl.late),
                      pl.projects, 7))
    if pl.years:  # a list across campaign years: each line's 年度 beside its number
        parts = [(heading, _year_cols(cols), [[r[0], str(x.year), *r[1:]]
                                              for r, x in zip(rows, lines, strict=True)],
                  lines, amount_col + 1) for heading, cols, rows, lines, amount_col in parts]
    if pl.tranche == ALL_TRANCHES:  # every tranche in one list: each line's 批次 beside 序号
        parts = [(heading, _batch_cols(cols), [[r[0], batch_name(x), *r[1:]]
                                               for r, x in zip(rows, lines, strict=True)],
                  lines, amount_col + 1) for heading, cols, rows, lines, amount_col in parts]
    if pl.period:  # money sent in the period, not what is owed: 拨付金额
        parts = [(heading, _sent_cols(cols), rows, lines, amount_col)
                 for heading, cols, rows, lines, amount_col in parts]
    numerals = "一二三四"
    for k, (heading, cols, rows, lines, amount_col) in enumerate(parts):
        last = k == len(parts) - 1
        sub = sum(x.amount_fen for x in lines)
        paid = [x for x in lines if x.paid]
        label = f"小计（{len(lines)} 笔）" if not paid or pl.period else (
            f"小计（{len(lines)} 笔，其中已拨付 {len(paid)} 笔"
            f" {format_plain(sum(x.amount_fen for x in paid))}）")
        final = [[label] + [""] * (len(cols) - 1)]
        final[0][amount_col] = format_plain(sub)
        out.append((f"{numerals[k]}、{heading}", PagedTable(
            cols=cols, rows=rows, size=8, values=[x.amount_fen for x in lines],
            subtotal_col=amount_col, format_value=format_plain, final_rows=final,
            closing_parts=closing if last else [],
        )))
    return out


PERIOD_RETURNS_ONLY = "本期没有拨付的款项，只有银行退回的款项（退汇）"
PERIOD_RECOVERIES_ONLY = "本期没有拨付的款项，只有撤销助推追回的款项（另计）"
YEAR_COL = Col("年度", 11, "center")
# the columns that give up the 年度 column's width, as much as it takes in either table: a
# unit's or studio's name wraps
_YEAR_ROOM = {"所在单位": 5, "备注": 6, "工作室": 5}


BATCH_COL = Col("批次", 10, "center")
# the columns that give up the 批次 column's width, as much as it takes in either table
# (the projects' gave up 17 mm for 10, and 17 for the 年度's 11: their table stood short of
# the patents' right edge)
_BATCH_ROOM = {"推荐单位": 3, "所在单位": 3, "项目名称": 3, "身份证号": 0, "备注": 4}


def batch_name(line: PaymentLine) -> str:
    """A line's 批次 as a list of every tranche names it: 一次 (a patent), 首笔, 尾款."""
    return "一次" if line.stream == PATENT else line.tranche_name


def _batch_cols(cols: tuple[Col, ...]) -> tuple[Col, ...]:
    from dataclasses import replace

    narrowed = [replace(c, width_mm=c.width_mm - _BATCH_ROOM.get(c.header, 0)) for c in cols]
    return (narrowed[0], BATCH_COL, *narrowed[1:])


DUE_AMOUNT, SENT_AMOUNT = "应拨金额（元）", "拨付金额（元）"


def _sent_cols(cols: tuple[Col, ...]) -> tuple[Col, ...]:
    """A period's list's columns: its amounts are the transfers sent, 拨付金额."""
    from dataclasses import replace

    return tuple(replace(c, header=SENT_AMOUNT) if c.header == DUE_AMOUNT else c for c in cols)


def _year_cols(cols: tuple[Col, ...]) -> tuple[Col, ...]:
    from dataclasses import replace

    narrowed = [replace(c, width_mm=c.width_mm - _YEAR_ROOM.get(c.header, 0)) for c in cols]
    return (narrowed[0], YEAR_COL, *narrowed[1:])


# a section's piece on a page: its heading, its table, the span of rows, its last page?
Piece = tuple[str, PagedTable, Span, bool]


def following(table: PagedTable, avail: float, left: float) -> list[Span] | None:
    """A section's pages when it goes on under the section before, whose last page leaves
    ``left`` points under its table: the first span on that page. None when it must begin
    a page: its heading would stand at the page's foot over fewer than FOLLOW_ROWS rows
    (a row cut over pages not counted), or its 小计, 合计 and signatures would be left on
    a page without a row of it, where begun on a page of its own they stand under its rows."""
    first = left - SECTION_H
    if first <= 0:
        return None
    spans = table.layout(avail, first=first)
    lead = spans[0]
    rows = lead.end - lead.start - (lead.tail is not None)
    if lead.alone or rows < min(FOLLOW_ROWS, len(table.rows)) or any(
            s.alone and s.final for s in spans):
        return None
    return spans


def fitted(text: str, width: float, size: float) -> tuple[float, list[str]]:
    """(size, lines) to draw ``text`` within ``width``: shrunk down to MIN_NAME_SIZE, then
    wrapped. A union's name is what a list is for: never cut, never drawn over."""
    return common_fitted(text, width, size, MIN_NAME_SIZE)


PAYER_EVERY_PAGE = 4  # a name of up to this many lines heads every page whole
MIN_TABLE_H = 60 * MM  # the table's room on the page the name's last lines head, at least


@dataclass(frozen=True)
class PayerHeading:
    """How a payer's name heads its list. A name of up to PAYER_EVERY_PAGE lines stands
    whole on every page, the heading and the table going down under its lines after
    PAYER_LINES. A longer one (a paragraph pasted as a union's name) stands whole on the
    list's first page only — on pages of its own first when it leaves the table less than
    MIN_TABLE_H there — and the pages after, and the signature line, name it cut to a line
    that says where it stands whole: repeated, it left no room for the table."""

    size: float
    # the whole name's lines, a page's worth each; the last page's over the table's first
    # rows ([]: the name ended on the page before, the short line heads the table)
    pages: list[list[str]]
    short: str  # the name as the pages after the first give it (whole when it fits them all)

    @property
    def every_page(self) -> bool:
        return len(self.pages) == 1 and len(self.pages[0]) <= PAYER_EVERY_PAGE

    @property
    def leading(self) -> float:
        return self.size * 1.2

    def below(self, lines: int) -> float:
        """Points the section heading and the table go down under ``lines`` of the name."""
        return max(0, lines - PAYER_LINES) * self.leading


def payer_heading(payer_name: str, width: float, height: float) -> PayerHeading:
    """The heading of a payer's list on landscape pages ``height`` high, ``width`` wide."""
    text = f"付款单位：{payer_name}"
    size, lines = fitted(text, width, 10)
    lead = size * 1.2
    if len(lines) <= PAYER_EVERY_PAGE:
        return PayerHeading(size, [lines], text)
    # lines a page of the name alone holds under the title, the last one above the margin
    alone = max(1, int((height - 2 * MARGIN - 15 * MM - 3) / lead) + 1)
    with_table = PAYER_LINES + max(
        0, int((height - 2 * MARGIN - TITLE_H - MIN_TABLE_H) / lead))
    pages: list[list[str]] = []
    rest = lines
    while len(rest) > with_table:
        pages.append(rest[:alone])
        rest = rest[alone:]
    pages.append(rest)  # over the table; none left: the short line heads it
    named = len(pages) - (not pages[-1])  # the pages the name stands on
    where = "第 1 页" if named == 1 else f"第 1—{named} 页"
    return PayerHeading(size, pages, shortened(text, f"……（全称见{where}）", width, 10))


def shortened(text: str, tail: str, width: float, size: float) -> str:
    """``text`` cut so that, ``tail`` after it, it fits ``width`` on one line at ``size``."""
    lo, hi = 0, len(text)
    while lo < hi:  # the longest beginning that fits
        mid = (lo + hi + 1) // 2
        if string_width(text[:mid] + tail, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + tail


def draw_fitted(canvas: Any, x: float, y: float, text: str, width: float, size: float,
                align: str = "left") -> None:
    """``text`` shrunk or wrapped into ``width``; wrapped lines go down from ``y``."""
    size, lines = fitted(text, width, size)
    for k, line in enumerate(lines):
        draw_string(canvas, x, y - k * size * 1.2, line, size, align=align)


# the footer of a list printed with its paid lines: not to be paid from (the list of what
# is still to pay is its own document, its first print not this one's)
WITH_PAID_MARK = "含已拨付款项，供核对；拨付以只列尚未拨付款项的清单为准"


def write_payments_pdf(target: str | Path | IO[bytes], lists: Sequence[PaymentList], *,
                       unmasked: bool = False, printed_on: date | None = None,
                       invariant: bool = False, progress: Progress | None = None,
                       cancelled: Cancelled | None = None,
                       marks: Mapping[str, str] | None = None) -> int:
    """Write every list (each payer from a new page); returns pages. The pages are
    numbered through the file (第 4 页 共 18 页), and with several payers each payer's own
    as well (（本单位第 1 页 共 3 页）): a page dropped from the pile is missed either way.
    ``marks``: a list's footer mark by its ``print_log.list_key`` (补打（首次打印于 …）).

    Every payer's list is seconds of pages at 10,000 applications: ``progress(payers done,
    payers)``, and ``cancelled()`` looked at each page stops it with
    :class:`ExportCancelled` before anything is written to ``target``."""
    if not lists:
        raise PayerError("这一批次没有可拨付的款项")
    printed_on = printed_on or date.today()
    w, h = A4_LANDSCAPE
    line_w = w - 2 * MARGIN
    canvas = new_canvas(target, A4_LANDSCAPE, copy_title(lists[0].title, unmasked),
                        invariant=invariant)
    # every payer's pages planned first: the file's page count is on its first page
    planned = [_plan_payer(pl, unmasked, printed_on, line_w, h) for pl in lists]
    summary = _summary_table(lists)
    summary_spans = summary.layout(h - 2 * MARGIN - TITLE_H) if summary is not None else []
    total = sum(len(plan) for _pl, _head, plan in planned) + len(summary_spans)
    page = 0
    for done, (pl, head, plan) in enumerate(planned, start=1):
        batch = f"拨付批次：{pl.tranche_text}　　金额单位：元"
        mark = "；".join(filter(None, (WITH_PAID_MARK if pl.with_paid else "",
                                      (marks or {}).get(list_key(pl), ""))))
        for i, (name_lines, pieces) in enumerate(plan, start=1):
            if cancelled is not None and cancelled():
                raise ExportCancelled(PRINT_CANCELLED)
            page += 1
            top = h - MARGIN
            draw_string(canvas, w / 2, top - 7 * MM, pl.title,
                        fitting(pl.title, line_w, 15), align="center", bold=True)
            # The payer has the whole line: the batch and the unit sit by the section heading.
            if name_lines is None:
                draw_string(canvas, MARGIN, top - 15 * MM, head.short, 10)
                below = 0.0
            else:
                for k, line in enumerate(name_lines):
                    draw_string(canvas, MARGIN, top - 15 * MM - k * head.leading, line,
                                head.size)
                below = head.below(len(name_lines))
            # none: the name alone, its list beginning on the page after
            under = top - TITLE_H - below  # the top of the page's first table
            for m, (heading, table, span, last) in enumerate(pieces):
                if m:  # a section going on under the one before
                    under -= SECTION_H
                # a page of the closing alone (a long note going on) says whose part it closes
                shown = heading + ("（续）" if span.alone else "")
                draw_string(canvas, MARGIN, under + HEADING_ABOVE, shown, 10.5, bold=True)
                # a period's days lengthen the batch's words: smaller rather than over the
                # heading (2022年1月1日至2023年6月30日 ran into its 卡）)
                room = line_w - string_width(shown, 10.5) - 6 * MM
                draw_string(canvas, w - MARGIN, under + HEADING_ABOVE, batch,
                            fitting(batch, room, 10), align="right")
                under = table.draw_page(canvas, MARGIN, under, span, last=last)
            own = f"（本单位{page_number(i, len(plan))}）" if len(planned) > 1 else ""
            draw_footer(canvas, A4_LANDSCAPE, page, total, left=f"打印日期：{cn_date(printed_on)}",
                        right=FINANCE_NOTE if unmasked else MASKED_NOTE, part=own, mark=mark)
            canvas.showPage()
        if progress is not None:
            progress(done, len(lists))
    for i, span in enumerate(summary_spans, start=1):  # after every payer's list
        if cancelled is not None and cancelled():
            raise ExportCancelled(PRINT_CANCELLED)
        page += 1
        assert summary is not None
        top = h - MARGIN
        title = f"{lists[0].title}（汇总）"
        draw_string(canvas, w / 2, top - 7 * MM, title, fitting(title, line_w, 15),
                    align="center", bold=True)
        draw_string(canvas, MARGIN, top - 15 * MM, f"各付款单位、各年度合计　　拨付批次："
                    f"{lists[0].tranche_text}　　金额单位：元", 10)
        summary.draw_page(canvas, MARGIN, top - TITLE_H, span, last=i == len(summary_spans))
        draw_footer(canvas, A4_LANDSCAPE, page, total, left=f"打印日期：{cn_date(printed_on)}",
                    right=FINANCE_NOTE if unmasked else MASKED_NOTE)
        canvas.showPage()
    canvas.save()
    return total


SUMMARY_COLS = (
    Col("付款单位 / 年度", 115), Col("本期拨付笔数", 22, "center"),
    Col("本期拨付（元）", 34, "right"), Col("本期退汇笔数", 22, "center"),
    Col("本期退汇（元）", 34, "right"), Col("本期净拨付（元）", 34, "right"),
)


def pl_paid_said(pl: PaymentList) -> str:
    """A list with its paid lines: 已拨付 and the grand total including them."""
    return (f"已拨付：{format_money(pl.total - pl.to_pay)}（{len(pl.paid)} 笔"
            f"{pl.revoked_among_paid}，见备注，不再拨付）　　清单合计（含已拨付）："
            f"{format_money(pl.total)}")


def _summary_table(lists: Sequence[PaymentList]) -> PagedTable | None:
    """A period's lists across campaign years: a page of totals by payer and by year,
    本期退汇 and 本期净拨付 beside 本期拨付 (None for any other list)."""
    if not lists or not lists[0].years:
        return None
    rows = [[label, str(sent), format_plain(sent_fen), str(back), format_plain(back_fen),
             format_plain(sent_fen - back_fen)]
            for label, sent, sent_fen, back, back_fen in period_summary(lists)]
    net = sum(pl.net_in_period for pl in lists)
    said = f"本期净拨付合计：{format_money(net)}　　大写：{signed_daxie(net)}"
    back = recovered_said(lists)

    def closing(c: Any, y: float) -> None:
        draw_string(c, MARGIN, y - 7 * MM, said, 11, bold=True)
        if back:
            draw_string(c, MARGIN, y - 7 * MM - PAID_LINE_H, back,
                        fitting(back, A4_LANDSCAPE[0] - 2 * MARGIN, 10))

    total_row = len(lists)  # 合计, under the payers
    return PagedTable(cols=SUMMARY_COLS, rows=rows, size=9, final_bold=True,
                      marked=frozenset({total_row}),
                      closing_parts=[Part(12 * MM + (PAID_LINE_H if back else 0), closing)])


Plan = list[tuple[list[str] | None, list[Any]]]


def _plan_payer(pl: PaymentList, unmasked: bool, printed_on: date, line_w: float,
                h: float) -> tuple[PaymentList, PayerHeading, Plan]:
    """One payer's pages: each the name's lines heading it (None: the short line) and
    its sections' pieces, with their closing drawn by the parts made here."""
    w = line_w + 2 * MARGIN
    head = payer_heading(pl.payer_name, line_w, h)
    # a name too long to head every page is signed for as the pages after the first give it
    signing = pl.payer_name if head.every_page else head.short.removeprefix("付款单位：")
    signed = f"{signing}　　{cn_date(printed_on)}"
    # Beside the signatures when it fits; a long name gets a line of its own under them.
    beside = string_width(SIGNATURES, 10.5) + 10 * MM + string_width(signed, 10.5) <= line_w

    # Paid lines listed too: what is left to pay comes first, in 大写; the grand total
    # is named as including them, so it is not taken for what to pay.
    paid_h = PAID_LINE_H if pl.paid and not pl.period else 0.0
    if pl.unpayable and not pl.period:  # 现可拨付 first, then what waits for 所在单位
        paid_h += PAID_LINE_H
    if pl.period:  # 本期退汇 a line each, then 本期净拨付; the revoked awards' line
        paid_h = PAID_LINE_H * (len(pl.return_lines) + pl.shows_net + bool(pl.recoveries_said))
    # the awards held by an open objection: named under the totals, not listed
    # (in readable type: a long one goes on over pages, it need not shrink to fit one)
    held_size, held_lines = (common_fitted(pl.note, line_w, 10, 9) if pl.note
                             else (10.0, []))

    # The closing as parts, one under another: the totals, each line of the note on
    # held awards, the signatures. A note of pages goes on over pages of its own, the
    # signatures after its last line (common.PagedTable.layout).
    # under the projects' 小计, a total of both parts says so: it is not that 小计's
    both = "　　（一、二两部分合计）" if pl.patents and pl.projects else ""

    def totals(c: Any, y: float, pl: PaymentList = pl, both: str = both) -> None:
        if pl.period:  # the transfers of a period: all sent, none to pay
            draw_string(c, MARGIN, y - 7 * MM,
                        f"{pl.period_total}　　大写：{daxie(pl.total)}{both}", 11, bold=True)
            for k, line in enumerate(pl.return_lines, start=1):
                draw_string(c, MARGIN, y - 7 * MM - k * PAID_LINE_H, line,
                            fitting(line, line_w, 10))
            if pl.shows_net:
                net = f"{pl.net_text}　　大写：{signed_daxie(pl.net_in_period)}"
                draw_string(c, MARGIN, y - 7 * MM - (len(pl.return_lines) + 1) * PAID_LINE_H,
                            net, fitting(net, line_w, 10.5), bold=True)
            if said := pl.recoveries_said:  # under 本期净拨付, or under 本期拨付 without one
                below = len(pl.return_lines) + pl.shows_net + 1
                draw_string(c, MARGIN, y - 7 * MM - below * PAID_LINE_H, said,
                            fitting(said, line_w, 10))
        elif pl.unpayable:  # a line paying refuses: the 大写 is of what can be paid now
            draw_string(c, MARGIN, y - 7 * MM, pl.payable_text + both, 11, bold=True)
            waits = (f"尚需拨付：{format_money(pl.to_pay)}（{len(pl.lines) - len(pl.paid)} 笔）"
                     if pl.paid else f"合计：{format_money(pl.total)}（{len(pl.lines)} 笔）")
            waits += f"，{pl.unpayable_said}"
            draw_string(c, MARGIN, y - 7 * MM - PAID_LINE_H, waits, fitting(waits, line_w, 10))
            if pl.paid:
                said = pl_paid_said(pl)
                draw_string(c, MARGIN, y - 7 * MM - 2 * PAID_LINE_H, said,
                            fitting(said, line_w, 10))
        elif pl.paid:
            draw_string(c, MARGIN, y - 7 * MM, f"尚需拨付：{format_money(pl.to_pay)}"
                        f"（{len(pl.lines) - len(pl.paid)} 笔）　　大写：{daxie(pl.to_pay)}"
                        + both,
                        11, bold=True)
            said = pl_paid_said(pl)
            draw_string(c, MARGIN, y - 7 * MM - PAID_LINE_H, said, fitting(said, line_w, 10))
        else:
            draw_string(c, MARGIN, y - 7 * MM,
                        f"合计：{format_money(pl.total)}　　大写：{daxie(pl.total)}{both}",
                        11, bold=True)

    def held(line: str, size: float) -> Callable[[Any, float], None]:
        def draw(c: Any, y: float) -> None:
            draw_string(c, MARGIN, y - PAID_LINE_H, line, size)
        return draw

    # a name of a paragraph wraps under the signatures: room for each of its lines
    signed_size, signed_lines = fitted(signed, line_w, 10.5)
    signed_h = PAYER_LINE_H + (len(signed_lines) - 1) * signed_size * 1.2

    def signatures(c: Any, y: float, signed: str = signed, beside: bool = beside) -> None:
        draw_string(c, MARGIN, y - 9 * MM, SIGNATURES, 10.5)
        draw_fitted(c, w - MARGIN, y - 9 * MM - (0 if beside else PAYER_LINE_H),
                    signed, line_w, 10.5, align="right")

    def dated(c: Any, y: float, signed: str = signed) -> None:
        draw_fitted(c, w - MARGIN, y - 9 * MM, signed, line_w, 10.5, align="right")

    notes = [Part(PAID_LINE_H, held(line, held_size),
                  # the note's first line not alone under the totals, its last not
                  # leaving the signatures alone on a page
                  keep=n in (0, len(held_lines) - 1) and not pl.nothing_to_pay)
             for n, line in enumerate(held_lines)]
    if pl.nothing_to_pay:  # a notice: what is held and why, dated; nothing to sign for
        notes[-1] = notes[-1]._replace(keep=True)
        closing = [*notes, Part(9 * MM + signed_h, dated)]
    else:
        closing = [Part(7 * MM + paid_h, totals), *notes,
                   Part(CLOSING_H - 7 * MM + (0 if beside else signed_h), signatures)]
    sections = _sections(pl, unmasked, printed_on, closing)
    avail = h - 2 * MARGIN - TITLE_H
    # each page: the name's lines heading it (at head.size; None: the short line),
    # then its sections' pieces one under another (a section begun under the one
    # before), or none on a page of the name alone
    plan: list[tuple[list[str] | None, list[Piece]]] = [
        (lines, []) for lines in head.pages[:-1]]
    for n, (heading, table) in enumerate(sections):
        first = None
        if head.every_page:
            room = avail - head.below(len(head.pages[0]))
        else:  # the first section under the name's last lines, then the short line
            room = avail
            if n == 0:
                first = avail - head.below(len(head.pages[-1]))
        spans = None
        if n:  # on under the section before, when it leaves room
            names, pieces = plan[-1]
            left = avail - head.below(len(names or ())) - sum(
                (SECTION_H if m else 0.0) + t.drawn_height(s, end)
                for m, (_, t, s, end) in enumerate(pieces))
            spans = following(table, room, left)
        joined = spans is not None
        if spans is None:
            spans = table.layout(room, first=first)
        for k, span in enumerate(spans):
            piece = (heading, table, span, k == len(spans) - 1)
            if joined and k == 0:
                plan[-1][1].append(piece)
            else:
                plan.append(((head.pages[-1] or None)
                             if head.every_page or (n == 0 and k == 0) else None, [piece]))
    return pl, head, plan


# -- xlsx ------------------------------------------------------------------------------
XLSX_COLUMNS = (
    ("序号", 6), ("类别", 8), ("推荐单位", 22), ("收款人/收款单位", 26), ("身份证号", 21),
    ("工会会员互助服务卡号", 25), ("工作室", 24), ("专利号/项目名称", 32), ("拨付批次", 12),
    ("应拨金额（元）", 15), ("应拨日期", 34), ("拨付日期", 12), ("凭证号", 14), ("备注", 30),
)
XLSX_NOTE_LINE = 120  # characters of the held note on a line across the sheet, at most
XLSX_NOTE_CHARS = 25 * XLSX_NOTE_LINE  # a row's worth (≈ 390 pt)
AMOUNT_COLUMN = 10  # 1-based: 应拨金额（元）; the 合计 row writes the 大写 in the next column
HEADER_ROW = 3
# 推荐单位, 收款人/收款单位, 工作室, 专利号/项目名称, 备注: wrapped in their cells (a longer
# name was cut at the next column, on paper too)
XLSX_WRAPPED = (3, 4, 7, 8, 14)


def sheet_name(name: str, taken: set[str]) -> str:
    """An Excel sheet name: no []:*?/\\, at most 31 characters, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\\x00-\x1f]", "", name)[:31] or "付款单位"
    out, n = base, 2
    while out in taken:
        suffix = f"({n})"
        out, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(out)
    return out


def write_payments_xlsx(path: str | Path, lists: Sequence[PaymentList], *,
                        unmasked: bool = False, printed_on: date | None = None,
                        progress: Progress | None = None,
                        cancelled: Cancelled | None = None) -> Path:
    """One sheet per payer: title, a header row, one row per payee, 合计 with its 大写.
    ``cancelled()`` stops it with :class:`ExportCancelled` before ``path`` is written."""
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    if not lists:
        raise PayerError("这一批次没有可拨付的款项")
    printed_on = printed_on or date.today()
    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the new workbook's empty sheet
    wb.properties.creator = "BoostDesk"
    wb.properties.title = copy_title(lists[0].title, unmasked)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="D9E1F2")
    wrapped = Alignment(wrap_text=True, vertical="center")
    middle = Alignment(vertical="center")  # beside a wrapped name
    taken: set[str] = set()
    last = get_column_letter(len(XLSX_COLUMNS))
    for done, pl in enumerate(lists):
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        if progress is not None:
            progress(done, len(lists))
        ws = wb.create_sheet(sheet_name(pl.payer_name, taken))
        ws.cell(1, 1, sheet_text(pl.title)).font = Font(name="宋体", size=15, bold=True)
        ws.merge_cells(f"A1:{last}1")
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        ws.cell(2, 1, f"付款单位：{sheet_text(pl.payer_name)}　　拨付批次：{pl.tranche_text}　　"
                      f"打印日期：{cn_date(printed_on)}　　"
                      f"{FINANCE_NOTE if unmasked else MASKED_NOTE}")
        ws.merge_cells(f"A2:{last}2")
        if pl.nothing_to_pay:  # a notice, as its page: no table, no 合计 共 0 笔 0
            for j, (_header, width) in enumerate(XLSX_COLUMNS, start=1):
                ws.column_dimensions[get_column_letter(j)].width = width
            ws.cell(HEADER_ROW, 1, pl.notice_heading).font = Font(bold=True)
            ws.merge_cells(f"A{HEADER_ROW}:{last}{HEADER_ROW}")
            _note_rows(ws, pl.held_note, HEADER_ROW, last)
            landscape_a4(ws, freeze_row=HEADER_ROW, title_rows=f"1:{HEADER_ROW}")
            continue
        # a list across campaign years: each line's 年度 in a last column (the columns
        # before keep their places, for the sheets finance's macros read)
        columns: tuple[tuple[str, int], ...] = (
            (*XLSX_COLUMNS, ("年度", 8)) if pl.years else XLSX_COLUMNS)
        if pl.period:  # the transfers sent, as the PDF heads them (_sent_cols)
            columns = tuple((SENT_AMOUNT if h == DUE_AMOUNT else h, w) for h, w in columns)
        for j, (header, width) in enumerate(columns, start=1):
            cell = ws.cell(HEADER_ROW, j, header)
            cell.font = Font(bold=True)
            cell.fill = fill
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            ws.column_dimensions[get_column_letter(j)].width = width
        r = HEADER_ROW
        for i, x in enumerate(pl.lines, start=1):
            r += 1
            patent = x.stream == PATENT
            values = [
                i, "专利" if patent else "项目", x.unit_name, x.payee,
                shown_id(x.id_number, unmasked) if patent and x.id_number else "",
                sheet_card(x.card_number, unmasked) if patent and x.card_number else "",
                x.studio_name, x.ref if patent else x.title,
                x.tranche_name if x.stream == PROJECT else "一次拨付",
                Decimal(x.amount_fen) / 100, x.due_date, x.paid_date, x.voucher,
                "；".join(filter(None, (
                    pl.late.get(x.id, ""),
                    *((remark(x, printed_on),) if not x.paid else (
                        f"付款时单位名为“{pl.paid_as[x.id]}”" if x.id in pl.paid_as else "",
                        x.was_returned, paid_no_unit(x))),
                    share_note(x)))),
            ]
            if pl.years:
                values.append(x.year)
            for j, v in enumerate(values, start=1):
                cell = as_typed(ws.cell(r, j, sheet_text(v)))
                cell.border = border
                cell.alignment = wrapped if j in XLSX_WRAPPED else middle  # a row grown
                if j in (5, 6):
                    cell.number_format = "@"
            ws.cell(r, AMOUNT_COLUMN).number_format = "#,##0.00"
            for j in (11, 12):
                ws.cell(r, j).number_format = "yyyy-mm-dd"
        # With paid lines listed, 合计 includes them: 已拨付 and 尚需拨付 are given apart, the
        # 大写 on what is still to pay.
        paid = pl.total - pl.to_pay
        totals = [("合计", f"共 {len(pl.lines)} 笔", pl.total, not pl.paid)]
        if pl.period:  # the transfers of a period: all sent, none to pay
            totals = [("合计（本期拨付）", f"共 {len(pl.lines)} 笔", pl.total, True)] + [
                (f"其中{label}", f"{len(some)} 笔，见备注", sum(x.amount_fen for x in some),
                 False) for label, some in pl.period_parts]
            totals += [("本期退汇", f"{cn_date(day)}　凭证号 {voucher or '—'}（{whose}）",
                        -fen, False) for day, voucher, fen, whose in pl.returns_in]
            if pl.shows_net:
                totals.append(("本期净拨付", "本期拨付减本期退汇", pl.net_in_period, True))
            if pl.recoveries_said:
                totals.append(("撤销助推另计", pl.recoveries_said, pl.recovered_in[1], False))
        elif pl.paid:
            totals[0] = ("合计（含已拨付）", f"共 {len(pl.lines)} 笔", pl.total, False)
            totals += [("其中已拨付", f"{len(pl.paid)} 笔{pl.revoked_among_paid}，不再拨付",
                        paid, False),
                       ("尚需拨付", f"{len(pl.lines) - len(pl.paid)} 笔", pl.to_pay, True)]
        if pl.unpayable and not pl.period:  # the 大写 on what can be paid now
            label, count, fen, _ = totals[-1]
            totals[-1] = (label, count, fen, False)
            totals += [(f"其中{NO_UNIT_WORD}", f"{len(pl.unpayable)} 笔，{UNPAYABLE_LATER}",
                        pl.to_pay - pl.payable_now, False),
                       ("现可拨付", f"{len(pl.lines) - len(pl.paid) - len(pl.unpayable)} 笔",
                        pl.payable_now, True)]
        for label, count, fen, in_words in totals:
            r += 1
            ws.cell(r, 1, label).font = Font(bold=True)
            ws.cell(r, 4, count)
            total = ws.cell(r, AMOUNT_COLUMN, Decimal(fen) / 100)
            total.number_format = "#,##0.00"
            total.font = Font(bold=in_words)
            if in_words:
                ws.cell(r, AMOUNT_COLUMN + 1, signed_daxie(fen)).font = Font(bold=True)
            for j in range(1, len(columns) + 1):
                ws.cell(r, j).border = border
        if pl.note:  # an approved award the list leaves out, and why; a revoked one's
            r = _note_rows(ws, pl.note, r, last)
        ws.cell(r + 2, 1, SIGNATURES)
        ws.merge_cells(f"A{r + 2}:{last}{r + 2}")
        landscape_a4(ws, freeze_row=HEADER_ROW + 1, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    if lists[0].years:
        _summary_sheet(wb, lists, sheet_name("汇总", taken), border, fill)
    if cancelled is not None and cancelled():
        raise ExportCancelled()
    from boostdesk.io.in_place import written_in_place

    path = Path(path)
    with written_in_place(path) as part:
        wb.save(part)
    return path


def _summary_sheet(wb: Any, lists: Sequence[PaymentList], name: str, border: Any,
                   fill: Any) -> None:
    """A period's lists across campaign years: their totals by payer and by year."""
    from decimal import Decimal

    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)
    ws.cell(1, 1, sheet_text(f"{lists[0].title}（汇总）")).font = Font(size=14, bold=True)
    ws.cell(2, 1, f"拨付批次：{lists[0].tranche_text}")
    for j, col in enumerate(SUMMARY_COLS, start=1):
        cell = ws.cell(HEADER_ROW, j, col.header)
        cell.font, cell.fill, cell.border = Font(bold=True), fill, border
        ws.column_dimensions[get_column_letter(j)].width = 40 if j == 1 else 16
    r = HEADER_ROW
    for label, sent, sent_fen, back, back_fen in period_summary(lists):
        r += 1
        for j, v in enumerate((sheet_text(label), sent, Decimal(sent_fen) / 100, back,
                               Decimal(back_fen) / 100, Decimal(sent_fen - back_fen) / 100),
                              start=1):
            cell = ws.cell(r, j, v)
            cell.border = border
            cell.font = Font(bold=label == "合计")
            if j in (3, 5, 6):
                cell.number_format = "#,##0.00"
    net = sum(pl.net_in_period for pl in lists)
    ws.cell(r + 2, 1, f"本期净拨付合计：{format_money(net)}　　大写：{signed_daxie(net)}").font = \
        Font(bold=True)
    if recovered := recovered_said(lists):
        ws.cell(r + 3, 1, recovered)
    landscape_a4(ws, freeze_row=HEADER_ROW + 1, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def _note_rows(ws: Any, note: str, row: int, last: str) -> int:
    """The held note under ``row``: wrapped, whole, in rows Excel can show (409 pt at
    most), across the sheet. Returns its last row."""
    from openpyxl.styles import Alignment

    for at in range(0, len(note), XLSX_NOTE_CHARS):
        row += 1
        piece = note[at:at + XLSX_NOTE_CHARS]
        ws.cell(row, 1, sheet_text(piece)).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(f"A{row}:{last}{row}")
        ws.row_dimensions[row].height = 15 * (len(piece) // XLSX_NOTE_LINE + 1)
    return row
