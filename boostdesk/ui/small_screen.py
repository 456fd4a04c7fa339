"""Fitting a laptop's small screen (1280×720 at 150 % leaves a window about 840×420)."""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QTabWidget, QWidget


def size_by_current_page(stack: QStackedWidget | QTabWidget) -> None:
    """Let only the page in view set ``stack``'s least size.

    Qt makes a stack as large as its largest page, built or shown once: the widest form
    (专家评审's 评审组与评分细则) would then hold every screen, and the window, wider and
    taller than a small laptop's screen. A page out of view has an ignored size policy."""

    def update(_index: int = -1) -> None:
        current = stack.currentWidget()
        for i in range(stack.count()):
            page = stack.widget(i)
            policy = (QSizePolicy.Policy.Preferred if page is current
                      else QSizePolicy.Policy.Ignored)
            page.setSizePolicy(policy, policy)

    stack.currentChanged.connect(update)
    update()


def fit_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to width×height, or to what its screen leaves for it and its
    title bar (1280×720 at 125 % is 1024×576 for Qt)."""
    screen = widget.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - 40)
        height = min(height, room.height() - 60)
    widget.resize(width, height)
