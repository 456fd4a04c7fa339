"""`boostdesk selftest` / `BoostDesk --selftest`: does this installation work?

Runs offscreen on a fresh register in a temporary folder (never the user's):
resources and fonts, Qt and its Chinese dialogs, (the package on Linux) the environment
the programs it starts inherit, opening the register safely (lock, integrity, backup),
demo data, the rules, importing a filled-in template, printing an approval
sheet, the main window and each of its screens, backup and restore. Each step
prints 通过 / 跳过 (with why: the part is not in this build) / 失败 (with the
error); the exit status is 0 when nothing failed.
"""

from __future__ import annotations

import importlib
import os
import shutil
import stat
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PASSED, SKIPPED, FAILED = "通过", "跳过", "失败"
YEAR = 2022


class Skip(Exception):
    """The step cannot run in this build; the message says which part is missing."""


@dataclass
class Step:
    name: str
    status: str
    detail: str
    seconds: float

    def line(self) -> str:
        return f"[{self.status}] {self.name}：{self.detail}（{self.seconds:.2f} 秒）"


@dataclass
class SelfTest:
    folder: Path
    steps: list[Step] = field(default_factory=list)
    reg: Any = None
    app: Any = None
    out: Callable[[str], None] = print

    def run(self, name: str, fn: Callable[[], str]) -> None:
        start = time.perf_counter()
        try:
            status, detail = PASSED, fn()
        except Skip as skip:
            status, detail = SKIPPED, str(skip)
        except Exception as exc:  # a self-test reports every failure and goes on
            last = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{Path(last.filename).name}:{last.lineno}"
            status, detail = FAILED, f"{type(exc).__name__}: {exc}（{where}）"
        step = Step(name, status, detail, time.perf_counter() - start)
        self.steps.append(step)
        self.out(step.line())

    @property
    def failed(self) -> list[Step]:
        return [s for s in self.steps if s.status == FAILED]

    # -- the steps ---------------------------------------------------------------------
    def resources(self) -> str:
        from boostdesk.paths import resources_dir

        root = resources_dir()
        needed = [root / "fonts" / "wqy-microhei.ttc", root / "icons" / "boostdesk.png"]
        missing = [str(p) for p in needed if not p.is_file()]
        if missing:
            raise FileNotFoundError("缺少资源文件：" + "、".join(missing))
        where = "安装包内" if getattr(sys, "frozen", False) else "源码目录"
        fonts = sorted(p.name for p in (root / "fonts").glob("*.tt[cf]"))
        return f"{where} {root}；字体 {'、'.join(fonts)}"

    def qt(self) -> str:
        from PySide6.QtGui import QFontDatabase, QGuiApplication, QIcon
        from PySide6.QtWidgets import QApplication

        from boostdesk.paths import resources_dir

        self.app = QApplication.instance() or QApplication(["BoostDesk", "-platform", "offscreen"])
        font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / "wqy-microhei.ttc"))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            raise RuntimeError("Qt 无法载入随附的中文字体 wqy-microhei.ttc")
        icon = QIcon(str(resources_dir() / "icons" / "boostdesk.png"))
        if icon.isNull():
            raise RuntimeError("Qt 无法载入程序图标（缺少图片格式插件？）")
        # Qt's own Chinese (the file dialogs' and message boxes' buttons): qtbase_zh_CN.qm
        from PySide6.QtWidgets import QDialogButtonBox

        from boostdesk.ui.app import finish_application

        finish_application(self.app)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        ok = box.buttons()[0].text()
        box.deleteLater()
        if ok != "确定":
            raise RuntimeError(f"Qt 自带对话框的按钮不是中文（“{ok}”）：缺少 qtbase_zh_CN.qm？")
        return (f"平台插件 {QGuiApplication.platformName()}，字体“{families[0]}”，图标已载入，"
                "Qt 对话框为中文")

    def child_environment(self) -> str:
        """The package on Linux: the PDF reader and file manager the window starts
        (xdg-open) inherit the user's environment, not the package's library and Qt plugin
        folders (``bundle_env``)."""
        from boostdesk.bundle_env import leaked_into_children

        leaked = leaked_into_children()
        if leaked:
            raise RuntimeError("BoostDesk 启动的 PDF 阅读器、文件管理器会继承安装包的 "
                               + "、".join(leaked) + "，可能无法启动")
        return "启动的 PDF 阅读器、文件管理器使用系统自己的库和插件"

    def register(self) -> str:
        from boostdesk.safety import check_integrity, open_register

        path = self.folder / "register.db"
        opened = open_register(path, "自检")
        # a register just made is not backed up at start (its empty copy would be the newest
        # backup, above the real ones of a register gone missing): opened again, it is
        if opened.start_backup is not None:
            raise RuntimeError("新建的空登记册竟在启动时备份：它会排在已有备份之前")
        opened.reg.close()
        opened = open_register(path, "自检")
        self.reg = opened.reg
        if opened.read_only:
            raise RuntimeError("新登记册竟被打开为只读")
        if opened.start_backup is None:
            raise RuntimeError("再次打开时没有生成启动备份：" + "；".join(opened.warnings))
        if not check_integrity(path).ok:
            raise RuntimeError("新登记册未通过完整性检查")
        mode = ""
        if os.name == "posix":
            mode = f"，权限 {stat.S_IMODE(path.stat().st_mode):o}"
            if stat.S_IMODE(path.stat().st_mode) != 0o600:
                raise RuntimeError(f"登记册权限为 {stat.S_IMODE(path.stat().st_mode):o}，应为 600")
        return f"{path}（已加锁、完整性检查通过、启动备份 {opened.start_backup.path.name}{mode}）"

    def demo(self) -> str:
        try:
            demo = importlib.import_module("boostdesk.demo")
        except ModuleNotFoundError as exc:
            raise Skip("本版本没有演示数据模块 boostdesk.demo") from exc
        demo.fill_demo(self.reg)
        patents, projects = len(self.reg.patents(YEAR)), len(self.reg.projects(YEAR))
        return f"{YEAR} 年度专利申报 {patents} 项、项目申报 {projects} 项"

    def rules(self) -> str:
        from boostdesk.rules import check_campaign

        verdicts = check_campaign(self.reg, YEAR)
        eligible = sum(1 for v in verdicts if v.eligible)
        return f"检查 {len(verdicts)} 项申报，合格 {eligible} 项；{self._second_process()}"

    def _second_process(self) -> str:
        """Half the patents checked in a second process, as a campaign of 20,000 is: an
        executable that does not start as the worker asked for (freeze_support) fails."""
        from boostdesk.rules import halves
        from boostdesk.rules.check import check_patents

        other = halves.start_other_half(self.reg, self.reg.campaign(YEAR))
        if other is None:
            raise RuntimeError("无法启动第二个核对进程")
        pool, future, _ = other
        try:
            theirs = halves.unpack(future.result(timeout=120))
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        campaign = self.reg.campaign(YEAR)
        here = check_patents(self.reg, campaign, self.reg.patents(YEAR, people_half=1))
        if [v.to_dict() for v in theirs] != [v.to_dict() for v in here]:
            raise RuntimeError("第二个进程的核对结果与本进程不同")
        return f"第二个进程核对其中 {len(theirs)} 项，结果一致"

    def import_template(self) -> str:
        from openpyxl import load_workbook

        from boostdesk.io.import_commit import commit
        from boostdesk.io.importer import read_table
        from boostdesk.io.template import FIRST_DATA_ROW, write_template
        from boostdesk.safety import list_backups

        path = write_template(self.folder / "专利汇总表.xlsx", "patent", YEAR)
        wb = load_workbook(path)
        ws = wb.active
        assert ws is not None  # a new workbook has its one sheet
        headers = [c.value for c in ws[FIRST_DATA_ROW - 1]]
        rows = [
            {"第一发明人": "自检甲", "专利名称": "一种自检装置", "专利号": "ZL202110123456.7",
             "授权公告日": "2021-03-05", "推荐单位": "北京市海淀区总工会"},
            {"第一发明人": "自检乙", "专利名称": "一种自检方法", "专利号": "ZL202110654321.X",
             "授权公告日": "2021-06-01", "推荐单位": "北京市朝阳区总工会"},
        ]
        for i, values in enumerate(rows):
            for j, header in enumerate(headers):
                key = next((k for k in values if header and k in str(header)), None)
                if key:
                    ws.cell(FIRST_DATA_ROW + i, j + 1, values[key])
        wb.save(path)
        preview = read_table(path, YEAR)
        if preview.errors:
            raise RuntimeError("模板读取出错：" + "；".join(str(e) for e in preview.errors[:3]))
        before = len(self.reg.patents(YEAR))
        ids = commit(self.reg, preview)
        if len(ids) != len(rows) or len(self.reg.patents(YEAR)) != before + len(rows):
            raise RuntimeError(f"应导入 {len(rows)} 行，实际 {len(ids)} 行")
        if not any(b.reason == "import" for b in list_backups(self.reg.path)):
            raise RuntimeError("导入前没有自动备份")
        return f"生成附件2 模板、填写 {len(rows)} 行并导入（导入前已自动备份）"

    def print_document(self) -> str:
        try:
            approval = importlib.import_module("boostdesk.printing.approval")
        except ModuleNotFoundError as exc:
            raise Skip("本版本没有打印模块 boostdesk.printing.approval") from exc
        sheets = approval.load_sheets(self.reg, YEAR)
        if not sheets:
            raise Skip("登记册中没有已核准的申报可打印审批表（演示数据未能载入）")
        target = self.folder / "审批表.pdf"
        pages = approval.write_approval_pdf(target, sheets[:3])
        data = target.read_bytes()
        if not data.startswith(b"%PDF") or pages < 1:
            raise RuntimeError("审批表 PDF 无效")
        return f"审批表 {pages} 页，{len(data) // 1024} KB"

    def main_window(self) -> str:
        try:
            module = importlib.import_module("boostdesk.ui.main_window")
        except ModuleNotFoundError as exc:
            if not (exc.name or "").startswith("boostdesk.ui"):
                raise
            raise Skip("本版本没有主窗口 boostdesk.ui.main_window") from exc
        return walk_screens(module, self.reg, self.folder)

    def backup_restore(self) -> str:
        from boostdesk.safety import backup_register, check_integrity, restore

        info = backup_register(self.reg.path, "manual")
        copy = self.folder / "恢复测试" / "register.db"
        copy.parent.mkdir()
        result = restore(info.path, copy, "自检")
        if not check_integrity(copy).ok:
            raise RuntimeError("恢复出的登记册未通过完整性检查")
        conn = __import__("sqlite3").connect(copy)
        try:
            restored = conn.execute("SELECT count(*) FROM patent_applications").fetchone()[0]
        finally:
            conn.close()
        expected = len(self.reg.patents())
        if restored != expected:
            raise RuntimeError(f"恢复后有 {restored} 项专利申报，应为 {expected} 项")
        return f"备份 {info.path.name} 并恢复到新位置，{restored} 项专利申报一致（{result.register.name}）"


