"""公示's 维持公示档次… and 撤销维持公示档次…: the office's decision on a tier place an
upheld objection freed, taken where the objection was (the ranking tab's button needed a
trip to 专家评审), and withdrawn while nothing rests on it. The domain's functions
(tier_overrides.keep_published_tier / undo_kept_tier), the confirmations naming the place
and the project the ranking would move into it, and why a greyed button waits.
排名与档次 withdraws a decision with the same code (:func:`ask_undo_keep`): one recorded
after its batch closed is found there."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QWidget

from boostdesk.models.register import Register
from boostdesk.panel.freed_places import RaisedPlace, open_place_lines, raised_place
from boostdesk.panel.kept_tier_withdrawal import (
    recorded_after_close,
    withdraw_refusal,
    withdrawal_rule,
)
from boostdesk.panel.published_rerank import KeptTier, kept_decisions
from boostdesk.panel.ranking import rank
from boostdesk.panel.ranking_rows import Ranking
from boostdesk.panel.tier_overrides import keep_published_tier, undo_kept_tier

from .reason_dialog import ReasonDialog

if TYPE_CHECKING:
    from .context import AppContext
    from .publicity_screen import PublicityScreen

KEEP_TIP = ("{}按排名可递补空出的较高档次名额（异议成立等空出）：登记经研究维持其公示档次、"
            "名额留空（写明理由），此后排名和结束公示不再提示")
UNDO_TIP = "撤销{}经研究维持公示档次的决定：空出的名额重新按排名提示应递补的项目"
NOTHING_FREED = "没有空出的名额待决定"
NO_DECISION = "本批没有经研究维持公示档次的决定可撤销"
# Why a button waits when there is nothing to do: its tooltip only, not the screen's line
IDLE = ("尚未公示：", NOTHING_FREED, NO_DECISION)


def greyed_line(button: QPushButton) -> str:
    """A greyed button's reason (its tooltip, one source) as the screen says it: a greyed
    button takes no focus and a tooltip needs the mouse, so a keyboard user never met it."""
    return f"“{shown_text(button.text())}”暂不可用：{button.toolTip()}"


# Each button's Alt letter on 公示 (as 拨付's): none of the menu bar's (F, E, V, Y, H),
# none twice; 公示批次's box B
LETTERS = {"开始公示…": "S", "登记异议…": "O", "处理异议…": "D", "排名复核…": "R",
           "维持公示档次…": "K", "撤销维持公示档次…": "U", "结束公示…": "C",
           "导出名单 xlsx…": "X", "导出名单 PDF…": "P"}


def lettered(text: str) -> str:
    """``text`` with its Alt letter before the closing …: 登记异议(&O)…"""
    return f"{text[:-1]}(&{LETTERS[text]})…"


def shown_text(text: str) -> str:
    """A button's words as a sentence names them: its letter taken out."""
    return re.sub(r"\(&\w\)", "", text)


DIALOG_WIDTH = 560  # a paragraph of names: 460 folded it into a column


def _place_text(place: RaisedPlace) -> str:
    others = ("同档次按排名应递补的还有" + "、".join(f"“{t}”" for t in place.others) + "。"
              if place.others else "")
    return (f"{place.place}，按排名应递补的是已公示的“{place.ref}”"
            f"（公示为{place.published}，按现有排名可列入{place.ranked}）。{others}")


class KeepTierDialog(ReasonDialog):
    """维持公示档次: the freed place, the project next in line for it, and why."""

    def __init__(self, place: RaisedPlace, operator: str, after_close: bool,
                 parent: QWidget | None = None) -> None:
        covered = "，同档次其他空出的名额也一并留空" if place.others else ""
        text = (f"{_place_text(place)}\n\n维持公示档次：“{place.ref}”按公示的{place.published}"
                f"核准，不调高；空出的{place.ranked}名额经研究留空{covered}，此后排名和结束公示"
                f"说明该决定，不再提示。记入修改记录（操作人：{operator}），"
                f"{withdrawal_rule(after_close)}。")
        super().__init__(f"维持公示档次 — {place.ref}", _html(text),
                         "如 经主任办公会研究，按公示档次核准", "维持公示档次",
                         "请填写维持公示档次的理由", parent)
        self.setMinimumWidth(DIALOG_WIDTH)


