"""The 专利助推 list's reload after a worker wrote (an import of a union's table, a status
move of a few papers on a register whose backup is slow), with the worker's journal handed
over to the window's connection and without (``journal.mark`` switched off: as before).

    python benchmarks/handover_trial.py [--apps N] [--rows 200] [--runs 5] [--sort person]

On a copy of the large register (100,000 applications; the timed processes never open the
cached one), each way in a fresh process, taking turns (without, with, without, with). Each
process imports ``--rows`` new papers ``--runs`` times through ``AppContext.run_long`` (as the
import dialog stores them) and moves 3 papers as Ctrl+M does, timing the list's reload after
each and counting its full reads of the search texts; printed, one line a process:

    MODE import_ms MEDIAN key_reads N move_ms MEDIAN key_reads N

(``move_ms n/a`` on a register with no paper a batch may move: the small one of the tests.)

(The import's own time, its backup of the 140 MB register, is not timed: it is the worker's.)
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
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # the summary table fixtures


def _table(path: Path, run: int, rows: int) -> Path:
    from fixtures.summary_sheets import (  # type: ignore[import-not-found]
        PATENT_HEADERS,
        patent_no,
        patent_row,
        resident_id,
        write_sheet,
    )

    return write_sheet(path, [PATENT_HEADERS] + [
        patent_row(序号=i + 1, 专利号=patent_no(f"2021109{run}{i:04d}"),
                   第一发明人="测试" + chr(0x4E00 + run * 1000 + i % 1000),
                   身份证号=resident_id(f"11010219900{1 + run}{1 + i % 28:02d}{i // 28:03d}"),
                   专利名称=f"一种交接测量装置{run}-{i}")
        for i in range(rows)])


def probe(db: str, work: str, mode: str, rows: int, runs: int, sort: str) -> dict[str, Any]:
    import run as bench
    from PySide6.QtCore import QSettings, Qt

    from boostdesk.io.importer import read_table
    from boostdesk.models import Register, journal
    from boostdesk.ui import context, operations, search_keys
    from boostdesk.ui.app import make_application
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.register_screen import PatentScreen

    app = make_application([])
    bench._no_waiting_dialogs()
    context.BACKGROUND_BYTES = 0  # any register's moves in the background, as 100,000's
    if mode == "without":
        journal.mark = lambda _conn: None  # type: ignore[assignment] # no journal: as before
    reg = Register.open(db, operator="基准")
    ctx = AppContext(reg, settings=QSettings(str(Path(work) / "s.ini"),
                                             QSettings.Format.IniFormat))
    screen = PatentScreen(ctx)
    screen.resize(1366, 720)
    screen.show()
    app.processEvents()
    if sort != "id":
        column = [c.key for c in screen.spec.columns].index(sort)
        screen.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        app.processEvents()
    reads: list[int] = []
    real = search_keys.read_keys

    def counted(*args: Any) -> Any:
        reads.append(1)
        return real(*args)

    search_keys.read_keys = counted  # type: ignore[assignment]
    reloads: list[float] = []
    reload = screen._reload_all

    def timed() -> None:
        start = time.perf_counter()
        reload()
        reloads.append(time.perf_counter() - start)

    screen._in_view._reload = timed  # what ctx.changed makes the screen in view do

    def until(done: list[Any]) -> None:
        while not done:
            app.processEvents()
            time.sleep(0.005)
        app.processEvents()

    out: dict[str, Any] = {"import": [], "import_reads": 0, "move": [], "move_reads": 0}
    for run in range(runs):
        preview = read_table(_table(Path(work) / f"t{run}.xlsx", run, rows), ctx.year)

        def store(worker: Any, progress: Any, cancelled: Any, preview: Any = preview) -> Any:
            from boostdesk.io.import_commit import commit

            return commit(worker, preview, True, progress=progress, cancelled=cancelled)

        done: list[Any] = []

        def stored(ids: Any, done: list[Any] = done) -> None:  # as the import dialog's done
            done.append(ids)
            ctx.changed.emit("patent")

        reloads.clear()
        reads.clear()
        ctx.run_long("正在导入", store, stored, with_register=True)
        until(done)
        out["import"].append(sum(reloads))
        out["import_reads"] += len(reads)
    chosen = [r[0] for r in reg.conn.execute(
        "SELECT id FROM patent_applications WHERE campaign_id = (SELECT id FROM campaigns"
        " WHERE year = ?) AND status = 'registered' AND eligible = 1"
        " AND coalesce(incomplete, 0) = 0 ORDER BY id LIMIT ?", (ctx.year, 3 * runs))]
    for run in range(runs if len(chosen) == 3 * runs else 0):  # (a small register: none)
        moved: list[Any] = []
        reloads.clear()
        reads.clear()
        operations.move_statuses(ctx, "patent", chosen[3 * run:3 * run + 3], "qualified",
                                 late_reason="基准", on_done=moved.append)  # (a late one)
        until(moved)
        if not moved[0].ok:
            raise SystemExit(f"the move failed: {moved[0]}")
        out["move"].append(sum(reloads))
        out["move_reads"] += len(reads)
    screen.close()
    ctx.shutdown()
    reg.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--apps", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sort", default="id", help="the list's sort column (person, title…)")
    parser.add_argument("--cache", type=Path, default=HERE / ".cache")
    parser.add_argument("--probe", nargs=2, metavar=("DB", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        db, mode = args.probe
        print(json.dumps(probe(db, str(Path(db).parent), mode, args.rows, args.runs,
                               args.sort)))
        return 0
    import generate

    source = generate.cached_register(args.apps, args.cache)
    for mode in ("without", "with", "without", "with"):
        with tempfile.TemporaryDirectory() as work:
            db = Path(work) / "register.db"
            shutil.copyfile(source, db)  # the cached register is never opened itself
            env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM",
                                                                    "offscreen"),
                   # this checkout's code, not the one the environment was installed from
                   "PYTHONPATH": os.pathsep.join(filter(None, [
                       str(HERE.parent), os.environ.get("PYTHONPATH")]))}
            found = subprocess.run(
                [sys.executable, __file__, "--probe", str(db), mode, "--rows", str(args.rows),
                 "--runs", str(args.runs), "--sort", args.sort],
                env=env, capture_output=True, text=True, check=False)
            if found.returncode:
                print(found.stdout + found.stderr, file=sys.stderr)
                return 1
            got = json.loads(found.stdout.strip().splitlines()[-1])
            moves = (f"{statistics.median(got['move']) * 1000:.0f} key_reads"
                     f" {got['move_reads']}" if got["move"] else "n/a (no papers to move)")
            print(f"{mode:8} import_ms {statistics.median(got['import']) * 1000:.0f}"
                  f" key_reads {got['import_reads']} move_ms {moves}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
