"""The money left open, every year's: payment lines overdue, sent back, due soon or due;
awards held from payment; revoked awards' money to recover; projects past (or near) their
latest completion date without acceptance. A line's state is the one 拨付 shows
(``finance.lines.PaymentLine``), read for the unpaid lines only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from boostdesk.finance.acceptance import completion_deadline
from boostdesk.finance.acceptance_postpone import STILL_BARRED, postponements
from boostdesk.finance.lines import PaymentLine, returns_text
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models.campaign import Campaign
from boostdesk.models.records import PATENT, PROJECT, STREAM_ZH, id_ref
from boostdesk.models.register import Register
from boostdesk.money import format_money
from boostdesk.no_enterprise import FILL, PATENT_MARK
from boostdesk.said_where import way

from .items import (
    COMPLETION_SOON_DAYS,
    DUE_SOON_DAYS,
    KIND,
    PATENTS,
    PAYMENTS,
    PROJECTS,
    STUDIOS,
    Group,
    TodoItem,
)
from .papers import _day, _titled

_LINE_KINDS = ("payment_overdue", "payment_returned", "payment_due_soon", "payment_due")
_AWARD_KINDS = ("payment_no_card", "payment_card_stale", "award_held")  # an award's lines as one item


def unpaid_lines(reg: Register) -> list[PaymentLine]:
    """Every year's unpaid payment lines, as 拨付 reads them (held, returned, released)."""
    out: list[PaymentLine] = []
    for stream in (PATENT, PROJECT):
        ids = [r[0] for r in reg.conn.execute(
            "SELECT DISTINCT application_id FROM payments WHERE stream = ?"
            " AND paid_date IS NULL", (stream,))]
        if ids:
            out.extend(x for x in payment_lines(reg, stream=stream, app_ids=ids) if not x.paid)
    return out


def line_groups(reg: Register, today: date, limit: int) -> list[Group]:
    """The unpaid lines by what they wait for, and the awards held from payment."""
    groups = {key: Group(KIND[key], amount_fen=0) for key in (*_LINE_KINDS, *_AWARD_KINDS)}
    items: dict[str, list[TodoItem]] = {key: [] for key in groups}
    held: dict[tuple[str, int], list[PaymentLine]] = {}
    no_card: dict[tuple[bool, int], list[PaymentLine]] = {}
    for line in unpaid_lines(reg):
        if line.withheld:
            continue  # never payable
        if line.card_only:  # not to pay, nor a decision to make: a card to fill in
            no_card.setdefault((line.card_stale, line.app_id), []).append(line)
            continue
        if line.held:  # a 尾款 waiting for the acceptance too: decided before it
            if line.hold:  # an objection's hold is the objection's item
                held.setdefault((line.stream, line.app_id), []).append(line)
            continue
        if not line.released:
            continue  # waiting for the acceptance (completion kinds)
        item = _unpayable(_line_item(line, today), line)
        g = groups[item.kind]
        g.count += 1
        g.overdue += item.overdue
        g.amount_fen = (g.amount_fen or 0) + line.amount_fen
        items[item.kind].append(item)
    for (stream, app_id), lines in held.items():
        g = groups["award_held"]
        amount = sum(x.amount_fen for x in lines)
        g.count += 1
        g.amount_fen = (g.amount_fen or 0) + amount
        first = min(lines, key=lambda x: (x.due_date or date.max, x.id))
        items["award_held"].append(TodoItem(
            "award_held", first.year, id_ref(stream, app_id),
            _titled(first.title, first.payee, first.unit_name), first.hold,
            way(f"{PAYMENTS} → 选中 → 维持核准…（或改变状态撤销）", f"boostdesk pay keep {first.id} --reason 理由"),
            stream=stream, app_id=app_id, line_id=first.id, amount_fen=amount,
            day=first.due_date))
    for lines in no_card.values():
        item = _no_card_item(lines, today)
        g = groups[item.kind]
        g.count += 1
        g.overdue += item.overdue
        g.amount_fen = (g.amount_fen or 0) + (item.amount_fen or 0)
        items[item.kind].append(item)
    for key, found in items.items():
        # the most overdue first; then by due day, the lines of a paper together
        found.sort(key=lambda i: (i.day is None, i.day or date.max, i.stream, i.app_id or 0, i.line_id or 0))
        groups[key].items = found[:limit]
    return [groups[k] for k in (*_LINE_KINDS, *_AWARD_KINDS)]


