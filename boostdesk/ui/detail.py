"""The pane beside a register view: an application's findings, status history and audit trail."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QTextBrowser, QWidget

from boostdesk.audit_log import (
    action_name,
    action_words,
    counted,
    field_name,
    trail,
    union_and_studio_changes,
)
from boostdesk.labels import FIELD_ZH, MASKED_DIFFER, MASKED_FIELDS, mask_id, show_value
from boostdesk.models import RegisterError, clock
from boostdesk.models.records import PATENT, STREAM_ZH, id_ref, same_value
from boostdesk.models.workflow import ON_HOLD_ZH, STATUS_ZH, shown_status_zh
from boostdesk.rules import late_papers
from boostdesk.rules.findings import SEVERITY_ZH, WARNING, from_json
from boostdesk.rules.hand_moves import DAY_OF
from boostdesk.safety.privacy import mask_card_grouped, mask_log_text, mask_phone, mask_text

from .queries import verdict_of
from .style import ERROR_COLOUR, OK_COLOUR, WARNING_COLOUR, escape, show_date, show_money
from .theme import LINK_COLOUR, MUTED_COLOUR, themed

_TABLE = {PATENT: "patent_applications", "project": "project_applications"}
_HIDDEN = {"updated_at", "person_id", "studio_id", "patent_number", "id", "campaign_year"}
# finance.recovery's audit lines: money per payer and each instalment, as the trail words them
_RECOVERY = ("revoke_award", "undo_revoke_award", "recovered", "withdraw_recovered")
# The panel's own lines — which experts, their scores and comments — are internal: a clerk
# answering the telephone reads the pane aloud. Folded under 评审明细（内部） until asked for
# (the trail's export keeps them whole).
_INTERNAL = ("assignments", "experts")
_REVIEW_LINK = "boostdesk:review"


# A number (ID, card, patent, phone) on one line: a table's column is laid out as narrow as
# its cells allow, and a pane that breaks words anywhere showed 「ZL20171116748 / 6.8」 at
# large text (a span's white-space Qt ignores: the cell's is kept). Where a caption and such
# a number do not fit side by side, each caption stands above its value instead: beside it,
# the caption column was squeezed to a character a line.
_ONE_WORD = re.compile(r"[0-9A-Za-z.*\-_/]{6,40}")
_NOWRAP = "white-space:nowrap"
# The widest number the pane shows: a 19-digit card number, masked. Its least width is
# at least as wide as that and the margins at any text size: at 20 pt 280 pixels left it
# 28 short, and the pane scrolled sideways. A longer one (a patent number typed oddly)
# breaks where it must rather than scroll.
_WIDEST_NUMBER = mask_card_grouped("8" * 19)
_LEAST_WIDTH = 280


class DetailPane(QTextBrowser):
    def __init__(self, reg: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setOpenLinks(False)
        self._fit_font()
        self.current: tuple[str, int] | None = None
        # Tab from a list lands here: a frame in the highlight colour says so (the pane
        # looked the same focused or not, in every palette); 2 px wide, padded unfocused.
        self.setStyleSheet("DetailPane { border: 1px solid palette(mid); padding: 1px; }"
                           " DetailPane:focus { border: 2px solid palette(highlight); padding: 0; }")
        self._facts: list[tuple[str, str]] = []  # the record's facts shown, for a resize
        self._stacked = False  # the facts' captions above their values (a narrow pane)
        self._laid_out: tuple[bool, tuple[bool, ...]] = (False, ())  # as _layout() was
        self._review_open = False  # 评审明细（内部） unfolded, for the paper shown only
        self.anchorClicked.connect(self._link)

    def clear_record(self, text: str = "选择一条申报，此处显示核对结论、状态历史和修改记录") -> None:
        self.current = None
        self.setHtml(f"<p style='color:{themed(MUTED_COLOUR)}'>{escape(text)}</p>")

    def _fit_font(self) -> None:
        """Least width for the widest number on its line, beside the scroll bar."""
        margins = 2 * self.document().documentMargin() + 2 * self.frameWidth() + 4
        needed = (self.fontMetrics().horizontalAdvance(_WIDEST_NUMBER) + int(margins)
                  + self.verticalScrollBar().sizeHint().width())
        self.setMinimumWidth(max(_LEAST_WIDTH, needed))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_font()

    def _room(self) -> float:
        return self.viewport().width() - 2 * self.document().documentMargin()

    def _too_narrow(self) -> bool:
        """Whether the facts' widest caption and widest number do not fit side by side."""
        metrics = self.fontMetrics()
        caption = max((metrics.horizontalAdvance(k) for k, _v in self._facts), default=0)
        number = max((metrics.horizontalAdvance(v) for _k, v in self._facts
                      if _ONE_WORD.fullmatch(v)), default=0)
        return bool(number) and caption + 8 + number + 12 > self._room()

    def _whole(self, value: str) -> bool:
        """Whether ``value`` is a number kept on one line: one the pane has room for."""
        return (bool(_ONE_WORD.fullmatch(value))
                and self.fontMetrics().horizontalAdvance(value) <= self._room())

    def _layout(self) -> tuple[bool, tuple[bool, ...]]:
        """What a width changes: the captions above their values, the numbers kept whole."""
        return self._too_narrow(), tuple(self._whole(v) for _k, v in self._facts)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.current is not None and self._facts and self._layout() != self._laid_out:
            at = self.verticalScrollBar().value()
            self.show_application(*self.current)  # the facts laid out for the new width
            self.verticalScrollBar().setValue(at)

    def show_application(self, stream: str, app_id: int) -> None:
        try:
            app = self.reg.application(stream, app_id)
        except RegisterError as exc:
            self.clear_record(str(exc))
            return
        if self.current != (stream, app_id):
            self._review_open = False  # another paper: its review folded again
        self.current = (stream, app_id)
        row = self.reg.conn.execute(
            f"SELECT eligible, incomplete, findings FROM {_TABLE[stream]} WHERE id = ?", (app_id,)
        ).fetchone()
        verdict = verdict_of(row[0], row[1])
        findings = from_json(row[2])
        from boostdesk.award_holds import OPEN_AWARD, hold_of
        from boostdesk.finance.payout import payout

        # a failed acceptance's first tranche sent back (退汇) is owed again, and held as
        # any open award is (the list marks it so: award_holds.held_ids)
        held = (hold_of(self.reg, stream, app.id)
                if app.status in OPEN_AWARD[stream] or app.status == "acceptance_failed"
                else None)
        campaign = self.reg.campaign(app.campaign_year)
        money = payout(self.reg, stream, app, clock.today(), held, campaign)
        parts = [self._head(stream, app, verdict, held, money, findings),
                 self._money(app, verdict, findings, money, campaign),
                 self._facts_table(), self._recovery(stream, app),
                 self._findings(stream, findings, app, campaign), _remarks(app),
                 self._person_papers(app) if stream == PATENT else "",
                 self._history(stream, app_id), self._audit(stream, app)]
        self.setHtml("".join(parts))

    def _link(self, url: QUrl) -> None:
        """评审明细（内部） unfolded or folded again, where the pane stood."""
        if url.toString() != _REVIEW_LINK or self.current is None:
            return
        self._review_open = not self._review_open
        at = self.verticalScrollBar().value()
        self.show_application(*self.current)
        self.verticalScrollBar().setValue(at)

    def _money(self, app: Any, verdict: str, findings: list[Any], money: Any,
               campaign: Any) -> str:
        """拨付: each payer's part, its due day and its state (the card's last digits it
        went to, the days overdue, a transfer sent back and what it needs), a project's
        tranches and latest completion date; then 下一步, what happens next and when."""
        from boostdesk.finance.payout import LATE, SETTLED
        from boostdesk.progress import next_step

        step = next_step(self.reg, app, verdict, findings, money, campaign)
        self._step = step  # _findings' 补报 line left out when this already says where
        muted = themed(MUTED_COLOUR)
        html = ""
        if money is not None and money.lines:
            tones = {SETTLED: themed(OK_COLOUR), LATE: themed(ERROR_COLOUR)}
            rows = []
            parts = money.by_tranche()
            for tranche, lines in parts:
                if len(parts) > 1:
                    rows.append(f"<p style='margin:2px 0 0 0;color:{muted}'>"
                                f"{escape(tranche)}（{lines[0].share}%）</p>")
                for x in lines:
                    tone = tones.get(x.tone)
                    said = (f"<span style='color:{tone}'>{escape(x.said)}</span>" if tone
                            else escape(x.said))
                    rows.append(f"<p style='margin:0 0 0 8px'>{escape(x.payer)} "
                                f"{escape(show_money(x.amount_fen))}：{said}</p>")
            if money.completion is not None:
                late = (f"，已过 {money.completion_late} 天仍未结题验收" if money.completion_late
                        else "，尚未结题验收")
                if money.postponed:  # the days late counted from the new deadline
                    late = f"，{escape(money.postponed)}{late}"
                colour = themed(ERROR_COLOUR if money.completion_late else MUTED_COLOUR)
                rows.append(f"<p style='margin:2px 0 0 0;color:{colour}'>最晚结题日期 "
                            f"{money.completion}{late}</p>")
            rows.append(f"<p style='margin:2px 0 0 0;color:{muted}'>{escape(money.tranches)}</p>")
            html = f"<h4 style='margin-bottom:2px'>拨付</h4>{''.join(rows)}"
        return html + f"<p style='margin-top:4px'><b>下一步：</b>{escape(step)}</p>"

    def _head(self, stream: str, app: Any, verdict: str, held: Any, money: Any,
              findings: list[Any]) -> str:
        from boostdesk.progress import RULES_SAID, verdict_words

        # the rules' verdict beside a refusal or a non-award: what the rules found, not a
        # pass (规则核对：合格, muted)
        said = verdict_words(app.status, verdict, findings)
        colour = MUTED_COLOUR if said.startswith(RULES_SAID) else {
            "eligible": OK_COLOUR, "refused": ERROR_COLOUR,
            "incomplete": WARNING_COLOUR}.get(verdict, MUTED_COLOUR)
        returned = money.returned_card if money is not None else ""
        if stream == PATENT:
            facts = [
                ("第一发明人", app.inventor_name), ("身份证号", mask_id(app.id_number)),
                # a card a transfer came back from: not shown as if it were good (said in
                # its caption: the number stays one word, on one line)
                ("互助服务卡号（已退汇）" if returned else "互助服务卡号",
                 mask_card_grouped(app.card_number)),
                ("专利号", app.patent_number or app.patent_number_raw),
                ("授权公告日", show_date(app.grant_date)), ("推荐单位", app.unit_name),
                ("所在单位", app.enterprise_name), ("联系电话", mask_phone(app.phone)),
                ("收件日期", _received(app)),
            ]
        else:
            facts = [
                ("工作室", app.studio_name), ("领衔人", app.leader), ("推荐单位", app.unit_name),
                ("所在单位", app.enterprise_name), ("立项日期", show_date(app.approval_date)),
                ("申请金额", show_money(app.requested_fen)),
                ("项目总投入", show_money(app.total_budget_fen)),
                ("联系人", app.contact_name), ("联系电话", mask_phone(app.contact_phone)),
                ("收件日期", _received(app)),
            ]
        if app.award_fen:
            facts.append(("助推金额", show_money(app.award_fen)))
        if app.status == "acceptance_failed":  # the award stays; its 尾款 is never paid
            from boostdesk.finance.acceptance import withheld_rest_fen

            if rest := withheld_rest_fen(self.reg, app.id):
                facts += [("应拨付总额", show_money((app.award_fen or 0) - rest)),
                          ("尾款不予拨付", show_money(rest))]
        status = shown_status_zh(app.status, held is not None)  # as the list reads it
        card = ""  # its money waiting for the inventor's card: 核准（待补卡号）, as the list
        if stream == PATENT and held is None and app.status == "approved":
            from boostdesk.finance.card_waits import card_waits

            if card := card_waits(self.reg, app.campaign_year).get(app.id, ""):
                status = shown_status_zh(card)
        if app.status_reason:  # 核准（公示期满无异议），暂缓拨付
            name = STATUS_ZH.get(app.status, app.status)
            # a reason that begins with its status' name (撤销助推：专利权被宣告无效) said once
            status = f"{name}（{app.status_reason.removeprefix(f'{name}：')}）"
            status += f"，{ON_HOLD_ZH}" if held is not None else ""
            status += f"，{shown_status_zh(card)[3:-1]}" if card else ""  # ，待补卡号
        self._facts = [(k, v) for k, v in facts if v]
        notes: list[str] = []
        if stream != PATENT:  # an open objection of its publicity holds it: said here too
            from boostdesk.panel.publicity import hold_notes

            notes += hold_notes(self.reg, app.id)
        if held is not None:  # no longer right since its approval: 拨付 holds it
            notes[:0] = hold_lines(self.reg, held)
        from boostdesk.rules.passed_against import passed_against

        # passed though a hard condition fails: the clause and the office's reason
        if against := passed_against(self.reg, stream, [app.id]).get(app.id):
            notes.append(against.line)
        holds = "".join(f"<p style='margin:2px 0;color:{themed(WARNING_COLOUR)}'>{escape(x)}</p>"
                        for x in notes)
        return (
            f"<h3 style='margin-bottom:2px'>{escape(app.title or '（无名称）')}</h3>"
            f"<p style='margin-top:0'>{STREAM_ZH[stream]} · {id_ref(stream, app.id)} · 状态 "
            f"<b>{escape(status)}</b> · <b style='color:{themed(colour)}'>{escape(said)}</b></p>"
            f"{holds}"
        )

    def _facts_table(self) -> str:
        """The record's facts (``_head`` gathered them), beside their captions or, in a pane
        too narrow for both, under them."""
        self._laid_out = self._layout()
        self._stacked = self._laid_out[0]
        muted = themed(MUTED_COLOUR)
        if self._stacked:
            return "".join(
                f"<p style='margin:2px 0 0 0;color:{muted}'>{escape(k)}</p>"
                f"<p style='margin:0;{_NOWRAP if self._whole(v) else ''}'>{escape(v)}</p>"
                for k, v in self._facts)
        return "<table>" + "".join(
            f"<tr><td style='color:{muted};padding-right:8px'>{escape(k)}</td>"
            f"<td style='{_NOWRAP if _ONE_WORD.fullmatch(v) else ''}'>{escape(v)}</td></tr>"
            for k, v in self._facts) + "</table>"

    def _recovery(self, stream: str, app: Any) -> str:
        """A revoked award's money (finance.recovery): each payer's 应追回 / 已追回 / 尚欠,
        and every sum it returned."""
        if app.status != "revoked":
            return ""
        from boostdesk.finance.recovery import recovery_of

        from .recovery_dialog import parts_table

        rec = recovery_of(self.reg, stream, app.id)
        if rec is not None and rec.unpaid:  # 撤销助推（未拨付）: nothing to recover
            return f"<h4>撤销助推</h4><p>{escape(rec.summary)}</p>"
        return f"<h4>撤销助推的追回</h4>{parts_table(rec)}" if rec else ""

    _step = ""  # the 下一步 shown, as _money said it

    def _findings(self, stream: str, findings: list[Any], app: Any, campaign: Any) -> str:
        if not findings:
            return f"<h4>核对结论</h4><p style='color:{themed(OK_COLOUR)}'>符合方案各项条件，材料齐全</p>"
        from boostdesk.models.workflow import UNDECIDED
        from boostdesk.progress import TO_SEND, send_to
        from boostdesk.rules.findings import INTAKE_DATE, asked_of_union

        # a material or fact the paper lacks while it awaits a decision is to be sent
        # (待补), with where to: 提示 read as if it were optional
        waiting = app.status in UNDECIDED
        items = []
        for f in findings:
            colour = ERROR_COLOUR if f.blocking else WARNING_COLOUR
            label = (TO_SEND if waiting and f.missing and f.severity == WARNING
                     else SEVERITY_ZH.get(f.severity, f.severity))
            message = f.message
            if waiting and f.code == INTAKE_DATE and f.missing:  # the office's, not the union's
                label, message = "待填", OFFICE_FILLS
            if f.code == late_papers.CODE and not f.missing and (
                    decided := late_papers.accepted(self.reg, stream, app.id)):
                # the 提示 asked whether to accept it: once passed, the decision is said
                message = f"{decided}；{message.removesuffix(late_papers.ASKED)}"
            items.append(
                f"<li><span style='color:{themed(colour)}'>{label}"
                f"</span>：{escape(mask_text(message))}</li>"
            )
        where = ""
        if (waiting and any(f.missing for f in asked_of_union(findings))
                and send_to(campaign) not in self._step):  # said once, in 下一步
            where = f"<p style='margin-top:0'>补报：{escape(send_to(campaign))}</p>"
        return f"<h4>核对结论</h4><ul style='margin-left:-20px'>{''.join(items)}</ul>{where}"

    def _person_papers(self, app: Any) -> str:
        """The inventor's other papers, every year's: awarded before, and when (a person is
        one record across years; 单位与人员 only counts them)."""
        if app.person_id is None:
            return ""
        rows = self.reg.person_history(app.person_id, but=app.id)
        if not rows:
            return ""
        items = "".join(
            f"<li>{r['year']}年 {id_ref(PATENT, r['id'])}“{escape(r['title'] or '（无名称）')}”："
            f"{escape(STATUS_ZH.get(r['status'], r['status']))}"
            f"{('，' + show_money(r['award_fen'])) if r['award_fen'] else ''}</li>" for r in rows)
        return f"<h4>此人历年申报</h4><ul style='margin-left:-20px'>{items}</ul>"

    def _history(self, stream: str, app_id: int) -> str:
        rows = self.reg.status_history(stream, app_id)
        if not rows:
            return ""
        lines = []
        for h in rows:
            move = STATUS_ZH.get(h["to_status"], h["to_status"])
            if h["from_status"]:
                move = f"{STATUS_ZH.get(h['from_status'], h['from_status'])} → {move}"
            if h.get("decided_on"):  # the day the clerk gave the decision (资格审核日期)
                move += f"（{DAY_OF.get(h['to_status'], '决定日期')} {h['decided_on']}）"
            # 撤销助推：… after → 撤销助推 said once, as in the heading
            said = (h["reason"] or "").removeprefix(f"{STATUS_ZH.get(h['to_status'], '')}：")
            reason = f"：{escape(said)}" if said else ""
            lines.append(
                f"<tr><td style='color:{themed(MUTED_COLOUR)};padding-right:6px'>{escape(h['at'][:16].replace('T', ' '))}</td>"
                f"<td style='padding-right:6px'>{escape(h['operator'])}</td>"
                f"<td>{escape(move)}{reason}</td></tr>"
            )
        return f"<h4>状态历史</h4><table>{''.join(lines)}</table>"

    def _audit(self, stream: str, app: Any) -> str:
        from boostdesk.finance.mark_history import paid_marks

        app_id = app.id
        blocks: list[tuple[str, int, str]] = []  # (at, order, html), the newest shown first
        internal: list[tuple[str, int, str]] = []  # the panel's (_INTERNAL), folded
        # Which events came after which, by their ids: a clock set back since dates later
        # events earlier, and compared by time a union renamed after the entry was not shown.
        level_from = None  # the event fixing the award's level (migration 9)
        own = self.reg.audit_trail(_TABLE[stream], app_id)
        recovery = False  # its revocation and recoveries: said as the trail says them
        for e in own:
            if level_from is None and (e["after"] or {}).get("award_level"):
                level_from = e["id"]
            if e["action"] in _RECOVERY:
                recovery = True
                continue
            # named as the exported trail names it: the panel's, publicity's and past
            # awards' actions are not in labels.ACTION_ZH
            head = _head(e["at"], e["operator"], action_name({**e, "entity": _TABLE[stream]})
                         + (f"（{e['note']}）" if e["note"] else ""), e["computer"])
            changes = _changes(e["action"], e["before"], e["after"], stream)
            blocks.append((e["at"], len(blocks), head + changes))
        since = min((e["id"] for e in own), default=0)  # its entry
        # The inventor's name or phone, or the studio's facts, changed by another paper or
        # screen: this application shows them too. (Its card and frontline status are its
        # own since migration 10: another paper's are not this one's history.)
        shared = (("people", app.person_id, "修改第一发明人信息") if stream == PATENT
                  else ("studios", app.studio_id, "修改工作室信息"))
        marks = paid_marks(self.reg, stream, app_id)
        # A paid project keeps the enterprise it was paid to (migration 11), an award the
        # level it was made at (9): its studio moving or re-rated since is not its change.
        # (not an award withdrawn: its rows went, and the project follows its studio again)
        paid_from = min((m["id"] for m in marks if not m.get("withdrawn")),
                        default=None) if stream != PATENT else None
        kept = (("enterprise_id", paid_from), ("level", level_from))
        if shared[1] is not None:
            for e in self.reg.audit_trail(shared[0], shared[1]):
                if e["action"] not in ("update", "correct_name", "correct_id") or e["id"] < since:
                    continue
                after = e["after"] or {}
                if stream == PATENT:
                    after = {k: v for k, v in after.items()
                             if k in ("name", "phone", "reason", "id_number")}
                else:
                    after = {k: v for k, v in after.items()
                             if not any(k == key and after_id is not None
                                        and e["id"] >= after_id for key, after_id in kept)}
                if not after.keys() - {"reason"}:
                    # nothing of the person's or studio's shown here changed (a card's is
                    # the paper's own line, beside it): its reason alone read as a second
                    # change with nothing changed
                    continue
                changes = _changes("update", self._named(e["before"], stream),
                                   self._named(after, stream))
                what = {"correct_name": "更正第一发明人姓名",
                        "correct_id": "更正身份证号"}.get(e["action"], shared[2])
                if e["action"] == "correct_id":
                    changes = _id_correction(e["before"] or {}, after)
                blocks.append((e["at"], len(blocks),
                               _head(e["at"], e["operator"], what, e["computer"]) + changes))
        # its union renamed or merged, its studio merged into another: on another screen
        app_unit = self.reg.scalar(f"SELECT unit_id FROM {_TABLE[stream]} WHERE id = ?", (app_id,))
        for c in union_and_studio_changes(self.reg, stream, app_id, app_unit, since):
            blocks.append((c["at"], len(blocks), _head(c["at"], c["operator"], c["action"])
                           + f"<ul style='margin:0 0 0 -20px'><li>{escape(c['text'])}</li></ul>"))
        if stream != PATENT or recovery:  # its review and publicity: experts, scores,
            # objections; a revocation's money per payer, each sum recovered or taken back
            recovered = {action_words(a) for a in _RECOVERY} if recovery else set()
            for x in trail(self.reg, application=(stream, app_id)):
                if x.action in recovered:  # each fact a line, as the pane's own
                    items = "".join(f"<li>{escape(f)}</li>" for f in x.details.split("；"))
                    blocks.append((x.at.replace(" ", "T"), len(blocks),
                                   _head(x.at, x.operator, x.action, x.computer)
                                   + f"<ul style='margin:0 0 0 -20px'>{items}</ul>"))
                elif x.entity in _INTERNAL:
                    internal.append((x.at.replace(" ", "T"), len(internal),
                                     _head(x.at, x.operator, x.action, x.computer)
                                     + f"<div>{escape(x.details)}</div>"))
                elif x.entity == "objections":
                    blocks.append((x.at.replace(" ", "T"), len(blocks),
                                   _head(x.at, x.operator, x.action, x.computer)
                                   + f"<div>{escape(x.details)}</div>"))
        for m in marks:  # finance's marks, on the payments
            facts = [("付款单位", m["payer_name"]), ("批次", m["tranche"]),
                     ("金额", show_money(m["amount_fen"]) if m["amount_fen"] else ""),
                     ("拨付日期", m["paid_date"]), ("凭证号", m["voucher"]),
                     # to whom and which card it went (recorded since stop 34), and a
                     # re-send's return: the transfer to a corrected card provable here too
                     ("收款人", m.get("paid_to") or ""),
                     ("收款卡号", mask_text(m.get("paid_card") or "")),
                     ("曾退汇", m.get("resent_after") or ""),
                     ("原拨付日期", m.get("sent_date") or ""),
                     ("原凭证号", m.get("sent_voucher") or ""),
                     ("原收款人及账户", mask_text(m.get("returned_from") or "")),
                     ("退汇日期", m.get("returned_date") or ""), ("理由", m["reason"]),
                     # its row went with the award withdrawn: the trail keeps what it was
                     ("注", "该笔拨付记录已随撤销核准删除（修改记录保留）"
                      if m.get("withdrawn") else "")]
            items = "".join(f"<li>{escape(k)}：{escape(v)}</li>" for k, v in facts if v)
            what = ("撤销退汇登记" if m["reason"].startswith("撤销退汇") else
                    "登记拨付" if m["paid_date"] else
                    "登记退汇" if m.get("returned_date") else "撤销拨付登记")
            blocks.append((m["at"], len(blocks), _head(m["at"], m["operator"], what)
                           + f"<ul style='margin:0 0 0 -20px'>{items}</ul>"))
        if not blocks and not internal:
            return ""
        blocks.sort(reverse=True)
        return (f"<h4>修改记录</h4>{self._review_lines(internal)}"
                f"{''.join(html for _at, _n, html in blocks)}")

    def _review_lines(self, internal: list[tuple[str, int, str]]) -> str:
        """评审明细（内部）: the experts assigned, their scores and comments, one link that
        unfolds them (folded again for the next paper)."""
        if not internal:
            return ""
        muted = themed(MUTED_COLOUR)
        # the link's colour the palette's counterpart: Qt's default blue is 2:1 on a dark pane
        link = f"<a href='{_REVIEW_LINK}' style='color:{themed(LINK_COLOUR)}'>"
        if not self._review_open:
            return (f"<p style='margin:4px 0'>{link}▸ 评审明细（内部）"
                    f"{len(internal)} 条</a> <span style='color:{muted}'>专家姓名、评分、评语，"
                    "不对外告知</span></p>")
        internal.sort(reverse=True)
        return (f"<p style='margin:4px 0'>{link}▾ 收起评审明细（内部）</a>"
                f" <span style='color:{muted}'>不对外告知</span></p>"
                f"<div style='margin-left:8px'>{''.join(h for _a, _n, h in internal)}</div>"
                f"<p style='margin:4px 0'>{link}▴ 收起评审明细（内部）</a></p>")


    def _named(self, values: dict[str, Any] | None, stream: str) -> dict[str, Any]:
        """A person's or studio's stored facts with its unit and enterprise by name (and its
        name labelled as the inventor's, or the studio's: a studio renamed read 第一发明人)."""
        named = dict(values or {})
        if "name" in named:
            named["inventor_name" if stream == PATENT else "studio_name"] = named.pop("name")
        for key, table in (("unit_id", "units"), ("enterprise_id", "enterprises")):
            if key in named:
                name = self.reg.scalar(f"SELECT name FROM {table} WHERE id = ?", (named.pop(key),))
                named["unit_name" if key == "unit_id" else "enterprise_name"] = name
        return named