def walk_screens(module: Any, reg: Any, folder: Path) -> str:
    """Open the main window on ``reg``, show each screen in turn and grab it to a PNG.

    Message boxes are recorded instead of waiting for a click (a failure when they
    report an error), and any other modal dialog is closed by a watchdog.
    """
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from boostdesk.ui import dialogs
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.todo_reader import wait_read

    app = QApplication.instance()
    assert app is not None  # the self-test's own (SelfTest.app)
    messages: list[str] = []
    patched = {
        "show_error": lambda _p, title, text: messages.append(f"错误“{title}”：{text}"),
        "show_info": lambda _p, title, text: None,
        "ask_yes_no": lambda *_a, **_k: False,
        "ask_text": lambda *_a, **_k: None,
    }
    saved = {name: getattr(dialogs, name) for name in patched if hasattr(dialogs, name)}
    for name in saved:
        setattr(dialogs, name, patched[name])

    def close_modal() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            messages.append(f"意外的对话框“{modal.windowTitle()}”")
            modal.close()

    watchdog = QTimer()
    watchdog.timeout.connect(close_modal)
    watchdog.start(200)
    try:
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        ctx = AppContext(reg, year=YEAR, settings=settings)
        window = module.MainWindow(ctx)
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        shots = folder / "screens"
        shots.mkdir(exist_ok=True)
        shown: list[str] = []
        absent: list[str] = []
        for index, (label, *_rest) in enumerate(module.SCREENS):
            if not window.enabled(index):
                absent.append(label)
                continue
            if window.show_screen(index) is None or window.current_screen() is None:
                raise RuntimeError(f"“{label}”屏无法打开：" + "；".join(messages))
            if failed := wait_read(window.current_screen()):  # 待办's list, read in a thread
                raise RuntimeError(f"“{label}”屏无法统计：{failed}")
            app.processEvents()
            image = window.grab().toImage()
            if image.isNull() or image.width() < 100:
                raise RuntimeError(f"“{label}”屏截图为空")
            image.save(str(shots / f"{index + 1:02d}-{label}.png"))
            shown.append(label)
        window.close()
        app.processEvents()
    finally:
        watchdog.stop()
        for name, fn in saved.items():
            setattr(dialogs, name, fn)
    if messages:
        raise RuntimeError("；".join(messages))
    if not shown:
        raise RuntimeError("主窗口没有一屏可以打开")
    detail = f"依次打开 {len(shown)} 屏并截图（{'、'.join(shown)}）"
    if absent:
        detail += f"；本版本未包含、未测试：{'、'.join(absent)}"
    return detail


