"""设置: the operator, the campaign parameters of the year in view, and the seal image.

The plan's numbers live in the campaign, never in code: every one is editable
here and saved through ``Register.save_campaign`` (undoable, audited); next
year's campaign starts as a copy of this one with every date moved a year on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from boostdesk.campaign_settings import (
    PUBLICITY_NOTE,
    QUOTA_NOTE,
    ROUNDING_RULE,
    attachment_changes,
    clause_changes,
    parse_contact,
    parse_industries,
    parse_materials,
    parse_ratio,
    parse_shares,
    parse_tie_steps,
    tie_steps_text,
    tier_from_texts,
    validate_campaign,
)
from boostdesk.models import RegisterError
from boostdesk.models.campaign import (
    ATTACHMENTS,
    CALENDAR_DAYS,
    CITY,
    CLAUSES,
    DAY_UNITS,
    DISTRICT,
    LEVEL_ZH,
    OWN_CHOICE,
    TIE_STEPS,
    WORKING_DAYS,
    Campaign,
    Tier,
)
from boostdesk.models.records import PATENT, PATENT_MATERIALS, PROJECT, PROJECT_MATERIALS
from boostdesk.models.register_campaigns import tie_rule_locked
from boostdesk.money import format_money, format_plain
from boostdesk.plan_change_effects import PlanChangeAsks, PlanEffect
from boostdesk.plan_shares_followed import shares_followed
from boostdesk.validate import ValidationError, parse_amount_fen

from . import dialogs, operations, seal_ui
from .context import AppContext, OpResult
from .copy_rows import copyable
from .export_folder import import_start, remember_import
from .focus_ring import show_focus
from .form_widgets import DateField
from .grid_view import GridView, NamedEditors
from .small_screen import WrapRow
from .style import ERROR_COLOUR, OK_COLOUR, escape, grown, row_height
from .theme import MUTED_COLOUR, themed
from .whole_value_tip import WholeValueTip, show_start

SEAL_LEGACY_SETTING = "print/seal_image"  # this computer's, before the register kept it
FEDERATION_SETTING = "print/federation_name"
Index = QModelIndex | QPersistentModelIndex
class TierModel(QAbstractTableModel):
    """The award tiers, edited in place: name, amount (元), quota, studio level."""

    HEADERS = ("档次", "金额（元）", "名额（原则上）", "工作室级别")

    def __init__(self, tiers: tuple[Tier, ...] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[list[str]] = []
        self.set_tiers(tiers)

    def set_tiers(self, tiers: tuple[Tier, ...]) -> None:
        self.beginResetModel()
        self.rows = [[t.name, format_plain(t.amount_fen), str(t.quota), LEVEL_ZH[t.level]]
                     for t in tiers]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.rows[index.row()][index.column()]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        self.rows[index.row()][index.column()] = str(value).strip()
        self.dataChanged.emit(index, index)
        return True

    def add_tier(self) -> int:
        """A blank tier at the end, to be filled in place; its row."""
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append(["", "", "", LEVEL_ZH[DISTRICT]])
        self.endInsertRows()
        return row

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        """The rows as typed (kept over a reload: SettingsScreen.reload)."""
        self.beginResetModel()
        self.rows = [list(r) for r in rows]
        self.endResetModel()

    def remove_tier(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()

    def tiers(self) -> tuple[Tier, ...]:
        if not self.rows:
            raise ValidationError("项目档次：至少要有一档（“添加档次”）")
        out = [tier_from_texts(i, *row) for i, row in enumerate(self.rows, start=1)]
        return tuple(out)


class SettingsScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("settings_screen")
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self._operator_box())
        layout.addWidget(self._campaign_box())
        layout.addWidget(self._print_box())
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        # not a stop of its own: a screen switch left the keyboard on it, showing no focus
        # (the fields scroll into view as Tab reaches them)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        outer.addWidget(self.campaign_bar)
        QShortcut(QKeySequence.StandardKey.Save, self,  # .connect: see EntryForm's
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut).activated.connect(
            self.save_campaign)
        ctx.year_changed.connect(self._year_changed)
        ctx.changed.connect(self._changed)
        # a long value in a narrow field: its start shown, the value whole as its tooltip
        self._tips = {edit: WholeValueTip(edit) for edit in self.campaign_box.findChildren(QLineEdit)}
        self._loaded: Campaign | None = None  # the plan the fields were filled from
        self._shown: dict[str, Any] = {}  # the fields as filled from it (unsaved_fields)
        self.load()

    def _year_changed(self, _year: int) -> None:
        self.load()  # typing was asked about first (confirm_leave, through ctx.year_guard)

    def _changed(self, kind: str) -> None:
        if kind == "operator":  # confirmed or changed at the day's first start
            self.operator.setText(self.ctx.operator)
        if kind in ("campaign", "all"):
            self.reload()
        if kind in (seal_ui.CHANGED, "all"):  # chosen on 打印, undone, or a restore's
            self._show_seal()

    # -- operator ------------------------------------------------------------------
    def _operator_box(self) -> QGroupBox:
        box = QGroupBox("操作人")
        row = QHBoxLayout(box)
        self.operator = QLineEdit(self.ctx.operator)
        self.operator.setObjectName("operator")
        self.operator.setMaximumWidth(grown(self.operator, 240))
        self.operator.returnPressed.connect(self.save_operator)
        save = QPushButton("保存")
        save.clicked.connect(self.save_operator)
        row.addWidget(QLabel("姓名（记入每一次修改）"))
        row.addWidget(self.operator)
        row.addWidget(save)
        row.addStretch(1)
        return box

    def save_operator(self) -> None:
        from boostdesk.validate import ValidationError

        try:
            name = self.ctx.switch_operator(self.operator.text(), self)
        except ValidationError as exc:
            dialogs.show_error(self, "操作人", exc.message)
            return
        if name is None:
            return
        self.operator.setText(name)
        from boostdesk.models import clock

        from .operator_check import note_day

        note_day(self.ctx.settings, clock.today().isoformat())  # chosen today: not asked again
        self.ctx.notice.emit(f"操作人已改为 {name}")
        self.ctx.changed.emit("all")

    # -- campaign ------------------------------------------------------------------
    def _campaign_box(self) -> QGroupBox:
        self.campaign_box = QGroupBox()
        outer = QVBoxLayout(self.campaign_box)
        self.title = QLineEdit()
        self.issued = DateField()
        self.grant_start = DateField()
        self.grant_end = DateField()
        self.deadline = DateField()
        self.patent_award = QLineEdit()
        self.patent_award.setMaximumWidth(grown(self.patent_award, 180))
        self.patent_split = QLineEdit()
        self.patent_split.setMaximumWidth(grown(self.patent_split, 120))
        self.max_patent_awards = _spin(1, 20, " 次")
        self.city_split = QLineEdit()
        self.city_split.setMaximumWidth(grown(self.city_split, 120))
        self.district_split = QLineEdit()
        self.district_split.setMaximumWidth(grown(self.district_split, 120))
        self.tier_model = TierModel(parent=self)
        self.tier_view = GridView()  # Tab leaves it after the last tier's last cell
        self.tier_view.setAccessibleName("助推档次")
        self.tier_view.setModel(self.tier_model)
        self.tier_view.setItemDelegate(NamedEditors(self.tier_view, lambda row: f"第 {row + 1} 档"))
        copyable(self.tier_view, self.ctx.notice.emit)
        self.tier_view.verticalHeader().setVisible(False)
        self.tier_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tier_view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        tier_row = row_height(self.tier_view, 24)
        self.tier_view.verticalHeader().setDefaultSectionSize(tier_row)
        self.tier_view.setMinimumHeight(tier_row * 4 + 8)
        self.tier_view.setMaximumHeight(tier_row * 6 + 8)
        self.cap = _spin(1, 100, "%")
        self.approval_year = _spin(2000, 2100)
        self.completion_years = _spin(1, 10, " 年")
        self.latest_completion = DateField()
        self.max_apps = _spin(1, 20, " 项")
        self.max_awards = _spin(1, 20, " 项")
        self.shares = QLineEdit()
        self.shares.setMaximumWidth(grown(self.shares, 120))
        self.patent_months = _spin(1, 24, " 个月")
        self.first_months = _spin(1, 24, " 个月")
        # 二（四）4 sets the rest no term: the office's own, past which it is 已逾期
        self.final_months = _spin(1, 24, " 个月")
        self.final_months.setObjectName("final_tranche_months")
        self.final_months.setToolTip("方案只写“验收后拨付余款”，未定时限：本办自定；"
                                     "验收后超过这些月仍未拨付的尾款列为已逾期")
        self.publicity_days = _spin(1, 60, " 天")
        self.publicity_days.setObjectName("publicity_days")
        # the plan may say 7 个工作日: the days counted as the year's plan counts them
        self.publicity_unit = QComboBox()
        self.publicity_unit.setObjectName("publicity_day_unit")
        self.publicity_unit.setMaximumWidth(grown(self.publicity_unit, 140))
        for unit, words in DAY_UNITS.items():
            self.publicity_unit.addItem(words, unit)
        self.publicity_unit.currentIndexChanged.connect(self._publicity_suffix)
        tip = (f"{PUBLICITY_NOTE}：本办自定；自然日按日历日计，工作日按周一至周五计（法定节假日"
               "和调休本程序不知道，开始公示时请核对），首尾两日都算；“开始公示”时结束日期按此"
               "填好，不得早于此")
        self.publicity_days.setToolTip(tip)
        self.publicity_unit.setToolTip(tip)
        # equal scores: the plan states no rule; the year's steps, the register number last
        self.tie_steps = QLineEdit()
        self.tie_steps.setObjectName("tie_break")
        self.tie_steps.setToolTip(
            "得分相同时依次比较的步骤，用、分开，最后一步为登记号。可选："
            + "；".join(f"{short}（{words}）" for words, short in TIE_STEPS.values())
            + "。方案未规定同分规则；档次分界处仅按报送日期或登记号定下的，采纳时须写明理由")
        self.tie_steps_tip = self.tie_steps.toolTip()
        # greyed once a list of the year is published: why, in words beside it
        self.tie_locked = QLabel()
        self.tie_locked.setObjectName("tie_break_locked")
        self.tie_locked.setWordWrap(True)
        self.tie_locked.setVisible(False)
        # a greyed field is skipped by Tab: the reason is a stop of its own, read aloud
        self.tie_locked.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.tie_locked.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # after the flags: they reset it
        show_focus(self.tie_locked)  # where the keyboard is, seen on a label too
        # PIPL Art. 47: the office's own retention of unfunded applicants' personal data
        self.retention_years = _spin(1, 30, " 年")
        self.retention_years.setObjectName("personal_info_retention_years")
        self.retention_years.setToolTip(
            "本年度资格审核不通过、撤回、未获助推或已删除的申报，其申报人的身份证号、卡号、"
            "电话、姓名在年度结束后保存这些年，期满可在“单位与人员 → 人员”中删除个人信息"
            "（本办自定，方案未规定）")
        # 核对意见: the reply-by date printed (核对日期 + days; 0 none) and whom to ask
        self.notice_reply_days = _spin(0, 90, " 天")
        self.notice_reply_days.setSpecialValueText("不写")
        self.notice_reply_days.setToolTip("核对意见上印“请于（核对日期后这些天）前回复”；0 为不写")
        self.notice_reply_days.setObjectName("notice_reply_days")
        self.notice_contact = QLineEdit()
        self.notice_contact.setObjectName("notice_contact")
        self.notice_contact.setPlaceholderText("如 高珊 83570885（印在核对意见上）")
        self.notice_email = QLineEdit()
        self.notice_email.setObjectName("notice_email")
        self.notice_email.setPlaceholderText("电子邮箱，印在核对意见上")
        # 三、相关要求: 纸质版材料报送至… — named wherever a paper's missing items are asked for
        self.paper_address = QLineEdit()
        self.paper_address.setObjectName("paper_address")
        self.paper_address.setPlaceholderText("如 北京市职工技术协会（地址）")
        self.paper_address.setToolTip("方案“相关要求”中纸质版材料的报送单位及地址；详情、核对意见和"
                                      "办理进度告知单要求补报申报表、盖章等纸质材料时写明报送至此")
        self.industries = QLineEdit()
        self.extra_patent_materials = QLineEdit()
        self.extra_patent_materials.setPlaceholderText("无（申报表、专利证书复印件等已在清单中）")
        self.extra_project_materials = QLineEdit()
        self.extra_project_materials.setPlaceholderText("无（申报书、企业立项文件等已在清单中）")
        head = QFormLayout()
        head.addRow("计划名称", self.title)
        head.addRow("重点产业领域（用、分开）", self.industries)
        head.addRow("专利申报另需材料（用、分开）", self.extra_patent_materials)
        head.addRow("项目申报另需材料（用、分开）", self.extra_project_materials)
        head.addRow(f"同分规则{OWN_CHOICE}", self.tie_steps)
        head.addRow("", self.tie_locked)
        # 2022's checklist items a re-issued plan no longer asks for (the form itself stays)
        self.omitted: dict[str, dict[str, QCheckBox]] = {}
        for stream, base, label in ((PATENT, PATENT_MATERIALS, "专利申报不再要求"),
                                    (PROJECT, PROJECT_MATERIALS, "项目申报不再要求")):
            row = WrapRow()  # at 150 %: the fourth box on a second line, not past the edge
            self.omitted[stream] = {}
            for key, name in base.items():
                if key != "form":
                    box = self.omitted[stream][key] = QCheckBox(name)
                    box.setObjectName(f"omit_{stream}_{key}")
                    # the item alone was heard twice (所在单位工会盖章): say whose list
                    box.setAccessibleName(f"{label}：{name}")
                    row.addWidget(box)
            row.addStretch(1)
            head.addRow(label, row)
        contact = WrapRow()  # at 150 %: 邮箱 and 回复期限 on a line of their own
        contact.addWidget(self.notice_contact, 2)
        contact.addWidget(QLabel("邮箱"))
        contact.addWidget(self.notice_email, 1)
        contact.addWidget(QLabel("回复期限"))
        contact.addWidget(self.notice_reply_days)
        head.addRow("核对意见联系人及电话", contact)
        head.addRow("纸质材料报送单位及地址", self.paper_address)
        # a row of several fields has no buddy: a screen reader fell back to the box's title
        self.notice_contact.setAccessibleName("核对意见联系人及电话")
        self.notice_email.setAccessibleName("核对意见邮箱")
        self.notice_reply_days.setAccessibleName("核对意见回复期限")
        outer.addLayout(head)
        # side by side, or (at 150 %, 1366×768) the right one under the left: the screen
        # scrolled sideways to reach it
        columns = WrapRow()
        outer.addLayout(columns)
        left: list[tuple[str, QWidget]] = [
            ("印发日期", self.issued), ("报送截止日（含当日）", self.deadline),
            ("专利授权期间 自", self.grant_start), ("　至", self.grant_end),
            ("每项专利助推金额（元）", self.patent_award),
            ("专利 市总 : 推荐工会", self.patent_split),
            ("每人每年最多享受专利助推", self.max_patent_awards),
            ("专利核准后拨付期限", self.patent_months),
            (f"公示天数{OWN_CHOICE}", self.publicity_days),
            ("公示期计日方式", self.publicity_unit),
            ("公示期满后首笔拨付期限", self.first_months),
            (f"验收后尾款拨付期限{OWN_CHOICE}", self.final_months),
            ("项目分期拨付比例（%）", self.shares),
            # two lines: on one it was the page's widest label (45 px of sideways scroll at 16 pt)
            (f"未获助推、不合格、撤回申报人\n个人信息保存年限{OWN_CHOICE}", self.retention_years),
        ]
        tiers = QWidget()
        tier_box = QVBoxLayout(tiers)
        tier_box.setContentsMargins(0, 0, 0, 0)
        tier_box.addWidget(self.tier_view)
        tier_buttons = QHBoxLayout()
        self.add_tier_button = QPushButton("添加档次")
        self.add_tier_button.clicked.connect(self.add_tier)
        self.remove_tier_button = QPushButton("删除所选档次")
        self.remove_tier_button.clicked.connect(self.remove_tier)
        tier_buttons.addWidget(self.add_tier_button)
        tier_buttons.addWidget(self.remove_tier_button)
        tier_buttons.addStretch(1)
        tier_box.addLayout(tier_buttons)
        right: list[tuple[str, QWidget]] = [
            ("市级工作室 市总 : 推荐工会", self.city_split),
            ("区/局/集团级 市总 : 推荐工会", self.district_split),
            ("助推资金不超过项目总投入的", self.cap),
            ("立项年度", self.approval_year), ("立项后完成年限", self.completion_years),
            ("最晚结题日期", self.latest_completion),
            ("每个工作室最多申报", self.max_apps), ("每个工作室最多获助推", self.max_awards),
        ]
        for rows in (left, right):
            column = QWidget()
            form = QFormLayout(column)
            form.setContentsMargins(0, 0, 0, 0)
            for label, widget in rows:
                form.addRow(label, widget)
            columns.addWidget(column, 1)
        # under the splits and shares: how they become whole fen (the lists' 含尾差)
        self.rounding_rule = QLabel(f"<span style='color:{themed(MUTED_COLOUR)}'>"
                                    f"{escape(ROUNDING_RULE)}</span>")
        self.rounding_rule.setObjectName("rounding_rule")
        self.rounding_rule.setWordWrap(True)
        outer.addWidget(self.rounding_rule)
        # The whole width under both columns: beside them, half a small screen cut the
        # tiers' amounts and levels to “100…” and “区/…”.
        # 二（三）原则上 … 项: the program holds the quotas as caps, said under the tiers
        self.quota_note = QLabel(f"<span style='color:{themed(MUTED_COLOUR)}'>"
                                 f"名额：{escape(QUOTA_NOTE)}</span>")
        self.quota_note.setObjectName("quota_note")
        self.quota_note.setWordWrap(True)
        tier_box.addWidget(self.quota_note)
        tier_form = QFormLayout()
        tier_form.addRow("项目档次", tiers)
        outer.addLayout(tier_form)
        outer.addWidget(self._clauses_box())
        buttons = QHBoxLayout()
        save = QPushButton("保存本年度计划（Ctrl+S）")
        save.setObjectName("save_campaign")
        save.clicked.connect(self.save_campaign)
        # Alt+N: after the plan's fields and clauses it was the 77th stop of Tab
        new = QPushButton("按本年度新建下一年度(&N)…")
        new.setObjectName("new_campaign")
        new.clicked.connect(self.new_campaign)
        if self.ctx.read_only:  # the plan is the register's (the operator is not)
            for button in (save, new):
                button.setEnabled(False)
                button.setToolTip(self._read_only_text())
        self.campaign_message = QLabel()
        self.campaign_message.setWordWrap(True)
        buttons.addWidget(save)
        buttons.addWidget(new)
        buttons.addWidget(self.campaign_message, 1)
        # Under the scroll area, not in the box: on a small laptop the box runs below the
        # fold and the button with it (see __init__).
        self.campaign_bar = QWidget()
        self.campaign_bar.setLayout(buttons)
        return self.campaign_box

    def _clauses_box(self) -> QGroupBox:
        """The clause numbers the findings and the approval sheets cite: a re-issued plan
        may renumber a clause (a condition split in two, a part inserted)."""
        # the title short, what it is for wrapped under it: at 16 pt on a 960-wide screen the
        # whole sentence as the title held the page 1,028 px wide, its fields past the edge
        box = QGroupBox("方案条款和附件编号")
        inside = QVBoxLayout(box)
        why = QLabel("核对意见、审批表和申报表引用；新方案改了编号时照新方案填写")
        why.setObjectName("clauses_note")
        why.setWordWrap(True)
        inside.addWidget(why)
        columns = WrapRow()  # the projects' column under the patents' where it is narrower
        inside.addLayout(columns)
        self.clause_fields: dict[str, QLineEdit] = {}
        self.attachment_fields: dict[str, QLineEdit] = {}
        forms = (QFormLayout(), QFormLayout())
        for key, (default, what) in CLAUSES.items():  # the patent stream left, projects right
            edit = QLineEdit()
            edit.setObjectName(f"clause_{key}")
            edit.setPlaceholderText(default)
            edit.setMaximumWidth(grown(edit, 140))
            edit.setToolTip(f"2022 年方案为 {default}；留空即用 {default}")
            self.clause_fields[key] = edit
            forms[key.startswith("project_")].addRow(what, edit)
        for key, (default, what) in ATTACHMENTS.items():  # the forms' and tables' numbers
            edit = QLineEdit()
            edit.setObjectName(f"attachment_{key}")
            edit.setPlaceholderText(default)
            edit.setMaximumWidth(grown(edit, 140))
            edit.setToolTip(f"方案“附件”中{what}的编号，申报表标题、空白汇总表和提示照此称呼；"
                            f"2022 年方案为 {default}，留空即用 {default}")
            self.attachment_fields[key] = edit
            forms[key.startswith("project_")].addRow(f"附件编号：{what}", edit)
        for form in forms:
            column = QWidget()
            column.setLayout(form)
            form.setContentsMargins(0, 0, 0, 0)
            columns.addWidget(column, 1)
        return box

    def _lock_tie_steps(self, year: int) -> None:
        """同分规则 greyed with the reason once a list of the year is published (saving
        refuses the change then: register_campaigns.tie_rule_locked)."""
        reg = self.ctx.reg
        why = tie_rule_locked(reg.conn, reg.campaign_id(year), year)
        self.tie_steps.setEnabled(not why)
        self._tip_of(self.tie_steps, why or self.tie_steps_tip)
        self.tie_locked.setText(f"（灰色）{why}" if why else "")
        self.tie_locked.setAccessibleName(f"同分规则不能修改：{why}" if why else "")
        if self.tie_locked.isVisibleTo(self) != bool(why):
            self.tie_locked.setVisible(bool(why))
            # laid out now: until the next event the hidden reason's rows stayed a gap
            # above 专利申报不再要求 (a new year made from a published one, then saved)
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    # -- typed and not saved -------------------------------------------------------
    def _watched(self) -> list[tuple[str, Any]]:
        """The plan's fields, by the label a question names them with."""
        fields: list[tuple[str, Any]] = [
            ("计划名称", self.title), ("重点产业领域", self.industries),
            ("专利申报另需材料", self.extra_patent_materials),
            ("项目申报另需材料", self.extra_project_materials), ("同分规则", self.tie_steps),
            ("核对意见联系人及电话", self.notice_contact), ("核对意见邮箱", self.notice_email),
            ("核对意见回复期限", self.notice_reply_days),
            ("纸质材料报送单位及地址", self.paper_address),
            ("印发日期", self.issued), ("报送截止日", self.deadline),
            ("专利授权期间起", self.grant_start), ("专利授权期间止", self.grant_end),
            ("每项专利助推金额", self.patent_award), ("专利分担比例", self.patent_split),
            ("每人每年最多享受专利助推", self.max_patent_awards),
            ("专利核准后拨付期限", self.patent_months), ("公示天数", self.publicity_days),
            ("公示期计日方式", self.publicity_unit), ("公示期满后首笔拨付期限", self.first_months),
            ("验收后尾款拨付期限", self.final_months), ("项目分期拨付比例", self.shares),
            ("个人信息保存年限", self.retention_years),
            ("市级工作室分担比例", self.city_split), ("区/局/集团级工作室分担比例", self.district_split),
            ("助推资金上限", self.cap), ("立项年度", self.approval_year),
            ("立项后完成年限", self.completion_years), ("最晚结题日期", self.latest_completion),
            ("每个工作室最多申报", self.max_apps), ("每个工作室最多获助推", self.max_awards),
            ("项目档次", self.tier_model)]
        for stream, boxes in self.omitted.items():
            what = "专利申报不再要求" if stream == PATENT else "项目申报不再要求"
            fields += [(f"{what}：{box.text()}", box) for box in boxes.values()]
        fields += [(f"条款编号（{CLAUSES[key][1]}）", edit) for key, edit in self.clause_fields.items()]
        fields += [(f"附件编号（{ATTACHMENTS[key][1]}）", edit)
                   for key, edit in self.attachment_fields.items()]
        return fields

    def _field_state(self) -> dict[str, Any]:
        return {label: _value_of(field) for label, field in self._watched()}

    def unsaved_fields(self) -> list[str]:
        """The plan's fields typed and not saved (none when what they say is the plan stored,
        or the register is read-only: nothing there can be saved)."""
        if self.ctx.read_only:
            return []
        now = self._field_state()
        typed = [label for label, value in now.items() if self._shown.get(label) != value]
        if typed:
            try:
                if self.edited_campaign() == self.ctx.campaign():  # 3000 typed for 3,000.00
                    return []
            except (ValidationError, RegisterError):  # half typed: kept, asked about
                pass
        return typed

    def confirm_leave(self, doing: str, verb: str) -> bool:
        """Before ``doing`` (切换到 2022 年度, 退出, 从备份恢复) fills the fields anew: the
        plan typed and not saved asked about as a paper form's typing is at Ctrl+Q —
        保存并… (Enter), 放弃并… (Alt+N, off the Tab path), 返回修改 (Esc, the title bar's
        ×): the typing kept and ``doing`` not done. True when ``doing`` may go on."""
        self._close_tier_editor()  # a tier cell being typed counts as typed
        typed = self.unsaved_fields()
        if not typed:
            return True
        year = self._loaded.year if self._loaded is not None else self.ctx.year
        named = "、".join(typed[:5]) + ("等" if len(typed) > 5 else "")
        answer = dialogs.ask_or_back(
            self, f"{verb}前保存？",
            f"设置中 {year} 年度计划已填写的内容（{named}）尚未保存。保存后{doing}，"
            f"还是放弃这些内容并{doing}？", yes=f"保存并{verb}", no=f"放弃并{verb}")
        if answer is None:
            self._message(f"未{verb}：{year} 年度计划已填写的内容仍在，尚未保存", ok=False)
            return False
        if answer is False:
            self.load()  # thrown away, as chosen: the plan stored shown again
            return True
        if not self.save_campaign():  # refused or not agreed: said beside the fields
            return False
        if self.ctx.busy:  # saving in the background: done once it has ended
            self._message(f"正在保存 {year} 年度计划；保存完成后请再{verb}", ok=False)
            return False
        return True

    def confirm_close(self) -> bool:
        """The main window asks before it closes (its _may_close)."""
        return self.confirm_leave("退出", "退出")

    def reload(self) -> None:
        """The register changed (a save here, Ctrl+Z, another screen's write, another
        window's): the fields filled anew from it, those typed and not saved kept as typed
        over it and said so."""
        before = self._loaded
        self._close_tier_editor()
        typed = self.unsaved_fields()
        if not typed:
            self.load()
            return
        state = self._field_state()
        self.load()
        for label, field in self._watched():
            if label in typed:
                _set_value(field, state[label])
        self._show_starts()
        if self._loaded != before:
            self._message("计划已在别处修改，已按登记册重新显示；此处已填写的内容（"
                          + "、".join(typed[:5]) + ("等" if len(typed) > 5 else "")
                          + "）仍保留，尚未保存", ok=False)

    def load(self) -> None:
        self._close_tier_editor()
        try:
            c = self.ctx.campaign()
        except Exception as exc:  # noqa: BLE001
            self.campaign_box.setTitle("年度助推计划")
            self.campaign_message.setText(escape(exc))
            self._loaded, self._shown = None, self._field_state()
            return
        self.campaign_box.setTitle(f"{c.year} 年度助推计划（规则参数）")
        self.title.setText(c.title)
        self.federation.setPlaceholderText(c.federation)  # the year's, unless one is typed
        self._show_federation(c)
        self.issued.set_value(c.issued_date)
        self.grant_start.set_value(c.grant_window_start)
        self.grant_end.set_value(c.grant_window_end)
        self.deadline.set_value(c.submission_deadline)
        self.patent_award.setText(format_plain(c.patent_award_fen))
        self.patent_split.setText(f"{c.patent_split[0]}:{c.patent_split[1]}")
        self.max_patent_awards.setValue(c.max_patent_awards_per_person)
        self._close_tier_editor()
        self.tier_model.set_tiers(c.tiers)
        city, district = c.project_split.get(CITY, (1, 1)), c.project_split.get(DISTRICT, (1, 2))
        self.city_split.setText(f"{city[0]}:{city[1]}")
        self.district_split.setText(f"{district[0]}:{district[1]}")
        self.cap.setValue(c.budget_cap_percent)
        self.approval_year.setValue(c.approval_year)
        self.completion_years.setValue(c.completion_years)
        self.latest_completion.set_value(c.latest_completion)
        self.max_apps.setValue(c.max_applications_per_studio)
        self.max_awards.setValue(c.max_awards_per_studio)
        self.shares.setText(",".join(str(s) for s in c.tranche_shares))
        self.patent_months.setValue(c.patent_payment_months)
        self.first_months.setValue(c.first_tranche_months)
        self.final_months.setValue(c.final_tranche_months)
        self.publicity_days.setValue(c.publicity_days)
        self.publicity_unit.setCurrentIndex(max(self.publicity_unit.findData(c.publicity_day_unit), 0))
        self.notice_reply_days.setValue(c.notice_reply_days)
        self.retention_years.setValue(c.personal_info_retention_years)
        self.notice_contact.setText(c.notice_contact)
        self.notice_email.setText(c.notice_email)
        self.paper_address.setText(c.paper_address)
        self.industries.setText("、".join(c.priority_industries))
        self.tie_steps.setText(tie_steps_text(c.tie_break_steps))
        self._lock_tie_steps(c.year)
        self.extra_patent_materials.setText("、".join(c.extra_patent_materials))
        self.extra_project_materials.setText("、".join(c.extra_project_materials))
        for stream, omitted in ((PATENT, c.omitted_patent_materials),
                                (PROJECT, c.omitted_project_materials)):
            for key, box in self.omitted[stream].items():
                box.setChecked(key in omitted)
        for key, edit in self.clause_fields.items():
            edit.setText(c.clause_number(key))
        for key, edit in self.attachment_fields.items():
            edit.setText(c.attachment(key))
        self.campaign_message.clear()
        self._show_starts()
        self._loaded, self._shown = c, self._field_state()

    def _show_starts(self) -> None:
        """Each field's value from its start (setText leaves the end in view: at 800 px
        the contact read 「8570885、李梦遥 83570883」)."""
        for edit in self.campaign_box.findChildren(QLineEdit):
            show_start(edit)

    def _tip_of(self, edit: QLineEdit, tip: str) -> None:
        """``edit``'s own tooltip (the value whole joins it while the field cuts it)."""
        helper = getattr(self, "_tips", {}).get(edit)
        if helper is None:  # before the helpers are made (load from __init__)
            edit.setToolTip(tip)
        else:
            helper.set_base(tip)

    def edited_campaign(self) -> Campaign:
        """The campaign as the fields now say; ValidationError names the field at fault."""
        c = self.ctx.campaign()

        def day(field: DateField, label: str) -> Any:
            try:
                value = field.value()
            except ValidationError as exc:
                raise ValidationError(f"{label}：{exc.message}") from None
            if value is None:
                raise ValidationError(f"请填写{label}")
            return value

        start, end = day(self.grant_start, "专利授权期间起"), day(self.grant_end, "专利授权期间止")
        if start > end:
            raise ValidationError("专利授权期间的起日晚于止日")
        try:
            award = parse_amount_fen(self.patent_award.text())
        except ValidationError as exc:
            raise ValidationError(f"每项专利助推金额：{exc.message}") from None
        if not self.title.text().strip():
            raise ValidationError("请填写计划名称")
        industries = parse_industries(self.industries.text())
        try:
            tie_steps = parse_tie_steps(self.tie_steps.text())
        except ValidationError as exc:
            raise ValidationError(f"同分规则：{exc.message}") from None
        try:
            email = parse_contact(self.notice_email.text(), email=True)
        except ValidationError as exc:
            raise ValidationError(f"核对意见联系邮箱：{exc.message}") from None
        extras = {}
        for stream, edit, label in (
                (PATENT, self.extra_patent_materials, "专利申报另需材料"),
                (PROJECT, self.extra_project_materials, "项目申报另需材料")):
            try:
                extras[f"extra_{stream}_materials"] = parse_materials(edit.text(), stream)
            except ValidationError as exc:
                raise ValidationError(f"{label}：{exc.message}") from None
            extras[f"omitted_{stream}_materials"] = tuple(
                key for key, box in self.omitted[stream].items() if box.isChecked())
        numbers = {}
        for key, edit in self.clause_fields.items():
            try:
                numbers[key] = clause_changes(c, {key: edit.text()}).get(key, "")
            except ValidationError as exc:
                raise ValidationError(f"条款编号（{CLAUSES[key][1]}）：{exc.message}") from None
        try:
            attachments = attachment_changes(
                c, {key: edit.text() for key, edit in self.attachment_fields.items()})
        except ValidationError as exc:
            raise ValidationError(f"附件编号：{exc.message}") from None
        return validate_campaign(c.with_changes(
            **extras, clauses={k: v for k, v in numbers.items() if v}, attachments=attachments,
            title=self.title.text().strip(), issued_date=day(self.issued, "印发日期"),
            grant_window_start=start, grant_window_end=end,
            submission_deadline=day(self.deadline, "报送截止日"),
            patent_award_fen=award,
            patent_split=parse_ratio(self.patent_split.text(), "专利分担比例"),
            max_patent_awards_per_person=self.max_patent_awards.value(),
            tiers=self.tier_model.tiers(),
            project_split={CITY: parse_ratio(self.city_split.text(), "市级工作室分担比例"),
                           DISTRICT: parse_ratio(self.district_split.text(),
                                                 "区/局/集团级工作室分担比例")},
            budget_cap_percent=self.cap.value(), approval_year=self.approval_year.value(),
            completion_years=self.completion_years.value(),
            latest_completion=day(self.latest_completion, "最晚结题日期"),
            max_applications_per_studio=self.max_apps.value(),
            max_awards_per_studio=self.max_awards.value(),
            tranche_shares=parse_shares(self.shares.text()),
            patent_payment_months=self.patent_months.value(),
            first_tranche_months=self.first_months.value(),
            final_tranche_months=self.final_months.value(),
            publicity_days=self.publicity_days.value(),
            publicity_day_unit=self.publicity_unit.currentData() or CALENDAR_DAYS,
            priority_industries=industries,
            notice_reply_days=self.notice_reply_days.value(),
            personal_info_retention_years=self.retention_years.value(),
            notice_contact=parse_contact(self.notice_contact.text()), notice_email=email,
            paper_address=" ".join(self.paper_address.text().split()),
            tie_break_steps=tie_steps,
        ))

    def _publicity_suffix(self) -> None:
        working = self.publicity_unit.currentData() == WORKING_DAYS
        self.publicity_days.setSuffix(" 个工作日" if working else " 天")

    def add_tier(self) -> None:
        """A new tier row, its name cell open for typing (saved with 保存)."""
        index = self.tier_model.index(self.tier_model.add_tier(), 0)
        self.tier_view.setCurrentIndex(index)
        self.tier_view.setFocus()
        self.tier_view.edit(index)

    def remove_tier(self) -> None:
        """The tier of the current cell goes (saved with 保存)."""
        index = self.tier_view.currentIndex()
        if index.isValid():
            self._close_tier_editor()
            self.tier_model.remove_tier(index.row())

    def _close_tier_editor(self) -> None:
        # Moving the current cell away commits and closes an open editor; a row removed or
        # a model reset under an open editor crashes PySide6 later, when the view is deleted.
        self.tier_view.setCurrentIndex(QModelIndex())

    def _read_only_text(self) -> str:
        return getattr(self.ctx.reg, "read_only_message", "登记册只读")

    def save_campaign(self) -> bool:
        if self.ctx.read_only:  # Ctrl+S: said before the form is read and the year asked
            self._message(self._read_only_text(), ok=False)
            return False
        try:
            campaign = self.edited_campaign()
        except ValidationError as exc:
            self._message(exc.message, ok=False)
            return False
        if campaign == self.ctx.campaign():
            self._message("没有改动", ok=True)
            return True
        if not self._confirm_earlier_year(campaign.year):
            self._message(f"未保存：{campaign.year} 年度计划未改动", ok=False)
            return False
        if not self._confirm_window(campaign):
            self._message(f"未保存：{campaign.year} 年度计划未改动（专利授权期间请核对后改正）",
                          ok=False)
            self.grant_start.setFocus()
            return False
        if not self._confirm_issue_date(campaign):
            self._message(f"未保存：{campaign.year} 年度计划未改动（印发日期请核对后改正）", ok=False)
            self.issued.setFocus()
            return False
        if not self._confirm_deadline(campaign):
            self._message(f"未保存：{campaign.year} 年度计划未改动（报送截止日请核对后改正）",
                          ok=False)
            self.deadline.setFocus()
            return False
        if not self._confirm_amounts(campaign):
            self._message(f"未保存：{campaign.year} 年度计划未改动（金额请核对后改正）", ok=False)
            return False
        return self._save(campaign)

    def _confirm_amounts(self, campaign: Campaign) -> bool:
        """An award typed a unit off (3万 for 3000元, 10 under a tier named 10万元): asked,
        返回修改 the default (a re-issued plan may raise an award that much)."""
        from boostdesk.plan_amounts import doubt_question, register_doubts

        doubts = register_doubts(self.ctx.reg, self.ctx.campaign(), campaign)
        if not doubts:
            return True
        return dialogs.ask_yes_no(
            self, "金额请核对", f"{doubt_question(campaign.year, doubts)}\n\n仍然保存吗？",
            yes="仍然保存", no="返回修改", guarded=True)

    def _confirm_window(self, campaign: Campaign) -> bool:
        """A grant window moved to overlap another year's or to leave days between it and
        the year before or after: asked, 返回修改 the default (the plan's text may say so)."""
        from boostdesk.grant_window_neighbours import (
            OVERLAP,
            changed_window_clashes,
            clash_question,
        )

        clashes = changed_window_clashes(self.ctx.reg, self.ctx.campaign(), campaign)
        if not clashes:
            return True
        overlap = any(c.kind == OVERLAP for c in clashes)
        return dialogs.ask_yes_no(
            self, "专利授权期间与其他年度重叠" if overlap else "专利授权期间与相邻年度不衔接",
            f"{clash_question(campaign.year, clashes)}\n\n仍然保存吗？",
            yes="仍然保存", no="返回修改", guarded=True)

    def _confirm_issue_date(self, campaign: Campaign) -> bool:
        """A 印发日期 moved later than receipts or decisions already dated: asked, 返回修改
        the default (those days would read as before the plan, refused when typed again)."""
        from boostdesk.plan_issue_date import issue_date_move

        move = issue_date_move(self.ctx.reg, self.ctx.campaign(), campaign)
        if move is None:
            return True
        return dialogs.ask_yes_no(
            self, "印发日期晚于已登记的日期", f"{move.question()}\n\n仍然保存吗？",
            yes="仍然保存", no="返回修改", guarded=True)

    def _confirm_deadline(self, campaign: Campaign) -> bool:
        """A 报送截止日 moved before 收件日期 already held: asked, 返回修改 the default (papers
        received in time would turn 逾期报送, for the reviewer's decision)."""
        from boostdesk.plan_deadline import deadline_move

        move = deadline_move(self.ctx.reg, self.ctx.campaign(), campaign)
        if move is None:
            return True
        return dialogs.ask_yes_no(
            self, "报送截止日早于已登记的收件日期", f"{move.question()}\n\n仍然保存吗？",
            yes="仍然保存", no="返回修改", guarded=True)

    def _save(self, campaign: Campaign, agreed: PlanEffect | None = None) -> bool:
        """Saved (in the background for a large year); a change that turns approved or paid
        papers 不合格 or holds their money is rolled back and asked about first
        (:meth:`_ask_effect`), then saved again with the answer."""
        before = self.ctx.campaign()
        followed = (len(self.ctx.reg.approved_patents_at(campaign.year, before.patent_award_fen))
                    if campaign.patent_award_fen != before.patent_award_fen else 0)
        shares = shares_followed(self.ctx.reg, before, campaign)
        self._saved = False  # set by _campaign_saved: saved, at once or once asked
        result = operations.save_campaign(
            self.ctx, campaign, agreed=agreed,
            on_done=lambda done: self._campaign_saved(campaign, done, followed, shares))
        return result is None or self._saved  # None: saving in the background

    def _confirm_earlier_year(self, year: int) -> bool:
        # The year in view stays where it was left (on last year's plan after paying its
        # second tranche): a change meant for the new plan would re-judge last year's.
        newest = max(self.ctx.reg.campaign_years(), default=year)
        if year >= newest:
            return True
        return dialogs.ask_yes_no(
            self, "修改往年计划",
            f"正在修改的是 {year} 年度的计划，不是最新的 {newest} 年度。{year} 年度的全部申报"
            f"将按修改后的参数重新核对。要修改 {newest} 年度，请先在工具栏“年度”中选 {newest} 年度。"
            f"\n\n仍然修改 {year} 年度吗？", yes=f"修改 {year} 年度", no="取消",
        )

    def _campaign_saved(self, campaign: Campaign, result: OpResult, followed: int = 0,
                        shares: Sequence[str] = ()) -> None:
        if isinstance(result.question, PlanChangeAsks):  # rolled back: asked, saved again
            self._ask_effect(campaign, result.question.effect)
        elif result.ok:
            self._saved = True
            # Register.save_campaign: approved, unpaid patents take the corrected award.
            award = (f"；已核准尚未拨付的 {followed} 项专利，助推金额随之改为 "
                     f"{format_money(campaign.patent_award_fen)}（审批表请重新打印）"
                     if followed else "") + "".join(f"；{line}" for line in shares)
            effect = result.value if isinstance(result.value, PlanEffect) else None
            rejudged = [x for x in effect.lines() if x != effect.sealed_line()] if effect else []
            self._message(f"已保存 {campaign.year} 年度计划，并按新参数重新核对了全部申报{award}"
                          + (f"；按新参数{'改判' if effect and (effect.refused or effect.held) else '改变'}："
                             f"{'；'.join(rejudged)}" if rejudged else "")
                          + (f"；{effect.sealed_line()}（已记入修改记录）"
                             if effect and effect.sealed else ""),
                          ok=not effect)
        elif result.cancelled:
            self._message("已取消保存，计划未改动", ok=False)
        elif result.error:  # refused (a split changed after payments): said beside the form too
            self._message(result.error, ok=False)

    def _ask_effect(self, campaign: Campaign, effect: PlanEffect) -> None:
        """What the change does to approved and paid papers, asked before it is stored;
        Enter and Esc go back to the form (返回修改), nothing saved."""
        harm = bool(effect.refused or effect.held)
        published = "已公示、" if any(r.publicized for r in effect.ranked) else ""
        todo = ("保存后按“拨付”中暂缓拨付、应追回各项的提示办理" if harm
                else "保存后核对这些申报，排名改变的报请研究" if effect.rejudged else "")
        if effect.sealed:  # a signed sheet's amounts: the originals handed round are void
            todo += ("；" if todo else "保存后") + "重新打印这些审批表（页脚注明“重新打印（内容已变更）”），收回作废的原件"
        if dialogs.ask_yes_no(
                self, "修改计划将改判已核准的申报" if harm
                else f"修改计划将改变{published}已核准申报的核对结论或排名" if effect.rejudged
                else "修改计划将改变已签发的审批表",
                f"{effect.question}\n\n参数有误的，请返回修改；确需按新参数修改的（如方案原文如此），"
                f"{todo}。", yes="仍然保存", no="返回修改",
                details=effect.details(), guarded=True):
            self._save(campaign, effect)
        else:
            self._message(f"未保存：{campaign.year} 年度计划未改动（" + "；".join(effect.lines())
                          + "）", ok=False)

    def new_campaign(self) -> bool:
        """按本年度新建下一年度…: the new year (the newest + 1 offered, any the register
        has not) and the plan it copies (the newest offered), asked in one dialog, as
        ``campaign new --year 2024 --from 2022`` takes them."""
        from boostdesk.campaign_settings import contacts_kept, new_year_terms
        from boostdesk.grant_window_neighbours import clash_question, register_clashes

        from .new_year_dialog import ask_new_year

        if self.ctx.read_only:
            self._message(self._read_only_text(), ok=False)
            return False
        # the new year copies the plan stored: what is typed here is saved first, or not
        if not self.confirm_leave("新建下一年度", "新建"):
            return False
        years = self.ctx.reg.campaign_years()
        chosen = ask_new_year(self, years, max(years),
                              lambda source, year: new_year_terms(self.ctx.reg.campaign(source), year))
        if chosen is None:
            return False
        year, source = chosen
        if not operations.new_year(self.ctx, year, source).ok:
            return False
        self.ctx.set_year(year)
        made = self.ctx.reg.campaign(year)
        kept = contacts_kept(self.ctx.reg.campaign(source), made, "请在上方“核对意见联系人及电话”中改")
        clashes = register_clashes(self.ctx.reg, year, made.grant_window_start,
                                   made.grant_window_end)
        self._message(f"已新建 {year} 年度（按 {source} 年度计划），请核对各项参数"
                      + (f"；{kept}" if kept else "")
                      + ("；注意：" + clash_question(year, clashes, "方案原文不是如此的，请改正")
                         if clashes else ""), ok=not clashes)
        return True

    def _message(self, text: str, ok: bool) -> None:
        colour = OK_COLOUR if ok else ERROR_COLOUR
        self.campaign_message.setText(f"<span style='color:{themed(colour)}'>{escape(text)}</span>")

    # -- printing ------------------------------------------------------------------
    def _print_box(self) -> QGroupBox:
        box = QGroupBox("打印")
        form = QFormLayout(box)
        seal_row = QHBoxLayout()
        self.seal = QLineEdit()
        self.seal.setObjectName("seal_image")
        self.seal.setReadOnly(True)
        self.seal.setPlaceholderText("未提供：审批表上印样章")
        choose = QPushButton("选择…")
        choose.clicked.connect(self.choose_seal)
        clear = QPushButton("不用扫描件")
        clear.clicked.connect(lambda: self.set_seal(""))
        if self.ctx.read_only:  # the register's, as the plan: for everyone who prints from it
            for button in (choose, clear):
                button.setEnabled(False)
                button.setToolTip(self._read_only_text())
        seal_row.addWidget(self.seal, 1)
        seal_row.addWidget(choose)
        seal_row.addWidget(clear)
        form.addRow("印章扫描件（透明背景 PNG 最佳）", seal_row)
        self.seal.setAccessibleName("印章扫描件")  # not the box's title 打印 (a row has no buddy)
        choose.setAccessibleName("选择印章扫描件…")  # “选择…” alone: choose what?
        clear.setAccessibleName("不用印章扫描件")
        self.seal_note = QLabel()
        self.seal_note.setObjectName("seal_note")
        self.seal_note.setWordWrap(True)
        form.addRow("", self.seal_note)
        self._show_seal()
        # One name for every year: it must not replace the federation a year's plan names
        # (a year of another federation, or before a rename), so it only fills in a title
        # that names none (boostdesk.finance.terms.federation_name).
        self.federation = QLineEdit(str(self.ctx.settings.value(FEDERATION_SETTING, "") or ""))
        self.federation.setToolTip("审批表、样章和拨付清单上的单位名称取自各年度的计划名称；"
                                   "这里填写的名称只用于计划名称未写明发文单位的年度")
        self.federation.editingFinished.connect(self._save_federation)
        form.addRow("计划名称未写明单位时用的单位名称", self.federation)
        self.federation_note = QLabel()
        self.federation_note.setObjectName("federation_note")
        self.federation_note.setWordWrap(True)
        form.addRow("", self.federation_note)
        return box

    def _save_federation(self) -> None:
        self.ctx.settings.setValue(FEDERATION_SETTING, self.federation.text().strip())
        self._show_federation()

    def _show_federation(self, campaign: Campaign | None = None) -> None:
        """Say whose name the year in view prints, and where it comes from."""
        from boostdesk.finance.terms import federation_name
        from boostdesk.models.campaign import title_head

        try:
            c = campaign or self.ctx.campaign()
        except Exception:  # noqa: BLE001 - load() says why the year cannot be read
            self.federation_note.clear()
            return
        name = federation_name(c, self.federation.text())
        if title_head(c.title)[0]:
            self.federation_note.setText(f"{c.year} 年度的审批表、拨付清单用计划名称中的“{name}”")
        else:
            self.federation_note.setText(
                f"{c.year} 年度的计划名称未写明发文单位：审批表、拨付清单用“{name}”")

    def choose_seal(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择印章扫描件", import_start(self.ctx.settings),
                                              "图片 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)")
        if path:
            remember_import(self.ctx.settings, path)
            self.set_seal(path)

    def set_seal(self, path: str) -> bool:
        """The register's seal ("" : the specimen), for everyone who prints from it: an
        undoable write with its line in the trail (path and SHA-256)."""
        if not seal_ui.choose(self.ctx, self, path):
            return False
        self._show_seal()
        return True

    def _show_seal(self) -> None:
        """The seal recorded, who chose it and when, and its fingerprint."""
        from boostdesk.seal_choice import PREFIX, unrecorded_note

        choice = seal_ui.register_seal(self.ctx)
        self.seal.setText(choice.path if choice is not None else "")
        local = self.ctx.settings.value(SEAL_LEGACY_SETTING)
        note = unrecorded_note(self.ctx.reg, str(local) if local else None)
        if note:
            self.seal_note.setText(note)
        elif choice is None:
            self.seal_note.setText("审批表印样章。印章图片记入登记册，所有使用者共用；选择、更换都记入修改记录")
        elif choice.specimen:
            self.seal_note.setText(f"{choice.said()} 改为印样章（记入修改记录）")
        else:
            fingerprint = choice.fingerprint or "（选定时文件无法读取）"
            self.seal_note.setText(
                f"{choice.said()} 选定，文件 SHA-256 前 {PREFIX} 位 {fingerprint}。登记册中所有使用者共用；"
                "每次生成审批表都核对文件未被替换，被替换的须确认后才印（记入修改记录）")


def _value_of(field: Any) -> Any:
    """What a plan's field says now, to compare with what it was filled with."""
    if isinstance(field, TierModel):
        return tuple(tuple(row) for row in field.rows)
    if isinstance(field, QCheckBox):
        return field.isChecked()
    if isinstance(field, QSpinBox):
        return field.value()
    if isinstance(field, QComboBox):
        return field.currentIndex()
    return field.text()


def _set_value(field: Any, value: Any) -> None:
    if isinstance(field, TierModel):
        field.set_rows(value)
    elif isinstance(field, QCheckBox):
        field.setChecked(value)
    elif isinstance(field, QSpinBox):
        field.setValue(value)
    elif isinstance(field, QComboBox):
        field.setCurrentIndex(value)
    else:
        field.setText(value)


def _spin(low: int, high: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setSuffix(suffix)
    box.setMaximumWidth(grown(box, 140))
    return box