def _remarks(app: Any) -> str:
    """备注 whole, its lines as typed and wrapped to the pane (the pane scrolls), a number
    it quotes masked as its column is in the summary table (原卡号 … 已挂失)."""
    if not app.remarks:
        return ""
    # masked as a log line is: a phone in a note (家属电话 …) as well as an ID or card
    return f"<h4>备注</h4><p>{_lines(mask_log_text(app.remarks))}</p>"


def _lines(text: str) -> str:
    """Text escaped, its line breaks kept (HTML folds them into spaces)."""
    return "<br>".join(escape(line) for line in text.split("\n"))


def hold_lines(reg: Any, held: Any) -> list[str]:
    """An award held from payment since its approval (``award_holds.Hold``), as the pane
    says it: that it is held and why, the money, and what to do — on a verdict now 不合格,
    where the office keeps it: 拨付's 维持核准… on its payments, found there by 登记号 — the
    window's way; ``pay keep`` is the command line's, which the window's clerk never opens."""
    lines = [f"暂缓拨付：{mask_text(held.what)}（{held.money}）", f"处理：{held.todo}"]
    if held.findings:  # (a ranking changed is kept in 公示's 排名复核, which its todo names)
        # 拨付 shows no record numbers; its search finds an application's by 登记号
        lines.append(f"维持核准：在“拨付”中按 Ctrl+F 搜索“{id_ref(held.stream, held.app_id)}”，"
                     "选中其款项，点“维持核准…”写明理由")
    return lines


