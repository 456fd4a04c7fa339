"""``boostdesk gui``: from the command to the main window, as fast as it safely can.

The register's integrity check starts first, in a thread, before Qt is even
imported: SQLite runs it without Python's lock, so it reads the file on one core
while the other imports Qt and builds the window. The register is opened only once
the check has passed, as before; the start-up backup waits until the window is up.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from boostdesk.paths import default_operator, default_register_path
from boostdesk.safety.integrity import BackgroundCheck


def run(db: str | Path | None = None, *,
        on_application: Callable[[Any], None] | None = None) -> int:
    """Open the register (safely) and show the main window until it closes.

    ``on_application`` is called with the QApplication as soon as it exists (the start-up
    benchmark watches the first paint through it).
    """
    path = Path(db) if db else default_register_path()
    check = BackgroundCheck.start(path, quick=True) if path.is_file() else None

    from PySide6.QtCore import QSettings

    from boostdesk.safety import RegisterDamaged, install_log_masking, open_register

    from . import dialogs
    from .app import ask_operator, make_application, start_backup_task

    install_log_masking()
    app = make_application()
    if on_application is not None:
        on_application(app)
    settings = QSettings()
    operator = ask_operator(settings)
    if operator is None:
        return 1
    try:  # the check's report is awaited here: a damaged register is not opened
        opened = open_register(path, operator or default_operator(), start_backup=False,
                               integrity=check or "quick")
    except RegisterDamaged as damaged:
        opened = offer_restore(damaged, operator)
        if opened is None:
            return 1
    except Exception as exc:  # noqa: BLE001 - busy or unreadable: say so and stop
        from .context import error_text

        dialogs.show_error(None, "无法打开登记册", error_text(exc))
        return 1
    from .context import AppContext
    from .main_window import MainWindow

    ctx = AppContext(opened.reg, settings=settings)
    ctx.set_operator(operator)
    window = MainWindow(ctx, defer_first_screen=True)
    window.show()
    if opened.warnings:
        dialogs.show_info(window, "提示", "\n\n".join(opened.warnings))
    backup = None if opened.read_only else start_backup_task(path, window, window.opened)
    try:
        return app.exec()
    finally:
        if backup is not None:
            backup.wait()  # a backup never stops half-written when the window closes
        ctx.reg.close()  # the register in use: 从备份恢复 may have replaced opened.reg


def offer_restore(damaged: Any, operator: str) -> Any:
    """A damaged register at start: offer its last good backup (the damaged file is kept
    as a backup of its own), then open the restored register; None when declined or failed."""
    from boostdesk.safety import open_register, restore

    from . import dialogs
    from .context import error_text

    good = damaged.last_good
    if good is None:
        dialogs.show_error(None, "登记册已损坏", str(damaged))
        return None
    summary = damaged.report.summary
    if not dialogs.ask_yes_no(
            None, "登记册已损坏",
            f"登记册 {damaged.path} 已损坏，未打开：{summary}。\n\n"
            f"最近一份完好的备份是 {good.describe()}（{good.path.name}）。"
            "现在用它恢复并打开吗？损坏的登记册会先另存一份，不会丢失；"
            "备份之后录入的内容需要重新录入。",
            yes="恢复并打开", no="退出"):
        return None
    try:
        result = restore(good.path, damaged.path, operator)
        opened = open_register(damaged.path, operator, start_backup=False, integrity="quick")
    except Exception as exc:  # noqa: BLE001 - shown, not a crash
        dialogs.show_error(None, "恢复失败", error_text(exc))
        return None
    opened.warnings.insert(0, result.describe())
    return opened
