"""A line in the middle of an empty list: what the list is for and what to do next.

A new office's screens were blank grids with no word on how anything gets into them. The
hint is a label over the view's viewport, shown while the model has no rows; its text is
asked of the screen each time (the reason a list is empty changes: nothing registered yet,
or nothing found by the search)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel

from .theme import MUTED_COLOUR, themed


class EmptyHint(QLabel):
    def __init__(self, view: QAbstractItemView, text: Callable[[], str]) -> None:
        super().__init__(view.viewport())
        self.setObjectName("empty_hint")
        self.view = view
        self.text_of = text
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(f"color: {themed(MUTED_COLOUR)}; padding: 24px")
        self._model: object = None
        view.viewport().installEventFilter(self)
        self.hide()
        self.refresh()

    def refresh(self) -> None:
        """Shown, with the screen's text, while the view has no rows; hidden otherwise."""
        model = self.view.model()
        if model is not self._model:  # a view given another model follows that one
            self._model = model
            if model is not None:
                for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                               model.layoutChanged):
                    signal.connect(self.refresh)
        text = self.text_of() if model is None or model.rowCount() == 0 else ""
        self.setText(text)
        self.setVisible(bool(text))
        self.setGeometry(self.view.viewport().rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.view.viewport().rect())
        elif event.type() in (QEvent.Type.Show, QEvent.Type.Paint) and \
                self.view.model() is not self._model:
            # a screen may make its hint before giving the view its model: a view has no
            # signal for that, and the hint would stay over the rows the model brings
            self.refresh()
        return False
