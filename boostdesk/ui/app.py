"""The Qt application: shipped font, Qt's Chinese texts, the operator's name, the start-up
backup task. ``launch.run`` puts them together for ``boostdesk gui``.

The shipped WenQuanYi Micro Hei is the application font, so Chinese renders the
same on a machine without any CJK font. Nothing heavy (reportlab, openpyxl) is
imported on the way to the first window.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from boostdesk.paths import APP_NAME, ORG_NAME, resources_dir

if TYPE_CHECKING:  # a Qt class first used builds its enums: these are not needed to show
    from PySide6.QtCore import QThread, QTranslator

MAIN_FONT = "wqy-microhei.ttc"
RARE_FONT = "hanamin-a-ext.ttf"  # rare hanzi in names: the main face's fallback
FONT_FILES = (MAIN_FONT, RARE_FONT)
# A shipped face a system may have installed already (Debian's fonts-wqy-microhei is the very
# file shipped): its family, to use that copy rather than register a second one.
SYSTEM_FAMILIES = {MAIN_FONT: "WenQuanYi Micro Hei"}
FONT_POINT_SIZE = 10
# The system's text at 100 %: Windows' message font is Segoe UI 9 pt, elsewhere about 10 pt.
SYSTEM_POINT_SIZE = 9.0 if sys.platform == "win32" else 10.0
_translators: list[QTranslator] = []
_families: dict[str, str] = {}  # font file → its family, once registered in this process
_guarded: list[bool] = []  # none_guard's check made in this process


def load_fonts(app: QApplication, files: tuple[str, ...] = FONT_FILES) -> str | None:
    """Register the shipped fonts (each once) and make them, in this order, the application
    font; the main family. ``boostdesk gui`` paints its first window with the main face
    and adds the rare-hanzi face before any register data is shown.

    A face the system has installed already (:data:`SYSTEM_FAMILIES`) is not registered
    again: Qt drew with the system's copy anyway, and reading the shipped file's characters
    for fontconfig took ≈ 1.5 ms of the start (the system's are in its cache)."""
    for name in files:
        path = resources_dir() / "fonts" / name
        if name in _families or not path.exists():
            continue
        installed = SYSTEM_FAMILIES.get(name)
        if installed is not None and QFontDatabase.hasFamily(installed):
            _families[name] = installed
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            continue
        found = QFontDatabase.applicationFontFamilies(font_id)
        plain = [f for f in found if "Mono" not in f] or list(found)
        if plain:
            _families[name] = plain[0]
    families = [_families[name] for name in files if name in _families]
    if not families:
        return None
    font = QFont(families[0])
    font.setPointSizeF(point_size())
    font.setFamilies(families)
    app.setFont(font)
    return families[0]


def point_size() -> float:
    """The application's text size: ``FONT_POINT_SIZE``, grown as much as the user grew the
    system's text (Windows' 设置 → 辅助功能 → 文本大小 enlarges the system font Qt reads),
    never smaller: the shipped face replaces the system's, its size must not."""
    system = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).pointSizeF()
    return FONT_POINT_SIZE * max(1.0, system / SYSTEM_POINT_SIZE)


