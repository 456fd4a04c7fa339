"""A stack's least size set by the page in view only (the main window's screens, 专家评审's
tabs). Apart from small_screen.py, whose layouts and labels the first window does not use:
building their classes took ≈ 1.5 ms of the start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QSizePolicy

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStackedWidget, QTabWidget


def size_by_current_page(stack: QStackedWidget | QTabWidget) -> None:
    """Let only the page in view set ``stack``'s least size.

    Qt makes a stack as large as its largest page, built or shown once: the widest form
    (专家评审's 评审组与评分细则) would then hold every screen, and the window, wider and
    taller than a small laptop's screen. A page out of view has an ignored size policy."""

    def update(_index: int = -1) -> None:
        current = stack.currentWidget()
        for i in range(stack.count()):
            page = stack.widget(i)
            if page is None:
                continue
            policy = (QSizePolicy.Policy.Preferred if page is current
                      else QSizePolicy.Policy.Ignored)
            page.setSizePolicy(policy, policy)

    stack.currentChanged.connect(update)
    update()
