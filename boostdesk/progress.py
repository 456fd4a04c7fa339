"""Where a paper stands, in words a caller understands: its status, why it was refused or
not awarded, what it still lacks and where to send it, its money (``finance.payout``) and
one line saying what happens next and when — for a paper, and for every paper a
recommending union sent in a year. The detail pane says ``next_step``; the 办理进度告知单
(``printing.progress``, `boostdesk print progress`) prints the rest. Terms and contacts
are the campaign's; nothing is written; no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from boostdesk.finance.payout import DONE, Payout, card_tail, payout, payouts, tranche_terms
from boostdesk.models.campaign import Campaign
from boostdesk.models.records import PATENT, PROJECT, id_ref
from boostdesk.models.register import Register
from boostdesk.models.workflow import CLOSE_REASON, STATUS_ZH, UNDECIDED, shown_status_zh
from boostdesk.money import format_money, split_by_ratio
from boostdesk.progress_letter import (
    Refund,
    close_step,
    letter_step,
    objection_step,
    plain_money_step,
    refund_of,
)
from boostdesk.rules.findings import (
    INCOMPLETE,
    REFUSED,
    VERDICT_ZH,
    Finding,
    asked_of_union,
    lacks_intake_date_only,
    outgoing_text,
    stored_findings,
    verdict_label,
)
from boostdesk.rules.findings import verdict_of as told_verdict
from boostdesk.rules.late_papers import LIST_MARK, Late, late_papers

# A decision that went against the paper: the rules' verdict beside it is only what the
# rules found (规则核对：合格), not that the paper passed.
NEGATIVE = ("refused", "not_awarded", "revoked")
RULES_SAID = "规则核对："
TO_SEND = "待补"  # a missing material or fact the union must send: not a mere 提示

_TABLES = {PATENT: "patent_applications", PROJECT: "project_applications"}
_VERDICT = VERDICT_ZH


def verdict_words(status: str, verdict: str, findings: Sequence[Finding] = ()) -> str:
    """The rules' verdict (合格, 不合格, 待补材料) as said beside ``status``: 规则核对：合格
    when the decision went otherwise (a refusal, a non-award), so that it does not read as
    if the paper passed; 待补材料（待填收件日期） when ``findings`` lack only the 收件日期."""
    words = verdict_label(verdict, findings) if status == "registered" else _VERDICT.get(
        verdict, verdict)
    return f"{RULES_SAID}{words}" if status in NEGATIVE and verdict != "refused" else words


def send_to(campaign: Campaign) -> str:
    """Where a union sends what a paper lacks: the paper items (申报表, a stamp: never by
    e-mail, 三、相关要求) to the campaign's paper address, the rest to its e-mail, and its
    contact (设置's 核对意见 contact); else the office in general."""
    parts = []
    if campaign.paper_address:
        parts.append(f"纸质材料报送至 {campaign.paper_address}")
    if campaign.notice_email:
        parts.append(f"电子版发送至 {campaign.notice_email}")
    if campaign.notice_contact:
        parts.append(f"联系人 {campaign.notice_contact}")
    return "；".join(parts) if parts else "请经推荐单位报送市总工会"


@dataclass(frozen=True)
class PaperProgress:
    """One paper as its 办理进度告知单 tells it."""

    stream: str
    app_id: int
    year: int
    seq: int | None  # the union's 序号
    title: str
    number: str  # a patent's number; "" for a project
    person: str  # the first inventor, or the studio's leader
    studio: str  # a project's studio
    id_tail: str  # 尾号 0021 (a patent's inventor)
    card_tail: str  # 尾号 4492
    unit: str
    received: date | None
    status: str  # as the lists show it (核准（暂缓拨付）)
    verdict: str  # the rules' verdict as said beside it (verdict_words)
    reason: str  # why refused / not awarded / revoked / failed; "" otherwise
    missing: tuple[str, ...]  # what it lacks (待补), while it awaits a decision
    problems: tuple[str, ...]  # the rules' 不符合 findings, while it awaits a decision
    send_to: str
    award_fen: int
    payout: Payout | None
    next_step: str
    # next_step as a letter leaving the office says it (progress_letter): without where to
    # send what it lacks (said once under it), no objector, no screen or command
    step_brief: str = ""
    revoked: bool = False  # 撤销助推: its award and paid money are no award's (to recover)
    late: str = ""  # received after the 报送截止日: said, and whether it was accepted
    # while it awaits a decision, the verdict its union's 核对意见 tells (rules.findings.
    # verdict_of: 不合格 even when materials are missing too); "" once decided
    told: str = ""
    refund: Refund | None = None  # a revoked award's decision and what is owed to whom

    @property
    def ref(self) -> str:
        return id_ref(self.stream, self.app_id)

    @property
    def paid_fen(self) -> int:
        return self.payout.paid_fen if self.payout else 0

    @property
    def owed_fen(self) -> int:
        return self.payout.owed_fen if self.payout else 0

    @property
    def refused_fen(self) -> int:
        """The 尾款 a failed acceptance does not pay (二（四）4): neither paid nor owed; none
        once revoked (what comes back is said instead)."""
        return self.payout.refused_fen if self.payout and not self.revoked else 0

    @property
    def awarded_fen(self) -> int:
        """The award as the totals count it: none once revoked (as the statistics)."""
        return 0 if self.revoked else self.award_fen

    @property
    def recovery_text(self) -> str:
        """A revoked award's 应追回 / 已追回 / 尚欠 ("" for any other paper)."""
        return self.payout.recovery_text if self.revoked and self.payout else ""

    @property
    def remark(self) -> str:
        """The reason; or, as the 核对意见 says it, 不合格 and why first (what it lacks
        too, said after: sending it does not make it 合格), else what it lacks."""
        if self.reason:
            return self.reason
        lacks = f"{TO_SEND}：" + "；".join(self.missing) if self.missing else ""
        if self.problems:
            said = f"{VERDICT_ZH[REFUSED]}：" + "；".join(self.problems)
            return f"{said}\n另{lacks}" if lacks else said
        return lacks


def paper_progress(reg: Register, stream: str, app_id: int, as_of: date) -> PaperProgress:
    """One paper's progress as of ``as_of`` (RegisterError for one not registered)."""
    from boostdesk.award_holds import OPEN_AWARD, hold_of

    app = reg.application(stream, app_id)
    held = (hold_of(reg, stream, app_id)
            if app.status in OPEN_AWARD[stream] or app.status == "acceptance_failed" else None)
    money = payout(reg, stream, app, as_of, held)
    row = reg.query(f"SELECT eligible, incomplete, findings FROM {_TABLES[stream]}"
                    " WHERE id = ?", (app_id,))[0]
    return _progress(reg, app, row, money, held is not None, reg.campaign(app.campaign_year),
                     as_of, late_papers(reg, stream, [app_id]).get(app_id))


def verdict_of(eligible: int | None, incomplete: int | None) -> str:
    """The stored verdict columns as a verdict key (as the lists read them)."""
    if eligible is None:
        return "unchecked"
    if not eligible:
        return "refused"
    return "incomplete" if incomplete else "eligible"


def late_words(status: str, late: Late | None) -> str:
    """A paper received after the 报送截止日: undecided, its acceptance the reviewer's
    call (the plan sets the day, not what follows it, ``rules.late_papers``); passed
    资格审核, it was accepted; refused, the lateness said beside the refusal."""
    if late is None:
        return ""
    if status == "registered":
        return f"{LIST_MARK}：{late.said}，是否受理由审核人决定"
    if status == "refused":
        return f"{LIST_MARK}：{late.said}"
    return f"{LIST_MARK}，经审核同意受理"


def _progress(reg: Register, app: Any, row: Any, money: Payout | None, held: bool,
              campaign: Campaign, as_of: date, late: Late | None = None) -> PaperProgress:
    stream = app.stream
    findings = stored_findings(row["findings"] or "[]")
    verdict = verdict_of(row["eligible"], row["incomplete"])
    waiting = app.status in UNDECIDED
    # as the 核对意见 tells it: a 收件日期 the office has not entered is not asked for, nor
    # makes the paper 待补材料 on the letter (the office enters it, from its own intake)
    asked = asked_of_union(findings)
    told = (told_verdict(None if row["eligible"] is None else asked)
            if waiting else "")
    shown = "eligible" if verdict == "incomplete" and lacks_intake_date_only(findings) else verdict
    # the letter goes to the applicant: no other applicant named (outgoing_text)
    missing = tuple(outgoing_text(f) for f in asked if f.missing) if waiting else ()
    problems = tuple(outgoing_text(f) for f in asked if f.blocking) if waiting else ()
    patent = stream == PATENT
    refund = refund_of(reg, stream, app.id) if app.status == "revoked" else None
    return PaperProgress(
        stream=stream, app_id=app.id, year=app.campaign_year, seq=app.seq,
        title=app.title or "（无名称）", number=app.ref if patent else "",
        person=app.inventor_name if patent else app.leader,
        studio="" if patent else app.studio_name,
        id_tail=_tail(app.id_number) if patent else "",
        card_tail=card_tail(app.card_number) if patent and app.card_number else "",
        unit=app.unit_name, received=app.received_date,
        status=shown_status_zh(app.status, held), verdict=verdict_words(app.status, shown),
        reason=decision_reason(app), missing=missing, problems=problems,
        send_to=send_to(campaign), award_fen=app.award_fen or 0, payout=money,
        next_step=next_step(reg, app, verdict, findings, money, campaign, as_of=as_of),
        step_brief=letter_step(app, refund, campaign, next_step(
            reg, app, verdict, findings, money, campaign, where=False, as_of=as_of,
            outgoing=True)),
        revoked=app.status == "revoked", late=late_words(app.status, late), told=told,
        refund=refund,
    )


def _tail(number: str) -> str:
    text = "".join((number or "").split())
    return f"尾号 {text[-4:]}" if len(text) >= 4 else ""


def decision_reason(app: Any) -> str:
    """Why the paper was refused, not awarded, revoked, or failed its acceptance."""
    if app.status == "acceptance_failed":
        from boostdesk.finance.acceptance import failed_reason

        return f"结题验收未通过：{failed_reason(app) or '理由未记'}"
    if app.status not in NEGATIVE:
        return ""
    name = STATUS_ZH[app.status]
    if app.status == "refused" and app.status_reason == CLOSE_REASON:
        return CLOSE_REASON
    reason = (app.status_reason or "").removeprefix(f"{name}：")
    return f"{name}：{reason}" if reason else name


def next_step(reg: Register, app: Any, verdict: str, findings: Sequence[Finding],
              money: Payout | None, campaign: Campaign, *, where: bool = True,
              as_of: date | None = None, outgoing: bool = False) -> str:
    """下一步: what happens to the paper next and when, from its status, its findings, the
    campaign's terms and its money, as of ``as_of`` (the screens' day by default);
    ``where``: with where to send what it lacks (a union's list says that once, under its
    table); ``outgoing``: as a letter to the applicant or its union says it (no objector,
    no screen or command: ``progress_letter``)."""
    status, stream = app.status, app.stream
    if status in NEGATIVE and status != "revoked":  # (its reason is said beside it)
        return f"本年度不予助推，{DONE}"
    if money is not None and status not in UNDECIDED:
        return plain_money_step(money.next_step) if outgoing else money.next_step
    if status == "registered":
        after = ("通过后由市总工会核准" if stream == PATENT
                 else "通过后进入专家评审")
        if verdict == "incomplete" and lacks_intake_date_only(findings):
            return f"待市总工会登记收件日期后进行资格审核，{after}"  # nothing for the union to send
        if verdict == "incomplete":
            to = f"（{send_to(campaign)}）" if where else ""
            return f"请推荐单位补报所缺材料{to}；材料齐全后进行资格审核，{after}"
        if verdict == "refused":  # a letter says why just above (the pane: 核对结论)
            see = "见核对结论" if where else "原因见上"
            return f"待资格审核：核对发现不符合方案条件（{see}），由市总工会审核决定"
        return f"待资格审核，{after}"
    if status == "qualified" and stream == PATENT:
        federation, union = split_by_ratio(campaign.patent_award_fen, campaign.patent_split)
        card = f"会员卡{card_tail(app.card_number)}" if app.card_number else "第一发明人的会员卡"
        return (f"资格审核已通过，待市总工会核准；核准后 {campaign.patent_payment_months} 个月内"
                f"拨付 {format_money(campaign.patent_award_fen)}（市总工会 {format_money(federation)}、"
                f"推荐工会 {format_money(union)}）"
                f"至{card}")
    days = campaign.publicity_days
    if status == "qualified":
        return (f"资格审核已通过，待专家评审；评审后确定拟助推项目，在市总工会网站公示 {days} 天")
    if status == "review":
        return f"专家评审中；评审后确定拟助推项目，公示 {days} 天，公示无异议后核准"
    if status == "proposed":
        return f"已列入拟助推名单，待公示（{days} 天）；公示无异议后核准"
    if status == "publicized":
        return _publicized_step(reg, app, campaign, as_of, outgoing)
    return STATUS_ZH.get(status, status)


def _publicized_step(reg: Register, app: Any, campaign: Campaign, as_of: date | None,
                     outgoing: bool = False) -> str:
    """公示中, or its period over and the batch not yet closed (公示 → 结束公示), or an
    objection to it waiting to be settled (公示 → 处理异议): what the office does next;
    ``outgoing``: in the recipient's words, the objection by its day only."""
    from boostdesk.models import clock
    from boostdesk.panel.publicity import open_objections, period_of
    from boostdesk.said_where import way

    p = period_of(reg, app.id)
    when = f"（{p.start} 至 {p.end}）" if p is not None else ""
    terms = tranche_terms(campaign, PROJECT)
    if (pending := open_objections(reg, app.id)) and outgoing:
        return objection_step([o.received for o in pending])
    if pending:
        said = pending[0].pending_text.removesuffix("，待处理")
        todo = way("公示 → 处理异议", "boostdesk publicity resolve")
        return (f"有异议待处理（{todo}）：{said}；异议处理后再定是否核准")
    if p is not None and (as_of or clock.today()) > p.end and outgoing:
        return close_step(when, terms)
    if p is not None and (as_of or clock.today()) > p.end:
        todo = way("公示 → 结束公示", "boostdesk publicity close")
        return f"公示期{when}已满，待结束公示（{todo}）；结束后无异议即核准，{terms}"
    return f"公示中{when}；公示期满无异议后核准，{terms}"


# -- a union's papers ----------------------------------------------------------------------
@dataclass
class UnionProgress:
    """Every paper a recommending union sent in a year, as its 办理进度告知单 lists them."""

    union: str
    year: int
    papers: dict[str, list[PaperProgress]] = field(default_factory=dict)  # stream -> papers
    # of the unpaid (未拨付, every line still to pay): the union's own shares (it is a
    # payer), of them past their term, held, and waiting for a project's acceptance
    union_owes_fen: int = 0
    union_overdue_fen: int = 0
    union_held_fen: int = 0
    union_awaiting_fen: int = 0
    # due, but paying refuses it until its studio's 所在单位 is filled (as the lists'
    # 现可拨付 leaves it out): not 现应拨付
    union_no_unit_fen: int = 0
    # an approved patent whose inventor's card is not registered (待补卡号): not 现应拨付
    union_no_card_fen: int = 0
    # a patent's transfer sent back from the card still on the paper (待更正卡号): not 现应拨付
    union_stale_card_fen: int = 0

    def all(self) -> list[PaperProgress]:
        return [p for s in (PATENT, PROJECT) for p in self.papers.get(s, [])]

    def count(self, stream: str | None = None) -> int:
        return sum(len(v) for s, v in self.papers.items() if stream in (None, s))

    def summary(self) -> str:
        """报送 12 项（专利 10、项目 2）；核准 6 项，助推 ¥…；已拨付 ¥…，未拨付 ¥…；…"""
        papers = self.all()
        awarded = [p for p in papers if p.awarded_fen]
        text = (f"报送 {len(papers)} 项（专利 {self.count(PATENT)}、项目 {self.count(PROJECT)}）；"
                f"获助推 {len(awarded)} 项，助推 {format_money(sum(p.awarded_fen for p in awarded))}，"
                f"已拨付 {format_money(sum(p.paid_fen for p in papers))}，"
                f"未拨付 {format_money(sum(p.owed_fen for p in papers))}")
        # the 尾款 a failed acceptance does not pay (二（四）4) is neither paid nor owed: said,
        # so that the totals add up to the awards (as each paper's own letter says it)
        refused_fen = sum(p.refused_fen for p in papers)
        if refused_fen:
            text += f"，不予拨付 {format_money(refused_fen)}（结题验收未通过）"
        told = [f"{VERDICT_ZH[v]} {n} 项" for v in (REFUSED, INCOMPLETE)
                if (n := sum(1 for p in papers if p.told == v))]
        refused = sum(1 for p in papers if p.reason and not p.award_fen)
        if told:  # as the 核对意见 counts them: 不合格 3 项、待补材料 2 项
            text += "；" + "、".join(told)
        if refused:
            text += f"；不予助推 {refused} 项"
        revoked = [p for p in papers if p.revoked]
        if revoked:  # apart from the awards and the paid, as the statistics
            back = [p.payout for p in revoked if p.payout is not None]
            text += (f"；撤销助推 {len(revoked)} 项（不计入助推和已拨付）：应追回 "
                     f"{format_money(sum(x.recover_fen for x in back))}，已追回 "
                     f"{format_money(sum(x.recovered_fen for x in back))}，尚欠 "
                     f"{format_money(sum(x.owing_fen for x in back))}")
        if self.union_owes_fen:
            text += f"。其中本单位应拨（推荐工会分担）尚未拨付 {format_money(self.union_owes_fen)}"
            now = (self.union_owes_fen - self.union_awaiting_fen - self.union_held_fen
                   - self.union_no_unit_fen - self.union_no_card_fen
                   - self.union_stale_card_fen)
            parts = [f"现应拨付 {format_money(now)}" if now or self.union_no_unit_fen else "",
                     f"其中已逾期 {format_money(self.union_overdue_fen)}"
                     if self.union_overdue_fen else "",
                     f"另 {format_money(self.union_no_unit_fen)} 待补填所在单位后拨付"
                     if self.union_no_unit_fen else "",
                     f"另 {format_money(self.union_no_card_fen)} 待补填互助服务卡号后拨付"
                     if self.union_no_card_fen else "",
                     f"另 {format_money(self.union_stale_card_fen)} 退汇后待更正卡号再拨付"
                     if self.union_stale_card_fen else "",
                     f"暂缓拨付 {format_money(self.union_held_fen)}"
                     if self.union_held_fen else "",
                     f"待验收后拨付 {format_money(self.union_awaiting_fen)}"
                     if self.union_awaiting_fen else ""]
            if now != self.union_owes_fen:
                text += "（" + "，".join(x for x in parts if x) + "）"
            elif self.union_overdue_fen:
                text += f"，已逾期 {format_money(self.union_overdue_fen)}"
        return text


def union_progress(reg: Register, year: int, union: str, as_of: date) -> UnionProgress:
    """The papers of ``year`` whose recommending union is ``union`` (as stored), in the
    order of the union's table (序号), then 登记号."""
    from boostdesk.award_holds import holds
    from boostdesk.finance.lines import (
        AWAITING_ACCEPTANCE,
        CARD_STALE,
        DUE,
        HELD,
        NO_CARD,
        OVERDUE,
        RETURNED,
    )
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.models.campaign import RECOMMENDING_UNION

    campaign = reg.campaign(year)
    held = holds(reg, year)
    out = UnionProgress(union, year)
    for stream in (PATENT, PROJECT):
        rows = {r["id"]: r for r in reg.query(
            f"SELECT id, eligible, incomplete, findings FROM {_TABLES[stream]}"
            " WHERE campaign_id = ? AND unit_id IN (SELECT id FROM units WHERE name = ?)",
            (reg.campaign_id(year), union))}
        if not rows:
            continue
        apps: list[Any] = (reg.patents_by_id(rows) if stream == PATENT
                           else reg.projects_by_id(rows))
        apps.sort(key=lambda a: (a.seq is None, a.seq or 0, a.id or 0))
        money = payouts(reg, stream, apps, as_of)
        late = late_papers(reg, stream, rows)
        out.papers[stream] = [
            _progress(reg, a, rows[a.id], money.get(a.id), (stream, a.id) in held, campaign,
                      as_of, late.get(a.id)) for a in apps]
        if money:
            for x in payment_lines(reg, stream=stream, app_ids=list(money),
                                   payer=RECOMMENDING_UNION):
                # every share the union's 未拨付 counts (Payout.owed_fen): the 尾款 waiting
                # for the acceptance and the held too, each said apart
                state = x.state(as_of)
                if state not in (DUE, OVERDUE, RETURNED, HELD, NO_CARD, CARD_STALE,
                                 AWAITING_ACCEPTANCE):
                    continue
                out.union_owes_fen += x.amount_fen
                if x.no_payee_unit and state in (DUE, OVERDUE, RETURNED):  # paying refuses it
                    out.union_no_unit_fen += x.amount_fen
                    continue
                out.union_overdue_fen += x.amount_fen if x.overdue(as_of) else 0
                out.union_held_fen += x.amount_fen if state == HELD else 0
                out.union_no_card_fen += x.amount_fen if state == NO_CARD else 0
                out.union_stale_card_fen += x.amount_fen if state == CARD_STALE else 0
                out.union_awaiting_fen += x.amount_fen if state == AWAITING_ACCEPTANCE else 0
    return out
