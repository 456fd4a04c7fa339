"""帮助: the keys (F1) and 关于 BoostDesk — where the register, its backups and the log are,
to open or to copy for whoever supports the desk."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from .focus_ring import show_focus
from .small_screen import fit_screen, grow_to_rows

# Keys that are not a menu's: the lists' and screens' own, then the entry forms' (FORM_KEYS).
_SCREEN_KEYS = (
    ("Ctrl+F，↓", "列表：搜索，↓ 进入列表"),
    ("Enter / F2", "列表：打开所选申报"),
    ("Shift+↓，Ctrl+A", "列表：选择多行（改状态、填写收件日期、打印审批表、复制；Enter 仍打开光标所在的一行）"),
    ("Ctrl+D", "专利助推、创新项目、待办（待填收件日期）：为所选申报一次填写收件日期（已审核的不改）"),
    ("Ctrl+Shift+End / Ctrl+Shift+Home", "列表：从开始选择的一行选到最后一行 / 第一行（同 Excel）"),
    ("Ctrl+C / Ctrl+Shift+C", "列表：复制所选行 / 连同表头，粘贴到 Excel、WPS、微信"),
    ("Ctrl+C / Ctrl+Shift+C", "工作室、单位与人员、专家评审、公示、拨付、设置、待办的列表：同上"),
    ("Delete", "列表：删除所选申报"),
    ("Ctrl+Shift+P", "列表：打印所选申报的办理进度告知单（单位与人员 → 推荐单位：该单位本年度的全部申报）"),
    ("F3", "专利助推、创新项目：转到搜索在其他年度找到申报的年度（列表下方说明，搜索内容不变）"),
    ("Enter / Ctrl+Enter", "单位与人员 → 人员：更正所选人员的姓名 / 身份证号"),
    ("Alt+S", "单位与人员 → 人员：到“专利助推”查看所选人员的申报"),
    ("Enter / F2", "单位与人员：修改所选推荐单位，更正所选人员的姓名"),
    ("Enter / F2，Delete", "工作室：修改所选工作室；删除其往年助推"),
    ("Enter", "拨付：登记所选款项已拨付（不能拨付的，状态栏说明原因和该用的按钮）"),
    ("Enter", "待办：转到办理所选事项的屏幕，选中该申报或款项（Ctrl+0 打开待办）"),
    ("Alt+P / C / T / R", "拨付：登记拨付 / 撤销拨付登记 / 登记退汇 / 登记已追回"),
    ("Alt+A / W / K", "拨付：登记结题验收 / 撤销结题验收 / 维持核准"),
    ("F1", "拨付：在逾期未验收（或延期验收）的提示上（Tab 到达），列出其中全部项目（Enter 同）"),
    ("Alt+D / U", "拨付：拨付日期 从 / 到（只列这些日子里拨付、退汇或追回的款项；可写月份 2023-03）"),
    ("Delete", "专家评审 → 评审专家：删除所选专家"),
    ("Shift+↓ / Ctrl+A，Alt+P", "专家评审 → 资格审核：通过所选项目（选中多项时须均无不符合项、待补材料）"),
    ("Alt+R", "专家评审 → 资格审核：不通过（逐项，填写理由）"),
    ("空格", "专家评审 → 分配专家：分配 / 取消分配光标所在的一格"),
    ("Enter", "打印：在“申报”“付款单位”框中按 Enter 生成预览"),
    ("Ctrl+F，↓ / Enter", "专家评审 → 评分录入：搜索所选专家的项目，到找到的一项打分"),
    ("Alt+Z，↓，Enter", "专家评审 → 评分录入：选择评审专家，换下一位，进入评分表"),
    ("Enter", "专家评审 → 评分录入：确认这一格，到下一格"),
    ("Ctrl+S", "专家评审 → 评分录入：保存草稿（连同正在输入的一格）"),
    ("Ctrl+E", "专家评审 → 排名与档次：导出评审汇总表（xlsx；PDF 供签字用“导出评审汇总表…”按钮）"),
    ("Ctrl+O", "导入汇总表：选择文件"),
    ("Alt+M", "导入汇总表：按表中姓名更正已登记人员的姓名（表中第一发明人的写法与登记册不同时出现）"),
    ("Alt+I", "导入汇总表：仍导入可能是同一份申报的行（确是另一项专利时）"),
    ("Alt+H", "导入汇总表：仍导入隐藏的行、另一张表的行（确是本表的申报时）"),
    ("Alt+A / S / C", "导入汇总表：全部导入 / 跳过标出的行，导入其余（再按 Alt+S 跳过并导入）/ 复制问题清单"),
    ("Alt+O", "从备份恢复：从其他位置（如 U 盘）选择备份文件"),
)

# A paper form's own keys and its save's boxes': first in the form's F1 (what the clerk needs
# while typing a paper), last in the window's list.
FORM_KEYS = (
    ("Tab / Enter", "申报表：按纸质表的顺序到下一项"),
    ("Shift+Enter / Ctrl+Enter", "申报表 → 备注：换行（备注可写多行）"),
    ("空格 / A", "申报表 → 收到的材料：勾选这一项 / 全部勾选（再按 A 全部取消）"),
    # two rows, not one: at 200 % one line of both ran 2,373 px, past a 1920 screen
    ("F4", "申报表：推荐单位、所在单位或工作室与登记册中的相近时（栏旁提示），改用登记册中的名称"),
    ("F4", "申报表：姓名中的空格提示应为间隔点时，改为“阿依古丽·买买提”"),
    ("Alt+J", "申报表：到“按方案核对”的核对结果（↑↓ 逐条阅读；屏幕阅读器先读核对结论）"),
    ("Enter / Alt+N / Esc", "是否为已登记的推荐单位、所在单位、工作室：用登记册中的 / 新建 / 返回修改"),
    ("Alt+Y", "是否为已登记的推荐单位、所在单位（所填本身是完整的名称时）：用登记册中的"),
    ("Alt+S / Esc", "保存时的“请确认”框：仍然保存 / 返回修改（Shift+Tab 到“仍然保存”，停手约 1 秒后按空格也可）"),
    ("停手约 1 秒，Enter", "保存时的提问框：键入的文字不进入任何栏目；键入后的 Enter 须停手看清后再按才作回答"),
    ("Ctrl+S", "申报表、设置：保存"),
    ("Ctrl+Shift+S", "申报表：保存并录入下一份"),
    ("Esc", "申报表、对话框：取消"),
    ("F1", "申报表：本表的快捷键在前，主窗口的在后"),
)
OTHER_KEYS = (*_SCREEN_KEYS, *FORM_KEYS)


_MNEMONIC = re.compile(r"&(\w)")


def shown_text(text: str) -> str:
    """A menu entry as the menu shows it, its mnemonic's ``(&B)`` or ``&`` taken out."""
    return re.sub(r"\(&\w\)", "", text).replace("&", "")


