"""Cold-start probes for benchmarks/run.py, each run in a fresh process:

    python benchmarks/probe_start.py app LAUNCHED DB   # `boostdesk gui --db DB`
    python benchmarks/probe_start.py bare LAUNCHED     # a bare PySide6 main window

Both quit once their main window has painted for the first time and print one JSON
line: ``shown`` (seconds from LAUNCHED, the runner's ``time.time()`` just before
it started this process) and ``peak_mb``. Nothing but ``sys`` and ``time`` is
imported before the window shows, so the probe adds nothing to either start.
"""

import sys
import time


def first_paint_filter(on_painted):  # noqa: ANN001, ANN201 - PySide6 imported late on purpose
    """An application event filter calling ``on_painted`` once the first paint pass of a
    QMainWindow is over."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow, QWidget

    class Watch(QObject):
        done = False

        def eventFilter(self, obj, event):  # noqa: ANN001, ANN202, N802 - Qt's signature
            if (not self.done and event.type() == QEvent.Type.Paint
                    and isinstance(obj, QWidget) and isinstance(obj.window(), QMainWindow)):
                self.done = True
                QTimer.singleShot(0, on_painted)  # after the whole paint pass
            return False

    return Watch()


def peak_mb() -> float:
    """This process's own peak resident memory (VmHWM; ru_maxrss would include the parent's)."""
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

    def painted() -> None:
        from PySide6.QtWidgets import QApplication

        shown.append(time.time() - launched)
        QApplication.quit()

    if kind == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(sys.argv[:1])
        watch = first_paint_filter(painted)
        app.installEventFilter(watch)
        window = QMainWindow()
        window.show()
        app.exec()
    else:
        import boostdesk.ui.app as ui_app

        make = ui_app.make_application
        watches = []

        def make_watched(argv=None):  # noqa: ANN001, ANN202
            app = make(argv)
            watches.append(first_paint_filter(painted))
            app.installEventFilter(watches[-1])
            return app

        ui_app.make_application = make_watched
        ui_app.run(sys.argv[3])
    if not shown:
        print("the main window never painted", file=sys.stderr)
        return 1
    import json

    print(json.dumps({"shown": shown[0], "peak_mb": peak_mb()}), flush=True)
    import os

    os._exit(0)  # no teardown: PySide6 now and then crashes freeing Qt objects at exit


if __name__ == "__main__":
    sys.exit(main())
