"""工作室: the studios with their level, model flag, unit, and every earlier award.

An unaccepted earlier award bars a studio from applying again (plan 二（一）), so
the awards from before the register existed are typed in here (Ctrl+N) and one
typed in by mistake removed (Delete; both undoable); a studio's level and model
flag, which decide its tiers, are corrected here (Enter). Each change re-checks
that studio's projects in every campaign.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from boostdesk import intake, near_names
from boostdesk.finance.redirect import redirect_payee, redirect_question, returned_projects
from boostdesk.models.campaign import LEVEL_ZH
from boostdesk.models.records import PROJECT, Studio, StudioAward
from boostdesk.models.search_text import search_key
from boostdesk.models.studio_limits import merge_refusal
from boostdesk.models.workflow import HELD_STATUS, ON_HOLD_ZH
from boostdesk.no_enterprise import UNCHECKED
from boostdesk.panel.experts import studio_conflicts
from boostdesk.rules import recheck
from boostdesk.rules.check import HAS_AWARD
from boostdesk.validate import ValidationError, tidy_name

from . import dialogs, near_question
from .context import AppContext
from .copy_rows import copyable
from .dialogs import save_cancel_buttons
from .elided_tips import tip_when_elided
from .empty_hint import EmptyHint
from .form_widgets import (
    AmountField,
    DateField,
    LevelField,
    TextField,
    YesNoField,
    first_too_long,
    limited,
)
from .in_view import ReloadInView
from .keep_selection import KeepSelection
from .many_rows import ListView, one_row_only, select_many
from .queries import PROJECT_STATUS_SQL, search_terms, status_zh
from .register_model import status_tooltip
from .rows_model import Row, RowsModel
from .search_box import SearchBoxKeys
from .steady_label import SteadyLabel
from .style import (
    ERROR_COLOUR,
    WARNING_COLOUR,
    escape,
    grown,
    row_height,
    show_date,
    show_money,
)
from .theme import MUTED_COLOUR, themed

_EARLIER = 5  # the 往年助推 column
_ENTERPRISE = 7  # the 所在单位 column (shown second)
_LAYOUT = "studios/header2"  # (2: 所在单位 moved beside the name; the old layout hid it)


class StudioScreen(QWidget):
    NEW_ITEM_TEXT = "录入往年助推…"  # 编辑's Ctrl+N entry here: what it opens
    HEADERS = ("工作室", "级别", "示范性", "领衔人", "本年度申报", "往年助推（未验收的不能再申报）",
               "推荐单位", "所在单位")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reg = ctx.reg
        self.setObjectName("studio_screen")
        self.current_form: Any = None
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("工作室、领衔人、单位的任一片段（Ctrl+F）")
        self.search.setAccessibleName("搜索工作室")
        self.search.setAccessibleDescription(self.search.placeholderText())
        self.search.setClearButtonEnabled(True)
        self.count = SteadyLabel()  # the whole list's count first: the widest
        bar = QHBoxLayout()
        bar.addWidget(QLabel("搜索"))
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count)
        keys = QLabel("Enter 修改工作室　Ctrl+N 录入往年助推　Delete 删除往年助推")
        keys.setStyleSheet(f"color:{themed(MUTED_COLOUR)}")
        bar.addWidget(keys)

        self.model = RowsModel(self.HEADERS, self)
        self.table = ListView()
        self.table.setObjectName("studio_table")
        self.table.setAccessibleName("工作室列表")
        self.table.setModel(self.model)
        copyable(self.table, ctx.notice.emit)
        select_many(self.table)  # Shift / Ctrl+click, Ctrl+A: Ctrl+C copies them all
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (↑↓ move in it)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(row_height(self.table))
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for i, width in enumerate((200, 90, 56, 66, 76, 205, 150, 175)):
            header.resizeSection(i, grown(self.table, width))
        # 所在单位 beside the name: two studios of one name (the second registered as
        # 名称（所在单位）, cut at 1366 px) told apart at a glance, not scrolled to
        header.moveSection(_ENTERPRISE, 1)
        tip_when_elided(self.table)  # a long studio or union name is cut: whole when pointed at
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("工作室详情")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setSizes([900, 360])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        action = QAction(self.table)
        action.setShortcuts([QKeySequence("Return"), QKeySequence("Enter"), QKeySequence("F2")])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(self.edit_current)
        self.table.addAction(action)
        delete = QAction(self.table)
        delete.setShortcuts([QKeySequence("Delete")])
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_award)
        self.table.addAction(delete)
        self.table.doubleClicked.connect(lambda _i: self.edit_current())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.search_rows)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        SearchBoxKeys(self.search, self.table, self._search_now)
        # the studios chosen stay chosen across a search or a reload (the first when none
        # is left), and the pane follows the current one however it comes to be
        self._read = 0  # reloads: a studio's facts as shown are of the last
        # the studio in the pane, as read and for the year (an acceptance late for it is said)
        self._shown: tuple[int, int, int] | None = None
        KeepSelection(self.table, self.model, first=True).follow(self._show_current)
        self.empty_hint = EmptyHint(self.table, self._empty_text)
        self._in_view = ReloadInView(self, self.reload)
        self._year_in_view = ReloadInView(self, self.make_rows)
        ctx.changed.connect(self._changed)
        ctx.year_changed.connect(self._year_changed)
        settings = ctx.settings.value(_LAYOUT)
        if settings is not None:
            header.restoreState(settings)
        self.reload()

    def _changed(self, what: object) -> None:
        if what in ("studio", "project", "all"):
            self._in_view()  # behind another screen: when next shown

    def _year_changed(self, _year: int) -> None:
        # The studios and their applications of every year are read already: only the
        # year's count and the awards before it change (a re-read: 4–5 s at 100,000).
        if self._in_view.pending:
            return  # the whole reload waiting for the screen makes the rows too
        self._year_in_view()

    def _empty_text(self) -> str:
        if getattr(self, "studios", None):
            return "没有符合搜索的工作室"
        return ("还没有工作室。工作室随创新项目的申报登记：在“创新项目”页按 Ctrl+N 录入申报书，"
                f"或按 Ctrl+I 导入项目汇总表{self.ctx.attachment('project_summary')}。"
                "登记后可在这里修改工作室、填写所在单位，按 Ctrl+N 录入往年助推。")

    def reload(self) -> None:
        """Read the studios, their awards and applications; the rows and their search texts
        are made here, once, and a search only filters them (14,000 studios: a keystroke
        re-reading the register took 0.3–0.5 s)."""
        studios = self.reg.studios()
        self.studios = {s.id: s for s in studios}
        awards: dict[str, list[StudioAward]] = defaultdict(list)
        for a in self.reg.studio_awards():
            awards[a.studio_name].append(a)
        self.awards = awards
        self.applications = _applications_by_studio(self.reg)
        self.holds = _award_holds(self.reg, self.applications)
        self._texts: list[str] | None = None  # (the studios' search texts: when searched)
        self._read += 1
        self._year_in_view.pending = False
        self.make_rows()

    def make_rows(self) -> None:
        """The rows of the studios read, for the year in view."""
        year = self.ctx.year
        awards = self.awards
        # 二（一） as the rules judge the year in view: accepted by its submission deadline
        # (an acceptance after it did not unbar that year's paper)
        try:
            deadline = self.reg.campaign(year).submission_deadline.isoformat()
        except Exception:  # noqa: BLE001 - no plan for the year: accepted at all
            deadline = "9999-12-31"

        def unaccepted(accepted: bool, accepted_date: object) -> str:
            """（未验收）, or accepted after the deadline: （验收于 2022-12-28，在截止日之后）,
            which bars the year's paper as the rule says (its finding quotes the same day)."""
            if not accepted:
                return "（未验收）"
            day = str(accepted_date)[:10] if accepted_date is not None else ""
            return f"（验收于 {day}，在截止日之后）" if day > deadline else ""

        self.all_rows: list[Row] = []
        for s in self.studios.values():
            apps = self.applications.get(s.id, [])
            this_year = sum(1 for a in apps if a["year"] == year)
            earlier = [f"{a.year}年{show_money(a.award_fen)}{unaccepted(a.accepted, a.accepted_date)}"
                       for a in awards.get(s.name, []) if a.year < year]
            held: list[str] = []  # as the register lists say a held award: 暂缓拨付, and why
            for a in apps:
                if a["status"] not in HAS_AWARD or a["year"] >= year:
                    continue
                hold = self.holds.get(a["id"])
                mark = ""
                if hold is not None or a["shown"] == HELD_STATUS:
                    mark = f"（{ON_HOLD_ZH}）"
                    held.append(f"{a['year']}年“{a['title']}”：{status_zh(a['shown'], True)}\n"
                                + status_tooltip(a["shown"], hold))
                earlier.append(f"{a['year']}年{show_money(a['award_fen'])}"
                               f"{unaccepted(bool(a['accepted_date']), a['accepted_date'])}{mark}")
            shown = "；".join(earlier)
            self.all_rows.append(Row(
                s.id, (s.name, _level_zh(s.level), "是" if s.model_studio else "", s.leader,
                       str(this_year) if this_year else "", shown, s.unit_name,
                       s.enterprise_name), shown,
                {_EARLIER: "\n\n".join([shown, *held])} if held else None,
                {_EARLIER: WARNING_COLOUR} if held else None))
        self.search_rows()

    def _search_now(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.search_rows()

    def search_rows(self) -> None:
        """Show the studios whose name, leader, unit or enterprise hold every term typed."""
        terms = search_terms(self.search.text())  # ５Ｇ typed in full width finds 5G
        if not terms:
            rows = self.all_rows[:]
        else:
            rows = [row for text, row in zip(self._search_texts(), self.all_rows, strict=True)
                    if all(t in text for t in terms)]
        self.model.set_rows(rows)  # those chosen and still found stay chosen (KeepSelection)
        self.count.setText(f"{len(rows)} 个工作室")
        self._show_current()  # the same studio, read again

    def _search_texts(self) -> list[str]:
        """Each studio's name, leader, unit and enterprise folded as the terms are (a name's
        full-width brackets found by ( typed too), beside ``all_rows``: made by the first
        search after a read, not by every opening (14,000 studios: ≈ 0.1–0.2 s)."""
        if self._texts is None:
            self._texts = [search_key(s.name, s.leader, s.unit_name, s.enterprise_name)
                           for s in self.studios.values()]
        return self._texts

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def _show_current(self) -> None:
        """The pane: the current studio (made again when another, or read again since)."""
        studio_id = self.current_id()
        shown = None if studio_id is None else (studio_id, self._read, self.ctx.year)
        if shown == self._shown and shown is not None:
            return
        self._shown = shown
        if studio_id is None:
            self.detail.clear()
            return
        s = self.studios[studio_id]
        parts = [f"<h3>{escape(s.name)}</h3><p>{_level_zh(s.level)}"
                 f"{'（示范性）' if s.model_studio else ''} · 领衔人 {escape(s.leader or '—')}<br>"
                 f"{_where(s)}</p>"]
        apps = self.applications.get(studio_id, [])
        if apps:
            items = "".join(
                f"<li>{a['year']}年“{escape(a['title'])}”："
                f"{status_zh(a['shown'], a['id'] in self.holds)}"
                f"{('，' + show_money(a['award_fen'])) if a['award_fen'] else ''}"
                f"{self._late_said(a['accepted_date']) if a['year'] < self.ctx.year else ''}"
                "</li>" for a in apps)
            parts.append(f"<h4>登记册中的申报</h4><ul style='margin-left:-20px'>{items}</ul>")
        earlier = self.awards.get(s.name, [])
        if earlier:
            items = "".join(
                f"<li>{a.year}年“{escape(a.project_title)}”{show_money(a.award_fen)}，"
                f"{'已于 ' + show_date(a.accepted_date) + ' 验收' if a.accepted else '<b>未验收</b>'}"
                f"{self._late_said(a.accepted_date) if a.accepted else ''}"
                f"</li>" for a in earlier)
            parts.append(f"<h4>登记册建立前的助推</h4><ul style='margin-left:-20px'>{items}</ul>")
        self.detail.setHtml("".join(parts))

    def _late_said(self, accepted_date: object) -> str:
        """An acceptance after the year in view's deadline, in the pane: it still bars that
        year's paper (二（一）), as the list's （验收于 …，在截止日之后） and the rule's finding say."""
        try:
            deadline = self.reg.campaign(self.ctx.year).submission_deadline
        except Exception:  # noqa: BLE001 - no plan for the year: no deadline to be late for
            return ""
        if accepted_date is None or str(accepted_date)[:10] <= deadline.isoformat():
            return ""
        return (f"（验收于 {str(accepted_date)[:10]}，晚于 {self.ctx.year} 年度报送截止日 "
                f"{deadline.isoformat()}，{self.ctx.year} 年度仍不能申报）")

    # -- actions -------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        self.reload()

    def edit_current(self) -> Any:
        studio_id = self.current_id()
        if studio_id is None:
            return None
        dialog = StudioDialog(self.ctx, self.studios[studio_id], self)
        dialog.finished.connect(self._back_to_table)
        self.current_form = dialog
        dialogs.open_modal(dialog)
        return dialog

    def new_item(self) -> Any:
        studio = self.studios.get(self.current_id() or -1)
        dialog = AwardDialog(self.ctx, studio.name if studio else "", self)
        dialog.finished.connect(self._back_to_table)
        self.current_form = dialog
        dialogs.open_modal(dialog)
        return dialog

    def _back_to_table(self, _result: int = 0) -> None:
        """A dialog closed: the keyboard is back on the studios, as on 专利助推."""
        self.activateWindow()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_award(self) -> bool:
        """Delete: an earlier award of the studio in view, typed in by mistake (undoable)."""
        if not one_row_only(self, self.table, "删除往年助推", "删除往年助推一次只删一个工作室的，"
                            "请只选中要删除其往年助推的那一个工作室"):
            return False
        studio = self.studios.get(self.current_id() or -1)
        awards = self.awards.get(studio.name, []) if studio else []
        if studio is None or not awards:
            self.ctx.notice.emit("这个工作室没有登记册建立前的助推记录可删除")
            return False
        labels = [f"{a.year}年“{a.project_title}”{show_money(a.award_fen)}，"
                  f"{'已验收' if a.accepted else '未验收'}" for a in awards]
        question = f"删除“{studio.name}”的往年助推"
        if len(awards) == 1:
            yes = dialogs.ask_yes_no(self, "删除往年助推", f"{question}：{labels[0]}？\n"
                                     "删除后重新核对这个工作室的申报，可用 Ctrl+Z 撤销。",
                                     yes="删除", no="取消")
            index = 0 if yes else None
        else:
            index = dialogs.ask_choice(self, "删除往年助推",
                                       f"{question}（删除后可用 Ctrl+Z 撤销）：", labels)
        if index is None:
            return False
        award, reg = awards[index], self.ctx.reg
        stored = [award.id or 0]  # undo stores it again under a new id

        def delete() -> None:
            with reg.transaction():
                reg.delete_studio_award(stored[0])
                recheck(reg)

        def restore() -> None:
            with reg.transaction():
                stored[0] = reg.add_studio_award(replace(award, id=None))
                recheck(reg)

        return self.ctx.write(f"删除“{studio.name}”{award.year}年往年助推", delete,
                              changed="studio", undo=restore, redo=delete, parent=self).ok

    def save_layout(self) -> None:
        self.ctx.settings.setValue(_LAYOUT, self.table.horizontalHeader().saveState())


def _level_zh(level: str | None) -> str:
    return LEVEL_ZH.get(level or "", "级别未填")


def _where(s: Studio) -> str:
    """The pane's 推荐单位 · 所在单位 line: one not registered said so, not a dangling ·;
    no 所在单位 also leaves 回避 unchecked on 分配专家 and the award unpaid (拨付)."""
    unit = escape(s.unit_name) if s.unit_name else "（未登记推荐单位）"
    if s.enterprise_name:
        return f"{unit} · {escape(s.enterprise_name)}"
    return (f"{unit} · <span style='color:{themed(WARNING_COLOUR)}'>（未登记所在单位）</span><br>"
            f"<span style='color:{themed(WARNING_COLOUR)}'>{UNCHECKED}，助推资金也无法拨付："
            "按 Enter 修改工作室，填写所在单位</span>")


def _award_holds(reg: Any, applications: dict[int, list[dict[str, Any]]]) -> dict[int, Any]:
    """The studios' project awards held from payment (``award_holds``), by id: each year's
    worked out once until the register changes, as the register lists read them."""
    from boostdesk.award_holds import held_ids

    years = {a["year"] for apps in applications.values() for a in apps
             if a["status"] in HAS_AWARD}
    out: dict[int, Any] = {}
    for year in sorted(years):
        out.update(held_ids(reg, PROJECT, year))
    return out


def _applications_by_studio(reg: Any) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in reg.query(
        "SELECT a.id, a.studio_id, c.year, a.title, a.status, a.award_fen, a.accepted_date,"
        f" {PROJECT_STATUS_SQL} AS shown"  # a held award named as the register list names it
        " FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
        " WHERE a.studio_id IS NOT NULL ORDER BY c.year, a.id"
    ):
        out[r["studio_id"]].append(r)
    return out


NAMES_WIDEST = 460  # pixels: a studio dialog's name fields grow to this for a long name


class StudioDialog(QDialog):
    """Correct a studio's name (or merge it into another), level, model flag, leader, unit
    and enterprise (undoable). The name first, the cursor in it: renaming a studio typed
    two ways is the correction most often made here."""

    def __init__(self, ctx: AppContext, studio: Studio, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.studio = studio
        self.setWindowTitle(f"修改工作室 — {studio.name}")
        form = QFormLayout(self)
        # a name changed to another studio's merges the two (asked first, on saving)
        self.name = limited(TextField(words=ctx.reg.names("studios")), "studio_name")
        self.name.set_value(studio.name)
        self.level = LevelField()
        self.level.set_value(studio.level)
        self.model_studio = YesNoField()
        self.model_studio.set_value(studio.model_studio)
        self.leader = limited(TextField(words=ctx.reg.names("project_people")), "leader")
        self.leader.set_value(studio.leader)
        self.unit = limited(TextField(words=ctx.reg.names("units")), "unit_name")
        self.unit.set_value(studio.unit_name)
        self.enterprise = limited(TextField(words=ctx.reg.names("enterprises")),
                                  "enterprise_name")
        self.enterprise.set_value(studio.enterprise_name)
        for label, field, name in (("名称（改为另一工作室的名称即合并）", self.name, "工作室名称"),
                                   ("级别（1 市级，2 区/局/集团级）", self.level, "工作室级别"),
                                   ("是否示范性（Y/N）", self.model_studio, "是否示范性"),
                                   ("领衔人", self.leader, "领衔人"),
                                   ("推荐单位", self.unit, "推荐单位"),
                                   ("所在单位", self.enterprise, "所在单位")):
            field.setAccessibleName(name)
            form.addRow(label, field)
        form.addRow(save_cancel_buttons(self))
        for field in (self.name, self.leader, self.unit, self.enterprise):
            # the names corrected seen whole (at 180 pixels a 31-character studio showed from
            # its middle), up to what 1280×720 at 150 % leaves beside the labels
            field.setMinimumWidth(min(NAMES_WIDEST, field.fontMetrics().horizontalAdvance(
                field.text()) + 16))
        # never narrower than its rows (Qt opens a dialog at most 2/3 of the screen wide)
        self.setMinimumWidth(max(480, form.minimumSize().width()))
        dialogs.tab_in_layout_order(self)  # the name first, selected: typed over or edited
        self._initial = self._typed()

    def _typed(self) -> tuple[Any, ...]:
        return (self.name.text(), self.level.value(), self.model_studio.value(),
                self.leader.text(), self.unit.text(), self.enterprise.text())

    def reject(self) -> None:
        """Esc asks before throwing away what was changed, as the paper forms do."""
        if self._typed() != self._initial and not dialogs.confirm_discard(self):
            return
        super().reject()

    def accept(self) -> None:
        long = first_too_long(self.name, self.leader, self.unit, self.enterprise)
        if long is not None:  # the paper form's and the import's limits: refused, never cut
            dialogs.show_error(self, "未保存", long[1])
            long[0].setFocus()
            return
        name = tidy_name(self.name.value())
        if not name:
            dialogs.show_error(self, "未保存", "请填写工作室名称")
            return
        if name != self.studio.name:
            merging = self.ctx.reg.studio(name) is not None
            if not self._rename(name):
                return
            if merging:  # the studio merged into keeps its own facts
                super().accept()
                return
        s = self.studio
        new = (self.level.value() or s.level, bool(self.model_studio.value()),
               tidy_name(self.leader.value()), self.unit.value(), self.enterprise.value())
        old = (s.level, s.model_studio, s.leader, s.unit_name, s.enterprise_name)
        if new == old:
            super().accept()
            return
        reg = self.ctx.reg
        changed = [(field, kind, was) for field, kind, was in (
            (self.unit, near_names.UNITS, old[3]), (self.enterprise, near_names.ENTERPRISES, old[4]))
            if tidy_name(field.value()) != was]
        if changed and not near_question.settle(self, self.ctx.reg, changed):
            return  # back to the name, to correct it
        new = (*new[:3], self.unit.value(), self.enterprise.value())
        if new == old:
            super().accept()
            return
        self._redirect: list[int] = []
        if new[4] and new[4] != old[4] and not self._move_paid(old[4], new[4]):
            return
        redirect = list(self._redirect)
        moved_to = (f"工作室迁至“{tidy_name(new[4])}”，被银行退回的款项改汇"
                    if redirect else "")

        created = reg.new_names(("units", new[3]), ("enterprises", new[4]))

        def put(values: tuple[Any, ...], undone: bool = False) -> None:
            level, model, leader, unit, enterprise = values
            with reg.transaction():
                unit_id = reg.ensure_unit(unit)
                ent_id = reg.ensure_enterprise(enterprise, unit_id)
                reg.ensure_studio(s.name, level, unit_id, ent_id, leader, model, exact=True)
                for app_id in redirect:  # the returned money to the studio's enterprise now
                    redirect_payee(reg, app_id, enterprise,
                                   f"撤销：{moved_to}" if undone else moved_to)
                if undone:  # a union or enterprise the change created goes with it
                    reg.drop_unused_names(created)
                recheck(reg)  # the studio's projects, in every campaign

        conflicted = studio_conflicts(reg, s.name)
        result = self.ctx.write(f"修改工作室“{s.name}”", lambda: put(new), changed="studio",
                                undo=lambda: put(old, undone=True), redo=lambda: put(new),
                                parent=self)
        if result.ok:
            # assignments of its projects now in conflict (an expert of the 所在单位
            # filled): their scores no longer count, said, not left for 分配专家 to show
            turned = len(studio_conflicts(reg, s.name) - conflicted)
            if turned:
                why = "、".join(name for name, at in (("领衔人", 2), ("推荐单位", 3),
                                                      ("所在单位", 4)) if new[at] != old[at])
                self.ctx.notice.emit(f"已修改工作室“{s.name}”；{turned} 项专家分配因"
                                     f"{why or '所在单位'}相同成为利益冲突，请到“分配专家”处理")
            super().accept()

    def _move_paid(self, old: str, new: str) -> bool:
        """The enterprise changed on a studio with projects whose money was sent (paid, or
        sent back by the bank and owed again): they stay paid to the old one (migration 11),
        so a misspelling corrected here would leave it on their lists. Asked first,
        pointing to where a misspelt enterprise is corrected; then, of the projects with
        money the bank sent back, whether it goes to the new one (``_redirect``:
        ``finance.redirect``, the transfers sent kept under the old one)."""
        reg = self.ctx.reg
        effects = reg.studio_move_effects(self.studio.name, old, new)
        if effects and not dialogs.ask_yes_no(
                self, "工作室迁到另一所在单位", f"{effects}\n工作室确已迁到“{new}”？",
                yes="确已迁出", no="返回"):
            self.enterprise.setFocus()
            return False
        returned = returned_projects(reg, self.studio.name, old)
        if returned and dialogs.ask_yes_no(
                self, "被银行退回的款项", redirect_question(returned, old, tidy_name(new)),
                yes="改汇新单位", no="仍汇原单位"):
            self._redirect = [x.app_id for x in returned]
        return True

    def _rename(self, name: str) -> bool:
        """The name corrected (undoable); another studio's name merges the two, asked
        first. The studio dealt with after it is the one renamed or merged into."""
        reg = self.ctx.reg
        old = self.studio.name
        target = reg.studio(name)
        if target is not None:
            if refused := merge_refusal(reg, old, name):  # said before asking to merge
                dialogs.show_error(self, "合并工作室", refused)
                self.name.setFocus()
                return False
            projects = reg.scalar(
                "SELECT COUNT(*) FROM project_applications a JOIN studios s"
                " ON s.id = a.studio_id WHERE s.name = ?", (old,))
            awards = sum(1 for a in reg.studio_awards() if a.studio_name == old)
            if not dialogs.ask_yes_no(
                    self, "合并工作室",
                    f"登记册中已有工作室“{name}”。把“{old}”并入“{name}”？\n"
                    f"项目申报 {projects} 项、往年助推 {awards} 项改为“{name}”，按“{name}”的"
                    "级别、所在单位等核对（同一工作室申报和获助推的项数合并计算）。可用 Ctrl+Z 撤销。"
                    + (f"\n\n{payees}" if (payees := reg.studio_merge_payees(old, name)) else ""),
                    yes="合并", no="返回"):
                return False
            label = f"将工作室“{old}”并入“{name}”"
        else:
            label = f"将工作室“{old}”改名为“{name}”"
        done: dict[str, Any] = {}
        rejudged: list[str] = []  # what the merge's re-judging changed, said after it

        def do() -> None:
            done.clear()
            rejudged.clear()
            with reg.transaction():
                if target is not None:
                    merged, said = reg.merge_studio(old, name)
                    done.update(merged)
                    rejudged.append(said)
                else:
                    done.update(reg.rename_studio(old, name))
                    recheck(reg)

        def undo() -> None:
            with reg.transaction():
                reg.unrename_studio(done)
                recheck(reg)

        if not self.ctx.write(label, do, changed="studio", undo=undo, redo=do, parent=self).ok:
            return False
        if any(rejudged):  # an award held by the merge is not learnt from 拨付 days later
            dialogs.show_info(self, "合并工作室", f"已将“{old}”并入“{name}”。\n" + "\n".join(rejudged))
        self.studio = reg.studio(name) or self.studio
        return True


class AwardDialog(QDialog):
    """An award a studio got before the register existed (it bars the studio until accepted).

    Opened on the studio in view, its name selected: typing replaces it, so an award
    typed from a paper list is not put on the row that happened to be selected."""

    def __init__(self, ctx: AppContext, studio_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("录入往年助推")
        form = QFormLayout(self)
        self.studio = limited(TextField(words=ctx.reg.names("studios")), "studio_name")
        self.studio.setAccessibleName("工作室名称")
        self.studio.set_value(studio_name)
        self.studio.setMinimumWidth(360)  # the longest studio names whole
        self.year = QLineEdit(str(ctx.year - 1))
        self.year.setMaximumWidth(grown(self.year, 80))
        self.title = limited(TextField(), "title")
        self.title.setAccessibleName("项目名称")
        self.amount = AmountField()
        self.amount.setAccessibleName("助推金额（万元）")  # its caption sits by a row, not by it
        self.amount_note = QLabel()  # the amount in 元, as the paper forms show it
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount)
        amount_row.addWidget(self.amount_note, 1)
        self.accepted_box = QCheckBox("已通过结题验收")
        self.accepted_date = DateField()
        self.error = QLabel()
        self.error.setWordWrap(True)
        form.addRow("工作室", self.studio)
        form.addRow("年度", self.year)
        form.addRow("项目名称", self.title)
        form.addRow("助推金额（万元）", amount_row)
        form.addRow("", self.accepted_box)
        form.addRow("验收日期", self.accepted_date)
        form.addRow(self.error)
        form.addRow(save_cancel_buttons(self))
        self.setMinimumWidth(600)
        self.amount.edited.connect(self._show_amount)
        self.studio.setFocus()
        self.studio.selectAll()
        self._initial = self._typed()

    def _typed(self) -> tuple[Any, ...]:
        return (self.studio.text(), self.year.text(), self.title.text(), self.amount.text(),
                self.accepted_box.isChecked(), self.accepted_date.text())

    def _show_amount(self) -> None:
        try:
            amount = self.amount.value()
        except ValidationError as exc:
            self.amount_note.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>"
                                     f"{escape(exc.message)}</span>")
            return
        if not amount:
            self.amount_note.setText("")
        elif intake.award_amount_question(self._campaign(), amount) is None:
            self.amount_note.setText(show_money(amount))
        else:  # asked about on saving; said here already
            self.amount_note.setText(f"<span style='color:{themed(WARNING_COLOUR)}'>{show_money(amount)}"
                                     "（不是方案的助推档次，请核对）</span>")

    def _campaign(self) -> Any:
        """The plan of the award's year when the register has it, else this year's."""
        reg, year = self.ctx.reg, self.year.text().strip()
        if year.isdecimal() and int(year) in reg.campaign_years():
            return reg.campaign(int(year))
        return self.ctx.campaign()

    def reject(self) -> None:
        """Esc asks before throwing away what was typed, as the paper forms do."""
        if self._typed() != self._initial and not dialogs.confirm_discard(self):
            return
        super().reject()

    def accept(self) -> None:
        try:
            award = self.award()
        except ValidationError as exc:
            self.error.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>{escape(exc.message)}</span>")
            self._fault.setFocus(Qt.FocusReason.OtherFocusReason)  # type over what was refused
            self._fault.selectAll()
            return
        settled = self._settle(award)
        if settled is None:
            return
        award = settled

        reg = self.ctx.reg
        stored: list[int] = []
        studio_before = reg.studio_state(award.studio_name)

        def do() -> int:
            with reg.transaction():
                stored[:] = [reg.add_studio_award(award)]
                recheck(reg)  # the studio's projects, in every campaign
            return stored[0]

        def undo() -> None:
            with reg.transaction():
                reg.delete_studio_award(stored[0])
                reg.put_studio_back(award.studio_name, studio_before)  # one it created goes
                recheck(reg)

        if self.ctx.write(f"录入“{award.studio_name}”{award.year}年助推", do,
                          changed="studio", undo=undo, parent=self).ok:
            super().accept()

    def _settle(self, award: StudioAward) -> StudioAward | None:
        """The questions before saving: a studio named nearly as a known one (is it that
        one?), an amount that is none of the plan's tiers. None: back to the dialog."""
        match = intake.known_studio_for(self.ctx.reg, award.studio_name, year=self.ctx.year)
        if match is not None:
            # Enter: the registered one; Esc (返回修改): undecided, back to the name, as on
            # the project paper (否 registers a studio, which Esc must not answer)
            said = dialogs.ask_or_back(self, "是否为已登记的工作室？", match.question(paper=False),
                                       yes="是，同一工作室", no="否，新工作室", default_yes=True)
            if said is None:
                self.studio.setFocus()
                return None
            if said:
                award = replace(award, studio_name=match.studio.name)
                self.studio.set_value(match.studio.name)
        question = intake.award_amount_question(self._campaign(), award.award_fen)
        if question is None:
            return award
        if question.as_yuan_fen is not None:
            if not dialogs.ask_yes_no(self, "请核对助推金额", question.text,
                                      yes=f"按 {show_money(question.as_yuan_fen)} 保存",
                                      no="返回修改"):
                self.amount.setFocus()
                return None
            self.amount.set_value(question.as_yuan_fen)
            return replace(award, award_fen=question.as_yuan_fen)
        if not dialogs.ask_yes_no(self, "请核对助推金额", f"{question.text}\n\n仍要保存吗？",
                                  yes="仍然保存", no="返回修改"):
            self.amount.setFocus()
            return None
        return award

    def award(self) -> StudioAward:
        """The award typed; a refusal leaves ``_fault``, the field it is about."""
        self._fault: QLineEdit = self.studio
        if long := first_too_long(self.studio, self.title):  # refused, never cut
            self._fault = long[0]
            raise ValidationError(long[1])
        name = self.studio.value()
        if not name:
            raise ValidationError("请填写工作室名称")
        self._fault = self.year
        year_text = self.year.text().strip()
        # 二（一） bars a studio by an award of an earlier year; this year's awards are
        # the register's own, so a year typed here as this one would bar nothing.
        if not (year_text.isdecimal() and 2000 <= int(year_text) < self.ctx.year):
            raise ValidationError(f"年度应为四位数字且早于 {self.ctx.year}：往年助推只约束以后年度的申报，"
                                  f"{self.ctx.year}年的助推由本登记册评定")
        self._fault = self.amount
        amount = self.amount.value()
        if not amount:
            raise ValidationError("请填写助推金额")
        self._fault = self.accepted_date
        accepted_date = self.accepted_date.value()
        accepted = self.accepted_box.isChecked() or accepted_date is not None
        return StudioAward(name, int(year_text), self.title.value(), amount, accepted,
                           accepted_date)
