"""The seal image as 设置 and 打印 handle it: read from the register (this computer's setting
from before recorded there on first reading), chosen or cleared as an undoable, audited
write, and checked before each print of the 审批表 — a file replaced since it was chosen is
printed only when the operator confirms it (:mod:`boostdesk.seal_choice`)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QWidget

from boostdesk import seal_choice
from boostdesk.seal_choice import SealChoice

from . import dialogs
from .context import AppContext

log = logging.getLogger("boostdesk.ui")

CHANGED = "seal"  # what AppContext.changed announces after a seal write


def _local(ctx: AppContext) -> str | None:
    value = ctx.settings.value(seal_choice.LEGACY_SETTING)
    return str(value) if value else None


def register_seal(ctx: AppContext) -> SealChoice | None:
    """The register's seal; this computer's old setting recorded first where it has none
    (a failure to record it is logged, and the seal read as it is)."""
    try:
        return seal_choice.adopt_local(ctx.reg, _local(ctx))
    except Exception:  # noqa: BLE001 - reading the seal must not stop a screen opening
        log.exception("recording this computer's seal setting in the register failed")
        return seal_choice.current(ctx.reg)


def seal_text(ctx: AppContext) -> str:
    """One line on the seal the sheets carry, for a label."""
    choice = register_seal(ctx)
    note = seal_choice.unrecorded_note(ctx.reg, _local(ctx))
    if note:
        return note
    if choice is None or choice.specimen:
        return "样章（尚未提供印章扫描件）"
    state = seal_choice.check(choice).state  # said before the sheets are asked for
    warning = {"replaced": "；文件已被替换，生成审批表时须确认",
               "missing": "；找不到该文件，请在“设置”中重新选择"}.get(state, "")
    return f"印章扫描件：{Path(choice.path).name}（{choice.said()} 选定{warning}）"


def choose(ctx: AppContext, parent: QWidget | None, path: str) -> bool:
    """Record ``path`` ("" : the specimen) as the register's seal: refused with the reason
    (an unreadable image, a read-only register), else written, undoable."""
    if path:
        from boostdesk.printing.seal import SealImageError, load_seal_image

        try:
            load_seal_image(path)
        except SealImageError as exc:
            dialogs.show_error(parent, "不能使用这个图片", str(exc))
            return False
    before = register_seal(ctx)
    done: list[SealChoice] = []

    def do() -> SealChoice:
        done.append(seal_choice.choose(ctx.reg, path))
        return done[-1]

    label = "更换审批表的印章图片" if path else "改为审批表印样章"
    result = ctx.write(label, do, changed=CHANGED, parent=parent, title="未能更改印章图片",
                       undo=lambda: seal_choice.put_back(ctx.reg, before),
                       redo=lambda: seal_choice.put_back(ctx.reg, done[-1]))
    return result.ok


def seal_for_print(ctx: AppContext, parent: QWidget | None) -> tuple[bool, str | None, str]:
    """Before the 审批表 are made: (go on, the seal file or None for the specimen, why not).
    A file replaced since it was chosen is asked about: confirmed, it is recorded as the
    seal (by this operator, in the trail); else nothing is made. A file gone is said."""
    choice = register_seal(ctx)
    found = seal_choice.check(choice)
    if found.state == "missing":
        dialogs.show_error(parent, "找不到印章图片", found.message())
        return False, None, "未生成审批表：找不到印章图片，请在“设置”中重新选择"
    if found.state != "replaced":
        return True, found.path, ""
    if ctx.read_only:
        dialogs.show_error(parent, "印章图片已被替换", f"{found.message()}。\n\n"
                           f"{getattr(ctx.reg, 'read_only_message', '登记册只读')}，不能确认采用"
                           "新文件：请在可写的窗口中打印，或核对后在“设置”中重新选择印章图片。")
        return False, None, "未生成审批表：印章图片已被替换，登记册只读，不能确认采用"
    if not dialogs.ask_yes_no(
            parent, "印章图片已被替换",
            f"{found.message()}。\n\n审批表是财务凭证：请先打开该图片，核对它确是本单位的印章。"
            f"确认采用，将以操作人“{ctx.operator}”记入修改记录（原文件与现文件的 SHA-256），"
            "此后的审批表都印这个图片；不确认则不生成审批表。",
            yes="核对无误，采用并生成", no="取消"):
        return False, None, "未生成审批表：印章图片已被替换，未确认采用"
    done: list[SealChoice] = []

    def accept() -> SealChoice:
        done.append(seal_choice.accept_replaced(ctx.reg, found))
        return done[-1]

    result = ctx.write("确认采用被替换的印章图片", accept, changed=CHANGED, parent=parent,
                       title="未能确认印章图片",
                       undo=lambda: seal_choice.put_back(ctx.reg, choice),
                       redo=lambda: seal_choice.put_back(ctx.reg, done[-1]))
    return (True, found.path, "") if result.ok else (False, None, "未生成审批表：未能确认印章图片")
