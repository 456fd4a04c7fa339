"""Ctrl+C on the 专利助推 list at scale: how long the window stands still, and the memory
the copy takes (``boostdesk.ui.copy_rows``), to set ``MAX_ROWS_COPIED``.

    python benchmarks/copy_trial.py [--apps N] [--cache DIR] [--rows 1000,20000,all]

Each count of rows is copied in a fresh Python process, on the large register (about four
patents to one project: ``--apps 125000`` gives a list of 100,000 patents): the screen
built offscreen, the rows selected (``all``: Ctrl+A, every row found), then Ctrl+C pressed
with the limit lifted. Printed, one line a count:

    copy_ROWS SECONDS s memory MB text CHARS html CHARS

``memory`` is the process's peak resident size after the copy less its size just before
(what Python and Qt held at once: the rows' texts, the text and HTML made of them, and
Qt's copies of those).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _memory_mb(field: str) -> float:
    """``VmRSS`` or ``VmHWM`` of this process in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def probe(db: str, rows: str) -> dict:
    """One copy in this process: ``rows`` rows selected (``all``: Ctrl+A) and Ctrl+C."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from boostdesk.models import Register
    from boostdesk.ui import copy_rows
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.register_screen import PatentScreen

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    reg = Register.open(db, operator="基准")
    ctx = AppContext(reg, year=max(reg.campaign_years()), settings=settings)
    said: list[str] = []
    ctx.notice.connect(said.append)
    screen = PatentScreen(ctx)
    screen.resize(1400, 800)
    screen.show()
    app.processEvents()
    copy_rows.MAX_ROWS_COPIED = 10**9  # the trial measures what the limit keeps away
    copy_rows.SLICED_FROM = 10**9  # the whole copy in the key press: its cost, not a slice's
    table, model = screen.table, screen.model
    table.setFocus()
    if rows == "all":
        QTest.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    else:
        n = min(int(rows), model.total - 1)
        model.row_of(model.ids[n])  # fetched, as Shift+PgDn would: one row more than chosen
        table.selectionModel().select(
            QItemSelection(model.index(0, 0), model.index(n - 1, model.columnCount() - 1)),
            QItemSelectionModel.SelectionFlag.ClearAndSelect)
    before = _memory_mb("VmRSS")
    start = time.perf_counter()
    QTest.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    seconds = time.perf_counter() - start
    peak = _memory_mb("VmHWM")
    mime = QApplication.clipboard().mimeData()
    result = {"seconds": seconds, "memory_mb": max(peak - before, 0.0), "said": said[-1],
              "text": len(mime.text()), "html": len(mime.html()),
              "lines": mime.text().count("\n") + 1}
    screen.close()
    reg.close()
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--apps", type=int, default=125_000)
    p.add_argument("--cache", type=Path, default=HERE / ".cache")
    p.add_argument("--rows", default="1000,20000,50000,all")
    p.add_argument("--probe", nargs=2, metavar=("DB", "ROWS"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.probe:
        print(json.dumps(probe(*args.probe), ensure_ascii=False))
        sys.stdout.flush()
        os._exit(0)  # no teardown of the offscreen window: the figure is taken
    from generate import cached_register

    db = cached_register(args.apps, args.cache)
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    for rows in args.rows.split(","):
        run = subprocess.run([sys.executable, __file__, "--probe", str(db), rows],
                             capture_output=True, text=True, env=env, timeout=900)
        if run.returncode:
            print(f"copy_{rows} failed: {run.stderr[-500:]}", file=sys.stderr)
            return 1
        r = json.loads(run.stdout.strip().splitlines()[-1])
        print(f"copy_{rows} {r['seconds']:.2f} s memory {r['memory_mb']:.0f} MB"
              f" text {r['text']} html {r['html']}  # {r['lines']} lines; {r['said']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
