"""The common frame of the entry forms: fields in paper order, the reason beside each
field while typing, the plan's findings live on the right, keyboard-only operation.

Tab or Enter walks the form top to bottom as the eye walks the paper; Ctrl+S
saves, Ctrl+Shift+S saves and clears the form for the next paper of the pile,
Esc cancels (asking first when something was typed). A form never writes to the
register itself: it builds a record and hands it to
:func:`boostdesk.ui.operations.save_application`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from boostdesk import near_names
from boostdesk.field_limits import check_field, limit_of, says_too_long
from boostdesk.io.template import example_dates
from boostdesk.models.campaign import federation_as_union
from boostdesk.models.records import id_ref
from boostdesk.names_made import made_line
from boostdesk.near_names import Near
from boostdesk.paper_review import checklist
from boostdesk.printing.fonts import print_gaps
from boostdesk.rules.findings import SEVERITY_ZH, Finding, verdict_label
from boostdesk.safety.privacy import (
    mask_card_grouped,
    mask_id,
    mask_log_text,
    mask_phone,
    mask_text,
)
from boostdesk.validate import (
    ValidationError,
    check_phone,
    phone_read_note,
    spaced_name_dot,
    tidy_line,
    tidy_name,
    tidy_title,
)

from . import dialogs, near_question, operations
from .announce import announce, plain
from .context import AppContext
from .entry_draft import draft_path, drop_draft, read_draft, write_draft
from .form_widgets import (
    DateField,
    FindingsView,
    HintLabel,
    NotesField,
    TextField,
    enter_presses,
)
from .queries import VERDICT_ZH, verdict_of
from .small_screen import HintsBelow, SideOrBelow
from .style import (
    ERROR_COLOUR,
    OK_COLOUR,
    WARNING_COLOUR,
    escape,
    grown,
    larger_text,
    plain_tip,
)
from .theme import MUTED_COLOUR, themed

ERROR = "error"
WARN = "warning"
OK = "ok"
_HINT_COLOUR = {ERROR: ERROR_COLOUR, WARN: WARNING_COLOUR, OK: OK_COLOUR}
PENDING = "核对中…"  # the verdict label between a key and the re-check after its pause
FINDINGS_NAME = "核对结果"  # the findings list's accessible name
FINDINGS_KEY = "J"  # Alt+J: to the findings (核对结果, jieguo); no other Alt letter on a form
REQUIRED = "必填"  # a required field's description, where the eye has its red *
SAVED_AS_TYPED = "可以保存；登记册照实保存所报内容"  # a 不合格 paper's note
NOT_SAVED_DUPLICATE = "重复申报，不能保存"  # a duplicate's, whatever its verdict
UNREADABLE_NOTE = "标红的栏目无法读取，改正后才能保存"
# Fields holding one person's name: a space between hanzi there may stand for the dot (F4)
PERSON_NAME_KEYS = ("inventor_name", "leader", "contact_name")


# The forms' telephone fields: one typed that reads as no number is refused at saving
PHONE_FIELDS = frozenset({"phone", "contact_phone"})


def industry_example(campaign: Any) -> str:
    """所属领域's example: one of the year's priority fields (方案一), none when it names none."""
    return f"如 {campaign.priority_industries[0]}" if campaign.priority_industries else ""


@dataclass
class Row:
    key: str
    label: str
    editor: Any
    hint: HintLabel
    required: bool = False  # shown by a red *; said as 必填 in the editor's description


class _Words:
    """A completer's string list model read as a sequence, a word at a time (bisect)."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def __len__(self) -> int:
        return self.model.rowCount()

    def __getitem__(self, i: int) -> str:
        return self.model.data(self.model.index(i, 0), Qt.ItemDataRole.DisplayRole)


# The fields naming a recommending union or an enterprise: a name near a registered one
# is asked about (near_names), the union first, as the paper gives them.
NAME_KINDS = {"unit_name": near_names.UNITS, "enterprise_name": near_names.ENTERPRISES}
LATER = "以后再说"  # the crash-saved draft question's Esc: the draft kept for the next form

# A paid paper's inventor name and ID are his: corrected on the 人员 tab, with a reason.
_PERSON_FIELDS = ("inventor_name", "id_number")
# How a field that cannot be changed shows its number (as the list, the pane and 人员 do);
# any other text its ID, card and mobile numbers masked (备注: 卡号 6214…2223 见附件).
_MASKS = {"id_number": mask_id, "card_number": mask_card_grouped, "phone": mask_phone,
          "contact_phone": mask_phone}


def masked_shown(key: str, text: str) -> str:
    """``text`` of field ``key`` as a greyed or read-only field shows it."""
    mask = _MASKS.get(key)
    return mask(text) if mask is not None and text.strip() else mask_log_text(text)


