"""导出评审汇总表… (专家评审 → 排名与档次, its button or Ctrl+E): the save dialog in the
folder of the last export, the PDF to sign or the workbook to check (the kind last written
offered first; Ctrl+E, 导出当前列表（xlsx）, the workbook), then the table written in the
background as ``boostdesk panel summary --out`` writes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from .context import EXPORT_CANCEL_LEAVES, AppContext
from .export_folder import export_start, kept_format, remember_export, remember_format

SUMMARY_FORMAT_KEY = "export/panel_summary_format"
FILTERS = ("PDF 文件（供签字）(*.pdf)", "Excel 工作簿 (*.xlsx)")
BUTTON_TEXT = "导出评审汇总表…"  # no Alt letter: its key is Ctrl+E (Alt+H is 帮助)
TIP = ("各专家对每个项目的评分（回避、未交注明，去掉的最高分和最低分加括号）、得分、平均分、"
       "标准差（总体）、排名和档次，以及回避登记、评分包交回情况和签字栏：PDF 供评审组长和专家"
       "签字，xlsx 供核对（Ctrl+E）")


def ask_path(parent: QWidget, ctx: AppContext, xlsx_first: bool = False) -> str:
    """The file to write, or "" when the dialog was closed."""
    settings = ctx.settings
    kept = FILTERS[1] if xlsx_first else kept_format(settings, SUMMARY_FORMAT_KEY, FILTERS)
    suffix = ".xlsx" if "xlsx" in kept else ".pdf"
    path, chosen = QFileDialog.getSaveFileName(
        parent, "导出评审汇总表", export_start(settings, f"{ctx.year}年度专家评审汇总表{suffix}"),
        ";;".join(FILTERS), kept)
    if not path:
        return ""
    if not path.lower().endswith((".pdf", ".xlsx")):
        path += ".xlsx" if "xlsx" in (chosen or kept) else ".pdf"
    remember_export(settings, path)
    remember_format(settings, SUMMARY_FORMAT_KEY, FILTERS, path)
    return path


def export_summary(parent: QWidget, ctx: AppContext, path: str | None = None,
                   xlsx_first: bool = False) -> Any:
    """Ask where (unless ``path``), then write the year's table there in the background;
    the status bar says where it went. Returns the task, or None when nothing was asked."""
    chosen = path or ask_path(parent, ctx, xlsx_first)
    if not chosen:
        return None
    year, operator = ctx.year, ctx.operator

    def work(reg: Any, _progress: Any, cancelled: Any) -> tuple[int, int, str]:
        from boostdesk.io.errors import ExportCancelled
        from boostdesk.io.export_panel_summary import write_panel_summary
        from boostdesk.panel.recusals import count_text
        from boostdesk.panel.score_summary import panel_summary

        summary = panel_summary(reg, year, operator)
        if cancelled():
            raise ExportCancelled("已取消导出评审汇总表，未生成文件")
        write_panel_summary(Path(chosen), summary)
        return len(summary.rows), len(summary.experts), count_text(summary.recusals)

    def done(result: tuple[int, int, str]) -> None:
        rows, experts, recused = result
        ctx.notice.emit(f"已导出 {year} 年度专家评审汇总表（{rows} 个项目，{experts} 位专家，"
                        f"{recused}）：{chosen}")

    return ctx.run_long("正在导出评审汇总表…", work, done, with_register=True, parent=parent,
                        cancel_note=EXPORT_CANCEL_LEAVES)
