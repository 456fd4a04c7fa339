"""The window on a dark palette (Windows' dark mode) and a high-contrast one (black, white
and yellow), as some clerks run it: every coloured text and tinted row on the demo register
keeps a contrast of 4.5:1 (WCAG AA) with what is behind it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from test_ui_support import answers, ctx, qsettings  # noqa: F401

from boostdesk.demo import fill_demo

R = QPalette.ColorRole
DARK = {R.Window: "#202020", R.WindowText: "#ffffff", R.Base: "#191919",
        R.AlternateBase: "#2b2b2b", R.Text: "#ffffff", R.Button: "#2d2d2d",
        R.ButtonText: "#ffffff", R.Highlight: "#0078d4", R.HighlightedText: "#ffffff",
        R.ToolTipBase: "#2b2b2b", R.ToolTipText: "#ffffff", R.PlaceholderText: "#9d9d9d"}
HIGH_CONTRAST = {R.Window: "#000000", R.WindowText: "#ffffff", R.Base: "#000000",
                 R.AlternateBase: "#000000", R.Text: "#ffffff", R.Button: "#000000",
                 R.ButtonText: "#ffffff", R.Highlight: "#1aebff", R.HighlightedText: "#000000",
                 R.ToolTipBase: "#000000", R.ToolTipText: "#ffffff",
                 R.PlaceholderText: "#ffff00"}
# Windows 11's light contrast theme (沙漠): dark text on a cream window.
DESERT = {R.Window: "#fffaef", R.WindowText: "#3d3d3d", R.Base: "#fffaef",
          R.AlternateBase: "#fffaef", R.Text: "#3d3d3d", R.Button: "#fffaef",
          R.ButtonText: "#3d3d3d", R.Highlight: "#903909", R.HighlightedText: "#fff5e3",
          R.ToolTipBase: "#fffaef", R.ToolTipText: "#3d3d3d", R.PlaceholderText: "#676767"}
PALETTES = {"dark": DARK, "high-contrast": HIGH_CONTRAST, "high-contrast-light": DESERT}
AA = 4.5


def luminance(colour: QColor) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green())
            + 0.0722 * channel(colour.blue()))


def contrast(a: Any, b: Any) -> float:
    high, low = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(params=list(PALETTES))
def palette(request: Any, qapp: Any) -> Iterator[QPalette]:
    before = QPalette(qapp.palette())
    p = QPalette(before)
    for role, colour in PALETTES[request.param].items():
        p.setColor(role, QColor(colour))
    qapp.setPalette(p)
    yield p
    qapp.setPalette(before)


@pytest.fixture
def demo_window(palette: QPalette, ctx: Any, qtbot: Any) -> Any:  # noqa: F811
    """The window built after the palette is set, as Qt does on a dark-mode Windows."""
    from boostdesk.ui.main_window import SCREENS, MainWindow

    fill_demo(ctx.reg)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.screens_shown = []
    for i in range(len(SCREENS)):
        window.screens_shown.append(window.show_screen(i))
    return window


def widgets(root: QWidget) -> list[QWidget]:
    """``root`` and its children, each tab of a tab widget shown in turn."""
    found = [root, *root.findChildren(QWidget)]
    for tabs in root.findChildren(QTabWidget):
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            QApplication.processEvents()
            found += [tabs.widget(i), *tabs.widget(i).findChildren(QWidget)]
    return list({id(w): w for w in found}.values())


def unreadable_cells(view: QAbstractItemView, palette: QPalette) -> list[str]:
    model = view.model()
    if model is None:
        return []
    bad = []
    for row in range(min(model.rowCount(), 40)):
        for col in range(model.columnCount()):
            index = model.index(row, col)
            if not model.data(index, Qt.ItemDataRole.DisplayRole):
                continue
            fg = model.data(index, Qt.ItemDataRole.ForegroundRole) or palette.color(R.Text)
            bg = model.data(index, Qt.ItemDataRole.BackgroundRole) or palette.color(R.Base)
            fg = fg.color() if hasattr(fg, "color") else fg
            bg = bg.color() if hasattr(bg, "color") else bg
            if contrast(fg, bg) < AA:
                bad.append(f"{view.objectName() or type(view).__name__} 行{row} 列{col} "
                           f"{QColor(fg).name()} 于 {QColor(bg).name()}：{contrast(fg, bg):.2f}")
    return bad


def unreadable_texts(root: QWidget, palette: QPalette) -> list[str]:
    """Colours written into labels' and text panes' HTML and style sheets, against the
    background they are shown on."""
    bad = []
    for w in widgets(root):
        texts = [w.styleSheet()]
        if isinstance(w, QLabel):
            texts.append(w.text())
        elif isinstance(w, QTextEdit):
            texts.append(w.toHtml())
        behind = palette.color(R.Base if isinstance(w, QTextEdit) else R.Window)
        for text in texts:
            for colour in re.findall(r"(?<![-\w])color\s*:\s*(#[0-9a-fA-F]{3,6})", text or ""):
                if "background" in text and "white" in text:
                    continue  # the read-only badge: white on its own red
                if contrast(colour, behind) < AA:
                    plain = re.sub(r"<[^>]+>|\s+", " ", text)[-40:]
                    bad.append(f"{type(w).__name__} {colour}：{contrast(colour, behind):.2f} «{plain}»")
    return bad


def test_every_list_is_readable_on_a_dark_palette(demo_window: Any, palette: QPalette) -> None:
    bad = []
    for screen in demo_window.screens_shown:
        for view in [w for w in widgets(screen)
                     if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView)]:
            bad += unreadable_cells(view, palette)
    assert not bad, "\n".join(bad[:20])


def test_coloured_notes_are_readable_on_a_dark_palette(demo_window: Any,
                                                       palette: QPalette) -> None:
    bad = []
    for screen in demo_window.screens_shown:
        bad += unreadable_texts(screen, palette)
    bad += unreadable_texts(demo_window, palette)
    assert not bad, "\n".join(sorted(set(bad))[:20])


def test_entry_forms_and_the_import_preview_are_readable_on_a_dark_palette(
        demo_window: Any, palette: QPalette, tmp_path: Any) -> None:
    from boostdesk.io.importer import read_table
    from boostdesk.ui.screenshots import _summary_sheet

    patents = demo_window.show_screen(0)
    form = patents.new_item()
    form.editor("patent_number_raw").setText("ZL202110123456.8")  # a wrong check digit
    form.editor("title").setText("一种焊缝缺陷的超声检测方法")
    form.recheck()
    bad = unreadable_texts(form, palette)
    invalid = form.editor("patent_number_raw").styleSheet()
    behind = re.search(r"background:\s*(#[0-9a-fA-F]{3,6})", invalid)
    assert behind, invalid
    if contrast(palette.color(R.Text), behind.group(1)) < AA:
        bad.append(f"专利号 marked wrong: text on {behind.group(1)}")
    form.reject()
    projects = demo_window.show_screen(1)
    form = projects.new_item()
    form.recheck()
    bad += unreadable_texts(form, palette)
    form.reject()
    dialog = patents.import_table()
    path = _summary_sheet(demo_window.ctx, tmp_path / "汇总表.xlsx")
    dialog.path.setText(str(path))
    dialog.show_preview(read_table(path, demo_window.ctx.year))
    bad += unreadable_texts(dialog, palette) + unreadable_cells(dialog.table, palette)
    dialog.reject()
    assert not bad, "\n".join(bad[:20])


def system_font(points: float) -> Any:
    from PySide6.QtGui import QFont

    font = QFont("Segoe UI")
    font.setPointSizeF(points)
    return font


@pytest.fixture
def larger_system_text(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[float]:
    """Windows' 文本大小 at 150 %: the system font Qt reads is 13.5 pt instead of 9."""
    from PySide6.QtGui import QFont, QFontDatabase

    from boostdesk.ui import app as ui_app

    before = QFont(qapp.font())
    monkeypatch.setattr(ui_app, "SYSTEM_POINT_SIZE", 9.0, raising=False)
    monkeypatch.setattr(QFontDatabase, "systemFont", staticmethod(lambda _which: system_font(13.5)))
    ui_app.load_fonts(qapp)
    yield 1.5
    qapp.setFont(before)


