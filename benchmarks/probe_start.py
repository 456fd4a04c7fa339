"""Cold-start probes for benchmarks/run.py, each run in a fresh process:

    python benchmarks/probe_start.py app LAUNCHED DB   # `boostdesk gui --db DB`
    python benchmarks/probe_start.py bare LAUNCHED     # a bare PySide6 main window

Both print one JSON line with ``shown``: seconds from LAUNCHED (the runner's
``time.time()`` just before it started this process) to the end of the main window's
first paint, and ``peak_mb``. The bare window quits there; the app goes on to
``ready``, the end of the first paint of its register table with rows in it (the
window shows first and builds the screen in view just after), then quits. Nothing
but ``sys`` and ``time`` is imported before the application starts, so the probe
adds nothing to either start.
"""

import sys
import time


def first_paint_filter(on_painted, on_table=None):  # noqa: ANN001, ANN201 - PySide6 late on purpose
    """An application event filter calling ``on_painted`` once the first paint pass of a
    QMainWindow is over, and ``on_table`` once a table view showing rows has painted.

    The table watch starts after ``on_painted`` has taken its time, and imports QTableView
    only then: building that class (≈ 1 ms) and looking at every paint before the window's
    time is taken would be the probe's cost counted as the app's."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow, QWidget

    class Watch(QObject):
        done = False
        table_armed = False
        table_done = on_table is None

        def painted(self):  # noqa: ANN202
            on_painted()
            if on_table is not None:
                from PySide6.QtWidgets import QApplication

                QApplication.instance().installEventFilter(self)  # the table comes later
                self.table_armed = True

        def eventFilter(self, obj, event):  # noqa: ANN001, ANN202, N802 - Qt's signature
            if event.type() != QEvent.Type.Paint or not isinstance(obj, QWidget):
                return False
            if not self.done and isinstance(obj.window(), QMainWindow):
                self.done = True
                QTimer.singleShot(0, self.painted)  # after the whole paint pass
            if self.table_armed and not self.table_done:
                from PySide6.QtWidgets import QTableView

                view = obj.parent()  # a table's rows are painted on its viewport
                if (isinstance(view, QTableView) and view.model() is not None
                        and view.model().rowCount() > 0):
                    self.table_done = True
                    QTimer.singleShot(0, on_table)
            return False

        def install(self, app):  # noqa: ANN001, ANN202
            """Watch the main window itself, not the application nor its children. A top-level
            window is painted first in its paint pass (its background, then its children,
            all at once), so its own Paint starts the pass timed. An application-wide Python
            filter converted every object an event reached, and the first of Qt's private
            classes converted (the QAnimationTimer of the app's busy bar) made PySide6
            build ≈ 150 of its classes (≈ 60 ms): a cost of the probe, paid only by a window
            with an animation. Filtering every child converted each (≈ 10 ms) as well."""
            for top in app.topLevelWidgets():
                if isinstance(top, QMainWindow):
                    top.installEventFilter(self)

    return Watch()


def peak_mb() -> float:
    """This process's own peak resident memory (VmHWM; ru_maxrss would include the parent's).

    The same as run.py's ``_peak_mb``, written again on purpose: importing run.py here (its
    argparse, json, subprocess…) would raise the very peak being read by ≈ 5 MB."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for text in fh:
                if text.startswith("VmHWM:"):
                    return int(text.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    kind, launched = sys.argv[1], float(sys.argv[2])
    shown: list[float] = []
    ready: list[float] = []

    def painted() -> None:
        shown.append(time.time() - launched)
        if kind == "bare":
            from PySide6.QtWidgets import QApplication

            QApplication.quit()

    def table_painted() -> None:
        from PySide6.QtWidgets import QApplication

        ready.append(time.time() - launched)
        QApplication.quit()

    # The paint watch is installed when the event loop starts, after the window was built
    # and shown: an application-wide Python event filter is called for every event, and
    # while widgets are built that is thousands of calls (≈ 25 ms for the app's window),
    # which would time the probe, not the start. Painting happens in the event loop, so
    # the first paint is still seen (were it missed, a later paint would be timed: a
    # slower figure, never a faster one).
    if kind == "bare":
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(sys.argv[:1])
        watch = first_paint_filter(painted)
        QTimer.singleShot(0, lambda: watch.install(app))
        window = QMainWindow()
        window.show()
        app.exec()
    else:
        from boostdesk.ui.launch import run  # what `boostdesk gui` runs

        watches = []

        def watch(app):  # noqa: ANN001, ANN202
            from PySide6.QtCore import QTimer

            watches.append(first_paint_filter(painted, table_painted))
            QTimer.singleShot(0, lambda: watches[-1].install(app))

        run(sys.argv[3], on_application=watch)
    if not shown or (kind != "bare" and not ready):
        print("the main window or its table never painted", file=sys.stderr)
        return 1
    import json

    result = {"shown": shown[0], "peak_mb": peak_mb()}
    if ready:
        result["ready"] = ready[0]
    print(json.dumps(result), flush=True)
    import os

    os._exit(0)  # no teardown: PySide6 now and then crashes freeing Qt objects at exit


if __name__ == "__main__":
    sys.exit(main())
