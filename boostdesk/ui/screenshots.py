"""Pictures of every screen and form, for the README and for looking at what was built.

``take_screenshots(outdir, db=None)`` opens the main window at 1366×768 on the
demo register (made in a temporary folder) or on a copy of ``db``, shows each screen in
turn and each entry form, the status dialog and an import preview, and saves
each as a PNG. Settings go to a temporary file: the user's own are not touched.

The demo is made and pictured as of :data:`DEMO_DAY`, a day of its season (the 2022
patents' awards fall due five days later), not this computer's date: against that, its
payments showed overdue by years, and the pictures in docs/screenshots changed every day.
A copy of a real register is pictured as of today.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from boostdesk import demo
from boostdesk.models import clock

from .app import make_application
from .main_window import SCREENS
from .todo_reader import wait_read

WINDOW_SIZE = (1366, 768)
FORM_SIZE = (1180, 720)
SCREEN_FILES = {
    "专利助推": "patents", "创新项目": "projects", "工作室": "studios", "单位与人员": "people",
    "专家评审": "panel", "公示": "publicity", "拨付": "payments", "打印": "print", "设置": "settings",
    "待办": "todo",
}
OPERATOR = "王秀兰"
# The demo's day: its 2022 patents' awards due on 2023-03-15 (half paid), the projects' first
# tranches on 2023-03-28, no acceptance of 2022's projects yet (boostdesk.demo pays and
# accepts nothing after it, whatever day it is built).
DEMO_DAY = demo.DEMO_DAY


def _settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def _save(widget: QWidget, path: Path, app: QApplication) -> Path:
    _settle(app)
    todo_line = getattr(widget, "todo_line", None)
    if todo_line is not None:  # the status bar's 待办 count in at every grab, not racing it
        todo_line.settle()
        _settle(app)
    if not widget.grab().save(str(path)):
        raise OSError(f"无法保存 {path}")
    return path


def take_screenshots(outdir: Path, db: Path | None = None) -> tuple[list[Path], list[str]]:
    """Render every screen and form to ``outdir``; (files written, what could not be shown)."""
    outdir.mkdir(parents=True, exist_ok=True)
    app = make_application()
    day = clock.fixed_day(DEMO_DAY) if db is None else nullcontext()
    with day, tempfile.TemporaryDirectory(prefix="boostdesk-shots-") as tmp:
        reg = _open(Path(tmp), db)
        try:
            return _render(app, reg, outdir, Path(tmp), real=db is not None)
        finally:
            reg.close()


def _open(tmp: Path, db: Path | None) -> Any:
    if db is None:
        from boostdesk.demo import fill_demo
        from boostdesk.models import Register

        reg = Register.open(tmp / "demo.db", OPERATOR)
        fill_demo(reg)
        return reg
    from boostdesk.safety import open_register
    from boostdesk.safety.backup import copy_database

    # Pictures of a copy: the register itself is neither upgraded nor written to.
    copy = tmp / "register.db"
    copy_database(db, copy)
    reg = open_register(copy, OPERATOR, start_backup=False).reg
    _mask_phones(reg)
    return reg


def _mask_phones(reg: Any) -> None:
    """The pictures leave the office: the copy's phone numbers are masked before any screen
    reads them (单位与人员 lists every worker's). No rule reads a phone, so every verdict
    pictured is the register's; ID and card numbers, which the rules read, are masked where
    a form would show them whole (:func:`_mask_numbers`)."""
    from boostdesk.safety.privacy import mask_phone

    with reg.transaction():
        for table, column in (("people", "phone"), ("project_applications", "contact_phone")):
            rows = reg.conn.execute(
                f"SELECT id, {column} FROM {table} WHERE {column} <> ''").fetchall()
            reg.conn.executemany(f"UPDATE {table} SET {column} = ? WHERE id = ?",
                                 [(mask_phone(phone), row_id) for row_id, phone in rows])


def _render(app: QApplication, reg: Any, outdir: Path, tmp: Path,
            real: bool = False) -> tuple[list[Path], list[str]]:
    from . import dialogs
    from .context import AppContext
    from .main_window import MainWindow

    written: list[Path] = []
    failures: list[str] = []
    errors: list[str] = []
    # A screen that fails says why in a message box; here the reason goes into the report.
    original = dialogs.show_error

    def noted(_parent: object, title: str, text: str, guarded: bool = False) -> None:
        errors.append(f"{title}：{text}")

    dialogs.show_error = noted  # type: ignore[assignment]
    try:
        settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
        ctx = AppContext(reg, settings=settings)
        ctx.set_operator(OPERATOR)
        window = MainWindow(ctx)
        window.resize(*WINDOW_SIZE)
        window.show()
        for i, (label, _module, _cls) in enumerate(SCREENS):
            name = f"{i + 1:02d}-{SCREEN_FILES.get(label, str(i + 1))}.png"
            if not window.enabled(i):
                continue
            errors.clear()
            screen = window.show_screen(i)
            if screen is None:
                failures.append(f"{label}：{'；'.join(errors) or '无法打开'}")
                continue
            wait_read(screen)
            written.append(_save(window, outdir / name, app))
            tabs = getattr(screen, "tabs", None)
            if label == "单位与人员" and tabs is not None:  # the people, numbers masked
                tabs.setCurrentIndex(tabs.count() - 1)
                written.append(_save(window, outdir / name.replace(".png", "-list.png"), app))
                tabs.setCurrentIndex(0)
        for name, make in _extras(window, ctx, tmp, real):
            try:
                widget = make()
            except Exception as exc:  # noqa: BLE001 - one picture failing does not stop the rest
                failures.append(f"{name}：{exc}")
                continue
            if widget is None:
                failures.append(f"{name}：没有可显示的数据")
                continue
            widget.show()
            written.append(_save(widget, outdir / name, app))
            widget.hide()
            widget.deleteLater()
        window.close()
    finally:
        dialogs.show_error = original
    return written, failures


def _extras(window: Any, ctx: Any, tmp: Path,
            real: bool = False) -> list[tuple[str, Callable[[], Any]]]:
    from boostdesk.models.records import PATENT, PROJECT

    def first(stream: str, where: str) -> int | None:
        table = "patent_applications" if stream == PATENT else "project_applications"
        cid = ctx.reg.scalar("SELECT id FROM campaigns WHERE year = ?", (ctx.year,))
        row = ctx.reg.scalar(
            f"SELECT id FROM {table} WHERE campaign_id = ? AND {where} ORDER BY id LIMIT 1", (cid,)
        )
        return int(row) if row is not None else None

    def edit_form(stream: str, where: str) -> Any:
        screen = window.show_screen(0 if stream == PATENT else 1)
        app_id = first(stream, where) or first(stream, "1 = 1")
        if app_id is None:
            return None
        screen.select_id(app_id)
        form = screen.edit_current()
        form.resize(*FORM_SIZE)
        if real:
            _mask_numbers(form)
        return form

    def new_patent() -> Any:
        screen = window.show_screen(0)
        form = screen.new_item()
        form.resize(*FORM_SIZE)
        typed = {"unit_name": "海淀区总工会", "enterprise_name": "北京中科智测科技有限公司",
                 "title": "一种焊缝缺陷的超声检测方法", "patent_number_raw": "ZL202110123456.8",
                 "grant_date": "2021年3月5日"}
        for key, text in typed.items():
            form.editor(key).setText(text)
        form.editor("frontline").set_value(True)
        form.recheck()
        form.editor("patent_number_raw").setFocus()
        return form

    def status_dialog() -> Any:
        screen = window.show_screen(0)
        app_id = first(PATENT, "status = 'qualified'") or first(PATENT, "1 = 1")
        if app_id is None:
            return None
        screen.select_id(app_id)
        return screen.change_status()

    def status_batch() -> Any:
        """The registered patents of the view selected together (Shift+↓), then Ctrl+M."""
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        screen = window.show_screen(0)
        screen.status.setCurrentIndex(screen.status.findData("registered"))
        screen.run_search()
        rows = min(screen.model.rowCount(), 6)
        if rows < 2:
            return None
        model = screen.model
        screen.table.selectionModel().select(
            QItemSelection(model.index(0, 0), model.index(rows - 1, model.columnCount() - 1)),
            QItemSelectionModel.SelectionFlag.ClearAndSelect)
        return screen.change_status()

    def import_preview() -> Any:
        from boostdesk.io.importer import read_table

        path = _summary_sheet(ctx, tmp / "海淀区总工会-专利汇总表.xlsx")
        screen = window.show_screen(0)
        dialog = screen.import_table()
        dialog.resize(*FORM_SIZE)
        dialog.path.setText(str(path))
        dialog.show_preview(read_table(path, ctx.year, campaign=ctx.campaign()))
        dialog.path.setText(path.name)
        dialog.table.selectRow(1)
        return dialog

    return [
        ("form-patent-new.png", new_patent),
        ("form-patent-edit.png", lambda: edit_form(PATENT, "eligible = 0")),
        ("form-project-edit.png", lambda: edit_form(PROJECT, "incomplete = 1")),
        ("dialog-status.png", status_dialog),
        ("dialog-status-batch.png", status_batch),
        ("dialog-import.png", import_preview),
        ("dialog-help-guide.png", window.show_help),  # F1: 工作流程（年度工作顺序）
    ]


def _mask_numbers(form: Any) -> None:
    """A real worker's paper pictured: his ID and card numbers drawn masked (the picture
    leaves the office; the copy's phones are masked already), the form's check left as it
    was (no signal: no re-check)."""
    from boostdesk.safety.privacy import mask_card, mask_id

    masks = {"id_number": mask_id, "card_number": mask_card}
    for key, mask in masks.items():
        if key in form.rows:
            editor = form.editor(key)
            editor.blockSignals(True)
            editor.setText(mask(editor.text()))
            editor.blockSignals(False)
    for key in ("phone", "contact_phone"):  # masked in the copy: not the paper's fault
        if key in form.rows:
            form.rows[key].hint.clear()
            form.rows[key].editor.set_invalid(False)


def _summary_sheet(ctx: Any, path: Path) -> Path:
    """A unit's patent summary table as it may arrive: good rows, one already registered,
    one that cannot be read."""
    import openpyxl

    from boostdesk.io.template import FIRST_DATA_ROW, write_template

    write_template(path, "patent", ctx.year, campaign=ctx.campaign())
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[FIRST_DATA_ROW - 1]]
    known = next(iter(ctx.reg.patents(ctx.year)), None)  # None: an empty register's copy
    rows: list[dict[str, Any]] = [
        {"序号": 1, "推荐单位": "海淀区总工会", "所在单位": "北京中科智测科技有限公司",
         "专利名称": "一种焊缝缺陷的超声检测方法", "专利号": "ZL202110123456.7",
         "授权公告日": date(2021, 3, 5), "第一发明人": "张建华", "身份证号": "110108198506150021",
         "工会会员互助服务卡号": "6217000012345670", "联系电话": "13800138000",
         "是否一线职工": "是", "是否职务发明": "是", "是否已在生产中应用": "是"},
        {"序号": 2, "推荐单位": "海淀区总工会", "所在单位": "北京华信数控技术有限公司",
         "专利名称": "数控机床主轴温升补偿方法", "专利号": "ZL202110654321.3",
         "授权公告日": "2021-13-40", "第一发明人": "李明", "身份证号": "110105198001010016",
         "工会会员互助服务卡号": "6217000098765437", "联系电话": "010-83570885",
         "是否一线职工": "是", "是否职务发明": "也许", "是否已在生产中应用": "是"},
    ]
    if known is not None:  # a row registered already, as a unit sends again
        rows.append({
            "序号": 3, "推荐单位": known.unit_name, "所在单位": known.enterprise_name,
            "专利名称": known.title, "专利号": known.patent_number_raw,
            "授权公告日": known.grant_date, "第一发明人": known.inventor_name,
            "身份证号": known.id_number, "工会会员互助服务卡号": known.card_number,
            "联系电话": known.phone, "是否一线职工": "是", "是否职务发明": "是",
            "是否已在生产中应用": "是"})
    for i, values in enumerate(rows):
        for j, header in enumerate(headers, start=1):
            if header in values:
                ws.cell(FIRST_DATA_ROW + i, j, values[str(header)])
    wb.save(path)
    return path