def _head(at: str, operator: str, action: str, computer: str = "") -> str:
    """When, who (and on which computer, where the trail recorded it), what."""
    where = (f" <span style='color:{themed(MUTED_COLOUR)}'>（电脑：{escape(computer)}）</span>"
             if computer else "")
    return (f"<p style='margin:4px 0 0 0'><b>{escape(at[:16].replace('T', ' '))}</b> "
            f"{escape(operator)} {escape(action)}{where}</p>")


def _id_correction(before: dict[str, Any], after: dict[str, Any]) -> str:
    """An ID number corrected, masked as everywhere on screen, with the places it changed:
    two birth-date digits swapped look alike masked (110105********0016 both ways)."""
    old, new = str(before.get("id_number") or ""), str(after.get("id_number") or "")
    places = [str(i + 1) for i in range(max(len(old), len(new)))
              if old[i:i + 1] != new[i:i + 1]]
    where = f"（第 {'、'.join(places)} 位）" if places and len(old) == len(new) else ""
    lines = [f"身份证号：{show_value('id_number', old or None)} → "
             f"{show_value('id_number', new or None)}{where}"]
    if after.get("reason"):
        lines.append(f"{FIELD_ZH.get('reason', 'reason')}：{after['reason']}")
    return f"<ul style='margin:0 0 0 -20px'>{''.join(f'<li>{escape(x)}</li>' for x in lines)}</ul>"


