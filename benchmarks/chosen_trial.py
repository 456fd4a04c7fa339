"""拨付 with every line chosen at scale: Ctrl+A, then a search typed and cleared, each of
which chooses the lines again (``keep_selection``) and has the buttons follow them.

    python benchmarks/chosen_trial.py [--apps N] [--cache DIR] [--lines N] [--times N]

In a fresh Python process on the large register, 拨付 built offscreen with its lines made
up to ``--lines`` (as ``run.py``'s ``lists`` figure makes them: the register's own, again
and again), its background folding let finish; then ``--times`` rounds of: the choice
cleared, Ctrl+A in the list, “北京” typed in the search box (the typing pause skipped),
the box cleared. Printed, the median seconds of each, to the window idle again:

    chosen_select_all S s  chosen_search S s  chosen_clear S s  # LINES lines
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def probe(db: str, lines: int, times: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from run import _made_up_lines

    from boostdesk.models import Register
    from boostdesk.ui import payments_screen
    from boostdesk.ui.context import AppContext

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    reg = Register.open(db, operator="基准")
    ctx = AppContext(reg, settings=settings)
    payments_screen.payment_lines = _made_up_lines(reg, ctx.year, lines)  # type: ignore[assignment]
    screen = payments_screen.PaymentsScreen(ctx)
    screen.resize(1366, 720)
    screen.show()
    while not screen.model.folded:
        app.processEvents()
    table, box = screen.table, screen.search.box
    table.setFocus()
    timings: dict[str, list[float]] = {"select_all": [], "search": [], "clear": []}

    def timed(name: str, act: object) -> None:
        start = time.perf_counter()
        act()  # type: ignore[operator]
        app.processEvents()
        timings[name].append(time.perf_counter() - start)

    for _ in range(times):
        table.clearSelection()
        app.processEvents()
        timed("select_all", lambda: QTest.keyClick(table, Qt.Key.Key_A,
                                                   Qt.KeyboardModifier.ControlModifier))
        timed("search", lambda: (box.setText("北京"), screen.search.flush()))
        timed("clear", lambda: (box.setText(""), screen.search.flush()))
    result = {k: statistics.median(v) for k, v in timings.items()}
    result["lines"] = screen.model.rowCount()
    result["chosen"] = len(screen.selected_ids())
    screen.close()
    reg.close()
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--apps", type=int, default=100_000)
    p.add_argument("--cache", type=Path, default=HERE / ".cache")
    p.add_argument("--lines", type=int, default=100_000)
    p.add_argument("--times", type=int, default=3)
    p.add_argument("--probe", nargs=3, metavar=("DB", "LINES", "TIMES"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.probe:
        db, lines, times = args.probe
        print(json.dumps(probe(db, int(lines), int(times))))
        sys.stdout.flush()
        os._exit(0)  # no teardown of the offscreen window: the figures are taken
    from generate import cached_register

    work = Path(tempfile.mkdtemp())
    db = work / "register.db"  # 拨付 brings its payment plan up to date: it writes
    shutil.copyfile(cached_register(args.apps, args.cache), db)
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    try:
        run = subprocess.run([sys.executable, __file__, "--probe", str(db), str(args.lines),
                              str(args.times)], capture_output=True, text=True, env=env,
                             timeout=1800)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if run.returncode:
        print(f"chosen_trial failed: {run.stderr[-500:]}", file=sys.stderr)
        return 1
    r = json.loads(run.stdout.strip().splitlines()[-1])
    print(f"chosen_select_all {r['select_all']:.2f} s  chosen_search {r['search']:.2f} s"
          f"  chosen_clear {r['clear']:.2f} s  # {r['lines']} lines, {r['chosen']} chosen")
    return 0


if __name__ == "__main__":
    sys.exit(main())