def _no_card_item(lines: list[PaymentLine], today: date) -> TodoItem:
    """An approved patent whose inventor has no union card registered (待补卡号): its
    unpaid money, when it was due, and the fix — the card on the paper, then 登记拨付."""
    first = min(lines, key=lambda x: (x.due_date or date.max, x.id))
    amount = sum(x.amount_fen for x in lines)
    due = first.due_date
    days = (today - due).days if due is not None else None
    overdue = due is not None and due < today  # (a held line is never overdue(): it waits)
    payers = "、".join(dict.fromkeys(x.payer_name for x in lines))
    when = (f"，应于 {due} 前拨付，已逾期 {days} 天" if overdue and days
            else f"，应于 {due} 前拨付" if due else "")
    ref = id_ref(PATENT, first.app_id)
    if first.card_stale:  # sent back from the card still on the paper
        # every payer's return named (its day, cause, voucher): both when both came back;
        # and each line's confirmation (pay keep-card takes one line), the others after
        # the first's (one f-string: test_todo_commands reads every suggestion so)
        each = "，逐笔登记" if len(lines) > 1 else ""
        others = [x.id for x in sorted(lines, key=lambda y: y.id) if x.id != first.id]
        return TodoItem(
            "payment_card_stale", first.year, ref, _titled(first.title, first.payee, first.unit_name),
            f"{payers}的 {format_money(amount)} 被银行退回（{returns_text(lines)}）{when}：卡号至今"
            "未更正，更正后方可重拨；经核实原卡号无误（退回并非卡号原因）的，登记确认原卡号重拨",
            way(f"{PATENTS} → 选中 → 按 Enter 修改 → 工会会员互助服务卡号；原卡号无误的："
                f"{PAYMENTS} → 选中 → 确认原卡号重拨…{each}",
                f"boostdesk correct card {ref} 卡号；原卡号无误的：boostdesk pay keep-card"
                f" {first.id} --reason 理由"
                f"{''.join(f'；boostdesk pay keep-card {i} --reason 理由' for i in others)}"),
            stream=PATENT, app_id=first.app_id, line_id=first.id, amount_fen=amount, day=due,
            days=days, overdue=overdue)
    return TodoItem(
        "payment_no_card", first.year, ref, _titled(first.title, first.payee, first.unit_name),
        f"{payers}的 {format_money(amount)} 未拨付{when}：第一发明人未登记工会会员互助服务卡号，"
        "助推资金发放至该卡，补填卡号后方可拨付",
        way(f"{PATENTS} → 选中 → 按 Enter 修改 → 工会会员互助服务卡号；补填后在“{PAYMENTS}”登记拨付",
            f"boostdesk correct card {ref} 卡号"),
        stream=PATENT, app_id=first.app_id, line_id=first.id, amount_fen=amount, day=due,
        days=days, overdue=overdue)


def _line_item(line: PaymentLine, today: date) -> TodoItem:
    due = line.due_date
    days = (today - due).days if due is not None else None
    part = f"{line.tranche_name} · {line.payer_name}"
    title = _titled(line.title, line.payee, line.unit_name)
    where = way(f"{PAYMENTS} → 选中 → 登记拨付…（Enter）", f"boostdesk pay mark {line.id} --date YYYY-MM-DD --voucher 凭证号")
    base = dict(year=line.year, ref=id_ref(line.stream, line.app_id), title=title,
                where=where, stream=line.stream, app_id=line.app_id, line_id=line.id,
                amount_fen=line.amount_fen, day=due, days=days)
    overdue = line.overdue(today)
    if line.returned_date:
        late = f"，已逾期 {days} 天" if overdue and days else ""
        return TodoItem("payment_returned", **base,  # type: ignore[arg-type]
                        todo=f"{part}：{line.returned_text}{late}；核实收款卡或账户后重拨",
                        overdue=overdue)
    if overdue:
        return TodoItem("payment_overdue", **base,  # type: ignore[arg-type]
                        todo=f"{part} 应于 {due} 前拨付，已逾期 {days} 天", overdue=True)
    if due is not None and due - today <= timedelta(days=DUE_SOON_DAYS):
        return TodoItem("payment_due_soon", **base,  # type: ignore[arg-type]
                        todo=f"{part} 应于 {due} 前拨付（还有 {-(days or 0)} 天）")
    when = f"应于 {due} 前拨付" if due else "拨付期限未定"
    return TodoItem("payment_due", **base, todo=f"{part} {when}")  # type: ignore[arg-type]


def _unpayable(item: TodoItem, line: PaymentLine) -> TodoItem:
    """A project line whose studio has no 所在单位 (paying refuses it): what to do first
    said, and where, beside when it is due — not listed as a line ready to pay. A patent's
    (paid to the card all the same): its paper's gap said (一（四）1)."""
    if line.enterprise_name:
        return item
    if line.stream == PATENT:
        return replace(item, todo=f"{item.todo}；{PATENT_MARK}",
                       where=f"{item.where}；{PATENTS} → 选中 → 按 Enter 修改 → 所在单位")
    return replace(item, todo=f"{item.todo}；所在单位未登记，不能拨付：{FILL}（收款单位）",
                   where=f"{STUDIOS} → 选中“{line.studio_name}” → 所在单位；然后 {item.where}")


