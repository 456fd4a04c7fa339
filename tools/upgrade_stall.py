"""How long the window cannot repaint while it starts on a register an older BoostDesk left.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. .venv/bin/python tools/upgrade_stall.py \
        --apps 60000 [--version 6] [--runs 2]

Generates a register of ``--apps`` applications (benchmarks/generate.py), makes it look as
schema ``--version`` left it (tests/test_migrations.py ``as_version``), then starts
``boostdesk gui`` on a fresh copy ``--runs`` times with a 10 ms QTimer heartbeat on the UI
thread, and prints a JSON line a run: seconds from the first paint until the first screen
is shown, the longest gaps between beats until the register is handed to the window (the
upgrade), and the longest after it (building the first screen, as at every start).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]


def aged(folder: Path, apps: int, version: int) -> Path:
    import generate
    from test_migrations import as_version

    path = folder / "old.db"
    generate.generate_register(path, apps)
    conn = sqlite3.connect(path)
    as_version(conn, version)
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    return path


def one_start(old: Path, folder: Path) -> dict[str, object]:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from boostdesk.ui import dialogs, launch

    db = Path(shutil.copy(old, folder / "register.db"))
    os.environ["BOOSTDESK_DATA"] = str(folder / "data")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "cfg"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    dialogs.show_info = dialogs.show_error = lambda *_a, **_k: None
    beats: list[float] = []
    at: dict[str, float] = {}
    begin, opened = launch.Opening.begin, launch.Opening._opened

    def timed_begin(self) -> None:  # noqa: ANN001
        at["painted"] = time.perf_counter()
        begin(self)

    def timed_opened(self, result) -> None:  # noqa: ANN001
        at["handed"] = time.perf_counter()
        opened(self, result)

    launch.Opening.begin, launch.Opening._opened = timed_begin, timed_opened  # type: ignore[method-assign]

    def on_application(app: QApplication) -> None:
        QSettings().setValue("operator/name", "测量员")
        timer = QTimer(app)
        timer.setInterval(10)

        def beat() -> None:
            beats.append(time.perf_counter())
            window = next((w for w in app.topLevelWidgets()
                           if w.objectName() == "main_window" and w.isVisible()), None)
            if window is not None and window.ctx is not None and 0 in window.screens \
                    and "ready" not in at:
                at["ready"] = beats[-1]
                QTimer.singleShot(200, window.close)

        timer.timeout.connect(beat)
        timer.start()

    try:
        launch.run(db, on_application=on_application)
    finally:
        launch.Opening.begin, launch.Opening._opened = begin, opened  # type: ignore[method-assign]
    marks = [at["painted"], *(b for b in beats if at["painted"] < b <= at["ready"]), at["ready"]]
    gaps = list(zip(marks, marks[1:], strict=False))
    during = sorted((b - a for a, b in gaps if b <= at["handed"]), reverse=True)
    after = sorted((b - a for a, b in gaps if b > at["handed"]), reverse=True)
    return {"painted_to_ready_s": round(at["ready"] - at["painted"], 2),
            "upgrade_longest_ms": [round(g * 1000) for g in during[:3]],
            "first_screen_longest_ms": [round(g * 1000) for g in after[:1]]}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--apps", type=int, default=60_000)
    p.add_argument("--version", type=int, default=6, help="the older schema (6 to 11)")
    p.add_argument("--runs", type=int, default=1)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="upgrade-stall-") as tmp:
        old = aged(Path(tmp), args.apps, args.version)
        for run in range(args.runs):
            folder = Path(tmp) / f"run{run}"
            folder.mkdir()
            print(json.dumps({"apps": args.apps, "version": args.version,
                              **one_start(old, folder)}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