def mnemonic_row(action: Any) -> tuple[str, str] | None:
    """(Alt+F，B, 文件：立即备份) for an entry reached by its menu's and its own underlined
    letters (文件 → 立即备份(&B)); None for one without."""
    own = _MNEMONIC.search(action.text())
    menus = [m for m in action.associatedObjects() if isinstance(m, QMenu)]
    menu = _MNEMONIC.search(menus[0].title()) if menus else None
    if own is None or menu is None:
        return None
    where = shown_text(menus[0].title())
    return (f"Alt+{menu.group(1).upper()}，{own.group(1).upper()}",
            f"{where}：{shown_text(action.text())}")


def menu_actions(window: Any) -> list[Any]:
    """Every entry of ``window``'s menus (none for a window without a menu bar)."""
    bar = window.menuBar() if hasattr(window, "menuBar") else None
    if bar is None:
        return []
    menus = [m for a in bar.actions() if isinstance(m := a.menu(), QMenu)]
    return [a for m in menus for a in m.actions()]


def _cells(rows: Sequence[tuple[str, str]]) -> str:
    return "".join(f"<tr><td style='padding:2px 16px 2px 0'><b>{escape(keys)}</b></td>"
                   f"<td>{escape(what)}</td></tr>" for keys, what in rows)


def _heading(text: str) -> str:
    return f"<tr><td colspan='2' style='padding:8px 0 2px 0'><b>{escape(text)}</b></td></tr>"