def recoveries(reg: Register, limit: int) -> Group:
    """A revoked award's paid money not yet recovered, a payer at a time (应追回): what a
    payer still owes after the sums it returned (``recovery_instalments``)."""
    g = Group(KIND["to_recover"], amount_fen=0)
    for r in reg.query(
        "SELECT * FROM (SELECT r.id, r.stream, r.application_id, r.decided_on, rp.payer,"
        " rp.amount_fen, (SELECT TOTAL(i.amount_fen) FROM recovery_instalments i"
        "  WHERE i.recovery_id = rp.recovery_id AND i.payer = rp.payer) AS back,"
        " c.year, COALESCE(pa.title, pr.title) AS title, r.reason"
        " FROM recoveries r JOIN recovery_payers rp ON rp.recovery_id = r.id"
        " LEFT JOIN patent_applications pa ON r.stream = 'patent' AND pa.id = r.application_id"
        " LEFT JOIN project_applications pr ON r.stream = 'project'"
        " AND pr.id = r.application_id"
        " JOIN campaigns c ON c.id = COALESCE(pa.campaign_id, pr.campaign_id))"
        " WHERE back < amount_fen ORDER BY decided_on, id, payer"
    ):
        back = int(r["back"])
        owing = r["amount_fen"] - back
        g.count += 1
        g.amount_fen = (g.amount_fen or 0) + owing
        if len(g.items) < limit:
            payer = "市总工会" if r["payer"] == "federation" else "推荐工会"
            said = (f"{payer}已拨付的 {format_money(r['amount_fen'])} 应追回" if not back else
                    f"{payer}已拨付的 {format_money(r['amount_fen'])} 已追回 "
                    f"{format_money(back)}，尚欠 {format_money(owing)}")
            g.items.append(TodoItem(
                "to_recover", r["year"], id_ref(r["stream"], r["application_id"]),
                f"{STREAM_ZH[r['stream']]}“{r['title']}”",
                f"{r['decided_on']} 撤销助推（{r['reason']}），{said}",
                way(f"{PAYMENTS} → 选中 → 登记已追回…",
                    f"boostdesk pay recovered {id_ref(r['stream'], r['application_id'])}"
                    f" --payer {r['payer']} --date YYYY-MM-DD --voucher 凭证号"),
                stream=r["stream"], app_id=r["application_id"], amount_fen=owing,
                day=_day(r["decided_on"])))
    return g


def paid_refused(reg: Register, limit: int) -> Group:
    """Awards whose money stands paid, none of it owed, that the stored verdict now refuses
    (a plan change, a correction) against findings the office has not passed or kept: no
    line of theirs is unpaid, so no hold of 拨付 lists them, and 撤销助推 (应追回) or keeping
    the award is the office's decision."""
    from boostdesk.award_holds import accepted_findings
    from boostdesk.models.workflow import REVOKED
    from boostdesk.rules.findings import stored_findings

    g = Group(KIND["paid_refused"], amount_fen=0)
    found: list[TodoItem] = []
    for stream, table, who, screen in (
            (PATENT, "patent_applications", "LEFT JOIN people w ON w.id = a.person_id",
             PATENTS),
            (PROJECT, "project_applications", "LEFT JOIN studios w ON w.id = a.studio_id",
             PROJECTS)):
        for r in reg.query(
            "SELECT a.id, a.title, a.findings, c.year, u.name AS unit, w.name AS who,"
            " (SELECT SUM(p.amount_fen) FROM payments p WHERE p.stream = ?"
            "  AND p.application_id = a.id AND p.paid_date IS NOT NULL) AS paid,"
            " (SELECT MAX(p.paid_date) FROM payments p WHERE p.stream = ?"
            "  AND p.application_id = a.id) AS last_paid"
            f" FROM {table} a JOIN campaigns c ON c.id = a.campaign_id"
            f" LEFT JOIN units u ON u.id = a.unit_id {who}"
            " WHERE a.eligible = 0 AND a.award_fen IS NOT NULL AND a.status != ?"
            " AND EXISTS (SELECT 1 FROM payments p WHERE p.stream = ?"
            "  AND p.application_id = a.id AND p.paid_date IS NOT NULL)"
            " AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.stream = ?"
            "  AND p.application_id = a.id AND p.paid_date IS NULL)",
            (stream, stream, REVOKED, stream, stream)
        ):
            taken = accepted_findings(reg, stream, r["id"])
            new = [f.message for f in stored_findings(r["findings"] or "[]")
                   if f.blocking and f.message not in taken]
            if not new:
                continue
            g.count += 1
            g.amount_fen = (g.amount_fen or 0) + int(r["paid"] or 0)
            found.append(TodoItem(
                "paid_refused", r["year"], id_ref(stream, r["id"]),
                _titled(r["title"], r["who"], r["unit"]),
                f"已全部拨付 {format_money(int(r['paid'] or 0))}，现经核对为不合格——"
                + "；".join(new) + "。待决定维持核准或撤销助推：确属不合格的，撤销助推（已拨付，"
                "应追回）；属录入错误的，更正后重新核对",
                way(f"{screen} → 选中 → 改变状态（Ctrl+M）→ 撤销助推",
                    f"boostdesk pay revoke {id_ref(stream, r['id'])} --reason 理由"),
                stream=stream, app_id=r["id"], amount_fen=int(r["paid"] or 0),
                day=_day(r["last_paid"]), screen_label=screen))
    found.sort(key=lambda i: (i.day is None, i.day or date.min, i.stream, i.app_id or 0))
    g.items = found[:limit]
    return g


