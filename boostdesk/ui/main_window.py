"""The main window: navigation between the screens, the campaign year, status counts.

``SCREENS`` lists every screen as (label, module, class). Screens are built the
first time they are shown; a module that is not in this build is listed greyed
out with a tooltip saying so. A screen class takes ``(ctx, parent=None)`` and may
offer any of ``new_item``, ``edit_current``, ``change_status``, ``focus_search``,
``refresh``, ``import_table``, ``save_layout``: the window's shortcuts (Ctrl+N,
Enter, Ctrl+M, Ctrl+F, F5, Ctrl+I) and closing call them on the screen in view, and
编辑's entries are greyed on a screen without theirs (``NEW_ITEM_TEXT`` names what its
Ctrl+N opens). Ctrl+1…9 and Ctrl+0 (``screen_key``) put the keyboard on the screen's list
(``screen_focus``; a screen may say where with ``focus_list``).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from .plan_line import PlanLine
from .theme import MUTED_COLOUR, colour_text, is_high_contrast, themed

if TYPE_CHECKING:  # the register's modules load after the window is first painted
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent

    from .context import AppContext

log = logging.getLogger("boostdesk.ui")

SCREENS: list[tuple[str, str, str]] = [
    ("专利助推", "boostdesk.ui.register_screen", "PatentScreen"),
    ("创新项目", "boostdesk.ui.register_screen", "ProjectScreen"),
    ("工作室", "boostdesk.ui.studio_screen", "StudioScreen"),
    ("单位与人员", "boostdesk.ui.people_screen", "PeopleScreen"),
    ("专家评审", "boostdesk.ui.panel_screen", "PanelScreen"),
    ("公示", "boostdesk.ui.publicity_screen", "PublicityScreen"),
    ("拨付", "boostdesk.ui.payments_screen", "PaymentsScreen"),
    ("打印", "boostdesk.ui.print_screen", "PrintScreen"),
    ("设置", "boostdesk.ui.settings_screen", "SettingsScreen"),
    # Last, as its key: the digit row reads 1…9, 0. A screen's place in this list is its
    # key, the screen a window reopens on (main/screen) and every caller's index: 待办
    # added on top would have moved them all.
    ("待办", "boostdesk.ui.todo_screen", "TodoScreen"),
]
TODO_SCREEN = "待办"
AFTER_START_MS = 1500  # the 待办 line counted this long after the first screen is up
KEEP_IN_VIEW_MS = 1000  # how long a screen key's focus is kept in view as the page is laid out
NOT_IN_BUILD = "本版本尚未包含此功能"
EXPORT_TEXT = "导出当前列表（xlsx）…"  # 文件's Ctrl+E entry; a screen names its own (``export_text``)
NEW_ITEM_TEXT = "新建申报"  # 编辑's Ctrl+N entry; a screen names its own (``NEW_ITEM_TEXT``)
OPENING_TEXT = "正在检查并打开登记册…"
# 文件's entry and the lists' right-click entry that make the 办理进度告知单 of the papers
# (or the union) chosen, and their key: Ctrl+P's sibling, as the 审批表's is Ctrl+P
PROGRESS_TEXT = "打印办理进度告知单(&G)"
PROGRESS_KEY = "Ctrl+Shift+P"
ARCHIVE_TEXT = "导出年度归档(&D)…"  # (ui/archive_export.py: not imported at start-up)
MOST_FILES_SAID = 20  # 导出核对意见's message names this many files, then counts the rest
# Small enough for 1280×720 at 150 % (853×480, less the taskbar and the title bar).
MIN_SIZE = (800, 400)
FRAME_ROOM = (16, 40)  # a window's frame and title bar, outside its size
DEFAULT_SIZE = (1366, 768)
STATS_FILTERS = ("Excel 工作簿 (*.xlsx)", "PDF 打印稿 (*.pdf)")  # 导出年度统计's formats


def screen_digit(index: int) -> str:
    """The digit of the screen at ``index``: Ctrl+1 is the first, Ctrl+0 the tenth."""
    if not 0 <= index < 10:
        raise ValueError(f"no key for screen {index}: Ctrl+1…9 and Ctrl+0 are ten")
    return str((index + 1) % 10)


def screen_key(index: int) -> str:
    """The key that brings the screen at ``index`` into view (Ctrl+1 … Ctrl+9, Ctrl+0)."""
    return f"Ctrl+{screen_digit(index)}"


def screen_keys() -> dict[str, str]:
    """Every screen's key by its label, as 帮助 names them."""
    return {label: screen_key(i) for i, (label, _m, _c) in enumerate(SCREENS)}


def with_letter(text: str, letter: str) -> str:
    """``text`` with its Alt letter, before a closing ``…`` (录入往年助推(&N)…), as the
    other entries: a keyboard reached an entry without one only by arrowing down to it."""
    if "&" in text:
        return text
    stem, dots = (text[:-1], "…") if text.endswith("…") else (text, "")
    return f"{stem}(&{letter}){dots}"


def plain_tip(action: QAction) -> None:
    """The entry's words as its tooltip, without its letter: Qt's own read 撤销(U)."""
    tip = re.sub(r"\(&\w\)", "", action.text())
    if action.toolTip() != tip:
        action.setToolTip(tip)


def year_letters(years: list[int]) -> dict[int, str]:
    """Each year's Alt letter in 年度: its last digit, the later year keeping it when two
    share one (years ten apart), so no two entries have the same letter."""
    letters: dict[int, str] = {}
    for year in sorted(years, reverse=True):
        digit = str(year % 10)
        if digit not in letters.values():
            letters[year] = digit
    return letters


def module_available(name: str) -> bool:
    """Whether a screen's module is in this build (without importing it)."""
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