def install_translations(app: QApplication) -> None:
    """Qt's own Chinese texts (file dialogs, context menus)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from .menu_letters import lettered

    class HouseWords(QTranslator):
        """Qt's Chinese in the window's own words: its 撤消 (a text box's right-click menu)
        is 撤销, as in 编辑 and every message of the register; its pop-up menus' entries
        each with a letter of its own (menu_letters)."""

        def __init__(self, qt_s: QTranslator) -> None:
            super().__init__(app)
            self.qt_s = qt_s

        def translate(self, context: str, source: str, disambiguation: str | None = None,
                      n: int = -1) -> str:
            # "" (not found: Qt then looks in the next translator); the stubs say str | None
            text = (lettered(context, source)
                    or self.qt_s.translate(context, source, disambiguation, n) or "")
            return text.replace("撤消", "撤销")

        def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
            return self.qt_s.isEmpty()

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            words = HouseWords(translator)
            app.installTranslator(words)
            _translators.extend((translator, words))
            break
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))


def make_application(argv: list[str] | None = None, *,
                     first_window_only: bool = False) -> QApplication:
    """The application, whole; or, with ``first_window_only``, just what the first window
    is painted with (the main face): :func:`finish_application` adds the rest,
    as ``boostdesk gui`` does right after the window's first paint."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    if first_window_only:
        load_fonts(app, (MAIN_FONT,))  # type: ignore[arg-type]
    else:
        finish_application(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def finish_application(app: QApplication) -> None:
    """What no first window shows: the rare-hanzi face (names in the register), Qt's own
    Chinese texts (file dialogs, context menus), and the window's icon: QIcon's 151 theme
    names are built on its first use (≈ 3 ms of the start); the title bar shows the
    system's default icon for the tenth of a second before. And none_guard's check of the
    binding: the first window makes a few hundred calls, far from the thousands of
    references None holds, and the module's import was ≈ 0.4 ms of the start."""
    from PySide6.QtGui import QIcon

    if not _guarded:
        from .none_guard import keep_none_alive

        keep_none_alive(lambda: app.setQuitOnLastWindowClosed(app.quitOnLastWindowClosed()))
        _guarded.append(True)

    icon = resources_dir() / "icons" / "boostdesk.png"
    if icon.exists() and app.windowIcon().isNull():
        app.setWindowIcon(QIcon(str(icon)))  # type: ignore[attr-defined]
    load_fonts(app)
    if not _translators:
        install_translations(app)


def ask_operator(settings: QSettings, parent: QWidget | None = None) -> str | None:
    """The operator's name, asked once and remembered; None when the question was cancelled."""
    from boostdesk.operator_name import valid

    stored = settings.value("operator/name", "")
    # (one an earlier version stored unchecked, a line break in it, is asked again)
    name = valid(str(stored or ""))
    said = ""  # why the last answer was refused
    while not name:
        from boostdesk.errors import ValidationError
        from boostdesk.operator_name import clean

        from . import dialogs  # (only then: the first window does not need the module)

        answer = dialogs.ask_text(
            parent, "操作人", f"{said}请输入您的姓名（记入每一次修改，只需输入一次）：")
        if answer is None:
            return None
        try:
            name = clean(answer)
        except ValidationError as exc:
            said = f"{exc.message}。\n"
    if name != stored:  # the same name again rewrote the settings file before the first paint
        settings.setValue("operator/name", name)
    return name


def start_backup_task(path: Path, window: QWidget, after: Any = None) -> QThread:
    """The start-up backup, taken off the UI thread once the window is up (the online
    backup API reads through a connection of its own), or when the signal ``after`` fires
    (the first screen is open: the copy does not compete with building it); then a few of
    an earlier BoostDesk's plain backups are zipped. A failure is shown, not fatal.

    文件 → 立即备份 (or an import's backup) clicked meanwhile waits for it
    (``safety.one_backup``). Its ``cancel()`` (the window closing: ``launch.Opening.close``)
    stops it from its compression on, leaving no file: a window closed in its first
    seconds went on, hidden, holding the register, until the copy of a large one was made."""
    from boostdesk.safety import backup_register
    from boostdesk.safety.backup import compact_plain
    from boostdesk.safety.priority import yield_cpu

    from . import dialogs
    from .backup_actions import start_backup_failed
    from .context import LongTask, error_text, is_cancellation

    def run(_progress: Any, cancelled: Any) -> Any:
        yield_cpu()  # its compression takes the CPU the window's first paint has no use for
        # the copy in one step: the clerk's first saves do not restart it
        made = backup_register(path, "start", cancelled=cancelled, whole_copy=True)
        compact_plain(path, cancelled=cancelled)  # an earlier BoostDesk's plain backups zipped
        return made

    def failed(exc: BaseException) -> None:
        from boostdesk.safety.backup import NoBackupFolder

        if not is_cancellation(exc):  # (cancelled: the window has closed)
            dialogs.show_info(window, "提示", start_backup_failed(
                error_text(exc), retry=not isinstance(exc, NoBackupFolder)))

    task = LongTask(run, parent=window)
    task.failed.connect(failed)
    if after is None:
        QTimer.singleShot(0, task.start)
    else:
        from PySide6.QtCore import Qt  # not at import: Qt's enums cost 14 ms of the start

        after.connect(task.start, Qt.ConnectionType.SingleShotConnection)
    return task