def test_the_window_grows_its_text_with_the_systems(larger_system_text: float, qapp: Any,
                                                     ctx: Any, qtbot: Any) -> None:  # noqa: F811
    """An older reviewer raises Windows' text size: the shipped face is drawn that much
    larger, and the form's verdict and heading stay larger than the text around them."""
    from boostdesk.ui.app import FONT_POINT_SIZE
    from boostdesk.ui.main_window import MainWindow

    assert qapp.font().pointSizeF() == pytest.approx(FONT_POINT_SIZE * larger_system_text)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    form = window.show_screen(0).new_item()
    form.recheck()
    sizes = [float(x) for x in re.findall(r"font-size:\s*([\d.]+)pt", form.verdict_label.text())]
    assert sizes and min(sizes) > qapp.font().pointSizeF(), form.verdict_label.text()
    form.reject()


def test_the_shipped_size_stays_at_the_systems_usual_text(qapp: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QFontDatabase

    from boostdesk.ui import app as ui_app

    monkeypatch.setattr(ui_app, "SYSTEM_POINT_SIZE", 9.0, raising=False)
    monkeypatch.setattr(QFontDatabase, "systemFont", staticmethod(lambda _which: system_font(9)))
    assert ui_app.point_size() == ui_app.FONT_POINT_SIZE