class KeysList(QScrollArea):
    """The keys' list keeps Enter, as the guide's text does (guide_dialog.GuideText):
    Enter there closed the window it was read in."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class KeysPage(QWidget):
    """Every key of the window's menus, read from the menus themselves, then the lists' and
    forms' own keys: 快捷键's dialog, and the 快捷键 tab of F1's 帮助. ``own``: the keys of
    the window it is opened from (a paper form's), first under ``own_title``, the rest after
    them under 主窗口."""

    def __init__(self, actions: list[Any], parent: QWidget | None = None,
                 own: Sequence[tuple[str, str]] = (), own_title: str = "") -> None:
        super().__init__(parent)
        # in the menus' order: an entry's shortcut, or its menu's and its own letters
        window = [row for a in actions if a.text() and (row := (
            (", ".join(k.toString() for k in a.shortcuts()), shown_text(a.text()))
            if a.shortcuts() else mnemonic_row(a)))]
        window += [row for row in OTHER_KEYS if row not in own]
        self.rows = [*own, *window]
        body = (_heading(own_title) + _cells(own) + _heading("主窗口（菜单与列表）") + _cells(window)
                if own else _cells(window))
        self.text = QLabel(f"<table>{body}</table>")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # its longest line on one line, then wrapped where the room is narrower: at 18 pt the
        # longest (1280 px) ran under the edge of a 960-wide screen and the list scrolled
        # sideways, in 快捷键 and in F1's tab alike
        self.natural_width = self.text.sizeHint().width()
        self.text.setWordWrap(True)
        self.scroller = KeysList()  # the list outgrows a small laptop's screen at 150 %
        self.scroller.setWidget(self.text)
        self.scroller.setWidgetResizable(True)
        # the focus stop of the page (arrows and PgDn scroll it): named, so a screen reader
        # says what it is on Ctrl+Tab to F1's 快捷键 rather than an unnamed scroll area
        self.scroller.setObjectName("keys_list")
        self.scroller.setAccessibleName("快捷键")
        show_focus(self.scroller)  # where the keyboard is, seen
        self.setFocusProxy(self.scroller)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroller)

    def wanted_width(self) -> int:
        """As wide as the longest line beside the scroll bar."""
        return (self.natural_width + self.scroller.verticalScrollBar().sizeHint().width()
                + 2 * self.scroller.frameWidth())


class KeysDialog(QDialog):
    """帮助 → 快捷键, and F1 in an entry form: the keys alone (a form's own first)."""

    def __init__(self, actions: list[Any], parent: QWidget | None = None,
                 own: Sequence[tuple[str, str]] = (), own_title: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(f"快捷键 — {own_title}" if own_title else "快捷键")
        self.page = KeysPage(actions, own=own, own_title=own_title)
        self.rows, self.text = self.page.rows, self.page.text
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page)
        layout.addWidget(buttons)
        # as wide as the longest line beside the scroll bar (at 520 the longest ran under
        # the edge), or as the screen allows; 480 is the whole height of 1280×720 at 150 %
        margins = layout.contentsMargins()
        fit_screen(self, max(520, self.page.wanted_width() + margins.left() + margins.right()),
                   480)


class AboutDialog(QDialog):
    def __init__(self, reg: Any, log: Path | None, parent: QWidget | None = None) -> None:
        from boostdesk.about import about_facts

        super().__init__(parent)
        self.setWindowTitle("关于 BoostDesk")
        self.facts = about_facts(reg, log, qVersion())
        self.log = log
        self.folder = reg.path.resolve().parent if reg.path is not None else None
        form = QFormLayout()
        for label, value in self.facts:
            text = QLabel(value)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{label}：", text)
        buttons = QDialogButtonBox()
        self.open_folder = QPushButton("打开登记册所在文件夹")
        self.open_folder.setEnabled(self.folder is not None)
        self.open_folder.clicked.connect(lambda: self._open(self.folder))
        self.open_log = QPushButton("打开日志文件夹")
        self.open_log.setEnabled(log is not None)
        self.open_log.clicked.connect(lambda: self._open(log.parent if log else None))
        self.copy = QPushButton("复制以上信息")
        self.copy.clicked.connect(self.copy_facts)
        for b in (self.open_folder, self.open_log, self.copy):
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        # Enter closes, as on any 关于: the focus was on 打开登记册所在文件夹 (made first),
        # and Enter opened a file manager over the window.
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        close.setDefault(True)  # once in the dialog: the dialog's default, not a flag
        close.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(720, 0)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        grow_to_rows(self)  # with large text the 版本 line's second line was cut off

    def copy_facts(self) -> None:
        from boostdesk.about import facts_text

        QGuiApplication.clipboard().setText(facts_text(self.facts))

    @staticmethod
    def _open(folder: Path | None) -> None:
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