class UndoKeepDialog(ReasonDialog):
    """撤销维持公示档次: the decision withdrawn, and who the place then names again."""

    def __init__(self, place: RaisedPlace, kept: KeptTier, operator: str,
                 parent: QWidget | None = None) -> None:
        again = "、".join(f"“{t}”" for t in (place.ref, *place.others))
        text = (f"“{place.ref}”（公示为{place.published}，按现有排名可列入{place.ranked}）："
                f"{kept.said}。\n\n撤销后：{place.place}按排名应递补的又是已公示的{again}，"
                "排名和结束公示重新提示是否调高、待研究决定，与作出该决定前相同。撤销和理由记入"
                f"修改记录（操作人：{operator}）。")
        super().__init__(f"撤销维持公示档次 — {place.ref}", _html(text),
                         "如 主任办公会复议：按排名调高档次", "撤销决定",
                         "请填写撤销维持公示档次的理由", parent)
        self.setMinimumWidth(DIALOG_WIDTH)


def _html(text: str) -> str:
    """Plain text as the dialog's label shows it (titles as typed; lines kept)."""
    return html.escape(text).replace("\n", "<br>")


class KeepTierHost(Protocol):
    """A screen that records or withdraws the decision: 公示, 排名与档次."""

    ctx: AppContext
    dialog: QDialog | None  # the dialog up (tests answer it)
    error: QLabel

    def back_to_list(self) -> None: ...


def undo_refusals(reg: Register, kept: dict[int, KeptTier]) -> dict[int, str]:
    """Each decision's reason it cannot be withdrawn now ("" when it can), as the
    domain's undo would refuse it."""
    return {pid: withdraw_refusal(reg, reg.project(pid), k) for pid, k in kept.items()}


def write_decision(host: KeepTierHost, parent: QWidget, label: str,
                   do: Callable[[], Any]) -> bool:
    result = host.ctx.write(label, do, changed="panel", parent=parent, title=f"未能{label}")
    host.error.setText("" if result.ok else result.error)
    return result.ok


def ask_undo_keep(host: KeepTierHost, parent: QWidget, target: int, kept: KeptTier,
                  ranking: Ranking | None, ref: str) -> str:
    """撤销维持公示档次 of ``target``'s decision ``kept``: the confirmation naming the place
    and who it names again, the reason, the write; returns the notice said ("" when
    nothing was withdrawn: Esc, or refused — said in ``host.error``)."""
    reg, year = host.ctx.reg, host.ctx.year
    ranking = ranking or rank(reg, year)
    if target not in ranking.kept_published:  # ranked otherwise since: no place to name
        dialog: ReasonDialog = ReasonDialog(
            "撤销维持公示档次", _html(f"“{ref}”：{kept.said}。按现有排名该项目已"
                                    "不再列入较高档次，撤销只记入修改记录。"),
            "撤销的理由", "撤销决定", "请填写撤销维持公示档次的理由", parent)
    else:
        dialog = UndoKeepDialog(raised_place(reg, year, ranking, target), kept,
                                host.ctx.operator, parent)
    host.dialog = dialog
    ok = (dialog.exec() == QDialog.DialogCode.Accepted
          and write_decision(host, parent, "撤销维持公示档次",
                             lambda: undo_kept_tier(reg, target, dialog.reason)))
    notice = ""
    if ok:
        places = [f"名额未满：{line}" for line in open_place_lines(reg.campaign(year),
                                                                  rank(reg, year))]
        notice = "；".join([f"已撤销：“{ref}”{kept.said}", *places])
        host.ctx.notice.emit(notice)
    host.back_to_list()
    return notice


