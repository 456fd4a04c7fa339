"""文件 → 导出年度归档…: the folder chosen, the year's archive made in it in the background
(progress and 取消, as every long export), as ``boostdesk archive`` makes it
(``year_archive``): a new folder 2022年度归档-YYYYMMDD, there only once whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from . import dialogs, seal_ui
from .context import AppContext

FEDERATION_SETTING = "print/federation_name"  # (as 打印's and 设置's)
CANCEL_LEAVES = "取消导出不会留下文件夹，也不写入修改记录。"


def export_archive(parent: QWidget, ctx: AppContext, folder: str | Path | None = None) -> Any:
    """Ask where (unless ``folder``: the archive's parent), check the seal the 审批表 are
    stamped with, then make the archive off the UI thread. Returns the task, or None."""
    from boostdesk.year_archive import ArchiveError, check_out, default_folder

    year = ctx.year
    if folder is None:
        from .export_folder import remember_folder, start_folder

        chosen = QFileDialog.getExistingDirectory(
            parent, f"导出 {year} 年度归档：选择存放的文件夹（将在其中新建“{year}年度归档-日期”）",
            str(start_folder(ctx.settings)))
        if not chosen:
            return None
        remember_folder(ctx.settings, chosen)
        folder = chosen
    out = default_folder(Path(folder), year)
    try:
        check_out(out)
    except ArchiveError as exc:
        dialogs.show_error(parent, "无法导出年度归档", str(exc))
        return None
    go, seal, why = seal_ui.seal_for_print(ctx, parent)  # a replaced seal asked about first
    if not go:
        dialogs.show_error(parent, "未导出年度归档", why.replace("未生成审批表", "未导出年度归档"))
        return None
    federation = str(ctx.settings.value(FEDERATION_SETTING) or "") or None
    operator = ctx.operator

    def work(reg: Any, progress: Any, cancelled: Any) -> Any:
        from boostdesk.year_archive import make_archive

        return make_archive(reg, year, out, operator=operator, federation=federation,
                            seal_path=seal, progress=progress, cancelled=cancelled)

    def done(made: Any) -> None:
        from boostdesk.year_archive import summary_lines

        lines = summary_lines(made)
        ctx.notice.emit(lines[0])
        ctx.when_free(lambda: dialogs.show_info(parent, "年度归档", "\n".join(lines)))

    return ctx.run_long(f"正在导出 {year} 年度归档…", work, done, with_register=True,
                        parent=parent, at_once=True, cancel_note=CANCEL_LEAVES)
