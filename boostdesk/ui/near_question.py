"""The question before a union's or enterprise's name near a registered one is saved as a
new one (``boostdesk.near_names`` finds them): the entry forms and the studio dialog ask it.

Asked when the paper is saved, not as the field is left: a box that opened on Tab took
the next fields' typing of a clerk typing head-down from the paper, and her Tab and Enter
answered it. While typing, the hint beside the field names the registered one, and F4
puts it in (:func:`choose`). Enter takes the registered name when the typed one is a slip
(a mistyped union saved is a new one that lasts: in the 推荐单位 filter, the completer,
the payment lists); not when the typed name is a whole one inside or around a registered
name (near_names.enter_takes): Enter is 返回修改 then. 新建 is Alt+N, never Enter nor Tab
then Enter (dialogs.ask_or_back); Esc decides nothing: back in the field, asked again at
the next save. Typing into the box goes nowhere (dialogs.TypingGuard).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtWidgets import QWidget

from boostdesk import near_names
from boostdesk.near_names import Near

from . import dialogs


class Answer(Enum):
    USE = "use"  # the registered name chosen
    NEW = "new"  # a new union or enterprise indeed
    BACK = "back"  # back to the field (Esc): not decided, nothing saved


def ask(parent: QWidget | None, kind: str, typed: str,
        found: list[Near]) -> tuple[Answer, str]:
    """Ask about ``typed`` (a ``near_names.UNITS`` or ``ENTERPRISES`` name) and the
    registered names ``found`` near it: (USE, the name chosen), (NEW, typed) or (BACK, "").
    One near name: 用登记册中的 (Enter, when near_names.enter_takes, else Alt+Y only) /
    新建 (Alt+N) / 返回修改 (Esc); several: a list, the nearest first (chosen already when
    Enter may take it and the next is not as near: near_names.tied), 新建 last, 取消 (Esc). Esc decides nothing in either: a new union or enterprise
    lasts, and the clerk who pressed Esc to look at the paper again had not said it is one."""
    what = near_names.KIND_ZH[kind]
    title = f"是否为已登记的{what}？"
    takes = near_names.enter_takes(kind, typed, found[0])
    if len(found) == 1:
        # a whole name inside or around a registered one: the registered one said by Alt+Y
        # only (Tab then Enter took a stray one over the union typed right)
        said = dialogs.ask_or_back(parent, title, near_names.question(kind, typed, found[0]),
                                   yes=f"用登记册中的“{found[0].name}”", no=f"新建{what}",
                                   default_yes=True if takes else None,
                                   yes_key=None if takes else "Y")
        if said is None:
            return Answer.BACK, ""
        return (Answer.USE, found[0].name) if said else (Answer.NEW, typed)
    index = dialogs.ask_choice(parent, title, near_names.several(kind, typed),
                               near_names.choices(kind, typed, found), guarded=True,
                               preselect=takes and not near_names.tied(found))
    if index is None:
        return Answer.BACK, ""
    if index < len(found):
        return Answer.USE, found[index].name
    return Answer.NEW, typed


def choose(parent: QWidget | None, kind: str, typed: str, found: list[Near]) -> str | None:
    """F4 beside a near name: the registered one to put in (one: it, asked nothing; several:
    chosen from a list of them, Esc none). Said by the key, so not asked: the field shows
    the name put in, and the hint what was typed."""
    if len(found) == 1:
        return found[0].name
    index = dialogs.ask_choice(parent, f"改用已登记的{near_names.KIND_ZH[kind]}",
                               f"登记册中没有“{typed}”，改用以下哪一个？↑↓ 选择，Enter 确定，Esc 取消",
                               [f"{n.name}（{n.why}）" for n in found], guarded=True,
                               preselect=not near_names.tied(found))
    return None if index is None else found[index].name


def near(reg: Any, kind: str, typed: str, was: str = "") -> list[Near]:
    """The registered names near ``typed``, but ``was``: the name the field had, which the
    clerk changed it from on purpose (制适 corrected to 制造 is not offered 制适 back) —
    unless only form words, brackets or spaces tell them apart (SAME, FORM): then it is
    the same union or enterprise said another way, and saved as typed it becomes a second
    one beside the first and its other papers (北京海淀精工科技有限公司 retyped with 股份)."""
    return [n for n in near_names.near(reg, kind, typed)
            if n.name != was or n.how in (near_names.SAME, near_names.FORM)]


def settle(parent: QWidget | None, reg: Any, fields: list[tuple[Any, str, str]]) -> bool:
    """Ask about each (editor, kind, the name it had) whose name is near a registered
    one, putting the one chosen into its editor: False when the clerk went back to a
    field (focused)."""
    from boostdesk.validate import tidy_name

    for editor, kind, was in fields:
        typed = tidy_name(editor.value())
        found = near(reg, kind, typed, was)
        if not found:
            continue
        answer, name = ask(parent, kind, typed, found)
        if answer is Answer.BACK:
            editor.setFocus()
            return False
        if answer is Answer.USE:
            editor.set_value(name)
    return True