class KeptTierActions:
    """The two buttons of 公示 and what they do, for the screen's shown batch."""

    def __init__(self, screen: PublicityScreen) -> None:
        self.screen = screen
        self.keep_button = QPushButton(lettered("维持公示档次…"))
        self.keep_button.clicked.connect(self.ask_keep)
        self.undo_button = QPushButton(lettered("撤销维持公示档次…"))
        self.undo_button.clicked.connect(self.ask_undo)
        self.ranking: Ranking | None = None  # the screen's, read while a batch is open
        self.kept: dict[int, KeptTier] = {}  # the shown batch's decisions standing
        self.refused: dict[int, str] = {}  # why each cannot be withdrawn now ("" if it can)

    def load(self, ranking: Ranking | None, project_ids: list[int]) -> None:
        """The shown batch read: its projects' decisions standing in the trail."""
        self.ranking = ranking
        self.kept = kept_decisions(self.screen.ctx.reg, project_ids)
        self.refused = undo_refusals(self.screen.ctx.reg, self.kept)

    def info_lines(self) -> list[str]:
        """The freed places of the open batch, said over the list: who the ranking moves
        into each (waiting for the office), or the decision that left it open."""
        if self.ranking is None:
            return []
        reg, year = self.screen.ctx.reg, self.screen.ctx.year
        lines = []
        for pid in self.ranking.raised_amounts:
            place = raised_place(reg, year, self.ranking, pid)
            lines.append(f"{place.place}按排名应递补的是已公示的“{place.ref}”（公示为{place.published}）："
                         "公示无异议的按公示档次核准；调高须按新档次另行公示，本软件不能登记调高；"
                         "经研究不调高的，按“维持公示档次…”登记")
        for pid, kept in self.ranking.kept_published.items():
            if pid in self.kept:  # this batch's decision (an earlier batch's is closed)
                place = raised_place(reg, year, self.ranking, pid)
                lines.append(f"{place.place}留空：“{place.ref}”{kept.said}")
        return lines

    # -- which project, or why not ----------------------------------------------------
    def keep_target(self) -> tuple[int | None, str]:
        """The published project next in line whose place 维持公示档次 would leave open,
        or None and why the button waits."""
        p = self.screen.current_period()
        if p is None:
            return None, "尚未公示：" + KEEP_TIP.format("已公示项目")
        if not p.is_open or self.ranking is None:
            return None, (f"第{p.batch}批公示已结束：此后空出的名额（如排名复核撤销核准），在“专家评审 → "
                          "排名与档次”中选中按排名可调高的项目登记维持公示档次")
        raised = self.ranking.raised_amounts
        if not raised:
            return None, (f"{NOTHING_FREED}：异议成立空出较高档次的名额、按排名应由已公示项目递补时，"
                          "可在此登记经研究维持公示档次")
        return self._chosen(list(raised), "登记维持公示档次")

    def undo_target(self) -> tuple[int | None, str]:
        """The project whose keep-tier decision 撤销 would withdraw, or None and why (the
        domain's refusal: approved on it at the close, its money paid, a list adopted after
        it)."""
        p = self.screen.current_period()
        if p is None or not self.kept:
            return None, NO_DECISION
        row = self.screen.current_row()
        if row is not None and self.refused.get(row.project_id):
            return None, self.refused[row.project_id]
        free = [pid for pid in self.kept if not self.refused.get(pid)]
        if not free:
            return None, "；".join(self.refused.values())
        return self._chosen(free, "撤销维持公示档次")

    def _chosen(self, ids: list[int], action: str) -> tuple[int | None, str]:
        """The current project when it is one of ``ids``, else the only one, else why not."""
        row = self.screen.current_row()
        if row is not None and row.project_id in ids:
            return row.project_id, ""
        if len(ids) == 1:
            return ids[0], ""
        names = "、".join(f"“{self._ref(pid)}”" for pid in ids)
        return None, f"有 {len(ids)} 个项目可{action}（{names}）：请先在列表中选中要{action}的那一项"

    def _ref(self, project_id: int) -> str:
        row = self.screen.by_id.get(project_id)
        return row.title if row is not None else self.screen.ctx.reg.project(project_id).title

    def update(self, writable: bool) -> list[str]:
        """The buttons greyed or not, with why; the lines the screen shows for those
        greyed for a reason the office can act on (none while read-only: said elsewhere)."""
        lines = []
        for button, (target, why), tip in ((self.keep_button, self.keep_target(), KEEP_TIP),
                                           (self.undo_button, self.undo_target(), UNDO_TIP)):
            button.setEnabled(writable and target is not None)
            if target is None:
                button.setToolTip(why)
                if writable and not why.startswith(IDLE):
                    lines.append(greyed_line(button))
            else:
                button.setToolTip(tip.format(f"“{self._ref(target)}”"))
        return lines

    # -- actions ------------------------------------------------------------------------
    def _place(self, project_id: int) -> RaisedPlace:
        ranking = self.ranking or rank(self.screen.ctx.reg, self.screen.ctx.year)
        return raised_place(self.screen.ctx.reg, self.screen.ctx.year, ranking, project_id)

    def ask_keep(self) -> bool:
        target, why = self.keep_target()
        if target is None:  # greyed: not reached by a click
            self.screen.error.setText(why)
            return False
        place = self._place(target)
        dialog = KeepTierDialog(place, self.screen.ctx.operator,
                                recorded_after_close(self.screen.ctx.reg, target), self.screen)
        ok = self._ask(dialog) and self._write("维持公示档次", lambda: keep_published_tier(
            self.screen.ctx.reg, target, dialog.reason))
        if ok:
            kept = kept_decisions(self.screen.ctx.reg, [target])[target]
            self.screen.ctx.notice.emit(f"已登记：“{place.ref}”{kept.said}，"
                                        f"空出的{place.ranked}名额留空")
        self.screen.back_to_list()
        return ok

    def ask_undo(self) -> bool:
        target, why = self.undo_target()
        if target is None:
            self.screen.error.setText(why)
            return False
        return bool(ask_undo_keep(self.screen, self.screen, target, self.kept[target],
                                  self.ranking, self._ref(target)))

    def _ask(self, dialog: ReasonDialog) -> bool:
        self.screen.dialog = dialog
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _write(self, label: str, do: Callable[[], Any]) -> bool:
        return write_decision(self.screen, self.screen, label, do)
