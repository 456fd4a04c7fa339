"""Qt's own pop-up menus, each entry with its own letter (删除(&D), 全选(&A)) as the menu
bar's have: a text field's, a text area's and a selectable label's, a date or number box's
and a scroll bar's. Qt's Chinese (qtbase_zh_CN, ``app.install_translations``) gave 删除 and
全选 no letter, a date box 全选(&S) beside 升高(&S), a scroll bar none at all: a keyboard-only
clerk had to arrow down to them.

The window's own pop-up menus (a list's 复制, 往年 ▾, 空白汇总表 ▾) carry their letters in
their texts; Qt's get theirs here, through the translator that already puts Qt's texts in
the window's words (no filter on every event, nothing before the first paint)."""

from __future__ import annotations

_TEXT = {  # a text field's, a text area's (QTextEdit, QPlainTextEdit) and a label's
    "&Undo": "撤销(&U)",
    "&Redo": "重做(&R)",
    "Cu&t": "剪切(&T)",
    "&Copy": "复制(&C)",
    "&Paste": "粘贴(&P)",
    "Delete": "删除(&D)",
    "Select All": "全选(&A)",
    "Copy &Link Location": "复制链接地址(&L)",
}
LETTERED: dict[str, dict[str, str]] = {
    "QLineEdit": _TEXT,
    "QWidgetTextControl": _TEXT,
    # below its field's entries, its own 全选 in place of the field's
    "QAbstractSpinBox": {"&Select All": "全选(&A)", "&Step up": "增大(&I)",
                         "Step &down": "减小(&E)"},
    "QScrollBar": {  # a right click on it
        "Scroll here": "滚动到此处(&H)",
        "Top": "顶端(&T)", "Bottom": "底端(&B)",
        "Page up": "向上翻页(&P)", "Page down": "向下翻页(&N)",
        "Scroll up": "向上滚动(&U)", "Scroll down": "向下滚动(&D)",
        "Left edge": "最左端(&L)", "Right edge": "最右端(&R)",
        "Page left": "向左翻页(&P)", "Page right": "向右翻页(&N)",
        "Scroll left": "向左滚动(&U)", "Scroll right": "向右滚动(&D)",
    },
}


def lettered(context: str, source: str) -> str:
    """Qt's text ``source`` of ``context`` (its class) as the window words it, lettered;
    "" for a text not of these menus."""
    return LETTERED.get(context, {}).get(source, "")