def main(report: str | None = None, keep: bool = False) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    folder = Path(tempfile.mkdtemp(prefix="boostdesk-selftest-"))
    os.environ["BOOSTDESK_DATA"] = str(folder)  # whatever asks for the default register gets this
    lines: list[str] = []

    def out(line: str) -> None:
        lines.append(line)
        if sys.stdout is not None:
            print(line, flush=True)

    from boostdesk import __version__

    kind = "安装包" if getattr(sys, "frozen", False) else "源码"
    out(f"BoostDesk {__version__} 自检（{kind}，{sys.platform}，临时文件夹 {folder}）")
    test = SelfTest(folder, out=out)
    test.run("资源文件", test.resources)
    test.run("Qt 与中文字体", test.qt)
    if getattr(sys, "frozen", False) and sys.platform.startswith("linux"):
        test.run("外部程序环境", test.child_environment)
    test.run("打开登记册", test.register)
    if test.reg is not None:
        test.run("演示数据", test.demo)
        test.run("规则检查", test.rules)
        test.run("导入汇总表模板", test.import_template)
        test.run("打印审批表", test.print_document)
        test.run("主窗口与各屏", test.main_window)
        test.run("备份与恢复", test.backup_restore)
        test.reg.close()
    passed = sum(1 for s in test.steps if s.status == PASSED)
    skipped = [s.name for s in test.steps if s.status == SKIPPED]
    if test.failed:
        out(f"自检失败：{len(test.failed)} 项失败（{'、'.join(s.name for s in test.failed)}），"
            f"{passed} 项通过")
    else:
        out(f"自检通过：{passed} 项通过" + (f"，{len(skipped)} 项跳过（{'、'.join(skipped)}）"
                                          if skipped else ""))
    if report:
        Path(report).write_text("\n".join(lines) + "\n", encoding="utf-8")
    if keep:
        out(f"临时文件保留在 {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if test.failed else 0