class MainWindow(QMainWindow):
    """The window, with or without its register.

    ``MainWindow(ctx)`` is the window on an open register. ``MainWindow(settings=…,
    path=…)`` is the window before its register is open: navigation, menus and the
    place of the screen saying the register is being checked and opened. It shows at
    once; ``first_painted`` fires after its first paint, and :meth:`attach` gives it
    the register (``boostdesk gui`` checks and opens a large register in that time).

    ``defer_first_screen`` (always so without ``ctx``): the screen in view is built
    just after the first paint, so a large register does not hold the window back.
    ``opened`` fires once that screen is built."""

    first_painted = Signal()
    opened = Signal()

    def __init__(self, ctx: AppContext | None = None, parent: QWidget | None = None, *,
                 defer_first_screen: bool = False, settings: QSettings | None = None,
                 path: Path | None = None) -> None:
        super().__init__(parent)
        from .announce import SaidStatusBar

        # before anything asks for the status bar: its every message is also announced
        self.setStatusBar(SaidStatusBar())
        self.ctx: AppContext | None = None
        self.settings = settings if settings is not None else ctx.settings  # type: ignore[union-attr]
        self.setObjectName("main_window")
        self.setAcceptDrops(True)  # a summary table dropped on the window is imported
        self.setMinimumSize(*MIN_SIZE)
        self.screens: dict[int, QWidget] = {}
        self.current_dialog: QWidget | None = None
        self._trail_view: Any = None  # 修改记录 (Ctrl+H), kept as left between openings
        self.lock_watch: QObject | None = None  # a read-only register's (lock_watch.py)
        self.take_over_backup: QObject | None = None  # its start backup (lock_watch.py)
        self._first_index = 0  # the screen to open once the register is attached
        self._deferred_screen: int | None = None
        self._painted = False
        self._disabled: set[int] = set()  # screens not in this build, or broken
        self._rest_built = False  # (_build_rest)
        if is_high_contrast():  # its fields outlined from the first paint on (contrast_style)
            self._follow_palette()

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("功能导航")
        self.nav.setStyleSheet("QListWidget::item { padding: 5px 8px; }")
        # As wide as its longest name at the window's text size: Windows' 文本大小 at 200 %
        # makes 单位与人员 151 pixels and its padding, cut at 150.
        nav_width = (max(self.nav.fontMetrics().horizontalAdvance(label) for label, _m, _c in SCREENS)
                     + 2 * 8 + 2 * self.nav.frameWidth() + 4)
        self.nav.setMaximumWidth(max(150, nav_width))
        self.nav.setMinimumWidth(max(110, nav_width))
        for i, (label, module, _cls) in enumerate(SCREENS):
            item = QListWidgetItem(label)
            shortcut = screen_key(i)
            if module_available(module):
                item.setToolTip(f"{label}（{shortcut}）")
            else:
                flag = QtCore.Qt.ItemFlag
                item.setFlags(item.flags() & ~flag.ItemIsEnabled & ~flag.ItemIsSelectable)
                self._disabled.add(i)
                item.setToolTip(f"{label}：{NOT_IN_BUILD}")
            self.nav.addItem(item)
        # and as wide as its items are, their style's margins too: 2 pixels short at 18 pt,
        # it showed a sideways scroll bar under the names
        nav_width = max(nav_width, self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth())
        self.nav.setMaximumWidth(max(150, nav_width))
        self.nav.setMinimumWidth(max(110, nav_width))
        self.stack = QStackedWidget()  # its pages sized by the one in view: _build_rest
        self.splitter = QSplitter()  # horizontal
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([max(130, nav_width), 1200])
        # A screen wider or taller than a small laptop's (1280×720 at 150 %) scrolls
        # instead of pushing the window, status bar and all, off the screen.
        holder = QScrollArea()
        holder.setWidgetResizable(True)
        holder.setFrameShape(QScrollArea.Shape.NoFrame)
        holder.setWidget(self.splitter)
        self.setCentralWidget(holder)
        self.holder = holder
        self._keep_in_view: QWidget | None = None  # a screen's key's focus, until laid out
        holder.verticalScrollBar().rangeChanged.connect(lambda _a, _b: self._page_grew())

        self._build_menus()
        self._build_toolbar()
        self.statusBar()  # its room shows at the first paint; its labels come with _build_rest
        if ctx is not None:
            self._build_rest()
        self.nav.currentRowChanged.connect(self.show_screen)
        self.stack.currentChanged.connect(lambda _i: self._offer_actions())
        self._restore(defer_first_screen or ctx is None)
        if self._deferred_screen is not None:
            opening = QLabel(OPENING_TEXT if ctx is None else "正在打开登记册…")
            # No style sheet: the first one polished took ≈ 1–2 ms of the first paint.
            # Centred by the property's name: Qt's namespace builds its enums on first use.
            opening.setProperty("alignment", "AlignCenter")
            colour_text(opening, MUTED_COLOUR)
            self.stack.addWidget(opening)
            self._opening: QLabel = opening
            opening.installEventFilter(self)
        if ctx is None:
            where = path.name if path is not None else ""
            self.setWindowTitle(f"BoostDesk 职工创新助推计划 — {where}")
        else:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """Give the window its register: years, title, undo, status; the screen in view is
        built now, or just after the first paint when that has not happened yet."""
        self._build_rest()  # (attached before the first paint)
        if not self.campaign_label.styleSheet():  # empty till now: the first paint had no use of it
            self.campaign_label.setStyleSheet(f"color:{themed('#455a64')}; padding-left:12px")
        self.ctx = ctx
        ctx.window = self
        # Set here, not when built: Qt's namespace builds its 96 enums on first use
        # (≈ 25 ms), which the window's first paint does not need.
        self.holder.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.operator_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)  # the name as typed
        self.settings = ctx.settings
        from PySide6.QtGui import QKeySequence

        self.undo_action = ctx.undo_stack.createUndoAction(self, "撤销(&U)")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = ctx.undo_stack.createRedoAction(self, "重做(&R)")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.edit_menu.insertActions(self._edit_separator, [self.undo_action, self.redo_action])
        # Ctrl+Z with nothing to undo after an import: said in the status bar, not silence
        import shiboken6
        from PySide6.QtGui import QShortcut

        # (only then: else the search box's own word on an empty stack is said)
        self.undo_none = QShortcut(QKeySequence("Ctrl+Z"), self)

        def follow() -> None:
            # the stack is the context's: it outlives the window closed (and its shortcut),
            # and its shutdown clearing it said canUndoChanged to a deleted QShortcut
            if not shiboken6.isValid(self.undo_none):
                return
            self.undo_none.setEnabled(bool(ctx.undo_note) and not ctx.undo_stack.canUndo())

        follow()
        ctx.undo_stack.canUndoChanged.connect(lambda _can: follow())
        ctx.undo_noted.connect(follow)
        self.undo_none.activated.connect(
            lambda: self.statusBar().showMessage(ctx.undo_note, 15_000))
        for action in (self.undo_action, self.redo_action):  # its text follows the stack
            action.changed.connect(lambda a=action: plain_tip(a))
            plain_tip(action)
        from .quit_key import QuitKey

        QuitKey(self)  # Ctrl+Q heard over the dialogs and forms too, as 文件 → 退出
        if ctx.read_only:  # a badge that names the holder and offers the register once free
            from .lock_watch import LockWatch

            self.lock_watch = LockWatch(self)
        from .todo_line import TodoLine

        self.todo_line = TodoLine(self, self.todo_label, screen_keys().get(TODO_SCREEN, ""))
        ctx.changed.connect(self._on_changed)
        ctx.year_changed.connect(self._on_year)
        ctx.year_guard = self._may_leave_year
        # Bound methods, not lambdas: Qt drops them when the window goes, the context stays.
        ctx.notice.connect(self.show_notice)
        ctx.approval_wanted.connect(self.print_approval_of)
        ctx.progress_wanted.connect(self.print_progress_of)
        ctx.undo_stack.indexChanged.connect(self._undo_moved)
        self._fill_years()
        self._update_title()
        if self._deferred_screen is None:
            self.show_screen(self._first_index)
            self.update_counts()
            self.todo_line.schedule(AFTER_START_MS)
        elif self._painted:
            self.finish_opening()
        self._offer_actions()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # The "opening" label is painted with the window's first paint (the window itself
        # may not be, covered by its children): go on right after it.
        if event.type() == QEvent.Type.Paint and watched is getattr(self, "_opening", None):
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._after_first_paint)
        return False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._deferred_screen is not None:  # shown minimised or hidden: go on anyway
            QTimer.singleShot(500, self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        if self._painted:
            return
        self._painted = True
        self._build_rest()
        self.first_painted.emit()
        # 打印's previews a killed window left (finance's copy among them) swept without
        # waiting for 打印 to be opened; seconds after the first paint, off the start path
        from .preview_files import SWEEP_AFTER_START_MS, sweep_previews

        QTimer.singleShot(SWEEP_AFTER_START_MS, self, sweep_previews)
        if self.ctx is not None:
            self.finish_opening()

    def finish_opening(self) -> None:
        """Build the deferred first screen and fill the status bar (once; then a no-op).
        Before the register is attached there is nothing to build yet."""
        if self.ctx is None:
            return
        index, self._deferred_screen = self._deferred_screen, None
        if index is None:
            return
        screen = self.show_screen(index)
        if screen is not None and self.stack.currentWidget() is screen:
            self._keyboard_to_first(screen)
        self.stack.removeWidget(self._opening)
        self._opening.deleteLater()
        self.update_counts()
        self._offer_actions()
        self.opened.emit()
        # what is open today, counted in a thread once the screen is up (todo_line)
        self.todo_line.schedule(AFTER_START_MS)

    def _keyboard_to_first(self, screen: QWidget) -> None:
        """The keyboard onto the first screen's list, as Ctrl+1…9, 0 put it: Qt gave it to
        the window's scroll area when it was shown (before any screen was there), where ↓
        and Enter did nothing. Left where it is when the clerk has already gone into the
        screen (a key pressed while it opened: Ctrl+F's search box)."""
        from .screen_focus import focus_screen

        focused = self.focusWidget()
        if focused is not None and self.stack.isAncestorOf(focused):
            return
        focus_screen(screen)

    # -- screens -------------------------------------------------------------------
    def enabled(self, index: int) -> bool:
        # Kept in Python: reading the item's flags would build Qt's enums (14 ms) before
        # the window is first painted.
        return index not in self._disabled

    def pending_screen_modules(self) -> list[str]:
        """The module of the screen to be built once the register is attached, if any:
        ``boostdesk gui`` loads it while the register is checked."""
        index = self._deferred_screen
        return [] if index is None or not self.enabled(index) else [SCREENS[index][1]]

    def show_screen(self, index: int) -> QWidget | None:
        if not 0 <= index < len(SCREENS) or not self.enabled(index):
            return None
        if self.ctx is None:  # chosen while the register opens: open that one first
            self._deferred_screen = index
            return None
        if self._deferred_screen is not None and index != self._deferred_screen:
            self.finish_opening()  # a key pressed before the first paint: open in order
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)  # comes back here through currentRowChanged
            return self.screens.get(index)
        screen = self.screens.get(index)
        if screen is None:
            screen = self._build_screen(index)
            if screen is None:
                return None
        self.stack.setCurrentWidget(screen)
        self.settings.setValue("main/screen", index)
        return screen

    def _build_screen(self, index: int) -> QWidget | None:
        from . import dialogs

        label, module_name, class_name = SCREENS[index]
        try:
            module = importlib.import_module(module_name)
            screen = getattr(module, class_name)(self.ctx, self.stack)
        except Exception as exc:  # noqa: BLE001 - a broken screen must not take the window down
            from .context import error_text

            log.exception("screen %s failed", module_name)
            item = self.nav.item(index)
            item.setFlags(item.flags() & ~QtCore.Qt.ItemFlag.ItemIsEnabled)
            self._disabled.add(index)
            item.setToolTip(f"{label}：无法打开（{error_text(exc)}）")
            dialogs.show_error(self, f"无法打开“{label}”", error_text(exc))
            return None
        self.screens[index] = screen
        self.stack.addWidget(screen)
        offers = getattr(screen, "offers_changed", None)
        if offers is not None:  # its entries change with its tab (专家评审's Ctrl+E)
            offers.connect(self._offer_actions)
        return screen

    def switch_to(self, index: int) -> QWidget | None:
        """Ctrl+1…9, Ctrl+0: the screen, the keyboard on its main list (or its first field)."""
        screen = self.show_screen(index)
        if screen is not None and self.stack.currentWidget() is screen:
            from .screen_focus import focus_screen, into_view

            focus_screen(screen)
            self._keep_in_view = QApplication.focusWidget()
            into_view(self.holder, self._keep_in_view)
            # and as the page is laid out (its notes filled, wrapped, the page grown) in the
            # moment after: scrolled at once, the list then moved below the fold again
            QtCore.QTimer.singleShot(KEEP_IN_VIEW_MS, self, self._stop_keeping_in_view)
        return screen

    def _page_grew(self) -> None:
        widget = getattr(self, "_keep_in_view", None)
        if widget is not None and widget is QApplication.focusWidget():
            from .screen_focus import into_view

            into_view(self.holder, widget)

    def _stop_keeping_in_view(self) -> None:
        self._keep_in_view = None

    def _offer_actions(self) -> None:
        """编辑's entries, 导出当前列表 and 打印所选申报的审批表 as the screen in view offers
        them: the others greyed (they did nothing there but say so), Ctrl+N named for what
        it opens (工作室: 录入往年助推)."""
        if not self._menus_filled:  # (the opening label added: _fill_menus offers them)
            return
        ready = self.ctx is not None and self._deferred_screen is None
        screen = self.stack.currentWidget() if ready else None
        for name, action in self.screen_actions.items():
            action.setEnabled(not ready or callable(getattr(screen, name, None)))
        self.screen_actions["new_item"].setText(
            with_letter(str(getattr(screen, "NEW_ITEM_TEXT", NEW_ITEM_TEXT)), "N"))
        self.export_action.setText(
            with_letter(getattr(screen, "export_text", None) or EXPORT_TEXT, "E"))

    def current_screen(self) -> QWidget | None:
        if self.ctx is None:
            return None
        if self._deferred_screen is not None:
            self.finish_opening()
        widget = self.stack.currentWidget()
        return widget if widget is not None else None

    def screen_named(self, label: str) -> QWidget | None:
        """The screen with this navigation label, built if needed (tests, screenshots)."""
        index = next(i for i, s in enumerate(SCREENS) if s[0] == label)
        return self.show_screen(index)

    def show_keys(self) -> Any:
        from . import dialogs
        from .help_dialogs import KeysDialog, menu_actions

        dialog = KeysDialog(menu_actions(self), self)
        dialogs.open_modal(dialog)
        return dialog

    def show_help(self, tab: int = 0) -> Any:
        """F1: 帮助 — 工作流程 for the campaign in view (快捷键 in its second tab)."""
        from . import dialogs

        if self.ctx is None:
            self.statusBar().showMessage(OPENING_TEXT, 4000)
            return None
        from .guide_dialog import HelpDialog
        from .help_dialogs import menu_actions

        keys = screen_keys()
        dialog = HelpDialog(self.ctx.campaign(), keys, menu_actions(self), self, tab)
        dialogs.open_modal(dialog)
        return dialog

    def show_about(self) -> Any:
        from . import dialogs

        if self.ctx is None:
            self.statusBar().showMessage(OPENING_TEXT, 4000)
            return None
        from boostdesk.logfile import current_log

        from .help_dialogs import AboutDialog

        dialog = AboutDialog(self.ctx.reg, current_log(), self)
        dialogs.open_modal(dialog)
        return dialog

    def print_approval_of(self, refs: str) -> None:
        """The 打印 screen, making the approval sheets of these applications."""
        index = next(i for i, s in enumerate(SCREENS) if s[0] == "打印")
        screen = self.show_screen(index)
        if screen is not None:
            screen.print_approval_of(refs)  # type: ignore[attr-defined]

    def print_progress_of(self, kind: str, named: str) -> None:
        """The 打印 screen, making the 办理进度告知单 of these papers or of this union."""
        index = next(i for i, s in enumerate(SCREENS) if s[0] == "打印")
        screen = self.show_screen(index)
        if screen is not None:
            screen.print_progress_of(kind, named)  # type: ignore[attr-defined]

    def _dispatch(self, name: str) -> Any:
        if self.ctx is None:
            self.statusBar().showMessage(OPENING_TEXT, 4000)
            return None
        screen = self.current_screen()
        fn = getattr(screen, name, None)
        if callable(fn):
            return fn()
        if name == "import_table":
            return self.import_table()
        self.statusBar().showMessage("当前页面没有这项操作", 4000)
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        from .import_dialog import dropped_tables

        if self.ctx is not None and dropped_tables(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        """Summary tables (or a folder of them) dropped anywhere on the window: the import,
        with the first read and the others waiting their turn."""
        from .import_dialog import dropped_tables

        paths = dropped_tables(event.mimeData()) if self.ctx is not None else []
        if not paths:
            return
        event.acceptProposedAction()
        dialog = self._dispatch("import_table")
        if dialog is not None:
            dialog.open_files(paths)

    def import_table(self) -> Any:
        """Ctrl+I from a screen without an import of its own: the summary-table import."""
        from . import dialogs
        from .import_dialog import ImportDialog

        assert self.ctx is not None  # reached through _dispatch, once the register is open
        if self.ctx.read_only:  # said before any file is read: the import would be refused
            dialogs.show_error(self, "只读", getattr(self.ctx.reg, "read_only_message", "登记册只读"))
            return None
        dialog = ImportDialog(self.ctx, self)
        self.current_dialog = dialog
        dialogs.open_modal(dialog)
        return dialog

    # -- restoring a backup ------------------------------------------------------------
    def export_audit_trail(self, path: str | None = None, choice: Any = None) -> Any:
        """文件 → 导出修改记录…: which lines, whose and what days picked in a dialog (as
        ``boostdesk audit`` takes them), then the file; written as the command line writes
        it, read on a connection of its own in the background (a large year takes seconds).
        With ``path``: ``choice`` (default: the year's every line) at once, no dialog."""
        from boostdesk import audit_picks

        if self.ctx is None:
            self.statusBar().showMessage(OPENING_TEXT, 4000)
            return None
        ctx = self.ctx
        if path is None:
            return self._ask_audit_export()
        chosen = choice or audit_picks.Choice(audit_picks.Whose(year=ctx.year))

        def work(reg: Any, _progress: Any, cancelled: Any) -> tuple[str, int]:
            from boostdesk import audit_log

            # counted first, for the title, and never all held (10 years: 100,000 lines)
            title, count, lines = chosen.trail(reg, cancelled)
            audit_log.write_xlsx(lines, path, title, cancelled,
                                 note=audit_log.export_note(reg.path or "", ctx.operator,
                                                            chosen.whose.covers(reg)))
            return title, count

        def done(result: tuple[str, int]) -> None:
            title = result[0].removeprefix("修改记录（").removesuffix("）")
            self.statusBar().showMessage(f"已导出修改记录（{title}）：{path}", 8000)

        from .context import EXPORT_CANCEL_LEAVES

        return ctx.run_long("正在导出修改记录…", work, done, with_register=True, parent=self,
                            cancel_note=EXPORT_CANCEL_LEAVES)

    def _ask_audit_path(self, parent: Any, name: str) -> str:
        """Where to write the trail: the save dialog, in the last export's folder."""
        from PySide6.QtWidgets import QFileDialog

        from .export_folder import export_start, remember_export

        assert self.ctx is not None
        settings = self.ctx.settings
        path, _ = QFileDialog.getSaveFileName(parent, "导出修改记录",
                                              export_start(settings, name),
                                              "Excel 工作簿 (*.xlsx)")
        if path:
            remember_export(settings, path)
        return path if not path or path.lower().endswith(".xlsx") else path + ".xlsx"

    def _ask_audit_export(self) -> Any:
        from . import dialogs
        from .audit_export_dialog import AuditExportDialog

        assert self.ctx is not None
        dialog = AuditExportDialog(self.ctx.reg, self.ctx.year, self._ask_audit_path, self)
        dialog.accepted.connect(lambda: self.export_audit_trail(dialog.path, dialog.chosen))
        self.current_dialog = dialog
        dialogs.open_modal(dialog)
        return dialog

    def show_trail(self) -> Any:
        """查看 → 修改记录 (Ctrl+H): the whole register's trail, the newest change first,
        chosen by operator, days, year or paper; its 导出… writes the same choice."""
        if self.ctx is None:
            self.statusBar().showMessage(OPENING_TEXT, 4000)
            return None
        from .trail_view import TrailDialog

        kept = self._trail_view
        if kept is not None and kept.ctx is self.ctx:  # as it was left: choice, lines, line
            self.current_dialog = kept
            kept.open()
            return kept

        def export(choice: Any, parent: Any) -> None:
            path = self._ask_audit_path(parent, f"{choice.file_stem()}.xlsx")
            if path:
                self.export_audit_trail(path, choice)

        dialog = TrailDialog(self.ctx, self, export=export, open_paper=self._show_paper)
        self._trail_view = dialog  # kept, not deleted on closing: one, however often opened
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def _show_paper(self, paper: tuple[str, int]) -> bool:
        """A paper on 专利助推 or 创新项目 at its year, found by its 登记号 (修改记录's Enter);
        False when its year's screen cannot show it (a paper deleted meanwhile)."""
        from boostdesk.models.records import PATENT, id_ref
        from boostdesk.todo.items import PATENTS, PROJECTS

        from .todo_jump import show_papers

        stream, app_id = paper
        table = "patent_applications" if stream == PATENT else "project_applications"
        assert self.ctx is not None  # (修改记录 is opened only on a register)
        year = self.ctx.reg.scalar(f"SELECT c.year FROM {table} a JOIN campaigns c"  # noqa: S608
                                   " ON c.id = a.campaign_id WHERE a.id = ?", (app_id,))
        if year is None:
            self.statusBar().showMessage("该申报已删除，无法打开", 6000)
            return False
        label = PATENTS if stream == PATENT else PROJECTS
        screen = show_papers(self, label, year, id_ref(stream, app_id), app_id)
        if screen is None:
            return False

        def keyboard_back() -> None:  # once 修改记录 has closed: on the paper's list
            self.activateWindow()
            screen.table.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

        QtCore.QTimer.singleShot(0, self, keyboard_back)
        return True

    def export_statistics(self, path: str | None = None, compare: int | None = None,
                          period: Any = None, as_of: Any = None) -> Any:
        """文件 → 导出年度统计…: the year's statistics by union as ``boostdesk stats --out``
        writes them, and beside them what the small dialog asks for first (an earlier year
        compared, the money paid in a period: ``--compare``, ``--paid-in``), on a connection
        of its own (the payment plan brought up to date first, as the 拨付 screen and the
        payment lists do). ``path`` given: written at once, with ``compare`` and ``period``."""
        from PySide6.QtWidgets import QFileDialog

        from . import dialogs

        if self.ctx is None:
            self.statusBar().showMessage(OPENING_TEXT, 4000)
            return None
        ctx, year = self.ctx, self.ctx.year
        if path is None:
            from boostdesk.paid_in import paid_years

            from .export_folder import (
                STATS_FORMAT_KEY,
                export_start,
                kept_format,
                remember_export,
                remember_format,
            )
            from .stats_export_dialog import StatsExportDialog

            def ask_path(parent: Any) -> str:
                kept = kept_format(ctx.settings, STATS_FORMAT_KEY, STATS_FILTERS)
                suffix = ".pdf" if "pdf" in kept else ".xlsx"  # the name proposed in that format
                chosen_path, chosen = QFileDialog.getSaveFileName(
                    parent, "导出年度统计", export_start(ctx.settings, f"{year}年度统计{suffix}"),
                    ";;".join(STATS_FILTERS), kept)
                if not chosen_path:
                    return ""
                if not chosen_path.lower().endswith((".xlsx", ".pdf")):
                    chosen_path += ".pdf" if "pdf" in chosen else ".xlsx"
                remember_export(ctx.settings, chosen_path)
                remember_format(ctx.settings, STATS_FORMAT_KEY, STATS_FILTERS, chosen_path)
                return chosen_path

            from boostdesk.statistics import as_of_refusal

            campaign = ctx.reg.campaign(year)
            dialog = StatsExportDialog(year, ctx.reg.campaign_years(), paid_years(ctx.reg),
                                       ctx.settings, ask_path, self,
                                       refusal=lambda day: as_of_refusal(campaign, day))
            dialog.accepted.connect(lambda: self.export_statistics(
                dialog.path, dialog.compare, dialog.period, dialog.as_of))
            self.current_dialog = dialog
            dialogs.open_modal(dialog)
            return dialog
        chosen_path = path

        def work(reg: Any, _progress: Any, cancelled: Any) -> None:
            from boostdesk.io.errors import ExportCancelled
            from boostdesk.io.export_statistics import write_statistics_xlsx
            from boostdesk.statistics import Table, year_statistics

            stats = year_statistics(reg, year, cutoff=as_of)  # as_of: stats --as-of
            extra: list[Table] = []
            compared = None
            if compare is not None:  # 年度对比, the earlier year first (as stats --compare),
                # counted to the same point of its own cycle as of a day
                from boostdesk.year_compare import compare_table, compared_statistics

                compared = compared_statistics(reg, stats, compare)
                pair = sorted([stats, compared], key=lambda s: s.year)
                extra.append(compare_table(*pair))
            if period is not None:
                from boostdesk.paid_in import paid_in_table

                extra.append(paid_in_table(reg, period))
            if cancelled():  # 取消 pressed while they were counted: no file
                raise ExportCancelled("已取消导出年度统计，未生成文件")
            if chosen_path.lower().endswith(".pdf"):  # the handout: printed tables
                from boostdesk.io.in_place import written_in_place
                from boostdesk.printing.statistics import write_statistics_pdf

                with written_in_place(Path(chosen_path)) as part:
                    write_statistics_pdf(part, stats, extra=extra, compared=compared)
            else:
                write_statistics_xlsx(chosen_path, stats, cancelled, extra=extra,
                                      compared=compared)

        parts = [f"与 {compare} 年度对比"] if compare is not None else []
        parts += [f"截至 {as_of.isoformat()} 的拨付"] if as_of is not None else []
        parts += [f"{period.label}的拨付金额（按拨付日期）"] if period is not None else []
        added = f"（含{'、'.join(parts)}）" if parts else ""
        return ctx.run_long("正在导出年度统计…", work, lambda _r: self.statusBar().showMessage(
            f"已导出 {year} 年度统计{added}：{chosen_path}", 8000), with_register=True, parent=self)

    def export_notices(self, folder: str | None = None) -> Any:
        """文件 → 导出核对意见（按推荐单位）…: the year's verdicts made again (as F5), then
        one workbook a union with papers 不合格 or 待补材料 into a chosen folder, as
        ``boostdesk export notices`` writes them; what was written, said in a message."""
        from PySide6.QtWidgets import QFileDialog

        from . import dialogs

        if self.ctx is None:
            self.statusBar().showMessage(OPENING_TEXT, 4000)
            return None
        ctx, year = self.ctx, self.ctx.year
        if folder is None:
            from .export_folder import remember_folder, start_folder

            folder = QFileDialog.getExistingDirectory(
                self, f"导出 {year} 年度核对意见：选择存放的文件夹",
                str(start_folder(ctx.settings)))
            if not folder:
                return None
            remember_folder(ctx.settings, folder)
        store = not ctx.read_only  # read-only: the letters say the rules' verdicts, unsaved
        from boostdesk.io.findings_notice import intake_text, intake_unrecorded

        unticked = intake_unrecorded(ctx.reg, year)
        if unticked and not dialogs.ask_yes_no(  # asked before any letter demands them all
                self, "核对意见", f"{intake_text(unticked)}。\n\n仍要导出核对意见吗？",
                yes="仍要导出", no="返回", yes_key="E", no_key="B"):
            return None

        def work(reg: Any, progress: Any, cancelled: Any) -> tuple[bool, int, bool, list[str]]:
            from boostdesk.io.findings_notice import (
                current_findings,
                gather_notices,
                report_lines,
                write_notices,
            )

            rechecked = current_findings(reg, year, store=store, progress=progress,
                                         cancelled=cancelled)
            notices = gather_notices(reg, year, findings=rechecked.findings)
            written = write_notices(notices, folder, progress, cancelled,
                                    record=reg if store else None)
            return (bool(rechecked.changed and rechecked.stored), len(written),
                    notices.all_decided, report_lines(notices, written, folder, rechecked, most=MOST_FILES_SAID))

        def done(result: tuple[bool, int, bool, list[str]]) -> None:
            changed, files, decided, lines = result
            if changed:  # verdicts stored anew: the lists and the detail pane follow
                ctx.changed.emit("all")
            self.statusBar().showMessage(
                f"已导出 {year} 年度核对意见 {files} 个文件：{folder}" if files
                else f"{year} 年度的申报均已有审核结果，无需补报材料，未生成文件" if decided
                else f"{year} 年度没有需告知推荐单位的申报，未生成文件", 8000)
            dialogs.show_info(self, "核对意见", "\n".join(lines))

        return ctx.run_long(f"正在按 {year} 年度计划核对并导出核对意见…", work, done,
                            with_register=True, parent=self)

    def export_archive(self, folder: str | None = None) -> Any:
        """文件 → 导出年度归档…: the year's every document in a new folder, as ``boostdesk
        archive`` (ui/archive_export.py); ``folder``: the one to make it in, no dialog."""
        from . import archive_export

        if self.ctx is None:
            self.statusBar().showMessage(OPENING_TEXT, 4000)
            return None
        return archive_export.export_archive(self, self.ctx, folder)

    def backup_now(self) -> Any:
        """文件 → 立即备份: into backups/, as ``boostdesk backup`` (ui/backup_actions.py)."""
        from . import backup_actions

        if self.ctx is None:
            self.statusBar().showMessage(OPENING_TEXT, 4000)
            return None
        return backup_actions.backup_now(self, self.ctx)

    def backup_to(self, out: str | None = None) -> Any:
        """文件 → 备份到…: a copy anywhere (a USB stick), as ``boostdesk backup --out``."""
        from . import backup_actions

        if self.ctx is None:
            self.statusBar().showMessage(OPENING_TEXT, 4000)
            return None
        return backup_actions.backup_to(self, self.ctx, out)

    def restore_from_backup(self, holding: str | None = None) -> Any:
        """文件 → 从备份恢复…: choose a backup; the register is replaced and reopened.
        ``holding``: the backup that holds changes the register lost (a -wal deleted),
        chosen and marked in the list (from the lost-changes question)."""
        from . import dialogs
        from .restore_dialog import RestoreDialog

        if self.ctx is None:
            self.statusBar().showMessage(OPENING_TEXT, 4000)
            return None
        reg = self.ctx.reg
        if self.ctx.read_only:
            busy = not getattr(reg, "reason", "")  # else a folder this user cannot write
            dialogs.show_error(self, "不能恢复", getattr(
                reg, "read_only_message", "登记册正由另一位用户打开，本窗口只读，不能恢复备份")
                + ("。另一位用户持有登记册时不能从备份恢复" if busy else ""))
            return None
        if reg.path is None:
            dialogs.show_error(self, "不能恢复", "内存中的登记册没有备份，不能恢复")
            return None
        if self.ctx.busy:
            dialogs.show_error(self, "不能恢复", "后台任务仍在进行，请等它完成后再从备份恢复")
            return None
        dialog = RestoreDialog(reg.path, self, confirm=lambda question: dialogs.ask_yes_no(
            dialog, "从备份恢复", question, yes="恢复", no="取消"), settings=self.ctx.settings,
            holding=holding)
        dialog.accepted.connect(lambda: self._restore_chosen(dialog))
        self.current_dialog = dialog
        dialogs.open_modal(dialog)
        return dialog

    def _restore_chosen(self, dialog: Any) -> None:
        """The backup replaces the register in the background (a 100,000-application
        register is seconds of copying: the window froze that long, with nothing shown).
        The screens are put aside meanwhile, so that nothing paints from the register
        being closed; there is no 取消: a restore cannot stop halfway."""
        from boostdesk.safety.session import RestoredNotOpened, restore_and_reopen

        from . import dialogs
        from .backup_actions import restored_notice
        from .context import error_text

        backup, other_register = dialog.chosen_file(), dialog.other_register
        if backup is None or not self.may_reload("从备份恢复", "恢复"):
            return
        ctx = self.ctx
        assert ctx is not None  # restore_from_backup asked only with the register open
        reg, operator = ctx.reg, ctx.operator
        aside = QLabel("正在从备份恢复登记册…")
        aside.setStyleSheet(f"qproperty-alignment: AlignCenter; color: {themed(MUTED_COLOUR)}")
        shown = self.stack.currentWidget()
        self.stack.addWidget(aside)
        self.stack.setCurrentWidget(aside)

        def work(_progress: Any, _cancelled: Any) -> Any:
            return restore_and_reopen(reg, backup, operator, other_register=other_register)

        def done(value: Any) -> None:
            result, opened = value
            ctx.replace_register(opened.reg)
            ctx.undo_stack.clear()  # its commands refer to the register as it was
            self._rebuild_screens()
            # Only now: the note taken down while old screens stood behind it would bring
            # one into view, to reload on the register the restore closed.
            self.stack.removeWidget(aside)
            aside.deleteLater()
            ctx.changed.emit("all")
            self._update_title()
            self.show_notice(restored_notice(result))
            # payments the restore made unpaid again: said in a box, not only the status bar
            # (拨付 and 待办 list them as money to pay: paid twice otherwise)
            dropped = result.dropped_said() if result.dropped.get("payments") else ""
            if opened.upgraded is not None:  # an older BoostDesk's backup: as its opening says
                dialogs.show_info(self, "提示", f"{result.describe()}。\n\n{opened.upgraded}")
            elif dropped:
                dialogs.show_info(self, "恢复后请核对拨付", f"{restored_notice(result)}。\n\n{dropped}")

        def failed(exc: BaseException) -> None:
            log.error("restore failed", exc_info=exc)
            if isinstance(exc, RestoredNotOpened):  # restored; the register then not opened
                self._closed_after_restore(aside, exc)
                return
            reopened = getattr(exc, "reopened", None)  # the register as it was, open again
            if reopened is not None:
                ctx.replace_register(reopened.reg)
                self._rebuild_screens()
                ctx.changed.emit("all")
            elif shown is not None:  # refused before the register was closed
                self.stack.setCurrentWidget(shown)
            self.stack.removeWidget(aside)
            aside.deleteLater()
            dialogs.show_error(self, "恢复失败", error_text(exc))

        ctx.fold.wait()  # a fold's connection must not outlive the register replaced
        task = ctx.run_long("正在从备份恢复登记册…", work, done, failed, parent=self,
                            at_once=True)
        task.dialog.canceled.disconnect()  # neither 取消 nor Esc: it cannot stop halfway
        task.dialog.setCancelButton(None)
        task.stoppable = False

    def _closed_after_restore(self, aside: QLabel, exc: BaseException) -> None:
        """The backup replaced the register, which then could not be opened (an older
        backup's upgrade on a full disk): the screens held the closed register, and every
        action after the message failed with “Cannot operate on a closed database”. They
        go, and the window says what happened (it then closes, to be opened again once
        mended)."""
        from . import dialogs
        from .context import error_text

        self._drop_screens()
        self.nav.setEnabled(False)
        self.menuBar().setEnabled(False)
        aside.setText("已从备份恢复，但恢复后的登记册未能打开。BoostDesk 将关闭，请处理后重新打开。")
        assert self.ctx is not None
        self.ctx.undo_stack.clear()  # its commands refer to the register as it was
        dialogs.show_error(self, "恢复后未能打开登记册", error_text(exc))
        self._close_when_idle()

    def _close_when_idle(self) -> None:
        """Close once the restore's thread has ended (its end may not have reached this
        thread yet): a close while it runs would ask to wait for it."""
        if self.ctx is not None and self.ctx.busy:
            QTimer.singleShot(50, self._close_when_idle)
        else:
            self.close()

    def _drop_screens(self) -> None:
        # Quietly: taking the screen in view down shows the next one, and a screen that a
        # write left stale would reload on the closed register as it came into view.
        self.stack.blockSignals(True)
        try:
            for screen in self.screens.values():
                self.stack.removeWidget(screen)
                # Now, not deleteLater(): the changed("all") that follows must not reach a
                # screen still holding the closed register.
                shiboken6.delete(screen)
        finally:
            self.stack.blockSignals(False)
        self.screens.clear()

    def _rebuild_screens(self) -> None:
        """Screens keep the register they were built with: build them again on the new one."""
        current = self.nav.currentRow()
        self._drop_screens()
        if current >= 0:
            rebuilt = self._build_screen(current)
            if rebuilt is not None:
                self.stack.setCurrentWidget(rebuilt)
        self._offer_actions()

    # -- menus and keys --------------------------------------------------------------
    def _action(self, text: str, keys: list[str] | None, slot: Any, menu: Any) -> QAction:
        # Key names, not QKeySequence.StandardKey: its enum is built before the first paint.
        # Keywords: QAction(text, self) is matched against QAction(QIcon, …) first, which
        # builds QIcon's 151 theme names (≈ 3 ms of the start).
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(text=text, parent=self)
        if "(&" in text:  # Qt's own tooltip would read 立即备份(B): the words alone
            action.setToolTip(re.sub(r"\(&\w\)", "", text))
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        """The menu bar and its menus, as the first paint shows them: their names."""
        bar = self.menuBar()
        # Each enabled only on a screen that does it (``_offer_actions``); filled with the
        # menus' entries (``_fill_menus``).
        self.screen_actions: dict[str, QAction] = {}
        self.file_menu = bar.addMenu("文件(&F)")
        self.edit_menu = bar.addMenu("编辑(&E)")
        self.view_menu = bar.addMenu("查看(&V)")
        self.year_menu = bar.addMenu("年度(&Y)")
        self.help_menu = bar.addMenu("帮助(&H)")
        self._menus_filled = False

    def _build_rest(self) -> None:
        """What the first paint does not show, built once: the menus' entries and keys, the
        palette followed, the status bar's labels (empty till the register is open) and the
        stack's pages sized by the one in view (only the opening note is in it till then).
        ``boostdesk gui`` builds them just after the window's first paint (≈ 7 ms of its
        start, with the classes and enums of QKeySequence, QSizePolicy and retheme's
        widgets, and the modules of the labels and the sizing); a window given its register
        at once, or attached before its first paint, then."""
        if self._rest_built:
            return
        self._rest_built = True
        from .page_size import size_by_current_page

        size_by_current_page(self.stack)  # before any screen is added to it
        self._follow_palette()
        self._fill_menus()
        self._fill_status_bar()

    def _follow_palette(self) -> None:
        """Colours re-chosen when dark mode or high contrast is switched (retheme.py)."""
        app = QApplication.instance()
        if app is not None:
            from .retheme import install

            install(app)  # type: ignore[arg-type]

    def _fill_menus(self) -> None:
        """The menus' entries and their keys."""
        from PySide6.QtGui import QActionGroup

        self._menus_filled = True

        file_menu = self.file_menu
        self.import_action = self._action("导入汇总表(&I)…", ["Ctrl+I"],
                                          lambda: self._dispatch("import_table"), file_menu)
        self.export_action = self._action(with_letter(EXPORT_TEXT, "E"), ["Ctrl+E"],
                                          lambda: self._dispatch("export_list"), file_menu)
        self.screen_actions["export_list"] = self.export_action
        self._action("导出修改记录（xlsx）(&A)…", None, self.export_audit_trail, file_menu)
        self._action("导出年度统计(&S)…", None, self.export_statistics, file_menu)
        self._action("导出核对意见（按推荐单位）(&N)…", None, self.export_notices, file_menu)
        self._action(ARCHIVE_TEXT, None, self.export_archive, file_menu)
        file_menu.addSeparator()
        self.backup_now_action = self._action("立即备份(&B)", None, self.backup_now, file_menu)
        self.backup_to_action = self._action("备份到(&T)…", None, self.backup_to, file_menu)
        self.restore_action = self._action("从备份恢复(&R)…", None, self.restore_from_backup, file_menu)
        file_menu.addSeparator()
        self.screen_actions["print_selected"] = self._action(
            "打印所选申报的审批表(&P)", ["Ctrl+P"], lambda: self._dispatch("print_selected"), file_menu)
        # for a caller (the inventor, the studio, a union): where the papers stand
        self.screen_actions["print_progress"] = self._action(
            PROGRESS_TEXT, [PROGRESS_KEY], lambda: self._dispatch("print_progress"), file_menu)
        file_menu.addSeparator()
        self._action("退出(&X)", ["Ctrl+Q"], self.close, file_menu)

        edit = self.edit_menu
        self._edit_separator = edit.addSeparator()  # 撤销 and 重做 go above it (attach)
        for text, keys, name in ((with_letter(NEW_ITEM_TEXT, "N"), ["Ctrl+N"], "new_item"),
                                 ("改变状态(&M)…", ["Ctrl+M"], "change_status"),
                                 # the office's own date for the papers selected (方案三)
                                 ("填写收件日期(&D)…", ["Ctrl+D"], "fill_received"),
                                 # The list's button takes no focus (Tab stays in the data)
                                 # and has no key: without this entry (Alt+E) a keyboard or
                                 # a screen reader could not reach it at all.
                                 ("移到其他年度(&Y)…", None, "move_to_year"),
                                 ("补录往年结果(&P)…", None, "record_past"),
                                 ("补录往年名单(&L)…", None, "record_past_list"),
                                 ("往年结年(&C)…", None, "close_past_year"),
                                 ("撤销结年(&O)…", None, "reopen_past_year"),
                                 ("查找(&F)", ["Ctrl+F"], "focus_search")):
            self.screen_actions[name] = self._action(
                text, keys, lambda name=name: self._dispatch(name), edit)

        view = self.view_menu
        self._action("刷新并重新核对(&R)", ["F5"], lambda: self._dispatch("refresh"), view)
        # who changed what, all papers, the newest first (a colleague's weeks while away)
        self.trail_action = self._action("修改记录（全部申报）(&L)…", ["Ctrl+H"], self.show_trail,
                                         view)
        view.addSeparator()
        for i, (label, _m, _c) in enumerate(SCREENS):
            action = self._action(f"{label}(&{screen_digit(i)})", [screen_key(i)],
                                  lambda i=i: self.switch_to(i), view)
            action.setEnabled(self.enabled(i))

        help_menu = self.help_menu
        # F1 is the help: what to do in the year and in what order, the keys in its
        # second tab; 快捷键 opens the keys alone, as F1 did before
        self.guide_action = self._action("工作流程（年度工作顺序）(&W)", ["F1"], self.show_help,
                                         help_menu)
        self._action("快捷键(&K)", None, self.show_keys, help_menu)
        self.about_action = self._action("关于 BoostDesk(&A)", None, self.show_about, help_menu)
        self.year_group = QActionGroup(self)
        self.year_group.setExclusive(True)
        self._offer_actions()

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("年度")
        toolbar.setObjectName("year_toolbar")
        toolbar.setMovable(False)
        # the entry of the window's pop-up menu (a right click on the bar) that shows or
        # hides it: lettered, as every pop-up menu's entry
        toolbar.toggleViewAction().setText("年度栏(&Y)")
        self.year_box = QComboBox()
        self.year_box.setObjectName("year_box")
        # named by its label (a screen reader said only 2022 年度, not what the box is)
        self.year_box.setAccessibleName("年度")
        year_label = QLabel("  年度 ")
        year_label.setBuddy(self.year_box)
        toolbar.addWidget(year_label)
        self.year_box.setMinimumContentsLength(9)  # "2022 年度" whole from the first paint
        self.year_box.currentIndexChanged.connect(self._year_chosen)
        toolbar.addWidget(self.year_box)
        self.campaign_label = QLabel()  # its style sheet with its first text (attach)
        toolbar.addWidget(self.campaign_label)
        self.addToolBar(toolbar)
        self.year_toolbar = toolbar
        # on two lines at 16–18 pt in a small window, not behind the toolbar's » button
        self.plan_line = PlanLine(toolbar, self.year_box, self.campaign_label)

    def _fill_years(self) -> None:
        from PySide6.QtGui import QAction

        ctx = self.ctx
        assert ctx is not None  # from attach() on
        years = ctx.reg.campaign_years()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in years:
            self.year_box.addItem(f"{year} 年度", year)
        self.year_box.setCurrentIndex(max(self.year_box.findData(ctx.year), 0))
        self.year_box.blockSignals(False)
        self.year_menu.clear()
        for action in self.year_group.actions():
            self.year_group.removeAction(action)
        letters = year_letters(years)
        for year in years:
            text = f"{year} 年度" + (f"(&{letters[year]})" if year in letters else "")
            action = QAction(text, self, checkable=True)
            action.setData(year)
            action.setToolTip(f"{year} 年度")
            action.setChecked(year == ctx.year)
            action.triggered.connect(lambda _c=False, y=year: self._choose_year(y))
            self.year_group.addAction(action)
            self.year_menu.addAction(action)
        self._show_campaign()

    def _show_campaign(self) -> None:
        try:
            c = self.ctx.campaign()  # type: ignore[union-attr]  # None: refused as any other
        except Exception:  # noqa: BLE001
            self.plan_line.show_parts([])
            return
        self.plan_line.show_parts([
            c.title, f"报送截止 {c.submission_deadline.isoformat()}",
            f"授权期间 {c.grant_window_start.isoformat()} 至 {c.grant_window_end.isoformat()}"])

    def _year_chosen(self, index: int) -> None:
        year = self.year_box.itemData(index)
        if year is not None and self.ctx is not None:  # the box is filled once attached
            self._choose_year(int(year))

    def _choose_year(self, year: int) -> None:
        """The toolbar's 年度 or the 年度 menu: refused (设置's typing kept), both show the
        year in view again."""
        assert self.ctx is not None
        if not self.ctx.set_year(year):
            self._on_year(self.ctx.year)

    def _may_leave_year(self, year: int) -> bool:
        # the context may outlive the window (a test's, a restore's rebuild): nothing to ask
        return not shiboken6.isValid(self) or self.may_reload(f"切换到 {year} 年度", "切换")

    def may_reload(self, doing: str, verb: str) -> bool:
        """Before ``doing`` fills the screens anew (another year, a restore): typing not
        saved asked about (设置's, confirm_leave); refused, its screen is shown."""
        for index, screen in self.screens.items():
            ask = getattr(screen, "confirm_leave", None)
            if callable(ask) and not ask(doing, verb):
                self.show_screen(index)
                return False
        return True

    def _on_year(self, year: int) -> None:
        self.year_box.blockSignals(True)
        self.year_box.setCurrentIndex(max(self.year_box.findData(year), 0))
        self.year_box.blockSignals(False)
        for action in self.year_group.actions():
            action.setChecked(action.data() == year)
        self._show_campaign()
        self._update_title()
        self.update_counts()

    def _on_changed(self, kind: str) -> None:
        if kind in ("campaign", "all"):
            self._fill_years()
        self.update_counts()
        self.todo_line.schedule()

    # -- status bar ------------------------------------------------------------------
    def _fill_status_bar(self) -> None:
        from .status_room import ElidedLabel, GiveWay  # a message wider: the counts give way

        bar = self.statusBar()
        self.counts_label = ElidedLabel()  # short of room: 「…」, the whole in its tooltip
        self.counts_label.setObjectName("counts")
        self.operator_label = QLabel()
        self.todo_label = QLabel()  # 待办 … 项 (todo_line.TodoLine, once the register is open)
        self.todo_label.setObjectName("todo_line")
        bar.addPermanentWidget(self.todo_label)
        bar.addPermanentWidget(self.counts_label)
        bar.addPermanentWidget(self.operator_label)

        # a message wider: the 待办 count gives way first, then the counts
        self.counts_give_way = GiveWay(bar, self.todo_label, self.counts_label)

    def update_counts(self) -> None:
        from boostdesk.models.records import PATENT, PROJECT

        from . import queries  # not at import: it brings the validators, not needed to show

        ctx = self.ctx
        assert ctx is not None  # from attach() on
        parts, short = [], []
        for stream, label in ((PATENT, "专利"), (PROJECT, "项目")):
            c = queries.counts(ctx.reg, stream, ctx.year)
            # lacking only the 收件日期: still 待补材料, what it waits for said as the list does
            undated = f"（其中待填收件日期 {c.undated}）" if c.undated else ""
            parts.append(f"{label}：登记 {c.registered} · 合格 {c.eligible} · "
                         f"不合格 {c.refused} · 待补材料 {c.incomplete}{undated}")
            short.append(f"{label}：登记{c.registered}·合格{c.eligible}·"
                         f"不合格{c.refused}·待补{c.incomplete}")
        # at 150 % or with large text: every count still said, in fewer words
        self.counts_label.set_texts("　　".join(parts), "　".join(short))
        self.operator_label.setText(f"　操作人：{ctx.operator}")

    def show_notice(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _undo_moved(self, _index: int) -> None:
        self._update_title()

    def _update_title(self) -> None:
        assert self.ctx is not None  # from attach() on
        path = self.ctx.reg.path
        where = path.name if path is not None else "内存"
        mode = "（只读）" if self.ctx.read_only else ""
        self.setWindowTitle(f"BoostDesk 职工创新助推计划 — {self.ctx.year} 年度 — {where}{mode}")

    # -- window memory ---------------------------------------------------------------
    def _restore(self, defer_screen: bool = False) -> None:
        settings = self.settings
        geometry = settings.value("main/geometry")
        # Qt refuses a frame saved on a larger screen or at another scale (False) and leaves
        # the window at its minimum, where it then stayed for good: fall back to the default
        if not (isinstance(geometry, QByteArray | bytes) and geometry
                and self.restoreGeometry(geometry)):
            self._default_size()
        state = settings.value("main/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        index = settings.value("main/screen", 0)
        try:
            index = int(index)  # type: ignore[arg-type]  # whatever the file holds: refused below
        except (TypeError, ValueError):
            index = 0
        if not (0 <= index < len(SCREENS) and self.enabled(index)):
            index = 0
        self._first_index = index
        if defer_screen:
            self._deferred_screen = index
            self.nav.blockSignals(True)  # highlighted now, built after the first paint
            self.nav.setCurrentRow(index)
            self.nav.blockSignals(False)

    def _default_size(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = DEFAULT_SIZE
        if screen is not None:
            width = min(width, screen.width() - FRAME_ROOM[0])
            height = min(height, screen.height() - FRAME_ROOM[1])
        self.resize(width, height)

    def save_layout(self) -> None:
        settings = self.settings
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self.splitter.saveState())
        for screen in self.screens.values():
            save = getattr(screen, "save_layout", None)
            if callable(save):
                save()
        settings.sync()

    def _may_close(self) -> bool:
        """Asked: the long work running (named, to be cancelled), the work typed unsaved."""
        from . import dialogs
        from .context import close_question

        assert self.ctx is not None
        if self.ctx.busy and not (
            dialogs.ask_yes_no(self, "正在处理", "正在从备份恢复登记册，不能中途停止。恢复完成后退出吗？",
                               yes="完成后退出", no="继续等待")
            if self.ctx.unstoppable_work else
            # withdrawn when the work ends meanwhile: the window stays, and what it says
            # (已备份到…) is said; its 取消并退出 would have cancelled nothing
            dialogs.ask_yes_no(self, "正在处理", close_question(self.ctx.running_jobs()),
                               yes="取消并退出", no="继续等待", withdrawn=self.ctx.idle)
        ):
            return False
        for index, screen in self.screens.items():
            confirm = getattr(screen, "confirm_close", None)  # work typed and not saved
            if callable(confirm) and not confirm():
                self.show_screen(index)
                return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ctx is None:  # closed while its register was opening
            self._deferred_screen = None
            self.save_layout()
            event.accept()
            return
        self.ctx.hold_boxes()  # work ending meanwhile says so once this is answered
        if not self._may_close():
            self.ctx.release_boxes()
            event.ignore()
            return
        self._deferred_screen = None  # closed before its screen was built: never build it
        self.todo_line.stop()
        for screen in self.screens.values():  # 待办's list read in a thread (todo_reader)
            stop = getattr(screen, "stop_reading", None)
            if callable(stop):
                stop()
        if self._trail_view is not None:  # 修改记录's read of a person's trail, in a thread
            self._trail_view.stop_reading()
        from .form_warmup import stop_reading

        stop_reading(self)  # the completers' name lists read in a thread (form_warmup)
        if self.lock_watch is not None:
            self.lock_watch.timer.stop()  # type: ignore[attr-defined]
        self.save_layout()
        self.ctx.shutdown()
        event.accept()