class EntryForm(QDialog):
    """Subclasses set STREAM and TITLE and implement the record hooks; the materials
    checklist is the year's (Campaign.materials)."""

    saved = Signal(int)
    STREAM = ""
    TITLE = ""

    def __init__(self, ctx: AppContext, record: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reg = ctx.reg
        self.year = record.campaign_year if record is not None else ctx.year
        self.campaign = self.reg.campaign(self.year)
        self.examples = example_dates(self.campaign)  # the 如 … of the date fields, this year's
        self.record = record if record is not None else self.blank()
        self.rows: dict[str, Row] = {}
        self.checks: dict[str, QCheckBox] = {}
        self.saved_id: int | None = None
        self.last_verdict: Any = None
        # the verdict and findings as words (what the side panel shows, for a screen reader)
        self._verdict_said = ""
        self._duplicate = False  # the paper as typed is one the register holds (recheck)
        self._findings_said: list[str] = []
        self._filling = False
        # A blank form marks a field only once it was typed in (or a save was tried).
        self._touched: set[str] = set()
        # per name field, the names the clerk said are a new union or enterprise
        self._names_declined: dict[str, set[str]] = {key: set() for key in NAME_KINDS}
        # per field, the near name F4 replaced by the registered one: (typed, put in)
        self._taken: dict[str, tuple[str, str]] = {}
        self._show_all = record is not None and record.id is not None
        # The banner's two lines: what the last save did (上一份已保存…, 未保存：…) and,
        # for a paid paper opened, what cannot change; each rich text, "" when none.
        self._save_line = ""
        self._lock_line = ""
        self._unsaved_why = ""  # a refusal said during the save under way

        editing = self.record.id is not None
        # A read-only window (a colleague holds the register): the paper opened to be
        # read — its 是/否 answers, materials and 所属领域, which the list's pane lacks.
        self.viewing = editing and bool(getattr(ctx, "read_only", False))
        self.setWindowTitle(
            f"{self.TITLE}（{id_ref(self.STREAM, self.record.id)}）— 只读（查看）" if self.viewing
            else f"修改{self.TITLE}（{id_ref(self.STREAM, self.record.id)}）" if editing
            else f"录入{self.TITLE} — {self.year} 年度"
        )
        self.setObjectName(f"{self.STREAM}_form")
        self._build()
        self.build_fields()
        self._build_materials()
        self._build_buttons(editing)
        self._load(self.record)
        self._lock_paid()
        if self.viewing:
            self._view_only()
        elif editing and "remarks" in self.rows:
            # a paper opened: 备注's ID, card and mobile numbers masked but while the clerk
            # is in it (a new paper's typing is never masked)
            notes = self.rows["remarks"].editor
            if isinstance(notes, NotesField):
                notes.mask_while_away(mask_log_text)
        self._initial = self._snapshot()
        # A new paper's typing is kept beside the register until saved or discarded.
        self._draft_path = (draft_path(self.reg.path, self.STREAM, self.year)
                            if not editing else None)
        self._draft_written = False
        self._typed_by: tuple[str, str] | None = None  # another clerk's draft restored here
        self._offer_draft()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._paused)
        for key, row in self.rows.items():
            row.editor.edited.connect(lambda key=key: self._edited(key))
            row.editor.installEventFilter(self)
        for box in self.checks.values():
            box.toggled.connect(lambda _on: self._edited("materials"))
            box.installEventFilter(self)
        self._had_keyboard: QWidget | None = None  # the form's widget that last had it
        self._give_back: QWidget | None = None  # ... to have it again once active
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            app.focusWindowChanged.connect(self._list_hidden_took_the_keyboard)
        QShortcut(QKeySequence(near_names.TAKE_KEY), self).activated.connect(self.take_near)
        # .connect, not activated=: PySide6 6.11 keeps the keyword's connection object for
        # good, one more for every form of the day.
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save)
        QShortcut(QKeySequence("Ctrl+Shift+S"), self).activated.connect(self.save_and_next)
        QShortcut(QKeySequence("F1"), self).activated.connect(self.show_keys)
        self._fit_screen()
        # The near names' index made now, not at the first pause in typing (60 ms at 10,000
        # names; a save later takes it forward in a few)
        for key, kind in NAME_KINDS.items():
            if key in self.rows:
                near_names.index_of(self.reg, kind)
        self.recheck()
        first = next(iter(self.rows.values())).editor
        first.setFocus(Qt.FocusReason.TabFocusReason)

    # -- hooks for subclasses -------------------------------------------------
    def blank(self) -> Any:
        raise NotImplementedError

    def build_fields(self) -> None:
        raise NotImplementedError

    def build_record(self, values: dict[str, Any]) -> Any:
        """The record from the editors' values (unreadable ones are None)."""
        raise NotImplementedError

    def title_of(self, typed: str | None) -> str:
        """The title as stored (:func:`tidy_title`, as the importer stores it); an opened
        paper's title left as it was stays as stored (one saved before titles were tidied
        is not changed, on the trail, by a save of another field)."""
        if typed is None:
            return ""
        return typed if typed == self.record.title else tidy_title(typed)

    def field_notes(self, record: Any) -> dict[str, tuple[str, str]]:
        """(level, reason) per field beyond what the editors themselves refuse."""
        return {}

    def draft_verdict(self, record: Any) -> Any:
        raise NotImplementedError

    def phone_note(self, key: str, text: str) -> tuple[str, str] | None:
        """The hint of telephone field ``key`` holding ``text``: why it reads as no number
        (red, refused at saving; amber when the register holds it so and it is kept), or
        what of it is not stored (a second number); None when it reads whole."""
        try:
            check_phone(text)
        except ValidationError as exc:
            if text == (getattr(self.record, key, "") or ""):
                return WARN, f"{exc.message}（原登记如此，保存时照原样保留）"
            return ERROR, exc.message
        note = phone_read_note(text)
        return (WARN, note) if note else None

    def duplicate(self, record: Any) -> tuple[str, str] | None:
        """(field, reason) when the register already holds this paper: saving is refused."""
        return None

    def refused_before_asking(self, record: Any) -> bool:
        """True when saving is refused (and said, :meth:`refuse`) before any question."""
        return False

    def confirm_first(self, record: Any) -> str | None:
        """A reason to ask before saving (saving stays allowed)."""
        return None

    def confirm_focus(self, record: Any) -> str | None:
        """The field to go back to when the clerk answers 返回修改 to :meth:`confirm_first`."""
        return None

    def settle(self, record: Any) -> tuple[Any, dict[str, Any]] | None:
        """Questions answered before saving: the record to save and the options for
        :func:`operations.save_application`, or None to go back to the form."""
        return record, {}

    def _sheet_reason(self, record: Any) -> str | None:
        """Why a fact the signed 审批表 of this approved or paid award prints is changed
        (``models.sheet_fields``; the register refuses it without): "" when none is,
        None when the clerk went back to the form."""
        from boostdesk.models.records import as_dict, id_ref
        from boostdesk.models.sheet_fields import SHEET_FIELDS, awarded, sheet_changes

        opened = self.record
        if opened.id is None or not awarded(self.STREAM, self.reg.scalar(
                f"SELECT status FROM {self.STREAM}_applications WHERE id = ?", (opened.id,)) or ""):
            return ""
        changed = sheet_changes(self.STREAM, as_dict(opened), as_dict(record))
        if not changed:
            return ""
        said = "；".join(f"{label}由“{old}”改为“{new}”" for label, (old, new) in changed.items())
        why = self._ask_sheet_reason(
            f"{id_ref(self.STREAM, opened.id)} 已核准，审批表已按原内容签批：{said}。请写明原因"
            "（记入修改记录，重印的审批表在注中注明）。")
        if why is None:  # back to the first fact changed, unsaved
            self.activateWindow()
            key = next((k for k, label in SHEET_FIELDS[self.STREAM].items() if label in changed),
                       None)
            if key in self.rows:
                self.editor(key).setFocus()
        return why

    def _ask_sheet_reason(self, text: str) -> str | None:
        """The reason typed in the dialog saying ``text``, or None (Esc, 取消)."""
        from .reason_dialog import ReasonDialog

        dialog = ReasonDialog("更改审批表所印内容", text, "如：录入时笔误，以申报材料为准",
                              "保存", "请填写更改的原因", self)
        if dialog.exec() != ReasonDialog.DialogCode.Accepted:
            return None
        return dialog.reason

    def remember(self, record: Any) -> None:
        """Facts to offer again in the next form of the pile."""
        self.ctx.memory["received_date"] = record.received_date
        self.ctx.memory[f"{self.STREAM}_unit_name"] = record.unit_name
        self._learn_names(record)

    def _learn_names(self, record: Any) -> None:
        """The names just saved join the completers, in pinyin order: the next paper of the
        pile, often from the same enterprise, is offered them (the form is not re-read)."""
        from boostdesk.pinyin_order import sort_key

        def order(word: str) -> tuple[str, str]:  # as Register.names orders them
            return sort_key(word) or "", word

        for key, row in self.rows.items():
            completer = row.editor.completer() if hasattr(row.editor, "completer") else None
            value = getattr(record, key, None)
            if completer is None or not isinstance(value, str) or not value.strip():
                continue
            model = completer.model()
            # Looked for and placed in the model itself: copying out its 53,000 names (at
            # 100,000 applications) for each field took 10–20 ms of every save.
            if model.match(model.index(0, 0), Qt.ItemDataRole.DisplayRole, value, 1,
                           Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchCaseSensitive):
                continue
            words = _Words(model)
            at = bisect.bisect(words, order(value), key=order)
            model.insertRows(at, 1)
            model.setData(model.index(at), value)

    # -- layout ---------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        heading = QLabel(f"<b style='font-size:{larger_text()}'>{escape(self.paper_title())}</b>"
                         f"<span style='color:{themed(MUTED_COLOUR)}'>　报送截止 "
                         f"{self.campaign.submission_deadline.isoformat()}</span>")
        heading.setObjectName("form_heading")
        heading.setWordWrap(True)  # 18 pt on a 960-wide screen: on two lines, not past it
        outer.addWidget(heading)
        newest = max(self.reg.campaign_years(), default=self.year)
        if self.record.id is None and self.year < newest:
            # The year box stays where finance left it (paying an earlier year's tranches):
            # a new paper typed then would go into that year's plan and window.
            older = QLabel(f"<span style='color:{themed(ERROR_COLOUR)}'>注意：正在录入 {self.year} 年度，"
                           f"登记册中已有 {newest} 年度。新收到的申报书应录入 {newest} 年度"
                           "（在窗口上方“年度”中选择）。</span>")
            older.setObjectName("older_year_note")
            older.setWordWrap(True)
            outer.addWidget(older)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        outer.addWidget(self.banner)

        self.sheet = QWidget()
        # the hints under the fields where beside them they would be narrower than the
        # shipped 120 pixels grown with the text (18 pt on an 800-wide screen)
        self.grid = HintsBelow(self.sheet, lambda: grown(self.sheet, 120))
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 2)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.sheet)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.sheet_scroll = scroll

        side = QVBoxLayout()
        # the verdict under its title; beside it when the panel is under the fields
        self._verdict_row = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        # Alt+J (核对结果) to the findings: a screen reader hears the verdict (their
        # description) and reads them line by line; no other Alt letter on the forms
        self.findings_label = FindingsView()
        self.findings_label.setAccessibleName(FINDINGS_NAME)
        findings_title = QLabel(f"<b>按方案核对(&{FINDINGS_KEY})</b>")  # Qt reads its & as Alt+J
        findings_title.setTextFormat(Qt.TextFormat.RichText)
        findings_title.setBuddy(self.findings_label)
        self.findings_title = findings_title
        self._verdict_row.addWidget(findings_title)
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)  # its note (可以保存；…, 改正后才能保存) whole
        self._verdict_row.addWidget(self.verdict_label, 1)
        side.addLayout(self._verdict_row)
        findings_scroll = self.findings_label  # it scrolls itself (arrows, PageDown)
        side.addWidget(findings_scroll, 1)
        self.findings_scroll = findings_scroll
        keys = QLabel("Tab/Enter 下一项　Esc 关闭" if self.viewing else
                      "Tab/Enter 下一项　材料：空格勾选，A 全部勾选　"
                      f"{near_names.TAKE_KEY} 改用登记册中相近的名称　Ctrl+S 保存　"
                      "Ctrl+Shift+S 保存并录入下一份　Esc 取消")
        keys.setWordWrap(True)
        keys.setStyleSheet(f"color:{themed(MUTED_COLOUR)}")
        side.addWidget(keys)
        holder = QWidget()
        holder.setLayout(side)
        holder.setMinimumWidth(220)
        holder.setMaximumWidth(380)
        self.side_panel = holder
        # Beside the fields where there is room for both, below them where there is not
        # (16–18 pt text on a 960-wide screen): never a form wider than the screen
        # (under them, the findings' list three lines high where the window leaves the
        # fields half its height: it was two at 18 pt)
        frame = 2 * findings_scroll.frameWidth() + 8  # the list's margins
        self.body = SideOrBelow(
            scroll, holder, side_width=min(grown(holder, 220), 380), placed=self._side_placed,
            stretch=findings_scroll,
            stretch_height=3 * self.findings_label.fontMetrics().lineSpacing() + frame)
        outer.addLayout(self.body, 1)
        self._outer = outer

    def _side_placed(self, below: bool) -> None:
        """The side panel under the fields: the verdict beside its title (a line saved
        for the findings' list)."""
        self._verdict_row.setDirection(QBoxLayout.Direction.LeftToRight if below
                                       else QBoxLayout.Direction.TopToBottom)

    def paper_title(self) -> str:
        return self.TITLE

    def show_keys(self) -> Any:
        """F1 in a form: the keys list, the form's own first (what the clerk needs while
        typing a paper), then the window's; the window's F1 opens 工作流程, the same list
        in its 快捷键 tab with the forms' keys last."""
        from .help_dialogs import FORM_KEYS, KeysDialog, menu_actions

        owner = self.parentWidget()
        dialog = KeysDialog(menu_actions(owner.window()) if owner is not None else [], self,
                            own=FORM_KEYS, own_title="申报表（本表）")
        dialogs.open_modal(dialog)
        return dialog

    def add_row(self, key: str, label: str, editor: Any, required: bool = False) -> Any:
        r = self.grid.rowCount()
        star = f"<span style='color:{themed(ERROR_COLOUR)}'>*</span>" if required else ""
        caption = QLabel(f"{label}{star}")
        caption.setTextFormat(Qt.TextFormat.RichText)
        caption.setBuddy(editor)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        hint = HintLabel()
        hint.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        hint.setMinimumWidth(120)  # wraps: 1280×720 at 150 % leaves the sheet ≈ 540
        editor.setObjectName(key)
        editor.setAccessibleName(label)
        if hasattr(editor, "enter_moves_on"):
            editor.enter_moves_on = True
        if hasattr(editor, "one_cell"):
            editor.one_cell = True  # an Excel row pasted: its first cell, the rest said
        if hasattr(editor, "limit"):
            editor.limit = limit_of(key)  # the import's limit too: refused at save, not cut
        self.grid.addWidget(caption, r, 0)
        self.grid.addWidget(editor, r, 1)
        self.grid.addWidget(hint, r, 2)
        self.rows[key] = Row(key, label, editor, hint, required)
        if required:  # the red * is for the eye: a screen reader hears 必填
            editor.setAccessibleDescription(self._field_said(self.rows[key], ""))
        return editor

    @staticmethod
    def _field_said(row: Row, message: str) -> str:
        """An editor's accessible description: 必填 for a required field, then its hint
        (else its grey example or tooltip, which Qt says itself when the description is
        empty and a set one would hide)."""
        if not row.required:
            return message
        editor = row.editor
        shown = message or (editor.placeholderText() if hasattr(editor, "placeholderText")
                            else "") or editor.toolTip()
        return "；".join(part for part in (REQUIRED, shown) if part)

    def _build_materials(self) -> None:
        self.add_row("received_date", "收件日期", DateField(
            example=self.examples["received_date"],
            season=(self.campaign.issued_date, self.campaign.submission_deadline)))
        r = self.grid.rowCount()
        caption = QLabel("收到的材料")
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        for key, label in self.campaign.materials(self.STREAM).items():
            check = QCheckBox(label)
            check.setObjectName(f"material_{key}")
            check.setAccessibleName(f"收到的材料：{label}")  # heard with what it answers
            self.checks[key] = check
            lay.addWidget(check)
        self.materials_hint = QLabel()
        self.materials_hint.setWordWrap(True)
        self.grid.addWidget(caption, r, 0)
        self.grid.addWidget(box, r, 1)
        self.grid.addWidget(self.materials_hint, r, 2)
        self.grid.setRowStretch(r + 1, 1)

    def _build_buttons(self, editing: bool) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        # 保存并录入下一份 first (made first: first in the Tab order too): the Enter that walks
        # on from the materials lands on the clerk's next step at the pile, not on 保存,
        # which closed the form and left her next Enter to the list
        self.next_button = QPushButton("保存并录入下一份（Ctrl+Shift+S）")
        self.next_button.clicked.connect(self.save_and_next)
        if editing:  # (not setVisible(True): the button, no child of the form yet, showed
            self.next_button.hide()  # as a window of its own, and took the keyboard)
        self.save_button = QPushButton("保存（Ctrl+S）")
        self.save_button.clicked.connect(self.save)
        cancel = self.cancel_button = QPushButton("取消（Esc）")
        cancel.clicked.connect(self.reject)
        for b in (self.next_button, self.save_button, cancel):
            b.setAutoDefault(False)  # Enter in a field moves on, never saves
            buttons.addWidget(b)
        enter_presses(self.next_button, self.save_button, cancel)  # Enter walked onto one
        self._outer.addLayout(buttons)
        # the findings last in the Tab order (Shift+Tab from the first field): Enter from the
        # materials still lands on 保存并录入下一份
        QWidget.setTabOrder(cancel, self.findings_label)

    def _show_masked(self, keys: Any) -> None:
        """The fields ``keys`` (that cannot be changed here) show their numbers masked: a
        paper opened to look at is no place for a whole ID or card. Their values stay
        whole (a save keeps them); the snapshot reads the masked text, which stays."""
        self._filling = True
        try:
            for key in keys:
                editor = self.rows[key].editor
                if hasattr(editor, "show_masked") and not editor.masked():
                    text = editor.toPlainText() if isinstance(editor, NotesField) else editor.text()
                    shown = masked_shown(key, text)
                    if shown != text:
                        editor.show_masked(shown)
        finally:
            self._filling = False

    def _view_only(self) -> None:
        """Every field read, none changed: text fields read-only (still selected and copied),
        choices and materials greyed, no save; Esc closes it (nothing can differ). Numbers
        shown masked, as in the list."""
        self._show_masked(list(self.rows))
        for row in self.rows.values():
            editor = row.editor
            if hasattr(editor, "setReadOnly"):
                editor.setReadOnly(True)
                # an empty field shows nothing: its grey 如 2022-03-05 read as the paper's date
                editor.setPlaceholderText("")
            else:
                editor.setEnabled(False)
        for box in self.checks.values():
            box.setEnabled(False)
        self.next_button.hide()
        self.save_button.hide()
        self.cancel_button.setText("关闭（Esc）")
        why = getattr(self.reg, "read_only_message", "登记册只读")
        self._lock_line = (f"<span style='color:{themed(WARNING_COLOUR)}'><b>只读（查看）</b>："
                           f"{escape(why)}。此处只能查看，不能修改</span>")
        self._show_banner()

    def _fit_screen(self) -> None:
        # The sheet whole in width before the side panel takes its share (3:2), so a hint
        # beside its field is not behind a horizontal scroll bar on a small screen.
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.sheet_scroll.setMinimumWidth(self.sheet.minimumSizeHint().width() + bar)
        screen = self.screen().availableGeometry() if self.screen() else None
        margins = self._outer.contentsMargins()
        # at 16–18 pt, wide enough for the panel beside the fields where the screen is
        width = max(1180, self.body.side_by_side_width() + margins.left() + margins.right())
        height = 720
        if screen is not None:
            width = min(width, screen.width() - 40)
            height = min(height, screen.height() - 60)
        self.resize(width, height)

    def _lock_paid(self) -> None:
        """A paper whose award has a transfer sent (paid, or sent back by the bank and owed
        again): what it was judged on, paid to and paid by cannot change (the register
        refuses it); shown greyed, and said why."""
        from boostdesk.models.payment_marks import sent_counts, sent_text
        from boostdesk.models.register import CORRECT_PERSON, CORRECT_SHARED, FIXED_ONCE_PAID

        if self.record.id is None:
            return
        paid, returned = sent_counts(self.reg.conn, self.STREAM, [self.record.id]).get(
            self.record.id, (0, 0))
        if not paid and not returned:
            return
        sent = sent_text(paid, returned)
        # a share returned from the card (退汇) is paid anew to the card corrected here
        open_ = {"card_number"} if self.reg.returned_owed(self.STREAM, self.record.id) else set()
        locked = [key for key in FIXED_ONCE_PAID[self.STREAM] if key in self.rows
                  and key not in open_]
        person = [key for key in _PERSON_FIELDS if key in locked]
        self._show_masked(locked)
        for key in locked:
            editor = self.rows[key].editor
            editor.setEnabled(False)
            # A greyed field cannot be scrolled: a long enterprise or studio name is read
            # whole in its tooltip. The inventor's name and ID are his, corrected on the
            # 人员 tab with a reason.
            where = CORRECT_PERSON if key in _PERSON_FIELDS else CORRECT_SHARED.get(key)
            why = f"助推款{sent}，不能在此修改" + (f"\n{where}" if where else "")
            shown = editor.text() if isinstance(editor, QLineEdit) else editor.currentText()
            editor.setToolTip(plain_tip(f"{shown}\n{why}" if shown else why))
        self._lock_line = (
            f"<span style='color:{themed(WARNING_COLOUR)}'>此申报的助推款{escape(sent)}："
            f"{escape('、'.join(self.rows[k].label for k in locked))}不能再改（灰色）；"
            "其余内容仍可修改" + ("（有款项退汇待重拨：会员卡号可更正为新卡号）" if open_ else "")
            + "。如确属当初录错，请在备注中写明"
            f"{escape('；' + CORRECT_PERSON) if person else ''}"
            f"{escape(''.join('；' + CORRECT_SHARED[k] for k in CORRECT_SHARED if k in locked))}"
            "。</span>")
        self._show_banner()
        first = next((r.editor for r in self.rows.values() if r.editor.isEnabled()), None)
        if first is not None:
            QTimer.singleShot(0, first.setFocus)

    # -- a union or enterprise named nearly as a registered one ---------------------------
    def _near_names(self, key: str, record: Any) -> list[Near]:
        """The registered unions or enterprises the name typed in ``key`` probably means;
        none once the clerk said it is a new one, or when the field cannot be changed."""
        row = self.rows.get(key)
        typed = tidy_name(getattr(record, key, "") or "")
        if (row is None or not typed or typed in self._names_declined[key]
                or not row.editor.isEnabled()):
            return []
        # a paper opened to correct: the name it had is not offered back, but for a mere
        # form-word variant of it (near_question.near); the pile's union offered in a new
        # form is: a misspelt one typed over it is a slip
        was = tidy_name(getattr(self.record, key, "") or "") if self.record.id is not None else ""
        return near_question.near(self.reg, NAME_KINDS[key], typed, was)

    def verdict_if(self, record: Any) -> str:
        """What the verdict becomes on an answer saving will ask for (a near studio said to
        be the same), beside the verdict; empty when no answer changes it."""
        return ""

    def asked_at_save(self, record: Any) -> list[str]:
        """The near names saving will ask about, one line each, for the side panel."""
        said = []
        for key in NAME_KINDS:
            found = self._near_names(key, record)
            if found:
                more = "等" if len(found) > 1 else ""
                said.append(f"{self.rows[key].label}“{tidy_name(getattr(record, key))}”与登记册中的"
                            f"“{found[0].name}”{more}相近")
        return said

    def made_at_save(self, record: Any) -> list[str]:
        """The unions and enterprises saving will register as new ones, one line each for
        the side panel (a name near a registered one is asked about first: its own line).
        Registered silently, a name lasts (the 推荐单位 filter, the completers, the payment
        lists) and a new union's kind is guessed from its name (首钢工会 as 直属基层)."""
        from boostdesk.models.records import guess_unit_kind

        said = []
        for key, table in (("unit_name", "units"), ("enterprise_name", "enterprises")):
            row = self.rows.get(key)
            name = tidy_name(getattr(record, key, "") or "")
            if (row is None or not name or not row.editor.isEnabled()
                    or not self.reg.new_names((table, name)) or self._near_names(key, record)):
                continue
            said.append(f"{row.label}“{name}”（登记册中没有" + (
                f"；类别按名称推定为“{guess_unit_kind(name)}”，如有误请在“单位与人员”中修改）"
                if table == "units" else "）"))
        return said

    def _ask_names(self) -> bool | None:
        """Ask for the union, then the enterprise, named nearly as a registered one. True
        when the form now names a registered one instead; None when the clerk went back
        to the field (Esc): the save stops there."""
        replaced = False
        for key in NAME_KINDS:
            answer = self._ask_name(key)
            if answer is None:
                return None
            replaced = replaced or answer
        return replaced

    def _ask_name(self, key: str) -> bool | None:
        """“登记册中没有…，相近的有…” (``near_question``): True when the form now names the
        registered one, False when the clerk said it is new, None when they went back."""
        found = self._near_names(key, self.build_record(self.values()[0]))
        if not found:
            return False
        editor = self.rows[key].editor
        typed = tidy_name(editor.value())
        answer, chosen = near_question.ask(self, NAME_KINDS[key], typed, found)
        if answer is near_question.Answer.BACK:
            editor.setFocus()
            return None
        if answer is near_question.Answer.NEW:
            self._names_declined[key].add(typed)
            self.recheck()
            return False
        editor.set_value(chosen)
        if key == "enterprise_name":
            self._fill_from_enterprise()
        return True

    # F4: the registered name put in, without a question -------------------------------
    def dotted_names(self) -> dict[str, str]:
        """Person-name fields whose hanzi a space parts (阿依古丽 买买提): the name with its
        middle dot, which F4 puts in (``validate.spaced_name_dot``); saved as typed, the
        space is dropped as ever (阿依古丽买买提), so the hint asks before."""
        found = {}
        for key in PERSON_NAME_KEYS:
            row = self.rows.get(key)
            if row is not None and row.editor.isEnabled() and isinstance(row.editor, TextField):
                dotted = spaced_name_dot(row.editor.text())
                if dotted:
                    found[key] = dotted
        return found

    def one_key_fixes(self) -> dict[str, str]:
        """What F4 puts in a field without a question: a spaced name's dot (a subclass's
        own besides)."""
        return self.dotted_names()

    def near_keys(self, record: Any) -> list[str]:
        """The fields, in paper order, whose name is near a registered one (undecided)."""
        return [key for key in NAME_KINDS if self._near_names(key, record)]

    def take_near(self) -> None:
        """F4: the nearest field at or above the cursor (else below it) whose name is near
        a registered one gets the registered name; the cursor stays where the clerk is
        typing. Typed on past the union, its hint read, she puts it right with one key,
        not a box opened under her hands."""
        if self.viewing:
            return
        record = self.build_record(self.values()[0])
        dotted = self.one_key_fixes()
        order = list(self.rows)
        keys = sorted([*self.near_keys(record), *dotted], key=order.index)
        focus = QApplication.focusWidget()
        if not keys:
            if isinstance(focus, QComboBox):  # F4's own meaning there: the list
                focus.showPopup()
            else:
                QApplication.beep()
            return
        at = next((i for i, row in enumerate(self.rows.values())
                   if focus is not None and (focus is row.editor or row.editor.isAncestorOf(focus))),
                  len(order))
        above = [key for key in keys if order.index(key) <= at]
        key = above[-1] if above else keys[0]
        typed = tidy_name(self.rows[key].editor.value())
        if key in dotted:  # the dot the space stood for (or a subclass's one-key fix)
            self.rows[key].editor.set_value(dotted[key])
            self.recheck()
            chosen = None
        else:
            chosen = self.take_near_name(key, record)
        if chosen:
            self._taken[key] = (typed, chosen)
            self.recheck()
        if focus is not None and focus.isEnabled() and focus.window() is self:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)  # (a list asked: back there)

    def take_near_name(self, key: str, record: Any) -> str | None:
        """Put the registered name ``key``'s typed one means into its field: that name, or
        None when none was chosen (several, the list left with Esc)."""
        typed = tidy_name(self.rows[key].editor.value())
        chosen = near_question.choose(self, NAME_KINDS[key], typed, self._near_names(key, record))
        if not chosen:
            return None
        self.put_name(key, chosen)
        if key == "enterprise_name":
            self._fill_from_enterprise()
        return chosen

    def put_name(self, key: str, name: str) -> None:
        """``name`` in the field (set, not typed: its completer's list stays shut, the
        cursor where the clerk is); the hint says what was typed (:meth:`recheck`)."""
        self.rows[key].editor.set_value(name)

    def _fill_from_enterprise(self) -> None:
        """What a known enterprise brings once the form names it (a subclass's)."""

    # -- typing kept on disk until saved --------------------------------------------
    def _offer_draft(self) -> None:
        """A paper of this kind typed and never saved nor discarded (the window killed):
        offered back, its fields as they were typed."""
        draft = read_draft(self._draft_path)
        if draft is None or draft.year != self.year:  # another year's: its own form offers it
            return
        # what names the paper, on one line (a title pasted over two lines, with U+3000),
        # a number typed into a name masked as every message masks it
        shown = {key: mask_text(tidy_line(draft.fields[key]))
                 for key in ("title", "inventor_name", "studio_name", "enterprise_name")
                 if key in self.rows and isinstance(draft.fields.get(key), str)}
        typed = [f"{self.rows[key].label}：{text}" for key, text in shown.items() if text][:2]
        if draft.operator and draft.operator != self.ctx.operator:
            self._offer_others_draft(draft, typed)
            return
        # Esc is 以后再说 (the draft kept): one Esc, a reflex, deleted a paper's typing with
        # no second question. 放弃 deletes it, said only with Alt+D (or a click).
        said = dialogs.ask_or_back(
            self, "恢复未保存的录入？",
            f"{draft.saved_at} 正在录入的{self.TITLE}没有保存，程序就关闭了"
            + (f"（{'，'.join(typed)}……）" if typed else "")
            + "。\n\n恢复这些内容继续录入吗？（以后再说：保留这些内容，下次新建时再问）",
            yes="恢复", no="放弃", default_yes=True, no_key="D", back=LATER,
            back_tip="Esc：这次不恢复，这些内容保留，下次新建时再问")
        if said is None:
            # kept for the next form: this one neither writes over it nor drops it
            self._draft_path = None
            return
        if not said:
            drop_draft(self._draft_path)
            return
        self._restore(draft)

    def _offer_others_draft(self, draft: Any, typed: list[str]) -> None:
        """Another clerk's typing (her window killed, the register taken over here): said
        whose and from which computer; restored for her, the trail saying so, or left for
        her next form — never deleted by this one (Enter and Esc leave it)."""
        who = draft.operator
        where = f"（电脑 {draft.computer}）" if draft.computer else ""
        me = self.ctx.operator
        if not dialogs.ask_yes_no(
                self, f"恢复 {who} 未保存的录入？",
                f"{who}{where}{draft.saved_at} 正在录入的{self.TITLE}没有保存，程序就关闭了"
                + (f"（{'，'.join(typed)}……）" if typed else "")
                + f"。\n\n这是 {who} 的录入。由你（{me}）恢复并继续录入吗？保存后，修改记录会写明"
                f"“录入人 {who}，由 {me} 恢复并保存”。\n\n留给 {who}：这些内容保留，"
                f"{who} 下次新建{self.TITLE}时再问（本表这次的录入不另存草稿）。",
                yes="恢复", no=f"留给 {who}", default_yes=False):
            self._draft_path = None  # kept for its own clerk: neither written over nor dropped
            return
        self._typed_by = (who, draft.computer)
        self._restore(draft)

    def _restore(self, draft: Any) -> None:
        self._filling = True
        try:
            for key, value in draft.fields.items():
                if key not in self.rows:
                    continue
                editor = self.rows[key].editor
                if isinstance(editor, QLineEdit):  # as typed: 600000 stays what it read
                    editor.setText(value if isinstance(value, str) else "")
                    editor.setCursorPosition(0)  # shown from its start (TextField.from_start)
                else:
                    editor.set_value(value)
                if value not in (None, ""):
                    self._touched.add(key)
            for key, on in draft.materials.items():
                if key in self.checks:
                    self.checks[key].setChecked(bool(on))
        finally:
            self._filling = False
        self._draft_written = True

    def _keep_draft(self) -> None:
        if self._draft_path is None or self.reg.closed:
            return
        if self._snapshot() == self._initial:
            if self._draft_written:
                drop_draft(self._draft_path)
                self._draft_written = False
            return
        fields = {key: (row.editor.text() if isinstance(row.editor, QLineEdit)
                        else row.editor.value()) for key, row in self.rows.items()}
        write_draft(self._draft_path, self.year, fields,
                    {key: box.isChecked() for key, box in self.checks.items()},
                    self.ctx.operator, self.reg.computer)
        self._draft_written = True

    def _drop_draft(self) -> None:
        if self._draft_written:
            drop_draft(self._draft_path)
            self._draft_written = False

    # -- keyboard -------------------------------------------------------------
    def _list_hidden_took_the_keyboard(self, _window: object) -> None:
        """A completer's list shown by a name typed and hidden by the Enter typed at once
        can be made the active window after it is hidden (the platform's word that it was
        shown arrives late: the offscreen one, which the tester's driver runs, activates
        every window shown). The form then had no keyboard: Enter moved nothing and the
        next fields' text went onto the field left (设备2022.10.30a). Taken back."""
        QTimer.singleShot(0, self._take_keyboard_back)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.isAncestorOf(new):
            self._had_keyboard = new

    def _take_keyboard_back(self) -> None:
        active = QApplication.activeWindow()
        back, self._give_back = self._give_back, None
        if active is self:  # active again: the cursor where Enter had put it, not in the
            # list's field (the list, made active, left it the form's cursor)
            if (back is not None and shiboken6.isValid(back) and self.isAncestorOf(back)
                    and back.isEnabled() and back.isVisible()):
                back.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if active is None or active.isVisible() or not self.isVisible():
            return
        field = active.focusProxy()  # a completer's list stands for its field
        if field is not None and self.isAncestorOf(field):
            self._give_back = self._had_keyboard
            self.activateWindow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_A  # type: ignore[attr-defined]
                and not event.modifiers()  # type: ignore[attr-defined]
                and watched in self.checks.values()):
            # A on the materials: the whole set received (most papers), or none again;
            # Space still ticks one. Two keys for what took ten.
            every = not all(box.isChecked() for box in self.checks.values())
            for box in self.checks.values():
                box.setChecked(every)
            return True
        if event.type() == QEvent.Type.KeyPress and event.key() in (  # type: ignore[attr-defined]
            Qt.Key.Key_Return, Qt.Key.Key_Enter
        ) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:  # type: ignore[attr-defined]
            popup = getattr(watched, "popup_open", None)
            if popup is not None and popup():
                return False
            if isinstance(watched, QWidget):
                watched.focusNextChild()
                return True
        return super().eventFilter(watched, event)

    def reject(self) -> None:
        if self._snapshot() != self._initial and not dialogs.confirm_discard(self):
            return
        self._drop_draft()
        super().reject()

    # -- values ---------------------------------------------------------------
    def _snapshot(self) -> tuple[Any, ...]:
        texts = tuple(
            (r.editor.text() if hasattr(r.editor, "text") else r.editor.currentIndex())
            for r in self.rows.values()
        )
        return texts + tuple(c.isChecked() for c in self.checks.values())

    def _load(self, record: Any) -> None:
        self._taken.clear()  # another paper: what F4 put in was that one's
        self._filling = True
        try:
            for key, row in self.rows.items():
                row.editor.set_value(getattr(record, key, None))
            for key, box in self.checks.items():
                box.setChecked(bool(record.materials.get(key)))
        finally:
            self._filling = False

    def values(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Every editor's value, and the reason for each one that cannot be read."""
        out: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for key, row in self.rows.items():
            try:
                value = row.editor.value()
                # longer than the field takes (the import's limit too): refused, never cut
                out[key] = check_field(key, value) if isinstance(value, str) else value
                if key in PHONE_FIELDS and value and value != (getattr(self.record, key, "") or ""):
                    # typed so, a phone that reads as none is unreadable as a date is (saved,
                    # it was a red hint stored as typed); one stored so (an import keeps the
                    # unit's text) is not held against a save of the other fields
                    check_phone(value)
                if key == "unit_name" and (why := federation_as_union(
                        value or "", self.campaign, self.STREAM)):
                    raise ValidationError(why)  # its share would be the federation's again
            except ValidationError as exc:
                out[key] = None
                errors[key] = exc.message
        out["materials"] = checklist(self.campaign, self.STREAM,  # as `review materials` saves
                                     {key for key, box in self.checks.items() if box.isChecked()})
        return out, errors

    def editor(self, key: str) -> Any:
        return self.rows[key].editor

    # -- live checking ----------------------------------------------------------
    def _edited(self, key: str) -> None:
        if self._filling:
            return
        self._touched.add(key)
        self._verdict_pending()
        self._timer.start()

    def _verdict_pending(self) -> None:
        """The verdict shown was the paper's before this key: 核对中…, muted, until the
        pause's re-check says the paper's (it said 不合格, in red, of a good paper)."""
        if self.verdict_label.text() and PENDING not in self.verdict_label.text():
            self.verdict_label.setText(
                f"<span style='font-size:{larger_text()};color:{themed(MUTED_COLOUR)}'>"
                f"<b>{PENDING}</b></span>")

    def recheck(self) -> None:
        if self.reg.closed:  # a timer still pending when the register was closed under it
            return
        values, errors = self.values()
        record = self.build_record(values)
        notes: dict[str, tuple[str, str]] = {k: (ERROR, m) for k, m in errors.items()}
        for key, note in self.field_notes(record).items():
            notes.setdefault(key, note)
        for key in NAME_KINDS:
            found = self._near_names(key, record)
            if found:
                notes.setdefault(key, (WARN, near_names.hint(found)))
        for key, (typed, chosen) in self._taken.items():
            if key in self.rows and tidy_name(self.rows[key].editor.text()) == chosen:
                notes.setdefault(key, (OK, f"已改用登记册中的“{chosen}”（原填“{typed}”）"))
        duplicate = self.duplicate(record)
        self._duplicate = duplicate is not None
        if duplicate:
            notes[duplicate[0]] = (ERROR, duplicate[1])
        try:
            verdict = self.draft_verdict(record)
        except Exception as exc:  # noqa: BLE001 - the form keeps working; the reason is shown
            verdict = None
            self.findings_label.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>"
                                        f"无法核对：{escape(exc)}</span>")
            self._verdict_said, self._findings_said = "无法核对", [f"无法核对：{exc}"]
        self.last_verdict = verdict
        findings: list[Finding] = verdict.findings if verdict is not None else []
        # A fact typed but unreadable (2022.13.5) is not "missing": say why it cannot be read.
        findings = [replace(f, message=f"{self.rows[f.field].label}：{errors[f.field]}")
                    if f.missing and f.field in errors else f for f in findings]
        for f in findings:
            # A finding outranks a field's merely informative note (the amount in 元).
            if (f.field and f.field in self.rows
                    and (f.field not in notes or notes[f.field][0] == OK)):
                notes[f.field] = (ERROR if f.blocking else WARN, f.message)
        for key, value in values.items():
            # Least of a field's notes: a character no shipped font has prints as 〓 (and
            # may show as an empty box here); the paper is stored as typed all the same.
            gaps = print_gaps(value) if isinstance(value, str) else ""
            if gaps and key in self.rows and (key not in notes or notes[key][0] == OK):
                # by its place and code: the character itself may show as an empty box
                which = "、".join(f"第 {value.index(ch) + 1} 个字（{ch}，U+{ord(ch):04X}）"
                                 for ch in gaps)
                notes[key] = (WARN, f"{which}不在随附字体中：打印件上印为〓，须手写补正"
                                    "（窗口中也可能显示为方框）；照录入保存")
        for key, row in self.rows.items():
            read = getattr(row.editor, "read_note", None)
            said = read() if read is not None and key not in notes else ""
            if said:  # 22-3-5: the year read as 2022, shown (a finding would quote the day)
                notes[key] = (OK, said)
            refused = getattr(row.editor, "refused", "")
            if refused:  # a key that chose nothing in a list box: say what it takes
                notes[key] = (WARN, refused)
            pasted = getattr(row.editor, "pasted", "")
            if pasted:  # several cells pasted: what was left out, beside what is wrong
                level, message = notes.get(key, (OK, ""))
                if says_too_long(errors.get(key, "")) and "粘贴的内容有" in pasted:
                    notes[key] = (ERROR, pasted)  # the paste's own words say the length
                else:
                    notes[key] = ((level, f"{message}；{pasted}") if level in (ERROR, WARN)
                                  else (WARN, pasted))
        for key, dotted in self.dotted_names().items():
            if notes.get(key, (OK, ""))[0] == OK:  # an error or a finding says more
                joined = tidy_name(self.rows[key].editor.text())
                notes[key] = (WARN, f"名字中有空格：如是少数民族姓名，应为“{dotted}”——按 F4 改用；"
                                    f"否则按“{joined}”保存")
        received = values.get("received_date")
        if received and received > self.campaign.submission_deadline and "received_date" not in errors:
            notes["received_date"] = (
                WARN, f"逾期：晚于报送截止日 {self.campaign.submission_deadline.isoformat()}"
            )
        if received and "received_date" not in errors and (why := self._received_refused(record)):
            notes["received_date"] = (ERROR, why)  # said as typed, not first at Ctrl+S
        for key, row in self.rows.items():
            # the year a reading supplied said before what is wrong with the day: 3月1日 read
            # into the next year, only 逾期 shown, left the clerk to guess it was 2023
            read = getattr(row.editor, "read_note", None)
            said = read() if read is not None else ""
            level, message = notes.get(key, (OK, ""))
            if said and level != OK and said not in message:
                notes[key] = (level, f"{said}；{message}")
        for key, row in self.rows.items():
            level, message = notes.get(key, ("", ""))
            if not (self._show_all or key in self._touched):
                level, message = "", ""
            row.hint.say(themed(_HINT_COLOUR.get(level, MUTED_COLOUR)), message)
            row.hint.setToolTip(plain_tip(message))
            # the hint is beside the field, not of it: a screen reader heard the field's
            # name only (the near name and 按 F4 改用 never); gone with the hint
            said = self._field_said(row, message)
            if row.editor.accessibleDescription() != said:
                row.editor.setAccessibleDescription(said)
            if hasattr(row.editor, "set_invalid"):
                row.editor.set_invalid(level == ERROR)
        self._keep_draft()
        materials = [f for f in findings if f.field == "materials"]
        self.materials_hint.setText(
            f"<span style='color:{themed(WARNING_COLOUR)}'>{escape(materials[0].message)}</span>"
            if materials else f"<span style='color:{themed(OK_COLOUR)}'>材料齐全</span>"
        )
        self.materials_hint.setVisible(self._show_all or "materials" in self._touched)
        said = plain(self.materials_hint.text()) if self.materials_hint.isVisibleTo(self) else ""
        for box in self.checks.values():  # 材料齐全 / 缺…: heard on the boxes, as seen beside them
            if box.accessibleDescription() != said:
                box.setAccessibleDescription(said)
        if verdict is not None:
            self._show_findings(findings, errors)
            if not errors and (condition := self.verdict_if(record)):
                # 合格 alone, then 不合格 once the question is answered 是: said before it
                self.verdict_label.setText(
                    self.verdict_label.text()
                    + f"　<span style='color:{themed(WARNING_COLOUR)}'>{escape(condition)}</span>")
                self._verdict_said += f"（{condition}）"
        asked = [f"保存时将询问：{line}" for line in self.asked_at_save(record)]
        asked += [f"保存时将新登记：{line}" for line in self.made_at_save(record)]
        if asked:  # 合格 says nothing of them: the clerk sees them before the box does
            lines = "<br>".join(escape(line) for line in asked)
            self.findings_label.setText(f"<p style='color:{themed(WARNING_COLOUR)}'>{lines}</p>"
                                        + self.findings_label.text())
        self._describe_verdict(asked)

    def _describe_verdict(self, asked: list[str]) -> None:
        """The verdict and a short account of the findings as the description of the form
        and its save buttons (what a screen reader says on them), the verdict as the
        findings list's: seen only in the side panel, it was heard nowhere."""
        head = f"按方案核对：{self._verdict_said}"
        items = asked + self._findings_said
        if items:
            head_said = f"{head}。共 {len(items)} 项：" + "；".join(items[:2]) + (
                "……" if len(items) > 2 else "") + f"（Alt+{FINDINGS_KEY} 看核对结果）"
        else:
            head_said = f"{head}——符合方案各项条件，材料齐全"
        for widget in (self, self.next_button, self.save_button):
            if widget.accessibleDescription() != head_said:
                widget.setAccessibleDescription(head_said)
        if self.findings_label.accessibleDescription() != head:
            self.findings_label.setAccessibleDescription(head)

    def _paused(self) -> None:
        """The re-check after a pause in typing; a verdict changed by it is announced
        (never 核对中…, never a keystroke's: only what the pause settled on)."""
        before = self._verdict_said
        self.recheck()
        if self._verdict_said != before and self.isVisible():
            items = len(self._findings_said)
            announce(self, f"按方案核对：{self._verdict_said}"
                     + (f"（{items} 项，Alt+{FINDINGS_KEY} 查看）" if items else ""))

    def _show_findings(self, findings: list[Finding], unreadable: dict[str, str]) -> None:
        if unreadable:  # a field in red: no verdict of the plan, the paper cannot be saved yet
            self._show_unreadable(findings, unreadable)
            return
        blocking = any(f.blocking for f in findings)
        verdict = verdict_of(0 if blocking else 1, int(any(f.missing for f in findings)))
        colour = {"eligible": OK_COLOUR, "refused": ERROR_COLOUR}.get(verdict, WARNING_COLOUR)
        # a duplicate is refused at saving, whatever its verdict: never 可以保存 beside 未保存
        note = (NOT_SAVED_DUPLICATE if self._duplicate and not self.viewing
                else SAVED_AS_TYPED if blocking and not self.viewing else "")
        words = verdict_label(verdict, findings)  # 待补材料（待填收件日期）, as the list says
        shade = ERROR_COLOUR if note == NOT_SAVED_DUPLICATE else MUTED_COLOUR
        self.verdict_label.setText(
            f"<span style='font-size:{larger_text()};color:{themed(colour)}'><b>{words}</b></span>"
            + (f"　<span style='color:{themed(shade)}'>{note}</span>" if note else "")
        )
        self._verdict_said = words + (f"——{note}" if note else "")
        self._findings_said = [f"{SEVERITY_ZH.get(f.severity, f.severity)}：{f.message}"
                               for f in sorted(findings, key=lambda f: not f.blocking)]
        if not findings:
            self.findings_label.setText(
                f"<span style='color:{themed(OK_COLOUR)}'>符合方案各项条件，材料齐全</span>")
            return
        items = "".join(
            f"<li style='margin-bottom:4px'><span style='color:"
            f"{themed(ERROR_COLOUR if f.blocking else WARNING_COLOUR)}'>"
            f"{SEVERITY_ZH.get(f.severity, f.severity)}</span>：{escape(f.message)}</li>"
            for f in sorted(findings, key=lambda f: not f.blocking)
        )
        self.findings_label.setText(f"<ul style='margin-left:-24px'>{items}</ul>")

    def _show_unreadable(self, findings: list[Finding], unreadable: dict[str, str]) -> None:
        """The side panel while a field cannot be read (2021.13.5): it said 待补材料 with a
        提示 while saving was refused. Now: not yet savable, which field and why, first."""
        self.verdict_label.setText(
            f"<span style='font-size:{larger_text()};color:{themed(ERROR_COLOUR)}'><b>尚不能保存</b></span>"
            f"　<span style='color:{themed(MUTED_COLOUR)}'>{UNREADABLE_NOTE}</span>")
        self._verdict_said = f"尚不能保存——{UNREADABLE_NOTE}"
        self._findings_said = [
            f"{'超过字数' if says_too_long(message) else '无法读取'}：{self.rows[key].label}：{message}"
            for key, message in unreadable.items()] + [
            f"{SEVERITY_ZH.get(f.severity, f.severity)}：{f.message}"
            for f in sorted(findings, key=lambda f: not f.blocking) if f.field not in unreadable]
        error = themed(ERROR_COLOUR)
        items = [f"<li style='margin-bottom:4px'><span style='color:{error}'>"
                 f"{'超过字数' if says_too_long(message) else '无法读取'}</span>："
                 f"{escape(self.rows[key].label)}：{escape(message)}</li>"
                 for key, message in unreadable.items()]
        items += [f"<li style='margin-bottom:4px'><span style='color:"
                  f"{themed(ERROR_COLOUR if f.blocking else WARNING_COLOUR)}'>"
                  f"{SEVERITY_ZH.get(f.severity, f.severity)}</span>：{escape(f.message)}</li>"
                  for f in sorted(findings, key=lambda f: not f.blocking)
                  if f.field not in unreadable]  # the field's own finding said above
        self.findings_label.setText(f"<ul style='margin-left:-24px'>{''.join(items)}</ul>")

    # -- saving -----------------------------------------------------------------
    def save(self) -> bool:
        return self._save(next_form=False)

    def save_and_next(self) -> bool:
        return self._save(next_form=self.record.id is None)

    def _save(self, next_form: bool) -> bool:
        if self.viewing:  # Ctrl+S in a paper opened to be read: nothing to save
            return False
        self._unsaved_why = ""
        saved = self._try_save(next_form)
        if not saved:
            # Never the previous paper's 已保存 over this one: why it was refused, or that
            # the clerk went back to the paper (a question answered 返回修改, Esc).
            self._say_unsaved(self._unsaved_why or "已返回修改，改好后再保存",
                              refused=bool(self._unsaved_why))
        return saved

    def _received_refused(self, record: Any) -> str | None:
        """A 收件日期 typed or changed that cannot be (``received_days.paper_refusal``:
        to come, before the plan or the patent's grant / the project's 立项, after its
        资格审核 or 核准), as Ctrl+D and the commands refuse it; one kept as stored is not
        held against a save of the other fields."""
        from boostdesk.received_days import paper_refusal

        day = getattr(record, "received_date", None)
        if day is None or day == getattr(self.record, "received_date", None):
            return None
        return paper_refusal(self.reg, self.campaign, record, day)

    def refuse(self, title: str, text: str, why: str, field: str | None = None) -> None:
        """A save refused: the box saying so (``title``, ``text``) and, once it is closed,
        the banner's 未保存：``why``; the cursor to ``field`` (else the first)."""
        self._unsaved_why = why
        self._say_unsaved(why, refused=True)  # behind the box already
        dialogs.show_error(self, title, text, guarded=True)
        editor = self.rows[field].editor if field in self.rows else next(iter(self.rows.values())).editor
        editor.setFocus()

    def refuse_duplicate(self, duplicate: tuple[str, str]) -> None:
        """The register already holds this paper: refused, the banner naming the one it holds."""
        field, reason = duplicate
        self.refuse("重复申报，未保存", reason, "重复申报——" + reason.split("。")[0], field)

    def _say_unsaved(self, why: str, refused: bool) -> None:
        colour = themed(ERROR_COLOUR if refused else WARNING_COLOUR)
        self._save_line = f"<span style='color:{colour}'><b>未保存</b>：{escape(why)}</span>"
        self._show_banner()

    def _show_banner(self) -> None:
        lines = [line for line in (self._save_line, self._lock_line) if line]
        self.banner.setText("<br>".join(lines))
        self.banner.setVisible(bool(lines))

    def _try_save(self, next_form: bool) -> bool:
        self._timer.stop()
        if self.record.id is None and self._snapshot() == self._initial:
            # Ctrl+Shift+S held a beat long, or pressed on the fresh form: a paper with
            # nothing typed (at most the pile's offered unit and date) is no paper.
            self.refuse("未保存", "表中尚未填写内容：请照申报书填写后再保存。", "表中尚未填写内容")
            return False
        self._show_all = True
        self.recheck()  # every field's reason beside it while the clerk answers or corrects
        values, errors = self.values()
        if errors:
            lines = "\n".join(f"{self.rows[k].label}：{m}" for k, m in errors.items())
            title = ("有内容超过可填的字数，未保存" if all(map(says_too_long, errors.values()))
                     else "有内容无法读取，未保存")
            said = "；".join(f"{self.rows[k].label}：{m}" for k, m in errors.items())
            self.refuse(title, f"请改正后再保存：\n{lines}",
                        f"{title.removesuffix('，未保存')}——{said}", next(iter(errors)))
            return False
        asked = self._ask_names()
        if asked is None:
            return False
        record = self.build_record(self.values()[0] if asked else values)
        duplicate = self.duplicate(record)
        if duplicate:
            self.refuse_duplicate(duplicate)
            return False
        if why := self._received_refused(record):
            self.refuse("收件日期不对，未保存", why, f"收件日期——{why.split('：')[0]}",
                        "received_date")
            return False
        if self.refused_before_asking(record):
            return False
        settled = self.settle(record)
        if settled is None:
            return False
        record, options = settled
        if not options.get("reason"):
            why = self._sheet_reason(record)
            if why is None:
                return False
            if why:
                options = {**options, "reason": why}
        question = self.confirm_first(record)
        if question and not dialogs.ask_yes_no(
            self, "请确认", f"{question}\n\n仍要保存吗？", yes="仍然保存", no="返回修改",
            yes_key="S", guarded=True,  # typing on goes nowhere: her Space pressed 返回修改
        ):
            # back to the field asked about, else the first: not where the save was (the
            # materials, where her typing on ticked and unticked the boxes)
            back = self.confirm_focus(record)
            editor = (self.rows[back].editor if back in self.rows
                      else next(r.editor for r in self.rows.values() if r.editor.isEnabled()))
            editor.setFocus()
            if hasattr(editor, "selectAll"):
                editor.selectAll()
            return False
        loaded = self.record if self.record.id is not None else None  # as opened
        created = self.reg.new_names(("units", record.unit_name),
                                     ("enterprises", getattr(record, "enterprise_name", "")))
        note, self.reg.note = self.reg.note, self._restored_note()
        try:
            result = operations.save_application(self.ctx, record, loaded=loaded, **options)
        finally:
            self.reg.note = note
        if not result.ok:  # the box said why (ctx.write)
            self._unsaved_why = "" if result.cancelled else result.error
            return False
        self.saved_id = result.value
        self._drop_draft()
        self._typed_by = None  # the next paper of the pile is this clerk's own
        self.remember(record)
        message = self._saved_message(result.value)
        if made := made_line(self.reg, created):  # 保存时将新登记, said again once done
            message += f"；{made}"
        self.ctx.notice.emit(message)
        self.saved.emit(result.value)
        if next_form:
            self._next(message)
        else:
            self._initial = self._snapshot()
            self.accept()
        return True

    def _restored_note(self) -> str:
        """The trail's word on a paper another clerk typed and this one restored."""
        if self._typed_by is None or self.record.id is not None:
            return ""
        who, computer = self._typed_by
        return (f"录入人 {who}" + (f"，电脑 {computer}" if computer else "")
                + f"，由 {self.ctx.operator} 恢复并保存")

    def _saved_message(self, app_id: int) -> str:
        table = "patent_applications" if self.STREAM == "patent" else "project_applications"
        row = self.reg.conn.execute(
            f"SELECT eligible, incomplete, findings FROM {table} WHERE id = ?", (app_id,)
        ).fetchone()
        verdict = verdict_of(row[0], row[1]) if row else "unchecked"
        from boostdesk.rules.findings import from_json

        text = (f"已保存，{id_ref(self.STREAM, app_id)}："
                f"{verdict_label(verdict, from_json(row[2])) if row else VERDICT_ZH[verdict]}")
        if row and verdict == "refused":
            reasons = [f.message for f in from_json(row[2]) if f.blocking]
            text += "——" + "；".join(reasons)
        elif row and verdict == "incomplete" and (missing := _missing_said(row[2])):
            text += "——" + missing
        return text

    def _next(self, message: str) -> None:
        for declined in self._names_declined.values():  # the names just saved are known now
            declined.clear()
        self.record = self.blank()
        self._load(self.record)
        self._initial = self._snapshot()
        self._touched.clear()
        self._show_all = False
        colour = (ERROR_COLOUR if "不合格" in message
                  else WARNING_COLOUR if f"：{VERDICT_ZH['incomplete']}" in message else OK_COLOUR)
        # The form is the next paper now: the saved one is 上一份, never this one's 已保存.
        self._save_line = f"<span style='color:{themed(colour)}'>上一份{escape(message)}</span>"
        self._show_banner()
        self.recheck()
        first = next(iter(self.rows.values())).editor
        first.setFocus(Qt.FocusReason.TabFocusReason)
        if hasattr(first, "selectAll"):
            first.selectAll()

    def prefill(self, record: Any) -> Any:
        """A blank record with the facts of the previous paper of the pile."""
        from dataclasses import replace

        memory = self.ctx.memory
        changes = {}
        if memory.get("received_date"):
            changes["received_date"] = memory["received_date"]
        if memory.get(f"{self.STREAM}_unit_name"):
            changes["unit_name"] = memory[f"{self.STREAM}_unit_name"]
        return replace(record, **changes)


def _missing_said(findings: str) -> str:
    """What a paper saved 待补材料 lacks, for the banner: its first missing fact without the
    trailing 请补充 (the banner says it is to be supplied), and how many more there are."""
    from boostdesk.rules.findings import ASK, from_json

    missing = [f.message.removesuffix(ASK) for f in from_json(findings) if f.missing]
    if not missing:
        return ""
    more = f"（另有 {len(missing) - 1} 项待补）" if len(missing) > 1 else ""
    return missing[0] + more


def text_field(words: list[str] | None = None, placeholder: str = "") -> TextField:
    return TextField(placeholder=placeholder, words=words)
