"""Errors of the expert panel, worded for the user (Chinese)."""

from __future__ import annotations

from boostdesk.models.register import RegisterError


class PanelError(RegisterError):
    """A panel operation refused, with what is wrong and what to do."""


class PackageRefused(PanelError):
    """A scoring package that cannot be imported; nothing was stored.

    ``reasons`` lists every problem found (one line each); the message is the first
    few of them.
    """

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        shown = reasons[:8]
        more = f"\n……另有 {len(reasons) - len(shown)} 处问题" if len(reasons) > len(shown) else ""
        super().__init__("评分包未导入：\n" + "\n".join(shown) + more)
