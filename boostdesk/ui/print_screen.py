"""打印: choose a document, look at its pages, print them, save them.

The preview shows the very PDF that will be printed, not a second rendering of it: the
document is made by reportlab off the UI thread (:class:`AppContext.run_long`, with
progress and 取消), and its pages are rasterised by PDFium (the ``pypdfium2`` wheel, which
carries its own PDFium build for Windows, macOS and Linux). QtPdf would do the same but is
not part of PySide6-Essentials; poppler's ``pdftoppm`` is not found on office Windows PCs.

打印… sends the pages to a printer through Qt at up to 300 dpi (the fonts are embedded, so
every page looks as previewed). For vector output the PDF can also be opened in the
system's PDF reader, or saved.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QMarginsF, QObject, QRect, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QHideEvent,
    QImage,
    QMouseEvent,
    QPageLayout,
    QPainter,
    QPixmap,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from boostdesk import seal_choice
from boostdesk.os_errors import cannot_write
from boostdesk.paths import with_extension
from boostdesk.printing.fonts import missing_note, noting_missing
from boostdesk.printing.jobs import (
    APPROVAL,
    DOCUMENTS,
    HAS_XLSX,
    ONE_COPY,
    PAYMENTS,
    PROGRESS,
    PROGRESS_UNION,
    PrintJob,
    document_name,
)
from boostdesk.safety.lock import hold

from . import dialogs, seal_ui
from .context import EXPORT_CANCEL_LEAVES, AppContext, cancel_not_default
from .export_folder import export_start, import_start, remember_export, remember_import
from .form_widgets import DateField, enter_presses, labelled_row, name_by_label
from .preview_files import OWNER_MARK, PREVIEW_PREFIX, remove_previews, sweep_previews
from .style import ERROR_COLOUR
from .theme import themed

FEDERATION_SETTING = "print/federation_name"
PREVIEW_DPI = 96
PRINT_DPI = 300
ZOOMS = (("整页", -1.0), ("适合宽度", 0.0), ("75%", 0.75), ("100%", 1.0), ("125%", 1.25), ("150%", 1.5))
REFIT_MS = 120  # a preview re-drawn once a resize (a drag of the window's edge) pauses
_REFS_HINT = ("留空为本年度全部已核准；或填任一年度的专利号、专利或项目名称、登记号"
              "（如 专利12、项目3），用逗号分隔（Ctrl+F）")


# -- PDF pages as images (no Qt widgets; testable) ---------------------------------------
TAKE_BACK = "请收回"  # a note of a void original (printing.list_void), said as it leaves


def open_pdf(path: Path) -> Any:
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(str(path))


def render_page(doc: Any, index: int, dpi: float) -> QImage:
    """Page ``index`` of a PDFium document as a QImage at ``dpi``."""
    page = doc[index]
    try:
        bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
        img = bitmap.to_pil().convert("RGB")
    finally:
        page.close()
    data = img.tobytes("raw", "RGB")
    return QImage(data, img.width, img.height, 3 * img.width, QImage.Format.Format_RGB888).copy()


def print_pdf(path: Path, printer: QPrinter, progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> int:
    """Send every page of the PDF to ``printer``; returns the pages sent.

    Each page is drawn at the printer's resolution (at most 300 dpi) centred on the
    paper, its orientation taken from the first page.
    """
    doc = open_pdf(path)
    try:
        n = len(doc)
        if n == 0:
            return 0
        w, h = doc[0].get_size()
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if w > h
                                   else QPageLayout.Orientation.Portrait)
        printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("无法连接打印机，请检查打印机是否已开机并设为可用")
        dpi = min(printer.resolution(), PRINT_DPI)
        sent = 0
        try:
            for i in range(n):
                if cancelled and cancelled():
                    break
                if i:
                    printer.newPage()
                image = render_page(doc, i, dpi)
                area = painter.viewport()
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                target = QRect(area.x() + (area.width() - size.width()) // 2,
                               area.y() + (area.height() - size.height()) // 2,
                               size.width(), size.height())
                painter.drawImage(target, image)
                sent += 1
                if progress:
                    progress(sent, n)
        finally:
            painter.end()
        return sent
    finally:
        doc.close()


def _discard(folder: Path) -> None:
    """A preview no longer shown is deleted at once: it may be finance's copy, with whole ID
    and card numbers, and the temp folder is no place to keep one until BoostDesk closes. A
    file a PDF reader still holds open (Windows) goes at exit, or by the next sweep."""
    shutil.rmtree(folder, ignore_errors=True)


# -- the screen --------------------------------------------------------------------------
class BoxWords(QLabel):
    """A check box's words, wrapped, beside it: a click on them ticks it as on its own words,
    and so does Alt+``letter`` (a label's letter clicks a buddy that is a button)."""

    def __init__(self, text: str, box: QCheckBox, letter: str) -> None:
        super().__init__()
        self.box = box
        self.setWordWrap(True)
        self.setBuddy(box)
        name_by_label(self, text, letter)

    def row(self) -> QWidget:
        """The box and its words, for a form's row."""
        holder = QWidget()
        line = QHBoxLayout(holder)
        line.setContentsMargins(0, 0, 0, 0)
        # The box level with the words' first line: the words centred in a row taller than
        # them sat a few pixels below the box (finance read the box as another option's).
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addSpacing(max(0, (self.fontMetrics().height() - self.box.sizeHint().height()) // 2))
        column.addWidget(self.box)
        column.addStretch(1)
        line.addLayout(column)
        line.addWidget(self, 1)
        return holder

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self.box.isEnabled():
            self.box.click()


UNPAID_TIP = "取消勾选则连同已拨付的款项一并列出（供核对），已拨付、尚需拨付分别合计"


ALL_TRANCHES_ITEM = "各批次（每笔注明批次）"  # offered with a 拨付日期 only


class PrintScreen(QWidget):
    """The 打印 screen: options on the left, the pages on the right."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.pdf: Path | None = None
        self.job: PrintJob | None = None
        self.notes: list[str] = []  # the shown document's notes (jobs.PrintJob.run)
        self.official: Any = None  # its print line (printing.print_log), recorded as it leaves
        self.page_count = 0
        # Removed when the screen is collected, or at exit at the latest; marked as this
        # process's, so that the next screen removes it when that did not happen.
        sweep_previews()
        self._tmp = Path(tempfile.mkdtemp(prefix=PREVIEW_PREFIX))
        owner = hold(self._tmp / OWNER_MARK)
        weakref.finalize(self, remove_previews, self._tmp, owner)

        self.document = QComboBox()
        for key, name in DOCUMENTS.items():
            self.document.addItem(name, key)
        self._name_documents()
        self.document.currentIndexChanged.connect(self._options_changed)

        self.refs = QLineEdit()
        self.refs.setPlaceholderText(_REFS_HINT)
        self.tranche = QComboBox()
        self.tranche.addItem("第一批（专利、项目首笔）", 1)
        self.tranche.addItem("第二批（项目尾款）", 2)
        # a period's list may hold every tranche (print payments --paid-in without
        # --tranche: a bank statement holds both); offered with a 拨付日期 only
        self.tranche.addItem(ALL_TRANCHES_ITEM, 0)
        self._all_tranches_offered(False)
        self.payer = QLineEdit()
        self.payer.setPlaceholderText("留空为全部付款单位；或填“市总工会”、推荐工会名称")
        self.union = QLineEdit()
        self.union.setObjectName("progress_union")
        self.union.setAccessibleName("推荐单位")
        self.union.setPlaceholderText("推荐单位全称，或只有它含有的一段名称（本年度的全部申报）")
        # The settings column is narrow: the placeholders are cut, and said whole here.
        for field in (self.refs, self.payer, self.union):
            field.setToolTip(field.placeholderText())
        self.unpaid = QCheckBox("只列尚未拨付的款项(&W)")
        self.unpaid.setChecked(True)  # a list for paying: paid lines would invite paying twice
        self.unpaid.setToolTip(UNPAID_TIP)
        # 本期拨付清单 (print payments --paid-in / --from --to): the transfers sent in these
        # days, with 本期拨付, its 大写 and the signature lines; empty: the list by tranche
        self.paid_from = DateField(self)
        self.paid_to = DateField(self)
        self.paid_from.setObjectName("paid_from")
        self.paid_to.setObjectName("paid_to")
        self.paid_from.setPlaceholderText("如 2025-01-01；空着按批次")
        self.paid_to.setPlaceholderText("如 2025-01-31")
        for field, name, tip in ((self.paid_from, "拨付日期从", "此日及以后"),
                                 (self.paid_to, "拨付日期至", "此日及以前")):
            field.setAccessibleName(name)
            field.setToolTip(f"只列{tip}拨付的款项，印本期拨付合计、大写和经办、复核、审批签字栏"
                             "（同 print payments --paid-in）；可写月份 2025-01 或年度 2025；"
                             "从、至都空着为按批次的清单")
        # the period's transfers of every campaign year (print payments --paid-in without
        # --year): finance ticks a bank statement by day, whatever year a transfer is of
        self.all_years = QCheckBox("所有年度(&Q)")
        self.all_years.setToolTip("按拨付日期列出时包括各年度在该期间拨付的款项：每笔注明年度，"
                                  "按拨付日期排列，末页为各付款单位、各年度合计；写了拨付日期即勾选"
                                  "（同 print payments --paid-in 不写 --year），取消勾选只列本年度")
        self.all_years.setEnabled(False)  # with 拨付日期 only
        # the clerk's own ticks, shown again when the box is no longer greyed: 所有年度
        # ticked by default once a 拨付日期 is typed (as print payments --paid-in without
        # --year lists every year), unless he unticked it; 只列尚未拨付 as he left it
        self._all_years_choice = True
        self._unpaid_choice = True
        self._dated = False
        # 批次 likewise, one choice per kind of list: a period's is 各批次 (0) until the
        # clerk picks another with the days typed, as print payments --paid-in lists every
        # tranche without --tranche; the list by tranche's comes back when they are cleared
        self._tranche_choice = {False: 1, True: 0}
        self.all_years.clicked.connect(self._all_years_chosen)
        self.unpaid.clicked.connect(self._unpaid_chosen)
        self.tranche.activated.connect(self._tranche_chosen)  # (the clerk's pick only)
        self.approved_only = QCheckBox("只列已核准助推的申报(&A)")
        # (short: at 150 % the longer words made 打印 wider than a small laptop's screen)
        # Its words in a label beside it, wrapped: a check box's own text does not wrap, and
        # at 16-18 pt it was cut (「…卡号、」).
        self.unmasked = QCheckBox()
        unmasked_words = BoxWords("财务联（完整证件号、卡号）", self.unmasked, "C")
        for said in (self.unmasked, unmasked_words):
            said.setToolTip("显示完整的身份证号、互助服务卡号（联系电话仍部分隐去），其余各联部分隐去；"
                            "每次保存、导出、打印或打开都记入修改记录")
        self.seal_label = QLabel()
        self.seal_label.setWordWrap(True)
        self.seal_button = QPushButton("印章图片(&I)…")
        self.seal_button.clicked.connect(self.choose_seal)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {themed(ERROR_COLOUR)};")

        self.preview_button = QPushButton("生成预览(&G)")
        self.preview_button.setDefault(True)
        self.preview_button.setToolTip("在“申报”“付款单位”框中按 Enter 也生成预览")
        self.preview_button.clicked.connect(self.generate)
        # A default button answers Enter only in a dialog: on this screen Enter in a box
        # typed into did nothing, and the keyboard had to Tab past the options to 生成预览.
        for typed in (self.refs, self.payer, self.union, self.paid_from, self.paid_to):
            typed.returnPressed.connect(self._enter_previews)
        self.print_button = QPushButton("打印(&P)…")
        self.print_button.clicked.connect(self.ask_print)
        self.save_button = QPushButton("另存为 PDF(&S)…")
        self.save_button.clicked.connect(self.save_pdf)
        self.xlsx_button = QPushButton("导出 xlsx(&X)…")
        self.xlsx_button.clicked.connect(self.save_xlsx)
        self.open_button = QPushButton("用 PDF 阅读器打开(&O)")
        self.open_button.clicked.connect(self.open_external)
        # Enter on the button the keyboard reached presses it, as Space does: a screen's
        # buttons are no dialog's (auto-default answers Enter only there), and Tab to
        # 另存为 PDF… then Enter did nothing. Their letters clash with no menu's (F E V Y H),
        # nor with the fields' and boxes' (D R U T K L M Q W A C; J Z over the preview).
        enter_presses(self.seal_button, self.preview_button, self.print_button,
                      self.save_button, self.xlsx_button, self.open_button)

        form = QFormLayout()
        labelled_row(form, "文件", "D", self.document)
        unmasked_row = unmasked_words.row()
        self._rows: dict[str, list[QWidget]] = {
            APPROVAL: [self.refs],
            PAYMENTS: [self.tranche, self.payer, self.paid_from, self.paid_to, self.all_years,
                       self.unpaid],
            "summary": [self.approved_only],
            PROGRESS: [self.refs],
            PROGRESS_UNION: [self.union],
        }
        # a status letter: masked to the last four digits, never finance's copy, no seal
        self._not_for_letters: list[QWidget] = [unmasked_row, self.seal_label, self.seal_button]
        # each field reached by its label's letter, as 打印's buttons are
        labelled_row(form, "申报", "R", self.refs)
        labelled_row(form, "推荐单位", "U", self.union)
        labelled_row(form, "批次", "T", self.tranche)
        labelled_row(form, "付款单位", "K", self.payer)
        labelled_row(form, "拨付日期 从", "L", self.paid_from)
        labelled_row(form, "至", "M", self.paid_to)
        self.paid_to.setAccessibleName("拨付日期至")  # (its label, 至, alone says little)
        form.addRow("", self.all_years)
        form.addRow("", self.unpaid)
        form.addRow("", self.approved_only)
        form.addRow("", unmasked_row)
        # The button on a row of its own: a label that wraps beside it was cut to its height.
        form.addRow("印章", self.seal_label)
        form.addRow("", self.seal_button)
        self._form = form
        # What is shown is what prints: an option changed after the preview (财务联 ticked,
        # another tranche) withdraws it until it is made again.
        for box in (self.unpaid, self.approved_only, self.unmasked, self.all_years):
            box.toggled.connect(self._options_edited)
        self._refused = ""  # the 财务联 refusal shown, taken away once it no longer holds
        self.unmasked.toggled.connect(self._unmasked_toggled)
        self.tranche.currentIndexChanged.connect(self._options_edited)
        self.payer.textChanged.connect(self._options_edited)
        self.refs.textChanged.connect(self._options_edited)
        self.union.textChanged.connect(self._options_edited)
        for field in (self.paid_from, self.paid_to):
            field.textChanged.connect(self._options_edited)
            field.textChanged.connect(self._paid_days_typed)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.error)
        for b in (self.preview_button, self.print_button, self.save_button, self.xlsx_button,
                  self.open_button):
            left.addWidget(b)
        left.addStretch(1)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setMaximumWidth(360)  # less on a small screen (1280×720 at 150 %)
        self._left_box = left_box

        self.page = QSpinBox()
        # J: 跳到 that page; one character: at 840 px the bar's width narrows the options
        page_label = QLabel("页(&J)")
        page_label.setBuddy(self.page)
        self.page.setAccessibleName("预览页码")
        self.page.setMinimum(1)
        self.page.valueChanged.connect(self._show_page)
        self.pages_label = QLabel("尚未生成")
        self.prev_button = QPushButton("上一页(&B)")
        self.prev_button.clicked.connect(lambda: self.page.setValue(self.page.value() - 1))
        self.next_button = QPushButton("下一页(&N)")
        self.next_button.clicked.connect(lambda: self.page.setValue(self.page.value() + 1))
        enter_presses(self.prev_button, self.next_button)
        self.zoom = QComboBox()
        for name, factor in ZOOMS:
            self.zoom.addItem(name, factor)
        self.zoom.currentIndexChanged.connect(lambda _: self._show_page())
        bar = QHBoxLayout()
        for w in (self.prev_button, page_label, self.page, self.pages_label, self.next_button):
            bar.addWidget(w)
        bar.addStretch(1)
        zoom_label = QLabel()
        zoom_label.setBuddy(self.zoom)
        name_by_label(zoom_label, "缩放", "Z")
        bar.addWidget(zoom_label)
        bar.addWidget(self.zoom)
        self.image = QLabel("选择文件后按“生成预览”")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_scroll = QScrollArea()
        self.preview_scroll.setWidget(self.image)
        self.preview_scroll.setWidgetResizable(True)
        self.preview_scroll.setStyleSheet("QScrollArea { background: #8a8f94; }")
        # a Tab stop (arrows scroll the page): named for what it shows, not left blank
        self.preview_scroll.setObjectName("preview")
        self.preview_scroll.setAccessibleName(f"打印预览：{self.image.text()}")
        # The page is drawn for the room and the screen it has: 整页 and 适合宽度 are drawn
        # again when the room changes, every zoom when the window goes to a screen of another
        # scale (a laptop at 150 % and a monitor at 100 %): drawn for the one it left, it was
        # blurred (stretched) or shown half its size on the other.
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REFIT_MS)
        self._redraw.timeout.connect(self._show_page)
        self._drawn_at = 0.0  # the device pixel ratio the page in view was drawn at
        self.preview_scroll.viewport().installEventFilter(self)
        right = QVBoxLayout()
        right.addLayout(bar)
        right.addWidget(self.preview_scroll, 1)

        layout = QHBoxLayout(self)
        # 4/11, up to 360 (360 on a 1366×768 screen): a third before the labels had their
        # letters, which took ≈ 17 px from the fields and wrapped the seal's line at 840 px
        layout.addWidget(left_box, 4)
        layout.addLayout(right, 7)

        ctx.year_changed.connect(self._year_changed)
        ctx.changed.connect(self._register_changed)
        self._options_changed()
        self._update_seal_label()

    # -- options -------------------------------------------------------------------------
    def _register_changed(self, kind: str) -> None:
        if kind in (seal_ui.CHANGED, "all"):  # chosen in 设置, or a restore's register
            self._update_seal_label()
        if self.pdf:
            self._clear()

    def _year_changed(self, _year: int) -> None:
        # A method, not a lambda: PySide disconnects it when the screen is deleted
        # (从备份恢复 rebuilds the screens; a lambda would outlive this one).
        self._clear()
        self._name_documents()

    def _name_documents(self) -> None:
        """The summary tables named by the attachment numbers of the year's plan."""
        from boostdesk.models import RegisterError

        try:
            campaign = self.ctx.campaign()
        except RegisterError:  # no plan for the year yet: the names without a number
            return
        for i in range(self.document.count()):
            self.document.setItemText(i, document_name(self.document.itemData(i), campaign))

    @property
    def kind(self) -> str:
        return str(self.document.currentData())

    def _options_changed(self) -> None:
        kind = self.kind
        group = "summary" if kind.startswith("summary") else kind
        shown = {id(w) for w in self._rows.get(group, [])}
        for widgets in self._rows.values():
            for w in widgets:
                self._form.setRowVisible(w, id(w) in shown)
        for w in self._not_for_letters:
            self._form.setRowVisible(w, kind not in ONE_COPY)
        # 申报 names what to print: every approved paper may be left to (审批表), a letter
        # is of the papers named
        self.refs.setPlaceholderText(
            "专利号、专利或项目名称、登记号（如 专利12、项目3），用逗号分隔（Ctrl+F）" if kind == PROGRESS
            else _REFS_HINT)
        self.refs.setToolTip(self.refs.placeholderText())
        self.xlsx_button.setEnabled(kind in HAS_XLSX)
        self._clear()
        self._said_of_another()

    def _said_of_another(self) -> None:
        """Another document chosen in 文件: what was said of the one before goes — a refusal
        to make it (审批表: 尚未核准助推，不能打印审批表 stayed in red beside 汇总表), the
        notes of its preview, gone with it. The 财务联 refusal stays while it holds: it
        is the tick's, whatever the document (``_refusal_over``)."""
        if self.error.text() and self.error.text() != self._refused:
            self.error.clear()

    def paid_in(self) -> tuple[Any, str]:
        """The period 拨付日期 从/至 name (None: the list by tranche) and what is wrong in
        them ("" when nothing)."""
        from boostdesk.paid_in import PeriodError, typed_period

        try:
            return typed_period(self.paid_from.text(), self.paid_to.text()), ""
        except PeriodError as exc:
            return None, str(exc)

    def _all_years_chosen(self, checked: bool) -> None:
        self._all_years_choice = checked

    def _unpaid_chosen(self, checked: bool) -> None:
        self._unpaid_choice = checked

    def _tranche_chosen(self, _index: int) -> None:
        self._tranche_choice[self._dated] = int(self.tranche.currentData())

    def _paid_days_typed(self) -> None:
        """A period's list is of money sent: 只列尚未拨付的款项 does not apply (greyed and
        unticked, a ✓ greyed read as still in force); 所有年度 applies (ticked unless the
        clerk unticked it). Each box shows the clerk's choice again when it applies again."""
        dated = bool(self.paid_from.text().strip() or self.paid_to.text().strip())
        if dated == self._dated:  # a day typed on: nothing changes in the boxes
            return
        self._dated = dated
        self.unpaid.setEnabled(not dated)
        self.unpaid.setChecked(self._unpaid_choice and not dated)
        self.all_years.setEnabled(dated)
        self.all_years.setChecked(self._all_years_choice and dated)
        self._all_tranches_offered(dated)
        self.tranche.setCurrentIndex(self.tranche.findData(self._tranche_choice[dated]))
        self.unpaid.setToolTip("按拨付日期列出的都是该期间已拨付的款项" if dated else
                               UNPAID_TIP)

    def _all_tranches_offered(self, offered: bool) -> None:
        """各批次 in 批次 only for a period's list; chosen, and the days cleared: 第一批."""
        from PySide6.QtGui import QStandardItemModel

        model = self.tranche.model()
        assert isinstance(model, QStandardItemModel)
        item = model.item(self.tranche.findData(0))
        if item is not None:
            item.setEnabled(offered)
        if not offered and self.tranche.currentData() == 0:
            self.tranche.setCurrentIndex(self.tranche.findData(1))

    def _paid_days_wrong(self, job: PrintJob) -> bool:
        """拨付日期 unreadable or reversed: said in red, nothing made."""
        if job.kind != PAYMENTS:
            return False
        _period, wrong = self.paid_in()
        if wrong:
            self.error.setText(wrong)
            (self.paid_to if "至“" in wrong else self.paid_from).setFocus()
        return bool(wrong)

    def current_job(self) -> PrintJob:
        # As typed: the list is split where the register's titles allow (printing.refs).
        refs = (self.refs.text().strip(),) if self.refs.text().strip() else ()
        settings = self.ctx.settings
        letter = self.kind in ONE_COPY
        return PrintJob(
            kind=self.kind, year=self.ctx.year, refs=refs, union=self.union.text().strip(),
            tranche=int(self.tranche.currentData()),
            payer=self.payer.text().strip() or None, unpaid_only=self.unpaid.isChecked(),
            approved_only=self.approved_only.isChecked(),
            unmasked=self.unmasked.isChecked() and not letter,
            seal_image=self._seal_path(),  # checked again before the sheets are made
            federation=str(settings.value(FEDERATION_SETTING) or "") or None,
            paid_in=self.paid_in()[0] if self.kind == PAYMENTS else None,
            all_years=self.kind == PAYMENTS and self.all_years.isEnabled()
            and self.all_years.isChecked(),
        )

    def _seal_path(self) -> str | None:
        choice = seal_choice.current(self.ctx.reg)
        return choice.path if choice is not None and choice.path else None

    def _update_seal_label(self) -> None:
        self.seal_label.setText(seal_ui.seal_text(self.ctx))

    def choose_seal(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择印章扫描件", import_start(self.ctx.settings),
                                              "图片 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)")
        if path:
            remember_import(self.ctx.settings, path)
            self.set_seal(path)

    def set_seal(self, path: str) -> bool:
        """The register's seal (as 设置 chooses it: for everyone who prints, audited)."""
        if not seal_ui.choose(self.ctx, self, path):
            return False
        self._update_seal_label()
        self._clear()
        return True

    def print_approval_of(self, refs: str) -> None:
        """The approval sheets of these applications (the register view's 打印审批表)."""
        self.document.setCurrentIndex(self.document.findData(APPROVAL))
        self.refs.setText(refs)
        self.generate()

    def print_progress_of(self, kind: str, named: str) -> None:
        """The 办理进度告知单 of these papers (a list's Ctrl+Shift+P) or of this union
        (单位与人员's)."""
        self.document.setCurrentIndex(self.document.findData(kind))
        (self.refs if kind == PROGRESS else self.union).setText(named)
        self.generate()

    def focus_search(self) -> None:
        """Ctrl+F: the box that finds what to print — 申报 (patent numbers, titles, 项目6)
        for the approval sheets and the letters, 推荐单位 for a union's letter, 付款单位 for
        a payment list; else the document chosen."""
        box = {APPROVAL: self.refs, PAYMENTS: self.payer, PROGRESS: self.refs,
               PROGRESS_UNION: self.union}.get(self.kind)
        target: QWidget = box if box is not None else self.document
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if box is not None:
            box.selectAll()

    def focus_list(self) -> None:
        """After a Ctrl+number switch: the first field, 文件 (a form, no list)."""
        self.document.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- making the document ---------------------------------------------------------------
    def refresh(self) -> None:
        """F5 in the main window: make the document again from the register as it is now."""
        if self.preview_button.isEnabled():
            self.generate()

    def generate(self) -> None:
        """Make the document off the UI thread; show its first page when done."""
        job = self.current_job()
        self.error.clear()
        if self._unrecordable(job) or self._paid_days_wrong(job):
            return
        if job.kind == APPROVAL:  # the seal's file still the one chosen, or confirmed
            go, seal, why = seal_ui.seal_for_print(self.ctx, self)
            if not go:
                self.error.setText(why)
                return
            job = replace(job, seal_image=seal)
        outdir = Path(tempfile.mkdtemp(dir=self._tmp))

        def work(reg: Any, progress: Callable[[int, int], None],
                 cancelled: Callable[[], bool]) -> tuple[Path, int, list[str], list[str], Any]:
            notes: list[str] = []
            official: list[Any] = []  # its print line, recorded once it leaves
            with noting_missing() as missed:
                pdf, pages = job.run(reg, outdir, progress, cancelled, notes, official)
            return pdf, pages, missed, notes, official[0] if official else None

        def failed(exc: BaseException) -> None:
            from .context import error_text

            _discard(outdir)  # a half-written or cancelled document
            self.error.setText(error_text(exc))
            self._idle()
            self._settle()

        self.preview_button.setEnabled(False)
        self.ctx.run_long(f"正在生成{job.title}…", work,
                          lambda result: self._generated(job, *result),
                          on_error=failed,
                          with_register=True, parent=self)

    def _enter_previews(self) -> None:
        if self.preview_button.isEnabled():  # not while one is being made
            self.generate()

    def _idle(self) -> None:
        self.preview_button.setEnabled(True)

    def _generated(self, job: PrintJob, pdf: Path, pages: int, missed: list[str],
                   notes: list[str] | None = None, official: Any = None) -> None:
        self._idle()
        self.official = official  # an official document's print line, for when it leaves
        told = ([missing_note(missed)] if missed else []) + list(notes or ())
        self.notes = list(notes or ())  # said again when the document leaves
        if told:  # the 〓 to be written in by hand; an award resting on a conflicted score
            self.error.setText("\n".join(told))
        if self.pdf is not None:
            _discard(self.pdf.parent)
        self.job, self.pdf = job, pdf
        doc = open_pdf(pdf)
        self.page_count = len(doc)
        doc.close()
        self.page.blockSignals(True)
        self.page.setMaximum(max(1, self.page_count))
        self.page.setValue(1)
        self.page.blockSignals(False)
        self._show_page()
        self._update_buttons()
        self._settle()
        self.ctx.notice.emit(self._with_notes(f"已生成{job.title}，共 {pages} 页"))

    def _settle(self) -> None:
        """Lay the screen out again now for the texts just set: the warning wrapped to its
        lines, 第 1 页 共 N 页 its full width. Left to the next pass of the event loop, a
        look at the screen as the document arrived (a screenshot, a screen reader, a
        test) found the warning cut to its first line and the count cut to 第 1 页 共."""
        for layout in (self.layout(), self._left_box.layout()):
            if layout is not None:
                layout.activate()

    def _with_notes(self, said: str) -> str:
        """A done message and the originals the document voids, to take back (as the
        screen's notes and `print payments` say them): the status bar says them too."""
        return "；".join([said, *(n for n in self.notes if TAKE_BACK in n)])

    def _show_page(self) -> None:
        if self.pdf is None or not self.page_count:
            return
        # Opened per page and closed at once: no handle stays open on the file (Windows
        # would refuse to delete it) and nothing is left for PDFium to clean up at exit.
        doc = open_pdf(self.pdf)
        try:
            self._render(doc)
        finally:
            doc.close()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.Resize and self.pdf is not None
                and float(self.zoom.currentData() or 0) <= 0):
            self._redraw.start()  # 整页, 适合宽度: fitted to the room it has now
        return False

    def event(self, event: QEvent) -> bool:
        moved = (QEvent.Type.DevicePixelRatioChange, QEvent.Type.ScreenChangeInternal,
                 QEvent.Type.Show)  # Show: moved while another screen was in view
        if (event.type() in moved and self.pdf is not None
                and self._drawn_at != self.devicePixelRatioF()):
            self._redraw.start()  # drawn for the screen the window has left
        return super().event(event)

    def _render(self, doc: Any) -> None:
        index = self.page.value() - 1
        factor = float(self.zoom.currentData() or 0)
        if factor <= 0:
            w_pt, h_pt = doc[index].get_size()
            view = self.preview_scroll.viewport()
            dpi = max(200, view.width() - 24) / (w_pt / 72)
            if factor < 0:  # the whole page in view
                dpi = min(dpi, max(200, view.height() - 24) / (h_pt / 72))
        else:
            dpi = PREVIEW_DPI * factor
        ratio = self.devicePixelRatioF()
        image = render_page(doc, index, dpi * ratio)
        pix = QPixmap.fromImage(image)
        pix.setDevicePixelRatio(ratio)
        self.image.setPixmap(pix)
        self._drawn_at = ratio  # (QLabel.pixmap() gives it back at the label's own scale)
        self.pages_label.setText(f"第 {index + 1} 页 共 {self.page_count} 页")
        title = self.job.title if self.job is not None else ""
        self.preview_scroll.setAccessibleName(
            f"打印预览：{title} 第 {index + 1} 页，共 {self.page_count} 页")
        self.prev_button.setEnabled(index > 0)
        self.next_button.setEnabled(index + 1 < self.page_count)

    def _update_buttons(self) -> None:
        ready = self.pdf is not None
        for b in (self.print_button, self.save_button, self.open_button):
            b.setEnabled(ready)
        self.xlsx_button.setEnabled(self.kind in HAS_XLSX)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        """Finance's preview is deleted when the screen is left for another (not when the
        window is minimised): it stayed in the temp folder, whole numbers and all, while
        the window stayed open. A masked preview stays, to be printed on coming back."""
        if not event.spontaneous() and self.job is not None and self.job.unmasked:
            self._clear()
            self._say_preview("财务联的预览（含完整号码）已在离开“打印”时删除，请按“生成预览”重新生成")
        super().hideEvent(event)

    def _options_edited(self) -> None:
        if self.pdf is not None:
            self._clear()
            self._say_preview("选项已更改，请按“生成预览”重新生成")

    def _say_preview(self, text: str) -> None:
        """No page in view: what the preview says instead, read by a screen reader too."""
        self.image.setText(text)
        self.preview_scroll.setAccessibleName(f"打印预览：{text}")

    def _clear(self) -> None:
        if self.pdf is not None:
            _discard(self.pdf.parent)
        self.pdf, self.job, self.page_count, self.official = None, None, 0, None
        self.notes = []
        self.image.setPixmap(QPixmap())
        self._say_preview("选择文件后按“生成预览”")
        self.pages_label.setText("尚未生成")
        self._update_buttons()
        self.prev_button.setEnabled(False)
        self.next_button.setEnabled(False)

    # -- printing and saving ----------------------------------------------------------------
    def ask_print(self) -> None:
        if self.pdf is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pdf.stem)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Send the previewed PDF to ``printer`` with a cancellable progress dialog."""
        if self.pdf is None:
            return 0
        progress = QProgressDialog("正在发送到打印机…", "取消", 0, self.page_count, self)
        cancel_not_default(progress)  # Enter pressed after the printer's 打印 is no 取消
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)

        def step(done: int, total: int) -> None:
            progress.setValue(done)
            from PySide6.QtWidgets import QApplication

            QApplication.processEvents()

        try:
            sent = print_pdf(self.pdf, printer, step, progress.wasCanceled)
        except OSError as exc:
            dialogs.show_error(self, "未能打印", str(exc))
            return 0
        finally:
            progress.close()
            progress.deleteLater()  # else the screen keeps one for every print of the day
        said = self._record_leaving(
            f"打印机：{printer.printerName() or printer.outputFileName()}") if sent else ""
        self.ctx.notice.emit(self._with_notes(f"已发送 {sent} 页到打印机{said}"))
        return sent

    def save_pdf(self) -> None:
        if self.pdf is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "另存为 PDF", export_start(self.ctx.settings, self.pdf.name), "PDF (*.pdf)")
        if path:
            remember_export(self.ctx.settings, path)
            self.save_pdf_to(Path(path))

    def save_pdf_to(self, path: Path) -> None:
        assert self.pdf is not None
        if path.suffix.lower() != ".pdf":
            path = with_extension(path, ".pdf")
        from boostdesk.io.in_place import written_in_place

        try:
            with written_in_place(path) as part:  # a full stick leaves no piece of a PDF
                shutil.copyfile(self.pdf, part)
        except OSError as exc:
            dialogs.show_error(self, "未能保存", cannot_write(path, exc))
            return
        said = self._record_leaving(str(path))
        self.ctx.notice.emit(self._with_notes(f"已保存：{path}{said}"))

    def _unrecordable(self, job: PrintJob) -> bool:
        """Finance's copy from a register open read-only: its audit line could not be
        written, so it is not made at all (said beside the options). A job that may be
        made takes a refusal said before away: it stayed on beside a masked export made."""
        if not (job.unmasked and getattr(self.ctx.reg, "read_only", False)):
            self._refusal_over()
            return False
        from boostdesk.printing.common import unrecorded_refusal

        self._refused = unrecorded_refusal(self.ctx.reg, "不勾选“财务联”")
        self.error.setText(self._refused)
        return True

    def _unmasked_toggled(self, on: bool) -> None:
        if not on:
            self._refusal_over()

    def _refusal_over(self) -> None:
        """The 财务联 refusal no longer holds (unticked, or a copy that may be made): gone."""
        if self._refused and self.error.text() == self._refused:
            self.error.clear()
        self._refused = ""

    def _record_leaving(self, to: str) -> str:
        """The document shown (self.job, not the options changed since) leaving the window
        goes into the audit trail: finance's copy (full ID and card numbers) always, an
        official document (审批表, 拨付清单: which papers, where to) as one print line.
        Returns what the done message adds: a read-only register recorded nothing."""
        job = self.job if self.job is not None else self.current_job()
        return self._record(job, self.official, to)

    def _record(self, job: PrintJob, official: Any, to: str) -> str:
        from boostdesk.printing import print_log
        from boostdesk.printing.common import note_unmasked

        line = replace(official, to=to) if official is not None else None
        if job.unmasked:
            note_unmasked(self.ctx.reg, job.title, job.year, to,
                          line.doc() if line is not None else None)
        elif line is not None and not print_log.record(self.ctx.reg, line):
            return f"；{print_log.UNRECORDED}"
        return ""

    def save_xlsx(self) -> None:
        job = self.current_job()
        if job.kind not in HAS_XLSX:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "导出 xlsx", export_start(self.ctx.settings, f"{job.file_stem()}.xlsx"),
            "Excel 工作簿 (*.xlsx)")
        if path:
            remember_export(self.ctx.settings, path)
            self.save_xlsx_to(Path(path))

    def save_xlsx_to(self, path: Path) -> None:
        job = self.current_job()
        if self._unrecordable(job) or self._paid_days_wrong(job):
            return
        if path.suffix.lower() != ".xlsx":
            path = with_extension(path, ".xlsx")

        def work(reg: Any, progress: Callable[[int, int], None],
                 cancelled: Callable[[], bool]) -> tuple[Path, Any]:
            official: list[Any] = []
            saved = job.write_xlsx(reg, path, progress, cancelled, official)
            return saved, official[0] if official else None

        def done(result: tuple[Path, Any]) -> None:
            saved, official = result
            said = self._record(job, official, str(saved))
            self.ctx.notice.emit(f"已导出：{saved}{said}")

        self.ctx.run_long(f"正在导出{job.title}…", work, done, with_register=True, parent=self,
                          cancel_note=EXPORT_CANCEL_LEAVES)

    def open_external(self) -> None:
        if self.pdf is not None:
            self._record_leaving(f"外部程序打开：{self.pdf}")
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf)))
