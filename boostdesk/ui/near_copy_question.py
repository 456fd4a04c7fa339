"""The window's question on papers with an uncleared near-copy 提示 (near_copy_notes), and
its way to clear a false alarm (near_clearing) without a command line.

改变状态, 资格审核's 通过 and 结束公示 ask 仍要… / 确认不是同一人… / 取消: the second asks
the reason and records what `correct people-distinct` records; the question is then asked
again of what is left, and once nothing is, the decision goes on. The paper's context menu
and the detail pane's 提示 reach :func:`clear_from_paper` the same way.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from boostdesk.near_clearing import BUTTON, PEOPLE, TITLES, WHO, NearPair, clear_near_pair, pairs_of
from boostdesk.near_copy_notes import near_notes

from . import dialogs

_KEYS = {"people": "D", "titles": "T"}  # 确认不是同一人(&D)… / 确认不是同一项目(&T)…


def button(kind: str) -> str:
    """确认不是同一人(&D)…: its Alt letter before the dots."""
    return BUTTON[kind].replace("…", f"(&{_KEYS[kind]})…")


def confirmed(parent: QWidget, ctx: Any, stream: str, app_ids: list[int], target: str,
              question: str, yes: str, yes_key: str) -> bool:
    """True when the decision to ``target`` may go on: no uncleared near-copy 提示 among
    ``app_ids`` (or none left once cleared here), or ``yes`` chosen; 取消 the default."""
    while True:
        note = near_notes(ctx.reg, stream, app_ids, target)
        if not note:
            return True
        pairs = [p for i in app_ids for p in pairs_of(ctx.reg, stream, i)]
        kinds = list(dict.fromkeys(p.kind for p in pairs))
        answers = [f"{yes}(&{yes_key})", *(button(k) for k in kinds), "取消(&C)"]
        chosen = dialogs.ask_buttons(parent, "可能是近似重复申报", f"{note}\n\n{question}",
                                     answers, cancel=len(answers) - 1, guarded=True)
        if chosen == 0:
            return True
        if chosen == len(answers) - 1:
            return False
        if not clear(parent, ctx, [p for p in pairs if p.kind == kinds[chosen - 1]]):
            return False


# what a 依据 may say, by kind (a project is no person: its 申报书 are compared)
EXAMPLE = {PEOPLE: "核对身份证复印件确为两人", TITLES: "核对两份申报书，研究内容和成果不同"}


def clear(parent: QWidget, ctx: Any, pairs: list[NearPair]) -> bool:
    """One of ``pairs`` chosen (when several), its reason asked, and cleared as the command
    line clears it: True once recorded."""
    if not pairs:
        return False
    pair = pairs[0]
    if len(pairs) > 1:
        at = dialogs.ask_choice(parent, BUTTON[pair.kind].removesuffix("…"),
                                "确认哪两份申报不是同一" + WHO[pair.kind] + "：",
                                [p.named for p in pairs])
        if at is None:
            return False
        pair = pairs[at]
    title = BUTTON[pair.kind].removesuffix("…")
    label = (f"确认{pair.named}不是同一{WHO[pair.kind]}。\n"
             f"核对的依据（记入两份申报的修改记录，如：{EXAMPLE[pair.kind]}）：")
    reason: str | None = ""
    while not (reason := dialogs.ask_text(parent, title, label, reason or "")) or not reason.strip():
        if reason is None:  # 取消: nothing recorded, as the clerk chose
            return False
        # an empty 依据 is not a silent no: the pair would stay marked on 拨付 unexplained
        dialogs.show_info(parent, title, "请填写核对的依据（如何确认不是同一"
                          f"{WHO[pair.kind]}），才能记录；不记录请按“取消”。")
    result = ctx.write(f"确认{pair.named}为不同的{WHO[pair.kind]}",
                       lambda: clear_near_pair(ctx.reg, pair, reason), changed="all",
                       parent=parent, title="未能确认",
                       label_of=lambda said: str(said).removeprefix("已"))
    return bool(result.ok)


def clear_from_paper(parent: QWidget, ctx: Any, stream: str, app_id: int) -> bool:
    """The paper's own way (its context menu, the detail pane's 提示): its pairs, or why
    there is nothing to clear, said."""
    pairs = pairs_of(ctx.reg, stream, app_id)
    if not pairs:
        dialogs.show_info(parent, "近似重复申报", "此申报没有待核对的近似重复提示（可能…为同一人、"
                          "项目名称…相近）")
        return False
    return clear(parent, ctx, pairs)
