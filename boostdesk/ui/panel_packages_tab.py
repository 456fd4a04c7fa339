"""专家评审 → 评分包: the experts' offline scoring packages, written out and the returned
ones imported, in the background (:mod:`boostdesk.panel.package_export`, :mod:`boostdesk.panel.package_import`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boostdesk.panel import experts as ex
from boostdesk.panel import scoring as sc

from . import dialogs
from .context import AppContext, error_text
from .copy_rows import copyable
from .empty_hint import EmptyHint
from .export_folder import import_start, remember_folder, remember_import, start_folder
from .keep_selection import KeepSelection
from .panel_common import NO_EXPERTS, cell_texts, list_view
from .row_search import SearchRowsModel
from .rows_model import Row


def package_state(mine: list[ex.Assignment], waiting: set[int]) -> str:
    """Where an expert's package stands: ``mine`` their assignments, ``waiting`` the
    projects a package would carry (under review, not in conflict). An assignment whose
    project left review, or which a conflict bars, awaits nothing from the expert."""
    if not mine:
        return "未分配项目"
    if all(a.submitted for a in mine):
        return "评分包已交回并导入" if {a.source for a in mine} == {sc.PACKAGE} else "已提交"
    if not waiting:
        return "没有待评审的项目（分配的项目已结束评审或需回避），无需评分包"
    pending = [a for a in mine if a.project_id in waiting]
    submitted = sum(a.submitted for a in pending)
    if submitted == len(pending):
        return "评分包已交回并导入" if {a.source for a in pending} == {sc.PACKAGE} else "已提交"
    if any(a.source == sc.SCREEN and not a.submitted for a in pending):
        return "本机录入中（草稿）"
    if submitted:  # a package came back; projects assigned since are not in it
        return (f"已提交 {submitted} 项，{len(pending) - submitted} 项待交回："
                "新分配的项目请重新导出评分包")
    return "待交回"


def projects_cell(mine: list[ex.Assignment], waiting: set[int]) -> str:
    """The projects in the expert's package: ``5`` while scores are due, ``5（均已提交）``
    once every one is submitted (a bare 5 read as five still to score)."""
    pending = [a for a in mine if a.project_id in waiting]
    if pending and all(a.submitted for a in pending):
        return f"{len(pending)}（均已提交）"
    if not waiting and mine and all(a.submitted for a in mine):
        # the review over, its projects ranked: 0 beside 已提交 24 read as nothing scored
        return f"{len(mine)}（均已提交）"
    return str(len(waiting))


class PackagesTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = SearchRowsModel(("专家", "工作单位", "评审项目", "已提交", "情况"), self,
                                     right=(2, 3), sorted_on_load=False)
        self.table = list_view(self.model, sortable=True)
        self.table.setAccessibleName("评分包列表")
        copyable(self.table, ctx.notice.emit)
        EmptyHint(self.table, lambda: NO_EXPERTS + "，在“分配专家”中为其分配项目后，"
                                      "在这里为每位专家导出评分包")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        KeepSelection(self.table, self.model)
        self.export_all_button = QPushButton("导出全部评分包…")
        self.export_all_button.clicked.connect(lambda: self.ask_export(all_experts=True))
        self.export_button = QPushButton("导出所选专家的评分包…")
        self.export_button.clicked.connect(lambda: self.ask_export(all_experts=False))
        self.import_button = QPushButton("导入交回的评分包…")
        self.import_button.clicked.connect(self.ask_import)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setPlaceholderText("导出、导入的结果显示在这里；评分包被拒时逐条列出原因")
        self.log.setAccessibleName("评分包导出、导入结果")
        intro = QLabel(
            "每位专家一个 .xlsx：只能填写评分和评语，其他内容带签名，改动后不能导入。"
            "交回的评分包逐条核对年度、专家、固定内容和分数范围，全部无误才导入"
            "（导出后已结束评审的项目跳过并列出）；再次导入同一专家的评分包，改动其已提交评分的"
            "先询问是否替换；早于已导入评分包导出的旧包、导出后已在“评分录入”中提交过评分的，"
            "不导入。")
        intro.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.export_all_button, self.export_button, self.import_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.log, 1)

    def reload(self) -> None:
        from boostdesk.panel.package_projects import package_projects

        reg, year = self.ctx.reg, self.ctx.year
        done = ex.assignments(reg, year)
        panel = ex.experts(reg, year)
        known = ex.assignment_conflicts(reg, year)
        rows = []
        for e in panel:
            waiting = {p.id for p in package_projects(reg, year, e.id or 0, known=known)}
            mine = [a for a in done if a.expert_id == e.id]
            submitted = sum(a.submitted for a in mine)
            state = package_state(mine, waiting)
            rows.append(Row(e.name, cell_texts(e.name, e.organisation,
                                               projects_cell(mine, waiting), submitted, state)))
        self.model.set_rows(rows)
        writable = not self.ctx.read_only
        self.import_button.setEnabled(writable)
        self.export_button.setEnabled(writable and bool(panel))
        self.export_all_button.setEnabled(writable and bool(panel))

    def selected_names(self) -> list[str]:
        """The experts selected; none selected, the one the cursor is on (Tab into the
        list puts it on the first row unselected: 导出所选专家的评分包 said 请先选中)."""
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        current = self.table.currentIndex()
        if not rows and current.isValid():
            rows = [current.row()]
        return [self.model.text(r, 0) for r in rows]

    def ask_export(self, all_experts: bool) -> None:
        names = None if all_experts else self.selected_names()
        if names == []:
            self.log.appendPlainText("请先在表中选中专家（↑↓ 选择，Shift+↓ 或 Ctrl+点击 多选）")
            return
        folder = QFileDialog.getExistingDirectory(self, "评分包存放到",
                                                  str(start_folder(self.ctx.settings)))
        if folder:
            remember_folder(self.ctx.settings, folder)
            self.export_to(Path(folder), names)

    def export_to(self, folder: Path, names: list[str] | None) -> None:
        from boostdesk.panel.package_export import ExportResult, export_chosen
        from boostdesk.panel.package_format import SEND_NOTE

        year = self.ctx.year

        def work(reg: Any, progress: Any, cancelled: Any) -> ExportResult:
            # the chosen (or every) experts with nothing to score are named, not the
            # whole export refused
            return export_chosen(reg, year, folder, names, progress, cancelled)

        def done(result: ExportResult) -> None:
            paths = result.paths
            for p in paths:
                self.log.appendPlainText(f"已生成：{p}")
            if paths:
                self.log.appendPlainText(result.headline(folder))
                if line := result.unchecked_line():  # a studio with no 所在单位
                    self.log.appendPlainText(line)
                self.log.appendPlainText(SEND_NOTE)  # the packages' own notes say it too
            if task.is_cancelled() and result.chosen > len(paths):  # 取消 between experts
                self.log.appendPlainText(
                    f"已取消：其余 {result.chosen - len(paths)} 位专家的评分包未生成")
            elif task.is_cancelled() and not paths:
                self.log.appendPlainText("已取消，未生成评分包")
            self.ctx.changed.emit("panel")

        task = self.ctx.run_long("正在生成评分包…", work, done,
                                 on_error=lambda exc: self.log.appendPlainText(
                                     f"未能生成评分包：{error_text(exc)}"),
                                 with_register=True, parent=self)

    def ask_import(self) -> None:
        # what reviewers turn a package into too (另存为 .xls / .et / .ods / .csv, zipped),
        # so the file is found and its refusal says how to put it right
        files, _ = QFileDialog.getOpenFileNames(
            self, "选择交回的评分包", import_start(self.ctx.settings),
            "评分包 (*.xlsx *.xls *.et *.ods *.csv *.zip);;所有文件 (*)")
        if files:
            remember_import(self.ctx.settings, files[0])
            self.import_files([Path(f) for f in files])

    def import_files(self, files: list[Path], replace: bool = False) -> None:
        """Import the returned packages in the background; one that would replace scores
        an expert already submitted (a correction, or the package filled in by another
        expert) is asked about afterwards, default 不替换, and imported again if confirmed;
        one that may hold another expert's scores (its file named after another expert, or
        his scores repeated) likewise, default 不导入."""
        from boostdesk.models.register import RegisterError
        from boostdesk.panel.errors import PackageRefused, ReplaceRefused
        from boostdesk.panel.package_import import import_package
        from boostdesk.safety.backup import BackupCancelled

        year = self.ctx.year

        def work(reg: Any, progress: Any, cancelled: Any) -> list[tuple[Path, Any]]:
            out: list[tuple[Path, Any]] = []
            for n, f in enumerate(files):
                if cancelled():
                    break
                try:
                    # confirmed as asked: the question said what the file is (an
                    # earlier save of the package imported among them)
                    out.append((f, import_package(reg, f, year=year, cancelled=cancelled,
                                                  replace=replace, confirm_expert=replace,
                                                  replace_older=replace)))
                except BackupCancelled:  # during the backup of the scores it replaces
                    break
                except RegisterError as exc:
                    # one file refused (or its backup not written) is that file's: the
                    # ones stored before it are said, the ones after it still tried
                    out.append((f, exc))
                progress(n + 1, len(files))
            return out

        def done(results: list[tuple[Path, Any]]) -> None:
            asked = [(f, r) for f, r in results if isinstance(r, ReplaceRefused)]
            for f, r in results:
                if isinstance(r, ReplaceRefused):
                    continue  # asked below, once the rest is said
                if isinstance(r, PackageRefused):
                    self.log.appendPlainText(f"未导入 {f.name}：")
                    for reason in r.reasons:
                        self.log.appendPlainText(f"  - {reason}")
                elif isinstance(r, RegisterError):
                    self.log.appendPlainText(f"未导入 {f.name}：{error_text(r)}")
                else:
                    self.log.appendPlainText(r.headline(f.name))
                    for line in r.lines:
                        self.log.appendPlainText(f"  - {line}")
            if len(results) < len(files):  # 取消 between files: the rest never read
                self.log.appendPlainText("已取消：未导入 " + "、".join(
                    f.name for f in files[len(results):]))
            self.ctx.changed.emit("panel")
            if asked:  # once this task's signal has returned: a question box's own event
                # loop, opened inside it, let the task and its dialog be deleted under it
                QTimer.singleShot(0, self, lambda: self.ask_replace(asked))

        self.ctx.run_long("正在导入评分包…", work, done,
                          on_error=lambda exc: self.log.appendPlainText(
                              f"未能导入：{error_text(exc)}"),
                          with_register=True, parent=self)

    def ask_replace(self, asked: list[tuple[Path, Any]]) -> None:
        """Each package that would replace an expert's submitted scores asked about in turn;
        the ones confirmed imported again, replacing them; the others said as not imported."""
        confirmed = []
        for f, r in asked:
            if self.confirm_replace(f, r):
                confirmed.append(f)
                continue
            what = "未确认为该专家本人的评分" if r.doubted else "未确认替换"
            self.log.appendPlainText(f"未导入 {f.name}（{what}）：")
            for reason in r.reasons:
                self.log.appendPlainText(f"  - {reason}")
        if confirmed:
            self.import_files(confirmed, replace=True)

    def confirm_replace(self, file: Path, refused: Any) -> bool:
        """Whether the office replaces the expert's submitted scores with ``file``'s, told
        what it would change (the reasons name the file); 不替换 unless chosen. A package
        that may hold another expert's scores is asked about as such, 不导入 unless chosen."""
        if refused.doubted:
            from boostdesk.panel.package_doubts import question_tail

            return dialogs.ask_yes_no(
                self, "评分包可能不是该专家本人的评分", "\n\n".join(refused.reasons)
                + "\n\n" + question_tail(refused.expert), yes="仍然导入", no="不导入")
        if refused.older:  # the earlier save: its older scores back only on this word
            return dialogs.ask_yes_no(
                self, "以较早保存的一份替换专家已提交的评分？",
                "\n\n".join(refused.reasons)
                + f"\n\n本文件是同一评分包较早保存的一份，其中是较早的评分。仍以这份较早的评分"
                f"替换专家“{refused.expert}”已提交的评分吗？", yes="替换", no="不替换")
        return dialogs.ask_yes_no(
            self, "替换专家已提交的评分？",
            "\n\n".join(refused.reasons)
            + f"\n\n以本文件替换专家“{refused.expert}”已提交的评分吗？",
            yes="替换", no="不替换")
