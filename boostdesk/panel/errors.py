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


class ReplaceRefused(PackageRefused):
    """A package that would replace scores the expert already submitted with different
    ones, or an earlier save of a package already imported: nothing stored unless the
    office confirms it (``panel import --replace``; the window asks). ``reasons`` say what
    replacing would change; ``expert`` whose scores they are. ``doubted``: the package may
    hold another expert's scores (:mod:`.package_doubts`), stored only once the office
    confirms they are ``expert``'s (``--confirm-expert``); ``replacing``: it would replace
    submitted scores (``--replace``); ``older``: it is an earlier save of a package already
    imported, whose older scores only ``--replace-with-older`` (the window's question
    saying so) takes — ``--replace`` is given for a late correction, not for this."""

    def __init__(self, reasons: list[str], expert: str, *, doubted: bool = False,
                 replacing: bool = True, older: bool = False):
        self.expert = expert
        self.doubted = doubted
        self.replacing = replacing
        self.older = older
        super().__init__(reasons)


def lines_text(bad: list[tuple[int, str]]) -> str:
    """The wrong lines of a list (line number, why), each reason said once after the lines
    it is said of, in the order first met: “第 3–42 行：¥20,000.00 不是 2014 年度计划的助推
    档次…”. A list of 40 lines with one wrong tier repeated the same long advice 40 times:
    a message box taller than the screen, the line that differed lost among them."""
    by_reason: dict[str, list[int]] = {}
    for line, why in bad:
        by_reason.setdefault(why, []).append(line)
    return "\n".join(f"第 {line_ranges(lines)} 行：{why}" for why, lines in by_reason.items())


def line_ranges(lines: list[int]) -> str:
    """3、5、7–9: the line numbers, a run of consecutive ones as its first–last."""
    runs: list[list[int]] = []
    for n in sorted(set(lines)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)
