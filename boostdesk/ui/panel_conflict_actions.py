"""专家评审 → 分配专家, what a cell asks of a conflict: 登记回避 (a submitted score
withdrawn with it, after a backup), a conflict found after the assignment or one declared
on the wrong cell taken back, and before any of them (and 取消分配) the register read
again: a cell another program changed since the grid was loaded is shown, not acted on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QTableView, QWidget

from boostdesk.panel import experts as ex

from . import dialogs
from .context import AppContext, OpResult, backed_up
from .panel_common import back_to_list
from .panel_models import ASSIGNED, CONFLICT, CONFLICTED, SUBMITTED, AssignmentModel


class ConflictActions(QWidget):
    """AssignTab's base: the 回避 and withdrawal actions of its grid (a widget: they ask
    the office in dialogs over it)."""

    ctx: AppContext
    table: QTableView
    model: AssignmentModel
    error: QLabel
    conflicted: dict[int, ex.ScoreConflict]
    # AssignTab's own: the expert and project of a cell, the grid read again, a cell chosen
    cell: Callable[[int, int], tuple[ex.Expert, Any] | None]
    reload: Callable[[], None]
    _select: Callable[[Any, int], None]

    def _unassign(self, label: str, e: ex.Expert, app: Any,
                  then: Callable[[OpResult], None] | None = None, *,
                  submitted: bool | None = None) -> bool:
        """Taken off; a submitted score with it, after a backup (on a large register in
        the background). ``submitted``: as the office was shown and asked (None: not
        checked): a score stored by another program meanwhile refuses it (the grid then
        reloaded)."""
        eid, pid = e.id or 0, app.id or 0
        # refused (in the background too, once it ends): the grid read again, as it says
        return backed_up(self, label, lambda reg, cancelled: ex.unassign(
            reg, eid, pid, cancelled=cancelled, submitted=submitted), title="未能取消分配",
            backs_up=ex.withdraws_score(self.ctx.reg, eid, pid), then=then,
            refused=lambda result: self._reload_keeping(result.error))

    def _stale(self, e: ex.Expert, app: Any, text: str) -> bool:
        """Whether the register now holds the cell's assignment otherwise than the grid,
        loaded earlier, shows it: another program (`boostdesk panel import`, a second
        window) assigned, withdrew or stored a score since."""
        now = ex.assignment_state(self.ctx.reg, e.id or 0, app.id or 0)
        if text == CONFLICTED:
            k = self._conflict_of(e, app)
            return now is None or k is None or now != k.submitted
        if text in (ASSIGNED, SUBMITTED):
            return now != (text == SUBMITTED)
        return now is not None

    def _conflict_of(self, e: ex.Expert, app: Any) -> ex.ScoreConflict | None:
        return next((k for k in self.conflicted.values()
                     if k.expert_id == e.id and k.project_id == app.id), None)

    def _reloaded(self, app: Any, col: int) -> str | None:
        """The grid read again, the cursor on the cell; its text now (None: the project
        left the grid)."""
        self.reload()
        self._select(app.id, col)
        row = self.model.row_of(app.id)
        return None if row is None else self.model.text(row, col)

    def _reload_keeping(self, error: str) -> None:
        """Read the grid again after a refused write, keeping the refusal said."""
        self.reload()
        self.error.setText(error)

    def _say_changed(self, e: ex.Expert, app: Any, was: str, now: str | None) -> None:
        shown = {"": "未分配", CONFLICT: "回避", ASSIGNED: "评审", SUBMITTED: "已提交",
                 CONFLICTED: "冲突"}
        then = ("已提交的评分不能直接取消分配；专家须回避该项目的，请用“登记回避…”（其评分一并撤回）"
                if now == SUBMITTED else "请核对后再操作")
        became = "已不在待评审项目中" if now is None else f"现为“{shown.get(now, now)}”"
        self.error.setText(
            f"专家“{e.name}”与项目“{app.title}”的分配在表格载入后已被其他程序改动（如另一个窗口"
            f"导入了评分包）：表格已刷新，该单元格原为“{shown.get(was, was)}”，{became}，"
            f"未作改动。{then}")

    def _withdraw_conflicted(self, e: ex.Expert, app: Any) -> bool:
        """Take off an assignment a correction put in conflict, asked first: its score goes
        to the audit trail, and the project may need another expert."""
        k = self._conflict_of(e, app)
        if k is None:  # (read again just before: not reached)
            return False
        what = "撤回其已提交的评分（原评分记入修改记录，登记册先备份）" if k.submitted else ""
        if not dialogs.ask_yes_no(
                self, "取消存在利益冲突的分配",
                f"专家“{e.name}”与项目“{app.title}”存在利益冲突（{k.reason}），其评分不计入排名。"
                f"取消该分配并{what or '记入修改记录'}吗？取消后如专家不足，请另派专家评审。",
                yes="取消分配", no="返回"):
            return False
        return self._unassign(f"取消分配“{app.title}”给{e.name}（利益冲突）", e, app,
                              submitted=k.submitted)

    def _withdraw_declared(self, e: ex.Expert, app: Any) -> bool:
        """A conflict declared on the wrong cell is taken back, with why (audited)."""
        reason = dialogs.ask_text(
            self, "撤回回避登记", f"专家“{e.name}”已登记回避项目“{app.title}”。如为误登记，"
            "请填写撤回的理由（撤回后可再分配；已撤回的评分不会恢复）：")
        if not reason:
            return False
        result = self.ctx.write(f"撤回{e.name}回避“{app.title}”的登记",
                                lambda: ex.withdraw_conflict(self.ctx.reg, e.id or 0,
                                                             app.id or 0, reason),
                                changed="panel", parent=self, title="未能撤回回避登记")
        self.error.setText("" if result.ok else result.error)
        return result.ok

    def ask_conflict(self) -> None:
        current = self.table.currentIndex()
        found = self.cell(current.row(), current.column())
        if found is None:
            self.error.setText("请先在表中选中专家与项目交叉的单元格")
            return
        e, app = found
        text = self.model.text(current.row(), current.column())
        if self._stale(e, app, text):  # a score stored since is asked about, as shown now
            text = self._reloaded(app, current.column()) or ""
        # a 冲突 cell's submitted score goes too: asked about as an 已提交 one is
        conflicted = self._conflict_of(e, app) if text == CONFLICTED else None
        scored = text == SUBMITTED or (conflicted is not None and conflicted.submitted)
        if scored and not dialogs.ask_yes_no(
                self, "撤回已提交的评分",
                f"专家“{e.name}”已提交项目“{app.title}”的评分。登记回避将撤回这份评分，"
                "不再计入排名（原评分记入操作记录，登记册先备份）。继续登记回避吗？",
                yes="撤回评分并登记回避", no="取消"):
            back_to_list(self.table)
            return
        reason = dialogs.ask_text(self, "登记回避", f"专家“{e.name}”回避项目“{app.title}”的理由：")
        if reason:
            self.declare(e, app, reason, submitted=scored)
        back_to_list(self.table)  # asked: the keyboard back on the cell (as 公示's dialogs)

    def declare(self, e: ex.Expert, app: Any, reason: str, *, submitted: bool | None = None) -> bool:
        """``submitted``: whether the office was asked about withdrawing a submitted score
        (False: a score stored meanwhile by another program refuses it)."""
        eid, pid = e.id or 0, app.id or 0
        # refused (in the background too, once it ends): the grid read again, as it says
        return backed_up(self, f"登记{e.name}回避“{app.title}”",
                         lambda reg, cancelled: ex.declare_conflict(
                             reg, eid, pid, reason, cancelled=cancelled, submitted=submitted),
                         title="未能登记回避", backs_up=ex.withdraws_score(self.ctx.reg, eid, pid),
                         refused=lambda result: self._reload_keeping(result.error))
