"""Importing a unit's summary table: pick the file, see every row (refused rows and cells
marked with the reason, rows already in the register marked), then commit all or nothing.

Reading and storing run off the UI thread (``AppContext.run_long``) with progress
and cancel; the store is one transaction in the worker's own register connection
(``boostdesk.io.import_commit.commit``), preceded by a backup.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boostdesk.io.batch import (
    BEFORE,
    IMPORTED,
    PARTLY,
    TABLE_SUFFIXES,
    FileResult,
    earlier_import,
    earlier_text,
    is_table,
    new_unions,
    result_line,
    summary_lines,
    table_files,
    unions_of,
    unit_kinds,
)
from boostdesk.io.batch import REFUSED as NOT_IMPORTED
from boostdesk.io.duplicates import (
    RENAME_BOX,
    SIMILAR,
    SIMILAR_BOX,
    find_duplicates,
    keep_corrected_names,
    person_notes,
    refuse_renamed_payees,
    registered_names,
    similar_papers,
    table_studio_notes,
    without_rows,
)
from boostdesk.io.resend import (
    SAME,
    compare,
    earlier_year,
    marks,
    studio_changes,
    unchanged,
    unchanged_line,
    unmask,
)
from boostdesk.io.resend_notes import SCREEN, by_hand_only, missing
from boostdesk.io.set_aside import (
    HIDDEN,
    HIDDEN_WHY,
    OTHER_TABLE,
    box_text,
    set_aside_records,
    taken_line,
    with_registered,
    without_set_aside,
)
from boostdesk.io.template import example_dates
from boostdesk.labels import PHONE_FIELDS, show_value
from boostdesk.models import clock
from boostdesk.models.records import PROJECT, STREAM_ZH, id_ref
from boostdesk.near_names import table_notes
from boostdesk.no_enterprise import (
    import_line,
    imported_studios,
    patent_import_line,
    patent_rows,
    preview_studios,
)
from boostdesk.os_errors import cannot_write
from boostdesk.paths import with_extension
from boostdesk.received_days import refs_text, still_registered
from boostdesk.safety.privacy import mask_message, mask_phone

from . import dialogs
from .announce import SaidLabel
from .context import IMPORT_CANCEL_LEAVES, AppContext, error_text, is_cancellation
from .copy_rows import copyable
from .elided_tips import plain_tips, tip_when_elided
from .export_folder import export_start, import_start, remember_export, remember_import
from .form_widgets import DateField, enter_presses
from .many_rows import ListView
from .scroll_notes import ScrollNotes
from .small_screen import fit_screen
from .style import ERROR_COLOUR, WARNING_COLOUR, escape, grown, verdict_text_colour, verdict_tint
from .theme import MUTED_COLOUR, themed

READY = "可导入"
# The import buttons' Alt letters, kept as their texts change (全部导入（导入 3 行）);
# unique in the dialog with its boxes' M, I, H, 复制问题清单's C and 下一个's N
ALL_KEY = "(&A)"
REST_KEY = "(&S)"
REFUSED = "无法读取"
DUPLICATE = "已登记"
DIFFERS = "与登记册不同"  # registered this year; the table gives some fields otherwise
_TINT = {REFUSED: "refused", DUPLICATE: "incomplete", DIFFERS: "incomplete",
         SIMILAR: "incomplete", HIDDEN: "incomplete",
         OTHER_TABLE: "incomplete"}  # the verdict whose tint a row takes
_MASKED_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def hide_phones(text: str, phones: Iterable[str]) -> str:
    """``text`` with each of ``phones`` (a row's, as the table gives them: a landline
    too, which no pattern knows) masked as the pane shows a phone (138****8000)."""
    for phone in phones:
        if sum(ch.isdigit() for ch in phone) >= 7 and phone in text:
            text = text.replace(phone, mask_phone(phone))
    return text


_VERDICT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                  Qt.ItemDataRole.ForegroundRole)
Index = QModelIndex | QPersistentModelIndex
HIDDEN_NOTE = HIDDEN_WHY  # a hidden row taken all the same (仍导入隐藏的行…)
# before a row's notes on cells written otherwise than the form (√ read as 是): grey
READ_AS_NOTE = "（不算问题）"
# A project shows its studio's level, 示范性 and enterprise (the row's leader and union are its own).
STUDIO_OWN = frozenset({"studio_level", "model_studio", "enterprise_name"})
RESULTS_HEIGHT = 140  # the files done, above the preview while files remain
NOTES_LINES = 6  # the summary above the preview: this many lines, then scrolled
VERDICT_COLUMN = 3  # 导入后资格: what the rules will say of a row to be stored
FIRST_FIELD = 4  # the table's own columns from here
JUDGING = "正在核对…"
RECEIVED_EMPTY = "登记（留空：这些申报待填收件日期）"  # beside the box while it is empty
RECEIVED_TIP = ("收件日期是本办收到纸质申报的日期（方案三报送时限据此核对），由本办填写，推荐单位不填。"
                "表中未填的行按这里的日期登记；留空则这些申报导入后为“待填收件日期”（不是待补材料，"
                "核对意见不向推荐单位索要），之后在“专利助推”或“创新项目”中选中（可多选）→ 编辑 → "
                "填写收件日期（Ctrl+D）。不默认今天：汇总表常在收件几天后才导入，按今天登记会把按时"
                "收到的申报判为逾期")
QWIDGETSIZE_MAX = 16_777_215


__all__ = ["TABLE_SUFFIXES", "ImportDialog", "dropped_table", "dropped_tables"]


def dropped_tables(mime: QMimeData) -> list[Path]:
    """The spreadsheets and folders among files dragged in (from Explorer, or an e-mail's
    attachments), in their order; [] when none is one."""
    found = []
    for url in mime.urls() if mime.hasUrls() else ():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if is_table(path) or _is_folder(path):
                found.append(path)
    return found


def dropped_table(mime: QMimeData) -> Path | None:
    """The first of :func:`dropped_tables`, or None."""
    return next(iter(dropped_tables(mime)), None)


def _row_list(rows: list[int]) -> str:
    shown = "、".join(str(r) for r in rows[:20])
    return f"第 {shown} 行" + (f"等 {len(rows)} 行" if len(rows) > 20 else "")


# What Ctrl+Z says after an import (the status bar): how its papers and renames are undone
IMPORT_NOT_UNDONE = ("导入不能用 Ctrl+Z 撤销：导入的申报如有不该导入的，请在“专利助推”或“创新项目”中选中后"
                     "“删除”；按表改错的人员姓名，请在“单位与人员”→“人员”中更正")


class PreviewModel(QAbstractTableModel):
    """Every data row of the sheet in sheet order: read, refused (why) or already registered."""

    def __init__(self, preview: Any, duplicates: dict[int, str], parent: Any = None,
                 notes: list[tuple[int, str]] | None = None,
                 kept: dict[tuple[int, str], Any] | None = None,
                 matches: dict[int, Any] | None = None,
                 same: set[int] | None = None, similar: set[int] | None = None,
                 set_aside: dict[int, tuple[Any, Any]] | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        matches = matches or {}
        # (row, field) -> the register's value where a registered row's differs (io.resend)
        self.registered = {(row, d.field): d.stored for row, m in matches.items()
                           for d in m.differences}
        self.notes: dict[int, list[str]] = {}  # row -> 提示 on its studio's or person's facts
        # (row, field) -> what is stored instead of the row's value (a studio's facts kept)
        self.kept: dict[tuple[int, str], Any] = {}
        self.hidden = set(getattr(preview, "hidden_rows", ()))
        self.read_as: dict[int, list[str]] = getattr(preview, "read_as", {})
        # read whole, but to check (its last cells one along, its blank 推荐单位 filled)
        self.to_check = {row: [text] for row, text in getattr(preview, "to_check", {}).items()}
        # row -> (the registered name kept, the table's spelling): a question on the row
        self.asked_names: dict[int, tuple[str, str]] = {}
        # row -> its verdict once stored (io.import_verdicts.RowVerdict); None: not known,
        # ``verdict_note`` says why (being judged, a read-only register)
        self.verdicts: dict[int, Any] | None = None
        self.verdict_note = JUDGING
        # registered rows 按表更新 takes: judged too, as they will be once updated
        self.updating: set[int] = set()
        self.set_notes(notes or [], kept)
        self.fields = list(preview.columns)  # field -> header as written in the sheet
        self.headers = [preview.columns[f] for f in self.fields]
        records = dict(zip(preview.rows, preview.records, strict=True))
        errors: dict[int, list[Any]] = {}
        for e in preview.errors:
            errors.setdefault(e.row, []).append(e)
        self.lines: list[tuple[int, str, Any, list[Any]]] = []
        # hidden rows, another table's: taken out of the preview, shown with why (set_aside)
        set_aside = set_aside or {}
        # another table's rows taken all the same (仍导入…另一张表的行): still said where from
        self.taken = {row: [said.taken] for row, said in getattr(preview, "set_aside", {}).items()
                      if said.kind == OTHER_TABLE and row not in set_aside}
        for row in sorted({*records, *errors, *set_aside}):
            if row in set_aside:
                said, record = set_aside[row]
                self.lines.append((row, said.kind, record, [said.why]))
            elif row in errors:
                self.lines.append((row, REFUSED, None, errors[row]))
            elif row in (same or ()):  # the registered paper as the table gives it: passed over
                self.lines.append((row, SAME, records[row], [duplicates[row]]))
            elif row in (similar or ()):  # a registered paper with slips, maybe: asked
                self.lines.append((row, SIMILAR, records[row], [duplicates[row]]))
            elif row in duplicates:
                state = DIFFERS if row in matches and matches[row].differences else DUPLICATE
                self.lines.append((row, state, records[row], [duplicates[row]]))
            else:
                self.lines.append((row, READY, records[row], []))

    def set_notes(self, notes: list[tuple[int, str]],
                  kept: dict[tuple[int, str], Any] | None = None) -> None:
        # Only the studio's own facts: the row's leader and union are the application's.
        self.kept = {k: v for k, v in (kept or {}).items() if k[1] in STUDIO_OWN}
        self.notes = {}
        for row, text in notes:
            self.notes.setdefault(row, []).append(text.split("：", 1)[-1])
        if getattr(self, "lines", None):
            self.dataChanged.emit(self.index(0, 2),
                                  self.index(len(self.lines) - 1, self.columnCount() - 1))

    def set_verdicts(self, verdicts: dict[int, Any] | None, note: str = "",
                     updating: set[int] | None = None) -> None:
        """The rows' verdicts once stored (``import_verdicts.preview_verdicts``), or None
        with why they are not shown; ``updating``: the registered rows being judged as
        updated (their verdicts among ``verdicts`` once judged)."""
        self.verdicts, self.verdict_note = verdicts, note
        if updating is not None:
            self.updating = updating
        if self.lines:
            self.dataChanged.emit(self.index(0, VERDICT_COLUMN),
                                  self.index(len(self.lines) - 1, VERDICT_COLUMN))

    def verdict(self, row: int) -> Any:
        """The RowVerdict of a sheet row to be stored, or None."""
        return self.verdicts.get(row) if self.verdicts is not None else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIRST_FIELD + len(self.fields)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and section == VERDICT_COLUMN:
            return ("可导入的行导入后按方案自动核对的结论（与导入时存入登记册的相同）：合格、不合格"
                    "及原因、待补材料及所缺各项")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return ("行号", "结果", "原因", "导入后资格", *self.headers)[section]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """By a column (a header clicked): 导入后资格 groups 不合格, 待补材料, 合格; the rows
        not to be stored after them. Sheet order within each group."""
        if not self.lines:
            return
        rank = {"refused": 0, "incomplete": 1, "eligible": 2}

        def key(n: int, line: Any) -> Any:
            if column == 0:
                return line[0]
            if column == VERDICT_COLUMN:  # by verdict, each in sheet order
                found = self.verdict(line[0])
                return rank.get(found.verdict, 3) if found else 4
            return str(self.data(self.index(n, column)) or "")

        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        moved = [self.lines[i.row()] for i in before]
        keys = {id(line): key(n, line) for n, line in enumerate(self.lines)}
        self.lines.sort(key=lambda line: line[0])
        self.lines.sort(key=lambda line: keys[id(line)],
                        reverse=order == Qt.SortOrder.DescendingOrder)
        at = {id(line): n for n, line in enumerate(self.lines)}
        self.changePersistentIndexList(
            before, [self.index(at[id(line)], i.column()) for line, i in zip(moved, before, strict=True)])
        self.layoutChanged.emit()

    def copy_texts(self, rows: Sequence[int], columns: Sequence[int]) -> Iterator[list[str]]:
        """Ctrl+C's texts: the cells as shown, a phone shown whole in its cell masked (a
        copy goes into an e-mail or a chat, often to the union), and any ID, card or
        mobile number in them; a shared card's other holder unnamed (he may be another
        union's applicant: the clerk's cell names him, the copy does not)."""
        from boostdesk.rules.findings import without_other_holder

        for r in rows:
            phones = self.row_phones(r)
            yield [mask_message(without_other_holder(
                hide_phones(str(self.data(self.index(r, c)) or ""), phones))) for c in columns]

    def row_phones(self, r: int) -> list[str]:
        """The phone numbers (as the table gives them) of the grid's row ``r``."""
        record = self.lines[r][2]
        if record is None:
            return []
        return [str(v) for f in self.fields if f in PHONE_FIELDS
                for v in (getattr(record, f, None),) if v]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """:meth:`shown`, masked: a phone is whole only in its own cell (to compare with
        the paper); in every other column and every tooltip it is masked, as are an ID,
        card or mobile number quoted anywhere."""
        value = self.shown(index, role)
        if (role not in _MASKED_ROLES or not isinstance(value, str)
                or sum(ch.isdigit() for ch in value) < 7):
            return value
        col = index.column()
        if (role == Qt.ItemDataRole.DisplayRole and col >= FIRST_FIELD
                and self.fields[col - FIRST_FIELD] in PHONE_FIELDS):
            return value
        return mask_message(hide_phones(value, self.row_phones(index.row())))

    def shown(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, result, record, problems = self.lines[index.row()]
        col = index.column()
        if col == VERDICT_COLUMN and role in _VERDICT_ROLES:
            return self._verdict_data(row, result, role)
        # a phone, card or ID a message quotes masked (a difference's are already): the
        # reasons are what the clerk reads out and sends back to the union
        reasons = [mask_message((f"“{p.column}”：{p.message}" if p.column else p.message)
                                if hasattr(p, "column") else str(p))
                   for p in problems] or [
                       *self.notes.get(row, []), *self.to_check.get(row, ())] or (
                       [HIDDEN_NOTE] if row in self.hidden else self.taken.get(row, []))
        read = [READ_AS_NOTE + "；".join(self.read_as[row])] if (
            row in self.read_as and not problems) else []
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(row)
            if col == 1:  # a row asking about a name: not a bare 可导入
                return f"{result}（请核对姓名）" if row in self.asked_names else result
            if col == 2:
                return "；".join([*reasons, *read])
            field = self.fields[col - FIRST_FIELD]
            if record is None:
                cell = self._cell_error(problems, self.headers[col - FIRST_FIELD])
                return f"✗ {cell}" if cell else ""
            value = getattr(record, field, None)
            shown = "" if value is None or value == "" else show_value(field, value)
            if field in PHONE_FIELDS and shown:
                # the table's phone whole in its cell, to compare with the paper: the union's
                # own data being typed in (a message or a copy of it masks it: copy_texts)
                shown = str(value)
            if (row, field) in self.kept:  # stored as the register has it: say so in the cell
                return f"{show_value(field, self.kept[(row, field)])}（表中：{shown}）"
            if field == "inventor_name" and row in self.asked_names:  # his name kept: asked
                return f"{self.asked_names[row][0]}（表中：{self.asked_names[row][1]}）"
            if (row, field) in self.registered:
                return f"{shown}（登记册：{show_value(field, self.registered[(row, field)])}）"
            return shown
        if role == Qt.ItemDataRole.ToolTipRole:
            if col >= FIRST_FIELD and (row, self.fields[col - FIRST_FIELD]) in self.kept:
                return "按登记册登记，表中的不登记：\n" + "\n".join(reasons)
            return "\n".join([*reasons, *read]) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            if record is None and col >= FIRST_FIELD and self._cell_error(problems, self.headers[col - FIRST_FIELD]):
                return QColor(themed("#f8c9c4"))
            return verdict_tint(_TINT[result]) if result in _TINT else None
        if (role == Qt.ItemDataRole.ForegroundRole and col >= FIRST_FIELD
                and ((row, self.fields[col - FIRST_FIELD]) in self.kept
                     or (self.fields[col - FIRST_FIELD] == "inventor_name"
                         and row in self.asked_names)
                     or (row, self.fields[col - FIRST_FIELD]) in self.registered)):
            return QColor(themed(WARNING_COLOUR))
        if role == Qt.ItemDataRole.ForegroundRole and col == 1 and row in self.asked_names:
            return QColor(themed(WARNING_COLOUR))
        if role == Qt.ItemDataRole.ForegroundRole and col in (1, 2) and result == SAME:
            return QColor(themed(MUTED_COLOUR))  # nothing to do: not a warning
        if role == Qt.ItemDataRole.ForegroundRole and col in (1, 2) and result != READY:
            return QColor(themed(ERROR_COLOUR if result == REFUSED else WARNING_COLOUR))
        if role == Qt.ItemDataRole.ForegroundRole and col == 2 and reasons:
            return QColor(themed(WARNING_COLOUR))  # a studio's or person's fact given otherwise
        if role == Qt.ItemDataRole.ForegroundRole and col == 2 and read:
            return QColor(themed(MUTED_COLOUR))  # read as the form says it: no problem
        return None

    def _verdict_data(self, row: int, result: str, role: int) -> Any:
        """导入后资格: a row to be stored, or a registered row 按表更新 takes, as the rules
        will judge it once stored or updated; nothing for the others."""
        found = self.verdict(row)
        if result != READY and found is None and (row not in self.updating
                                                  or self.verdicts is not None):
            return None if role != Qt.ItemDataRole.DisplayRole else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return found.text if found is not None else self.verdict_note
        if role == Qt.ItemDataRole.ToolTipRole:
            return found.details if found is not None else self.verdict_note or None
        return verdict_text_colour(found.verdict) if found is not None else None

    @staticmethod
    def _cell_error(problems: list[Any], header: str) -> str:
        return "；".join(p.message for p in problems if getattr(p, "column", None) == header)

    def rows_with(self, result: str) -> list[int]:
        """The sheet rows of ``result``, in sheet order (the view may be sorted otherwise)."""
        return sorted(line[0] for line in self.lines if line[1] == result)


@dataclass(frozen=True)
class Analysed:
    """A table read and compared with the register: what the preview shows. Worked out on
    the reading worker's own connection (≈ 2 s for 10,000 rows: the window stayed frozen
    that long when it was done on the UI thread after the read)."""

    preview: Any
    names_kept: list[tuple[int, str]]
    matches: dict[int, Any]
    gone: list[str]
    duplicates: Any
    notes: list[tuple[int, str]]
    kept: dict[tuple[int, str], Any]
    restudied: set[int]  # registered rows that, taken, would change their studio
    verdicts: dict[int, Any] | None = None  # row to store -> its verdict (judge_preview)
    verdict_note: str = ""  # why there are none
    # the judging behind ``verdicts`` (import_commit.Judged): the import stores them
    # without judging the rows again while the register is unchanged
    judged: Any = None
    # a union's registered papers its whole table sent again lacks (resend_notes.Missing)
    missing: tuple[Any, ...] = ()
    # row -> (registered name kept, the table's spelling): asked (duplicates.registered_names)
    names_asked: dict[int, tuple[str, str]] = field(default_factory=dict)
    # registered papers as the table gives them, studio too: passed over (resend.unchanged)
    same: set[int] = field(default_factory=set)
    # rows that may be a registered paper written with slips (duplicates.similar_papers)
    similar: set[int] = field(default_factory=set)
    # rows set apart (hidden, another table's), taken out of ``preview``: row -> (why, record)
    set_aside: dict[int, tuple[Any, Any]] = field(default_factory=dict)
    # the registered papers of its rows still 已登记 with no 收件日期: the box's date fills
    # them, as ``import --received`` does (received_days.still_registered)
    undated: tuple[int, ...] = ()
    # those the table itself gives a 收件日期: each its row's day (resend.Match.received)
    own_days: dict[int, date] = field(default_factory=dict)


def analyse(reg: Any, preview: Any, update_studios: bool,
            cancelled: Any = lambda: False, received: date | None = None,
            registered_studios: bool = False, progress: Any = None,
            rename_people: bool = False, import_similar: bool = False,
            import_set_aside: bool = False) -> Analysed:
    """The rows the register has already, differs on, or names otherwise; the table's
    unions' applications it lacks; the studio and person notes of the rows to store, and
    the verdict each will be stored with (收件日期 ``received`` where the table gives none).
    ``registered_studios``: a studio written otherwise than a registered one the rule
    calls the same is taken as it (``import_preview.with_registered_studios``).
    ``progress(done, total)``: its steps done (the judging counted as the heavier part).
    ``rename_people``: a registered person's name spelt otherwise is taken from the table
    (else his registered name is kept and the row asks: ``duplicates.registered_names``).
    ``import_similar``: rows that may be a registered paper with slips are stored as new
    papers (else marked: ``duplicates.similar_papers``). ``import_set_aside``: hidden rows and
    another table's under the main one are the table's (else marked and left out of the
    rest: ``io.set_aside``)."""
    from boostdesk.cancel_points import watching

    with watching(cancelled):  # the checks below stop between rows on 取消
        held = {} if import_set_aside else set_aside_records(with_registered(reg, preview))
        found = _analyse(reg, without_set_aside(preview) if held else preview, update_studios,
                         cancelled, received, registered_studios, progress, rename_people,
                         import_similar)
        return replace(found, set_aside=held) if held else found


# _analyse's step() calls; the judging after them (the rules' verdicts) weighted as all
# of them together (its share of the time at 10,000 rows: ≈ half)
_STEPS = 9
_WEIGHT = _STEPS * 2


def _analyse(reg: Any, preview: Any, update_studios: bool, cancelled: Any,
             received: date | None, registered_studios: bool,
             progress: Any = None, rename_people: bool = False,
             import_similar: bool = False) -> Analysed:
    from boostdesk.cancel_points import checkpoint

    done = 0

    def step() -> None:
        nonlocal done
        checkpoint()
        done += 1
        if progress is not None:
            progress(done, _WEIGHT)

    preview = unmask(reg, preview)
    step()
    preview = refuse_renamed_payees(reg, preview)
    step()
    preview, names_kept = keep_corrected_names(reg, preview)
    if registered_studios:
        from boostdesk.io.import_preview import with_registered_studios

        preview, taken = with_registered_studios(reg, preview)
        names_kept = [*names_kept, *taken]
    from boostdesk.io.other_studios import with_other_studios

    preview, others = with_other_studios(reg, preview)  # a second 技术创新工作室: its own
    names_kept = [*names_kept, *others]
    step()
    matches = compare(reg, preview, rename_people)
    # a registered person's name spelt otherwise on a new paper: kept, and asked
    preview, name_notes, names_asked = registered_names(reg, preview, rename_people, matches)
    names_kept = [*names_kept, *name_notes]
    step()
    lacked = tuple(missing(reg, preview, matches))
    step()
    duplicates = marks(matches, preview.stream, preview.year, find_duplicates(reg, preview))
    similar = ({} if import_similar
               else similar_papers(reg, preview, {*duplicates, *matches}))
    duplicates = dict(sorted({**duplicates, **similar}.items()))
    step()
    gone = earlier_year(reg, preview, duplicates)
    step()
    kept: dict[tuple[int, str], Any] = {}
    notes = fact_notes(reg, preview, names_kept, update_studios,
                       list(duplicates), kept, registered=list(matches))
    step()
    restudied = restudied_rows(reg, preview, matches, update_studios)
    step()
    judged: list[Any] = []
    verdicts, why = judge_preview(reg, to_store(preview, duplicates, matches), update_studios,
                                  received, None, cancelled, kept=judged)
    if progress is not None:
        progress(_WEIGHT, _WEIGHT)
    same = unchanged(matches, studio_changes(reg, preview, matches))
    lacking = still_registered(reg, preview.stream, registered_ids(matches))
    given = {m.app_id: m.received for m in matches.values() if not m.clash and m.received}
    own_days = {i: given[i] for i in lacking if i in given}
    undated = tuple(i for i in lacking if i not in own_days)
    return Analysed(preview, names_kept, matches, gone, duplicates, notes, kept, restudied,
                    verdicts, why, judged[-1] if judged else None, lacked, names_asked, same,
                    set(similar), undated=undated, own_days=own_days)


def filled_text(reg: Any, stream: str, filled: Any, day: date) -> str:
    """What an import's fill of its registered papers' 收件日期 did (``Filled``), in the
    words ``import --received`` says it; empty when none lacked one."""
    from boostdesk.received_days import said

    text = (f"；已为表中已登记、尚无收件日期的 {len(filled.was)} 份申报填写收件日期 "
            f"{day.isoformat()}：{refs_text(stream, sorted(filled.was))}（已有收件日期的不变）"
            if filled.was else "")
    more = said(reg, stream, filled, day)
    return text + (f"；{more}" if more else "")


def season_of(c: Any) -> tuple[date, date]:
    """A year's 收件 days (its plan's issue to its 报送截止日): where a 收件日期 without its
    year is read, as the paper form reads it."""
    return (c.issued_date, c.submission_deadline)


def registered_ids(matches: dict[int, Any]) -> list[int]:
    """The registered papers a table's rows are (a disputed row's is not the table's)."""
    return [m.app_id for m in matches.values() if not m.clash]


def to_store(preview: Any, duplicates: Any, matches: dict[int, Any]) -> Any:
    """The rows an import stores: none registered or repeated (those are updated, or left)."""
    return without_rows(preview, sorted({*duplicates, *matches}))


def judge_preview(reg: Any, stored: Any, update_studios: bool, received: date | None,
                  registered: dict[int, Any] | None,
                  cancelled: Any = lambda: False,
                  updates: dict[int, Any] | None = None,
                  kept: list[Any] | None = None) -> tuple[dict[int, Any] | None, str]:
    """Each row of ``stored`` -> the verdict the import will store for it, and each row of
    ``updates`` -> its application's once updated, judged by the import's own steps
    (``io.import_verdicts.preview_verdicts``); or None and why not. ``kept``: the
    judging appended to it (``import_commit.Judged``), for the import to reuse."""
    from boostdesk.cancel_points import watching
    from boostdesk.io.import_verdicts import preview_verdicts
    from boostdesk.safety.session import RegisterReadOnly

    try:
        with watching(cancelled):  # judged again in the background: stops between rows
            return preview_verdicts(reg, stored, received_date=received,
                                    update_studios=update_studios, registered=registered,
                                    cancelled=cancelled, updates=updates, kept=kept), ""
    except RegisterReadOnly:
        return None, "未核对（登记册只读）"


def restudied_rows(reg: Any, preview: Any, matches: dict[int, Any],
                   update_studios: bool) -> set[int]:
    """The registered rows whose studio facts, were the clerk to take those rows, would
    change a studio the register has (a table re-sent to correct a studio's level only):
    work for 按表更新已登记申报中不同的项 though no application fact differs."""
    from boostdesk.io.duplicates import table_studio_notes

    if not matches or preview.stream != PROJECT:
        return set()
    changed: set[int] = set()
    table_studio_notes(reg, preview, (), list(matches), True, update_studios, changed=changed)
    return changed & set(matches)


def fact_notes(reg: Any, preview: Any, names_kept: list[tuple[int, str]],
               update_studios: bool, duplicates: list[int],
               kept: dict[tuple[int, str], Any] | None = None,
               registered: list[int] | None = None, taken: bool = False,
               changed: set[int] | None = None) -> list[tuple[int, str]]:
    """The 提示 on studio and person facts of the rows that would be stored (not those
    already registered or repeated), and on the studio facts of the ``registered`` rows
    (this year's already: taken as the new rows' when the clerk takes those rows,
    ``taken``); ``kept`` gets the studio facts stored instead of a row's, ``changed`` the
    rows changing a registered studio."""
    stored = without_rows(preview, sorted(duplicates))
    rows = set(stored.rows)
    from boostdesk.cancel_points import checkpoint

    kept = {} if kept is None else kept  # (an enterprise a studio does not take: no note)
    notes = [*table_studio_notes(reg, preview, stored.rows, registered or [], taken,
                                 update_studios, kept=kept, changed=changed),
             *((row, text) for row, text in names_kept if row in rows)]
    checkpoint()
    notes += person_notes(reg, stored)
    checkpoint()
    notes += table_notes(reg, stored, kept)
    return sorted(notes, key=lambda note: note[0])  # stable: a row's notes in their order


def _is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder; False for a name the system refuses to look up (a
    paste of 2,000 characters: 文件名太长, said when it is read as a file, not raised)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def typed_path(text: str) -> Path:
    """The path typed or pasted into 文件: a file manager's or browser's file:// address
    copied as it shows it is the file it names (it was looked for as a file named so)."""
    if text.lower().startswith("file:"):
        from PySide6.QtCore import QUrl

        local = QUrl(text).toLocalFile()
        if local:
            return Path(local)
    return Path(text)


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview: Any = None
        self.model: PreviewModel | None = None
        self.matches: dict[int, Any] = {}  # rows registered this year already (io.resend)
        self.undated: tuple[int, ...] = ()  # their papers lacking a 收件日期 (Analysed.undated)
        self.own_days: dict[int, date] = {}  # those the table dates itself (Analysed.own_days)
        self.restudied: set[int] = set()  # of those, the rows that would change their studio
        self.gone: list[str] = []  # a table of an earlier year sent again (earlier_year)
        # a union's registered papers its whole table lacks: a line each, folded
        self.missing: tuple[Any, ...] = ()
        self.missing_shown = False  # unfolded by its link (列出)
        self.names_kept: list[tuple[int, str]] = []  # rows given a corrected name
        # a table refused whole (no key column, nothing in it): what 复制问题清单 copies
        self.refused_text = ""
        # the table the per-table choices (Alt+M, Alt+I) were made for: cleared for another
        self.choices_for: Path | None = None
        self.sheet: str | None = None  # the worksheet chosen where two hold this year's rows
        # rows naming a registered person otherwise: his name kept, asked (registered_names)
        self.names_asked: dict[int, tuple[str, str]] = {}
        self.imported: list[int] = []
        # several files (dropped together, chosen together, a folder): one after another
        self.queue: list[Path] = []  # waiting
        self.current: Path | None = None  # in the preview
        self.results: list[FileResult] = []  # what became of each file done
        self.backed_up = False  # the queue's first import backed the register up
        # a table being stored: 导入 clicked again (a double click, before the progress
        # dialog shows) must not store it a second time
        self.storing = False
        self.judging: Any = None  # the preview's verdicts judged again (a LongTask)
        # the read whose end the preview waits for (a LongTask); one given up (its file
        # skipped, another read instead) is cancelled and its end dropped
        self.reading: Any = None
        self.judged_for: tuple[Any, ...] | None = None  # the choices they were judged with
        # the judging behind the verdicts shown (import_commit.Judged), the window
        # connection's change token before it began and the task it came from (done, its
        # connection closed): the import stores those verdicts instead of judging the rows
        # again when the token has not moved since
        self.kept_judged: tuple[Any, Any, Any] | None = None
        self.read_token: tuple[Any, Any] = (None, None)  # the read's token and task
        self.setWindowTitle(f"导入汇总表 — {ctx.year} 年度")
        self.setObjectName("import_dialog")

        self.path = QLineEdit()
        self.path.setObjectName("path")
        self.path.setAccessibleName("汇总表文件")
        self.path.setAccessibleDescription("汇总表文件（.xlsx 或 .xls）的路径，回车读取；或按 Ctrl+O 选择文件")
        self.path.setPlaceholderText("汇总表文件（.xlsx 或 .xls）的路径，回车读取；或按 Ctrl+O 选择文件")
        self.path.returnPressed.connect(self.read)
        self.path.setAcceptDrops(False)  # a file dropped on it is read, not typed in as a URL
        self.setAcceptDrops(True)
        browse = QPushButton("选择文件…（Ctrl+O）")
        browse.setAutoDefault(False)
        browse.clicked.connect(self.browse)
        # .connect, not activated=: PySide6 keeps the keyword's connection for good
        QShortcut(QKeySequence.StandardKey.Open, self).activated.connect(self.browse)
        blank = QPushButton("空白汇总表…")
        blank.setObjectName("blank_tables")
        blank.setAutoDefault(False)
        patents, projects = (ctx.attachment(key, "{}") for key in
                             ("patent_summary", "project_summary"))
        blank.setToolTip(f"生成 {ctx.year} 年度的空白专利汇总表、项目汇总表，发给报送单位填写："
                         "表头与本程序一致，填表说明按本年度计划举例")
        menu = QMenu(blank)
        menu.addAction(f"{patents} 专利汇总表(&P)…".lstrip(), lambda: self.save_template("patent"))
        menu.addAction(f"{projects} 项目汇总表(&J)…".lstrip(), lambda: self.save_template("project"))
        blank.setMenu(menu)
        top = QHBoxLayout()
        top.addWidget(QLabel("文件"))
        top.addWidget(self.path, 1)
        top.addWidget(browse)
        top.addWidget(blank)

        self.queue_label = QLabel()
        self.queue_label.setObjectName("queue")
        self.queue_label.setWordWrap(True)
        self.queue_label.setVisible(False)
        self.results_list = QListWidget()
        plain_tips(self.results_list)  # a file named “<b>…” as named
        self.results_list.setObjectName("results")
        self.results_list.setAccessibleName("各文件导入结果")
        self.results_list.setToolTip("已处理的文件；未导入的文件上按回车或双击，重新读取该文件")
        self.results_list.setMaximumHeight(RESULTS_HEIGHT)
        self.results_list.setVisible(False)
        self.results_list.itemActivated.connect(self._reopen)
        # its line said as it changes (read, refused, imported), and heard with the dialog
        # and its import buttons (SaidLabel)
        self.summary = SaidLabel(f"专利汇总表{ctx.attachment('patent_summary')}或项目汇总表"
                              f"{ctx.attachment('project_summary')}，按表头自动识别；导入前不会改动登记册"
                              "（可一次选择或拖入多个文件、一个文件夹，逐个导入）", says=True)
        self.summary.setWordWrap(True)
        self.summary.linkActivated.connect(self._toggle_missing)  # 列出 / 收起 the lacked papers
        self.summary_area = ScrollNotes(self.summary, NOTES_LINES)
        self.summary_area.setObjectName("summary_area")
        self.table = ListView()
        self.table.setObjectName("preview")
        self.table.setAccessibleName("导入预览")
        copyable(self.table, ctx.notice.emit)  # the rows to send back to a unit
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the preview (↑↓ move in it), to the buttons
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)  # 导入后资格 clicked: 不合格 first, then 待补材料
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        tip_when_elided(self.table)  # a unit's 40-character enterprise is cut: whole when pointed at

        # a 收件日期 without its year (10月28日) read in the year's season, as the form reads
        # it (the table's year once read: ``_season``), how it was read said beside the box
        self.received = DateField(example=example_dates(ctx.campaign())["received_date"],
                                  season=season_of(ctx.campaign()))
        self.received.setObjectName("received")
        self.received.setAccessibleName("表中未填收件日期的按此日期登记")
        # The date and the two boxes on a row of their own, the buttons below: on one row
        # a re-sent table's long 全部导入（导入 1 行、更新 1 项已登记的） crushed the date
        # field to a few pixels, a typed date no longer readable.
        self.received.setMinimumWidth(grown(self.received, 110))
        self.received.editingFinished.connect(self.rejudge)  # 待补: its 收件日期 given or not
        # a date typed is work at once for a table of registered papers lacking theirs:
        # its 全部导入 enabled as she types (a disabled button took no Tab to leave the box)
        self.received.textChanged.connect(lambda _text: self._set_buttons())
        self.received_note = QLabel(RECEIVED_EMPTY)
        self.received_note.setObjectName("received_note")
        self.received.textChanged.connect(lambda _text: self._say_received())
        options = QHBoxLayout()
        # Left empty, not today: the 收件日期 is the day the papers came (方案三's 报送时限),
        # and a table is often imported days later — today would judge papers received in
        # time as late. Empty, they wait, said so, for the office to fill it in.
        self.received.setToolTip(RECEIVED_TIP)
        self.received.setAccessibleDescription(RECEIVED_TIP)
        options.addWidget(QLabel("表中未填收件日期的按"))
        options.addWidget(self.received)
        options.addWidget(self.received_note)
        options.addStretch(1)
        self.update_studios = QCheckBox("按表中信息更新已登记的工作室")
        self.update_studios.setObjectName("update_studios")
        self.update_studios.setToolTip(
            "不勾选：已登记工作室的级别、示范性、领衔人、推荐单位、所在单位保留登记册的，表中不同之处"
            "逐行提示；勾选：按表中所填更新（该工作室的其他申报随之重新核对；已获助推的工作室级别不变）")
        self.update_studios.setVisible(False)
        self.update_studios.toggled.connect(self._studio_choice_changed)
        options.addWidget(self.update_studios)
        self.registered_studios = QCheckBox("按已登记的工作室登记名称相近的工作室")
        self.registered_studios.setObjectName("registered_studios")
        self.registered_studios.setToolTip(
            "勾选：表中工作室名称与已登记的工作室只差“职工”“劳模”“技术”“创新”“工作室”、括号或空格"
            "（领衔人相同或未填）的，按已登记的工作室登记（逐行提示）；不勾选：按新工作室登记"
            "（确是另一工作室时）")
        self.registered_studios.setVisible(False)
        self.registered_studios.toggled.connect(self._studio_names_changed)
        options.addWidget(self.registered_studios)
        self.rename_people = QCheckBox(f"{RENAME_BOX}(&M)")
        self.rename_people.setObjectName("rename_people")
        self.rename_people.setToolTip(
            "表中第一发明人的姓名与登记册中同一身份证号的人不同（只差间隔号“·”的不算）。不勾选：按登记册"
            "的姓名登记，不改名，逐行列出请核对；勾选：按表中写法更正此人姓名，其全部申报（含其他单位"
            "报送的）随之改名")
        self.rename_people.setVisible(False)
        self.rename_people.toggled.connect(self._studio_names_changed)
        options.addWidget(self.rename_people)
        self.import_similar = QCheckBox(f"{SIMILAR_BOX}(&I)")
        self.import_similar.setObjectName("import_similar")
        self.import_similar.setToolTip(
            "表中与本年度已登记申报可能是同一份的行（同一第一发明人，专利号只差一位、专利名称只差括号"
            "或标点）。不勾选：与已登记的行一样不导入（跳过）；勾选：确是另一项专利，作为新申报导入")
        self.import_similar.setVisible(False)
        self.import_similar.toggled.connect(self._studio_names_changed)
        options.addWidget(self.import_similar)
        self.import_set_aside = QCheckBox(f"{box_text(set())}(&H)")
        self.import_set_aside.setObjectName("import_set_aside")
        self.import_set_aside.setToolTip(
            "表中隐藏（或筛选掉）的行、主表下面另一张表（如“附：本单位撤回的申报”及其表头之下）的行。"
            "不勾选：不导入（跳过）；勾选：确是本表的申报，作为新申报导入")
        self.import_set_aside.setVisible(False)
        self.import_set_aside.toggled.connect(self._studio_names_changed)
        options.addWidget(self.import_set_aside)
        self.update_registered = QCheckBox("按表更新已登记申报中不同的项")
        self.update_registered.setObjectName("update_registered")
        self.update_registered.setToolTip(
            "不勾选：已登记的申报不变，与表中不同之处逐行列出；勾选：按表中所填更新这些申报（登记后"
            "修改过的项、已进入评审、公示、核准或拨付的申报不更新），更新记入修改记录，注明汇总表文件")
        self.update_registered.setVisible(False)
        self.update_registered.toggled.connect(self._studio_choice_changed)
        options.addWidget(self.update_registered)
        self.import_all = QPushButton(f"全部导入{ALL_KEY}")
        self.import_all.setObjectName("import_all")
        self.import_all.clicked.connect(lambda: self.commit(skip=False))
        self.import_rest = QPushButton(f"跳过标出的行，导入其余{REST_KEY}")
        self.import_rest.setObjectName("import_rest")
        self.import_rest.clicked.connect(lambda: self.commit(skip=True))
        self.copy_problems = QPushButton("复制问题清单(&C)")
        self.copy_problems.setObjectName("copy_problems")
        self.copy_problems.setToolTip("把无法读取、重复和按方案核对不合格的行及原因复制下来，"
                                      "粘贴到邮件中发给报送单位")
        self.copy_problems.clicked.connect(self.copy_problem_list)
        self.next_file = QPushButton("不导入此文件，下一个(&N)")
        self.next_file.setObjectName("next_file")
        self.next_file.setToolTip("此文件先不导入（记为未导入，可在结果列表中重新读取），读取下一个文件")
        self.next_file.clicked.connect(self.skip_file)
        self.next_file.setVisible(False)
        close = QPushButton("关闭（Esc）")
        close.clicked.connect(self.reject)
        self.summary.describes(self, self.import_all, self.import_rest)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        for b in (self.copy_problems, self.import_all, self.import_rest, close):
            b.setAutoDefault(False)  # Enter in the path reads the file, never imports it
            bottom.addWidget(b)
        enter_presses(browse, blank, self.copy_problems, self.import_all, self.import_rest,
                      close, self.next_file)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        queue = QHBoxLayout()
        queue.addWidget(self.queue_label, 1)
        self.next_file.setAutoDefault(False)
        queue.addWidget(self.next_file)
        layout.addLayout(queue)
        layout.addWidget(self.results_list)
        layout.addWidget(self.summary_area)
        layout.addWidget(self.table, 1)
        self.reasons = QLabel()
        self.reasons.setObjectName("reasons")
        self.reasons.setWordWrap(True)
        layout.addWidget(self.reasons)
        layout.addLayout(options)
        layout.addLayout(bottom)
        self._set_buttons()
        fit_screen(self, 1100, 620)
        self.path.setFocus()

    # -- blank tables for the units ---------------------------------------------------
    def save_template(self, stream: str, path: str | None = None) -> Path | None:
        """The year's blank 附件2 / 附件4 saved where the clerk chooses; the path, or None."""
        from boostdesk.io.headers import TABLE_BY_STREAM
        from boostdesk.io.template import deadline_passed, template_title, write_template

        title = template_title(TABLE_BY_STREAM[stream], self.ctx.year)
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "保存空白汇总表",
                                                  export_start(self.ctx.settings, f"{title}.xlsx"),
                                                  "Excel 工作簿 (*.xlsx)")
            if not path:
                return None
            remember_export(self.ctx.settings, path)
        target = with_extension(Path(path), ".xlsx")
        try:
            write_template(target, stream, self.ctx.year, campaign=self.ctx.campaign())
        except OSError as exc:
            dialogs.show_error(self, "未能保存空白汇总表",
                               cannot_write(target, exc))
            return None
        late = deadline_passed(self.ctx.campaign(), clock.today())
        saved = f"已保存“{title}”：{target}"
        self.summary.setText(saved if not late else (
            f"{escape(saved)}<br><span style='color:{themed(WARNING_COLOUR)}'>{late}；如要下发新一年度"
            "的汇总表，请先在“设置”中按“按本年度新建下一年度…”建立该年度，在窗口上方选中它后再保存</span>"))
        return target

    # -- reading -----------------------------------------------------------------
    def browse(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "选择汇总表（可按住 Ctrl 或 Shift 选择多个）", import_start(self.ctx.settings),
            "Excel 工作簿 (*.xlsx *.xls);;WPS 表格、CSV 等 (*.et *.ett *.csv *.xlsm);;所有文件 (*)")
        if names:
            remember_import(self.ctx.settings, names[0])
            self.open_files([Path(n) for n in names])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if dropped_tables(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        paths = dropped_tables(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.open_files(paths)

    def open_file(self, path: Path) -> None:
        """Read ``path`` into the preview, as if typed in and Enter pressed."""
        self.path.setText(str(path))
        self.read()

    # -- several files, one after another ---------------------------------------------
    def open_files(self, paths: list[Path]) -> None:
        """Files (a folder: its tables) read and imported one after another, each on its
        own, all or nothing; files added while one is shown wait their turn."""
        files = table_files(paths)
        if not files:
            self.summary.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>所选文件夹中没有汇总表"
                                 "（.xlsx、.xls 等）</span>")
            return
        if len(files) == 1 and not self.queue and not self.results:
            self.open_file(files[0])  # one file: read instead of the one shown, as always
            return
        if self.current is None and self.preview is not None:
            self.current = self.preview.path  # the file shown is the first of them
        waiting = set(self.queue) | ({self.current} if self.current else set())
        self.queue += [f for f in files if f not in waiting]
        if self.current is None:
            self._next()
        else:
            self._show_queue()

    @property
    def batch(self) -> bool:
        return bool(self.queue or self.results)

    def _next(self) -> None:
        if not self.queue:
            self._finish_batch()
            return
        self.current = self.queue.pop(0)
        self.table.setVisible(True)
        self.results_list.setMaximumHeight(RESULTS_HEIGHT)
        self._show_queue()
        self.open_file(self.current)

    def _show_queue(self) -> None:
        batch = self.batch or self.current is not None and bool(self.results)
        self.queue_label.setVisible(batch)
        self.results_list.setVisible(bool(self.results))
        self.next_file.setVisible(batch)
        if batch and self.current is not None:
            done = len(self.results)
            self.queue_label.setText(
                f"第 {done + 1} / {done + 1 + len(self.queue)} 个文件：{escape(self.current.name)}"
                + (f"；其后还有 {len(self.queue)} 个" if self.queue else "；这是最后一个"))

    def _record(self, result: FileResult) -> None:
        self.results.append(result)
        item = QListWidgetItem(result_line(len(self.results), result))
        item.setData(Qt.ItemDataRole.UserRole, str(result.path))
        item.setToolTip("\n".join(x for x in (item.text().strip(), result.message) if x))
        if not result.ok:
            item.setForeground(QColor(themed(ERROR_COLOUR)))
        self.results_list.addItem(item)
        self.results_list.scrollToItem(item)
        self.results_list.setVisible(True)

    def skip_file(self) -> None:
        """不导入此文件，下一个: the file shown is left out (named in the results list with
        why), the next one read. Not while it is stored: its end records it and moves on
        (both did: the next file was passed over unseen)."""
        if self.current is None or self.storing:
            return
        if self.reading is not None:  # left before its read ended: that end is dropped
            self.reading.cancel()
            self.reading = None
            self._record(FileResult(self.current, NOT_IMPORTED, message="未选择导入：未读完"))
        elif self.preview is not None and self.model is not None:
            refused, dupes = self.model.rows_with(REFUSED), self.model.rows_with(DUPLICATE)
            ready = self.model.rows_with(READY)
            earlier = earlier_import(self.ctx.reg, self.preview.sha256) if not ready else None
            if (not ready and not refused and not self.model.rows_with(DIFFERS)
                    and (dupes or self.model.rows_with(SAME))):
                self._record(FileResult(self.current, BEFORE, self.preview.table_name,
                                        unions_of(self.preview), message=earlier_text(
                                            earlier, self.current.name) if earlier else ""))
            else:
                why = "，".join(x for x in (f"{len(refused)} 行无法读取" if refused else "",
                                            f"{len(dupes)} 行已登记或重复" if dupes else "") if x)
                self._record(FileResult(self.current, NOT_IMPORTED, self.preview.table_name,
                                        unions_of(self.preview),
                                        message=f"未选择导入{('：' + why) if why else ''}"))
        else:  # not read: the reason the summary shows
            text = self.summary.text()
            plain = text.split(">", 1)[-1].rsplit("<", 1)[0] if text.startswith("<") else text
            self._record(FileResult(self.current, NOT_IMPORTED, message=plain or "未读取"))
        self._next()

    def reject(self) -> None:
        """Esc: with files still waiting, asked first (those imported stay imported)."""
        if self.queue and not dialogs.ask_yes_no(
                self, "还有文件未导入",
                f"还有 {len(self.queue) + (self.current is not None)} 个文件未处理，关闭吗？\n"
                "已导入的文件不受影响；以后再导入这些文件（或整个文件夹）时，已导入的会认出，不会重复导入。",
                yes="关闭", no="返回"):
            return
        super().reject()

    def _finish_batch(self) -> None:
        self.current = None
        self.preview = None
        self.model = None
        self.table.setModel(None)
        self.path.clear()
        self.queue_label.setVisible(False)
        self.next_file.setVisible(False)
        self.table.setVisible(False)  # the list of files takes the preview's place
        self.results_list.setMaximumHeight(QWIDGETSIZE_MAX)
        lines = summary_lines(self.results)
        self.summary.setText("<br>".join(escape(line) for line in lines[len(self.results):]))
        self.reasons.setText("未导入的文件改正后，在上面的列表中选中按回车即重新读取；或拖入、选择该文件")
        self._set_buttons()
        self.results_list.setFocus()
        self.results_list.setCurrentRow(next(
            (i for i, r in enumerate(self.results) if not r.ok), len(self.results) - 1))
        self.ctx.notice.emit(lines[len(self.results)])

    def _reopen(self, item: QListWidgetItem) -> None:
        """A file of the list read again (one refused, now corrected)."""
        path = Path(str(item.data(Qt.ItemDataRole.UserRole)))
        self.queue.append(path)
        if self.current is None:
            self._next()
        else:
            self._show_queue()

    def read(self, year: int | None = None) -> None:
        """Read the file into the preview, for ``year`` (default: the window's)."""
        text = self.path.text().strip().strip('"')
        if not text:
            self.summary.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>请先填写或选择文件</span>")
            return
        path = typed_path(text)
        if year is None and path.suffix.lower() not in TABLE_SUFFIXES and _is_folder(path):
            # a folder's address pasted from the file manager: its tables, as when dropped
            # ("是文件夹，请选择 .xlsx 汇总表文件" was said); a table's name is not looked
            # up here, on the UI thread (a network share may take seconds to answer)
            self.open_files([path])
            return
        if self.batch and path != self.current:  # typed in by hand: one more of the files
            self.current = path
            self._show_queue()
        year = year or self.ctx.year
        campaign = self.ctx.reg.campaign(year)  # its tiers tell 元 typed under 万元 (and back)
        update = self.update_studios.isChecked()
        same = self.registered_studios.isChecked()
        if self.choices_for != path:
            # another table: its people's names are asked afresh, never renamed by the last
            for box in (self.rename_people, self.import_similar, self.import_set_aside):
                box.blockSignals(True)
                box.setChecked(False)
                box.blockSignals(False)
            self.choices_for = path
            self.sheet = None
        rename = self.rename_people.isChecked()
        similar = self.import_similar.isChecked()
        set_aside = self.import_set_aside.isChecked()
        received = self._received()
        self.judged_for = (received, update, False)  # the box to take registered rows is cleared
        in_file = self.ctx.reg.path is not None  # else (tests) compared on the UI thread
        sheet = self.sheet

        made: list[Any] = []  # the task, once started
        token = self._register_token()  # before the worker's judging sees the register

        def work(*args: Any) -> Any:
            from boostdesk.io.importer import read_table

            reg, progress, cancelled = args if in_file else (None, *args)
            preview = read_table(path, year, progress, cancelled, campaign=campaign, sheet=sheet)
            if not in_file:
                return preview
            if made and not cancelled():  # (cancelled: the box is going)
                # the check takes longer than the read (a full bar said it was done)
                made[0].said.emit(f"正在与登记册核对 {path.name}…")
            return analyse(reg, preview, update, cancelled, received, same, progress, rename,
                           similar, set_aside)

        def read_done(read: Any) -> None:
            if self._read_ended(task):
                self.read_token = (token, task)
                self.show_preview(read)

        def read_failed(exc: BaseException) -> None:
            if self._read_ended(task):
                self._read_failed(exc)

        if self.reading is not None:  # read no longer wanted: this one replaces it
            self.reading.cancel()
        self.preview = None
        self.kept_judged = None  # the last table's judging
        self.refused_text = ""
        self._set_buttons()
        task = self.ctx.run_long(f"正在读取 {path.name}", work, read_done, read_failed,
                                 with_register=in_file, parent=self)
        self.reading = task
        made.append(task)
        # said at once: the progress goes on 取消 and the worker stops at its next row
        task.dialog.canceled.connect(self._cancelling)

    def _read_ended(self, task: Any) -> bool:
        """The read ``task`` has ended: whether it is the one the preview waits for. An
        earlier one's end came after the file was skipped and was shown all the same: a
        file from last week said 此前已导入 and moved the queue on a second time, past the
        file shown; any other took the preview under the next file's name."""
        if self.reading is not task or not shiboken6.isValid(self):
            return False
        self.reading = None
        return True

    def _cancelling(self) -> None:
        if shiboken6.isValid(self):
            self.summary.setText(f"<span style='color:{themed(WARNING_COLOUR)}'>正在取消…</span>")

    def _read_failed(self, exc: BaseException) -> None:
        from boostdesk.io.importer import SheetsToChoose

        if isinstance(exc, SheetsToChoose):  # two sheets of this year's rows: which one
            names = [name for name, _count in exc.sheets]
            choice = dialogs.ask_choice(
                self, "选择工作表",
                f"{exc.path.name} 有 {len(names)} 张工作表都填了{exc.table}的行（{exc.listed()}）。\n"
                "只导入其中一张会漏掉其余各张的申报：请逐张导入，导入一张后再次读取该文件，"
                "选下一张" + ("（或把它们合并到一张工作表后重新导入）" if len(set(exc.tables)) == 1
                            else "") + "。\n先导入哪一张？",
                [f"工作表“{name}”（{count} 行）" for name, count in exc.sheets], preselect=False)
            if choice is not None:
                self.sheet = names[choice]
                self.read()
                return
        text = ("已取消读取" if is_cancellation(exc) else exc.text(cli=False)
                if isinstance(exc, SheetsToChoose) else error_text(exc))
        if not is_cancellation(exc):  # the union is sent why its table was refused
            from boostdesk.io.import_messages import refused_file_problem

            name = typed_path(self.path.text().strip().strip('"')).name
            self.refused_text = refused_file_problem(name, text)
        self.summary.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>{escape(text)}</span>")
        self.table.setModel(None)
        self.model = None
        self._set_buttons()

    def show_preview(self, read: Any) -> None:
        """The table read (an :class:`Analysed`, or a bare preview compared here)."""
        if not shiboken6.isValid(self):  # closed and deleted while the table was read (a
            return  # monkey walk: its model made on the deleted dialog, RuntimeError)
        preview = read.preview if isinstance(read, Analysed) else read
        held = read.set_aside if isinstance(read, Analysed) else preview.set_aside
        if not preview.records and not preview.errors and not held:
            # nothing under the header: said, with no question about the title's year first
            from boostdesk.io.import_messages import empty_table_text, refused_file_problem

            self.preview, self.model = preview, None
            self.refused_text = refused_file_problem(preview.path.name, empty_table_text(preview))
            self.table.setModel(None)
            self.summary.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>"
                                 f"{escape(empty_table_text(preview))}</span>")
            self._set_buttons()
            return
        titled = preview.title_year
        if (titled != preview.year and preview.year == self.ctx.year
                and titled in self.ctx.reg.campaign_years()):
            # A unit's table names its year; a table reused from another year does too.
            from boostdesk.io.template import deadline_passed
            from boostdesk.models import clock

            past = (deadline_passed(self.ctx.reg.campaign(titled), clock.today())
                    if titled < preview.year else "")  # a later year's is no old template
            old = (f"{past}，报送单位可能用了 {titled} 年的模板填写本年度的申报。\n"
                   if past else "")
            items = [f"{titled} 年度（表格标题）", f"{preview.year} 年度（当前）"]
            if past:  # the title's year called unlikely: Enter takes the current year, as
                # the CLI refuses it without --year (a closed year's 不合格 on a 提示 alone)
                items = [f"{preview.year} 年度（当前）", f"{titled} 年度（表格标题，补报往年）"]
            choice = dialogs.ask_choice(
                self, "选择年度", f"表格标题写的是 {titled} 年，窗口当前为 {preview.year} 年度。\n"
                f"{old}按哪一年度导入和核对？", items)
            if choice == (1 if past else 0):
                self.read(titled)
                return
        elif (titled and titled != preview.year
              and titled not in self.ctx.reg.campaign_years()
              and not dialogs.ask_yes_no(
                  self, "表格标题的年度",
                  f"表格标题写的是 {titled} 年，登记册中还没有 {titled} 年度的助推计划。\n"
                  f"仍按 {preview.year} 年度导入和核对吗？")):
            # a next year's table come before its plan: judged under this year's window
            self.summary.setText(
                f"<span style='color:{themed(ERROR_COLOUR)}'>未读入：表格标题写的是 {titled} 年，登记册中"
                f"还没有 {titled} 年度，无法按该年度的计划核对。请先在“设置”中用“按本年度新建下一"
                f"年度…”建立 {titled} 年度，再导入</span>")
            self.table.setModel(None)
            self.model = None
            self._set_buttons()
            return
        if not isinstance(read, Analysed):
            self.read_token = (self._register_token(), None)
            read = analyse(self.ctx.reg, preview, self.update_studios.isChecked(),
                           received=self._received(),
                           registered_studios=self.registered_studios.isChecked(),
                           rename_people=self.rename_people.isChecked(),
                           import_similar=self.import_similar.isChecked(),
                           import_set_aside=self.import_set_aside.isChecked())
        preview = self.preview = read.preview
        self.received.season = season_of(self.ctx.reg.campaign(preview.year))  # the table's year
        self._say_received()
        self.names_kept, self.matches, self.gone = read.names_kept, read.matches, read.gone
        self.undated, self.own_days = read.undated, read.own_days
        self.missing, self.missing_shown = read.missing, False
        self.restudied = read.restudied
        self.model = PreviewModel(preview, read.duplicates, self, read.notes, read.kept,
                                  self.matches, read.same, read.similar, read.set_aside)
        self.names_asked = read.names_asked
        self.model.asked_names = {row: names for row, names in read.names_asked.items()
                                  if row in set(self.model.rows_with(READY))}
        # a registered paper's row naming him otherwise asks it too (按表更新 keeps his name)
        renamed = any(d.field == "inventor_name" and d.kept
                      for m in self.matches.values() for d in m.differences)
        self.rename_people.setVisible(bool(read.names_asked) or renamed
                                      or self.rename_people.isChecked())
        self.import_similar.setVisible(bool(read.similar) or self.import_similar.isChecked())
        if read.set_aside:  # the kinds this table has (the box ticked: as they were)
            kinds = {said.kind for said, _record in read.set_aside.values()}
            self.import_set_aside.setText(f"{box_text(kinds)}(&H)")
        self.import_set_aside.setVisible(bool(read.set_aside)
                                         or self.import_set_aside.isChecked())
        self.update_studios.setVisible(preview.stream == PROJECT)
        self.registered_studios.setVisible(preview.stream == PROJECT)
        self.update_registered.setChecked(False)
        self.update_registered.setVisible(bool(self.updatable()))
        self.setWindowTitle(f"导入汇总表 — {preview.year} 年度")
        self.table.setModel(self.model)
        self.model.set_verdicts(read.verdicts, read.verdict_note)
        self.kept_judged = ((self.read_token[0], read.judged, self.read_token[1])
                            if read.judged is not None else None)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self._show_reasons)
        header = self.table.horizontalHeader()
        for i, width in enumerate((48, 100, 220, 240)):
            header.resizeSection(i, grown(self.table, width))
        self._summarize()
        self._set_buttons()
        self.table.setFocus()
        self.rejudge()  # a 收件日期 typed while the table was read
        if (self.batch and preview.records and not preview.errors
                and set(preview.rows) <= set(self.matches)
                and not any(m.differences for m in self.matches.values())
                and not self.restudied and not self._dating()):
            # every row registered as the table gives it (the folder read again after a
            # stop, a table sent twice): nothing to do, said in the list
            earlier = earlier_import(self.ctx.reg, preview.sha256)
            self._record(FileResult(preview.path, BEFORE, preview.table_name,
                                    unions_of(preview), message=earlier_text(
                                        earlier, preview.path.name) if earlier else ""))
            self._next()

    def _fact_notes(self, duplicates: Any = None,
                    kept: dict[tuple[int, str], Any] | None = None) -> list[tuple[int, str]]:
        """The 提示 on studio and person facts of the rows that would be stored (not those
        already registered or repeated); ``kept`` gets the studio facts stored instead of
        a row's."""
        if self.preview is None:
            return []
        if duplicates is None:
            duplicates = ([*self.model.rows_with(DUPLICATE), *self.model.rows_with(DIFFERS),
                           *self.model.rows_with(SAME), *self.model.rows_with(SIMILAR)]
                          if self.model is not None else [])
        return fact_notes(self.ctx.reg, self.preview, self.names_kept,
                          self.update_studios.isChecked(), list(duplicates), kept,
                          registered=list(self.matches),
                          taken=self.update_registered.isChecked())

    def _studio_names_changed(self) -> None:
        """按已登记的工作室登记 ticked or cleared: the table read again (its rows name other
        studios, so every note and verdict may change)."""
        if self.preview is not None and not self.storing:
            self.read(self.preview.year)

    def _studio_choice_changed(self) -> None:
        if self.model is not None and self.preview is not None:
            # with the register's studio facts kept, a row may no longer change its studio
            self.restudied = restudied_rows(self.ctx.reg, self.preview, self.matches,
                                            self.update_studios.isChecked())
            if not self.updatable():
                self.update_registered.setChecked(False)  # re-enters here, harmlessly
            self.update_registered.setVisible(bool(self.updatable()))
            kept: dict[tuple[int, str], Any] = {}
            self.model.set_notes(self._fact_notes(kept=kept), kept)
            self._summarize()
            self._set_buttons()
            self.rejudge()  # a studio's facts kept or taken: its projects judged by them

    # -- the verdicts the rows will be stored with ------------------------------------
    def _say_received(self) -> None:
        """Beside the box: how a date without its year was read, or why a date is not read
        (全部导入 is grey then: not taken as empty with nothing said)."""
        text = self.received.text().strip()
        try:
            self.received.value()
        except Exception as exc:  # noqa: BLE001 - a ValidationError with its reason
            self.received_note.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>登记——"
                                       f"日期写得不对：{escape(error_text(exc))}</span>")
            return
        note = self.received.read_note() if text else ""
        self.received_note.setText(f"登记（{escape(note)}）" if note else
                                   "登记" if text else RECEIVED_EMPTY)

    def _received(self) -> date | None:
        """The 收件日期 typed for the rows without one; None while none (or no date yet)."""
        try:
            return self.received.value()
        except Exception:  # noqa: BLE001 - a ValidationError: said when importing
            return None

    def rejudge(self) -> None:
        """The 导入后资格 column judged again for the choices now made (收件日期, the
        studio boxes), as the import will judge the rows: off the UI thread, and only when
        a choice changed since."""
        model, preview = self.model, self.preview
        if model is None or preview is None or self.storing:
            return
        received, update, take = choices = (self._received(), self.update_studios.isChecked(),
                                            self.update_registered.isChecked())
        if choices == self.judged_for:
            return
        self.judged_for = choices
        if self.judging is not None:
            self.judging.cancel()  # judged for choices no longer made
        stored = without_rows(preview, sorted(set(preview.rows) - set(model.rows_with(READY))))
        registered = {row: m for row, m in self.matches.items() if not m.clash} if take else None
        updates = self._updates()
        model.set_verdicts(None, JUDGING, set(updates))
        self.kept_judged = None  # judged for other choices
        token = self._register_token()
        kept: list[Any] = []

        def done(result: tuple[dict[int, Any] | None, str]) -> None:
            if self.judging is task or task is None:
                self.judging = None
                model.set_verdicts(*result)
                if self.model is model and self.preview is preview and kept:
                    self.kept_judged = (token, kept[-1], task)
                # the table still the one judged (选择文件… may have let it go meanwhile)
                if self.model is model and self.preview is preview:
                    self._summarize()
                    self._show_reasons(self.table.currentIndex(), QModelIndex())
                    self._set_buttons()  # 复制问题清单: its 不合格 rows now known

        def failed(exc: BaseException) -> None:
            if self.judging is task and not is_cancellation(exc):
                self.judging = None
                model.set_verdicts(None, f"未核对：{error_text(exc)}")
                if self.model is model and self.preview is preview:
                    self._summarize()

        task = None
        if self.ctx.reg.path is None:  # (tests) judged on the UI thread
            done(judge_preview(self.ctx.reg, stored, update, received, registered,
                               updates=updates, kept=kept))
            return

        def work(reg: Any, _progress: Any, cancelled: Any) -> Any:
            return judge_preview(reg, stored, update, received, registered, cancelled,
                                 updates, kept)

        task = self.judging = self.ctx.run_long("正在核对导入后的资格", work, done, failed,
                                                with_register=True, parent=self)

    def _register_token(self) -> Any:
        """The window connection's ``journal.change_token``: moved by any write to the
        register since (its own, or any other connection's commit); None when unread."""
        import sqlite3

        from boostdesk.models.journal import change_token

        try:
            return change_token(self.ctx.reg.conn)
        except sqlite3.Error:
            return None

    def _judged_still(self) -> Any:
        """The judging behind the verdicts shown (``import_commit.Judged``) while the
        register is as it was when it began: nothing written since, by this window or any
        other connection, and no other work under way that may still write; else None (the
        import judges the rows itself). The task that judged them is done, whether or not
        it has left the list yet: its answer came once its connection was closed."""
        if self.kept_judged is None:
            return None
        token, judged, source = self.kept_judged
        if (token is None or token != self._register_token()
                or any(task.watched and task is not source
                       for task in self.ctx.running_jobs())):
            return None
        return judged

    def _summarize(self) -> None:
        assert self.model is not None
        preview = self.preview
        refused = self.model.rows_with(REFUSED)
        dupes = self.model.rows_with(DUPLICATE)
        ready = self.model.rows_with(READY)
        lines = [
            f"<b>{escape(preview.table_name)}</b>（{STREAM_ZH[preview.stream]}）· 工作表"
            f"“{escape(preview.sheet_name)}” · 表头在第 {preview.header_rows_text} 行 · "
            f"{len(self.model.lines)} 行：可导入 {len(ready)} 行"
        ]
        # rows set apart (another table's, hidden) said second, never behind the scroll bar:
        # the button skips them unless she ticks the box
        # the box ticked: still said there, where the rows come from and that they are taken
        held = preview.set_aside_said
        box = self.import_set_aside.text().removesuffix("(&H)")
        shown = held if self._set_aside_rows() else [taken_line(w, box) for w in held]
        lines += [f"<span style='color:{themed(WARNING_COLOUR)}'><b>{escape(w)}</b></span>"
                  for w in shown]
        verdicts = self.model.verdicts
        if ready and verdicts is not None:  # what the rules will say of them, said before
            from boostdesk.io.import_verdicts import counts_text

            lines.append(escape(counts_text([verdicts[r] for r in ready if r in verdicts]))
                         + "（原因见“导入后资格”列）")
        if refused:
            lines.append(f"<span style='color:{themed(ERROR_COLOUR)}'>无法读取 "
                         f"{self._counted(refused)}，原因见表中标红处</span>")
        if same := self.model.rows_with(SAME):  # typed at the desk before: counted, no error
            lines.append(f"<span style='color:{themed(MUTED_COLOUR)}'>"
                         f"{escape(unchanged_line(same, len(self.model.lines)))}（不是错误，导入其余各行）</span>")
        if read_as := [row for row in ready if row in self.model.read_as]:  # not a problem
            lines.append(f"<span style='color:{themed(MUTED_COLOUR)}'>{_row_list(read_as)}有单元格"
                         "按常见写法读取（如 √ 读作“是”），不算问题，读法见“原因”列</span>")
        if similar := self.model.rows_with(SIMILAR):  # asked: same paper, or another patent?
            lines.append(f"<span style='color:{themed(WARNING_COLOUR)}'>{SIMILAR} "
                         f"{self._counted(similar, '见“原因”列')}：不会导入；确是另一项专利的，"
                         "勾选"
                         f"“{SIMILAR_BOX}”</span>")
        differ = self.model.rows_with(DIFFERS)
        lines += [f"<span style='color:{themed(WARNING_COLOUR)}'>{text}</span>"
                  for text in self._registered_texts(dupes, differ)]
        asked = [row for row in ready if row in self.names_asked]
        if asked:  # a question, not a note: his registered name kept until she chooses
            lines.append(f"<span style='color:{themed(WARNING_COLOUR)}'>请核对：{_row_list(asked)}"
                         "第一发明人的姓名与登记册中同一身份证号的人不同，按登记册的姓名登记（见“原因”列）；"
                         f"确是表中写法对，勾选“{RENAME_BOX}”</span>")
        if unchecked := self.no_enterprise_text(ready):  # 回避 unchecked until filled
            lines.append(f"<span style='color:{themed(WARNING_COLOUR)}'>{escape(unchecked)}</span>")
        notes = [*(w for w in preview.warnings if w not in held), *self.studio_texts(), *self.gone]
        if dupes or differ:
            earlier = earlier_import(self.ctx.reg, preview.sha256)
            if earlier:
                notes.insert(0, earlier_text(earlier, preview.path.name))
        lines += [f"<span style='color:{themed(WARNING_COLOUR)}'>{escape(w)}</span>" for w in notes[:8]]
        if len(notes) > 8:
            lines.append(f"<span style='color:{themed(WARNING_COLOUR)}'>……另有 {len(notes) - 8} 条提示，"
                         "见表中“原因”列或复制问题清单</span>")
        if self.undated:  # the office's own date, as `import --received` fills it
            lines.append(self._undated_line())
        if self.own_days:  # the table adds the 收件日期 the register lacks: filled, no error
            lines.append(f"表中为已登记、尚无收件日期的 {len(self.own_days)} 份申报填了收件日期（"
                         f"{escape(refs_text(self.preview.stream, sorted(self.own_days), 5))}）："
                         "导入时按表填写")
        lines += self._missing_lines()  # last: its list, unfolded, is scrolled to
        self.summary.setText("<br>".join(lines))
        # its 列出 link reached with Tab (Enter unfolds) only when there is one: no extra stop
        links = Qt.TextInteractionFlag.LinksAccessibleByMouse
        if self.missing:
            links |= Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        self.summary.setTextInteractionFlags(links)
        self.summary.setFocusPolicy(Qt.FocusPolicy.TabFocus if self.missing
                                    else Qt.FocusPolicy.NoFocus)

    def _dating(self) -> list[int]:
        """The registered papers the import will give a 收件日期: the table's own, and the
        box's (none without it)."""
        return [*self.own_days, *self._box_dating()]

    def _box_dating(self) -> list[int]:
        """Those of :meth:`_dating` given the box's 收件日期."""
        return list(self.undated) if self._received() is not None else []

    def _undated_line(self) -> str:
        stream = self.preview.stream
        if day := self._received():
            return (f"表中已登记的 {len(self.undated)} 份申报尚无收件日期（"
                    f"{escape(refs_text(stream, self.undated, 5))}）：导入时填写收件日期 "
                    f"{day.isoformat()}（已有收件日期的不变）")
        return (f"<span style='color:{themed(WARNING_COLOUR)}'>表中已登记的 {len(self.undated)} 份"
                f"申报尚无收件日期（{escape(refs_text(stream, self.undated, 5))}，收件日期由本办填写）："
                "在“表中未填收件日期的按”中填写收到的日期后导入，即可填上</span>")

    def _missing_lines(self) -> list[str]:
        """A line a union whose whole table lacks some of its registered papers: the count,
        the papers folded behind 列出 (all of them in the problem list too)."""
        colour = themed(WARNING_COLOUR)
        lines = []
        for gone in self.missing:
            link = "收起" if self.missing_shown else f"列出这 {len(gone.items)} 项"
            lines.append(f"<span style='color:{colour}'>{escape(gone.summary())}</span>"
                         f"（<a href='missing'>{link}</a>）")
            if self.missing_shown:
                lines += [f"<span style='color:{colour}'>&nbsp;&nbsp;{escape(item)}</span>"
                          for item in gone.items]
        return lines

    def _toggle_missing(self, _link: str = "") -> None:
        self.missing_shown = not self.missing_shown
        if self.model is not None:
            self._summarize()
        if self.missing_shown:  # the list unfolded below the 6 lines shown: brought in view
            bar = self.summary_area.verticalScrollBar()
            QTimer.singleShot(0, lambda: bar.setValue(bar.maximum()))

    def no_enterprise_text(self, rows: list[int]) -> str:
        """The studios these rows leave with no 所在单位 (a 附件4 has no such column); the
        patent rows giving none (待补材料, 一（四）1)."""
        preview = self.preview
        if preview is None or not rows:
            return ""
        if preview.stream != PROJECT:
            verdicts = [v for row in rows if (v := self.model.verdict(row)) is not None
                        ] if self.model is not None else []
            return patent_import_line(patent_rows(verdicts), self._stamp_clause())
        wanted = set(rows)
        return import_line(preview_studios(self.ctx.reg, [
            r for row, r in zip(preview.rows, preview.records, strict=True) if row in wanted]))

    def _stamp_clause(self) -> str:
        """一（四）1 as the year's plan numbers it: the 所在单位工会 stamps the 申报表."""
        year = self.preview.year if self.preview is not None else None
        return self.ctx.reg.campaign(year).clause("patent_materials") if year else ""

    def _counted(self, rows: list[int], note: str = "") -> str:
        """5 行（第 2、3 行…）, or 全部 40 行 when they are every row of the table."""
        from boostdesk.io.import_verdicts import rows_counted

        total = len(self.model.lines) if self.model is not None else 0
        return rows_counted(rows, total, note, _row_list)

    def _registered_texts(self, dupes: list[int], differ: list[int]) -> list[str]:
        """What becomes of the registered and repeated rows, as the update box now says:
        ticked, the rows it takes are updated (not left as they are)."""
        updatable = set(self.updatable())
        ticked = self.update_registered.isChecked()
        taken = updatable if ticked else set()
        texts = []
        kept = [row for row in dupes if row not in taken]
        if kept:
            restudy = [row for row in kept if row in updatable]
            texts.append(f"已登记或重复 {self._counted(kept)}，不会再次导入" + (
                f"；勾选“按表更新已登记申报中不同的项”才按表更新其中{_row_list(restudy)}的工作室"
                if restudy else ""))
        studios = [row for row in dupes if row in taken]
        if studios:
            texts.append(f"已登记 {self._counted(studios)}申报与表中相同，"
                         "将按表更新其工作室（见“原因”列），不会再次导入")
        updated = [row for row in differ if row in taken]
        if updated:
            texts.append(f"已登记但与表中不同 {self._counted(updated)}：将按表更新"
                         "不同的项（登记后手工修改过的保留，见“原因”列），不会再次导入")
        waiting = [row for row in differ if row not in taken and row in updatable]
        if waiting:
            where = "不同之处见“原因”列和表中所注登记册的值"
            texts.append(f"已登记但与表中不同 {self._counted(waiting, where)}"
                         "：不会再次导入；勾选“按表更新已登记申报中不同的项”"
                         "才改动登记册")
        gone = [row for row in differ if "按保存期限删除" in self.matches[row].clash]
        if gone:  # (the registered paper's applicant erased: no claim left to dispute)
            texts.append(f"所对应的已登记申报的申报人个人信息已按保存期限删除 "
                         f"{self._counted(gone, '见“原因”列')}：不按表更新")
        disputed = [row for row in differ if self.matches[row].clash and row not in gone]
        if disputed:
            # the 结果 column's word for the rows, then what they dispute
            texts.append(f"{DIFFERS}、争第一发明人或推荐单位的 "
                         f"{self._counted(disputed, '见“原因”列')}：属争议，不按表更新，"
                         "请按专利证书核定后在登记册中处理")
        kept_rows = [row for row in differ if row not in updatable and row not in disputed
                     and row not in gone]
        # grouped by why 按表更新 leaves them (in publicity, approved, paid…), each with the
        # way it is corrected instead: never sent to the box, which would not take them
        why: dict[str, list[int]] = {}
        for row in kept_rows:
            m = self.matches[row]
            key = (f"该申报{m.locked}，勾选“按表更新已登记申报中不同的项”也不更新：{m.route}" if m.locked
                   else "表中不同的各项都是登记后手工修改过的，按表更新也保留登记册的"
                   if by_hand_only(m) and all(not d.kept for d in m.differences) else
                   "表中不同的各项按表更新也保留登记册的（表中录错、姓名或身份证号待核对，见“原因”列）"
                   if by_hand_only(m) else
                   f"不按表更新；确属录入有误的，请在“{SCREEN[self.preview.stream]}”中打开该申报更正")
            why.setdefault(key, []).append(row)
        for text, rows in why.items():
            texts.append(f"已登记但与表中不同 {self._counted(rows, '不同之处见“原因”列')}"
                         f"：{text}")
        return texts

    def studio_texts(self) -> list[str]:
        """The 提示 on studio and person facts, in sheet order, as the model shows them."""
        if self.model is None:
            return []
        return [f"第 {row} 行：{text}" for row in sorted(self.model.notes)
                for text in self.model.notes[row]]

    def _show_reasons(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.model is None or not current.isValid():
            self.reasons.clear()
            return
        row, result, _record, problems = self.model.lines[current.row()]
        if not problems:
            notes = "；".join(self.model.notes.get(row, []))
            found = self.model.verdict(row)
            judged = (f"；导入后<span style='color:{verdict_text_colour(found.verdict).name()}'>"
                      f"{escape(found.text)}</span>" if found is not None else "")
            read = "；".join(self.model.read_as.get(row, []))
            self.reasons.setText(f"第 {row} 行：{escape(result)}{judged}" + (
                f"<span style='color:{themed(WARNING_COLOUR)}'>；{escape(notes)}</span>" if notes else "")
                + (f"<span style='color:{themed(MUTED_COLOUR)}'>；{READ_AS_NOTE}{escape(read)}</span>"
                   if read else ""))
            return
        colour = (ERROR_COLOUR if result == REFUSED else MUTED_COLOUR if result == SAME
                  else WARNING_COLOUR)
        text = mask_message(
            "；".join(str(p) if hasattr(p, "column") else f"第 {row} 行：{p}" for p in problems))
        self.reasons.setText(f"<span style='color:{themed(colour)}'>{escape(text)}</span>")

    def problem_text(self) -> str:
        """复制问题清单, spoken to the union (``io.union_problems``): the clerk's own steps
        stay in the preview."""
        from boostdesk.io.union_problems import (
            missing_for_union,
            refused_rows_text,
            union_problem_list,
        )

        # sent to the union: a phone, card or ID a line quotes masked (the file names whole)
        if self.preview is None or self.model is None:
            return mask_message(self.refused_text)  # a table refused whole: why
        duplicates = {row: str(problems[0]) for row, result, _r, problems in self.model.lines
                      if result in (DUPLICATE, DIFFERS, SIMILAR, SAME)}
        lacked = [note for gone in self.missing for note in missing_for_union(gone)]
        from boostdesk.rules.findings import without_other_holder

        text = union_problem_list(self.preview, duplicates, self.matches,
                                  self.model.rows_with(SAME),
                                  [*self.studio_texts(), *lacked, *self.gone],
                                  self.model.rows_with(SIMILAR))
        refused = refused_rows_text([self.model.verdict(r) for r in self.model.rows_with(READY)])
        if refused:  # rows read whole that the plan refuses: the union corrects them too
            text = (f"{text}\n\n" if text else f"{self.preview.path.name}"
                    f"（{self.preview.table_name}，工作表“{self.preview.sheet_name}”）\n") + refused
        phones = [p for r in range(self.model.rowCount()) for p in self.model.row_phones(r)]
        return mask_message(without_other_holder(hide_phones(text, phones)))

    def copy_problem_list(self) -> None:
        """复制问题清单: the rows to correct and why, for an e-mail to the unit."""
        from PySide6.QtGui import QGuiApplication

        text = self.problem_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.reasons.setText("已复制问题清单，可粘贴到邮件中发给报送单位")

    def updatable(self) -> dict[int, Any]:
        """The registered rows whose table values an update would take: an application's,
        or only its studio's."""
        return {row: m for row, m in self.matches.items()
                if m.takes or (row in self.restudied and not m.clash)}

    def _updates(self) -> dict[int, Any]:
        return self.updatable() if self.update_registered.isChecked() else {}

    def _marked(self) -> list[int]:
        """The rows neither imported nor taken: refused, repeated, registered (those of this
        year handled when the clerk chose to update them)."""
        if self.model is None:
            return []
        # another first inventor's (or union's) claim on a paper: a dispute, never handled
        handled = ({row for row, m in self.matches.items() if not m.clash}
                   if self.update_registered.isChecked() else set())
        return [row for row, result, _r, _p in self.model.lines
                if result not in (READY, SAME) and row not in handled]

    def _set_aside_rows(self) -> list[int]:
        """The rows set apart (hidden, another table's), in sheet order."""
        if self.model is None:
            return []
        return sorted([*self.model.rows_with(HIDDEN), *self.model.rows_with(OTHER_TABLE)])

    def _set_buttons(self) -> None:
        self.next_file.setEnabled(self.current is not None and not self.storing)
        self.copy_problems.setEnabled(bool(self.problem_text()))
        model = self.model if self.preview is not None else None
        ready = len(model.rows_with(READY)) if model else 0
        updates = len(self._updates()) if model else 0
        marked = len(self._marked()) if model else 0
        dating = len(self._dating()) if model else 0
        # rows set apart are no rows to keep for the union's letter: skipped, or taken
        keepable = marked - len(self._set_aside_rows())
        work = "、".join(x for x in (f"导入 {ready} 行" if ready else "",
                                     f"更新 {updates} 项已登记的" if updates else "",
                                     f"填写 {dating} 项已登记的收件日期" if dating else "") if x)
        if self.storing:
            model = None
        self.import_all.setEnabled(bool(model) and bool(work) and marked == 0)
        self.import_all.setText((f"全部导入（{work}）" if model and work and not marked
                                 else "全部导入") + ALL_KEY)
        # nothing to store, rows marked: they can still be kept for the union's letter
        keep_only = bool(model) and not work and keepable > 0
        self.import_rest.setEnabled(bool(model) and marked > 0 and bool(work or keep_only))
        self.import_rest.setText((f"跳过标出的 {marked} 行，{work}" if marked and work
                                  else f"只记下标出的 {keepable} 行（不导入）" if keep_only
                                  else "跳过标出的行，导入其余") + REST_KEY)
        self.import_rest.setToolTip(
            "没有可导入的行：只把这些行及原因记入修改记录，导出核对意见时列于“未能登记的行”告知报送单位"
            if keep_only else "")

    # -- storing -----------------------------------------------------------------
    def commit(self, skip: bool) -> None:
        if self.preview is None or self.model is None or self.storing:
            return
        try:
            received = self.received.value()
        except Exception as exc:  # noqa: BLE001 - a ValidationError with its reason
            self.summary.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>收件日期："
                                 f"{escape(error_text(exc))}</span>")
            self.received.setFocus()
            return
        from boostdesk.received_days import refusal, table_day_refusal

        if received is not None and (day_wrong := table_day_refusal(
                self.ctx.reg.campaign(self.preview.year), received)):
            self.summary.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>{escape(day_wrong)}"
                                 "</span>")  # before the plan, or to come: nothing stored
            self.received.setFocus()
            return
        dating = self._dating()
        box = self._box_dating() if received is not None else []
        if box and received is not None and (day_wrong := refusal(self.ctx.reg, self.preview.stream, box, received)):
            self.summary.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>{escape(day_wrong)}"
                                 "</span>")  # a registered paper's grant after it: nothing stored
            self.received.setFocus()
            return
        refused = self.model.rows_with(REFUSED)
        marked = set(self._marked())
        same = [row for row in self.model.rows_with(DUPLICATE) if row in marked]
        differ = [row for row in self.model.rows_with(DIFFERS) if row in marked]
        dupes = sorted([*same, *differ])
        similar = self.model.rows_with(SIMILAR)
        held = self._set_aside_rows()
        if (refused or dupes or similar or held) and not skip:
            return
        updates = self._updates()
        if skip:
            parts = []
            if refused:
                parts.append(f"无法读取的{_row_list(refused)}")
            # each kind in the 结果 column's words (与登记册不同 was 已登记或重复 here)
            if same:
                parts.append(f"已登记或重复的{_row_list(same)}")
            if differ:
                parts.append(f"{DIFFERS}的{_row_list(differ)}")
            if similar:
                parts.append(f"可能是同一份申报的{_row_list(similar)}")
            ready = len(self.model.rows_with(READY))
            if held and (ready or updates):  # set apart by the union: not kept for its letter
                parts.append(f"表中隐藏或另一张表的{_row_list(held)}")
            rest = f"只导入其余 {ready} 行" + (
                f"、按表更新 {len(updates)} 项已登记的申报" if updates else "") + (
                f"、填写 {len(dating)} 项已登记申报的收件日期" if dating else "")
            if not ready and not updates and not dating:  # nothing stored: the rows kept for the letter
                question = (f"没有可导入的行：{'；'.join(parts)}都不会进入登记册。将只记下这些行及原因，"
                            "导出核对意见时列于“未能登记的行”，告知报送单位改正后重新报送。继续吗？")
                yes, key = "只记下这些行", "K"
            else:
                question = (f"将跳过{'；'.join(parts)}，{rest}。跳过的行不会进入登记册，请另行处理。"
                            "继续吗？")
                yes, key = "跳过并导入", "S"
            # 返回 stays the default (Enter, Esc); the answer that imports has its Alt letter
            if not dialogs.ask_yes_no(self, "跳过部分行", question, yes=yes, no="返回", yes_key=key):
                return
        # what the import leaves out, kept with it for the union's 核对意见 (refused_rows)
        from boostdesk.io.refused_rows import refused_entries
        from boostdesk.io.resend_notes import ids_not_taken, locked_for_union

        why = {row: "；".join(map(str, reasons)) for row, _r, _p, reasons in self.model.lines}
        # an ID correction not taken too, though 按表更新 handled its row
        untaken = ids_not_taken(self.matches, self.update_registered.isChecked())
        # a row of a paper approved (in publicity, paid): the union told it stands
        locked = locked_for_union(self.preview.stream, self.matches)
        left = refused_entries(self.preview, {row: why[row] for row in
                                              sorted({*dupes, *similar, *untaken})},
                               {**locked, **untaken}, locked)
        # a registered row is never stored again: it is updated, or left as it is
        preview = without_rows(self.preview, sorted({*dupes, *similar, *self.matches}))
        self._store(preview, bool(refused), received, updates, left or None, bool(dating))

    def _store(self, preview: Any, skip_bad_rows: bool, received: date | None,
               updates: dict[int, Any] | None = None,
               refused: list[dict[str, Any]] | None = None, dating: bool = False) -> None:
        stream = preview.stream
        update = self.update_studios.isChecked()
        # the registered rows taken: their studio facts with the new rows'
        registered = ({row: m for row, m in self.matches.items() if not m.clash}
                      if self.update_registered.isChecked() else None)
        table_papers = registered_ids(self.matches)
        own_days = dict(self.own_days)
        judged = self._judged_still()  # the preview's verdicts: stored, not judged again

        def work(reg: Any, progress: Any, cancelled: Any) -> Any:
            from boostdesk.io.import_commit import commit, stored_verdicts, summarize
            from boostdesk.io.import_verdicts import update_lines
            from boostdesk.received_days import fill_days, fill_registered

            before = stored_verdicts(reg, stream, [m.app_id for m in (updates or {}).values()])
            ids = commit(reg, preview, skip_bad_rows, received_date=received,
                         progress=progress, cancelled=cancelled, update_studios=update,
                         updates=updates, backup=backup, registered=registered,
                         refused=refused, judged=judged
                         ) if preview.records or updates or refused else []
            # the registered papers still without a 收件日期 take the box's, as
            # `import --received` gives them (checked against them before the import)
            own = fill_days(reg, stream, own_days) if own_days else None
            filled = (fill_registered(reg, stream, table_papers, received)
                      if dating and received is not None else None)
            return ids, summarize(reg, stream, ids, preview), update_lines(
                reg, stream, updates or {}, before), filled, own

        made = new_unions(self.ctx.reg, preview)
        same = self.model.rows_with(SAME) if self.model else []
        rows = len(self.model.lines) if self.model else 0  # all of them: 全部 N 行
        backup = not (self.batch and self.backed_up)  # one backup before a morning's files
        skipped = (len(self.model.lines) - len(preview.records) - len(same)) if self.model else 0

        def done(result: Any) -> None:
            ids, summary, updated, filled, own = result
            self.storing = False
            self.imported = ids
            # an import is no step of Ctrl+Z's: an older change is not undone in its place
            self.ctx.barrier(IMPORT_NOT_UNDONE)
            self.ctx.changed.emit(stream)
            done_text = f"{preview.path.name}：{summary}（{preview.year} 年度）"
            if not ids and not updated and refused:  # only the refused rows kept
                done_text = (f"{preview.path.name}：未导入任何申报（{preview.year} 年度）；已记下无法导入的 "
                             f"{len(refused)} 行，导出核对意见时列于“未能登记的行”告知报送单位")
            if (filled is not None or own is not None) and not ids and not updated and not refused:  # dates only
                done_text = f"{preview.path.name}：没有新的申报（{preview.year} 年度）"
            if same:  # the registered papers as the table gives them: passed over
                done_text += f"；{unchanged_line(same, rows)}"
            if own is not None and own.was:  # the table's own days
                done_text += (f"；已按表中收件日期为已登记、尚无收件日期的 {len(own.was)} 份申报填写收件日期："
                              f"{refs_text(stream, sorted(own.was))}")
                from boostdesk.received_days import said as said_more

                if more := said_more(self.ctx.reg, stream, own, min(own_days.values())):
                    done_text += f"；{more}"
            if filled is not None and received is not None:
                done_text += filled_text(self.ctx.reg, stream, filled, received)
            if updates:
                done_text += "；按表更新 " + "、".join(
                    id_ref(preview.stream, m.app_id) for _row, m in sorted(updates.items()))
            kinds = unit_kinds(self.ctx.reg, made)
            named = [f"{u}（{kinds[u]}）" for u in made if u in kinds]
            if named:  # its kind guessed from the name: the clerk checks it
                done_text += ("\n新登记的推荐单位：" + "、".join(named)
                              + "；类别按名称推定，如有误请在“单位与人员”中修改")
            unchecked = imported_studios(self.ctx.reg, ids) if stream == PROJECT else []
            if unchecked:  # 回避 cannot be checked until it is filled on 工作室
                done_text += "\n" + import_line(unchecked)
            if line := patent_import_line(patent_rows(summary.verdicts), self._stamp_clause()):
                done_text += "\n" + line
            done_text += "".join(f"\n{line}" for line in summary.lines())  # the rows by verdict
            done_text += "".join(f"\n{line}" for line in updated)  # each with its verdict now
            if left := preview.sheets_left_text():  # a sheet chosen: the others still to do
                done_text += f"\n{left.replace('请再次导入该文件', '请再次读取该文件')}"
            self.ctx.notice.emit(done_text.splitlines()[0])
            self.backed_up = True
            if self.batch:  # the next file at once; the list says what became of this one
                self._record(FileResult(preview.path, PARTLY if skipped else IMPORTED,
                                        preview.table_name, unions_of(preview), len(ids),
                                        skipped, "\n".join([str(summary), *summary.lines()]),
                                        named, unchecked))  # its rows by verdict in the tooltip
                self._next()
                return
            def said() -> None:
                dialogs.show_info(self, "导入完成", done_text)
                self.accept()

            self.ctx.when_free(said)  # not beside the window's close question

        def failed(exc: BaseException) -> None:
            self.storing = False
            self._set_buttons()
            self.rejudge()  # its judging was stopped for the import
            text = error_text(exc)
            self.summary.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>"
                                 f"{escape(text)}</span>")
            if is_cancellation(exc):
                self.ctx.notice.emit(text)
            else:
                dialogs.show_error(self, "导入失败", text)

        if self.judging is not None:  # the import judges the rows itself
            self.judging.cancel()
            self.judging = None
            self.judged_for = None  # judged again should the import fail
        self.storing = True
        self._set_buttons()
        self.ctx.run_long(f"正在导入 {preview.path.name}", work, done, failed,
                          with_register=True, parent=self, cancel_note=IMPORT_CANCEL_LEAVES)