_PHONES = ("phone", "contact_phone")


def _shown(key: str, value: Any, stream: str | None) -> str:
    """A changed value as the pane shows it: phones masked as in its head (187****3157) and
    in the audit trail; ID and card numbers as ``show_value`` masks them."""
    if key in _PHONES and value:
        return mask_phone(str(value))
    return show_value(key, value, stream)


def _changes(action: str, before: dict[str, Any] | None, after: dict[str, Any] | None,
             stream: str | None = None) -> str:
    before = before or {}
    after = counted(after or {})  # 删除的待拨付款项：4 笔 ¥30,000.00, not two lines
    if action in ("create", "restore"):  # its values are the record above; say where it came from
        source = after.get("source")
        return f"<div style='color:{themed(MUTED_COLOUR)}'>从汇总表导入：{escape(str(source))}</div>" if source else ""
    keys = [k for k in after if k not in _HIDDEN and k != "source"] if action != "delete" else []
    if action == "move_year":
        keys = ["campaign_year"]
    if action == "status":
        keys = [k for k in ("status", "reason", "award_fen", "approved_date", "accepted_date")
                if k in after and (k != "reason" or after[k])]
    lines = []
    for key in keys:
        old = _shown(key, before.get(key), stream) if key in before else ""
        new = _shown(key, after.get(key), stream)
        if key == "materials" and key in before and same_value(key, before[key], after.get(key)):
            continue  # an import's {} checklist, the form's all false: the same papers
        if old and old == new and before.get(key) != after.get(key) and key in MASKED_FIELDS:
            new += MASKED_DIFFER  # 187****3157 both ways: a change all the same
        if action == "override" and key == "amount_fen" and after.get(key) is None:
            new = "不予助推"
        # a value the change kept (排名复核's ranking line, before and after) read "X → X"
        arrow = f"{_lines(old)} → " if old and old != new else ""
        lines.append(f"<li>{escape(field_name(key))}：{arrow}{_lines(new)}</li>")
    listed = f"<ul style='margin:0 0 0 -20px'>{''.join(lines)}</ul>" if lines else ""
    if after.get("source") and action == "update":  # a table sent again (io.resend)
        return f"<div style='color:{themed(MUTED_COLOUR)}'>按汇总表更新：{escape(str(after['source']))}</div>{listed}"
    return listed


# A paper waiting for its 收件日期: the office's to fill (方案三), said where, never asked of
# its union (the 核对意见 does not ask for it)
OFFICE_FILLS = ("缺少“收件日期”，无法核对报送时限（方案三）：收件日期由本办按收到纸质申报的日期填写"
                "（推荐单位无须补报），选中后按 Ctrl+D")
NO_RECEIVED = "未填：由本办按收到纸质申报的日期填写 — 选中（可多选）后按 Ctrl+D（编辑 → 填写收件日期）"


def _received(app: Any) -> str:
    if app.received_date is None and app.status == "registered":
        return NO_RECEIVED
    return show_date(app.received_date)
