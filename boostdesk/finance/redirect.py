"""改汇: a project's money still to send — a transfer the bank sent back (退汇待重拨) and
the tranches not sent yet — paid to another enterprise (the company renamed, its account
changed, the studio moved), as a patent's card is corrected after a return.

The transfers already sent keep the payee they were sent to: the trail line written here
(``redirected``) is what ``payment_marks.MARK_PAYEE_SQL`` reads, so every later list,
approval sheet and ``check`` names the old enterprise for them and the new one for the
transfers sent after it. A misspelt enterprise is another matter (the same company, every
list corrected: ``Register.correct_enterprise_name``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from boostdesk.models.records import PROJECT, id_ref
from boostdesk.models.register import Register
from boostdesk.money import format_money
from boostdesk.said_where import way
from boostdesk.validate import ValidationError, check_org_name, tidy_name

from .errors import FinanceError
from .lines import PaymentLine
from .read_lines import payment_lines

# a redirect undone with the return it rested on (undo_unfounded): its trail line says so
# by the key (and, written before the key, by the words)
UNDONE_KEY = "redirect_undone"
UNDONE_WORDS = "改汇所依据的退汇登记已撤销"
REDIRECT_WHY = "改汇须写明原因（如 企业更名，收款账户名称已变更），它记入修改记录"


@dataclass(frozen=True)
class Redirected:
    app_id: int
    title: str
    old: str  # the enterprise the money was sent to
    new: str  # the one the money still to send goes to
    returned: tuple[PaymentLine, ...]  # the transfers sent back, now owed to ``new``
    unsent: tuple[PaymentLine, ...]  # the lines never sent, owed to ``new`` too
    # the transfers standing paid, each kept under the enterprise it went to (its line's
    # payee: ``old`` unless an earlier redirect came between)
    sent: tuple[PaymentLine, ...]
    decided: date | None = None  # the office's decision (``--date``)

    @property
    def text(self) -> str:
        """What was done, as the command line and the window say it."""
        back = sum(x.amount_fen for x in self.returned)
        said = (f"已将{id_ref(PROJECT, self.app_id)}“{self.title}”的收款单位由“{self.old}”改为"
                f"“{self.new}”：被银行退回的 {len(self.returned)} 笔 {format_money(back)}")
        if self.unsent:
            said += (f" 和未拨付的 {len(self.unsent)} 笔 "
                     f"{format_money(sum(x.amount_fen for x in self.unsent))}")
        said += f" 改汇“{self.new}”"
        went: dict[str, int] = {}  # where each paid transfer went, as the lists say it
        for x in self.sent:
            went[x.payee] = went.get(x.payee, 0) + 1
        if len(went) == 1:
            said += f"；已拨付的 {len(self.sent)} 笔仍记为汇往“{next(iter(went))}”"
        elif went:
            said += f"；已拨付的 {len(self.sent)} 笔仍记为各自汇往的单位：" + "、".join(
                f"汇往“{name}”{n} 笔" for name, n in went.items())
        return said


def redirect_refusal(reg: Register, app_id: int) -> str:
    """Why project ``app_id``'s payee may not be redirected now, or "": only money the
    bank sent back may go elsewhere (what stands paid went where it went; with nothing
    sent the payee is the studio's enterprise, changed on 工作室)."""
    from boostdesk.models.payment_marks import sent_counts

    if reg.returned_owed(PROJECT, app_id):
        return ""
    ref = id_ref(PROJECT, app_id)
    if not sent_counts(reg.conn, PROJECT, [app_id]):
        return (f"{ref} 尚未汇出款项，收款单位就是其工作室的所在单位：" + way(
            "请在“工作室”中选中该工作室按 Enter 修改所在单位",
            "请在窗口的“工作室”中修改所在单位"))
    return (f"{ref} 没有被银行退回待重拨的款项，不能改汇：已拨付的款项已到收款单位，其余款项按首次汇出的"
            "收款单位拨付。收款单位名称录错的，" + way(
                "请在“单位与人员 → 所在单位”中更正", "请用 boostdesk correct enterprise 更正"))


def redirect_payee(reg: Register, app_id: int, name: str, reason: str,
                   decided: date | None = None) -> Redirected | None:
    """Pay project ``app_id``'s money still to send to enterprise ``name`` (registered if
    new), audited with ``reason`` and ``decided``, the day the office decided it (today
    when None; not to come, nor before the return it rests on or an earlier redirect's
    decision: the approval sheet's 注 dates it so); None when it is that enterprise
    already. Refused (FinanceError) unless a transfer of it came back from the bank
    (``redirect_refusal``)."""
    new, reason = tidy_name(name), " ".join(reason.split())
    if not new:
        raise FinanceError("请填写新的收款单位（企业全称，与收款账户名称一致）")
    day = decided or date.today()
    with reg.transaction():
        app = reg.project(app_id)
        refused = redirect_refusal(reg, app_id)
        if refused:
            raise FinanceError(refused)
        # the payee the lists name now: a register whose return freed the payee before
        # it was kept (finance.paying.unmark) has it from the studio, as the lists do
        old = reg.scalar("SELECT e.name FROM project_applications a LEFT JOIN studios s"
                         " ON s.id = a.studio_id JOIN enterprises e ON e.id = COALESCE("
                         "a.payee_enterprise_id, s.enterprise_id, a.reported_enterprise_id)"
                         " WHERE a.id = ?", (app_id,))
        if old == new:
            return None
        if not reason:
            raise FinanceError(REDIRECT_WHY)
        lines = payment_lines(reg, stream=PROJECT, app_ids=[app_id])
        returned = tuple(x for x in lines if not x.paid and x.returned_date)
        _check_day(day, returned)
        if reg.scalar("SELECT id FROM enterprises WHERE name = ?", (new,)) is None:
            try:  # a name made anew, checked as the form's and the import's are
                check_org_name(new)
            except ValidationError as exc:
                raise FinanceError(f"未改汇：{exc}") from None
        unsent = tuple(x for x in lines if not x.paid and not x.returned_date
                       and not x.withheld)
        ent_id = reg.ensure_enterprise(new)
        reg.conn.execute("UPDATE project_applications SET payee_enterprise_id = ? WHERE id = ?",
                         (ent_id, app_id))
        ids = "、".join(str(x.id) for x in (*returned, *unsent))
        reg.audit("update", "project_applications", app_id, {"payee": old},
                  {"payee": new, "reason": reason, "decided": day.isoformat(),
                   "redirected": f"编号 {ids}（退汇待重拨 {len(returned)} 笔、未拨付"
                                 f" {len(unsent)} 笔）"})
        reg._reindex([], [app_id])
        return Redirected(app_id, app.title, str(old), new, returned, unsent,
                          tuple(x for x in lines if x.paid), day)


def _check_day(day: date, returned: tuple[PaymentLine, ...]) -> None:
    """The decision's day refused when to come or before the latest return it rests on,
    naming the earliest day allowed."""
    if day > date.today():
        raise FinanceError(f"改汇决定日期 {day.isoformat()} 尚未到来，请填写主任办公会等作出决定的日期")
    back = max((x.returned_date for x in returned if x.returned_date), default=None)
    if back is not None and day < back:
        raise FinanceError(f"改汇决定日期 {day.isoformat()} 早于所依据的退汇日期 {back.isoformat()}："
                           f"改汇在款项被银行退回之后决定，最早为 {back.isoformat()}")


def undo_unfounded(reg: Register, returns: dict[int, int], why: str) -> list[str]:
    """After returns taken back as recorded by mistake (撤销退汇登记; ``returns``: project
    -> the earliest such return's trail line), each project left with no money the bank
    sent back has the redirects made since undone: a redirect rests on a return
    (``redirect_refusal``), and with none the unpaid lines go back to the payee before
    them, as a redirect line of the trail (the transfers sent meanwhile keep the payee
    they went to). What was undone, a sentence a project, with what to do if the bank did
    send money back, on another line."""
    from boostdesk.models.payment_marks import (
        FOLLOWED_ENTERPRISE_SQL,
        REDIRECT_EVENT,
    )

    said = []
    for app_id, since in sorted(returns.items()):
        if reg.returned_owed(PROJECT, app_id):
            continue  # another return still stands: the redirect rests on it
        # the payee the first redirect since replaced; one that wrote none (its return had
        # freed the payee, before the return kept it) replaced the one the money came back from
        was = ("COALESCE(json_extract(c.before, '$.payee'), (SELECT json_extract(r.after,"
               f" '$.returned_from') FROM audit_events r WHERE r.id = {int(since)}))")
        first = reg.scalar(
            "SELECT " + FOLLOWED_ENTERPRISE_SQL.format(line="c.id", name=was)
            + " FROM audit_events c WHERE " + REDIRECT_EVENT.format(paper="?")
            + " AND c.id > ? ORDER BY c.id LIMIT 1", (app_id, since))
        now = reg.scalar("SELECT payee_enterprise_id FROM project_applications WHERE id = ?",
                         (app_id,))
        if first is None or first == now:
            continue
        names = dict(reg.conn.execute("SELECT id, name FROM enterprises WHERE id IN (?, ?)",
                                      (first, now)).fetchall())
        unsent = [x for x in payment_lines(reg, stream=PROJECT, app_ids=[app_id])
                  if not x.paid and not x.withheld]
        reg.conn.execute("UPDATE project_applications SET payee_enterprise_id = ? WHERE id = ?",
                         (first, app_id))
        # the return's day: the 审批表's 注 says the undo as 撤销改汇 resting on it
        back = reg.scalar("SELECT json_extract(after, '$.returned_date') FROM audit_events"
                          " WHERE id = ?", (since,))
        reg.audit("update", "project_applications", app_id, {"payee": names.get(now)},
                  {"payee": names.get(first), "reason": why, UNDONE_KEY: True,
                   **({"return_date": str(back)} if back else {}),
                   "redirected": f"编号 {'、'.join(str(x.id) for x in unsent)}（{UNDONE_WORDS}"
                                 f"，未拨付 {len(unsent)} 笔改回原收款单位）"})
        reg._reindex([], [app_id])
        ref = id_ref(PROJECT, app_id)
        money = (f"未拨付的 {len(unsent)} 笔 {format_money(sum(x.amount_fen for x in unsent))} "
                 if unsent else "其后的款项")
        said.append(
            f"{ref} 已没有被银行退回的款项，其改汇所依据的退汇登记已撤销，改汇随之撤销：{money}"
            f"改回汇往“{names.get(first)}”（改汇后已拨付的仍记为汇往当时的收款单位）。"
            "如银行确实退回了该项目的另一笔款项（登记错行），请在那一笔上登记退汇后重新改汇（"
            + way("“工作室”中修改所在单位，按提示改汇",
                  f"boostdesk correct payee {ref} 新收款单位 --reason 原因 --date 决定日期") + "）")
    return said


@dataclass(frozen=True)
class Owed:
    """A project whose money the bank sent back, owed again: what a studio's move asks
    about before it is paid to the studio's new enterprise."""

    app_id: int
    title: str
    returned: tuple[PaymentLine, ...]


def returned_projects(reg: Register, studio: str, payee: str) -> list[Owed]:
    """The projects of ``studio`` paid to ``payee`` with a transfer sent back and owed
    again (退汇待重拨), oldest first."""
    ids = [r[0] for r in reg.conn.execute(
        "SELECT a.id FROM project_applications a JOIN studios s ON s.id = a.studio_id"
        " JOIN enterprises e ON e.id = a.payee_enterprise_id WHERE s.name = ? AND e.name = ?"
        " ORDER BY a.id", (tidy_name(studio), tidy_name(payee)))]
    ids = [i for i in ids if reg.returned_owed(PROJECT, i)]
    if not ids:
        return []
    by_app: dict[int, list[PaymentLine]] = {}
    for x in payment_lines(reg, stream=PROJECT, app_ids=ids):
        if not x.paid and x.returned_date:
            by_app.setdefault(x.app_id, []).append(x)
    titles = dict(reg.conn.execute(
        f"SELECT id, title FROM project_applications WHERE id IN ({','.join('?' * len(ids))})",
        ids).fetchall())
    return [Owed(i, str(titles.get(i) or ""), tuple(by_app.get(i, ()))) for i in ids]


def redirect_question(owed: list[Owed], old: str, new: str) -> str:
    """The window's question after a studio's move: its returned money to ``new``?"""
    rows = "\n".join(
        f"{id_ref(PROJECT, o.app_id)}“{o.title}”：退汇待重拨 {len(o.returned)} 笔 "
        f"{format_money(sum(x.amount_fen for x in o.returned))}" for o in owed)
    return (f"以下项目汇给“{old}”的款项被银行退回，待重拨：\n{rows}\n\n"
            f"改汇新单位：退回的款项和未拨付的款项改汇“{new}”（记入修改记录；已拨付的款项仍记为"
            f"汇往“{old}”，拨付清单和审批表照此打印）。\n仍汇原单位：仍向“{old}”重拨。")