def completions(reg: Register, campaigns: dict[int, tuple[int, Campaign]], today: date,
                limit: int) -> list[Group]:
    """Awarded projects not accepted past their latest completion date (二（二）1: the
    studio may not apply again, 二（一）) or within ``COMPLETION_SOON_DAYS`` of it, as
    ``finance.acceptance.overdue_completions`` judges them."""
    from boostdesk.award_holds import holds

    late, soon = Group(KIND["completion_overdue"], amount_fen=0), Group(
        KIND["completion_due_soon"], amount_fen=0)
    found: list[tuple[date, TodoItem]] = []
    near = []
    for r in reg.query(
        "SELECT a.id, a.campaign_id, a.title, a.approval_date, s.name AS who, u.name AS unit,"
        # what the acceptance gates: the unpaid 尾款 (an unpaid first tranche is its own
        # item under 逾期未拨付 / 待拨付; counted here too, a kind's sum counted it twice)
        " (SELECT COALESCE(SUM(p.amount_fen), 0) FROM payments p WHERE p.stream = 'project'"
        "  AND p.application_id = a.id AND p.paid_date IS NULL AND p.tranche > 1) AS owed"
        " FROM project_applications a LEFT JOIN studios s ON s.id = a.studio_id"
        " LEFT JOIN units u ON u.id = a.unit_id"
        " WHERE a.status IN ('approved', 'paid_first') AND a.accepted_date IS NULL"
    ):
        year, c = campaigns[r["campaign_id"]]
        deadline = completion_deadline(c, _day(r["approval_date"]))
        if (today - deadline).days > -COMPLETION_SOON_DAYS:
            near.append((r, year, deadline))
    # 延期验收 on the office's decision: judged by the new deadline (finance.acceptance_postpone)
    postponed = postponements(reg, [r["id"] for r, _, _ in near])
    for r, year, deadline in near:
        p = postponed.get(r["id"])
        if p is not None:
            deadline = p.until
        days = (today - deadline).days
        if days <= -COMPLETION_SOON_DAYS:
            continue
        overdue = days > 0
        g = late if overdue else soon
        g.count += 1
        g.overdue += overdue
        g.amount_fen = (g.amount_fen or 0) + r["owed"]
        when = f"经同意{p.text}（{p.decision}），" if p is not None else f"最迟应于 {deadline} 完成，"
        todo = (f"{when}已逾期 {days} 天仍未结题验收：该工作室不能申报"
                "下一年度项目；验收后登记（未通过的尾款不予拨付）" if overdue else
                f"{when}还有 {-days} 天结题验收期限；{STILL_BARRED}；验收后登记，尾款随之可拨付"
                if p is not None else
                f"最迟应于 {deadline} 完成结题验收（还有 {-days} 天）；验收后登记，尾款随之可拨付")
        if (PROJECT, r["id"]) in holds(reg, year):  # not accepted on an award in question
            todo = ("该项目暂缓拨付（见“暂缓拨付待决定”）：先决定维持核准或撤销核准，"
                    "维持的再验收登记。" + todo)
        found.append((deadline, TodoItem(
            g.kind.key, year, id_ref(PROJECT, r["id"]),
            _titled(r["title"], r["who"], r["unit"]), todo,
            way(f"{PAYMENTS} → 选中 → 登记结题验收…", f"boostdesk pay accept {id_ref(PROJECT, r['id'])} --date YYYY-MM-DD"),
            stream=PROJECT, app_id=r["id"], amount_fen=r["owed"], day=deadline, days=days,
            overdue=overdue)))
    found.sort(key=lambda x: (x[0], x[1].app_id or 0))
    for g in (late, soon):
        g.items = [i for _, i in found if i.kind == g.kind.key][:limit]
    return [late, soon]
